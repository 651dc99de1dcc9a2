/* SPDX-License-Identifier: MIT */
/* config.h: the site's configuration file (/etc/lca/lca.conf or
 * $LCA_CONFIG), for runs recorded where the environment is empty: the
 * Slurm prolog and epilog run by slurmd. */
#ifndef LCA_CONFIG_H
#define LCA_CONFIG_H

#include "lca.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The file holds "key = value" lines; '#' starts a comment; blank lines
 * are skipped.  Keys:
 *   db, catalog, datasets, nvml-lib, sysfs-root, libpq, state-home, log:
 *     what $LCA_DB, $LCA_CATALOG, $LCA_DATASETS, $LCA_NVML_LIB,
 *     $LCA_SYSFS_ROOT, $LCA_LIBPQ, $XDG_STATE_HOME and $LCA_LOG give
 *     (the environment wins over the file);
 *   any site input of lca track and lca ingest (region, pue, grid, gpu,
 *     cpu, lifetime, ...): the site's default, below $LCA_<KEY> (KEY in
 *     capitals, '-' as '_') and the command's flags.
 */
typedef struct lca_config lca_config;

/*
 * Reads path; NULL: $LCA_CONFIG, else /etc/lca/lca.conf, which may be
 * absent (an empty configuration then; a file $LCA_CONFIG names must
 * exist).  LCA_EIO when the file cannot be read, LCA_EUSAGE for a line
 * that is not "key = value" or an unknown key (where: "FILE: line N").
 * Free with lca_config_free() (NULL-safe).
 */
LCA_EXTERN int lca_config_load(lca_config **out, const char *path,
			       lca_error *err);
LCA_EXTERN void lca_config_free(lca_config *c);
/* The file read ("" when none was). */
LCA_EXTERN const char *lca_config_path(const lca_config *c);
/* The value of key in the file, or NULL. */
LCA_EXTERN const char *lca_config_get(const lca_config *c, const char *key);
/*
 * The value of key with its source: $LCA_<KEY> (or the variable the key
 * names above) when set and not empty, else the file's; NULL when
 * neither.  where (may be NULL) gets the variable's name or "FILE: KEY".
 */
LCA_EXTERN const char *lca_config_value(const lca_config *c, const char *key,
					char *where, size_t n);
/* Sets the environment variables of the file's db, catalog, ... lines
 * that are not set already (so every later open finds them). */
LCA_EXTERN void lca_config_export(const lca_config *c);

#ifdef __cplusplus
}
#endif
#endif
