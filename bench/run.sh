#!/bin/sh
# xpool against the runners users would pick instead and against C floors
# that do only the unavoidable work, measured with hyperfine on this machine.
#
#   bench/run.sh                          every workload (about 15 minutes)
#   WORKLOADS="w1 w3 big" bench/run.sh    a subset, in this order
#   N=300 RUNS=1 BIG_MB=64 bench/run.sh   a quick run
#
#   w1   N x `true` at -j2 (per-job overhead); floor: limit.c
#   w2   N2 x `echo ITEM` at -j2, output kept in input order; floor: capture.c
#   w3   N3 jobs of `cat FILE` (1 MB each) at -j2, grouped, into a pipe
#   big  one job of `cat BIG` (BIG_MB MiB) against cat itself, into /dev/null
#        and into a pipe
#   w4   N4 lines through persistent workers at -j2 (--worker, 1, 10, 100
#        and 1000 lines per round trip) against one process per line (N4S
#        lines); floor: persist.c (a persistent cat fed as many lines at a
#        time)
#   w5   start-up: one job
#   w6   peak RSS (GNU time %M) of the w1 and w3 commands, and of xpool
#        against 300,000 and 3,000,000 items of input
#   w7   N7 CSV lines (10,000 keys in no order) shared out by a Perl
#        expression of a column, --pipe --group-by and --shard at -j2, each
#        job counting its lines; floor: perl alone evaluating the expression
#        once a line
#   r1   200 x `true` on one ssh host (a private sshd on loopback,
#        tests/ssh/sshd.sh), 4 at a time; floor: ssh over an open
#        ControlMaster under xargs -P4 (its master's login not timed);
#        xpool, and xpool with one job (its own master's login, the set-up
#        alone); one plain ssh login; GNU parallel with and without
#        --controlmaster (which starts no master when --ssh has several
#        words, so also with the same ssh as one word).  Skipped, with the
#        reason, where the sshd cannot start (needs root and
#        openssh-server).
#   r2   10,000 lines through --worker on one ssh host (the same private
#        sshd), 4 workers; floor: --worker run here; 200,000 lines over ssh
#        and here (a line's cost at the margin); against a job per line
#        over ssh (500 lines) and GNU parallel's best -S (200 lines).
#   r3   50 x `true` as Slurm steps (`srun --exact -n1 -c1 --quiet`), 2 at a
#        time, inside one `salloc -n2` on a private single-node cluster
#        (tests/slurm/cluster.sh); floor: the same srun under xargs -P2;
#        xpool --launcher; GNU parallel with srun's words before the command,
#        as its manual has it.  Skipped, with the reason, where the Slurm
#        daemons cannot start (needs root, munge and slurm-wlm).
#
# N (W1 jobs, default 5000), N2 (W2 jobs, default 2N/5), N3 (W3 jobs, default
# N/25), N4 (W4 lines, default 1000000), N4S (W4 lines spawned, default N/5),
# N7 (W7 lines, default 100000),
# RUNS (timed runs: default 3 for w1, w2 and w4, 5 for w3 and big, each run
# a round of every runner in turn; w5 always 5 rounds of 20), BIG_MB
# (default 1024).  GNU parallel gets a tenth of the jobs
# in w1 and w2 (it is ~8x slower per job); per-job figures are what compare.
#
# Writes bench/RESULTS.md from the measurements of this run only; no number
# is typed by hand.  Data, JSON and inputs stay in build/bench.
set -eu
cd "$(dirname "$0")/.."

n=${N:-5000}
n2=${N2:-$((n * 2 / 5))}
n3=${N3:-$((n / 25))}
[ "$n3" -ge 2 ] || n3=2
runs=${RUNS:-3}
runs_io=${RUNS:-5}
big_mb=${BIG_MB:-1024}
n4=${N4:-1000000}
n4s=${N4S:-$((n / 5))}
n7=${N7:-100000}
workloads=${WORKLOADS:-w1 w2 w3 big w4 w5 w6 w7 r1 r2 r3}
for w in $workloads; do
	case $w in
	w1 | w2 | w3 | big | w4 | w5 | w6 | w7 | r1 | r2 | r3) ;;
	*)
		echo "bench: unknown workload '$w' (w1 w2 w3 big w4 w5 w6 w7 r1 r2 r3)" >&2
		exit 2
		;;
	esac
done
tenth() { # GNU parallel's share of a job count
	if [ "$(($1 / 10))" -ge 1 ]; then echo $(($1 / 10)); else echo 1; fi
}
np=$(tenth "$n")
np2=$(tenth "$n2")

out=build/bench
mkdir -p "$out"
cc -O2 -o "$out/limit" bench/limit.c
cc -O2 -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -o "$out/capture" \
	bench/capture.c
cc -O2 -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -o "$out/persist" \
	bench/persist.c
rm -f "$out/r1.skipped" "$out/r1.broken" "$out/r2.skipped" "$out/r2.broken" \
	"$out/r3.skipped" "$out/r3.broken"
# The programs themselves, never shell builtins.
prog() {
	for d in /usr/bin /bin; do
		[ -x "$d/$1" ] && echo "$d/$1" && return
	done
	echo "bench: no $1 in /usr/bin or /bin" >&2
	return 1
}
true=$(prog true)
echo=$(prog echo)
cat=$(prog cat)
[ -x xpool ] || {
	echo "bench: build xpool first (make)" >&2
	exit 1
}
# A copy, so that a rebuild during the run cannot change or remove it.
cp xpool "$out/xpool"
xpool=$out/xpool
date -u -r xpool '+%Y-%m-%dT%H:%MZ' >"$out/xpool.built"
git rev-parse --short HEAD >"$out/xpool.rev" 2>/dev/null || echo "?" >"$out/xpool.rev"
git status --porcelain --untracked-files=no -- src 2>/dev/null | wc -l >"$out/xpool.dirty"

