#!/usr/bin/env bats
# shellcheck disable=SC2016,SC2030,SC2031,SC2154
# (SC2016: $ in single quotes is for the job's shell; SC2030/SC2031/SC2154:
# bats runs each test in a subshell and sets $output, $stderr and $lines.)
# 078-records-limits: input records (items, --pipe records) that are long or
# never end: a signal is still seen at once, from a device, a regular file
# or a pipe; a record longer than --max-record stops xpool with a message,
# after what came before it; memory stays bounded.
#
# The signal tests wait until xpool is reading (its read counter in
# /proc/PID/io), then signal it; a hang shows as wait_xpool's guard running
# out, never as a verdict on speed.  Without --max-record, a record that
# never ends is refused at 1 GiB, which also bounds what a broken xpool
# could take from the machine.

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

# A sparse file of zeros with no newline, larger than the default limit.
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

# ---------------------------------------------------------------- --max-record

@test "--max-record: an item over the limit stops xpool (255, message); the items before it ran" {
	{
		printf 'a\nb\n'
		head -c 2000 /dev/zero | tr '\0' x
		printf '\nc\n'
	} >in
	run -255 --separate-stderr gxpool -j1 --max-record 1K echo <in
	assert_output $'a\nb'
	assert_stderr "xpool: standard input: item 3 is longer than --max-record 1K; give a larger --max-record, or -d or -0 if items do not end with a newline"
	assert_no_leftover
}

@test "--max-record with -n, -X and --worker -n: the items gathered before the long one still run" {
	printf 'a\nb\nc\nddddd\n' >in
	run -255 --separate-stderr gxpool -j1 -n 2 --max-record 3 echo <in
	assert_output $'a b\nc'
	assert_stderr_contains 'item 4 is longer than --max-record 3'
	run -255 --separate-stderr gxpool -j1 -X --max-record 3 echo <in
	assert_output 'a b c'
	run -255 --separate-stderr gxpool -j1 --worker -n 3 --max-record 3 cat <in
	assert_output $'a\nb\nc'
}

@test "--max-record: the limit is the item's length, its separator not counted" {
	printf 'abc\n' | gxpool --max-record 3 echo >out
	assert_equal "$(cat out)" abc
	printf 'abc' | gxpool --max-record 3 echo >out
	assert_equal "$(cat out)" abc
	run -255 --separate-stderr gxpool --max-record 3 echo < <(printf 'abcd\n')
	assert_output ''
	assert_stderr_contains 'item 1 is longer than --max-record 3;'
	run -255 --separate-stderr gxpool --max-record 3 echo < <(printf 'x\nabcd')
	assert_output x
	assert_stderr_contains 'item 2 is longer than --max-record 3;'
}

@test "--max-record with --pipe from a pipe: the blocks before the long record ran, then 255" {
	run -255 --separate-stderr timeout "$GUARD" bash -c '
		{ seq 3; head -c 100000 /dev/zero | tr "\0" x; echo; seq 4 6; } |
		    xpool -j1 --pipe -N 1 --max-record 64K "tr -d \"\\n\"; echo ."'
	assert_output $'1.\n2.\n3.'
	assert_stderr "xpool: standard input: the record that starts at byte 7 is longer than --max-record 64K; give a larger --max-record, or --recend or -0 if records do not end with a newline"
	assert_no_leftover
}

@test "--max-record with --pipe --block: a block of the whole records before it still goes" {
	{ seq 3; head -c 5000 /dev/zero | tr '\0' x; } >in
	run -255 --separate-stderr gxpool --pipe --block 1M --max-record 4000 'wc -l' <in
	assert_output 3
	assert_stderr_contains 'the record that starts at byte 7 is longer than --max-record 4000;'
}

@test "--max-record: jobs running when the long item comes finish, and their output is written" {
	{
		printf 'slow\n'
		head -c 100000 /dev/zero | tr '\0' x
	} >in
	XPOOL_STDIN=in start_xpool out err -j2 --max-record 64K \
	    'waitfor "$WORK/go"; echo {} done'
	# The message comes while the job still waits; then it may end.
	local n=$((GUARD * 20))
	until grep -q 'longer than --max-record' err; do
		((--n > 0)) || fail "no message: $(cat err)"
		sleep 0.05
	done
	touch go
	wait_xpool
	assert_equal "$status" 255
	assert_equal "$(cat out)" 'slow done'
	assert_no_leftover
}

@test "--max-record: an -a file, and a :::: file read whole, are named in the message" {
	{ echo a; head -c 3000 /dev/zero | tr '\0' x; } >items
	run -255 --separate-stderr gxpool -j1 --max-record 1K -a items echo
	assert_output a
	assert_stderr_contains 'xpool: items: item 2 is longer than --max-record 1K;'
	run -255 --separate-stderr gxpool --max-record 1K echo ::: 1 2 :::: items
	assert_output ''
	assert_stderr_contains 'xpool: items: item 2 is longer than --max-record 1K;'
}

@test "/dev/zero as items, without --max-record: refused at the default, 1G, exit 255" {
	run -255 --separate-stderr gxpool echo </dev/zero
	assert_output ''
	assert_stderr "xpool: standard input: item 1 is longer than --max-record 1G; give a larger --max-record, or -d or -0 if items do not end with a newline"
}

# refused_rss ARG...: xpool ARG... reading /dev/zero under GNU time must
# refuse the record at --max-record 20M; its peak RSS (KB) is in $rss.
refused_rss() {
	local st=0
	# shellcheck disable=SC2086 # XPOOL_WRAP is a command with its words
	/usr/bin/time -f %M -o time.out \
	    timeout "$GUARD" env XPOOL_TEST_TAG="$XPOOL_TAG_VALUE" \
	    ${XPOOL_WRAP:-} "$XPOOL" --max-record 20M "$@" \
	    </dev/zero >out 2>err || st=$?
	assert_equal "$st" 255
	assert_equal "$(cat out)" ''
	grep -q 'longer than --max-record 20M' err || fail "not refused: $(cat err)"
	rss=$(tail -n 1 time.out)
}

@test "--max-record refusing /dev/zero: peak RSS stays near the limit" {
	local rss pipe_rss
	refused_rss --pipe wc -c
	pipe_rss=$rss
	refused_rss echo
	instrumented && skip "peak RSS is not xpool's own under a sanitizer"
	((pipe_rss < 80 * 1024)) ||
	    fail "--pipe: peak RSS $pipe_rss KB, not under 80 MB"
	((rss < 80 * 1024)) || fail "items: peak RSS $rss KB, not under 80 MB"
}

@test "--max-record with a bad size: exit 255 and a message" {
	run -255 --separate-stderr xpool --max-record 0 echo ::: a
	assert_stderr "xpool: --max-record '0': must be at least 1 byte
xpool: see 'xpool --help' or 'man xpool' for the options"
	run -255 --separate-stderr xpool --max-record lots echo ::: a
	assert_stderr_contains "xpool: --max-record 'lots': not a size"
}
