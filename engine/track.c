/* SPDX-License-Identifier: MIT */
/* track.c: lca track, runs a command and accounts the energy its process
 * tree drew, committing each interval to the ledger. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lca_int.h"
#include "lca/ledger.h"
#include "banned.h"

/* Green Algorithms (Lannelongue et al. 2021): 0.3725 W per GB of memory,
 * as in models/model_power.c. */
#define MEMORY_W_PER_GB 0.3725

static volatile sig_atomic_t child_pid;

/* The sender signals every process of the unit or job step itself:
 * systemd (pid 1, KillMode=control-group) and slurmstepd (scancel). */
static int signals_all(pid_t sender)
{
	char path[64], comm[32];
	ssize_t n;
	int fd;

	if (sender == 1)
		return 1;
	/* by hand, with open/read/close: async-signal-safe */
	{
		char digits[24];
		long v = (long)sender;
		int k = 0, m = 0;
		const char *pre = "/proc/";
		do
			digits[k++] = (char)('0' + v % 10);
		while ((v /= 10) && k < 23);
		while (*pre)
			path[m++] = *pre++;
		while (k)
			path[m++] = digits[--k];
		pre = "/comm";
		while (*pre)
			path[m++] = *pre++;
		path[m] = '\0';
	}
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	n = read(fd, comm, sizeof(comm) - 1);
	close(fd);
	comm[n > 0 ? n : 0] = '\0';
	return !strncmp(comm, "slurmstepd", 10);
}

/*
 * The command runs in its own process group (the terminal's foreground
 * one when lca had it), so a signal reaches it once: Ctrl-C and a kill of
 * its group reach it directly and not lca; a kill of lca or of lca's group
 * (kill -INT -PGID) reaches lca alone and is passed on.  systemd and
 * slurmstepd signal every process themselves: not passed on again.
 */
static void forward(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	if (child_pid > 0 && si &&
	    (si->si_code == SI_USER || si->si_code == SI_QUEUE) &&
	    !signals_all(si->si_pid))
		kill(-(pid_t)child_pid, sig);
}

/* The terminal lca controls in the foreground, or -1. */
static int foreground_tty(void)
{
	int fd;

	for (fd = 0; fd <= 2; fd++)
		if (isatty(fd) && tcgetpgrp(fd) == getpgrp())
			return fd;
	return -1;
}

/* Gives the terminal's foreground to process group pg (SIGTTOU ignored
 * meanwhile: lca is then in the background). */
static void give_tty(int fd, pid_t pg)
{
	struct sigaction ign, old;

	if (fd < 0)
		return;
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGTTOU, &ign, &old);
	(void)tcsetpgrp(fd, pg);
	sigaction(SIGTTOU, &old, NULL);
}

