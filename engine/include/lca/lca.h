/* SPDX-License-Identifier: MIT */
/* lca.h: the public API of liblca, the lifecycle carbon accounting engine. */
#ifndef LCA_LCA_H
#define LCA_LCA_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define LCA_EXTERN __attribute__((visibility("default")))
#else
#define LCA_EXTERN
#endif

/*
 * Version.  LCA_VERSION / LCA_VERSION_NUMBER are the header's (compile
 * time; MAJOR * 1000000 + MINOR * 1000 + PATCH); lca_version() and
 * lca_version_number() are the library's (run time).  A program linked
 * against liblca.so can compare the two.  The CMake project version is read
 * from the LCA_VERSION line.
 */
#define LCA_VERSION	   "0.1.0"
#define LCA_VERSION_NUMBER 1000

LCA_EXTERN const char *lca_version(void);
LCA_EXTERN int lca_version_number(void);

/*
 * Threads.  liblca keeps no mutable state of its own between calls: every
 * function works only on what it is given.  A handle (lca_catalog,
 * lca_ledger) and everything read through it belong to one thread at a
 * time; separate handles, on the same database file or on different ones,
 * may be used from different threads at once (tests/unit/test_threads.c
 * runs 8, also under ThreadSanitizer).  A value the caller owns (lca_job,
 * lca_footprint, lca_uncertainty, lca_buf) may be read by several threads
 * at once while none writes it.  lca_track() alone is one per process: it
 * forks the command and forwards SIGINT/SIGTERM/SIGHUP to it.
 *
 * Memory.  Whatever a function returns through an out-parameter belongs to
 * the caller and is freed with the matching *_free / *_release function;
 * const char * results point into the handle or value they came from and
 * live as long as it does.  Large results (lca_run, lca_uncertainty) are
 * tens of kilobytes: allocate them rather than keep several on a thread's
 * stack.
 */

/*
 * Errors.  One list gives every code, its name and the process exit code
 * the CLI uses for it (0 ok, 1 data or runtime error, 2 usage error).
 */
#define LCA_ERRNO_MAP(X)                       \
	X(OK, 0, 0, "ok")                      \
	X(EUSAGE, -1, 2, "usage error")        \
	X(ERANGE, -2, 2, "value out of range") \
	X(ENOTFOUND, -3, 2, "unknown name")    \
	X(EDATA, -4, 1, "malformed data")      \
	X(EIO, -5, 1, "i/o error")             \
	X(ENOMEM, -6, 1, "out of memory")      \
	X(EDB, -7, 1, "database error")        \
	X(EMISSING, -8, 2, "missing input")

enum lca_errno {
#define LCA__ERR_ENUM(name, code, exitc, text) LCA_##name = code,
	LCA_ERRNO_MAP(LCA__ERR_ENUM)
#undef LCA__ERR_ENUM
};

/*
 * Caller-owned error record; fallible functions fill it and return code.
 * field is the input the error is about (enum lca_field: LCA_F_PUE, ...),
 * or -1: an embedder maps it to its own name for the input (the CLI prints
 * "--pue", a server answers {"error": ..., "field": "pue"}).  where then
 * starts with the field's key ("pue", "gpu; did you mean 'a100'?"), or
 * names the file and line for an input read from a job file; the library
 * never writes a command-line flag into it for a field.
 */
typedef struct lca_error {
	int code;
	int field;	   /* enum lca_field, or -1 */
	char where[160];   /* the field, file, line or option it is about */
	char message[400]; /* what is wrong, lowercase, no full stop */
} lca_error;

LCA_EXTERN const char *lca_strerror(int code);
LCA_EXTERN int lca_exit_code(int code);
/* Fills err (if not NULL) and returns code.  printf-style message.  A
 * where of the form "--KEY..." for a field KEY (the flag spelling callers
 * used before field ids) is stored as "KEY..." with field set; any other
 * where leaves field -1. */
