/* SPDX-License-Identifier: MIT */
/* cmd_plan.c: lca plan, where and when to run a job, and what fits in a CO2e
 * budget. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
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

#define MAX_REGIONS 256

typedef struct plan_cli {
	lca_job job;
	lca_plan_opts o;
	lca_budget_opts b;
	const char *job_file, *format, *from, *to;
	char *regions_text;
	const char *regions[MAX_REGIONS];
	double year;
	int help, budget;
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

static int number(const char *flag, const char *value, double min, double max,
		  double *out, lca_error *err)
{
	if (lca_parse_number(value, out))
		return lca_error_set(err, LCA_EUSAGE, flag, "not a number '%s'",
				     value);
	if (*out < min || *out > max)
		return lca_error_set(err, LCA_ERANGE, flag,
				     "'%s' out of range (%g to %g)", value, min,
				     max);
	return 0;
}

static int split_regions(plan_cli *p, const char *value, lca_error *err)
{
	char *s, *tok, *save = NULL;

	free(p->regions_text);
	p->regions_text = strdup(value);
	if (!p->regions_text)
		return lca_error_set(err, LCA_ENOMEM, "--regions",
				     "out of memory");
	p->o.nregions = 0;
	p->o.all_regions = 0;
	for (s = p->regions_text; (tok = strtok_r(s, ",", &save)); s = NULL) {
		while (*tok == ' ')
			tok++;
		if (!*tok)
			continue;
		if (!strcmp(tok, "all")) {
			p->o.all_regions = 1;
			continue;
		}
		if (p->o.nregions == MAX_REGIONS)
			return lca_error_set(err, LCA_ERANGE, "--regions",
					     "more than %d regions",
					     MAX_REGIONS);
		p->regions[p->o.nregions++] = tok;
	}
	if (!p->o.nregions && !p->o.all_regions)
		return lca_error_set(err, LCA_EUSAGE, "--regions",
				     "no region in '%s'", value);
	p->o.regions = p->regions;
	return 0;
}

static int on_opt(void *ud, const cli_opt *o, const char *value, lca_error *err)
{
	plan_cli *p = ud;
	int id = (int)(o - p->opts);
	char where[64];

	switch (id) {
	case OPT_JOB:
		p->job_file = value;
		return 0;
	case OPT_FORMAT:
		p->format = value;
		return 0;
	case OPT_REGIONS:
		return split_regions(p, value, err);
	case OPT_WINDOW:
		return number("--window", value, 0, 8760, &p->o.window_h, err);
	case OPT_PAUSE:
		p->o.pause_resume = 1;
		return 0;
	case OPT_STRETCH:
		p->o.pause_resume = 1;
		return number("--max-stretch", value, 1, 100, &p->o.max_stretch,
			      err);
	case OPT_YEAR:
		return number("--year", value, 1970, 2100, &p->year, err);
	case OPT_FROM:
		p->from = value;
		return 0;
	case OPT_TO:
		p->to = value;
		return 0;
	case OPT_BUDGET:
		p->budget = 1;
		return number("--budget-kg", value, 1e-9, 1e12, &p->b.budget_kg,
			      err);
	case OPT_DEADLINE:
		return number("--deadline", value, 1e-6, 1e6, &p->b.deadline_h,
			      err);
	case OPT_SCOPE:
		if (strcmp(value, "total") && strcmp(value, "operational"))
			return lca_error_set(err, LCA_EUSAGE, "--budget-scope",
					     "unknown scope '%s' (expected "
					     "total or operational)",
					     value);
		p->b.operational = !strcmp(value, "operational");
		return 0;
	case OPT_HELP:
		p->help = 1;
		return 0;
	default:
		break;
	}
	cli_fmt(where, sizeof(where), "--%s", o->name);
	return lca_inputs_set_text(&p->job.flags, id, value, where, err);
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

static int period(plan_cli *p, lca_error *err)
{
	const char *start = p->job.flags.set[LCA_F_START]
				? p->job.flags.str[LCA_F_START]
				: NULL;
	long long t;

	if (p->year > 0 && (p->from || p->to || start))
		return lca_error_set(err, LCA_EUSAGE, "--year",
				     "give --year or --from/--to, not both");
	if (p->from && start)
		return lca_error_set(err, LCA_EUSAGE, "--start",
				     "give --from or --start, not both");
	if (!p->from)
		p->from = start;
	if (p->year > 0) {
		char y[40];
		if (p->year != floor(p->year))
			return lca_error_set(err, LCA_EUSAGE, "--year",
					     "not a whole year '%g'", p->year);
		cli_fmt(y, sizeof(y), "%.0f-01-01T00:00Z", p->year);
		lca_time_parse(y, &p->o.from);
		cli_fmt(y, sizeof(y), "%.0f-01-01T00:00Z", p->year + 1);
		lca_time_parse(y, &p->o.to);
		return 0;
	}
	if (p->from) {
		if (lca_time_parse(p->from, &t))
			return lca_error_set(
			    err, LCA_EUSAGE,
			    start == p->from ? "--start" : "--from",
			    "not an ISO 8601 time '%s'", p->from);
	} else {
		t = (long long)time(NULL);
	}
	p->o.from = t - ((t % 3600) + 3600) % 3600; /* the hour */
	if (p->to) {
		if (lca_time_parse(p->to, &t))
			return lca_error_set(err, LCA_EUSAGE, "--to",
					     "not an ISO 8601 time '%s'",
					     p->to);
		if (t <= p->o.from)
			return lca_error_set(err, LCA_EUSAGE, "--to",
					     "'%s' is not after --from", p->to);
		p->o.to = t;
	}
	return 0;
}

