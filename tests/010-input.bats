#!/usr/bin/env bats
# shellcheck disable=SC1083,SC2016,SC2030,SC2031,SC2154,SC1003,SC2012
# (SC1083: {} {1} ... are xpool replacement strings; SC2016: $ in single
# quotes is for the job's shell; SC2030/SC2031/SC2154: bats runs each test in a
# subshell and sets $stderr and $lines.)
# 010-input: where items come from and how they are cut.
#
# Most tests run "$SHOWARGS" with -j1 where the job count does not matter;
# output is in input order anyway, so the expected text is exact.

load helpers

# ---------------------------------------------------------------- sources

@test "standard input: one item per line" {
	run -0 --separate-stderr xpool "$SHOWARGS" < <(printf 'a\nb c\nd\n')
	assert_output $'a|\nb c|\nd|'
	assert_stderr_empty
}

@test "-a FILE reads items from FILE" {
	printf 'one\ntwo\n' >items
	run -0 --separate-stderr xpool -a items "$SHOWARGS" </dev/null
	assert_output $'one|\ntwo|'
	assert_stderr_empty
}

@test "--arg-file FILE is -a FILE" {
	printf 'one\n' >items
	run -0 --separate-stderr xpool --arg-file items "$SHOWARGS" </dev/null
	assert_output 'one|'
	assert_stderr_empty
}

@test "-a - reads standard input" {
	run -0 --separate-stderr xpool -a - "$SHOWARGS" < <(printf 's1\ns2\n')
	assert_output $'s1|\ns2|'
	assert_stderr_empty
}

@test "::: ITEM... gives the items on the command line" {
	run -0 --separate-stderr xpool "$SHOWARGS" ::: 'a b' '' c
	assert_output $'a b|\n|\nc|'
	assert_stderr_empty
}

@test "::: items are not read from standard input" {
	run -0 --separate-stderr xpool "$SHOWARGS" ::: x < <(printf 'stdin\n')
	assert_output 'x|'
}

@test "a ::: item holding a newline is one item" {
	run -0 --separate-stderr xpool "$SHOWARGS" ::: $'a\nb' c
	assert_output $'a\nb|\nc|'
	assert_stderr_empty
}

@test ":::: FILE... reads items from each file, as sources of a product" {
	printf 'a\nb\n' >f1
	printf '1\n2\n' >f2
	run -0 --separate-stderr xpool "$SHOWARGS" :::: f1 f2 </dev/null
	assert_output $'a|1|\na|2|\nb|1|\nb|2|'
	assert_stderr_empty
}

@test ":::: with no file after it: exit 255 and a message" {
	run -255 --separate-stderr xpool "$SHOWARGS" :::: </dev/null
	assert_output ''
	assert_messages_prefixed
	assert_stderr_contains '::::'
}

# ---------------------------------------------------------------- products

@test "two ::: sources: cartesian product, first source slowest" {
	run -0 --separate-stderr xpool "$SHOWARGS" ::: a b ::: 1 2
	assert_output $'a|1|\na|2|\nb|1|\nb|2|'
	assert_stderr_empty
}

@test "three sources: first slowest, last fastest" {
	run -0 --separate-stderr xpool "$SHOWARGS" ::: a b ::: 1 2 ::: x y
	assert_output "$(printf '%s\n' 'a|1|x|' 'a|1|y|' 'a|2|x|' 'a|2|y|' \
	    'b|1|x|' 'b|1|y|' 'b|2|x|' 'b|2|y|')"
}

@test "the product order is GNU parallel's" {
	command -v parallel >/dev/null || skip "GNU parallel is not installed"
	local want
	want=$(parallel --will-cite -k -j1 echo ::: a b c ::: 1 2 ::: x y)
	run -0 --separate-stderr xpool echo ::: a b c ::: 1 2 ::: x y
	assert_output "$want"
}

@test "-a files come first, then the ::: groups" {
	printf 'f1\nf2\n' >items
	run -0 --separate-stderr xpool -a items "$SHOWARGS" ::: x y </dev/null
	assert_output $'f1|x|\nf1|y|\nf2|x|\nf2|y|'
	assert_stderr_empty
}

