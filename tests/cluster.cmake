# SPDX-License-Identifier: MIT
# Cluster accounting: the stub NVML, the config file, lca slurm prolog /
# epilog by hand, and a real one-node Slurm (munged, slurmctld, slurmd).
add_library(lca_nvml_stub MODULE cluster/nvml_stub.c)
set_target_properties(lca_nvml_stub PROPERTIES PREFIX "" OUTPUT_NAME
  nvml_stub)

# The config file and lca slurm prolog/epilog by hand (SQLite, stub NVML).
add_test(NAME cluster_hooks
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cluster/hooks.sh
                 $<TARGET_FILE:lca> $<TARGET_FILE:lca_nvml_stub>
                 ${LCA_TEST_TMP}/cluster_hooks)
set_tests_properties(cluster_hooks PROPERTIES
  ENVIRONMENT "LCA_CATALOG=${LCA_TEST_TMP}/cluster_hooks.catalog.db;LCA_DATASETS=${LCA_TEST_DATASETS}")

# A real one-node Slurm whose Prolog/Epilog are lca slurm, into a real
# PostgreSQL 15; skipped (77) only when a component cannot start.
add_test(NAME cluster_slurm
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cluster/slurm.sh
                 $<TARGET_FILE:lca> $<TARGET_FILE:lca_nvml_stub>
                 ${LCA_TEST_TMP}/cluster_slurm)
set_tests_properties(cluster_slurm PROPERTIES
  LABELS services SKIP_RETURN_CODE 77 TIMEOUT 300
  ENVIRONMENT "LCA_DATASETS=${LCA_TEST_DATASETS}")
