#!/usr/bin/env bats
# shellcheck disable=SC2016,SC2030,SC2031,SC2154
# (SC2016: $ in single quotes is for the worker's shell or awk;
# SC2030/SC2031/SC2154: bats runs each test in a subshell and sets $stderr
# and $lines.)
# 092-worker-stall: workers that buffer their input or output.  Such a
# worker waits for more items while xpool waits for its answers; xpool says
# so once and runs the workers on a pseudo-terminal, or with --no-pty ends
# them.  No verdict rests on time: the guard (gxpool, a bounded wait) only
# turns a hang into a failure.

load helpers

setup() {
	common_setup
	COPYLINES=$BATS_TEST_DIRNAME/bin/copylines
	[[ -x $COPYLINES ]] || fail "copylines not built; run make tests/bin/copylines"
	command -v mawk >/dev/null || fail "mawk is not installed; make deps installs it"
	# This machine's environment may hide the problem from python3.
	unset PYTHONUNBUFFERED
	MAWK="mawk '{ print \$1 * 2; fflush() }'"
	PY="python3 -c 'import sys
for l in sys.stdin: print(int(l) * 2)'"
}

# doubled N: the numbers 2, 4 ... 2N, one a line.
doubled() {
	seq 2 2 "$((2 * $1))"
}

# stall_messages: how many times stderr says a worker waits for input.
stall_messages() {
	grep -c 'waits for more input while xpool waits for its answers' <<<"$stderr" || true
}

@test "mawk without -W interactive: every answer, in order; said once; on a pseudo-terminal after" {
	run -0 --separate-stderr timeout "$GUARD" bash -c 'seq 1000 | xpool --worker -n 10 "$1"' _ "$MAWK"
	assert_output "$(doubled 1000)"
	assert_equal "$(stall_messages)" 1
	assert_stderr_regex 'xpool: worker [0-9]+ \(pid [0-9]+\) waits for more input .*mawk -W interactive, python3 -u, stdbuf -oL, or fflush\(\).*pseudo-terminal'
	assert_no_leftover
}

@test "python3 without -u: every answer, in order; said once" {
	run -0 --separate-stderr timeout "$GUARD" bash -c 'seq 500 | xpool --worker -n 7 "$1"' _ "$PY"
	assert_output "$(doubled 500)"
	assert_equal "$(stall_messages)" 1
	assert_no_leftover
}

@test "a C program copying lines with fgets and fputs: every answer, in order" {
	run -0 --separate-stderr gxpool --worker -n 5 -a <(seq 300) "$COPYLINES"
	assert_output "$(seq 300)"
	assert_equal "$(stall_messages)" 1
	assert_no_leftover
}

@test "while the input stays open, the answers so far come out" {
	local n
	{ seq 30; exec sleep "$SLEEP_ARG"; } |
	    env XPOOL_TEST_TAG="$XPOOL_TAG_VALUE" "$XPOOL" --worker -j1 -n 4 \
	    "$COPYLINES" >out 2>err &
	n=$((GUARD * 20))
	until [[ $(wc -l <out) -ge 30 ]]; do
		((--n > 0)) || fail "only $(wc -l <out) answers of 30 while the input is open"
		sleep 0.05
	done
	run -0 cat out
	assert_output "$(seq 30)"
	run -0 grep -c 'waits for more input' err
	assert_output 1
	pkill -f "sleep $SLEEP_ARG"
	wait
}

@test "--no-pty: a worker that buffers is ended and its item fails, with the reason; no hang" {
	local w
	for w in "$MAWK" "$PY" "$COPYLINES"; do
		run --separate-stderr timeout "$GUARD" bash -c 'seq 20 | xpool --no-pty --worker -j1 -n 5 "$1"' _ "$w"
		assert [ "$status" -ne 0 ] && assert [ "$status" -ne 124 ]
		assert_equal "$(stall_messages)" 1
		assert_stderr_regex 'ending it \(--no-pty\)'
		assert_stderr_regex 'xpool: worker 1 \(pid [0-9]+\) waited for input with answers due on item 1'
		assert_no_leftover
	done
}

@test "a slow worker that reads nothing while it works is not taken for a stalled one" {
	run -0 --separate-stderr gxpool --worker -j1 \
	    'while read -r a; do sleep 3; echo "done $a"; done' ::: a b
	assert_output $'done a\ndone b'
	assert_stderr_empty
}

@test "--pty: workers on a pseudo-terminal from the start; --maxtasksperchild still replaces them" {
	run -0 --separate-stderr timeout "$GUARD" bash -c 'seq 300 | xpool --pty --worker -j2 -n 10 --maxtasksperchild 40 "$1"' _ "$MAWK"
	assert_output "$(doubled 300)"
	assert_stderr_empty
	# Raw mode: no echo of the items, no carriage returns.
	run -0 --separate-stderr gxpool --pty --worker -j1 -n 3 cat ::: a b c d e
	assert_output $'a\nb\nc\nd\ne'
	assert_no_leftover
}

@test "--pty and --no-pty without --worker: 255 and a message" {
	run -255 --separate-stderr xpool --pty echo ::: a
	assert_stderr_contains 'xpool: --pty is for --worker; give --worker too'
	run -255 --separate-stderr xpool --no-pty echo ::: a
	assert_stderr_contains 'xpool: --no-pty is for --worker; give --worker too'
}

@test "a worker that buffers even on a pseudo-terminal: its items fail, no endless restarts" {
	# cat reads the terminal a line at a time, but mawk behind it reads a pipe.
	run -255 --separate-stderr timeout "$GUARD" bash -c \
	    'seq 50 | xpool --worker -j1 -n 5 "cat | $1"' _ "$MAWK"
	assert_output ''
	assert_equal "$(stall_messages)" 1
	assert_stderr_regex 'worker 1 \(pid [0-9]+\) waited for input with answers due on item 1'
	assert_stderr_contains 'workers died 3 times in a row'
	assert_no_leftover
}
