#!/usr/bin/env bats
# shellcheck disable=SC1083,SC2016,SC2030,SC2031,SC2154
# (SC1083: {} is an xpool replacement string; SC2016: $ in single quotes is
# for the job's shell; SC2030/SC2031/SC2154: bats runs each test in a
# subshell and sets $output, $stderr and $lines.)
# 077-pipe-gnu: GNU parallel's --pipe options beyond --pipe itself:
# --pipe-part and --block -N.
#
# Each test states the expected output; where GNU parallel is installed, it
# is run the same way and must give the same.

load helpers

# same WANT ARG...: xpool -k ARG... prints WANT (and exits 0, saying
# nothing on standard error), with standard input from the file in when
# there is one; so does GNU parallel where it is installed.
same() {
	local want=$1 from=/dev/null cmd
	shift
	[[ ! -e in ]] || from=in
	for cmd in xpool parallel; do
		[[ $cmd == xpool ]] || command -v parallel >/dev/null || break
		run -0 --separate-stderr "$cmd" -k "$@" <"$from"
		assert_output "$want"
		[[ $cmd == parallel ]] || assert_stderr_empty
	done
}

# ---------------------------------------------------------------- --pipe-part

@test "--pipe-part: cuts every --block bytes, moved on to a record's end" {
	seq 10 >f
	same $'[]\n1\n2\n3\n4\n[]\n5\n6\n7\n8\n[]\n9\n10' \
	    --pipe-part -a f --block 6 'echo [{}]; cat'
}

@test "--pipe-part: the blocks put together are the file, exactly" {
	seq 200000 >f
	run -0 xpool --pipe-part -a f --block 100k 'cat >"$WORK/blk.{#}"'
	local n=0 i
	for ((i = 1; i <= 20; i++)); do
		[[ -e blk.$i ]] || break
		n=$i
		assert_equal "$(tail -c 1 "blk.$i" | od -An -c | tr -d ' ')" '\n'
	done
	((n > 5)) || fail "only $n blocks"
	[[ ! -e blk.$((n + 1)) ]] || fail "more than 20 blocks"
	for ((i = 1; i <= n; i++)); do cat "blk.$i"; done | cmp - f
}

@test "--pipe-part: several files, each cut on its own" {
	seq 10 >f
	seq 100 105 >g
	same $'==\n1\n2\n3\n4\n5\n6\n==\n7\n8\n9\n10\n==\n100\n101\n102\n==\n103\n104\n105' \
	    --pipe-part -a f -a g --block 10 'echo ==; cat'
}

@test "--pipe-part --block -N: N blocks per job slot" {
	seq 10 >f
	same $'10\n11' --pipe-part -a f --block -1 -j 3 'wc -c'
	same $'==\n1\n2\n3\n4\n==\n5\n6\n7\n8\n==\n9\n10' \
	    --pipe-part -a f --block -2 -j 2 'echo ==; cat'
}

@test "--pipe-part: without --block, 10 blocks per job slot" {
	seq 10 >f
	same $'4\n4\n4\n4\n5' --pipe-part -a f -j 2 'wc -c'
}

@test "--pipe-part --recstart and --recend: where records start and end" {
	printf '>a\nAC\nGT\n>b\nTT\n>c\nGG\nCC\nAA\n>d\nA\n' >fa
	same $'==\n>a\nAC\nGT\n==\n>b\nTT\n==\n>c\nGG\nCC\nAA\n==\n>d\nA' \
	    --pipe-part -a fa --recstart '>' --block 3 'echo ==; cat'
	same $'==\n>a\nAC\nGT\n==\n>b\nTT\n==\n>c\nGG\nCC\nAA\n>d\nA' \
	    --pipe-part -a fa --recend 'T\n' --block 1 'echo ==; cat'
}

