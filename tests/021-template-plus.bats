#!/usr/bin/env bats
# shellcheck disable=SC1083,SC2016,SC2030,SC2031,SC2154
# (SC1083: {} {..} ... are xpool replacement strings; SC2016: $ in single
# quotes is for the job's shell; SC2030/SC2031/SC2154: bats runs each test in a
# subshell and sets $stderr and $lines.)
# 021-template-plus: GNU parallel's --plus strings, the renaming options,
# -i, -E, --arg-sep and --arg-file-sep, and :::+ / ::::+.
#
# Every expected output is written here, so each test asserts without GNU
# parallel; where it is installed, GNU parallel must give the same.

load helpers

# The same arguments through xpool and (where installed) GNU parallel: both
# must print $1, with the newlines of the output turned into '~'.
same_as_gnu() {
	local want=$1 got
	shift
	got=$(xpool -k "$@" </dev/null | tr '\n' '~') || fail "xpool $* failed"
	[[ $got == "$want" ]] || fail "xpool $*: got [$got], want [$want]"
	if command -v parallel >/dev/null; then
		got=$(parallel --will-cite -k "$@" </dev/null | tr '\n' '~')
		[[ $got == "$want" ]] || fail "GNU parallel $*: got [$got]"
	fi
}

# Odd items, NUL-separated: empty, only dots, a leading '-', newlines,
# bytes that are not UTF-8, a quote.
write_odd() {
	printf '%s\0' '' . .. ... -n a/b.c.d.e / a/ .bashrc $'a.b\nc.d.e' \
	    $'x\ny' $'a/b\n' $'\xff.\xfe/\xfd.gz' "it's.tar.gz" >"$1"
}

@test "without --plus its strings are text, as in GNU parallel" {
	same_as_gnu '{+/}|{..}|{##}|{:-x}|{/a/b}|a/b.c|~' \
	    "$SHOWARGS" '{+/}' '{..}' '{##}' '{:-x}' '{/a/b}' ::: a/b.c
}

@test "--plus: {+/} {+.} {+..} {+...} {..} {...} {/..} {/...} on odd items" {
	write_odd odd
	local t want
	while read -r t want; do
		eval "want=$want"
		same_as_gnu "$want" -0 -a odd --plus "$SHOWARGS" "$t"
	done <<'END'
{+/} $'|~|~|~|~|~a|~|~a|~|~a.b~|~x~|~a|~\377.\376|~|~'
{+.} \|~\|~\|~\|~\|~e\|~\|~\|~bashrc\|~b~c.d.e\|~x~\|~~\|~gz\|~gz\|~
{+..} \|~\|~.\|~.\|~\|~d.e\|~\|~\|~\|~a.b~d.e\|~x~\|~~\|~\|~tar.gz\|~
{+...} \|~\|~\|~..\|~\|~c.d.e\|~\|~\|~\|~b~c.d.e\|~x~\|~~\|~\|~\|~
{..} $'|~.|~|~.|~-n|~a/b.c|~/|~a/|~.bashrc|~a.b~c|~x~y|~a/b~|~\377.\376/\375.gz|~it\'s|~'
{...} $'|~.|~..|~|~-n|~a/b|~/|~a/|~.bashrc|~a|~x~y|~a/b~|~\377.\376/\375.gz|~it\'s.tar.gz|~'
{/..} $'|~.|~|~.|~-n|~b.c|~|~|~.bashrc|~a.b~c|~x~y|~b~|~\375.gz|~it\'s|~'
{/...} $'|~.|~..|~|~-n|~b|~|~|~.bashrc|~a|~x~y|~b~|~\375.gz|~it\'s.tar.gz|~'
END
}