LCA_EXTERN int lca_error_set(lca_error *err, int code, const char *where,
			     const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The same for an error about field (enum lca_field, or -1). */
LCA_EXTERN int lca_error_set_field(lca_error *err, int code, int field,
				   const char *where, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* "--KEY..." for a field error whose where starts with the field's key,
 * else where as it is: the flag spelling, for command-line front ends. */
LCA_EXTERN const char *lca_error_flag_where(const lca_error *err, char *buf,
					    size_t n);
/* Writes "lca: <message> (<where>)" and a newline to fp, where as
 * lca_error_flag_where() gives it (the lca command's form). */
LCA_EXTERN void lca_error_print(const lca_error *err, FILE *fp);

/*
 * Growable string buffer.  Invariant: buf is always NUL-terminated and
 * len < alloc once anything has been added; a zeroed lca_buf is empty and
 * valid.  Growth beyond LCA_BUF_MAX bytes fails (returns LCA_ENOMEM).
 */
#define LCA_BUF_MAX ((size_t)1 << 30)
typedef struct lca_buf {
	char *buf;
	size_t len;
	size_t alloc;
} lca_buf;

LCA_EXTERN int lca_buf_add(lca_buf *b, const char *s, size_t n);
LCA_EXTERN int lca_buf_puts(lca_buf *b, const char *s);
/*
 * THE CSV cell writer (every CSV lca writes goes through it): appends s as
 * one cell, quoted (RFC 4180) when it holds a comma, quote, CR or LF.  A
 * text cell that starts with = + - @, tab or CR would run as a formula in
 * a spreadsheet: it gets a ' prefix and quotes (OWASP, CSV injection); a
 * cell that is a number (-3.5, 1e-9) stays a number.  quote: 1 quotes
 * every cell.  0 or LCA_ENOMEM.
 */
LCA_EXTERN int lca_buf_csv(lca_buf *b, const char *s, int quote);
LCA_EXTERN int lca_buf_printf(lca_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
LCA_EXTERN const char *lca_buf_cstr(const lca_buf *b); /* "" when empty */
LCA_EXTERN void lca_buf_reset(lca_buf *b);
LCA_EXTERN void lca_buf_release(lca_buf *b);

/* Parses a whole string as a finite decimal number ("400", "0.25",
 * "-3", "7e9"; white space around it allowed; not hex, inf or nan);
 * 0 or LCA_EDATA. */
LCA_EXTERN int lca_parse_number(const char *s, double *out);
/* A count: a decimal number as above, or one with an SI suffix, any case:
 * K (1e3), M (1e6), B or G (1e9), T (1e12): "70B", "15T", "2.5M"; 0 or
 * LCA_EDATA.  LCA_COUNT_FORMS lists the forms for error messages. */
LCA_EXTERN int lca_parse_count(const char *s, double *out);
#define LCA_COUNT_FORMS \
	"accepted: 7e9, 7000000000, 2.5M, 70B, 15T; suffixes K, M, B or G, T"
/*
 * How close a typed name is to a known one, for "did you mean": twice the
 * edit distance, less one when the typed name starts the known one ("h10"
 * is nearer "h100" than "a10"); -1 when too far to suggest (a distance
 * over a third of the typed length, and over 2).  Lower is closer.
 */
LCA_EXTERN int lca_suggest_score(const char *typed, const char *known);
#define LCA_NUMBER_FORMS "accepted: decimal numbers such as 400, 0.25, 7e9"

/* ------------------------------------------------------------------ */
/* Catalog: reference data (datasets/) in a SQLite database.           */
/* ------------------------------------------------------------------ */

typedef struct lca_catalog lca_catalog;

/*
 * Every lookup below (and lca_series_*) returns LCA_ENOTFOUND only when the
 * catalog has no such row.  A lookup that could not read the catalog (it
 * stayed locked by another process past the 120 s busy timeout, an i/o
 * error, a damaged file) returns LCA_EDB with the file, SQLite's message
 * and the lookup named: "catalog '/x/catalog.db': database is locked (pue
 * lookup)".  A damaged file is rebuilt by lca_catalog_open when it is not
 * a database at all, and by lca_catalog_rebuild in any case, keeping the
 * user rows that can still be read (lca_catalog_notice says which).
 */

/*
 * Opens the catalog database at db_path (created if absent), building or
 * rebuilding it from the files in datasets_dir when they changed since the
 * last build.  Rows a user added survive rebuilds.  *out is freed with
 * lca_catalog_free().  Either path may be NULL: then LCA_CATALOG /
 * LCA_DATASETS from the environment, else the defaults: the database at
 * $XDG_DATA_HOME/lca/catalog.db (~/.local/share/lca/catalog.db), and the
 * datasets of the install the library runs from (<prefix>/share/lca/
 * datasets, found from liblca's own file, or the lca binary's), else the
 * datasets/ of the source tree it was built from.
 */
LCA_EXTERN int lca_catalog_open(lca_catalog **out, const char *db_path,
				const char *datasets_dir, lca_error *err);
LCA_EXTERN void lca_catalog_free(lca_catalog *cat);
/* Forces a rebuild of the dataset rows now. */
LCA_EXTERN int lca_catalog_rebuild(lca_catalog *cat, lca_error *err);
/* Path of the database and of the datasets folder in use. */
LCA_EXTERN const char *lca_catalog_path(const lca_catalog *cat);
LCA_EXTERN const char *lca_catalog_datasets(const lca_catalog *cat);
/* What opening or rebuilding had to do that the user should hear of (a
 * damaged file rebuilt, which user rows were lost), else "".  Owned by
 * cat. */
LCA_EXTERN const char *lca_catalog_notice(const lca_catalog *cat);
/* Content hash of datasets/ at the last build (hex), the catalog version. */
LCA_EXTERN const char *lca_catalog_version(const lca_catalog *cat);
/*
 * Appends a catalog table -- what: "gpus", "regions", "pue" or "cpus" (or
 * the singular) -- to out as format "text" (NULL), "csv" (RFC 4180) or
 * "json" (an array of objects, one per row; null for a missing number).
 * LCA_EUSAGE for another list or format (where "list" / "format"), LCA_EDB
 * when the catalog cannot be read.
 */
LCA_EXTERN int lca_catalog_list_render(lca_catalog *cat, const char *what,
				       const char *format, lca_buf *out,
				       lca_error *err);

typedef struct lca_accel {
	char id[64];
	char name[128];
	char vendor[64];
	char family[64];
	double tdp_w;
	double bf16_tflops, fp16_tflops, tf32_tflops, fp32_tflops, fp8_tflops;
	double memory_gb, die_mm2, process_nm; /* NaN when unknown */
	char source[512];
	int user;	  /* 1 for a user's own row */
	char release[16]; /* YYYY-MM-DD, "" when unknown */
} lca_accel;

/* How a name was resolved, for the assumptions list. */
typedef struct lca_resolution {
	int via_family; /* 1 if a family name picked its default variant */
	int via_alias;	/* 1 if matched an alias rather than the id */
	char matched[128];
} lca_resolution;

/*
 * Looks up an accelerator by id, family, name or alias (case, spaces,
 * '-' and '_' ignored).  LCA_ENOTFOUND with a "did you mean" suggestion in
 * err->where when no row matches.  flag names the input for messages: a
 * field's key ("gpu", which also sets err->field), an option key
 * ("regions") or a place ("job file: gpu"); never a command-line flag.
 */
LCA_EXTERN int lca_catalog_accel(lca_catalog *cat, const char *name,
				 const char *flag, lca_accel *out,
				 lca_resolution *how, lca_error *err);

typedef struct lca_region {
	char kind[16];	   /* "cloud", "country", "zone", "user" */
	char key[96];	   /* aws:us-east-1, FR, US-CAL-CISO, ... */
	char name[128];	   /* readable name */
	char provider[32]; /* cloud provider or "" */
	char country[8];
	char zone[64];
	double gco2_per_kwh; /* NaN when the row has none */
	int year;
	char method[32]; /* lifecycle / direct / "" */
	double pue;	 /* NaN when the row gives none */
	char source[512];
	char pue_source[512];
} lca_region;

LCA_EXTERN int lca_catalog_region(lca_catalog *cat, const char *name,
				  const char *flag, lca_region *out,
				  lca_error *err);

typedef struct lca_pue {
	char scope[16];
	char name[64];
	double pue;
	int year;
	char source[512];
} lca_pue;

/* PUE by provider/site name, or "industry". */
LCA_EXTERN int lca_catalog_pue(lca_catalog *cat, const char *name, lca_pue *out,
			       lca_error *err);

typedef struct lca_cpu {
	char name[128];
	double tdp_w;
	double cores; /* NaN when unknown */
	char source[512];
} lca_cpu;

LCA_EXTERN int lca_catalog_cpu(lca_catalog *cat, const char *name,
			       const char *flag, lca_cpu *out, lca_error *err);

typedef struct lca_node {
	char family[64];
	int devices_per_node;
	char cpu[128];
	int cpu_sockets;
	double memory_gb;
	char source[512];
} lca_node;

/* Typical host node for an accelerator family; LCA_ENOTFOUND if none. */
LCA_EXTERN int lca_catalog_node(lca_catalog *cat, const char *family,
				lca_node *out, lca_error *err);

/* An embodied-emissions factor (datasets/embodied.csv). */
typedef struct lca_factor {
	double value;
	char unit[32];
	char source[512];
} lca_factor;

LCA_EXTERN int lca_catalog_factor(lca_catalog *cat, const char *kind,
				  const char *name, lca_factor *out,
				  lca_error *err);

/* The factor of a kind whose numeric name is nearest to x (e.g. the
 * carbon-per-area of the process node closest to 5 nm); *matched gets it. */
LCA_EXTERN int lca_catalog_factor_nearest(lca_catalog *cat, const char *kind,
					  double x, lca_factor *out,
					  double *matched, lca_error *err);

/*
 * Default model FLOPs utilisation for a dense bf16 job on an accelerator
 * family: the model datasets/tools/fit_mfu.py chose by leave-one-out over
 * published whole training runs (datasets/mfu_model.csv).  lo and hi are
 * its 5-95% interval (from the model's leave-one-out residuals), n the
 * runs behind the value.  Writes where it came from to source.
 */
LCA_EXTERN int lca_catalog_default_mfu(lca_catalog *cat, const char *family,
				       double *mfu, double *lo, double *hi,
				       int *n, char *source, size_t source_len,
				       lca_error *err);

/* The same, plus the log-normal the Monte Carlo samples: log_mean =
 * log(mfu), log_sd = the model's leave-one-out log residuals. */
LCA_EXTERN int lca_catalog_mfu_spread(lca_catalog *cat, const char *family,
				      double *mfu, double *lo, double *hi,
				      double *log_mean, double *log_sd, int *n,
				      char *source, size_t source_len,
				      lca_error *err);

/* User rows.  kind: "gpu", "region", "pue".  fields: key=value pairs. */
LCA_EXTERN int lca_catalog_add(lca_catalog *cat, const char *kind,
			       const char *const *keys,
			       const char *const *values, int n,
			       lca_error *err);
/* Imports a CSV of user rows of one kind (columns as in datasets/). */
LCA_EXTERN int lca_catalog_import(lca_catalog *cat, const char *kind,
				  const char *path, int *rows, lca_error *err);

/* ------------------------------------------------------------------ */
/* Jobs: what is assessed.                                             */
/* ------------------------------------------------------------------ */

/* Every input a job or phase can carry: flag name, JSON key, type. */
#define LCA_FIELD_MAP(X)                                 \
	X(PHASE, "phase", STR)                           \
	X(NAME, "name", STR)                             \
	X(PARAMS, "params", NUM)                         \
	X(ACTIVE_PARAMS, "active-params", NUM)           \
	X(TOKENS, "tokens", NUM)                         \
	X(FLOPS, "flops", NUM)                           \
	X(GPU, "gpu", STR)                               \
	X(GPUS, "gpus", NUM)                             \
	X(DEVICES_PER_NODE, "devices-per-node", NUM)     \
	X(HOURS, "hours", NUM)                           \
	X(DAYS, "days", NUM)                             \
	X(GPU_HOURS, "gpu-hours", NUM)                   \
	X(MFU, "mfu", NUM)                               \
	X(PRECISION, "precision", STR)                   \
	X(POWER, "power", NUM)                           \
	X(POWER_FRACTION, "power-fraction", NUM)         \
	X(HOST_POWER, "host-power", NUM)                 \
	X(CPU, "cpu", STR)                               \
	X(CPU_SOCKETS, "cpu-sockets", NUM)               \
	X(MEMORY_GB, "memory-gb", NUM)                   \
	X(IDLE_KWH, "idle-kwh", NUM)                     \
	X(IDLE_FRACTION, "idle-fraction", NUM)           \
	X(ENERGY_KWH, "energy-kwh", NUM)                 \
	X(PUE, "pue", NUM)                               \
	X(REGION, "region", STR)                         \
	X(GRID, "grid", NUM)                             \
	X(MARKET_GRID, "market-grid", NUM)               \
	X(CFE, "cfe", NUM)                               \
	X(LIFETIME, "lifetime", NUM)                     \
	X(UTILIZATION, "utilization", NUM)               \
	X(EMBODIED_MODEL, "embodied-model", STR)         \
	X(DEVICE_EMBODIED_KG, "device-embodied-kg", NUM) \
	X(SERVER_EMBODIED_KG, "server-embodied-kg", NUM) \
	X(REQUESTS, "requests", NUM)                     \
	X(TOKENS_PER_REQUEST, "tokens-per-request", NUM) \
	X(START, "start", STR)                           \
	X(MAX_GAP, "max-gap", NUM)                       \
	X(SIGNAL, "signal", STR)

enum lca_field {
#define LCA__FIELD_ENUM(id, key, type) LCA_F_##id,
	LCA_FIELD_MAP(LCA__FIELD_ENUM)
#undef LCA__FIELD_ENUM
	    LCA_F__COUNT
};

typedef struct lca_field_info {
	const char *key;   /* flag without "--", JSON key */
	int is_string;	   /* 1 for strings, 0 for numbers */
	double min, max;   /* allowed range for numbers (inclusive) */
	int min_exclusive; /* 1 when min itself is not allowed */
	const char *unit;
	const char *help;
} lca_field_info;

LCA_EXTERN const lca_field_info *lca_field_info_get(int field);
/* 1 for a count (parameters, tokens, FLOPs, devices, device-hours,
 * requests): its text takes SI suffixes (lca_parse_count). */
LCA_EXTERN int lca_field_is_count(int field);
/* Field id for a flag/JSON key ('-' and '_' are the same); -1 if none. */
LCA_EXTERN int lca_field_lookup(const char *key);

/* The inputs of one phase; a field is set when set[f] is 1. */
typedef struct lca_inputs {
	double num[LCA_F__COUNT]; /* the value, or a range's midpoint */
	double lo[LCA_F__COUNT], hi[LCA_F__COUNT]; /* a range "lo:hi" */
	char *str[LCA_F__COUNT];
	unsigned char set[LCA_F__COUNT];
	unsigned char range[LCA_F__COUNT]; /* 1 when given as lo:hi */
} lca_inputs;

#define LCA_MAX_PHASES 16

/* A job: job-level defaults plus up to LCA_MAX_PHASES phases. */
typedef struct lca_job {
	lca_inputs flags; /* from the command line: win over everything */
	lca_inputs base;  /* job-level defaults from a job file */
	lca_inputs phase[LCA_MAX_PHASES];
	int nphases;
	/* Optional, with start: the job's energy in each UTC hour from the
	 * one holding start (any unit, >= 0), nhour_weights of them, for
	 * every phase; NULL: a flat profile over the wall-clock hours.  Not
	 * owned: the caller keeps it alive across lca_compute(). */
	const double *hour_weights;
	long nhour_weights;
	/* An overlay (lca_job_overlay): the job read through, and the fields
	 * cleared from it (enum lca_job_clear). */
	const struct lca_job *under;
	unsigned char cleared[LCA_F__COUNT];
} lca_job;

LCA_EXTERN void lca_job_init(lca_job *job);
LCA_EXTERN void lca_job_release(lca_job *job);

/*
 * Sets a field from its text form (CLI) after checking type and range.
 * where names the source for errors ("--pue", "job.json: phases[0].pue").
 */
LCA_EXTERN int lca_inputs_set_text(lca_inputs *in, int field, const char *text,
				   const char *where, lca_error *err);
LCA_EXTERN int lca_inputs_set_number(lca_inputs *in, int field, double v,
				     const char *where, lca_error *err);

/*
 * Parses a job file (JSON) into job, on top of what job already holds
 * (the file's values do not override fields already set, so command-line
 * flags given before win).  name is used in error messages.
 */
LCA_EXTERN int lca_job_parse_json(lca_job *job, const char *text, size_t len,
				  const char *name, lca_error *err);
LCA_EXTERN int lca_job_load_file(lca_job *job, const char *path,
				 lca_error *err);

/*
 * Precedence, written once: the inputs a phase's field is read from, as
 * lca_compute() reads it -- the flags, then phase (an index below
 * job->nphases; any other value skips this step), then the job-level
 * defaults.  NULL when none sets it.  Every reader of a job's inputs
 * (compute, plan, report, runs, the CLI) goes through this.
 */
LCA_EXTERN const lca_inputs *lca_job_input(const lca_job *job, int phase,
					   int field);
/* 1 when in (from lca_job_input) holds the command line's flags: job's
 * own, or those of a job it overlays. */
LCA_EXTERN int lca_job_is_flags(const lca_job *job, const lca_inputs *in);

/*
 * Overlays: one job computed several ways (a plan's regions and sizes, a
 * report's region table) without copying it.  lca_job_overlay makes ov
 * (any contents; initialised here) read through under: its own flags,
 * set with lca_inputs_set_* on &ov->flags, win; every other field is
 * under's, as lca_job_input finds it there, less what lca_job_clear took
 * away.  ov takes under's phases and hourly weights.  under is never
 * written and must outlive ov; lca_job_release(ov) frees ov's own strings
 * only.
 */
LCA_EXTERN void lca_job_overlay(lca_job *ov, const lca_job *under);
/* Clears field in an overlay: LCA_CLEAR_ALL hides under's value at every
 * level, LCA_CLEAR_FILE only a job file's (under's flags still count);
 * ov's own flag for it is unset either way. */
enum lca_job_clear { LCA_CLEAR_NONE, LCA_CLEAR_ALL, LCA_CLEAR_FILE };
LCA_EXTERN void lca_job_clear(lca_job *ov, int field, int how);

/* ------------------------------------------------------------------ */
/* Footprint: the result of the lifecycle computation.                 */
/* ------------------------------------------------------------------ */

typedef struct lca_assumption {
	char *name;
	char *value;   /* text form */
	double number; /* NaN when value is not a number */
	char *unit;
	char *source;
} lca_assumption;

enum lca_component {
	LCA_C_DYNAMIC,
	LCA_C_HOST,
	LCA_C_IDLE,
	LCA_C_INFRA,
	LCA_C_EMBODIED,
	LCA_C__COUNT
};

typedef struct lca_phase_result {
	char phase[32];
	char name[64];
	double device_hours;
	double wall_hours;    /* NaN when unknown */
	double devices;	      /* NaN when unknown */
	double flops;	      /* NaN when not computed from FLOPs */
	double it_energy_kwh; /* dynamic + host + idle, before PUE */
	double energy_kwh;    /* facility energy, after PUE */
	double energy_kwh_c[LCA_C__COUNT]; /* per component; embodied = 0 */
	double kgco2e_c[LCA_C__COUNT];
	double operational_kgco2e;  /* Scope 2 location-based */
	double market_based_kgco2e; /* Scope 2 market-based (GHG Protocol):
				       --market-grid, --cfe */
	double embodied_kgco2e;
	double total_kgco2e;
	double pue;
	double grid_gco2_per_kwh;
	char accel[64];
	char region[96];
	/* What the dynamic component holds, for labels: "" for the
	 * accelerators' modelled draw, else e.g. "dynamic (cpu+memory)" for
	 * a measured run's devices, "dynamic (measured)" for a measured
	 * total. */
	char dynamic_label[32];
} lca_phase_result;

typedef struct lca_footprint {
	lca_phase_result phase[LCA_MAX_PHASES];
	int nphases;
	lca_phase_result total; /* sums over phases (pue/grid: NaN if mixed) */
	lca_assumption *assumptions;
	int nassumptions, alloc_assumptions;
	struct lca__plan *plan; /* internal: resolved inputs and their
				   distributions, for lca_uncertainty_run */
} lca_footprint;

LCA_EXTERN void lca_footprint_init(lca_footprint *fp);
LCA_EXTERN void lca_footprint_release(lca_footprint *fp);
/* Adds an assumption (copies the strings).  value_text may be NULL when
 * number is given; a phase prefix is added by the engine. */
LCA_EXTERN int lca_footprint_assume(lca_footprint *fp, const char *name,
				    double number, const char *value_text,
				    const char *unit, const char *source);

/*
 * The lifecycle computation: the one formula every command uses.
 * Resolves names through cat, fills fp (initialised by the caller).
 *
 * Speed: the catalog rows a job needs are read from SQLite once per
 * handle and kept in it (re-read when the catalog database changes, by
 * this or any other process: a `lca catalog add` is seen by a running
 * server), so on a warm handle an estimate costs microseconds
 * (tests/bench/bench_estimate_inproc.c).  A handle is not shared between
 * threads; give each thread its own.
 */
LCA_EXTERN int lca_compute(lca_catalog *cat, const lca_job *job,
			   lca_footprint *fp, lca_error *err);

/*
 * lca_compute for callers that often want the totals alone (a server, the
 * Python package): fp's numbers (phase[], total, nassumptions and each
 * assumption's name, number, unit and source) are filled, but the text of
 * an assumption's value is written only when it is read: until
 * lca_footprint_assumptions() is called, fp->assumptions[i].value may be
 * NULL.  Everything else as lca_compute.
 */
LCA_EXTERN int lca_compute_totals(lca_catalog *cat, const lca_job *job,
				  lca_footprint *fp, lca_error *err);

/*
 * fp's assumptions, every text written (the first call after
 * lca_compute_totals writes the value texts lca_compute would have):
 * *out gets the array (owned by fp, valid until it is released or an
 * assumption is added), *n its length.  0 or LCA_ENOMEM.
 */
LCA_EXTERN int lca_footprint_assumptions(const lca_assumption **out, int *n,
					 lca_footprint *fp);

/* ------------------------------------------------------------------ */
/* Uncertainty: Monte Carlo through the same computation.              */
/* ------------------------------------------------------------------ */

enum lca_output {
	LCA_O_DEVICE_HOURS,
	LCA_O_ENERGY_KWH,
	LCA_O_OPERATIONAL,
	LCA_O_EMBODIED,
	LCA_O_TOTAL,
	LCA_O__COUNT
};

typedef struct lca_quantiles {
	double p05, p50, p95, mean;
} lca_quantiles;

#define LCA_MAX_UINPUTS 64

/* One uncertain input: its distribution and what it explains. */
typedef struct lca_uinput {
	char name[64];	  /* "training.mfu" */
	char dist[160];	  /* "lognormal(median 0.302, gsd 1.24) in [0.05, 1]" */
	char source[400]; /* where the spread comes from */
	double sobol;	  /* first-order Sobol index of the total, 0..1 */
	double total_lo;  /* total kgCO2e with this input at its p05 */
	double total_hi;  /* ... at its p95, the others at their nominal */
} lca_uinput;

typedef struct lca_uncertainty {
	long samples;
	unsigned long seed;
	lca_quantiles q[LCA_O__COUNT];
	lca_uinput inputs[LCA_MAX_UINPUTS]; /* sorted by sobol, largest first */
	int ninputs;
} lca_uncertainty;

/* JSON names of the outputs ("device_hours", "energy_kwh", ...). */
LCA_EXTERN const char *lca_output_name(int output);

/*
 * Runs `samples` Monte Carlo draws of every uncertain input of fp (as
 * computed by lca_compute) through the lifecycle formula; reproducible for
 * a seed.  Memory does not grow with samples (a bounded reservoir).
 */
LCA_EXTERN int lca_uncertainty_run(const lca_footprint *fp, long samples,
				   unsigned long seed, lca_uncertainty *out,
				   lca_error *err);

/* ------------------------------------------------------------------ */
/* Reports.                                                            */
/* ------------------------------------------------------------------ */

typedef struct lca_renderer {
	const char *name; /* "text", "json", "csv" */
	/* unc may be NULL (no --uncertainty) */
	int (*render)(const lca_footprint *fp, const lca_uncertainty *unc,
		      lca_buf *out, lca_error *err);
} lca_renderer;

/* NULL when there is no renderer by that name. */
LCA_EXTERN const lca_renderer *lca_renderer_find(const char *name);
/* Comma-separated list of renderer names, for help text. */
LCA_EXTERN const char *lca_renderer_names(void);

/* What lca_format_human writes a value as. */
enum lca_quantity {
	LCA_Q_NUMBER, /* a plain number: "1,234", "24.69", "0.0312" */
	LCA_Q_MASS,   /* v in kg(CO2e): "24.69 t", "812 kg", "312 g" */
	LCA_Q_ENERGY  /* v in kWh: "1,234 kWh", "0.5 kWh" */
};

/*
 * A value for people (text, Markdown, HTML tables, chart tooltips; JSON and
 * CSV keep full precision): at least 1000 rounded to a whole number with
 * thousands separators, below that 4 significant digits, never an
 * exponent; "-" for NaN.  Masses take t, kg or g so the number reads
 * under 1000 where it can.  Writes at most n bytes (NUL included) to dst.
 */
LCA_EXTERN void lca_format_human(char *dst, size_t n, double v,
				 enum lca_quantity q);

#ifdef __cplusplus
}
#endif
#endif
