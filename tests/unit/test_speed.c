/* SPDX-License-Identifier: MIT */
/* test_speed.c: the shortcuts that make an estimate cheap give the same
 * answers as the slow way: numbers written as printf writes them, catalog
 * rows remembered by a handle and re-read when the catalog changes. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <gsl/gsl_rng.h>

#include "lca/lca.h"
#include "lca/ledger.h"
#include "lca/plan.h"
#include "lca/series.h"
#include "../../engine/lca_int.h"
#include "../../engine/catalog_store.h"
#include "../../models/models.h"
#include "../../reports/reports.h"
#include "check.h"

/* lca__num against snprintf's %.*g, for values of every kind. */
static void numbers(void)
{
	static const double fixed[] = {
	    0.5,       1.5,	   2.5,	    0.125,	 1234565,   0.15,
	    0.302,     17334.6,	   7e9,	    1.4e11,	 5.88e21,   312,
	    831.44,    1e-5,	   1e-4,    0.0001234,	 999999.5,  9999995,
	    0.9999996, 99999.95,   1e15,    123456789e3, 1e-300,    1e300,
	    -0.0,      -2.5e-7,	   3.14159, 100,	 1e5,	    1e6,
	    1e-4,      0.00099999, 42,	    6.02e23,	 1.7976e308};
	char want[64], got[64];
	unsigned long long r = 0x9e3779b97f4a7c15ULL;
	int i, sig, bad = 0;
	long tried = 0;

	for (sig = 1; sig <= 12; sig++)
		for (i = 0; i < (int)(sizeof(fixed) / sizeof(fixed[0])); i++) {
			snprintf(want, sizeof(want), "%.*g", sig, fixed[i]);
			lca__num(got, sizeof(got), fixed[i], sig);
			CHECK(!strcmp(got, want),
			      "%.17g at %d: got %s, want %s", fixed[i], sig,
			      got, want);
		}
	/* random: decimals with few digits (what datasets hold), random bit
	 * patterns, halves, at every significance */
	for (i = 0; i < 600000 && bad < 10; i++) {
		double v;
		r ^= r << 13;
		r ^= r >> 7;
		r ^= r << 17;
		sig = 1 + (int)(r % 9);
		switch (i % 3) {
		case 0:
			v = (double)(r >> 40) /
			    pow(10, (double)((r >> 8) % 12)) *
			    pow(10, (double)((int)((r >> 20) % 40) - 20));
			break;
		case 1: {
			unsigned long long b = r & 0x7fefffffffffffffULL;
			memcpy(&v, &b, sizeof(v));
			break;
		}
		default:
			v = ((double)(r >> 44) + 0.5) /
			    pow(10, (double)((r >> 4) % 8));
			break;
		}
		if (r & 1)
			v = -v;
		snprintf(want, sizeof(want), "%.*g", sig, v);
		lca__num(got, sizeof(got), v, sig);
		tried++;
		if (strcmp(got, want)) {
			bad++;
			CHECK(0, "%.17g at %d: got %s, want %s", v, sig, got,
			      want);
		}
	}
	CHECK(bad == 0, "%d of %ld numbers differ from printf", bad, tried);
	lca__num(got, sizeof(got), LCA_NAN, 6);
	CHECK(!strcmp(got, "n/a"), "NaN is n/a: %s", got);
}

static void set(lca_job *job, const char *key, const char *text)
{
	lca_error err;
	CHECK(lca_inputs_set_text(&job->flags, lca_field_lookup(key), text, key,
				  &err) == 0,
	      "--%s %s", key, text);
}

/* operational kgCO2e: proportional to the grid figure */
static double total(lca_catalog *cat, lca_job *job, int *rc, lca_error *err)
{
	lca_footprint fp;
	double t;

	lca_footprint_init(&fp);
	*rc = lca_compute(cat, job, &fp, err);
	t = fp.total.operational_kgco2e;
	lca_footprint_release(&fp);
	return t;
}

/* A handle remembers rows; a change to the catalog by another handle (as
 * by `lca catalog add` in another process) or by itself is seen at once. */
