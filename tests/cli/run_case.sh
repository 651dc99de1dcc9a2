#!/usr/bin/env bash
# run_case.sh LCA CASEFILE TMPDIR: runs one CLI golden case.
# A case file holds lines "key: value":
#   args:            the arguments, shell-quoted (expanded with eval; $DATA is
#                    tests/data, $DATASETS the shipped datasets/, $TMP a fresh dir)
#   setup:           a shell command run first (may repeat)
#   exit:            the expected exit code
#   stdout:          a file under tests/cli/expected with the exact stdout
#   stdout-sed:      a sed expression applied to stdout before the stdout:
#                    comparison (may repeat): paths, hashes, versions of the
#                    machine.  LCA_UPDATE_GOLDEN=1 writes the (filtered)
#                    stdout to the expected file instead of comparing
#   stdout-has:      a substring stdout must contain (may repeat)
#   stderr:          the exact one-line stderr
#   stderr-has:      a substring stderr must contain
#   check:           a shell command that must succeed afterwards (may repeat);
#                    never negated with `!` (a crash would pass it)
#   check-exit:      "N command": a shell command that must exit with exactly
#                    N afterwards (may repeat): how a case says "fails"
#   stdout-json:     a jq-less check: python3 expression over `d` (the parsed
#                    stdout) that must be true (may repeat)
set -u
LCA=$1
CASE=$2
TMP=$3
HERE=$(cd "$(dirname "$0")" && pwd)
DATA=$HERE/../data
DATASETS=$HERE/../../datasets
rm -rf "$TMP" && mkdir -p "$TMP"
export LCA_CATALOG=$TMP/catalog.db LCA_DATASETS=$DATASETS
# a warm start from the catalog the fixture built (the same datasets/)
if [ -n "${LCA_TEMPLATE_CATALOG:-}" ] && [ -f "$LCA_TEMPLATE_CATALOG" ]; then
	cp "$LCA_TEMPLATE_CATALOG" "$LCA_CATALOG"
fi
export TMP DATA DATASETS
fail=0
want_exit=0
args=
while IFS= read -r line; do
	case $line in
	args:*) args=${line#args: } ;;
	setup:*) (cd "$TMP" && eval "${line#setup: }") >/dev/null 2>&1 ||
		{ echo "setup failed: ${line#setup: }"; exit 1; } ;;
	exit:*) want_exit=${line#exit: } ;;
	esac
done <"$CASE"
eval "set -- $args"
"$LCA" "$@" >"$TMP/stdout" 2>"$TMP/stderr"
got_exit=$?
if [ "$got_exit" != "$want_exit" ]; then
	echo "exit: got $got_exit, want $want_exit"
	fail=1
fi
cp "$TMP/stdout" "$TMP/stdout.golden"
while IFS= read -r line; do
	case $line in
	stdout-sed:*)
		sed -i -e "${line#stdout-sed: }" "$TMP/stdout.golden" ;;
	esac
done <"$CASE"
while IFS= read -r line; do
	case $line in
	stdout:*)
		exp=$HERE/expected/${line#stdout: }
		if [ -n "${LCA_UPDATE_GOLDEN:-}" ]; then
			cp "$TMP/stdout.golden" "$exp"
		elif ! diff -u "$exp" "$TMP/stdout.golden"; then
			fail=1
		fi ;;
	stdout-has:*)
		s=${line#stdout-has: }
		grep -qF -- "$s" "$TMP/stdout" || { echo "stdout lacks: $s"; fail=1; } ;;
	stderr:*)
		s=${line#stderr: }
		if [ "$(cat "$TMP/stderr")" != "$s" ]; then
			echo "stderr: got '$(cat "$TMP/stderr")', want '$s'"; fail=1
		fi ;;
	stderr-has:*)
		s=${line#stderr-has: }
		grep -qF -- "$s" "$TMP/stderr" || { echo "stderr lacks: $s"; fail=1; } ;;
	check:*)
		c=${line#check: }
		# `! cmd` passes when cmd crashes: say the exit code instead
		if printf '%s\n' "$c" | grep -Eq '(^|&&|\|\||;|\||\()[[:space:]]*![[:space:]]'; then
			echo "check negates a command (use check-exit: N ...): $c"
			fail=1
			continue
		fi
		(cd "$TMP" && eval "$c") >/dev/null 2>&1 || { echo "check failed: $c"; fail=1; } ;;
	check-exit:*)
		c=${line#check-exit: }
		n=${c%% *} c=${c#* }
		(cd "$TMP" && eval "$c") >/dev/null 2>&1
		got=$?
		[ "$got" = "$n" ] || { echo "check-exit: got $got, want $n: $c"; fail=1; } ;;
	stdout-json:*)
		printf '%s\n' "${line#stdout-json: }" >>"$TMP/json-checks" ;;
	esac
done <"$CASE"
# every stdout-json expression in one interpreter (python3 can take 0.3 s
# to start)
if [ -f "$TMP/json-checks" ]; then
	python3 - "$TMP/stdout" "$TMP/json-checks" <<'PY' || fail=1
import json, sys
try:
    d = json.load(open(sys.argv[1]))
except ValueError as e:
    print(f"stdout is not JSON: {e}")
    sys.exit(1)
bad = 0
for expr in open(sys.argv[2]).read().splitlines():
    try:
        ok = eval(expr)
    except Exception as e:
        ok = False
        print(f"json check raised {type(e).__name__}: {e}")
    if not ok:
        print(f"json check failed: {expr}")
        bad = 1
sys.exit(bad)
PY
fi
if [ $fail != 0 ]; then
	echo "--- stdout"; head -c 3000 "$TMP/stdout"
	echo "--- stderr"; cat "$TMP/stderr"
	exit 1
fi
exit 0
