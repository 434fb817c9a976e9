#!/usr/bin/env bash
# tests/fault/run.sh -- the fault matrix: seeded scenarios that break what
# is around xpool (a signal at a random moment, a worker killed, stopped or
# out of step, too few descriptors or processes, a full disk, a standard
# input or output closed or full) and check what must hold however a run
# ends:
#   hang      xpool exits within GUARD seconds of the fault;
#   loss, dup, mixed
#             every job prints a payload that check.awk knows, and the
#             output is checked against what the exit status says: after a
#             clean run, every item once, in input order unless --unordered;
#             after a signal, no job's output twice, none mixed with
#             another's, and the whole output of every job that finished
#             writing it (and of every job the --joblog calls succeeded);
#   orphan    no process outlives xpool: every process the run starts
#             carries XPOOL_TEST_TAG=<a tag of its own> in its environment,
#             as in tests/helpers.bash, and none may be left;
#   leftover  the run's private TMPDIR (and --tmpdir) is empty afterwards;
#   status    the exit status is one the man page gives for that case: 0,
#             1-101 failed jobs, 129/130/143 for HUP/INT/TERM, 141 for a
#             closed output, 255.
# Anything else wrong (an unexpected message, a job that ran on while xpool
# was stopped, make's jobserver tokens) is "other".
#
# Usage: tests/fault/run.sh [OPTION...] [SCENARIO...]
#   -r N        runs of each scenario (default 1); run k has seed SEED+k-1
#   -s SEED     the seed of the first run (default: from the clock)
#   -P N        runs at once (default 4)
#   --check     the make check slice: each scenario as many runs as the
#               table below gives it (-r then multiplies nothing)
#   -o FILE     append a tab-separated line per run to FILE (report.sh)
#   -k          keep every run's directory (failed runs' are always kept)
#   -v          a line for every run, not only for failures
#   -l          list the scenarios (name, runs in make check, what it
#               does; tab-separated) and exit
# SCENARIO is a name or a shell pattern (default: every scenario).
# Environment: XPOOL (default ./xpool), GUARD (seconds, default 30),
# FAULT_ROOT (the work directory, default build/fault).
#
# The seed decides every choice of a run: its parameters and the moment of
# its fault.  A failure prints the scenario, the seed, what was wrong and
# the command that runs it again, alone:  tests/fault/run.sh -s SEED NAME
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)