@test "--plus: the bash-like strings on odd items" {
	write_odd odd
	local t want
	while read -r t want; do
		eval "want=$want"
		same_as_gnu "$want" -0 -a odd --plus "$SHOWARGS" "$t"
	done <<'END'
{:-none} $'none|~.|~..|~...|~-n|~a/b.c.d.e|~/|~a/|~.bashrc|~a.b~c.d.e|~x~y|~a/b~|~\377.\376/\375.gz|~it\'s.tar.gz|~'
{:2} $'|~|~|~.|~|~b.c.d.e|~|~|~ashrc|~b~c.d.e|~y|~b~|~\376/\375.gz|~\'s.tar.gz|~'
{:1:3} $'|~|~.|~..|~n|~/b.|~|~/|~bas|~.b~|~~y|~/b~|~.\376/|~t\'s|~'
{#*.} $'|~|~.|~..|~n|~/b.c.d.e|~|~/|~bashrc|~.b~c.d.e|~~y|~/b~|~.\376/\375.gz|~t\'s.tar.gz|~'
{##[a-z]*} $'|~.|~..|~...|~-n|~/b.c.d.e|~/|~/|~.bashrc|~.b~c.d.e|~~y|~/b~|~\377.\376/\375.gz|~\'s.tar.gz|~'
{%.gz} $'|~.|~..|~...|~-n|~a/b.c.d.e|~/|~a/|~.bashrc|~a.b~c.d.e|~x~y|~a/b~|~\377.\376/\375|~it\'s.tar|~'
{%%\.[^/]*} $'|~|~|~|~-n|~a/b|~/|~a/|~|~a|~x~y|~a/b~|~\377.\376/\375|~it\'s|~'
{//./_} \|~_\|~__\|~___\|~__\|~_________\|~_\|~__\|~_______\|~___~_____\|~_~_\|~___~\|~________\|~___________\|~
{/#-/+} $'|~.|~..|~...|~+n|~a/b.c.d.e|~/|~a/|~.bashrc|~a.b~c.d.e|~x~y|~a/b~|~\377.\376/\375.gz|~it\'s.tar.gz|~'
{^^[a-z]} $'|~.|~..|~...|~-N|~A/B.C.D.E|~/|~A/|~.BASHRC|~A.B~C.D.E|~X~Y|~A/B~|~\377.\376/\375.GZ|~IT\'S.TAR.GZ|~'
{//\n/N} $'|~.|~..|~...|~-n|~a/b.c.d.e|~/|~a/|~.bashrc|~a.bNc.d.e|~xNy|~a/bN|~\377.\376/\375.gz|~it\'s.tar.gz|~'
{//x*/-} $'-|~-.-|~-.-.-|~-.-.-.-|~---n-|~-a-/-b-.-c-.-d-.-e-|~-/-|~-a-/-|~-.-b-a-s-h-r-c-|~-a-.-b-~-c-.-d-.-e-|~--~-y-|~-a-/-b-~-|~-\377-.-\376-/-\375-.-g-z-|~-i-t-\'-s-.-t-a-r-.-g-z-|~'
END
}

@test "--plus: shortest and longest matches, and what GNU's Perl makes of them" {
	same_as_gnu 'bcc|bcc|aabbc|aabbc|~cabc|cabc|abcab|abca|~' --plus \
	    "$SHOWARGS" '{#a*b}' '{##a*b}' '{%b*c}' '{%%b*c}' ::: aabbcc abcabc
	same_as_gnu 'aXcabc|aXcaXc|Xbcabc|abcabX|a$1cabc|abcabcR|~' --plus \
	    "$SHOWARGS" '{/b/X}' '{//b/X}' '{/#a/X}' '{/%c/X}' '{/b/$1}' \
	    '{/%x*/R}' ::: abcabc
	same_as_gnu 'Abaa|AbAA|abaa|abaa|~ABAA|ABAA|aBAA|aBaa|~' --plus \
	    "$SHOWARGS" '{^a}' '{^^a}' '{,A}' '{,,A}' ::: abaa ABAA
	same_as_gnu 'aN|~' --plus "$SHOWARGS" '{/[[:digit:]]/N}' ::: a1
	same_as_gnu 'x|~00|~ |~' --plus "$SHOWARGS" '{:-x}' ::: 0 00 ' '
	same_as_gnu 'a b~' --plus echo '{:-a b}' ::: ''
}

@test "--plus: a pattern only Perl reads (lookahead, lazy, (?i), \\x41) goes through Perl, as GNU parallel's" {
	same_as_gnu 'aXb|aab|Zab||aab|AAb|~foo.foobar|Y.foobar|foo.foobZr|foo.foobar|foo.foobar|foo.foobAr|~' \
	    --plus -k "$SHOWARGS" '{/a(?=b)/X}' '{//\bfoo\b/Y}' '{/a+?/Z}' '{#a.*?b}' '{%\x62c}' '{^^(?i)A}' ::: aab foo.foobar
	# Positional, and the text after / stays text.
	same_as_gnu 'x|aX$1b|~' --plus "$SHOWARGS" '{1}' '{2/a(?=b)/X$1}' ::: x ::: aab
	# No value, pattern or text becomes shell code.
	local v="a\$(touch pwned)'\"b"
	run -0 --separate-stderr xpool --plus "$SHOWARGS" "{/a(?=\\$)/\$(touch pwned2)}" ::: "$v"
	assert_output "\$(touch pwned2)\$(touch pwned)'\"b|"
	assert_file_not_exists pwned
	assert_file_not_exists pwned2
}

@test "--plus: positional forms {N..} {N:-x} {-N+.}, blanks after N" {
	same_as_gnu 'a|x|gz|a|b.tar.gz|~a|a.b.c|gz|a|b.tar.gz|~' --plus \
	    "$SHOWARGS" '{2..}' '{1:-x}' '{-1+.}' '{2 ..}' '{2/a/b}' \
	    ::: '' a.b.c ::: a.tar.gz
}

@test "{##}: the jobs in all, from :::, a file, standard input, with -n" {
	same_as_gnu '1/3~2/3~3/3~' --plus echo '{#}/{##}' ::: a b c
	seq 4 >four
	same_as_gnu '4~4~4~4~' --plus -a four echo '{##}'
	run -0 bash -c 'seq 5 | "$XPOOL" -k -n2 --plus echo {##} {}'
	assert_output $'3 1 2\n3 3 4\n3 5'
	if command -v parallel >/dev/null; then
		run -0 bash -c 'seq 5 | parallel -k -n2 --plus echo {##} {}'
		assert_output $'3 1 2\n3 3 4\n3 5'
	fi
	run -0 bash -c 'seq 3 | "$XPOOL" -k --plus --tagstring {##} echo'
	assert_output $'3\t1\n3\t2\n3\t3'
}

@test "{choose_k}, {uniq}, {0#} and {0%}: jobs skipped, numbers padded, as GNU parallel's" {
	run -6 xpool -k --plus echo {choose_k} ::: A B C ::: A B C
	assert_output $'A B\nA C\nB C'
	run -3 xpool -k --plus echo {uniq} ::: A B C ::: A B C
	assert_output $'A B\nA C\nB A\nB C\nC A\nC B'
	same_as_gnu '01~02~03~04~05~06~07~08~09~10~11~' --plus echo '{0#}' \
	    ::: {1..11}
	same_as_gnu '01~' -j 12 --plus echo '{0%}' ::: a
	same_as_gnu '001~' -j 100 --plus echo '{0%}' ::: a
	# Without --plus they are text; a --rpl of the user's comes first.
	same_as_gnu '{uniq} a~' echo '{uniq}' ::: a
	same_as_gnu 'mine~' --plus --rpl '{uniq} $_="mine"' echo '{uniq}' ::: a
	command -v parallel >/dev/null || return 0
	run -6 parallel --will-cite -k --plus echo {choose_k} ::: A B C ::: A B C
	assert_output $'A B\nA C\nB C'
}

@test "{slot}, {host} and {sshlogin}: the slot, and ':' for this machine, as GNU parallel's" {
	same_as_gnu '1 : :~' --plus echo '{slot}' '{host}' '{sshlogin}' ::: a
	run -0 xpool --plus --dry-run echo '{host}' ::: a
	assert_output 'echo ${PARALLEL_SSHHOST}'
}

@test "no value becomes shell code through a --plus string, nor does STR" {
	local i
	for i in '$(touch PWNED)' '`touch PWNED`' '; touch PWNED' \
	    "'; touch PWNED; '" $'x\ntouch PWNED'; do
		run -0 --separate-stderr xpool --plus \
		    'echo {..} {+/} {:-x} {/a/b} {^^.} {#x} {%x} {:1} >/dev/null' \
		    ::: "$i"
	done
	run -0 --separate-stderr xpool --plus echo '{:-$(touch PWNED)}' \
	    '{/a/`touch PWNED`}' ::: '' a
	assert_output $'$(touch PWNED) \na `touch PWNED`'
	assert_not_exist PWNED
}

@test "--plus: a pattern that is no regular expression stops xpool first" {
	run -255 --separate-stderr xpool --plus 'touch ran; echo {#(}' ::: a
	assert_stderr_contains "xpool: the pattern '(' is not a regular expression"
	assert_not_exist ran
}

@test "renaming options: --er --bnr --dnr --bner --seqreplace --slotreplace" {
	same_as_gnu '{.}|a|~' --er EE "$SHOWARGS" '{.}' EE ::: a.b
	same_as_gnu '{/}|b|{1/}|~' --bnr BB "$SHOWARGS" '{/}' BB '{1/}' ::: a/b
	same_as_gnu '{//}|a|~' --dnr D "$SHOWARGS" '{//}' D ::: a/b
	same_as_gnu '{/.}|b.c|b|~' --bner BE --plus "$SHOWARGS" '{/.}' BE \
	    '{/..}' ::: a/b.c.d
	same_as_gnu '{#}|1|{%}|1|~' -j1 --seqreplace @SS --slotreplace @SL \
	    "$SHOWARGS" '{#}' @SS '{%}' @SL ::: a
	same_as_gnu 'a/b~' -I '{/}' echo '{/}' ::: a/b
	same_as_gnu 'b~' --bnr '{}' echo '{}' ::: a/b
	same_as_gnu '{1}|a.b|a|a|~' -I @XX "$SHOWARGS" '{1}' @XX '{.}' '{1.}' \
	    ::: a.b
	# Replacement strings no path can hold: they are replaced anywhere.
	same_as_gnu '{..}|a|~' --extensionreplace @E --basenamereplace @B \
	    --dirnamereplace @D --basenameextensionreplace @BE "$SHOWARGS" \
	    '{..}' @BE ::: a.b
	run -255 --separate-stderr xpool --er '' echo ::: a
	assert_stderr_contains "--extensionreplace '': the replacement string is empty"
}

@test "-i and --replace: an optional STR, read as GNU parallel reads it" {
	same_as_gnu 'XaX~XbX~' -iZZ echo XZZX ::: a b
	same_as_gnu 'XaX~' --replace=ZZ echo XZZX ::: a
	same_as_gnu 'XaX~' -i -- echo 'X{}X' ::: a
	same_as_gnu 'XaX~' --replace -k echo 'X{}X' ::: a
	# The next word is STR unless it starts with '-'.
	run -0 --separate-stderr xpool --dry-run -i echo X{}X ::: a
	assert_output 'X{}X a'
}

@test "-E, -e and --eof: a source ends at the item STR" {
	same_as_gnu 'a~' -E stop echo ::: a stop b
	printf 'a\nstop\nb\n' >in
	same_as_gnu 'a~' -a in -E stop echo
	run -0 bash -c 'printf "a\nstop\nb\n" | "$XPOOL" -k --eof=stop echo'
	assert_output a
	run -0 bash -c 'printf "a\nstop\nb\n" | "$XPOOL" -k -e stop echo'
	assert_output a
	# "" and "0" are false to Perl: they end nothing.
	same_as_gnu '0~1~' -E 0 echo ::: 0 1
	same_as_gnu 'a b~' -E stop echo ::: a ::: b stop c
}

@test "--arg-sep, --argsep, --arg-file-sep, --argfilesep" {
	same_as_gnu 'a~b~' --arg-sep ,, echo ,, a b
	same_as_gnu ':::~' --argsep ,, echo ,, :::
	same_as_gnu 'a 1 x~a 2 y~b 1 x~b 2 y~' --arg-sep ,, echo ,, a b ,, 1 2 \
	    ,,+ x y
	printf 'x\ny\n' >f
	same_as_gnu 'x~y~' --arg-file-sep // echo // f
	same_as_gnu 'x 1~y 2~' --argfilesep // echo // f :::+ 1 2
}

@test ":::+ and ::::+ stop at the shortest source; --link goes round" {
	same_as_gnu 'a 1~b 2~' echo ::: a b c :::+ 1 2
	same_as_gnu 'a 1~b 2~' echo ::: a b :::+ 1 2 3
	same_as_gnu 'a 1~b 2~c 1~' --link echo ::: a b c ::: 1 2
	printf 'a\nb\nc\n' >abc
	printf '1\n2\n' >one-two
	printf 'x\ny\n' >xy
	same_as_gnu 'a 1 x~b 2 y~' echo :::: abc ::::+ one-two xy
	same_as_gnu 'a 1~b 2~' echo ::::+ abc one-two
	# Files that are pipes (process substitution) pair the same way.
	run -0 --separate-stderr xpool -k echo :::: <(printf 'a\nb\nc\n') \
	    ::::+ <(printf '1\n2\n') <(printf 'x\ny\n')
	assert_output $'a 1 x\nb 2 y'
	run -0 --separate-stderr xpool -k echo ::: a b c ::::+ <(printf '1\n2\n')
	assert_output $'a 1\nb 2'
}
