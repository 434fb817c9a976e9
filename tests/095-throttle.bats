#!/usr/bin/env bats
# shellcheck disable=SC1083,SC2016,SC2030,SC2031,SC2154,SC1003,SC2012
# (SC1083: {} {1} ... are xpool replacement strings; SC2016: $ in single
# quotes is for the job's shell; SC2030/SC2031/SC2154: bats runs each test in a
# subshell and sets $stderr and $lines.)
# 095-throttle: --delay, --load and --memfree, which hold back the next
# start.
#
# Time only ever gives a lower bound: --delay makes a run take at least so
# long, and a slow machine can only make that easier to meet.  --load and
# --memfree are shown by making the machine busy (busy loops) or short of
# memory (a process holding 1 GiB), seeing that no job has started a second
# later, then ending the load and seeing the job run.  A correct xpool holds
# the job for as long as the load lasts, so the second is no bound on speed;
# a wait that runs out ($GUARD) means "hung".

load helpers

setup() {
	common_setup
	BUSY=()
	HOG=
}

teardown() {
	local pid
	for pid in "${BUSY[@]}" ${HOG:+"$HOG"}; do
		kill -KILL "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	common_teardown
}

# bad_value OPTION VALUE: xpool refuses VALUE for OPTION: 255, the message
# names the option and the value, and no job ran.
bad_value() {
	run -255 --separate-stderr xpool "$1" "$2" touch ran ::: a
	assert_output ''
	assert_file_not_exists ran
	assert_stderr_regex "^xpool: $1 '"
	assert_messages_prefixed
}

# now_ns: the wall clock in nanoseconds.
now_ns() {
	date +%s%N
}

# running_now: the processes running or blocked on I/O (procs_running +
# procs_blocked of /proc/stat), not counting the one that reads it: what
# --load compares with.
running_now() {
	local key val _ n=0
	while read -r key val _; do
		case $key in
		procs_running | procs_blocked) n=$((n + val)) ;;
		esac
	done </proc/stat
	echo $((n > 0 ? n - 1 : 0))
}

# busy_loops N: start N shell loops that use a CPU each, in $BUSY.
busy_loops() {
	local i
	for ((i = 0; i < $1; i++)); do
		sh -c 'while :; do :; done' 3>&- &
		BUSY+=("$!")
	done
}

# end_busy_loops: kill and reap them.
end_busy_loops() {
	local pid
	for pid in "${BUSY[@]}"; do
		kill -KILL "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	BUSY=()
}

# ---------------------------------------------------------------- --delay

@test "--delay 0.3: 4 jobs at -j4 start 0.3 s apart, so the run takes at least 0.9 s" {
	local t0 t1
	t0=$(now_ns)
	run -0 --separate-stderr gxpool -j4 --delay 0.3 echo job ::: 1 2 3 4
	t1=$(now_ns)
	assert_stderr_empty
	assert_equal "$(sort <<<"$output")" $'job 1\njob 2\njob 3\njob 4'
	(((t1 - t0) >= 900000000)) ||
	    fail "4 starts 0.3 s apart took only $(((t1 - t0) / 1000000)) ms"
}

@test "--delay takes units as --timeout does (300ms, 0.25s50ms); the first job starts at once" {
	local t0 t1
	t0=$(now_ns)
	run -0 --separate-stderr gxpool -j2 --delay 300ms echo ::: a b
	t1=$(now_ns)
	assert_stderr_empty
	assert_equal "$(sort <<<"$output")" $'a\nb'
	(((t1 - t0) >= 300000000)) ||
	    fail "2 starts 300 ms apart took only $(((t1 - t0) / 1000000)) ms"
	t0=$(now_ns)
	run -0 --separate-stderr gxpool -j1 --delay 0.25s50ms echo ::: a b c
	t1=$(now_ns)
	assert_output $'a\nb\nc'
	(((t1 - t0) >= 600000000)) ||
	    fail "3 starts 0.3 s apart took only $(((t1 - t0) / 1000000)) ms"
	# A long delay holds nothing back when there is one job: no wait
	# before the first start, none after the last (the guard is 30 s).
	run -0 --separate-stderr gxpool --delay 1m echo ::: only
	assert_output only
	assert_stderr_empty
}

