/* SPDX-License-Identifier: MIT */
/* report_audit.c: audit results as text, JSON and a Markdown table, for the
 * CLI and every other door (lca_audit_render). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "lca/audit.h"
#include "reports.h"
#include "../engine/lca_int.h"
#include "../engine/banned.h"

static void tonnes(char *dst, size_t n, double t)
{
	if (isnan(t))
		lca__strlcpy(dst, "-", n);
	else
		lca__fmt(dst, n, "%.4g t", t);
}

static void ratio_text(char *dst, size_t n, double ratio)
{
	if (isnan(ratio))
		lca__strlcpy(dst, "-", n);
	else
		lca__fmt(dst, n, "%.3f", ratio);
}

/* "implied grid x pue 57 gCO2e/kWh (range 35.6-68.9, plausible)" */
static void implied_text(char *dst, size_t n, const lca_audit_implied *im)
{
	if (isnan(im->low))
		lca__fmt(dst, n, "%s %.4g %s (no range known)", im->name,
			 im->value, im->unit);
	else
		lca__fmt(dst, n, "%s %.4g %s (range %.4g-%.4g, %s)", im->name,
			 im->value, im->unit, im->low, im->high,
			 im->plausible ? "plausible" : "not plausible");
}

/* "recomputed or range" for the table: the recomputed figure, else the
 * Monte Carlo range, else the implied input. */
static void recomputed_or_range(char *dst, size_t n, const lca_audit_result *r)
{
	if (!isnan(r->recomputed_tco2e))
		tonnes(dst, n, r->recomputed_tco2e);
	else if (!isnan(r->range_p05_tco2e))
		lca__fmt(dst, n, "%.4g-%.4g t (90%%)", r->range_p05_tco2e,
			 r->range_p95_tco2e);
	else if (r->nimplied)
		implied_text(dst, n, &r->implied[0]);
	else
		lca__strlcpy(dst, "-", n);
}

static int render_text(const lca_claim *claims, const lca_audit_result *res,
		       int n, lca_buf *b)
{
	char cl[32], re[32], lc[32], ratio[32], im[400];
	int i, f, k, rc = 0;

	rc |= lca_buf_printf(
	    b,
	    "lca %s audit: %d claim%s; tolerance %.0f%% (claimed / "
	    "recomputed within %.2f-%.2f is consistent: published figures "
	    "carry 2-3 significant digits)\n",
	    LCA_VERSION, n, n == 1 ? "" : "s", 100 * LCA_AUDIT_TOLERANCE,
	    1 - LCA_AUDIT_TOLERANCE, 1 + LCA_AUDIT_TOLERANCE);
	for (i = 0; i < n; i++) {
		const lca_audit_result *r = &res[i];
		tonnes(cl, sizeof(cl), r->claimed_tco2e);
		tonnes(re, sizeof(re), r->recomputed_tco2e);
		tonnes(lc, sizeof(lc), r->lifecycle_tco2e);
		ratio_text(ratio, sizeof(ratio), r->ratio);
		rc |= lca_buf_printf(b, "\n%s  %s\n", r->id,
				     lca_verdict_name(r->verdict));
		rc |= lca_buf_printf(b, "  reason       %s\n", r->reason);
		if (claims[i].model[0])
			rc |= lca_buf_printf(b, "  model        %s\n",
					     claims[i].model);
		if (claims[i].source[0])
			rc |= lca_buf_printf(b, "  source       %s\n",
					     claims[i].source);
		if (r->method == LCA_METHOD_MARKET)
			rc |= lca_buf_printf(b, "  method       %s\n",
					     lca_claim_method_name(r->method));
		rc |= lca_buf_printf(b, "  claimed      %s\n", cl);
		rc |=
		    lca_buf_printf(b, "  recomputed   %s (%s)\n", re, r->basis);
		rc |= lca_buf_printf(b, "  ratio        %s\n", ratio);
		if (!isnan(r->range_p05_tco2e))
			rc |= lca_buf_printf(
			    b, "  range        %.4g-%.4g t (90%%, %d draws)\n",
			    r->range_p05_tco2e, r->range_p95_tco2e,
			    LCA_AUDIT_SAMPLES);
		for (k = 0; k < r->nimplied; k++) {
			implied_text(im, sizeof(im), &r->implied[k]);
			rc |= lca_buf_printf(b, "  implied      %s\n", im);
		}
		if (!isnan(r->location_tco2e))
			rc |= lca_buf_printf(b,
					     "  location     %.4g t "
					     "(location-based equivalent)\n",
					     r->location_tco2e);
		for (f = 0; f < LCA_AF__COUNT; f++)
			if (r->flags & (1u << f))
				rc |= lca_buf_printf(
				    b, "  flag         %s: %s\n",
				    lca_audit_flag_name(f), r->why[f]);
		rc |= lca_buf_printf(b, "  lifecycle    %s (%s)\n", lc,
				     r->lifecycle_note);
	}
	return rc ? LCA_ENOMEM : 0;
}

