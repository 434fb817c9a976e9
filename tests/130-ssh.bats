#!/usr/bin/env bats
# shellcheck disable=SC1083,SC2016,SC2030,SC2031,SC2154,SC1003
# (SC1083: {} are xpool replacement strings; SC2016: $ in single quotes is
# for the job's shell; SC2030/SC2031/SC2154: bats runs each test in a
# subshell and sets $output, $stderr and $lines.)
# 130-ssh: -S/--sshlogin, --sshloginfile and --ssh against real sshds of the
# suite's own (tests/ssh/sshd.sh): host hN is an sshd on 127.0.0.(N+1) in a
# mount namespace of its own with an empty /root, so a remote job runs in a
# home of its own but sees the test's directories (/tmp is shared).  A
# job's host is the third field of its $SSH_CONNECTION.  h3 is there to be
# killed; "down" refuses connections.

load helpers
load ssh/common

# ---------------------------------------------------------------- running

@test "-S h1: the job runs there, in the remote home, under sh, its output back" {
	run -0 --separate-stderr sx -S h1 \
	    "$HOSTOF"'; echo "$h $(pwd) {}" | tr a-z A-Z' ::: a b
	assert_output $'127.0.0.2 /ROOT A\n127.0.0.2 /ROOT B'
	assert_stderr_empty
	# user@host is a login too.
	run -0 --separate-stderr sx -S 1/root@h2 "$HOSTOF"'; echo $h {}' ::: a
	assert_output '127.0.0.3 a'
}

