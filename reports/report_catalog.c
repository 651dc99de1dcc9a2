/* SPDX-License-Identifier: MIT */
/* report_catalog.c: the catalog's tables as a listing in every format of
 * the registry (lca catalog list).  The queries live here, beside the catalog's
 * private connection, so no caller needs the SQLite handle. */
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "reports.h"
#include "../engine/lca_int.h"
#include "../engine/catalog_store.h"
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

#define MAX_COLS 16

/* The statement's rows as a table: a number is its number in json and
 * SQLite's text elsewhere; text; null.  Then rendered by f. */
static int rows(sqlite3_stmt *st, const lca__format *f, lca_buf *out)
{
	lca__col cols[MAX_COLS];
	lca__table t;
	int ncol = sqlite3_column_count(st), i, rc = 0, step = SQLITE_DONE;

	if (ncol > MAX_COLS)
		ncol = MAX_COLS;
	memset(cols, 0, sizeof(cols));
	for (i = 0; i < ncol; i++) {
		cols[i].key = sqlite3_column_name(st, i);
		cols[i].width = -14;
	}
	lca__table_init(&t, "catalog list", cols, ncol);
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		lca__cell *row = lca__table_row(&t);
		if (!row) {
			rc = LCA_ENOMEM;
			break;
		}
		for (i = 0; i < ncol; i++) {
			const char *v =
			    (const char *)sqlite3_column_text(st, i);
			int type = sqlite3_column_type(st, i);
			if (type == SQLITE_INTEGER || type == SQLITE_FLOAT)
				rc |= lca__cell_num(
				    &row[i], sqlite3_column_double(st, i), v);
			else if (type != SQLITE_NULL)
				rc |= lca__cell_str(&row[i], v ? v : "");
		}
	}
	if (!rc && step != SQLITE_DONE)
		rc = LCA_EDB;
	if (!rc)
		rc = f->table(&t, out);
	lca__table_release(&t);
	return rc == LCA_EDB ? rc : rc ? LCA_ENOMEM : 0;
}

int lca_catalog_list_render(lca_catalog *cat, const char *what,
			    const char *format, lca_buf *out, lca_error *err)
{
	const lca__format *f;
	sqlite3_stmt *st;
	size_t i;
	int rc;

	rc = lca__format_get(format ? format : "text", LCA__K_TABLE, &f, err);
	if (rc)
		return rc;
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
	rc = rows(st, f, out);
	sqlite3_reset(st);
	if (rc == LCA_EDB)
		return lca__lookup_error(cat, "catalog list", err);
	return rc ? lca_error_set(err, LCA_ENOMEM, "catalog list",
				  "out of memory")
		  : 0;
}
