# SPDX-License-Identifier: MIT
# The Python package (python/): installed into a venv in the build folder
# with the README's command, then its pytest suite and the README's
# example, over liblca.so and against the lca binary.
if(TARGET liblca_shared)
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
