#!/usr/bin/env bats
# shellcheck disable=SC1083,SC2016,SC2030,SC2031,SC2154,SC1003,SC2012
# (SC1083: {} {1} ... are xpool replacement strings; SC2016: $ in single
# quotes is for the job's shell; SC2030/SC2031/SC2154: bats runs each test in a
# subshell and sets $stderr and $lines.)
# 100-jobserver: GNU make's jobserver, as a client (inside make -jN, or a
# jobserver made by tests/jobserver/serve.sh in make 4.3's pipe style and
# make 4.4's fifo style) and as a server (the slots of -j offered to the
# jobs: nested xpool, make).
#
# Timing never decides a verdict.  Concurrency is counted by
# tests/jobserver/conc (flock'ed counters): "at most N at once" is an upper
# bound that no slowness can break, and each such test has a negative
# control in which the same counter sees more.  That xpool really uses the
# slots it is given is shown with a barrier (tests/jobserver/hold: N jobs
# wait until N of them run at once), which a correct xpool always opens and
# a wrong one leaves hanging until the guard.  Tokens are counted exactly:
# serve.sh reads what is left in its FIFO once the client has exited.

load helpers

setup() {
	common_setup
	JS=$BATS_TEST_DIRNAME/jobserver
	export PATH=$JS:$PATH
	# c: every job counted; own: xpool's own jobs only; b: a barrier.
	mkdir c own b
	SERVE_PID=
}

teardown() {
	if [[ -n $SERVE_PID ]] && kill -0 "$SERVE_PID" 2>/dev/null; then
		kill -KILL "$SERVE_PID" 2>/dev/null || true
	fi
	common_teardown
}

# The hint xpool prints when make's jobserver is there but unusable.
HINT="put '+' at the start of the recipe line, or use --jobserver=off"
ONE="running one job at a time"

# max_of DIR: the most conc jobs DIR/ ever counted at once (0: none ran).
max_of() {
	if [[ -s $1/max ]]; then cat "$1/max"; else echo 0; fi
}

# assert_max_le DIR N / assert_max_gt DIR N / assert_max_eq DIR N
assert_max_le() {
	local m
	m=$(max_of "$1")
	((m <= $2)) || fail "$m jobs ran at once (counted in $1/), more than $2"
}
assert_max_gt() {
	local m
	m=$(max_of "$1")
	((m > $2)) || fail "the control saw only $m jobs at once (in $1/), not more than $2: the counter cannot see what the test needs"
}
assert_max_eq() {
	assert_equal "$(max_of "$1")" "$2"
}

# assert_ran DIR N: N conc jobs counted in DIR/ (its log has N lines).
assert_ran() {
	local n=0
	[[ -f $1/log ]] && n=$(wc -l <"$1/log")
	assert_equal "$n" "$2"
}

# reset_counts: empty c/, own/ and b/ for the next run of a test.
reset_counts() {
	rm -rf c own b
	mkdir c own b
}

# jsmake ARG...: make -s -j3 on tests/jobserver/Makefile, counting in c/
# and own/; bounded (the fixtures' own guards fire first).
jsmake() {
	timeout $((GUARD * 3)) make -s -j3 -f "$JS/Makefile" \
	    D="$WORK/c" OWN="$WORK/own" B="$WORK/b" "$@"
}

# serve N STYLE COMMAND...: COMMAND under serve.sh's jobserver of N slots
# (STYLE fifo or pipe); bounded.  Its last line of output is
# "tokens_back=K bytes=... rc=STATUS".
serve() {
	timeout $((GUARD * 3)) serve.sh "$@" 3>&-
}

# serve_bg PIDFILE N STYLE COMMAND...: the same in the background (pid in
# $SERVE_PID, output in served.out and served.err); COMMAND's pid goes to
# PIDFILE.
serve_bg() {
	local pidfile=$1
	shift
	serve.sh -p "$pidfile" "$@" >served.out 2>served.err 3>&- &
	SERVE_PID=$!
}

