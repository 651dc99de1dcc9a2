/* SPDX-License-Identifier: MIT */
/* run.c: a measured run (its devices, its energy per hour) and the one rule
 * that turns a run into a job for the lifecycle computation, shared by lca
 * track, lca ingest and lca estimate --profile. */
#include <ctype.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lca_int.h"
#include "lca/run.h"
#include "lca/series.h"
#include "banned.h"

void lca_run_init(lca_run *r)
{
	memset(r, 0, sizeof(*r));
	r->start = r->end = LCA_NAN;
	r->energy_kwh = r->facility_energy_kwh = LCA_NAN;
	r->operational_kgco2e = r->embodied_kgco2e = LCA_NAN;
	r->total_kgco2e = r->pue = r->grid_gco2_per_kwh = LCA_NAN;
	r->devices = LCA_NAN;
	r->exit_status = -1;
	lca__strlcpy(r->status, "complete", sizeof(r->status));
	lca__strlcpy(r->method, "measured", sizeof(r->method));
}

int lca_run_set_key(lca_run *r, const char *kind, const char *id,
		    lca_error *err)
{
	unsigned char b[16];
	char uuid[40];
	const char *p;
	int plain = 1;
	FILE *fp;

	if (!id) {
		fp = fopen("/dev/urandom", "rb");
		if (!fp || fread(b, 1, sizeof(b), fp) != sizeof(b)) {
			if (fp)
				fclose(fp);
			return lca_error_set(err, LCA_EIO, "/dev/urandom",
					     "cannot read random bytes for a "
					     "run key");
		}
		fclose(fp);
		b[6] = (unsigned char)((b[6] & 0x0f) | 0x40); /* version 4 */
		b[8] = (unsigned char)((b[8] & 0x3f) | 0x80); /* RFC 4122 */
		lca__fmt(uuid, sizeof(uuid),
			 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x"
			 "%02x%02x%02x%02x",
			 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8],
			 b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
		id = uuid;
	}
	for (p = id; *p && plain; p++)
		plain = (unsigned char)*p >= 0x20 && *p != 0x7f;
	if (plain && strlen(id) <= 64) {
		lca__fmt(r->key, sizeof(r->key), "%s:%s", kind, id);
	} else {
		char h[40];
		lca__hash(id, strlen(id), h, sizeof(h));
		lca__fmt(r->key, sizeof(r->key), "%s:#%s", kind, h);
	}
	return 0;
}

void lca_run_release(lca_run *r)
{
	free(r->hour_j);
	lca_run_init(r);
}

/* Room for n hours in r->hour_j (growing it by half at least); 0, or -1
 * when there is no memory (the run then keeps a flat profile). */
