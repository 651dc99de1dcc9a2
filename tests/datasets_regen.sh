#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The shipped datasets are what datasets/tools/build_datasets.py makes from the
# shared source data: regenerate them in a copy and compare file by file, so a
# hand edit of a generated file (which the next regeneration would undo) fails.
# usage: datasets_regen.sh SRC_DATASETS SHARED_DATA WORKDIR
set -u
src=$1 shared=$2 work=$3
if [ ! -d "$shared" ]; then
	echo "skipped: no shared source data at $shared"
	exit 77
fi
rm -rf "$work" && mkdir -p "$work/repo"
cp -r "$src" "$work/repo/datasets"
python3 "$work/repo/datasets/tools/build_datasets.py" "$shared" >"$work/log" 2>&1
rc=$?
if [ $rc -ne 0 ]; then
	cat "$work/log"
	echo "build_datasets.py exited $rc"
	exit 1
fi
find "$work/repo/datasets" -name __pycache__ -prune -exec rm -rf {} +
if ! diff -r -q "$src" "$work/repo/datasets" -x __pycache__; then
	echo "datasets differ from what build_datasets.py makes (edit the script or its inputs, not the output)"
	exit 1
fi
echo "datasets regenerate identically"
