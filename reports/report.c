/* SPDX-License-Identifier: MIT */
/* report.c: lca report: the report context, its text/json/csv forms, region
 * comparisons and everyday equivalents. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>
#include <cjson/cJSON.h>

#include "lca/report.h"
#include "lca/series.h"
#include "reports.h"
#include "../engine/lca_int.h"
#include "../engine/catalog_store.h"
#include "../engine/banned.h"

/* ---- equivalents ---------------------------------------------------- */

typedef struct eq_load {
	const char *path;
	lca_equivalent *rows;
	int n, alloc;
	lca_error *err;
} eq_load;

static int eq_row(const lca__csv_row *r, void *ud)
{
	eq_load *l = ud;
	lca_equivalent *e;
	char where[600];
	double v;

	lca__fmt(where, sizeof(where), "%s: line %ld", l->path, r->line);
	if (r->n != 5 || !r->field[4][0] || lca_parse_number(r->field[3], &v) ||
	    !(v > 0))
		return lca_error_set(l->err, LCA_EDATA, where,
				     "expected id,name,unit,kgco2e_per_unit "
				     "(> 0),source");
	if (l->n == l->alloc) {
		int alloc = l->alloc ? 2 * l->alloc : 8;
		void *p = realloc(l->rows, sizeof(*l->rows) * (size_t)alloc);
		if (!p)
			return lca_error_set(l->err, LCA_ENOMEM, where,
					     "out of memory");
		l->rows = p;
		l->alloc = alloc;
	}
	e = &l->rows[l->n++];
	lca__strlcpy(e->id, r->field[0], sizeof(e->id));
	lca__strlcpy(e->name, r->field[1], sizeof(e->name));
	lca__strlcpy(e->unit, r->field[2], sizeof(e->unit));
	e->kgco2e_per_unit = v;
	lca__strlcpy(e->source, r->field[4], sizeof(e->source));
	return 0;
}

int lca_equivalents_load(lca_equivalent **out, int *n, const char *path,
			 lca_error *err)
{
	eq_load l;
	int rc;

	*out = NULL;
	*n = 0;
	memset(&l, 0, sizeof(l));
	l.path = path;
	l.err = err;
	rc = lca__csv_each(path, 0, NULL, eq_row, &l, err);
	if (rc) {
		free(l.rows);
		return rc;
	}
	*out = l.rows;
	*n = l.n;
	return 0;
}

/* ---- region comparisons --------------------------------------------- */

static int by_total(const void *a, const void *b)
{
	const lca_report_region *x = a, *y = b;

	return (x->total_kgco2e > y->total_kgco2e) -
	       (x->total_kgco2e < y->total_kgco2e);
}

int lca_report_regions(lca_catalog *cat, const lca_job *job,
		       const char *const *keys, int nkeys,
		       lca_report_region **out, int *n, lca_error *err)
{
	lca_job *copy; /* job overlaid with each region in turn */
	lca_report_region *rows;
	lca_error e2;
	int k, m = 0, rc;

	*out = NULL;
	*n = 0;
	rows = calloc((size_t)(nkeys > 0 ? nkeys : 1), sizeof(*rows));
	copy = malloc(sizeof(*copy));
	if (!rows || !copy) {
		free(rows);
		free(copy);
		return lca_error_set(err, LCA_ENOMEM, "report",
				     "out of memory");
	}
	lca_job_overlay(copy, job);
	lca_job_clear(copy, LCA_F_GRID, LCA_CLEAR_ALL);
	for (k = 0; k < nkeys; k++) {
		lca_footprint fp;
		lca_region reg;

		/* a region the catalog lacks, or could not read, is an
		 * error: never a comparison silently shorter than asked */
		rc = lca_catalog_region(cat, keys[k], "regions", &reg, &e2);
		if (rc)
			goto done;
		rc = lca_inputs_set_text(&copy->flags, LCA_F_REGION, keys[k],
					 "regions", &e2);
		if (rc)
			goto done;
		lca_footprint_init(&fp);
		rc = lca_compute(cat, copy, &fp, &e2);
		if (rc == LCA_EDB) {
			lca_footprint_release(&fp);
			goto done;
		}
		if (!rc) {
			lca_report_region *r = &rows[m++];
			lca__strlcpy(r->key, reg.key, sizeof(r->key));
			lca__strlcpy(r->name, reg.name, sizeof(r->name));
			r->grid_gco2_per_kwh = fp.total.grid_gco2_per_kwh;
			r->total_kgco2e = fp.total.total_kgco2e;
			lca__fmt(r->source, sizeof(r->source), "%s (%d)",
				 reg.source, reg.year);
		}
		lca_footprint_release(&fp);
	}
	qsort(rows, (size_t)m, sizeof(*rows), by_total);
	*out = rows;
	*n = m;
	rows = NULL;
	rc = 0;
done:
	if (rc && err)
		*err = e2;
	lca_job_release(copy);
	free(copy);
	free(rows);
	return rc;
}

