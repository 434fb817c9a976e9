#!/bin/sh
# Run xpool's tests and print one closing line: "N passed, N failed".
#
#   tools/check.sh all UNIT... FUZZER...
#                                 everything (make check): the unit tests,
#                                 the bats suite against ./xpool and against
#                                 build/asan/xpool, the fault matrix's
#                                 slice, the clang build and the one with a
#                                 user's CFLAGS, the lint checks, install and
#                                 uninstall, a short run of each fuzzer
#   tools/check.sh unit UNIT...   the unit-test binaries only (make unit)
#   tools/check.sh lint           the lint checks only (make lint)
#   tools/check.sh fuzz FUZZER... each fuzzer (build/fuzz/fuzz_NAME) for
#                                 FUZZ_CHECK_SECONDS (default 5) from its
#                                 corpus, tests/fuzz/corpus/NAME (make
#                                 check-fuzz)
#   tools/check.sh fault          the fault matrix's make check slice
#                                 (make check-fault; FAULTFLAGS, when set,
#                                 are tests/fault/run.sh's options instead)
#
# The Makefile builds what a part needs first and gives the unit-test and
# fuzzer binaries as arguments; for "all", ASAN_OPTIONS and UBSAN_OPTIONS
# come from it too.  Each check prints "ok - NAME", or "FAILED: NAME" and
# the end of its output.
set -u

part=${1:-}
case $part in
all | unit | lint | fuzz | fault) shift ;;
*)
	echo "usage: $0 all|unit|lint|fuzz|fault [UNIT...] [FUZZER...]" >&2
	exit 2
	;;
esac

passed=0
failed=0
mkdir -p build
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

# unit_tests UNIT...: each unit-test binary is one check.
unit_tests() {
	echo "== unit tests"
	for u in "$@"; do
		step "unit: $(basename "$u")" "$u"
	done
}

# fuzz_runs FUZZER...: each fuzzer (build/fuzz/fuzz_NAME) for a few
# seconds.  libFuzzer runs every input of tests/fuzz/corpus/NAME first, the
# regression inputs among them, then mutates them; what it finds goes to
# build/fuzz/check-NAME, which starts empty, and a crash to
# build/fuzz/crash-NAME-*.  Module messages (fd 2) are dropped.
fuzz_runs() {
	echo "== fuzzers"
	for f in "$@"; do
		name=${f##*/fuzz_}
		dict=
		[ -f "tests/fuzz/$name.dict" ] && dict=-dict=tests/fuzz/$name.dict
		rm -rf "build/fuzz/check-$name"
		mkdir -p "build/fuzz/check-$name"
		# shellcheck disable=SC2086 # $dict is one word or none
		step "fuzz: $name" "$f" -close_fd_mask=2 -seed=1 \
			-max_total_time="${FUZZ_CHECK_SECONDS:-5}" \
			-artifact_prefix="build/fuzz/crash-$name-" $dict \
			"build/fuzz/check-$name" "tests/fuzz/corpus/$name"
	done
}

# fault_matrix: check.awk's negative controls, then the seeded fault
# scenarios against ./xpool (tests/fault/run.sh), each run one check.  A
# failed run is printed with its seed and the command that runs it again.
fault_matrix() {
	echo "== fault matrix"
	step "fault matrix: check.awk's controls" tests/fault/selftest.sh
	out=build/fault.log
	# shellcheck disable=SC2086 # FAULTFLAGS are run.sh's words
	tests/fault/run.sh ${FAULTFLAGS:---check} >"$out" 2>&1
	head -n 1 "$out"
	grep -A 2 '^FAILED: ' "$out" | grep -v '^--$' | head -n 60
	grep '^skip ' "$out" | head -n 10
	sum=$(grep '^fault matrix: [0-9]* runs in ' "$out")
	if [ -z "$sum" ]; then
		tail -n 20 "$out"
		fail "fault matrix did not complete"
		return
	fi
	echo "$sum"
	# shellcheck disable=SC2046 # the two counts, as words
	set -- $(echo "$sum" | sed 's/.*: \([0-9]*\) passed, \([0-9]*\) failed.*/\1 \2/')
	passed=$((passed + $1))
	failed=$((failed + $2))
	[ "$2" -eq 0 ] || echo "FAILED: fault matrix: $2 runs" >>"$log"
}

# The lint checks, listed here only: make lint and make check both run them.
lint_checks() {
	# shellcheck disable=SC2016 # expanded by that sh
	step "man page lint" sh -c '[ -z "$(mandoc -Tlint -Wwarning man/xpool.1 2>&1)" ]'
	step "bash completion (shellcheck)" shellcheck -s bash completions/xpool.bash
	step "zsh completion (zsh -n)" zsh -n completions/_xpool
	step "fish completion (fish -n)" fish --no-execute completions/xpool.fish
	step "shell scripts (shellcheck)" shellcheck tools/*.sh bench/*.sh tests/fault/*.sh tests/fault/bin/* tests/compat/*.sh tests/compat/stand-in tests/ssh/*.sh
	step "inline Python of the scripts (compiles)" tools/pyheredocs.sh bench/*.sh tests/compat/*.sh tests/fault/*.sh tools/*.sh
	step "formatting (clang-format)" clang-format --dry-run --Werror src/*.c src/*.h tests/unit/*.c tests/unit/*.h tests/bin/*.c tests/fuzz/*.c tests/fuzz/*.h
}

# Split the arguments of "all" into unit tests and fuzzers, by where they
# were built.
units=""
fuzzers=""
for a in "$@"; do
	case $a in
	build/fuzz/*) fuzzers="$fuzzers $a" ;;
	*) units="$units $a" ;;
	esac
done

case $part in
all)
	# shellcheck disable=SC2086 # the paths have no blanks
	unit_tests $units
	bats_run gcc xpool
	bats_run asan build/asan/xpool
	fault_matrix
	echo "== builds and docs"
	step "clang build" test -x build/clang/xpool
	step "build with a user's sanitizer CFLAGS" test -x build/user/xpool
	lint_checks
	step "install and uninstall" make -s check-install
	# shellcheck disable=SC2086
	fuzz_runs $fuzzers
	;;
unit)
	unit_tests "$@"
	;;
lint)
	echo "== lint"
	lint_checks
	;;
fuzz)
	fuzz_runs "$@"
	;;
fault)
	fault_matrix
	;;
esac

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
