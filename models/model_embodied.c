/* SPDX-License-Identifier: MIT */
/* model_embodied.c: embodied (manufacturing) emissions amortised over the job's
 * share of the hardware's life. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "models.h"
#include "lca/series.h"
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

/* Die area of an accelerator in cm2: LLMCarbon's figure for its id or
 * family (datasets/embodied.csv), else the catalog row's die_mm2.  0 when
 * known (src names where from), 1 when unknown, or LCA_EDB. */
static int die_cm2(lca_mctx *m, const lca_accel *a, double *cm2, char *src,
		   size_t n)
{
	lca_factor f;
	int rc = accel_factor(m, "die", a, &f);

	if (rc < 0)
		return rc;
	if (rc == 0) {
		*cm2 = f.value;
		lca__strlcpy(src, f.source, n);
		return 0;
	}
	if (isnan(a->die_mm2))
		return 1;
	*cm2 = a->die_mm2 / 100.0;
	lca__strlcpy(src, a->source, n);
	return 0;
}

/*
 * LLMCarbon's die-area model (Faiz et al. 2024): area x carbon per area of
 * the process node nearest to node_nm + memory x DRAM per GB.  Records the
 * factors it used; who names the device the figures belong to.
 */
static int die_model(lca_mctx *m, const char *who, double area,
		     const char *area_src, double node_nm, double gb,
		     double *kg, double *cpa, double *per_gb)
{
	lca_factor f, mem;
	double node = 0;
	char why[700];
	int rc;

	rc = lca__assume(m, "die_area", area, NULL, "cm2", area_src);
	if (!rc)
		rc = lca_catalog_factor_nearest(lca__cat(m), "cpa", node_nm, &f,
						&node, lca__err(m));
	if (rc)
		return rc;
	lca__fmt(why, sizeof(why),
		 "%s: %g nm node (nearest with a factor to %g nm); %s", who,
		 node, node_nm, f.source);
	rc =
	    lca__assume(m, "carbon_per_area", f.value, NULL, "kgCO2e/cm2", why);
	if (!rc)
		rc = lca_catalog_factor(lca__cat(m), "memory", "dram", &mem,
					lca__err(m));
	if (!rc)
		rc = lca__assume(m, "memory_embodied_factor", mem.value, NULL,
				 "kgCO2e/GB", mem.source);
	if (rc)
		return rc;
	*kg = area * f.value + (isnan(gb) ? 0 : gb) * mem.value;
	*cpa = f.value;
	*per_gb = mem.value;
	return 0;
}

/* How far candidate c is from a, for the class fallback: a smaller key is
 * nearer.  Same vendor first; then the release dates' distance in days
 * (the nearest generation), else memory, else TDP, else peak (log ratio);
 * a candidate that shares none of these comes last. */
static void class_key(const lca_accel *a, const lca_accel *c, double key[3])
{
	long long ta, tc;

	key[0] = (a->vendor[0] && !strcmp(a->vendor, c->vendor)) ? 0 : 1;
	if (a->release[0] && c->release[0] &&
	    !lca_time_parse(a->release, &ta) &&
	    !lca_time_parse(c->release, &tc)) {
		key[1] = 0;
		key[2] = fabs((double)(ta - tc)) / 86400.0;
	} else if (a->memory_gb > 0 && c->memory_gb > 0) {
		key[1] = 1;
		key[2] = fabs(log(a->memory_gb / c->memory_gb));
	} else if (a->tdp_w > 0 && c->tdp_w > 0) {
		key[1] = 2;
		key[2] = fabs(log(a->tdp_w / c->tdp_w));
	} else if (a->bf16_tflops > 0 && c->bf16_tflops > 0) {
		key[1] = 3;
		key[2] = fabs(log(a->bf16_tflops / c->bf16_tflops));
	} else {
		key[1] = 4;
		key[2] = 0;
	}
}

static const char *const class_how[] = {
    "nearest release date", "nearest memory size", "nearest TDP",
    "nearest peak FLOP/s", "no shared figure to compare"};

