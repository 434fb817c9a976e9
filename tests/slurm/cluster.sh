#!/bin/sh
# A single-node Slurm cluster of its own for the tests: munged, slurmctld
# and slurmd with private configs, sockets, state and logs in DIR, on
# loopback only.  The machine's own services and files are not touched.
#
#   tests/slurm/cluster.sh start DIR   prints SLURM_CONF=...; exit 1 with the
#                                      reason when the daemons cannot start
#   tests/slurm/cluster.sh stop DIR    stops them, by their pid files
#
# XPOOL_SLURM_PORT (default 16817) is slurmctld's port, slurmd's the next
# one: a second cluster (the benchmark's) beside the tests' takes others.
set -eu

cmd=$1 S=$2

stop() {
	for p in "$S/slurmd.pid" "$S/slurmctld.pid" "$S/munge/munged.pid"; do
		[ -s "$p" ] && kill "$(cat "$p")" 2>/dev/null || true
	done
	# Until they are gone, a few seconds at most.
	for p in "$S/slurmd.pid" "$S/slurmctld.pid" "$S/munge/munged.pid"; do
		i=0
		while [ -s "$p" ] && kill -0 "$(cat "$p")" 2>/dev/null &&
		    [ $i -lt 50 ]; do
			sleep 0.1
			i=$((i + 1))
		done
		[ -s "$p" ] && kill -KILL "$(cat "$p")" 2>/dev/null || true
	done
}

fail() {
	echo "slurm cluster: $*" >&2
	stop
	exit 1
}

case $cmd in
stop)
	stop
	exit 0
	;;
start) ;;
*)
	echo "usage: $0 start|stop DIR" >&2
	exit 2
	;;
esac

for p in munged slurmctld slurmd srun salloc sinfo; do
	command -v $p >/dev/null 2>&1 || fail "$p is not installed"
done
[ "$(id -u)" -eq 0 ] || fail "the daemons run as root here, and this is not root"

mkdir -p "$S/munge" "$S/state" "$S/spool"
# munged wants every directory of its socket's path searchable by all.
chmod 755 "$S" "$S/munge"
dd if=/dev/urandom of="$S/munge/munge.key" bs=1 count=1024 status=none
chmod 400 "$S/munge/munge.key"
munged --socket="$S/munge/munge.sock" --key-file="$S/munge/munge.key" \
    --log-file="$S/munge/munged.log" --pid-file="$S/munge/munged.pid" \
    --seed-file="$S/munge/munged.seed" ||
	fail "munged did not start: $(tail -n 3 "$S/munge/munged.log" 2>/dev/null)"

host=$(hostname -s)
port=${XPOOL_SLURM_PORT:-16817}
cat >"$S/slurm.conf" <<CONF
ClusterName=xptest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
CommunicationParameters=NoCtldInAddrAny,NoInAddrAny
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$S/munge/munge.sock
CredType=cred/munge
StateSaveLocation=$S/state
SlurmdSpoolDir=$S/spool
SlurmctldPidFile=$S/slurmctld.pid
SlurmdPidFile=$S/slurmd.pid
SlurmctldLogFile=$S/slurmctld.log
SlurmdLogFile=$S/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
SwitchType=switch/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MailProg=/bin/true
ReturnToService=2
NodeName=$host NodeAddr=127.0.0.1 CPUs=2 Sockets=1 CoresPerSocket=2 ThreadsPerCore=1 RealMemory=1000 State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$S/slurm.conf"
slurmctld -f "$SLURM_CONF" || fail "slurmctld did not start: $(tail -n 3 "$S/slurmctld.log" 2>/dev/null)"
slurmd -f "$SLURM_CONF" || fail "slurmd did not start: $(tail -n 3 "$S/slurmd.log" 2>/dev/null)"
# Until the node is idle: 30 s at most.
i=0
until sinfo -h -o %t 2>/dev/null | grep -qx idle; do
	i=$((i + 1))
	[ $i -lt 300 ] || fail "the node did not come up: $(sinfo -h 2>&1 | head -n 1); $(tail -n 3 "$S/slurmd.log")"
	sleep 0.1
done
echo "SLURM_CONF=$SLURM_CONF"
