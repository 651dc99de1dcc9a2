/* SPDX-License-Identifier: MIT */
/* audit.c: published footprint claims, parsed and recomputed by lca_compute. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include <sqlite3.h>

#include "lca/audit.h"

#include "lca_int.h"
#include "catalog_store.h"
#include "../models/models.h"
#include "banned.h"

/* ---- names ----------------------------------------------------------- */

static const char *const flag_names[LCA_AF__COUNT] = {
#define LCA__FLAG_NAME(id, name) name,
    LCA_AUDIT_FLAG_MAP(LCA__FLAG_NAME)
#undef LCA__FLAG_NAME
};

const char *lca_audit_flag_name(int flag)
{
	return flag >= 0 && flag < LCA_AF__COUNT ? flag_names[flag] : NULL;
}

const char *lca_verdict_name(int verdict)
{
	switch (verdict) {
	case LCA_VERDICT_CONSISTENT:
		return "consistent";
	case LCA_VERDICT_INCONSISTENT:
		return "inconsistent";
	default:
		return "insufficient";
	}
}

/* ---- the claim parser ------------------------------------------------ */

enum { T_STR, T_NUM, T_SKIP, T_METHOD };

static const char *const method_names[] = {"location-based", "market-based"};

const char *lca_claim_method_name(int method)
{
	return method == LCA_METHOD_MARKET ? method_names[1] : method_names[0];
}

/* Every field of published_claims.json (PROVENANCE.md), plus region. */
static const struct claim_field {
	const char *key;
	int type;
	size_t off;   /* into lca_claim */
	size_t len;   /* strings: the buffer size */
	int positive; /* numbers: 0 is not allowed either */
} claim_fields[] = {
#define S(k, m)                                                                \
	{                                                                      \
		k, T_STR, offsetof(lca_claim, m), sizeof(((lca_claim *)0)->m), \
		    0                                                          \
	}
#define N(k, m, p)                                     \
	{                                              \
		k, T_NUM, offsetof(lca_claim, m), 0, p \
	}
    S("id", id),
    S("model", model),
    S("source", source),
    S("accelerator", accelerator),
    S("region", region),
    N("params_total", params_total, 1),
    N("params_active", params_active, 1),
    N("tokens", tokens, 1),
    N("n_accelerators", n_accelerators, 1),
    N("days", days, 1),
    N("accelerator_hours", accelerator_hours, 1),
    N("avg_power_w", avg_power_w, 1),
    N("pue", pue, 1),
    N("grid_gco2_per_kwh", grid_gco2_per_kwh, 0),
    N("energy_mwh", energy_mwh, 0),
    N("operational_tco2e", operational_tco2e, 0),
    N("embodied_tco2e", embodied_tco2e, 0),
    N("total_tco2e", total_tco2e, 0),
    {"method", T_METHOD, offsetof(lca_claim, method), 0, 0},
    {"evidence", T_SKIP, 0, 0, 0},
    {"notes", T_SKIP, 0, 0, 0},
#undef S
#undef N
};
#define NFIELDS (sizeof(claim_fields) / sizeof(claim_fields[0]))

static void claim_init(lca_claim *c)
{
	size_t i;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < NFIELDS; i++)
		if (claim_fields[i].type == T_NUM)
			*(double *)((char *)c + claim_fields[i].off) = LCA_NAN;
}

static int parse_claim(lca_claim *c, const cJSON *o, const char *name, int idx,
		       lca_error *err)
{
	const cJSON *item;
	char where[200];
	size_t i;

	claim_init(c);
	lca__fmt(where, sizeof(where), "%s: claims[%d]", name, idx);
	if (!cJSON_IsObject(o))
		return lca_error_set(err, LCA_EDATA, where,
				     "a claim must be a json object");
	cJSON_ArrayForEach (item, o) {
		const struct claim_field *f = NULL;
		for (i = 0; i < NFIELDS; i++)
			if (item->string &&
			    !strcmp(item->string, claim_fields[i].key))
				f = &claim_fields[i];
		lca__fmt(where, sizeof(where), "%s: claims[%d].%s", name, idx,
			 item->string ? item->string : "?");
		if (!f)
			return lca_error_set(err, LCA_EDATA, where,
					     "unknown field '%s'",
					     item->string ? item->string : "");
		/* every field is its type or null */
		if (!cJSON_IsNull(item) &&
		    (f->type == T_NUM ? !cJSON_IsNumber(item)
				      : !cJSON_IsString(item)))
			return lca_error_set(
			    err, LCA_EDATA, where,
			    "wrong type for '%s': expected a "
			    "%s or null",
			    f->key, f->type == T_NUM ? "number" : "string");
		if (cJSON_IsNull(item) || f->type == T_SKIP)
			continue;
		if (f->type == T_METHOD) {
			if (!strcmp(item->valuestring, method_names[0]))
				c->method = LCA_METHOD_LOCATION;
			else if (!strcmp(item->valuestring, method_names[1]))
				c->method = LCA_METHOD_MARKET;
			else
				return lca_error_set(err, LCA_EDATA, where,
						     "'method' must be '%s' or "
						     "'%s', not '%.60s'",
						     method_names[0],
						     method_names[1],
						     item->valuestring);
		} else if (f->type == T_STR) {
			if (strlen(item->valuestring) >= f->len)
				return lca_error_set(err, LCA_EDATA, where,
						     "'%s' is longer than %zu "
						     "bytes",
						     f->key, f->len - 1);
			lca__strlcpy((char *)c + f->off, item->valuestring,
				     f->len);
		} else {
			double v = item->valuedouble;
			if (!isfinite(v) || v < 0 || (f->positive && v == 0))
				return lca_error_set(
				    err, LCA_EDATA, where,
				    "'%s' must be a %s number, not %.6g",
				    f->key,
				    f->positive ? "positive" : "non-negative",
				    v);
			if (!strcmp(f->key, "pue") && v < 1)
				return lca_error_set(err, LCA_EDATA, where,
						     "a pue below 1 is "
						     "impossible: %.6g",
						     v);
			*(double *)((char *)c + f->off) = v;
		}
	}
	if (!c->id[0]) {
		lca__fmt(where, sizeof(where), "%s: claims[%d]", name, idx);
		return lca_error_set(err, LCA_EDATA, where,
				     "a claim needs a non-empty 'id'");
	}
	return 0;
}

