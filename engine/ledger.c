/* SPDX-License-Identifier: MIT */
/* ledger.c: the run ledger, measured runs and their footprints in SQLite. */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "lca_int.h"
#include "lca/ledger.h"
#include "lca/series.h"
#include "banned.h"

struct lca_ledger {
	sqlite3 *db;
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
};
#define NMIGRATIONS ((int)(sizeof(migrations) / sizeof(migrations[0])))

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

void lca_run_init(lca_run *r)
{
	/* hour_j past nhours is never read: leave its 70 KB alone */
	memset(r, 0, offsetof(lca_run, hour_j));
	r->start = r->end = LCA_NAN;
	r->energy_kwh = r->facility_energy_kwh = LCA_NAN;
	r->operational_kgco2e = r->embodied_kgco2e = LCA_NAN;
	r->total_kgco2e = r->pue = r->grid_gco2_per_kwh = LCA_NAN;
	r->devices = LCA_NAN;
	r->exit_status = -1;
	lca__strlcpy(r->status, "complete", sizeof(r->status));
	lca__strlcpy(r->method, "measured", sizeof(r->method));
}

void lca_run_total(lca_run *r)
{
	double j = 0, first = LCA_NAN, last = LCA_NAN;
	int i;

	for (i = 0; i < r->ndev; i++) {
		j += r->dev[i].energy_j;
		if (!isnan(r->dev[i].first) &&
		    (isnan(first) || r->dev[i].first < first))
			first = r->dev[i].first;
		if (!isnan(r->dev[i].last) &&
		    (isnan(last) || r->dev[i].last > last))
			last = r->dev[i].last;
	}
	r->energy_kwh = j / 3.6e6;
	if (isnan(r->start))
		r->start = first;
	if (isnan(r->end))
		r->end = last;
}

/* ---- energy per hour ---------------------------------------------------- */

/* Shares x among the hours of [a, b) in proportion to time: w[k] is the
 * hour first + k; hours outside w go to its ends (rounding at the edges). */
static void spread(double *w, long n, long long first, double a, double b,
		   double x)
{
	long long h0 = (long long)floor(a / 3600.0);
	long long h1 = (long long)floor(b / 3600.0), h;

	if (h1 > h0 && b == (double)h1 * 3600.0)
		h1--; /* ending on the hour: the hour before */
	for (h = h0; h <= h1; h++) {
		double lo = fmax(a, (double)h * 3600.0);
		double hi = fmin(b, (double)(h + 1) * 3600.0);
		long long k = h - first;
		if (k < 0)
			k = 0;
		if (k >= n)
			k = n - 1;
		w[k] += b > a ? x * (hi - lo) / (b - a) : x;
	}
}

void lca_run_add_energy(lca_run *r, double t0, double t1, double joules)
{
	long long h0, h1, first;
	long i;

	if (r->hours_over || !(joules > 0) || !(t1 >= t0))
		return;
	/* beyond 30 million years: not a time, and no hour fits */
	if (!(fabs(t0) < 1e15 && fabs(t1) < 1e15)) {
		r->hours_over = 1;
		return;
	}
	h0 = (long long)floor(t0 / 3600.0);
	h1 = (long long)floor(t1 / 3600.0);
	if (h1 > h0 && t1 == (double)h1 * 3600.0)
		h1--;
	if (!r->nhours)
		r->hour0 = h0 * 3600;
	first = r->hour0 / 3600;
	if (h0 < first) {
		long long shift = first - h0;
		if (shift + r->nhours > LCA_RUN_MAX_HOURS) {
			r->hours_over = 1;
			return;
		}
		memmove(r->hour_j + shift, r->hour_j,
			sizeof(double) * (size_t)r->nhours);
		for (i = 0; i < shift; i++)
			r->hour_j[i] = 0;
		r->nhours += (int)shift;
		r->hour0 = h0 * 3600;
		first = h0;
	}
	if (h1 - first >= LCA_RUN_MAX_HOURS) {
		r->hours_over = 1;
		return;
	}
	while (r->nhours <= h1 - first)
		r->hour_j[r->nhours++] = 0;
	spread(r->hour_j, r->nhours, first, t0, t1, joules);
}

/* Before 2000-01-01 UTC: a log of relative seconds, not calendar times;
 * from 10000-01-01 on: not a time ISO 8601 can write. */
#define CALENDAR_T0 946684800.0
#define CALENDAR_T1 253402300800.0
/* The longest window an hourly footprint takes (lca_series_window_mean). */
#define MAX_HOURLY_S (24.0 * 366 * 5 * 3600)

