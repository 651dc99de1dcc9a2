#!/usr/bin/env bash
# bench_ledger_writes.sh [BUILD_DIR] [RUNS_PER_WRITER]: runs written per
# second into each store (SQLite, and PostgreSQL 15 when it can be started:
# a throwaway cluster as in the tests) by 1, 8 and 64 writers at once.  A
# writer is one `lca ingest` of RUNS_PER_WRITER small logs (default 40),
# each log a run in a transaction of its own, so the figure counts whole
# writes (key lookup, run, devices, assumptions, commit), not process
# starts.  Prints figures; asserts nothing.
. "$(dirname "$0")/common.sh"
PER=${2:-40}
skip() {
	echo "postgresql: not measured ($*)"
	exit 0
}
. "$HERE/../ledger/pg_fixture.sh"
trap 'pg_stop; rm -rf "$TMP"' EXIT
PG_MAX_CONN=200
# 64 x PER distinct logs: one run each (a key per device and first reading)
mkdir -p "$TMP/logs"
python3 - "$TMP/logs" "$PER" <<'PY'
import sys
d, per = sys.argv[1], int(sys.argv[2])
for w in range(64):
    for k in range(per):
        with open(f"{d}/w{w}_{k}.csv", "w") as f:
            f.write("timestamp,device,power_w\n")
            for t in range(5):
                f.write(f"{t},dev{w}_{k},{100 + k}\n")
PY
measure() { # STORE_LABEL DB WRITERS
	local label=$1 db=$2 n=$3 w t0 t1 got pids=
	t0=$(date +%s.%N)
	for w in $(seq 0 $((n - 1))); do
		"$LCA" ingest --grid 100 --db "$db" "$TMP"/logs/w${w}_*.csv >"$TMP/out.$w" 2>&1 &
		pids="$pids $!"
	done
	for p in $pids; do wait "$p" || { echo "writer failed:"; cat "$TMP"/out.*; exit 1; }; done
	t1=$(date +%s.%N)
	got=$("$LCA" runs --db "$db" --format json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["runs"]))')
	python3 -c "import sys; n,w,per,got,t=int(sys.argv[1]),int(sys.argv[2]),int(sys.argv[3]),int(sys.argv[4]),float(sys.argv[5]); print('%-10s %2d writers: %6d runs in %6.2f s = %7.0f runs/s%s' % (sys.argv[6], w, n, t, n/t, '' if got == n else ' (LEDGER HOLDS %d: LOST OR DUPLICATED)' % got))" \
		$((n * PER)) "$n" "$PER" "$got" "$(python3 -c "print($t1 - $t0)")" "$label"
}
echo "runs written per second ($PER runs per writer, $(nproc) CPUs)"
for n in 1 8 64; do
	measure sqlite "$TMP/ledger$n.db" $n
done
pg_start
for n in 1 8 64; do
	mkdb bench$n
	measure postgresql "$(url bench$n)" $n
done
