/* SPDX-License-Identifier: MIT */
/* model_power.c: accelerator draw and host (CPU + memory) draw per node. */
#include <math.h>
#include <string.h>

#include "models.h"
#include "../engine/lca_int.h"
#include "../engine/banned.h"

/* Green Algorithms v3.0 (Lannelongue et al. 2021, referenceValues.csv):
 * 0.3725 W per GB of memory. */
#define MEMORY_W_PER_GB 0.3725

/* Devices per server when the catalog has no node for a family: 8, as in
 * the NVIDIA DGX/HGX and BLOOM's Jean Zay nodes (48 nodes x 8 A100). */
#define DEFAULT_DEVICES_PER_NODE 8

static int power(lca_mctx *m)
{
	const lca_accel *a = lca__accel(m);
	double frac = 1.0, watts;
	lca_dist d;
	char text[600];

	if (lca__has(m, LCA_F_POWER)) {
		watts = lca__param_from_field(m, LCA_P_POWER_W, LCA_F_POWER);
		return lca__assume(m, "power_per_device", watts, NULL, "W",
				   lca__origin(m, LCA_F_POWER));
	}
	if (!a)
		return lca_error_set_field(lca__err(m), LCA_EMISSING, LCA_F_GPU,
					   "gpu",
					   "missing input: gpu or power is "
					   "needed for the accelerator draw");
	if (isnan(a->tdp_w))
		/* a usage error: no source gives this device's TDP
		 * (datasets/README.md lists the row as incomplete) */
		return lca_error_set_field(lca__err(m), LCA_EMISSING, LCA_F_GPU,
					   "gpu; give power in W",
					   "no TDP known for '%s'", a->id);
	memset(&d, 0, sizeof(d));
	if (lca__has(m, LCA_F_POWER_FRACTION)) {
		/* a range of fractions is a range of watts */
		lca__param_from_field(m, LCA_P_POWER_W, LCA_F_POWER_FRACTION);
		d = lca__plan(m)->d[LCA_P_POWER_W];
		d.a *= a->tdp_w;
		d.b *= a->tdp_w;
		frac = lca__get(m, LCA_F_POWER_FRACTION);
		lca__fmt(text, sizeof(text), "%s x TDP %.4g W",
			 lca__origin(m, LCA_F_POWER_FRACTION), a->tdp_w);
	} else {
		/* The BLOOM study (Luccioni et al. 2023) and ML CO2 Impact
		 * (Lacoste et al. 2019) take TDP as the average draw during
		 * training; Patterson et al. 2021 measured 330 W for 300 W
		 * V100s on GPT-3, so TDP is not an upper bound.  The spread
		 * (distributions.csv) is fitted to such measurements. */
		int rc = lca__dist_lookup(lca__cat(m), "power_fraction", 1.0,
					  &d, lca__err(m));
		if (rc == LCA_EDB)
			return rc;
		if (rc == 0) {
			/* the log-normal is of the fraction: scale to W */
			d.a += log(a->tdp_w);
			d.lo *= a->tdp_w;
			d.hi *= a->tdp_w;
		}
		lca__fmt(text, sizeof(text),
			 "1.0 x TDP %.4g W (as in Luccioni et al. 2023 and "
			 "Lacoste et al. 2019; Patterson et al. 2021 measured "
			 "1.1 x TDP for GPT-3 on V100)",
			 a->tdp_w);
	}
	watts = frac * a->tdp_w;
	lca__param(m, LCA_P_POWER_W, watts, &d);
	return lca__assume(m, "power_per_device", watts, NULL, "W", text);
}

