/* SPDX-License-Identifier: MIT */
/* report_grid.c: hourly grid series as text, csv or json (lca grid list and
 * lca grid show print these).  JSON goes through cJSON, so any zone or
 * source text gives valid JSON. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "reports.h"
#include "lca/series.h"
#include "../engine/lca_int.h"
#include "../engine/banned.h"

static int bad_format(const char *format, lca_error *err)
{
	return lca_error_set(err, LCA_EUSAGE, "format",
			     "unknown format '%s' (text, csv or json)",
			     format ? format : "");
}

static int json_out(cJSON *root, lca_buf *out, lca_error *err)
{
	char *text = root ? cJSON_PrintUnformatted(root) : NULL;
	int rc = text ? lca_buf_printf(out, "%s\n", text) : LCA_ENOMEM;

	free(text);
	cJSON_Delete(root);
	return rc ? lca_error_set(err, LCA_ENOMEM, "grid", "out of memory") : 0;
}

/* %.6g as a JSON number (the text and csv forms print the same digits). */
static cJSON *num6(double v)
{
	char s[32];

	if (!isfinite(v))
		return cJSON_CreateNull();
	lca__fmt(s, sizeof(s), "%.6g", v);
	return cJSON_CreateNumber(strtod(s, NULL));
}

int lca_series_list_render(const lca_series_info *s, int n, const char *format,
			   lca_buf *out, lca_error *err)
{
	char a[32], b[32];
	int i, rc = 0;

	if (format && !strcmp(format, "json")) {
		cJSON *root = cJSON_CreateObject();
		cJSON *arr =
		    root ? cJSON_AddArrayToObject(root, "series") : NULL;
		for (i = 0; arr && i < n; i++) {
			cJSON *o = cJSON_CreateObject();
			if (!o || !cJSON_AddItemToArray(arr, o))
				break;
			lca_time_format(s[i].t0, a, sizeof(a));
			lca_time_format(s[i].t1, b, sizeof(b));
			cJSON_AddStringToObject(o, "zone", s[i].zone);
			cJSON_AddStringToObject(o, "signal", s[i].signal);
			cJSON_AddStringToObject(o, "kind", s[i].kind);
			cJSON_AddStringToObject(o, "origin", s[i].origin);
			cJSON_AddNumberToObject(o, "samples", (double)s[i].n);
			cJSON_AddStringToObject(o, "from", a);
			cJSON_AddStringToObject(o, "to", b);
			cJSON_AddItemToObject(o, "mean", num6(s[i].mean));
			cJSON_AddItemToObject(o, "min", num6(s[i].min));
			cJSON_AddItemToObject(o, "max", num6(s[i].max));
		}
		return json_out(arr ? root : (cJSON_Delete(root), NULL), out,
				err);
	}
	if (format && !strcmp(format, "csv")) {
		rc |= lca_buf_puts(out, "zone,signal,kind,origin,samples,from,"
					"to,mean,min,max,source\n");
		for (i = 0; i < n; i++) {
			lca_time_format(s[i].t0, a, sizeof(a));
			lca_time_format(s[i].t1, b, sizeof(b));
			rc |= lca__csv_field(out, s[i].zone);
			rc |= lca_buf_puts(out, ",");
			rc |= lca__csv_field(out, s[i].signal);
			rc |= lca_buf_printf(out,
					     ",%s,%s,%ld,%s,%s,%.6g,%.6g,%.6g,",
					     s[i].kind, s[i].origin, s[i].n, a,
					     b, s[i].mean, s[i].min, s[i].max);
			rc |= lca__csv_field(out, s[i].source);
			rc |= lca_buf_puts(out, "\n");
		}
	} else if (!format || !strcmp(format, "text")) {
		rc |= lca_buf_printf(
		    out, "%-16s %-10s %-9s %-8s %8s  %-17s %-17s %8s %8s %8s\n",
		    "zone", "signal", "kind", "origin", "samples", "from", "to",
		    "mean", "min", "max");
		for (i = 0; i < n; i++) {
			lca_time_format(s[i].t0, a, sizeof(a));
			lca_time_format(s[i].t1, b, sizeof(b));
			rc |= lca_buf_printf(
			    out,
			    "%-16s %-10s %-9s %-8s %8ld  %-17s %-17s %8.1f "
			    "%8.1f %8.1f\n",
			    s[i].zone, s[i].signal, s[i].kind, s[i].origin,
			    s[i].n, a, b, s[i].mean, s[i].min, s[i].max);
		}
	} else {
		return bad_format(format, err);
	}
	return rc ? lca_error_set(err, LCA_ENOMEM, "grid", "out of memory") : 0;
}

