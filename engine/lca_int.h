/* SPDX-License-Identifier: MIT */
/* lca_int.h: internal helpers shared by liblca's modules (not API). */
#ifndef LCA_INT_H
#define LCA_INT_H

#include <math.h>
#include <stddef.h>

#include "lca/lca.h"

/* Copies src into dst of size n, always NUL-terminating (truncates). */
void lca__strlcpy(char *dst, const char *src, size_t n);
/* Lowercases and drops everything but letters and digits: "A100 SXM4-80GB"
 * -> "a100sxm480gb".  Returns dst. */
char *lca__normalize(char *dst, size_t n, const char *src);
/* Levenshtein distance, capped at 64. */
int lca__edit_distance(const char *a, const char *b);
/* The lowest and highest positive figure the catalog holds of what:
 * "grid" (gCO2e/kWh, every region) or "tdp" (W, every accelerator); NaN
 * when it holds none.  0 or LCA_EDB. */
int lca__catalog_span(lca_catalog *cat, const char *what, double *lo,
		      double *hi, lca_error *err);
/* snprintf that never fails the caller: truncates. */
void lca__fmt(char *dst, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A short number in %g style with up to 'sig' significant digits. */
void lca__num(char *dst, size_t n, double v, int sig);
/* A 128-bit FNV-style hash (not cryptographic: duplicate detection and
 * long record keys): st starts as LCA__HASH_INIT, takes bytes with
 * lca__hash_more, and lca__hash_hex writes it as 32 hex digits. */
#define LCA__HASH_INIT                                       \
	{                                                    \
		0xcbf29ce484222325ULL, 0x84222325cbf29ce4ULL \
	}
void lca__hash_more(unsigned long long st[2], const void *p, size_t n);
void lca__hash_hex(const unsigned long long st[2], char *out, size_t n);
/* The hash of n bytes at p in one call. */
void lca__hash(const void *p, size_t n, char *out, size_t outn);
/* Reads a whole file (cap: max bytes); *out is malloc'd, NUL-terminated. */
int lca__read_file(const char *path, size_t max, char **out, size_t *len,
		   lca_error *err);

/* Creates the folders above a file path (mkdir -p of its dirname);
 * a failure is left for the open that follows to report. */
void lca__mkdir_parents(const char *path);
/* A database path: $env, else $XDG_DATA_HOME/lca/FILE, else
 * ~/.local/share/lca/FILE, else ./lca-FILE. */
void lca__data_path(char *out, size_t n, const char *env, const char *file);

/* The datasets folder of an installed liblca or lca, found from the file
 * the running code was loaded from (prefix.c); 1 and the path in out, or 0
 * when the code does not run from an install. */
int lca__installed_datasets(char *out, size_t n);

/*
 * lca plan's cost core, for tests and the fuzzer: intensities a[0, len),
 * a job of d hours, a start window of w hours or a pause-resume window of
 * m hours, for strategy (enum lca_plan_strategy).  cost[s] (intensity x
 * hours) for every submission s < *p = len - *h + 1, and run[0, *h) the
 * first submission's hours.  cost and run hold len values.
 */
int lca__plan_costs(const double *a, long len, double d, long w, long m,
		    int strategy, double *cost, double *run, long *p, long *h);

/*
 * Feeds the file at path through libcsv (csv_init options) in 64 KiB
 * blocks, calling on_field and on_row with ud.  The callbacks stop it by
 * setting *stop to an error code (their own, already in err), and count
 * rows in *row (for "path: line N" in libcsv's errors).  text_only: a NUL
 * byte is an error.  0, *stop, or LCA_EIO / LCA_EDATA / LCA_ENOMEM.
 */
int lca__csv_file(const char *path, int options,
		  void (*on_field)(void *, size_t, void *),
		  void (*on_row)(int, void *), void *ud, const int *stop,
		  const long *row, int text_only, lca_error *err);

/* The grid zone a region sits in, for hourly series; NULL if none. */
const char *lca__region_zone(const lca_region *reg);

/* The catalog's SQLite connection (sqlite3 *): private to the library
 * (series, plan and the memo share it); callers use lca_catalog_list_render
 * and the lookups. */
void *lca_catalog_db(lca_catalog *cat);

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

/* Every accelerator row (the dataset's and the user's), ordered by id, in
 * an array the caller frees with free(); *n gets the count. */
int lca__catalog_accels(lca_catalog *cat, lca_accel **out, int *n,
			lca_error *err);

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
	LCA_MEMO_SERIES
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

#define LCA_NAN ((double)NAN)

/*
 * A row of the fitted MFU model (datasets/mfu_model.csv, written by
 * datasets/tools/fit_mfu.py): term "model" (key: the chosen model),
 * "median" (key: "*", a family, "dense" or "moe"), "log_sd", "fp8".
 * key NULL takes the term's first row.  0, LCA_ENOTFOUND (no such row;
 * err untouched) or LCA_EDB (the catalog could not be read).
 */
typedef struct lca__mfu_model_row {
	char key[64];
	double value; /* NaN when empty */
	int n;	      /* runs behind the value */
	char source[1024];
} lca__mfu_model_row;
int lca__mfu_row(lca_catalog *cat, const char *term, const char *key,
		 lca__mfu_model_row *out, lca_error *err);

/*
 * The default MFU for a job, from the fitted model (models/
 * model_training.c, the one place that reads it): family is the
 * accelerator's, moe 1 when active < total parameters, fp8 1 for a job
 * at the fp8 peak (published fp8 runs, never the bf16 fit).  log_sd is
 * the chosen model's leave-one-out log residuals.  0, LCA_EDATA (the
 * model file lacks a row, or names a model this engine does not know) or
 * LCA_EDB, all in err.
 */
typedef struct lca__mfu_default {
	double mfu, log_sd;
	int n; /* runs behind mfu */
	char model[64];
	char source[1400]; /* where mfu came from */
	char spread[1100]; /* where log_sd came from */
} lca__mfu_default;
int lca__mfu_default_get(lca_catalog *cat, const char *family, int moe, int fp8,
			 lca__mfu_default *out, lca_error *err);

/* n bytes, zero on first touch, mapped apart and on 2 MiB huge pages where
 * the kernel offers them (bigbuf.c: fewer page faults for buffers of a
 * megabyte and more); NULL when out of memory.  Free with lca__big_free
 * (NULL-safe), never free(). */
void *lca__big_alloc(size_t n);
void lca__big_free(void *p);

/* Before 2000-01-01 UTC: a log of relative seconds, not calendar times;
 * from 10000-01-01 on: not a time ISO 8601 can write (unix seconds). */
#define LCA__CALENDAR_T0 946684800.0
#define LCA__CALENDAR_T1 253402300800.0

/* slurm.c: adds from's node rows (and those nodes' devices) to into, a
 * row of the same node replacing into's, and sets into's figures to its
 * nodes' sums (a Slurm job on several nodes is one run). */
struct lca_run;
void lca__run_merge_nodes(struct lca_run *into, const struct lca_run *from);

#endif
