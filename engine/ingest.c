/* SPDX-License-Identifier: MIT */
/* ingest.c: streaming parsers for energy logs users already have
 * (nvidia-smi, CodeCarbon, Slurm sacct, generic CSV), one per format. */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "lca_int.h"
#include "lca/ledger.h"
#include "banned.h"

#define MAX_FIELDS 64
#define ROW_BYTES  16384

typedef struct ing ing;

/* One format: how to recognise its header, read its rows, finish. */
typedef struct ing_format {
	const char *name;
	unsigned char delim;
	/* 1 if the first line (NUL-terminated) looks like this format */
	int (*detect)(const char *line);
	int (*header)(ing *g); /* columns from the header row */
	int (*row)(ing *g);    /* one data row */
	int (*finish)(ing *g); /* end of input: emit what is left */
} ing_format;

typedef struct dev_state {
	double t, p, e; /* last time, power or counter */
	int primed;
} dev_state;

struct ing {
	const char *name; /* file name for messages */
	const lca_ingest_opts *o;
	const ing_format *fmt;
	lca_ingest_fn on_run;
	void *ud;
	lca_error *err;
	int rc;
	long line; /* newlines seen so far */
	int header_seen, ncols;
	/* the row being read */
	char buf[ROW_BYTES];
	size_t used;
	const char *f[MAX_FIELDS];
	int nf, overflow;
	/* columns (-1: absent) */
	int c_time, c_dev, c_power, c_energy, c_name, c_dur, c_cpu_e, c_gpu_e,
	    c_ram_e, c_total_e, c_job, c_start, c_end, c_cer, c_tres, c_run_id,
	    c_jobname;
	int units;	 /* nvidia-smi: values carry " W" */
	char t_text[64]; /* the last timestamp parsed ("" none) and its value */
	double t_value;
	/* per-device state for power series */
	lca_run run;
	dev_state st[LCA_RUN_MAX_DEVICES];
	int last_dev;
	/* grouping (CodeCarbon run_id, Slurm job id): the whole id, however
	 * long (a row holds at most ROW_BYTES) */
	char group[ROW_BYTES];
	int have_group;
	double group_j, steps_j;
	/* CodeCarbon: the last row of each run_id, in order of first
	 * appearance (run_ids may interleave); a hash table over them */
	struct cc_run *cc;
	long ncc, cc_alloc;
	long *cc_slot; /* cc index + 1, or 0; cc_nslot entries */
	long cc_nslot;
	/* hash of the file's first bytes: the key of a log of relative
	 * times (no calendar time to tell two logs apart) */
	char head_hash[40];
};

/* One CodeCarbon run_id's latest cumulative row. */
typedef struct cc_run {
	char *id;
	char name[256];
	double start, end, e[3], total;
	int parts;
} cc_run;

static int fail(ing *g, int col, const char *what, const char *subject)
{
	char where[1200];

	if (col > 0)
		lca__fmt(where, sizeof(where), "%s: line %ld, column %d",
			 g->name, g->line + 1, col);
	else
		lca__fmt(where, sizeof(where), "%s: line %ld", g->name,
			 g->line + 1);
	return g->rc = lca_error_set(g->err, LCA_EDATA, where, "%s '%s'", what,
				     subject);
}

/* ---- small parsers ------------------------------------------------------ */

static int col_of(ing *g, const char *const *names)
{
	int i;

	for (; *names; names++)
		for (i = 0; i < g->nf; i++) {
			const char *h = g->f[i];
			size_t n = strlen(*names);
			/* "power.draw [W]" matches "power.draw" */
			if (!strncmp(h, *names, n) &&
			    (h[n] == '\0' || h[n] == ' ' || h[n] == '('))
				return i;
		}
	return -1;
}

static int digits(const char *s, int n, int *out)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

/*
 * A timestamp as unix seconds: "2024/01/15 10:00:00.123" (nvidia-smi),
 * "2024-01-15T10:00:00[.fff][Z|+hh:mm]" (ISO 8601), or a plain number of
 * seconds.  Times without a zone are read as UTC: only differences matter
 * for energy.
 */
static int parse_time(const char *s, double *out)
{
	int y, mo, d, h, mi, sec;
	double frac = 0, off = 0;
	const char *p;

	if (strlen(s) >= 19 && (s[4] == '/' || s[4] == '-') &&
	    !digits(s, 4, &y) && !digits(s + 5, 2, &mo) &&
	    !digits(s + 8, 2, &d) && (s[10] == ' ' || s[10] == 'T') &&
	    !digits(s + 11, 2, &h) && s[13] == ':' && !digits(s + 14, 2, &mi) &&
	    s[16] == ':' && !digits(s + 17, 2, &sec)) {
		if (mo < 1 || mo > 12 || d < 1 || d > lca__month_days(y, mo) ||
		    h > 23 || mi > 59 || sec > 60)
			return -1;
		p = s + 19;
		if (*p == '.') {
			double scale = 0.1;
			for (p++; *p >= '0' && *p <= '9'; p++, scale /= 10)
				frac += (*p - '0') * scale;
		}
		if (*p == 'Z') {
			p++;
		} else if ((*p == '+' || *p == '-') && strlen(p) >= 5) {
			int oh, om;
			const char *q = p + 1;
			if (digits(q, 2, &oh))
				return -1;
			q += 2;
			if (*q == ':')
				q++;
			if (digits(q, 2, &om) || oh > 23 || om > 59)
				return -1;
			off = (oh * 3600.0 + om * 60.0) * (*p == '+' ? 1 : -1);
			p = q + 2;
		}
		if (*p)
			return -1;
		*out =
		    (double)lca__days_from_civil(y, (unsigned)mo, (unsigned)d) *
			86400.0 +
		    h * 3600.0 + mi * 60.0 + sec + frac - off;
		return 0;
	}
	/* plain seconds: from 0 (a relative log) to the end of year 9999,
	 * the last time ISO 8601 writes in four digits */
	if (lca_parse_number(s, out) || !(*out >= 0 && *out < LCA__CALENDAR_T1))
		return -1;
	return 0;
}

