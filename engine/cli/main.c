/* SPDX-License-Identifier: MIT */
/* main.c: the lca command-line front end: global options and the command table.
 */
#include <stdio.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <string.h>

#include "cli.h"
#include "../banned.h"

static int cmd_help(cli_ctx *ctx, int argc, char **argv);
static int cmd_version(cli_ctx *ctx, int argc, char **argv);

static const cli_command commands[] = {
    {"estimate", cmd_estimate,
     "predict device-hours, energy and lifecycle CO2e of a job before it runs"},
    {"catalog", cmd_catalog,
     "list, show, add or import reference data (accelerators, regions, PUE)"},
    {"grid", cmd_grid, "list, show or import hourly grid-intensity series"},
    {"plan", cmd_plan,
     "rank regions and start times for a job, or size it to a CO2e budget"},
    {"report", cmd_report,
     "render a footprint as a BLOOM-style report (text, md, json, csv, html)"},
    {"audit", cmd_audit,
     "recompute published footprint claims and say where they diverge"},
    {"track", cmd_track, "run a command and account the energy it really drew"},
    {"ingest", cmd_ingest,
     "read nvidia-smi, CodeCarbon, Slurm or generic energy logs"},
    {"runs", cmd_runs, "list, show or remove measured runs in the ledger"},
    {"sensors", cmd_sensors, "list the energy sensors lca track can read"},
    {"ledger", cmd_ledger,
     "flush spooled runs; copy runs between ledgers (SQLite, "
     "PostgreSQL)"},
    {"slurm", cmd_slurm,
     "Slurm Prolog/Epilog hooks: account each job's energy per node"},
    {"serve", cmd_serve,
     "the calculator, the runs dashboard and an HTTP API (libmicrohttpd)"},
    {"help", cmd_help, "show help for lca or a command"},
    {"version", cmd_version, "print the lca version"},
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *fp)
{
	size_t i;

	fprintf(fp, "usage: lca [--catalog PATH] [--datasets DIR] <command> "
		    "[options]\n\ncommands:\n");
	for (i = 0; i < NCOMMANDS; i++)
		fprintf(fp, "  %-10s %s\n", commands[i].name,
			commands[i].summary);
	fprintf(fp,
		"\nglobal options:\n"
		"  --catalog PATH   catalog database (default $LCA_CATALOG, "
		"else ~/.local/share/lca/catalog.db)\n"
		"  --datasets DIR   reference data folder (default "
		"$LCA_DATASETS, else the shipped datasets/)\n"
		"\nexit codes: 0 ok, 1 data or runtime error, 2 usage error\n"
		"run 'lca <command> --help' for a command's options\n");
}

static int cmd_help(cli_ctx *ctx, int argc, char **argv)
{
	size_t i;
	char *help[] = {NULL, "--help", NULL};

	if (argc < 2) {
		usage(stdout);
		return 0;
	}
	for (i = 0; i < NCOMMANDS; i++)
		if (!strcmp(commands[i].name, argv[1])) {
			help[0] = argv[1];
			return commands[i].fn(ctx, 2, help);
		}
	return lca_error_set(&ctx->err, LCA_EUSAGE, "help",
			     "unknown command '%s'", argv[1]);
}

static int cmd_version(cli_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	(void)argc;
	(void)argv;
	printf("lca %s\n", LCA_VERSION);
	return 0;
}

int cli_catalog(cli_ctx *ctx)
{
	int rc;

	if (ctx->cat)
		return 0;
	rc = lca_catalog_open(&ctx->cat, ctx->catalog_path, ctx->datasets_dir,
			      &ctx->err);
	if (!rc && *lca_catalog_notice(ctx->cat))
		fprintf(stderr, "lca: %s\n", lca_catalog_notice(ctx->cat));
	return rc;
}

/*
 * A command runs once and exits: memory it frees is better kept for its
 * next allocation than returned to the kernel and asked for again, since
 * every fresh page is a page fault (about 14 us each on a virtual machine,
 * measured: more than the work of most commands).  glibc trims the heap's
 * top above 128 KiB and serves blocks above 128 KiB from mmap by default;
 * SQLite's temporary tables (a page cache each) and lca plan's buffers
 * went back and forth.  Not for lca serve, which runs for long.
 */
static void keep_heap(const char *cmd)
{
#ifdef __GLIBC__
	if (strcmp(cmd, "serve")) {
		mallopt(M_TRIM_THRESHOLD, 512 << 20);
		mallopt(M_MMAP_THRESHOLD, 32 << 20);
	}
#else
	(void)cmd;
#endif
}

int main(int argc, char **argv)
{
	cli_ctx ctx;
	int i = 1, rc = LCA_EUSAGE;
	size_t c;

	memset(&ctx, 0, sizeof(ctx));
	/* Global options come before the command. */
	while (i < argc && argv[i][0] == '-') {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return 0;
		}
		if (!strcmp(a, "--version")) {
			printf("lca %s\n", LCA_VERSION);
			return 0;
		}
		if ((!strcmp(a, "--catalog") || !strcmp(a, "--datasets")) &&
		    i + 1 < argc) {
			if (a[2] == 'c')
				ctx.catalog_path = argv[i + 1];
			else
				ctx.datasets_dir = argv[i + 1];
			i += 2;
			continue;
		}
		lca_error_set(&ctx.err, LCA_EUSAGE, a,
			      "unknown or incomplete global option '%s'", a);
		lca_error_print(&ctx.err, stderr);
		return 2;
	}
	if (i >= argc) {
		usage(stderr);
		return 2;
	}
	keep_heap(argv[i]);
	/* The site's configuration: its db, catalog, ... lines become the
	 * environment's defaults.  A broken file stops every command but
	 * the Slurm hooks, which must never fail a job (they log it). */
	ctx.config_rc = lca_config_load(&ctx.config, NULL, &ctx.config_err);
	if (ctx.config_rc && strcmp(argv[i], "slurm")) {
		lca_error_print(&ctx.config_err, stderr);
		return lca_exit_code(ctx.config_rc);
	}
	lca_config_export(ctx.config);
	for (c = 0; c < NCOMMANDS; c++) {
		if (strcmp(commands[c].name, argv[i]))
			continue;
		rc = commands[c].fn(&ctx, argc - i, argv + i);
		break;
	}
	if (c == NCOMMANDS) {
		const char *sug = NULL;
		char where[64];
		int best = 1 << 30;
		for (c = 0; c < NCOMMANDS; c++) {
			int d = lca_suggest_score(argv[i], commands[c].name);
			if (d >= 0 && d < best) {
				best = d;
				sug = commands[c].name;
			}
		}
		if (sug)
			snprintf(where, sizeof(where), "did you mean 'lca %s'?",
				 sug);
		rc = lca_error_set(&ctx.err, LCA_EUSAGE,
				   sug ? where : "run 'lca help'",
				   "unknown command '%s'", argv[i]);
	}
	if (rc) {
		cli_error_flags(&ctx.err);
		lca_error_print(&ctx.err, stderr);
		rc = lca_exit_code(rc);
	}
	lca_catalog_free(ctx.cat);
	lca_config_free(ctx.config);
	if (fflush(stdout) && !rc) {
		fprintf(stderr, "lca: cannot write output (stdout)\n");
		rc = 1;
	}
	return rc;
}
