/* SPDX-License-Identifier: MIT */
/* lca_int.h: internal helpers shared by liblca's modules (not API). */
#ifndef LCA_INT_H
#define LCA_INT_H

#include <math.h>
#include <stddef.h>

#include "lca/lca.h"

/* Copies src into dst of size n, always NUL-terminating (truncates). */
void lca__strlcpy(char *dst, const char *src, size_t n);
/* The civil calendar, proleptic Gregorian: leap year, days in month m
 * (1-12) of year y, and days since 1970-01-01 of a date (Howard Hinnant's
 * algorithm). */
int lca__is_leap(long long y);
int lca__month_days(long long y, int m);
long long lca__days_from_civil(long long y, unsigned m, unsigned d);
/* Lowercases and drops everything but letters and digits: "A100 SXM4-80GB"
 * -> "a100sxm480gb".  Returns dst. */
char *lca__normalize(char *dst, size_t n, const char *src);
/* Levenshtein distance, capped at 64. */
int lca__edit_distance(const char *a, const char *b);
/* The lowest and highest positive figure the catalog holds of what:
 * "grid" (gCO2e/kWh, every region) or "tdp" (W, every accelerator); NaN
 * when it holds none.  0 or LCA_EDB. */
int lca__catalog_span(lca_catalog *cat, const char *what, double *lo,
		      double *hi, lca_error *err);
/* snprintf that never fails the caller: truncates. */
void lca__fmt(char *dst, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A short number in %g style with up to 'sig' significant digits. */
void lca__num(char *dst, size_t n, double v, int sig);
/* printf's %g text of the value dig[0].dig[1..sig) x 10^e (dig[0] not
 * '0'; neg: a minus sign) into dst (sig + 8 bytes): trailing zeros dropped,
 * an exponent when e < -4 or e >= sig.  Its length. */
int lca__g_layout(char *dst, const char *dig, int sig, int e, int neg);
/* A 128-bit FNV-style hash (not cryptographic: duplicate detection and
 * long record keys): st starts as LCA__HASH_INIT, takes bytes with
 * lca__hash_more, and lca__hash_hex writes it as 32 hex digits. */
#define LCA__HASH_INIT                                       \
	{                                                    \
		0xcbf29ce484222325ULL, 0x84222325cbf29ce4ULL \
	}
void lca__hash_more(unsigned long long st[2], const void *p, size_t n);
void lca__hash_hex(const unsigned long long st[2], char *out, size_t n);
/* The hash of n bytes at p in one call. */
void lca__hash(const void *p, size_t n, char *out, size_t outn);
/* Reads a whole file (cap: max bytes); *out is malloc'd, NUL-terminated. */
int lca__read_file(const char *path, size_t max, char **out, size_t *len,
		   lca_error *err);

/* Creates the folders above a file path (mkdir -p of its dirname);
 * a failure is left for the open that follows to report. */
void lca__mkdir_parents(const char *path);
/* A database path: $env, else $XDG_DATA_HOME/lca/FILE, else
 * ~/.local/share/lca/FILE, else ./lca-FILE. */
void lca__data_path(char *out, size_t n, const char *env, const char *file);

/* The datasets folder of an installed liblca or lca, found from the file
 * the running code was loaded from (prefix.c); 1 and the path in out, or 0
 * when the code does not run from an install. */
int lca__installed_datasets(char *out, size_t n);

/*
 * lca plan's cost core, for tests and the fuzzer: intensities a[0, len),
 * a job of d hours, a start window of w hours or a pause-resume window of
 * m hours, for strategy (enum lca_plan_strategy).  cost[s] (intensity x
 * hours) for every submission s < *p = len - *h + 1, and run[0, *h) the
 * first submission's hours.  cost and run hold len values.
 */
int lca__plan_costs(const double *a, long len, double d, long w, long m,
		    int strategy, double *cost, double *run, long *p, long *h);

/* The grid zone a region sits in, for hourly series; NULL if none. */
const char *lca__region_zone(const lca_region *reg);

#define LCA_NAN ((double)NAN)

/* Every accelerator row (the dataset's and the user's), ordered by id, in
 * an array the caller frees with free(); *n gets the count. */
int lca__catalog_accels(lca_catalog *cat, lca_accel **out, int *n,
			lca_error *err);

/*
 * A row of the fitted MFU model (datasets/mfu_model.csv, written by
 * datasets/tools/fit_mfu.py): term "model" (key: the chosen model),
 * "median" (key: "*", a family, "dense" or "moe"), "log_sd", "fp8".
 * key NULL takes the term's first row.  0, LCA_ENOTFOUND (no such row;
 * err untouched) or LCA_EDB (the catalog could not be read).
 */
typedef struct lca__mfu_model_row {
	char key[64];
	double value; /* NaN when empty */
	int n;	      /* runs behind the value */
	char source[1024];
} lca__mfu_model_row;
int lca__mfu_row(lca_catalog *cat, const char *term, const char *key,
		 lca__mfu_model_row *out, lca_error *err);

/*
 * The default MFU for a job, from the fitted model (models/
 * model_training.c, the one place that reads it): family is the
 * accelerator's, moe 1 when active < total parameters, fp8 1 for a job
 * at the fp8 peak (published fp8 runs, never the bf16 fit).  log_sd is
 * the chosen model's leave-one-out log residuals.  0, LCA_EDATA (the
 * model file lacks a row, or names a model this engine does not know) or
 * LCA_EDB, all in err.
 */
typedef struct lca__mfu_default {
	double mfu, log_sd;
	int n; /* runs behind mfu */
	char model[64];
	char source[1400]; /* where mfu came from */
	char spread[1100]; /* where log_sd came from */
} lca__mfu_default;
int lca__mfu_default_get(lca_catalog *cat, const char *family, int moe, int fp8,
			 lca__mfu_default *out, lca_error *err);

/* n bytes, zero on first touch, mapped apart and on 2 MiB huge pages where
 * the kernel offers them (bigbuf.c: fewer page faults for buffers of a
 * megabyte and more); NULL when out of memory.  Free with lca__big_free
 * (NULL-safe), never free(). */
void *lca__big_alloc(size_t n);
void lca__big_free(void *p);

/* Before 2000-01-01 UTC: a log of relative seconds, not calendar times;
 * from 10000-01-01 on: not a time ISO 8601 can write (unix seconds). */
#define LCA__CALENDAR_T0 946684800.0
#define LCA__CALENDAR_T1 253402300800.0

/* footprint.c: adds an assumption to fp (lca_footprint_assume).  lazy:
 * a number's text (value_text NULL) is left NULL, written by
 * lca_footprint_assumptions() when someone reads it.  0 or LCA_ENOMEM. */
int lca__footprint_add(lca_footprint *fp, const char *name, double number,
		       const char *value_text, const char *unit,
		       const char *source, int lazy);

/* slurm.c: adds from's node rows (and those nodes' devices) to into, a
 * row of the same node replacing into's, and sets into's figures to its
 * nodes' sums (a Slurm job on several nodes is one run). */
struct lca_run;
void lca__run_merge_nodes(struct lca_run *into, const struct lca_run *from);

#endif