static void on_chld(int sig)
{
	(void)sig;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

typedef struct tstate {
	const lca_track_opts *o;
	lca_sensors ss;
	int devof[LCA_MAX_SENSORS]; /* run device of each sensor, or -1 */
	int gpu_visible[LCA_MAX_SENSORS];
	int have_rapl, model_cpu, dev_cpu_model, dev_mem_model;
	double tdp_per_core;
	char cpu_source[700];
	double last_t, last_tree, last_node;
	char sensors_text[512];
	char command[256]; /* the command line when --name names the run */
	long dropped;	   /* readings left out as impossible */
	/* samples not yet in the ledger (its lock was held): written with
	 * the next interval that gets it, else spooled */
	struct pending {
		double t, w, j;
		int dev;
	} * pend;
	long npend, pend_alloc;
	int ledger_down; /* the ledger failed: the run goes to the spool */
	lca_error ledger_err;
} tstate;

static int new_dev(lca_run *r, const char *name, const char *kind)
{
	lca_run_device *d;

	if (r->ndev == LCA_RUN_MAX_DEVICES)
		return -1;
	d = &r->dev[r->ndev];
	memset(d, 0, sizeof(*d));
	lca__strlcpy(d->device, name, sizeof(d->device));
	lca__strlcpy(d->kind, kind, sizeof(d->kind));
	d->first = d->last = LCA_NAN;
	return r->ndev++;
}

/* Per-core power of a CPU the catalog cannot give (unknown model, or no
 * sourced core count): Green Algorithms' default for an unnamed CPU,
 * TDP_cpu.csv row 'Any', TDP_per_core 12.0 W. */
#define CPU_W_PER_CORE_DEFAULT 12.0
#define CPU_W_PER_CORE_SOURCE                                               \
	"Green Algorithms v3.0 per-core default for an unnamed CPU, "       \
	"TDP_cpu.csv row 'Any', 12.0 W per core (Lannelongue et al. 2021, " \
	"CC BY 4.0) [shared: green-algorithms/latest/TDP_cpu.csv]"

/* /proc/cpuinfo, under $LCA_SYSFS_ROOT when set (tests fake a machine). */
static void cpuinfo_model(char *name, size_t n)
{
	const char *root = getenv("LCA_SYSFS_ROOT");
	char path[600], line[512];
	FILE *fp;

	if (root && *root)
		lca__fmt(path, sizeof(path), "%s/proc/cpuinfo", root);
	else
		lca__strlcpy(path, "/proc/cpuinfo", sizeof(path));
	fp = fopen(path, "r");
	if (!fp)
		return;
	while (fgets(line, sizeof(line), fp))
		if (!strncmp(line, "model name", 10) && strchr(line, ':')) {
			const char *v = strchr(line, ':') + 1;
			while (*v == ' ' || *v == '\t')
				v++;
			lca__strlcpy(name, v, n);
			name[strcspn(name, "\n")] = '\0';
			break;
		}
	fclose(fp);
}

/*
 * The CPU's power per busy core for the CPU-time model: the chip's TDP
 * over the chip's cores (both from the catalog: --cpu, else the model name
 * in /proc/cpuinfo); never over this machine's cores, which a VM cuts to a
 * few.  Without a sourced TDP and core count, the per-core default, said
 * once on stderr.
 */
static void cpu_model(tstate *ts)
{
	const lca_inputs *site = ts->o->site;
	char name[256] = "", why[400];
	lca_cpu cpu;
	lca_error e2;
	int rc;

	if (site && site->set[LCA_F_CPU])
		lca__strlcpy(name, site->str[LCA_F_CPU], sizeof(name));
	else
		cpuinfo_model(name, sizeof(name));
	rc = name[0] && ts->o->cat
		 ? lca_catalog_cpu(ts->o->cat, name, "cpu", &cpu, &e2)
		 : LCA_ENOTFOUND;
	if (!rc && cpu.tdp_w > 0 && cpu.cores > 0) {
		ts->tdp_per_core = cpu.tdp_w / cpu.cores;
		lca__fmt(ts->cpu_source, sizeof(ts->cpu_source),
			 "%s TDP %.4g W / %.4g cores (%s)", cpu.name, cpu.tdp_w,
			 cpu.cores, cpu.source);
		return;
	}
	if (rc == LCA_EDB)
		lca__fmt(why, sizeof(why), "the catalog could not be read (%s)",
			 e2.message);
	else if (!name[0])
		lca__fmt(why, sizeof(why), "no cpu model name (give cpu)");
	else if (rc)
		lca__fmt(why, sizeof(why),
			 "cpu '%s' is not in the catalog (give cpu)", name);
	else if (!(cpu.tdp_w > 0))
		lca__fmt(why, sizeof(why), "cpu '%s' has no TDP in the catalog",
			 cpu.name);
	else
		lca__fmt(why, sizeof(why),
			 "no sourced core count for cpu '%s' (TDP %.4g W) in "
			 "the catalog",
			 cpu.name, cpu.tdp_w);
	ts->tdp_per_core = CPU_W_PER_CORE_DEFAULT;
	lca__fmt(ts->cpu_source, sizeof(ts->cpu_source), "%s: %s", why,
		 CPU_W_PER_CORE_SOURCE);
	if (ts->o->log)
		fprintf(ts->o->log,
			"lca: %s: CPU energy uses the default of %.4g W per "
			"busy core (Green Algorithms)\n",
			why, CPU_W_PER_CORE_DEFAULT);
}

static int assumptions(tstate *ts, lca_footprint *fp)
{
	int rc;

	rc = lca_footprint_assume(
	    fp, "attribution", LCA_NAN,
	    "CPU (RAPL package and DRAM) energy x the command tree's share of "
	    "the node's busy CPU time in each interval; GPU: whole-device "
	    "energy of the GPUs of the command (SLURM_STEP_GPUS, "
	    "SLURM_JOB_GPUS, else CUDA_VISIBLE_DEVICES); per-process GPU "
	    "attribution is not "
	    "implemented",
	    "", "lca track rule");
	if (!rc)
		rc = lca_footprint_assume(fp, "sensors", LCA_NAN,
					  ts->sensors_text, "",
					  "lca sensors probe");
	if (!rc)
		rc = lca_footprint_assume(fp, "sampling_interval",
					  ts->o->interval_s, NULL, "s",
					  "user (interval) or lca default 1 s");
	if (!rc && ts->command[0])
		rc = lca_footprint_assume(fp, "command", LCA_NAN, ts->command,
					  "", "the command lca track ran");
	if (!rc && ts->dropped)
		rc = lca_footprint_assume(
		    fp, "dropped_readings", (double)ts->dropped, NULL,
		    "readings",
		    "left out, not counted: not a number, negative, or above "
		    "lca's range for a draw (power per accelerator, "
		    "host-power per node)");
	if (!rc && ts->model_cpu) {
		rc = lca_footprint_assume(
		    fp, "cpu_energy_model", ts->tdp_per_core, NULL,
		    "W per busy core (a model, not a measurement)",
		    ts->cpu_source);
		if (!rc)
			rc = lca_footprint_assume(
			    fp, "memory_power", MEMORY_W_PER_GB, NULL,
			    "W/GB of resident memory (a model, not a "
			    "measurement)",
			    "Green Algorithms, Lannelongue et al. 2021");
	}
	return rc ? LCA_ENOMEM : 0;
}

static int footprint(tstate *ts, lca_run *r, lca_footprint *fp, lca_error *err)
{
	int rc;

	lca_footprint_release(fp);
	lca_footprint_init(fp);
	lca_run_total(r);
	rc = lca_run_footprint(ts->o->cat, ts->o->site, r, fp, err);
	if (!rc && assumptions(ts, fp))
		rc = lca_error_set(err, LCA_ENOMEM, "track", "out of memory");
	return rc;
}

/* A reading lca would refuse as a draw: not a number, negative, or above
 * the engine's range for the device (--power per accelerator,
 * --host-power per node for RAPL). */
static int impossible(const lca_sensor *s, double j, double w)
{
	int f = s->kind == LCA_S_RAPL ? LCA_F_HOST_POWER : LCA_F_POWER;

	return !isfinite(j) || j < 0 ||
	       (!isnan(w) && !(w >= 0 && w <= lca_field_info_get(f)->max));
}

static int pend(tstate *ts, double t, int dev, double w, double j)
{
	if (ts->npend == ts->pend_alloc) {
		long n = ts->pend_alloc ? 2 * ts->pend_alloc : 64;
		struct pending *p = realloc(ts->pend, sizeof(*p) * (size_t)n);
		if (!p)
			return -1;
		ts->pend = p;
		ts->pend_alloc = n;
	}
	ts->pend[ts->npend].t = t;
	ts->pend[ts->npend].dev = dev;
	ts->pend[ts->npend].w = w;
	ts->pend[ts->npend].j = j;
	ts->npend++;
	return 0;
}

/* Writes the run and its pending samples into l (inside begin/commit). */
static int write_run(lca_ledger *l, tstate *ts, lca_run *r,
		     const lca_footprint *fp, lca_error *err)
{
	long i;
	int rc = 0, put;

	if (!r->id)
		rc = lca_ledger_put_run(l, r, fp, &put, err);
	for (i = 0; !rc && i < ts->npend; i++)
		rc = lca_ledger_add_sample(l, r->id, ts->pend[i].t,
					   r->dev[ts->pend[i].dev].device,
					   ts->pend[i].w, ts->pend[i].j, err);
	if (!rc)
		rc = lca_ledger_update_run(l, r, fp, err);
	return rc;
}

/*
 * Commits what is new when the ledger's lock comes free within one
 * interval; a held lock leaves it for the next interval (the command never
 * waits on the ledger), and a failing ledger (a full disk) leaves the run
 * to the spool.  1 when committed.
 */
static int record(tstate *ts, lca_run *r, const lca_footprint *fp)
{
	lca_ledger *l = ts->o->ledger;
	long long id = r->id;
	lca_error e;
	int rc;

	if (!l || ts->ledger_down)
		return 0;
	rc = lca_ledger_try_begin(l, ts->o->interval_s, &e);
	if (rc == 1)
		return 0;
	if (!rc)
		rc = write_run(l, ts, r, fp, &e);
	if (!rc)
		rc = lca_ledger_commit(l, &e);
	else
		lca_ledger_rollback(l);
	if (rc) {
		r->id = id; /* what was added is rolled back */
		ts->ledger_down = 1;
		ts->ledger_err = e;
		return 0;
	}
	ts->npend = 0;
	return 1;
}

/* The ledger could not take the run: a small ledger of its own in the
 * spool, for lca ledger flush (or the next ledger write), and a line on
 * the log saying so. */
static void spool(tstate *ts, lca_run *r, const lca_footprint *fp)
{
	char dir[1024], path[1200], why[480];
	lca_ledger *sl = NULL;
	long long id = r->id;
	lca_error e;
	int rc;

	lca__fmt(why, sizeof(why), "%s",
		 ts->ledger_down ? ts->ledger_err.message
				 : "another writer held its lock");
	lca_ledger_spool_dir(dir, sizeof(dir));
	lca__fmt(path, sizeof(path), "%s/%s.db", dir,
		 strchr(r->key, ':') ? strchr(r->key, ':') + 1 : r->key);
	r->id = 0;
	rc = lca_ledger_open(&sl, path, &e);
	if (!rc)
		rc = lca_ledger_begin(sl, &e);
	if (!rc) {
		rc = write_run(sl, ts, r, fp, &e);
		if (!rc)
			rc = lca_ledger_commit(sl, &e);
		else
			lca_ledger_rollback(sl);
	}
	lca_ledger_free(sl);
	r->id = rc ? id : 0;
	if (!ts->o->log)
		return;
	if (rc)
		fprintf(ts->o->log,
			"lca: the run is not recorded: the ledger could not "
			"take it (%s) and neither could the spool (%s) '%s'\n",
			why, e.message, path);
	else
		fprintf(ts->o->log,
			"lca: the ledger could not take the run (%s): spooled "
			"to '%s'; lca ledger flush (or the next ledger write) "
			"records it\n",
			why, path);
}

/* One interval: read every sensor, attribute, and commit. */
static void sample(tstate *ts, pid_t pid, lca_run *r, lca_footprint *fp)
{
	double t = now_s(), dt = t - ts->last_t, tree, node, rss, share = 1;
	double dtree, dnode;
	lca_error e2;
	int i;

	if (lca_proc_tree_cpu(pid, &tree, &node, &rss, &e2)) {
		tree = ts->last_tree;
		node = ts->last_node;
		rss = 0;
	}
	dtree = tree - ts->last_tree;
	dnode = node - ts->last_node;
	if (dtree < 0)
		dtree = 0;
	if (dnode > 0)
		share = dtree / dnode;
	else
		share = 0;
	if (share > 1)
		share = 1;
	for (i = 0; i < ts->ss.n; i++) {
		double j, w;
		int k = ts->devof[i];
		if (k < 0)
			continue;
		if (lca_sensor_read(&ts->ss, i, dt, &j, &w, &e2))
			continue;
		if (impossible(&ts->ss.s[i], j, w)) {
			ts->dropped++;
			continue;
		}
		if (ts->ss.s[i].kind == LCA_S_RAPL) {
			j *= share;
			w = dt > 0 ? j / dt : LCA_NAN;
		}
		r->dev[k].energy_j += j;
		lca_run_add_energy(r, ts->last_t, t, j);
		r->dev[k].samples++;
		r->dev[k].last = t;
		if ((ts->o->ledger || ts->o->ledger_error) &&
		    pend(ts, t, k, w, j))
			ts->dropped++;
	}
	if (ts->model_cpu) {
		double cj = dtree * ts->tdp_per_core;
		double mj = rss * MEMORY_W_PER_GB * dt;
		lca_run_add_energy(r, ts->last_t, t, cj + mj);
		r->dev[ts->dev_cpu_model].energy_j += cj;
		r->dev[ts->dev_cpu_model].samples++;
		r->dev[ts->dev_cpu_model].last = t;
		r->dev[ts->dev_mem_model].energy_j += mj;
		r->dev[ts->dev_mem_model].samples++;
		r->dev[ts->dev_mem_model].last = t;
		if (ts->o->ledger || ts->o->ledger_error) {
			pend(ts, t, ts->dev_cpu_model,
			     dt > 0 ? cj / dt : LCA_NAN, cj);
			pend(ts, t, ts->dev_mem_model,
			     dt > 0 ? mj / dt : LCA_NAN, mj);
		}
	}
	ts->last_t = t;
	ts->last_tree = tree;
	ts->last_node = node;
	r->end = t;
	/* a footprint that cannot be computed leaves the last one standing
	 * (the readings are kept; the final footprint says what is wrong) */
	if (!footprint(ts, r, fp, &e2))
		record(ts, r, fp);
}

static void setup(tstate *ts, lca_run *r)
{
	size_t len = 0;
	int i;

	for (i = 0; i < ts->ss.n; i++) {
		lca_sensor *s = &ts->ss.s[i];
		const char *kind =
		    s->kind == LCA_S_RAPL
			? (strncmp(s->name, "dram", 4) ? "cpu" : "dram")
			: "gpu";
		ts->devof[i] = -1;
		if (s->found && ts->o->log)
			fprintf(ts->o->log, "lca: sensor %s: %s\n", s->name,
				s->detail);
		if (!s->found)
			continue;
		if (s->kind == LCA_S_NVML && !lca_gpu_selected(s->index))
			continue;
		if (s->kind == LCA_S_RAPL && !strcmp(kind, "cpu"))
			ts->have_rapl = 1;
		if (s->kind != LCA_S_RAPL)
			r->devices = isnan(r->devices) ? 1 : r->devices + 1;
		ts->devof[i] = new_dev(r, s->name, kind);
		if (len < sizeof(ts->sensors_text) - 80) {
			lca__fmt(ts->sensors_text + len,
				 sizeof(ts->sensors_text) - len, "%s%s",
				 len ? ", " : "", s->name);
			len = strlen(ts->sensors_text);
		}
	}
	if (!ts->have_rapl) {
		ts->model_cpu = 1;
		cpu_model(ts);
		ts->dev_cpu_model = new_dev(r, "cpu-model", "model");
		ts->dev_mem_model = new_dev(r, "memory-model", "model");
		lca__strlcpy(r->method, "model", sizeof(r->method));
		if (len && r->ndev > 2)
			lca__strlcpy(r->method, "measured+model",
				     sizeof(r->method));
		lca__fmt(ts->sensors_text + len, sizeof(ts->sensors_text) - len,
			 "%sCPU-time model (no readable RAPL counter)",
			 len ? ", " : "");
		if (ts->o->log)
			fprintf(ts->o->log,
				"lca: no RAPL counter: CPU energy is a model "
				"(CPU time x TDP per core + memory x 0.3725 "
				"W/GB), not a measurement\n");
	}
}

/* ---- several tasks of a Slurm step on one node (srun -n 4 lca track) --- */

/* The step's slurmstepd when lca runs as a task of a Slurm job step (its
 * parent), else 0. */
static pid_t step_parent(void)
{
	char path[64], comm[32] = "";
	pid_t pp = getppid();
	FILE *fp;

	if (!getenv("SLURM_LOCALID") ||
	    !(getenv("SLURM_STEP_ID") || getenv("SLURM_STEPID")))
		return 0;
	lca__fmt(path, sizeof(path), "/proc/%ld/comm", (long)pp);
	fp = fopen(path, "r");
	if (!fp)
		return 0;
	if (!fgets(comm, sizeof(comm), fp))
		comm[0] = '\0';
	fclose(fp);
	return strncmp(comm, "slurmstepd", 10) ? 0 : pp;
}

int lca_track_joins_step(void)
{
	const char *id = getenv("SLURM_LOCALID");

	return step_parent() > 0 && id && strcmp(id, "0");
}

/* Whether a process other than lca itself still has parent pp: the step's
 * other tasks. */
static int others_alive(pid_t pp)
{
	struct dirent *de;
	DIR *d = opendir("/proc");
	int alive = 0;

	while (d && !alive && (de = readdir(d))) {
		char path[64], buf[512], *p;
		long pid, ppid;
		FILE *fp;
		size_t got;
		pid = strtol(de->d_name, &p, 10);
		if (*p || pid <= 0 || pid == (long)getpid())
			continue;
		lca__fmt(path, sizeof(path), "/proc/%ld/stat", pid);
		fp = fopen(path, "r");
		if (!fp)
			continue;
		got = fread(buf, 1, sizeof(buf) - 1, fp);
		fclose(fp);
		buf[got] = '\0';
		p = strrchr(buf, ')');
		if (p && sscanf(p + 2, "%*c %ld", &ppid) == 1 &&
		    ppid == (long)pp)
			alive = 1;
	}
	if (d)
		closedir(d);
	return alive;
}

/* The Slurm job a tracked run belongs to (its environment), and for the
 * measuring task of a step its key: the step on this node, once. */
static int slurm_fields(lca_run *r, pid_t stepd, lca_error *err)
{
	const char *job = getenv("SLURM_JOB_ID");
	const char *step = getenv("SLURM_STEP_ID");
	const char *node = getenv("SLURMD_NODENAME");
	char id[200];

	if (!job || !*job)
		return 0;
	lca__strlcpy(r->job_id, job, sizeof(r->job_id));
	lca__strlcpy(r->user,
		     getenv("SLURM_JOB_USER") ? getenv("SLURM_JOB_USER") : "",
		     sizeof(r->user));
	lca__strlcpy(r->account,
		     getenv("SLURM_JOB_ACCOUNT") ? getenv("SLURM_JOB_ACCOUNT")
						 : "",
		     sizeof(r->account));
	lca__strlcpy(
	    r->partition,
	    getenv("SLURM_JOB_PARTITION") ? getenv("SLURM_JOB_PARTITION") : "",
	    sizeof(r->partition));
	if (!stepd)
		return 0;
	lca__fmt(id, sizeof(id), "slurm/%s.%s@%s", job,
		 step ? step : getenv("SLURM_STEPID"), node ? node : "");
	return lca_run_set_key(r, "track", id, err);
}

struct lca_tracker {
	tstate ts;
	lca_track_opts o; /* ts.o points here */
	lca_run *r;	  /* own_r, or lca_track's caller's */
	lca_footprint *fp;
	pid_t pid;   /* the process tree measured */
	pid_t stepd; /* a Slurm step's tasks are measured as one: its
			slurmstepd, whose tree holds them all; else 0 */
	int stopped;
	lca_footprint own_fp;
	lca_run own_r; /* large: the tracker lives on the heap */
};

static lca_tracker *tracker_new(const lca_track_opts *o, lca_run *r,
				lca_footprint *fp)
{
	lca_tracker *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->o = *o;
	t->ts.o = &t->o;
	lca_footprint_init(&t->own_fp);
	t->r = r ? r : &t->own_r;
	t->fp = fp ? fp : &t->own_fp;
	return t;
}

/* The run, its sensors and a first footprint (the site's inputs are
 * checked here, before anything is measured); the ledger is written once
 * the measured process runs (it never waits on the ledger's lock). */
static int tracker_begin(lca_tracker *t, lca_error *err)
{
	const lca_track_opts *o = &t->o;
	lca_run *r = t->r;
	size_t len = 0;
	int rc, i;

	lca_run_init(r);
	lca__strlcpy(r->source, "track", sizeof(r->source));
	lca__strlcpy(r->status, "running", sizeof(r->status));
	for (i = 0; o->argv && o->argv[i] && len < sizeof(r->name) - 2; i++) {
		lca__fmt(r->name + len, sizeof(r->name) - len, "%s%s",
			 i ? " " : "", o->argv[i]);
		len = strlen(r->name);
	}
	if (o->name && *o->name) {
		lca__strlcpy(t->ts.command, r->name, sizeof(t->ts.command));
		lca__strlcpy(r->name, o->name, sizeof(r->name));
	} else if (!r->name[0])
		lca__strlcpy(r->name, "process", sizeof(r->name));
	for (i = 0; i < o->ntags && i < LCA_RUN_MAX_TAGS; i++)
		r->tags[r->ntags++] = o->tags[i];
	rc = lca_run_set_key(r, "track", NULL, err);
	if (!rc)
		rc = slurm_fields(r, t->stepd, err);
	if (!rc)
		rc = lca_sensors_probe(&t->ts.ss, err);
	if (rc)
		return rc;
	setup(&t->ts, r);
	r->pid = (long long)getpid();
	r->start = t->ts.last_t = now_s();
	return footprint(&t->ts, r, t->fp, err);
}

/* Primes the counters and CPU times of pid's tree (a command lca track
 * starts counts from nothing, a running process from now) and records the
 * run. */
static void tracker_attach(lca_tracker *t, pid_t pid, int from_zero)
{
	double rss, j, w;
	lca_error e2;
	int i;

	t->pid = pid;
	for (i = 0; i < t->ts.ss.n; i++)
		if (t->ts.devof[i] >= 0)
			(void)lca_sensor_read(&t->ts.ss, i, 0, &j, &w, &e2);
	if (lca_proc_tree_cpu(pid, &t->ts.last_tree, &t->ts.last_node, &rss,
			      &e2))
		t->ts.last_tree = t->ts.last_node = 0;
	if (from_zero)
		t->ts.last_tree = 0;
	record(&t->ts, t->r, t->fp);
}

/* The final status: its footprint, then the ledger or else the spool.  A
 * footprint or ledger failure is said on the log, never returned (the
 * measured command's status wins). */
static void tracker_finish(lca_tracker *t, const char *status, int exit_status)
{
	const lca_track_opts *o = &t->o;
	lca_error e2;

	t->stopped = 1;
	t->r->exit_status = exit_status;
	lca__strlcpy(t->r->status, status, sizeof(t->r->status));
	if (footprint(&t->ts, t->r, t->fp, &e2) && o->log)
		fprintf(o->log,
			"lca: the run's footprint could not be computed: %s "
			"(%s)\n",
			e2.message, e2.where);
	if (o->ledger_error && !o->ledger) {
		t->ts.ledger_down = 1;
		t->ts.ledger_err = *o->ledger_error;
	}
	/* a ledger that failed during the run (a PostgreSQL server gone) is
	 * tried once more at the end before the run is spooled */
	if (o->ledger)
		t->ts.ledger_down = 0;
	if ((o->ledger || o->ledger_error) && !record(&t->ts, t->r, t->fp))
		spool(&t->ts, t->r, t->fp);
}

int lca_tracker_start(lca_tracker **out, const lca_track_opts *o,
		      lca_error *err)
{
	lca_tracker *t;
	int rc;

	*out = NULL;
	if (!(o->interval_s >= 0.01 && o->interval_s <= 3600))
		return lca_error_set(err, LCA_ERANGE, "interval",
				     "not a number of seconds in [0.01, "
				     "3600] '%g'",
				     o->interval_s);
	t = tracker_new(o, NULL, NULL);
	if (!t)
		return lca_error_set(err, LCA_ENOMEM, "track", "out of memory");
	rc = tracker_begin(t, err);
	if (rc) {
		lca_tracker_free(t);
		return rc;
	}
	tracker_attach(t, getpid(), 0);
	*out = t;
	return 0;
}

int lca_tracker_sample(lca_tracker *t, lca_error *err)
{
	if (t->stopped)
		return lca_error_set(err, LCA_EUSAGE, "track",
				     "the run is stopped already%s", "");
	sample(&t->ts, t->pid, t->r, t->fp);
	return 0;
}

int lca_tracker_stop(lca_tracker *t, const char *status, int exit_status,
		     lca_error *err)
{
	int rc;

	if (!status || (strcmp(status, "complete") && strcmp(status, "failed")))
		return lca_error_set(err, LCA_EUSAGE, "status",
				     "not complete or failed '%s'",
				     status ? status : "");
	rc = lca_tracker_sample(t, err);
	if (!rc)
		tracker_finish(t, status, exit_status);
	return rc;
}

const lca_run *lca_tracker_run(const lca_tracker *t)
{
	return t->r;
}

const lca_footprint *lca_tracker_footprint(const lca_tracker *t)
{
	return t->fp;
}

void lca_tracker_free(lca_tracker *t)
{
	if (!t)
		return;
	free(t->ts.pend);
	lca_sensors_release(&t->ts.ss);
	lca_footprint_release(&t->own_fp);
	lca_run_release(&t->own_r);
	free(t);
}

int lca_track(const lca_track_opts *o, lca_run *r, lca_footprint *fp,
	      int *status, lca_error *err)
{
	struct sigaction sa, old_int, old_term, old_chld, old_hup;
	struct timespec ts_sleep;
	lca_tracker *t;
	pid_t pid = -1;
	int rc = 0, wst = 0, tty = foreground_tty();

	*status = 1;
	t = tracker_new(o, r, fp);
	if (!t)
		return lca_error_set(err, LCA_ENOMEM, "track", "out of memory");
	t->stepd = step_parent();
	rc = tracker_begin(t, err);
	if (rc)
		goto done;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = forward;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	sigaction(SIGHUP, &sa, &old_hup);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_chld;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGCHLD, &sa, &old_chld);

	pid = fork();
	if (pid < 0) {
		rc = lca_error_set(err, LCA_EIO, o->argv[0],
				   "cannot start command: %s", strerror(errno));
		goto restore;
	}
	if (pid == 0) {
		sigaction(SIGINT, &old_int, NULL);
		sigaction(SIGTERM, &old_term, NULL);
		sigaction(SIGHUP, &old_hup, NULL);
		sigaction(SIGCHLD, &old_chld, NULL);
		setpgid(0, 0);
		give_tty(tty, getpid());
		execvp(o->argv[0], o->argv);
		fprintf(stderr, "lca: cannot run command '%s' (%s)\n",
			o->argv[0], strerror(errno));
		_exit(127);
	}
	/* both sides set the group: whichever runs first */
	setpgid(pid, pid);
	give_tty(tty, pid);
	child_pid = pid;
	/* a step's measuring task: every task's tree, from now */
	tracker_attach(t, t->stepd ? t->stepd : pid, !t->stepd);
	for (;;) {
		siginfo_t si;
		int exited;
		double whole;

		ts_sleep.tv_nsec = (long)(modf(o->interval_s, &whole) * 1e9);
		ts_sleep.tv_sec = (time_t)whole;
		/* SIGCHLD interrupts the sleep when the command ends. */
		while (nanosleep(&ts_sleep, &ts_sleep) && errno == EINTR) {
			memset(&si, 0, sizeof(si));
			if (!waitid(P_PID, (id_t)pid, &si,
				    WEXITED | WNOHANG | WNOWAIT) &&
			    si.si_pid == pid)
				break;
		}
		/* Exited but not reaped: its CPU time is still readable. */
		memset(&si, 0, sizeof(si));
		exited = !waitid(P_PID, (id_t)pid, &si,
				 WEXITED | WNOHANG | WNOWAIT) &&
			 si.si_pid == pid;
		(void)lca_tracker_sample(t, err);
		/* the step's other tasks are measured till the last ends */
		if (exited && !(t->stepd && others_alive(t->stepd)))
			break;
	}
	while (waitpid(pid, &wst, 0) < 0 && errno == EINTR)
		;
	child_pid = 0;
	give_tty(tty, getpgrp());
	*status = WIFEXITED(wst)     ? WEXITSTATUS(wst)
		  : WIFSIGNALED(wst) ? 128 + WTERMSIG(wst)
				     : 1;
	tracker_finish(t, "complete", *status);
restore:
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGHUP, &old_hup, NULL);
	sigaction(SIGCHLD, &old_chld, NULL);
done:
	lca_tracker_free(t);
	return rc;
}