static int host(lca_mctx *m, double *watts, double *dpn)
{
	const lca_accel *a = lca__accel(m);
	lca_node node;
	lca_cpu cpu;
	lca_error e2;
	const char *cpu_name = NULL;
	double sockets, mem;
	int have_node = 0, rc;
	char text[800];

	if (a) {
		rc = lca__optional(
		    m, lca_catalog_node(lca__cat(m), a->family, &node, &e2),
		    &e2);
		if (rc < 0)
			return rc;
		have_node = rc == 0;
	}
	if (lca__has(m, LCA_F_DEVICES_PER_NODE)) {
		*dpn = lca__get(m, LCA_F_DEVICES_PER_NODE);
		rc = lca__assume(m, "devices_per_node", *dpn, NULL, "devices",
				 lca__origin(m, LCA_F_DEVICES_PER_NODE));
	} else if (have_node) {
		*dpn = node.devices_per_node;
		rc = lca__assume(m, "devices_per_node", *dpn, NULL, "devices",
				 node.source);
	} else {
		*dpn = DEFAULT_DEVICES_PER_NODE;
		rc = lca__assume(m, "devices_per_node", *dpn, NULL, "devices",
				 "lca default: no node for this accelerator in "
				 "datasets/nodes.csv; 8 as in NVIDIA DGX/HGX "
				 "servers and BLOOM's Jean Zay nodes");
	}
	if (rc)
		return rc;
	if (lca__has(m, LCA_F_HOST_POWER)) {
		*watts = lca__get(m, LCA_F_HOST_POWER);
		return lca__assume(m, "host_power_per_node", *watts, NULL, "W",
				   lca__origin(m, LCA_F_HOST_POWER));
	}
	if (lca__has(m, LCA_F_CPU))
		cpu_name = lca__gets(m, LCA_F_CPU);
	else if (have_node && node.cpu[0])
		cpu_name = node.cpu;
	if (!cpu_name) {
		*watts = 0;
		return lca__assume(m, "host_power_per_node", 0, NULL, "W",
				   "not counted: no host node for this "
				   "accelerator in datasets/nodes.csv (give "
				   "host-power or cpu)");
	}
	rc = lca_catalog_cpu(lca__cat(m), cpu_name, "cpu", &cpu, lca__err(m));
	if (rc)
		return lca__blame(m, LCA_F_CPU, rc);
	if (isnan(cpu.tdp_w))
		return lca_error_set_field(lca__err(m), LCA_EDATA, LCA_F_CPU,
					   "cpu",
					   "no TDP known for cpu '%s' (give "
					   "host-power)",
					   cpu.name);
	sockets = lca__has(m, LCA_F_CPU_SOCKETS)
		      ? lca__get(m, LCA_F_CPU_SOCKETS)
		  : have_node && node.cpu_sockets > 0 ? node.cpu_sockets
						      : 1;
	mem = lca__has(m, LCA_F_MEMORY_GB) ? lca__get(m, LCA_F_MEMORY_GB)
	      : have_node && !isnan(node.memory_gb) ? node.memory_gb
						    : 0;
	*watts = sockets * cpu.tdp_w + mem * MEMORY_W_PER_GB;
	lca__fmt(text, sizeof(text),
		 "%g x %s at TDP %.4g W (%s) + %g GB memory x 0.3725 W/GB "
		 "(Green Algorithms v3.0, Lannelongue et al. 2021)%s%s",
		 sockets, cpu.name, cpu.tdp_w, cpu.source, mem,
		 have_node ? "; node: " : "", have_node ? node.source : "");
	return lca__assume(m, "host_power_per_node", *watts, NULL, "W", text);
}

/* Host draw per node in W and accelerators per node into the plan. */
static int host_power(lca_mctx *m)
{
	double watts = 0, dpn = DEFAULT_DEVICES_PER_NODE;
	int rc;

	rc = host(m, &watts, &dpn);
	if (rc)
		return rc;
	if (lca__has(m, LCA_F_DEVICES_PER_NODE))
		lca__param_from_field(m, LCA_P_DEVICES_PER_NODE,
				      LCA_F_DEVICES_PER_NODE);
	else
		lca__param(m, LCA_P_DEVICES_PER_NODE, dpn, NULL);
	if (lca__has(m, LCA_F_HOST_POWER))
		lca__param_from_field(m, LCA_P_HOST_W, LCA_F_HOST_POWER);
	else
		lca__param(m, LCA_P_HOST_W, watts, NULL);
	return 0;
}

const lca_model lca_model_power = {
    "power", LCA_STAGE_POWER,
    "the user's draw, else a fraction of the accelerator's TDP", NULL, power};

const lca_model lca_model_host = {
    "host", LCA_STAGE_HOST,
    "CPU TDP x sockets + memory x 0.3725 W/GB per node (Green Algorithms)",
    NULL, host_power};
