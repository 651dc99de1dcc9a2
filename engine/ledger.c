/* SPDX-License-Identifier: MIT */
/* ledger.c: the run ledger: what its tables hold and how a run is put,
 * read and removed, written once over the store interface (ledger_store.h)
 * that the SQLite and PostgreSQL stores implement. */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "lca_int.h"
#include "ledger_store.h"
#include "banned.h"

struct lca_ledger {
	const lca__store_ops *ops;
	lca__store *st;
	char path[1024];
	char host[128];
	int schema;
	int in_tx;
};

int lca__ledger_query(lca_ledger *l, const char *sql, const lca__args *args,
		      int (*fn)(const lca__row *row, void *ud), void *ud,
		      lca_error *err)
{
	return l->ops->query(l->st, sql, args, fn, ud, err);
}

double lca__ledger_num(const lca_ledger *l, const lca__row *row, int col)
{
	return l->ops->num(row, col);
}

int lca__ledger_flush_file(lca_ledger *l, const char *path, int *moved,
			   lca_error *err)
{
	if (!l->ops->flush_file)
		return 1;
	return l->ops->flush_file(l->st, path, moved, err);
}

/* ---- columns ------------------------------------------------------------ */

/*
 * A table's columns and the struct fields they hold, in one list that the
 * SELECT, INSERT and UPDATE statements, their parameters and the reading
 * of a row are all made from: a new field is a row here (and a migration
 * in each store).
 */
enum { COL_STR, COL_NUM, COL_INT, COL_I64 };
typedef struct column {
	const char *name; /* SQL, quoted where it is a keyword */
	int type;
	size_t off, size;
} column;

#define RUN_COL(name, type, f)                                              \
	{                                                                   \
		name, type, offsetof(lca_run, f), sizeof(((lca_run *)0)->f) \
	}
/* A run's columns after id; host, key and created follow them. */
static const column run_cols[] = {
    RUN_COL("source", COL_STR, source),
    RUN_COL("name", COL_STR, name),
    RUN_COL("status", COL_STR, status),
    RUN_COL("method", COL_STR, method),
    RUN_COL("start", COL_NUM, start),
    RUN_COL("\"end\"", COL_NUM, end),
    RUN_COL("energy_kwh", COL_NUM, energy_kwh),
    RUN_COL("facility_energy_kwh", COL_NUM, facility_energy_kwh),
    RUN_COL("operational_kgco2e", COL_NUM, operational_kgco2e),
    RUN_COL("embodied_kgco2e", COL_NUM, embodied_kgco2e),
    RUN_COL("total_kgco2e", COL_NUM, total_kgco2e),
    RUN_COL("pue", COL_NUM, pue),
    RUN_COL("grid", COL_NUM, grid_gco2_per_kwh),
    RUN_COL("gpu", COL_STR, gpu),
    RUN_COL("devices", COL_NUM, devices),
    RUN_COL("exit_status", COL_INT, exit_status),
    RUN_COL("pid", COL_I64, pid),
    RUN_COL("job_id", COL_STR, job_id),
    RUN_COL("\"user\"", COL_STR, user),
    RUN_COL("account", COL_STR, account),
    RUN_COL("\"partition\"", COL_STR, partition),
    RUN_COL("exit_state", COL_STR, exit_state),
};
#define NRUN_COLS ((int)(sizeof(run_cols) / sizeof(run_cols[0])))

#define DEV_COL(name, type, f)                           \
	{                                                \
		name, type, offsetof(lca_run_device, f), \
		    sizeof(((lca_run_device *)0)->f)     \
	}
/* A device's columns after run_id, in the order of device_insert's $3... */
static const column dev_cols[] = {
    DEV_COL("device", COL_STR, device),
    DEV_COL("kind", COL_STR, kind),
    DEV_COL("samples", COL_I64, samples),
    DEV_COL("first", COL_NUM, first),
    DEV_COL("last", COL_NUM, last),
    DEV_COL("energy_j", COL_NUM, energy_j),
    DEV_COL("gaps", COL_I64, gaps),
    DEV_COL("gap_s", COL_NUM, gap_s),
};
#define NDEV_COLS ((int)(sizeof(dev_cols) / sizeof(dev_cols[0])))

