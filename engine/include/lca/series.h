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

/*
 * The mean intensity over [t0, t0 + hours) for a flat energy profile, with
 * the fallback the issue asks for: the series itself, else the nearest
 * year's same hours (up to 10 years away).  *how says which; returns
 * LCA_ENOTFOUND when neither covers the window.
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

/*
 * Hourly values for [t0, t0 + hours) like lca_series_hourly, from the
 * series itself or, where it does not cover the window, the same calendar
 * hours of the nearest year that covers most of it (up to 10 years away).
 * *shift gets the years shifted (0: the series' own hours), *covered the
 * number of leading hours that have a value (hours when all do).
 * LCA_ENOTFOUND when no year within 10 covers any hour.
 */
LCA_EXTERN int lca_series_hourly_nearest(lca_catalog *cat,
					 const lca_series_info *s, long long t0,
					 long hours, double max_gap_h,
					 double *out, int *shift, long *covered,
					 long *interpolated, lca_error *err);

/*
 * The hourly values behind lca_series_window_mean, for a chart: hours values
 * (hours >= 1) for t0, t0 + 1 h, ... into out (caller-owned, hours
 * doubles), from the series itself, else the same hours of the nearest year
 * up to 10 years away (the same choice as lca_series_window_mean): the
 * first whose every hour has a value.  *years_off (may be NULL) gets the
 * shift used: 0 for the series' own hours, -2 for two years earlier.
 * LCA_ENOTFOUND when no year covers the window, LCA_ERANGE past 5 years,
 * LCA_EDB when the catalog could not be read.
 */
LCA_EXTERN int lca_series_window_hourly(lca_catalog *cat,
					const lca_series_info *s, long long t0,
					long hours, double max_gap_h,
					double *out, int *years_off,
					lca_error *err);

#ifdef __cplusplus
}
#endif
#endif
