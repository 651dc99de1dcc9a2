/* SPDX-License-Identifier: MIT */
/* prefix.c: where an installed liblca finds its datasets.  An install puts
 * the library at <prefix>/<libdir>, the binary at <prefix>/<bindir> and the
 * datasets at <prefix>/<datadir>/lca/datasets (CMakeLists.txt), so the
 * folder is found from the file the running code was loaded from: no path
 * of the build machine is needed once installed. */
#define _GNU_SOURCE /* dladdr */
#include <dlfcn.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lca_int.h"
#include "banned.h"

#ifndef LCA_BIN_TO_DATA
#define LCA_BIN_TO_DATA "../share/lca/datasets"
#endif
#ifndef LCA_LIB_TO_DATA
#define LCA_LIB_TO_DATA "../share/lca/datasets"
#endif

/* 1 when the folder rel, relative to the folder holding file, holds the
 * datasets; its path goes to out. */
static int try_near(const char *file, const char *rel, char *out, size_t n)
{
	char probe[PATH_MAX + 64];
	const char *slash = file ? strrchr(file, '/') : NULL;
	struct stat st;
	char *real;
	int dir_len;

	if (!slash || slash - file >= PATH_MAX)
		return 0;
	dir_len = (int)(slash - file);
	lca__fmt(probe, sizeof(probe), "%.*s/%s/accelerators.csv", dir_len,
		 file, rel);
	if (stat(probe, &st) || !S_ISREG(st.st_mode))
		return 0;
	probe[strlen(probe) - strlen("/accelerators.csv")] = '\0';
	real = realpath(probe, NULL); /* "<prefix>/share/...", not "bin/../" */
	lca__strlcpy(out, real ? real : probe, n);
	free(real);
	return 1;
}

int lca__installed_datasets(char *out, size_t n)
{
	char exe[PATH_MAX];
	ssize_t len;
	Dl_info info;

	/* liblca.so (or the binary liblca.a was linked into) */
	if (dladdr((void *)lca__installed_datasets, &info) && info.dli_fname &&
	    strchr(info.dli_fname, '/')) {
		char *real = realpath(info.dli_fname, NULL);
		int ok = real && (try_near(real, LCA_LIB_TO_DATA, out, n) ||
				  try_near(real, LCA_BIN_TO_DATA, out, n));
		free(real);
		if (ok)
			return 1;
	}
	len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (len <= 0)
		return 0;
	exe[len] = '\0';
	return try_near(exe, LCA_BIN_TO_DATA, out, n);
}
