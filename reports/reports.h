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

#endif
