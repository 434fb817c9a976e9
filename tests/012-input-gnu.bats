#!/usr/bin/env bats
# shellcheck disable=SC1083,SC2016,SC2030,SC2031,SC2154
# (SC1083: {} {1} ... are xpool replacement strings; SC2016: $ in single
# quotes is for the job's shell; SC2030/SC2031/SC2154: bats runs each test in a
# subshell and sets $stderr and $lines.)
# 012-input-gnu: input behaviours taken from GNU parallel: -r, -n 0, -m
# with -n, --header N and REGEX, --recend/--recstart strings.
#
# Each test states the expected output; where GNU parallel is installed, it
# is run on the same input and must give the same.

load helpers

# same WANT ARG...: xpool -k ARG... < in prints WANT (and exits 0, saying
# nothing on standard error); so does GNU parallel where it is installed.
same() {
	local want=$1
	shift
	run -0 --separate-stderr xpool -k "$@" <in
	assert_output "$want"
	assert_stderr_empty
	if command -v parallel >/dev/null; then
		run -0 --separate-stderr parallel -k "$@" <in
		assert_output "$want"
	fi
}

# ---------------------------------------------------------------- -r

@test "-r skips empty items and items of white space only" {
	printf 'a\n\nb\n \n\t\n\r\n' >in
	same $'xay\nxby' -r echo x{}y
}

@test "without -r an empty line is an empty item" {
	printf 'a\n\nb\n' >in
	same $'xay\nxy\nxby' echo x{}y
}

@test "-r drops blank items from each ::: source before they combine" {
	: >in
	same $'a-b\na-c' -r echo {1}-{2} ::: '' a ' ' ::: b '' c
}

@test "-r drops blank items from a :::: file and from -a" {
	printf 'one\n  \n\ntwo\n' >items
	: >in
	same $'one\ntwo' -r echo :::: items
	same $'one\ntwo' -r -a items echo
}

@test "-r with -n counts only the items that are left" {
	printf 'a\n\nb\n \nc\n' >in
	same $'a b\nc' -r -n 2 echo
}

@test "-r with input of blank lines only runs nothing" {
	printf '\n  \n\n' >in
	same '' -r echo ran
}

@test "-r with -0: an item of newlines and blanks is skipped" {
	printf 'a\0\n \n\0b\0' >in
	same $'a\nb' -r -0 echo
}

@test "-r counts the items it keeps for --chunksize auto" {
	# 8 items and 4 blank lines: 2 a job (3 if the blank ones counted).
	printf 'a\n\nb\nc\n \nd\ne\n\nf\ng\n\t\nh\n' >items
	run -0 --separate-stderr xpool -j1 -r --chunksize auto echo :::: items
	assert_output $'a b\nc d\ne f\ng h'
}

@test "--pipe -r takes lines of white space out before the blocks are cut" {
	printf 'a\n\n \nb\n  c\n\n' >in
	same $'a\nb\n==\n  c\n==' -r --pipe -N 2 'cat; echo =='
	same $'a\n==\nb\n==\n  c\n==' -r --pipe -N 1 'cat; echo =='
}

@test "--pipe -r: input of blank lines only runs nothing" {
	printf '\n \t \n\n' >in
	same '' -r --pipe 'echo ran'
}
