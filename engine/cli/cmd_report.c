/* SPDX-License-Identifier: MIT */
/* cmd_report.c: lca report, a BLOOM-style lifecycle report of a job (or
 * several side by side), with a reproducibility appendix. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cli.h"
#include "lca/report.h"
#include "../banned.h"

enum {
	OPT_JOB,
	OPT_RUN,
	OPT_COMPARE,
	OPT_FORMAT,
	OPT_OUTPUT,
	OPT_TITLE,
	OPT_REGIONS,
	OPT_DB,
	OPT_HELP
};

static const cli_opt opts[] = {
    {"job", 1, "job file (JSON), as for lca estimate --job"},
    {"run", 1, "a measured run from the ledger (lca runs), by id"},
    {"compare", 0, "the job files given as arguments side by side"},
    {"format", 1,
     "text (default), md, json, csv, html or svg (the lifecycle chart alone)"},
    {"output", 1, "write to this file (also -o), not stdout"},
    {"title", 1, "report title (default: the job's name)"},
    {"regions", 1,
     "regions to compare, comma-separated (default "
     "SE,FR,US,DE,IN,WORLD; 'none' for none)"},
    {"db", 1, "--run: ledger database (default $LCA_DB, else the user's)"},
    {"help", 0, "show this help"},
    {NULL, 0, NULL},
};

/* Regions a reader knows, from low- to high-carbon grids. */
#define DEFAULT_REGIONS "SE,FR,US,DE,IN,WORLD"
#define MAX_ARGS	256

typedef struct rep {
	const char *job_file, *run, *format, *output, *title, *regions, *db;
	int compare, help, after_dashdash;
	const char *args[MAX_ARGS]; /* job files or estimate flags */
	int nargs;
} rep;

static int on_opt(void *ud, const cli_opt *o, const char *value, lca_error *err)
{
	rep *r = ud;

	(void)err;
	switch (o - opts) {
	case OPT_JOB:
		r->job_file = value;
		break;
	case OPT_RUN:
		r->run = value;
		break;
	case OPT_DB:
		r->db = value;
		break;
	case OPT_COMPARE:
		r->compare = 1;
		break;
	case OPT_FORMAT:
		r->format = value;
		break;
	case OPT_OUTPUT:
		r->output = value;
		break;
	case OPT_TITLE:
		r->title = value;
		break;
	case OPT_REGIONS:
		r->regions = value;
		break;
	default:
		r->help = 1;
	}
	return 0;
}

static int on_arg(void *ud, const char *arg, lca_error *err)
{
	rep *r = ud;

	if (r->nargs == MAX_ARGS)
		return lca_error_set(err, LCA_EUSAGE, arg,
				     "too many arguments (at most %d)",
				     MAX_ARGS);
	r->args[r->nargs++] = arg;
	return 0;
}

static void help(void)
{
	printf("usage: lca report --job FILE | --run ID | -- <estimate flags> "
	       "[options]\n       lca report --compare JOB.json JOB.json "
	       "... [options]\n\n"
	       "Renders a lifecycle footprint the way reviewers know it "
	       "(Luccioni et al. 2023,\nTable 3): summary, embodied / dynamic "
	       "/ idle / infrastructure per phase with\nshares, energy by "
	       "component, grid and PUE, the same job in other regions,\n"
	       "equivalents with their sources, every assumption, and a "
	       "reproducibility\nappendix.  --compare ranks several jobs by "
	       "CO2e (Henderson et al. 2020).\n\noptions:\n");
	cli_print_opts(stdout, opts);
	printf("\nexample: lca report --format html -o bloom.html -- --params "
	       "176e9 --gpu a100 --region FR\n");
}

