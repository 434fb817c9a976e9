#!/usr/bin/env bats
# shellcheck disable=SC1083,SC2016,SC2030,SC2031,SC2154
# (SC1083: {} is an xpool replacement string; SC2016: $ in single quotes is
# for the job's shell; SC2030/SC2031/SC2154: bats runs each test in a
# subshell and sets $output, $stderr and $lines.)
# 079-pipe-dist: how --pipe spreads standard input over the jobs other than
# in blocks: --tee (all of it to every job), --shard and --bin (each line
# to one job, by a column); and --group-by (blocks of whole groups of lines
# with one value in a column).
#
# Each test states the expected output; where GNU parallel is installed, it
# is run the same way and must give the same.

load helpers

# gnu ARG...: GNU parallel with its temporary files in a directory of the
# test's and without the test's own descriptors: its --tee can leave a tee
# of its own blocked opening a FIFO, which would hold bats' output open and
# the run with it.  Whatever it leaves running there is ended.  Its
# --bin and --shard can hang too, their reader blocked on its FIFOs (seen
# under load): after GUARD seconds it is ended, with status 124.
gnu() {
	local rc=0 dir=$BATS_TEST_TMPDIR/gnu
	mkdir -p "$dir"
	TMPDIR=$dir timeout -k 5 "$GUARD" parallel "$@" 3>&- 251>&- || rc=$?
	pkill -f -- "$dir/" || true
	return "$rc"
}

# gnu_hung: GNU parallel's run was ended by the guard: said, and its output
# is not compared (xpool's was, against the expected text).
gnu_hung() {
	[[ $status == 124 || $status == 137 ]] || return 1
	echo "# GNU parallel hung (its FIFOs) and was ended; not compared" >&3
}

