/* SPDX-License-Identifier: MIT */
/* compute.c: the lifecycle pipeline: per phase, the accelerator, the models
 * of each stage (models/registry.c), the site, market-based figures and
 * embodied emissions, then the formula (formula.c) and the totals. */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "lca_int.h"
#include "catalog_store.h"
#include "lca/series.h"
#include "../models/models.h"
#include "banned.h"

static int resolve_accel(lca_mctx *m)
{
	const char *name = lca__gets(m, LCA_F_GPU);
	lca_resolution how;
	char text[256];
	int rc;

	if (!name)
		return 0;
	rc = lca_catalog_accel(m->cat, name, lca__where(m, LCA_F_GPU),
			       &m->accel, &how, m->err);
	if (rc)
		return lca__blame(m, LCA_F_GPU, rc);
	m->has_accel = 1;
	if (how.via_family)
		lca__fmt(text, sizeof(text),
			 "%s (%s; catalog default for '%s')", m->accel.id,
			 m->accel.name, name);
	else
		lca__fmt(text, sizeof(text), "%s (%s)", m->accel.id,
			 m->accel.name);
	rc = lca__assume(m, "accelerator", LCA_NAN, text, "", m->accel.source);
	if (!rc && !isnan(m->accel.tdp_w))
		rc = lca__assume(m, "accelerator_tdp", m->accel.tdp_w, NULL,
				 "W", m->accel.source);
	return rc;
}

/* A missing input: the error names field (its key, and the field id). */
static int need(lca_mctx *m, int field, const char *why)
{
	return lca_error_set_field(m->err, LCA_EMISSING, field,
				   lca_field_info_get(field)->key,
				   "missing input: %s", why);
}

static double hours_input(lca_mctx *m)
{
	if (lca__has(m, LCA_F_HOURS))
		return lca__get(m, LCA_F_HOURS);
	if (lca__has(m, LCA_F_DAYS))
		return lca__get(m, LCA_F_DAYS) * 24.0;
	return LCA_NAN;
}

/* Runs the first model of stage that applies to the phase (models.h);
 * 1 when none does. */
static int run_stage(lca_mctx *m, int stage)
{
	const lca_model *model = lca_model_pick(m, stage);

	if (!model)
		return 1;
	return model->run ? model->run(m) : 0;
}

/* Device-hours given: what they imply (a check stage model may flag a
 * conflict; none that applies is fine). */
static int check_device_hours(lca_mctx *m)
{
	int rc = run_stage(m, LCA_STAGE_CHECK);

	return rc > 0 ? 0 : rc;
}

/* Device-hours: given, devices x hours, from a compute model, or none. */
static int device_hours(lca_mctx *m)
{
	lca_phase_plan *p = m->plan;
	lca_phase_result *r = m->res;
	double hours = hours_input(m);
	int rc;

	r->wall_hours = hours;
	r->devices =
	    lca__has(m, LCA_F_GPUS) ? lca__get(m, LCA_F_GPUS) : LCA_NAN;
	if (lca__has(m, LCA_F_GPU_HOURS)) {
		double dh = lca__param_from_field(m, LCA_P_DEVICE_HOURS,
						  LCA_F_GPU_HOURS);
		p->dh_mode = LCA_DH_GIVEN;
		rc = lca__assume(m, "device_hours", dh, NULL, "device-h",
				 lca__origin(m, LCA_F_GPU_HOURS));
		return rc ? rc : check_device_hours(m);
	}
	if (!isnan(r->devices) && !isnan(hours)) {
		p->dh_mode = LCA_DH_GIVEN;
		lca__param(m, LCA_P_DEVICE_HOURS, r->devices * hours, NULL);
		rc = lca__assume(m, "device_hours", r->devices * hours, NULL,
				 "device-h",
				 "devices x wall-clock hours (user)");
		return rc ? rc : check_device_hours(m);
	}
	if (lca__has(m, LCA_F_ENERGY_KWH)) {
		p->dh_mode = LCA_DH_NONE; /* measured energy alone */
		return 0;
	}
	p->dh_mode = LCA_DH_FLOPS;
	rc = run_stage(m, LCA_STAGE_COMPUTE);
	if (rc <= 0)
		return rc;
	return need(m, LCA_F_PARAMS,
		    "give params (with gpu), flops, gpu-hours, gpus with "
		    "hours or days, or energy-kwh");
}

/* A default from the catalog with its spread from distributions.csv (none
 * when the catalog has no row for it).  0 or LCA_EDB. */
