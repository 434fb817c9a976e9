#!/usr/bin/env bats
# shellcheck disable=SC1083,SC2016,SC2030,SC2031,SC2154,SC1003,SC2012
# (SC1083: {} {1} ... are xpool replacement strings; SC2016: $ in single
# quotes is for the job's shell; SC2030/SC2031/SC2154: bats runs each test in a
# subshell and sets $stderr and $lines.)
# 045-output-modes: --group, -u/--ungroup, --line-buffer, --tag,
# --tagstring, --buffer and --tmpdir.
#
# As in 040, the order in which jobs write is forced with files, never with
# time.

load helpers

# read_line FD: one line from FD into $line, or fail when nothing comes.
read_line() {
	line=
	IFS= read -r -t "$GUARD" -u "$1" line ||
	    fail "no line came from xpool within ${GUARD}s (got '$line')"
}

# ---------------------------------------------------------------- --group

@test "--group is accepted and is the default grouping" {
	run -0 --separate-stderr gxpool --group -j2 \
	    'echo {} a; echo {} e >&2; : >w.{}; waitfor w.$((3 - {})); echo {} b' ::: 1 2
	assert_output $'1 a\n1 b\n2 a\n2 b'
	assert_stderr $'1 e\n2 e'
}

# ---------------------------------------------------------------- --tag

@test "--tag puts the item and a TAB before each line" {
	run -0 --separate-stderr xpool --tag -j1 'printf "%s\n" l1 l2; : {}' ::: a 'b c'
	assert_output $'a\tl1\na\tl2\nb c\tl1\nb c\tl2'
	assert_stderr_empty
}

@test "--tag also tags the job's stderr" {
	run -0 --separate-stderr xpool --tag -j1 'echo out; echo err >&2; : {}' ::: x
	assert_output $'x\tout'
	assert_stderr $'x\terr'
}

@test "--tag with several items or sources: as GNU parallel" {
	command -v parallel >/dev/null || skip "GNU parallel is not installed"
	local want
	want=$(parallel --will-cite -k -j1 --tag echo ::: a b ::: 1 'x y')
	run -0 --separate-stderr xpool -j1 --tag echo ::: a b ::: 1 'x y'
	assert_output "$want"
	want=$(parallel --will-cite -k -j1 --tag -n2 echo ::: a b c)
	run -0 --separate-stderr xpool -j1 --tag -n2 echo ::: a b c
	assert_output "$want"
}

@test "--tag: a job that prints nothing prints no tag" {
	run -0 --separate-stderr xpool --tag -j1 true ::: a b
	assert_output ''
}

@test "--tag: the item is shown as it is, not quoted" {
	run -0 --separate-stderr xpool --tag echo x ::: "it's \$HOME"
	assert_output $'it\'s $HOME\tx it\'s $HOME'
}

@test "--tagstring STR: replacement strings work, then a TAB" {
	run -0 --separate-stderr xpool -j1 --tagstring '<{}>{#}:{.}' echo ::: 'a b.c' d
	assert_output $'<a b.c>1:a b\ta b.c\n<d>2:d\td'
}

@test "--tagstring equals GNU parallel's" {
	command -v parallel >/dev/null || skip "GNU parallel is not installed"
	local want
	want=$(parallel --will-cite -k -j1 --tagstring '[{1}/{2}] {#}' echo ::: a 'b c' ::: 1)
	run -0 --separate-stderr xpool -j1 --tagstring '[{1}/{2}] {#}' echo ::: a 'b c' ::: 1
	assert_output "$want"
}

@test "--tagstring: an item is never run as code" {
	run -0 --separate-stderr xpool --tagstring '{}' echo ::: '$(touch PWNED)' '`touch PWNED`'
	assert_file_not_exists PWNED
	assert_output $'$(touch PWNED)\t$(touch PWNED)\n`touch PWNED`\t`touch PWNED`'
}

# ---------------------------------------------------------------- -u

@test "-u: every job's output comes out (lines of different jobs may mix)" {
	# Each job writes one short line with one write(2): those cannot mix.
	xpool -u -j4 echo 'job {}' ::: $(seq 40) >out
	local diffs
	diffs=$(diff <(sort out) <(seq 40 | sed 's/^/job /' | sort) | head -n 20)
	[[ -z $diffs ]] || fail "output differs: $diffs"
}

@test "--ungroup: a job's output appears as it is written, from any job" {
	# Job 1 (the head) waits for the test; job 2's line must come out first.
	mkfifo outfifo
	start_xpool outfifo err --ungroup -j2 \
	    'if [ {} = 1 ]; then waitfor -t 120 release; fi; echo "job {}"' ::: 1 2
	exec 8<outfifo
	read_line 8
	assert_equal "$line" 'job 2'
	: >release
	read_line 8
	assert_equal "$line" 'job 1'
	exec 8<&-
	wait_xpool
	assert_equal "$status" 0
}

