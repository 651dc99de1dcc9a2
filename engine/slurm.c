/* SPDX-License-Identifier: MIT */
/* slurm.c: lca slurm prolog / epilog: a Slurm job's energy on one node,
 * from a snapshot of the node's counters at the prolog to the epilog. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lca_int.h"
#include "lca/slurm.h"
#include "ledger_store.h"
#include "banned.h"

#define SNAP_MAGIC "lca-slurm-snapshot 1"

typedef struct slurm_job {
	char id[32], node[64], cluster[64], gpus[64];
	double cpus; /* the job's CPUs on this node, NaN when unknown */
} slurm_job;

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static const char *env_or(const char *name, const char *dflt)
{
	const char *v = getenv(name);

	return v && *v ? v : dflt;
}

/* A name that is safe in a file name and a shell word. */
static int plain_word(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("._-", *s))
			return 0;
	return 1;
}

static int job_from_env(slurm_job *j, lca_error *err)
{
	const char *id = env_or("SLURM_JOB_ID", env_or("SLURM_JOBID", ""));
	const char *cpus = getenv("SLURM_JOB_CPUS_PER_NODE");
	char *end;
	size_t i;

	memset(j, 0, sizeof(*j));
	if (!*id)
		return lca_error_set(err, LCA_EUSAGE, "SLURM_JOB_ID",
				     "not set: lca slurm runs as slurm.conf's "
				     "Prolog= or Epilog=%s",
				     "");
	for (i = 0; id[i]; i++)
		if (!isdigit((unsigned char)id[i]) || i > 20)
			return lca_error_set(err, LCA_EUSAGE, "SLURM_JOB_ID",
					     "not a job id '%.40s'", id);
	lca__strlcpy(j->id, id, sizeof(j->id));
	lca__strlcpy(j->node, env_or("SLURMD_NODENAME", ""), sizeof(j->node));
	if (!j->node[0] && gethostname(j->node, sizeof(j->node) - 1))
		j->node[0] = '\0';
	if (!plain_word(j->node))
		return lca_error_set(err, LCA_EUSAGE, "SLURMD_NODENAME",
				     "not a node name '%.60s'", j->node);
	lca__strlcpy(j->cluster, env_or("SLURM_CLUSTER_NAME", ""),
		     sizeof(j->cluster));
	lca__strlcpy(j->gpus, env_or("SLURM_JOB_GPUS", ""), sizeof(j->gpus));
	/* "4" or "4(x2)": the first count is this node's in a uniform job */
	j->cpus = cpus ? strtod(cpus, &end) : LCA_NAN;
	if (cpus && (end == cpus || !(j->cpus > 0)))
		j->cpus = LCA_NAN;
	return 0;
}

static void snap_path(const lca_slurm_opts *o, const slurm_job *j, char *out,
		      size_t n)
{
	lca__fmt(out, n, "%s/%s@%s.snap", o->state_dir, j->id, j->node);
}

/* The sensors a job's energy is read from: every found RAPL and hwmon
 * sensor, and the job's GPUs. */
static int job_sensor(const lca_sensor *s)
{
	return s->found &&
	       (s->kind != LCA_S_NVML || lca_gpu_selected(s->index));
}

/* First reading of each sensor: a counter's raw joules, or watts. */
static double raw_value(lca_sensors *ss, int i)
{
	double j, w;
	lca_error e;

	if (lca_sensor_read(ss, i, 0, &j, &w, &e))
		return LCA_NAN;
	return ss->s[i].counter ? ss->s[i].last_j : w;
}