static int spread(lca_mctx *m, int param, const char *name, double nominal)
{
	lca_dist d;
	int rc = lca__dist_lookup(m->cat, name, nominal, &d, m->err);

	if (rc == 0)
		m->plan->d[param] = d;
	return rc == LCA_EDB ? rc : 0;
}

/* The grid zone a region sits in (lca_int.h): its zone column, a zone
 * key, or a country's code. */
const char *lca__region_zone(const lca_region *reg)
{
	if (reg->zone[0])
		return reg->zone;
	if (!strncmp(reg->key, "zone:", 5))
		return reg->key + 5;
	if (!strcmp(reg->kind, "country"))
		return reg->country;
	return NULL;
}

/*
 * Time-aware grid intensity (start): the energy of each hour times that
 * hour's intensity.  The energy profile is the job's hour_weights (a
 * measured run's), else flat over the job's wall-clock hours, so the
 * series' mean over the window; the series, else the nearest year's same
 * hours, else the yearly figure, and it says which.
 */
static int hourly_grid(lca_mctx *m, const lca_region *reg, double *grid)
{
	const char *zone = lca__region_zone(reg);
	const char *signal = lca__gets(m, LCA_F_SIGNAL);
	const double *w = m->job->hour_weights;
	double hours = m->res->wall_hours, gap = 3;
	lca_series_info si;
	lca_error e2;
	long long t0;
	char how[400], src[1100], text[200];
	int rc;

	if (w)
		hours = (double)m->job->nhour_weights;
	if (isnan(hours))
		return need(m, LCA_F_START,
			    "an hourly footprint needs the job's wall-clock "
			    "time (give gpus or hours)");
	if (lca__has(m, LCA_F_MAX_GAP))
		gap = lca__get(m, LCA_F_MAX_GAP);
	lca_time_parse(lca__gets(m, LCA_F_START), &t0);
	lca_time_format(t0, text, sizeof(text));
	rc = lca__assume(m, "start", LCA_NAN, text, "UTC",
			 lca__origin(m, LCA_F_START));
	if (rc)
		return rc;
	if (w) /* weights start at the UTC hour holding start */
		t0 -= ((t0 % 3600) + 3600) % 3600;
	rc = zone ? lca_series_find(m->cat, zone, signal, &si, &e2)
		  : LCA_ENOTFOUND;
	if (!rc)
		rc = lca_series_window_weighted(m->cat, &si, t0, hours, w, gap,
						grid, how, sizeof(how), &e2);
	if (lca__optional(m, rc, &e2) < 0)
		return rc;
	if (rc) {
		*grid = reg->gco2_per_kwh;
		lca__param(m, LCA_P_GRID, *grid, NULL);
		rc = spread(m, LCA_P_GRID, "grid_region", *grid);
		if (rc)
			return rc;
		lca__fmt(src, sizeof(src),
			 "yearly figure: no hourly %s%sseries covers %s for "
			 "this window (lca grid list); %s (%d)",
			 signal ? signal : "", signal ? " " : "",
			 zone ? zone : reg->key, reg->source, reg->year);
		return lca__assume(m, "grid_intensity", *grid, NULL,
				   "gCO2e/kWh", src);
	}
	lca__param(m, LCA_P_GRID, *grid, NULL);
	lca__fmt(src, sizeof(src), "%s (%s signal); %s", how, si.kind,
		 si.source);
	return lca__assume(m, "grid_intensity", *grid, NULL, "gCO2e/kWh", src);
}

/*
 * Scope 2 market-based (GHG Protocol Scope 2 Guidance, 2015): the same
 * facility energy at the supplier's or PPA mix intensity (market-grid),
 * else at the location's, on the share not covered by carbon-free energy
 * (cfe, as Google reports CFE%).  Without either the location-based
 * intensity is the market-based one: the last step of the guidance's
 * emission-factor hierarchy (grid average) when no contract is known.
 */