#define NODE_COL(name, type, f)                        \
	{                                              \
		name, type, offsetof(lca_run_node, f), \
		    sizeof(((lca_run_node *)0)->f)     \
	}
/* A Slurm job's node row, after run_id and seq. */
static const column node_cols[] = {
    NODE_COL("node", COL_STR, node),
    NODE_COL("gpus", COL_STR, gpus),
    NODE_COL("start", COL_NUM, start),
    NODE_COL("\"end\"", COL_NUM, end),
    NODE_COL("energy_kwh", COL_NUM, energy_kwh),
    NODE_COL("facility_energy_kwh", COL_NUM, facility_energy_kwh),
    NODE_COL("operational_kgco2e", COL_NUM, operational_kgco2e),
    NODE_COL("embodied_kgco2e", COL_NUM, embodied_kgco2e),
    NODE_COL("total_kgco2e", COL_NUM, total_kgco2e),
};
#define NNODE_COLS ((int)(sizeof(node_cols) / sizeof(node_cols[0])))

/* Appends the columns, separated by commas, as their names (LIST_NAMES),
 * as parameters $first... (LIST_PARAMS) or as "name=$first..."
 * (LIST_SETS). */
enum { LIST_NAMES, LIST_PARAMS, LIST_SETS };
static void col_list(char *out, size_t n, const column *c, int nc, int how,
		     int first)
{
	size_t len = strlen(out);
	int i;

	for (i = 0; i < nc && len + 1 < n; i++) {
		if (how == LIST_NAMES)
			lca__fmt(out + len, n - len, "%s%s", i ? "," : "",
				 c[i].name);
		else if (how == LIST_PARAMS)
			lca__fmt(out + len, n - len, "%s$%d", i ? "," : "",
				 first + i);
		else
			lca__fmt(out + len, n - len, "%s%s=$%d", i ? "," : "",
				 c[i].name, first + i);
		len = strlen(out);
	}
}

static void bind_cols(lca__args *a, const column *c, int nc, const void *base)
{
	const char *b = base;
	int i;

	for (i = 0; i < nc; i++) {
		const void *f = b + c[i].off;
		switch (c[i].type) {
		case COL_STR:
			lca__arg_str(a, f);
			break;
		case COL_NUM:
			lca__arg_num(a, *(const double *)f);
			break;
		case COL_INT:
			lca__arg_int(a, *(const int *)f);
			break;
		default:
			lca__arg_int(a, *(const long long *)f);
		}
	}
}

/* Reads columns first.. of row into the fields of base. */
static void read_cols(lca_ledger *l, const lca__row *row, int first,
		      const column *c, int nc, void *base)
{
	char *b = base;
	const char *t;
	int i;

	for (i = 0; i < nc; i++) {
		void *f = b + c[i].off;
		switch (c[i].type) {
		case COL_STR:
			t = l->ops->text(row, first + i);
			lca__strlcpy(f, t ? t : "", c[i].size);
			break;
		case COL_NUM:
			*(double *)f = l->ops->num(row, first + i);
			break;
		case COL_INT:
			*(int *)f = (int)l->ops->i64(row, first + i);
			break;
		default:
			*(long long *)f = l->ops->i64(row, first + i);
		}
	}
}

/* ---- opening ------------------------------------------------------------ */

int lca_ledger_open(lca_ledger **out, const char *path, lca_error *err)
{
	lca_ledger *l;
	int rc = 0;

	*out = NULL;
	l = calloc(1, sizeof(*l));
	if (!l)
		return lca_error_set(err, LCA_ENOMEM, "ledger",
				     "out of memory");
	if (path && *path)
		lca__strlcpy(l->path, path, sizeof(l->path));
	else
		lca__data_path(l->path, sizeof(l->path), "LCA_DB", "ledger.db");
	if (gethostname(l->host, sizeof(l->host)))
		l->host[0] = '\0';
	l->host[sizeof(l->host) - 1] = '\0';
	/* the team's ledger on a PostgreSQL server, else a SQLite file */
	if (lca__pg_is_url(l->path))
		rc = lca__pg_open(&l->ops, &l->st, l->path, sizeof(l->path),
				  &l->schema, err);
	else
		rc =
		    lca__sqlite_open(&l->ops, &l->st, l->path, &l->schema, err);
	if (rc) {
		free(l);
		return rc;
	}
	*out = l;
	return 0;
}

