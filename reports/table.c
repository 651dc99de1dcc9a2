/* SPDX-License-Identifier: MIT */
/* table.c: listings (runs, run groups, catalog tables, grid series, audit
 * results) as one table model, and its renderers for every format of the
 * registry: a listing is built once and printed as text, json, csv, md or
 * html by the same code. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "reports.h"
#include "lca/ledger.h"
#include "../engine/lca_int.h"
#include "../engine/banned.h"

void lca__table_init(lca__table *t, const char *what, lca__col *cols, int ncols)
{
	memset(t, 0, sizeof(*t));
	t->what = what;
	t->cols = cols;
	t->ncols = ncols;
	t->text_head = 1;
}

void lca__table_release(lca__table *t)
{
	int i;

	for (i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i].s);
	free(t->cells);
	t->cells = NULL;
	t->nrows = t->alloc = 0;
}

lca__cell *lca__table_row(lca__table *t)
{
	lca__cell *row;

	if (t->nrows == t->alloc) {
		int na = t->alloc ? 2 * t->alloc : 16;
		lca__cell *p = realloc(t->cells, (size_t)na * (size_t)t->ncols *
						     sizeof(*p));
		if (!p)
			return NULL;
		t->cells = p;
		t->alloc = na;
	}
	row = &t->cells[(size_t)t->nrows++ * (size_t)t->ncols];
	memset(row, 0, (size_t)t->ncols * sizeof(*row));
	return row;
}

static int set_text(lca__cell *c, const char *s)
{
	free(c->s);
	c->s = NULL;
	if (s && !(c->s = strdup(s)))
		return LCA_ENOMEM;
	return 0;
}

int lca__cell_str(lca__cell *c, const char *s)
{
	c->kind = s ? LCA__CELL_STR : LCA__CELL_NULL;
	return set_text(c, s);
}

int lca__cell_num(lca__cell *c, double v, const char *s)
{
	c->kind = LCA__CELL_NUM;
	c->v = v;
	return set_text(c, s);
}

int lca__cell_json(lca__cell *c, const cJSON *v)
{
	char *text = cJSON_PrintUnformatted(v);
	int rc;

	if (!text)
		return LCA_ENOMEM;
	c->kind = LCA__CELL_JSON;
	rc = set_text(c, text);
	cJSON_free(text);
	return rc;
}

int lca__cell_pairs(lca__cell *c, const struct lca_run_tag *p, int n)
{
	lca_buf b = {0};
	int i, rc = 0;

	for (i = 0; i < n; i++)
		rc |= lca_buf_printf(&b, "%s\x1f%s\x1e", p[i].key, p[i].value);
	c->kind = LCA__CELL_PAIRS;
	rc |= set_text(c, lca_buf_cstr(&b));
	lca_buf_release(&b);
	return rc ? LCA_ENOMEM : 0;
}

/* v by a column's number format: "%.<precision>g" or "%.<precision>f". */
static int num_printf(lca_buf *b, const char *fmt, double v)
{
	int prec = (int)strtol(fmt + 2, NULL, 10);

	return lca_buf_printf(b, fmt[strlen(fmt) - 1] == 'f' ? "%.*f" : "%.*g",
			      prec, v);
}

static int shown(const lca__col *c, unsigned in)
{
	return !c->in || (c->in & in);
}

/* The cell's text: a string, its pairs joined ("k=v" by sep), a number by
 * fmt (NaN empty when nan_empty); empty for null. */
static int cell_text(lca_buf *b, const lca__cell *c, const char *fmt,
		     const char *sep, int nan_empty)
{
	const char *p;
	int rc = 0, first = 1;

	switch (c->kind) {
	case LCA__CELL_STR:
		return lca_buf_puts(b, c->s);
	case LCA__CELL_NUM:
		if (c->s)
			return lca_buf_puts(b, c->s);
		if (nan_empty && isnan(c->v))
			return 0;
		return num_printf(b, fmt, c->v);
	case LCA__CELL_PAIRS:
		for (p = c->s; *p; first = 0) {
			size_t k = strcspn(p, "\x1f"), v;
			v = strcspn(p + k + 1, "\x1e");
			rc |= first ? 0 : lca_buf_puts(b, sep);
			rc |= lca_buf_add(b, p, k);
			rc |= lca_buf_puts(b, "=");
			rc |= lca_buf_add(b, p + k + 1, v);
			p += k + 1 + v + (p[k + 1 + v] ? 1 : 0);
		}
		return rc;
	default:
		return 0;
	}
}

static const char *text_fmt(const lca__col *c)
{
	return c->fmt ? c->fmt : "%.6g";
}

/* The cell for people (text, md, html): its text, or the column's empty
 * text when it has none. */
static int human(lca_buf *b, const lca__col *col, const lca__cell *c)
{
	size_t at = b->len;
	int rc = cell_text(b, c, text_fmt(col), " ", 0);

	if (!rc && b->len == at && col->empty)
		rc = lca_buf_puts(b, col->empty);
	return rc;
}

