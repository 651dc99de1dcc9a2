/* SPDX-License-Identifier: MIT */
/* ledger.h: measured energy (track, ingest), the run ledger and profile
 * extrapolation: the public API of liblca's accounting half. */
#ifndef LCA_LEDGER_H
#define LCA_LEDGER_H

#include "lca.h"
#include "run.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* Ledger: runs in SQLite (WAL, versioned schema, one transaction each) */
/* or in PostgreSQL (a postgresql:// path; libpq loaded by dlopen then). */
/* ------------------------------------------------------------------ */

typedef struct lca_ledger lca_ledger;

/*
 * Opens (creating and migrating) the ledger at path (a SQLite file, or a
 * postgresql://USER@HOST:PORT/DB URL: the same tables, stable keys under
 * a unique constraint, a lca_schema_version table); NULL: $LCA_DB, else
 * $XDG_DATA_HOME/lca/ledger.db, else ~/.local/share/lca/ledger.db.
 * Free with lca_ledger_free() (NULL-safe).
 */
LCA_EXTERN int lca_ledger_open(lca_ledger **out, const char *path,
			       lca_error *err);
LCA_EXTERN void lca_ledger_free(lca_ledger *l);
LCA_EXTERN const char *lca_ledger_path(const lca_ledger *l);
/* Schema version in use (PRAGMA user_version). */
LCA_EXTERN int lca_ledger_schema(const lca_ledger *l);

/*
 * Transactions: begin takes the write lock (BEGIN IMMEDIATE; waits and
 * retries while other writers hold it).  Every write below must run
 * inside one; rollback is safe to call when none is open.
 */
LCA_EXTERN int lca_ledger_begin(lca_ledger *l, lca_error *err);
/* Begins like lca_ledger_begin but waits at most wait_s seconds for the
 * write lock (lca track must not wait on it): 0 when begun, 1 when another
 * writer held it all along, else a negative error code. */
LCA_EXTERN int lca_ledger_try_begin(lca_ledger *l, double wait_s,
				    lca_error *err);
LCA_EXTERN int lca_ledger_commit(lca_ledger *l, lca_error *err);
LCA_EXTERN void lca_ledger_rollback(lca_ledger *l);

/* 1 when a file with this content hash was ingested by an lca older than
 * record keys (its runs have none, so their records cannot be matched;
 * *run_id gets its first run), 0 when not, or a negative error code. */
LCA_EXTERN int lca_ledger_has_file(lca_ledger *l, const char *hash,
				   long long *run_id, lca_error *err);
/* Records an ingested file's hash (inside the transaction of its runs). */
LCA_EXTERN int lca_ledger_add_file(lca_ledger *l, const char *hash,
				   const char *path, long long run_id,
				   lca_error *err);

/*
 * Inserts r (r->id is set) with its devices and fp's assumptions (fp may
 * be NULL).  lca_ledger_update_run rewrites a run's totals, devices and
 * assumptions (lca track, each batch).
 */
LCA_EXTERN int lca_ledger_add_run(lca_ledger *l, lca_run *r,
				  const lca_footprint *fp, lca_error *err);
/*
 * Stores r by its key (r->key; a run without one is added): *outcome gets
 * LCA_PUT_NEW when no run has the key (r is added), LCA_PUT_SAME when one
 * holds the same start, end and energy (nothing written), LCA_PUT_UPDATED
 * when one holds other figures (a grown log, a later CodeCarbon flush: it
 * is rewritten).  r->id gets the run's id in every case.
 */
enum { LCA_PUT_NEW, LCA_PUT_SAME, LCA_PUT_UPDATED };
LCA_EXTERN int lca_ledger_put_run(lca_ledger *l, lca_run *r,
				  const lca_footprint *fp, int *outcome,
				  lca_error *err);
LCA_EXTERN int lca_ledger_update_run(lca_ledger *l, const lca_run *r,
				     const lca_footprint *fp, lca_error *err);
