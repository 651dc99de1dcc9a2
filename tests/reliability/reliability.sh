#!/usr/bin/env bash
# reliability.sh LCA DATA TMP: replays issue 14's list of bad inputs, kill -9s
# and concurrent writers against lca and prints
#   inputs tried, crashes, hangs, runs lost, runs doubled
# (and unexpected exits); fails when any but the first is not 0.  A run kept
# as "interrupted" with what it committed is not lost.
set -u
LCA=$1 DATA=$2 TMP=$3
LEDGER_TESTS=$(cd "$(dirname "$0")/../ledger" && pwd)
rm -rf "$TMP" && mkdir -p "$TMP"
export LCA_CATALOG=$TMP/catalog.db LCA_DB=$TMP/ledger.db
export XDG_STATE_HOME=$TMP/state
tried=0 crashes=0 hangs=0 lost=0 doubled=0 unexpected=0
note() { echo "  $*"; }

# try WANT CMD...: one input; WANT is the exit codes allowed ("0|1|2").
try() {
	local want=$1 rc
	shift
	tried=$((tried + 1))
	timeout 60 "$@" >"$TMP/out" 2>"$TMP/err" </dev/null
	rc=$?
	if [ $rc = 124 ]; then
		hangs=$((hangs + 1)); note "hang: $*"
	elif [ $rc -ge 128 ]; then
		crashes=$((crashes + 1)); note "crash ($rc): $* :: $(head -c 300 "$TMP/err")"
	elif ! [[ "|$want|" == *"|$rc|"* ]]; then
		unexpected=$((unexpected + 1)); note "exit $rc, want $want: $* :: $(head -c 300 "$TMP/err")"
	fi
	return 0
}
sqlv() { python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute(sys.argv[2]).fetchone()[0])' "$@"; }

"$LCA" catalog build >/dev/null || { echo "cannot build the catalog"; exit 1; }
est=(estimate --gpus 8 --hours 24 --gpu a100 --region DE --start 2023-06-01T00:00Z)

# 1. series damaged in the catalog, and flipped bytes
for how in unsorted partial value; do
	cp "$LCA_CATALOG" "$TMP/d.db"
	python3 "$DATA/catalog/damage_series.py" "$TMP/d.db" DE $how
	try 1 env LCA_CATALOG="$TMP/d.db" "$LCA" "${est[@]}"
done
for seed in $(seq 1 12); do
	python3 "$DATA/catalog/flip_bits.py" "$LCA_CATALOG" "$TMP/f.db" "$seed" 200
	try "0|1|2" env LCA_CATALOG="$TMP/f.db" "$LCA" plan --gpus 8 --hours 24 --gpu a100 --regions all --year 2023
	try "0|1|2" env LCA_CATALOG="$TMP/f.db" "$LCA" "${est[@]}"
	try 0 env LCA_CATALOG="$TMP/f.db" "$LCA" catalog build
	rm -f "$TMP"/f.db*
done
# 6. garbage for a catalog
python3 -c "open('$TMP/g.db','wb').write(bytes((i*7+3)%251 for i in range(200000)))"
try 0 env LCA_CATALOG="$TMP/g.db" "$LCA" catalog build
python3 -c "open('$TMP/g2.db','wb').write(bytes((i*7+3)%251 for i in range(200000)))"
try 0 env LCA_CATALOG="$TMP/g2.db" "$LCA" "${est[@]}"

