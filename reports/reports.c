/* SPDX-License-Identifier: MIT */
/* reports.c: the renderer registry. */
#include <string.h>

#include "reports.h"
#include "../engine/banned.h"

static const lca_renderer *const renderers[] = {&lca_report_text,
						&lca_report_json,
						&lca_report_csv,
						&lca_report_md,
						&lca_report_html,
						&lca_report_svg,
						NULL};

const lca_renderer *lca_renderer_find(const char *name)
{
	int i;

	for (i = 0; renderers[i]; i++)
		if (!strcmp(renderers[i]->name, name))
			return renderers[i];
	return NULL;
}

const char *lca_renderer_names(void)
{
	return "text, json, csv, md, html, svg";
}

const char *const lca_component_names[LCA_C__COUNT] = {
    "dynamic", "host", "idle", "infrastructure", "embodied"};
