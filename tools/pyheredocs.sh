#!/bin/sh
# tools/pyheredocs.sh FILE...: every Python program written inline in the
# shell scripts FILE (a "python3 ..." line or a "cat >...py" line whose
# here-document ends at a line "PY") must compile; a broken one would only
# be found when its script runs (make bench's report, for one).
set -eu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
for f in "$@"; do
	awk -v dir="$tmp" -v name="$(basename "$f")" '
		in_py && /^[ \t]*PY$/ { in_py = 0; close(out); next }
		in_py { print > out; next }
		/(python3 |\.py).*<<.?PY.?$/ { n++; in_py = 1; out = dir "/" name "." n ".py" }
	' "$f"
done
for p in "$tmp"/*.py; do
	[ -e "$p" ] || continue
	python3 -c 'import ast, sys; ast.parse(open(sys.argv[1]).read(), sys.argv[1])' "$p" ||
	    status=1
done
exit "$status"
