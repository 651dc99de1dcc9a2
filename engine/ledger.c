/* SPDX-License-Identifier: MIT */
/* ledger.c: the run ledger, measured runs and their footprints in SQLite. */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "lca_int.h"
#include "lca/ledger.h"
#include "lca/series.h"
#include "ledger_pg.h"
#include "banned.h"

struct lca_ledger {
	sqlite3 *db;
	lca__pg *pg; /* a postgresql:// ledger: db is NULL */
	char path[1024];
	char host[128];
	int schema;
	int in_tx;
};

/*
 * Migrations: entry i takes the schema from version i to i + 1.  Never
 * edit a shipped entry; append a new one.
 */
static const char *const migrations[] = {
    /* 1: runs, their devices, samples, assumptions, ingested files */
    "CREATE TABLE runs(id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " source TEXT NOT NULL, name TEXT, status TEXT NOT NULL,"
    " method TEXT, start REAL, \"end\" REAL, energy_kwh REAL,"
    " facility_energy_kwh REAL, operational_kgco2e REAL,"
    " embodied_kgco2e REAL, total_kgco2e REAL, pue REAL, grid REAL,"
    " gpu TEXT, devices REAL, exit_status INTEGER, pid INTEGER,"
    " host TEXT, created REAL);"
    "CREATE TABLE run_devices(run_id INTEGER NOT NULL REFERENCES runs(id)"
    " ON DELETE CASCADE, device TEXT NOT NULL, kind TEXT, samples INTEGER,"
    " first REAL, last REAL, energy_j REAL, gaps INTEGER, gap_s REAL,"
    " PRIMARY KEY(run_id, device));"
    "CREATE TABLE assumptions(run_id INTEGER NOT NULL REFERENCES runs(id)"
    " ON DELETE CASCADE, seq INTEGER, name TEXT, value TEXT, unit TEXT,"
    " source TEXT);"
    "CREATE INDEX assumptions_run ON assumptions(run_id);"
    "CREATE TABLE files(hash TEXT PRIMARY KEY, path TEXT, run_id INTEGER"
    " REFERENCES runs(id) ON DELETE CASCADE, added REAL);",
    /* 2: per-interval samples of tracked runs */
    "CREATE TABLE samples(run_id INTEGER NOT NULL REFERENCES runs(id)"
    " ON DELETE CASCADE, t REAL NOT NULL, device TEXT NOT NULL,"
    " watts REAL, joules REAL);"
    "CREATE INDEX samples_run ON samples(run_id, t);",
    /* 3: the user's tags on a run (lca track --tag project=X) */
    "CREATE TABLE run_tags(run_id INTEGER NOT NULL REFERENCES runs(id)"
    " ON DELETE CASCADE, seq INTEGER, key TEXT NOT NULL, value TEXT NOT NULL,"
    " PRIMARY KEY(run_id, key));",
    /* 4: every run's stable record key (lca_run_set_key), once each;
     * runs from before have none (NULL: UNIQUE lets them be) */
    ("ALTER TABLE runs ADD COLUMN key TEXT;"
     "CREATE UNIQUE INDEX runs_key ON runs(key);"),
};
#define NMIGRATIONS ((int)(sizeof(migrations) / sizeof(migrations[0])))

/* How long a writer waits for another's lock (ms). */
#define BUSY_MS 60000

static int db_error(lca_error *err, sqlite3 *db, const char *what)
{
	return lca_error_set(err, LCA_EDB, what, "ledger database error: %s",
			     sqlite3_errmsg(db));
}

