#!/usr/bin/env bash
# bench_ingest.sh [LCA] [ROWS]: ingest of an nvidia-smi log (8 GPUs, 1e6
# rows, about 77 MB) by lca, side by side with pandas read_csv + a numpy
# trapezoid per device on the same file.  Prints figures; asserts nothing.
set -eu
LCA=${1:-build/lca}
ROWS=${2:-1000000}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export LCA_DB=$TMP/ledger.db LCA_CATALOG=${LCA_CATALOG:-$TMP/catalog.db}
python3 - "$TMP/smi.csv" "$ROWS" <<'PY'
import sys, random
path, rows = sys.argv[1], int(sys.argv[2])
random.seed(1)
with open(path, "w") as f:
    f.write("timestamp, name, index, power.draw [W], utilization.gpu [%], memory.used [MiB]\n")
    t = 1705312800.0
    for i in range(rows // 8):
        sec = int(t); ms = int((t - sec) * 1000)
        h, m, s = (sec // 3600) % 24, (sec // 60) % 60, sec % 60
        stamp = "2024/01/15 %02d:%02d:%02d.%03d" % (h, m, s, ms)
        for g in range(8):
            f.write("%s, NVIDIA A100-SXM4-80GB, %d, %.2f W, %d %%, %d MiB\n" % (
                stamp, g, 250 + random.random() * 150, random.randint(0, 100), 40000 + g))
        t += 0.1
PY
size=$(stat -c %s "$TMP/smi.csv")
echo "file: $ROWS rows, 8 GPUs, $((size / 1000000)) MB"
"$LCA" catalog list gpus >/dev/null # build the catalog outside the timing
/usr/bin/time -f "%e %M" -o "$TMP/lca.time" "$LCA" ingest --grid 100 --pue 1 "$TMP/smi.csv" >"$TMP/lca.out"
read -r lca_s lca_kb <"$TMP/lca.time"
lca_kwh=$(sed -n 's/.*, \([0-9.e+-]*\) kWh measured.*/\1/p' "$TMP/lca.out")
echo "lca ingest: ${lca_s} s, max RSS ${lca_kb} KB, ${lca_kwh} kWh"
# flat memory: a file a tenth the size
head -n $((ROWS / 10 + 1)) "$TMP/smi.csv" >"$TMP/small.csv"
/usr/bin/time -f "%e %M" -o "$TMP/small.time" "$LCA" ingest --grid 100 --pue 1 "$TMP/small.csv" >/dev/null
read -r small_s small_kb <"$TMP/small.time"
echo "lca ingest, 1/10 of the file: ${small_s} s, max RSS ${small_kb} KB (memory flat when these match)"
# the first python with pandas: PATH's, else Debian's python3-pandas
PD=
for py in python3 /usr/bin/python3; do
	if "$py" -c 'import pandas, numpy' 2>/dev/null; then PD=$py; break; fi
done
if [ -n "$PD" ]; then
	/usr/bin/time -f "%e %M" -o "$TMP/pd.time" "$PD" - "$TMP/smi.csv" >"$TMP/pd.out" <<'PY'
import sys, pandas as pd, numpy as np
df = pd.read_csv(sys.argv[1], skipinitialspace=True)
t = pd.to_datetime(df["timestamp"], format="%Y/%m/%d %H:%M:%S.%f").astype("int64") / 1e9
p = df["power.draw [W]"].str.rstrip(" W").astype(float)
total = 0.0
for g, idx in df.groupby("index").groups.items():
    total += np.trapz(p[idx].to_numpy(), t[idx].to_numpy())
print(total / 3.6e6)
PY
	read -r pd_s pd_kb <"$TMP/pd.time"
	echo "pandas read_csv + numpy trapezoid: ${pd_s} s, max RSS ${pd_kb} KB, $(cat "$TMP/pd.out") kWh"
	python3 -c "import sys; a,b=float(sys.argv[1]),float(sys.argv[2]); print('speed-up: %.1fx (target >= 3x)' % (b / max(a, 1e-3)))" "$lca_s" "$pd_s"
else
	echo "pandas side skipped: python3 pandas/numpy not installed (apt-get install python3-pandas)"
fi
