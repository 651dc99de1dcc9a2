#!/usr/bin/env bash
# lca track on a machine without RAPL (a faked sysfs and cpuinfo): the
# CPU-time model charges the chip's TDP over the chip's cores (AMD EPYC
# 7742: 225 W / 64 cores), never over this machine's cores; an unknown CPU
# takes the sourced per-core default (Green Algorithms, 12 W) and says so on
# stderr once; the energy is labelled cpu+memory, not accelerators.
. "$(dirname "$0")/common.sh"
root=$TMP/fake
mkdir -p "$root/sys/class" "$root/proc"
printf 'processor\t: 0\nmodel name\t: AMD EPYC\n' >"$root/proc/cpuinfo"
export LCA_SYSFS_ROOT=$root
busy='sum(range(3000000))'
"$LCA" track --grid 100 --interval 0.1 -- python3 -c "$busy" >"$TMP/out1" 2>"$TMP/err1"
ok test $? = 0
ok test "$(grep -c "cpu 'AMD EPYC' is not in the catalog" "$TMP/err1")" = 1
"$LCA" runs show 1 --format json >"$TMP/runs.json"
cpu_w() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print([a["value"] for a in d["assumptions"] if a["name"] == "cpu_energy_model"][0])' "$TMP/runs.json"; }
ok test "$(cpu_w)" = 12
ok py 'd["energy_kwh"] > 1e-7'
ok grep -q 'dynamic (cpu+memory)' "$TMP/out1"
"$LCA" report --run 1 >"$TMP/report1"
ok grep -q 'dynamic (cpu+memory)' "$TMP/report1"
ok test "$(grep -c 'accelerators' "$TMP/report1")" = 0
"$LCA" track --cpu 'AMD EPYC 7742' --grid 100 --interval 0.1 -- python3 -c "$busy" >/dev/null 2>"$TMP/err2"
ok test $? = 0
ok test "$(grep -c 'not in the catalog' "$TMP/err2")" = 0
"$LCA" runs show 2 --format json >"$TMP/runs.json"
ok test "$(cpu_w)" = 3.51562
ok py '"64 cores" in [a["source"] for a in d["assumptions"] if a["name"] == "cpu_energy_model"][0]'
finish
