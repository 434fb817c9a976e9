#!/usr/bin/env bats
# 910-compat: GNU parallel's own examples (tests/compat) that came out
# identical under GNU parallel and xpool stay so.
#
# tests/compat/identical lists them; tests/compat/run.sh runs each with GNU
# parallel and with xpool as `parallel`, and compares the output, the exit
# status and the files left.  `make compat` runs every example and writes
# tests/COMPAT.md.

load helpers

COMPAT=$BATS_TEST_DIRNAME/compat

@test "the examples in tests/compat/identical are identical under GNU parallel and xpool" {
	need parallel
	local n
	n=$(grep -cv '^#' "$COMPAT/identical")
	((n > 0)) || fail "tests/compat/identical lists no example"
	run --separate-stderr "$COMPAT/run.sh" -j4 --xpool "$XPOOL" \
	    --out "$BATS_TEST_TMPDIR/compat" --only "$COMPAT/identical"
	((status == 0)) || fail "$(grep -A1 '^REGRESSION' <<<"$output")
$stderr"
	assert_line "identical $n / total $n"
}

@test "run.sh reports an example of tests/compat/identical that differs" {
	need parallel
	grep -qx tut.single-input.1 "$COMPAT/identical" ||
	    fail "tut.single-input.1 is not in tests/compat/identical; pick another example"
	# An xpool whose output is off by one letter.
	printf '#!/bin/sh\n"%s" "$@" | sed s/B/b/\n' "$XPOOL" \
	    >"$BATS_TEST_TMPDIR/bin/offpool"
	chmod +x "$BATS_TEST_TMPDIR/bin/offpool"
	run --separate-stderr "$COMPAT/run.sh" \
	    --xpool "$BATS_TEST_TMPDIR/bin/offpool" \
	    --out "$BATS_TEST_TMPDIR/compat" tut.single-input.1
	assert_failure 1
	assert_line --partial "REGRESSION: tut.single-input.1 is listed"
	assert_line "identical 0 / total 1"
}

@test "examples.txt parses, and tests/compat/identical names only its examples" {
	run -0 "$COMPAT/run.sh" --list
	((${#lines[@]} > 300)) || fail "only ${#lines[@]} examples listed"
	run -0 "$COMPAT/run.sh" --list --only "$COMPAT/identical"
}
