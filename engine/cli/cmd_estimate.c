/* SPDX-License-Identifier: MIT */
/* cmd_estimate.c: lca estimate, a job's lifecycle footprint before it runs. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "../banned.h"

enum {
	OPT_JOB = LCA_F__COUNT,
	OPT_FORMAT,
	OPT_UNCERTAINTY,
	OPT_SAMPLES,
	OPT_SEED,
	OPT_HELP,
	OPT_PROFILE,
	OPT__COUNT = OPT_PROFILE + CLI_PROFILE_NOPTS
};

typedef struct est {
	lca_job job;
	const char *job_file;
	const char *format;
	int help;
	int uncertainty;
	long samples;
	unsigned long seed;
	cli_profile prof;
	cli_opt opts[OPT__COUNT + 1];
} est;

static void build_opts(est *e)
{
	int f;

	for (f = 0; f < LCA_F__COUNT; f++) {
		const lca_field_info *fi = lca_field_info_get(f);
		e->opts[f].name = fi->key;
		e->opts[f].takes_value = 1;
		e->opts[f].help = fi->help;
	}
	e->opts[OPT_JOB] = (cli_opt){"job", 1,
				     "job file (JSON) with any of "
				     "these fields and \"phases\""};
	e->opts[OPT_FORMAT] =
	    (cli_opt){"format", 1, "text (default), json or csv"};
	e->opts[OPT_UNCERTAINTY] = (cli_opt){
	    "uncertainty", 0,
	    "Monte Carlo interval (p05/p50/p95) and sensitivity; give "
	    "ranges as lo:hi, e.g. --mfu 0.35:0.5"};
	e->opts[OPT_SAMPLES] =
	    (cli_opt){"samples", 1, "Monte Carlo draws (default 100000)"};
	e->opts[OPT_SEED] = (cli_opt){"seed", 1,
				      "random seed (default 1): same seed, "
				      "same interval"};
	e->opts[OPT_HELP] = (cli_opt){"help", 0, "show this help"};
	{
		static const cli_opt prof[] = {CLI_PROFILE_OPTS};
		memcpy(&e->opts[OPT_PROFILE], prof, sizeof(prof));
	}
	e->opts[OPT__COUNT] = (cli_opt){NULL, 0, NULL};
}

static int on_opt(void *ud, const cli_opt *o, const char *value, lca_error *err)
{
	est *e = ud;
	int id = (int)(o - e->opts);
	char where[64];

	if (id == OPT_JOB) {
		e->job_file = value;
		return 0;
	}
	if (id == OPT_FORMAT) {
		e->format = value;
		return 0;
	}
	if (id == OPT_UNCERTAINTY) {
		e->uncertainty = 1;
		return 0;
	}
	if (id == OPT_SAMPLES || id == OPT_SEED) {
		double v;
		if (lca_parse_count(value, &v) || v != floor(v) || v < 0 ||
		    v > (id == OPT_SAMPLES ? 1e8 : 4294967295.0))
			return lca_error_set(
			    err, LCA_EUSAGE,
			    id == OPT_SAMPLES ? "--samples" : "--seed",
			    "not a whole number in range '%s'", value);
		if (id == OPT_SAMPLES) {
			if (v < 100)
				return lca_error_set(
				    err, LCA_ERANGE, "--samples",
				    "too few samples '%s' (at least 100)",
				    value);
			e->samples = (long)v;
		} else {
			e->seed = (unsigned long)v;
		}
		e->uncertainty = 1;
		return 0;
	}
	if (id == OPT_HELP) {
		e->help = 1;
		return 0;
	}
	if (id >= OPT_PROFILE)
		return cli_profile_set(&e->prof, id - OPT_PROFILE, value, err);
	cli_fmt(where, sizeof(where), "--%s", o->name);
	return lca_inputs_set_text(&e->job.flags, id, value, where, err);
}

static void help(est *e)
{
	printf(
	    "usage: lca estimate [options]\n\n"
	    "Predicts device-hours, energy, operational and embodied CO2e of "
	    "a job from\nwhat you know: --params [--tokens] --gpu, --flops "
	    "--gpu, --gpu-hours,\n--gpus with --hours or --days, or "
	    "--energy-kwh (measured).  Every default is\nprinted with its "
	    "source.\n\noptions:\n");
	cli_print_opts(stdout, e->opts);
	printf("\nexample: lca estimate --params 176e9 --gpu a100 --region "
	       "france\n");
}

int cmd_estimate(cli_ctx *ctx, int argc, char **argv)
{
	static est e; /* large: keep it off the stack */
	const lca_renderer *r;
	lca_uncertainty *unc = NULL;
	lca_footprint fp;
	lca_buf out = {0};
	int rc;

	memset(&e, 0, sizeof(e));
	lca_job_init(&e.job);
	lca_footprint_init(&fp);
	build_opts(&e);
	cli_profile_init(&e.prof);
	e.format = "text";
	e.samples = 100000;
	e.seed = 1;
	rc = cli_parse(argc, argv, e.opts, on_opt, NULL, &e, &ctx->err);
	if (rc)
		goto done;
	if (e.help) {
		help(&e);
		goto done;
	}
	r = lca_renderer_find(e.format);
	if (!r) {
		rc = lca_error_set(&ctx->err, LCA_EUSAGE, "--format",
				   "unknown format '%s' (expected %s)",
				   e.format, lca_renderer_names());
		goto done;
	}
	if (e.job_file) {
		rc = lca_job_load_file(&e.job, e.job_file, &ctx->err);
		if (rc)
			goto done;
	}
	rc = cli_catalog(ctx);
	if (!rc && e.prof.ref)
		rc = cli_profile_apply(ctx, &e.prof, &e.job, &fp);
	else if (!rc)
		rc = lca_compute(ctx->cat, &e.job, &fp, &ctx->err);
	if (!rc && e.uncertainty) {
		unc = malloc(sizeof(*unc));
		rc = unc ? lca_uncertainty_run(&fp, e.samples, e.seed, unc,
					       &ctx->err)
			 : lca_error_set(&ctx->err, LCA_ENOMEM, "--uncertainty",
					 "out of memory");
	}
	if (!rc)
		rc = r->render(&fp, unc, &out, &ctx->err);
	if (!rc)
		rc = cli_write(&out, &ctx->err);
done:
	free(unc);
	lca_buf_release(&out);
	lca_footprint_release(&fp);
	lca_job_release(&e.job);
	return rc;
}
