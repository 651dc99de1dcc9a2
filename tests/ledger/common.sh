# common.sh: shared setup for the ledger shell tests (sourced).
# usage: test.sh LCA DATA TMP; LCA_DB points into TMP.
set -u
LCA=$1
DATA=$2
TMP=$3
rm -rf "$TMP" && mkdir -p "$TMP"
fail=0
# the system's python3 where there is one (a pyenv shim takes seconds)
[ -x /usr/bin/python3 ] && python3() { /usr/bin/python3 "$@"; }
ok() { if ! "$@"; then echo "FAIL: $*"; fail=1; fi; }
# run_ok FILE CMD...: CMD exits 0 (its output in FILE, shown on failure)
run_ok() {
	local out=$1 rc
	shift
	"$@" >"$out" 2>&1
	rc=$?
	if [ $rc != 0 ]; then
		echo "FAIL (exit $rc): $*"
		cat "$out"
		fail=1
	fi
}
# py EXPR: python3 over d = `lca runs --format json`
runs_json() { "$LCA" runs --format json >"$TMP/runs.json"; }
py() {
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if eval(sys.argv[2]) else 1)' "$TMP/runs.json" "$1"
}
sql() {
	python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute(sys.argv[2]).fetchone()[0])' "$LCA_DB" "$1"
}
finish() {
	if [ $fail != 0 ]; then exit 1; fi
	echo ok
	exit 0
}
