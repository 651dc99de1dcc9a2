/* SPDX-License-Identifier: MIT */
/* series.c: grid-intensity time series: ISO times, importers for four formats,
 * hourly queries with gap and year fallback. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <sqlite3.h>

#include "lca_int.h"
#include "catalog_store.h"
#include "lca/series.h"
#include "banned.h"

/* ---- time ------------------------------------------------------------ */

static void civil_from_days(long long z, long long *y, unsigned *m, unsigned *d)
{
	long long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int digits(const char **p, int n, int *out)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return -1;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return 0;
}

int lca_time_parse(const char *s, long long *out)
{
	int y, mo, d, h = 0, mi = 0, se = 0, oh = 0, om = 0, sign = 1;

	if (!s)
		return LCA_EDATA;
	while (isspace((unsigned char)*s))
		s++;
	if (digits(&s, 4, &y) || *s++ != '-' || digits(&s, 2, &mo) ||
	    *s++ != '-' || digits(&s, 2, &d))
		return LCA_EDATA;
	if (mo < 1 || mo > 12 || d < 1 || d > lca__month_days(y, mo))
		return LCA_EDATA;
	if (*s == 'T' || *s == ' ') {
		s++;
		if (digits(&s, 2, &h) || *s++ != ':' || digits(&s, 2, &mi))
			return LCA_EDATA;
		if (*s == ':') {
			s++;
			if (digits(&s, 2, &se))
				return LCA_EDATA;
			if (*s == '.') /* fractions of a second: dropped */
				while (isdigit((unsigned char)*++s))
					;
		}
		if (h > 24 || mi > 59 || se > 60 || (h == 24 && (mi || se)))
			return LCA_EDATA;
	}
	if (*s == 'Z' || *s == 'z') {
		s++;
	} else if (*s == '+' || *s == '-') {
		sign = *s++ == '-' ? -1 : 1;
		if (digits(&s, 2, &oh))
			return LCA_EDATA;
		if (*s == ':')
			s++;
		if (*s && digits(&s, 2, &om))
			return LCA_EDATA;
		if (oh > 23 || om > 59)
			return LCA_EDATA;
	}
	while (isspace((unsigned char)*s))
		s++;
	if (*s)
		return LCA_EDATA;
	*out = lca__days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400LL +
	       h * 3600LL + mi * 60LL + se - sign * (oh * 3600LL + om * 60LL);
	return 0;
}

void lca_time_format(long long t, char *buf, size_t n)
{
	long long days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	long long sec = t - days * 86400, y;
	unsigned m, d;

	civil_from_days(days, &y, &m, &d);
	lca__fmt(buf, n, "%04lld-%02u-%02uT%02lld:%02lldZ", y, m, d, sec / 3600,
		 (sec % 3600) / 60);
}

/* The same calendar hour `years` later (29 February -> 28 February). */
static long long shift_years(long long t, int years)
{
	long long days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	long long sec = t - days * 86400, y;
	unsigned m, d;

	civil_from_days(days, &y, &m, &d);
	y += years;
	if (m == 2 && d == 29 && !lca__is_leap(y))
		d = 28;
	return lca__days_from_civil(y, m, d) * 86400 + sec;
}

/* ---- import ------------------------------------------------------------ */

#define MAX_COLS 32

/* One series is one row: its samples packed as (int64 t, double v) pairs,
 * gaps left out.  Whole-year queries read one blob. */
typedef struct packed {
	long long t;
	double v;
} packed;

/* Samples a file may hold. */
#define MAX_SAMPLES 20000000L
/* Samples written to a blob at a time. */
#define CHUNK 4096

/*
 * An import reads its file twice and holds no sample: the first pass
 * checks every row and sums up each signal (count, mean, range), the
 * second writes the samples into blobs the first pass sized, CHUNK at a
 * time (sqlite3_blob_write).  Holding them cost 55 bytes a row (552 MB
 * for 10 million rows); now memory is flat (tests/speed).
 */
typedef struct sigsum {
	long n; /* values (gaps left out) */
	double sum, mn, mx;
	long long t0, t1;
} sigsum;

typedef struct parsed {
	long n;		    /* rows with a time */
	long long last;	    /* the last row's time */
	int nsig;	    /* values per sample (1 or 2) */
	char signal[2][16]; /* name of each value */
	char zone[64];	    /* from the file (Carbon Aware SDK) */
	sigsum sum[2];	    /* first pass */
	/* second pass: each stored signal's blob and pending samples */
	int writing;
	sqlite3_blob *blob[2];
	packed *buf[2];
	int nbuf[2];
	long done[2]; /* samples written */
} parsed;

static int flush(parsed *p, int k, const char *where, lca_error *err)
{
	int bytes = (int)sizeof(packed) * p->nbuf[k];

	if (!p->nbuf[k])
		return 0;
	if (p->done[k] + p->nbuf[k] > p->sum[k].n)
		return lca_error_set(err, LCA_EDATA, where,
				     "the file changed while it was read");
	if (sqlite3_blob_write(p->blob[k], p->buf[k], bytes,
			       (int)sizeof(packed) * (int)p->done[k]) !=
	    SQLITE_OK)
		return lca_error_set(err, LCA_EDB, "series",
				     "cannot write "
				     "the samples");
	p->done[k] += p->nbuf[k];
	p->nbuf[k] = 0;
	return 0;
}

