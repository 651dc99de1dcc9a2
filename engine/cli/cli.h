/* SPDX-License-Identifier: MIT */
/* cli.h: the lca command table and the option parser shared by commands. */
#ifndef LCA_CLI_H
#define LCA_CLI_H

#include <math.h>

#include "lca/lca.h"
#include "lca/config.h"
#include "lca/ledger.h"

/*
 * The CLI is a client of liblca's public API only (lca-shared-check links
 * it against liblca.so, where nothing else is visible): no lca__ internals,
 * no ../lca_int.h.  Its own small helpers:
 */
#ifndef LCA_NAN
#define LCA_NAN ((double)NAN)
#endif
/* Copies src into dst of size n, always NUL-terminating (truncates). */
void cli_strlcpy(char *dst, const char *src, size_t n);
/* snprintf that never fails the caller: truncates. */
void cli_fmt(char *dst, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Reads a whole file of at most max bytes; *out is malloc'd, NUL-terminated.
 * 0, LCA_EIO (cannot read) or LCA_EDATA (empty or too large). */
int cli_read_file(const char *path, size_t max, char **out, size_t *len);

/* What every command gets from the dispatcher. */
typedef struct cli_ctx {
	const char *catalog_path; /* --catalog, or NULL */
	const char *datasets_dir; /* --datasets, or NULL */
	lca_catalog *cat;	  /* opened lazily by cli_catalog() */
	lca_config *config;	  /* /etc/lca/lca.conf or $LCA_CONFIG */
	int config_rc;		  /* its error (in config_err), or 0: only
				     lca slurm gets this far with one */
	lca_error config_err;
	lca_error err;
} cli_ctx;

typedef struct cli_command {
	const char *name;
	int (*fn)(cli_ctx *ctx, int argc, char **argv);
	const char *summary;
} cli_command;

/* Opens the catalog once per process; 0 or an error code in ctx->err. */
int cli_catalog(cli_ctx *ctx);

/*
 * An option table: a name (without --), whether it takes a value, help.
 * cli_parse walks argv (after the command name) and calls on_opt for each
 * option and on_arg for each positional argument.  "--name=value" and
 * "--name value" both work; "--" ends options.
 */
typedef struct cli_opt {
	const char *name;
	int takes_value;
	const char *help;
} cli_opt;

typedef int (*cli_on_opt)(void *ud, const cli_opt *opt, const char *value,
			  lca_error *err);
typedef int (*cli_on_arg)(void *ud, const char *arg, lca_error *err);

int cli_parse(int argc, char **argv, const cli_opt *opts, cli_on_opt on_opt,
	      cli_on_arg on_arg, void *ud, lca_error *err);
void cli_print_opts(FILE *fp, const cli_opt *opts);
/* The library names fields and options by their keys ("format",
 * "group_by"); where err names an option of the command being run, it
 * becomes the flag ("--format", "--group-by") before it is printed. */
void cli_error_flags(lca_error *err);
/* A library key the command spells otherwise (key "format" of a series
 * import is lca grid's --as): where err starts with key, it becomes opt,
 * which cli_error_flags then prints as its flag. */
void cli_error_rename(lca_error *err, const char *key, const char *opt);

/* Writes buf to stdout; 0 or LCA_EIO. */
int cli_write(const lca_buf *b, lca_error *err);
/*
 * Writes b to path ("-" or NULL: stdout) whole or not at all: into a
 * temporary file in the same folder, then renamed over path, so a full
 * disk leaves the old file as it was.  A path that is not a regular file
 * (/dev/stdout, a pipe) is written directly.  Errors carry strerror.
 */
int cli_write_file(const char *path, const lca_buf *b, lca_error *err);

int cmd_estimate(cli_ctx *ctx, int argc, char **argv);
int cmd_catalog(cli_ctx *ctx, int argc, char **argv);
int cmd_grid(cli_ctx *ctx, int argc, char **argv);
int cmd_report(cli_ctx *ctx, int argc, char **argv);
int cmd_audit(cli_ctx *ctx, int argc, char **argv);
int cmd_plan(cli_ctx *ctx, int argc, char **argv);
int cmd_slurm(cli_ctx *ctx, int argc, char **argv);
/* "lca ARGS..." as typed (args with spaces quoted), for a report's
 * appendix (lca report; lca serve writes the command its page equals). */
int cli_command_line(lca_buf *b, int argc, char **argv);

/* Measured runs (site.c): the site/embodied options of a measured run,
 * from the field table (fills opts and their field ids; returns how many),
 * and the ledger (--db, else $LCA_DB, else the default). */
int cli_site_opts(cli_opt *opts, int *fields, int max);
int cli_site_set(lca_inputs *in, int field, const char *value, lca_error *err);
/* The site's defaults ($LCA_<KEY>, else the config file) of the fields
 * opts/fields name, set in in before the command's flags. */
int cli_site_defaults(cli_ctx *ctx, lca_inputs *in, const int *fields, int n);
int cli_ledger(cli_ctx *ctx, const char *db, lca_ledger **out);

/*
 * A command that records measured runs (lca track, ingest, slurm): its own
 * options, then --db and --help, then the site options.  The command's
 * struct starts with it: cli_site_parse hands that struct (ud) to on_own
 * for the command's own options and to on_arg.
 */
#define CLI_SITE_MAX 24
#define CLI_OWN_MAX  8
typedef struct cli_site_cmd {
	lca_inputs site; /* the site options (after the site's defaults) */
	const char *db;	 /* --db, or NULL */
	int help;	 /* --help given */
	int nown, nsite;
	int field[CLI_SITE_MAX];
	cli_opt opts[CLI_OWN_MAX + 2 + CLI_SITE_MAX + 1];
	cli_on_opt on_own;
} cli_site_cmd;
/* Builds b's option table from the command's own options (nown at most
 * CLI_OWN_MAX) and --db's help. */
void cli_site_init(cli_site_cmd *b, const cli_opt *own, int nown,
		   const char *db_help, cli_on_opt on_own);
/* cli_parse over b's table; on_own and on_arg get b, the first member of
 * the command's struct. */
int cli_site_parse(cli_site_cmd *b, int argc, char **argv, cli_on_arg on_arg,
		   lca_error *err);
/* The site's defaults into b->site (cli_site_defaults). */
int cli_site_load_defaults(cli_ctx *ctx, cli_site_cmd *b);
void cli_site_release(cli_site_cmd *b);
/* Moves spooled runs into l (lca_ledger_flush) and says how many on
 * stderr; quiet: says nothing when none, and a failure is a note, not an
 * error (the spool waits for the next write). */
int cli_ledger_flush(cli_ctx *ctx, lca_ledger *l, int quiet);
/* lca estimate --profile (profile.c): the options, then the job's energy
 * from the extrapolated profile and its assumptions in fp. */
typedef struct cli_profile {
	const char *ref, *db;
	double k, n, fraction, warmup;
} cli_profile;
#define CLI_PROFILE_OPTS                                                 \
	{"profile", 1, "a measured run id or log file to extrapolate"},  \
	    {"steps-measured", 1, "steps the profile covers (K)"},       \
	    {"steps-total", 1, "steps of the whole job (N)"},            \
	    {"measured-fraction", 1,                                     \
	     "fraction of the job the profile "                          \
	     "covers, instead of K and N"},                              \
	    {"warmup", 1, "seconds of warm-up left out of the profile"}, \
	{                                                                \
		"db", 1, "ledger database (default $LCA_DB)"             \
	}
#define CLI_PROFILE_NOPTS 6
void cli_profile_init(cli_profile *p);
/* i: 0..CLI_PROFILE_NOPTS-1 in the order of CLI_PROFILE_OPTS. */
int cli_profile_set(cli_profile *p, int i, const char *value, lca_error *err);
int cli_profile_apply(cli_ctx *ctx, const cli_profile *p, lca_job *job,
		      lca_footprint *fp);
int cmd_track(cli_ctx *ctx, int argc, char **argv);
int cmd_ingest(cli_ctx *ctx, int argc, char **argv);
int cmd_runs(cli_ctx *ctx, int argc, char **argv);
int cmd_sensors(cli_ctx *ctx, int argc, char **argv);
int cmd_ledger(cli_ctx *ctx, int argc, char **argv);
int cmd_serve(cli_ctx *ctx, int argc, char **argv);
/* Loads libmicrohttpd (serve_mhd.c): 0, or LCA_EIO with err set. */
int serve_mhd_load(lca_error *err);

#endif
