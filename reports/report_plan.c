/* SPDX-License-Identifier: MIT */
/* report_plan.c: lca plan's options and budget answers as text, JSON, CSV
 * and HTML (with an hour-by-hour chart of the chosen window). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "reports.h"
#include "lca/plan.h"
#include "lca/series.h"
#include "../engine/lca_int.h"
#include "../engine/banned.h"

static void when(char *buf, size_t n, long long t)
{
	lca_time_format(t, buf, n);
}

/* ---- sparkline ------------------------------------------------------- */

/* The bars of v (lca__sparkline), and under them "^" for each cell (the
 * same hours) in which the job runs. */
static int spark_runs(lca_buf *b, const double *v, const double *run, int n)
{
	int m = n < LCA_SPARK_MAX ? n : LCA_SPARK_MAX, k, rc;

	rc = lca_buf_puts(b, "  ");
	rc |= lca__sparkline(b, v, n, LCA_SPARK_MAX);
	rc |= lca_buf_puts(b, "\n  ");
	for (k = 0; k < m; k++) {
		long i0 = (long)k * n / m, i1 = (long)(k + 1) * n / m, i;
		int on = 0;
		for (i = i0; i < i1; i++)
			on |= run[i] > 0;
		rc |= lca_buf_puts(b, on ? "^" : " ");
	}
	return rc | lca_buf_puts(b, "\n");
}

/* ---- text ------------------------------------------------------------ */

static int text_assumptions(lca_buf *b, const lca_footprint *fp)
{
	char num[64];
	int i, rc = lca_buf_puts(b, "assumptions:\n");

	for (i = 0; i < fp->nassumptions; i++) {
		const lca_assumption *a = &fp->assumptions[i];
		rc |= lca_buf_printf(b, "  %-22s %s %s  (%s)\n", a->name,
				     lca__assumption_text(a, num, sizeof(num)),
				     a->unit, a->source);
	}
	return rc;
}

/* A percentage for the table: "-" where it is undefined. */
static const char *pct(char *buf, size_t n, double v)
{
	if (isnan(v))
		lca__strlcpy(buf, "-", n);
	else
		lca__fmt(buf, n, "%.1f%%", v);
	return buf;
}

/* One row; rank 0 for an option listed apart (another signal). */
static int text_option(lca_buf *b, int rank, const lca_plan_option *o,
		       long starts)
{
	char s[32], e[32], kg[32], mean[32], p[4][24], r[8];
	const char *note = o->same_grid ? "  same grid as the baseline" : "";

	when(s, sizeof(s), o->start);
	when(e, sizeof(e), o->end);
	lca_format_human(kg, sizeof(kg), o->operational_kgco2e, LCA_Q_MASS);
	lca__fmt(r, sizeof(r), rank ? "%3d" : "  -", rank);
	if (starts > 1) {
		lca_format_human(mean, sizeof(mean), o->kg.mean, LCA_Q_MASS);
		return lca_buf_printf(
		    b, "%s  %-26.26s %-14s %-9s %4.2f %10s %7s %7s %7s %7s%s\n",
		    r, o->region, lca_plan_strategy_name(o->strategy),
		    o->signal, o->pue, mean,
		    pct(p[0], sizeof(p[0]), o->saving.mean),
		    pct(p[1], sizeof(p[1]), o->saving.p05),
		    pct(p[2], sizeof(p[2]), o->saving.p50),
		    pct(p[3], sizeof(p[3]), o->saving.p95), note);
	}
	return lca_buf_printf(
	    b, "%s  %-26.26s %-14s %-9s %4.2f %s  %s %10s %7s%s\n", r,
	    o->region, lca_plan_strategy_name(o->strategy), o->signal, o->pue,
	    s, e, kg, pct(p[0], sizeof(p[0]), o->saving_pct), note);
}

static int chart_text(lca_buf *b, const char *what, const lca_plan_option *o,
		      long long from)
{
	double lo = INFINITY, hi = -INFINITY;
	char t[32];
	int i, rc = 0;

	for (i = 0; i < o->nhourly; i++) {
		lo = o->hourly[i] < lo ? o->hourly[i] : lo;
		hi = o->hourly[i] > hi ? o->hourly[i] : hi;
	}
	when(t, sizeof(t), from);
	rc |= lca_buf_printf(
	    b,
	    "\n%s: %s, %s in %s, hour by hour from %s "
	    "(%.0f..%.0f gCO2e/kWh%s; ^ runs):\n",
	    what, lca_plan_strategy_name(o->strategy), o->signal, o->region, t,
	    lo, hi, o->nhourly > LCA_SPARK_MAX ? ", several hours a bar" : "");
	rc |= spark_runs(b, o->hourly, o->run, o->nhourly);
	return rc;
}