static int push(parsed *p, long long t, const double *v, const char *where,
		lca_error *err)
{
	int k, rc;

	if (p->n && t <= p->last)
		return lca_error_set(err, LCA_EDATA, where,
				     t == p->last
					 ? "duplicate timestamp"
					 : "timestamps going backwards");
	if (p->n >= MAX_SAMPLES)
		return lca_error_set(err, LCA_EDATA, where,
				     "series too long (over 20 million "
				     "samples)");
	p->last = t;
	p->n++;
	for (k = 0; k < p->nsig; k++) {
		sigsum *g = &p->sum[k];
		if (isnan(v[k]))
			continue;
		if (p->writing) {
			if (!p->blob[k])
				continue;
			p->buf[k][p->nbuf[k]].t = t;
			p->buf[k][p->nbuf[k]].v = v[k];
			if (++p->nbuf[k] == CHUNK &&
			    (rc = flush(p, k, where, err)))
				return rc;
			continue;
		}
		if (!g->n) {
			g->mn = HUGE_VAL;
			g->mx = -HUGE_VAL;
			g->t0 = t;
		}
		g->n++;
		g->sum += v[k];
		g->mn = fmin(g->mn, v[k]);
		g->mx = fmax(g->mx, v[k]);
		g->t1 = t;
	}
	return 0;
}

typedef struct csvp {
	const char *path, *format, *signal;
	int headed; /* the header row was read */
	int tcol, vcol[2];
	parsed *p;
	lca_error *err;
} csvp;

static int header(const lca__csv_row *r, void *ud)
{
	csvp *c = ud;
	int i;
	const char *f = c->format;

	c->headed = 1;
	c->tcol = 0;
	c->vcol[0] = c->vcol[1] = -1;
	for (i = 0; i < r->ncols; i++) {
		const char *h = r->header[i];
		if (strstr(h, "Datetime (UTC)") &&
		    (!f || !strcmp(f, "electricitymaps")))
			f = "electricitymaps", c->tcol = i;
		if (strstr(h, "(LCA)"))
			c->vcol[0] = i;
		if (strstr(h, "(direct)"))
			c->vcol[1] = i;
		if (!strcmp(h, "avg_CI") && (!f || !strcmp(f, "eia930")))
			f = "eia930", c->vcol[0] = i;
	}
	if (!f)
		f = r->ncols == 2 ? "generic" : NULL;
	if (!f)
		return lca_error_set(c->err, LCA_EDATA, c->path,
				     "unknown series format (give format: "
				     "electricitymaps|eia930|watttime|"
				     "carbon-aware|generic)");
	c->format = f;
	if (!strcmp(f, "electricitymaps")) {
		if (c->vcol[0] < 0 || c->vcol[1] < 0)
			return lca_error_set(c->err, LCA_EDATA, c->path,
					     "electricitymaps series needs "
					     "'(LCA)' and '(direct)' columns");
		c->p->nsig = 2;
		lca__strlcpy(c->p->signal[0], "lifecycle", 16);
		lca__strlcpy(c->p->signal[1], "direct", 16);
	} else if (!strcmp(f, "eia930")) {
		if (c->vcol[0] < 0)
			return lca_error_set(c->err, LCA_EDATA, c->path,
					     "eia930 series needs an 'avg_CI' "
					     "column");
		c->p->nsig = 1;
		lca__strlcpy(c->p->signal[0], "direct", 16);
	} else if (!strcmp(f, "watttime") || !strcmp(f, "generic")) {
		if (r->ncols < 2)
			return lca_error_set(c->err, LCA_EDATA, c->path,
					     "expected a time and a value "
					     "column");
		c->vcol[0] = 1;
		c->p->nsig = 1;
		lca__strlcpy(c->p->signal[0],
			     !strcmp(f, "watttime") ? "marginal" : "average",
			     16);
	} else {
		return lca_error_set(c->err, LCA_EUSAGE, "format",
				     "unknown series format '%s'", f);
	}
	if (c->signal && c->p->nsig == 1)
		lca__strlcpy(c->p->signal[0], c->signal, 16);
	return 0;
}

/* The highest intensity import accepts (gCO2e/kWh); a larger one is taken
 * for a unit mistake.  Stored series are checked against it too. */
#define MAX_INTENSITY 5000.0

static int value(const char *text, double *v, const char *where, lca_error *err)
{
	if (!*text) {
		*v = LCA_NAN; /* an empty cell is a gap */
		return 0;
	}
	if (lca_parse_number(text, v))
		return lca_error_set(err, LCA_EDATA, where, "not a number '%s'",
				     text);
	if (*v < 0)
		return lca_error_set(err, LCA_EDATA, where,
				     "negative intensity '%s'", text);
	if (*v > MAX_INTENSITY)
		return lca_error_set(err, LCA_EDATA, where,
				     "absurd intensity '%s' (over 5000 "
				     "gCO2e/kWh)",
				     text);
	return 0;
}

static int data_row(const lca__csv_row *r, void *ud)
{
	csvp *c = ud;
	char where[1200];
	long long t;
	double v[2] = {LCA_NAN, LCA_NAN};
	int k, rc;

	for (k = 0; k < c->p->nsig; k++) {
		int col = c->vcol[k];
		if (col >= r->n || c->tcol >= r->n) {
			lca__fmt(where, sizeof(where), "%s: line %ld", c->path,
				 r->line);
			return lca_error_set(c->err, LCA_EDATA, where,
					     "missing columns (found %d)",
					     r->n);
		}
		lca__fmt(where, sizeof(where), "%s: line %ld, column %d",
			 c->path, r->line, col + 1);
		rc = value(r->field[col], &v[k], where, c->err);
		if (rc)
			return rc;
	}
	lca__fmt(where, sizeof(where), "%s: line %ld, column %d", c->path,
		 r->line, c->tcol + 1);
	if (lca_time_parse(r->field[c->tcol], &t))
		return lca_error_set(c->err, LCA_EDATA, where,
				     "unparsable time '%s'", r->field[c->tcol]);
	return push(c->p, t, v, where, c->err);
}

static int parse_csv(const char *path, const char *format, const char *signal,
		     parsed *p, lca_error *err)
{
	csvp c;
	int rc;

	memset(&c, 0, sizeof(c));
	c.path = path;
	c.format = format;
	c.signal = signal;
	c.p = p;
	c.err = err;
	rc =
	    lca__csv_each(path, LCA__CSV_SKIP_BLANK, header, data_row, &c, err);
	if (!rc && p->n == 0)
		rc = lca_error_set(err, LCA_EDATA, path,
				   !c.headed ? "empty file" : "no samples");
	return rc;
}

