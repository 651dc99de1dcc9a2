#!/usr/bin/env bash
# 8 writers at once (6 lca ingest, 2 lca track) into one ledger: every run,
# device and sample is counted.
. "$(dirname "$0")/common.sh"
for i in 1 2 3 4 5 6; do
	{
		echo "timestamp,device,power_w"
		for t in $(seq 0 200); do echo "$t,dev$i,$((i * 10))"; done
	} >"$TMP/w$i.csv"
done
pids=
for i in 1 2 3 4 5 6; do
	"$LCA" ingest --grid 100 "$TMP/w$i.csv" >"$TMP/out$i" 2>&1 &
	pids="$pids $!"
done
for i in 1 2; do
	"$LCA" track --grid 100 --interval 0.05 -- sleep 1.5 >"$TMP/track$i" 2>&1 &
	pids="$pids $!"
done
for p in $pids; do
	if ! wait "$p"; then echo "FAIL: writer $p exited non-zero"; fail=1; fi
done
[ -n "${fail:-}" ] && cat "$TMP"/out* "$TMP"/track*
cat "$TMP"/out* "$TMP"/track* | grep '^lca: .*error' && fail=1
runs_json
ok py 'len(d["runs"]) == 8'
ok py 'sorted(r["source"] for r in d["runs"]) == ["generic"]*6 + ["track"]*2'
# each ingest run: i*10 W x 200 s
ok py 'all(abs(r["energy_kwh"]*3.6e6 - int(r["name"].rsplit("/w", 1)[1].split(".")[0])*10*200) < 1e-6 for r in d["runs"] if r["source"] == "generic")'
ok py 'all(r["status"] == "complete" for r in d["runs"])'
ok test "$(sql 'select count(*) from files')" = 6
ok test "$(sql 'select count(*) from run_devices')" -ge 8
# every tracked interval committed: at least 5 samples per device per run
ok test "$(sql "select min(n) from (select count(*) n from samples group by run_id, device)")" -ge 5
finish
