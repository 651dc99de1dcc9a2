/* SPDX-License-Identifier: MIT */
/* fuzz_ingest.h: the body of the ingest parsers' libFuzzer harnesses. */
#ifndef LCA_FUZZ_INGEST_H
#define LCA_FUZZ_INGEST_H

#include <stddef.h>
#include <stdint.h>

#include "lca/ledger.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int fuzz_on_run(lca_run *r, void *ud, lca_error *err)
{
	(void)r;
	(void)ud;
	(void)err;
	return 0;
}

static int fuzz_ingest(const uint8_t *data, size_t size, const char *format)
{
	lca_ingest_opts o = {format, 60.0, 0};
	lca_error err;

	(void)lca_ingest_buffer((const char *)data, size, "fuzz", &o,
				fuzz_on_run, NULL, &err);
	return 0;
}

#endif
