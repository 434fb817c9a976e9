#!/usr/bin/env bats
# shellcheck disable=SC2016,SC2030,SC2031,SC2154
# (SC2016: $ in single quotes is for the command's shell; SC2030/SC2031/
# SC2154: bats runs each test in a subshell and sets $output and $stderr.)
# 105-sem: --semaphore and sem, GNU parallel's counting semaphore, with
# slots that a holder's death always frees.
#
# Background holders write to files, never to bats' own output (which bats
# would wait for), and every test ends with --wait.

load helpers

setup() {
	common_setup
	export XDG_RUNTIME_DIR=$BATS_TEST_TMPDIR/run
	mkdir -m 700 "$XDG_RUNTIME_DIR"
	ID=t$BATS_TEST_NUMBER
	# GNU parallel keeps its semaphores under $HOME/.parallel.
	export HOME=$BATS_TEST_TMPDIR/home
	mkdir -p "$HOME"
}

teardown() {
	"$XPOOL" --semaphore --id "$ID" --st -"$GUARD" --wait 2>/dev/null || :
	common_teardown
}

# A background sem: returns at once, its holder's output into FILE.
bg() {
	local out=$1
	shift
	xpool --semaphore --id "$ID" "$@" >>"$out" 2>&1
}

@test "--fg runs the command and exits with its status, as GNU sem" {
	run -3 --separate-stderr xpool --semaphore --id "$ID" --fg 'echo out; echo err >&2; exit 3'
	assert_output out
	assert_stderr_contains err
	command -v sem >/dev/null || return 0
	run -3 --separate-stderr sem --id "$ID" --fg 'echo out; echo err >&2; exit 3'
	assert_output out
}

@test "the words form one shell command line, as GNU sem joins them" {
	run -0 xpool --semaphore --id "$ID" --fg echo a ';' echo 'b  c'
	assert_output $'a\nb c'
	command -v sem >/dev/null || return 0
	run -0 sem --id "$ID" --fg echo a ';' echo 'b  c'
	assert_output $'a\nb c'
}

@test "-q quotes each word: one argument each, never the shell's" {
	run -0 xpool --semaphore --id "$ID" --fg -q "$SHOWARGS" 'a b' ';' '$HOME'
	assert_output 'a b|;|$HOME|'
}

@test "a command killed by a signal: --fg exits 128 + N, as GNU sem" {
	run -143 xpool --semaphore --id "$ID" --fg 'kill -TERM $$'
	command -v sem >/dev/null || return 0
	run -143 sem --id "$ID" --fg 'kill -TERM $$'
}

@test "--bg (the default) returns at once while the command runs; --wait waits for it" {
	run -0 bg log 'waitfor go && sleep 0.3 && echo done >out'
	# The command cannot have ended: it waits for a file not yet made.
	assert_file_not_exists out
	run -0 bg log -j 2 --bg true
	touch go
	run -0 xpool --semaphore --id "$ID" --wait
	assert_file_exists out
	assert_equal "$(cat out)" done
	assert_equal "$(cat log)" ''
}

@test "--wait waits for every holder of the id, whatever their -j" {
	run -0 bg log -j 3 'waitfor go1 && sleep 0.2 && echo 1 >>out'
	run -0 bg log -j 3 'waitfor go2 && sleep 0.2 && echo 2 >>out'
	run -0 bg log -j 3 'waitfor go3 && sleep 0.2 && echo 3 >>out'
	touch go1 go2 go3
	run -0 xpool --semaphore --id "$ID" --wait
	run -0 sort out
	assert_output $'1\n2\n3'
}

