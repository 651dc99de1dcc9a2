/* SPDX-License-Identifier: MIT */
/* report_html.c: the HTML report: one self-contained, printable file with
 * inline SVG charts (no scripts, no network). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lca/series.h"
#include "reports.h"
#include "../engine/lca_int.h"
#include "../engine/banned.h"

static const char *const colors[LCA_C__COUNT] = {
    "#1f77b4", "#9467bd", "#ff7f0e", "#2ca02c", "#8c564b"};

static int td(lca_buf *b, const char *s)
{
	int rc = lca_buf_puts(b, "<td>");

	rc |= lca__html_esc(b, s);
	rc |= lca_buf_puts(b, "</td>");
	return rc;
}

static const char style[] =
    "<style>\n"
    "body{font:14px/1.45 system-ui,-apple-system,'Segoe "
    "UI',Roboto,sans-serif;max-width:1080px;margin:24px auto;padding:0 "
    "16px;color:#222}\n"
    "h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px "
    "solid #ddd}\n"
    "table{border-collapse:collapse;margin:8px "
    "0}td,th{border:1px solid #ccc;padding:3px 8px;vertical-align:top}\n"
    "th{background:#f3f3f3;text-align:left}td.n{text-align:right;font-"
    "variant-numeric:tabular-nums}\n"
    ".src{font-size:12px;color:#555}.big{font-size:20px;font-weight:600}\n"
    "svg{display:block;margin:8px 0;max-width:100%;height:auto}\n"
    "pre{background:#f6f6f6;padding:8px;overflow-x:auto;white-space:pre-"
    "wrap}\n"
    "@media print{body{margin:0;max-width:none}h2{break-after:avoid}table,"
    "svg{break-inside:avoid}}\n"
    "</style>\n";

/* One horizontal bar, the total split into lifecycle components. */
static int svg_stack(lca_buf *b, const lca_phase_result *t)
{
	const double w = 760, x0 = 10;
	double x = x0, total = 0;
	int c, rc = 0, row = 0;

	for (c = 0; c < LCA_C__COUNT; c++)
		total += t->kgco2e_c[c] > 0 ? t->kgco2e_c[c] : 0;
	rc |= lca_buf_puts(
	    b, "<svg id=\"chart-lifecycle\" "
	       "xmlns=\"http://www.w3.org/2000/svg\" width=\"780\" "
	       "height=\"130\" viewBox=\"0 0 780 130\" role=\"img\" "
	       "aria-label=\"lifecycle components\">\n");
	rc |= lca_buf_puts(b, "<title>CO2e by lifecycle component</title>\n");
	for (c = 0; c < LCA_C__COUNT && total > 0; c++) {
		double v = t->kgco2e_c[c] > 0 ? t->kgco2e_c[c] : 0;
		double bw = w * v / total;
		char m[64];
		if (v <= 0)
			continue;
		lca_format_human(m, sizeof(m), v, LCA_Q_MASS);
		rc |=
		    lca_buf_printf(b,
				   "<rect x=\"%.2f\" y=\"10\" width=\"%.2f\" "
				   "height=\"40\" fill=\"%s\"><title>%s: "
				   "%s CO2e (%.1f%%)</title></rect>\n",
				   x, bw, colors[c], lca__component_label(t, c),
				   m, 100 * v / total);
		rc |= lca_buf_printf(
		    b,
		    "<rect x=\"%.0f\" y=\"%d\" width=\"12\" height=\"12\" "
		    "fill=\"%s\"/><text x=\"%.0f\" y=\"%d\" "
		    "font-size=\"12\">%s %.1f%%</text>\n",
		    x0 + (row % 3) * 250.0, 64 + (row / 3) * 22, colors[c],
		    x0 + (row % 3) * 250.0 + 18, 75 + (row / 3) * 22,
		    lca__component_label(t, c), 100 * v / total);
		x += bw;
		row++;
	}
	rc |= lca_buf_puts(b, "</svg>\n");
	return rc;
}

