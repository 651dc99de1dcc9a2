#!/usr/bin/env bash
# every_gpu.sh LCA DATASETS TMPDIR: `lca estimate --params 70e9 --gpu ID`
# for every row of `lca catalog list gpus`.  Each must exit 0, except
# exactly the rows datasets/README.md lists under "Incomplete rows": those
# must exit 2 naming each input of their "give" column in turn (the
# message names the field's key: "give power in W" for --power), and exit
# 0 once all of them are given.
set -u
LCA=$1
DATASETS=$2
TMP=$3
rm -rf "$TMP" && mkdir -p "$TMP"
export LCA_CATALOG=$TMP/catalog.db LCA_DATASETS=$DATASETS LCA_DB=$TMP/ledger.db
if [ -n "${LCA_TEMPLATE_CATALOG:-}" ] && [ -f "$LCA_TEMPLATE_CATALOG" ]; then
	cp "$LCA_TEMPLATE_CATALOG" "$LCA_CATALOG"
fi
# a value for each flag an incomplete row may need
declare -A VALUE=([--gpu-hours]=1000 [--power]=500)
# "| `id` | missing | `--a`, `--b` |" rows of the Incomplete rows table
declare -A GIVE=()
while IFS='|' read -r _ id _ give _; do
	id=${id//[\` ]/}
	give=${give//[\` ]/}
	GIVE[$id]=${give//,/ }
done < <(sed -n '/^#### Incomplete rows/,/^#/p' "$DATASETS/README.md" |
	grep '^| `')
if [ ${#GIVE[@]} -eq 0 ]; then
	echo "no incomplete rows parsed from $DATASETS/README.md"
	exit 1
fi
"$LCA" catalog list gpus --format csv >"$TMP/gpus.csv" 2>"$TMP/list.err" ||
	{ echo "catalog list failed: $(cat "$TMP/list.err")"; exit 1; }
ids=$(tail -n +2 "$TMP/gpus.csv" | cut -d, -f1)
n=0 fail=0 ok=0
declare -A SEEN=()
for id in $ids; do
	n=$((n + 1))
	SEEN[$id]=1
	args=(estimate --params 70e9 --gpu "$id")
	for flag in ${GIVE[$id]:-}; do
		"$LCA" "${args[@]}" >/dev/null 2>"$TMP/err"
		rc=$?
		if [ $rc -ne 2 ] || ! grep -qF -- "give ${flag#--}" "$TMP/err"; then
			echo "$id: want exit 2 naming $flag, got $rc: $(cat "$TMP/err")"
			fail=1
		fi
		args+=("$flag" "${VALUE[$flag]}")
	done
	"$LCA" "${args[@]}" >/dev/null 2>"$TMP/err"
	rc=$?
	if [ $rc -ne 0 ]; then
		echo "$id: ${args[*]}: exit $rc: $(cat "$TMP/err")"
		fail=1
	else
		ok=$((ok + 1))
	fi
done
for id in "${!GIVE[@]}"; do
	[ -n "${SEEN[$id]:-}" ] ||
		{ echo "README lists '$id' as incomplete, the catalog has no such row"; fail=1; }
done
echo "$n rows, ${#GIVE[@]} incomplete, $ok estimates succeeded"
[ $n -gt 0 ] || fail=1
exit $fail