XPOOL=${XPOOL:-./xpool}
[[ $XPOOL == /* ]] || XPOOL=$PWD/$XPOOL
if [[ ! -x $XPOOL ]]; then
	echo "fault: no xpool at $XPOOL; run make first" >&2
	exit 2
fi
XREAL=$(readlink -f "$XPOOL")
GUARD=${GUARD:-30}
ROOT=${FAULT_ROOT:-$TOP/build/fault}
# Seconds a process may take to go once xpool has exited.
ORPHAN_WAIT=5

export LC_ALL=C XPOOL
unset MAKEFLAGS MFLAGS MAKELEVEL GNUMAKEFLAGS XPOOL_SEQ XPOOL_SLOT PARALLEL
export PATH=$HERE/bin:$PATH

# ------------------------------------------------------------ the table

# name|runs in make check|function and arguments|what it does
SCENARIOS=()
declare -A MODES=(
	[ordered]="a process per job, output in input order"
	[unordered]="a process per job, --unordered"
	[linebuf]="a process per job, --line-buffer"
	[spill]="a process per job, output spilling past a small --buffer"
	[pipe]="--pipe, blocks of the input to each job"
	[worker]="--worker, items to long-lived workers"
	[worker-eot]="--worker --eot, answers of several lines"
	[retries]="--retries, jobs that fail and are run again"
	[nested]="jobs that are xpools, on the jobserver xpool offers"
	[make]="xpool in a make -jN recipe with '+', on make's jobserver"
)
for mode in ordered unordered linebuf spill pipe worker worker-eot retries \
    nested make; do
	for sig in INT TERM HUP TSTP; do
		what="SIG$sig at a random moment"
		[[ $sig == TSTP ]] && what+=", then SIGCONT"
		SCENARIOS+=("sig-$mode-$sig|5|sc_signal $mode $sig|$what; ${MODES[$mode]}")
	done
done
SCENARIOS+=(
	"sig-worker-held|3|sc_worker_held|SIGINT/TERM/HUP while a worker is on the first item of its chunk and the later items are answered"
	"tstp-ending-group|3|sc_tstp_ending|SIGTSTP while xpool ends what exited jobs left in their process groups"
	"worker-kill9|3|sc_worker_kill|a worker killed with SIGKILL, once or twice, at random moments"
	"worker-sigstop|3|sc_worker_stop|a worker stopped with SIGSTOP past --timeout"
	"worker-framing|3|sc_worker_framing|a worker that prints a line no item asked for"
	"emfile|3|sc_emfile|ulimit -n just above what xpool needs, inherited descriptors, many slots"
	"eagain|3|sc_eagain|ulimit -u of 2 to 6, as a user of its own"
	"enospc|3|sc_enospc|--tmpdir on a small tmpfs that output spilling past --buffer fills"
	"stdout-full|3|sc_stdout_full|standard output is /dev/full"
	"stdout-head|3|sc_stdout_head|xpool ... | head -n K"
	"stdout-stall|3|sc_stdout_stall|a reader that stops reading for a while, then exits"
	"stdin-closed|3|sc_stdin|standard input closed, or a FIFO whose writer stalls until SIGTERM"
)

# ------------------------------------------------------------ randomness

# A 31-bit LCG of our own, so that a seed means the same on every bash,
# started from the scenario's name and the seed, mixed (murmur3's final
# step), so that seeds next to each other start far apart.
rng_init() {
	local h
	h=$(printf '%s' "$1" | cksum)
	h=${h%% *}
	fmix32 "$2"
	fmix32 $((h ^ M))
	RNG=$((M & 0x7fffffff))
}

# fmix32 N: M is N mixed.
fmix32() {
	M=$(($1 & 0xffffffff))
	M=$(((M ^ (M >> 16)) * 0x85ebca6b & 0xffffffff))
	M=$(((M ^ (M >> 13)) * 0xc2b2ae35 & 0xffffffff))
	M=$((M ^ (M >> 16)))
}

# rnd N: R is a number from 0 to N-1.
rnd() {
	RNG=$(((RNG * 1103515245 + 12345) & 0x7fffffff))
	R=$(((RNG >> 4) % $1))
}

# between A B: R is a number from A to B.
between() {
	rnd $(($2 - $1 + 1))
	R=$(($1 + R))
}

# pick WORD...: P is one of them.
pick() {
	rnd $#
	shift "$R"
	P=$1
}

# chance PERCENT: true that often.
chance() {
	rnd 100
	((R < $1))
}

# ------------------------------------------------------------ processes

# nap MS: sleep without a process (a read from a FIFO nobody writes).
# True, so that a loop that ends on a nap is too.
nap() {
	(($1 > 0)) || return 0
	local s
	printf -v s '%d.%03d' $(($1 / 1000)) $(($1 % 1000))
	read -r -t "$s" <>"$NEVER"
	return 0
}

# state_of PID: S is its state letter (R, S, T, Z...); false when gone.
state_of() {
	local line
	S=
	{ read -r line <"/proc/$1/stat"; } 2>/dev/null || return 1
	line=${line##*) }
	S=${line%% *}
}

# alive PID: it runs, or is stopped; not gone, not a zombie.
alive() {
	state_of "$1" && [[ $S != Z && $S != X ]]
}

# ppid_of PID: its parent's pid, in PP.
ppid_of() {
	local line
	PP=
	{ read -r line <"/proc/$1/stat"; } 2>/dev/null || return 1
	line=${line##*) }
	line=${line#* }
	PP=${line%% *}
}

# pgid_of PID: its process group, in PG.
pgid_of() {
	local line
	PG=
	{ read -r line <"/proc/$1/stat"; } 2>/dev/null || return 1
	line=${line##*) }
	read -r _ _ PG _ <<<"$line"
}

# The processes that carry this run's tag, one pid a line.
tagged() {
	local f
	grep -lsxzF "XPOOL_TEST_TAG=$TAG" /proc/[0-9]*/environ |
	    while IFS= read -r f; do
		f=${f#/proc/}
		echo "${f%/environ}"
	done
}

# pslist PID...: one line about each, for messages.
pslist() {
	(($#)) || return 0
	local IFS=,
	ps -o pid=,ppid=,pgid=,stat=,args= -p "$*" 2>/dev/null |
	    cut -c1-110 | head -n 6 | tr -s ' \n' ' ;'
}

# hold_fds N: N descriptors more open, which the next command inherits.
hold_fds() {
	local i fd
	for ((i = 0; i < $1; i++)); do
		# shellcheck disable=SC2034 # open, not used
		exec {fd}</dev/null
	done
}

# launch CMD...: start CMD in the background in a process group of its own
# (as a shell with job control would), in $W, tagged, SIGINT and SIGQUIT at
# their defaults, limits $LIMITS, as the user $AS_UID when set, standard
# input $IN ("-": closed), output $OUT, errors $W/err, EXTRA_FDS more
# descriptors open, the variables ENVS (NAME=VALUE...) set.  PID is its
# pid.
launch() {
	set -m
	(
		cd "$W" || exit 99
		hold_fds "$EXTRA_FDS"
		if [[ -n $LIMITS ]]; then
			# shellcheck disable=SC2086 # ulimit's words
			ulimit $LIMITS || exit 98
		fi
		if [[ $IN == - ]]; then
			exec 0<&-
		else
			exec 0<"$IN"
		fi
		exec >"$OUT" 2>"$W/err"
		# shellcheck disable=SC2054 # env's list of signals
		run=(env --default-signal=INT,QUIT XPOOL_TEST_TAG="$TAG"
		    TMPDIR="$W/tmp" FAULT_WORK="$W" FAULT_NEVER="$NEVER"
		    "${ENVS[@]}" "$@")
		if [[ -n $AS_UID ]]; then
			exec setpriv --reuid="$AS_UID" --regid="$AS_UID" \
			    --clear-groups "${run[@]}"
		fi
		exec "${run[@]}"
	) &
	PID=$!
	set +m
}

# await_xpool: XP is the pid of the xpool under test, once it runs: $PID
# itself, or (under make) the first tagged xpool whose parent is none.
await_xpool() {
	local n=500 p
	XP=
	while ((n-- > 0)); do
		if [[ $LAUNCHED == xpool ]]; then
			if [[ $(readlink "/proc/$PID/exe" 2>/dev/null) == "$XREAL" ]]; then
				XP=$PID
				return 0
			fi
		else
			for p in $(tagged); do
				[[ $(readlink "/proc/$p/exe" 2>/dev/null) == "$XREAL" ]] || continue
				ppid_of "$p" || continue
				[[ $(readlink "/proc/$PP/exe" 2>/dev/null) == "$XREAL" ]] && continue
				XP=$p
				return 0
			done
		fi
		alive "$PID" || return 1
		nap 10
	done
	problem hang "xpool had not started 5s after its launch"
	return 1
}

# finish: wait for $PID, GUARD seconds at most, and AFTER ms more when the
# fault leaves the run to go on (then it hangs, and is killed with what it
# started); its exit status in ST.
finish() {
	local n=$((GUARD * 50 + AFTER / 20))
	while alive "$PID"; do
		if ((--n <= 0)); then
			# shellcheck disable=SC2046 # pids
			problem hang "still running ${GUARD}s after the fault: $(pslist $(tagged))"
			HUNG=1
			# shellcheck disable=SC2046 # pids
			kill -KILL "$PID" $(tagged) 2>/dev/null
			break
		fi
		nap 20
	done
	ST=0
	# (bash would say how a child killed by a signal died.)
	{ wait "$PID"; } 2>/dev/null || ST=$?
}

# ------------------------------------------------------------ verdicts

# problem CATEGORY TEXT: something that must not be.
problem() {
	printf '%s\t%s\n' "$1" "${2//$'\n'/ }" >>"$W/problems"
}

# skip REASON: the run could not be made here.
skip() {
	printf '%s\n' "$1" >"$W/skip"
}

# expect_status STATUS...: ST is one of them.
expect_status() {
	local s
	for s; do
		[[ $ST == "$s" ]] && return 0
	done
	local IFS=/
	problem status "exit status $ST; expected $*"
	return 1
}

# sigstatus SIG: the status of a process killed by SIG.
sigstatus() {
	case $1 in
	HUP) echo 129 ;;
	INT) echo 130 ;;
	TERM) echo 143 ;;
	PIPE) echo 141 ;;
	*) echo 0 ;;
	esac
}

# check_procs: nothing tagged is left (polled: a process that was just
# killed takes a moment to go).
check_procs() {
	local n=$((ORPHAN_WAIT * 20)) pids
	((HUNG)) && n=1
	while pids=$(tagged) && [[ -n $pids ]]; do
		if ((--n <= 0)); then
			# shellcheck disable=SC2086 # pids
			((HUNG)) || problem orphan "left running: $(pslist $pids)"
			# shellcheck disable=SC2086 # pids
			kill -KILL $pids 2>/dev/null
			return
		fi
		nap 50
	done
}

# check_tmp [DIR]: the run's TMPDIR (or DIR) is empty.
check_tmp() {
	local left
	left=$(find "${1:-$W/tmp}" -mindepth 1 2>&1 | head -n 5)
	[[ -z $left ]] || problem leftover "left in ${1:-TMPDIR}: $left"
}

# check_stderr ERE: every line of $W/err matches ERE (none allowed when
# ERE is empty).
check_stderr() {
	local bad
	if [[ -z $1 ]]; then
		bad=$(head -n 3 "$W/err")
	else
		bad=$(grep -Ev -- "$1" "$W/err" | head -n 3)
	fi
	[[ -z $bad ]] || problem other "unexpected on stderr: $bad"
}

# check_output FILE AWK-ARG...: check.awk on FILE; its problems are ours.
check_output() {
	local file=$1 line
	shift
	awk -f "$HERE/check.awk" -v expect="$W/expect" "$@" "$file" \
	    >"$W/check.out" 2>&1
	while IFS= read -r line; do
		case $line in
		summary:* | '('*) ;;
		loss:* | dup:* | mixed:*) problem "${line%%:*}" "${line#*: }" ;;
		record:*) problem other "${line#*: }" ;;
		*) problem other "check.awk: $line" ;;
		esac
	done <"$W/check.out"
}

# ------------------------------------------------------------ payloads

