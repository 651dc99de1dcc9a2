/* SPDX-License-Identifier: MIT */
/* report_json.c: one JSON object per footprint, for scripts and schedulers. */
#include <math.h>
#include <stdlib.h>

#include <cjson/cJSON.h>

#include "reports.h"
#include "../engine/lca_int.h"
#include "../engine/banned.h"

static int phase_fields(cJSON *o, const lca_phase_result *r)
{
	cJSON *comp, *ecomp;
	int c;

	cJSON_AddItemToObject(o, "device_hours",
			      lca__json_num(r->device_hours));
	cJSON_AddItemToObject(o, "energy_kwh", lca__json_num(r->energy_kwh));
	cJSON_AddItemToObject(o, "it_energy_kwh",
			      lca__json_num(r->it_energy_kwh));
	cJSON_AddItemToObject(o, "operational_kgco2e",
			      lca__json_num(r->operational_kgco2e));
	cJSON_AddItemToObject(o, "market_based_kgco2e",
			      lca__json_num(r->market_based_kgco2e));
	cJSON_AddItemToObject(o, "embodied_kgco2e",
			      lca__json_num(r->embodied_kgco2e));
	cJSON_AddItemToObject(o, "total_kgco2e",
			      lca__json_num(r->total_kgco2e));
	comp = cJSON_AddObjectToObject(o, "components_kgco2e");
	ecomp = cJSON_AddObjectToObject(o, "components_energy_kwh");
	if (!comp || !ecomp)
		return LCA_ENOMEM;
	for (c = 0; c < LCA_C__COUNT; c++) {
		cJSON_AddItemToObject(comp, lca_component_names[c],
				      lca__json_num(r->kgco2e_c[c]));
		if (c != LCA_C_EMBODIED)
			cJSON_AddItemToObject(
			    ecomp, lca_component_names[c],
			    lca__json_num(r->energy_kwh_c[c]));
	}
	cJSON_AddItemToObject(o, "pue", lca__json_num(r->pue));
	cJSON_AddItemToObject(o, "grid_gco2_per_kwh",
			      lca__json_num(r->grid_gco2_per_kwh));
	cJSON_AddItemToObject(o, "flops", lca__json_num(r->flops));
	cJSON_AddItemToObject(o, "wall_hours", lca__json_num(r->wall_hours));
	cJSON_AddItemToObject(o, "devices", lca__json_num(r->devices));
	return 0;
}

static int uncertainty(cJSON *root, const lca_uncertainty *u)
{
	cJSON *o = cJSON_AddObjectToObject(root, "uncertainty");
	cJSON *sens = cJSON_AddArrayToObject(root, "sensitivity");
	int i;

	if (!o || !sens)
		return LCA_ENOMEM;
	cJSON_AddNumberToObject(o, "samples", (double)u->samples);
	cJSON_AddNumberToObject(o, "seed", (double)u->seed);
	for (i = 0; i < LCA_O__COUNT; i++) {
		cJSON *q = cJSON_AddObjectToObject(o, lca_output_name(i));
		if (!q)
			return LCA_ENOMEM;
		cJSON_AddItemToObject(q, "p05", lca__json_num(u->q[i].p05));
		cJSON_AddItemToObject(q, "p50", lca__json_num(u->q[i].p50));
		cJSON_AddItemToObject(q, "p95", lca__json_num(u->q[i].p95));
		cJSON_AddItemToObject(q, "mean", lca__json_num(u->q[i].mean));
	}
	for (i = 0; i < u->ninputs; i++) {
		const lca_uinput *in = &u->inputs[i];
		cJSON *e = cJSON_CreateObject();
		if (!e)
			return LCA_ENOMEM;
		cJSON_AddItemToArray(sens, e);
		cJSON_AddStringToObject(e, "input", in->name);
		cJSON_AddItemToObject(e, "sobol_first_order",
				      lca__json_num(in->sobol));
		cJSON_AddItemToObject(e, "total_kgco2e_at_p05",
				      lca__json_num(in->total_lo));
		cJSON_AddItemToObject(e, "total_kgco2e_at_p95",
				      lca__json_num(in->total_hi));
		cJSON_AddStringToObject(e, "distribution", in->dist);
		cJSON_AddStringToObject(e, "source", in->source);
	}
	return 0;
}

cJSON *lca__json_assumptions(const lca_footprint *fp)
{
	cJSON *as = cJSON_CreateArray();
	int i;

	for (i = 0; as && i < fp->nassumptions; i++) {
		const lca_assumption *a = &fp->assumptions[i];
		cJSON *o = cJSON_CreateObject();
		if (!o) {
			cJSON_Delete(as);
			return NULL;
		}
		cJSON_AddItemToArray(as, o);
		cJSON_AddStringToObject(o, "name", a->name);
		if (isnan(a->number))
			cJSON_AddStringToObject(o, "value", a->value);
		else
			cJSON_AddNumberToObject(o, "value", a->number);
		cJSON_AddStringToObject(o, "unit", a->unit);
		cJSON_AddStringToObject(o, "source", a->source);
	}
	return as;
}

static int render(const lca_footprint *fp, const lca_uncertainty *unc,
		  lca_buf *out, lca_error *err)
{
	cJSON *root = cJSON_CreateObject(), *phases, *as;
	int i, rc = 0;

	if (!root)
		goto nomem;
	cJSON_AddStringToObject(root, "lca_version", LCA_VERSION);
	if (phase_fields(root, &fp->total))
		goto nomem;
	phases = cJSON_AddArrayToObject(root, "phases");
	for (i = 0; phases && i < fp->nphases; i++) {
		cJSON *p = cJSON_CreateObject();
		if (!p)
			goto nomem;
		cJSON_AddItemToArray(phases, p);
		cJSON_AddStringToObject(p, "phase", fp->phase[i].phase);
		cJSON_AddStringToObject(p, "name", fp->phase[i].name);
		cJSON_AddStringToObject(p, "accelerator", fp->phase[i].accel);
		cJSON_AddStringToObject(p, "region", fp->phase[i].region);
		if (phase_fields(p, &fp->phase[i]))
			goto nomem;
	}
	as = lca__json_assumptions(fp);
	if (!as)
		goto nomem;
	cJSON_AddItemToObject(root, "assumptions", as);
	if (unc && uncertainty(root, unc))
		goto nomem;
	rc = lca__json_write(out, root, 0);
	if (!rc)
		rc = lca_buf_puts(out, "\n");
	cJSON_Delete(root);
	return rc ? lca_error_set(err, LCA_ENOMEM, "json", "out of memory") : 0;
nomem:
	cJSON_Delete(root);
	return lca_error_set(err, LCA_ENOMEM, "json", "out of memory");
}

const lca_renderer lca_report_json = {"json", render};