/* The estimate flags after "--", through the job field table. */
static int parse_flags(lca_job *job, const char *const *args, int n,
		       lca_error *err)
{
	int i, rc;

	for (i = 0; i < n; i++) {
		const char *a = args[i], *eq, *value;
		char key[64], where[80];
		int f;

		if (strncmp(a, "--", 2) || !a[2])
			return lca_error_set(err, LCA_EUSAGE, a,
					     "expected an estimate flag after "
					     "'--'; see 'lca estimate --help'");
		a += 2;
		eq = strchr(a, '=');
		cli_fmt(key, sizeof(key), "%.*s",
			(int)(eq ? (size_t)(eq - a) : strlen(a)), a);
		cli_fmt(where, sizeof(where), "--%s", key);
		f = lca_field_lookup(key);
		if (f < 0)
			return lca_error_set(err, LCA_EUSAGE, where,
					     "unknown estimate flag; see 'lca "
					     "estimate --help'");
		if (eq)
			value = eq + 1;
		else if (i + 1 < n)
			value = args[++i];
		else
			return lca_error_set(err, LCA_EUSAGE, where,
					     "option needs a value");
		rc = lca_inputs_set_text(&job->flags, f, value, where, err);
		if (rc)
			return rc;
	}
	return 0;
}

/* The command line, for the appendix; args with spaces get quotes. */
static int command_line(lca_buf *b, int argc, char **argv)
{
	int i, rc = lca_buf_puts(b, "lca");

	for (i = 0; i < argc; i++)
		rc |= strpbrk(argv[i], " \t\"'")
			  ? lca_buf_printf(b, " '%s'", argv[i])
			  : lca_buf_printf(b, " %s", argv[i]);
	return rc;
}