@test "two -a files combine as a product" {
	printf 'a\nb\n' >f1
	printf '1\n2\n' >f2
	run -0 --separate-stderr xpool -a f1 -a f2 "$SHOWARGS" </dev/null
	assert_output $'a|1|\na|2|\nb|1|\nb|2|'
}

@test "-a - with another source: standard input is the first source" {
	run -0 --separate-stderr xpool -a - "$SHOWARGS" ::: 1 2 < <(printf 'a\nb\n')
	assert_output $'a|1|\na|2|\nb|1|\nb|2|'
}

@test "an empty source makes the product empty: no jobs, exit 0" {
	: >empty
	run -0 --separate-stderr xpool "$SHOWARGS" ::: a b :::: empty </dev/null
	assert_output ''
	assert_stderr_empty
}

# ---------------------------------------------------------------- linking

@test "--link pairs the sources up" {
	run -0 --separate-stderr xpool --link "$SHOWARGS" ::: a b c ::: 1 2 3
	assert_output $'a|1|\nb|2|\nc|3|'
	assert_stderr_empty
}

@test "--link: a shorter source wraps around (GNU parallel)" {
	run -0 --separate-stderr xpool --link "$SHOWARGS" ::: a b c ::: 1 2
	assert_output $'a|1|\nb|2|\nc|1|'
	assert_stderr_empty
}

@test "--link: the wrap-around is GNU parallel's" {
	command -v parallel >/dev/null || skip "GNU parallel is not installed"
	local want
	want=$(parallel --will-cite -k -j1 --link echo ::: a b c d e ::: 1 2 ::: x y z)
	run -0 --separate-stderr xpool --link echo ::: a b c d e ::: 1 2 ::: x y z
	assert_output "$want"
}

@test ":::+ pairs a source with the one before it" {
	run -0 --separate-stderr xpool "$SHOWARGS" ::: a b c :::+ 1 2 3
	assert_output $'a|1|\nb|2|\nc|3|'
	assert_stderr_empty
}

@test ":::+ then ::: : the linked pair is one source of the product" {
	run -0 --separate-stderr xpool "$SHOWARGS" ::: a b :::+ 1 2 ::: x y
	assert_output $'a|1|x|\na|1|y|\nb|2|x|\nb|2|y|'
	assert_stderr_empty
}

@test "::::+ pairs a file with the source before it" {
	printf '1\n2\n' >nums
	run -0 --separate-stderr xpool "$SHOWARGS" ::: a b ::::+ nums </dev/null
	assert_output $'a|1|\nb|2|'
	assert_stderr_empty
}

@test ":::+ with no source before it: exit 255 and a message" {
	run -255 --separate-stderr xpool "$SHOWARGS" :::+ a b
	assert_output ''
	assert_messages_prefixed
	assert_stderr_contains ':::+'
}

# ---------------------------------------------------------------- separators

@test "-0: NUL-separated items; a newline is part of an item" {
	run -0 --separate-stderr xpool -0 "$SHOWARGS" < <(printf 'a b\0c\nd\0e\0')
	assert_output $'a b|\nc\nd|\ne|'
	assert_stderr_empty
}

@test "--null is -0, and the last item needs no final NUL" {
	run -0 --separate-stderr xpool --null "$SHOWARGS" < <(printf 'x\0y')
	assert_output $'x|\ny|'
}

@test "-0 applies to -a files" {
	printf 'p q\0r\n' >items
	run -0 --separate-stderr xpool -0 -a items "$SHOWARGS" </dev/null
	assert_output $'p q|\nr\n|'
}

@test "-d C: a one-character delimiter" {
	run -0 --separate-stderr xpool -d , "$SHOWARGS" < <(printf 'a,b c,d\ne')
	assert_output $'a|\nb c|\nd\ne|'
	assert_stderr_empty
}

@test "-d '\\t' is a tab" {
	run -0 --separate-stderr xpool -d '\t' "$SHOWARGS" < <(printf 'a\tb')
	assert_output $'a|\nb|'
}

@test "-d '\\n' is a newline" {
	run -0 --separate-stderr xpool -d '\n' "$SHOWARGS" < <(printf 'a\nb\n')
	assert_output $'a|\nb|'
}

