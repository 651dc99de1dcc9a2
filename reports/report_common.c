/* SPDX-License-Identifier: MIT */
/* report_common.c: what every renderer shares and nothing else (reports.c's
 * registry -> the renderers -> this file): the component names and the
 * JSON number. */
#include <math.h>

#include <cjson/cJSON.h>

#include "reports.h"
#include "../engine/banned.h"

const char *const lca_component_names[LCA_C__COUNT] = {
    "dynamic", "host", "idle", "infrastructure", "embodied"};

cJSON *lca__json_num(double v)
{
	return isfinite(v) ? cJSON_CreateNumber(v) : cJSON_CreateNull();
}
