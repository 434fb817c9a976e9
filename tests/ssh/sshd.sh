#!/bin/sh
# Private ssh "hosts" for the tests, on loopback: host hN is an sshd of its
# own on 127.0.0.(N+1), in a mount namespace of its own in which /root (the
# login's home) is DIR/home_hN, empty.  Keys, configs, logs and pid files
# are all in DIR; the machine's own sshd, /etc/ssh, /root and port 22 are
# never touched.
#
#   tests/ssh/sshd.sh start DIR HOST...  HOST is h1 ... h7; prints
#                                        XPOOL_TEST_SSH=ssh -F DIR/ssh_config
#                                        once every host takes logins; exit 1
#                                        with the reason (and nothing left
#                                        running) when they cannot start
#   tests/ssh/sshd.sh stop DIR           kills every host, waits until gone
#   tests/ssh/sshd.sh kill DIR HOST      the host dies: SIGKILL to every
#                                        process in its namespace (listener,
#                                        sessions, the jobs they run)
#   tests/ssh/sshd.sh procs DIR HOST     "PID COMMAND" of each process in the
#                                        host's namespace but its listener
#
# DIR/ssh_config also has a host "down": 127.0.0.9 on the same port, where
# nothing listens (connection refused).  The port is XPOOL_TEST_SSH_PORT or
# 22322, or the next free one above it.
set -eu

usage() {
	echo "usage: $0 start DIR HOST... | stop DIR | kill DIR HOST | procs DIR HOST" >&2
	exit 2
}

[ $# -ge 2 ] || usage
cmd=$1 D=$2
shift 2

# The mount namespace (its inode number) of a pid, empty when it is gone.
ns_of() {
	ps -o mntns= -p "$1" 2>/dev/null | tr -d ' ' || true
}

# Whether pid $1 runs (a zombie does not).
alive() {
	case $(ps -o stat= -p "$1" 2>/dev/null) in
	'' | Z*) return 1 ;;
	esac
}

# "PID COMMAND" of every live process in host $1's namespace.  Nothing when
# the namespace was never recorded or is this script's own (a guard: the
# machine's processes are never a host's).
in_ns() {
	[ -s "$D/$1.ns" ] || return 0
	ns=$(cat "$D/$1.ns")
	[ -n "$ns" ] && [ "$ns" != "$(ns_of $$)" ] || return 0
	ps -e -o pid= -o mntns= -o stat= -o args= |
		awk -v ns="$ns" '$2 == ns && $3 !~ /^Z/ {
			pid = $1; $1 = $2 = $3 = ""; sub(/^ +/, ""); print pid, $0 }'
}

# Host $1 dies: SIGKILL to its namespace's processes until none is left
# (sessions may fork meanwhile); then its listener is reaped or a zombie.
kill_host() {
	i=0
	while :; do
		pids=$(in_ns "$1" | cut -d' ' -f1)
		if [ -z "$pids" ]; then
			break
		fi
		# shellcheck disable=SC2086 # a list of pids
		kill -KILL $pids 2>/dev/null || true
		i=$((i + 1))
		[ $i -lt 100 ] || {
			echo "sshd.sh: $1: processes survive SIGKILL: $pids" >&2
			return 1
		}
		sleep 0.05
	done
	# A listener that died before its namespace was recorded.
	if [ -s "$D/$1.pid" ] && [ ! -s "$D/$1.ns" ]; then
		kill -KILL "$(cat "$D/$1.pid")" 2>/dev/null || true
	fi
	return 0
}

stop_all() {
	for p in "$D"/h*.pid; do
		[ -e "$p" ] || continue
		h=${p##*/}
		kill_host "${h%.pid}" || true
	done
}

fail() {
	echo "ssh hosts: $*" >&2
	stop_all
	exit 1
}

# The host's address: hN is 127.0.0.(N+1), N from 1 to 7 (127.0.0.9 is
# "down").
addr_of() {
	case $1 in
	h[1-7]) echo "127.0.0.$((${1#h} + 1))" ;;
	*) return 1 ;;
	esac
}

case $cmd in
stop)
	stop_all
	exit 0
	;;
kill)
	[ $# -eq 1 ] || usage
	kill_host "$1"
	exit
	;;
procs)
	[ $# -eq 1 ] || usage
	[ -s "$D/$1.pid" ] || {
		echo "sshd.sh: no host $1 in $D" >&2
		exit 1
	}
	listener=$(cat "$D/$1.pid")
	in_ns "$1" | awk -v l="$listener" '$1 != l'
	exit 0
	;;
start) [ $# -ge 1 ] || usage ;;
*) usage ;;
esac

for h in "$@"; do
	addr_of "$h" >/dev/null || {
		echo "sshd.sh: host '$h': hosts are h1 to h7" >&2
		exit 2
	}
done
[ "$(id -u)" -eq 0 ] || fail "each host's sshd logs in as root here, and this is not root"
[ -x /usr/sbin/sshd ] || fail "/usr/sbin/sshd is not installed (openssh-server)"
for p in ssh ssh-keygen unshare mount ps; do
	command -v $p >/dev/null 2>&1 || fail "$p is not installed"
done
unshare --mount --propagation private true 2>/dev/null ||
	fail "unshare --mount is refused here: $(unshare --mount --propagation private true 2>&1)"
