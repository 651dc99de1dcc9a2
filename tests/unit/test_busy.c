/* SPDX-License-Identifier: MIT */
/* test_busy.c: a catalog lookup that cannot read (another connection holds
 * the database locked) is a database error, never "not found". */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "lca/lca.h"
#include "lca/series.h"
#include "../../engine/lca_int.h"
#include "../../engine/catalog_store.h"
#include "../../models/models.h"
#include "../../engine/lca_int.h"
#include "check.h"
#include "check_catalog.h"

static lca_catalog *cat;

/* The one-line error a locked catalog must give: LCA_EDB, SQLite's
 * message and the lookup named. */
#define CHECK_LOCKED(rc, err, what)                                      \
	CHECK((rc) == LCA_EDB && strstr((err).message, "locked") &&      \
		  strstr((err).where, "lookup"),                         \
	      "%s: got %d '%s' (%s), want LCA_EDB 'database is locked'", \
	      (what), (rc), (err).message, (err).where)

/* Every lookup once with the catalog readable: prepares the cached
 * statements, so the locked run below fails at the step, not the
 * prepare. */
static void readable(lca_series_info *si, lca_series_info *kr)
{
	lca_accel a;
	lca_region r;
	lca_pue p;
	lca_cpu c;
	lca_node nd;
	lca_factor f;
	lca_dist d;
	lca_series_info *all = NULL;
	lca_error err;
	double mfu, lo, hi, near, hours[24];
	long interp;
	int n;
	char src[400];

	CHECK(lca_catalog_accel(cat, "a100", "--gpu", &a, NULL, &err) == 0,
	      "accel: %s", err.message);
	CHECK(lca_catalog_region(cat, "FR", "--region", &r, &err) == 0,
	      "region: %s", err.message);
	CHECK(lca_catalog_pue(cat, "industry", &p, &err) == 0, "pue: %s",
	      err.message);
	CHECK(lca_catalog_cpu(cat, "AMD EPYC 7742", "--cpu", &c, &err) == 0,
	      "cpu: %s", err.message);
	CHECK(lca_catalog_node(cat, "a100", &nd, &err) == 0, "node: %s",
	      err.message);
	CHECK(lca_catalog_factor(cat, "device", "a100", &f, &err) == 0,
	      "factor: %s", err.message);
	CHECK(lca_catalog_factor_nearest(cat, "cpa", 5, &f, &near, &err) == 0,
	      "factor_nearest: %s", err.message);
	CHECK(lca_catalog_default_mfu(cat, "a100", &mfu, &lo, &hi, &n, src,
				      sizeof(src), &err) == 0,
	      "mfu: %s", err.message);
	CHECK(lca__dist_lookup(cat, "pue_industry", 1.5, &d, &err) == 0,
	      "distribution");
	CHECK(lca_series_find(cat, "DE", NULL, si, &err) == 0, "series: %s",
	      err.message);
	CHECK(lca_series_hourly(cat, si, si->t0, 24, 3, hours, &interp, &err) ==
		      0 &&
		  !isnan(hours[0]),
	      "hourly: %s", err.message);
	CHECK(lca_series_list(cat, &all, &n, &err) == 0 && n > 0,
	      "series list: %s", err.message);
	free(all);
	/* a series whose samples are not read here */
	CHECK(lca_series_find(cat, "KR", NULL, kr, &err) == 0, "series KR: %s",
	      err.message);
}

