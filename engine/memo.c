/* SPDX-License-Identifier: MIT */
/* memo.c: the catalog handle's memo of lookups, read once and re-read when
 * the catalog database changes. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "lca_int.h"
#include "banned.h"

/*
 * An estimate looks up about a dozen catalog rows; through SQLite that was
 * 42% of an in-process estimate (a shared lock, a b-tree search and the
 * column copies per row; tests/bench/bench_estimate_inproc.c).  The memo
 * keeps each answer (the row, or "not found" with its message) in the
 * handle, so the second estimate on a handle reads no SQL at all.
 *
 * Freshness: every memo read first compares the database's stamp with the
 * one the memo was filled under and empties the memo when it moved.  The
 * stamp is the file change counter of the SQLite header (bytes 24..27,
 * bumped by every commit of any process to a rollback-journal database),
 * read through the connection's own file (a memory copy when the file is
 * mapped, else one pread), plus this connection's change count.  A WAL
 * database does not bump the header counter, so there the stamp is
 * PRAGMA data_version.  Inside a transaction nothing is memoised (it may
 * roll back).
 */

#define MEMO_BUCKETS 512
/* A long-running process fed arbitrary names stays bounded: past this
 * many entries the memo starts again. */
#define MEMO_MAX_ENTRIES 4096

typedef struct memo_entry {
	struct memo_entry *next;
	uint64_t hash;
	size_t klen, size;
	int rc;
	int has_err;
	lca_error err; /* the lookup's error when rc != 0 */
	/* then klen key bytes, then size value bytes (value first, aligned) */
	max_align_t data[];
} memo_entry;

struct lca__memo {
	memo_entry *bucket[MEMO_BUCKETS];
	int n;
	int have_stamp;
	uint64_t stamp;
};

void lca__key_init(lca__key *k, int kind)
{
	k->n = 0;
	k->ok = 1;
	k->b[k->n++] = (unsigned char)kind;
}

static void key_add(lca__key *k, const void *p, size_t n)
{
	if (!k->ok || n > sizeof(k->b) - k->n) {
		k->ok = 0;
		return;
	}
	memcpy(k->b + k->n, p, n);
	k->n += n;
}

void lca__key_str(lca__key *k, const char *s)
{
	/* NULL and "" differ: NULL is one 0xff byte, a string ends in NUL */
	if (!s) {
		unsigned char none = 0xff;
		key_add(k, &none, 1);
		return;
	}
	key_add(k, s, strlen(s) + 1);
}

void lca__key_num(lca__key *k, double x)
{
	key_add(k, &x, sizeof(x));
}

static uint64_t key_hash(const lca__key *k)
{
	uint64_t h = 14695981039346656037ULL;
	size_t i;

	for (i = 0; i < k->n; i++) {
		h ^= k->b[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static void memo_clear(struct lca__memo *mm)
{
	int i;

	for (i = 0; i < MEMO_BUCKETS; i++) {
		memo_entry *e = mm->bucket[i], *next;
		for (; e; e = next) {
			next = e->next;
			free(e);
		}
		mm->bucket[i] = NULL;
	}
	mm->n = 0;
}

void lca__memo_free(struct lca__memo *mm)
{
	if (!mm)
		return;
	memo_clear(mm);
	free(mm);
}

/* The database's change stamp (see the top of the file); 0 when it cannot
 * be read, and *ok = 0 then (nothing is memoised). */
static uint64_t db_stamp(lca_catalog *cat, int *ok)
{
	sqlite3 *db = lca_catalog_db(cat);
	sqlite3_file *f = NULL;
	unsigned char h[10];
	uint64_t own = (uint64_t)sqlite3_total_changes64(db);

	*ok = 1;
	if (sqlite3_file_control(db, "main", SQLITE_FCNTL_FILE_POINTER, &f) ==
		SQLITE_OK &&
	    f && f->pMethods && f->pMethods->xRead(f, h, 10, 18) == SQLITE_OK &&
	    h[0] == 1) /* rollback journal: the header counter moves */
		return own << 32 ^
		       ((uint64_t)h[6] << 24 | (uint64_t)h[7] << 16 |
			(uint64_t)h[8] << 8 | (uint64_t)h[9]);
	{
		sqlite3_stmt *st = lca__stmt(cat, "PRAGMA data_version");
		uint64_t v;
		if (!st || sqlite3_step(st) != SQLITE_ROW) {
			if (st)
				sqlite3_reset(st);
			*ok = 0;
			return 0;
		}
		v = (uint64_t)sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		return own << 32 ^ v;
	}
}

/* The memo of cat, emptied if the database changed; NULL when nothing may
 * be memoised now (in a transaction, a stamp that cannot be read, out of
 * memory). */
static struct lca__memo *memo_fresh(lca_catalog *cat)
{
	struct lca__memo **slot = lca__catalog_memo(cat);
	uint64_t stamp;
	int ok;

	if (!sqlite3_get_autocommit(lca_catalog_db(cat)))
		return NULL;
	if (!*slot && !(*slot = calloc(1, sizeof(**slot))))
		return NULL;
	stamp = db_stamp(cat, &ok);
	if (!ok)
		return NULL;
	if (!(*slot)->have_stamp || (*slot)->stamp != stamp) {
		memo_clear(*slot);
		(*slot)->stamp = stamp;
		(*slot)->have_stamp = 1;
	}
	return *slot;
}

int lca__memo_get(lca_catalog *cat, const lca__key *k, void *out, size_t size,
		  int *rc, lca_error *err)
{
	struct lca__memo *mm;
	memo_entry *e;
	uint64_t h;

	if (!k->ok || !(mm = memo_fresh(cat)))
		return 0;
	h = key_hash(k);
	for (e = mm->bucket[h % MEMO_BUCKETS]; e; e = e->next) {
		const unsigned char *d = (const unsigned char *)e->data;
		if (e->hash != h || e->klen != k->n || e->size != size ||
		    memcmp(d + size, k->b, k->n))
			continue;
		memcpy(out, d, size);
		*rc = e->rc;
		if (e->has_err && err)
			*err = e->err;
		return 1;
	}
	return 0;
}

void lca__memo_put(lca_catalog *cat, const lca__key *k, const void *val,
		   size_t size, int rc, const lca_error *err)
{
	struct lca__memo *mm;
	memo_entry *e;
	uint64_t h;

	/* a database that could not be read is never remembered */
	if (rc == LCA_EDB || rc == LCA_ENOMEM || (rc && !err) || !k->ok ||
	    !(mm = lca__catalog_memo(cat)[0]) || !mm->have_stamp ||
	    !sqlite3_get_autocommit(lca_catalog_db(cat)))
		return;
	if (mm->n >= MEMO_MAX_ENTRIES)
		memo_clear(mm);
	e = malloc(sizeof(*e) + size + k->n);
	if (!e)
		return;
	h = key_hash(k);
	e->hash = h;
	e->klen = k->n;
	e->size = size;
	e->rc = rc;
	e->has_err = rc != 0 && err != NULL;
	if (e->has_err)
		e->err = *err;
	memcpy((unsigned char *)e->data, val, size);
	memcpy((unsigned char *)e->data + size, k->b, k->n);
	e->next = mm->bucket[h % MEMO_BUCKETS];
	mm->bucket[h % MEMO_BUCKETS] = e;
	mm->n++;
}