# jobs_setup MODE: a process per job (payjob) in MODE: ordered,
# unordered, linebuf, spill, retries or make.  Sets XARGS, writes
# $W/expect, and sets ORDERED, LINES, CLEAN (the status of a run without
# a fault), EST (about how long that run takes, in ms) and DESC.
jobs_setup() {
	local mode=$1 n j chunks width maxl msbase gc=0 retries=0 k l m f
	local keys=() ls=() mss=() fs=() mmax=0
	between 1 5
	j=$R
	between 1 16
	n=$R
	between 1 4
	chunks=$R
	between 1 60
	width=$R
	between 0 40
	maxl=$R
	pick 0 10 20 50 100 200
	msbase=$P
	XARGS=(-j"$j")
	ORDERED=1 LINES=0 CLEAN=0
	case $mode in
	unordered)
		XARGS+=(--unordered)
		ORDERED=0
		;;
	linebuf)
		XARGS+=(--line-buffer)
		ORDERED=0 LINES=1
		;;
	spill)
		# Outputs larger than --buffer, behind a slow first job.
		pick 1K 4K 16K 64K
		XARGS+=(--buffer "$P")
		between 2 6
		n=$R
		between 2 4
		j=$R
		XARGS[0]=-j$j
		between 100 1500
		maxl=$R
		between 50 400
		width=$R
		between 2 4
		chunks=$R
		pick 20 50 100
		msbase=$P
		;;
	retries)
		between 2 4
		retries=$R
		XARGS+=(--retries "$retries")
		# (whole_set needs it: see there.)
		RETRYLOG=1
		;;
	esac
	if ((NOFORK)); then
		gc=0
	elif chance 15; then
		gc=1
	elif chance 10; then
		gc=2
	fi
	if ((!NOJOBLOG)) && { chance 50 || ((RETRYLOG)); }; then
		XARGS+=(--joblog jl)
		JOBLOG=$W/jl
	fi
	: >"$W/expect"
	for ((k = 1; k <= n; k++)); do
		rnd $((maxl + 1))
		l=$R
		rnd 3
		m=$((msbase * (R + 1) / 2))
		[[ $mode == spill && $k == 1 ]] && m=$((msbase * 4))
		((m > mmax)) && mmax=$m
		f=0
		if ((retries)); then
			rnd $((retries + 1))
			f=$R
			((f >= retries)) && CLEAN=$((CLEAN + 1))
		fi
		keys+=("$k") ls+=("$l") mss+=("$m") fs+=("$f")
		echo "$k $l $width" >>"$W/expect"
	done
	DESC="${XARGS[*]}: $n jobs of up to $maxl lines (width $width) in $chunks writes ${msbase}ms apart"
	((gc)) && DESC+=", each leaving a process behind ($gc)"
	XARGS+=(payjob '{1}' '{2}' "$chunks" '{3}' "$width" '{4}' "$gc"
	    ::: "${keys[@]}" :::+ "${ls[@]}" :::+ "${mss[@]}" :::+ "${fs[@]}")
	EST=$((((n + j - 1) / j) * ((chunks - 1) * mmax + 40)))
	((retries)) && EST=$((EST * 2))
	WHOLE_FROM='jobs'
}

# pipe_setup: --pipe over records "KEY only PAD", copied by pjob.
pipe_setup() {
	local n width j every ms bytes
	between 20 2000
	n=$R
	between 1 120
	width=$R
	between 1 4
	j=$R
	between 1 50
	every=$R
	pick 0 5 20 50
	ms=$P
	awk -v n="$n" -v w="$width" 'BEGIN {
		a = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ+/"
		p = a a
		for (i = 1; i <= n; i++) print i " only " substr(p, 1, w)
	}' >"$W/records"
	awk -v n="$n" -v w="$width" 'BEGIN { for (i = 1; i <= n; i++) print i, -1, w }' >"$W/expect"
	IN=$W/records
	XARGS=(--pipe -j"$j")
	bytes=$(wc -c <"$W/records")
	if chance 50; then
		between $((n / 60 + 1)) $((n / 2 + 1))
		XARGS+=(-N "$R")
		DESC="--pipe -j$j -N $R"
	else
		between $((bytes / 60 + 1)) $((bytes / 2 + 1))
		XARGS+=(--block "$R")
		DESC="--pipe -j$j --block $R"
	fi
	ORDERED=1 LINES=0 CLEAN=0
	if chance 30; then
		XARGS+=(--unordered)
		ORDERED=0
		DESC+=" --unordered"
	fi
	XARGS+=(pjob "$every" "$ms")
	DESC+=", $n records (width $width), a write per $every ${ms}ms apart"
	EST=$((n * ms / (every * j) + 200))
	WHOLE_FROM='pipe'
}

# worker_setup EOT [BREAK]: --worker over items 1..N, answered by wjob,
# framed with --eot when EOT is not '-'; the items from a file or the
# standard input (ITEMS_FROM: file, stdin, or either).
worker_setup() {
	local eot=$1 brk=${2:--} n j chunk ms width lines=0 k
	between 5 80
	n=$R
	between 1 4
	j=$R
	between 1 5
	chunk=$R
	pick 0 5 20 50
	ms=$P
	between 1 80
	width=$R
	XARGS=(--worker -j"$j" -n "$chunk")
	DESC="--worker -j$j -n $chunk"
	if [[ $eot != - ]]; then
		between 0 4
		lines=$R
		XARGS+=(--eot "$eot")
		DESC+=" --eot"
	fi
	ORDERED=1 LINES=0 CLEAN=0
	if chance 25; then
		XARGS+=(--unordered)
		ORDERED=0
		DESC+=" --unordered"
	fi
	if ((!NOJOBLOG)) && chance 40; then
		XARGS+=(--joblog jl)
		JOBLOG=$W/jl
	fi
	seq "$n" >"$W/items"
	case ${ITEMS_FROM:-either} in
	file) XARGS+=(-a items) ;;
	stdin) IN=$W/items ;;
	*) if chance 50; then XARGS+=(-a items); else IN=$W/items; fi ;;
	esac
	: >"$W/expect"
	for ((k = 1; k <= n; k++)); do
		if [[ $eot != - ]]; then
			echo "$k $lines $width 1"
		else
			echo "$k -1 $width 0"
		fi
	done >"$W/expect"
	XARGS+=(wjob "$ms" "$width" "$lines" "$eot" "$brk")
	DESC+=", $n items, ${ms}ms each"
	EST=$((n * ms / j + 300))
	WHOLE_FROM='worker'
}

# nested_setup: xpool over jobs that are xpools (inner), which take their
# slots from the jobserver the outer one offers.
nested_setup() {
	local oj g n ij lines chunks ms width a b groups=()
	between 1 3
	oj=$R
	between 1 4
	g=$R
	between 1 6
	n=$R
	between 1 3
	ij=$R
	between 0 30
	lines=$R
	between 1 3
	chunks=$R
	pick 0 20 50 100
	ms=$P
	between 1 40
	width=$R
	for ((a = 1; a <= g; a++)); do
		groups+=("$a")
	done
	XARGS=(-j"$oj" inner '{}' "$n" "$ij" "$lines" "$chunks" "$ms" "$width" ::: "${groups[@]}")
	for ((a = 1; a <= g; a++)); do
		for ((b = 1; b <= n; b++)); do
			echo "$a.$b $lines $width"
		done
	done >"$W/expect"
	ORDERED=1 LINES=0 CLEAN=0
	EST=$((g * ((n + ij - 1) / ij) * ((chunks - 1) * ms + 40) + 200))
	DESC="-j$oj over $g xpools, each -j$ij over $n jobs of $lines lines in $chunks writes ${ms}ms apart"
	WHOLE_FROM='jobs'
}

