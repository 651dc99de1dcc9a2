/* SPDX-License-Identifier: MIT */
/*
 * plan.c: lca plan, where and when to run a job.  For every submission
 * hour of a period and every region, the cost of running now (prefix
 * sums), of the best start within a window (sliding minimum) and of the
 * cleanest hours before a deadline (a Fenwick tree over value ranks: the
 * k smallest of a sliding window), all in O(period x log) per region.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "lca_int.h"
#include "catalog_store.h"
#include "lca/plan.h"
#include "lca/series.h"
#include "banned.h"

/* Pause-resume finishes within this multiple of the plain duration when
 * neither --max-stretch nor --window says otherwise: Dodge et al. 2022
 * (FAccT), Table 5, evaluate windows up to +100% of the job's duration. */
#define DEFAULT_STRETCH 2.0

const char *lca_plan_strategy_name(int s)
{
	static const char *const names[] = {"now", "flexible-start",
					    "pause-resume"};
	return s >= 0 && s < LCA_PLAN__STRATEGIES ? names[s] : "?";
}

/* ---- order statistics ---------------------------------------------- */

static void swap_d(double *a, double *b)
{
	double t = *a;
	*a = *b;
	*b = t;
}

/* Rearranges x so that x[k] is the k-th smallest (Hoare's selection). */
static double select_kth(double *x, long n, long k)
{
	long lo = 0, hi = n - 1;

	while (lo < hi) {
		long i = lo, j = hi, mid = lo + (hi - lo) / 2;
		double pivot;
		/* median of three */
		if (x[mid] < x[lo])
			swap_d(&x[mid], &x[lo]);
		if (x[hi] < x[lo])
			swap_d(&x[hi], &x[lo]);
		if (x[hi] < x[mid])
			swap_d(&x[hi], &x[mid]);
		pivot = x[mid];
		while (i <= j) {
			while (x[i] < pivot)
				i++;
			while (x[j] > pivot)
				j--;
			if (i <= j) {
				swap_d(&x[i], &x[j]);
				i++;
				j--;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			break;
	}
	return x[k];
}

/*
 * Nearest-rank quantiles of x[0, n) without sorting it: the values go
 * into 2,048 buckets by (x - lo) x scale, which never puts a larger value
 * in a lower bucket (floating-point subtraction and multiplication by a
 * positive number are monotonic), so the k-th smallest lies in the bucket
 * where the running count passes k, and only that bucket is searched.
 * Two passes over x instead of a quickselect per quantile: lca plan
 * takes two spreads for every option over 8,760 submissions, and the
 * quickselects were a quarter of its instructions.
 */
#define NBUCKETS 2048
typedef struct spread_buf {
	double *vals;  /* n values: the buckets searched */
	uint16_t *bkt; /* n bucket numbers */
} spread_buf;

/* The k[q]-th smallest values (k ascending) into out[q]; lo and hi are
 * the finite minimum and maximum of x, lo < hi. */
static void select_ranks(const double *x, long n, double lo, double hi,
			 const long *k, int nq, spread_buf *sb, double *out)
{
	uint32_t count[NBUCKETS];
	unsigned char slot[NBUCKETS]; /* 1 + the index of a searched bucket */
	long first[3], at[4], fill[4], i, below = 0;
	int b[3], q, nb = 0, bi = 0;
	double scale = (double)NBUCKETS / (hi - lo);
	uint16_t *bkt = sb->bkt;

	memset(count, 0, sizeof(count));
	for (i = 0; i < n; i++) {
		long v = (long)((x[i] - lo) * scale);
		v = v < NBUCKETS ? v : NBUCKETS - 1;
		bkt[i] = (uint16_t)v;
		count[v]++;
	}
	memset(slot, 0, sizeof(slot));
	for (q = 0; q < nq; q++) {
		while (below + (long)count[bi] <= k[q])
			below += count[bi++];
		b[q] = bi;
		first[q] = below;
		if (!slot[bi]) {
			at[nb] = nb ? at[nb - 1] + (long)count[b[q - 1]] : 0;
			fill[nb] = at[nb];
			slot[bi] = (unsigned char)++nb;
		}
	}
	for (i = 0; i < n; i++) {
		int t = slot[bkt[i]];
		if (t)
			sb->vals[fill[t - 1]++] = x[i];
	}
	for (q = 0; q < nq; q++) {
		int t = slot[b[q]] - 1;
		out[q] =
		    select_kth(sb->vals + at[t], count[b[q]], k[q] - first[q]);
	}
}

/* The sum and extremes of a spread, taken while its values are made (a
 * pass over them of its own was a tenth of lca plan's instructions). */
typedef struct moments {
	double sum, lo, hi;
} moments;

static void moments_init(moments *m)
{
	m->sum = 0;
	m->lo = INFINITY;
	m->hi = -INFINITY;
}

static void moments_add(moments *m, double x)
{
	m->sum += x;
	m->lo = x < m->lo ? x : m->lo;
	m->hi = x > m->hi ? x : m->hi;
}

/* Mean, extremes and nearest-rank quantiles of x[0, n), whose moments
 * are m. */
static void stats(const double *x, long n, const moments *m, spread_buf *sb,
		  lca_plan_stats *s)
{
	double sum = m->sum, lo = m->lo, hi = m->hi, v[3], scale;
	long k[3];

	s->min = lo;
	s->max = hi;
	s->mean = sum / (double)n;
	k[0] = (long)(0.05 * (double)(n - 1) + 0.5);
	k[1] = (long)(0.50 * (double)(n - 1) + 0.5);
	k[2] = (long)(0.95 * (double)(n - 1) + 0.5);
	scale = (double)NBUCKETS / (hi - lo);
	/* a NaN or an infinity makes sum NaN or infinite: no order to bucket
	 * by, so the quickselects (the median partitions the rest: p05 lies
	 * left of it, p95 right) */
	if (n >= 256 && isfinite(sum) && hi > lo && isfinite(scale)) {
		select_ranks(x, n, lo, hi, k, 3, sb, v);
		s->p05 = v[0];
		s->p50 = v[1];
		s->p95 = v[2];
		return;
	}
	memcpy(sb->vals, x, sizeof(double) * (size_t)n);
	s->p50 = select_kth(sb->vals, n, k[1]);
	s->p05 = k[0] < k[1] ? select_kth(sb->vals, k[1], k[0]) : s->p50;
	s->p95 = k[2] > k[1] ? select_kth(sb->vals + k[1] + 1, n - k[1] - 1,
					  k[2] - k[1] - 1)
			     : s->p50;
}

/* ---- the k cleanest hours of a sliding window ----------------------- */

typedef struct vi {
	double v;
	long i;
} vi;

/* Buffers for one plan, sized once for the longest series: the windows
 * and the tree reuse them for every region and strategy. */
typedef struct work {
	double *pre, *run_cost, *sum, *sorted;
	long *dq, *cnt, *rank;
	vi *idx, *tmp;
	void *own; /* the block work_init allocated, or NULL */
} work;

/* The bits of a double as an unsigned key in the same order. */
static uint64_t key_of(double v)
{
	uint64_t u;

	memcpy(&u, &v, sizeof(u));
	return u >> 63 ? ~u : u | (1ULL << 63);
}

/* n elements of sz bytes from *at, which moves on (16-byte aligned). */
static void *carve(unsigned char **at, size_t n, size_t sz)
{
	void *p = *at;

	*at += (n * sz + 15) & ~(size_t)15;
	return p;
}

/* Bytes of a work for n values. */
static size_t work_size(long n)
{
	size_t m = (size_t)n + 1;

	return m * (4 * sizeof(double) + 3 * sizeof(long) + 2 * sizeof(vi)) +
	       9 * 16;
}

/* The buffers of w for n values: from *at when at is not NULL (it moves
 * on), else one block of its own. */
static int work_init(work *w, long n, unsigned char **at)
{
	size_t m = (size_t)n + 1;
	unsigned char *p;

	w->own = NULL;
	if (!at) {
		w->own = p = malloc(work_size(n));
		if (!p)
			return LCA_ENOMEM;
		at = &p;
	}
	w->pre = carve(at, m, sizeof(double));
	w->run_cost = carve(at, m, sizeof(double));
	w->sum = carve(at, m, sizeof(double));
	w->sorted = carve(at, m, sizeof(double));
	w->dq = carve(at, m, sizeof(long));
	w->cnt = carve(at, m, sizeof(long));
	w->rank = carve(at, m, sizeof(long));
	w->idx = carve(at, m, sizeof(vi));
	w->tmp = carve(at, m, sizeof(vi));
	return 0;
}

static void work_free(work *w)
{
	free(w->own);
	w->own = NULL;
}

typedef struct fenwick {
	long n, top;	/* size; highest power of two <= n */
	long *cnt;	/* counts by rank (1-based) */
	double *sum;	/* sums by rank */
	double *sorted; /* value of each rank (1-based) */
	long *rank;	/* rank of each hour */
} fenwick;

/*
 * Sorts w->idx[0, n) by value, ties in index order: an LSD radix sort on
 * the IEEE bits (flipped so that they order as the doubles do), 8 passes
 * of 8 bits; stable, so equal values keep their hours' order.
 */
static void sort_values(work *w, long n)
{
	vi *src = w->idx, *dst = w->tmp;
	int pass;

	for (pass = 0; pass < 8; pass++) {
		long count[257] = {0}, i;
		int shift = pass * 8;
		for (i = 0; i < n; i++)
			count[((key_of(src[i].v) >> shift) & 0xff) + 1]++;
		for (i = 1; i < 257; i++)
			count[i] += count[i - 1];
		for (i = 0; i < n; i++)
			dst[count[(key_of(src[i].v) >> shift) & 0xff]++] =
			    src[i];
		{
			vi *t = src;
			src = dst;
			dst = t;
		}
	}
	/* an even number of passes: the result is back in w->idx */
}

/* An empty tree over the ranks of v[0, n). */
static void fw_init(fenwick *f, const double *v, long n, work *w)
{
	long i;

	f->n = n;
	f->cnt = w->cnt;
	f->sum = w->sum;
	f->sorted = w->sorted;
	f->rank = w->rank;
	memset(f->cnt, 0, sizeof(long) * ((size_t)n + 1));
	memset(f->sum, 0, sizeof(double) * ((size_t)n + 1));
	for (i = 0; i < n; i++) {
		w->idx[i].v = v[i];
		w->idx[i].i = i;
	}
	sort_values(w, n);
	for (i = 0; i < n; i++) {
		f->rank[w->idx[i].i] = i + 1;
		f->sorted[i + 1] = w->idx[i].v;
	}
	for (f->top = 1; f->top * 2 <= n; f->top *= 2)
		;
}

static void fw_add(fenwick *f, long hour, int sign)
{
	long r = f->rank[hour];
	double v = f->sorted[r];

	for (; r <= f->n; r += r & -r) {
		f->cnt[r] += sign;
		f->sum[r] += sign * v;
	}
}

/* Sum of the k smallest values in the tree; *kth gets the k-th. */
static double fw_smallest(const fenwick *f, long k, double *kth)
{
	long pos = 0, step;
	double acc = 0;

	for (step = f->top; step; step /= 2) {
		if (pos + step <= f->n && f->cnt[pos + step] < k) {
			pos += step;
			k -= f->cnt[pos];
			acc += f->sum[pos];
		}
	}
	*kth = f->sorted[pos + 1];
	return acc + *kth;
}

/* ---- options --------------------------------------------------------- */

/* One candidate region: its energy, and its hourly intensity over the
 * period from opts->from. */
typedef struct cand {
	lca_region reg;
	char zone[64], signal[16], how[640];
	double energy_kwh, pue;
	double *a; /* intensity, hours [0, len) */
	long covered;
	int shift;
	long shifted; /* hours taken from another year */
} cand;

typedef struct shape {
	double d, frac; /* duration in hours; weight of its last hour */
	long k, w, m;	/* hours touched; start window; deadline hours */
	long h, p;	/* horizon; submissions evaluated */
} shape;

/* The estimate's yearly grid figure is not what the plan uses: each option
 * names its own intensities. */
static void drop_grid_assumption(lca_footprint *fp)
{
	int i, j = 0;

	for (i = 0; i < fp->nassumptions; i++) {
		lca_assumption *a = &fp->assumptions[i];
		const char *dot = strrchr(a->name, '.');
		if (!strcmp(dot ? dot + 1 : a->name, "grid_intensity")) {
			free(a->name);
			free(a->value);
			free(a->unit);
			free(a->source);
			continue;
		}
		fp->assumptions[j++] = *a;
	}
	fp->nassumptions = j;
}

/* 1 when the job sets f anywhere: flags, job file or a phase. */
static int has_field(const lca_job *job, int f)
{
	int i;

	for (i = -1; i < job->nphases; i++)
		if (lca_job_input(job, i, f))
			return 1;
	return 0;
}

/* A field of a one-phase job, with lca_compute's precedence: flags, then
 * the phase, then the job file's defaults. */
static double job_number(const lca_job *job, int f)
{
	const lca_inputs *in = lca_job_input(job, 0, f);

	return in ? in->num[f] : LCA_NAN;
}

/* The job, as computed in one region (its start cleared: energy only). */
static int energy_in(lca_catalog *cat, const lca_job *job, const char *region,
		     lca_footprint *fp, lca_error *err)
{
	lca_job *j = malloc(sizeof(*j));
	int rc;

	if (!j)
		return lca_error_set(err, LCA_ENOMEM, "plan", "out of memory");
	lca_job_overlay(j, job);
	/* the region's own intensity replaces a job file's grid figure */
	lca_job_clear(j, LCA_F_START, LCA_CLEAR_ALL);
	lca_job_clear(j, LCA_F_GRID, LCA_CLEAR_FILE);
	rc =
	    lca_inputs_set_text(&j->flags, LCA_F_REGION, region, "region", err);
	if (!rc)
		rc = lca_compute(cat, j, fp, err);
	lca_job_release(j);
	free(j);
	return rc;
}

static int load_cand(lca_catalog *cat, const lca_job *job,
		     const lca_plan_opts *o, const char *name,
		     const lca_footprint *known, long len, cand *c,
		     lca_error *err)
{
	lca_footprint fp;
	lca_series_info si;
	lca_error e2;
	const char *zone;
	long i;
	int rc;

	rc = lca_catalog_region(cat, name, "regions", &c->reg, err);
	if (rc)
		return rc;
	if (known) { /* the baseline, computed already */
		c->energy_kwh = known->total.energy_kwh;
		c->pue = known->total.pue;
	} else {
		lca_footprint_init(&fp);
		rc = energy_in(cat, job, name, &fp, err);
		c->energy_kwh = fp.total.energy_kwh;
		c->pue = fp.total.pue;
		lca_footprint_release(&fp);
		if (rc)
			return rc;
	}
	zone = lca__region_zone(&c->reg);
	/* the signal asked for, else the zone's best; an unreadable catalog
	 * is an error, not a missing series */
	rc = zone ? lca_series_find(cat, zone, o->signal, &si, &e2)
		  : LCA_ENOTFOUND;
	if (rc == LCA_ENOTFOUND && zone && o->signal)
		rc = lca_series_find(cat, zone, NULL, &si, &e2);
	if (rc && rc != LCA_ENOTFOUND) {
		*err = e2;
		return rc;
	}
	if (!rc) {
		lca_series_cover cov;
		char text[400];
		rc = lca_series_nearest(cat, &si, o->from, len, o->max_gap_h,
					c->a, &cov, err);
		if (rc)
			return rc;
		c->shift = cov.shift;
		c->covered = cov.leading;
		c->shifted = cov.hours - cov.missing -
			     cov.by_shift[LCA_SERIES_MAX_SHIFT];
		lca__strlcpy(c->zone, si.zone, sizeof(c->zone));
		lca__strlcpy(c->signal, si.signal, sizeof(c->signal));
		lca_series_cover_text(&si, &cov, o->max_gap_h, 0, text,
				      sizeof(text));
		lca__fmt(c->how, sizeof(c->how), "%s; %s", text, si.source);
		return 0;
	}
	if (isnan(c->reg.gco2_per_kwh))
		return lca_error_set(err, LCA_ENOTFOUND, name,
				     "region '%s' has no hourly series and no "
				     "yearly grid figure",
				     name);
	for (i = 0; i < len; i++)
		c->a[i] = c->reg.gco2_per_kwh;
	c->covered = len;
	lca__strlcpy(c->signal, "yearly", sizeof(c->signal));
	lca__fmt(c->how, sizeof(c->how),
		 "yearly figure, flat: no hourly series for %s (lca grid "
		 "list); %s (%d)",
		 zone ? zone : c->reg.key, c->reg.source, c->reg.year);
	return 0;
}

/*
 * Cost (intensity x hours) of each submission s in [0, sh->p) for one
 * strategy in region c; cost[] gets them, and the first submission's hours
 * are marked in run[0, sh->h).
 */
static void costs(const cand *c, const shape *sh, int strategy, double *cost,
		  double *run, work *wk)
{
	const double *a = c->a;
	long n =
	    sh->p - 1 + (strategy == LCA_PLAN_PAUSE ? sh->m : sh->k + sh->w);
	double *pre = wk->pre;
	long s, i;

	pre[0] = 0;
	for (i = 0; i < n; i++)
		pre[i + 1] = pre[i] + a[i];
	memset(run, 0, sizeof(double) * (size_t)sh->h);

	if (strategy == LCA_PLAN_NOW || strategy == LCA_PLAN_FLEXIBLE) {
		/* contiguous runs from u: k hours, the last one partly */
		long nu = sh->p + (strategy == LCA_PLAN_FLEXIBLE ? sh->w : 0);
		long *dq = wk->dq, head = 0, tail = 0, best0 = 0;
		/* starting now, the cost is the run's own */
		double *run_cost =
		    strategy == LCA_PLAN_NOW ? cost : wk->run_cost;
		for (i = 0; i < nu; i++)
			run_cost[i] = pre[i + sh->k - 1] - pre[i] +
				      sh->frac * a[i + sh->k - 1];
		if (strategy != LCA_PLAN_NOW) {
			/* sliding minimum over starts [s, s + w] */
			for (i = 0; i < nu; i++) {
				/* ties (within rounding) keep the earlier */
				while (tail > head &&
				       run_cost[dq[tail - 1]] >
					   run_cost[i] +
					       1e-9 * fabs(run_cost[i]))
					tail--;
				dq[tail++] = i;
				s = i - sh->w;
				if (s < 0)
					continue;
				while (dq[head] < s)
					head++;
				cost[s] = run_cost[dq[head]];
				if (s == 0)
					best0 = dq[head];
			}
		}
		for (i = 0; i < sh->k; i++)
			run[best0 + i] = i == sh->k - 1 ? sh->frac : 1;
	} else {
		/* the k cleanest hours of [s, s + m) */
		fenwick f;
		double kth;
		fw_init(&f, a, n, wk);
		for (i = 0; i < sh->m; i++)
			fw_add(&f, i, 1);
		for (s = 0; s < sh->p; s++) {
			if (s > 0) {
				fw_add(&f, s - 1, -1);
				fw_add(&f, s + sh->m - 1, 1);
			}
			cost[s] =
			    fw_smallest(&f, sh->k, &kth) - (1 - sh->frac) * kth;
		}
		/* the first submission's hours: ranks up to the k-th */
		fw_init(&f, a, sh->m, wk);
		for (i = 0; i < sh->m; i++) {
			long kr = f.rank[i];
			if (kr < sh->k)
				run[i] = 1;
			else if (kr == sh->k)
				run[i] = sh->frac;
		}
	}
}

int lca__plan_costs(const double *a, long len, double d, long w, long m,
		    int strategy, double *cost, double *run, long *p, long *h)
{
	cand c;
	shape sh;
	work wk;
	int rc;

	memset(&c, 0, sizeof(c));
	memset(&sh, 0, sizeof(sh));
	memset(&wk, 0, sizeof(wk));
	c.a = (double *)a;
	sh.d = d;
	sh.k = (long)ceil(d - 1e-9);
	sh.frac = d - (double)(sh.k - 1);
	sh.w = strategy == LCA_PLAN_FLEXIBLE ? w : 0;
	sh.m = strategy == LCA_PLAN_PAUSE ? (m > sh.k ? m : sh.k) : 0;
	sh.h = sh.k + sh.w > sh.m ? sh.k + sh.w : sh.m;
	sh.p = len - sh.h + 1;
	*p = sh.p;
	*h = sh.h;
	if (sh.p < 1)
		return LCA_ERANGE;
	rc = work_init(&wk, len + 1, NULL);
	if (!rc)
		costs(&c, &sh, strategy, cost, run, &wk);
	work_free(&wk);
	return rc;
}

static void fill_first(lca_plan_option *o, const shape *sh, long long from)
{
	long i, first = -1, last = -1;

	for (i = 0; i < sh->h; i++) {
		if (o->run[i] <= 0)
			continue;
		if (first < 0)
			first = i;
		last = i;
	}
	o->start = from + first * 3600LL;
	o->end = from + last * 3600LL + (long long)(o->run[last] * 3600.0);
}

static int add_option(lca_plan_result *r, const cand *c, const shape *sh,
		      int strategy, const double *base_kg, double *kg,
		      double *saving, spread_buf *sb, work *wk, long long from,
		      lca_error *err)
{
	lca_plan_option *o = &r->opt[r->nopt];
	moments mk, ms;
	long s, nv;

	memset(o, 0, sizeof(*o));
	o->hourly = malloc(sizeof(double) * (size_t)sh->h);
	o->run = malloc(sizeof(double) * (size_t)sh->h);
	if (!o->hourly || !o->run) {
		free(o->hourly);
		free(o->run);
		return lca_error_set(err, LCA_ENOMEM, "plan", "out of memory");
	}
	r->nopt++;
	o->nhourly = (int)sh->h;
	memcpy(o->hourly, c->a, sizeof(double) * (size_t)sh->h);
	costs(c, sh, strategy, kg, o->run, wk);
	lca__strlcpy(o->region, c->reg.key, sizeof(o->region));
	lca__strlcpy(o->name, c->reg.name, sizeof(o->name));
	lca__strlcpy(o->zone, c->zone, sizeof(o->zone));
	lca__strlcpy(o->signal, c->signal, sizeof(o->signal));
	lca__strlcpy(o->how, c->how, sizeof(o->how));
	o->strategy = strategy;
	o->shift_years = c->shift;
	o->pue = c->pue;
	o->energy_kwh = c->energy_kwh;
	o->intensity = kg[0] / sh->d;
	/* cost is g/kWh x hours of a flat profile: kg = E x cost / D / 1000 */
	/* a saving against a zero baseline is undefined: such submissions
	 * stay out of the saving's spread (plan.zero_baseline says so) */
	moments_init(&mk);
	moments_init(&ms);
	for (s = 0, nv = 0; s < sh->p; s++) {
		kg[s] = c->energy_kwh * kg[s] / sh->d / 1000.0;
		moments_add(&mk, kg[s]);
		if (!base_kg)
			saving[nv] = 0;
		else if (base_kg[s] > 0)
			saving[nv] = 100.0 * (1.0 - kg[s] / base_kg[s]);
		else
			continue;
		moments_add(&ms, saving[nv++]);
	}
	o->operational_kgco2e = kg[0];
	o->saving_pct = !base_kg	 ? 0
			: base_kg[0] > 0 ? 100.0 * (1.0 - kg[0] / base_kg[0])
					 : LCA_NAN;
	fill_first(o, sh, from);
	stats(kg, sh->p, &mk, sb, &o->kg);
	if (nv > 0)
		stats(saving, nv, &ms, sb, &o->saving);
	else
		o->saving.mean = o->saving.p05 = o->saving.p50 = o->saving.p95 =
		    o->saving.min = o->saving.max = LCA_NAN;
	return 0;
}

/* The ranked options first (one signal), then those listed apart. */
static int by_cost(const void *pa, const void *pb)
{
	const lca_plan_option *a = pa, *b = pb;
	double x = a->kg.mean, y = b->kg.mean;
	if (a->ranked != b->ranked)
		return b->ranked - a->ranked;
	if (x != y)
		return x < y ? -1 : 1;
	return a->strategy - b->strategy;
}

void lca_plan_release(lca_plan_result *r)
{
	int i;

	for (i = 0; i < r->nopt; i++) {
		free(r->opt[i].hourly);
		free(r->opt[i].run);
	}
	free(r->opt);
	free(r->baseline.hourly);
	free(r->baseline.run);
	lca_footprint_release(&r->fp);
	memset(r, 0, sizeof(*r));
}

/* The candidate names: the baseline first, then the list or every zone
 * with a series of the signal; duplicates dropped later by key. */
static int names(lca_catalog *cat, const lca_plan_opts *o, const char *base,
		 char ***out, int *n, lca_error *err)
{
	lca_series_info *si = NULL;
	int ns = 0, i, cap = 1 + o->nregions, rc;
	char **v;

	if (o->all_regions) {
		rc = lca_series_list(cat, &si, &ns, err);
		if (rc)
			return rc;
		cap += ns;
	}
	v = calloc((size_t)cap, sizeof(char *));
	if (!v) {
		free(si);
		return lca_error_set(err, LCA_ENOMEM, "plan", "out of memory");
	}
	*n = 0;
	v[(*n)++] = strdup(base);
	for (i = 0; i < o->nregions; i++)
		v[(*n)++] = strdup(o->regions[i]);
	for (i = 0; i < ns; i++) {
		const char *want = o->signal ? o->signal : "lifecycle";
		int j, dup = 0;
		if (strcmp(si[i].signal, want))
			continue;
		for (j = 0; j < i; j++)
			dup |= !strcmp(si[j].zone, si[i].zone) &&
			       !strcmp(si[j].signal, want);
		if (!dup)
			v[(*n)++] = strdup(si[i].zone);
	}
	free(si);
	*out = v;
	for (i = 0; i < *n; i++)
		if (!v[i])
			return lca_error_set(err, LCA_ENOMEM, "plan",
					     "out of memory");
	return 0;
}

static int assume(lca_plan_result *r, const char *name, double v,
		  const char *text, const char *unit, const char *src,
		  lca_error *err)
{
	if (lca_footprint_assume(&r->fp, name, v, text, unit, src))
		return lca_error_set(err, LCA_ENOMEM, "plan", "out of memory");
	return 0;
}

static int plan_assumptions(lca_plan_result *r, const lca_plan_opts *o,
			    const shape *sh, double stretch,
			    const char *stretch_src, lca_error *err)
{
	char t0[32], t1[32], text[200];
	int rc;

	rc = assume(r, "plan.duration", sh->d, NULL, "h",
		    "the job's wall-clock time from the estimate above", err);
	if (!rc)
		rc = assume(r, "plan.energy_profile", LCA_NAN, "flat", "",
			    "energy drawn evenly over the job's hours; "
			    "pause-resume neither adds nor loses energy",
			    err);
	if (!rc && o->window_h > 0)
		rc =
		    assume(r, "plan.window", (double)sh->w, NULL, "h",
			   "user (window): latest start after submission", err);
	if (!rc && o->pause_resume)
		rc = assume(r, "plan.max_stretch", stretch, NULL, "x duration",
			    stretch_src, err);
	lca_time_format(r->from, t0, sizeof(t0));
	lca_time_format(r->to, t1, sizeof(t1));
	if (r->starts > 1)
		lca__fmt(text, sizeof(text), "%ld hourly submissions, %s to %s",
			 r->starts, t0, t1);
	else
		lca__fmt(text, sizeof(text), "one submission at %s", t0);
	if (!rc)
		rc = assume(r, "plan.submissions", LCA_NAN, text, "",
			    r->starts > 1
				? "every submission hour whose run and "
				  "flexibility end inside the period and "
				  "the series"
				: "the submission time (from, default the "
				  "clock)",
			    err);
	if (!rc && !o->signal)
		rc = assume(r, "plan.signal", LCA_NAN, "lifecycle", "",
			    "default: each zone's lifecycle series where it "
			    "has one, else direct (signal)",
			    err);
	return rc;
}

/* Submissions whose baseline emits nothing (a zone at 0 g/kWh for the
 * whole run) have no saving to speak of: say how many were left out. */
static int zero_baseline(lca_plan_result *r, const double *base_kg, long p,
			 lca_error *err)
{
	char text[64];
	long s, n = 0;

	for (s = 0; s < p; s++)
		n += !(base_kg[s] > 0);
	if (!n)
		return 0;
	lca__fmt(text, sizeof(text), "%ld of %ld submissions", n, p);
	return assume(r, "plan.zero_baseline", LCA_NAN, text, "",
		      "the baseline emits nothing there, so a saving is "
		      "undefined: those submissions are left out of the "
		      "savings' spread",
		      err);
}

/* Candidates whose series lack hours of the period: the one nearest-year
 * rule (lca_series_nearest) filled them, as lca estimate --start does. */
static int nearest_year(lca_plan_result *r, const cand *c, int nc,
			lca_error *err)
{
	char list[256];
	size_t len;
	int i;

	list[0] = '\0';
	for (i = 0; i < nc; i++) {
		int j, seen = 0;
		for (j = 0; j < i; j++) /* regions on one grid: one zone */
			seen |= c[j].shifted && !strcmp(c[j].zone, c[i].zone);
		len = strlen(list);
		if (c[i].zone[0] && c[i].shifted && !seen &&
		    len + strlen(c[i].zone) + 3 < sizeof(list))
			lca__fmt(list + len, sizeof(list) - len, "%s%s",
				 len ? ", " : "", c[i].zone);
	}
	if (!list[0])
		return 0;
	return assume(r, "plan.nearest_year", LCA_NAN, list, "",
		      "their series lack hours of the period: each such hour "
		      "takes the same calendar hour of the nearest year that "
		      "has it (1 year earlier, 1 later, 2 earlier, ... up to "
		      "10; 29 February as 28 February), the rule of an "
		      "estimate's start and of a report; each option's "
		      "intensity source gives the years",
		      err);
}

/*
 * Options are ranked on one basis: the baseline's signal (the signal asked
 * for when the baseline has only a yearly figure).  Direct counts
 * combustion only, lifecycle adds upstream emissions, a yearly figure is
 * flat: options on another signal are listed apart, their signal named.
 */
static int basis(lca_plan_result *r, const lca_plan_opts *o, lca_error *err)
{
	char list[128], text[400];
	size_t len;
	int i, j;

	lca__strlcpy(r->basis,
		     strcmp(r->baseline.signal, "yearly") ? r->baseline.signal
		     : o->signal			  ? o->signal
							  : "lifecycle",
		     sizeof(r->basis));
	list[0] = '\0';
	r->napart = 0;
	r->baseline.ranked = !strcmp(r->baseline.signal, r->basis);
	for (i = 0; i < r->nopt; i++) {
		lca_plan_option *p = &r->opt[i];
		int seen = 0;
		p->ranked = !strcmp(p->signal, r->basis);
		/* another region on the baseline's grid: PUE makes the
		 * difference (and the timing, for a strategy other than now) */
		p->same_grid = p->zone[0] &&
			       !strcmp(p->zone, r->baseline.zone) &&
			       !strcmp(p->signal, r->baseline.signal) &&
			       strcmp(p->region, r->baseline.region);
		if (p->ranked)
			continue;
		r->napart++;
		for (j = 0; j < i && !seen; j++)
			seen = !r->opt[j].ranked &&
			       !strcmp(r->opt[j].signal, p->signal);
		len = strlen(list);
		if (!seen && len + strlen(p->signal) + 3 < sizeof(list))
			lca__fmt(list + len, sizeof(list) - len, "%s%s",
				 len ? ", " : "", p->signal);
	}
	if (r->napart)
		lca__fmt(text, sizeof(text),
			 "options are ranked on one signal, %s; the %d on "
			 "another (%s) are listed apart, not ranked: direct "
			 "counts combustion only, lifecycle adds upstream "
			 "emissions, yearly is a flat yearly figure "
			 "(signal, or a region with a %s series)",
			 strcmp(r->baseline.signal, "yearly")
			     ? "the baseline's"
			     : "the one asked for",
			 r->napart, list, r->basis);
	else
		lca__fmt(
		    text, sizeof(text), "every option is on one signal, %s",
		    strcmp(r->baseline.signal, "yearly") ? "the baseline's"
							 : "the one asked for");
	return assume(r, "plan.basis", LCA_NAN, r->basis, "", text, err);
}

static int plan_run(lca_catalog *cat, const lca_job *job,
		    const lca_plan_opts *o, lca_plan_result *r, lca_error *err)
{
	const char *base = o->baseline;
	cand *c = NULL;
	char **nm = NULL;
	double *kg = NULL, *saving = NULL, *base_kg = NULL, stretch;
	spread_buf sb;
	unsigned char *arena = NULL, *at;
	const char *stretch_src, *base_src;
	const lca_inputs *in;
	work wk;
	shape sh;
	long len, period_h = 0;
	int nc = 0, nn = 0, i, j, rc;

	memset(r, 0, sizeof(*r));
	memset(&sh, 0, sizeof(sh));
	memset(&wk, 0, sizeof(wk));
	lca_footprint_init(&r->fp);
	if (lca_job_is_flags(job, lca_job_input(job, -1, LCA_F_GRID)))
		return lca_error_set_field(err, LCA_EUSAGE, LCA_F_GRID, "grid",
					   "grid fixes the intensity: a plan "
					   "compares regions' hourly series");
	/* Where the job would run now: the caller's, --region, the job
	 * file's, the first of --regions, else the world average (as lca
	 * estimate without --region). */
	base_src = "lca_plan_opts baseline";
	in = lca_job_input(job, -1, LCA_F_REGION);
	if (!base && in) {
		base = in->str[LCA_F_REGION];
		base_src = lca_job_is_flags(job, in)
			       ? "user (region)"
			       : "user (job file: region)";
	}
	if (!base && o->nregions > 0) {
		base = o->regions[0];
		base_src = "the first of regions (no region given)";
	}
	if (!base) {
		base = "world";
		base_src = "default: the world average, as an estimate "
			   "without region (give region)";
	}
	/* The job where it would run now: its duration and assumptions. */
	rc = energy_in(cat, job, base, &r->fp, err);
	if (!rc && lca_footprint_assume(&r->fp, "plan.baseline", LCA_NAN, base,
					"", base_src))
		rc = lca_error_set(err, LCA_ENOMEM, "plan", "out of memory");
	if (rc)
		return rc;
	sh.d = 0;
	for (i = 0; i < r->fp.nphases; i++)
		sh.d += r->fp.phase[i].wall_hours;
	if (isnan(sh.d) || sh.d <= 0)
		return lca_error_set_field(err, LCA_EMISSING, LCA_F_GPUS,
					   "gpus",
					   "missing input: a plan needs the "
					   "job's wall-clock time (give gpus, "
					   "or hours)");
	if (sh.d > 24.0 * 366)
		return lca_error_set(err, LCA_ERANGE, "plan",
				     "job of %.0f h is longer than a year: "
				     "nothing to schedule hour by hour",
				     sh.d);
	r->duration_h = sh.d;
	drop_grid_assumption(&r->fp);
	if (has_field(job, LCA_F_GRID) &&
	    lca_footprint_assume(&r->fp, "plan.job_grid", LCA_NAN, "not used",
				 "",
				 "the job file's grid figure is replaced by "
				 "each region's intensities"))
		return lca_error_set(err, LCA_ENOMEM, "plan", "out of memory");
	sh.k = (long)ceil(sh.d - 1e-9);
	sh.frac = sh.d - (double)(sh.k - 1);
	sh.w = (long)floor(o->window_h + 1e-9);
	stretch = o->max_stretch;
	stretch_src = "user (max_stretch)";
	if (stretch <= 0 && o->window_h > 0) {
		stretch = (sh.d + (double)sh.w) / sh.d;
		stretch_src = "the job's duration plus window (as Dodge et "
			      "al. 2022, Table 4)";
	} else if (stretch <= 0) {
		stretch = DEFAULT_STRETCH;
		stretch_src = "default: finish within twice the duration, "
			      "the largest window of Dodge et al. 2022, "
			      "Table 5 (+100%)";
	}
	/* whole hours, as the contiguous runs: the last may be partly used */
	sh.m = o->pause_resume ? (long)ceil(stretch * sh.d - 1e-9) : 0;
	if (sh.m < sh.k && o->pause_resume)
		sh.m = sh.k;
	sh.h = sh.k + sh.w > sh.m ? sh.k + sh.w : sh.m;
	r->horizon_h = sh.h;
	if (o->to > o->from) {
		period_h = (long)((o->to - o->from) / 3600);
		if (period_h - sh.h + 1 < 1)
			return lca_error_set(
			    err, LCA_ERANGE, "to",
			    "period of %ld h is shorter than the job's "
			    "horizon of %ld h",
			    period_h, sh.h);
		len = period_h;
		sh.p = period_h - sh.h + 1;
	} else {
		len = sh.h;
		sh.p = 1;
	}

	rc = names(cat, o, base, &nm, &nn, err);
	/* Every buffer that lives through the plan, in one block (2 MB for
	 * a year of 16 zones: on huge pages, see bigbuf.c), taken before the
	 * series are read. */
	if (!rc) {
		size_t m = (size_t)len + 2;
		c = calloc((size_t)nn, sizeof(cand));
		arena =
		    lca__big_alloc(sizeof(double) * m * ((size_t)nn + 4) +
				   sizeof(uint16_t) * m + work_size(len + 1) +
				   16 * ((size_t)nn + 5));
		if (!c || !arena)
			rc = lca_error_set(err, LCA_ENOMEM, "plan",
					   "out of memory");
	}
	if (!rc) {
		at = arena;
		kg = carve(&at, (size_t)len, sizeof(double));
		base_kg = carve(&at, (size_t)len, sizeof(double));
		saving = carve(&at, (size_t)len, sizeof(double));
		sb.vals = carve(&at, (size_t)len, sizeof(double));
		sb.bkt = carve(&at, (size_t)len, sizeof(uint16_t));
		work_init(&wk, len + 1, &at);
	}
	for (i = 0; !rc && i < nn; i++) {
		int dup = 0;
		c[nc].a = carve(&at, (size_t)len, sizeof(double));
		/* nm[0] is the baseline, whose energy r->fp holds */
		rc = load_cand(cat, job, o, nm[i], i == 0 ? &r->fp : NULL, len,
			       &c[nc], err);
		if (rc)
			break;
		for (j = 0; j < nc; j++)
			dup |= !strcmp(c[j].reg.key, c[nc].reg.key);
		if (dup) {
			memset(&c[nc], 0, sizeof(cand));
			continue;
		}
		/* submissions every region can evaluate */
		if (c[nc].covered - sh.h + 1 < sh.p) {
			char t[32];
			if (c[nc].covered < sh.h) {
				lca_time_format(o->from, t, sizeof(t));
				rc = lca_error_set(
				    err, LCA_ERANGE, nm[i],
				    "window outside the data: %s has %ld h "
				    "of intensity from %s, the plan needs %ld "
				    "(lca grid list)",
				    c[nc].zone[0] ? c[nc].zone : c[nc].reg.key,
				    c[nc].covered, t, sh.h);
				nc++;
				break;
			}
			sh.p = c[nc].covered - sh.h + 1;
		}
		nc++;
	}
	if (rc)
		goto done;
	r->from = o->from;
	r->to = o->from + (sh.p - 1) * 3600LL;
	r->starts = sh.p;
	rc = plan_assumptions(r, o, &sh, stretch, stretch_src, err);
	if (!rc)
		rc = nearest_year(r, c, nc, err);
	if (rc)
		goto done;

	r->opt = calloc((size_t)nc * LCA_PLAN__STRATEGIES, sizeof(*r->opt));
	if (!r->opt) {
		rc = lca_error_set(err, LCA_ENOMEM, "plan", "out of memory");
		goto done;
	}
	/* the baseline: now, in the first candidate */
	rc = add_option(r, &c[0], &sh, LCA_PLAN_NOW, NULL, base_kg, saving, &sb,
			&wk, o->from, err);
	if (rc)
		goto done;
	r->baseline = r->opt[0];
	r->nopt = 0;
	rc = zero_baseline(r, base_kg, sh.p, err);
	if (rc)
		goto done;
	for (i = 0; i < nc && !rc; i++) {
		if (i > 0)
			rc = add_option(r, &c[i], &sh, LCA_PLAN_NOW, base_kg,
					kg, saving, &sb, &wk, o->from, err);
		if (!c[i].zone[0])
			continue; /* a flat yearly figure: timing cannot help */
		if (!rc && sh.w > 0)
			rc = add_option(r, &c[i], &sh, LCA_PLAN_FLEXIBLE,
					base_kg, kg, saving, &sb, &wk, o->from,
					err);
		if (!rc && o->pause_resume)
			rc = add_option(r, &c[i], &sh, LCA_PLAN_PAUSE, base_kg,
					kg, saving, &sb, &wk, o->from, err);
	}
	if (!rc && r->nopt == 0)
		rc = lca_error_set(err, LCA_EUSAGE, "lca plan",
				   "nothing to compare: give regions, "
				   "window or pause_resume");
	if (!rc)
		rc = basis(r, o, err);
	if (!rc)
		qsort(r->opt, (size_t)r->nopt, sizeof(*r->opt), by_cost);
done:
	free(c);
	for (i = 0; i < nn; i++)
		free(nm[i]);
	free(nm);
	work_free(&wk);
	lca__big_free(arena);
	return rc;
}

/*
 * One read transaction for the whole plan: a plan reads a few hundred
 * catalog rows, and each autocommit read would take and drop the file lock
 * again.  A plan writes nothing and waits on nothing else while it holds
 * it, so it cannot deadlock with the ledger (see catalog.c).
 */
static int read_begin(lca_catalog *cat)
{
	/* not opened: the memo answered at open, and SQLite is opened (in
	 * autocommit) only if the plan asks what it does not hold */
	sqlite3 *db = lca__catalog_db_now(cat);
	return db && sqlite3_get_autocommit(db) &&
	       sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
}

static void read_end(lca_catalog *cat, int txn)
{
	if (txn)
		sqlite3_exec(lca_catalog_db(cat), "COMMIT", NULL, NULL, NULL);
}

int lca_plan_run(lca_catalog *cat, const lca_job *job, const lca_plan_opts *o,
		 lca_plan_result *r, lca_error *err)
{
	int txn = read_begin(cat);
	int rc = plan_run(cat, job, o, r, err);

	read_end(cat, txn);
	return rc;
}

/* ---- budget mode ------------------------------------------------------ */

typedef struct budget_eval {
	lca_catalog *cat;
	lca_job *job;
	int field; /* the size searched: tokens, or params at 20 per token */
	const lca_budget_opts *o;
} budget_eval;

/* The footprint at size x; 1 when it fits, 0 when not, or an error. */
static int fits(budget_eval *b, double x, lca_footprint *fp, int *deadline,
		lca_error *err)
{
	double kg;
	int rc;

	b->job->flags.num[b->field] = x;
	b->job->flags.set[b->field] = 1;
	b->job->flags.range[b->field] = 0;
	lca_footprint_release(fp);
	lca_footprint_init(fp);
	rc = lca_compute(b->cat, b->job, fp, err);
	if (rc)
		return -rc;
	kg = b->o->operational ? fp->total.operational_kgco2e
			       : fp->total.total_kgco2e;
	*deadline =
	    b->o->deadline_h > 0 && !(fp->total.wall_hours <= b->o->deadline_h);
	return kg <= b->o->budget_kg && !*deadline;
}

void lca_budget_release(lca_budget_result *r)
{
	lca_footprint_release(&r->fp);
	memset(r, 0, sizeof(*r));
}

static int budget(lca_catalog *cat, const lca_job *job,
		  const lca_budget_opts *o, lca_budget_result *r,
		  lca_error *err);

/* Some 70 computations under one read transaction, as lca_plan_run. */
int lca_plan_budget(lca_catalog *cat, const lca_job *job,
		    const lca_budget_opts *o, lca_budget_result *r,
		    lca_error *err)
{
	int txn = read_begin(cat);
	int rc = budget(cat, job, o, r, err);

	read_end(cat, txn);
	return rc;
}

static int budget(lca_catalog *cat, const lca_job *job,
		  const lca_budget_opts *o, lca_budget_result *r,
		  lca_error *err)
{
	static const int fixed[] = {LCA_F_GPU_HOURS,  LCA_F_HOURS,
				    LCA_F_DAYS,	      LCA_F_FLOPS,
				    LCA_F_ENERGY_KWH, LCA_F_REQUESTS};
	budget_eval b;
	lca_footprint probe;
	double lo, hi, maxv;
	int i, dl = 0, ok, rc = 0;
	char text[160];

	memset(r, 0, sizeof(*r));
	lca_footprint_init(&r->fp);
	if (!(o->budget_kg > 0))
		return lca_error_set(err, LCA_ERANGE, "budget_kg",
				     "budget must be positive");
	if (job->nphases > 1)
		return lca_error_set(err, LCA_EUSAGE, "budget_kg",
				     "budget mode sizes one training job, not "
				     "a job of %d phases",
				     job->nphases);
	for (i = 0; i < (int)(sizeof(fixed) / sizeof(fixed[0])); i++)
		if (has_field(job, fixed[i]))
			return lca_error_set(
			    err, LCA_EUSAGE, "budget_kg",
			    "budget mode finds the job's size: drop %s",
			    lca_field_info_get(fixed[i])->key);
	/* without a device the job has no FLOP/s to size: the search would
	 * "fit" any size at 0 FLOPs */
	if (!has_field(job, LCA_F_GPU))
		return lca_error_set_field(err, LCA_EMISSING, LCA_F_GPU, "gpu",
					   "missing input: budget mode needs "
					   "the accelerator");
	if (o->deadline_h > 0 && !has_field(job, LCA_F_GPUS))
		return lca_error_set(err, LCA_EMISSING, "deadline",
				     "missing input: a deadline needs the "
				     "number of devices (gpus)");
	memset(&b, 0, sizeof(b));
	b.cat = cat;
	b.o = o;
	b.job = malloc(sizeof(lca_job));
	if (!b.job)
		return lca_error_set(err, LCA_ENOMEM, "plan", "out of memory");
	lca_job_overlay(b.job, job);
	r->compute_optimal = !has_field(job, LCA_F_PARAMS) &&
			     !has_field(job, LCA_F_ACTIVE_PARAMS);
	b.field = r->compute_optimal ? LCA_F_PARAMS : LCA_F_TOKENS;
	lca_job_clear(b.job, LCA_F_TOKENS, LCA_CLEAR_ALL);
	maxv = lca_field_info_get(b.field)->max;
	if (r->compute_optimal) /* 20 tokens each must stay in range too */
		maxv = fmin(maxv, lca_field_info_get(LCA_F_TOKENS)->max / 20);
	lca_footprint_init(&probe);
	lo = 1;
	hi = maxv;
	ok = fits(&b, lo, &probe, &dl, err);
	if (ok == 0)
		rc = lca_error_set(
		    err, LCA_ERANGE, "budget_kg",
		    "budget of %g kgCO2e is too small: the "
		    "smallest job (one %s) %s",
		    o->budget_kg, r->compute_optimal ? "parameter" : "token",
		    dl ? "misses the deadline" : "already exceeds it");
	else if (ok < 0)
		rc = -ok;
	if (!rc) {
		ok = fits(&b, hi, &probe, &dl, err);
		if (ok < 0) {
			rc = -ok;
		} else if (ok) {
			lo = hi;
			r->binding = "largest size lca accepts";
		} else {
			/* bisection on the logarithm of the size */
			for (i = 0; i < 64 && hi / lo > 1 + 1e-9; i++) {
				double mid = sqrt(lo * hi);
				ok = fits(&b, mid, &probe, &dl, err);
				if (ok < 0) {
					rc = -ok;
					break;
				}
				if (ok)
					lo = mid;
				else
					hi = mid;
			}
			if (!rc) {
				fits(&b, hi, &probe, &dl, err);
				r->binding = dl ? "deadline" : "budget";
			}
		}
	}
	lca_footprint_release(&probe);
	if (!rc) {
		ok = fits(&b, lo, &r->fp, &dl, err);
		if (ok < 0)
			rc = -ok;
	}
	if (!rc) {
		const lca_phase_result *t = &r->fp.total;
		r->params = r->compute_optimal ? lo
			    : has_field(job, LCA_F_ACTIVE_PARAMS)
				? job_number(job, LCA_F_ACTIVE_PARAMS)
				: job_number(job, LCA_F_PARAMS);
		r->tokens = r->compute_optimal ? 20 * lo : lo;
		r->flops = t->flops;
		r->device_hours = t->device_hours;
		r->wall_hours = t->wall_hours;
		r->kgco2e =
		    o->operational ? t->operational_kgco2e : t->total_kgco2e;
		/* the size was searched, not given */
		for (i = 0; i < r->fp.nassumptions; i++) {
			lca_assumption *a = &r->fp.assumptions[i];
			char *src;
			if (strcmp(a->name, lca_field_info_get(b.field)->key))
				continue;
			src = strdup(r->compute_optimal
					 ? "plan budget_kg: the largest "
					   "compute-optimal model that fits "
					   "(bisection)"
					 : "plan budget_kg: the most "
					   "tokens that fit (bisection)");
			if (src) {
				free(a->source);
				a->source = src;
			}
		}
		rc = lca_footprint_assume(&r->fp, "plan.budget", o->budget_kg,
					  NULL, "kgCO2e", "user (budget_kg)");
		lca__fmt(text, sizeof(text), "%s",
			 o->operational ? "operational only"
					: "lifecycle: operational + embodied");
		if (!rc)
			rc = lca_footprint_assume(
			    &r->fp, "plan.budget_counts", LCA_NAN, text, "",
			    o->operational ? "user (budget_scope)"
					   : "default (budget_scope)");
		if (!rc && o->deadline_h > 0)
			rc = lca_footprint_assume(&r->fp, "plan.deadline",
						  o->deadline_h, NULL, "h",
						  "user (deadline)");
		if (rc)
			rc = lca_error_set(err, LCA_ENOMEM, "plan",
					   "out of memory");
	}
	lca_job_release(b.job);
	free(b.job);
	return rc;
}
