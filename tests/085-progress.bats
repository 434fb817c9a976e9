#!/usr/bin/env bats
# shellcheck disable=SC1083,SC2016,SC2030,SC2031,SC2154,SC1003,SC2012
# (SC1083: {} {1} ... are xpool replacement strings; SC2016: $ in single
# quotes is for the job's shell; SC2030/SC2031/SC2154: bats runs each test in a
# subshell and sets $stderr and $lines.)
# 085-progress: --bar, --progress and --eta on standard error: redrawn in
# place on a terminal (a real pseudo-terminal, made by util-linux script),
# plain lines otherwise.
#
# Jobs that must still be running when a line is checked wait for a gate
# file the test creates; the only use of time is a bound that a slow machine
# can only make easier to meet.  Runs whose final line is checked have more
# slots than jobs and read items from ::: or a regular file, so that xpool
# reaches the end of the input before any job ends (see the BUG tests at the
# end for what happens otherwise).

load helpers

setup() {
	common_setup
	command -v script >/dev/null || skip "script (util-linux) is not installed"
}

# on_tty OUT INPUT ARG...: run xpool ARG... on a pseudo-terminal, its
# standard input from the file INPUT, its standard output thrown away: OUT
# gets what it wrote on standard error, as the terminal saw it.  The status
# is xpool's.
on_tty() {
	local out=$1 input=$2 cmd w
	shift 2
	cmd="env XPOOL_TEST_TAG=$(printf '%q' "$XPOOL_TAG_VALUE")"
	# shellcheck disable=SC2086 # XPOOL_WRAP is a command with its words
	for w in ${XPOOL_WRAP:-} "$XPOOL" "$@"; do
		cmd+=" $(printf '%q' "$w")"
	done
	cmd+=" <$(printf '%q' "$input") >/dev/null"
	SHELL=/bin/bash timeout "$GUARD" script -qfec "$cmd" /dev/null \
	    </dev/null >"$out"
}

# file_text FILE: the whole of FILE in $text, trailing newlines included.
file_text() {
	text=$(cat "$1" && echo .)
	text=${text%.}
}

# assert_plain FILE: plain lines: no CR, no escape, every line ends in LF.
assert_plain() {
	local text
	file_text "$1"
	[[ -n $text ]] || fail "nothing was written on standard error"
	[[ $text != *$'\r'* ]] || fail "a carriage return in: $(cat -A "$1")"
	[[ $text != *$'\e'* ]] || fail "an escape code in: $(cat -A "$1")"
	[[ $text == *$'\n' ]] || fail "the last line does not end in LF: $(cat -A "$1")"
}