int lca_claims_parse_json(lca_claim **out, int *n, const char *text, size_t len,
			  const char *name, lca_error *err)
{
	cJSON *root = NULL;
	const cJSON *arr, *o;
	lca_claim *claims = NULL;
	int count, i = 0, rc = 0;

	*out = NULL;
	*n = 0;
	root = cJSON_ParseWithLength(text, len);
	if (!root) {
		rc = lca_error_set(err, LCA_EDATA, name, "malformed json");
		goto done;
	}
	arr = root;
	if (cJSON_IsObject(root) && cJSON_GetObjectItem(root, "claims")) {
		arr = cJSON_GetObjectItem(root, "claims");
		if (!cJSON_IsArray(arr) || cJSON_GetArraySize(root) != 1) {
			rc = lca_error_set(err, LCA_EDATA, name,
					   "'claims' must be the only key and "
					   "hold an array");
			goto done;
		}
	}
	if (!cJSON_IsArray(arr) && !cJSON_IsObject(arr)) {
		rc = lca_error_set(err, LCA_EDATA, name,
				   "expected a claim object or an array of "
				   "claims");
		goto done;
	}
	count = cJSON_IsArray(arr) ? cJSON_GetArraySize(arr) : 1;
	if (count == 0 || count > LCA_CLAIMS_MAX) {
		rc = lca_error_set(err, LCA_EDATA, name,
				   "a claim file holds 1 to %d claims, not %d",
				   LCA_CLAIMS_MAX, count);
		goto done;
	}
	claims = calloc((size_t)count, sizeof(*claims));
	if (!claims) {
		rc = lca_error_set(err, LCA_ENOMEM, name, "out of memory");
		goto done;
	}
	if (cJSON_IsObject(arr)) {
		rc = parse_claim(&claims[0], arr, name, 0, err);
		i = 1;
	} else {
		cJSON_ArrayForEach (o, arr) {
			rc = parse_claim(&claims[i], o, name, i, err);
			if (rc)
				break;
			i++;
		}
	}
	if (rc)
		goto done;
	*out = claims;
	*n = i;
	claims = NULL;
done:
	free(claims);
	cJSON_Delete(root);
	return rc;
}

int lca_claims_load_file(lca_claim **out, int *n, const char *path,
			 lca_error *err)
{
	char *text = NULL;
	size_t len = 0;
	int rc;

	*out = NULL;
	*n = 0;
	rc = lca__read_file(path, 16u << 20, &text, &len, err);
	if (!rc)
		rc = lca_claims_parse_json(out, n, text, len, path, err);
	free(text);
	return rc;
}

/* ---- claims as jobs ------------------------------------------------- */

enum { ROUTE_ENERGY, ROUTE_HARDWARE };

static int set(lca_job *job, const lca_claim *c, const char *key, double v,
	       lca_error *err)
{
	char where[200];

	lca__fmt(where, sizeof(where), "claim '%s': %s", c->id, key);
	return lca_inputs_set_number(&job->flags, lca_field_lookup(key), v,
				     where, err);
}

static int sets(lca_job *job, const lca_claim *c, const char *key,
		const char *v, lca_error *err)
{
	char where[200];

	lca__fmt(where, sizeof(where), "claim '%s': %s", c->id, key);
	return lca_inputs_set_text(&job->flags, lca_field_lookup(key), v, where,
				   err);
}

static int stated(double v)
{
	return !isnan(v);
}

/* Device-hours as stated: accelerator_hours, else devices x days x 24. */
static double claim_device_hours(const lca_claim *c)
{
	if (stated(c->accelerator_hours))
		return c->accelerator_hours;
	if (stated(c->n_accelerators) && stated(c->days))
		return c->n_accelerators * c->days * 24.0;
	return LCA_NAN;
}

static int has_site(const lca_claim *c)
{
	return stated(c->grid_gco2_per_kwh) || c->region[0];
}

/* 1 when the claim names a catalog accelerator (a, if not NULL, gets it). */
static int accel_known(lca_catalog *cat, const lca_claim *c, lca_accel *a)
{
	lca_resolution how;
	lca_error e2;
	lca_accel tmp;

	return cat && c->accelerator[0] &&
	       !lca_catalog_accel(cat, c->accelerator, "accelerator",
				  a ? a : &tmp, &how, &e2);
}

/*
 * The claim's energy_mwh is facility energy (after PUE), as Patterson et
 * al. 2021 (Table 4, App. D) and Strubell et al. 2019 (eq. 1) state it; the
 * engine's energy-kwh is IT energy, so a stated PUE is divided out first.
 */
static int build(lca_job *job, lca_catalog *cat, const lca_claim *c, int route,
		 int lifecycle, lca_error *err)
{
	double dh = claim_device_hours(c);
	lca_accel a;
	int rc = 0;

	lca_job_init(job);
	if (lifecycle && accel_known(cat, c, &a))
		rc = sets(job, c, "gpu", a.id, err);
	if (!rc && stated(c->n_accelerators))
		rc = set(job, c, "gpus", c->n_accelerators, err);
	if (!rc && stated(c->accelerator_hours))
		rc = set(job, c, "gpu-hours", c->accelerator_hours, err);
	else if (!rc && stated(dh))
		rc = set(job, c, "days", c->days, err);
	if (rc)
		return rc;
	if (route == ROUTE_ENERGY) {
		double pue = stated(c->pue) ? c->pue : 1.0;
		rc = set(job, c, "energy-kwh", c->energy_mwh * 1000.0 / pue,
			 err);
	} else if (stated(c->avg_power_w)) {
		rc = set(job, c, "power", c->avg_power_w, err);
	}
	if (!rc && !lifecycle)
		rc = set(job, c, "host-power", 0, err);
	if (!rc && stated(c->pue))
		rc = set(job, c, "pue", c->pue, err);
	else if (!rc && !lifecycle)
		rc = set(job, c, "pue", 1.0, err);
	if (!rc && stated(c->grid_gco2_per_kwh))
		rc = set(job, c, "grid", c->grid_gco2_per_kwh, err);
	if (!rc && c->region[0])
		rc = sets(job, c, "region", c->region, err);
	if (!rc && !lifecycle)
		rc = sets(job, c, "embodied-model", "none", err);
	return rc;
}

