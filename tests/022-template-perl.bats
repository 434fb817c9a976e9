#!/usr/bin/env bats
# shellcheck disable=SC1083,SC2016,SC2030,SC2031,SC2154
# (SC1083: {} {= =} are xpool replacement strings; SC2016: $ in single
# quotes is Perl's or the job's shell's; SC2030/SC2031/SC2154: bats runs each
# test in a subshell and sets $stderr and $lines.)
# 022-template-perl: {= PERL =}, {=N PERL =}, --rpl, --parens and the
# helpers GNU parallel gives expressions, evaluated by a real perl.  Each
# test asserts fixed output; where GNU parallel is installed, some also
# compare with it.

load helpers

setup() {
	common_setup
	need perl
}

# Items that would run code if a value ever reached a shell unquoted.
write_evil() {
	printf '%s\0' '$(touch PWNED)' '`touch PWNED`' '; touch PWNED' \
	    '| touch PWNED' "'; touch PWNED; '" $'x\ntouch PWNED' \
	    "it's \$(touch PWNED)" '-n' '' $'\xff\xfe' >"$1"
}

# ---------------------------------------------------------------- {= =}

@test "{= PERL =} is \$_ after the expression, for each item" {
	run -0 --separate-stderr xpool -k "$SHOWARGS" '{= s/a/x/g =}' pre{=tr/a-z/A-Z/=}post ::: abc banana
	assert_output 'xbc|preABCpost|
bxnxnx|preBANANApost|'
	assert_stderr_empty
}

@test "{=N PERL =} and {=-N PERL =}: the value of source N, from the end" {
	run -0 xpool -k "$SHOWARGS" '{=2 $_.="x" =}' '{=-1 =}' '{=1 =}' '{=3 =}' ::: a b ::: c d
	assert_output 'cx|c|a|
dx|d|a|
cx|c|b|
dx|d|b|'
}

@test "a value from perl is quoted like any item: odd values survive, none runs" {
	write_evil evil
	run -0 xpool -k -0 -a evil "$SHOWARGS" '{= $_ = $_ =}' 'x{= s/^/>/ =}'
	[[ ! -e PWNED ]] || fail "an item ran as shell code"
	assert_output "$(printf '%s|x>%s|\n' '$(touch PWNED)' '$(touch PWNED)' \
	    '`touch PWNED`' '`touch PWNED`' '; touch PWNED' '; touch PWNED' \
	    '| touch PWNED' '| touch PWNED' "'; touch PWNED; '" \
	    "'; touch PWNED; '" $'x\ntouch PWNED' $'x\ntouch PWNED' \
	    "it's \$(touch PWNED)" "it's \$(touch PWNED)" '-n' '-n' '' '' \
	    $'\xff\xfe' $'\xff\xfe')"
	# Values made by perl, too.
	run -0 xpool "$SHOWARGS" '{= $_ = q{$(touch PWNED); `touch PWNED`} =}' ::: x
	assert_output '$(touch PWNED); `touch PWNED`|'
	[[ ! -e PWNED ]] || fail "a value from perl ran as shell code"
}

@test "newlines, NUL-free binary, a leading - and empty answers come back byte for byte" {
	run -0 bash -c 'xpool "$SHOWARGS" "{= \$_ = \"a\\nb\\xff\\x01-\" =}" "{= \$_ = \"\" =}" "{= \$_ = \"-n\" =}" ::: x | od -An -tx1'
	assert_output ' 61 0a 62 ff 01 2d 7c 7c 2d 6e 7c 0a'
	# A wide character is written as UTF-8, as GNU parallel prints it.
	run -0 xpool "$SHOWARGS" '{= $_ = "\x{263a}" =}' ::: x
	assert_output $'\xe2\x98\xba|'
	# Large answers are framed, not cut.
	run -0 bash -c 'xpool echo "{= \$_ = \"y\" x 100000 =}" ::: x | wc -c'
	assert_output 100001
}

@test "uq() leaves a value unquoted (shell code, by request); Q() quotes" {
	run -0 xpool -k "$SHOWARGS" '{= $_ = "a b"; uq() =}' '{= $_ = "a b" =}' ::: x
	assert_output 'a|b|a b|'
	run -0 xpool --dry-run echo '{= $_ = Q($_) =}' '{= $_ = Q($_); uq() =}' ::: "it's" 'a b'
	assert_output "echo \"'\"'it'\"'\"'\"'\"'\"'\"'\"'\"'s'\"'\" 'it'\"'\"'s'
echo \"'\"'a b'\"'\" 'a b'"
	run -0 xpool "$SHOWARGS" '{= $_ = Q($_); uq() =}' ::: "it's \$(x)"
	assert_output "it's \$(x)|"
}

