#!/usr/bin/env bats
# shellcheck disable=SC1083,SC2016,SC2030,SC2031,SC2154
# (SC1083: {} is an xpool replacement string; SC2016: $ in single quotes is
# for the job's shell; SC2030/SC2031/SC2154: bats runs each test in a
# subshell and sets $output, $stderr and $lines.)
# 079-pipe-dist: how --pipe spreads standard input over the jobs other than
# in blocks: --tee (all of it to every job), --shard and --bin (each line
# to one job, by a column).
#
# Each test states the expected output; where GNU parallel is installed, it
# is run the same way and must give the same.

load helpers

# same WANT ARG...: xpool -k ARG... prints WANT (and exits 0, saying
# nothing on standard error), with standard input from the file in; so does
# GNU parallel where it is installed.
same() {
	local want=$1 cmd
	shift
	for cmd in xpool parallel; do
		[[ $cmd == xpool ]] || command -v parallel >/dev/null || break
		run -0 --separate-stderr "$cmd" -k "$@" <in
		assert_output "$want"
		[[ $cmd == parallel ]] || assert_stderr_empty
	done
}

# ---------------------------------------------------------------------- --tee

@test "--tee: every job is given all of standard input (GNU's example)" {
	seq 1000 >in
	same $'1000\n1000\n3893' --pipe --tee wc {} ::: -w -l -c
}

@test "--tee: three consumers each see all 100000 lines" {
	seq 100000 >in
	same $'a 100000\nb 100000\nc 100000' \
	    --pipe --tee 'tee out.{} | wc -l | sed "s/^/{} /"' ::: a b c
	for f in out.a out.b out.c; do cmp "$f" in; done
}

@test "--tee: grep in each job, a count per item (-j 0 by default)" {
	seq 100000 >in
	same $'40952\n40951\n40951' --pipe --tee 'grep {} | wc -l' ::: 1 2 3
}

@test "--tee --tag: two sources, one job per pair (GNU's example)" {
	seq 1000 >in
	same $'1 -l\t272\n1 -c\t1069\n2 -l\t271\n2 -c\t1064' --pipe --tee \
	    --tag 'grep {1} | wc {2}' ::: 1 2 ::: -l -c
}

@test "--tee: a job that stops reading does not stop the others" {
	seq 100000 >in
	same $'1\n100000' --pipe --tee \
	    'if [ {} = h ]; then head -n 1; else wc -l; fi' ::: h w
}

@test "--tee: standard input a pipe, and empty" {
	run -0 bash -c 'seq 3 | xpool --pipe --tee "wc -l" ::: x y 2>&1 |
	    grep -c "No such"'
	run -0 xpool -k --pipe --tee 'wc -l; echo {}' ::: x y </dev/null
	assert_output $'0\nx\n0\ny'
}

@test "--tee: more jobs than -j is an error, as in GNU parallel" {
	seq 10 >in
	for cmd in xpool parallel; do
		[[ $cmd == xpool ]] || command -v parallel >/dev/null || break
		run -255 --separate-stderr "$cmd" -j 2 --pipe --tee \
		    'true {}; wc -l' ::: a b c <in
		assert_stderr_contains 'jobs'
		[[ $cmd == parallel ]] || assert_stderr_contains 'give -j 0'
	done
}

@test "--tee: refused without --pipe, without items, with blocks" {
	run -255 --separate-stderr xpool --tee wc ::: a </dev/null
	assert_stderr_contains 'give --pipe too'
	run -255 --separate-stderr xpool --pipe --tee wc </dev/null
	assert_stderr_contains 'give the items with :::'
	run -255 --separate-stderr xpool --pipe --tee -N 1 wc ::: a </dev/null
	assert_stderr_contains 'does not go with -n, -N or -L'
	run -255 --separate-stderr xpool --pipe --tee --round-robin wc ::: a \
	    </dev/null
	assert_stderr_contains 'does not go with --round-robin'
}

# ----------------------------------------------------------- --shard, --bin

