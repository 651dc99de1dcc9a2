# SPDX-License-Identifier: MIT
# Every accelerator in the catalog gives an estimate, except exactly the rows
# datasets/README.md lists as incomplete (which name the flag to give).
add_test(NAME cli_every_gpu
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/every_gpu.sh
                 $<TARGET_FILE:lca> ${CMAKE_SOURCE_DIR}/datasets
                 ${LCA_TEST_TMP}/cli_every_gpu)
set_tests_properties(cli_every_gpu PROPERTIES
  FIXTURES_REQUIRED lca_catalog
  ENVIRONMENT "LCA_TEMPLATE_CATALOG=${LCA_TEST_TMP}/template.db")