void lca_ledger_free(lca_ledger *l)
{
	if (!l)
		return;
	if (l->in_tx)
		lca_ledger_rollback(l);
	l->ops->close(l->st);
	free(l);
}

const char *lca_ledger_path(const lca_ledger *l)
{
	return l->path;
}

int lca_ledger_schema(const lca_ledger *l)
{
	return l->schema;
}

/* ---- transactions ------------------------------------------------------- */

int lca_ledger_begin(lca_ledger *l, lca_error *err)
{
	int rc = l->ops->begin(l->st, -1, err);

	l->in_tx = !rc;
	return rc;
}

int lca_ledger_try_begin(lca_ledger *l, double wait_s, lca_error *err)
{
	int rc = l->ops->begin(l->st, wait_s < 0 ? 0 : wait_s, err);

	l->in_tx = !rc;
	return rc;
}

int lca_ledger_commit(lca_ledger *l, lca_error *err)
{
	int rc = l->ops->commit(l->st, err);

	l->in_tx = 0;
	return rc;
}

void lca_ledger_rollback(lca_ledger *l)
{
	l->ops->rollback(l->st);
	l->in_tx = 0;
}

/* ---- files -------------------------------------------------------------- */

/* The first column of a statement's first row as an id: 1 and *id, or 0
 * when it returned no row. */
typedef struct one_id {
	lca_ledger *l;
	long long id;
	int found;
} one_id;

static int take_id(const lca__row *row, void *ud)
{
	one_id *o = ud;

	o->id = o->l->ops->i64(row, 0);
	o->found = 1;
	return 1;
}

static int query_id(lca_ledger *l, const char *sql, const lca__args *a,
		    one_id *o, lca_error *err)
{
	o->l = l;
	o->found = 0;
	o->id = 0;
	return l->ops->query(l->st, sql, a, take_id, o, err);
}

int lca_ledger_has_file(lca_ledger *l, const char *hash, long long *run_id,
			lca_error *err)
{
	lca__args a = {0};
	one_id o;
	int rc;

	lca__arg_str(&a, hash);
	rc = query_id(l,
		      "SELECT f.run_id FROM files f JOIN runs r ON "
		      "r.id=f.run_id WHERE f.hash=$1 AND r.key IS NULL",
		      &a, &o, err);
	if (rc)
		return rc;
	if (o.found && run_id)
		*run_id = o.id;
	return o.found;
}

int lca_ledger_add_file(lca_ledger *l, const char *hash, const char *path,
			long long run_id, lca_error *err)
{
	lca__args a = {0};

	lca__arg_str(&a, hash);
	lca__arg_str(&a, path);
	lca__arg_int(&a, run_id);
	lca__arg_num(&a, lca__now_s());
	return l->ops->query(l->st,
			     "INSERT INTO files(hash,path,run_id,added) "
			     "VALUES($1,$2,$3,$4) ON CONFLICT(hash) DO UPDATE "
			     "SET path=excluded.path,run_id=excluded.run_id,"
			     "added=excluded.added",
			     &a, NULL, NULL, err);
}

/* ---- runs --------------------------------------------------------------- */

/* Runs sql, whose one parameter is a run id, with fn on each row. */
static int by_run(lca_ledger *l, const char *sql, long long id,
		  int (*fn)(const lca__row *row, void *ud), void *ud,
		  lca_error *err)
{
	lca__args a = {0};

	lca__arg_int(&a, id);
	return l->ops->query(l->st, sql, &a, fn, ud, err);
}

