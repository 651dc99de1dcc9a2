/* SPDX-License-Identifier: MIT */
/* cmd_ledger.c: lca ledger flush, runs spooled when the ledger could not
 * take them (lca track behind a held lock, a full disk) moved into it. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "../banned.h"

enum { OPT_DB, OPT_HELP };

typedef struct ledger_cmd {
	const char *db, *sub;
	int help;
} ledger_cmd;

static const cli_opt opts[] = {
    {"db", 1, "ledger database (default $LCA_DB)"},
    {"help", 0, "show this help"},
    {NULL, 0, NULL},
};

static int on_opt(void *ud, const cli_opt *o, const char *value, lca_error *err)
{
	ledger_cmd *c = ud;

	(void)err;
	if (o - opts == OPT_DB)
		c->db = value;
	else
		c->help = 1;
	return 0;
}

static int on_arg(void *ud, const char *arg, lca_error *err)
{
	ledger_cmd *c = ud;

	if (c->sub)
		return lca_error_set(err, LCA_EUSAGE, "lca ledger",
				     "unexpected argument '%s'", arg);
	c->sub = arg;
	return 0;
}

int cli_ledger_flush(cli_ctx *ctx, lca_ledger *l, int quiet)
{
	char dir[1024];
	int moved = 0, rc;
	lca_error e;

	rc = lca_ledger_flush(l, &moved, &e);
	if (rc && quiet) {
		lca_ledger_spool_dir(dir, sizeof(dir));
		fprintf(stderr,
			"lca: spooled runs stay in '%s' (%s); lca ledger "
			"flush records them later\n",
			dir, e.message);
		return 0;
	}
	if (rc) {
		ctx->err = e;
		return rc;
	}
	if (moved || !quiet)
		fprintf(stderr, "lca: recorded %d spooled run%s in %s\n", moved,
			moved == 1 ? "" : "s", lca_ledger_path(l));
	return 0;
}

int cmd_ledger(cli_ctx *ctx, int argc, char **argv)
{
	ledger_cmd c;
	lca_ledger *l = NULL;
	char dir[1024];
	int rc;

	memset(&c, 0, sizeof(c));
	rc = cli_parse(argc, argv, opts, on_opt, on_arg, &c, &ctx->err);
	if (rc)
		return rc;
	if (c.help) {
		lca_ledger_spool_dir(dir, sizeof(dir));
		printf("usage: lca ledger flush [--db PATH]\n\nRecords the "
		       "runs lca track spooled when the ledger could not "
		       "take them\n(its lock held, a full disk), from %s.  "
		       "A run is held once however often\nit is flushed; the "
		       "next lca track or ingest flushes too.\n\noptions:\n",
		       dir);
		cli_print_opts(stdout, opts);
		return 0;
	}
	if (!c.sub || strcmp(c.sub, "flush"))
		return lca_error_set(&ctx->err, LCA_EUSAGE, "lca ledger",
				     "unknown or missing subcommand '%s' "
				     "(expected flush)",
				     c.sub ? c.sub : "");
	rc = cli_ledger(ctx, c.db, &l);
	if (!rc)
		rc = cli_ledger_flush(ctx, l, 0);
	lca_ledger_free(l);
	return rc;
}
