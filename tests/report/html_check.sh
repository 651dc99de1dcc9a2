#!/usr/bin/env bash
# html_check.sh LCA DATASETS TMP [svg|chromium]: the HTML report's SVG is
# well-formed XML with its charts (svg), and headless Chromium renders the
# page with the charts drawn (chromium; exit 77, skipped, without chromium).
set -u
LCA=$1
DATASETS=$2
TMP=$3
MODE=${4:-chromium}
HERE=$(cd "$(dirname "$0")" && pwd)
rm -rf "$TMP" && mkdir -p "$TMP"
export LCA_CATALOG=$TMP/catalog.db LCA_DATASETS=$DATASETS
"$LCA" report --job "$DATASETS/jobs/bloom-176b.json" --format html \
	-o "$TMP/report.html" || { echo "lca report failed"; exit 1; }
"$LCA" report --compare "$DATASETS/jobs/bloom-176b.json" "$HERE/small.json" \
	--format html -o "$TMP/compare.html" || { echo "compare failed"; exit 1; }
python3 "$HERE/svg_check.py" "$TMP/report.html" chart-lifecycle chart-phases || exit 1
python3 "$HERE/svg_check.py" "$TMP/compare.html" chart-runs || exit 1
[ "$MODE" = svg ] && exit 0

CHROME=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROME" ]; then
	echo "SKIP: chromium not installed (apt-get install chromium, or tests/deps.sh --ci)"
	exit 77
fi
profile=$(mktemp -d)
(cd "$TMP" && timeout 120 "$CHROME" --headless --no-sandbox --disable-gpu \
	--disable-quic --no-first-run --disable-background-networking \
	--disable-component-update --disable-sync --user-data-dir="$profile" \
	--screenshot="$TMP/report.png" --window-size=1200,1600 \
	"file://$TMP/report.html") >"$TMP/chromium.log" 2>&1
rm -rf "$profile"
[ -s "$TMP/report.png" ] || { echo "no screenshot"; tail -5 "$TMP/chromium.log"; exit 1; }
python3 "$HERE/png_colors.py" "$TMP/report.png"
