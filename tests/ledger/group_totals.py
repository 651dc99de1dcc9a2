"""group_totals.py RUNS_JSON GROUPS_JSON BY: lca runs --group-by BY totals
equal the sum of the runs (`lca runs --format json`); with BY account, the
tracked runs tagged account=x and account=y count 2 and 1 where present."""
import json
import math
import sys

runs = json.load(open(sys.argv[1]))["runs"]
g = json.load(open(sys.argv[2]))
by = sys.argv[3]
assert g["group_by"] == by, g["group_by"]
assert sum(x["runs"] for x in g["groups"]) == len(runs)
for k in ("energy_kwh", "facility_energy_kwh", "total_kgco2e"):
    want = sum(r[k] for r in runs if r[k] is not None)
    got = sum(x[k] for x in g["groups"])
    assert math.isclose(want, got, rel_tol=1e-9, abs_tol=1e-12), (k, want, got)
if by == "account":
    want = {}
    for r in runs:
        a = r.get("account") or r["tags"].get("account", "")
        want[a] = want.get(a, 0) + 1
    assert {x["account"]: x["runs"] for x in g["groups"]} == want
