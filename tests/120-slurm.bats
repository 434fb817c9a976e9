#!/usr/bin/env bats
# shellcheck disable=SC2016,SC2030,SC2031,SC2154
# (SC2016: $ in single quotes is for the job's shell; SC2030/SC2031/SC2154:
# bats runs each test in a subshell and sets $output, $stderr and $lines.)
# 120-slurm: --launcher, and Slurm through it: a cluster of one node of its
# own (tests/slurm/cluster.sh: munged, slurmctld, slurmd with private
# configs on loopback), each job an srun step inside an allocation.

load helpers
load slurm/common

LAUNCH='srun --exact -n1 -c1 --quiet'

setup_file() {
	slurm_setup_file
}

teardown_file() {
	slurm_teardown_file
}

setup() {
	common_setup
	unset SLURM_JOB_ID SLURM_JOBID
}

need_slurm() {
	[[ -z $SLURM_DOWN ]] || skip "the Slurm daemons cannot start here: $SLURM_DOWN"
}

# The most jobs running at once, from a log of "start N" and "end N" lines.
most_at_once() {
	awk '$1 == "start" { n++; if (n > m) m = n } $1 == "end" { n-- } END { print m }' "$1"
}

@test "--launcher: every job starts as PREFIX's words, then its own" {
	run -0 xpool -k --launcher 'env LAUNCHED=yes' 'echo $LAUNCHED {}' ::: a b
	assert_output $'yes a\nyes b'
	run -0 xpool -k --launcher 'env LAUNCHED=yes' "$SHOWARGS" {} ::: 'x y'
	assert_output 'x y|'
	# Workers start through it too.
	run -0 xpool -k --worker -n 2 --launcher 'env W=w' \
	    'while read a; do echo "$W $a"; done' ::: a b c
	assert_output $'w a\nw b\nw c'
}

@test "--launcher: a program that cannot run, or no words, is refused first" {
	run -255 --separate-stderr xpool --launcher 'no-such-launcher -x' echo ::: a
	assert_output ''
	assert_stderr "xpool: --launcher: 'no-such-launcher': not found in PATH; give the program that starts each job, such as srun"
	run -255 --separate-stderr xpool --launcher '  ' echo ::: a
	assert_stderr_regex '^xpool: --launcher: PREFIX has no words'
}

@test "srun outside an allocation: a word on what it costs" {
	command -v srun >/dev/null || skip "srun is not installed"
	run -0 --separate-stderr xpool --dry-run --launcher "$LAUNCH" echo ::: a
	assert_output 'echo a'
	assert_stderr_regex '^xpool: --launcher: srun runs outside a Slurm allocation here \(SLURM_JOB_ID is not set\)'
}

@test "salloc -n2, 20 jobs as srun steps: at most 2 at once, output in order" {
	need_slurm
	run -0 --separate-stderr timeout 120 salloc -n2 --quiet \
	    "$XPOOL" -j2 --launcher "$LAUNCH" \
	    'echo start {} >>log; sleep 0.2; echo end {} >>log; echo job {} $SLURM_STEP_ID' \
	    ::: {1..20}
	assert_equal "$(cut -d' ' -f1,2 <<<"$output")" "$(printf 'job %s\n' {1..20})"
	# Each job was a step of the allocation.
	assert_equal "$(cut -d' ' -f3 <<<"$output" | sort -u | wc -l)" 20
	assert_equal "$(grep -c '^end' log)" 20
	(($(most_at_once log) <= 2)) || fail "$(most_at_once log) jobs at once"
}

@test "-j4 on 2 tasks: Slurm holds the extra steps; all 8 run, at most 2 at once" {
	need_slurm
	run -0 --separate-stderr timeout 120 salloc -n2 --quiet \
	    "$XPOOL" -j4 --launcher "$LAUNCH" \
	    'echo start {} >>log; sleep 0.2; echo end {} >>log; echo {}' ::: {1..8}
	assert_output "$(seq 8)"
	(($(most_at_once log) <= 2)) || fail "$(most_at_once log) jobs at once"
}

@test "a step's exit status is the job's, in the joblog and xpool's status" {
	need_slurm
	run -1 --separate-stderr timeout 120 salloc -n2 --quiet \
	    "$XPOOL" -k --joblog jl --launcher "$LAUNCH" 'echo {}; exit {}' ::: 0 3
	assert_output $'0\n3'
	run -0 sh -c "awk -F '\t' 'NR > 1 { print \$1, \$7 }' jl | sort"
	assert_output $'1 0\n2 3'
}

@test "--worker through srun: one step per worker, items streamed to it" {
	need_slurm
	seq 100 >items
	run -0 --separate-stderr timeout 120 salloc -n2 --quiet \
	    "$XPOOL" -j2 --worker -n 10 --launcher "$LAUNCH" -a items cat
	assert_output "$(seq 100)"
}
