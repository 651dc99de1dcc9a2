#!/usr/bin/env bash
# bench_plan.sh [BUILD_DIR]: prints lca plan's speed figures.
# - in process: every submission hour of 2023 in 16 zones (24 h job, and a
#   72 h job with pause-resume within 2x), and growth with window, stretch
#   and period (tests/bench/bench_plan.c)
# - whole processes of `lca plan`, catalog included (warm)
. "$(dirname "$0")/common.sh"
cmake --build "$BUILD" --target bench_plan lca >/dev/null
"$BUILD/tests/bench_plan" "$LCA_DATASETS"
echo
echo "whole process, catalog included (median of 30 runs; wall, and CPU from wait4):"
for args in \
	"--hours 24 --regions all --year 2023" \
	"--hours 72 --regions all --pause-resume --max-stretch 2 --year 2023" \
	"--hours 24 --regions all --window 24 --from 2023-06-01T00:00Z" \
	"VERSION"; do
	python3 - "$BUILD/lca" "$args" <<'PY'
import os, shlex, subprocess, sys, time
if sys.argv[2] == "VERSION":
    cmd, label = [sys.argv[1], "version"], "lca version (process start alone)"
else:
    cmd = [sys.argv[1], "plan", "--gpu", "a100", "--gpus", "8", "--region", "DE",
           "--format", "json"] + shlex.split(sys.argv[2])
    label = "lca plan " + sys.argv[2]
ts, cs = [], []
for _ in range(30):
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    _, st, ru = os.wait4(p.pid, 0)
    ts.append((time.perf_counter() - t) * 1e3)
    cs.append((ru.ru_utime + ru.ru_stime) * 1e3)
    if os.waitstatus_to_exitcode(st):
        sys.exit(f"{label} failed")
ts.sort(); cs.sort()
print(f"  {label}: {ts[15]:.1f} ms wall, {cs[15]:.1f} ms CPU (load {os.getloadavg()[0]:.1f})")
PY
done
