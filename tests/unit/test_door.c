/* SPDX-License-Identifier: MIT */
/* test_door.c: lca/door.h: a request gives what lca_compute and the
 * renderers give; errors name their field; a tracker of the calling
 * process records one run, complete or failed. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lca/door.h"
#include "lca/ledger.h"
#include "check.h"

static lca_catalog *cat;

static void same_as_compute(void)
{
	const char *kv[][2] = {{"params", "70e9"},
			       {"tokens", "15e12"},
			       {"gpu", "h100"},
			       {"region", "us-east-1"}};
	lca_request *rq = NULL;
	lca_job job;
	lca_footprint fp;
	lca_buf a = {0}, b = {0}, text = {0};
	const lca_renderer *json = lca_renderer_find("json");
	double numbers[64];
	lca_error err;
	int i, rc;

	CHECK(!lca_request_new(&rq, &err), "new: %s", err.message);
	lca_job_init(&job);
	lca_footprint_init(&fp);
	for (i = 0; i < 4; i++) {
		int f = lca_field_lookup(kv[i][0]);
		CHECK(!lca_request_set(rq, kv[i][0], kv[i][1], &err),
		      "set %s: %s", kv[i][0], err.message);
		CHECK(!lca_inputs_set_text(&job.flags, f, kv[i][1], kv[i][0],
					   &err),
		      "inputs %s", kv[i][0]);
	}
	rc = lca_request_compute(cat, rq, &err);
	CHECK(!rc, "compute: %s", err.message);
	CHECK(!lca_compute(cat, &job, &fp, &err), "lca_compute: %s",
	      err.message);
	CHECK(!lca_request_render(rq, "json", &a, &err), "render: %s",
	      err.message);
	CHECK(!json->render(&fp, NULL, &b, &err), "json: %s", err.message);
	CHECK(!strcmp(lca_buf_cstr(&a), lca_buf_cstr(&b)),
	      "request json differs from lca_compute's");
	CHECK(lca_request_number(rq, "total_kgco2e") == fp.total.total_kgco2e,
	      "total %.17g vs %.17g", lca_request_number(rq, "total_kgco2e"),
	      fp.total.total_kgco2e);
	CHECK(isnan(lca_request_number(rq, "nonsense")), "unknown number");
	CHECK(lca_request_nassumptions(rq) == fp.nassumptions &&
		  fp.nassumptions <= 64,
	      "assumptions %d vs %d", lca_request_nassumptions(rq),
	      fp.nassumptions);
	CHECK(
	    !lca_request_assumptions(rq, &text, numbers, fp.nassumptions, &err),
	    "assumptions: %s", err.message);
	CHECK(!strncmp(lca_buf_cstr(&text), fp.assumptions[0].name,
		       strlen(fp.assumptions[0].name)),
	      "first assumption '%.40s'", lca_buf_cstr(&text));
	/* reused after a reset: the same answer */
	lca_request_reset(rq);
	for (i = 0; i < 4; i++)
		lca_request_set(rq, kv[i][0], kv[i][1], &err);
	lca_buf_reset(&a);
	CHECK(!lca_request_compute(cat, rq, &err) &&
		  !lca_request_render(rq, "json", &a, &err) &&
		  !strcmp(lca_buf_cstr(&a), lca_buf_cstr(&b)),
	      "after reset: %s", err.message);
	lca_buf_release(&a);
	lca_buf_release(&b);
	lca_buf_release(&text);
	lca_footprint_release(&fp);
	lca_job_release(&job);
	lca_request_free(rq);
}

/* key, value, expected code and field (-1: none) */
static void errors(void)
{
	static const struct {
		const char *key, *value;
		int code, field;
	} bad[] = {
	    {"pue", "0.5", LCA_ERANGE, LCA_F_PUE},
	    {"gpu_hours", "-1", LCA_ERANGE, LCA_F_GPU_HOURS},
	    {"params", "seven", LCA_EUSAGE, LCA_F_PARAMS},
	    {"bogus", "1", LCA_EUSAGE, -1},
	    {"samples", "5", LCA_ERANGE, -1},
	    {"uncertainty", "maybe", LCA_EUSAGE, -1},
	    {"tag", "novalue", LCA_EUSAGE, -1},
	};
	lca_request *rq = NULL;
	lca_error err;
	size_t i;

	lca_request_new(&rq, &err);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc = lca_request_set(rq, bad[i].key, bad[i].value, &err);
		CHECK(rc == bad[i].code && lca_error_code(&err) == rc,
		      "%s=%s: code %d", bad[i].key, bad[i].value, rc);
		CHECK(lca_error_field(&err) == bad[i].field,
		      "%s=%s: field %d (where '%s')", bad[i].key, bad[i].value,
		      lca_error_field(&err), lca_error_where(&err));
	}
	/* an unknown accelerator names the field through the catalog's
	 * message */
	lca_request_reset(rq);
	lca_request_set(rq, "gpu-hours", "10", &err);
	lca_request_set(rq, "gpu", "h1000", &err);
	CHECK(lca_request_compute(cat, rq, &err) == LCA_ENOTFOUND &&
		  lca_error_field(&err) == LCA_F_GPU,
	      "h1000: field %d (where '%s')", lca_error_field(&err),
	      lca_error_where(&err));
	{
		lca_error e = {0};
		lca_buf out = {0};
		lca_request_reset(rq);
		CHECK(lca_request_render(rq, "json", &out, &e) == LCA_EUSAGE,
		      "render before compute");
		lca_error_set(&e, LCA_EDATA, "job.json: phases[0].mfu", "x");
		CHECK(lca_error_field(&e) == LCA_F_MFU, "job file where");
		lca_error_set(&e, LCA_EDATA, "job.json: line 3", "x");
		CHECK(lca_error_field(&e) == -1, "line is not a field");
		CHECK(lca_error_sizeof() == sizeof(lca_error), "sizeof");
		lca_buf_release(&out);
	}
	lca_request_free(rq);
}

