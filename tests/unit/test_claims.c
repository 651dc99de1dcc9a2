/* SPDX-License-Identifier: MIT */
/* test_claims.c: the engine reproduces published footprint arithmetic from the
 * stated inputs. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "lca/lca.h"
#include "check.h"

static lca_catalog *cat;
static cJSON *claims;

static const cJSON *claim(const char *id)
{
	const cJSON *c;

	cJSON_ArrayForEach (c, claims) {
		const cJSON *i = cJSON_GetObjectItem(c, "id");
		if (cJSON_IsString(i) && !strcmp(i->valuestring, id))
			return c;
	}
	fprintf(stderr, "claim %s not in published_claims.json\n", id);
	exit(2);
}

static double num(const cJSON *c, const char *key)
{
	const cJSON *v = cJSON_GetObjectItem(c, key);
	return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

static void set(lca_job *job, const char *key, double v)
{
	lca_error err;
	int f = lca_field_lookup(key);

	if (f < 0 || lca_inputs_set_number(&job->flags, f, v, key, &err)) {
		fprintf(stderr, "cannot set %s=%g\n", key, v);
		exit(2);
	}
}

static void sets(lca_job *job, const char *key, const char *v)
{
	lca_error err;

	if (lca_inputs_set_text(&job->flags, lca_field_lookup(key), v, key,
				&err)) {
		fprintf(stderr, "cannot set %s=%s\n", key, v);
		exit(2);
	}
}

static int compute(lca_job *job, lca_footprint *fp)
{
	lca_error err;
	int rc;

	lca_footprint_init(fp);
	rc = lca_compute(cat, job, fp, &err);
	if (rc)
		lca_error_print(&err, stderr);
	return rc;
}

/*
 * Patterson et al. 2021 Table 4 (and Table 1, and LLMCarbon's validation
 * rows that copy it): energy = chips x days x 24 h x measured average
 * power x PUE; CO2e = energy x grid.  The paper rounds to three figures.
 */
static void patterson(const char *id)
{
	const cJSON *c = claim(id);
	lca_job job;
	lca_footprint fp;
	char what[128];

	lca_job_init(&job);
	set(&job, "gpus", num(c, "n_accelerators"));
	set(&job, "days", num(c, "days"));
	set(&job, "power", num(c, "avg_power_w"));
	set(&job, "host-power", 0);
	set(&job, "pue", num(c, "pue"));
	set(&job, "grid", num(c, "grid_gco2_per_kwh"));
	sets(&job, "embodied-model", "none");
	if (compute(&job, &fp) == 0) {
		snprintf(what, sizeof(what), "%s energy", id);
		CHECK_REL(fp.total.energy_kwh, num(c, "energy_mwh") * 1000,
			  0.025, what);
		snprintf(what, sizeof(what), "%s operational", id);
		CHECK_REL(fp.total.operational_kgco2e,
			  num(c, "operational_tco2e") * 1000, 0.03, what);
		CHECK(fp.total.embodied_kgco2e == 0, "%s: embodied off", id);
	} else {
		CHECK(0, "%s: compute failed", id);
	}
	lca_footprint_release(&fp);
	lca_job_release(&job);
}

/* Strubell et al. 2019 Table 3 prints kWh x PUE and CO2e = 0.954 lb/kWh x
 * that energy: the engine gets the same CO2e from IT energy, PUE and grid. */
static void strubell(const char *id)
{
	const cJSON *c = claim(id);
	lca_job job;
	lca_footprint fp;
	char what[128];
	double pue = num(c, "pue");

	lca_job_init(&job);
	set(&job, "energy-kwh", num(c, "energy_mwh") * 1000 / pue);
	set(&job, "pue", pue);
	set(&job, "grid", num(c, "grid_gco2_per_kwh"));
	if (compute(&job, &fp) == 0) {
		snprintf(what, sizeof(what), "%s operational", id);
		CHECK_REL(fp.total.operational_kgco2e,
			  num(c, "operational_tco2e") * 1000, 0.02, what);
		snprintf(what, sizeof(what), "%s facility energy", id);
		CHECK_REL(fp.total.energy_kwh, num(c, "energy_mwh") * 1000,
			  1e-9, what);
	} else {
		CHECK(0, "%s: compute failed", id);
	}
	lca_footprint_release(&fp);
	lca_job_release(&job);
}

/* Strubell's Transformer-base row from its own inputs: 1415.78 W for the
 * whole 8-GPU system over 12 hours, PUE 1.58, 0.954 lb/kWh (Table 3 and
 * the equations of section 3, as recorded in the claim's notes). */
