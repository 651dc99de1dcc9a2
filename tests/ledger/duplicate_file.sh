#!/usr/bin/env bash
# The same file twice (even under another name) is counted once; after
# lca runs rm it can be ingested again.
. "$(dirname "$0")/common.sh"
cp "$DATA/ingest/sacct.txt" "$TMP/copy.txt"
ok "$LCA" ingest --grid 100 "$DATA/ingest/sacct.txt"
ok "$LCA" ingest --grid 100 "$DATA/ingest/sacct.txt" "$TMP/copy.txt"
runs_json
ok py 'len(d["runs"]) == 2'
ok py 'abs(sum(r["energy_kwh"] for r in d["runs"]) - 1.5) < 1e-12'
ok "$LCA" runs rm 1
ok "$LCA" runs rm 2
ok "$LCA" ingest --grid 100 "$TMP/copy.txt"
runs_json
ok py 'len(d["runs"]) == 2 and d["runs"][0]["id"] == 3'
"$LCA" runs rm 99 2>"$TMP/err"
ok test $? = 2
ok grep -q "no run '99'" "$TMP/err"
finish
