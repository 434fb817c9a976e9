#!/usr/bin/env bats
# shellcheck disable=SC1083,SC2016,SC2030,SC2031,SC2154,SC1003,SC2012
# (SC1083: {} {1} ... are xpool replacement strings; SC2016: $ in single
# quotes is for the job's shell; SC2030/SC2031/SC2154: bats runs each test in a
# subshell and sets $stderr and $lines.)
# 060-signals: SIGINT/SIGTERM/SIGHUP to xpool, a closed standard output, and
# no process left behind.
#
# Jobs record the signals they get in files; the test waits for files, never
# for time.  assert_no_leftover finds any process of the test (jobs inherit
# XPOOL_TEST_TAG, and sleeps use the test's unique $SLEEP_ARG).

load helpers

setup() {
	common_setup
	# sigjob N: a job with a grandchild (and a great-grandchild sleep), all
	# in the job's process group.  The job records TERM/INT/HUP in job.N,
	# the grandchild TERM/HUP in gc.N (an asynchronous child of sh ignores
	# INT), then each exits.
	cat >"$BATS_TEST_TMPDIR/bin/sigjob" <<'EOF'
#!/bin/sh
cd "$WORK" || exit 1
n=$1
trap 'echo TERM >>"job.$n"; exit 1' TERM
trap 'echo INT >>"job.$n"; exit 1' INT
trap 'echo HUP >>"job.$n"; exit 1' HUP
sh -c '
	trap "echo TERM >>gc.$0; exit 1" TERM
	trap "echo HUP >>gc.$0; exit 1" HUP
	sleep "$SLEEP_ARG" &
	: >"gcready.$0"
	wait
' "$n" &
waitfor "gcready.$n" || exit 1
: >"started.$n"
wait
EOF
	# ignjob SIG N: a job that survives SIG (it records each one in
	# job.N) and has a sleeping child that ignores it.
	cat >"$BATS_TEST_TMPDIR/bin/ignjob" <<'EOF'
#!/bin/sh
cd "$WORK" || exit 1
sig=$1 n=$2
trap 'echo "$sig" >>"job.$n"' "$sig"
sh -c 'trap "" "$1"; exec sleep "$SLEEP_ARG"' sh "$sig" &
: >"started.$n"
while kill -0 $! 2>/dev/null; do
	wait $!
done
EOF
	chmod +x "$BATS_TEST_TMPDIR/bin/sigjob" "$BATS_TEST_TMPDIR/bin/ignjob"
}

