/* SPDX-License-Identifier: MIT */
/* door.h: the short way into liblca for embedders that do not want its
 * structs (Python through ctypes, an HTTP server): inputs as key/value text
 * or JSON in, a footprint as numbers or rendered text out. */
#ifndef LCA_DOOR_H
#define LCA_DOOR_H

#include "lca.h"
#include "audit.h"
#include "ledger.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Errors without the struct.  A caller that cannot mirror lca_error's
 * layout allocates lca_error_sizeof() bytes (zeroed) and reads it through
 * these.  lca_error_field() is the input field (LCA_F_*) an error is
 * about, found from where ("pue", "--pue", "job.json: phases[0].pue"), or
 * -1 when it is not about one field.
 */
LCA_EXTERN size_t lca_error_sizeof(void);
LCA_EXTERN int lca_error_code(const lca_error *err);
LCA_EXTERN const char *lca_error_where(const lca_error *err);
LCA_EXTERN const char *lca_error_message(const lca_error *err);
LCA_EXTERN int lca_error_field(const lca_error *err);

/*
 * A request: the inputs of one estimate, then its footprint.  Not shared
 * between threads while a call on it runs; separate requests (each with
 * its own catalog handle) may be used from different threads at once.
 * Free with lca_request_free() (NULL-safe).  0 or LCA_ENOMEM.
 */
typedef struct lca_request lca_request;

LCA_EXTERN int lca_request_new(lca_request **out, lca_error *err);
LCA_EXTERN void lca_request_free(lca_request *rq);
/* Empties rq for the next estimate (inputs, options, result), keeping its
 * memory: a caller doing many estimates reuses requests. */
LCA_EXTERN void lca_request_reset(lca_request *rq);

/*
 * Sets one input from its text form, as `lca estimate` takes it.  key is
 * any field of LCA_FIELD_MAP ('-' and '_' are the same: "gpu_hours"),
 * or one of
 *   "job"          a job file (JSON) path; the set fields win over it
 *   "job_json"     a job as JSON text; the same
 *   "uncertainty"  "1"/"true" for a Monte Carlo interval, "0"/"false"
 *   "samples"      Monte Carlo draws (100..1e8, default 100000)
 *   "seed"         Monte Carlo seed (0..4294967295, default 1)
 *   "tag"          "KEY=VALUE", a run's tag (lca_request_track), as
 *                  lca_run_tag_parse takes it; may be given again
 * and the options of a report (lca_request_report) and a plan
 * (lca_request_plan), as lca report and lca plan take them:
 *   "title"        report title (default: the job's name)
 *   "regions"      report: regions to compare, "A,B" ("none": none;
 *                  default LCA_REPORT_REGIONS); plan: candidate
 *                  regions "A,B" or "all"
 *   "command_line" report: the command for the reproducibility appendix
 *   "window", "pause_resume", "max_stretch", "year", "from", "to",
 *   "budget_kg", "deadline", "budget_scope"   plan options
 * Errors (err->where is the key, so lca_error_field() names the field):
 * LCA_EUSAGE for an unknown key or malformed value, LCA_ERANGE for a value
 * out of the field's range, LCA_ENOMEM.
 */
LCA_EXTERN int lca_request_set(lca_request *rq, const char *key,
			       const char *value, lca_error *err);

/*
 * Computes the footprint of the inputs set so far (and the Monte Carlo
 * interval when asked) with lca_compute_totals(), the one formula (the
 * text of a numeric assumption is written when it is read or rendered).  The
 * request keeps the result until the next compute or free.  Errors as
 * lca_compute, lca_job_load_file and lca_uncertainty_run.
 */
LCA_EXTERN int lca_request_compute(lca_catalog *cat, lca_request *rq,
				   lca_error *err);

/*
 * The computed footprint rendered as format (a renderer of
 * lca_renderer_find: "text", "json", "csv", "md", "html"), appended to
 * out (caller-owned), exactly what `lca estimate --format F` prints.
 * LCA_EUSAGE for an unknown format or a request not computed.
 */
