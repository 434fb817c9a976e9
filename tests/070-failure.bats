#!/usr/bin/env bats
# shellcheck disable=SC1083,SC2016,SC2030,SC2031,SC2154,SC1003,SC2012
# (SC1083: {} {1} ... are xpool replacement strings; SC2016: $ in single
# quotes is for the job's shell; SC2030/SC2031/SC2154: bats runs each test in a
# subshell and sets $stderr and $lines.)
# 070-failure: --timeout, --termseq, --retries and --halt.
#
# Timing never decides a verdict.  Jobs that must be running when something
# happens wait for files (another job's, or one the test creates); a job that
# xpool must end sleeps for ever (the test's unique $SLEEP_ARG), so a feature
# that does nothing shows as a hang, caught by the guard (gxpool,
# wait_xpool), never as "too slow".  Short timeouts only bound jobs that
# sleep for ever.

load helpers

setup() {
	common_setup
	local bin=$BATS_TEST_TMPDIR/bin

	# hjob ITEM: leaves ran.ITEM, then
	#   long  runs until the file "go" appears, then prints "long done";
	#         a SIGTERM is recorded in ended.long and ends it;
	#   eN    waits until long has started, prints ITEM, exits N;
	#   xN    prints ITEM and exits N at once.
	# N may be followed by -TAG to keep items apart (x0-a, x0-b).
	cat >"$bin/hjob" <<'EOF'
#!/bin/sh
: >"ran.$1"
code=${1#?}
code=${code%%-*}
case $1 in
long)
	trap 'echo TERM >ended.long; exit 1' TERM
	waitfor go &
	: >started.long
	wait $!
	echo "long done"
	;;
e*)
	waitfor started.long || exit 99
	echo "$1"
	exit "$code"
	;;
*)
	echo "$1"
	exit "$code"
	;;
esac
EOF
	# stubborn N: ignores SIGTERM, and so does the grandchild it leaves in
	# the background (a sleep); leaves started.N once both are in place.
	cat >"$bin/stubborn" <<'EOF'
#!/bin/sh
trap '' TERM
sh -c ': >"gc.$1"; exec sleep "$SLEEP_ARG"' sh "$1" &
waitfor "gc.$1" || exit 1
: >"started.$1"
sleep "$SLEEP_ARG"
EOF
	# flaky ITEM SEQ: counts its tries in tries.ITEM and appends SEQ (the
	# job's {#}) to seq.ITEM; prints the try on both streams.  Item b
	# succeeds at its third try, c never, every other item at once.
	cat >"$bin/flaky" <<'EOF'
#!/bin/sh
case $1 in b) ok=3 ;; c) ok=0 ;; *) ok=1 ;; esac
n=$(($(cat "tries.$1" 2>/dev/null || echo 0) + 1))
echo "$n" >"tries.$1"
echo "$2" >>"seq.$1"
echo "$1 try $n"
echo "$1 err $n" >&2
[ "$ok" != 0 ] && [ "$n" -ge "$ok" ]
EOF
	chmod +x "$bin/hjob" "$bin/stubborn" "$bin/flaky"
}

# wait_for_text FILE TEXT [SECONDS]: bounded poll until FILE holds TEXT.
wait_for_text() {
	local file=$1 text=$2 limit=${3:-$GUARD} n
	n=$((limit * 20))
	until grep -qF -- "$text" "$file" 2>/dev/null; do
		if ((--n <= 0)); then
			fail "gave up after ${limit}s waiting for '$text' in '$file': $(cat "$file" 2>&1)"
			return 1
		fi
		sleep 0.05
	done
}

# assert_stderr_line ERE: some whole line of $stderr matches ERE.  (A job
# that is ended may leave a shell's "Terminated" there as well.)
assert_stderr_line() {
	grep -qxE -- "$1" <<<"$stderr" || fail "no line of stderr matches /$1/; it is:
$stderr"
}