[ -d "$D" ] || fail "$D is not a directory"

install -d -m 0755 /run/sshd || fail "cannot create /run/sshd"
ssh-keygen -q -t ed25519 -N '' -C xpool-test-host -f "$D/hostkey" </dev/null ||
	fail "ssh-keygen could not make the host key"
ssh-keygen -q -t ed25519 -N '' -C xpool-test-client -f "$D/clientkey" </dev/null ||
	fail "ssh-keygen could not make the client key"
cp "$D/clientkey.pub" "$D/authorized_keys"
chmod 600 "$D/authorized_keys"

# launch PORT HOST...: the configs for every host on PORT, and the hosts
# started.
launch() {
	port=$1
	shift
	: >"$D/known_hosts"
	names=
	for h in "$@"; do
		names="$names $h"
	done
	{
		echo "Host$names down"
		echo "  User root"
		echo "  Port $port"
		echo "  IdentityFile $D/clientkey"
		echo "  IdentitiesOnly yes"
		echo "  UserKnownHostsFile $D/known_hosts"
		echo "  GlobalKnownHostsFile /dev/null"
		echo "  StrictHostKeyChecking accept-new"
		echo "  BatchMode yes"
		echo "  ConnectTimeout 5"
		echo "  LogLevel ERROR"
		for h in "$@"; do
			echo "Host $h"
			echo "  HostName $(addr_of "$h")"
		done
		echo "Host down"
		echo "  HostName 127.0.0.9"
	} >"$D/ssh_config"

	for h in "$@"; do
		a=$(addr_of "$h")
		echo "[$a]:$port $(cut -d' ' -f1,2 "$D/hostkey.pub")" >>"$D/known_hosts"
		install -d -m 0700 "$D/home_$h"
		cat >"$D/sshd_$h.conf" <<EOF
Port $port
ListenAddress $a
HostKey $D/hostkey
PidFile none
AuthorizedKeysFile $D/authorized_keys
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
PermitRootLogin prohibit-password
UsePAM no
StrictModes no
MaxStartups 100:30:200
# sshd's default: xpool must open a connection for every 10 slots.
MaxSessions 10
X11Forwarding no
PrintMotd no
PrintLastLog no
Subsystem sftp internal-sftp
LogLevel VERBOSE
EOF
		/usr/sbin/sshd -t -f "$D/sshd_$h.conf" 2>"$D/sshd_$h.log" ||
			fail "$h: sshd refuses its config: $(tail -n 3 "$D/sshd_$h.log")"
		# unshare execs sh, which execs sshd: $! is the listener.  Its own
		# /root, a private mount in its own namespace; its messages before sshd
		# logs to -E in sshd_HOST.out; no descriptor of ours
		# (bats waits for whoever holds fd 3).
		# shellcheck disable=SC2016 # $1 $2 $3 are the inner sh's
		unshare --mount --propagation private sh -c \
			'mount --bind "$1" /root && exec /usr/sbin/sshd -D -f "$2" -E "$3"' \
			sh "$D/home_$h" "$D/sshd_$h.conf" "$D/sshd_$h.log" \
			</dev/null >"$D/sshd_$h.out" 2>&1 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- &
		echo $! >"$D/$h.pid"
	done
}

# await HOST...: until every host takes a login, 10 s at most; then its
# namespace is the listener's for sure, and recorded.  Returns 3 when a
# host's port was taken meanwhile.
await() {
	own=$(ns_of $$)
	for h in "$@"; do
		pid=$(cat "$D/$h.pid")
		i=0
		until ssh -F "$D/ssh_config" "$h" true </dev/null 2>"$D/ssh_$h.err"; do
			if ! alive "$pid"; then
				grep -q 'Address already in use' "$D/sshd_$h.log" && return 3
				fail "$h: sshd exited: $(tail -n 3 "$D/sshd_$h.log")"
			fi
			i=$((i + 1))
			[ $i -lt 100 ] ||
				fail "$h: no login within 10 s: $(tail -n 1 "$D/ssh_$h.err"); $(tail -n 3 "$D/sshd_$h.log")"
			sleep 0.1
		done
		ns=$(ns_of "$pid")
		if [ -z "$ns" ] || [ "$ns" = "$own" ]; then
			fail "$h: its sshd (pid $pid) is not in a mount namespace of its own"
		fi
		echo "$ns" >"$D/$h.ns"
	done
}

# The first port from XPOOL_TEST_SSH_PORT (22322) on that nothing listens
# on, at any address; when another one takes it before the hosts do (other
# test runs pick ports too), the next one.
port=${XPOOL_TEST_SSH_PORT:-22322}
last=$((port + 50))
while :; do
	[ "$port" -lt "$last" ] || fail "no free port in ${XPOOL_TEST_SSH_PORT:-22322}-$last"
	if command -v ss >/dev/null 2>&1 && [ -n "$(ss -Hltn "sport = :$port")" ]; then
		port=$((port + 1))
		continue
	fi
	launch "$port" "$@"
	st=0
	await "$@" || st=$?
	[ $st -eq 3 ] || break
	stop_all
	rm -f "$D"/h*.pid "$D"/h*.ns
	port=$((port + 1))
done
echo "XPOOL_TEST_SSH=ssh -F $D/ssh_config"
