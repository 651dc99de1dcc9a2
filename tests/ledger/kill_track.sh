#!/usr/bin/env bash
# kill -9 of lca track keeps every earlier run and the tracked run's
# committed intervals, with totals that match them (no half run); kill -9
# of lca ingest leaves no run at all.
. "$(dirname "$0")/common.sh"
ok "$LCA" ingest --grid 100 "$DATA/ingest/codecarbon.csv"
"$LCA" track --grid 100 --interval 0.1 -- sleep 30 >/dev/null 2>&1 &
lca_pid=$!
sleep 1.5
child=$(pgrep -P "$lca_pid" | head -n 1)
kill -9 "$lca_pid"
wait "$lca_pid" 2>/dev/null
[ -n "$child" ] && kill "$child" 2>/dev/null
runs_json
ok py 'len(d["runs"]) == 3'
ok py '[r["source"] for r in d["runs"]] == ["codecarbon", "codecarbon", "track"]'
ok py 'd["runs"][2]["status"] == "interrupted"'
ok py 'abs(d["runs"][0]["energy_kwh"] - 0.5455) < 1e-12'
# the run's totals are exactly its committed samples
ok test "$(sql 'select count(*) from samples')" -ge 5
ok python3 - "$LCA_DB" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
run = c.execute("select energy_kwh from runs where source='track'").fetchone()[0]
dev = c.execute("select sum(energy_j) from run_devices d join runs r on r.id=d.run_id where r.source='track'").fetchone()[0]
smp = c.execute("select sum(joules) from samples").fetchone()[0] or 0
sys.exit(0 if abs(run * 3.6e6 - dev) <= 1e-6 * max(1, dev) and abs(dev - smp) <= 1e-6 * max(1, dev) else 1)
PY
# kill -9 of an ingest in the middle of a big file: no run from it
{
	echo "timestamp,device,power_w"
	seq 0 400000 | sed 's/$/,a,5/'
} >"$TMP/big.csv"
"$LCA" ingest --grid 100 "$TMP/big.csv" >/dev/null 2>&1 &
p=$!
sleep 0.2
kill -9 "$p" 2>/dev/null
wait "$p" 2>/dev/null
runs_json
ok py 'len(d["runs"]) in (3, 4)'
ok py 'all(r["source"] != "generic" or abs(r["energy_kwh"]*3.6e6 - 5*400000) < 1e-6 for r in d["runs"])'
finish
