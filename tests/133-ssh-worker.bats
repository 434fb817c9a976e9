#!/usr/bin/env bats
# shellcheck disable=SC1083,SC2016,SC2030,SC2031,SC2154
# (SC1083: {} are xpool replacement strings; SC2016: $ in single quotes is
# for the worker's shell; SC2030/SC2031/SC2154: bats runs each test in a
# subshell and sets $output, $stderr and $lines.)
# 133-ssh-worker: --worker with -S: each slot's worker runs on its host
# through one ssh session, its items streamed, with the framing, death,
# timeout and down-host handling of local workers (tests/ssh/common.bash).
# h3 is there to be killed.

load helpers
load ssh/common

setup() {
	ssh_setup
	# A worker answering "ITEM HOST SLOT" for each item.
	ECHOER="$HOSTOF"'; while IFS= read -r x; do echo "$x $h $XPOOL_SLOT"; done'
}

# The pid of the first process on host $1 whose command line matches ERE $2.
remote_pid() {
	"$BATS_TEST_DIRNAME/ssh/sshd.sh" procs "$SSH_DIR" "$1" |
	    awk -v re="$2" '{ p = $1; $1 = "" } $0 ~ re { print p; exit }'
}

@test "items are answered in order by workers on each host, with their slot" {
	run -0 --separate-stderr sx -S 2/h1,2/h2 --worker "$ECHOER" < <(seq 200)
	assert_stderr_empty
	assert_equal "$(cut -d' ' -f1 <<<"$output")" "$(seq 200)"
	# Both hosts worked, each worker in a slot of its host.
	assert_output --regexp "127\.0\.0\.2 [13]"$'\n'
	assert_output --regexp "127\.0\.0\.3 [24]"$'\n'
	refute_output --regexp "127\.0\.0\.2 [24]|127\.0\.0\.3 [13]|local"
}

@test "10,000 items, one by one and in chunks of -n 100: each answered once" {
	run -0 sx -S 2/h1,2/h2 --worker 'while read -r x; do echo "a$x"; done' \
	    < <(seq 10000)
	assert_equal "$output" "$(seq -f 'a%g' 10000)"
	run -0 sx -S 2/h1 -n 100 --worker 'while read -r x; do echo "b$x"; done' \
	    < <(seq 10000)
	assert_equal "$output" "$(seq -f 'b%g' 10000)"
}

@test "items reach a remote worker byte for byte, never as shell code" {
	local -a items=("it's \"q\"" '$(touch '"$WORK"'/x)' '`touch '"$WORK"'/y`'
	    'a;touch '"$WORK"'/z' '-n' '--' '  two  spaces ' 'trail\' '~' '*'
	    '$HOME' '#c' 'a|b&c>d' 'é')
	run -0 --separate-stderr sx -S 1/h1,1/h2 --worker \
	    'while IFS= read -r x; do printf "%s|\n" "$x"; done' \
	    < <(printf '%s\n' "${items[@]}")
	assert_output "$(printf '%s|\n' "${items[@]}")"
	assert_file_not_exists x
	assert_file_not_exists y
	assert_file_not_exists z
}

@test "':' mixes a local worker with remote ones" {
	run -0 sx -S 1/:,1/h1 --worker "$ECHOER" < <(seq 50)
	assert_equal "$(cut -d' ' -f1 <<<"$output")" "$(seq 50)"
	assert_output --regexp ' local 1'$'\n'
	assert_output --regexp ' 127\.0\.0\.2 2'$'\n'
}

@test "--tag, --joblog and --eot work with remote workers, item by item" {
	run -1 --separate-stderr sx -S 1/h1,1/h2 --tag --joblog "$WORK/log" \
	    --worker --eot END \
	    'while read -r x; do echo "r$x"; [ "$x" = c ] && echo "END 3" || echo END; done' \
	    ::: a b c d
	assert_output $'a\tra\nb\trb\nc\trc\nd\trd'
	assert_equal "$(awk 'NR > 1 { print $7 }' log | sort | tr '\n' ' ')" '0 0 0 3 '
	# The Host column names the worker's host, as for jobs.
	assert_equal "$(awk 'NR > 1 && $2 !~ /^h[12]$/' log)" ''
}

@test "--maxtasksperchild over ssh: workers are replaced, every item answered" {
	run -0 sx -S 2/h1 --maxtasksperchild 5 --worker \
	    'while read -r x; do echo "$x $$"; done' < <(seq 40)
	assert_equal "$(cut -d' ' -f1 <<<"$output")" "$(seq 40)"
	# No worker answered more than 5; at least 8 of them.
	assert_equal "$(cut -d' ' -f2 <<<"$output" | sort | uniq -c |
	    awk '$1 > 5' | wc -l)" 0
	(($(cut -d' ' -f2 <<<"$output" | sort -u | wc -l) >= 8))
}

# ---------------------------------------------------------------- deaths

