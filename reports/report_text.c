/* SPDX-License-Identifier: MIT */
/* report_text.c: the readable table: phases x lifecycle components, then the
 * assumptions. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "reports.h"
#include "../engine/lca_int.h"
#include "../engine/banned.h"

/* 1234567.8 -> "1,234,568"; small values keep 3 significant digits. */
static void grouped(char *dst, size_t n, double v)
{
	char raw[64], out[96];
	int len, i, j = 0, neg = v < 0;

	if (isnan(v)) {
		lca__strlcpy(dst, "-", n);
		return;
	}
	if (fabs(v) < 100 && v != 0) {
		lca__fmt(dst, n, "%.3g", v);
		return;
	}
	lca__fmt(raw, sizeof(raw), "%.0f", fabs(v));
	len = (int)strlen(raw);
	if (neg)
		out[j++] = '-';
	for (i = 0; i < len && j < (int)sizeof(out) - 2; i++) {
		out[j++] = raw[i];
		if ((len - i - 1) % 3 == 0 && i != len - 1)
			out[j++] = ',';
	}
	out[j] = '\0';
	lca__strlcpy(dst, out, n);
}

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
				grouped(cell, sizeof(cell),
					energy ? fp->phase[i].energy_kwh_c[c]
					       : fp->phase[i].kgco2e_c[c]);
				rc |= lca_buf_printf(b, " %14s", cell);
			}
		grouped(cell, sizeof(cell), v);
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
			grouped(cell, sizeof(cell),
				energy ? fp->phase[i].energy_kwh
				       : fp->phase[i].total_kgco2e);
			rc |= lca_buf_printf(b, " %14s", cell);
		}
	grouped(cell, sizeof(cell), total);
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
		grouped(c5, sizeof(c5), u->q[i].p05);
		grouped(c50, sizeof(c50), u->q[i].p50);
		grouped(c95, sizeof(c95), u->q[i].p95);
		rc |= lca_buf_printf(b, "%-24s %14s %14s %14s\n", out_labels[i],
				     c5, c50, c95);
	}
	rc |= lca_buf_puts(b, "\nsensitivity of the total (first-order Sobol "
			      "index; total at the input's p05 / p95)\n");
	for (i = 0; i < u->ninputs; i++) {
		const lca_uinput *in = &u->inputs[i];
		grouped(lo, sizeof(lo), in->total_lo);
		grouped(hi, sizeof(hi), in->total_hi);
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
	char o[64], e[64], tot[64], dh[64], kwh[64], mk[64];
	int i, rc = 0;

	lca__mass(mk, sizeof(mk), t->market_based_kgco2e);
	lca__mass(tot, sizeof(tot), t->total_kgco2e);
	lca__mass(o, sizeof(o), t->operational_kgco2e);
	lca__mass(e, sizeof(e), t->embodied_kgco2e);
	grouped(dh, sizeof(dh), t->device_hours);
	grouped(kwh, sizeof(kwh), t->energy_kwh);
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
	rc |= lca_buf_printf(out, "  facility energy   %s kWh (after PUE)\n",
			     kwh);
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
				     as->value, as->unit, as->source);
	}
	if (rc)
		return lca_error_set(err, LCA_ENOMEM, "text", "out of memory");
	return 0;
}

const lca_renderer lca_report_text = {"text", render};
