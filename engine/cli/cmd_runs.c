/* SPDX-License-Identifier: MIT */
/* cmd_runs.c: lca runs, list, show and remove measured runs in the ledger. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "lca/door.h"
#include "lca/series.h"
#include "../banned.h"

enum {
	OPT_FORMAT,
	OPT_DB,
	OPT_GROUP_BY,
	OPT_SINCE,
	OPT_UNTIL,
	OPT_HELP,
	OPT__COUNT
};

typedef struct runs_cmd {
	const char *format, *db;
	const char *args[3];
	lca_runs_query q;
	int nargs, help;
	lca_ledger *l;
	lca_buf out;
} runs_cmd;

static const cli_opt opts[] = {
    {"format", 1, "text (default), json, csv, md or html"},
    {"db", 1, "ledger: a SQLite file or postgresql://... (default $LCA_DB)"},
    {"group-by", 1,
     "total the runs per user, account, partition (their tags of that "
     "name), day or month (UTC, of the start)"},
    {"since", 1, "only runs that started at or after this ISO 8601 time"},
    {"until", 1, "only runs that started before this ISO 8601 time"},
    {"help", 0, "show this help"},
    {NULL, 0, NULL},
};

static int on_opt(void *ud, const cli_opt *o, const char *value, lca_error *err)
{
	runs_cmd *c = ud;
	long long t;

	if (o == &opts[OPT_FORMAT]) {
		c->format = value;
	} else if (o == &opts[OPT_DB]) {
		c->db = value;
	} else if (o == &opts[OPT_GROUP_BY]) {
		c->q.group_by = value;
	} else if (o == &opts[OPT_SINCE] || o == &opts[OPT_UNTIL]) {
		if (lca_time_parse(value, &t))
			return lca_error_set(err, LCA_EUSAGE,
					     o == &opts[OPT_SINCE] ? "--since"
								   : "--until",
					     "not an ISO 8601 time '%s' "
					     "(e.g. 2024-05-01 or "
					     "2024-05-01T12:00Z)",
					     value);
		if (o == &opts[OPT_SINCE]) {
			c->q.since = (double)t;
			c->q.has_since = 1;
		} else {
			c->q.until = (double)t;
			c->q.has_until = 1;
		}
	} else {
		c->help = 1;
	}
	return 0;
}

static int on_arg(void *ud, const char *arg, lca_error *err)
{
	runs_cmd *c = ud;

	if (c->nargs == 2)
		return lca_error_set(err, LCA_EUSAGE, "lca runs",
				     "unexpected argument '%s'", arg);
	c->args[c->nargs++] = arg;
	return 0;
}

static int parse_id(cli_ctx *ctx, const char *s, long long *id)
{
	char *end;

	*id = strtoll(s, &end, 10);
	if (!*s || *end || *id <= 0)
		return lca_error_set(&ctx->err, LCA_EUSAGE, "lca runs",
				     "not a run id '%s'", s);
	return 0;
}

int cmd_runs(cli_ctx *ctx, int argc, char **argv)
{
	static const lca_runs_query q0 = LCA_RUNS_QUERY_INIT;
	static runs_cmd c;
	long long id = 0;
	int rc;

	memset(&c, 0, sizeof(c));
	c.format = "text";
	c.q = q0;
	rc = cli_parse(argc, argv, opts, on_opt, on_arg, &c, &ctx->err);
	if (rc)
		goto done;
	if (c.help) {
		printf("usage: lca runs [--format text|json|csv|md|html] "
		       "[--db PATH]\n"
		       "                [--group-by user|account|partition|day|"
		       "month]\n"
		       "                [--since TIME] [--until TIME]\n"
		       "       lca runs show ID [--format text|json]\n"
		       "       lca runs rm ID\n\noptions:\n");
		cli_print_opts(stdout, opts);
		goto done;
	}
	if (c.nargs && strcmp(c.args[0], "show") && strcmp(c.args[0], "rm") &&
	    strcmp(c.args[0], "list")) {
		rc = lca_error_set(&ctx->err, LCA_EUSAGE, "lca runs",
				   "unknown subcommand '%s' (list, show, rm)",
				   c.args[0]);
		goto done;
	}
	if (c.nargs && strcmp(c.args[0], "list")) {
		if (c.nargs < 2) {
			rc =
			    lca_error_set(&ctx->err, LCA_EUSAGE, "lca runs",
					  "missing run id for '%s'", c.args[0]);
			goto done;
		}
		rc = parse_id(ctx, c.args[1], &id);
		if (rc)
			goto done;
	}
	rc = cli_ledger(ctx, c.db, &c.l);
	if (rc)
		goto done;
	if (c.nargs && !strcmp(c.args[0], "rm")) {
		rc = lca_ledger_rm_run(c.l, id, &ctx->err);
		if (!rc)
			printf("removed run %lld\n", id);
		goto done;
	}
	if (c.nargs && !strcmp(c.args[0], "show"))
		rc = lca_run_render(c.l, id, c.format, &c.out, &ctx->err);
	else
		rc = lca_runs_render(c.l, &c.q, c.format, &c.out, &ctx->err);
	if (!rc)
		rc = cli_write(&c.out, &ctx->err);
done:
	lca_buf_release(&c.out);
	lca_ledger_free(c.l);
	return rc;
}