/* ---- hourly grid intensity ------------------------------------------ */

int lca_report_hourly(lca_catalog *cat, const lca_job *job,
		      const lca_footprint *fp, double **out, int *n,
		      long long *start, char *source, size_t source_len,
		      lca_error *err)
{
	const lca_inputs *in;
	const lca_phase_result *p;
	const char *zone, *signal;
	lca_series_info si;
	lca_region reg;
	lca_error e2;
	lca_series_cover cov;
	double *v = NULL, gap;
	long long t0;
	long hours;
	int i, rc = 0;

	*out = NULL;
	*n = 0;
	*start = 0;
	if (source && source_len)
		source[0] = '\0';
	for (i = 0; i < fp->nphases; i++) {
		p = &fp->phase[i];
		in = lca_job_input(job, i, LCA_F_START);
		if (!in || lca_job_input(job, i, LCA_F_GRID) ||
		    !lca_job_input(job, i, LCA_F_REGION) ||
		    !(p->wall_hours > 0) ||
		    lca_time_parse(in->str[LCA_F_START], &t0))
			continue;
		/* the region as lca_compute resolved it */
		in = lca_job_input(job, i, LCA_F_REGION);
		rc = lca_catalog_region(cat, in->str[LCA_F_REGION], "region",
					&reg, &e2);
		if (rc == LCA_EDB)
			goto done;
		zone = rc ? NULL : lca__region_zone(&reg);
		if (!zone)
			continue;
		in = lca_job_input(job, i, LCA_F_SIGNAL);
		signal = in ? in->str[LCA_F_SIGNAL] : NULL;
		in = lca_job_input(job, i, LCA_F_MAX_GAP);
		gap = in ? in->num[LCA_F_MAX_GAP] : 3; /* as lca_compute */
		hours = (long)ceil(p->wall_hours);
		rc = lca_series_find(cat, zone, signal, &si, &e2);
		if (rc == LCA_EDB)
			goto done;
		/* past 5 years lca_compute takes the yearly figure */
		if (rc || hours > LCA_SERIES_MAX_HOURS)
			continue;
		v = malloc(sizeof(double) * (size_t)hours);
		if (!v) {
			rc = lca_error_set(&e2, LCA_ENOMEM, "report",
					   "out of memory");
			goto done;
		}
		/* the hours lca_compute took (lca_series_window_weighted) */
		rc = lca_series_nearest(cat, &si, t0, hours, gap, v, &cov, &e2);
		if (rc == LCA_EDB)
			goto done;
		if (rc || cov.missing) {
			free(v);
			v = NULL;
			continue;
		}
		if (source && source_len)
			lca_series_cover_text(&si, &cov, gap, 1, source,
					      source_len);
		*out = v;
		*n = (int)hours;
		*start = t0;
		v = NULL;
		break;
	}
	rc = 0;
done:
	if (rc && err)
		*err = e2;
	free(v);
	return rc;
}

/* ---- shared helpers ------------------------------------------------- */

/* Indices of runs sorted by total CO2e (leaderboard order). */
int lca__report_order(const lca_report *r, int *idx)
{
	int i, j;

	for (i = 0; i < r->nruns; i++)
		idx[i] = i;
	for (i = 1; i < r->nruns; i++) /* insertion sort: few runs */
		for (j = i;
		     j > 0 && r->runs[idx[j]]->total.total_kgco2e <
				  r->runs[idx[j - 1]]->total.total_kgco2e;
		     j--) {
			int t = idx[j];
			idx[j] = idx[j - 1];
			idx[j - 1] = t;
		}
	return 0;
}

