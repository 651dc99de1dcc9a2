#!/usr/bin/env bash
# Without a server: lca runs --group-by totals equal the sum of the runs,
# --since/--until filter by start, and lca ledger copy between two SQLite
# ledgers twice holds each run once.
. "$(dirname "$0")/common.sh"
for f in codecarbon.csv sacct.txt smi_units.csv generic_hourly.csv; do
	run_ok "$TMP/ing.out" "$LCA" ingest --grid 100 "$DATA/ingest/$f"
done
run_ok "$TMP/track.out" "$LCA" track --grid 100 --interval 0.05 --tag account=x -- true
runs_json
n=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["runs"]))' "$TMP/runs.json")
ok test "$n" -ge 5
for by in user account partition day month; do
	"$LCA" runs --format json --group-by $by >"$TMP/g.json"
	ok test $? = 0
	ok python3 "$(dirname "$0")/group_totals.py" "$TMP/runs.json" "$TMP/g.json" "$by"
done
"$LCA" runs --group-by account --format csv >"$TMP/g.csv"
ok grep -q '^account,runs,energy_kwh,facility_energy_kwh,operational_kgco2e,embodied_kgco2e,total_kgco2e$' "$TMP/g.csv"
ok grep -q '^"x",1,' "$TMP/g.csv"
"$LCA" runs --group-by week >/dev/null 2>"$TMP/err"
ok test $? = 2
ok grep -q "^lca: unknown grouping 'week'" "$TMP/err"
today=$(date -u +%Y-%m-%d)
"$LCA" runs --format json --since "$today" >"$TMP/runs.json"
ok py 'len(d["runs"]) == 1 and d["runs"][0]["source"] == "track"'
"$LCA" runs --format json --until "$today" >"$TMP/runs.json"
ok py "len(d['runs']) == $((n - 1))"
# copy into a second SQLite ledger, twice
run_ok "$TMP/c1" "$LCA" ledger copy --from "$LCA_DB" --to "$TMP/copy.db"
run_ok "$TMP/c2" "$LCA" ledger copy --from "$LCA_DB" --to "$TMP/copy.db"
ok grep -q "^copied $n runs" "$TMP/c1"
ok grep -q "^copied 0 runs .*($n already there, 0 updated)" "$TMP/c2"
"$LCA" runs --format json >"$TMP/a.json"
"$LCA" runs --format json --db "$TMP/copy.db" >"$TMP/b.json"
ok cmp "$TMP/a.json" "$TMP/b.json"
"$LCA" ledger copy --to "$TMP/copy.db" >/dev/null 2>"$TMP/err"
ok test $? = 2
finish
