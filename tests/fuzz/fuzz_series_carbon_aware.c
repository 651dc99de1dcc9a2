/* SPDX-License-Identifier: MIT */
/* fuzz_series_carbon_aware.c: lca grid import of Carbon Aware SDK JSON
 * (libFuzzer harness). */
#include "fuzz_series.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_series(data, size, "carbon-aware");
}