/* Carbon Aware SDK emissions JSON: [{Location, Time, Rating, Duration}]. */
static int parse_json(const char *path, const char *zone, const char *signal,
		      parsed *p, lca_error *err)
{
	char *text = NULL, where[1200];
	cJSON *root = NULL;
	const cJSON *it;
	size_t len = 0;
	long i = 0;
	int rc;

	rc = lca__read_file(path, 256u << 20, &text, &len, err);
	if (rc)
		return rc;
	root = cJSON_ParseWithLength(text, len);
	if (!root || !cJSON_IsArray(root)) {
		rc = lca_error_set(err, LCA_EDATA, path,
				   root ? "expected a json array of emissions"
					: "malformed json");
		goto done;
	}
	p->nsig = 1;
	lca__strlcpy(p->signal[0], signal ? signal : "average", 16);
	cJSON_ArrayForEach (it, root) {
		const cJSON *loc = cJSON_GetObjectItem(it, "Location");
		const cJSON *tm = cJSON_GetObjectItem(it, "Time");
		const cJSON *r = cJSON_GetObjectItem(it, "Rating");
		long long t;
		double v[2];

		lca__fmt(where, sizeof(where), "%s: [%ld]", path, i++);
		if (!cJSON_IsString(loc) || !cJSON_IsString(tm) ||
		    !cJSON_IsNumber(r)) {
			rc = lca_error_set(err, LCA_EDATA, where,
					   "expected Location, Time and a "
					   "numeric Rating");
			goto done;
		}
		if (zone && strcmp(loc->valuestring, zone) && !p->zone[0])
			continue; /* another location in the same file */
		if (!p->zone[0])
			lca__strlcpy(p->zone, loc->valuestring,
				     sizeof(p->zone));
		if (strcmp(loc->valuestring, p->zone))
			continue;
		if (lca_time_parse(tm->valuestring, &t)) {
			rc = lca_error_set(err, LCA_EDATA, where,
					   "unparsable time '%s'",
					   tm->valuestring);
			goto done;
		}
		v[0] = r->valuedouble;
		if (v[0] < 0) {
			rc = lca_error_set(err, LCA_EDATA, where,
					   "negative intensity '%g'", v[0]);
			goto done;
		}
		rc = push(p, t, v, where, err);
		if (rc)
			goto done;
	}
	if (p->n == 0)
		rc = lca_error_set(err, LCA_EDATA, path, "no samples%s%s",
				   zone ? " for location " : "",
				   zone ? zone : "");
done:
	cJSON_Delete(root);
	free(text);
	return rc;
}

/* The row of signal k, its samples zero until the second pass writes
 * them through p->blob[k]. */
static int store(lca_catalog *cat, parsed *p, int k, const char *zone,
		 const char *source, const char *origin, lca_error *err)
{
	sqlite3 *db = lca_catalog_db(cat);
	sqlite3_stmt *ins = NULL;
	const char *kind =
	    strcmp(p->signal[k], "marginal") ? "average" : "marginal";
	const sigsum *g = &p->sum[k];

	if (g->n == 0)
		return lca_error_set(err, LCA_EDATA, zone,
				     "series '%s' has no values", p->signal[k]);
	if (sqlite3_prepare_v2(db,
			       "INSERT OR REPLACE INTO series(zone,signal,"
			       "origin,kind,source,n,t0,t1,mean,min,max,"
			       "samples) VALUES(?,?,?,?,?,?,?,?,?,?,?,?)",
			       -1, &ins, NULL) != SQLITE_OK)
		goto dberr;
	sqlite3_bind_text(ins, 1, zone, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 2, p->signal[k], -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 3, origin, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 4, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 5, source, -1, SQLITE_STATIC);
	sqlite3_bind_int64(ins, 6, g->n);
	sqlite3_bind_int64(ins, 7, g->t0);
	sqlite3_bind_int64(ins, 8, g->t1);
	sqlite3_bind_double(ins, 9, g->sum / (double)g->n);
	sqlite3_bind_double(ins, 10, g->mn);
	sqlite3_bind_double(ins, 11, g->mx);
	sqlite3_bind_zeroblob64(
	    ins, 12, (sqlite3_uint64)sizeof(packed) * (sqlite3_uint64)g->n);
	if (sqlite3_step(ins) != SQLITE_DONE ||
	    sqlite3_blob_open(db, "main", "series", "samples",
			      sqlite3_last_insert_rowid(db), 1,
			      &p->blob[k]) != SQLITE_OK)
		goto dberr;
	sqlite3_finalize(ins);
	p->buf[k] = malloc(sizeof(packed) * CHUNK);
	if (!p->buf[k])
		return lca_error_set(err, LCA_ENOMEM, "series",
				     "out of memory");
	return 0;
dberr:
	sqlite3_finalize(ins);
	return lca_error_set(err, LCA_EDB, "series", "%s", sqlite3_errmsg(db));
}

static int parse(const char *path, int json, const char *zone,
		 const char *format, const char *signal, parsed *p,
		 lca_error *err)
{
	return json ? parse_json(path, zone, signal, p, err)
		    : parse_csv(path, format, signal, p, err);
}

/* Imports without opening a transaction (the caller holds one). */
int lca__series_import_locked(lca_catalog *cat, const char *path,
			      const char *zone, const char *signal,
			      const char *format, const char *source,
			      const char *origin, int *nseries, long *nrows,
			      lca_error *err);

