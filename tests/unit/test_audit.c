/* SPDX-License-Identifier: MIT */
/* test_audit.c: lca audit finds the published disagreements the issue names
 * and reproduces Patterson et al. 2021 Table 4 from its energy and grid. */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>

#include "lca/audit.h"
#include "check.h"

static lca_catalog *cat;
static lca_claim *claims;
static int nclaims;

static const lca_claim *claim(const char *id)
{
	int i;

	for (i = 0; i < nclaims; i++)
		if (!strcmp(claims[i].id, id))
			return &claims[i];
	fprintf(stderr, "claim %s not in published_claims.json\n", id);
	exit(2);
}

static int has(const lca_audit_result *r, int f)
{
	return (r->flags & (1u << f)) != 0;
}

/* GPT-3: 552.1 t in Patterson Table 4, 502 t in Luccioni Table 4. */
static void gpt3(void)
{
	lca_audit_result r;
	lca_error err;

	if (lca_audit_claim(cat, claim("luccioni-t4-gpt3"), &r, &err)) {
		CHECK(0, "gpt3 audit: %s", err.message);
		return;
	}
	CHECK(r.verdict == LCA_VERDICT_INCONSISTENT, "gpt3 502 t inconsistent");
	CHECK(has(&r, LCA_AF_PUE_OMITTED), "gpt3 502 t: pue_omitted flag");
	CHECK_REL(r.recomputed_tco2e, 552.1, 0.005, "gpt3 recomputed");
	CHECK_REL(r.ratio, 502 / 552.1, 0.005, "gpt3 ratio");
	CHECK(strstr(r.why[LCA_AF_PUE_OMITTED], "1.1") != NULL,
	      "gpt3 explanation names the PUE: %s", r.why[LCA_AF_PUE_OMITTED]);
	lca_audit_result_release(&r);

	if (lca_audit_claim(cat, claim("patterson21-t4-gpt3"), &r, &err)) {
		CHECK(0, "patterson gpt3 audit: %s", err.message);
		return;
	}
	CHECK(r.verdict == LCA_VERDICT_CONSISTENT, "patterson gpt3 consistent");
	CHECK(!has(&r, LCA_AF_PUE_OMITTED), "patterson gpt3 states its PUE");
	CHECK(has(&r, LCA_AF_POWER_ABOVE_TDP), "gpt3 330 W above V100 TDP");
	CHECK(r.lifecycle_tco2e > r.recomputed_tco2e,
	      "lifecycle adds embodied");
	lca_audit_result_release(&r);
}

/* BLOOM's 24.69 t dynamic figure applies no PUE. */
static void bloom(void)
{
	lca_audit_result r;
	lca_error err;

	if (lca_audit_claim(cat, claim("bloom-dynamic"), &r, &err)) {
		CHECK(0, "bloom audit: %s", err.message);
		return;
	}
	CHECK(r.verdict == LCA_VERDICT_CONSISTENT, "bloom dynamic arithmetic");
	CHECK(has(&r, LCA_AF_PUE_OMITTED), "bloom dynamic: pue_omitted");
	CHECK(has(&r, LCA_AF_EMBODIED_OMITTED), "bloom dynamic: embodied");
	CHECK(has(&r, LCA_AF_IDLE_OMITTED), "bloom dynamic: idle");
	CHECK(r.lifecycle_tco2e > 1.5 * r.recomputed_tco2e,
	      "bloom lifecycle re-estimate adds PUE and embodied (%g t)",
	      r.lifecycle_tco2e);
	lca_audit_result_release(&r);
}

