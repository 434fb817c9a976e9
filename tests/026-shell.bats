#!/usr/bin/env bats
# shellcheck disable=SC2016,SC2030,SC2031,SC2154
# (SC2016: $ in single quotes is for the job's shell; SC2030/SC2031/SC2154:
# bats runs each test in a subshell and sets $output, $stderr and $lines.)
# 026-shell: the shell commands run with, chosen as GNU parallel chooses
# it: --shell, $PARALLEL_SHELL, the shell xpool was started from, $SHELL,
# /bin/sh.  Where GNU parallel is installed, it is run the same way and
# must give the same.

load helpers

setup() {
	common_setup
}

# both_from SHELL SCRIPT: SCRIPT run by SHELL -c, with $P as xpool, then
# (where it is installed) as GNU parallel: the same output both times.
# "; :" ends the script so that the shell does not exec its last command.
both_from() {
	local sh=$1 script=$2 out
	run -0 --separate-stderr env P="$XPOOL" "$sh" -c "$script; :"
	out=$output
	if command -v parallel >/dev/null; then
		run -0 --separate-stderr env P="$(command -v parallel)" \
		    "$sh" -c "$script; :"
		assert_equal "$output" "$out"
	fi
	output=$out
}

@test "started from bash, commands run with bash: brace expansion, [[ ]], <( )" {
	both_from bash '"$P" -k '\''echo {1..3}; [[ {} == a ]] && echo is-a; cat <(echo {})'\'' ::: a b'
	assert_output $'1 2 3\nis-a\na\n1 2 3\nb'
	both_from bash '"$P" '\''echo $0'\'' ::: x'
	assert_output "$(command -v bash) x"
}

@test "started from sh, commands run with sh, found in PATH" {
	both_from sh '"$P" '\''echo $0'\'' ::: x'
	assert_output "$(command -v sh) x"
}

@test "started from zsh, commands run with zsh: its =cmd expansion works" {
	need zsh
	both_from zsh '"$P" -k echo \={} ::: ls sh'
	assert_output "$(command -v ls)
$(command -v sh)"
}

@test "the nearest shell above xpool counts, through other programs" {
	# sh runs env, which runs xpool: the shell is sh, not the bash above.
	both_from sh 'env "$P" '\''echo $0'\'' ::: x'
	assert_output "$(command -v sh) x"
	# A login shell's argv[0] begins with a dash.
	# "-sh" may be any shell: the program it runs is taken.
	both_from bash 'exec -a -sh sh -c '\''"$P" "echo \$0" ::: x; :'\'''
	assert_output "$(readlink -f "$(command -v sh)") x"
}

@test "--shell wins over PARALLEL_SHELL, which wins over the shell xpool was started from" {
	run -0 env PARALLEL_SHELL=/bin/sh "$XPOOL" 'echo $0' ::: x
	assert_output '/bin/sh x'
	run -0 env PARALLEL_SHELL=/bin/sh "$XPOOL" --shell bash 'echo $0' ::: x
	assert_output 'bash x'
	if command -v parallel >/dev/null; then
		run -0 env PARALLEL_SHELL=/bin/sh parallel 'echo $0' ::: x
		assert_output '/bin/sh x'
	fi
	# An empty one is not set.
	run -0 env PARALLEL_SHELL= "$XPOOL" 'echo $0' ::: x
	assert_output "$(command -v bash) x"
}

@test "a PARALLEL_SHELL that cannot run stops xpool before any job, named" {
	run -255 --separate-stderr env PARALLEL_SHELL=/nonexistent/sh \
	    "$XPOOL" 'touch ran; echo {}' ::: x
	assert_stderr_contains "xpool: PARALLEL_SHELL: '/nonexistent/sh': No such file or directory"
	assert_file_not_exists ran
}

@test "started from no shell: \$SHELL, else /bin/sh; a shell not quoting as sh gives /bin/sh" {
	need unshare
	unshare --pid --fork --mount-proc true 2>/dev/null ||
	    fail "unshare cannot make a PID namespace here"
	# In a PID namespace of its own, xpool is process 1: nothing above it.
	run -0 env SHELL="$(command -v bash)" unshare --pid --fork --mount-proc \
	    "$XPOOL" 'echo $0' ::: x
	assert_output "$(command -v bash) x"
	run -0 env -u SHELL unshare --pid --fork --mount-proc \
	    "$XPOOL" 'echo $0' ::: x
	assert_output '/bin/sh x'
	run -0 env SHELL=/usr/bin/fish unshare --pid --fork --mount-proc \
	    "$XPOOL" 'echo $0' ::: x
	assert_output '/bin/sh x'
}

@test "started from fish, commands run with /bin/sh, values quoted for sh" {
	need fish
	cat >run.fish <<'EOF2'
"$XPOOL" -k "printf '%s|%s\n' \$0 {}" ::: "a b" 'c\\d'
true
EOF2
	run -0 fish run.fish
	assert_output '/bin/sh|a b
/bin/sh|c\d'
}

@test "a command that needs no shell starts none, whatever the shell" {
	# /bin/false as the shell would fail every job that used it.
	run -0 env PARALLEL_SHELL=/bin/false "$XPOOL" -k echo x ::: y z
	assert_output $'x y\nx z'
}

@test "sem runs its command with the same shell" {
	run -0 "$XPOOL" --semaphore --id "shell.$$" --fg 'echo {1..3} $0'
	assert_output "1 2 3 $(command -v bash)"
}