@test "items reach the remote command byte for byte, never as shell code" {
	local -a items=("it's \"q\"" '$(touch '"$WORK"'/x)' '`touch '"$WORK"'/y`'
	    'a;touch '"$WORK"'/z' $'line\nbreak' '-n' '--' '  two  spaces '
	    'trail\' '~' '*' '$HOME' '!x' '#c' 'a|b&c>d' $'tab\there' 'é')
	run -0 --separate-stderr sx -S 1/h1,1/h2 "printf '%s|' {}" ::: "${items[@]}"
	assert_output "$(printf '%s|' "${items[@]}")"
	# The same as locally.
	local remote=$output
	run -0 --separate-stderr xpool -j2 "printf '%s|' {}" ::: "${items[@]}"
	assert_equal "$remote" "$output"
	assert_file_not_exists "$WORK/x"
	assert_file_not_exists "$WORK/y"
	assert_file_not_exists "$WORK/z"
	assert_file_not_exists "$WORK/d"
	# A command run directly (no shell syntax) gets its arguments intact.
	run -0 --separate-stderr sx -S h1 "$SHOWARGS" {} ::: "${items[@]}"
	assert_output "$(printf '%s|\n' "${items[@]}")"
}

@test "output order, grouping and --tag across hosts are as locally" {
	local cmd='echo {} one; sleep 0.{}; echo {} two'
	run -0 --separate-stderr xpool -j2 --tag "$cmd" ::: 3 1 2 1
	local want=$output
	run -0 --separate-stderr sx -S 1/h1,1/h2 --tag "$cmd" ::: 3 1 2 1
	assert_output "$want"
	run -0 --separate-stderr sx -S 1/h1,1/h2 "$cmd" ::: 3 1 2
	assert_output $'3 one\n3 two\n1 one\n1 two\n2 one\n2 two'
}

@test "failed remote jobs count as locally; --joblog has their status" {
	run -2 --separate-stderr sx -S 1/h1,1/h2 --joblog jl 'echo {}; exit {}' ::: 0 3 0 5
	assert_output $'0\n3\n0\n5'
	run -0 sh -c "awk -F '\t' 'NR > 1 { print \$1, \$7 }' jl | sort -n"
	assert_output $'1 0\n2 3\n3 0\n4 5'
}

@test "--joblog and --results name the login a job ran on (: here), as GNU parallel" {
	run -0 --separate-stderr sx -S 2/h1,1/: --joblog jl --results r.tsv \
	    "$HOSTOF; echo {} \$h >>$WORK/ran" ::: 1 2 3 4 5 6
	# Where each ran, as the joblog and the records say it.
	local want
	want=$(sort -n ran | sed "s/ $H1\$/ h1/; s/ local\$/ :/")
	run -0 sh -c "awk -F '\t' 'NR > 1 { print \$1, \$2 }' jl | sort -n"
	assert_output "$want"
	run -0 sh -c "awk -F '\t' 'NR > 1 { print \$1, \$2 }' r.tsv | sort -n"
	assert_output "$want"
	grep -q " $H1\$" ran || fail "no job ran on h1"
}

@test "a remote job that exits 255 on a host that is up is a failed job, not a down host" {
	run -1 --separate-stderr sx -S h1 --joblog jl ': {}; exit 255' ::: 1
	[[ $stderr != *'is down'* ]] || fail "h1 taken for down: $stderr"
	run -0 awk -F '\t' 'NR > 1 { print $7 }' jl
	assert_output 255
}

@test "remote jobs see XPOOL_SEQ and XPOOL_SLOT as local jobs do" {
	run -0 --separate-stderr sx -S 2/h1 'echo $XPOOL_SEQ $XPOOL_SLOT {}' ::: a b c d
	assert_equal "$(cut -d' ' -f1,3 <<<"$output")" $'1 a\n2 b\n3 c\n4 d'
	local seq slot item
	while read -r seq slot item; do
		[[ $slot == [12] ]] || fail "job $seq ($item) in slot '$slot' on a host with 2 slots"
	done <<<"$output"
}

# ---------------------------------------------------------------- slots

@test "N/host: with -S 2/h1,1/h2, at most 2 jobs at once on h1 and 1 on h2, both used" {
	run -0 --separate-stderr sx -S 2/h1,1/h2 \
	    "$HOSTOF; echo start \$h >>$WORK/log; sleep 0.3; echo end \$h >>$WORK/log; echo {}" \
	    ::: {1..12}
	assert_output "$(seq 12)"
	assert_equal "$(grep -c '^end' log)" 12
	local n1 n2
	n1=$(most_at_once log "$H1") n2=$(most_at_once log "$H2")
	((n1 >= 1 && n1 <= 2)) || fail "$n1 jobs at once on h1: $(cat log)"
	((n2 == 1)) || fail "$n2 jobs at once on h2: $(cat log)"
}

# barrier_run K ARG...: xpool with ARG over 2K jobs, each of which logs its
# start and end and waits until K jobs have started: it ends only if K can
# run at once.
barrier_run() {
	local k=$1
	shift
	mkdir started
	run -0 --separate-stderr sx "$@" \
	    "$HOSTOF; echo start \$h >>$WORK/log; : >$WORK/started/{}; $BATS_TEST_TMPDIR/bin/waitcount $k $WORK/started -t 20 || exit 9; echo end \$h >>$WORK/log; echo {}" \
	    ::: $(seq $((2 * k)))
	assert_output "$(seq $((2 * k)))"
}

@test "more slots than sshd's 10 sessions a connection: 25 jobs at once on one host" {
	mkdir started
	run -0 --separate-stderr sx -S 25/h1 \
	    ": >$WORK/started/{}; $BATS_TEST_TMPDIR/bin/waitcount 25 $WORK/started -t 20 || exit 9; echo {}" \
	    ::: {1..25}
	assert_output "$(seq 25)"
	assert_equal "$stderr" ''
}

@test "without N/, a host has -j N slots when N is a number" {
	barrier_run 6 -j3 -S h1,h2
	(($(most_at_once log "$H1") == 3)) || fail "not 3 at once on h1: $(cat log)"
	(($(most_at_once log "$H2") == 3)) || fail "not 3 at once on h2: $(cat log)"
}

@test "without N/ or -j, a host has as many slots as it has CPUs" {
	local cpus
	# shellcheck disable=SC2086 # the ssh command and its words
	cpus=$($XPOOL_TEST_SSH h1 nproc)
	barrier_run "$cpus" -S h1
	(($(most_at_once log "$H1") == cpus)) || fail "not $cpus at once on h1: $(cat log)"
}

@test "':' runs jobs on this machine, mixed with remote ones" {
	run -0 --separate-stderr sx -S 1/:,1/h1 \
	    "$HOSTOF; echo \$h >>$WORK/log; sleep 0.3; echo {}" ::: {1..6}
	assert_output "$(seq 6)"
	grep -qx local log || fail "no job ran locally: $(cat log)"
	grep -qx "$H1" log || fail "no job ran on h1: $(cat log)"
}

@test "':' alone with N/: N slots here, whatever -j says, as GNU parallel" {
	local n
	for n in 1 2; do
		rm -f at
		run -0 --separate-stderr xpool -S "$n/:" -j 4 \
		    "echo start local >>$WORK/at; sleep 0.3; echo end local >>$WORK/at" ::: 1 2 3 4
		assert_equal "$(most_at_once at local)" "$n"
	done
}

@test "--sshloginfile and --slf: one login a line, comments and blank lines ignored" {
	printf '# the hosts\n\n1/h1\n  # indented comment\n1/h2\n' >hosts
	local opt
	for opt in --sshloginfile --slf; do
		rm -f log
		run -0 --separate-stderr sx "$opt" hosts \
		    "$HOSTOF; echo \$h >>$WORK/log; sleep 0.3; echo {}" ::: {1..6}
		assert_output "$(seq 6)"
		assert_equal "$(sort -u log)" "$H1"$'\n'"$H2"
	done
}

# ---------------------------------------------------------------- hosts down

@test "a host down from the start: every job runs on the others; said once" {
	run -0 --separate-stderr sx -S h1,down "$HOSTOF; echo {} \$h" ::: {1..10}
	assert_output "$(printf '%s 127.0.0.2\n' {1..10})"
	assert_equal "${#stderr_lines[@]}" 1
	assert_stderr_regex '^xpool: warning: host down is down: ssh: connect to host 127\.0\.0\.9 .*Connection refused; its jobs run on the other hosts$'
}

@test "every host down: no job runs, exit 255" {
	run -255 --separate-stderr sx -S down "touch $WORK/ran.{}" ::: a b
	assert_output ''
	assert_file_not_exists ran.a
	assert_file_not_exists ran.b
	assert_stderr_regex '^xpool: .*down'
	assert_messages_prefixed
}

@test "a host whose shell waits as it starts is down after 20 s, said; its jobs run on the others" {
	[[ $(getent passwd "$(id -un)" | cut -d: -f7) == */bash ]] ||
	    skip "the login shell is not bash: no start-up file to make wait"
	# Without N/ its CPUs are asked: that command never answers.
	echo 'sleep 3599' >"$SSH_DIR/home_h3/.bashrc"
	GUARD=60 run -0 --separate-stderr sx -S h1,h3 "$HOSTOF; echo {} \$h" ::: 1 2 3
	rm "$SSH_DIR/home_h3/.bashrc"
	"$BATS_TEST_DIRNAME/ssh/sshd.sh" procs "$SSH_DIR" h3 |
	    awk '/sleep 3599/ { print $1 }' | xargs -r kill
	assert_output "$(printf '%s 127.0.0.2\n' 1 2 3)"
	assert_equal "${#stderr_lines[@]}" 1
	assert_stderr_regex '^xpool: warning: host h3 is down: it answered nothing in 20 s \(does a start-up file of its shell wait for something\?\); its jobs run on the other hosts$'
}

@test "a host killed mid-run: its jobs run elsewhere; all output once, in order" {
	mkdir on
	start_xpool out err --ssh "$XPOOL_TEST_SSH" -S 1/h1,1/h3 \
	    "$HOSTOF; : >$WORK/on/\$h; sleep 0.5; echo {}" ::: {1..20}
	wait_running 2 on
	[[ -e on/$H3 ]] || wait_for_file "on/$H3"
	"$BATS_TEST_DIRNAME/ssh/sshd.sh" kill "$SSH_DIR" h3
	wait_xpool
	assert_equal "$status" 0
	assert_equal "$(cat out)" "$(seq 20)"
}

# ---------------------------------------------------------------- ending

# remote_signal_test SIG STATUS: SIG to xpool while two remote jobs sleep:
# xpool exits STATUS, and no sleep is left on the host.
remote_signal_test() {
	mkdir started
	start_xpool out err --ssh "$XPOOL_TEST_SSH" -S 2/h1 \
	    ": >$WORK/started/{}; sleep $SLEEP_ARG" ::: 1 2
	wait_running 2 started
	kill -s "$1" "$XPID"
	wait_xpool
	assert_equal "$status" "$2"
	assert_host_clean h1 sleep
	assert_no_leftover
}

@test "SIGINT: exit 130, the remote jobs ended" {
	remote_signal_test INT 130
}

@test "SIGTERM: exit 143, the remote jobs ended" {
	remote_signal_test TERM 143
}

@test "--ssh-delay: the next remote job waits its turn; the delay ends with the run" {
	mkdir started
	start_xpool out err --ssh "$XPOOL_TEST_SSH" -S 2/h1 --ssh-delay 60 \
	    ": >$WORK/started/{}; sleep $SLEEP_ARG" ::: 1 2
	wait_running 1 started
	# A free slot, but a minute to wait: job 2 has not started a second on.
	sleep 1
	assert_file_not_exists started/2
	kill -s TERM "$XPID"
	wait_xpool
	assert_equal "$status" 143
	assert_host_clean h1 sleep
	run -0 sx -S 1/h1,1/h2 --sshdelay 0.1 -k echo ::: a b c
	assert_output $'a\nb\nc'
}

@test "--timeout ends a remote job: a timed-out failure, nothing left on the host" {
	run -1 --separate-stderr gxpool --ssh "$XPOOL_TEST_SSH" -S h1 --timeout 1 \
	    "sleep $SLEEP_ARG; : {}" ::: a
	assert_stderr_regex '^xpool: job 1 timed out after 1s'
	assert_host_clean h1 sleep
	assert_no_leftover
}

@test "a TMPDIR near the limit of a socket's path: the sockets go to /tmp" {
	# Every length from 60 to 80: ssh adds 17 bytes to a socket's name.
	local t=$WORK/t n
	while ((${#t} < 60)); do t=$t/d; done
	for ((n = ${#t}; n <= 80; n++)); do
		mkdir -p "$t"
		TMPDIR=$t run -0 --separate-stderr sx -S h1 echo ok ::: "$n"
		assert_output "ok $n"
		t=${t}x
	done
}

@test "the ssh control sockets are in TMPDIR while jobs run, and removed at exit" {
	unset XDG_RUNTIME_DIR
	export TMPDIR=$BATS_TEST_TMPDIR/t
	mkdir "$TMPDIR"
	# A remote job sees the local /tmp: it lists the sockets there.
	run -0 --separate-stderr sx -S 1/h1,1/h2 \
	    "find $TMPDIR -type s >>$WORK/sockets; : {}" ::: 1 2 3 4
	[[ -s sockets ]] || fail "no control socket in TMPDIR while jobs ran"
	assert_tmpdir_empty
	mkdir td
	rm sockets
	run -0 --separate-stderr sx --tmpdir "$WORK/td" -S 1/h1 \
	    "find $WORK/td -type s >>$WORK/sockets; : {}" ::: 1
	[[ -s sockets ]] || fail "no control socket in --tmpdir while jobs ran"
	assert_equal "$(find td -mindepth 1)" ''
	assert_tmpdir_empty
}

# ---------------------------------------------------------------- usage

# bad_login OPTION VALUE ERE: refused before anything runs: 255, a message
# that matches ERE.
bad_login() {
	run -255 --separate-stderr sx "$1" "$2" "touch $WORK/ran" ::: a
	assert_output ''
	assert_file_not_exists ran
	assert_stderr_regex "^xpool: $3"
	assert_messages_prefixed
}

@test "bad usage: 255 before any job, the message names the option" {
	bad_login -S '' '.*(-S|--sshlogin)'
	bad_login -S 0/h1 '.*(-S|--sshlogin)'
	bad_login --slf /nonexistent '.*(--slf|--sshloginfile)'
	bad_login --sshloginfile /nonexistent '.*(--slf|--sshloginfile)'
	run -255 --separate-stderr xpool --ssh '' -S h1 "touch $WORK/ran" ::: a
	assert_output ''
	assert_file_not_exists ran
	assert_stderr_regex '^xpool: .*--ssh'
	assert_messages_prefixed
}

@test "options that act on this machine only are refused with remote hosts" {
	local opt
	for opt in --cat --fifo '--launcher env'; do
		# shellcheck disable=SC2086 # the option and its value
		run -255 --separate-stderr sx -S h1 $opt "touch $WORK/ran" <<<a
		assert_output ''
		assert_file_not_exists ran
		assert_stderr_regex "^xpool: ${opt%% *} "
		assert_messages_prefixed
	done
}

@test "--nice: remote jobs and workers run under nice -n N there, as GNU parallel's; local ones too" {
	# nice -n adds to the niceness the host's sshd gives (the test's own).
	local base
	base=$(sx -S h1 'ps -o ni= -p $$; : {}' ::: x | tr -d ' ')
	((base <= 10)) || skip "the test sshds run at niceness $base"
	run -0 --separate-stderr sx -S 1/h1,1/: --nice 7 \
	    "$HOSTOF; echo \$h \$(ps -o ni= -p \$\$); : {}" ::: a b c d
	assert_equal "$(sort -u <<<"$output" | sed 's/  */ /g')" \
	    "$H1 $((base + 7))"$'\n'"local 7"
	run -0 --separate-stderr sx -S 1/h1 --nice 5 --worker \
	    'while read -r x; do echo "$x $(ps -o ni= -p $$)"; done' ::: a b
	assert_equal "$(sed 's/  */ /g' <<<"$output")" \
	    "a $((base + 5))"$'\n'"b $((base + 5))"
	# With ':' alone there is no remote host: --nice works as here.
	run -0 xpool -S : --nice 5 'nice; : {}' ::: a
	assert_output 5
}

@test "--plus {host} and {sshlogin}: where each job ran, as GNU parallel says" {
	run -0 --separate-stderr sx -S 1/h1,1/: --plus -k \
	    'echo {} {host} {sshlogin} $PARALLEL_SSHHOST' ::: a b
	assert_output $'a h1 h1 h1\nb : : :'
	need parallel
	run -0 --separate-stderr parallel --will-cite --ssh "$XPOOL_TEST_SSH" \
	    -S 1/h1,1/: --plus -k 'echo {} {host} {sshlogin}' ::: a b
	# GNU parallel may put either job on either host.
	assert_equal "$(cut -d' ' -f2- <<<"$output" | sort)" $': :\nh1 h1'
}

@test "-S splits its logins at newlines as at commas (-S \"\$(cat hosts)\")" {
	run -0 --separate-stderr sx -S "$(printf '1/h1\n1/h2')" --plus -k \
	    'echo {} {host}' ::: a b c d
	assert_equal "$(cut -d' ' -f2 <<<"$output" | sort -u)" $'h1\nh2'
	run -0 --separate-stderr sx -S "$(printf '1/h1,1/:\n1/h2')" --plus -k \
	    'echo {} {host}' ::: a b c d e f
	assert_equal "$(cut -d' ' -f2 <<<"$output" | sort -u)" $':\nh1\nh2'
}

# ---------------------------------------------------------------- GNU parallel

@test "GNU parallel: the same output for the same hosts" {
	need parallel
	run -0 --separate-stderr parallel --will-cite --ssh "$XPOOL_TEST_SSH" \
	    -S 1/h1,1/h2 -k echo ::: a b c
	assert_output $'a\nb\nc'
	run -0 --separate-stderr sx -S 1/h1,1/h2 -k echo ::: a b c
	assert_output $'a\nb\nc'
	# GNU parallel's --controlmaster is what xpool does anyway.
	run -0 --separate-stderr sx --controlmaster -S 1/h1,1/h2 -k echo ::: a b c
	assert_output $'a\nb\nc'
	run -0 --separate-stderr parallel --will-cite --ssh "$XPOOL_TEST_SSH" \
	    -S 1/h1,1/h2 -k "printf '%s|' {}" ::: "it's" '$(x)' ' a b '
	local gnu=$output
	run -0 --separate-stderr sx -S 1/h1,1/h2 "printf '%s|' {}" ::: "it's" '$(x)' ' a b '
	assert_output "$gnu"
}
