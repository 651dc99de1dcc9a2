/* SPDX-License-Identifier: MIT */
/* catalog.c: the reference-data catalog, a SQLite database built from
 * datasets/. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <sqlite3.h>

#include "lca_int.h"
#include "catalog_store.h"
#include "banned.h"

#ifndef LCA_DATASETS_DIR
#define LCA_DATASETS_DIR "datasets"
#endif

#define SCHEMA_VERSION "4"

/* The files a build reads, in load order (accelerators first: training
 * runs resolve their accelerator names through it). */
static const char *const dataset_files[] = {
    "accelerators.csv",	 "cpus.csv",
    "nodes.csv",	 "grid_countries.csv",
    "grid_zones.csv",	 "cloud_regions.csv",
    "pue.csv",		 "embodied.csv",
    "training_runs.csv", "distributions.csv",
    "mfu_model.csv",	 "series/series.csv",
};
#define NFILES (sizeof(dataset_files) / sizeof(dataset_files[0]))

static const char schema_sql[] =
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);"
    "CREATE TABLE IF NOT EXISTS accelerators(id TEXT PRIMARY KEY, name "
    "TEXT, vendor TEXT, family TEXT, family_default INTEGER, aliases "
    "TEXT, release TEXT, tdp_w REAL, bf16_tflops REAL, fp16_tflops REAL, "
    "tf32_tflops REAL, fp32_tflops REAL, fp8_tflops REAL, memory_gb REAL, "
    "die_mm2 REAL, process_nm REAL, source TEXT, notes TEXT, origin TEXT);"
    "CREATE TABLE IF NOT EXISTS names(kind TEXT, norm TEXT, key TEXT, rank "
    "INTEGER, display TEXT, origin TEXT, PRIMARY KEY(kind, norm, rank));"
    "CREATE TABLE IF NOT EXISTS cpus(name TEXT PRIMARY KEY, norm TEXT, "
    "tdp_w REAL, cores REAL, source TEXT, origin TEXT);"
    "CREATE INDEX IF NOT EXISTS cpus_norm ON cpus(norm);"
    "CREATE TABLE IF NOT EXISTS nodes(family TEXT PRIMARY KEY, "
    "devices_per_node REAL, cpu TEXT, cpu_sockets REAL, memory_gb REAL, "
    "source TEXT, notes TEXT, origin TEXT);"
    "CREATE TABLE IF NOT EXISTS regions(key TEXT PRIMARY KEY, kind TEXT, "
    "name TEXT, provider TEXT, country TEXT, zone TEXT, gco2_per_kwh REAL, "
    "year INTEGER, method TEXT, pue REAL, source TEXT, origin TEXT);"
    "CREATE TABLE IF NOT EXISTS pue(scope TEXT, name TEXT, pue REAL, year "
    "INTEGER, source TEXT, origin TEXT, PRIMARY KEY(scope, name));"
    "CREATE TABLE IF NOT EXISTS embodied(kind TEXT, name TEXT, value REAL, "
    "unit TEXT, source TEXT, notes TEXT, origin TEXT, PRIMARY KEY(kind, "
    "name));"
    "CREATE TABLE IF NOT EXISTS training_runs(id TEXT PRIMARY KEY, model "
    "TEXT, accelerator TEXT, family TEXT, params_total REAL, params_active "
    "REAL, tokens REAL, mfu REAL, full_run INTEGER, source TEXT, origin "
    "TEXT);"
    "CREATE TABLE IF NOT EXISTS mfu_model(term TEXT, key TEXT, value REAL, "
    "n INTEGER, source TEXT, origin TEXT, PRIMARY KEY(term, key));"
    "CREATE TABLE IF NOT EXISTS distributions(name TEXT PRIMARY KEY, kind "
    "TEXT, a REAL, b REAL, c REAL, lo REAL, hi REAL, source TEXT, origin "
    "TEXT);"
    "CREATE TABLE IF NOT EXISTS series(zone TEXT, signal TEXT, origin TEXT, "
    "kind TEXT, source TEXT, n INTEGER, t0 INTEGER, t1 INTEGER, mean REAL, "
    "min REAL, max REAL, samples BLOB, PRIMARY KEY(zone, signal, origin));";

static const char *const data_tables[] = {
    "accelerators",  "names",  "cpus",	    "nodes",
    "regions",	     "pue",    "embodied",  "training_runs",
    "distributions", "series", "mfu_model",
};

/* ---- small SQLite helpers ------------------------------------------- */

static int db_error(lca_error *err, sqlite3 *db, const char *what)
{
	return lca__catalog_error(err, db, what, sqlite3_errmsg(db));
}

static int exec(sqlite3 *db, const char *sql, lca_error *err)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		lca__catalog_error(err, db, "catalog", msg ? msg : "error");
		sqlite3_free(msg);
		return LCA_EDB;
	}
	return 0;
}

/*
 * A one-row lookup: prepares sql (cached), binds a and b (NULL: none) and
 * steps.  1 with *out on its row (read it, then sqlite3_reset), 0 for no
 * row, or LCA_EDB (never "not found" for a catalog that cannot be read).
 */
static int lookup(lca_catalog *cat, sqlite3_stmt **out, const char *sql,
		  const char *what, const char *a, const char *b,
		  lca_error *err)
{
	sqlite3_stmt *st = lca__stmt(cat, sql);
	int rc;

	*out = st;
	if (!st)
		return lca__lookup_error(cat, what, err);
	sqlite3_bind_text(st, 1, a, -1, SQLITE_STATIC);
	if (b)
		sqlite3_bind_text(st, 2, b, -1, SQLITE_STATIC);
	rc = lca__step_row(cat, st, what, err);
	if (rc != 1)
		sqlite3_reset(st);
	return rc;
}

static void col_text(sqlite3_stmt *st, int i, char *dst, size_t n)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	lca__strlcpy(dst, t ? (const char *)t : "", n);
}

static double col_num(sqlite3_stmt *st, int i)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return LCA_NAN;
	return sqlite3_column_double(st, i);
}

/* A column of a lookup's row and the struct member it fills: 't' text,
 * 'n' a number (NULL: NaN), 'i' an int. */
typedef struct row_col {
	char kind;
	size_t off, size;
} row_col;
#define ROW_COL(kind, type, member)                                       \
	{                                                                 \
		kind, offsetof(type, member), sizeof(((type *)0)->member) \
	}

/* One row of sql (a and b bound) into out's members, column i into
 * cols[i]: 1 when found, 0 when not, else LCA_EDB. */
static int lookup_row(lca_catalog *cat, const char *sql, const char *what,
		      const char *a, const char *b, const row_col *cols,
		      int ncols, void *out, lca_error *err)
{
	unsigned char *p = out;
	sqlite3_stmt *st = NULL;
	int i, rc = lookup(cat, &st, sql, what, a, b, err);

	for (i = 0; rc == 1 && i < ncols; i++) {
		double d = col_num(st, i);
		int n = sqlite3_column_int(st, i);
		if (cols[i].kind == 't')
			col_text(st, i, (char *)(p + cols[i].off),
				 cols[i].size);
		else if (cols[i].kind == 'n')
			memcpy(p + cols[i].off, &d, sizeof(d));
		else
			memcpy(p + cols[i].off, &n, sizeof(n));
	}
	if (rc == 1)
		sqlite3_reset(st);
	return rc;
}

/* Region-name normal form: lowercase, spaces and '_' as '-', other
 * punctuation but ':' dropped.  "aws:us-east-1", "us-east1", "france". */
static char *region_norm(char *dst, size_t n, const char *src)
{
	size_t j = 0;

	for (; src && *src && j + 1 < n; src++) {
		unsigned char c = (unsigned char)*src;
		if (c >= 'A' && c <= 'Z')
			dst[j++] = (char)(c - 'A' + 'a');
		else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			 c == ':' || c == '-')
			dst[j++] = (char)c;
		else if (c == ' ' || c == '_')
			dst[j++] = '-';
		else if (c >= 0x80)
			dst[j++] = (char)c; /* keep UTF-8 names intact */
	}
	if (n)
		dst[j] = '\0';
	return dst;
}

/* The SQL functions lca_norm (names) and lca_rnorm (region names): the
 * normal form the function's user data names. */
static const struct sql_normal_form {
	char *(*fn)(char *dst, size_t n, const char *src);
} name_form = {lca__normalize}, region_form = {region_norm};

static void sql_norm(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const struct sql_normal_form *f = sqlite3_user_data(ctx);
	const unsigned char *t = sqlite3_value_text(argv[0]);
	char buf[256];

	(void)argc;
	if (!t) {
		sqlite3_result_null(ctx);
		return;
	}
	f->fn(buf, sizeof(buf), (const char *)t);
	sqlite3_result_text(ctx, buf, -1, SQLITE_TRANSIENT);
}

/* ---- CSV reading ----------------------------------------------------- */

/* A dataset's rows after its header, each as wide as the header. */
static int csv_each(const char *path,
		    int (*on_row)(const lca__csv_row *c, void *ud), void *ud,
		    lca_error *err)
{
	return lca__csv_each(path, LCA__CSV_SAME_WIDTH | LCA__CSV_NOT_EMPTY,
			     NULL, on_row, ud, err);
}

/* (a NUL byte in a CSV field is an error: a field is never cut short) */
/* ---- table loaders -------------------------------------------------- */

/* A column mapping: CSV header -> bound parameter, as text or a number. */
typedef struct colspec {
	const char *csv;
	char type; /* 't' text, 'n' number >= 0 (empty -> NULL), 's' signed */
	int required;
} colspec;

typedef struct loader {
	const char *file;
	const char *sql; /* INSERT with one ? per colspec, then origin */
	const colspec *cols;
	int ncols;
	int (*after_row)(struct loader *l, const lca__csv_row *c,
			 lca_catalog *cat, lca_error *err);
	/* runtime */
	sqlite3_stmt *st;
	int idx[LCA__CSV_MAX_COLS];
	lca_catalog *cat;
	lca_error *err;
	char path[1200];
	int mapped; /* idx holds the header's columns */
} loader;

