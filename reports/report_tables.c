/* SPDX-License-Identifier: MIT */
/* report_tables.c: the markup (Markdown cells, HTML escapes) and texts
 * (component labels, shares, assumption values) every report format shares,
 * and the tables a report shows in Markdown and in HTML alike
 * -- the same job in other regions, the equivalents, the assumptions --
 * written once, each cell through the markup of its format. */
#include <math.h>
#include <string.h>

#include "reports.h"
#include "../engine/lca_int.h"
#include "../engine/banned.h"

/* ---- markup and texts every report format shares ---- */

/* Text for HTML and SVG (XML) content and attributes (reports.h). */
int lca__html_esc(lca_buf *b, const char *s)
{
	int rc = 0;

	for (; s && *s; s++) {
		switch (*s) {
		case '&':
			rc |= lca_buf_puts(b, "&amp;");
			break;
		case '<':
			rc |= lca_buf_puts(b, "&lt;");
			break;
		case '>':
			rc |= lca_buf_puts(b, "&gt;");
			break;
		case '"':
			rc |= lca_buf_puts(b, "&quot;");
			break;
		case '\'':
			rc |= lca_buf_puts(b, "&#39;");
			break;
		default:
			rc |= lca_buf_add(b, s, 1);
		}
	}
	return rc;
}

int lca__md_cell(lca_buf *b, const char *s)
{
	int rc = 0;

	for (; *s; s++) {
		if (*s == '|')
			rc |= lca_buf_puts(b, "\\|");
		else if (*s == '\n' || *s == '\r')
			rc |= lca_buf_puts(b, " ");
		else
			rc |= lca_buf_add(b, s, 1);
	}
	return rc;
}

const char *lca__assumption_text(const lca_assumption *a, char *buf, size_t n)
{
	/* counts from 1e9 up (parameters, tokens, FLOP) read best as 1.76e+11
	 */
	if (isnan(a->number) || fabs(a->number) >= 1e9 ||
	    (fabs(a->number) < 1000 && !strpbrk(a->value, "eE")))
		return a->value;
	lca_format_human(buf, n, a->number, LCA_Q_NUMBER);
	return buf;
}

double lca__share(double v, double total)
{
	return total > 0 ? 100.0 * v / total : LCA_NAN;
}

const char *const lca__component_labels[LCA_C__COUNT] = {
    "dynamic (accelerators)", "host (cpu, memory)", "idle",
    "infrastructure (pue)", "embodied (hardware)"};

const char *lca__component_label(const lca_phase_result *r, int c)
{
	if (c == LCA_C_DYNAMIC && r && r->dynamic_label[0])
		return r->dynamic_label;
	return lca__component_labels[c];
}

/* |v| >= 1000: whole, grouped by thousands; else 4 significant digits in
 * fixed notation, trailing zeros dropped. */
static void human_number(char *dst, size_t n, double v)
{
	char raw[64], out[96];
	int len, i, j = 0, dec;

	if (isnan(v)) {
		lca__strlcpy(dst, "-", n);
		return;
	}
	if (isinf(v)) {
		lca__strlcpy(dst, v < 0 ? "-inf" : "inf", n);
		return;
	}
	if (v != 0 && fabs(v) < 999.95) {
		dec = 3 - (int)floor(log10(fabs(v)));
		dec = dec < 0 ? 0 : dec > 12 ? 12 : dec;
		lca__fmt(raw, sizeof(raw), "%.*f", dec, v);
		if (strchr(raw, '.')) {
			len = (int)strlen(raw);
			while (raw[len - 1] == '0')
				raw[--len] = '\0';
			if (raw[len - 1] == '.')
				raw[--len] = '\0';
		}
		lca__strlcpy(dst, strcmp(raw, "-0") ? raw : "0", n);
		return;
	}
	lca__fmt(raw, sizeof(raw), "%.0f", fabs(v));
	len = (int)strlen(raw);
	if (v < 0 && strcmp(raw, "0"))
		out[j++] = '-';
	for (i = 0; i < len && j < (int)sizeof(out) - 2; i++) {
		out[j++] = raw[i];
		if ((len - i - 1) % 3 == 0 && i != len - 1)
			out[j++] = ',';
	}
	out[j] = '\0';
	lca__strlcpy(dst, out, n);
}