/* The run's devices, tags and fp's assumptions replace those stored. */
static int write_children(lca_ledger *l, const lca_run *r,
			  const lca_footprint *fp, lca_error *err)
{
	lca__args a;
	int i, rc;

	rc = by_run(l, "DELETE FROM run_devices WHERE run_id=$1", r->id, NULL,
		    NULL, err);
	for (i = 0; !rc && i < r->ndev; i++) {
		a.n = 0;
		lca__arg_int(&a, r->id);
		lca__arg_int(&a, i);
		bind_cols(&a, dev_cols, NDEV_COLS, &r->dev[i]);
		rc = l->ops->query(l->st, l->ops->device_insert, &a, NULL, NULL,
				   err);
	}
	if (!rc)
		rc = by_run(l, "DELETE FROM run_tags WHERE run_id=$1", r->id,
			    NULL, NULL, err);
	for (i = 0; !rc && i < r->ntags && i < LCA_RUN_MAX_TAGS; i++) {
		a.n = 0;
		lca__arg_int(&a, r->id);
		lca__arg_int(&a, i);
		lca__arg_str(&a, r->tags[i].key);
		lca__arg_str(&a, r->tags[i].value);
		rc = l->ops->query(l->st,
				   "INSERT INTO run_tags(run_id,seq,key,value) "
				   "VALUES($1,$2,$3,$4)",
				   &a, NULL, NULL, err);
	}
	if (!rc)
		rc = by_run(l, "DELETE FROM run_nodes WHERE run_id=$1", r->id,
			    NULL, NULL, err);
	for (i = 0; !rc && i < r->nnodes; i++) {
		char sql[512] = "INSERT INTO run_nodes(run_id,seq,";
		size_t n;
		col_list(sql, sizeof(sql), node_cols, NNODE_COLS, LIST_NAMES,
			 3);
		n = strlen(sql);
		lca__fmt(sql + n, sizeof(sql) - n, ") VALUES($1,$2,");
		col_list(sql, sizeof(sql), node_cols, NNODE_COLS, LIST_PARAMS,
			 3);
		n = strlen(sql);
		lca__fmt(sql + n, sizeof(sql) - n, ")");
		a.n = 0;
		lca__arg_int(&a, r->id);
		lca__arg_int(&a, i);
		bind_cols(&a, node_cols, NNODE_COLS, &r->node[i]);
		rc = l->ops->query(l->st, sql, &a, NULL, NULL, err);
	}
	if (rc || !fp)
		return rc;
	rc = by_run(l, "DELETE FROM assumptions WHERE run_id=$1", r->id, NULL,
		    NULL, err);
	for (i = 0; !rc && i < fp->nassumptions; i++) {
		const lca_assumption *as = &fp->assumptions[i];
		a.n = 0;
		lca__arg_int(&a, r->id);
		lca__arg_int(&a, i);
		lca__arg_str(&a, as->name);
		lca__arg_str(&a, as->value);
		lca__arg_str(&a, as->unit);
		lca__arg_str(&a, as->source);
		rc = l->ops->query(l->st,
				   "INSERT INTO assumptions(run_id,seq,name,"
				   "value,unit,source) VALUES($1,$2,$3,$4,$5,"
				   "$6)",
				   &a, NULL, NULL, err);
	}
	return rc;
}

/* A run's columns then host as parameters $1... */
static void bind_run(lca_ledger *l, lca__args *a, const lca_run *r)
{
	a->n = 0;
	bind_cols(a, run_cols, NRUN_COLS, r);
	lca__arg_str(a, l->host);
}

/*
 * Inserts r, tail (an ON CONFLICT clause, or "") after its values: 0 when
 * it was inserted (r->id set, its devices, tags and assumptions written),
 * 1 when the clause let nothing in, else an error code.
 */
