/* SPDX-License-Identifier: MIT */
/* catalog_store.h: the catalog's store, private to liblca: its SQLite
 * connection and statement cache, the memo of its lookups, and the one CSV
 * row reader its loaders (datasets, grid series, equivalents) read files
 * with.  Modules that run SQL on the catalog include this; nothing else
 * sees the connection. */
#ifndef LCA_CATALOG_STORE_H
#define LCA_CATALOG_STORE_H

#include "lca_int.h"

/* The catalog handle (catalog.c opens and closes it; catalog_store.c holds
 * its statement cache and errors). */
struct lca__memo;
struct lca_catalog {
	struct sqlite3 *db;
	char path[1024];
	char datasets[1024];
	char version[32];
	/* prepared lookups, reused for the life of the handle: parsing SQL
	 * was half of a whole `lca estimate` (tests/bench/bench.sh) */
	struct {
		const char *sql;
		struct sqlite3_stmt *st;
	} cache[40];
	int ncache;
	struct lca__memo *memo; /* rows read once per handle (memo.c) */
	/* what opening had to do that the user should hear of (a damaged
	 * file rebuilt), or "" */
	char notice[640];
	int hurt;	      /* a failed rebuild met a damaged file */
	char fingerprint[32]; /* of datasets/ when the handle opened */
	/* set when the memo beside the database answered at open (catalog.c):
	 * opens db the first time SQL is needed (lca__catalog_sql) */
	int (*open_lazy)(lca_catalog *cat);
};

/* SQLite's last error on db says the file itself is damaged. */
struct sqlite3;
int lca__catalog_damaged(struct sqlite3 *db);
/* An error naming the catalog file, with the way out for a damaged one
 * ("...; lca catalog build rebuilds it").  Returns LCA_EDB. */
int lca__catalog_error(lca_error *err, struct sqlite3 *db, const char *where,
		       const char *msg);

/* The catalog's SQLite connection (sqlite3 *): private to the library
 * (series, plan and the memo share it); callers use lca_catalog_list_render
 * and the lookups. */
void *lca_catalog_db(lca_catalog *cat);
/* The connection, opened now if the handle's memo answered at open (a
 * whole `lca estimate` answered from the memo opens no SQLite at all);
 * NULL when it cannot be opened.  lca_catalog_db and lca__stmt use it. */
struct sqlite3 *lca__catalog_sql(lca_catalog *cat);
/* The connection if it is open, else NULL: the memo asks this, so that
 * checking the memo opens nothing. */
void *lca__catalog_db_now(lca_catalog *cat);

/* A cached prepared statement of the catalog's (sqlite3_stmt *). */
struct sqlite3_stmt;
struct sqlite3_stmt *lca__stmt(lca_catalog *cat, const char *sql);
/*
 * Steps a catalog read: 1 for a row, 0 when there are no more, else
 * LCA_EDB in err (may be NULL) with SQLite's message and the lookup named:
 * "catalog '/x/catalog.db': database is locked (pue lookup)".  A lookup whose
 * step fails (busy, locked, i/o) must report this, never LCA_ENOTFOUND.
 */
int lca__step_row(lca_catalog *cat, struct sqlite3_stmt *st, const char *what,
		  lca_error *err);
/* The same error for a statement that could not be prepared (lca__stmt
 * returned NULL).  Returns LCA_EDB. */
int lca__lookup_error(lca_catalog *cat, const char *what, lca_error *err);

/*
 * The catalog handle's memo of lookups (engine/memo.c): a lookup builds a
 * key (its kind, then its arguments), asks lca__memo_get and, on a miss,
 * runs its SQL and hands the answer to lca__memo_put.  Answers are
 * forgotten when the database changes (any process's commit).  Errors
 * other than "not found"/"malformed" (LCA_EDB, LCA_ENOMEM) are never kept.
 */
