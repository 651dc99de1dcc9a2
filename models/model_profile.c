/* SPDX-License-Identifier: MIT */
/* model_profile.c: extrapolates a short measured energy profile (steady
 * state after warm-up) to the whole job, with an interval. */
#include <math.h>

#include "../engine/lca_int.h"
#include "lca/ledger.h"
#include "../engine/banned.h"

/* Two-sided 90 % normal quantile. */
#define Z90 1.6448536269514722

int lca_profile_extrapolate(const lca_profile *p, lca_extrapolation *out,
			    lca_footprint *fp, lca_error *err)
{
	double f, rel, n;
	char text[256];
	int rc;

	if (!isnan(p->steps_measured) && !isnan(p->steps_total)) {
		if (!(p->steps_measured > 0) ||
		    p->steps_total < p->steps_measured)
			return lca_error_set(err, LCA_ERANGE, "steps_total",
					     "steps total must be at least "
					     "steps measured (> 0)%s",
					     "");
		f = p->steps_measured / p->steps_total;
	} else {
		f = p->fraction;
	}
	if (!(f > 0 && f <= 1))
		return lca_error_set(err, LCA_EMISSING, "steps_measured",
				     "missing input: give steps_measured "
				     "and steps_total, or measured_"
				     "fraction in (0, 1]%s",
				     "");
	if (!(p->energy_kwh >= 0) || !(p->seconds > 0))
		return lca_error_set(err, LCA_EDATA, "profile",
				     "the profile has no measured energy or "
				     "duration%s",
				     "");
	out->scale = 1.0 / f;
	out->energy_kwh = p->energy_kwh * out->scale;
	out->hours = p->seconds * out->scale / 3600.0;
	/*
	 * Steady state: the remaining steps draw what the measured ones did.
	 * The uncertainty of a total estimated from n of N intervals is the
	 * survey-sampling one with the finite population correction
	 * (Cochran 1977, Sampling Techniques, eq. 2.19): relative standard
	 * error cv x sqrt((1 - f) / n).  It widens as the profile gets
	 * shorter and is 0 when the whole run was measured.
	 */
	n = (double)p->intervals;
	if (!isnan(p->cv) && n >= 2) {
		rel = Z90 * p->cv * sqrt((1.0 - f) / n);
		out->lo_kwh = out->energy_kwh * (1.0 - rel);
		if (out->lo_kwh < p->energy_kwh)
			out->lo_kwh = p->energy_kwh;
		out->hi_kwh = out->energy_kwh * (1.0 + rel);
	} else {
		out->lo_kwh = out->hi_kwh = LCA_NAN;
	}
	rc = lca_footprint_assume(fp, "profile_energy", p->energy_kwh, NULL,
				  "kWh", "measured profile (after warm-up)");
	if (!rc)
		rc = lca_footprint_assume(fp, "profile_warmup_excluded",
					  p->warmup_s, NULL, "s",
					  "user (warmup); 0 keeps all");
	if (!rc)
		rc = lca_footprint_assume(fp, "profile_fraction", f, NULL,
					  "of the job measured",
					  "user (steps_measured / "
					  "steps_total or measured_"
					  "fraction)");
	if (!rc)
		rc = lca_footprint_assume(
		    fp, "profile_extrapolation", out->scale, NULL, "x",
		    "steady state after warm-up: every remaining step draws "
		    "the measured average energy per step");
	if (!rc && isnan(out->lo_kwh))
		rc = lca_footprint_assume(
		    fp, "energy_interval_90", LCA_NAN,
		    "not computed: the profile has fewer than 2 intervals",
		    "kWh", "");
	else if (!rc) {
		lca__fmt(text, sizeof(text), "%.6g to %.6g", out->lo_kwh,
			 out->hi_kwh);
		rc = lca_footprint_assume(
		    fp, "energy_interval_90", LCA_NAN, text, "kWh (IT energy)",
		    "90 % normal interval, cv of per-interval energy x "
		    "sqrt((1 - f) / n), Cochran 1977 eq. 2.19; ignores drift "
		    "and autocorrelation");
	}
	return rc ? lca_error_set(err, LCA_ENOMEM, "profile", "out of memory%s",
				  "")
		  : 0;
}