# Inputs, made once per run (the big ones only when missing).
seq "$n" >"$out/items"
seq "$np" >"$out/items.par"
seq "$n2" >"$out/items2"
seq "$np2" >"$out/items2.par"
seq 200 >"$out/items2.check"
seq "$n4" >"$out/items4"
seq "$n4s" >"$out/items4.spawn"
seq "$(tenth "$n4s")" >"$out/items4.par"
head -n 10 "$out/items" >"$out/items.warm"
echo 1 >"$out/one"
seq 200 >"$out/items.r1"
# W7: KEY,N lines, the keys from a fixed sequence (the same in every run).
awk -v n="$n7" 'BEGIN { x = 1; for (i = 1; i <= n; i++) {
	x = (x * 1103515245 + 12345) % 2147483648
	print int(x / 65536) % 10000 "," i } }' >"$out/items7"
seq 10000 >"$out/items.r2"
seq 500 >"$out/items.r2.spawn"
seq 200000 >"$out/items.r2.big"
seq 50 >"$out/items.r3"
python3 - "$out/w3" "$n3" >"$out/items3" <<'PY'
# N3 files of 1,000,000 bytes: 15,625 lines of 64 bytes, each line starting
# with the file's number, so that a check can see order and grouping.
import os, random, sys
d, n = sys.argv[1], int(sys.argv[2])
os.makedirs(d, exist_ok=True)
rnd = random.Random(1)
abc = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
body = [bytes(rnd.choice(abc) for _ in range(56)) + b"\n" for _ in range(15625)]
for i in range(1, n + 1):
    f = f"{d}/{i}"
    if not os.path.exists(f) or os.path.getsize(f) != 1000000:
        pre = b"%06d " % i
        with open(f + ".tmp", "wb") as o:
            o.write(b"".join(pre + b for b in body))
        os.rename(f + ".tmp", f)
    print(f)
PY
big_bytes=$((big_mb * 1024 * 1024))
case " $workloads " in
*" big "*)
	if [ "$(wc -c <"$out/big" 2>/dev/null || echo 0)" -ne "$big_bytes" ]; then
		echo "making $out/big ($big_mb MiB from /dev/urandom) ..."
		head -c "$big_bytes" /dev/urandom >"$out/big.tmp"
		mv "$out/big.tmp" "$out/big"
	fi
	;;
esac
echo "$out/big" >"$out/items.big"
case " $workloads " in
*" w6 "*)
	seq 300000 >"$out/items.300k"
	seq 3000000 >"$out/items.3m"
	;;
esac

# The checker for output kept once per command: `check lines N` (items 1..N,
# one per line) or `check grouped N` (W3: N files' lines).  Prints a verdict.
cat >"$out/check.py" <<'PY'
import sys
mode, n = sys.argv[1], int(sys.argv[2])
if mode == "lines":
    got = sys.stdin.buffer.read().split(b"\n")
    if got and got[-1] == b"":
        got.pop()
    want = [b"%d" % i for i in range(1, n + 1)]
    if got == want:
        print(f"all {n} lines, in order")
    elif sorted(got) == sorted(want):
        print(f"all {n} lines, not in input order")
    else:
        print(f"WRONG: {len(got)} lines for {n} items")
else:
    size = torn = 0
    runs, last = [], None
    for line in sys.stdin.buffer:
        size += len(line)
        if len(line) != 64:
            torn += 1
            continue
        if line[:6] != last:
            last = line[:6]
            runs.append(last)
    want = [b"%06d" % i for i in range(1, n + 1)]
    if size != n * 1000000:
        print(f"WRONG: {size:,} bytes of {n * 1000000:,}")
    elif runs == want and torn == 0:
        print("all bytes, grouped, in order")
    elif sorted(runs) == want and torn == 0:
        print("all bytes, grouped, not in input order")
    else:
        print(f"all bytes, not grouped: {len(runs) - 1:,} switches between jobs, {torn:,} torn lines")
PY