typedef struct lca__key {
	unsigned char b[512];
	size_t n;
	int ok; /* 0 when the arguments did not fit: not memoised */
} lca__key;
enum lca__memo_kind {
	LCA_MEMO_ACCEL = 1,
	LCA_MEMO_REGION,
	LCA_MEMO_PUE,
	LCA_MEMO_CPU,
	LCA_MEMO_NODE,
	LCA_MEMO_FACTOR,
	LCA_MEMO_FACTOR_NEAREST,
	LCA_MEMO_MFU,
	LCA_MEMO_DIST,
	LCA_MEMO_SERIES,
	LCA_MEMO_SERIES_LIST, /* every series' row, in list order */
	LCA_MEMO_SAMPLES      /* a series' samples blob, checked */
};
struct lca__memo;
void lca__key_init(lca__key *k, int kind);
void lca__key_str(lca__key *k, const char *s); /* NULL allowed */
void lca__key_num(lca__key *k, double x);
/* 1 on a hit: out (size bytes) and *rc are the remembered answer, err
 * (if not NULL) its error when *rc != 0.  0 on a miss. */
int lca__memo_get(lca_catalog *cat, const lca__key *k, void *out, size_t size,
		  int *rc, lca_error *err);
void lca__memo_put(lca_catalog *cat, const lca__key *k, const void *val,
		   size_t size, int rc, const lca_error *err);
/* A hit's answer in place, whatever its size: its bytes (*size of them),
 * valid until the next memo call on cat; NULL on a miss (or an answer
 * that is an error).  Answers over LCA_MEMO_LARGE bytes are kept, up to
 * LCA_MEMO_LARGE_MAX in all, after the others in the memo file, and read
 * from it only when one is asked for. */
#define LCA_MEMO_LARGE	   (16 << 10)
#define LCA_MEMO_LARGE_MAX (4 << 20)
const void *lca__memo_peek(lca_catalog *cat, const lca__key *k, size_t *size);
/* At catalog open: 1 when the memo written beside the database by an
 * earlier handle still holds (same database state, same datasets
 * fingerprint); it is loaded and version gets the catalog version.  At
 * free: writes it there if it learnt anything (best effort). */
int lca__memo_load(lca_catalog *cat, const char *fingerprint, char *version,
		   size_t vlen);
void lca__memo_save(lca_catalog *cat, const char *fingerprint,
		    const char *version);
/* Around one computation (on = 1, then 0): the database's stamp is read
 * once at its first lookup, not at every lookup (a read of the file's
 * header, a system call when SQLite has not mapped the file). */
void lca__memo_hold(lca_catalog *cat, int on);
/* The handle's memo slot (catalog.c) and its release (memo.c). */
struct lca__memo **lca__catalog_memo(lca_catalog *cat);
void lca__memo_free(struct lca__memo *memo);

/*
 * The CSV row reader (csv.c): libcsv with strict quoting, read in 64 KiB
 * blocks (a NUL byte is an error: a field is never cut short).  The first
 * row is the header: fn_header (may be NULL) sees it in header/ncols; fn_row
 * sees each row after it, its fields NUL-terminated in field/n (valid
 * during the call only).  A callback stops the read by returning an error
 * code it set in err.  0, that code, or LCA_EIO / LCA_EDATA ("path: line
 * N" for malformed csv) / LCA_ENOMEM.
 */
#define LCA__CSV_MAX_COLS 64
typedef struct lca__csv_row {
	const char *path;
	long line; /* the row's number, the header's is 1 */
	char *const *field;
	int n;
	char *const *header;
	int ncols;
	lca_error *err; /* the reader's: where a callback puts its error */
} lca__csv_row;
enum {
	LCA__CSV_SAME_WIDTH = 1, /* a row not as wide as the header: error */
	LCA__CSV_SKIP_BLANK = 2, /* a blank line is no row */
	LCA__CSV_NOT_EMPTY = 4	 /* a file without a header: error */
};
int lca__csv_each(const char *path, int flags,
		  int (*fn_header)(const lca__csv_row *r, void *ud),
		  int (*fn_row)(const lca__csv_row *r, void *ud), void *ud,
		  lca_error *err);
/* The column of the header named name, or -1. */
int lca__csv_col(const lca__csv_row *r, const char *name);

#endif
