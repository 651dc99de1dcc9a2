/* SPDX-License-Identifier: MIT */
/* cmd_ingest.c: lca ingest, energy logs users already have into the ledger,
 * one transaction per file. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "../banned.h"

enum { OPT_AS, OPT_MAX_GAP, OPT_OWN };

typedef struct ingest_cmd {
	cli_site_cmd b; /* first: db, help, the site options */
	cli_ctx *ctx;
	lca_ledger *l;
	lca_ingest_opts o;
	const char *files[256];
	int nfiles;
	long long first_id;
	int max_gap_set;
	/* the file's run lines, printed once its transaction commits: in a
	 * temporary file, so memory does not grow with the jobs */
	FILE *out;
	long nruns, count[3]; /* records; new, same, updated (LCA_PUT_*) */
	const char *path;
} ingest_cmd;

static int on_opt(void *ud, const cli_opt *o, const char *value, lca_error *err)
{
	ingest_cmd *c = ud;

	if (o - c->b.opts == OPT_AS) {
		c->o.format = value;
		return 0;
	}
	if (lca_parse_number(value, &c->o.max_gap_s) || !(c->o.max_gap_s > 0))
		return lca_error_set(err, LCA_EUSAGE, "--max-gap",
				     "not a positive number of seconds '%s'",
				     value);
	c->max_gap_set = 1;
	return 0;
}

static int on_arg(void *ud, const char *arg, lca_error *err)
{
	ingest_cmd *c = ud;

	if (c->nfiles == 256)
		return lca_error_set(err, LCA_EUSAGE, arg,
				     "too many files (at most 256)");
	c->files[c->nfiles++] = arg;
	return 0;
}

/* One job of the file: its footprint through lca_compute, then a row. */
static int on_run(lca_run *r, void *ud, lca_error *err)
{
	ingest_cmd *c = ud;
	lca_footprint fp;
	char gpu[64];
	int rc, i, put = LCA_PUT_NEW;

	lca_footprint_init(&fp);
	rc = lca_run_footprint(c->ctx->cat, &c->b.site, r, &fp, err);
	if (rc == LCA_ENOTFOUND && r->gpu[0] && !c->b.site.set[LCA_F_GPU]) {
		/* The log names a GPU the catalog does not know: account the
		 * energy without embodied emissions, and say so. */
		cli_strlcpy(gpu, r->gpu, sizeof(gpu));
		r->gpu[0] = '\0';
		lca_footprint_release(&fp);
		lca_footprint_init(&fp);
		rc = lca_run_footprint(c->ctx->cat, &c->b.site, r, &fp, err);
		if (!rc)
			lca_footprint_assume(&fp, "accelerator", LCA_NAN, gpu,
					     "",
					     "named in the log, not in the "
					     "catalog: no embodied share (give "
					     "--gpu)");
	}
	/* The default gap is lca's choice, not a published figure. */
	if (!rc &&
	    lca_footprint_assume(&fp, "max_gap", c->o.max_gap_s, NULL, "s",
				 c->max_gap_set ? "user (--max-gap)"
						: "lca default, no published "
						  "figure: longer gaps between "
						  "readings are not bridged"))
		rc = lca_error_set(err, LCA_ENOMEM, "ingest", "out of memory");
	if (!rc)
		rc = lca_ledger_put_run(c->l, r, &fp, &put, err);
	if (!rc) {
		if (!c->nruns)
			c->first_id = r->id;
		c->nruns++;
		c->count[put]++;
		if (put != LCA_PUT_SAME) {
			char kwh[64], kg[64];
			lca_format_human(kwh, sizeof(kwh), r->energy_kwh,
					 LCA_Q_ENERGY);
			lca_format_human(kg, sizeof(kg), r->total_kgco2e,
					 LCA_Q_MASS);
			if (fprintf(c->out,
				    "run %lld: %s (%s), %s measured, %s CO2e "
				    "total%s\n",
				    r->id, r->name, r->source, kwh, kg,
				    put == LCA_PUT_UPDATED
					? " (updated: the record grew)"
					: "") < 0)
				rc = lca_error_set(
				    err, LCA_EIO, "ingest",
				    "cannot write a temporary file");
		}
		for (i = 0; i < r->ndev; i++)
			if (r->dev[i].gaps)
				fprintf(
				    stderr,
				    "lca: %lld gap(s) over %g s not bridged, "
				    "%.6g s left out '%s' (%s)\n",
				    r->dev[i].gaps, c->o.max_gap_s,
				    r->dev[i].gap_s, r->dev[i].device, c->path);
	}
	lca_footprint_release(&fp);
	return rc;
}

