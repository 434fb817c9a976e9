#!/bin/sh
# Run every test of xpool and print one closing line: "N passed, N failed".
# Called by "make check" with the unit-test binaries as arguments, after the
# normal build (./xpool), the ASan+UBSan build (build/asan/xpool) and the
# clang build (build/clang/xpool) are made.
set -u

passed=0
failed=0
log=build/check.log
: >"$log"

pass() { passed=$((passed + 1)); }
fail() {
	failed=$((failed + 1))
	echo "FAILED: $1" | tee -a "$log"
}

# step NAME COMMAND...: a check that passes when the command succeeds.
step() {
	name=$1
	shift
	if out=$("$@" 2>&1); then
		pass
		echo "ok - $name"
	else
		fail "$name"
		printf '%s\n' "$out" | tail -n 40
	fi
}

# bats_run LABEL BINARY: the whole bats suite against one binary.
bats_run() {
	label=$1
	bin=$2
	echo "== bats ($label: $bin)"
	out=build/bats-$label.tap
	XPOOL=$(pwd)/$bin bats --tap tests/*.bats >"$out" 2>&1
	n_ok=$(grep -c '^ok ' "$out")
	n_bad=$(grep -c '^not ok ' "$out")
	passed=$((passed + n_ok))
	failed=$((failed + n_bad))
	if [ "$n_bad" -gt 0 ] || ! grep -q '^1\.\.' "$out"; then
		grep -A 30 '^not ok ' "$out" | head -n 200
		[ "$n_bad" -gt 0 ] || fail "bats ($label) did not complete"
	fi
	echo "$n_ok passed, $n_bad failed ($label)"
}

echo "== unit tests"
for u in "$@"; do
	step "unit: $(basename "$u")" "$u"
done

bats_run gcc xpool

ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export ASAN_OPTIONS UBSAN_OPTIONS
bats_run asan build/asan/xpool

echo "== builds and docs"
step "clang build" test -x build/clang/xpool
# shellcheck disable=SC2016 # expanded by that sh
step "man page lint" sh -c '[ -z "$(mandoc -Tlint -Wwarning man/xpool.1 2>&1)" ]'
step "bash completion (shellcheck)" shellcheck -s bash completions/xpool.bash
step "zsh completion (zsh -n)" zsh -n completions/_xpool
step "fish completion (fish -n)" fish --no-execute completions/xpool.fish
step "shell scripts (shellcheck)" shellcheck tools/deps.sh tools/check.sh tools/demo.sh
step "formatting (clang-format)" clang-format --dry-run --Werror src/*.c src/*.h tests/unit/*.c tests/unit/*.h tests/bin/*.c
step "install and uninstall" make -s check-install

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
