#!/usr/bin/env bats
# shellcheck disable=SC1083,SC2016,SC2030,SC2031,SC2154
# (SC1083: {} {1} ... are xpool replacement strings; SC2016: $ in single
# quotes is for the job's shell; SC2030/SC2031/SC2154: bats runs each test in a
# subshell and sets $stderr and $lines.)
# 018-run-more: more of GNU parallel's run options: --compress,
# --compress-program and --decompress-program (held output compressed in
# temporary files); --filter (jobs run only where a Perl condition holds);
# --limit (a command, or mem, load, io, says whether a job may start);
# --template (a file written for each job, its replacement strings replaced);
# --shell-completion (the completion scripts, printed).
#
# Each test states the expected output; where GNU parallel is installed and
# does the same, it is run the same way and must give the same.

load helpers

# same STATUS WANT ARG...: xpool -k ARG... prints WANT on its standard
# output and exits with STATUS (the jobs left out count as failed); so does
# GNU parallel where it is installed.
same() {
	local rc=$1 want=$2
	shift 2
	run "-$rc" --separate-stderr xpool -k "$@"
	assert_output "$want"
	if command -v parallel >/dev/null; then
		run "-$rc" --separate-stderr parallel -k "$@"
		assert_output "$want"
	fi
}

# zipper NAME PROGRAM: a compressor on PATH that logs its arguments to
# NAME.calls (a line per start) and runs PROGRAM with them.
zipper() {
	cat >"$BATS_TEST_TMPDIR/bin/$1" <<EOF
#!/bin/sh
echo "\$*" >>"$WORK/$1.calls"
exec $2 "\$@"
EOF
	chmod +x "$BATS_TEST_TMPDIR/bin/$1"
}

# Three jobs that print 300 KB each on stdout and a line on stderr; the
# first (3) ends only once the others have (files done.2 and done.1, in
# the test's directory), so that theirs waits, held and spilled past
# --buffer, however slow the machine.
BIG='seq -f "{}-%g" 50000; echo "err {}" >&2
    if [ {} = 3 ]; then n=0
        until [ -e done.2 ] && [ -e done.1 ] || [ $n -gt 600 ]; do
            sleep 0.05; n=$((n + 1)); done
        rm -f done.2 done.1
    else : >done.{}; fi'