# kill_worker_at ITEM: the worker on h1 that reached ITEM (it then sleeps),
# killed there with SIGKILL; the background xpool's log in out and err.
kill_worker_at() {
	wait_for_file "$WORK/at"
	kill -KILL "$(remote_pid h1 '^ [a-z]*sh -c while')"
}

@test "a worker killed on its host: that item fails with the reason, the rest are answered" {
	start_xpool out err --ssh "$XPOOL_TEST_SSH" -S 1/h1 --worker \
	    "while read -r x; do [ \$x = 3 ] && { : >$WORK/at; sleep $SLEEP_ARG; }; echo \$x; done" \
	    ::: 1 2 3 4 5
	kill_worker_at 3
	wait_xpool
	assert_equal "$status" 1
	assert_equal "$(cat out)" $'1\n2\n4\n5'
	assert_equal "$(cat err)" 'xpool: worker 1 on host h1 died of SIGKILL on item 3'
	assert_host_clean h1 sleep
}

@test "a worker killed on its host: with --retries 2 the item runs again and is answered" {
	start_xpool out err --ssh "$XPOOL_TEST_SSH" -S 1/h1 --retries 2 --worker \
	    "while read -r x; do [ \$x = 3 ] && [ ! -e $WORK/at ] && { : >$WORK/at; sleep $SLEEP_ARG; }; echo \$x; done" \
	    ::: 1 2 3 4 5
	kill_worker_at 3
	wait_xpool
	assert_equal "$status" 0
	assert_equal "$(cat out)" $'1\n2\n3\n4\n5'
}

@test "--timeout: the item fails as timed out, the worker is ended on its host" {
	run -1 --separate-stderr sx -S 2/h1 --timeout 1 --worker \
	    "while read -r x; do [ \$x = 2 ] && sleep $SLEEP_ARG; echo \$x; done" \
	    ::: 1 2 3 4
	assert_output $'1\n3\n4'
	assert_stderr_regex "^xpool: worker [12] on host h1 timed out after 1s on item 2\$"
	assert_host_clean h1 sleep
	assert_no_leftover
}

@test "a host killed mid-run: its items are answered on the other, once each, in order" {
	start_xpool out err --ssh "$XPOOL_TEST_SSH" -S 1/h1,1/h3 --worker \
	    "$HOSTOF"'; while read -r x; do : >'"$WORK"'/on.$h; sleep 0.05; echo $x; done' \
	    ::: $(seq 100)
	wait_for_file "$WORK/on.$H3"
	"$BATS_TEST_DIRNAME/ssh/sshd.sh" kill "$SSH_DIR" h3
	wait_xpool
	assert_equal "$status" 0
	assert_equal "$(cat out)" "$(seq 100)"
}

# remote_worker_signal SIG STATUS: SIG to xpool while remote workers work:
# xpool exits STATUS, and nothing of theirs is left on the host.
remote_worker_signal() {
	start_xpool out err --ssh "$XPOOL_TEST_SSH" -S 2/h1 --worker \
	    "while read -r x; do : >$WORK/at; sleep $SLEEP_ARG; echo \$x; done" \
	    ::: 1 2 3
	wait_for_file "$WORK/at"
	kill -s "$1" "$XPID"
	wait_xpool
	assert_equal "$status" "$2"
	assert_host_clean h1 'sleep|sh -c'
	assert_no_leftover
}

@test "SIGINT: exit 130, the remote workers ended" {
	remote_worker_signal INT 130
}

@test "SIGTERM: exit 143, the remote workers ended" {
	remote_worker_signal TERM 143
}

@test "--pty is refused with remote hosts, and says what to do" {
	run -255 --separate-stderr sx -S h1 --worker --pty cat <<<a
	assert_output ''
	assert_stderr_regex '^xpool: --pty runs workers on this machine.*stdbuf -oL'
}

@test "a remote worker that buffers its answers: said after 10 s, with the cures" {
	start_xpool out err --ssh "$XPOOL_TEST_SSH" -S 1/h1 --worker \
	    "python3 -c 'import sys
for l in sys.stdin: print(l, end=\"\")'" ::: a b
	local n=$((GUARD * 10))
	until grep -q 'answered nothing' err; do
		kill -0 "$XPID" 2>/dev/null || fail "xpool ended: $(cat err)"
		((--n > 0)) || fail "no message after ${GUARD}s"
		sleep 0.1
	done
	assert_equal "$(head -n 1 err)" 'xpool: warning: worker 1 on host h1 has answered nothing for 10 s with item 1 due; xpool cannot look into a remote worker to tell whether it works or waits for input: if it buffers its output, have it flush each answer (python3 -u, stdbuf -oL, mawk -W interactive), or give --timeout'
	kill -s TERM "$XPID"
	wait_xpool
	assert_equal "$status" 143
	assert_host_clean h1 python3
}
