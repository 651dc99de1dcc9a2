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
echo "whole process, catalog included (median of 30 runs):"
for args in \
	"--hours 24 --regions all --year 2023" \
	"--hours 72 --regions all --pause-resume --max-stretch 2 --year 2023" \
	"--hours 24 --regions all --window 24 --from 2023-06-01T00:00Z"; do
	python3 - "$BUILD/lca" "$args" <<'PY'
import shlex, subprocess, sys, time
cmd = [sys.argv[1], "plan", "--gpu", "a100", "--gpus", "8", "--region", "DE",
       "--format", "json"] + shlex.split(sys.argv[2])
ts = []
for _ in range(30):
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
    ts.append((time.perf_counter() - t) * 1e3)
ts.sort()
print(f"  lca plan {sys.argv[2]}: {ts[15]:.1f} ms")
PY
done