@test "-j 2: two commands hold the semaphore at once, never three" {
	local cmd='mkdir running/$0 && ls running | wc -l >count.$0 && waitfor go.$0 && rmdir running/$0'
	mkdir running
	run -0 bg log -j 2 "sh -c '$cmd' 1"
	run -0 bg log -j 2 "sh -c '$cmd' 2"
	# Both run at once...
	wait_for_file count.1
	wait_for_file count.2
	# ...and a third finds no free slot: it gives up (GNU's exit status 1).
	run -1 --separate-stderr xpool --semaphore --id "$ID" -j 2 --st -0.5 --fg 'echo ran'
	assert_output ''
	assert_stderr_contains "timed out"
	# A third waits for a slot, then runs in the one the first frees.
	xpool --semaphore --id "$ID" -j 2 "sh -c '$cmd' 3" >>log 2>&1 &
	XPID=$!
	touch go.1
	wait_for_file count.3
	touch go.2 go.3
	wait "$XPID"
	run -0 xpool --semaphore --id "$ID" --wait
	# The third started once the first had ended, the second still running.
	assert_equal "$(tr -d ' ' <count.3)" 2
	run -0 awk '$1 < 1 || $1 > 2' count.1 count.2
	assert_output ''
	assert_equal "$(cat log)" ''
}

@test "a holder killed with SIGKILL frees its slot, and its command is ended" {
	run -0 bg log 'echo $PPID >holder; exec sleep $SLEEP_ARG'
	wait_for_file holder
	local holder
	holder=$(cat holder)
	# The slot is held: another cannot take it.
	run -1 xpool --semaphore --id "$ID" --st -0.3 --fg true
	kill -KILL "$holder"
	# Now it can, without waiting for the command that was running.
	run -0 --separate-stderr xpool --semaphore --id "$ID" --st -"$GUARD" --fg 'echo got it'
	assert_output 'got it'
	assert_stderr ''
	# The command got SIGTERM when its holder died.
	local n=$((GUARD * 20))
	while pgrep -f "sleep $SLEEP_ARG" >/dev/null; do
		((--n > 0)) || fail "the command outlived its holder"
		sleep 0.05
	done
}

@test "a daemon the command leaves behind holds no slot" {
	run -0 xpool --semaphore --id "$ID" --fg \
	    'sh -c '\''echo $$ >daemon; exec sleep $SLEEP_ARG'\'' </dev/null >/dev/null 2>&1 &'
	wait_for_file daemon
	run -0 xpool --semaphore --id "$ID" --st -"$GUARD" --fg 'echo free'
	assert_output free
	kill "$(cat daemon)"
}

@test "--semaphore-timeout -SECS gives up with status 1; SECS runs anyway" {
	run -0 bg log 'waitfor go'
	run -1 --separate-stderr xpool --semaphore --id "$ID" --semaphore-timeout -0.3 --fg 'echo never'
	assert_output ''
	assert_stderr "xpool: warning: semaphore '$ID' timed out after 0.3s; giving up"
	run -0 --separate-stderr xpool --semaphore --id "$ID" --st 0.3 --fg 'echo anyway'
	assert_output anyway
	assert_stderr "xpool: warning: semaphore '$ID' timed out after 0.3s; taking it anyway"
	run -0 --separate-stderr xpool --semaphore --id "$ID" --semaphoretimeout 0.3 --fg true
	# --wait gives up too.
	run -1 --separate-stderr xpool --semaphore --id "$ID" --st -0.3 --wait
	touch go
}

@test "GNU sem gives up and runs anyway with the same exit statuses" {
	command -v sem >/dev/null || skip "GNU sem is not installed"
	sem --id "$ID" 'waitfor go' >/dev/null 2>&1
	run -1 sem --id "$ID" --st -1 --fg 'echo never'
	refute_output --partial never
	run -0 --separate-stderr sem --id "$ID" --st 1 --fg 'echo anyway'
	assert_output anyway
	touch go
	sem --id "$ID" --wait
}

