/* SPDX-License-Identifier: MIT */
/* reports.c: the format registry.  One row per format, with its renderer
 * for each kind of output (a footprint, a report, a plan, a listing); a
 * format that does not render a kind has NULL there.  Every command and
 * every door (lca/door.h, lca serve, the Python package) finds its
 * renderer here, so adding a format is adding a row. */
#include <string.h>

#include "reports.h"
#include "lca/plan.h"
#include "lca/report.h"
#include "../engine/lca_int.h"
#include "../engine/banned.h"

static const lca__format formats[] = {
    {"text", &lca_report_text, lca__report_text, lca__plan_text,
     lca__table_text},
    {"json", &lca_report_json, lca__report_json, lca__plan_json,
     lca__table_json},
    {"csv", &lca_report_csv, lca__report_csv, lca__plan_csv, lca__table_csv},
    {"md", &lca_report_md, lca__report_md, NULL, lca__table_md},
    {"html", &lca_report_html, lca__report_html, lca__plan_html,
     lca__table_html},
    {"svg", &lca_report_svg, lca__report_svg, NULL, NULL},
};

#define NFORMATS ((int)(sizeof(formats) / sizeof(formats[0])))

static int renders(const lca__format *f, int kind)
{
	switch (kind) {
	case LCA__K_FOOTPRINT:
		return f->footprint != NULL;
	case LCA__K_REPORT:
		return f->report != NULL;
	case LCA__K_PLAN:
		return f->plan != NULL;
	default:
		return f->table != NULL;
	}
}

const char *lca__format_list(int kind, char *buf, size_t n)
{
	int i, k = 0, total = 0;
	size_t at = 0;

	for (i = 0; i < NFORMATS; i++)
		total += renders(&formats[i], kind);
	buf[0] = '\0';
	for (i = 0; i < NFORMATS && at < n; i++) {
		if (!renders(&formats[i], kind))
			continue;
		lca__fmt(buf + at, n - at, "%s%s",
			 !k		  ? ""
			 : k == total - 1 ? " or "
					  : ", ",
			 formats[i].name);
		at += strlen(buf + at);
		k++;
	}
	return buf;
}

int lca__format_get(const char *name, int kind, const lca__format **out,
		    lca_error *err)
{
	char list[128];
	int i;

	*out = NULL;
	for (i = 0; name && i < NFORMATS; i++)
		if (!strcmp(formats[i].name, name) &&
		    renders(&formats[i], kind)) {
			*out = &formats[i];
			return 0;
		}
	return lca_error_set(
	    err, LCA_EUSAGE, "format", "unknown format '%s' (expected %s)",
	    name ? name : "", lca__format_list(kind, list, sizeof(list)));
}

const lca_renderer *lca_renderer_find(const char *name)
{
	const lca__format *f;

	return lca__format_get(name, LCA__K_FOOTPRINT, &f, NULL) ? NULL
								 : f->footprint;
}

const char *lca_renderer_names(void)
{
	return "text, json, csv, md, html, svg";
}

/* ---- the doors: each finds its renderer here ------------------------ */

int lca_report_render(const lca_report *r, const char *format, lca_buf *out,
		      lca_error *err)
{
	const lca__format *f;
	int rc;

	if (!r->nruns && !r->fp)
		return lca_error_set(err, LCA_EUSAGE, "report",
				     "nothing to report");
	if (r->nruns > 256)
		return lca_error_set(err, LCA_ERANGE, "compare",
				     "at most 256 runs side by side");
	rc = lca__format_get(format, LCA__K_REPORT, &f, err);
	return rc ? rc : f->report(r, out, err);
}

int lca_plan_render(const lca_plan_result *r, const char *format, lca_buf *out,
		    lca_error *err)
{
	const lca__format *f;
	int rc = lca__format_get(format, LCA__K_PLAN, &f, err);

	if (rc)
		return rc;
	rc = f->plan(r, out);
	return rc ? lca_error_set(err, LCA_ENOMEM, "plan", "out of memory") : 0;
}

int lca__table_render(const lca__table *t, const char *format, lca_buf *out,
		      lca_error *err)
{
	const lca__format *f;
	int rc = lca__format_get(format, LCA__K_TABLE, &f, err);

	if (rc)
		return rc;
	rc = f->table(t, out);
	return rc ? lca_error_set(err, LCA_ENOMEM, t->what, "out of memory")
		  : 0;
}