int lca_audit_job(lca_job *job, lca_catalog *cat, const lca_claim *c,
		  int lifecycle, lca_error *err)
{
	int hw = stated(claim_device_hours(c)) && stated(c->avg_power_w);
	int rc;

	if (stated(c->energy_mwh) && (has_site(c) || lifecycle))
		rc = build(job, cat, c, ROUTE_ENERGY, lifecycle, err);
	else if ((hw && has_site(c)) ||
		 (lifecycle && stated(claim_device_hours(c))))
		rc = build(job, cat, c, ROUTE_HARDWARE, lifecycle, err);
	else {
		lca_job_init(job);
		rc = lca_error_set(err, LCA_EMISSING, c->id,
				   "the claim states neither energy nor "
				   "device-hours with power, with a grid "
				   "intensity or region");
	}
	if (rc)
		lca_job_release(job);
	return rc;
}

/* ---- the audit ------------------------------------------------------ */

static int run(lca_catalog *cat, lca_job *job, lca_footprint *fp,
	       lca_error *err)
{
	int rc = lca_compute(cat, job, fp, err);

	lca_job_release(job);
	return rc;
}

static int off(double got, double want)
{
	return !(fabs(got / want - 1.0) <= LCA_AUDIT_TOLERANCE);
}

static void flag(lca_audit_result *r, int f, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void flag(lca_audit_result *r, int f, const char *fmt, ...)
{
	char buf[320];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	r->flags |= 1u << f;
	lca__strlcpy(r->why[f], buf, sizeof(r->why[f]));
}

static void lifecycle_estimate(lca_catalog *cat, const lca_claim *c,
			       lca_audit_result *r)
{
	lca_job job;
	lca_error e2;
	const lca_phase_result *t = &r->lifecycle.total;

	char why[200] = "";
	int rc;

	if (!lca_audit_job(&job, cat, c, 1, &e2) &&
	    run(cat, &job, &r->lifecycle, &e2) == 0)
		goto ok;
	/* No embodied factor for this device: say so and go on without. */
	lca__fmt(why, sizeof(why), "; embodied not computed: %s", e2.message);
	lca_footprint_release(&r->lifecycle);
	lca_footprint_init(&r->lifecycle);
	rc = lca_audit_job(&job, cat, c, 1, &e2);
	if (!rc) {
		rc = lca_inputs_set_text(&job.flags, LCA_F_EMBODIED_MODEL,
					 "none", "embodied-model", &e2);
		if (rc)
			lca_job_release(&job);
		else
			rc = run(cat, &job, &r->lifecycle, &e2);
	}
	if (rc) {
		lca_footprint_release(&r->lifecycle);
		lca__fmt(r->lifecycle_note, sizeof(r->lifecycle_note),
			 "not computed: %s (%s)", e2.message, e2.where);
		return;
	}
ok:
	r->lifecycle_tco2e = t->total_kgco2e / 1000.0;
	lca__fmt(r->lifecycle_note, sizeof(r->lifecycle_note),
		 "with catalog defaults: pue %.3g, host %.3g t, embodied "
		 "%.3g t; idle not counted%s",
		 t->pue, t->kgco2e_c[LCA_C_HOST] / 1000.0,
		 t->embodied_kgco2e / 1000.0, why);
}

static void check_inputs(lca_catalog *cat, const lca_claim *c,
			 lca_audit_result *r, double hw_mwh)
{
	double dh = claim_device_hours(c);
	lca_accel a;
	lca_region reg;
	lca_error e2;

	if (stated(c->accelerator_hours) && stated(c->n_accelerators) &&
	    stated(c->days) &&
	    off(c->accelerator_hours, c->n_accelerators * c->days * 24.0))
		flag(r, LCA_AF_DEVICE_HOURS_MISMATCH,
		     "%.6g device-hours stated, but %.6g devices x %.4g days "
		     "x 24 = %.6g",
		     c->accelerator_hours, c->n_accelerators, c->days,
		     c->n_accelerators * c->days * 24.0);
	if (stated(c->avg_power_w) && accel_known(cat, c, &a) &&
	    !isnan(a.tdp_w) && c->avg_power_w > a.tdp_w)
		flag(r, LCA_AF_POWER_ABOVE_TDP,
		     "stated average power %.4g W is above the %s TDP %.4g W "
		     "(datasets/accelerators.csv)",
		     c->avg_power_w, a.id, a.tdp_w);
	if (c->region[0] && stated(c->grid_gco2_per_kwh) &&
	    !lca_catalog_region(cat, c->region, "region", &reg, &e2) &&
	    !isnan(reg.gco2_per_kwh) && reg.gco2_per_kwh > 0 &&
	    fabs(c->grid_gco2_per_kwh / reg.gco2_per_kwh - 1.0) >
		LCA_AUDIT_GRID_FAR)
		flag(r, LCA_AF_GRID_FAR_FROM_CATALOG,
		     "stated grid %.4g gCO2e/kWh is %.2g x the catalog's "
		     "%.4g for %s (%d)",
		     c->grid_gco2_per_kwh,
		     c->grid_gco2_per_kwh / reg.gco2_per_kwh, reg.gco2_per_kwh,
		     reg.key, reg.year);
	if (stated(c->energy_mwh) && stated(hw_mwh) &&
	    off(c->energy_mwh, hw_mwh))
		flag(r, LCA_AF_ENERGY_HARDWARE_MISMATCH,
		     "stated energy %.4g MWh is %.3g x device-hours x power%s "
		     "(%.4g MWh)%s",
		     c->energy_mwh, c->energy_mwh / hw_mwh,
		     stated(c->pue) ? " x pue" : "", hw_mwh,
		     c->energy_mwh > hw_mwh
			 ? ": it counts more than the devices' draw (idle, "
			   "host) or another power"
			 : "");
	if (stated(c->energy_mwh) && stated(c->grid_gco2_per_kwh) &&
	    stated(c->operational_tco2e) && c->energy_mwh > 0 &&
	    c->grid_gco2_per_kwh > 0 &&
	    off(c->operational_tco2e,
		c->energy_mwh * c->grid_gco2_per_kwh / 1000.0))
		flag(r, LCA_AF_ENERGY_GRID_MISMATCH,
		     "%.4g t from %.4g MWh implies %.4g gCO2e/kWh, not the "
		     "stated %.4g",
		     c->operational_tco2e, c->energy_mwh,
		     c->operational_tco2e / c->energy_mwh * 1000.0,
		     c->grid_gco2_per_kwh);
	if (stated(c->total_tco2e) && stated(c->operational_tco2e)) {
		double parts =
		    c->operational_tco2e +
		    (stated(c->embodied_tco2e) ? c->embodied_tco2e : 0);
		if (parts > 0 && off(c->total_tco2e, parts))
			flag(r, LCA_AF_TOTALS_DISAGREE,
			     "total %.4g t is not operational + embodied "
			     "(%.4g t)",
			     c->total_tco2e, parts);
	}
	if (!stated(c->embodied_tco2e) && !isnan(r->claimed_tco2e))
		flag(r, LCA_AF_EMBODIED_OMITTED,
		     "no embodied (manufacturing) emissions stated");
	if (stated(dh) && stated(c->avg_power_w) &&
	    (!stated(c->energy_mwh) ||
	     (stated(hw_mwh) && !off(c->energy_mwh, hw_mwh))))
		flag(r, LCA_AF_IDLE_OMITTED,
		     "energy is device-hours x power only: idle capacity "
		     "and host draw are not counted (the BLOOM study "
		     "measured idle at 0.59 x dynamic energy, Luccioni et "
		     "al. 2023)");
}

static void check_pue(const lca_claim *c, lca_audit_result *r, double hw_mwh)
{
	if (isnan(r->recomputed_tco2e))
		return;
	if (!stated(c->pue)) {
		flag(r, LCA_AF_PUE_OMITTED,
		     "no PUE stated: the figure counts IT energy only%s",
		     stated(c->energy_mwh) && stated(hw_mwh) &&
			     !off(c->energy_mwh, hw_mwh)
			 ? " (stated energy = device-hours x power, no "
			   "facility overhead)"
			 : "");
		return;
	}
	if (r->verdict == LCA_VERDICT_INCONSISTENT && c->pue > 1 &&
	    !off(r->claimed_tco2e * c->pue, r->recomputed_tco2e))
		flag(r, LCA_AF_PUE_OMITTED,
		     "claimed %.4g t x stated PUE %.3g = %.4g t, the "
		     "recomputed figure: the claim left PUE out of its "
		     "CO2e",
		     r->claimed_tco2e, c->pue, r->claimed_tco2e * c->pue);
}

/* ---- what a claim implies ------------------------------------------- */

/*
 * A claim's operational CO2e rests on one chain: device-hours x power x PUE
 * x grid (or facility energy x grid).  When it leaves one factor out, the
 * factor is solved for and judged against the catalog's plausible range;
 * when it leaves out more, the Monte Carlo gives the range of CO2e it could
 * have.
 */

/* A plausible range, each end with its source; label names the place. */
typedef struct prange {
	double low, high;
	char label[96];
	char source[700];
} prange;

/* The catalog's lowest or highest row of a one-number query. */
static int extreme(lca_catalog *cat, const char *sql, char *name, size_t n,
		   double *v, int *year, lca_error *err)
{
	sqlite3_stmt *st = lca__stmt(cat, sql);
	int rc;

	if (!st)
		return lca__lookup_error(cat, "audit range", err);
	rc = lca__step_row(cat, st, "audit range", err);
	if (rc == 1) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		lca__strlcpy(name, t ? t : "", n);
		*v = sqlite3_column_double(st, 1);
		*year = sqlite3_column_int(st, 2);
		rc = 0;
	} else if (rc == 0) {
		rc = lca_error_set(err, LCA_EDATA, "catalog",
				   "no rows for the audit's plausible range");
	}
	sqlite3_reset(st);
	return rc;
}