int lca__plan_text(const lca_plan_result *r, lca_buf *b)
{
	const lca_plan_option *base = &r->baseline;
	const char *head;
	char kg[32], s[32], e[32];
	int i, rc = 0;

	lca_format_human(kg, sizeof(kg), base->energy_kwh, LCA_Q_ENERGY);
	rc |= lca_buf_printf(b, "lca plan: a %.4g h job, %s in %s (PUE %.3g)\n",
			     r->duration_h, kg, base->region, base->pue);
	lca_format_human(kg, sizeof(kg), base->operational_kgco2e, LCA_Q_MASS);
	when(s, sizeof(s), r->from);
	when(e, sizeof(e), r->to);
	if (r->starts > 1)
		rc |= lca_buf_printf(b,
				     "evaluated %ld hourly submissions, %s to "
				     "%s; savings are against running "
				     "at once in %s\n",
				     r->starts, s, e, base->region);
	when(s, sizeof(s), base->start);
	when(e, sizeof(e), base->end);
	rc |= lca_buf_printf(b,
			     "baseline: run at once in %s (%s %s): %s .. %s, "
			     "%s operational CO2e at %.1f gCO2e/kWh\n\n",
			     base->region, base->zone[0] ? base->zone : "-",
			     base->signal, s, e, kg, base->intensity);
	if (r->starts > 1) {
		lca_format_human(kg, sizeof(kg), base->kg.mean, LCA_Q_MASS);
		lca_format_human(s, sizeof(s), base->kg.p05, LCA_Q_MASS);
		lca_format_human(e, sizeof(e), base->kg.p95, LCA_Q_MASS);
		rc |= lca_buf_printf(b,
				     "baseline mean over the submissions: %s "
				     "(p05 %s, p95 %s)\n\n",
				     kg, s, e);
		head = "  #  region                     strategy       signal  "
		       "  PUE   mean CO2e  saving    p05    p50    p95\n";
	} else {
		head = "  #  region                     strategy       signal  "
		       "  PUE  start              end                 CO2e  "
		       "saving\n";
	}
	rc |= lca_buf_printf(b, "ranked on the %s signal:\n%s", r->basis, head);
	for (i = 0; i < r->nopt && r->opt[i].ranked; i++)
		rc |= text_option(b, i + 1, &r->opt[i], r->starts);
	if (r->napart)
		rc |= lca_buf_printf(b,
				     "\nlisted apart, not ranked (another "
				     "signal than %s: not comparable):\n%s",
				     r->basis, head);
	for (; i < r->nopt; i++)
		rc |= text_option(b, 0, &r->opt[i], r->starts);
	if (r->nopt > 0)
		rc |= chart_text(b, "best option", &r->opt[0], r->from);
	rc |= chart_text(b, "baseline", base, r->from);
	rc |= lca_buf_puts(b, "\nintensities:\n");
	rc |= lca_buf_printf(b, "  %s: %s\n", base->region, base->how);
	for (i = 0; i < r->nopt; i++) {
		int j, seen = !strcmp(r->opt[i].region, base->region);
		for (j = 0; j < i && !seen; j++)
			seen = !strcmp(r->opt[j].region, r->opt[i].region);
		if (!seen)
			rc |= lca_buf_printf(b, "  %s: %s\n", r->opt[i].region,
					     r->opt[i].how);
	}
	rc |= lca_buf_puts(b, "\n");
	return rc | text_assumptions(b, &r->fp);
}

/* ---- JSON ------------------------------------------------------------ */

/* Prints root (and frees it) as one line; 0 or LCA_ENOMEM. */
static int json_out(lca_buf *b, cJSON *root)
{
	int rc = lca__json_write(b, root, 0) ? LCA_ENOMEM : 0;

	cJSON_Delete(root);
	return rc | lca_buf_puts(b, "\n");
}

