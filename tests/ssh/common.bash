# shellcheck shell=bash disable=SC2034,SC2154
# (SC2034: the variables set here are the tests'; SC2154: bats sets
# $BATS_TEST_DIRNAME, and helpers.bash $GUARD, $WORK and $XPID.)
# The ssh tests' common part: private sshd hosts (tests/ssh/sshd.sh) started
# once per file, and what the tests ask of them.  Host hN is an sshd on
# 127.0.0.(N+1) in a mount namespace of its own with an empty /root, so a
# remote job runs in a home of its own but sees the test's directories
# (/tmp is shared).  A job's host is the third field of its
# $SSH_CONNECTION.  "down" refuses connections.

# ssh_setup_file HOST...: start the hosts for the file's tests.
ssh_setup_file() {
	local out
	SSH_DIR=$(mktemp -d /tmp/xpool-ssh.XXXXXX)
	export SSH_DIR
	if out=$("$BATS_TEST_DIRNAME/ssh/sshd.sh" start "$SSH_DIR" "$@" 2>&1); then
		export XPOOL_TEST_SSH=${out#XPOOL_TEST_SSH=}
		export SSH_DOWN=
	else
		export SSH_DOWN=$out
		echo "# the test sshds cannot start here: $out" >&3
	fi
}

ssh_teardown_file() {
	"$BATS_TEST_DIRNAME/ssh/sshd.sh" stop "$SSH_DIR"
	rm -rf "$SSH_DIR"
}

# A file's hosts are $SSH_HOSTS (h1 h2 h3 unless it sets them); a file that
# defines these functions itself calls the ssh_ ones from its own.
setup_file() {
	# shellcheck disable=SC2086 # the host names are words
	ssh_setup_file ${SSH_HOSTS:-h1 h2 h3}
}

teardown_file() {
	ssh_teardown_file
}

setup() {
	ssh_setup
}

# Each test: skipped, with the reason, only when the hosts cannot start.
ssh_setup() {
	common_setup
	[[ -z $SSH_DOWN ]] || skip "the test sshds cannot start here: $SSH_DOWN"
	unset SSH_CONNECTION SSH_CLIENT SSH_TTY
	# A start-up file a test left (one that failed) holds no other test.
	rm -f "$SSH_DIR"/home_*/.bashrc
	# The address each job ran on, "local" on this machine: in $h.
	HOSTOF='h=${SSH_CONNECTION:-local}; h=${h#* * }; h=${h%% *}'
	H1=127.0.0.2 H2=127.0.0.3 H3=127.0.0.4
}

# sx ARG...: xpool with the test ssh.
sx() {
	xpool --ssh "$XPOOL_TEST_SSH" "$@"
}

# The most jobs running at once on host $2, from a log of "start HOST" and
# "end HOST" lines ($1).
most_at_once() {
	awk -v h="$2" '$2 != h { next }
		$1 == "start" { n++; if (n > m) m = n } $1 == "end" { n-- }
		END { print m + 0 }' "$1"
}

# The processes left on host $1 whose command line matches ERE $2, after
# waiting (bounded) for them to go.  Prints them; fails the test if any.
assert_host_clean() {
	local n=$((GUARD * 10)) left
	while :; do
		left=$("$BATS_TEST_DIRNAME/ssh/sshd.sh" procs "$SSH_DIR" "$1" |
		    grep -E -- "$2") || true
		[[ -z $left ]] && return 0
		if ((--n <= 0)); then
			fail "left running on $1: $left"
			return 1
		fi
		sleep 0.1
	done
}

# wait_running N DIR: until DIR holds N entries, while the background
# xpool runs (bounded); fails at once, with its stderr (ERR), if it ended.
wait_running() {
	local n=$((GUARD * 20))
	until (($(find "$2" -mindepth 1 | wc -l) >= $1)); do
		kill -0 "$XPID" 2>/dev/null ||
		    fail "xpool ended before $1 jobs ran: $(cat err)"
		((--n > 0)) || fail "gave up after ${GUARD}s: not $1 jobs running"
		sleep 0.05
	done
}
