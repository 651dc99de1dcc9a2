/* SPDX-License-Identifier: MIT */
/* door.c: requests (key/value inputs -> footprint -> rendered text) and
 * error accessors, for embedders without liblca's structs (lca/door.h). */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lca_int.h"
#include "lca/door.h"
#include "lca/ledger.h"
#include "banned.h"

struct lca_request {
	lca_job job;
	char *job_file; /* loaded under the set fields at compute */
	char *job_json;
	int uncertainty, computed, loaded;
	long samples;
	unsigned long seed;
	lca_run_tag *tags; /* LCA_RUN_MAX_TAGS, allocated for the first */
	int ntags;
	lca_footprint fp;
	lca_uncertainty *unc; /* allocated when asked for */
};

size_t lca_error_sizeof(void)
{
	return sizeof(lca_error);
}

int lca_error_code(const lca_error *err)
{
	return err->code;
}

const char *lca_error_where(const lca_error *err)
{
	return err->where;
}

const char *lca_error_message(const lca_error *err)
{
	return err->message;
}

/* The field where names: its whole text or its last word, before any
 * "; note": "pue", "--pue", "--gpu; did you mean 'h100'?",
 * "job.json: phases[0].pue". */
int lca_error_field(const lca_error *err)
{
	const char *w = err->where, *end = w + strcspn(w, ";"), *p = end;
	char key[64];
	size_t n;

	while (p > w &&
	       (isalnum((unsigned char)p[-1]) || p[-1] == '-' || p[-1] == '_'))
		p--;
	n = (size_t)(end - p);
	if (!n || n >= sizeof(key))
		return -1;
	if (p > w && !(p[-1] == '.' || p[-1] == ' ' ||
		       (p - w == 2 && !strncmp(w, "--", 2))))
		return -1;
	memcpy(key, p, n);
	key[n] = '\0';
	if (!strncmp(key, "--", 2))
		memmove(key, key + 2, n - 1);
	return lca_field_lookup(key);
}

int lca_request_new(lca_request **out, lca_error *err)
{
	lca_request *rq = calloc(1, sizeof(*rq));

	*out = NULL;
	if (!rq)
		return lca_error_set(err, LCA_ENOMEM, "request",
				     "out of memory");
	lca_job_init(&rq->job);
	lca_footprint_init(&rq->fp);
	rq->samples = 100000;
	rq->seed = 1;
	*out = rq;
	return 0;
}

void lca_request_free(lca_request *rq)
{
	if (!rq)
		return;
	lca_job_release(&rq->job);
	lca_footprint_release(&rq->fp);
	free(rq->unc);
	free(rq->job_file);
	free(rq->job_json);
	free(rq->tags);
	free(rq);
}

static int set_string(char **dst, const char *value, lca_error *err)
{
	char *copy = strdup(value);

	if (!copy)
		return lca_error_set(err, LCA_ENOMEM, "request",
				     "out of memory");
	free(*dst);
	*dst = copy;
	return 0;
}

/* A whole number in [lo, hi]. */
static int whole(const char *key, const char *value, double lo, double hi,
		 double *out, lca_error *err)
{
	if (lca_parse_number(value, out) || *out != floor(*out))
		return lca_error_set(err, LCA_EUSAGE, key,
				     "not a whole number '%s'", value);
	if (*out < lo || *out > hi)
		return lca_error_set(err, LCA_ERANGE, key,
				     "out of range '%s' (%.0f to %.0f)", value,
				     lo, hi);
	return 0;
}