static cJSON *jstats(const lca_plan_stats *s)
{
	cJSON *o = cJSON_CreateObject();

	if (!o)
		return NULL;
	cJSON_AddItemToObject(o, "mean", lca__json_num(s->mean));
	cJSON_AddItemToObject(o, "p05", lca__json_num(s->p05));
	cJSON_AddItemToObject(o, "p50", lca__json_num(s->p50));
	cJSON_AddItemToObject(o, "p95", lca__json_num(s->p95));
	cJSON_AddItemToObject(o, "min", lca__json_num(s->min));
	cJSON_AddItemToObject(o, "max", lca__json_num(s->max));
	return o;
}

static cJSON *joption(const lca_plan_option *o, long starts, int hourly)
{
	cJSON *j = cJSON_CreateObject();
	char t[32];

	if (!j)
		return NULL;
	cJSON_AddStringToObject(j, "region", o->region);
	cJSON_AddStringToObject(j, "name", o->name);
	cJSON_AddStringToObject(j, "zone", o->zone);
	cJSON_AddStringToObject(j, "signal", o->signal);
	cJSON_AddStringToObject(j, "strategy",
				lca_plan_strategy_name(o->strategy));
	when(t, sizeof(t), o->start);
	cJSON_AddStringToObject(j, "start", t);
	when(t, sizeof(t), o->end);
	cJSON_AddStringToObject(j, "end", t);
	cJSON_AddItemToObject(j, "operational_kgco2e",
			      lca__json_num(o->operational_kgco2e));
	cJSON_AddItemToObject(j, "saving_pct", lca__json_num(o->saving_pct));
	cJSON_AddItemToObject(j, "intensity_gco2_per_kwh",
			      lca__json_num(o->intensity));
	cJSON_AddItemToObject(j, "energy_kwh", lca__json_num(o->energy_kwh));
	cJSON_AddItemToObject(j, "pue", lca__json_num(o->pue));
	cJSON_AddBoolToObject(j, "ranked", o->ranked);
	cJSON_AddBoolToObject(j, "same_grid_as_baseline", o->same_grid);
	cJSON_AddNumberToObject(j, "shift_years", o->shift_years);
	cJSON_AddStringToObject(j, "intensity_source", o->how);
	if (starts > 1) {
		cJSON *p = cJSON_AddObjectToObject(j, "period");
		if (p) {
			cJSON_AddItemToObject(p, "operational_kgco2e",
					      jstats(&o->kg));
			cJSON_AddItemToObject(p, "saving_pct",
					      jstats(&o->saving));
		}
	}
	if (hourly) {
		cJSON *h = cJSON_AddArrayToObject(j, "hourly_gco2_per_kwh");
		cJSON *run = cJSON_AddArrayToObject(j, "hourly_run_fraction");
		int i;
		for (i = 0; h && run && i < o->nhourly; i++) {
			cJSON_AddItemToArray(h, lca__json_num(o->hourly[i]));
			cJSON_AddItemToArray(run, lca__json_num(o->run[i]));
		}
	}
	return j;
}

int lca__plan_json(const lca_plan_result *r, lca_buf *b)
{
	cJSON *root = cJSON_CreateObject(), *opts, *as, *sub;
	char t[32];
	int i;

	if (!root)
		return LCA_ENOMEM;
	cJSON_AddStringToObject(root, "lca_version", LCA_VERSION);
	cJSON_AddNumberToObject(root, "duration_h", r->duration_h);
	cJSON_AddNumberToObject(root, "horizon_h", (double)r->horizon_h);
	cJSON_AddStringToObject(root, "basis_signal", r->basis);
	sub = cJSON_AddObjectToObject(root, "submissions");
	if (sub) {
		when(t, sizeof(t), r->from);
		cJSON_AddStringToObject(sub, "from", t);
		when(t, sizeof(t), r->to);
		cJSON_AddStringToObject(sub, "to", t);
		cJSON_AddNumberToObject(sub, "count", (double)r->starts);
	}
	cJSON_AddItemToObject(root, "baseline",
			      joption(&r->baseline, r->starts, 1));
	opts = cJSON_AddArrayToObject(root, "options");
	for (i = 0; opts && i < r->nopt; i++)
		cJSON_AddItemToArray(opts,
				     joption(&r->opt[i], r->starts, i == 0));
	as = lca__json_assumptions(&r->fp);
	if (as)
		cJSON_AddItemToObject(root, "assumptions", as);
	return json_out(b, root);
}

/* ---- CSV ------------------------------------------------------------- */