@test "-X and -m evaluate each item; \$arg[N] is the job's N-th item" {
	run -0 xpool -X -j1 "$SHOWARGS" 'p{= $_ .= "x" =}' ::: a b c
	assert_output 'pax|pbx|pcx|'
	run -0 xpool -m -j1 "$SHOWARGS" '{= $_ .= "x" =}' ::: a b c
	assert_output 'ax|bx|cx|'
	run -0 xpool -k "$SHOWARGS" '{=1 $_ = $arg[2] . $arg[1] =}' ::: a b ::: c
	assert_output 'ca|
cb|'
	# Unlike {=1 =}, {= =} is evaluated for each of the job's values.
	run -0 xpool "$SHOWARGS" '{= $_ = $arg[2] . $arg[1] =}' ::: a ::: c
	assert_output 'ca|ca|'
}

@test "\$job->seq(), \$job->slot(), seq(), slot(), total_jobs()" {
	run -0 xpool -j1 -k echo '{= $_ = join ":", $job->seq(), $job->slot(), seq(), slot(), total_jobs() =}' ::: a b c d
	assert_output '1:1:1:1:4
2:1:2:1:4
3:1:3:1:4
4:1:4:1:4'
	# Standard input is read whole first, to count it, as GNU parallel does.
	run -0 bash -c 'printf "%s\n" a b c | xpool -k echo "{= \$_ = seq() . \"/\" . total_jobs() =}"'
	assert_output '1/3
2/3
3/3'
}

@test "the time helpers and hash()" {
	run -0 xpool echo '{= $_ = yyyy_mm_dd_hh_mm_ss() . " " . yyyymmdd() . " " . hh_mm() =}' ::: x
	assert_output --regexp '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2} [0-9]{8} [0-9]{2}:[0-9]{2}$'
	# B::hash: the same value in one run (perl seeds its hash per process).
	if perl -MB -e 1 2>/dev/null; then
		run -0 xpool -k echo '{= $_ = hash($_) =}' ::: abc abc
		assert_line --index 0 --regexp '^0x[0-9a-f]+$'
		assert_equal "${lines[0]}" "${lines[1]}"
	fi
}

@test "what an expression prints goes to stderr, not into the answers" {
	run -0 --separate-stderr xpool echo '{= print "noise\n"; $_ = "ok" =}' ::: x
	assert_output ok
	assert_stderr noise
}

# ---------------------------------------------------------------- skip()

@test "skip(): the job is numbered and logged (Exitval -2), not run; it counts as failed" {
	run -1 --separate-stderr xpool -j1 -k --joblog log 'touch ran.{= $_ == 2 and skip() =}; echo {#}:{}' ::: 1 2 3
	assert_output '1:1
3:3'
	assert_stderr_empty
	[[ -e ran.1 && ! -e ran.2 && -e ran.3 ]] || fail "job 2 ran"
	run -0 awk -F'\t' 'NR > 1 { print $1, $7 }' log
	assert_output --partial '2 -2'
	run -2 xpool true '{= $_ < 3 and skip() =}' ::: 1 2 3 4
	run -0 xpool --dry-run echo '{= $_ == 9 and skip() =}' ::: 1
	assert_output 'echo 1'
	# A dry run shows the jobs that would run: not those skip() skips,
	# which count as failed, as in a run (GNU parallel prints them, and
	# exits 0: COMPATIBILITY).
	run -2 xpool -k --dry-run echo '{= $_ > 2 and skip() =}' ::: 1 2 3 4
	assert_output $'echo 1\necho 2'
}

# ---------------------------------------------------------------- --rpl

@test "--rpl: a tag, its positional form, and redefining {}" {
	run -0 xpool -k --rpl '{..} s:\.[^/.]+$::; s:\.[^/.]+$::' "$SHOWARGS" {..} {2..} ::: a.b.c ::: d.e.f
	assert_output 'a|d|d|'
	run -0 xpool --rpl '{} s/a/b/' "$SHOWARGS" {} {.} ::: a.a
	assert_output 'b.a|a|'
	# Tags need no braces; the longer is replaced first.
	run -0 xpool --rpl '% s/a/b/' --rpl '%% s/a/c/' "$SHOWARGS" % %% ::: a
	assert_output 'b|c|'
}

@test "--rpl 'TAG N PERL': the expression is for argument N only, as in GNU parallel" {
	run -0 xpool -k --rpl '{first} 1 $_=uc' "$SHOWARGS" {first} ::: a b ::: c
	assert_output $'A|\nB|'
	run -0 xpool -k --rpl '{two} 2 $_=uc' "$SHOWARGS" {two} x{} ::: a ::: c
	assert_output 'C|xa|c|'
	command -v parallel >/dev/null || return 0
	run -0 parallel --will-cite -k --rpl '{two} 2 $_=uc' "$SHOWARGS" {two} x{} ::: a ::: c
	assert_output 'C|xa|c|'
}

