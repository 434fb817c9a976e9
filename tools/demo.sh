#!/bin/sh
# A first run of xpool on something real: compress a set of log files in
# parallel, in input order, and show what happened.
set -eu

xpool=${XPOOL:-./xpool}
dir=$(mktemp -d "${TMPDIR:-/tmp}/xpool-demo.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM

echo "== making 12 log files in $dir"
i=1
while [ $i -le 12 ]; do
	seq $((i * 20000)) | sed "s/^/app $i: request /" >"$dir/app-$i.log"
	i=$((i + 1))
done

echo
echo "== what would run (--dry-run):"
echo "\$ find $dir -name '*.log' | sort | xpool --dry-run gzip -9 -k {}"
find "$dir" -name '*.log' | sort | head -n 3 | "$xpool" --dry-run gzip -9 -k {}
echo "..."

echo
echo "== compressing them, $(nproc) at a time:"
echo "\$ find $dir -name '*.log' | sort | xpool 'gzip -9 -k {} && echo {/}: \$(stat -c %s {}.gz) bytes'"
# shellcheck disable=SC2016 # $(...) is for the job's shell
find "$dir" -name '*.log' | sort | "$xpool" 'gzip -9 -k {} && echo {/}: $(stat -c %s {}.gz) bytes'

echo
echo "== counting matching lines, two sources combined (first one slowest):"
echo "\$ xpool -j4 'printf \"%s %s: \" {1} {2/}; grep -c {1} {2}' ::: request 77 ::: $dir/app-1.log $dir/app-2.log"
"$xpool" -j4 'printf "%s %s: " {1} {2/}; grep -c {1} {2}' ::: request 77 ::: "$dir/app-1.log" "$dir/app-2.log"

echo
echo "== a failing job does not stop the others; the exit status counts failures:"
echo "\$ xpool 'test {} -ne 3' ::: 1 2 3 4; echo status \$?"
status=0
"$xpool" 'test {} -ne 3' ::: 1 2 3 4 || status=$?
echo "status $status"