# 2. records held once: removed, re-ingested, grown, long ids, interleaved
S=$DATA/ingest/sacct.txt
L2=$TMP/keys.db
try 0 env LCA_DB="$L2" "$LCA" ingest --grid 100 "$S"
try 0 env LCA_DB="$L2" "$LCA" runs rm 1
try 0 env LCA_DB="$L2" "$LCA" ingest --grid 100 "$S"
try 0 env LCA_DB="$L2" "$LCA" ingest --grid 100 "$S" "$S"
n=$(sqlv "$L2" "SELECT count(*) FROM runs")
e=$(sqlv "$L2" "SELECT round(sum(energy_kwh), 9) FROM runs")
[ "$n" -lt 2 ] && lost=$((lost + 2 - n))
[ "$n" -gt 2 ] && doubled=$((doubled + n - 2))
[ "$e" = 1.5 ] || note "sacct energy $e kWh, want 1.5"
long=$(printf 'j%.0s' $(seq 1 200))
printf 'JobID|Start|End|ConsumedEnergyRaw\n%s|2024-01-15T10:00:00|2024-01-15T11:00:00|\n%s.0|2024-01-15T10:00:00|2024-01-15T11:00:00|1800\n%s.1|2024-01-15T10:00:00|2024-01-15T11:00:00|1800\n' "$long" "$long" "$long" >"$TMP/long.txt"
try 0 env LCA_DB="$L2" "$LCA" ingest --grid 100 "$TMP/long.txt"
n=$(sqlv "$L2" "SELECT count(*) FROM runs WHERE name LIKE 'slurm job jjj%'")
[ "$n" = 1 ] || { [ "$n" -gt 1 ] && doubled=$((doubled + n - 1)) || lost=$((lost + 1)); }

# 3-5. track: the command's status, impossible readings, a held lock,
# signals
h=$TMP/fake/sys/class/hwmon/hwmon3
mkdir -p "$h" && echo amdgpu >"$h/name" && echo 9000000000000000000 >"$h/power1_average"
try 5 env LCA_SYSFS_ROOT="$TMP/fake" "$LCA" track --grid 100 --interval 0.05 -- sh -c 'sleep 0.2; exit 5'
python3 "$LEDGER_TESTS/hold_lock.py" "$LCA_DB" "$TMP/locked" 15 &
holder=$!
for _ in $(seq 1 100); do [ -f "$TMP/locked" ] && break; sleep 0.1; done
try 0 timeout 10 "$LCA" track --grid 100 --interval 0.1 -- true
try 3 timeout 10 "$LCA" track --grid 100 --interval 0.1 -- sh -c 'exit 3'
kill "$holder" 2>/dev/null; wait "$holder" 2>/dev/null
try 0 "$LCA" ledger flush
tried=$((tried + 1))
setsid "$LCA" track --grid 100 --interval 0.1 -- python3 "$LEDGER_TESTS/sigcount.py" "$TMP/count" >/dev/null 2>&1 &
p=$!
for _ in $(seq 1 100); do [ -f "$TMP/count.ready" ] && break; sleep 0.1; done
kill -INT -- "-$p"
wait "$p"
[ "$(cat "$TMP/count" 2>/dev/null)" = 1 ] || { unexpected=$((unexpected + 1)); note "group SIGINT delivered $(cat "$TMP/count" 2>/dev/null) times"; }

# 7-10. output files, CSV cells, inputs refused, smaller ones
try 1 "$LCA" report --job "$DATA/../../datasets/jobs/bloom-176b.json" --format csv --regions none -o /dev/full
try 0 "$LCA" report --job "$DATA/../../datasets/jobs/bloom-176b.json" --format csv --regions none -o -
try 0 "$LCA" estimate --gpus 8 --hours 24 --gpu a100 --name '=cmd|x' --format csv
grep -q "'=cmd|x" "$TMP/out" || { unexpected=$((unexpected + 1)); note "csv formula not neutralised"; }
try 2 "$LCA" estimate --gpus 1 --hours 1 --gpu a100 --region DE --start 2023-02-29T00:00Z
try 2 "$LCA" estimate --gpus 1 --hours 1 --gpu a100 --region DE --start 2023-06-01T00:00+99:99
for t in 2023-02-30T00:00:00Z 2023-03-01T00:00:00+99:99 -1e15; do
	printf 'timestamp,device,power_w\n2023-03-01T00:00:00Z,gpu0,100\n%s,gpu0,100\n' "$t" >"$TMP/t.csv"
	try 1 "$LCA" ingest --grid 100 "$TMP/t.csv"