static void tracker(const char *tmp)
{
	char path[512];
	lca_ledger *l = NULL;
	lca_request *rq = NULL;
	lca_tracker *t = NULL;
	lca_run *got = malloc(sizeof(*got));
	lca_error err;
	long long id[2];
	volatile double x = 0;
	int k, i;

	snprintf(path, sizeof(path), "%s/door-ledger.db", tmp);
	remove(path);
	CHECK(got && !lca_ledger_open(&l, path, &err), "ledger: %s",
	      err.message);
	lca_request_new(&rq, &err);
	lca_request_set(rq, "region", "FR", &err);
	for (k = 0; k < 2; k++) {
		CHECK(!lca_request_track(&t, cat, l, rq, "block", 0.05, &err),
		      "start: %s", err.message);
		for (i = 0; i < 2000000; i++)
			x += i;
		(void)x; /* busy work for the sampler, read by nobody */
		CHECK(!lca_tracker_sample(t, &err), "sample: %s", err.message);
		CHECK(!lca_tracker_stop(t, k ? "failed" : "complete", k, &err),
		      "stop: %s", err.message);
		CHECK(lca_tracker_sample(t, &err) == LCA_EUSAGE,
		      "sample after stop");
		id[k] = lca_tracker_run(t)->id;
		CHECK(lca_tracker_footprint(t)->total.energy_kwh >= 0,
		      "footprint");
		lca_tracker_free(t);
	}
	for (k = 0; k < 2; k++) {
		CHECK(!lca_ledger_get_run(l, id[k], got, &err), "get: %s",
		      err.message);
		CHECK(!strcmp(got->name, "block") &&
			  !strcmp(got->source, "track"),
		      "run %lld: %s %s", id[k], got->name, got->source);
		CHECK(!strcmp(got->status, k ? "failed" : "complete") &&
			  got->exit_status == k,
		      "run %lld: status %s, exit %d", id[k], got->status,
		      got->exit_status);
		CHECK(got->end >= got->start, "run %lld: times", id[k]);
	}
	CHECK(lca_request_set(rq, "region", "atlantis", &err) == 0 &&
		  lca_request_track(&t, cat, l, rq, NULL, 1, &err) ==
		      LCA_ENOTFOUND &&
		  !t && lca_error_field(&err) == LCA_F_REGION,
	      "unknown region: field %d ('%s')", lca_error_field(&err),
	      lca_error_where(&err));
	lca_request_free(rq);
	lca_ledger_free(l);
	free(got);
}

/* Plans, reports and audits through the door: errors name the option's
 * key, never a command-line flag. */
static void options(void)
{
	static const char *const bad[][2][2] = {
	    {{"year", "2023"}, {"from", "2023-01-01"}},
	    {{"deadline", "3"}, {"from", "2024-01-01T00:00Z"}},
	    {{"from", "2024-01-01T00:00Z"}, {"to", "2023-01-01"}},
	    {{"budget_kg", "100"}, {"regions", "SE"}},
	};
	static const char *const where[] = {"year", "deadline", "to",
					    "budget_kg"};
	lca_request *rq;
	lca_error err;
	lca_buf out = {0};
	size_t i;
	int rc;

	CHECK(!lca_request_new(&rq, &err), "new: %s", err.message);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		lca_request_reset(rq);
		CHECK(
		    !lca_request_set(rq, "gpu", "a100", &err) &&
			!lca_request_set(rq, "gpus", "8", &err) &&
			!lca_request_set(rq, "hours", "24", &err) &&
			!lca_request_set(rq, bad[i][0][0], bad[i][0][1],
					 &err) &&
			!lca_request_set(rq, bad[i][1][0], bad[i][1][1], &err),
		    "set %zu: %s", i, err.message);
		rc = lca_request_plan(cat, rq, "json", &out, &err);
		CHECK(rc == LCA_EUSAGE &&
			  !strcmp(lca_error_where(&err), where[i]),
		      "plan %zu: %d (%s)", i, rc, lca_error_where(&err));
		CHECK(!strstr(lca_error_message(&err), "--"),
		      "plan %zu names a flag: %s", i, lca_error_message(&err));
	}
	CHECK(lca_request_set(rq, "window", "soon", &err) == LCA_EUSAGE &&
		  !strcmp(lca_error_where(&err), "window"),
	      "window: %s", lca_error_where(&err));
	lca_request_reset(rq);
	CHECK(!lca_request_set(rq, "gpu", "a100", &err) &&
		  !lca_request_set(rq, "gpu_hours", "10", &err) &&
		  lca_request_report(cat, rq, "pdf", &out, &err) ==
		      LCA_EUSAGE &&
		  !strcmp(lca_error_where(&err), "format"),
	      "report format: %s", lca_error_where(&err));
	lca_buf_reset(&out);
	CHECK(!lca_request_report(cat, rq, "md", &out, &err) &&
		  strstr(lca_buf_cstr(&out), "## Assumptions"),
	      "report md: %s", err.message);
	lca_buf_release(&out);
	lca_request_free(rq);
}

int main(int argc, char **argv)
{
	lca_error err;

	if (argc < 3) {
		fprintf(stderr, "usage: test_door DATASETS TMPDIR\n");
		return 2;
	}
	if (lca_catalog_open(&cat, NULL, argv[1], &err)) {
		lca_error_print(&err, stderr);
		return 1;
	}
	same_as_compute();
	errors();
	options();
	tracker(argv[2]);
	lca_catalog_free(cat);
	return check_done();
}
