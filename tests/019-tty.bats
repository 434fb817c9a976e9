#!/usr/bin/env bats
# shellcheck disable=SC1083,SC2016,SC2030,SC2031,SC2154
# (SC1083: {} {1} ... are xpool replacement strings; SC2016: $ in single
# quotes is for the job's shell; SC2030/SC2031/SC2154: bats runs each test in a
# subshell and sets $stderr and $lines.)
# 019-tty: the terminal: -p (--interactive) asks before each job, -o
# (--open-tty) and --tty give the jobs the terminal as standard input.
#
# A terminal is made with script(1): what the test writes to script's
# standard input is what is typed, a line at a time as the terminal hands
# it over.  What xpool and the jobs leave is read from files, not from the
# terminal (which echoes what is typed).  A run without a terminal is
# started with setsid(1), which leaves it none, so that a test run from a
# terminal sees the same.  Each test states what it expects; where GNU
# parallel is installed, it is run the same way and must leave the same.

load helpers

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
		run -0 "$prog" --tty -j3 'sleep 1; echo {%}' ::: a b c </dev/null
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
