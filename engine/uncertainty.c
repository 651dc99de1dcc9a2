/* SPDX-License-Identifier: MIT */
/* uncertainty.c: Monte Carlo intervals and first-order sensitivity through the
 * one lifecycle formula. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>
#include <sqlite3.h>

#include "lca_int.h"
#include "catalog_store.h"
#include "../models/models.h"
#include "banned.h"

/* Samples kept per output for the quantiles: memory stays bounded whatever
 * the number of draws (reservoir sampling past this many). */
#define RESERVOIR 100000
/* Bins of each input's probability scale for the first-order index. */
#define SOBOL_BINS 64

static const char *const output_names[LCA_O__COUNT] = {
    "device_hours", "energy_kwh", "operational_kgco2e", "embodied_kgco2e",
    "total_kgco2e"};

static const char *const param_names[LCA_P__COUNT] = {"device_hours",
						      "flops",
						      "peak_flops",
						      "mfu",
						      "measured_energy",
						      "power_per_device",
						      "host_power",
						      "devices_per_node",
						      "idle_energy",
						      "idle_fraction",
						      "pue",
						      "grid_intensity",
						      "device_embodied",
						      "server_embodied",
						      "lifetime",
						      "utilization",
						      "market_grid",
						      "cfe"};

const char *lca_output_name(int output)
{
	if (output < 0 || output >= LCA_O__COUNT)
		return NULL;
	return output_names[output];
}

static int dist_sql(lca_catalog *cat, const char *name, double nominal,
		    lca_dist *out, lca_error *err)
{
	sqlite3_stmt *st;
	int rc;

	memset(out, 0, sizeof(*out));
	st = lca__stmt(cat, "SELECT kind,a,b,c,lo,hi,source FROM "
			    "distributions WHERE name=?");
	if (!st)
		return lca__lookup_error(cat, "distribution", err);
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	rc = lca__step_row(cat, st, "distribution", err);
	if (rc == 0)
		rc = LCA_ENOTFOUND;
	if (rc == 1) {
		const char *kind = (const char *)sqlite3_column_text(st, 0);
		const char *src = (const char *)sqlite3_column_text(st, 6);
		double a = sqlite3_column_double(st, 1);
		double b = sqlite3_column_double(st, 2);

		out->lo = sqlite3_column_type(st, 4) == SQLITE_NULL
			      ? -HUGE_VAL
			      : sqlite3_column_double(st, 4);
		out->hi = sqlite3_column_type(st, 5) == SQLITE_NULL
			      ? HUGE_VAL
			      : sqlite3_column_double(st, 5);
		lca__fmt(out->source, sizeof(out->source), "%s",
			 src ? src : "");
		rc = 0;
		if (!kind) {
			rc = LCA_EDATA;
		} else if (!strcmp(kind, "lognormal")) {
			out->kind = LCA_D_LOGNORMAL;
			out->a = a;
			out->b = b;
		} else if (!strcmp(kind, "normal_rel")) {
			out->kind = LCA_D_NORMAL;
			out->a = nominal;
			out->b = b * nominal;
		} else if (!strcmp(kind, "triangular") ||
			   !strcmp(kind, "uniform")) {
			/* the default itself is always inside the range */
			out->kind =
			    kind[0] == 't' ? LCA_D_TRIANGULAR : LCA_D_UNIFORM;
			out->a = fmin(a, nominal);
			out->b = fmax(b, nominal);
			out->c = nominal;
		} else {
			rc = LCA_EDATA;
		}
	}
	sqlite3_reset(st);
	if (rc)
		memset(out, 0, sizeof(*out));
	return rc;
}

int lca__dist_lookup(lca_catalog *cat, const char *name, double nominal,
		     lca_dist *out, lca_error *err)
{
	lca__key k;
	int rc;

	lca__key_init(&k, LCA_MEMO_DIST);
	lca__key_str(&k, name);
	lca__key_num(&k, nominal);
	/* only LCA_EDB fills err, and that is never remembered */
	if (!lca__memo_get(cat, &k, out, sizeof(*out), &rc, NULL)) {
		static const lca_error none;
		rc = dist_sql(cat, name, nominal, out, err);
		lca__memo_put(cat, &k, out, sizeof(*out), rc,
			      rc == LCA_EDB ? err : &none);
	}
	return rc;
}

