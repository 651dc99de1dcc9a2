/* SPDX-License-Identifier: MIT */
/* model_training.c: training compute, FLOPs -> device-hours at a utilisation
 * (MFU). */
#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "models.h"
#include "../engine/lca_int.h"
#include "../engine/banned.h"

/* Compute-optimal data: 20 tokens per parameter (Hoffmann et al. 2022,
 * "Training Compute-Optimal Large Language Models", Chinchilla). */
#define CHINCHILLA_TOKENS_PER_PARAM 20.0

/* Peak dense FLOP/s of the accelerator at the chosen precision, in TFLOP/s.
 * bf16 falls back to fp16, then tf32, then fp32 (and says so). */
static int peak_tflops(lca_mctx *m, double *peak)
{
	const lca_accel *a = lca__accel(m);
	const char *prec = lca__gets(m, LCA_F_PRECISION);
	const char *used = NULL;
	char text[160];

	if (!prec)
		prec = "bf16";
	if (!strcmp(prec, "fp8") && !isnan(a->fp8_tflops)) {
		*peak = a->fp8_tflops;
		used = "fp8";
	} else if (!strcmp(prec, "fp32") && !isnan(a->fp32_tflops)) {
		*peak = a->fp32_tflops;
		used = "fp32";
	} else if (!strcmp(prec, "tf32") && !isnan(a->tf32_tflops)) {
		*peak = a->tf32_tflops;
		used = "tf32";
	} else if (!strcmp(prec, "fp16") && !isnan(a->fp16_tflops)) {
		*peak = a->fp16_tflops;
		used = "fp16";
	} else if (!isnan(a->bf16_tflops)) {
		*peak = a->bf16_tflops;
		used = "bf16";
	} else if (!isnan(a->fp16_tflops)) {
		*peak = a->fp16_tflops;
		used = "fp16";
	} else if (!isnan(a->tf32_tflops)) {
		*peak = a->tf32_tflops;
		used = "tf32";
	} else if (!isnan(a->fp32_tflops)) {
		*peak = a->fp32_tflops;
		used = "fp32";
	}
	if (!used || *peak <= 0)
		/* a usage error: the catalog has no sourced peak
		 * (datasets/README.md lists the row as incomplete) and the
		 * user can give the device-hours instead */
		return lca_error_set(lca__err(m), LCA_EMISSING,
				     "--gpu; give --gpu-hours, or --gpus with "
				     "--hours",
				     "no peak FLOP/s known for '%s'", a->id);
	if (strcmp(used, prec))
		lca__fmt(text, sizeof(text),
			 "dense %s peak (no %s figure in the catalog); %s",
			 used, prec, a->source);
	else
		lca__fmt(text, sizeof(text), "dense %s peak; %s", used,
			 a->source);
	return lca__assume(m, "peak_flops", *peak, NULL, "TFLOP/s per device",
			   text);
}

/* MFU: the user's, else the median of published full runs, with their
 * spread (a log-normal fitted to the same runs) for the Monte Carlo. */
static int mfu(lca_mctx *m)
{
	const lca_accel *a = lca__accel(m);
	double lo, hi, u, logmu, logsd;
	lca_dist d;
	int n, rc;
	char src[400], text[600];

	if (lca__has(m, LCA_F_MFU)) {
		u = lca__param_from_field(m, LCA_P_MFU, LCA_F_MFU);
		return lca__assume(m, "mfu", u, NULL, "fraction of peak",
				   lca__origin(m, LCA_F_MFU));
	}
	rc =
	    lca_catalog_mfu_spread(lca__cat(m), a->family, &u, &lo, &hi, &logmu,
				   &logsd, &n, src, sizeof(src), lca__err(m));
	if (rc)
		return rc;
	memset(&d, 0, sizeof(d));
	/*
	 * Centred on the default (the median), with the runs' log spread
	 * widened into a prediction interval for one new run from n: x
	 * sqrt(1 + 1/n) and Student's t with n - 1 degrees of freedom in
	 * place of the normal at the 90% level.
	 */
	d.kind = LCA_D_LOGNORMAL;
	d.a = log(u);
	d.b = logsd * sqrt(1.0 + 1.0 / n) *
	      gsl_cdf_tdist_Pinv(0.95, (double)(n - 1)) /
	      gsl_cdf_ugaussian_Pinv(0.95);
	(void)logmu;
	d.lo = 0.05;
	d.hi = 1.0;
	lca__fmt(d.source, sizeof(d.source),
		 "log-normal fitted to the %d runs behind the default, as a "
		 "prediction interval for a new run (%s)",
		 n, src);
	lca__param(m, LCA_P_MFU, u, &d);
	lca__fmt(text, sizeof(text),
		 "%s; range %.3g to %.3g; whole runs, not tuned benchmarks",
		 src, lo, hi);
	return lca__assume(m, "mfu", u, NULL, "fraction of peak", text);
}