static int bind_row(loader *l, const lca__csv_row *c)
{
	int i, rc;
	char where[1300];

	sqlite3_reset(l->st);
	sqlite3_clear_bindings(l->st);
	for (i = 0; i < l->ncols; i++) {
		const colspec *cs = &l->cols[i];
		const char *v = l->idx[i] >= 0 ? c->field[l->idx[i]] : "";
		double d;

		lca__fmt(where, sizeof(where), "%s: line %ld, column %s",
			 l->path, c->line, cs->csv);
		if (!*v) {
			if (cs->required)
				return lca_error_set(l->err, LCA_EDATA, where,
						     "empty required value");
			sqlite3_bind_null(l->st, i + 1);
			continue;
		}
		if (cs->type == 't') {
			sqlite3_bind_text(l->st, i + 1, v, -1,
					  SQLITE_TRANSIENT);
			continue;
		}
		if (lca_parse_number(v, &d))
			return lca_error_set(l->err, LCA_EDATA, where,
					     "not a number '%s'", v);
		if (d < 0 && cs->type != 's')
			return lca_error_set(l->err, LCA_EDATA, where,
					     "negative value '%s'", v);
		sqlite3_bind_double(l->st, i + 1, d);
	}
	sqlite3_bind_text(l->st, l->ncols + 1, "dataset", -1, SQLITE_STATIC);
	rc = sqlite3_step(l->st);
	if (rc != SQLITE_DONE && rc != SQLITE_CONSTRAINT) {
		lca__fmt(where, sizeof(where), "%s: line %ld", l->path,
			 c->line);
		return db_error(l->err, l->cat->db, where);
	}
	return 0;
}

static int add_name(sqlite3 *db, const char *kind, const char *norm,
		    const char *key, int rank, const char *display,
		    const char *origin, lca_error *err)
{
	static const char sql[] =
	    "INSERT OR IGNORE INTO names(kind,norm,key,rank,display,"
	    "origin) VALUES(?,?,?,?,?,?)";
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if (!*norm)
		return 0;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return db_error(err, db, "names");
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, norm, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, key, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, rank);
	sqlite3_bind_text(st, 5, display, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, origin, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = db_error(err, db, "names");
	sqlite3_finalize(st);
	return rc;
}

/* Name ranks: lower wins.  User rows beat dataset rows. */
enum {
	RANK_USER = 0,
	RANK_ID = 1,
	RANK_FAMILY = 2,
	RANK_NAME = 3,
	RANK_ALIAS = 4,
	RANK_WEAK = 5
};

static int accel_names(sqlite3 *db, const char *id, const char *name,
		       const char *aliases, const char *origin, lca_error *err)
{
	char norm[256], one[256];
	const char *p = aliases, *semi;
	int user = !strcmp(origin, "user");
	int rc;

	rc = add_name(db, "gpu", lca__normalize(norm, sizeof(norm), id), id,
		      user ? RANK_USER : RANK_ID, id, origin, err);
	if (!rc && name && *name)
		rc = add_name(db, "gpu",
			      lca__normalize(norm, sizeof(norm), name), id,
			      user ? RANK_USER : RANK_NAME, id, origin, err);
	while (!rc && p && *p) {
		size_t len;
		semi = strchr(p, ';');
		len = semi ? (size_t)(semi - p) : strlen(p);
		if (len >= sizeof(one))
			len = sizeof(one) - 1;
		memcpy(one, p, len);
		one[len] = '\0';
		rc = add_name(db, "gpu",
			      lca__normalize(norm, sizeof(norm), one), id,
			      user ? RANK_USER : RANK_ALIAS, id, origin, err);
		p = semi ? semi + 1 : NULL;
	}
	return rc;
}

static int after_accel(loader *l, const lca__csv_row *c, lca_catalog *cat,
		       lca_error *err)
{
	const char *id = c->field[lca__csv_col(c, "id")];
	int ni = lca__csv_col(c, "name"), ai = lca__csv_col(c, "aliases");

	(void)l;
	return accel_names(cat->db, id, ni >= 0 ? c->field[ni] : "",
			   ai >= 0 ? c->field[ai] : "", "dataset", err);
}

static int after_cpu(loader *l, const lca__csv_row *c, lca_catalog *cat,
		     lca_error *err)
{
	(void)l;
	(void)c;
	(void)cat;
	(void)err;
	return 0;
}

static int region_names(sqlite3 *db, const char *key, const char *const *n,
			const int *ranks, int count, const char *origin,
			lca_error *err)
{
	char norm[256];
	int i, rc = 0;

	for (i = 0; i < count && !rc; i++) {
		if (!n[i] || !*n[i])
			continue;
		rc = add_name(db, "region",
			      region_norm(norm, sizeof(norm), n[i]), key,
			      ranks[i], n[i], origin, err);
	}
	return rc;
}

static int after_country(loader *l, const lca__csv_row *c, lca_catalog *cat,
			 lca_error *err)
{
	char key[96];
	const char *code = c->field[lca__csv_col(c, "code")];
	const char *n[3] = {code, c->field[lca__csv_col(c, "iso3")],
			    c->field[lca__csv_col(c, "name")]};
	int ranks[3] = {RANK_FAMILY, RANK_FAMILY, RANK_FAMILY};

	(void)l;
	lca__fmt(key, sizeof(key), "country:%s", code);
	return region_names(cat->db, key, n, ranks, 3, "dataset", err);
}

static int after_zone(loader *l, const lca__csv_row *c, lca_catalog *cat,
		      lca_error *err)
{
	char key[96];
	const char *zone = c->field[lca__csv_col(c, "zone")];
	const char *n[2] = {zone, c->field[lca__csv_col(c, "name")]};
	int ranks[2] = {RANK_NAME, RANK_WEAK};

	(void)l;
	lca__fmt(key, sizeof(key), "zone:%s", zone);
	return region_names(cat->db, key, n, ranks, 2, "dataset", err);
}

static int after_cloud(loader *l, const lca__csv_row *c, lca_catalog *cat,
		       lca_error *err)
{
	char key[96];
	const char *prov = c->field[lca__csv_col(c, "provider")];
	const char *reg = c->field[lca__csv_col(c, "region")];
	const char *n[2];
	int ranks[2] = {RANK_ID, RANK_ALIAS};

	(void)l;
	lca__fmt(key, sizeof(key), "%s:%s", prov, reg);
	n[0] = key;
	n[1] = reg;
	return region_names(cat->db, key, n, ranks, 2, "dataset", err);
}

static const colspec accel_cols[] = {
    {"id", 't', 1},
    {"name", 't', 1},
    {"vendor", 't', 0},
    {"family", 't', 1},
    {"family_default", 'n', 0},
    {"aliases", 't', 0},
    {"release", 't', 0},
    {"tdp_w", 'n', 0},
    {"bf16_tflops", 'n', 0},
    {"fp16_tflops", 'n', 0},
    {"tf32_tflops", 'n', 0},
    {"fp32_tflops", 'n', 0},
    {"fp8_tflops", 'n', 0},
    {"memory_gb", 'n', 0},
    {"die_mm2", 'n', 0},
    {"process_nm", 'n', 0},
    {"source", 't', 1},
    {"notes", 't', 0},
};
static const colspec cpu_cols[] = {
    {"name", 't', 1},  {"name", 't', 1},   {"tdp_w", 'n', 0},
    {"cores", 'n', 0}, {"source", 't', 1},
};
static const colspec node_cols[] = {
    {"family", 't', 1},	     {"devices_per_node", 'n', 1}, {"cpu", 't', 0},
    {"cpu_sockets", 'n', 0}, {"memory_gb", 'n', 0},	   {"source", 't', 1},
    {"notes", 't', 0},
};
static const colspec country_cols[] = {
    {"code", 't', 1},	      {"name", 't', 1}, {"code", 't', 1},
    {"gco2_per_kwh", 'n', 1}, {"year", 'n', 0}, {"method", 't', 0},
    {"source", 't', 1},
};
static const colspec zone_cols[] = {
    {"zone", 't', 1},	{"name", 't', 0},	  {"country", 't', 0},
    {"zone", 't', 1},	{"gco2_per_kwh", 'n', 1}, {"year", 'n', 0},
    {"method", 't', 0}, {"source", 't', 1},
};
static const colspec cloud_cols[] = {
    {"provider", 't', 1}, {"region", 't', 1},	    {"name", 't', 0},
    {"location", 't', 0}, {"provider", 't', 1},	    {"country", 't', 0},
    {"zone", 't', 0},	  {"gco2_per_kwh", 'n', 0}, {"year", 'n', 0},
    {"pue", 'n', 0},	  {"source", 't', 1},
};
static const colspec pue_cols[] = {
    {"scope", 't', 1}, {"name", 't', 1},   {"pue", 'n', 1},
    {"year", 'n', 0},  {"source", 't', 1},
};
static const colspec embodied_cols[] = {
    {"kind", 't', 1}, {"name", 't', 1},	  {"value", 'n', 1},
    {"unit", 't', 1}, {"source", 't', 1}, {"notes", 't', 0},
};
static const colspec run_cols[] = {
    {"id", 't', 1},
    {"model", 't', 0},
    {"accelerator", 't', 0},
    {"params_total", 'n', 0},
    {"params_active", 'n', 0},
    {"tokens", 'n', 0},
    {"mfu", 'n', 0},
    {"notes", 't', 0},
    {"source", 't', 1},
};

static const colspec mfu_model_cols[] = {
    {"term", 't', 1}, {"key", 't', 0},	  {"value", 's', 0},
    {"n", 'n', 0},    {"source", 't', 1},
};

static const colspec dist_cols[] = {
    {"name", 't', 1}, {"kind", 't', 1}, {"a", 's', 0},	{"b", 'n', 0},
    {"c", 'n', 0},    {"lo", 'n', 0},	{"hi", 'n', 0}, {"source", 't', 1},
};

#define NCOLS(a) ((int)(sizeof(a) / sizeof(a[0])))

/* The specs only: run_loader works on a copy of its own (the catalog is
 * reentrant: separate handles may build at once). */