/*
 * "123.45": up to 15 digits with at most 22 after the point, as an exact
 * integer over an exact power of ten, one correctly rounded division: the
 * double strtod returns, at a tenth of its cost (strtod was a ninth of an
 * ingest).  NULL when s is anything else (lca_parse_number decides); else
 * the end.
 */
static const char *plain_decimal(const char *s, double *out)
{
	static const double p10[] = {1e0,  1e1,	 1e2,  1e3,  1e4,  1e5,
				     1e6,  1e7,	 1e8,  1e9,  1e10, 1e11,
				     1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
				     1e18, 1e19, 1e20, 1e21, 1e22};
	unsigned long long m = 0;
	int nd = 0, frac = -1;

	for (;; s++) {
		if (*s >= '0' && *s <= '9') {
			if (++nd > 15)
				return NULL;
			m = m * 10 + (unsigned long long)(*s - '0');
			if (frac >= 0)
				frac++;
		} else if (*s == '.' && frac < 0) {
			frac = 0;
		} else {
			break;
		}
	}
	if (!nd || frac == 0 || frac > 22 || *s == 'e' || *s == 'E')
		return NULL;
	*out = frac > 0 ? (double)m / p10[frac] : (double)m;
	return s;
}

/* A number, optionally followed by a unit (" W", "W", " J"): the number
 * as lca_parse_number reads it (decimal; no hex, inf or nan). */
static int parse_value(const char *s, const char *unit, double *out)
{
	size_t n = strlen(s), u = unit ? strlen(unit) : 0;
	const char *end;
	char num[128];
	double v;

	if (u && n > u && !strcmp(s + n - u, unit))
		n -= u; /* the unit; white space before it is the number's */
	if (!n || n >= sizeof(num))
		return -1;
	memcpy(num, s, n);
	num[n] = '\0';
	/* the common case, a plain decimal, read here exactly */
	if ((end = plain_decimal(num, &v)) != NULL) {
		while (*end == ' ')
			end++;
		if (!*end) {
			*out = v;
			return 0;
		}
	}
	return lca_parse_number(num, out) ? -1 : 0;
}

/* "[N/A]", "[Not Supported]", "N/A": nvidia-smi has no reading. */
static int no_reading(const char *s)
{
	return s[0] == '[' || !strcmp(s, "N/A");
}

/* ---- per-device series --------------------------------------------------
 */

static int device_slot(ing *g, const char *name, const char *kind)
{
	int i = g->last_dev;

	if (i < g->run.ndev && !strcmp(g->run.dev[i].device, name))
		return i;
	/* a log lists its devices in turn: the next one is the likely one */
	i = i + 1 < g->run.ndev ? i + 1 : 0;
	if (i < g->run.ndev && !strcmp(g->run.dev[i].device, name))
		return g->last_dev = i;
	for (i = 0; i < g->run.ndev; i++)
		if (!strcmp(g->run.dev[i].device, name))
			return g->last_dev = i;
	if (g->run.ndev == LCA_RUN_MAX_DEVICES)
		return -1;
	i = g->run.ndev++;
	memset(&g->run.dev[i], 0, sizeof(g->run.dev[i]));
	lca__strlcpy(g->run.dev[i].device, name, sizeof(g->run.dev[i].device));
	lca__strlcpy(g->run.dev[i].kind, kind, sizeof(g->run.dev[i].kind));
	g->run.dev[i].first = g->run.dev[i].last = LCA_NAN;
	memset(&g->st[i], 0, sizeof(g->st[i]));
	return g->last_dev = i;
}

/*
 * Adds one reading.  Power: trapezoid between consecutive readings of the
 * device; a gap over max_gap_s is not bridged (counted and reported).
 * Counter: energy is the increase.  Readings within warmup_s of the
 * device's first are dropped.  The energy also goes to the run's hours.
 */
