#!/usr/bin/env bats
# shellcheck disable=SC1083,SC2016,SC2030,SC2031,SC2154,SC1003,SC2012
# (SC1083: {} {1} ... are xpool replacement strings; SC2016: $ in single
# quotes is for the job's shell; SC2030/SC2031/SC2154: bats runs each test in a
# subshell and sets $stderr and $lines.)
# 050-exit-codes: 0 all succeeded, 1-100 failures counted, 101 more than 100,
# 255 xpool's own error.

load helpers

@test "all jobs succeed: 0" {
	run -0 --separate-stderr xpool true ::: a b c
	assert_output ''
	assert_stderr_empty
}

@test "one failure: 1" {
	run -1 --separate-stderr xpool -j2 'exit {}' ::: 0 3 0
	assert_output ''
}

@test "N failures: N, whatever each job's status" {
	run -3 --separate-stderr xpool -j2 'exit {}' ::: 0 1 0 2 255 0
}

@test "a job that exits 255 is one failure, not xpool's own error" {
	run -1 --separate-stderr xpool 'exit 255; : {}' ::: a
}

@test "a job that exits 130 or 143 is one failure each" {
	run -2 --separate-stderr xpool 'exit {}' ::: 130 143
}

@test "every job runs even when some fail" {
	run -2 --separate-stderr xpool -j1 'echo {}; [ {} != b ] && [ {} != d ]' ::: a b c d e
	assert_output $'a\nb\nc\nd\ne'
}

@test "exactly 100 failures: 100" {
	run -100 --separate-stderr xpool false < <(seq 100)
}

@test "101 failures: 101" {
	run -101 --separate-stderr xpool false < <(seq 101)
}

@test "150 failures: 101" {
	run -101 --separate-stderr xpool false < <(seq 150)
}

@test "150 jobs, 99 failing: 99" {
	run -99 --separate-stderr xpool '[ {} -gt 99 ]' < <(seq 150)
}

@test "a job killed by a signal counts as failed" {
	run -1 --separate-stderr xpool 'kill -TERM $$; : {}' ::: a
	run -1 --separate-stderr xpool 'kill -KILL $$; : {}' ::: a
}

@test "jobs killed by signals and failing jobs add up" {
	run -3 --separate-stderr xpool -j1 'case {} in a) kill -KILL $$ ;; b) exit 1 ;; c) kill -SEGV $$ ;; esac' ::: a b c d
}

@test "a job killed by a signal: the others run, output in order" {
	run -1 --separate-stderr xpool -j2 'echo {}; [ {} = b ] && kill -KILL $$; true' ::: a b c
	assert_output $'a\nb\nc'
}

@test "xpool's own errors: 255, before any job runs" {
	run -255 --separate-stderr xpool --no-such-option touch ran ::: a
	assert_file_not_exists ran
	run -255 --separate-stderr xpool -a nosuch touch ran
	assert_file_not_exists ran
	run -255 --separate-stderr xpool -j x touch ran ::: a
	assert_file_not_exists ran
}

@test "the status does not depend on the job count" {
	local j
	for j in 1 2 5; do
		run -4 --separate-stderr xpool -j "$j" 'exit $(( {} % 2 ))' < <(seq 8)
	done
}

@test "the status with --unordered is the same" {
	run -3 --separate-stderr xpool --unordered -j3 'exit $(( {} % 2 ))' < <(seq 6)
}

@test "--dry-run exits 0 and runs nothing" {
	run -0 --separate-stderr xpool --dry-run false ::: a b
	assert_output $'false a\nfalse b'
}
