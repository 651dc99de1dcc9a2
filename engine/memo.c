/* SPDX-License-Identifier: MIT */
/* memo.c: the catalog handle's memo of lookups, read once and re-read when
 * the catalog database changes. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "lca_int.h"
#include "catalog_store.h"
#include "lca/series.h"
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
 * PRAGMA data_version.  Inside a write transaction nothing is memoised
 * (it may roll back); a read transaction may (txn_ok).
 *
 * Across processes: a whole `lca estimate` spent most of its instructions
 * parsing the catalog's schema and preparing a dozen statements for a
 * dozen rows.  So a handle leaves its memo beside the database
 * (DB-lcamemo, written when it is freed, if it learnt anything), stamped
 * with the database's change counter, size, modification time and inode;
 * the next process loads it at open when the stamp still matches and the
 * datasets' fingerprint is the one the catalog was built from, and then
 * answers every lookup it holds without SQLite reading the schema.  Any
 * commit to the database moves the stamp and the file is ignored (and
 * replaced).  The file holds the in-memory layout of the answers, so it
 * also records the layout it was written with.
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

/* An entry of the file beside the database, read in place. */
typedef struct memo_ref {
	struct memo_ref *next;
	const memo_entry *e;
} memo_ref;

struct lca__memo {
	memo_entry *bucket[MEMO_BUCKETS]; /* learnt by this handle */
	memo_ref *mapped[MEMO_BUCKETS];	  /* loaded from the file */
	memo_ref *refs;			  /* the nodes of mapped[] */
	void *map;			  /* the file, mapped; or NULL */
	size_t map_len;
	/* the file's large answers, [large_at, map_len): indexed (into
	 * large_refs) when the first one is asked for */
	size_t large_at;
	int large_done;
	memo_ref *large_refs;
	size_t large_bytes; /* of large answers held, mapped or learnt */
	int n;
	int have_stamp;
	uint64_t stamp;
	int dirty; /* entries added since the file was read or written */
	int hold;  /* in one computation: the stamp was checked at its start */
	int held;
	/* the database file's first page, mapped (shared: other processes'
	 * commits show) so that reading its change counter is no system
	 * call; NULL until mapped, or when it could not be */
	const unsigned char *page;
	int page_tried;
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
		mm->mapped[i] = NULL;
	}
	free(mm->refs);
	mm->refs = NULL;
	free(mm->large_refs);
	mm->large_refs = NULL;
	if (mm->map)
		munmap(mm->map, mm->map_len);
	mm->map = NULL;
	mm->large_at = mm->map_len = mm->large_bytes = 0;
	mm->large_done = 0;
	mm->n = 0;
}

void lca__memo_free(struct lca__memo *mm)
{
	if (!mm)
		return;
	memo_clear(mm);
	if (mm->page)
		munmap((void *)(uintptr_t)mm->page, 4096);
	free(mm);
}

