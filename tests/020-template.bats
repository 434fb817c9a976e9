#!/usr/bin/env bats
# shellcheck disable=SC1083,SC2016,SC2030,SC2031,SC2154,SC1003,SC2012
# (SC1083: {} {1} ... are xpool replacement strings; SC2016: $ in single
# quotes is for the job's shell; SC2030/SC2031/SC2154: bats runs each test in a
# subshell and sets $stderr and $lines.)
# 020-template: commands, replacement strings, quoting, packing.

load helpers

# The items that tend to break quoting, NUL-separated into $1.
write_tricky() {
	printf '%s\0' 'a b' "it's" '$(touch PWNED)' '; touch PWNED' '*' '' \
	    'héllo' 'a"b' 'x\y' $'tab\tx' $'new\nline' '`touch PWNED`' \
	    '$HOME' '~' "'" '"' "''" 'a=b' '-n' '--' '{}' '!' '#x' '&&' '|' \
	    '>out' '<in' '(' ')' ' lead' 'trail ' $'cr\r' 'dir/file.tar.gz' \
	    '.hidden' 'a/' '%' '[x]' '\' 'ü/ö.ä' >"$1"
}

# Items that would run code if they ever reached a shell unquoted.
write_evil() {
	printf '%s\0' '$(touch PWNED)' '`touch PWNED`' '; touch PWNED' \
	    '| touch PWNED' '&& touch PWNED' '& touch PWNED' \
	    "'; touch PWNED; '" '"; touch PWNED; "' $'x\ntouch PWNED' \
	    '$(touch${IFS}PWNED)' "\$(touch 'PWNED')" '> PWNED' \
	    "it's \$(touch PWNED)" '\'"'"'; touch PWNED #' >"$1"
}

# ---------------------------------------------------------------- strings

