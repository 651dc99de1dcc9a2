/* SPDX-License-Identifier: MIT */
/* cmd_slurm.c: lca slurm prolog / lca slurm epilog, slurm.conf's Prolog=
 * and Epilog= on each compute node.  They never fail the job: whatever
 * goes wrong is logged and the hook exits 0. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <time.h>

#include "cli.h"
#include "lca/slurm.h"
#include "../banned.h"

typedef struct slurm_cmd {
	cli_site_cmd b; /* first: db, help, the site options */
	const char *log, *sub;
} slurm_cmd;

/* the one option of its own: --log */
static int on_opt(void *ud, const cli_opt *o, const char *value, lca_error *err)
{
	slurm_cmd *c = ud;

	(void)o;
	(void)err;
	c->log = value;
	return 0;
}

static int on_arg(void *ud, const char *arg, lca_error *err)
{
	slurm_cmd *c = ud;

	if (c->sub)
		return lca_error_set(err, LCA_EUSAGE, "lca slurm",
				     "unexpected argument '%s'", arg);
	c->sub = arg;
	return 0;
}

static void help(const slurm_cmd *c)
{
	printf("usage: lca slurm prolog|epilog [options]\n\n"
	       "For slurm.conf on each compute node (run by slurmd as root, "
	       "the job in the\nenvironment):\n"
	       "  Prolog=/usr/local/sbin/lca-prolog   (exec lca slurm prolog)\n"
	       "  Epilog=/usr/local/sbin/lca-epilog   (exec lca slurm epilog)\n"
	       "The prolog snapshots the energy counters (RAPL, NVML, amdgpu "
	       "hwmon) of the job's\ndevices (SLURM_JOB_GPUS); the epilog "
	       "reads them again and records the job in the\nledger: job_id, "
	       "user, account, partition, exit_state and a row per node "
	       "(an\nepilog on another node adds its row to the same run).  "
	       "Settings come from LCA_*\nvariables, else /etc/lca/lca.conf "
	       "(or $LCA_CONFIG): db, region, pue, ...\nThe hooks always exit "
	       "0; what went wrong is in the log (--log, $LCA_LOG, the\n"
	       "config's log, else STATE/lca/slurm.log).  A run the ledger "
	       "cannot take is spooled\n(lca ledger flush).\n\noptions:\n");
	cli_print_opts(stdout, c->b.opts);
}

/* The hooks' state: $XDG_STATE_HOME/lca, else ~/.local/state/lca; slurmd
 * gives neither, so /var/lib/lca then (and the spool under it). */
static void state_home(char *out, size_t n)
{
	const char *xdg = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");

	if (!(xdg && *xdg) && !(home && *home))
		setenv("XDG_STATE_HOME", "/var/lib", 1);
	xdg = getenv("XDG_STATE_HOME");
	if (xdg && *xdg)
		cli_fmt(out, n, "%s/lca", xdg);
	else
		cli_fmt(out, n, "%s/.local/state/lca", home);
}

static FILE *open_log(const slurm_cmd *c, const char *state, char *path,
		      size_t n)
{
	const char *v = c->log ? c->log : getenv("LCA_LOG");
	FILE *fp;

	if (v && *v)
		cli_strlcpy(path, v, n);
	else
		cli_fmt(path, n, "%s/slurm.log", state);
	fp = fopen(path, "a");
	if (!fp && !(v && *v)) {
		/* the state folder may not exist yet */
		char dir[1100], *p;
		cli_strlcpy(dir, state, sizeof(dir));
		for (p = dir + 1;; p++)
			if (*p == '/' || !*p) {
				char was = *p;
				*p = '\0';
				(void)mkdir(dir, 0755);
				if (!(*p = was))
					break;
			}
		fp = fopen(path, "a");
	}
	if (fp)
		setvbuf(fp, NULL, _IOLBF, 0);
	return fp ? fp : stderr;
}

/* What the epilog leaves to settle: a run whose exit state may be a
 * cancelled job's (lca_slurm_settle). */
typedef struct unsettled_run {
	long long id;
	char job_id[32];
} unsettled_run;

/*
 * A process of its own (the node is not held: slurmd waits for the hook
 * alone) asks the controller for the job's final state once every node's
 * epilog is done, for at most SETTLE_S seconds, and sets the run's exit
 * state from it.
 */
