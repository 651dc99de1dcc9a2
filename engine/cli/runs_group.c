/* SPDX-License-Identifier: MIT */
/* runs_group.c: lca runs --group-by and --since/--until, the ledger's runs
 * totalled per user, account, partition, day or month. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "cli.h"
#include "../banned.h"

typedef struct group {
	char key[200];
	long long runs;
	double sum[5];
} group;

typedef struct group_ctx {
	const char *by;
	const cli_runs_window *w;
	group *g;
	int n, alloc, oom;
} group_ctx;

static const char *const sum_names[5] = {"energy_kwh", "facility_energy_kwh",
					 "operational_kgco2e",
					 "embodied_kgco2e", "total_kgco2e"};

int cli_runs_in_window(const cli_runs_window *w, const lca_run *r)
{
	if (!w->has_since && !w->has_until)
		return 1;
	if (isnan(r->start))
		return 0;
	if (w->has_since && r->start < w->since)
		return 0;
	return !(w->has_until && r->start >= w->until);
}

static void group_key(const group_ctx *c, const lca_run *r, char *out, size_t n)
{
	struct tm tm;
	time_t s;
	const char *v;

	out[0] = '\0';
	if (!strcmp(c->by, "day") || !strcmp(c->by, "month")) {
		if (isnan(r->start))
			return;
		s = (time_t)floor(r->start);
		if (gmtime_r(&s, &tm))
			strftime(out, n, c->by[0] == 'd' ? "%Y-%m-%d" : "%Y-%m",
				 &tm);
		return;
	}
	/* user, account, partition: the run's tag of that name (Slurm job
	 * fields are not recorded yet) */
	v = lca_run_tag_get(r, c->by);
	if (v) {
		size_t len = strlen(v);
		if (len >= n)
			len = n - 1;
		memcpy(out, v, len);
		out[len] = '\0';
	}
}

static int on_run(const lca_run *r, void *ud)
{
	group_ctx *c = ud;
	double v[5];
	char key[200];
	int i, k;

	if (!cli_runs_in_window(c->w, r))
		return 0;
	group_key(c, r, key, sizeof(key));
	for (i = 0; i < c->n && strcmp(c->g[i].key, key); i++)
		;
	if (i == c->n) {
		if (c->n == c->alloc) {
			int na = c->alloc ? c->alloc * 2 : 16;
			group *p = realloc(c->g, (size_t)na * sizeof(*p));
			if (!p) {
				c->oom = 1;
				return 1;
			}
			c->g = p;
			c->alloc = na;
		}
		memset(&c->g[c->n], 0, sizeof(group));
		memcpy(c->g[c->n].key, key, sizeof(key));
		c->n++;
	}
	v[0] = r->energy_kwh;
	v[1] = r->facility_energy_kwh;
	v[2] = r->operational_kgco2e;
	v[3] = r->embodied_kgco2e;
	v[4] = r->total_kgco2e;
	c->g[i].runs++;
	for (k = 0; k < 5; k++)
		if (!isnan(v[k]))
			c->g[i].sum[k] += v[k];
	return 0;
}

static int by_key(const void *a, const void *b)
{
	return strcmp(((const group *)a)->key, ((const group *)b)->key);
}

int cli_runs_group(cli_ctx *ctx, lca_ledger *l, const char *by,
		   const char *format, const cli_runs_window *w, lca_buf *out)
{
	group_ctx c;
	int i, k, rc;

	memset(&c, 0, sizeof(c));
	c.by = by;
	c.w = w;
	rc = lca_ledger_each_run(l, on_run, &c, &ctx->err);
	if (!rc && c.oom)
		rc = lca_error_set(&ctx->err, LCA_ENOMEM, "lca runs",
				   "out of memory");
	if (rc) {
		free(c.g);
		return rc;
	}
	if (c.n)
		qsort(c.g, (size_t)c.n, sizeof(*c.g), by_key);
	if (!strcmp(format, "json")) {
		cJSON *root = cJSON_CreateObject(), *arr;
		char *text;
		cJSON_AddStringToObject(root, "group_by", by);
		arr = cJSON_AddArrayToObject(root, "groups");
		for (i = 0; arr && i < c.n; i++) {
			cJSON *o = cJSON_CreateObject();
			cJSON_AddStringToObject(o, by, c.g[i].key);
			cJSON_AddNumberToObject(o, "runs", (double)c.g[i].runs);
			for (k = 0; k < 5; k++)
				cJSON_AddNumberToObject(o, sum_names[k],
							c.g[i].sum[k]);
			cJSON_AddItemToArray(arr, o);
		}
		text = cJSON_Print(root);
		if (text) {
			lca_buf_puts(out, text);
			lca_buf_puts(out, "\n");
		}
		cJSON_free(text);
		cJSON_Delete(root);
	} else if (!strcmp(format, "csv")) {
		lca_buf_printf(out, "%s,runs", by);
		for (k = 0; k < 5; k++)
			lca_buf_printf(out, ",%s", sum_names[k]);
		lca_buf_puts(out, "\n");
		for (i = 0; i < c.n; i++) {
			lca_buf_csv(out, c.g[i].key, 1);
			lca_buf_printf(out, ",%lld", c.g[i].runs);
			for (k = 0; k < 5; k++)
				lca_buf_printf(out, ",%.10g", c.g[i].sum[k]);
			lca_buf_puts(out, "\n");
		}
	} else {
		lca_buf_printf(out, "%-20s %6s %14s %14s\n", by, "RUNS",
			       "ENERGY_KWH", "TOTAL_KGCO2E");
		for (i = 0; i < c.n; i++)
			lca_buf_printf(out, "%-20s %6lld %14.6g %14.6g\n",
				       c.g[i].key[0] ? c.g[i].key : "(none)",
				       c.g[i].runs, c.g[i].sum[0],
				       c.g[i].sum[4]);
	}
	free(c.g);
	return 0;
}
