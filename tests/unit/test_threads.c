/* SPDX-License-Identifier: MIT */
/* test_threads.c: liblca is reentrant.  Eight threads, each with its own
 * catalog handle, run the same estimates (a plain one, the BLOOM job file,
 * an hourly grid from a start time, inference, a Monte Carlo) and render
 * them; every result must equal the serial run's byte for byte.  Built with
 * -DLCA_TSAN=ON, ThreadSanitizer checks the same run for races (.ci/run). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lca/lca.h"
#include "lca/ledger.h"
#include "lca/report.h"
#include "check.h"

#define NTHREADS 8
#define ROUNDS	 2

/* One job per row: "key=value" pairs (NULL-terminated), a job file name
 * under datasets/jobs or NULL, Monte Carlo samples (0: none), and a
 * measured run's kWh (0: an estimate; else the inputs are the run's site). */
typedef struct job_spec {
	const char *kv[12];
	const char *file;
	long samples;
	double run_kwh;
} job_spec;

static const job_spec jobs[] = {
    {{"params=7e9", "gpu=a100", "region=FR", NULL}, NULL, 0, 0},
    {{NULL}, "bloom-176b.json", 0, 0},
    {{"gpus=8", "hours=30", "gpu=h100", "region=US-CAL-CISO",
      "start=2022-06-01T12:00Z", NULL},
     NULL,
     0,
     0},
    {{"phase=inference", "params=7e9", "requests=1e6", "tokens-per-request=800",
      "gpu=l4", "region=DE", NULL},
     NULL,
     0,
     0},
    {{"params=1.3e9", "tokens=2.6e10", "gpu=v100", "region=us-east-1", NULL},
     NULL,
     3000,
     0},
    {{"region=SE", "gpu=a100", NULL}, NULL, 0, 420},
};
#define NJOBS ((int)(sizeof(jobs) / sizeof(jobs[0])))

static const char *datasets;
static char *expected[NJOBS];

/* A measured run of kwh on 4 devices over 6 hours, accounted at site. */
static int run_footprint(lca_catalog *cat, const lca_inputs *site, double kwh,
			 lca_footprint *fp, lca_error *err)
{
	lca_run *r = malloc(sizeof(*r));
	int rc;

	if (!r)
		return LCA_ENOMEM;
	lca_run_init(r);
	snprintf(r->name, sizeof(r->name), "threads");
	r->start = 1.7e9;
	r->end = r->start + 6 * 3600;
	r->energy_kwh = kwh;
	r->devices = 4;
	rc = lca_run_footprint(cat, site, r, fp, err);
	lca_run_release(r);
	free(r);
	return rc;
}

/* The footprint of job j rendered as JSON and as a report in every format,
 * malloc'd; NULL with err set. */
static char *run_job(lca_catalog *cat, int j, lca_error *err)
{
	const job_spec *s = &jobs[j];
	lca_job job;
	lca_footprint fp;
	lca_uncertainty *unc = NULL;
	lca_buf out = {0};
	char path[1024];
	int rc = 0, i;

	lca_job_init(&job);
	lca_footprint_init(&fp);
	for (i = 0; !rc && s->kv[i]; i++) {
		char key[64];
		const char *eq = strchr(s->kv[i], '=');
		snprintf(key, sizeof(key), "%.*s", (int)(eq - s->kv[i]),
			 s->kv[i]);
		rc = lca_inputs_set_text(&job.flags, lca_field_lookup(key),
					 eq + 1, key, err);
	}
	if (!rc && s->file) {
		snprintf(path, sizeof(path), "%s/jobs/%s", datasets, s->file);
		rc = lca_job_load_file(&job, path, err);
	}
	if (!rc && s->run_kwh > 0)
		rc = run_footprint(cat, &job.flags, s->run_kwh, &fp, err);
	else if (!rc)
		rc = lca_compute(cat, &job, &fp, err);
	if (!rc && s->samples) {
		unc = calloc(1, sizeof(*unc));
		rc = unc ? lca_uncertainty_run(&fp, s->samples, 7, unc, err)
			 : LCA_ENOMEM;
	}
	if (!rc)
		rc = lca_renderer_find("json")->render(&fp, unc, &out, err);
	for (i = 0; !rc && i < 4; i++) {
		static const char *const formats[] = {"text", "md", "csv",
						      "html"};
		lca_report rep;
		memset(&rep, 0, sizeof(rep));
		rep.title = "threads";
		rep.fp = &fp;
		rep.catalog_version = lca_catalog_version(cat);
		rc = lca_report_render(&rep, formats[i], &out, err);
	}
	free(unc);
	lca_footprint_release(&fp);
	lca_job_release(&job);
	if (rc) {
		lca_buf_release(&out);
		return NULL;
	}
	return out.buf;
}

typedef struct worker {
	int id, mismatches, failures;
	lca_error err;
} worker;

static void *work(void *arg)
{
	worker *w = arg;
	lca_catalog *cat = NULL;
	char db[1200];
	int r, j;

	/* its own handle on a database of its own, built by each thread at
	 * the same time */
	snprintf(db, sizeof(db), "%s.t%d", getenv("LCA_CATALOG"), w->id);
	remove(db);
	if (lca_catalog_open(&cat, db, datasets, &w->err)) {
		w->failures++;
		return NULL;
	}
	for (r = 0; r < ROUNDS; r++)
		for (j = 0; j < NJOBS; j++) {
			/* threads start on different jobs */
			int k = (j + w->id) % NJOBS;
			char *got = run_job(cat, k, &w->err);
			if (!got)
				w->failures++;
			else if (strcmp(got, expected[k]))
				w->mismatches++;
			free(got);
		}
	lca_catalog_free(cat);
	return NULL;
}

int main(int argc, char **argv)
{
	lca_catalog *cat = NULL;
	pthread_t th[NTHREADS];
	worker w[NTHREADS];
	lca_error err = {0};
	int i, j;

	datasets = argc > 1 ? argv[1] : "datasets";
	if (!getenv("LCA_CATALOG")) {
		fprintf(stderr, "test_threads: set LCA_CATALOG\n");
		return 2;
	}
	if (lca_catalog_open(&cat, NULL, datasets, &err)) {
		lca_error_print(&err, stderr);
		return 1;
	}
	for (j = 0; j < NJOBS; j++) {
		expected[j] = run_job(cat, j, &err);
		CHECK(expected[j] != NULL, "serial job %d: %s (%s)", j,
		      err.message, err.where);
		if (!expected[j])
			return check_done();
	}
	lca_catalog_free(cat);

	memset(w, 0, sizeof(w));
	for (i = 0; i < NTHREADS; i++) {
		w[i].id = i;
		CHECK(!pthread_create(&th[i], NULL, work, &w[i]),
		      "thread %d starts", i);
	}
	for (i = 0; i < NTHREADS; i++) {
		pthread_join(th[i], NULL);
		CHECK(w[i].failures == 0, "thread %d: %d failed: %s (%s)", i,
		      w[i].failures, w[i].err.message, w[i].err.where);
		CHECK(w[i].mismatches == 0,
		      "thread %d: %d results differ from the serial run", i,
		      w[i].mismatches);
	}
	for (j = 0; j < NJOBS; j++)
		free(expected[j]);
	return check_done();
}
