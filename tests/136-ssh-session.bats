#!/usr/bin/env bats
# shellcheck disable=SC1083,SC2016,SC2030,SC2031,SC2154
# (SC1083: {} are xpool replacement strings; SC2016: $ in single quotes is
# for the job's shell; SC2030/SC2031/SC2154: bats runs each test in a
# subshell and sets $output, $stderr and $lines.)
# 136-ssh-session: a remote slot runs its jobs one after another in one ssh
# session (one remote shell), against the suite's sshds (tests/ssh/sshd.sh).
# A job's output, status, end and what it leaves running are as with an ssh
# of its own.  A job's $PPID is its session's shell: the tests tell sessions
# apart by it.

load helpers
load ssh/common

SSH_HOSTS="h1 h2"

# ---------------------------------------------------------------- sessions

@test "a slot's jobs run from one remote shell, one after another" {
	run -0 --separate-stderr sx -S 2/h1,1/h2 'echo $PPID $$ {}' ::: $(seq 30)
	assert_equal "${#lines[@]}" 30
	# Each job once, in order.
	assert_equal "$(cut -d' ' -f3 <<<"$output" | paste -sd,)" \
	    "$(seq 30 | paste -sd,)"
	# Three slots: three sessions at most for 30 jobs...
	n=$(cut -d' ' -f1 <<<"$output" | sort -u | wc -l)
	((n >= 1 && n <= 3)) || fail "30 jobs ran from $n remote shells"
	# ... and each job's shell code a shell of its own, as with an ssh each.
	assert_equal "$(cut -d' ' -f2 <<<"$output" | sort -u | wc -l)" 30
}

# ---------------------------------------------------------------- output

@test "a job's output comes back byte for byte, stdout and stderr apart" {
	head -c 1000000 /dev/urandom >"$WORK/big"
	# No final newline; binary bytes; a line shaped as the session's mark;
	# a megabyte; empty output; stderr of its own.
	cmds=(
	    "printf 'no newline'"
	    "printf '\\000\\001\\377\\n\\n'"
	    "printf '\\n%032x 0\\n' 7; printf '\\n%032x\\n' 7 >&2"
	    "cat $WORK/big"
	    ":"
	    "echo out; echo err >&2; printf 'e2' >&2"
	)
	for c in "${cmds[@]}"; do
		sh -c "$c" >want.out 2>want.err
		sx -S 1/h1 "$c; : {}" ::: 1 >got.out 2>got.err ||
		    fail "failed: $c"
		cmp want.out got.out || fail "stdout differs: $c"
		cmp want.err got.err || fail "stderr differs: $c"
	done
}

@test "several jobs' output, grouped and in order, as with an ssh each" {
	run -0 --separate-stderr sx -S 2/h1 \
	    'printf "%s" {}; sleep 0.0{}; echo " out"; echo {} err >&2' \
	    ::: 5 1 4 2 3
	assert_output "$(printf '%s out\n' 5 1 4 2 3)"
	assert_equal "$stderr" "$(printf '%s err\n' 5 1 4 2 3)"
}

@test "the session's own variables are not the job's" {
	run -0 --separate-stderr sx -S 1/h1 \
	    'echo "[$c$h$j$l$n$q$s$t$w$x$N$1]" {}' ::: a b
	assert_output "$(printf '[] a\n[] b')"
}

# ---------------------------------------------------------------- endings

@test "exit statuses and signals are the jobs' own, in --joblog too" {
	run -1 --separate-stderr sx -S 1/h1 --joblog log \
	    'exit {}' ::: 0 3 0
	assert_equal "$(awk 'NR > 1 { print $7 }' log | paste -sd,)" "0,3,0"
	run -1 --separate-stderr sx -S 1/h1 --joblog log \
	    'sh -c "kill -9 \$\$" {}' ::: a
	# GNU parallel's joblog for a remote job a signal ended: its shell's
	# 128+N as the exit value.
	assert_equal "$(awk 'NR > 1 { print $7 }' log)" 137
}

@test "a timed-out job ends its session; the slot's next job has a new one" {
	run -1 --separate-stderr gxpool --ssh "$XPOOL_TEST_SSH" -S 1/h1 \
	    --timeout 2 'if [ {} = 1 ]; then echo $PPID >'"$WORK/pid1; sleep $SLEEP_ARG"'; fi;
	    echo $PPID {}' ::: 1 2 3
	assert_stderr_regex '^xpool: job 1 timed out after 2s'
	assert_equal "${#lines[@]}" 2
	[[ $(cut -d' ' -f1 <<<"$output" | sort -u) != "$(cat pid1)" ]] ||
	    fail "job 2 ran in the session job 1 timed out in"
	assert_host_clean h1 "sleep $SLEEP_ARG"
	assert_no_leftover
}

@test "a session killed on the host fails its job (255); the others run" {
	run -1 --separate-stderr sx -S 1/h1 --joblog log \
	    'if [ {} = 2 ]; then kill -9 $PPID; exit 0; fi; echo {}' ::: 1 2 3 4
	assert_output "$(printf '1\n3\n4')"
	assert_equal "$(awk 'NR > 1 { print $7 }' log | paste -sd,)" \
	    "0,255,0,0"
}

@test "what a job leaves running does not hold the run, and ends with it" {
	run -0 --separate-stderr gxpool --ssh "$XPOOL_TEST_SSH" -S 1/h1 \
	    "sleep $SLEEP_ARG & echo {}" ::: a b
	assert_output "$(printf 'a\nb')"
	assert_host_clean h1 "sleep $SLEEP_ARG"
	assert_no_leftover
}

@test "--init runs once in each remote slot, before the slot's jobs" {
	run -0 --separate-stderr sx -S 2/h1 \
	    --init "echo init \$XPOOL_SLOT >>$WORK/initlog" \
	    "test -s $WORK/initlog && echo {}" ::: a b c d e f
	assert_output "$(printf '%s\n' a b c d e f)"
	n=$(wc -l <initlog)
	((n >= 1 && n <= 2)) || fail "--init ran $n times for 2 slots"
	assert_equal "$(sort -u initlog | wc -l)" "$n"
}

@test "--ssh-delay spaces the ssh starts, not the jobs of an open session" {
	# An ssh each would wait ten minutes before each job after the first.
	run -0 --separate-stderr gxpool --ssh "$XPOOL_TEST_SSH" -S 1/h1 \
	    --ssh-delay 600 echo ::: a b c
	assert_output "$(printf 'a\nb\nc')"
}

@test "a leftover that ignores SIGTERM does not hold the run's end" {
	run -0 --separate-stderr gxpool --ssh "$XPOOL_TEST_SSH" -S 1/h1 \
	    "(trap '' TERM; sleep $SLEEP_ARG) & echo {}" ::: a b
	assert_output "$(printf 'a\nb')"
	assert_host_clean h1 "sleep $SLEEP_ARG"
	assert_no_leftover
}
