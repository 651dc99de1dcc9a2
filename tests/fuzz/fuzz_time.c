/* SPDX-License-Identifier: MIT */
/* fuzz_time.c: libFuzzer harness for the ISO 8601 time parser (lca_time_parse).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lca/series.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	long long t;
	char buf[64];

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (lca_time_parse(s, &t) == 0) {
		long long back;
		/* what it prints it must read back, to the minute */
		lca_time_format(t, buf, sizeof(buf));
		if (lca_time_parse(buf, &back) ||
		    back != t - (t % 60 + 60) % 60)
			abort();
	}
	free(s);
	return 0;
}
