/* SPDX-License-Identifier: MIT */
/* report_runs.c: the ledger's runs as a listing (lca runs), totalled per
 * user, account, partition, day or month (lca runs --group-by), and one run
 * in full (lca runs show), for the CLI and every door (lca/door.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "reports.h"
#include "lca/door.h"
#include "lca/ledger.h"
#include "../engine/lca_int.h"
#include "../engine/banned.h"

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

int lca_runs_query_match(const lca_runs_query *q, const lca_run *r)
{
	if (!q || (!q->has_since && !q->has_until))
		return 1;
	if (isnan(r->start))
		return 0;
	if (q->has_since && r->start < q->since)
		return 0;
	return !(q->has_until && r->start >= q->until);
}

/* ---- the runs, one row each ------------------------------------------ */

#define T LCA__IN_TEXT
#define C LCA__IN_CSV
#define J LCA__IN_JSON

enum {
	R_ID,
	R_SOURCE,
	R_NAME,
	R_TAGS,
	R_STATUS,
	R_METHOD,
	R_START,
	R_END,
	R_DURATION,
	R_ENERGY,
	R_FACILITY,
	R_OPERATIONAL,
	R_EMBODIED,
	R_TOTAL,
	R_PUE,
	R_GRID,
	R_GPU,
	R_DEVICES,
	R_EXIT,
	R_JOB_ID, /* a Slurm job's fields (json), null for other runs */
	R_USER,
	R_ACCOUNT,
	R_PARTITION,
	R_EXIT_STATE,
	R_NODES,
	R_TEXT_NAME, /* text: after the figures */
	R_TAIL_TAGS, /* text and csv: last */
	R__COUNT
};

/* The json object (every column), the csv row (id .. total, tags) and the
 * text line (id, source, status, start, energy, total, name, [tags]). */
static const lca__col run_cols[R__COUNT] = {
    [R_ID] = {"id", "ID", T | C | J, -5, NULL, NULL, "%.0f", "%.0f", NULL, 0},
    [R_SOURCE] = {"source", "SOURCE", T | C | J, -10, NULL, NULL, NULL, NULL,
		  NULL, 0},
    [R_NAME] = {"name", NULL, C | J, 0, NULL, NULL, NULL, NULL, NULL,
		LCA__COL_QUOTE},
    [R_TAGS] = {"tags", NULL, J, 0, NULL, NULL, NULL, NULL, NULL, 0},
    [R_STATUS] = {"status", "STATUS", T | C | J, -11, NULL, NULL, NULL, NULL,
		  NULL, 0},
    [R_METHOD] = {"method", NULL, C | J, 0, NULL, NULL, NULL, NULL, NULL, 0},
    [R_START] = {"start", "START", T | C | J, -20, NULL, NULL, NULL, NULL, NULL,
		 0},
    [R_END] = {"end", NULL, C | J, 0, NULL, NULL, NULL, NULL, NULL, 0},
    [R_DURATION] = {"duration_s", NULL, J, 0, NULL, NULL, NULL, NULL, NULL, 0},
    [R_ENERGY] = {"energy_kwh", "ENERGY_KWH", T | C | J, 12, NULL, NULL, NULL,
		  NULL, NULL, 0},
    [R_FACILITY] = {"facility_energy_kwh", NULL, C | J, 0, NULL, NULL, NULL,
		    NULL, NULL, 0},
    [R_OPERATIONAL] = {"operational_kgco2e", NULL, C | J, 0, NULL, NULL, NULL,
		       NULL, NULL, 0},
    [R_EMBODIED] = {"embodied_kgco2e", NULL, C | J, 0, NULL, NULL, NULL, NULL,
		    NULL, 0},
    [R_TOTAL] = {"total_kgco2e", "TOTAL_KGCO2E", T | C | J, 12, NULL, NULL,
		 NULL, NULL, NULL, 0},
    [R_PUE] = {"pue", NULL, J, 0, NULL, NULL, NULL, NULL, NULL, 0},
    [R_GRID] = {"grid_gco2_per_kwh", NULL, J, 0, NULL, NULL, NULL, NULL, NULL,
		0},
    [R_GPU] = {"gpu", NULL, J, 0, NULL, NULL, NULL, NULL, NULL, 0},
    [R_DEVICES] = {"devices", NULL, J, 0, NULL, NULL, NULL, NULL, NULL, 0},
    [R_EXIT] = {"exit_status", NULL, J, 0, NULL, NULL, NULL, NULL, NULL, 0},
    [R_JOB_ID] = {"job_id", NULL, J, 0, NULL, NULL, NULL, NULL, NULL, 0},
    [R_USER] = {"user", NULL, J, 0, NULL, NULL, NULL, NULL, NULL, 0},
    [R_ACCOUNT] = {"account", NULL, J, 0, NULL, NULL, NULL, NULL, NULL, 0},
    [R_PARTITION] = {"partition", NULL, J, 0, NULL, NULL, NULL, NULL, NULL, 0},
    [R_EXIT_STATE] = {"exit_state", NULL, J, 0, NULL, NULL, NULL, NULL, NULL,
		      0},
    [R_NODES] = {"nodes", NULL, J, 0, NULL, NULL, NULL, NULL, NULL, 0},
    [R_TEXT_NAME] = {"name", "NAME", T, 0, "  ", NULL, NULL, NULL, NULL, 0},
    [R_TAIL_TAGS] = {"tags", NULL, T | C, 0, "  [", "]", NULL, NULL, NULL,
		     LCA__COL_QUOTE | LCA__COL_OPT},
};

