#!/usr/bin/env bash
# pytest.sh SRC WORK LIB LCA: the package's pytest suite (python/tests) in
# the venv venv.sh made, over liblca LIB and against the lca binary LCA.
set -u
src=$1 work=$2
export LCA_LIBRARY=$3 LCA_BIN=$4 LCA_SOURCE_DIR=$src
export LCA_CATALOG=$work/pytest-catalog.db LCA_DATASETS=$src/datasets
export LCA_DB=$work/pytest-ledger.db
rm -f "$LCA_CATALOG" "$LCA_DB"
cd "$work" || exit 1
.venv/bin/python -m pytest -q -p no:cacheprovider "$src/python/tests"
rc=$?
if [ "$rc" = 5 ]; then
	echo "pytest collected no tests from $src/python/tests" >&2
	exit 1
fi
exit "$rc"
