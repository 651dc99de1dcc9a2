/* SPDX-License-Identifier: MIT */
/* slurm.h: Slurm job accounting, for slurm.conf's Prolog= and Epilog=
 * (lca slurm prolog / lca slurm epilog on each compute node). */
#ifndef LCA_SLURM_H
#define LCA_SLURM_H

#include "ledger.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lca_slurm_opts {
	lca_ledger *ledger; /* epilog: where the run goes (may be NULL) */
	const lca_error *ledger_error; /* why it is NULL: the run is spooled */
	lca_catalog *cat;	       /* for the footprint */
	const lca_inputs *site;	       /* the site's region, pue, gpu, ... */
	FILE *log;		       /* what was done and why, or NULL */
	const char *state_dir;	       /* the counters' snapshots (prolog to
					  epilog): a folder on the node's own disk */
} lca_slurm_opts;

/*
 * The prolog: reads the job from the environment slurmd gives (SLURM_JOB_ID,
 * SLURMD_NODENAME; SLURM_JOB_GPUS for the job's GPUs, see lca_gpu_selected)
 * and snapshots the node's energy counters (RAPL, NVML, amdgpu hwmon, as
 * lca track reads them) for the job's devices into
 * state_dir/JOBID@NODE.snap.  LCA_EUSAGE when SLURM_JOB_ID is not set,
 * LCA_EIO when the snapshot cannot be written.
 */
LCA_EXTERN int lca_slurm_prolog(const lca_slurm_opts *o, lca_error *err);

/*
 * The epilog: reads the counters again and records the job on this node:
 * a run keyed "slurm:CLUSTER/JOBID" (source "slurm-epilog") with job_id,
 * user, account, partition, exit_state and one node row; an epilog of the
 * same job on another node adds its row to the same run (the run's figures
 * are its nodes' sums), an epilog run again replaces its node's row.  The
 * exit state comes from SLURM_JOB_EXIT_CODE2 and, where scontrol answers,
 * `scontrol show job`.  The snapshot is
 * removed once the run is recorded or spooled.  r gets the run as stored,
 * fp its node's footprint.
 */
LCA_EXTERN int lca_slurm_epilog(const lca_slurm_opts *o, lca_run *r,
				lca_footprint *fp, int *unsettled,
				lca_error *err);

/*
 * Slurm 22.05 may run the epilog of a job cancelled while it ran before
 * the controller has its exit code (0:15): scontrol then shows it as
 * COMPLETING with ExitCode 0:0, as a job that completed, or with its
 * shell's status for the signal (143:0, 128 + SIGTERM), as one that
 * failed; lca_slurm_epilog records what the exit code says and sets
 * *unsettled whenever the code may still turn out a cancellation.
 * lca_slurm_settle asks scontrol every second, for at most wait_s seconds,
 * until the job's state is final (once every node's epilog is done), and sets
 * run run_id's exit_state in the ledger at db (as lca_ledger_open; opened only
 * then) when that state is not COMPLETED; out gets it ("" when the controller
 * did not say in time or no longer knows the job).  lca slurm epilog runs it in
 * a process of its own, so the node is not held.
 */
LCA_EXTERN int lca_slurm_settle(const char *db, long long run_id,
				const char *job_id, double wait_s, char *out,
				size_t n, lca_error *err);

/*
 * Slurm's exit state of a job from its exit code "STATUS:SIGNAL" (sacct's
 * ExitCode) and, when known, scontrol's JobState and Reason (may be NULL):
 * a final JobState as it is; Reason TimeLimit: TIMEOUT; SIGTERM or
 * SIGKILL (scancel, the time limit's kill): CANCELLED; another signal or
 * a non-zero status: FAILED; else COMPLETED.
 */
LCA_EXTERN void lca_slurm_exit_state(const char *exit_code, const char *state,
				     const char *reason, char *out, size_t n);

#ifdef __cplusplus
}
#endif
#endif
