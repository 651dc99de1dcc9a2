/* SPDX-License-Identifier: MIT */
/* models.h: the estimation models behind the lifecycle computation (internal).
 */
#ifndef LCA_MODELS_H
#define LCA_MODELS_H

#include <stdint.h>

#include "lca/lca.h"

/*
 * The numbers one phase's footprint is computed from.  The models fill
 * them (and say where each came from); lca__evaluate turns them into a
 * result.  The Monte Carlo samples them and evaluates again: one formula.
 */
enum lca_param {
	LCA_P_DEVICE_HOURS, /* given device-hours (dh_mode 0) */
	LCA_P_FLOPS,
	LCA_P_PEAK_TFLOPS,
	LCA_P_MFU,
	LCA_P_ENERGY_KWH, /* measured IT energy */
	LCA_P_POWER_W,	  /* per accelerator */
	LCA_P_HOST_W,	  /* per node */
	LCA_P_DEVICES_PER_NODE,
	LCA_P_IDLE_KWH,
	LCA_P_IDLE_FRACTION,
	LCA_P_PUE,
	LCA_P_GRID,
	LCA_P_DEVICE_KG,
	LCA_P_SERVER_KG,
	LCA_P_LIFETIME_Y,
	LCA_P_UTILIZATION,
	LCA_P_MARKET_GRID, /* market-based intensity (market_grid set) */
	LCA_P_CFE,	   /* carbon-free energy fraction */
	LCA_P__COUNT
};

enum lca_dist_kind {
	LCA_D_FIXED,
	LCA_D_UNIFORM,	  /* a .. b */
	LCA_D_TRIANGULAR, /* a .. b, mode c */
	LCA_D_LOGNORMAL,  /* log-mean a, log-sd b, clipped to [lo, hi] */
	LCA_D_NORMAL	  /* mean a, sd b, clipped to [lo, hi] */
};

typedef struct lca_dist {
	int kind;
	double a, b, c, lo, hi;
	char source[400];
} lca_dist;

enum { LCA_DH_GIVEN, LCA_DH_FLOPS, LCA_DH_NONE };
enum { LCA_IDLE_NONE, LCA_IDLE_KWH, LCA_IDLE_FRACTION };

typedef struct lca_phase_plan {
	int dh_mode;
	int measured; /* energy from LCA_P_ENERGY_KWH, not power */
	int idle_mode;
	int embodied;	 /* 0: not counted */
	int market_grid; /* 1: LCA_P_MARKET_GRID given, else the location's */
	double v[LCA_P__COUNT];
	lca_dist d[LCA_P__COUNT];
	char name[48]; /* assumption prefix, "" for one phase */
} lca_phase_plan;

/* Sized for the phases it was allocated for (cap, at most
 * LCA_MAX_PHASES): a whole 132 KB block per estimate made glibc's free
 * consolidate its fast bins every time (a fifth of an in-process
 * estimate). */
struct lca__plan {
	int nphases, cap;
	lca_phase_plan phase[];
};

/* The lifecycle formula (engine/formula.c): plan values -> energies and
 * CO2e of one phase.  Fills the numeric fields of r (not its names). */
void lca__evaluate(const lca_phase_plan *p, const double *v,
		   lca_phase_result *r);

/*
 * What a model may read while it works: the phase's merged inputs, the
 * catalog, the resolved accelerator, and the footprint to add assumptions
 * to.  engine/compute.c fills one per phase and runs the models; the
 * models read it only through the accessors below (models/model_ctx.c).
 */
typedef struct lca_mctx {
	lca_catalog *cat;
	const lca_job *job;
	const lca_inputs *phase; /* &job->phase[i], or an empty phase */
	lca_footprint *fp;
	lca_phase_result *res;
	lca_accel accel;
	int has_accel;
	lca_phase_plan *plan;
	char prefix[48]; /* "name." before each assumption of a phase */
	lca_error *err;
} lca_mctx;

/* Where field's value comes from (flag, then phase, then job file:
 * lca_job_input), or NULL when nobody gave it. */
const lca_inputs *lca__source(const lca_mctx *m, int field);
int lca__has(const lca_mctx *m, int field);
double lca__get(const lca_mctx *m, int field);
const char *lca__gets(const lca_mctx *m, int field);
const char *lca__origin(const lca_mctx *m, int field); /* "user (pue)" */
lca_catalog *lca__cat(const lca_mctx *m);
const lca_accel *lca__accel(const lca_mctx *m); /* NULL if none given */
lca_error *lca__err(const lca_mctx *m);
int lca__assume(lca_mctx *m, const char *name, double number, const char *text,
		const char *unit, const char *source);
