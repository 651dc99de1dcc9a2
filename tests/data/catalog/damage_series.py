# damage_series.py CATALOG ZONE HOW: damages the stored series of ZONE in a
# catalog the way a flipped byte or a hand edit would (tests only).
#   unsorted: sample 3000 moved 2 h back; partial: the last 3 bytes cut;
#   value: sample 10 set to -1
import sqlite3
import struct
import sys

db, zone, how = sys.argv[1:4]
c = sqlite3.connect(db)
rows = c.execute("SELECT signal, origin, samples FROM series WHERE zone=?",
                 (zone,)).fetchall()
for sig, origin, b in rows:
    a = bytearray(b)
    if how == "unsorted":
        t, v = struct.unpack_from("<qd", a, 3000 * 16)
        struct.pack_into("<qd", a, 3000 * 16, t - 7200, v)
    elif how == "partial":
        a = a[:-3]
    elif how == "value":
        t, v = struct.unpack_from("<qd", a, 10 * 16)
        struct.pack_into("<qd", a, 10 * 16, t, -1.0)
    c.execute("UPDATE series SET samples=? WHERE zone=? AND signal=? AND "
              "origin=?", (bytes(a), zone, sig, origin))
c.commit()
sys.exit(0 if rows else 1)
