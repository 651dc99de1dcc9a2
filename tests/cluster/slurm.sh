#!/usr/bin/env bash
# Slurm job accounting end to end, on a real one-node Slurm (munged,
# slurmctld, slurmd) with lca slurm prolog/epilog as its Prolog/Epilog and a
# real PostgreSQL 15 as the ledger, the GPUs a stub NVML (8 GPUs) and GRES:
# 21 sbatch jobs (failing ones, one cancelled while running, one srun -n 4
# of lca track, one of another user) are each recorded once with their job
# id, user, account, partition and exit state; a job's GPUs are its own;
# runs --group-by account totals equal the sum of the runs; a job on two
# nodes (lca slurm epilog by hand, two SLURMD_NODENAME) is one run with two
# node rows.  Exit 77 (skipped) only when a component cannot start.
# usage: slurm.sh LCA NVML_STUB TMP
. "$(dirname "$0")/../ledger/common.sh"
STUB=$2
HERE=$(cd "$(dirname "$0")" && pwd)
chmod 755 "$TMP"
skip() {
	echo "SKIP: $*"
	exit 77
}
. "$HERE/../ledger/pg_fixture.sh"
. "$HERE/slurm_fixture.sh"
trap 'slurm_stop; pg_stop' EXIT
pg_start
mkdb jobs || { echo "FAIL: createdb"; exit 1; }
DB=$(url jobs)

# the hooks' whole configuration: slurmd gives them no LCA_* variables
mkdir -p "$TMP/sysfs/sys/class/powercap/intel-rapl:0"
echo package-0 >"$TMP/sysfs/sys/class/powercap/intel-rapl:0/name"
echo 1000000 >"$TMP/sysfs/sys/class/powercap/intel-rapl:0/energy_uj"
cat >"$TMP/lca.conf" <<CONF
# lca's site configuration (the README's example)
db = $DB
catalog = $TMP/catalog.db
datasets = ${LCA_DATASETS:-}
nvml-lib = $STUB
sysfs-root = $TMP/sysfs
state-home = $TMP/state
log = $TMP/hooks.log
region = FR
pue = 1.2
CONF
env -u LCA_DB LCA_CONFIG="$TMP/lca.conf" "$LCA" catalog build >"$TMP/build.out" 2>&1 ||
	{ cat "$TMP/build.out"; echo "FAIL: catalog build"; exit 1; }
for h in prolog epilog; do
	printf '#!/bin/sh\nLCA_CONFIG=%s exec %s slurm %s\n' "$TMP/lca.conf" "$LCA" $h >"$TMP/$h"
	chmod 755 "$TMP/$h"
done
slurm_start "$TMP/prolog" "$TMP/epilog"
# jobs see lca's configuration through sbatch's environment
export LCA_CONFIG=$TMP/lca.conf
unset LCA_DB LCA_CATALOG LCA_NVML_LIB LCA_SYSFS_ROOT XDG_STATE_HOME
export PATH=$(dirname "$LCA"):$PATH
gres() { [ "$SLURM_GRES" = 1 ] && echo "--gres=gpu:$1"; }
sub() { sbatch --parsable -o "$SL/out/%j.out" "$@"; }

declare -A want_state want_acct
for i in $(seq 1 12); do
	a=acct$((i % 3))
	j=$(sub -A $a $([ $((i % 2)) = 0 ] && gres 1) --wrap "sleep 0.$i") || exit 1
	want_state[$j]=COMPLETED
	want_acct[$j]=$a
done
for i in 1 2 3 4 5; do
	j=$(sub -A bad -p gpu --wrap "sleep 0.2; exit $i") || exit 1
	want_state[$j]=FAILED
	want_acct[$j]=bad