static int add_reading(ing *g, const char *devname, const char *kind, double t,
		       double v, int is_counter, int tcol)
{
	int i = device_slot(g, devname, kind);
	lca_run_device *d;
	dev_state *s;
	double dt;

	if (i < 0)
		return fail(g, 0, "more than 64 devices in one run", devname);
	d = &g->run.dev[i];
	s = &g->st[i];
	if (isnan(d->first))
		d->first = t;
	if (g->o->warmup_s > 0 && t - d->first < g->o->warmup_s)
		return 0;
	if (!s->primed) {
		s->primed = 1;
		s->t = t;
		s->p = v;
		s->e = v;
		d->samples++;
		d->last = t;
		return 0;
	}
	dt = t - s->t;
	if (dt < 0)
		return fail(g, tcol, "timestamps going backwards for device",
			    devname);
	if (is_counter) {
		if (v < s->e)
			return fail(g, 0,
				    "energy counter going backwards for device",
				    devname);
		if (dt > g->o->max_gap_s) {
			d->gaps++;
			d->gap_s += dt;
		} else {
			d->energy_j += v - s->e;
			lca_run_add_energy(&g->run, s->t, t, v - s->e);
		}
		s->e = v;
	} else if (dt > g->o->max_gap_s) {
		d->gaps++;
		d->gap_s += dt;
	} else {
		d->energy_j += 0.5 * (s->p + v) * dt;
		lca_run_add_energy(&g->run, s->t, t, 0.5 * (s->p + v) * dt);
	}
	s->t = t;
	s->p = v;
	d->samples++;
	d->last = t;
	return 0;
}

static void reset_run(ing *g, const char *source)
{
	lca_run_release(&g->run); /* the last run's hours, if any */
	lca__strlcpy(g->run.source, source, sizeof(g->run.source));
	lca__strlcpy(g->run.name, g->name, sizeof(g->run.name));
	g->last_dev = 0;
}

static int emit(ing *g)
{
	int rc;

	lca_run_total(&g->run);
	rc = g->on_run(&g->run, g->ud, g->err);
	if (rc)
		g->rc = rc;
	return rc;
}

/* A power series ends: one run for the whole file. */
static int finish_series(ing *g)
{
	char id[600];
	size_t len = 0;
	double first = HUGE_VAL;
	int i;

	if (!g->run.ndev)
		return fail(g, 0, "no readings in", g->name);
	/* key: the devices and the first reading; a log of relative times
	 * also its first bytes */
	for (i = 0; i < g->run.ndev && len < sizeof(id) - 80; i++) {
		lca__fmt(id + len, sizeof(id) - len, "%s%s", i ? "," : "",
			 g->run.dev[i].device);
		len = strlen(id);
		if (g->run.dev[i].first < first)
			first = g->run.dev[i].first;
	}
	lca__fmt(id + len, sizeof(id) - len, "@%.3f%s%s", first,
		 first < LCA__CALENDAR_T0 ? "#" : "",
		 first < LCA__CALENDAR_T0 ? g->head_hash : "");
	if (lca_run_set_key(&g->run, g->fmt->name, id, g->err))
		return g->rc = LCA_EIO;
	return emit(g);
}

/* ---- nvidia-smi --query-gpu=timestamp,index,power.draw,... -------------- */

static const char *const h_time[] = {"timestamp", "time", "t", NULL};
static const char *const h_index[] = {"index", "device", "gpu", NULL};
static const char *const h_power[] = {"power.draw", "power_w", NULL};

static int smi_detect(const char *line)
{
	int y, mo;

	if (strstr(line, "power.draw"))
		return 1;
	/* no header: the first field is an nvidia-smi timestamp */
	return strlen(line) > 19 && line[4] == '/' && line[7] == '/' &&
	       !digits(line, 4, &y) && !digits(line + 5, 2, &mo);
}

static int smi_row(ing *g);

static int smi_header(ing *g)
{
	static const char *const h_name[] = {"name", NULL};

	reset_run(g, "nvidia-smi");
	if (!strstr(g->f[0], "timestamp") &&
	    !parse_time(g->f[0], &(double){0})) {
		/* --format=csv,noheader: timestamp, index, power.draw */
		if (g->nf < 3)
			return fail(g, g->nf + 1,
				    "nvidia-smi log without a header needs "
				    "columns",
				    "timestamp, index, power.draw");
		g->c_time = 0;
		g->c_dev = 1;
		g->c_power = 2;
		g->ncols = g->nf;
		g->units = strchr(g->f[g->nf > 2 ? 2 : 0], 'W') != NULL;
		g->header_seen = 1;
		return smi_row(g);
	}
	g->c_time = col_of(g, h_time);
	g->c_dev = col_of(g, h_index);
	g->c_power = col_of(g, h_power);
	g->c_name = col_of(g, h_name);
	if (g->c_time < 0 || g->c_power < 0)
		return fail(g, 0, "nvidia-smi log needs columns",
			    "timestamp and power.draw");
	g->units = strstr(g->f[g->c_power], "[W]") != NULL;
	return 0;
}

