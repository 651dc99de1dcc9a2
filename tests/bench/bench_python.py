# SPDX-License-Identifier: MIT
"""Estimates per second from Python, three ways, in one run:

  lca.estimate     the package, in process (liblca through ctypes)
  subprocess       subprocess.run(["lca", "estimate", ..., "--format",
                   "json"]) and json.loads: what a Python user does without
                   the package
  table lookup     a pure-Python calculator over a few dict rows (TDP, peak,
                   grid, PUE; energy x grid, no host, idle, embodied or
                   sources): far less work, the floor of a Python call

Every call has different inputs (parameters and tokens change each call,
accelerator and region cycle), and every call reads the total and the
assumptions.  Usage: bench_python.py [--seconds S] [--core N]; LCA_BIN
names the lca binary; the package must be importable.
"""
import argparse
import json
import os
import subprocess
import sys
import time

import lca

GPUS = ["h100", "a100", "l4", "v100", "h200", "mi300x"]
REGIONS = ["FR", "DE", "us-east-1", "US", "SE", "IN", "gcp:us-central1"]


def inputs(i):
    return dict(params=(7 + i % 997) * 1e9, tokens=(1 + i % 113) * 1e11,
                gpu=GPUS[i % len(GPUS)], region=REGIONS[i % len(REGIONS)])


def cpu_s():
    t = os.times()  # this process and its reaped children
    return t.user + t.system + t.children_user + t.children_system


def run_for(seconds, call, floor=20):
    """Calls, wall seconds and CPU seconds (the process and its children:
    on a shared machine the CPU rate is what one free core would do)."""
    n, t0, c0 = 0, time.perf_counter(), cpu_s()
    while True:
        call(n)
        n += 1
        dt = time.perf_counter() - t0
        if dt >= seconds and n >= floor:
            return n, dt, max(cpu_s() - c0, 1e-9)


def via_package(i):
    fp = lca.estimate(**inputs(i))
    total = fp.total_kgco2e
    assumptions = fp.assumptions
    assert total > 0 and assumptions[0].name
    return total


def via_subprocess(i):
    kw = inputs(i)
    args = [os.environ.get("LCA_BIN", "lca"), "estimate", "--format", "json"]
    for k, v in kw.items():
        args += ["--" + k, repr(v) if isinstance(v, float) else str(v)]
    d = json.loads(subprocess.run(args, check=True, capture_output=True,
                                  text=True).stdout)
    assert d["total_kgco2e"] > 0 and d["assumptions"][0]["name"]
    return d["total_kgco2e"]


# The table lookup: a handful of rows, no sources behind them (a floor for
# Python's own cost, not an estimator: its figures are placeholders).
TABLE_GPU = {g: (700.0 - 50 * k, 989e12 / (k + 1)) for k, g in
             enumerate(GPUS)}
TABLE_REGION = {r: (50.0 + 60 * k, 1.1 + 0.05 * k) for k, r in
                enumerate(REGIONS)}


def via_table(i):
    kw = inputs(i)
    tdp, peak = TABLE_GPU[kw["gpu"]]
    grid, pue = TABLE_REGION[kw["region"]]
    flops = 6 * kw["params"] * kw["tokens"]
    hours = flops / (peak * 0.3 * 3600)
    kwh = hours * tdp / 1000 * pue
    total = kwh * grid / 1000
    assumptions = [("flops", flops), ("device_hours", hours),
                   ("pue", pue), ("grid", grid)]
    assert total > 0 and assumptions[0][0]
    return total


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=3.0)
    ap.add_argument("--core", type=int, default=None,
                    help="pin the process (and its children) to this CPU")
    a = ap.parse_args()
    if a.core is not None:
        os.sched_setaffinity(0, {a.core})
    via_package(0)  # open this thread's catalog before timing
    rows = []
    for name, fn, secs in (("lca.estimate (in process)", via_package,
                            a.seconds),
                           ("subprocess lca estimate", via_subprocess,
                            a.seconds),
                           ("pure-Python table lookup", via_table,
                            a.seconds)):
        rows.append((name,) + run_for(secs, fn))
    cpus = a.core if a.core is not None else "any"
    print("estimates per second from Python (%s; cpu %s; Python %s; load "
          "average %.2f)" % (lca.library_path, cpus, sys.version.split()[0],
                             os.getloadavg()[0]))
    print("  %-28s %12s %12s  %s" % ("", "per wall s", "per CPU s",
                                     "calls"))
    for name, n, dt, cpu in rows:
        print("  %-28s %12.0f %12.0f  %d in %.2f s" % (name, n / dt,
                                                       n / cpu, n, dt))
    pkg = rows[0][1] / rows[0][2]
    print("  goal: >= 10000 /s in process (wall): %s" % (
        "met" if pkg >= 10000 else "not met"))


if __name__ == "__main__":
    main()