@test "--rpl with a (REGEX) in the tag: \$\$1 \$\$2 are what it matched" {
	run -0 xpool --rpl '{%(.*?)} s/$$1//' "$SHOWARGS" {%.tar.gz} {2%.gz} ::: my.tar.gz ::: x.gz
	assert_output 'my|x.gz|x|'
	run -0 xpool --rpl '{/(.+?)/(.*?)} s/$$1/$$2/;' "$SHOWARGS" {/replacethis/withthis} {/b/C} ::: a_replacethis_b
	assert_output 'a_withthis_b|a_replacethis_C|'
	run -0 xpool --rpl '{(.*?)/(.*?)} $_="$$2$_$$1"' "$SHOWARGS" {swap/these} ::: -middle-
	assert_output 'these-middle-swap|'
	# A matched group is text in the expression, never code.
	run -0 xpool --rpl '{:-([^}]+?)} $_ ||= $$1' "$SHOWARGS" '{:-$x@y"}' ::: ''
	assert_output '$x@y"|'
}

@test "--parens changes the {= =} of expressions" {
	run -0 xpool --parens ,,,, echo foo is ,,s/I/O/g,, ::: FII
	assert_output 'foo is FOO'
	run -0 xpool --parens '<<>>' "$SHOWARGS" '<<2 $_ .= 1>>' '{=x=}' ::: a ::: b
	assert_output 'b1|{=x=}|'
	run -255 --separate-stderr xpool --parens '{=}' echo ::: a
	assert_stderr_contains '--parens'
}

@test "--tagstring takes expressions too" {
	run -0 xpool --tagstring '{= $_ = uc =}' echo x ::: a
	assert_output $'A\tx a'
}

# ---------------------------------------------------------------- failures

@test "no perl: the string that needs it is named, nothing runs, exit 255" {
	mkdir empty
	run -255 --separate-stderr env PATH="$PWD/empty" "$XPOOL" '/bin/touch ran; echo {= s/a/b/ =}' ::: a
	assert_stderr_contains '{= s/a/b/ =} needs perl'
	assert_messages_prefixed
	[[ ! -e ran ]] || fail "a job ran"
	run -255 --separate-stderr env PATH="$PWD/empty" "$XPOOL" --rpl '{x} s/a/b/' /bin/echo {x} ::: a
	assert_stderr_contains "--rpl"
	# Templates without an expression do not need perl.
	run -0 env PATH="$PWD/empty" "$XPOOL" /bin/echo {} ::: a
	assert_output a
}

@test "an expression that is not Perl: said, nothing runs, exit 255" {
	run -255 --separate-stderr xpool 'touch ran; echo {= s/( =}' ::: a
	assert_stderr_regex '^xpool: \{= s/\( =\} is not valid Perl: Substitution pattern not terminated'
	[[ ! -e ran ]] || fail "a job ran"
}

@test "an expression that dies stops the run, exit 255, as GNU parallel stops" {
	run -255 --separate-stderr xpool -j1 'touch ran.{= $_ == 2 and die "no two\n" =}' ::: 1 2 3
	assert_stderr 'xpool: {= $_ == 2 and die "no two\n" =} died: no two'
	[[ -e ran.1 && ! -e ran.2 && ! -e ran.3 ]] || fail "jobs after the death ran"
	assert_no_leftover
}

@test "an expression that never returns does not keep a signal from stopping xpool" {
	start_xpool out err echo '{= 1 while 1 =}' ::: a
	# perl is running (it carries the test's tag) before the signal.
	local n=$((GUARD * 10))
	while [[ -z $(leftover_pids | grep -vx "$XPID") ]]; do
		((--n > 0)) || fail "perl never started"
		sleep 0.1
	done
	kill -TERM "$XPID"
	wait_xpool
	[[ $status -eq 143 ]] || fail "status $status, not 143 (SIGTERM)"
	assert_no_leftover
}

@test "the perl process ends with the run" {
	run -0 xpool -j2 echo '{= $_++ =}' ::: 1 2 3
	assert_no_leftover
}

# ---------------------------------------------------------------- GNU

@test "--dry-run text equals GNU parallel's for expressions over odd items" {
	command -v parallel >/dev/null || skip "GNU parallel is not installed"
	write_evil evil
	local tpl want
	local -a t
	for tpl in "echo '{= s/x/y/ =}'" "echo 'p{= \$_ .= \"a b\" =}q'" \
	    "echo '{= \$_ = Q(\$_) =}'" "echo '{= \$_ = \"a b\"; uq() =}'" \
	    "--rpl '{r} s/T/t/g' echo {r} {.}" \
	    "--rpl '{%(.*?)} s/\$\$1//' echo '{%WNED}'" \
	    "-X echo 'x{= \$_ = length =}'"; do
		eval "t=($tpl)"
		want=$(parallel --will-cite -j1 -k -0 -a evil --dry-run "${t[@]}")
		run -0 --separate-stderr xpool -j1 -k -0 -a evil --dry-run "${t[@]}" </dev/null
		[[ $output == "$want" ]] || fail "template [$tpl] differs:
$(diff <(echo "$want") <(echo "$output"))"
	done
}
