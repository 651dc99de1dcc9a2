/* SPDX-License-Identifier: MIT */
/* reports.h: the renderers behind lca_renderer (internal). */
#ifndef LCA_REPORTS_H
#define LCA_REPORTS_H

#include "lca/lca.h"

extern const lca_renderer lca_report_text;
extern const lca_renderer lca_report_json;
extern const lca_renderer lca_report_csv;

/* JSON/CSV names of the components, indexed by enum lca_component. */
extern const char *const lca_component_names[LCA_C__COUNT];

/* Full reports (report.h); the md and html renderers above wrap them. */
#include "lca/report.h"
extern const lca_renderer lca_report_md;
extern const lca_renderer lca_report_html;
extern const lca_renderer lca_report_svg;
extern const char *const lca__component_labels[LCA_C__COUNT];
/* The label of component c in r: what r's dynamic energy is (a measured
 * run's devices) where it says, else lca__component_labels[c]. */
const char *lca__component_label(const lca_phase_result *r, int c);
int lca__report_md(const lca_report *r, lca_buf *out, lca_error *err);
/* A footprint alone through a report renderer (lca estimate --format md,
 * html, svg). */
int lca__report_of(const lca_footprint *fp,
		   int (*report)(const lca_report *, lca_buf *, lca_error *),
		   lca_buf *out, lca_error *err);
int lca__report_html(const lca_report *r, lca_buf *out, lca_error *err);
/* The chart alone as a standalone SVG document (the lifecycle chart, or
 * the runs side by side for a comparison). */
int lca__report_svg(const lca_report *r, lca_buf *out, lca_error *err);
/* An assumption's value for people: below 1e9, its number by
 * lca_format_human where the stored text would show an exponent or lack
 * thousands separators, else the stored text; returns buf or a->value. */
const char *lca__assumption_text(const lca_assumption *a, char *buf, size_t n);
/* 100 x v / total, NaN when total is not positive. */
double lca__share(double v, double total);
/* Fills idx[0..r->nruns) with run indices by ascending total CO2e. */
int lca__report_order(const lca_report *r, int *idx);
/* The assumptions of fp as a JSON array (cJSON *; NULL when out of memory). */
struct cJSON;
struct cJSON *lca__json_assumptions(const lca_footprint *fp);
/* Appends s as a Markdown table cell ('|' escaped, newlines as spaces). */
int lca__md_cell(lca_buf *b, const char *s);
/* Appends s as one CSV field (RFC 4180: quoted when it holds a comma, a
 * quote or a line break); 0 or LCA_ENOMEM. */
int lca__csv_field(lca_buf *b, const char *s);
/* Appends s escaped for HTML/SVG text and attributes; 0 or LCA_ENOMEM. */
int lca__html_esc(lca_buf *b, const char *s);
/* Library and compiler versions, for the reproducibility appendix, written
 * to buf (LCA__SOFTWARE_LEN bytes); returns buf. */
#define LCA__SOFTWARE_LEN 256
const char *lca__software(char *buf);

/* Min, mean and max of v[0..n) without the NaNs (NaN if all are). */
void lca__hourly_stats(const double *v, int n, double *min, double *mean,
		       double *max);
/* Cells in a sparkline at most. */
#define LCA_SPARK_MAX 72
/* Appends a sparkline of v[0..n) in U+2581..U+2588 blocks, one per value,
 * or at most width (<= LCA_SPARK_MAX) cells each the mean of its values;
 * a space for a cell with no value.  0 or LCA_ENOMEM. */
int lca__sparkline(lca_buf *b, const double *v, int n, int width);
/* The sparkline of r's hourly grid intensity and its min, mean and max:
 * "<sparkline>  min 160  mean 251  max 340 gCO2e/kWh" (no newline). */
int lca__hourly_line(lca_buf *b, const lca_report *r);

/* ------------------------------------------------------------------ */
/* Listings: runs, run groups, catalog tables, grid series and audit   */
/* results as one table each, rendered by every format below.          */
/* ------------------------------------------------------------------ */