/* Patterson Table 4: CO2e = energy x grid, within the tolerance. */
static void patterson(void)
{
	static const char *const t4[] = {
	    "patterson21-t4-et-nas", "patterson21-t4-t5",
	    "patterson21-t4-meena",  "patterson21-t4-gshard600b",
	    "patterson21-t4-switch", "patterson21-t4-gpt3"};
	size_t i;

	for (i = 0; i < sizeof(t4) / sizeof(t4[0]); i++) {
		const lca_claim *c = claim(t4[i]);
		lca_audit_result r;
		lca_error err;
		if (lca_audit_claim(cat, c, &r, &err)) {
			CHECK(0, "%s: %s", t4[i], err.message);
			continue;
		}
		CHECK(r.verdict == LCA_VERDICT_CONSISTENT, "%s consistent",
		      t4[i]);
		CHECK_REL(r.recomputed_tco2e,
			  c->energy_mwh * c->grid_gco2_per_kwh / 1000, 1e-9,
			  t4[i]);
		CHECK_REL(r.recomputed_tco2e, c->operational_tco2e,
			  LCA_AUDIT_TOLERANCE, t4[i]);
		CHECK(strstr(r.basis, "stated energy") != NULL,
		      "%s from energy and grid: %s", t4[i], r.basis);
		lca_audit_result_release(&r);
	}
}

/* Bad claims: a clear error, never a crash. */
static void bad(void)
{
	static const char *const inputs[] = {
	    "{\"id\":\"x\",\"pue\":\"1.1\"}",
	    "{\"id\":\"x\",\"gpux\":1}",
	    "{\"id\":\"x\",\"pue\":0.5}",
	    "{\"id\":\"x\",\"days\":-3}",
	    "{\"model\":\"no id\"}",
	    "[1,2]",
	    "{\"claims\":{}}",
	    "[]",
	    "{\"id\":\"x\",",
	};
	size_t i;

	for (i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		lca_claim *c = NULL;
		int n = -1;
		lca_error err;
		int rc = lca_claims_parse_json(
		    &c, &n, inputs[i], strlen(inputs[i]), "t.json", &err);
		CHECK(rc == LCA_EDATA && c == NULL && n == 0,
		      "bad claim %zu rejected", i);
		CHECK(rc == 0 || (err.message[0] && err.where[0]),
		      "bad claim %zu has a message", i);
		free(c);
	}
	{
		/* Contradictory values: a flag, not a crash. */
		const char *t = "{\"id\":\"x\",\"n_accelerators\":8,\"days\":1,"
				"\"accelerator_hours\":1000,\"avg_power_w\":"
				"300,\"grid_gco2_per_kwh\":400,"
				"\"operational_tco2e\":1,\"embodied_tco2e\":1,"
				"\"total_tco2e\":5}";
		lca_claim *c = NULL;
		int n = 0;
		lca_error err;
		lca_audit_result r;
		CHECK(!lca_claims_parse_json(&c, &n, t, strlen(t), "t", &err),
		      "contradictory claim parses");
		if (c && !lca_audit_claim(cat, c, &r, &err)) {
			CHECK(has(&r, LCA_AF_DEVICE_HOURS_MISMATCH),
			      "device-hours mismatch flagged");
			CHECK(has(&r, LCA_AF_TOTALS_DISAGREE),
			      "totals disagree flagged");
			lca_audit_result_release(&r);
		} else {
			CHECK(0, "contradictory claim audits");
		}
		free(c);
	}
}

/* Audits one claim given as JSON text; 0 when it parsed and audited. */
static int audit_text(const char *t, lca_audit_result *r)
{
	lca_claim *c = NULL;
	int n = 0, rc;
	lca_error err;

	rc = lca_claims_parse_json(&c, &n, t, strlen(t), "t.json", &err);
	if (!rc)
		rc = lca_audit_claim(cat, c, r, &err);
	if (rc)
		fprintf(stderr, "audit of %s: %s (%s)\n", t, err.message,
			err.where);
	free(c);
	return rc;
}

static const lca_audit_implied *implied(const lca_audit_result *r,
					const char *name)
{
	int k;

	for (k = 0; k < r->nimplied; k++)
		if (!strcmp(r->implied[k].name, name))
			return &r->implied[k];
	return NULL;
}

