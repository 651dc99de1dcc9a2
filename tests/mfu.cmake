# SPDX-License-Identifier: MIT
# The fitted MFU default: the shipped fit is what datasets/tools/fit_mfu.py
# computes from datasets/training_runs.csv, and the engine uses it.
add_test(NAME mfu_fit_pinned
         COMMAND python3 ${CMAKE_SOURCE_DIR}/datasets/tools/fit_mfu.py --check)

add_executable(test_mfu unit/test_mfu.c)
target_link_libraries(test_mfu PRIVATE liblca)
add_test(NAME unit_mfu COMMAND test_mfu ${LCA_TEST_DATASETS})
set_tests_properties(unit_mfu PROPERTIES ENVIRONMENT
  "LCA_CATALOG=${LCA_TEST_TMP}/unit_mfu.db")
