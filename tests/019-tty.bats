#!/usr/bin/env bats
# shellcheck disable=SC1083,SC2016,SC2030,SC2031,SC2154
# (SC1083: {} {1} ... are xpool replacement strings; SC2016: $ in single
# quotes is for the job's shell; SC2030/SC2031/SC2154: bats runs each test in a
# subshell and sets $stderr and $lines.)
# 019-tty: the terminal: -p (--interactive) asks before each job, -o
# (--open-tty) and --tty give the jobs the terminal as standard input.  And
# what GNU parallel documents with them, the machine's memory: --memsuspend
# stops the youngest jobs while memory is short.
#
# A terminal is made with script(1): what the test writes to script's
# standard input is what is typed, a line at a time as the terminal hands
# it over.  What xpool and the jobs leave is read from files, not from the
# terminal (which echoes what is typed).  A run without a terminal is
# started with setsid(1), which leaves it none, so that a test run from a
# terminal sees the same.  Each test states what it expects; where GNU
# parallel is installed, it is run the same way and must leave the same.

load helpers

teardown() {
	[[ -z ${XPID:-} ]] || kill -KILL "$XPID" 2>/dev/null || true
	common_teardown
}

# on_tty ANSWERS CMD: run the shell command CMD on a terminal of its own
# (bash, so that $? works in it), with the lines ANSWERS typed into it.
on_tty() {
	printf '%s' "$1" >typed
	SHELL=/bin/bash timeout "$GUARD" script -qfec "$2" /dev/null \
	    <typed >/dev/null
}

# both: the programs a test runs: xpool, and GNU parallel where installed.
both() {
	echo "$XPOOL"
	if command -v parallel >/dev/null; then
		command -v parallel
	fi
}

# fresh: an empty directory of its own for each program's run.
fresh() {
	rm -rf run
	mkdir run
	cd run || return 1
}

@test "-p runs a job only when the answer starts with y, after its question" {
	local prog
	for prog in $(both); do
		fresh
		on_tty $'y\nno\n  Yes\n' \
		    "'$prog' -j1 -p --joblog log touch ::: a b c 2>err; echo \$? >rc"
		assert_file_exists a
		assert_file_not_exists b
		assert_file_exists c
		# A skipped job counts as failed, as a Perl skip() does.
		assert_equal "$(cat rc)" 1
		assert_equal "$(cut -f 7,9 log | tail -n +2)" \
		    $'0\ttouch a\n-2\ttouch b\n0\ttouch c'
		# The question takes the place of -t's line: no newline after it.
		assert_equal "$(cat err)" 'touch a ?...touch b ?...touch c ?...'
		cd ..
	done
}

@test "-p with -t: the question takes the place of -t's line" {
	local prog
	for prog in $(both); do
		fresh
		on_tty $'y\n' "'$prog' -t -p echo ::: a >out 2>err"
		assert_equal "$(cat out)" a
		assert_equal "$(cat err)" 'echo a ?...'
		cd ..
	done
}

@test "-p with --dry-run: asks, prints the command whatever the answer" {
	local prog
	for prog in $(both); do
		fresh
		on_tty $'n\ny\n' \
		    "'$prog' -j1 -k -p --dry-run touch ::: a b >out 2>err; echo \$? >rc"
		assert_equal "$(cat out)" $'touch a\ntouch b'
		assert_equal "$(cat rc)" 1
		assert_file_not_exists a
		assert_file_not_exists b
		cd ..
	done
}

@test "-p asks again before each --retries try" {
	local prog
	for prog in $(both); do
		fresh
		on_tty $'y\nn\n' \
		    "'$prog' --retries 2 -p --joblog log false ::: a 2>err; echo \$? >rc"
		assert_equal "$(cat err)" 'false a ?...false a ?...'
		assert_equal "$(cat rc)" 1
		assert_equal "$(cut -f 7 log | tail -n +2)" -2
		cd ..
	done
}

@test "-p without a terminal: says so, runs nothing, 255" {
	run -255 --separate-stderr setsid -w "$XPOOL" -p touch ::: a
	assert_output ''
	assert_file_not_exists a
	assert_stderr_regex '^touch a \?\.\.\.xpool: -p \(--interactive\) asks on the terminal, and /dev/tty cannot be opened: .*; run xpool from a terminal, or leave out -p$'
}

@test "-o: the jobs' standard input is the terminal; -j and grouping as usual" {
	local prog
	for prog in $(both); do
		fresh
		on_tty '' "'$prog' -o -j2 -k 'test -t 0 && echo tty {}' ::: a b >out"
		assert_equal "$(cat out)" $'tty a\ntty b'
		cd ..
	done
	# Not -u: the job writes to a pipe, not to xpool's standard output.
	run -0 xpool -o 'readlink /proc/$$/fd/1 # {}' ::: a
	assert_output --regexp '^pipe:'
}

