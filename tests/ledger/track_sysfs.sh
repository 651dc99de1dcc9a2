#!/usr/bin/env bash
# lca track against a faked sysfs (LCA_SYSFS_ROOT): RAPL and amdgpu hwmon
# found, GPU power x time integrated, exit status passed through.
. "$(dirname "$0")/common.sh"
root=$TMP/fake
z=$root/sys/class/powercap/intel-rapl:0
h=$root/sys/class/hwmon/hwmon3
mkdir -p "$z" "$h"
echo package-0 >"$z/name"
echo 262143328850 >"$z/max_energy_range_uj"
echo 1000 >"$z/energy_uj"
echo amdgpu >"$h/name"
echo 50000000 >"$h/power1_average"
export LCA_SYSFS_ROOT=$root
"$LCA" sensors >"$TMP/sensors"
ok grep -q 'package-0 *found' "$TMP/sensors"
ok grep -q 'amdgpu-hwmon3 *found' "$TMP/sensors"
ok "$LCA" track --grid 100 --interval 0.1 -- sleep 0.5
"$LCA" track --grid 100 --interval 0.1 -- sh -c 'exit 7' >/dev/null 2>&1
ok test $? = 7
"$LCA" track --grid 100 --interval 0.1 -- sh -c 'kill -TERM $$' >/dev/null 2>&1
ok test $? = 143
runs_json
ok py 'len(d["runs"]) == 3 and d["runs"][1]["exit_status"] == 7'
"$LCA" runs show 1 --format json >"$TMP/runs.json"
# 50 W for the run's duration, measured not modelled
ok py 'd["method"] == "measured"'
ok py 'abs([x for x in d["devices"] if x["device"] == "amdgpu-hwmon3"][0]["energy_j"] - 50 * d["duration_s"]) < 1e-6 * 50 * d["duration_s"] + 1e-9'
ok py 'any(a["name"] == "attribution" for a in d["assumptions"])'
finish