/* The ends of a range from two of those queries: r's low and high, and
 * each end's name and year. */
typedef struct span_end {
	char name[64];
	int year;
} span_end;

static int span(lca_catalog *cat, const char *sql_low, const char *sql_high,
		prange *r, span_end *lo, span_end *hi, lca_error *err)
{
	int rc = extreme(cat, sql_low, lo->name, sizeof(lo->name), &r->low,
			 &lo->year, err);

	if (!rc)
		rc = extreme(cat, sql_high, hi->name, sizeof(hi->name),
			     &r->high, &hi->year, err);
	return rc;
}

/*
 * Grid: the claim's region's catalog figure with the 5-95% of its
 * grid_region spread (distributions.csv), or, with no place, the world's
 * span of national averages (grid_countries.csv).  A market-based claim
 * may go down to 0 (contracts and certificates).
 */
static int grid_range(lca_catalog *cat, const lca_claim *c, prange *g,
		      lca_error *err)
{
	lca_region reg;
	lca_dist d;
	int rc;

	memset(g, 0, sizeof(*g));
	if (c->region[0]) {
		rc = lca_catalog_region(cat, c->region, "region", &reg, err);
		if (rc)
			return rc;
		if (isnan(reg.gco2_per_kwh))
			return lca_error_set(err, LCA_EDATA, c->region,
					     "the catalog has no grid figure "
					     "for region '%s'",
					     c->region);
		g->low = g->high = reg.gco2_per_kwh;
		rc = lca__dist_lookup(cat, "grid_region", reg.gco2_per_kwh, &d,
				      err);
		if (rc == LCA_EDB)
			return rc;
		if (rc == 0) {
			g->low = lca__dist_quantile(&d, 0.05);
			g->high = lca__dist_quantile(&d, 0.95);
		}
		lca__strlcpy(g->label, c->region, sizeof(g->label));
		lca__fmt(g->source, sizeof(g->source),
			 "%s %.4g gCO2e/kWh (%d, %s)%s", reg.key,
			 reg.gco2_per_kwh, reg.year, reg.source,
			 rc == 0 ? " with the 5-95% of its grid_region spread "
				   "(datasets/distributions.csv)"
				 : "");
	} else {
		span_end lo, hi;
		rc = span(cat,
			  "SELECT name,gco2_per_kwh,year FROM regions WHERE "
			  "kind='country' AND gco2_per_kwh IS NOT NULL ORDER "
			  "BY gco2_per_kwh ASC LIMIT 1",
			  "SELECT name,gco2_per_kwh,year FROM regions WHERE "
			  "kind='country' AND gco2_per_kwh IS NOT NULL ORDER "
			  "BY gco2_per_kwh DESC LIMIT 1",
			  g, &lo, &hi, err);
		if (rc)
			return rc;
		lca__strlcpy(g->label, "no place given, world",
			     sizeof(g->label));
		lca__fmt(g->source, sizeof(g->source),
			 "no place given: the world's span of national "
			 "averages, %s %.4g (%d) to %s %.4g (%d) gCO2e/kWh "
			 "(datasets/grid_countries.csv)",
			 lo.name, g->low, lo.year, hi.name, g->high, hi.year);
	}
	if (c->method == LCA_METHOD_MARKET) {
		char s[700];
		g->low = 0;
		lca__fmt(s, sizeof(s),
			 "market-based: 0 (fully matched by contracts or "
			 "certificates) to %s",
			 g->source);
		lca__strlcpy(g->source, s, sizeof(g->source));
	}
	return 0;
}

