#!/usr/bin/env bash
# Many writers and failures on a real PostgreSQL 15 (and SQLite beside it):
# 64 writers at once into PostgreSQL (ingest and track mixed) and 16 into
# SQLite: no error, no lost and no duplicate run; kill -9 of writers leaves
# nothing half-written; PostgreSQL stopped while lca track runs: the
# command's exit status is unchanged and the run arrives later (the store
# back before the end: at the end; else spooled, then lca ledger flush).
# Exit 77 (skipped) only when PostgreSQL cannot be found or started.
. "$(dirname "$0")/common.sh"
skip() {
	echo "SKIP: $*"
	exit 77
}
. "$(dirname "$0")/pg_fixture.sh"
trap pg_stop EXIT
PG_MAX_CONN=150
pg_start
for d in many kill down; do mkdb $d || { echo "FAIL: createdb $d"; exit 1; }; done
export XDG_STATE_HOME=$TMP/state
names() { # DB: the runs' names, one a line, sorted
	"$LCA" runs --format json --db "$1" >"$TMP/runs.json" &&
		python3 -c 'import json,sys; [print(r["name"]) for r in json.load(open(sys.argv[1]))["runs"]]' "$TMP/runs.json" | sort
}
log() { # FILE DEVICE WATTS: a small power log, one run
	{
		echo "timestamp,device,power_w"
		for t in 0 1 2 3 4 5; do echo "$t,$2,$3"; done
	} >"$1"
}
# writers DB NLOGS NTRACK: each log ingested by two writers at once, and
# NTRACK lca track writers, all started together
writers() {
	local db=$1 nl=$2 nt=$3 i k pids=
	for i in $(seq 1 "$nl"); do log "$TMP/l$i.csv" "dev$i" $((10 * i)); done
	for k in 1 2; do
		for i in $(seq 1 "$nl"); do
			"$LCA" ingest --grid 100 --db "$db" "$TMP/l$i.csv" >"$TMP/w.i$k.$i" 2>&1 &
			pids="$pids $!"
		done
	done
	for i in $(seq 1 "$nt"); do
		"$LCA" track --grid 100 --db "$db" --interval 0.1 --name "t$i" -- sleep 0.5 >"$TMP/w.t$i" 2>&1 &
		pids="$pids $!"
	done
	for p in $pids; do
		wait "$p" || { echo "FAIL: a writer exited non-zero"; fail=1; }
	done
	if grep -l '^lca: \(cannot\|the run is not\|the ledger could not\)' "$TMP"/w.*; then fail=1; fi
	rm -f "$TMP"/w.*
	{
		for i in $(seq 1 "$nl"); do echo "$TMP/l$i.csv"; done
		for i in $(seq 1 "$nt"); do echo "t$i"; done
	} | sort >"$TMP/want"
	names "$db" >"$TMP/got"
	ok diff "$TMP/want" "$TMP/got"
}
# 64 writers into PostgreSQL: 16 logs x 2 ingests + 32 tracks
writers "$(url many)" 16 32
# 16 writers into SQLite: 4 logs x 2 ingests + 8 tracks
writers "$TMP/many.db" 4 8

# kill -9: of lca track mid-run (its run reads as interrupted, its
# committed samples and devices whole), and of lca ingest going through 250
# logs (each run there is whole: its devices sum to its energy)
KILL=$(url kill)
"$LCA" track --grid 100 --db "$KILL" --interval 0.05 --name victim -- sleep 30 >"$TMP/victim.out" 2>&1 &
vp=$!
for i in $(seq 1 250); do log "$TMP/k$i.csv" "kdev$i" 50; done
"$LCA" ingest --grid 100 --db "$KILL" "$TMP"/k*.csv >"$TMP/kill_ingest.out" 2>&1 &
ip=$!
# killed once a few of its runs are in (their count read in SQL's way:
# a run is there whole or not at all)
for i in $(seq 1 100); do
	n=$("$LCA" runs --format json --db "$KILL" 2>/dev/null | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["runs"]))' 2>/dev/null)
	[ "${n:-0}" -ge 6 ] && break
	sleep 0.1
done
kill -9 $vp $ip
wait $vp $ip 2>/dev/null
pkill -9 -P $vp 2>/dev/null # the orphaned sleep 30 (by its parent's pid)
"$LCA" runs --format json --db "$KILL" >"$TMP/runs.json"
ok test $? = 0
ok py '[r["status"] for r in d["runs"] if r["name"] == "victim"] == ["interrupted"]'
ok py '0 < len([r for r in d["runs"] if r["source"] != "track"]) < 250'
ok python3 - "$LCA" "$KILL" "$TMP/runs.json" <<'PY'
import json, subprocess, sys
lca, db, runs = sys.argv[1], sys.argv[2], json.load(open(sys.argv[3]))["runs"]
for r in runs:
    s = json.loads(subprocess.run([lca, "runs", "show", str(r["id"]), "--format", "json", "--db", db], check=True, capture_output=True).stdout)
    if r["source"] != "track":
        assert len(s["devices"]) == 1 and len(s["assumptions"]) > 0, s
    assert abs(sum(x["energy_j"] for x in s["devices"]) / 3.6e6 - r["energy_kwh"]) < 1e-9, s
PY
# the run ingested again later: each log once
run_ok "$TMP/kill_ingest2.out" "$LCA" ingest --grid 100 --db "$KILL" "$TMP"/k*.csv
"$LCA" runs --format json --db "$KILL" >"$TMP/runs.json"
ok py 'len([r for r in d["runs"] if r["source"] != "track"]) == 250'

# PostgreSQL stopped while lca track runs, back before the end: the run
# arrives at the end, with the command's status
DOWN=$(url down)
"$LCA" track --grid 100 --db "$DOWN" --interval 0.1 --name back -- sh -c 'sleep 3; exit 3' >"$TMP/back.out" 2>&1 &
tp=$!
sleep 0.7
pg_ctl_stop fast
sleep 1
pg_ctl_start || { echo "FAIL: PostgreSQL did not restart"; exit 1; }
wait $tp
ok test $? = 3
"$LCA" runs --format json --db "$DOWN" >"$TMP/runs.json"
ok py '[(r["status"], r["exit_status"]) for r in d["runs"] if r["name"] == "back"] == [("complete", 3)]'
# stopped till after the end: spooled (exit status unchanged), then flushed
"$LCA" track --grid 100 --db "$DOWN" --interval 0.1 --name later -- sh -c 'sleep 1.5; exit 4' >"$TMP/later.out" 2>&1 &
tp=$!
sleep 0.5
pg_ctl_stop fast
wait $tp
ok test $? = 4
ok grep -q "spooled to" "$TMP/later.out"
pg_ctl_start || { echo "FAIL: PostgreSQL did not restart"; exit 1; }
run_ok "$TMP/flush.out" "$LCA" ledger flush --db "$DOWN"
"$LCA" runs --format json --db "$DOWN" >"$TMP/runs.json"
ok py '[(r["status"], r["exit_status"]) for r in d["runs"] if r["name"] == "later"] == [("complete", 4)]'
# flushed again: still once
run_ok "$TMP/flush2.out" "$LCA" ledger flush --db "$DOWN"
"$LCA" runs --format json --db "$DOWN" >"$TMP/runs.json"
ok py 'len([r for r in d["runs"] if r["name"] == "later"]) == 1'
finish
