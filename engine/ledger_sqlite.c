/* SPDX-License-Identifier: MIT */
/* ledger_sqlite.c: the ledger's SQLite store (WAL, a versioned schema,
 * writers waiting on each other's lock), behind ledger_store.h. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "lca_int.h"
#include "ledger_store.h"
#include "banned.h"

struct lca__store {
	sqlite3 *db;
	char path[1024];
	int schema;
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
    /* 5: Slurm jobs (lca slurm epilog): the job's fields, a row per node */
    ("ALTER TABLE runs ADD COLUMN job_id TEXT;"
     "ALTER TABLE runs ADD COLUMN \"user\" TEXT;"
     "ALTER TABLE runs ADD COLUMN account TEXT;"
     "ALTER TABLE runs ADD COLUMN \"partition\" TEXT;"
     "ALTER TABLE runs ADD COLUMN exit_state TEXT;"
     "CREATE INDEX runs_job ON runs(job_id);"
     "CREATE TABLE run_nodes(run_id INTEGER NOT NULL REFERENCES runs(id)"
     " ON DELETE CASCADE, seq INTEGER, node TEXT NOT NULL, gpus TEXT,"
     " start REAL, \"end\" REAL, energy_kwh REAL, facility_energy_kwh REAL,"
     " operational_kgco2e REAL, embodied_kgco2e REAL, total_kgco2e REAL,"
     " PRIMARY KEY(run_id, node));"),
};
#define NMIGRATIONS ((int)(sizeof(migrations) / sizeof(migrations[0])))

/* How long a writer waits for another's lock (ms). */
#define BUSY_MS 60000

static int db_error(lca_error *err, sqlite3 *db, const char *what)
{
	return lca_error_set(err, LCA_EDB, what, "ledger database error: %s",
			     sqlite3_errmsg(db));
}

static int exec(lca__store *s, const char *sql, lca_error *err)
{
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_error(err, s->db, s->path);
	return 0;
}

/* ---- statements --------------------------------------------------------- */

static int bind_args(sqlite3_stmt *st, const lca__args *p)
{
	int i, rc = SQLITE_OK;

	for (i = 0; p && rc == SQLITE_OK && i < p->n; i++) {
		switch (p->a[i].type) {
		case LCA__ARG_INT:
			rc = sqlite3_bind_int64(st, i + 1, p->a[i].i);
			break;
		case LCA__ARG_NUM:
			rc = sqlite3_bind_double(st, i + 1, p->a[i].d);
			break;
		case LCA__ARG_STR:
			rc = sqlite3_bind_text(st, i + 1, p->a[i].s, -1,
					       SQLITE_STATIC);
			break;
		default:
			rc = sqlite3_bind_null(st, i + 1);
		}
	}
	return rc;
}

