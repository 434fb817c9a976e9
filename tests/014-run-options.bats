#!/usr/bin/env bats
# shellcheck disable=SC1083,SC2016,SC2030,SC2031,SC2154
# (SC1083: {} {1} ... are xpool replacement strings; SC2016: $ in single
# quotes is for the job's shell; SC2030/SC2031/SC2154: bats runs each test in a
# subshell and sets $stderr and $lines.)
# 014-run-options: GNU parallel's names for running and output options:
# its aliases (-C, -t, --max-procs, --block-size, --jl, --res, --xapply).
#
# Each test states the expected output; where GNU parallel is installed, it
# is run the same way and must give the same.

load helpers

# same WANT ARG...: xpool -k ARG... < in (empty unless the test wrote it)
# prints WANT on its standard output and exits 0; so does GNU parallel where
# it is installed.
same() {
	local want=$1
	shift
	[[ -e in ]] || : >in
	run -0 --separate-stderr xpool -k "$@" <in
	assert_output "$want"
	if command -v parallel >/dev/null; then
		run -0 --separate-stderr parallel -k "$@" <in
		assert_output "$want"
	fi
}

# ---------------------------------------------------------------- aliases

@test "-C is --colsep" {
	same $'b a\ny x' -C , echo {2} {1} ::: a,b x,y
}

@test "-t prints each command on standard error, as --verbose does" {
	run -0 --separate-stderr xpool -k -t echo ::: 'a b' c
	assert_output $'a b\nc'
	assert_equal "$stderr" $'echo \'a b\'\necho c'
	if command -v parallel >/dev/null; then
		run -0 --separate-stderr parallel -k -t echo ::: 'a b' c
		assert_output $'a b\nc'
		assert_equal "$stderr" $'echo \'a b\'\necho c'
	fi
}

@test "--max-procs is -j" {
	# One slot: the second job sees the first one's file.
	same $'1\n1' --max-procs 1 'touch f{}; ls f* | wc -l; rm f{}' ::: 1 2
}

@test "--xapply is --link" {
	same $'a 1\nb 2' --xapply echo ::: a b ::: 1 2
}

@test "--block-size is --block" {
	seq 6 >in
	same $'2\n2\n2' --pipe --block-size 4 wc -l
}

@test "--jl is --joblog" {
	run -0 xpool --jl log echo ::: a b
	run -0 cut -f 1,7,9 log
	assert_output $'Seq\tExitval\tCommand\n1\t0\techo a\n2\t0\techo b'
}

@test "--res is --results" {
	run -0 xpool --res out.csv echo ::: a
	run -0 head -n 1 out.csv
	assert_output 'Seq,Host,Starttime,JobRuntime,Send,Receive,Exitval,Signal,Command,V1,Stdout,Stderr'
	run -0 tail -n +2 out.csv
	assert_output --partial ',"echo a",a,"a'
}