static const loader loaders[] = {
    {"accelerators.csv",
     "INSERT OR IGNORE INTO accelerators(id,name,vendor,family,"
     "family_default,aliases,release,tdp_w,bf16_tflops,fp16_tflops,"
     "tf32_tflops,fp32_tflops,fp8_tflops,memory_gb,die_mm2,process_nm,"
     "source,notes,origin) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
     accel_cols,
     NCOLS(accel_cols),
     after_accel,
     0,
     {0},
     0,
     0,
     {0},
     0},
    {"cpus.csv",
     "INSERT OR IGNORE INTO cpus(name,norm,tdp_w,cores,source,origin) "
     "VALUES(?,lca_norm(?),?,?,?,?)",
     cpu_cols,
     NCOLS(cpu_cols),
     after_cpu,
     0,
     {0},
     0,
     0,
     {0},
     0},
    {"nodes.csv",
     "INSERT OR IGNORE INTO nodes(family,devices_per_node,cpu,cpu_sockets,"
     "memory_gb,source,notes,origin) VALUES(lower(?),?,?,?,?,?,?,?)",
     node_cols,
     NCOLS(node_cols),
     NULL,
     0,
     {0},
     0,
     0,
     {0},
     0},
    {"grid_countries.csv",
     "INSERT OR IGNORE INTO regions(key,kind,name,country,gco2_per_kwh,"
     "year,method,source,origin) VALUES('country:'||?,'country',?,?,?,?,?,"
     "?,?)",
     country_cols,
     NCOLS(country_cols),
     after_country,
     0,
     {0},
     0,
     0,
     {0},
     0},
    {"grid_zones.csv",
     "INSERT OR IGNORE INTO regions(key,kind,name,country,zone,"
     "gco2_per_kwh,year,method,source,origin) VALUES('zone:'||?,'zone',?,"
     "?,?,?,?,?,?,?)",
     zone_cols,
     NCOLS(zone_cols),
     after_zone,
     0,
     {0},
     0,
     0,
     {0},
     0},
    {"cloud_regions.csv",
     "INSERT OR IGNORE INTO regions(key,kind,name,provider,country,zone,"
     "gco2_per_kwh,year,pue,source,origin) VALUES(?||':'||?,'cloud',"
     "coalesce(?,'')||' '||coalesce(?,''),?,?,?,?,?,?,?,?)",
     cloud_cols,
     NCOLS(cloud_cols),
     after_cloud,
     0,
     {0},
     0,
     0,
     {0},
     0},
    {"pue.csv",
     "INSERT OR IGNORE INTO pue(scope,name,pue,year,source,origin) "
     "VALUES(?,lower(?),?,?,?,?)",
     pue_cols,
     NCOLS(pue_cols),
     NULL,
     0,
     {0},
     0,
     0,
     {0},
     0},
    {"embodied.csv",
     "INSERT OR IGNORE INTO embodied(kind,name,value,unit,source,notes,"
     "origin) VALUES(?,lower(?),?,?,?,?,?)",
     embodied_cols,
     NCOLS(embodied_cols),
     NULL,
     0,
     {0},
     0,
     0,
     {0},
     0},
    {"training_runs.csv",
     "INSERT OR IGNORE INTO training_runs(id,model,accelerator,"
     "params_total,params_active,tokens,mfu,full_run,source,origin) "
     "VALUES(?,?,?,?,?,?,?,(? LIKE '[training run%'),?,?)",
     run_cols,
     NCOLS(run_cols),
     NULL,
     0,
     {0},
     0,
     0,
     {0},
     0},
    {"mfu_model.csv",
     "INSERT OR IGNORE INTO mfu_model(term,key,value,n,source,origin) "
     "VALUES(?,coalesce(?,''),?,?,?,?)",
     mfu_model_cols,
     NCOLS(mfu_model_cols),
     NULL,
     0,
     {0},
     0,
     0,
     {0},
     0},
    {"distributions.csv",
     "INSERT OR IGNORE INTO distributions(name,kind,a,b,c,lo,hi,source,"
     "origin) VALUES(?,?,?,?,?,?,?,?,?)",
     dist_cols,
     NCOLS(dist_cols),
     NULL,
     0,
     {0},
     0,
     0,
     {0},
     0},
};

static int loader_row(const lca__csv_row *c, void *ud)
{
	loader *l = ud;
	int i, rc;

	/* the columns are looked up at the first row, as they always were:
	 * a header alone is an empty table */
	for (i = 0; !l->mapped && i < l->ncols; i++) {
		l->idx[i] = lca__csv_col(c, l->cols[i].csv);
		if (l->idx[i] < 0 && l->cols[i].required)
			return lca_error_set(l->err, LCA_EDATA, l->path,
					     "missing column '%s'",
					     l->cols[i].csv);
	}
	l->mapped = 1;
	rc = bind_row(l, c);
	if (!rc && l->after_row)
		rc = l->after_row(l, c, l->cat, l->err);
	return rc;
}

static int run_loader(lca_catalog *cat, const loader *spec, lca_error *err)
{
	loader run = *spec, *l = &run;
	int rc;

	lca__fmt(l->path, sizeof(l->path), "%s/%s", cat->datasets, l->file);
	l->cat = cat;
	l->err = err;
	if (sqlite3_prepare_v2(cat->db, l->sql, -1, &l->st, NULL) != SQLITE_OK)
		return db_error(err, cat->db, l->file);
	rc = csv_each(l->path, loader_row, l, err);
	sqlite3_finalize(l->st);
	l->st = NULL;
	return rc;
}

/* ---- fingerprint and version ---------------------------------------- */

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

#define FNV_INIT 14695981039346656037ULL

/* Cheap signature of the dataset files (names, sizes, mtimes). */
static void fingerprint(const char *dir, char *out, size_t n)
{
	uint64_t h = FNV_INIT;
	char path[1200];
	size_t i;

	h = fnv(h, SCHEMA_VERSION, strlen(SCHEMA_VERSION));
	h = fnv(h, dir, strlen(dir));
	for (i = 0; i < NFILES; i++) {
		struct stat sb;
		long long v[3] = {0, 0, 0};
		lca__fmt(path, sizeof(path), "%s/%s", dir, dataset_files[i]);
		if (!stat(path, &sb)) {
			v[0] = (long long)sb.st_size;
			v[1] = (long long)sb.st_mtim.tv_sec;
			v[2] = (long long)sb.st_mtim.tv_nsec;
		}
		h = fnv(h, dataset_files[i], strlen(dataset_files[i]));
		h = fnv(h, v, sizeof(v));
	}
	{
		/* series files come and go with the folder's mtime */
		struct stat sb;
		long long v[2] = {0, 0};
		lca__fmt(path, sizeof(path), "%s/series", dir);
		if (!stat(path, &sb)) {
			v[0] = (long long)sb.st_mtim.tv_sec;
			v[1] = (long long)sb.st_mtim.tv_nsec;
		}
		h = fnv(h, v, sizeof(v));
	}
	lca__fmt(out, n, "%016llx", (unsigned long long)h);
}

/* Content hash of the dataset files: the catalog version. */
static int content_hash(const char *dir, char *out, size_t n, lca_error *err)
{
	uint64_t h = FNV_INIT;
	char path[1200], buf[65536];
	size_t i, got;

	for (i = 0; i < NFILES; i++) {
		FILE *fp;
		lca__fmt(path, sizeof(path), "%s/%s", dir, dataset_files[i]);
		fp = fopen(path, "rb");
		if (!fp)
			return lca_error_set(err, LCA_EIO, path,
					     "cannot open dataset file: %s",
					     strerror(errno));
		h = fnv(h, dataset_files[i], strlen(dataset_files[i]));
		while ((got = fread(buf, 1, sizeof(buf), fp)) > 0)
			h = fnv(h, buf, got);
		fclose(fp);
	}
	/* and every series file, in name order */
	{
		struct dirent **names = NULL;
		int k, nn;
		lca__fmt(path, sizeof(path), "%s/series", dir);
		nn = scandir(path, &names, NULL, alphasort);
		for (k = 0; k < nn; k++) {
			FILE *fp;
			lca__fmt(path, sizeof(path), "%s/series/%s", dir,
				 names[k]->d_name);
			fp = names[k]->d_name[0] != '.' ? fopen(path, "rb")
							: NULL;
			if (fp) {
				h = fnv(h, names[k]->d_name,
					strlen(names[k]->d_name));
				while ((got = fread(buf, 1, sizeof(buf), fp)) >
				       0)
					h = fnv(h, buf, got);
				fclose(fp);
			}
			free(names[k]);
		}
		free(names);
	}
	lca__fmt(out, n, "%016llx", (unsigned long long)h);
	return 0;
}

/* 1 when meta has key (value into out), 0 when not, else LCA_EDB. */
static int meta_get(lca_catalog *cat, const char *key, char *out, size_t n,
		    lca_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc, ec;

	out[0] = '\0';
	if (!(st = lca__stmt(cat, "SELECT value FROM meta WHERE key=?"))) {
		ec = sqlite3_errcode(cat->db);
		if (ec == SQLITE_BUSY || ec == SQLITE_LOCKED)
			return lca__lookup_error(cat, "meta", err);
		return 0; /* no meta table yet */
	}
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = lca__step_row(cat, st, "meta", err);
	if (rc == 1)
		col_text(st, 0, out, n);
	sqlite3_reset(st);
	return rc;
}