/* A Slurm job's node rows as a json array: node, gpus, start, end,
 * duration, energy and footprint of each. */
static cJSON *nodes_json(const lca_run *r)
{
	cJSON *arr = cJSON_CreateArray();
	char t[32];
	int i;

	for (i = 0; arr && i < r->nnodes; i++) {
		const lca_run_node *nd = &r->node[i];
		cJSON *n = cJSON_CreateObject();
		if (!n || !cJSON_AddItemToArray(arr, n)) {
			cJSON_Delete(n);
			cJSON_Delete(arr);
			return NULL;
		}
		cJSON_AddStringToObject(n, "node", nd->node);
		cJSON_AddStringToObject(n, "gpus", nd->gpus);
		iso(t, sizeof(t), nd->start);
		cJSON_AddStringToObject(n, "start", t);
		iso(t, sizeof(t), nd->end);
		cJSON_AddStringToObject(n, "end", t);
		cJSON_AddItemToObject(n, "duration_s",
				      lca__json_num(nd->end - nd->start));
		cJSON_AddItemToObject(n, "energy_kwh",
				      lca__json_num(nd->energy_kwh));
		cJSON_AddItemToObject(n, "facility_energy_kwh",
				      lca__json_num(nd->facility_energy_kwh));
		cJSON_AddItemToObject(n, "operational_kgco2e",
				      lca__json_num(nd->operational_kgco2e));
		cJSON_AddItemToObject(n, "embodied_kgco2e",
				      lca__json_num(nd->embodied_kgco2e));
		cJSON_AddItemToObject(n, "total_kgco2e",
				      lca__json_num(nd->total_kgco2e));
	}
	return arr;
}

/* A Slurm job's cells (null for a run of no job). */
static int job_cells(lca__cell *c, const lca_run *r)
{
	cJSON *nodes;
	int rc = 0;

	if (!r->job_id[0])
		return 0;
	rc |= lca__cell_str(&c[R_JOB_ID], r->job_id);
	rc |= lca__cell_str(&c[R_USER], r->user);
	rc |= lca__cell_str(&c[R_ACCOUNT], r->account);
	rc |= lca__cell_str(&c[R_PARTITION], r->partition);
	rc |= lca__cell_str(&c[R_EXIT_STATE], r->exit_state);
	nodes = nodes_json(r);
	rc |= nodes ? lca__cell_json(&c[R_NODES], nodes) : LCA_ENOMEM;
	cJSON_Delete(nodes);
	return rc;
}

