/* SPDX-License-Identifier: MIT */
/* fuzz_claim.c: libFuzzer harness for the claim parser
 * (lca_claims_parse_json). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "lca/audit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lca_claim *claims = NULL;
	lca_error err;
	int n = 0;

	(void)lca_claims_parse_json(&claims, &n, (const char *)data, size,
				    "fuzz", &err);
	free(claims);
	return 0;
}