static int meta_set(sqlite3 *db, const char *key, const char *value,
		    lca_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if (sqlite3_prepare_v2(db,
			       "INSERT OR REPLACE INTO meta(key,value) "
			       "VALUES(?,?)",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(err, db, "meta");
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = db_error(err, db, "meta");
	sqlite3_finalize(st);
	return rc;
}

/* Derived rows: family names and the training runs' accelerator family. */
static const char derive_sql[] =
    "INSERT OR IGNORE INTO names(kind,norm,key,rank,display,origin) "
    "SELECT 'gpu', lca_norm(family), id, 2, family, origin FROM "
    "accelerators WHERE family_default=1 AND origin='dataset';"
    "INSERT OR IGNORE INTO names(kind,norm,key,rank,display,origin) "
    "SELECT 'gpu', lca_norm(family), id, 6, family, origin FROM "
    "accelerators WHERE origin='dataset';"
    "UPDATE training_runs SET family=(SELECT a.family FROM names n JOIN "
    "accelerators a ON a.id=n.key WHERE n.kind='gpu' AND "
    "n.norm=lca_norm(training_runs.accelerator) ORDER BY n.rank LIMIT 1) "
    "WHERE origin='dataset';";

/* datasets/series/series.csv: one shipped series per row, imported by the
 * same code as `lca grid import`. */
int lca__series_import_locked(lca_catalog *cat, const char *path,
			      const char *zone, const char *signal,
			      const char *format, const char *source,
			      const char *origin, int *nseries, long *nrows,
			      lca_error *err);

static int series_row(const lca__csv_row *c, void *ud)
{
	lca_catalog *cat = ud;
	const char *cols[] = {"file", "zone", "signal", "format", "source"};
	const char *v[5];
	char path[1200];
	int i, idx;

	for (i = 0; i < 5; i++) {
		idx = lca__csv_col(c, cols[i]);
		if (idx < 0)
			return lca_error_set(c->err, LCA_EDATA, c->path,
					     "missing column '%s'", cols[i]);
		v[i] = c->field[idx];
	}
	if (strchr(v[0], '/'))
		return lca_error_set(c->err, LCA_EDATA, c->path,
				     "series file names a folder '%s'", v[0]);
	lca__fmt(path, sizeof(path), "%s/series/%s", cat->datasets, v[0]);
	return lca__series_import_locked(cat, path, v[1], v[2], v[3], v[4],
					 "dataset", NULL, NULL, c->err);
}

static int rebuild_locked(lca_catalog *cat, const char *fp, lca_error *err)
{
	char sql[256], version[32];
	size_t i;
	int rc;

	rc = exec(cat->db, schema_sql, err);
	for (i = 0; !rc && i < sizeof(data_tables) / sizeof(data_tables[0]);
	     i++) {
		lca__fmt(sql, sizeof(sql),
			 "DELETE FROM %s WHERE origin='dataset'",
			 data_tables[i]);
		rc = exec(cat->db, sql, err);
	}
	for (i = 0; !rc && i < sizeof(loaders) / sizeof(loaders[0]); i++)
		rc = run_loader(cat, &loaders[i], err);
	if (!rc)
		rc = exec(cat->db, derive_sql, err);
	if (!rc) {
		char manifest[1200];
		lca__fmt(manifest, sizeof(manifest), "%s/series/series.csv",
			 cat->datasets);
		rc = csv_each(manifest, series_row, cat, err);
	}
	if (!rc)
		rc = content_hash(cat->datasets, version, sizeof(version), err);
	if (!rc)
		rc = meta_set(cat->db, "fingerprint", fp, err);
	if (!rc)
		rc = meta_set(cat->db, "version", version, err);
	if (!rc)
		rc = meta_set(cat->db, "schema", SCHEMA_VERSION, err);
	if (!rc)
		lca__strlcpy(cat->version, version, sizeof(cat->version));
	return rc;
}

static int rebuild(lca_catalog *cat, int force, lca_error *err)
{
	char fp[32], have[64];
	int rc;

	fingerprint(cat->datasets, fp, sizeof(fp));
	rc = exec(cat->db, "BEGIN IMMEDIATE", err);
	if (rc)
		return rc;
	/* Another process may have rebuilt while we waited for the lock. */
	rc = force ? 0 : meta_get(cat, "fingerprint", have, sizeof(have), err);
	if (rc == 1 && !strcmp(have, fp)) {
		rc = meta_get(cat, "version", cat->version,
			      sizeof(cat->version), err);
		if (rc >= 0)
			return exec(cat->db, "COMMIT", err);
	}
	if (rc >= 0)
		rc = rebuild_locked(cat, fp, err);
	if (rc) {
		cat->hurt = lca__catalog_damaged(cat->db);
		sqlite3_exec(cat->db, "ROLLBACK", NULL, NULL, NULL);
		return rc;
	}
	return exec(cat->db, "COMMIT", err);
}

/* Opens cat->path into cat->db with the catalog's settings. */
static int open_db(lca_catalog *cat, lca_error *err)
{
	if (sqlite3_open_v2(cat->path, &cat->db,
			    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
			    NULL) != SQLITE_OK)
		return lca_error_set(
		    err, LCA_EDB, cat->path, "cannot open catalog database: %s",
		    cat->db ? sqlite3_errmsg(cat->db) : "out of memory");
	/* long enough for another process's first build under a sanitizer */
	sqlite3_busy_timeout(cat->db, 120000);
	/* Read pages through a memory map: the hourly series are blobs of
	 * ~140 KB each, and lca plan reads one per zone (29 vs 34 ms for a
	 * year in 16 zones, and 5.7 vs 6.7 ms for an estimate, measured). */
	sqlite3_exec(cat->db, "PRAGMA mmap_size=268435456", NULL, NULL, NULL);
	/* No WAL: a WAL database costs every short-lived reader ~20 ms
	 * of -shm setup and checkpoint on close (measured); the catalog is
	 * read far more often than written. */
	sqlite3_create_function(cat->db, "lca_norm", 1,
				SQLITE_UTF8 | SQLITE_DETERMINISTIC,
				(void *)&name_form, sql_norm, NULL, NULL);
	sqlite3_create_function(cat->db, "lca_rnorm", 1,
				SQLITE_UTF8 | SQLITE_DETERMINISTIC,
				(void *)&region_form, sql_norm, NULL, NULL);
	return 0;
}

/* cat->open_lazy: the connection of a handle whose memo answered at open
 * (an error shows where it is used: lca__lookup_error) */
static int open_lazy(lca_catalog *cat)
{
	lca_error e;

	if (!open_db(cat, &e))
		return 0;
	sqlite3_close(cat->db);
	cat->db = NULL;
	return LCA_EDB;
}

static void close_db(lca_catalog *cat)
{
	int i;

	for (i = 0; i < cat->ncache; i++)
		sqlite3_finalize(cat->cache[i].st);
	cat->ncache = 0;
	sqlite3_close(cat->db);
	cat->db = NULL;
	/* rows remembered from this file are gone with it */
	lca__memo_free(cat->memo);
	cat->memo = NULL;
}

/*
 * A damaged catalog file is a cache plus the user's rows: copies the user
 * rows that can still be read into a fresh file, keeps the damaged one
 * beside it as PATH.damaged, and puts the fresh one in its place (the
 * caller rebuilds the dataset rows).  cat->notice says what was kept and
 * which tables' user rows were lost.
 */
static int recover(lca_catalog *cat, lca_error *err)
{
	char tmp[1100], old[1100], sql[200], lost[300] = "";
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	long kept = 0;
	size_t i;
	int rc = 0, attached = 0;

	close_db(cat);
	lca__fmt(tmp, sizeof(tmp), "%s.rebuild-%ld", cat->path, (long)getpid());
	lca__fmt(old, sizeof(old), "%s.damaged", cat->path);
	unlink(tmp);
	if (sqlite3_open_v2(tmp, &db,
			    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
			    NULL) != SQLITE_OK) {
		rc = lca_error_set(err, LCA_EDB, tmp,
				   "cannot create a catalog to rebuild into: "
				   "%s",
				   db ? sqlite3_errmsg(db) : "out of memory");
		goto done;
	}
	if ((rc = exec(db, schema_sql, err)))
		goto done;
	if (sqlite3_prepare_v2(db, "ATTACH DATABASE ?1 AS old", -1, &st,
			       NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, cat->path, -1, SQLITE_STATIC);
		attached = sqlite3_step(st) == SQLITE_DONE;
	}
	sqlite3_finalize(st);
	for (i = 0; i < sizeof(data_tables) / sizeof(data_tables[0]); i++) {
		lca__fmt(sql, sizeof(sql),
			 "INSERT OR IGNORE INTO main.%s SELECT * FROM old.%s "
			 "WHERE origin='user'",
			 data_tables[i], data_tables[i]);
		if (attached &&
		    sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK) {
			kept += sqlite3_changes(db);
			continue;
		}
		lca__fmt(lost + strlen(lost), sizeof(lost) - strlen(lost),
			 "%s%s", *lost ? ", " : "", data_tables[i]);
	}
	if (attached)
		sqlite3_exec(db, "DETACH DATABASE old", NULL, NULL, NULL);
	sqlite3_close(db);
	db = NULL;
	if (rename(cat->path, old) || rename(tmp, cat->path)) {
		rc = lca_error_set(err, LCA_EIO, cat->path,
				   "cannot replace the damaged catalog: %s",
				   strerror(errno));
		goto done;
	}
	lca__fmt(sql, sizeof(sql), "%s-journal", cat->path);
	unlink(sql);
	if (!attached)
		lca__fmt(cat->notice, sizeof(cat->notice),
			 "catalog '%s' was not a readable database: rebuilt "
			 "from datasets/; no user rows could be read from it "
			 "(any you added are lost; the old file is kept as "
			 "'%s')",
			 cat->path, old);
	else
		lca__fmt(cat->notice, sizeof(cat->notice),
			 "catalog '%s' was damaged: rebuilt from datasets/ "
			 "keeping %ld user rows%s%s (the old file is kept as "
			 "'%s')",
			 cat->path, kept,
			 *lost
			     ? "; unreadable (lost): the user rows, if any, of "
			     : "",
			 lost, old);
done:
	if (db)
		sqlite3_close(db);
	unlink(tmp);
	if (!cat->db) {
		int rc2 = open_db(cat, err);
		if (!rc)
			rc = rc2;
	}
	return rc;
}

/* PRAGMA quick_check says "ok". */
static int sound(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	int ok = 0;

	if (sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &st, NULL) ==
		SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(st, 0);
		ok = t && !strcmp((const char *)t, "ok");
	}
	sqlite3_finalize(st);
	return ok;
}

int lca_catalog_rebuild(lca_catalog *cat, lca_error *err)
{
	int rc;

	/* a damaged file cannot be rebuilt in place (`lca catalog build` is
	 * the way out the errors point to); quick_check misses damage inside
	 * rows, which the rebuild's own reads meet */
	if (lca__catalog_sql(cat) && sound(cat->db)) {
		cat->hurt = 0;
		rc = rebuild(cat, 1, err);
		if (rc != LCA_EDB || !cat->hurt)
			return rc;
	}
	if ((rc = recover(cat, err)))
		return rc;
	return rebuild(cat, 1, err);
}

int lca_catalog_open(lca_catalog **out, const char *db_path,
		     const char *datasets_dir, lca_error *err)
{
	lca_catalog *cat = NULL;
	const char *e;
	char fp[32], have[64];
	int rc = 0;

	*out = NULL;
	cat = calloc(1, sizeof(*cat));
	if (!cat)
		return lca_error_set(err, LCA_ENOMEM, "catalog",
				     "out of memory");
	if (db_path && *db_path)
		lca__strlcpy(cat->path, db_path, sizeof(cat->path));
	else
		lca__data_path(cat->path, sizeof(cat->path), "LCA_CATALOG",
			       "catalog.db");
	e = getenv("LCA_DATASETS");
	if (datasets_dir && *datasets_dir)
		lca__strlcpy(cat->datasets, datasets_dir,
			     sizeof(cat->datasets));
	else if (e && *e)
		lca__strlcpy(cat->datasets, e, sizeof(cat->datasets));
	else if (!lca__installed_datasets(cat->datasets, sizeof(cat->datasets)))
		lca__strlcpy(cat->datasets, LCA_DATASETS_DIR,
			     sizeof(cat->datasets));

	fingerprint(cat->datasets, fp, sizeof(fp));
	lca__strlcpy(cat->fingerprint, fp, sizeof(cat->fingerprint));
	/* the rows an earlier process read, if the database has not changed
	 * since: then no SQL at all (memo.c), and SQLite is opened only if
	 * something the memo does not hold is asked */
	if (lca__memo_load(cat, fp, cat->version, sizeof(cat->version))) {
		cat->open_lazy = open_lazy;
		goto done;
	}
	lca__mkdir_parents(cat->path);
	if ((rc = open_db(cat, err)))
		goto done;
	rc = meta_get(cat, "fingerprint", have, sizeof(have), err);
	if (rc == 1 && !strcmp(have, fp)) {
		rc = meta_get(cat, "version", cat->version,
			      sizeof(cat->version), err);
		if (rc >= 0)
			rc = 0;
	} else if (rc >= 0) {
		rc = rebuild(cat, 0, err);
	}
	/* garbage where the catalog should be: rebuild it rather than fail
	 * every command */
	if (rc == LCA_EDB && cat->db &&
	    (cat->hurt || lca__catalog_damaged(cat->db)) &&
	    !(rc = recover(cat, err)))
		rc = rebuild(cat, 1, err);
done:
	if (rc) {
		lca_catalog_free(cat);
		return rc;
	}
	*out = cat;
	return 0;
}

void lca_catalog_free(lca_catalog *cat)
{
	if (!cat)
		return;
	if (cat->db) {
		lca__memo_save(cat, cat->fingerprint, cat->version);
		close_db(cat);
	}
	lca__memo_free(cat->memo);
	free(cat);
}

/* ---- lookups -------------------------------------------------------- */

/* Best name row for norm: 1 when found, 0 when not, else LCA_EDB. */
static int name_lookup(lca_catalog *cat, const char *kind, const char *norm,
		       char *key, size_t keylen, int *rank, lca_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	rc = lookup(cat, &st,
		    "SELECT key, rank FROM names WHERE kind=? AND "
		    "norm=? ORDER BY rank LIMIT 1",
		    "name", kind, norm, err);
	if (rc == 1) {
		col_text(st, 0, key, keylen);
		*rank = sqlite3_column_int(st, 1);
		sqlite3_reset(st);
	}
	return rc;
}

/*
 * Loose accelerator names: people write the chip with a vendor prefix, a
 * form factor and a memory size around it ("nvidia-h100", "a100-pcie",
 * "H100 SXM5 80GB").  loose_name() keeps the chip words (core, "h100") and
 * lists the form and memory words apart (forms, "pcie 80gb ").
 */
static int vendor_word(const char *w)
{
	static const char *const words[] = {
	    "nvidia", "amd",   "intel",	  "google",   "habana", "aws",
	    "huawei", "tesla", "geforce", "instinct", NULL};
	int i;

	for (i = 0; words[i]; i++)
		if (!strcmp(w, words[i]))
			return 1;
	return 0;
}

static int form_word(const char *w)
{
	static const char *const words[] = {"sxm",  "sxm2", "sxm3", "sxm4",
					    "sxm5", "pcie", "nvl",  "oam",
					    "hgx",  "dgx",  NULL};
	size_t n = strlen(w);
	int i;

	for (i = 0; words[i]; i++)
		if (!strcmp(w, words[i]))
			return 1;
	/* a memory size: 80gb, 141gb */
	return n > 2 && !strcmp(w + n - 2, "gb") &&
	       strspn(w, "0123456789") == n - 2;
}

static void loose_name(const char *s, char *core, size_t ncore, char *forms,
		       size_t nforms)
{
	core[0] = '\0';
	if (forms)
		forms[0] = '\0';
	while (s && *s) {
		char w[64];
		size_t n = 0;
		while (*s && !isalnum((unsigned char)*s))
			s++;
		while (*s && isalnum((unsigned char)*s)) {
			if (n + 1 < sizeof(w))
				w[n++] = (char)tolower((unsigned char)*s);
			s++;
		}
		w[n] = '\0';
		if (!n || vendor_word(w))
			continue;
		if (form_word(w)) {
			size_t len = forms ? strlen(forms) : 0;
			if (forms && len + n + 2 < nforms)
				lca__fmt(forms + len, nforms - len, "%s ", w);
			continue;
		}
		if (strlen(core) + n + 1 < ncore)
			lca__strlcpy(core + strlen(core), w,
				     ncore - strlen(core));
	}
}

/* Every form word of forms ("pcie 80gb ") is a word of text. */
static int has_forms(const char *text, const char *forms)
{
	char core[128], have[256] = " ", w[80];
	const char *p = forms;

	loose_name(text, core, sizeof(core), have + 1, sizeof(have) - 1);
	while (*p) {
		size_t n = strcspn(p, " ");
		lca__fmt(w, sizeof(w), " %.*s ", (int)n, p);
		if (!strstr(have, w))
			return 0;
		p += n;
		while (*p == ' ')
			p++;
	}
	return 1;
}

/*
 * An accelerator by its loose name: the rows whose id, name, family or an
 * alias has the same chip words; of those, the ones with every form word
 * the user gave (a100-pcie: the PCIe rows); of those, the family default,
 * else the first listed.  1 and *key when found, 0 when not, LCA_EDB.
 */
static int loose_lookup(lca_catalog *cat, const char *name, char *key,
			size_t keylen, lca_error *err)
{
	sqlite3_stmt *st = NULL;
	char core[128], forms[256], c2[128];
	int rc, found = 0, best = -1;

	loose_name(name, core, sizeof(core), forms, sizeof(forms));
	if (!core[0])
		return 0;
	if (!lca__catalog_sql(cat) ||
	    sqlite3_prepare_v2(cat->db,
			       "SELECT id, name, family, aliases, "
			       "family_default FROM accelerators ORDER BY "
			       "origin='user' DESC, rowid",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(err, cat->db, "accelerator lookup");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *txt[4];
		char id_name[400];
		int i, match = 0, score;
		for (i = 0; i < 4; i++) {
			txt[i] = (const char *)sqlite3_column_text(st, i);
			if (!txt[i])
				txt[i] = "";
		}
		for (i = 0; i < 3 && !match; i++) {
			loose_name(txt[i], c2, sizeof(c2), NULL, 0);
			match = !strcmp(c2, core);
		}
		for (i = 0; !match && txt[3][i];) {
			size_t n = strcspn(txt[3] + i, ";");
			char one[128];
			lca__fmt(one, sizeof(one), "%.*s", (int)n, txt[3] + i);
			loose_name(one, c2, sizeof(c2), NULL, 0);
			match = !strcmp(c2, core);
			i += (int)n + (txt[3][i + n] == ';');
		}
		if (!match)
			continue;
		lca__fmt(id_name, sizeof(id_name), "%s %s", txt[0], txt[1]);
		/* form words matched first, then the family default */
		score = (has_forms(id_name, forms) ? 2 : 0) +
			(sqlite3_column_int(st, 4) == 1);
		if (score > best) {
			best = score;
			lca__strlcpy(key, txt[0], keylen);
			found = 1;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_error(err, cat->db, "accelerator lookup");
	return found;
}

/* The closest known name, for "did you mean"; accelerators compare their
 * chip words (no vendor, form factor or memory: "nvidia-h10" is near
 * "h100"). */
static void suggest(sqlite3 *db, const char *kind, const char *name,
		    const char *norm, char *out, size_t n)
{
	sqlite3_stmt *st = NULL;
	int best = 1 << 30, best_rank = 99, gpu = !strcmp(kind, "gpu");
	int len, best_len = 1 << 30;
	char typed[128], cand[128];

	out[0] = '\0';
	if (gpu)
		loose_name(name, typed, sizeof(typed), NULL, 0);
	else
		lca__strlcpy(typed, norm, sizeof(typed));
	if (sqlite3_prepare_v2(db,
			       "SELECT norm, display, rank FROM names WHERE "
			       "kind=?",
			       -1, &st, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *c = (const char *)sqlite3_column_text(st, 0);
		int rank = sqlite3_column_int(st, 2);
		int d;
		if (!c)
			continue;
		if (gpu) {
			const char *disp =
			    (const char *)sqlite3_column_text(st, 1);
			loose_name(disp ? disp : c, cand, sizeof(cand), NULL,
				   0);
		} else {
			lca__strlcpy(cand, c, sizeof(cand));
		}
		d = lca_suggest_score(typed, cand);
		/* ties: the shorter name (a family before its variants),
		 * then the better rank */
		len = sqlite3_column_bytes(st, 1);
		if (d >= 0 &&
		    (d < best || (d == best && len < best_len) ||
		     (d == best && len == best_len && rank < best_rank))) {
			best = d;
			best_len = len;
			best_rank = rank;
			col_text(st, 1, out, n);
		}
	}
	sqlite3_finalize(st);
}

/* An error about the input a lookup's where names: a field's key ("gpu;
 * did you mean ...") sets err->field, an option ("regions") or a place
 * ("job file: gpu") leaves it -1. */
static int where_error(lca_error *err, int code, const char *where,
		       const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int where_error(lca_error *err, int code, const char *where,
		       const char *fmt, ...)
{
	char key[64], msg[sizeof(err->message)];
	int field;
	va_list ap;

	lca__fmt(key, sizeof(key), "%.*s", (int)strcspn(where, " ;,)"), where);
	field = lca_field_lookup(key);
	if (field >= 0 && strcmp(lca_field_info_get(field)->key, key))
		field = -1;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return lca_error_set_field(err, code, field, where, "%s", msg);
}

static int not_found(lca_catalog *cat, const char *kind, const char *what,
		     const char *name, const char *norm, const char *flag,
		     lca_error *err)
{
	char sug[128], where[256];

	sug[0] = '\0';
	if (lca__catalog_sql(cat))
		suggest(cat->db, kind, name, norm, sug, sizeof(sug));
	if (sug[0])
		lca__fmt(where, sizeof(where), "%s; did you mean '%s'?", flag,
			 sug);
	else
		lca__fmt(where, sizeof(where), "%s; see lca catalog list %s",
			 flag, !strcmp(kind, "gpu") ? "gpus" : "regions");
	return where_error(err, LCA_ENOTFOUND, where, "unknown %s '%s'", what,
			   name);
}

#define ACCEL_COLS                                                           \
	"id,name,vendor,family,tdp_w,bf16_tflops,fp16_tflops,tf32_tflops,"   \
	"fp32_tflops,fp8_tflops,memory_gb,die_mm2,process_nm,source,origin," \
	"release"

/* One accelerator row selected with ACCEL_COLS into a. */
static void accel_row(sqlite3_stmt *st, lca_accel *a)
{
	char origin[16];

	memset(a, 0, sizeof(*a));
	col_text(st, 0, a->id, sizeof(a->id));
	col_text(st, 1, a->name, sizeof(a->name));
	col_text(st, 2, a->vendor, sizeof(a->vendor));
	col_text(st, 3, a->family, sizeof(a->family));
	a->tdp_w = col_num(st, 4);
	a->bf16_tflops = col_num(st, 5);
	a->fp16_tflops = col_num(st, 6);
	a->tf32_tflops = col_num(st, 7);
	a->fp32_tflops = col_num(st, 8);
	a->fp8_tflops = col_num(st, 9);
	a->memory_gb = col_num(st, 10);
	a->die_mm2 = col_num(st, 11);
	a->process_nm = col_num(st, 12);
	col_text(st, 13, a->source, sizeof(a->source));
	col_text(st, 14, origin, sizeof(origin));
	a->user = !strcmp(origin, "user");
	col_text(st, 15, a->release, sizeof(a->release));
}

/* 1 when found, 0 when not, else LCA_EDB. */
static int accel_by_id(lca_catalog *cat, const char *id, lca_accel *a,
		       lca_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	rc = lookup(cat, &st,
		    "SELECT " ACCEL_COLS " FROM accelerators WHERE id=?",
		    "accelerator", id, NULL, err);
	if (rc == 1) {
		accel_row(st, a);
		sqlite3_reset(st);
	}
	return rc;
}

int lca__catalog_accels(lca_catalog *cat, lca_accel **out, int *n,
			lca_error *err)
{
	sqlite3_stmt *st;
	lca_accel *v = NULL, *grown;
	int cap = 0, rc;

	*out = NULL;
	*n = 0;
	if (!(st = lca__stmt(cat, "SELECT " ACCEL_COLS
				  " FROM accelerators ORDER BY id")))
		return lca__lookup_error(cat, "accelerator", err);
	while ((rc = lca__step_row(cat, st, "accelerator", err)) == 1) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 64;
			grown = realloc(v, (size_t)cap * sizeof(*v));
			if (!grown) {
				rc = lca_error_set(err, LCA_ENOMEM,
						   "accelerators",
						   "out of memory");
				break;
			}
			v = grown;
		}
		accel_row(st, &v[(*n)++]);
	}
	sqlite3_reset(st);
	if (rc < 0) {
		free(v);
		*n = 0;
		return rc;
	}
	*out = v;
	return 0;
}

/* A lookup of its own: a and b (b may be NULL) answered into out. */
typedef int (*row_sql)(lca_catalog *cat, const char *a, const char *b,
		       void *out, lca_error *err);

/*
 * A kind of lookup: its memo kind and answer size, and either a function
 * of its own (sql) or one row of query (a, b bound) read into cols, with
 * "no NOUN for 'a'" (or "no a NOUN for 'b'" for two keys) when there is
 * none.
 */
typedef struct lookup_kind {
	int memo;
	size_t size;
	row_sql sql;
	const char *query, *what;
	const row_col *cols;
	int ncols;
	const char *noun;
} lookup_kind;

static int table_sql(lca_catalog *cat, const lookup_kind *k, const char *a,
		     const char *b, void *out, lca_error *err)
{
	int rc;

	memset(out, 0, k->size);
	rc = lookup_row(cat, k->query, k->what, a, b, k->cols, k->ncols, out,
			err);
	if (!rc && b)
		rc = lca_error_set(err, LCA_ENOTFOUND, b, "no %s %s for '%s'",
				   a, k->noun, b);
	else if (!rc)
		rc = lca_error_set(err, LCA_ENOTFOUND, a, "no %s for '%s'",
				   k->noun, a);
	return rc == 1 ? 0 : rc;
}

/* The one way a lookup is memoised: its key is its kind and a and b; on a
 * miss it runs, and its answer, found or not, is kept. */
static int memoised(lca_catalog *cat, const lookup_kind *kind, const char *a,
		    const char *b, void *out, lca_error *err)
{
	lca__key k;
	int rc;

	lca__key_init(&k, kind->memo);
	lca__key_str(&k, a);
	lca__key_str(&k, b);
	if (!lca__memo_get(cat, &k, out, kind->size, &rc, err)) {
		rc = kind->sql ? kind->sql(cat, a, b, out, err)
			       : table_sql(cat, kind, a, b, out, err);
		lca__memo_put(cat, &k, out, kind->size, rc, err);
	}
	return rc;
}

/* An accelerator lookup's answer: the row and how the name matched. */
typedef struct accel_answer {
	lca_accel a;
	lca_resolution how;
} accel_answer;

static int accel_sql(lca_catalog *cat, const char *name, const char *flag,
		     void *answer, lca_error *err)
{
	lca_accel *out = &((accel_answer *)answer)->a;
	lca_resolution *how = &((accel_answer *)answer)->how;
	char norm[256], key[128];
	int rank = 0, rc = 0;

	memset(answer, 0, sizeof(accel_answer));
	lca__normalize(norm, sizeof(norm), name);
	if (norm[0])
		rc =
		    name_lookup(cat, "gpu", norm, key, sizeof(key), &rank, err);
	if (rc < 0)
		return rc;
	if (!rc) {
		/* vendor prefix, form factor, memory size: loose names */
		rc = loose_lookup(cat, name, key, sizeof(key), err);
		if (rc < 0)
			return rc;
		if (rc)
			rank = RANK_FAMILY;
	}
	if (!rc)
		return not_found(cat, "gpu", "accelerator", name, norm, flag,
				 err);
	rc = accel_by_id(cat, key, out, err);
	if (rc < 0)
		return rc;
	if (!rc)
		return where_error(err, LCA_EDB, flag,
				   "catalog names '%s' but has no row", key);
	how->via_family = rank == RANK_FAMILY || rank == 6;
	how->via_alias = rank == RANK_ALIAS || rank == RANK_NAME;
	lca__strlcpy(how->matched, name, sizeof(how->matched));
	return 0;
}

int lca_catalog_accel(lca_catalog *cat, const char *name, const char *flag,
		      lca_accel *out, lca_resolution *how, lca_error *err)
{
	accel_answer v;
	static const lookup_kind k = {.memo = LCA_MEMO_ACCEL,
				      .size = sizeof(accel_answer),
				      .sql = accel_sql};
	int rc = memoised(cat, &k, name, flag, &v, err);

	*out = v.a;
	if (how)
		*how = v.how;
	return rc;
}

/* 1 when found, 0 when not, else LCA_EDB. */
static int region_by_key(lca_catalog *cat, const char *key, lca_region *r,
			 lca_error *err)
{
	static const row_col cols[] = {ROW_COL('t', lca_region, key),
				       ROW_COL('t', lca_region, kind),
				       ROW_COL('t', lca_region, name),
				       ROW_COL('t', lca_region, provider),
				       ROW_COL('t', lca_region, country),
				       ROW_COL('t', lca_region, zone),
				       ROW_COL('n', lca_region, gco2_per_kwh),
				       ROW_COL('i', lca_region, year),
				       ROW_COL('t', lca_region, method),
				       ROW_COL('n', lca_region, pue),
				       ROW_COL('t', lca_region, source)};

	return lookup_row(cat,
			  "SELECT key,kind,name,provider,country,zone,"
			  "gco2_per_kwh,year,method,pue,source FROM "
			  "regions WHERE key=?",
			  "region", key, NULL, cols, 11, r, err);
}

static int region_sql(lca_catalog *cat, const char *name, const char *flag,
		      void *answer, lca_error *err)
{
	lca_region *out = answer;
	char norm[256], key[128];
	int rank = 0, rc = 0;

	memset(out, 0, sizeof(*out));
	out->gco2_per_kwh = out->pue = LCA_NAN;
	region_norm(norm, sizeof(norm), name);
	if (norm[0])
		rc = name_lookup(cat, "region", norm, key, sizeof(key), &rank,
				 err);
	if (rc < 0)
		return rc;
	if (!rc)
		return not_found(cat, "region", "region", name, norm, flag,
				 err);
	rc = region_by_key(cat, key, out, err);
	if (rc < 0)
		return rc;
	if (!rc)
		return where_error(err, LCA_EDB, flag,
				   "catalog names '%s' but has no row", key);
	/* A region's yearly figure is the newest sourced one for its grid
	 * zone: the zone's row when the region has none, or when the zone's
	 * is of a later year (us-east-1: Electricity Maps 2024 for
	 * US-MIDA-PJM, not eGRID 2016 via ML CO2 Impact). */
	if (out->zone[0] && strcmp(out->kind, "zone")) {
		lca_region z;
		char zkey[96], own[128] = "";
		memset(&z, 0, sizeof(z));
		lca__fmt(zkey, sizeof(zkey), "zone:%s", out->zone);
		rc = region_by_key(cat, zkey, &z, err);
		if (rc < 0)
			return rc;
		if (rc == 1 && !isnan(z.gco2_per_kwh) &&
		    (isnan(out->gco2_per_kwh) || z.year > out->year)) {
			if (!isnan(out->gco2_per_kwh))
				lca__fmt(own, sizeof(own),
					 " (newer than the region's own %g "
					 "g/kWh of %d)",
					 out->gco2_per_kwh, out->year);
			out->gco2_per_kwh = z.gco2_per_kwh;
			out->year = z.year;
			lca__strlcpy(out->method, z.method,
				     sizeof(out->method));
			lca__fmt(out->source, sizeof(out->source),
				 "grid zone %s, %d%s: %s", out->zone, z.year,
				 own, z.source);
		}
	}
	if (isnan(out->gco2_per_kwh))
		return where_error(err, LCA_EDATA, flag,
				   "no grid intensity known for region '%s' "
				   "(give grid)",
				   name);
	return 0;
}

int lca_catalog_region(lca_catalog *cat, const char *name, const char *flag,
		       lca_region *out, lca_error *err)
{
	static const lookup_kind k = {.memo = LCA_MEMO_REGION,
				      .size = sizeof(lca_region),
				      .sql = region_sql};

	return memoised(cat, &k, name, flag, out, err);
}

int lca_catalog_pue(lca_catalog *cat, const char *name, lca_pue *out,
		    lca_error *err)
{
	static const row_col cols[] = {
	    ROW_COL('t', lca_pue, scope), ROW_COL('t', lca_pue, name),
	    ROW_COL('n', lca_pue, pue), ROW_COL('i', lca_pue, year),
	    ROW_COL('t', lca_pue, source)};
	static const lookup_kind k = {
	    LCA_MEMO_PUE,
	    sizeof(lca_pue),
	    NULL,
	    "SELECT scope,name,pue,year,source FROM pue WHERE name=lower(?) "
	    "ORDER BY origin='user' DESC LIMIT 1",
	    "pue",
	    cols,
	    5,
	    "pue figure"};

	return memoised(cat, &k, name, NULL, out, err);
}

static int cpu_sql(lca_catalog *cat, const char *name, const char *flag,
		   void *answer, lca_error *err)
{
	static const row_col cols[] = {
	    ROW_COL('t', lca_cpu, name), ROW_COL('n', lca_cpu, tdp_w),
	    ROW_COL('n', lca_cpu, cores), ROW_COL('t', lca_cpu, source)};
	char norm[256];
	int rc;

	memset(answer, 0, sizeof(lca_cpu));
	lca__normalize(norm, sizeof(norm), name);
	rc = lookup_row(cat,
			"SELECT name,tdp_w,cores,source FROM cpus WHERE "
			"norm=? ORDER BY origin='user' DESC LIMIT 1",
			"cpu", norm, NULL, cols, 4, answer, err);
	if (!rc)
		rc = where_error(err, LCA_ENOTFOUND, flag, "unknown cpu '%s'",
				 name);
	return rc == 1 ? 0 : rc;
}

int lca_catalog_cpu(lca_catalog *cat, const char *name, const char *flag,
		    lca_cpu *out, lca_error *err)
{
	static const lookup_kind k = {
	    .memo = LCA_MEMO_CPU, .size = sizeof(lca_cpu), .sql = cpu_sql};

	return memoised(cat, &k, name, flag, out, err);
}

int lca__catalog_span(lca_catalog *cat, const char *what, double *lo,
		      double *hi, lca_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	*lo = *hi = LCA_NAN;
	if (!strcmp(what, "grid"))
		rc = lookup(cat, &st,
			    "SELECT min(gco2_per_kwh), max(gco2_per_kwh) "
			    "FROM regions WHERE gco2_per_kwh > 0 AND ?1=?1",
			    "grid span", "", NULL, err);
	else
		rc = lookup(cat, &st,
			    "SELECT min(tdp_w), max(tdp_w) FROM accelerators "
			    "WHERE tdp_w > 0 AND ?1=?1",
			    "tdp span", "", NULL, err);
	if (rc == 1) {
		*lo = col_num(st, 0);
		*hi = col_num(st, 1);
		sqlite3_reset(st);
	}
	return rc < 0 ? rc : 0;
}

int lca_catalog_node(lca_catalog *cat, const char *family, lca_node *out,
		     lca_error *err)
{
	static const row_col cols[] = {ROW_COL('t', lca_node, family),
				       ROW_COL('i', lca_node, devices_per_node),
				       ROW_COL('t', lca_node, cpu),
				       ROW_COL('i', lca_node, cpu_sockets),
				       ROW_COL('n', lca_node, memory_gb),
				       ROW_COL('t', lca_node, source)};
	static const lookup_kind k = {
	    LCA_MEMO_NODE,
	    sizeof(lca_node),
	    NULL,
	    "SELECT family,devices_per_node,cpu,cpu_sockets,memory_gb,source "
	    "FROM nodes WHERE family=lower(?)",
	    "node",
	    cols,
	    6,
	    "host node known"};

	return memoised(cat, &k, family, NULL, out, err);
}

int lca_catalog_factor(lca_catalog *cat, const char *kind, const char *name,
		       lca_factor *out, lca_error *err)
{
	static const row_col cols[] = {ROW_COL('n', lca_factor, value),
				       ROW_COL('t', lca_factor, unit),
				       ROW_COL('t', lca_factor, source)};
	static const lookup_kind k = {
	    LCA_MEMO_FACTOR,
	    sizeof(lca_factor),
	    NULL,
	    "SELECT value,unit,source FROM embodied WHERE kind=? AND "
	    "name=lower(?) ORDER BY origin='user' DESC LIMIT 1",
	    "embodied factor",
	    cols,
	    3,
	    "factor"};

	return memoised(cat, &k, kind, name, out, err);
}

static int factor_nearest_sql(lca_catalog *cat, const char *kind, double x,
			      lca_factor *out, double *matched, lca_error *err)
{
	sqlite3_stmt *st = NULL;
	double best = 1e300;
	int found = 0, rc;

	memset(out, 0, sizeof(*out));
	*matched = 1e300;
	if (!(st = lca__stmt(cat, "SELECT name,value,unit,source FROM embodied "
				  "WHERE kind=? ORDER BY origin='user' DESC")))
		return lca__lookup_error(cat, "embodied factor", err);
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	while ((rc = lca__step_row(cat, st, "embodied factor", err)) == 1) {
		double nm, d;
		const char *name = (const char *)sqlite3_column_text(st, 0);
		if (!name || lca_parse_number(name, &nm))
			continue;
		d = fabs(nm - x);
		/* ties go to the smaller (newer, costlier) node */
		if (d < best || (d == best && nm < *matched)) {
			best = d;
			*matched = nm;
			out->value = col_num(st, 1);
			col_text(st, 2, out->unit, sizeof(out->unit));
			col_text(st, 3, out->source, sizeof(out->source));
			found = 1;
		}
	}
	sqlite3_reset(st);
	if (rc < 0)
		return rc;
	if (!found)
		return lca_error_set(err, LCA_ENOTFOUND, kind,
				     "no %s factors in the catalog", kind);
	return 0;
}

int lca_catalog_factor_nearest(lca_catalog *cat, const char *kind, double x,
			       lca_factor *out, double *matched, lca_error *err)
{
	struct {
		lca_factor f;
		double matched;
	} v;
	lca__key k;
	int rc;

	lca__key_init(&k, LCA_MEMO_FACTOR_NEAREST);
	lca__key_str(&k, kind);
	lca__key_num(&k, x);
	if (!lca__memo_get(cat, &k, &v, sizeof(v), &rc, err)) {
		rc = factor_nearest_sql(cat, kind, x, &v.f, &v.matched, err);
		lca__memo_put(cat, &k, &v, sizeof(v), rc, err);
	}
	*out = v.f;
	*matched = v.matched;
	return rc;
}

static int mfu_row_sql(lca_catalog *cat, const char *term, const char *key,
		       void *answer, lca_error *err)
{
	lca__mfu_model_row *out = answer;
	sqlite3_stmt *st;
	int rc;

	memset(out, 0, sizeof(*out));
	out->value = LCA_NAN;
	st = lca__stmt(cat, "SELECT key,value,n,source FROM mfu_model WHERE "
			    "term=?1 AND (?2 IS NULL OR key=?2) ORDER BY key "
			    "LIMIT 1");
	if (!st)
		return lca__lookup_error(cat, "mfu model", err);
	sqlite3_bind_text(st, 1, term, -1, SQLITE_STATIC);
	if (key)
		sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 2);
	rc = lca__step_row(cat, st, "mfu model", err);
	if (rc == 1) {
		col_text(st, 0, out->key, sizeof(out->key));
		if (sqlite3_column_type(st, 1) != SQLITE_NULL)
			out->value = sqlite3_column_double(st, 1);
		out->n = sqlite3_column_int(st, 2);
		col_text(st, 3, out->source, sizeof(out->source));
		rc = 0;
	} else if (rc == 0) {
		rc = LCA_ENOTFOUND;
	}
	sqlite3_reset(st);
	return rc;
}

int lca__mfu_row(lca_catalog *cat, const char *term, const char *key,
		 lca__mfu_model_row *out, lca_error *err)
{
	static const lookup_kind k = {.memo = LCA_MEMO_MFU,
				      .size = sizeof(lca__mfu_model_row),
				      .sql = mfu_row_sql};

	return memoised(cat, &k, term, key, out, err);
}

/* ---- user rows ------------------------------------------------------ */

static const char *kv_get(const char *const *keys, const char *const *values,
			  int n, const char *key)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(keys[i], key))
			return values[i];
	return NULL;
}

static int bind_opt_num(sqlite3_stmt *st, int i, const char *v, const char *key,
			double lo, double hi, lca_error *err)
{
	double d;
	char where[64];

	lca__fmt(where, sizeof(where), "%s", key);
	if (!v || !*v) {
		sqlite3_bind_null(st, i);
		return 0;
	}
	if (lca_parse_number(v, &d))
		return lca_error_set(err, LCA_EUSAGE, where,
				     "not a number '%s'", v);
	if (d < lo || d > hi)
		return lca_error_set(err, LCA_ERANGE, where,
				     "out of range '%s' (expected %g to %g)", v,
				     lo, hi);
	sqlite3_bind_double(st, i, d);
	return 0;
}

/* A user's gpu that would take over a built-in name (--name h100,
 * --aliases h100) needs --replace: 1 when text names a built-in other
 * than id (error in err), 0 when not, else LCA_EDB. */
static int takes_builtin(lca_catalog *cat, const char *id, const char *text,
			 const char *flag, lca_error *err)
{
	sqlite3_stmt *st = NULL;
	char norm[256], key[128] = "";
	int rc;

	lca__normalize(norm, sizeof(norm), text);
	if (!*norm)
		return 0;
	rc = lookup(cat, &st,
		    "SELECT key FROM names WHERE kind='gpu' AND norm=?1 AND "
		    "origin='dataset' AND key<>?2 LIMIT 1",
		    "name", norm, id, err);
	if (rc == 1) {
		col_text(st, 0, key, sizeof(key));
		sqlite3_reset(st);
		lca_error_set(err, LCA_EUSAGE, flag,
			      "'%s' names the built-in accelerator '%s'; set "
			      "replace to make it name '%s' instead",
			      text, key, id);
	}
	return rc;
}

static int add_gpu(lca_catalog *cat, const char *const *k, const char *const *v,
		   int n, lca_error *err)
{
	static const char sql[] =
	    "INSERT OR REPLACE INTO accelerators(id,name,vendor,family,"
	    "family_default,aliases,tdp_w,bf16_tflops,fp8_tflops,memory_gb,"
	    "die_mm2,process_nm,source,origin) "
	    "VALUES(?,?,?,?,0,?,?,?,?,?,?,?,?,'user')";
	const char *id = kv_get(k, v, n, "name");
	const char *src = kv_get(k, v, n, "source");
	sqlite3_stmt *st = NULL;
	char norm[256];
	int rc = 0;

	if (!id || !*id)
		return lca_error_set(err, LCA_EUSAGE, "name",
				     "a gpu needs a name");
	if (!kv_get(k, v, n, "tdp"))
		return lca_error_set(err, LCA_EUSAGE, "tdp",
				     "a gpu needs tdp (watts)");
	lca__normalize(norm, sizeof(norm), id);
	if (!kv_get(k, v, n, "replace")) {
		const char *p = kv_get(k, v, n, "aliases"), *semi;
		char one[256];
		rc = takes_builtin(cat, norm, id, "name", err);
		while (!rc && p && *p) {
			size_t len;
			semi = strchr(p, ';');
			len = semi ? (size_t)(semi - p) : strlen(p);
			lca__fmt(one, sizeof(one), "%.*s", (int)len, p);
			rc = takes_builtin(cat, norm, one, "aliases", err);
			p = semi ? semi + 1 : NULL;
		}
		if (rc)
			return rc < 0 ? rc : LCA_EUSAGE;
	}
	if (sqlite3_prepare_v2(cat->db, sql, -1, &st, NULL) != SQLITE_OK)
		return db_error(err, cat->db, "accelerators");
	sqlite3_bind_text(st, 1, norm, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, kv_get(k, v, n, "vendor"), -1,
			  SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, norm, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, kv_get(k, v, n, "aliases"), -1,
			  SQLITE_TRANSIENT);
	rc = bind_opt_num(st, 6, kv_get(k, v, n, "tdp"), "tdp", 1, 5000, err);
	if (!rc)
		rc = bind_opt_num(st, 7, kv_get(k, v, n, "bf16-tflops"),
				  "bf16-tflops", 0.001, 1e6, err);
	if (!rc)
		rc = bind_opt_num(st, 8, kv_get(k, v, n, "fp8-tflops"),
				  "fp8-tflops", 0.001, 1e6, err);
	if (!rc)
		rc = bind_opt_num(st, 9, kv_get(k, v, n, "memory-gb"),
				  "memory-gb", 0, 1e5, err);
	if (!rc)
		rc = bind_opt_num(st, 10, kv_get(k, v, n, "die-mm2"), "die-mm2",
				  1, 1e5, err);
	if (!rc)
		rc = bind_opt_num(st, 11, kv_get(k, v, n, "process-nm"),
				  "process-nm", 1, 1000, err);
	sqlite3_bind_text(st, 12, src ? src : "user-supplied (lca catalog add)",
			  -1, SQLITE_TRANSIENT);
	if (!rc && sqlite3_step(st) != SQLITE_DONE)
		rc = db_error(err, cat->db, "accelerators");
	sqlite3_finalize(st);
	if (!rc)
		rc = accel_names(cat->db, norm, id, kv_get(k, v, n, "aliases"),
				 "user", err);
	return rc;
}

static int add_region(lca_catalog *cat, const char *const *k,
		      const char *const *v, int n, lca_error *err)
{
	static const char sql[] =
	    "INSERT OR REPLACE INTO regions(key,kind,name,provider,country,"
	    "zone,gco2_per_kwh,year,method,pue,source,origin) "
	    "VALUES(?,'user',?,'',?,'',?,?,?,?,?,'user')";
	const char *name = kv_get(k, v, n, "name");
	const char *src = kv_get(k, v, n, "source");
	const char *yr = kv_get(k, v, n, "year");
	sqlite3_stmt *st = NULL;
	char key[160];
	const char *names[1];
	int ranks[1] = {RANK_USER};
	int rc = 0;

	if (!name || !*name)
		return lca_error_set(err, LCA_EUSAGE, "name",
				     "a region needs a name");
	if (!kv_get(k, v, n, "grid"))
		return lca_error_set(err, LCA_EUSAGE, "grid",
				     "a region needs grid (gCO2e/kWh)");
	if (sqlite3_prepare_v2(cat->db, sql, -1, &st, NULL) != SQLITE_OK)
		return db_error(err, cat->db, "regions");
	lca__fmt(key, sizeof(key), "user:%s", name);
	sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, kv_get(k, v, n, "country"), -1,
			  SQLITE_TRANSIENT);
	rc = bind_opt_num(st, 4, kv_get(k, v, n, "grid"), "grid", 0, 2000, err);
	if (!rc)
		rc = bind_opt_num(st, 5, yr, "year", 1990, 2100, err);
	sqlite3_bind_text(st, 6, kv_get(k, v, n, "method"), -1,
			  SQLITE_TRANSIENT);
	if (!rc)
		rc = bind_opt_num(st, 7, kv_get(k, v, n, "pue"), "pue", 1, 3,
				  err);
	sqlite3_bind_text(st, 8, src ? src : "user-supplied (lca catalog add)",
			  -1, SQLITE_TRANSIENT);
	if (!rc && sqlite3_step(st) != SQLITE_DONE)
		rc = db_error(err, cat->db, "regions");
	sqlite3_finalize(st);
	names[0] = name;
	if (!rc)
		rc = region_names(cat->db, key, names, ranks, 1, "user", err);
	return rc;
}