int lca_slurm_prolog(const lca_slurm_opts *o, lca_error *err)
{
	char path[1200], tmp[1300];
	lca_sensors ss;
	slurm_job j;
	FILE *fp;
	int rc, i, n = 0;

	rc = job_from_env(&j, err);
	if (rc)
		return rc;
	lca__fmt(path, sizeof(path), "%s/x", o->state_dir);
	lca__mkdir_parents(path);
	snap_path(o, &j, path, sizeof(path));
	lca__fmt(tmp, sizeof(tmp), "%s.%ld", path, (long)getpid());
	rc = lca_sensors_probe(&ss, err);
	if (rc)
		return rc;
	fp = fopen(tmp, "w");
	if (!fp) {
		lca_sensors_release(&ss);
		return lca_error_set(err, LCA_EIO, tmp, "cannot write: %s",
				     strerror(errno));
	}
	fprintf(fp, "%s\nt %.6f\n", SNAP_MAGIC, now_s());
	for (i = 0; i < ss.n; i++) {
		double v;
		if (!job_sensor(&ss.s[i]))
			continue;
		v = raw_value(&ss, i);
		if (isnan(v))
			continue;
		fprintf(fp, "s %s %d %.17g\n", ss.s[i].name, ss.s[i].counter,
			v);
		n++;
	}
	lca_sensors_release(&ss);
	if (fclose(fp) || rename(tmp, path)) {
		rc = lca_error_set(err, LCA_EIO, path, "cannot write: %s",
				   strerror(errno));
		remove(tmp);
		return rc;
	}
	if (o->log)
		fprintf(o->log,
			"lca: job %s on %s: %d counters snapshotted in %s\n",
			j.id, j.node, n, path);
	return 0;
}

/* ---- epilog ------------------------------------------------------------- */

typedef struct snapshot {
	double t;
	int n;
	struct {
		char name[64];
		int counter;
		double v;
	} s[LCA_MAX_SENSORS];
} snapshot;

static int snap_read(const char *path, snapshot *sn)
{
	char line[256];
	FILE *fp = fopen(path, "r");
	int ok = 0;

	memset(sn, 0, sizeof(*sn));
	sn->t = LCA_NAN;
	if (!fp)
		return -1;
	while (fgets(line, sizeof(line), fp)) {
		if (!strncmp(line, SNAP_MAGIC, strlen(SNAP_MAGIC)))
			ok = 1;
		else if (ok && line[0] == 't')
			sn->t = strtod(line + 1, NULL);
		else if (ok && line[0] == 's' && sn->n < LCA_MAX_SENSORS &&
			 sscanf(line, "s %63s %d %lf", sn->s[sn->n].name,
				&sn->s[sn->n].counter, &sn->s[sn->n].v) == 3)
			sn->n++;
	}
	fclose(fp);
	return ok && !isnan(sn->t) ? 0 : -1;
}

/* JobState, Reason, ExitCode, Account from `scontrol show job -o ID`
 * (the controller's view: it knows a cancelled job), "" where unknown. */
static void scontrol_job(const char *id, char *state, char *reason, char *code,
			 char *account, size_t n)
{
	char cmd[128], buf[8192];
	const char *const keys[] = {
	    "JobState=", "Reason=", "ExitCode=", "Account="};
	char *outs[4];
	size_t got;
	FILE *p;
	int k;

	outs[0] = state;
	outs[1] = reason;
	outs[2] = code;
	outs[3] = account;
	for (k = 0; k < 4; k++)
		outs[k][0] = '\0';
	/* id is digits only (job_from_env); timeout: a controller that does
	 * not answer must not hold the node */
	lca__fmt(cmd, sizeof(cmd),
		 "timeout 10 scontrol show job -o %s 2>/dev/null", id);
	p = popen(cmd, "r");
	if (!p)
		return;
	got = fread(buf, 1, sizeof(buf) - 1, p);
	buf[got] = '\0';
	pclose(p);
	for (k = 0; k < 4; k++) {
		const char *at = buf;
		size_t len, klen = strlen(keys[k]);
		/* a key at the start of a word */
		while ((at = strstr(at, keys[k])) && at != buf && at[-1] != ' ')
			at += klen;
		if (!at)
			continue;
		at += klen;
		len = strcspn(at, " \n");
		if (len >= n)
			len = n - 1;
		memcpy(outs[k], at, len);
		outs[k][len] = '\0';
		if (!strcmp(outs[k], "(null)"))
			outs[k][0] = '\0';
	}
}

/* An exit code "STATUS:SIGNAL" (NULL or "": 0:0) into its two numbers. */
static void exit_code_split(const char *code, long *status, long *sig)
{
	char *end;

	*status = *sig = 0;
	if (!code || !*code)
		return;
	*status = strtol(code, &end, 10);
	if (*end == ':')
		*sig = strtol(end + 1, NULL, 10);
}

