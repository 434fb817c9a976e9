#!/usr/bin/env bats
# shellcheck disable=SC1083,SC2016,SC2030,SC2031,SC2154
# (SC1083: {} are xpool replacement strings; SC2016: $ in single quotes is
# for the job's shell; SC2030/SC2031/SC2154: bats runs each test in a
# subshell and sets $output, $stderr and $lines.)
# 131-ssh-files: --transferfile, --return, --cleanup, --trc, --basefile,
# --workdir and --env against the suite's sshds (tests/ssh/sshd.sh).  Host
# hN's home is $SSH_DIR/home_hN here, and /root there: a file sent is seen
# only in that host's home, and the test looks at it from here.

load helpers
load ssh/common

SSH_HOSTS="h1 h2"

setup() {
	ssh_setup
	command -v rsync >/dev/null || skip "rsync is not installed"
	H1=$SSH_DIR/home_h1 H2=$SSH_DIR/home_h2
	find "$H1" "$H2" -mindepth 1 -delete
}

# What is left in a host's home (nothing: no output).
left_on() {
	find "$1" -mindepth 1 | sort
}

@test "--transfer: a name with spaces and quotes arrives byte for byte" {
	name="it's a \"b\" c.bin"
	head -c 3000 /dev/urandom >"$name"
	run -0 sx -S h1 --transfer 'cksum < {}' ::: "$name"
	assert_output "$(cksum <"$name")"
	cmp "$name" "$H1/$name"
}

@test "--return brings back the named output; --cleanup leaves nothing there" {
	echo hello >in.txt
	run -0 sx -S h1 --transfer --return {.}.out --cleanup \
		'tr a-z A-Z < {} > {.}.out' ::: in.txt
	assert_equal "$(cat in.out)" HELLO
	run left_on "$H1"
	assert_output ""
	assert_equal "$(cat in.txt)" hello
}

@test "--return without --cleanup leaves the files on the host" {
	echo x >k.txt
	run -0 sx -S h1 --tf {} --return {}.o 'cp {} {}.o' ::: k.txt
	[[ -f k.txt.o && -f $H1/k.txt && -f $H1/k.txt.o ]]
}

@test "--trc: 10 files over 2 hosts, each back, nothing left on either" {
	mkdir d
	for i in $(seq 10); do echo "file $i" >"d/f$i"; done
	run -0 sx -S h1,h2 -j2 --trc {}.out 'wc -c < {} > {}.out' ::: d/f*
	for i in $(seq 10); do
		assert_equal "$(cat "d/f$i.out")" "$(wc -c <"d/f$i")"
	done
	run left_on "$H1"
	assert_output ""
	run left_on "$H2"
	assert_output ""
}

@test "/./ cuts the path the host sees" {
	mkdir -p a/b
	echo cut >a/b/c.txt
	run -0 sx -S h1 --tf {} 'cat b/c.txt; : {}' ::: a/./b/c.txt
	assert_output cut
	[[ -f $H1/b/c.txt && ! -e $H1/a ]]
}

@test "--basefile: sent once per host, before the jobs; --cleanup removes it" {
	echo base >base.txt
	run -0 sx -S h1,h2 -j1 --bf base.txt 'cat base.txt; echo {}' ::: 1 2 3 4
	assert_equal "$(grep -c base <<<"$output")" 4
	[[ -f $H1/base.txt && -f $H2/base.txt ]]
	find "$H1" "$H2" -mindepth 1 -delete
	run -0 sx -S h1 --bf base.txt --cleanup 'cat base.txt; : {}' ::: 1
	assert_output base
	run left_on "$H1"
	assert_output ""
}

@test "--wd ...: the job runs in a directory of its own, removed after" {
	run -0 sx -S h1 --wd ... 'pwd > here; cat here; : {}' ::: 1
	assert_output --regexp '^/root/\.parallel/tmp/.+-[0-9]+-1$'
	run left_on "$H1"
	assert_output ""
}

@test "--wd DIR: under the remote home, made when missing" {
	run -0 sx -S h1 --wd 'my dir' 'pwd; touch mark' ::: 1
	assert_output "/root/my dir"
	[[ -f "$H1/my dir/mark" ]]
}

