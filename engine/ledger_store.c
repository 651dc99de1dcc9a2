/* SPDX-License-Identifier: MIT */
/* ledger_store.c: what every ledger store shares (ledger_store.h): typed
 * statement parameters and the clock of a row's creation. */
#include <math.h>
#include <time.h>

#include "lca_int.h"
#include "ledger_store.h"
#include "banned.h"

double lca__now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void lca__arg_int(lca__args *p, long long v)
{
	if (p->n >= LCA__MAX_ARGS)
		return;
	p->a[p->n].type = LCA__ARG_INT;
	p->a[p->n++].i = v;
}

void lca__arg_num(lca__args *p, double v)
{
	if (p->n >= LCA__MAX_ARGS)
		return;
	p->a[p->n].type = isnan(v) ? LCA__ARG_NULL : LCA__ARG_NUM;
	p->a[p->n++].d = v;
}

void lca__arg_str(lca__args *p, const char *s)
{
	if (p->n >= LCA__MAX_ARGS)
		return;
	p->a[p->n].type = s ? LCA__ARG_STR : LCA__ARG_NULL;
	p->a[p->n++].s = s;
}