/* Inputs as JSON: the job file as read and the flags given. */
static int inputs_json(lca_buf *b, const char *job_file, const lca_job *job)
{
	cJSON *root = cJSON_CreateObject(), *fl;
	char *text = NULL, *file = NULL;
	size_t len;
	int f, rc = LCA_ENOMEM;

	if (!root)
		return LCA_ENOMEM;
	if (job_file && !cli_read_file(job_file, 4u << 20, &file, &len)) {
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

static int write_out(const char *path, const lca_buf *b, lca_error *err)
{
	return cli_write_file(path, b, err);
}

/*
 * Renders one footprint.  job may be NULL (a run from the ledger, lca
 * report --run ID): then no region comparisons, since those rerun
 * lca_compute on the job's inputs.
 */
int cli_report_footprint(cli_ctx *ctx, const lca_footprint *fp,
			 const lca_job *job, const char *title,
			 const char *format, const char *regions,
			 const char *output, const char *cmdline,
			 const char *inputs)
{
	lca_report r;
	lca_report_region *reg = NULL;
	lca_equivalent *eq = NULL;
	lca_buf out = {0}, path = {0};
	double *hourly = NULL;
	long long hourly_start = 0;
	char *list = NULL, **keys = NULL, hourly_source[200];
	int nkeys = 0, nreg = 0, neq = 0, nhourly = 0, rc = 0;
	FILE *probe;

	memset(&r, 0, sizeof(r));
	/* with a start: the hourly grid intensity the estimate used */
	if (job) {
		rc = lca_report_hourly(ctx->cat, job, fp, &hourly, &nhourly,
				       &hourly_start, hourly_source,
				       sizeof(hourly_source), &ctx->err);
		if (rc)
			goto done;
	}
	if (job && regions && strcmp(regions, "none")) {
		char *p, *start;
		size_t commas = 0;
		for (p = (char *)regions; *p; p++)
			commas += *p == ',';
		list = strdup(regions);
		keys = malloc(sizeof(*keys) * (commas + 1));
		if (!list || !keys) {
			rc = lca_error_set(&ctx->err, LCA_ENOMEM, "report",
					   "out of memory");
			goto done;
		}
		for (start = p = list;; p++) {
			if (*p == ',' || !*p) {
				int end = !*p;
				*p = '\0';
				if (*start)
					keys[nkeys++] = start;
				start = p + 1;
				if (end)
					break;
			}
		}
		rc =
		    lca_report_regions(ctx->cat, job, (const char *const *)keys,
				       nkeys, &reg, &nreg, &ctx->err);
		if (rc)
			goto done;
	}
	rc = lca_buf_printf(&path, "%s/equivalents.csv",
			    lca_catalog_datasets(ctx->cat));
	if (rc)
		goto done;
	probe = fopen(lca_buf_cstr(&path), "rb");
	if (probe) {
		fclose(probe);
		rc = lca_equivalents_load(&eq, &neq, lca_buf_cstr(&path),
					  &ctx->err);
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
	r.catalog_version = lca_catalog_version(ctx->cat);
	r.datasets_dir = lca_catalog_datasets(ctx->cat);
	r.inputs = inputs;
	rc = lca_report_render(&r, format, &out, &ctx->err);
	if (!rc)
		rc = write_out(output, &out, &ctx->err);
done:
	free(list);
	free(keys);
	free(reg);
	free(eq);
	free(hourly);
	lca_buf_release(&path);
	lca_buf_release(&out);
	return rc;
}

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

static int compare(cli_ctx *ctx, rep *a, const char *cmdline)
{
	static lca_job job;
	lca_footprint *fps = NULL;
	const lca_footprint *runs[MAX_ARGS];
	const char *labels[MAX_ARGS];
	lca_report r;
	lca_buf out = {0};
	int i, n = 0, rc = 0;

	if (a->nargs < 2)
		return lca_error_set(&ctx->err, LCA_EUSAGE, "--compare",
				     "give two or more job files");
	fps = calloc((size_t)a->nargs, sizeof(*fps));
	if (!fps)
		return lca_error_set(&ctx->err, LCA_ENOMEM, "report",
				     "out of memory");
	for (i = 0; i < a->nargs; i++) {
		lca_job_init(&job);
		lca_footprint_init(&fps[i]);
		n = i + 1;
		rc = lca_job_load_file(&job, a->args[i], &ctx->err);
		if (!rc)
			rc = lca_compute(ctx->cat, &job, &fps[i], &ctx->err);
		lca_job_release(&job);
		if (rc)
			goto done;
		runs[i] = &fps[i];
		labels[i] = base_name(a->args[i]);
	}
	memset(&r, 0, sizeof(r));
	r.runs = runs;
	r.labels = labels;
	r.nruns = a->nargs;
	r.command_line = cmdline;
	r.catalog_version = lca_catalog_version(ctx->cat);
	r.datasets_dir = lca_catalog_datasets(ctx->cat);
	rc = lca_report_render(&r, a->format, &out, &ctx->err);
	if (!rc)
		rc = write_out(a->output, &out, &ctx->err);
done:
	for (i = 0; i < n; i++)
		lca_footprint_release(&fps[i]);
	free(fps);
	lca_buf_release(&out);
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
static int run_footprint(const lca_run *r, lca_footprint *fp)
{
	lca_phase_result *p = &fp->phase[0];
	double it = r->energy_kwh, fac = r->facility_energy_kwh;
	double g = r->grid_gco2_per_kwh / 1000.0;
	int c;

	cli_strlcpy(p->phase, "measured", sizeof(p->phase));
	cli_strlcpy(p->name, r->name, sizeof(p->name));
	cli_strlcpy(p->accel, r->gpu, sizeof(p->accel));
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
	 * location-based figure (as lca_compute without --market-grid) */
	p->market_based_kgco2e = r->operational_kgco2e;
	p->embodied_kgco2e = r->embodied_kgco2e;
	p->total_kgco2e = r->total_kgco2e;
	fp->nphases = 1;
	fp->total = *p;
	cli_strlcpy(fp->total.phase, "total", sizeof(fp->total.phase));
	cli_strlcpy(fp->total.name, "total", sizeof(fp->total.name));
	return 0;
}

static int report_run(cli_ctx *ctx, const rep *a)
{
	static lca_run run; /* large: keep it off the stack */
	lca_ledger *l = NULL;
	lca_footprint fp;
	char title[320];
	double id;
	int rc;

	lca_footprint_init(&fp);
	if (lca_parse_number(a->run, &id) || id != floor(id) || id < 1)
		return lca_error_set(&ctx->err, LCA_EUSAGE, "--run",
				     "not a run id '%s' (lca runs)", a->run);
	rc = cli_catalog(ctx);
	if (!rc)
		rc = cli_ledger(ctx, a->db, &l);
	if (!rc)
		rc = lca_ledger_get_run(l, (long long)id, &run, &ctx->err);
	if (!rc)
		rc = run_footprint(&run, &fp);
	if (!rc)
		rc = lca_ledger_each_assumption(l, (long long)id,
						run_assumption, &fp, &ctx->err);
	if (!rc) {
		size_t len;
		int i;
		cli_fmt(title, sizeof(title), "Run %lld: %s", run.id, run.name);
		/* the user's tags: in the title and, for every format, among
		 * the assumptions */
		for (i = 0; i < run.ntags; i++) {
			char name[80];
			len = strlen(title);
			cli_fmt(title + len, sizeof(title) - len, "%s%s=%s%s",
				i ? ", " : " [", run.tags[i].key,
				run.tags[i].value,
				i + 1 == run.ntags ? "]" : "");
			cli_fmt(name, sizeof(name), "tag.%s", run.tags[i].key);
			if (!rc && lca_footprint_assume(
				       &fp, name, LCA_NAN, run.tags[i].value,
				       "", "user (lca track --tag)"))
				rc = lca_error_set(&ctx->err, LCA_ENOMEM,
						   "report", "out of memory");
		}
	}
	if (!rc) {
		rc = cli_report_footprint(
		    ctx, &fp, NULL, a->title ? a->title : title, a->format,
		    a->regions, a->output, NULL, NULL);
	}
	lca_footprint_release(&fp);
	lca_ledger_free(l);
	return rc;
}

int cmd_report(cli_ctx *ctx, int argc, char **argv)
{
	static rep a; /* large: keep it off the stack */
	static lca_job job;
	lca_footprint fp;
	lca_buf cmd = {0}, inputs = {0};
	char **av = NULL;
	int i, rc;

	memset(&a, 0, sizeof(a));
	lca_job_init(&job);
	lca_footprint_init(&fp);
	a.format = "text";
	a.regions = DEFAULT_REGIONS;
	/* -o is the one short option: spell it out for the table parser. */
	av = calloc((size_t)argc + 1, sizeof(char *));
	if (!av)
		return lca_error_set(&ctx->err, LCA_ENOMEM, "report",
				     "out of memory");
	for (i = 0; i < argc; i++) {
		av[i] = argv[i];
		if (!strcmp(argv[i], "--"))
			for (; i < argc; i++)
				av[i] = argv[i];
		else if (!strcmp(argv[i], "-o"))
			av[i] = "--output";
	}
	rc = cli_parse(argc, av, opts, on_opt, on_arg, &a, &ctx->err);
	if (rc)
		goto done;
	if (a.help) {
		help();
		goto done;
	}
	if (!lca_renderer_find(a.format)) {
		rc = lca_error_set(&ctx->err, LCA_EUSAGE, "--format",
				   "unknown format '%s' (expected %s)",
				   a.format, lca_renderer_names());
		goto done;
	}
	if (a.run) {
		rc = report_run(ctx, &a);
		goto done;
	}
	rc = command_line(&cmd, argc, argv);
	if (rc) {
		rc = lca_error_set(&ctx->err, LCA_ENOMEM, "report",
				   "out of memory");
		goto done;
	}
	rc = cli_catalog(ctx);
	if (rc)
		goto done;
	if (a.compare) {
		rc = compare(ctx, &a, lca_buf_cstr(&cmd));
		goto done;
	}
	if (!a.job_file && !a.nargs) {
		rc = lca_error_set(&ctx->err, LCA_EUSAGE, "lca report",
				   "give --job FILE, --run ID, --compare JOB "
				   "JOB... or -- <estimate flags>");
		goto done;
	}
	rc = parse_flags(&job, a.args, a.nargs, &ctx->err);
	if (!rc && a.job_file)
		rc = lca_job_load_file(&job, a.job_file, &ctx->err);
	if (!rc)
		rc = lca_compute(ctx->cat, &job, &fp, &ctx->err);
	if (rc)
		goto done;
	if (inputs_json(&inputs, a.job_file, &job)) {
		rc = lca_error_set(&ctx->err, LCA_ENOMEM, "report",
				   "out of memory");
		goto done;
	}
	rc = cli_report_footprint(
	    ctx, &fp, &job, a.title ? a.title : fp.phase[0].name, a.format,
	    a.regions, a.output, lca_buf_cstr(&cmd), lca_buf_cstr(&inputs));
done:
	free(av);
	lca_buf_release(&cmd);
	lca_buf_release(&inputs);
	lca_footprint_release(&fp);
	lca_job_release(&job);
	return rc;
}
