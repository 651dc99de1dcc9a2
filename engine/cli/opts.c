/* SPDX-License-Identifier: MIT */
/* opts.c: table-driven option parsing and help for every command. */
#include <stdio.h>
#include <string.h>

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

int cli_parse(int argc, char **argv, const cli_opt *opts, cli_on_opt on_opt,
	      cli_on_arg on_arg, void *ud, lca_error *err)
{
	int i, rc, only_args = 0;

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

int cli_write(const lca_buf *b, lca_error *err)
{
	if (b->len && fwrite(b->buf, 1, b->len, stdout) != b->len)
		return lca_error_set(err, LCA_EIO, "stdout",
				     "cannot write output");
	return 0;
}
