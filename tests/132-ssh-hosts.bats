#!/usr/bin/env bats
# shellcheck disable=SC1083,SC2016,SC2030,SC2031,SC2154
# (SC1083: {} are xpool replacement strings; SC2016: $ in single quotes is
# for the job's shell; SC2030/SC2031/SC2154: bats runs each test in a
# subshell and sets $output, $stderr and $lines.)
# 132-ssh-hosts: --onall, --nonall, --filter-hosts and host groups against
# the suite's own sshds (tests/ssh/sshd.sh and tests/ssh/common.bash, as in
# 130-ssh.bats): host hN is an sshd on 127.0.0.(N+1); a job's host is the
# third field of its $SSH_CONNECTION.
# h3 is there to be killed; "down" refuses connections.  The expected
# outputs are GNU parallel 20221122's for the same command lines.

load helpers
load ssh/common

# ---------------------------------------------------------------- --nonall

@test "--nonall --tag: the command once on each host and on :, tagged with the login" {
	run -0 --separate-stderr sx --nonall --tag -S h2,h1 -S : "$HOSTOF"'; echo $h $#'
	assert_output $':\tlocal 0\nh1\t127.0.0.2 0\nh2\t127.0.0.3 0'
	assert_stderr_empty
}

@test "--nonall reads no input, and its jobs do not see how xpool ran them" {
	# What xpool leaves of its standard input, cat prints after it.
	run -0 --separate-stderr sh -c 'printf "x\n" | { "$0" --ssh "$1" --nonall -S h1 '"'"'echo ${XPOOL_ONALL_HOST-none} x{}y {#}'"'"'; cat; }' \
	    "$XPOOL" "$XPOOL_TEST_SSH"
	# {} is nothing, as in GNU parallel: one job, with no item.
	assert_output $'none xy 1\nx'
	# Without -S the one host is this machine, as GNU parallel's.
	run -0 --separate-stderr xpool --nonall echo hi
	assert_output hi
}

@test "--nonall: the exit status is the number of hosts where it failed" {
	run -2 --separate-stderr sx --nonall -S h1,h2,: "$HOSTOF"'; echo $h; [ $h = local ]'
	assert_output $'local\n127.0.0.2\n127.0.0.3'
}

# ---------------------------------------------------------------- --onall

@test "--onall: every item on every host, one host's output together, in the logins' order" {
	run -0 --separate-stderr sx --onall -S h2,h1 "$HOSTOF"'; echo {} $h' ::: a b c
	assert_output $'a 127.0.0.2\nb 127.0.0.2\nc 127.0.0.2\na 127.0.0.3\nb 127.0.0.3\nc 127.0.0.3'
	assert_stderr_empty
	run -0 --separate-stderr sx --onall --tag -S h1,: 'echo {}' ::: a b
	assert_output $':\ta\n:\tb\nh1\ta\nh1\tb'
}

@test "--onall: a host's jobs run one at a time; -j is hosts at once" {
	run -0 --separate-stderr sx --onall -j1 -S h1,h2 \
	    "$HOSTOF; echo start \$h >>$WORK/log; sleep 0.2; echo end \$h >>$WORK/log" ::: 1 2 3
	# Each start is followed by its own end: never two jobs at once.
	run -0 awk '$1 == "start" { if (n++) bad = 1 } $1 == "end" { n-- }
		END { print NR, bad + 0 }' "$WORK/log"
	assert_output '12 0'
}

@test "--onall: items of standard input are read once and reach every host" {
	run -0 --separate-stderr sh -c 'printf "x\ny\n" | "$0" --ssh "$1" --onall --tag -S :,h1 echo' \
	    "$XPOOL" "$XPOOL_TEST_SSH"
	assert_output $':\tx\n:\ty\nh1\tx\nh1\ty'
}

@test "--onall: the exit status is the number of hosts where a job failed" {
	run -2 --separate-stderr sx --onall -S h1,h2 'echo {}; exit {}' ::: 0 1 2
	assert_output $'0\n1\n2\n0\n1\n2'
	# One failing job, on one host only.
	run -1 --separate-stderr sx --onall -S h1,h2 "$HOSTOF"'; echo {}; [ {}$h != b127.0.0.3 ]' ::: a b
	assert_output $'a\nb\na\nb'
}

@test "--nonall: SIGTERM to xpool ends every host's xpool and its jobs" {
	start_xpool out err --ssh "$XPOOL_TEST_SSH" --nonall -S h1,: \
	    "$HOSTOF"'; touch '"$WORK"'/ran.$h; exec sleep 1000'
	local n=$((GUARD * 20))
	until [[ -e $WORK/ran.127.0.0.2 && -e $WORK/ran.local ]]; do
		((--n > 0)) || fail "gave up after ${GUARD}s: the jobs did not start: $(cat err)"
		sleep 0.05
	done
	kill -s TERM "$XPID"
	wait_xpool
	assert_equal "$status" 143
	# Nothing left: not here, and not on h1.
	n=$((GUARD * 10))
	while pgrep -f 'exec sleep 1000' >/dev/null ||
	    "$BATS_TEST_DIRNAME/ssh/sshd.sh" procs "$SSH_DIR" h1 | grep -q 'sleep 1000'; do
		((--n > 0)) || fail "left running: $(pgrep -af 'sleep 1000')"
		sleep 0.1
	done
}