/*
 * The last step of the chain, for a device whose own die-area model cannot
 * be computed: the accelerator nearest to it (class_key) among those with
 * a die area and a process node.  With its own die area (no node) the
 * device takes the reference's node; without one it takes the reference's
 * die-area figure scaled by its memory over the reference's.
 */
static int class_figure(lca_mctx *m, const lca_accel *a, double area,
			const char *area_src, double *kg, char *why, size_t n)
{
	lca_accel *v = NULL;
	double best[3] = {2, 5, 0}, key[3], ref_area = 0, c_area, cpa, per_gb;
	char src[512], ref_src[512] = "", who[160];
	int nv = 0, i, pick = -1, rc;

	rc = lca__catalog_accels(lca__cat(m), &v, &nv, lca__err(m));
	for (i = 0; !rc && i < nv; i++) {
		if (!strcmp(v[i].id, a->id) || isnan(v[i].process_nm))
			continue;
		rc = die_cm2(m, &v[i], &c_area, src, sizeof(src));
		if (rc) {
			rc = rc < 0 ? rc : 0;
			continue;
		}
		class_key(a, &v[i], key);
		if (pick < 0 || key[0] < best[0] ||
		    (key[0] == best[0] &&
		     (key[1] < best[1] ||
		      (key[1] == best[1] && key[2] < best[2])))) {
			memcpy(best, key, sizeof(best));
			pick = i;
			ref_area = c_area;
			lca__strlcpy(ref_src, src, sizeof(ref_src));
		}
	}
	if (!rc && pick < 0)
		rc = lca_error_set_field(
		    lca__err(m), LCA_EDATA, LCA_F_GPU, "gpu",
		    "no accelerator in the catalog has a die "
		    "area and a process node to stand in for "
		    "'%s'",
		    a->id);
	if (rc)
		goto done;
	lca__fmt(who, sizeof(who), "%s (%s%s, %s)", v[pick].id,
		 best[0] == 0 ? "same vendor, " : "any vendor, ",
		 class_how[(int)best[1]],
		 v[pick].release[0] ? v[pick].release : "release unknown");
	if (!isnan(area)) {
		rc = die_model(m, who, area, area_src, v[pick].process_nm,
			       a->memory_gb, kg, &cpa, &per_gb);
		lca__fmt(why, n,
			 "fallback: die-area model with the process node of "
			 "%s; no node known for '%s'",
			 who, a->id);
	} else {
		double ref_kg, scale = 1;
		char area_why[700];
		lca__fmt(area_why, sizeof(area_why), "die area of %s: %s", who,
			 ref_src);
		rc = die_model(m, who, ref_area, area_why, v[pick].process_nm,
			       v[pick].memory_gb, &ref_kg, &cpa, &per_gb);
		if (a->memory_gb > 0 && v[pick].memory_gb > 0)
			scale = a->memory_gb / v[pick].memory_gb;
		*kg = ref_kg * scale;
		if (scale != 1 || (a->memory_gb > 0 && v[pick].memory_gb > 0))
			lca__fmt(why, n,
				 "fallback: class figure: die-area model of "
				 "%s = %.4g kg, scaled by memory %g / %g GB; "
				 "no die area known for '%s'",
				 who, ref_kg, a->memory_gb, v[pick].memory_gb,
				 a->id);
		else
			lca__fmt(why, n,
				 "fallback: class figure: die-area model of "
				 "%s = %.4g kg, not scaled (no memory size "
				 "for both); no die area known for '%s'",
				 who, ref_kg, a->id);
	}
done:
	free(v);
	return rc;
}

/*
 * The embodied kg of one accelerator, along one documented chain
 * (datasets/README.md, "Embodied fallback"): (1) a published per-device
 * figure (only when published is 1: the per-device model), (2) the
 * die-area model of the device itself, (3) a class figure (class_figure).
 * Steps 2 and 3 after step 1, and step 3 always, are fallbacks and say so
 * in the assumption embodied_fallback.
 */