# make_setup: xpool in a make -jN recipe with a '+', beside another
# target; its status goes to xstatus.
make_setup() {
	local mj q=() a
	jobs_setup ordered
	between 2 4
	mj=$R
	for a in "${XARGS[@]}"; do
		q+=("'$a'")
	done
	# shellcheck disable=SC2016 # make's $(XPOOL) and $$?
	{
		printf 'all: run side\n'
		printf 'run:\n\t+"$(XPOOL)" %s; echo $$? >xstatus\n' "${q[*]}"
		printf 'side:\n\t@payjob side 0 1 0 1 >side.out\n'
	} >"$W/Makefile"
	MAKEJ=$mj
	DESC="make -j$mj, +xpool $DESC"
}

# whole_set: the keys whose job finished writing its output ($W/whole),
# and the try each key's output must come from (in $W/expect).
whole_set() {
	local key rest t r a b
	: >"$W/whole"
	case $WHOLE_FROM in
	jobs)
		# With --retries, a try that a signal killed before it counted
		# itself may be the last: only a last try that exited by itself
		# (the --joblog says so) is known to be the one counted.
		local -A sigkilled=()
		if ((RETRYLOG)) && [[ -e $JOBLOG ]]; then
			while IFS=$'\t' read -r a _ _ _ _ _ _ b _; do
				[[ $a != Seq && $b != 0 ]] && sigkilled[$a]=1
			done <"$JOBLOG"
		fi
		while read -r key rest; do
			t=0
			[[ -e $W/tries.$key ]] && read -r t <"$W/tries.$key"
			[[ -e $W/done.$key.$t && -z ${sigkilled[$key]:-} ]] &&
			    echo "$key" >>"$W/whole"
			echo "$key $rest $t"
		done <"$W/expect" >"$W/expect.t"
		mv "$W/expect.t" "$W/expect"
		;;
	worker)
		while read -r key rest; do
			[[ -e $W/done.$key.1 ]] && echo "$key"
		done <"$W/expect" >"$W/whole"
		;;
	pipe)
		for r in "$W"/done.*; do
			[[ -e $r ]] || continue
			read -r a b <"$r"
			[[ -n $a ]] && seq "$a" "$b"
		done >"$W/whole"
		;;
	esac
}

# ------------------------------------------------------------ faults

# send SIG TARGET: SIG to TARGET (a pid, or -PGID); for TSTP, wait until
# xpool is stopped, check that its jobs are too, wait HOLD ms, and CONT.
send() {
	local sig=$1 target=$2
	if [[ $sig != TSTP ]]; then
		kill -s "$sig" -- "$target" 2>/dev/null
		return
	fi
	kill -s TSTP -- "$target" 2>/dev/null || return 0
	# Whatever happens from here, the target is continued: xpool may have
	# been exiting when the signal came (gone, or a zombie whose parent
	# the signal stopped), and make's process group must not stay stopped.
	local n=500
	while state_of "$XP" && [[ $S != T ]]; do
		[[ $S == Z ]] && break
		if ((--n <= 0)); then
			problem other "xpool did not stop on SIGTSTP"
			break
		fi
		nap 10
	done
	if state_of "$XP" && [[ $S == T ]]; then
		[[ $CHECK_STOPPED == 1 ]] && jobs_stopped
		nap "$HOLD"
	fi
	kill -s CONT -- "$target" 2>/dev/null
}

# jobs_stopped: xpool is stopped; so must every process it started be:
# those in the process groups of its jobs (xpool's own group holds make
# and its shells too, which are not xpool's).
jobs_stopped() {
	local n=100 p running own
	pgid_of "$XP" || return 0
	own=$PG
	while :; do
		running=()
		for p in $(tagged); do
			pgid_of "$p" || continue
			[[ $PG == "$own" ]] && continue
			state_of "$p" || continue
			case $S in
			T | Z | X) ;;
			*) running+=("$p") ;;
			esac
		done
		((${#running[@]} == 0)) && return 0
		if ((--n <= 0)); then
			problem other "xpool is stopped, but these run on: $(pslist "${running[@]}")"
			return 1
		fi
		nap 20
	done
}


# ------------------------------------------------------------ scenarios

# sc_signal MODE SIG: SIG at a random moment of a run in MODE (for TSTP:
# then CONT after a while).  A run that SIG reached dies of it; one it
# missed ends as without it; either way the output holds what it says.
sc_signal() {
	local mode=$1 sig=$2 delay target mode_desc sigst need=()
	JOBLOG=
	case $mode in
	ordered | unordered | linebuf | spill | retries) jobs_setup "$mode" ;;
	pipe) pipe_setup ;;
	worker) worker_setup - ;;
	worker-eot) worker_setup EOT ;;
	nested) nested_setup ;;
	make) make_setup ;;
	esac
	rnd $((EST + 200))
	delay=$R
	chance 10 && delay=0
	between 50 800
	HOLD=$R
	CHECK_STOPPED=1
	[[ $mode == nested ]] && CHECK_STOPPED=0
	if [[ $sig == TSTP ]] && [[ $mode != make && $mode != nested ]] && chance 20; then
		# Stopped for longer than --timeout, which must not count it.
		XARGS=(--timeout "$(((EST + 2000) / 1000 + 1))" "${XARGS[@]}")
		HOLD=$(((EST + 2000) / 1000 * 1000 + 1500))
		DESC+=", --timeout ${XARGS[1]}s"
	fi
	target=xpool
	if [[ $mode == make ]]; then
		chance 30 && target=group
		LAUNCHED='make'
		launch make -s -j"$MAKEJ" -f Makefile
	else
		LAUNCHED='xpool'
		launch "$XPOOL" "${XARGS[@]}"
	fi
	mode_desc="$DESC; SIG$sig after ${delay}ms"
	[[ $sig == TSTP ]] && mode_desc+=", CONT ${HOLD}ms later"
	[[ $target == group ]] && mode_desc+=" to make's process group"
	DESC=$mode_desc
	# A stopped run goes on once continued: what was left of it, after.
	[[ $sig == TSTP ]] && AFTER=$((EST > delay ? EST - delay + HOLD : HOLD))
	if await_xpool; then
		nap "$delay"
		if [[ $target == group ]]; then
			send "$sig" "-$PID"
		else
			send "$sig" "$XP"
		fi
	fi
	finish
	sigst=$(sigstatus "$sig")
	# The statuses that may be: as without the signal, or killed by it.
	local may=("$CLEAN")
	[[ $sig == TSTP ]] || may+=("$sigst")
	if [[ $mode == make ]]; then
		# make's own status: its recipe for xpool ends with an echo, so
		# only a signal to make itself fails it.
		local xst=''
		if [[ $target == group ]]; then
			# (2: make saw its recipe fail before its own signal.)
			expect_status 0 2 "${may[@]:1}"
		else
			expect_status 0
		fi
		[[ -e $W/xstatus ]] && read -r xst <"$W/xstatus"
		if [[ -n $xst ]]; then
			ST=$xst
			expect_status "${may[@]}"
		elif [[ $target == group ]]; then
			# Its shell went with the signal, before writing it.
			((ST)) && ST=$sigst
		else
			problem status "the recipe wrote no status for xpool"
		fi
		if grep -q -e INTERNAL -e jobserver "$W/err"; then
			problem other "make: $(grep -e INTERNAL -e jobserver "$W/err" | head -n 2)"
		fi
		# What make and its shells say ("make: *** ...", "Terminated")
		# is theirs: only xpool's messages are checked.
		mv "$W/err" "$W/err.make"
		grep '^xpool' "$W/err.make" >"$W/err"
	else
		expect_status "${may[@]}"
	fi
	whole_set
	[[ $ST == "$CLEAN" ]] && need=(-v need=all)
	check_output "$OUT" "${need[@]}" -v whole="$W/whole" \
	    -v ordered="$ORDERED" -v lines="$LINES" ${JOBLOG:+-v joblog="$JOBLOG"}
	# A worker that the signal ended is named, with the item it had.
	check_stderr "^xpool: worker [0-9]+ \\(pid [0-9]+\\) died of SIG$sig on item [0-9]+\$"
	check_procs
	check_tmp
}