static void freshness(const char *datasets)
{
	lca_catalog *a = NULL, *b = NULL;
	lca_error err;
	lca_job job;
	const char *rk[] = {"name", "grid", "pue"};
	const char *rv[] = {"speedtest-dc", "100", "1.2"};
	const char *rv2[] = {"speedtest-dc", "300", "1.2"};
	const char *gk[] = {"name", "tdp", "bf16-tflops"};
	const char *gv[] = {"speedchip", "250", "100"};
	const char *env = getenv("LCA_CATALOG");
	char path[1024];
	double t1, t2, t3;
	int rc;

	/* a catalog of its own, without the rows an earlier run added */
	snprintf(path, sizeof(path), "%s-fresh", env ? env : "test_speed.db");
	remove(path);
	CHECK(lca_catalog_open(&a, path, datasets, &err) == 0, "open a");
	CHECK(lca_catalog_open(&b, path, datasets, &err) == 0, "open b");
	if (!a || !b)
		goto done;
	lca_job_init(&job);
	set(&job, "params", "7e9");
	set(&job, "gpu", "speedchip");
	set(&job, "region", "speedtest-dc");
	set(&job, "device-embodied-kg", "150");
	total(a, &job, &rc, &err);
	CHECK(rc == LCA_ENOTFOUND, "unknown gpu before the add: %d", rc);
	total(a, &job, &rc, &err); /* remembered "not found" */
	CHECK(rc == LCA_ENOTFOUND && strstr(err.message, "speedchip"),
	      "a remembered miss keeps its message: %d %s", rc, err.message);
	CHECK(lca_catalog_add(b, "gpu", gk, gv, 3, &err) == 0, "add gpu on b");
	total(a, &job, &rc, &err);
	CHECK(rc == LCA_ENOTFOUND && strstr(err.message, "region"),
	      "a sees b's gpu, the region is still unknown: %d %s", rc,
	      err.message);
	CHECK(lca_catalog_add(b, "region", rk, rv, 3, &err) == 0,
	      "add region on b");
	t1 = total(a, &job, &rc, &err);
	CHECK(rc == 0, "a sees b's region: %d %s", rc, err.message);
	t2 = total(a, &job, &rc, &err);
	CHECK(rc == 0 && t2 == t1, "same answer from the memo: %g %g", t1, t2);
	CHECK(lca_catalog_add(b, "region", rk, rv2, 3, &err) == 0,
	      "change the region on b");
	t3 = total(a, &job, &rc, &err);
	CHECK(rc == 0 && fabs(t3 / t1 - 3.0) < 1e-9,
	      "a sees the new grid figure: %g then %g", t1, t3);
	/* a's own change, through its own connection */
	CHECK(lca_catalog_add(a, "region", rk, rv, 3, &err) == 0,
	      "change the region on a");
	t2 = total(a, &job, &rc, &err);
	CHECK(rc == 0 && t2 == t1, "a sees its own change: %g, want %g", t2,
	      t1);
	lca_job_release(&job);
done:
	lca_catalog_free(a);
	lca_catalog_free(b);
}

/* The memo a handle leaves beside the database: a later process uses it
 * only while the database is as it was, and a torn file changes nothing. */
