#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench_serve.sh [BUILD_DIR]: requests/s and p99 of GET /api/v1/estimate
# (varying inputs, tests/serve/vary.lua) under wrk, 64 connections, for
# lca serve and for a Flask peer under gunicorn with 2 workers
# (serve_flask_peer.py: the same SQLite lookups), in the same run, on
# loopback.  Goal: lca serve >= 5x the peer, p99 < 50 ms.
# Needs wrk, python3-flask and gunicorn (tests/deps.sh --ci).
. "$(dirname "$0")/common.sh"
DUR=${BENCH_SECONDS:-10}
LUA=$HERE/../serve/vary.lua
command -v wrk >/dev/null || { echo "bench_serve: needs wrk"; exit 1; }
command -v gunicorn >/dev/null || { echo "bench_serve: needs gunicorn"; exit 1; }

wait_port() { # URL
	for _ in $(seq 100); do
		python3 -c "import urllib.request,sys; urllib.request.build_opener(urllib.request.ProxyHandler({})).open(sys.argv[1]+'/api/v1/estimate?gpu=t4&gpu_hours=1&region=FR', timeout=2)" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	echo "bench_serve: $1 did not answer"; exit 1
}
measure() { # NAME URL
	wrk -t2 -c64 -d5s -s "$LUA" "$2" >/dev/null # warm-up
	out=$(wrk -t2 -c64 -d"${DUR}s" --latency -s "$LUA" "$2")
	rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
	p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
	bad=$(echo "$out" | awk '/Non-2xx/ {print $5}')
	printf '%-28s %10s req/s   p99 %8s   non-2xx %s\n' "$1" "$rps" "$p99" "${bad:-0}"
	eval "rps_$3=$rps"
}

"$LCA" serve --listen 127.0.0.1:0 --db "$TMP/ledger.db" >"$TMP/serve.out" &
SERVE=$!
trap 'kill $SERVE $GUNI 2>/dev/null; rm -rf "$TMP"' EXIT
GUNI=
for _ in $(seq 100); do grep -q listening "$TMP/serve.out" && break; sleep 0.1; done
URL=$(sed -n 's|.*listening on \(http://[0-9.:]*\)/.*|\1|p' "$TMP/serve.out")
wait_port "$URL"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
(cd "$HERE" && exec gunicorn -w 2 -b "127.0.0.1:$PORT" --log-level warning \
	serve_flask_peer:app) &
GUNI=$!
wait_port "http://127.0.0.1:$PORT"

echo "GET /api/v1/estimate, varying inputs, wrk 2 threads 64 connections ${DUR} s, $(nproc) CPUs"
measure "lca serve ($(sed -n 's/.*(\([0-9]*\) threads.*/\1/p' "$TMP/serve.out") threads)" "$URL" lca
measure "Flask + gunicorn (2 workers)" "http://127.0.0.1:$PORT" flask
awk -v a="$rps_lca" -v b="$rps_flask" 'BEGIN { printf "lca serve / Flask: %.1fx (goal >= 5x)\n", a / b }'
