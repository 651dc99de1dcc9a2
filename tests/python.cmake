# SPDX-License-Identifier: MIT
# The Python package (python/): installed into a venv in the build folder
# with the README's command, then its pytest suite and the README's
# example, over liblca.so and against the lca binary.
# lca/door.h from C: requests, error fields, a tracker of this process.
add_executable(test_door unit/test_door.c)
target_link_libraries(test_door PRIVATE liblca)
add_test(NAME unit_door COMMAND test_door ${LCA_TEST_DATASETS} ${LCA_TEST_TMP})
set_tests_properties(unit_door PROPERTIES ENVIRONMENT
  "LCA_CATALOG=${LCA_TEST_TMP}/unit_door.db")

# A sanitized liblca.so cannot be loaded into an unsanitized python3.
if(TARGET liblca_shared AND NOT LCA_ASAN AND NOT LCA_UBSAN AND NOT LCA_TSAN)
  set(LCA_PY_WORK ${LCA_TEST_TMP}/python)
  set(LCA_PY ${CMAKE_CURRENT_SOURCE_DIR}/python)
  add_test(NAME python_venv
           COMMAND bash ${LCA_PY}/venv.sh ${CMAKE_SOURCE_DIR} ${LCA_PY_WORK})
  set_tests_properties(python_venv PROPERTIES FIXTURES_SETUP lca_python)
  foreach(t pytest readme)
    add_test(NAME python_${t}
             COMMAND bash ${LCA_PY}/${t}.sh ${CMAKE_SOURCE_DIR} ${LCA_PY_WORK}
                     $<TARGET_FILE:liblca_shared> $<TARGET_FILE:lca>)
    set_tests_properties(python_${t} PROPERTIES FIXTURES_REQUIRED lca_python)
  endforeach()
endif()