static int market_based(lca_mctx *m)
{
	lca_phase_plan *p = m->plan;
	int rc = 0;

	p->market_grid = lca__has(m, LCA_F_MARKET_GRID);
	if (p->market_grid) {
		double g = lca__param_from_field(m, LCA_P_MARKET_GRID,
						 LCA_F_MARKET_GRID);
		rc = lca__assume(m, "market_grid", g, NULL, "gCO2e/kWh",
				 lca__origin(m, LCA_F_MARKET_GRID));
	}
	if (!rc && lca__has(m, LCA_F_CFE)) {
		double f = lca__param_from_field(m, LCA_P_CFE, LCA_F_CFE);
		rc = lca__assume(m, "cfe", f, NULL, "fraction",
				 lca__origin(m, LCA_F_CFE));
	} else {
		lca__param(m, LCA_P_CFE, 0, NULL);
	}
	if (rc)
		return rc;
	return lca__assume(
	    m, "market_based_method", LCA_NAN,
	    p->market_grid	     ? "market-grid x (1 - cfe)"
	    : lca__has(m, LCA_F_CFE) ? "location-based intensity x (1 - cfe)"
				     : "location-based intensity",
	    "",
	    p->market_grid || lca__has(m, LCA_F_CFE)
		? "GHG Protocol Scope 2 market-based: market-grid applies "
		  "to the share not covered by carbon-free energy (cfe)"
		: "no market-grid or cfe: no contractual instrument, so "
		  "the grid average (GHG Protocol Scope 2 Guidance 2015, "
		  "emission factor hierarchy, last step)");
}

static int site(lca_mctx *m)
{
	lca_region reg;
	lca_pue p;
	const char *rname = lca__gets(m, LCA_F_REGION);
	char text[256];
	double grid, pue;
	int have_region = 0, rc;

	if (rname) {
		rc = lca_catalog_region(
		    m->cat, rname, lca__where(m, LCA_F_REGION), &reg, m->err);
		if (rc)
			return lca__blame(m, LCA_F_REGION, rc);
		have_region = 1;
		lca__strlcpy(m->res->region, reg.key, sizeof(m->res->region));
		lca__fmt(text, sizeof(text), "%s (%s)", reg.key, reg.name);
		rc = lca__assume(m, "region", LCA_NAN, text, "", reg.source);
		if (rc)
			return rc;
	}
	/* A start needs a region's series: say when it is not used. */
	if (lca__has(m, LCA_F_START) &&
	    (lca__has(m, LCA_F_GRID) || !have_region)) {
		rc = lca__assume(m, "start", LCA_NAN, "not applied", "",
				 lca__has(m, LCA_F_GRID)
				     ? "grid fixes the intensity"
				     : "no region: no hourly series to use");
		if (rc)
			return rc;
	}
	/* Grid intensity. */
	if (lca__has(m, LCA_F_GRID)) {
		grid = lca__param_from_field(m, LCA_P_GRID, LCA_F_GRID);
		rc = lca__assume(m, "grid_intensity", grid, NULL, "gCO2e/kWh",
				 lca__origin(m, LCA_F_GRID));
	} else if (have_region && lca__has(m, LCA_F_START)) {
		rc = hourly_grid(m, &reg, &grid);
		if (rc)
			return rc;
	} else if (have_region) {
		char src[700];
		grid = reg.gco2_per_kwh;
		lca__param(m, LCA_P_GRID, grid, NULL);
		lca__fmt(src, sizeof(src), "%s (%s%s%d, %s)", reg.source,
			 reg.method[0] ? reg.method : "",
			 reg.method[0] ? ", " : "", reg.year, reg.key);
		rc = spread(m, LCA_P_GRID, "grid_region", grid);
		if (!rc)
			rc = lca__assume(m, "grid_intensity", grid, NULL,
					 "gCO2e/kWh", src);
	} else {
		lca_error e2;
		rc = lca__optional(
		    m,
		    lca_catalog_region(m->cat, "world", "default", &reg, &e2),
		    &e2);
		if (rc < 0)
			return rc;
		if (rc)
			return need(m, LCA_F_REGION,
				    "give region or grid (gCO2e/kWh)");
		grid = reg.gco2_per_kwh;
		lca__param(m, LCA_P_GRID, grid, NULL);
		lca__fmt(text, sizeof(text),
			 "no region or grid: world average (%d); %s", reg.year,
			 reg.source);
		rc = spread(m, LCA_P_GRID, "grid_region", grid);
		if (!rc)
			rc = lca__assume(m, "grid_intensity", grid, NULL,
					 "gCO2e/kWh", text);
	}
	if (rc)
		return rc;
	/* PUE: the user's, the region's, the provider's, else the industry's.
	 */
	if (lca__has(m, LCA_F_PUE)) {
		pue = lca__param_from_field(m, LCA_P_PUE, LCA_F_PUE);
		return lca__assume(m, "pue", pue, NULL, "ratio",
				   lca__origin(m, LCA_F_PUE));
	}
	if (have_region && !isnan(reg.pue)) {
		lca__fmt(text, sizeof(text), "region %s: %s", reg.key,
			 reg.source);
		lca__param(m, LCA_P_PUE, reg.pue, NULL);
		rc = spread(m, LCA_P_PUE, "pue_provider", reg.pue);
		return rc ? rc
			  : lca__assume(m, "pue", reg.pue, NULL, "ratio", text);
	}
	rc = 1;
	if (have_region && reg.provider[0]) {
		lca_error e2;
		rc = lca__optional(
		    m, lca_catalog_pue(m->cat, reg.provider, &p, &e2), &e2);
		if (rc < 0)
			return rc;
	}
	if (rc == 0) {
		lca__fmt(text, sizeof(text),
			 "provider %s fleet average (%d): %s", reg.provider,
			 p.year, p.source);
		lca__param(m, LCA_P_PUE, p.pue, NULL);
		rc = spread(m, LCA_P_PUE, "pue_provider", p.pue);
		return rc ? rc
			  : lca__assume(m, "pue", p.pue, NULL, "ratio", text);
	}
	rc = lca_catalog_pue(m->cat, "industry", &p, m->err);
	if (rc)
		return rc;
	lca__fmt(text, sizeof(text),
		 "industry average (%d), no pue and no provider figure: %s",
		 p.year, p.source);
	lca__param(m, LCA_P_PUE, p.pue, NULL);
	rc = spread(m, LCA_P_PUE, "pue_industry", p.pue);
	return rc ? rc : lca__assume(m, "pue", p.pue, NULL, "ratio", text);
}

