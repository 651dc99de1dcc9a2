/* SPDX-License-Identifier: MIT */
/* cmd_report.c: lca report, a BLOOM-style lifecycle report of a job (or
 * several side by side), with a reproducibility appendix. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cli.h"
#include "lca/door.h"
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

#define MAX_ARGS 256

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

/* The estimate flags after "--", as the request's fields. */
static int parse_flags(lca_request *rq, const char *const *args, int n,
		       lca_error *err)
{
	int i, rc;

	for (i = 0; i < n; i++) {
		const char *a = args[i], *eq, *value;
		char key[64], where[80];

		if (strncmp(a, "--", 2) || !a[2])
			return lca_error_set(err, LCA_EUSAGE, a,
					     "expected an estimate flag after "
					     "'--'; see 'lca estimate --help'");
		a += 2;
		eq = strchr(a, '=');
		cli_fmt(key, sizeof(key), "%.*s",
			(int)(eq ? (size_t)(eq - a) : strlen(a)), a);
		cli_fmt(where, sizeof(where), "--%s", key);
		if (lca_field_lookup(key) < 0)
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
		rc = lca_request_set(rq, key, value, err);
		if (rc)
			return rc;
	}
	return 0;
}

/* The command line, for the appendix; args with spaces get quotes. */
int cli_command_line(lca_buf *b, int argc, char **argv)
{
	int i, rc = lca_buf_puts(b, "lca");

	for (i = 0; i < argc; i++)
		rc |= strpbrk(argv[i], " \t\"'")
			  ? lca_buf_printf(b, " '%s'", argv[i])
			  : lca_buf_printf(b, " %s", argv[i]);
	return rc;
}

static int write_out(const char *path, const lca_buf *b, lca_error *err)
{
	return cli_write_file(path, b, err);
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

static int report_run(cli_ctx *ctx, const rep *a)
{
	lca_ledger *l = NULL;
	lca_buf out = {0};
	double id;
	int rc;

	if (lca_parse_number(a->run, &id) || id != floor(id) || id < 1)
		return lca_error_set(&ctx->err, LCA_EUSAGE, "--run",
				     "not a run id '%s' (lca runs)", a->run);
	rc = cli_catalog(ctx);
	if (!rc)
		rc = cli_ledger(ctx, a->db, &l);
	if (!rc)
		rc = lca_run_report_render(ctx->cat, l, (long long)id, a->title,
					   a->format, &out, &ctx->err);
	if (!rc)
		rc = write_out(a->output, &out, &ctx->err);
	lca_buf_release(&out);
	lca_ledger_free(l);
	return rc;
}

int cmd_report(cli_ctx *ctx, int argc, char **argv)
{
	static rep a; /* large: keep it off the stack */
	lca_request *rq = NULL;
	lca_buf cmd = {0}, out = {0};
	char **av = NULL;
	int i, rc;

	memset(&a, 0, sizeof(a));
	a.format = "text";
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
	rc = cli_command_line(&cmd, argc, argv);
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
	/* the report is the library's: lca serve and the Python package
	 * print the same */
	rc = lca_request_new(&rq, &ctx->err);
	if (!rc)
		rc = parse_flags(rq, a.args, a.nargs, &ctx->err);
	if (!rc && a.job_file)
		rc = lca_request_set(rq, "job", a.job_file, &ctx->err);
	if (!rc && a.title)
		rc = lca_request_set(rq, "title", a.title, &ctx->err);
	if (!rc && a.regions)
		rc = lca_request_set(rq, "regions", a.regions, &ctx->err);
	if (!rc)
		rc = lca_request_set(rq, "command_line", lca_buf_cstr(&cmd),
				     &ctx->err);
	if (!rc)
		rc =
		    lca_request_report(ctx->cat, rq, a.format, &out, &ctx->err);
	if (!rc)
		rc = write_out(a.output, &out, &ctx->err);
done:
	free(av);
	lca_request_free(rq);
	lca_buf_release(&cmd);
	lca_buf_release(&out);
	return rc;
}