void lca_slurm_exit_state(const char *exit_code, const char *state,
			  const char *reason, char *out, size_t n)
{
	static const char *const final[] = {
	    "COMPLETED", "FAILED",    "CANCELLED", "TIMEOUT", "OUT_OF_MEMORY",
	    "NODE_FAIL", "PREEMPTED", "BOOT_FAIL", "DEADLINE"};
	long status, sig;
	size_t i;

	for (i = 0; state && i < sizeof(final) / sizeof(final[0]); i++)
		if (!strcmp(state, final[i])) {
			lca__strlcpy(out, state, n);
			return;
		}
	if (reason && !strcmp(reason, "TimeLimit")) {
		lca__strlcpy(out, "TIMEOUT", n);
		return;
	}
	exit_code_split(exit_code, &status, &sig);
	lca__strlcpy(out,
		     sig == SIGTERM || sig == SIGKILL ? "CANCELLED"
		     : sig || status		      ? "FAILED"
						      : "COMPLETED",
		     n);
}

/* An exit code "STATUS:SIGNAL" the controller may later turn into
 * CANCELLED although it reads as COMPLETED or FAILED: none yet (0:0), or
 * a shell's status for a kill signal (128 + signal).  A signal itself
 * already reads as CANCELLED. */
static int may_be_cancelled(const char *code)
{
	long status, sig;

	exit_code_split(code, &status, &sig);
	return (!status && !sig) ||
	       (!sig && (status == 128 + SIGTERM || status == 128 + SIGKILL));
}

static int add_device(lca_run *r, const slurm_job *j, const lca_sensor *s,
		      double joules, double t0, double t1)
{
	lca_run_device *d;

	if (r->ndev == LCA_RUN_MAX_DEVICES)
		return -1;
	d = &r->dev[r->ndev++];
	memset(d, 0, sizeof(*d));
	lca__fmt(d->device, sizeof(d->device), "%s:%s", j->node, s->name);
	lca__strlcpy(d->kind,
		     s->kind != LCA_S_RAPL	   ? "gpu"
		     : strncmp(s->name, "dram", 4) ? "cpu"
						   : "dram",
		     sizeof(d->kind));
	d->samples = 2;
	d->first = t0;
	d->last = t1;
	d->energy_j = joules;
	return 0;
}

/* The job's energy on this node since the snapshot; *share gets the CPU
 * share applied to RAPL. */
static void measure(const lca_slurm_opts *o, const slurm_job *j,
		    const snapshot *sn, lca_run *r, double t1, double *share)
{
	lca_sensors ss;
	lca_error e;
	long online = sysconf(_SC_NPROCESSORS_ONLN);
	int i, k;

	*share = 1;
	if (!isnan(j->cpus) && online > 0 && j->cpus < (double)online)
		*share = j->cpus / (double)online;
	if (lca_sensors_probe(&ss, &e))
		return;
	for (i = 0; i < ss.n; i++) {
		const lca_sensor *s = &ss.s[i];
		double v, joules;
		if (!job_sensor(s))
			continue;
		for (k = 0; k < sn->n && strcmp(sn->s[k].name, s->name); k++)
			;
		v = raw_value(&ss, i);
		if (k == sn->n || isnan(v) || sn->s[k].counter != s->counter) {
			if (o->log)
				fprintf(o->log,
					"lca: job %s: sensor %s left out (not "
					"in the prolog's snapshot)\n",
					j->id, s->name);
			continue;
		}
		if (s->counter) {
			joules = v - sn->s[k].v;
			if (joules < 0 && s->max_range_j > 0)
				joules += s->max_range_j;
			if (joules < 0)
				joules = 0;
		} else /* power: the mean of the two readings */
			joules = (v + sn->s[k].v) / 2 * (t1 - sn->t);
		if (s->kind == LCA_S_RAPL)
			joules *= *share;
		if (s->kind != LCA_S_RAPL)
			r->devices = isnan(r->devices) ? 1 : r->devices + 1;
		if (add_device(r, j, s, joules, sn->t, t1) && o->log)
			fprintf(o->log,
				"lca: job %s: more than %d devices: %s left "
				"out\n",
				j->id, LCA_RUN_MAX_DEVICES, s->name);
	}
	lca_sensors_release(&ss);
}

