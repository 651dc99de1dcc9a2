/* SPDX-License-Identifier: MIT */
/* test_ledger.c: ingest integration, counter wrap-around, the ledger's
 * transactions and duplicate files, profile extrapolation. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lca/ledger.h"
#include "check.h"

typedef struct got {
	double kwh[8];
	int n, ndev;
	long long gaps;
} got;

static int collect(lca_run *r, void *ud, lca_error *err)
{
	got *g = ud;
	int i;

	(void)err;
	if (g->n < 8)
		g->kwh[g->n] = r->energy_kwh;
	g->n++;
	g->ndev = r->ndev;
	for (i = 0; i < r->ndev; i++)
		g->gaps += r->dev[i].gaps;
	return 0;
}

static got ingest(const char *text, const char *as, double max_gap, int *rc,
		  lca_error *err)
{
	lca_ingest_opts o = {as, max_gap, 0};
	got g;

	memset(&g, 0, sizeof(g));
	*rc = lca_ingest_buffer(text, strlen(text), "t.csv", &o, collect, &g,
				err);
	return g;
}

static void test_ingest(void)
{
	lca_error err;
	got g;
	int rc;

	/* Two GPUs, with units: trapezoid by hand = 800 J + 800 J. */
	g = ingest("timestamp, index, power.draw [W]\n"
		   "2024/01/15 10:00:00.000, 0, 100.00 W\n"
		   "2024/01/15 10:00:00.000, 1, 200.00 W\n"
		   "2024/01/15 10:00:01.000, 0, 300.00 W\n"
		   "2024/01/15 10:00:01.000, 1, 200.00 W\n"
		   "2024/01/15 10:00:03.000, 0, 300.00 W\n"
		   "2024/01/15 10:00:03.000, 1, 400.00 W\n",
		   NULL, 60, &rc, &err);
	CHECK(rc == 0, "nvidia-smi parse: %s", err.message);
	CHECK(g.n == 1 && g.ndev == 2, "one run, two devices");
	CHECK_REL(g.kwh[0] * 3.6e6, 1600.0, 1e-12, "nvidia-smi trapezoid");
	/* Without units or header. */
	g = ingest("2024/01/15 10:00:00.000, 0, 100\n"
		   "2024/01/15 10:00:02.000, 0, 200\n",
		   NULL, 60, &rc, &err);
	CHECK(rc == 0 && g.n == 1, "noheader parse: %s", err.message);
	CHECK_REL(g.kwh[0] * 3.6e6, 300.0, 1e-12, "noheader trapezoid");
	g = ingest("2024/01/15 10:00:00.000, 0\n", NULL, 60, &rc, &err);
	CHECK(rc == LCA_EDATA, "noheader with two columns");
	/* A gap longer than --max-gap is not bridged, and is counted. */
	g = ingest("timestamp,device,power_w\n0,a,10\n10,a,20\n100,a,20\n"
		   "110,a,30\n",
		   NULL, 60, &rc, &err);
	CHECK(rc == 0 && g.gaps == 1, "gap counted");
	CHECK_REL(g.kwh[0] * 3.6e6, 400.0, 1e-12, "gap not bridged");
	/* Energy counter (generic energy_j). */
	g = ingest("timestamp,energy_j\n0,1000\n1,1100\n2,1300\n", NULL, 60,
		   &rc, &err);
	CHECK(rc == 0, "energy_j parse");
	CHECK_REL(g.kwh[0] * 3.6e6, 300.0, 1e-12, "energy_j counter");
	/* Slurm: the allocation line, else the steps' sum. */
	g = ingest("JobID|JobName|ConsumedEnergyRaw\n1|a|3600000\n1.0|b|"
		   "3600000\n2|c|\n2.0|d|720000\n2.1|e|1080000\n",
		   NULL, 60, &rc, &err);
	CHECK(rc == 0 && g.n == 2, "slurm jobs: %d", g.n);
	CHECK_REL(g.kwh[0], 1.0, 1e-12, "slurm allocation energy");
	CHECK_REL(g.kwh[1], 0.5, 1e-12, "slurm steps energy");
	/* Bad input: one error naming line and column. */
	g = ingest("timestamp,power_w\n0,10\n1,abc\n", NULL, 60, &rc, &err);
	CHECK(rc == LCA_EDATA && strstr(err.where, "line 3, column 2"),
	      "non-number: %s (%s)", err.message, err.where);
	g = ingest("timestamp,power_w\n0,10\n1,-5\n", NULL, 60, &rc, &err);
	CHECK(rc == LCA_EDATA && strstr(err.message, "negative"),
	      "negative power");
	g = ingest("timestamp,power_w\n5,10\n1,5\n", NULL, 60, &rc, &err);
	CHECK(rc == LCA_EDATA && strstr(err.message, "backwards"),
	      "time backwards");
	g = ingest("timestamp,power_w\n5,10\n6,5,7\n", NULL, 60, &rc, &err);
	CHECK(rc == LCA_EDATA && strstr(err.where, "line 3"),
	      "column count: %s", err.where);
	g = ingest("timestamp,power_w\n5,10\n6,5", NULL, 60, &rc, &err);
	CHECK(rc == LCA_EDATA && strstr(err.message, "truncated"), "truncated");
	g = ingest("", NULL, 60, &rc, &err);
	CHECK(rc == LCA_EDATA, "empty file");
	rc = lca_ingest_buffer("a\0b\n", 4, "bin", NULL, collect, &g, &err);
	CHECK(rc == LCA_EDATA && strstr(err.message, "binary"), "binary");
}

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[1024];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fp = fopen(path, "w");
	if (fp) {
		fputs(text, fp);
		fclose(fp);
	}
}