# A workload's list: name|jobs|input|command, one runner a line.  run() keeps
# the runners that are installed, writes name|jobs|full command to $w.run,
# and times them all, in rounds.
cat >"$out/w1.list" <<LIST
floor (limit.c, posix_spawn)|$n|$out/items|$out/limit 2 $true
xpool -j2|$n|$out/items|$xpool -j2 $true
xargs -P2 -n1|$n|$out/items|xargs -P2 -n1 $true
xe -j2|$n|$out/items|xe -j2 $true
moreutils parallel -j2|$n|$out/items|xargs parallel.moreutils -j2 $true --
GNU parallel -j2|$np|$out/items.par|parallel --will-cite -j2 $true
LIST
cat >"$out/w2.list" <<LIST
floor (capture.c)|$n2|$out/items2|$out/capture 2 $echo
xpool -j2|$n2|$out/items2|$xpool -j2 $echo
xargs -P2 -n1 (no order)|$n2|$out/items2|xargs -P2 -n1 $echo
xe -j2 (no order)|$n2|$out/items2|xe -j2 $echo
moreutils parallel -j2 (no order)|$n2|$out/items2|xargs parallel.moreutils -j2 $echo --
GNU parallel -j2 -k|$np2|$out/items2.par|parallel --will-cite -j2 -k $echo
LIST
cat >"$out/w3.list" <<LIST
floor (capture.c)|$n3|$out/items3|$out/capture 2 $cat
xpool -j2|$n3|$out/items3|$xpool -j2 $cat
xargs -P2 -n1 (no grouping)|$n3|$out/items3|xargs -P2 -n1 $cat
xe -j2 (no grouping)|$n3|$out/items3|xe -j2 $cat
moreutils parallel -j2 (no grouping)|$n3|$out/items3|xargs parallel.moreutils -j2 $cat --
GNU parallel -j2 -k|$n3|$out/items3|parallel --will-cite -j2 -k $cat
LIST
cat >"$out/big.list" <<LIST
cat|1|/dev/null|$cat $out/big
floor (capture.c)|1|$out/items.big|$out/capture 1 $cat
xpool -j1|1|/dev/null|$xpool -j1 $cat ::: $out/big
LIST
mawk=$(prog mawk)
cat >"$out/w4.list" <<LIST
floor (persist.c, 1 line per round trip)|$n4|$out/items4|$out/persist 2 1 $cat
xpool -j2 --worker|$n4|$out/items4|$xpool -j2 --worker $cat
paexec -n +2 (mawk worker, no order)|$n4|$out/items4|paexec -n +2 -c "$mawk -W interactive '{print; print \"\"}'"
floor (persist.c, 10 lines per round trip)|$n4|$out/items4|$out/persist 2 10 $cat
xpool -j2 --worker -n 10|$n4|$out/items4|$xpool -j2 --worker -n 10 $cat
floor (persist.c, 100 lines per round trip)|$n4|$out/items4|$out/persist 2 100 $cat
xpool -j2 --worker -n 100|$n4|$out/items4|$xpool -j2 --worker -n 100 $cat
floor (persist.c, 1000 lines per round trip)|$n4|$out/items4|$out/persist 2 1000 $cat
xpool -j2 --worker -n 1000|$n4|$out/items4|$xpool -j2 --worker -n 1000 $cat
xpool -j2, a process per line|$n4s|$out/items4.spawn|$xpool -j2 $echo
xargs -P2 -n1, a process per line|$n4s|$out/items4.spawn|xargs -P2 -n1 $echo
GNU parallel -j2 -k, a process per line|$(tenth "$n4s")|$out/items4.par|parallel --will-cite -j2 -k $echo
LIST
cat >"$out/w5.list" <<LIST
floor (limit.c, posix_spawn)|1|$out/one|$out/limit 1 $true
xpool|1|$out/one|$xpool $true
xargs -n1|1|$out/one|xargs -n1 $true
xe|1|$out/one|xe $true
moreutils parallel|1|$out/one|xargs parallel.moreutils $true --
GNU parallel|1|$out/one|parallel --will-cite $true
LIST
# W7's expression, of the first column: the key's last two digits.
# shellcheck disable=SC2016 # Perl, for the runners
e7='1 $_ %= 100'
cat >"$out/w7.list" <<LIST
floor (perl, the expression once a line)|$n7|$out/items7|perl -ne '(\$_) = split /,/; \$_ %= 100; \$n++; END { print "\$n\\n" }'
xpool --pipe --group-by -j2|$n7|$out/items7|$xpool --pipe --colsep , --group-by '$e7' -j2 wc -l
GNU parallel --pipe --group-by -j2|$n7|$out/items7|parallel --will-cite --pipe --colsep , --group-by '$e7' -j2 wc -l
xpool --pipe --shard -j2|$n7|$out/items7|$xpool --pipe --colsep , --shard '$e7' -j2 wc -l
GNU parallel --pipe --shard -j2|$n7|$out/items7|parallel --will-cite --pipe --colsep , --shard '$e7' -j2 wc -l
LIST
cat >"$out/w6.list" <<LIST
xpool --dry-run -j2|all|in|$xpool --dry-run -j2 $true
xpool -X -j2|all|in|$xpool -X -j2 $true
xargs -P2 (as many items per command as fit)|all|in|xargs -P2 $true
GNU parallel -X -j2|300k|in|parallel --will-cite -X -j2 $true
LIST

installed() {
	command -v "$1" >/dev/null 2>&1 || [ -x "$1" ]
}