static int sq_query(lca__store *s, const char *sql, const lca__args *args,
		    int (*fn)(const lca__row *row, void *ud), void *ud,
		    lca_error *err)
{
	sqlite3_stmt *st = NULL;
	char small[1024], *q = small;
	size_t i, n = strlen(sql);
	int rc;

	/* $N, as both engines' SQL is written, is ?N to SQLite */
	if (n >= sizeof(small) && !(q = malloc(n + 1)))
		return lca_error_set(err, LCA_ENOMEM, s->path, "out of memory");
	for (i = 0; i <= n; i++)
		q[i] = sql[i] == '$' ? '?' : sql[i];
	rc = sqlite3_prepare_v2(s->db, q, -1, &st, NULL);
	if (q != small)
		free(q);
	if (rc != SQLITE_OK || bind_args(st, args) != SQLITE_OK) {
		rc = db_error(err, s->db, s->path);
		sqlite3_finalize(st);
		return rc;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (fn && fn((const lca__row *)st, ud))
			break;
	rc = (rc == SQLITE_ROW || rc == SQLITE_DONE)
		 ? 0
		 : db_error(err, s->db, s->path);
	sqlite3_finalize(st);
	return rc;
}

static double sq_num(const lca__row *row, int col)
{
	sqlite3_stmt *st = (sqlite3_stmt *)row;

	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return LCA_NAN;
	return sqlite3_column_double(st, col);
}

static long long sq_i64(const lca__row *row, int col)
{
	return sqlite3_column_int64((sqlite3_stmt *)row, col);
}

static const char *sq_text(const lca__row *row, int col)
{
	return (const char *)sqlite3_column_text((sqlite3_stmt *)row, col);
}

/* ---- transactions ------------------------------------------------------- */

static int sq_begin(lca__store *s, double wait_s, lca_error *err)
{
	int tries, rc = SQLITE_BUSY;

	if (wait_s >= 0) {
		/* lca track must not wait on another writer's lock */
		sqlite3_busy_timeout(s->db, (int)(wait_s * 1000));
		rc = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		sqlite3_busy_timeout(s->db, BUSY_MS);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			return 1;
	}
	/* The busy timeout waits inside SQLite; a writer that still finds
	 * the database locked (a checkpoint, a slow disk) tries again. */
	for (tries = 0; wait_s < 0 && tries < 20; tries++) {
		rc = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
			break;
	}
	if (rc != SQLITE_OK)
		return db_error(err, s->db, s->path);
	return 0;
}

static void sq_rollback(lca__store *s)
{
	if (!sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

static int sq_commit(lca__store *s, lca_error *err)
{
	int tries, rc = SQLITE_BUSY;

	for (tries = 0; tries < 20; tries++) {
		rc = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
		if (rc != SQLITE_BUSY)
			break;
	}
	if (rc != SQLITE_OK) {
		int e = db_error(err, s->db, s->path);
		sq_rollback(s);
		return e;
	}
	return 0;
}

/* ---- opening and migrations ------------------------------------------- */

static int user_version(lca__store *s)
{
	sqlite3_stmt *st = NULL;
	int v = -1;

	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) ==
		SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

static int migrate(lca__store *s, lca_error *err)
{
	char sql[64];
	int v, rc;

	v = user_version(s);
	if (v == NMIGRATIONS) {
		s->schema = v;
		return 0;
	}
	rc = sq_begin(s, -1, err);
	if (rc)
		return rc;
	v = user_version(s); /* another process may have migrated */
	if (v > NMIGRATIONS) {
		sq_rollback(s);
		return lca_error_set(err, LCA_EDB, s->path,
				     "ledger schema %d is newer than this lca "
				     "(%d)",
				     v, NMIGRATIONS);
	}
	for (rc = 0; !rc && v >= 0 && v < NMIGRATIONS; v++) {
		rc = exec(s, migrations[v], err);
		if (!rc) {
			lca__fmt(sql, sizeof(sql), "PRAGMA user_version=%d",
				 v + 1);
			rc = exec(s, sql, err);
		}
	}
	if (!rc)
		rc = sq_commit(s, err);
	if (rc) {
		sq_rollback(s);
		return rc;
	}
	s->schema = NMIGRATIONS;
	return 0;
}

/*
 * The ledger as a reader only: read-only, else (a WAL file in a folder
 * nobody may write: no -shm can be made) immutable, which is safe where no
 * one can write either.
 */
static int open_readonly(lca__store *s, lca_error *err)
{
	char uri[2200];
	size_t n = 0;
	const char *p;
	int k;

	for (k = 0; k < 2; k++) {
		sqlite3_close(s->db);
		s->db = NULL;
		if (k == 0) {
			if (sqlite3_open_v2(s->path, &s->db,
					    SQLITE_OPEN_READONLY,
					    NULL) != SQLITE_OK)
				continue;
		} else {
			n = 0;
			lca__fmt(uri, sizeof(uri), "file:");
			n = strlen(uri);
			for (p = s->path; *p && n < sizeof(uri) - 20; p++) {
				if (*p == '%' || *p == '?' || *p == '#')
					lca__fmt(uri + n, sizeof(uri) - n,
						 "%%%02X", (unsigned char)*p);
				else
					uri[n] = *p, uri[n + 1] = '\0';
				n = strlen(uri);
			}
			lca__fmt(uri + n, sizeof(uri) - n, "?immutable=1");
			if (sqlite3_open_v2(uri, &s->db,
					    SQLITE_OPEN_READONLY |
						SQLITE_OPEN_URI,
					    NULL) != SQLITE_OK)
				continue;
		}
		if (user_version(s) == NMIGRATIONS) {
			sqlite3_busy_timeout(s->db, BUSY_MS);
			s->schema = NMIGRATIONS;
			return 0;
		}
		if (user_version(s) >= 0)
			return lca_error_set(
			    err, LCA_EDB, s->path,
			    "ledger is read-only and needs its "
			    "schema migrated (open it once "
			    "with write access)");
	}
	return LCA_EDB; /* err keeps the read-write open's error */
}

/* ---- the spool ---------------------------------------------------------- */

/* The columns a spooled run carries over (all but id). */
#define SPOOL_COLS                                                             \
	"source,name,status,method,start,\"end\",energy_kwh,"                  \
	"facility_energy_kwh,operational_kgco2e,embodied_kgco2e,total_kgco2e," \
	"pue,grid,gpu,devices,exit_status,pid,host,created,key,job_id,"        \
	"\"user\",account,\"partition\",exit_state"

/* Moves the runs of one attached spool ledger ("sp") into main. */
static int flush_one(lca__store *s, int *moved, lca_error *err)
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

	if (sqlite3_prepare_v2(s->db, "SELECT id,key FROM sp.runs", -1, &runs,
			       NULL) != SQLITE_OK)
		return db_error(err, s->db, s->path);
	while (!rc && sqlite3_step(runs) == SQLITE_ROW) {
		old = sqlite3_column_int64(runs, 0);
		id = 0;
		/* a run already in the ledger (its earlier intervals, or an
		 * earlier flush) takes the spooled figures */
		if (sqlite3_prepare_v2(s->db,
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
				s->db,
				"INSERT INTO main.runs(" SPOOL_COLS
				") SELECT " SPOOL_COLS
				" FROM sp.runs WHERE id=?1",
				-1, &st, NULL) != SQLITE_OK)
				break;
			sqlite3_bind_int64(st, 1, old);
			if (sqlite3_step(st) != SQLITE_DONE)
				rc = db_error(err, s->db, s->path);
			sqlite3_finalize(st);
			st = NULL;
			id = sqlite3_last_insert_rowid(s->db);
		}
		for (i = 0; !rc && i < sizeof(children) / sizeof(*children);
		     i++) {
			if (sqlite3_prepare_v2(s->db, children[i], -1, &st,
					       NULL) != SQLITE_OK) {
				rc = db_error(err, s->db, s->path);
				break;
			}
			sqlite3_bind_int64(st, 1, id);
			sqlite3_bind_int64(st, 2, old);
			if (sqlite3_step(st) != SQLITE_DONE)
				rc = db_error(err, s->db, s->path);
			sqlite3_finalize(st);
			st = NULL;
		}
		if (!rc)
			(*moved)++;
	}
	if (!rc && sqlite3_errcode(s->db) != SQLITE_OK &&
	    sqlite3_errcode(s->db) != SQLITE_DONE &&
	    sqlite3_errcode(s->db) != SQLITE_ROW)
		rc = db_error(err, s->db, s->path);
	sqlite3_finalize(runs);
	return rc;
}

static void sq_close(lca__store *s)
{
	if (!s)
		return;
	sq_rollback(s);
	sqlite3_close(s->db);
	free(s);
}

static int sq_flush_file(lca__store *s, const char *path, int *moved,
			 lca_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc, n = 0;

	if (sqlite3_prepare_v2(s->db, "ATTACH DATABASE ?1 AS sp", -1, &st,
			       NULL) != SQLITE_OK)
		return db_error(err, s->db, s->path);
	sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_error(err, s->db, path);
	sqlite3_finalize(st);
	if (rc)
		return rc;
	rc = sq_begin(s, -1, err);
	if (!rc)
		rc = flush_one(s, &n, err);
	if (!rc)
		rc = sq_commit(s, err);
	else
		sq_rollback(s);
	sqlite3_exec(s->db, "DETACH DATABASE sp", NULL, NULL, NULL);
	if (!rc)
		*moved += n;
	return rc;
}

static const lca__store_ops sqlite_ops = {
    .name = "sqlite",
    .query = sq_query,
    .num = sq_num,
    .i64 = sq_i64,
    .text = sq_text,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .flush_file = sq_flush_file,
    .close = sq_close,
    /* schema 1 has no position column: devices keep their insert order */
    .device_order = "rowid",
    .device_insert = "INSERT INTO run_devices(run_id,device,kind,samples,"
		     "first,last,energy_j,gaps,gap_s) VALUES($1,$3,$4,$5,$6,"
		     "$7,$8,$9,$10) ON CONFLICT(run_id,device) DO UPDATE SET "
		     "kind=excluded.kind,samples=excluded.samples,first="
		     "excluded.first,last=excluded.last,energy_j=excluded."
		     "energy_j,gaps=excluded.gaps,gap_s=excluded.gap_s",
};

int lca__sqlite_open(const lca__store_ops **ops, lca__store **out,
		     const char *path, int *schema, lca_error *err)
{
	lca__store *s;
	int rc = 0, tries;

	*out = NULL;
	s = calloc(1, sizeof(*s));
	if (!s)
		return lca_error_set(err, LCA_ENOMEM, "ledger",
				     "out of memory");
	lca__strlcpy(s->path, path, sizeof(s->path));
	lca__mkdir_parents(s->path);
	if (sqlite3_open_v2(s->path, &s->db,
			    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
			    NULL) != SQLITE_OK) {
		rc = lca_error_set(
		    err, LCA_EDB, s->path, "cannot open ledger database: %s",
		    s->db ? sqlite3_errmsg(s->db) : "out of memory");
		goto done;
	}
	/* Writers wait for each other rather than fail (8 at once in the
	 * tests); a minute covers any single run's transaction. */
	sqlite3_busy_timeout(s->db, BUSY_MS);
	/* Two connections opening a new file at once race to make it WAL and
	 * to migrate it; SQLite answers the loser "database is locked" at
	 * once, without the busy handler.  Try again: by then the winner has
	 * finished and the loser finds the schema in place. */
	for (tries = 0; tries < 100; tries++) {
		rc = exec(s, "PRAGMA journal_mode=WAL", err);
		if (!rc)
			rc = exec(s,
				  "PRAGMA synchronous=NORMAL; "
				  "PRAGMA foreign_keys=ON",
				  err);
		if (!rc)
			rc = migrate(s, err);
		if (!rc || ((sqlite3_errcode(s->db) & 0xff) != SQLITE_BUSY &&
			    (sqlite3_errcode(s->db) & 0xff) != SQLITE_LOCKED))
			break;
		sqlite3_sleep(10);
	}
	/* a ledger this user may not write (a shared one, a read-only
	 * mount) is still read: lca runs, report */
	if (rc && s->db &&
	    ((sqlite3_errcode(s->db) & 0xff) == SQLITE_READONLY ||
	     (sqlite3_errcode(s->db) & 0xff) == SQLITE_CANTOPEN) &&
	    !access(s->path, R_OK))
		rc = open_readonly(s, err);
done:
	if (rc) {
		sq_close(s);
		return rc;
	}
	*schema = s->schema;
	*ops = &sqlite_ops;
	*out = s;
	return 0;
}
