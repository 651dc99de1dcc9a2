/* SPDX-License-Identifier: MIT */
/* cmd_report.c: lca report (placeholder while it is written). */
#include "cli.h"

int cmd_report(cli_ctx *ctx, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return lca_error_set(&ctx->err, LCA_EUSAGE, "report", "not yet");
}