# wait_files FILE...: until each exists (GUARD seconds at most).
wait_files() {
	local f n=$((GUARD * 100))
	for f; do
		while [[ ! -e $f ]]; do
			if ((--n <= 0)); then
				problem hang "$f never came"
				return 1
			fi
			nap 10
		done
	done
	return 0
}

# sc_worker_held: a signal while a worker is still on the first item of
# its chunk and the other workers have answered the items after it: those
# answers, which xpool has and records, must be printed as with a process
# per job; the items of the unfinished chunk are not.
sc_worker_held() {
	local sig j chunk n k rest=()
	pick INT TERM HUP
	sig=$P
	between 2 4
	j=$R
	between 2 4
	chunk=$R
	n=$((j * chunk))
	seq "$n" >"$W/items"
	for ((k = 1; k <= n; k++)); do
		echo "$k -1 10 0"
	done >"$W/expect"
	ENVS=(FAULT_SLOW=1)
	XARGS=(--worker -j"$j" -n "$chunk" --joblog jl -a items wjob 0 10 0 - -)
	JOBLOG=$W/jl
	DESC="--worker -j$j -n $chunk over $n items, item 1 slow; SIG$sig once the other chunks are answered"
	LAUNCHED='xpool'
	launch "$XPOOL" "${XARGS[@]}"
	await_xpool
	for ((k = chunk + 1; k <= n; k++)); do
		rest+=("$W/done.$k.1")
	done
	wait_files "${rest[@]}" && kill -s "$sig" "$XP"
	finish
	expect_status "$(sigstatus "$sig")"
	WHOLE_FROM='worker'
	whole_set
	check_output "$OUT" -v whole="$W/whole" -v joblog="$JOBLOG"
	check_stderr "^xpool: worker [0-9]+ \\(pid [0-9]+\\) died of SIG$sig on item 1\$"
	check_procs
	check_tmp
}

# sc_tstp_ending: SIGTSTP while xpool ends what a job left in its process
# group (a process that ignores SIGTERM, under a long --termseq): that
# process must stop with the jobs.
sc_tstp_ending() {
	local j n k hold items=() left=50
	between 1 3
	j=$R
	between 1 "$j"
	n=$R
	for ((k = 1; k <= n; k++)); do
		echo "$k 2 10 1"
		items+=("$k")
	done >"$W/expect"
	# shellcheck disable=SC2054 # --termseq's list
	XARGS=(-j"$j" --termseq TERM,5000,KILL payjob '{}' 2 1 0 10 0 2 ::: "${items[@]}")
	between 100 800
	hold=$R
	DESC="-j$j --termseq TERM,5000,KILL, $n jobs, each leaving a process that ignores SIGTERM; SIGTSTP once the jobs have exited, CONT ${hold}ms later"
	LAUNCHED='xpool'
	launch "$XPOOL" "${XARGS[@]}"
	await_xpool
	HOLD=$hold CHECK_STOPPED=1
	items=()
	for ((k = 1; k <= n; k++)); do
		items+=("$W/done.$k.1")
	done
	if wait_files "${items[@]}"; then
		# The jobs have exited once xpool has no child left.
		while [[ -n $(ps -o pid= --ppid "$XP") ]] && ((--left > 0)); do
			nap 20
		done
		nap 200
		send TSTP "$XP"
	fi
	finish
	expect_status 0
	WHOLE_FROM='jobs'
	whole_set
	check_output "$OUT" -v need=all -v ordered=1
	check_stderr ''
	check_procs
	check_tmp
}

# fail_items: the items xpool's messages say failed, one a line, in
# $W/failed; PIDS the worker pids they name.
fail_items() {
	sed -n 's/^xpool: worker [0-9]* (pid \([0-9]*\)) .* on item \([0-9]*\)$/\2 \1/p' \
	    "$W/err" >"$W/failed.pid"
	cut -d' ' -f1 "$W/failed.pid" | sort -un >"$W/failed"
	PIDS=$(cut -d' ' -f2 "$W/failed.pid" | sort -u)
}

# expect_but FILE: $W/expect without the keys listed in FILE.
expect_but() {
	awk -v gone="$1" 'BEGIN { while ((getline k < gone) > 0) g[k] = 1 }
	    !($1 in g)' "$W/expect" >"$W/expect.t"
	mv "$W/expect.t" "$W/expect"
}