# same WANT ARG...: xpool -k ARG... prints WANT (and exits 0, saying
# nothing on standard error), with standard input from the file in; so does
# GNU parallel where it is installed.
same() {
	local want=$1 cmd
	shift
	for cmd in xpool parallel; do
		[[ $cmd == xpool ]] || command -v parallel >/dev/null || break
		run --separate-stderr "${cmd/#parallel/gnu}" -k "$@" <in
		[[ $cmd == xpool ]] || ! gnu_hung || continue
		assert_success
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
	local cmd='if [ {} = h ]; then head -n 1; else wc -l; fi'
	seq 100000 >in
	run -0 --separate-stderr xpool -k --pipe --tee "$cmd" ::: h w <in
	assert_output $'1\n100000'
	assert_stderr_empty
	if command -v parallel >/dev/null; then
		run --separate-stderr gnu -k --pipe --tee "$cmd" ::: h w <in
		if ! gnu_hung; then
			assert_success
			assert_output $'1\n100000'
		fi
	fi
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
		run -255 --separate-stderr "${cmd/#parallel/gnu}" -j 2 --pipe --tee \
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
		run "${cmd/#parallel/gnu}" --pipe --colsep , --shard 1 -j 3 \
		    'tr "\n" " "; echo' <in
		[[ $cmd == xpool ]] || ! gnu_hung || continue
		assert_success
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

@test "--shard, --bin: refused without --pipe, with -j 0, items" {
	run -255 --separate-stderr xpool --shard 1 cat </dev/null
	assert_stderr_contains 'give --pipe too'
	run -255 --separate-stderr xpool --pipe --bin 1 -j 0 cat </dev/null
	assert_stderr_contains 'not -j 0'
	run -255 --separate-stderr xpool --pipe --bin 1 cat ::: a </dev/null
	assert_stderr_contains 'does not go with items'
	printf 'k,v\n' >in
	run -255 --separate-stderr xpool --pipe --colsep , --shard zz -j 2 cat <in
	assert_stderr_contains "column 'zz' is not in the header line 'k,v'"
}

@test "--shard, --bin COL EXPR: the key is what GNU parallel's Perl expression leaves in \$_" {
	printf 'a,1\nb,2\nc,3\nab,4\nq,5\nw,6\n' >in
	# --bin: as GNU parallel, job for job.
	same $'J\na,1\nab,4\nJ\nb,2\nq,5\nJ\nc,3\nw,6' \
	    --pipe --colsep , --bin '2 $_%3' -j3 'echo J; sort'
	# --shard: lines whose keys are equal after the expression share a job.
	run -0 --separate-stderr xpool -k --pipe --colsep , --shard '1 $_=substr($_,0,1)' -j2 'echo J; paste -sd " "' <in
	assert_line --regexp '(^| )a,1 (.* )?ab,4( |$)'
	# By name, after the header line.
	printf 'k,v\na,1\nb,2\nA,3\n' >in
	run -0 --separate-stderr xpool -k --pipe --colsep , --shard 'k lc($_)' -j2 'paste -sd " "' <in
	assert_line --regexp '(^| )a,1 (.* )?A,3( |$)'
	# An expression that is not Perl stops before any job; one that dies
	# stops the run.
	run -255 --separate-stderr xpool --pipe --colsep , --bin '2 $_ +' -j2 cat <in
	assert_output ''
	assert_stderr_contains "xpool: --bin's expression '\$_ +' is not valid Perl"
	run -255 --separate-stderr xpool --pipe --colsep , --bin '2 die "x"' -j2 cat <in
	assert_stderr_contains "died: x"
}

@test "--shard: 200 MB through 2 jobs with memory flat (a leak guard)" {
	command -v /usr/bin/time >/dev/null || skip "no /usr/bin/time"
	run -0 bash -c 'yes "abcdefghij,0123456789,abcdefghijklmnopqrstuvwxyz" |
	    head -c 200000000 | /usr/bin/time -f "%M" "$XPOOL" --pipe \
	    --colsep , --shard 2 -j 2 "wc -c" 2>rss'
	(( ${lines[0]} + ${lines[1]} == 200000000 ))
	(( $(tail -n 1 rss) < 200000 )) || fail "max RSS $(tail -n 1 rss) KiB"
}

# ----------------------------------------------------------------- --group-by

@test "--group-by: sorted input, each group whole in one job, nothing lost" {
	awk 'BEGIN { for (i = 0; i < 5000; i++)
	    printf "k%d\t%d\tx\n", int(i / (3 + i % 40)), i }' | sort -s -k1,1 >in
	# Each job prints each of its values with its number of lines.
	run -0 xpool --pipe --group-by 1 --block 2k 'echo job; cut -f1 | uniq -c' <in
	(($(grep -c '^job$' <<<"$output") > 5)) || fail "too few jobs: $output"
	grep -v '^job$' <<<"$output" | sort >got
	cut -f1 in | uniq -c | sort >want
	diff want got
	run -0 xpool -k --pipe --group-by 1 --block 2k cat <in
	diff in <(printf '%s\n' "$output")
}

@test "--group-by: a new value starts a group, -N groups a job (GNU's)" {
	printf 'a,1\na,2\nb,3\nb,4\nc,5\na,6\n' >in
	same $'a,1 a,2\nb,3 b,4\nc,5\na,6' --pipe --colsep , --group-by 1 -N1 \
	    'paste -sd " "'
	same $'a,1 a,2 b,3 b,4\nc,5 a,6' --pipe --colsep , --group-by 1 -N2 \
	    'paste -sd " "'
	same $'a,1 a,2 b,3 b,4 c,5 a,6' --pipe --colsep , --group-by 1 \
	    'paste -sd " "'
	printf 'a,1,x\nb,1,x\nc,2,x\n' >in
	same $'a,1,x b,1,x\nc,2,x' --pipe --colsep , --group-by 2 -N1 \
	    'paste -sd " "'
}

@test "--group-by: TAB columns by default; a group longer than --block" {
	printf 'x\ta\ny\ta\nz\tb\n' >in
	same $'x\ta y\ta\nz\tb' --pipe --groupby 2 -N1 'paste -sd " "'
	seq 300 | awk '{ print int($1 / 100) }' >in
	run -0 xpool -k --pipe --group-by 1 --block 10 'wc -l' <in
	assert_output $'99\n100\n100\n1'
}