# R1's and R2's host: a private sshd with host h1 in $r1dir, started by
# r1_start or r2_start (which write the workload's list; on failure the
# reason in its .skipped) and stopped by r1_stop, also when the run ends
# early.
r1dir=
r2_stop() {
	r1_stop
}
r1_stop() {
	[ -n "$r1dir" ] || return 0
	ssh -F "$r1dir/ssh_config" -S "$r1dir/ctl" -O exit h1 2>/dev/null || true
	tests/ssh/sshd.sh stop "$r1dir" || true
	rm -rf "$r1dir"
	r1dir=
}
# R3's cluster: munged, slurmctld and slurmd in $r3dir on ports of their own
# (the tests' cluster may run beside it), started by r3_start (which writes
# r3.list and sets $within, the salloc that R3's commands run in; on failure
# the reason in r3.skipped) and stopped by r3_stop, also when the run ends
# early.
r3dir=
within=
r3_stop() {
	within=
	[ -n "$r3dir" ] || return 0
	tests/slurm/cluster.sh stop "$r3dir" || true
	rm -rf "$r3dir"
	r3dir=
}
stop_all() {
	r1_stop
	r3_stop
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
# host_start WORKLOAD: the host up, its ssh command in $ssh, and the same
# as one word in $r1dir/ssh (GNU parallel starts no master with an --ssh
# of several words).
host_start() {
	r1dir=$(mktemp -d /tmp/xpool-bench-ssh.XXXXXX)
	if ! r1out=$(tests/ssh/sshd.sh start "$r1dir" h1 2>&1); then
		echo "$r1out" >"$out/$1.skipped"
		return 1
	fi
	ssh=${r1out#XPOOL_TEST_SSH=}
	printf '#!/bin/sh\nexec %s "$@"\n' "$ssh" >"$r1dir/ssh"
	chmod +x "$r1dir/ssh"
}
r2_start() {
	host_start r2 || return 1
	cat >"$out/r2.list" <<LIST
floor (xpool -j4 --worker cat, here)|10000|$out/items.r2|$xpool -j4 --worker $cat
xpool -S 4/h1 --worker cat|10000|$out/items.r2|$xpool --ssh '$ssh' -S 4/h1 --worker $cat
xpool -S 4/h1 --worker cat, one line (the set-up alone)|1|$out/one|$xpool --ssh '$ssh' -S 4/h1 --worker $cat
xpool -S 4/h1 --worker cat, 200,000 lines|200000|$out/items.r2.big|$xpool --ssh '$ssh' -S 4/h1 --worker $cat
xpool -j4 --worker cat here, 200,000 lines|200000|$out/items.r2.big|$xpool -j4 --worker $cat
xpool -S 4/h1, a job per line|500|$out/items.r2.spawn|$xpool --ssh '$ssh' -S 4/h1 $echo
GNU parallel -S 4/h1 --controlmaster (one-word --ssh), a job per line|200|$out/items.r1|parallel --will-cite --controlmaster --ssh $r1dir/ssh -S 4/h1 $echo
LIST
}
r1_start() {
	host_start r1 || return 1
	# The floor's master, open for the whole workload.
	if ! $ssh -o ControlMaster=yes -o ControlPath="$r1dir/ctl" \
		-o ControlPersist=yes -f -N h1 ||
		! $ssh -S "$r1dir/ctl" -O check h1 2>/dev/null; then
		echo "the floor's ssh ControlMaster did not start" >"$out/r1.skipped"
		return 1
	fi
	cat >"$out/r1.list" <<LIST
floor (ssh over an open ControlMaster, xargs -P4)|200|$out/items.r1|xargs -P4 -I{} $ssh -S $r1dir/ctl h1 $true
xpool -S 4/h1|200|$out/items.r1|$xpool --ssh '$ssh' -S 4/h1 $true
xpool -S 4/h1, one job (the set-up alone)|1|$out/one|$xpool --ssh '$ssh' -S 4/h1 $true
one ssh login (ssh h1 true, no master)|1|$out/one|xargs -I{} $ssh h1 $true
GNU parallel -S 4/h1|200|$out/items.r1|parallel --will-cite --ssh '$ssh' -S 4/h1 $true
GNU parallel -S 4/h1 --controlmaster|200|$out/items.r1|parallel --will-cite --controlmaster --ssh '$ssh' -S 4/h1 $true
GNU parallel -S 4/h1 --controlmaster (one-word --ssh)|200|$out/items.r1|parallel --will-cite --controlmaster --ssh $r1dir/ssh -S 4/h1 $true
LIST
}

r3_start() {
	r3dir=$(mktemp -d /tmp/xpool-bench-slurm.XXXXXX)
	if ! r3out=$(XPOOL_SLURM_PORT=16837 tests/slurm/cluster.sh start "$r3dir" 2>&1); then
		echo "$r3out" >"$out/r3.skipped"
		return 1
	fi
	# One allocation of 2 tasks (CPUs) for all of R3's timed rounds; its own
	# grant and release are outside every timing.
	within="env -u SLURM_JOB_ID -u SLURM_JOBID ${r3out} salloc -n2 --quiet"
	srun="srun --exact -n1 -c1 --quiet"
	cat >"$out/r3.list" <<LIST
floor (srun steps under xargs -P2)|50|$out/items.r3|xargs -P2 -n1 $srun $true
xpool -j2 --launcher srun|50|$out/items.r3|$xpool -j2 --launcher '$srun' $true
GNU parallel -j2, srun before the command|50|$out/items.r3|parallel --will-cite -j2 '$srun' $true
LIST
}

# check_ran workload: each command once; one that fails is left out of the
# timing (its name and first message in workload.broken).
check_ran() {
	: >"$out/$1.check"
	: >"$out/$1.broken"
	while IFS='|' read -r name jobs input cmd; do
		runnable "$cmd" || continue
		# shellcheck disable=SC2086 # $within is words
		if $within sh -c "$cmd <$input >/dev/null 2>$out/$1.err"; then
			printf '%s|all %s ran\n' "$name" "$jobs" >>"$out/$1.check"
		else
			printf '%s|%s\n' "$name" "$(head -n 1 "$out/$1.err")" >>"$out/$1.broken"
		fi
	done <"$out/$1.list"
}

# A list's command is run when its program is installed.  moreutils
# parallel takes its items as arguments (Debian installs it as
# parallel.moreutils beside GNU parallel): xargs puts them there, one
# exec of parallel.moreutils for all of them.
runnable() {
	case $1 in
	xargs\ parallel.moreutils*) installed parallel.moreutils ;;
	*) installed "${1%% *}" ;;
	esac
}

# run workload rounds runs warmup [sink]: warmup 0 pre-runs each command on
# 10 items instead of a whole warm-up run (w1 and w2 take minutes per round).
# The runners are timed in rounds, each round one hyperfine run of every
# runner in turn (runs timed runs each), and the rounds' times merged: slow
# drift on the machine then falls on every runner alike instead of on
# whichever hyperfine happened to time while the machine was slower.
run() {
	w=$1
	rounds=$2
	count=$3
	warmup=$4
	sink=${5:-}
	: >"$out/$w.run"
	set --
	while IFS='|' read -r name jobs input cmd; do
		runnable "$cmd" || continue
		if [ -s "$out/$w.broken" ] && cut -d'|' -f1 "$out/$w.broken" | grep -qxF "$name"; then
			continue
		fi
		if [ "$warmup" -eq 0 ]; then
			sh -c "$cmd <$out/items.warm >/dev/null"
		fi
		printf '%s|%s|%s\n' "$name" "$jobs" "$cmd <$input$sink" >>"$out/$w.run"
		set -- "$@" -n "$name" "$cmd <$input$sink"
	done <"$out/$w.list"
	cut -d' ' -f1-3 /proc/loadavg >"$out/$w.load"
	# The rounds in one sh, which $within (R3: salloc) starts when set.
	# shellcheck disable=SC2016,SC2086 # for that sh; $within is words
	$within sh -ec 'base=$1 rounds=$2 count=$3 warmup=$4
		shift 4
		r=1
		while [ "$r" -le "$rounds" ]; do
			[ "$r" -eq 1 ] || warmup=0
			hyperfine --warmup "$warmup" --runs "$count" \
				--export-json "$base.round$r.json" "$@" >/dev/null
			r=$((r + 1))
		done' sh "$out/$w" "$rounds" "$count" "$warmup" "$@"
	cut -d' ' -f1-3 /proc/loadavg >>"$out/$w.load"
	python3 - "$out/$w" "$rounds" <<'PY'
# The rounds' runs as one hyperfine result per runner: every time kept,
# median, mean, min and max over all of them, user and system time the
# mean over all runs.
import json, statistics, sys
base, rounds = sys.argv[1], int(sys.argv[2])
parts = [json.load(open(f"{base}.round{r}.json"))["results"] for r in range(1, rounds + 1)]
merged = []
for each in zip(*parts):
    times = [t for r in each for t in r["times"]]
    runs = [len(r["times"]) for r in each]
    mean = lambda k: sum(r[k] * n for r, n in zip(each, runs)) / sum(runs)
    merged.append(dict(command=each[0]["command"], times=times,
                       median=statistics.median(times), mean=statistics.mean(times),
                       min=min(times), max=max(times),
                       user=mean("user"), system=mean("system")))
json.dump({"results": merged}, open(f"{base}.json", "w"), indent=1)
PY
}