/* Inverse CDF: a probability u in (0, 1) -> a value of d. */
static double quantile(const lca_dist *d, double u)
{
	double x;

	switch (d->kind) {
	case LCA_D_UNIFORM:
		return d->a + u * (d->b - d->a);
	case LCA_D_TRIANGULAR: {
		double w = d->b - d->a, f = w > 0 ? (d->c - d->a) / w : 0.5;
		if (w <= 0)
			return d->a;
		if (u < f)
			return d->a + sqrt(u * w * (d->c - d->a));
		return d->b - sqrt((1 - u) * w * (d->b - d->c));
	}
	case LCA_D_LOGNORMAL:
		x = exp(d->a + d->b * gsl_cdf_ugaussian_Pinv(u));
		break;
	case LCA_D_NORMAL:
		x = d->a + d->b * gsl_cdf_ugaussian_Pinv(u);
		break;
	default:
		return d->a;
	}
	return x < d->lo ? d->lo : x > d->hi ? d->hi : x;
}

double lca__dist_quantile(const lca_dist *d, double u)
{
	return quantile(d, u);
}

/*
 * Tabulated inverse CDFs for the draws: the normal quantile (GSL's, a
 * rational approximation) and exp were two thirds of a draw.  Between
 * u = 1/64 and 1 - 1/64 the quantile is read from QTAB + 1 exact points
 * with linear interpolation (error below 1e-5 standard deviations, where
 * the curve bends most, far below the Monte Carlo's own noise); in the
 * tails, and for the cheap uniform and triangular, it is computed.
 * test_speed compares the two.
 */
#define QTAB	  4096
#define QTAB_EDGE (QTAB / 64)

typedef struct qtab {
	int use; /* 0: compute every draw */
	double y[QTAB + 1];
} qtab;

static void qtab_fill(qtab *t, const lca_dist *d)
{
	int i;

	t->use = d->kind == LCA_D_LOGNORMAL || d->kind == LCA_D_NORMAL;
	if (t->use)
		for (i = QTAB_EDGE; i <= QTAB - QTAB_EDGE; i++)
			t->y[i] = quantile(d, (double)i / QTAB);
}

static double qtab_get(const qtab *t, const lca_dist *d, double u)
{
	double x = u * QTAB;
	int i = (int)x;

	if (!t->use || i < QTAB_EDGE || i >= QTAB - QTAB_EDGE)
		return quantile(d, u);
	return t->y[i] + (x - i) * (t->y[i + 1] - t->y[i]);
}

double lca__dist_table_error(const lca_dist *d)
{
	qtab *t = malloc(sizeof(*t));
	double worst = 0;
	long i;

	if (!t)
		return LCA_NAN;
	qtab_fill(t, d);
	for (i = 1; i < 1000000; i++) {
		double u = (double)i / 1000000, x = quantile(d, u);
		double e = fabs(qtab_get(t, d, u) - x) / fmax(fabs(x), 1e-300);
		worst = fmax(worst, e);
	}
	free(t);
	return worst;
}

/* Sorts v[0, n) ascending (no NaN) through tmp (n values): an LSD radix
 * sort on the bits, 11 at a time, skipping digits all values share.  The
 * order is the one any sort gives, so the quantiles and the mean over the
 * sorted values are unchanged; GSL's heap sort was half of a 1e5-draw run. */
