#!/usr/bin/env bats
# shellcheck disable=SC2154
# (SC2154: bats sets $stderr.)
# 015-scripts: scripts run by xpool from their #! line (--shebang,
# --shebang-wrap), as GNU parallel runs them, compared with it where it is
# installed; and GNU parallel's options that xpool does not have, or that
# GNU parallel retired, refused by name, saying why.

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

@test "GNU parallel's --debug, -D, --bug, --session, --linkinputsource: refused, saying why" {
	local o
	for o in --debug -D; do
		run -255 --separate-stderr xpool "$o" all touch ran ::: a
		assert_output ''
		assert_stderr_contains "xpool: $o is GNU parallel's option; xpool does not have it: it prints GNU parallel's internal state"
	done
	run -255 --separate-stderr xpool --debug=all touch ran ::: a
	assert_stderr_contains "xpool: --debug is GNU parallel's option"
	run -255 --separate-stderr xpool -kD all touch ran ::: a
	assert_stderr_contains "xpool: -D is GNU parallel's option"
	run -255 --separate-stderr xpool --bug touch ran ::: a
	assert_stderr_contains "xpool: --bug is GNU parallel's option; xpool does not have it: it prints GNU parallel's text for reporting a bug"
	run -255 --separate-stderr xpool --session touch ran ::: a
	assert_stderr_contains "xpool: --session is GNU parallel's option; xpool does not have it: it is for env_parallel"
	for o in --linkinputsource --xapplyinputsource; do
		run -255 --separate-stderr xpool "$o" 1 touch ran ::: a
		assert_stderr_contains "xpool: $o is GNU parallel's option; xpool does not have it: GNU parallel gives it to itself (use :::+ or ::::+, or --link"
	done
	assert_file_not_exists ran
}

@test "options GNU parallel retired: refused as it refuses them, saying what to use instead" {
	local o want
	for o in g:--group B:--bf T:--tty U:--er W:--wd Y:--shebang H:--halt; do
		want=${o#*:} o=-${o%%:*}
		run -255 --separate-stderr xpool "$o" 1 touch ran ::: a
		assert_output ''
		assert_stderr_contains "xpool: $o was retired by GNU parallel; use $want"
		# GNU parallel refuses it too
		if command -v parallel >/dev/null; then
			run -255 --separate-stderr parallel "$o" 1 touch ran ::: a
			assert_stderr_contains "$o has been retired. Use $want."
		fi
	done
	run -255 --separate-stderr xpool -kg touch ran ::: a
	assert_stderr_contains "xpool: -g was retired by GNU parallel; use --group"
	for o in --ctrl-c --ctrlc --no-ctrl-c --no-ctrlc --noctrlc; do
		run -255 --separate-stderr xpool "$o" touch ran ::: a
		assert_output ''
		assert_stderr_contains "xpool: $o was retired by GNU parallel; remove it"
	done
	assert_file_not_exists ran
}

@test "--tollef: refused as GNU parallel retired it, unless --gnu is given" {
	run -255 --separate-stderr xpool --tollef touch ran ::: a
	assert_output ''
	assert_stderr_contains "xpool: --tollef was retired by GNU parallel; remove it, or give --gnu too"
	assert_file_not_exists ran
	run -0 --separate-stderr xpool --tollef --gnu echo ::: a
	assert_output a
	run -0 --separate-stderr xpool --gnu --tollef echo ::: a
	assert_output a
	if command -v parallel >/dev/null; then
		run -255 --separate-stderr parallel --tollef echo ::: a
		run -0 --separate-stderr parallel --tollef --gnu echo ::: a
		assert_output a
	fi
}

@test "an option neither has is still unknown" {
	run -255 --separate-stderr xpool --tmuxx echo ::: a
	assert_stderr_contains "xpool: unknown option '--tmuxx'"
	run -255 --separate-stderr xpool --sq echo ::: a
	assert_stderr_contains "xpool: unknown option '--sq'"
	run -255 --separate-stderr xpool -Z echo ::: a
	assert_stderr_contains "xpool: unknown option -Z"
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
