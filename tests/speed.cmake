# SPDX-License-Identifier: MIT
# Speed guards that are not timings: what a process loads and how much
# memory a streaming command holds (tests/speed/).
add_test(NAME speed_startup_libs
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/speed/startup_libs.sh
                 $<TARGET_FILE:lca>)
# grid import streams its file: the peak memory of 500,000 rows is that of
# 5,000 (issue 14: it held every row, 552 MB for 10 million).
add_test(NAME speed_grid_import_memory
         COMMAND python3 ${CMAKE_CURRENT_SOURCE_DIR}/speed/grid_import_memory.py
                 $<TARGET_FILE:lca> ${LCA_TEST_TMP}/speed_grid_import_memory)
set_tests_properties(speed_grid_import_memory PROPERTIES
  FIXTURES_REQUIRED lca_catalog
  ENVIRONMENT "LCA_TEMPLATE_CATALOG=${LCA_TEST_TMP}/template.db;LCA_DATASETS=${LCA_TEST_DATASETS}")
