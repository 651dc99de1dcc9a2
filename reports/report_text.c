/* SPDX-License-Identifier: MIT */
/* report_text.c: the readable table: phases x lifecycle components, then the
 * assumptions. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "reports.h"
#include "../engine/lca_int.h"
#include "../engine/banned.h"

static int table(lca_buf *b, const lca_footprint *fp, int energy)
{
	const int np = fp->nphases;
	char cell[64];
	int c, i, rc = 0;
	double total = energy ? fp->total.energy_kwh : fp->total.total_kgco2e;

	rc |= lca_buf_printf(b, "%-24s", energy ? "energy (kWh)" : "CO2e (kg)");
	if (np > 1)
		for (i = 0; i < np; i++)
			rc |= lca_buf_printf(b, " %14.14s", fp->phase[i].name);
	rc |= lca_buf_printf(b, " %14s %7s\n", "total", "share");
	for (c = 0; c < LCA_C__COUNT; c++) {
		double v =
		    energy ? fp->total.energy_kwh_c[c] : fp->total.kgco2e_c[c];
		if (energy && c == LCA_C_EMBODIED)
			continue;
		rc |= lca_buf_printf(b, "%-24s",
				     lca__component_label(&fp->total, c));
		if (np > 1)
			for (i = 0; i < np; i++) {
				lca_format_human(
				    cell, sizeof(cell),
				    energy ? fp->phase[i].energy_kwh_c[c]
					   : fp->phase[i].kgco2e_c[c],
				    LCA_Q_NUMBER);
				rc |= lca_buf_printf(b, " %14s", cell);
			}
		lca_format_human(cell, sizeof(cell), v, LCA_Q_NUMBER);
		rc |= lca_buf_printf(b, " %14s", cell);
		if (total > 0)
			rc |=
			    lca_buf_printf(b, " %6.1f%%\n", 100.0 * v / total);
		else
			rc |= lca_buf_puts(b, "       -\n");
	}
	rc |= lca_buf_printf(b, "%-24s", "total");
	if (np > 1)
		for (i = 0; i < np; i++) {
			lca_format_human(cell, sizeof(cell),
					 energy ? fp->phase[i].energy_kwh
						: fp->phase[i].total_kgco2e,
					 LCA_Q_NUMBER);
			rc |= lca_buf_printf(b, " %14s", cell);
		}
	lca_format_human(cell, sizeof(cell), total, LCA_Q_NUMBER);
	rc |= lca_buf_printf(b, " %14s\n\n", cell);
	return rc;
}

static const char *const out_labels[LCA_O__COUNT] = {
    "device-hours", "energy (kWh)", "operational (kg)", "embodied (kg)",
    "total (kg)"};

static int uncertainty(lca_buf *b, const lca_uncertainty *u)
{
	char c5[64], c50[64], c95[64], lo[64], hi[64];
	int i, rc = 0;

	rc |= lca_buf_printf(b,
			     "uncertainty (%ld Monte Carlo draws, seed %lu)\n"
			     "%-24s %14s %14s %14s\n",
			     u->samples, u->seed, "", "p05", "p50", "p95");
	for (i = 0; i < LCA_O__COUNT; i++) {
		lca_format_human(c5, sizeof(c5), u->q[i].p05, LCA_Q_NUMBER);
		lca_format_human(c50, sizeof(c50), u->q[i].p50, LCA_Q_NUMBER);
		lca_format_human(c95, sizeof(c95), u->q[i].p95, LCA_Q_NUMBER);
		rc |= lca_buf_printf(b, "%-24s %14s %14s %14s\n", out_labels[i],
				     c5, c50, c95);
	}
	rc |= lca_buf_puts(b, "\nsensitivity of the total (first-order Sobol "
			      "index; total at the input's p05 / p95)\n");
	for (i = 0; i < u->ninputs; i++) {
		const lca_uinput *in = &u->inputs[i];
		lca_format_human(lo, sizeof(lo), in->total_lo, LCA_Q_NUMBER);
		lca_format_human(hi, sizeof(hi), in->total_hi, LCA_Q_NUMBER);
		rc |= lca_buf_printf(b, "  %-28s %5.2f  %12s / %-12s %s: %s\n",
				     in->name, in->sobol, lo, hi, in->dist,
				     in->source);
	}
	rc |= lca_buf_puts(b, "\n");
	return rc;
}

static int render(const lca_footprint *fp, const lca_uncertainty *unc,
		  lca_buf *out, lca_error *err)
{
	const lca_phase_result *t = &fp->total;
	char o[64], e[64], tot[64], dh[64], kwh[64], mk[64], num[64];
	int i, rc = 0;

	lca_format_human(mk, sizeof(mk), t->market_based_kgco2e, LCA_Q_MASS);
	lca_format_human(tot, sizeof(tot), t->total_kgco2e, LCA_Q_MASS);
	lca_format_human(o, sizeof(o), t->operational_kgco2e, LCA_Q_MASS);
	lca_format_human(e, sizeof(e), t->embodied_kgco2e, LCA_Q_MASS);
	lca_format_human(dh, sizeof(dh), t->device_hours, LCA_Q_NUMBER);
	lca_format_human(kwh, sizeof(kwh), t->energy_kwh, LCA_Q_ENERGY);
	rc |=
	    lca_buf_printf(out, "lca %s: lifecycle footprint\n\n", LCA_VERSION);
	rc |= lca_buf_printf(out,
			     "  total CO2e        %s (operational %s, "
			     "embodied %s)\n",
			     tot, o, e);
	rc |= lca_buf_printf(out,
			     "  scope 2           location-based %s, "
			     "market-based %s\n",
			     o, mk);
	rc |= lca_buf_printf(out, "  facility energy   %s (after PUE)\n", kwh);
	rc |= lca_buf_printf(out, "  device-hours      %s\n", dh);
	for (i = 0; i < fp->nphases; i++) {
		const lca_phase_result *r = &fp->phase[i];
		char hw[160];
		if (isnan(r->devices))
			lca__fmt(hw, sizeof(hw), "%s (device count not given)",
				 r->accel[0] ? r->accel
					     : "accelerator not given");
		else if (isnan(r->wall_hours))
			lca__fmt(hw, sizeof(hw), "%s x %.6g",
				 r->accel[0] ? r->accel : "device", r->devices);
		else
			lca__fmt(hw, sizeof(hw), "%s x %.6g for %.1f days",
				 r->accel[0] ? r->accel : "device", r->devices,
				 r->wall_hours / 24);
		rc |=
		    lca_buf_printf(out,
				   "  %-16s  %s, pue %.3g, grid %.4g gCO2e/kWh"
				   "%s%s%s\n",
				   r->name, hw, r->pue, r->grid_gco2_per_kwh,
				   r->region[0] ? " (" : "", r->region,
				   r->region[0] ? ")" : "");
	}
	rc |= lca_buf_puts(out, "\n");
	rc |= table(out, fp, 0);
	rc |= table(out, fp, 1);
	if (unc)
		rc |= uncertainty(out, unc);
	rc |= lca_buf_puts(out, "assumptions (value, unit: source)\n");
	for (i = 0; i < fp->nassumptions; i++) {
		const lca_assumption *as = &fp->assumptions[i];
		rc |= lca_buf_printf(out, "  %-28s %s %s: %s\n", as->name,
				     lca__assumption_text(as, num, sizeof(num)),
				     as->unit, as->source);
	}
	if (rc)
		return lca_error_set(err, LCA_ENOMEM, "text", "out of memory");
	return 0;
}

const lca_renderer lca_report_text = {"text", render};
