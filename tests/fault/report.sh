#!/bin/sh
# tests/fault/report.sh -- run the fault matrix and write what it found to
# tests/RELIABILITY.md: for each scenario, its runs and how many of them
# hung, lost output, duplicated or mixed it, left a process or a temporary
# file behind, or ended with a wrong status; then the failed runs, each with
# the command that runs it again.  Every figure comes from this run.
#
#   tests/fault/report.sh [-r RUNS] [-s SEED] [-P N] [-o FILE] [SCENARIO...]
#
# RUNS runs of each scenario (default 20), seeds SEED.. (default: from the
# clock), N at once (default 4), against $XPOOL (default ./xpool).  The
# runs' lines and log stay in build/fault/.
set -u
cd "$(dirname "$0")/../.." || exit 2

runs=20 seed='' par=4 out=tests/RELIABILITY.md
while [ $# -gt 0 ]; do
	case $1 in
	-r) runs=$2; shift 2 ;;
	-s) seed=$2; shift 2 ;;
	-P) par=$2; shift 2 ;;
	-o) out=$2; shift 2 ;;
	-h | --help)
		sed -n '2,/^set -u/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
		exit 2
		;;
	-*) echo "report: unknown option $1" >&2; exit 2 ;;
	*) break ;;
	esac
done
[ -n "$seed" ] || seed=$(($(date +%s) % 1000000))
xpool=${XPOOL:-./xpool}

mkdir -p build/fault
tsv=build/fault/report.tsv
log=build/fault/report.log
list=build/fault/report.list
: >"$tsv"
tests/fault/run.sh -l "$@" >"$list" || exit 2
date=$(date -u '+%Y-%m-%d %H:%M UTC')
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git status --porcelain -- src tests/fault 2>/dev/null)" ]; then
	commit="$commit, with changes to src/ or tests/fault/ not committed"
fi
version=$("$xpool" --version 2>/dev/null | head -n 1)
machine="$(nproc) CPUs, $(uname -sr)"
echo "report: $runs runs of each scenario, seeds from $seed; the log is $log"
start=$(date +%s)
st=0
tests/fault/run.sh -r "$runs" -s "$seed" -P "$par" -o "$tsv" "$@" >"$log" 2>&1 || st=$?
secs=$(($(date +%s) - start))
tail -n 1 "$log"
# 1: some runs failed, which is what the report is for; more: no report.
if [ "$st" -gt 1 ]; then
	echo "report: the matrix did not complete (status $st); $out is left as it was" >&2
	exit "$st"
fi

# The run's lines: NAME SEED VERDICT CATEGORIES SECONDS PARAMS PROBLEM.
awk -F '\t' -v list="$list" -v runs="$runs" -v seed="$seed" \
    -v date="$date" -v commit="$commit" -v version="$version" \
    -v machine="$machine" -v secs="$secs" -v par="$par" '
BEGIN {
	ncats = split("hang loss dup mixed orphan leftover status other", CATS, " ")
	while ((getline line < list) > 0) {
		split(line, f, "\t")
		n++
		NAME[n] = f[1]
		WHAT[f[1]] = f[3]
	}
}
{
	total++
	ran[$1]++
	secsum[$1] += $5
	if ($3 == "ok") {
		ok[$1]++
		nok++
	} else if ($3 == "skip") {
		skipped[$1]++
		nskip++
		if (!($1 in skipwhy))
			skipwhy[$1] = $7
	} else {
		bad[$1]++
		nbad++
		nc = split($4, c, ",")
		for (i = 1; i <= nc; i++) {
			count[$1, c[i]]++
			catsum[c[i]]++
		}
		# The first three of each scenario are listed.
		if (bad[$1] <= 3)
			fails[$1, bad[$1]] = $0
		nfails++
	}
}
function cell(x) {
	return x == "" || x == 0 ? "0" : "**" x "**"
}
# The text of a table cell, its bars escaped.
function text(s) {
	gsub(/\|/, "\\|", s)
	return s
}
END {
	print "# Reliability of xpool under faults"
	print ""
	print "Written by `tests/fault/report.sh` from one run of the fault matrix"
	print "(`tests/fault/run.sh`); nothing here is typed by hand.  See"
	print "`tests/fault/run.sh` for what each check means: a **hang** is a run"
	print "still going 30 s after its fault; a **loss**, **dup** or **mixed**"
	print "is output lost, printed twice, or mixed with another job'"'"'s or out"
	print "of order, judged against what the exit status says; an **orphan** is"
	print "a process of the run left after xpool; a **leftover** a file left in"
	print "its temporary directory; **status** an exit status the man page does"
	print "not give for the case; **other** anything else (an unexpected"
	print "message, a job running on while xpool is stopped)."
	print ""
	print "| | |"
	print "|---|---|"
	print "| date | " date " |"
	print "| commit | " commit " |"
	print "| xpool | " version " |"
	print "| machine | " machine " |"
	print "| runs | " runs " of each scenario, seeds " seed " to " seed + runs - 1 ", " par " at once |"
	print "| total | " total " runs in " secs " s: " nok + 0 " passed, " nbad + 0 " failed, " nskip + 0 " skipped |"
	printf "| failed runs by kind |"
	for (i = 1; i <= ncats; i++)
		printf " %s %d%s", CATS[i], catsum[CATS[i]], i < ncats ? "," : " |\n"
	print ""
	print "Counts are of runs; a run may fail in more than one way.  Rerun any"
	print "of them alone with `tests/fault/run.sh -s SEED SCENARIO`."
	print ""
	printf "| scenario | what | runs | passed | skipped |"
	for (i = 1; i <= ncats; i++)
		printf " %s |", CATS[i]
	printf " mean s |\n|---|---|---:|---:|---:|"
	for (i = 1; i <= ncats; i++)
		printf "---:|"
	printf "---:|\n"
	for (k = 1; k <= n; k++) {
		s = NAME[k]
		if (!(s in ran))
			continue
		printf "| %s | %s | %d | %d | %d |", s, text(WHAT[s]), ran[s], ok[s], skipped[s]
		for (i = 1; i <= ncats; i++)
			printf " %s |", cell(count[s, CATS[i]])
		printf " %.1f |\n", secsum[s] / ran[s]
	}
	if (nskip) {
		print ""
		print "## Skipped"
		print ""
		for (k = 1; k <= n; k++)
			if (NAME[k] in skipwhy)
				print "- " NAME[k] " (" skipped[NAME[k]] " runs): " skipwhy[NAME[k]]
	}
	if (nfails) {
		print ""
		print "## Failed runs"
		print ""
		print "The first problem of each failed run, and what the run was; the"
		print "first three runs of a scenario, and how many more failed."
		print ""
		for (k = 1; k <= n; k++) {
			s = NAME[k]
			for (i = 1; i <= 3 && i <= bad[s]; i++) {
				split(fails[s, i], f, "\t")
				sub(/^[a-z]+ /, "", f[7])
				print "- `tests/fault/run.sh -s " f[2] " " f[1] "` [" f[4] "]: " f[7]
				print "  (" f[6] ")"
			}
			if (bad[s] > 3)
				print "- ... and " bad[s] - 3 " more failed runs of " s
		}
	}
}' "$tsv" >"$out"
echo "report: wrote $out"
