# slurm_fixture.sh: a one-node Slurm for the tests (sourced): munged,
# slurmctld and slurmd on this host under a temp dir (Debian slurm-wlm and
# munge; ProctrackType=proctrack/linuxproc, TaskPlugin=task/none), with 8
# GPUs as GRES over stand-in device nodes where mknod is allowed.
# slurm_start PROLOG EPILOG; trap slurm_stop.  Sets SLURM_CONF, SL (the dir),
# SLURM_GRES (1 when the GPUs are GRES).  Needs skip() (exit 77).
slurm_start() {
	local b
	for b in munged slurmctld slurmd sbatch srun scontrol squeue scancel; do
		command -v "$b" >/dev/null 2>&1 || [ -x "/usr/sbin/$b" ] ||
			skip "no $b (tests/deps.sh installs Debian slurm-wlm and munge)"
	done
	[ "$(id -u)" = 0 ] || skip "slurmd runs as root (run the tests as root)"
	SL=$(mktemp -d /tmp/lca-slurm.XXXXXX)
	chmod 755 "$SL"
	mkdir -p "$SL/munge" "$SL/sock" "$SL/state" "$SL/spool" "$SL/log" "$SL/dev" "$SL/out"
	chmod 700 "$SL/munge"
	chmod 755 "$SL/sock"
	chmod 777 "$SL/out"
	dd if=/dev/urandom of="$SL/munge/key" bs=1024 count=1 2>/dev/null
	chmod 600 "$SL/munge/key"
	/usr/sbin/munged -f -S "$SL/sock/munge" --key-file="$SL/munge/key" \
		--log-file="$SL/munge/log" --pid-file="$SL/munge/pid" \
		--seed-file="$SL/munge/seed" ||
		{ cat "$SL/munge/log"; skip "munged did not start"; }
	local host gres="" i
	host=$(hostname -s)
	SLURM_GRES=0
	for i in 0 1 2 3 4 5 6 7; do
		mknod "$SL/dev/nvidia$i" c 1 3 2>/dev/null || break
	done
	if [ -c "$SL/dev/nvidia7" ]; then
		SLURM_GRES=1
		gres=" Gres=gpu:8"
		echo "Name=gpu File=$SL/dev/nvidia[0-7]" >"$SL/gres.conf"
	fi
	cat >"$SL/slurm.conf" <<CONF
ClusterName=lcatest
SlurmctldHost=$host
SlurmctldPort=$((21000 + RANDOM % 8000))
SlurmdPort=$((29000 + RANDOM % 8000))
AuthType=auth/munge
AuthInfo=socket=$SL/sock/munge
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$SL/state
SlurmdSpoolDir=$SL/spool
SlurmctldPidFile=$SL/slurmctld.pid
SlurmdPidFile=$SL/slurmd.pid
SlurmctldLogFile=$SL/log/slurmctld.log
SlurmdLogFile=$SL/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
MpiDefault=none
ReturnToService=2
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SlurmdParameters=config_overrides
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
Prolog=$1
Epilog=$2
InactiveLimit=0
MinJobAge=600
KillWait=2
$([ "$SLURM_GRES" = 1 ] && echo GresTypes=gpu)
NodeName=$host CPUs=32 RealMemory=1000$gres State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
PartitionName=gpu Nodes=ALL MaxTime=INFINITE State=UP
CONF
	export SLURM_CONF=$SL/slurm.conf
	/usr/sbin/slurmctld -i -f "$SLURM_CONF" || { cat "$SL/log/slurmctld.log"; skip "slurmctld did not start"; }
	/usr/sbin/slurmd -f "$SLURM_CONF" || { cat "$SL/log/slurmd.log"; skip "slurmd did not start"; }
	for i in $(seq 1 60); do
		sinfo -h -o %t 2>/dev/null | grep -q idle && return 0
		sleep 0.5
	done
	tail -20 "$SL/log/slurmctld.log" "$SL/log/slurmd.log"
	skip "the Slurm node did not come up"
}
# slurm_wait SECONDS: until no job is left in the queue (epilogs done)
slurm_wait() {
	local i
	for i in $(seq 1 $(($1 * 2))); do
		[ -z "$(squeue -h -o %i 2>/dev/null)" ] && return 0
		sleep 0.5
	done
	squeue
	return 1
}
slurm_stop() {
	[ -n "${SL:-}" ] || return 0
	local f
	for f in slurmd slurmctld; do
		[ -f "$SL/$f.pid" ] && kill "$(cat "$SL/$f.pid")" 2>/dev/null
	done
	sleep 1
	for f in slurmd slurmctld; do
		[ -f "$SL/$f.pid" ] && kill -9 "$(cat "$SL/$f.pid")" 2>/dev/null
	done
	/usr/sbin/munged -s -S "$SL/sock/munge" >/dev/null 2>&1
	rm -rf "$SL"
}
