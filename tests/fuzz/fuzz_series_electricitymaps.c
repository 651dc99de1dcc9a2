/* SPDX-License-Identifier: MIT */
/* fuzz_series_electricitymaps.c: lca grid import of Electricity Maps CSV
 * (libFuzzer harness). */
#include "fuzz_series.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_series(data, size, "electricitymaps");
}