static int put_new(lca_ledger *l, lca_run *r, const lca_footprint *fp,
		   const char *tail, lca_error *err)
{
	char sql[2048] = "INSERT INTO runs(";
	lca__args a;
	one_id o;
	size_t n;
	int rc;

	col_list(sql, sizeof(sql), run_cols, NRUN_COLS, LIST_NAMES, 1);
	n = strlen(sql);
	lca__fmt(sql + n, sizeof(sql) - n, ",host,key,created) VALUES(");
	col_list(sql, sizeof(sql), run_cols, NRUN_COLS, LIST_PARAMS, 1);
	n = strlen(sql);
	lca__fmt(sql + n, sizeof(sql) - n, ",$%d,$%d,$%d)%s RETURNING id",
		 NRUN_COLS + 1, NRUN_COLS + 2, NRUN_COLS + 3, tail);
	bind_run(l, &a, r);
	lca__arg_str(&a, r->key[0] ? r->key : NULL);
	lca__arg_num(&a, lca__now_s());
	rc = query_id(l, sql, &a, &o, err);
	if (rc)
		return rc;
	if (!o.found)
		return 1;
	r->id = o.id;
	return write_children(l, r, fp, err);
}

int lca_ledger_add_run(lca_ledger *l, lca_run *r, const lca_footprint *fp,
		       lca_error *err)
{
	int rc = put_new(l, r, fp, "", err);

	return rc > 0 ? lca_error_set(err, LCA_EDB, l->path,
				      "run '%s' not inserted", r->name)
		      : rc;
}

/* Same figure, NaN included. */
static int same(double a, double b)
{
	return a == b || (isnan(a) && isnan(b));
}

/* The stored figures of the run with r's key: *id and whether they are
 * r's (start, end, energy). */
typedef struct stored {
	lca_ledger *l;
	const lca_run *r;
	long long id;
	int found, same;
} stored;

static int take_stored(const lca__row *row, void *ud)
{
	stored *s = ud;
	const lca__store_ops *o = s->l->ops;

	s->found = 1;
	s->id = o->i64(row, 0);
	s->same = same(o->num(row, 1), s->r->start) &&
		  same(o->num(row, 2), s->r->end) &&
		  same(o->num(row, 3), s->r->energy_kwh);
	return 1;
}

static int find_key(lca_ledger *l, const lca_run *r, stored *s, lca_error *err)
{
	lca__args a = {0};

	s->l = l;
	s->r = r;
	s->found = 0;
	lca__arg_str(&a, r->key);
	return l->ops->query(l->st,
			     "SELECT id,start,\"end\",energy_kwh FROM runs "
			     "WHERE key=$1",
			     &a, take_stored, s, err);
}

/* Whether every node row of r is in stored with the same figures. */
static int nodes_held(const lca_run *held, const lca_run *r)
{
	int i, k;

	for (i = 0; i < r->nnodes; i++) {
		const lca_run_node *a = &r->node[i], *b = NULL;
		for (k = 0; k < held->nnodes && !b; k++)
			if (!strcmp(held->node[k].node, a->node))
				b = &held->node[k];
		if (!b || !same(a->start, b->start) || !same(a->end, b->end) ||
		    !same(a->energy_kwh, b->energy_kwh))
			return 0;
	}
	return 1;
}

/*
 * A Slurm job's run already stored (another node's epilog): r's node rows
 * join it (lca__run_merge_nodes), under the stored row's lock, so epilogs
 * of several nodes at once each add theirs (PostgreSQL: the UPDATE holds
 * the row till commit; SQLite: one writer at a time).  The stored run's
 * assumptions stay.
 */
static int merge_nodes(lca_ledger *l, lca_run *r, int *outcome, lca_error *err)
{
	lca_run *stored_run;
	int rc;

	*outcome = LCA_PUT_UPDATED;
	rc = by_run(l, "UPDATE runs SET key=key WHERE id=$1", r->id, NULL, NULL,
		    err);
	if (rc)
		return rc;
	stored_run = malloc(sizeof(*stored_run));
	if (!stored_run)
		return lca_error_set(err, LCA_ENOMEM, "ledger",
				     "out of memory");
	rc = lca_ledger_get_run(l, r->id, stored_run, err);
	if (!rc && nodes_held(stored_run, r))
		*outcome = LCA_PUT_SAME; /* copied or flushed again */
	else if (!rc) {
		lca__run_merge_nodes(stored_run, r);
		rc = lca_ledger_update_run(l, stored_run, NULL, err);
	}
	if (!rc) {
		/* r keeps its own hourly profile (not in the ledger) */
		stored_run->hour0 = r->hour0;
		stored_run->nhours = r->nhours;
		stored_run->hours_over = r->hours_over;
		stored_run->hour_j = r->hour_j;
		stored_run->hour_alloc = r->hour_alloc;
		*r = *stored_run;
	}
	free(stored_run);
	return rc;
}

