# damage_table.py CATALOG TABLE: overwrites the root page of TABLE with
# garbage, as a bad sector would (tests only).
import sqlite3
import sys

db, table = sys.argv[1:3]
c = sqlite3.connect(db)
page = c.execute("PRAGMA page_size").fetchone()[0]
root = c.execute("SELECT rootpage FROM sqlite_master WHERE name=?",
                 (table,)).fetchone()[0]
c.close()
with open(db, "r+b") as f:
    f.seek((root - 1) * page)
    f.write(bytes((i * 37 + 11) % 256 for i in range(page)))