@test "--group-by: a column by name; the header line goes to every job" {
	printf 'id,v\na,1\na,2\nb,3\n' >in
	same $'id,v a,1 a,2\nid,v b,3' --pipe --colsep , --group-by id -N1 \
	    'paste -sd " "'
	same $'id,v a,1 a,2 b,3' --pipe --colsep , --header : \
	    --group-by id -N2 'paste -sd " "'
	# GNU parallel 20221122 finds no last column by name (its newline).
	run -0 xpool -k --pipe --colsep , --group-by v -N1 'paste -sd " "' <in
	assert_output $'id,v a,1\nid,v a,2\nid,v b,3'
	run -0 xpool -k --pipe --colsep , --header : --group-by 1 -N1 \
	    'paste -sd " "' <in
	assert_output $'id,v a,1 a,2\nid,v b,3'
}

@test "--group-by COL EXPR, NAME EXPR, EXPR: the key is what GNU parallel's Perl leaves in \$_" {
	# GNU parallel's own example: 12-3 and 123 are one UserID.
	printf 'UserID,Consumption\n123,1\n123,2\n12-3,1\n221,3\n221,1\n2/21,5\n' >in
	same $'4 4 38\n4 4 38' --pipe --colsep , --header : \
	    --group-by 'UserID s/\D//g' -N1 'wc | xargs'
	printf 'a1,x\na2,y\nb1,z\na3,w\n' >in
	same $'a1,x a2,y\nb1,z\na3,w' --pipe --colsep , \
	    --group-by '1 s/\d//' -N1 'paste -sd " "'
	# Alone, the expression is given the whole line, newline and all.
	same $'a1,x a2,y\nb1,z\na3,w' --pipe --group-by 's/\d.*//s' -N1 \
	    'paste -sd " "'
	same $'a1,x a2,y\nb1,z\na3,w' --pipe --group-by '$_ = /a/' -N1 \
	    'paste -sd " "'
}

@test "--group-by EXPR: Perl that is not valid, or dies, stops the run with 255" {
	printf 'a\nb\nc\n' >in
	run -255 --separate-stderr xpool --pipe --group-by '1 $_ +' cat <in
	assert_output ''
	assert_stderr_contains "xpool: --group-by's expression '\$_ +' is not valid Perl"
	run -255 --separate-stderr xpool --pipe --group-by '1 die "no $_" if /b/' cat <in
	assert_stderr_contains "xpool: --group-by's expression 'die \"no \$_\" if /b/' died: no b"
	assert_equal "${#stderr_lines[@]}" 1
	run -255 --separate-stderr xpool --pipe-part -a in --group-by '1 die "no\n"' cat
	assert_output ''
	assert_stderr "xpool: --group-by's expression 'die \"no\n\"' died: no"
}

@test "--group-by: refused without --pipe, others" {
	run -255 --separate-stderr xpool --group-by 1 cat </dev/null
	assert_stderr_contains 'give --pipe too'
	printf 'a\n' >in
	run -255 --separate-stderr xpool --pipe --group-by 0 cat <in
	assert_stderr_contains 'not a column number'
	run -255 --separate-stderr xpool --pipe --group-by 1 --shard 1 cat <in
	assert_stderr_contains 'does not go with --shard'
	run -255 --separate-stderr xpool --pipe --group-by 1 --recend x cat <in
	assert_stderr_contains 'does not go with --recend'
	run -255 --separate-stderr xpool --pipe --group-by 1 -L 2 cat <in
	assert_stderr_contains 'does not go with -L'
	printf 'k,v\na,1\n' >in
	run -255 --separate-stderr xpool --pipe --colsep , --group-by zz cat <in
	assert_stderr_contains "column 'zz' is not in the header line 'k,v'"
	run -255 --separate-stderr xpool --pipe --colsep , cat <in
	assert_stderr_contains 'does not go with --colsep'
}

# -------------------------------------------------------------- --spreadstdin

@test "--spreadstdin: GNU parallel's other name for --pipe" {
	seq 10 >in
	same $'4\n4\n2' --spreadstdin -N 4 wc -l
	same $'2\n1\n1' --spreadstdin --tee 'grep -c {}' ::: 1 2 3
}