@test "a run that is not the semaphore's does not touch it: ids are apart" {
	run -0 bg log 'waitfor go'
	run -0 xpool --semaphore --semaphore-name other --st -"$GUARD" --fg 'echo other'
	assert_output other
	run -0 xpool --semaphore --semaphorename 'a/b c' --st -"$GUARD" --fg 'echo odd'
	assert_output odd
	assert_file_exists "$XDG_RUNTIME_DIR/xpool-sem/a%2Fb%20c.0"
	touch go
}

@test "run as sem (a link named sem), xpool is the semaphore" {
	ln -s "$XPOOL" "$BATS_TEST_TMPDIR/bin/sem"
	run -0 "$BATS_TEST_TMPDIR/bin/sem" --id "$ID" --fg 'echo as sem'
	assert_output 'as sem'
	run -255 --separate-stderr "$BATS_TEST_TMPDIR/bin/sem" --id "$ID"
	assert_stderr_contains "xpool: sem: no command to run; give one, or --wait"
}

@test "--fg, --bg, --id and --st imply --semaphore, as in GNU parallel" {
	run -0 xpool --fg echo fg
	assert_output fg
	run -0 xpool --id "$ID" --fg echo id
	assert_output id
	run -0 bg log --bg 'echo bg >out'
	run -0 xpool --id "$ID" --wait
	assert_equal "$(cat out)" bg
}

@test "exported bash functions run, through bash" {
	f() { echo "f got $1"; }
	export -f f
	run -0 xpool --semaphore --id "$ID" --fg f 1
	assert_output 'f got 1'
}

@test "mistakes: an empty id, -j 0, a bad timeout, items, --wait with a command" {
	run -255 --separate-stderr xpool --semaphore --id '' --fg true
	assert_stderr_contains "xpool: --id: the name is empty"
	run -255 --separate-stderr xpool --semaphore -j 0 --fg true
	assert_stderr_contains "xpool: -j '0': a semaphore needs a number of slots"
	run -255 --separate-stderr xpool --semaphore --st 2x --fg true
	assert_stderr_contains "xpool: --semaphore-timeout '2x': unknown unit"
	run -255 --separate-stderr xpool --semaphore --fg echo ::: a b
	assert_stderr_contains "takes no items"
	run -255 --separate-stderr xpool --semaphore --wait echo
	assert_stderr_contains "xpool: --wait runs no command"
	run -255 --separate-stderr xpool --semaphore --id "$(printf 'x%.0s' {1..300})" --fg true
	assert_stderr_contains "the name is too long"
}

@test "an option that does nothing in a semaphore is refused; those that count are taken" {
	local opt
	for opt in -k --tag -v --timeout=1 --joblog=log -n2 -X -L2 --shuf --silent --tmpdir=. -S: --nice=5; do
		run -255 --separate-stderr xpool --semaphore --id "$ID" --fg "$opt" true
		assert_stderr_contains " does nothing with --semaphore; leave it out"
	done
	run -255 --separate-stderr xpool --id "$ID" --fg -k true
	assert_stderr_contains "xpool: -k (--keep-order) does nothing with --semaphore; leave it out"
	run -255 --separate-stderr xpool --id "$ID" --fg --halt now,fail=1 true
	assert_stderr_contains "xpool: --halt does nothing with --semaphore"
	run -255 --separate-stderr xpool --id "$ID" --fg -L 2 true
	assert_stderr_contains "xpool: -L does nothing with --semaphore"
	# -j (-P), --id (--semaphore-name), --fg, --st, --shell, -q, --use-*
	run -0 --separate-stderr xpool --semaphore --semaphore-name "$ID" -P 2 --fg --st 5 \
	    --shell /bin/sh --use-cores-instead-of-threads -q echo 'a  b'
	assert_output 'a  b'
	run -0 --separate-stderr xpool --id "$ID" -j1 --bg --gnu --use-sockets-instead-of-threads true
	# -u: the command writes straight out, as a semaphore's always does
	run -0 --separate-stderr xpool --id "$ID" -u --fg echo u
	assert_output u
	run -0 --separate-stderr xpool --id "$ID" --wait
	# a profile's and $PARALLEL's options are for every run: sem's take them
	mkdir -p "$HOME/.parallel"
	echo '-k --tag' >"$HOME/.parallel/config"
	PARALLEL=--silent run -0 --separate-stderr xpool --id "$ID" --fg echo ok
	assert_output ok
	run -255 --separate-stderr xpool --id "$ID" --fg --tag echo ok
	assert_stderr_contains "xpool: --tag does nothing with --semaphore"
}