@test "--wd without -S: the job runs there here too" {
	run -0 xpool --wd sub 'pwd; : {}' ::: 1
	assert_output "$PWD/sub"
	run -0 xpool --wd ... 'pwd; : {}' ::: 1
	[[ $output == "$HOME"/.parallel/tmp/* && ! -e $output ]]
}

@test "--env: a variable with hostile content, and a bash function" {
	export HOSTILE="it's \$(echo no) \`echo no\` \"q\" ; *"
	run -0 sx -S h1 --env HOSTILE 'printf "%s\n" "$HOSTILE"; : {}' ::: 1
	assert_output "$HOSTILE"
	greet() { echo "hi $1"; }
	export -f greet
	run -0 sx -S h1 --env greet greet ::: there
	assert_output "hi there"
	run -0 sx -S h1 --env 'HOST?LE' 'printf "%s\n" "$HOSTILE"; : {}' ::: 1
	assert_output "$HOSTILE"
}

@test "--env _: every name --record-env did not list goes to the host; without its list, 255" {
	export PARALLEL_HOME=$BATS_TEST_TMPDIR/ph
	run -255 --separate-stderr sx -S h1 --env _ "touch $WORK/ran; : {}" ::: 1
	assert_output ""
	assert_file_not_exists ran
	assert_stderr_regex "^xpool: --env _: cannot read '$PARALLEL_HOME/ignored_vars' .*--record-env"
	run -0 xpool --record-env
	grep -qx PATH "$PARALLEL_HOME/ignored_vars"
	export NEWVAR=$'it\'s $(new)' OTHER=x
	nf() { echo "nf $1"; }
	export -f nf
	run -0 --separate-stderr sx -S h1 --env _ 'printf "%s|" "$NEWVAR" "$OTHER"; nf {}' ::: a
	assert_output "it's \$(new)|x|nf a"
	# A name on the list still goes when --env names it.
	echo OTHER >>"$PARALLEL_HOME/ignored_vars"
	run -0 --separate-stderr sx -S h1 --env _ 'echo "[$OTHER]"; : {}' ::: a
	assert_output '[]'
	run -0 --separate-stderr sx -S h1 --env _ --env OTHER 'echo "[$OTHER]"; : {}' ::: a
	assert_output '[x]'
}

@test "--cleanup is refused where the host's files are ours, and deletes nothing" {
	echo keep >keep.txt
	run -255 --separate-stderr sx -S h1 --wd "$PWD" --trc {}.out 'cat {} > {}.out' ::: keep.txt
	[[ $stderr == *"host h1"*"--cleanup"* ]] || fail "$stderr"
	assert_equal "$(cat keep.txt)" keep
	# /tmp is the same on the hosts: an absolute path there is ours.
	run -1 --separate-stderr sx -S h1 --trc {}.out 'cat {} > {}.out' ::: "$PWD/keep.txt"
	[[ $stderr == *"--cleanup would remove"* ]] || fail "$stderr"
	assert_equal "$(cat keep.txt)" keep
}

@test "a file to send that is missing fails its job, with a message; the others run" {
	echo one >one.txt
	echo two >two.txt
	run -1 --separate-stderr sx -S h1 --transfer cat ::: one.txt missing.txt two.txt
	assert_line one
	assert_line two
	[[ $stderr == *"job 2: --transferfile: cannot read 'missing.txt'"* ]] || fail "$stderr"
}

@test "the file options without a remote host are ignored, with a warning" {
	run -0 --separate-stderr xpool --trc {}.out echo ::: 1
	assert_output 1
	[[ $stderr == *"ignored"*"-S"* ]] || fail "$stderr"
}

@test "--rsync-opts: rsync copies with the options given" {
	echo data >opt.txt
	# Without -R the relative path is not kept: the file lands in the home.
	mkdir -p sub && cp opt.txt sub/opt.txt
	run -0 sx -S h1 --rsync-opts -rlD --tf {} 'cat opt.txt; : {}' ::: sub/opt.txt
	assert_output data
	[[ -f $H1/opt.txt && ! -e $H1/sub ]]
}

@test "--wd .: the same path as here, under the home (or from / outside it)" {
	run -0 sx -S h1 --wd . 'pwd; : {}' ::: 1
	assert_output "$PWD"
}

@test "rsync missing here: refused before any job, naming what to install" {
	mkdir nobin
	ln -s "$(command -v ssh)" nobin/ssh
	echo x >r.txt
	run -255 --separate-stderr env PATH="$PWD/nobin" "$XPOOL" --ssh "$XPOOL_TEST_SSH" -S h1 --transfer 'echo ran; : {}' ::: r.txt
	assert_output ""
	[[ $stderr == *"'rsync': not found"*"install rsync"* ]] || fail "$stderr"
}

@test "a job's exit status stays its own through --trc" {
	echo x >s.txt
	run -1 sx -S h1 --joblog log --trc {}.out 'cp {} {}.out; exit 3' ::: s.txt
	[[ -f s.txt.out ]]
	assert_equal "$(awk -F'\t' 'NR == 2 { print $7 }' log)" 3
	run left_on "$H1"
	assert_output ""
}

@test "--transfer with -n 2: each of the job's values is sent" {
	echo one >n1.txt
	echo two >n2.txt
	run -0 sx -S h1 -n 2 --transfer cat ::: n1.txt n2.txt
	assert_output $'one\ntwo'
	[[ -f $H1/n1.txt && -f $H1/n2.txt ]]
}
