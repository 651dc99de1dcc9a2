/* SPDX-License-Identifier: MIT */
/* cmd_plan.c: lca plan, where and when to run a job, and what fits in a CO2e
 * budget. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "lca/door.h"
#include "lca/plan.h"
#include "lca/series.h"
#include "../banned.h"

enum {
	OPT_JOB = LCA_F__COUNT,
	OPT_FORMAT,
	OPT_REGIONS,
	OPT_WINDOW,
	OPT_PAUSE,
	OPT_STRETCH,
	OPT_YEAR,
	OPT_FROM,
	OPT_TO,
	OPT_BUDGET,
	OPT_DEADLINE,
	OPT_SCOPE,
	OPT_HELP,
	OPT__COUNT
};

typedef struct plan_cli {
	lca_request *rq;
	const char *format;
	int help;
	cli_opt opts[OPT__COUNT + 1];
} plan_cli;

static void build_opts(plan_cli *p)
{
	int f;

	for (f = 0; f < LCA_F__COUNT; f++) {
		const lca_field_info *fi = lca_field_info_get(f);
		p->opts[f].name = fi->key;
		p->opts[f].takes_value = 1;
		p->opts[f].help = fi->help;
	}
	p->opts[LCA_F_START].help =
	    "submission time, as --from (ISO 8601, UTC or with offset)";
	p->opts[LCA_F_REGION].help =
	    "baseline region: where the job would run now";
	p->opts[OPT_JOB] = (cli_opt){"job", 1,
				     "job file (JSON), as for "
				     "lca estimate"};
	p->opts[OPT_FORMAT] =
	    (cli_opt){"format", 1, "text (default), json, csv or html"};
	p->opts[OPT_REGIONS] = (cli_opt){
	    "regions", 1,
	    "candidate regions A,B,C (cloud regions, countries, zones), or "
	    "'all' zones with an hourly series"};
	p->opts[OPT_WINDOW] =
	    (cli_opt){"window", 1,
		      "flexible start: latest start, hours after submission"};
	p->opts[OPT_PAUSE] =
	    (cli_opt){"pause-resume", 0,
		      "run only in the cleanest hours before a deadline"};
	p->opts[OPT_STRETCH] = (cli_opt){
	    "max-stretch", 1,
	    "pause-resume deadline: F x the job's duration (default 2, or "
	    "the duration plus --window)"};
	p->opts[OPT_YEAR] =
	    (cli_opt){"year", 1, "evaluate every submission hour of year Y"};
	p->opts[OPT_FROM] =
	    (cli_opt){"from", 1,
		      "submission time, or the period's start with --to "
		      "(default: now)"};
	p->opts[OPT_TO] = (cli_opt){
	    "to", 1, "evaluate every submission hour from --from to this time"};
	p->opts[OPT_BUDGET] = (cli_opt){
	    "budget-kg", 1,
	    "budget mode: how many tokens (and parameters) fit in K kgCO2e"};
	p->opts[OPT_DEADLINE] =
	    (cli_opt){"deadline", 1,
		      "budget mode: wall-clock bound in hours (needs "
		      "--gpus)"};
	p->opts[OPT_SCOPE] = (cli_opt){
	    "budget-scope", 1,
	    "what counts against the budget: total (default: operational + "
	    "embodied) or operational"};
	p->opts[OPT_HELP] = (cli_opt){"help", 0, "show this help"};
	p->opts[OPT__COUNT] = (cli_opt){NULL, 0, NULL};
}

/* Every option but --format and --help is the library's (lca/door.h: a
 * field, "job", or a plan option); it checks them. */
static int on_opt(void *ud, const cli_opt *o, const char *value, lca_error *err)
{
	plan_cli *p = ud;
	int id = (int)(o - p->opts);

	switch (id) {
	case OPT_FORMAT:
		p->format = value;
		return 0;
	case OPT_PAUSE:
		return lca_request_set(p->rq, "pause_resume", "1", err);
	case OPT_HELP:
		p->help = 1;
		return 0;
	default:
		return lca_request_set(p->rq, o->name, value, err);
	}
}

static void help(plan_cli *p)
{
	printf(
	    "usage: lca plan [job options] [--regions A,B|all] [--window H]\n"
	    "                [--pause-resume [--max-stretch F]]\n"
	    "                [--from T [--to T] | --year Y] [--format F]\n"
	    "       lca plan --budget-kg K --gpu G [--params N] [--region R] "
	    "[--gpus N --deadline H]\n\n"
	    "Ranks where and when to run a job by its operational CO2e, "
	    "against running it\nat once in the baseline region (--region, "
	    "else the first of --regions, else\nthe world average).  The "
	    "job is described as for lca estimate; its duration\ncomes from "
	    "the estimate (give --gpus).  Hourly intensities come from the\n"
	    "catalog's series (lca grid list); with --year or --from/--to "
	    "every submission\nhour of the period is evaluated and the "
	    "spread of savings shown.  Budget mode\nanswers how many tokens "
	    "fit in a CO2e budget.\n\noptions:\n");
	cli_print_opts(stdout, p->opts);
	printf("\nexamples:\n"
	       "  lca plan --params 7e9 --gpu a100 --gpus 64 --region "
	       "us-east-1 --regions all --window 24 --year 2023\n"
	       "  lca plan --params 7e9 --gpu h100 --gpus 8 --region DE "
	       "--pause-resume --from 2023-06-01T00:00Z\n"
	       "  lca plan --budget-kg 1000 --gpu a100 --region "
	       "us-east-1\n");
}

int cmd_plan(cli_ctx *ctx, int argc, char **argv)
{
	static plan_cli p; /* large: keep it off the stack */
	lca_buf out = {0};
	int rc;

	memset(&p, 0, sizeof(p));
	build_opts(&p);
	p.format = "text";
	rc = lca_request_new(&p.rq, &ctx->err);
	if (!rc)
		rc = cli_parse(argc, argv, p.opts, on_opt, NULL, &p, &ctx->err);
	if (rc)
		goto done;
	if (p.help) {
		help(&p);
		goto done;
	}
	rc = cli_catalog(ctx);
	if (!rc)
		rc =
		    lca_request_plan(ctx->cat, p.rq, p.format, &out, &ctx->err);
	if (!rc)
		rc = cli_write(&out, &ctx->err);
done:
	lca_buf_release(&out);
	lca_request_free(p.rq);
	return rc;
}