lca_phase_plan *lca__plan(lca_mctx *m);
/*
 * For a lookup the caller can do without: 0 when it found the row, 1 when
 * the row is absent (fall back), or LCA_EDB copied from e2 into the
 * context's error (return it): a catalog that could not be read (busy,
 * locked) does not mean the row is absent.
 */
int lca__optional(lca_mctx *m, int rc, const lca_error *e2);
/*
 * The where of an error about field's value, for a catalog lookup: the
 * field's key ("gpu") when the user gave it as an option, "job file: gpu"
 * when the job file did.  After a lookup about field failed (rc),
 * lca__blame gives an error whose where starts with the field's key the
 * field id, so a client names it its own way (the CLI as --gpu).
 * Returns rc.
 */
const char *lca__where(const lca_mctx *m, int field);
int lca__blame(lca_mctx *m, int field, int rc);

/*
 * Sets a plan value from an input field: the user's number is exact, a
 * range "lo:hi" becomes a uniform distribution.  Returns the value.
 */
double lca__param_from_field(lca_mctx *m, int param, int field);
/* Sets a plan value with a distribution (NULL: fixed). */
void lca__param(lca_mctx *m, int param, double v, const lca_dist *d);

/*
 * The model registry (models/registry.c): one row a model.  The
 * computation (engine/compute.c) runs the stages in order; in each it
 * runs the first row of the stage whose applies() is true (NULL: always),
 * or, for the embodied stage, the row the job names (embodied-model).
 * Adding a model is a row.
 */
enum lca_model_stage {
	LCA_STAGE_COMPUTE,  /* FLOPs, peak and MFU: device-hours from work */
	LCA_STAGE_CHECK,    /* device-hours given: what they imply */
	LCA_STAGE_POWER,    /* average accelerator draw (W) */
	LCA_STAGE_HOST,	    /* host draw per node and devices per node */
	LCA_STAGE_EMBODIED, /* device and server kg, lifetime, use */
	LCA_STAGE__COUNT
};

typedef struct lca_model {
	const char *name;
	int stage;
	const char *summary;
	int (*applies)(const lca_mctx *m); /* NULL: always */
	int (*run)(lca_mctx *m);	   /* NULL: counts nothing */
} lca_model;

/* Every model, NULL-terminated, in the order a stage tries them. */
extern const lca_model *const lca_models[];
/* The first model of stage that applies to m, or NULL. */
const lca_model *lca_model_pick(const lca_mctx *m, int stage);
/* The model of stage named name, or NULL. */
const lca_model *lca_model_find(int stage, const char *name);

/* models/model_training.c: training and inference compute, and the MFU
 * that given device-hours imply. */
extern const lca_model lca_model_inference;
extern const lca_model lca_model_training;
extern const lca_model lca_model_implied_mfu;
/* models/model_power.c: accelerator and host draw. */
extern const lca_model lca_model_power;
extern const lca_model lca_model_host;
/* models/model_embodied.c */
extern const lca_model lca_model_per_device;
extern const lca_model lca_model_die_area;
extern const lca_model lca_model_embodied_none;

/* Spreads for defaults (datasets/distributions.csv), by name; 0,
 * LCA_ENOTFOUND (no row), LCA_EDATA (an unknown kind) or LCA_EDB (the
 * catalog could not be read; only this one fills err).  Defined in
 * engine/uncertainty.c. */
int lca__dist_lookup(lca_catalog *cat, const char *name, double nominal,
		     lca_dist *out, lca_error *err);
/* The largest relative error of the tabulated quantile of d (the Monte
 * Carlo's, engine/uncertainty.c) over a million points, for tests. */
double lca__dist_table_error(const lca_dist *d);
/* The Monte Carlo's generator (GSL's mt19937, inline): its word after
 * skip others from seed, for tests. */
uint32_t lca__mt_test(unsigned long seed, long skip);
/* Sorts v[0, n) ascending (no NaN), using tmp (n values) as scratch. */
void lca__sort_doubles(double *v, size_t n, double *tmp);
/* The value of d at probability u in (0, 1) (its inverse CDF, clipped to
 * [lo, hi]), the same one the Monte Carlo draws with. */
double lca__dist_quantile(const lca_dist *d, double u);

#endif
