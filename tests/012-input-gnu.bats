#!/usr/bin/env bats
# shellcheck disable=SC1083,SC2016,SC2030,SC2031,SC2154
# (SC1083: {} {1} ... are xpool replacement strings; SC2016: $ in single
# quotes is for the job's shell; SC2030/SC2031/SC2154: bats runs each test in a
# subshell and sets $stderr and $lines.)
# 012-input-gnu: input behaviours taken from GNU parallel: -r, -n 0, -m
# with -n, --header N and REGEX, --recend/--recstart strings.
#
# Each test states the expected output; where GNU parallel is installed, it
# is run on the same input and must give the same.

load helpers

# same WANT ARG...: xpool -k ARG... < in prints WANT (and exits 0, saying
# nothing on standard error); so does GNU parallel where it is installed.
same() {
	local want=$1
	shift
	run -0 --separate-stderr xpool -k "$@" <in
	assert_output "$want"
	assert_stderr_empty
	if command -v parallel >/dev/null; then
		run -0 --separate-stderr parallel -k "$@" <in
		assert_output "$want"
	fi
}

# ---------------------------------------------------------------- -r

@test "-r skips empty items and items of white space only" {
	printf 'a\n\nb\n \n\t\n\r\n' >in
	same $'xay\nxby' -r echo x{}y
}

@test "without -r an empty line is an empty item" {
	printf 'a\n\nb\n' >in
	same $'xay\nxy\nxby' echo x{}y
}

@test "-r drops blank items from each ::: source before they combine" {
	: >in
	same $'a-b\na-c' -r echo {1}-{2} ::: '' a ' ' ::: b '' c
}

@test "-r drops blank items from a :::: file and from -a" {
	printf 'one\n  \n\ntwo\n' >items
	: >in
	same $'one\ntwo' -r echo :::: items
	same $'one\ntwo' -r -a items echo
}

@test "-r with -n counts only the items that are left" {
	printf 'a\n\nb\n \nc\n' >in
	same $'a b\nc' -r -n 2 echo
}

@test "-r that leaves a --link source empty runs nothing (and does not crash)" {
	run -0 --separate-stderr xpool -r --link echo ::: '' ::: a b
	assert_output ''
	: >empty
	run -0 --separate-stderr xpool --link echo :::: empty ::: a b
	assert_output ''
	assert_stderr_empty
}

@test "-r --header: a blank header line still names, and --bar counts right" {
	printf '\na\n\nb\n' >items
	run -0 --separate-stderr xpool -r --header : --bar echo :::: items
	assert_output $'a\nb'
	[[ $stderr == *'2/2'* ]] || fail "bar: $stderr"
}

@test "-r with input of blank lines only runs nothing" {
	printf '\n  \n\n' >in
	same '' -r echo ran
}

@test "-r with -0: an item of newlines and blanks is skipped" {
	printf 'a\0\n \n\0b\0' >in
	same $'a\nb' -r -0 echo
}

@test "-r counts the items it keeps for --chunksize auto" {
	# 8 items and 4 blank lines: 2 a job (3 if the blank ones counted).
	printf 'a\n\nb\nc\n \nd\ne\n\nf\ng\n\t\nh\n' >items
	run -0 --separate-stderr xpool -j1 -r --chunksize auto echo :::: items
	assert_output $'a b\nc d\ne f\ng h'
}

@test "--pipe -r takes lines of white space out before the blocks are cut" {
	printf 'a\n\n \nb\n  c\n\n' >in
	same $'a\nb\n==\n  c\n==' -r --pipe -N 2 'cat; echo =='
	same $'a\n==\nb\n==\n  c\n==' -r --pipe -N 1 'cat; echo =='
}

@test "--pipe -r: input of blank lines only runs nothing" {
	printf '\n \t \n\n' >in
	same '' -r --pipe 'echo ran'
}

# ---------------------------------------------------------------- -n 0

@test "-n 0 runs the command once per item, with no item in it" {
	: >in
	same $'x\nx\nx' -n 0 echo x ::: a b c
	run -0 --separate-stderr xpool -n 0 "$SHOWARGS" x ::: a b
	assert_output $'x|\nx|'
}

