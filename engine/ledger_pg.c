/* SPDX-License-Identifier: MIT */
/* ledger_pg.c: the run ledger in PostgreSQL, the same tables, keys and
 * transactions as the SQLite store.  libpq is loaded with dlopen when a
 * postgresql:// ledger is opened, so nothing else pays for it. */
#include <dlfcn.h>
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>

#include "lca_int.h"
#include "ledger_pg.h"
#include "banned.h"

/* Only the header: libpq itself is loaded at run time. */
#include <libpq-fe.h>

struct lca__pg {
	void *so;
	PGconn *conn;
	char shown[1024];
	char host[128];
	PGconn *(*connectdb)(const char *);
	ConnStatusType (*status)(const PGconn *);
	char *(*error_message)(const PGconn *);
	void (*finish)(PGconn *);
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
};
#define NMIGRATIONS ((int)(sizeof(migrations) / sizeof(migrations[0])))

/* Parameters of one statement, as text (NULL for SQL NULL). */
#define MAXP 24
typedef struct params {
	const char *v[MAXP];
	char buf[MAXP][40];
	int n;
} params;

static void p_str(params *p, const char *s)
{
	p->v[p->n++] = s;
}

static void p_num(params *p, double v)
{
	if (isnan(v)) {
		p->v[p->n++] = NULL;
		return;
	}
	lca__fmt(p->buf[p->n], sizeof(p->buf[0]), "%.17g", v);
	p->v[p->n] = p->buf[p->n];
	p->n++;
}

static void p_int(params *p, long long v)
{
	lca__fmt(p->buf[p->n], sizeof(p->buf[0]), "%lld", v);
	p->v[p->n] = p->buf[p->n];
	p->n++;
}

