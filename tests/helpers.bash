# helpers.bash -- the shared set-up of xpool's bats suite.
#
# Every test file does `load helpers`.  This file:
#   - loads bats-support, bats-assert and bats-file;
#   - finds the binary under test: $XPOOL (default ../xpool), run through
#     $XPOOL_WRAP when set (e.g. XPOOL_WRAP='valgrind -q --error-exitcode=99');
#   - defines xpool() so that `run -0 xpool ...` works, also inside bash -c;
#   - gives each test a clean working directory, its own TMPDIR, a fixed
#     locale and no MAKEFLAGS (hermetic);
#   - tags every process a test starts through xpool (XPOOL_TEST_TAG in its
#     environment, inherited by jobs and their children) so that
#     assert_no_leftover can find anything that outlived xpool;
#   - offers bounded waits (hang guards, never verdicts on speed) and
#     assertions on $stderr (bats-assert 2.1 has none).
#
# Timing never decides a verdict here: a wait that runs out means "hung".
#
# shellcheck disable=SC2034 # status, set by wait_xpool, is read by the tests

bats_require_minimum_version 1.5.0

bats_load_library bats-support
bats_load_library bats-assert
bats_load_library bats-file

# The binary under test, as an absolute path (the tests cd elsewhere).
XPOOL=${XPOOL:-$BATS_TEST_DIRNAME/../xpool}
if [[ $XPOOL != /* ]]; then
	XPOOL=$PWD/$XPOOL
fi
export XPOOL

# Seconds a test waits for something that must happen before calling it a
# hang.  Generous, so that sanitizer and valgrind builds pass too.
GUARD=${XPOOL_TEST_GUARD:-30}
export GUARD

# The argv-echo helper (built by the Makefile; built here if it is not).
SHOWARGS=${SHOWARGS:-$BATS_TEST_DIRNAME/bin/showargs}
if [[ ! -x $SHOWARGS && -f $BATS_TEST_DIRNAME/bin/showargs.c ]]; then
	SHOWARGS=$BATS_RUN_TMPDIR/showargs
	if [[ ! -x $SHOWARGS ]]; then
		${CC:-cc} -std=c11 -o "$SHOWARGS.$$" \
		    "$BATS_TEST_DIRNAME/bin/showargs.c" &&
		    mv -f "$SHOWARGS.$$" "$SHOWARGS"
	fi
fi
export SHOWARGS

# Run the binary under test, tagged.  Works with run, in pipelines, and in
# bash -c (exported).
xpool() {
	# shellcheck disable=SC2086 # XPOOL_WRAP is a command with its words
	XPOOL_TEST_TAG=$XPOOL_TAG_VALUE ${XPOOL_WRAP:-} "$XPOOL" "$@"
}
export -f xpool

# xpool under a hang guard: killed (status 124) if it runs past $GUARD
# seconds.  For runs that would hang for ever on a bug.
gxpool() {
	# shellcheck disable=SC2086 # XPOOL_WRAP is a command with its words
	timeout "$GUARD" env XPOOL_TEST_TAG="$XPOOL_TAG_VALUE" \
	    ${XPOOL_WRAP:-} "$XPOOL" "$@"
}

# ---------------------------------------------------------------- set-up

# Whether the binary under test carries a sanitizer or runs under a wrapper:
# its memory use is then not xpool's own.
instrumented() {
	[[ -n ${XPOOL_WRAP:-} ]] || grep -q __asan_init "$XPOOL"
}

common_setup() {
	if [[ ! -x $XPOOL ]]; then
		fail "xpool binary not found at '$XPOOL'; run make first"
	fi
	[[ -x $SHOWARGS ]] || fail "showargs not built at '$SHOWARGS'"

	export LC_ALL=C
	unset MAKEFLAGS MFLAGS MAKELEVEL GNUMAKEFLAGS
	unset XPOOL_SEQ XPOOL_SLOT PARALLEL PARALLEL_SHELL

	# A tag unique to this test: jobs inherit it through xpool's
	# environment.  The tag itself is only ever put into xpool's own
	# environment (see xpool()), never into the test shell's.
	XPOOL_TAG_VALUE="xpt.$$.${BATS_TEST_NUMBER:-0}.$RANDOM$RANDOM"
	export XPOOL_TAG_VALUE
	# A sleep duration no other process on the machine uses.
	SLEEP_ARG="99${BATS_TEST_NUMBER:-0}.$$$RANDOM"
	export SLEEP_ARG

	export TMPDIR=$BATS_TEST_TMPDIR/tmp
	mkdir -p "$TMPDIR" "$BATS_TEST_TMPDIR/bin" "$BATS_TEST_TMPDIR/work"
	write_helper_scripts
	export PATH=$BATS_TEST_TMPDIR/bin:$PATH
	cd "$BATS_TEST_TMPDIR/work" || fail "cannot cd to the work directory"
	WORK=$PWD
	export WORK
	XPID=
}

common_teardown() {
	# Whatever a failed test left running: end it, by pid.
	if [[ -n ${XPID:-} ]] && kill -0 "$XPID" 2>/dev/null; then
		kill -KILL "$XPID" 2>/dev/null || true
	fi
	local pid
	for pid in $(leftover_pids); do
		kill -KILL "$pid" 2>/dev/null || true
	done
}

setup() {
	common_setup
}

teardown() {
	common_teardown
}

# Small scripts that jobs use, in $BATS_TEST_TMPDIR/bin (on PATH).
write_helper_scripts() {
	local bin=$BATS_TEST_TMPDIR/bin

	# waitfor [-t SECONDS] FILE...: wait until every FILE exists; exit 1
	# when the time runs out (a hang guard).
	cat >"$bin/waitfor" <<'EOF'
#!/bin/sh
limit=${GUARD:-30}
if [ "$1" = -t ]; then limit=$2; shift 2; fi
n=$((limit * 20))
for f in "$@"; do
	while [ ! -e "$f" ]; do
		n=$((n - 1))
		if [ "$n" -le 0 ]; then
			echo "waitfor: gave up waiting for $f" >&2
			exit 1
		fi
		sleep 0.05
	done
done
exit 0
EOF
	# waitcount N DIR [-t SECONDS]: wait until DIR holds at least N entries.
	cat >"$bin/waitcount" <<'EOF'
#!/bin/sh
want=$1 dir=$2 limit=${GUARD:-30}
if [ "${3:-}" = -t ]; then limit=$4; fi
n=$((limit * 20))
while [ "$(ls -A "$dir" | wc -l)" -lt "$want" ]; do
	n=$((n - 1))
	if [ "$n" -le 0 ]; then
		echo "waitcount: $dir never held $want entries" >&2
		exit 1
	fi
	sleep 0.05
done
exit 0
EOF
	chmod +x "$bin/waitfor" "$bin/waitcount"
}

# ---------------------------------------------------------------- waiting

# wait_for_file FILE [SECONDS]: bounded poll (a hang guard, not a verdict on
# speed).  Fails the test when FILE never appears.
wait_for_file() {
	local file=$1 limit=${2:-$GUARD} n
	n=$((limit * 20))
	while [[ ! -e $file ]]; do
		if ((--n <= 0)); then
			fail "gave up after ${limit}s waiting for '$file'"
			return 1
		fi
		sleep 0.05
	done
}

# wait_for_count N DIR [SECONDS]: until DIR holds at least N entries.
wait_for_count() {
	local want=$1 dir=$2 limit=${3:-$GUARD} n
	local -a entries
	n=$((limit * 20))
	while :; do
		entries=("$dir"/*)
		[[ -e ${entries[0]} ]] || entries=()
		((${#entries[@]} >= want)) && return 0
		if ((--n <= 0)); then
			fail "gave up after ${limit}s: '$dir' holds ${#entries[@]} entries, not $want"
			return 1
		fi
		sleep 0.05
	done
}

# start_xpool OUT ERR ARG...: start xpool in the background with stdin from
# /dev/null (unless XPOOL_STDIN names a file), stdout to OUT, stderr to ERR;
# its pid is in $XPID.  SIGINT and SIGQUIT are put back to their default,
# which bash takes away from background commands.  Descriptors 7-9 are the
# tests' own (FIFO ends) and are not passed on.
#
# Until xpool has started a job, $XPID may still be the shell's child that
# has not exec'd yet: a signal sent then may be lost.  Signal tests wait for
# a job's marker file first.
start_xpool() {
	local out=$1 err=$2
	shift 2
	# shellcheck disable=SC2086 # XPOOL_WRAP is a command with its words,
	# XPOOL_START_SIGNALS env's options for the signals xpool starts with
	env ${XPOOL_START_SIGNALS:---default-signal=INT,QUIT} \
	    XPOOL_TEST_TAG="$XPOOL_TAG_VALUE" \
	    ${XPOOL_WRAP:-} "$XPOOL" "$@" <"${XPOOL_STDIN:-/dev/null}" \
	    >"$out" 2>"$err" 3>&- 7>&- 8>&- 9>&- &
	XPID=$!
}

# wait_xpool: wait for the background xpool (bounded); its status in $status.
wait_xpool() {
	local n=$((GUARD * 20))
	while kill -0 "$XPID" 2>/dev/null; do
		# A zombie is done: only wait can tell, so check its state.
		if [[ $(ps -o stat= -p "$XPID" 2>/dev/null) == Z* ]]; then
			break
		fi
		if ((--n <= 0)); then
			fail "xpool (pid $XPID) did not exit within ${GUARD}s"
			return 1
		fi
		sleep 0.05
	done
	status=0
	wait "$XPID" || status=$?
	XPID=
}

# ---------------------------------------------------------------- memory

# mem_available_kb: the memory available in KiB as xpool counts it:
# MemAvailable, or less when a cgroup v2 memory.max of this process or an
# ancestor leaves less room (memory.max - memory.current).
mem_available_kb() {
	local kb cg dir max cur room
	kb=$(awk '$1 == "MemAvailable:" { print $2 }' /proc/meminfo)
	if [[ -z $kb ]]; then
		echo 0
		return
	fi
	cg=$(sed -n 's/^0:://p' /proc/self/cgroup 2>/dev/null)
	while [[ $cg == /* ]]; do
		dir=/sys/fs/cgroup${cg%/}
		if [[ -r $dir/memory.max && -r $dir/memory.current ]]; then
			read -r max <"$dir/memory.max"
			read -r cur <"$dir/memory.current"
			if [[ $max =~ ^[0-9]+$ && $cur =~ ^[0-9]+$ ]]; then
				room=$((max > cur ? (max - cur) / 1024 : 0))
				((room < kb)) && kb=$room
			fi
		fi
		[[ $cg == / ]] && break
		cg=$(dirname "$cg")
	done
	echo "$kb"
}

# ---------------------------------------------------------------- processes

# The processes that carry this test's tag or its unique sleep.
leftover_pids() {
	local files pid
	files=$(grep -lsxzF "XPOOL_TEST_TAG=$XPOOL_TAG_VALUE" \
	    /proc/[0-9]*/environ 2>/dev/null) || true
	for pid in $files; do
		pid=${pid#/proc/}
		echo "${pid%/environ}"
	done
	pgrep -f -- "sleep $SLEEP_ARG" || true
}

# assert_no_leftover: nothing this test started through xpool is running.
# Polls with a bound, since a process that has just been signalled takes a
# moment to go; one that stays is a leftover.
assert_no_leftover() {
	local n=$((GUARD * 10)) pids
	while :; do
		pids=$(leftover_pids | sort -u | paste -sd " ")
		[[ -z ${pids// /} ]] && return 0
		if ((--n <= 0)); then
			# shellcheck disable=SC2086 # a list of pids
			fail "processes left behind: $(ps -o pid=,pgid=,stat=,args= -p ${pids// /,} 2>&1)"
			return 1
		fi
		sleep 0.1
	done
}

# assert_tmpdir_empty: xpool removed every temporary file it made.
assert_tmpdir_empty() {
	local left
	left=$(find "$TMPDIR" -mindepth 1 -print)
	[[ -z $left ]] || fail "files left in TMPDIR: $left"
}

# ---------------------------------------------------------------- stderr

# Assertions on $stderr, set by `run --separate-stderr`.
assert_stderr() {
	assert_equal "$stderr" "$1"
}

assert_stderr_empty() {
	[[ -z $stderr ]] || fail "stderr was expected to be empty, it is:
$stderr"
}

# assert_stderr_contains TEXT: a fixed substring.
assert_stderr_contains() {
	[[ $stderr == *"$1"* ]] || fail "stderr does not contain '$1'; it is:
$stderr"
}

# assert_stderr_regex ERE: bash's =~ against the whole of stderr.
assert_stderr_regex() {
	[[ $stderr =~ $1 ]] || fail "stderr does not match /$1/; it is:
$stderr"
}

# assert_messages_prefixed: every stderr line is one of xpool's messages.
assert_messages_prefixed() {
	local line
	[[ -n $stderr ]] || fail "no message on stderr"
	while IFS= read -r line; do
		[[ $line == 'xpool: '* ]] ||
		    fail "stderr line without the 'xpool: ' prefix: '$line'"
	done <<<"$stderr"
}

# ---------------------------------------------------------------- misc

# need COMMAND...: the test relies on each COMMAND.  tools/deps.sh check
# installs them all, so a missing one fails the test rather than skipping it.
need() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null ||
		    fail "$c is not installed; make deps installs it"
	done
}

# The CPUs this process may use: affinity, then the cgroup v2 quota rounded
# up, as the usable-CPU count xpool's -j N% +N -N are relative to.
usable_cpus() {
	local n cg quota period
	n=$(nproc)
	cg=$(sed -n 's/^0:://p' /proc/self/cgroup 2>/dev/null)
	while [[ -n $cg ]]; do
		if [[ -r /sys/fs/cgroup$cg/cpu.max ]]; then
			read -r quota period <"/sys/fs/cgroup$cg/cpu.max"
			if [[ $quota != max ]] && ((period > 0)); then
				quota=$(((quota + period - 1) / period))
				((quota < n)) && n=$quota
			fi
		fi
		[[ $cg == / ]] && break
		cg=$(dirname "$cg")
	done
	((n < 1)) && n=1
	echo "$n"
}

# hexdump FILE: bytes as hex, for exact comparisons of odd output.
hexof() {
	od -An -tx1 -v "$@" | tr -s ' \n' ' ' | sed 's/^ //; s/ $//'
}
