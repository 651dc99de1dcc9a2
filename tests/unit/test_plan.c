/* SPDX-License-Identifier: MIT */
/* test_plan.c: lca plan's sliding windows against a brute force over the
 * same hourly series, and budget mode against the formula it inverts. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lca/lca.h"
#include "lca/plan.h"
#include "lca/series.h"
#include "check.h"
#include "check_catalog.h"

#define PERIOD	400 /* hours */
#define DUR	5.5 /* job hours */
#define WINDOW	7
#define STRETCH 2.3

static lca_catalog *cat;
static lca_job job;

static void set(lca_job *j, const char *key, const char *v)
{
	lca_error err;
	int rc =
	    lca_inputs_set_text(&j->flags, lca_field_lookup(key), v, key, &err);
	CHECK(rc == 0, "set %s=%s: %s", key, v, rc ? err.message : "");
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Cost of the cheapest allocation of DUR hours in hours [a, a + n). */
static double cheapest(const double *v, long a, long n, long k, double frac)
{
	double *w = malloc(sizeof(double) * (size_t)n), c = 0;
	long i;

	memcpy(w, v + a, sizeof(double) * (size_t)n);
	qsort(w, (size_t)n, sizeof(double), cmp);
	for (i = 0; i < k - 1; i++)
		c += w[i];
	c += frac * w[k - 1];
	free(w);
	return c;
}

static double contiguous(const double *v, long u, long k, double frac)
{
	double c = 0;
	long i;

	for (i = 0; i < k; i++)
		c += (i == k - 1 ? frac : 1) * v[u + i];
	return c;
}

static double energy(const char *region)
{
	lca_footprint fp;
	lca_error err;
	lca_job j = job;
	double e;

	j.flags.str[lca_field_lookup("region")] = (char *)region;
	j.flags.set[lca_field_lookup("region")] = 1;
	lca_footprint_init(&fp);
	CHECK(lca_compute(cat, &j, &fp, &err) == 0, "compute %s", region);
	e = fp.total.energy_kwh;
	lca_footprint_release(&fp);
	return e;
}

static void expect_stats(const lca_plan_option *o, double *kg, long p,
			 const char *what)
{
	double sum = 0;
	long i;
	char name[96];

	for (i = 0; i < p; i++)
		sum += kg[i];
	qsort(kg, (size_t)p, sizeof(double), cmp);
	snprintf(name, sizeof(name), "%s mean", what);
	CHECK_REL(o->kg.mean, sum / (double)p, 1e-9, name);
	snprintf(name, sizeof(name), "%s min", what);
	CHECK_REL(o->kg.min, kg[0], 1e-9, name);
	snprintf(name, sizeof(name), "%s max", what);
	CHECK_REL(o->kg.max, kg[p - 1], 1e-9, name);
	snprintf(name, sizeof(name), "%s p50", what);
	CHECK_REL(o->kg.p50, kg[(long)(0.5 * (double)(p - 1) + 0.5)], 1e-9,
		  name);
	snprintf(name, sizeof(name), "%s p95", what);
	CHECK_REL(o->kg.p95, kg[(long)(0.95 * (double)(p - 1) + 0.5)], 1e-9,
		  name);
}

static void brute_force(void)
{
	static const char *const regions[] = {"DE", "GB"};
	lca_plan_opts o;
	lca_plan_result r;
	lca_error err;
	long long from;
	long k = (long)ceil(DUR), m = (long)ceil(STRETCH * DUR), h, p, s;
	double frac = DUR - (double)(k - 1);
	int i, st, found;

	h = k + WINDOW > m ? k + WINDOW : m;
	p = PERIOD - h + 1;
	lca_time_parse("2023-03-01T00:00Z", &from);
	memset(&o, 0, sizeof(o));
	o.regions = regions;
	o.nregions = 2;
	o.window_h = WINDOW;
	o.pause_resume = 1;
	o.max_stretch = STRETCH;
	o.from = from;
	o.to = from + PERIOD * 3600LL;
	o.max_gap_h = 3;
	CHECK(lca_plan_run(cat, &job, &o, &r, &err) == 0, "plan: %s",
	      err.message);
	CHECK(r.starts == p, "submissions %ld, want %ld", r.starts, p);
	CHECK(r.horizon_h == h, "horizon %ld, want %ld", r.horizon_h, h);
	/* baseline DE now, then DE flexible/pause, GB now/flexible/pause */
	CHECK(r.nopt == 5, "options %d, want 5", r.nopt);
	for (i = 0; i < 2; i++) {
		lca_series_info si;
		double v[PERIOD], e = energy(regions[i]), *kg[3];
		long interp;
		CHECK(lca_series_find(cat, regions[i], NULL, &si, &err) == 0,
		      "series %s", regions[i]);
		lca_series_hourly(cat, &si, from, PERIOD, 3, v, &interp, &err);
		for (st = 0; st < 3; st++)
			kg[st] = malloc(sizeof(double) * (size_t)p);
		for (s = 0; s < p; s++) {
			double best = INFINITY;
			long u;
			for (u = s; u <= s + WINDOW; u++)
				best = fmin(best, contiguous(v, u, k, frac));
			kg[LCA_PLAN_NOW][s] =
			    e * contiguous(v, s, k, frac) / DUR / 1000;
			kg[LCA_PLAN_FLEXIBLE][s] = e * best / DUR / 1000;
			kg[LCA_PLAN_PAUSE][s] =
			    e * cheapest(v, s, m, k, frac) / DUR / 1000;
			CHECK(kg[2][s] <= kg[0][s] * (1 + 1e-12) &&
				  kg[1][s] <= kg[0][s] * (1 + 1e-12),
			      "pause and flexible <= now at %ld", s);
			/* a deadline of D + W hours holds every start a
			 * window of W allows */
			CHECK(m < k + WINDOW ||
				  kg[2][s] <= kg[1][s] * (1 + 1e-12),
			      "pause <= flexible at %ld", s);
		}
		if (i == 0)
			expect_stats(&r.baseline, kg[LCA_PLAN_NOW], p,
				     "DE baseline");
		for (st = 0; st < 3; st++) {
			char what[64];
			found = 0;
			snprintf(what, sizeof(what), "%s %s", regions[i],
				 lca_plan_strategy_name(st));
			for (s = 0; s < r.nopt && !found; s++) {
				const lca_plan_option *op = &r.opt[s];
				if (op->strategy != st ||
				    strcmp(op->zone, regions[i]))
					continue;
				found = 1;
				CHECK_REL(op->operational_kgco2e, kg[st][0],
					  1e-9, what);
				expect_stats(op, kg[st], p, what);
			}
			CHECK(found || (i == 0 && st == LCA_PLAN_NOW),
			      "option %s", what);
			free(kg[st]);
		}
	}
	/* ranked cleanest first */
	for (i = 1; i < r.nopt; i++)
		CHECK(r.opt[i - 1].kg.mean <= r.opt[i].kg.mean, "ranked");
	lca_plan_release(&r);
}

static void first_submission(void)
{
	static const char *const regions[] = {"GB"};
	lca_plan_opts o;
	lca_plan_result r;
	lca_error err;
	double runs = 0;
	int i;

	memset(&o, 0, sizeof(o));
	o.regions = regions;
	o.nregions = 1;
	o.pause_resume = 1;
	o.max_stretch = STRETCH;
	o.max_gap_h = 3;
	lca_time_parse("2023-06-01T00:00Z", &o.from);
	CHECK(lca_plan_run(cat, &job, &o, &r, &err) == 0, "plan: %s",
	      err.message);
	for (i = 0; i < r.nopt; i++) {
		const lca_plan_option *op = &r.opt[i];
		double c = 0, w = 0;
		int j;
		if (op->strategy != LCA_PLAN_PAUSE)
			continue;
		for (j = 0; j < op->nhourly; j++) {
			c += op->hourly[j] * op->run[j];
			w += op->run[j];
		}
		runs = w;
		CHECK_REL(op->intensity, c / w, 1e-9,
			  "pause-resume intensity from its marked hours");
		CHECK(op->start >= o.from &&
			  op->end <=
			      o.from + (long long)ceil(STRETCH * DUR) * 3600,
		      "pause-resume inside its deadline");
	}
	CHECK_REL(runs, DUR, 1e-12, "pause-resume runs the job's hours");
	/* windows outside the data: one error, nothing computed */
	lca_plan_release(&r);
	lca_time_parse("2040-06-01T00:00Z", &o.from);
	CHECK(lca_plan_run(cat, &job, &o, &r, &err) != 0,
	      "a window 17 years from the series is refused");
	lca_plan_release(&r);
}

static void budget(void)
{
	lca_budget_opts o;
	lca_budget_result b;
	lca_error err;
	lca_job j;
	lca_footprint fp;
	char text[64];

	lca_job_init(&j);
	set(&j, "gpu", "a100");
	set(&j, "region", "DE");
	memset(&o, 0, sizeof(o));
	o.budget_kg = 500;
	CHECK(lca_plan_budget(cat, &j, &o, &b, &err) == 0, "budget: %s",
	      err.message);
	CHECK(b.compute_optimal, "compute-optimal without --params");
	CHECK_REL(b.tokens, 20 * b.params, 1e-12, "20 tokens per parameter");
	CHECK_REL(b.kgco2e, 500.0, 1e-6, "the budget is used up");
	CHECK(!strcmp(b.binding, "budget"), "the budget binds");
	/* the same job estimated directly lands on the budget */
	snprintf(text, sizeof(text), "%.17g", b.params);
	set(&j, "params", text);
	lca_footprint_init(&fp);
	CHECK(lca_compute(cat, &j, &fp, &err) == 0, "estimate");
	CHECK_REL(fp.total.total_kgco2e, 500.0, 1e-6, "estimate at the answer");
	lca_footprint_release(&fp);
	lca_budget_release(&b);
	/* a deadline that binds first */
	set(&j, "gpus", "8");
	o.deadline_h = 10;
	CHECK(lca_plan_budget(cat, &j, &o, &b, &err) == 0, "deadline: %s",
	      err.message);
	CHECK(!strcmp(b.binding, "deadline"), "the deadline binds (%s)",
	      b.binding);
	CHECK_REL(b.wall_hours, 10.0, 1e-6, "wall time at the deadline");
	CHECK(b.kgco2e < 500, "under budget");
	lca_budget_release(&b);
	lca_job_release(&j);
}

int main(int argc, char **argv)
{
	cat = check_catalog(argc, argv);
	lca_job_init(&job);
	set(&job, "gpu", "a100");
	set(&job, "gpus", "8");
	set(&job, "hours", "5.5");
	set(&job, "region", "DE");
	brute_force();
	first_submission();
	budget();
	lca_job_release(&job);
	lca_catalog_free(cat);
	return check_done();
}
