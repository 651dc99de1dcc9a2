#!/usr/bin/env bash
# bench_estimate_inproc.sh [BUILD_DIR] [ROUNDS]: estimates per second in one
# process on one core, lca (bench_estimate_inproc) and its peer (a Python +
# numpy table-lookup estimator in LLMCarbon's style, peer_estimate.py) back
# to back, ROUNDS times (default 5); prints each round and the medians,
# per wall second and per CPU second of the process (the rate on one core
# when the machine is shared).
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
def rates(path, key, cpu=False):
    pat = r"(\d+) per CPU second" if cpu else r":\s+(\d+) estimates/s"
    return [float(re.search(pat, l).group(1)) for l in open(path) if key in l]
def med(*a):
    return statistics.median(rates(*a))
read, tot = med(sys.argv[1], "assumptions read"), med(sys.argv[1], "totals only")
peer = med(sys.argv[2], "assumptions read")
rc, tc = med(sys.argv[1], "assumptions read", 1), med(sys.argv[1], "totals only", 1)
pc = med(sys.argv[2], "assumptions read", 1)
print(f"median per wall second: lca {read:,.0f}/s with the assumptions read "
      f"({tot:,.0f}/s totals only); peer {peer:,.0f}/s; lca/peer {read / peer:.1f}x")
print(f"median per CPU second (one core): lca {rc:,.0f}/s with the assumptions "
      f"read ({tc:,.0f}/s totals only); peer {pc:,.0f}/s; lca/peer {rc / pc:.1f}x")
PY
