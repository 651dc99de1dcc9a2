/* SPDX-License-Identifier: MIT */
/* report_csv.c: one CSV row per phase plus a total row (RFC 4180). */
#include <math.h>
#include <string.h>

#include "reports.h"
#include "../engine/lca_int.h"
#include "../engine/banned.h"

int lca__csv_field(lca_buf *b, const char *s)
{
	return lca_buf_csv(b, s, 0);
}

static int numf(lca_buf *b, double v)
{
	if (isnan(v))
		return lca_buf_puts(b, ",");
	return lca_buf_printf(b, ",%.10g", v);
}

static int row(lca_buf *b, const lca_phase_result *r, const lca_uncertainty *u)
{
	int rc = 0, c;

	rc |= lca__csv_field(b, r->phase);
	rc |= lca_buf_puts(b, ",");
	rc |= lca__csv_field(b, r->name);
	rc |= lca_buf_puts(b, ",");
	rc |= lca__csv_field(b, r->accel);
	rc |= lca_buf_puts(b, ",");
	rc |= lca__csv_field(b, r->region);
	rc |= numf(b, r->device_hours);
	rc |= numf(b, r->energy_kwh);
	rc |= numf(b, r->it_energy_kwh);
	rc |= numf(b, r->operational_kgco2e);
	rc |= numf(b, r->market_based_kgco2e);
	rc |= numf(b, r->embodied_kgco2e);
	rc |= numf(b, r->total_kgco2e);
	for (c = 0; c < LCA_C__COUNT; c++)
		rc |= numf(b, r->kgco2e_c[c]);
	rc |= numf(b, r->pue);
	rc |= numf(b, r->grid_gco2_per_kwh);
	if (u) {
		rc |= numf(b, u->q[LCA_O_TOTAL].p05);
		rc |= numf(b, u->q[LCA_O_TOTAL].p50);
		rc |= numf(b, u->q[LCA_O_TOTAL].p95);
	}
	rc |= lca_buf_puts(b, "\n");
	return rc;
}

static int render(const lca_footprint *fp, const lca_uncertainty *unc,
		  lca_buf *out, lca_error *err)
{
	int i, rc = 0;

	rc |= lca_buf_puts(out,
			   "phase,name,accelerator,region,device_hours,"
			   "energy_kwh,it_energy_kwh,operational_kgco2e,"
			   "market_based_kgco2e,"
			   "embodied_kgco2e,total_kgco2e,dynamic_kgco2e,"
			   "host_kgco2e,idle_kgco2e,infrastructure_kgco2e,"
			   "embodied_component_kgco2e,pue,grid_gco2_per_kwh");
	if (unc)
		rc |= lca_buf_puts(out, ",total_kgco2e_p05,total_kgco2e_p50,"
					"total_kgco2e_p95");
	rc |= lca_buf_puts(out, "\n");
	for (i = 0; i < fp->nphases; i++)
		rc |= row(out, &fp->phase[i], NULL);
	rc |= row(out, &fp->total, unc);
	if (rc)
		return lca_error_set(err, LCA_ENOMEM, "csv", "out of memory");
	return 0;
}

const lca_renderer lca_report_csv = {"csv", render};