void lca__hourly_stats(const double *v, int n, double *min, double *mean,
		       double *max)
{
	double sum = 0;
	int i, k = 0;

	*min = INFINITY;
	*max = -INFINITY;
	for (i = 0; i < n; i++) {
		if (isnan(v[i]))
			continue;
		*min = fmin(*min, v[i]);
		*max = fmax(*max, v[i]);
		sum += v[i];
		k++;
	}
	*mean = k ? sum / k : LCA_NAN;
	if (!k)
		*min = *max = LCA_NAN;
}

int lca__sparkline(lca_buf *b, const double *v, int n, int width)
{
	/* U+2581..U+2588, lower one eighth block to full block */
	static const char *const bars[8] = {"\u2581", "\u2582", "\u2583",
					    "\u2584", "\u2585", "\u2586",
					    "\u2587", "\u2588"};
	double cell[LCA_SPARK_MAX], lo = INFINITY, hi = -INFINITY;
	int m = n < width ? n : width, k, rc = 0;

	if (m > LCA_SPARK_MAX)
		m = LCA_SPARK_MAX;
	/* more hours than cells: each cell is the mean of its hours */
	for (k = 0; k < m; k++) {
		long i0 = (long)k * n / m, i1 = (long)(k + 1) * n / m, i;
		double sum = 0;
		int c = 0;
		for (i = i0; i < i1; i++)
			if (!isnan(v[i])) {
				sum += v[i];
				c++;
			}
		cell[k] = c ? sum / c : LCA_NAN;
		if (c) {
			lo = fmin(lo, cell[k]);
			hi = fmax(hi, cell[k]);
		}
	}
	for (k = 0; k < m; k++) {
		int level;
		if (isnan(cell[k])) {
			rc |= lca_buf_puts(b, " ");
			continue;
		}
		level = hi > lo ? (int)(8 * (cell[k] - lo) / (hi - lo)) : 3;
		rc |= lca_buf_puts(b, bars[level > 7 ? 7 : level]);
	}
	return rc;
}

int lca__hourly_line(lca_buf *b, const lca_report *r)
{
	double lo, mean, hi;
	int rc = 0;

	lca__hourly_stats(r->hourly, r->nhourly, &lo, &mean, &hi);
	rc |= lca__sparkline(b, r->hourly, r->nhourly, LCA_SPARK_MAX);
	rc |= lca_buf_printf(b, "  min %.4g  mean %.4g  max %.4g gCO2e/kWh", lo,
			     mean, hi);
	return rc;
}

const char *lca__software(char *buf)
{
	lca__fmt(buf, LCA__SOFTWARE_LEN,
		 "liblca %s (C11); SQLite %s; cJSON %d.%d.%d; libcsv; "
		 "compiler %s",
		 LCA_VERSION, sqlite3_libversion(), CJSON_VERSION_MAJOR,
		 CJSON_VERSION_MINOR, CJSON_VERSION_PATCH,
#ifdef __VERSION__
		 __VERSION__
#else
		 "unknown"
#endif
	);
	return buf;
}

/* ---- text ----------------------------------------------------------- */

static int appendix_text(const lca_report *r, lca_buf *b)
{
	char sw[LCA__SOFTWARE_LEN];
	int rc = 0;

	rc |= lca_buf_puts(b, "\nreproducibility\n");
	rc |= lca_buf_printf(b, "  lca version       %s\n", LCA_VERSION);
	rc |= lca_buf_printf(b, "  catalog version   %s (hash of %s)\n",
			     r->catalog_version ? r->catalog_version : "-",
			     r->datasets_dir ? r->datasets_dir : "datasets/");
	rc |= lca_buf_printf(b, "  software          %s\n", lca__software(sw));
	if (r->command_line)
		rc |= lca_buf_printf(b, "  command line      %s\n",
				     r->command_line);
	if (r->inputs)
		rc |= lca_buf_printf(b, "  inputs            %s\n", r->inputs);
	return rc;
}

