/* SPDX-License-Identifier: MIT */
/* ledger_copy.c: runs moved between stores by their stable keys, so a
 * copy made twice holds each run once: lca ledger copy (a laptop's SQLite
 * ledger into a team's PostgreSQL one) and the spool's flush. */
#include <dirent.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lca_int.h"
#include "ledger_store.h"
#include "banned.h"

typedef struct copy_ctx {
	lca_ledger *from, *to;
	lca_footprint fp;
	lca_run *r;
	long long *ids;
	int nids, alloc;
	long long to_id;
	lca_error *err;
} copy_ctx;

static int collect(const lca_run *r, void *ud)
{
	copy_ctx *c = ud;

	if (c->nids == c->alloc) {
		int n = c->alloc ? c->alloc * 2 : 64;
		long long *p = realloc(c->ids, (size_t)n * sizeof(*p));
		if (!p)
			return 1;
		c->ids = p;
		c->alloc = n;
	}
	c->ids[c->nids++] = r->id;
	return 0;
}

static int add_assumption(const char *name, const char *value, const char *unit,
			  const char *source, void *ud)
{
	copy_ctx *c = ud;

	return lca_footprint_assume(&c->fp, name ? name : "", LCA_NAN,
				    value ? value : "", unit ? unit : "",
				    source ? source : "") != 0;
}

static int add_sample(double t, const char *device, double watts, double joules,
		      void *ud)
{
	copy_ctx *c = ud;

	return lca_ledger_add_sample(c->to, c->to_id, t, device, watts, joules,
				     c->err) != 0;
}

/* One run, in one transaction of the destination. */
static int copy_one(copy_ctx *c, long long id, int *outcome)
{
	char legacy[256];
	int rc;

	rc = lca_ledger_get_run(c->from, id, c->r, c->err);
	if (rc)
		return rc;
	if (!c->r->key[0]) {
		/* a run from before record keys: keyed by what it holds, so
		 * copying it again still finds it */
		lca__fmt(legacy, sizeof(legacy), "%s|%s|%.17g|%.17g|%.17g",
			 c->r->source, c->r->name, c->r->start, c->r->end,
			 c->r->energy_kwh);
		rc = lca_run_set_key(c->r, "ledger", legacy, c->err);
		if (rc)
			return rc;
	}
	lca_footprint_release(&c->fp);
	lca_footprint_init(&c->fp);
	rc = lca_ledger_each_assumption(c->from, id, add_assumption, c, c->err);
	if (rc)
		return rc;
	rc = lca_ledger_begin(c->to, c->err);
	if (rc)
		return rc;
	rc = lca_ledger_put_run(c->to, c->r, &c->fp, outcome, c->err);
	c->to_id = c->r->id;
	if (!rc && *outcome == LCA_PUT_NEW)
		rc = lca_ledger_each_sample(c->from, id, add_sample, c, c->err);
	if (!rc)
		rc = lca_ledger_commit(c->to, c->err);
	if (rc)
		lca_ledger_rollback(c->to);
	return rc;
}

int lca_ledger_copy(lca_ledger *from, lca_ledger *to, int counts[3],
		    lca_error *err)
{
	copy_ctx c;
	int i, rc, outcome;

	memset(&c, 0, sizeof(c));
	counts[0] = counts[1] = counts[2] = 0;
	c.from = from;
	c.to = to;
	c.err = err;
	lca_footprint_init(&c.fp);
	c.r = malloc(sizeof(*c.r));
	if (!c.r)
		return lca_error_set(err, LCA_ENOMEM, "ledger copy",
				     "out of memory");
	rc = lca_ledger_each_run(from, collect, &c, err);
	for (i = 0; !rc && i < c.nids; i++) {
		rc = copy_one(&c, c.ids[i], &outcome);
		if (!rc)
			counts[outcome]++;
	}
	lca_footprint_release(&c.fp);
	free(c.ids);
	free(c.r);
	return rc;
}

/* ---- the spool ---------------------------------------------------------- */

void lca_ledger_spool_dir(char *out, size_t n)
{
	const char *xdg = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");

	if (xdg && *xdg)
		lca__fmt(out, n, "%s/lca/spool", xdg);
	else if (home && *home)
		lca__fmt(out, n, "%s/.local/state/lca/spool", home);
	else
		lca__fmt(out, n, "lca-spool");
}

int lca_ledger_flush(lca_ledger *l, int *moved, lca_error *err)
{
	char dir[1024], path[1400];
	const char *const tails[] = {"", "-wal", "-shm"};
	struct dirent *e;
	DIR *d;
	size_t i;
	int rc = 0;

	*moved = 0;
	lca_ledger_spool_dir(dir, sizeof(dir));
	d = opendir(dir);
	if (!d)
		return 0; /* nothing spooled */
	while (!rc && (e = readdir(d))) {
		size_t len = strlen(e->d_name);
		if (len < 4 || strcmp(e->d_name + len - 3, ".db"))
			continue;
		lca__fmt(path, sizeof(path), "%s/%s", dir, e->d_name);
		rc = 1;
		/* a Slurm epilog's run joins its job's other nodes: by its
		 * key, as a copy does */
		if (strncmp(e->d_name, "slurm-", 6)) {
			lca_ledger *sp = NULL;
			/* a spool file of an older lca: migrated first */
			rc = lca_ledger_open(&sp, path, err);
			lca_ledger_free(sp);
			if (!rc)
				rc =
				    lca__ledger_flush_file(l, path, moved, err);
		}
		if (rc == 1) {
			/* a spool file is a small SQLite ledger: copied by
			 * its keys like any other */
			lca_ledger *sp = NULL;
			int counts[3];
			rc = lca_ledger_open(&sp, path, err);
			if (!rc)
				rc = lca_ledger_copy(sp, l, counts, err);
			lca_ledger_free(sp);
			if (!rc)
				*moved += counts[0] + counts[1] + counts[2];
		}
		for (i = 0; !rc && i < sizeof(tails) / sizeof(*tails); i++) {
			lca__fmt(path, sizeof(path), "%s/%s%s", dir, e->d_name,
				 tails[i]);
			unlink(path);
		}
	}
	closedir(d);
	return rc;
}
