#!/usr/bin/env bash
# lca track never changes the command's outcome (issue 14, items 3-5): the
# command starts at once and its status wins behind a held ledger lock (the
# run is spooled, then flushed, without the time it waited); an impossible
# sensor reading is dropped and counted; a group kill reaches the command
# once; a full disk under the ledger spools the run.
. "$(dirname "$0")/common.sh"
export XDG_STATE_HOME=$TMP/state
ok "$LCA" ingest --grid 100 "$DATA/ingest/sacct.txt"
# 1. behind a held write lock
python3 "$(dirname "$0")/hold_lock.py" "$LCA_DB" "$TMP/locked" 20 &
holder=$!
for _ in $(seq 1 100); do [ -f "$TMP/locked" ] && break; sleep 0.1; done
timeout 15 "$LCA" track --grid 100 --interval 0.1 -- sh -c 'exit 4' >/dev/null 2>"$TMP/err"
ok test $? = 4
ok grep -q "another writer held its lock): spooled to" "$TMP/err"
ok test "$(ls "$TMP/state/lca/spool" | grep -c '\.db$')" = 1
kill "$holder"
wait "$holder" 2>/dev/null
"$LCA" ledger flush 2>"$TMP/err"
ok test $? = 0
ok grep -q "recorded 1 spooled run" "$TMP/err"
"$LCA" ledger flush 2>/dev/null
runs_json
ok py 'len(d["runs"]) == 3'
ok py '[r for r in d["runs"] if r["source"] == "track"][0]["exit_status"] == 4'
ok py '[r for r in d["runs"] if r["source"] == "track"][0]["status"] == "complete"'
ok py '[r for r in d["runs"] if r["source"] == "track"][0]["duration_s"] < 15'
# 2. an impossible reading (9e12 W from an amdgpu hwmon file)
h=$TMP/fake/sys/class/hwmon/hwmon3
mkdir -p "$h"
echo amdgpu >"$h/name"
echo 9000000000000000000 >"$h/power1_average"
LCA_SYSFS_ROOT=$TMP/fake "$LCA" track --grid 100 --interval 0.1 -- sleep 0.3 >/dev/null 2>"$TMP/err"
ok test $? = 0
id=$("$LCA" runs --format json | python3 -c 'import json,sys; print(max(r["id"] for r in json.load(sys.stdin)["runs"]))')
"$LCA" runs show "$id" --format json >"$TMP/runs.json"
ok py 'any(a["name"] == "dropped_readings" and float(a["value"]) >= 1 for a in d["assumptions"])'
# 3. a group kill of lca's process group reaches the command once
setsid "$LCA" track --grid 100 --interval 0.1 -- python3 "$(dirname "$0")/sigcount.py" "$TMP/count" >/dev/null 2>&1 &
lca=$!
for _ in $(seq 1 100); do [ -f "$TMP/count.ready" ] && break; sleep 0.1; done
kill -INT -- "-$lca"
wait "$lca"
ok test "$(cat "$TMP/count" 2>/dev/null)" = 1
# and a kill of lca alone is passed on, once
rm -f "$TMP/count" "$TMP/count.ready"
"$LCA" track --grid 100 --interval 0.1 -- python3 "$(dirname "$0")/sigcount.py" "$TMP/count" >/dev/null 2>&1 &
lca=$!
for _ in $(seq 1 100); do [ -f "$TMP/count.ready" ] && break; sleep 0.1; done
kill -INT "$lca"
wait "$lca"
ok test "$(cat "$TMP/count" 2>/dev/null)" = 1
# 4. a full disk under the ledger (a small tmpfs; needs root, else skipped)
mnt=$TMP/tiny
mkdir -p "$mnt"
if mount -t tmpfs -o size=400k tmpfs "$mnt" 2>/dev/null; then
	LCA_DB=$mnt/ledger.db "$LCA" ingest --grid 100 "$DATA/ingest/sacct.txt" >/dev/null
	LCA_DB=$mnt/ledger.db "$LCA" track --grid 100 --interval 0.05 -- sh -c "sleep 1; exit 6" >/dev/null 2>"$TMP/err" &
	lca=$!
	sleep 0.3
	dd if=/dev/zero of="$mnt/fill" bs=4k 2>/dev/null
	wait "$lca"
	ok test $? = 6
	ok grep -q "spooled to" "$TMP/err"
	rm -f "$mnt/fill"
	LCA_DB=$mnt/ledger.db "$LCA" ledger flush 2>/dev/null
	ok test "$(LCA_DB=$mnt/ledger.db sql "SELECT count(*) FROM runs WHERE source='track' AND exit_status=6")" = 1
	umount "$mnt"
fi
# 5. a read-only ledger is still read (issue 14, item 10; a read-only bind
# mount: needs root, else skipped)
mkdir -p "$TMP/ro"
if mount --bind -o ro "$(dirname "$LCA_DB")" "$TMP/ro" 2>/dev/null; then
	LCA_DB=$TMP/ro/$(basename "$LCA_DB") "$LCA" runs >"$TMP/out" 2>"$TMP/err"
	ok test $? = 0
	ok grep -q "slurm job 1001" "$TMP/out"
	umount "$TMP/ro"
fi
finish
