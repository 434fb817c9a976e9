#!/usr/bin/env bats
# shellcheck disable=SC1083,SC2016,SC2030,SC2031,SC2154
# (SC1083: {%} is an xpool replacement string; SC2016: $ in single quotes
# is for the job's shell; SC2030/SC2031/SC2154: bats sets $output.)
# 076-init: --init runs once in each slot before the slot's first job.

load helpers

@test "--init runs once per slot, before any job of that slot" {
	# Each job checks that its slot's init ran; init counts its runs.
	xpool -j3 --init 'echo x >>"$WORK/init.{%}"' \
	    'test -e "$WORK/init.{%}" && echo ok {}' ::: $(seq 12) >out
	assert_equal "$(grep -c '^ok' out)" 12
	local n=0 f
	for f in init.*; do
		n=$((n + 1))
		assert_equal "$(cat "$f")" x
	done
	((n >= 1 && n <= 3)) || fail "$n slots initialised"
}

@test "--init output goes to standard error, not among the results" {
	run -0 --separate-stderr xpool -j1 --init 'echo hello {%}' echo ::: a b
	assert_output $'a\nb'
	assert_stderr 'hello 1'
}

@test "--init that fails: xpool stops, names the slot and the status, exit 255" {
	run -255 --separate-stderr xpool -j1 --init 'exit 3' \
	    'echo ran >>"$WORK/ran"' ::: a b c
	assert_stderr_contains 'xpool: --init failed in slot 1 with status 3'
	assert_file_not_exists ran
}

@test "--init is not run when there is no job" {
	run -0 xpool -j2 --init 'echo x >>"$WORK/init"' echo </dev/null
	assert_file_not_exists init
}

@test "--init with an empty command: exit 255 and a message" {
	run -255 --separate-stderr xpool --init '' echo ::: a
	assert_stderr_contains 'xpool: --init'
}
