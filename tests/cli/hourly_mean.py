#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# hourly_mean.py LOG HOURS_JSON [START]: the grid intensity a measured run
# should get, computed apart from lca.  LOG is a generic power log
# (timestamp, device, power_w); HOURS_JSON is `lca grid show ... --format
# json` over the run's hours; START (ISO 8601, UTC) moves the log there by
# whole hours.  Each reading interval's trapezoid energy is shared among the
# UTC hours it covers in proportion to time.  Prints {"weighted": mean
# weighted by each hour's energy, "flat": mean weighted by time, "kwh": energy}.
import csv
import datetime
import json
import sys


def seconds(text):
    try:
        return float(text)
    except ValueError:
        return datetime.datetime.fromisoformat(
            text.replace("Z", "+00:00")).timestamp()


def share(a, b, x, into):
    """Adds x spread over [a, b) in proportion to time to into[hour]."""
    h = int(a // 3600)
    while h * 3600 < b:
        lo, hi = max(a, h * 3600), min(b, (h + 1) * 3600)
        if hi > lo:
            into[h] = into.get(h, 0) + x * (hi - lo) / (b - a)
        h += 1


rows = list(csv.DictReader(open(sys.argv[1])))
hours = {int(seconds(t) // 3600): v
         for t, v in json.load(open(sys.argv[2]))["hours"]}
t = [seconds(r["timestamp"]) for r in rows]
p = [float(r["power_w"]) for r in rows]
shift = seconds(sys.argv[3]) - t[0] if len(sys.argv) > 3 else 0
energy, span = {}, {}
for i in range(1, len(t)):
    share(t[i - 1] + shift, t[i] + shift, (p[i - 1] + p[i]) / 2 *
          (t[i] - t[i - 1]), energy)
share(t[0] + shift, t[-1] + shift, 1.0, span)
kwh = sum(energy.values()) / 3.6e6
print(json.dumps({
    "weighted": sum(e * hours[h] for h, e in energy.items()) /
    sum(energy.values()),
    "flat": sum(w * hours[h] for h, w in span.items()),
    "kwh": kwh,
}))
