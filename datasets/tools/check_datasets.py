#!/usr/bin/env python3
"""Sanity checks for the datasets/ CSVs (Python 3 standard library only).

Usage: python3 datasets/tools/check_datasets.py        (exit status 1 on any failure)
"""
import csv
import json
import os
import re
import sys

D = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NUM = re.compile(r'^-?\d+(\.\d+)?$')
errors = []

HEADERS = {
    'accelerators.csv': ['id', 'name', 'vendor', 'family', 'family_default', 'aliases', 'release', 'tdp_w',
                         'bf16_tflops', 'fp16_tflops', 'tf32_tflops', 'fp32_tflops', 'fp8_tflops', 'memory_gb',
                         'die_mm2', 'process_nm', 'source', 'notes'],
    'cpus.csv': ['name', 'tdp_w', 'cores', 'source'],
    'nodes.csv': ['family', 'devices_per_node', 'cpu', 'cpu_sockets', 'memory_gb', 'source', 'notes'],
    'grid_countries.csv': ['code', 'iso3', 'name', 'gco2_per_kwh', 'year', 'method', 'source'],
    'grid_zones.csv': ['zone', 'name', 'country', 'gco2_per_kwh', 'year', 'method', 'source'],
    'cloud_regions.csv': ['provider', 'region', 'name', 'location', 'country', 'zone', 'gco2_per_kwh', 'year', 'pue',
                          'source'],
    'pue.csv': ['scope', 'name', 'pue', 'year', 'source'],
    'embodied.csv': ['kind', 'name', 'value', 'unit', 'source', 'notes'],
}
NUMERIC = {
    'accelerators.csv': ['family_default', 'tdp_w', 'bf16_tflops', 'fp16_tflops', 'tf32_tflops', 'fp32_tflops',
                         'fp8_tflops', 'memory_gb', 'die_mm2', 'process_nm'],
    'cpus.csv': ['tdp_w', 'cores'],
    'nodes.csv': ['devices_per_node', 'cpu_sockets', 'memory_gb'],
    'grid_countries.csv': ['gco2_per_kwh', 'year'],
    'grid_zones.csv': ['gco2_per_kwh', 'year'],
    'cloud_regions.csv': ['gco2_per_kwh', 'year', 'pue'],
    'pue.csv': ['pue', 'year'],
    'embodied.csv': ['value'],
}


def err(msg):
    errors.append(msg)


def norm(s):
    return re.sub(r'[\s\-_]', '', s).lower()


data = {}
for name, header in HEADERS.items():
    with open(os.path.join(D, name), encoding='utf-8', newline='') as f:
        raw = f.read()
    rows = list(csv.reader(raw.splitlines()))
    if rows[0] != header:
        err(f"{name}: header {rows[0]} != {header}")
    for i, r in enumerate(rows[1:], 2):
        if len(r) != len(header):
            err(f"{name}:{i}: {len(r)} fields")
    dicts = [dict(zip(header, r)) for r in rows[1:]]
    for i, r in enumerate(dicts, 2):
        if not r.get('source', '').strip():
            err(f"{name}:{i}: empty source")
        for c in NUMERIC[name]:
            if r[c] != '' and not NUM.match(r[c]):
                err(f"{name}:{i}: {c}={r[c]!r} is not a plain decimal")
    data[name] = dicts

# accelerators: ids, aliases, families
acc = data['accelerators.csv']
key_row = {}
for r in acc:
    keys = [r['id']] + [a for a in r['aliases'].split(';') if a]
    for k in keys:
        if k != k.strip():
            err(f"alias with surrounding space: {k!r}")
        nk = norm(k)
        if nk in key_row and key_row[nk] != r['id']:
            err(f"key {k!r} maps to {key_row[nk]} and {r['id']}")
        key_row[nk] = r['id']
fam = {}
for r in acc:
    if r['family'] != r['family'].lower():
        err(f"family not lowercase: {r['family']}")
    if not re.fullmatch(r'[a-z0-9][a-z0-9\-]*', r['id']):
        err(f"bad id slug: {r['id']}")
    fam.setdefault(r['family'], []).append(r)
for f, rs in fam.items():
    d = [r['id'] for r in rs if r['family_default'] == '1']
    if len(d) != 1:
        err(f"family {f}: {len(d)} defaults")
    else:
        nf = norm(f)
        if nf in key_row and key_row[nf] != d[0]:
            err(f"family name {f} is also a key of another row {key_row[nf]}")
        key_row.setdefault(nf, d[0])
if len(acc) < 45:
    err(f"only {len(acc)} accelerators")


def resolve(s):
    return key_row.get(norm(s))


with open(os.path.join(D, 'training_runs.csv'), encoding='utf-8') as f:
    tr = {r['accelerator'] for r in csv.DictReader(f)}
cl = {c['accelerator'] for c in json.load(open(os.path.join(D, 'claims', 'published_claims.json'), encoding='utf-8'))
      if c.get('accelerator')}
unresolved = sorted(s for s in tr | cl if not resolve(s))
for s in unresolved:
    print(f"note: accelerator string not resolvable: {s!r}")

# other uniqueness / cross references
cpus = data['cpus.csv']
names = [c['name'].lower() for c in cpus]
if len(names) != len(set(names)):
    err("duplicate cpu names (case-insensitive)")
cpu_names = {c['name'] for c in cpus}
for n in data['nodes.csv']:
    if n['cpu'] not in cpu_names:
        err(f"nodes: cpu {n['cpu']!r} not in cpus.csv")
    if n['family'] not in fam:
        err(f"nodes: family {n['family']} not in accelerators.csv")
zones = {z['zone'] for z in data['grid_zones.csv']}
if len(zones) != len(data['grid_zones.csv']):
    err("duplicate zones")
codes = [c['code'] for c in data['grid_countries.csv']]
if len(codes) != len(set(codes)):
    err("duplicate country codes")
for c in data['grid_countries.csv'] + data['grid_zones.csv']:
    if c['method'] not in ('lifecycle', 'direct'):
        err(f"bad method {c['method']}")
seen = set()
for r in data['cloud_regions.csv']:
    k = (r['provider'], r['region'])
    if k in seen:
        err(f"duplicate cloud region {k}")
    seen.add(k)
    if r['zone'] and r['zone'] not in zones:
        err(f"cloud region {k}: zone {r['zone']} not in grid_zones.csv")
    if r['provider'] != r['provider'].lower():
        err(f"provider not lowercase {r['provider']}")
seen = set()
for r in data['pue.csv']:
    k = (r['scope'], r['name'])
    if k in seen or r['scope'] not in ('provider', 'industry', 'site'):
        err(f"pue row {k}")
    seen.add(k)
seen = set()
for r in data['embodied.csv']:
    k = (r['kind'], r['name'])
    if k in seen:
        err(f"duplicate embodied row {k}")
    seen.add(k)

for e in errors:
    print("ERROR:", e)
print(f"{len(errors)} error(s); rows: " + ', '.join(f"{k} {len(v)}" for k, v in data.items()))
sys.exit(1 if errors else 0)
