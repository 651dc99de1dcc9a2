#!/usr/bin/env bash
# The ledger on a real PostgreSQL 15: a throwaway cluster under a temp dir
# (initdb and pg_ctl run as the postgres user, on a loopback port), stopped
# on exit.  Ingest, re-ingest, SQLite and PostgreSQL giving the same runs,
# ledger copy twice, 16 concurrent writers, runs --group-by and --since.
# Exit 77 (skipped) only when PostgreSQL cannot be found or started.
. "$(dirname "$0")/common.sh"
DATA=$2
skip() {
	echo "SKIP: $*"
	exit 77
}
. "$(dirname "$0")/pg_fixture.sh"
trap pg_stop EXIT
pg_start
for d in a b c; do mkdb $d || { echo "FAIL: createdb $d"; exit 1; }; done
A=$(url a)
B=$(url b)
C=$(url c)
SQ=$TMP/ledger.db
files="$DATA/ingest/codecarbon.csv $DATA/ingest/sacct.txt $DATA/ingest/smi_units.csv $DATA/ingest/generic_hourly.csv"
count() { python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["runs"]))' "$1"; }
export LCA_DB=$A

# ingest into PostgreSQL; ingesting again adds nothing
for f in $files; do
	run_ok "$TMP/ing1.out" "$LCA" ingest --grid 100 "$f"
	run_ok "$TMP/ing_sq.out" "$LCA" ingest --grid 100 --db "$SQ" "$f"
done
"$LCA" runs --format json >"$TMP/pg1.json"
for f in $files; do run_ok "$TMP/ing2.out" "$LCA" ingest --grid 100 "$f"; done
"$LCA" runs --format json >"$TMP/pg2.json"
n=$(count "$TMP/pg1.json")
ok test "$n" -ge 4
ok test "$(count "$TMP/pg2.json")" = "$n"
ok cmp "$TMP/pg1.json" "$TMP/pg2.json"
# the same ingests give the same runs in SQLite and PostgreSQL
"$LCA" runs --format json --db "$SQ" >"$TMP/sq.json"
ok cmp "$TMP/sq.json" "$TMP/pg1.json"
# runs show, report --run and estimate --profile read PostgreSQL
id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["runs"][0]["id"])' "$TMP/pg1.json")
ok "$LCA" runs show "$id" >/dev/null
run_ok "$TMP/report.out" "$LCA" report --run "$id"
run_ok "$TMP/profile.out" "$LCA" estimate --profile "$id" --measured-fraction 0.5 --warmup 0 --grid 100

# ledger copy SQLite -> PostgreSQL twice: each run once, the same runs
run_ok "$TMP/copy1.out" "$LCA" ledger copy --from "$SQ" --to "$B"
run_ok "$TMP/copy2.out" "$LCA" ledger copy --from "$SQ" --to "$B"
"$LCA" runs --format json --db "$B" >"$TMP/copy.json"
ok test "$(count "$TMP/copy.json")" = "$n"
ok cmp "$TMP/sq.json" "$TMP/copy.json"
ok grep -q "^copied $n runs" "$TMP/copy1.out"
ok grep -q "^copied 0 runs .*($n already there" "$TMP/copy2.out"

# 16 writers at once into PostgreSQL: 8 logs, each ingested by two of them
for i in 1 2 3 4 5 6 7 8; do
	{
		echo "timestamp,device,power_w"
		for t in $(seq 0 100); do echo "$t,dev$i,$((i * 10))"; done
	} >"$TMP/w$i.csv"
done
pids=
for k in 1 2; do
	for i in 1 2 3 4 5 6 7 8; do
		"$LCA" ingest --grid 100 --db "$C" "$TMP/w$i.csv" >"$TMP/out$k.$i" 2>&1 &
		pids="$pids $!"
	done
done
for p in $pids; do
	if ! wait "$p"; then echo "FAIL: writer $p exited non-zero"; fail=1; fi
done
if grep -l '^lca: ' "$TMP"/out*; then cat "$TMP"/out*; fail=1; fi
"$LCA" runs --format json --db "$C" >"$TMP/runs.json"
ok py 'len(d["runs"]) == 8'
ok py 'sorted(r["name"] for r in d["runs"]) == sorted(set(r["name"] for r in d["runs"]))'
# each run: i*10 W x 100 s
ok py 'all(abs(r["energy_kwh"]*3.6e6 - int(r["name"].rsplit("/w", 1)[1].split(".")[0])*10*100) < 1e-6 for r in d["runs"])'

# tracked runs with tags; group-by totals equal the sum of the runs
for acct in x x y; do
	run_ok "$TMP/track.out" "$LCA" track --grid 100 --interval 0.05 --tag account=$acct -- sleep 0.2
done
"$LCA" runs --format json >"$TMP/runs.json"
# a tracked run's samples (in PostgreSQL) make the profile: intervals read
tid=$(python3 -c 'import json,sys; print([r["id"] for r in json.load(open(sys.argv[1]))["runs"] if r["source"] == "track"][-1])' "$TMP/runs.json")
"$LCA" estimate --profile "$tid" --measured-fraction 0.5 --warmup 0 --grid 100 --format json >"$TMP/profile2.out"
ok test $? = 0
# copied back into SQLite (PostgreSQL -> SQLite), the same profile
run_ok "$TMP/copy3.out" "$LCA" ledger copy --from "$A" --to "$TMP/back.db"
# (ids differ: a PostgreSQL sequence skips the values a conflict used)
"$LCA" runs --format json --db "$TMP/back.db" >"$TMP/back.json"
tid=$(python3 -c 'import json,sys; print([r["id"] for r in json.load(open(sys.argv[1]))["runs"] if r["source"] == "track"][-1])' "$TMP/back.json")
"$LCA" estimate --profile "$tid" --measured-fraction 0.5 --warmup 0 --grid 100 --format json --db "$TMP/back.db" >"$TMP/profile3.out"
ok test $? = 0
ok python3 -c 'import json,sys
a, b = (json.load(open(f)) for f in sys.argv[1:])
pick = lambda d: {x["name"]: x["value"] for x in d["assumptions"] if x["name"] in ("profile_energy", "energy_interval_90")}
assert pick(a) == pick(b) and len(pick(a)) == 2, (pick(a), pick(b))
assert not str(pick(a)["energy_interval_90"]).startswith("not computed"), pick(a)' "$TMP/profile2.out" "$TMP/profile3.out"
for by in user account partition day month; do
	"$LCA" runs --format json --group-by $by >"$TMP/g.json" || { echo "FAIL: group-by $by"; fail=1; }
	ok python3 "$(dirname "$0")/group_totals.py" "$TMP/runs.json" "$TMP/g.json" "$by"
done
run_ok "$TMP/g.csv" "$LCA" runs --group-by day --format csv
ok grep -q '^day,runs,energy_kwh,' "$TMP/g.csv"
run_ok "$TMP/g.txt" "$LCA" runs --group-by month
# --since/--until: the tracked runs started today, the logs long before
today=$(date -u +%Y-%m-%d)
"$LCA" runs --format json --since "$today" >"$TMP/runs.json"
ok py 'len(d["runs"]) == 3'
"$LCA" runs --format json --until "$today" >"$TMP/runs.json"
ok py "len(d['runs']) == $n"
"$LCA" runs --since nonsense >/dev/null 2>"$TMP/err"
ok test $? = 2
finish