int lca_ledger_put_run(lca_ledger *l, lca_run *r, const lca_footprint *fp,
		       int *outcome, lca_error *err)
{
	stored s;
	int rc;

	*outcome = LCA_PUT_NEW;
	if (!r->key[0])
		return lca_ledger_add_run(l, r, fp, err);
	rc = find_key(l, r, &s, err);
	if (!rc && !s.found) {
		/* The unique key decides under concurrency (PostgreSQL): a
		 * writer that loses the race inserts nothing and finds the
		 * winner's run. */
		rc = put_new(l, r, fp, " ON CONFLICT(key) DO NOTHING", err);
		if (rc != 1)
			return rc;
		rc = find_key(l, r, &s, err);
		if (!rc && !s.found)
			return lca_error_set(err, LCA_EDB, l->path,
					     "run '%s' neither inserted nor "
					     "found",
					     r->key);
	}
	if (rc)
		return rc;
	r->id = s.id;
	if (r->nnodes)
		return merge_nodes(l, r, outcome, err);
	*outcome = s.same ? LCA_PUT_SAME : LCA_PUT_UPDATED;
	if (s.same)
		return 0;
	return lca_ledger_update_run(l, r, fp, err);
}

int lca_ledger_update_run(lca_ledger *l, const lca_run *r,
			  const lca_footprint *fp, lca_error *err)
{
	char sql[2048] = "UPDATE runs SET ";
	lca__args a;
	size_t n;
	int rc;

	col_list(sql, sizeof(sql), run_cols, NRUN_COLS, LIST_SETS, 1);
	n = strlen(sql);
	/* a run keeps the key it was added with */
	lca__fmt(sql + n, sizeof(sql) - n, ",host=$%d WHERE id=$%d",
		 NRUN_COLS + 1, NRUN_COLS + 2);
	bind_run(l, &a, r);
	lca__arg_int(&a, r->id);
	rc = l->ops->query(l->st, sql, &a, NULL, NULL, err);
	if (rc)
		return rc;
	return write_children(l, r, fp, err);
}

int lca_ledger_add_sample(lca_ledger *l, long long run_id, double t,
			  const char *device, double watts, double joules,
			  lca_error *err)
{
	lca__args a = {0};

	lca__arg_int(&a, run_id);
	lca__arg_num(&a, t);
	lca__arg_str(&a, device);
	lca__arg_num(&a, watts);
	lca__arg_num(&a, joules);
	return l->ops->query(l->st,
			     "INSERT INTO samples(run_id,t,device,watts,"
			     "joules) VALUES($1,$2,$3,$4,$5)",
			     &a, NULL, NULL, err);
}

/* "SELECT id,<run_cols>,host,key FROM runs" */
static void select_runs(char *sql, size_t n)
{
	size_t len;

	lca__fmt(sql, n, "SELECT id,");
	col_list(sql, n, run_cols, NRUN_COLS, LIST_NAMES, 1);
	len = strlen(sql);
	lca__fmt(sql + len, n - len, ",host,key FROM runs");
}

static void read_run(lca_ledger *l, const lca__row *row, lca_run *r)
{
	const char *host, *key;

	lca_run_init(r);
	r->id = l->ops->i64(row, 0);
	read_cols(l, row, 1, run_cols, NRUN_COLS, r);
	host = l->ops->text(row, NRUN_COLS + 1);
	key = l->ops->text(row, NRUN_COLS + 2);
	lca__strlcpy(r->key, key ? key : "", sizeof(r->key));
	/* A tracked run whose writer died (kill -9) keeps what it committed
	 * and reads as interrupted. */
	if (!strcmp(r->status, "running") && r->pid > 0 && host &&
	    !strcmp(host, l->host) && kill((pid_t)r->pid, 0) && errno == ESRCH)
		lca__strlcpy(r->status, "interrupted", sizeof(r->status));
}

