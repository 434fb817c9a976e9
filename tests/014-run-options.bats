#!/usr/bin/env bats
# shellcheck disable=SC1083,SC2016,SC2030,SC2031,SC2154
# (SC1083: {} {1} ... are xpool replacement strings; SC2016: $ in single
# quotes is for the job's shell; SC2030/SC2031/SC2154: bats runs each test in a
# subshell and sets $stderr and $lines.)
# 014-run-options: GNU parallel's names for running and output options:
# its aliases (-C, -t, --max-procs, --block-size, --jl, --res, --xapply, and
# every other spelling GNU parallel accepts),
# --files, --nice, the CPU counts (--number-of-*, --use-*-instead-of-*),
# --minversion, --max-line-length-allowed, --show-limits, -s, -x, -L, -l,
# --shuf, --silent, --no-keep-order, --process-slot-var, --shell-quote, --gnu.
#
# Each test states the expected output; where GNU parallel is installed, it
# is run the same way and must give the same.

load helpers

# same WANT ARG...: xpool -k ARG... < in (empty unless the test wrote it)
# prints WANT on its standard output and exits 0; so does GNU parallel where
# it is installed.
same() {
	local want=$1
	shift
	[[ -e in ]] || : >in
	run -0 --separate-stderr xpool -k "$@" <in
	assert_output "$want"
	if command -v parallel >/dev/null; then
		run -0 --separate-stderr parallel -k "$@" <in
		assert_output "$want"
	fi
}

# ---------------------------------------------------------------- aliases

@test "-C is --colsep" {
	same $'b a\ny x' -C , echo {2} {1} ::: a,b x,y
}

@test "-t prints each command on standard error, as --verbose does" {
	run -0 --separate-stderr xpool -k -t echo ::: 'a b' c
	assert_output $'a b\nc'
	assert_equal "$stderr" $'echo \'a b\'\necho c'
	if command -v parallel >/dev/null; then
		run -0 --separate-stderr parallel -k -t echo ::: 'a b' c
		assert_output $'a b\nc'
		assert_equal "$stderr" $'echo \'a b\'\necho c'
	fi
}

@test "--max-procs is -j" {
	# One slot: the second job sees the first one's file.
	same $'1\n1' --max-procs 1 'touch f{}; ls f* | wc -l; rm f{}' ::: 1 2
}

@test "--xapply is --link" {
	same $'a 1\nb 2' --xapply echo ::: a b ::: 1 2
}

@test "--dryrun is --dry-run, --linebuffer is --line-buffer" {
	same $'echo a\necho b' --dryrun echo ::: a b
	same $'a\nb' -j1 --linebuffer echo ::: a b
}

@test "--block-size is --block" {
	seq 6 >in
	same $'2\n2\n2' --pipe --block-size 4 wc -l
}

@test "--jl is --joblog" {
	run -0 xpool -j1 --jl log echo ::: a b
	run -0 cut -f 1,7,9 log
	assert_output $'Seq\tExitval\tCommand\n1\t0\techo a\n2\t0\techo b'
}

@test "--res is --results" {
	run -0 xpool --res out.csv echo ::: a
	run -0 head -n 1 out.csv
	assert_output 'Seq,Host,Starttime,JobRuntime,Send,Receive,Exitval,Signal,Command,V1,Stdout,Stderr'
	run -0 tail -n +2 out.csv
	assert_output --partial ',"echo a",a,"a'
}

@test "--argfile is --arg-file, --col-sep is --colsep" {
	printf 'a,b\nx,y\n' >af
	same $'b a\ny x' --argfile af --col-sep , echo {2} {1}
}

@test "--maxargs, --maxreplaceargs, --maxlines, --maxchars, --maxprocs, --norunifempty: the xargs options' GNU spellings" {
	same $'a b\nc' --maxargs 2 echo ::: a b c
	same $'a b\nc' --maxreplaceargs 2 echo ::: a b c
	same $'b a\nc' --maxreplaceargs 2 echo {2} {1} ::: a b c
	same $'a b\nc d\ne' --maxchars 10 -X echo ::: a b c d e
	same $'1\n1' --maxprocs 1 'touch f{}; ls f* | wc -l; rm f{}' ::: 1 2
	printf 'a\nb\nc\n' >in
	same $'a b\nc' --maxlines 2 echo
	printf 'a\n \nb\n' >in
	same $'a\nb' --norunifempty echo
}

# order ARG...: xpool -j2 ARG... runs a job for a, which ends only once the
# job for b has ended, and prints the output in the order it was given.
order() {
	run -0 --separate-stderr timeout 60 "$XPOOL" -j2 "$@" \
	    'if [ {} = a ]; then until [ -e b ]; do sleep 0.01; done; fi; echo {}; touch {}' ::: a b
	rm -f a b
}

