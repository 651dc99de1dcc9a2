/* SPDX-License-Identifier: MIT */
/* field.c: the job's input fields (LCA_FIELD_MAP): keys, units, ranges and
 * help, read by the job parser, the errors and every client. */
#include <string.h>

#include "lca_int.h"
#include "banned.h"

/*
 * Allowed ranges.  They reject impossible or absurd values, not unusual
 * ones: 1e14 parameters is 100x the largest model announced by 2025;
 * a grid above 2000 gCO2e/kWh is beyond any grid on record (lignite plants
 * run near 1,100); a PUE below 1 is impossible by definition.
 */
static const lca_field_info fields[LCA_F__COUNT] = {
    [LCA_F_PHASE] = {"phase", 1, 0, 0, 0, "",
		     "training, inference or experiments"},
    [LCA_F_NAME] = {"name", 1, 0, 0, 0, "", "a label for the job or phase"},
    [LCA_F_PARAMS] = {"params", 0, 0, 1e14, 1, "parameters",
		      "total model parameters"},
    [LCA_F_ACTIVE_PARAMS] =
	{"active-params", 0, 0, 1e14, 1, "parameters",
	 "parameters active per token (mixture of experts)"},
    [LCA_F_TOKENS] = {"tokens", 0, 0, 1e16, 1, "tokens", "training tokens"},
    [LCA_F_FLOPS] = {"flops", 0, 0, 1e30, 1, "FLOP",
		     "total compute, instead of 6 x params x tokens"},
    [LCA_F_GPU] = {"gpu", 1, 0, 0, 0, "",
		   "accelerator name (lca catalog list gpus)"},
    [LCA_F_GPUS] = {"gpus", 0, 1, 1e7, 0, "devices", "number of accelerators"},
    [LCA_F_DEVICES_PER_NODE] = {"devices-per-node", 0, 1, 64, 0, "devices",
				"accelerators per server"},
    [LCA_F_HOURS] = {"hours", 0, 0, 1e6, 1, "h", "wall-clock hours"},
    [LCA_F_DAYS] = {"days", 0, 0, 41667, 1, "days", "wall-clock days"},
    [LCA_F_GPU_HOURS] = {"gpu-hours", 0, 0, 1e11, 1, "device-h",
			 "accelerator-hours"},
    [LCA_F_MFU] = {"mfu", 0, 0, 1, 1, "fraction", "model FLOPs utilisation"},
    [LCA_F_PRECISION] = {"precision", 1, 0, 0, 0, "",
			 "bf16 (default), fp16, fp8, tf32 or fp32 peak"},
    [LCA_F_POWER] = {"power", 0, 0, 5000, 1, "W",
		     "average draw per accelerator"},
    [LCA_F_POWER_FRACTION] = {"power-fraction", 0, 0, 1.5, 1, "fraction of TDP",
			      "average draw as a fraction of TDP"},
    [LCA_F_HOST_POWER] = {"host-power", 0, 0, 50000, 0, "W",
			  "host draw per node (0 disables)"},
    [LCA_F_CPU] = {"cpu", 1, 0, 0, 0, "", "host CPU model"},
    [LCA_F_CPU_SOCKETS] = {"cpu-sockets", 0, 0, 16, 0, "sockets",
			   "CPUs per node"},
    [LCA_F_MEMORY_GB] = {"memory-gb", 0, 0, 1e5, 0, "GB",
			 "host memory per node"},
    [LCA_F_IDLE_KWH] = {"idle-kwh", 0, 0, 1e10, 0, "kWh",
			"idle and infrastructure IT energy"},
    [LCA_F_IDLE_FRACTION] =
	{"idle-fraction", 0, 0, 10, 0, "fraction",
	 "idle energy as a fraction of dynamic + host energy"},
    [LCA_F_ENERGY_KWH] = {"energy-kwh", 0, 0, 1e10, 0, "kWh",
			  "measured IT energy"},
    [LCA_F_PUE] = {"pue", 0, 1, 3, 0, "ratio", "power usage effectiveness"},
    [LCA_F_REGION] = {"region", 1, 0, 0, 0, "",
		      "country, grid zone or cloud region"},
    [LCA_F_GRID] = {"grid", 0, 0, 2000, 0, "gCO2e/kWh",
		    "grid carbon intensity"},
    [LCA_F_MARKET_GRID] = {"market-grid", 0, 0, 2000, 0, "gCO2e/kWh",
			   "market-based intensity of the supplier or PPA mix "
			   "(Scope 2 market-based)"},
    [LCA_F_CFE] = {"cfe", 0, 0, 1, 0, "fraction",
		   "carbon-free energy share: market-based = intensity x "
		   "(1 - cfe)"},
    [LCA_F_LIFETIME] = {"lifetime", 0, 0, 30, 1, "years", "hardware lifetime"},
    [LCA_F_UTILIZATION] = {"utilization", 0, 0, 1, 1, "fraction",
			   "share of the hardware's life in use"},
    [LCA_F_EMBODIED_MODEL] = {"embodied-model", 1, 0, 0, 0, "",
			      "per-device, die-area or none"},
    [LCA_F_DEVICE_EMBODIED_KG] = {"device-embodied-kg", 0, 0, 1e5, 0, "kgCO2e",
				  "manufacturing emissions per accelerator"},
    [LCA_F_SERVER_EMBODIED_KG] = {"server-embodied-kg", 0, 0, 1e6, 0, "kgCO2e",
				  "manufacturing emissions per server"},
    [LCA_F_REQUESTS] = {"requests", 0, 0, 1e15, 0, "requests",
			"inference requests"},
    [LCA_F_TOKENS_PER_REQUEST] = {"tokens-per-request", 0, 0, 1e7, 1, "tokens",
				  "tokens processed per request"},
    [LCA_F_START] = {"start", 1, 0, 0, 0, "",
		     "start time, ISO 8601 (UTC or with offset): hourly grid "
		     "intensity instead of the yearly mean"},
    [LCA_F_MAX_GAP] = {"max-gap", 0, 0, 8760, 0, "h",
		       "longest gap in a grid series to interpolate (default "
		       "3)"},
    [LCA_F_SIGNAL] = {"signal", 1, 0, 0, 0, "",
		      "grid signal: lifecycle, direct, average or marginal"},
};

const lca_field_info *lca_field_info_get(int field)
{
	if (field < 0 || field >= LCA_F__COUNT)
		return NULL;
	return &fields[field];
}

static int key_eq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char ca = *a == '_' ? '-' : *a, cb = *b == '_' ? '-' : *b;
		if (ca != cb)
			return 0;
	}
	return *a == *b;
}

int lca_field_lookup(const char *key)
{
	int i;

	for (i = 0; i < LCA_F__COUNT; i++)
		if (key_eq(key, fields[i].key))
			return i;
	return -1;
}

/* Counts (parameters, tokens, FLOPs, devices, requests) take SI suffixes:
 * --params 70B, --tokens 15T. */
int lca_field_is_count(int field)
{
	static const char *const units[] = {
	    "parameters", "tokens",   "FLOP", "devices",
	    "device-h",	  "requests", NULL};
	const lca_field_info *fi = lca_field_info_get(field);
	int i;

	for (i = 0; fi && units[i]; i++)
		if (!strcmp(fi->unit, units[i]))
			return 1;
	return 0;
}
