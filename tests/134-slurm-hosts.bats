#!/usr/bin/env bats
# shellcheck disable=SC1083,SC2016,SC2030,SC2031,SC2154
# (SC1083: {} are xpool replacement strings; SC2016: $ in single quotes is
# for the job's shell; SC2030/SC2031/SC2154: bats runs each test in a
# subshell and sets $output, $stderr and $lines.)
# 134-slurm-hosts: --slurm-hosts, the nodes of a Slurm allocation as ssh
# hosts.  The node names are the suite's own sshds (tests/ssh/sshd.sh and
# tests/ssh/common.bash, as in 130-ssh.bats: hN is an sshd on
# 127.0.0.(N+1)), the node list is expanded by the real scontrol against
# the configuration of a Slurm cluster of the file's own
# (tests/slurm/cluster.sh, as in 120-slurm.bats), and the allocation's
# variables are set by the tests, but in the last ones, which run xpool
# inside salloc.

load helpers
load ssh/common
load slurm/common

setup_file() {
	ssh_setup_file h1 h2
	# A port of its own: 120-slurm.bats's cluster may run meanwhile.
	slurm_setup_file 16827
}

teardown_file() {
	slurm_teardown_file
	ssh_teardown_file
}

setup() {
	ssh_setup
	[[ -z $SLURM_DOWN ]] || skip "the Slurm daemons cannot start here: $SLURM_DOWN"
	unset SLURM_JOB_ID SLURM_JOBID SLURM_JOB_NODELIST SLURM_NODELIST \
	    SLURM_JOB_CPUS_PER_NODE SLURMD_NODENAME
	# No node is this machine unless a test says so.
	export SLURMD_NODENAME=elsewhere
	# Each job: its host in $h, logged as it starts and ends.
	LOGGED="$HOSTOF; echo start \$h >>$WORK/log; sleep 0.2; echo end \$h >>$WORK/log"
}

# The hosts of the output's second field, each with how many jobs ran
# there: "127.0.0.2 3".
hosts_used() {
	cut -d' ' -f2 <<<"$output" | sort | uniq -c | awk '{ print $2, $1 }'
}

# ---------------------------------------------------------------- nodes

@test "--slurm-hosts: jobs run on the nodes scontrol names, {host} and \$PARALLEL_SSHHOST the node" {
	export SLURM_JOB_NODELIST='h[1-2]' SLURM_JOB_CPUS_PER_NODE='2(x2)'
	run -0 --separate-stderr sx --slurm-hosts --plus \
	    "$HOSTOF"'; echo {} $h $PARALLEL_SSHHOST {host}' ::: {1..8}
	assert_stderr_empty
	assert_equal "$(cut -d' ' -f1 <<<"$output")" "$(seq 8)"
	assert_equal "$(cut -d' ' -f2 <<<"$output" | sort -u)" $'127.0.0.2\n127.0.0.3'
	local item addr name tag
	while read -r item addr name tag; do
		[[ $name == "$tag" ]] || fail "job $item: \$PARALLEL_SSHHOST $name, {host} $tag"
		case $addr in
		127.0.0.2) [[ $name == h1 ]] || fail "job $item ran on h1 as $name" ;;
		127.0.0.3) [[ $name == h2 ]] || fail "job $item ran on h2 as $name" ;;
		esac
	done <<<"$output"
}

@test "--slurm-hosts: each node has its CPUs of \$SLURM_JOB_CPUS_PER_NODE as slots" {
	export SLURM_JOB_NODELIST='h[1-2]' SLURM_JOB_CPUS_PER_NODE='2(x2)'
	# 4 slots: 4 jobs run at once, each waiting for all of them (a
	# node with fewer slots would leave one waiting until the guard).
	mkdir run
	run -0 --separate-stderr sx --slurm-hosts \
	    "$HOSTOF; touch $WORK/run/{}; $BATS_TEST_TMPDIR/bin/waitfor $WORK/run/1 $WORK/run/2 $WORK/run/3 $WORK/run/4 && echo {} \$h" \
	    ::: 1 2 3 4
	run -0 hosts_used
	assert_output $'127.0.0.2 2\n127.0.0.3 2'
	# And no more than 2 at once on either.
	run -0 --separate-stderr sx --slurm-hosts "$LOGGED" ::: {1..12}
	(($(most_at_once log "$H1") <= 2)) || fail "h1: $(most_at_once log "$H1") at once"
	(($(most_at_once log "$H2") <= 2)) || fail "h2: $(most_at_once log "$H2") at once"
	# 1 and 3: one at a time on h1.
	rm log
	export SLURM_JOB_CPUS_PER_NODE='1,3'
	run -0 --separate-stderr sx --slurm-hosts "$LOGGED" ::: {1..8}
	(($(most_at_once log "$H1") == 1)) || fail "h1: $(most_at_once log "$H1") at once"
}

