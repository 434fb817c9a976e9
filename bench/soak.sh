#!/bin/sh
# bench/soak.sh -- xpool over a long run, watched: its memory and its open
# descriptors must stay flat however many jobs or items go through it.
#
#   make soak                                   (or bench/soak.sh)
#   SOAK_JOBS=1000 SOAK_ITEMS=100000 bench/soak.sh   a quick run
#
# Two runs, one after the other:
#   jobs    seq SOAK_JOBS | xpool -j2 true          (default 1,000,000 jobs)
#   worker  seq SOAK_ITEMS | xpool -j2 --worker -n 1000 cat | wc -l
#                                                   (default 100,000,000 items)
# Every second, xpool's VmRSS (/proc/PID/status) and the number of its open
# descriptors (/proc/PID/fd) are written to build/soak/NAME.tsv (seconds
# since the start, kB, descriptors).  At the end of each run: the first,
# last and largest sample, and the check: after the warm-up (the first
# SOAK_WARMUP seconds, default 10, or the first 5% of the run if longer),
# the median of the last tenth of the samples may not pass that of the
# first tenth by more than SOAK_RSS_KB (default 2048) or SOAK_FDS
# (default 4), and RSS may never pass SOAK_RSS_MAX_KB (default 73728:
# --buffer's 64 MiB of held output, and 8 MiB more).  The run fails too
# when xpool fails or an answer is missing.  SOAK_PARTS (default "jobs
# worker") picks the runs.  The summary is build/soak/summary.txt.
set -u
cd "$(dirname "$0")/.." || exit 2

xpool=${XPOOL:-./xpool}
jobs=${SOAK_JOBS:-1000000}
items=${SOAK_ITEMS:-100000000}
warmup=${SOAK_WARMUP:-10}
rss_bound=${SOAK_RSS_KB:-2048}
fds_bound=${SOAK_FDS:-4}
rss_ceiling=${SOAK_RSS_MAX_KB:-73728}
parts=${SOAK_PARTS:-jobs worker}
dir=build/soak
mkdir -p "$dir"
rm -f "$dir"/*.tsv "$dir"/*.fifo "$dir"/summary.txt
bad=0

# sample PID FILE: a line a second while PID runs: seconds, kB, fds.
sample() {
	t0=$(date +%s)
	while kill -0 "$1" 2>/dev/null; do
		rss=$(sed -n 's/^VmRSS:[^0-9]*\([0-9]*\).*/\1/p' "/proc/$1/status" 2>/dev/null)
		set -- "$1" "$2" /proc/"$1"/fd/*
		nfd=$(($# - 2))
		[ -n "$rss" ] && echo "$(($(date +%s) - t0)) $rss $nfd" >>"$2"
		sleep 1
	done
}

# verdict NAME FILE: first, last and largest samples; then whether the
# run grew: the median of the last tenth of the samples after the warm-up
# against that of the first tenth (medians, so that output held for a
# moment, which --buffer bounds, is not taken for growth), and the
# largest RSS against the ceiling.
verdict() {
	awk -v name="$1" -v warm="$warmup" -v rb="$rss_bound" -v fb="$fds_bound" \
	    -v ceil="$rss_ceiling" '
	function median(a, from, n,   i, j, v, s) {
		for (i = 0; i < n; i++)
			s[i] = a[from + i]
		for (i = 1; i < n; i++)
			for (j = i; j > 0 && s[j - 1] > s[j]; j--) {
				v = s[j]; s[j] = s[j - 1]; s[j - 1] = v
			}
		return s[int(n / 2)]
	}
	{ t[NR] = $1; r[NR] = $2; f[NR] = $3 }
	END {
		if (NR == 0) {
			print name ": no sample (the run took less than a second)"
			exit 0
		}
		for (i = 1; i <= NR; i++) {
			if (r[i] > mr) mr = r[i]
			if (f[i] > mf) mf = f[i]
		}
		printf "%s: %d samples over %d s; RSS kB first %d, last %d, max %d; fds first %d, last %d, max %d\n",
		    name, NR, t[NR], r[1], r[NR], mr, f[1], f[NR], mf
		w = warm
		if (t[NR] * 0.05 > w)
			w = int(t[NR] * 0.05)
		for (first = 1; first <= NR && t[first] <= w; first++)
			;
		n = NR - first + 1
		k = int(n / 10)
		if (k < 3)
			k = 3
		if (n < 2 * k) {
			printf "%s: %d samples after the %d s warm-up: too few to compare\n", name, n, w
			exit 0
		}
		r0 = median(r, first, k); r1 = median(r, NR - k + 1, k)
		f0 = median(f, first, k); f1 = median(f, NR - k + 1, k)
		printf "%s: after the %d s warm-up, medians of the first and last %d samples: RSS %d -> %d kB (bound +%d), fds %d -> %d (bound +%d); RSS max %d kB (ceiling %d)\n",
		    name, w, k, r0, r1, rb, f0, f1, fb, mr, ceil
		if (r1 > r0 + rb || f1 > f0 + fb || mr > ceil) {
			printf "%s: FAILED: grew past the bound\n", name
			exit 1
		}
		printf "%s: ok\n", name
	}' "$2"
}

# run NAME COUNT CMD...: seq COUNT into CMD (xpool), sampled; its output
# counted into build/soak/NAME.count.
run() {
	name=$1 count=$2
	shift 2
	tsv=$dir/$name.tsv
	: >"$tsv"
	mkfifo "$dir/$name.in.fifo" "$dir/$name.out.fifo"
	seq "$count" >"$dir/$name.in.fifo" &
	wc -l <"$dir/$name.out.fifo" >"$dir/$name.count" &
	wcpid=$!
	start=$(date +%s)
	"$@" <"$dir/$name.in.fifo" >"$dir/$name.out.fifo" &
	pid=$!
	sample "$pid" "$tsv" &
	spid=$!
	st=0
	wait "$pid" || st=$?
	wait "$spid" "$wcpid"
	secs=$(($(date +%s) - start))
	rm -f "$dir/$name.in.fifo" "$dir/$name.out.fifo"
	{
		echo "$name: seq $count | $*: exit $st after $secs s, $(cat "$dir/$name.count") lines of output"
		verdict "$name" "$tsv"
	} | tee -a "$dir/summary.txt"
	if [ "$st" -ne 0 ] || grep -q FAILED "$dir/summary.txt"; then
		bad=1
	fi
}

echo "soak: xpool $("$xpool" --version | head -n 1), $(nproc) CPUs; samples in $dir/"
for part in $parts; do
	case $part in
	jobs)
		run jobs "$jobs" "$xpool" -j2 true
		;;
	worker)
		run worker "$items" "$xpool" -j2 --worker -n 1000 cat
		if [ "$(cat "$dir/worker.count")" != "$items" ]; then
			echo "worker: FAILED: $(cat "$dir/worker.count") answers for $items items" |
			    tee -a "$dir/summary.txt"
			bad=1
		fi
		;;
	*)
		echo "soak: no part '$part' (jobs, worker)" >&2
		exit 2
		;;
	esac
done
[ "$bad" -eq 0 ] && echo "soak: ok" || echo "soak: FAILED"
[ "$bad" -eq 0 ]
