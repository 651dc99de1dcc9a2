# SPDX-License-Identifier: MIT
# The shipped datasets regenerate from the shared source data unchanged
# (skipped where ../shared/data is absent).
add_test(NAME datasets_regenerate
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/datasets_regen.sh
                 ${CMAKE_SOURCE_DIR}/datasets
                 ${CMAKE_SOURCE_DIR}/../shared/data
                 ${LCA_TEST_TMP}/datasets_regen)
set_tests_properties(datasets_regenerate PROPERTIES SKIP_RETURN_CODE 77)
