# old_ledger.py PATH: writes a ledger as lca wrote it at schema 2 (before run
# tags), with one run, for the migration test.
import sqlite3
import sys

db = sqlite3.connect(sys.argv[1])
db.executescript("""
CREATE TABLE runs(id INTEGER PRIMARY KEY AUTOINCREMENT,
 source TEXT NOT NULL, name TEXT, status TEXT NOT NULL,
 method TEXT, start REAL, "end" REAL, energy_kwh REAL,
 facility_energy_kwh REAL, operational_kgco2e REAL,
 embodied_kgco2e REAL, total_kgco2e REAL, pue REAL, grid REAL,
 gpu TEXT, devices REAL, exit_status INTEGER, pid INTEGER,
 host TEXT, created REAL);
CREATE TABLE run_devices(run_id INTEGER NOT NULL REFERENCES runs(id)
 ON DELETE CASCADE, device TEXT NOT NULL, kind TEXT, samples INTEGER,
 first REAL, last REAL, energy_j REAL, gaps INTEGER, gap_s REAL,
 PRIMARY KEY(run_id, device));
CREATE TABLE assumptions(run_id INTEGER NOT NULL REFERENCES runs(id)
 ON DELETE CASCADE, seq INTEGER, name TEXT, value TEXT, unit TEXT,
 source TEXT);
CREATE INDEX assumptions_run ON assumptions(run_id);
CREATE TABLE files(hash TEXT PRIMARY KEY, path TEXT, run_id INTEGER
 REFERENCES runs(id) ON DELETE CASCADE, added REAL);
CREATE TABLE samples(run_id INTEGER NOT NULL REFERENCES runs(id)
 ON DELETE CASCADE, t REAL NOT NULL, device TEXT NOT NULL,
 watts REAL, joules REAL);
CREATE INDEX samples_run ON samples(run_id, t);
INSERT INTO runs(source, name, status, method, start, "end", energy_kwh,
 total_kgco2e, exit_status) VALUES('track', 'old run', 'complete',
 'measured', 1700000000, 1700000060, 0.001, 0.0001, 0);
PRAGMA user_version=2;
""")
db.commit()