@test "--keeporder is -k; --nokeeporder, --nok, --no-k are --no-keep-order" {
	local o
	order --keeporder
	assert_output $'a\nb'
	for o in --no-keep-order --nokeeporder --nok --no-k; do
		order -k "$o"
		assert_output $'b\na'
	done
}

@test "--line-buffered and --linebuffered are --line-buffer" {
	local o cmd
	for o in --line-buffer --line-buffered --linebuffered; do
		for cmd in "$XPOOL" parallel; do
			command -v "$cmd" >/dev/null || continue
			rm -f out b
			# b waits for a's first line to be out while a still runs.
			run -0 timeout 60 sh -c '"$1" -j2 "$2" "if [ {} = a ]; then echo a1; until [ -e b ]; do sleep 0.01; done; echo a2; else until grep -q a1 out; do sleep 0.01; done; echo b; touch b; fi" ::: a b >out' sh "$cmd" "$o"
			assert_equal "$(head -n 1 out)" a1
			assert_equal "$(sort out)" $'a1\na2\nb'
		done
	done
}

@test "--numberof{cores,cpus,sockets,threads}, --maxlinelengthallowed print what their dashed spellings print" {
	local o
	for o in --numberofcores:--number-of-cores --numberofcpus:--number-of-cpus \
	    --numberofsockets:--number-of-sockets --numberofthreads:--number-of-threads; do
		run -0 --separate-stderr xpool "${o%%:*}"
		assert_output "$(xpool "${o#*:}")"
	done
	run -0 --separate-stderr xpool --maxlinelengthallowed
	assert_output "$(xpool --max-line-length-allowed)"
	if command -v parallel >/dev/null; then
		assert_equal "$(parallel --numberofsockets)" "$(xpool --numberofsockets)"
		assert_equal "$(parallel --numberofthreads)" "$(xpool --numberofthreads)"
	fi
}

@test "--usecoresinsteadofthreads, --usesocketsinsteadofthreads, --usecpusinsteadofcores: what -j 100% counts" {
	assert_equal "$(slots --usecoresinsteadofthreads)" "$(xpool --number-of-cores)"
	assert_equal "$(slots --usesocketsinsteadofthreads)" "$(xpool --number-of-sockets)"
	assert_equal "$(slots --usecpusinsteadofcores)" "$(xpool --number-of-sockets)"
	if command -v taskset >/dev/null; then
		# One CPU: one socket, so -j +1 is 2.
		run -0 taskset -c 0 "$XPOOL" --usesocketsinsteadofthreads -j +1 echo {%} ::: 1 2 3 4
		assert_equal "$(sort -u <<<"$output" | wc -l)" 2
	fi
}

@test "--shellquote and --shell_quote are --shell-quote; --shellcompletion is --shell-completion" {
	same "'echo '\"'\"'y z'\"'\"" --shellquote echo ::: 'y z'
	same "'echo '\"'\"'y z'\"'\"" --shell_quote echo ::: 'y z'
	same "\"'\"'echo x'\"'\"" --shellquote --shell_quote echo ::: x
	run -0 xpool --shellcompletion bash
	assert_output "$(xpool --shell-completion bash)"
	assert_output --partial 'complete -F _xpool xpool sem'
}

@test "--tag-string, --skipfirstline, --totaljobs, --processslotvar, --haltonerror: GNU's spellings" {
	same $'x-a\ta' --tag-string 'x-{}' echo ::: a
	same b --skipfirstline echo ::: a b
	same 5 --plus --totaljobs 5 echo {##} ::: a
	same '0 a' -j1 --processslotvar SLOT 'echo $SLOT {}' ::: a
	run -1 --separate-stderr xpool -k -j1 --haltonerror now,fail=1 'echo {}; exit {}' ::: 0 1 2
	assert_output $'0\n1'
	assert_stderr_contains 'xpool: --halt: job 2 failed'
}

@test "--resumefailed is --resume-failed, --retryfailed is --retry-failed" {
	local cmd
	for cmd in xpool parallel; do
		command -v $cmd >/dev/null || continue
		rm -f log
		run -1 --separate-stderr $cmd -k --joblog log 'echo {}; exit {}' ::: 0 1
		run -1 --separate-stderr $cmd -k --resumefailed --joblog log 'echo {}; exit {}' ::: 0 1
		assert_output 1
		run -1 --separate-stderr $cmd --retryfailed --joblog log
		assert_output 1
	done
}

@test "--roundrobin is --round-robin, --blocksize is --block, --regex is --regexp" {
	seq 6 >in
	same $'2\n2\n2' --pipe --blocksize 4 wc -l
	same 6 --pipe --roundrobin -j1 --blocksize 4 wc -l
	printf 'a1b2c3' >in
	same $'a\nb\nc' --pipe --regex --recend '[0-9]' -N1 --rrs 'cat; echo'
}

@test "--dr is --dry-run, --result is --results, --tempdir is --tmpdir" {
	same 'echo a' --dr echo ::: a
	run -0 xpool --result out.csv echo ::: a
	run -0 head -n 1 out.csv
	assert_output --partial 'Seq,Host,Starttime'
	mkdir td
	run -0 --separate-stderr xpool --files --tempdir td echo ::: a
	[[ $output == td/*.par ]] || fail "not in td: $output"
	assert_equal "$(cat "$output")" a
}

@test "the remote options' GNU spellings: --work-dir, --transfer-file(s), --transferfiles, --filterhosts, --filter-host, --hostgrp, --hostgroup, --rsyncopts" {
	local o
	mkdir d
	run -0 --separate-stderr xpool --work-dir d pwd ::: a
	assert_output "$PWD/d"
	for o in --transfer-file --transfer-files --transferfiles; do
		run -0 --separate-stderr xpool "$o" {} echo ::: a
		assert_output a
		assert_stderr_contains 'xpool: warning: --transferfile is ignored: there is no remote host'
	done
	for o in --filterhosts --filter-host; do
		run -255 --separate-stderr xpool "$o" echo ::: a
		assert_stderr_contains 'xpool: --filter-hosts leaves out the hosts of -S'
	done
	for o in --hostgrp --hostgroup; do
		run -255 --separate-stderr xpool "$o" echo ::: a
		assert_stderr_contains 'xpool: --hostgroups sends ITEM@GROUP'
	done
	run -0 --separate-stderr xpool --rsyncopts -a echo ::: a
	assert_output a
}

@test "--will-cite, --willcite, --nn, --nonotice, --no-notice are accepted and change nothing" {
	local o
	for o in --will-cite --willcite --nn --nonotice --no-notice; do
		same $'a\nb' "$o" echo ::: a b
	done
}

# ---------------------------------------------------------------- --files

# check_files OUT WANT...: OUT (a list of file names, one per line) names
# one parXXXXX(X).par file in $TMPDIR per WANT, in order, each holding WANT.
check_files() {
	local out=$1 f i=0
	shift
	local -a names
	mapfile -t names <<<"$out"
	assert_equal "${#names[@]}" "$#"
	for want in "$@"; do
		f=${names[i]}
		[[ $f == "$TMPDIR"/par*.par ]] || fail "not a --files name in $TMPDIR: '$f'"
		assert_file_exists "$f"
		assert_equal "$(cat "$f")" "$want"
		i=$((i + 1))
	done
}

@test "--files puts each job's output in a file and prints the names in order" {
	run -0 --separate-stderr xpool --files -j2 'sleep 0.$((3 - {})); echo out {}' ::: 1 2 3
	check_files "$output" 'out 1' 'out 2' 'out 3'
	assert_stderr_empty
	if command -v parallel >/dev/null; then
		run -0 --separate-stderr parallel -k --files -j2 'sleep 0.$((3 - {})); echo out {}' ::: 1 2 3
		check_files "$output" 'out 1' 'out 2' 'out 3'
	fi
}

@test "--output-as-files and --outputasfiles are --files; --tmpdir is where" {
	mkdir d
	run -0 xpool --output-as-files --tmpdir d echo ::: a
	[[ $output == d/par*.par ]] || fail "not in d: $output"
	assert_equal "$(cat "$output")" a
	run -0 xpool --outputasfiles echo ::: b
	check_files "$output" b
}

@test "--files: the file is private, and a job that prints nothing leaves an empty one" {
	run -0 xpool --files true ::: a
	assert_file_exists "$output"
	assert_equal "$(stat -c %a "$output")" 600
	assert_equal "$(stat -c %s "$output")" 0
}

@test "--files --tag puts the tag before the name" {
	run -0 xpool --files --tag echo ::: a
	assert_output --regexp $'^a\t'"$TMPDIR"'/par.*\.par$'
	assert_equal "$(cat "${output#a$'\t'}")" a
}

@test "--files: standard error is shown as usual; the exit status is the jobs'" {
	run -2 --separate-stderr xpool --files 'echo out {}; echo err {} >&2; exit {}' ::: 0 1 1
	check_files "$output" 'out 0' 'out 1' 'out 1'
	assert_equal "$stderr" $'err 0\nerr 1\nerr 1'
}

@test "--files --retries keeps the last try's output" {
	run -0 xpool --files --retries 3 'echo try >>n; cat n | wc -l; [ "$(cat n | wc -l)" = 3 ] # {}' ::: a
	check_files "$output" 3
}

@test "--files --line-buffer and --pipe" {
	run -0 xpool --files --lb echo ::: a
	check_files "$output" a
	seq 4 | {
		run -0 xpool --files --pipe -N 2 cat
		check_files "$output" $'1\n2' $'3\n4'
	}
}

@test "--files does not go with -u, --worker or --dry-run" {
	local opt
	for opt in -u --worker --dry-run; do
		run -255 --separate-stderr xpool --files "$opt" echo ::: a
		assert_stderr_contains "xpool: --files does not go with $opt"
	done
	run ls "$TMPDIR"
	assert_output ''
}

# ---------------------------------------------------------------- --nice

@test "--nice N runs the jobs at niceness N (19 at most), as GNU parallel does" {
	# nice(1) without arguments prints its niceness; -n 0 runs it bare.
	same $'19\n19' --nice 19 -n 0 nice ::: a b
	same 19 --nice 100 -n 0 nice ::: a
}

@test "without --nice the jobs run at xpool's niceness" {
	run -0 xpool -n 0 nice ::: a
	assert_output "$(nice)"
}

@test "--nice below xpool's niceness: root's jobs get it, another user's stay at xpool's" {
	local own
	own=$(nice)
	((own > -1)) || skip "this shell runs below niceness -1"
	run -0 xpool --nice -1 -n 0 nice ::: a
	if (($(id -u) == 0)); then
		assert_output -1
	else
		assert_output "$own"
	fi
	if (($(id -u) == 0)) && command -v setpriv >/dev/null; then
		# As another user (-u: no temporary file is needed).
		run -0 --separate-stderr setpriv --reuid=65534 --regid=65534 \
		    --clear-groups "$XPOOL" -u --nice -20 -n 0 nice ::: a
		assert_output "$own"
	fi
}

@test "--nice takes a whole number" {
	run -255 --separate-stderr xpool --nice x true ::: a
	assert_stderr_contains "xpool: --nice 'x': "
	run -255 --separate-stderr xpool --nice 1.5 true ::: a
	assert_stderr_contains "xpool: --nice '1.5': "
}

# ---------------------------------------------------------------- CPUs

# slots ARG...: the slots {%} that xpool ARG... -j 100% used for 8 jobs.
slots() {
	run -0 xpool "$@" -j 100% echo {%} ::: 1 2 3 4 5 6 7 8
	sort -u <<<"$output" | wc -l
}

@test "--number-of-sockets, -cores, -threads: at least one, in that order, as GNU parallel counts" {
	local s c t
	run -0 --separate-stderr xpool --number-of-sockets
	s=$output
	run -0 --separate-stderr xpool --number-of-cores
	c=$output
	run -0 --separate-stderr xpool --number-of-threads
	t=$output
	[[ $s =~ ^[1-9][0-9]*$ && $c =~ ^[1-9][0-9]*$ && $t =~ ^[1-9][0-9]*$ ]] ||
	    fail "not numbers: '$s' '$c' '$t'"
	((s <= c && c <= t)) || fail "sockets $s, cores $c, threads $t"
	# The threads are the CPUs this process may run on.
	assert_equal "$t" "$(nproc)"
	run -0 xpool --number-of-cpus
	assert_output "$c"
	if command -v parallel >/dev/null; then
		assert_equal "$(parallel --number-of-sockets)" "$s"
		assert_equal "$(parallel --number-of-cores)" "$c"
		assert_equal "$(parallel --number-of-threads)" "$t"
	fi
}

@test "--number-of-* count at most the CPUs of the affinity mask" {
	command -v taskset >/dev/null || skip "taskset is not installed"
	local opt
	for opt in --number-of-sockets --number-of-cores --number-of-threads; do
		run -0 taskset -c 0 "$XPOOL" "$opt"
		assert_output 1
	done
}

@test "--number-of-cores prints and exits: no command is run, no input read" {
	run -0 --separate-stderr xpool --number-of-cores touch f ::: a </dev/zero
	assert_file_not_exists f
	assert_stderr_empty
}

@test "--use-cores-instead-of-threads and --use-sockets-instead-of-threads: what -j 100% counts" {
	assert_equal "$(slots --use-cores-instead-of-threads)" "$(xpool --number-of-cores)"
	assert_equal "$(slots --use-sockets-instead-of-threads)" "$(xpool --number-of-sockets)"
	assert_equal "$(slots --use-cpus-instead-of-cores)" "$(xpool --number-of-sockets)"
	if command -v taskset >/dev/null; then
		# One CPU: one socket, one core, so -j +1 is 2.
		run -0 taskset -c 0 "$XPOOL" --use-sockets-instead-of-threads -j +1 echo {%} ::: 1 2 3 4
		assert_equal "$(sort -u <<<"$output" | wc -l)" 2
	fi
	if command -v parallel >/dev/null; then
		run -0 parallel --use-sockets-instead-of-threads -j 100% echo {%} ::: 1 2 3 4 5 6 7 8
		assert_equal "$(sort -u <<<"$output" | wc -l)" "$(xpool --number-of-sockets)"
	fi
}

# ---------------------------------------------------------------- --minversion

# minversion V STATUS: --minversion V prints 20221122 and exits STATUS, as
# GNU parallel 20221122 does.
minversion() {
	run "-$2" --separate-stderr xpool --minversion "$1"
	assert_output 20221122
	assert_stderr_empty
	if command -v parallel >/dev/null &&
	    [[ $(parallel --version | head -n 1) == 'GNU parallel 20221122' ]]; then
		run "-$2" --separate-stderr parallel --minversion "$1"
		assert_output 20221122
	fi
}

@test "--minversion: 0 when GNU parallel 20221122 is as new as VERSION, else 255" {
	minversion 20170422 0
	minversion 20221122 0
	minversion 20221123 255
	minversion 0 0
}

@test "--min-version is --minversion; it runs nothing" {
	run -255 --separate-stderr xpool --min-version 20990101 touch f ::: a
	assert_output 20221122
	assert_file_not_exists f
	run -0 xpool --min-version 1 touch f ::: a
	assert_file_not_exists f
}

@test "--minversion takes a whole number" {
	run -255 --separate-stderr xpool --minversion x
	assert_output ''
	assert_stderr_contains "xpool: --minversion 'x': "
	run -255 --separate-stderr xpool --minversion 2022.1
	assert_stderr_contains "xpool: --minversion '2022.1': "
}

# ---------------------------------------------------------------- --max-line-length-allowed

@test "--max-line-length-allowed: GNU parallel's number; a shell command that long runs, one 1 % longer does not" {
	local n
	run -0 --separate-stderr xpool --max-line-length-allowed
	[[ $output =~ ^[1-9][0-9]+$ ]] || fail "not a number: $output"
	n=$output
	if command -v parallel >/dev/null; then
		assert_equal "$n" "$(parallel --max-line-length-allowed)"
	fi
	# 'echo ITEM | wc -c; :' is the item and 16 bytes.
	run -0 --separate-stderr xpool 'echo {} | wc -c; :' ::: "$(head -c $((n - 16)) /dev/zero | tr '\0' a)"
	assert_output $((n - 16 + 1))
	head -c $((n * 101 / 100)) /dev/zero | tr '\0' a >long
	run -1 --separate-stderr xpool -a long 'echo {} | wc -c; :'
	assert_output ''
	assert_stderr_contains "over the system's limit of"
	assert_stderr_contains "bytes for one argument"
}

# ---------------------------------------------------------------- --show-limits

@test "--show-limits: GNU parallel's report of the limits, then the run goes on" {
	local n
	n=$(xpool --max-line-length-allowed)
	run -0 --separate-stderr xpool --show-limits echo ::: a b
	assert_output "Maximal size of command: $n
Maximal usable size of command: $(((n - 3000) / 2))

Execution will continue now, and it will try to read its input
and run commands; if this is not what you wanted to happen, please
press CTRL-D or CTRL-C
a
b"
	if command -v parallel >/dev/null; then
		run -0 --separate-stderr parallel --show-limits echo ::: a b
		assert_output "Maximal size of command: $n
Maximal usable size of command: $(((n - 3000) / 2))

Execution will continue now, and it will try to read its input
and run commands; if this is not what you wanted to happen, please
press CTRL-D or CTRL-C
a
b"
	fi
	run -0 --separate-stderr xpool --showlimits echo < /dev/null
	assert_line -n 0 "Maximal size of command: $n"
	assert_equal "${#lines[@]}" 5
}

@test "--show-limits: the usable size is -s when that is less" {
	run -0 --separate-stderr xpool -s 100 --show-limits echo < /dev/null
	assert_line -n 1 "Maximal usable size of command: 100"
	local n
	n=$(xpool --max-line-length-allowed)
	run -0 --separate-stderr xpool -s 10M --show-limits echo < /dev/null
	assert_line -n 1 "Maximal usable size of command: $(((n - 3000) / 2))"
	assert_stderr_contains "xpool: warning: -s 10485760 is over the system's limit"
}

# ---------------------------------------------------------------- -s, -x

@test "-s with -m and -X fills each command line up to N characters" {
	seq 20 >in
	same $'1 2 3 4 5 6 7\n8 9 10 11 12\n13 14 15 16 17\n18 19 20' -j1 -m -s 20 echo
	same $'1 2 3 4 5 6 7\n8 9 10 11 12\n13 14 15 16 17\n18 19 20' -j1 --max-chars 20 --xargs echo
	same $'x1y x2y x3y x4y x5y x6y\nx7y x8y x9y x10y x11y\nx12y x13y x14y x15y x16y\nx17y x18y x19y x20y' -j1 -X -s 30 echo x{}y
	same $'a b 1 2 3 4 5 6 7 8 9 10 11 12\na b 13 14 15 16 17 18 19 20' -j1 -m -s 40 echo "'a b'" {}
}

@test "-s alone: one item a command, as before" {
	same $'1\n22\n333' -s 10 echo ::: 1 22 333
}

@test "-s: a command line of N characters or more ends the run with 255" {
	# 'echo 12345678' is 13 characters: not under 10.
	run -255 --separate-stderr xpool -k -j1 -s 10 echo ::: 1 12345678 2
	assert_output 1
	assert_stderr_contains "xpool: input item 2: the command line is 13 characters, not under the limit of 10 that -s sets"
	run -255 --separate-stderr xpool -s 13 echo ::: 12345678
	run -0 --separate-stderr xpool -s 14 echo ::: 12345678
	assert_output 12345678
	if command -v parallel >/dev/null; then
		run -255 --separate-stderr parallel -k -j1 -s 10 echo ::: 1 12345678 2
		assert_output 1
		run -0 --separate-stderr parallel -s 14 echo ::: 12345678
	fi
	# --dry-run too
	run -255 --separate-stderr xpool --dry-run -s 10 echo ::: 12345678
	assert_output ''
}

@test "-x: a command over the system's limit ends the run instead of failing alone" {
	local n
	n=$(xpool --max-line-length-allowed)
	{
		echo 1
		head -c $((n * 101 / 100)) /dev/zero | tr '\0' a
		echo
		echo 2
	} >in
	run -1 --separate-stderr xpool -k -j1 echo <in
	assert_output $'1\n2'
	assert_stderr_contains "xpool: job 2: an argument of"
	run -255 --separate-stderr xpool -k -j1 -x echo <in
	assert_output 1
	assert_stderr_contains "xpool: input item 2: an argument of"
	run -255 --separate-stderr xpool -k -j1 --exit echo <in
	assert_output 1
}

# ---------------------------------------------------------------- -L, -l

@test "-L N: N lines a command; a word holding {} is repeated for each" {
	printf 'a b\nc\nd\ne\nf\n' >in
	same $'a b c\nd e\nf' -L 2 echo
	same $'xa by xcy\nxdy xey\nxfy' -L 2 echo x{}y
	same $'a-b\nc-d\ne-f' -L2 echo {1}-{2} ::: a b c d e f
	# -L 0 is -N 0: a command per line, with none of it.
	same $'xy\nxy\nxy' -L 0 echo x{}y ::: a b c
}

@test "-L, -l: a line that ends in a blank goes on with the next" {
	printf 'a \nb\nc\td\t\ne\nf \n' >in
	same $'xa by\nxc\td\tey\nxf y' -L 1 echo x{}y
	same $'xa by\nxc\td\tey\nxf y' -l echo x{}y
	# in every source: files read whole, ::: items
	same $'xa by 1\nxc\td\tey 1\nxf y 1' -L 1 echo x{1}y {2} :::: in ::: 1
	same 'xa b cy' -L 1 echo x{}y ::: 'a ' 'b ' c
	# with -r a blank line after one that goes on is part of it
	printf 'a \n\n \nb\n\nc\n' >in
	same $'xa  by\nxcy' -r -L 1 echo x{}y
	same $'xa  by 1\nxcy 1' -r -L 1 echo x{1}y {2} :::: in ::: 1
	same $'xa  by\nxcy' -r -L 1 echo x{}y ::: 'a ' '' ' ' b '' c
	# -E ends the input after the lines before it
	printf 'a \nb \nEND\nc\n' >in
	same 'xa b y' -E END -L 1 echo x{}y
	# -n and -N say the items a command takes
	printf '1\n2\n3\n4\n' >in
	same $'x1y x2y x3y\nx4y' -L 1 -n 3 echo x{}y
}

@test "without -L or -l a line that ends in a blank is an item of its own" {
	printf 'a \nb\n' >in
	same $'xa y\nxby' echo x{}y
}

@test "-l [N]: like -n N, one line without N; N only when the next word is a number" {
	printf 'a\nb\nc\nd\ne\n' >in
	same $'xa by\nxc dy\nxey' -l 2 echo x{}y
	same $'xa by\nxc dy\nxey' -l2 echo x{}y
	same $'xa b cy\nxd ey' --max-lines=3 echo x{}y
	same $'xay\nxby\nxcy\nxdy\nxey' -l echo x{}y
	same $'xay\nxby\nxcy\nxdy\nxey' --max-lines echo x{}y
	same $'xay\nxby\nxcy\nxdy\nxey' -l 0 echo x{}y
	same $'xay xby\nxcy xdy\nxey' -l 2 -X echo x{}y
	# -l -0 is -l and -0
	printf 'a\0b \0c\0' >in
	same $'xay\nxb cy' -l -0 echo x{}y
}

@test "-L N, -l N with --pipe: blocks of whole N-line records" {
	seq 11 >in
	same $'1,2,3,4,5,6,7,8,9,10\n11' -j1 -L 2 --pipe 'paste -sd,'
	same $'1,2,3,4,5,6,7,8,9\n10,11' -j1 -l3 --pipe 'paste -sd,'
	same $'1,2,3,4,5,6,7,8,9,10,11' -j1 -l --pipe 'paste -sd,'
	# -N M: M records a block
	same $'1,2,3,4\n5,6,7,8\n9,10,11' -j1 -L 2 -N 2 --pipe 'paste -sd,'
	# --block: as many whole records as fit, at least one
	same $'1,2,3,4\n5,6,7,8\n9,10,11' -j1 -L 4 --block 10 --pipe 'paste -sd,'
	same $'1,2\n3,4\n5,6\n7,8\n9,10\n11' -j1 -L 2 --block 1 --pipe 'paste -sd,'
	# a last line without a newline is a record too
	printf '1\n2\n3' >in
	same $'1,2\n3' -j1 -L 2 --pipe 'paste -sd,'
	# many blocks: each a multiple of 7 lines
	seq 100000 >in
	run -0 --separate-stderr xpool -L 7 --block 10k --pipe 'wc -l' <in
	assert_equal "$(awk '$1 % 7 != 0' <<<"$output" | wc -l)" 1
	assert_equal "$(awk '{ s += $1 } END { print s }' <<<"$output")" 100000
	((${#lines[@]} > 20)) || fail "too few blocks: ${#lines[@]}"
}

@test "-L and -l are refused with --pipe-part, --recend strings and --worker; -L wants a number" {
	run -255 --separate-stderr xpool -l --pipe-part -a /dev/null cat
	assert_stderr_contains "xpool: -l does not go with --pipe-part"
	run -255 --separate-stderr xpool -L 2 --pipe --recend ab cat </dev/null
	assert_stderr_contains "xpool: -L does not go with --recend, --recstart or --regexp"
	run -255 --separate-stderr xpool -l 2 --worker cat </dev/null
	assert_stderr_contains "xpool: -l does not go with --worker: give -n N for the items sent at a time"
	run -255 --separate-stderr xpool -L x echo </dev/null
	assert_stderr_contains "xpool: -L 'x': not a number"
	run -255 --separate-stderr xpool -L -1 echo </dev/null
}

# ---------------------------------------------------------------- --shuf

# shuffled ARG...: the jobs' output lines of xpool -k --shuf ARG... < in,
# in the order they ran, into $shuffled; the run exits 0.
shuffled() {
	run -0 --separate-stderr xpool -k --shuf "$@" <in
	shuffled=$output
}

@test "--shuf: every job runs once, in a random order" {
	seq 100 >in
	shuffled echo
	assert_equal "$(sort -n <<<"$shuffled")" "$(seq 100)"
	# 100! orders: the same one twice, or the input's, does not happen.
	[[ $shuffled != "$(seq 100)" ]] || fail "--shuf ran the jobs in input order"
	local first=$shuffled
	shuffled echo
	[[ $shuffled != "$first" ]] || fail "--shuf gave the same order twice"
	if command -v parallel >/dev/null; then
		run -0 --separate-stderr parallel -k --shuf echo <in
		assert_equal "$(sort -n <<<"$output")" "$(seq 100)"
	fi
}

@test "--shuf: every combination of the sources is a job; {#} counts them as they run" {
	: >in
	shuffled -j1 echo {#} {1}{2} ::: $(seq 10) ::: a b c
	assert_equal "$(cut -d' ' -f1 <<<"$shuffled")" "$(seq 30)"
	assert_equal "$(cut -d' ' -f2 <<<"$shuffled" | sort)" \
	    "$(for i in $(seq 10); do printf '%s\n' "${i}a" "${i}b" "${i}c"; done | sort)"
	[[ $(cut -d' ' -f2 <<<"$shuffled" | head -3) != $'1a\n1b\n1c' ||
	    $(cut -d' ' -f2 <<<"$shuffled" | sed -n 4,6p) != $'2a\n2b\n2c' ]] ||
	    fail "--shuf kept the sources' order"
	# --link pairs, then shuffles; -n takes the shuffled items
	shuffled --link echo {1}{2} ::: $(seq 20) ::: a b
	assert_equal "$(sort <<<"$shuffled")" "$(for i in $(seq 20); do echo "$i$( ((i % 2)) && echo a || echo b)"; done | sort)"
	seq 30 >in
	shuffled -n 3 echo
	assert_equal "${#lines[@]}" 10
	assert_equal "$(tr ' ' '\n' <<<"$shuffled" | sort -n)" "$(seq 30)"
}

@test "--shuf is refused with --pipe, as GNU parallel refuses it" {
	run -255 --separate-stderr xpool --shuf --pipe cat </dev/null
	assert_stderr_contains "xpool: --pipe gives each job a block of one input on its standard input; it does not go with --shuf"
	if command -v parallel >/dev/null; then
		run -255 --separate-stderr parallel --shuf --pipe cat </dev/null
	fi
}

# ------------------------------- --silent, --no-keep-order, --shell-quote ...

@test "--silent undoes -v, before it or after" {
	same a --silent -v echo ::: a
	assert_equal "$stderr" ''
	same a -v --silent echo ::: a
	assert_equal "$stderr" ''
	# -t (--verbose) is another thing: it stays.
	same a --silent -t echo ::: a
	assert_equal "$stderr" 'echo a'
	# --dry-run still prints
	same 'echo a' --silent --dry-run echo ::: a
}

@test "--no-keep-order is --unordered, with -k before it or after" {
	run -0 --separate-stderr xpool -j2 -k --no-keep-order 'sleep {}; echo {}' ::: 2 0
	assert_output $'0\n2'
	run -0 --separate-stderr xpool -j2 --no-keep-order -k 'sleep {}; echo {}' ::: 2 0
	assert_output $'0\n2'
	run -0 --separate-stderr xpool -j2 -k 'sleep {}; echo {}' ::: 1 0
	assert_output $'1\n0'
}

@test "--process-slot-var NAME: each job has NAME, its slot less one" {
	local cmd
	for cmd in xpool parallel; do
		command -v $cmd >/dev/null || continue
		run -0 --separate-stderr $cmd -j2 --process-slot-var=SLOT 'echo $SLOT {%}' ::: a b c d
		assert_equal "${#lines[@]}" 4
		assert_equal "$(awk '$1 != $2 - 1' <<<"$output")" ''
		assert_equal "$(cut -d' ' -f2 <<<"$output" | sort -u)" $'1\n2'
	done
	# one inherited is replaced; workers and --init have it too
	SLOT=x same '0 a' -j1 --process-slot-var SLOT 'echo $SLOT' ::: a
	run -0 --separate-stderr xpool -j1 --init 'echo init $S >&2' --process-slot-var S 'echo $S {}' ::: a
	assert_output '0 a'
	assert_equal "$stderr" 'init 0'
	run -0 --separate-stderr xpool -j1 --worker --process-slot-var S 'while read -r l; do echo "$S $l"; done' ::: a
	assert_output '0 a'
	run -255 --separate-stderr xpool --process-slot-var 1X echo ::: a
	assert_stderr_contains "xpool: --process-slot-var '1X': give a variable name such as SLOT"
	run -255 --separate-stderr xpool --process-slot-var A=B echo ::: a
}

@test "--shell-quote prints each command quoted for a shell, once per --shell-quote" {
	same $'\'echo a b it\'"\'"\'s x\'\n\'echo a b it\'"\'"\'s \'"\'"\'y z\'"\'"' --shell-quote echo a b "it's" ::: x 'y z'
	same "'echo '\"'\"'y z'\"'\"" --shell-quote echo ::: 'y z'
	same "\"'\"'echo x'\"'\"" --shell-quote --shell-quote echo ::: x
	# nothing runs
	run -0 --separate-stderr xpool --shell-quote touch made ::: a
	[[ ! -e made ]] || fail "--shell-quote ran the command"
	# what it prints runs the command in a shell
	run -0 --separate-stderr xpool --shell-quote echo {} ::: "it's a"
	run -0 --separate-stderr sh -c "eval $output"
	assert_output "it's a"
}

@test "--gnu is accepted and changes nothing" {
	same $'a\nb' --gnu echo ::: a b
}
