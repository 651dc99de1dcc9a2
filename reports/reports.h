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

#endif
