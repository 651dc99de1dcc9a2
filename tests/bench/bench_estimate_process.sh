#!/usr/bin/env bash
# bench_estimate_process.sh [BUILD_DIR] [ROUNDS]: one whole `lca estimate`
# process (warm catalog) beside `lca version` (process start alone) and the
# peer, a Python table-lookup calculator (peer_estimate.py once: plain
# Python, the same shipped tables), interleaved ROUNDS times (default 200);
# then page faults from perf stat where perf can count them.
. "$(dirname "$0")/common.sh"
PY=${PYTHON:-/usr/bin/python3}
"$LCA" estimate --params 176e9 --gpu a100 --format json >/dev/null # warm
"$PY" "$HERE/procbench.py" "${2:-200}" \
	"lca version=$LCA version" \
	"lca estimate --format json=$LCA estimate --params 176e9 --gpu a100 --format json" \
	"lca estimate (text)=$LCA estimate --params 176e9 --gpu a100" \
	"peer: python calculator=$PY $HERE/peer_estimate.py $LCA_DATASETS once 176e9 a100"
if perf stat -e page-faults true >/dev/null 2>&1; then
	for c in "version" "estimate --params 176e9 --gpu a100 --format json"; do
		perf stat -x, -e page-faults -r 50 "$LCA" $c 2>&1 >/dev/null |
			awk -F, -v c="$c" '{print "  page faults, lca " c ": " $1}'
	done
fi
