/* SPDX-License-Identifier: MIT */
/* model_ctx.c: what a model reads and writes while it works (models.h): the
 * phase's inputs by precedence, the catalog, the accelerator, the plan and
 * the assumptions. */
#include <string.h>

#include "models.h"
#include "../engine/lca_int.h"
#include "../engine/banned.h"

/* m->phase is &job->phase[i], or an empty phase for a job without. */
const lca_inputs *lca__source(const lca_mctx *m, int f)
{
	int i =
	    m->job->nphases && m->phase ? (int)(m->phase - m->job->phase) : -1;

	return lca_job_input(m->job, i, f);
}

int lca__has(const lca_mctx *m, int f)
{
	return lca__source(m, f) != NULL;
}

double lca__get(const lca_mctx *m, int f)
{
	const lca_inputs *in = lca__source(m, f);
	return in ? in->num[f] : LCA_NAN;
}

const char *lca__gets(const lca_mctx *m, int f)
{
	const lca_inputs *in = lca__source(m, f);
	return in ? in->str[f] : NULL;
}

/* Where a field's value came from, as the assumptions name it: written
 * out for every field at compile time, so no buffer is shared. */
#define ORIGIN_FLAG(id, key, type) "user (" key ")",
#define ORIGIN_FILE(id, key, type) "user (job file: " key ")",
#define WHERE_FILE(id, key, type)  "job file: " key,
static const char *const origin_flag[LCA_F__COUNT] = {
    LCA_FIELD_MAP(ORIGIN_FLAG)};
static const char *const origin_file[LCA_F__COUNT] = {
    LCA_FIELD_MAP(ORIGIN_FILE)};
static const char *const where_file[LCA_F__COUNT] = {LCA_FIELD_MAP(WHERE_FILE)};
#undef ORIGIN_FLAG
#undef ORIGIN_FILE
#undef WHERE_FILE

const char *lca__origin(const lca_mctx *m, int f)
{
	if (f < 0 || f >= LCA_F__COUNT)
		return "user";
	return lca_job_is_flags(m->job, lca__source(m, f)) ? origin_flag[f]
							   : origin_file[f];
}

const char *lca__where(const lca_mctx *m, int f)
{
	return lca_job_is_flags(m->job, lca__source(m, f))
		   ? lca_field_info_get(f)->key
		   : where_file[f];
}

int lca__blame(lca_mctx *m, int f, int rc)
{
	const char *key = lca_field_info_get(f)->key;
	size_t n = strlen(key);

	if (rc && m->err && m->err->field < 0 &&
	    !strncmp(m->err->where, key, n) && strchr(" ;,)", m->err->where[n]))
		m->err->field = f;
	return rc;
}

lca_catalog *lca__cat(const lca_mctx *m)
{
	return m->cat;
}

const lca_accel *lca__accel(const lca_mctx *m)
{
	return m->has_accel ? &m->accel : NULL;
}

lca_error *lca__err(const lca_mctx *m)
{
	return m->err;
}

int lca__optional(lca_mctx *m, int rc, const lca_error *e2)
{
	if (rc == LCA_EDB) {
		if (m->err && m->err != e2)
			*m->err = *e2;
		return rc;
	}
	return rc ? 1 : 0;
}

int lca__assume(lca_mctx *m, const char *name, double number, const char *text,
		const char *unit, const char *source)
{
	char full[128];

	if (m->prefix[0]) {
		size_t p = strlen(m->prefix);
		memcpy(full, m->prefix, p);
		lca__strlcpy(full + p, name, sizeof(full) - p);
		name = full;
	}
	if (lca__footprint_add(m->fp, name, number, text, unit, source, 1))
		return lca_error_set(m->err, LCA_ENOMEM, "assumptions",
				     "out of memory");
	return 0;
}

lca_phase_plan *lca__plan(lca_mctx *m)
{
	return m->plan;
}

void lca__param(lca_mctx *m, int param, double v, const lca_dist *d)
{
	m->plan->v[param] = v;
	if (d)
		m->plan->d[param] = *d;
	else
		memset(&m->plan->d[param], 0, sizeof(lca_dist));
}

double lca__param_from_field(lca_mctx *m, int param, int field)
{
	const lca_inputs *in = lca__source(m, field);
	lca_dist d;

	memset(&d, 0, sizeof(d));
	if (in && in->range[field]) {
		d.kind = LCA_D_UNIFORM;
		d.a = in->lo[field];
		d.b = in->hi[field];
		lca__fmt(d.source, sizeof(d.source), "%s, a range",
			 lca__origin(m, field));
	}
	lca__param(m, param, lca__get(m, field), &d);
	return m->plan->v[param];
}
