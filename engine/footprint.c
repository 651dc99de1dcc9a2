/* SPDX-License-Identifier: MIT */
/* footprint.c: a footprint's assumptions, the numbers it was computed from
 * and where each came from. */
#include <stdlib.h>
#include <string.h>

#include "lca_int.h"
#include "banned.h"

void lca_footprint_init(lca_footprint *fp)
{
	memset(fp, 0, sizeof(*fp));
}

void lca_footprint_release(lca_footprint *fp)
{
	int i;

	for (i = 0; i < fp->nassumptions; i++) {
		free(fp->assumptions[i].name);
		free(fp->assumptions[i].value);
		free(fp->assumptions[i].unit);
		free(fp->assumptions[i].source);
	}
	free(fp->assumptions);
	free(fp->plan);
	memset(fp, 0, sizeof(*fp));
}

int lca__footprint_add(lca_footprint *fp, const char *name, double number,
		       const char *value_text, const char *unit,
		       const char *source, int lazy)
{
	lca_assumption *a;
	char num[64];

	if (fp->nassumptions == fp->alloc_assumptions) {
		int alloc =
		    fp->alloc_assumptions ? fp->alloc_assumptions * 2 : 32;
		void *p = realloc(fp->assumptions,
				  sizeof(lca_assumption) * (size_t)alloc);
		if (!p)
			return LCA_ENOMEM;
		fp->assumptions = p;
		fp->alloc_assumptions = alloc;
	}
	a = &fp->assumptions[fp->nassumptions];
	if (!value_text && !lazy) {
		lca__num(num, sizeof(num), number, 6);
		value_text = num;
	}
	a->name = strdup(name);
	a->value = value_text ? strdup(value_text) : NULL;
	a->number = number;
	a->unit = strdup(unit ? unit : "");
	a->source = strdup(source ? source : "");
	if (!a->name || (value_text && !a->value) || !a->unit || !a->source) {
		free(a->name);
		free(a->value);
		free(a->unit);
		free(a->source);
		return LCA_ENOMEM;
	}
	fp->nassumptions++;
	return 0;
}

int lca_footprint_assume(lca_footprint *fp, const char *name, double number,
			 const char *value_text, const char *unit,
			 const char *source)
{
	return lca__footprint_add(fp, name, number, value_text, unit, source,
				  0);
}

int lca_footprint_assumptions(const lca_assumption **out, int *n,
			      lca_footprint *fp)
{
	char num[64];
	int i;

	*out = fp->assumptions;
	*n = fp->nassumptions;
	for (i = 0; i < fp->nassumptions; i++) {
		lca_assumption *a = &fp->assumptions[i];
		if (a->value)
			continue;
		lca__num(num, sizeof(num), a->number, 6);
		if (!(a->value = strdup(num)))
			return LCA_ENOMEM;
	}
	return 0;
}