@test "-o without a terminal: the jobs read what they would without it" {
	run -0 setsid -w "$XPOOL" -o 'test -t 0 || echo no tty {}' ::: a
	assert_output 'no tty a'
}

@test "--tty: a job reads the terminal's lines, in the foreground, one job at a time" {
	local prog
	for prog in $(both); do
		fresh
		# A job in a process group of its own would be stopped by
		# SIGTTIN here, and the run would hang.
		on_tty $'one\ntwo\n' \
		    "'$prog' --tty 'read -r x; echo {} \$x >>out' ::: a b"
		assert_equal "$(cat out)" $'a one\nb two'
		cd ..
	done
}

@test "--tty is -j1 unless -j is given" {
	local prog
	for prog in $(both); do
		# Under -j1 every job has slot 1; more slots would give 2 and 3
		# to the jobs started while the first one sleeps.
		run -0 "$prog" --tty -k 'sleep 0.2; echo {%}' ::: a b c </dev/null
		assert_output $'1\n1\n1'
		# -j3: three slots, whichever job took which.
		# (each waits until all three run, so no slot is freed first)
		rm -f s.a s.b s.c
		run -0 "$prog" --tty -j3 ': >s.{}; n=0
		    until [ -e s.a ] && [ -e s.b ] && [ -e s.c ] || [ $n -gt 600 ]
		    do sleep 0.05; n=$((n + 1)); done; echo {%}' ::: a b c </dev/null
		assert_equal "$(sort <<<"$output")" $'1\n2\n3'
	done
}

@test "--tty is -u unless --group is given" {
	local prog
	for prog in $(both); do
		# -u: the job writes straight to xpool's standard output.
		"$prog" --tty 'readlink /proc/$$/fd/1 # {}' ::: a </dev/null >out
		assert_equal "$(cat out)" "$PWD/out"
		# --group: it writes to what holds its output (a pipe; GNU
		# parallel's is a temporary file).
		"$prog" --tty --group 'readlink /proc/$$/fd/1 # {}' ::: a \
		    </dev/null >out
		[[ $(cat out) != "$PWD/out" ]]
	done
}

# ---------------------------------------------------------------- --memsuspend

# stopped PID: the process is stopped (state T).
stopped() {
	[[ $(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null) == T ]]
}

# wait_stopped PID: until it is (bounded: a hang guard).
wait_stopped() {
	local n=$((GUARD * 20))
	until stopped "$1"; do
		if ((--n <= 0)); then
			fail "process $1 was not stopped within ${GUARD}s"
			return 1
		fi
		sleep 0.05
	done
}

