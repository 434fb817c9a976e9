#!/usr/bin/env bats
# shellcheck disable=SC2016,SC2030,SC2031,SC2154
# (SC2016: $ in single quotes is for the job's shell; SC2030/SC2031/SC2154:
# bats runs each test in a subshell and sets $output, $stderr and $lines.)
# 090-worker: --worker feeds items to long-lived processes.
#
# The fixture workers in tests/workers/ misbehave on purpose: they die on
# an item, hang on one, print two lines for one, never flush, or die at
# start-up.  Every run must end with the right items reported, the right
# exit status and nothing left running.

load helpers

setup() {
	common_setup
	W=$BATS_TEST_DIRNAME/workers
}

@test "--worker: one line per item, in input order, from few processes" {
	seq 200 | xpool --worker -j3 "$W/pid" >out
	assert_equal "$(cut -d' ' -f2 out)" "$(seq 200)"
	# At most 3 workers answered 200 items.
	run -0 sh -c 'cut -d" " -f1 out | sort -u | wc -l'
	((output >= 1 && output <= 3)) || fail "$output workers"
	assert_no_leftover
}

@test "--worker -n: items go in chunks; every result comes back" {
	seq 1000 | xpool --worker -j2 -n 100 \
	    "mawk -W interactive '{ print \$1 * 2; fflush() }'" >out
	assert_equal "$(cat out)" "$(seq 2 2 2000)"
}

@test "--worker -n 1000 over 100,000 items: every answer, in input order" {
	seq 100000 >items
	xpool --worker -j2 -n 1000 cat <items >out
	cmp items out
	xpool --worker -j2 cat <items >out1
	cmp items out1
}

@test "--worker --unordered and --tag work on items" {
	seq 5 | xpool --worker --unordered -j2 "$W/pid" >out
	assert_equal "$(cut -d' ' -f2 out | sort -n)" "$(seq 5)"
	run -0 --separate-stderr xpool --worker -j1 --tag --eot EOT "$W/eot" ::: x
	assert_output $'x\ta x\nx\tb x'
}

@test "--maxtasksperchild 10: at least 10 workers for 100 items, all results" {
	seq 100 | xpool --worker -j2 --maxtasksperchild 10 "$W/pid" >out
	assert_equal "$(cut -d' ' -f2 out)" "$(seq 100)"
	run -0 sh -c 'cut -d" " -f1 out | sort -u | wc -l'
	((output >= 10)) || fail "only $output different workers"
	assert_no_leftover
}

@test "--eot: multi-line answers; 'EOT N' fails that item with status N" {
	run -1 --separate-stderr xpool --worker -j1 --eot EOT "$W/eot" ::: a bad c
	assert_output $'a a\nb a\na bad\nb bad\na c\nb c'
	xpool --worker -j1 --eot EOT --joblog log "$W/eot" ::: a bad c || true
	run -0 cut -f 1,7 log
	assert_output $'Seq\tExitval\n1\t0\n2\t7\n3\t0'
}

@test "a worker that dies (SIGKILL) on item 3: item 3 reported, the rest answered" {
	run -1 --separate-stderr gxpool --worker -j1 "$W/dies" 3 ::: 1 2 3 4 5
	assert_output $'r 1\nr 2\nr 4\nr 5'
	assert_stderr_regex '^xpool: worker 1 \(pid [0-9]+\) died of SIGKILL on item 3$'
	assert_no_leftover
}

@test "a worker that dies: with --retries 2 the item is run again and answered" {
	run -0 --separate-stderr gxpool --worker -j1 --retries 2 "$W/dies" 3 ::: 1 2 3 4 5
	assert_output $'r 1\nr 2\nr 3\nr 4\nr 5'
	assert_stderr_empty
	assert_file_exists died.3
}

@test "a worker that dies with items unanswered: they go back uncharged" {
	# -n 5: items 1-5 go together; the worker dies on 2; 3-5 are not
	# charged and are answered by the next worker.
	run -1 --separate-stderr gxpool --worker -j1 -n 5 "$W/dies" 2 ::: 1 2 3 4 5 6
	assert_output $'r 1\nr 3\nr 4\nr 5\nr 6'
	assert_stderr_regex 'died of SIGKILL on item 2$'
}

