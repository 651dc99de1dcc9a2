/* SPDX-License-Identifier: MIT */
/* config.c: the site's configuration file (/etc/lca/lca.conf or
 * $LCA_CONFIG): "key = value" lines, below the environment and flags. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lca_int.h"
#include "lca/config.h"
#include "banned.h"

#define CONFIG_DEFAULT "/etc/lca/lca.conf"
#define CONFIG_MAX     64

/* Keys that stand for an environment variable. */
static const struct {
	const char *key, *env;
} env_keys[] = {
    {"db", "LCA_DB"},
    {"catalog", "LCA_CATALOG"},
    {"datasets", "LCA_DATASETS"},
    {"nvml-lib", "LCA_NVML_LIB"},
    {"sysfs-root", "LCA_SYSFS_ROOT"},
    {"libpq", "LCA_LIBPQ"},
    {"state-home", "XDG_STATE_HOME"},
    {"log", "LCA_LOG"},
};
#define NENV (sizeof(env_keys) / sizeof(env_keys[0]))

/* The entries grow as lines are read: every command loads the config
 * first, and zeroing room for CONFIG_MAX of them (70 KB) was 17 of the
 * 107 page faults of `lca version` (tests/bench/bench_estimate_process.sh). */
struct lca_config {
	char path[1024];
	int n, cap;
	struct config_kv {
		char key[64];
		char value[1024];
	} * kv;
};

static const char *env_of(const char *key)
{
	size_t i;

	for (i = 0; i < NENV; i++)
		if (!strcmp(env_keys[i].key, key))
			return env_keys[i].env;
	return NULL;
}

static int known(const char *key)
{
	return env_of(key) || lca_field_lookup(key) >= 0;
}

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

static int parse_line(lca_config *c, char *line, long no, lca_error *err)
{
	char where[1100], *eq, *key, *value;
	int i;

	lca__fmt(where, sizeof(where), "%s: line %ld", c->path, no);
	line[strcspn(line, "#\r\n")] = '\0';
	key = trim(line);
	if (!*key)
		return 0;
	eq = strchr(key, '=');
	if (!eq)
		return lca_error_set(err, LCA_EUSAGE, where,
				     "not a 'key = value' line '%.60s'", key);
	*eq = '\0';
	key = trim(key);
	value = trim(eq + 1);
	if (!known(key))
		return lca_error_set(err, LCA_EUSAGE, where,
				     "unknown key '%.60s'", key);
	for (i = 0; i < c->n && strcmp(c->kv[i].key, key); i++)
		;
	if (i == CONFIG_MAX)
		return lca_error_set(err, LCA_ERANGE, where,
				     "more than %d keys", CONFIG_MAX);
	if (i == c->cap) {
		int cap = c->cap ? 2 * c->cap : 8;
		struct config_kv *kv =
		    realloc(c->kv, sizeof(*kv) * (size_t)cap);
		if (!kv)
			return lca_error_set(err, LCA_ENOMEM, where,
					     "out of memory");
		c->kv = kv;
		c->cap = cap;
	}
	if (i == c->n)
		c->n++;
	lca__strlcpy(c->kv[i].key, key, sizeof(c->kv[i].key));
	lca__strlcpy(c->kv[i].value, value, sizeof(c->kv[i].value));
	return 0;
}

int lca_config_load(lca_config **out, const char *path, lca_error *err)
{
	const char *env = getenv("LCA_CONFIG");
	char line[2048];
	lca_config *c;
	long no = 0;
	int rc = 0, must = 1;
	FILE *fp;

	*out = NULL;
	if (!path && env && *env)
		path = env;
	else if (!path) {
		path = CONFIG_DEFAULT;
		must = 0;
	}
	c = calloc(1, sizeof(*c));
	if (!c)
		return lca_error_set(err, LCA_ENOMEM, path, "out of memory");
	fp = fopen(path, "r");
	if (!fp) {
		if (must || errno != ENOENT)
			rc = lca_error_set(err, LCA_EIO, path,
					   "cannot read configuration: %s",
					   strerror(errno));
		goto done;
	}
	lca__strlcpy(c->path, path, sizeof(c->path));
	while (!rc && fgets(line, sizeof(line), fp))
		rc = parse_line(c, line, ++no, err);
	fclose(fp);
done:
	if (rc) {
		lca_config_free(c);
		return rc;
	}
	*out = c;
	return 0;
}

void lca_config_free(lca_config *c)
{
	if (c)
		free(c->kv);
	free(c);
}

const char *lca_config_path(const lca_config *c)
{
	return c ? c->path : "";
}

const char *lca_config_get(const lca_config *c, const char *key)
{
	int i;

	for (i = 0; c && i < c->n; i++)
		if (!strcmp(c->kv[i].key, key))
			return c->kv[i].value;
	return NULL;
}

const char *lca_config_value(const lca_config *c, const char *key, char *where,
			     size_t n)
{
	const char *var = env_of(key), *v;
	char name[80];
	size_t i;

	if (!var) {
		lca__fmt(name, sizeof(name), "LCA_%s", key);
		for (i = 4; name[i]; i++)
			name[i] = name[i] == '-'
				      ? '_'
				      : (char)toupper((unsigned char)name[i]);
		var = name;
	}
	v = getenv(var);
	if (v && *v) {
		if (where)
			lca__strlcpy(where, var, n);
		return v;
	}
	v = lca_config_get(c, key);
	if (v && where)
		lca__fmt(where, n, "%s: %s", c->path, key);
	return v;
}

void lca_config_export(const lca_config *c)
{
	size_t i;

	for (i = 0; i < NENV; i++) {
		const char *v = lca_config_get(c, env_keys[i].key);
		const char *now = getenv(env_keys[i].env);
		if (v && *v && (!now || !*now))
			setenv(env_keys[i].env, v, 1);
	}
}
