#!/usr/bin/env bats
# shellcheck disable=SC2016,SC2030,SC2031 # $vars for the jobs' shell;
# bats runs each test in a subshell.
#
# 134-ssh-slf: --sshloginfile read again when it changes while the run goes
# (GNU parallel's rule): hosts added take jobs, hosts removed finish what
# they run and take no more, a host's N/ changes its slots; a file that
# names no host or cannot be read leaves the hosts as they were, said.
# Items come through a FIFO, so that the tests know what ran before and
# after each change.

load helpers
load ssh/common

SSH_HOSTS="h1 h2"

setup() {
	ssh_setup
	mkfifo in
	# The job: "ITEM HOST" in log when it starts, ITEM in ended when it
	# ends.
	JOB='h=${SSH_CONNECTION:-local}; h=${h#* * }; h=${h%% *}; echo "{} $h" >>'"$WORK"'/log; sleep 0.2; echo {}; echo {} >>'"$WORK"'/ended'
}

# start ARG...: xpool in the background on the FIFO's items, with the test
# ssh and --slf hosts; fd 7 writes the items.
start() {
	XPOOL_STDIN=in start_xpool out err --ssh "$XPOOL_TEST_SSH" --slf hosts "$@"
	exec 7>in
	NEXT=1
}

# feed N: N more items (numbers from 1 on).
feed() {
	local k
	for ((k = 0; k < $1; k++)); do
		echo "$NEXT" >&7
		NEXT=$((NEXT + 1))
	done
}

# settle: until every item fed so far has ended (a line in ended), bounded.
settle() {
	local n=$((GUARD * 20))
	until [[ -e ended && $(wc -l <ended) -ge $((NEXT - 1)) ]]; do
		kill -0 "$XPID" 2>/dev/null ||
		    fail "xpool ended early: $(cat err)"
		((--n > 0)) || fail "gave up after ${GUARD}s: $(cat ended 2>/dev/null | wc -l) of $((NEXT - 1)) items done"
		sleep 0.05
	done
}

# feed_until PATTERN [N]: N items at a time (1), five times a second, until
# a line of log matches the ERE (bounded); the items before it have ended
# then.  A free
# slot that was used last is used first: N items at once reach N slots.
feed_until() {
	local n=$((GUARD * 5))
	until grep -Eq -- "$1" log 2>/dev/null; do
		sleep 0.2
		((--n > 0)) || fail "gave up: no job's line matched '$1': $(tail -3 log 2>/dev/null); stderr: $(cat err)"
		feed "${2:-1}"
		settle
	done
}

# said PATTERN [N]: until xpool's stderr has N lines (1) matching the ERE,
# bounded.
said() {
	local n=$((GUARD * 20))
	until (($(grep -Ec -- "$1" err) >= ${2:-1})); do
		((--n > 0)) || fail "not said: '$1': $(cat err)"
		sleep 0.05
	done
}

# last_items_and_none_after NEW GONE: six more items, the end; every item's
# output is there, and none started on host GONE after the first that
# started on NEW (items start in their order).
last_items_and_none_after() {
	feed 6
	settle
	finish
	assert_equal "$status" 0
	assert_equal "$(cat out)" "$(seq $((NEXT - 1)))"
	local first
	first=$(awk -v h="$1" '$2 == h { print $1; exit }' log)
	awk -v f="$first" -v h="$2" '$1 > f && $2 == h { bad = 1; print }
		END { exit bad }' log || fail "work went to $2 after it was removed"
}

# three_more_on_h1_said ERE: three more items, the end; all four ran on
# h1 alone, and stderr is the one line ERE matches.
three_more_on_h1_said() {
	feed 3
	settle
	finish
	assert_equal "$status" 0
	assert_equal "$(cat out)" "$(seq 4)"
	assert_equal "$(awk '{ print $2 }' log | sort -u)" "$H1"
	assert_equal "$(wc -l <err)" 1
	grep -Eq -- "$1" err || fail "not the message: $(cat err)"
}