@test "-j2 -n 10: a worker that dies mid-chunk; answers before it once, the rest by others" {
	# Items go in chunks of 10 sharing one output; the death cuts one.
	run -1 --separate-stderr gxpool --worker -j2 -n 10 "$W/dies" 17 < <(seq 50)
	assert_output "$(seq 50 | grep -vx 17 | sed 's/^/r /')"
	assert_stderr_regex '^xpool: worker [12] \(pid [0-9]+\) died of SIGKILL on item 17$'
	assert_no_leftover
}

@test "--halt now,fail=1 with chunks: the answers before the failed item, then its status" {
	run -137 --separate-stderr gxpool --worker -j1 -n 5 --halt now,fail=1 \
	    "$W/dies" 7 < <(seq 20)
	assert_output "$(seq 6 | sed 's/^/r /')"
	assert_stderr_regex 'died of SIGKILL on item 7'
	assert_stderr_regex '--halt: job 7 failed \(status 137\)'
	assert_no_leftover
}

@test "--worker -n 1000: 10,000,000 items in flat memory (peak RSS under 10 MB)" {
	seq 10000000 | /usr/bin/time -f %M -o rss ${XPOOL_WRAP:-} "$XPOOL" \
	    -j2 --worker -n 1000 cat | md5sum >got
	seq 10000000 | md5sum >want
	assert_equal "$(cat got)" "$(cat want)"
	instrumented && skip "peak RSS is not xpool's own under a sanitizer"
	(($(tail -n 1 rss) < 10 * 1024)) ||
	    fail "peak RSS $(tail -n 1 rss) KB, not under 10 MB"
}

@test "a worker that hangs on item 2: --timeout ends it; item 2 reported" {
	run -1 --separate-stderr gxpool --worker -j1 --timeout 1 "$W/hangs" 2 ::: 1 2 3 4
	assert_output $'r 1\nr 3\nr 4'
	assert_stderr_regex '^xpool: worker 1 \(pid [0-9]+\) timed out after 1s on item 2$'
	assert_file_exists hung.2
	assert_no_leftover
}

@test "a worker that prints two lines for one item is replaced, and the run fails" {
	run -255 --separate-stderr gxpool --worker -j1 "$W/twolines" 3 ::: 1 2 3 4 5
	assert_output $'r 1\nr 2\nr 3\nr 4\nr 5'
	assert_stderr_regex '^xpool: worker 1 \(pid [0-9]+\) printed more answers than it was given items'
	assert_no_leftover
}

@test "a worker whose extra lines pass for later items' answers: the run fails, naming it" {
	# Each extra line may be read as the next item's answer; the last
	# one at the latest has no item left to pass for.
	run -255 --separate-stderr timeout "$GUARD" bash -c 'seq 6 | xpool -j1 --tag --worker \
	    "while read a; do echo ans-\$a; echo extra-\$a; done"'
	assert_stderr_regex 'xpool: worker 1 \(pid [0-9]+\) printed more answers than it was given items.*--eot'
	assert_no_leftover
}

@test "xpool's message about a worker comes after the answers it printed before" {
	# One write holds the answer to 3 and a line too many: the answer is
	# written before the message, even on one stream.
	run -255 bash -c 'xpool --worker -j1 "$1/twolines" 3 ::: 1 2 3 4 2>&1' _ "$W"
	assert_line -n 2 'r 3'
	assert_line -n 3 --partial 'xpool: worker 1 (pid '
	assert_line -n 3 --partial 'printed more answers than it was given items'
}

@test "a worker that never flushes: --timeout fails its items, xpool stops" {
	run -255 --separate-stderr gxpool --worker -j1 --timeout 1 "$W/noflush" ::: 1 2 3 4 5
	assert_output ''
	assert_stderr_contains 'timed out after 1s on item 1'
	assert_stderr_contains 'xpool: --worker: workers died 3 times in a row'
	assert_no_leftover
}

@test "a worker that dies at start-up: xpool stops after 3 tries, no endless respawn" {
	run -255 --separate-stderr gxpool --worker -j2 "$W/startdie" ::: $(seq 50)
	assert_output ''
	assert_stderr_contains 'xpool: --worker: workers died 3 times in a row before answering an item'
	run -0 grep -c 'startdie: cannot start' <<<"$stderr"
	((output >= 3 && output <= 4)) || fail "$output workers started"
	assert_no_leftover
}

