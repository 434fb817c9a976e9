#!/usr/bin/env bats
# shellcheck disable=SC2016,SC2030,SC2031,SC2154
# (SC2016: $ in single quotes is for the job's shell; SC2030/SC2031/SC2154:
# bats runs each test in a subshell and sets $output, $stderr and $lines.)
# 078-records-limits: input records (items, --pipe records) that are long or
# never end: a signal is still seen at once, from a device or a regular
# file.
#
# The signal tests wait until xpool is reading (its read counter in
# /proc/PID/io), then signal it; a hang shows as wait_xpool's guard running
# out, never as a verdict on speed.

load helpers

# wait_reading BYTES: until the background xpool has read BYTES bytes
# (bounded by the guard).
wait_reading() {
	local want=$1 n=$((GUARD * 20)) got
	while :; do
		got=$(sed -n 's/^rchar: //p' "/proc/$XPID/io" 2>/dev/null)
		((${got:-0} >= want)) && return 0
		if ((--n <= 0)); then
			fail "xpool (pid $XPID) never read $want bytes (read ${got:-0})"
			return 1
		fi
		sleep 0.05
	done
}

# term_while_reading INPUT ARG...: xpool ARG... with its standard input from
# INPUT; SIGTERM once it is reading a record that has no end in sight; it
# must exit 143 and leave nothing behind.
term_while_reading() {
	local in=$1
	shift
	XPOOL_STDIN=$in start_xpool out err "$@"
	wait_reading $((4 * 1024 * 1024))
	kill -TERM "$XPID"
	wait_xpool
	assert_equal "$status" 143
	assert_equal "$(cat err)" ''
	assert_no_leftover
	assert_tmpdir_empty
}

# A sparse file of zeros with no newline.
make_zero_file() {
	truncate -s 4G "$BATS_TEST_TMPDIR/zero"
}

# ---------------------------------------------------------------- signals

@test "SIGTERM while --pipe reads /dev/zero (one record without end): exit 143" {
	term_while_reading /dev/zero --pipe wc -c
}

@test "SIGTERM while items are read from /dev/zero (one item without end): exit 143" {
	term_while_reading /dev/zero echo
}

@test "SIGTERM while --pipe reads a 4 GB regular file without a newline: exit 143" {
	make_zero_file
	term_while_reading "$BATS_TEST_TMPDIR/zero" --pipe wc -c
}

@test "SIGTERM while items are read from a 4 GB regular file without a newline: exit 143" {
	make_zero_file
	term_while_reading "$BATS_TEST_TMPDIR/zero" echo
}
