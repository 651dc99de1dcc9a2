#!/usr/bin/env bash
# The site configuration file, the stub NVML and the job's GPU selection,
# and lca slurm prolog/epilog run by hand into SQLite: job fields, exit
# states (a stand-in scontrol), a job on two nodes, a hook that cannot
# record never fails (exit 0), a spooled epilog flushed later.
# usage: hooks.sh LCA NVML_STUB TMP
. "$(dirname "$0")/../ledger/common.sh"
STUB=$2
mkdir -p "$TMP/bin"
# expect CODE CMD...: CMD exits CODE (its stderr in $TMP/err)
expect() {
	local want=$1 rc
	shift
	"$@" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	if [ "$rc" != "$want" ]; then
		echo "FAIL (exit $rc, not $want): $*"
		cat "$TMP/err"
		fail=1
	fi
}
jq_() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($1)" "$2"; }
unset LCA_DB LCA_CONFIG LCA_NVML_LIB LCA_SYSFS_ROOT LCA_REGION LCA_PUE
export XDG_STATE_HOME=$TMP/state HOME=$TMP
export LCA_SYSFS_ROOT=$TMP/nosys # no real RAPL: the CPU-time model
"$LCA" catalog build >/dev/null || exit 1
{
	echo "timestamp,device,power_w"
	for t in 0 1 2 3; do echo "$t,dev0,100"; done
} >"$TMP/log.csv"

# --- the configuration file
expect 1 env LCA_CONFIG="$TMP/missing.conf" "$LCA" runs
ok grep -q "^lca: cannot read configuration: .* '$TMP/missing.conf'\|missing.conf" "$TMP/err"
printf 'db = %s\nbogus line\n' "$TMP/c.db" >"$TMP/bad.conf"
expect 2 env LCA_CONFIG="$TMP/bad.conf" "$LCA" runs
ok grep -q "not a 'key = value' line 'bogus line' ($TMP/bad.conf: line 2)" "$TMP/err"
printf 'colour = blue\n' >"$TMP/bad2.conf"
expect 2 env LCA_CONFIG="$TMP/bad2.conf" "$LCA" runs
ok grep -q "unknown key 'colour' ($TMP/bad2.conf: line 1)" "$TMP/err"
cat >"$TMP/lca.conf" <<CONF
# the site's defaults
db = $TMP/conf.db   # the ledger
region = FR
pue = 1.3
CONF
export LCA_CONFIG=$TMP/lca.conf
expect 0 "$LCA" ingest "$TMP/log.csv"
expect 0 "$LCA" runs --format json
cp "$TMP/out" "$TMP/r1.json"
ok test "$(jq_ 'len(d["runs"]), d["runs"][0]["pue"]' "$TMP/r1.json")" = "1 1.3"
ok test -f "$TMP/conf.db"
# the environment wins over the file, a flag over both
expect 0 env LCA_DB="$TMP/env.db" LCA_PUE=1.4 "$LCA" ingest "$TMP/log.csv"
expect 0 env LCA_DB="$TMP/env.db" "$LCA" runs --format json
ok test "$(jq_ 'd["runs"][0]["pue"]' "$TMP/out")" = 1.4
expect 0 "$LCA" ingest --db "$TMP/flag.db" --pue 1.5 "$TMP/log.csv"
expect 0 "$LCA" runs --db "$TMP/flag.db" --format json
ok test "$(jq_ 'd["runs"][0]["pue"]' "$TMP/out")" = 1.5
printf 'pue = lots\n' >"$TMP/badpue.conf"
expect 2 env LCA_CONFIG="$TMP/badpue.conf" "$LCA" ingest --db "$TMP/x.db" "$TMP/log.csv"
ok grep -q "badpue.conf: pue" "$TMP/err"
unset LCA_CONFIG

# --- the stub NVML: 8 GPUs; the command's GPUs only
export LCA_NVML_LIB=$STUB LCA_DB=$TMP/gpu.db
expect 0 "$LCA" sensors
ok test "$(grep -c '^nvml .*found .*lca stub' "$TMP/out")" = 8
gpus_of_last() {
	local id
	"$LCA" runs --format json >"$TMP/l.json"
	id=$(jq_ 'max(r["id"] for r in d["runs"])' "$TMP/l.json")
	"$LCA" runs show "$id" --format json >"$TMP/s.json"
	jq_ '",".join(x["device"] for x in d["devices"] if x["kind"] == "gpu")' "$TMP/s.json"
}
expect 0 env CUDA_VISIBLE_DEVICES=2,5 "$LCA" track --grid 100 --interval 0.1 -- sleep 0.3
ok test "$(gpus_of_last)" = gpu2,gpu5
expect 0 env CUDA_VISIBLE_DEVICES=2,5 SLURM_JOB_GPUS=1 "$LCA" track --grid 100 --interval 0.1 -- sleep 0.3
ok test "$(gpus_of_last)" = gpu1
expect 0 env SLURM_STEP_GPUS=7 SLURM_JOB_GPUS=1,7 "$LCA" track --grid 100 --interval 0.1 -- sleep 0.3
ok test "$(gpus_of_last)" = gpu7
# energy: the stub's GPU 7 draws 170 W
ok python3 -c 'import json,sys
s = json.load(open(sys.argv[1])); g = [x for x in s["devices"] if x["kind"] == "gpu"][0]
dur = s["duration_s"]
assert 170 * dur * 0.8 < g["energy_j"] <= 170 * dur * 1.01 + 1, (g, dur)' "$TMP/s.json"

