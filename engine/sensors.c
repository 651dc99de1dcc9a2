/* SPDX-License-Identifier: MIT */
/* sensors.c: energy sensors for lca track: powercap RAPL, NVML (dlopen),
 * amdgpu hwmon, and the process tree's CPU time from /proc. */
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lca_int.h"
#include "lca/ledger.h"
#include "banned.h"

void lca_sysfs_path(char *out, size_t n, const char *rel)
{
	const char *root = getenv("LCA_SYSFS_ROOT");

	if (root && *root)
		lca__fmt(out, n, "%s/sys/%s", root, rel);
	else
		lca__fmt(out, n, "/sys/%s", rel);
}

/* Reads a small text file into buf; 0 or -1. */
static int read_text(const char *path, char *buf, size_t n)
{
	FILE *fp = fopen(path, "r");
	size_t got;

	if (!fp)
		return -1;
	got = fread(buf, 1, n - 1, fp);
	fclose(fp);
	buf[got] = '\0';
	while (got && (buf[got - 1] == '\n' || buf[got - 1] == ' '))
		buf[--got] = '\0';
	return 0;
}

static int read_number(const char *path, double *v)
{
	char buf[64];

	if (read_text(path, buf, sizeof(buf)))
		return -1;
	return lca_parse_number(buf, v) ? -1 : 0;
}

static lca_sensor *add(lca_sensors *ss, int kind, const char *name)
{
	lca_sensor *s;

	if (ss->n == LCA_MAX_SENSORS)
		return NULL;
	s = &ss->s[ss->n++];
	memset(s, 0, sizeof(*s));
	s->kind = kind;
	lca__strlcpy(s->name, name, sizeof(s->name));
	return s;
}

/* ---- powercap RAPL ------------------------------------------------------ */

static void probe_rapl(lca_sensors *ss)
{
	char dir[600], path[700], name[64];
	struct dirent *de;
	DIR *d;
	int found = 0;

	lca_sysfs_path(dir, sizeof(dir), "class/powercap");
	d = opendir(dir);
	while (d && (de = readdir(d))) {
		lca_sensor *s;
		double max_uj;
		if (strncmp(de->d_name, "intel-rapl:", 11))
			continue;
		lca__fmt(path, sizeof(path), "%s/%s/name", dir, de->d_name);
		if (read_text(path, name, sizeof(name)))
			continue;
		/* Packages and DRAM; core/uncore are inside the package. */
		if (strncmp(name, "package", 7) && strcmp(name, "dram"))
			continue;
		s = add(ss, LCA_S_RAPL, name);
		if (!s)
			break;
		if (!strcmp(name, "dram"))
			lca__fmt(s->name, sizeof(s->name), "dram-%s",
				 de->d_name + 11);
		lca__fmt(s->path, sizeof(s->path), "%s/%s/energy_uj", dir,
			 de->d_name);
		lca__fmt(path, sizeof(path), "%s/%s/max_energy_range_uj", dir,
			 de->d_name);
		s->counter = 1;
		s->max_range_j = read_number(path, &max_uj) ? 0 : max_uj / 1e6;
		if (read_number(s->path, &max_uj)) {
			lca__fmt(s->detail, sizeof(s->detail),
				 "%s not readable (root only on recent "
				 "kernels)",
				 s->path);
		} else {
			s->found = 1;
			found++;
			lca__fmt(s->detail, sizeof(s->detail), "%s", s->path);
		}
	}
	if (d)
		closedir(d);
	if (!found && !ss->n) {
		lca_sensor *s = add(ss, LCA_S_RAPL, "rapl");
		if (s)
			lca__fmt(s->detail, sizeof(s->detail),
				 "no readable intel-rapl zone under %s", dir);
	}
}

/* ---- amdgpu hwmon ------------------------------------------------------- */

