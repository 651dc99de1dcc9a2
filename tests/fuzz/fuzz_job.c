/* SPDX-License-Identifier: MIT */
/* fuzz_job.c: libFuzzer harness for the job-file parser (lca_job_parse_json).
 */
#include <stddef.h>
#include <stdint.h>

#include "lca/lca.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lca_job job;
	lca_error err;

	lca_job_init(&job);
	(void)lca_job_parse_json(&job, (const char *)data, size, "fuzz", &err);
	lca_job_release(&job);
	return 0;
}
