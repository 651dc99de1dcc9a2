/* SPDX-License-Identifier: MIT */
/* report_md.c: the Markdown report, in the shape of the BLOOM study's Table 3
 * (Luccioni et al. 2023) with a reproducibility appendix. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lca/series.h"
#include "reports.h"
#include "../engine/lca_int.h"
#include "../engine/banned.h"

/* Markdown table cells: '|' and newlines would break the row. */
static int cell(lca_buf *b, const char *s)
{
	return lca__md_cell(b, s);
}

static int appendix(const lca_report *r, lca_buf *b)
{
	char sw[LCA__SOFTWARE_LEN];
	int rc = 0;

	rc |= lca_buf_puts(b, "## Reproducibility\n\n");
	rc |= lca_buf_printf(b, "- lca version: `%s`\n", LCA_VERSION);
	rc |= lca_buf_printf(b,
			     "- catalog version: `%s` (content hash of `%s`)\n",
			     r->catalog_version ? r->catalog_version : "-",
			     r->datasets_dir ? r->datasets_dir : "datasets/");
	rc |= lca_buf_printf(b, "- software: %s\n", lca__software(sw));
	if (r->command_line)
		rc |= lca_buf_printf(b, "- command line: `%s`\n",
				     r->command_line);
	if (r->inputs)
		rc |= lca_buf_printf(b, "- inputs:\n\n```json\n%s\n```\n",
				     r->inputs);
	return rc;
}

static int compare(const lca_report *r, lca_buf *b)
{
	int idx[256], rc;

	lca__report_order(r, idx);
	rc = lca_buf_printf(b, "# lca leaderboard: %d runs by total CO2e\n\n",
			    r->nruns);
	rc |= lca__report_leaderboard(b, r, idx, 0) ? 1 : 0;
	return rc | lca_buf_puts(b, "\n");
}

int lca__report_md(const lca_report *r, lca_buf *b, lca_error *err)
{
	const lca_footprint *fp = r->fp;
	lca__summary s;
	int rc = 0;

	if (r->nruns) {
		rc = compare(r, b) | appendix(r, b);
		goto done;
	}
	lca__report_summary(fp, &s);
	rc |= lca_buf_printf(b, "# %s: lifecycle footprint\n\n",
			     r->title ? r->title : "lca report");
	rc |= lca_buf_puts(b, "## Summary\n\n");
	rc |= lca_buf_printf(b,
			     "- total: **%s CO2e** (operational %s, embodied "
			     "%s)\n- facility energy: %s (after PUE)\n"
			     "- device-hours: %s\n",
			     s.total, s.operational, s.embodied, s.energy,
			     s.device_hours);
	rc |= lca_buf_printf(b,
			     "- Scope 2 (GHG Protocol): location-based %s, "
			     "market-based %s\n",
			     s.operational, s.market);
	rc |= lca_buf_puts(b, "\n## Lifecycle (as in Luccioni et al. 2023, "
			      "Table 3)\n\n");
	rc |= lca__report_lifecycle(b, fp, 0, 0);
	rc |= lca_buf_puts(b, "## Energy by component\n\n");
	rc |= lca__report_lifecycle(b, fp, 1, 0);
	rc |= lca_buf_puts(b, "## Grid and PUE\n\n");
	rc |= lca__report_grid_pue(b, fp, 0) ? 1 : 0;
	if (r->nhourly > 0 && r->hourly) {
		char t0[32], t1[32];
		lca_time_format(r->hourly_start, t0, sizeof(t0));
		lca_time_format(r->hourly_start + 3600LL * r->nhourly, t1,
				sizeof(t1));
		rc |= lca_buf_printf(b,
				     "\n## Hourly grid intensity\n\n%s to %s "
				     "(UTC, %d h",
				     t0, t1, r->nhourly);
		if (r->hourly_source) {
			rc |= lca_buf_puts(b, "; ");
			rc |= cell(b, r->hourly_source);
		}
		rc |= lca_buf_puts(b, "):\n\n    ");
		rc |= lca__hourly_line(b, r);
		rc |= lca_buf_puts(b, "\n");
	}
	rc |= lca__report_tables(r, b, 0) ? 1 : 0;
	rc |= appendix(r, b);
done:
	return rc ? lca_error_set(err, LCA_ENOMEM, "md", "out of memory") : 0;
}

static int render(const lca_footprint *fp, const lca_uncertainty *unc,
		  lca_buf *out, lca_error *err)
{
	(void)unc;
	return lca__report_of(fp, lca__report_md, out, err);
}

const lca_renderer lca_report_md = {"md", render};