/* Maps the database file's first 4 KiB (it holds the 100-byte header). */
static void map_page(lca_catalog *cat, struct lca__memo *mm)
{
	struct stat sb;
	void *p;
	int fd;

	mm->page_tried = 1;
	fd = open(lca_catalog_path(cat), O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	if (!fstat(fd, &sb) && sb.st_size >= 100) {
		p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
		if (p != MAP_FAILED)
			mm->page = p;
	}
	close(fd);
}

/* The database's change stamp (see the top of the file); 0 when it cannot
 * be read, and *ok = 0 then (nothing is memoised). */
static uint64_t db_stamp(lca_catalog *cat, int *ok)
{
	sqlite3 *db = lca__catalog_db_now(cat);
	struct lca__memo *mm = *lca__catalog_memo(cat);
	sqlite3_file *f = NULL;
	unsigned char h[10];
	/* a connection not opened yet has made no changes */
	uint64_t own = db ? (uint64_t)sqlite3_total_changes64(db) : 0;

	*ok = 1;
	if (mm && !mm->page_tried)
		map_page(cat, mm);
	if (mm && mm->page)
		memcpy(h, mm->page + 18, sizeof(h));
	if (!(mm && mm->page && h[0] == 1) && !db &&
	    !(db = lca_catalog_db(cat))) {
		*ok = 0;
		return 0;
	}
	if ((mm && mm->page && h[0] == 1) ||
	    (sqlite3_file_control(db, "main", SQLITE_FCNTL_FILE_POINTER, &f) ==
		 SQLITE_OK &&
	     f && f->pMethods &&
	     f->pMethods->xRead(f, h, 10, 18) == SQLITE_OK &&
	     h[0] == 1)) /* rollback journal: the header counter moves */
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

/*
 * Whether the memo may be read and filled now: outside a transaction (or
 * in one that has read nothing yet), or in one that has only read a
 * rollback-journal database (lca plan reads a few hundred rows in one): until
 * it ends no other process can commit (a commit waits for its shared lock) and
 * nothing it read can roll back. Not in a write transaction, nor in a WAL
 * database's (a reader's snapshot there can be older than the stamp).
 */
static int txn_ok(lca_catalog *cat, struct lca__memo *mm)
{
	sqlite3 *db = lca__catalog_db_now(cat);
	int state;

	if (!db || sqlite3_get_autocommit(db))
		return 1; /* not opened yet: no transaction either */
	/* a BEGIN that has read nothing yet holds no lock and no snapshot:
	 * as outside a transaction (lca plan's first lookup missed, read SQL
	 * and left one more copy of its answer in the memo file each run) */
	state = sqlite3_txn_state(db, "main");
	if (state == SQLITE_TXN_NONE)
		return 1;
	if (state != SQLITE_TXN_READ || !mm)
		return 0;
	if (!mm->page_tried)
		map_page(cat, mm);
	return mm->page && mm->page[18] == 1;
}

/* The memo of cat, emptied if the database changed; NULL when nothing may
 * be memoised now (in a write transaction, a stamp that cannot be read,
 * out of memory). */
static struct lca__memo *memo_fresh(lca_catalog *cat)
{
	struct lca__memo **slot = lca__catalog_memo(cat);
	uint64_t stamp;
	int ok;

	if (!*slot && !(*slot = calloc(1, sizeof(**slot))))
		return NULL;
	if (!txn_ok(cat, *slot))
		return NULL;
	if ((*slot)->hold && (*slot)->held)
		return *slot;
	stamp = db_stamp(cat, &ok);
	if (!ok)
		return NULL;
	if (!(*slot)->have_stamp || (*slot)->stamp != stamp) {
		memo_clear(*slot);
		(*slot)->stamp = stamp;
		(*slot)->have_stamp = 1;
	}
	(*slot)->held = (*slot)->hold;
	return *slot;
}

void lca__memo_hold(lca_catalog *cat, int on)
{
	struct lca__memo *mm = *lca__catalog_memo(cat);

	if (mm) {
		mm->hold = on;
		mm->held = 0;
	}
}

static void index_large(struct lca__memo *mm);

/* The entry holding k's answer, or NULL; large: look among the file's
 * large answers too. */
static const memo_entry *find(struct lca__memo *mm, const lca__key *k,
			      int large)
{
	uint64_t h = key_hash(k);
	const memo_entry *e;
	const memo_ref *r;
	int pass;

	for (e = mm->bucket[h % MEMO_BUCKETS]; e; e = e->next)
		if (e->hash == h && e->klen == k->n &&
		    !memcmp((const unsigned char *)e->data + e->size, k->b,
			    k->n))
			return e;
	for (pass = 0; pass < 2; pass++) {
		for (r = mm->mapped[h % MEMO_BUCKETS]; r; r = r->next)
			if (r->e->hash == h && r->e->klen == k->n &&
			    !memcmp((const unsigned char *)r->e->data +
					r->e->size,
				    k->b, k->n))
				return r->e;
		if (!large || mm->large_done || !mm->map)
			break;
		index_large(mm);
	}
	return NULL;
}

int lca__memo_get(lca_catalog *cat, const lca__key *k, void *out, size_t size,
		  int *rc, lca_error *err)
{
	struct lca__memo *mm;
	const memo_entry *e;

	if (!k->ok || !(mm = memo_fresh(cat)) ||
	    !(e = find(mm, k, size > LCA_MEMO_LARGE)) || e->size != size)
		return 0;
	memcpy(out, e->data, size);
	*rc = e->rc;
	if (e->has_err && err)
		*err = e->err;
	return 1;
}

const void *lca__memo_peek(lca_catalog *cat, const lca__key *k, size_t *size)
{
	struct lca__memo *mm;
	const memo_entry *e;

	if (!k->ok || !(mm = memo_fresh(cat)) || !(e = find(mm, k, 1)) || e->rc)
		return NULL;
	*size = e->size;
	return e->data;
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
	    !txn_ok(cat, mm))
		return;
	if (size > LCA_MEMO_LARGE) {
		/* the file's large answers are all known before one is added
		 * (none twice), and they stay a bounded part of it */
		if (mm->map && !mm->large_done)
			index_large(mm);
		if (mm->large_bytes > LCA_MEMO_LARGE_MAX ||
		    size > LCA_MEMO_LARGE_MAX - mm->large_bytes)
			return;
	}
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
	if (size > LCA_MEMO_LARGE)
		mm->large_bytes += size;
	e->next = mm->bucket[h % MEMO_BUCKETS];
	mm->bucket[h % MEMO_BUCKETS] = e;
	mm->n++;
	mm->dirty = 1;
}

/* ---- the memo beside the database ------------------------------------ */

#define MEMO_FILE_MAGIC "lca-memo 3"
#define MEMO_FILE_MAX	(8 << 20)

/* What the file's answers depend on: the database file as it is now (its
 * header change counter and stat), the datasets it was built from, and
 * the layout of the structs the answers are copies of. */
typedef struct file_stamp {
	char magic[16];
	uint64_t layout;
	uint32_t counter;
	uint32_t pad;
	int64_t size, mtime_s, mtime_ns, ino, dev;
	char fingerprint[32];
	char version[32];
	/* the large answers start here (the others before; see
	 * lca__memo_peek), and entries start 16-byte aligned */
	uint64_t large_at;
} file_stamp;

_Static_assert(sizeof(file_stamp) % 16 == 0, "entries start aligned");

/* Bytes of an entry in the file: padded so that the next one starts
 * aligned, as the file is read in place. */
static size_t entry_bytes(const memo_entry *e)
{
	return (sizeof(*e) + e->size + e->klen + 15) & ~(size_t)15;
}

static uint64_t layout_hash(void)
{
	/* sizes and the offset of the last field of every answer type */
	const uint64_t v[] = {sizeof(lca_accel),
			      sizeof(lca_region),
			      sizeof(lca_pue),
			      sizeof(lca_cpu),
			      sizeof(lca_node),
			      sizeof(lca_factor),
			      sizeof(lca_error),
			      sizeof(lca_resolution),
			      sizeof(memo_entry),
			      offsetof(lca_accel, user),
			      offsetof(lca_region, pue_source),
			      offsetof(lca_pue, source),
			      offsetof(lca_cpu, source),
			      offsetof(lca_node, source),
			      offsetof(lca_factor, source),
			      offsetof(lca_error, message),
			      sizeof(lca_series_info),
			      offsetof(lca_series_info, step_s),
			      LCA_MEMO_SAMPLES};
	lca__key k;

	lca__key_init(&k, 0);
	key_add(&k, v, sizeof(v));
	key_add(&k, LCA_VERSION, sizeof(LCA_VERSION));
	return key_hash(&k);
}

/* The stamp of the database file now; 0 when it cannot be read. */
static int file_stamp_now(lca_catalog *cat, file_stamp *fs,
			  const char *fingerprint)
{
	sqlite3_file *f = NULL;
	sqlite3 *db = lca__catalog_db_now(cat);
	unsigned char h[10];
	struct stat sb;
	int ok;

	memset(fs, 0, sizeof(*fs));
	if (db) /* through the connection's own file */
		ok = sqlite3_file_control(db, "main", SQLITE_FCNTL_FILE_POINTER,
					  &f) == SQLITE_OK &&
		     f && f->pMethods &&
		     f->pMethods->xRead(f, h, 10, 18) == SQLITE_OK;
	else { /* not opened (yet): the file's header, as SQLite reads it */
		int fd = open(lca_catalog_path(cat), O_RDONLY | O_CLOEXEC);
		ok = fd >= 0 && pread(fd, h, 10, 18) == 10;
		if (fd >= 0)
			close(fd);
	}
	if (!ok || h[0] != 1 || stat(lca_catalog_path(cat), &sb))
		return 0;
	memcpy(fs->magic, MEMO_FILE_MAGIC, sizeof(MEMO_FILE_MAGIC));
	fs->layout = layout_hash();
	fs->counter = (uint32_t)h[6] << 24 | (uint32_t)h[7] << 16 |
		      (uint32_t)h[8] << 8 | (uint32_t)h[9];
	fs->size = (int64_t)sb.st_size;
	fs->mtime_s = (int64_t)sb.st_mtim.tv_sec;
	fs->mtime_ns = (int64_t)sb.st_mtim.tv_nsec;
	fs->ino = (int64_t)sb.st_ino;
	fs->dev = (int64_t)sb.st_dev;
	lca__strlcpy(fs->fingerprint, fingerprint, sizeof(fs->fingerprint));
	return 1;
}

static void memo_file_path(lca_catalog *cat, char *out, size_t n)
{
	lca__fmt(out, n, "%s-lcamemo", lca_catalog_path(cat));
}

/* The file at path, mapped read-only; NULL when it cannot be. */
static void *map_file(const char *path, size_t *len)
{
	struct stat sb;
	void *p = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	if (!fstat(fd, &sb) && sb.st_size >= (off_t)sizeof(file_stamp) &&
	    sb.st_size <= MEMO_FILE_MAX) {
		*len = (size_t)sb.st_size;
		p = mmap(NULL, *len, PROT_READ, MAP_PRIVATE, fd, 0);
		if (p == MAP_FAILED)
			p = NULL;
	}
	close(fd);
	return p;
}

/* The number of whole entries in data[from, to), or -1 when they do not
 * end exactly at to (a torn or foreign file). */
static long walk(const unsigned char *data, size_t from, size_t to)
{
	size_t at;
	long n = 0;

	for (at = from; at + sizeof(memo_entry) <= to; n++) {
		const memo_entry *e = (const memo_entry *)(data + at);
		if (e->klen > sizeof(((lca__key *)0)->b) ||
		    e->size > MEMO_FILE_MAX ||
		    e->size + e->klen > to - at - sizeof(*e) ||
		    entry_bytes(e) > to - at)
			break;
		at += entry_bytes(e);
	}
	return at == to ? n : -1;
}

/* Indexes the n entries at data + at through refs. */
static void link_refs(struct lca__memo *mm, memo_ref *refs,
		      const unsigned char *data, size_t at, long n)
{
	long i;

	for (i = 0; i < n; i++) {
		memo_ref *r = &refs[i];
		r->e = (const memo_entry *)(data + at);
		r->next = mm->mapped[r->e->hash % MEMO_BUCKETS];
		mm->mapped[r->e->hash % MEMO_BUCKETS] = r;
		at += entry_bytes(r->e);
	}
	mm->n += (int)n;
}

/* The file's large answers, indexed when the first is asked for: an
 * estimate never asks for a series' samples, and reading their headers
 * would touch a page of the file each. */
static void index_large(struct lca__memo *mm)
{
	const unsigned char *data = mm->map;
	long n = walk(data, mm->large_at, mm->map_len);

	mm->large_done = 1;
	if (n > 0 && (mm->large_refs = malloc(sizeof(memo_ref) * (size_t)n)))
		link_refs(mm, mm->large_refs, data, mm->large_at, n);
	else
		mm->large_bytes = 0; /* torn: as if there were none */
}

/*
 * The entries are read where they lie in the mapped file (a plan's memo
 * is some 100 KB: copying it into a heap entry each was a page fault per
 * 4 KB, a fifth of a whole `lca estimate`'s); only an index of them is
 * allocated.  A writer replaces the file by rename, never in place, so
 * the mapped copy stays whole.
 */
int lca__memo_load(lca_catalog *cat, const char *fingerprint, char *version,
		   size_t vlen)
{
	struct lca__memo **slot = lca__catalog_memo(cat);
	file_stamp now, was;
	char path[1200];
	const unsigned char *data;
	void *map;
	size_t len = 0;
	long n;
	int ok;

	if (!file_stamp_now(cat, &now, fingerprint))
		return 0;
	memo_file_path(cat, path, sizeof(path));
	if (!(map = map_file(path, &len)))
		return 0;
	data = map;
	memcpy(&was, data, sizeof(was));
	memcpy(now.version, was.version, sizeof(now.version));
	now.large_at = was.large_at;
	if (memcmp(&was, &now, sizeof(was)) || !was.version[0] ||
	    was.large_at < sizeof(was) || was.large_at > len ||
	    was.large_at % 16)
		goto fail;
	/* the entries before the large ones, checked whole before any is
	 * used (torn or foreign: start empty) */
	if ((n = walk(data, sizeof(was), (size_t)was.large_at)) < 0)
		goto fail;
	if (!*slot && !(*slot = calloc(1, sizeof(**slot))))
		goto fail;
	memo_clear(*slot);
	(*slot)->stamp = db_stamp(cat, &ok);
	(*slot)->have_stamp = ok;
	if (!ok || (n && !((*slot)->refs = malloc(sizeof(memo_ref) * n))))
		goto fail;
	link_refs(*slot, (*slot)->refs, data, sizeof(was), n);
	(*slot)->map = map;
	(*slot)->map_len = len;
	(*slot)->large_at = (size_t)was.large_at;
	(*slot)->large_done = was.large_at == len;
	(*slot)->large_bytes = len - (size_t)was.large_at;
	(*slot)->dirty = 0;
	lca__strlcpy(version, was.version, vlen);
	return 1;
fail:
	munmap(map, len);
	return 0;
}

/* Writes e and the padding after it. */
static int write_entry(FILE *fp, const memo_entry *e)
{
	static const unsigned char zero[16];
	size_t len = sizeof(*e) + e->size + e->klen;

	return fwrite(e, len, 1, fp) != 1 ||
	       fwrite(zero, entry_bytes(e) - len, 1, fp) !=
		   (entry_bytes(e) > len);
}

/* Writes the entries of mm, the large ones (pass 1) or the others (pass
 * 0); with write 0, only adds up their bytes into *bytes.  1 on a write
 * error. */
static int write_pass(FILE *fp, const struct lca__memo *mm, int pass, int write,
		      size_t *bytes)
{
	int i, bad = 0;

	for (i = 0; i < MEMO_BUCKETS && !bad; i++) {
		const memo_entry *e;
		const memo_ref *r;
		for (e = mm->bucket[i]; e && !bad; e = e->next) {
			if ((e->size > LCA_MEMO_LARGE) != pass)
				continue;
			*bytes += entry_bytes(e);
			bad |= write && write_entry(fp, e);
		}
		for (r = mm->mapped[i]; r && !bad; r = r->next) {
			if ((r->e->size > LCA_MEMO_LARGE) != pass)
				continue;
			*bytes += entry_bytes(r->e);
			bad |= write && write_entry(fp, r->e);
		}
	}
	return bad;
}

void lca__memo_save(lca_catalog *cat, const char *fingerprint,
		    const char *version)
{
	struct lca__memo *mm = *lca__catalog_memo(cat);
	file_stamp now;
	char path[1200], tmp[1300];
	size_t small = 0, large = 0;
	FILE *fp;
	int ok, bad = 0;

	/* only what was read under the database's present state */
	if (!mm || !mm->dirty || !mm->have_stamp || !version || !version[0] ||
	    !lca__catalog_db_now(cat) || db_stamp(cat, &ok) != mm->stamp ||
	    !ok || !sqlite3_get_autocommit(lca__catalog_db_now(cat)) ||
	    !file_stamp_now(cat, &now, fingerprint))
		return;
	lca__strlcpy(now.version, version, sizeof(now.version));
	(void)write_pass(NULL, mm, 0, 0, &small);
	now.large_at = sizeof(now) + small;
	memo_file_path(cat, path, sizeof(path));
	lca__fmt(tmp, sizeof(tmp), "%s.%ld", path, (long)getpid());
	if (!(fp = fopen(tmp, "wb")))
		return;
	bad |= fwrite(&now, sizeof(now), 1, fp) != 1;
	bad |= write_pass(fp, mm, 0, 1, &small);
	bad |= write_pass(fp, mm, 1, 1, &large);
	/* the old file's large answers, never asked for: as they were */
	if (!bad && mm->map && !mm->large_done && mm->map_len > mm->large_at)
		bad |= fwrite((const unsigned char *)mm->map + mm->large_at,
			      mm->map_len - mm->large_at, 1, fp) != 1;
	bad |= fclose(fp) != 0;
	/* a reader sees the old file or the new one, never half of one */
	if (bad || rename(tmp, path))
		remove(tmp);
	else
		mm->dirty = 0;
}