@test "-d '\\0' is -0" {
	run -0 --separate-stderr xpool -d '\0' "$SHOWARGS" < <(printf 'a\nb\0c\0')
	assert_output $'a\nb|\nc|'
}

@test "-d '\\r' is a carriage return" {
	run -0 --separate-stderr xpool -d '\r' "$SHOWARGS" < <(printf 'a\rb')
	assert_output $'a|\nb|'
}

@test "-d '\\\\' is a backslash" {
	run -0 --separate-stderr xpool -d '\\' "$SHOWARGS" < <(printf 'a\\b')
	assert_output $'a|\nb|'
}

@test "-d '\\x3a' and -d '\\072' are ':'" {
	run -0 --separate-stderr xpool -d '\x3a' "$SHOWARGS" < <(printf 'a:b')
	assert_output $'a|\nb|'
	run -0 --separate-stderr xpool -d '\072' "$SHOWARGS" < <(printf 'c:d')
	assert_output $'c|\nd|'
}

@test "--delimiter is -d" {
	run -0 --separate-stderr xpool --delimiter=: "$SHOWARGS" < <(printf 'a:b')
	assert_output $'a|\nb|'
}

@test "-d with more than one character: exit 255 and a message" {
	run -255 --separate-stderr xpool -d ab "$SHOWARGS" </dev/null
	assert_output ''
	assert_messages_prefixed
	assert_stderr_contains "-d 'ab'"
}

@test "-d with an unknown escape or an empty value: exit 255" {
	run -255 --separate-stderr xpool -d '\q' "$SHOWARGS" </dev/null
	assert_messages_prefixed
	run -255 --separate-stderr xpool -d '' "$SHOWARGS" </dev/null
	assert_messages_prefixed
	run -255 --separate-stderr xpool -d '\x100' "$SHOWARGS" </dev/null
	assert_messages_prefixed
}

@test "-0 and -d override each other: the last one counts" {
	run -0 --separate-stderr xpool -d , -0 "$SHOWARGS" < <(printf 'a,b\0c\0')
	assert_output $'a,b|\nc|'
	run -0 --separate-stderr xpool -0 -d , "$SHOWARGS" < <(printf 'a\nb,c')
	assert_output $'a\nb|\nc|'
}

# ---------------------------------------------------------------- columns

@test "--colsep splits an item into columns {1} {2}" {
	run -0 --separate-stderr xpool --colsep , "$SHOWARGS" {2} {1} < <(printf 'a,b\nc,d\n')
	assert_output $'b|a|\nd|c|'
	assert_stderr_empty
}

@test "--colsep: {} is every column, each one argument" {
	run -0 --separate-stderr xpool --colsep , "$SHOWARGS" {} < <(printf 'a b,c\n')
	assert_output 'a b|c|'
}

@test "--colsep: no replacement string appends every column" {
	run -0 --separate-stderr xpool --colsep , "$SHOWARGS" < <(printf 'a,b\n')
	assert_output 'a|b|'
}

@test "--colsep takes a regular expression" {
	run -0 --separate-stderr xpool --colsep '[,;]+' "$SHOWARGS" {3} {1} {2} < <(printf 'a,;b;c\n')
	assert_output 'c|a|b|'
}

@test "--colsep '\\t' splits at tabs" {
	run -0 --separate-stderr xpool --colsep '\t' "$SHOWARGS" {2} < <(printf 'a b\tc d\n')
	assert_output 'c d|'
}

@test "--colsep with a plain string splits at that string" {
	run -0 --separate-stderr xpool --colsep '::' "$SHOWARGS" < <(printf 'a::b:c\n')
	assert_output 'a|b:c|'
}

@test "--colsep: a missing column is empty (a word of its own vanishes, as in GNU parallel)" {
	run -0 --separate-stderr xpool --colsep , "$SHOWARGS" {1} {3} x{3}y < <(printf 'a,b\n')
	assert_output 'a|xy|'
}

@test "--colsep: empty columns are kept" {
	run -0 --separate-stderr xpool --colsep , "$SHOWARGS" {} < <(printf ',b,\n')
	assert_output '|b||'
}