@test "--slurm-hosts -j 1: -j's slots on each node, not the allocation's" {
	export SLURM_JOB_NODELIST='h[1-2]' SLURM_JOB_CPUS_PER_NODE='2(x2)'
	run -0 --separate-stderr sx --slurm-hosts -j 1 "$LOGGED" ::: {1..8}
	assert_stderr_empty
	(($(most_at_once log "$H1") == 1)) || fail "h1: $(most_at_once log "$H1") at once"
	(($(most_at_once log "$H2") == 1)) || fail "h2: $(most_at_once log "$H2") at once"
	# -j without the variable: no word about it.
	unset SLURM_JOB_CPUS_PER_NODE
	run -0 --separate-stderr sx --slurm-hosts -j 1 'echo {}' ::: a
	assert_output a
	assert_stderr_empty
}

@test "--slurm-hosts: the node named \$SLURMD_NODENAME, else this host's name, runs jobs here" {
	export SLURM_JOB_NODELIST='h[1-2]' SLURM_JOB_CPUS_PER_NODE='2(x2)' SLURMD_NODENAME=h2
	run -0 --separate-stderr sx --slurm-hosts \
	    "$HOSTOF"'; echo {} $h ${PARALLEL_SSHHOST:-none}' ::: {1..8}
	assert_stderr_empty
	assert_equal "$(cut -d' ' -f2,3 <<<"$output" | sort -u)" $'127.0.0.2 h1\nlocal :'
	# This node has 2 slots too: 2 jobs here at once, waiting for each
	# other, while h1 runs none.
	mkdir run
	export SLURM_JOB_NODELIST=h2 SLURM_JOB_CPUS_PER_NODE=2
	run -0 --separate-stderr xpool --slurm-hosts \
	    "$HOSTOF; touch $WORK/run/{}; waitfor $WORK/run/1 $WORK/run/2 && echo {} \$h" ::: 1 2
	assert_output $'1 local\n2 local'
	# Without SLURMD_NODENAME: the short host name.
	unset SLURMD_NODENAME
	SLURM_JOB_NODELIST="h1,$(hostname -s)"
	export SLURM_JOB_NODELIST SLURM_JOB_CPUS_PER_NODE='1(x2)'
	run -0 --separate-stderr sx --slurm-hosts "$HOSTOF"'; echo {} $h' ::: {1..6}
	assert_equal "$(cut -d' ' -f2 <<<"$output" | sort -u)" $'127.0.0.2\nlocal'
}

@test "--slurm-hosts: \$SLURM_NODELIST when \$SLURM_JOB_NODELIST is not set" {
	export SLURM_NODELIST='h1' SLURM_JOB_CPUS_PER_NODE='1'
	run -0 --separate-stderr sx --slurm-hosts "$HOSTOF"'; echo {} $h' ::: a b
	assert_output $'a 127.0.0.2\nb 127.0.0.2'
}

@test "--slurm-hosts: CPUs per node missing or malformed: a warning, and each node's CPUs" {
	export SLURM_JOB_NODELIST='h[1-2]'
	run -0 --separate-stderr sx --slurm-hosts "$HOSTOF"'; echo {} $h' ::: {1..4}
	assert_stderr "xpool: warning: --slurm-hosts: \$SLURM_JOB_CPUS_PER_NODE is not set; each node gets as many slots as it has CPUs (give -j N to choose)"
	assert_equal "$(cut -d' ' -f1 <<<"$output")" "$(seq 4)"
	local v
	for v in '2(x3)' '2' '2(x2' 'x'; do
		export SLURM_JOB_CPUS_PER_NODE=$v
		run -0 --separate-stderr sx --slurm-hosts "$HOSTOF"'; echo {} $h' ::: {1..4}
		assert_equal "$(cut -d' ' -f1 <<<"$output")" "$(seq 4)"
		assert_stderr_regex "^xpool: warning: --slurm-hosts: \\\$SLURM_JOB_CPUS_PER_NODE '.*': it (gives CPUs for (more|fewer) nodes than the node list has|is not Slurm's form COUNT\[\(xNODES\)\]\[,\.\.\.\], such as 4\(x2\),2); each node gets as many slots as it has CPUs \(give -j N to choose\)$"
	done
	export SLURM_JOB_CPUS_PER_NODE='2(x3)'
	run -0 --separate-stderr sx --slurm-hosts 'echo {}' ::: a
	assert_stderr_regex 'more nodes'
}

# ---------------------------------------------------------------- with others

@test "--slurm-hosts with -S: the logins add up" {
	export SLURM_JOB_NODELIST='h1' SLURM_JOB_CPUS_PER_NODE='1'
	run -0 --separate-stderr sx --slurm-hosts -S 1/h2 -S 1/: \
	    "$HOSTOF"'; echo {} $h; sleep 0.2' ::: {1..9}
	assert_equal "$(cut -d' ' -f2 <<<"$output" | sort -u)" $'127.0.0.2\n127.0.0.3\nlocal'
	echo 1/h2 >nodes
	run -0 --separate-stderr sx --slurm-hosts --slf nodes \
	    "$HOSTOF"'; echo {} $h; sleep 0.2' ::: {1..6}
	assert_equal "$(cut -d' ' -f2 <<<"$output" | sort -u)" $'127.0.0.2\n127.0.0.3'
}