static int idle_energy(lca_mctx *m)
{
	if (lca__has(m, LCA_F_IDLE_KWH)) {
		double v =
		    lca__param_from_field(m, LCA_P_IDLE_KWH, LCA_F_IDLE_KWH);
		m->plan->idle_mode = LCA_IDLE_KWH;
		return lca__assume(m, "idle_energy", v, NULL, "kWh",
				   lca__origin(m, LCA_F_IDLE_KWH));
	}
	if (lca__has(m, LCA_F_IDLE_FRACTION)) {
		double f = lca__param_from_field(m, LCA_P_IDLE_FRACTION,
						 LCA_F_IDLE_FRACTION);
		m->plan->idle_mode = LCA_IDLE_FRACTION;
		return lca__assume(m, "idle_fraction", f, NULL,
				   "of dynamic + host energy",
				   lca__origin(m, LCA_F_IDLE_FRACTION));
	}
	m->plan->idle_mode = LCA_IDLE_NONE;
	return lca__assume(m, "idle_energy", 0, NULL, "kWh",
			   "not counted: no idle-kwh or idle-fraction "
			   "(the BLOOM study measured idle at 0.59 x dynamic "
			   "energy on Jean Zay, Luccioni et al. 2023)");
}

static int embodied(lca_mctx *m)
{
	const char *name = lca__gets(m, LCA_F_EMBODIED_MODEL);
	const lca_model *model;
	char text[300];
	int rc;

	m->plan->embodied = 0;
	if (!name)
		name = "per-device";
	model = lca_model_find(LCA_STAGE_EMBODIED, name);
	if (!model)
		return lca_error_set_field(
		    m->err, LCA_EUSAGE, LCA_F_EMBODIED_MODEL, "embodied-model",
		    "unknown embodied model '%s'", name);
	if (!model->run)
		return lca__assume(m, "embodied_model", LCA_NAN, "none", "",
				   lca__origin(m, LCA_F_EMBODIED_MODEL));
	if (m->plan->dh_mode == LCA_DH_NONE)
		return lca__assume(m, "embodied", 0, NULL, "kgCO2e",
				   "not computed: measured energy without "
				   "device-hours (give gpus and hours or "
				   "gpu-hours)");
	lca__fmt(text, sizeof(text), "%s: %s", model->name, model->summary);
	rc = lca__assume(m, "embodied_model", LCA_NAN, text, "",
			 lca__has(m, LCA_F_EMBODIED_MODEL)
			     ? lca__origin(m, LCA_F_EMBODIED_MODEL)
			     : "lca default");
	if (rc)
		return rc;
	m->plan->embodied = 1;
	return model->run(m);
}

/*
 * Units typed wrong: a grid in kgCO2e/kWh (0.4 for 400 g) or a power in kW
 * (0.7 for 700 W).  A value below the lowest figure of its kind in the
 * catalog (grids of every region; TDPs of every accelerator) whose
 * thousandfold falls inside the catalog's span is refused with the value
 * meant.
 */