# check workload how: run each command once more and judge its output.
check() {
	w=$1
	how=$2
	: >"$out/$w.check"
	while IFS='|' read -r name jobs input cmd; do
		runnable "$cmd" || continue
		case $how in
		lines) v=$(sh -c "$cmd <$out/items2.check" |
			python3 "$out/check.py" lines 200) ;;
		grouped) v=$(sh -c "$cmd <$input" |
			python3 "$out/check.py" grouped "$jobs") ;;
		same) if sh -c "$cmd <$input" | cmp -s - "$out/big"; then
			v="the same bytes as the file"
		else
			v="DIFFERENT from the file"
		fi ;;
		count) v=$(sh -c "$cmd <$input" | awk '{ s += $1 } END { print s + 0 }')
			if [ "$v" = "$jobs" ]; then
				v="all $jobs lines counted"
			else
				v="WRONG: $v lines counted"
			fi ;;
		same4) if sh -c "$cmd <$input" | cmp -s - "$input"; then
			v="every line, in order"
		elif sh -c "$cmd <$input" | sort -n | cmp -s - "$input"; then
			v="every line, not in input order"
		else
			v="WRONG"
		fi ;;
		esac
		printf '%s|%s\n' "$name" "$v" >>"$out/$w.check"
	done <"$out/$w.list"
}

# rss list: each command once under GNU time (%M peak RSS KB, %e seconds),
# w1 and w3 with their own input, w6 with 300k and with 3M items.  Writes
# tab-separated scope, name, command, KB, seconds to w6.rss.
rss() {
	while IFS='|' read -r name jobs input cmd; do
		runnable "$cmd" || continue
		case $1 in
		w3) sizes=own to=" | cat >/dev/null" ;;
		w6) sizes="300k 3m" to=" >/dev/null" ;;
		*) sizes=own to=" >/dev/null" ;;
		esac
		for size in $sizes; do
			scope=$1
			[ "$size" = own ] || {
				scope=w6-$size
				input=$out/items.$size
			}
			if [ "$jobs" = 300k ] && [ "$size" = 3m ]; then
				printf '%s\t%s\t%s\t-\t-\n' "$scope" "$name" "$cmd <$input$to" >>"$out/w6.rss"
				continue
			fi
			sh -c "$gtime -f '%M %e' -o $out/rss.txt $cmd <$input$to"
			printf '%s\t%s\t%s\t%s\n' "$scope" "$name" "$cmd <$input$to" \
				"$(tail -n 1 "$out/rss.txt" | tr ' ' '\t')" >>"$out/w6.rss"
		done
	done <"$out/$1.list"
}

# on_fixture workload warmup (R1, R3): start the workload's fixture, check
# and time its runners, and stop it; or say why it was skipped.
on_fixture() {
	if "$1_start"; then
		check_ran "$1"
		run "$1" "$runs" 1 "$2"
	else
		echo "bench: $(echo "$1" | tr r R) skipped: $(cat "$out/$1.skipped")" >&2
	fi
	"$1_stop"
}

date -u '+%Y-%m-%d %H:%M UTC' >"$out/started"
for w in $workloads; do
	case $w in
	w1)
		echo "W1: $n x true at -j2 (GNU parallel $np) ..."
		run w1 "$runs" 1 0
		;;
	w2)
		echo "W2: $n2 x echo at -j2, in order (GNU parallel $np2) ..."
		check w2 lines
		run w2 "$runs" 1 0
		;;
	w3)
		echo "W3: $n3 x cat of 1 MB at -j2, grouped, into a pipe ..."
		check w3 grouped
		run w3 "$runs_io" 1 1 " | cat >/dev/null"
		;;
	big)
		echo "BIG: one job of $big_mb MiB, to /dev/null and into a pipe ..."
		check big same
		run big "$runs_io" 1 1
		cp "$out/big.run" "$out/big.null.run"
		cp "$out/big.json" "$out/big.null.json"
		cp "$out/big.load" "$out/big.null.load"
		run big "$runs_io" 1 1 " | cat >/dev/null"
		mv "$out/big.run" "$out/big.pipe.run"
		mv "$out/big.json" "$out/big.pipe.json"
		mv "$out/big.load" "$out/big.pipe.load"
		;;
	w4)
		echo "W4: $n4 lines through persistent workers, $n4s spawned ..."
		check w4 same4
		run w4 "$runs" 1 1
		;;
	w5)
		echo "W5: start-up with one job ..."
		run w5 5 20 1
		;;
	w6)
		gtime=$(prog time)
		echo "W6: peak RSS of the W1 and W3 commands, and of 300k/3M items ..."
		: >"$out/w6.rss"
		rss w1
		rss w3
		rss w6
		;;
	w7)
		echo "W7: $n7 lines shared out by a Perl expression ..."
		check w7 count
		run w7 "$runs" 1 1
		;;
	r1)
		echo "R1: 200 x true on one ssh host, 4 at a time ..."
		on_fixture r1 0
		;;
	r2)
		echo "R2: 10,000 lines through --worker on one ssh host, 4 workers ..."
		on_fixture r2 1
		;;
	r3)
		echo "R3: 50 x true as Slurm steps, 2 at a time, in one allocation ..."
		on_fixture r3 1
		;;
	esac
done