@test "--slurm-hosts --filter-hosts: a node ssh cannot reach is left out" {
	export SLURM_JOB_NODELIST='h1,down' SLURM_JOB_CPUS_PER_NODE='1(x2)'
	run -0 --separate-stderr sx --slurm-hosts --filter-hosts \
	    "$HOSTOF"'; echo {} $h' ::: a b c
	assert_output $'a 127.0.0.2\nb 127.0.0.2\nc 127.0.0.2'
	assert_stderr 'xpool: warning: Removed down.'
}

@test "--slurm-hosts --nonall, --onall: once on every node" {
	export SLURM_JOB_NODELIST='h[1-2]' SLURM_JOB_CPUS_PER_NODE='2(x2)'
	run -0 --separate-stderr sx --slurm-hosts --nonall --tag "$HOSTOF"'; echo $h'
	assert_output $'h1\t127.0.0.2\nh2\t127.0.0.3'
	assert_stderr_empty
	export SLURMD_NODENAME=h2
	run -0 --separate-stderr sx --slurm-hosts --onall --tag "$HOSTOF"'; echo {} $h' ::: a b
	assert_output $':\ta local\n:\tb local\nh1\ta 127.0.0.2\nh1\tb 127.0.0.2'
}

# ---------------------------------------------------------------- errors

@test "--slurm-hosts outside an allocation: exit 255 before any job" {
	run -255 --separate-stderr sx --slurm-hosts "touch $WORK/ran" ::: a
	assert_output ''
	assert_stderr 'xpool: --slurm-hosts: $SLURM_JOB_NODELIST is not set: run xpool inside salloc or sbatch, or give the hosts with -S'
	assert_file_not_exists "$WORK/ran"
	# --filter-hosts and --hostgroups take its hosts for -S's.
	export SLURM_JOB_NODELIST=h1
	run -0 --separate-stderr sx --slurm-hosts --filter-hosts --hostgroups "$HOSTOF"'; echo {} $h' ::: a@h1
	assert_output 'a 127.0.0.2'
}

@test "--slurm-hosts: a node list scontrol refuses: its message, then xpool's, exit 255" {
	export SLURM_JOB_NODELIST='h[2-1]'
	run -255 --separate-stderr sx --slurm-hosts "touch $WORK/ran" ::: a
	assert_output ''
	assert_stderr_regex 'Invalid hostlist: h\[2-1\]'
	assert_equal "${stderr_lines[-1]}" "xpool: --slurm-hosts: 'scontrol show hostnames h[2-1]' named no node; \$SLURM_JOB_NODELIST must be Slurm's node list, such as node[1-4], as salloc and sbatch set it"
	assert_file_not_exists "$WORK/ran"
}

@test "--slurm-hosts: scontrol failing or missing: what to do, exit 255" {
	export SLURM_JOB_NODELIST='h1'
	mkdir fake
	printf '#!/bin/sh\necho "scontrol: error: no configuration" >&2\nexit 1\n' >fake/scontrol
	chmod +x fake/scontrol
	PATH=$WORK/fake:$PATH run -255 --separate-stderr sx --slurm-hosts "touch $WORK/ran" ::: a
	assert_output ''
	assert_stderr "scontrol: error: no configuration
xpool: --slurm-hosts: 'scontrol show hostnames h1' failed (exit status 1); check that \$SLURM_JOB_NODELIST is Slurm's node list and that scontrol finds Slurm's configuration (\$SLURM_CONF)"
	run -255 --separate-stderr env PATH=/nonexistent "$XPOOL" --slurm-hosts "touch $WORK/ran" ::: a
	assert_stderr "xpool: --slurm-hosts: cannot run scontrol: it is not in PATH; install Slurm's client commands, or give the nodes with -S"
	assert_file_not_exists "$WORK/ran"
}

# ---------------------------------------------------------------- salloc

@test "salloc -N1 xpool --slurm-hosts: the node is this machine, its CPUs the slots" {
	unset SLURMD_NODENAME
	# -n1: one CPU, so one job at a time (this machine has more).
	run -0 --separate-stderr timeout 120 salloc -N1 -n1 --quiet \
	    "$XPOOL" --slurm-hosts "$LOGGED"'; echo {} $h $SLURM_JOB_CPUS_PER_NODE' ::: {1..4}
	assert_output $'1 local 1\n2 local 1\n3 local 1\n4 local 1'
	(($(most_at_once log local) == 1)) || fail "$(most_at_once log local) at once"
	# -n2: both CPUs, 2 jobs at once.
	mkdir run
	run -0 --separate-stderr timeout 120 salloc -N1 -n2 --quiet \
	    "$XPOOL" --slurm-hosts "$HOSTOF; touch $WORK/run/{}; waitfor $WORK/run/1 $WORK/run/2 && echo {} \$h" ::: 1 2
	assert_output $'1 local\n2 local'
}