static int add_pue(lca_catalog *cat, const char *const *k, const char *const *v,
		   int n, lca_error *err)
{
	static const char sql[] =
	    "INSERT OR REPLACE INTO pue(scope,name,pue,year,source,origin) "
	    "VALUES('site',lower(?),?,?,?,'user')";
	const char *name = kv_get(k, v, n, "name");
	const char *src = kv_get(k, v, n, "source");
	sqlite3_stmt *st = NULL;
	int rc;

	if (!name || !*name)
		return lca_error_set(err, LCA_EUSAGE, "name",
				     "a pue row needs a name");
	if (!kv_get(k, v, n, "pue"))
		return lca_error_set(err, LCA_EUSAGE, "pue",
				     "a pue row needs pue");
	if (sqlite3_prepare_v2(cat->db, sql, -1, &st, NULL) != SQLITE_OK)
		return db_error(err, cat->db, "pue");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	rc = bind_opt_num(st, 2, kv_get(k, v, n, "pue"), "pue", 1, 3, err);
	if (!rc)
		rc = bind_opt_num(st, 3, kv_get(k, v, n, "year"), "year", 1990,
				  2100, err);
	sqlite3_bind_text(st, 4, src ? src : "user-supplied (lca catalog add)",
			  -1, SQLITE_TRANSIENT);
	if (!rc && sqlite3_step(st) != SQLITE_DONE)
		rc = db_error(err, cat->db, "pue");
	sqlite3_finalize(st);
	return rc;
}

