#!/usr/bin/env bash
# readme.sh SRC WORK LIB LCA: runs the README's Python example (the
# ```python block after "<!-- python-example -->") in the venv venv.sh
# made; it must estimate, track a block and list the run.
set -eu
src=$1 work=$2
export LCA_LIBRARY=$3 LCA_CATALOG=$work/readme-catalog.db
export LCA_DATASETS=$src/datasets LCA_DB=$work/readme-ledger.db
rm -f "$LCA_CATALOG" "$LCA_DB"
awk '/<!-- python-example -->/ {on = 1; next}
     on && /^```python/ {body = 1; next}
     body && /^```/ {exit}
     body {print}' "$src/README.md" >"$work/example.py"
lines=$(grep -c . "$work/example.py" || true)
[ "$lines" -ge 3 ] || { echo "no Python example in README.md" >&2; exit 1; }
cd "$work"
out=$(.venv/bin/python example.py)
printf '%s\n' "$out"
# it printed a total, and the tracked run is in the ledger
grep -Eq '[0-9]' <<<"$out"
"$4" runs --format json | .venv/bin/python -c '
import json, sys
runs = json.load(sys.stdin)["runs"]
assert any(r["source"] == "track" and r["status"] == "complete" for r in runs), runs
print("ledger has", len(runs), "run(s)")'
