# SPDX-License-Identifier: MIT
# liblca is reentrant: 8 threads, each with its own catalog handle, give the
# serial run's results byte for byte (tests/unit/test_threads.c).  .ci/run
# runs it again built with -DLCA_TSAN=ON (ThreadSanitizer).
find_package(Threads REQUIRED)
add_executable(test_threads unit/test_threads.c)
target_link_libraries(test_threads PRIVATE liblca Threads::Threads)
add_test(NAME unit_threads COMMAND test_threads ${LCA_TEST_DATASETS})
set_tests_properties(unit_threads PROPERTIES ENVIRONMENT
  "LCA_CATALOG=${LCA_TEST_TMP}/unit_threads.db;TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1")
