/* SPDX-License-Identifier: MIT */
/* fuzz_series_watttime.c: lca grid import of WattTime CSV
 * (libFuzzer harness). */
#include "fuzz_series.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_series(data, size, "watttime");
}