/*
 * The spool: where a run goes when the ledger cannot take it (locked, a
 * full disk, read-only): $XDG_STATE_HOME/lca/spool, else
 * ~/.local/state/lca/spool.  lca_ledger_spool_dir writes that folder's
 * path into out.  lca_ledger_flush moves every spooled run (one small
 * ledger file each) into l, by its key (a run flushed twice is held once),
 * and deletes the spool files it moved; *moved gets how many runs moved.
 */
LCA_EXTERN void lca_ledger_spool_dir(char *out, size_t n);
LCA_EXTERN int lca_ledger_flush(lca_ledger *l, int *moved, lca_error *err);

/* Appends samples of a tracked run: t (unix s), device, watts. */
LCA_EXTERN int lca_ledger_add_sample(lca_ledger *l, long long run_id, double t,
				     const char *device, double watts,
				     double joules, lca_error *err);

/* Reads run id; LCA_ENOTFOUND if absent.  A "running" run whose writer is
 * gone reads as "interrupted". */
LCA_EXTERN int lca_ledger_get_run(lca_ledger *l, long long id, lca_run *out,
				  lca_error *err);
/* Calls fn for each run, newest first; stops on a non-zero return. */
LCA_EXTERN int lca_ledger_each_run(lca_ledger *l,
				   int (*fn)(const lca_run *r, void *ud),
				   void *ud, lca_error *err);
/* Calls fn for each stored assumption of a run. */
LCA_EXTERN int lca_ledger_each_assumption(
    lca_ledger *l, long long id,
    int (*fn)(const char *name, const char *value, const char *unit,
	      const char *source, void *ud),
    void *ud, lca_error *err);
/* Calls fn for each per-interval sample of a run (t, device, watts,
 * joules), in time order; stops on a non-zero return. */
LCA_EXTERN int lca_ledger_each_sample(lca_ledger *l, long long id,
				      int (*fn)(double t, const char *device,
						double watts, double joules,
						void *ud),
				      void *ud, lca_error *err);
/*
 * Copies every run of from into to (either store: a SQLite file or a
 * postgresql:// ledger) by its stable key, each in one transaction of
 * to: counts[LCA_PUT_NEW] runs added (with their devices, tags,
 * assumptions and samples), counts[LCA_PUT_SAME] already there,
 * counts[LCA_PUT_UPDATED] there with other figures (rewritten).  A run
 * from before record keys is keyed by its source, name, times and energy,
 * so copying again adds nothing.
 */
LCA_EXTERN int lca_ledger_copy(lca_ledger *from, lca_ledger *to, int counts[3],
			       lca_error *err);
/* Deletes a run, its devices, samples, assumptions and file hashes (one
 * transaction of its own); LCA_ENOTFOUND if absent. */
LCA_EXTERN int lca_ledger_rm_run(lca_ledger *l, long long id, lca_error *err);

/* ------------------------------------------------------------------ */
/* Ingest: logs users already have.                                    */
/* ------------------------------------------------------------------ */

typedef struct lca_ingest_opts {
	const char *format; /* NULL: detect; else a name from the table */
	double max_gap_s;   /* gaps longer than this are not bridged */
	double warmup_s;    /* readings this soon after a device's first are
			       left out (profiles); 0 keeps all */
} lca_ingest_opts;

/* Called once per job found in the input.  Return non-zero to stop. */
typedef int (*lca_ingest_fn)(lca_run *r, void *ud, lca_error *err);

/*
 * Parses one log (streaming: memory does not grow with the file).  name is
 * used in messages ("file: line 12, column 3").  Calls on_run for each job
 * (a run with source, devices and energy; no footprint).  LCA_EDATA with
 * file, line and column in err->where on malformed input; on an error no
 * run of this input has been passed on.
 */
LCA_EXTERN int lca_ingest_file(const char *path, const lca_ingest_opts *o,
			       lca_ingest_fn on_run, void *ud, lca_error *err);
LCA_EXTERN int lca_ingest_buffer(const char *data, size_t len, const char *name,
				 const lca_ingest_opts *o, lca_ingest_fn on_run,
				 void *ud, lca_error *err);
