/* SPDX-License-Identifier: MIT */
/* door.c: requests (key/value inputs -> footprint -> rendered text) and
 * error accessors, for embedders without liblca's structs (lca/door.h). */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lca_int.h"
#include "lca/door.h"
#include "lca/ledger.h"
#include "lca/plan.h"
#include "lca/series.h"
#include "../reports/reports.h"
#include "banned.h"

/* Report and plan options (lca_request_set keys), as text. */
enum {
	O_TITLE,
	O_REGIONS,
	O_CMDLINE,
	O_WINDOW,
	O_PAUSE,
	O_STRETCH,
	O_YEAR,
	O_FROM,
	O_TO,
	O_BUDGET,
	O_DEADLINE,
	O_SCOPE,
	O__COUNT
};

static const struct {
	const char *key;
	double min, max; /* a number's range; min > max: not a number */
} options[O__COUNT] = {
    [O_TITLE] = {"title", 1, 0},
    [O_REGIONS] = {"regions", 1, 0},
    [O_CMDLINE] = {"command_line", 1, 0},
    [O_WINDOW] = {"window", 0, 8760},
    [O_PAUSE] = {"pause_resume", 1, 0},
    [O_STRETCH] = {"max_stretch", 1, 100},
    [O_YEAR] = {"year", 1970, 2100},
    [O_FROM] = {"from", 1, 0},
    [O_TO] = {"to", 1, 0},
    [O_BUDGET] = {"budget_kg", 1e-9, 1e12},
    [O_DEADLINE] = {"deadline", 1e-6, 1e6},
    [O_SCOPE] = {"budget_scope", 1, 0},
};

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
	char *opt[O__COUNT];  /* report and plan options, NULL: not set */
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
 * "; note": "pue", "gpu; did you mean 'h100'?", "job.json: phases[0].pue"
 * (a flag spelling of the key too). */
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