static void memo_file(const char *datasets)
{
	const char *env = getenv("LCA_CATALOG");
	const char *rk[] = {"name", "grid", "pue"};
	const char *rv[] = {"speedfile-dc", "100", "1.2"};
	const char *rv2[] = {"speedfile-dc", "250", "1.2"};
	char path[1024], memo[1100];
	lca_catalog *c = NULL;
	lca_error err;
	lca_job job;
	double t1 = 0, t2 = 0, t3 = 0;
	FILE *fp;
	int rc = -1;

	snprintf(path, sizeof(path), "%s-file", env ? env : "test_speed.db");
	snprintf(memo, sizeof(memo), "%s-lcamemo", path);
	remove(path);
	remove(memo);
	lca_job_init(&job);
	set(&job, "params", "7e9");
	set(&job, "gpu", "a100");
	set(&job, "region", "speedfile-dc");
	if (lca_catalog_open(&c, path, datasets, &err) == 0) {
		CHECK(lca_catalog_add(c, "region", rk, rv, 3, &err) == 0,
		      "add region");
		t1 = total(c, &job, &rc, &err);
		CHECK(rc == 0, "first process: %s", err.message);
		lca_catalog_free(c); /* writes the memo */
	}
	fp = fopen(memo, "rb");
	CHECK(fp != NULL, "a memo file beside the database");
	if (fp)
		fclose(fp);
	/* a second process: from the memo, the same answer */
	if (lca_catalog_open(&c, path, datasets, &err) == 0) {
		t2 = total(c, &job, &rc, &err);
		CHECK(rc == 0 && t2 == t1, "from the memo: %g, want %g", t2,
		      t1);
		CHECK(lca__catalog_db_now(c) == NULL,
		      "answered from the memo without opening SQLite");
		/* a third changes the catalog (as `lca catalog add` would) */
		CHECK(lca_catalog_add(c, "region", rk, rv2, 3, &err) == 0,
		      "change region");
		lca_catalog_free(c);
	}
	if (lca_catalog_open(&c, path, datasets, &err) == 0) {
		t3 = total(c, &job, &rc, &err);
		CHECK(rc == 0 && fabs(t3 / t1 - 2.5) < 1e-9,
		      "the change is seen, not the old memo: %g then %g", t1,
		      t3);
		lca_catalog_free(c);
	}
	/* a torn memo: cut in the middle of an entry */
	fp = fopen(memo, "r+b");
	if (fp) {
		fseek(fp, 0, SEEK_END);
		CHECK(ftruncate(fileno(fp), ftell(fp) - 100) == 0, "truncate");
		fclose(fp);
	}
	if (lca_catalog_open(&c, path, datasets, &err) == 0) {
		t2 = total(c, &job, &rc, &err);
		CHECK(rc == 0 && t2 == t3,
		      "a torn memo is ignored: %g, want %g", t2, t3);
		lca_catalog_free(c);
	}
	lca_job_release(&job);
}

static unsigned long long xs_state = 0x2545f4914f6cdd1dULL;

static unsigned long long xs(void)
{
	xs_state ^= xs_state << 13;
	xs_state ^= xs_state >> 7;
	xs_state ^= xs_state << 17;
	return xs_state;
}

/* A number of the kinds lca writes: random bits, decimals with few
 * digits, integers, halves, powers of two and ten, -0, NaN, infinities. */
static double any_number(void)
{
	unsigned long long r = xs();
	double v;

	switch (r % 8) {
	case 0: {
		unsigned long long b = xs() & 0x7fffffffffffffffULL;
		memcpy(&v, &b, sizeof(v));
		return r & 8 ? -v : v;
	}
	case 1:
		return (double)(xs() >> 40) / pow(10, (double)((r >> 8) % 12)) *
		       pow(10, (double)((int)((r >> 20) % 40) - 20));
	case 2:
		return (double)(long long)(xs() >> (r >> 8) % 64) *
		       (r & 16 ? -1 : 1);
	case 3:
		return ldexp((double)(xs() >> 50) + 0.5,
			     (int)((r >> 8) % 80) - 40);
	case 4:
		return ldexp(1, (int)((r >> 8) % 200) - 100);
	case 5:
		return pow(10, (double)((int)((r >> 8) % 60) - 30));
	case 6: {
		static const double odd[] = {
		    -0.0,	   0.0,
		    NAN,	   INFINITY,
		    -INFINITY,	   2147483647.0,
		    -2147483648.0, 2147483648.0,
		    1e15,	   1e16,
		    1e17,	   9007199254740993.0,
		    5e-324,	   1.7976931348623157e308,
		    0.1,	   0.3};
		return odd[(r >> 8) % (sizeof(odd) / sizeof(odd[0]))];
	}
	default: /* what the engine computes: products and quotients */
		return (double)(xs() >> 30) * 1.56 / 3.6e3 * 472.94;
	}
}

