/* SPDX-License-Identifier: MIT */
/* run.h: a measured run (its devices, tags and energy per hour) and the one
 * rule that makes a run a job: the public API of liblca's run module
 * (engine/run.c).  Runs are stored by the ledger (lca/ledger.h). */
#ifndef LCA_RUN_H
#define LCA_RUN_H

#include "lca.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* Runs: one job's measured energy and its footprint.                  */
/* ------------------------------------------------------------------ */

/* Energy of one device (or sensor) within a run. */
typedef struct lca_run_device {
	char device[64];    /* "gpu0", "package-0", "cpu-model", ... */
	char kind[16];	    /* "gpu", "cpu", "dram", "model" */
	long long samples;  /* readings integrated */
	double first, last; /* unix seconds of the first and last reading */
	double energy_j;    /* integrated (or counter) energy, joules */
	long long gaps;	    /* gaps longer than --max-gap, not bridged */
	double gap_s;	    /* seconds left out in those gaps */
} lca_run_device;

#define LCA_RUN_MAX_DEVICES 64
#define LCA_RUN_MAX_HOURS   8784 /* a leap year */
#define LCA_RUN_MAX_TAGS    16
#define LCA_RUN_MAX_NODES   128

/* One node of a Slurm job (lca slurm epilog): what its counters gave and
 * that part of the footprint; a run's figures are its nodes' sums. */
typedef struct lca_run_node {
	char node[64];	   /* SLURMD_NODENAME */
	char gpus[64];	   /* the job's GPU ids on it ("" : every GPU) */
	double start, end; /* unix seconds: prolog, epilog */
	double energy_kwh, facility_energy_kwh, operational_kgco2e;
	double embodied_kgco2e, total_kgco2e;
} lca_run_node;

/* A user's label on a run (lca track --tag project=X): how runs are
 * grouped. */
typedef struct lca_run_tag {
	char key[64];
	char value[192];
} lca_run_tag;

typedef struct lca_run {
	long long id;	   /* set by the ledger */
	char source[48];   /* "track", "nvidia-smi", "codecarbon", ... */
	char name[256];	   /* the user's --name, else the command line,
			      file name or job id */
	char key[96];	   /* the record's stable key (lca_run_set_key) */
	char status[16];   /* "complete", "running", "interrupted", "failed" */
	char method[16];   /* "measured" or "model" */
	double start, end; /* unix seconds */
	double energy_kwh; /* measured IT energy, before PUE */
	/* From lca_compute(): */
	double facility_energy_kwh, operational_kgco2e, embodied_kgco2e;
	double total_kgco2e, pue, grid_gco2_per_kwh;
	char gpu[64];	 /* catalog id of the accelerator, or "" */
	double devices;	 /* accelerators used (NaN if none/unknown) */
	int exit_status; /* lca track: the command's status; else -1 */
	long long pid;	 /* lca track: the writer's pid while running */
	lca_run_device dev[LCA_RUN_MAX_DEVICES];
	int ndev;
	lca_run_tag tags[LCA_RUN_MAX_TAGS]; /* in the order given */
	int ntags;
	/* The Slurm job the run belongs to (lca slurm epilog; lca track in a
	 * job step): job_id "" elsewhere.  exit_state: COMPLETED, FAILED,
	 * CANCELLED, TIMEOUT, ... (epilog), "" while unknown. */
	char job_id[32], user[64], account[64], partition[64];
	char exit_state[24];
	lca_run_node node[LCA_RUN_MAX_NODES]; /* epilog: a row per node */
	int nnodes;
	/* Measured energy per UTC hour, for an hourly grid (start "run" or a
	 * time): hour_j[i] joules in [hour0 + i h, hour0 + (i + 1) h), unix s.
	 * nhours 0: no per-reading times (CodeCarbon, Slurm totals);
	 * hours_over 1: readings over more than LCA_RUN_MAX_HOURS hours (or
	 * no memory for them).  A flat profile over [start, end) is used
	 * then.  Not in the ledger.  hour_j is owned by the run: it grows as
	 * lca_run_add_energy() needs, and lca_run_release() frees it. */
	long long hour0;
	int nhours, hours_over;
	double *hour_j;
	int hour_alloc;
} lca_run;

