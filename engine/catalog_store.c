/* SPDX-License-Identifier: MIT */
/* catalog_store.c: the catalog's connection (catalog_store.h): its
 * statement cache, row steps and errors, shared by the catalog, series and
 * memo code. */
#include <sqlite3.h>

#include "lca_int.h"
#include "catalog_store.h"
#include "banned.h"

/* SQLite's last error on db means the file itself is damaged. */
int lca__catalog_damaged(struct sqlite3 *db)
{
	int ec = sqlite3_errcode(db) & 0xff;

	return ec == SQLITE_CORRUPT || ec == SQLITE_NOTADB;
}

/* Every catalog error names the file, and a damaged one says the way out:
 * "catalog '/x/catalog.db': database disk image is malformed; lca catalog
 * build rebuilds it".  Returns LCA_EDB. */
int lca__catalog_error(lca_error *err, struct sqlite3 *db, const char *where,
		       const char *msg)
{
	const char *file = db ? sqlite3_db_filename(db, "main") : NULL;

	return lca_error_set(
	    err, LCA_EDB, where, "catalog '%s': %s%s", file ? file : "", msg,
	    db && lca__catalog_damaged(db) ? "; lca catalog build rebuilds it"
					   : "");
}

/* Opening SQLite (registering its functions and modules, reading the
 * header) was 106k instructions and 21 page faults of a whole memo-served
 * estimate's 0.9M and 147 (tests/bench/bench_estimate_process.sh). */
struct sqlite3 *lca__catalog_sql(lca_catalog *cat)
{
	int (*open)(lca_catalog *) = cat->open_lazy;

	if (!cat->db && open) {
		cat->open_lazy = NULL;
		(void)open(cat);
	}
	return cat->db;
}

void *lca__catalog_db_now(lca_catalog *cat)
{
	return cat->db;
}

/* A prepared statement for a SQL literal, cached by its address; reset
 * and unbound, ready to bind.  Do not finalize it.  NULL on error. */
sqlite3_stmt *lca__stmt(lca_catalog *cat, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int i;

	for (i = 0; i < cat->ncache; i++)
		if (cat->cache[i].sql == sql) {
			sqlite3_reset(cat->cache[i].st);
			sqlite3_clear_bindings(cat->cache[i].st);
			return cat->cache[i].st;
		}
	if (!lca__catalog_sql(cat) ||
	    sqlite3_prepare_v2(cat->db, sql, -1, &st, NULL) != SQLITE_OK)
		return NULL;
	if (cat->ncache < (int)(sizeof(cat->cache) / sizeof(cat->cache[0]))) {
		cat->cache[cat->ncache].sql = sql;
		cat->cache[cat->ncache].st = st;
		cat->ncache++;
	}
	return st;
}

/* A failed catalog read as LCA_EDB: "catalog: database is locked (pue
 * lookup)".  Returns LCA_EDB. */
int lca__lookup_error(lca_catalog *cat, const char *what, lca_error *err)
{
	char where[96];

	lca__fmt(where, sizeof(where), "%s lookup", what);
	if (!cat->db) /* a lazy open failed (lca__catalog_sql) */
		return lca_error_set(err, LCA_EDB, where,
				     "catalog '%s': cannot open the database",
				     cat->path);
	return lca__catalog_error(err, cat->db, where, sqlite3_errmsg(cat->db));
}

/* One step of a catalog read: 1 for a row, 0 when done, else LCA_EDB
 * naming the lookup.  A busy or locked database (after the busy timeout)
 * is an error, never "not found": a lookup that cannot read does not
 * know whether the row exists. */
int lca__step_row(lca_catalog *cat, sqlite3_stmt *st, const char *what,
		  lca_error *err)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return lca__lookup_error(cat, what, err);
}

const char *lca_catalog_path(const lca_catalog *cat)
{
	return cat->path;
}

const char *lca_catalog_datasets(const lca_catalog *cat)
{
	return cat->datasets;
}

const char *lca_catalog_notice(const lca_catalog *cat)
{
	return cat->notice;
}

const char *lca_catalog_version(const lca_catalog *cat)
{
	return cat->version;
}

void *lca_catalog_db(lca_catalog *cat)
{
	return lca__catalog_sql(cat);
}

struct lca__memo **lca__catalog_memo(lca_catalog *cat)
{
	return &cat->memo;
}