enum lca__cell_kind {
	LCA__CELL_NULL,
	LCA__CELL_STR,
	LCA__CELL_NUM,
	LCA__CELL_PAIRS, /* s: key US value RS ...: a json object */
	LCA__CELL_JSON	 /* s: JSON text, for json columns (a run's nodes) */
};

/* One cell; strings are owned by the table. */
typedef struct lca__cell {
	int kind;
	char *s;  /* STR; NUM: its text in text, csv, md and html when set */
	double v; /* NUM: NaN is null in json and empty in csv */
} lca__cell;

/* Which formats show a column (0: all). */
#define LCA__IN_TEXT 1u /* text */
#define LCA__IN_CSV  2u /* csv, md and html */
#define LCA__IN_JSON 4u /* json */

/* Column flags. */
#define LCA__COL_QUOTE 1u /* csv: always quoted */
#define LCA__COL_RIGHT 2u /* md: right-aligned */
#define LCA__COL_OPT   4u /* text: left out (with sep and end) when empty */
#define LCA__COL_ROUND 8u /* json: the number as its csv text reads */

typedef struct lca__col {
	const char *key;   /* json key; header of csv, md and html */
	const char *head;  /* text header (NULL: key) */
	unsigned in;	   /* LCA__IN_* (0: all) */
	int width;	   /* text: field width, negative left-aligned */
	const char *sep;   /* text: before the column (NULL: " "), not first */
	const char *end;   /* text: after the column (NULL: "") */
	const char *fmt;   /* a number in text, md, html: "%.<p>g" or "%.<p>f"
			      (NULL: "%.6g") */
	const char *csv;   /* a number in csv, the same (NULL: "%.10g") */
	const char *empty; /* text, md, html: an empty cell (NULL: "") */
	unsigned flags;	   /* LCA__COL_* */
} lca__col;

typedef struct lca__table {
	const char *what; /* for errors: "runs", "catalog list" */
	lca__col *cols;	  /* ncols, owned by the caller */
	int ncols;
	lca__cell *cells; /* nrows x ncols, row-major */
	int nrows, alloc;
	const char *json_key; /* {"<key>": [rows]}; NULL: the array alone */
	const char *meta_key, *meta_value; /* a string before the array */
	int json_pretty;		   /* cJSON_Print, else unformatted */
	int text_head;	   /* text: a header line (1) or none (0) */
	const char *title; /* html: the page's title */
} lca__table;

/* A table with ncols columns, no rows (t's cols/ncols set by caller). */
void lca__table_init(lca__table *t, const char *what, lca__col *cols,
		     int ncols);
void lca__table_release(lca__table *t);
/* Appends an empty row (every cell NULL); its cells, or NULL (ENOMEM). */
lca__cell *lca__table_row(lca__table *t);
/* Sets a cell: a copy of s (NULL: a null cell); a number (its text
 * from the column's formats, or s when not NULL).  0 or LCA_ENOMEM. */
int lca__cell_str(lca__cell *c, const char *s);
int lca__cell_num(lca__cell *c, double v, const char *s);
/* Key/value pairs (a run's tags): "k=v k=v" in text, md and html,
 * "k=v;k=v" in csv, an object in json. */
struct lca_run_tag;
/* A JSON value as a cell (printed unformatted; v stays the caller's). */
int lca__cell_json(lca__cell *c, const struct cJSON *v);
int lca__cell_pairs(lca__cell *c, const struct lca_run_tag *p, int n);
/* Row r as a JSON object (the json columns). */
struct cJSON *lca__table_row_json(const lca__table *t, int r);
/* Renders t as format (a name of the registry with a table renderer);
 * LCA_EUSAGE names the formats, LCA_ENOMEM. */
int lca__table_render(const lca__table *t, const char *format, lca_buf *out,
		      lca_error *err);

/* A number as JSON: null when not finite (NaN, inf). */
struct cJSON *lca__json_num(double v);
/* Appends item to b as cJSON_Print (format 1) or cJSON_PrintUnformatted
 * (format 0) prints it, byte for byte (json_out.c): 0, LCA_ENOMEM, or
 * LCA_EDATA where cJSON's printing fails (nothing is appended then). */
int lca__json_write(lca_buf *b, const struct cJSON *item, int format);