typedef struct run_walk {
	lca_ledger *l;
	lca_run *r;
	int (*fn)(const lca_run *r, void *ud);
	void *ud;
	lca_error *err;
	int rc, found;
} run_walk;

static int take_device(const lca__row *row, void *ud)
{
	run_walk *w = ud;

	if (w->r->ndev >= LCA_RUN_MAX_DEVICES)
		return 1;
	read_cols(w->l, row, 0, dev_cols, NDEV_COLS, &w->r->dev[w->r->ndev++]);
	return 0;
}

static int take_tag(const lca__row *row, void *ud)
{
	run_walk *w = ud;
	lca_run_tag *t;
	const char *k, *v;

	if (w->r->ntags >= LCA_RUN_MAX_TAGS)
		return 1;
	t = &w->r->tags[w->r->ntags++];
	k = w->l->ops->text(row, 0);
	v = w->l->ops->text(row, 1);
	lca__strlcpy(t->key, k ? k : "", sizeof(t->key));
	lca__strlcpy(t->value, v ? v : "", sizeof(t->value));
	return 0;
}

static int read_tags(run_walk *w)
{
	w->r->ntags = 0;
	return by_run(w->l,
		      "SELECT key,value FROM run_tags WHERE run_id=$1 ORDER BY "
		      "seq",
		      w->r->id, take_tag, w, w->err);
}

static int take_node(const lca__row *row, void *ud)
{
	run_walk *w = ud;

	if (w->r->nnodes >= LCA_RUN_MAX_NODES)
		return 1;
	read_cols(w->l, row, 0, node_cols, NNODE_COLS,
		  &w->r->node[w->r->nnodes++]);
	return 0;
}

/* A Slurm job's node rows. */
static int read_nodes(run_walk *w)
{
	char sql[512] = "SELECT ";
	size_t n;

	col_list(sql, sizeof(sql), node_cols, NNODE_COLS, LIST_NAMES, 1);
	n = strlen(sql);
	lca__fmt(sql + n, sizeof(sql) - n,
		 " FROM run_nodes WHERE run_id=$1 ORDER BY seq");
	w->r->nnodes = 0;
	return by_run(w->l, sql, w->r->id, take_node, w, w->err);
}

/* Each run row: read, its tags (and a job's nodes) read, handed to the
 * walk's fn. */
static int take_run(const lca__row *row, void *ud)
{
	run_walk *w = ud;

	read_run(w->l, row, w->r);
	w->found = 1;
	w->rc = read_tags(w);
	if (!w->rc && w->r->job_id[0])
		w->rc = read_nodes(w);
	if (w->rc)
		return 1;
	return w->fn ? w->fn(w->r, w->ud) : 1;
}

int lca_ledger_get_run(lca_ledger *l, long long id, lca_run *out,
		       lca_error *err)
{
	run_walk w = {l, out, NULL, NULL, err, 0, 0};
	char sql[1024], where[32];
	size_t n;
	int rc;

	select_runs(sql, sizeof(sql));
	n = strlen(sql);
	lca__fmt(sql + n, sizeof(sql) - n, " WHERE id=$1");
	rc = by_run(l, sql, id, take_run, &w, err);
	if (!rc)
		rc = w.rc;
	if (!rc && !w.found) {
		lca__fmt(where, sizeof(where), "%lld", id);
		return lca_error_set(err, LCA_ENOTFOUND, "lca runs",
				     "no run '%s' in the ledger", where);
	}
	if (rc)
		return rc;
	lca__fmt(sql, sizeof(sql), "SELECT ");
	col_list(sql, sizeof(sql), dev_cols, NDEV_COLS, LIST_NAMES, 1);
	n = strlen(sql);
	lca__fmt(sql + n, sizeof(sql) - n,
		 " FROM run_devices WHERE run_id=$1 ORDER BY %s",
		 l->ops->device_order);
	out->ndev = 0;
	return by_run(l, sql, id, take_device, &w, err);
}