# bad_value OPTION VALUE: xpool refuses VALUE for OPTION: 255, the message
# names the option and the value, and no job ran.
bad_value() {
	run -255 --separate-stderr xpool "$1" "$2" touch ran ::: a
	assert_output ''
	assert_file_not_exists ran
	assert_stderr_regex "^xpool: $3 '"
	assert_messages_prefixed
}

# ---------------------------------------------------------------- --timeout

@test "--timeout ends a job that runs too long: exit 1, message with its stderr, others intact" {
	run -1 --separate-stderr gxpool -j3 --timeout 1 \
	    'echo {}; echo err{} >&2; if [ {} = slow ]; then sleep "$SLEEP_ARG"; fi' ::: a slow c
	assert_output $'a\nslow\nc'
	# The message is in job 2's group of standard error, after what it wrote.
	assert_equal "${#stderr_lines[@]}" 4
	assert_equal "${stderr_lines[0]}" 'erra'
	assert_equal "${stderr_lines[1]}" 'errslow'
	[[ ${stderr_lines[2]} == 'xpool: job 2 timed out after 1s: echo slow; '* ]] ||
	    fail "no timeout message for job 2 after its stderr: $stderr"
	assert_equal "${stderr_lines[3]}" 'errc'
	assert_no_leftover
	assert_tmpdir_empty
}

@test "--timeout: units ms, s, m and several in a row; the message gives the time" {
	run -1 --separate-stderr gxpool --timeout 300ms 'sleep "$SLEEP_ARG"; : {}' ::: a
	assert_stderr_regex '^xpool: job 1 timed out after 0\.3s: sleep '
	run -1 --separate-stderr gxpool --timeout 0m0.25s50ms 'sleep "$SLEEP_ARG"; : {}' ::: a
	assert_stderr_regex '^xpool: job 1 timed out after 0\.3s: '
	run -1 --separate-stderr gxpool --timeout 0.4 'sleep "$SLEEP_ARG"; : {}' ::: a
	assert_stderr_regex '^xpool: job 1 timed out after 0\.4s: '
	assert_no_leftover
	# Long ones are accepted and do not touch quick jobs.
	run -0 --separate-stderr xpool --timeout 1m30s echo ::: a
	assert_output a
	run -0 --separate-stderr xpool --timeout 1d3.5h16.6m4s echo ::: a
	assert_output a
	run -0 --separate-stderr xpool --timeout 2h echo ::: a
	assert_stderr_empty
}

@test "--timeout: a job that exits 0 when ended still counts as failed" {
	run -1 --separate-stderr gxpool --timeout 1 \
	    'trap "exit 0" TERM; sleep "$SLEEP_ARG" & wait $!; : {}' ::: a
	assert_stderr_regex '^xpool: job 1 timed out after 1s'
	assert_no_leftover
}

@test "--timeout: bad values: 255 with a message, no job runs" {
	local v
	for v in 0 0ms '' 2x abc -1 1S 0% -5% 50%% ' 1' 1mm; do
		bad_value --timeout "$v" --timeout
	done
}

@test "--timeout P%: after 3 jobs succeeded, a job past P% of their median is ended" {
	run -1 --separate-stderr gxpool -j1 --timeout 1000% \
	    'if [ {} = slow ]; then sleep "$SLEEP_ARG"; else sleep 0.1; fi' ::: a b c slow
	assert_output ''
	assert_stderr_regex '^xpool: job 4 timed out after ([0-9.]+)s: '
	# Each of the 3 jobs slept 0.1 s, so 1000% of their median (kept to
	# within 2%) is at least 0.98 s.
	awk -v s="${BASH_REMATCH[1]}" 'BEGIN { exit !(s >= 0.98) }' ||
	    fail "1000% of a median of at least 0.1s gave ${BASH_REMATCH[1]}s"
	assert_no_leftover
}

@test "--timeout P%: no timeout before 3 jobs have succeeded" {
	# 1% of a median of a few ms would end the 0.5 s job at once.
	run -0 --separate-stderr gxpool -j1 --timeout 1% \
	    'if [ {} = slow ]; then sleep 0.5; fi; echo {}' ::: a b slow
	assert_output $'a\nb\nslow'
	assert_stderr_empty
}

