#!/usr/bin/env python3
"""Fit lca's default MFU model; writes datasets/mfu_model.csv.

Usage: python3 datasets/tools/fit_mfu.py [--check] [--report]

Standard library only.  Reads datasets/training_runs.csv and
datasets/accelerators.csv; writes datasets/mfu_model.csv, which the catalog
build loads.  --check compares with the shipped file instead of writing it
(exit 1 when they differ); --report prints every score.

Declared before any score was computed (the data were seen, the scores not)
----------------------------------------------------------------------------
Runs: whole training runs only (notes start with "[training run"), trained
in bf16/fp16 (a run whose precision starts with "fp8" is kept for the fp8
default below, not for this fit) and with a usable target.  Tuned
throughput benchmarks are excluded.

Target: the run's end-to-end MFU, y = 6 x active params x tokens /
(device-hours x 3600 x dense bf16 peak), where the row states all three;
otherwise the MFU the row states.  The engine multiplies device-hours by
power, so the target is what turns FLOPs into the device-hours a run bills.

Score: the device-hours error of a prediction, DH_pred / DH_obs - 1 =
y / y_pred - 1; the score of a model is the median |error| over runs.

Candidates (at most four; what is known before a run):
  family_median  the median of the runs on the same accelerator family
                 when there are at least 3, else of all runs (lca's rule
                 before this fit: the single median by device class)
  pooled_median  one median over all runs, whatever the hardware
  dense_moe      the median of the dense runs for a dense job, of the MoE
                 runs (active < total parameters) for an MoE job; a group
                 with fewer than 2 runs falls back to all runs
  size_gen       log y = a + b (log10 active params - 10) + c (release
                 year of the accelerator - 2020), least squares on logs
Number of devices is not a candidate input: lca often estimates before
the count is known, and two runs do not state it.  The year of a run is
not in the data; the accelerator's release year stands for its generation.

Choice: nested leave-one-out.  For each run, each candidate is scored by
leave-one-out over the other runs; the best inner score (ties: the order
above) is fitted on the other runs and predicts the left-out run.  The
median |error| of those predictions is the score of the whole procedure.
The model shipped is the candidate with the best leave-one-out score over
all runs; family_median is kept unless another candidate is strictly
better.

Interval: the MFU is log-normal around the prediction with sigma = the root
mean square of the chosen model's leave-one-out log residuals
log(y / y_pred).  Coverage: the share of left-out runs whose device-hours
fall within the 5-95% interval built without them (nested); width: p95/p05
of device-hours = exp(2 x 1.645 x sigma).

fp8: --precision fp8 divides by the fp8 peak, so its MFU comes from the
published fp8 runs against their accelerators' fp8 peak (the median when
there are several), never from the bf16 fit.

LLMCarbon for contrast: one efficiency per setup fitted on the same runs it
is scored on; here its in-sample median |error| with one median per
accelerator family, computed over the same runs.
"""
import csv
import math
import os
import statistics
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DS = os.path.join(REPO, 'datasets')
OUT = os.path.join(DS, 'mfu_model.csv')
Z90 = 1.6448536269514722   # standard normal 95th percentile
CANDIDATES = ['family_median', 'pooled_median', 'dense_moe', 'size_gen']
MIN_FAMILY_RUNS = 3
MIN_GROUP_RUNS = 2


def norm(s):
    return ''.join(ch for ch in s.lower() if ch.isalnum())


def num(s):
    return float(s) if s not in ('', None) else None


def accelerators():
    """Name, alias or family -> accelerators.csv row (as the catalog does)."""
    names = {}
    for r in csv.DictReader(open(os.path.join(DS, 'accelerators.csv'), encoding='utf-8')):
        for k in [r['id'], r['name']] + [a for a in r['aliases'].split(';') if a]:
            names.setdefault(norm(k), r)
    for r in csv.DictReader(open(os.path.join(DS, 'accelerators.csv'), encoding='utf-8')):
        if r['family_default'] == '1':
            names.setdefault(norm(r['family']), r)
    return names


def load_runs():
    names = accelerators()
    runs, fp8 = [], []
    for r in csv.DictReader(open(os.path.join(DS, 'training_runs.csv'), encoding='utf-8')):
        if not r['notes'].startswith('[training run'):
            continue
        acc = names.get(norm(r['accelerator']))
        if acc is None:
            continue
        total = num(r['params_total'])
        active = num(r['params_active']) or total
        tokens, dh = num(r['tokens']), num(r['device_hours'])
        peak = num(acc['bf16_tflops'])
        run = dict(id=r['id'], family=acc['family'], active=active, total=total,
                   moe=active is not None and total is not None and active < total,
                   release=int(acc['release'][:4]), source=r['source'])
        fp8_run = (r['precision'] or '').lower().startswith('fp8')
        if fp8_run:
            p8 = num(acc['fp8_tflops'])
            if p8 and active and tokens and dh:
                run.update(y=6 * active * tokens / (dh * 3600 * p8 * 1e12), peak=p8,
                           how=f"6 x {active:.4g} x {tokens:.4g} / ({dh:.6g} h x 3600 x {p8:g}e12 fp8 peak of {acc['id']})")
                fp8.append(run)
            elif not p8:
                run.update(y=None, how=f"no fp8 peak for {acc['id']} in accelerators.csv")
                fp8.append(run)
            continue
        if active and tokens and dh and peak:
            run.update(y=6 * active * tokens / (dh * 3600 * peak * 1e12), how='end-to-end')
        elif num(r['mfu']) is not None:
            run.update(y=num(r['mfu']), how='stated')
        else:
            continue
        runs.append(run)
    return runs, fp8