static cJSON *any_tree(int depth)
{
	static const char *const strs[] = {"",
					   "a",
					   "q\"uote",
					   "back\\slash",
					   "tab\there",
					   "nl\n\r\b\f",
					   "\x01\x1f\x7f",
					   "caf\xc3\xa9 \xe2\x82\xac",
					   "/slash/"};
	unsigned long long r = xs();
	int kind = depth > 3 ? (int)(r % 6) : (int)(r % 8), i, n;
	cJSON *c;

	switch (kind) {
	case 0:
		return cJSON_CreateNull();
	case 1:
		return cJSON_CreateBool(r & 8);
	case 2:
	case 3:
		return cJSON_CreateNumber(any_number());
	case 4:
		return cJSON_CreateString(strs[(r >> 8) % 9]);
	case 5:
		return cJSON_CreateRaw("{\"raw\":1}");
	case 6:
		c = cJSON_CreateArray();
		n = (int)((r >> 8) % 5);
		for (i = 0; i < n; i++)
			cJSON_AddItemToArray(c, any_tree(depth + 1));
		return c;
	default:
		c = cJSON_CreateObject();
		n = (int)((r >> 8) % 5);
		for (i = 0; i < n; i++)
			cJSON_AddItemToObject(c, strs[xs() % 9],
					      any_tree(depth + 1));
		return c;
	}
}

/* lca__json_write against cJSON's own printing, both forms. */
static void json_printing(void)
{
	lca_buf b = {0};
	int i, f, bad = 0;

	for (i = 0; i < 300000 && bad < 10; i++) {
		cJSON *n = cJSON_CreateNumber(any_number());
		char *want = cJSON_PrintUnformatted(n);
		lca_buf_reset(&b);
		CHECK(lca__json_write(&b, n, 0) == 0, "write a number");
		if (!want || strcmp(lca_buf_cstr(&b), want)) {
			bad++;
			CHECK(0, "%.17g: got %s, cJSON %s", n->valuedouble,
			      lca_buf_cstr(&b), want ? want : "(null)");
		}
		cJSON_free(want);
		cJSON_Delete(n);
	}
	for (i = 0; i < 3000 && bad < 20; i++) {
		cJSON *t = any_tree(0);
		for (f = 0; f < 2; f++) {
			char *want =
			    f ? cJSON_Print(t) : cJSON_PrintUnformatted(t);
			lca_buf_reset(&b);
			CHECK(lca__json_write(&b, t, f) == 0, "write a tree");
			if (!want || strcmp(lca_buf_cstr(&b), want)) {
				bad++;
				CHECK(0, "tree %d (%s): got %s, cJSON %s", i,
				      f ? "formatted" : "unformatted",
				      lca_buf_cstr(&b), want ? want : "(null)");
			}
			cJSON_free(want);
		}
		cJSON_Delete(t);
	}
	lca_buf_release(&b);
}

/* Size of a file, -1 when missing. */
static long file_size(const char *path)
{
	FILE *fp = fopen(path, "rb");
	long n = -1;

	if (fp && !fseek(fp, 0, SEEK_END))
		n = ftell(fp);
	if (fp)
		fclose(fp);
	return n;
}

/* A plan's lookups come from the memo in its read transaction too: its
 * first lookup (before the transaction had read anything) missed, and
 * each plan left one more copy of that answer in the memo file. */
static void memo_plan(const char *datasets)
{
	static const char *const regions[] = {"GB"};
	const char *env = getenv("LCA_CATALOG");
	char path[1024], memo[1100];
	long size[4];
	double kg[4] = {0, 0, 0, 0};
	int run;

	snprintf(path, sizeof(path), "%s-plan", env ? env : "test_speed.db");
	snprintf(memo, sizeof(memo), "%s-lcamemo", path);
	remove(path);
	remove(memo);
	for (run = 0; run < 4; run++) {
		lca_catalog *c = NULL;
		lca_plan_opts o;
		lca_plan_result r;
		lca_error err;
		lca_job job;
		FILE *fp;
		if (run == 3 && (fp = fopen(memo, "r+b"))) {
			/* torn inside the series' samples, the file's end */
			fseek(fp, 0, SEEK_END);
			CHECK(ftruncate(fileno(fp), ftell(fp) - 100) == 0,
			      "truncate");
			fclose(fp);
		}
		lca_job_init(&job);
		set(&job, "params", "7e9");
		set(&job, "gpu", "a100");
		set(&job, "region", "DE");
		set(&job, "hours", "24");
		memset(&o, 0, sizeof(o));
		o.regions = regions;
		o.nregions = 1;
		o.window_h = 6;
		lca_time_parse("2023-03-01T00:00Z", &o.from);
		if (lca_catalog_open(&c, path, datasets, &err) == 0) {
			CHECK(lca_plan_run(c, &job, &o, &r, &err) == 0,
			      "plan %d: %s", run, err.message);
			kg[run] = r.nopt > 0 ? r.opt[0].kg.mean : -1;
			/* the series and their samples come from the memo
			 * too: a plan needs no SQLite when it is warm */
			CHECK(run == 0 || run == 3 ||
				  lca__catalog_db_now(c) == NULL,
			      "plan %d answered from the memo", run);
			lca_plan_release(&r);
			lca_catalog_free(c); /* writes the memo */
		}
		lca_job_release(&job);
		size[run] = file_size(memo);
	}
	CHECK(size[0] > 0 && size[1] == size[0] && size[2] == size[0],
	      "the memo file stays as the first plan left it: %ld, %ld, %ld "
	      "bytes",
	      size[0], size[1], size[2]);
	CHECK(kg[0] > 0 && kg[1] == kg[0] && kg[2] == kg[0] && kg[3] == kg[0],
	      "the same plan from SQL, the memo and a torn memo: %.17g %.17g "
	      "%.17g %.17g",
	      kg[0], kg[1], kg[2], kg[3]);
}