static int device_kg(lca_mctx *m, int published, double *kg)
{
	const lca_accel *a = lca__accel(m);
	lca_factor f;
	double area = LCA_NAN, cpa, per_gb, gb;
	char why[1200], src[512];
	const char *step;
	int rc;

	if (!a)
		return lca_error_set_field(lca__err(m), LCA_EMISSING, LCA_F_GPU,
					   "gpu",
					   "missing input: embodied emissions "
					   "need gpu (or embodied-model none)");
	if (published) {
		rc = accel_factor(m, "device", a, &f);
		if (rc <= 0) {
			if (!rc) {
				*kg = f.value;
				rc =
				    lca__assume(m, "device_embodied", *kg, NULL,
						"kgCO2e per device", f.source);
			}
			return rc;
		}
	}
	rc = die_cm2(m, a, &area, src, sizeof(src));
	if (rc < 0)
		return rc;
	if (rc == 0 && !isnan(a->process_nm)) {
		rc = die_model(m, a->id, area, src, a->process_nm, a->memory_gb,
			       kg, &cpa, &per_gb);
		gb = isnan(a->memory_gb) ? 0 : a->memory_gb;
		lca__fmt(why, sizeof(why),
			 "die-area model: %.4g cm2 x %.3g kg/cm2 + %g GB x "
			 "%.3g kg/GB",
			 area, cpa, gb, per_gb);
		step =
		    published ? "die-area model (no per-device figure)" : NULL;
	} else {
		rc = class_figure(m, a, rc == 0 ? area : LCA_NAN, src, kg, why,
				  sizeof(why));
		step = rc == 0 && !isnan(area)
			   ? "die-area model with a stand-in process node"
			   : "class figure";
	}
	if (!rc && step)
		rc = lca__assume(
		    m, "embodied_fallback", LCA_NAN, step, "",
		    "fallback chain: published per-device figure > die-area "
		    "model > class figure (the same vendor's nearest "
		    "generation with a die area and node, scaled by memory); "
		    "datasets/README.md 'Embodied fallback'");
	if (!rc)
		rc = lca__assume(m, "device_embodied", *kg, NULL,
				 "kgCO2e per device", why);
	return rc;
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

/* The user's device-embodied-kg, else the chain (device_kg). */
static int embodied_device(lca_mctx *m, int published, double *dev)
{
	if (lca__has(m, LCA_F_DEVICE_EMBODIED_KG)) {
		*dev = lca__get(m, LCA_F_DEVICE_EMBODIED_KG);
		return lca__assume(m, "device_embodied", *dev, NULL,
				   "kgCO2e per device",
				   lca__origin(m, LCA_F_DEVICE_EMBODIED_KG));
	}
	return device_kg(m, published, dev);
}

static int per_device(lca_mctx *m)
{
	double dev = 0, srv = 0;
	int rc = embodied_device(m, 1, &dev);

	if (!rc)
		rc = server_kg(m, &srv);
	if (rc)
		return rc;
	return amortise(m, "per-device", dev, srv);
}

static int die_area(lca_mctx *m)
{
	double dev = 0, srv = 0;
	int rc = embodied_device(m, 0, &dev);

	if (!rc)
		rc = server_kg(m, &srv);
	if (rc)
		return rc;
	return amortise(m, "die-area", dev, srv);
}

const lca_model lca_model_per_device = {
    "per-device", LCA_STAGE_EMBODIED,
    "published manufacturing figure per accelerator and per server, "
    "amortised over lifetime x utilisation (Luccioni et al. 2023)",
    NULL, per_device};

const lca_model lca_model_die_area = {
    "die-area", LCA_STAGE_EMBODIED,
    "accelerator die area x carbon per area of its process node + memory "
    "(LLMCarbon, Faiz et al. 2024), plus the per-server figure",
    NULL, die_area};

const lca_model lca_model_embodied_none = {
    "none", LCA_STAGE_EMBODIED, "embodied emissions not counted", NULL, NULL};