# --- lca slurm prolog/epilog by hand (a stand-in scontrol)
ln -s "$(command -v timeout)" "$TMP/bin/timeout"
# scontrol_says JOB ACCOUNT STATE REASON CODE: what `scontrol show job -o
# JOB` prints from now on (nothing for a job not said: unknown)
printf '#!/bin/sh\n[ -f "%s/job.$4" ] && cat "%s/job.$4"\nexit 0\n' "$TMP/bin" "$TMP/bin" >"$TMP/bin/scontrol"
chmod 755 "$TMP/bin/scontrol"
scontrol_says() {
	echo "JobId=$1 JobName=x UserId=bob(1) Account=$2 JobState=$3 Reason=$4 ExitCode=$5 RunTime=0" >"$TMP/bin/job.$1"
}
export LCA_DB=$TMP/jobs.db LCA_LOG=$TMP/hooks.log
hook() { # JOB NODE GPUS HOOK [VAR=VALUE...]
	local job=$1 node=$2 gpus=$3 h=$4
	shift 4
	env PATH="$TMP/bin:/usr/bin:/bin" SLURM_JOB_ID=$job SLURM_JOB_USER=bob \
		SLURM_JOB_ACCOUNT=phys SLURM_JOB_PARTITION=gpu SLURM_JOB_GPUS=$gpus \
		SLURMD_NODENAME=$node "$@" "$LCA" slurm $h --region FR
}
job_json() { # JOB: the run of that job in `lca runs --format json`
	"$LCA" runs --format json >"$TMP/j.json"
	python3 -c 'import json,sys; r=[r for r in json.load(open(sys.argv[1]))["runs"] if r.get("job_id") == sys.argv[2]]; print(json.dumps(r[0]) if len(r) == 1 else "%d runs" % len(r))' "$TMP/j.json" "$1"
}
field() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$(job_json "$1")" "$2"; }
scontrol_says 11 phys COMPLETING None 0:0
expect 0 hook 11 n1 0,1 prolog
sleep 0.3
expect 0 hook 11 n1 0,1 epilog SLURM_JOB_EXIT_CODE2=0:0
ok test "$(field 11 exit_state)" = COMPLETED
ok test "$(field 11 user)" = bob
ok test "$(field 11 account)" = phys
ok test "$(field 11 partition)" = gpu
ok test ! -e "$XDG_STATE_HOME/lca/slurm/11@n1.snap"
# the controller said COMPLETING 0:0 (completed, or cancelled before its
# exit code came): a process of the epilog's asks again until the state is
# final and records it when it is not COMPLETED
scontrol_says 11 phys COMPLETED None 0:0
# settles_cancelled JOB CODE FIRST: the epilog of a job the controller shows
# as COMPLETING with exit code CODE records FIRST; once the controller says
# CANCELLED, the epilog's settling process records that
settles_cancelled() {
	scontrol_says "$1" phys COMPLETING None "$2"
	expect 0 hook "$1" n1 "" prolog
	expect 0 hook "$1" n1 "" epilog SLURM_JOB_EXIT_CODE2=0:0
	ok test "$(field "$1" exit_state)" = "$3"
	scontrol_says "$1" phys CANCELLED None 0:15
	for i in $(seq 1 40); do
		[ "$(field "$1" exit_state)" = CANCELLED ] && break
		sleep 0.25
	done
	ok test "$(field "$1" exit_state)" = CANCELLED
	ok grep -q "job $1: settled as CANCELLED" "$LCA_LOG"
}
settles_cancelled 12 0:0 COMPLETED
# COMPLETING with the batch shell's 143 (128 + SIGTERM) reads as FAILED
# until the controller says the job was cancelled
settles_cancelled 13 143:0 FAILED
# exit states: the controller's view wins over the environment's
j=0
for c in "FAILED None 3:0 0:0 FAILED" "COMPLETING NonZeroExitCode 3:0 0:0 FAILED" \
	"COMPLETING None 0:15 0:0 CANCELLED" "COMPLETING None 0:9 0:0 CANCELLED" \
	"COMPLETING None 0:11 0:0 FAILED" "COMPLETING TimeLimit 0:15 0:0 TIMEOUT" \
	"TIMEOUT TimeLimit 0:1 0:0 TIMEOUT" "COMPLETING None 0:0 2:0 COMPLETED"; do
	set -- $c
	j=$((j + 1))
	scontrol_says 2$j phys "$1" "$2" "$3"
	expect 0 hook 2$j n1 "" prolog
	expect 0 hook 2$j n1 "" epilog SLURM_JOB_EXIT_CODE2=$4
	ok test "$(field 2$j exit_state)" = "$5"