static void probe_hwmon(lca_sensors *ss)
{
	char dir[600], path[700], name[64];
	struct dirent *de;
	DIR *d;
	int found = 0;
	double v;

	lca_sysfs_path(dir, sizeof(dir), "class/hwmon");
	d = opendir(dir);
	while (d && (de = readdir(d))) {
		lca_sensor *s;
		if (strncmp(de->d_name, "hwmon", 5))
			continue;
		lca__fmt(path, sizeof(path), "%s/%s/name", dir, de->d_name);
		if (read_text(path, name, sizeof(name)) ||
		    strcmp(name, "amdgpu"))
			continue;
		lca__fmt(name, sizeof(name), "amdgpu-%s", de->d_name);
		s = add(ss, LCA_S_AMDGPU, name);
		if (!s)
			break;
		/* energy1_input (uJ counter) where the driver has it, else
		 * power1_average / power1_input (uW) x time. */
		lca__fmt(s->path, sizeof(s->path), "%s/%s/energy1_input", dir,
			 de->d_name);
		s->counter = !read_number(s->path, &v);
		if (!s->counter) {
			lca__fmt(s->path, sizeof(s->path),
				 "%s/%s/power1_average", dir, de->d_name);
			if (read_number(s->path, &v))
				lca__fmt(s->path, sizeof(s->path),
					 "%s/%s/power1_input", dir, de->d_name);
		}
		s->found = !read_number(s->path, &v);
		found += s->found;
		lca__fmt(s->detail, sizeof(s->detail), "%s%s", s->path,
			 s->found ? "" : " not readable");
	}
	if (d)
		closedir(d);
	if (!found) {
		lca_sensor *s = add(ss, LCA_S_AMDGPU, "amdgpu");
		if (s)
			lca__fmt(s->detail, sizeof(s->detail),
				 "no amdgpu hwmon under %s", dir);
	}
}

/* ---- NVML, loaded at run time ------------------------------------------- */

typedef int (*nvml_init_fn)(void);
typedef int (*nvml_count_fn)(unsigned int *);
typedef int (*nvml_handle_fn)(unsigned int, void **);
typedef int (*nvml_energy_fn)(void *, unsigned long long *);
typedef int (*nvml_power_fn)(void *, unsigned int *);
typedef int (*nvml_name_fn)(void *, char *, unsigned int);

typedef struct nvml_api {
	void *lib;
	nvml_init_fn init, shutdown;
	nvml_count_fn count;
	nvml_handle_fn handle;
	nvml_energy_fn energy; /* mJ since driver load */
	nvml_power_fn power;   /* mW */
	nvml_name_fn name;
} nvml_api;

/* dlsym returns void *; POSIX guarantees it converts to a function. */
#define NVML_SYM(api, field, sym)                       \
	do {                                            \
		void *p_ = dlsym((api)->lib, sym);      \
		memcpy(&(api)->field, &p_, sizeof(p_)); \
	} while (0)

static void probe_nvml(lca_sensors *ss)
{
	const char *lib = getenv("LCA_NVML_LIB");
	nvml_api *api;
	unsigned int n = 0, i;
	lca_sensor *s;

	if (!lib || !*lib)
		lib = "libnvidia-ml.so.1";
	api = calloc(1, sizeof(*api));
	if (!api)
		return;
	api->lib = dlopen(lib, RTLD_NOW | RTLD_LOCAL);
	if (!api->lib) {
		s = add(ss, LCA_S_NVML, "nvidia");
		if (s)
			lca__fmt(s->detail, sizeof(s->detail),
				 "%s not found (no NVIDIA driver)", lib);
		free(api);
		return;
	}
	NVML_SYM(api, init, "nvmlInit_v2");
	NVML_SYM(api, shutdown, "nvmlShutdown");
	NVML_SYM(api, count, "nvmlDeviceGetCount_v2");
	NVML_SYM(api, handle, "nvmlDeviceGetHandleByIndex_v2");
	NVML_SYM(api, energy, "nvmlDeviceGetTotalEnergyConsumption");
	NVML_SYM(api, power, "nvmlDeviceGetPowerUsage");
	NVML_SYM(api, name, "nvmlDeviceGetName");
	if (!api->init || !api->count || !api->handle || !api->power ||
	    api->init() != 0 || api->count(&n) != 0) {
		s = add(ss, LCA_S_NVML, "nvidia");
		if (s)
			lca__fmt(s->detail, sizeof(s->detail),
				 "%s loaded but NVML did not start", lib);
		dlclose(api->lib);
		free(api);
		return;
	}
	ss->nvml = api;
	for (i = 0; i < n; i++) {
		void *h = NULL;
		unsigned long long mj;
		char name[96] = "";
		char sname[16];
		lca__fmt(sname, sizeof(sname), "gpu%u", i);
		s = add(ss, LCA_S_NVML, sname);
		if (!s)
			break;
		s->index = (int)i;
		if (api->handle(i, &h) != 0)
			continue;
		if (api->name)
			api->name(h, name, sizeof(name));
		s->counter = api->energy && api->energy(h, &mj) == 0;
		s->found = 1;
		lca__fmt(s->detail, sizeof(s->detail), "%s (%s)", name,
			 s->counter ? "total energy counter" : "power x time");
	}
}

