#!/usr/bin/env bats
# shellcheck disable=SC1083,SC2016,SC2030,SC2031,SC2154,SC1003,SC2012
# (SC1083: {} {1} ... are xpool replacement strings; SC2016: $ in single
# quotes is for the job's shell; SC2030/SC2031/SC2154: bats runs each test in a
# subshell and sets $stderr and $lines.)
# 001-basic: xpool runs at all; --help, --version; bad options.

load helpers

# The options that exist in this milestone (src/options.c).  --help may list
# more; it must list at least these.
LONG_OPTS=(--arg-file --colsep --delimiter --dry-run --header --help --jobs
	--keep-order --link --max-args --max-replace-args --no-run-if-empty
	--null --quote --shell --trim --unordered --verbose --version)
SHORT_OPTS=(-a -d -h -I -j -k -m -n -N -r -0 -P -q -v -V -X)

@test "runs one job per ::: item, output in input order" {
	run -0 --separate-stderr xpool "$SHOWARGS" ::: a b c
	assert_output $'a|\nb|\nc|'
	assert_stderr_empty
}

@test "runs one job per line of standard input" {
	run -0 --separate-stderr xpool "$SHOWARGS" < <(printf 'x\ny\n')
	assert_output $'x|\ny|'
	assert_stderr_empty
}

@test "echo through PATH works" {
	run -0 --separate-stderr xpool echo ::: hello
	assert_output hello
	assert_stderr_empty
}

@test "--help prints usage on stdout and exits 0" {
	run -0 --separate-stderr xpool --help
	assert_line --index 0 --regexp '^usage: xpool '
	assert_stderr_empty
}

@test "-h is --help" {
	run -0 --separate-stderr xpool --help
	local long=$output
	run -0 --separate-stderr xpool -h
	assert_equal "$output" "$long"
}

@test "--help lists every option" {
	run -0 --separate-stderr xpool --help
	local opt missing=()
	for opt in "${LONG_OPTS[@]}"; do
		grep -qE -- "(^|[ ,])$opt([ ,=]|\$)" <<<"$output" ||
		    missing+=("$opt")
	done
	for opt in "${SHORT_OPTS[@]}"; do
		grep -qE -- "^ +$opt([ ,]|\$)" <<<"$output" ||
		    missing+=("$opt")
	done
	((${#missing[@]} == 0)) || fail "not in --help: ${missing[*]}"
}

@test "every option --help lists is accepted by the parser" {
	run -0 xpool --help
	local line spec opt rejected=()
	# The option column: lines that start with blanks and a dash.
	while IFS= read -r line; do
		[[ $line =~ ^\ +(-.*)$ ]] || continue
		spec=${BASH_REMATCH[1]%%  *}
		for opt in $(grep -oE -- '(^|[ ,])--?[A-Za-z0-9][A-Za-z0-9-]*' <<<"$spec" | tr -d ' ,'); do
			# An option that takes a value gets a harmless one.
			run xpool "$opt" 1 --dry-run echo ::: x </dev/null
			if [[ $output == *"unknown option"* ]]; then
				rejected+=("$opt")
			fi
		done
	done <<<"$output"
	((${#rejected[@]} == 0)) || fail "listed but unknown: ${rejected[*]}"
}

@test "--version prints 'xpool VERSION' and exits 0" {
	run -0 --separate-stderr xpool --version
	assert_output --regexp '^xpool [0-9]+\.[0-9]+'
	assert_equal "${#lines[@]}" 1
	assert_stderr_empty
}

@test "-V is --version" {
	run -0 --separate-stderr xpool -V
	assert_output --regexp '^xpool [0-9]+\.[0-9]+'
}

@test "--help and --version on a full standard output: a message and 255" {
	local opt
	for opt in --help --version -h -V; do
		run -255 --separate-stderr bash -c 'xpool "$1" >/dev/full' _ "$opt"
		assert_output ''
		assert_stderr 'xpool: cannot write to standard output: No space left on device'
	done
}

@test "--help and --version to a reader that is gone: SIGPIPE, as a filter" {
	need python3
	local opt
	for opt in --help --version; do
		run -0 --separate-stderr python3 -c '
import os, subprocess, sys
r, w = os.pipe()
os.close(r)
print(subprocess.run(sys.argv[1:], stdout=w).returncode)
' "$XPOOL" "$opt"
		assert_output -13 # died of SIGPIPE
		assert_stderr_empty
	done
}

@test "an unknown long option: exit 255, message naming it, nothing runs" {
	run -255 --separate-stderr xpool --frobnicate touch ran ::: x
	assert_output ''
	assert_stderr "xpool: unknown option '--frobnicate'
xpool: see 'xpool --help' or 'man xpool' for the options"
	assert_file_not_exists ran
	assert_file_not_exists x
}

@test "an unknown short option: exit 255, message starting 'xpool: '" {
	run -255 --separate-stderr xpool -Z echo ::: x
	assert_output ''
	assert_messages_prefixed
	assert_stderr_contains 'unknown option'
	assert_stderr_contains 'Z'
}

@test "an option without its value: exit 255 and a message" {
	run -255 --separate-stderr xpool -j
	assert_output ''
	assert_messages_prefixed
	assert_stderr_contains '-j'
	run -255 --separate-stderr xpool --jobs
	assert_messages_prefixed
	assert_stderr_regex "option ('--jobs'|-j|--jobs)"
	assert_stderr_contains 'needs a value'
}

@test "options stop at the first word that is not one: the command keeps its flags" {
	run -0 --separate-stderr xpool "$SHOWARGS" -x --y -j 3 ::: a
	assert_output '-x|--y|-j|3|a|'
	assert_stderr_empty
}

@test "-P N is the same as -j N" {
	run -0 --separate-stderr xpool -P 1 "$SHOWARGS" ::: a b
	assert_output $'a|\nb|'
	assert_stderr_empty
	run -0 --separate-stderr xpool -P1 "$SHOWARGS" ::: a
	assert_output 'a|'
}

@test "-- ends the options" {
	run -0 --separate-stderr xpool -- "$SHOWARGS" -v ::: a
	assert_output '-v|a|'
	assert_stderr_empty
}

@test "long options take their value with = or as the next word" {
	run -0 --separate-stderr xpool --jobs=1 --max-args 2 "$SHOWARGS" ::: a b c
	assert_output $'a|b|\nc|'
	assert_stderr_empty
}

@test "no stdin items and no command: nothing runs, exit 0" {
	run -0 --separate-stderr xpool </dev/null
	assert_output ''
	assert_stderr_empty
}