# h2_waits_for_go: every command on h2 (its login shell's, bash's, start)
# touches asked, then waits (up to 60 s) until the test makes go.  Skips
# where the login shell is not bash.
h2_waits_for_go() {
	[[ $(getent passwd "$(id -un)" | cut -d: -f7) == */bash ]] ||
	    skip "the login shell is not bash: no start-up file to make wait"
	printf '%s\n' ": >$WORK/asked; n=0; while [ ! -e $WORK/go ] && [ \$((n += 1)) -lt 1200 ]; do sleep 0.05; done" \
	    >"$SSH_DIR/home_h2/.bashrc"
}

# finish: no more items; xpool's status in $status.
finish() {
	exec 7>&-
	wait_xpool
}


@test "--sshloginfile changed while running: a host added takes jobs" {
	printf '1/h1\n' >hosts
	start "$JOB"
	feed 1
	settle
	printf '1/h1\n1/h2\n' >hosts.new
	mv hosts.new hosts
	feed_until " $H2\$" 2
	finish
	assert_equal "$status" 0
	assert_equal "$(cat out)" "$(seq $((NEXT - 1)))"
	assert_equal "$(cat err)" ""
}

@test "--sshloginfile changed while running: a host removed finishes its jobs and takes no more" {
	printf '1/h1\n1/h2\n' >hosts
	start "$JOB"
	feed_until " $H2\$" 2
	# Rewritten in place; ':' is there to show when the change was read.
	printf '1/h1\n1/:\n' >hosts
	feed_until ' local$' 2
	# Its session goes while the run goes on, not at its end.
	assert_host_clean h2 'XPOOL_SLOT'
	kill -0 "$XPID" || fail "xpool ended: $(cat err)"
	last_items_and_none_after local "$H2"
}

@test "--sshloginfile: a host's N/ changed gives it that many slots" {
	printf '1/h1\n' >hosts
	start 'h=${SSH_CONNECTION:-local}; h=${h#* * }; h=${h%% *}; echo "start $h" >>'"$WORK"'/at; echo "{} $h" >>'"$WORK"'/log; sleep 1; echo "end $h" >>'"$WORK"'/at; echo {} >>'"$WORK"'/ended'
	feed 2
	settle
	assert_equal "$(most_at_once at "$H1")" 1
	printf '2/h1\n1/:\n' >hosts
	feed_until ' local$' 3
	# Nothing runs now: three at once take the three slots.
	feed 3
	settle
	finish
	assert_equal "$status" 0
	assert_equal "$(most_at_once at "$H1")" 2
}

@test "--sshloginfile: a new host that cannot be reached is said, and the run goes on" {
	printf '1/h1\n' >hosts
	start "$JOB"
	feed 1
	settle
	printf '1/h1\n1/down\n' >hosts
	said 'cannot be reached'
	three_more_on_h1_said '^xpool: warning: host down cannot be reached: ssh: connect to host 127\.0\.0\.9 .*Connection refused; it is tried again when the --sshloginfile changes$'
}

@test "--sshloginfile: a new host whose shell waits as it starts is said after 20 s, and the run goes on" {
	[[ $(getent passwd "$(id -un)" | cut -d: -f7) == */bash ]] ||
	    skip "the login shell is not bash: no start-up file to make wait"
	local GUARD=60
	echo 'sleep 3598' >"$SSH_DIR/home_h2/.bashrc"
	printf '1/h1\n' >hosts
	start "$JOB"
	feed 1
	settle
	# Without N/ its CPUs are asked: that command never answers.
	printf '1/h1\nh2\n' >hosts
	said 'cannot be reached'
	rm "$SSH_DIR/home_h2/.bashrc"
	"$BATS_TEST_DIRNAME/ssh/sshd.sh" procs "$SSH_DIR" h2 |
	    awk '/sleep 3598/ { print $1 }' | xargs -r kill
	three_more_on_h1_said '^xpool: warning: host h2 cannot be reached: it answered nothing in 20 s \(does a start-up file of its shell wait for something\?\); it is tried again when the --sshloginfile changes$'
}