# memsuspend_jobs PROG: PROG runs nine jobs at -j9 under --memsuspend
# 73% of the memory available now (S), as PROG counts it: xpool as
# mem_available_kb, GNU parallel as MemFree + Buffers + Cached +
# SwapCached.  They start while S is available, and by GNU parallel's rule,
# while under 1.875 x S is, at most the eight oldest run on: the youngest
# is stopped.  Both hold while the memory available stays within about a
# quarter of what it was, down or up; a moment outside only delays them.
# Job N writes its shell's pid to pid.N, waits for the file go.N, then
# makes done.N.
memsuspend_jobs() {
	local avail_kb i
	if [[ $1 == "$XPOOL" ]]; then
		avail_kb=$(mem_available_kb)
	else
		avail_kb=$(awk '/^((Swap)?Cached|MemFree|Buffers):/ { n += $2 }
		    END { print n }' /proc/meminfo)
	fi
	XPOOL=$1 start_xpool out err -j9 -k \
	    --memsuspend "$((avail_kb * 73 / 100))K" \
	    'echo $$ >pid.{}; until [ -e go.{} ]; do sleep 0.05; done; echo done {}; touch done.{}' \
	    ::: 1 2 3 4 5 6 7 8 9
	for i in 1 2 3 4 5 6 7 8 9; do
		wait_for_file "pid.$i"
	done
}

@test "--memsuspend: the youngest job stops while memory is short, and goes on once the older ones end" {
	local avail_kb prog
	avail_kb=$(mem_available_kb)
	((avail_kb >= 4 * 1024 * 1024)) ||
	    skip "less than 4 GiB of memory available (${avail_kb} KiB)"
	for prog in $(both); do
		fresh
		memsuspend_jobs "$prog"
		wait_stopped "$(cat pid.9)"
		# The oldest job always runs: it sees go.1 and ends.
		touch go.1
		wait_for_file done.1
		# Job 9 goes on at the latest when the older ones have ended.
		touch go.2 go.3 go.4 go.5 go.6 go.7 go.8 go.9
		wait_xpool
		assert_equal "$status" 0
		assert_equal "$(cat out)" "$(printf 'done %s\n' 1 2 3 4 5 6 7 8 9)"
		cd ..
	done
	assert_no_leftover
}

@test "--memsuspend: a stopped job is still ended by a signal to xpool" {
	local avail_kb
	avail_kb=$(mem_available_kb)
	((avail_kb >= 4 * 1024 * 1024)) ||
	    skip "less than 4 GiB of memory available (${avail_kb} KiB)"
	memsuspend_jobs "$XPOOL"
	wait_stopped "$(cat pid.9)"
	kill -TERM "$XPID"
	wait_xpool
	assert_equal "$status" $((128 + 15))
	assert_no_leftover
}

@test "--memsuspend 1M: jobs run as usual" {
	local prog
	for prog in $(both); do
		run -0 --separate-stderr "$prog" -j2 -k --memsuspend 1M echo ::: a b c
		assert_output $'a\nb\nc'
		assert_stderr_empty
	done
}

@test "--memsuspend more than the machine's memory, or bad: 255 and a message, no job runs" {
	local v
	run -255 --separate-stderr xpool --memsuspend 1000T touch ran ::: a
	assert_output ''
	assert_file_not_exists ran
	assert_stderr_regex "^xpool: --memsuspend: .* more than the memory"
	for v in abc -1 '' 1X K; do
		run -255 --separate-stderr xpool --memsuspend "$v" touch ran ::: a
		assert_file_not_exists ran
		assert_stderr_regex "^xpool: --memsuspend '"
	done
}

# ---------------------------------------------------------------- --noswap

# swap_counts: pages swapped in and out since boot (/proc/vmstat).
swap_counts() {
	awk '$1 == "pswpin" || $1 == "pswpout" { printf "%s ", $2 }' /proc/vmstat
}

@test "--noswap: the first job waits for a second's sample; not swapping, all run" {
	local before after t0 t1 prog
	[[ -r /proc/vmstat ]] || skip "no /proc/vmstat"
	for prog in $(both); do
		read -ra before <<<"$(swap_counts)"
		t0=$(date +%s%N)
		run -0 --separate-stderr "$prog" -j2 -k --noswap echo ::: a b c
		t1=$(date +%s%N)
		read -ra after <<<"$(swap_counts)"
		if ((after[0] > before[0] && after[1] > before[1])); then
			skip "the machine swapped in and out during the test"
		fi
		assert_output $'a\nb\nc'
		assert_stderr_empty
		# A lower bound only: a slow machine makes it easier to meet.
		((t1 - t0 >= 1000000000))
	done
}

# ---------------------------------------------------------------- --record-env

# record_env PROG VAR=VALUE...: PROG --record-env in an environment of
# only PATH and these, followed by a command and items that must not run.
record_env() {
	local prog=$1
	shift
	env -i PATH="$PATH" "$@" "$prog" --record-env touch ran ::: a
}

@test "--record-env: the environment's names and GNU parallel's own into ~/.parallel/ignored_vars; nothing runs" {
	local prog
	for prog in $(both); do
		fresh
		mkdir -p h/.parallel
		run -0 record_env "$prog" HOME="$PWD/h" A=1 B='x=y'
		assert_output ''
		assert_file_not_exists ran
		# GNU parallel's %ENV has these by then, set or not.
		run -0 sort h/.parallel/ignored_vars
		assert_output "$(printf '%s\n' A B HOME OLDPWD PARALLEL_HOME \
		    PARALLEL_REMOTE_TMPDIR PARALLEL_RSYNC_OPTS PATH TMPDIR)"
		cd ..
	done
}

@test "--record-env: into \$PARALLEL_HOME, made when it is missing" {
	local prog
	for prog in $(both); do
		fresh
		mkdir -p h/.parallel
		run -0 record_env "$prog" HOME="$PWD/h" PARALLEL_HOME="$PWD/ph/sub" \
		    TMPDIR=/tmp C=3
		assert_file_not_exists h/.parallel/ignored_vars
		run -0 sort ph/sub/ignored_vars
		assert_output "$(printf '%s\n' C HOME OLDPWD PARALLEL_HOME \
		    PARALLEL_REMOTE_TMPDIR PARALLEL_RSYNC_OPTS PATH TMPDIR)"
		cd ..
	done
}

@test "--record-env without ~/.parallel: 255 and a message naming the file" {
	mkdir h
	run -255 --separate-stderr record_env "$XPOOL" HOME="$PWD/h"
	assert_output ''
	assert_file_not_exists ran
	assert_stderr "xpool: --record-env: cannot write to '$PWD/h/.parallel/ignored_vars': No such file or directory; make the directory, or set PARALLEL_HOME to a writable one"
	if command -v parallel >/dev/null; then
		run -255 record_env parallel HOME="$PWD/h"
		assert_file_not_exists h/.parallel/ignored_vars
	fi
}

@test "--recordenv is --record-env" {
	local prog
	for prog in $(both); do
		fresh
		mkdir -p h/.parallel
		run -0 env -i PATH="$PATH" HOME="$PWD/h" "$prog" --recordenv
		run -0 sort h/.parallel/ignored_vars
		assert_line HOME
		assert_line PATH
		cd ..
	done
}
