#!/usr/bin/env bash
# bench_estimate_inproc.sh [BUILD_DIR] [ROUNDS]: estimates per second in one
# process on one core, lca (bench_estimate_inproc) and its peer (a Python +
# numpy table-lookup estimator in LLMCarbon's style, peer_estimate.py) back
# to back, ROUNDS times (default 5); prints each round and the medians.
# Needs numpy (Debian python3-numpy; PYTHON names the interpreter).
. "$(dirname "$0")/common.sh"
PY=${PYTHON:-/usr/bin/python3}
rounds=${2:-5}
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
for i in $(seq "$rounds"); do
	"$BUILD/tests/bench_estimate_inproc" 2 2>/dev/null | tee -a "$TMP/lca"
	"$PY" "$HERE/peer_estimate.py" "$LCA_DATASETS" inproc 2 | tee -a "$TMP/peer"
done
"$PY" - "$TMP/lca" "$TMP/peer" <<'PY'
import re, statistics, sys
def rates(path, key):
    return [float(re.search(r":\s+(\d+) estimates/s", l).group(1))
            for l in open(path) if key in l]
read = statistics.median(rates(sys.argv[1], "assumptions read"))
tot = statistics.median(rates(sys.argv[1], "totals only"))
peer = statistics.median(rates(sys.argv[2], "assumptions read"))
print(f"median: lca {read:,.0f}/s with the assumptions read ({tot:,.0f}/s totals only); "
      f"peer {peer:,.0f}/s; lca/peer {read / peer:.1f}x")
PY
