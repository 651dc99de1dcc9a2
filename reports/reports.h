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
extern const char *const lca__component_labels[LCA_C__COUNT];
int lca__report_md(const lca_report *r, lca_buf *out, lca_error *err);
int lca__report_html(const lca_report *r, lca_buf *out, lca_error *err);
/* kg with a readable unit: "50.5 t", "812 kg", "3.2 g". */
void lca__mass(char *dst, size_t n, double kg);
/* A table number: "-" for NaN, whole above 1000, else 4 digits. */
void lca__n(char *dst, size_t n, double v);
/* 100 x v / total, NaN when total is not positive. */
double lca__share(double v, double total);
/* Fills idx[0..r->nruns) with run indices by ascending total CO2e. */
int lca__report_order(const lca_report *r, int *idx);
/* One line of Unicode bars for v[0..n) between lo and hi (averaging
 * buckets beyond 72 characters), and under it "^" where run[] > 0 (run
 * may be NULL). */
int lca__sparkline(lca_buf *b, const double *v, const double *run, int n,
		   double lo, double hi);
/* The assumptions of fp as a JSON array (cJSON *; NULL when out of memory). */
struct cJSON;
struct cJSON *lca__json_assumptions(const lca_footprint *fp);
/* Library and compiler versions, for the reproducibility appendix. */
const char *lca__software(void);

#endif