static void locked(const lca_series_info *si, const lca_series_info *kr)
{
	lca_accel a;
	lca_region r;
	lca_pue p;
	lca_cpu c;
	lca_node nd;
	lca_factor f;
	lca_dist d;
	lca_series_info s2, *all = NULL;
	lca_error err;
	lca_job job;
	lca_footprint fp;
	double mfu, lo, hi, near, hours[24];
	lca__mfu_model_row mrow;
	long interp;
	int n, rc;
	char src[400];

	/* Rows the handle read before the lock are remembered (as of the
	 * last commit, which the lock holder has not changed yet). */
	memset(&err, 0, sizeof(err));
	CHECK(lca_catalog_accel(cat, "a100", "--gpu", &a, NULL, &err) == 0 &&
		  a.tdp_w > 0,
	      "remembered accel: %s", err.message);
	CHECK(lca_catalog_pue(cat, "industry", &p, &err) == 0 && p.pue > 1,
	      "remembered pue: %s", err.message);

	/* Rows it has not read yet cannot be read: a database error, never
	 * "not found" (the statements are prepared, so the step fails). */
	rc = lca_catalog_accel(cat, "h100", "--gpu", &a, NULL, &err);
	CHECK_LOCKED(rc, err, "accel");
	rc = lca_catalog_region(cat, "DE", "--region", &r, &err);
	CHECK_LOCKED(rc, err, "region");
	rc = lca_catalog_pue(cat, "gcp", &p, &err);
	CHECK_LOCKED(rc, err, "pue");
	CHECK(strstr(err.where, "pue lookup") != NULL, "names the lookup: %s",
	      err.where);
	rc = lca_catalog_cpu(cat, "Intel Xeon Platinum 8480+", "--cpu", &c,
			     &err);
	CHECK_LOCKED(rc, err, "cpu");
	rc = lca_catalog_node(cat, "h100", &nd, &err);
	CHECK_LOCKED(rc, err, "node");
	rc = lca_catalog_factor(cat, "server", "default", &f, &err);
	CHECK_LOCKED(rc, err, "factor");
	rc = lca_catalog_factor_nearest(cat, "cpa", 7, &f, &near, &err);
	CHECK_LOCKED(rc, err, "factor_nearest");
	/* The fitted MFU model: one median whatever the family, remembered;
	 * its fp8 row, not read yet, cannot be read. */
	CHECK(lca_catalog_default_mfu(cat, "h100", &mfu, &lo, &hi, &n, src,
				      sizeof(src), &err) == 0,
	      "remembered mfu: %s", err.message);
	rc = lca__mfu_row(cat, "fp8", NULL, &mrow, &err);
	CHECK_LOCKED(rc, err, "mfu");
	rc = lca__dist_lookup(cat, "pue_provider", 1.1, &d, &err);
	CHECK_LOCKED(rc, err, "distribution");
	/* a series' row is remembered like the others; one not read yet
	 * cannot be read */
	CHECK(lca_series_find(cat, "DE", NULL, &s2, &err) == 0 &&
		  !strcmp(s2.zone, si->zone),
	      "remembered series: %s", err.message);
	rc = lca_series_find(cat, "GB", NULL, &s2, &err);
	CHECK_LOCKED(rc, err, "series find");
	/* so are a series' samples and the list of series; samples not read
	 * yet cannot be read */
	rc = lca_series_hourly(cat, si, si->t0, 24, 3, hours, &interp, &err);
	CHECK(rc == 0 && !isnan(hours[0]), "remembered hourly: %s",
	      err.message);
	rc = lca_series_hourly(cat, kr, kr->t0, 24, 3, hours, &interp, &err);
	CHECK_LOCKED(rc, err, "series hourly");
	rc = lca_series_list(cat, &all, &n, &err);
	CHECK(rc == 0 && n > 0, "remembered series list: %s", err.message);
	free(all);

	/* the whole computation stops at the first lookup that cannot read */
	lca_job_init(&job);
	lca_footprint_init(&fp);
	lca_inputs_set_text(&job.flags, lca_field_lookup("gpu"), "a100",
			    "--gpu", &err);
	lca_inputs_set_text(&job.flags, lca_field_lookup("gpus"), "8", "--gpus",
			    &err);
	lca_inputs_set_text(&job.flags, lca_field_lookup("hours"), "24",
			    "--hours", &err);
	lca_inputs_set_text(&job.flags, lca_field_lookup("region"), "DE",
			    "--region", &err);
	rc = lca_compute(cat, &job, &fp, &err);
	CHECK_LOCKED(rc, err, "lca_compute");
	CHECK(lca_exit_code(rc) == 1, "a runtime error, exit 1");
	lca_footprint_release(&fp);
	lca_job_release(&job);
}

int main(int argc, char **argv)
{
	lca_series_info si, kr;
	lca_error err;
	sqlite3 *other = NULL;
	lca_pue p;

	cat = check_catalog(argc, argv);
	readable(&si, &kr);
	/* Another connection takes the write lock a rebuild takes at commit:
	 * readers get SQLITE_BUSY once their busy timeout runs out.  The
	 * catalog waits 120 s; 20 ms here keeps the test fast, the outcome
	 * is the same. */
	if (sqlite3_open(lca_catalog_path(cat), &other) != SQLITE_OK ||
	    sqlite3_exec(other, "BEGIN EXCLUSIVE", NULL, NULL, NULL) !=
		SQLITE_OK) {
		fprintf(stderr, "cannot lock the catalog: %s\n",
			sqlite3_errmsg(other));
		return 2;
	}
	sqlite3_busy_timeout(lca_catalog_db(cat), 20);
	locked(&si, &kr);
	sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(other);

	/* the lock gone, the same handle reads again */
	CHECK(lca_catalog_pue(cat, "industry", &p, &err) == 0 && p.pue > 1,
	      "pue after unlock: %s", err.message);
	lca_catalog_free(cat);
	return check_done();
}
