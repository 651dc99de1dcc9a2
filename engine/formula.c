/* SPDX-License-Identifier: MIT */
/* formula.c: the one footprint formula (lca__evaluate, models.h): plan
 * values to the energies and CO2e of a phase, for the point estimate and
 * every Monte Carlo draw. */
#include <math.h>

#include "lca_int.h"
#include "../models/models.h"
#include "banned.h"

void lca__evaluate(const lca_phase_plan *p, const double *v,
		   lca_phase_result *r)
{
	double dh, dyn, host, idle, it, node_h, emb = 0;
	int c;

	if (p->dh_mode == LCA_DH_GIVEN)
		dh = v[LCA_P_DEVICE_HOURS];
	else if (p->dh_mode == LCA_DH_FLOPS)
		dh = v[LCA_P_FLOPS] /
		     (v[LCA_P_PEAK_TFLOPS] * 1e12 * v[LCA_P_MFU] * 3600.0);
	else
		dh = LCA_NAN;
	node_h = isnan(dh) ? 0 : dh / v[LCA_P_DEVICES_PER_NODE];
	dyn = p->measured ? v[LCA_P_ENERGY_KWH] : dh * v[LCA_P_POWER_W] / 1e3;
	host = node_h * v[LCA_P_HOST_W] / 1e3;
	idle = p->idle_mode == LCA_IDLE_KWH ? v[LCA_P_IDLE_KWH]
	       : p->idle_mode == LCA_IDLE_FRACTION
		   ? v[LCA_P_IDLE_FRACTION] * (dyn + host)
		   : 0;
	it = dyn + host + idle;
	/* The job's share of manufacturing: its device-hours over the
	 * device-hours of use in the hardware's life (Luccioni et al. 2023,
	 * section 4.1). */
	if (p->embodied && !isnan(dh))
		emb = (v[LCA_P_DEVICE_KG] * dh + v[LCA_P_SERVER_KG] * node_h) /
		      (v[LCA_P_LIFETIME_Y] * 8760.0 * v[LCA_P_UTILIZATION]);
	r->device_hours = dh;
	r->flops = p->dh_mode == LCA_DH_FLOPS ? v[LCA_P_FLOPS] : LCA_NAN;
	r->energy_kwh_c[LCA_C_DYNAMIC] = dyn;
	r->energy_kwh_c[LCA_C_HOST] = host;
	r->energy_kwh_c[LCA_C_IDLE] = idle;
	r->energy_kwh_c[LCA_C_INFRA] = it * (v[LCA_P_PUE] - 1.0);
	r->energy_kwh_c[LCA_C_EMBODIED] = 0;
	r->it_energy_kwh = it;
	r->energy_kwh = it * v[LCA_P_PUE];
	r->pue = v[LCA_P_PUE];
	r->grid_gco2_per_kwh = v[LCA_P_GRID];
	r->operational_kgco2e = 0;
	for (c = 0; c < LCA_C_EMBODIED; c++) {
		r->kgco2e_c[c] = r->energy_kwh_c[c] * v[LCA_P_GRID] / 1000.0;
		r->operational_kgco2e += r->kgco2e_c[c];
	}
	r->market_based_kgco2e =
	    r->energy_kwh *
	    (p->market_grid ? v[LCA_P_MARKET_GRID] : v[LCA_P_GRID]) *
	    (1.0 - v[LCA_P_CFE]) / 1000.0;
	r->kgco2e_c[LCA_C_EMBODIED] = emb;
	r->embodied_kgco2e = emb;
	r->total_kgco2e = r->operational_kgco2e + emb;
}