/* The run's cells; 0 or LCA_ENOMEM. */
static int run_row(lca__cell *c, const lca_run *r)
{
	char s[32], e[32];
	int rc = 0;

	iso(s, sizeof(s), r->start);
	iso(e, sizeof(e), r->end);
	rc |= lca__cell_num(&c[R_ID], (double)r->id, NULL);
	rc |= lca__cell_str(&c[R_SOURCE], r->source);
	rc |= lca__cell_str(&c[R_NAME], r->name);
	rc |= lca__cell_pairs(&c[R_TAGS], r->tags, r->ntags);
	rc |= lca__cell_str(&c[R_STATUS], r->status);
	rc |= lca__cell_str(&c[R_METHOD], r->method);
	rc |= lca__cell_str(&c[R_START], s);
	rc |= lca__cell_str(&c[R_END], e);
	rc |= lca__cell_num(&c[R_DURATION], r->end - r->start, NULL);
	rc |= lca__cell_num(&c[R_ENERGY], r->energy_kwh, NULL);
	rc |= lca__cell_num(&c[R_FACILITY], r->facility_energy_kwh, NULL);
	rc |= lca__cell_num(&c[R_OPERATIONAL], r->operational_kgco2e, NULL);
	rc |= lca__cell_num(&c[R_EMBODIED], r->embodied_kgco2e, NULL);
	rc |= lca__cell_num(&c[R_TOTAL], r->total_kgco2e, NULL);
	rc |= lca__cell_num(&c[R_PUE], r->pue, NULL);
	rc |= lca__cell_num(&c[R_GRID], r->grid_gco2_per_kwh, NULL);
	rc |= lca__cell_str(&c[R_GPU], r->gpu);
	rc |= lca__cell_num(&c[R_DEVICES], r->devices, NULL);
	rc |= lca__cell_num(
	    &c[R_EXIT], r->exit_status >= 0 ? r->exit_status : LCA_NAN, NULL);
	rc |= job_cells(c, r);
	rc |= lca__cell_str(&c[R_TEXT_NAME], r->name);
	rc |= lca__cell_pairs(&c[R_TAIL_TAGS], r->tags, r->ntags);
	return rc ? LCA_ENOMEM : 0;
}

typedef struct runs_ctx {
	const lca_runs_query *q;
	lca__table *t;
	/* --group-by */
	const char *by;
	struct group *g;
	int n, alloc;
	int oom;
} runs_ctx;

static int on_run(const lca_run *r, void *ud)
{
	runs_ctx *c = ud;
	lca__cell *row;

	if (!lca_runs_query_match(c->q, r))
		return 0;
	row = lca__table_row(c->t);
	if (!row || run_row(row, r)) {
		c->oom = 1;
		return 1;
	}
	return 0;
}

/* ---- groups -------------------------------------------------------- */

#define NSUMS 5
typedef struct group {
	char key[200];
	long long runs;
	double sum[NSUMS];
} group;

static const char *const sum_names[NSUMS] = {
    "energy_kwh", "facility_energy_kwh", "operational_kgco2e",
    "embodied_kgco2e", "total_kgco2e"};

static void group_key(const char *by, const lca_run *r, char *out, size_t n)
{
	struct tm tm;
	time_t s;
	const char *v;

	out[0] = '\0';
	if (!strcmp(by, "day") || !strcmp(by, "month")) {
		if (isnan(r->start))
			return;
		s = (time_t)floor(r->start);
		if (gmtime_r(&s, &tm))
			strftime(out, n, by[0] == 'd' ? "%Y-%m-%d" : "%Y-%m",
				 &tm);
		return;
	}
	/* user, account, partition: a Slurm job's, else the run's tag of
	 * that name */
	v = !strcmp(by, "user")	     ? r->user
	    : !strcmp(by, "account") ? r->account
				     : r->partition;
	if (!*v)
		v = lca_run_tag_get(r, by);
	if (v)
		lca__strlcpy(out, v, n);
}