static int extras_text(const lca_report *r, lca_buf *b)
{
	const lca_footprint *fp = r->fp;
	char m[64], t0[32], t1[32];
	int i, rc = 0;

	if (r->nhourly > 0 && r->hourly) {
		lca_time_format(r->hourly_start, t0, sizeof(t0));
		lca_time_format(r->hourly_start + 3600LL * r->nhourly, t1,
				sizeof(t1));
		rc |= lca_buf_printf(b,
				     "\nhourly grid intensity, %s to %s "
				     "(UTC, %d h%s%s)\n  ",
				     t0, t1, r->nhourly,
				     r->hourly_source ? "; " : "",
				     r->hourly_source ? r->hourly_source : "");
		rc |= lca__hourly_line(b, r);
		rc |= lca_buf_puts(b, "\n");
	}
	if (r->nregions) {
		rc |=
		    lca_buf_puts(b, "\nthe same job in other regions "
				    "(lca_compute with each region's grid)\n");
		for (i = 0; i < r->nregions; i++) {
			lca_format_human(m, sizeof(m),
					 r->regions[i].total_kgco2e,
					 LCA_Q_MASS);
			rc |= lca_buf_printf(
			    b, "  %-22s %-28.28s %7.4g gCO2e/kWh  %s\n",
			    r->regions[i].key, r->regions[i].name,
			    r->regions[i].grid_gco2_per_kwh, m);
		}
	}
	if (r->nequiv && fp->total.total_kgco2e > 0) {
		rc |= lca_buf_puts(b, "\nequivalents (of the total CO2e)\n");
		for (i = 0; i < r->nequiv; i++) {
			const lca_equivalent *e = &r->equiv[i];
			char amount[64];
			lca_format_human(amount, sizeof(amount),
					 fp->total.total_kgco2e /
					     e->kgco2e_per_unit,
					 LCA_Q_NUMBER);
			rc |= lca_buf_printf(b, "  %s %s\n", amount, e->name);
			lca_format_human(amount, sizeof(amount),
					 e->kgco2e_per_unit, LCA_Q_MASS);
			rc |= lca_buf_printf(b, "    %s CO2e per %s: %s\n",
					     amount, e->unit, e->source);
		}
	}
	return rc;
}

static int compare_text(const lca_report *r, lca_buf *b)
{
	int idx[256], i, rc = 0;
	char t[64], o[64], e[64], dh[64], kwh[64];

	lca__report_order(r, idx);
	rc |= lca_buf_printf(b,
			     "lca %s: leaderboard of %d runs by total "
			     "CO2e\n\n",
			     LCA_VERSION, r->nruns);
	rc |= lca_buf_printf(b, "%4s  %-24s %12s %14s %12s %12s %12s\n", "rank",
			     "run", "device-h", "energy kWh", "operational",
			     "embodied", "total");
	for (i = 0; i < r->nruns; i++) {
		const lca_phase_result *p = &r->runs[idx[i]]->total;
		lca_format_human(o, sizeof(o), p->operational_kgco2e,
				 LCA_Q_MASS);
		lca_format_human(e, sizeof(e), p->embodied_kgco2e, LCA_Q_MASS);
		lca_format_human(t, sizeof(t), p->total_kgco2e, LCA_Q_MASS);
		lca_format_human(dh, sizeof(dh), p->device_hours, LCA_Q_NUMBER);
		lca_format_human(kwh, sizeof(kwh), p->energy_kwh, LCA_Q_NUMBER);
		rc |= lca_buf_printf(
		    b, "%4d  %-24.24s %12s %14s %12s %12s %12s\n", i + 1,
		    r->labels[idx[i]], dh, kwh, o, e, t);
	}
	return rc;
}

int lca__report_text(const lca_report *r, lca_buf *out, lca_error *err)
{
	int rc;

	if (r->nruns)
		rc = compare_text(r, out);
	else {
		rc = lca_report_text.render(r->fp, NULL, out, err);
		if (rc)
			return rc;
		rc = extras_text(r, out);
	}
	rc |= appendix_text(r, out);
	return rc ? lca_error_set(err, LCA_ENOMEM, "text", "out of memory") : 0;
}

/* ---- json ----------------------------------------------------------- */