LCA_EXTERN int lca_request_render(lca_request *rq, const char *format,
				  lca_buf *out, lca_error *err);

/*
 * A number of the computed footprint by its JSON key in the total:
 * "total_kgco2e", "operational_kgco2e", "embodied_kgco2e",
 * "device_hours", "energy_kwh", "it_energy_kwh", "pue",
 * "grid_gco2_per_kwh"; NaN for another key or before a compute.
 */
LCA_EXTERN double lca_request_number(const lca_request *rq, const char *key);

/* The computed footprint itself (owned by rq); NULL before a compute. */
LCA_EXTERN const lca_footprint *lca_request_footprint(const lca_request *rq);

/*
 * Assumption i (0 <= i < lca_request_nassumptions()) of the computed
 * footprint: pointers owned by rq, valid until the next compute or free;
 * any out-pointer may be NULL.  *number is NaN when the value is not a
 * number (then *value is the value); a caller that reads *number first
 * and asks for *value only when it is NaN spares the formatting of the
 * numbers' texts.  LCA_ERANGE for i out of range, LCA_ENOMEM.
 */
LCA_EXTERN int lca_request_nassumptions(const lca_request *rq);
LCA_EXTERN int lca_request_assumption(lca_request *rq, int i, const char **name,
				      const char **value, double *number,
				      const char **unit, const char **source);

/*
 * The first n assumptions at once (n at most lca_request_nassumptions()),
 * for callers where a call costs more than the copying (ctypes): appends
 * to text, per assumption, name US value US unit US source RS (US = 0x1f,
 * RS = 0x1e; value empty when it is a number) and sets numbers[i] (NaN
 * when the value is text).  0 or LCA_ENOMEM.
 */
LCA_EXTERN int lca_request_assumptions(lca_request *rq, lca_buf *text,
				       double *numbers, int n, lca_error *err);

/*
 * The report of the request's inputs (lca_compute, then the same job in
 * other regions, the hourly grid, equivalents, the appendix) as format:
 * "text", "md", "json", "csv", "html" or "svg", appended to out: what
 * `lca report --format F -- <inputs>` prints.  Errors as
 * lca_request_compute, LCA_EUSAGE for an unknown format.
 */
LCA_EXTERN int lca_request_report(lca_catalog *cat, lca_request *rq,
				  const char *format, lca_buf *out,
				  lca_error *err);

/* Regions a reader knows, from low- to high-carbon grids: a report's
 * comparison when none is given. */
#define LCA_REPORT_REGIONS "SE,FR,US,DE,IN,WORLD"

/*
 * The plan of the request's job (lca_plan_run: where and when to run it)
 * or, with "budget_kg", what fits in the budget (lca_plan_budget), as
 * format ("text", "json", "csv", "html"; a budget "text" or "json"),
 * appended to out: what `lca plan` prints.  Without "from", "to" or
 * "year" the plan starts at this hour.  LCA_EUSAGE / LCA_ERANGE for an
 * option out of place or range (where is its key), else as lca_plan_run.
 */
LCA_EXTERN int lca_request_plan(lca_catalog *cat, lca_request *rq,
				const char *format, lca_buf *out,
				lca_error *err);

/*
 * Run id of l as a report (lca report --run ID): its recorded energies and
 * CO2e, tags and assumptions; title NULL: "Run ID: NAME [tags]".
 */
LCA_EXTERN int lca_run_report_render(lca_catalog *cat, lca_ledger *l,
				     long long id, const char *title,
				     const char *format, lca_buf *out,
				     lca_error *err);

/*
 * Which claims an audit recomputes: exactly one of a claims file, claims
 * as JSON text (an array, one claim, or {"claims": [...]}), shipped claims
 * by id, or every shipped claim (the catalog's
 * datasets/claims/published_claims.json).  LCA_AUDIT_QUERY_INIT.
 */