python3 - "$out" "$workloads" "$big_bytes" >bench/RESULTS.md <<'PY'
import json, os, platform, re, subprocess, sys
out, workloads, big_bytes = sys.argv[1], sys.argv[2].split(), int(sys.argv[3])

def sh(cmd):
    try:
        r = subprocess.run(cmd, shell=True, capture_output=True, text=True)
        return (r.stdout.strip().splitlines() or ["?"])[0]
    except Exception:
        return "?"

def rows(name):
    """name|jobs|command lines with hyperfine's result for each, in order."""
    res = json.load(open(f"{out}/{name}.json"))["results"]
    runs = [l.rstrip("\n").split("|", 2) for l in open(f"{out}/{name}.run")]
    checks = {}
    w = name.split(".")[0]
    if os.path.exists(f"{out}/{w}.check"):
        checks = dict(l.rstrip("\n").split("|", 1) for l in open(f"{out}/{w}.check"))
    return [dict(r, name=n, jobs=int(j), cmd=c, check=checks.get(n, ""))
            for r, (n, j, c) in zip(res, runs)]

def load(name):
    a, b = [l.split() for l in open(f"{out}/{name}.load")]
    return f"load average (1, 5, 15 min) {' '.join(a)} before, {' '.join(b)} after"

def ms(s):
    return f"{s * 1e3:,.1f} ms" if s < 1 else f"{s:,.3f} s"

def per_job(s):
    if s < 1e-4:
        return f"{s * 1e6:,.2f} µs"
    return f"{s * 1e3:,.3f} ms" if s < 1 else f"{s:,.3f} s"

def table(rs, cols):
    print("| " + " | ".join(c for c, _ in cols) + " |")
    print("|" + "---|" * len(cols))
    for r in rs:
        print("| " + " | ".join(f(r) for _, f in cols) + " |")
    print()

def commands(rs):
    print("<details><summary>commands</summary>\n")
    for r in rs:
        print(f"- {r['name']}: `{r['cmd']}`")
    print("\n</details>\n")

def timing(name, title, floor_name, extra=(), note=""):
    rs = rows(name)
    floor = rs[0]
    x = next((r for r in rs if r["name"].startswith("xpool")), None)
    pj = lambda r: r["median"] / r["jobs"]
    cols = [("runner", lambda r: r["name"]), ("jobs", lambda r: f"{r['jobs']:,}"),
            ("median", lambda r: ms(r["median"])),
            ("min … max", lambda r: f"{ms(r['min'])} … {ms(r['max'])}"),
            ("per job", lambda r: per_job(pj(r))),
            ("jobs/s", lambda r: f"{r['jobs'] / r['median']:,.0f}"),
            ("CPU per job", lambda r: per_job((r["user"] + r["system"]) / r["jobs"])),
            *extra,
            (f"× {floor_name}", lambda r: f"{pj(r) / pj(floor):.2f}"),
            ("× xpool", lambda r: f"{pj(r) / pj(x):.2f}" if x else "-")]
    if any(r["check"] for r in rs):
        cols.append(("output (checked once)", lambda r: r["check"]))
    print(f"## {title}\n")
    if note:
        print(note + "\n")
    table(rs, cols)
    print(f"{len(floor['times'])} timed runs each; {load(name)}.\n")
    commands(rs)

def margins(w):
    """R1 and R2: each xpool row's cost a job with the set-up (the row timed
    alone with one job) taken out, and the floor's."""
    rs = rows(w)
    setup = next((r for r in rs if r["name"].endswith("(the set-up alone)")), None)
    if setup is None:
        return
    print("At the margin (the set-up row's time taken out, over the other jobs):\n")
    for r in rs:
        if (not r["name"].startswith("xpool") or r is setup or r["jobs"] < 2
                or " here" in r["name"]):
            continue
        m = (r["median"] - setup["median"]) / (r["jobs"] - 1)
        print(f"- {r['name']}: " +
              (f"{per_job(m)} a job" if m > 0 else "within noise of nothing a job"))
    print(f"- {rs[0]['name']}: {per_job(rs[0]['median'] / rs[0]['jobs'])} a job\n")
    if w == "r2":
        r2_aims(rs, setup)

def r2_aims(rs, setup):
    """R2's two aims, per line at the margin, and the same with the
    set-up counted for 10,000 lines."""
    by = {r["name"]: r for r in rs}
    far = by.get("xpool -S 4/h1 --worker cat, 200,000 lines")
    here = by.get("xpool -j4 --worker cat here, 200,000 lines")
    jobs = by.get("xpool -S 4/h1, a job per line")
    w10k = by.get("xpool -S 4/h1 --worker cat")
    gnu = next((r for r in rs if r["name"].startswith("GNU parallel")), None)
    if None in (far, here, jobs, w10k):
        return
    wm = (far["median"] - setup["median"]) / (far["jobs"] - 1)
    jm = (jobs["median"] - setup["median"]) / (jobs["jobs"] - 1)
    lm = here["median"] / here["jobs"]
    if wm <= 0 or jm <= 0:
        print("R2's aims: not measurable in this run (a margin within noise).\n")
        return
    print("R2's aims, per line at the margin (200,000 lines for the workers):\n")
    print(f"- a job per line over ssh {per_job(jm)}, a line through --worker over ssh "
          f"{per_job(wm)}: the worker is **{jm / wm:,.0f}x** cheaper (aim: 100x or more)")
    print(f"- a line through --worker over ssh {per_job(wm)}, here {per_job(lm)}: "
          f"**{wm / lm:.2f}x** (aim: 1.5x or less)")
    t = setup["median"] + 10000 * jm
    line = (f"- with the set-up (one login) counted, 10,000 lines: --worker over ssh "
            f"{ms(w10k['median'])}; a job per line, xpool's set-up and 10,000 jobs at its "
            f"margin, {ms(t)}: {t / w10k['median']:.0f}x")
    if gnu is not None:
        g = 10000 * gnu["median"] / gnu["jobs"]
        line += f"; GNU parallel's job per line, 10,000 at its rate, {ms(g)}: {g / w10k['median']:.0f}x"
    print(line + "\n")

