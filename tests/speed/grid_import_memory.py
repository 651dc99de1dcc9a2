#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""grid_import_memory.py LCA TMPDIR: `lca grid import` streams its file.

It imported a series by holding every row (55 bytes each: 552 MB for 10
million rows, issue 14).  Now it reads the file twice and holds no row, so
the peak memory of importing 500,000 rows is that of importing 5,000,
within a few MB (SQLite's page cache, the stdio buffers).  Peak RSS of the
child from getrusage; no timing."""
import os
import shutil
import subprocess
import sys

lca, tmp = sys.argv[1], sys.argv[2]
os.makedirs(tmp, exist_ok=True)
env = dict(os.environ)
cat = os.path.join(tmp, "catalog.db")
shutil.copyfile(env["LCA_TEMPLATE_CATALOG"], cat)
env["LCA_CATALOG"] = cat
env["LCA_DB"] = os.path.join(tmp, "ledger.db")


def series(path, rows):
    t0 = 946684800  # 2000-01-01, then every 10 minutes
    with open(path, "w") as f:
        f.write("time,intensity\n")
        for i in range(rows):
            t = t0 + 600 * i
            d, s = divmod(t, 86400)
            # days since 1970 -> civil date (Howard Hinnant's algorithm)
            z = d + 719468
            era = z // 146097
            doe = z - era * 146097
            yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
            y = yoe + era * 400
            doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
            mp = (5 * doy + 2) // 153
            dd = doy - (153 * mp + 2) // 5 + 1
            mm = mp + 3 if mp < 10 else mp - 9
            y += mm <= 2
            f.write("%04d-%02d-%02dT%02d:%02dZ,%d.%d\n" % (
                y, mm, dd, s // 3600, s // 60 % 60, 100 + i % 400, i % 10))


def run(path, zone):
    r = subprocess.run(["python3", "-c", """
import resource, subprocess, sys
p = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
if p.returncode:
    sys.stderr.write(p.stderr.decode()); sys.exit(p.returncode)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
""", lca, "grid", "import", path, "--zone", zone, "--as", "generic"],
                       env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if r.returncode != 0:
        sys.exit("import of %s failed (exit %d): %s"
                 % (path, r.returncode, r.stderr.decode().strip()))
    return int(r.stdout.decode().split()[-1])


small, big = os.path.join(tmp, "small.csv"), os.path.join(tmp, "big.csv")
series(small, 5000)
series(big, 500000)
a = run(small, "MEMSMALL")
b = run(big, "MEMBIG")
print("peak RSS: 5,000 rows %d KB, 500,000 rows %d KB" % (a, b))
# holding the rows was 27 MB more for this file (55 bytes a row)
if b - a > 8 * 1024:
    sys.exit("grid import holds the file: %d KB more for 100x the rows" % (b - a))
# the rows are all there
n = subprocess.run([lca, "grid", "list", "--format", "csv"], env=env,
                   stdout=subprocess.PIPE, check=True).stdout.decode()
row = [l for l in n.splitlines() if l.startswith("MEMBIG,")]
if not row or ",500000," not in row[0]:
    sys.exit("MEMBIG not listed with 500000 samples: %s" % row)
print("ok")
