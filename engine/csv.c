/* SPDX-License-Identifier: MIT */
/* csv.c: the one CSV row reader of liblca's loaders (the catalog's
 * datasets, grid series, equivalents): libcsv with strict quoting, in
 * 64 KiB blocks, each row handed on as NUL-terminated fields beside the
 * header's. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "catalog_store.h"
#include "banned.h"

typedef struct reader {
	lca__csv_row row;
	char *field[LCA__CSV_MAX_COLS];
	char *header[LCA__CSV_MAX_COLS];
	int flags;
	int (*on_header)(const lca__csv_row *r, void *ud);
	int (*on_row)(const lca__csv_row *r, void *ud);
	void *ud;
	lca_error *err;
	int rc;
	long nrow; /* rows read, the header included */
} reader;

static void free_fields(reader *c)
{
	int i;

	for (i = 0; i < c->row.n; i++)
		free(c->field[i]);
	c->row.n = 0;
}

static void on_field(void *s, size_t len, void *data)
{
	reader *c = data;
	char where[1100], *copy;

	if (c->rc)
		return;
	if (c->row.n >= LCA__CSV_MAX_COLS) {
		lca__fmt(where, sizeof(where), "%s: line %ld", c->row.path,
			 c->nrow + 1);
		c->rc = lca_error_set(c->err, LCA_EDATA, where,
				      "too many columns (over %d)",
				      LCA__CSV_MAX_COLS);
		return;
	}
	copy = malloc(len + 1);
	if (!copy) {
		c->rc = lca_error_set(c->err, LCA_ENOMEM, c->row.path,
				      "out of memory");
		return;
	}
	if (len)
		memcpy(copy, s, len);
	copy[len] = '\0';
	c->field[c->row.n++] = copy;
}

static void on_row(int term, void *data)
{
	reader *c = data;
	char where[1100];

	(void)term;
	c->row.line = c->nrow + 1;
	if (c->rc)
		goto out;
	if (c->nrow == 0) {
		/* the header's fields are kept for every row after it */
		memcpy(c->header, c->field, sizeof(char *) * (size_t)c->row.n);
		c->row.ncols = c->row.n;
		c->row.n = 0;
		if (c->on_header)
			c->rc = c->on_header(&c->row, c->ud);
		c->nrow++;
		return;
	}
	if ((c->flags & LCA__CSV_SKIP_BLANK) && c->row.n == 1 &&
	    !c->field[0][0])
		goto out;
	if ((c->flags & LCA__CSV_SAME_WIDTH) && c->row.n != c->row.ncols) {
		lca__fmt(where, sizeof(where), "%s: line %ld", c->row.path,
			 c->row.line);
		c->rc = lca_error_set(c->err, LCA_EDATA, where,
				      "expected %d columns, found %d",
				      c->row.ncols, c->row.n);
		goto out;
	}
	c->rc = c->on_row(&c->row, c->ud);
out:
	free_fields(c);
	c->nrow++;
}

int lca__csv_col(const lca__csv_row *r, const char *name)
{
	int i;

	for (i = 0; i < r->ncols; i++)
		if (!strcmp(r->header[i], name))
			return i;
	return -1;
}

int lca__csv_each(const char *path, int flags,
		  int (*fn_header)(const lca__csv_row *r, void *ud),
		  int (*fn_row)(const lca__csv_row *r, void *ud), void *ud,
		  lca_error *err)
{
	struct csv_parser p;
	char buf[65536], where[1200];
	reader c;
	FILE *fp;
	size_t n;
	int i, rc = 0;

	memset(&c, 0, sizeof(c));
	c.row.path = path;
	c.row.err = err;
	c.row.field = c.field;
	c.row.header = c.header;
	c.flags = flags;
	c.on_header = fn_header;
	c.on_row = fn_row;
	c.ud = ud;
	c.err = err;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL))
		return lca_error_set(err, LCA_ENOMEM, path, "out of memory");
	fp = fopen(path, "rb");
	if (!fp) {
		csv_free(&p);
		return lca_error_set(err, LCA_EIO, path, "cannot open: %s",
				     strerror(errno));
	}
	while (!c.rc && (n = fread(buf, 1, sizeof(buf), fp)) > 0) {
		/* a NUL byte would cut a field short */
		if (memchr(buf, '\0', n)) {
			rc = lca_error_set(err, LCA_EDATA, path,
					   "binary file, not a csv");
			break;
		}
		if (csv_parse(&p, buf, n, on_field, on_row, &c) != n && !c.rc) {
			lca__fmt(where, sizeof(where), "%s: line %ld", path,
				 c.nrow + 1);
			rc = lca_error_set(err, LCA_EDATA, where,
					   "malformed csv: %s",
					   csv_strerror(csv_error(&p)));
			break;
		}
	}
	if (!rc && !c.rc && csv_fini(&p, on_field, on_row, &c) && !c.rc)
		rc = lca_error_set(err, LCA_EDATA, path,
				   "malformed csv at end of file: %s",
				   csv_strerror(csv_error(&p)));
	if (!rc && !c.rc && c.nrow == 0 && (flags & LCA__CSV_NOT_EMPTY))
		rc = lca_error_set(err, LCA_EDATA, path, "empty csv file");
	csv_free(&p);
	fclose(fp);
	free_fields(&c);
	for (i = 0; i < c.row.ncols; i++)
		free(c.header[i]);
	return rc ? rc : c.rc;
}