static int on_group_run(const lca_run *r, void *ud)
{
	runs_ctx *c = ud;
	double v[NSUMS];
	char key[200];
	int i, k;

	if (!lca_runs_query_match(c->q, r))
		return 0;
	group_key(c->by, r, key, sizeof(key));
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
	for (k = 0; k < NSUMS; k++)
		if (!isnan(v[k]))
			c->g[i].sum[k] += v[k];
	return 0;
}

static int by_key(const void *a, const void *b)
{
	return strcmp(((const group *)a)->key, ((const group *)b)->key);
}

static int known_grouping(const char *by)
{
	return !strcmp(by, "user") || !strcmp(by, "account") ||
	       !strcmp(by, "partition") || !strcmp(by, "day") ||
	       !strcmp(by, "month");
}

/* The groups as a table: key, runs, the five sums (text: key, runs,
 * energy, total). */
static int groups_table(runs_ctx *c, lca__table *t, lca__col *cols)
{
	int i, k, rc = 0;

	memset(cols, 0, (2 + NSUMS) * sizeof(*cols));
	cols[0] = (lca__col){c->by, NULL, 0,	-20,	  NULL,
			     NULL,  NULL, NULL, "(none)", LCA__COL_QUOTE};
	cols[1] = (lca__col){"runs", "RUNS", 0,	     6,	   NULL,
			     NULL,   "%.0f", "%.0f", NULL, 0};
	for (k = 0; k < NSUMS; k++)
		cols[2 + k] = (lca__col){sum_names[k],
					 k == 0	  ? "ENERGY_KWH"
					 : k == 4 ? "TOTAL_KGCO2E"
						  : NULL,
					 k == 0 || k == 4 ? 0u : C | J,
					 14,
					 NULL,
					 NULL,
					 NULL,
					 NULL,
					 NULL,
					 0};
	lca__table_init(t, "runs", cols, 2 + NSUMS);
	t->json_key = "groups";
	t->meta_key = "group_by";
	t->meta_value = c->by;
	t->json_pretty = 1;
	for (i = 0; !rc && i < c->n; i++) {
		lca__cell *row = lca__table_row(t);
		if (!row)
			return LCA_ENOMEM;
		rc |= lca__cell_str(&row[0], c->g[i].key);
		rc |= lca__cell_num(&row[1], (double)c->g[i].runs, NULL);
		for (k = 0; k < NSUMS; k++)
			rc |= lca__cell_num(&row[2 + k], c->g[i].sum[k], NULL);
	}
	return rc ? LCA_ENOMEM : 0;
}

int lca_runs_render(lca_ledger *l, const lca_runs_query *q, const char *format,
		    lca_buf *out, lca_error *err)
{
	const lca__format *f;
	lca__col cols[2 + NSUMS];
	lca__table t;
	runs_ctx c;
	int rc;

	rc = lca__format_get(format, LCA__K_TABLE, &f, err);
	if (rc)
		return rc;
	memset(&c, 0, sizeof(c));
	c.q = q;
	c.by = q ? q->group_by : NULL;
	if (c.by && !known_grouping(c.by))
		return lca_error_set(err, LCA_EUSAGE, "group_by",
				     "unknown grouping '%s' (expected user, "
				     "account, partition, day or month)",
				     c.by);
	if (c.by) {
		rc = lca_ledger_each_run(l, on_group_run, &c, err);
		if (!rc && c.oom)
			rc = LCA_ENOMEM;
		if (!rc && c.n)
			qsort(c.g, (size_t)c.n, sizeof(*c.g), by_key);
		if (!rc)
			rc = groups_table(&c, &t, cols);
		free(c.g);
	} else {
		lca__table_init(&t, "runs", (lca__col *)run_cols, R__COUNT);
		t.json_key = "runs";
		t.json_pretty = 1;
		c.t = &t;
		rc = lca_ledger_each_run(l, on_run, &c, err);
		if (!rc && c.oom)
			rc = LCA_ENOMEM;
	}
	if (!rc)
		rc = f->table(&t, out);
	lca__table_release(&t);
	if (rc == LCA_ENOMEM)
		return lca_error_set(err, LCA_ENOMEM, "runs", "out of memory");
	return rc;
}

