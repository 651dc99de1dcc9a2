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
/* How a claim accounts electricity (GHG Protocol Scope 2 Guidance). */
enum lca_claim_method {
	LCA_METHOD_LOCATION, /* "location-based": the grid's average mix */
	LCA_METHOD_MARKET    /* "market-based": contracts, offsets, CFE */
};

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
	int method; /* enum lca_claim_method; location-based when not given */
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

/* One input the claim's arithmetic rests on but does not state, solved
 * for from its CO2e (or, for a claim that states it, the grid its total
 * implies), and the catalog's plausible range for it. */
typedef struct lca_audit_implied {
	char name[32];	  /* "grid", "pue", "power", "grid x pue" */
	char unit[32];	  /* "gCO2e/kWh", "ratio", "W" */
	double value;	  /* the value the claim implies */
	double low, high; /* the plausible range; NaN when none is known */
	int plausible;	  /* 1 when low <= value <= high, else 0 */
	char source[700]; /* where each end of the range comes from */
} lca_audit_implied;

#define LCA_AUDIT_IMPLIED_MAX 4

/* Draws of the Monte Carlo behind a range of CO2e (several inputs
 * missing), and its seed: the same claim gives the same range. */
#define LCA_AUDIT_SAMPLES 20000
#define LCA_AUDIT_SEED	  1
/* A Monte Carlo range wider than this (p95 / p05) does not make a claim
 * consistent: it stays insufficient. */
#define LCA_AUDIT_RANGE_MAX 3.0
/* Upper end of the plausible average draw per device, x TDP: Patterson et
 * al. 2021 measured 330 W on 300 W V100s for GPT-3 (patterson21-t4-gpt3 in
 * datasets/claims/published_claims.json). */
#define LCA_AUDIT_POWER_OVER_TDP 1.1

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
	/* What the claim implies where it leaves inputs out (nimplied may be
	 * 0), the Monte Carlo range of CO2e when several inputs are missing
	 * (NaN when none was run), and the verdict's reason in one line. */
	lca_audit_implied implied[LCA_AUDIT_IMPLIED_MAX];
	int nimplied;
	double range_p05_tco2e, range_p95_tco2e;
	int method; /* the claim's enum lca_claim_method */
	/* market-based claims: the same energy at the location's average
	 * grid (the claim's region, else the world average); NaN */
	double location_tco2e;
	char reason[600];
} lca_audit_result;

/*
 * Recomputes claim c through lca_compute() from only what it states
 * (host power 0, no embodied model, PUE 1 when none is stated), flags what
 * explains a gap, and re-estimates it with the catalog's defaults for what
 * it leaves out (PUE, host, embodied).  A claim that leaves out one factor
 * of device-hours x power x PUE x grid (or energy x grid) gets it implied
 * and judged against the catalog's plausible range (consistent when
 * inside); several left out, the Monte Carlo's 90% range of CO2e (or of
 * embodied, for an embodied-only claim); insufficient when the claim states
 * no CO2e, neither device-hours nor energy, or the range is wider than
 * LCA_AUDIT_RANGE_MAX.  out is initialised here; release it
 * with lca_audit_result_release().  Errors: a stated value out of the
 * engine's range (LCA_ERANGE, where names the claim and field).
 */
LCA_EXTERN int lca_audit_claim(lca_catalog *cat, const lca_claim *c,
			       lca_audit_result *out, lca_error *err);
LCA_EXTERN void lca_audit_result_release(lca_audit_result *r);

/* "location-based" or "market-based". */
LCA_EXTERN const char *lca_claim_method_name(int method);

/*
 * Renders audit results res[0..n) of claims[0..n) in format "text", "json"
 * or "md" (a Markdown table: claim, stated, recomputed or range, ratio,
 * verdict, reason), appending to out.  LCA_EUSAGE for another format,
 * LCA_ENOMEM.  The CLI, the Python package and the server all print this.
 */
LCA_EXTERN int lca_audit_render(lca_buf *out, const char *format,
				const lca_claim *claims,
				const lca_audit_result *res, int n,
				lca_error *err);
/* 1 when lca_audit_render knows the format name. */
LCA_EXTERN int lca_audit_format_known(const char *format);

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
