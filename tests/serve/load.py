# SPDX-License-Identifier: MIT
"""A bounded load test on loopback: wrk, 64 connections for 10 s against
/api/v1/estimate with varying inputs (vary.lua): zero errors, and resident
memory after 100,000 requests within 10% of after the first 10,000.
Exit 77 (skipped) when wrk is not installed.  usage: load.py LCA WORKDIR"""
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Server, rss_kb  # noqa: E402

lca, work = sys.argv[1], sys.argv[2]
wrk = shutil.which("wrk")
if not wrk:
    print("SKIP: no wrk (Debian package wrk; tests/deps.sh)")
    sys.exit(77)
lua = os.path.join(os.path.dirname(os.path.abspath(__file__)), "vary.lua")
shutil.rmtree(work, ignore_errors=True)
srv = Server(lca, work)


def run_wrk(conns, secs, limit=None):
    args = [wrk, "-t2", "-c%d" % conns, "-d%ds" % secs, "--latency",
            "-s", lua, srv.url]
    if limit:
        args += ["--", str(limit)]
    p = subprocess.run(args, capture_output=True, text=True, timeout=120)
    out = p.stdout
    print(out)
    n = int(re.search(r"(\d+) requests in", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), "
                     r"write (\d+), timeout (\d+)", out)
    errors = (int(bad.group(1)) if bad else 0) + \
        (sum(int(x) for x in sock.groups()) if sock else 0)
    return p.returncode, n, errors


fails = []
rc, n1, e1 = run_wrk(64, 10, limit=5000)  # 2 threads x 5000
rss1 = rss_kb(srv.proc.pid)
total, errors = n1, e1
rc, n, e = run_wrk(64, 10)
total += n
errors += e
while total < 100000 and rc == 0:
    rc, n, e = run_wrk(64, 5)
    total += n
    errors += e
rss2 = rss_kb(srv.proc.pid)
print("requests %d, errors %d; RSS after the first %d: %d kB, after %d: "
      "%d kB (%+.1f%%)" % (total, errors, n1, rss1, total, rss2,
                           100.0 * (rss2 - rss1) / rss1))
if rc != 0 or errors:
    fails.append("wrk errors: %d" % errors)
if n1 < 10000 or n1 > 12000:
    fails.append("the first phase made %d requests, not about 10,000" % n1)
if rss2 > rss1 * 1.10:
    fails.append("RSS grew more than 10%%: %d -> %d kB" % (rss1, rss2))
src, out = srv.stop()
if src != 0:
    fails.append("lca serve exited %d" % src)
print("FAIL " + "; ".join(fails) if fails else "ok")
sys.exit(1 if fails else 0)
