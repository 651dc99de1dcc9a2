# SPDX-License-Identifier: MIT
"""The Flask peer of bench_serve.sh: a calculator answering the same
GET /api/v1/estimate?gpu=&gpu_hours=&region= with the same SQLite lookups
as lca serve (the accelerator's TDP, the region's grid figure and PUE from
the catalog $LCA_CATALOG; one connection per worker), energy = device-hours
x TDP x PUE, CO2e = energy x grid.  A trivial model on purpose: the
comparison is of the serving stack, not of the footprint model."""
import os
import sqlite3

from flask import Flask, jsonify, request

app = Flask(__name__)
db = None


def conn():
    global db
    if db is None:
        db = sqlite3.connect(os.environ["LCA_CATALOG"],
                             check_same_thread=False)
    return db


@app.get("/api/v1/estimate")
def estimate():
    gpu = request.args.get("gpu", "")
    region = request.args.get("region", "")
    try:
        hours = float(request.args.get("gpu_hours", ""))
    except ValueError:
        return jsonify(error="malformed gpu_hours", field="gpu_hours"), 400
    c = conn()
    row = c.execute("SELECT tdp_w FROM accelerators WHERE id = ?",
                    (gpu.lower(),)).fetchone()
    if not row:
        return jsonify(error="unknown accelerator", field="gpu"), 400
    reg = c.execute("SELECT gco2_per_kwh, pue FROM regions WHERE key IN "
                    "(?, ?, ?) ORDER BY kind LIMIT 1",
                    (region, "country:" + region, "aws:" + region)).fetchone()
    if not reg:
        return jsonify(error="unknown region", field="region"), 400
    pue = reg[1] or 1.0
    kwh = hours * row[0] / 1000.0 * pue
    return jsonify(device_hours=hours, energy_kwh=kwh, pue=pue,
                   grid_gco2_per_kwh=reg[0],
                   total_kgco2e=kwh * reg[0] / 1000.0)