void lca_format_human(char *dst, size_t n, double v, enum lca_quantity q)
{
	char num[96];

	if (isnan(v) || q == LCA_Q_NUMBER) {
		human_number(dst, n, v);
	} else if (q == LCA_Q_ENERGY) {
		human_number(num, sizeof(num), v);
		lca__fmt(dst, n, "%s kWh", num);
	} else if (fabs(v) >= 999.95) {
		human_number(num, sizeof(num), v / 1000);
		lca__fmt(dst, n, "%s t", num);
	} else if (fabs(v) >= 1 || v == 0) {
		human_number(num, sizeof(num), v);
		lca__fmt(dst, n, "%s kg", num);
	} else {
		human_number(num, sizeof(num), v * 1000);
		lca__fmt(dst, n, "%s g", num);
	}
}

enum { CELL_TEXT, CELL_NUM, CELL_SRC };

/* "## title" (when not NULL) and the header row (md), or "<h2>" and a
 * table head.  align: 'l' or 'r' per column, its last for the rest. */
static int head(lca_buf *b, int html, const char *title,
		const char *const *cols, const char *align)
{
	size_t last = strlen(align) - 1;
	int i, rc = 0;

	if (html) {
		if (title)
			rc |= lca_buf_printf(b, "<h2>%s</h2>\n", title);
		rc |= lca_buf_puts(b, "<table><tr>");
		for (i = 0; cols[i]; i++) {
			rc |= lca_buf_puts(b, "<th>");
			rc |= lca__html_esc(b, cols[i]);
			rc |= lca_buf_puts(b, "</th>");
		}
		return rc | lca_buf_puts(b, "</tr>\n");
	}
	if (title)
		rc |= lca_buf_printf(b, "\n## %s\n\n", title);
	rc |= lca_buf_puts(b, "|");
	for (i = 0; cols[i]; i++) {
		rc |= lca_buf_puts(b, " ");
		rc |= lca__md_cell(b, cols[i]);
		rc |= lca_buf_puts(b, " |");
	}
	rc |= lca_buf_puts(b, "\n|");
	for (i = 0; cols[i]; i++) {
		char a = align[(size_t)i < last ? (size_t)i : last];
		rc |= lca_buf_puts(b, a == 'r' ? "---:|" : "---|");
	}
	return rc | lca_buf_puts(b, "\n");
}

static int cell(lca_buf *b, int html, const char *s, int kind)
{
	int rc;

	if (!html) {
		rc = lca_buf_puts(b, " ");
		rc |= lca__md_cell(b, s);
		return rc | lca_buf_puts(b, " |");
	}
	rc = lca_buf_puts(b, kind == CELL_NUM	? "<td class=n>"
			     : kind == CELL_SRC ? "<td class=src>"
						: "<td>");
	rc |= lca__html_esc(b, s);
	return rc | lca_buf_puts(b, "</td>");
}

static int num(lca_buf *b, int html, double v)
{
	char t[64];

	lca_format_human(t, sizeof(t), v, LCA_Q_NUMBER);
	return cell(b, html, t, CELL_NUM);
}

static int row(lca_buf *b, int html, int end)
{
	if (html)
		return lca_buf_puts(b, end ? "</tr>\n" : "<tr>");
	return lca_buf_puts(b, end ? "\n" : "|");
}