int lca__series_import_locked(lca_catalog *cat, const char *path,
			      const char *zone, const char *signal,
			      const char *format, const char *source,
			      const char *origin, int *nseries, long *nrows,
			      lca_error *err)
{
	parsed p;
	long rows;
	int rc, k, json = 0;
	char src[700];

	memset(&p, 0, sizeof(p));
	if (format && !strcmp(format, "carbon-aware"))
		json = 1;
	else if (!format) {
		FILE *fp = fopen(path, "rb");
		int c = ' ';
		if (!fp)
			return lca_error_set(err, LCA_EIO, path,
					     "cannot open: %s",
					     strerror(errno));
		while (c != EOF && isspace(c))
			c = fgetc(fp);
		fclose(fp);
		json = c == '[';
	}
	rc = parse(path, json, zone, format, signal, &p, err);
	if (!rc && !zone && !p.zone[0])
		rc = lca_error_set(err, LCA_EUSAGE, "zone",
				   "name the zone of this series");
	lca__fmt(src, sizeof(src), "%s", source ? source : path);
	for (k = 0; !rc && k < p.nsig; k++) {
		/* the manifest may ask for one signal of a two-signal file */
		if (signal && p.nsig > 1 && strcmp(signal, p.signal[k]))
			continue;
		rc = store(cat, &p, k, zone ? zone : p.zone, src, origin, err);
		if (!rc && nseries)
			(*nseries)++;
	}
	/* the second pass: the same rows, into the blobs */
	rows = p.n;
	if (!rc) {
		p.n = 0;
		p.last = 0;
		p.zone[0] = '\0';
		p.writing = 1;
		rc = parse(path, json, zone, format, signal, &p, err);
	}
	for (k = 0; !rc && k < p.nsig; k++)
		rc = p.blob[k] ? flush(&p, k, path, err) : 0;
	for (k = 0; !rc && k < p.nsig; k++)
		if (p.n != rows || (p.blob[k] && p.done[k] != p.sum[k].n))
			rc = lca_error_set(err, LCA_EDATA, path,
					   "the file changed while it was "
					   "read");
	for (k = 0; k < 2; k++) {
		sqlite3_blob_close(p.blob[k]);
		free(p.buf[k]);
	}
	if (!rc && nrows)
		*nrows += rows;
	return rc;
}

int lca_series_import(lca_catalog *cat, const char *path, const char *zone,
		      const char *signal, const char *format,
		      const char *source, const char *origin, int *nseries,
		      long *nrows, lca_error *err)
{
	static const char *const signals[] = {"lifecycle", "direct", "average",
					      "marginal"};
	sqlite3 *db = lca_catalog_db(cat);
	const char *p;
	size_t i;
	int rc;

	if (nseries)
		*nseries = 0;
	if (nrows)
		*nrows = 0;
	for (i = 0; signal && i < sizeof(signals) / sizeof(*signals); i++)
		if (!strcmp(signal, signals[i]))
			break;
	if (signal && i == sizeof(signals) / sizeof(*signals))
		return lca_error_set(err, LCA_EUSAGE, "signal",
				     "unknown signal '%s' (expected "
				     "lifecycle, direct, average or marginal)",
				     signal);
	for (p = zone; p && *p && (unsigned char)*p >= 0x20 && *p != 0x7f; p++)
		;
	if (zone && (!*zone || *p || strlen(zone) >= 64))
		return lca_error_set(err, LCA_EUSAGE, "zone",
				     "not a zone name '%s' (1 to 63 printable "
				     "characters)",
				     zone);
	if (!db)
		return lca__lookup_error(cat, "series", err);
	if (!sqlite3_get_autocommit(db))
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return lca_error_set(err, LCA_EDB, "series", "%s",
				     sqlite3_errmsg(db));
	rc = lca__series_import_locked(cat, path, zone, signal, format, source,
				       origin, nseries, nrows, err);
	if (rc) {
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return rc;
	}
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		return lca_error_set(err, LCA_EDB, "series", "%s",
				     sqlite3_errmsg(db));
	return 0;
}

/* ---- queries ----------------------------------------------------------- */

#define INFO_SQL                                                            \
	"SELECT zone, signal, kind, origin, source, n, t0, t1, mean, min, " \
	"max "                                                              \
	"FROM series "
static const char info_sql[] = INFO_SQL;
/* One literal, so that lca__stmt prepares it once per handle (a plan asks
 * for every zone: preparing it each time was 8% of lca plan). */
static const char find_sql[] =
    INFO_SQL "WHERE zone=?1 COLLATE NOCASE AND (?2 IS NULL AND signal "
	     "IN ('lifecycle','direct','average') OR signal=?2) ORDER BY "
	     "origin='user' DESC, CASE signal WHEN 'lifecycle' THEN 0 WHEN "
	     "'direct' THEN 1 ELSE 2 END, t1 DESC LIMIT 1";

static void fill_info(sqlite3_stmt *st, lca_series_info *o)
{
	const unsigned char *t;

	memset(o, 0, sizeof(*o));
#define TXT(i, dst)                     \
	t = sqlite3_column_text(st, i); \
	lca__strlcpy(dst, t ? (const char *)t : "", sizeof(dst))
	TXT(0, o->zone);
	TXT(1, o->signal);
	TXT(2, o->kind);
	TXT(3, o->origin);
	TXT(4, o->source);
#undef TXT
	o->n = sqlite3_column_int64(st, 5);
	o->t0 = sqlite3_column_int64(st, 6);
	o->t1 = sqlite3_column_int64(st, 7);
	o->mean = sqlite3_column_double(st, 8);
	o->min = sqlite3_column_double(st, 9);
	o->max = sqlite3_column_double(st, 10);
	/* a damaged row (times past what ISO 8601 writes, or backwards):
	 * no arithmetic on its times; its sample count can match no blob,
	 * so reading its samples reports the damage */
	if (!(o->t0 > -LCA__CALENDAR_T1 && o->t1 < LCA__CALENDAR_T1 &&
	      o->t0 <= o->t1)) {
		o->t0 = o->t1 = 0;
		o->n = -1;
	}
	o->step_s = o->n > 1
			? ((double)o->t1 - (double)o->t0) / (double)(o->n - 1)
			: 3600;
}

