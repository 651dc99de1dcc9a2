/* SPDX-License-Identifier: MIT */
/* profile.c: lca estimate --profile, a short measured profile extrapolated
 * to the whole job through the same lifecycle computation. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "../banned.h"

void cli_profile_init(cli_profile *p)
{
	memset(p, 0, sizeof(*p));
	p->k = p->n = p->fraction = LCA_NAN;
	p->warmup = 0;
}

int cli_profile_set(cli_profile *p, int i, const char *value, lca_error *err)
{
	static const char *const names[] = {
	    "--profile",	   "--steps-measured", "--steps-total",
	    "--measured-fraction", "--warmup",	       "--db"};
	double v = 0;

	if (i == 0) {
		p->ref = value;
		return 0;
	}
	if (i == 5) {
		p->db = value;
		return 0;
	}
	/* steps are counts (--steps-total 1.2M) */
	if ((i == 1 || i == 2 ? lca_parse_count(value, &v)
			      : lca_parse_number(value, &v)) ||
	    v < 0)
		return lca_error_set(err, LCA_EUSAGE, names[i],
				     "not a non-negative number '%s'", value);
	if (i == 1)
		p->k = v;
	else if (i == 2)
		p->n = v;
	else if (i == 3)
		p->fraction = v;
	else
		p->warmup = v;
	return 0;
}

int cli_profile_apply(cli_ctx *ctx, const cli_profile *p, lca_job *job,
		      lca_footprint *fp)
{
	static lca_run r;
	lca_ledger *l = NULL;
	lca_profile prof;
	lca_extrapolation x;
	lca_footprint tmp;
	char *end;
	int rc, i;

	lca_footprint_init(&tmp);
	memset(&prof, 0, sizeof(prof));
	prof.steps_measured = p->k;
	prof.steps_total = p->n;
	prof.fraction = p->fraction;
	(void)strtoll(p->ref, &end, 10);
	if (!*end) {
		rc = cli_ledger(ctx, p->db, &l);
		if (rc)
			goto done;
	}
	rc = lca_profile_load(l, p->ref, p->warmup, &prof, &r, &ctx->err);
	if (!rc)
		rc = lca_profile_extrapolate(&prof, &x, &tmp, &ctx->err);
	if (rc)
		goto done;
	/* The whole job is a run of the extrapolated energy and duration:
	 * the one run-to-job rule. */
	r.energy_kwh = x.energy_kwh;
	r.start = 0;
	r.end = x.hours * 3600.0;
	rc = lca_run_to_job(&r, job, &ctx->err);
	if (rc)
		goto done;
	rc = cli_catalog(ctx);
	if (!rc)
		rc = lca_compute(ctx->cat, job, fp, &ctx->err);
	for (i = 0; !rc && i < tmp.nassumptions; i++)
		if (lca_footprint_assume(
			fp, tmp.assumptions[i].name, tmp.assumptions[i].number,
			tmp.assumptions[i].value, tmp.assumptions[i].unit,
			tmp.assumptions[i].source))
			rc = lca_error_set(&ctx->err, LCA_ENOMEM, "profile",
					   "out of memory");
done:
	lca_footprint_release(&tmp);
	lca_run_release(&r);
	lca_ledger_free(l);
	return rc;
}