typedef struct lca_audit_query {
	int version; /* LCA_AUDIT_QUERY_VERSION */
	const char *claims_file;
	const char *claims_json;
	const char *const *ids;
	int nids;
	int all;
} lca_audit_query;

#define LCA_AUDIT_QUERY_VERSION 1
#define LCA_AUDIT_QUERY_INIT                                    \
	{                                                       \
		LCA_AUDIT_QUERY_VERSION, NULL, NULL, NULL, 0, 0 \
	}

/*
 * The claims q names, audited (lca_audit_claim) and rendered
 * (lca_audit_render) as format, appended to out: what `lca audit` prints.
 * LCA_EUSAGE for a format the audit does not render or not exactly one
 * choice in q, LCA_ENOTFOUND for an unknown id, claim errors as
 * lca_claims_parse_json.
 */
LCA_EXTERN int lca_audit_query_render(lca_catalog *cat,
				      const lca_audit_query *q,
				      const char *format, lca_buf *out,
				      lca_error *err);

/* ------------------------------------------------------------------ */
/* Tracking the calling process (lca track measures a command it runs). */
/* ------------------------------------------------------------------ */

/*
 * Starts measuring the calling process (lca_tracker_start) with rq's
 * fields as the run's site (region, grid, pue, gpu, cpu, ...) and its
 * "tag"s; name (NULL: "python") names the run.  The tracker uses cat and
 * l (may be NULL) until freed: give it handles no other thread uses
 * meanwhile.
 */
LCA_EXTERN int lca_request_track(lca_tracker **out, lca_catalog *cat,
				 lca_ledger *l, const lca_request *rq,
				 const char *name, double interval_s,
				 lca_error *err);

/* The tracker's footprint rendered as lca_request_render does. */
LCA_EXTERN int lca_tracker_render(const lca_tracker *t, const char *format,
				  lca_buf *out, lca_error *err);

/* ------------------------------------------------------------------ */
/* Listings: the ledger's runs, rendered as the formats of the registry */
/* ------------------------------------------------------------------ */

/*
 * Which runs a listing shows, and how.  Initialise with
 * LCA_RUNS_QUERY_INIT (later versions add fields at the end).
 *   group_by  NULL: one row per run; "user", "account", "partition" (the
 *             run's tag of that name), "day" or "month" (UTC, of the
 *             start): one row per group with the run count and the sums
 *   since, until  with has_since / has_until: only runs that started in
 *             [since, until) (seconds since 1970 UTC)
 */
typedef struct lca_runs_query {
	int version; /* LCA_RUNS_QUERY_VERSION */
	const char *group_by;
	int has_since, has_until;
	double since, until;
} lca_runs_query;

#define LCA_RUNS_QUERY_VERSION 1
#define LCA_RUNS_QUERY_INIT                              \
	{                                                \
		LCA_RUNS_QUERY_VERSION, NULL, 0, 0, 0, 0 \
	}

/* 1 when run r is in q's window (q may be NULL: every run). */
LCA_EXTERN int lca_runs_query_match(const lca_runs_query *q, const lca_run *r);

/*
 * The runs of l that q selects (q may be NULL: all, newest first) as
 * format: "text", "json" ({"runs": [...]}, or {"group_by", "groups"}),
 * "csv", "md" or "html", appended to out (caller-owned): what `lca runs`
 * prints.  LCA_EUSAGE for another format or grouping (where "format" /
 * "group_by"), ledger errors as lca_ledger_each_run, LCA_ENOMEM.
 */
LCA_EXTERN int lca_runs_render(lca_ledger *l, const lca_runs_query *q,
			       const char *format, lca_buf *out,
			       lca_error *err);

/*
 * Run id of l in full (its devices and stored assumptions) as "text" or
 * "json": what `lca runs show ID` prints.  LCA_ENOTFOUND when there is no
 * such run, LCA_EUSAGE for another format.
 */
LCA_EXTERN int lca_run_render(lca_ledger *l, long long id, const char *format,
			      lca_buf *out, lca_error *err);

#ifdef __cplusplus
}
#endif
#endif