done
# srun -n 4 lca track: four tasks on the node, one run for it
SRUN=$(sub -A mpi -n 4 $(gres 2) --wrap "srun -n 4 lca track --interval 0.1 --name ranks -- sh -c 'sleep 1'") || exit 1
want_state[$SRUN]=COMPLETED
want_acct[$SRUN]=mpi
# another user's job
OTHER=$(runuser -u nobody -- sbatch --parsable -o /dev/null --chdir=/tmp -A guest --wrap "sleep 0.3") || exit 1
want_state[$OTHER]=COMPLETED
want_acct[$OTHER]=guest
# cancelled while running
CANCEL=$(sub -A acct1 --wrap "sleep 120") || exit 1
want_state[$CANCEL]=CANCELLED
want_acct[$CANCEL]=acct1
for i in $(seq 1 60); do
	[ "$(squeue -h -j "$CANCEL" -o %t)" = R ] && break
	sleep 0.5
done
sleep 1
scancel "$CANCEL"
slurm_wait 150 || { echo "FAIL: jobs still queued"; tail -30 "$TMP/hooks.log"; fail=1; }
# a job cancelled while it ran may reach its epilog before the controller
# has its exit code, or with its shell's 143: the epilog's settling process
# records it a moment later
for i in $(seq 1 60); do
	"$LCA" runs --format json --db "$DB" >"$TMP/runs.json"
	python3 -c 'import json,sys; sys.exit(0 if [r["exit_state"] for r in json.load(open(sys.argv[1]))["runs"] if r["job_id"] == sys.argv[2]] == ["CANCELLED"] else 1)' "$TMP/runs.json" "$CANCEL" && break
	sleep 0.5