@test "--onall and --nonall: what does not go with them is refused, with the reason" {
	run -255 --separate-stderr xpool --nonall echo ::: a
	assert_stderr_contains "xpool: --nonall runs the command with no items; leave out -a, ::: and ::::, or give --onall to run each item on every host"
	run -255 --separate-stderr xpool --onall --nonall echo
	assert_stderr_contains 'xpool: --nonall does not go with --onall: give one of them'
	run -255 --separate-stderr xpool --onall --joblog jl echo ::: a
	assert_stderr_contains 'xpool: --onall does not go with --joblog: give one of them'
	assert_file_not_exists jl
	run -255 --separate-stderr xpool --onall --pipe cat
	assert_stderr_contains 'xpool: --onall does not go with --pipe: give one of them'
}

# ---------------------------------------------------------------- --filter-hosts

@test "--filter-hosts: a host that cannot be reached is left out, with GNU parallel's warning" {
	run -0 --separate-stderr sx --filter-hosts -S h1,down "$HOSTOF"'; echo {} $h' ::: a b c
	assert_output $'a 127.0.0.2\nb 127.0.0.2\nc 127.0.0.2'
	assert_stderr 'xpool: warning: Removed down.'
}

@test "--filter-hosts: every host left out: nothing runs, exit 255" {
	run -255 --separate-stderr sx --filter-hosts -S down "touch $WORK/ran.{}" ::: a
	assert_file_not_exists "$WORK/ran.a"
	assert_stderr_contains 'xpool: warning: Removed down.'
	run -255 --separate-stderr xpool --filter-hosts echo ::: a
	assert_stderr_contains 'xpool: --filter-hosts leaves out the hosts of -S that are down; give -S or --sshloginfile'
}

# ---------------------------------------------------------------- host groups

@test "--hostgroups: ITEM@GROUP runs only on its group's hosts, as ITEM; an item without one anywhere" {
	run -0 --separate-stderr sx --hostgroups -S @g1/h1 -S @g2/h2,@g1+g3/: \
	    "$HOSTOF"'; echo {} $h' ::: a@g2 b@g3 c@g2+g3 d@h1 e@g2 f@g3
	assert_output $'a 127.0.0.3\nb local\nc 127.0.0.3\nd 127.0.0.2\ne 127.0.0.3\nf local'
	assert_stderr_empty
	# g1 is h1 and this machine: both, and nothing else.
	run -0 --separate-stderr sx --hostgroups -S @g1/h1 -S @g2/h2,@g1+g3/: \
	    "$HOSTOF"'; echo {} $h' ::: {1..12}@g1
	assert_equal "$(cut -d' ' -f1 <<<"$output" | tr '\n' ' ')" '1 2 3 4 5 6 7 8 9 10 11 12 '
	run -0 sort -u <<<"$(cut -d' ' -f2 <<<"$output")"
	assert_output $'127.0.0.2\nlocal'
	# Without --hostgroups an @ in an item is the item's.
	run -0 --separate-stderr sx -S @g1/h1 'echo {}' ::: a@g1
	assert_output a@g1
}

@test "--hostgroups --retries: a job runs again only on its group's hosts" {
	# Each try logs its host; the third one succeeds.
	run -0 --separate-stderr sx --hostgroups --retries 3 -S @g1/h1,h2,: \
	    "$HOSTOF"'; echo $h >>'"$WORK"'/log.{}; [ $(wc -l <'"$WORK"'/log.{}) -ge 3 ] && echo {} $h' ::: a@g1 b@h2
	assert_output $'a 127.0.0.2\nb 127.0.0.3'
	run -0 cat "$WORK/log.a" "$WORK/log.b"
	assert_output $'127.0.0.2\n127.0.0.2\n127.0.0.2\n127.0.0.3\n127.0.0.3\n127.0.0.3'
}

@test "-S @GROUP: only the hosts of that group are used" {
	run -0 --separate-stderr sx -S @g1/h1,@g2/h2 -S @g2 "$HOSTOF"'; echo {} $h' ::: a b c
	assert_output $'a 127.0.0.3\nb 127.0.0.3\nc 127.0.0.3'
}

@test "host groups: a group no host is in, and a bad @GROUP, are refused with the reason" {
	run -255 --separate-stderr sx --hostgroups -S @g1/h1 'echo {}' ::: a@g1 b@nogroup c
	assert_stderr_contains 'xpool: --hostgroups: input item 2 is for group nogroup, and no host is in it; give one with -S @GROUP/HOST'
	run -255 --separate-stderr sx -S @g1/h1 -S @g2 'echo {}' ::: a
	assert_stderr_contains 'xpool: -S: no host is in @g2; give its hosts as @GROUP/HOST'
	run -255 --separate-stderr xpool -S @/: 'echo {}' ::: a
	assert_stderr_contains "xpool: -S: a group after @ has no name; give @GROUP[+GROUP...]/[N/]HOST, or @GROUP alone for the hosts of that group ('@/:')"
	run -255 --separate-stderr xpool --hostgroups 'echo {}' ::: a@g
	assert_stderr_contains 'xpool: --hostgroups sends ITEM@GROUP to the hosts of GROUP; give them with -S @GROUP/HOST'
}

@test "--hostgroups with : alone: items are cut at their @, and run here" {
	run -0 --separate-stderr xpool --hostgroups -S @a/: 'echo {}' ::: x@a y z@:
	assert_output $'x\ny\nz'
	# --hgrp is its other name.
	run -0 --separate-stderr xpool --hgrp -S @a/: 'echo {}' ::: x@a
	assert_output x
}

# Last: h3 dies.
@test "--filter-hosts: a host killed before the run is left out; the jobs run on the others" {
	"$BATS_TEST_DIRNAME/ssh/sshd.sh" kill "$SSH_DIR" h3
	run -0 --separate-stderr sx --filter-hosts -S 1/h3,1/h2 "$HOSTOF"'; echo {} $h' ::: a b
	assert_output $'a 127.0.0.3\nb 127.0.0.3'
	assert_stderr 'xpool: warning: Removed h3.'
}