/* The registry: one row per format, with its renderer for each kind of
 * output (NULL where the format does not render that kind).  Adding a
 * format is adding a row. */
enum lca__kind {
	LCA__K_FOOTPRINT, /* lca estimate: lca_renderer */
	LCA__K_REPORT,	  /* lca report: lca_report_render */
	LCA__K_PLAN,	  /* lca plan: lca_plan_render */
	LCA__K_TABLE	  /* listings: runs, groups, catalog, grid, audit */
};
struct lca_plan_result;
typedef struct lca__format {
	const char *name;
	const lca_renderer *footprint;
	int (*report)(const lca_report *r, lca_buf *out, lca_error *err);
	int (*plan)(const struct lca_plan_result *r, lca_buf *out);
	int (*table)(const lca__table *t, lca_buf *out);
} lca__format;
/* The row of format name that renders kind; else LCA_EUSAGE ("unknown
 * format 'X' (expected a, b or c)", where "format"). */
int lca__format_get(const char *name, int kind, const lca__format **out,
		    lca_error *err);
/* The formats that render kind: "text, json, csv, md or html". */
const char *lca__format_list(int kind, char *buf, size_t n);

/* Table renderers (table.c) and the plan's (report_plan.c). */
int lca__table_text(const lca__table *t, lca_buf *out);
int lca__table_json(const lca__table *t, lca_buf *out);
int lca__table_csv(const lca__table *t, lca_buf *out);
int lca__table_md(const lca__table *t, lca_buf *out);
int lca__table_html(const lca__table *t, lca_buf *out);
int lca__plan_text(const struct lca_plan_result *r, lca_buf *out);
int lca__plan_json(const struct lca_plan_result *r, lca_buf *out);
int lca__plan_csv(const struct lca_plan_result *r, lca_buf *out);
int lca__plan_html(const struct lca_plan_result *r, lca_buf *out);
int lca__report_text(const lca_report *r, lca_buf *out, lca_error *err);
int lca__report_json(const lca_report *r, lca_buf *out, lca_error *err);
int lca__report_csv(const lca_report *r, lca_buf *out, lca_error *err);

/* ---- report_load.c ---- */
struct lca_job;
/* fp's report (job, when not NULL, gives the hourly grid and the region
 * comparisons; regions NULL: LCA_REPORT_REGIONS, "none": none) rendered as
 * format into out. */
int lca__report_footprint(lca_catalog *cat, const lca_footprint *fp,
			  const struct lca_job *job, const char *title,
			  const char *regions, const char *cmdline,
			  const char *inputs, const char *format, lca_buf *out,
			  lca_error *err);
/* The inputs for the appendix as JSON: the job file as read and the set
 * fields.  0 or LCA_ENOMEM. */
int lca__report_inputs(lca_buf *b, const char *job_file,
		       const struct lca_job *job);

/* ---- report_tables.c ---- */
/* The same job in other regions, the equivalents and the assumptions of
 * r as Markdown (html 0) or HTML tables; 0 or LCA_ENOMEM. */
int lca__report_tables(const lca_report *r, lca_buf *b, int html);
/* fp's CO2e (energy 0) or energy (1) per component and phase, with
 * shares, as a Markdown or HTML table; 0 or LCA_ENOMEM. */
int lca__report_lifecycle(lca_buf *b, const lca_footprint *fp, int energy,
			  int html);
/* Each phase's accelerator, region, PUE and grid intensity, as a Markdown
 * or HTML table (no title); 0 or LCA_ENOMEM. */
int lca__report_grid_pue(lca_buf *b, const lca_footprint *fp, int html);
/* The leaderboard of r's runs in the order idx (lca__report_order): rank,
 * run, device-hours, energy, CO2e, as a Markdown or HTML table (no title);
 * 0 or LCA_ENOMEM. */
int lca__report_leaderboard(lca_buf *b, const lca_report *r, const int *idx,
			    int html);
/* A footprint's headline figures, as people read them. */
typedef struct lca__summary {
	char total[64], operational[64], embodied[64], energy[64],
	    device_hours[64], market[64];
} lca__summary;
void lca__report_summary(const lca_footprint *fp, lca__summary *s);

#endif
