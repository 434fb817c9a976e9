#!/usr/bin/env bats
# shellcheck disable=SC2154
# (SC2154: bats sets $stderr.)
# 015-scripts: GNU parallel's options for scripts and set-ups that xpool
# does not have are refused, naming the option and saying why.

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
