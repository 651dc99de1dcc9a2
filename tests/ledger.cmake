# SPDX-License-Identifier: MIT
# Tests of measured energy: ingest, sensors, track, the ledger.
add_executable(test_ledger unit/test_ledger.c)
target_link_libraries(test_ledger PRIVATE liblca)
add_test(NAME unit_ledger COMMAND test_ledger ${LCA_TEST_TMP})

# Shell tests that need several processes or a fake sysfs tree.
foreach(t concurrent_writers kill_track bad_input_unchanged track_sysfs
          duplicate_file track_cpu_model record_keys track_outcome
          group_copy)
  add_test(NAME ledger_${t}
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/ledger/${t}.sh
                   $<TARGET_FILE:lca> ${CMAKE_CURRENT_SOURCE_DIR}/data
                   ${LCA_TEST_TMP}/ledger_${t})
  set_tests_properties(ledger_${t} PROPERTIES ENVIRONMENT
    "LCA_CATALOG=${LCA_TEST_TMP}/ledger_${t}.catalog.db;LCA_DB=${LCA_TEST_TMP}/ledger_${t}/ledger.db;LCA_DATASETS=${LCA_TEST_DATASETS}")
endforeach()
# a long fault-injection run (a ledger lock held for 20 s, a group kill, a
# full disk): label services, so the plain and sanitizer runs stay short
set_tests_properties(ledger_track_outcome PROPERTIES LABELS services)

# One libFuzzer harness per ingest parser (plain replay without LCA_FUZZ).
foreach(f nvidia_smi codecarbon slurm generic)
  lca_add_fuzzer(${f})
endforeach()

# The ledger on a real PostgreSQL 15 (a throwaway cluster each script makes
# and stops; skipped (77) only when PostgreSQL cannot be found or started):
# postgres, the ledger's commands; pg_writers, many writers, kill -9 and
# PostgreSQL going away.  Each spools under its own state folder.
foreach(t postgres pg_writers)
  add_test(NAME ledger_${t}
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/ledger/${t}.sh
                   $<TARGET_FILE:lca> ${CMAKE_CURRENT_SOURCE_DIR}/data
                   ${LCA_TEST_TMP}/ledger_${t})
  set_tests_properties(ledger_${t} PROPERTIES
    LABELS services SKIP_RETURN_CODE 77 TIMEOUT 300
    ENVIRONMENT "LCA_CATALOG=${LCA_TEST_TMP}/ledger_${t}.catalog.db;LCA_DATASETS=${LCA_TEST_DATASETS};XDG_STATE_HOME=${LCA_TEST_TMP}/ledger_${t}.state")
endforeach()