static int assumptions(lca_footprint *fp, double share, int have_snap)
{
	int rc = lca_footprint_assume(
	    fp, "attribution", LCA_NAN,
	    "lca slurm epilog: the energy counters' rise from the job's "
	    "prolog to its epilog on each node; GPU: whole-device energy of "
	    "the job's GPUs (SLURM_JOB_GPUS, else every GPU); CPU (RAPL "
	    "package and DRAM): the node's energy x the job's share of the "
	    "node's CPUs",
	    "", "lca slurm rule");
	if (!rc)
		rc = lca_footprint_assume(
		    fp, "cpu_share", share, NULL, "of the node",
		    "SLURM_JOB_CPUS_PER_NODE / CPUs online (1 when unknown)");
	if (!rc && !have_snap)
		rc = lca_footprint_assume(
		    fp, "energy", LCA_NAN,
		    "not measured: no prolog snapshot for this job and node",
		    "", "lca slurm epilog");
	return rc ? LCA_ENOMEM : 0;
}

/* A run the ledger could not take: a small ledger of its own in the
 * spool (lca ledger flush, or the next ledger write, moves it). */
static int spool(const lca_slurm_opts *o, const slurm_job *j, lca_run *r,
		 const lca_footprint *fp, lca_error *err)
{
	char dir[1024], path[1300];
	lca_ledger *sl = NULL;
	int rc, put;

	lca_ledger_spool_dir(dir, sizeof(dir));
	lca__fmt(path, sizeof(path), "%s/slurm-%s@%s.db", dir, j->id, j->node);
	rc = lca_ledger_open(&sl, path, err);
	if (!rc)
		rc = lca_ledger_begin(sl, err);
	if (!rc) {
		rc = lca_ledger_put_run(sl, r, fp, &put, err);
		if (!rc)
			rc = lca_ledger_commit(sl, err);
		else
			lca_ledger_rollback(sl);
	}
	lca_ledger_free(sl);
	if (!rc && o->log)
		fprintf(o->log, "lca: job %s: spooled to '%s'\n", j->id, path);
	return rc;
}

static int store(const lca_slurm_opts *o, const slurm_job *j, lca_run *r,
		 const lca_footprint *fp, lca_error *err)
{
	lca_error e;
	int rc, put;

	if (!o->ledger) {
		if (o->log && o->ledger_error)
			fprintf(o->log, "lca: job %s: ledger: %s (%s)\n", j->id,
				o->ledger_error->message,
				o->ledger_error->where);
		return spool(o, j, r, fp, err);
	}
	rc = lca_ledger_begin(o->ledger, &e);
	if (!rc) {
		rc = lca_ledger_put_run(o->ledger, r, fp, &put, &e);
		if (!rc)
			rc = lca_ledger_commit(o->ledger, &e);
		else
			lca_ledger_rollback(o->ledger);
	}
	if (!rc)
		return 0;
	if (o->log)
		fprintf(o->log, "lca: job %s: ledger: %s (%s)\n", j->id,
			e.message, e.where);
	r->id = 0;
	return spool(o, j, r, fp, err);
}

