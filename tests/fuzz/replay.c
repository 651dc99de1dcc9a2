/* SPDX-License-Identifier: MIT */
/* replay.c: runs a fuzz harness over files named on the command line (no
 * libFuzzer needed). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
	int i, n = 0;

	for (i = 1; i < argc; i++) {
		FILE *fp = fopen(argv[i], "rb");
		uint8_t *buf;
		long len;

		if (!fp || fseek(fp, 0, SEEK_END) || (len = ftell(fp)) < 0) {
			fprintf(stderr, "cannot read %s\n", argv[i]);
			return 1;
		}
		rewind(fp);
		buf = malloc((size_t)len + 1);
		if (!buf || fread(buf, 1, (size_t)len, fp) != (size_t)len) {
			fprintf(stderr, "cannot read %s\n", argv[i]);
			return 1;
		}
		fclose(fp);
		LLVMFuzzerTestOneInput(buf, (size_t)len);
		free(buf);
		n++;
	}
	printf("replayed %d inputs\n", n);
	return n > 0 ? 0 : 1;
}