/*
 * The run's energy in each UTC hour from the one holding start, over
 * [start, start + dur): its measured hours moved to start (shared in
 * proportion to time where the move is not whole hours), else flat.
 * *out is malloc'd (the caller frees it).
 */
static int hour_weights(const lca_run *r, double start, double dur,
			double **out, long *n, int *measured, lca_error *err)
{
	long long first = (long long)floor(start / 3600.0);
	long long last =
	    dur > 0 ? (long long)ceil((start + dur) / 3600.0) - 1 : first;
	double *w, sum = 0;
	int i;

	*out = NULL;
	if (last - first >= 24LL * 366 * 5)
		return lca_error_set(err, LCA_ERANGE, "--start",
				     "run longer than 5 years for an hourly "
				     "footprint");
	*n = (long)(last - first + 1);
	w = calloc((size_t)*n, sizeof(double));
	if (!w)
		return lca_error_set(err, LCA_ENOMEM, "runs", "out of memory");
	for (i = 0; i < r->nhours && !r->hours_over; i++)
		sum += r->hour_j[i];
	*measured = sum > 0;
	if (*measured) {
		double delta = start - r->start;
		for (i = 0; i < r->nhours; i++) {
			double a = (double)r->hour0 + i * 3600.0;
			double b = a + 3600.0;
			if (!(r->hour_j[i] > 0))
				continue;
			/* only the part of the hour the run was in moves */
			if (fmax(a, r->start) < fmin(b, r->end)) {
				a = fmax(a, r->start);
				b = fmin(b, r->end);
			}
			spread(w, *n, first, a + delta, b + delta,
			       r->hour_j[i]);
		}
	} else {
		spread(w, *n, first, start, start + dur, 1);
	}
	*out = w;
	return 0;
}

/* Replaces the source of fp's assumption name (the first one). */
static void set_source(lca_footprint *fp, const char *name, const char *src)
{
	int i;

	for (i = 0; i < fp->nassumptions; i++) {
		lca_assumption *a = &fp->assumptions[i];
		char *copy;
		if (strcmp(a->name, name))
			continue;
		copy = strdup(src);
		if (copy) {
			free(a->source);
			a->source = copy;
		}
		return;
	}
}

/* ---- footprint through lca_compute ------------------------------------ */

static int copy_inputs(lca_inputs *dst, const lca_inputs *src, lca_error *err)
{
	int f, rc;

	for (f = 0; f < LCA_F__COUNT; f++) {
		if (!src->set[f] || f == LCA_F_START)
			continue; /* start: see run_start() */
		if (lca_field_info_get(f)->is_string)
			rc = lca_inputs_set_text(dst, f, src->str[f], "site",
						 err);
		else
			rc = lca_inputs_set_number(dst, f, src->num[f], "site",
						   err);
		if (rc)
			return rc;
	}
	return 0;
}

/* What start did to a run, for its assumptions. */
typedef struct run_start_info {
	int applied, own, measured;
	long hours;
	double t;
	char why[200];
} run_start_info;

/*
 * site's start ("run" or a time) into job: the start time, the run's
 * duration as hours, and its energy per hour as hour_weights (*w, freed
 * by the caller).  A run without calendar times or a duration keeps the
 * yearly figure (si->why).
 */
static int run_start(lca_job *job, const char *text, const lca_run *r,
		     double **w, run_start_info *si, lca_error *err)
{
	double dur = r->end - r->start;
	char iso[40];
	long long t;
	int rc;

	si->own = !strcmp(text, "run");
	if (si->own)
		si->t = r->start;
	else if (!lca_time_parse(text, &t))
		si->t = (double)t;
	else
		return lca_error_set(err, LCA_EUSAGE, "--start",
				     "unparsable time '%s' (ISO 8601, e.g. "
				     "2023-06-01T14:00Z, or 'run')",
				     text);
	if (si->own && !(r->start >= CALENDAR_T0 && r->start < CALENDAR_T1))
		lca__fmt(si->why, sizeof(si->why),
			 "--start run: the run's times are not calendar times "
			 "(relative seconds, or none), so the yearly grid "
			 "figure; give --start TIME");
	else if (!(dur >= 0))
		lca__fmt(si->why, sizeof(si->why),
			 "--start: the run has no start and end times, so the "
			 "yearly grid figure");
	else if (dur > MAX_HOURLY_S)
		lca__fmt(si->why, sizeof(si->why),
			 "--start: the run's readings span over 5 years, so "
			 "the yearly grid figure");
	if (si->why[0])
		return 0;
	rc = hour_weights(r, si->t, dur, w, &si->hours, &si->measured, err);
	if (rc)
		return rc;
	lca_time_format((long long)floor(si->t), iso, sizeof(iso));
	rc = lca_inputs_set_text(&job->flags, LCA_F_START, iso, "--start", err);
	if (!rc && dur > 0 && !job->flags.set[LCA_F_HOURS] &&
	    !job->flags.set[LCA_F_DAYS])
		rc = lca_inputs_set_number(&job->flags, LCA_F_HOURS,
					   dur / 3600.0, "run duration", err);
	job->hour_weights = *w;
	job->nhour_weights = si->hours;
	si->applied = 1;
	return rc;
}

