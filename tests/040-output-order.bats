#!/usr/bin/env bats
# shellcheck disable=SC1083,SC2016,SC2030,SC2031,SC2154,SC1003,SC2012
# (SC1083: {} {1} ... are xpool replacement strings; SC2016: $ in single
# quotes is for the job's shell; SC2030/SC2031/SC2154: bats runs each test in a
# subshell and sets $stderr and $lines.)
# 040-output-order: ordered and unordered output, grouping, the live head job.
#
# The order in which jobs finish is forced with files: a job waits for a file
# that the test (or another job) creates, so no test depends on how fast
# anything runs.

load helpers

setup() {
	common_setup
	# orderjob N: wait for go.N, print to stdout and stderr, mark done.N.
	cat >"$BATS_TEST_TMPDIR/bin/orderjob" <<'EOF'
#!/bin/sh
cd "$WORK" || exit 1
waitfor "go.$1" || exit 1
echo "out $1"
echo "err $1" >&2
: >"done.$1"
EOF
	# grpjob ME OTHER: write, let OTHER write, write again: the two jobs'
	# writes interleave in time on both streams.
	cat >"$BATS_TEST_TMPDIR/bin/grpjob" <<'EOF'
#!/bin/sh
cd "$WORK" || exit 1
echo "$1 out a"
echo "$1 err a" >&2
: >"wrote.$1"
waitfor "wrote.$2" || exit 1
echo "$1 out b"
echo "$1 err b" >&2
EOF
	chmod +x "$BATS_TEST_TMPDIR/bin/orderjob" "$BATS_TEST_TMPDIR/bin/grpjob"
}

# read_line FD: one line from FD into $line, or fail when nothing comes.
read_line() {
	line=
	IFS= read -r -t "$GUARD" -u "$1" line ||
	    fail "no line came from xpool within ${GUARD}s (got '$line')"
}

@test "output is in input order even when later jobs finish first" {
	start_xpool out err -j3 orderjob ::: 1 2 3
	: >go.3
	wait_for_file done.3
	: >go.2
	wait_for_file done.2
	: >go.1
	wait_xpool
	assert_equal "$status" 0
	assert_equal "$(cat out)" $'out 1\nout 2\nout 3'
	assert_equal "$(cat err)" $'err 1\nerr 2\nerr 3'
}

@test "-k / --keep-order is the default order" {
	start_xpool out err -k -j3 orderjob ::: 1 2 3
	: >go.3
	wait_for_file done.3
	: >go.2
	wait_for_file done.2
	: >go.1
	wait_xpool
	assert_equal "$status" 0
	assert_equal "$(cat out)" $'out 1\nout 2\nout 3'
	run -0 --separate-stderr xpool --keep-order -j1 echo ::: a b
	assert_output $'a\nb'
}

@test "-k after --unordered: the last one counts (input order)" {
	start_xpool out err --unordered -k -j3 orderjob ::: 1 2 3
	: >go.3
	wait_for_file done.3
	: >go.2
	wait_for_file done.2
	: >go.1
	wait_xpool
	assert_equal "$status" 0
	assert_equal "$(cat out)" $'out 1\nout 2\nout 3'
}

@test "--unordered: each job's output as it finishes (completion order)" {
	mkfifo outfifo
	start_xpool outfifo err --unordered -j3 orderjob ::: 1 2 3
	exec 8<outfifo
	: >go.3
	read_line 8
	assert_equal "$line" 'out 3'
	: >go.2
	read_line 8
	assert_equal "$line" 'out 2'
	: >go.1
	read_line 8
	assert_equal "$line" 'out 1'
	IFS= read -r -t "$GUARD" -u 8 line && fail "more output: '$line'"
	exec 8<&-
	wait_xpool
	assert_equal "$status" 0
	assert_equal "$(cat err)" $'err 3\nerr 2\nerr 1'
}

@test "the head job's output streams live, before the job ends" {
	# Job 1 prints a line, then waits (longer than this test does) for
	# 'release', which the test creates only after reading that line.
	mkfifo outfifo
	start_xpool outfifo err -j1 'echo first {}; waitfor -t 120 release && echo second {}' ::: a
	exec 8<outfifo
	read_line 8
	assert_equal "$line" 'first a'
	: >release
	read_line 8
	assert_equal "$line" 'second a'
	exec 8<&-
	wait_xpool
	assert_equal "$status" 0
}

