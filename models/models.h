/* SPDX-License-Identifier: MIT */
/* models.h: the estimation models behind the lifecycle computation (internal).
 */
#ifndef LCA_MODELS_H
#define LCA_MODELS_H

#include "lca/lca.h"

/*
 * What a model may read while it works: the phase's merged inputs, the
 * catalog, the resolved accelerator, and the footprint to add assumptions
 * to.  Defined in engine/compute.c.
 */
typedef struct lca_mctx lca_mctx;

int lca__has(const lca_mctx *m, int field);
double lca__get(const lca_mctx *m, int field);
const char *lca__gets(const lca_mctx *m, int field);
const char *lca__origin(const lca_mctx *m, int field); /* "user (--pue)" */
lca_catalog *lca__cat(const lca_mctx *m);
const lca_accel *lca__accel(const lca_mctx *m); /* NULL if none given */
lca_error *lca__err(const lca_mctx *m);
int lca__assume(lca_mctx *m, const char *name, double number, const char *text,
		const char *unit, const char *source);

/* Training compute: FLOPs -> device-hours at the accelerator's peak and an
 * MFU.  Writes flops and device_hours. */
int lca_model_training(lca_mctx *m, double *flops, double *device_hours);
/* Inference compute from requests x tokens per request. */
int lca_model_inference(lca_mctx *m, double *flops, double *device_hours);
/* Average accelerator draw in W. */
int lca_model_power(lca_mctx *m, double *watts);
/* Host draw per node in W and accelerators per node. */
int lca_model_host(lca_mctx *m, double *watts, double *devices_per_node);

/* An embodied-emissions model: kgCO2e for a phase's device- and node-hours. */
typedef struct lca_model {
	const char *name;
	const char *summary;
	int (*embodied)(lca_mctx *m, double device_hours, double node_hours,
			double *kgco2e);
} lca_model;

extern const lca_model lca_model_per_device;
extern const lca_model lca_model_die_area;
extern const lca_model *const lca_embodied_models[];
const lca_model *lca_embodied_model_find(const char *name);

#endif
