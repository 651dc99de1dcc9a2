/* SPDX-License-Identifier: MIT */
/* fuzz_series_eia930.c: lca grid import of EIA-930 CSV
 * (libFuzzer harness). */
#include "fuzz_series.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_series(data, size, "eia930");
}