static int pg_error(lca__pg *pg, const PGresult *res, lca_error *err)
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
static int run(lca__pg *pg, const char *sql, const params *p, PGresult **out,
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

static double g_num(lca__pg *pg, PGresult *res, int row, int col)
{
	if (pg->getisnull(res, row, col))
		return LCA_NAN;
	return strtod(pg->getvalue(res, row, col), NULL);
}

static long long g_int(lca__pg *pg, PGresult *res, int row, int col)
{
	if (pg->getisnull(res, row, col))
		return -1;
	return strtoll(pg->getvalue(res, row, col), NULL, 10);
}

static void g_str(lca__pg *pg, PGresult *res, int row, int col, char *out,
		  size_t n)
{
	lca__strlcpy(out, pg->getvalue(res, row, col), n);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
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

static int load(lca__pg *pg, lca_error *err)
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

static int version(lca__pg *pg, int *v, lca_error *err)
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

static int migrate(lca__pg *pg, int *schema, lca_error *err)
{
	params p = {0};
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
		p.n = 0;
		p_int(&p, v + 1);
		p_num(&p, now_s());
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

int lca__pg_open(lca__pg **out, const char *url, const char *host, int *schema,
		 char *shown, size_t nshown, lca_error *err)
{
	lca__pg *pg;
	int rc;

	*out = NULL;
	pg = calloc(1, sizeof(*pg));
	if (!pg)
		return lca_error_set(err, LCA_ENOMEM, "ledger",
				     "out of memory");
	hide_password(pg->shown, sizeof(pg->shown), url);
	lca__strlcpy(shown, pg->shown, nshown);
	lca__strlcpy(pg->host, host, sizeof(pg->host));
	rc = load(pg, err);
	if (!rc) {
		pg->conn = pg->connectdb(url);
		if (!pg->conn || pg->status(pg->conn) != CONNECTION_OK)
			rc = pg_error(pg, NULL, err);
	}
	if (!rc)
		rc =
		    run(pg, "SET client_min_messages=warning", NULL, NULL, err);
	if (!rc)
		rc = migrate(pg, schema, err);
	if (rc) {
		lca__pg_free(pg);
		return rc;
	}
	*out = pg;
	return 0;
}

void lca__pg_free(lca__pg *pg)
{
	if (!pg)
		return;
	if (pg->conn)
		pg->finish(pg->conn);
	if (pg->so)
		dlclose(pg->so);
	free(pg);
}

int lca__pg_tx(lca__pg *pg, const char *what, lca_error *err)
{
	return run(pg, what, NULL, NULL, err);
}

/* ---- files -------------------------------------------------------------- */

int lca__pg_has_file(lca__pg *pg, const char *hash, long long *run_id,
		     lca_error *err)
{
	params p = {0};
	PGresult *res;
	int rc, found;

	p_str(&p, hash);
	rc = run(pg,
		 "SELECT f.run_id FROM files f JOIN runs r ON r.id=f.run_id "
		 "WHERE f.hash=$1 AND r.key IS NULL",
		 &p, &res, err);
	if (rc)
		return rc;
	found = pg->ntuples(res) > 0;
	if (found && run_id)
		*run_id = g_int(pg, res, 0, 0);
	pg->clear(res);
	return found;
}

int lca__pg_add_file(lca__pg *pg, const char *hash, const char *path,
		     long long run_id, lca_error *err)
{
	params p = {0};

	p_str(&p, hash);
	p_str(&p, path);
	p_int(&p, run_id);
	p_num(&p, now_s());
	return run(pg,
		   "INSERT INTO files(hash,path,run_id,added) VALUES($1,$2,$3,"
		   "$4) ON CONFLICT(hash) DO UPDATE SET path=excluded.path,"
		   "run_id=excluded.run_id,added=excluded.added",
		   &p, NULL, err);
}

/* ---- runs --------------------------------------------------------------- */

static int write_children(lca__pg *pg, const lca_run *r,
			  const lca_footprint *fp, lca_error *err)
{
	params p = {0};
	int i, rc;

	p_int(&p, r->id);
	rc = run(pg, "DELETE FROM run_devices WHERE run_id=$1", &p, NULL, err);
	for (i = 0; !rc && i < r->ndev; i++) {
		const lca_run_device *d = &r->dev[i];
		p.n = 0;
		p_int(&p, r->id);
		p_int(&p, i);
		p_str(&p, d->device);
		p_str(&p, d->kind);
		p_int(&p, d->samples);
		p_num(&p, d->first);
		p_num(&p, d->last);
		p_num(&p, d->energy_j);
		p_int(&p, d->gaps);
		p_num(&p, d->gap_s);
		rc = run(pg,
			 "INSERT INTO run_devices(run_id,seq,device,kind,"
			 "samples,first,last,energy_j,gaps,gap_s) VALUES($1,"
			 "$2,$3,$4,$5,$6,$7,$8,$9,$10) ON CONFLICT(run_id,"
			 "device) DO UPDATE SET kind=excluded.kind,samples="
			 "excluded.samples,first=excluded.first,last=excluded."
			 "last,energy_j=excluded.energy_j,gaps=excluded.gaps,"
			 "gap_s=excluded.gap_s",
			 &p, NULL, err);
	}
	p.n = 0;
	p_int(&p, r->id);
	if (!rc)
		rc = run(pg, "DELETE FROM run_tags WHERE run_id=$1", &p, NULL,
			 err);
	for (i = 0; !rc && i < r->ntags && i < LCA_RUN_MAX_TAGS; i++) {
		p.n = 0;
		p_int(&p, r->id);
		p_int(&p, i);
		p_str(&p, r->tags[i].key);
		p_str(&p, r->tags[i].value);
		rc = run(pg,
			 "INSERT INTO run_tags(run_id,seq,key,value) "
			 "VALUES($1,$2,$3,$4)",
			 &p, NULL, err);
	}
	if (rc || !fp)
		return rc;
	p.n = 0;
	p_int(&p, r->id);
	rc = run(pg, "DELETE FROM assumptions WHERE run_id=$1", &p, NULL, err);
	for (i = 0; !rc && i < fp->nassumptions; i++) {
		const lca_assumption *a = &fp->assumptions[i];
		p.n = 0;
		p_int(&p, r->id);
		p_int(&p, i);
		p_str(&p, a->name);
		p_str(&p, a->value);
		p_str(&p, a->unit);
		p_str(&p, a->source);
		rc = run(pg,
			 "INSERT INTO assumptions(run_id,seq,name,value,unit,"
			 "source) VALUES($1,$2,$3,$4,$5,$6)",
			 &p, NULL, err);
	}
	return rc;
}

/* $1..$18 in the order of run_cols after id; key is $19. */
static void bind_run(params *p, const lca_run *r, const char *host)
{
	p->n = 0;
	p_str(p, r->source);
	p_str(p, r->name);
	p_str(p, r->status);
	p_str(p, r->method);
	p_num(p, r->start);
	p_num(p, r->end);
	p_num(p, r->energy_kwh);
	p_num(p, r->facility_energy_kwh);
	p_num(p, r->operational_kgco2e);
	p_num(p, r->embodied_kgco2e);
	p_num(p, r->total_kgco2e);
	p_num(p, r->pue);
	p_num(p, r->grid_gco2_per_kwh);
	p_str(p, r->gpu);
	p_num(p, r->devices);
	p_int(p, r->exit_status);
	p_int(p, r->pid);
	p_str(p, host);
	p_str(p, r->key[0] ? r->key : NULL);
}

#define RUN_INSERT                                                             \
	"INSERT INTO runs(source,name,status,method,start,\"end\","            \
	"energy_kwh,facility_energy_kwh,operational_kgco2e,embodied_kgco2e,"   \
	"total_kgco2e,pue,grid,gpu,devices,exit_status,pid,host,key,created) " \
	"VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,"   \
	"$18,$19,$20)"

int lca__pg_add_run(lca__pg *pg, lca_run *r, const lca_footprint *fp,
		    lca_error *err)
{
	params p;
	PGresult *res;
	int rc;

	bind_run(&p, r, pg->host);
	p_num(&p, now_s());
	rc = run(pg, RUN_INSERT " RETURNING id", &p, &res, err);
	if (rc)
		return rc;
	r->id = g_int(pg, res, 0, 0);
	pg->clear(res);
	return write_children(pg, r, fp, err);
}

static int same(double a, double b)
{
	return a == b || (isnan(a) && isnan(b));
}

int lca__pg_put_run(lca__pg *pg, lca_run *r, const lca_footprint *fp,
		    int *outcome, lca_error *err)
{
	params p;
	PGresult *res;
	int rc, n;

	*outcome = LCA_PUT_NEW;
	if (!r->key[0])
		return lca__pg_add_run(pg, r, fp, err);
	/* The unique key decides under concurrency: a writer that loses the
	 * race waits for the winner's commit and inserts nothing. */
	bind_run(&p, r, pg->host);
	p_num(&p, now_s());
	rc = run(pg, RUN_INSERT " ON CONFLICT(key) DO NOTHING RETURNING id", &p,
		 &res, err);
	if (rc)
		return rc;
	n = pg->ntuples(res);
	if (n)
		r->id = g_int(pg, res, 0, 0);
	pg->clear(res);
	if (n)
		return write_children(pg, r, fp, err);
	p.n = 0;
	p_str(&p, r->key);
	rc =
	    run(pg, "SELECT id,start,\"end\",energy_kwh FROM runs WHERE key=$1",
		&p, &res, err);
	if (rc)
		return rc;
	if (!pg->ntuples(res)) {
		pg->clear(res);
		return lca_error_set(err, LCA_EDB, pg->shown,
				     "run '%s' neither inserted nor found",
				     r->key);
	}
	r->id = g_int(pg, res, 0, 0);
	*outcome = same(g_num(pg, res, 0, 1), r->start) &&
			   same(g_num(pg, res, 0, 2), r->end) &&
			   same(g_num(pg, res, 0, 3), r->energy_kwh)
		       ? LCA_PUT_SAME
		       : LCA_PUT_UPDATED;
	pg->clear(res);
	if (*outcome == LCA_PUT_SAME)
		return 0;
	return lca__pg_update_run(pg, r, fp, err);
}

int lca__pg_update_run(lca__pg *pg, const lca_run *r, const lca_footprint *fp,
		       lca_error *err)
{
	params p;
	int rc;

	bind_run(&p, r, pg->host);
	p.n--; /* no key: a run keeps the key it was added with */
	p_int(&p, r->id);
	rc = run(pg,
		 "UPDATE runs SET source=$1,name=$2,status=$3,method=$4,"
		 "start=$5,\"end\"=$6,energy_kwh=$7,facility_energy_kwh=$8,"
		 "operational_kgco2e=$9,embodied_kgco2e=$10,total_kgco2e=$11,"
		 "pue=$12,grid=$13,gpu=$14,devices=$15,exit_status=$16,"
		 "pid=$17,host=$18 WHERE id=$19",
		 &p, NULL, err);
	if (rc)
		return rc;
	return write_children(pg, r, fp, err);
}

int lca__pg_add_sample(lca__pg *pg, long long run_id, double t,
		       const char *device, double watts, double joules,
		       lca_error *err)
{
	params p = {0};

	p_int(&p, run_id);
	p_num(&p, t);
	p_str(&p, device);
	p_num(&p, watts);
	p_num(&p, joules);
	return run(pg,
		   "INSERT INTO samples(run_id,t,device,watts,joules) "
		   "VALUES($1,$2,$3,$4,$5)",
		   &p, NULL, err);
}

#define RUN_COLS                                                               \
	"SELECT id,source,name,status,method,start,\"end\",energy_kwh,"        \
	"facility_energy_kwh,operational_kgco2e,embodied_kgco2e,total_kgco2e," \
	"pue,grid,gpu,devices,exit_status,pid,host,key FROM runs"

static void read_run(lca__pg *pg, PGresult *res, int i, lca_run *r)
{
	char host[128];

	lca_run_init(r);
	r->id = g_int(pg, res, i, 0);
	g_str(pg, res, i, 1, r->source, sizeof(r->source));
	g_str(pg, res, i, 2, r->name, sizeof(r->name));
	g_str(pg, res, i, 3, r->status, sizeof(r->status));
	g_str(pg, res, i, 4, r->method, sizeof(r->method));
	r->start = g_num(pg, res, i, 5);
	r->end = g_num(pg, res, i, 6);
	r->energy_kwh = g_num(pg, res, i, 7);
	r->facility_energy_kwh = g_num(pg, res, i, 8);
	r->operational_kgco2e = g_num(pg, res, i, 9);
	r->embodied_kgco2e = g_num(pg, res, i, 10);
	r->total_kgco2e = g_num(pg, res, i, 11);
	r->pue = g_num(pg, res, i, 12);
	r->grid_gco2_per_kwh = g_num(pg, res, i, 13);
	g_str(pg, res, i, 14, r->gpu, sizeof(r->gpu));
	r->devices = g_num(pg, res, i, 15);
	r->exit_status = (int)g_int(pg, res, i, 16);
	r->pid = g_int(pg, res, i, 17);
	g_str(pg, res, i, 18, host, sizeof(host));
	g_str(pg, res, i, 19, r->key, sizeof(r->key));
	if (!strcmp(r->status, "running") && r->pid > 0 &&
	    !strcmp(host, pg->host) && kill((pid_t)r->pid, 0) && errno == ESRCH)
		lca__strlcpy(r->status, "interrupted", sizeof(r->status));
}

static int read_tags(lca__pg *pg, lca_run *r, lca_error *err)
{
	params p = {0};
	PGresult *res;
	int i, n, rc;

	p_int(&p, r->id);
	rc = run(pg,
		 "SELECT key,value FROM run_tags WHERE run_id=$1 ORDER BY "
		 "seq",
		 &p, &res, err);
	if (rc)
		return rc;
	n = pg->ntuples(res);
	for (r->ntags = 0, i = 0; i < n && i < LCA_RUN_MAX_TAGS; i++) {
		lca_run_tag *t = &r->tags[r->ntags++];
		g_str(pg, res, i, 0, t->key, sizeof(t->key));
		g_str(pg, res, i, 1, t->value, sizeof(t->value));
	}
	pg->clear(res);
	return 0;
}

static int read_devices(lca__pg *pg, lca_run *r, lca_error *err)
{
	params p = {0};
	PGresult *res;
	int i, n, rc;

	p_int(&p, r->id);
	rc = run(pg,
		 "SELECT device,kind,samples,first,last,energy_j,gaps,gap_s "
		 "FROM run_devices WHERE run_id=$1 ORDER BY seq",
		 &p, &res, err);
	if (rc)
		return rc;
	n = pg->ntuples(res);
	for (r->ndev = 0, i = 0; i < n && i < LCA_RUN_MAX_DEVICES; i++) {
		lca_run_device *d = &r->dev[r->ndev++];
		g_str(pg, res, i, 0, d->device, sizeof(d->device));
		g_str(pg, res, i, 1, d->kind, sizeof(d->kind));
		d->samples = g_int(pg, res, i, 2);
		d->first = g_num(pg, res, i, 3);
		d->last = g_num(pg, res, i, 4);
		d->energy_j = g_num(pg, res, i, 5);
		d->gaps = g_int(pg, res, i, 6);
		d->gap_s = g_num(pg, res, i, 7);
	}
	pg->clear(res);
	return 0;
}

int lca__pg_get_run(lca__pg *pg, long long id, lca_run *out, lca_error *err)
{
	params p = {0};
	PGresult *res;
	char where[32];
	int rc;

	p_int(&p, id);
	rc = run(pg, RUN_COLS " WHERE id=$1", &p, &res, err);
	if (rc)
		return rc;
	if (!pg->ntuples(res)) {
		pg->clear(res);
		lca__fmt(where, sizeof(where), "%lld", id);
		return lca_error_set(err, LCA_ENOTFOUND, "lca runs",
				     "no run '%s' in the ledger", where);
	}
	read_run(pg, res, 0, out);
	pg->clear(res);
	rc = read_devices(pg, out, err);
	if (!rc)
		rc = read_tags(pg, out, err);
	return rc;
}

int lca__pg_each_run(lca__pg *pg, int (*fn)(const lca_run *r, void *ud),
		     void *ud, lca_error *err)
{
	params none = {0};
	PGresult *res;
	lca_run *r;
	int i, n, rc;

	r = malloc(sizeof(*r));
	if (!r)
		return lca_error_set(err, LCA_ENOMEM, "ledger",
				     "out of memory");
	rc = run(pg, RUN_COLS " ORDER BY id", &none, &res, err);
	if (rc) {
		free(r);
		return rc;
	}
	n = pg->ntuples(res);
	for (i = 0; !rc && i < n; i++) {
		read_run(pg, res, i, r);
		rc = read_tags(pg, r, err);
		if (!rc && fn(r, ud))
			break;
	}
	pg->clear(res);
	free(r);
	return rc;
}

int lca__pg_each_assumption(lca__pg *pg, long long id,
			    int (*fn)(const char *name, const char *value,
				      const char *unit, const char *source,
				      void *ud),
			    void *ud, lca_error *err)
{
	params p = {0};
	PGresult *res;
	int i, n, rc;

	p_int(&p, id);
	rc = run(pg,
		 "SELECT name,value,unit,source FROM assumptions WHERE "
		 "run_id=$1 ORDER BY seq",
		 &p, &res, err);
	if (rc)
		return rc;
	n = pg->ntuples(res);
	for (i = 0; i < n; i++)
		if (fn(pg->getvalue(res, i, 0), pg->getvalue(res, i, 1),
		       pg->getvalue(res, i, 2), pg->getvalue(res, i, 3), ud))
			break;
	pg->clear(res);
	return 0;
}

int lca__pg_rm_run(lca__pg *pg, long long id, lca_error *err)
{
	params p = {0};
	PGresult *res;
	char where[32];
	int rc, n;

	p_int(&p, id);
	rc =
	    run(pg, "DELETE FROM runs WHERE id=$1 RETURNING id", &p, &res, err);
	if (rc)
		return rc;
	n = pg->ntuples(res);
	pg->clear(res);
	if (!n) {
		lca__fmt(where, sizeof(where), "%lld", id);
		return lca_error_set(err, LCA_ENOTFOUND, "lca runs rm",
				     "no run '%s' in the ledger", where);
	}
	return 0;
}

int lca__pg_each_sample(lca__pg *pg, long long id,
			int (*fn)(double t, const char *device, double watts,
				  double joules, void *ud),
			void *ud, lca_error *err)
{
	params p = {0};
	PGresult *res;
	int i, n, rc;

	p_int(&p, id);
	rc = run(pg,
		 "SELECT t,device,watts,joules FROM samples WHERE run_id=$1 "
		 "ORDER BY t, device",
		 &p, &res, err);
	if (rc)
		return rc;
	n = pg->ntuples(res);
	for (i = 0; i < n; i++)
		if (fn(g_num(pg, res, i, 0), pg->getvalue(res, i, 1),
		       g_num(pg, res, i, 2), g_num(pg, res, i, 3), ud))
			break;
	pg->clear(res);
	return 0;
}