int lca__report_tables(const lca_report *r, lca_buf *b, int html)
{
	static const char *const regions[] = {"region", "grid (gCO2e/kWh)",
					      "total (kgCO2e)", "source", NULL};
	static const char *const equiv[] = {"the total equals", "factor",
					    "source", NULL};
	static const char *const assumptions[] = {"name", "value", "unit",
						  "source", NULL};
	const lca_footprint *fp = r->fp;
	lca_buf t = {0};
	char a[64], n[64];
	int i, rc = 0;

	if (r->nregions) {
		rc |= head(b, html, "The same job in other regions", regions,
			   "lrrl");
		for (i = 0; i < r->nregions; i++) {
			const lca_report_region *g = &r->regions[i];
			lca_buf_reset(&t);
			/* md names the region beside its key */
			rc |= html ? lca_buf_puts(&t, g->key)
				   : lca_buf_printf(&t, "%s (%s)", g->key,
						    g->name);
			rc |= row(b, html, 0);
			rc |= cell(b, html, lca_buf_cstr(&t), CELL_TEXT);
			rc |= num(b, html, g->grid_gco2_per_kwh);
			rc |= num(b, html, g->total_kgco2e);
			rc |= cell(b, html, g->source, CELL_SRC);
			rc |= row(b, html, 1);
		}
		rc |= html ? lca_buf_puts(b, "</table>\n") : 0;
	}
	if (r->nequiv && fp->total.total_kgco2e > 0) {
		rc |= head(b, html, "Equivalents", equiv, "lll");
		for (i = 0; i < r->nequiv; i++) {
			const lca_equivalent *q = &r->equiv[i];
			rc |= row(b, html, 0);
			lca_format_human(a, sizeof(a),
					 fp->total.total_kgco2e /
					     q->kgco2e_per_unit,
					 LCA_Q_NUMBER);
			lca_buf_reset(&t);
			rc |= lca_buf_printf(&t, "%s %s", a, q->name);
			rc |= cell(b, html, lca_buf_cstr(&t), CELL_TEXT);
			lca_format_human(a, sizeof(a), q->kgco2e_per_unit,
					 LCA_Q_MASS);
			lca_buf_reset(&t);
			rc |= lca_buf_printf(&t, "%s CO2e per %s", a, q->unit);
			rc |= cell(b, html, lca_buf_cstr(&t), CELL_TEXT);
			rc |= cell(b, html, q->source, CELL_SRC);
			rc |= row(b, html, 1);
		}
		rc |= html ? lca_buf_puts(b, "</table>\n") : 0;
	}
	rc |= head(b, html, "Assumptions", assumptions, "llll");
	for (i = 0; i < fp->nassumptions; i++) {
		const lca_assumption *as = &fp->assumptions[i];
		rc |= row(b, html, 0);
		rc |= cell(b, html, as->name, CELL_TEXT);
		rc |= cell(b, html, lca__assumption_text(as, n, sizeof(n)),
			   CELL_TEXT);
		rc |= cell(b, html, as->unit ? as->unit : "", CELL_TEXT);
		rc |= cell(b, html, as->source ? as->source : "", CELL_SRC);
		rc |= row(b, html, 1);
	}
	rc |= lca_buf_puts(b, html ? "</table>\n" : "\n");
	lca_buf_release(&t);
	return rc ? LCA_ENOMEM : 0;
}

int lca__report_lifecycle(lca_buf *b, const lca_footprint *fp, int energy,
			  int html)
{
	const lca_phase_result *t = &fp->total;
	const char *cols[LCA_MAX_PHASES + 4];
	double total = energy ? t->energy_kwh : t->total_kgco2e;
	char share[32];
	int i, c, n = 0, rc = 0;

	cols[n++] = energy ? "energy (kWh)" : "kgCO2e";
	for (i = 0; i < fp->nphases; i++)
		cols[n++] = fp->phase[i].name;
	cols[n++] = "total";
	cols[n++] = "share";
	cols[n] = NULL;
	/* the label left, every number right */
	rc |= head(b, html, NULL, cols, "lr");
	for (c = 0; c < LCA_C__COUNT; c++) {
		double v = energy ? t->energy_kwh_c[c] : t->kgco2e_c[c];
		if (energy && c == LCA_C_EMBODIED)
			continue;
		rc |= row(b, html, 0);
		rc |= cell(b, html, lca__component_label(t, c), CELL_TEXT);
		for (i = 0; i < fp->nphases; i++)
			rc |= num(b, html,
				  energy ? fp->phase[i].energy_kwh_c[c]
					 : fp->phase[i].kgco2e_c[c]);
		rc |= num(b, html, v);
		if (isnan(lca__share(v, total)))
			lca__strlcpy(share, "-", sizeof(share));
		else
			lca__fmt(share, sizeof(share), "%.1f%%",
				 lca__share(v, total));
		rc |= cell(b, html, share, CELL_NUM);
		rc |= row(b, html, 1);
	}
	rc |= lca_buf_puts(b, html ? "<tr><th>total</th>" : "| **total** |");
	for (i = 0; i < fp->nphases; i++)
		rc |= num(b, html,
			  energy ? fp->phase[i].energy_kwh
				 : fp->phase[i].total_kgco2e);
	rc |= num(b, html, total);
	rc |= cell(b, html, "100%", CELL_NUM);
	rc |= lca_buf_puts(b, html ? "</tr></table>\n" : "\n\n");
	return rc ? LCA_ENOMEM : 0;
}

