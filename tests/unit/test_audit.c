/* SPDX-License-Identifier: MIT */
/* test_audit.c: lca audit finds the published disagreements the issue names
 * and reproduces Patterson et al. 2021 Table 4 from its energy and grid. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

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
	free(claims);
	lca_catalog_free(cat);
	return check_done();
}
