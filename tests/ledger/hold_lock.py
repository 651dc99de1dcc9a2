"""hold_lock.py DB READY SECONDS: take the SQLite ledger's write lock, touch
READY, and hold the lock for SECONDS (or until killed)."""
import sqlite3
import sys
import time

c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
open(sys.argv[2], "w").close()
time.sleep(float(sys.argv[3]))
