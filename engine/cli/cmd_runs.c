/* SPDX-License-Identifier: MIT */
/* cmd_runs.c: lca runs, list, show and remove measured runs in the ledger. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "cli.h"
#include "lca/series.h"
#include "../banned.h"

enum {
	OPT_FORMAT,
	OPT_DB,
	OPT_GROUP_BY,
	OPT_SINCE,
	OPT_UNTIL,
	OPT_HELP,
	OPT__COUNT
};

typedef struct runs_cmd {
	const char *format, *db, *group_by;
	const char *args[3];
	cli_runs_window w;
	int nargs, help;
	lca_ledger *l;
	lca_buf out, tmp;
	cJSON *arr;
	int n;
} runs_cmd;

static const cli_opt opts[] = {
    {"format", 1, "text (default), json or csv"},
    {"db", 1, "ledger: a SQLite file or postgresql://... (default $LCA_DB)"},
    {"group-by", 1,
     "total the runs per user, account, partition (their tags of that "
     "name), day or month (UTC, of the start)"},
    {"since", 1, "only runs that started at or after this ISO 8601 time"},
    {"until", 1, "only runs that started before this ISO 8601 time"},
    {"help", 0, "show this help"},
    {NULL, 0, NULL},
};

static int on_opt(void *ud, const cli_opt *o, const char *value, lca_error *err)
{
	runs_cmd *c = ud;
	long long t;

	if (o == &opts[OPT_FORMAT]) {
		c->format = value;
	} else if (o == &opts[OPT_DB]) {
		c->db = value;
	} else if (o == &opts[OPT_GROUP_BY]) {
		if (strcmp(value, "user") && strcmp(value, "account") &&
		    strcmp(value, "partition") && strcmp(value, "day") &&
		    strcmp(value, "month"))
			return lca_error_set(err, LCA_EUSAGE, "--group-by",
					     "unknown grouping '%s' (expected "
					     "user, account, partition, day or "
					     "month)",
					     value);
		c->group_by = value;
	} else if (o == &opts[OPT_SINCE] || o == &opts[OPT_UNTIL]) {
		if (lca_time_parse(value, &t))
			return lca_error_set(err, LCA_EUSAGE,
					     o == &opts[OPT_SINCE] ? "--since"
								   : "--until",
					     "not an ISO 8601 time '%s' "
					     "(e.g. 2024-05-01 or "
					     "2024-05-01T12:00Z)",
					     value);
		if (o == &opts[OPT_SINCE]) {
			c->w.since = (double)t;
			c->w.has_since = 1;
		} else {
			c->w.until = (double)t;
			c->w.has_until = 1;
		}
	} else {
		c->help = 1;
	}
	return 0;
}

static int on_arg(void *ud, const char *arg, lca_error *err)
{
	runs_cmd *c = ud;

	if (c->nargs == 2)
		return lca_error_set(err, LCA_EUSAGE, "lca runs",
				     "unexpected argument '%s'", arg);
	c->args[c->nargs++] = arg;
	return 0;
}

/* ISO 8601 UTC, or "" when unknown. */
static void iso(char *out, size_t n, double t)
{
	struct tm tm;
	time_t s;

	out[0] = '\0';
	if (isnan(t))
		return;
	s = (time_t)t;
	if (gmtime_r(&s, &tm))
		strftime(out, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static cJSON *num(double v)
{
	return isnan(v) ? cJSON_CreateNull() : cJSON_CreateNumber(v);
}

static cJSON *run_json(const lca_run *r)
{
	cJSON *o = cJSON_CreateObject(), *tags;
	char t[32];
	int i;

	if (!o)
		return NULL;
	cJSON_AddNumberToObject(o, "id", (double)r->id);
	cJSON_AddStringToObject(o, "source", r->source);
	cJSON_AddStringToObject(o, "name", r->name);
	tags = cJSON_AddObjectToObject(o, "tags");
	for (i = 0; tags && i < r->ntags; i++)
		cJSON_AddStringToObject(tags, r->tags[i].key, r->tags[i].value);
	cJSON_AddStringToObject(o, "status", r->status);
	cJSON_AddStringToObject(o, "method", r->method);
	iso(t, sizeof(t), r->start);
	cJSON_AddStringToObject(o, "start", t);
	iso(t, sizeof(t), r->end);
	cJSON_AddStringToObject(o, "end", t);
	cJSON_AddItemToObject(o, "duration_s", num(r->end - r->start));
	cJSON_AddItemToObject(o, "energy_kwh", num(r->energy_kwh));
	cJSON_AddItemToObject(o, "facility_energy_kwh",
			      num(r->facility_energy_kwh));
	cJSON_AddItemToObject(o, "operational_kgco2e",
			      num(r->operational_kgco2e));
	cJSON_AddItemToObject(o, "embodied_kgco2e", num(r->embodied_kgco2e));
	cJSON_AddItemToObject(o, "total_kgco2e", num(r->total_kgco2e));
	cJSON_AddItemToObject(o, "pue", num(r->pue));
	cJSON_AddItemToObject(o, "grid_gco2_per_kwh",
			      num(r->grid_gco2_per_kwh));
	cJSON_AddStringToObject(o, "gpu", r->gpu);
	cJSON_AddItemToObject(o, "devices", num(r->devices));
	if (r->exit_status >= 0)
		cJSON_AddNumberToObject(o, "exit_status", r->exit_status);
	else
		cJSON_AddNullToObject(o, "exit_status");
	return o;
}

static const char csv_head[] =
    "id,source,name,status,method,start,end,energy_kwh,facility_energy_kwh,"
    "operational_kgco2e,embodied_kgco2e,total_kgco2e,tags\n";

/* "project=X team=Y" (text) or "project=X;team=Y" (csv). */
static void tags_text(lca_buf *b, const lca_run *r, const char *sep)
{
	int i;

	for (i = 0; i < r->ntags; i++)
		lca_buf_printf(b, "%s%s=%s", i ? sep : "", r->tags[i].key,
			       r->tags[i].value);
}

static void csv_num(lca_buf *b, double v)
{
	if (isnan(v))
		lca_buf_puts(b, ",");
	else
		lca_buf_printf(b, ",%.10g", v);
}

static int each(const lca_run *r, void *ud)
{
	runs_cmd *c = ud;
	char s[32], e[32];

	if (!cli_runs_in_window(&c->w, r))
		return 0;
	c->n++;
	iso(s, sizeof(s), r->start);
	iso(e, sizeof(e), r->end);
	if (!strcmp(c->format, "json")) {
		cJSON *o = run_json(r);
		if (!o)
			return 1;
		cJSON_AddItemToArray(c->arr, o);
	} else if (!strcmp(c->format, "csv")) {
		lca_buf_printf(&c->out, "%lld,", r->id);
		lca_buf_csv(&c->out, r->source, 0);
		lca_buf_puts(&c->out, ",");
		lca_buf_csv(&c->out, r->name, 1);
		lca_buf_printf(&c->out, ",%s,%s,%s,%s", r->status, r->method, s,
			       e);
		csv_num(&c->out, r->energy_kwh);
		csv_num(&c->out, r->facility_energy_kwh);
		csv_num(&c->out, r->operational_kgco2e);
		csv_num(&c->out, r->embodied_kgco2e);
		csv_num(&c->out, r->total_kgco2e);
		lca_buf_puts(&c->out, ",");
		lca_buf_reset(&c->tmp);
		tags_text(&c->tmp, r, ";");
		lca_buf_csv(&c->out, lca_buf_cstr(&c->tmp), 1);
		lca_buf_puts(&c->out, "\n");
	} else {
		lca_buf_printf(&c->out,
			       "%-5lld %-10s %-11s %-20s %12.6g %12.6g  %s",
			       r->id, r->source, r->status, s, r->energy_kwh,
			       r->total_kgco2e, r->name);
		if (r->ntags) {
			lca_buf_puts(&c->out, "  [");
			tags_text(&c->out, r, " ");
			lca_buf_puts(&c->out, "]");
		}
		lca_buf_puts(&c->out, "\n");
	}
	return 0;
}

static int each_assumption(const char *name, const char *value,
			   const char *unit, const char *source, void *ud)
{
	runs_cmd *c = ud;

	if (c->arr) {
		cJSON *o = cJSON_CreateObject();
		if (!o)
			return 1;
		cJSON_AddStringToObject(o, "name", name ? name : "");
		cJSON_AddStringToObject(o, "value", value ? value : "");
		cJSON_AddStringToObject(o, "unit", unit ? unit : "");
		cJSON_AddStringToObject(o, "source", source ? source : "");
		cJSON_AddItemToArray(c->arr, o);
	} else {
		lca_buf_printf(&c->out, "  %-28s %s %s  [%s]\n", name, value,
			       unit ? unit : "", source ? source : "");
	}
	return 0;
}

static int show(cli_ctx *ctx, runs_cmd *c, long long id)
{
	static lca_run r;
	char s[32], e[32], q[5][64];
	int rc, i;

	rc = lca_ledger_get_run(c->l, id, &r, &ctx->err);
	if (rc)
		return rc;
	if (!strcmp(c->format, "json")) {
		cJSON *o = run_json(&r), *devs;
		char *text;
		if (!o)
			return lca_error_set(&ctx->err, LCA_ENOMEM, "runs",
					     "out of memory");
		devs = cJSON_AddArrayToObject(o, "devices");
		for (i = 0; devs && i < r.ndev; i++) {
			cJSON *d = cJSON_CreateObject();
			cJSON_AddStringToObject(d, "device", r.dev[i].device);
			cJSON_AddStringToObject(d, "kind", r.dev[i].kind);
			cJSON_AddNumberToObject(d, "samples",
						(double)r.dev[i].samples);
			cJSON_AddItemToObject(d, "energy_j",
					      num(r.dev[i].energy_j));
			cJSON_AddNumberToObject(d, "gaps",
						(double)r.dev[i].gaps);
			cJSON_AddItemToArray(devs, d);
		}
		c->arr = cJSON_AddArrayToObject(o, "assumptions");
		rc = lca_ledger_each_assumption(c->l, id, each_assumption, c,
						&ctx->err);
		text = cJSON_Print(o);
		if (text) {
			lca_buf_puts(&c->out, text);
			lca_buf_puts(&c->out, "\n");
		}
		cJSON_free(text);
		cJSON_Delete(o);
		c->arr = NULL;
		return rc;
	}
	iso(s, sizeof(s), r.start);
	iso(e, sizeof(e), r.end);
	lca_buf_printf(&c->out,
		       "run %lld: %s\n  source %s, %s, %s\n  from %s to %s "
		       "(%.6g s)\n",
		       r.id, r.name, r.source, r.status, r.method, s, e,
		       r.end - r.start);
	if (r.exit_status >= 0)
		lca_buf_printf(&c->out, "  exit status %d\n", r.exit_status);
	if (r.ntags) {
		lca_buf_puts(&c->out, "  tags ");
		tags_text(&c->out, &r, ", ");
		lca_buf_puts(&c->out, "\n");
	}
	/* masses and energies for people; runs show --format json keeps
	 * them in full */
	lca_format_human(q[0], sizeof(q[0]), r.energy_kwh, LCA_Q_ENERGY);
	lca_format_human(q[1], sizeof(q[1]), r.facility_energy_kwh,
			 LCA_Q_ENERGY);
	lca_format_human(q[2], sizeof(q[2]), r.operational_kgco2e, LCA_Q_MASS);
	lca_format_human(q[3], sizeof(q[3]), r.embodied_kgco2e, LCA_Q_MASS);
	lca_format_human(q[4], sizeof(q[4]), r.total_kgco2e, LCA_Q_MASS);
	lca_buf_printf(&c->out,
		       "\nfootprint\n  measured IT energy   %s\n"
		       "  facility energy      %s (PUE %.4g)\n"
		       "  operational          %s CO2e (grid %.6g "
		       "gCO2e/kWh)\n"
		       "  embodied             %s CO2e\n"
		       "  total                %s CO2e\n\ndevices\n",
		       q[0], q[1], r.pue, q[2], r.grid_gco2_per_kwh, q[3],
		       q[4]);
	for (i = 0; i < r.ndev; i++)
		lca_buf_printf(&c->out,
			       "  %-16s %-6s %10lld samples %14.6g J%s\n",
			       r.dev[i].device, r.dev[i].kind, r.dev[i].samples,
			       r.dev[i].energy_j,
			       r.dev[i].gaps ? " (gaps not bridged)" : "");
	lca_buf_puts(&c->out, "\nassumptions\n");
	return lca_ledger_each_assumption(c->l, id, each_assumption, c,
					  &ctx->err);
}

static int parse_id(cli_ctx *ctx, const char *s, long long *id)
{
	char *end;

	*id = strtoll(s, &end, 10);
	if (!*s || *end || *id <= 0)
		return lca_error_set(&ctx->err, LCA_EUSAGE, "lca runs",
				     "not a run id '%s'", s);
	return 0;
}

int cmd_runs(cli_ctx *ctx, int argc, char **argv)
{
	static runs_cmd c;
	long long id = 0;
	int rc;

	memset(&c, 0, sizeof(c));
	c.format = "text";
	rc = cli_parse(argc, argv, opts, on_opt, on_arg, &c, &ctx->err);
	if (rc)
		goto done;
	if (c.help) {
		printf("usage: lca runs [--format text|json|csv] [--db PATH]\n"
		       "                [--group-by user|account|partition|day|"
		       "month]\n"
		       "                [--since TIME] [--until TIME]\n"
		       "       lca runs show ID [--format json]\n"
		       "       lca runs rm ID\n\noptions:\n");
		cli_print_opts(stdout, opts);
		goto done;
	}
	if (strcmp(c.format, "text") && strcmp(c.format, "json") &&
	    strcmp(c.format, "csv")) {
		rc = lca_error_set(&ctx->err, LCA_EUSAGE, "--format",
				   "unknown format '%s' (expected text, json "
				   "or csv)",
				   c.format);
		goto done;
	}
	if (c.nargs && strcmp(c.args[0], "show") && strcmp(c.args[0], "rm") &&
	    strcmp(c.args[0], "list")) {
		rc = lca_error_set(&ctx->err, LCA_EUSAGE, "lca runs",
				   "unknown subcommand '%s' (list, show, rm)",
				   c.args[0]);
		goto done;
	}
	if (c.nargs && strcmp(c.args[0], "list")) {
		if (c.nargs < 2) {
			rc =
			    lca_error_set(&ctx->err, LCA_EUSAGE, "lca runs",
					  "missing run id for '%s'", c.args[0]);
			goto done;
		}
		rc = parse_id(ctx, c.args[1], &id);
		if (rc)
			goto done;
	}
	rc = cli_ledger(ctx, c.db, &c.l);
	if (rc)
		goto done;
	if (c.nargs && !strcmp(c.args[0], "rm")) {
		rc = lca_ledger_rm_run(c.l, id, &ctx->err);
		if (!rc)
			printf("removed run %lld\n", id);
		goto done;
	}
	if (c.nargs && !strcmp(c.args[0], "show")) {
		rc = show(ctx, &c, id);
	} else if (c.group_by) {
		rc = cli_runs_group(ctx, c.l, c.group_by, c.format, &c.w,
				    &c.out);
	} else if (!strcmp(c.format, "json")) {
		cJSON *root = cJSON_CreateObject();
		char *text;
		c.arr = root ? cJSON_AddArrayToObject(root, "runs") : NULL;
		if (!c.arr) {
			cJSON_Delete(root);
			rc = lca_error_set(&ctx->err, LCA_ENOMEM, "runs",
					   "out of memory");
			goto done;
		}
		rc = lca_ledger_each_run(c.l, each, &c, &ctx->err);
		text = cJSON_Print(root);
		if (text) {
			lca_buf_puts(&c.out, text);
			lca_buf_puts(&c.out, "\n");
		}
		cJSON_free(text);
		cJSON_Delete(root);
	} else {
		if (!strcmp(c.format, "csv"))
			lca_buf_puts(&c.out, csv_head);
		else
			lca_buf_printf(&c.out,
				       "%-5s %-10s %-11s %-20s %12s "
				       "%12s  %s\n",
				       "ID", "SOURCE", "STATUS", "START",
				       "ENERGY_KWH", "TOTAL_KGCO2E", "NAME");
		rc = lca_ledger_each_run(c.l, each, &c, &ctx->err);
	}
	if (!rc)
		rc = cli_write(&c.out, &ctx->err);
done:
	lca_buf_release(&c.out);
	lca_buf_release(&c.tmp);
	lca_ledger_free(c.l);
	return rc;
}
