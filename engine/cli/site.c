/* SPDX-License-Identifier: MIT */
/* site.c: the site and embodied options lca track and lca ingest share with
 * lca estimate, built from the job field table. */
#include <string.h>

#include "cli.h"
#include "../lca_int.h"
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
					NULL};

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
	return n;
}

int cli_site_set(lca_inputs *in, int field, const char *value, lca_error *err)
{
	char where[64];

	lca__fmt(where, sizeof(where), "--%s", lca_field_info_get(field)->key);
	return lca_inputs_set_text(in, field, value, where, err);
}

int cli_ledger(cli_ctx *ctx, const char *db, lca_ledger **out)
{
	return lca_ledger_open(out, db, &ctx->err);
}