# wait_serve: wait (bounded) for serve_bg's run to end.
wait_serve() {
	local n=$((GUARD * 3 * 20))
	while kill -0 "$SERVE_PID" 2>/dev/null; do
		if ((--n <= 0)); then
			fail "serve.sh (pid $SERVE_PID) did not end"
			return 1
		fi
		sleep 0.05
	done
	wait "$SERVE_PID" || true
	SERVE_PID=
}

# ---------------------------------------------------------------- inside make

@test "make -j3, '+' recipe: xpool's 20 jobs and make's 2 never run more than 3 at once; all ran; also with -j8 (a cap)" {
	run -0 --separate-stderr jsmake
	assert_stderr_empty
	assert_ran c 22
	assert_ran own 20
	assert_max_le c 3
	assert_max_le own 3
	# An explicit -j8 is only a cap: xpool still needs make's tokens.
	reset_counts
	run -0 --separate-stderr jsmake XJ=-j8 ITEMS='1 2 3 4 5 6 7 8 9 10'
	assert_stderr_empty
	assert_ran c 12
	assert_ran own 10
	assert_max_le c 3
	assert_no_leftover
}

@test "make -j3, '+' recipe alone: xpool -j8 gets make's two tokens and runs 3 jobs at once" {
	# Each job waits until three of them run at once, then is counted.
	HOLD_CONC=$WORK/c run -0 --separate-stderr jsmake XJ=-j8 hold
	assert_stderr_empty
	assert_equal "$(ls b | wc -l)" 6
	assert_ran c 6
	assert_max_le c 3
	assert_no_leftover
}

@test "make -j3 control: xpool --jobserver=off -j8 in the same recipe runs past make's 3 slots" {
	run -0 --separate-stderr jsmake XPOOL_CMD='run-xpool --jobserver=off' XJ=-j8
	assert_stderr_empty
	assert_ran c 22
	assert_max_gt c 3
	assert_max_gt own 1
}

@test "make -j3, recipe without '+' (make 4.3 closes the pipe): the hint, one job at a time, make's 3 slots hold" {
	run -0 --separate-stderr jsmake R=runner_plain XJ=-j8 ITEMS='1 2 3 4 5 6 7 8'
	# The fd numbers are make's (3,4 unless bats holds those open).
	assert_stderr_regex "^xpool: warning: make's jobserver is not open in this recipe \(MAKEFLAGS has --jobserver-auth=[0-9]+,[0-9]+\): put '\+' at the start of the recipe line, or use --jobserver=off; $ONE\$"
	assert_ran c 10
	assert_ran own 8
	assert_max_le c 3
	# The control above shows that own/ sees more when xpool runs more.
	assert_max_eq own 1
}

@test "make -n -j3: a '+' xpool line prints its commands and runs none; plain make does run them" {
	run -0 --separate-stderr jsmake -n dry
	assert_stderr_empty
	assert_line 'touch made.a'
	assert_line 'touch made.b'
	assert_line 'touch made.c'
	assert_file_not_exists made.a
	assert_file_not_exists made.b
	assert_file_not_exists made.c
	# Control: without -n the same line makes the files.
	run -0 --separate-stderr jsmake dry
	assert_stderr_empty
	assert_file_exists made.a
	assert_file_exists made.b
	assert_file_exists made.c
}

