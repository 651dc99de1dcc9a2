/* SPDX-License-Identifier: MIT */
/* cmd_grid.c: lca grid list|show|import, hourly grid-intensity series. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "lca/series.h"
#include "../banned.h"

typedef struct grid_args {
	const char *args[3];
	int nargs;
	const char *format, *zone, *signal, *as, *source, *from, *to;
	double max_gap;
	int help;
} grid_args;

static const cli_opt grid_opts[] = {
    {"zone", 1, "import: the grid zone the series is for"},
    {"as", 1,
     "import: electricitymaps, eia930, watttime, carbon-aware or generic "
     "(default: detect)"},
    {"signal", 1, "lifecycle, direct, average or marginal"},
    {"source", 1, "import: where the series comes from"},
    {"from", 1, "show: first hour (ISO 8601)"},
    {"to", 1, "show: end (ISO 8601, exclusive)"},
    {"max-gap", 1, "show: longest gap to interpolate, hours (default 3)"},
    {"format", 1, "text (default), csv or json; list also md or html"},
    {"help", 0, "show this help"},
    {NULL, 0, NULL},
};

static int on_opt(void *ud, const cli_opt *o, const char *v, lca_error *err)
{
	grid_args *a = ud;

	if (!strcmp(o->name, "help"))
		a->help = 1;
	else if (!strcmp(o->name, "zone"))
		a->zone = v;
	else if (!strcmp(o->name, "as"))
		a->as = v;
	else if (!strcmp(o->name, "signal"))
		a->signal = v;
	else if (!strcmp(o->name, "source"))
		a->source = v;
	else if (!strcmp(o->name, "from"))
		a->from = v;
	else if (!strcmp(o->name, "to"))
		a->to = v;
	else if (!strcmp(o->name, "format"))
		a->format = v;
	else if (lca_parse_number(v, &a->max_gap) || a->max_gap < 0 ||
		 a->max_gap > 8760)
		return lca_error_set(
		    err, LCA_EUSAGE, "--max-gap",
		    "not a number of hours from 0 to 8760 '%s'", v);
	return 0;
}

static int on_arg(void *ud, const char *arg, lca_error *err)
{
	grid_args *a = ud;

	if (a->nargs >= 3)
		return lca_error_set(err, LCA_EUSAGE, "lca grid",
				     "unexpected argument '%s'", arg);
	a->args[a->nargs++] = arg;
	return 0;
}

static void help(void)
{
	printf("usage:\n"
	       "  lca grid list [--format text|csv|json|md|html]  zones with "
	       "hourly "
	       "series and their coverage\n"
	       "  lca grid show ZONE [--signal S] [--from T --to T] [--format "
	       "text|csv|json]\n"
	       "  lca grid import FILE --zone Z [--as FORMAT] [--signal S] "
	       "[--source TEXT]\n\noptions:\n");
	cli_print_opts(stdout, grid_opts);
}

static int list(cli_ctx *ctx, const char *format)
{
	lca_series_info *s = NULL;
	lca_buf out = {0};
	int n = 0, rc;

	rc = lca_series_list(ctx->cat, &s, &n, &ctx->err);
	if (!rc)
		rc = lca_series_list_render(s, n, format, &out, &ctx->err);
	if (!rc)
		rc = cli_write(&out, &ctx->err);
	lca_buf_release(&out);
	free(s);
	return rc;
}

static int show(cli_ctx *ctx, const grid_args *a)
{
	lca_series_info si;
	long long t0, t1;
	long hours, interp = 0;
	double *v = NULL;
	lca_buf out = {0};
	int rc;

	rc = lca_series_find(ctx->cat, a->args[1], a->signal, &si, &ctx->err);
	if (rc)
		return rc;
	t0 = si.t0 - si.t0 % 3600;
	t1 = si.t1 + 3600;
	if (a->from && lca_time_parse(a->from, &t0))
		return lca_error_set(&ctx->err, LCA_EUSAGE, "--from",
				     "unparsable time '%s'", a->from);
	if (a->to && lca_time_parse(a->to, &t1))
		return lca_error_set(&ctx->err, LCA_EUSAGE, "--to",
				     "unparsable time '%s'", a->to);
	if (t1 <= si.t0 || t0 > si.t1) {
		char f[32], l[32];
		lca_time_format(si.t0, f, sizeof(f));
		lca_time_format(si.t1, l, sizeof(l));
		return lca_error_set(&ctx->err, LCA_EUSAGE, "--from",
				     "window outside the data (%s %s covers "
				     "%s to %s)",
				     si.zone, si.signal, f, l);
	}
	if (t1 <= t0)
		return lca_error_set(&ctx->err, LCA_EUSAGE, "--to",
				     "window ends before it starts");
	hours = (long)((t1 - t0 + 3599) / 3600);
	if (hours > 24L * 366 * 20)
		return lca_error_set(&ctx->err, LCA_EUSAGE, "--to",
				     "window longer than 20 years");
	v = malloc(sizeof(double) * (size_t)hours);
	if (!v)
		return lca_error_set(&ctx->err, LCA_ENOMEM, "grid",
				     "out of memory");
	rc = lca_series_hourly(ctx->cat, &si, t0, hours,
			       a->max_gap >= 0 ? a->max_gap : 3, v, &interp,
			       &ctx->err);
	if (!rc)
		rc = lca_series_hours_render(&si, t0, v, hours, interp,
					     a->format, &out, &ctx->err);
	if (!rc)
		rc = cli_write(&out, &ctx->err);
	lca_buf_release(&out);
	free(v);
	return rc;
}

int cmd_grid(cli_ctx *ctx, int argc, char **argv)
{
	grid_args a;
	int rc, nseries = 0;
	long nrows = 0;

	memset(&a, 0, sizeof(a));
	a.format = "text";
	a.max_gap = -1;
	rc = cli_parse(argc, argv, grid_opts, on_opt, on_arg, &a, &ctx->err);
	if (rc)
		return rc;
	if (a.help || a.nargs == 0) {
		help();
		return a.help ? 0
			      : lca_error_set(&ctx->err, LCA_EUSAGE, "lca grid",
					      "missing subcommand");
	}
	rc = cli_catalog(ctx);
	if (rc)
		return rc;
	if (!strcmp(a.args[0], "list"))
		return list(ctx, a.format);
	if (!strcmp(a.args[0], "show")) {
		if (a.nargs != 2)
			return lca_error_set(&ctx->err, LCA_EUSAGE,
					     "lca grid show", "name one zone");
		return show(ctx, &a);
	}
	if (!strcmp(a.args[0], "import")) {
		if (a.nargs != 2)
			return lca_error_set(&ctx->err, LCA_EUSAGE,
					     "lca grid import",
					     "name one file");
		rc = lca_series_import(ctx->cat, a.args[1], a.zone, a.signal,
				       a.as, a.source, "user", &nseries, &nrows,
				       &ctx->err);
		if (rc)
			cli_error_rename(&ctx->err, "format", "as");
		else
			printf("imported %d series (%ld samples) from %s\n",
			       nseries, nrows, a.args[1]);
		return rc;
	}
	return lca_error_set(&ctx->err, LCA_EUSAGE, "lca grid",
			     "unknown subcommand '%s'", a.args[0]);
}
