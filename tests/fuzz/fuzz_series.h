/* SPDX-License-Identifier: MIT */
/* fuzz_series.h: the body of the series importers' libFuzzer harnesses
 * (lca grid import): each input is written to a file and imported into a
 * catalog made once per process, as one format.  An import must refuse or
 * take the file, never read out of bounds or store a series its readers
 * cannot walk. */
#ifndef LCA_FUZZ_SERIES_H
#define LCA_FUZZ_SERIES_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "lca/lca.h"
#include "lca/series.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static lca_catalog *fuzz_cat;
static char fuzz_db[64], fuzz_in[64];

static void fuzz_series_drop(void)
{
	lca_catalog_free(fuzz_cat);
	unlink(fuzz_db);
	unlink(fuzz_in);
}

static int fuzz_series(const uint8_t *data, size_t size, const char *format)
{
	lca_series_info *all = NULL;
	lca_error err;
	long rows = 0, interp;
	int n = 0, nall = 0, i;
	double mean, hours[48];
	char how[256];
	FILE *fp;

	if (!fuzz_cat) {
		snprintf(fuzz_db, sizeof(fuzz_db),
			 "/tmp/lca-fuzz-series-%ld.db", (long)getpid());
		snprintf(fuzz_in, sizeof(fuzz_in),
			 "/tmp/lca-fuzz-series-%ld.in", (long)getpid());
		unlink(fuzz_db);
		if (lca_catalog_open(&fuzz_cat, fuzz_db, NULL, &err)) {
			lca_error_print(&err, stderr);
			abort();
		}
		atexit(fuzz_series_drop);
	}
	fp = fopen(fuzz_in, "wb");
	if (!fp || fwrite(data, 1, size, fp) != size || fclose(fp))
		abort();
	/* Carbon Aware SDK JSON names its own zone */
	if (lca_series_import(fuzz_cat, fuzz_in, format[0] == 'c' ? NULL : "FZ",
			      NULL, format, "fuzz", "user", &n, &rows, &err))
		return 0;
	/* what was stored reads back */
	if (lca_series_list(fuzz_cat, &all, &nall, &err) == 0) {
		for (i = 0; i < nall; i++) {
			(void)lca_series_hourly(fuzz_cat, &all[i], all[i].t0,
						48, 3, hours, &interp, &err);
			(void)lca_series_window_mean(fuzz_cat, &all[i],
						     all[i].t0, 48, 3, &mean,
						     how, sizeof(how), &err);
		}
		free(all);
	}
	return 0;
}

#endif