int lca_request_set(lca_request *rq, const char *key, const char *value,
		    lca_error *err)
{
	double v;
	int f, rc;

	if (!key || !value)
		return lca_error_set(err, LCA_EUSAGE, key ? key : "request",
				     "missing key or value%s", "");
	if (!strcmp(key, "job") || !strcmp(key, "job_json")) {
		if (rq->loaded)
			return lca_error_set(err, LCA_EUSAGE, key,
					     "a job is loaded already%s", "");
		return set_string(key[3] ? &rq->job_json : &rq->job_file, value,
				  err);
	}
	if (!strcmp(key, "uncertainty")) {
		if (!strcmp(value, "1") || !strcmp(value, "true"))
			rq->uncertainty = 1;
		else if (!strcmp(value, "0") || !strcmp(value, "false"))
			rq->uncertainty = 0;
		else
			return lca_error_set(err, LCA_EUSAGE, key,
					     "not true or false '%s'", value);
		return 0;
	}
	if (!strcmp(key, "samples")) {
		rc = whole(key, value, 100, 1e8, &v, err);
		if (!rc)
			rq->samples = (long)v;
		return rc;
	}
	if (!strcmp(key, "seed")) {
		rc = whole(key, value, 0, 4294967295.0, &v, err);
		if (!rc)
			rq->seed = (unsigned long)v;
		return rc;
	}
	if (!strcmp(key, "tag")) {
		if (!rq->tags &&
		    !(rq->tags = calloc(LCA_RUN_MAX_TAGS, sizeof(*rq->tags))))
			return lca_error_set(err, LCA_ENOMEM, key,
					     "out of memory%s", "");
		return lca_run_tag_parse(rq->tags, &rq->ntags, value, key, err);
	}
	f = lca_field_lookup(key);
	if (f < 0)
		return lca_error_set(err, LCA_EUSAGE, key, "unknown input '%s'",
				     key);
	/* where is the field's own key, never a CLI flag */
	return lca_inputs_set_text(&rq->job.flags, f, value,
				   lca_field_info_get(f)->key, err);
}

/* Empties fp but keeps its plan buffer (112 KB: allocating it again was
 * half of an in-process estimate's time). */
static void clear_footprint(lca_footprint *fp)
{
	struct lca__plan *plan = fp->plan;

	fp->plan = NULL;
	lca_footprint_release(fp);
	lca_footprint_init(fp);
	fp->plan = plan;
}

void lca_request_reset(lca_request *rq)
{
	lca_job_release(&rq->job);
	lca_job_init(&rq->job);
	clear_footprint(&rq->fp);
	free(rq->job_file);
	free(rq->job_json);
	rq->job_file = rq->job_json = NULL;
	rq->ntags = 0;
	rq->uncertainty = rq->computed = rq->loaded = 0;
	rq->samples = 100000;
	rq->seed = 1;
}

int lca_request_compute(lca_catalog *cat, lca_request *rq, lca_error *err)
{
	int rc = 0;

	rq->computed = 0;
	clear_footprint(&rq->fp);
	/* A job file or JSON fills what the set fields leave (once: its
	 * phases would otherwise be added again by a second compute). */
	if (!rq->loaded && rq->job_file)
		rc = lca_job_load_file(&rq->job, rq->job_file, err);
	if (!rc && !rq->loaded && rq->job_json)
		rc = lca_job_parse_json(&rq->job, rq->job_json,
					strlen(rq->job_json), "job", err);
	if (!rc)
		rq->loaded = 1;
	if (!rc)
		rc = lca_compute_totals(cat, &rq->job, &rq->fp, err);
	if (!rc && rq->uncertainty && !rq->unc &&
	    !(rq->unc = malloc(sizeof(*rq->unc))))
		rc = lca_error_set(err, LCA_ENOMEM, "uncertainty",
				   "out of memory");
	if (!rc && rq->uncertainty)
		rc = lca_uncertainty_run(&rq->fp, rq->samples, rq->seed,
					 rq->unc, err);
	if (!rc)
		rq->computed = 1;
	return rc;
}

static int render(const lca_footprint *fp, const lca_uncertainty *unc,
		  const char *format, lca_buf *out, lca_error *err)
{
	const lca_renderer *r = format ? lca_renderer_find(format) : NULL;

	if (!r)
		return lca_error_set(err, LCA_EUSAGE, "format",
				     "unknown format '%s' (expected %s)",
				     format ? format : "",
				     lca_renderer_names());
	return r->render(fp, unc, out, err);
}

