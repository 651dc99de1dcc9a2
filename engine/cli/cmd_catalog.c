/* SPDX-License-Identifier: MIT */
/* cmd_catalog.c: lca catalog list|show|add|import|build|path. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "../banned.h"

#define MAX_KV 32

typedef struct cat_args {
	const char *args[4];
	int nargs;
	const char *format;
	const char *keys[MAX_KV];
	const char *values[MAX_KV];
	int nkv;
	int help;
} cat_args;

static const cli_opt catalog_opts[] = {
    {"format", 1, "list output: text (default), csv, json, md or html"},
    {"name", 1, "add: the name of the new row"},
    {"tdp", 1, "add gpu: thermal design power, W"},
    {"bf16-tflops", 1, "add gpu: dense BF16 peak, TFLOP/s"},
    {"fp8-tflops", 1, "add gpu: dense FP8 peak, TFLOP/s"},
    {"memory-gb", 1, "add gpu: memory, GB"},
    {"die-mm2", 1, "add gpu: die area, mm2"},
    {"process-nm", 1, "add gpu: process node, nm"},
    {"vendor", 1, "add gpu: vendor"},
    {"aliases", 1, "add gpu: other names, ';'-separated"},
    {"grid", 1, "add region: grid intensity, gCO2e/kWh"},
    {"pue", 1, "add region or pue: power usage effectiveness"},
    {"year", 1, "add region or pue: year of the figure"},
    {"country", 1, "add region: ISO country code"},
    {"method", 1, "add region: lifecycle or direct"},
    {"source", 1, "add: where the figures come from"},
    {"replace", 0,
     "add gpu: let --name or --aliases take over a built-in "
     "name"},
    {"help", 0, "show this help"},
    {NULL, 0, NULL},
};

static int on_opt(void *ud, const cli_opt *o, const char *value, lca_error *err)
{
	cat_args *a = ud;

	if (!strcmp(o->name, "help")) {
		a->help = 1;
		return 0;
	}
	if (!strcmp(o->name, "format")) {
		a->format = value;
		return 0;
	}
	if (a->nkv >= MAX_KV)
		return lca_error_set(err, LCA_EUSAGE, o->name,
				     "too many options");
	a->keys[a->nkv] = o->name;
	a->values[a->nkv++] = value ? value : "1"; /* a flag: present */
	return 0;
}

static int on_arg(void *ud, const char *arg, lca_error *err)
{
	cat_args *a = ud;

	if (a->nargs >= 4)
		return lca_error_set(err, LCA_EUSAGE, "lca catalog",
				     "unexpected argument '%s'", arg);
	a->args[a->nargs++] = arg;
	return 0;
}

static void help(void)
{
	printf("usage:\n"
	       "  lca catalog list gpus|regions|pue|cpus [--format "
	       "text|csv|json|md|html]\n"
	       "  lca catalog show NAME          an accelerator or a region, "
	       "with sources\n"
	       "  lca catalog add gpu --name N --tdp W [--bf16-tflops T ...]\n"
	       "  lca catalog add region --name N --grid G [--pue P --year Y]\n"
	       "  lca catalog add pue --name N --pue P\n"
	       "  lca catalog import gpu|region|pue FILE.csv   (columns: the "
	       "option names)\n"
	       "  lca catalog build              rebuild from datasets/ (your "
	       "rows stay)\n"
	       "  lca catalog path               where the database and "
	       "datasets are\n\n"
	       "options:\n");
	cli_print_opts(stdout, catalog_opts);
}

static int list(cli_ctx *ctx, const char *what, const char *format)
{
	lca_buf out = {0};
	int rc =
	    lca_catalog_list_render(ctx->cat, what, format, &out, &ctx->err);

	if (!rc)
		rc = cli_write(&out, &ctx->err);
	lca_buf_release(&out);
	return rc;
}

