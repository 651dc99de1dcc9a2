/* SPDX-License-Identifier: MIT */
/* cmd_sensors.c: lca sensors, which energy sensors lca track can read. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "../banned.h"

static const cli_opt opts[] = {
    {"help", 0, "show this help"},
    {NULL, 0, NULL},
};

static int on_opt(void *ud, const cli_opt *o, const char *value, lca_error *err)
{
	(void)o;
	(void)value;
	(void)err;
	*(int *)ud = 1;
	return 0;
}

int cmd_sensors(cli_ctx *ctx, int argc, char **argv)
{
	static const char *const kinds[] = {"rapl", "nvml", "amdgpu", "model"};
	static lca_sensors ss;
	int help = 0, rc, i, found = 0;

	rc = cli_parse(argc, argv, opts, on_opt, NULL, &help, &ctx->err);
	if (rc)
		return rc;
	if (help) {
		printf("usage: lca sensors\n\nLists Linux powercap RAPL "
		       "zones, NVIDIA GPUs (NVML, loaded at run time),\n"
		       "amdgpu hwmon power files, and whether each can be "
		       "read.  LCA_SYSFS_ROOT=DIR\nreads DIR/sys instead of "
		       "/sys.\n");
		return 0;
	}
	rc = lca_sensors_probe(&ss, &ctx->err);
	if (rc)
		return rc;
	for (i = 0; i < ss.n; i++) {
		const lca_sensor *s = &ss.s[i];
		found += s->found;
		printf("%-7s %-16s %-9s %s\n", kinds[s->kind], s->name,
		       s->found ? "found" : "not found", s->detail);
	}
	printf("%-7s %-16s %-9s %s\n", "model", "cpu-time",
	       found ? "fallback" : "in use",
	       "CPU time of the process tree x TDP per core + memory x "
	       "0.3725 W/GB (a model, not a measurement)");
	lca_sensors_release(&ss);
	return 0;
}
