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
 * bf16 falls back to fp16, then tf32, then fp32 (and says so); fp8 has no
 * fallback, since its MFU is measured against the fp8 peak. */
static int peak_tflops(lca_mctx *m, double *peak, int *fp8)
{
	const lca_accel *a = lca__accel(m);
	const char *prec = lca__gets(m, LCA_F_PRECISION);
	const char *used = NULL;
	char text[160];

	if (!prec)
		prec = "bf16";
	*fp8 = !strcmp(prec, "fp8");
	if (*fp8 && !(a->fp8_tflops > 0))
		return lca_error_set_field(
		    lca__err(m), LCA_ERANGE, LCA_F_PRECISION, "precision",
		    "no fp8 peak FLOP/s known for '%s' "
		    "(give precision bf16, or gpu-hours)",
		    a->id);
	if (*fp8) {
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
		return lca_error_set_field(lca__err(m), LCA_EMISSING, LCA_F_GPU,
					   "gpu; give gpu-hours, or gpus with "
					   "hours",
					   "no peak FLOP/s known for '%s'",
					   a->id);
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

/* A row of the fitted MFU model the default cannot do without. */
static int mfu_row(lca_catalog *cat, const char *term, const char *key,
		   lca__mfu_model_row *out, lca_error *err)
{
	int rc = lca__mfu_row(cat, term, key, out, err);

	if (rc == LCA_ENOTFOUND)
		return lca_error_set(err, LCA_EDATA, "datasets/mfu_model.csv",
				     "no '%s' row in the fitted mfu model "
				     "(rerun datasets/tools/fit_mfu.py)",
				     term);
	return rc;
}

/*
 * The model datasets/tools/fit_mfu.py chose by leave-one-out over
 * published whole runs (datasets/mfu_model.csv): a median over all runs,
 * per accelerator family, or per dense/MoE; for fp8 the published fp8
 * runs against their fp8 peak.
 */
int lca__mfu_default_get(lca_catalog *cat, const char *family, int moe, int fp8,
			 lca__mfu_default *out, lca_error *err)
{
	lca__mfu_model_row model, row, sd;
	const char *key = "*";
	int rc;

	memset(out, 0, sizeof(*out));
	rc = mfu_row(cat, "model", NULL, &model, err);
	if (!rc)
		rc = mfu_row(cat, "log_sd", NULL, &sd, err);
	if (rc)
		return rc;
	if (fp8) {
		rc = lca__mfu_row(cat, "fp8", NULL, &row, err);
		if (rc == LCA_ENOTFOUND)
			return lca_error_set_field(
			    err, LCA_EDATA, LCA_F_PRECISION, "precision",
			    "no published fp8 run in the fitted mfu model "
			    "'%s' (give mfu, or precision bf16)",
			    "datasets/mfu_model.csv");
		if (rc)
			return rc;
		lca__fmt(out->source, sizeof(out->source),
			 "fp8 runs, not the bf16 fit: %s", row.source);
	} else {
		if (!strcmp(model.key, "family_median"))
			key = family ? family : "*";
		else if (!strcmp(model.key, "dense_moe"))
			key = moe ? "moe" : "dense";
		else if (strcmp(model.key, "pooled_median"))
			return lca_error_set(
			    err, LCA_EDATA, "datasets/mfu_model.csv",
			    "unknown mfu model '%s'", model.key);
		rc = lca__mfu_row(cat, "median", key, &row, err);
		if (rc == LCA_ENOTFOUND)
			rc = mfu_row(cat, "median", "*", &row, err);
		if (rc)
			return rc;
		lca__fmt(out->source, sizeof(out->source),
			 "%s model, chosen by leave-one-out over published "
			 "whole runs (datasets/mfu_model.csv): %s",
			 model.key, row.source);
	}
	if (!(row.value > 0 && row.value <= 1) || !(sd.value >= 0))
		return lca_error_set(err, LCA_EDATA, "datasets/mfu_model.csv",
				     "mfu or log_sd out of range for '%s'",
				     row.key);
	out->mfu = row.value;
	out->log_sd = sd.value;
	out->n = row.n;
	lca__fmt(out->model, sizeof(out->model), "%s", model.key);
	lca__fmt(out->spread, sizeof(out->spread), "%s", sd.source);
	return 0;
}

/* The catalog's default MFU (lca_catalog_mfu_spread, lca/lca.h) is the
 * fitted model's, for a dense bf16 job of the family. */
int lca_catalog_mfu_spread(lca_catalog *cat, const char *family, double *mfu,
			   double *lo, double *hi, double *log_mean,
			   double *log_sd, int *n, char *source,
			   size_t source_len, lca_error *err)
{
	lca__mfu_default def;
	int rc;

	rc = lca__mfu_default_get(cat, family, 0, 0, &def, err);
	if (rc)
		return rc;
	*mfu = def.mfu;
	*log_mean = log(def.mfu);
	*log_sd = def.log_sd;
	/* the 5-95% interval of the log-normal */
	*lo = exp(*log_mean - gsl_cdf_ugaussian_Pinv(0.95) * def.log_sd);
	*hi = exp(*log_mean + gsl_cdf_ugaussian_Pinv(0.95) * def.log_sd);
	*n = def.n;
	lca__fmt(source, source_len, "%s", def.source);
	return 0;
}

int lca_catalog_default_mfu(lca_catalog *cat, const char *family, double *mfu,
			    double *lo, double *hi, int *n, char *source,
			    size_t source_len, lca_error *err)
{
	double lm, ls;

	return lca_catalog_mfu_spread(cat, family, mfu, lo, hi, &lm, &ls, n,
				      source, source_len, err);
}

/* An MoE job: fewer active than total parameters. */
static int job_moe(lca_mctx *m)
{
	return lca__has(m, LCA_F_ACTIVE_PARAMS) && lca__has(m, LCA_F_PARAMS) &&
	       lca__get(m, LCA_F_ACTIVE_PARAMS) < lca__get(m, LCA_F_PARAMS);
}

/* The user's MFU, else the fitted default, whose spread is the chosen
 * model's leave-one-out log residuals: the interval is as wide as the
 * model's out-of-sample error. */
static int mfu(lca_mctx *m, int fp8)
{
	const lca_accel *a = lca__accel(m);
	lca__mfu_default def;
	lca_dist d;
	int rc;

	if (lca__has(m, LCA_F_MFU)) {
		double u = lca__param_from_field(m, LCA_P_MFU, LCA_F_MFU);
		return lca__assume(m, "mfu", u, NULL, "fraction of peak",
				   lca__origin(m, LCA_F_MFU));
	}
	rc = lca__mfu_default_get(lca__cat(m), a->family, job_moe(m), fp8, &def,
				  lca__err(m));
	if (rc)
		return rc;
	memset(&d, 0, sizeof(d));
	d.kind = LCA_D_LOGNORMAL;
	d.a = log(def.mfu);
	d.b = def.log_sd;
	d.lo = 0.05;
	d.hi = 1.0;
	lca__fmt(d.source, sizeof(d.source),
		 "log-normal, sigma %.3g: %s (datasets/mfu_model.csv)",
		 def.log_sd, def.spread);
	lca__param(m, LCA_P_MFU, def.mfu, &d);
	return lca__assume(m, "mfu", def.mfu, NULL, "fraction of peak",
			   def.source);
}

/* FLOPs -> device-hours, shared by training and inference: the plan gets
 * FLOPs, peak and MFU; lca__evaluate divides. */
static int to_device_hours(lca_mctx *m, double flops)
{
	double peak = 0;
	int rc, fp8 = 0;

	if (!lca__accel(m))
		return lca_error_set_field(lca__err(m), LCA_EMISSING, LCA_F_GPU,
					   "gpu",
					   "missing input: gpu is needed to "
					   "turn FLOPs into device-hours");
	rc = peak_tflops(m, &peak, &fp8);
	if (!rc)
		rc = mfu(m, fp8);
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
			return lca_error_set_field(
			    lca__err(m), LCA_ERANGE, LCA_F_ACTIVE_PARAMS,
			    "active-params",
			    "active parameters exceed total "
			    "parameters '%.6g'",
			    active);
		rc = lca__assume(m, "active_params", active, NULL, "parameters",
				 lca__origin(m, LCA_F_ACTIVE_PARAMS));
	} else {
		active = params;
		rc = lca__assume(m, "active_params", active, NULL, "parameters",
				 "dense model: all parameters active (no "
				 "active-params)");
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
				 "(Hoffmann et al. 2022); no tokens given");
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

static int training(lca_mctx *m)
{
	double flops = 0;
	int rc = training_flops(m, &flops);

	return rc ? rc : to_device_hours(m, flops);
}

/* Given device-hours and training FLOPs (params/tokens or flops) too: the
 * MFU they imply, flagged when outside the published range (the
 * device-hours stand). */
static int implied(lca_mctx *m, double device_hours)
{
	const lca_accel *a = lca__accel(m);
	double flops = 0, peak = 0, u, lo, hi, z = gsl_cdf_ugaussian_Pinv(0.95);
	lca__mfu_default def;
	char text[1800];
	lca_error e2;
	int rc, fp8 = 0;

	if (!a || !(device_hours > 0))
		return lca__assume(m, "implied_mfu", LCA_NAN, "not computed",
				   "",
				   a ? "no device-hours"
				     : "no gpu: no peak FLOP/s to compare "
				       "the FLOPs with");
	rc = training_flops(m, &flops);
	if (rc)
		return rc;
	/* informative only: a device without a peak still gets its
	 * estimate from the device-hours */
	rc = peak_tflops(m, &peak, &fp8);
	if (rc == LCA_EMISSING || rc == LCA_ERANGE)
		return lca__assume(
		    m, "implied_mfu", LCA_NAN, "not computed", "",
		    rc == LCA_ERANGE ? "no fp8 peak FLOP/s known for the device"
				     : "no peak FLOP/s known for the device");
	if (rc)
		return rc;
	u = flops / (device_hours * peak * 1e12 * 3600.0);
	/* the published range: the 5-95% interval of the fitted default,
	 * whose spread is its leave-one-out error over the published runs */
	rc = lca__mfu_default_get(lca__cat(m), a->family, job_moe(m), fp8, &def,
				  &e2);
	if (rc == LCA_EDB)
		return lca__optional(m, rc, &e2);
	lo = rc ? 0 : exp(log(def.mfu) - z * def.log_sd);
	hi = rc ? 0 : exp(log(def.mfu) + z * def.log_sd);
	if (rc)
		lca__fmt(text, sizeof(text),
			 "FLOPs / (device-hours x peak x 3600): the "
			 "duration given wins over the FLOPs of params/"
			 "tokens; no published runs to compare with");
	else
		lca__fmt(text, sizeof(text),
			 "FLOPs / (device-hours x peak x 3600): the duration "
			 "given wins over the FLOPs of params/tokens; %s "
			 "the published range %.3g to %.3g (5-95%% of the "
			 "default: %s)%s",
			 u < lo || u > hi ? "OUTSIDE" : "within", lo, hi,
			 def.source,
			 u < lo || u > hi ? "; check params, tokens, "
					    "gpus and hours"
					  : "");
	return lca__assume(m, "implied_mfu", u, NULL, "fraction of peak", text);
}

static int inference(lca_mctx *m)
{
	double params, reqs, tpr, flops;
	int rc;

	if (!lca__has(m, LCA_F_PARAMS) && !lca__has(m, LCA_F_ACTIVE_PARAMS))
		return lca_error_set_field(lca__err(m), LCA_EMISSING,
					   LCA_F_PARAMS, "params",
					   "missing input: inference from "
					   "requests needs params");
	if (!lca__has(m, LCA_F_TOKENS_PER_REQUEST))
		return lca_error_set_field(lca__err(m), LCA_EMISSING,
					   LCA_F_TOKENS_PER_REQUEST,
					   "tokens-per-request",
					   "missing input: inference from "
					   "requests needs tokens-per-request");
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

/* Conflicting inputs are never dropped silently: device-hours given with
 * training FLOPs (params, tokens, flops) stand, and the MFU the two
 * imply is printed, flagged outside the published range. */
static int implied_mfu(lca_mctx *m)
{
	if (lca__has(m, LCA_F_PARAMS) || lca__has(m, LCA_F_FLOPS))
		return implied(m, lca__plan(m)->v[LCA_P_DEVICE_HOURS]);
	if (lca__has(m, LCA_F_TOKENS))
		return lca__assume(m, "tokens", lca__get(m, LCA_F_TOKENS), NULL,
				   "tokens",
				   "not used: without params no FLOPs to "
				   "compare with the device-hours given");
	return 0;
}

static int is_training(const lca_mctx *m)
{
	const char *phase = lca__gets(m, LCA_F_PHASE);

	return !phase || !strcmp(phase, "training");
}

static int serves_requests(const lca_mctx *m)
{
	const char *phase = lca__gets(m, LCA_F_PHASE);

	return phase && !strcmp(phase, "inference") &&
	       lca__has(m, LCA_F_REQUESTS);
}

static int has_work(const lca_mctx *m)
{
	return lca__has(m, LCA_F_FLOPS) || lca__has(m, LCA_F_PARAMS);
}

const lca_model lca_model_inference = {
    "inference", LCA_STAGE_COMPUTE,
    "2 x active params x requests x tokens per request at the training MFU",
    serves_requests, inference};

const lca_model lca_model_training = {
    "training", LCA_STAGE_COMPUTE,
    "FLOPs (given, or 6 x active params x tokens) / (peak x MFU)", has_work,
    training};

const lca_model lca_model_implied_mfu = {
    "implied-mfu", LCA_STAGE_CHECK,
    "the MFU given device-hours and training FLOPs imply, against the "
    "published range",
    is_training, implied_mfu};
