#!/bin/sh
# tests/fault/selftest.sh -- negative controls for check.awk: outputs with
# a job lost, twice, interleaved, out of order, cut short or garbled must
# each be caught, and good ones (also a job ended mid-line after a signal)
# must pass.  Prints one line per case; fails when one is judged wrong.
set -u
here=$(cd "$(dirname "$0")" && pwd)
export FAULT_WORK="${TMPDIR:-/tmp}/xpool-fault-selftest.$$"
export FAULT_NEVER="$FAULT_WORK/never"
mkdir -p "$FAULT_WORK" || exit 1
trap 'rm -rf "$FAULT_WORK"' EXIT
cd "$FAULT_WORK" || exit 1
mkfifo never

# Three jobs of 3, 0 and 2 lines; pad width 5.
printf '1 3 5\n2 0 5\n3 2 5\n' >expect
while read -r key n w; do
	"$here/bin/payjob" "$key" "$n" 1 0 "$w" >"job.$key"
done <expect
cat job.1 job.2 job.3 >good

: >wrong
# case_ NAME WANT AWK-ARG... <OUTPUT: check.awk's verdict on OUTPUT is WANT:
# ok, or a problem of that category among those it finds.
case_() {
	name=$1 want=$2
	shift 2
	res=$(awk -f "$here/check.awk" -v expect=expect "$@" -)
	case $want:$res in
	ok:summary:* | loss:*loss:* | dup:*dup:* | mixed:*mixed:*)
		echo "ok - $name" ;;
	*)
		echo "WRONG: $name (wanted $want): $res"
		echo "$name" >>wrong
		;;
	esac
}

case_ "clean, in order" ok -v need=all -v ordered=1 <good
case_ "a job missing" loss -v need=all <"job.1"
cat job.1 job.2 job.3 job.2 | case_ "a job twice" dup
{ head -n 2 job.1; cat job.3; tail -n +3 job.1; } | case_ "two jobs interleaved" mixed
cat job.3 job.1 job.2 | case_ "out of order" mixed -v ordered=1
cat job.3 job.1 job.2 | case_ "any order with --unordered" ok -v need=all
{ head -n 2 job.1; cat job.2 job.3; } | case_ "cut short after a signal" ok
echo 1 >whole
{ head -n 2 job.1; cat job.2 job.3; } |
    case_ "cut short, but it finished" loss -v whole=whole
{ head -n 2 job.1; sed -n 3p job.1 | cut -c1-6 | tr -d '\n'; cat job.3; } |
    case_ "ended mid-line, the next job on its line" ok
{ head -n 2 job.1; sed -n 3p job.1 | cut -c1-6; cat job.2 job.3; } |
    case_ "a line cut short in a clean run" loss -v need=all
{ head -n 2 job.1; sed -n 3p job.1 | tr 0-9 a-j; cat job.2 job.3; } |
    case_ "a line garbled" mixed
{ head -n 2 job.1; sed -n 4p job.1; sed -n 3p job.1; } | case_ "lines swapped" dup
{ cat job.1 job.2; sed -n 1p job.3; sed -n 3p job.3; } | case_ "a line lost" loss
# One-line outputs (--pipe records, worker answers).
printf '7 -1 9\n8 -1 9\n9 -1 9\n' >expect
printf '7 only 012345678\n8 only 012345678\n9 only 012345678\n' >ones
case_ "one-line outputs" ok -v need=all -v ordered=1 <ones
{ head -n 1 ones; sed -n 2p ones | cut -c1-9 | tr -d '\n'; sed -n 3p ones; } |
    case_ "a one-line output ended mid-line, the next on its line" ok
{ head -n 1 ones; sed -n 2p ones | cut -c1-9; sed -n 3p ones; } |
    case_ "a one-line output cut short in a clean run" loss -v need=all
{ cat ones; sed -n 2p ones; } | case_ "a one-line output twice" dup
printf '1 3 5 1\n2 0 5 1\n3 2 5 1\n' >expect
case_ "the last try printed" ok -v need=all <good
printf '1 3 5 2\n2 0 5 1\n3 2 5 1\n' >expect
case_ "an earlier try printed" dup -v need=all <good
[ ! -s wrong ]