int lca_request_render(lca_request *rq, const char *format, lca_buf *out,
		       lca_error *err)
{
	const lca_assumption *as;
	int n;

	if (!rq->computed)
		return lca_error_set(err, LCA_EUSAGE, "request",
				     "nothing computed yet%s", "");
	/* lca_compute_totals left the value texts of numbers unwritten */
	if (lca_footprint_assumptions(&as, &n, &rq->fp))
		return lca_error_set(err, LCA_ENOMEM, "request",
				     "out of memory");
	return render(&rq->fp, rq->uncertainty ? rq->unc : NULL, format, out,
		      err);
}

double lca_request_number(const lca_request *rq, const char *key)
{
	const lca_phase_result *t = &rq->fp.total;

	if (!rq->computed)
		return LCA_NAN;
	if (!strcmp(key, "total_kgco2e"))
		return t->total_kgco2e;
	if (!strcmp(key, "operational_kgco2e"))
		return t->operational_kgco2e;
	if (!strcmp(key, "embodied_kgco2e"))
		return t->embodied_kgco2e;
	if (!strcmp(key, "device_hours"))
		return t->device_hours;
	if (!strcmp(key, "energy_kwh"))
		return t->energy_kwh;
	if (!strcmp(key, "it_energy_kwh"))
		return t->it_energy_kwh;
	if (!strcmp(key, "pue"))
		return t->pue;
	if (!strcmp(key, "grid_gco2_per_kwh"))
		return t->grid_gco2_per_kwh;
	return LCA_NAN;
}

const lca_footprint *lca_request_footprint(const lca_request *rq)
{
	return rq->computed ? &rq->fp : NULL;
}

int lca_request_nassumptions(const lca_request *rq)
{
	return rq->computed ? rq->fp.nassumptions : 0;
}

int lca_request_assumption(lca_request *rq, int i, const char **name,
			   const char **value, double *number,
			   const char **unit, const char **source)
{
	const lca_assumption *as, *a;
	int n;

	if (i < 0 || i >= lca_request_nassumptions(rq))
		return LCA_ERANGE;
	a = &rq->fp.assumptions[i];
	/* a number's text is written on the first read of one */
	if (value && !a->value && lca_footprint_assumptions(&as, &n, &rq->fp))
		return LCA_ENOMEM;
	if (name)
		*name = a->name;
	if (value)
		*value = a->value;
	if (number)
		*number = a->number;
	if (unit)
		*unit = a->unit ? a->unit : "";
	if (source)
		*source = a->source ? a->source : "";
	return 0;
}

int lca_request_assumptions(lca_request *rq, lca_buf *text, double *numbers,
			    int n, lca_error *err)
{
	int i, rc = 0;

	for (i = 0; !rc && i < n && i < lca_request_nassumptions(rq); i++) {
		const lca_assumption *a = &rq->fp.assumptions[i];
		const char *part[4];
		int k;

		numbers[i] = a->number;
		part[0] = a->name;
		part[1] = isnan(a->number) && a->value ? a->value : "";
		part[2] = a->unit ? a->unit : "";
		part[3] = a->source ? a->source : "";
		/* no printf: this is most of a caller's time otherwise */
		for (k = 0; !rc && k < 4; k++) {
			rc = lca_buf_add(text, part[k], strlen(part[k]));
			if (!rc)
				rc = lca_buf_add(text, k < 3 ? "\x1f" : "\x1e",
						 1);
		}
	}
	return rc ? lca_error_set(err, rc, "request", "out of memory") : 0;
}

int lca_request_track(lca_tracker **out, lca_catalog *cat, lca_ledger *l,
		      const lca_request *rq, const char *name,
		      double interval_s, lca_error *err)
{
	lca_track_opts o;

	memset(&o, 0, sizeof(o));
	o.interval_s = interval_s;
	o.ledger = l;
	o.cat = cat;
	o.site = &rq->job.flags;
	o.name = name && *name ? name : "python";
	o.tags = rq->tags;
	o.ntags = rq->ntags;
	return lca_tracker_start(out, &o, err);
}

int lca_tracker_render(const lca_tracker *t, const char *format, lca_buf *out,
		       lca_error *err)
{
	return render(lca_tracker_footprint(t), NULL, format, out, err);
}
