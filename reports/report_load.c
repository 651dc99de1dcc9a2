/* SPDX-License-Identifier: MIT */
/* report_load.c: what a report shows beside the footprint, loaded and
 * recomputed -- the hourly grid of the estimate, the same job in other
 * regions, the equivalents, the inputs as given -- and a measured run as a
 * footprint; the renderers (report.c, report_md.c, report_html.c) only
 * print.  lca report, lca serve and the Python package all come here. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "reports.h"
#include "lca/door.h"
#include "lca/ledger.h"
#include "../engine/lca_int.h"
#include "../engine/banned.h"

/* "SE,FR" -> keys; *list (malloc'd) holds them. */
static int split(const char *regions, char **list, char ***keys, int *n)
{
	char *p, *start;
	size_t commas = 0;

	*n = 0;
	for (p = (char *)regions; *p; p++)
		commas += *p == ',';
	*list = strdup(regions);
	*keys = malloc(sizeof(**keys) * (commas + 1));
	if (!*list || !*keys)
		return LCA_ENOMEM;
	for (start = p = *list;; p++) {
		if (*p == ',' || !*p) {
			int end = !*p;
			*p = '\0';
			if (*start)
				(*keys)[(*n)++] = start;
			start = p + 1;
			if (end)
				break;
		}
	}
	return 0;
}

int lca__report_footprint(lca_catalog *cat, const lca_footprint *fp,
			  const lca_job *job, const char *title,
			  const char *regions, const char *cmdline,
			  const char *inputs, const char *format, lca_buf *out,
			  lca_error *err)
{
	lca_report r;
	lca_report_region *reg = NULL;
	lca_equivalent *eq = NULL;
	lca_buf path = {0};
	double *hourly = NULL;
	long long hourly_start = 0;
	char *list = NULL, **keys = NULL, hourly_source[200];
	int nkeys = 0, nreg = 0, neq = 0, nhourly = 0, rc = 0;
	FILE *probe;

	memset(&r, 0, sizeof(r));
	regions = regions ? regions : LCA_REPORT_REGIONS;
	/* with a start: the hourly grid intensity the estimate used */
	if (job) {
		rc = lca_report_hourly(cat, job, fp, &hourly, &nhourly,
				       &hourly_start, hourly_source,
				       sizeof(hourly_source), err);
		if (rc)
			goto done;
	}
	if (job && strcmp(regions, "none")) {
		if (split(regions, &list, &keys, &nkeys)) {
			rc = lca_error_set(err, LCA_ENOMEM, "report",
					   "out of memory");
			goto done;
		}
		rc = lca_report_regions(cat, job, (const char *const *)keys,
					nkeys, &reg, &nreg, err);
		if (rc)
			goto done;
	}
	rc = lca_buf_printf(&path, "%s/equivalents.csv",
			    lca_catalog_datasets(cat));
	if (rc)
		goto done;
	probe = fopen(lca_buf_cstr(&path), "rb");
	if (probe) {
		fclose(probe);
		rc = lca_equivalents_load(&eq, &neq, lca_buf_cstr(&path), err);
		if (rc)
			goto done;
	}
	r.title = title;
	r.fp = fp;
	r.regions = reg;
	r.nregions = nreg;
	r.equiv = eq;
	r.nequiv = neq;
	r.hourly = hourly;
	r.nhourly = nhourly;
	r.hourly_start = hourly_start;
	r.hourly_source = nhourly ? hourly_source : NULL;
	r.command_line = cmdline;
	r.catalog_version = lca_catalog_version(cat);
	r.datasets_dir = lca_catalog_datasets(cat);
	r.inputs = inputs;
	rc = lca_report_render(&r, format, out, err);
done:
	free(list);
	free(keys);
	free(reg);
	free(eq);
	free(hourly);
	lca_buf_release(&path);
	return rc;
}

int lca__report_inputs(lca_buf *b, const char *job_file, const lca_job *job)
{
	cJSON *root = cJSON_CreateObject(), *fl;
	char *text = NULL, *file = NULL;
	size_t len;
	int f, rc = LCA_ENOMEM;

	if (!root)
		return LCA_ENOMEM;
	if (job_file &&
	    !lca__read_file(job_file, 4u << 20, &file, &len, NULL)) {
		cJSON *j = cJSON_ParseWithLength(file, len);
		cJSON_AddStringToObject(root, "job_file", job_file);
		if (j)
			cJSON_AddItemToObject(root, "job", j);
	}
	fl = cJSON_AddObjectToObject(root, "flags");
	for (f = 0; fl && f < LCA_F__COUNT; f++) {
		if (!job->flags.set[f])
			continue;
		if (lca_field_info_get(f)->is_string)
			cJSON_AddStringToObject(fl, lca_field_info_get(f)->key,
						job->flags.str[f]);
		else
			cJSON_AddNumberToObject(fl, lca_field_info_get(f)->key,
						job->flags.num[f]);
	}
	text = cJSON_PrintUnformatted(root);
	if (text && !lca_buf_puts(b, text))
		rc = 0;
	free(text);
	free(file);
	cJSON_Delete(root);
	return rc;
}

