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
			     "unknown format '%s' (expected text, csv or json)",
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
		return lca__json_num(v);
	lca__fmt(s, sizeof(s), "%.6g", v);
	return cJSON_CreateNumber(strtod(s, NULL));
}

#define T LCA__IN_TEXT
#define C LCA__IN_CSV
#define J LCA__IN_JSON

static const lca__col series_cols[] = {
    {"zone", NULL, 0, -16, NULL, NULL, NULL, NULL, NULL, 0},
    {"signal", NULL, 0, -10, NULL, NULL, NULL, NULL, NULL, 0},
    {"kind", NULL, 0, -9, NULL, NULL, NULL, NULL, NULL, 0},
    {"origin", NULL, 0, -8, NULL, NULL, NULL, NULL, NULL, 0},
    {"samples", NULL, 0, 8, NULL, NULL, "%.0f", "%.0f", NULL, 0},
    {"from", NULL, 0, -17, "  ", NULL, NULL, NULL, NULL, 0},
    {"to", NULL, 0, -17, NULL, NULL, NULL, NULL, NULL, 0},
    {"mean", NULL, 0, 8, NULL, NULL, "%.1f", "%.6g", NULL, LCA__COL_ROUND},
    {"min", NULL, 0, 8, NULL, NULL, "%.1f", "%.6g", NULL, LCA__COL_ROUND},
    {"max", NULL, 0, 8, NULL, NULL, "%.1f", "%.6g", NULL, LCA__COL_ROUND},
    {"source", NULL, C, 0, NULL, NULL, NULL, NULL, NULL, 0},
};

#define NCOLS ((int)(sizeof(series_cols) / sizeof(series_cols[0])))

int lca_series_list_render(const lca_series_info *s, int n, const char *format,
			   lca_buf *out, lca_error *err)
{
	const lca__format *f;
	lca__table t;
	char a[32], b[32];
	int i, rc = lca__format_get(format ? format : "text", LCA__K_TABLE, &f,
				    err);

	if (rc)
		return rc;
	lca__table_init(&t, "grid", (lca__col *)series_cols, NCOLS);
	t.json_key = "series";
	for (i = 0; !rc && i < n; i++) {
		lca__cell *row = lca__table_row(&t);
		if (!row) {
			rc = LCA_ENOMEM;
			break;
		}
		lca_time_format(s[i].t0, a, sizeof(a));
		lca_time_format(s[i].t1, b, sizeof(b));
		rc |= lca__cell_str(&row[0], s[i].zone);
		rc |= lca__cell_str(&row[1], s[i].signal);
		rc |= lca__cell_str(&row[2], s[i].kind);
		rc |= lca__cell_str(&row[3], s[i].origin);
		rc |= lca__cell_num(&row[4], (double)s[i].n, NULL);
		rc |= lca__cell_str(&row[5], a);
		rc |= lca__cell_str(&row[6], b);
		rc |= lca__cell_num(&row[7], s[i].mean, NULL);
		rc |= lca__cell_num(&row[8], s[i].min, NULL);
		rc |= lca__cell_num(&row[9], s[i].max, NULL);
		rc |= lca__cell_str(&row[10], s[i].source);
	}
	if (!rc)
		rc = f->table(&t, out);
	lca__table_release(&t);
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