/* Every shipped claim that states a CO2e and either device-hours or energy
 * is judged (not insufficient), with what it implies filled in. */
static void shipped(void)
{
	int i, judged = 0;

	for (i = 0; i < nclaims; i++) {
		const lca_claim *c = &claims[i];
		int co2 = !isnan(c->total_tco2e) ||
			  !isnan(c->operational_tco2e) ||
			  !isnan(c->embodied_tco2e);
		int dh = !isnan(c->accelerator_hours) ||
			 (!isnan(c->n_accelerators) && !isnan(c->days));
		lca_audit_result r;
		lca_error err;
		if (lca_audit_claim(cat, c, &r, &err)) {
			CHECK(0, "%s: %s", c->id, err.message);
			continue;
		}
		CHECK(r.reason[0] && !strchr(r.reason, '\n'),
		      "%s: a one-line reason", c->id);
		if (co2 && (dh || !isnan(c->energy_mwh))) {
			judged++;
			CHECK(r.verdict != LCA_VERDICT_INSUFFICIENT,
			      "%s judged: %s", c->id, r.reason);
			CHECK(r.nimplied > 0, "%s: implied filled", c->id);
		} else {
			CHECK(r.verdict == LCA_VERDICT_INSUFFICIENT,
			      "%s insufficient: %s", c->id, r.reason);
			CHECK(strstr(r.reason, "states") != NULL,
			      "%s says what it lacks: %s", c->id, r.reason);
		}
		lca_audit_result_release(&r);
	}
	CHECK(judged >= 30, "claims judged: %d", judged);
}

/* BLOOM's dynamic 24.69 t from 1,082,990 GPU-hours at 400 W, in France,
 * with no grid or PUE stated: grid x PUE = 24.69 t / 433,196 kWh. */
static void bloom_implied(void)
{
	const char *t = "{\"id\":\"b\",\"accelerator\":\"A100 SXM4 80GB\","
			"\"accelerator_hours\":1082990,\"avg_power_w\":400,"
			"\"region\":\"FR\",\"operational_tco2e\":24.69}";
	const char *t2 = "{\"id\":\"b2\",\"accelerator\":\"A100 SXM4 80GB\","
			 "\"accelerator_hours\":1082990,\"avg_power_w\":400,"
			 "\"region\":\"FR\",\"operational_tco2e\":49.38}";
	const lca_audit_implied *im;
	lca_audit_result r;

	if (audit_text(t, &r)) {
		CHECK(0, "bloom implied audit");
		return;
	}
	im = implied(&r, "grid x pue");
	CHECK(im != NULL, "bloom: grid x pue implied (%s)", r.reason);
	if (im) {
		CHECK_REL(im->value, 24.69e6 / (1082990 * 0.4), 1e-9,
			  "bloom grid x pue");
		CHECK(fabs(im->value - 57) < 0.5, "bloom implies ~57 g/kWh");
		CHECK(im->plausible && im->low < 57 && im->high > 57,
		      "57 inside France's grid x PUE range %g-%g", im->low,
		      im->high);
		CHECK(!strcmp(im->unit, "gCO2e/kWh"), "unit %s", im->unit);
	}
	CHECK(r.verdict == LCA_VERDICT_CONSISTENT, "bloom implied: %s",
	      r.reason);
	CHECK(strstr(r.reason, "implied grid x pue 56.99") != NULL &&
		  strstr(r.reason, "FR range") != NULL,
	      "reason names value and range: %s", r.reason);
	lca_audit_result_release(&r);

	/* doctored to twice its total */
	if (audit_text(t2, &r)) {
		CHECK(0, "bloom doctored audit");
		return;
	}
	im = implied(&r, "grid x pue");
	CHECK(r.verdict == LCA_VERDICT_INCONSISTENT, "2x bloom: %s", r.reason);
	CHECK(im && !im->plausible, "2x bloom: implied not plausible");
	lca_audit_result_release(&r);
}