int lca__report_grid_pue(lca_buf *b, const lca_footprint *fp, int html)
{
	static const char *const cols[] = {
	    "phase", "accelerator", "region", "PUE", "grid (gCO2e/kWh)", NULL};
	int i, rc = head(b, html, NULL, cols, "lllr");

	for (i = 0; i < fp->nphases; i++) {
		const lca_phase_result *p = &fp->phase[i];
		rc |= row(b, html, 0);
		rc |= cell(b, html, p->name, CELL_TEXT);
		rc |= cell(b, html, p->accel[0] ? p->accel : "-", CELL_TEXT);
		rc |= cell(b, html, p->region[0] ? p->region : "-", CELL_TEXT);
		rc |= num(b, html, p->pue);
		rc |= num(b, html, p->grid_gco2_per_kwh);
		rc |= row(b, html, 1);
	}
	rc |= html ? lca_buf_puts(b, "</table>\n") : 0;
	return rc ? LCA_ENOMEM : 0;
}

int lca__report_leaderboard(lca_buf *b, const lca_report *r, const int *idx,
			    int html)
{
	static const char *const cols[] = {"rank",
					   "run",
					   "device-h",
					   "energy (kWh)",
					   "operational (kgCO2e)",
					   "embodied (kgCO2e)",
					   "total (kgCO2e)",
					   NULL};
	int i, rc = head(b, html, NULL, cols, "rlr");
	char rank[16];

	for (i = 0; i < r->nruns; i++) {
		const lca_phase_result *p = &r->runs[idx[i]]->total;
		lca__fmt(rank, sizeof(rank), "%d", i + 1);
		rc |= row(b, html, 0);
		rc |= cell(b, html, rank, CELL_NUM);
		rc |= cell(b, html, r->labels[idx[i]], CELL_TEXT);
		rc |= num(b, html, p->device_hours);
		rc |= num(b, html, p->energy_kwh);
		rc |= num(b, html, p->operational_kgco2e);
		rc |= num(b, html, p->embodied_kgco2e);
		rc |= num(b, html, p->total_kgco2e);
		rc |= row(b, html, 1);
	}
	rc |= html ? lca_buf_puts(b, "</table>\n") : 0;
	return rc ? LCA_ENOMEM : 0;
}

void lca__report_summary(const lca_footprint *fp, lca__summary *s)
{
	const lca_phase_result *t = &fp->total;

	lca_format_human(s->total, sizeof(s->total), t->total_kgco2e,
			 LCA_Q_MASS);
	lca_format_human(s->operational, sizeof(s->operational),
			 t->operational_kgco2e, LCA_Q_MASS);
	lca_format_human(s->embodied, sizeof(s->embodied), t->embodied_kgco2e,
			 LCA_Q_MASS);
	lca_format_human(s->energy, sizeof(s->energy), t->energy_kwh,
			 LCA_Q_ENERGY);
	lca_format_human(s->device_hours, sizeof(s->device_hours),
			 t->device_hours, LCA_Q_NUMBER);
	lca_format_human(s->market, sizeof(s->market), t->market_based_kgco2e,
			 LCA_Q_MASS);
}