def median_of(rs):
    return statistics.median(r['y'] for r in rs)


def fit(name, rs):
    """Fit candidate `name` on runs rs; returns a predictor run -> MFU."""
    pooled = median_of(rs)
    if name == 'pooled_median':
        return lambda q: pooled
    if name == 'family_median':
        fam = {}
        for r in rs:
            fam.setdefault(r['family'], []).append(r)
        med = {f: median_of(v) for f, v in fam.items() if len(v) >= MIN_FAMILY_RUNS}
        return lambda q: med.get(q['family'], pooled)
    if name == 'dense_moe':
        grp = {}
        for r in rs:
            grp.setdefault(r['moe'], []).append(r)
        med = {g: median_of(v) for g, v in grp.items() if len(v) >= MIN_GROUP_RUNS}
        return lambda q: med.get(q['moe'], pooled)
    if name == 'size_gen':
        a, b, c = ols(rs)
        return lambda q: math.exp(a + b * (math.log10(q['active']) - 10) + c * (q['release'] - 2020))
    raise ValueError(name)


def ols(rs):
    """Least squares of log y on (1, log10 active - 10, release - 2020)."""
    X = [[1.0, math.log10(r['active']) - 10, r['release'] - 2020.0] for r in rs]
    Y = [math.log(r['y']) for r in rs]
    A = [[sum(x[i] * x[j] for x in X) for j in range(3)] for i in range(3)]
    B = [sum(x[i] * y for x, y in zip(X, Y)) for i in range(3)]
    return solve(A, B)


def solve(A, B):
    n = len(B)
    M = [row[:] + [b] for row, b in zip(A, B)]
    for i in range(n):
        p = max(range(i, n), key=lambda k: abs(M[k][i]))
        M[i], M[p] = M[p], M[i]
        for k in range(i + 1, n):
            f = M[k][i] / M[i][i]
            for j in range(i, n + 1):
                M[k][j] -= f * M[i][j]
    x = [0.0] * n
    for i in reversed(range(n)):
        x[i] = (M[i][n] - sum(M[i][j] * x[j] for j in range(i + 1, n))) / M[i][i]
    return x


def loo(name, rs):
    """Leave-one-out log residuals log(y / y_pred) of candidate name on rs."""
    out = []
    for i, r in enumerate(rs):
        if name == 'size_gen' and r['active'] is None:
            continue
        rest = rs[:i] + rs[i + 1:]
        out.append(math.log(r['y'] / fit(name, rest)(r)))
    return out


def dh_err(logres):
    """Median |device-hours error|: DH_pred / DH_obs - 1 = y / y_pred - 1."""
    return statistics.median(abs(math.exp(e) - 1) for e in logres)


def rms(xs):
    return math.sqrt(sum(x * x for x in xs) / len(xs))


def choose(rs):
    scores = {c: dh_err(loo(c, rs)) for c in CANDIDATES}
    best = 'family_median'
    for c in CANDIDATES:
        if scores[c] < scores[best]:
            best = c
    return best, scores


def nested(rs):
    """Outer leave-one-out over the whole choice; coverage and width too."""
    res, cover, widths, picks = [], 0, [], []
    for i, r in enumerate(rs):
        rest = rs[:i] + rs[i + 1:]
        best, _ = choose(rest)
        sigma = rms(loo(best, rest))
        e = math.log(r['y'] / fit(best, rest)(r))
        res.append(e)
        cover += abs(e) <= Z90 * sigma
        widths.append(math.exp(2 * Z90 * sigma))
        picks.append(best)
    return res, cover / len(rs), statistics.median(widths), picks


def in_sample_family(rs):
    """LLMCarbon-style: one efficiency per setup, fitted on the runs scored."""
    f = fit('family_median', rs)
    return dh_err([math.log(r['y'] / f(r)) for r in rs])


def fmt(x):
    return f"{x:.4g}"


