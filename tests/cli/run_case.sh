#!/usr/bin/env bash
# run_case.sh LCA CASEFILE TMPDIR: runs one CLI golden case.
# A case file holds lines "key: value":
#   args:            the arguments, shell-quoted (expanded with eval; $DATA is
#                    tests/data, $DATASETS the shipped datasets/, $TMP a fresh dir)
#   setup:           a shell command run first (may repeat)
#   exit:            the expected exit code
#   stdout:          a file under tests/cli/expected with the exact stdout
#   stdout-has:      a substring stdout must contain (may repeat)
#   stderr:          the exact one-line stderr
#   stderr-has:      a substring stderr must contain
#   check:           a shell command that must succeed afterwards (may repeat)
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
while IFS= read -r line; do
	case $line in
	stdout:*)
		exp=$HERE/expected/${line#stdout: }
		if ! diff -u "$exp" "$TMP/stdout"; then fail=1; fi ;;
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
		(cd "$TMP" && eval "$c") >/dev/null 2>&1 || { echo "check failed: $c"; fail=1; } ;;
	stdout-json:*)
		expr=${line#stdout-json: }
		if ! python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if eval(sys.argv[2]) else 1)' "$TMP/stdout" "$expr"; then
			echo "json check failed: $expr"; fail=1
		fi ;;
	esac
done <"$CASE"
if [ $fail != 0 ]; then
	echo "--- stdout"; head -c 3000 "$TMP/stdout"
	echo "--- stderr"; cat "$TMP/stderr"
	exit 1
fi
exit 0
