# SPDX-License-Identifier: MIT
# The catalog as untrusted input: damaged files (the catalog fuzz harness is
# in tests/CMakeLists.txt with the others).
add_test(NAME catalog_flipped_bytes
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/catalog/flipped_bytes.sh
                 $<TARGET_FILE:lca> ${CMAKE_CURRENT_SOURCE_DIR}/data
                 ${LCA_TEST_TMP}/catalog_flipped_bytes)
set_tests_properties(catalog_flipped_bytes PROPERTIES ENVIRONMENT
  "LCA_DATASETS=${LCA_TEST_DATASETS}")

# Issue 14's reliability replay: bad inputs, kill -9s of ingest and track,
# 64 concurrent writers; prints what it tried and what went wrong.
add_test(NAME reliability
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/reliability/reliability.sh
                 $<TARGET_FILE:lca> ${CMAKE_CURRENT_SOURCE_DIR}/data
                 ${LCA_TEST_TMP}/reliability)
set_tests_properties(reliability PROPERTIES LABELS services TIMEOUT 900
  ENVIRONMENT "LCA_DATASETS=${LCA_TEST_DATASETS}")