/* A shipped claim doctored to twice its total, and one whose implied grid
 * is 5,000 gCO2e/kWh. */
static void doctored(void)
{
	lca_claim c = *claim("patterson21-t4-et-nas");
	const char *t = "{\"id\":\"g\",\"energy_mwh\":1,\"pue\":1.1,"
			"\"total_tco2e\":5}";
	const lca_audit_implied *im;
	lca_audit_result r;
	lca_error err;

	c.total_tco2e *= 2;
	c.operational_tco2e *= 2;
	if (lca_audit_claim(cat, &c, &r, &err)) {
		CHECK(0, "doctored: %s", err.message);
		return;
	}
	CHECK(r.verdict == LCA_VERDICT_INCONSISTENT, "2x total inconsistent");
	im = implied(&r, "grid");
	CHECK(im && fabs(im->value - 2 * 3.2e6 / 7500) < 1,
	      "2x total implies twice the grid");
	lca_audit_result_release(&r);

	if (audit_text(t, &r)) {
		CHECK(0, "5000 g audit");
		return;
	}
	im = implied(&r, "grid");
	CHECK(im != NULL, "grid implied: %s", r.reason);
	if (im) {
		CHECK_REL(im->value, 5000.0, 1e-9, "implied grid");
		CHECK(!im->plausible, "5000 g/kWh is not plausible");
		CHECK(im->low <= 1 && im->high > 1000 && im->high < 5000,
		      "world span of national averages %g-%g", im->low,
		      im->high);
		CHECK(strstr(im->source, "grid_countries.csv") != NULL,
		      "range sourced: %s", im->source);
	}
	CHECK(r.verdict == LCA_VERDICT_INCONSISTENT, "5000 g: %s", r.reason);
	CHECK(strstr(r.reason, "world") != NULL,
	      "no place: the reason says the world span: %s", r.reason);
	lca_audit_result_release(&r);
}

/* PUE and power alone missing: implied against their sourced ranges. */
static void pue_power(void)
{
	/* 1000 V100-hours at 300 W, 400 g: 0.12 t at PUE 1; 0.18 t is 1.5 */
	const char *pue = "{\"id\":\"p\",\"accelerator\":\"V100\","
			  "\"accelerator_hours\":1000,\"avg_power_w\":300,"
			  "\"grid_gco2_per_kwh\":400,\"total_tco2e\":0.18}";
	/* the same at PUE 1.1: 0.132 t is 300 W; 0.66 t would be 1500 W */
	const char *pw = "{\"id\":\"w\",\"accelerator\":\"V100\","
			 "\"accelerator_hours\":1000,\"pue\":1.1,"
			 "\"grid_gco2_per_kwh\":400,\"total_tco2e\":0.66}";
	const lca_audit_implied *im;
	lca_audit_result r;

	if (!audit_text(pue, &r)) {
		im = implied(&r, "pue");
		CHECK(im && fabs(im->value - 1.5) < 1e-9, "implied pue 1.5");
		CHECK(im && im->plausible && im->low > 1 && im->high < 1.6,
		      "pue range fleet to survey");
		CHECK(im && strstr(im->source, "pue.csv"), "pue sourced");
		CHECK(r.verdict == LCA_VERDICT_CONSISTENT, "pue 1.5: %s",
		      r.reason);
		lca_audit_result_release(&r);
	}
	if (!audit_text(pw, &r)) {
		im = implied(&r, "power");
		CHECK(im && fabs(im->value - 1500) < 1e-6, "implied 1500 W");
		CHECK(im && !im->plausible && fabs(im->high - 330) < 1e-9,
		      "V100 range ends at 1.1 x 300 W");
		CHECK(r.verdict == LCA_VERDICT_INCONSISTENT, "1500 W: %s",
		      r.reason);
		lca_audit_result_release(&r);
	}
}