int lca_series_list(lca_catalog *cat, lca_series_info **out, int *n,
		    lca_error *err)
{
	sqlite3 *db;
	sqlite3_stmt *st = NULL;
	char sql[800];
	int cap = 0, rc;
	lca__key k;
	size_t size = 0;
	const void *m;

	*out = NULL;
	*n = 0;
	lca__key_init(&k, LCA_MEMO_SERIES_LIST);
	m = lca__memo_peek(cat, &k, &size);
	if (m && size % sizeof(lca_series_info) == 0) {
		if (size && !(*out = malloc(size)))
			return lca_error_set(err, LCA_ENOMEM, "series",
					     "out of memory");
		if (size)
			memcpy(*out, m, size);
		*n = (int)(size / sizeof(lca_series_info));
		return 0;
	}
	db = lca_catalog_db(cat);
	lca__fmt(sql, sizeof(sql), "%s ORDER BY zone, signal, origin",
		 info_sql);
	if (!db || sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return lca__lookup_error(cat, "series", err);
	while ((rc = lca__step_row(cat, st, "series", err)) == 1) {
		if (*n == cap) {
			void *p;
			cap = cap ? cap * 2 : 32;
			p = realloc(*out,
				    sizeof(lca_series_info) * (size_t)cap);
			if (!p) {
				sqlite3_finalize(st);
				free(*out);
				*out = NULL;
				return lca_error_set(err, LCA_ENOMEM, "series",
						     "out of memory");
			}
			*out = p;
		}
		fill_info(st, &(*out)[(*n)++]);
	}
	sqlite3_finalize(st);
	if (rc < 0) {
		free(*out);
		*out = NULL;
		*n = 0;
		return rc;
	}
	if (*n > 0)
		lca__memo_put(cat, &k, *out,
			      sizeof(lca_series_info) * (size_t)*n, 0, NULL);
	return 0;
}

static int find_sql_row(lca_catalog *cat, const char *zone, const char *signal,
			lca_series_info *out, lca_error *err)
{
	sqlite3_stmt *st = lca__stmt(cat, find_sql);
	int rc;

	if (!st)
		return lca__lookup_error(cat, "series", err);
	sqlite3_bind_text(st, 1, zone, -1, SQLITE_STATIC);
	if (signal)
		sqlite3_bind_text(st, 2, signal, -1, SQLITE_STATIC);
	rc = lca__step_row(cat, st, "series", err);
	if (rc == 1)
		fill_info(st, out);
	sqlite3_reset(st);
	if (rc < 0)
		return rc;
	if (!rc)
		return lca_error_set(err, LCA_ENOTFOUND, zone,
				     "no %s%sseries for zone '%s' (lca grid "
				     "list)",
				     signal ? signal : "", signal ? " " : "",
				     zone);
	return 0;
}

int lca_series_find(lca_catalog *cat, const char *zone, const char *signal,
		    lca_series_info *out, lca_error *err)
{
	lca__key k;
	int rc;

	lca__key_init(&k, LCA_MEMO_SERIES);
	lca__key_str(&k, zone);
	lca__key_str(&k, signal);
	if (!lca__memo_get(cat, &k, out, sizeof(*out), &rc, err)) {
		rc = find_sql_row(cat, zone, signal, out, err);
		lca__memo_put(cat, &k, out, sizeof(*out), rc, err);
	}
	return rc;
}

/*
 * The catalog is untrusted input (a damaged file, a hand-edited row): a
 * blob is used only when it holds whole samples, as many as its row says,
 * strictly increasing in time inside [t0, t1], each value what import
 * accepts.  1 when sound, else LCA_EDB (a damaged catalog is one that
 * cannot be read, never "no series") naming the catalog file.
 */
static int samples_check(lca_catalog *cat, const lca_series_info *s,
			 const packed *p, int bytes, lca_error *err)
{
	long n = bytes / (long)sizeof(packed), i;
	const char *why = NULL;
	int bad = 0;

	if (bytes < 0 || bytes % (int)sizeof(packed) || (bytes && !p))
		why = "a partial sample";
	else if (n != s->n)
		why = "a sample count that differs from its row";
	/* the usual sound blob in one tight pass (in time order, the first
	 * and last sample bound the rest); the loop below names the first
	 * fault */
	if (!why && n > 0) {
		for (i = 1; i < n && p[i].t > p[i - 1].t && p[i].v >= 0 &&
			    p[i].v <= MAX_INTENSITY;
		     i++)
			;
		bad = i < n || p[0].t < s->t0 || p[n - 1].t > s->t1 ||
		      !(p[0].v >= 0 && p[0].v <= MAX_INTENSITY);
	}
	for (i = 0; !why && bad && i < n; i++) {
		if (i && p[i].t <= p[i - 1].t)
			why = "samples out of time order";
		else if (p[i].t < s->t0 || p[i].t > s->t1)
			why = "a sample outside its time range";
		else if (!(p[i].v >= 0 && p[i].v <= MAX_INTENSITY))
			why = "a value outside 0 to 5000 gCO2e/kWh";
	}
	if (!why)
		return 1;
	return lca_error_set(err, LCA_EDB, lca_catalog_path(cat),
			     "damaged %s series of %s in the catalog: %s (lca "
			     "catalog build rebuilds it)",
			     s->signal, s->zone, why);
}

/* The samples of s, checked: *st holds them until the caller resets it
 * (*p and *n point into it; n may be 0).  0 or an error. */
static int samples_read(lca_catalog *cat, const lca_series_info *s,
			sqlite3_stmt **st, const packed **p, long *n,
			lca_error *err)
{
	lca__key k;
	lca_error e2;
	const void *m;
	size_t size = 0;
	int rc;

	*p = NULL;
	*n = 0;
	*st = NULL;
	/* from the memo (a plan reads 16 of these blobs: through SQLite they
	 * were a tenth of its page faults, and the schema had to be read),
	 * checked again all the same */
	lca__key_init(&k, LCA_MEMO_SAMPLES);
	lca__key_str(&k, s->zone);
	lca__key_str(&k, s->signal);
	lca__key_str(&k, s->origin);
	m = lca__memo_peek(cat, &k, &size);
	if (m && size <= INT_MAX &&
	    samples_check(cat, s, m, (int)size, &e2) == 1) {
		*p = m;
		*n = (long)(size / sizeof(packed));
		return 0;
	}
	*st = lca__stmt(cat, "SELECT samples FROM series WHERE zone=? AND "
			     "signal=? AND origin=?");
	if (!*st)
		return lca__lookup_error(cat, "series samples", err);
	sqlite3_bind_text(*st, 1, s->zone, -1, SQLITE_STATIC);
	sqlite3_bind_text(*st, 2, s->signal, -1, SQLITE_STATIC);
	sqlite3_bind_text(*st, 3, s->origin, -1, SQLITE_STATIC);
	rc = lca__step_row(cat, *st, "series samples", err);
	if (rc == 1) {
		*p = sqlite3_column_blob(*st, 0);
		*n = sqlite3_column_bytes(*st, 0) / (long)sizeof(packed);
		rc = samples_check(cat, s, *p, sqlite3_column_bytes(*st, 0),
				   err);
		if (rc != 1)
			*n = 0;
		else
			lca__memo_put(cat, &k, *p, sizeof(packed) * (size_t)*n,
				      0, NULL);
	}
	return rc < 0 ? rc : 0;
}

/* The first sample of p[0, n) at or after t. */
static long first_at(const packed *p, long n, long long t)
{
	long lo = 0, hi = n;

	while (lo < hi) {
		long mid = lo + (hi - lo) / 2;
		if (p[mid].t < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The means of the hours of [t0, t0 + hours) that have samples into out
 * (the others are left as they are); the number of such hours, and the
 * first and last of them in *first and *last. */
static long bin_once(const packed *p, long n, long long t0, long hours,
		     double *out, long *first, long *last)
{
	long i, lo = first_at(p, n, t0), end, cur = -1, cnt = 0, filled = 0;
	double sum = 0;

	end = first_at(p, n, t0 + hours * 3600LL);
	*first = *last = -1;
	if (lo >= end)
		return 0;
	*first = (long)((p[lo].t - t0) / 3600);
	/* the usual run of samples exactly one hour apart, on the window's
	 * hours: each hour is its one sample (0 + v, as the sum below, so -0
	 * reads 0); the last of the run starts the general loop, in case the
	 * next sample shares its hour */
	if ((p[lo].t - t0) % 3600 == 0) {
		long h0 = *first;
		for (i = lo + 1; i < end && p[i].t == p[i - 1].t + 3600; i++)
			out[h0 + (i - 1 - lo)] = 0.0 + p[i - 1].v;
		filled = i - 1 - lo;
		lo = i - 1;
	}
	for (i = lo; i < end; i++) {
		long h = (long)((p[i].t - t0) / 3600);
		if (h != cur) {
			if (cur >= 0)
				out[cur] = sum / (double)cnt;
			filled += cur >= 0;
			cur = h;
			sum = 0;
			cnt = 0;
		}
		sum += p[i].v;
		cnt++;
	}
	out[cur] = sum / (double)cnt;
	*last = cur;
	return filled + 1;
}

/* Hourly means of [t0, t0 + hours) from the samples p[0, n) (in time
 * order, values never NaN: samples_check), NaN where there are none;
 * flag[i] (may be NULL) marks the hours interpolated across a gap of at
 * most max_gap_h hours.  Each hour's mean is a running sum closed when the
 * hour changes.  1 when the hours with a value are one block without a
 * gap, [*first, *last] (nothing interpolated), else 0. */
static int bin_hours(const packed *p, long n, long long t0, long hours,
		     double max_gap_h, double *out, unsigned char *flag,
		     long *first, long *last)
{
	long i, prev = -1;
	long filled = bin_once(p, n, t0, hours, out, first, last);

	if (flag)
		memset(flag, 0, (size_t)hours);
	if (filled > 0 && filled == *last - *first + 1) {
		/* one block of hours without a gap: nothing to interpolate,
		 * only the hours around it to mark missing */
		for (i = 0; i < *first; i++)
			out[i] = LCA_NAN;
		for (i = *last + 1; i < hours; i++)
			out[i] = LCA_NAN;
		return 1;
	}
	for (i = 0; i < hours; i++)
		out[i] = LCA_NAN;
	(void)bin_once(p, n, t0, hours, out, first, last);
	/* linear interpolation across short gaps */
	for (i = 0; i < hours; i++) {
		long j;
		if (isnan(out[i]))
			continue;
		if (prev >= 0 && i - prev > 1 &&
		    (double)(i - prev - 1) <= max_gap_h) {
			for (j = prev + 1; j < i; j++) {
				double f =
				    (double)(j - prev) / (double)(i - prev);
				out[j] = out[prev] + f * (out[i] - out[prev]);
				if (flag)
					flag[j] = 1;
			}
		}
		prev = i;
	}
	return 0;
}

/* Hourly means of [t0, t0 + hours), as bin_hours, read from the catalog. */
static int hourly(lca_catalog *cat, const lca_series_info *s, long long t0,
		  long hours, double max_gap_h, double *out,
		  unsigned char *flag, lca_error *err)
{
	sqlite3_stmt *st;
	const packed *p;
	long n, first, last;
	int rc = samples_read(cat, s, &st, &p, &n, err);

	if (!rc)
		(void)bin_hours(p, n, t0, hours, max_gap_h, out, flag, &first,
				&last);
	if (st)
		sqlite3_reset(st);
	return rc;
}

int lca_series_hourly(lca_catalog *cat, const lca_series_info *s, long long t0,
		      long hours, double max_gap_h, double *out,
		      long *interpolated, lca_error *err)
{
	unsigned char *flag = interpolated ? malloc((size_t)hours + 1) : NULL;
	long i;
	int rc;

	if (interpolated)
		*interpolated = 0;
	if (interpolated && !flag)
		return lca_error_set(err, LCA_ENOMEM, "series",
				     "out of memory");
	rc = hourly(cat, s, t0, hours, max_gap_h, out, flag, err);
	for (i = 0; flag && !rc && i < hours; i++)
		*interpolated += flag[i];
	free(flag);
	return rc;
}

/* Hour i of the window from t0, y years over: its hour in the window
 * that starts at tb. */
static long year_hour(long long t0, long i, int y, long long tb)
{
	return (long)((shift_years(t0 + i * 3600LL, y) - tb) / 3600);
}

/*
 * The one nearest-year rule, for estimate --start, ingest and track runs,
 * lca plan and lca report: each hour of the window takes the series' value
 * for that UTC hour, else the same calendar hour (29 February -> 28
 * February) of the nearest year that has one: 1 year earlier, 1 later, 2
 * earlier, ... up to LCA_SERIES_MAX_SHIFT years.  So a window that runs
 * past the data's year or across 31 December takes each hour from the
 * year that has it.  Gaps of at most max_gap_h hours are interpolated
 * within a year, before another year is asked.
 */
int lca_series_nearest(lca_catalog *cat, const lca_series_info *s, long long t0,
		       long hours, double max_gap_h, double *out,
		       lca_series_cover *cov, lca_error *err)
{
	double *v = NULL;
	unsigned char *flag = NULL, *done = NULL;
	sqlite3_stmt *st = NULL;
	const packed *p = NULL;
	long i, left = hours, best = -1, np = 0;
	/* hours of a gap interpolation reaches: an hour's value depends on
	 * samples at most this far away */
	long reach = max_gap_h >= (double)LCA_SERIES_MAX_HOURS
			 ? LCA_SERIES_MAX_HOURS + 48
			 : (max_gap_h > 0 ? (long)floor(max_gap_h) : 0) + 1;
	int k, rc = 0;

	memset(cov, 0, sizeof(*cov));
	cov->hours = hours;
	if (hours < 1 || hours > LCA_SERIES_MAX_HOURS)
		return lca_error_set(err, LCA_ERANGE, s->zone,
				     "window of %ld h (expected 1 h to 5 "
				     "years)",
				     hours);
	/* a shifted window may hold a 29 February more or less */
	v = malloc(sizeof(double) * (size_t)(hours + 48));
	flag = malloc((size_t)hours + 48);
	done = calloc((size_t)hours, 1);
	if (!v || !flag || !done) {
		rc = lca_error_set(err, LCA_ENOMEM, "series", "out of memory");
		goto out;
	}
	/* the window's own year writes every hour of out; else they start
	 * missing */
	if (shift_years(t0 + hours * 3600LL, 0) <= s->t0 ||
	    shift_years(t0, 0) > s->t1)
		for (i = 0; i < hours; i++)
			out[i] = LCA_NAN;
	for (k = 0; k <= 2 * LCA_SERIES_MAX_SHIFT && left > 0; k++) {
		int y = k == 0 ? 0 : (k % 2 ? -(k + 1) / 2 : k / 2);
		long long tb = shift_years(t0, y);
		long long te = shift_years(t0 + hours * 3600LL, y);
		long m = (long)((te - tb) / 3600) + 1, jlo = m, jhi = -1;
		long first, last;

		if (te <= s->t0 || tb > s->t1)
			continue; /* this year has none of the window */
		/* the samples, read and checked once for every year asked */
		if (!st && (rc = samples_read(cat, s, &st, &p, &np, err)))
			goto out;
		if (!y) { /* the window's own year: hour i is v[i] */
			long got = 0, interp = 0;
			if (bin_hours(p, np, tb, m, max_gap_h, v, flag, &first,
				      &last)) {
				/* one block: hours [first, last] */
				memcpy(out, v, sizeof(double) * (size_t)hours);
				last = last < hours - 1 ? last : hours - 1;
				if (first < hours) {
					memset(done + first, 1,
					       (size_t)(last - first + 1));
					got = last - first + 1;
				}
			} else {
				for (i = 0; i < hours; i++) {
					int has = !isnan(v[i]);
					out[i] = v[i];
					done[i] = (unsigned char)has;
					got += has;
					interp += flag[i] & has;
				}
			}
			left -= got;
			cov->by_shift[LCA_SERIES_MAX_SHIFT] += got;
			cov->interpolated += interp;
			continue;
		}
		/* another year: only the hours still missing, and what their
		 * interpolation can reach (most windows miss a day at an end
		 * of the data's year, not a year) */
		for (i = 0; i < hours; i++) {
			long j = done[i] ? -1 : year_hour(t0, i, y, tb);
			if (j < 0 || j >= m)
				continue;
			jlo = j < jlo ? j : jlo;
			jhi = j > jhi ? j : jhi;
		}
		if (jhi < 0)
			continue;
		jlo = jlo - reach > 0 ? jlo - reach : 0;
		jhi = jhi + reach < m - 1 ? jhi + reach : m - 1;
		(void)bin_hours(p, np, tb + jlo * 3600LL, jhi - jlo + 1,
				max_gap_h, v + jlo, flag + jlo, &first, &last);
		for (i = 0; i < hours; i++) {
			long j = done[i] ? -1 : year_hour(t0, i, y, tb);
			if (j < 0 || j >= m || isnan(v[j]))
				continue;
			out[i] = v[j];
			done[i] = 1;
			left--;
			cov->by_shift[y + LCA_SERIES_MAX_SHIFT]++;
			cov->interpolated += flag[j];
		}
	}
	cov->missing = left;
	{
		const unsigned char *gap = memchr(done, 0, (size_t)hours);
		cov->leading = gap ? (long)(gap - done) : hours;
	}
	for (k = 0; k <= 2 * LCA_SERIES_MAX_SHIFT; k++)
		if (cov->by_shift[k] > best) {
			best = cov->by_shift[k];
			cov->shift = k - LCA_SERIES_MAX_SHIFT;
		}
	if (left == hours) {
		char a[32], b[32];
		lca_time_format(s->t0, a, sizeof(a));
		lca_time_format(s->t1, b, sizeof(b));
		rc = lca_error_set(err, LCA_ENOTFOUND, s->zone,
				   "the %s series of %s (%s .. %s) is more "
				   "than %d years from the window",
				   s->signal, s->zone, a, b,
				   LCA_SERIES_MAX_SHIFT);
	}
out:
	if (st)
		sqlite3_reset(st);
	free(v);
	free(flag);
	free(done);
	return rc;
}

void lca_series_cover_text(const lca_series_info *s, const lca_series_cover *c,
			   double max_gap_h, int brief, char *buf, size_t n)
{
	char part[64], a[32], b[32];
	size_t len;
	int k, parts = 0;

	lca_time_format(s->t0, a, sizeof(a));
	lca_time_format(s->t1, b, sizeof(b));
	if (!strncmp(a, b, 4))
		lca__fmt(buf, n, "hourly %s series of %s (%.4s)", s->signal,
			 s->zone, a);
	else
		lca__fmt(buf, n, "hourly %s series of %s (%.4s-%.4s)",
			 s->signal, s->zone, a, b);
	len = strlen(buf);
	if (c->by_shift[LCA_SERIES_MAX_SHIFT] == c->hours) {
		if (!brief)
			lca__fmt(buf + len, n - len,
				 " over the window's %ld UTC hour%s; %ld h "
				 "interpolated across gaps of at most %g h",
				 c->hours, c->hours == 1 ? "" : "s",
				 c->interpolated, max_gap_h);
		return;
	}
	lca__fmt(buf + len, n - len,
		 "; the hours it lacks take the nearest year's same hours (");
	for (k = 0; k <= 2 * LCA_SERIES_MAX_SHIFT; k++) {
		/* nearest first, as the rule asks them: 0, -1, +1, -2, ... */
		int y = k == 0 ? 0 : (k % 2 ? -(k + 1) / 2 : k / 2);
		long h = c->by_shift[y + LCA_SERIES_MAX_SHIFT];
		if (!h)
			continue;
		len = strlen(buf);
		if (y == 0)
			lca__fmt(part, sizeof(part), "of their own year");
		else
			lca__fmt(part, sizeof(part), "%d year%s %s", abs(y),
				 abs(y) == 1 ? "" : "s",
				 y < 0 ? "earlier" : "later");
		if (h == c->hours - c->missing)
			lca__fmt(buf + len, n - len, "%s", part);
		else
			lca__fmt(buf + len, n - len, "%s%ld h %s",
				 parts ? ", " : "", h, part);
		parts++;
	}
	len = strlen(buf);
	lca__fmt(buf + len, n - len, ")");
	len = strlen(buf);
	if (!brief)
		lca__fmt(buf + len, n - len,
			 "; %ld h interpolated across gaps of at most %g h",
			 c->interpolated, max_gap_h);
	len = strlen(buf);
	if (c->missing)
		lca__fmt(buf + len, n - len, "; %ld h in no year within %d",
			 c->missing, LCA_SERIES_MAX_SHIFT);
}

int lca_series_window_mean(lca_catalog *cat, const lca_series_info *s,
			   long long t0, double hours, double max_gap_h,
			   double *mean, char *how, size_t how_len,
			   lca_error *err)
{
	return lca_series_window_weighted(cat, s, t0, hours, NULL, max_gap_h,
					  mean, how, how_len, err);
}

int lca_series_window_weighted(lca_catalog *cat, const lca_series_info *s,
			       long long t0, double hours,
			       const double *weights, double max_gap_h,
			       double *mean, char *how, size_t how_len,
			       lca_error *err)
{
	lca_series_cover cov;
	long n = (long)ceil(hours), i;
	double *v, sum = 0, w = 0;
	char text[400];
	int rc;

	if (n < 1)
		n = 1;
	if (n > LCA_SERIES_MAX_HOURS)
		return lca_error_set(err, LCA_ERANGE, s->zone,
				     "job longer than 5 years for an hourly "
				     "footprint");
	v = malloc(sizeof(double) * (size_t)n);
	if (!v)
		return lca_error_set(err, LCA_ENOMEM, "series",
				     "out of memory");
	rc = lca_series_nearest(cat, s, t0, n, max_gap_h, v, &cov, err);
	for (i = 0; !rc && i < n; i++) {
		/* the last hour may be partial */
		double wi = weights	 ? weights[i]
			    : i == n - 1 ? hours - (double)(n - 1)
					 : 1;
		if (weights && !(wi > 0))
			continue; /* no energy: its data is moot */
		if (isnan(v[i]))
			rc = LCA_ENOTFOUND;
		sum += v[i] * wi;
		w += wi;
	}
	free(v);
	if (!rc && weights && !(w > 0))
		rc = LCA_ENOTFOUND;
	if (rc == LCA_ENOTFOUND)
		return lca_error_set(err, rc, s->zone,
				     "the %s series of %s covers no year's "
				     "same hours of this window",
				     s->signal, s->zone);
	if (rc)
		return rc;
	*mean = sum / w;
	lca_series_cover_text(s, &cov, max_gap_h, 0, text, sizeof(text));
	lca__fmt(how, how_len, "mean of the %s%s", text,
		 weights ? "; each hour weighted by its energy" : "");
	return 0;
}