static int smi_row(ing *g)
{
	double t, p;
	const char *dev = g->c_dev >= 0 ? g->f[g->c_dev] : "0";
	const char *ts = g->f[g->c_time];
	char name[64];

	if (no_reading(g->f[g->c_power]))
		return 0;
	/* every device of a reading shares its time: parse it once */
	if (g->t_text[0] && !strcmp(ts, g->t_text)) {
		t = g->t_value;
	} else if (parse_time(ts, &t)) {
		return fail(g, g->c_time + 1, "not a timestamp", ts);
	} else {
		lca__strlcpy(g->t_text, ts, sizeof(g->t_text));
		g->t_value = t;
	}
	if (parse_value(g->f[g->c_power], g->units ? "W" : NULL, &p))
		return fail(g, g->c_power + 1, "power is not a number",
			    g->f[g->c_power]);
	if (p < 0)
		return fail(g, g->c_power + 1, "negative power",
			    g->f[g->c_power]);
	if (g->c_name >= 0 && !g->run.gpu[0])
		lca__strlcpy(g->run.gpu, g->f[g->c_name], sizeof(g->run.gpu));
	memcpy(name, "gpu", 3); /* "gpu" dev, as lca__fmt would write it */
	lca__strlcpy(name + 3, dev, sizeof(name) - 3);
	if (add_reading(g, name, "gpu", t, p, 0, g->c_time + 1))
		return g->rc;
	g->run.devices = g->run.ndev;
	return 0;
}

/* ---- generic: timestamp + power_w or energy_j [+ device] ---------------- */

static int gen_detect(const char *line)
{
	return strstr(line, "power_w") || strstr(line, "energy_j");
}

static int gen_header(ing *g)
{
	static const char *const h_energy[] = {"energy_j", NULL};
	static const char *const h_gpow[] = {"power_w", NULL};

	reset_run(g, "generic");
	g->c_time = col_of(g, h_time);
	g->c_dev = col_of(g, h_index);
	g->c_power = col_of(g, h_gpow);
	g->c_energy = col_of(g, h_energy);
	if (g->c_time < 0 || (g->c_power < 0 && g->c_energy < 0))
		return fail(g, 0, "generic csv needs columns",
			    "timestamp and power_w or energy_j");
	return 0;
}

static int gen_row(ing *g)
{
	int c = g->c_power >= 0 ? g->c_power : g->c_energy;
	double t, v;
	char name[64];

	if (parse_time(g->f[g->c_time], &t))
		return fail(g, g->c_time + 1, "not a timestamp",
			    g->f[g->c_time]);
	if (parse_value(g->f[c], NULL, &v))
		return fail(g, c + 1, "not a number", g->f[c]);
	if (v < 0)
		return fail(g, c + 1,
			    g->c_power >= 0 ? "negative power"
					    : "negative energy",
			    g->f[c]);
	lca__fmt(name, sizeof(name), "%s",
		 g->c_dev >= 0 ? g->f[g->c_dev] : "device");
	if (add_reading(g, name, "device", t, v, g->c_power < 0, g->c_time + 1))
		return g->rc;
	return 0;
}

/* ---- CodeCarbon emissions.csv: one row per run (cumulative) ------------- */

static int cc_detect(const char *line)
{
	return strstr(line, "emissions") && strstr(line, "energy_consumed");
}

static int cc_header(ing *g)
{
	static const char *const h_cpu[] = {"cpu_energy", NULL};
	static const char *const h_gpu[] = {"gpu_energy", NULL};
	static const char *const h_ram[] = {"ram_energy", NULL};
	static const char *const h_tot[] = {"energy_consumed", NULL};
	static const char *const h_dur[] = {"duration", NULL};
	static const char *const h_run[] = {"run_id", NULL};
	static const char *const h_proj[] = {"project_name", NULL};

	g->c_time = col_of(g, h_time);
	g->c_cpu_e = col_of(g, h_cpu);
	g->c_gpu_e = col_of(g, h_gpu);
	g->c_ram_e = col_of(g, h_ram);
	g->c_total_e = col_of(g, h_tot);
	g->c_dur = col_of(g, h_dur);
	g->c_run_id = col_of(g, h_run);
	g->c_jobname = col_of(g, h_proj);
	if (g->c_total_e < 0 || g->c_dur < 0 || g->c_time < 0)
		return fail(g, 0, "codecarbon log needs columns",
			    "timestamp, duration and energy_consumed");
	return 0;
}

static int cc_num(ing *g, int c, double *v)
{
	if (c < 0 || !g->f[c][0]) {
		*v = 0;
		return 0;
	}
	if (parse_value(g->f[c], NULL, v))
		return fail(g, c + 1, "not a number", g->f[c]);
	if (*v < 0)
		return fail(g, c + 1, "negative energy", g->f[c]);
	return 0;
}

/* The run_id's entry in the table, added when new; NULL when out of
 * memory. */
static cc_run *cc_find(ing *g, const char *id)
{
	unsigned long long st[2] = LCA__HASH_INIT;
	long k, i;
	cc_run *c;

	if (2 * (g->ncc + 1) > g->cc_nslot) {
		long n = g->cc_nslot ? 2 * g->cc_nslot : 64;
		long *slot = calloc((size_t)n, sizeof(long));
		if (!slot)
			return NULL;
		free(g->cc_slot);
		g->cc_slot = slot;
		g->cc_nslot = n;
		for (i = 0; i < g->ncc; i++) {
			unsigned long long h[2] = LCA__HASH_INIT;
			lca__hash_more(h, g->cc[i].id, strlen(g->cc[i].id));
			for (k = (long)(h[0] % (unsigned long long)n); slot[k];
			     k = (k + 1) % n)
				;
			slot[k] = i + 1;
		}
	}
	lca__hash_more(st, id, strlen(id));
	for (k = (long)(st[0] % (unsigned long long)g->cc_nslot); g->cc_slot[k];
	     k = (k + 1) % g->cc_nslot)
		if (!strcmp(g->cc[g->cc_slot[k] - 1].id, id))
			return &g->cc[g->cc_slot[k] - 1];
	if (g->ncc == g->cc_alloc) {
		long n = g->cc_alloc ? 2 * g->cc_alloc : 16;
		cc_run *p = realloc(g->cc, sizeof(cc_run) * (size_t)n);
		if (!p)
			return NULL;
		g->cc = p;
		g->cc_alloc = n;
	}
	c = &g->cc[g->ncc];
	memset(c, 0, sizeof(*c));
	c->id = malloc(strlen(id) + 1);
	if (!c->id)
		return NULL;
	memcpy(c->id, id, strlen(id) + 1);
	g->cc_slot[k] = ++g->ncc;
	return c;
}

