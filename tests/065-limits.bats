#!/usr/bin/env bats
# shellcheck disable=SC1083,SC2016,SC2030,SC2031,SC2154
# (SC1083: {} is an xpool replacement string; SC2016: $ in single quotes is
# for the inner shell; SC2030/SC2031/SC2154: bats runs each test in a
# subshell and sets $stderr and $lines.)
# 065-limits: out of descriptors or processes.  With nothing running,
# nothing will free any: xpool stops at once with 255 and says which limit
# to raise.  With jobs running, a start waits for one of them to end.
# A run that would retry for ever is caught by the guard (timeout).

load helpers

# under_limits LIMITS -- ARG...: xpool with ulimit LIMITS, under the guard.
under_limits() {
	local limits=$1
	shift 2
	# shellcheck disable=SC2086 # LIMITS is ulimit's words
	timeout "$GUARD" bash -c 'ulimit '"$limits"'; exec "$@"' bash \
	    env XPOOL_TEST_TAG="$XPOOL_TAG_VALUE" "$XPOOL" "$@"
}

@test "limits: too few descriptors for xpool itself: 255 at once, naming the limit" {
	local n
	for n in 7 14; do
		run -255 --separate-stderr under_limits "-n $n" -- -j1 \
		    'touch ran.{}' ::: a
		assert_output ''
		assert_stderr_regex "^xpool: the limit on open files \\($n\\) is too low .*raise it \\(ulimit -n\\)\$"
		assert_file_not_exists ran.a
	done
}

@test "limits: with jobs running, a start waits for one to end: every job runs, in order" {
	# 10 slots need about 40 descriptors for their pipes: 40 is too few.
	run -0 --separate-stderr under_limits "-n 40" -- -j10 \
	    'echo {}; sleep 0.1' ::: $(seq 30)
	assert_output "$(seq 30)"
	assert_stderr_empty
}

@test "limits: out of processes with nothing running: 255 at once, naming the limit" {
	# RLIMIT_NPROC does not bind root: run as nobody then.
	local as=() xp=$XPOOL
	if [[ $(id -u) == 0 ]]; then
		command -v setpriv >/dev/null || fail "setpriv is not installed"
		as=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
		# A copy nobody can reach, wherever the tree is.
		xp=$(mktemp -d /tmp/xpool-nobody.XXXXXX)
		chmod 755 "$xp"
		cp "$XPOOL" "$xp/xpool"
		xp=$xp/xpool
	fi
	# Its TMPDIR is the test's, which nobody may not write.  LeakSanitizer
	# needs a thread of its own at exit, which the limit forbids.
	run -255 --separate-stderr timeout "$GUARD" "${as[@]}" env TMPDIR=/tmp \
	    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
	    bash -c 'ulimit -u 1; exec "$0" -j1 true ::: a' "$xp"
	[[ $xp == "$XPOOL" ]] || rm -rf "${xp%/xpool}"
	assert_stderr_regex '^xpool: cannot start a job: out of processes: .*ulimit -u'
}
