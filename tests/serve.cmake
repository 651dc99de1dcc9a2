# SPDX-License-Identifier: MIT
# lca serve: end to end over HTTP on a loopback port, in a headless browser,
# and under load.  They start servers: LABELS services.
if(MHD_FOUND)
  set(LCA_SERVE_ENV
    "LCA_CATALOG=${LCA_TEST_TMP}/serve.catalog.db;LCA_DATASETS=${LCA_TEST_DATASETS};LCA_DB=${LCA_TEST_TMP}/serve_cli_ledger.db")
  add_test(NAME serve_e2e
           COMMAND python3 ${CMAKE_CURRENT_SOURCE_DIR}/serve/e2e.py
                   $<TARGET_FILE:lca> ${LCA_TEST_TMP}/serve_e2e)
  add_test(NAME serve_browser
           COMMAND python3 ${CMAKE_CURRENT_SOURCE_DIR}/serve/browser.py
                   $<TARGET_FILE:lca> ${CMAKE_BINARY_DIR})
  add_test(NAME serve_load
           COMMAND python3 ${CMAKE_CURRENT_SOURCE_DIR}/serve/load.py
                   $<TARGET_FILE:lca> ${LCA_TEST_TMP}/serve_load)
  set_tests_properties(serve_e2e serve_browser serve_load PROPERTIES
    LABELS services ENVIRONMENT "${LCA_SERVE_ENV}" SKIP_RETURN_CODE 77)
  set_tests_properties(serve_e2e serve_browser serve_load PROPERTIES
    RESOURCE_LOCK lca_serve_catalog)
endif()