static int plausible(lca_mctx *m)
{
	static const struct {
		int field;
		const char *span, *unit, *big;
	} units[] = {{LCA_F_GRID, "grid", "gCO2e/kWh", "kgCO2e/kWh"},
		     {LCA_F_POWER, "tdp", "W", "kW"}};
	size_t i;

	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		const lca_inputs *in = lca__source(m, units[i].field);
		double v, lo, hi;
		char where[240];
		int rc;
		if (!in)
			continue;
		v = in->lo[units[i].field]; /* a range's low end */
		if (!(v > 0))
			continue;
		rc = lca__catalog_span(m->cat, units[i].span, &lo, &hi, m->err);
		if (rc)
			return rc;
		if (!(v < lo && v * 1000 >= lo && v * 1000 <= hi))
			continue;
		lca__fmt(where, sizeof(where),
			 "%s; did you mean %.6g %s (%.6g %s)? the catalog's "
			 "figures span %.6g to %.6g %s",
			 lca__where(m, units[i].field), v * 1000, units[i].unit,
			 v, units[i].big, lo, hi, units[i].unit);
		return lca_error_set_field(
		    m->err, LCA_ERANGE,
		    lca_job_is_flags(m->job, in) ? units[i].field : -1, where,
		    "implausible %s '%.6g' %s",
		    lca_field_info_get(units[i].field)->key, v, units[i].unit);
	}
	return 0;
}

static int compute_phase(lca_mctx *m, lca_phase_result *r)
{
	const char *phase = lca__gets(m, LCA_F_PHASE);
	lca_phase_plan *p = m->plan;
	int rc;

	if (!phase)
		phase = "training";
	lca__strlcpy(r->phase, phase, sizeof(r->phase));
	lca__strlcpy(r->name,
		     lca__gets(m, LCA_F_NAME) ? lca__gets(m, LCA_F_NAME)
					      : phase,
		     sizeof(r->name));
	/* neutral values for parameters a path leaves unused */
	p->v[LCA_P_DEVICES_PER_NODE] = 8;
	p->v[LCA_P_PUE] = 1;
	p->v[LCA_P_LIFETIME_Y] = 1;
	p->v[LCA_P_UTILIZATION] = 1;
	rc = plausible(m);
	if (!rc)
		rc = resolve_accel(m);
	if (!rc)
		rc = device_hours(m);
	if (rc)
		return rc;
	if (m->has_accel)
		lca__strlcpy(r->accel, m->accel.id, sizeof(r->accel));

	if (lca__has(m, LCA_F_ENERGY_KWH)) {
		double e = lca__param_from_field(m, LCA_P_ENERGY_KWH,
						 LCA_F_ENERGY_KWH);
		p->measured = 1;
		lca__strlcpy(r->dynamic_label, "dynamic (measured)",
			     sizeof(r->dynamic_label));
		rc = lca__assume(m, "measured_it_energy", e, NULL, "kWh",
				 lca__origin(m, LCA_F_ENERGY_KWH));
	} else {
		rc = run_stage(m, LCA_STAGE_POWER);
	}
	if (rc)
		return rc;
	/* Host draw: with measured energy only where the user names it. */
	if (!p->measured || lca__has(m, LCA_F_HOST_POWER)) {
		rc = run_stage(m, LCA_STAGE_HOST);
	} else if (lca__has(m, LCA_F_DEVICES_PER_NODE)) {
		lca__param_from_field(m, LCA_P_DEVICES_PER_NODE,
				      LCA_F_DEVICES_PER_NODE);
	} else if (m->has_accel) {
		lca_node node;
		lca_error e2;
		rc = lca__optional(
		    m, lca_catalog_node(m->cat, m->accel.family, &node, &e2),
		    &e2);
		if (rc == 0)
			lca__param(m, LCA_P_DEVICES_PER_NODE,
				   node.devices_per_node, NULL);
		if (rc > 0)
			rc = 0;
	}
	if (!rc)
		rc = idle_energy(m);
	if (!rc) {
		/* device-hours and wall time before the site: an hourly grid
		 * needs the job's window */
		lca__evaluate(p, p->v, r);
		if (!isnan(r->device_hours) && isnan(r->wall_hours) &&
		    !isnan(r->devices))
			r->wall_hours = r->device_hours / r->devices;
		rc = site(m);
	}
	if (!rc)
		rc = market_based(m);
	if (!rc)
		rc = embodied(m);
	if (rc)
		return rc;
	lca__evaluate(p, p->v, r);
	if (!isnan(r->device_hours)) {
		if (!isnan(r->devices) && isnan(r->wall_hours))
			r->wall_hours = r->device_hours / r->devices;
		else if (isnan(r->devices) && !isnan(r->wall_hours))
			r->devices = r->device_hours / r->wall_hours;
	}
	return 0;
}