/* PUE: the lowest published hyperscale fleet figure to the highest survey
 * average in datasets/pue.csv. */
static int pue_range(lca_catalog *cat, prange *p, lca_error *err)
{
	span_end lo, hi;
	int rc;

	memset(p, 0, sizeof(*p));
	rc = span(cat,
		  "SELECT name,pue,year FROM pue WHERE scope='provider' ORDER "
		  "BY pue ASC LIMIT 1",
		  "SELECT name,pue,year FROM pue WHERE scope='industry' ORDER "
		  "BY pue DESC LIMIT 1",
		  p, &lo, &hi, err);
	if (rc)
		return rc;
	lca__strlcpy(p->label, "fleet to survey", sizeof(p->label));
	lca__fmt(p->source, sizeof(p->source),
		 "lowest hyperscale fleet figure %s %.3g (%d) to highest "
		 "survey average %s %.3g (%d) (datasets/pue.csv)",
		 lo.name, p->low, lo.year, hi.name, p->high, hi.year);
	return 0;
}

/* Power per device: the floor of the power_fraction spread x TDP (the
 * shipped data hold no per-device idle draw: shared hardware/HARDWARE.md)
 * to 1.1 x TDP.  LCA_ENOTFOUND when the claim names no catalog device. */
static int power_range(lca_catalog *cat, const lca_claim *c, prange *p,
		       lca_error *err)
{
	lca_accel a;
	lca_dist d;
	int rc;

	memset(p, 0, sizeof(*p));
	if (!accel_known(cat, c, &a) || isnan(a.tdp_w))
		return LCA_ENOTFOUND;
	rc = lca__dist_lookup(cat, "power_fraction", 1.0, &d, err);
	if (rc)
		return rc == LCA_EDB ? rc : LCA_ENOTFOUND;
	p->low = d.lo * a.tdp_w;
	p->high = LCA_AUDIT_POWER_OVER_TDP * a.tdp_w;
	lca__fmt(p->label, sizeof(p->label), "%s", a.id);
	lca__fmt(p->source, sizeof(p->source),
		 "%.3g x TDP %.4g W, the floor of power_fraction "
		 "(datasets/distributions.csv; no per-device idle draw is "
		 "in the shipped data), to %.2g x TDP as Patterson et al. "
		 "2021 measured for GPT-3 on V100 (%s)",
		 d.lo, a.tdp_w, LCA_AUDIT_POWER_OVER_TDP, a.source);
	return 0;
}

static lca_audit_implied *imply(lca_audit_result *r, const char *name,
				const char *unit, double v, const prange *rg)
{
	lca_audit_implied *im;

	if (r->nimplied >= LCA_AUDIT_IMPLIED_MAX)
		return NULL;
	im = &r->implied[r->nimplied++];
	lca__strlcpy(im->name, name, sizeof(im->name));
	lca__strlcpy(im->unit, unit, sizeof(im->unit));
	im->value = v;
	im->low = rg ? rg->low : LCA_NAN;
	im->high = rg ? rg->high : LCA_NAN;
	/* the claim's figures carry 2-3 significant digits, as in the
	 * recomputation's tolerance */
	im->plausible = rg && v >= rg->low * (1 - LCA_AUDIT_TOLERANCE) &&
			v <= rg->high * (1 + LCA_AUDIT_TOLERANCE);
	lca__strlcpy(im->source, rg ? rg->source : "", sizeof(im->source));
	return im;
}

