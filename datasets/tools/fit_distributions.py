#!/usr/bin/env python3
"""Fit the spreads lca's Monte Carlo uses for defaults; writes datasets/distributions.csv.

Usage: python3 datasets/tools/fit_distributions.py [SHARED_DATA_DIR]
Standard library only.  Every row says what it was fitted from.  The MFU
spread is not here: lca fits it at run time from datasets/training_runs.csv.
"""
import csv, json, math, os, re, statistics, sys
from collections import defaultdict

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, '..', 'shared', 'data')
DS = os.path.join(REPO, 'datasets')


def norm(s):
    return ''.join(ch for ch in s.lower() if ch.isalnum())


def accelerator_tdp():
    names = {}
    for r in csv.DictReader(open(os.path.join(DS, 'accelerators.csv'), encoding='utf-8')):
        keys = [r['id'], r['name']] + [a for a in r['aliases'].split(';') if a]
        for k in keys:
            names[norm(k)] = r
        if r['family_default'] == '1':
            names.setdefault(norm(r['family']), r)
    return names


def power_fraction():
    """Measured average draw / TDP, for GPU runs whose papers state it."""
    names = accelerator_tdp()
    claims = json.load(open(os.path.join(DS, 'claims', 'published_claims.json'), encoding='utf-8'))
    seen, logs, used = set(), [], []
    for c in claims:
        acc, w = c.get('accelerator'), c.get('avg_power_w')
        if not acc or not w:
            continue
        r = names.get(norm(acc))
        if not r or r['vendor'] != 'NVIDIA' or not r['tdp_w']:
            continue   # TPU TDPs are defined differently across sources (HARDWARE.md)
        notes = c.get('notes') or ''
        if 'TDP exactly' in notes:
            continue   # the figure is the TDP itself (BLOOM), not a measurement
        m = re.search(r'TDP (?:' + re.escape(acc) + r' )?(\d+) W', notes)
        tdp = float(m.group(1)) if m else float(r['tdp_w'])   # the paper's own TDP first
        key = (acc, w)
        if key in seen:   # Patterson Table 1 and LLMCarbon repeat the same measurement
            continue
        seen.add(key)
        logs.append(math.log(w / tdp))
        used.append(f"{c['id']} {w:g}/{tdp:g} W" + (" (TDP from its notes)" if m else " (TDP from accelerators.csv)"))
    mu, sd = statistics.mean(logs), statistics.stdev(logs)
    return mu, sd, used


def grid_daily_cv():
    """Coefficient of variation of daily-mean lifecycle intensity within 2023."""
    folder = os.path.join(SHARED, 'hpe-green-dcc-electricitymaps-hourly', '2023')
    cvs = {}
    for f in sorted(os.listdir(folder)):
        days = defaultdict(list)
        for r in csv.DictReader(open(os.path.join(folder, f), encoding='utf-8')):
            days[r['Datetime (UTC)'][:10]].append(float(r['Carbon Intensity gCO₂eq/kWh (LCA)']))
        means = [sum(v) / len(v) for v in days.values()]
        cvs[f.split('_')[0]] = statistics.pstdev(means) / statistics.mean(means)
    return statistics.median(cvs.values()), cvs


def main():
    mu, sd, used = power_fraction()
    cv, cvs = grid_daily_cv()
    rows = [
        dict(name='power_fraction', kind='lognormal', a=f'{mu:.4f}', b=f'{sd:.4f}', c='', lo='0.3', hi='1.5',
             source='log of measured average draw / TDP for NVIDIA GPU runs in claims/published_claims.json ('
                    + '; '.join(used) + '; Patterson et al. 2021 and LLMCarbon, Faiz et al. 2024), '
                    'fitted by datasets/tools/fit_distributions.py; clipped to 0.3-1.5 x TDP'),
        dict(name='pue_provider', kind='triangular', a='1.04', b='1.25', c='', lo='1', hi='3',
             source='low: AWS best site 1.04 (AWS sustainability page, 2024); high: public-cloud industry '
                    'average 1.25 (IDC, quoted by Amazon 2025); mode: the provider figure used (datasets/pue.csv; '
                    'see shared pue/PUE.md)'),
        dict(name='pue_industry', kind='triangular', a='1.10', b='1.63', c='', lo='1', hi='3',
             source='low: Google fleet 1.10 (Google 2024 Environmental Report); high: on-premises enterprise '
                    '1.63 (IDC, quoted by Amazon 2025); mode: the industry average used (Uptime Institute 2024, '
                    'datasets/pue.csv)'),
        dict(name='grid_region', kind='normal_rel', a='0', b=f'{cv:.4f}', c='', lo='0', hi='2000',
             source='relative sd = median over 16 zones of the coefficient of variation of daily-mean '
                    'lifecycle intensity in 2023 (Electricity Maps hourly data via HPE green-dcc, ODbL; '
                    + ', '.join(f'{k} {v:.3f}' for k, v in cvs.items()) + '); a job of one day or more sees '
                    'at most this spread around the yearly mean'),
        dict(name='lifetime', kind='uniform', a='5', b='6', c='', lo='1', hi='30',
             source='the two published amortisation periods: 5 years (LLMCarbon, Faiz et al. 2024) and 6 years '
                    '(Luccioni et al. 2023, IDRIS replacement cycle)'),
    ]
    with open(os.path.join(DS, 'distributions.csv'), 'w', newline='', encoding='utf-8') as fp:
        w = csv.DictWriter(fp, ['name', 'kind', 'a', 'b', 'c', 'lo', 'hi', 'source'])
        w.writeheader()
        w.writerows(rows)
    print(f'power_fraction: mu {mu:.4f} sd {sd:.4f} from {len(used)} runs; grid daily cv median {cv:.4f}')


if __name__ == '__main__':
    main()