/* rank: 0 the baseline, "" an option listed apart (another signal) */
static int csv_row(lca_buf *b, int rank, const lca_plan_option *o)
{
	char s[32], e[32], r[16];

	when(s, sizeof(s), o->start);
	when(e, sizeof(e), o->end);
	lca__fmt(r, sizeof(r), "%d", rank);
	return lca_buf_printf(b,
			      "%s,%s,%s,%s,%s,%s,%s,%.6g,%.4f,%.6g,%.6g,%.4f,%"
			      ".4f,%.4f,%.4f,%.6g,%s\n",
			      rank < 0 ? "" : r, o->region, o->zone, o->signal,
			      lca_plan_strategy_name(o->strategy), s, e,
			      o->operational_kgco2e, o->saving_pct,
			      o->intensity, o->kg.mean, o->saving.mean,
			      o->saving.p05, o->saving.p50, o->saving.p95,
			      o->pue, o->ranked ? "true" : "false");
}

int lca__plan_csv(const lca_plan_result *r, lca_buf *b)
{
	int i, rc;

	rc = lca_buf_puts(b, "rank,region,zone,signal,strategy,start,end,"
			     "operational_kgco2e,saving_pct,intensity_gco2_"
			     "per_kwh,period_mean_kgco2e,period_saving_mean,"
			     "period_saving_p05,period_saving_p50,period_"
			     "saving_p95,pue,ranked\n");
	rc |= csv_row(b, 0, &r->baseline);
	for (i = 0; i < r->nopt; i++)
		rc |= csv_row(b, r->opt[i].ranked ? i + 1 : -1, &r->opt[i]);
	return rc;
}

/* ---- HTML ------------------------------------------------------------ */

/* The chosen window hour by hour: its intensity, the baseline's, and the
 * hours the job runs shaded. */
static int svg_window(lca_buf *b, const lca_plan_result *r)
{
	const lca_plan_option *o = &r->opt[0], *base = &r->baseline;
	const double w = 700, h = 180, left = 60, top = 20;
	double lo = INFINITY, hi = -INFINITY, bw;
	char t0[32], t1[32];
	int i, n = o->nhourly, rc = 0;

	for (i = 0; i < n; i++) {
		double a = o->hourly[i], c = base->hourly[i];
		lo = fmin(lo, fmin(a, c));
		hi = fmax(hi, fmax(a, c));
	}
	if (!(hi >= lo) || n < 1)
		return 0;
	if (hi == lo)
		hi = lo + 1;
	lo = lo > 0 ? 0 : lo;
	bw = w / n;
	when(t0, sizeof(t0), r->from);
	when(t1, sizeof(t1), r->from + (long long)n * 3600);
	rc |= lca_buf_printf(
	    b,
	    "<svg id=\"chart-plan\" xmlns=\"http://www.w3.org/2000/svg\" "
	    "width=\"780\" height=\"240\" viewBox=\"0 0 780 240\" "
	    "role=\"img\" aria-label=\"hourly grid intensity of the chosen "
	    "window\">\n<title>gCO2e/kWh hour by hour from %s</title>\n",
	    t0);
	for (i = 0; i < n; i++)
		if (o->run[i] > 0)
			rc |= lca_buf_printf(
			    b,
			    "<rect class=\"run\" x=\"%.2f\" y=\"%.0f\" "
			    "width=\"%.2f\" height=\"%.0f\" fill=\"#2ca02c\" "
			    "fill-opacity=\"%.2f\"/>\n",
			    left + bw * i, top, bw, h, 0.25 * o->run[i]);
	rc |= lca_buf_printf(b,
			     "<text x=\"4\" y=\"%.0f\" font-size=\"11\">%.0f"
			     "</text>\n<text x=\"4\" y=\"%.0f\" "
			     "font-size=\"11\">%.0f</text>\n"
			     "<text x=\"%.0f\" y=\"%.0f\" font-size=\"11\">%s"
			     "</text>\n<text x=\"%.0f\" y=\"%.0f\" "
			     "font-size=\"11\" text-anchor=\"end\">%s</text>\n"
			     "<text x=\"4\" y=\"12\" font-size=\"11\">gCO2e/"
			     "kWh</text>\n",
			     top + 4, hi, top + h, lo, left, top + h + 16, t0,
			     left + w, top + h + 16, t1);
	for (int k = 0; k < 2; k++) {
		const lca_plan_option *p = k ? base : o;
		rc |= lca_buf_printf(b,
				     "<polyline class=\"%s\" fill=\"none\" "
				     "stroke=\"%s\" stroke-width=\"1.5\" "
				     "points=\"",
				     k ? "baseline" : "chosen",
				     k ? "#7f7f7f" : "#d62728");
		for (i = 0; i < n; i++)
			rc |= lca_buf_printf(
			    b, "%.2f,%.2f ", left + bw * (i + 0.5),
			    top + h - h * (p->hourly[i] - lo) / (hi - lo));
		rc |= lca_buf_puts(b, "\"/>\n");
	}
	rc |= lca_buf_printf(b,
			     "<text x=\"%.0f\" y=\"%.0f\" font-size=\"11\" "
			     "fill=\"#d62728\">%s %s</text>\n<text x=\"%.0f\" "
			     "y=\"%.0f\" font-size=\"11\" fill=\"#7f7f7f\">"
			     "baseline %s</text>\n</svg>\n",
			     left + 200, top + h + 32, o->region,
			     lca_plan_strategy_name(o->strategy), left + 450,
			     top + h + 32, base->region);
	return rc;
}