static void cc_free(ing *g)
{
	long i;

	for (i = 0; i < g->ncc; i++)
		free(g->cc[i].id);
	free(g->cc);
	free(g->cc_slot);
	g->cc = NULL;
	g->cc_slot = NULL;
	g->ncc = g->cc_alloc = g->cc_nslot = 0;
}

/* One run from a CodeCarbon row: energies in kWh, per component when
 * given, else the total.  key: the run_id. */
static int cc_emit(ing *g, const cc_run *c, const char *key)
{
	static const char *const kinds[3] = {"cpu", "gpu", "ram"};
	int i;

	reset_run(g, "codecarbon");
	if (c->name[0])
		lca__strlcpy(g->run.name, c->name, sizeof(g->run.name));
	g->run.start = c->start;
	g->run.end = c->end;
	for (i = 0; i < 4; i++) {
		lca_run_device *d;
		if (i < 3 ? !(c->parts & 1 << i) : g->run.ndev > 0)
			continue;
		d = &g->run.dev[g->run.ndev++];
		lca__strlcpy(d->device, i < 3 ? kinds[i] : "total",
			     sizeof(d->device));
		lca__strlcpy(d->kind, d->device, sizeof(d->kind));
		d->samples = 1;
		d->first = c->start;
		d->last = c->end;
		d->energy_j = (i < 3 ? c->e[i] : c->total) * 3.6e6;
	}
	if (lca_run_set_key(&g->run, "codecarbon", key, g->err))
		return g->rc = LCA_EIO;
	return emit(g);
}

static int cc_row(ing *g)
{
	int cols[3] = {g->c_cpu_e, g->c_gpu_e, g->c_ram_e};
	double t, dur, v[3], total, parts = 0;
	cc_run row, *c = &row;
	char key[300];
	int i;

	if (parse_time(g->f[g->c_time], &t))
		return fail(g, g->c_time + 1, "not a timestamp",
			    g->f[g->c_time]);
	if (cc_num(g, g->c_dur, &dur) || cc_num(g, g->c_total_e, &total))
		return g->rc;
	for (i = 0; i < 3; i++) {
		if (cc_num(g, cols[i], &v[i]))
			return g->rc;
		parts += v[i];
	}
	/* CodeCarbon appends a cumulative row per flush: the last row of a
	 * run_id is the run, wherever its rows sit (run_ids may
	 * interleave).  Without run_id every row is its own run. */
	if (g->c_run_id >= 0 && !(c = cc_find(g, g->f[g->c_run_id])))
		return fail(g, 0, "out of memory", g->name);
	if (c == &row)
		memset(c, 0, sizeof(*c));
	c->start = t - dur;
	c->end = t;
	c->total = total;
	c->parts = 0;
	for (i = 0; i < 3; i++) {
		c->e[i] = v[i];
		if (parts > 0 && cols[i] >= 0)
			c->parts |= 1 << i;
	}
	if (g->c_jobname >= 0 && g->f[g->c_jobname][0])
		lca__fmt(c->name, sizeof(c->name), "%s: %s %s", g->name,
			 g->f[g->c_jobname],
			 g->c_run_id >= 0 ? g->f[g->c_run_id] : "");
	if (c != &row)
		return 0;
	lca__fmt(key, sizeof(key), "row@%s", g->f[g->c_time]);
	return cc_emit(g, c, key);
}

static int cc_finish(ing *g)
{
	long i;

	for (i = 0; i < g->ncc && !g->rc; i++)
		cc_emit(g, &g->cc[i], g->cc[i].id);
	return g->rc;
}

/* ---- Slurm sacct --parsable2 -------------------------------------------- */

static int sacct_detect(const char *line)
{
	return strchr(line, '|') && strstr(line, "JobID");
}

static int sacct_header(ing *g)
{
	static const char *const h_job[] = {"JobIDRaw", "JobID", NULL};
	static const char *const h_start[] = {"Start", NULL};
	static const char *const h_end[] = {"End", NULL};
	static const char *const h_cer[] = {"ConsumedEnergyRaw", NULL};
	static const char *const h_tres[] = {"TRESUsageInTot", "TRES",
					     "AllocTRES", NULL};
	static const char *const h_name[] = {"JobName", NULL};

	g->c_job = col_of(g, h_job);
	g->c_start = col_of(g, h_start);
	g->c_end = col_of(g, h_end);
	g->c_cer = col_of(g, h_cer);
	g->c_tres = col_of(g, h_tres);
	g->c_jobname = col_of(g, h_name);
	if (g->c_job < 0 || (g->c_cer < 0 && g->c_tres < 0))
		return fail(g, 0, "sacct output needs columns",
			    "JobID and ConsumedEnergyRaw or TRESUsageInTot");
	return 0;
}

