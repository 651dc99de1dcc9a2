/* SPDX-License-Identifier: MIT */
/* profile.c: a short profile of a job (a run in the ledger, or a log) read
 * for extrapolation to the whole job (models/model_profile.c). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lca_int.h"
#include "ledger_store.h"
#include "banned.h"

static int take_first(lca_run *r, void *ud, lca_error *err)
{
	lca_run *out = ud;

	(void)err;
	if (out->ndev == 0 && isnan(out->energy_kwh)) {
		*out = *r; /* its hours move to out: the ingest keeps none */
		r->hour_j = NULL;
		r->hour_alloc = r->nhours = 0;
	}
	return 0;
}

/* A profile's per-interval sums, fed one sample time at a time. */
typedef struct interval_acc {
	lca_ledger *l;
	double t0, prev, sum, sum2, j, n;
	int got_samples;
} interval_acc;

/* One sample time's joules, summed over its devices. */
static int add_interval(const lca__row *row, void *ud)
{
	interval_acc *a = ud;
	double t = lca__ledger_num(a->l, row, 0);
	double e = lca__ledger_num(a->l, row, 1);
	double dt = t - a->prev;

	a->got_samples = 1;
	a->prev = t;
	if (t - dt < a->t0 - 1e-9 || dt <= 0)
		return 0; /* interval starts inside the warm-up */
	a->j += e;
	a->sum += e / dt;
	a->sum2 += (e / dt) * (e / dt);
	a->n++;
	return 0;
}

static int profile_from_run(lca_ledger *l, long long id, double warmup_s,
			    lca_profile *p, lca_run *r, lca_error *err)
{
	interval_acc a = {0};
	lca__args args = {0};
	double sum, sum2, j, n;
	int rc, got_samples;

	rc = lca_ledger_get_run(l, id, r, err);
	if (rc)
		return rc;
	a.l = l;
	a.t0 = r->start + warmup_s;
	a.prev = r->start;
	lca__arg_int(&args, id);
	rc =
	    lca__ledger_query(l,
			      "SELECT t, coalesce(sum(joules), 0) FROM samples "
			      "WHERE run_id=$1 GROUP BY t ORDER BY t",
			      &args, add_interval, &a, err);
	if (rc)
		return rc;
	sum = a.sum;
	sum2 = a.sum2;
	j = a.j;
	n = a.n;
	got_samples = a.got_samples;
	p->cv = LCA_NAN;
	if (!n && !got_samples) {
		/* An ingested run keeps its totals, not per-interval samples:
		 * the profile is the whole run. */
		if (warmup_s > 0)
			return lca_error_set(err, LCA_EUSAGE, "warmup",
					     "run %lld has totals only, no "
					     "readings to leave a warm-up out "
					     "of (set warmup to 0)",
					     id);
		p->energy_kwh = r->energy_kwh;
		p->seconds = r->end - r->start;
		p->intervals = 0;
		return 0;
	}
	p->energy_kwh = j / 3.6e6;
	p->seconds = n ? r->end - a.t0 : 0;
	p->intervals = (long long)n;
	if (n >= 2 && sum > 0) {
		double mean = sum / n;
		double var = (sum2 - n * mean * mean) / (n - 1);
		p->cv = sqrt(var > 0 ? var : 0) / mean;
	}
	return 0;
}

int lca_profile_load(lca_ledger *l, const char *ref, double warmup_s,
		     lca_profile *p, lca_run *r, lca_error *err)
{
	lca_ingest_opts o = {NULL, 60.0, 0};
	char *end;
	long long id = strtoll(ref, &end, 10);
	int rc;

	p->warmup_s = warmup_s;
	if (*ref && !*end && l)
		return profile_from_run(l, id, warmup_s, p, r, err);
	o.warmup_s = warmup_s;
	lca_run_init(r);
	r->energy_kwh = LCA_NAN;
	rc = lca_ingest_file(ref, &o, take_first, r, err);
	if (rc)
		return rc;
	p->energy_kwh = r->energy_kwh;
	p->seconds = r->end - r->start - warmup_s;
	p->intervals = 0;
	p->cv = LCA_NAN;
	return 0;
}