static void add_totals(lca_phase_result *t, const lca_phase_result *r,
		       int first)
{
	int c;

	if (first) {
		*t = *r;
		lca__strlcpy(t->phase, "total", sizeof(t->phase));
		lca__strlcpy(t->name, "total", sizeof(t->name));
		return;
	}
	t->device_hours += r->device_hours;
	t->wall_hours = LCA_NAN;
	t->devices = LCA_NAN;
	t->flops = (isnan(t->flops) || isnan(r->flops)) ? LCA_NAN
							: t->flops + r->flops;
	t->it_energy_kwh += r->it_energy_kwh;
	t->energy_kwh += r->energy_kwh;
	for (c = 0; c < LCA_C__COUNT; c++) {
		t->energy_kwh_c[c] += r->energy_kwh_c[c];
		t->kgco2e_c[c] += r->kgco2e_c[c];
	}
	t->operational_kgco2e += r->operational_kgco2e;
	t->market_based_kgco2e += r->market_based_kgco2e;
	t->embodied_kgco2e += r->embodied_kgco2e;
	t->total_kgco2e += r->total_kgco2e;
	if (t->pue != r->pue)
		t->pue = LCA_NAN;
	if (t->grid_gco2_per_kwh != r->grid_gco2_per_kwh)
		t->grid_gco2_per_kwh = LCA_NAN;
	if (strcmp(t->accel, r->accel))
		lca__strlcpy(t->accel, "mixed", sizeof(t->accel));
	if (strcmp(t->region, r->region))
		lca__strlcpy(t->region, "mixed", sizeof(t->region));
	if (strcmp(t->dynamic_label, r->dynamic_label))
		t->dynamic_label[0] = '\0';
}

int lca_compute_totals(lca_catalog *cat, const lca_job *job, lca_footprint *fp,
		       lca_error *err)
{
	static const lca_inputs empty;
	int n = job->nphases ? job->nphases : 1;
	int i, rc = 0;

	/* 8 KB a phase: only the job's phases, not zeroed as a whole (that
	 * was a fifth of an in-process estimate), each phase zeroed as it
	 * starts */
	if (fp->plan && fp->plan->cap < n) {
		free(fp->plan);
		fp->plan = NULL;
	}
	if (!fp->plan) {
		fp->plan = malloc(offsetof(struct lca__plan, phase) +
				  sizeof(lca_phase_plan) * (size_t)n);
		if (!fp->plan)
			return lca_error_set(err, LCA_ENOMEM, "compute",
					     "out of memory");
		fp->plan->cap = n;
	}
	fp->plan->nphases = 0;
	lca__memo_hold(cat, 1);
	for (i = 0; i < n; i++) {
		lca_mctx m;
		memset(&m, 0, sizeof(m));
		memset(&fp->plan->phase[i], 0, sizeof(fp->plan->phase[i]));
		m.cat = cat;
		m.job = job;
		m.phase = job->nphases ? &job->phase[i] : &empty;
		m.fp = fp;
		m.res = &fp->phase[i];
		m.plan = &fp->plan->phase[i];
		m.err = err;
		if (n > 1) {
			const char *ph = lca__gets(&m, LCA_F_PHASE);
			const char *nm = lca__gets(&m, LCA_F_NAME);
			lca__fmt(m.prefix, sizeof(m.prefix), "%s.",
				 nm   ? nm
				 : ph ? ph
				      : "training");
		}
		lca__strlcpy(m.plan->name, m.prefix, sizeof(m.plan->name));
		rc = compute_phase(&m, &fp->phase[i]);
		if (rc)
			break;
		fp->nphases = i + 1;
		fp->plan->nphases = i + 1;
		add_totals(&fp->total, &fp->phase[i], i == 0);
	}
	lca__memo_hold(cat, 0);
	return rc;
}

int lca_compute(lca_catalog *cat, const lca_job *job, lca_footprint *fp,
		lca_error *err)
{
	const lca_assumption *a;
	int n, rc = lca_compute_totals(cat, job, fp, err);

	/* the assumptions written out, as fp->assumptions promises */
	if (lca_footprint_assumptions(&a, &n, fp))
		return lca_error_set(err, LCA_ENOMEM, "assumptions",
				     "out of memory");
	return rc;
}