static int run_assumption(const char *name, const char *value, const char *unit,
			  const char *source, void *ud)
{
	double v;

	if (lca_parse_number(value, &v))
		v = LCA_NAN;
	return lca_footprint_assume(ud, name, v, value, unit, source);
}

/*
 * A measured run as it was recorded: its energies and CO2e from the ledger
 * (not recomputed: the site it was accounted with is in its assumptions),
 * measured IT energy as the dynamic component, PUE overhead as
 * infrastructure.
 */
static void run_footprint(const lca_run *r, lca_footprint *fp)
{
	lca_phase_result *p = &fp->phase[0];
	double it = r->energy_kwh, fac = r->facility_energy_kwh;
	double g = r->grid_gco2_per_kwh / 1000.0;
	int c;

	lca__strlcpy(p->phase, "measured", sizeof(p->phase));
	lca__strlcpy(p->name, r->name, sizeof(p->name));
	lca__strlcpy(p->accel, r->gpu, sizeof(p->accel));
	lca_run_dynamic_label(r, p->dynamic_label, sizeof(p->dynamic_label));
	p->wall_hours = (r->end - r->start) / 3600.0;
	p->devices = r->devices;
	p->device_hours = p->devices * p->wall_hours;
	p->flops = LCA_NAN;
	for (c = 0; c < LCA_C__COUNT; c++)
		p->energy_kwh_c[c] = p->kgco2e_c[c] = 0;
	p->energy_kwh_c[LCA_C_DYNAMIC] = it;
	p->energy_kwh_c[LCA_C_INFRA] = fac - it;
	p->kgco2e_c[LCA_C_DYNAMIC] = it * g;
	p->kgco2e_c[LCA_C_INFRA] = (fac - it) * g;
	p->kgco2e_c[LCA_C_EMBODIED] = r->embodied_kgco2e;
	p->it_energy_kwh = it;
	p->energy_kwh = fac;
	p->pue = r->pue;
	p->grid_gco2_per_kwh = r->grid_gco2_per_kwh;
	p->operational_kgco2e = r->operational_kgco2e;
	/* a run records no contractual instrument: market-based is the
	 * location-based figure (as lca_compute without a market grid) */
	p->market_based_kgco2e = r->operational_kgco2e;
	p->embodied_kgco2e = r->embodied_kgco2e;
	p->total_kgco2e = r->total_kgco2e;
	fp->nphases = 1;
	fp->total = *p;
	lca__strlcpy(fp->total.phase, "total", sizeof(fp->total.phase));
	lca__strlcpy(fp->total.name, "total", sizeof(fp->total.name));
}

int lca_run_report_render(lca_catalog *cat, lca_ledger *l, long long id,
			  const char *title, const char *format, lca_buf *out,
			  lca_error *err)
{
	lca_run *run = calloc(1, sizeof(*run));
	lca_footprint fp;
	char name[80], auto_title[320];
	size_t len;
	int rc, i;

	if (!run)
		return lca_error_set(err, LCA_ENOMEM, "report",
				     "out of memory");
	lca_footprint_init(&fp);
	rc = lca_ledger_get_run(l, id, run, err);
	if (!rc) {
		run_footprint(run, &fp);
		rc =
		    lca_ledger_each_assumption(l, id, run_assumption, &fp, err);
	}
	if (!rc) {
		lca__fmt(auto_title, sizeof(auto_title), "Run %lld: %s",
			 run->id, run->name);
		/* the user's tags: in the title and, for every format, among
		 * the assumptions */
		for (i = 0; !rc && i < run->ntags; i++) {
			len = strlen(auto_title);
			lca__fmt(auto_title + len, sizeof(auto_title) - len,
				 "%s%s=%s%s", i ? ", " : " [", run->tags[i].key,
				 run->tags[i].value,
				 i + 1 == run->ntags ? "]" : "");
			lca__fmt(name, sizeof(name), "tag.%s",
				 run->tags[i].key);
			if (lca_footprint_assume(&fp, name, LCA_NAN,
						 run->tags[i].value, "",
						 "user (tag)"))
				rc = lca_error_set(err, LCA_ENOMEM, "report",
						   "out of memory");
		}
	}
	/* a run has no job to rerun: no region comparison */
	if (!rc)
		rc = lca__report_footprint(cat, &fp, NULL,
					   title ? title : auto_title, NULL,
					   NULL, NULL, format, out, err);
	lca_footprint_release(&fp);
	lca_run_release(run);
	free(run);
	return rc;
}
