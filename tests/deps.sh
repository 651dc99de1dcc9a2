#!/usr/bin/env bash
# deps.sh: installs what lca needs to build and test on Debian (as root, or with sudo).
set -eu
# libmicrohttpd-dev: lca serve; wrk: its load test and benchmark
pkgs="build-essential cmake pkg-config libsqlite3-dev libcsv-dev libcjson-dev libgsl-dev python3 libmicrohttpd-dev wrk"
# chromium, nodejs (with npm): lca serve's browser test (puppeteer-core from npm);
# python3-flask, gunicorn: the peer in tests/bench/bench_serve.sh
[ "${1:-}" = "--ci" ] && pkgs="$pkgs clang libclang-rt-14-dev clang-format chromium nodejs python3-flask gunicorn"
missing=
for p in $pkgs; do
	dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
sudo=
[ "$(id -u)" = 0 ] || sudo=sudo
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