@test "-u: stdout and stderr stay separate" {
	run -0 --separate-stderr xpool -u -j1 'echo out {}; echo err {} >&2' ::: a
	assert_output 'out a'
	assert_stderr 'err a'
}

# ---------------------------------------------------------------- --line-buffer

@test "--line-buffer: a later job's complete line appears while the head job runs" {
	mkfifo outfifo
	start_xpool outfifo err --line-buffer -j2 \
	    'if [ {} = 1 ]; then echo "1 first"; waitfor -t 120 release; echo "1 last"; else echo "2 only"; fi' ::: 1 2
	exec 8<outfifo
	read_line 8
	local first=$line
	read_line 8
	# Job 1 still runs: both jobs' first lines are out.
	[[ "$first|$line" == '1 first|2 only' || "$first|$line" == '2 only|1 first' ]] ||
	    fail "unexpected lines: '$first', '$line'"
	: >release
	read_line 8
	assert_equal "$line" '1 last'
	exec 8<&-
	wait_xpool
	assert_equal "$status" 0
}

@test "--line-buffer: lines are never cut or mixed" {
	# Each job writes its lines in pieces (printf of half a line, then the
	# rest); jobs run together.
	xpool --line-buffer -j4 \
	    'i=0; while [ $i -lt 300 ]; do printf "{}{}{}{}{}"; printf "{}{}{}{}{}\n"; i=$((i + 1)); done' \
	    ::: A B C D >out
	run -0 sh -c 'sort out | uniq -c | awk "{print \$1, \$2}"'
	assert_output $'300 AAAAAAAAAA\n300 BBBBBBBBBB\n300 CCCCCCCCCC\n300 DDDDDDDDDD'
}

@test "--line-buffer: a last line without newline is still printed whole" {
	run -0 --separate-stderr xpool --line-buffer -j1 printf '%s' ::: abc
	assert_output abc
}

@test "--lb is --line-buffer" {
	run -0 --separate-stderr xpool --lb -j2 echo ::: a b
	assert_equal "$(sort <<<"$output")" $'a\nb'
}

# ---------------------------------------------------------------- --buffer

@test "--buffer: output held past SIZE is kept exactly and in order" {
	mkdir spill
	start_xpool out err --buffer 1K --tmpdir spill -j2 \
	    'if [ {} = 1 ]; then waitfor -t 120 release; echo one; else seq 100000; : >done.2; fi' ::: 1 2
	wait_for_file done.2
	: >release
	wait_xpool
	assert_equal "$status" 0
	assert_equal "$(head -n 1 out)" one
	assert_equal "$(tail -n +2 out)" "$(seq 100000)"
	assert_equal "$(find spill -mindepth 1)" ''
	assert_tmpdir_empty
}

@test "--buffer: spilled output of several jobs comes out in input order" {
	mkdir spill
	xpool --buffer 4K --tmpdir spill -j4 'seq {} 3 60000' ::: 1 2 3 4 5 6 >out
	local want j
	want=$(for j in 1 2 3 4 5 6; do seq "$j" 3 60000; done)
	assert_equal "$(cat out)" "$want"
	assert_equal "$(find spill -mindepth 1)" ''
}

@test "--buffer: spill files are removed when xpool is stopped by SIGTERM" {
	mkdir spill
	start_xpool out err --buffer 1K --tmpdir spill -j2 \
	    'if [ {} = 1 ]; then : >started.1; sleep "$SLEEP_ARG"; else seq 100000; : >done.2; fi' ::: 1 2
	wait_for_file started.1
	wait_for_file done.2
	kill -TERM "$XPID"
	wait_xpool
	assert_equal "$status" 143
	assert_equal "$(find spill -mindepth 1)" ''
	assert_no_leftover
}

@test "--buffer without --tmpdir uses TMPDIR, and cleans it" {
	xpool --buffer 1K -j3 'seq 20000; : {}' ::: 1 2 3 >out
	assert_equal "$(wc -l <out)" 60000
	assert_tmpdir_empty
}

@test "--buffer with bad sizes: exit 255 and a message" {
	local v
	for v in x 1X '' -1 1.5.5; do
		run -255 --separate-stderr xpool --buffer "$v" echo ::: a
		assert_output ''
		[[ ${stderr_lines[0]} == "xpool: --buffer '$v': "* ]] ||
		    fail "--buffer '$v': unexpected message: $stderr"
	done
}