def fixture_table(w, title, note):
    """R1, R2 and R3: the table, or why the workload's fixture did not
    start; runners that failed their check are named under it."""
    if os.path.exists(f"{out}/{w}.skipped"):
        print(f"## {title}\n\nNot run: {open(f'{out}/{w}.skipped').read().strip()}\n")
        return
    timing(w, title, "floor", note=note)
    if w in ("r1", "r2"):
        margins(w)
    for name, why in (l.rstrip("\n").split("|", 1) for l in open(f"{out}/{w}.broken")):
        print(f"Not timed: {name} failed when checked: `{why}`\n")

started = open(f"{out}/started").read().strip()
print("# Benchmark results\n")
print(f"Generated by `make bench` (bench/run.sh) on {started}, workloads: "
      f"{' '.join(workloads)}. Within a workload the runners were timed in rounds,")
print("each round one run of every runner in turn (W5: twenty), with hyperfine, through")
print("`sh` (whose start hyperfine subtracts), so drift on the machine falls on all")
print("alike. Per job = median wall time / jobs; CPU per job =")
print("hyperfine's mean user + system time (the runner and every process it reaped) /")
print("jobs; × columns compare per-job times. GNU parallel runs a tenth of the jobs in")
print("W1 and W2. The load averages are the whole machine's: the benchmark's own jobs")
print("make about 2; more means other work shared the 2 CPUs, and short runs (W5, whose")
print("figures have hyperfine's estimate of the shell's start subtracted) suffer most.\n")
cpu = sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-").strip()
mem = sh("awk '/MemTotal/ {printf \"%.1f GiB\", $2 / 1048576}' /proc/meminfo")
osname = sh(". /etc/os-release && echo \"$PRETTY_NAME\"")
print(f"Machine: {osname}, {platform.machine()}, {cpu}, "
      f"{sh('nproc')} CPUs, {mem}, kernel {platform.release()}.\n")
rev, dirty, built = (open(f"{out}/xpool.{f}").read().strip() for f in ("rev", "dirty", "built"))
print(f"xpool: {sh(out + '/xpool --version')} (a copy of ./xpool as built at {built}), from commit {rev}"
      + (f" plus uncommitted changes in {dirty} file(s) under src/" if dirty != "0" else "")
      + ".\n")
vers = [sh("dpkg-query -W -f='${Package} ${Version}' " + p)
        for p in ("findutils", "parallel", "xe", "moreutils", "paexec", "coreutils", "hyperfine", "time")]
print("Versions: " + "; ".join(vers) + f"; {sh('cc --version')}.\n")