/* A job ends: its energy is the allocation line's, else its steps' sum. */
static int sacct_flush(ing *g)
{
	lca_run_device *d;
	double j = g->group_j > 0 ? g->group_j : g->steps_j;

	if (!g->have_group)
		return 0;
	g->have_group = 0;
	if (!(j > 0))
		return 0; /* no energy accounted for this job */
	if (lca_run_set_key(&g->run, "slurm", g->group, g->err))
		return g->rc = LCA_EIO;
	d = &g->run.dev[0];
	g->run.ndev = 1;
	memset(d, 0, sizeof(*d));
	lca__strlcpy(d->device, "node", sizeof(d->device));
	lca__strlcpy(d->kind, "node", sizeof(d->kind));
	d->samples = 1;
	d->first = g->run.start;
	d->last = g->run.end;
	d->energy_j = j;
	return emit(g);
}

static int sacct_energy(ing *g, double *j)
{
	const char *s;
	char tmp[64];
	size_t n;

	*j = LCA_NAN;
	if (g->c_cer >= 0 && g->f[g->c_cer][0]) {
		if (parse_value(g->f[g->c_cer], NULL, j))
			return fail(g, g->c_cer + 1, "energy is not a number",
				    g->f[g->c_cer]);
		if (*j < 0)
			return fail(g, g->c_cer + 1, "negative energy",
				    g->f[g->c_cer]);
		return 0;
	}
	if (g->c_tres < 0 || !(s = strstr(g->f[g->c_tres], "energy=")))
		return 0;
	s += 7;
	n = strcspn(s, ",");
	if (n >= sizeof(tmp))
		n = sizeof(tmp) - 1;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	if (parse_value(tmp, NULL, j) || *j < 0)
		return fail(g, g->c_tres + 1, "bad TRES energy", tmp);
	return 0;
}

static int sacct_row(ing *g)
{
	const char *id = g->f[g->c_job];
	size_t base = strcspn(id, ".");
	double j, t;

	if (sacct_energy(g, &j))
		return g->rc;
	if (!g->have_group || strlen(g->group) != base ||
	    strncmp(g->group, id, base)) {
		if (sacct_flush(g))
			return g->rc;
		reset_run(g, "slurm");
		g->have_group = 1;
		g->group_j = g->steps_j = 0;
		lca__fmt(g->group, sizeof(g->group), "%.*s", (int)base, id);
		lca__fmt(g->run.name, sizeof(g->run.name), "slurm job %s%s%s",
			 g->group, g->c_jobname >= 0 ? " " : "",
			 g->c_jobname >= 0 ? g->f[g->c_jobname] : "");
	}
	if (!isnan(j)) {
		if (id[base] == '\0')
			g->group_j = j;
		else
			g->steps_j += j;
	}
	if (id[base] == '\0') {
		if (g->c_start >= 0 && !parse_time(g->f[g->c_start], &t))
			g->run.start = t;
		if (g->c_end >= 0 && !parse_time(g->f[g->c_end], &t))
			g->run.end = t;
		if (g->run.end < g->run.start)
			return fail(g, g->c_end + 1, "End before Start",
				    g->f[g->c_end]);
	}
	return 0;
}

static int sacct_finish(ing *g)
{
	return sacct_flush(g);
}

/* ---- the format table ----------------------------------------------------
 */

static const ing_format formats[] = {
    {"slurm", '|', sacct_detect, sacct_header, sacct_row, sacct_finish},
    {"codecarbon", ',', cc_detect, cc_header, cc_row, cc_finish},
    {"nvidia-smi", ',', smi_detect, smi_header, smi_row, finish_series},
    {"generic", ',', gen_detect, gen_header, gen_row, finish_series},
};
#define NFORMATS (sizeof(formats) / sizeof(formats[0]))

const char *lca_ingest_formats(void)
{
	return "nvidia-smi, codecarbon, slurm, generic";
}

/* ---- the streaming driver ------------------------------------------------ */

static void on_field(void *s, size_t len, void *data)
{
	ing *g = data;

	if (g->rc)
		return;
	if (g->nf >= MAX_FIELDS || g->used + len + 1 > sizeof(g->buf)) {
		g->overflow = 1;
		return;
	}
	memcpy(g->buf + g->used, s, len);
	g->buf[g->used + len] = '\0';
	g->f[g->nf++] = g->buf + g->used;
	g->used += len + 1;
}

static void on_row(int term, void *data)
{
	ing *g = data;

	if (!g->rc && g->nf > 0) {
		if (g->overflow)
			fail(g, 0, "row too long", "over 64 columns or 16 KiB");
		else if (!g->header_seen) {
			g->header_seen = 1;
			g->ncols = g->nf;
			g->fmt->header(g);
		} else if (g->nf != g->ncols) {
			char what[64];
			lca__fmt(what, sizeof(what), "%d", g->nf);
			fail(g, g->nf < g->ncols ? g->nf : g->ncols + 1,
			     "wrong number of columns, found", what);
		} else {
			g->fmt->row(g);
		}
	}
	g->nf = 0;
	g->used = 0;
	g->overflow = 0;
	if (term == '\n')
		g->line++;
}

