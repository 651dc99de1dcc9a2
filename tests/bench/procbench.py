#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""procbench.py N LABEL=CMD [LABEL=CMD ...]: whole-process timings, run
interleaved (one of each per round, N rounds) so that load on a shared
machine falls on every command alike.  Prints, per command, the median wall
time, the median CPU time (user + system, from wait4), then each command's
ratio to the first."""
import os
import shlex
import statistics
import subprocess
import sys
import time


def run(cmd):
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"procbench: {shlex.join(cmd)} failed")
    return wall, ru.ru_utime + ru.ru_stime


def main():
    n = int(sys.argv[1])
    cmds = [(a.split("=", 1)[0], shlex.split(a.split("=", 1)[1])) for a in sys.argv[2:]]
    res = {label: [] for label, _ in cmds}
    for label, cmd in cmds:  # warm the page cache
        run(cmd)
    for _ in range(n):
        for label, cmd in cmds:
            res[label].append(run(cmd))
    print(f"load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores, {n} rounds, medians:")
    first = None
    for label, _ in cmds:
        wall = statistics.median(r[0] for r in res[label]) * 1e3
        cpu = statistics.median(r[1] for r in res[label]) * 1e3
        first = first or (wall, cpu)
        print(f"  {label:<34} {wall:8.2f} ms wall {cpu:8.2f} ms cpu"
              f"   x{wall / first[0]:.2f} wall, x{cpu / first[1]:.2f} cpu of the first")


main()