int lca_series_hours_render(const lca_series_info *si, long long t0,
			    const double *v, long hours, long interpolated,
			    const char *format, lca_buf *out, lca_error *err)
{
	double sum = 0, mn = HUGE_VAL, mx = -HUGE_VAL, mean;
	int json = format && !strcmp(format, "json");
	int csv = format && !strcmp(format, "csv");
	cJSON *root = NULL, *arr = NULL;
	long i, n = 0;
	char ts[32];
	int rc = 0;

	if (format && !json && !csv && strcmp(format, "text"))
		return bad_format(format, err);
	if (json) {
		root = cJSON_CreateObject();
		if (root) {
			cJSON_AddStringToObject(root, "zone", si->zone);
			cJSON_AddStringToObject(root, "signal", si->signal);
			cJSON_AddStringToObject(root, "kind", si->kind);
			arr = cJSON_AddArrayToObject(root, "hours");
		}
		if (!arr) {
			cJSON_Delete(root);
			return lca_error_set(err, LCA_ENOMEM, "grid",
					     "out of memory");
		}
	} else if (csv) {
		rc |= lca_buf_puts(out, "time,gco2_per_kwh\n");
	} else {
		rc |=
		    lca_buf_printf(out, "# %s %s (%s signal), gCO2e/kWh; %s\n",
				   si->zone, si->signal, si->kind, si->source);
	}
	for (i = 0; i < hours; i++) {
		lca_time_format(t0 + i * 3600LL, ts, sizeof(ts));
		if (!isnan(v[i])) {
			sum += v[i];
			mn = fmin(mn, v[i]);
			mx = fmax(mx, v[i]);
			n++;
		}
		if (json) {
			cJSON *pair = cJSON_CreateArray();
			if (!pair || !cJSON_AddItemToArray(arr, pair)) {
				cJSON_Delete(pair);
				rc = LCA_ENOMEM;
				break;
			}
			cJSON_AddItemToArray(pair, cJSON_CreateString(ts));
			cJSON_AddItemToArray(pair, num6(v[i]));
		} else if (isnan(v[i])) {
			rc |=
			    lca_buf_printf(out, csv ? "%s,\n" : "%s  -\n", ts);
		} else {
			rc |= lca_buf_printf(
			    out, csv ? "%s,%.6g\n" : "%s  %.6g\n", ts, v[i]);
		}
	}
	mean = n ? sum / (double)n : 0;
	if (json) {
		cJSON_AddItemToObject(root, "average", num6(mean));
		cJSON_AddItemToObject(root, "min", num6(n ? mn : 0));
		cJSON_AddItemToObject(root, "max", num6(n ? mx : 0));
		cJSON_AddNumberToObject(root, "interpolated_hours",
					(double)interpolated);
		if (rc) {
			cJSON_Delete(root);
			return lca_error_set(err, LCA_ENOMEM, "grid",
					     "out of memory");
		}
		return json_out(root, out, err);
	}
	if (!csv)
		rc |= lca_buf_printf(out,
				     "# %ld hours with data: average %.1f, min "
				     "%.1f, max %.1f; %ld interpolated\n",
				     n, mean, n ? mn : 0, n ? mx : 0,
				     interpolated);
	return rc ? lca_error_set(err, LCA_ENOMEM, "grid", "out of memory") : 0;
}
