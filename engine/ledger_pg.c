/* SPDX-License-Identifier: MIT */
/* ledger_pg.c: the run ledger in PostgreSQL, the same tables, keys and
 * transactions as the SQLite store.  libpq is loaded with dlopen when a
 * postgresql:// ledger is opened, so nothing else pays for it. */
#include <dlfcn.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lca_int.h"
#include "ledger_store.h"
#include "banned.h"

/* Only the header: libpq itself is loaded at run time. */
#include <libpq-fe.h>

struct lca__store {
	void *so;
	int in_tx;
	PGconn *conn;
	char shown[1024];
	PGconn *(*connectdb)(const char *);
	ConnStatusType (*status)(const PGconn *);
	char *(*error_message)(const PGconn *);
	void (*finish)(PGconn *);
	void (*reset)(PGconn *);
	PGresult *(*exec)(PGconn *, const char *);
	PGresult *(*exec_params)(PGconn *, const char *, int, const Oid *,
				 const char *const *, const int *, const int *,
				 int);
	ExecStatusType (*result_status)(const PGresult *);
	char *(*result_error)(const PGresult *);
	void (*clear)(PGresult *);
	int (*ntuples)(const PGresult *);
	char *(*getvalue)(const PGresult *, int, int);
	int (*getisnull)(const PGresult *, int, int);
	char *(*cmd_tuples)(PGresult *);
};

/*
 * Migrations: entry i takes the schema from version i to i + 1.  Never
 * edit a shipped entry; append a new one.  Version 1 holds what SQLite's
 * schema 4 holds (runs with a unique stable key, devices, assumptions,
 * files, samples, tags).
 */
static const char *const migrations[] = {
    "CREATE TABLE runs(id BIGSERIAL PRIMARY KEY, key TEXT UNIQUE,"
    " source TEXT NOT NULL, name TEXT, status TEXT NOT NULL, method TEXT,"
    " start DOUBLE PRECISION, \"end\" DOUBLE PRECISION,"
    " energy_kwh DOUBLE PRECISION, facility_energy_kwh DOUBLE PRECISION,"
    " operational_kgco2e DOUBLE PRECISION, embodied_kgco2e DOUBLE PRECISION,"
    " total_kgco2e DOUBLE PRECISION, pue DOUBLE PRECISION,"
    " grid DOUBLE PRECISION, gpu TEXT, devices DOUBLE PRECISION,"
    " exit_status INTEGER, pid BIGINT, host TEXT, created DOUBLE PRECISION);"
    "CREATE TABLE run_devices(run_id BIGINT NOT NULL REFERENCES runs(id)"
    " ON DELETE CASCADE, seq INTEGER, device TEXT NOT NULL, kind TEXT,"
    " samples BIGINT, first DOUBLE PRECISION, last DOUBLE PRECISION,"
    " energy_j DOUBLE PRECISION, gaps BIGINT, gap_s DOUBLE PRECISION,"
    " PRIMARY KEY(run_id, device));"
    "CREATE TABLE assumptions(run_id BIGINT NOT NULL REFERENCES runs(id)"
    " ON DELETE CASCADE, seq INTEGER, name TEXT, value TEXT, unit TEXT,"
    " source TEXT);"
    "CREATE INDEX assumptions_run ON assumptions(run_id);"
    "CREATE TABLE files(hash TEXT PRIMARY KEY, path TEXT, run_id BIGINT"
    " REFERENCES runs(id) ON DELETE CASCADE, added DOUBLE PRECISION);"
    "CREATE TABLE samples(run_id BIGINT NOT NULL REFERENCES runs(id)"
    " ON DELETE CASCADE, t DOUBLE PRECISION NOT NULL, device TEXT NOT NULL,"
    " watts DOUBLE PRECISION, joules DOUBLE PRECISION);"
    "CREATE INDEX samples_run ON samples(run_id, t);"
    "CREATE TABLE run_tags(run_id BIGINT NOT NULL REFERENCES runs(id)"
    " ON DELETE CASCADE, seq INTEGER, key TEXT NOT NULL, value TEXT NOT NULL,"
    " PRIMARY KEY(run_id, key));",
    /* 2: Slurm jobs (lca slurm epilog): the job's fields, a row per node */
    "ALTER TABLE runs ADD COLUMN job_id TEXT, ADD COLUMN \"user\" TEXT,"
    " ADD COLUMN account TEXT, ADD COLUMN \"partition\" TEXT,"
    " ADD COLUMN exit_state TEXT;"
    "CREATE INDEX runs_job ON runs(job_id);"
    "CREATE TABLE run_nodes(run_id BIGINT NOT NULL REFERENCES runs(id)"
    " ON DELETE CASCADE, seq INTEGER, node TEXT NOT NULL, gpus TEXT,"
    " start DOUBLE PRECISION, \"end\" DOUBLE PRECISION,"
    " energy_kwh DOUBLE PRECISION, facility_energy_kwh DOUBLE PRECISION,"
    " operational_kgco2e DOUBLE PRECISION, embodied_kgco2e DOUBLE PRECISION,"
    " total_kgco2e DOUBLE PRECISION, PRIMARY KEY(run_id, node));",
};
#define NMIGRATIONS ((int)(sizeof(migrations) / sizeof(migrations[0])))