done
n=${#want_state[@]}
ok test "$n" -ge 20

"$LCA" runs --format json --db "$DB" >"$TMP/runs.json"
for j in "${!want_state[@]}"; do echo "$j ${want_state[$j]} ${want_acct[$j]}"; done >"$TMP/want.txt"
ok python3 - "$TMP/runs.json" "$TMP/want.txt" "$SRUN" "$OTHER" "$SLURM_GRES" "$LCA" "$DB" <<'PY'
import json, subprocess, sys
runs = json.load(open(sys.argv[1]))["runs"]
def show(r):
    return json.loads(subprocess.run([sys.argv[6], "runs", "show", str(r["id"]), "--format", "json", "--db", sys.argv[7]], check=True, capture_output=True).stdout)
want = {l.split()[0]: l.split()[1:] for l in open(sys.argv[2])}
srun, other, gres = sys.argv[3], sys.argv[4], sys.argv[5] == "1"
ep = [r for r in runs if r["source"] == "slurm-epilog"]
ids = [r["job_id"] for r in ep]
assert sorted(ids) == sorted(want), ("each job once", sorted(ids), sorted(want))
for r in ep:
    state, acct = want[r["job_id"]]
    assert r["exit_state"] in state.split("|"), (r["job_id"], r["exit_state"], state)
    assert r["account"] == acct, (r["job_id"], r["account"], acct)
    assert r["user"] == ("nobody" if r["job_id"] == other else "root"), r
    assert r["partition"] in ("debug", "gpu"), r
    assert len(r["nodes"]) == 1, r["nodes"]
    # the stub's GPU i draws 100 + 10 i W: each GPU's energy over the job
    # (prolog to epilog) is its power x that time; only the job's GPUs
    dt = r["nodes"][0]["duration_s"]
    devs = show(r)["devices"]
    gpus = [d for d in devs if d["kind"] == "gpu"]
    if gres and r["nodes"][0]["gpus"]:
        want_ids = sorted(int(x) for x in r["nodes"][0]["gpus"].split(","))
        got_ids = sorted(int(d["device"].rsplit("gpu", 1)[1]) for d in gpus)
        assert got_ids == want_ids, (r["job_id"], got_ids, want_ids)
    elif not gres:
        assert len(gpus) == 8, gpus
    for d in gpus:
        i = int(d["device"].rsplit("gpu", 1)[1])
        w = 100 + 10 * i
        # the counters and the node's clock are read a moment apart in
        # the prolog and again in the epilog: allow 0.25 s of that at w
        assert abs(d["energy_j"] - w * dt) <= 0.02 * w * dt + 0.25 * w, (r["job_id"], d, w * dt)
    assert abs(sum(d["energy_j"] for d in devs) / 3.6e6 - r["energy_kwh"]) < 1e-9
    assert r["pue"] == 1.2, r["pue"]
if gres:
    assert any(r["nodes"][0]["gpus"] for r in ep), "no job had GRES GPUs"
tr = [r for r in runs if r["source"] == "track"]
assert len(tr) == 1, ("srun -n 4: one run for the node", tr)
assert tr[0]["job_id"] == srun and tr[0]["account"] == "mpi", tr[0]
assert tr[0]["exit_status"] == 0, tr[0]
PY
# runs --group-by account: totals equal the sum of the runs
"$LCA" runs --format json --group-by account --db "$DB" >"$TMP/g.json"
ok test $? = 0
ok python3 "$HERE/../ledger/group_totals.py" "$TMP/runs.json" "$TMP/g.json" account
# the hooks never failed a job: no node drained, nothing spooled
ok test -z "$(sinfo -h -R)"
ok test ! -d "$TMP/state/lca/spool" -o -z "$(ls -A "$TMP/state/lca/spool" 2>/dev/null)"

# a job on two nodes, by hand: prologs and epilogs of nodes a and b (at
# once): one run, two node rows, the run's figures the nodes' sums
hook() {
	env -i PATH=/usr/bin:/bin LCA_CONFIG="$TMP/lca.conf" SLURM_JOB_ID=990001 \
		SLURM_JOB_USER=alice SLURM_JOB_ACCOUNT=two SLURM_JOB_PARTITION=gpu \
		SLURM_CLUSTER_NAME=lcatest SLURM_JOB_GPUS=$2 SLURMD_NODENAME=$1 \
		SLURM_JOB_EXIT_CODE2=0:0 "$LCA" slurm "$3"
}
ok hook nodea 0,1 prolog
ok hook nodeb 6 prolog
sleep 0.5
hook nodea 0,1 epilog &
p1=$!
hook nodeb 6 epilog &
p2=$!
wait $p1
ok test $? = 0
wait $p2
ok test $? = 0
"$LCA" runs --format json --db "$DB" >"$TMP/runs2.json"
ok python3 - "$TMP/runs2.json" "$LCA" "$DB" <<'PY'
import json, subprocess, sys
runs = [r for r in json.load(open(sys.argv[1]))["runs"] if r.get("job_id") == "990001"]
assert len(runs) == 1, runs
r = runs[0]
assert sorted(n["node"] for n in r["nodes"]) == ["nodea", "nodeb"], r["nodes"]
assert r["user"] == "alice" and r["account"] == "two" and r["exit_state"] == "COMPLETED", r
for k in ("energy_kwh", "total_kgco2e"):
    s = sum(n[k] for n in r["nodes"])
    assert abs(s - r[k]) <= 1e-9 * max(1, abs(s)), (k, s, r[k])
devs = json.loads(subprocess.run([sys.argv[2], "runs", "show", str(r["id"]), "--format", "json", "--db", sys.argv[3]], check=True, capture_output=True).stdout)["devices"]
assert sorted(d["device"] for d in devs if d["kind"] == "gpu") == ["nodea:gpu0", "nodea:gpu1", "nodeb:gpu6"], r["devices"]
PY
# a hook with a broken configuration logs it and exits 0
echo "nonsense line" >"$TMP/bad.conf"
env -i LCA_CONFIG="$TMP/bad.conf" LCA_LOG="$TMP/bad.log" SLURM_JOB_ID=5 "$LCA" slurm epilog
ok test $? = 0
ok grep -q "not a 'key = value' line" "$TMP/bad.log"
if [ $fail != 0 ]; then
	echo "--- hooks.log"; tail -40 "$TMP/hooks.log"
	exit 1
fi
echo ok
