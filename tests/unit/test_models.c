/* SPDX-License-Identifier: MIT */
/* test_models.c: the model registry (models/registry.c): every stage has a
 * model, names are one a stage, and a stage picks the model whose inputs
 * the phase gives. */
#include <string.h>

#include "lca/lca.h"
#include "../../models/models.h"
#include "check.h"

/* The model of stage picked for a job with the given flags. */
static const char *picked(int stage, const char *phase, int requests,
			  int params)
{
	static const lca_inputs empty;
	const lca_model *model;
	lca_job job;
	lca_mctx m;
	lca_error err;

	lca_job_init(&job);
	if (phase)
		lca_inputs_set_text(&job.flags, LCA_F_PHASE, phase, "phase",
				    &err);
	if (requests)
		lca_inputs_set_number(&job.flags, LCA_F_REQUESTS, 1000,
				      "requests", &err);
	if (params)
		lca_inputs_set_number(&job.flags, LCA_F_PARAMS, 7e9, "params",
				      &err);
	memset(&m, 0, sizeof(m));
	m.job = &job;
	m.phase = &empty;
	model = lca_model_pick(&m, stage);
	lca_job_release(&job);
	return model ? model->name : "(none)";
}

static void registry(void)
{
	int stage, i, j, n[LCA_STAGE__COUNT] = {0};

	for (i = 0; lca_models[i]; i++) {
		const lca_model *a = lca_models[i];
		CHECK(a->stage >= 0 && a->stage < LCA_STAGE__COUNT,
		      "%s: stage %d", a->name, a->stage);
		CHECK(a->name[0] && a->summary[0], "model %d: no name/summary",
		      i);
		if (a->stage >= 0 && a->stage < LCA_STAGE__COUNT)
			n[a->stage]++;
		for (j = 0; j < i; j++)
			CHECK(lca_models[j]->stage != a->stage ||
				  strcmp(lca_models[j]->name, a->name),
			      "model '%s' twice in stage %d", a->name,
			      a->stage);
		CHECK(lca_model_find(a->stage, a->name) == a, "find %s",
		      a->name);
	}
	for (stage = 0; stage < LCA_STAGE__COUNT; stage++)
		CHECK(n[stage] > 0, "stage %d has no model", stage);
	CHECK(lca_model_find(LCA_STAGE_EMBODIED, "per-device") &&
		  lca_model_find(LCA_STAGE_EMBODIED, "die-area") &&
		  lca_model_find(LCA_STAGE_EMBODIED, "none") &&
		  !lca_model_find(LCA_STAGE_EMBODIED, "training"),
	      "embodied models by name");
}

static void pick(void)
{
	CHECK(
	    !strcmp(picked(LCA_STAGE_COMPUTE, "inference", 1, 1), "inference"),
	    "inference with requests: %s",
	    picked(LCA_STAGE_COMPUTE, "inference", 1, 1));
	CHECK(!strcmp(picked(LCA_STAGE_COMPUTE, "inference", 0, 1), "training"),
	      "inference without requests, with params: %s",
	      picked(LCA_STAGE_COMPUTE, "inference", 0, 1));
	CHECK(!strcmp(picked(LCA_STAGE_COMPUTE, NULL, 0, 0), "(none)"),
	      "no work given: %s", picked(LCA_STAGE_COMPUTE, NULL, 0, 0));
	CHECK(!strcmp(picked(LCA_STAGE_CHECK, NULL, 0, 1), "implied-mfu"),
	      "check, training: %s", picked(LCA_STAGE_CHECK, NULL, 0, 1));
	CHECK(!strcmp(picked(LCA_STAGE_CHECK, "inference", 0, 1), "(none)"),
	      "check, inference: %s",
	      picked(LCA_STAGE_CHECK, "inference", 0, 1));
	CHECK(!strcmp(picked(LCA_STAGE_POWER, NULL, 0, 0), "power"),
	      "power stage");
}

int main(void)
{
	registry();
	pick();
	return check_done();
}