static int show(cli_ctx *ctx, const char *name)
{
	lca_accel a;
	lca_region r;
	lca_resolution how;
	lca_error e1, e2;
	int rc;

	rc = lca_catalog_accel(ctx->cat, name, "lca catalog show", &a, &how,
			       &e1);
	if (rc == LCA_EDB) {
		ctx->err = e1;
		return rc;
	}
	if (!rc) {
		printf("accelerator  %s\nname         %s\nvendor       %s\n"
		       "family       %s%s\n",
		       a.id, a.name, a.vendor, a.family,
		       how.via_family
			   ? " (this is the family's default variant)"
			   : "");
		printf("tdp          %g W\n", a.tdp_w);
		printf(
		    "peak dense   bf16 %g, fp16 %g, fp8 %g, tf32 %g, fp32 %g "
		    "TFLOP/s\n",
		    a.bf16_tflops, a.fp16_tflops, a.fp8_tflops, a.tf32_tflops,
		    a.fp32_tflops);
		printf("memory       %g GB\ndie          %g mm2, %g nm\n",
		       a.memory_gb, a.die_mm2, a.process_nm);
		printf("origin       %s\nsource       %s\n",
		       a.user ? "user" : "dataset", a.source);
		return 0;
	}
	rc = lca_catalog_region(ctx->cat, name, "lca catalog show", &r, &e2);
	if (rc == LCA_EDB) {
		ctx->err = e2;
		return rc;
	}
	if (!rc) {
		printf("region       %s\nname         %s\nkind         %s\n",
		       r.key, r.name, r.kind);
		if (r.provider[0])
			printf("provider     %s\n", r.provider);
		if (r.zone[0])
			printf("grid zone    %s\n", r.zone);
		printf("intensity    %g gCO2e/kWh (%s%s%d)\n", r.gco2_per_kwh,
		       r.method, r.method[0] ? ", " : "", r.year);
		if (!isnan(r.pue))
			printf("pue          %g\n", r.pue);
		printf("source       %s\n", r.source);
		return 0;
	}
	/* Neither: report the accelerator miss, which carries a suggestion. */
	lca_error_set_field(&ctx->err, e1.code, e1.field, e1.where,
			    "unknown accelerator or "
			    "region '%s'",
			    name);
	return e1.code;
}

int cmd_catalog(cli_ctx *ctx, int argc, char **argv)
{
	cat_args a;
	const char *sub;
	int rc;

	memset(&a, 0, sizeof(a));
	a.format = "text";
	rc = cli_parse(argc, argv, catalog_opts, on_opt, on_arg, &a, &ctx->err);
	if (rc)
		return rc;
	if (a.help || a.nargs == 0) {
		help();
		return a.help
			   ? 0
			   : lca_error_set(&ctx->err, LCA_EUSAGE, "lca catalog",
					   "missing subcommand");
	}
	sub = a.args[0];
	if (!strcmp(sub, "build")) {
		struct timespec t0, t1;
		int told;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		rc = cli_catalog(ctx);
		told = rc || *lca_catalog_notice(ctx->cat);
		if (!rc)
			rc = lca_catalog_rebuild(ctx->cat, &ctx->err);
		if (!rc && !told && *lca_catalog_notice(ctx->cat))
			fprintf(stderr, "lca: %s\n",
				lca_catalog_notice(ctx->cat));
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (!rc)
			printf("catalog %s built from %s in %.0f ms (version "
			       "%s)\n",
			       lca_catalog_path(ctx->cat),
			       lca_catalog_datasets(ctx->cat),
			       (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
				   (double)(t1.tv_nsec - t0.tv_nsec) / 1e6,
			       lca_catalog_version(ctx->cat));
		return rc;
	}
	rc = cli_catalog(ctx);
	if (rc)
		return rc;
	if (!strcmp(sub, "path")) {
		printf("database  %s\ndatasets  %s\nversion   %s\n",
		       lca_catalog_path(ctx->cat),
		       lca_catalog_datasets(ctx->cat),
		       lca_catalog_version(ctx->cat));
		return 0;
	}
	if (!strcmp(sub, "list")) {
		if (a.nargs != 2)
			return lca_error_set(
			    &ctx->err, LCA_EUSAGE, "lca catalog list",
			    "name one list: gpus, regions, pue "
			    "or cpus");
		return list(ctx, a.args[1], a.format);
	}
	if (!strcmp(sub, "show")) {
		if (a.nargs != 2)
			return lca_error_set(&ctx->err, LCA_EUSAGE,
					     "lca catalog show",
					     "name one accelerator or region");
		return show(ctx, a.args[1]);
	}
	if (!strcmp(sub, "add")) {
		if (a.nargs != 2)
			return lca_error_set(
			    &ctx->err, LCA_EUSAGE, "lca catalog add",
			    "name the kind: gpu, region or pue");
		rc = lca_catalog_add(ctx->cat, a.args[1], a.keys, a.values,
				     a.nkv, &ctx->err);
		if (!rc) {
			const char *name = "";
			int i;
			for (i = 0; i < a.nkv; i++)
				if (!strcmp(a.keys[i], "name"))
					name = a.values[i];
			printf("added %s '%s' to %s\n", a.args[1], name,
			       lca_catalog_path(ctx->cat));
		}
		return rc;
	}
	if (!strcmp(sub, "import")) {
		int rows = 0;
		if (a.nargs != 3)
			return lca_error_set(&ctx->err, LCA_EUSAGE,
					     "lca catalog import",
					     "usage: lca catalog import "
					     "gpu|region|pue FILE.csv");
		rc = lca_catalog_import(ctx->cat, a.args[1], a.args[2], &rows,
					&ctx->err);
		if (!rc)
			printf("imported %d %s row%s from %s\n", rows,
			       a.args[1], rows == 1 ? "" : "s", a.args[2]);
		return rc;
	}
	return lca_error_set(&ctx->err, LCA_EUSAGE, "lca catalog",
			     "unknown subcommand '%s'", sub);
}
