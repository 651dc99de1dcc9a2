#!/usr/bin/env bash
# bench_python.sh [BUILD_DIR] [SECONDS]: lca.estimate per second from Python
# (in process) beside subprocess lca estimate and a pure-Python table
# lookup, on one core, with the package from python/ on the path and
# liblca.so of BUILD_DIR.
. "$(dirname "$0")/common.sh"
export LCA_LIBRARY=$BUILD/liblca.so.0 LCA_BIN=$LCA
export PYTHONPATH=$HERE/../../python${PYTHONPATH:+:$PYTHONPATH}
/usr/bin/python3 "$HERE/bench_python.py" --seconds "${2:-3}" --core 0