/* After the commit: the run lines, then how many records were new. */
static int copy_out(ingest_cmd *c, const char *path, lca_error *err)
{
	char buf[8192];
	size_t n;

	rewind(c->out);
	while ((n = fread(buf, 1, sizeof(buf), c->out)) > 0)
		if (fwrite(buf, 1, n, stdout) != n)
			return lca_error_set(err, LCA_EIO, "stdout",
					     "cannot write output");
	printf("%s: %ld record%s, %ld new, %ld updated, %ld already in the "
	       "ledger\n",
	       path, c->nruns, c->nruns == 1 ? "" : "s", c->count[LCA_PUT_NEW],
	       c->count[LCA_PUT_UPDATED], c->count[LCA_PUT_SAME]);
	return 0;
}

static int ingest_one(ingest_cmd *c, const char *path)
{
	lca_error *err = &c->ctx->err;
	char hash[40];
	long long prev = 0;
	int rc;

	rc = lca_file_hash(path, hash, sizeof(hash), err);
	if (rc)
		return rc;
	rc = lca_ledger_begin(c->l, err);
	if (rc)
		return rc;
	rc = lca_ledger_has_file(c->l, hash, &prev, err);
	if (rc == 1) {
		lca_ledger_rollback(c->l);
		fprintf(stderr,
			"lca: already in the ledger as run %lld (ingested "
			"before record keys), not counted twice '%s' "
			"(content hash %s)\n",
			prev, path, hash);
		return 0;
	}
	c->nruns = 0;
	memset(c->count, 0, sizeof(c->count));
	c->path = path;
	if (!rc && !(c->out = tmpfile()))
		rc = lca_error_set(err, LCA_EIO, "ingest",
				   "cannot create a temporary file");
	if (!rc)
		rc = lca_ingest_file(path, &c->o, on_run, c, err);
	if (!rc && !c->nruns)
		rc = lca_error_set(err, LCA_EDATA, path,
				   "no job with energy in '%s'", path);
	if (!rc)
		rc = lca_ledger_add_file(c->l, hash, path, c->first_id, err);
	if (!rc)
		rc = lca_ledger_commit(c->l, err);
	if (rc)
		lca_ledger_rollback(c->l);
	else
		rc = copy_out(c, path, err);
	if (c->out)
		fclose(c->out);
	c->out = NULL;
	return rc;
}

int cmd_ingest(cli_ctx *ctx, int argc, char **argv)
{
	static const cli_opt own[OPT_OWN] = {
	    [OPT_AS] = {"as", 1,
			"log format: nvidia-smi, codecarbon, slurm or generic "
			"(default: detect)"},
	    [OPT_MAX_GAP] = {"max-gap", 1,
			     "seconds; longer gaps are not bridged (default "
			     "60)"}};
	static ingest_cmd c; /* large: keep it off the stack */
	int rc, i;

	memset(&c, 0, sizeof(c));
	c.ctx = ctx;
	c.o.max_gap_s = 60;
	cli_site_init(&c.b, own, OPT_OWN, "ledger database (default $LCA_DB)",
		      on_opt);
	rc = cli_site_load_defaults(ctx, &c.b);
	if (rc)
		goto done;
	rc = cli_site_parse(&c.b, argc, argv, on_arg, &ctx->err);
	if (rc)
		goto done;
	if (c.b.help) {
		printf("usage: lca ingest [options] FILE...\n\n"
		       "Integrates power over time (trapezoid, per device) in "
		       "nvidia-smi --format=csv\nlogs and generic CSVs "
		       "(timestamp, power_w or energy_j, device), reads "
		       "CodeCarbon\nemissions.csv and Slurm sacct "
		       "--parsable2 energy, and records one run per job.\nEach "
		       "record has a stable key (the Slurm job id, the "
		       "CodeCarbon run_id, a log's\ndevices and first "
		       "reading): a file ingested again holds each record "
		       "once,\na grown log updates its run, and the output "
		       "says how many records were new.\n\n"
		       "With --start run (the log's own times) or --start "
		       "TIME (ISO 8601; for logs of\nrelative seconds), "
		       "operational CO2e takes --region's hourly grid series "
		       "over the\nrun's hours, each hour weighted by the "
		       "energy read in it (flat for CodeCarbon\nand Slurm "
		       "totals); outside the series the nearest year's same "
		       "hours, else the\nyearly figure, as the assumptions "
		       "say.  --max-gap is for readings (seconds),\n"
		       "--grid-max-gap for the grid series (hours).\n\n"
		       "options:\n");
		cli_print_opts(stdout, c.b.opts);
		goto done;
	}
	if (!c.nfiles) {
		rc = lca_error_set(&ctx->err, LCA_EUSAGE, "lca ingest",
				   "missing input: give a log file; see 'lca "
				   "ingest --help'");
		goto done;
	}
	rc = cli_catalog(ctx);
	if (!rc)
		rc = cli_ledger(ctx, c.b.db, &c.l);
	if (!rc)
		rc = cli_ledger_flush(ctx, c.l, 1);
	for (i = 0; !rc && i < c.nfiles; i++)
		rc = ingest_one(&c, c.files[i]);
	if (rc)
		cli_error_rename(&ctx->err, "format", "as");
done:
	lca_ledger_free(c.l);
	cli_site_release(&c.b);
	return rc;
}