static int pick_format(ing *g, const char *chunk, size_t n)
{
	char first[1024];
	size_t len = 0, i;

	while (len < n && len < sizeof(first) - 1 && chunk[len] != '\n')
		len++;
	memcpy(first, chunk, len);
	first[len] = '\0';
	if (g->o && g->o->format) {
		for (i = 0; i < NFORMATS; i++)
			if (!strcmp(formats[i].name, g->o->format)) {
				g->fmt = &formats[i];
				return 0;
			}
		return g->rc = lca_error_set(g->err, LCA_EUSAGE, "format",
					     "unknown format '%s' (expected "
					     "nvidia-smi, codecarbon, slurm "
					     "or generic)",
					     g->o->format);
	}
	for (i = 0; i < NFORMATS; i++)
		if (formats[i].detect(first)) {
			g->fmt = &formats[i];
			return 0;
		}
	return fail(g, 0, "unknown log format (give format)", g->name);
}

/*
 * Lines without a quote or a lone carriage return are split here, exactly
 * as libcsv splits them with the options run_ingest gives it (fields
 * between delimiters, spaces and tabs trimmed at both ends, an empty or
 * blank line a row without fields, CR LF a row then an empty one): libcsv
 * takes a state-machine step per byte and was half of an ingest.  From the
 * first line that has a quote (or a lone CR) on, libcsv parses the rest.
 */
#define FAST_LINE_MAX (1u << 20)
typedef struct fastcsv {
	int slow;    /* libcsv from here on */
	char *carry; /* a line cut by the end of a chunk */
	size_t ncarry, cap;
} fastcsv;

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* One line, its '\n' excluded. */
static void fast_line(ing *g, const char *s, size_t len, char delim)
{
	int cr = len && s[len - 1] == '\r';
	size_t i = 0;

	if (cr)
		len--;
	while (i < len && is_blank(s[i]))
		i++;
	while (i < len) {
		size_t start, end;
		while (i < len && is_blank(s[i]))
			i++;
		start = i;
		while (i < len && s[i] != delim)
			i++;
		for (end = i; end > start && is_blank(s[end - 1]); end--)
			;
		on_field((void *)(uintptr_t)(s + start), end - start, g);
		if (i == len)
			break;
		if (++i == len) /* a delimiter ends the line: an empty field */
			on_field((void *)(uintptr_t)(s + i), 0, g);
	}
	on_row(cr ? '\r' : '\n', g);
	if (cr)
		on_row('\n', g);
}

/* Whether libcsv must parse this line: a quote, or a CR before its end. */
static int fast_unsure(const char *s, size_t len)
{
	const char *cr;

	if (memchr(s, '"', len))
		return 1;
	cr = memchr(s, '\r', len);
	return cr && cr != s + len - 1;
}

static int fast_carry(fastcsv *f, const char *s, size_t n)
{
	if (f->ncarry + n > f->cap) {
		size_t cap = (f->ncarry + n) * 2;
		char *p = realloc(f->carry, cap);
		if (!p)
			return LCA_ENOMEM;
		f->carry = p;
		f->cap = cap;
	}
	memcpy(f->carry + f->ncarry, s, n);
	f->ncarry += n;
	return 0;
}

/* Parses chunk[0, n) through fast_line, or libcsv once unsure. */
static void fast_parse(ing *g, fastcsv *f, struct csv_parser *p,
		       const char *chunk, size_t n)
{
	char delim = (char)g->fmt->delim;
	size_t off = 0;

	if (!f->slow && f->ncarry) {
		const char *nl = memchr(chunk, '\n', n);
		size_t take = nl ? (size_t)(nl - chunk) : n;
		if (fast_carry(f, chunk, take)) {
			fail(g, 0, "out of memory", g->name);
			return;
		}
		if (!nl && f->ncarry > FAST_LINE_MAX) {
			/* no line this long fits a row (16 KiB): libcsv
			 * parses it, holding no more than a row */
			f->slow = 1;
			if (csv_parse(p, f->carry, f->ncarry, on_field, on_row,
				      g) != f->ncarry &&
			    !g->rc)
				fail(g, 0, "malformed csv",
				     csv_strerror(csv_error(p)));
			f->ncarry = 0;
			return;
		}
		if (!nl)
			return;
		off = take + 1;
		if (fast_unsure(f->carry, f->ncarry)) {
			f->slow = 1;
			if (fast_carry(f, "\n", 1)) {
				fail(g, 0, "out of memory", g->name);
				return;
			}
			if (csv_parse(p, f->carry, f->ncarry, on_field, on_row,
				      g) != f->ncarry &&
			    !g->rc)
				fail(g, 0, "malformed csv",
				     csv_strerror(csv_error(p)));
		} else {
			fast_line(g, f->carry, f->ncarry, delim);
		}
		f->ncarry = 0;
	}
	while (!f->slow && !g->rc && off < n) {
		const char *s = chunk + off;
		const char *nl = memchr(s, '\n', n - off);
		if (!nl) {
			if (fast_carry(f, s, n - off))
				fail(g, 0, "out of memory", g->name);
			return;
		}
		if (fast_unsure(s, (size_t)(nl - s))) {
			f->slow = 1;
			break;
		}
		fast_line(g, s, (size_t)(nl - s), delim);
		off = (size_t)(nl - chunk) + 1;
	}
	if (f->slow && !g->rc && off < n &&
	    csv_parse(p, chunk + off, n - off, on_field, on_row, g) !=
		n - off &&
	    !g->rc)
		fail(g, 0, "malformed csv", csv_strerror(csv_error(p)));
}