static int text_line(const lca__table *t, const lca__cell *row, lca_buf *out,
		     lca_buf *tmp)
{
	int i, first = 1, rc = 0;

	for (i = 0; i < t->ncols; i++) {
		const lca__col *col = &t->cols[i];
		if (!shown(col, LCA__IN_TEXT))
			continue;
		lca_buf_reset(tmp);
		if (row)
			rc |= human(tmp, col, &row[i]);
		else if (!(col->flags & LCA__COL_OPT))
			rc |=
			    lca_buf_puts(tmp, col->head ? col->head : col->key);
		if ((col->flags & LCA__COL_OPT) && !tmp->len)
			continue;
		if (!first)
			rc |= lca_buf_puts(out, col->sep ? col->sep : " ");
		first = 0;
		rc |= lca_buf_printf(out, "%*s", col->width, lca_buf_cstr(tmp));
		rc |= col->end ? lca_buf_puts(out, col->end) : 0;
	}
	return rc | lca_buf_puts(out, "\n");
}

int lca__table_text(const lca__table *t, lca_buf *out)
{
	lca_buf tmp = {0};
	int r, rc = 0;

	if (t->text_head)
		rc |= text_line(t, NULL, out, &tmp);
	for (r = 0; r < t->nrows; r++)
		rc |= text_line(t, &t->cells[(size_t)r * (size_t)t->ncols], out,
				&tmp);
	lca_buf_release(&tmp);
	return rc ? LCA_ENOMEM : 0;
}

int lca__table_csv(const lca__table *t, lca_buf *out)
{
	lca_buf tmp = {0};
	int r, i, first, rc = 0;

	for (i = 0, first = 1; i < t->ncols; i++) {
		if (!shown(&t->cols[i], LCA__IN_CSV))
			continue;
		rc |= first ? 0 : lca_buf_puts(out, ",");
		rc |= lca_buf_csv(out, t->cols[i].key, 0);
		first = 0;
	}
	rc |= lca_buf_puts(out, "\n");
	for (r = 0; r < t->nrows; r++) {
		const lca__cell *row = &t->cells[(size_t)r * (size_t)t->ncols];
		for (i = 0, first = 1; i < t->ncols; i++) {
			const lca__col *col = &t->cols[i];
			if (!shown(col, LCA__IN_CSV))
				continue;
			rc |= first ? 0 : lca_buf_puts(out, ",");
			first = 0;
			lca_buf_reset(&tmp);
			rc |= cell_text(&tmp, &row[i],
					col->csv ? col->csv : "%.10g", ";", 1);
			rc |= lca_buf_csv(out, lca_buf_cstr(&tmp),
					  (col->flags & LCA__COL_QUOTE) != 0);
		}
		rc |= lca_buf_puts(out, "\n");
	}
	lca_buf_release(&tmp);
	return rc ? LCA_ENOMEM : 0;
}

static cJSON *pairs_json(const char *p)
{
	cJSON *o = cJSON_CreateObject();
	char key[256], *v;

	while (o && *p) {
		size_t k = strcspn(p, "\x1f"), n = strcspn(p + k + 1, "\x1e");
		if (k >= sizeof(key))
			k = sizeof(key) - 1;
		memcpy(key, p, k);
		key[k] = '\0';
		p += strcspn(p, "\x1f") + 1;
		v = malloc(n + 1);
		if (!v)
			break;
		memcpy(v, p, n);
		v[n] = '\0';
		cJSON_AddStringToObject(o, key, v);
		free(v);
		p += n + (p[n] ? 1 : 0);
	}
	return o;
}

cJSON *lca__table_row_json(const lca__table *t, int r)
{
	const lca__cell *row = &t->cells[(size_t)r * (size_t)t->ncols];
	cJSON *o = cJSON_CreateObject();
	lca_buf num = {0};
	int i;

	for (i = 0; o && i < t->ncols; i++) {
		const lca__col *col = &t->cols[i];
		const lca__cell *c = &row[i];
		cJSON *v;
		if (!shown(col, LCA__IN_JSON))
			continue;
		if (c->kind == LCA__CELL_STR)
			v = cJSON_CreateString(c->s);
		else if (c->kind == LCA__CELL_PAIRS)
			v = pairs_json(c->s);
		else if (c->kind == LCA__CELL_JSON)
			v = cJSON_Parse(c->s);
		else if (c->kind == LCA__CELL_NUM &&
			 (col->flags & LCA__COL_ROUND) && isfinite(c->v)) {
			lca_buf_reset(&num);
			v = num_printf(&num, col->csv ? col->csv : "%.10g",
				       c->v)
				? NULL
				: cJSON_CreateNumber(
				      strtod(lca_buf_cstr(&num), NULL));
		} else if (c->kind == LCA__CELL_NUM)
			v = lca__json_num(c->v);
		else
			v = cJSON_CreateNull();
		if (!v || !cJSON_AddItemToObject(o, col->key, v)) {
			cJSON_Delete(v);
			cJSON_Delete(o);
			o = NULL;
		}
	}
	lca_buf_release(&num);
	return o;
}