int lca__plan_html(const lca_plan_result *r, lca_buf *b)
{
	char kg[64], num[64];
	int i, rc = 0;

	rc |= lca_buf_puts(
	    b, "<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8>"
	       "<title>lca plan</title>\n<style>body{font:14px/1.4 "
	       "system-ui,sans-serif;margin:2em;max-width:60em}"
	       "table{border-collapse:collapse}td,th{padding:2px 8px;"
	       "border-bottom:1px solid #ddd;text-align:right}"
	       "td:nth-child(2),td:nth-child(3),th{text-align:left}"
	       "</style></head><body>\n<h1>Where and when to run</h1>\n");
	rc |= lca_buf_printf(b, "<p>A %.4g h job; baseline: at once in ",
			     r->duration_h);
	rc |= lca__html_esc(b, r->baseline.region);
	lca_format_human(kg, sizeof(kg), r->baseline.operational_kgco2e,
			 LCA_Q_MASS);
	rc |= lca_buf_printf(b,
			     ", %s CO2e operational. %ld "
			     "submission%s evaluated.</p>\n",
			     kg, r->starts, r->starts == 1 ? "" : "s");
	rc |= lca_buf_printf(b,
			     "<p>Ranked on the %s signal; options on another "
			     "signal are listed apart, not ranked.</p>\n",
			     r->basis);
	rc |= lca_buf_puts(b, "<table id=\"options\"><tr><th>#</th><th>region"
			      "</th><th>strategy</th><th>signal</th><th>PUE"
			      "</th><th>start</th><th>end</th><th>CO2e</th>"
			      "<th>saving %</th><th>mean saving %</th><th>p05"
			      "</th><th>p95</th></tr>\n");
	for (i = 0; i < r->nopt; i++) {
		const lca_plan_option *o = &r->opt[i];
		char s[32], e[32];
		when(s, sizeof(s), o->start);
		when(e, sizeof(e), o->end);
		lca_format_human(kg, sizeof(kg), o->operational_kgco2e,
				 LCA_Q_MASS);
		if (!o->ranked && (i == 0 || r->opt[i - 1].ranked))
			rc |=
			    lca_buf_printf(b,
					   "<tr><th colspan=\"12\">listed "
					   "apart, not ranked: another signal "
					   "than %s</th></tr>\n",
					   r->basis);
		if (o->ranked)
			rc |= lca_buf_printf(b, "<tr><td>%d</td><td>", i + 1);
		else
			rc |= lca_buf_puts(b, "<tr><td>-</td><td>");
		rc |= lca__html_esc(b, o->region);
		rc |= lca_buf_printf(
		    b,
		    "%s</td><td>%s</td><td>%s</td><td>%.2f</td><td>%s</td>"
		    "<td>%s</td><td>%s</td><td>%.1f</td><td>%.1f</td>"
		    "<td>%.1f</td><td>%.1f</td></tr>\n",
		    o->same_grid ? " (same grid as the baseline)" : "",
		    lca_plan_strategy_name(o->strategy), o->signal, o->pue, s,
		    e, kg, o->saving_pct, o->saving.mean, o->saving.p05,
		    o->saving.p95);
	}
	rc |= lca_buf_puts(b, "</table>\n<h2>The best option hour by hour"
			      "</h2>\n");
	if (r->nopt > 0)
		rc |= svg_window(b, r);
	rc |= lca_buf_puts(b, "<h2>Assumptions</h2>\n<ul>\n");
	for (i = 0; i < r->fp.nassumptions; i++) {
		const lca_assumption *a = &r->fp.assumptions[i];
		rc |= lca_buf_puts(b, "<li>");
		rc |= lca__html_esc(b, a->name);
		rc |= lca_buf_puts(b, ": ");
		rc |=
		    lca__html_esc(b, lca__assumption_text(a, num, sizeof(num)));
		rc |= lca_buf_puts(b, " ");
		rc |= lca__html_esc(b, a->unit);
		rc |= lca_buf_puts(b, " (");
		rc |= lca__html_esc(b, a->source);
		rc |= lca_buf_puts(b, ")</li>\n");
	}
	rc |= lca_buf_puts(b, "</ul>\n</body></html>\n");
	return rc;
}