@test "MAKEFLAGS with n in its first word acts as --dry-run; an n elsewhere does not" {
	MAKEFLAGS=n run -0 --separate-stderr xpool touch {} ::: x
	assert_output 'touch x'
	assert_stderr_empty
	assert_file_not_exists x
	MAKEFLAGS='kns -j3 --jobserver-auth=3,4' run -0 --separate-stderr \
	    xpool touch {} ::: y
	assert_output 'touch y'
	assert_file_not_exists y
	# A dry run does not look at the jobserver: no warning for fds 3 and
	# 4 that are not one.
	MAKEFLAGS='n -j3 --jobserver-auth=3,4' run -0 --separate-stderr \
	    xpool -j8 touch {} ::: y 3</etc/hostname 4>/dev/null
	assert_output 'touch y'
	assert_stderr_empty
	assert_file_not_exists y
	# --jobserver=off ignores MAKEFLAGS, n as well: the job runs.
	MAKEFLAGS=n run -0 --separate-stderr xpool --jobserver=off touch {} ::: y
	assert_output ''
	assert_stderr_empty
	assert_file_exists y
	# Not the first word, or the first word is an option: jobs run.
	MAKEFLAGS=' --no-print-directory' run -0 --separate-stderr xpool touch {} ::: z1
	assert_stderr_empty
	assert_file_exists z1
	MAKEFLAGS='ks -- N=n' run -0 --separate-stderr xpool touch {} ::: z2
	assert_stderr_empty
	assert_file_exists z2
}

# ---------------------------------------------------------------- a jobserver of the test's own

@test "serve.sh jobserver of 3, fifo and pipe style: xpool -j8 runs at most 3 at once and gives back the very bytes it took" {
	local style
	for style in fifo pipe; do
		reset_counts
		# The first three jobs wait until three run at once, so xpool
		# must take both tokens; then each is counted in c/.
		HOLD_CONC=$WORK/c TOKENS=ab run -0 --separate-stderr \
		    serve 3 "$style" run-xpool -j8 hold b 3 ::: 1 2 3 4 5 6 7 8 9 10
		assert_stderr_empty
		assert_equal "${lines[-1]}" 'tokens_back=2 bytes=ab rc=0'
		assert_ran c 10
		assert_max_le c 3
	done
	assert_no_leftover
}

@test "serve.sh: without -j the -jN of MAKEFLAGS is the slot count, even with more tokens; -j N is a cap" {
	# Five tokens in a jobserver that says -j3: xpool runs 3 at once (the
	# barrier), never more, in slots 1 to 3.
	HOLD_CONC=$WORK/c TOKENS=+++++ run -0 --separate-stderr serve 3 pipe \
	    run-xpool 'echo {%}; hold b 3' ::: 1 2 3 4 5 6 7 8
	assert_stderr_empty
	assert_equal "${lines[-1]}" 'tokens_back=5 bytes=+++++ rc=0'
	assert_equal "$(sed '$d' <<<"$output" | sort -u | tr '\n' ' ')" '1 2 3 '
	assert_ran c 8
	assert_max_le c 3
	# Control: with -j8 the same jobserver lets the counter see more.
	reset_counts
	HOLD_CONC=$WORK/c TOKENS=+++++ run -0 --separate-stderr serve 3 pipe \
	    run-xpool -j8 hold b 3 ::: 1 2 3 4 5 6 7 8
	assert_equal "${lines[-1]}" 'tokens_back=5 bytes=+++++ rc=0'
	assert_max_gt c 3
	# -j2 in a jobserver of 3: 2 at once (the barrier), never more.
	reset_counts
	HOLD_CONC=$WORK/c run -0 --separate-stderr serve 3 fifo \
	    run-xpool -j2 hold b 2 ::: 1 2 3 4 5 6
	assert_stderr_empty
	assert_equal "${lines[-1]}" 'tokens_back=2 bytes=++ rc=0'
	assert_ran c 6
	assert_max_le c 2
}

@test "serve.sh: the last of several --jobserver-auth wins, and the old --jobserver-fds= works" {
	# -2,-2 first, then the usable pipe under the old name: xpool takes
	# both tokens (the barrier) and gives them back, without a warning.
	HOLD_CONC=$WORK/c run -0 --separate-stderr serve 3 pipe \
	    env MAKEFLAGS=' -j3 --jobserver-auth=-2,-2 --jobserver-fds=3,4' \
	    run-xpool -j8 hold b 3 ::: 1 2 3 4 5 6
	assert_stderr_empty
	assert_equal "${lines[-1]}" 'tokens_back=2 bytes=++ rc=0'
	assert_equal "$(ls b | wc -l)" 6
	assert_ran c 6
	assert_max_le c 3
}

