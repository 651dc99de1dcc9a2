/* SPDX-License-Identifier: MIT */
/* cmd_ledger.c: lca ledger flush, runs spooled when the ledger could not
 * take them (lca track behind a held lock, a full disk) moved into it;
 * lca ledger copy, runs moved between stores (SQLite, PostgreSQL). */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "../banned.h"

enum { OPT_DB, OPT_FROM, OPT_TO, OPT_HELP };

typedef struct ledger_cmd {
	const char *db, *sub, *from, *to;
	int help;
} ledger_cmd;

static const cli_opt opts[] = {
    {"db", 1, "ledger: a SQLite file or postgresql://... (default $LCA_DB)"},
    {"from", 1, "copy: the ledger the runs come from"},
    {"to", 1, "copy: the ledger they go to (default $LCA_DB)"},
    {"help", 0, "show this help"},
    {NULL, 0, NULL},
};

static int on_opt(void *ud, const cli_opt *o, const char *value, lca_error *err)
{
	ledger_cmd *c = ud;

	(void)err;
	if (o - opts == OPT_DB)
		c->db = value;
	else if (o - opts == OPT_FROM)
		c->from = value;
	else if (o - opts == OPT_TO)
		c->to = value;
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

/* lca ledger copy --from A --to B */
static int ledger_copy(cli_ctx *ctx, const ledger_cmd *c)
{
	lca_ledger *from = NULL, *to = NULL;
	const char *dst = c->to ? c->to : c->db;
	int rc, counts[3];

	if (!c->from || !*c->from)
		return lca_error_set(&ctx->err, LCA_EUSAGE, "lca ledger copy",
				     "missing --from LEDGER");
	rc = cli_ledger(ctx, c->from, &from);
	if (!rc)
		rc = cli_ledger(ctx, dst, &to);
	if (!rc && !strcmp(lca_ledger_path(from), lca_ledger_path(to)))
		rc = lca_error_set(&ctx->err, LCA_EUSAGE, "lca ledger copy",
				   "--from and --to are the same ledger '%s'",
				   lca_ledger_path(to));
	if (!rc)
		rc = lca_ledger_copy(from, to, counts, &ctx->err);
	if (!rc)
		printf("copied %d runs from %s to %s (%d already there, %d "
		       "updated)\n",
		       counts[LCA_PUT_NEW], lca_ledger_path(from),
		       lca_ledger_path(to), counts[LCA_PUT_SAME],
		       counts[LCA_PUT_UPDATED]);
	lca_ledger_free(from);
	lca_ledger_free(to);
	return rc;
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
		printf("usage: lca ledger flush [--db PATH]\n"
		       "       lca ledger copy --from LEDGER [--to LEDGER]\n\n"
		       "copy moves every run of one ledger into another (a "
		       "SQLite file or\npostgresql://USER@HOST:PORT/DB) by "
		       "its stable key: copying again adds\nnothing.\n\n"
		       "flush records the "
		       "runs lca track spooled when the ledger could not "
		       "take them\n(its lock held, a full disk), from %s.  "
		       "A run is held once however often\nit is flushed; the "
		       "next lca track or ingest flushes too.\n\noptions:\n",
		       dir);
		cli_print_opts(stdout, opts);
		return 0;
	}
	if (c.sub && !strcmp(c.sub, "copy"))
		return ledger_copy(ctx, &c);
	if (!c.sub || strcmp(c.sub, "flush"))
		return lca_error_set(&ctx->err, LCA_EUSAGE, "lca ledger",
				     "unknown or missing subcommand '%s' "
				     "(expected flush or copy)",
				     c.sub ? c.sub : "");
	rc = cli_ledger(ctx, c.db, &l);
	if (!rc)
		rc = cli_ledger_flush(ctx, l, 0);
	lca_ledger_free(l);
	return rc;
}