int lca_catalog_add(lca_catalog *cat, const char *kind, const char *const *keys,
		    const char *const *values, int n, lca_error *err)
{
	int rc;

	if (!lca__catalog_sql(cat))
		return lca__lookup_error(cat, "catalog", err);
	rc = exec(cat->db, "BEGIN IMMEDIATE", err);
	if (rc)
		return rc;
	if (!strcmp(kind, "gpu"))
		rc = add_gpu(cat, keys, values, n, err);
	else if (!strcmp(kind, "region"))
		rc = add_region(cat, keys, values, n, err);
	else if (!strcmp(kind, "pue"))
		rc = add_pue(cat, keys, values, n, err);
	else
		rc = lca_error_set(err, LCA_EUSAGE, kind,
				   "unknown catalog kind '%s' (expected gpu, "
				   "region or pue)",
				   kind);
	if (rc) {
		sqlite3_exec(cat->db, "ROLLBACK", NULL, NULL, NULL);
		return rc;
	}
	return exec(cat->db, "COMMIT", err);
}

/* Import: each CSV row becomes an add of that kind, all in one
 * transaction, so a bad row leaves the catalog as it was. */
typedef struct import_ctx {
	lca_catalog *cat;
	const char *kind;
	int rows;
	lca_error *err;
} import_ctx;

