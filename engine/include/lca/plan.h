/* SPDX-License-Identifier: MIT */
/* plan.h: where and when to run a job (lca plan), and what fits in a CO2e
 * budget. */
#ifndef LCA_PLAN_H
#define LCA_PLAN_H

#include "lca.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What to compare.  Times are seconds since 1970 UTC. */
typedef struct lca_plan_opts {
	const char *const *regions; /* candidate regions; NULL: none */
	int nregions;
	int all_regions;      /* every zone with a series of the signal */
	const char *baseline; /* NULL: the job's region, else regions[0] */
	const char *signal;   /* NULL: lifecycle, else the zone's best */
	double window_h;      /* flexible start within this many hours */
	int pause_resume;     /* run only in the cleanest hours */
	double max_stretch;   /* pause-resume: finish within this x D */
	long long from;	      /* first submission hour */
	long long to;	      /* period end (exclusive); 0: from alone */
	double max_gap_h;     /* interpolate series gaps up to this */
} lca_plan_opts;

/* Spread over every submission hour of the period. */
typedef struct lca_plan_stats {
	double mean, p05, p50, p95, min, max;
} lca_plan_stats;

enum lca_plan_strategy {
	LCA_PLAN_NOW,	   /* start at submission */
	LCA_PLAN_FLEXIBLE, /* best contiguous start within the window */
	LCA_PLAN_PAUSE,	   /* the cleanest hours before the deadline */
	LCA_PLAN__STRATEGIES
};

typedef struct lca_plan_option {
	char region[96]; /* catalog key */
	char name[128];
	char zone[64];	 /* the series' zone, or "" (yearly figure) */
	char signal[16]; /* lifecycle, direct, average, marginal, yearly */
	int strategy;	 /* enum lca_plan_strategy */
	int ranked;	 /* 1: on the plan's basis signal; 0: listed apart */
	int same_grid;	 /* 1: another region on the baseline's grid */
	int shift_years; /* series year shift used (0: its own hours) */
	double pue, energy_kwh; /* facility energy in this region */
	/* For the submission at opts->from: */
	long long start, end;
	double intensity;	   /* energy-weighted gCO2e/kWh */
	double operational_kgco2e; /* energy x intensity */
	double saving_pct;	   /* against the baseline, same submission */
	/* Over every submission hour of the period: */
	lca_plan_stats kg, saving;
	/* Hour by hour from opts->from over the horizon: intensity, and the
	 * fraction of each hour the job runs (0..1). */
	double *hourly, *run;
	int nhourly;
	char how[640]; /* where the intensities came from */
} lca_plan_option;

typedef struct lca_plan_result {
	lca_footprint fp;	  /* the job in the baseline region, with the
				     plan's assumptions */
	double duration_h;	  /* wall-clock hours of the job */
	long horizon_h;		  /* hours after submission any option uses */
	long long from, to;	  /* the submissions evaluated: [from, to] */
	long starts;		  /* how many (1: a single submission) */
	lca_plan_option baseline; /* run now in the baseline region */
	lca_plan_option *opt;	  /* ranked ones cleanest first, then
				     those listed apart, cleanest first */
	char basis[16];		  /* the signal options are ranked on */
	int napart;		  /* options on another signal */
	int nopt;
} lca_plan_result;

LCA_EXTERN const char *lca_plan_strategy_name(int strategy);

/*
 * Ranks the options for job: every region in opts (and the baseline
 * region) with every strategy asked for.  Duration and energy come from
 * lca_compute; hourly intensities from the catalog's series (nearest year
 * where they do not cover the period, a region's yearly figure where it has
 * no series; each option says which).  Release out with
 * lca_plan_release (also on error).
 */
LCA_EXTERN int lca_plan_run(lca_catalog *cat, const lca_job *job,
			    const lca_plan_opts *opts, lca_plan_result *out,
			    lca_error *err);
LCA_EXTERN void lca_plan_release(lca_plan_result *r);

/* Budget mode: how much training fits in a CO2e budget. */
typedef struct lca_budget_opts {
	double budget_kg;  /* kgCO2e */
	double deadline_h; /* wall-clock bound (needs gpus); 0: none */
	int operational;   /* 1: operational only; 0: lifecycle total */
} lca_budget_opts;

typedef struct lca_budget_result {
	lca_footprint fp; /* the job at the answer, with its assumptions */
	double tokens, params, flops, device_hours, wall_hours;
	double kgco2e;	     /* what counts against the budget */
	int compute_optimal; /* params chosen at 20 tokens per parameter */
	const char *binding; /* "budget" or "deadline" */
} lca_budget_result;

/*
 * The most tokens (and, without --params, the compute-optimal parameters)
 * whose footprint stays within the budget and the deadline.  Searches the
 * one formula (lca_compute) by bisection on tokens.
 */
LCA_EXTERN int lca_plan_budget(lca_catalog *cat, const lca_job *job,
			       const lca_budget_opts *opts,
			       lca_budget_result *out, lca_error *err);
LCA_EXTERN void lca_budget_release(lca_budget_result *r);

/* Renders a plan as "text" (with sparklines), "json", "csv" or "html"
 * (with an hour-by-hour chart), and a budget as "text" or "json". */
LCA_EXTERN int lca_plan_render(const lca_plan_result *r, const char *format,
			       lca_buf *out, lca_error *err);
LCA_EXTERN int lca_budget_render(const lca_budget_result *r, const char *format,
				 lca_buf *out, lca_error *err);

#ifdef __cplusplus
}
#endif
#endif
