/* SPDX-License-Identifier: MIT */
/* bigbuf.c: buffers of a megabyte and more, on huge pages where the kernel
 * offers them. */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS, madvise */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

#include "lca_int.h"
#include "banned.h"

/*
 * Every 4 KiB page a process touches for the first time is a page fault;
 * on the virtual machines lca was measured on one costs about 14 us,
 * zeroing included (tests/bench: 2,048 pages of a fresh mapping took
 * 45 ms touched one by one, 3.4 ms as four 2 MiB transparent huge
 * pages).  lca plan's hourly arrays (a year of 16 zones, 2 MB) and the
 * Monte Carlo's draws are such buffers, so they are mapped here: aligned
 * to 2 MiB and marked MADV_HUGEPAGE, which the kernel honours when
 * transparent huge pages are "madvise" or "always" and falls back from
 * silently.  The mapping's base and length sit just before the buffer.
 */
#define HUGE_SZ ((size_t)2 << 20)
#define HEAD	64

typedef struct big_head {
	void *base;
	size_t len;
} big_head;

void *lca__big_alloc(size_t n)
{
	size_t len;
	unsigned char *base;
	uintptr_t at;
	big_head h;

	if (n > SIZE_MAX - 2 * HUGE_SZ)
		return NULL;
	len = n + HUGE_SZ + HEAD;
	base = mmap(NULL, len, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED)
		return NULL;
	at = ((uintptr_t)base + HEAD + HUGE_SZ - 1) & ~(uintptr_t)(HUGE_SZ - 1);
#ifdef MADV_HUGEPAGE
	if (n >= HUGE_SZ / 2)
		madvise((void *)at, (uintptr_t)base + len - at, MADV_HUGEPAGE);
#endif
	h.base = base;
	h.len = len;
	memcpy((unsigned char *)at - HEAD, &h, sizeof(h));
	return (void *)at;
}

void lca__big_free(void *p)
{
	big_head h;

	if (!p)
		return;
	memcpy(&h, (unsigned char *)p - HEAD, sizeof(h));
	munmap(h.base, h.len);
}
