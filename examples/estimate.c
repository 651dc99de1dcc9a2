/* SPDX-License-Identifier: MIT */
/* estimate.c: liblca from C.  The footprint of training a 7-billion-parameter
 * model on A100s in France, with the catalog's defaults for the rest.
 *   cc estimate.c $(pkg-config --cflags --libs lca) -o estimate */
#include <stdio.h>

#include <lca/lca.h>

int main(void)
{
	lca_catalog *cat = NULL;
	lca_job job;
	lca_footprint fp;
	lca_error err = {0};
	int rc;

	lca_job_init(&job);
	lca_footprint_init(&fp);
	rc = lca_catalog_open(&cat, NULL, NULL, &err); /* LCA_CATALOG, ... */
	if (!rc)
		rc = lca_inputs_set_text(&job.flags, LCA_F_PARAMS, "7e9",
					 "params", &err);
	if (!rc)
		rc = lca_inputs_set_text(&job.flags, LCA_F_GPU, "a100", "gpu",
					 &err);
	if (!rc)
		rc = lca_inputs_set_text(&job.flags, LCA_F_REGION, "FR",
					 "region", &err);
	if (!rc)
		rc = lca_compute(cat, &job, &fp, &err);
	if (!rc)
		printf("liblca %s: %.1f kgCO2e (%.0f kWh)\n", lca_version(),
		       fp.total.total_kgco2e, fp.total.energy_kwh);
	else
		lca_error_print(&err, stderr);
	lca_footprint_release(&fp);
	lca_job_release(&job);
	lca_catalog_free(cat);
	return rc ? lca_exit_code(rc) : 0;
}