/* Totals without the assumption texts, and the texts when asked: the
 * same as lca_compute's. */
static void lazy(const char *datasets)
{
	lca_catalog *cat = NULL;
	lca_footprint eager, lazyfp;
	const lca_assumption *as = NULL;
	lca_error err;
	lca_job job;
	int i, n = 0;

	if (lca_catalog_open(&cat, NULL, datasets, &err)) {
		CHECK(0, "open: %s", err.message);
		return;
	}
	lca_job_init(&job);
	set(&job, "params", "70e9");
	set(&job, "gpu", "h100");
	set(&job, "region", "DE");
	lca_footprint_init(&eager);
	lca_footprint_init(&lazyfp);
	CHECK(lca_compute(cat, &job, &eager, &err) == 0, "compute");
	CHECK(lca_compute_totals(cat, &job, &lazyfp, &err) == 0,
	      "compute totals");
	CHECK(lazyfp.total.total_kgco2e == eager.total.total_kgco2e,
	      "same total");
	CHECK(lca_footprint_assumptions(&as, &n, &lazyfp) == 0 &&
		  n == eager.nassumptions && n > 10,
	      "same count of assumptions: %d, %d", n, eager.nassumptions);
	for (i = 0; as && i < n && i < eager.nassumptions; i++)
		CHECK(!strcmp(as[i].name, eager.assumptions[i].name) &&
			  !strcmp(as[i].value, eager.assumptions[i].value) &&
			  !strcmp(as[i].unit, eager.assumptions[i].unit) &&
			  !strcmp(as[i].source, eager.assumptions[i].source),
		      "assumption %s: %s vs %s", as[i].name, as[i].value,
		      eager.assumptions[i].value);
	lca_footprint_release(&eager);
	lca_footprint_release(&lazyfp);
	lca_job_release(&job);
	lca_catalog_free(cat);
}