@test "-N 0: the replacement strings for items are empty; {#} is not" {
	: >in
	same $'x 1\nx 2' -N 0 echo x {} {1} {#} ::: a b
	same $'[]\n[]' -N 0 'echo "[{}{1}{.}]"' ::: a b
	run -0 --separate-stderr xpool -N 0 "$SHOWARGS" x {} {/} y ::: a
	assert_output 'x|y|'
}

@test "-n 0 with standard input: one job a line, one for each source combination" {
	printf 'a\nb\n' >in
	same $'y\ny' -n 0 echo y
	: >in
	same $'y\ny\ny\ny' -n 0 echo y ::: a b ::: c d
}

@test "-n 0 --dry-run prints what GNU parallel prints" {
	: >in
	same $'echo x \necho x ' -n 0 --dry-run echo x ::: a b
	same $'echo x   1' -N 0 --dry-run echo x {} {1} {#} ::: a
}

@test "-n 0 runs items with a NUL byte in them too" {
	printf 'a\0b\nc\n' >in
	run -0 --separate-stderr xpool -n 0 echo hi <in
	assert_output $'hi\nhi'
}

@test "-n 0 --tag: an empty tag, still followed by a TAB" {
	: >in
	same $'\thi\n\thi' -n 0 --tag echo hi ::: a b
}

@test "--tag with an empty item puts a TAB before each line" {
	: >in
	same $'\thi\na\thia' --tag echo hi{} ::: '' a
}

@test "--pipe -N 0 cuts blocks by --block, as GNU parallel does" {
	seq 3 >in
	same '3' --pipe -N 0 'wc -l'
}

@test "-n 0 does not go with -m, -X or --worker: exit 255" {
	run -255 --separate-stderr xpool -m -n 0 echo ::: a
	assert_stderr_contains "xpool: -m puts as many items into a command as fit, and -n 0 none; give one of them"
	run -255 --separate-stderr xpool -N 0 -X echo ::: a
	assert_stderr_contains "xpool: -X puts as many items into a command as fit, and -N 0 none; give one of them"
	run -255 --separate-stderr xpool --worker -n 0 cat ::: a
	assert_stderr_contains "xpool: --worker does not go with -n 0 (a worker is sent items)"
	run -255 --separate-stderr xpool -n -1 echo ::: a
	assert_stderr_contains "xpool: -n '-1': must not be negative; give a whole number"
}

# ---------------------------------------------------------------- -m with -n

@test "-m -n N: as many as fit, but no more than N" {
	: >in
	same $'a b\nc d\ne' -j1 -m -n 2 echo ::: a b c d e
	same $'a b c\nd e' -j1 -m -n 3 echo ::: a b c d e
}

@test "-X -n N repeats the word around {} for at most N items" {
	: >in
	same $'xay xby\nxcy xdy\nxey' -j1 -X -n 2 echo x{}y ::: a b c d e
}

@test "-m -N N: {1} to {N} of at most N items" {
	: >in
	same $'a-b\nc-d\ne-' -j1 -m -N 2 echo {1}-{2} ::: a b c d e
}

@test "-m -n N still splits a job at the argument limit" {
	# About 4 MB of items: more than the limit allows in one command.
	seq -f '%020g' 1 200000 >in
	printf '#!/bin/sh\necho $#\n' >count
	chmod +x count
	run -0 --separate-stderr xpool -j1 -m -n 1000000 ./count <in
	assert_stderr_empty
	((${#lines[@]} >= 2))
	sum=0
	for l in "${lines[@]}"; do sum=$((sum + l)); done
	[[ $sum -eq 200000 ]]
}

# ---------------------------------------------------------------- --header

@test "--header N and --header REGEX take one line of names, as --header :" {
	printf 'a\tb\n1\t2\n3\t4\n' >h.tsv
	: >in
	same $'1 2\n3 4' --header : echo {a} {b} :::: h.tsv
	same $'1 2\n3 4' --header 2 echo {a} {b} :::: h.tsv
	same $'1 2\n3 4' --header 'zz' echo {a} {b} :::: h.tsv
}

@test "--header without --colsep splits at tabs, names and items alike" {
	printf 'a\tb\n1\t2\n' >in
	same '2-1' --header : echo {b}-{a}
	same '1' --header : echo {1}
}

@test "--header with --colsep splits at --colsep" {
	printf 'a,b\n1,2\n' >in
	same '2 1' --header : --colsep , echo {b} {a}
}

@test "--header 0 names a file's source by the file's name" {
	printf 'x\ny\n' >a.txt
	printf '1\n2\n' >b.txt
	: >in
	same $'x-1\ny-2' --header 0 --link echo {a.txt}-{b.txt} :::: a.txt b.txt
	printf 'p\tq\n' >t.txt
	same 'p' --header 0 echo {t.txt} :::: t.txt
}

@test "--pipe --header : puts the first line before every block" {
	printf 'h1\nh2\n1\n2\n3\n' >in
	same $'h1\nh2\n==\nh1\n1\n==\nh1\n2\n==\nh1\n3\n==' \
	    --pipe --header : -N 1 'cat; echo =='
}

@test "--pipe --header N: the first N lines" {
	printf 'h1\nh2\n1\n2\n3\n' >in
	same $'h1\nh2\n1\n2\n==\nh1\nh2\n3\n==' \
	    --pipe --header 2 -N 2 'cat; echo =='
}

@test "--pipe --header REGEX: what it matches at the start of the input" {
	printf 'h1\nh2\n1\n2\n' >in
	same $'h1\nh2\n1\n==\nh1\nh2\n2\n==' \
	    --pipe --header '(h.\n)+' -N 1 'cat; echo =='
	same $'h1\nh2\n==\nh1\n1\n==\nh1\n2\n==' \
	    --pipe --header 'h\d\n' -N 1 'cat; echo =='
}

@test "--pipe --header REGEX that does not match at the start: no header" {
	printf 'a\nb\n' >in
	same $'a\n==\nb\n==' --pipe --header 'b\n' -N 1 'cat; echo =='
}

@test "--pipe --header with blocks by size: every block starts with it" {
	{
		echo head
		seq 100000
	} >in
	run -0 --separate-stderr xpool --pipe --header : --block 100k \
	    'head -n 1; wc -l' <in
	assert_stderr_empty
	((${#lines[@]} > 4))
	for ((i = 0; i < ${#lines[@]}; i += 2)); do
		[[ ${lines[i]} == head ]] || fail "block $i: ${lines[i]}"
	done
}

@test "--pipe --header with a regex that is none: exit 255" {
	run -255 --separate-stderr xpool --pipe --header '(' cat </dev/null
	assert_stderr_contains "xpool: --header '(': "
}

# ---------------------------------------------------------------- records

@test "--pipe --recend with a string of several bytes" {
	printf 'a;;b;;c;;d' >in
	same $'a;;\nb;;\nc;;\nd' --pipe --recend ';;' -N 1 'cat; echo'
	same $'a;;b;;\nc;;d' --pipe --recend ';;' -N 2 'cat; echo'
}

@test "--pipe --recend: GNU parallel's escapes in a string" {
	printf 'a\\nb' >in
	same $'a\\n==\nb==' --pipe --recend '\\n' -N 1 'cat; echo =='
	printf 'a\t\tb\t\tc' >in
	same $'a\t\t|\nb\t\t|\nc|' --pipe --recend '\t\t' -N 1 'cat; echo "|"'
}

@test "--pipe --recstart alone: records start with it, anywhere" {
	printf 'a\n>b\nx>y\n>c\n' >in
	same $'a\n==\n>b\nx==\n>y\n==\n>c\n==' \
	    --pipe --recstart '>' -N 1 'cat; echo =='
}

@test "--pipe --recstart with --recend: both must match" {
	printf 'a\n>b\nx>y\n>c\n' >in
	same $'a\n==\n>b\nx>y\n==\n>c\n==' \
	    --pipe --recstart '>' --recend '\n' -N 1 'cat; echo =='
	printf 'xAAyAAz' >in
	same $'xA\nAyAAz' --pipe --recend A --recstart Ay -N 1 'cat; echo'
}

@test "--pipe --recend '': blocks of exactly --block bytes, or -N bytes" {
	seq 10 >in
	same $'1\n2\n3|\n\n4\n5\n|\n6\n7\n8|\n\n9\n10|\n\n|' \
	    --pipe --recend '' --block 5 'cat; echo "|"'
	printf 'abcdefg' >in
	same $'ab\ncd\nef\ng' --pipe --recend '' -N 2 'cat; echo'
}

@test "--pipe --regexp: --recend and --recstart are regular expressions" {
	printf 'a1b22c333d' >in
	same $'a1\nb22\nc333\nd' --pipe --regexp --recend '[0-9]+' -N 1 'cat; echo'
	printf 'r1\nxx\nr2\nyy\n' >in
	same $'r1\nxx\n==\nr2\nyy\n==' \
	    --pipe --regexp --recstart 'r\d' -N 1 'cat; echo =='
	same $'r1\nxx\n==\nr2\nyy\n==' \
	    --pipe --regexp --recstart '^r' --recend '\n' -N 1 'cat; echo =='
	printf 'abc' >in
	same $'a\nb\nc' --pipe --regexp --recend '' -N 1 'cat; echo'
}

@test "--pipe with a --recend string: blocks by size hold whole records" {
	seq 1000000 | sed 's/$/;;/' | tr -d '\n' >in
	run -0 --separate-stderr xpool -k --pipe --recend ';;' --block 1M \
	    'tail -c 2; echo' <in
	assert_stderr_empty
	((${#lines[@]} > 5))
	for l in "${lines[@]}"; do [[ $l == ';;' ]] || fail "block ends '$l'"; done
	run -0 --separate-stderr xpool -k --pipe --recend ';;' --block 1M \
	    'cat' <in
	[[ $output == "$(cat in)" ]]
}

@test "--pipe with a --recend string: a record past --max-record stops it" {
	printf 'aa;;bbbbbbbbbbbbbbbb;;c' >in
	run -255 --separate-stderr xpool --pipe --recend ';;' --max-record 10 \
	    -N 1 'cat; echo' <in
	assert_output 'aa;;'
	assert_stderr_contains 'longer than --max-record 10'
}

@test "--recstart and --regexp are for --pipe; a bad regex stops xpool" {
	run -255 --separate-stderr xpool --recstart '>' echo ::: a
	assert_stderr_contains 'xpool: --recstart is for --pipe'
	run -255 --separate-stderr xpool --regexp echo ::: a
	assert_stderr_contains 'xpool: --regexp is for --pipe'
	run -255 --separate-stderr xpool --pipe --regexp --recend '(' cat </dev/null
	assert_stderr_contains "xpool: --recend '(': "
}

# ---------------------------------------------------------------- --xargs

@test "--xargs fills each command, at any -j, as GNU parallel's does" {
	: >in
	same 'a b c d e' -j2 --xargs echo ::: a b c d e
	same 'xa b cy' -j2 --xargs echo x{}y ::: a b c
	same 'a b c a b c' -j2 --xargs echo {} {} ::: a b c
	same $'a b\nc' -j2 --xargs -n 2 echo ::: a b c
}

# ---------------------------------------------------------------- --skip-first-line

@test "--skip-first-line drops the first item of the first source" {
	printf 'a\nb\nc\n' >in
	same $'b\nc' --skip-first-line echo
	printf 'a,b,c' >in
	same $'b\nc' -d , --skip-first-line echo
	printf 'a\nb\nc\n' >abc
	: >in
	same $'b\nc' --skip-first-line echo :::: abc
	same $'b\nc' --skip-first-line -a abc echo
	same $'y a\ny b\ny c' --skip-first-line echo ::: x y :::: abc
}

@test "--skip-first-line goes before --header and -r" {
	printf 'h\nx\ta\ny\tb\n' >in
	same 'y' --skip-first-line --header : echo {x}
	printf '\na\n\nb\n' >in
	same $'a\nb' -r --skip-first-line echo
}

@test "--pipe --skip-first-line drops the first line, then --header" {
	printf 'a\nb\nc\n' >in
	same $'b\n==\nc\n==' --skip-first-line --pipe -N 1 'cat; echo =='
	printf 'skip\nhead\n1\n2\n' >in
	same $'head\n1\n==\nhead\n2\n==' \
	    --skip-first-line --pipe --header : -N 1 'cat; echo =='
}

@test "--skip-first-line: --bar counts the items left" {
	printf 'h\na\nb\nc\n' >items
	run -0 --separate-stderr xpool --skip-first-line --bar echo :::: items
	assert_output $'a\nb\nc'
	[[ $stderr == *'3/3'* ]] || fail "bar: $stderr"
}

@test "--pipe --header N: fewer lines than N is no header; past --max-record, exit 255" {
	printf 'a\nb\n' >in
	same $'a\nb' --pipe --header 3 cat
	printf 'aaaaaaaaaaaaaaaaaaaaaa\nb\n' >in
	run -255 --separate-stderr xpool --pipe --header 1 --max-record 10 cat <in
	assert_output ''
	assert_stderr_contains 'longer than --max-record 10'
}

# ---------------------------------------------------------------- --csv
# GNU parallel's --csv needs the Perl module Text::CSV, which may not be
# installed: these tests state the output GNU parallel's manual gives.

@test "--csv: quoted fields keep their commas, \"\" is a quote" {
	echo '"1 big, 2 small","2""x4"" plank",12.34' >in
	run -0 --separate-stderr xpool --csv echo {1} of {2} at {3} <in
	assert_output '1 big, 2 small of 2"x4" plank at 12.34'
	assert_stderr_empty
}

@test "--csv --colsep: a quoted field may hold newlines" {
	{
		echo '"Start of field 1 with newline'
		echo 'Line 2 in field 1";value 2'
		echo 'a;b'
	} >in
	run -0 --separate-stderr xpool -k --csv --colsep ';' \
	    "$SHOWARGS" {1} {2} <in
	assert_output $'Start of field 1 with newline\nLine 2 in field 1|value 2|\na|b|'
}

@test "--csv with ::: items and :::: files, and --header" {
	run -0 --separate-stderr xpool -k --csv "$SHOWARGS" {2} {1} \
	    ::: 'x,"y,z"' '"q",'
	assert_output $'y,z|x|\n|q|'
	printf 'name,age\n"Smith, J",42\n"Doe\nJ",7\n' >people.csv
	run -0 --separate-stderr xpool -k --csv --header : "$SHOWARGS" {name} {age} \
	    :::: people.csv
	assert_output $'Smith, J|42|\nDoe\nJ|7|'
}

@test "--csv: --bar counts records, not lines" {
	printf 'a,"b\nc"\nd,e\n' >c.csv
	run -0 --separate-stderr xpool -k --csv --bar echo {2} :::: c.csv
	assert_output $'b\nc\ne'
	[[ $stderr == *'2/2'* ]] || fail "bar: $stderr"
}

@test "--csv: a malformed record fails its job, the others run" {
	printf 'a,b"c"\nd,e\n' >in
	run -1 --separate-stderr xpool -k --csv echo {2} <in
	assert_output 'e'
	assert_stderr_contains 'xpool: input item 1 is not valid CSV'
}

@test "--csv: --colsep of more than a character, or with --pipe: exit 255" {
	run -255 --separate-stderr xpool --csv --colsep ab echo ::: a
	assert_stderr_contains "xpool: --csv: --colsep 'ab' is not one character"
	run -255 --separate-stderr xpool --csv --pipe cat </dev/null
	assert_stderr_contains 'does not go with --csv'
	run -255 --separate-stderr xpool --csv -d '"' echo ::: a
	assert_stderr_contains "xpool: --csv: '\"' quotes fields"
	run -255 --separate-stderr xpool --csv --colsep '"' echo ::: a
	assert_stderr_contains "xpool: --csv: '\"' quotes fields"
}

# ---------------------------------------------------------------- --total-jobs

@test "--total-jobs N: the total --bar and {##} show, input not counted" {
	seq 3 >in
	same $'10\n10\n10' --total-jobs 10 --plus echo '{##}'
	run -0 --separate-stderr xpool --total 10 --bar echo <in
	assert_output $'1\n2\n3'
	[[ $stderr == *'3/10'* ]] || fail "bar: $stderr"
	run -0 --separate-stderr xpool --total-jobs 10 --progress echo <in
	[[ $stderr == *'Done: 3/10'* ]] || fail "progress: $stderr"
}

@test "--total-jobs: from a slow source, the first job runs before the input ends" {
	# {##} would read standard input whole first; --total-jobs does not.
	# The second item comes only once the first job has run (or, if it
	# never does, after a generous wait, noted in "late").
	run -0 --separate-stderr bash -c '
	    { echo a
	      for _ in $(seq 300); do [[ -e ran ]] && break; sleep 0.1; done
	      [[ -e ran ]] || touch late
	      echo b; } |
	        xpool -k --total-jobs 2 --plus "touch ran; echo {} {##}"'
	assert_output $'a 2\nb 2'
	[[ ! -e late ]] || fail "the first job waited for the end of the input"
	run -255 --separate-stderr xpool --total-jobs 0 echo ::: a
	assert_stderr_contains 'xpool: --total-jobs'
}