# live_worker: W1 is the pid of a worker that runs now (or empty).
live_worker() {
	local f p cands=()
	W1=
	for f in "$W"/wpid.*; do
		[[ -e $f ]] || continue
		p=${f##*.}
		alive "$p" && ppid_of "$p" && [[ $PP == "$XP" ]] && cands+=("$p")
	done
	((${#cands[@]})) || return 1
	rnd ${#cands[@]}
	W1=${cands[R]}
}

# worker_fault_setup: a --worker run for the worker faults: items, -n,
# --eot, --retries.
worker_fault_setup() {
	pick - EOT
	worker_setup "$P"
	if chance 40; then
		XARGS=(--retries 2 "${XARGS[@]}")
		DESC+=", --retries 2"
	fi
}

# sc_worker_kill: a worker killed with SIGKILL, once or twice, at random
# moments.  The item it was answering fails (unless --retries runs it
# again), and is named; every other item is answered once.
sc_worker_kill() {
	local kills k delay killed=()
	JOBLOG=
	worker_fault_setup
	between 1 2
	kills=$R
	LAUNCHED='xpool'
	launch "$XPOOL" "${XARGS[@]}"
	if await_xpool; then
		for ((k = 0; k < kills; k++)); do
			rnd $((EST / kills + 100))
			delay=$R
			nap "$delay"
			live_worker || continue
			kill -KILL "$W1" 2>/dev/null && killed+=("$W1")
			DESC+="; SIGKILL to a worker after ${delay}ms"
		done
	fi
	finish
	fail_items
	expect_status $(seq 0 "${#killed[@]}")
	local nf
	nf=$(wc -l <"$W/failed")
	[[ $ST == "$nf" ]] || problem status "exit status $ST, but $nf items are named as failed"
	local p
	for p in $PIDS; do
		[[ " ${killed[*]} " == *" $p "* ]] ||
		    problem other "xpool names worker pid $p, which was not killed"
	done
	expect_but "$W/failed"
	check_output "$OUT" -v need=all -v ordered="$ORDERED"
	check_stderr '^xpool: worker [0-9]+ \(pid [0-9]+\) died of SIGKILL on item [0-9]+$'
	check_procs
	check_tmp
}

# sc_worker_stop: a worker stopped with SIGSTOP past --timeout: xpool ends
# it; the item it had fails (or is tried again), and is named.
sc_worker_stop() {
	local delay t
	JOBLOG=
	worker_fault_setup
	between 3 12
	t=$((R * 100))
	XARGS=(--timeout "${t}ms" "${XARGS[@]}")
	DESC+=", --timeout ${t}ms"
	LAUNCHED='xpool'
	launch "$XPOOL" "${XARGS[@]}"
	if await_xpool; then
		rnd $((EST + 100))
		delay=$R
		nap "$delay"
		if live_worker; then
			kill -STOP "$W1" 2>/dev/null
			DESC+="; SIGSTOP to a worker after ${delay}ms"
		fi
	fi
	finish
	fail_items
	expect_status 0 1
	local nf
	nf=$(wc -l <"$W/failed")
	[[ $ST == "$nf" ]] || problem status "exit status $ST, but $nf items are named as failed"
	[[ -z $PIDS || $PIDS == "$W1" ]] ||
	    problem other "xpool names worker pid $PIDS, not the one stopped ($W1)"
	expect_but "$W/failed"
	check_output "$OUT" -v need=all -v ordered="$ORDERED"
	check_stderr '^xpool: worker [0-9]+ \(pid [0-9]+\) timed out after [0-9.]+m?s on item [0-9]+$'
	check_procs
	check_tmp
}

# sc_worker_framing: a worker that prints a line no item asked for, after
# a random item: it is replaced, every item is still answered once, the
# run fails with 255 and a message naming it.
sc_worker_framing() {
	local eot brk
	JOBLOG=
	pick - EOT
	eot=$P
	# An item of the 5 that every run has.
	between 1 5
	brk=$R
	worker_setup "$eot" "$brk"
	# One item a chunk: the stray line comes when no item waits.
	XARGS[3]=1
	DESC=${DESC/-n [0-9]/-n 1}
	DESC+=", a stray line after item $brk"
	LAUNCHED='xpool'
	launch "$XPOOL" "${XARGS[@]}"
	finish
	expect_status 255
	check_output "$OUT" -v need=all -v ordered="$ORDERED"
	check_stderr '^xpool: worker [0-9]+ \(pid [0-9]+\) (printed more answers than it was given items|broke the framing)'
	local m
	m=$(grep -c '^xpool: worker' "$W/err")
	[[ $m == 1 ]] || problem other "$m messages about a worker; expected 1"
	check_procs
	check_tmp
}

# limits_setup: one of the job modes for the limit scenarios, with short
# jobs; sets MODE.
limits_setup() {
	pick ordered unordered spill pipe worker
	MODE=$P
	JOBLOG=
	# (A record file xpool cannot open ends it with 255, as it should.)
	NOJOBLOG=1
	case $MODE in
	pipe) pipe_setup ;;
	worker) worker_setup - ;;
	*) jobs_setup "$MODE" ;;
	esac
}

# sc_emfile: the limit on open files just above what xpool needs to start,
# with many slots, and descriptors it inherits that its count of slots may
# not foresee: a start waits for descriptors; every job runs.
sc_emfile() {
	local need lim j
	# xpool counts 4 descriptors a slot beyond 32 of its own; what it
	# inherits past those it finds out when a start fails (EMFILE).
	between 0 60
	EXTRA_FDS=$R
	limits_setup
	between 4 16
	j=$R
	# Many slots, so that starts run out of descriptors.
	local i
	for i in "${!XARGS[@]}"; do
		[[ ${XARGS[i]} == -j* ]] && XARGS[i]=-j$j
	done
	# The least limit xpool starts with, here: it counts the descriptors
	# it inherits too.
	for ((need = 10; need < 200; need++)); do
		(hold_fds "$EXTRA_FDS" && ulimit -n "$need" &&
		    exec "$XPOOL" -j1 true ::: x) </dev/null >/dev/null 2>&1 && break
	done
	between 0 20
	lim=$((need + R))
	LIMITS="-n $lim"
	DESC="ulimit -n $lim (xpool needs $need), $EXTRA_FDS descriptors inherited, -j$j, $MODE: $DESC"
	LAUNCHED='xpool'
	launch "$XPOOL" "${XARGS[@]}"
	finish
	expect_status 0
	whole_set
	check_output "$OUT" -v need=all -v ordered="$ORDERED"
	check_stderr '^xpool: warning: cannot hold output in a temporary file'
	check_procs
	check_tmp
}

# sc_eagain: the limit on processes (as a user of its own, which root's
# limit does not bind): starts wait for a process to end; every job runs.
sc_eagain() {
	local lim uid
	# The limit binds users without privileges: run as one of its own.
	if [[ $(id -u) != 0 ]]; then
		skip "not root: cannot run xpool as a user of its own"
		return
	fi
	if ! command -v setpriv >/dev/null; then
		skip "setpriv is not installed"
		return
	fi
	# Only xpool and its jobs count, and no job forks.
	NOFORK=1 limits_setup
	between 2 6
	lim=$R
	# A user no other process runs as, whatever runs beside.
	uid=$((60000 + $(printf '%s' "$W" | cksum | cut -d' ' -f1) % 5000))
	while pgrep -U "$uid" >/dev/null; do
		uid=$((uid + 1))
	done
	AS_UID=$uid
	chown -R "$uid:$uid" "$W"
	LIMITS="-u $lim"
	DESC="ulimit -u $lim, $MODE: $DESC"
	LAUNCHED='xpool'
	# The limit may leave one job at a time: the run can take -j times as
	# long as EST (reckoned with every slot busy), and that is no hang.
	local a jn=1
	for a in "${XARGS[@]}"; do
		[[ $a =~ ^-j([0-9]+)$ ]] && jn=${BASH_REMATCH[1]}
	done
	AFTER=$((EST * jn))
	# A tree in a directory only root may enter (mktemp -d) cannot be
	# run from as another user.
	if ! setpriv --reuid="$uid" --regid="$uid" --clear-groups \
	    test -x "$XPOOL" -a -x "$W"; then
		skip "the tree is in a directory user $uid cannot enter"
		return
	fi
	launch "$XPOOL" "${XARGS[@]}"
	finish
	if [[ $ST == 255 ]] && grep -q 'out of processes' "$W/err"; then
		# Not even one job could start: then none ran.
		[[ -s $OUT ]] && problem other "exit 255 for want of processes, after output"
	else
		expect_status 0
		whole_set
		check_output "$OUT" -v need=all -v ordered="$ORDERED"
	fi
	check_stderr '^xpool: (warning: cannot hold output in a temporary file|cannot start a job: out of processes)'
	check_procs
	check_tmp
}

# sc_enospc: held output spills to a --tmpdir on a small tmpfs, which
# fills: xpool says so once and holds the rest in memory; nothing is lost.
sc_enospc() {
	local size
	jobs_setup spill
	pick 64k 128k 256k
	size=$P
	mkdir -p "$W/spill"
	if ! mount -t tmpfs -o "size=$size,mode=0700" xpool-fault "$W/spill" 2>"$W/mount.err"; then
		skip "cannot mount a tmpfs: $(head -n 1 "$W/mount.err")"
		return
	fi
	# shellcheck disable=SC2016 # expanded by eval, at the end
	CLEANUP='umount "$W/spill" 2>/dev/null || umount -l "$W/spill"'
	XARGS=(--tmpdir "$W/spill" "${XARGS[@]}")
	DESC="--tmpdir on a tmpfs of $size, $DESC"
	LAUNCHED='xpool'
	launch "$XPOOL" "${XARGS[@]}"
	finish
	expect_status 0
	whole_set
	check_output "$OUT" -v need=all -v ordered=1
	check_stderr '^xpool: warning: cannot hold output in a temporary file \(No space left on device\)'
	local m
	m=$(grep -c 'cannot hold output' "$W/err")
	((m <= 1)) || problem other "$m warnings about the temporary file; expected one at most"
	check_procs
	check_tmp
	check_tmp "$W/spill"
}

# sc_stdout_full: standard output is /dev/full: xpool says it cannot write,
# ends its jobs, exits 255.
sc_stdout_full() {
	limits_setup
	OUT=/dev/full
	DESC="stdout /dev/full, $MODE: $DESC"
	LAUNCHED='xpool'
	launch "$XPOOL" "${XARGS[@]}"
	finish
	expect_status 255
	check_stderr '^xpool: cannot write to standard output: No space left on device$'
	local m
	m=$(wc -l <"$W/err")
	[[ $m == 1 ]] || problem other "$m lines on stderr; expected the one message"
	check_procs
	check_tmp
}

# stdout_reader_run READER...: xpool's output through a FIFO to READER,
# started beside it; what the reader kept is $W/kept.
stdout_reader_run() {
	mkfifo "$W/fifo"
	OUT=$W/fifo
	LAUNCHED='xpool'
	launch "$XPOOL" "${XARGS[@]}"
	(cd "$W" && FAULT_NEVER=$NEVER exec "$@" <"$W/fifo") &
	local rpid=$!
	finish
	wait "$rpid"
}

# sc_stdout_head: xpool ... | head -n K: xpool ends quietly, killed by
# SIGPIPE (or 0 when all it had fitted before head went); head got the
# first lines of the output.
sc_stdout_head() {
	local k
	limits_setup
	between 1 30
	k=$R
	chance 50 && k=1
	DESC="| head -n $k, $MODE: $DESC"
	# shellcheck disable=SC2016 # sh's $1
	stdout_reader_run sh -c 'head -n "$1" >kept' sh "$k"
	expect_status 0 141
	check_output "$W/kept" -v ordered="$ORDERED"
	check_stderr ''
	check_procs
	check_tmp
}

# sc_stdout_stall: a reader that takes some bytes, stops reading for a
# while (xpool must wait, not spin or lose), then exits.
sc_stdout_stall() {
	local bytes ms
	limits_setup
	between 0 200000
	bytes=$R
	between 100 1500
	ms=$R
	DESC="a reader that takes $bytes bytes, stops for ${ms}ms and exits, $MODE: $DESC"
	stdout_reader_run stall "$bytes" "$ms" "$W/kept.raw"
	expect_status 0 141
	# The last line may be cut where the reader stopped.
	if [[ -s $W/kept.raw && $(tail -c 1 "$W/kept.raw" | od -An -tx1) != *0a* ]]; then
		sed '$d' "$W/kept.raw" >"$W/kept"
	else
		cp "$W/kept.raw" "$W/kept"
	fi
	check_output "$W/kept" -v ordered="$ORDERED"
	check_stderr ''
	check_procs
	check_tmp
}

# sc_stdin: standard input closed (items from :::, from a file, or none
# at all), or a FIFO whose writer stalls until a SIGTERM comes.
sc_stdin() {
	local how
	pick closed-items closed-read closed-pipe closed-worker stalled
	how=$P
	JOBLOG=
	case $how in
	closed-items)
		jobs_setup ordered
		IN=-
		;;
	closed-read)
		# Items from the standard input, which is closed: no job.
		XARGS=(payjob '{}' 1 1 0 1)
		: >"$W/expect"
		IN=-
		;;
	closed-pipe)
		XARGS=(--pipe pjob 1 0)
		: >"$W/expect"
		IN=-
		;;
	closed-worker)
		ITEMS_FROM='file' worker_setup -
		IN=-
		;;
	stalled)
		ITEMS_FROM='stdin' worker_setup -
		mkfifo "$W/feed"
		IN=$W/feed
		;;
	esac
	DESC="stdin $how${DESC:+: $DESC}"
	LAUNCHED='xpool'
	if [[ $how == stalled ]]; then
		# Half the items, then nothing: the writer holds the FIFO open.
		local n half delay
		n=$(wc -l <"$W/items")
		half=$((n / 2))
		(exec 3>"$W/feed"; head -n "$half" "$W/items" >&3; read -r -t 60 <>"$NEVER") &
		local wpid=$!
		launch "$XPOOL" "${XARGS[@]}"
		await_xpool
		rnd $((EST / 2 + 100))
		delay=$R
		nap "$delay"
		kill -TERM "$PID" 2>/dev/null
		DESC+="; the writer stalls after $half items, SIGTERM after ${delay}ms"
		finish
		kill "$wpid" 2>/dev/null
		wait "$wpid" 2>/dev/null
		expect_status 143
		whole_set
		awk -v h="$half" '$1 <= h' "$W/expect" >"$W/expect.t"
		mv "$W/expect.t" "$W/expect"
		check_output "$OUT" -v whole="$W/whole" -v ordered="$ORDERED"
		check_stderr '^xpool: worker [0-9]+ \(pid [0-9]+\) died of SIGTERM on item [0-9]+$'
	else
		launch "$XPOOL" "${XARGS[@]}"
		finish
		expect_status 0
		whole_set
		check_output "$OUT" -v need=all -v ordered="$ORDERED"
		check_stderr ''
	fi
	check_procs
	check_tmp
}

