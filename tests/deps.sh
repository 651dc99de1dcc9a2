#!/usr/bin/env bash
# deps.sh: installs what lca needs to build and test on Debian (as root, or with sudo).
set -eu
pkgs="build-essential cmake pkg-config libsqlite3-dev libcsv-dev libcjson-dev libgsl-dev libpq-dev python3 python3-venv python3-pip python3-setuptools python3-pytest"
# PostgreSQL ledger: libpq5 at run time (dlopen), a server for the tests
pkgs="$pkgs libpq5 postgresql"
# Slurm hooks: a one-node Slurm for the tests (munged, slurmctld, slurmd,
# sbatch/srun/scancel/scontrol); runuser (util-linux) submits as another user
pkgs="$pkgs slurm-wlm munge util-linux"
[ "${1:-}" = "--ci" ] && pkgs="$pkgs clang libclang-rt-14-dev clang-format chromium"
# lca serve: libmicrohttpd-dev; wrk for its load test and benchmark; in CI
# also nodejs (with npm) for its browser test (puppeteer-core from npm) and
# python3-flask, gunicorn for the benchmark's peer
pkgs="$pkgs libmicrohttpd-dev wrk"
[ "${1:-}" = "--ci" ] && pkgs="$pkgs nodejs python3-flask gunicorn"
missing=
for p in $pkgs; do
	dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
sudo=
[ "$(id -u)" = 0 ] || sudo=sudo
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