static void clear_options(lca_request *rq)
{
	int i;

	for (i = 0; i < O__COUNT; i++) {
		free(rq->opt[i]);
		rq->opt[i] = NULL;
	}
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
	clear_options(rq);
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

static int number(const char *key, const char *value, double min, double max,
		  double *out, lca_error *err)
{
	if (lca_parse_number(value, out))
		return lca_error_set(err, LCA_EUSAGE, key, "not a number '%s'",
				     value);
	if (*out < min || *out > max)
		return lca_error_set(err, LCA_ERANGE, key,
				     "'%s' out of range (%g to %g)", value, min,
				     max);
	return 0;
}

static int truth(const char *key, const char *value, int *out, lca_error *err)
{
	if (!strcmp(value, "1") || !strcmp(value, "true") ||
	    !strcmp(value, "on"))
		*out = 1;
	else if (!strcmp(value, "0") || !strcmp(value, "false") ||
		 !strcmp(value, "off"))
		*out = 0;
	else
		return lca_error_set(err, LCA_EUSAGE, key,
				     "not true or false '%s'", value);
	return 0;
}

/* A report or plan option: checked, then kept as text; 1 when key is not
 * one. */
static int set_option(lca_request *rq, const char *key, const char *value,
		      lca_error *err)
{
	char k[32];
	double v;
	int i, on, rc = 0;

	for (i = 0; key[i] && i < (int)sizeof(k) - 1; i++)
		k[i] = key[i] == '-' ? '_' : key[i];
	k[i] = '\0';
	for (i = 0; i < O__COUNT && strcmp(options[i].key, k); i++)
		;
	if (i == O__COUNT)
		return 1;
	if (options[i].min <= options[i].max)
		rc = number(options[i].key, value, options[i].min,
			    options[i].max, &v, err);
	else if (i == O_PAUSE)
		rc = truth(options[i].key, value, &on, err);
	else if (i == O_SCOPE && strcmp(value, "total") &&
		 strcmp(value, "operational"))
		rc = lca_error_set(err, LCA_EUSAGE, options[i].key,
				   "unknown scope '%s' (expected total or "
				   "operational)",
				   value);
	if (!rc)
		rc = set_string(&rq->opt[i], value, err);
	if (!rc && i == O_STRETCH) /* a stretch is pause-resume's */
		rc = set_string(&rq->opt[O_PAUSE], "1", err);
	return rc;
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
	if (f < 0 && (rc = set_option(rq, key, value, err)) != 1)
		return rc;
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
	clear_options(rq);
	rq->uncertainty = rq->computed = rq->loaded = 0;
	rq->samples = 100000;
	rq->seed = 1;
}

/* A job file or JSON fills what the set fields leave (once: its phases
 * would otherwise be added again by a second compute). */
static int load(lca_request *rq, lca_error *err)
{
	int rc = 0;

	if (!rq->loaded && rq->job_file)
		rc = lca_job_load_file(&rq->job, rq->job_file, err);
	if (!rc && !rq->loaded && rq->job_json)
		rc = lca_job_parse_json(&rq->job, rq->job_json,
					strlen(rq->job_json), "job", err);
	if (!rc)
		rq->loaded = 1;
	return rc;
}

int lca_request_compute(lca_catalog *cat, lca_request *rq, lca_error *err)
{
	int rc;

	rq->computed = 0;
	clear_footprint(&rq->fp);
	rc = load(rq, err);
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

/* ------------------------------------------------------------------ */
/* Reports, plans, audits                                              */
/* ------------------------------------------------------------------ */

int lca_request_report(lca_catalog *cat, lca_request *rq, const char *format,
		       lca_buf *out, lca_error *err)
{
	const lca__format *f;
	lca_buf inputs = {0};
	int rc = lca__format_get(format, LCA__K_REPORT, &f, err);

	if (rc)
		return rc;
	rq->computed = 0;
	clear_footprint(&rq->fp);
	rc = load(rq, err);
	if (!rc)
		rc = lca_compute(cat, &rq->job, &rq->fp, err);
	if (rc)
		return rc;
	rq->computed = 1;
	if (lca__report_inputs(&inputs, rq->job_file, &rq->job))
		rc = lca_error_set(err, LCA_ENOMEM, "report", "out of memory");
	if (!rc)
		rc = lca__report_footprint(
		    cat, &rq->fp, &rq->job,
		    rq->opt[O_TITLE] ? rq->opt[O_TITLE] : rq->fp.phase[0].name,
		    rq->opt[O_REGIONS], rq->opt[O_CMDLINE],
		    lca_buf_cstr(&inputs), format, out, err);
	lca_buf_release(&inputs);
	return rc;
}

#define MAX_REGIONS 256

/* "A,B" or "all" into o (regions point into text, modified). */
static int split_regions(char *text, const char **regions, lca_plan_opts *o,
			 lca_error *err)
{
	char *s, *tok, *save = NULL;
	const char *value = options[O_REGIONS].key;

	for (s = text; (tok = strtok_r(s, ",", &save)); s = NULL) {
		while (*tok == ' ')
			tok++;
		if (!*tok)
			continue;
		if (!strcmp(tok, "all")) {
			o->all_regions = 1;
			continue;
		}
		if (o->nregions == MAX_REGIONS)
			return lca_error_set(err, LCA_ERANGE, value,
					     "more than %d regions",
					     MAX_REGIONS);
		regions[o->nregions++] = tok;
	}
	if (!o->nregions && !o->all_regions)
		return lca_error_set(err, LCA_EUSAGE, value,
				     "no region in '%s'", text);
	o->regions = regions;
	return 0;
}

/* The submissions a plan evaluates: a year, from [.. to], or this hour. */
static int period(const lca_request *rq, lca_plan_opts *o, lca_error *err)
{
	const lca_inputs *in = &rq->job.flags;
	const char *start = in->set[LCA_F_START] ? in->str[LCA_F_START] : NULL;
	const char *from = rq->opt[O_FROM], *to = rq->opt[O_TO];
	double year = 0;
	long long t;

	if (rq->opt[O_YEAR])
		lca_parse_number(rq->opt[O_YEAR], &year);
	if (year > 0 && (from || to || start))
		return lca_error_set(err, LCA_EUSAGE, "year",
				     "give year or from/to, not both");
	if (from && start)
		return lca_error_set_field(err, LCA_EUSAGE, LCA_F_START,
					   "start",
					   "give from or start, not both");
	if (!from)
		from = start;
	if (year > 0) {
		char y[40];
		if (year != floor(year))
			return lca_error_set(err, LCA_EUSAGE, "year",
					     "not a whole year '%g'", year);
		lca__fmt(y, sizeof(y), "%.0f-01-01T00:00Z", year);
		lca_time_parse(y, &o->from);
		lca__fmt(y, sizeof(y), "%.0f-01-01T00:00Z", year + 1);
		lca_time_parse(y, &o->to);
		return 0;
	}
	if (from) {
		if (lca_time_parse(from, &t))
			return lca_error_set_field(
			    err, LCA_EUSAGE, start == from ? LCA_F_START : -1,
			    start == from ? "start" : "from",
			    "not an ISO 8601 time '%s'", from);
	} else {
		t = (long long)time(NULL);
	}
	o->from = t - ((t % 3600) + 3600) % 3600; /* the hour */
	if (to) {
		if (lca_time_parse(to, &t))
			return lca_error_set(err, LCA_EUSAGE, "to",
					     "not an ISO 8601 time '%s'", to);
		if (t <= o->from)
			return lca_error_set(err, LCA_EUSAGE, "to",
					     "'%s' is not after from", to);
		o->to = t;
	}
	return 0;
}

static double opt_number(const lca_request *rq, int i)
{
	double v = 0;

	if (rq->opt[i])
		lca_parse_number(rq->opt[i], &v);
	return v;
}

int lca_request_plan(lca_catalog *cat, lca_request *rq, const char *format,
		     lca_buf *out, lca_error *err)
{
	const lca__format *f;
	const char **regions = NULL;
	char *text = NULL;
	lca_plan_opts o;
	lca_budget_opts b;
	lca_plan_result res;
	lca_budget_result bud;
	int budget = rq->opt[O_BUDGET] != NULL, rc = 0, on = 0;

	memset(&o, 0, sizeof(o));
	memset(&b, 0, sizeof(b));
	memset(&res, 0, sizeof(res));
	memset(&bud, 0, sizeof(bud));
	if (budget &&
	    (!format || (strcmp(format, "text") && strcmp(format, "json"))))
		return lca_error_set(err, LCA_EUSAGE, "format",
				     "unknown format '%s' (expected text, "
				     "json)",
				     format ? format : "");
	if (!budget && (rc = lca__format_get(format, LCA__K_PLAN, &f, err)))
		return rc;
	if (rq->opt[O_REGIONS]) {
		text = strdup(rq->opt[O_REGIONS]);
		regions = calloc(MAX_REGIONS, sizeof(*regions));
		if (!text || !regions)
			rc = lca_error_set(err, LCA_ENOMEM, "plan",
					   "out of memory");
		if (!rc)
			rc = split_regions(text, regions, &o, err);
	}
	if (!rc && rq->opt[O_PAUSE])
		truth(options[O_PAUSE].key, rq->opt[O_PAUSE], &on, NULL);
	o.pause_resume = on;
	o.window_h = opt_number(rq, O_WINDOW);
	o.max_stretch = opt_number(rq, O_STRETCH);
	b.budget_kg = opt_number(rq, O_BUDGET);
	b.deadline_h = opt_number(rq, O_DEADLINE);
	b.operational =
	    rq->opt[O_SCOPE] && !strcmp(rq->opt[O_SCOPE], "operational");
	if (!rc)
		rc = load(rq, err);
	/* the gap a series may be interpolated over: the job's, else 3 h */
	o.max_gap_h = rq->job.flags.set[LCA_F_MAX_GAP]
			  ? rq->job.flags.num[LCA_F_MAX_GAP]
			  : 3;
	if (rq->job.flags.set[LCA_F_SIGNAL])
		o.signal = rq->job.flags.str[LCA_F_SIGNAL];
	if (!rc && budget) {
		if (o.nregions || o.all_regions || o.window_h > 0 ||
		    o.pause_resume)
			rc = lca_error_set(err, LCA_EUSAGE, "budget_kg",
					   "budget mode takes one region; plan "
					   "regions and windows separately");
		if (!rc)
			rc = lca_plan_budget(cat, &rq->job, &b, &bud, err);
		if (!rc)
			rc = lca_budget_render(&bud, format, out, err);
	} else if (!rc) {
		if (b.deadline_h > 0)
			rc = lca_error_set(err, LCA_EUSAGE, "deadline",
					   "deadline belongs to budget mode "
					   "(budget_kg)");
		if (!rc)
			rc = period(rq, &o, err);
		if (!rc)
			rc = lca_plan_run(cat, &rq->job, &o, &res, err);
		if (!rc)
			rc = lca_plan_render(&res, format, out, err);
	}
	lca_plan_release(&res);
	lca_budget_release(&bud);
	free(regions);
	free(text);
	return rc;
}

/* The claims of q, picked by id from the shipped ones when q names ids. */
static int load_claims(lca_catalog *cat, const lca_audit_query *q,
		       lca_claim **claims, int *n, lca_error *err)
{
	const char *ship = "datasets/claims/published_claims.json";
	lca_claim *all = NULL, *picked;
	lca_buf path = {0};
	int i, j, nall = 0, rc;

	*claims = NULL;
	*n = 0;
	if (q->claims_file)
		return lca_claims_load_file(claims, n, q->claims_file, err);
	if (q->claims_json)
		return lca_claims_parse_json(claims, n, q->claims_json,
					     strlen(q->claims_json), "claims",
					     err);
	rc = lca_buf_printf(&path, "%s/claims/published_claims.json",
			    lca_catalog_datasets(cat));
	rc = rc ? lca_error_set(err, LCA_ENOMEM, "audit", "out of memory")
		: lca_claims_load_file(&all, &nall, lca_buf_cstr(&path), err);
	lca_buf_release(&path);
	if (rc || q->all) {
		*claims = all;
		*n = rc ? 0 : nall;
		return rc;
	}
	picked = calloc((size_t)q->nids + 1, sizeof(*picked));
	if (!picked) {
		free(all);
		return lca_error_set(err, LCA_ENOMEM, "audit", "out of memory");
	}
	for (i = 0; !rc && i < q->nids; i++) {
		for (j = 0; j < nall && strcmp(all[j].id, q->ids[i]); j++)
			;
		if (j == nall)
			rc = lca_error_set(err, LCA_ENOTFOUND, ship,
					   "unknown claim '%s'", q->ids[i]);
		else
			picked[i] = all[j];
	}
	free(all);
	if (rc) {
		free(picked);
		return rc;
	}
	*claims = picked;
	*n = q->nids;
	return 0;
}

int lca_audit_query_render(lca_catalog *cat, const lca_audit_query *q,
			   const char *format, lca_buf *out, lca_error *err)
{
	lca_claim *claims = NULL;
	lca_audit_result *res = NULL;
	int n = 0, i, done_n = 0, rc;

	/* the renderer names the formats it knows */
	if (!lca_audit_format_known(format))
		return lca_audit_render(out, format, NULL, NULL, 0, err);
	if ((q->claims_file != NULL) + (q->claims_json != NULL) +
		(q->nids > 0) + (q->all != 0) !=
	    1)
		return lca_error_set(err, LCA_EUSAGE, "audit",
				     "give claim ids, claims or all (exactly "
				     "one)");
	rc = load_claims(cat, q, &claims, &n, err);
	if (!rc && !(res = calloc((size_t)n + 1, sizeof(*res))))
		rc = lca_error_set(err, LCA_ENOMEM, "audit", "out of memory");
	for (i = 0; !rc && i < n; i++) {
		rc = lca_audit_claim(cat, &claims[i], &res[i], err);
		if (!rc)
			done_n = i + 1;
	}
	if (!rc)
		rc = lca_audit_render(out, format, claims, res, n, err);
	for (i = 0; i < done_n; i++)
		lca_audit_result_release(&res[i]);
	free(res);
	free(claims);
	return rc;
}