/* The assumptions of start: where it came from, the energy profile. */
static int start_assumptions(lca_footprint *fp, const lca_run *r,
			     const run_start_info *si)
{
	char src[300], iso[40];

	int i;

	if (!si->applied)
		return lca_footprint_assume(fp, "start", LCA_NAN, "not applied",
					    "", si->why);
	/* the engine did not use it (--grid, or no --region): it said why */
	for (i = 0; i < fp->nassumptions; i++)
		if (!strcmp(fp->assumptions[i].name, "start") &&
		    !strcmp(fp->assumptions[i].value, "not applied"))
			return 0;
	if (si->own) {
		lca__fmt(src, sizeof(src),
			 "measured: the run's own start (%s, --start run)",
			 r->source);
		set_source(fp, "start", src);
	} else if (r->start >= CALENDAR_T0 && fabs(si->t - r->start) >= 60) {
		lca_time_format((long long)floor(r->start), iso, sizeof(iso));
		lca__fmt(src, sizeof(src),
			 "user (--start), in place of the run's own start %s",
			 iso);
		set_source(fp, "start", src);
	}
	if (si->measured)
		lca__fmt(src, sizeof(src),
			 "the run's readings, shared among the UTC hours they "
			 "cover (%ld h)",
			 si->hours);
	else
		lca__fmt(src, sizeof(src),
			 "no per-reading times (%s gives one energy total): "
			 "flat over the run's %.4g h",
			 r->source, (r->end - r->start) / 3600.0);
	return lca_footprint_assume(fp, "energy_profile", LCA_NAN,
				    si->measured ? "measured per hour" : "flat",
				    "", src);
}

