/* SPDX-License-Identifier: MIT */
/* site.c: the site and embodied options lca track and lca ingest share with
 * lca estimate, built from the job field table. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "lca/series.h"
#include "../banned.h"

/* Inputs that describe where and on what a measured run ran. */
static const char *const site_keys[] = {"gpu",
					"gpus",
					"cpu",
					"cpu-sockets",
					"memory-gb",
					"host-power",
					"devices-per-node",
					"idle-kwh",
					"idle-fraction",
					"pue",
					"region",
					"grid",
					"lifetime",
					"utilization",
					"embodied-model",
					"device-embodied-kg",
					"server-embodied-kg",
					"signal",
					NULL};

/*
 * The hourly grid of a measured run, under names of their own: start takes
 * "run" too, and lca ingest's --max-gap is already its readings' (seconds).
 */
static const struct {
	const char *name;
	int field;
	const char *help;
} run_opts[] = {
    {"start", LCA_F_START,
     "run (its measured start) or ISO 8601 time: hourly grid intensity"},
    {"grid-max-gap", LCA_F_MAX_GAP,
     "hours: longest gap in a grid series to interpolate (default 3)"},
};

int cli_site_opts(cli_opt *opts, int *fields, int max)
{
	int n = 0, i;

	for (i = 0; site_keys[i] && n < max; i++) {
		int f = lca_field_lookup(site_keys[i]);
		const lca_field_info *fi;
		if (f < 0)
			continue;
		fi = lca_field_info_get(f);
		opts[n].name = fi->key;
		opts[n].takes_value = 1;
		opts[n].help = fi->help;
		fields[n] = f;
		n++;
	}
	for (i = 0;
	     i < (int)(sizeof(run_opts) / sizeof(run_opts[0])) && n < max;
	     i++) {
		opts[n].name = run_opts[i].name;
		opts[n].takes_value = 1;
		opts[n].help = run_opts[i].help;
		fields[n] = run_opts[i].field;
		n++;
	}
	return n;
}

int cli_site_set(lca_inputs *in, int field, const char *value, lca_error *err)
{
	char where[64], *copy;
	long long t;

	if (field == LCA_F_START) {
		/* "run" is the run's own start, known once it is read */
		if (strcmp(value, "run") && lca_time_parse(value, &t))
			return lca_error_set(err, LCA_EUSAGE, "--start",
					     "unparsable time '%s' (ISO 8601, "
					     "e.g. 2023-06-01T14:00Z, or "
					     "'run')",
					     value);
		copy = strdup(value);
		if (!copy)
			return lca_error_set(err, LCA_ENOMEM, "--start",
					     "out of memory");
		free(in->str[field]);
		in->str[field] = copy;
		in->set[field] = 1;
		return 0;
	}
	cli_fmt(where, sizeof(where), "--%s",
		field == LCA_F_MAX_GAP ? "grid-max-gap"
				       : lca_field_info_get(field)->key);
	return lca_inputs_set_text(in, field, value, where, err);
}

int cli_site_defaults(cli_ctx *ctx, lca_inputs *in, const int *fields, int n)
{
	char where[1200];
	int i, rc;

	for (i = 0; i < n; i++) {
		const lca_field_info *fi = lca_field_info_get(fields[i]);
		const char *v;
		if (fields[i] == LCA_F_START || fields[i] == LCA_F_MAX_GAP)
			continue;
		v = lca_config_value(ctx->config, fi->key, where,
				     sizeof(where));
		if (!v)
			continue;
		rc = lca_inputs_set_text(in, fields[i], v, where, &ctx->err);
		if (rc)
			return rc;
	}
	return 0;
}

void cli_site_init(cli_site_cmd *b, const cli_opt *own, int nown,
		   const char *db_help, cli_on_opt on_own)
{
	int n = nown < CLI_OWN_MAX ? nown : CLI_OWN_MAX;

	memcpy(b->opts, own, (size_t)n * sizeof(*own));
	b->opts[n] = (cli_opt){"db", 1, db_help};
	b->opts[n + 1] = (cli_opt){"help", 0, "show this help"};
	b->nown = n;
	b->on_own = on_own;
	b->nsite = cli_site_opts(&b->opts[n + 2], b->field, CLI_SITE_MAX);
}

static int site_on_opt(void *ud, const cli_opt *o, const char *value,
		       lca_error *err)
{
	cli_site_cmd *b = ud;
	int id = (int)(o - b->opts);

	if (id < b->nown)
		return b->on_own(ud, o, value, err);
	if (id == b->nown) {
		b->db = value;
		return 0;
	}
	if (id == b->nown + 1) {
		b->help = 1;
		return 0;
	}
	return cli_site_set(&b->site, b->field[id - b->nown - 2], value, err);
}

int cli_site_parse(cli_site_cmd *b, int argc, char **argv, cli_on_arg on_arg,
		   lca_error *err)
{
	return cli_parse(argc, argv, b->opts, site_on_opt, on_arg, b, err);
}

int cli_site_load_defaults(cli_ctx *ctx, cli_site_cmd *b)
{
	return cli_site_defaults(ctx, &b->site, b->field, b->nsite);
}

void cli_site_release(cli_site_cmd *b)
{
	int i;

	for (i = 0; i < LCA_F__COUNT; i++) {
		free(b->site.str[i]);
		b->site.str[i] = NULL;
	}
}

int cli_ledger(cli_ctx *ctx, const char *db, lca_ledger **out)
{
	return lca_ledger_open(out, db, &ctx->err);
}