@test "--delay: bad values: 255 with a message naming --delay, no job runs" {
	local v
	for v in abc -1 '' 2x 1S 1mm ' 1'; do
		bad_value --delay "$v"
	done
}

# ---------------------------------------------------------------- --load

@test "--load N: no job starts while N processes run; it starts once they end" {
	local base i load
	# What else runs here, at its most over half a second.
	base=0
	for ((i = 0; i < 5; i++)); do
		load=$(running_now)
		((load > base)) && base=$load
		sleep 0.1
	done
	((base <= 16)) || skip "the machine is too busy ($base processes running)"
	# On an idle machine: --load 2 with 3 busy loops.
	load=$((base + 2))
	busy_loops $((load + 1))
	start_xpool out err --load "$load" touch ::: "$WORK/ran"
	sleep 1
	assert_file_not_exists "$WORK/ran"
	end_busy_loops
	wait_xpool
	assert_equal "$status" 0
	assert_file_exists "$WORK/ran"
	assert_equal "$(cat err)" ''
	assert_no_leftover
}

@test "--load: bad values: 255 with a message naming --load, no job runs" {
	local v
	for v in abc -1 '' % 5%% x% 1.2.3 1x ' 1'; do
		bad_value --load "$v"
	done
}

# ---------------------------------------------------------------- --memfree

@test "--memfree more than the machine's memory: 255 and a message saying so" {
	run -255 --separate-stderr xpool --memfree 1000T touch ran ::: a
	assert_output ''
	assert_file_not_exists ran
	assert_stderr_regex "^xpool: --memfree.*more than"
	assert_messages_prefixed
}

@test "--memfree 1M: jobs run as usual" {
	run -0 --separate-stderr gxpool -j2 --memfree 1M echo ::: a b c
	assert_equal "$(sort <<<"$output")" $'a\nb\nc'
	assert_stderr_empty
}

@test "--memfree: bad sizes: 255 with a message naming --memfree, no job runs" {
	local v
	for v in abc -1 '' 1X 10QB K ' 1M'; do
		bad_value --memfree "$v"
	done
}

@test "--memfree: no job starts while less memory is free; it starts once there is" {
	local avail_kb limit n
	need python3
	avail_kb=$(mem_available_kb)
	((avail_kb >= 6 * 1024 * 1024)) ||
	    skip "less than 6 GiB of memory available (${avail_kb} KiB)"
	# A process that holds 2 GiB (every page written), then says so.
	python3 -c 'import sys, time
b = b"x" * (2 << 30)
open(sys.argv[1], "w").close()
time.sleep(600)' "$WORK/hog.ready" 3>&- &
	HOG=$!
	wait_for_file "$WORK/hog.ready"
	# Half a GiB more than is free with the hog: none while it holds its
	# 2 GiB, and room once it is gone, even if other processes took up to
	# 1.5 GiB meanwhile.
	avail_kb=$(mem_available_kb)
	limit=$((avail_kb + 512 * 1024))
	start_xpool out err --memfree "${limit}K" touch ::: "$WORK/ran"
	sleep 1
	assert_file_not_exists "$WORK/ran"
	kill -KILL "$HOG"
	wait "$HOG" 2>/dev/null || true
	HOG=
	# What the machine had when xpool did not start, if it did not.
	n=$((GUARD * 10))
	while [[ ! -e $WORK/ran ]] && ((--n > 0)); do
		sleep 0.1
	done
	[[ -e $WORK/ran ]] ||
	    fail "no job started within ${GUARD}s: ${limit} KiB asked, $(mem_available_kb) KiB available now"
	wait_xpool
	assert_equal "$status" 0
	assert_equal "$(cat err)" ''
	assert_no_leftover
}
