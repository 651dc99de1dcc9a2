#!/usr/bin/env bash
# venv.sh SRC WORK: installs the package python/ into WORK/.venv with the
# README's install command, run from a copy of the tree's python/ (pip
# builds in place; the source tree stays clean).
set -eu
src=$1 work=$2
rm -rf "$work"
mkdir -p "$work"
cp -r "$src/python" "$work/python"
rm -rf "$work/python/build" "$work/python/"*.egg-info
cd "$work"
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1
/usr/bin/python3 -m venv --system-site-packages .venv && .venv/bin/pip install --no-build-isolation ./python
.venv/bin/python -c 'import lca; print("lca", lca.__version__, "over", lca.library_path)'