/* Power, PUE and grid missing: the Monte Carlo's 90% range decides. */
static void monte_carlo(void)
{
	char t[400];
	lca_audit_result r;
	double mid;

	/* 8 V100 for a day at TDP, PUE 1.56, world average grid */
	if (audit_text("{\"id\":\"m\",\"accelerator\":\"V100\","
		       "\"n_accelerators\":8,\"days\":1,\"total_tco2e\":1}",
		       &r)) {
		CHECK(0, "monte carlo audit");
		return;
	}
	CHECK(!isnan(r.range_p05_tco2e) &&
		  r.range_p05_tco2e < r.range_p95_tco2e,
	      "a range: %g-%g", r.range_p05_tco2e, r.range_p95_tco2e);
	CHECK(r.verdict == LCA_VERDICT_INCONSISTENT, "1 t from 192 h: %s",
	      r.reason);
	mid = sqrt(r.range_p05_tco2e * r.range_p95_tco2e);
	lca_audit_result_release(&r);
	snprintf(t, sizeof(t),
		 "{\"id\":\"m\",\"accelerator\":\"V100\","
		 "\"n_accelerators\":8,\"days\":1,\"total_tco2e\":%.6g}",
		 mid);
	if (!audit_text(t, &r)) {
		CHECK(r.verdict == LCA_VERDICT_CONSISTENT, "middle: %s",
		      r.reason);
		CHECK(strstr(r.reason, "90% range") != NULL,
		      "reason gives the range: %s", r.reason);
		lca_audit_result_release(&r);
	}
}

/* Market-based claims: a 0 t claim with its location-based equivalent. */
static void market(void)
{
	const char *zero = "{\"id\":\"z\",\"energy_mwh\":100,\"pue\":1.1,"
			   "\"region\":\"FR\",\"total_tco2e\":0,"
			   "\"method\":\"market-based\"}";
	const char *loc = "{\"id\":\"l\",\"energy_mwh\":100,\"pue\":1.1,"
			  "\"region\":\"FR\",\"total_tco2e\":0}";
	const char *bad = "{\"id\":\"x\",\"method\":\"offset\"}";
	lca_audit_result r;
	lca_claim *c = NULL;
	int n = 0;
	lca_error err;

	if (!audit_text(zero, &r)) {
		CHECK(r.method == LCA_METHOD_MARKET, "market-based read");
		CHECK(r.verdict == LCA_VERDICT_CONSISTENT, "0 t market: %s",
		      r.reason);
		CHECK(r.location_tco2e > 1 && r.location_tco2e < 10,
		      "location-based equivalent of 100 MWh in France: %g t",
		      r.location_tco2e);
		CHECK(strstr(r.reason, "location-based equivalent") != NULL,
		      "reason gives it: %s", r.reason);
		lca_audit_result_release(&r);
	}
	if (!audit_text(loc, &r)) {
		CHECK(r.verdict == LCA_VERDICT_INCONSISTENT,
		      "0 t location-based in France: %s", r.reason);
		CHECK(isnan(r.location_tco2e), "no equivalent needed");
		lca_audit_result_release(&r);
	}
	CHECK(lca_claims_parse_json(&c, &n, bad, strlen(bad), "t", &err) ==
		      LCA_EDATA &&
		  strstr(err.where, "method") && strstr(err.message, "offset"),
	      "an unknown method is refused by name");
	free(c);
}

/* A Monte Carlo range wider than 3x does not make a claim consistent: a
 * catalog whose grid_region spread is very wide (datasets/ otherwise as
 * shipped) keeps a claim at its own point estimate insufficient. */
/* dst = a/b; 0, or -1 when it does not fit. */
static int join(char *dst, size_t n, const char *a, const char *b)
{
	int k = snprintf(dst, n, "%s/%s", a, b);

	return k < 0 || (size_t)k >= n ? -1 : 0;
}

