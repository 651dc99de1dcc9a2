/* SPDX-License-Identifier: MIT */
/* job.c: the job inputs table, their ranges, and the job-file parser. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "lca_int.h"
#include "lca/series.h"
#include "banned.h"

void lca_job_init(lca_job *job)
{
	memset(job, 0, sizeof(*job));
}

static void inputs_release(lca_inputs *in)
{
	int i;

	for (i = 0; i < LCA_F__COUNT; i++) {
		free(in->str[i]);
		in->str[i] = NULL;
	}
}

void lca_job_release(lca_job *job)
{
	int i;

	inputs_release(&job->flags);
	inputs_release(&job->base);
	for (i = 0; i < LCA_MAX_PHASES; i++)
		inputs_release(&job->phase[i]);
	job->nphases = 0;
}

static int check_string(int field, const char *text, const char *where,
			lca_error *err)
{
	static const char *const phases[] = {"training", "inference",
					     "experiments", NULL};
	static const char *const models[] = {"per-device", "die-area", "none",
					     NULL};
	static const char *const precisions[] = {"bf16", "fp16", "fp8",
						 "tf32", "fp32", NULL};
	static const char *const signals[] = {"lifecycle", "direct", "average",
					      "marginal", NULL};
	const char *const *allowed = NULL;
	size_t i;

	if (!*text)
		return lca_error_set(err, LCA_EUSAGE, where, "empty value");
	if (strlen(text) > 200)
		return lca_error_set(err, LCA_EUSAGE, where,
				     "value too long (over 200 characters)");
	if (field == LCA_F_PHASE)
		allowed = phases;
	else if (field == LCA_F_EMBODIED_MODEL)
		allowed = models;
	else if (field == LCA_F_PRECISION)
		allowed = precisions;
	else if (field == LCA_F_SIGNAL)
		allowed = signals;
	if (field == LCA_F_START) {
		long long t;
		if (lca_time_parse(text, &t))
			return lca_error_set(err, LCA_EUSAGE, where,
					     "unparsable time '%s' (ISO 8601, "
					     "e.g. 2023-06-01T14:00Z)",
					     text);
	}
	if (!allowed)
		return 0;
	for (i = 0; allowed[i]; i++)
		if (!strcmp(allowed[i], text))
			return 0;
	{
		char list[160] = "";
		size_t len = 0;
		for (i = 0; allowed[i]; i++)
			len +=
			    (size_t)snprintf(list + len, sizeof(list) - len,
					     "%s%s", i ? ", " : "", allowed[i]);
		return lca_error_set(err, LCA_EUSAGE, where,
				     "unknown value '%s' (expected %s)", text,
				     list);
	}
}

/* Units worth printing in a range hint (counts and ratios read better bare). */
static const char *hint_unit(const char *unit)
{
	static const char *const bare[] = {
	    "ratio",	"fraction", "devices",	       "parameters", "tokens",
	    "requests", "sockets",  "fraction of TDP", NULL};
	int i;

	for (i = 0; bare[i]; i++)
		if (!strcmp(unit, bare[i]))
			return "";
	return unit;
}

static int inputs_set_number(lca_inputs *in, int field, double v,
			     const char *where, lca_error *err)
{
	const lca_field_info *fi = lca_field_info_get(field);
	char lim[32], hint[200];
	const char *unit;

	if (!fi || fi->is_string)
		return lca_error_set(err, LCA_EUSAGE, where,
				     "expected text, not a number");
	if (!isfinite(v))
		return lca_error_set(err, LCA_ERANGE, where,
				     "not a finite number");
	unit = hint_unit(fi->unit);
	if (v < fi->min || (fi->min_exclusive && v == fi->min)) {
		lca__num(lim, sizeof(lim), fi->min, 6);
		lca__fmt(hint, sizeof(hint), "%s; must be %s %s%s%s", where,
			 fi->min_exclusive ? "above" : "at least", lim,
			 *unit ? " " : "", unit);
		return lca_error_set(err, LCA_ERANGE, hint, "%s %s '%.6g'",
				     v < 0 ? "negative" : "too small", fi->key,
				     v);
	}
	if (v > fi->max) {
		lca__num(lim, sizeof(lim), fi->max, 6);
		lca__fmt(hint, sizeof(hint), "%s; must be at most %s%s%s",
			 where, lim, *unit ? " " : "", unit);
		return lca_error_set(err, LCA_ERANGE, hint, "absurd %s '%.6g'",
				     fi->key, v);
	}
	in->num[field] = v;
	in->lo[field] = in->hi[field] = v;
	in->range[field] = 0;
	in->set[field] = 1;
	return 0;
}

/* Every error about the input carries its field id. */
int lca_inputs_set_number(lca_inputs *in, int field, double v,
			  const char *where, lca_error *err)
{
	int rc = inputs_set_number(in, field, v, where, err);

	if (rc && err)
		err->field = field >= 0 && field < LCA_F__COUNT ? field : -1;
	return rc;
}

