#!/usr/bin/env bats
# shellcheck disable=SC2016,SC2030,SC2031,SC2154,SC2317
# (SC2016: $ in single quotes is for the job's shell; SC2030/SC2031/SC2154:
# bats runs each test in a subshell and sets $output, $stderr and $lines.)
# 025-exported-functions: bash functions exported with export -f run as
# commands, as they do under GNU parallel.

load helpers

setup() {
	common_setup
	command -v bash >/dev/null || fail "bash is needed for these tests"
	# valgrind's launcher drops BASH_FUNC_* from the environment.
	[[ -z ${XPOOL_WRAP:-} ]] ||
	    skip "${XPOOL_WRAP%% *} drops exported functions from the environment"
}

@test "an exported function as the command: each item runs it" {
	f() { echo "f got $1"; }
	export -f f
	run -0 xpool -k f ::: 1 2 3
	assert_output $'f got 1\nf got 2\nf got 3'
}

@test "an exported function in a pipeline and after a ;, with GNU parallel's output" {
	f() { echo "f got $1"; }
	export -f f
	run -0 xpool -k 'f {} | tr a-z A-Z; echo x; f end' ::: 1 2
	assert_output $'F GOT 1\nx\nf got end\nF GOT 2\nx\nf got end'
	command -v parallel >/dev/null || return 0
	run -0 parallel --will-cite -k 'f {} | tr a-z A-Z; echo x; f end' ::: 1 2
	assert_output $'F GOT 1\nx\nf got end\nF GOT 2\nx\nf got end'
}

@test "items that are command lines may call exported functions" {
	g() { echo "g: $*"; }
	export -f g
	run -0 xpool -k <<<$'g a b\ng c'
	assert_output $'g: a b\ng: c'
}

@test "a function exported under a program's name wins over the program, as in bash" {
	seq() { echo "my seq $1"; }
	export -f seq
	run -0 xpool seq ::: 3
	assert_output 'my seq 3'
}

@test "values never become code in a function's arguments" {
	f() { printf '<%s>\n' "$@"; }
	export -f f
	run -0 xpool -k f ::: 'a b' '$(echo no)' "it's" ';echo no'
	assert_output $'<a b>\n<$(echo no)>\n<it\'s>\n<;echo no>'
}

@test "started from sh, commands that name no function run with sh, the others with bash" {
	f() { :; }
	export -f f
	# dash drops the functions from the environment: bash named sh.
	printf '"$XPOOL" "echo \\$0 {}" ::: x\n"$XPOOL" "echo \\$0 {}; f" ::: y\n' >s
	run -0 bash -c 'exec -a sh bash s'
	assert_output "$(command -v sh) x
bash y"
	# Started from bash, bash is the shell either way.
	run -0 xpool 'echo $0 {}; f' ::: x
	assert_output "$(command -v bash) x"
}

@test "--shell is obeyed: a shell without the functions does not see them" {
	f() { echo "f got $1"; }
	export -f f
	run -1 --separate-stderr xpool --shell /bin/sh f ::: 1
	assert_output ''
	assert_stderr_regex '^/bin/sh: 1: f: not found'
	run -0 xpool --shell bash f ::: 1
	assert_output 'f got 1'
}