/* Comma-separated list of format names, for help and errors. */
LCA_EXTERN const char *lca_ingest_formats(void);
/* Content hash (hex, 32 chars) of a file, for duplicate detection. */
LCA_EXTERN int lca_file_hash(const char *path, char *out, size_t n,
			     lca_error *err);

/* ------------------------------------------------------------------ */
/* Sensors and lca track.                                              */
/* ------------------------------------------------------------------ */

enum lca_sensor_kind {
	LCA_S_RAPL,
	LCA_S_NVML,
	LCA_S_AMDGPU,
	LCA_S_MODEL,
	LCA_S__COUNT
};

typedef struct lca_sensor {
	int kind;	  /* enum lca_sensor_kind */
	char name[64];	  /* "package-0", "gpu0", "card1", "cpu-time model" */
	char detail[256]; /* path, device name, or why it is absent */
	int found;
	int counter; /* 1: cumulative energy; 0: power x time */
	/* Internal reading state. */
	char path[512];
	double max_range_j; /* counter wrap (max_energy_range_uj) */
	double last_j;	    /* last raw counter (J) */
	int index;	    /* NVML device index */
	int primed;
} lca_sensor;

#define LCA_MAX_SENSORS 32

typedef struct lca_sensors {
	lca_sensor s[LCA_MAX_SENSORS];
	int n;
	void *nvml; /* dlopen handle, or NULL */
} lca_sensors;

/*
 * Looks for every sensor (sysfs under $LCA_SYSFS_ROOT/sys when set, NVML
 * via dlopen of libnvidia-ml.so.1).  Sensors not found are listed with
 * found = 0 and the reason in detail.  Release with lca_sensors_release.
 */
LCA_EXTERN int lca_sensors_probe(lca_sensors *ss, lca_error *err);
LCA_EXTERN void lca_sensors_release(lca_sensors *ss);
/*
 * Energy in joules since the previous read of sensor i (the first read
 * primes and returns 0), handling counter wrap-around; for power-only
 * sensors *watts gets the power and dt_s is used.  0 or LCA_EIO.
 */
LCA_EXTERN int lca_sensor_read(lca_sensors *ss, int i, double dt_s,
			       double *joules, double *watts, lca_error *err);
/*
 * Whether the job or command uses NVML GPU index: by the first of
 * SLURM_STEP_GPUS, SLURM_JOB_GPUS (Slurm's GPU ids: the node's indices,
 * in a job and in its prolog and epilog) and CUDA_VISIBLE_DEVICES that is
 * set to a list of numbers; every GPU when none is (or a list holds GPU
 * UUIDs, which cannot be mapped).  1 or 0.
 */
LCA_EXTERN int lca_gpu_selected(int index);
/* The sysfs root in use ("/sys" or $LCA_SYSFS_ROOT/sys). */
LCA_EXTERN void lca_sysfs_path(char *out, size_t n, const char *rel);

/* CPU seconds (user + system, with reaped children) of pid and all its
 * descendants, from /proc; *node_s gets all CPUs' busy seconds of the node
 * (for the share), *rss_gb the tree's resident memory (GB). */
LCA_EXTERN int lca_proc_tree_cpu(long pid, double *tree_s, double *node_s,
				 double *rss_gb, lca_error *err);

/* lca track: runs argv, samples every interval_s until it exits. */
typedef struct lca_track_opts {
	char *const *argv;	/* the command and its arguments */
	double interval_s;	/* sampling interval, seconds */
	lca_ledger *ledger;	/* where the run goes (may be NULL) */
	lca_catalog *cat;	/* for the footprint and the CPU's TDP */
	const lca_inputs *site; /* the user's --region, --gpu, ... */
	FILE *log;		/* sensors found and notes, or NULL */
	const char *name;	/* the run's name (--name); NULL: the command */
	const lca_run_tag *tags; /* the run's tags (--tag), ntags of them */
	int ntags;
	/* the ledger could not be opened (ledger NULL): the command runs
	 * all the same and its run goes to the spool */
	const lca_error *ledger_error;
} lca_track_opts;