int lca_run_footprint(lca_catalog *cat, const lca_inputs *site, lca_run *r,
		      lca_footprint *fp, lca_error *err)
{
	static lca_job job; /* large: keep it off the stack */
	double hours = (r->end - r->start) / 3600.0, *w = NULL;
	run_start_info si;
	int rc, i;

	lca_job_init(&job);
	memset(&si, 0, sizeof(si));
	if (site) {
		rc = copy_inputs(&job.flags, site, err);
		if (!rc && site->set[LCA_F_START])
			rc = run_start(&job, site->str[LCA_F_START], r, &w, &si,
				       err);
		if (rc)
			goto done;
	}
	/* The measured energy replaces any model of it. */
	job.flags.set[LCA_F_ENERGY_KWH] = 0;
	rc = lca_inputs_set_number(&job.flags, LCA_F_ENERGY_KWH, r->energy_kwh,
				   "measured energy", err);
	if (rc)
		goto done;
	if (!job.flags.set[LCA_F_GPU] && r->gpu[0]) {
		rc = lca_inputs_set_text(&job.flags, LCA_F_GPU, r->gpu,
					 "measured device", err);
		if (rc)
			goto done;
	}
	/* Embodied is amortised over the device-hours used: give the device
	 * count and the wall time where an accelerator is known. */
	if (job.flags.set[LCA_F_GPU] && !job.flags.set[LCA_F_GPU_HOURS]) {
		if (!job.flags.set[LCA_F_GPUS] && !isnan(r->devices) &&
		    r->devices > 0)
			rc = lca_inputs_set_number(&job.flags, LCA_F_GPUS,
						   r->devices, "devices", err);
		if (!rc && !job.flags.set[LCA_F_HOURS] &&
		    !job.flags.set[LCA_F_DAYS] && hours > 0 &&
		    job.flags.set[LCA_F_GPUS])
			rc = lca_inputs_set_number(&job.flags, LCA_F_HOURS,
						   hours, "run duration", err);
		if (rc)
			goto done;
	}
	rc = lca_compute(cat, &job, fp, err);
	if (rc)
		goto done;
	/* The engine credits flags to the user; this energy was measured. */
	for (i = 0; i < fp->nassumptions; i++) {
		lca_assumption *a = &fp->assumptions[i];
		char src[128], *copy;
		if (strcmp(a->name, "measured_it_energy"))
			continue;
		lca__fmt(src, sizeof(src), "measured (%s, %s)", r->source,
			 r->method);
		copy = strdup(src);
		if (copy) {
			free(a->source);
			a->source = copy;
		}
	}
	if (site && site->set[LCA_F_START] && start_assumptions(fp, r, &si)) {
		rc = lca_error_set(err, LCA_ENOMEM, "runs", "out of memory");
		goto done;
	}
	r->facility_energy_kwh = fp->total.energy_kwh;
	r->operational_kgco2e = fp->total.operational_kgco2e;
	r->embodied_kgco2e = fp->total.embodied_kgco2e;
	r->total_kgco2e = fp->total.total_kgco2e;
	r->pue = fp->total.pue;
	r->grid_gco2_per_kwh = fp->total.grid_gco2_per_kwh;
	if (fp->total.accel[0])
		lca__strlcpy(r->gpu, fp->total.accel, sizeof(r->gpu));
done:
	lca_job_release(&job);
	free(w);
	return rc;
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
	sqlite3_busy_timeout(l->db, 60000);
	rc = exec(l, "PRAGMA journal_mode=WAL", err);
	if (!rc)
		rc =
		    exec(l, "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON",
			 err);
	if (!rc)
		rc = migrate(l, err);
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
	sqlite3_close(l->db);
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

int lca_ledger_commit(lca_ledger *l, lca_error *err)
{
	int tries, rc = SQLITE_BUSY;

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
	if (!sqlite3_get_autocommit(l->db))
		sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
	l->in_tx = 0;
}

/* ---- files -------------------------------------------------------------- */

int lca_ledger_has_file(lca_ledger *l, const char *hash, long long *run_id,
			lca_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(l->db, "SELECT run_id FROM files WHERE hash=?",
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
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if (sqlite3_prepare_v2(l->db,
			       "INSERT INTO files(hash,path,run_id,added) "
			       "VALUES(?,?,?,?)",
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
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if (sqlite3_prepare_v2(
		l->db,
		"INSERT INTO runs(source,name,status,method,start,\"end\","
		"energy_kwh,facility_energy_kwh,operational_kgco2e,"
		"embodied_kgco2e,total_kgco2e,pue,grid,gpu,devices,"
		"exit_status,pid,host,created) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,"
		"?,?,?,?,?,?,?)",
		-1, &st, NULL) != SQLITE_OK)
		return db_error(err, l->db, l->path);
	bind_run(st, r, l->host);
	sqlite3_bind_double(st, 19, now_s());
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = db_error(err, l->db, l->path);
	sqlite3_finalize(st);
	if (rc)
		return rc;
	r->id = sqlite3_last_insert_rowid(l->db);
	return write_children(l, r, fp, err);
}

int lca_ledger_update_run(lca_ledger *l, const lca_run *r,
			  const lca_footprint *fp, lca_error *err)
{
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
    "pue,grid,gpu,devices,exit_status,pid,host FROM runs";

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
	return rc;
}

int lca_ledger_each_run(lca_ledger *l, int (*fn)(const lca_run *r, void *ud),
			void *ud, lca_error *err)
{
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

/* ---- profiles ----------------------------------------------------------- */

static int take_first(lca_run *r, void *ud, lca_error *err)
{
	lca_run *out = ud;

	(void)err;
	if (out->ndev == 0 && isnan(out->energy_kwh))
		*out = *r;
	return 0;
}

static int profile_from_run(lca_ledger *l, long long id, double warmup_s,
			    lca_profile *p, lca_run *r, lca_error *err)
{
	sqlite3_stmt *st = NULL;
	double t0, prev = LCA_NAN, sum = 0, sum2 = 0, j = 0, n = 0;
	int rc;

	rc = lca_ledger_get_run(l, id, r, err);
	if (rc)
		return rc;
	t0 = r->start + warmup_s;
	if (sqlite3_prepare_v2(l->db,
			       "SELECT t, sum(joules) FROM samples WHERE "
			       "run_id=? GROUP BY t ORDER BY t",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(err, l->db, l->path);
	sqlite3_bind_int64(st, 1, id);
	prev = r->start;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		double t = sqlite3_column_double(st, 0);
		double e = sqlite3_column_double(st, 1);
		double dt = t - prev;
		prev = t;
		if (t - dt < t0 - 1e-9 || dt <= 0)
			continue; /* interval starts inside the warm-up */
		j += e;
		sum += e / dt;
		sum2 += (e / dt) * (e / dt);
		n++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_error(err, l->db, l->path);
	p->energy_kwh = j / 3.6e6;
	p->seconds = n ? r->end - t0 : 0;
	p->intervals = (long long)n;
	p->cv = LCA_NAN;
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