void lca__sort_doubles(double *v, size_t n, double *tmp)
{
	static const int bits = 11;
	uint64_t *a = (uint64_t *)(void *)v, *b = (uint64_t *)(void *)tmp, *t;
	size_t i, count[1 << 11];
	int shift;

	for (i = 0; i < n; i++) { /* order-preserving key of a double */
		uint64_t k;
		memcpy(&k, &v[i], sizeof(k));
		a[i] = k >> 63 ? ~k : k | (1ULL << 63);
	}
	for (shift = 0; shift < 64; shift += bits) {
		size_t sum = 0;
		memset(count, 0, sizeof(count));
		for (i = 0; i < n; i++)
			count[(a[i] >> shift) & ((1u << bits) - 1)]++;
		if (n && count[(a[0] >> shift) & ((1u << bits) - 1)] == n)
			continue; /* one digit for all: nothing to move */
		for (i = 0; i < (1u << bits); i++) {
			size_t c = count[i];
			count[i] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
			b[count[(a[i] >> shift) & ((1u << bits) - 1)]++] = a[i];
		t = a;
		a = b;
		b = t;
	}
	for (i = 0; i < n; i++) {
		uint64_t k = a[i] >> 63 ? a[i] & ~(1ULL << 63) : ~a[i];
		memcpy(&v[i], &k, sizeof(k)); /* a is v or tmp */
	}
}

static void describe(const lca_dist *d, char *out, size_t n)
{
	switch (d->kind) {
	case LCA_D_UNIFORM:
		lca__fmt(out, n, "uniform %.4g to %.4g", d->a, d->b);
		break;
	case LCA_D_TRIANGULAR:
		lca__fmt(out, n, "triangular %.4g to %.4g, mode %.4g", d->a,
			 d->b, d->c);
		break;
	case LCA_D_LOGNORMAL:
		lca__fmt(out, n,
			 "log-normal, median %.4g, geometric sd %.3g, within "
			 "%.3g to %.3g",
			 exp(d->a), exp(d->b), d->lo, d->hi);
		break;
	case LCA_D_NORMAL:
		lca__fmt(out, n,
			 "normal, mean %.4g, sd %.3g, within %.3g to "
			 "%.3g",
			 d->a, d->b, d->lo, d->hi);
		break;
	default:
		lca__fmt(out, n, "fixed");
	}
}

typedef struct uvar {
	int phase, param;
	double bin_n[SOBOL_BINS], bin_sum[SOBOL_BINS];
} uvar;

typedef struct reservoir {
	double *v;
	long n; /* values offered */
	int nan;
} reservoir;

/*
 * GSL's mt19937 (rng/mt.c), the generator lca's intervals were drawn with,
 * inline: through gsl_rng's function pointer a draw was a fifth of the
 * Monte Carlo.  Same seeding, same words (test_speed compares them with
 * GSL's), so the same intervals for a seed.
 */
#define MT_N 624
#define MT_M 397
typedef struct mt19937 {
	uint32_t mt[MT_N];
	int mti;
} mt19937;

static void mt_seed(mt19937 *r, unsigned long seed)
{
	int i;

	r->mt[0] = (uint32_t)(seed ? seed : 4357) & 0xffffffffu;
	for (i = 1; i < MT_N; i++)
		r->mt[i] = (uint32_t)(1812433253u * (r->mt[i - 1] ^
						     (r->mt[i - 1] >> 30)) +
				      (uint32_t)i);
	r->mti = MT_N;
}

static void mt_refill(mt19937 *r)
{
	uint32_t *mt = r->mt, y;
	int k;

#define MT_MIX(a, b, c)                                     \
	(y = (mt[a] & 0x80000000u) | (mt[b] & 0x7fffffffu), \
	 mt[a] = mt[c] ^ (y >> 1) ^ ((y & 1u) ? 0x9908b0dfu : 0u))
	for (k = 0; k < MT_N - MT_M; k++)
		MT_MIX(k, k + 1, k + MT_M);
	for (; k < MT_N - 1; k++)
		MT_MIX(k, k + 1, k + (MT_M - MT_N));
	MT_MIX(MT_N - 1, 0, MT_M - 1);
#undef MT_MIX
	r->mti = 0;
}

static inline uint32_t mt_get32(mt19937 *r)
{
	uint32_t k;

	if (r->mti >= MT_N)
		mt_refill(r);
	k = r->mt[r->mti++];
	k ^= k >> 11;
	k ^= (k << 7) & 0x9d2c5680u;
	k ^= (k << 15) & 0xefc60000u;
	k ^= k >> 18;
	return k;
}

uint32_t lca__mt_test(unsigned long seed, long skip)
{
	mt19937 r;

	mt_seed(&r, seed);
	while (skip-- > 0)
		mt_get32(&r);
	return mt_get32(&r);
}

/* gsl_rng_uniform_pos: get / 2^32, never 0. */
static inline double uniform_pos(mt19937 *r)
{
	double x;

	do
		x = (double)mt_get32(r) / 4294967296.0;
	while (x == 0);
	return x;
}

/* Algorithm R, one slot decision per draw shared by every output, so the
 * kept draws are the same draws across outputs.  Returns the slot to
 * write, or -1 to drop this draw.  The draw is gsl_rng_uniform_int's:
 * (get - min) / (range / n), rejected while >= n. */
static long slot(long seen, mt19937 *rng)
{
	unsigned long n = (unsigned long)seen + 1, scale = 0xfffffffful / n, j;

	if (seen < RESERVOIR)
		return seen;
	do
		j = mt_get32(rng) / scale;
	while (j >= n);
	return j < RESERVOIR ? (long)j : -1;
}

static void offer(reservoir *r, long at, double x)
{
	if (isnan(x))
		r->nan = 1;
	else if (at >= 0)
		r->v[at] = x;
	r->n++;
}

/* Totals over phases for one set of plan values. */
static void evaluate_all(const struct lca__plan *plan, double v[][LCA_P__COUNT],
			 double *out)
{
	lca_phase_result r;
	int i;

	memset(out, 0, sizeof(double) * LCA_O__COUNT);
	for (i = 0; i < plan->nphases; i++) {
		lca__evaluate(&plan->phase[i], v[i], &r);
		out[LCA_O_DEVICE_HOURS] += r.device_hours;
		out[LCA_O_ENERGY_KWH] += r.energy_kwh;
		out[LCA_O_OPERATIONAL] += r.operational_kgco2e;
		out[LCA_O_EMBODIED] += r.embodied_kgco2e;
		out[LCA_O_TOTAL] += r.total_kgco2e;
	}
}

static int cmp_sobol(const void *a, const void *b)
{
	const lca_uinput *x = a, *y = b;
	return (x->sobol < y->sobol) - (x->sobol > y->sobol);
}

int lca_uncertainty_run(const lca_footprint *fp, long samples,
			unsigned long seed, lca_uncertainty *out,
			lca_error *err)
{
	const struct lca__plan *plan = fp->plan;
	double(*v)[LCA_P__COUNT] = NULL;
	double y[LCA_O__COUNT], sum = 0, sum2 = 0, *tmp = NULL;
	reservoir res[LCA_O__COUNT];
	uvar *vars = NULL;
	qtab *tabs = NULL;
	mt19937 *rng = NULL;
	double *big = NULL;
	const lca_dist **dist = NULL;
	double **dst = NULL;
	int nvars = 0, i, k, o, rc = 0;
	long s, at;

	memset(out, 0, sizeof(*out));
	memset(res, 0, sizeof(res));
	if (!plan || plan->nphases == 0)
		return lca_error_set(err, LCA_EUSAGE, "uncertainty",
				     "nothing computed yet");
	if (samples < 100 || samples > 100000000L)
		return lca_error_set(err, LCA_ERANGE, "samples",
				     "samples out of range '%ld' (100 to 1e8)",
				     samples);
	v = calloc((size_t)plan->nphases, sizeof(*v));
	vars = calloc((size_t)plan->nphases * LCA_P__COUNT, sizeof(uvar));
	dist = calloc((size_t)plan->nphases * LCA_P__COUNT, sizeof(*dist));
	dst = calloc((size_t)plan->nphases * LCA_P__COUNT, sizeof(*dst));
	rng = malloc(sizeof(*rng));
	/* the reservoirs and the sort's buffer, 4.8 MB, in one block: on huge
	 * pages they are a few page faults instead of 1,200 (bigbuf.c) */
	big = lca__big_alloc(sizeof(double) * RESERVOIR * (LCA_O__COUNT + 1));
	if (!v || !vars || !dist || !dst || !rng || !big) {
		rc = lca_error_set(err, LCA_ENOMEM, "uncertainty",
				   "out of memory");
		goto done;
	}
	for (o = 0; o < LCA_O__COUNT; o++)
		res[o].v = big + (size_t)o * RESERVOIR;
	tmp = big + (size_t)LCA_O__COUNT * RESERVOIR;
	mt_seed(rng, seed);
	for (i = 0; i < plan->nphases; i++)
		for (k = 0; k < LCA_P__COUNT; k++)
			if (plan->phase[i].d[k].kind != LCA_D_FIXED) {
				vars[nvars].phase = i;
				vars[nvars].param = k;
				dist[nvars] = &plan->phase[i].d[k];
				dst[nvars] = &v[i][k];
				nvars++;
			}
	/* a table costs ~QTAB draws: worth it from 16 x that many */
	if (nvars && samples >= 16L * QTAB) {
		tabs = malloc(sizeof(qtab) * (size_t)nvars);
		if (!tabs) {
			rc = lca_error_set(err, LCA_ENOMEM, "uncertainty",
					   "out of memory");
			goto done;
		}
		for (k = 0; k < nvars; k++)
			qtab_fill(&tabs[k],
				  &plan->phase[vars[k].phase].d[vars[k].param]);
	}
	/* the fixed values once: each draw rewrites only the uncertain ones */
	for (i = 0; i < plan->nphases; i++)
		memcpy(v[i], plan->phase[i].v, sizeof(v[i]));
	for (s = 0; s < samples; s++) {
		double u[LCA_MAX_PHASES * LCA_P__COUNT];
		for (k = 0; k < nvars; k++) {
			/* (0, 1): never exactly 0, which Pinv maps to -inf */
			u[k] = uniform_pos(rng);
			*dst[k] = tabs ? qtab_get(&tabs[k], dist[k], u[k])
				       : quantile(dist[k], u[k]);
		}
		evaluate_all(plan, v, y);
		at = slot(s, rng);
		for (o = 0; o < LCA_O__COUNT; o++)
			offer(&res[o], at, y[o]);
		sum += y[LCA_O_TOTAL];
		sum2 += y[LCA_O_TOTAL] * y[LCA_O_TOTAL];
		for (k = 0; k < nvars; k++) {
			int b = (int)(u[k] * SOBOL_BINS);
			if (b >= SOBOL_BINS)
				b = SOBOL_BINS - 1;
			vars[k].bin_n[b] += 1;
			vars[k].bin_sum[b] += y[LCA_O_TOTAL];
		}
	}
	out->samples = samples;
	out->seed = seed;
	for (o = 0; o < LCA_O__COUNT; o++) {
		size_t n =
		    (size_t)(res[o].n < RESERVOIR ? res[o].n : RESERVOIR);
		lca_quantiles *q = &out->q[o];
		if (res[o].nan || n == 0) {
			q->p05 = q->p50 = q->p95 = q->mean = LCA_NAN;
			continue;
		}
		lca__sort_doubles(res[o].v, n, tmp);
		q->p05 =
		    gsl_stats_quantile_from_sorted_data(res[o].v, 1, n, 0.05);
		q->p50 =
		    gsl_stats_quantile_from_sorted_data(res[o].v, 1, n, 0.50);
		q->p95 =
		    gsl_stats_quantile_from_sorted_data(res[o].v, 1, n, 0.95);
		q->mean = gsl_stats_mean(res[o].v, 1, n);
	}
	/*
	 * First-order Sobol index of each input, S = Var(E[Y|X]) / Var(Y),
	 * from the same draws: E[Y|X] is the mean total in each bin of X's
	 * probability scale.  The binning bias, (bins - 1) Var(Y) / N, is
	 * subtracted.
	 */
	{
		double mean = sum / (double)samples;
		double var = sum2 / (double)samples - mean * mean;
		for (k = 0; k < nvars && k < LCA_MAX_UINPUTS; k++) {
			const lca_phase_plan *pp = &plan->phase[vars[k].phase];
			const lca_dist *d = &pp->d[vars[k].param];
			lca_uinput *in = &out->inputs[out->ninputs++];
			double between = 0, yv[LCA_O__COUNT];
			int b;

			for (b = 0; b < SOBOL_BINS; b++)
				if (vars[k].bin_n[b] > 0) {
					double mb = vars[k].bin_sum[b] /
						    vars[k].bin_n[b];
					between += vars[k].bin_n[b] *
						   (mb - mean) * (mb - mean);
				}
			if (var > 0) {
				between =
				    between / (double)samples -
				    (SOBOL_BINS - 1) * var / (double)samples;
				in->sobol = between > 0 ? between / var : 0;
			}
			lca__fmt(in->name, sizeof(in->name), "%s%s", pp->name,
				 param_names[vars[k].param]);
			describe(d, in->dist, sizeof(in->dist));
			lca__strlcpy(in->source, d->source, sizeof(in->source));
			/* one at a time: this input at its p05 and p95 */
			for (i = 0; i < plan->nphases; i++)
				memcpy(v[i], plan->phase[i].v, sizeof(v[i]));
			v[vars[k].phase][vars[k].param] = quantile(d, 0.05);
			evaluate_all(plan, v, yv);
			in->total_lo = yv[LCA_O_TOTAL];
			v[vars[k].phase][vars[k].param] = quantile(d, 0.95);
			evaluate_all(plan, v, yv);
			in->total_hi = yv[LCA_O_TOTAL];
		}
		qsort(out->inputs, (size_t)out->ninputs, sizeof(lca_uinput),
		      cmp_sobol);
	}
done:
	lca__big_free(big);
	free(tabs);
	free(rng);
	free(dst);
	free(dist);
	free(vars);
	free(v);
	return rc;
}