@test "a later job's output is held until the head job is done" {
	mkfifo outfifo
	start_xpool outfifo err -j2 'echo {} first; if [ {} = 1 ]; then waitfor -t 120 release; else : >done.2; fi; echo {} second' ::: 1 2
	exec 8<outfifo
	read_line 8
	assert_equal "$line" '1 first'
	# Job 2 has written all its output and ended: it is still held.
	wait_for_file done.2
	: >release
	read_line 8
	assert_equal "$line" '1 second'
	read_line 8
	assert_equal "$line" '2 first'
	read_line 8
	assert_equal "$line" '2 second'
	exec 8<&-
	wait_xpool
	assert_equal "$status" 0
}

@test "stdout and stderr stay separate, each grouped per job" {
	run -0 --separate-stderr gxpool -j2 --colsep : grpjob {1} {2} ::: 1:2 2:1
	assert_output $'1 out a\n1 out b\n2 out a\n2 out b'
	assert_stderr $'1 err a\n1 err b\n2 err a\n2 err b'
}

@test "--unordered: still grouped per job on each stream" {
	run -0 --separate-stderr gxpool --unordered -j2 --colsep : grpjob {1} {2} ::: 1:2 2:1
	[[ $output == $'1 out a\n1 out b\n2 out a\n2 out b' ||
	    $output == $'2 out a\n2 out b\n1 out a\n1 out b' ]] ||
	    fail "stdout not grouped: $output"
	[[ $stderr == $'1 err a\n1 err b\n2 err a\n2 err b' ||
	    $stderr == $'2 err a\n2 err b\n1 err a\n1 err b' ]] ||
	    fail "stderr not grouped: $stderr"
}

@test "large outputs of concurrent jobs are not interleaved" {
	xpool -j2 'yes {} | head -n 200000' ::: A B >out
	assert_equal "$(uniq -c <out | awk '{print $1, $2}')" $'200000 A\n200000 B'
}

@test "large stderr of concurrent jobs is not interleaved" {
	xpool -j2 'yes {} | head -n 100000 >&2' ::: A B 2>err >out
	assert_equal "$(uniq -c <err | awk '{print $1, $2}')" $'100000 A\n100000 B'
	assert_file_empty out
}

@test "--unordered: large outputs are not interleaved" {
	xpool --unordered -j2 'yes {} | head -n 200000' ::: A B >out
	run -0 sh -c 'uniq -c <out | awk "{print \$1}"'
	assert_output $'200000\n200000'
}

@test "output bytes are exact: no newline added, none removed" {
	xpool -j2 printf '%s' ::: a b c >out
	assert_equal "$(hexof out)" "61 62 63"
	printf 'x\0y\n\n' >bin
	xpool -j1 cat {} ::: bin bin >out
	assert_equal "$(hexof out)" "78 00 79 0a 0a 78 00 79 0a 0a"
}

@test "many jobs: every line, in input order" {
	seq 500 | xpool -j4 echo >out
	assert_equal "$(cat out)" "$(seq 500)"
}

@test "many small jobs held behind a slow head job: every byte, in order" {
	# Job 1 waits until the 300 jobs behind it have finished, so their
	# output is all held and goes out together when job 1 ends.
	: >"$WORK/go.x"
	{
		echo 1
		seq 2 301
	} | xpool -j4 'if [ {} = 1 ]; then n=0; while [ $(ls "$WORK" | grep -c "^d\.") -lt 300 ] && [ $n -lt 3000 ]; do sleep 0.01; n=$((n+1)); done; fi; echo out {}; echo err {} >&2; [ {} = 1 ] || : >"$WORK/d.{}"' >out 2>err
	assert_equal "$(cat out)" "$(seq 301 | sed 's/^/out /')"
	assert_equal "$(cat err)" "$(seq 301 | sed 's/^/err /')"
	run -0 sh -c 'ls "$WORK" | grep -c "^d\."'
	assert_output 300
}

# verbose_same ARG...: xpool ARG... and, where it is installed, GNU parallel
# ARG... print the same on each stream and exit the same.
verbose_same() {
	run --separate-stderr xpool "$@"
	local st=$status out=$output err=$stderr
	if command -v parallel >/dev/null; then
		run --separate-stderr parallel "$@"
		assert_equal "$status" "$st"
		assert_equal "$output" "$out"
		assert_equal "$stderr" "$err"
	fi
	status=$st output=$out stderr=$err
}

@test "-v prints each command on stdout, before that job's output, as GNU parallel does" {
	verbose_same -v -j2 -k 'sleep 0.{#}; echo {}; echo e{} >&2' ::: a 'b c'
	assert_equal "$status" 0
	assert_output "sleep 0.1; echo a; echo ea >&2
a
sleep 0.2; echo 'b c'; echo e'b c' >&2
b c"
	assert_stderr $'ea\neb c'
}