int lca__table_json(const lca__table *t, lca_buf *out)
{
	cJSON *root = NULL, *arr;
	char *text;
	int r, rc = LCA_ENOMEM;

	if (t->json_key) {
		root = cJSON_CreateObject();
		if (root && t->meta_key)
			cJSON_AddStringToObject(root, t->meta_key,
						t->meta_value);
		arr = root ? cJSON_AddArrayToObject(root, t->json_key) : NULL;
	} else {
		arr = root = cJSON_CreateArray();
	}
	for (r = 0; arr && r < t->nrows; r++) {
		cJSON *o = lca__table_row_json(t, r);
		if (!o || !cJSON_AddItemToArray(arr, o)) {
			cJSON_Delete(o);
			arr = NULL;
		}
	}
	text = arr ? (t->json_pretty ? cJSON_Print(root)
				     : cJSON_PrintUnformatted(root))
		   : NULL;
	if (text && !lca_buf_puts(out, text) && !lca_buf_puts(out, "\n"))
		rc = 0;
	cJSON_free(text);
	cJSON_Delete(root);
	return rc;
}

int lca__table_md(const lca__table *t, lca_buf *out)
{
	lca_buf tmp = {0};
	int r, i, pass, rc = 0;

	for (pass = 0; pass < 2; pass++) {
		rc |= lca_buf_puts(out, "|");
		for (i = 0; i < t->ncols; i++) {
			const lca__col *col = &t->cols[i];
			if (!shown(col, LCA__IN_CSV))
				continue;
			rc |= lca_buf_puts(out, " ");
			/* numbers right-aligned */
			if (pass)
				rc |= lca_buf_puts(
				    out,
				    (col->flags & LCA__COL_RIGHT) ||
					    (t->nrows &&
					     t->cells[i].kind == LCA__CELL_NUM)
					? "---:"
					: "---");
			else
				rc |= lca__md_cell(out, col->key);
			rc |= lca_buf_puts(out, " |");
		}
		rc |= lca_buf_puts(out, "\n");
	}
	for (r = 0; r < t->nrows; r++) {
		const lca__cell *row = &t->cells[(size_t)r * (size_t)t->ncols];
		rc |= lca_buf_puts(out, "|");
		for (i = 0; i < t->ncols; i++) {
			if (!shown(&t->cols[i], LCA__IN_CSV))
				continue;
			lca_buf_reset(&tmp);
			rc |= human(&tmp, &t->cols[i], &row[i]);
			rc |= lca_buf_puts(out, " ");
			rc |= lca__md_cell(out, lca_buf_cstr(&tmp));
			rc |= lca_buf_puts(out, " |");
		}
		rc |= lca_buf_puts(out, "\n");
	}
	lca_buf_release(&tmp);
	return rc ? LCA_ENOMEM : 0;
}

int lca__table_html(const lca__table *t, lca_buf *out)
{
	lca_buf tmp = {0};
	const char *title = t->title ? t->title : t->what;
	int r, i, rc = 0;

	rc |= lca_buf_puts(out, "<!DOCTYPE html>\n<html lang=\"en\"><head>"
				"<meta charset=\"utf-8\"><title>");
	rc |= lca__html_esc(out, title);
	rc |= lca_buf_puts(
	    out, "</title><style>body{font-family:sans-serif;margin:2em}"
		 "table{border-collapse:collapse}td,th{border:1px solid #ccc;"
		 "padding:2px 6px}td.n{text-align:right}</style></head><body>"
		 "\n<table>\n<tr>");
	for (i = 0; i < t->ncols; i++) {
		if (!shown(&t->cols[i], LCA__IN_CSV))
			continue;
		rc |= lca_buf_puts(out, "<th>");
		rc |= lca__html_esc(out, t->cols[i].key);
		rc |= lca_buf_puts(out, "</th>");
	}
	rc |= lca_buf_puts(out, "</tr>\n");
	for (r = 0; r < t->nrows; r++) {
		const lca__cell *row = &t->cells[(size_t)r * (size_t)t->ncols];
		rc |= lca_buf_puts(out, "<tr>");
		for (i = 0; i < t->ncols; i++) {
			const lca__col *col = &t->cols[i];
			if (!shown(col, LCA__IN_CSV))
				continue;
			lca_buf_reset(&tmp);
			rc |= human(&tmp, col, &row[i]);
			rc |= lca_buf_puts(out,
					   row[i].kind == LCA__CELL_NUM ||
						   (col->flags & LCA__COL_RIGHT)
					       ? "<td class=\"n\">"
					       : "<td>");
			rc |= lca__html_esc(out, lca_buf_cstr(&tmp));
			rc |= lca_buf_puts(out, "</td>");
		}
		rc |= lca_buf_puts(out, "</tr>\n");
	}
	rc |= lca_buf_puts(out, "</table>\n</body></html>\n");
	lca_buf_release(&tmp);
	return rc ? LCA_ENOMEM : 0;
}
