# common.sh: sourced by the bench scripts that take [BUILD_DIR]: sets BUILD
# (absolute), LCA, HERE, a TMP removed on exit, and a catalog of the shipped
# datasets/ in TMP, built before any timing.
set -eu
BUILD=$(cd "${1:-build}" && pwd)
LCA=$BUILD/lca
HERE=$(cd "$(dirname "$0")" && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export LCA_CATALOG=$TMP/catalog.db LCA_DATASETS=$HERE/../../datasets
"$LCA" catalog build >/dev/null