@test "--shard: every key in one job, no line lost or added" {
	awk 'BEGIN { for (i = 0; i < 30000; i++) print "k" (i * 7919 % 97) "," i }' >in
	run -0 xpool --pipe --colsep , --shard 1 -j 4 'cat >out.{#}' <in
	cat out.* | sort | cmp - <(sort in)
	for f in out.*; do cut -d, -f1 "$f" | sort -u; done | sort | uniq -d >dup
	[[ ! -s dup ]] || fail "keys in more than one job: $(head dup)"
	[[ $(ls out.* | wc -l) == 4 ]]
}

@test "--shard: as GNU parallel, each key's lines in one job, in order" {
	printf '%s\n' a,1 b,2 c,3 a,4 b,5 a,6 >in
	for cmd in xpool parallel; do
		[[ $cmd == xpool ]] || command -v parallel >/dev/null || break
		run -0 "$cmd" --pipe --colsep , --shard 1 -j 3 \
		    'tr "\n" " "; echo' <in
		assert_line --regexp '^(.* )?a,1 (.* )?a,4 (.* )?a,6 '
		assert_line --regexp '^(.* )?b,2 (.* )?b,5 '
		((${#lines[@]} <= 3))
	done
}

@test "--bin: the column's value modulo -j, 0 to the last job (GNU's)" {
	seq 10 >in
	same $'[1]\n1\n4\n7\n10\n[2]\n2\n5\n8\n[3]\n3\n6\n9' \
	    --pipe --bin 1 -j 3 'echo [{#}]; cat'
	printf '%s\n' x -1 -2 2.9 >in
	same $'[1]\n-2\n[2]\n-1\n2.9\n[3]\nx' --pipe --bin 1 -j 3 'echo [{#}]; cat'
}

@test "--bin: a column by name; the header line goes to every job" {
	printf 'k,v\na,1\nb,2\nc,4\n' >in
	run -0 xpool -k --pipe --colsep , --bin v -j 2 'echo [{#}]; cat' <in
	assert_output $'[1]\nk,v\na,1\n[2]\nk,v\nb,2\nc,4'
}

@test "--shard, --bin: refused without --pipe, with -j 0, items, Perl" {
	run -255 --separate-stderr xpool --shard 1 cat </dev/null
	assert_stderr_contains 'give --pipe too'
	run -255 --separate-stderr xpool --pipe --bin 1 -j 0 cat </dev/null
	assert_stderr_contains 'not -j 0'
	run -255 --separate-stderr xpool --pipe --bin 1 cat ::: a </dev/null
	assert_stderr_contains 'does not go with items'
	run -255 --separate-stderr xpool --pipe --shard '1 $_%=2' cat </dev/null
	assert_stderr_contains 'Perl expression after the column is not supported'
	printf 'k,v\n' >in
	run -255 --separate-stderr xpool --pipe --colsep , --shard zz -j 2 cat <in
	assert_stderr_contains "column 'zz' is not in the header line 'k,v'"
}

@test "--shard: 200 MB through 2 jobs with memory flat (a leak guard)" {
	command -v /usr/bin/time >/dev/null || skip "no /usr/bin/time"
	run -0 bash -c 'yes "abcdefghij,0123456789,abcdefghijklmnopqrstuvwxyz" |
	    head -c 200000000 | /usr/bin/time -f "%M" "$XPOOL" --pipe \
	    --colsep , --shard 2 -j 2 "wc -c" 2>rss'
	(( ${lines[0]} + ${lines[1]} == 200000000 ))
	(( $(tail -n 1 rss) < 200000 )) || fail "max RSS $(tail -n 1 rss) KiB"
}

# -------------------------------------------------------------- --spreadstdin

@test "--spreadstdin: GNU parallel's other name for --pipe" {
	seq 10 >in
	same $'4\n4\n2' --spreadstdin -N 4 wc -l
	same $'2\n1\n1' --spreadstdin --tee 'grep -c {}' ::: 1 2 3
}