static void add_implied(cJSON *o, const lca_audit_result *r)
{
	cJSON *arr = cJSON_AddArrayToObject(o, "implied");
	int k;

	for (k = 0; arr && k < r->nimplied; k++) {
		const lca_audit_implied *im = &r->implied[k];
		cJSON *e = cJSON_CreateObject(), *range;
		if (!e)
			return;
		cJSON_AddItemToArray(arr, e);
		cJSON_AddStringToObject(e, "name", im->name);
		cJSON_AddItemToObject(e, "value", lca__json_num(im->value));
		cJSON_AddStringToObject(e, "unit", im->unit);
		if (isnan(im->low)) {
			cJSON_AddNullToObject(e, "range");
			cJSON_AddNullToObject(e, "plausible");
		} else {
			range = cJSON_AddArrayToObject(e, "range");
			if (range) {
				cJSON_AddItemToArray(range,
						     lca__json_num(im->low));
				cJSON_AddItemToArray(range,
						     lca__json_num(im->high));
			}
			cJSON_AddBoolToObject(e, "plausible", im->plausible);
		}
		cJSON_AddStringToObject(e, "range_source", im->source);
	}
}

static int render_json(const lca_audit_result *res, int n, lca_buf *b)
{
	cJSON *root = cJSON_CreateObject(), *arr;
	char *text = NULL;
	int i, f, rc = LCA_ENOMEM;

	if (!root)
		return LCA_ENOMEM;
	cJSON_AddStringToObject(root, "lca_version", LCA_VERSION);
	cJSON_AddNumberToObject(root, "tolerance", LCA_AUDIT_TOLERANCE);
	arr = cJSON_AddArrayToObject(root, "claims");
	for (i = 0; arr && i < n; i++) {
		const lca_audit_result *r = &res[i];
		cJSON *o = cJSON_CreateObject(), *fl, *why, *rg;
		if (!o)
			goto done;
		cJSON_AddItemToArray(arr, o);
		cJSON_AddStringToObject(o, "id", r->id);
		cJSON_AddStringToObject(o, "method",
					lca_claim_method_name(r->method));
		cJSON_AddItemToObject(o, "claimed_tco2e",
				      lca__json_num(r->claimed_tco2e));
		cJSON_AddItemToObject(o, "recomputed_tco2e",
				      lca__json_num(r->recomputed_tco2e));
		cJSON_AddItemToObject(o, "ratio", lca__json_num(r->ratio));
		cJSON_AddStringToObject(o, "verdict",
					lca_verdict_name(r->verdict));
		cJSON_AddStringToObject(o, "reason", r->reason);
		add_implied(o, r);
		if (!isnan(r->range_p05_tco2e)) {
			rg = cJSON_AddObjectToObject(o, "range_tco2e");
			if (rg) {
				cJSON_AddItemToObject(
				    rg, "p05",
				    lca__json_num(r->range_p05_tco2e));
				cJSON_AddItemToObject(
				    rg, "p95",
				    lca__json_num(r->range_p95_tco2e));
			}
		}
		if (r->method == LCA_METHOD_MARKET)
			cJSON_AddItemToObject(o, "location_based_tco2e",
					      lca__json_num(r->location_tco2e));
		fl = cJSON_AddArrayToObject(o, "flags");
		why = cJSON_AddObjectToObject(o, "explanations");
		for (f = 0; fl && why && f < LCA_AF__COUNT; f++)
			if (r->flags & (1u << f)) {
				cJSON_AddItemToArray(
				    fl,
				    cJSON_CreateString(lca_audit_flag_name(f)));
				cJSON_AddStringToObject(
				    why, lca_audit_flag_name(f), r->why[f]);
			}
		cJSON_AddItemToObject(o, "lifecycle_tco2e",
				      lca__json_num(r->lifecycle_tco2e));
		cJSON_AddStringToObject(o, "basis", r->basis);
		cJSON_AddStringToObject(o, "lifecycle_note", r->lifecycle_note);
	}
	text = cJSON_PrintUnformatted(root);
	if (text && !lca_buf_puts(b, text) && !lca_buf_puts(b, "\n"))
		rc = 0;
done:
	free(text);
	cJSON_Delete(root);
	return rc;
}

