/* SPDX-License-Identifier: MIT */
/* test_mfu.c: the fitted MFU default (datasets/mfu_model.csv) on published
 * runs, and fp8 against the fp8 peak. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lca/lca.h"
#include "check.h"
#include "check_catalog.h"

static lca_catalog *cat;

/* Runs a training estimate; returns lca_compute's code.  fp is released by
 * the caller.  active and precision may be NULL. */
static int estimate(const char *params, const char *active, const char *tokens,
		    const char *gpu, const char *precision, lca_footprint *fp,
		    lca_error *err)
{
	lca_job job;
	int rc;

	lca_job_init(&job);
	lca_inputs_set_text(&job.flags, lca_field_lookup("params"), params,
			    "--params", err);
	if (active)
		lca_inputs_set_text(&job.flags,
				    lca_field_lookup("active-params"), active,
				    "--active-params", err);
	lca_inputs_set_text(&job.flags, lca_field_lookup("tokens"), tokens,
			    "--tokens", err);
	lca_inputs_set_text(&job.flags, lca_field_lookup("gpu"), gpu, "--gpu",
			    err);
	if (precision)
		lca_inputs_set_text(&job.flags, lca_field_lookup("precision"),
				    precision, "--precision", err);
	lca_footprint_init(fp);
	rc = lca_compute(cat, &job, fp, err);
	lca_job_release(&job);
	return rc;
}

static const lca_assumption *assumption(const lca_footprint *fp,
					const char *name)
{
	int i;

	for (i = 0; i < fp->nassumptions; i++)
		if (!strcmp(fp->assumptions[i].name, name))
			return &fp->assumptions[i];
	return NULL;
}

/* The fitted default, pinned to the data: median of the 15 whole bf16
 * runs of training_runs.csv (PaLM's 8th of 15, 6 x 540e9 x 780e9 /
 * (8,404,992 h x 3600 x 275e12) = 0.3037), with the leave-one-out spread
 * (datasets/tools/fit_mfu.py --report; ctest mfu_fit_pinned reruns it). */
static void pinned(void)
{
	double mfu, lo, hi, lm, ls;
	int n;
	char src[1400];
	lca_error err;

	CHECK(lca_catalog_mfu_spread(cat, "a100", &mfu, &lo, &hi, &lm, &ls, &n,
				     src, sizeof(src), &err) == 0,
	      "spread: %s", err.message);
	CHECK(fabs(mfu - 0.3037) < 1e-12 && n == 15, "median %g of %d", mfu, n);
	CHECK(fabs(ls - 0.2349) < 1e-12, "leave-one-out log sd %g", ls);
	CHECK(strstr(src, "palm-540b-tpuv4") && strstr(src, "pooled_median"),
	      "source names the runs and the model: %s", src);
}

/* A known run: BLOOM 176B, 366B tokens on A100 (training_runs.csv:
 * 1,082,990 GPU-hours) is predicted from its size and hardware alone. */
static void bloom(void)
{
	lca_footprint fp;
	lca_error err;
	const lca_assumption *a;

	CHECK(estimate("176e9", NULL, "366e9", "a100", NULL, &fp, &err) == 0,
	      "bloom: %s", err.message);
	a = assumption(&fp, "mfu");
	CHECK(a && fabs(a->number - 0.3037) < 1e-12, "bloom mfu %g",
	      a ? a->number : -1);
	CHECK_REL(fp.total.device_hours,
		  6 * 176e9 * 366e9 / (312e12 * 0.3037 * 3600), 1e-9,
		  "bloom device-hours");
	/* within the model's leave-one-out median error of the published
	 * figure: +4.6% */
	CHECK_REL(fp.total.device_hours, 1082990.0, 0.136,
		  "bloom vs published");
	lca_footprint_release(&fp);
}

/* fp8: DeepSeek-V3 (37B active of 671B, 14.8T tokens, H800, FP8) at the
 * fp8 peak with the fp8 runs' MFU; never the bf16 MFU. */
static void fp8(void)
{
	lca_footprint fp;
	lca_error err;
	const lca_assumption *a;

	CHECK(estimate("671e9", "37e9", "14.8e12", "h800", "fp8", &fp, &err) ==
		  0,
	      "deepseek-v3 fp8: %s", err.message);
	a = assumption(&fp, "peak_flops");
	CHECK(a && a->number == 1979, "fp8 peak %g", a ? a->number : -1);
	a = assumption(&fp, "mfu");
	CHECK(a && fabs(a->number - 0.1731) < 1e-12, "fp8 mfu %g",
	      a ? a->number : -1);
	CHECK(a && strstr(a->source, "deepseek-v3-h800") &&
		  strstr(a->source, "fp8"),
	      "says which run: %s", a ? a->source : "");
	/* in-sample: the one fp8 run is DeepSeek-V3 itself (2,664K GPU-h) */
	CHECK_REL(fp.total.device_hours, 2664000.0, 0.001, "v3 device-hours");
	lca_footprint_release(&fp);

	/* no fp8 peak: an error naming the flag, not a bf16 fallback */
	CHECK(estimate("7e9", NULL, "1e12", "a100", "fp8", &fp, &err) ==
		  LCA_ERANGE,
	      "a100 has no fp8 peak");
	CHECK(!strcmp(err.where, "precision") && err.field == LCA_F_PRECISION &&
		  strstr(err.message, "a100-sxm4-80gb"),
	      "names the field and the device: %s (%s)", err.message,
	      err.where);
	lca_footprint_release(&fp);
}

int main(int argc, char **argv)
{
	cat = check_catalog(argc, argv);
	pinned();
	bloom();
	fp8();
	lca_catalog_free(cat);
	return check_done();
}
