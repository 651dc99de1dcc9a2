/* SPDX-License-Identifier: MIT */
/* fuzz_generic.c: libFuzzer harness for the generic ingest parser. */
#include "fuzz_ingest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_ingest(data, size, "generic");
}