static int import_row(const lca__csv_row *c, void *ud)
{
	import_ctx *ic = ud;
	const char *keys[LCA__CSV_MAX_COLS];
	const char *vals[LCA__CSV_MAX_COLS];
	char where[1100];
	int i, rc;

	for (i = 0; i < c->n; i++) {
		keys[i] = c->header[i];
		vals[i] = c->field[i];
	}
	if (!strcmp(ic->kind, "gpu"))
		rc = add_gpu(ic->cat, keys, vals, c->n, ic->err);
	else if (!strcmp(ic->kind, "region"))
		rc = add_region(ic->cat, keys, vals, c->n, ic->err);
	else
		rc = add_pue(ic->cat, keys, vals, c->n, ic->err);
	if (rc) {
		lca__fmt(where, sizeof(where), "%s: line %ld, %s", c->path,
			 c->line, ic->err->where);
		lca__strlcpy(ic->err->where, where, sizeof(ic->err->where));
		/* a bad value in a file is bad data (exit 1), not a bad
		 * command line (exit 2) */
		if (rc == LCA_EUSAGE || rc == LCA_ERANGE ||
		    rc == LCA_ENOTFOUND || rc == LCA_EMISSING)
			rc = ic->err->code = LCA_EDATA;
		return rc;
	}
	ic->rows++;
	return 0;
}

int lca_catalog_import(lca_catalog *cat, const char *kind, const char *path,
		       int *rows, lca_error *err)
{
	import_ctx ic;
	int rc;

	if (strcmp(kind, "gpu") && strcmp(kind, "region") &&
	    strcmp(kind, "pue"))
		return lca_error_set(err, LCA_EUSAGE, kind,
				     "unknown catalog kind '%s' (expected gpu, "
				     "region or pue)",
				     kind);
	ic.cat = cat;
	ic.kind = kind;
	ic.rows = 0;
	ic.err = err;
	if (!lca__catalog_sql(cat))
		return lca__lookup_error(cat, "catalog", err);
	rc = exec(cat->db, "BEGIN IMMEDIATE", err);
	if (rc)
		return rc;
	rc = csv_each(path, import_row, &ic, err);
	if (rc) {
		sqlite3_exec(cat->db, "ROLLBACK", NULL, NULL, NULL);
		return rc;
	}
	if (rows)
		*rows = ic.rows;
	return exec(cat->db, "COMMIT", err);
}
