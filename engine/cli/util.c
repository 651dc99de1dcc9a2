/* SPDX-License-Identifier: MIT */
/* util.c: the CLI's own small string and file helpers.  The CLI links only
 * liblca's public API (lca-shared-check proves it every build), so it does
 * not borrow the library's internal ones. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "../banned.h"

void cli_fmt(char *dst, size_t n, const char *fmt, ...)
{
	va_list ap;

	if (!n)
		return;
	va_start(ap, fmt);
	if (vsnprintf(dst, n, fmt, ap) < 0)
		dst[0] = '\0';
	va_end(ap);
}

void cli_strlcpy(char *dst, const char *src, size_t n)
{
	cli_fmt(dst, n, "%s", src ? src : "");
}

int cli_read_file(const char *path, size_t max, char **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	lca_buf b = {0};
	char chunk[65536];
	size_t n;
	int rc = 0;

	*out = NULL;
	*len = 0;
	if (!f)
		return LCA_EIO;
	while (!rc && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		rc = b.len + n > max ? LCA_EDATA : lca_buf_add(&b, chunk, n);
	if (!rc && ferror(f))
		rc = LCA_EIO;
	fclose(f);
	if (rc || !b.buf) {
		lca_buf_release(&b);
		return rc ? rc : LCA_EDATA;
	}
	*out = b.buf;
	*len = b.len;
	return 0;
}