@test "{} {.} {/} {//} {/.} {#} {%}" {
	run -0 --separate-stderr xpool -j1 "$SHOWARGS" {} {.} {/} {//} {/.} {#} {%} ::: a/b.c
	assert_output 'a/b.c|a/b|b.c|a|b|1|1|'
	assert_stderr_empty
}

# Each row: item, then {} {.} {/} {//} {/.} as GNU parallel gives them.
@test "modifiers on edge cases, as GNU parallel" {
	local row item want
	local -a rows=(
		'.bashrc|.bashrc||.bashrc|.||'
		'dir/|dir/|dir/||.||'
		'foo|foo|foo|foo|.|foo|'
		'/|/|/||/||'
		'foo.tar.gz|foo.tar.gz|foo.tar|foo.tar.gz|.|foo.tar|'
		'a/b/c.txt|a/b/c.txt|a/b/c|c.txt|a/b|c|'
		'/x|/x|/x|x|/|x|'
		'a.b/c|a.b/c|a.b/c|c|a.b|c|'
		'./x.y|./x.y|./x|x.y|.|x|'
		'a//b|a//b|a//b|b|a|b|'
		'/a/b/|/a/b/|/a/b/||/a||'
		'.|.||.|.||'
		'..|..|.|..|.|.|'
		'a.|a.|a|a.|.|a|'
		'//x|//x|//x|x|/|x|'
		'a b/c d.e|a b/c d.e|a b/c d|c d.e|a b|c d|'
	)
	for row in "${rows[@]}"; do
		item=${row%%|*}
		want=${row#*|}
		run -0 --separate-stderr xpool "$SHOWARGS" {} {.} {/} {//} {/.} ::: "$item"
		[[ $output == "$want" ]] ||
		    fail "item '$item': expected '$want', got '$output'"
	done
}

@test "an empty item: {} {.} {/} {/.} are empty, {//} is ." {
	run -0 --separate-stderr xpool "$SHOWARGS" x{}x x{.}x x{/}x x{//}x x{/.}x ::: ''
	assert_output 'xx|xx|xx|x.x|xx|'
}

@test "the modifiers match GNU parallel on every edge case" {
	command -v parallel >/dev/null || skip "GNU parallel is not installed"
	local -a items=(.bashrc dir/ foo / foo.tar.gz a/b/c.txt /x a.b/c ./x.y
		a//b /a/b/ . .. a. //x x/.y 'a b/c d.e' '' '...' 'a/.b.c')
	local want
	want=$(parallel --will-cite -k -j1 "$SHOWARGS" x{}x x{.}x x{/}x x{//}x x{/.}x ::: "${items[@]}")
	run -0 --separate-stderr xpool -j1 "$SHOWARGS" x{}x x{.}x x{/}x x{//}x x{/.}x ::: "${items[@]}"
	assert_output "$want"
}

@test "{#} counts jobs from 1" {
	run -0 --separate-stderr xpool "$SHOWARGS" {#} ::: a b c
	assert_output $'1|\n2|\n3|'
}

@test "{N} {-N} pick a source's value; with modifiers" {
	run -0 --separate-stderr xpool "$SHOWARGS" {2} {1} {-1} {1.} {2/} {2//} {2/.} ::: a.x ::: d/e.f
	assert_output 'd/e.f|a.x|d/e.f|a|e.f|d|e|'
}

@test "{} with several sources: every value, each one argument" {
	run -0 --separate-stderr xpool "$SHOWARGS" {} ::: 'a b' ::: c
	assert_output 'a b|c|'
}

@test "a replacement string inside a word" {
	run -0 --separate-stderr xpool "$SHOWARGS" pre{}post --file={.}.out ::: x.txt
	assert_output 'prex.txtpost|--file=x.out|'
}

@test "braces that are not a replacement string are kept" {
	run -0 --separate-stderr xpool "$SHOWARGS" '{' '{x}' '{}}' ::: a
	assert_output '{|{x}|a}|'
}

@test "-I STR replaces STR; {} is then literal text" {
	run -0 --separate-stderr xpool -I XX "$SHOWARGS" XX-{} pXXq ::: a
	assert_output 'a-{}|paq|'
}

@test "-I with an empty string: exit 255 and a message" {
	run -255 --separate-stderr xpool -I '' "$SHOWARGS" ::: a
	assert_output ''
	assert_messages_prefixed
}

@test "no replacement string: the item is appended as an argument" {
	run -0 --separate-stderr xpool "$SHOWARGS" -x ::: 'a b'
	assert_output '-x|a b|'
}

@test "no replacement string with several sources: every value is appended" {
	run -0 --separate-stderr xpool "$SHOWARGS" -x ::: a ::: 'b c'
	assert_output '-x|a|b c|'
}

@test "{#} alone still appends the item? no: any replacement string stops it" {
	run -0 --separate-stderr xpool "$SHOWARGS" {#} ::: a
	assert_output '1|'
}

@test "no command: each item is a command line, run by the shell" {
	run -0 --separate-stderr xpool -j1 < <(printf 'echo hi\necho "a  b"; echo c\n')
	assert_output $'hi\na  b\nc'
}

# ---------------------------------------------------------------- shell

@test "the words are read as one shell command: '>' redirects" {
	run -0 --separate-stderr xpool echo {} '>' {}.out ::: 'a b' c
	assert_output ''
	assert_file_exists 'a b.out'
	assert_equal "$(cat 'a b.out')" 'a b'
	assert_equal "$(cat c.out)" 'c'
}

@test "a shell command in one word: && and | work" {
	run -0 --separate-stderr xpool -j1 'printf "%s\n" {} | tr a-z A-Z && echo done' ::: 'a b'
	assert_output $'A B\ndone'
}

@test "direct exec: no shell for a command without shell syntax" {
	# showargs as --shell shows whether the shell would have been used.
	run -0 --separate-stderr xpool --shell "$SHOWARGS" echo {} x ::: 'a b'
	assert_output 'a b x'
}

@test "a shell is used for shell syntax in the command" {
	local c
	for c in '|' '&' ';' '<' '>' '(' ')' '$' '`' '\' '"' "'" '*' '?' '[' \
	    '#' '~' '=' '%' '!'; do
		run -0 --separate-stderr xpool --shell "$SHOWARGS" echo "x${c}y" ::: a
		[[ $output == -c\|* ]] ||
		    fail "'$c' in the command did not go through the shell: $output"
	done
}

@test "--shell PATH: the shell gets -c and the command line" {
	run -0 --separate-stderr xpool --shell "$SHOWARGS" 'echo {};' ::: "it's"
	assert_output "-c|echo 'it'\"'\"'s';|"
}

@test "--shell with a real shell runs the command" {
	run -0 --separate-stderr xpool --shell /bin/bash 'echo ${BASH_VERSION:+bash} {}' ::: x
	assert_output 'bash x'
}

@test "--shell with an empty path: exit 255 and a message" {
	run -255 --separate-stderr xpool --shell '' echo ::: a
	assert_output ''
	assert_messages_prefixed
}

@test "--shell that cannot run: exit 255 at the start, naming it; no job runs" {
	mkdir adir
	printf '#!/bin/sh\necho ran\n' >notexec
	chmod 644 notexec
	local hint='give a shell such as /bin/sh or /bin/bash'
	run -255 --separate-stderr xpool --shell /nonexistent/sh 'touch ran; echo {}' ::: a
	assert_output ''
	assert_stderr_contains "xpool: --shell: '/nonexistent/sh': No such file or directory; $hint"
	run -255 --separate-stderr xpool --shell nosuch-shell-xyz 'touch ran; echo {}' ::: a
	assert_stderr_contains "xpool: --shell: 'nosuch-shell-xyz': not found in PATH; $hint"
	run -255 --separate-stderr xpool --shell ./adir 'touch ran; echo {}' ::: a
	assert_stderr_contains "xpool: --shell: './adir': Is a directory; $hint"
	run -255 --separate-stderr xpool --shell ./notexec 'touch ran; echo {}' ::: a
	assert_stderr_contains "xpool: --shell: './notexec': not an executable file; $hint"
	# Checked even when no job needs the shell, and with --dry-run.
	run -255 --separate-stderr xpool --shell /nonexistent/sh touch ran ::: a
	assert_stderr_contains "xpool: --shell: '/nonexistent/sh': "
	run -255 --separate-stderr xpool --dry-run --shell /nonexistent/sh touch ran ::: a
	assert_output ''
	assert_file_not_exists ran
}

@test "--shell without a slash is found through PATH" {
	cp "$SHOWARGS" "$BATS_TEST_TMPDIR/bin/myshell"
	run -0 --separate-stderr xpool --shell myshell 'echo {};' ::: a
	assert_output "-c|echo a;|"
}

@test "a shell keyword or builtin as command goes through the shell" {
	local w
	for w in cd exit export if . eval set; do
		run --separate-stderr xpool --shell "$SHOWARGS" "$w" x ::: a
		[[ $output == "-c|$w x a|" ]] ||
		    fail "'$w' did not go through the shell: $output"
	done
}

@test "cd in a command works (through the shell)" {
	mkdir sub
	run -0 --separate-stderr xpool 'cd {} && pwd' ::: sub
	assert_output "$WORK/sub"
}

@test "exit N in a command sets the job's status" {
	run -1 --separate-stderr xpool exit 3 ::: a
	assert_output ''
}

# ---------------------------------------------------------------- quoting

@test "--dry-run prints the commands and runs nothing" {
	run -0 --separate-stderr xpool --dry-run touch {} ::: a 'b c'
	assert_output $'touch a\ntouch \'b c\''
	assert_stderr_empty
	assert_file_not_exists a
	assert_file_not_exists 'b c'
}

@test "--dry-run quotes as GNU parallel (fixed expectations)" {
	run -0 --separate-stderr xpool --dry-run echo {} ::: 'a b' "it's" '' "'" "''" 'a=b' '$x' 'héllo' ok-1.2_+/x
	assert_output "echo 'a b'
echo 'it'\"'\"'s'
echo ''
echo \"'\"
echo \"'\"''\"'\"
echo 'a=b'
echo '\$x'
echo 'héllo'
echo ok-1.2_+/x"
}

@test "--dry-run text equals GNU parallel's for tricky items" {
	command -v parallel >/dev/null || skip "GNU parallel is not installed"
	write_tricky tricky
	local -a t
	local tpl want
	for tpl in 'echo {}' 'echo pre{}post' "echo {} '>' {}.out" 'echo' \
	    'echo {.} {/} {//} {/.} {#}' "printf '%s\\n' {}" \
	    "echo {} '&&' echo {} '|' wc"; do
		eval "t=($tpl)"
		want=$(parallel --will-cite -j1 -k -0 -a tricky --dry-run "${t[@]}")
		run -0 --separate-stderr xpool -j1 -0 -a tricky --dry-run "${t[@]}" </dev/null
		[[ $output == "$want" ]] || fail "template [$tpl] differs:
$(diff <(echo "$want") <(echo "$output"))"
	done
}

@test "--dry-run text equals GNU parallel's: -q, -n, -N, -X, -m, sources, --colsep, -I" {
	command -v parallel >/dev/null || skip "GNU parallel is not installed"
	write_tricky tricky
	local -a args
	local spec want
	for spec in "-q echo {} '>' x" "-q echo 'a b' pre{}" '-n3 echo' \
	    '-N3 echo {3} {1}' '-X echo pre{}post' '-m echo pre{}post' \
	    '-I XX echo XX {}'; do
		eval "args=($spec)"
		want=$(parallel --will-cite -j1 -k -0 -a tricky --dry-run "${args[@]}")
		run -0 --separate-stderr xpool -j1 -0 -a tricky --dry-run "${args[@]}" </dev/null
		[[ $output == "$want" ]] || fail "[$spec] differs:
$(diff <(echo "$want") <(echo "$output"))"
	done
	want=$(parallel --will-cite -j1 -k --dry-run echo {1} {2} {} ::: 'a b' "it's" ::: '$x' '')
	run -0 xpool -j1 --dry-run echo {1} {2} {} ::: 'a b' "it's" ::: '$x' ''
	assert_output "$want"
	want=$(parallel --will-cite -j1 -k --dry-run --colsep , echo {2} {1} {} ::: 'a b,c d' "x,'")
	run -0 xpool -j1 --dry-run --colsep , echo {2} {1} {} ::: 'a b,c d' "x,'"
	assert_output "$want"
}

@test "what runs is what --dry-run prints: tricky items reach the command intact" {
	write_tricky tricky
	local want
	want=$(xargs -0 -n1 "$SHOWARGS" <tricky)
	# Direct exec.
	run -0 --separate-stderr xpool -j1 -0 -a tricky "$SHOWARGS" </dev/null
	assert_output "$want"
	# Through the shell.
	run -0 --separate-stderr xpool -j1 -0 -a tricky "$SHOWARGS" {} '2>/dev/null' </dev/null
	assert_output "$want"
	# The printed command, run by sh, gives the same.
	xpool -j1 -0 -a tricky --dry-run "$SHOWARGS" {} '2>/dev/null' </dev/null >cmds
	run -0 sh cmds
	assert_output "$want"
	assert_file_not_exists PWNED
}

@test "no item is ever run as code: direct exec" {
	write_evil evil
	run -0 --separate-stderr xpool -0 -a evil "$SHOWARGS" {} </dev/null
	assert_output "$(xargs -0 -n1 "$SHOWARGS" <evil)"
	assert_file_not_exists PWNED
}

@test "no item is ever run as code: items appended" {
	write_evil evil
	run -0 --separate-stderr xpool -0 -a evil "$SHOWARGS" </dev/null
	assert_file_not_exists PWNED
}

@test "no item is ever run as code: shell commands" {
	write_evil evil
	run -0 --separate-stderr xpool -0 -a evil 'echo {} >/dev/null; echo x{}x {.} {/} {//} {/.} >/dev/null' </dev/null
	assert_file_not_exists PWNED
	run -0 --separate-stderr xpool -0 -a evil echo pre{}post '>>' log </dev/null
	assert_file_not_exists PWNED
	assert_equal "$(wc -l <log)" "$(($(tr -cd '\0' <evil | wc -c) + 1))"
}

@test "no item is ever run as code: the item as the command word" {
	write_evil evil
	run --separate-stderr xpool -0 -a evil {} </dev/null
	assert_file_not_exists PWNED
	run --separate-stderr xpool -0 -a evil '{} 2>/dev/null' </dev/null
	assert_file_not_exists PWNED
}

@test "no item is ever run as code: -q, -X, -m, -N, --colsep" {
	write_evil evil
	run -0 --separate-stderr xpool -q -0 -a evil echo {} '>' x </dev/null
	assert_file_not_exists PWNED
	assert_file_not_exists x
	run -0 --separate-stderr xpool -X -0 -a evil 'echo pre{}post >/dev/null' </dev/null
	assert_file_not_exists PWNED
	run -0 --separate-stderr xpool -m -0 -a evil 'echo {} >/dev/null' </dev/null
	assert_file_not_exists PWNED
	run -0 --separate-stderr xpool -N2 -0 -a evil 'echo {1}{2} >/dev/null' </dev/null
	assert_file_not_exists PWNED
	run -0 --separate-stderr xpool --colsep ';' 'echo {1} {2} >/dev/null' ::: '$(touch PWNED);`touch PWNED`'
	assert_file_not_exists PWNED
}

@test "no item is ever run as code: --header names and -I" {
	run -0 --separate-stderr xpool --header : 'echo {h} >/dev/null' ::: h '$(touch PWNED)'
	assert_file_not_exists PWNED
	run -0 --separate-stderr xpool -I @@ 'echo @@ >/dev/null' ::: '; touch PWNED'
	assert_file_not_exists PWNED
}

# ---------------------------------------------------------------- -q

@test "-q: each word of the command is one argument" {
	run -0 --separate-stderr xpool -q "$SHOWARGS" 'a b' {} ::: x
	assert_output 'a b|x|'
}

@test "without -q the words are split again at blanks" {
	run -0 --separate-stderr xpool "$SHOWARGS" 'a b' {} ::: x
	assert_output 'a|b|x|'
}

@test "-q: shell syntax in a word is a plain argument" {
	run -0 --separate-stderr xpool -q "$SHOWARGS" '>' '$HOME' ';' {} ::: x
	assert_output '>|$HOME|;|x|'
	assert_file_not_exists x
}

@test "--quote is -q; --dry-run shows each word quoted" {
	run -0 --separate-stderr xpool --quote --dry-run echo 'a b' '>' {} ::: x
	assert_output "echo 'a b' '>' x"
}

# ---------------------------------------------------------------- packing

@test "-n N: up to N items per command, appended" {
	run -0 --separate-stderr xpool -j1 -n2 "$SHOWARGS" ::: a b c
	assert_output $'a|b|\nc|'
}

@test "-n N with {}: {} stands for all of the command's items" {
	run -0 --separate-stderr xpool -j1 -n2 "$SHOWARGS" {} x ::: a b c
	assert_output $'a|b|x|\nc|x|'
}

@test "--max-args is -n; -n -1 and -n x are errors" {
	run -0 --separate-stderr xpool -j1 --max-args 3 "$SHOWARGS" ::: a b c d
	assert_output $'a|b|c|\nd|'
	run -255 --separate-stderr xpool -n -1 "$SHOWARGS" ::: a
	assert_messages_prefixed
	assert_stderr_contains "-n '-1'"
	run -255 --separate-stderr xpool -n x "$SHOWARGS" ::: a
	assert_messages_prefixed
	assert_stderr_contains "-n 'x'"
}

@test "-N N: {1}..{N} name the command's items; missing ones are empty" {
	run -0 --separate-stderr xpool -j1 -N2 "$SHOWARGS" {2}-{1} ::: a b c
	assert_output $'b-a|\n-c|'
}

@test "--max-replace-args is -N; {#} counts commands" {
	run -0 --separate-stderr xpool -j1 --max-replace-args 2 "$SHOWARGS" {#} {1} ::: a b c
	assert_output $'1|a|\n2|c|'
}

@test "-n and -N override each other: the last one counts" {
	run -0 --separate-stderr xpool -j1 -n 2 -N 3 "$SHOWARGS" {1} ::: a b c d
	assert_output $'a|\nd|'
	run -0 --separate-stderr xpool -j1 -N 3 -n 2 "$SHOWARGS" ::: a b c d
	assert_output $'a|b|\nc|d|'
}

@test "-X: as many items as fit, repeating the word around {}" {
	run -0 --separate-stderr xpool -j1 -X "$SHOWARGS" pre{}post x ::: a b c
	assert_output 'preapost|prebpost|precpost|x|'
}

@test "-m: as many items as fit, {} replaced by all of them" {
	run -0 --separate-stderr xpool -j1 -m "$SHOWARGS" pre{}post x ::: a b c
	assert_output 'prea|b|cpost|x|'
}

@test "-m and -X with no command: the items make one command line" {
	printf 'echo a\necho b\n' >cmds
	run -0 --separate-stderr xpool -j1 -m -a cmds
	assert_output 'a echo b'
	run -0 --separate-stderr xpool -j1 -X -a cmds
	assert_output 'a echo b'
}

@test "-m and -X: the items left at the end of the input are spread over the slots, as GNU parallel" {
	run -0 --separate-stderr xpool -k -j4 -m echo ::: 1 2 3 4 5 6 7 8 9 10
	assert_output $'1 2 3\n4 5 6\n7 8 9\n10'
	run -0 --separate-stderr xpool -k -j4 -X echo pre-{}-post ::: A B C D E F G
	assert_output $'pre-A-post pre-B-post\npre-C-post pre-D-post\npre-E-post pre-F-post\npre-G-post'
	# With -n: never more than N, and spread too.
	run -0 --separate-stderr xpool -k -j3 -m -n 1000 echo ::: a b c
	assert_output $'a\nb\nc'
	# Only the items left when the input ends: full commands stay full.
	seq 30000 >nums
	xpool -k -j4 -m echo <nums >out
	assert_equal "$(wc -l <out)" 6
	assert_equal "$(tr ' ' '\n' <out)" "$(cat nums)"
	# --xargs fills the last command too.
	run -0 --separate-stderr xpool -k -j4 --xargs echo ::: 1 2 3 4 5
	assert_output '1 2 3 4 5'
	if command -v parallel >/dev/null; then
		local a
		for a in "-j4 -m echo" "-j3 -X echo x{}y" "-j2 -m -n 7 echo" "--xargs echo" "-j4 -X echo"; do
			# shellcheck disable=SC2086 # the options' words
			assert_equal "$(xpool -k $a <nums | md5sum)" "$(parallel -k $a <nums | md5sum)"
		done
	fi
}

@test "-X: more items than one command can take: several commands, every item once, in order" {
	seq 1 400000 >nums
	xpool -X "$SHOWARGS" <nums >out
	local jobs
	jobs=$(wc -l <out)
	((jobs >= 2)) || fail "400000 items fitted into $jobs command(s)"
	assert_equal "$(tr -d '\n' <out | tr '|' '\n')" "$(cat nums)"
}

@test "-X and -m with -n or -N: as many as fit, never more than N" {
	run -0 --separate-stderr xpool -k -X -n2 "$SHOWARGS" x{} ::: a b c
	assert_output $'xa|xb|\nxc|'
	run -0 --separate-stderr xpool -k -m -N2 "$SHOWARGS" ::: a b c
	assert_output $'a|b|\nc|'
}

# ---------------------------------------------------------------- failures

@test "an item over the argument limit fails alone, with a message; the others run" {
	{
		echo a
		head -c 200000 /dev/zero | tr '\0' x
		echo
		echo b
	} >items
	run -1 --separate-stderr xpool -j1 -a items "$SHOWARGS" </dev/null
	assert_output $'a|\nb|'
	assert_messages_prefixed
	assert_equal "${#stderr_lines[@]}" 1
	assert_stderr_regex '200000'
	assert_stderr_regex 'limit'
}

@test "an item over the argument limit in a shell command fails alone" {
	{
		echo a
		head -c 200000 /dev/zero | tr '\0' x
		echo
		echo b
	} >items
	run -1 --separate-stderr xpool -j1 -a items 'echo {} | wc -c' </dev/null
	assert_output $'2\n2'
	assert_messages_prefixed
	assert_stderr_regex 'limit'
}

@test "-n with more bytes than ARG_MAX in one command: that job fails alone" {
	local big
	big=$(head -c 100000 /dev/zero | tr '\0' y)
	# 40 items of 100000 bytes: 4 MB, more than the usual 2 MB ARG_MAX.
	for _ in $(seq 40); do echo "$big"; done >items
	echo small >>items
	run --separate-stderr xpool -j1 -n 40 -a items "$SHOWARGS" </dev/null
	[[ $(getconf ARG_MAX) -lt 4000000 ]] || skip "ARG_MAX is too large here"
	assert_equal "$status" 1
	assert_output 'small|'
	assert_messages_prefixed
}

@test "a missing command: each job fails, the message names it, exit counts them" {
	run -3 --separate-stderr xpool nosuch-cmd-xyz ::: a b c
	assert_output ''
	assert_messages_prefixed
	assert_stderr_contains 'nosuch-cmd-xyz'
	assert_stderr_contains 'not found'
}

@test "a missing command fails its job only; the other jobs run" {
	run -1 --separate-stderr xpool -j1 {1} {2} ::: "$SHOWARGS" nosuch-cmd-xyz "$SHOWARGS" ::: a
	assert_output $'a|\na|'
	assert_stderr 'xpool: nosuch-cmd-xyz: command not found'
}

@test "a command that is not executable fails its job, with a message" {
	printf '#!/bin/sh\necho ran\n' >notexec
	chmod 644 notexec
	run -2 --separate-stderr xpool ./notexec ::: a b
	assert_output ''
	assert_messages_prefixed
	assert_stderr_contains './notexec'
}

@test "a directory as the command: 'is a directory', status 126, as shells say" {
	mkdir adir
	run -2 --separate-stderr xpool --joblog log ./adir ::: a b
	assert_output ''
	assert_stderr $'xpool: ./adir: is a directory\nxpool: ./adir: is a directory'
	assert_equal "$(tail -n +2 log | cut -f7)" $'126\n126'
	run -1 --separate-stderr xpool -j1 {} x ::: "$WORK/adir" echo
	assert_output x
	assert_stderr "xpool: $WORK/adir: is a directory"
}

@test "a missing command counts as one failed job, like any failing command" {
	run -2 --separate-stderr xpool -j1 {} ::: nosuch-cmd-xyz false true
	assert_output ''
	assert_stderr 'xpool: nosuch-cmd-xyz: command not found'
}
