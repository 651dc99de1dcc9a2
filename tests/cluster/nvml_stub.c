/* SPDX-License-Identifier: MIT */
/* nvml_stub.c: a stand-in for libnvidia-ml.so.1 with the NVML calls lca
 * uses, for tests on machines without a GPU (loaded via LCA_NVML_LIB).
 *
 * 8 GPUs; GPU i draws (100 + 10 i) W, steadily, since the stub's epoch
 * (unix second LCA_NVML_STUB_EPOCH, default 1.7e9), so its total energy
 * counter is the same in every process that reads it at the same time: a
 * Slurm prolog and epilog see one counter.  LCA_NVML_STUB_GPUS sets the
 * count (0-8); LCA_NVML_STUB_NOCOUNTER=1 leaves the energy call out of
 * service (power x time then). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define STUB_MAX		    8
#define NVML_SUCCESS		    0
#define NVML_ERROR_INVALID_ARGUMENT 2
#define NVML_ERROR_NOT_SUPPORTED    3

/* The NVML calls lca uses (engine/sensors.c), as nvml.h declares them
 * with its handle as a pointer. */
int nvmlInit_v2(void);
int nvmlShutdown(void);
int nvmlDeviceGetCount_v2(unsigned int *n);
int nvmlDeviceGetHandleByIndex_v2(unsigned int i, void **h);
int nvmlDeviceGetTotalEnergyConsumption(void *h, unsigned long long *mj);
int nvmlDeviceGetPowerUsage(void *h, unsigned int *mw);
int nvmlDeviceGetName(void *h, char *name, unsigned int n);

static struct stub_gpu {
	unsigned int index;
} gpus[STUB_MAX] = {{0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}};

static double env_num(const char *name, double dflt)
{
	const char *v = getenv(name);
	char *end;
	double x;

	if (!v || !*v)
		return dflt;
	x = strtod(v, &end);
	return *end ? dflt : x;
}

static unsigned int stub_count(void)
{
	double n = env_num("LCA_NVML_STUB_GPUS", STUB_MAX);

	return n >= 0 && n <= STUB_MAX ? (unsigned int)n : STUB_MAX;
}

static double stub_watts(unsigned int i)
{
	return 100.0 + 10.0 * i;
}

static double seconds_since_epoch(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9 -
	       env_num("LCA_NVML_STUB_EPOCH", 1.7e9);
}

int nvmlInit_v2(void)
{
	return NVML_SUCCESS;
}

int nvmlShutdown(void)
{
	return NVML_SUCCESS;
}

int nvmlDeviceGetCount_v2(unsigned int *n)
{
	*n = stub_count();
	return NVML_SUCCESS;
}

int nvmlDeviceGetHandleByIndex_v2(unsigned int i, void **h)
{
	if (i >= stub_count())
		return NVML_ERROR_INVALID_ARGUMENT;
	*h = &gpus[i];
	return NVML_SUCCESS;
}

/* mJ since the epoch */
int nvmlDeviceGetTotalEnergyConsumption(void *h, unsigned long long *mj)
{
	const struct stub_gpu *g = h;

	if (env_num("LCA_NVML_STUB_NOCOUNTER", 0) == 1)
		return NVML_ERROR_NOT_SUPPORTED;
	*mj = (unsigned long long)(stub_watts(g->index) *
				   seconds_since_epoch() * 1e3);
	return NVML_SUCCESS;
}

/* mW */
int nvmlDeviceGetPowerUsage(void *h, unsigned int *mw)
{
	const struct stub_gpu *g = h;

	*mw = (unsigned int)(stub_watts(g->index) * 1e3);
	return NVML_SUCCESS;
}

int nvmlDeviceGetName(void *h, char *name, unsigned int n)
{
	const struct stub_gpu *g = h;

	snprintf(name, n, "NVIDIA A100-SXM4-80GB (lca stub %u)", g->index);
	return NVML_SUCCESS;
}