/* Parameters of one statement, as text (NULL for SQL NULL). */
typedef struct params {
	const char *v[LCA__MAX_ARGS];
	char buf[LCA__MAX_ARGS][40];
	int n;
} params;

static void to_text(params *p, const lca__args *a)
{
	int i;

	for (p->n = 0, i = 0; a && i < a->n; i++, p->n++) {
		p->v[i] = p->buf[i];
		switch (a->a[i].type) {
		case LCA__ARG_INT:
			lca__fmt(p->buf[i], sizeof(p->buf[i]), "%lld",
				 a->a[i].i);
			break;
		case LCA__ARG_NUM:
			lca__fmt(p->buf[i], sizeof(p->buf[i]), "%.17g",
				 a->a[i].d);
			break;
		case LCA__ARG_STR:
			p->v[i] = a->a[i].s;
			break;
		default:
			p->v[i] = NULL;
		}
	}
}

static int pg_error(lca__store *pg, const PGresult *res, lca_error *err)
{
	char msg[512];
	const char *m = res ? pg->result_error(res) : NULL;
	size_t i;

	if (!m || !*m)
		m = pg->error_message(pg->conn);
	lca__strlcpy(msg, m ? m : "unknown error", sizeof(msg));
	for (i = 0; msg[i]; i++)
		if (msg[i] == '\n') {
			msg[i] = '\0';
			break;
		}
	return lca_error_set(err, LCA_EDB, pg->shown,
			     "ledger database error: %s", msg);
}

/* Runs sql with p; *out gets the result (rows) or NULL.  0 or LCA_EDB. */
static int run(lca__store *pg, const char *sql, const params *p, PGresult **out,
	       lca_error *err)
{
	PGresult *res;
	ExecStatusType st;
	int rc = 0;

	if (out)
		*out = NULL;
	/* without parameters: simple query protocol, several statements */
	res =
	    p ? pg->exec_params(pg->conn, sql, p->n, NULL, p->v, NULL, NULL, 0)
	      : pg->exec(pg->conn, sql);
	st = res ? pg->result_status(res) : PGRES_FATAL_ERROR;
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
		rc = pg_error(pg, res, err);
	if (!rc && out)
		*out = res;
	else if (res)
		pg->clear(res);
	return rc;
}

static long long g_int(lca__store *pg, PGresult *res, int row, int col)
{
	if (pg->getisnull(res, row, col))
		return -1;
	return strtoll(pg->getvalue(res, row, col), NULL, 10);
}

/* ---- opening and migrations ------------------------------------------- */

static void hide_password(char *out, size_t n, const char *url)
{
	const char *at = strchr(url, '@');
	const char *scheme = strstr(url, "://");
	const char *colon;

	lca__strlcpy(out, url, n);
	if (!at || !scheme)
		return;
	colon = memchr(scheme + 3, ':', (size_t)(at - scheme - 3));
	if (!colon)
		return;
	lca__fmt(out, n, "%.*s:***%s", (int)(colon - url), url, at);
}

#define LOAD(field, name)                                   \
	do {                                                \
		*(void **)&pg->field = dlsym(pg->so, name); \
		if (!pg->field)                             \
			missing = name;                     \
	} while (0)