# ------------------------------------------------------------ a run

# run_one NAME SEED: one run, in a subshell; its result in
# $ROOT/results/NAME.SEED: NAME SEED VERDICT CATEGORIES SECONDS PARAMS
# FIRST-PROBLEM, tab-separated.
run_one() {
	local def
	name=$1 seed=$2 RAN=0 TAG=''
	def=${DEF[$name]}
	W=$ROOT/runs/$name.$seed
	rm -rf "$W"
	mkdir -p "$W/tmp"
	chmod 755 "$W"
	NEVER=$W/never
	mkfifo "$NEVER"
	TAG=xpf.$MAIN.$name.$seed
	# Every setting a scenario may change, at its default.
	IN=/dev/null OUT=$W/out LIMITS='' AS_UID='' ENVS=() EXTRA_FDS=0
	NOFORK=0 NOJOBLOG=0 ITEMS_FROM=either RETRYLOG=0 JOBLOG=''
	WHOLE_FROM=none CLEAN=0 ORDERED=1 LINES=0 EST=0 AFTER=0 XARGS=() DESC=''
	CLEANUP='' HUNG=0 XP='' PID='' ST='' W1=''
	trap run_exit EXIT
	: >"$W/problems"
	rng_init "$name" "$seed"
	t0=$EPOCHREALTIME
	# shellcheck disable=SC2086 # the function and its arguments
	$def
	RAN=1
}