static void say(lca_audit_result *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void say(lca_audit_result *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(r->reason, sizeof(r->reason), fmt, ap);
	va_end(ap);
}

/* "implied grid x PUE 57 gCO2e/kWh; FR range 35.6-68.9" */
static void say_implied(lca_audit_result *r, const lca_audit_implied *im,
			const char *label, const char *prefix)
{
	say(r, "%simplied %s %.4g %s; %s range %.4g-%.4g%s", prefix, im->name,
	    im->value, im->unit, label, im->low, im->high,
	    im->plausible ? "" : " (outside it: not plausible)");
}

/* The product of the grid and PUE ranges. */
static void product(prange *out, const prange *g, const prange *p)
{
	out->low = g->low * p->low;
	out->high = g->high * p->high;
	lca__fmt(out->label, sizeof(out->label), "%s grid x PUE", g->label);
	lca__fmt(out->source, sizeof(out->source), "grid: %.330s; pue: %.330s",
		 g->source, p->source);
}

/*
 * The Monte Carlo range of one output (LCA_O_OPERATIONAL: host and
 * embodied left out as the claim does; LCA_O_EMBODIED: the catalog's
 * embodied model) with every unstated input drawn from its spread.
 */
static int mc_range(lca_catalog *cat, const lca_claim *c, int output,
		    lca_audit_result *r, char *drawn, size_t n, lca_error *err)
{
	lca_uncertainty *u = malloc(sizeof(*u));
	lca_footprint fp;
	lca_job job;
	int rc, i;

	lca_footprint_init(&fp);
	if (!u)
		return lca_error_set(err, LCA_ENOMEM, c->id, "out of memory");
	rc = build(&job, cat, c, ROUTE_HARDWARE, 1, err);
	if (!rc && output == LCA_O_OPERATIONAL) {
		rc = set(&job, c, "host-power", 0, err);
		if (!rc)
			rc = sets(&job, c, "embodied-model", "none", err);
	}
	if (rc)
		lca_job_release(&job);
	else
		rc = run(cat, &job, &fp, err);
	if (!rc)
		rc = lca_uncertainty_run(&fp, LCA_AUDIT_SAMPLES, LCA_AUDIT_SEED,
					 u, err);
	if (!rc) {
		r->range_p05_tco2e = u->q[output].p05 / 1000.0;
		r->range_p95_tco2e = u->q[output].p95 / 1000.0;
		drawn[0] = 0;
		for (i = 0; i < u->ninputs; i++) {
			const char *nm = u->inputs[i].name;
			int emb = strstr(nm, "embodied") ||
				  strstr(nm, "lifetime") ||
				  strstr(nm, "utilization");
			if (emb != (output == LCA_O_EMBODIED))
				continue;
			lca__fmt(drawn + strlen(drawn), n - strlen(drawn),
				 "%s%s", drawn[0] ? ", " : "", nm);
		}
	}
	lca_footprint_release(&fp);
	free(u);
	return rc;
}

/* Verdict from a Monte Carlo range: claimed value v (t) inside it. */
static void judge_range(lca_audit_result *r, double v, const char *what,
			const char *drawn)
{
	double lo = r->range_p05_tco2e, hi = r->range_p95_tco2e;
	int in;

	if (!(lo > 0) || hi / lo > LCA_AUDIT_RANGE_MAX) {
		r->verdict = LCA_VERDICT_INSUFFICIENT;
		say(r,
		    "%s 90%% range %.4g-%.4g t is too wide to judge "
		    "(p95/p05 above %.0f; drawn: %s)",
		    what, lo, hi, LCA_AUDIT_RANGE_MAX, drawn);
		return;
	}
	/* the published figure's rounding, as for a recomputed one */
	in = v >= lo * (1 - LCA_AUDIT_TOLERANCE) &&
	     v <= hi * (1 + LCA_AUDIT_TOLERANCE);
	r->verdict = in ? LCA_VERDICT_CONSISTENT : LCA_VERDICT_INCONSISTENT;
	say(r,
	    "claimed %.4g t is %s the %s 90%% range %.4g-%.4g t (+-%.0f%%; "
	    "drawn: %s)",
	    v, in ? "inside" : "outside", what, lo, hi,
	    100 * LCA_AUDIT_TOLERANCE, drawn);
}

/* A claim that leaves inputs out is not recomputed: basis says which. */
static void not_recomputed(lca_audit_result *r, const char *missing,
			   const char *how)
{
	r->recomputed_tco2e = r->ratio = LCA_NAN;
	lca__fmt(r->basis, sizeof(r->basis),
		 "not recomputed: %s not stated; %s", missing, how);
}

/* What a claim without enough inputs lacks, in words. */
static void say_lacks(lca_audit_result *r, const lca_claim *c)
{
	char have[160] = "";

	if (stated(c->n_accelerators))
		lca__fmt(have, sizeof(have), " (%.6g %s, no duration)",
			 c->n_accelerators,
			 c->accelerator[0] ? c->accelerator : "devices");
	else if (c->accelerator[0])
		lca__fmt(have, sizeof(have), " (%s named, no count or hours)",
			 c->accelerator);
	say(r,
	    "states %.4g t but neither device-hours (accelerator_hours, or "
	    "n_accelerators with days)%s nor energy_mwh",
	    r->claimed_tco2e, have);
}

/* Energy as power: energy / device-hours (side check, no verdict). */
static int imply_power_from_energy(lca_catalog *cat, const lca_claim *c,
				   lca_audit_result *r, lca_error *err)
{
	double dh = claim_device_hours(c);
	prange p;
	int rc;

	if (!stated(c->energy_mwh) || !stated(dh) || stated(c->avg_power_w) ||
	    dh <= 0)
		return 0;
	rc = power_range(cat, c, &p, err);
	if (rc && rc != LCA_ENOTFOUND)
		return rc;
	/* energy_mwh is after PUE when a PUE is stated */
	imply(r, "power", "W",
	      c->energy_mwh * 1e6 / (stated(c->pue) ? c->pue : 1.0) / dh,
	      rc ? NULL : &p);
	return 0;
}

/* A market-based claim: the same energy at the location's average grid,
 * through lca_compute (the claim's region, else the world average). */
static void location_equivalent(lca_catalog *cat, const lca_claim *c,
				lca_audit_result *r)
{
	lca_claim loc = *c;
	lca_footprint fp;
	lca_job job;
	lca_error e2;
	int route = stated(c->energy_mwh) ? ROUTE_ENERGY : ROUTE_HARDWARE;

	if (route == ROUTE_HARDWARE &&
	    !(stated(claim_device_hours(c)) && stated(c->avg_power_w)))
		return;
	loc.grid_gco2_per_kwh = LCA_NAN;
	lca_footprint_init(&fp);
	if (!build(&job, cat, &loc, route, 0, &e2) && !run(cat, &job, &fp, &e2))
		r->location_tco2e = fp.total.operational_kgco2e / 1000.0;
	lca_footprint_release(&fp);
}

static int assess_embodied(lca_catalog *cat, const lca_claim *c,
			   lca_audit_result *r, lca_error *err)
{
	double dh = claim_device_hours(c);
	char drawn[400];
	lca_error e2;
	prange pr;

	if (!stated(dh) || !accel_known(cat, c, NULL)) {
		say(r,
		    "states only embodied %.4g t: judging it needs a catalog "
		    "accelerator and device-hours",
		    c->embodied_tco2e);
		return 0;
	}
	if (mc_range(cat, c, LCA_O_EMBODIED, r, drawn, sizeof(drawn), &e2)) {
		if (e2.code == LCA_EDB || e2.code == LCA_ENOMEM) {
			*err = e2;
			return e2.code;
		}
		say(r, "embodied not computed: %s (%s)", e2.message, e2.where);
		return 0;
	}
	pr.low = r->range_p05_tco2e * 1e6 / dh;
	pr.high = r->range_p95_tco2e * 1e6 / dh;
	lca__fmt(pr.source, sizeof(pr.source),
		 "5-95%% of the catalog's embodied model by Monte Carlo "
		 "(%d draws; %s)",
		 LCA_AUDIT_SAMPLES, drawn);
	imply(r, "embodied per device-hour", "gCO2e/device-hour",
	      c->embodied_tco2e * 1e6 / dh, &pr);
	judge_range(r, c->embodied_tco2e, "embodied", drawn);
	lca__fmt(r->basis, sizeof(r->basis),
		 "only embodied stated: the catalog's embodied model for "
		 "%.6g device-hours, by Monte Carlo",
		 dh);
	return 0;
}

/* The verdict, implied inputs and reason of a claim (after the stated
 * recomputation, which stays the verdict of a claim stating every input). */
static int assess(lca_catalog *cat, const lca_claim *c, lca_audit_result *r,
		  lca_error *err)
{
	double dh = claim_device_hours(c), t_op, kwh = LCA_NAN, v;
	int have_p = stated(c->avg_power_w), have_pue = stated(c->pue);
	int have_g = stated(c->grid_gco2_per_kwh), rc;
	const char *mk = c->method == LCA_METHOD_MARKET ? "market-based: " : "";
	prange g, p, w;
	lca_audit_implied *im;

	rc = imply_power_from_energy(cat, c, r, err);
	if (rc)
		return rc;
	if (isnan(r->claimed_tco2e)) {
		r->verdict = LCA_VERDICT_INSUFFICIENT;
		if (r->nimplied)
			say(r,
			    "states no CO2e to compare; implied power %.4g W "
			    "per device from energy / device-hours",
			    r->implied[0].value);
		else
			say(r, "states no CO2e to compare");
		return 0;
	}
	if (!stated(c->operational_tco2e) && !stated(c->total_tco2e))
		return assess_embodied(cat, c, r, err);
	t_op = stated(c->operational_tco2e)
		   ? c->operational_tco2e
		   : c->total_tco2e -
			 (stated(c->embodied_tco2e) ? c->embodied_tco2e : 0);
	if (c->method == LCA_METHOD_MARKET)
		location_equivalent(cat, c, r);
	if (!stated(c->energy_mwh) && !stated(dh)) {
		r->verdict = LCA_VERDICT_INSUFFICIENT;
		say_lacks(r, c);
		return 0;
	}
	if (stated(c->energy_mwh) && !(c->energy_mwh > 0)) {
		r->verdict = LCA_VERDICT_INSUFFICIENT;
		say(r, "%sstates %.4g t from no energy (energy_mwh 0)", mk,
		    r->claimed_tco2e);
		return 0;
	}
	if (stated(c->energy_mwh))
		kwh = c->energy_mwh * 1000.0; /* facility energy */
	else if (have_p)
		kwh = dh * c->avg_power_w / 1000.0 * (have_pue ? c->pue : 1.0);
	/* Several missing: power and PUE or grid. */
	if (isnan(kwh) && (!have_pue || !have_g)) {
		char drawn[400], what[64];
		lca_error e2;
		if (!accel_known(cat, c, NULL)) {
			r->verdict = LCA_VERDICT_INSUFFICIENT;
			say(r,
			    "%sstates device-hours but no power, PUE and grid "
			    "enough to judge, and no catalog accelerator to "
			    "draw a power from",
			    mk);
			return 0;
		}
		if (mc_range(cat, c, LCA_O_OPERATIONAL, r, drawn, sizeof(drawn),
			     &e2)) {
			if (e2.code == LCA_EDB || e2.code == LCA_ENOMEM) {
				*err = e2;
				return e2.code;
			}
			r->verdict = LCA_VERDICT_INSUFFICIENT;
			say(r, "range not computed: %s (%s)", e2.message,
			    e2.where);
			return 0;
		}
		{
			prange pr;
			pr.low = r->range_p05_tco2e * 1e6 / dh;
			pr.high = r->range_p95_tco2e * 1e6 / dh;
			lca__fmt(pr.source, sizeof(pr.source),
				 "5-95%% of the Monte Carlo (%d draws; %s)",
				 LCA_AUDIT_SAMPLES, drawn);
			imply(r, "operational per device-hour",
			      "gCO2e/device-hour", t_op * 1e6 / dh, &pr);
		}
		lca__fmt(what, sizeof(what), "%soperational", mk);
		judge_range(r, t_op, what, drawn);
		lca__fmt(what, sizeof(what), "power%s%s",
			 have_pue ? "" : ", pue", have_g ? "" : ", grid");
		not_recomputed(r, what,
			       c->region[0] || have_g
				   ? "the Monte Carlo draws them from the "
				     "catalog's spreads"
				   : "the Monte Carlo draws them from the "
				     "catalog's spreads (no place given: the "
				     "world average grid)");
		return 0;
	}
	rc = grid_range(cat, c, &g, err);
	if (!rc)
		rc = pue_range(cat, &p, err);
	if (rc)
		return rc;
	if (isnan(kwh)) { /* only power missing */
		rc = power_range(cat, c, &w, err);
		if (rc && rc != LCA_ENOTFOUND)
			return rc;
		if (!(c->grid_gco2_per_kwh > 0)) {
			r->verdict = LCA_VERDICT_INSUFFICIENT;
			say(r, "%sa grid of 0 implies no power", mk);
			return 0;
		}
		v = t_op * 1e9 / (dh * c->pue * c->grid_gco2_per_kwh);
		im = imply(r, "power", "W", v, rc ? NULL : &w);
		not_recomputed(r, "power", "implied from the claimed CO2e");
		if (rc) {
			r->verdict = LCA_VERDICT_INSUFFICIENT;
			say(r,
			    "%simplied power %.4g W per device; no catalog "
			    "accelerator to judge it against",
			    mk, v);
			return 0;
		}
	} else if (have_g && (have_pue || stated(c->energy_mwh))) {
		/* every input stated: the verdict is the recomputation's */
		im = imply(r, "grid", "gCO2e/kWh", t_op * 1e6 / kwh, &g);
		if (isnan(r->ratio)) {
			r->verdict = LCA_VERDICT_INSUFFICIENT;
			say(r, "%s%s", mk, r->basis);
			return 0;
		}
		say(r,
		    "%sclaimed / recomputed %.3f; implied grid %.4g "
		    "gCO2e/kWh, %s range %.4g-%.4g%s",
		    mk, r->ratio, im->value, g.label, im->low, im->high,
		    im->plausible ? "" : " (outside it)");
		goto market;
	} else if (have_g) { /* PUE missing */
		if (!(c->grid_gco2_per_kwh > 0)) {
			r->verdict = LCA_VERDICT_INSUFFICIENT;
			say(r, "%sa grid of 0 implies no PUE", mk);
			return 0;
		}
		im = imply(r, "pue", "ratio",
			   t_op * 1e6 / (kwh * c->grid_gco2_per_kwh), &p);
	} else if (have_pue || stated(c->energy_mwh)) {
		/* grid missing; a stated energy is facility energy when a PUE
		 * is stated, else maybe IT energy: grid x PUE */
		if (have_pue) {
			im =
			    imply(r, "grid", "gCO2e/kWh", t_op * 1e6 / kwh, &g);
		} else {
			prange gp;
			product(&gp, &g, &p);
			im = imply(r, "grid x pue", "gCO2e/kWh",
				   t_op * 1e6 / kwh, &gp);
		}
	} else { /* grid and PUE missing */
		prange gp;
		product(&gp, &g, &p);
		im = imply(r, "grid x pue", "gCO2e/kWh", t_op * 1e6 / kwh, &gp);
	}
	if (!im)
		return 0;
	not_recomputed(r, im->name, "implied from the claimed CO2e");
	r->verdict =
	    im->plausible ? LCA_VERDICT_CONSISTENT : LCA_VERDICT_INCONSISTENT;
	say_implied(r, im,
		    !strcmp(im->name, "pue")	 ? "PUE"
		    : !strcmp(im->name, "power") ? w.label
						 : g.label,
		    mk);
market:
	if (c->method == LCA_METHOD_MARKET && !isnan(r->location_tco2e)) {
		size_t len = strlen(r->reason);
		lca__fmt(r->reason + len, sizeof(r->reason) - len,
			 "; location-based equivalent %.4g t",
			 r->location_tco2e);
	}
	return 0;
}

void lca_audit_result_release(lca_audit_result *r)
{
	lca_footprint_release(&r->stated);
	lca_footprint_release(&r->lifecycle);
}

int lca_audit_claim(lca_catalog *cat, const lca_claim *c, lca_audit_result *r,
		    lca_error *err)
{
	lca_footprint hw;
	lca_job job;
	lca_error e2;
	double hw_mwh = LCA_NAN, embodied = 0;
	int rc = 0;

	memset(r, 0, sizeof(*r));
	lca_footprint_init(&r->stated);
	lca_footprint_init(&r->lifecycle);
	lca_footprint_init(&hw);
	lca__strlcpy(r->id, c->id, sizeof(r->id));
	r->recomputed_tco2e = r->ratio = r->lifecycle_tco2e = LCA_NAN;
	r->range_p05_tco2e = r->range_p95_tco2e = r->location_tco2e = LCA_NAN;
	r->method = c->method;
	r->verdict = LCA_VERDICT_INSUFFICIENT;
	r->claimed_tco2e = stated(c->total_tco2e)	  ? c->total_tco2e
			   : stated(c->operational_tco2e) ? c->operational_tco2e
			   : stated(c->embodied_tco2e)	  ? c->embodied_tco2e
							  : LCA_NAN;
	if (stated(c->total_tco2e) && stated(c->embodied_tco2e))
		embodied = c->embodied_tco2e;

	/* Energy as device-hours x power (x PUE), through the engine. */
	if (stated(claim_device_hours(c)) && stated(c->avg_power_w)) {
		rc = build(&job, cat, c, ROUTE_HARDWARE, 0, err);
		if (!rc) {
			/* the grid does not matter for energy */
			if (!job.flags.set[LCA_F_GRID] &&
			    !job.flags.set[LCA_F_REGION])
				rc = set(&job, c, "grid", 0, err);
			if (!rc)
				rc = run(cat, &job, &hw, err);
			else
				lca_job_release(&job);
		}
		if (rc)
			goto done;
		hw_mwh = hw.total.energy_kwh / 1000.0;
	}

	if (lca_audit_job(&job, cat, c, 0, &e2)) {
		lca__fmt(r->basis, sizeof(r->basis), "%s", e2.message);
	} else {
		rc = run(cat, &job, &r->stated, err);
		if (rc)
			goto done;
		r->recomputed_tco2e =
		    r->stated.total.total_kgco2e / 1000.0 + embodied;
		if (stated(c->energy_mwh) && has_site(c))
			lca__fmt(r->basis, sizeof(r->basis),
				 "stated energy %.6g MWh x grid %.4g "
				 "gCO2e/kWh (pue %s)%s",
				 c->energy_mwh,
				 r->stated.total.grid_gco2_per_kwh,
				 stated(c->pue) ? "stated, already in the "
						  "energy"
						: "none stated",
				 embodied > 0 ? " + stated embodied" : "");
		else
			lca__fmt(r->basis, sizeof(r->basis),
				 "%.6g device-hours x %.4g W x pue %.3g%s x "
				 "grid %.4g gCO2e/kWh%s",
				 r->stated.total.device_hours, c->avg_power_w,
				 r->stated.total.pue,
				 stated(c->pue) ? "" : " (none stated)",
				 r->stated.total.grid_gco2_per_kwh,
				 embodied > 0 ? " + stated embodied" : "");
	}
	if (!isnan(r->claimed_tco2e) && !isnan(r->recomputed_tco2e) &&
	    r->recomputed_tco2e > 0) {
		r->ratio = r->claimed_tco2e / r->recomputed_tco2e;
		r->verdict = off(r->claimed_tco2e, r->recomputed_tco2e)
				 ? LCA_VERDICT_INCONSISTENT
				 : LCA_VERDICT_CONSISTENT;
	} else if (isnan(r->claimed_tco2e) && !r->basis[0]) {
		lca__fmt(r->basis, sizeof(r->basis),
			 "the claim states no CO2e to compare");
	} else if (isnan(r->claimed_tco2e)) {
		lca__fmt(r->basis + strlen(r->basis),
			 sizeof(r->basis) - strlen(r->basis),
			 "; the claim states no CO2e to compare");
	} else if (!isnan(r->recomputed_tco2e)) {
		lca__fmt(r->basis + strlen(r->basis),
			 sizeof(r->basis) - strlen(r->basis),
			 "; recomputed figure is 0: no ratio");
	}
	check_pue(c, r, hw_mwh);
	check_inputs(cat, c, r, hw_mwh);
	lifecycle_estimate(cat, c, r);
	rc = assess(cat, c, r, err);
done:
	lca_footprint_release(&hw);
	if (rc)
		lca_audit_result_release(r);
	return rc;
}