static int load(lca__store *pg, lca_error *err)
{
	const char *missing = NULL;
	const char *lib = getenv("LCA_LIBPQ");

	pg->so =
	    dlopen(lib && *lib ? lib : "libpq.so.5", RTLD_NOW | RTLD_LOCAL);
	if (!pg->so)
		return lca_error_set(err, LCA_EDB, pg->shown,
				     "a PostgreSQL ledger needs libpq "
				     "(Debian: apt install libpq5): %s",
				     dlerror());
	LOAD(connectdb, "PQconnectdb");
	LOAD(status, "PQstatus");
	LOAD(error_message, "PQerrorMessage");
	LOAD(finish, "PQfinish");
	LOAD(reset, "PQreset");
	LOAD(exec, "PQexec");
	LOAD(exec_params, "PQexecParams");
	LOAD(result_status, "PQresultStatus");
	LOAD(result_error, "PQresultErrorMessage");
	LOAD(clear, "PQclear");
	LOAD(ntuples, "PQntuples");
	LOAD(getvalue, "PQgetvalue");
	LOAD(getisnull, "PQgetisnull");
	LOAD(cmd_tuples, "PQcmdTuples");
	if (missing)
		return lca_error_set(err, LCA_EDB, pg->shown, "libpq lacks %s",
				     missing);
	return 0;
}

static int version(lca__store *pg, int *v, lca_error *err)
{
	PGresult *res;
	int rc = run(pg, "SELECT max(version) FROM lca_schema_version", NULL,
		     &res, err);

	if (rc)
		return rc;
	*v = pg->ntuples(res) ? (int)g_int(pg, res, 0, 0) : 0;
	if (*v < 0)
		*v = 0;
	pg->clear(res);
	return 0;
}

static int migrate(lca__store *pg, int *schema, lca_error *err)
{
	lca__args a = {0};
	params p;
	int v = 0, rc;

	/* one migrator at a time, however many open at once */
	rc = run(pg, "BEGIN", NULL, NULL, err);
	if (!rc)
		rc = run(pg, "SELECT pg_advisory_xact_lock(7105141)", NULL,
			 NULL, err);
	if (!rc)
		rc = run(pg,
			 "CREATE TABLE IF NOT EXISTS lca_schema_version("
			 "version INTEGER PRIMARY KEY, applied DOUBLE "
			 "PRECISION)",
			 NULL, NULL, err);
	if (!rc)
		rc = version(pg, &v, err);
	if (!rc && v > NMIGRATIONS)
		rc = lca_error_set(err, LCA_EDB, pg->shown,
				   "ledger schema %d is newer than this lca "
				   "(%d)",
				   v, NMIGRATIONS);
	for (; !rc && v < NMIGRATIONS; v++) {
		rc = run(pg, migrations[v], NULL, NULL, err);
		a.n = 0;
		lca__arg_int(&a, v + 1);
		lca__arg_num(&a, lca__now_s());
		to_text(&p, &a);
		if (!rc)
			rc = run(pg,
				 "INSERT INTO lca_schema_version VALUES($1,$2)",
				 &p, NULL, err);
	}
	if (!rc)
		rc = run(pg, "COMMIT", NULL, NULL, err);
	if (rc) {
		lca_error e;
		run(pg, "ROLLBACK", NULL, NULL, &e);
		return rc;
	}
	*schema = NMIGRATIONS;
	return 0;
}

int lca__pg_is_url(const char *path)
{
	return path && (!strncmp(path, "postgresql://", 13) ||
			!strncmp(path, "postgres://", 11));
}

/* ---- the store interface ---------------------------------------------- */

struct lca__row {
	lca__store *pg;
	PGresult *res;
	int i;
};

static int pg_query(lca__store *pg, const char *sql, const lca__args *args,
		    int (*fn)(const lca__row *row, void *ud), void *ud,
		    lca_error *err)
{
	lca__row row;
	params p;
	int n, rc;

	to_text(&p, args);
	rc = run(pg, sql, &p, &row.res, err);
	if (rc)
		return rc;
	row.pg = pg;
	n = pg->ntuples(row.res);
	for (row.i = 0; fn && row.i < n; row.i++)
		if (fn(&row, ud))
			break;
	pg->clear(row.res);
	return 0;
}