# run_exit: the end of a run's subshell, however it ends: its verdict.
run_exit() {
	local st=$? verdict cats first
	trap - EXIT
	if ((!RAN)); then
		problem other "the scenario stopped with status $st before its end (a fault of the matrix itself?)"
		if [[ -n $TAG ]]; then
			# shellcheck disable=SC2046 # pids
			kill -KILL $(tagged) 2>/dev/null
		fi
	fi
	[[ -n $CLEANUP ]] && eval "$CLEANUP"
	t0=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
	if [[ -s $W/skip ]]; then
		verdict=skip
		cats=-
		first=$(head -n 1 "$W/skip")
	elif [[ -s $W/problems ]]; then
		verdict=fail
		cats=$(cut -f1 "$W/problems" | sort -u | paste -sd, -)
		first=$(head -n 1 "$W/problems" | tr '\t' ' ')
	else
		verdict=ok
		cats=-
		first=-
	fi
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$seed" "$verdict" \
	    "$cats" "$t0" "${DESC:--}" "$first" >"$ROOT/results/$name.$seed.tmp"
	mv "$ROOT/results/$name.$seed.tmp" "$ROOT/results/$name.$seed"
	if [[ $verdict != fail && $KEEP == 0 ]]; then
		rm -rf "$W"
	fi
}

# ------------------------------------------------------------ main

usage() {
	sed -n '/^# Usage:/,/^# the command/p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
}

RUNS=1 SEED='' PAR=4 CHECK=0 OUTFILE='' KEEP=0 VERBOSE=0 LIST=0
while (($#)); do
	case $1 in
	-r) RUNS=$2; shift 2 ;;
	-s) SEED=$2; shift 2 ;;
	-P) PAR=$2; shift 2 ;;
	--check) CHECK=1; shift ;;
	-o) OUTFILE=$2; shift 2 ;;
	-k) KEEP=1; shift ;;
	-v) VERBOSE=1; shift ;;
	-l) LIST=1; shift ;;
	-h | --help) usage ;;
	--) shift; break ;;
	-*) usage ;;
	*) break ;;
	esac
done
[[ $RUNS =~ ^[1-9][0-9]*$ && $PAR =~ ^[1-9][0-9]*$ ]] || usage
[[ -z $SEED || $SEED =~ ^[0-9]+$ ]] || usage
[[ -n $SEED ]] || SEED=$(($(date +%s) % 1000000))

declare -A DEF CHECKRUNS WHAT
NAMES=()
for row in "${SCENARIOS[@]}"; do
	IFS='|' read -r name runs def what <<<"$row"
	DEF[$name]=$def
	CHECKRUNS[$name]=$runs
	WHAT[$name]=$what
	NAMES+=("$name")
done

SELECTED=()
for name in "${NAMES[@]}"; do
	if (($# == 0)); then
		SELECTED+=("$name")
		continue
	fi
	for pat; do
		# shellcheck disable=SC2053 # a pattern, on purpose
		if [[ $name == $pat ]]; then
			SELECTED+=("$name")
			break
		fi
	done
done
if ((${#SELECTED[@]} == 0)); then
	echo "fault: no scenario matches: $*" >&2
	exit 2
fi
if ((LIST)); then
	for name in "${SELECTED[@]}"; do
		printf '%s\t%s\t%s\n' "$name" "${CHECKRUNS[$name]}" "${WHAT[$name]}"
	done
	exit 0
fi

MAIN=$$
mkdir -p "$ROOT/results" "$ROOT/runs"
# One matrix at a time in ROOT: each clears what the last one left.
exec 9>"$ROOT/lock"
if ! flock -n 9; then
	echo "fault: another run of the matrix uses $ROOT; give this one another FAULT_ROOT" >&2
	exit 2
fi
rm -f "$ROOT"/results/*
NEVER=$ROOT/never.$$
rm -f "$NEVER"
mkfifo "$NEVER"

# The runs, the k-th run of every scenario before the (k+1)-th of any.
QUEUE=()
maxruns=$RUNS
if ((CHECK)); then
	maxruns=0
	for name in "${SELECTED[@]}"; do
		((CHECKRUNS[$name] > maxruns)) && maxruns=${CHECKRUNS[$name]}
	done
fi
for ((k = 0; k < maxruns; k++)); do
	for name in "${SELECTED[@]}"; do
		((CHECK && k >= CHECKRUNS[$name])) && continue
		QUEUE+=("$name $((SEED + k))")
	done
done

# Ctrl-C: end every run's processes (all carry our tag's prefix).
interrupted() {
	local f pids=()
	while IFS= read -r f; do
		f=${f#/proc/}
		pids+=("${f%/environ}")
	done < <(grep -lsz "^XPOOL_TEST_TAG=xpf\\.$MAIN\\." /proc/[0-9]*/environ)
	((${#pids[@]})) && kill -KILL "${pids[@]}" 2>/dev/null
	grep -l "$ROOT/runs/" /proc/mounts >/dev/null 2>&1 &&
	    awk -v r="$ROOT/runs/" 'index($2, r) == 1 { print $2 }' /proc/mounts |
	    xargs -r umount -l
	rm -f "$NEVER"
	echo "fault: interrupted" >&2
	exit 130
}
trap interrupted INT TERM

declare -A RUNNING=()
npass=0 nfail=0 nskip=0
FAILS=()

# report FILE: print a finished run's line, count it.
report() {
	local name seed verdict cats secs desc first
	if [[ ! -s $1 ]]; then
		printf '%s\t%s\tfail\tother\t0\t-\tthe run left no result\n' \
		    "${1##*/}" '' >"$1"
	fi
	IFS=$'\t' read -r name seed verdict cats secs desc first <"$1"
	[[ -n $OUTFILE ]] && cat "$1" >>"$OUTFILE"
	case $verdict in
	ok)
		npass=$((npass + 1))
		((VERBOSE)) && printf 'ok   %s seed=%s (%ss) %s\n' "$name" "$seed" "$secs" "$desc"
		;;
	skip)
		nskip=$((nskip + 1))
		printf 'skip %s seed=%s: %s\n' "$name" "$seed" "$first"
		;;
	*)
		nfail=$((nfail + 1))
		FAILS+=("$name seed=$seed")
		printf 'FAILED: %s seed=%s [%s]: %s\n' "$name" "$seed" "$cats" "$first"
		printf '    run: %s\n' "$desc"
		printf '    again: tests/fault/run.sh -s %s %s   (kept in %s)\n' \
		    "$seed" "$name" "${ROOT#"$TOP"/}/runs/$name.$seed"
		;;
	esac
}

# reap: wait for one run to end, and report it.
reap() {
	local done_pid=''
	wait -n -p done_pid
	[[ -n $done_pid ]] || return
	report "$ROOT/results/${RUNNING[$done_pid]/ /.}"
	unset "RUNNING[$done_pid]"
}

start=$EPOCHREALTIME
echo "fault matrix: ${#QUEUE[@]} runs of ${#SELECTED[@]} scenarios, seeds from $SEED, $PAR at once, xpool ${XPOOL#"$TOP"/}"
for item in "${QUEUE[@]}"; do
	while ((${#RUNNING[@]} >= PAR)); do
		reap
	done
	# shellcheck disable=SC2086 # name and seed
	run_one $item &
	RUNNING[$!]=$item
done
while ((${#RUNNING[@]} > 0)); do
	reap
done
rm -f "$NEVER"

secs=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%d", b - a }')
echo "fault matrix: ${#QUEUE[@]} runs in ${secs}s: $npass passed, $nfail failed, $nskip skipped (seeds $SEED..$((SEED + maxruns - 1)))"
((nfail == 0))