/* lca__fmt against snprintf, its shortcut's conversions and the rest. */
#define SAME(...)                                                 \
	do {                                                      \
		char w_[96], g_[96];                              \
		snprintf(w_, sizeof(w_), __VA_ARGS__);            \
		lca__fmt(g_, sizeof(g_), __VA_ARGS__);            \
		CHECK(!strcmp(w_, g_), "%s: got '%s', want '%s'", \
		      #__VA_ARGS__, g_, w_);                      \
	} while (0)

static void formats(void)
{
	char small[8];
	SAME("%s (%s; catalog default for '%s')", "a100-sxm4-80gb",
	     "NVIDIA A100", "a100");
	SAME("plain text, no conversions");
	SAME("%d runs, %ld h, %lld s, %u, %d%%", -42, 123456789L, -9000000000LL,
	     4000000000u, 0);
	SAME("%.3g to %.3g, %g, %.10g, %.*g", 0.236, 0.481, 1e-7, 1.0 / 3, 4,
	     2.5);
	SAME("%.4s|%.*s|%s", "abcdefgh", 2, "xyz", "");
	SAME("%5d|%-6s|%02u|%016llx|%.1f", 42, "ab", 7u, 0xbeefULL, 2.25);
	SAME("%.3g %g %g", 0.0, (double)NAN, -(double)INFINITY);
	lca__fmt(small, sizeof(small), "%s%d", "abcdef", 12345);
	CHECK(!strcmp(small, "abcdef1"), "truncated: %s", small);
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The Monte Carlo's shortcuts: its sort against qsort, its tabulated
 * quantiles against the computed ones. */
static void monte_carlo(void)
{
	enum { N = 100000 };
	double *v = malloc(sizeof(double) * N), *w = malloc(sizeof(double) * N);
	double *tmp = malloc(sizeof(double) * N), e;
	unsigned long long r = 12345;
	lca_dist d;
	long i;

	if (!v || !w || !tmp)
		return;
	for (i = 0; i < N; i++) {
		r ^= r << 13;
		r ^= r >> 7;
		r ^= r << 17;
		v[i] = i % 7 == 0 ? (double)(r % 5) : /* repeats */
			   ((double)(r >> 11) / 9007199254740992.0 - 0.3) *
			       pow(10, (double)(r % 9));
		if (i % 1001 == 0)
			v[i] = -0.0 * 0 + (i % 2 ? 1e-310 : -1e300);
	}
	/* the inline generator draws GSL's mt19937 words, seed for seed */
	{
		static const unsigned long seeds[] = {0, 1, 7, 4357,
						      4294967295ul};
		size_t si;
		for (si = 0; si < sizeof(seeds) / sizeof(seeds[0]); si++) {
			gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
			long j, bad = 0;
			gsl_rng_set(g, seeds[si]);
			for (j = 0; j < 2000 && g; j++)
				bad +=
				    gsl_rng_get(g) !=
				    (unsigned long)lca__mt_test(seeds[si], j);
			CHECK(g && bad == 0,
			      "mt19937 seed %lu: %ld of 2000 "
			      "words differ from GSL's",
			      seeds[si], bad);
			gsl_rng_free(g);
		}
	}
	memcpy(w, v, sizeof(double) * N);
	qsort(w, N, sizeof(double), cmp_d);
	lca__sort_doubles(v, N, tmp);
	for (i = 0; i < N && v[i] == w[i]; i++)
		;
	CHECK(i == N, "radix sort = qsort (first difference at %ld)", i);
	memset(&d, 0, sizeof(d));
	d.kind = LCA_D_LOGNORMAL; /* the MFU default's spread */
	d.a = log(0.302);
	d.b = 0.29;
	d.lo = 0.05;
	d.hi = 1;
	e = lca__dist_table_error(&d);
	CHECK(e < 1e-5, "log-normal table: relative error %g", e);
	d.kind = LCA_D_NORMAL; /* a grid figure's */
	d.a = 342;
	d.b = 40;
	d.lo = 0;
	d.hi = 2000;
	e = lca__dist_table_error(&d);
	CHECK(e < 1e-5, "normal table: relative error %g", e);
	free(v);
	free(w);
	free(tmp);
}

static int got_run(lca_run *r, void *ud, lca_error *err)
{
	(void)err;
	*(double *)ud = r->dev[0].energy_j;
	return 0;
}

/* ingest reads plain decimals itself: the same doubles as strtod's. */
static void ingest_numbers(void)
{
	static const char *const watts[] = {"0.1",	 "123.456",
					    "399.99",	 "1e2",
					    "250",	 "0.30000000000000004",
					    "7.0",	 "12345678901234.5",
					    "333.333333"};
	char log[4096];
	size_t n = 0;
	double want = 0, got = -1, prev = 0;
	lca_error err;
	int i, k = (int)(sizeof(watts) / sizeof(watts[0]));

	n += (size_t)snprintf(log + n, sizeof(log) - n,
			      "timestamp, index, power.draw [W]\n");
	for (i = 0; i < k; i++) {
		double w = strtod(watts[i], NULL);
		n += (size_t)snprintf(log + n, sizeof(log) - n,
				      "2024/01/15 10:00:%02d.000, 0, %s W\n", i,
				      watts[i]);
		if (i)
			want += 0.5 * (prev + w) * 1.0;
		prev = w;
	}
	CHECK(lca_ingest_buffer(log, n, "speed.csv", NULL, got_run, &got,
				&err) == 0,
	      "ingest: %s", err.message);
	CHECK(got == want, "energy %.17g J, strtod gives %.17g", got, want);
}

typedef struct runsum {
	int nruns, ndev;
	double e[8];
	long samples, gaps;
} runsum;

static int sum_run(lca_run *r, void *ud, lca_error *err)
{
	runsum *s = ud;
	int i;

	(void)err;
	s->nruns++;
	s->ndev = r->ndev;
	for (i = 0; i < r->ndev && i < 8; i++) {
		s->e[i] = r->dev[i].energy_j;
		s->samples += r->dev[i].samples;
		s->gaps += r->dev[i].gaps;
	}
	return 0;
}

/* ingest splits plain lines itself and hands a file to libcsv from the
 * first quote on: the same log, once with a quoted field on its second
 * line (libcsv parses it all), gives the same run.  The log mixes LF and
 * CR LF, blank lines, spaces and tabs around fields, and is three chunks
 * long (lines cut by the 64 KiB reads). */
static void ingest_fast_csv(void)
{
	size_t cap = 400000, na = 0, nb = 0;
	char *a = malloc(cap), *b = malloc(cap);
	runsum ra, rb;
	lca_error err;
	int i, g;

	if (!a || !b)
		return;
	memset(&ra, 0, sizeof(ra));
	memset(&rb, 0, sizeof(rb));
	na = (size_t)snprintf(a, cap,
			      "timestamp, name, index, power.draw [W]\n");
	memcpy(b, a, na);
	nb = na;
	for (i = 0; i < 600; i++)
		for (g = 0; g < 4; g++) {
			char line[160], q[160];
			const char *eol = i % 3 ? "\n" : "\r\n";
			int n =
			    snprintf(line, sizeof(line),
				     "%s2024/01/15 10:%02d:%02d.%03d,%sNVIDIA "
				     "A100-SXM4-80GB ,\t%d, %d.%02d W%s",
				     i % 5 ? "" : " ", i / 60, i % 60,
				     (i * 7) % 1000, g % 2 ? "  " : "", g,
				     200 + (i * 13 + g) % 150, i % 100, eol);
			int m = i == 0 && g == 1
				    ? snprintf(q, sizeof(q),
					       "2024/01/15 10:00:00.000, "
					       "NVIDIA A100-SXM4-80GB , "
					       "\"1\", 201.00 W%s",
					       eol)
				    : n;
			memcpy(a + na, line, (size_t)n);
			na += (size_t)n;
			memcpy(b + nb, i == 0 && g == 1 ? q : line, (size_t)m);
			nb += (size_t)m;
			if (i % 97 == 0 && g == 3) { /* blank lines */
				memcpy(a + na, "\n  \t\r\n", 6);
				memcpy(b + nb, "\n  \t\r\n", 6);
				na += 6;
				nb += 6;
			}
		}
	CHECK(na > 2 * 65536, "the log spans chunks: %zu bytes", na);
	CHECK(lca_ingest_buffer(a, na, "plain.csv", NULL, sum_run, &ra, &err) ==
		  0,
	      "plain log: %s", err.message);
	CHECK(lca_ingest_buffer(b, nb, "quoted.csv", NULL, sum_run, &rb,
				&err) == 0,
	      "quoted log: %s", err.message);
	CHECK(ra.nruns == 1 && rb.nruns == 1 && ra.ndev == 4 && rb.ndev == 4,
	      "one run of 4 devices each: %d/%d runs, %d/%d devices", ra.nruns,
	      rb.nruns, ra.ndev, rb.ndev);
	CHECK(ra.samples == 2400 && rb.samples == ra.samples &&
		  rb.gaps == ra.gaps,
	      "samples %ld/%ld, gaps %ld/%ld", ra.samples, rb.samples, ra.gaps,
	      rb.gaps);
	for (g = 0; g < 4; g++)
		CHECK(ra.e[g] == rb.e[g] && ra.e[g] > 0,
		      "device %d: %.17g J split here, %.17g J by libcsv", g,
		      ra.e[g], rb.e[g]);
	free(a);
	free(b);
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return 2;
	numbers();
	json_printing();
	formats();
	monte_carlo();
	ingest_numbers();
	ingest_fast_csv();
	freshness(argv[1]);
	memo_file(argv[1]);
	memo_plan(argv[1]);
	lazy(argv[1]);
	return check_done();
}