done
# the controller does not know the job: the environment's exit code
expect 0 hook 31 n1 "" prolog
expect 0 hook 31 n1 "" epilog SLURM_JOB_EXIT_CODE2=2:0
ok test "$(field 31 exit_state)" = FAILED
# the account from scontrol when the environment has none
scontrol_says 32 chem COMPLETING None 0:0
expect 0 hook 32 n1 "" prolog
expect 0 hook 32 n1 "" epilog SLURM_JOB_ACCOUNT=
ok test "$(field 32 account)" = chem
scontrol_says 32 chem COMPLETED None 0:0
# a job on two nodes: one run, a row per node, the figures their sums; an
# epilog of a node again (from a prolog again) replaces its node's row
expect 0 hook 41 na 0 prolog
expect 0 hook 41 nb 1,2 prolog
sleep 0.3
expect 0 hook 41 na 0 epilog
expect 0 hook 41 nb 1,2 epilog
expect 0 hook 41 nb 1,2 prolog
expect 0 hook 41 nb 1,2 epilog
ok python3 -c 'import json,sys
r = json.loads(sys.argv[1])
assert [n["node"] for n in r["nodes"]] == ["na", "nb"], r["nodes"]
assert [n["gpus"] for n in r["nodes"]] == ["0", "1,2"], r["nodes"]
for k in ("energy_kwh", "facility_energy_kwh", "operational_kgco2e", "total_kgco2e"):
    assert abs(sum(n[k] for n in r["nodes"]) - r[k]) <= 1e-12 + 1e-9 * abs(r[k]), k
assert r["devices"] == 3, r["devices"]' "$(job_json 41)"
# CPU energy: the node's RAPL counter's rise x the job's share of the
# node's CPUs (SLURM_JOB_CPUS_PER_NODE / CPUs online, at most 1)
R=$TMP/rapl/sys/class/powercap/intel-rapl:0
mkdir -p "$R"
echo package-0 >"$R/name"
echo 1000000000 >"$R/energy_uj"
echo 262143328850 >"$R/max_energy_range_uj"
expect 0 hook 45 n1 "" prolog LCA_SYSFS_ROOT=$TMP/rapl LCA_NVML_LIB=none SLURM_JOB_CPUS_PER_NODE=1
echo 1360000000 >"$R/energy_uj" # +360 J
expect 0 hook 45 n1 "" epilog LCA_SYSFS_ROOT=$TMP/rapl LCA_NVML_LIB=none SLURM_JOB_CPUS_PER_NODE=1
ok python3 -c 'import json,os,sys
r = json.loads(sys.argv[1]); share = min(1.0, 1.0 / os.sysconf("SC_NPROCESSORS_ONLN"))
assert abs(r["energy_kwh"] * 3.6e6 - 360 * share) < 1e-6, (r["energy_kwh"] * 3.6e6, share)' "$(job_json 45)"
# no prolog snapshot: recorded, energy not measured, said in the log
expect 0 hook 51 n1 "" epilog
ok test "$(field 51 energy_kwh)" = 0
ok grep -q "job 51: no prolog snapshot" "$LCA_LOG"
# never fails the job: no job id, a state folder it cannot write, a
# ledger it cannot open (the run spooled, flushed later)
expect 0 env -u SLURM_JOB_ID "$LCA" slurm prolog
ok grep -q "SLURM_JOB_ID" "$LCA_LOG"
expect 0 env XDG_STATE_HOME=/proc/nonexistent SLURM_JOB_ID=61 "$LCA" slurm prolog
expect 0 hook 62 n1 "" prolog
expect 0 hook 62 n1 "" epilog LCA_DB=/proc/nope/jobs.db
ok grep -q "job 62: spooled to" "$LCA_LOG"
ok test "$(job_json 62)" = "0 runs"
expect 0 "$LCA" ledger flush
ok test "$(field 62 job_id)" = 62
expect 2 "$LCA" slurm
expect 2 "$LCA" slurm nonsense
if [ $fail != 0 ]; then
	echo "--- hooks.log"
	tail -30 "$LCA_LOG"
	exit 1
fi
echo ok
