/* SPDX-License-Identifier: MIT */
/* report.h: BLOOM-style lifecycle reports around one footprint or several. */
#ifndef LCA_REPORT_H
#define LCA_REPORT_H

#include "lca.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The same job computed with another region's grid (lca_compute rerun). */
typedef struct lca_report_region {
	char key[96];
	char name[128];
	double grid_gco2_per_kwh;
	double total_kgco2e;
	char source[512];
} lca_report_region;

/* An everyday equivalent (datasets/equivalents.csv): kgCO2e per unit. */
typedef struct lca_equivalent {
	char id[48];
	char name[160]; /* "miles driven by a typical passenger vehicle" */
	char unit[32];
	double kgco2e_per_unit;
	char source[512];
} lca_equivalent;

/*
 * What a report shows.  Only fp is required (runs: nruns > 0 instead); every
 * other part is shown when present.  Nothing here is owned by the report.
 */
typedef struct lca_report {
	const char *title;
	const lca_footprint *fp;
	const lca_report_region *regions; /* sorted as given */
	int nregions;
	const lca_equivalent *equiv;
	int nequiv;
	/* Optional hourly grid intensity over the run (gCO2e/kWh, one value
	 * per hour from hourly_start, seconds since 1970 UTC): HTML charts it,
	 * text and md draw a sparkline, json lists it.  hourly_source (may
	 * be NULL) says which series and year it comes from. */
	const double *hourly;
	int nhourly;
	long long hourly_start;
	const char *hourly_source;
	/* Reproducibility appendix. */
	const char *command_line;
	const char *catalog_version;
	const char *datasets_dir;
	const char *inputs; /* the job's inputs as JSON text, or NULL */
	/* --compare: several footprints side by side, with labels. */
	const lca_footprint *const *runs;
	const char *const *labels;
	int nruns;
} lca_report;

/*
 * Renders r as format: "text", "md", "json", "csv" or "html".  Appends to
 * out (caller-owned).  LCA_EUSAGE for an unknown format.
 */
LCA_EXTERN int lca_report_render(const lca_report *r, const char *format,
				 lca_buf *out, lca_error *err);

/*
 * Loads datasets/equivalents.csv (columns id,name,unit,kgco2e_per_unit,
 * source).  *out is malloc'd (free()).  Rows without a source are errors.
 */
LCA_EXTERN int lca_equivalents_load(lca_equivalent **out, int *n,
				    const char *path, lca_error *err);

/*
 * Reruns lca_compute for job with each region in keys (the job's grid
 * figure cleared, the region forced) into out[0..*n) sorted by total
 * CO2e.  *out is malloc'd (free()).  A region the catalog lacks is an
 * error (LCA_ENOTFOUND, naming it with a suggestion, "--regions"); LCA_EDB
 * when the catalog could not be read.
 */
LCA_EXTERN int lca_report_regions(lca_catalog *cat, const lca_job *job,
				  const char *const *keys, int nkeys,
				  lca_report_region **out, int *n,
				  lca_error *err);

/*
 * The hourly grid intensity behind a footprint computed with a start
 * (--start or a job file's start): for the first phase with a start, a
 * region whose grid zone has an hourly series, no --grid and a known
 * wall-clock time, one value per hour of that time (gCO2e/kWh), from the
 * series the estimate used and with its nearest-year fallback
 * (lca_series_window_hourly), so their mean is the phase's grid intensity.
 * *out is malloc'd (free()), *n its length and *start the first hour; none
 * (*out NULL, *n 0, returns 0) when no phase qualifies or no year of the
 * series covers the window.  source (may be NULL) gets which series and
 * year.  Errors: LCA_EDB (catalog unreadable), LCA_ENOMEM.
 */
LCA_EXTERN int lca_report_hourly(lca_catalog *cat, const lca_job *job,
				 const lca_footprint *fp, double **out, int *n,
				 long long *start, char *source,
				 size_t source_len, lca_error *err);

#ifdef __cplusplus
}
#endif
#endif