/* Vertical bars, one per phase (or per run), stacked by component. */
static int svg_bars(lca_buf *b, const char *id, const char *title,
		    const lca_phase_result *const *p, const char *const *names,
		    int n)
{
	const double h = 200, top = 20, left = 60;
	double max = 0, bw;
	char lab[64];
	int i, c, rc = 0;

	for (i = 0; i < n; i++)
		if (p[i]->total_kgco2e > max)
			max = p[i]->total_kgco2e;
	if (max <= 0)
		max = 1;
	bw = (700.0 / (n > 0 ? n : 1)) * 0.6;
	if (bw > 120)
		bw = 120;
	rc |= lca_buf_printf(
	    b,
	    "<svg id=\"%s\" xmlns=\"http://www.w3.org/2000/svg\" "
	    "width=\"780\" height=\"270\" viewBox=\"0 0 780 "
	    "270\" role=\"img\" aria-label=\"",
	    id);
	rc |= lca__html_esc(b, title);
	rc |= lca_buf_puts(b, "\">\n<title>");
	rc |= lca__html_esc(b, title);
	rc |= lca_buf_printf(b,
			     "</title>\n<line x1=\"%.0f\" y1=\"%.0f\" "
			     "x2=\"%.0f\" y2=\"%.0f\" stroke=\"#444\"/>\n",
			     left, top + h, left + 710, top + h);
	lca_format_human(lab, sizeof(lab), max, LCA_Q_MASS);
	rc |= lca_buf_printf(b,
			     "<text x=\"4\" y=\"%.0f\" font-size=\"11\">%s"
			     "</text>\n<text x=\"4\" y=\"%.0f\" "
			     "font-size=\"11\">0</text>\n",
			     top + 4, lab, top + h);
	for (i = 0; i < n; i++) {
		double x = left + 10 + i * (700.0 / n), y = top + h;
		for (c = 0; c < LCA_C__COUNT; c++) {
			double v = p[i]->kgco2e_c[c];
			double bh = v > 0 ? h * v / max : 0;
			if (bh <= 0)
				continue;
			y -= bh;
			lca_format_human(lab, sizeof(lab), v, LCA_Q_MASS);
			rc |= lca_buf_printf(
			    b,
			    "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" "
			    "height=\"%.2f\" fill=\"%s\"><title>%s: %s "
			    "CO2e</title></rect>\n",
			    x, y, bw, bh, colors[c], lca__component_labels[c],
			    lab);
		}
		rc |= lca_buf_printf(b,
				     "<text x=\"%.2f\" y=\"%.0f\" "
				     "font-size=\"11\" text-anchor=\"middle\">",
				     x + bw / 2, top + h + 16);
		rc |= lca__html_esc(b, names[i]);
		lca_format_human(lab, sizeof(lab), p[i]->total_kgco2e,
				 LCA_Q_MASS);
		rc |= lca_buf_printf(b,
				     "</text>\n<text x=\"%.2f\" y=\"%.2f\" "
				     "font-size=\"11\" "
				     "text-anchor=\"middle\">%s</text>\n",
				     x + bw / 2, y - 4, lab);
	}
	rc |= lca_buf_puts(b, "</svg>\n");
	return rc;
}

/* The hourly grid intensity over the run, when a series was used: time
 * (UTC) across, gCO2e/kWh up, the mean dashed. */