static double pg_num(const lca__row *row, int col)
{
	if (row->pg->getisnull(row->res, row->i, col))
		return LCA_NAN;
	return strtod(row->pg->getvalue(row->res, row->i, col), NULL);
}

static long long pg_i64(const lca__row *row, int col)
{
	if (row->pg->getisnull(row->res, row->i, col))
		return 0;
	return strtoll(row->pg->getvalue(row->res, row->i, col), NULL, 10);
}

static const char *pg_text(const lca__row *row, int col)
{
	if (row->pg->getisnull(row->res, row->i, col))
		return NULL;
	return row->pg->getvalue(row->res, row->i, col);
}

/* PostgreSQL writers do not lock each other out: wait_s is not needed. */
static int pg_begin(lca__store *pg, double wait_s, lca_error *err)
{
	int rc, tries;

	(void)wait_s;
	/* A connection the server dropped (a restart, a network cut) is made
	 * again: up to 3 tries, 0.5 s apart; a run in flight was rolled back
	 * with it, so nothing is half-written either way. */
	for (tries = 1;; tries++) {
		if (pg->status(pg->conn) != CONNECTION_OK)
			pg->reset(pg->conn);
		rc = run(pg, "BEGIN", NULL, NULL, err);
		if (!rc || tries == 3 || pg->status(pg->conn) == CONNECTION_OK)
			break;
		nanosleep(&(struct timespec){0, 500000000L}, NULL);
	}
	pg->in_tx = !rc;
	return rc;
}

static void pg_rollback(lca__store *pg)
{
	lca_error e;

	if (pg->in_tx)
		run(pg, "ROLLBACK", NULL, NULL, &e);
	pg->in_tx = 0;
}

static int pg_commit(lca__store *pg, lca_error *err)
{
	int rc = run(pg, "COMMIT", NULL, NULL, err);

	if (rc)
		pg_rollback(pg);
	pg->in_tx = 0;
	return rc;
}

static void pg_close(lca__store *pg)
{
	if (!pg)
		return;
	if (pg->conn)
		pg->finish(pg->conn);
	if (pg->so)
		dlclose(pg->so);
	free(pg);
}

static const lca__store_ops pg_ops = {
    .name = "postgresql",
    .query = pg_query,
    .num = pg_num,
    .i64 = pg_i64,
    .text = pg_text,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .flush_file = NULL, /* spool files are copied by their keys */
    .close = pg_close,
    .device_order = "seq",
    .device_insert = "INSERT INTO run_devices(run_id,seq,device,kind,"
		     "samples,first,last,energy_j,gaps,gap_s) VALUES($1,$2,"
		     "$3,$4,$5,$6,$7,$8,$9,$10) ON CONFLICT(run_id,device) DO "
		     "UPDATE SET kind=excluded.kind,samples=excluded.samples,"
		     "first=excluded.first,last=excluded.last,energy_j="
		     "excluded.energy_j,gaps=excluded.gaps,gap_s=excluded."
		     "gap_s",
};

int lca__pg_open(const lca__store_ops **ops, lca__store **out, char *path,
		 size_t npath, int *schema, lca_error *err)
{
	lca__store *pg;
	int rc;

	*out = NULL;
	pg = calloc(1, sizeof(*pg));
	if (!pg)
		return lca_error_set(err, LCA_ENOMEM, "ledger",
				     "out of memory");
	hide_password(pg->shown, sizeof(pg->shown), path);
	rc = load(pg, err);
	if (!rc) {
		pg->conn = pg->connectdb(path);
		if (!pg->conn || pg->status(pg->conn) != CONNECTION_OK)
			rc = pg_error(pg, NULL, err);
	}
	if (!rc)
		rc =
		    run(pg, "SET client_min_messages=warning", NULL, NULL, err);
	if (!rc)
		rc = migrate(pg, schema, err);
	if (rc) {
		pg_close(pg);
		return rc;
	}
	lca__strlcpy(path, pg->shown, npath);
	*ops = &pg_ops;
	*out = pg;
	return 0;
}