typedef struct src {
	FILE *fp;
	const char *data;
	size_t len, off;
} src;

static size_t src_read(src *s, char *buf, size_t n)
{
	if (s->fp)
		return fread(buf, 1, n, s->fp);
	if (n > s->len - s->off)
		n = s->len - s->off;
	memcpy(buf, s->data + s->off, n);
	s->off += n;
	return n;
}

static int run_ingest(src *s, const char *name, const lca_ingest_opts *o,
		      lca_ingest_fn on_run, void *ud, lca_error *err)
{
	static const lca_ingest_opts defaults = {NULL, 60.0, 0};
	struct csv_parser p;
	fastcsv fc = {0, NULL, 0, 0};
	ing *g;
	char *chunk = NULL;
	size_t n, total = 0;
	int rc = 0, last_nl = 1;

	g = calloc(1, sizeof(*g));
	chunk = malloc(65536);
	if (!g || !chunk) {
		free(g);
		free(chunk);
		return lca_error_set(err, LCA_ENOMEM, name, "out of memory");
	}
	g->name = name;
	g->o = o ? o : &defaults;
	g->on_run = on_run;
	g->ud = ud;
	g->err = err;
	g->c_name = g->c_dev = -1;
	if (csv_init(&p, CSV_STRICT | CSV_APPEND_NULL | CSV_REPALL_NL)) {
		free(g);
		free(chunk);
		return lca_error_set(err, LCA_ENOMEM, name, "out of memory");
	}
	while (!g->rc && (n = src_read(s, chunk, 65536)) > 0) {
		if (memchr(chunk, '\0', n)) {
			fail(g, 0, "binary data, not a csv log", name);
			break;
		}
		if (!total && pick_format(g, chunk, n))
			break;
		if (!total)
			lca__hash(chunk, n < 4096 ? n : 4096, g->head_hash,
				  sizeof(g->head_hash));
		csv_set_delim(&p, g->fmt->delim);
		total += n;
		last_nl = chunk[n - 1] == '\n';
		fast_parse(g, &fc, &p, chunk, n);
	}
	if (!g->rc && s->fp && ferror(s->fp))
		g->rc = lca_error_set(err, LCA_EIO, name, "cannot read: %s",
				      strerror(errno));
	if (!g->rc && !total)
		fail(g, 0, "empty file", name);
	if (!g->rc && !last_nl)
		fail(g, 0, "truncated last line (no newline at end of file)",
		     name);
	if (!g->rc)
		csv_fini(&p, on_field, on_row, g);
	if (!g->rc)
		g->fmt->finish(g);
	rc = g->rc;
	cc_free(g);
	csv_free(&p);
	free(fc.carry);
	free(chunk);
	lca_run_release(&g->run);
	free(g);
	return rc;
}

int lca_ingest_file(const char *path, const lca_ingest_opts *o,
		    lca_ingest_fn on_run, void *ud, lca_error *err)
{
	src s = {0};
	int rc;

	s.fp = fopen(path, "rb");
	if (!s.fp)
		return lca_error_set(err, LCA_EIO, path, "cannot open: %s",
				     strerror(errno));
	rc = run_ingest(&s, path, o, on_run, ud, err);
	fclose(s.fp);
	return rc;
}

int lca_ingest_buffer(const char *data, size_t len, const char *name,
		      const lca_ingest_opts *o, lca_ingest_fn on_run, void *ud,
		      lca_error *err)
{
	src s = {0};

	s.data = data;
	s.len = len;
	return run_ingest(&s, name, o, on_run, ud, err);
}

/* ---- content hash --------------------------------------------------------
 */

/* Two independent 64-bit FNV-1a lanes: a 128-bit fingerprint to spot the
 * same file twice (not a defence against a forger). */
int lca_file_hash(const char *path, char *out, size_t n, lca_error *err)
{
	unsigned long long st[2] = LCA__HASH_INIT;
	unsigned char *buf;
	FILE *fp;
	size_t got;

	fp = fopen(path, "rb");
	if (!fp)
		return lca_error_set(err, LCA_EIO, path, "cannot open: %s",
				     strerror(errno));
	buf = malloc(65536);
	if (!buf) {
		fclose(fp);
		return lca_error_set(err, LCA_ENOMEM, path, "out of memory");
	}
	while ((got = fread(buf, 1, 65536, fp)) > 0)
		lca__hash_more(st, buf, got);
	free(buf);
	fclose(fp);
	lca__hash_hex(st, out, n);
	return 0;
}