@test "--colsep with several sources: {N} counts over all the job's values" {
	run -0 --separate-stderr xpool --colsep , "$SHOWARGS" {3} {2} {1} ::: a,b ::: c
	assert_output 'c|b|a|'
}

# ---------------------------------------------------------------- header

@test "--header : names the columns from the first line" {
	run -0 --separate-stderr xpool --colsep , --header : "$SHOWARGS" {age} {name} \
	    < <(printf 'name,age\nbob,3\nann,5\n')
	assert_output $'3|bob|\n5|ann|'
	assert_stderr_empty
}

@test "--header : the header line is not a job" {
	run -0 --separate-stderr xpool --header : "$SHOWARGS" < <(printf 'title\nx\n')
	assert_output 'x|'
}

@test "--header : with ::: sources: each source's first item names it" {
	run -0 --separate-stderr xpool --header : "$SHOWARGS" {b} {a} ::: a 1 2 ::: b x
	assert_output $'x|1|\nx|2|'
	assert_stderr_empty
}

@test "--header : a named column takes modifiers" {
	run -0 --separate-stderr xpool --colsep , --header : "$SHOWARGS" {f.} {f/} \
	    < <(printf 'f\ndir/x.txt\n')
	assert_output 'dir/x|x.txt|'
}

@test "--header with an empty value: exit 255 and a message" {
	run -255 --separate-stderr xpool --header '' "$SHOWARGS" </dev/null
	assert_output ''
	assert_messages_prefixed
	assert_stderr_contains "--header ''"
}

# ---------------------------------------------------------------- trim

@test "no --trim: blanks are kept" {
	run -0 --separate-stderr xpool "$SHOWARGS" < <(printf ' \ta b \t\n')
	assert_output $' \ta b \t|'
}

@test "--trim lr removes blanks on both sides" {
	run -0 --separate-stderr xpool --trim lr "$SHOWARGS" < <(printf ' \ta b \t\n')
	assert_output 'a b|'
}

@test "--trim rl is --trim lr" {
	run -0 --separate-stderr xpool --trim rl "$SHOWARGS" < <(printf '  a  \n')
	assert_output 'a|'
}

@test "--trim l and --trim r remove one side only" {
	run -0 --separate-stderr xpool --trim l "$SHOWARGS" < <(printf '  a  \n')
	assert_output 'a  |'
	run -0 --separate-stderr xpool --trim r "$SHOWARGS" < <(printf '  a  \n')
	assert_output '  a|'
}

@test "--trim n removes nothing" {
	run -0 --separate-stderr xpool --trim n "$SHOWARGS" < <(printf '  a  \n')
	assert_output '  a  |'
}

@test "--trim applies to each --colsep column" {
	run -0 --separate-stderr xpool --colsep , --trim lr "$SHOWARGS" < <(printf ' a , b \n')
	assert_output 'a|b|'
}

@test "--colsep trims each column by default, as GNU parallel; --trim n keeps the blanks" {
	run -0 --separate-stderr xpool --colsep '\t' "$SHOWARGS" < <(printf 'foo\tbar\nbaz \t quux\r\n')
	assert_output $'foo|bar|\nbaz|quux|'
	run -0 --separate-stderr xpool --trim n --colsep '\t' "$SHOWARGS" < <(printf 'baz \t quux\n')
	assert_output 'baz | quux|'
	run -0 --separate-stderr xpool "$SHOWARGS" < <(printf ' a \n')
	assert_output ' a |'
}

@test "--trim with a bad value: exit 255 and a message" {
	run -255 --separate-stderr xpool --trim x "$SHOWARGS" </dev/null
	assert_output ''
	assert_messages_prefixed
	assert_stderr_contains "--trim 'x'"
}

# ---------------------------------------------------------------- edges

@test "empty input: no jobs, no output, exit 0" {
	run -0 --separate-stderr xpool "$SHOWARGS" </dev/null
	assert_output ''
	assert_stderr_empty
}

@test "an empty -a file: no jobs, exit 0" {
	: >empty
	run -0 --separate-stderr xpool -a empty touch ran </dev/null
	assert_output ''
	assert_stderr_empty
	assert_file_not_exists ran
}

