/* SPDX-License-Identifier: MIT */
/*
 * bench_plan.c: how fast lca plan evaluates every submission hour, in
 * process (catalog open excluded), and how the time grows with the window,
 * the stretch and the period.  Prints figures; asserts nothing.
 *   bench_plan DATASETS_DIR   (LCA_CATALOG names the catalog database)
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lca/lca.h"
#include "lca/plan.h"
#include "lca/series.h"

static lca_catalog *cat;

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void job_of(lca_job *j, const char *hours)
{
	lca_error err;
	lca_job_init(j);
	lca_inputs_set_text(&j->flags, lca_field_lookup("gpu"), "a100", "",
			    &err);
	lca_inputs_set_text(&j->flags, lca_field_lookup("gpus"), "8", "", &err);
	lca_inputs_set_text(&j->flags, lca_field_lookup("hours"), hours, "",
			    &err);
	lca_inputs_set_text(&j->flags, lca_field_lookup("region"), "DE", "",
			    &err);
}

/* Median of reps runs of lca_plan_run, in ms; *starts and *nopt filled. */
static double run(const lca_job *j, const lca_plan_opts *o, int reps,
		  long *starts, int *nopt)
{
	double t[64];
	int i;

	if (reps > 64)
		reps = 64;
	for (i = 0; i < reps; i++) {
		lca_plan_result r;
		lca_error err;
		double t0 = now_ms();
		if (lca_plan_run(cat, j, o, &r, &err)) {
			fprintf(stderr, "bench_plan: %s\n", err.message);
			exit(1);
		}
		t[i] = now_ms() - t0;
		*starts = r.starts;
		*nopt = r.nopt;
		lca_plan_release(&r);
	}
	qsort(t, (size_t)reps, sizeof(double), cmp);
	return t[reps / 2];
}

static void base_opts(lca_plan_opts *o, const char *from, const char *to)
{
	memset(o, 0, sizeof(*o));
	o->all_regions = 1;
	o->max_gap_h = 3;
	lca_time_parse(from, &o->from);
	lca_time_parse(to, &o->to);
}

/* The same pause-resume by sorting every window, for comparison. */
static double naive_pause(const char *zone, long hours, double d, double f)
{
	lca_series_info si;
	lca_error err;
	long long t0;
	long k = (long)ceil(d), m = (long)floor(f * d), p, s, i, interp;
	double *v = malloc(sizeof(double) * 8760),
	       *w = malloc(sizeof(double) * (size_t)m);
	double start = now_ms(), sum = 0, frac = d - (double)(k - 1);

	lca_time_parse("2023-01-01", &t0);
	lca_series_find(cat, zone, NULL, &si, &err);
	lca_series_hourly(cat, &si, t0, hours, 3, v, &interp, &err);
	p = hours - m + 1;
	for (s = 0; s < p; s++) {
		memcpy(w, v + s, sizeof(double) * (size_t)m);
		qsort(w, (size_t)m, sizeof(double), cmp);
		for (i = 0; i < k - 1; i++)
			sum += w[i];
		sum += frac * w[k - 1];
	}
	free(v);
	free(w);
	if (sum < 0)
		printf("?");
	return now_ms() - start;
}

int main(int argc, char **argv)
{
	static const char *const months[] = {"2023-02-01", "2023-04-01",
					     "2023-07-01", "2024-01-01"};
	static const int nmonths[] = {1, 3, 6, 12};
	static const double windows[] = {0, 24, 168, 720};
	static const double stretches[] = {1.5, 2, 4, 8};
	lca_job j24, j72;
	lca_plan_opts o;
	lca_error err;
	double a, b;
	long starts;
	int nopt, i;

	if (argc < 2) {
		fprintf(stderr, "usage: bench_plan DATASETS_DIR\n");
		return 2;
	}
	if (lca_catalog_open(&cat, NULL, argv[1], &err)) {
		lca_error_print(&err, stderr);
		return 1;
	}
	job_of(&j24, "24");
	job_of(&j72, "72");

	printf("lca plan in process (median of 15 runs; catalog already "
	       "open):\n");
	base_opts(&o, "2023-01-01", "2024-01-01");
	a = run(&j24, &o, 15, &starts, &nopt);
	printf("  24 h job, every start hour of 2023, 16 zones (run now):"
	       "         %7.2f ms  (%ld submissions, %d options)\n",
	       a, starts, nopt);
	o.pause_resume = 1;
	o.max_stretch = 2;
	b = run(&j72, &o, 15, &starts, &nopt);
	printf("  72 h job, pause-resume within 2x, 2023, 16 zones (+ now):"
	       "     %7.2f ms  (%ld submissions, %d options)\n",
	       b, starts, nopt);
	printf("  both:                                                      "
	       "   %7.2f ms\n",
	       a + b);

	printf("\ngrowth with the flexible-start window (24 h job, 2023, 16 "
	       "zones, now + flexible):\n");
	for (i = 0; i < 4; i++) {
		base_opts(&o, "2023-01-01", "2024-01-01");
		o.window_h = windows[i];
		a = run(&j24, &o, 9, &starts, &nopt);
		printf("  window %4.0f h: %7.2f ms  (%ld submissions)\n",
		       windows[i], a, starts);
	}
	printf("\ngrowth with the pause-resume stretch (72 h job, 2023, 16 "
	       "zones, now + pause-resume):\n");
	for (i = 0; i < 4; i++) {
		base_opts(&o, "2023-01-01", "2024-01-01");
		o.pause_resume = 1;
		o.max_stretch = stretches[i];
		a = run(&j72, &o, 9, &starts, &nopt);
		printf("  stretch %3.1fx (window of %4.0f h): %7.2f ms  (%ld "
		       "submissions)\n",
		       stretches[i], floor(72 * stretches[i]), a, starts);
	}
	printf("\ngrowth with the period (72 h job, pause-resume 2x + "
	       "flexible 24 h, 16 zones):\n");
	for (i = 0; i < 4; i++) {
		base_opts(&o, "2023-01-01", months[i]);
		o.pause_resume = 1;
		o.max_stretch = 2;
		o.window_h = 24;
		a = run(&j72, &o, 9, &starts, &nopt);
		printf("  %2d month%s: %7.2f ms  (%ld submissions)\n",
		       nmonths[i], nmonths[i] == 1 ? " " : "s", a, starts);
	}
	printf("\none zone, 72 h job, pause-resume within 2x over 2023:\n");
	base_opts(&o, "2023-01-01", "2024-01-01");
	{
		static const char *const de[] = {"DE"};
		o.all_regions = 0;
		o.regions = de;
		o.nregions = 1;
	}
	o.pause_resume = 1;
	o.max_stretch = 2;
	a = run(&j72, &o, 15, &starts, &nopt);
	b = naive_pause("DE", 8760, 72, 2);
	printf("  lca plan (Fenwick tree over ranks, whole call):   %7.2f ms\n"
	       "  sorting every 144 h window instead (cost only):   %7.2f ms"
	       "  (%.0fx)\n",
	       a, b, b / a);
	lca_job_release(&j24);
	lca_job_release(&j72);
	lca_catalog_free(cat);
	return 0;
}