int lca_slurm_epilog(const lca_slurm_opts *o, lca_run *r, lca_footprint *fp,
		     int *unsettled, lca_error *err)
{
	char path[1200], state[40], reason[64], code[40], account[64];
	double t1 = now_s(), share = 1;
	lca_run_node *nd;
	snapshot sn;
	slurm_job j;
	int rc, have_snap;

	*unsettled = 0;
	rc = job_from_env(&j, err);
	if (rc)
		return rc;
	snap_path(o, &j, path, sizeof(path));
	have_snap = !snap_read(path, &sn);
	lca_run_init(r);
	lca__strlcpy(r->source, "slurm-epilog", sizeof(r->source));
	lca__fmt(r->name, sizeof(r->name), "slurm job %s", j.id);
	if (j.cluster[0]) {
		char id[128];
		lca__fmt(id, sizeof(id), "%s@%s", j.id, j.cluster);
		rc = lca_run_set_key(r, "slurm", id, err);
	} else
		rc = lca_run_set_key(r, "slurm", j.id, err);
	if (rc)
		return rc;
	lca__strlcpy(r->job_id, j.id, sizeof(r->job_id));
	lca__strlcpy(r->user, env_or("SLURM_JOB_USER", ""), sizeof(r->user));
	lca__strlcpy(r->account, env_or("SLURM_JOB_ACCOUNT", ""),
		     sizeof(r->account));
	lca__strlcpy(r->partition, env_or("SLURM_JOB_PARTITION", ""),
		     sizeof(r->partition));
	scontrol_job(j.id, state, reason, code, account, sizeof(state));
	if (!r->account[0])
		lca__strlcpy(r->account, account, sizeof(r->account));
	lca_slurm_exit_state(
	    code[0] ? code : env_or("SLURM_JOB_EXIT_CODE2", ""), state, reason,
	    r->exit_state, sizeof(r->exit_state));
	if (o->log)
		fprintf(o->log,
			"lca: job %s: %s (scontrol: JobState=%s Reason=%s "
			"ExitCode=%s; SLURM_JOB_EXIT_CODE2=%s)\n",
			j.id, r->exit_state, state, reason, code,
			env_or("SLURM_JOB_EXIT_CODE2", ""));
	/* the controller shows a job cancelled while it ran as one that
	 * completed until its exit code arrives, or as one that failed with
	 * its shell's status for the signal (143: 128 + SIGTERM) */
	*unsettled =
	    !strcmp(state, "COMPLETING") &&
	    may_be_cancelled(code[0] ? code
				     : env_or("SLURM_JOB_EXIT_CODE2", "0:0"));
	t1 = now_s(); /* after scontrol: next to the counters' reading */
	r->start = have_snap ? sn.t : t1;
	r->end = t1;
	if (have_snap)
		measure(o, &j, &sn, r, t1, &share);
	else if (o->log)
		fprintf(o->log,
			"lca: job %s: no prolog snapshot '%s': its energy on "
			"%s is not measured\n",
			j.id, path, j.node);
	lca_run_total(r);
	rc = lca_run_footprint(o->cat, o->site, r, fp, err);
	if (!rc)
		rc = assumptions(fp, share, have_snap);
	if (rc)
		return rc;
	nd = &r->node[r->nnodes++];
	lca__strlcpy(nd->node, j.node, sizeof(nd->node));
	lca__strlcpy(nd->gpus, j.gpus, sizeof(nd->gpus));
	nd->start = r->start;
	nd->end = r->end;
	nd->energy_kwh = r->energy_kwh;
	nd->facility_energy_kwh = r->facility_energy_kwh;
	nd->operational_kgco2e = r->operational_kgco2e;
	nd->embodied_kgco2e = r->embodied_kgco2e;
	nd->total_kgco2e = r->total_kgco2e;
	rc = store(o, &j, r, fp, err);
	if (!rc) {
		remove(path);
		if (o->log)
			fprintf(o->log,
				"lca: job %s on %s: %s, %.6g kWh recorded\n",
				j.id, j.node, r->exit_state, r->energy_kwh);
	}
	return rc;
}

int lca_slurm_settle(const char *db, long long run_id, const char *job_id,
		     double wait_s, char *out, size_t n, lca_error *err)
{
	lca_ledger *l = NULL;
	int rc;

	char state[40], reason[64], code[40], account[64];
	double t0 = now_s();
	size_t i;

	out[0] = '\0';
	for (i = 0; job_id[i]; i++)
		if (!isdigit((unsigned char)job_id[i]) || i > 20)
			return lca_error_set(err, LCA_EUSAGE, "job_id",
					     "not a job id '%.40s'", job_id);
	for (;;) {
		scontrol_job(job_id, state, reason, code, account,
			     sizeof(state));
		if (!state[0])
			return 0; /* the controller no longer knows it */
		if (strcmp(state, "COMPLETING") && strcmp(state, "RUNNING"))
			break;
		if (now_s() - t0 >= wait_s)
			return 0;
		nanosleep(&(struct timespec){1, 0}, NULL);
	}
	lca_slurm_exit_state(code, state, reason, out, n);
	if (!strcmp(out, "COMPLETED"))
		return 0; /* what the epilog recorded */
	rc = lca_ledger_open(&l, db, err);
	if (!rc)
		rc = lca__ledger_set_exit_state(l, run_id, out, err);
	lca_ledger_free(l);
	return rc;
}
