/* SPDX-License-Identifier: MIT */
/* opts.c: table-driven option parsing and help for every command. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "../banned.h"

static const cli_opt *find(const cli_opt *opts, const char *name, size_t len)
{
	for (; opts->name; opts++)
		if (strlen(opts->name) == len &&
		    !strncmp(opts->name, name, len))
			return opts;
	return NULL;
}

/* The options of the command being run (the last table parsed), for
 * cli_error_flags. */
static const cli_opt *command_opts;

void cli_error_flags(lca_error *err)
{
	char word[64], where[sizeof(err->where)];
	size_t n = strcspn(err->where, " ;,)"), i;

	if (err->field >= 0 || !command_opts || !n || n >= sizeof(word))
		return;
	for (i = 0; i < n; i++)
		word[i] = err->where[i] == '_' ? '-' : err->where[i];
	word[n] = '\0';
	if (!find(command_opts, word, n))
		return;
	snprintf(where, sizeof(where), "--%s%s", word, err->where + n);
	cli_strlcpy(err->where, where, sizeof(err->where));
}

void cli_error_rename(lca_error *err, const char *key, const char *opt)
{
	char where[sizeof(err->where)];
	size_t n = strlen(key);

	if (err->field >= 0 || strncmp(err->where, key, n) ||
	    !strchr(" ;,)", err->where[n]))
		return;
	snprintf(where, sizeof(where), "%s%s", opt, err->where + n);
	cli_strlcpy(err->where, where, sizeof(err->where));
}

int cli_parse(int argc, char **argv, const cli_opt *opts, cli_on_opt on_opt,
	      cli_on_arg on_arg, void *ud, lca_error *err)
{
	int i, rc, only_args = 0;

	command_opts = opts;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *eq, *value = NULL;
		const cli_opt *o;
		size_t len;

		if (only_args || a[0] != '-' || !a[1] ||
		    (a[1] != '-' && strcmp(a, "-h"))) {
			if (!on_arg)
				return lca_error_set(err, LCA_EUSAGE, argv[0],
						     "unexpected argument '%s'",
						     a);
			rc = on_arg(ud, a, err);
			if (rc)
				return rc;
			continue;
		}
		if (!strcmp(a, "--")) {
			only_args = 1;
			continue;
		}
		if (!strcmp(a, "-h"))
			a = "--help";
		a += 2;
		eq = strchr(a, '=');
		len = eq ? (size_t)(eq - a) : strlen(a);
		o = find(opts, a, len);
		if (!o) {
			char flag[80];
			cli_fmt(flag, sizeof(flag), "--%.*s", (int)len, a);
			return lca_error_set(err, LCA_EUSAGE, flag,
					     "unknown option for lca %s; see "
					     "'lca %s --help'",
					     argv[0], argv[0]);
		}
		if (o->takes_value) {
			if (eq)
				value = eq + 1;
			else if (i + 1 < argc)
				value = argv[++i];
			else
				return lca_error_set(err, LCA_EUSAGE, argv[i],
						     "option needs a value");
		} else if (eq) {
			return lca_error_set(err, LCA_EUSAGE, argv[i],
					     "option takes no value");
		}
		rc = on_opt(ud, o, value, err);
		if (rc)
			return rc;
	}
	return 0;
}

void cli_print_opts(FILE *fp, const cli_opt *opts)
{
	for (; opts->name; opts++) {
		char left[64];
		int f = lca_field_lookup(opts->name);
		const lca_field_info *fi = lca_field_info_get(f);
		cli_fmt(left, sizeof(left), "--%s%s", opts->name,
			opts->takes_value ? " X" : "");
		/* an input from the job field table: its unit from there */
		if (fi && opts->help == fi->help && !fi->is_string)
			fprintf(fp, "  %-26s %s (%s%s)\n", left, opts->help,
				fi->unit,
				lca_field_is_count(f)
				    ? "; suffixes K, M, B/G, T"
				    : "");
		else
			fprintf(fp, "  %-26s %s\n", left, opts->help);
	}
}

int cli_write_file(const char *path, const lca_buf *b, lca_error *err)
{
	char tmp[4200];
	const char *slash;
	struct stat st;
	mode_t mask;
	FILE *fp = NULL;
	int fd, e = 0;

	if (!path || !strcmp(path, "-"))
		return cli_write(b, err);
	if (!stat(path, &st) && !S_ISREG(st.st_mode)) {
		if (!(fp = fopen(path, "wb")))
			return lca_error_set(err, LCA_EIO, path,
					     "cannot open: %s",
					     strerror(errno));
		if (b->len && fwrite(b->buf, 1, b->len, fp) != b->len)
			e = errno;
		if (fclose(fp) && !e)
			e = errno;
		return e ? lca_error_set(err, LCA_EIO, path,
					 "cannot write file: %s", strerror(e))
			 : 0;
	}
	slash = strrchr(path, '/');
	if (slash)
		snprintf(tmp, sizeof(tmp), "%.*s/.%s.lca-XXXXXX",
			 (int)(slash - path), path, slash + 1);
	else
		snprintf(tmp, sizeof(tmp), ".%s.lca-XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0)
		return lca_error_set(err, LCA_EIO, path,
				     "cannot create a file beside it: %s",
				     strerror(errno));
	/* the mode a new file would get (mkstemp makes 0600), or the old
	 * file's */
	mask = umask(0);
	umask(mask);
	(void)fchmod(fd, stat(path, &st) ? 0666 & ~mask : st.st_mode & 07777);
	fp = fdopen(fd, "wb");
	if (!fp) {
		e = errno;
		close(fd);
	} else {
		if (b->len && fwrite(b->buf, 1, b->len, fp) != b->len)
			e = errno;
		if (fflush(fp) && !e)
			e = errno;
		if (fsync(fileno(fp)) && !e)
			e = errno;
		if (fclose(fp) && !e)
			e = errno;
	}
	if (!e && rename(tmp, path))
		e = errno;
	if (e) {
		unlink(tmp);
		return lca_error_set(err, LCA_EIO, path,
				     "cannot write file: %s (the old one, if "
				     "any, is unchanged)",
				     strerror(e ? e : EIO));
	}
	return 0;
}

int cli_write(const lca_buf *b, lca_error *err)
{
	if (b->len && fwrite(b->buf, 1, b->len, stdout) != b->len)
		return lca_error_set(err, LCA_EIO, "stdout",
				     "cannot write output");
	return 0;
}