@test "serve.sh control: --jobserver=off leaves the tokens alone and -j8 then runs more than 3 at once" {
	local style
	for style in fifo pipe; do
		reset_counts
		run -0 --separate-stderr serve 3 "$style" \
		    run-xpool --jobserver=off -j8 conc c 0.2 ::: 1 2 3 4 5 6 7 8 9 10
		assert_stderr_empty
		assert_equal "${lines[-1]}" 'tokens_back=2 bytes=++ rc=0'
		assert_ran c 10
		assert_max_gt c 3
	done
}

@test "serve.sh control: the token count sees tokens that are not given back (SIGKILL to xpool)" {
	local style p
	for style in fifo pipe; do
		reset_counts
		serve_bg pid 3 "$style" run-xpool -j8 hold b 3 forever ::: 1 2 3 4 5 6
		# Three jobs run: xpool holds both tokens.
		wait_for_count 3 b
		wait_for_file pid
		kill -KILL "$(cat pid)"
		wait_serve
		assert_equal "$(tail -n 1 served.out)" 'tokens_back=0 bytes= rc=137'
		# Its jobs are orphans now: end them.
		for p in $(leftover_pids); do
			kill -KILL "$p" 2>/dev/null || true
		done
		assert_no_leftover
		rm -f pid
	done
}

@test "serve.sh: failing jobs: exit status is the count of failures, every token back" {
	local style
	for style in fifo pipe; do
		reset_counts
		# The barrier opens only with 3 jobs at once: both tokens taken.
		HOLD_CONC=$WORK/c run -0 --separate-stderr serve 3 "$style" \
		    run-xpool -j8 hold b 3 ::: fail ok fail ok fail fail ok ok fail ok
		assert_equal "${lines[-1]}" 'tokens_back=2 bytes=++ rc=5'
		assert_equal "$(ls b | wc -l)" 10
		assert_ran c 10
		assert_max_le c 3
	done
}

@test "serve.sh: --halt now,fail=1 ends the running jobs and gives back every token" {
	local style
	for style in fifo pipe; do
		reset_counts
		run -0 --separate-stderr serve 3 "$style" \
		    run-xpool -j8 --halt now,fail=1 hold b 3 ::: forever forever fail forever forever
		assert_equal "${lines[-1]}" 'tokens_back=2 bytes=++ rc=1'
		assert_stderr_contains 'xpool: --halt: job 3 failed (status 1)'
		# The first three only: none started after the failure.
		assert_equal "$(ls b | wc -l)" 3
		assert_no_leftover
	done
}

@test "serve.sh: a command not found (127) in a slot bought with a token: the token comes back" {
	local style
	for style in fifo pipe; do
		reset_counts
		# Jobs 1 and 2 wait for a third hold; job 3 fails at once, so
		# job 4 runs in its slot only if job 3's token was given back
		# or kept for it.
		HOLD_CONC=$WORK/c run -0 --separate-stderr serve 3 "$style" \
		    run-xpool -j8 {} b 3 ::: hold hold nosuchcmd hold hold
		assert_equal "${lines[-1]}" 'tokens_back=2 bytes=++ rc=1'
		assert_stderr 'xpool: nosuchcmd: command not found'
		assert_equal "$(ls b | wc -l)" 4
		assert_ran c 4
		assert_max_le c 3
	done
}