static int svg_hourly(lca_buf *b, const lca_report *r)
{
	const double w = 680, h = 160, left = 70, top = 20;
	const double *v = r->hourly;
	const int n = r->nhourly;
	double lo, hi, mean, ym;
	char t0[32], t1[32];
	int i, rc = 0;

	lca__hourly_stats(v, n, &lo, &mean, &hi);
	if (isnan(mean))
		return 0;
	if (hi == lo)
		hi = lo + 1;
	lca_time_format(r->hourly_start, t0, sizeof(t0));
	lca_time_format(r->hourly_start + 3600LL * n, t1, sizeof(t1));
	ym = top + h - h * (mean - lo) / (hi - lo);
	rc |= lca_buf_puts(b,
			   "<svg id=\"chart-hourly\" "
			   "xmlns=\"http://www.w3.org/2000/svg\" width=\"780\" "
			   "height=\"224\" viewBox=\"0 0 780 224\" "
			   "role=\"img\" aria-label=\"hourly grid "
			   "intensity\">\n<title>Hourly grid intensity "
			   "(gCO2e/kWh)</title>\n");
	/* axes, their ends and their names */
	rc |= lca_buf_printf(
	    b,
	    "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" "
	    "stroke=\"#444\"/>\n<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" "
	    "y2=\"%.0f\" stroke=\"#444\"/>\n",
	    left, top, left, top + h, left, top + h, left + w, top + h);
	rc |= lca_buf_printf(
	    b,
	    "<text x=\"%.0f\" y=\"%.0f\" font-size=\"11\" "
	    "text-anchor=\"end\">%.4g</text>\n<text x=\"%.0f\" y=\"%.0f\" "
	    "font-size=\"11\" text-anchor=\"end\">%.4g</text>\n"
	    "<text transform=\"translate(16,%.0f) rotate(-90)\" "
	    "font-size=\"11\" text-anchor=\"middle\">gCO2e/kWh</text>\n",
	    left - 4, top + 4, hi, left - 4, top + h, lo, top + h / 2);
	rc |= lca_buf_printf(
	    b,
	    "<text x=\"%.0f\" y=\"%.0f\" font-size=\"11\">%s</text>\n"
	    "<text x=\"%.0f\" y=\"%.0f\" font-size=\"11\" "
	    "text-anchor=\"end\">%s</text>\n<text x=\"%.0f\" y=\"%.0f\" "
	    "font-size=\"11\" text-anchor=\"middle\">time (UTC), %d "
	    "h</text>\n",
	    left, top + h + 16, t0, left + w, top + h + 16, t1, left + w / 2,
	    top + h + 34, n);
	/* the mean, which is the footprint's grid intensity */
	rc |= lca_buf_printf(
	    b,
	    "<line class=\"mean\" x1=\"%.0f\" y1=\"%.2f\" x2=\"%.0f\" "
	    "y2=\"%.2f\" stroke=\"#555\" stroke-dasharray=\"5 4\"/>\n"
	    "<text x=\"%.0f\" y=\"%.2f\" font-size=\"11\" "
	    "text-anchor=\"end\">mean %.4g</text>\n",
	    left, ym, left + w, ym, left + w, ym - 4, mean);
	rc |= lca_buf_puts(b, "<polyline fill=\"none\" stroke=\"#d62728\" "
			      "stroke-width=\"1.5\" points=\"");
	for (i = 0; i < n; i++) {
		if (isnan(v[i]))
			continue;
		/* each hour at its middle: the axis runs from the start
		 * to the end of the last hour */
		rc |= lca_buf_printf(b, "%.2f,%.2f ", left + w * (i + 0.5) / n,
				     top + h - h * (v[i] - lo) / (hi - lo));
	}
	rc |= lca_buf_puts(b, "\"/>\n</svg>\n");
	return rc;
}

static int appendix(const lca_report *r, lca_buf *b)
{
	char sw[LCA__SOFTWARE_LEN];
	int rc = 0;

	rc |= lca_buf_puts(b, "<h2 id=reproducibility>Reproducibility</h2>\n"
			      "<table>\n<tr><th>lca version</th>");
	rc |= td(b, LCA_VERSION);
	rc |= lca_buf_puts(b, "</tr>\n<tr><th>catalog version (hash of "
			      "datasets/)</th>");
	rc |= td(b, r->catalog_version ? r->catalog_version : "-");
	rc |= lca_buf_puts(b, "</tr>\n<tr><th>software</th>");
	rc |= td(b, lca__software(sw));
	rc |= lca_buf_puts(b, "</tr>\n<tr><th>command line</th>");
	rc |= td(b, r->command_line ? r->command_line : "-");
	rc |= lca_buf_puts(b, "</tr>\n</table>\n");
	if (r->inputs) {
		rc |= lca_buf_puts(b, "<p>Inputs:</p><pre>");
		rc |= lca__html_esc(b, r->inputs);
		rc |= lca_buf_puts(b, "</pre>\n");
	}
	return rc;
}

static int compare(const lca_report *r, lca_buf *b)
{
	const lca_phase_result *p[256];
	const char *names[256];
	int idx[256], i, rc = 0;

	lca__report_order(r, idx);
	for (i = 0; i < r->nruns; i++) {
		p[i] = &r->runs[idx[i]]->total;
		names[i] = r->labels[idx[i]];
	}
	rc |= lca_buf_printf(b,
			     "<h1>lca leaderboard: %d runs by total "
			     "CO2e</h1>\n",
			     r->nruns);
	rc |= svg_bars(b, "chart-runs", "CO2e per run", p, names, r->nruns);
	return rc | (lca__report_leaderboard(b, r, idx, 1) ? 1 : 0);
}