static void test_rapl_wrap(const char *tmp)
{
	char root[900], zone[1000];
	lca_sensors ss;
	lca_error err;
	double j, w;
	int i, found = -1;

	snprintf(root, sizeof(root), "%s/fakesys", tmp);
	snprintf(zone, sizeof(zone), "%s/sys", root);
	mkdir(root, 0755);
	mkdir(zone, 0755);
	snprintf(zone, sizeof(zone), "%s/sys/class", root);
	mkdir(zone, 0755);
	snprintf(zone, sizeof(zone), "%s/sys/class/powercap", root);
	mkdir(zone, 0755);
	snprintf(zone, sizeof(zone), "%s/sys/class/powercap/intel-rapl:0",
		 root);
	mkdir(zone, 0755);
	write_file(zone, "name", "package-0\n");
	write_file(zone, "max_energy_range_uj", "262143328850\n");
	write_file(zone, "energy_uj", "262143000000\n");
	setenv("LCA_SYSFS_ROOT", root, 1);
	lca_sensors_probe(&ss, &err);
	for (i = 0; i < ss.n; i++)
		if (ss.s[i].kind == LCA_S_RAPL && ss.s[i].found)
			found = i;
	CHECK(found >= 0, "fake RAPL zone found");
	if (found >= 0) {
		lca_sensor_read(&ss, found, 1, &j, &w, &err);
		/* The counter wraps: 328850 uJ to the top, then 1000000. */
		write_file(zone, "energy_uj", "1000000\n");
		lca_sensor_read(&ss, found, 1, &j, &w, &err);
		CHECK_REL(j, 1.328850, 1e-9, "RAPL wrap-around");
	}
	lca_sensors_release(&ss);
	unsetenv("LCA_SYSFS_ROOT");
}