@test "-v shows the command as it runs, direct exec too" {
	verbose_same -v -j1 echo {} ::: 'x y'
	assert_equal "$status" 0
	assert_output "echo 'x y'
x y"
	assert_stderr ''
}

@test "-t (--verbose) prints each command on stderr, with that job's stderr; -t -v on both" {
	verbose_same -t -j1 'echo {}; echo e{} >&2' ::: a b
	assert_equal "$status" 0
	assert_output $'a\nb'
	assert_stderr "echo a; echo ea >&2
ea
echo b; echo eb >&2
eb"
	verbose_same -t -v -j1 echo {} ::: a
	assert_output $'echo a\na'
	assert_stderr 'echo a'
	verbose_same --verbose -j1 echo {} ::: a
	assert_output a
	assert_stderr 'echo a'
}

@test "-v's line is the job's output: tagged, counted in the joblog, kept by --results and --files" {
	verbose_same -v -k --tag echo {} ::: a b
	assert_output $'a\techo a\na\ta\nb\techo b\nb\tb'
	run -0 xpool -v --joblog log echo {} ::: abc
	assert_output $'echo abc\nabc'
	# Receive: "echo abc\n" and "abc\n", 13 bytes.
	run -0 awk -F '\t' 'NR == 2 { print $6 }' log
	assert_output 13
	run -0 xpool -v --results res echo {} ::: abc
	assert_output ''
	assert_equal "$(cat res/1/abc/stdout)" $'echo abc\nabc'
	run -0 xpool -v --files echo {} ::: abc
	assert_equal "$(cat "$output")" $'echo abc\nabc'
	rm -f "$output"
}

@test "-v's line comes again before a retried job's output, once" {
	verbose_same -v --retries 2 'echo x{}; false' ::: a
	assert_equal "$status" 1
	assert_output $'echo xa; false\nxa'
}

# mixjob N: a few lines on each stream, N's own count of them, with short
# random sleeps between writes so that jobs' writes overlap in time.
write_mixjob() {
	cat >"$BATS_TEST_TMPDIR/bin/mixjob" <<'EOF2'
#!/bin/bash
for ((k = 1; k <= $1 % 7 + 2; k++)); do
	echo "job $1 line $k of stdout"
	echo "job $1 line $k of stderr" >&2
	sleep "0.0$((RANDOM % 10))"
done
EOF2
	chmod +x "$BATS_TEST_TMPDIR/bin/mixjob"
	local n k
	for ((n = 1; n <= 100; n++)); do
		for ((k = 1; k <= n % 7 + 2; k++)); do
			echo "job $n line $k of stdout" >>want.out
			echo "job $n line $k of stderr" >>want.err
		done
	done
}

# grouped FILE: each job's lines form one block, whole and in their order.
assert_grouped() {
	local blocks
	blocks=$(awk '{print $2}' "$1" | uniq | wc -l)
	assert_equal "$blocks" 100
	# A stable sort by job number keeps each job's lines in their order.
	assert_equal "$(sort -s -n -k2,2 "$1" | md5sum)" "$(md5sum <"want.${1##*.}")"
}

@test "--group: 100 jobs with random sleeps, ordered: byte for byte" {
	write_mixjob
	seq 100 | xpool --group -j8 mixjob >got.out 2>got.err
	assert_equal "$(md5sum <got.out)" "$(md5sum <want.out)"
	assert_equal "$(md5sum <got.err)" "$(md5sum <want.err)"
}

@test "--group --unordered: 100 jobs with random sleeps, never interleaved" {
	write_mixjob
	seq 100 | xpool --group --unordered -j8 mixjob >got.out 2>got.err
	assert_grouped got.out
	assert_grouped got.err
}

@test "two jobs writing 300 MB each: exact bytes, peak RSS under 150 MB" {
	local mb=300000000
	/usr/bin/time -f %M -o rss \
	    env XPOOL_TEST_TAG="$XPOOL_TAG_VALUE" ${XPOOL_WRAP:-} "$XPOOL" \
	    -j2 'yes {} | head -c '$mb ::: A B | md5sum >got
	{ yes A | head -c $mb; yes B | head -c $mb; } | md5sum >want
	assert_equal "$(cat got)" "$(cat want)"
	instrumented && skip "peak RSS is not xpool's own under a sanitizer"
	(($(tail -n 1 rss) < 150 * 1024)) ||
	    fail "peak RSS $(tail -n 1 rss) KB, not under 150 MB"
}