static int exec(lca_ledger *l, const char *sql, lca_error *err)
{
	if (sqlite3_exec(l->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_error(err, l->db, l->path);
	return 0;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void bind_num(sqlite3_stmt *st, int i, double v)
{
	if (isnan(v))
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_double(st, i, v);
}

static double col_num(sqlite3_stmt *st, int i)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return LCA_NAN;
	return sqlite3_column_double(st, i);
}

static void col_str(sqlite3_stmt *st, int i, char *out, size_t n)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	lca__strlcpy(out, t ? (const char *)t : "", n);
}

/* ---- opening and migrations ------------------------------------------- */

static int user_version(lca_ledger *l)
{
	sqlite3_stmt *st = NULL;
	int v = -1;

	if (sqlite3_prepare_v2(l->db, "PRAGMA user_version", -1, &st, NULL) ==
		SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

static int migrate(lca_ledger *l, lca_error *err)
{
	char sql[64];
	int v, rc;

	v = user_version(l);
	if (v == NMIGRATIONS) {
		l->schema = v;
		return 0;
	}
	rc = lca_ledger_begin(l, err);
	if (rc)
		return rc;
	v = user_version(l); /* another process may have migrated */
	if (v > NMIGRATIONS) {
		lca_ledger_rollback(l);
		return lca_error_set(err, LCA_EDB, l->path,
				     "ledger schema %d is newer than this lca "
				     "(%d)",
				     v, NMIGRATIONS);
	}
	for (rc = 0; !rc && v >= 0 && v < NMIGRATIONS; v++) {
		rc = exec(l, migrations[v], err);
		if (!rc) {
			lca__fmt(sql, sizeof(sql), "PRAGMA user_version=%d",
				 v + 1);
			rc = exec(l, sql, err);
		}
	}
	if (!rc)
		rc = lca_ledger_commit(l, err);
	if (rc) {
		lca_ledger_rollback(l);
		return rc;
	}
	l->schema = NMIGRATIONS;
	return 0;
}

/*
 * The ledger as a reader only: read-only, else (a WAL file in a folder
 * nobody may write: no -shm can be made) immutable, which is safe where no
 * one can write either.
 */
static int open_readonly(lca_ledger *l, lca_error *err)
{
	char uri[2200];
	size_t n = 0;
	const char *p;
	int k;

	for (k = 0; k < 2; k++) {
		sqlite3_close(l->db);
		l->db = NULL;
		if (k == 0) {
			if (sqlite3_open_v2(l->path, &l->db,
					    SQLITE_OPEN_READONLY,
					    NULL) != SQLITE_OK)
				continue;
		} else {
			n = 0;
			lca__fmt(uri, sizeof(uri), "file:");
			n = strlen(uri);
			for (p = l->path; *p && n < sizeof(uri) - 20; p++) {
				if (*p == '%' || *p == '?' || *p == '#')
					lca__fmt(uri + n, sizeof(uri) - n,
						 "%%%02X", (unsigned char)*p);
				else
					uri[n] = *p, uri[n + 1] = '\0';
				n = strlen(uri);
			}
			lca__fmt(uri + n, sizeof(uri) - n, "?immutable=1");
			if (sqlite3_open_v2(uri, &l->db,
					    SQLITE_OPEN_READONLY |
						SQLITE_OPEN_URI,
					    NULL) != SQLITE_OK)
				continue;
		}
		if (user_version(l) == NMIGRATIONS) {
			sqlite3_busy_timeout(l->db, BUSY_MS);
			l->schema = NMIGRATIONS;
			return 0;
		}
		if (user_version(l) >= 0)
			return lca_error_set(
			    err, LCA_EDB, l->path,
			    "ledger is read-only and needs its "
			    "schema migrated (open it once "
			    "with write access)");
	}
	return LCA_EDB; /* err keeps the read-write open's error */
}

int lca_ledger_open(lca_ledger **out, const char *path, lca_error *err)
{
	lca_ledger *l;
	int rc = 0;

	*out = NULL;
	l = calloc(1, sizeof(*l));
	if (!l)
		return lca_error_set(err, LCA_ENOMEM, "ledger",
				     "out of memory");
	if (path && *path)
		lca__strlcpy(l->path, path, sizeof(l->path));
	else
		lca__data_path(l->path, sizeof(l->path), "LCA_DB", "ledger.db");
	if (gethostname(l->host, sizeof(l->host)))
		l->host[0] = '\0';
	l->host[sizeof(l->host) - 1] = '\0';
	if (lca__pg_is_url(l->path)) {
		/* the team's ledger on a PostgreSQL server (ledger_pg.c) */
		rc = lca__pg_open(&l->pg, l->path, l->host, &l->schema, l->path,
				  sizeof(l->path), err);
		goto done;
	}
	lca__mkdir_parents(l->path);
	if (sqlite3_open_v2(l->path, &l->db,
			    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
			    NULL) != SQLITE_OK) {
		rc = lca_error_set(
		    err, LCA_EDB, l->path, "cannot open ledger database: %s",
		    l->db ? sqlite3_errmsg(l->db) : "out of memory");
		goto done;
	}
	/* Writers wait for each other rather than fail (8 at once in the
	 * tests); a minute covers any single run's transaction. */
	sqlite3_busy_timeout(l->db, BUSY_MS);
	rc = exec(l, "PRAGMA journal_mode=WAL", err);
	if (!rc)
		rc =
		    exec(l, "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON",
			 err);
	if (!rc)
		rc = migrate(l, err);
	/* a ledger this user may not write (a shared one, a read-only
	 * mount) is still read: lca runs, report */
	if (rc && l->db &&
	    ((sqlite3_errcode(l->db) & 0xff) == SQLITE_READONLY ||
	     (sqlite3_errcode(l->db) & 0xff) == SQLITE_CANTOPEN) &&
	    !access(l->path, R_OK))
		rc = open_readonly(l, err);
done:
	if (rc) {
		lca_ledger_free(l);
		return rc;
	}
	*out = l;
	return 0;
}

void lca_ledger_free(lca_ledger *l)
{
	if (!l)
		return;
	if (l->in_tx)
		lca_ledger_rollback(l);
	if (l->db)
		sqlite3_close(l->db);
	lca__pg_free(l->pg);
	free(l);
}

const char *lca_ledger_path(const lca_ledger *l)
{
	return l->path;
}

int lca_ledger_schema(const lca_ledger *l)
{
	return l->schema;
}

/* ---- transactions ------------------------------------------------------- */

int lca_ledger_begin(lca_ledger *l, lca_error *err)
{
	int tries, rc = SQLITE_BUSY;

	if (l->pg) {
		rc = lca__pg_tx(l->pg, "BEGIN", err);
		l->in_tx = !rc;
		return rc;
	}
	/* The busy timeout waits inside SQLite; a writer that still finds
	 * the database locked (a checkpoint, a slow disk) tries again. */
	for (tries = 0; tries < 20; tries++) {
		rc = sqlite3_exec(l->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
			break;
	}
	if (rc != SQLITE_OK)
		return db_error(err, l->db, l->path);
	l->in_tx = 1;
	return 0;
}

int lca_ledger_try_begin(lca_ledger *l, double wait_s, lca_error *err)
{
	int rc;

	if (l->pg) /* PostgreSQL writers do not lock each other out */
		return lca_ledger_begin(l, err);
	sqlite3_busy_timeout(l->db, (int)(wait_s * 1000));
	rc = sqlite3_exec(l->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	sqlite3_busy_timeout(l->db, BUSY_MS);
	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		return 1;
	if (rc != SQLITE_OK)
		return db_error(err, l->db, l->path);
	l->in_tx = 1;
	return 0;
}

int lca_ledger_commit(lca_ledger *l, lca_error *err)
{
	int tries, rc = SQLITE_BUSY;

	if (l->pg) {
		rc = lca__pg_tx(l->pg, "COMMIT", err);
		if (rc)
			lca_ledger_rollback(l);
		l->in_tx = 0;
		return rc;
	}
	for (tries = 0; tries < 20; tries++) {
		rc = sqlite3_exec(l->db, "COMMIT", NULL, NULL, NULL);
		if (rc != SQLITE_BUSY)
			break;
	}
	if (rc != SQLITE_OK) {
		int e = db_error(err, l->db, l->path);
		lca_ledger_rollback(l);
		return e;
	}
	l->in_tx = 0;
	return 0;
}

void lca_ledger_rollback(lca_ledger *l)
{
	lca_error e;

	if (l->pg) {
		if (l->in_tx)
			lca__pg_tx(l->pg, "ROLLBACK", &e);
		l->in_tx = 0;
		return;
	}
	if (!sqlite3_get_autocommit(l->db))
		sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
	l->in_tx = 0;
}

/* ---- files -------------------------------------------------------------- */

int lca_ledger_has_file(lca_ledger *l, const char *hash, long long *run_id,
			lca_error *err)
{
	if (l->pg)
		return lca__pg_has_file(l->pg, hash, run_id, err);
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(l->db,
			       "SELECT f.run_id FROM files f JOIN runs r ON "
			       "r.id=f.run_id WHERE f.hash=? AND r.key IS NULL",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(err, l->db, l->path);
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		if (run_id)
			*run_id = sqlite3_column_int64(st, 0);
		rc = 1;
	} else if (rc == SQLITE_DONE) {
		rc = 0;
	} else {
		rc = db_error(err, l->db, l->path);
	}
	sqlite3_finalize(st);
	return rc;
}

int lca_ledger_add_file(lca_ledger *l, const char *hash, const char *path,
			long long run_id, lca_error *err)
{
	if (l->pg)
		return lca__pg_add_file(l->pg, hash, path, run_id, err);
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if (sqlite3_prepare_v2(l->db,
			       "INSERT OR REPLACE INTO files(hash,path,run_id,"
			       "added) VALUES(?,?,?,?)",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(err, l->db, l->path);
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, path, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, run_id);
	sqlite3_bind_double(st, 4, now_s());
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = db_error(err, l->db, l->path);
	sqlite3_finalize(st);
	return rc;
}

/* ---- runs --------------------------------------------------------------- */

/* The run's tags replace those stored. */
static int write_tags(lca_ledger *l, const lca_run *r, lca_error *err)
{
	sqlite3_stmt *st = NULL;
	int i, rc = 0;

	if (sqlite3_prepare_v2(l->db, "DELETE FROM run_tags WHERE run_id=?", -1,
			       &st, NULL) != SQLITE_OK)
		return db_error(err, l->db, l->path);
	sqlite3_bind_int64(st, 1, r->id);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = db_error(err, l->db, l->path);
	sqlite3_finalize(st);
	if (rc || !r->ntags)
		return rc;
	if (sqlite3_prepare_v2(l->db,
			       "INSERT INTO run_tags(run_id,seq,key,value) "
			       "VALUES(?,?,?,?)",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(err, l->db, l->path);
	for (i = 0; !rc && i < r->ntags && i < LCA_RUN_MAX_TAGS; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, r->id);
		sqlite3_bind_int(st, 2, i);
		sqlite3_bind_text(st, 3, r->tags[i].key, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, r->tags[i].value, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = db_error(err, l->db, l->path);
	}
	sqlite3_finalize(st);
	return rc;
}

static int read_tags(lca_ledger *l, lca_run *r, lca_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(l->db,
			       "SELECT key,value FROM run_tags WHERE run_id=? "
			       "ORDER BY seq",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(err, l->db, l->path);
	sqlite3_bind_int64(st, 1, r->id);
	r->ntags = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW &&
	       r->ntags < LCA_RUN_MAX_TAGS) {
		lca_run_tag *t = &r->tags[r->ntags++];
		col_str(st, 0, t->key, sizeof(t->key));
		col_str(st, 1, t->value, sizeof(t->value));
	}
	rc = (rc == SQLITE_ROW || rc == SQLITE_DONE)
		 ? 0
		 : db_error(err, l->db, l->path);
	sqlite3_finalize(st);
	return rc;
}

static int write_children(lca_ledger *l, const lca_run *r,
			  const lca_footprint *fp, lca_error *err)
{
	sqlite3_stmt *st = NULL;
	int i, rc = 0;

	if (sqlite3_prepare_v2(l->db,
			       "INSERT OR REPLACE INTO run_devices(run_id,"
			       "device,kind,samples,first,last,energy_j,gaps,"
			       "gap_s) VALUES(?,?,?,?,?,?,?,?,?)",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(err, l->db, l->path);
	for (i = 0; !rc && i < r->ndev; i++) {
		const lca_run_device *d = &r->dev[i];
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, r->id);
		sqlite3_bind_text(st, 2, d->device, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, d->kind, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, d->samples);
		bind_num(st, 5, d->first);
		bind_num(st, 6, d->last);
		bind_num(st, 7, d->energy_j);
		sqlite3_bind_int64(st, 8, d->gaps);
		bind_num(st, 9, d->gap_s);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = db_error(err, l->db, l->path);
	}
	sqlite3_finalize(st);
	st = NULL;
	if (!rc)
		rc = write_tags(l, r, err);
	if (rc || !fp)
		return rc;
	if (sqlite3_prepare_v2(l->db, "DELETE FROM assumptions WHERE run_id=?",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(err, l->db, l->path);
	sqlite3_bind_int64(st, 1, r->id);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = db_error(err, l->db, l->path);
	sqlite3_finalize(st);
	if (rc)
		return rc;
	if (sqlite3_prepare_v2(l->db,
			       "INSERT INTO assumptions(run_id,seq,name,"
			       "value,unit,source) VALUES(?,?,?,?,?,?)",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(err, l->db, l->path);
	for (i = 0; !rc && i < fp->nassumptions; i++) {
		const lca_assumption *a = &fp->assumptions[i];
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, r->id);
		sqlite3_bind_int(st, 2, i);
		sqlite3_bind_text(st, 3, a->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, a->value, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, a->unit, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, a->source, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = db_error(err, l->db, l->path);
	}
	sqlite3_finalize(st);
	return rc;
}

/* Columns after id, in the order both INSERT and UPDATE bind them. */
static void bind_run(sqlite3_stmt *st, const lca_run *r, const char *host)
{
	sqlite3_bind_text(st, 1, r->source, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, r->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, r->status, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, r->method, -1, SQLITE_STATIC);
	bind_num(st, 5, r->start);
	bind_num(st, 6, r->end);
	bind_num(st, 7, r->energy_kwh);
	bind_num(st, 8, r->facility_energy_kwh);
	bind_num(st, 9, r->operational_kgco2e);
	bind_num(st, 10, r->embodied_kgco2e);
	bind_num(st, 11, r->total_kgco2e);
	bind_num(st, 12, r->pue);
	bind_num(st, 13, r->grid_gco2_per_kwh);
	sqlite3_bind_text(st, 14, r->gpu, -1, SQLITE_STATIC);
	bind_num(st, 15, r->devices);
	sqlite3_bind_int(st, 16, r->exit_status);
	sqlite3_bind_int64(st, 17, r->pid);
	sqlite3_bind_text(st, 18, host, -1, SQLITE_STATIC);
}

int lca_ledger_add_run(lca_ledger *l, lca_run *r, const lca_footprint *fp,
		       lca_error *err)
{
	if (l->pg)
		return lca__pg_add_run(l->pg, r, fp, err);
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if (sqlite3_prepare_v2(
		l->db,
		"INSERT INTO runs(source,name,status,method,start,\"end\","
		"energy_kwh,facility_energy_kwh,operational_kgco2e,"
		"embodied_kgco2e,total_kgco2e,pue,grid,gpu,devices,"
		"exit_status,pid,host,created,key) VALUES(?,?,?,?,?,?,?,?,?,?,"
		"?,?,?,?,?,?,?,?,?,?)",
		-1, &st, NULL) != SQLITE_OK)
		return db_error(err, l->db, l->path);
	bind_run(st, r, l->host);
	sqlite3_bind_double(st, 19, now_s());
	if (r->key[0])
		sqlite3_bind_text(st, 20, r->key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = db_error(err, l->db, l->path);
	sqlite3_finalize(st);
	if (rc)
		return rc;
	r->id = sqlite3_last_insert_rowid(l->db);
	return write_children(l, r, fp, err);
}

/* Same figure, NaN included. */
static int same(double a, double b)
{
	return a == b || (isnan(a) && isnan(b));
}

int lca_ledger_put_run(lca_ledger *l, lca_run *r, const lca_footprint *fp,
		       int *outcome, lca_error *err)
{
	if (l->pg)
		return lca__pg_put_run(l->pg, r, fp, outcome, err);
	sqlite3_stmt *st = NULL;
	int rc;

	*outcome = LCA_PUT_NEW;
	if (!r->key[0])
		return lca_ledger_add_run(l, r, fp, err);
	if (sqlite3_prepare_v2(l->db,
			       "SELECT id,start,\"end\",energy_kwh FROM runs "
			       "WHERE key=?",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(err, l->db, l->path);
	sqlite3_bind_text(st, 1, r->key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		r->id = sqlite3_column_int64(st, 0);
		*outcome = same(col_num(st, 1), r->start) &&
				   same(col_num(st, 2), r->end) &&
				   same(col_num(st, 3), r->energy_kwh)
			       ? LCA_PUT_SAME
			       : LCA_PUT_UPDATED;
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		rc = 0;
	} else {
		rc = db_error(err, l->db, l->path);
	}
	sqlite3_finalize(st);
	if (rc || *outcome == LCA_PUT_SAME)
		return rc;
	return *outcome == LCA_PUT_NEW ? lca_ledger_add_run(l, r, fp, err)
				       : lca_ledger_update_run(l, r, fp, err);
}

int lca_ledger_update_run(lca_ledger *l, const lca_run *r,
			  const lca_footprint *fp, lca_error *err)
{
	if (l->pg)
		return lca__pg_update_run(l->pg, r, fp, err);
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if (sqlite3_prepare_v2(
		l->db,
		"UPDATE runs SET source=?1,name=?2,status=?3,method=?4,"
		"start=?5,\"end\"=?6,energy_kwh=?7,facility_energy_kwh=?8,"
		"operational_kgco2e=?9,embodied_kgco2e=?10,total_kgco2e=?11,"
		"pue=?12,grid=?13,gpu=?14,devices=?15,exit_status=?16,pid=?17,"
		"host=?18 WHERE id=?19",
		-1, &st, NULL) != SQLITE_OK)
		return db_error(err, l->db, l->path);
	bind_run(st, r, l->host);
	sqlite3_bind_int64(st, 19, r->id);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = db_error(err, l->db, l->path);
	sqlite3_finalize(st);
	if (rc)
		return rc;
	return write_children(l, r, fp, err);
}

int lca_ledger_add_sample(lca_ledger *l, long long run_id, double t,
			  const char *device, double watts, double joules,
			  lca_error *err)
{
	if (l->pg)
		return lca__pg_add_sample(l->pg, run_id, t, device, watts,
					  joules, err);
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if (sqlite3_prepare_v2(l->db,
			       "INSERT INTO samples(run_id,t,device,watts,"
			       "joules) VALUES(?,?,?,?,?)",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(err, l->db, l->path);
	sqlite3_bind_int64(st, 1, run_id);
	sqlite3_bind_double(st, 2, t);
	sqlite3_bind_text(st, 3, device, -1, SQLITE_STATIC);
	bind_num(st, 4, watts);
	bind_num(st, 5, joules);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = db_error(err, l->db, l->path);
	sqlite3_finalize(st);
	return rc;
}

static const char run_cols[] =
    "SELECT id,source,name,status,method,start,\"end\",energy_kwh,"
    "facility_energy_kwh,operational_kgco2e,embodied_kgco2e,total_kgco2e,"
    "pue,grid,gpu,devices,exit_status,pid,host,key FROM runs";

static void read_run(lca_ledger *l, sqlite3_stmt *st, lca_run *r)
{
	char host[128];

	lca_run_init(r);
	r->id = sqlite3_column_int64(st, 0);
	col_str(st, 1, r->source, sizeof(r->source));
	col_str(st, 2, r->name, sizeof(r->name));
	col_str(st, 3, r->status, sizeof(r->status));
	col_str(st, 4, r->method, sizeof(r->method));
	r->start = col_num(st, 5);
	r->end = col_num(st, 6);
	r->energy_kwh = col_num(st, 7);
	r->facility_energy_kwh = col_num(st, 8);
	r->operational_kgco2e = col_num(st, 9);
	r->embodied_kgco2e = col_num(st, 10);
	r->total_kgco2e = col_num(st, 11);
	r->pue = col_num(st, 12);
	r->grid_gco2_per_kwh = col_num(st, 13);
	col_str(st, 14, r->gpu, sizeof(r->gpu));
	r->devices = col_num(st, 15);
	r->exit_status = sqlite3_column_int(st, 16);
	r->pid = sqlite3_column_int64(st, 17);
	col_str(st, 18, host, sizeof(host));
	col_str(st, 19, r->key, sizeof(r->key));
	/* A tracked run whose writer died (kill -9) keeps what it committed
	 * and reads as interrupted. */
	if (!strcmp(r->status, "running") && r->pid > 0 &&
	    !strcmp(host, l->host) && kill((pid_t)r->pid, 0) && errno == ESRCH)
		lca__strlcpy(r->status, "interrupted", sizeof(r->status));
}

static int read_devices(lca_ledger *l, lca_run *r, lca_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(l->db,
			       "SELECT device,kind,samples,first,last,"
			       "energy_j,gaps,gap_s FROM run_devices WHERE "
			       "run_id=? ORDER BY rowid",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(err, l->db, l->path);
	sqlite3_bind_int64(st, 1, r->id);
	r->ndev = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW &&
	       r->ndev < LCA_RUN_MAX_DEVICES) {
		lca_run_device *d = &r->dev[r->ndev++];
		col_str(st, 0, d->device, sizeof(d->device));
		col_str(st, 1, d->kind, sizeof(d->kind));
		d->samples = sqlite3_column_int64(st, 2);
		d->first = col_num(st, 3);
		d->last = col_num(st, 4);
		d->energy_j = col_num(st, 5);
		d->gaps = sqlite3_column_int64(st, 6);
		d->gap_s = col_num(st, 7);
	}
	rc = (rc == SQLITE_ROW || rc == SQLITE_DONE)
		 ? 0
		 : db_error(err, l->db, l->path);
	sqlite3_finalize(st);
	return rc;
}

int lca_ledger_get_run(lca_ledger *l, long long id, lca_run *out,
		       lca_error *err)
{
	if (l->pg)
		return lca__pg_get_run(l->pg, id, out, err);
	sqlite3_stmt *st = NULL;
	char sql[512], where[32];
	int rc;

	lca__fmt(sql, sizeof(sql), "%s WHERE id=?", run_cols);
	if (sqlite3_prepare_v2(l->db, sql, -1, &st, NULL) != SQLITE_OK)
		return db_error(err, l->db, l->path);
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		read_run(l, st, out);
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		lca__fmt(where, sizeof(where), "%lld", id);
		rc = lca_error_set(err, LCA_ENOTFOUND, "lca runs",
				   "no run '%s' in the ledger", where);
	} else {
		rc = db_error(err, l->db, l->path);
	}
	sqlite3_finalize(st);
	if (!rc)
		rc = read_devices(l, out, err);
	if (!rc)
		rc = read_tags(l, out, err);
	return rc;
}

int lca_ledger_each_run(lca_ledger *l, int (*fn)(const lca_run *r, void *ud),
			void *ud, lca_error *err)
{
	if (l->pg)
		return lca__pg_each_run(l->pg, fn, ud, err);
	sqlite3_stmt *st = NULL;
	char sql[512];
	lca_run *r;
	int rc;

	r = malloc(sizeof(*r));
	if (!r)
		return lca_error_set(err, LCA_ENOMEM, "ledger",
				     "out of memory");
	lca__fmt(sql, sizeof(sql), "%s ORDER BY id", run_cols);
	if (sqlite3_prepare_v2(l->db, sql, -1, &st, NULL) != SQLITE_OK) {
		free(r);
		return db_error(err, l->db, l->path);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_run(l, st, r);
		if (read_tags(l, r, err)) {
			sqlite3_finalize(st);
			free(r);
			return LCA_EDB;
		}
		if (fn(r, ud))
			break;
	}
	rc = (rc == SQLITE_ROW || rc == SQLITE_DONE)
		 ? 0
		 : db_error(err, l->db, l->path);
	sqlite3_finalize(st);
	free(r);
	return rc;
}

int lca_ledger_each_assumption(lca_ledger *l, long long id,
			       int (*fn)(const char *name, const char *value,
					 const char *unit, const char *source,
					 void *ud),
			       void *ud, lca_error *err)
{
	if (l->pg)
		return lca__pg_each_assumption(l->pg, id, fn, ud, err);
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(l->db,
			       "SELECT name,value,unit,source FROM assumptions "
			       "WHERE run_id=? ORDER BY seq",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(err, l->db, l->path);
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (fn((const char *)sqlite3_column_text(st, 0),
		       (const char *)sqlite3_column_text(st, 1),
		       (const char *)sqlite3_column_text(st, 2),
		       (const char *)sqlite3_column_text(st, 3), ud))
			break;
	rc = (rc == SQLITE_ROW || rc == SQLITE_DONE)
		 ? 0
		 : db_error(err, l->db, l->path);
	sqlite3_finalize(st);
	return rc;
}

int lca_ledger_rm_run(lca_ledger *l, long long id, lca_error *err)
{
	sqlite3_stmt *st = NULL;
	char where[32];
	int rc, n = 0;

	if (l->pg) {
		rc = lca_ledger_begin(l, err);
		if (!rc)
			rc = lca__pg_rm_run(l->pg, id, err);
		if (rc) {
			lca_ledger_rollback(l);
			return rc;
		}
		return lca_ledger_commit(l, err);
	}
	rc = lca_ledger_begin(l, err);
	if (rc)
		return rc;
	if (sqlite3_prepare_v2(l->db, "DELETE FROM runs WHERE id=?", -1, &st,
			       NULL) != SQLITE_OK) {
		rc = db_error(err, l->db, l->path);
		goto done;
	}
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = db_error(err, l->db, l->path);
	else
		n = sqlite3_changes(l->db);
	if (!rc && !n) {
		lca__fmt(where, sizeof(where), "%lld", id);
		rc = lca_error_set(err, LCA_ENOTFOUND, "lca runs rm",
				   "no run '%s' in the ledger", where);
	}
done:
	sqlite3_finalize(st);
	if (rc) {
		lca_ledger_rollback(l);
		return rc;
	}
	return lca_ledger_commit(l, err);
}

int lca_ledger_each_sample(lca_ledger *l, long long id,
			   int (*fn)(double t, const char *device, double watts,
				     double joules, void *ud),
			   void *ud, lca_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (l->pg)
		return lca__pg_each_sample(l->pg, id, fn, ud, err);
	if (sqlite3_prepare_v2(l->db,
			       "SELECT t,device,watts,joules FROM samples "
			       "WHERE run_id=? ORDER BY t, device",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(err, l->db, l->path);
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (fn(sqlite3_column_double(st, 0),
		       (const char *)sqlite3_column_text(st, 1), col_num(st, 2),
		       col_num(st, 3), ud))
			break;
	rc = (rc == SQLITE_ROW || rc == SQLITE_DONE)
		 ? 0
		 : db_error(err, l->db, l->path);
	sqlite3_finalize(st);
	return rc;
}

/* ---- the spool ---------------------------------------------------------- */

void lca_ledger_spool_dir(char *out, size_t n)
{
	const char *xdg = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");

	if (xdg && *xdg)
		lca__fmt(out, n, "%s/lca/spool", xdg);
	else if (home && *home)
		lca__fmt(out, n, "%s/.local/state/lca/spool", home);
	else
		lca__fmt(out, n, "lca-spool");
}

/* The columns a spooled run carries over (all but id). */
#define SPOOL_COLS                                                             \
	"source,name,status,method,start,\"end\",energy_kwh,"                  \
	"facility_energy_kwh,operational_kgco2e,embodied_kgco2e,total_kgco2e," \
	"pue,grid,gpu,devices,exit_status,pid,host,created,key"

/* Moves the runs of one attached spool ledger ("sp") into main. */
static int flush_one(lca_ledger *l, int *moved, lca_error *err)
{
	static const char *const children[] = {
	    "DELETE FROM main.run_devices WHERE run_id=?1",
	    "DELETE FROM main.assumptions WHERE run_id=?1",
	    "DELETE FROM main.samples WHERE run_id=?1 AND t IN (SELECT t "
	    "FROM sp.samples WHERE run_id=?2)",
	    "INSERT INTO main.run_devices SELECT ?1,device,kind,samples,first,"
	    "last,energy_j,gaps,gap_s FROM sp.run_devices WHERE run_id=?2",
	    "INSERT INTO main.assumptions SELECT ?1,seq,name,value,unit,source "
	    "FROM sp.assumptions WHERE run_id=?2",
	    "INSERT INTO main.samples SELECT ?1,t,device,watts,joules FROM "
	    "sp.samples WHERE run_id=?2",
	    "DELETE FROM main.run_tags WHERE run_id=?1",
	    "INSERT INTO main.run_tags SELECT ?1,seq,key,value FROM "
	    "sp.run_tags WHERE run_id=?2",
	};
	sqlite3_stmt *runs = NULL, *st = NULL;
	long long old, id;
	size_t i;
	int rc = 0;

	if (sqlite3_prepare_v2(l->db, "SELECT id,key FROM sp.runs", -1, &runs,
			       NULL) != SQLITE_OK)
		return db_error(err, l->db, l->path);
	while (!rc && sqlite3_step(runs) == SQLITE_ROW) {
		old = sqlite3_column_int64(runs, 0);
		id = 0;
		/* a run already in the ledger (its earlier intervals, or an
		 * earlier flush) takes the spooled figures */
		if (sqlite3_prepare_v2(l->db,
				       "UPDATE main.runs SET (" SPOOL_COLS
				       ")=(SELECT " SPOOL_COLS
				       " FROM sp.runs WHERE id=?1) WHERE "
				       "key=?2 RETURNING id",
				       -1, &st, NULL) != SQLITE_OK)
			break;
		sqlite3_bind_int64(st, 1, old);
		sqlite3_bind_value(st, 2, sqlite3_column_value(runs, 1));
		if (sqlite3_step(st) == SQLITE_ROW)
			id = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
		st = NULL;
		if (!id) {
			if (sqlite3_prepare_v2(
				l->db,
				"INSERT INTO main.runs(" SPOOL_COLS
				") SELECT " SPOOL_COLS
				" FROM sp.runs WHERE id=?1",
				-1, &st, NULL) != SQLITE_OK)
				break;
			sqlite3_bind_int64(st, 1, old);
			if (sqlite3_step(st) != SQLITE_DONE)
				rc = db_error(err, l->db, l->path);
			sqlite3_finalize(st);
			st = NULL;
			id = sqlite3_last_insert_rowid(l->db);
		}
		for (i = 0; !rc && i < sizeof(children) / sizeof(*children);
		     i++) {
			if (sqlite3_prepare_v2(l->db, children[i], -1, &st,
					       NULL) != SQLITE_OK) {
				rc = db_error(err, l->db, l->path);
				break;
			}
			sqlite3_bind_int64(st, 1, id);
			sqlite3_bind_int64(st, 2, old);
			if (sqlite3_step(st) != SQLITE_DONE)
				rc = db_error(err, l->db, l->path);
			sqlite3_finalize(st);
			st = NULL;
		}
		if (!rc)
			(*moved)++;
	}
	if (!rc && sqlite3_errcode(l->db) != SQLITE_OK &&
	    sqlite3_errcode(l->db) != SQLITE_DONE &&
	    sqlite3_errcode(l->db) != SQLITE_ROW)
		rc = db_error(err, l->db, l->path);
	sqlite3_finalize(runs);
	return rc;
}

int lca_ledger_flush(lca_ledger *l, int *moved, lca_error *err)
{
	char dir[1024], path[1400];
	sqlite3_stmt *st = NULL;
	struct dirent *e;
	DIR *d;
	int rc = 0, n;

	*moved = 0;
	lca_ledger_spool_dir(dir, sizeof(dir));
	d = opendir(dir);
	if (!d)
		return 0; /* nothing spooled */
	while (!rc && (e = readdir(d))) {
		size_t len = strlen(e->d_name);
		if (len < 4 || strcmp(e->d_name + len - 3, ".db"))
			continue;
		lca__fmt(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (l->pg) {
			/* a spool file is a small SQLite ledger: copied by
			 * its keys like any other */
			lca_ledger *sp = NULL;
			int counts[3];
			rc = lca_ledger_open(&sp, path, err);
			if (!rc)
				rc = lca_ledger_copy(sp, l, counts, err);
			lca_ledger_free(sp);
			if (rc)
				break;
			*moved += counts[0] + counts[1] + counts[2];
			goto unlink_spool;
		}
		if (sqlite3_prepare_v2(l->db, "ATTACH DATABASE ?1 AS sp", -1,
				       &st, NULL) != SQLITE_OK)
			return db_error(err, l->db, l->path);
		sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
		rc = sqlite3_step(st) == SQLITE_DONE
			 ? 0
			 : db_error(err, l->db, path);
		sqlite3_finalize(st);
		if (rc)
			break;
		n = 0;
		rc = lca_ledger_begin(l, err);
		if (!rc)
			rc = flush_one(l, &n, err);
		if (!rc)
			rc = lca_ledger_commit(l, err);
		else
			lca_ledger_rollback(l);
		sqlite3_exec(l->db, "DETACH DATABASE sp", NULL, NULL, NULL);
		if (!rc)
			*moved += n;
	unlink_spool:
		if (!rc) {
			lca__fmt(path, sizeof(path), "%s/%s", dir, e->d_name);
			unlink(path);
			lca__fmt(path, sizeof(path), "%s/%s-wal", dir,
				 e->d_name);
			unlink(path);
			lca__fmt(path, sizeof(path), "%s/%s-shm", dir,
				 e->d_name);
			unlink(path);
		}
	}
	closedir(d);
	return rc;
}

/* ---- profiles ----------------------------------------------------------- */

static int take_first(lca_run *r, void *ud, lca_error *err)
{
	lca_run *out = ud;

	(void)err;
	if (out->ndev == 0 && isnan(out->energy_kwh))
		*out = *r;
	return 0;
}

/* A profile's per-interval sums, fed one sample time at a time. */
typedef struct interval_acc {
	double t0, prev, sum, sum2, j, n;
	double pend_t, pend_j; /* PostgreSQL: the time being summed */
	int got_samples;
} interval_acc;

static void add_interval(double t, double e, void *ud)
{
	interval_acc *a = ud;
	double dt = t - a->prev;

	a->got_samples = 1;
	a->prev = t;
	if (t - dt < a->t0 - 1e-9 || dt <= 0)
		return; /* interval starts inside the warm-up */
	a->j += e;
	a->sum += e / dt;
	a->sum2 += (e / dt) * (e / dt);
	a->n++;
}

/* One device's sample (PostgreSQL): summed with the others of its time,
 * an interval added when the time moves on. */
static int add_sample(double t, const char *device, double watts, double joules,
		      void *ud)
{
	interval_acc *a = ud;

	(void)device;
	(void)watts;
	if (!isnan(a->pend_t) && t != a->pend_t) {
		add_interval(a->pend_t, a->pend_j, a);
		a->pend_j = 0;
	}
	a->pend_t = t;
	a->pend_j += isnan(joules) ? 0 : joules;
	return 0;
}

static int profile_from_run(lca_ledger *l, long long id, double warmup_s,
			    lca_profile *p, lca_run *r, lca_error *err)
{
	sqlite3_stmt *st = NULL;
	interval_acc a = {0};
	double sum, sum2, j, n;
	int rc, got_samples;

	rc = lca_ledger_get_run(l, id, r, err);
	if (rc)
		return rc;
	a.t0 = r->start + warmup_s;
	a.prev = r->start;
	if (l->pg) {
		/* samples in time order, summed over devices per time */
		a.pend_t = LCA_NAN;
		rc = lca__pg_each_sample(l->pg, id, add_sample, &a, err);
		if (rc)
			return rc;
		if (!isnan(a.pend_t))
			add_interval(a.pend_t, a.pend_j, &a);
	} else {
		if (sqlite3_prepare_v2(l->db,
				       "SELECT t, sum(joules) FROM samples "
				       "WHERE run_id=? GROUP BY t ORDER BY t",
				       -1, &st, NULL) != SQLITE_OK)
			return db_error(err, l->db, l->path);
		sqlite3_bind_int64(st, 1, id);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			add_interval(sqlite3_column_double(st, 0),
				     sqlite3_column_double(st, 1), &a);
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			return db_error(err, l->db, l->path);
	}
	sum = a.sum;
	sum2 = a.sum2;
	j = a.j;
	n = a.n;
	got_samples = a.got_samples;
	p->cv = LCA_NAN;
	if (!n && !got_samples) {
		/* An ingested run keeps its totals, not per-interval samples:
		 * the profile is the whole run. */
		if (warmup_s > 0)
			return lca_error_set(err, LCA_EUSAGE, "--warmup",
					     "run %lld has totals only, no "
					     "readings to leave a warm-up out "
					     "of (give --warmup 0)",
					     id);
		p->energy_kwh = r->energy_kwh;
		p->seconds = r->end - r->start;
		p->intervals = 0;
		return 0;
	}
	p->energy_kwh = j / 3.6e6;
	p->seconds = n ? r->end - a.t0 : 0;
	p->intervals = (long long)n;
	if (n >= 2 && sum > 0) {
		double mean = sum / n;
		double var = (sum2 - n * mean * mean) / (n - 1);
		p->cv = sqrt(var > 0 ? var : 0) / mean;
	}
	return 0;
}

int lca_profile_load(lca_ledger *l, const char *ref, double warmup_s,
		     lca_profile *p, lca_run *r, lca_error *err)
{
	lca_ingest_opts o = {NULL, 60.0, 0};
	char *end;
	long long id = strtoll(ref, &end, 10);
	int rc;

	p->warmup_s = warmup_s;
	if (*ref && !*end && l)
		return profile_from_run(l, id, warmup_s, p, r, err);
	o.warmup_s = warmup_s;
	lca_run_init(r);
	r->energy_kwh = LCA_NAN;
	rc = lca_ingest_file(ref, &o, take_first, r, err);
	if (rc)
		return rc;
	p->energy_kwh = r->energy_kwh;
	p->seconds = r->end - r->start - warmup_s;
	p->intervals = 0;
	p->cv = LCA_NAN;
	return 0;
}
