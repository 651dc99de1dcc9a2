#!/usr/bin/env bash
# Every record has a stable key and a file ingested again holds each of its
# records once (issue 14, item 2): a removed run comes back alone, a grown
# log adds only what is new, a long Slurm JobID stays one job, interleaved
# CodeCarbon run_ids group by run_id, an old ledger stays readable.
. "$(dirname "$0")/common.sh"
S=$DATA/ingest/sacct.txt
# removed, then the file again: only the removed run comes back
ok "$LCA" ingest --grid 100 "$S"
ok "$LCA" runs rm 1
"$LCA" ingest --grid 100 "$S" >"$TMP/out"
ok test $? = 0
ok grep -q "2 records, 1 new, 0 updated, 1 already in the ledger" "$TMP/out"
runs_json
ok py 'len(d["runs"]) == 2'
ok py 'abs(sum(r["energy_kwh"] for r in d["runs"]) - 1.5) < 1e-12'
# a grown sacct file: one job more
cp "$S" "$TMP/grown.txt"
echo '1003|more|2024-01-15T12:00:00|2024-01-15T13:00:00|01:00:00|360000' >>"$TMP/grown.txt"
"$LCA" ingest --grid 100 "$TMP/grown.txt" >"$TMP/out"
ok test $? = 0
ok grep -q "3 records, 1 new, 0 updated, 2 already in the ledger" "$TMP/out"
runs_json
ok py 'len(d["runs"]) == 3'
ok py 'abs(sum(r["energy_kwh"] for r in d["runs"]) - 1.6) < 1e-12'
# a grown power log: the same record, updated, never added twice
head -4 "$DATA/ingest/generic_hourly.csv" >"$TMP/log.csv"
ok "$LCA" ingest --grid 100 "$TMP/log.csv"
cp "$DATA/ingest/generic_hourly.csv" "$TMP/log.csv"
"$LCA" ingest --grid 100 "$TMP/log.csv" >"$TMP/out" 2>/dev/null
ok test $? = 0
ok grep -q "1 record, 0 new, 1 updated, 0 already in the ledger" "$TMP/out"
runs_json
ok py 'sum(1 for r in d["runs"] if r["source"] == "generic") == 1'
# a Slurm JobID of 200 characters with two steps is one job
long=$(printf 'j%.0s' $(seq 1 200))
printf 'JobID|JobName|Start|End|ConsumedEnergyRaw\n%s|x|2024-01-15T10:00:00|2024-01-15T11:00:00|\n%s.0|s|2024-01-15T10:00:00|2024-01-15T11:00:00|1800000\n%s.1|s|2024-01-15T10:00:00|2024-01-15T11:00:00|1800000\n' \
	"$long" "$long" "$long" >"$TMP/long.txt"
"$LCA" ingest --grid 100 "$TMP/long.txt" >"$TMP/out"
ok test $? = 0
ok grep -q "1 record, 1 new" "$TMP/out"
# CodeCarbon rows whose run_ids interleave: one run per run_id, its last row
cat >"$TMP/cc.csv" <<'CSV'
timestamp,project_name,run_id,duration,emissions,emissions_rate,cpu_power,gpu_power,ram_power,cpu_energy,gpu_energy,ram_energy,energy_consumed,country_name
2024-02-01T10:00:00,p,aaa,600,0,0,0,0,0,0.1,0,0,0.1,France
2024-02-01T10:00:00,p,bbb,600,0,0,0,0,0,0.2,0,0,0.2,France
2024-02-01T10:10:00,p,aaa,1200,0,0,0,0,0,0.3,0,0,0.3,France
2024-02-01T10:10:00,p,bbb,1200,0,0,0,0,0,0.4,0,0,0.4,France
CSV
"$LCA" ingest --grid 100 "$TMP/cc.csv" >"$TMP/out"
ok test $? = 0
ok grep -q "2 records, 2 new" "$TMP/out"
runs_json
ok py 'sorted(round(r["energy_kwh"], 9) for r in d["runs"] if r["source"] == "codecarbon") == [0.3, 0.4]'
# Slurm End before Start is refused, the ledger unchanged
n=$(sql "SELECT count(*) FROM runs")
printf 'JobID|Start|End|ConsumedEnergyRaw\n77|2024-01-15T11:00:00|2024-01-15T10:00:00|3600\n' >"$TMP/back.txt"
"$LCA" ingest --grid 100 "$TMP/back.txt" 2>"$TMP/err"
ok test $? = 1
ok grep -q "End before Start" "$TMP/err"
ok test "$(sql "SELECT count(*) FROM runs")" = "$n"
# a ledger from before record keys (schema 2) is read and migrated
python3 - "$TMP/old.db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.executescript("""
CREATE TABLE runs(id INTEGER PRIMARY KEY AUTOINCREMENT, source TEXT NOT NULL,
 name TEXT, status TEXT NOT NULL, method TEXT, start REAL, "end" REAL,
 energy_kwh REAL, facility_energy_kwh REAL, operational_kgco2e REAL,
 embodied_kgco2e REAL, total_kgco2e REAL, pue REAL, grid REAL, gpu TEXT,
 devices REAL, exit_status INTEGER, pid INTEGER, host TEXT, created REAL);
CREATE TABLE run_devices(run_id INTEGER NOT NULL REFERENCES runs(id)
 ON DELETE CASCADE, device TEXT NOT NULL, kind TEXT, samples INTEGER,
 first REAL, last REAL, energy_j REAL, gaps INTEGER, gap_s REAL,
 PRIMARY KEY(run_id, device));
CREATE TABLE assumptions(run_id INTEGER NOT NULL REFERENCES runs(id)
 ON DELETE CASCADE, seq INTEGER, name TEXT, value TEXT, unit TEXT, source TEXT);
CREATE TABLE files(hash TEXT PRIMARY KEY, path TEXT, run_id INTEGER
 REFERENCES runs(id) ON DELETE CASCADE, added REAL);
CREATE TABLE samples(run_id INTEGER NOT NULL REFERENCES runs(id)
 ON DELETE CASCADE, t REAL NOT NULL, device TEXT NOT NULL, watts REAL,
 joules REAL);
INSERT INTO runs(source,name,status,method,start,"end",energy_kwh,exit_status)
 VALUES('slurm','slurm job 9 old','complete','measured',1.7e9,1.7e9+60,2.5,-1);
PRAGMA user_version=2;
""")
c.commit()
PY
LCA_DB=$TMP/old.db "$LCA" runs >"$TMP/out"
ok test $? = 0
ok grep -q "slurm job 9 old" "$TMP/out"
LCA_DB=$TMP/old.db "$LCA" ingest --grid 100 "$S" >/dev/null
ok test $? = 0
ok test "$(LCA_DB=$TMP/old.db sql "SELECT count(*) FROM runs WHERE key IS NOT NULL")" = 2
finish
