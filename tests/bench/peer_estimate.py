#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""peer_estimate.py: the peer lca's speed is measured against, a table-lookup
carbon calculator in Python with numpy in the style of LLMCarbon's estimator
(Faiz et al. 2024): the same shipped tables (datasets/*.csv), the same
lookups (accelerator by name or family, region by country, zone or cloud
region, PUE, the median MFU of the family's published runs, host node and
CPU), the same formula (6 N D FLOPs, device-hours at an MFU, TDP x PUE x
grid, per-device embodied), and an assumptions list of formatted strings.
It is a yardstick for speed, not a second implementation of lca: its
figures are close to lca's, not identical.

  peer_estimate.py DATASETS inproc SECONDS   estimates/s in one process,
                                             inputs varied every call
  peer_estimate.py DATASETS once PARAMS GPU [REGION]
                                             one estimate, printed as JSON
                                             (a whole process: plain Python,
                                             numpy is not imported)
"""
import csv
import json
import math
import sys
import time

np = None  # numpy, imported by the in-process mode


def median(v):
    if np:
        return float(np.median(np.array(v)))
    v = sorted(v)
    h = len(v) // 2
    return v[h] if len(v) % 2 else (v[h - 1] + v[h]) / 2


def total(v):
    return float(np.array(v).sum()) if np else math.fsum(v)


def norm(s):
    return "".join(c for c in s.lower() if c.isalnum())


def num(s):
    try:
        return float(s)
    except ValueError:
        return float("nan")


class Tables:
    def __init__(self, d):
        def rows(name):
            with open(f"{d}/{name}", newline="", encoding="utf-8") as f:
                return list(csv.DictReader(f))

        self.gpu = {}
        for r in rows("accelerators.csv"):
            names = [r["id"], r["name"]] + r["aliases"].split(";")
            for n in names:
                if n:
                    self.gpu.setdefault(norm(n), r)
            if r["family_default"] == "1":
                self.gpu[norm(r["family"])] = r
        self.region = {}
        for r in rows("grid_countries.csv"):
            self.region[r["code"].lower()] = r
            self.region[r["name"].lower()] = r
        for r in rows("grid_zones.csv"):
            self.region.setdefault(r["zone"].lower(), r)
        for r in rows("cloud_regions.csv"):
            g = r["gco2_per_kwh"]
            if not g and r["zone"].lower() in self.region:
                g = self.region[r["zone"].lower()]["gco2_per_kwh"]
            r = dict(r, gco2_per_kwh=g)
            self.region[f'{r["provider"]}:{r["region"]}'] = r
            self.region.setdefault(r["region"], r)
        self.pue = {r["name"]: r for r in rows("pue.csv")}
        self.runs = rows("training_runs.csv")
        fam = {norm(r["id"]): r["family"] for r in rows("accelerators.csv")}
        for r in self.runs:
            a = self.gpu.get(norm(r["accelerator"]))
            r["family"] = a["family"] if a else fam.get(norm(r["accelerator"]), "")
        self.node = {r["family"]: r for r in rows("nodes.csv")}
        self.embodied = {(r["kind"], r["name"]): r for r in rows("embodied.csv")}
        self.dir = d
        self.cpus = None  # cpus.csv (600 KB): read in full only in process

    def cpu(self, name):
        if self.cpus is None and np is None:  # one lookup: scan to the row
            with open(f"{self.dir}/cpus.csv", newline="", encoding="utf-8") as f:
                return next((r for r in csv.DictReader(f)
                             if norm(r["name"]) == norm(name)), None)
        if self.cpus is None:
            with open(f"{self.dir}/cpus.csv", newline="", encoding="utf-8") as f:
                self.cpus = {norm(r["name"]): r for r in csv.DictReader(f)}
        return self.cpus.get(norm(name))


def estimate(t, params, tokens, gpu, region, pue=None):
    a = t.gpu[norm(gpu)]
    reg = t.region[region.lower()]
    out = []

    def assume(name, value, unit, source):
        out.append({"name": name, "value": f"{value:.6g}" if isinstance(value, float) else value,
                    "unit": unit, "source": source})

    assume("accelerator", f'{a["id"]} ({a["name"]})', "", a["source"])
    tdp = float(a["tdp_w"])
    peak = float(a["bf16_tflops"] or a["fp16_tflops"] or a["fp32_tflops"])
    runs = [r for r in t.runs if r["family"] == a["family"] and r["mfu"]]
    if len(runs) < 3:
        runs = [r for r in t.runs if r["mfu"]]
    mfu = median([float(r["mfu"]) for r in runs])
    flops = 6.0 * params * tokens
    dh = flops / (peak * 1e12 * mfu * 3600.0)
    node = t.node.get(a["family"])
    per_node = float(node["devices_per_node"]) if node else 8.0
    host_w = 0.0
    if node:
        c = t.cpu(node["cpu"])
        host_w = (float(c["tdp_w"]) if c else 0.0) * float(node["cpu_sockets"] or 1) \
            + float(node["memory_gb"] or 0) * 0.3725
    if pue is None:
        pue = num(reg.get("pue") or "")
        if math.isnan(pue):
            pue = float(t.pue.get(reg.get("provider", ""), t.pue["industry"])["pue"])
    grid = float(reg["gco2_per_kwh"])
    facility = total([dh * tdp / 1e3, dh / per_node * host_w / 1e3]) * pue
    op = facility * grid / 1e3
    dev = t.embodied.get(("device", a["family"]), t.embodied.get(("device", "a100")))
    emb = (float(dev["value"]) * dh + 2500.0 * dh / per_node) / (6 * 8760 * 0.85)
    for name, v, unit, src in (
            ("accelerator_tdp", tdp, "W", a["source"]),
            ("params", float(params), "parameters", "user"),
            ("tokens", float(tokens), "tokens", "user"),
            ("flops", float(flops), "FLOP", "6 x params x tokens"),
            ("peak_flops", peak, "TFLOP/s", a["source"]),
            ("mfu", mfu, "fraction", f"median of {len(runs)} runs"),
            ("device_hours", float(dh), "device-h", "FLOPs / (peak x MFU)"),
            ("host_power_per_node", host_w, "W", node["source"] if node else ""),
            ("grid_intensity", grid, "gCO2e/kWh", reg["source"]),
            ("pue", float(pue), "ratio", "region or provider or industry"),
            ("device_embodied", float(dev["value"]), "kgCO2e", dev["source"])):
        assume(name, v, unit, src)
    return {"device_hours": float(dh), "energy_kwh": float(facility),
            "operational_kgco2e": float(op), "embodied_kgco2e": float(emb),
            "total_kgco2e": float(op + emb), "assumptions": out}


GPUS = ["a100", "h100", "v100", "tpu-v4", "l4", "a10", "t4", "a100-sxm4-40gb"]
REGIONS = ["us-east-1", "DE", "FR", "GB", "france", "IN", "SE", "gcp:us-central1"]


def main():
    global np
    if sys.argv[2] != "once":
        import numpy
        np = numpy
    t = Tables(sys.argv[1])
    if sys.argv[2] == "once":
        r = estimate(t, float(sys.argv[3]), 20 * float(sys.argv[3]), sys.argv[4],
                     sys.argv[5] if len(sys.argv) > 5 else "world")
        print(json.dumps(r))
        return
    secs = float(sys.argv[3])
    rng = np.random.default_rng(1)  # noqa
    n, sink, t0, c0 = 0, 0.0, time.perf_counter(), time.process_time()
    while True:
        for _ in range(256):
            k = rng.integers(0, 1 << 30, 5)
            pue = 1.05 + (k[4] % 50) / 100 if k[4] & 1 else None
            r = estimate(t, 1e8 * (1 + k[0] % 10000), 1e10 * (1 + k[1] % 1000),
                         GPUS[k[2] % len(GPUS)], REGIONS[k[3] % len(REGIONS)], pue)
            sink += r["total_kgco2e"] + sum(len(a["source"]) + len(a["value"])
                                            for a in r["assumptions"])
            n += 1
        el = time.perf_counter() - t0
        if el >= secs:
            break
    cpu = time.process_time() - c0
    print(f"peer (Python + numpy table lookups, LLMCarbon style), inputs varied "
          f"every call, assumptions read: {n / el:.0f} estimates/s ({1e6 * el / n:.1f} us each), "
          f"{n / cpu:.0f} per CPU second")


if __name__ == "__main__":
    main()
