/* SPDX-License-Identifier: MIT */
/* series.h: hourly (or finer) grid-intensity series: times, import, queries. */
#ifndef LCA_SERIES_H
#define LCA_SERIES_H

#include "lca.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Times are seconds since 1970-01-01 UTC.  lca_time_parse reads ISO 8601:
 * "2023-06-01", "2023-06-01T14:00", "2023-06-01 14:00:00", with "Z" or an
 * offset "+02:00" (no offset means UTC).  0 or LCA_EDATA.
 */
LCA_EXTERN int lca_time_parse(const char *text, long long *out);
/* "2023-06-01T14:00Z" */
LCA_EXTERN void lca_time_format(long long t, char *buf, size_t n);

typedef struct lca_series_info {
	char zone[64];
	char signal[16]; /* lifecycle, direct, average or marginal */
	char kind[16];	 /* average or marginal */
	char origin[16]; /* dataset or user */
	char source[512];
	long n;		  /* samples */
	long long t0, t1; /* first and last sample */
	double step_s;	  /* median spacing */
	double mean, min, max;
} lca_series_info;

/*
 * Imports a series file into the catalog, all or nothing.  format: NULL to
 * detect, or "electricitymaps", "eia930", "watttime", "carbon-aware",
 * "generic".  zone: required except for Carbon Aware SDK JSON (its
 * Location).  signal: NULL for the format's own (Electricity Maps: both
 * lifecycle and direct; EIA-930: direct; WattTime: marginal; others:
 * average).  origin "user" for lca grid import.  *nseries and *nrows get
 * what was imported.
 */
LCA_EXTERN int lca_series_import(lca_catalog *cat, const char *path,
				 const char *zone, const char *signal,
				 const char *format, const char *source,
				 const char *origin, int *nseries, long *nrows,
				 lca_error *err);

/* Every series in the catalog; *out is malloc'd (free it). */
LCA_EXTERN int lca_series_list(lca_catalog *cat, lca_series_info **out, int *n,
			       lca_error *err);

/*
 * Renders n series (lca grid list) as format "text" (NULL), "csv" or
 * "json" ({"series": [{zone, signal, kind, origin, samples, from, to,
 * mean, min, max}]}), appended to out.  LCA_EUSAGE for another format
 * (where "format"), LCA_ENOMEM.
 */
LCA_EXTERN int lca_series_list_render(const lca_series_info *s, int n,
				      const char *format, lca_buf *out,
				      lca_error *err);
/*
 * Renders hours hourly values v of series si from t0 (unix s, UTC), as
 * lca_series_hourly() gave them (NaN: no data), in the same formats: json
 * {zone, signal, kind, hours: [[time, gCO2e/kWh or null]], average, min,
 * max, interpolated_hours}; csv time,gco2_per_kwh; text with a summary.
 */
LCA_EXTERN int lca_series_hours_render(const lca_series_info *si, long long t0,
				       const double *v, long hours,
				       long interpolated, const char *format,
				       lca_buf *out, lca_error *err);

/*
 * The series that serves a zone: signal NULL picks lifecycle, then direct,
 * then average (never marginal unless asked).  A user's series wins over a
 * shipped one.  LCA_ENOTFOUND if none, LCA_EDB if the catalog could not
 * be read.
 */
LCA_EXTERN int lca_series_find(lca_catalog *cat, const char *zone,
			       const char *signal, lca_series_info *out,
			       lca_error *err);

/*
 * Hourly means of a series for hours t0, t0 + 1 h, ... (hours values into
 * out).  Samples finer than an hour are averaged; hours with no sample are
 * interpolated when the gap is at most max_gap_h hours, else NaN.
 * *interpolated gets how many hours were filled.
 */
LCA_EXTERN int lca_series_hourly(lca_catalog *cat, const lca_series_info *s,
				 long long t0, long hours, double max_gap_h,
				 double *out, long *interpolated,
				 lca_error *err);

/* How far the nearest-year rule looks (years either side), and the longest
 * window it serves (5 years of hours). */
#define LCA_SERIES_MAX_SHIFT 10
#define LCA_SERIES_MAX_HOURS (24L * 366 * 5)

/* Where the hours of a window came from (lca_series_nearest). */
typedef struct lca_series_cover {
	long hours;	   /* hours asked */
	long missing;	   /* hours no year within the shift has (NaN) */
	long leading;	   /* hours with a value before the first missing */
	long interpolated; /* hours filled across a gap */
	/* by_shift[y + LCA_SERIES_MAX_SHIFT]: hours taken y years away */
	long by_shift[2 * LCA_SERIES_MAX_SHIFT + 1];
	int shift; /* the shift that served the most hours (0: own) */
} lca_series_cover;

/*
 * THE nearest-year rule, shared by estimate --start, runs (track, ingest),
 * lca plan and lca report: hourly values for t0, t0 + 1 h, ... (hours
 * values, 1 to LCA_SERIES_MAX_HOURS, into caller-owned out).  Each hour
 * takes the series' own value for that UTC hour (gaps of at most max_gap_h
 * hours interpolated), else the same calendar hour (29 February -> 28
 * February) of the nearest year that has one: 1 year earlier, 1 later, 2
 * earlier, ... up to LCA_SERIES_MAX_SHIFT years; hours no such year has
 * are NaN and counted in cov->missing.  So a window past the data's year
 * or across 31 December takes each hour from the year that has it.
 * LCA_ENOTFOUND when no hour has a value, LCA_ERANGE for a bad length,
 * LCA_EDB when the catalog could not be read.
 */
LCA_EXTERN int lca_series_nearest(lca_catalog *cat, const lca_series_info *s,
				  long long t0, long hours, double max_gap_h,
				  double *out, lca_series_cover *cov,
				  lca_error *err);

/* One sentence for the assumptions saying where a window's hours came
 * from ("hourly lifecycle series of DE; the hours it lacks take the
 * nearest year's same hours (3 years earlier); 0 h interpolated ..."),
 * into buf; brief leaves out the window's length and the interpolation. */
LCA_EXTERN void lca_series_cover_text(const lca_series_info *s,
				      const lca_series_cover *c,
				      double max_gap_h, int brief, char *buf,
				      size_t n);

/*
 * The mean intensity over [t0, t0 + hours) for a flat energy profile, by
 * lca_series_nearest's rule.  *how says where the hours came from;
 * LCA_ENOTFOUND when an hour has no value in any year within the shift.
 */
LCA_EXTERN int lca_series_window_mean(lca_catalog *cat,
				      const lca_series_info *s, long long t0,
				      double hours, double max_gap_h,
				      double *mean, char *how, size_t how_len,
				      lca_error *err);

/*
 * The same for a measured energy profile: weights[i] (>= 0) is the energy
 * (any unit) of hour t0 + i h, for i < ceil(hours); the mean is
 * sum(w v) / sum(w), and hours of weight 0 need no data.  weights NULL
 * is lca_series_window_mean (a flat profile).  LCA_ENOTFOUND as above,
 * also when every weight is 0.
 */
LCA_EXTERN int
lca_series_window_weighted(lca_catalog *cat, const lca_series_info *s,
			   long long t0, double hours, const double *weights,
			   double max_gap_h, double *mean, char *how,
			   size_t how_len, lca_error *err);

#ifdef __cplusplus
}
#endif
#endif
