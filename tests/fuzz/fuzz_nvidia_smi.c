/* SPDX-License-Identifier: MIT */
/* fuzz_nvidia_smi.c: libFuzzer harness for the nvidia-smi ingest parser. */
#include "fuzz_ingest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_ingest(data, size, "nvidia-smi");
}