@test "--worker: a command that does not exist stops at once" {
	run -255 --separate-stderr gxpool --worker nosuchworker-xyz ::: 1
	assert_stderr_contains 'nosuchworker-xyz: command not found'
}

@test "--worker: SIGTERM ends the workers; nothing is left" {
	XPOOL_STDIN=/dev/null start_xpool out err --worker -j2 "$W/hangs" 1 ::: 1 2
	wait_for_file hung.1
	kill -TERM "$XPID"
	wait_xpool
	assert_equal "$status" 143
	assert_no_leftover
}

@test "--worker with options it cannot go with: exit 255 and a message" {
	run -255 --separate-stderr xpool --worker --pipe cat
	assert_stderr_contains 'xpool: --worker does not go with --pipe'
	run -255 --separate-stderr xpool --worker -X cat ::: a
	assert_stderr_contains '-X'
	run -255 --separate-stderr xpool --eot X cat ::: a
	assert_stderr_contains 'xpool: --eot is for --worker'
	run -255 --separate-stderr xpool --maxtasksperchild 0 --worker cat ::: a
	assert_stderr_contains '--maxtasksperchild'
}

@test "--chunksize auto: Pool's rule, items / (4 x jobs) rounded up" {
	# 20 items, 2 jobs: chunks of 3.
	run -0 xpool -j2 --chunksize auto echo ::: $(seq 20)
	assert_equal "${lines[0]}" '1 2 3'
	assert_equal "${#lines[@]}" 7
	# From a file, for workers: 100 items, 2 workers: chunks of 13.
	seq 100 >items
	xpool --worker -j2 --chunksize auto -a items "$W/pid" >out
	assert_equal "$(cut -d' ' -f2 out)" "$(seq 100)"
	# Each worker answers whole chunks: runs of one pid are multiples of
	# 13, but for the last chunk (100 = 7 x 13 + 9).
	run -0 sh -c 'cut -d" " -f1 out | uniq -c | awk "{print \$1}"'
	local n total=0 i=0
	for n in "${lines[@]}"; do
		i=$((i + 1))
		total=$((total + n))
		((i == ${#lines[@]} || n % 13 == 0)) || fail "a run of $n: ${lines[*]}"
	done
	assert_equal "$total" 100
}

@test "--chunksize N is -n N; auto with a stream of items: exit 255" {
	run -0 xpool -j1 --chunksize 4 echo ::: $(seq 6)
	assert_output $'1 2 3 4\n5 6'
	run -255 --separate-stderr bash -c 'seq 3 | xpool --chunksize auto echo'
	assert_stderr_contains 'xpool: --chunksize auto needs to know how many items there are'
	run -255 --separate-stderr xpool --chunksize 0 echo ::: a
	assert_stderr_contains "xpool: --chunksize '0'"
}

@test "--worker: an item with a newline fails alone; the others are answered" {
	run -1 --separate-stderr xpool --worker -j1 "$W/pid" ::: a $'b\nc' d
	assert_equal "$(cut -d' ' -f2 <<<"$output")" $'a\nd'
	assert_stderr 'xpool: item 2 holds a newline and cannot be sent to a worker, which reads one item per line'
}

@test "--worker: a worker that answers a chunk before reading it gets the next chunk once it has read it" {
	# Long items: a chunk outgrows the pipe, so it is still being written
	# when the worker has answered every item of it.
	local i
	for ((i = 1; i <= 4000; i++)); do
		printf '%0200d\n' "$i"
	done >items
	run -0 --separate-stderr gxpool -j1 --worker -n 2000 -a items \
	    'yes | head -2000; head -n 2000 >/dev/null; yes | head -2000; cat >/dev/null'
	assert_equal "${#lines[@]}" 4000
	assert_stderr_empty
}

@test "--worker: SIGTERM while a worker holds the first item: the answers of later items still come out" {
	start_xpool out err --worker -j2 -n 2 \
	    'while read -r a; do if [ "$a" = 1 ]; then : >slow; waitfor go; fi; echo "r $a"; [ "$a" = 4 ] && : >done4; done' \
	    ::: 1 2 3 4
	wait_for_file slow
	wait_for_file done4
	kill -TERM "$XPID"
	wait_xpool
	assert_equal "$status" 143
	run -0 cat out
	assert_output $'r 3\nr 4'
	assert_no_leftover
}
