#!/usr/bin/env python3
"""Slim the shared hourly grid series into datasets/series/ (same formats, fewer columns).

Usage: python3 datasets/tools/build_series.py [SHARED_DATA_DIR]
- Electricity Maps 2023 hourly (16 zones, via HPE green-dcc; ODbL): keeps the
  datetime, direct and life-cycle intensity columns, with their original headers.
- EIA-930-derived 2022 hourly (9 US balancing authorities, via HPE dc-rl; MIT,
  upstream US public domain): keeps timestamp and avg_CI; empty hours stay empty.
Writes datasets/series/series.csv, the manifest lca's catalog build reads.
"""
import csv, os, sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, '..', 'shared', 'data')
OUT = os.path.join(REPO, 'datasets', 'series')
EM_DT = 'Datetime (UTC)'
EM_DIRECT = 'Carbon Intensity gCO\u2082eq/kWh (direct)'
EM_LCA = 'Carbon Intensity gCO\u2082eq/kWh (LCA)'
# EIA balancing authority -> Electricity Maps zone id (WAAT has no EM zone)
BA_ZONE = {'AZPS': 'US-SW-AZPS', 'BPAT': 'US-NW-BPAT', 'CISO': 'US-CAL-CISO', 'ERCO': 'US-TEX-ERCO',
           'MISO': 'US-MIDW-MISO', 'NYIS': 'US-NY-NYIS', 'PJM': 'US-MIDA-PJM', 'SOCO': 'US-SE-SOCO',
           'WAAT': 'US-EIA-WAAT'}
EM_SRC = ('Electricity Maps hourly data (ODbL), {y} via HewlettPackard/green-dcc commit 3f6ea95 '
          '(MIT) data/carbon_intensity/{f}; columns kept: datetime, direct, LCA')
EIA_SRC = ('EIA-930 hourly generation by fuel (US public domain), avg_CI computed by HewlettPackard/dc-rl '
           'commit a92b475 (MIT, (c) 2024 Hewlett Packard Enterprise) data/CarbonIntensity/{ba}_NG_&_avgCI.csv; '
           'columns kept: timestamp, avg_CI')


def main():
    os.makedirs(OUT, exist_ok=True)
    manifest = []
    em = os.path.join(SHARED, 'hpe-green-dcc-electricitymaps-hourly', '2023')
    for f in sorted(os.listdir(em)):
        rows = list(csv.DictReader(open(os.path.join(em, f), encoding='utf-8')))
        zone = rows[0]['Zone Id']
        name = f'em2023-{zone}.csv'
        with open(os.path.join(OUT, name), 'w', newline='', encoding='utf-8') as fp:
            w = csv.writer(fp, lineterminator='\n')
            w.writerow([EM_DT, EM_DIRECT, EM_LCA])
            for r in rows:
                w.writerow([r[EM_DT], r[EM_DIRECT], r[EM_LCA]])
        src = EM_SRC.format(y=2023, f=f)
        manifest.append(dict(file=name, zone=zone, signal='lifecycle', kind='average', format='electricitymaps', source=src))
        manifest.append(dict(file=name, zone=zone, signal='direct', kind='average', format='electricitymaps', source=src))
    eia = os.path.join(SHARED, 'hpe-dc-rl-carbon-intensity')
    for f in sorted(os.listdir(eia)):
        if not f.endswith('_NG_avgCI.csv'):
            continue
        ba = f.split('_')[0]
        name = f'eia2022-{ba}.csv'
        with open(os.path.join(OUT, name), 'w', newline='', encoding='utf-8') as fp:
            w = csv.writer(fp, lineterminator='\n')
            w.writerow(['timestamp', 'avg_CI'])
            rd = csv.reader(open(os.path.join(eia, f), encoding='utf-8'))
            head = next(rd)
            ci = head.index('avg_CI')
            for r in rd:   # the time is the first column (WAAT's header leaves it unnamed)
                v = r[ci]
                w.writerow([r[0], f'{float(v):.3f}' if v else ''])
        manifest.append(dict(file=name, zone=BA_ZONE[ba], signal='direct', kind='average', format='eia930',
                             source=EIA_SRC.format(ba=ba)))
    with open(os.path.join(OUT, 'series.csv'), 'w', newline='', encoding='utf-8') as fp:
        w = csv.DictWriter(fp, ['file', 'zone', 'signal', 'kind', 'format', 'source'], lineterminator='\n')
        w.writeheader()
        w.writerows(manifest)
    print(f'{len(manifest)} series')


if __name__ == '__main__':
    main()
