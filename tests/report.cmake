# SPDX-License-Identifier: MIT
# lca report and lca audit: unit tests, the claim-parser fuzz harness and
# the HTML report in headless Chromium (skipped when chromium is absent).
foreach(t audit report)
  add_executable(test_${t} unit/test_${t}.c)
  target_link_libraries(test_${t} PRIVATE liblca)
  add_test(NAME unit_${t} COMMAND test_${t} ${LCA_TEST_DATASETS})
  set_tests_properties(unit_${t} PROPERTIES ENVIRONMENT
    "LCA_CATALOG=${LCA_TEST_TMP}/unit_${t}.db")
endforeach()

lca_add_fuzzer(claim)

# The HTML report: its SVG parses as XML, and Chromium renders the page
# with its charts (exit 77 = skipped when chromium is not installed).
add_test(NAME report_html_chromium
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/report/html_check.sh
                 $<TARGET_FILE:lca> ${LCA_TEST_DATASETS}
                 ${LCA_TEST_TMP}/report_html)
set_tests_properties(report_html_chromium PROPERTIES SKIP_RETURN_CODE 77
  LABELS services)
add_test(NAME report_html_svg
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/report/html_check.sh
                 $<TARGET_FILE:lca> ${LCA_TEST_DATASETS}
                 ${LCA_TEST_TMP}/report_svg svg)
