#!/usr/bin/env bash
# plan_vs_dodge.sh [BUILD_DIR]: lca plan's mean savings from flexible start and
# pause-resume over every submission hour of 2023 and the 16 zones with a
# lifecycle series, beside Dodge et al. 2022 (FAccT), Tables 4 and 5 (WattTime
# marginal intensity, 16 Azure regions, 2020), for the job lengths they
# measured.  Different data and signal, so a comparison of shape, not a test.
. "$(dirname "$0")/common.sh"
python3 - "$LCA" "$LCA_DATASETS/claims/published_claims.json" <<'PY'
import json, re, subprocess, sys
lca, claims = sys.argv[1], sys.argv[2]
d = json.load(open(claims))
rows = []
for c in (d["claims"] if isinstance(d, dict) else d):
    if not c["id"].startswith("dodge22-"):
        continue
    m4 = re.search(r"\+24 h window Flexible Start ([\d.]+)%, Pause&Resume ([\d.]+)%", c["notes"])
    m5 = re.search(r"\+100% duration window FS ([\d.]+)%, P&R ([\d.]+)%", c["notes"])
    if m4 and m5:
        rows.append((c["days"] * 24, c["model"], m4.groups(), m5.groups()))
rows.sort()
zones = sorted({l.split()[0] for l in subprocess.run([lca, "grid", "list"], capture_output=True,
        text=True, check=True).stdout.splitlines()[1:] if " lifecycle " in l and " dataset " in l})

def mean_savings(hours, window, stretch):
    fs, pr = [], []
    for z in zones:
        args = [lca, "plan", "--gpu", "a100", "--gpus", "8", "--hours", f"{hours:.4g}", "--region", z,
                "--window", str(window), "--pause-resume", "--year", "2023", "--format", "json"]
        if stretch:
            args += ["--max-stretch", str(stretch)]
        o = json.loads(subprocess.run(args, capture_output=True, text=True, check=True).stdout)["options"]
        fs += [x["period"]["saving_pct"]["mean"] for x in o if x["strategy"] == "flexible-start"]
        pr += [x["period"]["saving_pct"]["mean"] for x in o if x["strategy"] == "pause-resume"]
    return sum(fs) / len(fs), sum(pr) / len(pr)

print(f"mean saving over every 2023 submission hour and {len(zones)} zones (lca) vs Dodge et al. 2022")
print(f"{'job':38} {'h':>6} | {'+24 h: FS':>9} {'P&R':>5} {'Dodge':>11} | {'+100%: FS':>9} {'P&R':>5} {'Dodge':>11}")
seen = set()
for hours, model, t4, t5 in rows:
    if hours in seen:
        continue
    seen.add(hours)
    a = mean_savings(hours, 24, None)
    w = max(1, round(hours))
    b = mean_savings(hours, w, 2)
    print(f"{model[:38]:38} {hours:6.4g} | {a[0]:8.1f}% {a[1]:4.1f}% {t4[0]:>5}/{t4[1]:>4}% |"
          f" {b[0]:8.1f}% {b[1]:4.1f}% {t5[0]:>5}/{t5[1]:>4}%")
PY