@test "-r is accepted, and empty input runs nothing" {
	run -0 --separate-stderr xpool -r touch ran </dev/null
	assert_output ''
	assert_file_not_exists ran
}

@test "empty lines are items (the empty string)" {
	run -0 --separate-stderr xpool "$SHOWARGS" < <(printf 'a\n\nb\n')
	assert_output $'a|\n|\nb|'
}

@test "a trailing carriage return is kept" {
	printf 'a\r\nb\r\n' | xpool "$SHOWARGS" >out
	assert_equal "$(hexof out)" "61 0d 7c 0a 62 0d 7c 0a"
}

@test "a missing final newline still gives the last item" {
	run -0 --separate-stderr xpool "$SHOWARGS" < <(printf 'a\nb')
	assert_output $'a|\nb|'
}

@test "invalid UTF-8 passes through untouched" {
	printf 'caf\351\n\377\376\n' | xpool "$SHOWARGS" >out
	assert_equal "$(hexof out)" "63 61 66 e9 7c 0a ff fe 7c 0a"
}

@test "a long line (100000 bytes, more than a read buffer) is one item" {
	head -c 100000 /dev/zero | tr '\0' x >long
	echo >>long
	printf 'short\n' >>long
	run -0 --separate-stderr xpool -a long 'printf "%s\n" {} | wc -c' </dev/null
	assert_output $'100001\n6'
}

@test "a missing -a file: exit 255, exact message, nothing runs" {
	run -255 --separate-stderr xpool -a nosuch touch ran </dev/null
	assert_output ''
	assert_stderr "xpool: cannot open input file 'nosuch': No such file or directory"
	assert_file_not_exists ran
}

@test "a missing :::: file: exit 255, exact message, nothing runs" {
	run -255 --separate-stderr xpool touch ran :::: nosuch </dev/null
	assert_output ''
	assert_stderr "xpool: cannot open input file 'nosuch': No such file or directory"
	assert_file_not_exists ran
}

@test "a missing second source: nothing runs, even from the first" {
	printf 'a\nb\n' >good
	run -255 --separate-stderr xpool -a good -a nosuch touch {1}.ran </dev/null
	assert_stderr "xpool: cannot open input file 'nosuch': No such file or directory"
	assert_file_not_exists a.ran
	assert_file_not_exists b.ran
}

@test "a directory as input file: exit 255 and a message naming it" {
	mkdir adir
	run -255 --separate-stderr xpool -a adir touch ran </dev/null
	assert_output ''
	assert_messages_prefixed
	assert_stderr_contains 'adir'
	assert_file_not_exists ran
}

@test "an unreadable input file: exit 255 and a message naming it" {
	if [[ $(id -u) -eq 0 ]]; then
		skip "root can read any file"
	fi
	printf 'a\n' >secret
	chmod 000 secret
	run -255 --separate-stderr xpool -a secret touch ran </dev/null
	assert_messages_prefixed
	assert_stderr_contains "'secret'"
	assert_file_not_exists ran
}

@test "a NUL byte in a line fails that item alone, with a message" {
	run -1 --separate-stderr xpool -j1 "$SHOWARGS" < <(printf 'a\nb\0c\nd\n')
	assert_output $'a|\nd|'
	assert_messages_prefixed
	assert_stderr_contains 'NUL byte'
	assert_stderr_contains 'use -0'
}

@test "two lines with NUL bytes: two failures" {
	run -2 --separate-stderr xpool -j1 "$SHOWARGS" < <(printf '\0x\na\ny\0\n')
	assert_output 'a|'
	assert_messages_prefixed
}

# ---------------------------------------------------------------- job stdin

@test "jobs read /dev/null when items come from standard input" {
	run -0 --separate-stderr gxpool -j1 'cat; echo {}' \
	    < <(printf 'a\nb\n')
	assert_output $'a\nb'
}

@test "with -a, jobs get xpool's standard input" {
	printf 'x\n' >items
	run -0 --separate-stderr xpool -j1 -a items 'cat; echo {}' < <(printf 'data\n')
	assert_output $'data\nx'
}

@test "jobs get xpool's standard input when items come from elsewhere" {
	run -0 --separate-stderr xpool -j1 cat ::: - < <(printf 'data\n')
	assert_output 'data'
}