static cJSON *appendix_json(const lca_report *r)
{
	cJSON *o = cJSON_CreateObject();
	char sw[LCA__SOFTWARE_LEN];

	if (!o)
		return NULL;
	cJSON_AddStringToObject(o, "lca_version", LCA_VERSION);
	cJSON_AddStringToObject(o, "catalog_version",
				r->catalog_version ? r->catalog_version : "");
	cJSON_AddStringToObject(o, "software", lca__software(sw));
	cJSON_AddStringToObject(o, "command_line",
				r->command_line ? r->command_line : "");
	if (r->inputs) {
		cJSON *in = cJSON_Parse(r->inputs);
		if (in)
			cJSON_AddItemToObject(o, "inputs", in);
	}
	return o;
}

int lca__report_json(const lca_report *r, lca_buf *out, lca_error *err)
{
	lca_buf one = {0};
	cJSON *root = NULL, *arr;
	char *text = NULL;
	int i, rc = 0;

	if (r->nruns) {
		int idx[256];
		root = cJSON_CreateObject();
		arr = cJSON_AddArrayToObject(root, "leaderboard");
		lca__report_order(r, idx);
		for (i = 0; arr && i < r->nruns; i++) {
			cJSON *o;
			lca_buf_reset(&one);
			rc = lca_report_json.render(r->runs[idx[i]], NULL, &one,
						    err);
			if (rc)
				goto done;
			o = cJSON_Parse(lca_buf_cstr(&one));
			if (!o)
				goto nomem;
			cJSON_AddNumberToObject(o, "rank", i + 1);
			cJSON_AddStringToObject(o, "label", r->labels[idx[i]]);
			cJSON_AddItemToArray(arr, o);
		}
	} else {
		rc = lca_report_json.render(r->fp, NULL, &one, err);
		if (rc)
			goto done;
		root = cJSON_Parse(lca_buf_cstr(&one));
		if (!root)
			goto nomem;
		if (r->nhourly > 0 && r->hourly) {
			char t0[32];
			lca_time_format(r->hourly_start, t0, sizeof(t0));
			cJSON_AddStringToObject(root, "hourly_start", t0);
			if (r->hourly_source)
				cJSON_AddStringToObject(root, "hourly_source",
							r->hourly_source);
			arr =
			    cJSON_AddArrayToObject(root, "hourly_gco2_per_kwh");
			for (i = 0; arr && i < r->nhourly; i++)
				cJSON_AddItemToArray(
				    arr, lca__json_num(r->hourly[i]));
		}
		arr = cJSON_AddArrayToObject(root, "regions");
		for (i = 0; arr && i < r->nregions; i++) {
			cJSON *o = cJSON_CreateObject();
			cJSON_AddItemToArray(arr, o);
			cJSON_AddStringToObject(o, "region", r->regions[i].key);
			cJSON_AddStringToObject(o, "name", r->regions[i].name);
			cJSON_AddNumberToObject(
			    o, "grid_gco2_per_kwh",
			    r->regions[i].grid_gco2_per_kwh);
			cJSON_AddNumberToObject(o, "total_kgco2e",
						r->regions[i].total_kgco2e);
			cJSON_AddStringToObject(o, "source",
						r->regions[i].source);
		}
		arr = cJSON_AddArrayToObject(root, "equivalents");
		for (i = 0; arr && i < r->nequiv; i++) {
			const lca_equivalent *e = &r->equiv[i];
			cJSON *o = cJSON_CreateObject();
			cJSON_AddItemToArray(arr, o);
			cJSON_AddStringToObject(o, "id", e->id);
			cJSON_AddStringToObject(o, "name", e->name);
			cJSON_AddNumberToObject(o, "amount",
						r->fp->total.total_kgco2e /
						    e->kgco2e_per_unit);
			cJSON_AddNumberToObject(o, "kgco2e_per_unit",
						e->kgco2e_per_unit);
			cJSON_AddStringToObject(o, "source", e->source);
		}
	}
	if (!root)
		goto nomem;
	cJSON_AddItemToObject(root, "reproducibility", appendix_json(r));
	text = cJSON_PrintUnformatted(root);
	if (!text || lca_buf_puts(out, text) || lca_buf_puts(out, "\n"))
		goto nomem;
	goto done;
nomem:
	rc = lca_error_set(err, LCA_ENOMEM, "json", "out of memory");
done:
	free(text);
	cJSON_Delete(root);
	lca_buf_release(&one);
	return rc;
}

/* ---- csv: one long table (section, item, metric, value, unit, source) */