/*
 * In a Slurm job step with several tasks on this node (srun -n 4 lca
 * track -- CMD), one run for the node: the task with SLURM_LOCALID 0
 * measures every task of the step (the tree of their slurmstepd) until the
 * last one ends; lca_track_joins_step() is 1 for the others, which then
 * run CMD unmeasured (lca track execs it).  A tracked run in a job carries
 * its job_id, user, account and partition.
 */
LCA_EXTERN int lca_track_joins_step(void);
/*
 * Runs the command, measuring; commits the samples of each interval (a
 * kill -9 loses at most the last one).  *status gets the command's exit
 * status (128 + signal when a signal ended it).  fp gets the footprint
 * with the attribution rule among its assumptions; r the run.
 */
LCA_EXTERN int lca_track(const lca_track_opts *o, lca_run *r, lca_footprint *fp,
			 int *status, lca_error *err);

/*
 * Tracking the calling process (a block of code in an embedder: the
 * Python package), with the same sensors, attribution, run fields and
 * ledger writes as lca_track, which is built on it.
 *
 * lca_tracker_start probes the sensors, records a "running" run in
 * o->ledger (may be NULL; as lca_track, only when its lock is free, else
 * with a later sample, or the spool at the stop) named o->name (else
 * o->argv joined, else "process"), and counts the calling process tree's
 * CPU time from now;
 * o->argv may be NULL and o is copied (o->site, o->cat, o->ledger must
 * outlive the tracker).  lca_tracker_sample reads one interval and
 * commits it; call it every o->interval_s from one thread at a time.
 * lca_tracker_stop takes a last sample and records the final status
 * ("complete" or "failed") and exit_status (0 or 1 for a block of code).
 * The run and footprint are owned by t, final after stop.  Free with
 * lca_tracker_free() (NULL-safe; a run not stopped stays "running" in the
 * ledger, which reads it as interrupted once this process is gone).
 */
typedef struct lca_tracker lca_tracker;

LCA_EXTERN int lca_tracker_start(lca_tracker **out, const lca_track_opts *o,
				 lca_error *err);
LCA_EXTERN int lca_tracker_sample(lca_tracker *t, lca_error *err);
LCA_EXTERN int lca_tracker_stop(lca_tracker *t, const char *status,
				int exit_status, lca_error *err);
LCA_EXTERN const lca_run *lca_tracker_run(const lca_tracker *t);
LCA_EXTERN const lca_footprint *lca_tracker_footprint(const lca_tracker *t);
LCA_EXTERN void lca_tracker_free(lca_tracker *t);

/* ------------------------------------------------------------------ */
/* Short profile -> whole run (models/model_profile.c).                */
/* ------------------------------------------------------------------ */

typedef struct lca_profile {
	double energy_kwh;     /* measured energy of the profile */
	double seconds;	       /* measured duration */
	double warmup_s;       /* excluded from the start */
	double steps_measured; /* K (NaN: use fraction) */
	double steps_total;    /* N */
	double fraction;       /* K/N when steps are not given */
	double cv;	       /* coefficient of variation of per-interval
				  energy (NaN when unknown) */
	long long intervals;   /* intervals behind cv */
} lca_profile;

typedef struct lca_extrapolation {
	double energy_kwh, lo_kwh, hi_kwh; /* whole run, 90 % interval */
	double hours;			   /* predicted wall hours */
	double scale;			   /* N / K */
} lca_extrapolation;

/*
 * Extrapolates a steady-state profile to the whole job and adds what it
 * assumed to fp.  The interval widens as K/N shrinks.
 */
/*
 * Loads a profile: ref is a run id in l (its committed samples; the
 * interval-to-interval variation gives cv) or a log file for lca ingest
 * (one run; cv unknown).  Readings in the first warmup_s are left out.
 * r gets the run (for its accelerator and devices).
 */
LCA_EXTERN int lca_profile_load(lca_ledger *l, const char *ref, double warmup_s,
				lca_profile *p, lca_run *r, lca_error *err);
LCA_EXTERN int lca_profile_extrapolate(const lca_profile *p,
				       lca_extrapolation *out,
				       lca_footprint *fp, lca_error *err);

#ifdef __cplusplus
}
#endif
#endif