/* Whether the numeric list in env names index: -1 when env is unset or
 * not a list of numbers (GPU UUIDs: cannot be mapped), else 0 or 1. */
static int listed(const char *env, int index)
{
	const char *v = getenv(env);
	char *end;
	int hit = 0;

	if (!v || !*v)
		return -1;
	while (*v) {
		long x = strtol(v, &end, 10);
		if (end == v || (*end && *end != ','))
			return -1;
		hit |= x == index;
		v = *end ? end + 1 : end;
	}
	return hit;
}

int lca_gpu_selected(int index)
{
	static const char *const vars[] = {"SLURM_STEP_GPUS", "SLURM_JOB_GPUS",
					   "CUDA_VISIBLE_DEVICES"};
	size_t i;

	for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		int hit = listed(vars[i], index);
		if (hit >= 0)
			return hit;
	}
	return 1;
}

int lca_sensors_probe(lca_sensors *ss, lca_error *err)
{
	(void)err;
	memset(ss, 0, sizeof(*ss));
	probe_rapl(ss);
	probe_nvml(ss);
	probe_hwmon(ss);
	return 0;
}

void lca_sensors_release(lca_sensors *ss)
{
	nvml_api *api = ss->nvml;

	if (api) {
		if (api->shutdown)
			api->shutdown();
		dlclose(api->lib);
		free(api);
	}
	ss->nvml = NULL;
}

/* Raw reading: counters in J, power sensors in W. */
static int raw(lca_sensors *ss, lca_sensor *s, double *v)
{
	nvml_api *api = ss->nvml;
	void *h = NULL;

	if (s->kind == LCA_S_NVML) {
		unsigned long long mj;
		unsigned int mw;
		if (!api || api->handle((unsigned int)s->index, &h) != 0)
			return -1;
		if (s->counter) {
			if (api->energy(h, &mj) != 0)
				return -1;
			*v = (double)mj / 1e3;
			return 0;
		}
		if (api->power(h, &mw) != 0)
			return -1;
		*v = mw / 1e3;
		return 0;
	}
	if (read_number(s->path, v))
		return -1;
	*v /= 1e6; /* uJ -> J, uW -> W */
	return 0;
}

int lca_sensor_read(lca_sensors *ss, int i, double dt_s, double *joules,
		    double *watts, lca_error *err)
{
	lca_sensor *s = &ss->s[i];
	double v;

	*joules = 0;
	*watts = LCA_NAN;
	if (!s->found)
		return 0;
	if (raw(ss, s, &v))
		return lca_error_set(err, LCA_EIO,
				     s->path[0] ? s->path : s->name,
				     "cannot read sensor '%s'", s->name);
	if (!s->counter) {
		*watts = v;
		*joules = v * dt_s;
		return 0;
	}
	if (s->primed) {
		double d = v - s->last_j;
		/* A counter that went down wrapped at max_energy_range_uj. */
		if (d < 0 && s->max_range_j > 0)
			d += s->max_range_j;
		if (d < 0)
			d = 0; /* reset without a known range: skip */
		*joules = d;
		if (dt_s > 0)
			*watts = d / dt_s;
	}
	s->last_j = v;
	s->primed = 1;
	return 0;
}