static void strubell_t2t_base_from_power(void)
{
	const cJSON *c = claim("strubell19-t2t-base");
	lca_job job;
	lca_footprint fp;

	CHECK(strstr(cJSON_GetObjectItem(c, "notes")->valuestring,
		     "1415.78 W") != NULL,
	      "strubell19-t2t-base notes state the measured power");
	lca_job_init(&job);
	set(&job, "gpus", 8);
	set(&job, "hours", 12);
	set(&job, "power", 1415.78 / 8);
	set(&job, "host-power", 0);
	set(&job, "pue", num(c, "pue"));
	set(&job, "grid", num(c, "grid_gco2_per_kwh"));
	sets(&job, "embodied-model", "none");
	if (compute(&job, &fp) == 0) {
		CHECK_REL(fp.total.energy_kwh, num(c, "energy_mwh") * 1000,
			  0.01, "strubell t2t-base energy from power");
		/* the paper rounds to whole pounds: 26 lb */
		CHECK_REL(fp.total.operational_kgco2e,
			  num(c, "operational_tco2e") * 1000, 0.02,
			  "strubell t2t-base CO2e from power");
	}
	lca_footprint_release(&fp);
	lca_job_release(&job);
}

/* BLOOM (Luccioni et al. 2023 Table 3) through the shipped job file. */
static void bloom(const char *jobs_dir)
{
	const cJSON *dyn = claim("bloom-dynamic"), *idle = claim("bloom-idle");
	const cJSON *emb = claim("bloom-embodied"), *tot = claim("bloom-total");
	lca_job job;
	lca_footprint fp;
	lca_error err;
	char path[1024];

	snprintf(path, sizeof(path), "%s/bloom-176b.json", jobs_dir);
	lca_job_init(&job);
	if (lca_job_load_file(&job, path, &err)) {
		lca_error_print(&err, stderr);
		CHECK(0, "bloom job file loads");
		return;
	}
	if (compute(&job, &fp) == 0) {
		CHECK_REL(fp.total.kgco2e_c[LCA_C_DYNAMIC],
			  num(dyn, "operational_tco2e") * 1000, 0.01,
			  "bloom dynamic");
		CHECK_REL(fp.total.kgco2e_c[LCA_C_IDLE],
			  num(idle, "operational_tco2e") * 1000, 0.01,
			  "bloom idle");
		CHECK_REL(fp.total.embodied_kgco2e,
			  num(emb, "embodied_tco2e") * 1000, 0.01,
			  "bloom embodied");
		CHECK_REL(fp.total.total_kgco2e, num(tot, "total_tco2e") * 1000,
			  0.01, "bloom total");
		CHECK_REL(fp.total.energy_kwh, num(tot, "energy_mwh") * 1000,
			  0.01, "bloom energy");
		CHECK_REL(fp.total.device_hours, num(tot, "accelerator_hours"),
			  1e-9, "bloom device-hours");
	} else {
		CHECK(0, "bloom computes");
	}
	lca_footprint_release(&fp);
	lca_job_release(&job);
}

int main(int argc, char **argv)
{
	static const char *const t4[] = {"patterson21-t4-et-nas",
					 "patterson21-t4-t5",
					 "patterson21-t4-meena",
					 "patterson21-t4-gshard600b",
					 "patterson21-t4-switch",
					 "patterson21-t4-gpt3",
					 "patterson21-t1-1",
					 "patterson21-t1-2",
					 "patterson21-t1-3",
					 "patterson21-t1-4",
					 "patterson21-t1-5",
					 "llmcarbon-val-t5",
					 "llmcarbon-val-gpt3",
					 "llmcarbon-val-xlm",
					 NULL};
	static const char *const st[] = {
	    "strubell19-t2t-base",	"strubell19-t2t-big", "strubell19-elmo",
	    "strubell19-bert-base-gpu", "strubell19-nas",     NULL};
	lca_error err;
	char path[1024], *text;
	long len;
	FILE *fp;
	int i;

	if (argc < 2) {
		fprintf(stderr, "usage: test_claims DATASETS_DIR\n");
		return 2;
	}
	snprintf(path, sizeof(path), "%s/claims/published_claims.json",
		 argv[1]);
	fp = fopen(path, "rb");
	if (!fp || fseek(fp, 0, SEEK_END) || (len = ftell(fp)) <= 0) {
		fprintf(stderr, "cannot read %s\n", path);
		return 2;
	}
	rewind(fp);
	text = malloc((size_t)len + 1);
	if (!text || fread(text, 1, (size_t)len, fp) != (size_t)len)
		return 2;
	text[len] = '\0';
	fclose(fp);
	claims = cJSON_Parse(text);
	free(text);
	if (!claims)
		return 2;
	if (lca_catalog_open(&cat, NULL, argv[1], &err)) {
		lca_error_print(&err, stderr);
		return 2;
	}
	for (i = 0; t4[i]; i++)
		patterson(t4[i]);
	for (i = 0; st[i]; i++)
		strubell(st[i]);
	strubell_t2t_base_from_power();
	snprintf(path, sizeof(path), "%s/jobs", argv[1]);
	bloom(path);
	lca_catalog_free(cat);
	cJSON_Delete(claims);
	return check_done();
}
