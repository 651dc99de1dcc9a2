/* SPDX-License-Identifier: MIT */
/*
 * fuzz_catalog.c: the catalog read as untrusted input.  Each input becomes a
 * stored series row (its count, time range and sample blob straight from
 * the bytes, as a damaged or hand-edited file would hold them), then every
 * reader of series runs over it: list, find, hourly, nearest year, window
 * means.  A reader must refuse or answer, never read out of bounds.
 * The catalog is built once per process in a temporary file.
 */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lca/lca.h"
#include "lca/series.h"
#include "../../engine/lca_int.h" /* lca_catalog_db: the private connection */
#include "../../engine/catalog_store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static lca_catalog *cat;
static char path[64];

static void drop(void)
{
	lca_catalog_free(cat);
	unlink(path);
}

static int64_t i64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return (int64_t)v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* 2023-01-01T00:00Z, the year the shipped series cover */
	const long long base = 1672531200LL;
	sqlite3 *db;
	sqlite3_stmt *st;
	lca_series_info si, *all = NULL;
	lca_error err;
	double out[48], mean;
	char how[256];
	long long t0, t1;
	lca_series_cover cov;
	long interp;
	int n, nall;

	if (!cat) {
		snprintf(path, sizeof(path), "/tmp/lca-fuzz-catalog-%ld.db",
			 (long)getpid());
		unlink(path);
		if (lca_catalog_open(&cat, path, NULL, &err)) {
			lca_error_print(&err, stderr);
			abort();
		}
		atexit(drop);
	}
	if (size < 6)
		return 0;
	/* n: a small count near the blob's; t0, t1: hours from base or, with
	 * the high bit, any 64-bit value */
	n = data[0] | (data[1] & 0x7f) << 8;
	t0 = base + (long long)(int8_t)data[2] * 3600 * 24;
	t1 = t0 + (long long)data[3] * 3600 * 24;
	if (data[4] & 0x80 && size >= 21) {
		t0 = i64(data + 5);
		t1 = i64(data + 13);
	}
	db = lca_catalog_db(cat);
	if (sqlite3_prepare_v2(db,
			       "INSERT OR REPLACE INTO series(zone,signal,"
			       "origin,kind,source,n,t0,t1,mean,min,max,"
			       "samples) VALUES('FZ','lifecycle','user',"
			       "'average','fuzz',?,?,?,1,0,1,?)",
			       -1, &st, NULL) != SQLITE_OK)
		abort();
	sqlite3_bind_int(st, 1, n);
	sqlite3_bind_int64(st, 2, t0);
	sqlite3_bind_int64(st, 3, t1);
	sqlite3_bind_blob(st, 4, data + 5, (int)(size - 5), SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		abort();
	sqlite3_finalize(st);

	if (lca_series_list(cat, &all, &nall, &err) == 0)
		free(all);
	if (lca_series_find(cat, "FZ", NULL, &si, &err) == 0) {
		long long t = base + (long long)(data[4] & 0x7f) * 3600 * 24;
		lca_series_hourly(cat, &si, t, 48, 3, out, &interp, &err);
		lca_series_nearest(cat, &si, t, 48, 3, out, &cov, &err);
		lca_series_window_mean(cat, &si, t, 30.5, 3, &mean, how,
				       sizeof(how), &err);
	}
	return 0;
}