@test "--compress: output past --buffer is the same, byte for byte" {
	run -0 --separate-stderr xpool -j3 --buffer 1K "$BIG" ::: 3 2 1
	local plain=$output plainerr=$stderr
	[[ ${#plain} -gt 800000 ]] || fail "only ${#plain} bytes"
	run -0 --separate-stderr xpool -j3 --buffer 1K --compress "$BIG" ::: 3 2 1
	assert_equal "$(md5sum <<<"$output")" "$(md5sum <<<"$plain")"
	assert_stderr "$plainerr"
	run -0 --separate-stderr xpool -j3 --compress "$BIG" ::: 3 2 1
	assert_equal "$(md5sum <<<"$output")" "$(md5sum <<<"$plain")"
	if command -v parallel >/dev/null; then
		run -0 --separate-stderr parallel -k -j3 --compress "$BIG" ::: 3 2 1
		assert_equal "$(md5sum <<<"$output")" "$(md5sum <<<"$plain")"
	fi
	assert_no_leftover
	assert_tmpdir_empty
}

@test "--compress-program: held output goes through PRG and back through PRG -dc" {
	zipper zip gzip
	run -0 --separate-stderr xpool -j3 --buffer 1K --compress-program zip "$BIG" ::: 3 2 1
	assert_equal "$(printf '%s\n' "$output" | md5sum)" \
	    "$(for i in 3 2 1; do seq -f "$i-%g" 50000; done | md5sum)"
	# Jobs 2 and 3 wait for job 1: a compressor and a decompressor each
	# for their standard output (their one line of stderr stays in memory).
	run -0 sort zip.calls
	assert_output $'\n\n-dc\n-dc'
	assert_no_leftover
	assert_tmpdir_empty
}

@test "--compress: output that fits in --buffer starts no compressor" {
	zipper zip gzip
	run -0 xpool -j3 --compress-program zip 'echo {}; sleep 0.{}' ::: 3 2 1
	assert_output $'3\n2\n1'
	assert_file_not_exists zip.calls
}

@test "--compress picks GNU parallel's first installed compressor, with -c -1 and -dc" {
	mkdir fake
	local p
	for p in sh seq sleep cat rm; do
		ln -s "$(command -v $p)" fake/$p
	done
	zipper gzip "$(command -v gzip)"
	mv "$BATS_TEST_TMPDIR/bin/gzip" fake/gzip
	run -0 --separate-stderr env PATH="$PWD/fake" "$XPOOL" -j3 --buffer 1K --compress "$BIG" ::: 3 2 1
	assert_equal "$(printf '%s\n' "$output" | md5sum)" \
	    "$(for i in 3 2 1; do seq -f "$i-%g" 50000; done | md5sum)"
	run -0 sort gzip.calls
	assert_output $'-c -1\n-c -1\n-dc\n-dc'
}

@test "--decompress-program is used to read back" {
	zipper unzip 'gzip'
	run -0 --separate-stderr xpool -j3 --buffer 1K --compress-program 'gzip -1' \
	    --decompress-program 'unzip -dc' "$BIG" ::: 3 2 1
	assert_equal "$(printf '%s\n' "$output" | md5sum)" \
	    "$(for i in 3 2 1; do seq -f "$i-%g" 50000; done | md5sum)"
	run -0 cat unzip.calls
	assert_output $'-dc\n-dc'
}

@test "--compress: a reader that goes away leaves no compressor running" {
	# Jobs 2 and 3 are compressed, done, when job 1 starts to print.
	run -141 bash -c "set -o pipefail; xpool -j3 --buffer 1K --compress \
	    'if [ {} = 1 ]; then sleep 1; echo one; else seq 50000; fi' \
	    ::: 1 2 3 | head -c 8"
	assert_output $'one\n1\n2'
	assert_no_leftover
	assert_tmpdir_empty
}

@test "--compress-program that fails: said, and status 255" {
	run -255 --separate-stderr xpool -j3 --buffer 1K --compress-program false "$BIG" ::: 3 2 1
	assert_stderr_contains "xpool: cannot compress held output with 'false'"
	assert_stderr_contains "check --compress-program"
	assert_no_leftover
}

@test "the --compress aliases of GNU parallel" {
	zipper zip gzip
	local o
	for o in --compressprogram --use-compress-program --usecompressprogram; do
		run -0 xpool -j3 --buffer 1K "$o" zip "$BIG" ::: 3 2 1
	done
	run -0 grep -c dc zip.calls
	assert_output 6
	for o in --decompressprogram --use-decompress-program --usedecompressprogram; do
		run -0 xpool -j3 --buffer 1K --compress-program gzip "$o" 'zip -dc' \
		    "$BIG" ::: 3 2 1
	done
	run -0 grep -c dc zip.calls
	assert_output 12
}

# ---------------------------------------------------------------- --filter

@test "--filter: only the jobs whose condition is true run (GNU's example)" {
	same 3 $'1 1\n1 2\n1 3\n2 2\n2 3\n3 3' --filter '{1} < {2}+1' echo ::: 1 2 3 ::: 1 2 3
}

@test "--filter: values go in unquoted, as Perl text" {
	same 1 $'a\nc d' --filter '"{}" ne "b"' echo ::: a b 'c d'
	same 1 $'x.gz' --filter '"{/.}" =~ /^x/' echo ::: x.gz y.gz
}

@test "--filter given twice: both must be true" {
	same 6 $'2 2\n2 3\n3 3' --filter '{1} < {2}+1' --filter '{1} > 1' echo ::: 1 2 3 ::: 1 2 3
}

@test "--filter: jobs left out keep their numbers, are logged with -2 and count as failed" {
	run -1 --separate-stderr xpool -k --joblog log --filter '{} > 1' echo {#} {} ::: 1 2 3
	assert_output $'2 2\n3 3'
	# The log is in the order the jobs ended.
	run -0 bash -c "awk -F'\t' 'NR > 1 { print \$1, \$7, \$9 }' log | sort"
	assert_output $'1 -2 echo 1 1\n2 0 echo 2 2\n3 0 echo 3 3'
	if command -v parallel >/dev/null; then
		run -1 --separate-stderr parallel -k --filter '{} > 1' echo {#} {} ::: 1 2 3
		assert_output $'2 2\n3 3'
	fi
}

@test "--filter: {= =} and --header names work in it" {
	same 2 $'2' --filter '{= $_ *= 2 =} == 4' echo ::: 1 2 3
	printf 'n\n1\n5\n' >in
	same 1 $'5' --header : --filter '{n} > 2' echo {n} :::: in
}

@test "--filter that does not compile is false for every job" {
	run -2 --separate-stderr xpool --filter 'this is not ( perl' echo ::: 1 2
	assert_output ''
}

@test "--filter is not for --worker" {
	run -255 --separate-stderr xpool --worker --filter 1 cat ::: 1
	assert_stderr_contains "--worker does not go with --filter"
}

# ---------------------------------------------------------------- --limit

@test "--limit: exit 0 starts the jobs" {
	same 0 $'a\nb' --limit 'exit 0' echo ::: a b
}

@test "--limit: exit 1 holds the start until it says 0, and runs before each start" {
	# Over the limit until the third time it runs; it logs each run.
	cat >lim <<'EOF'
#!/bin/sh
echo run >>"$WORK/runs"
[ "$(wc -l <"$WORK/runs")" -ge 3 ]
EOF
	chmod +x lim
	run -0 gxpool -j1 --limit "$WORK/lim" 'echo {}; wc -l <runs' ::: a b
	# a started at the third run; b at the fourth (its own check).
	assert_output $'a\n3\nb\n4'
}

@test "--limit: its command runs with SSHLOGIN=: and /dev/null as stdin" {
	run -0 xpool --limit '[ "$SSHLOGIN" = : ] && ! read x' echo ok ::: 1 <<<"input"
	assert_output 'ok 1'
}

@test "--limit: exit 2 ends the youngest job, logged as GNU parallel logs it" {
	# Way over once, while the job runs; below the limit otherwise.
	cat >lim <<'EOF'
#!/bin/sh
[ -e "$WORK/started" ] && [ ! -e "$WORK/ended" ] && touch "$WORK/ended" && exit 2
exit 0
EOF
	chmod +x lim
	run -1 --separate-stderr gxpool --joblog log --limit "$WORK/lim" \
	    "touch started; sleep $SLEEP_ARG; echo not ended" ::: 1
	assert_output ''
	assert_stderr_contains "xpool: warning: job 1 ended: --limit '$WORK/lim' says way over the limit (2)"
	run -0 awk -F'\t' 'NR > 1 { print $1, $7, $8 }' log
	assert_output '1 -1 15'
	assert_no_leftover
}

@test "--limit with --retries: the job ended runs again" {
	cat >lim <<'EOF'
#!/bin/sh
[ -e "$WORK/started" ] && [ ! -e "$WORK/ended" ] && touch "$WORK/ended" && exit 2
exit 0
EOF
	chmod +x lim
	run -0 --separate-stderr gxpool --retries 2 --limit "$WORK/lim" \
	    "if [ -e ended ]; then echo second {}; else touch started; sleep $SLEEP_ARG; fi" ::: 1
	assert_output 'second 1'
	assert_stderr_contains "it will run again"
}

@test "--limit's built-ins: mem, load and io" {
	# Every machine has a byte free and fewer than a million processes
	# running; none has 1000 TB free.
	same 0 'm 1' --limit 'mem 1' echo m ::: 1
	same 0 'l 1' --limit 'load 1000000' echo l ::: 1
	run -0 gxpool --limit 'io 100' echo io ::: 1
	assert_output 'io 1'
	run -124 timeout 2 "$XPOOL" --limit 'mem 1000T' echo never ::: 1
	assert_output ''
}

@test "--limit: a built-in with a bad figure is an error" {
	run -255 --separate-stderr xpool --limit 'mem lots' echo ::: 1
	assert_stderr_contains "xpool: --limit 'mem lots':"
	run -255 --separate-stderr xpool --limit 'load' echo ::: 1
	assert_stderr_contains "needs one figure"
}

# ---------------------------------------------------------------- --template

@test "--template: each job's file, its text and name replaced, as GNU parallel writes it" {
	printf '  x {} "q" \\ $y\n{= $_ = uc =} {#}\n\n' >t
	run -0 xpool -k --tmpl t=out.{#} 'od -c out.{#}; true' ::: a 'b c'
	local want=$output
	[[ -n $want ]] || fail "no output"
	run -0 cat out.1
	assert_output $'  x a "q" \\ $y\nA 1'
	run -0 od -c out.2
	assert_output --partial '  x       b       c       "   q   "'
	if command -v parallel >/dev/null; then
		rm out.*
		run -0 parallel -k --tmpl t=out.{#} 'od -c out.{#}; true' ::: a 'b c'
		assert_output "$want"
	fi
}

@test "--template with --header: GNU parallel's example" {
	printf 'Xval: {x}\nYval: {y}\nDecimalX: {=1 $_=sprintf("%%.2f",$_) =}\n' >my.tmpl
	same 0 $'1.t\nXval: 1.234\nYval: 1\nDecimalX: 1.23\n2.t\nXval: 2.345\nYval: 2\nDecimalX: 2.35' \
	    --header : --link --tmpl my.tmpl={#}.t 'echo {#}.t; cat {#}.t' ::: x 1.234 2.345 ::: y 1 2
}

@test "--template twice, and in a dry run the files are written too" {
	printf '{}1\n' >a
	printf '{}2\n' >b
	run -0 xpool --template a=x.{} --tmpl b=y.{} 'cat x.{} y.{}' ::: v
	assert_output $'v1\nv2'
	rm x.v y.v
	run -0 xpool --dry-run --tmpl a=x.{} 'cat x.{}' ::: w
	assert_output 'cat x.w'
	assert_file_exists x.w
}

@test "--template: a file that cannot be read, or written, is said" {
	run -255 --separate-stderr xpool --tmpl nosuch=x echo ::: 1
	assert_stderr_contains "xpool: --template: cannot read 'nosuch'"
	run -255 --separate-stderr xpool --tmpl nosuch echo ::: 1
	assert_stderr_contains "--template"
	printf 'x\n' >t
	run -1 --separate-stderr xpool --tmpl t=no/such/dir/{} echo ::: 1
	assert_stderr_contains "job 1: cannot create its --template file 'no/such/dir/1'"
}

@test "--template is not for --worker" {
	printf 'x\n' >t
	run -255 --separate-stderr xpool --worker --tmpl t=x cat ::: 1
	assert_stderr_contains "--worker does not go with --template"
}

# ---------------------------------------------------------- --shell-completion

@test "--shell-completion prints the scripts of completions/, built in" {
	local root=$BATS_TEST_DIRNAME/.. sh
	for sh in bash zsh fish; do
		run -0 --separate-stderr xpool --shell-completion $sh
		case $sh in
		bash) assert_output "$(cat "$root/completions/xpool.bash")" ;;
		zsh) assert_output "$(cat "$root/completions/_xpool")" ;;
		fish) assert_output "$(cat "$root/completions/xpool.fish")" ;;
		esac
		assert_stderr_empty
	done
}

@test "--shell-completion auto: the shell xpool was started from" {
	need zsh fish
	# "; :" keeps each shell from exec'ing xpool in its place.
	SHELL=/bin/false run -0 zsh -c '"$XPOOL" --shell-completion auto; :'
	assert_line --index 0 '#compdef xpool sem'
	SHELL=/bin/false run -0 bash -c '"$XPOOL" --shell-completion auto; :'
	assert_output "$(xpool --shell-completion bash)"
	SHELL=/bin/false run -0 fish -c '"$XPOOL" --shell-completion auto; true'
	assert_output "$(xpool --shell-completion fish)"
	SHELL=bash run -255 --separate-stderr sh -c '"$XPOOL" --shell-completion auto; exit $?'
	assert_stderr "xpool: --shell-completion: no completion script for 'sh'; give bash, zsh or fish"
}

@test "--shell-completion auto, started from no shell: the one \$SHELL names" {
	need unshare
	unshare --pid --fork --mount-proc true 2>/dev/null ||
	    fail "unshare cannot make a PID namespace here"
	# In a PID namespace of its own, xpool is process 1: nothing above it.
	SHELL=/usr/bin/zsh run -0 unshare --pid --fork --mount-proc \
	    "$XPOOL" --shell-completion auto
	assert_line --index 0 '#compdef xpool sem'
	SHELL=/bin/ksh run -255 --separate-stderr unshare --pid --fork \
	    --mount-proc "$XPOOL" --shell-completion auto
	assert_stderr "xpool: --shell-completion: no completion script for '/bin/ksh'; give bash, zsh or fish"
	SHELL= run -255 --separate-stderr unshare --pid --fork --mount-proc \
	    "$XPOOL" --shell-completion auto
	assert_stderr "xpool: --shell-completion auto: xpool was not started from a shell and SHELL is not set; give bash, zsh or fish"
}

@test "--shell-completion bash: the script it prints completes xpool's options" {
	need bash
	run -0 bash -c 'eval "$(xpool --shell-completion bash)"
		COMP_WORDS=(xpool --shell-comp); COMP_CWORD=1; COMP_LINE="xpool --shell-comp"; COMP_POINT=${#COMP_LINE}
		_xpool; printf "%s\n" "${COMPREPLY[@]}"'
	assert_line -- --shell-completion
}