/* ---- budget ---------------------------------------------------------- */

int lca_budget_render(const lca_budget_result *r, const char *format,
		      lca_buf *out, lca_error *err)
{
	const lca_phase_result *t = &r->fp.total;
	int rc = 0;

	if (!strcmp(format, "json")) {
		cJSON *root = cJSON_CreateObject(), *as;
		if (!root)
			return lca_error_set(err, LCA_ENOMEM, "plan",
					     "out of memory");
		cJSON_AddStringToObject(root, "lca_version", LCA_VERSION);
		cJSON_AddItemToObject(root, "tokens", lca__json_num(r->tokens));
		cJSON_AddItemToObject(root, "params", lca__json_num(r->params));
		cJSON_AddBoolToObject(root, "compute_optimal",
				      r->compute_optimal);
		cJSON_AddItemToObject(root, "flops", lca__json_num(r->flops));
		cJSON_AddItemToObject(root, "device_hours",
				      lca__json_num(r->device_hours));
		cJSON_AddItemToObject(root, "wall_hours",
				      lca__json_num(r->wall_hours));
		cJSON_AddItemToObject(root, "energy_kwh",
				      lca__json_num(t->energy_kwh));
		cJSON_AddItemToObject(root, "operational_kgco2e",
				      lca__json_num(t->operational_kgco2e));
		cJSON_AddItemToObject(root, "embodied_kgco2e",
				      lca__json_num(t->embodied_kgco2e));
		cJSON_AddItemToObject(root, "total_kgco2e",
				      lca__json_num(t->total_kgco2e));
		cJSON_AddItemToObject(root, "budget_counted_kgco2e",
				      lca__json_num(r->kgco2e));
		cJSON_AddStringToObject(root, "binding", r->binding);
		as = lca__json_assumptions(&r->fp);
		if (as)
			cJSON_AddItemToObject(root, "assumptions", as);
		rc = json_out(out, root);
	} else if (!strcmp(format, "text")) {
		char kg[32], op[32], em[32];
		lca_format_human(kg, sizeof(kg), r->kgco2e, LCA_Q_MASS);
		lca_format_human(op, sizeof(op), t->operational_kgco2e,
				 LCA_Q_MASS);
		lca_format_human(em, sizeof(em), t->embodied_kgco2e,
				 LCA_Q_MASS);
		rc |= lca_buf_printf(out, "lca plan budget: %.4g tokens%s",
				     r->tokens,
				     r->compute_optimal ? " and " : "");
		if (r->compute_optimal)
			rc |= lca_buf_printf(out,
					     "%.4g parameters "
					     "(compute-optimal, 20 tokens per "
					     "parameter)",
					     r->params);
		else
			rc |= lca_buf_printf(out, " for %.4g parameters",
					     r->params);
		rc |= lca_buf_printf(
		    out,
		    "\n  fit in %s CO2e (%s operational, %s embodied); the %s "
		    "binds\n  %.4g FLOPs, %.4g device-hours",
		    kg, op, em, r->binding, r->flops, r->device_hours);
		if (!isnan(r->wall_hours))
			rc |= lca_buf_printf(out, ", %.4g h wall-clock",
					     r->wall_hours);
		lca_format_human(kg, sizeof(kg), t->energy_kwh, LCA_Q_ENERGY);
		rc |= lca_buf_printf(out, ", %s\n\n", kg);
		rc |= text_assumptions(out, &r->fp);
	} else {
		return lca_error_set(err, LCA_EUSAGE, "format",
				     "unknown format '%s' for a budget "
				     "(expected text or json)",
				     format);
	}
	return rc ? lca_error_set(err, LCA_ENOMEM, "plan", "out of memory") : 0;
}
