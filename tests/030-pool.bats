#!/usr/bin/env bats
# shellcheck disable=SC1083,SC2016,SC2030,SC2031,SC2154,SC1003,SC2012
# (SC1083: {} {1} ... are xpool replacement strings; SC2016: $ in single
# quotes is for the job's shell; SC2030/SC2031/SC2154: bats runs each test in a
# subshell and sets $stderr and $lines.)
# 030-pool: how many jobs run at once, slots, the jobs' environment, and lazy
# input.
#
# Concurrency is observed, never timed: each job records itself in files
# (under a flock), and jobs that must run together wait for each other or for
# a file the test creates.  A wait that runs out ($GUARD) means "hung".

load helpers

setup() {
	common_setup
	mkdir slots running started
	# holdjob SEQ SLOT: record this job, then (when HOLD is set) wait for
	# the file 'release'.  Any inconsistency goes into 'errors'.
	cat >"$BATS_TEST_TMPDIR/bin/holdjob" <<'EOF'
#!/bin/sh
seq=$1 slot=$2
cd "$WORK" || exit 1
case $slot in
''|*[!0-9]*|0) echo "job $seq: bad slot '$slot'" >>errors ;;
esac
mkdir "slots/$slot" 2>/dev/null ||
	echo "job $seq: slot $slot was in use when it started" >>errors
[ "$XPOOL_SLOT" = "$slot" ] ||
	echo "job $seq: XPOOL_SLOT='$XPOOL_SLOT' but {%}=$slot" >>errors
[ "$XPOOL_SEQ" = "$seq" ] ||
	echo "job $seq: XPOOL_SEQ='$XPOOL_SEQ' but {#}=$seq" >>errors
(
	flock 9
	: >"running/$seq"
	ls running | wc -l >>counts
	echo "$slot" >>slotlog
) 9>lock
: >"started/$seq"
if [ -n "${HOLD:-}" ]; then
	waitfor release || exit 1
fi
rm -f "running/$seq"
rmdir "slots/$slot"
exit 0
EOF
	chmod +x "$BATS_TEST_TMPDIR/bin/holdjob"
}

# max_count: the most jobs that were ever seen running at once.
max_count() {
	sort -n counts | tail -n 1
}

assert_no_errors() {
	if [[ -s errors ]]; then
		fail "$(cat errors)"
	fi
}