@test "--pipe-part --regexp: cut after the last --recend followed by --recstart in what was read, as GNU parallel" {
	local i
	for i in $(seq 1 3000); do
		printf '@M1:61:0:1:1101:%d 1:N:0:28\nCTCCTAGG\n+\n#8BCCGGG\n@M1:61:0:1:1101:%d 2:N:0:28\nGATTACA\n+\n#8BCCGG\n' "$i" "$i"
	done >fq
	local want
	for b in 100k 150k -1 -3; do
		xpool -k --pipe-part -a fq --block "$b" --regexp --recend '\n' \
		    --recstart '@.*(/1| 1:.*)\n[A-Za-z\n\.~]' 'echo J; cat' >out
		# Every part starts at a read pair, and together they are the file.
		assert_equal "$(grep -v '^J$' out | cmp - fq && echo same)" same
		assert_equal "$(grep -A1 '^J$' out | grep -c ' 1:N:')" "$(grep -c '^J$' out)"
		if command -v parallel >/dev/null; then
			parallel -k --pipe-part -a fq --block "$b" --regexp --recend '\n' \
			    --recstart '@.*(/1| 1:.*)\n[A-Za-z\n\.~]' 'echo J; cat' >gnu
			cmp out gnu
		fi
	done
	# Only --recstart: cut before it.
	seq 1 20000 | sed 's/^/>/' >fa
	# (GNU parallel's greedy match: the last '>1' in the 128 KiB read.)
	same $'>1\n>19999' \
	    --pipe-part -a fa --block 30k --regexp --recstart '>1' 'head -1'
}

@test "--pipe-part --group-by: parts of whole groups of a sorted file, cut where GNU parallel cuts" {
	printf 'a\t1\na\t2\nb\t3\nb\t4\nb\t5\nc\t6\nd\t7\nd\t8\n' >gb
	same $'J\na\t1\na\t2\nb\t3\nb\t4\nb\t5\nJ\nc\t6\nd\t7\nd\t8' \
	    --pipe-part -a gb --block 10 --group-by 1 'echo J; cat'
	local i
	for ((i = 0; i < 6000; i++)); do
		echo "k$((i / 37)),$i"
	done | sort -t, -k1,1 -s >gb2
	for b in 1k 10k -2; do
		xpool -k --pipe-part -a gb2 --colsep , --block "$b" --group-by 1 'echo J; cat' >out
		# Together the parts are the file; no group is in two parts.
		grep -v '^J$' out | cmp - gb2
		awk '/^J$/ { p++; next } { split($0, f, ","); if ((f[1] in part) && part[f[1]] != p) bad = 1; part[f[1]] = p }
		    END { exit bad }' out || fail "a group is cut in two with --block $b"
		if command -v parallel >/dev/null; then
			parallel -k --pipe-part -a gb2 --colsep , --block "$b" --group-by 1 'echo J; cat' >gnu
			cmp out gnu
		fi
	done
	# A Perl expression after the column: the key it makes (k0 ... k9
	# here, ten groups), cut as GNU parallel cuts.
	xpool -k --pipe-part -a gb2 --colsep , --block 10k \
	    --group-by '1 $_ = substr($_, 0, 2)' 'echo J; cat' >out
	grep -v '^J$' out | cmp - gb2
	awk '/^J$/ { p++; next } { k = substr($0, 1, 2); if ((k in part) && part[k] != p) bad = 1; part[k] = p }
	    END { exit bad || p < 2 }' out || fail "a k0 ... k9 group is cut in two"
	if command -v parallel >/dev/null; then
		parallel -k --pipe-part -a gb2 --colsep , --block 10k \
		    --group-by '1 $_ = substr($_, 0, 2)' 'echo J; cat' >gnu
		cmp out gnu
	fi
	# A column name needs a header line, which parts do not have.
	run -255 --separate-stderr xpool --pipe-part -a gb --group-by name cat
	assert_stderr_contains "xpool: --group-by 'name' with --pipe-part: give the column's number"
}

@test "--pipe-part --recend '': a cut anywhere, every --block bytes" {
	seq 10 >f
	same $'==\n1\n2\n3==\n\n4\n5\n==\n6\n7\n8==\n\n9\n10==' \
	    --pipe-part -a f --block 5 --recend '' 'echo ==; cat'
}

