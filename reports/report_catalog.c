/* SPDX-License-Identifier: MIT */
/* report_catalog.c: the catalog's tables as text, csv or json (lca catalog
 * list).  The queries live here, beside the catalog's private connection,
 * so no caller needs the SQLite handle. */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <sqlite3.h>

#include "reports.h"
#include "../engine/lca_int.h"
#include "../engine/banned.h"

static const struct {
	const char *name, *alias, *sql;
} lists[] = {
    {"gpus", "gpu",
     "SELECT id, family, CASE family_default WHEN 1 THEN 'yes' ELSE '' END "
     "AS \"default\", tdp_w, bf16_tflops, memory_gb, origin, source FROM "
     "accelerators ORDER BY vendor, id"},
    {"regions", "region",
     "SELECT key, kind, name, gco2_per_kwh, year, method, pue, origin, "
     "source FROM regions ORDER BY kind, key"},
    {"pue", "pue",
     "SELECT scope, name, pue, year, origin, source FROM pue ORDER BY "
     "scope, name"},
    {"cpus", "cpu",
     "SELECT name, tdp_w, cores, origin, source FROM cpus ORDER BY name"},
};

/* One row as a JSON object: numbers, strings, null. */
static cJSON *row_json(sqlite3_stmt *st, int ncol)
{
	cJSON *o = cJSON_CreateObject();
	int i;

	for (i = 0; o && i < ncol; i++) {
		const char *name = sqlite3_column_name(st, i);
		int t = sqlite3_column_type(st, i);
		if (t == SQLITE_INTEGER || t == SQLITE_FLOAT)
			cJSON_AddNumberToObject(o, name,
						sqlite3_column_double(st, i));
		else if (t == SQLITE_NULL)
			cJSON_AddNullToObject(o, name);
		else
			cJSON_AddStringToObject(
			    o, name, (const char *)sqlite3_column_text(st, i));
	}
	return o;
}

static int rows(sqlite3_stmt *st, const char *format, lca_buf *out)
{
	int ncol = sqlite3_column_count(st), i, rc = 0, step = SQLITE_DONE;
	int text = !strcmp(format, "text"), json = !strcmp(format, "json");
	cJSON *arr = json ? cJSON_CreateArray() : NULL;

	if (json && !arr)
		return LCA_ENOMEM;
	for (i = 0; !json && i < ncol; i++) {
		const char *name = sqlite3_column_name(st, i);
		rc |= i ? lca_buf_puts(out, text ? " " : ",") : 0;
		rc |= text ? lca_buf_printf(out, "%-14s", name)
			   : lca__csv_field(out, name);
	}
	rc |= json ? 0 : lca_buf_puts(out, "\n");
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		if (json) {
			cJSON *o = row_json(st, ncol);
			if (!o || !cJSON_AddItemToArray(arr, o)) {
				cJSON_Delete(o);
				rc = LCA_ENOMEM;
			}
			continue;
		}
		for (i = 0; i < ncol; i++) {
			const char *v =
			    (const char *)sqlite3_column_text(st, i);
			rc |= i ? lca_buf_puts(out, text ? " " : ",") : 0;
			rc |= text ? lca_buf_printf(out, "%-14s", v ? v : "")
				   : lca__csv_field(out, v ? v : "");
		}
		rc |= lca_buf_puts(out, "\n");
	}
	if (!rc && step != SQLITE_DONE)
		rc = LCA_EDB;
	if (json && !rc) {
		char *s = cJSON_PrintUnformatted(arr);
		rc = s ? lca_buf_printf(out, "%s\n", s) : LCA_ENOMEM;
		free(s);
	}
	cJSON_Delete(arr);
	return rc == LCA_EDB ? rc : rc ? LCA_ENOMEM : 0;
}

int lca_catalog_list_render(lca_catalog *cat, const char *what,
			    const char *format, lca_buf *out, lca_error *err)
{
	sqlite3_stmt *st;
	size_t i;
	int rc;

	format = format ? format : "text";
	if (strcmp(format, "text") && strcmp(format, "csv") &&
	    strcmp(format, "json"))
		return lca_error_set(err, LCA_EUSAGE, "format",
				     "unknown format '%s' (expected text, "
				     "csv or json)",
				     format);
	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
		if (!strcmp(what, lists[i].name) ||
		    !strcmp(what, lists[i].alias))
			break;
	if (i == sizeof(lists) / sizeof(lists[0]))
		return lca_error_set(err, LCA_EUSAGE, "list",
				     "unknown list '%s' (expected gpus, "
				     "regions, pue or cpus)",
				     what);
	st = lca__stmt(cat, lists[i].sql);
	if (!st)
		return lca__lookup_error(cat, "catalog list", err);
	rc = rows(st, format, out);
	sqlite3_reset(st);
	if (rc == LCA_EDB)
		return lca__lookup_error(cat, "catalog list", err);
	return rc ? lca_error_set(err, LCA_ENOMEM, "catalog list",
				  "out of memory")
		  : 0;
}
