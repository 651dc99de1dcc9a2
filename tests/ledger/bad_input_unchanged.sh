#!/usr/bin/env bash
# Malformed logs: one line naming file, line and column, exit 1, and the
# ledger unchanged.
. "$(dirname "$0")/common.sh"
ok "$LCA" ingest --grid 100 "$DATA/ingest/smi_units.csv"
# a good file and a bad one in one command: the good one is kept
printf 'timestamp,power_w\n0,10\n1,ten\n' >"$TMP/bad.csv"
"$LCA" ingest --grid 100 "$DATA/ingest/codecarbon.csv" "$TMP/bad.csv" 2>/dev/null
ok test $? = 1
runs_json
cp "$TMP/runs.json" "$TMP/before.json"
printf 'timestamp,power_w\n0,10\n1,10,3\n' >"$TMP/columns.csv"
printf 'timestamp,power_w\n0,10\n1,ten\n' >"$TMP/nan.csv"
printf 'timestamp,power_w\n0,10\n1,-3\n' >"$TMP/negative.csv"
printf 'timestamp,power_w\n5,10\n1,3\n' >"$TMP/backwards.csv"
printf 'timestamp,power_w\n0,10\n1,1' >"$TMP/truncated.csv"
: >"$TMP/empty.csv"
head -c 300 /bin/sh >"$TMP/binary.csv"
printf 'JobID|ConsumedEnergyRaw\n1|100\n2|x\n' >"$TMP/sacct.txt"
for f in columns:"line 3" nan:"line 3, column 2" negative:"line 3, column 2" \
	backwards:"line 3, column 1" truncated:"line 3" empty:empty \
	binary:binary sacct:"line 3, column 2"; do
	name=${f%%:*}
	want=${f#*:}
	file=$TMP/$name.csv
	[ "$name" = sacct ] && file=$TMP/sacct.txt
	"$LCA" ingest --grid 100 "$file" >/dev/null 2>"$TMP/err"
	rc=$?
	[ $rc = 1 ] || { echo "FAIL: $name: exit $rc"; fail=1; }
	[ "$(wc -l <"$TMP/err")" = 1 ] || { echo "FAIL: $name: not one line"; cat "$TMP/err"; fail=1; }
	grep -qF "$want" "$TMP/err" || { echo "FAIL: $name: no '$want'"; cat "$TMP/err"; fail=1; }
	grep -q '^lca: ' "$TMP/err" || { echo "FAIL: $name: format"; fail=1; }
done
runs_json
ok cmp "$TMP/before.json" "$TMP/runs.json"
ok py 'len(d["runs"]) == 3'
ok test "$(sql 'select count(*) from run_devices')" = 8
ok test "$(sql 'select count(*) from files')" = 2
finish