int lca_ledger_each_run(lca_ledger *l, int (*fn)(const lca_run *r, void *ud),
			void *ud, lca_error *err)
{
	run_walk w = {l, NULL, fn, ud, err, 0, 0};
	char sql[1024];
	size_t n;
	int rc;

	w.r = malloc(sizeof(*w.r));
	if (!w.r)
		return lca_error_set(err, LCA_ENOMEM, "ledger",
				     "out of memory");
	select_runs(sql, sizeof(sql));
	n = strlen(sql);
	lca__fmt(sql + n, sizeof(sql) - n, " ORDER BY id");
	rc = l->ops->query(l->st, sql, NULL, take_run, &w, err);
	free(w.r);
	return rc ? rc : w.rc;
}

typedef struct text_walk {
	lca_ledger *l;
	int (*assumption)(const char *name, const char *value, const char *unit,
			  const char *source, void *ud);
	int (*sample)(double t, const char *device, double watts, double joules,
		      void *ud);
	void *ud;
} text_walk;

/* An assumption's or a sample's row, to the walk's callback. */
static int take_row(const lca__row *row, void *ud)
{
	text_walk *w = ud;
	const lca__store_ops *o = w->l->ops;

	if (w->assumption)
		return w->assumption(o->text(row, 0), o->text(row, 1),
				     o->text(row, 2), o->text(row, 3), w->ud);
	return w->sample(o->num(row, 0), o->text(row, 1), o->num(row, 2),
			 o->num(row, 3), w->ud);
}

int lca_ledger_each_assumption(lca_ledger *l, long long id,
			       int (*fn)(const char *name, const char *value,
					 const char *unit, const char *source,
					 void *ud),
			       void *ud, lca_error *err)
{
	text_walk w = {l, fn, NULL, ud};

	return by_run(l,
		      "SELECT name,value,unit,source FROM assumptions WHERE "
		      "run_id=$1 ORDER BY seq",
		      id, take_row, &w, err);
}

int lca_ledger_each_sample(lca_ledger *l, long long id,
			   int (*fn)(double t, const char *device, double watts,
				     double joules, void *ud),
			   void *ud, lca_error *err)
{
	text_walk w = {l, NULL, fn, ud};

	return by_run(l,
		      "SELECT t,device,watts,joules FROM samples WHERE "
		      "run_id=$1 ORDER BY t, device",
		      id, take_row, &w, err);
}

int lca__ledger_set_exit_state(lca_ledger *l, long long run_id,
			       const char *state, lca_error *err)
{
	lca__args a = {0};
	int rc;

	lca__arg_str(&a, state);
	lca__arg_int(&a, run_id);
	rc = lca_ledger_begin(l, err);
	if (!rc)
		rc = l->ops->query(l->st,
				   "UPDATE runs SET exit_state=$1 WHERE id=$2",
				   &a, NULL, NULL, err);
	if (!rc)
		return lca_ledger_commit(l, err);
	lca_ledger_rollback(l);
	return rc;
}

int lca_ledger_rm_run(lca_ledger *l, long long id, lca_error *err)
{
	char where[32];
	one_id o;
	lca__args a = {0};
	int rc;

	rc = lca_ledger_begin(l, err);
	if (rc)
		return rc;
	lca__arg_int(&a, id);
	rc = query_id(l, "DELETE FROM runs WHERE id=$1 RETURNING id", &a, &o,
		      err);
	if (!rc && !o.found) {
		lca__fmt(where, sizeof(where), "%lld", id);
		rc = lca_error_set(err, LCA_ENOTFOUND, "lca runs rm",
				   "no run '%s' in the ledger", where);
	}
	if (rc) {
		lca_ledger_rollback(l);
		return rc;
	}
	return lca_ledger_commit(l, err);
}
