/* SPDX-License-Identifier: MIT */
/* check.h: a tiny assertion helper for lca's unit tests. */
#ifndef LCA_CHECK_H
#define LCA_CHECK_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static int check_pass, check_fail;

#define CHECK(cond, ...)                                                     \
	do {                                                                 \
		if (cond) {                                                  \
			check_pass++;                                        \
		} else {                                                     \
			check_fail++;                                        \
			fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
			fprintf(stderr, __VA_ARGS__);                        \
			fputc('\n', stderr);                                 \
		}                                                            \
	} while (0)

/* |got - want| <= rel x |want| */
#define CHECK_REL(got, want, rel, what)                             \
	CHECK(fabs((got) - (want)) <= (rel)*fabs(want),             \
	      "%s: got %.6g, want %.6g (tolerance %.2g%%)", (what), \
	      (double)(got), (double)(want), 100.0 * (rel))

static inline int check_done(void)
{
	printf("%d passed, %d failed\n", check_pass, check_fail);
	return check_fail ? 1 : 0;
}

#endif