# tty_last FILE: the last redraw on the terminal in $last, after checking
# that the display was redrawn in place (CR, ESC[K) and ended its line.
tty_last() {
	local text
	file_text "$1"
	[[ $text == *$'\r'* ]] || fail "no carriage return: $(cat -A "$1")"
	[[ $text == *$'\e[K'* ]] || fail "no ESC[K: $(cat -A "$1")"
	# The final redraw ends the line ("\n", which the terminal makes
	# "\r\n").
	[[ $text == *$'\e[K\r\n' ]] || fail "the display does not end its line: $(cat -A "$1")"
	last=${text%$'\e[K\r\n'}
	last=${last##*$'\r'}
}

# wait_for_lines N FILE: until FILE holds N complete lines (a hang guard).
wait_for_lines() {
	local want=$1 file=$2 n=$((GUARD * 20))
	while (($(wc -l <"$file") < want)); do
		if ((--n <= 0)); then
			fail "gave up after ${GUARD}s waiting for $want lines in $file: $(cat -A "$file")"
			return 1
		fi
		sleep 0.05
	done
}

# ---------------------------------------------------------------- terminal

@test "--bar on a terminal: redrawn in place with CR and ESC[K, ends at 100% N/N" {
	on_tty tty.out /dev/null --bar -j10 true ::: 1 2 3 4 5
	tty_last tty.out
	[[ $last =~ ^\[#+\]\ +100%\ 5/5 ]] || fail "last redraw: '$last'"
	# Nothing but the display: no plain line feeds between redraws.
	file_text tty.out
	[[ ${text%$'\r\n'} != *$'\n'* ]] || fail "a line feed before the end: $(cat -A tty.out)"
}

@test "--bar on a terminal with stdin input: ends at 100% N/N" {
	seq 5 >items
	on_tty tty.out items --bar -j10 true
	tty_last tty.out
	[[ $last =~ ^\[#+\]\ +100%\ 5/5 ]] || fail "last redraw: '$last'"
}

@test "--progress and --eta on a terminal: redrawn in place, final counts" {
	local st=0
	on_tty tty.out /dev/null --progress -j10 'exit {}' ::: 0 0 1 0 || st=$?
	assert_equal "$st" 1
	tty_last tty.out
	[[ $last =~ Running:\ 0\ Done:\ 4/4\ Failed:\ 1 ]] || fail "last redraw: '$last'"

	on_tty tty.out /dev/null --eta -j10 true ::: 1 2 3 4
	tty_last tty.out
	[[ $last =~ ETA:\ 0:00:00\ Left:\ 0 ]] || fail "last redraw: '$last'"
}

@test "--bar on a terminal: the bar shows the total while jobs run (::: input)" {
	local gate=$WORK/gate
	on_tty tty.out /dev/null --bar -j1 "waitfor $gate; : {}" ::: 1 2 3 4 5 &
	local bg=$!
	# The first redraw comes while job 1 waits for the gate.
	local n=$((GUARD * 20))
	until grep -q $'\e\[K' tty.out 2>/dev/null; do
		((--n > 0)) || fail "no redraw"
		sleep 0.05
	done
	touch "$gate"
	wait "$bg"
	file_text tty.out
	local first=${text#$'\r'}
	first=${first%%$'\e[K'*}
	[[ $first =~ 0%\ 0/5 ]] || fail "first redraw: '$first'"
}

# ---------------------------------------------------------------- plain

@test "--bar to a file: plain lines, the last one 100% N/N" {
	gxpool --bar -j10 'echo {}' ::: 1 2 3 4 5 >out 2>err
	# The jobs' output is untouched.
	assert_equal "$(cat out)" $'1\n2\n3\n4\n5'
	assert_plain err
	assert_regex "$(tail -n 1 err)" '^\[#+\] +100% 5/5( |$)'
}

@test "--bar to a pipe with stdin input: plain lines, the last one 100% N/N" {
	seq 5 >items
	{ gxpool --bar -j10 true <items 2>&1 >/dev/null; } | cat >err
	assert_plain err
	assert_regex "$(tail -n 1 err)" '^\[#+\] +100% 5/5( |$)'
}

@test "--progress and --eta to a file: plain lines, final counts" {
	local st=0
	gxpool --progress -j10 'exit {}' ::: 0 0 1 0 2>err || st=$?
	assert_equal "$st" 1
	assert_plain err
	assert_regex "$(tail -n 1 err)" 'Running: 0 Done: 4/4 Failed: 1'

	seq 4 >items
	gxpool --eta -j10 true <items 2>err
	assert_plain err
	assert_regex "$(tail -n 1 err)" 'ETA: 0:00:00 Left: 0'

	gxpool --bar --progress --eta -j10 true ::: 1 2 3 2>err
	assert_plain err
	assert_regex "$(tail -n 1 err)" '^\[#+\] +100% 3/3 .*Done: 3/3 .*ETA: 0:00:00 Left: 0'
}

@test "plain lines: at most one a second, plus the final one" {
	local t0 t1 secs nlines
	t0=$(date +%s%N)
	# Jobs end one after another for about 3 seconds: the text changes
	# all the time.
	gxpool --bar --progress --eta -j20 sleep ::: 0.2 0.4 0.6 0.8 1.0 1.2 \
	    1.4 1.6 1.8 2.0 2.2 2.4 2.6 2.8 3.0 2>err
	t1=$(date +%s%N)
	assert_plain err
	nlines=$(wc -l <err)
	# Whole seconds the run took, rounded up (measured from outside, so
	# never less than xpool's own clock).
	secs=$(((t1 - t0 + 999999999) / 1000000000))
	((nlines <= secs + 1)) ||
	    fail "$nlines lines in less than $secs seconds: $(cat err)"
	assert_regex "$(tail -n 1 err)" '100% 15/15'
}

@test "the last line is 100% N/N however the jobs end" {
	local _
	gxpool --bar -j1 true ::: 1 2 3 4 5 2>err
	assert_regex "$(tail -n 1 err)" '^\[#+\] +100% 5/5( |$)'
	seq 5 | gxpool --progress -j1 true 2>err
	assert_regex "$(tail -n 1 err)" 'Done: 5/5'
	for _ in $(seq 20); do
		gxpool --bar -j2 true ::: 1 2 3 4 5 2>err
		assert_regex "$(tail -n 1 err)" '^\[#+\] +100% 5/5( |$)'
		seq 5 | gxpool --bar -j2 true 2>err
		assert_regex "$(tail -n 1 err)" '^\[#+\] +100% 5/5( |$)'
	done
}

@test "--bar to a file: the total shows while jobs run (::: input)" {
	start_xpool out err --bar -j1 "waitfor $WORK/gate; : {}" ::: 1 2 3 4 5
	wait_for_lines 1 err
	touch gate
	wait_xpool
	assert_equal "$status" 0
	assert_plain err
	assert_regex "$(head -n 1 err)" '^\[\.+\] +0% 0/5( |$)'
	assert_regex "$(tail -n 1 err)" '^\[#+\] +100% 5/5( |$)'
}
