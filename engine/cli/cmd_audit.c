/* SPDX-License-Identifier: MIT */
/* cmd_audit.c: lca audit, published footprint claims recomputed by the
 * engine. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "lca/audit.h"
#include "lca/door.h"
#include "../banned.h"

enum { OPT_CLAIM, OPT_ALL, OPT_FORMAT, OPT_HELP };

static const cli_opt opts[] = {
    {"claim", 1, "a claim file (JSON, the fields of published_claims.json)"},
    {"all", 0, "audit every claim in datasets/claims/published_claims.json"},
    {"format", 1, "text (default), json, or a table: md, csv or html"},
    {"help", 0, "show this help"},
    {NULL, 0, NULL},
};

typedef struct aud {
	const char *claim_file;
	const char *format;
	int all, help;
	char **ids;
	int nids;
} aud;

static int on_opt(void *ud, const cli_opt *o, const char *value, lca_error *err)
{
	aud *a = ud;

	(void)err;
	switch (o - opts) {
	case OPT_CLAIM:
		a->claim_file = value;
		break;
	case OPT_ALL:
		a->all = 1;
		break;
	case OPT_FORMAT:
		a->format = value;
		break;
	default:
		a->help = 1;
	}
	return 0;
}

static int on_arg(void *ud, const char *arg, lca_error *err)
{
	aud *a = ud;

	(void)err;
	a->ids[a->nids++] = (char *)arg;
	return 0;
}

static void help(void)
{
	printf("usage: lca audit ID... | --claim FILE.json | --all "
	       "[--format text|json|md|csv|html]\n\n"
	       "Recomputes published footprint claims through the same "
	       "engine as lca estimate,\nfrom only what each claim states, "
	       "and says where it diverges.  Verdict:\nconsistent when "
	       "claimed / recomputed is within %.0f%% of 1 (published "
	       "figures\ncarry 2-3 significant digits), inconsistent, or "
	       "insufficient inputs.\nOne input left out (grid, PUE, power, "
	       "grid x PUE) is implied from the claimed\nCO2e and judged "
	       "against the catalog's plausible range; several, by the "
	       "Monte\nCarlo's 90%% range (wider than %.0fx: insufficient).\n"
	       "\noptions:\n",
	       100 * LCA_AUDIT_TOLERANCE, LCA_AUDIT_RANGE_MAX);
	cli_print_opts(stdout, opts);
	printf("\nexamples: lca audit luccioni-t4-gpt3\n"
	       "          lca audit --all --format md\n");
}

int cmd_audit(cli_ctx *ctx, int argc, char **argv)
{
	lca_audit_query q = LCA_AUDIT_QUERY_INIT;
	lca_buf out = {0};
	aud a;
	int rc;

	memset(&a, 0, sizeof(a));
	a.format = "text";
	a.ids = calloc((size_t)argc + 1, sizeof(char *));
	if (!a.ids)
		return lca_error_set(&ctx->err, LCA_ENOMEM, "audit",
				     "out of memory");
	rc = cli_parse(argc, argv, opts, on_opt, on_arg, &a, &ctx->err);
	if (rc)
		goto done;
	if (a.help) {
		help();
		goto done;
	}
	/* the library names the formats it renders */
	if (!lca_audit_format_known(a.format)) {
		rc = lca_audit_render(&out, a.format, NULL, NULL, 0, &ctx->err);
		goto done;
	}
	if ((a.claim_file != NULL) + (a.all != 0) + (a.nids > 0) != 1) {
		rc = lca_error_set(&ctx->err, LCA_EUSAGE, "lca audit",
				   "give claim ids, --claim FILE or --all "
				   "(exactly one)");
		goto done;
	}
	rc = cli_catalog(ctx);
	if (rc)
		goto done;
	q.claims_file = a.claim_file;
	q.ids = (const char *const *)a.ids;
	q.nids = a.nids;
	q.all = a.all;
	rc = lca_audit_query_render(ctx->cat, &q, a.format, &out, &ctx->err);
	if (!rc)
		rc = cli_write(&out, &ctx->err);
done:
	lca_buf_release(&out);
	free(a.ids);
	return rc;
}