#define SETTLE_S 60
static void settle_later(slurm_cmd *c, const unsettled_run *u,
			 const char *logpath)
{
	char state[24];
	lca_error e;
	FILE *log;
	int fd;
	pid_t pid = fork();

	if (pid != 0)
		return; /* the hook itself, or no fork: the state stays */
	setsid();
	fd = open("/dev/null", O_RDWR);
	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		if (fd > 2)
			close(fd);
	}
	if (fork() > 0) /* not a session leader: no terminal again */
		_exit(0);
	log = fopen(logpath, "a");
	if (!lca_slurm_settle(c->b.db, u->id, u->job_id, SETTLE_S, state,
			      sizeof(state), &e)) {
		if (log && state[0] && strcmp(state, "COMPLETED"))
			fprintf(log, "lca: job %s: settled as %s (run %lld)\n",
				u->job_id, state, u->id);
	} else if (log)
		fprintf(log, "lca: job %s: exit state not settled: %s (%s)\n",
			u->job_id, e.message, e.where);
	if (log)
		fclose(log);
	_exit(0);
}

static int run_hook(cli_ctx *ctx, slurm_cmd *c, const char *state, FILE *log,
		    unsettled_run *u)
{
	char snaps[1100];
	lca_slurm_opts o;
	lca_ledger *l = NULL;
	lca_error ledger_err;
	lca_footprint fp;
	lca_run *r = NULL;
	int rc, unsettled = 0;

	memset(&o, 0, sizeof(o));
	cli_fmt(snaps, sizeof(snaps), "%s/slurm", state);
	o.state_dir = snaps;
	o.log = log;
	o.site = &c->b.site;
	if (!strcmp(c->sub, "prolog"))
		return lca_slurm_prolog(&o, &ctx->err);
	lca_footprint_init(&fp);
	r = malloc(sizeof(*r));
	if (!r)
		return lca_error_set(&ctx->err, LCA_ENOMEM, "lca slurm",
				     "out of memory%s", "");
	rc = cli_catalog(ctx);
	if (!rc) {
		if (cli_ledger(ctx, c->b.db, &l)) {
			ledger_err = ctx->err;
			o.ledger_error = &ledger_err;
		} else
			(void)cli_ledger_flush(ctx, l, 1);
		o.ledger = l;
		o.cat = ctx->cat;
		rc = lca_slurm_epilog(&o, r, &fp, &unsettled, &ctx->err);
	}
	if (!rc && unsettled && l && r->id) {
		u->id = r->id;
		cli_strlcpy(u->job_id, r->job_id, sizeof(u->job_id));
	}
	lca_ledger_free(l);
	lca_footprint_release(&fp);
	free(r);
	return rc;
}

int cmd_slurm(cli_ctx *ctx, int argc, char **argv)
{
	static const cli_opt own[] = {
	    {"log", 1,
	     "append what the hook did to this file (default $LCA_LOG, else "
	     "STATE/lca/slurm.log)"}};
	static slurm_cmd c;
	char state[1024], logpath[1200], stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	unsettled_run u = {0, ""};
	FILE *log = stderr;
	int rc;

	memset(&c, 0, sizeof(c));
	cli_site_init(&c.b, own, 1,
		      "ledger: a SQLite file or postgresql://... (default "
		      "$LCA_DB, else the config's db)",
		      on_opt);
	rc = cli_site_parse(&c.b, argc, argv, on_arg, &ctx->err);
	if (!rc && c.b.help) {
		help(&c);
		goto done;
	}
	if (!rc &&
	    (!c.sub || (strcmp(c.sub, "prolog") && strcmp(c.sub, "epilog")))) {
		rc = lca_error_set(&ctx->err, LCA_EUSAGE, "lca slurm",
				   "expected prolog or epilog '%s'",
				   c.sub ? c.sub : "");
		goto done;
	}
	/* From here on the hook runs for a job: it logs, and exits 0. */
	state_home(state, sizeof(state));
	log = open_log(&c, state, logpath, sizeof(logpath));
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	fprintf(log, "%s lca slurm %s: job %s on %s\n", stamp, c.sub,
		getenv("SLURM_JOB_ID") ? getenv("SLURM_JOB_ID") : "?",
		getenv("SLURMD_NODENAME") ? getenv("SLURMD_NODENAME") : "?");
	if (ctx->config_rc) {
		ctx->err = ctx->config_err;
		rc = ctx->config_rc;
	} else
		rc = cli_site_load_defaults(ctx, &c.b);
	if (!rc)
		rc = run_hook(ctx, &c, state, log, &u);
	if (rc) {
		fprintf(log, "lca slurm %s: ", c.sub);
		lca_error_print(&ctx->err, log);
	}
	if (!rc && u.id) {
		fflush(log);
		settle_later(&c, &u, logpath);
	}
	rc = 0;
done:
	if (log != stderr)
		fclose(log);
	cli_site_release(&c.b);
	return rc;
}