static int single(const lca_report *r, lca_buf *b)
{
	const lca_footprint *fp = r->fp;
	const lca_phase_result *p[LCA_MAX_PHASES];
	const char *names[LCA_MAX_PHASES];
	lca__summary s;
	int i, rc = 0;

	lca__report_summary(fp, &s);
	rc |= lca_buf_puts(b, "<h1>");
	rc |= lca__html_esc(b, r->title ? r->title : "lca report");
	rc |= lca_buf_puts(b, ": lifecycle footprint</h1>\n<h2>Summary</h2>\n");
	rc |= lca_buf_printf(b,
			     "<p class=big>%s CO2e</p><p>operational %s, "
			     "embodied %s; facility energy %s (after "
			     "PUE); %s device-hours</p>\n",
			     s.total, s.operational, s.embodied, s.energy,
			     s.device_hours);
	rc |= lca_buf_printf(b,
			     "<p>Scope 2 (GHG Protocol): location-based %s, "
			     "market-based %s</p>\n",
			     s.operational, s.market);
	rc |= lca_buf_puts(b, "<h2>Lifecycle</h2>\n<p class=src>Components "
			      "as in Luccioni et al. 2023 (BLOOM), Table "
			      "3.</p>\n");
	rc |= svg_stack(b, &fp->total);
	rc |= lca__report_lifecycle(b, fp, 0, 1);
	for (i = 0; i < fp->nphases; i++) {
		p[i] = &fp->phase[i];
		names[i] = fp->phase[i].name;
	}
	rc |= lca_buf_puts(b, "<h2>Per phase</h2>\n");
	rc |= svg_bars(b, "chart-phases", "CO2e per phase", p, names,
		       fp->nphases);
	rc |= lca_buf_puts(b, "<h2>Energy by component</h2>\n");
	rc |= lca__report_lifecycle(b, fp, 1, 1);
	rc |= lca_buf_puts(b, "<h2>Grid and PUE</h2>\n");
	rc |= lca__report_grid_pue(b, fp, 1) ? 1 : 0;
	if (r->nhourly > 0 && r->hourly) {
		rc |= lca_buf_puts(b, "<h2>Hourly grid intensity</h2>\n");
		if (r->hourly_source) {
			rc |= lca_buf_puts(b, "<p class=src>");
			rc |= lca__html_esc(b, r->hourly_source);
			rc |= lca_buf_puts(b, " (the dashed line is its mean, "
					      "the grid intensity used)</p>\n");
		}
		rc |= svg_hourly(b, r);
	}
	rc |= lca__report_tables(r, b, 1) ? 1 : 0;
	return rc;
}

int lca__report_html(const lca_report *r, lca_buf *b, lca_error *err)
{
	int rc = 0;

	rc |= lca_buf_puts(b, "<!DOCTYPE html>\n<html lang=en>\n<head>\n"
			      "<meta charset=utf-8>\n<title>");
	rc |= lca__html_esc(b, r->title ? r->title : "lca report");
	rc |= lca_buf_puts(b, "</title>\n");
	rc |= lca_buf_puts(b, style);
	rc |= lca_buf_puts(b, "</head>\n<body>\n");
	rc |= r->nruns ? compare(r, b) : single(r, b);
	rc |= appendix(r, b);
	rc |= lca_buf_printf(b,
			     "<p class=src>Generated by lca %s.</p>\n"
			     "</body>\n</html>\n",
			     LCA_VERSION);
	return rc ? lca_error_set(err, LCA_ENOMEM, "html", "out of memory") : 0;
}

static int render(const lca_footprint *fp, const lca_uncertainty *unc,
		  lca_buf *out, lca_error *err)
{
	(void)unc;
	return lca__report_of(fp, lca__report_html, out, err);
}

const lca_renderer lca_report_html = {"html", render};

/* The chart alone, as a standalone SVG file to paste into a paper: the
 * lifecycle split of one footprint, or the runs side by side. */
int lca__report_svg(const lca_report *r, lca_buf *b, lca_error *err)
{
	int rc =
	    lca_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");

	if (r->nruns) {
		const lca_phase_result *p[256];
		const char *names[256];
		int idx[256], i;
		lca__report_order(r, idx);
		for (i = 0; i < r->nruns; i++) {
			p[i] = &r->runs[idx[i]]->total;
			names[i] = r->labels[idx[i]];
		}
		rc |= svg_bars(b, "chart-runs", "CO2e per run", p, names,
			       r->nruns);
	} else {
		rc |= svg_stack(b, &r->fp->total);
	}
	return rc ? lca_error_set(err, LCA_ENOMEM, "svg", "out of memory") : 0;
}

static int render_svg(const lca_footprint *fp, const lca_uncertainty *unc,
		      lca_buf *out, lca_error *err)
{
	(void)unc;
	return lca__report_of(fp, lca__report_svg, out, err);
}

const lca_renderer lca_report_svg = {"svg", render_svg};
