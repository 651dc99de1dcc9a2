/* SPDX-License-Identifier: MIT */
/* ledger_pg.h: the ledger's PostgreSQL store (libpq loaded by dlopen only
 * when a postgresql:// ledger is opened).  Internal to liblca: ledger.c
 * dispatches the public lca_ledger_* calls here. */
#ifndef LCA_LEDGER_PG_H
#define LCA_LEDGER_PG_H

#include "lca/ledger.h"

typedef struct lca__pg lca__pg;

/* 1 when path names a PostgreSQL ledger (postgresql:// or postgres://). */
int lca__pg_is_url(const char *path);
/* Connects (libpq by dlopen), creates and migrates the schema (a version
 * table, migrations under an advisory lock).  *schema gets the version;
 * shown is the URL with any password hidden, for messages. */
int lca__pg_open(lca__pg **out, const char *url, const char *host, int *schema,
		 char *shown, size_t nshown, lca_error *err);
void lca__pg_free(lca__pg *pg);
/* BEGIN, COMMIT, ROLLBACK. */
int lca__pg_tx(lca__pg *pg, const char *what, lca_error *err);
int lca__pg_has_file(lca__pg *pg, const char *hash, long long *run_id,
		     lca_error *err);
int lca__pg_add_file(lca__pg *pg, const char *hash, const char *path,
		     long long run_id, lca_error *err);
int lca__pg_add_run(lca__pg *pg, lca_run *r, const lca_footprint *fp,
		    lca_error *err);
int lca__pg_put_run(lca__pg *pg, lca_run *r, const lca_footprint *fp,
		    int *outcome, lca_error *err);
int lca__pg_update_run(lca__pg *pg, const lca_run *r, const lca_footprint *fp,
		       lca_error *err);
int lca__pg_add_sample(lca__pg *pg, long long run_id, double t,
		       const char *device, double watts, double joules,
		       lca_error *err);
int lca__pg_get_run(lca__pg *pg, long long id, lca_run *out, lca_error *err);
int lca__pg_each_run(lca__pg *pg, int (*fn)(const lca_run *r, void *ud),
		     void *ud, lca_error *err);
int lca__pg_each_assumption(lca__pg *pg, long long id,
			    int (*fn)(const char *name, const char *value,
				      const char *unit, const char *source,
				      void *ud),
			    void *ud, lca_error *err);
int lca__pg_rm_run(lca__pg *pg, long long id, lca_error *err);
/* Calls fn with each sample of run id (copy between stores). */
int lca__pg_each_sample(lca__pg *pg, long long id,
			int (*fn)(double t, const char *device, double watts,
				  double joules, void *ud),
			void *ud, lca_error *err);

#endif
