/* SPDX-License-Identifier: MIT */
/* model_embodied.c: embodied (manufacturing) emissions amortised over the job's
 * share of the hardware's life. */
#include <math.h>
#include <string.h>

#include "models.h"
#include "../engine/lca_int.h"
#include "../engine/banned.h"

#define HOURS_PER_YEAR 8760.0

/* A factor from the user or the catalog, recorded as an assumption. */
static int factor(lca_mctx *m, int field, const char *kind, const char *name,
		  const char *aname, const char *unit, double *out)
{
	lca_factor f;
	int rc;

	if (field >= 0 && lca__has(m, field)) {
		*out = lca__get(m, field);
		return lca__assume(m, aname, *out, NULL, unit,
				   lca__origin(m, field));
	}
	rc = lca_catalog_factor(lca__cat(m), kind, name, &f, lca__err(m));
	if (rc)
		return rc;
	*out = f.value;
	return lca__assume(m, aname, *out, NULL, unit, f.source);
}

static int server_kg(lca_mctx *m, double *kg)
{
	return factor(m, LCA_F_SERVER_EMBODIED_KG, "server", "default",
		      "server_embodied", "kgCO2e per server", kg);
}

/* A factor of a kind for an accelerator, by its id, else its family: 0,
 * 1 when the catalog has neither, or LCA_EDB (in the context's error). */
static int accel_factor(lca_mctx *m, const char *kind, const lca_accel *a,
			lca_factor *f)
{
	lca_error e2;
	int rc;

	rc = lca__optional(
	    m, lca_catalog_factor(lca__cat(m), kind, a->id, f, &e2), &e2);
	if (rc == 1)
		rc = lca__optional(
		    m, lca_catalog_factor(lca__cat(m), kind, a->family, f, &e2),
		    &e2);
	return rc;
}

/* Die-area model of one accelerator (LLMCarbon, Faiz et al. 2024):
 * die area x carbon per area of its process node + memory x per-GB. */
static int die_area_device(lca_mctx *m, double *kg, char *why, size_t n)
{
	const lca_accel *a = lca__accel(m);
	lca_factor f, mem;
	double area, node = 0, gb;
	int rc;

	if (!a)
		return lca_error_set(lca__err(m), LCA_EMISSING, "--gpu",
				     "missing input: embodied emissions need "
				     "--gpu (or --embodied-model none)");
	rc = accel_factor(m, "die", a, &f);
	if (rc < 0)
		return rc;
	if (rc == 0) {
		area = f.value;
		rc = lca__assume(m, "die_area", area, NULL, "cm2", f.source);
	} else if (!isnan(a->die_mm2)) {
		area = a->die_mm2 / 100.0;
		rc = lca__assume(m, "die_area", area, NULL, "cm2", a->source);
	} else {
		return lca_error_set(lca__err(m), LCA_EDATA, "--gpu",
				     "no die area known for '%s' (give "
				     "--device-embodied-kg or use "
				     "--embodied-model per-device)",
				     a->id);
	}
	if (rc)
		return rc;
	if (isnan(a->process_nm))
		return lca_error_set(lca__err(m), LCA_EDATA, "--gpu",
				     "no process node known for '%s' (give "
				     "--device-embodied-kg)",
				     a->id);
	rc = lca_catalog_factor_nearest(lca__cat(m), "cpa", a->process_nm, &f,
					&node, lca__err(m));
	if (rc)
		return rc;
	lca__fmt(why, n, "%g nm node (nearest with a factor to %g nm); %s",
		 node, a->process_nm, f.source);
	rc =
	    lca__assume(m, "carbon_per_area", f.value, NULL, "kgCO2e/cm2", why);
	if (rc)
		return rc;
	gb = isnan(a->memory_gb) ? 0 : a->memory_gb;
	rc = lca_catalog_factor(lca__cat(m), "memory", "dram", &mem,
				lca__err(m));
	if (rc)
		return rc;
	rc = lca__assume(m, "memory_embodied_factor", mem.value, NULL,
			 "kgCO2e/GB", mem.source);
	if (rc)
		return rc;
	*kg = area * f.value + gb * mem.value;
	lca__fmt(why, n,
		 "die-area model: %.4g cm2 x %.3g kg/cm2 + %g GB x %.3g kg/GB",
		 area, f.value, gb, mem.value);
	return 0;
}