@test "--buffer sizes with suffixes are accepted" {
	local v
	for v in 1 100 1K 64M 1G 1k 2m; do
		run -0 --separate-stderr xpool --buffer "$v" echo ::: a
		assert_output a
	done
}

@test "--tmpdir that does not exist: exit 255, message naming it" {
	run -255 --separate-stderr xpool --tmpdir "$WORK/nosuch" echo ::: a
	assert_output ''
	assert_messages_prefixed
	assert_stderr_contains "$WORK/nosuch"
}

@test "--tagstring: \\t \\n \\r and octal \\NNN are bytes, as in GNU parallel" {
	run -0 xpool -k --tagstring '\033[3{#}m{}\t|' echo x ::: a b
	assert_output $'\e[31ma\t|\tx a\n\e[32mb\t|\tx b'
	run -0 xpool --tagstring 'a\qb\\c' echo ::: 1
	assert_output $'a\\qb\\\\c\t1'
}

# ---------------------------------------------------------------- --latest-line

# screen FILE: what a terminal shows after the bytes in FILE (carriage
# return, newline, cursor up ESC[A; colours left out), one row a line.
screen() {
	python3 -c '
import re, sys
data = open(sys.argv[1], "rb").read().decode("utf-8", "replace")
rows, r, c = {}, 0, 0
for tok in re.findall(r"\x1b\[[0-9;]*[A-Za-z]|.", data, re.S):
    if tok == "\x1b[A": r = max(r - 1, 0)
    elif tok.startswith("\x1b"): pass
    elif tok == "\r": c = 0
    elif tok == "\n": r += 1; c = 0
    else:
        line = rows.setdefault(r, [])
        line.extend(" " * (c + 1 - len(line)))
        line[c] = tok; c += 1
for k in range(max(rows) + 1 if rows else 0):
    print("".join(rows.get(k, [])).rstrip())
' "$1"
}

# on_tty CMD: CMD on a terminal of 10 rows of 30 columns; what it wrote in
# raw.
ll_on_tty() {
	TERM=xterm SHELL=/bin/bash timeout "$GUARD" script -qfec \
	    "stty rows 10 cols 30; $1" /dev/null </dev/null >raw
}

@test "--latest-line: a row per job on the terminal, with its latest line, cut to the width" {
	ll_on_tty "$XPOOL --ll --tag -j3 'echo first {}; echo last {} \$(printf %040d 0)' ::: a b c"
	grep -q $'\e\\[A' raw || fail "the rows are not redrawn in place: $(od -c raw | head)"
	run -0 screen raw
	# Each job's row (in the order they first printed) shows its last
	# line after its tag, cut with '>' at 30 columns.
	assert_equal "${#lines[@]}" 3
	local l
	for l in "${lines[@]}"; do
		[[ $l =~ ^([abc])\ {7}last\ ([abc])\ 0{14}\>$ ]] || fail "row: '$l'"
		[[ ${BASH_REMATCH[1]} == "${BASH_REMATCH[2]}" ]] || fail "row: '$l'"
	done
}

@test "--latest-line -k: the rows in job order, whatever order the jobs print in" {
	ll_on_tty "$XPOOL --ll -k -j3 'waitfor() { while [ ! -e \$1 ]; do sleep 0.01; done; }; [ {} = 3 ] || waitfor go.\$(({} + 1)); echo job {} done; : >go.{}' ::: 1 2 3"
	run -0 screen raw
	assert_output $'job 1 done\njob 2 done\njob 3 done'
}

@test "--latest-line without a terminal: each row drawn on a line of its own" {
	run -0 --separate-stderr xpool --ll -j1 'printf "x\ny {}\n"; printf "z {}"' ::: 1 2
	# No cursor movement; every drawing starts with a carriage return; the
	# last drawing of a job shows its last line (one without a newline too).
	refute_output --partial $'\e'
	local last
	last=$(tr -d '\r' <<<"$output" | grep -v '^$' | tail -1)
	assert_equal "$last" "z 2 "
	[[ $(tr -d '\r' <<<"$output" | grep -c '^z 1 $') -ge 1 ]] || fail "no 'z 1' row: $output"
	[[ $output == $'\r'* ]] || fail "does not start with a carriage return"
	# Spelled as GNU parallel spells it.
	run -0 --separate-stderr xpool --latestline echo ::: a
	assert_output --partial 'a '
}

@test "--latest-line --color: the line in the job's colour" {
	run -0 --separate-stderr xpool --ll --color -j1 echo ::: a
	assert_output --partial $'\e[48;5;'
	assert_output --partial $'a \e[m'
}