def build():
    runs, fp8 = load_runs()
    best, scores = choose(runs)
    res = loo(best, runs)
    sigma = rms(res)
    loo_cover = sum(abs(e) <= Z90 * sigma for e in res) / len(res)
    ids = '; '.join(r['id'] for r in runs)
    cite = (f"{len(runs)} whole bf16/fp16 training runs in "
            f"datasets/training_runs.csv ({ids})")
    nres, ncover, nwidth, picks = nested(runs)
    loo_txt = ', '.join(f"{c} {scores[c]:.1%}" for c in CANDIDATES)
    rows = [['model', best, '', len(runs),
             f"best leave-one-out median |device-hours error| of {loo_txt}; "
             f"nested leave-one-out of the choice {dh_err(nres):.1%} (datasets/tools/fit_mfu.py)"]]
    rows.append(['median', '*', fmt(median_of(runs)), len(runs), f"median of {cite}"])
    if best == 'family_median':
        fam = {}
        for r in runs:
            fam.setdefault(r['family'], []).append(r)
        for f in sorted(fam):
            if len(fam[f]) >= MIN_FAMILY_RUNS:
                rows.append(['median', f, fmt(median_of(fam[f])), len(fam[f]),
                             f"median of the runs on {f}: {'; '.join(r['id'] for r in fam[f])}"])
        rows.append(['min_runs', '', MIN_FAMILY_RUNS, '', 'a family needs this many runs for its own median'])
    if best == 'dense_moe':
        for g, label in ((False, 'dense'), (True, 'moe')):
            v = [r for r in runs if r['moe'] == g]
            if len(v) >= MIN_GROUP_RUNS:
                rows.append(['median', label, fmt(median_of(v)), len(v),
                             f"median of the {label} runs: {'; '.join(r['id'] for r in v)}"])
    if best == 'size_gen':
        a, b, c = ols(runs)
        rows.append(['coef', 'intercept', fmt(a), len(runs), "log MFU at 1e10 active params, 2020 hardware"])
        rows.append(['coef', 'log10_active_params', fmt(b), len(runs), 'per decade of active params above 1e10'])
        rows.append(['coef', 'release_year', fmt(c), len(runs), 'per year of accelerator release after 2020'])
    rows.append(['log_sd', '', fmt(sigma), len(res),
                 f"root mean square of {best}'s leave-one-out log residuals; "
                 f"LOO median |device-hours error| {dh_err(res):.1%}, 5-95% coverage {loo_cover:.0%}, "
                 f"p95/p05 {math.exp(2 * Z90 * sigma):.2f}; nested (the choice made without the run): "
                 f"{dh_err(nres):.1%}, coverage {ncover:.0%}, median p95/p05 {nwidth:.2f}"])
    good = [r for r in fp8 if r['y']]
    if good:
        rows.append(['fp8', '*', fmt(statistics.median(r['y'] for r in good)), len(good),
                     'median of the fp8 runs against their fp8 peak: ' +
                     '; '.join(f"{r['id']} {r['y']:.3f} = {r['how']} ({r['source']})" for r in good)])
    report = dict(runs=runs, fp8=fp8, best=best, scores=scores, sigma=sigma, loo_cover=loo_cover,
                  nested=dh_err(nres), ncover=ncover, nwidth=nwidth, picks=picks,
                  width=math.exp(2 * Z90 * sigma), insample=in_sample_family(runs))
    return rows, report


def render(rows):
    import io
    s = io.StringIO()
    w = csv.writer(s, lineterminator='\n')
    w.writerow(['term', 'key', 'value', 'n', 'source'])
    w.writerows(rows)
    return s.getvalue()


def main(argv):
    rows, rep = build()
    text = render(rows)
    if '--report' in argv:
        for r in rep['runs']:
            print(f"  {r['id']:24s} {r['family']:7s} y={r['y']:.3f} ({r['how']}) moe={r['moe']} release={r['release']}")
        for c, s in rep['scores'].items():
            print(f"LOO {c:14s} median |DH error| {s:.1%}")
        print(f"chosen {rep['best']}; sigma {rep['sigma']:.3f}; LOO coverage {rep['loo_cover']:.0%}; "
              f"p95/p05 {rep['width']:.2f}")
        print(f"nested LOO median |DH error| {rep['nested']:.1%}; coverage {rep['ncover']:.0%}; "
              f"median p95/p05 {rep['nwidth']:.2f}; picks {sorted(set(rep['picks']))}")
        print(f"in-sample (one median per family, LLMCarbon-style) {rep['insample']:.1%}")
        for r in rep['fp8']:
            print(f"fp8 {r['id']}: {r['y']} ({r['how']})")
    if '--check' in argv:
        with open(OUT, encoding='utf-8') as f:
            if f.read() != text:
                sys.stderr.write(f"fit_mfu: {OUT} differs from the fit; rerun datasets/tools/fit_mfu.py\n")
                return 1
        return 0
    if '--report' not in argv:
        with open(OUT, 'w', encoding='utf-8', newline='') as f:
            f.write(text)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
