/* SPDX-License-Identifier: MIT */
/* audit.h: published footprint claims, and their recomputation by lca_compute.
 */
#ifndef LCA_AUDIT_H
#define LCA_AUDIT_H

#include "lca.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * A published claim, with the fields of datasets/claims/published_claims.json
 * (see its PROVENANCE.md).  Numbers the source does not state are NaN.
 * Units as in the file: energy in MWh (facility energy, after PUE, as
 * Patterson et al. 2021 and Strubell et al. 2019 state it), CO2e in tonnes,
 * power in W per device, grid in gCO2e/kWh.  region is an lca extension: a
 * catalog region name for the place the claim names ("" when none).
 */
typedef struct lca_claim {
	char id[128];
	char model[256];
	char source[512];
	char accelerator[128];
	char region[96];
	double params_total, params_active, tokens;
	double n_accelerators, days, accelerator_hours, avg_power_w;
	double pue, grid_gco2_per_kwh, energy_mwh;
	double operational_tco2e, embodied_tco2e, total_tco2e;
} lca_claim;

/* The most claims one file may hold. */
#define LCA_CLAIMS_MAX 10000

/*
 * Parses claims from JSON text: an array of claim objects, one claim
 * object, or {"claims": [...]}.  Unknown fields, wrong types, negative or
 * non-finite numbers and a PUE below 1 are errors (LCA_EDATA) naming
 * "<name>: claims[i].field".  *out (malloc'd, freed by the caller with
 * free()) gets *n claims.
 */
LCA_EXTERN int lca_claims_parse_json(lca_claim **out, int *n, const char *text,
				     size_t len, const char *name,
				     lca_error *err);
LCA_EXTERN int lca_claims_load_file(lca_claim **out, int *n, const char *path,
				    lca_error *err);

/*
 * Tolerance for the "consistent" verdict: |claimed / recomputed - 1| <= 5%.
 * Published figures are rounded to 2-3 significant digits (0.0032 t, 25 t,
 * 552.1 t) and so are their stated inputs (PUE 1.1 stands for 1.05-1.15,
 * 14.8 days, 330 W): the rounding of two or three such factors alone moves
 * a product by up to about 5%.
 */
#define LCA_AUDIT_TOLERANCE 0.05
/* A stated grid figure more than 50% away from the catalog's value for the
 * claim's region is flagged (grid_far_from_catalog). */
#define LCA_AUDIT_GRID_FAR 0.5

#define LCA_AUDIT_FLAG_MAP(X)                                   \
	X(PUE_OMITTED, "pue_omitted")                           \
	X(EMBODIED_OMITTED, "embodied_omitted")                 \
	X(IDLE_OMITTED, "idle_omitted")                         \
	X(ENERGY_GRID_MISMATCH, "energy_grid_mismatch")         \
	X(GRID_FAR_FROM_CATALOG, "grid_far_from_catalog")       \
	X(POWER_ABOVE_TDP, "power_above_tdp")                   \
	X(DEVICE_HOURS_MISMATCH, "device_hours_mismatch")       \
	X(ENERGY_HARDWARE_MISMATCH, "energy_hardware_mismatch") \
	X(TOTALS_DISAGREE, "totals_disagree")

enum lca_audit_flag {
#define LCA__FLAG_ENUM(id, name) LCA_AF_##id,
	LCA_AUDIT_FLAG_MAP(LCA__FLAG_ENUM)
#undef LCA__FLAG_ENUM
	    LCA_AF__COUNT
};

/* The flag's JSON name ("pue_omitted"), NULL when out of range. */
LCA_EXTERN const char *lca_audit_flag_name(int flag);

enum lca_verdict {
	LCA_VERDICT_CONSISTENT,
	LCA_VERDICT_INCONSISTENT,
	LCA_VERDICT_INSUFFICIENT
};

/* "consistent", "inconsistent", "insufficient". */
LCA_EXTERN const char *lca_verdict_name(int verdict);

typedef struct lca_audit_result {
	char id[128];
	double claimed_tco2e;	 /* total if stated, else operational; NaN */
	double recomputed_tco2e; /* from the stated inputs only; NaN */
	double ratio;		 /* claimed / recomputed; NaN */
	int verdict;
	unsigned flags;		      /* bit (1u << LCA_AF_x) */
	char why[LCA_AF__COUNT][320]; /* explanation for each flag set */
	char basis[320];	      /* how it was recomputed, or why not */
	double lifecycle_tco2e;	      /* with catalog defaults for what is left
					 out; NaN when it cannot be computed */
	char lifecycle_note[320];
	/* The footprints behind both figures (assumptions included); nphases
	 * is 0 when not computed.  Released by lca_audit_result_release. */
	lca_footprint stated;
	lca_footprint lifecycle;
} lca_audit_result;

/*
 * Recomputes claim c through lca_compute() from only what it states
 * (host power 0, no embodied model, PUE 1 when none is stated), flags what
 * explains a gap, and re-estimates it with the catalog's defaults for what
 * it leaves out (PUE, host, embodied).  out is initialised here; release it
 * with lca_audit_result_release().  Errors: a stated value out of the
 * engine's range (LCA_ERANGE, where names the claim and field).
 */
LCA_EXTERN int lca_audit_claim(lca_catalog *cat, const lca_claim *c,
			       lca_audit_result *out, lca_error *err);
LCA_EXTERN void lca_audit_result_release(lca_audit_result *r);

/*
 * The claim as a job for lca_compute: stated inputs only (lifecycle 0) or
 * with catalog defaults for what it leaves out (lifecycle 1; cat, if not
 * NULL, decides whether the claim's accelerator name is known).  job is
 * initialised here; release it with lca_job_release().  LCA_EMISSING when
 * the claim states too little (err says what).
 */
LCA_EXTERN int lca_audit_job(lca_job *job, lca_catalog *cat, const lca_claim *c,
			     int lifecycle, lca_error *err);

#ifdef __cplusplus
}
#endif
#endif