/* FLOPs -> device-hours, shared by training and inference: the plan gets
 * FLOPs, peak and MFU; lca__evaluate divides. */
static int to_device_hours(lca_mctx *m, double flops)
{
	double peak = 0;
	int rc;

	if (!lca__accel(m))
		return lca_error_set(lca__err(m), LCA_EMISSING, "--gpu",
				     "missing input: --gpu is needed to turn "
				     "FLOPs into device-hours");
	rc = peak_tflops(m, &peak);
	if (!rc)
		rc = mfu(m);
	if (rc)
		return rc;
	lca__param(m, LCA_P_PEAK_TFLOPS, peak, NULL);
	return lca__assume(
	    m, "device_hours",
	    flops / (peak * 1e12 * lca__plan(m)->v[LCA_P_MFU] * 3600.0), NULL,
	    "device-h", "FLOPs / (peak FLOP/s x MFU x 3600)");
}

/* Training FLOPs: given, or 6 x active params x tokens; with their
 * assumptions. */
static int training_flops(lca_mctx *m, double *out)
{
	double params, active, tokens, flops;
	int rc;

	if (lca__has(m, LCA_F_FLOPS)) {
		*out = lca__param_from_field(m, LCA_P_FLOPS, LCA_F_FLOPS);
		return lca__assume(m, "flops", *out, NULL, "FLOP",
				   lca__origin(m, LCA_F_FLOPS));
	}
	params = lca__get(m, LCA_F_PARAMS);
	rc = lca__assume(m, "params", params, NULL, "parameters",
			 lca__origin(m, LCA_F_PARAMS));
	if (rc)
		return rc;
	if (lca__has(m, LCA_F_ACTIVE_PARAMS)) {
		active = lca__get(m, LCA_F_ACTIVE_PARAMS);
		if (active > params)
			return lca_error_set(lca__err(m), LCA_ERANGE,
					     "--active-params",
					     "active parameters exceed total "
					     "parameters '%.6g'",
					     active);
		rc = lca__assume(m, "active_params", active, NULL, "parameters",
				 lca__origin(m, LCA_F_ACTIVE_PARAMS));
	} else {
		active = params;
		rc = lca__assume(m, "active_params", active, NULL, "parameters",
				 "dense model: all parameters active (no "
				 "--active-params)");
	}
	if (rc)
		return rc;
	if (lca__has(m, LCA_F_TOKENS)) {
		tokens = lca__get(m, LCA_F_TOKENS);
		rc = lca__assume(m, "tokens", tokens, NULL, "tokens",
				 lca__origin(m, LCA_F_TOKENS));
	} else {
		tokens = CHINCHILLA_TOKENS_PER_PARAM * params;
		rc = lca__assume(m, "tokens", tokens, NULL, "tokens",
				 "compute-optimal 20 tokens per parameter "
				 "(Hoffmann et al. 2022); no --tokens given");
	}
	if (rc)
		return rc;
	/* 6 FLOPs per active parameter per token: 2 forward + 4 backward
	 * (Kaplan et al. 2020; the convention of training_runs.csv). */
	flops = 6.0 * active * tokens;
	lca__param(m, LCA_P_FLOPS, flops, NULL);
	*out = flops;
	return lca__assume(m, "flops", flops, NULL, "FLOP",
			   "6 x active params x tokens (Kaplan et al. 2020)");
}