/* ---- /proc: CPU time of a process tree ---------------------------------- */

/* utime+stime (ticks) and ppid from /proc/PID/stat. */
static int proc_stat(long pid, long *ppid, double *ticks)
{
	char path[64], buf[1024], *p;
	unsigned long ut, st;
	long pp, cut, cst;
	FILE *fp;
	size_t got;

	lca__fmt(path, sizeof(path), "/proc/%ld/stat", pid);
	fp = fopen(path, "r");
	if (!fp)
		return -1;
	got = fread(buf, 1, sizeof(buf) - 1, fp);
	fclose(fp);
	buf[got] = '\0';
	p = strrchr(buf, ')'); /* comm may hold spaces and parentheses */
	if (!p || sscanf(p + 2,
			 "%*c %ld %*d %*d %*d %*d %*u %*u %*u %*u %*u "
			 "%lu %lu %ld %ld",
			 &pp, &ut, &st, &cut, &cst) != 5)
		return -1;
	*ppid = pp;
	/* with the children it has reaped: their time moves to cutime */
	*ticks = (double)ut + (double)st + (double)cut + (double)cst;
	return 0;
}

int lca_proc_tree_cpu(long pid, double *tree_s, double *node_s, double *rss_gb,
		      lca_error *err)
{
	/* Small fixed tables (lca track must stay under 5 MB resident),
	 * allocated per call: the library holds no state between calls. */
	enum { MAXP = 8192 };
	struct proc_row {
		long pid, ppid;
		double ticks;
		unsigned char in;
	} * rows;
	double hz = (double)sysconf(_SC_CLK_TCK), sum = 0;
	struct dirent *de;
	DIR *d;
	int n = 0, i, changed;
	FILE *fp;

	d = opendir("/proc");
	if (!d)
		return lca_error_set(err, LCA_EIO, "/proc", "cannot read: %s",
				     strerror(errno));
	rows = malloc(MAXP * sizeof(*rows));
	if (!rows) {
		closedir(d);
		return lca_error_set(err, LCA_ENOMEM, "/proc", "out of memory");
	}
	while ((de = readdir(d)) && n < MAXP) {
		char *end;
		long p = strtol(de->d_name, &end, 10);
		if (*end || p <= 0)
			continue;
		if (proc_stat(p, &rows[n].ppid, &rows[n].ticks))
			continue;
		rows[n].pid = p;
		rows[n].in = p == pid;
		n++;
	}
	closedir(d);
	/* Descendants: mark children of marked processes until stable. */
	do {
		changed = 0;
		for (i = 0; i < n; i++) {
			int j;
			if (rows[i].in)
				continue;
			for (j = 0; j < n; j++)
				if (rows[j].in && rows[j].pid == rows[i].ppid) {
					rows[i].in = 1;
					changed = 1;
					break;
				}
		}
	} while (changed);
	*rss_gb = 0;
	for (i = 0; i < n; i++) {
		char path[64];
		unsigned long size, res;
		if (!rows[i].in)
			continue;
		sum += rows[i].ticks;
		lca__fmt(path, sizeof(path), "/proc/%ld/statm", rows[i].pid);
		fp = fopen(path, "r");
		if (!fp)
			continue;
		if (fscanf(fp, "%lu %lu", &size, &res) == 2)
			*rss_gb +=
			    (double)res * (double)sysconf(_SC_PAGESIZE) / 1e9;
		fclose(fp);
	}
	free(rows);
	*tree_s = sum / hz;
	*node_s = LCA_NAN;
	fp = fopen("/proc/stat", "r");
	if (fp) {
		unsigned long long v[8] = {0};
		if (fscanf(fp, "cpu %llu %llu %llu %llu %llu %llu %llu %llu",
			   &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6],
			   &v[7]) == 8)
			/* busy: user nice system irq softirq steal */
			*node_s =
			    (double)(v[0] + v[1] + v[2] + v[5] + v[6] + v[7]) /
			    hz;
		fclose(fp);
	}
	return 0;
}