/*
 * Parses a tag "KEY=VALUE" (lca track --tag) into tags[*ntags] and counts
 * it.  KEY: 1-63 letters, digits, '_', '-', '.'; VALUE: 1-191 characters,
 * no control characters.  LCA_EUSAGE for a malformed tag or a key given
 * twice, LCA_ERANGE past LCA_RUN_MAX_TAGS; where names the input.
 */
LCA_EXTERN int lca_run_tag_parse(lca_run_tag *tags, int *ntags, const char *kv,
				 const char *where, lca_error *err);
/* The value of tag key, or NULL. */
LCA_EXTERN const char *lca_run_tag_get(const lca_run *r, const char *key);

/* What a run's dynamic energy is, from its devices, for labels:
 * "dynamic (gpu+cpu+memory)", "dynamic (cpu+memory)"; "" without
 * devices. */
LCA_EXTERN void lca_run_dynamic_label(const lca_run *r, char *out, size_t n);

/* Zeroes r and sets the numbers to NaN, exit_status to -1: for a new run,
 * or one whose profile was released (lca_run_release). */
LCA_EXTERN void lca_run_init(lca_run *r);
/* Frees r's hourly profile and initialises r again (a zeroed run is
 * fine).  Every run lca_run_add_energy(), lca_track() or an ingest filled
 * is released by its owner. */
LCA_EXTERN void lca_run_release(lca_run *r);
/*
 * THE record-key rule, the one place every store (the SQLite ledger, a
 * later PostgreSQL one) takes its keys from: a run's key names the record
 * it came from, so a file ingested again never holds a record twice.
 * kind: "slurm", "codecarbon", "nvidia-smi", "generic", "track"; id: its
 * identity within the kind: the Slurm job id (its steps sum into it), the
 * CodeCarbon run_id, "DEVICES@FIRST-READING" for a power log (a grown log
 * keeps its key), or NULL for a fresh random UUID (lca track).  key is
 * "kind:id", or "kind:#" and a 128-bit hash of id when id is over 64 bytes
 * or holds a control character.  0, or LCA_EIO when no random bytes could
 * be read for a UUID.
 */
LCA_EXTERN int lca_run_set_key(lca_run *r, const char *kind, const char *id,
			       lca_error *err);
/* Sums dev[].energy_j into energy_kwh and the first/last times into
 * start/end (when they are unset, NaN). */
LCA_EXTERN void lca_run_total(lca_run *r);
/* Adds joules drawn over [t0, t1] (unix s) to r's hourly profile, shared
 * among the UTC hours in proportion to time; dev[] and energy_kwh are the
 * caller's. */
LCA_EXTERN void lca_run_add_energy(lca_run *r, double t0, double t1,
				   double joules);

/*
 * The run-to-job rule, the one way a measured run becomes a job (lca
 * track, lca ingest, lca estimate --profile): the run's energy becomes
 * energy-kwh (replacing any model of it); where the job names no
 * accelerator, the run's gpu; and where an accelerator is known and the
 * job gives neither gpu-hours nor gpus/hours, the run's devices and its
 * duration (end - start), so embodied emissions are amortised over the
 * device-hours used.  Inputs the job already holds (flags or job file)
 * win.  Sets fields of job->flags.
 */
LCA_EXTERN int lca_run_to_job(const lca_run *r, lca_job *job, lca_error *err);

/*
 * The footprint of a run, from lca_compute() (the one formula): builds a
 * job from site (the user's flags: --region, --grid, --pue, --gpu, ...,
 * may be NULL) and the run by lca_run_to_job().  Fills fp (initialised by
 * the caller) and the footprint fields of r.
 *
 * site's start, when set, is an ISO 8601 time or the word "run" (the
 * run's own start): the run then lasts end - start from that time and its
 * grid intensity is the hourly series' mean over those hours, each hour
 * weighted by the run's energy in it (hour_j; flat where the run has no
 * per-hour energy), with signal and max-gap (hours) as in lca_compute.
 * "run" with a run whose times are not calendar times (before 2000, a
 * log of relative seconds) keeps the yearly figure and says so.
 */
LCA_EXTERN int lca_run_footprint(lca_catalog *cat, const lca_inputs *site,
				 lca_run *r, lca_footprint *fp, lca_error *err);

#ifdef __cplusplus
}
#endif
#endif
