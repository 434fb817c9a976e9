#!/usr/bin/env bats
# shellcheck disable=SC2154
# (SC2154: bats sets $stderr.)
# 015-scripts: scripts run by xpool from their #! line (--shebang,
# --shebang-wrap), as GNU parallel runs them, compared with it where it is
# installed; and GNU parallel's options that xpool does not have, refused
# by name, saying why.

load helpers

@test "GNU parallel's --sql*, --tmux*, --embed: refused, saying why" {
	local o
	for o in --sql --sql-master --sqlmaster --sql-worker --sqlworker \
	    --sql-and-worker --sqlandworker; do
		run -255 --separate-stderr xpool "$o" DBURL echo ::: a
		assert_output ''
		assert_stderr_contains "xpool: $o is GNU parallel's option; xpool does not have it: it shares jobs and their output through an SQL database"
	done
	run -255 --separate-stderr xpool --sqlmaster=DBURL echo ::: a
	assert_stderr_contains "xpool: --sqlmaster is GNU parallel's option"
	for o in --tmux --tmux-pane --tmuxpane; do
		run -255 --separate-stderr xpool "$o" echo ::: a
		assert_output ''
		assert_stderr_contains "xpool: $o is GNU parallel's option; xpool does not have it: it shows each job in a tmux window or pane"
	done
	run -255 --separate-stderr xpool --embed
	assert_stderr_contains "xpool: --embed is GNU parallel's option; xpool does not have it"
}

@test "an option neither has is still unknown" {
	run -255 --separate-stderr xpool --tmuxx echo ::: a
	assert_stderr_contains "xpool: unknown option '--tmuxx'"
	run -255 --separate-stderr xpool --sq echo ::: a
	assert_stderr_contains "xpool: unknown option '--sq'"
}

# script NAME LINE BODY [PROGRAM]: an executable script NAME whose #! line
# runs PROGRAM (xpool by default) with LINE's words, and BODY after it.
script() {
	printf '#!%s %s\n%s' "${4:-$XPOOL}" "$2" "$3" >"$1"
	chmod +x "$1"
}

@test "--shebang: the script's lines are the items, after its #! line" {
	script sb '--shebang -r -k echo x' $'a\n\nb\n'
	run -0 --separate-stderr ./sb
	assert_output $'x a\nx b'
	assert_stderr_empty
	script hb '--hashbang -k echo' $'1\n2\n'
	run -0 ./hb
	assert_output $'1\n2'
	if command -v parallel >/dev/null; then
		script gsb '--shebang -r -k echo x' $'a\n\nb\n' "$(command -v parallel)"
		run -0 ./gsb
		assert_output $'x a\nx b'
		script gsw '--shebang-wrap -k /bin/sh' 'echo "arg: $1"' "$(command -v parallel)"
		run -0 ./gsw A B
		assert_output $'arg: A\narg: B'
	fi
}

@test "--shebang-wrap: the program runs the script once per argument, or per line of the standard input" {
	script sw '--shebang-wrap -k /bin/sh' 'echo "arg: $1"'
	run -0 ./sw A B
	assert_output $'arg: A\narg: B'
	# Given none, the items come from the standard input, as GNU's.
	run -0 ./sw </dev/null
	assert_output ''
	run -0 ./sw < <(printf 'x\ny\n')
	assert_output $'arg: x\narg: y'
	if command -v parallel >/dev/null; then
		script gsw '--shebang-wrap -k /bin/sh' 'echo "arg: $1"' "$(command -v parallel)"
		run -0 ./gsw < <(printf 'x\ny\n')
		assert_output $'arg: x\narg: y'
	fi
	script sw2 '--shebangwrap -k /bin/sh' 'echo "[$1]"'
	run -0 ./sw2 'a b'
	assert_output '[a b]'
}

@test "--shebang elsewhere than first, or with no script: an error" {
	run -255 --separate-stderr xpool -k --shebang echo
	assert_stderr_contains "xpool: --shebang must be the first argument, as a script's #! line gives it"
	run -255 --separate-stderr xpool --shebang
	assert_stderr_contains "xpool: --shebang is for a script's #! line: give the script's path after it"
}

@test "sem --shebang-wrap: the script runs once, holding the semaphore, as GNU's manual shows" {
	local sem=$BATS_TEST_TMPDIR/bin/sem
	mkdir -p "$BATS_TEST_TMPDIR/bin"
	ln -s "$XPOOL" "$sem"
	export HOME=$BATS_TEST_TMPDIR/home
	mkdir -p "$HOME"
	script mutex "--shebang-wrap -u --id \$0 --fg /bin/sh" $'echo This will run\necho exclusively\n' "$sem"
	run -0 --separate-stderr ./mutex
	assert_output $'This will run\nexclusively'
	assert_stderr_empty
}
