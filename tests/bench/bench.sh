#!/usr/bin/env bash
# bench.sh [BUILD_DIR]: prints lca's speed figures (medians of repeated runs).
# - a whole `lca estimate ... --format json` process, catalog included (warm)
# - a catalog build from datasets/ (cold: a fresh database each run)
. "$(dirname "$0")/common.sh"

median_ms() { # N command...: runs N times, prints the median wall time in ms
	local n=$1
	shift
	python3 - "$n" "$@" <<'PY'
import subprocess, sys, time
n = int(sys.argv[1]); cmd = sys.argv[2:]
ts = []
for _ in range(n):
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
    ts.append((time.perf_counter() - t) * 1e3)
ts.sort()
print(f"{ts[len(ts)//2]:.2f} ms median, {ts[0]:.2f} min, {ts[-1]:.2f} max over {n} runs")
PY
}

echo "lca estimate --params 176e9 --gpu a100 --format json (whole process, warm catalog):"
echo "  $(median_ms 200 "$LCA" estimate --params 176e9 --gpu a100 --format json)"
echo "lca estimate --job datasets/jobs/bloom-176b.json --format json:"
echo "  $(median_ms 200 "$LCA" estimate --job "$LCA_DATASETS/jobs/bloom-176b.json" --format json)"
echo "catalog build from datasets/ (fresh database each run):"
echo "  $(median_ms 15 sh -c "rm -f '$LCA_CATALOG'; '$LCA' catalog build")"
if command -v hyperfine >/dev/null 2>&1; then
	hyperfine -N --warmup 20 --runs 300 \
		"$LCA estimate --params 176e9 --gpu a100 --format json" 2>/dev/null |
		sed -n '2,3p'
fi