@test "--sshloginfile: a new host is brought up (its CPUs, --basefile) while the jobs go on" {
	h2_waits_for_go
	echo base >base
	printf '1/h1\n' >hosts
	start --basefile base '[ -e base ] || echo {} >>'"$WORK"'/nobase; '"$JOB"
	feed 1
	settle
	# Without N/, h2's CPUs are asked first: that waits.
	printf '1/h1\nh2\n' >hosts
	wait_for_file asked
	feed 2
	settle
	: >go
	feed_until " $H2\$" 2
	rm "$SSH_DIR/home_h2/.bashrc"
	feed 2
	settle
	finish
	assert_equal "$status" 0
	assert_equal "$(cat out)" "$(seq $((NEXT - 1)))"
	assert_file_not_exists nobase
	assert_equal "$(cat err)" ''
}

@test "--sshloginfile: the run ends with its input, not with a new host's bring-up" {
	h2_waits_for_go
	printf '1/h1\n' >hosts
	start "$JOB"
	feed 1
	settle
	printf '1/h1\nh2\n' >hosts
	wait_for_file asked
	# No more input: h2 would have nothing to do; its bring-up is ended,
	# not waited for (its CPUs' ask would time out, said).
	finish
	: >go
	rm "$SSH_DIR/home_h2/.bashrc"
	assert_equal "$status" 0
	assert_equal "$(cat out)" 1
	assert_equal "$(cat err)" ''
}

@test "--sshloginfile: a file that names no host, or a bad line, leaves the hosts as they were" {
	printf '1/h1\n' >hosts
	start "$JOB"
	feed 1
	settle
	printf '0/h1\n' >hosts
	said 'stay as they were'
	feed 1
	settle
	printf '# no host now\n' >hosts
	said 'stay as they were' 2
	feed 2
	settle
	finish
	assert_equal "$status" 0
	assert_equal "$(cat out)" "$(seq 4)"
	assert_equal "$(awk '{ print $2 }' log | sort -u)" "$H1"
	assert_equal "$(cat err)" "xpool: warning: --sshloginfile 'hosts': '0/h1': the slots before / must be a number from 1 to 100000; the hosts stay as they were
xpool: warning: --sshloginfile: the files name no host; the hosts stay as they were"
}

@test "--sshloginfile with --worker: a removed host's worker takes no more items" {
	printf '1/h1\n1/h2\n' >hosts
	start --worker 'h=${SSH_CONNECTION:-local}; h=${h#* * }; h=${h%% *}; while read -r x; do echo "$x $h" >>'"$WORK"'/log; echo "$x"; echo "$x" >>'"$WORK"'/ended; done'
	# One at a time, the items go to h1's worker, idle each time.
	local k
	for k in 1 2 3; do
		feed 1
		settle
	done
	assert_equal "$(awk '{ print $2 }' log | sort -u)" "$H1"
	printf '1/h2\n' >hosts
	feed_until " $H2\$" 2
	last_items_and_none_after "$H2" "$H1"
}

@test "--sshloginfile NAME: looked for in ~/.parallel when not here; '..' is ~/.parallel/sshloginfile" {
	mkdir -p home/.parallel
	printf '1/h2\n' >home/.parallel/myhosts
	printf '1/h1\n' >home/.parallel/sshloginfile
	HOME=$PWD/home run -0 --separate-stderr sx --slf myhosts "$HOSTOF; echo \$h" ::: 1
	assert_output "$H2 1"
	HOME=$PWD/home run -0 --separate-stderr sx --slf .. "$HOSTOF; echo \$h" ::: 1
	assert_output "$H1 1"
	HOME=$PWD/home run -0 --separate-stderr sx -S .. "$HOSTOF; echo \$h" ::: 1
	assert_output "$H1 1"
	HOME=$PWD/home run -255 --separate-stderr sx --slf nosuch true ::: 1
	assert_stderr_regex "^xpool: --sshloginfile: cannot read 'nosuch': No such file or directory"
}