static int parse_value(int field, const char *text, double *v)
{
	return lca_field_is_count(field) ? lca_parse_count(text, v)
					 : lca_parse_number(text, v);
}

/* "where; accepted: ..." for an unparsable number. */
static const char *forms(int field, const char *where, char *buf)
{
	lca__fmt(buf, 200, "%s; %s", where,
		 lca_field_is_count(field) ? LCA_COUNT_FORMS
					   : LCA_NUMBER_FORMS);
	return buf;
}

static int inputs_set_text(lca_inputs *in, int field, const char *text,
			   const char *where, lca_error *err)
{
	const lca_field_info *fi = lca_field_info_get(field);
	char hint[200];
	double v;
	int rc;
	char *copy;

	if (!fi)
		return lca_error_set(err, LCA_EUSAGE, where, "unknown input");
	if (!fi->is_string) {
		const char *colon = strchr(text, ':');
		if (colon && colon != text) {
			/* a range "lo:hi" for the uncertainty analysis */
			char lo_text[64];
			double lo, hi;
			size_t n = (size_t)(colon - text);
			if (n >= sizeof(lo_text) ||
			    (memcpy(lo_text, text, n), lo_text[n] = '\0',
			     parse_value(field, lo_text, &lo)) ||
			    parse_value(field, colon + 1, &hi))
				return lca_error_set(
				    err, LCA_EUSAGE, forms(field, where, hint),
				    "not a %s or a range lo:hi '%s'",
				    lca_field_is_count(field) ? "count"
							      : "number",
				    text);
			rc = lca_inputs_set_number(in, field, lo, where, err);
			if (!rc)
				rc = lca_inputs_set_number(in, field, hi, where,
							   err);
			if (rc)
				return rc;
			if (lo > hi)
				return lca_error_set(err, LCA_EUSAGE, where,
						     "range upside down '%s' "
						     "(write lo:hi)",
						     text);
			in->num[field] = 0.5 * (lo + hi);
			in->lo[field] = lo;
			in->hi[field] = hi;
			in->range[field] = lo < hi;
			return 0;
		}
		if (parse_value(field, text, &v))
			return lca_error_set(
			    err, LCA_EUSAGE, forms(field, where, hint),
			    "not a %s '%s'",
			    lca_field_is_count(field) ? "count" : "number",
			    text);
		return lca_inputs_set_number(in, field, v, where, err);
	}
	rc = check_string(field, text, where, err);
	if (rc)
		return rc;
	copy = strdup(text);
	if (!copy)
		return lca_error_set(err, LCA_ENOMEM, where, "out of memory");
	free(in->str[field]);
	in->str[field] = copy;
	in->set[field] = 1;
	return 0;
}

/* Every error about the input carries its field id. */
int lca_inputs_set_text(lca_inputs *in, int field, const char *text,
			const char *where, lca_error *err)
{
	int rc = inputs_set_text(in, field, text, where, err);

	if (rc && err)
		err->field = field >= 0 && field < LCA_F__COUNT ? field : -1;
	return rc;
}