int cmd_plan(cli_ctx *ctx, int argc, char **argv)
{
	static plan_cli p; /* large: keep it off the stack */
	lca_plan_result res;
	lca_budget_result bud;
	lca_buf out = {0};
	int rc;

	memset(&p, 0, sizeof(p));
	memset(&res, 0, sizeof(res));
	memset(&bud, 0, sizeof(bud));
	lca_job_init(&p.job);
	build_opts(&p);
	p.format = "text";
	p.o.max_gap_h = 3;
	rc = cli_parse(argc, argv, p.opts, on_opt, NULL, &p, &ctx->err);
	if (rc)
		goto done;
	if (p.help) {
		help(&p);
		goto done;
	}
	if (strcmp(p.format, "text") && strcmp(p.format, "json") &&
	    (p.budget ||
	     (strcmp(p.format, "csv") && strcmp(p.format, "html")))) {
		rc =
		    lca_error_set(&ctx->err, LCA_EUSAGE, "--format",
				  "unknown format '%s' (expected text, json%s)",
				  p.format, p.budget ? "" : ", csv or html");
		goto done;
	}
	if (p.job_file) {
		rc = lca_job_load_file(&p.job, p.job_file, &ctx->err);
		if (rc)
			goto done;
	}
	if (p.job.flags.set[LCA_F_MAX_GAP])
		p.o.max_gap_h = p.job.flags.num[LCA_F_MAX_GAP];
	if (p.job.flags.set[LCA_F_SIGNAL])
		p.o.signal = p.job.flags.str[LCA_F_SIGNAL];
	rc = cli_catalog(ctx);
	if (rc)
		goto done;
	if (p.budget) {
		if (p.o.nregions || p.o.all_regions || p.o.window_h > 0 ||
		    p.o.pause_resume) {
			rc = lca_error_set(&ctx->err, LCA_EUSAGE, "--budget-kg",
					   "budget mode takes one --region; "
					   "plan regions and windows "
					   "separately");
			goto done;
		}
		rc = lca_plan_budget(ctx->cat, &p.job, &p.b, &bud, &ctx->err);
		if (!rc)
			rc = lca_budget_render(&bud, p.format, &out, &ctx->err);
	} else {
		if (p.b.deadline_h > 0) {
			rc = lca_error_set(&ctx->err, LCA_EUSAGE, "--deadline",
					   "--deadline belongs to budget mode "
					   "(--budget-kg)");
			goto done;
		}
		rc = period(&p, &ctx->err);
		if (!rc)
			rc = lca_plan_run(ctx->cat, &p.job, &p.o, &res,
					  &ctx->err);
		if (!rc)
			rc = lca_plan_render(&res, p.format, &out, &ctx->err);
	}
	if (!rc)
		rc = cli_write(&out, &ctx->err);
done:
	lca_buf_release(&out);
	lca_plan_release(&res);
	lca_budget_release(&bud);
	lca_job_release(&p.job);
	free(p.regions_text);
	return rc;
}