@test "a semaphore directory that others could write to, or a link, is refused" {
	mkdir -m 755 "$XDG_RUNTIME_DIR/xpool-sem"
	run -255 --separate-stderr xpool --semaphore --id "$ID" --fg true
	assert_stderr_contains "is not private to you"
	rmdir "$XDG_RUNTIME_DIR/xpool-sem"
	mkdir -m 700 elsewhere
	ln -s "$PWD/elsewhere" "$XDG_RUNTIME_DIR/xpool-sem"
	run -255 --separate-stderr xpool --semaphore --id "$ID" --fg true
	assert_stderr_contains "cannot open the semaphore directory"
	rm "$XDG_RUNTIME_DIR/xpool-sem"
	# Without XDG_RUNTIME_DIR: a directory of the user's own in $TMPDIR.
	unset XDG_RUNTIME_DIR
	run -0 xpool --semaphore --id "$ID" --fg true
	run -0 stat -c %a "$TMPDIR/xpool-sem-$(id -u)"
	assert_output 700
}

@test "a place where the directory cannot be made is a clear error" {
	touch notadir
	XDG_RUNTIME_DIR=$PWD/notadir run -255 --separate-stderr xpool --semaphore --id "$ID" --fg true
	assert_stderr_contains "xpool: cannot make the semaphore directory '$PWD/notadir/xpool-sem'"
}

@test "completions: sem completes as xpool does, in bash, zsh and fish" {
	local root=$BATS_TEST_DIRNAME/..
	run -0 bash -c "source '$root/completions/xpool.bash'; complete -p sem"
	assert_output --partial '-F _xpool'
	run -0 bash -c "source '$root/completions/xpool.bash'
		COMP_WORDS=(sem --semaphore-t); COMP_CWORD=1
		COMP_LINE='sem --semaphore-t'; COMP_POINT=\${#COMP_LINE}
		_xpool sem --semaphore-t sem; printf '%s\n' \"\${COMPREPLY[@]}\""
	assert_output --partial --semaphore-timeout
	run -0 head -1 "$root/completions/_xpool"
	assert_output '#compdef xpool sem'
	command -v fish >/dev/null || return 0
	run -0 --separate-stderr fish --no-config -c "source '$root/completions/xpool.fish'; complete -C 'sem --semaphore-t'"
	assert_line --regexp $'^--semaphore-timeout(\t|$)'
}

@test "-j N makes slot files only up to the first free one" {
	run -0 xpool --semaphore --id "$ID" -j 50 --fg true
	run -0 bg log -j 50 'waitfor go'
	run -0 xpool --semaphore --id "$ID" -j 50 --fg 'echo second'
	assert_output second
	run -0 ls "$XDG_RUNTIME_DIR/xpool-sem"
	assert_output $'t'"$BATS_TEST_NUMBER"$'.0\nt'"$BATS_TEST_NUMBER".1
	touch go
}

@test "a background sem started by an xpool job outlives the job, as with GNU parallel" {
	echo last >myfile
	# Each job's sem returns at once; xpool ends what a job leaves in its
	# process group, but the sem's command is in a session of its own.
	seq 3 | xpool "$XPOOL --semaphore --id $ID sed -i -e '1i{}' myfile"
	"$XPOOL" --semaphore --id "$ID" --wait
	assert_equal "$(sort myfile | tr '\n' ' ')" "1 2 3 last "
}
