/* SPDX-License-Identifier: MIT */
/* registry.c: every estimation model, one row each (models.h). */
#include <string.h>

#include "models.h"
#include "../engine/banned.h"

/* In the order a stage tries them: inference before training (an
 * inference phase with requests is served, not trained). */
const lca_model *const lca_models[] = {
    &lca_model_inference, &lca_model_training,	    &lca_model_implied_mfu,
    &lca_model_power,	  &lca_model_host,	    &lca_model_per_device,
    &lca_model_die_area,  &lca_model_embodied_none, NULL};

const lca_model *lca_model_pick(const lca_mctx *m, int stage)
{
	int i;

	for (i = 0; lca_models[i]; i++)
		if (lca_models[i]->stage == stage &&
		    (!lca_models[i]->applies || lca_models[i]->applies(m)))
			return lca_models[i];
	return NULL;
}

const lca_model *lca_model_find(int stage, const char *name)
{
	int i;

	for (i = 0; lca_models[i]; i++)
		if (lca_models[i]->stage == stage &&
		    !strcmp(lca_models[i]->name, name))
			return lca_models[i];
	return NULL;
}
