#!/usr/bin/env bash
# bench_uncertainty.sh [BUILD_DIR]: Monte Carlo speed and memory for 10^4..10^6 draws
# of the full lifecycle computation (a three-phase job), whole process.
. "$(dirname "$0")/common.sh"
cat >"$TMP/job.json" <<'JSON'
{"gpu": "h100", "region": "us-east-1", "params": 70e9,
 "phases": [{"phase": "training", "tokens": 2e12},
            {"phase": "experiments", "tokens": 2e11},
            {"phase": "inference", "requests": 1e9, "tokens-per-request": 800}]}
JSON
for n in 10000 100000 1000000; do
	/usr/bin/time -f "%e s %M KB" -o "$TMP/t" "$LCA" estimate --job "$TMP/job.json" \
		--uncertainty --samples $n --format json >/dev/null
	printf '%8d draws: %s (wall time, max resident)\n' $n "$(cat "$TMP/t")"
done
