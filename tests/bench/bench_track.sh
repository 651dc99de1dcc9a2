#!/usr/bin/env bash
# bench_track.sh [LCA] [SECONDS]: the overhead of lca track itself at a 1 s
# interval: its CPU time over the run (% of one core) and its peak resident
# memory (GNU time: lca plus the command it waited for, here `sleep`,
# which uses next to nothing).  Prints figures; asserts nothing.
set -eu
LCA=${1:-build/lca}
SECS=${2:-30}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export LCA_DB=$TMP/ledger.db LCA_CATALOG=${LCA_CATALOG:-$TMP/catalog.db}
"$LCA" catalog list gpus >/dev/null # build the catalog outside the timing
/usr/bin/time -o "$TMP/time" -f "%U %S %e %M" \
	"$LCA" track --grid 100 --interval 1 -- sleep "$SECS" >/dev/null 2>&1
read -r u s e m <"$TMP/time"
python3 -c "import sys; u,s,e,m=map(float,sys.argv[1:]); print('lca track over %.1f s at a 1 s interval: %.2f s CPU = %.2f%% of one core (target < 1%%)' % (e, u+s, 100*(u+s)/e)); print('lca track peak resident memory: %.1f MB (target < 5 MB)' % (m/1024))" "$u" "$s" "$e" "$m"
echo "samples committed: $("$LCA" runs show 1 --format json | python3 -c 'import json,sys; print(sum(d["samples"] for d in json.load(sys.stdin)["devices"]))')"