# signal_test SIG STATUS: SIG to xpool while it holds both tokens of
# serve.sh's jobserver of 3 (three jobs run, each sleeping for ever): exit
# STATUS, both tokens back, no fourth job, nothing left.
signal_test() {
	local sig=$1 want=$2 style
	for style in fifo pipe; do
		reset_counts
		rm -f pid
		serve_bg pid 3 "$style" run-xpool -j8 hold b 3 forever ::: 1 2 3 4 5 6
		wait_for_count 3 b
		wait_for_file pid
		kill -s "$sig" "$(cat pid)"
		wait_serve
		assert_equal "$(tail -n 1 served.out)" "tokens_back=2 bytes=++ rc=$want"
		assert_equal "$(ls b | wc -l)" 3
		assert_no_leftover
		assert_tmpdir_empty
	done
}

@test "serve.sh: SIGTERM to xpool: exit 143, every token back" {
	signal_test TERM 143
}

@test "serve.sh: SIGINT to xpool: exit 130, every token back" {
	signal_test INT 130
}

@test "serve.sh: SIGHUP to xpool: exit 129, every token back" {
	signal_test HUP 129
}

# ---------------------------------------------------------------- unusable jobservers

# one_at_a_time WARNING: xpool -j8 over 4 conc jobs, with the caller's
# MAKEFLAGS and redirections: exit 0, stderr is WARNING (a fixed text, or a
# glob when it holds *), one job at a time.
one_at_a_time() {
	local want=$1
	reset_counts
	run -0 --separate-stderr xpool -j8 conc c 0.1 ::: 1 2 3 4
	# shellcheck disable=SC2053 # a glob on purpose
	[[ $stderr == $want ]] || fail "stderr is not '$want'; it is:
$stderr"
	assert_output ''
	assert_ran c 4
	assert_max_eq c 1
}

@test "--jobserver-auth=-2,-2 last (make 4.4, a recipe without '+'): the hint, one job at a time" {
	MAKEFLAGS=' -j3 --jobserver-auth=3,4 --jobserver-auth=-2,-2' one_at_a_time \
	    "xpool: warning: make's jobserver is not open in this recipe (MAKEFLAGS has --jobserver-auth=-2,-2): $HINT; $ONE"
	# No warning when xpool would run one job at a time anyway.
	MAKEFLAGS=' -j3 --jobserver-auth=-2,-2' run -0 --separate-stderr \
	    xpool -j1 conc c 0 ::: 1 2
	assert_stderr_empty
	# Control: with --jobserver=off MAKEFLAGS is ignored and -j8 holds.
	reset_counts
	MAKEFLAGS=' -j3 --jobserver-auth=3,4 --jobserver-auth=-2,-2' run -0 \
	    --separate-stderr xpool --jobserver=off -j8 conc c 0.2 ::: 1 2 3 4
	assert_stderr_empty
	assert_max_gt c 1
}

@test "--jobserver-auth=3,4 with fds 3 and 4 open on other files: the hint, one job at a time, exit 0" {
	MAKEFLAGS=' -j3 --jobserver-auth=3,4' one_at_a_time \
	    "xpool: warning: make's jobserver is not open in this recipe (MAKEFLAGS has --jobserver-auth=3,4): $HINT; $ONE" \
	    3</etc/hostname 4>/dev/null
	# The old name of the option, and fds that are closed.
	MAKEFLAGS=' -j3 --jobserver-fds=3,4' one_at_a_time \
	    "xpool: warning: *(MAKEFLAGS has --jobserver-fds=3,4)*$ONE" \
	    3<&- 4>&-
}

@test "a jobserver of an unknown kind, or a fifo: that cannot be opened or is not a fifo: a warning, one job at a time" {
	MAKEFLAGS=' -j3 --jobserver-auth=foo' one_at_a_time \
	    "xpool: warning: make's jobserver is of a kind xpool does not know (MAKEFLAGS has --jobserver-auth=foo): $HINT; $ONE"
	MAKEFLAGS=" -j3 --jobserver-auth=fifo:$WORK/nonexistent" one_at_a_time \
	    "xpool: warning: *$WORK/nonexistent*$ONE"
	: >plainfile
	MAKEFLAGS=" -j3 --jobserver-auth=fifo:$WORK/plainfile" one_at_a_time \
	    "xpool: warning: *$WORK/plainfile*not a fifo*$ONE"
}