/* ---- one run in full ------------------------------------------------- */

typedef struct show_ctx {
	cJSON *arr;
	lca_buf *out;
} show_ctx;

static int each_assumption(const char *name, const char *value,
			   const char *unit, const char *source, void *ud)
{
	show_ctx *c = ud;

	if (c->arr) {
		cJSON *o = cJSON_CreateObject();
		if (!o)
			return 1;
		cJSON_AddStringToObject(o, "name", name ? name : "");
		cJSON_AddStringToObject(o, "value", value ? value : "");
		cJSON_AddStringToObject(o, "unit", unit ? unit : "");
		cJSON_AddStringToObject(o, "source", source ? source : "");
		cJSON_AddItemToArray(c->arr, o);
		return 0;
	}
	return lca_buf_printf(c->out, "  %-28s %s %s  [%s]\n", name, value,
			      unit ? unit : "", source ? source : "") != 0;
}

static int show_json(lca_ledger *l, const lca_run *r, lca_buf *out,
		     lca_error *err)
{
	lca__table t;
	lca__cell *row;
	show_ctx c;
	cJSON *o = NULL, *devs;
	char *text;
	int i, rc;

	lca__table_init(&t, "runs", (lca__col *)run_cols, R__COUNT);
	row = lca__table_row(&t);
	if (row && !run_row(row, r))
		o = lca__table_row_json(&t, 0);
	lca__table_release(&t);
	if (!o)
		return lca_error_set(err, LCA_ENOMEM, "runs", "out of memory");
	/* "devices" is the per-device array here; the listing's count of
	 * accelerators (one key, one meaning in an object) is device_count */
	cJSON_Delete(cJSON_DetachItemFromObjectCaseSensitive(o, "devices"));
	cJSON_AddItemToObject(o, "device_count", lca__json_num(r->devices));
	devs = cJSON_AddArrayToObject(o, "devices");
	for (i = 0; devs && i < r->ndev; i++) {
		cJSON *d = cJSON_CreateObject();
		if (!d)
			break;
		cJSON_AddStringToObject(d, "device", r->dev[i].device);
		cJSON_AddStringToObject(d, "kind", r->dev[i].kind);
		cJSON_AddNumberToObject(d, "samples",
					(double)r->dev[i].samples);
		cJSON_AddItemToObject(d, "energy_j",
				      lca__json_num(r->dev[i].energy_j));
		cJSON_AddNumberToObject(d, "gaps", (double)r->dev[i].gaps);
		cJSON_AddItemToArray(devs, d);
	}
	c.arr = cJSON_AddArrayToObject(o, "assumptions");
	c.out = out;
	rc = lca_ledger_each_assumption(l, r->id, each_assumption, &c, err);
	text = cJSON_Print(o);
	if (!rc &&
	    !(text && !lca_buf_puts(out, text) && !lca_buf_puts(out, "\n")))
		rc = lca_error_set(err, LCA_ENOMEM, "runs", "out of memory");
	cJSON_free(text);
	cJSON_Delete(o);
	return rc;
}