for w in workloads:
    if w == "w1":
        n = rows("w1")[0]["jobs"]
        timing("w1", f"W1: {n:,} jobs of `true` at -j2", "floor")
    elif w == "w2":
        n = rows("w2")[0]["jobs"]
        timing("w2", f"W2: {n:,} jobs of `echo ITEM` at -j2, output in input order (xargs, xe and moreutils parallel do not keep order)",
               "floor", note="Output to /dev/null. The floor and xpool keep input order, GNU parallel with -k; "
               "the check column is one extra run over 200 items.")
    elif w == "w3":
        n = rows("w3")[0]["jobs"]
        mbs = ("MB/s", lambda r: f"{r['jobs'] * 1e6 / r['median'] / 1e6:,.0f}")
        timing("w3", f"W3: {n:,} jobs of `cat FILE` (1 MB each) at -j2, grouped, into a pipe (xargs, xe and moreutils parallel do not group)",
               "floor", extra=[mbs],
               note=f"Each job prints one of {n} different 1,000,000-byte files (64-byte lines); every "
               "runner's output goes through `| cat >/dev/null`. The check column is one "
               "extra run, its output read and judged line by line.")
    elif w == "big":
        print(f"## BIG: one job printing {big_bytes:,} bytes: `cat BIG` against the capture floor and `xpool -j1 cat ::: BIG`\n")
        for sink, title in (("null", "to /dev/null"), ("pipe", "into a pipe (`| cat >/dev/null`)")):
            rs = rows(f"big.{sink}")
            c = rs[0]
            x = next((r for r in rs if r["name"].startswith("xpool")), None)
            print(f"### {title}\n")
            table(rs, [("command", lambda r: r["name"]), ("median", lambda r: ms(r["median"])),
                       ("min … max", lambda r: f"{ms(r['min'])} … {ms(r['max'])}"),
                       ("GB/s", lambda r: f"{big_bytes / r['median'] / 1e9:.2f}"),
                       ("CPU", lambda r: ms(r["user"] + r["system"])),
                       ("× cat", lambda r: f"{r['median'] / c['median']:.2f}"),
                       ("× xpool", lambda r: f"{r['median'] / x['median']:.2f}" if x else "-"),
                       ("output (checked once)", lambda r: r["check"])])
            print(f"{len(c['times'])} timed runs each; {load('big.' + sink)}.\n")
            commands(rs)
    elif w == "w4":
        rs = rows("w4")
        floor = rs[0]
        pl = lambda r: r["median"] / r["jobs"]
        us = lambda s: f"{s * 1e6:,.2f} µs"
        print("## W4: lines through persistent workers at -j2, against a process per line\n")
        print("Each line goes to a worker on its stdin and its answer line comes back; the floor "
              "is persist.c, J persistent `cat`s fed C lines per round trip, answers in input "
              "order. paexec's mawk worker ends each answer with an empty line (its framing). "
              "The last rows start one process per line (fewer lines; per line is what compares).\n")
        cpu = lambda r: (r["user"] + r["system"]) / r["jobs"]
        own = {}  # each runner's floor: the one before it with its chunk
        last = floor
        for r in rs:
            if r["name"].startswith("floor"):
                last = r
            elif "a process per line" not in r["name"]:
                own[r["name"]] = last
        vs = lambda r, f: (f"{f(r) / f(own[r['name']]):.2f}"
                           if r["name"] in own else "")
        table(rs, [("runner", lambda r: r["name"]), ("lines", lambda r: f"{r['jobs']:,}"),
                   ("median", lambda r: ms(r["median"])),
                   ("per line", lambda r: us(pl(r))),
                   ("lines/s", lambda r: f"{r['jobs'] / r['median']:,.0f}"),
                   ("CPU per line", lambda r: us(cpu(r))),
                   ("× its floor (wall)", lambda r: vs(r, pl)),
                   ("× its floor (CPU)", lambda r: vs(r, cpu)),
                   ("× 1-line floor", lambda r: f"{pl(r) / pl(floor):.2f}"),
                   ("output (checked once)", lambda r: r["check"])])
        print("× its floor compares each runner with the floor that sends as many lines per "
              "round trip (paexec: 1), per line, in wall time and in CPU time.\n")
        print(f"{len(floor['times'])} timed runs each; {load('w4')}.\n")
        commands(rs)
    elif w == "w5":
        timing("w5", "W5: start-up, one job", "floor")
    elif w == "w7":
        n = rows("w7")[0]["jobs"]
        timing("w7", f"W7: {n:,} CSV lines shared out by a Perl expression of a column (`--pipe --colsep , --group-by '1 $_ %= 100'`, and `--shard`), -j2, each job counting its lines",
               "floor", note="The keys are 10,000 values in no order, so that nearly every line's key "
               "is new; the floor is perl alone evaluating the expression once a line (what "
               "GNU parallel and xpool both must do). Per job here is per line.")
    elif w == "w6":
        recs = [l.rstrip("\n").split("\t") for l in open(f"{out}/w6.rss")]
        print("## W6: peak RSS (GNU time %M, KB)\n")
        print("GNU time reports the largest resident set of the runner and of each process it")
        print("waited for, so a runner smaller than its jobs shows the job's size. One run each.\n")
        key = lambda nm: re.sub(r" \(no \w+\)| -k$", "", nm)
        kb = {}
        for r in recs:
            if r[0] in ("w1", "w3"):
                kb.setdefault(key(r[1]), {})[r[0]] = r[3]
        if kb:
            print("| runner (GNU parallel with -k in W3) | W1 (`true`) | W3 (1 MB per job) |")
            print("|---|---|---|")
            for nm, v in kb.items():
                print(f"| {nm} | {v.get('w1', '-')} | {v.get('w3', '-')} |")
            print()
        r3 = [r for r in recs if r[0].startswith("w6-")]
        print("Input length: the same command over 300,000 and 3,000,000 items (`seq`), output to /dev/null.\n")
        print("| command | 300,000 items: KB | s | 3,000,000 items: KB | s | KB 3M / 300k |")
        print("|---|---|---|---|---|---|")
        for nm in dict.fromkeys(r[1] for r in r3):
            a = next(r for r in r3 if r[1] == nm and r[0] == "w6-300k")
            b = next(r for r in r3 if r[1] == nm and r[0] == "w6-3m")
            if b[3] == "-":
                print(f"| {nm} | {a[3]} | {a[4]} | not run (too slow; see 300k) | - | - |")
            else:
                print(f"| {nm} | {a[3]} | {a[4]} | {b[3]} | {b[4]} | {int(b[3]) / int(a[3]):.2f} |")
        print()
        print("<details><summary>commands</summary>\n")
        for r in recs:
            print(f"- {r[0]} {r[1]}: `/usr/bin/time -f '%M %e' {r[2]}`")
        print("\n</details>\n")
    elif w == "r1":
        fixture_table("r1", "R1: 200 jobs of `true` on one ssh host, 4 at a time",
                      "The host is a private sshd on loopback (tests/ssh/sshd.sh), its login an "
                      "empty home; ssh's start-up is most of every figure. The floor runs "
                      "`ssh -S CTL h1 true` over a ControlMaster opened before the timing, 4 at a time "
                      "under xargs; it starts no master and no remote wrapper. xpool's figure "
                      "includes opening its own master (a login) and closing it, and a session per "
                      "slot on the host that runs the slot's jobs one after another (each ended "
                      "with the --termseq if the connection goes); the third row times that set-up "
                      "alone, with one job, and the fourth one plain login that runs `true` (no "
                      "master): what the floor leaves out. The jobs' own cost is the difference "
                      "over 199 jobs.")
    elif w == "r2":
        fixture_table("r2", "R2: 10,000 lines through `--worker cat` on one ssh host, 4 workers",
                      "The same private sshd as R1. The floor is the same workers run on this "
                      "machine; the remote figures include xpool's connection set-up (one login, "
                      "about a quarter of a second here, timed alone in the third row: a line's own "
                      "cost is the difference over the other lines). 10,000 lines take hardly more "
                      "than the login, so the next two rows run 200,000 lines, over ssh and here, "
                      "to measure a line's cost. The last two rows run a job per "
                      "line over ssh instead (500 and 200 lines; xpool's through its sessions, "
                      "GNU parallel's an ssh each): per job is per line, the ratio is what a "
                      "worker saves.")
    elif w == "r3":
        fixture_table("r3", "R3: 50 jobs of `true` as Slurm steps (`srun --exact -n1 -c1 --quiet`), 2 at a time",
                      "The cluster is a private single node of 2 CPUs on loopback (tests/slurm/cluster.sh: "
                      "munged, slurmctld and slurmd). All timed runs, the warm-up run and hyperfine itself "
                      "run inside one allocation, `salloc -n2 --quiet`, made before the first and released "
                      "after the last: what is timed is each runner's whole run of 50 jobs, every job "
                      "one srun step of one CPU (`--exact`), and not the allocation's grant or release. "
                      "Slurm's step start-up (srun to slurmctld and slurmd) is most of every figure. "
                      "The floor starts the steps under `xargs -P2`; GNU parallel runs "
                      "`srun --exact -n1 -c1 --quiet true ITEM` as its command, as its manual shows, and "
                      "xpool the same through `--launcher`. The check column is one extra run, each "
                      "in an allocation of its own.")
PY
cat bench/RESULTS.md
