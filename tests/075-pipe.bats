#!/usr/bin/env bats
# shellcheck disable=SC2016,SC2030,SC2031,SC2154
# (SC2016: $ in single quotes is for the job's shell; SC2030/SC2031/SC2154:
# bats runs each test in a subshell and sets $output and $lines.)
# 075-pipe: --pipe gives each job a block of the input on its stdin.

load helpers

@test "--pipe --block: the blocks put together are the input, exactly" {
	seq 100000 >in
	xpool --pipe --block 100k cat <in >out
	cmp in out
}

@test "--pipe --block: every block ends on a record boundary" {
	seq 100000 >in
	xpool --pipe --block 100k 'cat >"$WORK/blk.{#}"' <in
	local n=0 f
	for f in blk.*; do
		n=$((n + 1))
		assert_equal "$(tail -c 1 "$f" | od -An -c | tr -d ' ')" '\n'
		(($(wc -c <"$f") <= 100000)) || fail "$f is larger than the block"
	done
	((n > 1)) || fail "one block only"
	# In {#} order they are the input again.
	for ((i = 1; i <= n; i++)); do cat "blk.$i"; done | cmp - in
}

@test "--pipe: a record longer than the block still goes whole" {
	{ head -c 5000 /dev/zero | tr '\0' x; echo; echo short; } >in
	xpool --pipe --block 1k 'wc -l' <in >out
	assert_equal "$(cat out)" $'1\n1'
}

@test "--pipe -N: that many records per job, in order, numbered" {
	seq 10 | xpool --pipe -N 3 'echo {#}: $(tr "\n" " ")' >out
	assert_equal "$(cat out)" $'1: 1 2 3\n2: 4 5 6\n3: 7 8 9\n4: 10'
}

@test "--pipe -0 and --recend: records end with NUL or another byte" {
	printf 'a\0b\0c\0' | xpool --pipe -0 -N 2 'tr "\0" "+"; echo' >out
	assert_equal "$(cat out)" $'a+b+\nc+'
	printf 'a;b;c;' | xpool --pipe --recend ';' -N 1 'cat; echo' >out
	assert_equal "$(cat out)" $'a;\nb;\nc;'
}

@test "--pipe: a last record without its end is still given" {
	printf '1\n2\n3' | xpool --pipe -N 2 'cat; echo .' >out
	assert_equal "$(cat out)" $'1\n2\n.\n3.'
}

@test "--pipe: empty input runs no job" {
	run -0 xpool --pipe 'echo ran' </dev/null
	assert_output ''
}

@test "--pipe: a job that reads none of its block does not stop the run" {
	seq 100000 | xpool --pipe --block 10k 'echo {#}' >out
	run -0 wc -l <out
	((output > 10)) || fail "only $output jobs"
	assert_no_leftover
}

@test "--pipe: the input is streamed, not read whole first" {
	# The first block's job runs while the input is still open.
	mkfifo fifo
	XPOOL_STDIN=fifo start_xpool out err --pipe -N 1 'cat >"$WORK/block.{#}"'
	exec 7>fifo
	echo first >&7
	wait_for_file "$WORK/block.1"
	exec 7>&-
	wait_xpool
	assert_equal "$status" 0
	assert_equal "$(cat block.1)" first
}

@test "--pipe with ::: or --colsep: exit 255 and a message" {
	run -255 --separate-stderr xpool --pipe cat ::: a
	assert_stderr_contains 'xpool: --pipe'
	run -255 --separate-stderr xpool --pipe --colsep , cat
	assert_stderr_contains '--colsep'
}

@test "--block with a bad size: exit 255 and a message" {
	run -255 --separate-stderr xpool --pipe --block x cat
	assert_stderr_contains "xpool: --block 'x'"
	run -255 --separate-stderr xpool --pipe --block 0 cat
	assert_stderr_contains "xpool: --block '0'"
}

@test "--pipe --joblog: Send is the bytes each job was given" {
	seq 10 | xpool -j1 --pipe -N 5 --joblog log cat >out
	run -0 cut -f 5 log
	assert_output $'Send\n10\n11'
}

@test "--block and --recend without --pipe: exit 255 and a message" {
	run -255 --separate-stderr xpool --block 1k echo ::: a
	assert_stderr_contains 'xpool: --block is for --pipe'
	run -255 --separate-stderr xpool --recend ';' echo ::: a
	assert_stderr_contains 'xpool: --recend is for --pipe'
}