# check_jobs JOBS EXPECTED: -j JOBS runs exactly EXPECTED jobs at once.
# EXPECTED+1 jobs are started; the first EXPECTED hold until the test
# releases them, so all of them must be running together, and the last one
# can only start once one of them has ended.
check_jobs() {
	local jflag=$1 want=$2 n
	n=$((want + 1))
	export HOLD=1
	start_xpool out err -j "$jflag" holdjob {#} {%} ::: $(seq "$n")
	wait_for_count "$want" started
	: >release
	wait_xpool
	check_run "$n" "$want"
	assert_no_leftover
}

# check_run N WANT: xpool succeeded, N jobs ran, at most WANT at once (and
# WANT were seen at once).  Says what happened when not.
check_run() {
	local n=$1 want=$2 ran
	((status == 0)) || fail "xpool exited $status; its stderr: $(cat err)"
	assert_no_errors
	ran=$(find started -type f | wc -l)
	((ran == n)) || fail "$ran of $n jobs ran; xpool's stderr: $(cat err)"
	[[ $(max_count) == "$want" ]] ||
	    fail "at most $(max_count) jobs ran at once, not $want (each job saw: $(tr '\n' ' ' <counts); slots: $(tr '\n' ' ' <slotlog))"
}

# ---------------------------------------------------------------- -j forms

@test "-j N runs N jobs at once, never more" {
	check_jobs 3 3
}

@test "-j 1 runs one job at a time" {
	check_jobs 1 1
}

@test "--jobs N and -P N are -j N" {
	run -0 --separate-stderr xpool --jobs 2 holdjob {#} {%} ::: 1 2 3 4
	assert_no_errors
	(($(max_count) <= 2)) || fail "more than 2 at once: $(max_count)"
	rm -f counts
	run -0 --separate-stderr xpool -P 1 holdjob {#} {%} ::: 1 2 3
	assert_no_errors
	assert_equal "$(max_count)" 1
}

@test "no -j: as many jobs as usable CPUs" {
	local ncpu n
	ncpu=$(usable_cpus)
	n=$((ncpu + 1))
	export HOLD=1
	start_xpool out err holdjob {#} {%} ::: $(seq "$n")
	wait_for_count "$ncpu" started
	: >release
	wait_xpool
	check_run "$n" "$ncpu"
}

@test "-j +N: usable CPUs plus N" {
	check_jobs +1 $(($(usable_cpus) + 1))
}

@test "-j -N: usable CPUs minus N, at least 1" {
	local want=$(($(usable_cpus) - 1))
	((want < 1)) && want=1
	check_jobs -1 "$want"
}

@test "-j -N larger than the CPU count: 1" {
	check_jobs -1000 1
}

@test "-j N%: that share of the usable CPUs, at least 1" {
	local want=$(($(usable_cpus) * 200 / 100))
	check_jobs 200% "$want"
}

@test "-j 1%: at least one job" {
	check_jobs 1% 1
}

@test "-j 0: as many as possible" {
	export HOLD=1
	start_xpool out err -j 0 holdjob {#} {%} ::: $(seq 12)
	wait_for_count 12 started
	: >release
	wait_xpool
	check_run 12 12
}

@test "-j with junk: exit 255, the exact message, nothing runs" {
	run -255 --separate-stderr xpool -j x4 touch ran ::: a
	assert_output ''
	assert_equal "${stderr_lines[0]}" "xpool: -j 'x4': not a number (use N, +N, -N, N% or 0)"
	assert_messages_prefixed
	assert_file_not_exists ran
	assert_file_not_exists a
}

@test "-j bad values: exit 255 and a message naming the value" {
	local v
	for v in '' 1.5 - + % abc% 5x ' 2' x -x +x 99999999999999999999; do
		run -255 --separate-stderr xpool -j "$v" touch ran ::: a
		assert_output ''
		[[ $stderr == "xpool: -j '$v': "* ]] ||
		    fail "-j '$v': unexpected message: $stderr"
	done
	assert_file_not_exists ran
}

@test "-j 2% is a valid value" {
	run -0 --separate-stderr xpool -j 2% true ::: a
	assert_stderr_empty
}

# ---------------------------------------------------------------- slots

@test "{%} is within 1..J and never shared by two running jobs" {
	run -0 --separate-stderr xpool -j 3 holdjob {#} {%} ::: $(seq 40)
	assert_no_errors
	assert_equal "$(wc -l <slotlog)" 40
	run -0 sort -u slotlog
	local s
	for s in "${lines[@]}"; do
		((s >= 1 && s <= 3)) || fail "slot $s is outside 1..3"
	done
	(($(max_count) <= 3)) || fail "more than 3 at once: $(max_count)"
}

@test "{%}: J jobs held at once use J different slots" {
	export HOLD=1
	start_xpool out err -j 4 holdjob {#} {%} ::: 1 2 3 4
	wait_for_count 4 started
	assert_equal "$(ls slots | sort | tr '\n' ' ')" "1 2 3 4 "
	: >release
	wait_xpool
	assert_equal "$status" 0
	assert_no_errors
}

@test "{%} is 1 for every job with -j1" {
	run -0 --separate-stderr xpool -j1 "$SHOWARGS" {%} ::: a b c
	assert_output $'1|\n1|\n1|'
}

@test "XPOOL_SEQ and XPOOL_SLOT are in the jobs' environment" {
	run -0 --separate-stderr xpool -j1 'echo "$XPOOL_SEQ:$XPOOL_SLOT:{}"' ::: a b c
	assert_output $'1:1:a\n2:1:b\n3:1:c'
}

@test "XPOOL_SEQ and XPOOL_SLOT in a directly executed job" {
	printf '#!/bin/sh\necho "$XPOOL_SEQ $XPOOL_SLOT $1"\n' >envdump
	chmod +x envdump
	run -0 --separate-stderr xpool -j1 ./envdump ::: a b
	assert_output $'1 1 a\n2 1 b'
}

@test "XPOOL_SEQ and XPOOL_SLOT from xpool's own environment are replaced" {
	XPOOL_SEQ=99 XPOOL_SLOT=77 run -0 --separate-stderr xpool -j1 'echo "$XPOOL_SEQ $XPOOL_SLOT"; : {}' ::: a
	assert_output '1 1'
}

@test "jobs get the rest of xpool's environment" {
	MY_TEST_VAR='a b' run -0 --separate-stderr xpool 'echo "$MY_TEST_VAR"; : {}' ::: x
	assert_output 'a b'
}

# ---------------------------------------------------------------- lazy input

@test "lazy input: a job starts as soon as its item is read, before input ends" {
	mkfifo feed
	XPOOL_STDIN=feed start_xpool out err -j2 touch '{}.done'
	exec 7>feed
	echo first >&7
	wait_for_file first.done
	echo second >&7
	wait_for_file second.done
	exec 7>&-
	wait_xpool
	assert_equal "$status" 0
	assert_no_leftover
}

@test "lazy input: endless input starts jobs at once (yes | xpool)" {
	# The input never ends: if xpool read it all first, no job would start.
	mkfifo feed
	yes x >feed 3>&- &
	local yes_pid=$!
	XPOOL_STDIN=feed start_xpool out err -j2 touch 'mark.{#}'
	wait_for_file mark.1
	wait_for_file mark.3
	kill -TERM "$XPID"
	wait_xpool
	kill "$yes_pid" 2>/dev/null || true
	wait "$yes_pid" 2>/dev/null || true
	assert_equal "$status" 143
	assert_no_leftover
}

@test "lazy input: seq 100000000 | xpool -j2 starts jobs at once, in little memory" {
	# The producer keeps its end open after seq: a reader that waited for
	# the end of input would never start a job.
	mkfifo feed
	{
		seq 100000000
		exec sleep "$SLEEP_ARG"
	} >feed 3>&- &
	local prod=$!
	XPOOL_STDIN=feed start_xpool out err -j2 touch 'mark.{}'
	wait_for_file mark.1
	wait_for_file mark.3
	# 100000000 lines are 888 MB; xpool holds a few reads of them.
	local hwm
	hwm=$(awk '/^VmHWM:/ {print $2}' "/proc/$XPID/status")
	((hwm < 262144)) || fail "xpool's peak memory is ${hwm} kB"
	kill -TERM "$XPID"
	wait_xpool
	assert_equal "$status" 143
	kill "$prod" 2>/dev/null || true
	wait "$prod" 2>/dev/null || true
	assert_no_leftover
}

@test "backpressure: with the pool full, xpool does not read the whole input" {
	# One slot, held: xpool needs only the next item or so.  The input is
	# 64 MiB; the producer must stay blocked while the slot is held.
	mkfifo feed
	(
		i=0
		while [ "$i" -lt 65536 ]; do
			# 1 KiB lines; 'count' is how far the producer got.
			printf '%01023d\n' "$i" || exit 0
			i=$((i + 1))
			[ $((i % 256)) -eq 0 ] && echo "$i" >count
		done
		echo 'done' >count
	) >feed 3>&- &
	local prod=$!
	export HOLD=1
	XPOOL_STDIN=feed start_xpool out err -j1 holdjob {#} {%}
	wait_for_file started/1
	# Give a reader that takes everything a window to do so (2 s, about
	# 30 times what reading 64 MiB takes).  A lazy xpool passes however
	# long this is: the producer cannot finish while the slot is held.
	local n=0
	while ((n < 40)); do
		sleep 0.05
		n=$((n + 1))
	done
	run cat count
	[[ $output != 'done' ]] || fail "the whole 64 MiB input was read while the pool was full"
	kill -TERM "$XPID"
	wait_xpool
	kill "$prod" 2>/dev/null || true
	wait "$prod" 2>/dev/null || true
	assert_no_leftover
}

@test "what a job leaves behind comes to xpool, not to pid 1, and ends with the run" {
	# Job a starts an orphan in a session of its own and exits; the
	# orphan waits for it to be gone, then says who its parent is. Job b
	# holds the run until it has.  (An init that reaps late kept a
	# zombie's group, and the run, waiting for the whole --termseq.)
	run -0 --separate-stderr xpool -j2 '
	if [ {} = a ]; then
		echo $PPID >xpool.pid
		setsid sh -c ": >detached
		    while kill -0 $$ 2>/dev/null; do sleep 0.05; done
		    read -r pid comm state ppid rest </proc/\$\$/stat
		    echo \$ppid >orphan.ppid" </dev/null >/dev/null 2>&1 &
		# Out of the job'"'"'s group before the job ends (its group is
		# ended then).
		n=0
		until [ -e detached ] || [ $n -ge 400 ]; do
			sleep 0.05; n=$((n + 1))
		done
	else
		n=0
		until [ -s orphan.ppid ] || [ $n -ge 400 ]; do
			sleep 0.05; n=$((n + 1))
		done
	fi' ::: a b
	[[ -s orphan.ppid ]] || fail "the orphan never said its parent"
	assert_equal "$(cat orphan.ppid)" "$(cat xpool.pid)"
}
