/* SPDX-License-Identifier: MIT */
/*
 * fuzz_plan.c: lca plan's sliding windows (prefix sums, sliding minimum, the
 * Fenwick tree over ranks) against a brute force on fuzzed series: ties,
 * zeros, fractional durations and windows of every size.  Aborts on any
 * difference.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lca/plan.h"
#include "../../engine/lca_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double brute(const double *a, long s, double d, long k, long w, long m,
		    int strategy)
{
	double frac = d - (double)(k - 1), best = INFINITY, *t, c = 0;
	long u, i;

	if (strategy != LCA_PLAN_PAUSE) {
		for (u = s; u <= s + (strategy == LCA_PLAN_FLEXIBLE ? w : 0);
		     u++) {
			c = 0;
			for (i = 0; i < k; i++)
				c += (i == k - 1 ? frac : 1) * a[u + i];
			best = c < best ? c : best;
		}
		return best;
	}
	t = malloc(sizeof(double) * (size_t)m);
	memcpy(t, a + s, sizeof(double) * (size_t)m);
	qsort(t, (size_t)m, sizeof(double), cmp);
	for (i = 0; i < k; i++)
		c += (i == k - 1 ? frac : 1) * t[i];
	free(t);
	return c;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	double *a, *cost, *run, d, sum = 0;
	long len, w, m, k, p, h, s, i;
	int strategy;

	if (size < 5)
		return 0;
	d = (double)(data[0] % 48 + 1) / 4.0; /* 0.25 to 12 h */
	w = data[1] % 16;
	m = data[2] % 32;
	strategy = data[3] % LCA_PLAN__STRATEGIES;
	len = (long)size - 4;
	k = (long)ceil(d - 1e-9);
	a = malloc(sizeof(double) * (size_t)len);
	cost = malloc(sizeof(double) * (size_t)len);
	run = malloc(sizeof(double) * (size_t)len);
	if (!a || !cost || !run)
		abort();
	for (i = 0; i < len; i++) /* few distinct values: many ties */
		a[i] = (double)(data[4 + i] % 64) * 12.5;
	if (lca__plan_costs(a, len, d, w, m, strategy, cost, run, &p, &h) ==
	    0) {
		if (m < k)
			m = k;
		for (s = 0; s < p; s++) {
			double want = brute(a, s, d, k, w, m, strategy);
			if (fabs(cost[s] - want) > 1e-9 * (fabs(want) + 1))
				abort();
		}
		/* the first submission runs d hours, inside its horizon */
		for (i = 0; i < h; i++) {
			if (run[i] < 0 || run[i] > 1)
				abort();
			sum += run[i];
		}
		if (fabs(sum - d) > 1e-9)
			abort();
	}
	free(a);
	free(cost);
	free(run);
	return 0;
}