static void test_ledger(const char *tmp)
{
	char path[1024];
	lca_ledger *l = NULL;
	lca_error err;
	lca_run r;
	long long id = 0;
	int rc;

	snprintf(path, sizeof(path), "%s/unit_ledger.db", tmp);
	remove(path);
	rc = lca_ledger_open(&l, path, &err);
	CHECK(rc == 0, "ledger open: %s", err.message);
	if (rc)
		return;
	CHECK(lca_ledger_schema(l) == 5, "schema migrated to 5");
	lca_run_init(&r);
	snprintf(r.source, sizeof(r.source), "generic");
	r.ndev = 1;
	snprintf(r.dev[0].device, sizeof(r.dev[0].device), "a");
	r.dev[0].energy_j = 3.6e6;
	r.dev[0].first = 0;
	r.dev[0].last = 10;
	lca_run_total(&r);
	CHECK_REL(r.energy_kwh, 1.0, 1e-12, "run total");
	/* A rolled-back transaction leaves nothing. */
	lca_ledger_begin(l, &err);
	lca_ledger_add_run(l, &r, NULL, &err);
	lca_ledger_add_file(l, "h1", "f", r.id, &err);
	lca_ledger_rollback(l);
	CHECK(lca_ledger_has_file(l, "h1", &id, &err) == 0,
	      "rolled back file absent");
	CHECK(lca_ledger_get_run(l, r.id, &r, &err) == LCA_ENOTFOUND,
	      "rolled back run absent");
	lca_ledger_begin(l, &err);
	lca_ledger_add_run(l, &r, NULL, &err);
	lca_ledger_add_file(l, "h1", "f", r.id, &err);
	CHECK(lca_ledger_commit(l, &err) == 0, "commit");
	CHECK(lca_ledger_has_file(l, "h1", &id, &err) == 1 && id == r.id,
	      "file recorded");
	CHECK(lca_ledger_rm_run(l, r.id, &err) == 0, "rm");
	CHECK(lca_ledger_has_file(l, "h1", &id, &err) == 0,
	      "rm removes the file hash too");
	lca_ledger_free(l);
	/* Reopening does not migrate again. */
	rc = lca_ledger_open(&l, path, &err);
	CHECK(rc == 0 && lca_ledger_schema(l) == 5, "reopen");
	lca_ledger_free(l);
}

static void test_profile(void)
{
	lca_profile p;
	lca_extrapolation x, x2;
	lca_footprint fp;
	lca_error err;

	memset(&p, 0, sizeof(p));
	p.energy_kwh = 2;
	p.seconds = 600;
	p.steps_measured = 100;
	p.steps_total = 1000;
	p.cv = 0.1;
	p.intervals = 60;
	lca_footprint_init(&fp);
	CHECK(lca_profile_extrapolate(&p, &x, &fp, &err) == 0, "extrapolate");
	CHECK_REL(x.energy_kwh, 20.0, 1e-12, "10x the profile");
	CHECK(x.lo_kwh < 20 && x.hi_kwh > 20, "interval around it");
	p.steps_measured = 10;
	p.intervals = 6;
	p.energy_kwh = 0.2;
	p.seconds = 60;
	CHECK(lca_profile_extrapolate(&p, &x2, &fp, &err) == 0, "shorter");
	CHECK((x2.hi_kwh - x2.lo_kwh) / x2.energy_kwh >
		  (x.hi_kwh - x.lo_kwh) / x.energy_kwh,
	      "shorter profile, wider interval");
	lca_footprint_release(&fp);
}

/* Energy per UTC hour: shared in proportion to time, earlier hours
 * prepended, a span past LCA_RUN_MAX_HOURS given up (flat then). */
static void test_hours(void)
{
	static lca_run r;

	lca_run_init(&r);
	lca_run_add_energy(&r, 1800, 5400, 3600);
	CHECK(r.nhours == 2 && r.hour0 == 0, "two hours from 0: %d from %lld",
	      r.nhours, r.hour0);
	CHECK_REL(r.hour_j[0], 1800.0, 1e-12, "first half");
	CHECK_REL(r.hour_j[1], 1800.0, 1e-12, "second half");
	lca_run_add_energy(&r, 7000, 7200, 50); /* ends on the hour */
	CHECK(r.nhours == 2, "ending on the hour stays in it: %d", r.nhours);
	lca_run_add_energy(&r, -3590, -3580, 100);
	CHECK(r.nhours == 3 && r.hour0 == -3600, "prepended: %d from %lld",
	      r.nhours, r.hour0);
	CHECK(r.hour_j[0] == 100 && r.hour_j[1] == 1800 && r.hour_j[2] == 1850,
	      "moved: %g %g %g", r.hour_j[0], r.hour_j[1], r.hour_j[2]);
	CHECK(r.hour_alloc < LCA_RUN_MAX_HOURS,
	      "a short run holds a short profile: %d hours", r.hour_alloc);
	lca_run_add_energy(&r, 0, 3600.0 * 5000, 5000);
	CHECK(r.nhours == 5001 && !r.hours_over && r.hour_j[4000] > 0,
	      "grows to 5000 hours: %d", r.nhours);
	lca_run_add_energy(&r, 0, 3600.0 * (LCA_RUN_MAX_HOURS + 1), 1);
	CHECK(r.hours_over == 1, "a span past the cap gives up");
	lca_run_release(&r);
	CHECK(r.nhours == 0 && r.hours_over == 0 && !r.hour_j,
	      "release clears the profile");
}