done
printf 'JobID|Start|End|ConsumedEnergyRaw\n77|2024-01-15T11:00:00|2024-01-15T10:00:00|3600\n' >"$TMP/back.txt"
try 1 "$LCA" ingest --grid 100 "$TMP/back.txt"
printf 'name,tdp\nab\0cd,300\n' >"$TMP/nul.csv"
try 1 "$LCA" catalog import gpu "$TMP/nul.csv"
try 2 "$LCA" grid import "$DATA/watttime_caiso_north.csv" --zone X --signal bogus
try 2 "$LCA" grid import "$DATA/watttime_caiso_north.csv" --zone ''
try 1 "$LCA" ingest $'\e[31mred.csv'
grep -q $'\e' "$TMP/err" && { unexpected=$((unexpected + 1)); note "raw escape reached stderr"; }
try 2 "$LCA" catalog add gpu --name mine --tdp 300 --aliases h100
try 2 "$LCA" report --job "$DATA/../../datasets/jobs/bloom-176b.json" --regions SE,XX
for f in "$DATA"/ingest/*; do try "0|1" "$LCA" ingest --grid 100 "$f"; done

# kill -9 of ingest at random points: what it committed is whole, nothing
# doubled once every file is ingested again
K=$TMP/kill.db
for i in $(seq 1 20); do
	{ echo "timestamp,device,power_w"; seq 0 $((20000 + i)) | sed "s/\$/,k$i,5/"; } >"$TMP/k$i.csv"
done
for i in $(seq 1 20); do
	tried=$((tried + 1))
	LCA_DB=$K "$LCA" ingest --grid 100 "$TMP/k$i.csv" "$S" >/dev/null 2>&1 &
	p=$!
	sleep "0.$((RANDOM % 40))"
	kill -9 "$p" 2>/dev/null
	wait "$p" 2>/dev/null
done
for i in $(seq 1 20); do try 0 env LCA_DB="$K" "$LCA" ingest --grid 100 "$TMP/k$i.csv" "$S"; done
for i in $(seq 1 20); do
	n=$(sqlv "$K" "SELECT count(*) FROM run_devices WHERE device='k$i'")
	[ "$n" = 0 ] && lost=$((lost + 1))
	[ "$n" -gt 1 ] && doubled=$((doubled + n - 1))
	ok=$(sqlv "$K" "SELECT count(*) FROM run_devices WHERE device='k$i' AND abs(energy_j - 5 * $((20000 + i))) < 1e-6")
	[ "$n" = "$ok" ] || { lost=$((lost + 1)); note "k$i: energy not whole"; }
done
n=$(sqlv "$K" "SELECT count(*) FROM runs WHERE source='slurm'")
[ "$n" -lt 2 ] && lost=$((lost + 2 - n))
[ "$n" -gt 2 ] && doubled=$((doubled + n - 2))

# kill -9 of track at random points: each keeps a run (interrupted, its
# committed intervals) whose totals are its samples
T=$TMP/track.db
for i in $(seq 1 20); do
	tried=$((tried + 1))
	LCA_DB=$T "$LCA" track --grid 100 --interval 0.05 -- sleep 30 >/dev/null 2>&1 &
	p=$!
	sleep "0.$((30 + RANDOM % 60))"
	c=$(pgrep -P "$p" | head -n 1)
	kill -9 "$p" 2>/dev/null
	wait "$p" 2>/dev/null
	[ -n "$c" ] && kill "$c" 2>/dev/null
done
n=$(sqlv "$T" "SELECT count(*) FROM runs WHERE source='track'")
[ "$n" -lt 20 ] && lost=$((lost + 20 - n))
[ "$n" -gt 20 ] && doubled=$((doubled + n - 20))
bad=$(python3 - "$T" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
bad = 0
for rid, kwh in c.execute("SELECT id, energy_kwh FROM runs"):
    dev = c.execute("SELECT coalesce(sum(energy_j),0) FROM run_devices WHERE run_id=?", (rid,)).fetchone()[0]
    smp = c.execute("SELECT coalesce(sum(joules),0) FROM samples WHERE run_id=?", (rid,)).fetchone()[0]
    if abs((kwh or 0) * 3.6e6 - dev) > 1e-6 * max(1, dev) or abs(dev - smp) > 1e-6 * max(1, dev):
        bad += 1
print(bad)
PY
)
[ "$bad" = 0 ] || { lost=$((lost + bad)); note "$bad tracked runs whose totals are not their samples"; }

# 64 concurrent mixed writers: 24 ingests (12 files, each twice), 24
# tracks, 8 runs rm, 8 ledger flushes
W=$TMP/writers.db
LCA_DB=$W "$LCA" ingest --grid 100 "$DATA/ingest/codecarbon.csv" >/dev/null 2>&1
for i in $(seq 1 12); do
	{ echo "timestamp,device,power_w"; seq 0 $((500 + i)) | sed "s/\$/,w$i,7/"; } >"$TMP/w$i.csv"
done
pids=()
for i in $(seq 1 64); do
	case $((i % 8)) in
	0 | 1 | 2) f=$(( (i % 12) + 1 )); LCA_DB=$W timeout 120 "$LCA" ingest --grid 100 "$TMP/w$f.csv" >/dev/null 2>&1 & ;;
	3 | 4 | 5) LCA_DB=$W timeout 120 "$LCA" track --grid 100 --interval 0.1 -- sh -c "exit $((i % 3))" >/dev/null 2>&1 & ;;
	6) LCA_DB=$W timeout 120 "$LCA" runs rm 999999 >/dev/null 2>&1 & ;;
	7) LCA_DB=$W timeout 120 "$LCA" ledger flush >/dev/null 2>&1 & ;;
	esac
	pids+=($!)
done
for p in "${pids[@]}"; do
	tried=$((tried + 1))
	wait "$p"
	rc=$?
	[ $rc = 124 ] && { hangs=$((hangs + 1)); note "a concurrent writer hung"; }
	[ $rc -ge 128 ] && { crashes=$((crashes + 1)); note "a concurrent writer crashed ($rc)"; }
done
LCA_DB=$W "$LCA" ledger flush >/dev/null 2>&1
for i in $(seq 1 12); do
	want=0
	for j in $(seq 1 64); do [ $((j % 8)) -le 2 ] && [ $(( (j % 12) + 1 )) = "$i" ] && want=1; done
	n=$(sqlv "$W" "SELECT count(*) FROM run_devices WHERE device='w$i'")
	[ "$want" = 1 ] && [ "$n" = 0 ] && lost=$((lost + 1))
	[ "$n" -gt 1 ] && doubled=$((doubled + n - 1))
done
n=$(sqlv "$W" "SELECT count(*) FROM runs WHERE source='track'")
want=0
for j in $(seq 1 64); do case $((j % 8)) in 3 | 4 | 5) want=$((want + 1)) ;; esac; done
[ "$n" -lt "$want" ] && lost=$((lost + want - n))
[ "$n" -gt "$want" ] && doubled=$((doubled + n - want))
n=$(sqlv "$W" "SELECT count(*) FROM runs WHERE source='codecarbon'")
[ "$n" = 2 ] || { [ "$n" -lt 2 ] && lost=$((lost + 2 - n)) || doubled=$((doubled + n - 2)); }

echo "inputs tried: $tried"
echo "crashes: $crashes"
echo "hangs: $hangs"
echo "runs lost: $lost"
echo "runs doubled: $doubled"
echo "unexpected exits: $unexpected"
[ $crashes = 0 ] && [ $hangs = 0 ] && [ $lost = 0 ] && [ $doubled = 0 ] && [ $unexpected = 0 ]
