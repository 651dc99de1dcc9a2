/* SPDX-License-Identifier: MIT */
/* ledger_store.h: the ledger's store interface (internal to liblca).
 *
 * A store holds the ledger's tables (runs, run_devices, run_tags,
 * assumptions, samples, files) and knows its SQL engine: how to open and
 * migrate, run a statement, take the write lock.  What the tables mean
 * (which columns a run has, how a run is put by its key, how its devices,
 * tags and assumptions are read back) is written once, in ledger.c, over
 * this interface.  Two stores implement it: SQLite (ledger_sqlite.c) and
 * PostgreSQL (ledger_pg.c, libpq loaded by dlopen).
 *
 * SQL given to query() is written once for both engines: parameters are
 * $1, $2, ... (SQLite takes them as ?1, ?2, ...), and only syntax both
 * share (INSERT ... ON CONFLICT, RETURNING) is used.
 */
#ifndef LCA_LEDGER_STORE_H
#define LCA_LEDGER_STORE_H

#include "lca/ledger.h"

/* A statement's parameters, typed (SQLite binds them as they are,
 * PostgreSQL as text).  A NaN number and a NULL string are SQL NULL. */
enum { LCA__ARG_NULL, LCA__ARG_INT, LCA__ARG_NUM, LCA__ARG_STR };
#define LCA__MAX_ARGS 32
typedef struct lca__args {
	struct {
		int type;
		long long i;
		double d;
		const char *s; /* borrowed: lives until the query returns */
	} a[LCA__MAX_ARGS];
	int n;
} lca__args;

void lca__arg_int(lca__args *p, long long v);
void lca__arg_num(lca__args *p, double v);
void lca__arg_str(lca__args *p, const char *s);

/* One result row, handed to a query's callback; read it with the store's
 * num/i64/text (valid during the callback only). */
typedef struct lca__row lca__row;
typedef struct lca__store lca__store;

typedef struct lca__store_ops {
	const char *name; /* "sqlite", "postgresql" */
	/* Runs sql with args (may be NULL); fn (may be NULL) is called with
	 * each row it returns and stops the walk with a non-zero return.
	 * 0 or LCA_EDB with the engine's message in err. */
	int (*query)(lca__store *s, const char *sql, const lca__args *args,
		     int (*fn)(const lca__row *row, void *ud), void *ud,
		     lca_error *err);
	/* A column of a row: NaN, 0 or NULL for SQL NULL. */
	double (*num)(const lca__row *row, int col);
	long long (*i64)(const lca__row *row, int col);
	const char *(*text)(const lca__row *row, int col);
	/* Takes the write lock, waiting at most wait_s seconds (< 0: the
	 * store's own patience, retries included): 0 when begun, 1 when
	 * another writer held it all along, else a negative error code. */
	int (*begin)(lca__store *s, double wait_s, lca_error *err);
	int (*commit)(lca__store *s, lca_error *err);
	void (*rollback)(lca__store *s);
	/* Moves the runs of one spool file (a small SQLite ledger) into the
	 * store, *moved counting them; NULL: the generic copy by keys
	 * (lca_ledger_copy) does it. */
	int (*flush_file)(lca__store *s, const char *path, int *moved,
			  lca_error *err);
	void (*close)(lca__store *s);
	/* Dialect: the column that keeps a run's devices in their order, and
	 * the statement that writes one ($1 run id, $2 its position, $3..$10
	 * device, kind, samples, first, last, energy_j, gaps, gap_s). */
	const char *device_order;
	const char *device_insert;
} lca__store_ops;

/*
 * Opens a store: *ops and *out, the schema version in *schema, path
 * rewritten where needed for messages (a URL's password hidden).  0 or an
 * error code with err set (nothing to free then).
 */
int lca__sqlite_open(const lca__store_ops **ops, lca__store **out,
		     const char *path, int *schema, lca_error *err);
/* 1 when path names a PostgreSQL ledger (postgresql:// or postgres://). */
int lca__pg_is_url(const char *path);
int lca__pg_open(const lca__store_ops **ops, lca__store **out, char *path,
		 size_t npath, int *schema, lca_error *err);

/* A query on a ledger's store, for modules above it (profile loading). */
int lca__ledger_query(lca_ledger *l, const char *sql, const lca__args *args,
		      int (*fn)(const lca__row *row, void *ud), void *ud,
		      lca_error *err);
double lca__ledger_num(const lca_ledger *l, const lca__row *row, int col);
/* Moves a spool file's runs into l by its store's own means: 0 or an
 * error code, or 1 when the store has none (copy them by their keys). */
int lca__ledger_flush_file(lca_ledger *l, const char *path, int *moved,
			   lca_error *err);

/* Wall-clock unix seconds (a row's "created", "added"). */
double lca__now_s(void);

/* Sets a run's exit_state (lca slurm epilog's later word on a cancelled
 * job), in a transaction of its own; 0 or an error code. */
int lca__ledger_set_exit_state(lca_ledger *l, long long run_id,
			       const char *state, lca_error *err);

#endif
