/* SPDX-License-Identifier: MIT */
/* cmd_track.c: lca track -- CMD, run a command, measure what it drew, and
 * record it in the ledger. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "../banned.h"

enum { OPT_INTERVAL, OPT_FORMAT, OPT_NAME, OPT_TAG, OPT_OWN };

typedef struct track_cmd {
	cli_site_cmd b; /* first: db, help, the site options */
	double interval;
	const char *format, *name;
	lca_run_tag tags[LCA_RUN_MAX_TAGS];
	int ntags;
} track_cmd;

static int on_opt(void *ud, const cli_opt *o, const char *value, lca_error *err)
{
	track_cmd *c = ud;

	switch ((int)(o - c->b.opts)) {
	case OPT_INTERVAL:
		if (lca_parse_number(value, &c->interval) ||
		    !(c->interval >= 0.01 && c->interval <= 3600))
			return lca_error_set(err, LCA_EUSAGE, "--interval",
					     "not a number of seconds in "
					     "[0.01, 3600] '%s'",
					     value);
		return 0;
	case OPT_FORMAT:
		c->format = value;
		return 0;
	case OPT_NAME:
		if (!*value || strlen(value) > 255)
			return lca_error_set(err, LCA_EUSAGE, "--name",
					     "a run name takes 1 to 255 "
					     "characters '%.40s'",
					     value);
		c->name = value;
		return 0;
	default:
		return lca_run_tag_parse(c->tags, &c->ntags, value, "--tag",
					 err);
	}
}

int cmd_track(cli_ctx *ctx, int argc, char **argv)
{
	static const cli_opt own[OPT_OWN] = {
	    [OPT_INTERVAL] = {"interval", 1,
			      "seconds between samples (default 1)"},
	    [OPT_FORMAT] = {"format", 1,
			    "footprint as text (default), json or csv"},
	    [OPT_NAME] = {"name", 1,
			  "the run's name in the ledger (default: the command "
			  "line)"},
	    [OPT_TAG] = {"tag", 1,
			 "KEY=VALUE label, repeatable; --tag project=X groups "
			 "runs by project"}};
	static track_cmd c;
	static lca_run r;
	lca_ledger *l = NULL;
	lca_footprint fp;
	lca_buf out = {0};
	const lca_renderer *rend;
	lca_track_opts o;
	int rc, sep, status = 0, ran = 0;
	lca_error ledger_err;

	memset(&c, 0, sizeof(c));
	memset(&o, 0, sizeof(o));
	lca_footprint_init(&fp);
	c.interval = 1;
	c.format = "text";
	cli_site_init(&c.b, own, OPT_OWN, "ledger database (default $LCA_DB)",
		      on_opt);
	rc = cli_site_load_defaults(ctx, &c.b);
	if (rc)
		goto done;
	/* Options end at "--": everything after is the command. */
	for (sep = 1; sep < argc && strcmp(argv[sep], "--"); sep++)
		;
	rc = cli_site_parse(&c.b, sep, argv, NULL, &ctx->err);
	if (rc)
		goto done;
	if (c.b.help) {
		printf("usage: lca track [options] -- CMD [ARGS...]\n\n"
		       "Runs CMD, samples energy every --interval seconds "
		       "(RAPL, NVML, amdgpu hwmon;\nelse a CPU-time model), "
		       "prints the footprint, records the run in the ledger\n"
		       "and exits with CMD's status.\n\n"
		       "With --start run (or --start TIME, ISO 8601), "
		       "operational CO2e takes --region's\nhourly grid "
		       "series over the run's hours, each hour weighted by "
		       "the energy\nmeasured in it; outside the series the "
		       "nearest year's same hours, else the\nyearly figure, "
		       "as the assumptions say.\n\noptions:\n");
		cli_print_opts(stdout, c.b.opts);
		goto done;
	}
	if (sep + 1 >= argc) {
		rc = lca_error_set(&ctx->err, LCA_EUSAGE, "lca track",
				   "missing command: lca track [options] -- "
				   "CMD [ARGS...]%s",
				   "");
		goto done;
	}
	if (lca_track_joins_step()) {
		/* another task of this Slurm step measures this node */
		execvp(argv[sep + 1], argv + sep + 1);
		rc = lca_error_set(&ctx->err, LCA_EIO, argv[sep + 1],
				   "cannot run command: %s", strerror(errno));
		goto done;
	}
	rend = lca_renderer_find(c.format);
	if (!rend) {
		rc = lca_error_set(&ctx->err, LCA_EUSAGE, "--format",
				   "unknown format '%s' (expected %s)",
				   c.format, lca_renderer_names());
		goto done;
	}
	rc = cli_catalog(ctx);
	if (rc)
		goto done;
	/* a ledger that cannot be opened (a full disk) does not stop the
	 * command: its run goes to the spool */
	if (cli_ledger(ctx, c.b.db, &l)) {
		ledger_err = ctx->err;
		o.ledger_error = &ledger_err;
	}
	o.argv = argv + sep + 1;
	o.interval_s = c.interval;
	o.ledger = l;
	o.cat = ctx->cat;
	o.site = &c.b.site;
	o.log = stderr;
	o.name = c.name;
	o.tags = c.tags;
	o.ntags = c.ntags;
	rc = lca_track(&o, &r, &fp, &status, &ctx->err);
	if (rc)
		goto done;
	ran = 1;
	rc = rend->render(&fp, NULL, &out, &ctx->err);
	if (!rc)
		rc = cli_write(&out, &ctx->err);
	if (!rc && r.id && l)
		fprintf(stderr, "lca: recorded run %lld in %s\n", r.id,
			lca_ledger_path(l));
	/* the command ran: its status wins over any error of lca's own
	 * output (said on stderr by main) */
	if (rc && ran) {
		cli_error_flags(&ctx->err);
		lca_error_print(&ctx->err, stderr);
		rc = 0;
	}
done:
	lca_buf_release(&out);
	lca_footprint_release(&fp);
	lca_run_release(&r);
	lca_ledger_free(l);
	cli_site_release(&c.b);
	if (rc) {
		/* The error is printed by main; exit with the command's
		 * status when it failed, else 1. */
		return rc;
	}
	if (status) {
		fflush(stdout);
		lca_catalog_free(ctx->cat);
		ctx->cat = NULL;
		exit(status);
	}
	return 0;
}
