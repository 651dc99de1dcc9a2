#!/usr/bin/env bash
# bench_uncertainty.sh [BUILD_DIR] [ROUNDS]: Monte Carlo speed and memory,
# whole process.  lca's 10^4..10^6 draws of the full lifecycle computation
# (a three-phase job), then 10^6 draws of a one-phase job side by side with
# the peer, numpy with 4 uncertain inputs only (peer_mc.py), interleaved
# ROUNDS times (default 7), and each one's peak memory.
. "$(dirname "$0")/common.sh"
PY=${PYTHON:-/usr/bin/python3}
cat >"$TMP/job.json" <<'JSON'
{"gpu": "h100", "region": "us-east-1", "params": 70e9,
 "phases": [{"phase": "training", "tokens": 2e12},
            {"phase": "experiments", "tokens": 2e11},
            {"phase": "inference", "requests": 1e9, "tokens-per-request": 800}]}
JSON
for n in 10000 100000 1000000; do
	/usr/bin/time -f "%e s %M KB" -o "$TMP/t" "$LCA" estimate --job "$TMP/job.json" \
		--uncertainty --samples $n --format json >/dev/null
	printf '%8d draws, 3 phases: %s (wall time, max resident)\n' $n "$(cat "$TMP/t")"
done
one="$LCA estimate --params 7e9 --gpu a100 --region DE --uncertainty --samples 1000000 --format json"
echo "1e6 draws, one phase (lca: 5 uncertain inputs, every output, Sobol indices):"
"$PY" "$HERE/procbench.py" "${2:-7}" "lca=$one" "peer: numpy, 4 inputs=$PY $HERE/peer_mc.py 1000000"
/usr/bin/time -f "%M" -o "$TMP/m1" $one >/dev/null
/usr/bin/time -f "%M" -o "$TMP/m2" "$PY" "$HERE/peer_mc.py" 1000000 >/dev/null
echo "  max resident: lca $(($(cat "$TMP/m1") / 1024)) MB, peer $(($(cat "$TMP/m2") / 1024)) MB"