int lca_model_training(lca_mctx *m)
{
	double flops = 0;
	int rc = training_flops(m, &flops);

	return rc ? rc : to_device_hours(m, flops);
}

int lca_model_implied_mfu(lca_mctx *m, double device_hours)
{
	const lca_accel *a = lca__accel(m);
	double flops = 0, peak = 0, u, mfu0, lo, hi;
	char src[400], text[900];
	lca_error e2;
	int n, rc;

	if (!a || !(device_hours > 0))
		return lca__assume(m, "implied_mfu", LCA_NAN, "not computed",
				   "",
				   a ? "no device-hours"
				     : "no --gpu: no peak FLOP/s to compare "
				       "the FLOPs with");
	rc = training_flops(m, &flops);
	if (rc)
		return rc;
	/* informative only: a device without a peak still gets its
	 * estimate from the device-hours */
	rc = peak_tflops(m, &peak);
	if (rc == LCA_EMISSING)
		return lca__assume(m, "implied_mfu", LCA_NAN, "not computed",
				   "", "no peak FLOP/s known for the device");
	if (rc)
		return rc;
	u = flops / (device_hours * peak * 1e12 * 3600.0);
	/* the published range: the runs behind the default MFU */
	rc = lca__optional(m,
			   lca_catalog_default_mfu(lca__cat(m), a->family,
						   &mfu0, &lo, &hi, &n, src,
						   sizeof(src), &e2),
			   &e2);
	if (rc < 0)
		return rc;
	if (rc)
		lca__fmt(text, sizeof(text),
			 "FLOPs / (device-hours x peak x 3600): the "
			 "duration given wins over the FLOPs of --params/"
			 "--tokens; no published runs to compare with");
	else
		lca__fmt(text, sizeof(text),
			 "FLOPs / (device-hours x peak x 3600): the duration "
			 "given wins over the FLOPs of --params/--tokens; %s "
			 "the published range %.3g to %.3g (%s)%s",
			 u < lo || u > hi ? "OUTSIDE" : "within", lo, hi, src,
			 u < lo || u > hi ? "; check --params, --tokens, "
					    "--gpus and --hours"
					  : "");
	return lca__assume(m, "implied_mfu", u, NULL, "fraction of peak", text);
}

int lca_model_inference(lca_mctx *m)
{
	double params, reqs, tpr, flops;
	int rc;

	if (!lca__has(m, LCA_F_PARAMS) && !lca__has(m, LCA_F_ACTIVE_PARAMS))
		return lca_error_set(lca__err(m), LCA_EMISSING, "--params",
				     "missing input: inference from --requests "
				     "needs --params");
	if (!lca__has(m, LCA_F_TOKENS_PER_REQUEST))
		return lca_error_set(lca__err(m), LCA_EMISSING,
				     "--tokens-per-request",
				     "missing input: inference from --requests "
				     "needs --tokens-per-request");
	params = lca__has(m, LCA_F_ACTIVE_PARAMS)
		     ? lca__get(m, LCA_F_ACTIVE_PARAMS)
		     : lca__get(m, LCA_F_PARAMS);
	reqs = lca__get(m, LCA_F_REQUESTS);
	tpr = lca__get(m, LCA_F_TOKENS_PER_REQUEST);
	rc = lca__assume(m, "requests", reqs, NULL, "requests",
			 lca__origin(m, LCA_F_REQUESTS));
	if (!rc)
		rc = lca__assume(m, "tokens_per_request", tpr, NULL, "tokens",
				 lca__origin(m, LCA_F_TOKENS_PER_REQUEST));
	if (rc)
		return rc;
	/* A forward pass costs 2 FLOPs per active parameter per token
	 * (Kaplan et al. 2020). */
	flops = 2.0 * params * reqs * tpr;
	lca__param(m, LCA_P_FLOPS, flops, NULL);
	rc = lca__assume(m, "flops", flops, NULL, "FLOP",
			 "2 x active params x requests x tokens per request "
			 "(forward pass, Kaplan et al. 2020); no published "
			 "inference utilisation in datasets/, so the training "
			 "MFU is used: serving is often memory-bound and "
			 "slower, so this may underestimate");
	return rc ? rc : to_device_hours(m, flops);
}
