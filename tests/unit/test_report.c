/* SPDX-License-Identifier: MIT */
/* test_report.c: the report renderers show what a reviewer expects. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lca/report.h"
#include "check.h"

static int count(const char *hay, const char *needle)
{
	int n = 0;

	while ((hay = strstr(hay, needle))) {
		n++;
		hay++;
	}
	return n;
}

/* lca_format_human: one rule for every renderer's masses and energies. */
static void human(void)
{
	static const struct {
		double v;
		enum lca_quantity q;
		const char *want;
	} cases[] = {
	    {24690, LCA_Q_MASS, "24.69 t"},
	    {0.312, LCA_Q_MASS, "312 g"},
	    {812, LCA_Q_MASS, "812 kg"},
	    {0, LCA_Q_MASS, "0 kg"},
	    {-1500, LCA_Q_MASS, "-1.5 t"},
	    {999.96, LCA_Q_MASS, "1 t"},
	    {50532000, LCA_Q_MASS, "50,532 t"},
	    {1234, LCA_Q_ENERGY, "1,234 kWh"},
	    {689842.4, LCA_Q_ENERGY, "689,842 kWh"},
	    {0.5, LCA_Q_ENERGY, "0.5 kWh"},
	    {1234567.8, LCA_Q_NUMBER, "1,234,568"},
	    {999.96, LCA_Q_NUMBER, "1,000"},
	    {0.0001234, LCA_Q_NUMBER, "0.0001234"},
	    {24.6923, LCA_Q_NUMBER, "24.69"},
	    {NAN, LCA_Q_MASS, "-"},
	};
	char buf[64];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		lca_format_human(buf, sizeof(buf), cases[i].v, cases[i].q);
		CHECK(!strcmp(buf, cases[i].want),
		      "human %g: got '%s', want '%s'", cases[i].v, buf,
		      cases[i].want);
	}
}

int main(int argc, char **argv)
{
	static const double hourly[] = {50, 60, 80, 70, 40, 30};
	static const char *const regions[] = {"FR", "US", "nowhere"};
	char path[1024];
	lca_catalog *cat = NULL;
	lca_job job;
	lca_footprint fp;
	lca_report r;
	lca_report_region *reg = NULL;
	lca_equivalent *eq = NULL;
	lca_buf b = {0};
	lca_error err;
	int nreg = 0, neq = 0;

	if (argc < 2)
		return 2;
	human();
	lca_job_init(&job);
	lca_footprint_init(&fp);
	snprintf(path, sizeof(path), "%s/jobs/bloom-176b.json", argv[1]);
	if (lca_catalog_open(&cat, NULL, argv[1], &err) ||
	    lca_job_load_file(&job, path, &err) ||
	    lca_compute(cat, &job, &fp, &err)) {
		lca_error_print(&err, stderr);
		return 1;
	}
	CHECK(lca_report_regions(cat, &job, regions, 3, &reg, &nreg, &err) ==
		  LCA_ENOTFOUND,
	      "an unknown region is an error, not skipped");
	free(reg);
	reg = NULL;
	CHECK(!lca_report_regions(cat, &job, regions, 2, &reg, &nreg, &err),
	      "regions computed");
	CHECK(nreg == 2, "both regions compared (%d)", nreg);
	CHECK(nreg == 2 && reg[0].total_kgco2e <= reg[1].total_kgco2e,
	      "regions sorted by CO2e");
	snprintf(path, sizeof(path), "%s/equivalents.csv", argv[1]);
	CHECK(!lca_equivalents_load(&eq, &neq, path, &err) && neq > 0,
	      "equivalents load");
	for (int i = 0; i < neq; i++)
		CHECK(eq[i].source[0] != '\0', "equivalent %s has a source",
		      eq[i].id);

	memset(&r, 0, sizeof(r));
	r.fp = &fp;
	r.regions = reg;
	r.nregions = nreg;
	r.equiv = eq;
	r.nequiv = neq;
	r.catalog_version = lca_catalog_version(cat);
	r.command_line = "lca report --job bloom-176b.json";
	CHECK(!lca_report_render(&r, "html", &b, &err), "html renders");
	CHECK(strstr(b.buf, "id=\"chart-lifecycle\"") != NULL,
	      "lifecycle chart");
	CHECK(strstr(b.buf, "id=\"chart-phases\"") != NULL, "phase chart");
	CHECK(strstr(b.buf, "id=\"chart-hourly\"") == NULL,
	      "no hourly chart without a series");
	CHECK(strstr(b.buf, "<script") == NULL && strstr(b.buf, "src=") == NULL,
	      "self-contained: no scripts, no external resources");
	CHECK(count(b.buf, "<svg") == count(b.buf, "</svg>"), "svg closed");
	CHECK(strstr(b.buf, r.catalog_version) != NULL, "catalog version");
	lca_buf_reset(&b);
	r.hourly = hourly;
	r.nhourly = 6;
	CHECK(!lca_report_render(&r, "html", &b, &err), "html with series");
	CHECK(strstr(b.buf, "id=\"chart-hourly\"") != NULL, "hourly chart");
	lca_buf_reset(&b);
	CHECK(!lca_report_render(&r, "md", &b, &err), "md renders");
	CHECK(strstr(b.buf, "| embodied (hardware) |") != NULL &&
		  strstr(b.buf, "22.2%") != NULL,
	      "md lifecycle table has BLOOM's embodied share");
	CHECK(strstr(b.buf, "## Reproducibility") != NULL, "md appendix");
	CHECK(strstr(b.buf, "## Hourly grid intensity") != NULL, "md hourly");
	lca_buf_reset(&b);
	/* 30..80 over 8 levels: 30 is the lowest block, 80 the full one */
	CHECK(!lca_report_render(&r, "text", &b, &err), "text renders");
	CHECK(strstr(b.buf, "\u2584\u2585\u2588\u2587\u2582\u2581  min 30  "
			    "mean 55  max 80 gCO2e/kWh") != NULL,
	      "text sparkline with min, mean and max");
	lca_buf_reset(&b);
	CHECK(
	    !lca_report_render(&r, "json", &b, &err) &&
		strstr(b.buf, "\"hourly_gco2_per_kwh\":[50,60,80,70,40,30]") &&
		strstr(b.buf, "\"hourly_start\":\"1970-01-01T00:00Z\""),
	    "json hourly list and start");
	lca_buf_reset(&b);
	/* 1000 hours: 72 cells, each the mean of its hours */
	{
		static double many[1000];
		const char *line, *end = NULL;
		for (int i = 0; i < 1000; i++)
			many[i] = i % 24;
		r.hourly = many;
		r.nhourly = 1000;
		CHECK(!lca_report_render(&r, "text", &b, &err), "long text");
		line = strstr(b.buf, "UTC, 1000 h)\n  ");
		if (line) {
			line += strlen("UTC, 1000 h)\n  ");
			end = strstr(line, "  min 0  mean");
		}
		CHECK(line && end && end - line == 72 * 3,
		      "at most 72 cells of 3 bytes each");
		lca_buf_reset(&b);
	}
	CHECK(lca_report_render(&r, "pdf", &b, &err) == LCA_EUSAGE,
	      "unknown format is a usage error");

	lca_buf_release(&b);
	free(reg);
	free(eq);
	lca_footprint_release(&fp);
	lca_job_release(&job);
	lca_catalog_free(cat);
	return check_done();
}