static int show_text(lca_ledger *l, const lca_run *r, lca_buf *out,
		     lca_error *err)
{
	char s[32], e[32], q[5][64];
	show_ctx c;
	int i, rc = 0;

	iso(s, sizeof(s), r->start);
	iso(e, sizeof(e), r->end);
	rc |= lca_buf_printf(out,
			     "run %lld: %s\n  source %s, %s, %s\n  from %s to "
			     "%s (%.6g s)\n",
			     r->id, r->name, r->source, r->status, r->method, s,
			     e, r->end - r->start);
	if (r->exit_status >= 0)
		rc |= lca_buf_printf(out, "  exit status %d\n", r->exit_status);
	if (r->job_id[0]) {
		rc |= lca_buf_printf(out,
				     "  slurm job %s: user %s, account %s, "
				     "partition %s, %s\n",
				     r->job_id, r->user[0] ? r->user : "-",
				     r->account[0] ? r->account : "-",
				     r->partition[0] ? r->partition : "-",
				     r->exit_state[0] ? r->exit_state : "-");
		for (i = 0; i < r->nnodes; i++)
			rc |= lca_buf_printf(
			    out, "    node %-20s %.6g kWh, %.6g kgCO2e%s%s\n",
			    r->node[i].node, r->node[i].energy_kwh,
			    r->node[i].total_kgco2e,
			    r->node[i].gpus[0] ? ", gpus " : "",
			    r->node[i].gpus);
	}
	if (r->ntags) {
		rc |= lca_buf_puts(out, "  tags ");
		for (i = 0; i < r->ntags; i++)
			rc |= lca_buf_printf(out, "%s%s=%s", i ? ", " : "",
					     r->tags[i].key, r->tags[i].value);
		rc |= lca_buf_puts(out, "\n");
	}
	/* masses and energies for people; json keeps them in full */
	lca_format_human(q[0], sizeof(q[0]), r->energy_kwh, LCA_Q_ENERGY);
	lca_format_human(q[1], sizeof(q[1]), r->facility_energy_kwh,
			 LCA_Q_ENERGY);
	lca_format_human(q[2], sizeof(q[2]), r->operational_kgco2e, LCA_Q_MASS);
	lca_format_human(q[3], sizeof(q[3]), r->embodied_kgco2e, LCA_Q_MASS);
	lca_format_human(q[4], sizeof(q[4]), r->total_kgco2e, LCA_Q_MASS);
	rc |= lca_buf_printf(out,
			     "\nfootprint\n  measured IT energy   %s\n"
			     "  facility energy      %s (PUE %.4g)\n"
			     "  operational          %s CO2e (grid %.6g "
			     "gCO2e/kWh)\n"
			     "  embodied             %s CO2e\n"
			     "  total                %s CO2e\n\ndevices\n",
			     q[0], q[1], r->pue, q[2], r->grid_gco2_per_kwh,
			     q[3], q[4]);
	for (i = 0; i < r->ndev; i++)
		rc |= lca_buf_printf(
		    out, "  %-16s %-6s %10lld samples %14.6g J%s\n",
		    r->dev[i].device, r->dev[i].kind, r->dev[i].samples,
		    r->dev[i].energy_j,
		    r->dev[i].gaps ? " (gaps not bridged)" : "");
	rc |= lca_buf_puts(out, "\nassumptions\n");
	if (rc)
		return lca_error_set(err, LCA_ENOMEM, "runs", "out of memory");
	c.arr = NULL;
	c.out = out;
	return lca_ledger_each_assumption(l, r->id, each_assumption, &c, err);
}

int lca_run_render(lca_ledger *l, long long id, const char *format,
		   lca_buf *out, lca_error *err)
{
	lca_run *r;
	int rc;

	if (!format || (strcmp(format, "text") && strcmp(format, "json")))
		return lca_error_set(err, LCA_EUSAGE, "format",
				     "unknown format '%s' (expected text or "
				     "json)",
				     format ? format : "");
	r = calloc(1, sizeof(*r));
	if (!r)
		return lca_error_set(err, LCA_ENOMEM, "runs", "out of memory");
	rc = lca_ledger_get_run(l, id, r, err);
	if (!rc)
		rc = !strcmp(format, "json") ? show_json(l, r, out, err)
					     : show_text(l, r, out, err);
	lca_run_release(r);
	free(r);
	return rc;
}