static void wide_range(const char *datasets)
{
	char dir[] = "/tmp/lca-audit-XXXXXX", src[4096], dst[1200], db[1200];
	char line[4096];
	lca_catalog *wide = NULL, *saved = cat;
	lca_audit_result r;
	struct dirent *e;
	FILE *in = NULL, *out = NULL;
	DIR *d = NULL;
	lca_error err;

	if (datasets[0] == '/')
		snprintf(src, sizeof(src), "%s", datasets);
	else if (!getcwd(line, sizeof(line)) ||
		 join(src, sizeof(src), line, datasets))
		src[0] = 0;
	if (!src[0] || !mkdtemp(dir)) {
		CHECK(0, "wide range: temporary datasets");
		return;
	}
	d = opendir(src);
	while (d && (e = readdir(d)))
		if (e->d_name[0] != '.' &&
		    strcmp(e->d_name, "distributions.csv")) {
			CHECK(!join(line, sizeof(line), src, e->d_name) &&
				  !join(dst, sizeof(dst), dir, e->d_name) &&
				  symlink(line, dst) == 0,
			      "link %s", e->d_name);
		}
	if (!join(line, sizeof(line), src, "distributions.csv"))
		in = fopen(line, "r");
	if (!join(dst, sizeof(dst), dir, "distributions.csv"))
		out = fopen(dst, "w");
	while (in && out && fgets(line, sizeof(line), in))
		fputs(strncmp(line, "grid_region,", 12)
			  ? line
			  : "grid_region,normal_rel,0,0.6,,0,2000,\"test: a "
			    "wide spread\"\n",
		      out);
	if (in)
		fclose(in);
	if (out)
		fclose(out);
	join(db, sizeof(db), dir, "catalog.db");
	if (lca_catalog_open(&wide, db, dir, &err)) {
		CHECK(0, "wide catalog: %s", err.message);
	} else {
		cat = wide;
		if (!audit_text("{\"id\":\"m\",\"accelerator\":\"V100\","
				"\"n_accelerators\":8,\"days\":1,"
				"\"total_tco2e\":0.04}",
				&r)) {
			CHECK(r.range_p95_tco2e / r.range_p05_tco2e > 3,
			      "a wide range: %g-%g", r.range_p05_tco2e,
			      r.range_p95_tco2e);
			CHECK(r.verdict == LCA_VERDICT_INSUFFICIENT,
			      "wider than 3x stays insufficient: %s", r.reason);
			CHECK(strstr(r.reason, "90% range") != NULL,
			      "with the range in its reason: %s", r.reason);
			lca_audit_result_release(&r);
		}
		cat = saved;
		lca_catalog_free(wide);
	}
	if (d) {
		rewinddir(d);
		while ((e = readdir(d)))
			if (e->d_name[0] != '.') {
				if (!join(dst, sizeof(dst), dir, e->d_name))
					unlink(dst);
			}
		closedir(d);
	}
	if (!join(dst, sizeof(dst), dir, "distributions.csv"))
		unlink(dst);
	unlink(db);
	rmdir(dir);
}

int main(int argc, char **argv)
{
	char path[1024];
	lca_error err;

	if (argc < 2) {
		fprintf(stderr, "usage: test_audit DATASETS\n");
		return 2;
	}
	if (lca_catalog_open(&cat, NULL, argv[1], &err)) {
		lca_error_print(&err, stderr);
		return 1;
	}
	snprintf(path, sizeof(path), "%s/claims/published_claims.json",
		 argv[1]);
	if (lca_claims_load_file(&claims, &nclaims, path, &err)) {
		lca_error_print(&err, stderr);
		return 1;
	}
	gpt3();
	bloom();
	patterson();
	bad();
	shipped();
	bloom_implied();
	doctored();
	pue_power();
	monte_carlo();
	market();
	wide_range(argv[1]);
	free(claims);
	lca_catalog_free(cat);
	return check_done();
}
