#!/usr/bin/env bats
# shellcheck disable=SC1083,SC2016,SC2030,SC2031,SC2154
# (SC1083: {} is an xpool replacement string; SC2016: $ in single quotes is
# for the job's shell; SC2030/SC2031/SC2154: bats runs each test in a
# subshell and sets $output, $stderr and $lines.)
# 078-pipe-dist: how --pipe spreads standard input over the jobs other than
# in blocks: --tee (all of it to every job).
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
