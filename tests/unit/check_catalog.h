/* SPDX-License-Identifier: MIT */
/* check_catalog.h: the catalog a unit test runs against. */
#ifndef LCA_CHECK_CATALOG_H
#define LCA_CHECK_CATALOG_H

#include <stdio.h>
#include <stdlib.h>

#include "lca/lca.h"

/* The catalog built from the datasets folder named by argv[1] (at
 * $LCA_CATALOG when set); prints the usage or the error and exits 2 when
 * there is none.  The caller frees it with lca_catalog_free(). */
static inline lca_catalog *check_catalog(int argc, char **argv)
{
	lca_catalog *c = NULL;
	lca_error err;

	if (argc < 2) {
		fprintf(stderr, "usage: %s DATASETS\n", argv[0]);
		exit(2);
	}
	if (lca_catalog_open(&c, NULL, argv[1], &err)) {
		lca_error_print(&err, stderr);
		exit(2);
	}
	return c;
}

#endif