static int cf(lca_buf *b, const char *s, int last)
{
	return lca_buf_csv(b, s, 1) | lca_buf_puts(b, last ? "\n" : ",");
}

static int crow(lca_buf *b, const char *section, const char *item,
		const char *metric, double v, const char *unit,
		const char *source)
{
	char num[64];
	int rc = 0;

	if (isnan(v))
		num[0] = '\0';
	else
		lca__fmt(num, sizeof(num), "%.10g", v);
	rc |= cf(b, section, 0);
	rc |= cf(b, item, 0);
	rc |= cf(b, metric, 0);
	rc |= lca_buf_printf(b, "%s,", num);
	rc |= cf(b, unit, 0);
	rc |= cf(b, source, 1);
	return rc;
}

int lca__report_csv(const lca_report *r, lca_buf *b, lca_error *err)
{
	int i, c, rc = 0;

	rc |= lca_buf_puts(b, "section,item,metric,value,unit,source\n");
	if (r->nruns) {
		int idx[256];
		lca__report_order(r, idx);
		for (i = 0; i < r->nruns; i++) {
			const lca_phase_result *p = &r->runs[idx[i]]->total;
			rc |= crow(b, "leaderboard", r->labels[idx[i]], "rank",
				   i + 1, "", "");
			rc |= crow(b, "leaderboard", r->labels[idx[i]],
				   "total_kgco2e", p->total_kgco2e, "kgCO2e",
				   "lca_compute");
			rc |= crow(b, "leaderboard", r->labels[idx[i]],
				   "energy_kwh", p->energy_kwh, "kWh",
				   "lca_compute");
		}
	} else {
		const lca_footprint *fp = r->fp;
		for (i = 0; i <= fp->nphases; i++) {
			const lca_phase_result *p =
			    i < fp->nphases ? &fp->phase[i] : &fp->total;
			for (c = 0; c < LCA_C__COUNT; c++) {
				rc |=
				    crow(b, "lifecycle", p->name,
					 lca_component_names[c], p->kgco2e_c[c],
					 "kgCO2e", "lca_compute");
				if (c != LCA_C_EMBODIED)
					rc |= crow(b, "energy", p->name,
						   lca_component_names[c],
						   p->energy_kwh_c[c], "kWh",
						   "lca_compute");
			}
			rc |= crow(b, "lifecycle", p->name, "total",
				   p->total_kgco2e, "kgCO2e", "lca_compute");
			rc |= crow(b, "site", p->name, "pue", p->pue, "ratio",
				   "lca_compute");
			rc |= crow(b, "site", p->name, "grid",
				   p->grid_gco2_per_kwh, "gCO2e/kWh",
				   "lca_compute");
		}
		for (i = 0; i < r->nregions; i++)
			rc |= crow(b, "regions", r->regions[i].key,
				   "total_kgco2e", r->regions[i].total_kgco2e,
				   "kgCO2e", r->regions[i].source);
		for (i = 0; i < r->nequiv; i++)
			rc |= crow(b, "equivalents", r->equiv[i].name, "amount",
				   fp->total.total_kgco2e /
				       r->equiv[i].kgco2e_per_unit,
				   r->equiv[i].unit, r->equiv[i].source);
		for (i = 0; i < fp->nassumptions; i++)
			rc |= crow(
			    b, "assumptions", fp->assumptions[i].name,
			    fp->assumptions[i].value, fp->assumptions[i].number,
			    fp->assumptions[i].unit, fp->assumptions[i].source);
	}
	rc |= crow(b, "reproducibility", "lca", "version", LCA_NAN, LCA_VERSION,
		   "");
	rc |= crow(b, "reproducibility", "catalog", "version", LCA_NAN,
		   r->catalog_version ? r->catalog_version : "", "");
	rc |= crow(b, "reproducibility", "command", "line", LCA_NAN,
		   r->command_line ? r->command_line : "", "");
	return rc ? lca_error_set(err, LCA_ENOMEM, "csv", "out of memory") : 0;
}

int lca__report_of(const lca_footprint *fp,
		   int (*report)(const lca_report *, lca_buf *, lca_error *),
		   lca_buf *out, lca_error *err)
{
	lca_report r;

	memset(&r, 0, sizeof(r));
	r.fp = fp;
	return report(&r, out, err);
}