static int hours_reserve(lca_run *r, long n)
{
	double *p;
	long want;

	if (n <= r->hour_alloc)
		return 0;
	want = r->hour_alloc + r->hour_alloc / 2;
	if (want < n)
		want = n;
	if (want < 64)
		want = 64;
	if (want > LCA_RUN_MAX_HOURS)
		want = LCA_RUN_MAX_HOURS;
	p = realloc(r->hour_j, sizeof(double) * (size_t)want);
	if (!p)
		return -1;
	r->hour_j = p;
	r->hour_alloc = (int)want;
	return 0;
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
		if (shift + r->nhours > LCA_RUN_MAX_HOURS ||
		    hours_reserve(r, (long)shift + r->nhours)) {
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
	if (h1 - first >= LCA_RUN_MAX_HOURS ||
	    hours_reserve(r, (long)(h1 - first + 1))) {
		r->hours_over = 1;
		return;
	}
	while (r->nhours <= h1 - first)
		r->hour_j[r->nhours++] = 0;
	spread(r->hour_j, r->nhours, first, t0, t1, joules);
}

#define CALENDAR_T0 LCA__CALENDAR_T0
#define CALENDAR_T1 LCA__CALENDAR_T1
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
		return lca_error_set_field(
		    err, LCA_ERANGE, LCA_F_START, "start",
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
		return lca_error_set_field(
		    err, LCA_EUSAGE, LCA_F_START, "start",
		    "unparsable time '%s' (ISO 8601, e.g. "
		    "2023-06-01T14:00Z, or 'run')",
		    text);
	if (si->own && !(r->start >= CALENDAR_T0 && r->start < CALENDAR_T1))
		lca__fmt(si->why, sizeof(si->why),
			 "start 'run': the run's times are not calendar times "
			 "(relative seconds, or none), so the yearly grid "
			 "figure; give start a time");
	else if (!(dur >= 0))
		lca__fmt(si->why, sizeof(si->why),
			 "start: the run has no start and end times, so the "
			 "yearly grid figure");
	else if (dur > MAX_HOURLY_S)
		lca__fmt(si->why, sizeof(si->why),
			 "start: the run's readings span over 5 years, so "
			 "the yearly grid figure");
	if (si->why[0])
		return 0;
	rc = hour_weights(r, si->t, dur, w, &si->hours, &si->measured, err);
	if (rc)
		return rc;
	lca_time_format((long long)floor(si->t), iso, sizeof(iso));
	rc = lca_inputs_set_text(&job->flags, LCA_F_START, iso, "start", err);
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
			 "measured: the run's own start (%s, start 'run')",
			 r->source);
		set_source(fp, "start", src);
	} else if (r->start >= CALENDAR_T0 && fabs(si->t - r->start) >= 60) {
		lca_time_format((long long)floor(r->start), iso, sizeof(iso));
		lca__fmt(src, sizeof(src),
			 "user (start), in place of the run's own start %s",
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

int lca_run_to_job(const lca_run *r, lca_job *job, lca_error *err)
{
	double hours = (r->end - r->start) / 3600.0;
	int rc;

#define HAS(f) (lca_job_input(job, -1, f) != NULL)
	/* The measured energy replaces any model of it. */
	job->flags.set[LCA_F_ENERGY_KWH] = 0;
	rc = lca_inputs_set_number(&job->flags, LCA_F_ENERGY_KWH, r->energy_kwh,
				   "measured energy", err);
	if (!rc && !HAS(LCA_F_GPU) && r->gpu[0])
		rc = lca_inputs_set_text(&job->flags, LCA_F_GPU, r->gpu,
					 "measured device", err);
	/* Embodied is amortised over the device-hours used: give the device
	 * count and the wall time where an accelerator is known. */
	if (!rc && HAS(LCA_F_GPU) && !HAS(LCA_F_GPU_HOURS)) {
		if (!HAS(LCA_F_GPUS) && !isnan(r->devices) && r->devices > 0)
			rc = lca_inputs_set_number(&job->flags, LCA_F_GPUS,
						   r->devices, "devices", err);
		if (!rc && !HAS(LCA_F_HOURS) && !HAS(LCA_F_DAYS) && hours > 0 &&
		    HAS(LCA_F_GPUS))
			rc = lca_inputs_set_number(&job->flags, LCA_F_HOURS,
						   hours, "run duration", err);
	}
#undef HAS
	return rc;
}

void lca_run_dynamic_label(const lca_run *r, char *out, size_t n)
{
	static const char *const parts[] = {"gpu", "cpu", "memory", "other"};
	int has[4] = {0}, i, k = 0;
	size_t len;

	lca__strlcpy(out, "", n);
	for (i = 0; i < r->ndev; i++) {
		const lca_run_device *d = &r->dev[i];
		const char *what =
		    strcmp(d->kind, "model") ? d->kind : d->device;
		if (!strncmp(what, "gpu", 3))
			has[0] = 1;
		else if (!strncmp(what, "cpu", 3))
			has[1] = 1;
		else if (!strncmp(what, "dram", 4) ||
			 !strncmp(what, "memory", 6))
			has[2] = 1;
		else
			has[3] = 1;
	}
	for (i = 0; i < 4; i++) {
		if (!has[i])
			continue;
		len = strlen(out);
		lca__fmt(out + len, n - len, "%s%s", k++ ? "+" : "dynamic (",
			 parts[i]);
	}
	len = strlen(out);
	if (k)
		lca__fmt(out + len, n - len, ")");
}

/* The dynamic component of a run is what its devices drew, never
 * "accelerators" for a CPU. */
static void dynamic_label(const lca_run *r, lca_footprint *fp)
{
	char label[sizeof(fp->total.dynamic_label)];
	int i;

	lca_run_dynamic_label(r, label, sizeof(label));
	if (!label[0])
		return; /* no devices: a measured total */
	for (i = 0; i < fp->nphases; i++)
		lca__strlcpy(fp->phase[i].dynamic_label, label,
			     sizeof(fp->phase[i].dynamic_label));
	lca__strlcpy(fp->total.dynamic_label, label,
		     sizeof(fp->total.dynamic_label));
}

int lca_run_footprint(lca_catalog *cat, const lca_inputs *site, lca_run *r,
		      lca_footprint *fp, lca_error *err)
{
	lca_job *job = malloc(sizeof(*job)); /* 22 KB: off the stack */
	double *w = NULL;
	run_start_info si;
	int rc, i;

	if (!job)
		return lca_error_set(err, LCA_ENOMEM, "runs", "out of memory");
	lca_job_init(job);
	memset(&si, 0, sizeof(si));
	if (site) {
		rc = copy_inputs(&job->flags, site, err);
		if (!rc && site->set[LCA_F_START])
			rc = run_start(job, site->str[LCA_F_START], r, &w, &si,
				       err);
		if (rc)
			goto done;
	}
	rc = lca_run_to_job(r, job, err);
	if (rc)
		goto done;
	rc = lca_compute(cat, job, fp, err);
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
	dynamic_label(r, fp);
	r->facility_energy_kwh = fp->total.energy_kwh;
	r->operational_kgco2e = fp->total.operational_kgco2e;
	r->embodied_kgco2e = fp->total.embodied_kgco2e;
	r->total_kgco2e = fp->total.total_kgco2e;
	r->pue = fp->total.pue;
	r->grid_gco2_per_kwh = fp->total.grid_gco2_per_kwh;
	if (fp->total.accel[0])
		lca__strlcpy(r->gpu, fp->total.accel, sizeof(r->gpu));
done:
	lca_job_release(job);
	free(job);
	free(w);
	return rc;
}

/* ---- tags ----------------------------------------------------------- */

int lca_run_tag_parse(lca_run_tag *tags, int *ntags, const char *kv,
		      const char *where, lca_error *err)
{
	const char *eq = strchr(kv, '=');
	size_t klen = eq ? (size_t)(eq - kv) : 0, i;
	lca_run_tag *t;
	int k;

	if (!eq || !klen || !eq[1])
		return lca_error_set(err, LCA_EUSAGE, where,
				     "not a tag KEY=VALUE '%s'", kv);
	if (klen >= sizeof(t->key) || strlen(eq + 1) >= sizeof(t->value))
		return lca_error_set(err, LCA_EUSAGE, where,
				     "tag too long '%.40s...' (key up to 63, "
				     "value up to 191 characters)",
				     kv);
	for (i = 0; i < klen; i++) {
		char c = kv[i];
		if (!(isalnum((unsigned char)c) || c == '_' || c == '-' ||
		      c == '.'))
			return lca_error_set(
			    err, LCA_EUSAGE, where,
			    "tag key with '%c' '%.*s' "
			    "(letters, digits, _ - .)",
			    iscntrl((unsigned char)c) ? '?' : c, (int)klen, kv);
	}
	for (i = 1; eq[i]; i++)
		if (iscntrl((unsigned char)eq[i]))
			return lca_error_set(err, LCA_EUSAGE, where,
					     "tag value with a control "
					     "character '%.*s'",
					     (int)klen, kv);
	for (k = 0; k < *ntags; k++)
		if (strlen(tags[k].key) == klen &&
		    !strncmp(tags[k].key, kv, klen))
			return lca_error_set(err, LCA_EUSAGE, where,
					     "tag given twice '%.*s'",
					     (int)klen, kv);
	if (*ntags >= LCA_RUN_MAX_TAGS)
		return lca_error_set(err, LCA_ERANGE, where,
				     "too many tags (at most %d)",
				     LCA_RUN_MAX_TAGS);
	t = &tags[(*ntags)++];
	memcpy(t->key, kv, klen);
	t->key[klen] = '\0';
	lca__strlcpy(t->value, eq + 1, sizeof(t->value));
	return 0;
}

const char *lca_run_tag_get(const lca_run *r, const char *key)
{
	int i;

	for (i = 0; i < r->ntags; i++)
		if (!strcmp(r->tags[i].key, key))
			return r->tags[i].value;
	return NULL;
}

/* ---- a job's nodes in one run (Slurm: one epilog per node)
 * ------------------------------------------- */

static int on_node(const lca_run_device *d, const char *node)
{
	size_t n = strlen(node);

	return !strncmp(d->device, node, n) && d->device[n] == ':';
}

void lca__run_merge_nodes(lca_run *into, const lca_run *from)
{
	int i, k, m;

	for (i = 0; i < from->nnodes; i++) {
		const lca_run_node *nd = &from->node[i];
		for (k = 0;
		     k < into->nnodes && strcmp(into->node[k].node, nd->node);
		     k++)
			;
		if (k == into->nnodes) {
			if (k == LCA_RUN_MAX_NODES)
				continue;
			into->nnodes++;
		}
		into->node[k] = *nd;
		/* the node's devices: from's replace into's */
		for (k = m = 0; k < into->ndev; k++)
			if (!on_node(&into->dev[k], nd->node))
				into->dev[m++] = into->dev[k];
		into->ndev = m;
		for (k = 0; k < from->ndev && into->ndev < LCA_RUN_MAX_DEVICES;
		     k++)
			if (on_node(&from->dev[k], nd->node))
				into->dev[into->ndev++] = from->dev[k];
	}
	/* the run's figures: its nodes' sums, from the first start to the
	 * last end */
	into->energy_kwh = into->facility_energy_kwh = 0;
	into->operational_kgco2e = into->embodied_kgco2e = 0;
	into->total_kgco2e = 0;
	into->start = into->end = LCA_NAN;
	for (k = 0; k < into->nnodes; k++) {
		const lca_run_node *nd = &into->node[k];
		into->energy_kwh += nd->energy_kwh;
		into->facility_energy_kwh += nd->facility_energy_kwh;
		into->operational_kgco2e += nd->operational_kgco2e;
		into->embodied_kgco2e += nd->embodied_kgco2e;
		into->total_kgco2e += nd->total_kgco2e;
		if (isnan(into->start) || nd->start < into->start)
			into->start = nd->start;
		if (isnan(into->end) || nd->end > into->end)
			into->end = nd->end;
	}
	into->devices = LCA_NAN;
	for (k = 0; k < into->ndev; k++)
		if (!strcmp(into->dev[k].kind, "gpu"))
			into->devices =
			    isnan(into->devices) ? 1 : into->devices + 1;
	/* a job failed, was cancelled, ...: said by any node's epilog */
	if (!into->exit_state[0] || !strcmp(into->exit_state, "COMPLETED"))
		lca__strlcpy(into->exit_state, from->exit_state,
			     sizeof(into->exit_state));
}