@test "--pipe-part -0: records end with a NUL byte, as with --pipe" {
	printf 'a\0b\0c\0' >z
	run -0 xpool --pipe-part -0 -a z --block 1 'tr "\0" +; echo'
	assert_output $'a+\nb+\nc+'
}

@test "--pipe-part: an empty file runs no job" {
	: >empty
	same '' --pipepart -a empty 'echo ran'
}

@test "--pipe-part: the job log's Send is the bytes of the part" {
	seq 10 >f
	run -0 xpool --pipe-part -a f --block 6 --joblog log cat
	run -0 bash -c "awk -F '\t' 'NR > 1 { print \$1, \$5 }' log | sort -n"
	assert_output $'1 8\n2 8\n3 5'
}

@test "--pipe-part: a job that reads none of its part does not stop the run" {
	seq 300000 >f
	run -0 xpool --pipe-part -a f --block 100k 'echo {#}'
	((${#lines[@]} > 10)) || fail "only ${#lines[@]} jobs"
	assert_line --index 0 1
}

@test "--pipe-part: no -a, standard input, a pipe: refused before any job" {
	seq 3 >f
	run -255 --separate-stderr xpool --pipe-part 'echo ran' <f
	assert_output ''
	assert_stderr_contains "xpool: --pipe-part reads parts of the files -a names; give -a FILE"
	run -255 --separate-stderr xpool --pipe-part -a - 'echo ran' <f
	assert_stderr_contains "does not go with standard input (-a -)"
	run -255 --separate-stderr xpool --pipe-part -a /dev/stdin 'echo ran' < <(seq 3)
	assert_output ''
	assert_stderr_contains "'/dev/stdin' is not a regular file or block device"
	run -255 --separate-stderr xpool --pipe-part -a nosuch 'echo ran'
	assert_stderr_contains "xpool: --pipe-part: cannot open 'nosuch'"
}

@test "--pipe-part does not go with -N, --header, -r" {
	seq 3 >f
	local o
	for o in '-N 1' '--header :' -r '--skip-first-line'; do
		# shellcheck disable=SC2086 # o is an option and its value
		run -255 --separate-stderr xpool --pipe-part -a f $o cat
		assert_stderr_contains "xpool: --pipe-part does not go with"
	done
}

@test "--block -N is only for --pipe-part" {
	run -255 --separate-stderr xpool --pipe --block -2 cat </dev/null
	assert_stderr_contains "xpool: --block -2 (blocks per job slot) is for --pipe-part"
	run -255 --separate-stderr xpool --pipe-part -a /dev/null --block -0 cat
	assert_stderr_contains "xpool: --block '-0'"
}

# ---------------------------------------------------------------- --cat, --fifo

@test "--cat: {} is a file holding the block, removed after the job" {
	seq 10 | xpool -k --pipe -N 4 --cat --tmpdir "$WORK" \
	    'test -f {} && wc -l <{} && echo {} >>names; cat' >out
	assert_equal "$(cat out)" $'4\n4\n2'
	run -0 wc -l <names
	assert_output 3
	local f
	while read -r f; do
		[[ $f == "$WORK"/* ]] || fail "$f is not in --tmpdir"
		[[ ! -e $f ]] || fail "$f is left behind"
	done <names
}

@test "--cat: {} is appended when the command has none, and --cat implies --pipe" {
	seq 3 >in
	run -0 xpool --cat cat <in
	assert_output $'1\n2\n3'
	if command -v parallel >/dev/null; then
		run -0 parallel --cat cat <in
		assert_output $'1\n2\n3'
	fi
	xpool --cat wc -l <in >out
	[[ $(cat out) == "3 $TMPDIR/"* ]] || fail "got: $(cat out)"
}

@test "--cat with --pipe-part: each part in its own file" {
	seq 10 >f
	same $'5\n5' --pipe-part -a f --block 8 --cat 'wc -l <{}'
}

@test "--fifo: {} is a named pipe the command reads the block from" {
	seq 10 | xpool -k --pipe -N 5 --fifo --tmpdir "$WORK" \
	    'test -p {} && echo {} >>names; wc -l <{}' >out
	assert_equal "$(cat out)" $'5\n5'
	local f
	while read -r f; do
		[[ ! -e $f ]] || fail "$f is left behind"
	done <names
	seq 10 >f
	same $'5\n5' --pipe-part -a f --block 8 --fifo 'wc -l <{}'
}

@test "--cat, --fifo: the job's status is the command's" {
	seq 3 >in
	run -1 xpool --cat --joblog log 'cat {} >/dev/null; exit 3' <in
	run -0 awk -F '\t' 'NR == 2 { print $7 }' log
	assert_output 3
	run -1 xpool --fifo --joblog log 'cat {} >/dev/null; exit 4' <in
	run -0 awk -F '\t' 'NR == 2 { print $7 }' log
	assert_output 4
}

@test "--cat and --fifo do not go together" {
	run -255 --separate-stderr xpool --cat --fifo cat </dev/null
	assert_stderr_contains "xpool: --cat and --fifo do not go together"
}

@test "--cat: no temporary file can be made: the job fails, saying why" {
	seq 3 >in
	run -1 --separate-stderr xpool -u --tmpdir "$WORK/none" --cat cat <in
	assert_stderr_contains "xpool: job 1: cannot make its --cat file in '$WORK/none'"
}

@test "--pipe -N: a separator where a block starts ends no record, as GNU parallel counts" {
	printf '\na\n\n\nb\n' >in
	same $'[\n\na\n]\n[\n\n\n]\n[\nb\n]' --pipe -N1 'echo [; cat; echo ]'
	printf 'aSEPSEPbSEP' >in
	same $'[\naSEP]\n[\nSEPbSEP]' --recend SEP --pipe -N1 'echo [; cat; echo ]'
	printf 'SEPa\nSEPb\n' >in
	same $'[\na\n]\n[\nb\n]' --recend SEP --rrs --pipe -N1 'echo [; cat; echo ]'
}

# ---------------------------------------------------------------- --remove-rec-sep

@test "--remove-rec-sep: newlines, or --recend, out of each block" {
	printf 'a\nb\nc\n' >in
	same 'abc.' --pipe --rrs 'cat; echo .'
	printf 'a;b;c;' >in
	same $'ab.\nc.' --pipe --recend ';' -N2 --removerecsep 'cat; echo .'
}

@test "--remove-rec-sep: --recend then --recstart, and --recstart at the start" {
	printf '>a\nx\n>b\ny\n>c\nz\n' >in
	same $'a\nx\nb\ny\n.\nc\nz\n.' \
	    --pipe --recstart '>' -N2 --remove-rec-sep 'cat; echo .'
	same $'a\nxb\ny.\nc\nz.' \
	    --pipe --recstart '>' --recend '\n' -N2 --rrs 'cat; echo .'
}

@test "--remove-rec-sep: an empty --recend takes nothing; --header stays" {
	printf 'a\nb\n' >in
	same $'a.\n\n.\nb.\n\n.' --pipe --recend '' --block 1 --rrs 'cat; echo .'
	printf 'h\na\nb\n' >in
	same $'h\na.\nh\nb.' --pipe --header 1 -N1 --rrs 'cat; echo .'
}

@test "--remove-rec-sep with --regexp: the matches go, as GNU parallel's Perl takes them" {
	echo foo,bar,_baz,__qux, >in
	same $'JOB1\nfoo,barEND\nJOB2\nbazEND\nJOB3\nqux,\nEND' \
	    -N1 --rrs --regexp --recend ,_+ --pipe 'echo JOB{#};cat;echo END'
	printf 'a1\n>b\nc2\n>d\ne\n>f3\n' >in
	same $'J1\na1E\nJ2\n\nc2E\nJ3\n\neE\nJ4\n3E' \
	    -N1 --rrs --regexp --recend '\n' --recstart '>[a-z]' --pipe \
	    'echo J{#};cat;echo E'
	same $'J1\naE\nJ2\n>b\ncE\nJ3\n>d\ne\n>fE' \
	    -N1 --rrs --regexp --recend '[0-9]\n' --pipe 'echo J{#};cat;echo E'
}

@test "--remove-rec-sep: not with --pipe-part, or without --pipe" {
	seq 3 >in
	run -255 --separate-stderr xpool --pipe-part -a in --rrs cat
	assert_stderr_contains "xpool: --pipe-part does not go with --remove-rec-sep"
	run -255 --separate-stderr xpool --rrs echo ::: a
	assert_stderr_contains "xpool: --remove-rec-sep is for --pipe"
}

# ---------------------------------------------------------------- --round-robin

# jobs_and_lines: from a job log and the jobs' wc -l lines in out: how many
# jobs ran, and how many lines they were given in all.
jobs_and_lines() {
	echo "$(($(wc -l <log) - 1)) $(awk '{ s += $1 } END { print s }' out)"
}

@test "--round-robin: -j jobs in all, the blocks spread over them" {
	seq 100000 >in
	xpool -j 3 --pipe --round-robin --block 10k --joblog log 'wc -l' <in >out
	run -0 jobs_and_lines
	assert_output '3 100000'
	if command -v parallel >/dev/null; then
		parallel -j 3 --pipe --round-robin --block 10k --joblog log \
		    'wc -l' <in >out
		run -0 jobs_and_lines
		assert_output '3 100000'
	fi
}

@test "--round-robin: the blocks put together are the input, exactly" {
	seq 300000 >in
	xpool -j 2 --round --block 10k 'cat >"$WORK/rr.{%}"' <in
	cat rr.1 rr.2 | sort -n | cmp - in
}

@test "--round-robin: fewer blocks than slots start fewer jobs" {
	seq 3 >in
	run -0 xpool -j 5 --round-robin -N 1 --joblog log 'echo {#}: $(cat)' <in
	assert_output $'1: 1\n2: 2\n3: 3'
	run -0 wc -l <log
	assert_output 4
}

@test "--round-robin implies --pipe; with --pipe-part one part per slot" {
	seq 10 >in
	run -0 xpool -j 2 --round-robin 'wc -l' <in
	assert_output 10
	seq 100 >f
	same $'53\n47' -j 2 --pipe-part -a f --round-robin --block 1 'wc -l'
}

@test "--round-robin does not go with --retries, --cat, --fifo" {
	local o
	for o in '--retries 2' --cat --fifo; do
		# shellcheck disable=SC2086 # o is an option and its value
		run -255 --separate-stderr xpool --round-robin $o cat </dev/null
		assert_stderr_contains "xpool: --round-robin does not go with ${o% *}"
	done
}

# ---------------------------------------------------------------- --block-timeout

# The rest of the input is written only once the first job has run, so a
# block that waits for it would wait for ever (the guard ends it then).
@test "--block-timeout: a block slow to come goes with the records at hand" {
	local cmd
	for cmd in xpool parallel; do
		[[ $cmd == xpool ]] || command -v parallel >/dev/null || break
		rm -f marker
		run -0 timeout "$GUARD" bash -c '{ seq 3
		    while [ ! -e marker ]; do sleep 0.1; done; seq 4 6; } |
		    "$1" -k --pipe --bt 1 "touch marker; wc -l"' _ "$cmd"
		assert_output $'3\n3'
	done
}

@test "--block-timeout: a record not yet ended waits for its end" {
	run -0 timeout "$GUARD" bash -c '{ printf "x;y;z"
	    while [ ! -e marker ]; do sleep 0.1; done; printf "w;"; } |
	    xpool -k --pipe --recend ";" --blocktimeout 0.5 "touch marker; cat; echo"'
	assert_output $'x;y;\nzw;'
}

@test "--block-timeout: more than 0, for --pipe only" {
	run -255 --separate-stderr xpool --pipe --bt 0 cat </dev/null
	assert_stderr_contains "xpool: --block-timeout '0': must be more than 0"
	run -255 --separate-stderr xpool --bt 1 echo ::: a
	assert_stderr_contains "xpool: --block-timeout is for --pipe"
	seq 3 >f
	run -255 --separate-stderr xpool --pipe-part -a f --bt 1 cat
	assert_stderr_contains "xpool: --pipe-part does not go with --block-timeout"
}