/* Byte offset -> "line L, column C" for JSON syntax errors. */
static void json_pos(const char *text, size_t off, int *line, int *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = 0; i < off && text[i]; i++) {
		if (text[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

static int parse_inputs(lca_inputs *in, const cJSON *obj, const char *name,
			const char *prefix, int allow_phases, lca_job *job,
			lca_error *err)
{
	const cJSON *it;
	char where[160];
	int rc;

	cJSON_ArrayForEach (it, obj) {
		int field;

		lca__fmt(where, sizeof(where), "%s: %s%s", name, prefix,
			 it->string ? it->string : "?");
		if (!it->string)
			return lca_error_set(err, LCA_EDATA, where,
					     "member without a name");
		if (allow_phases && !strcmp(it->string, "phases"))
			continue;
		if (!strcmp(it->string, "comment") ||
		    !strcmp(it->string, "source") ||
		    !strcmp(it->string, "description"))
			continue; /* free text for people, ignored */
		field = lca_field_lookup(it->string);
		if (field < 0)
			return lca_error_set(err, LCA_EDATA, where,
					     "unknown field '%s'", it->string);
		if (lca_field_info_get(field)->is_string) {
			if (!cJSON_IsString(it))
				return lca_error_set(err, LCA_EDATA, where,
						     "expected a string");
			rc = lca_inputs_set_text(in, field, it->valuestring,
						 where, err);
		} else if (cJSON_IsNumber(it)) {
			rc = lca_inputs_set_number(in, field, it->valuedouble,
						   where, err);
		} else if (cJSON_IsString(it)) {
			/* "176e9" as a string is accepted like a flag */
			rc = lca_inputs_set_text(in, field, it->valuestring,
						 where, err);
		} else {
			return lca_error_set(err, LCA_EDATA, where,
					     "expected a number");
		}
		if (rc)
			return rc;
	}
	(void)job;
	return 0;
}

int lca_job_parse_json(lca_job *job, const char *text, size_t len,
		       const char *name, lca_error *err)
{
	cJSON *root = NULL;
	const cJSON *phases;
	const char *end = NULL;
	char where[160];
	int rc = 0, i, n;

	root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
	if (root && end) {
		/* only white space may follow the object */
		const char *p = end;
		while (p < text + len &&
		       (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
			p++;
		if (p < text + len) {
			int line, col;
			json_pos(text, (size_t)(p - text), &line, &col);
			lca__fmt(where, sizeof(where), "%s: line %d, column %d",
				 name, line, col);
			rc = lca_error_set(err, LCA_EDATA, where,
					   "unexpected text after the json "
					   "object");
			goto done;
		}
	}
	if (!root) {
		int line, col;
		const char *ep = cJSON_GetErrorPtr();
		size_t off = (ep && ep >= text && ep <= text + len)
				 ? (size_t)(ep - text)
				 : len;
		json_pos(text, off, &line, &col);
		lca__fmt(where, sizeof(where), "%s: line %d, column %d", name,
			 line, col);
		rc = lca_error_set(err, LCA_EDATA, where,
				   off >= len ? "truncated json"
					      : "malformed json");
		goto done;
	}
	if (!cJSON_IsObject(root)) {
		rc = lca_error_set(err, LCA_EDATA, name,
				   "a job file must hold one json object");
		goto done;
	}
	rc = parse_inputs(&job->base, root, name, "", 1, job, err);
	if (rc)
		goto done;
	phases = cJSON_GetObjectItemCaseSensitive(root, "phases");
	if (!phases)
		goto done;
	if (!cJSON_IsArray(phases)) {
		lca__fmt(where, sizeof(where), "%s: phases", name);
		rc = lca_error_set(err, LCA_EDATA, where, "expected an array");
		goto done;
	}
	n = cJSON_GetArraySize(phases);
	if (n > LCA_MAX_PHASES) {
		lca__fmt(where, sizeof(where), "%s: phases", name);
		rc = lca_error_set(err, LCA_EDATA, where,
				   "too many phases (%d; at most %d)", n,
				   LCA_MAX_PHASES);
		goto done;
	}
	for (i = 0; i < n; i++) {
		const cJSON *ph = cJSON_GetArrayItem(phases, i);
		char prefix[32];

		lca__fmt(prefix, sizeof(prefix), "phases[%d].", i);
		if (!cJSON_IsObject(ph)) {
			lca__fmt(where, sizeof(where), "%s: phases[%d]", name,
				 i);
			rc = lca_error_set(err, LCA_EDATA, where,
					   "expected an object");
			goto done;
		}
		rc = parse_inputs(&job->phase[job->nphases], ph, name, prefix,
				  0, job, err);
		if (rc)
			goto done;
		job->nphases++;
	}
done:
	cJSON_Delete(root);
	return rc;
}

int lca_job_load_file(lca_job *job, const char *path, lca_error *err)
{
	char *text = NULL;
	size_t len = 0;
	int rc;

	rc = lca__read_file(path, 4u << 20, &text, &len, err);
	if (rc)
		return rc;
	if (len == 0)
		rc = lca_error_set(err, LCA_EDATA, path, "empty job file");
	else
		rc = lca_job_parse_json(job, text, len, path, err);
	free(text);
	return rc;
}

const lca_inputs *lca_job_input(const lca_job *job, int phase, int field)
{
	const lca_inputs *in;

	if (field < 0 || field >= LCA_F__COUNT)
		return NULL;
	if (job->flags.set[field])
		return &job->flags;
	if (job->under) {
		if (job->cleared[field] == LCA_CLEAR_ALL)
			return NULL;
		in = lca_job_input(job->under, phase, field);
		if (in && job->cleared[field] == LCA_CLEAR_FILE &&
		    !lca_job_is_flags(job->under, in))
			return NULL;
		return in;
	}
	if (phase >= 0 && phase < job->nphases && job->phase[phase].set[field])
		return &job->phase[phase];
	if (job->base.set[field])
		return &job->base;
	return NULL;
}

int lca_job_is_flags(const lca_job *job, const lca_inputs *in)
{
	for (; job && in; job = job->under)
		if (in == &job->flags)
			return 1;
	return 0;
}

void lca_job_overlay(lca_job *ov, const lca_job *under)
{
	lca_job_init(ov);
	ov->under = under;
	ov->nphases = under->nphases;
	ov->hour_weights = under->hour_weights;
	ov->nhour_weights = under->nhour_weights;
}

void lca_job_clear(lca_job *ov, int field, int how)
{
	if (field < 0 || field >= LCA_F__COUNT)
		return;
	free(ov->flags.str[field]);
	ov->flags.str[field] = NULL;
	ov->flags.set[field] = 0;
	ov->flags.range[field] = 0;
	ov->cleared[field] = (unsigned char)how;
}