# ---------------------------------------------------------------- xpool as the jobserver

@test "nested: xpool -j2 over 4 jobs that each run xpool -j4 over 4: at most 2 grandchildren at once, all 16 ran" {
	run -0 --separate-stderr gxpool -j2 inner c ::: 1 2 3 4
	assert_stderr_empty
	assert_ran c 16
	assert_max_le c 2
	assert_no_leftover
}

@test "nested control: with --jobserver=off on the outer xpool, more than 2 grandchildren run at once" {
	run -0 --separate-stderr gxpool --jobserver=off -j2 inner c ::: 1 2 3 4
	assert_stderr_empty
	assert_ran c 16
	assert_max_gt c 2
}

@test "jobs get MAKEFLAGS ' -j3 --jobserver-auth=R,W' with R and W the two open ends of one pipe" {
	run -0 --separate-stderr xpool -j3 jsfds ::: 1
	assert_stderr_empty
	assert_equal "${#lines[@]}" 3
	[[ ${lines[0]} =~ ^MAKEFLAGS=\[\ -j3\ --jobserver-auth=([0-9]+),([0-9]+)\]$ ]] ||
	    fail "MAKEFLAGS is not ' -j3 --jobserver-auth=R,W': ${lines[0]}"
	local r=${BASH_REMATCH[1]} w=${BASH_REMATCH[2]}
	[[ ${lines[1]} =~ ^$r\ (pipe:\[[0-9]+\])\ r$ ]] ||
	    fail "fd $r in the job is not a pipe's read end: ${lines[1]}"
	local pipe=${BASH_REMATCH[1]}
	[[ ${lines[2]} == "$w $pipe w" ]] ||
	    fail "fd $w in the job is not the write end of $pipe: ${lines[2]}"
}

@test "offered MAKEFLAGS: -jN and the auth go before ' -- VAR=val'; --jobserver=off passes MAKEFLAGS unchanged" {
	MAKEFLAGS='ks -- X=1' run -0 --separate-stderr xpool -j3 jsfds ::: 1
	assert_stderr_empty
	assert_line --index 0 --regexp '^MAKEFLAGS=\[ks -j3 --jobserver-auth=[0-9]+,[0-9]+ -- X=1\]$'
	MAKEFLAGS='ks -- X=1' run -0 --separate-stderr xpool --jobserver=off -j3 jsfds ::: 1
	assert_output 'MAKEFLAGS=[ks -- X=1]'
	run -0 --separate-stderr xpool --jobserver=off -j3 jsfds ::: 1
	assert_output 'MAKEFLAGS=[(unset)]'
}

@test "make (no -j) run by a job of xpool -j3 shares its 3 slots: 3 recipes at once, never more" {
	# The barrier of each target opens only when 3 run at once.
	run -0 --separate-stderr gxpool -j3 make -s -f "$JS/Makefile" six \
	    D="$WORK/c" B="$WORK/b" M="$WORK/makeflags" N={} ::: 1
	assert_stderr_empty
	assert_ran c 6
	assert_max_le c 3
	run -0 cat makeflags
	assert_output --regexp '--jobserver-auth=[0-9]+,[0-9]+'
	# Control: under --jobserver=off make gets no jobserver.
	run -0 --separate-stderr gxpool --jobserver=off -j3 \
	    make -s -f "$JS/Makefile" flags M="$WORK/makeflags" N={} ::: 1
	run -0 cat makeflags
	refute_output --partial 'jobserver'
	# Control: make -j6 (its own slots) lets the counter see more than 3.
	reset_counts
	run -0 --separate-stderr gxpool -j3 make -s -j6 -f "$JS/Makefile" six \
	    D="$WORK/c" B="$WORK/b" M="$WORK/makeflags" N={} ::: 1
	assert_ran c 6
	assert_max_gt c 3
}