/* Lifetime and utilisation into the plan; lca__evaluate amortises. */
static int amortise(lca_mctx *m, const char *model, double dev_kg,
		    double srv_kg)
{
	double life, util;
	lca_factor f;
	lca_error e2;
	lca_dist d;
	int rc;

	if (lca__has(m, LCA_F_DEVICE_EMBODIED_KG))
		lca__param_from_field(m, LCA_P_DEVICE_KG,
				      LCA_F_DEVICE_EMBODIED_KG);
	else
		lca__param(m, LCA_P_DEVICE_KG, dev_kg, NULL);
	if (lca__has(m, LCA_F_SERVER_EMBODIED_KG))
		lca__param_from_field(m, LCA_P_SERVER_KG,
				      LCA_F_SERVER_EMBODIED_KG);
	else
		lca__param(m, LCA_P_SERVER_KG, srv_kg, NULL);
	if (lca__has(m, LCA_F_LIFETIME)) {
		life =
		    lca__param_from_field(m, LCA_P_LIFETIME_Y, LCA_F_LIFETIME);
		rc = lca__assume(m, "lifetime", life, NULL, "years",
				 lca__origin(m, LCA_F_LIFETIME));
	} else {
		rc = factor(m, -1, "lifetime", model, "lifetime", "years",
			    &life);
		lca__param(m, LCA_P_LIFETIME_Y, life, NULL);
		if (!rc) {
			rc = lca__dist_lookup(lca__cat(m), "lifetime", life, &d,
					      lca__err(m));
			if (rc == 0)
				lca__plan(m)->d[LCA_P_LIFETIME_Y] = d;
			if (rc != LCA_EDB)
				rc = 0;
		}
	}
	if (rc)
		return rc;
	if (!lca__has(m, LCA_F_UTILIZATION)) {
		rc =
		    lca__optional(m,
				  lca_catalog_factor(lca__cat(m), "utilization",
						     model, &f, &e2),
				  &e2);
		if (rc < 0)
			return rc;
	}
	if (lca__has(m, LCA_F_UTILIZATION)) {
		util = lca__param_from_field(m, LCA_P_UTILIZATION,
					     LCA_F_UTILIZATION);
		rc = lca__assume(m, "utilization", util, NULL, "fraction",
				 lca__origin(m, LCA_F_UTILIZATION));
	} else if (rc == 0) {
		util = f.value;
		rc = lca__assume(m, "utilization", util, NULL, "fraction",
				 f.source);
	} else {
		util = 1.0;
		rc = lca__assume(m, "utilization", util, NULL, "fraction",
				 "1.0: this model amortises over calendar "
				 "lifetime only (LLMCarbon, Faiz et al. 2024)");
	}
	if (!lca__has(m, LCA_F_UTILIZATION))
		lca__param(m, LCA_P_UTILIZATION, util, NULL);
	return rc;
}

static int per_device(lca_mctx *m)
{
	const lca_accel *a = lca__accel(m);
	lca_factor f;
	double dev = 0, srv = 0;
	char why[400];
	int rc = 1;

	if (!lca__has(m, LCA_F_DEVICE_EMBODIED_KG) && a) {
		rc = accel_factor(m, "device", a, &f);
		if (rc < 0)
			return rc;
	}
	if (lca__has(m, LCA_F_DEVICE_EMBODIED_KG)) {
		dev = lca__get(m, LCA_F_DEVICE_EMBODIED_KG);
		rc = lca__assume(m, "device_embodied", dev, NULL,
				 "kgCO2e per device",
				 lca__origin(m, LCA_F_DEVICE_EMBODIED_KG));
	} else if (rc == 0) {
		dev = f.value;
		rc = lca__assume(m, "device_embodied", dev, NULL,
				 "kgCO2e per device", f.source);
	} else {
		/* No published per-device figure: fall back to the die-area
		 * model for the device itself, and say so. */
		rc = die_area_device(m, &dev, why, sizeof(why));
		if (!rc)
			rc = lca__assume(m, "device_embodied", dev, NULL,
					 "kgCO2e per device",
					 "no per-device figure in "
					 "datasets/embodied.csv for this "
					 "accelerator; estimated with the "
					 "die-area model");
	}
	if (!rc)
		rc = server_kg(m, &srv);
	if (rc)
		return rc;
	return amortise(m, "per-device", dev, srv);
}

static int die_area(lca_mctx *m)
{
	double dev = 0, srv = 0;
	char why[400];
	int rc;

	if (lca__has(m, LCA_F_DEVICE_EMBODIED_KG)) {
		dev = lca__get(m, LCA_F_DEVICE_EMBODIED_KG);
		rc = lca__assume(m, "device_embodied", dev, NULL,
				 "kgCO2e per device",
				 lca__origin(m, LCA_F_DEVICE_EMBODIED_KG));
	} else {
		rc = die_area_device(m, &dev, why, sizeof(why));
		if (!rc)
			rc = lca__assume(m, "device_embodied", dev, NULL,
					 "kgCO2e per device", why);
	}
	if (!rc)
		rc = server_kg(m, &srv);
	if (rc)
		return rc;
	return amortise(m, "die-area", dev, srv);
}

const lca_model lca_model_per_device = {
    "per-device",
    "published manufacturing figure per accelerator and per server, "
    "amortised over lifetime x utilisation (Luccioni et al. 2023)",
    per_device,
};

const lca_model lca_model_die_area = {
    "die-area",
    "accelerator die area x carbon per area of its process node + memory "
    "(LLMCarbon, Faiz et al. 2024), plus the per-server figure",
    die_area,
};

static const lca_model model_none = {"none", "embodied emissions not counted",
				     NULL};

const lca_model *const lca_embodied_models[] = {
    &lca_model_per_device, &lca_model_die_area, &model_none, NULL};

const lca_model *lca_embodied_model_find(const char *name)
{
	int i;

	for (i = 0; lca_embodied_models[i]; i++)
		if (!strcmp(lca_embodied_models[i]->name, name))
			return lca_embodied_models[i];
	return NULL;
}