@test "--timeout P%: a job already running gets it once 3 jobs have succeeded" {
	# Job 1 starts first and sleeps for ever; jobs 2-4 take the other slot.
	run -1 --separate-stderr gxpool -j2 --timeout 200% \
	    'if [ {} = slow ]; then sleep "$SLEEP_ARG"; else sleep 0.1; echo {}; fi' ::: slow a b c
	assert_output $'a\nb\nc'
	assert_stderr_regex '^xpool: job 1 timed out after [0-9.]+s: '
	assert_no_leftover
}

# ---------------------------------------------------------------- --termseq

@test "--timeout: a job and its grandchild that ignore SIGTERM are ended by the --termseq" {
	run -1 --separate-stderr gxpool --timeout 1 --termseq TERM,100,KILL,25 stubborn {} ::: 1
	assert_stderr_regex '^xpool: job 1 timed out after 1s: stubborn 1'
	assert_file_exists gc.1
	assert_no_leftover
}

@test "--termseq default (TERM,200,TERM,100,TERM,50,KILL,25): SIGTERM-proof jobs end" {
	# --halt now ends job 1 once it and its grandchild are in place.
	run -3 --separate-stderr gxpool -j2 --halt now,fail=1 \
	    'case {} in s) stubborn 1 ;; f) waitfor started.1; exit 3 ;; esac' ::: s f
	assert_stderr_line 'xpool: --halt: job 2 failed \(status 3\): .*; ending 1 running job'
	assert_no_leftover
	# The same with --timeout.
	run -1 --separate-stderr gxpool --timeout 1 stubborn {} ::: 2
	assert_stderr_regex '^xpool: job 1 timed out after 1s: stubborn 2'
	assert_file_exists gc.2
	assert_no_leftover
}

@test "--termseq INT: the chosen signal is what the job gets" {
	# Job 1 exits on SIGINT, writing what it got; a SIGTERM would kill it
	# without a word.
	run -4 --separate-stderr gxpool -j2 --halt now,fail=1 --termseq INT,1000,KILL \
	    'case {} in
	     s) trap "echo INT >>got; exit 3" INT; : >started.1; sleep "$SLEEP_ARG" & wait $! ;;
	     f) waitfor started.1; exit 4 ;;
	     esac' ::: s f
	run -0 cat got
	assert_output INT
	assert_no_leftover
}

@test "--termseq: each signal in turn, after its wait" {
	# Job 1 records SIGINT and SIGHUP and survives both; SIGKILL ends it.
	run -4 --separate-stderr gxpool -j2 --halt now,fail=1 --termseq INT,200,HUP,200,KILL \
	    'case {} in
	     s) trap "echo INT >>sigs" INT; trap "echo HUP >>sigs" HUP
	        : >started.1
	        while :; do sleep "$SLEEP_ARG" & wait $!; done ;;
	     f) waitfor started.1; exit 4 ;;
	     esac' ::: s f
	run -0 cat sigs
	assert_output $'INT\nHUP'
	assert_no_leftover
}

@test "--term-seq, signal numbers, lower case and SIG names are the same option" {
	local seq
	for seq in 2,1000,9 sigint,1000,kill Int,1000,SIGKILL; do
		rm -f got
		run -1 --separate-stderr gxpool --timeout 1 --term-seq "$seq" \
		    'trap "echo INT >>got; exit 0" INT; sleep "$SLEEP_ARG" & wait $!; : {}' ::: a
		assert_stderr_regex '^xpool: job 1 timed out after 1s'
		run -0 cat got
		assert_output INT
	done
	assert_no_leftover
}

@test "--termseq: bad values: 255 with a message, no job runs" {
	local v
	for v in '' foo SIGFOO 0 99999 'TERM,x' 'TERM,-1' 'TERM,1.5' 'TERM,100x' \
	    ',100' 'TERM,,KILL' 'TERM,100,' 'TERM,100,KILL,25,' 'TERM 100'; do
		bad_value --termseq "$v" --termseq
	done
	bad_value --term-seq foo --termseq
}

