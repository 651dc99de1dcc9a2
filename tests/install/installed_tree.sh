#!/usr/bin/env bash
# installed_tree.sh SRC TMP: builds a copy of the source tree, installs it
# into a prefix, deletes the copy, then checks that the installed lca finds
# its datasets under the prefix and that the README's C example builds with
# `pkg-config --cflags --libs lca` and runs against the installed liblca.so.
set -euo pipefail
src=$1 tmp=$2
rm -rf "$tmp" && mkdir -p "$tmp"
copy=$tmp/clone prefix=$tmp/prefix
mkdir "$copy"
cp -r "$src"/CMakeLists.txt "$src"/lca.pc.in "$src"/engine "$src"/models \
	"$src"/reports "$src"/datasets "$src"/examples "$copy"/
# -O0: this checks the install, not the code; the build stays short.
cmake -S "$copy" -B "$copy/build" -DBUILD_TESTING=OFF \
	-DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_FLAGS_DEBUG="-O0 -g0" >/dev/null
cmake --build "$copy/build" -j2 --target lca liblca_shared >/dev/null
cmake --install "$copy/build" --prefix "$prefix" >/dev/null
rm -rf "$copy" # the deleted clone

fail() { echo "FAIL: $*" >&2; exit 1; }
for f in bin/lca lib/liblca.a lib/liblca.so lib/pkgconfig/lca.pc \
	share/lca/datasets/accelerators.csv; do
	[ -e "$prefix/$f" ] || fail "$f not installed"
done
# every public header is installed
for h in "$src"/engine/include/lca/*.h; do
	[ -f "$prefix/include/lca/$(basename "$h")" ] ||
		fail "header $(basename "$h") not installed"
done

unset LCA_DATASETS
export LCA_CATALOG=$tmp/catalog.db LCA_DB=$tmp/ledger.db
out=$("$prefix/bin/lca" estimate --params 7e9 --gpu a100 --region FR --format json)
echo "$out" | grep -q '"total_kgco2e"' || fail "installed lca: $out"
"$prefix/bin/lca" catalog path | tee "$tmp/info.txt" | grep -qF "$prefix/share/lca/datasets" ||
	fail "installed lca does not use the installed datasets: $(cat "$tmp/info.txt")"

export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
# shellcheck disable=SC2046
cc -Wall -Wextra -Werror "$prefix/share/lca/examples/estimate.c" \
	$(pkg-config --cflags --libs lca) \
	-Wl,-rpath,"$(pkg-config --variable=libdir lca)" -o "$tmp/estimate"
readelf -d "$tmp/estimate" | grep -q 'liblca.so.0' || fail "example not linked to liblca.so.0"
rm -f "$LCA_CATALOG"
out=$("$tmp/estimate")
echo "$out"
echo "$out" | grep -Eq '^liblca 0\.[0-9]+\.[0-9]+: [0-9.]+ kgCO2e' || fail "example: $out"
echo "installed tree ok"