# signal_test SIG STATUS GC: send SIG to xpool while two jobs run (a third
# waits for a slot); xpool exits STATUS, each job got SIG, each grandchild got
# GC, the third job never started, nothing is left.
signal_test() {
	local sig=$1 want=$2 gc=$3 n
	start_xpool out err -j2 sigjob {#} ::: 1 2 3
	wait_for_file started.1
	wait_for_file started.2
	kill -s "$sig" "$XPID"
	wait_xpool
	assert_equal "$status" "$want"
	for n in 1 2; do
		# The first signal each one got (a SIGTERM may follow when
		# xpool ends what is left of a job's group).
		assert_file_exists "job.$n"
		assert_equal "$(head -n 1 "job.$n")" "$sig"
		wait_for_file "gc.$n"
		assert_equal "$(head -n 1 "gc.$n")" "$gc"
	done
	assert_file_not_exists started.3
	assert_no_leftover
	assert_tmpdir_empty
}

@test "SIGTERM: forwarded to every job's process group; exit 143; nothing left" {
	signal_test TERM 143 TERM
}

@test "SIGINT: forwarded to the jobs; exit 130; grandchildren that ignore it are ended" {
	signal_test INT 130 TERM
}

@test "SIGHUP: forwarded to the jobs; exit 129; nothing left" {
	signal_test HUP 129 HUP
}

@test "started with SIGINT ignored (as & in a script does): SIGINT still ends the jobs; exit 130" {
	# The jobs start with SIGINT's default action, not the ignored one.
	XPOOL_START_SIGNALS=--ignore-signal=INT signal_test INT 130 TERM
}

@test "started with SIGCHLD ignored: every job's exit status is still seen" {
	run -2 timeout -k 2 "$GUARD" env --ignore-signal=CHLD "$XPOOL" -j2 \
	    'echo {}; exit {}' ::: 0 3 0 5
	assert_output $'0\n3\n0\n5'
}

@test "a second SIGINT kills a job that ignores the first" {
	start_xpool out err -j1 ignjob INT {#} ::: a
	wait_for_file started.1
	kill -INT "$XPID"
	# The job saw the first SIGINT (so xpool has handled it) and goes on.
	wait_for_file job.1
	kill -INT "$XPID"
	wait_xpool
	assert_equal "$status" 130
	assert_no_leftover
	assert_tmpdir_empty
}

@test "a second SIGTERM kills a job that ignores the first" {
	start_xpool out err -j1 ignjob TERM {#} ::: a
	wait_for_file started.1
	kill -TERM "$XPID"
	wait_for_file job.1
	kill -TERM "$XPID"
	wait_xpool
	assert_equal "$status" 143
	assert_no_leftover
}

@test "SIGTERM while xpool waits for input: exit 143" {
	mkfifo feed
	exec 7<>feed
	XPOOL_STDIN=feed start_xpool out err -j1 touch '{}.done'
	echo a >&7
	# Job a has run: xpool is up, and now waits for more input.
	wait_for_file a.done
	kill -TERM "$XPID"
	wait_xpool
	exec 7>&-
	assert_equal "$status" 143
	assert_no_leftover
}

@test "SIGTERM with output held for later jobs: exit 143, no temporary file left" {
	# Job 2 finishes with its output held behind job 1, which runs on.
	start_xpool out err -j2 'if [ {} = 1 ]; then : >started.1; sleep "$SLEEP_ARG"; else seq 100000; : >done.2; fi' ::: 1 2
	wait_for_file started.1
	wait_for_file done.2
	kill -TERM "$XPID"
	wait_xpool
	assert_equal "$status" 143
	assert_no_leftover
	assert_tmpdir_empty
}

@test "yes | xpool echo | head -n 5: returns, quiet, dies of SIGPIPE, nothing left" {
	run -0 --separate-stderr timeout "$GUARD" bash -c \
	    'yes | xpool echo | head -n 5; echo "${PIPESTATUS[*]}" >pipestatus'
	assert_output $'y\ny\ny\ny\ny'
	assert_stderr_empty
	run -0 cat pipestatus
	assert_output --regexp '^[0-9]+ 141 0$'
	assert_no_leftover
	assert_tmpdir_empty
}

@test "stdout closed by the reader: running jobs are ended, xpool dies of SIGPIPE" {
	# Both jobs write for ever; job 2's output is held behind job 1's.
	run -0 --separate-stderr timeout "$GUARD" bash -c \
	    'xpool -j2 yes ::: a b | head -n 1; echo "${PIPESTATUS[*]}" >pipestatus'
	assert_output 'a'
	assert_stderr_empty
	run -0 cat pipestatus
	assert_output '141 0'
	assert_no_leftover
	assert_tmpdir_empty
}

@test "stdout closed by the reader while jobs end with much output: quiet SIGPIPE" {
	# Both jobs end; each prints more than a pipe holds (even 1 MiB).
	run -0 --separate-stderr timeout "$GUARD" bash -c \
	    'xpool -j2 "yes {} | head -n 1000000" ::: a b | head -n 1; echo "${PIPESTATUS[*]}" >pipestatus'
	assert_output 'a'
	assert_stderr_empty
	run -0 cat pipestatus
	assert_output '141 0'
	assert_no_leftover
	assert_tmpdir_empty
}

@test "stdout closed by the reader with --unordered: the same" {
	# Job a ends with more output than a pipe holds, even one grown to
	# 1 MiB; job s runs on.
	run -0 --separate-stderr timeout "$GUARD" bash -c \
	    'xpool --unordered -j2 "if [ {} = s ]; then sleep \"\$SLEEP_ARG\"; else yes {} | head -n 1000000; fi" ::: a s | head -n 1; echo "${PIPESTATUS[*]}" >pipestatus'
	assert_output 'a'
	assert_stderr_empty
	run -0 cat pipestatus
	assert_output '141 0'
	assert_no_leftover
	assert_tmpdir_empty
}

@test "stdout closed at start: jobs still run, with their own outputs" {
	run -0 --separate-stderr bash -c 'xpool -j1 "echo {} >>log" ::: a b >&-'
	assert_output ''
	assert_equal "$(cat log)" $'a\nb'
	assert_no_leftover
}

@test "stdin closed at start: ::: items still run" {
	run -0 --separate-stderr bash -c 'xpool -j1 echo ::: a b <&-'
	assert_output $'a\nb'
	assert_stderr_empty
}

@test "a job's grandchild left running after the job exits is ended" {
	# The job exits at once, leaving a sleep in its process group.
	run -0 --separate-stderr gxpool -j1 'sleep "$SLEEP_ARG" >/dev/null 2>&1 & echo {}' ::: a
	assert_output a
	assert_no_leftover
}

# The pids of this test's sleeps (not xpool, whose arguments name them).
sleep_pids() {
	pgrep -f -- "^sleep $SLEEP_ARG" || true
}

# kill9_test N ARG...: start xpool with ARG (jobs that are `sleep
# $SLEEP_ARG`, which never end on their own and ignore their input); once N
# of them run, SIGKILL xpool: the jobs end, nothing is left.
kill9_test() {
	local want=$1 n=$((GUARD * 20)) pid
	shift
	start_xpool out err "$@"
	until [[ $(sleep_pids | wc -l) -ge $want ]]; do
		((--n > 0)) || fail "$want jobs never ran: $(cat err)"
		sleep 0.05
	done
	# The jobs are xpool's own children.
	for pid in $(sleep_pids); do
		assert_equal "$(ps -o ppid= -p "$pid" | tr -d ' ')" "$XPID"
	done
	kill -KILL "$XPID"
	wait_xpool
	assert_equal "$status" 137
	assert_no_leftover
}

@test "SIGKILL: running jobs end with xpool" {
	kill9_test 2 -j2 sleep ::: "$SLEEP_ARG" "$SLEEP_ARG" "$SLEEP_ARG"
}

@test "SIGKILL: --worker workers end with xpool, on pipes and on a terminal" {
	kill9_test 2 -j2 --worker sleep "$SLEEP_ARG" ::: a b c
	kill9_test 2 -j2 --worker --pty sleep "$SLEEP_ARG" ::: a b c
}

@test "SIGKILL: --pipe jobs end with xpool" {
	seq 3 >items
	XPOOL_STDIN=items kill9_test 2 -j2 --pipe -N 1 sleep "$SLEEP_ARG"
}

# state_of PID: the first letter of its ps state (T: stopped), or nothing.
state_of() {
	ps -o stat= -p "$1" 2>/dev/null | cut -c1
}

# wait_state PID LETTER: until PID's state starts with LETTER (bounded).
wait_state() {
	local n=$((GUARD * 20))
	until [[ $(state_of "$1") == "$2" ]]; do
		((--n > 0)) || fail "pid $1 never reached state $2"
		sleep 0.05
	done
}

# start_stoppable OUT ERR ARG...: start_xpool, but in a process group of
# its own under a parent that stays while xpool lives, in a session of
# their own: the kernel stops a process on SIGTSTP only when its group is
# not orphaned, which the test's own group may be.  $XPID is xpool's pid;
# $WPID the parent's, which exits with xpool's status.
start_stoppable() {
	local out=$1 err=$2
	shift 2
	python3 -c '
import os, sys
os.setsid()
pid = os.fork()
if pid == 0:
    os.setpgid(0, 0)
    os.execvp(sys.argv[1], sys.argv[1:])
os.setpgid(pid, pid)
with open("xpid.new", "w") as f:
    f.write("%d" % pid)
os.rename("xpid.new", "xpid")
_, status = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(status) % 256)
' env XPOOL_TEST_TAG="$XPOOL_TAG_VALUE" "$XPOOL" "$@" \
	    </dev/null >"$out" 2>"$err" &
	WPID=$!
	wait_for_file xpid
	XPID=$(cat xpid)
}

@test "^Z (SIGTSTP): the jobs stop with xpool and go on with it; the time stopped is not --timeout's" {
	start_stoppable out err -j2 --timeout 3 --joblog log \
	    'echo $$ >pid.{}; sleep 1; echo {}' ::: a b
	wait_for_file pid.a
	wait_for_file pid.b
	kill -TSTP "$XPID"
	wait_state "$XPID" T
	# Each job is in a process group of its own: xpool stopped it.
	wait_state "$(cat pid.a)" T
	wait_state "$(cat pid.b)" T
	# Longer than --timeout: none of it counts.
	sleep 4
	kill -CONT "$XPID"
	XPID=$WPID
	wait_xpool
	assert_equal "$status" 0
	run -0 cat out
	assert_output $'a\nb'
	run -0 cat err
	assert_output ''
	run -0 awk -F '\t' 'NR > 1 { print $7, $8 }' log
	assert_output $'0 0\n0 0'
	assert_no_leftover
}

@test "SIGSTOP and SIGCONT from outside: jobs that ended meanwhile are not timed out" {
	start_xpool out err -j2 --timeout 2 \
	    ': >started.{}; waitfor stopped; echo {}; : >done.{}' ::: a b
	wait_for_file started.a
	wait_for_file started.b
	kill -STOP "$XPID"
	wait_state "$XPID" T
	: >stopped
	# The jobs run on and end while xpool is stopped, past --timeout.
	wait_for_file done.a
	wait_for_file done.b
	sleep 2.5
	kill -CONT "$XPID"
	wait_xpool
	assert_equal "$status" 0
	run -0 cat out
	assert_output $'a\nb'
	run -0 cat err
	assert_output ''
}

@test "^Z: what an exited job left running, being ended, stops with xpool too" {
	start_stoppable out err -j1 --termseq TERM,60000,KILL \
	    'sh -c "trap \"\" TERM; echo \$\$ >left; exec sleep $SLEEP_ARG" & waitfor left; echo done {}' ::: a
	wait_for_file left
	wait_state "$(cat left)" S
	# The job has exited; what it left ignores SIGTERM and waits for KILL.
	local n=$((GUARD * 20))
	until [[ $(cat out) == "done a" ]]; do
		((--n > 0)) || fail "the job never finished"
		sleep 0.05
	done
	kill -TSTP "$XPID"
	wait_state "$XPID" T
	wait_state "$(cat left)" T
	kill -CONT "$XPID"
	wait_state "$(cat left)" S
	kill -KILL "$(cat left)"
	XPID=$WPID
	wait_xpool
	assert_equal "$status" 0
}
