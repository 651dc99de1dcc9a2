# SPDX-License-Identifier: MIT
# Cluster accounting: the stub NVML, the config file, lca slurm prolog /
# epilog by hand, and a real one-node Slurm (munged, slurmctld, slurmd).
add_library(lca_nvml_stub MODULE cluster/nvml_stub.c)
set_target_properties(lca_nvml_stub PROPERTIES PREFIX "" OUTPUT_NAME
  nvml_stub)