/* The one run-to-job rule: the run's energy always; its gpu, devices and
 * duration where the job does not give them. */
static void test_run_to_job(void)
{
	static lca_run r;
	static lca_job job;
	lca_error err;
	int f_gpus = lca_field_lookup("gpus");

	lca_run_init(&r);
	r.energy_kwh = 10;
	r.start = 0;
	r.end = 7200;
	r.devices = 8;
	snprintf(r.gpu, sizeof(r.gpu), "a100");
	lca_job_init(&job);
	CHECK(lca_run_to_job(&r, &job, &err) == 0, "run to job: %s",
	      err.message);
	CHECK(job.flags.num[LCA_F_ENERGY_KWH] == 10, "energy");
	CHECK(job.flags.str[LCA_F_GPU] &&
		  !strcmp(job.flags.str[LCA_F_GPU], "a100"),
	      "gpu");
	CHECK(job.flags.set[f_gpus] && job.flags.num[f_gpus] == 8, "gpus");
	CHECK(job.flags.num[LCA_F_HOURS] == 2, "hours from the duration");
	lca_job_release(&job);
	/* a job file's gpus win over the run's */
	lca_job_init(&job);
	lca_inputs_set_number(&job.base, f_gpus, 4, "job", &err);
	CHECK(lca_run_to_job(&r, &job, &err) == 0, "run to job 2");
	CHECK(!job.flags.set[f_gpus], "job file gpus kept");
	lca_job_release(&job);
}

static void test_tags(void)
{
	lca_run_tag tags[LCA_RUN_MAX_TAGS];
	lca_error err;
	int n = 0, i;

	CHECK(lca_run_tag_parse(tags, &n, "project=X", "--tag", &err) == 0 &&
		  n == 1 && !strcmp(tags[0].key, "project") &&
		  !strcmp(tags[0].value, "X"),
	      "project=X");
	CHECK(lca_run_tag_parse(tags, &n, "a=b=c", "--tag", &err) == 0 &&
		  !strcmp(tags[1].value, "b=c"),
	      "value with '='");
	CHECK(lca_run_tag_parse(tags, &n, "project=Y", "--tag", &err) ==
		  LCA_EUSAGE,
	      "key twice");
	CHECK(lca_run_tag_parse(tags, &n, "=x", "--tag", &err) == LCA_EUSAGE,
	      "empty key");
	CHECK(lca_run_tag_parse(tags, &n, "k=", "--tag", &err) == LCA_EUSAGE,
	      "empty value");
	CHECK(lca_run_tag_parse(tags, &n, "a b=c", "--tag", &err) == LCA_EUSAGE,
	      "space in key");
	for (i = n; i < LCA_RUN_MAX_TAGS; i++) {
		char kv[32];
		snprintf(kv, sizeof(kv), "k%d=v", i);
		lca_run_tag_parse(tags, &n, kv, "--tag", &err);
	}
	CHECK(lca_run_tag_parse(tags, &n, "more=x", "--tag", &err) ==
		  LCA_ERANGE,
	      "too many tags");
}

int main(int argc, char **argv)
{
	const char *tmp = argc > 1 ? argv[1] : ".";

	test_ingest();
	test_rapl_wrap(tmp);
	test_ledger(tmp);
	test_profile();
	test_hours();
	test_run_to_job();
	test_tags();
	return check_done();
}
