/* SPDX-License-Identifier: MIT */
/*
 * bench_estimate_inproc.c: estimates per second in process (what the
 * Python package and an HTTP server get), one catalog handle, one core.
 * Every call varies its inputs (parameters, tokens, accelerator, region,
 * PUE) and reads the assumptions too; a second figure reads the totals
 * only.  Prints figures; asserts nothing.
 *   bench_estimate_inproc [SECONDS]   (LCA_CATALOG, LCA_DATASETS as for lca)
 *   bench_estimate_inproc 0 CALLS     exactly CALLS estimates, for a profiler
 *                                     (valgrind --tool=callgrind)
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lca/lca.h"

static const char *const gpus[] = {"a100", "h100", "v100", "tpu-v4",
				   "l4",   "a10",  "t4",   "a100-sxm4-40gb"};
static const char *const regions[] = {
    "us-east-1", "DE", "FR", "GB", "france", "IN", "SE", "gcp:us-central1"};
#define N(a) (sizeof(a) / sizeof((a)[0]))

static double clock_s(clockid_t c)
{
	struct timespec ts;
	clock_gettime(c, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
static double now_s(void)
{
	return clock_s(CLOCK_MONOTONIC);
}

/* A cheap deterministic generator (xorshift), so runs compare. */
static unsigned long long rng = 88172645463325252ULL;
static unsigned long long next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void set(lca_inputs *in, const char *key, const char *text)
{
	lca_error err;
	if (lca_inputs_set_text(in, lca_field_lookup(key), text, key, &err)) {
		lca_error_print(&err, stderr);
		exit(1);
	}
}

/* Runs estimates for about secs seconds; returns estimates per second.
 * read_assumptions: 1 to read every assumption's strings (as a report
 * does), 0 to read the totals only.  *sink defeats dead-code removal. */
static double run(lca_catalog *cat, lca_job *job, double secs,
		  int read_assumptions, double *sink, long *calls,
		  double *per_cpu_s)
{
	lca_footprint fp;
	lca_error err;
	char num[64];
	double t0 = now_s(), t, c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
	long n = 0;

	lca_footprint_init(&fp);
	do {
		int k;
		for (k = 0; k < 256; k++, n++) {
			unsigned long long r = next();
			const lca_assumption *a;
			int i, na;
			snprintf(num, sizeof(num), "%.3g",
				 1e8 * (double)(1 + r % 10000));
			set(&job->flags, "params", num);
			snprintf(num, sizeof(num), "%.3g",
				 1e10 * (double)(1 + (r >> 16) % 1000));
			set(&job->flags, "tokens", num);
			set(&job->flags, "gpu", gpus[(r >> 32) % N(gpus)]);
			set(&job->flags, "region",
			    regions[(r >> 40) % N(regions)]);
			if ((r >> 48) & 1) {
				snprintf(num, sizeof(num), "%.2f",
					 1.05 + (double)((r >> 50) % 50) / 100);
				set(&job->flags, "pue", num);
			} else {
				job->flags.set[lca_field_lookup("pue")] = 0;
			}
			if (read_assumptions
				? lca_compute(cat, job, &fp, &err)
				: lca_compute_totals(cat, job, &fp, &err)) {
				lca_error_print(&err, stderr);
				exit(1);
			}
			*sink += fp.total.total_kgco2e;
			if (read_assumptions) {
				if (lca_footprint_assumptions(&a, &na, &fp))
					exit(1);
				for (i = 0; i < na; i++)
					*sink += (double)(strlen(a[i].name) +
							  strlen(a[i].value) +
							  strlen(a[i].unit) +
							  strlen(a[i].source));
			}
			lca_footprint_release(&fp);
		}
		t = now_s();
	} while (t - t0 < secs);
	*calls += n;
	if (per_cpu_s) /* on a shared machine: the rate on one core */
		*per_cpu_s =
		    (double)n / (clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0);
	return (double)n / (t - t0);
}

int main(int argc, char **argv)
{
	double secs = argc > 1 ? strtod(argv[1], NULL) : 2.0, sink = 0;
	lca_catalog *cat = NULL;
	lca_job job;
	lca_error err;
	long calls = 0;
	double with, without, with_cpu = 0, without_cpu = 0;

	if (lca_catalog_open(&cat, NULL, NULL, &err)) {
		lca_error_print(&err, stderr);
		return 1;
	}
	lca_job_init(&job);
	if (argc > 2) { /* a fixed count of calls, for a profiler */
		long i, want = strtol(argv[2], NULL, 10);
		for (i = 0; i < want; i += 256)
			run(cat, &job, 0, 1, &sink, &calls, NULL);
		printf("%ld estimates\n", calls);
		goto done;
	}
	run(cat, &job, 0.2, 1, &sink, &calls, NULL); /* warm up the handle */
	with = run(cat, &job, secs, 1, &sink, &calls, &with_cpu);
	without = run(cat, &job, secs, 0, &sink, &calls, &without_cpu);
	printf("lca in process, inputs varied every call, assumptions read: "
	       "%.0f estimates/s (%.2f us each), %.0f per CPU second\n",
	       with, 1e6 / with, with_cpu);
	printf("lca in process, inputs varied every call, totals only:      "
	       "%.0f estimates/s (%.2f us each), %.0f per CPU second\n",
	       without, 1e6 / without, without_cpu);
	fprintf(stderr, "(%ld calls, checksum %g)\n", calls, sink);
done:
	lca_job_release(&job);
	lca_catalog_free(cat);
	return 0;
}
