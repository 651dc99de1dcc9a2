#!/usr/bin/env bash
# flipped_bytes.sh LCA DATA TMP: a catalog with flipped bits never crashes
# lca plan over every zone and year (it answers or names the damage), and
# lca catalog build brings it back (issue 14, items 1 and 6).
set -u
LCA=$1 DATA=$2 TMP=$3
rm -rf "$TMP" && mkdir -p "$TMP"
export LCA_CATALOG=$TMP/clean.db
"$LCA" catalog build >/dev/null || { echo "clean build failed"; exit 1; }
fail=0
for seed in $(seq 1 12); do
	db=$TMP/flip$seed.db
	python3 "$DATA/catalog/flip_bits.py" "$TMP/clean.db" "$db" "$seed" 200
	LCA_CATALOG=$db timeout 60 "$LCA" plan --gpus 8 --hours 24 --gpu a100 \
		--regions all --year 2023 >/dev/null 2>"$TMP/err"
	rc=$?
	case $rc in
	0 | 1 | 2) ;;
	*) echo "seed $seed: plan exit $rc: $(head -c 300 "$TMP/err")"; fail=1 ;;
	esac
	if [ $rc != 0 ] && ! grep -q "^lca: " "$TMP/err"; then
		echo "seed $seed: exit $rc without an lca: line"; fail=1
	fi
	if [ "$seed" -le 3 ]; then
		LCA_CATALOG=$db "$LCA" catalog build >/dev/null 2>"$TMP/err"
		rc=$?
		[ $rc = 0 ] || { echo "seed $seed: build exit $rc: $(cat "$TMP/err")"; fail=1; }
		LCA_CATALOG=$db "$LCA" plan --gpus 8 --hours 24 --gpu a100 \
			--regions all --year 2023 >/dev/null 2>"$TMP/err"
		rc=$?
		[ $rc = 0 ] || { echo "seed $seed: plan after build exit $rc: $(cat "$TMP/err")"; fail=1; }
	fi
done
exit $fail