/* The table a reviewer pastes into a report (md), and its csv and html. */
static const lca__col table_cols[] = {
    {"claim", NULL, 0, 0, NULL, NULL, NULL, NULL, NULL, 0},
    {"stated", NULL, 0, 0, NULL, NULL, NULL, NULL, "-", LCA__COL_RIGHT},
    {"recomputed or range", NULL, 0, 0, NULL, NULL, NULL, NULL, "-", 0},
    {"ratio", NULL, 0, 0, NULL, NULL, NULL, NULL, "-", LCA__COL_RIGHT},
    {"verdict", NULL, 0, 0, NULL, NULL, NULL, NULL, NULL, 0},
    {"reason", NULL, 0, 0, NULL, NULL, NULL, NULL, NULL, 0},
};

static int render_table(const lca_audit_result *res, int n,
			const lca__format *f, lca_buf *b)
{
	char cl[32], re[400], ratio[32];
	lca__table t;
	int i, rc = 0;

	lca__table_init(&t, "audit", (lca__col *)table_cols,
			(int)(sizeof(table_cols) / sizeof(table_cols[0])));
	t.title = "lca audit";
	for (i = 0; !rc && i < n; i++) {
		const lca_audit_result *r = &res[i];
		lca__cell *row = lca__table_row(&t);
		if (!row) {
			rc = LCA_ENOMEM;
			break;
		}
		tonnes(cl, sizeof(cl), r->claimed_tco2e);
		recomputed_or_range(re, sizeof(re), r);
		ratio_text(ratio, sizeof(ratio), r->ratio);
		rc |= lca__cell_str(&row[0], r->id);
		/* "-" (nothing) is a null cell: empty in csv */
		rc |= lca__cell_str(&row[1], strcmp(cl, "-") ? cl : NULL);
		rc |= lca__cell_str(&row[2], strcmp(re, "-") ? re : NULL);
		rc |= lca__cell_str(&row[3], strcmp(ratio, "-") ? ratio : NULL);
		rc |= lca__cell_str(&row[4], lca_verdict_name(r->verdict));
		rc |= lca__cell_str(&row[5], r->reason);
	}
	if (!rc)
		rc = f->table(&t, b);
	lca__table_release(&t);
	return rc ? LCA_ENOMEM : 0;
}

int lca_audit_format_known(const char *format)
{
	const lca__format *f;

	return format && (!strcmp(format, "text") || !strcmp(format, "json") ||
			  !lca__format_get(format, LCA__K_TABLE, &f, NULL));
}

int lca_audit_render(lca_buf *out, const char *format, const lca_claim *claims,
		     const lca_audit_result *res, int n, lca_error *err)
{
	const lca__format *f;
	int rc;

	/* text and json say more than a table row: the reason, every flag
	 * and implied input; the other formats are the table */
	if (format && !strcmp(format, "text"))
		rc = render_text(claims, res, n, out);
	else if (format && !strcmp(format, "json"))
		rc = render_json(res, n, out);
	else if ((rc = lca__format_get(format, LCA__K_TABLE, &f, err)))
		return rc;
	else
		rc = render_table(res, n, f, out);
	if (rc)
		return lca_error_set(err, LCA_ENOMEM, "audit", "out of memory");
	return 0;
}