@test "leftovers of a job that exited are ended, even when they ignore SIGTERM" {
	local ts
	for ts in default TERM,50,KILL; do
		local opt=()
		[[ $ts == default ]] || opt=(--termseq "$ts")
		rm -f gc.ready
		run -0 --separate-stderr gxpool "${opt[@]}" -j1 \
		    '(trap "" TERM; : >gc.ready; exec sleep "$SLEEP_ARG") >/dev/null 2>&1 & waitfor gc.ready; echo {}' ::: a
		assert_output a
		assert_stderr_empty
		assert_no_leftover
	done
}

@test "--termseq: the wait ends as soon as the job's process group is empty" {
	# The shell and its sleep both die of the first SIGTERM.  The next step
	# is 100 s away, far past the guard: xpool must not wait for it.
	run -1 --separate-stderr gxpool --timeout 0.5 --termseq TERM,100000,KILL \
	    'sleep "$SLEEP_ARG"; echo {}' ::: a
	assert_stderr_regex '^xpool: job 1 timed out after 0\.5s'
	assert_no_leftover
}

# ---------------------------------------------------------------- --retries

@test "--retries 3: a job that fails twice then succeeds shows its last try, in its place" {
	run -0 --separate-stderr gxpool -j3 --retries 3 flaky {} {#} ::: a b d
	assert_output $'a try 1\nb try 3\nd try 1'
	assert_stderr $'a err 1\nb err 3\nd err 1'
	# Three tries, each with the same {#}.
	run -0 cat seq.b
	assert_output $'2\n2\n2'
	run -0 cat tries.a
	assert_output 1
}

@test "--retries 3: a job that always fails is tried 3 times, shown once (as GNU parallel)" {
	run -1 --separate-stderr gxpool -j3 --retries 3 flaky {} {#} ::: a b c d
	assert_output $'a try 1\nb try 3\nc try 3\nd try 1'
	assert_stderr $'a err 1\nb err 3\nc err 3\nd err 1'
	run -0 cat seq.c
	assert_output $'3\n3\n3'
	if command -v parallel >/dev/null; then
		mkdir gnu
		cd gnu || fail "cannot cd"
		run -1 --separate-stderr parallel --will-cite -k -j3 --retries 3 flaky {} {#} ::: a b c d
		assert_output $'a try 1\nb try 3\nc try 3\nd try 1'
		run -0 cat seq.c
		assert_output $'3\n3\n3'
	fi
}

@test "--retries 0 and 1 both mean once" {
	local n
	for n in 0 1 2; do
		rm -f tries.c
		run -1 --separate-stderr xpool --retries "$n" flaky {} 1 ::: c
		run -0 cat tries.c
		assert_output "$((n > 1 ? n : 1))"
	done
}

@test "--retries with -u: every try's output goes out; a command not found is tried once" {
	run -1 --separate-stderr gxpool -u --retries 3 'echo try {#}; exit 3' ::: a
	assert_output $'try 1\ntry 1\ntry 1'
	run -1 --separate-stderr gxpool -u --retries 3 nosuchcmd-xpool-test ::: a
	assert_output ''
	assert_stderr 'xpool: nosuchcmd-xpool-test: command not found'
	# Without -u too: one message, status 1.
	run -1 --separate-stderr gxpool --retries 3 nosuchcmd-xpool-test ::: a
	assert_stderr 'xpool: nosuchcmd-xpool-test: command not found'
}

@test "--retries: a job that timed out is run again" {
	run -0 --separate-stderr gxpool --retries 2 --timeout 1 \
	    'echo x >>tries; if [ $(wc -l <tries) = 1 ]; then sleep "$SLEEP_ARG"; fi; echo {} done' ::: a
	assert_output 'a done'
	run -0 cat tries
	assert_output $'x\nx'
	assert_no_leftover
}

@test "--retries: bad values: 255" {
	local v
	for v in x -1 '' 1.5 99999999999999999999; do
		bad_value --retries "$v" --retries
	done
}

@test "--retries: no retry once xpool is stopped by SIGTERM" {
	start_xpool out err -j1 --retries 3 'echo try >>tries; : >started; sleep "$SLEEP_ARG"; : {}' ::: a
	wait_for_file started
	kill -TERM "$XPID"
	wait_xpool
	assert_equal "$status" 143
	run -0 cat tries
	assert_output try
	assert_no_leftover
}

@test "--retries: no retry once --halt stops xpool" {
	start_xpool out err -j2 --retries 3 --halt soon,success=1 \
	    'case {} in
	     a) echo try >>tries.a; : >started.a; waitfor go; exit 1 ;;
	     b) waitfor started.a; exit 0 ;;
	     esac' ::: a b
	wait_for_text err 'xpool: --halt: job 2 succeeded'
	: >go
	wait_xpool
	assert_equal "$status" 0
	run -0 cat tries.a
	assert_output try
	assert_no_leftover
}

@test "--retries: a try that cannot start is logged like a first try that cannot" {
	# The script deletes itself: its second try is "not found".
	printf '#!/bin/sh\nrm -- "$0"\nexit 3\n' >selfdel
	chmod +x selfdel
	run -1 --separate-stderr gxpool --retries 2 --joblog log ./selfdel ::: a
	assert_stderr_contains 'selfdel: command not found'
	# One line for the job: the last try's, status 127.
	run -0 awk -F '\t' 'NR > 1 { print $1, $7, $8 }' log
	assert_output '1 127 0'
	# A first try that cannot start gives the same line.
	run -1 --separate-stderr gxpool --retries 2 --joblog log2 ./selfdel ::: a
	run -0 awk -F '\t' 'NR > 1 { print $1, $7, $8 }' log2
	assert_output '1 127 0'
}

@test "--retries: a try waiting to run again when xpool stops is logged, with its output" {
	# --delay holds the second try back; SIGTERM stops xpool before it.
	start_xpool out err -j1 --delay 1h --retries 3 --joblog log \
	    'echo try >>tries; echo out-{}; echo err-{} >&2; : >failed; exit 4' ::: a
	wait_for_file failed
	# Reaped (no child left, not even a zombie): the second try waits.
	local n=$((GUARD * 20))
	while pgrep -P "$XPID" >/dev/null; do
		((--n > 0)) || fail "xpool did not reap its job"
		sleep 0.05
	done
	kill -TERM "$XPID"
	wait_xpool
	assert_equal "$status" 143
	run -0 cat tries
	assert_output try
	run -0 awk -F '\t' 'NR > 1 { print $1, $7, $8 }' log
	assert_output '1 4 0'
	run -0 cat out
	assert_output out-a
	assert_file_contains err 'err-a'
}

@test "--timeout: the note that a job timed out is in its records too" {
	run -3 --separate-stderr gxpool --timeout 1 --results res \
	    'echo {}; sleep "$SLEEP_ARG"' ::: a b c
	run -0 cat res/1/a/stderr
	assert_output --regexp '^xpool: job 1 timed out after 1s'
	run -0 cat res/1/c/stdout
	assert_output c
	assert_no_leftover
}

@test "--retries with --halt: only a job's last try counts" {
	# b fails twice, then succeeds: never one failure for --halt.
	run -0 --separate-stderr gxpool -j1 --retries 3 --halt now,fail=1 flaky {} {#} ::: a b d
	assert_output $'a try 1\nb try 3\nd try 1'
}

# ---------------------------------------------------------------- --halt

# halt_now SPEC ITEM STATUS: job 1 runs on while job 2 (ITEM) ends; SPEC
# must end job 1 at once, start no job 3, and exit STATUS.
halt_now() {
	run -"$3" --separate-stderr gxpool -j2 --halt "$1" hjob {} ::: long "$2" x9
	assert_output "$2"
	assert_file_exists ended.long
	assert_file_not_exists ran.x9
	assert_stderr_line "xpool: --halt: job 2 [a-z]+( \\(status $3\\))?: hjob $2; ending 1 running job"
	assert_no_leftover
}

# halt_soon SPEC ITEM STATUS: the same, but SPEC lets job 1 finish.
halt_soon() {
	start_xpool out err -j2 --halt "$1" hjob {} ::: long "$2" x9
	wait_for_text err 'xpool: --halt: '
	: >go
	wait_xpool
	assert_equal "$status" "$3"
	run -0 cat out
	assert_output $'long done\n'"$2"
	assert_file_not_exists ended.long
	assert_file_not_exists ran.x9
	run -0 cat err
	assert_output --regexp "^xpool: --halt: job 2 [a-z]+( \\(status $3\\))?: hjob $2; starting no more jobs, waiting for 1 running job\$"
	assert_no_leftover
}

@test "--halt now,fail=1: the failed job's status; running jobs ended; no new job" {
	halt_now now,fail=1 e3 3
	assert_stderr_line 'xpool: --halt: job 2 failed \(status 3\): hjob e3; ending 1 running job'
}

@test "--halt soon,fail=1: running jobs finish with their output; no new job" {
	halt_soon soon,fail=1 e4 4
}

@test "--halt soon,success=1: exit 0 after the first success; no new job" {
	run -0 --separate-stderr gxpool -j1 --halt soon,success=1 hjob {} ::: x3 x0 x7
	assert_output $'x3\nx0'
	assert_file_not_exists ran.x7
	assert_stderr 'xpool: --halt: job 2 succeeded: hjob x0; starting no more jobs'
	halt_soon soon,success=1 e0 0
}

@test "--halt now,success=1: exit 0; the running job is ended" {
	halt_now now,success=1 e0 0
}

@test "--halt now,done=2: status counts failures, jobs it ended among them" {
	# Jobs 2 and 3 end (successfully) while job 1 runs; --halt ends job 1,
	# which is then the one failure.
	run -1 --separate-stderr gxpool -j3 --halt now,done=2 hjob {} ::: long e0-a e0-b
	assert_output --regexp $'^e0-a\ne0-b$'
	assert_file_exists ended.long
	assert_stderr_line 'xpool: --halt: job [23] ended: hjob e0-[ab]; ending 1 running job'
	assert_no_leftover
	# Without a job to end: the number of failures so far.
	run -1 --separate-stderr gxpool -j1 --halt soon,done=2 hjob {} ::: x0 x5 x6 x7
	assert_output $'x0\nx5'
	assert_file_not_exists ran.x6
}

@test "--halt old forms: 2 = now,fail=1" {
	halt_now 2 e3 3
}

@test "--halt old forms: 1 = soon,fail=1 (and --halt-on-error is --halt)" {
	halt_soon 1 e5 5
	rm -f go ended.long ran.* started.long
	run -6 --separate-stderr gxpool -j2 --halt-on-error 2 hjob {} ::: long e6 x9
	assert_file_exists ended.long
	assert_file_not_exists ran.x9
}

@test "--halt old forms: -1 = soon,success=1, -2 = now,success=1" {
	halt_soon -1 e0 0
	rm -f go ended.long ran.* started.long
	halt_now -2 e0 0
	rm -f go ended.long ran.* started.long
	run -0 --separate-stderr gxpool -j2 --halt=-2 hjob {} ::: long e0 x9
	assert_file_exists ended.long
}

@test "--halt never and 0: every job runs" {
	run -2 --separate-stderr xpool -j1 --halt never hjob {} ::: x1 x2 x0
	assert_output $'x1\nx2\nx0'
	assert_stderr_empty
	run -2 --separate-stderr xpool -j1 --halt 0 hjob {} ::: x1 x2 x0
	assert_output $'x1\nx2\nx0'
}

@test "--halt soon,fail=50% over 4 jobs (and the old form 50%)" {
	local spec
	for spec in soon,fail=50% 50%; do
		rm -f ran.*
		# The second failure is 50% of 4: the exit status is that
		# percentage, as with GNU parallel.
		run -50 --separate-stderr gxpool -j1 --halt "$spec" hjob {} ::: x0 x3 x4 x0-b
		assert_output $'x0\nx3\nx4'
		assert_file_not_exists ran.x0-b
		assert_stderr 'xpool: --halt: job 3 failed (status 4): hjob x4; starting no more jobs'
	done
}

@test "--halt fail=P% with a ::: list: a percentage of all the jobs" {
	# 1 failure of 4 jobs is 25%: halt at once, exit 25.
	run -25 --separate-stderr gxpool -j1 --halt soon,fail=25% hjob {} ::: x3 x0-a x0-b x0-c
	assert_output x3
	assert_file_not_exists ran.x0-a
	assert_stderr 'xpool: --halt: job 1 failed (status 3): hjob x3; starting no more jobs'
}

@test "--halt fail=P% with input still coming: a percentage of the jobs finished, once 3 have" {
	mkfifo feed
	exec 7<>feed
	XPOOL_STDIN=feed start_xpool out err -j1 --halt soon,fail=50% hjob
	# Input stays open: the number of jobs is not known.  Job 1's failure
	# is 100% of 1 job, but fewer than 3 have finished; the third failure
	# (job 6) is 50% of 6.  Of the 10 items, 50% would need 5 failures.
	printf '%s\n' x3 x0-a x0-b x0-c x5 x6 x7 x8 x9 x0-d >&7
	wait_for_text err 'xpool: --halt: '
	wait_xpool
	exec 7>&-
	assert_equal "$status" 50
	run -0 cat err
	assert_output 'xpool: --halt: job 6 failed (status 6): hjob x6; starting no more jobs'
	assert_file_not_exists ran.x7
}

@test "--halt fail=P%: only a failure can make xpool halt for failures" {
	mkfifo feed
	exec 7<>feed
	XPOOL_STDIN=feed start_xpool out err -j1 --halt soon,fail=50% hjob
	# Jobs 1 and 2 fail (fewer than 3 finished); job 3 succeeds; job 4
	# fails: 3 of 4.
	printf '%s\n' x3 x4 x0 x5 x0-a x0-b >&7
	wait_for_text err 'xpool: --halt: '
	wait_xpool
	exec 7>&-
	# 3 of 4 failed: 75%.
	assert_equal "$status" 75
	run -0 cat err
	assert_output 'xpool: --halt: job 4 failed (status 5): hjob x5; starting no more jobs'
}

@test "--halt: bad values: 255 with a message, no job runs" {
	local v
	for v in '' bogus now soon now,fail now,fail= now,fail=x soon,fail=0 \
	    now,fail=-1 later,fail=1 now,fail=101% now,fail=0% now,nope=1 \
	    now,fail=1,success=2 3 -3 NOW,FAIL=1 'now;fail=1' soon,done=1.5 \
	    now,fail=1x; do
		bad_value --halt "$v" --halt
	done
	bad_value --halt-on-error bogus --halt
}

@test "--halt soon,fail=2: exit status as GNU parallel's ('exit {}' ::: 1 2 0 5)" {
	local want=2
	if command -v parallel >/dev/null; then
		want=0
		parallel --will-cite -j1 --halt soon,fail=2 'exit {}' ::: 1 2 0 5 2>/dev/null ||
		    want=$?
	fi
	run -"$want" --separate-stderr xpool -j1 --halt soon,fail=2 'exit {}' ::: 1 2 0 5
	assert_stderr 'xpool: --halt: job 2 failed (status 2): exit 2; starting no more jobs'
}

@test "--halt soon,fail=2 and fail=50%: exit status as GNU parallel's" {
	command -v parallel >/dev/null || skip "GNU parallel is not installed"
	local spec items want
	for spec in soon,fail=2 soon,fail=50%; do
		items=(0 3 4 0)
		want=0
		parallel --will-cite -j1 --halt "$spec" 'exit {}' ::: "${items[@]}" 2>/dev/null ||
		    want=$?
		run -"$want" --separate-stderr xpool -j1 --halt "$spec" 'exit {}' ::: "${items[@]}"
	done
}
