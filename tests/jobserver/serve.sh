#!/bin/sh
# serve.sh [-p PIDFILE] N STYLE COMMAND [ARG...]: run COMMAND under a
# jobserver of this script's own, as make -jN would offer it, and count the
# tokens that come back (tests/100-jobserver; see §2.2 and §2.7 of the
# jobserver notes).
#
#   - A FIFO in a new directory, held open read-write on fd 8 (so it never
#     blocks and never reaches end of file) and preloaded with N-1 tokens:
#     the bytes of $TOKENS when set, else N-1 '+'.
#   - STYLE fifo: MAKEFLAGS=" -jN --jobserver-auth=fifo:PATH" (make 4.4).
#     STYLE pipe: the FIFO opened again as fd 3 (read) and fd 4 (write),
#     MAKEFLAGS=" -jN --jobserver-auth=3,4" (make 4.3).
#   - COMMAND runs with SIGINT and SIGQUIT at their defaults (a background
#     command of sh ignores them); with -p, its pid goes to PIDFILE.
#   - Then the bytes left in the FIFO are read without blocking, and the
#     last line of output is "tokens_back=K bytes=SORTED rc=STATUS": K is
#     N-1 when every token taken was given back, and SORTED the bytes
#     themselves, sorted (a client must give back the byte it took).
set -u
pidfile=
if [ "$1" = -p ]; then
	pidfile=$2
	shift 2
fi
n=$1 style=$2
shift 2

d=$(mktemp -d) || exit 1
f=$d/js
mkfifo -m 600 "$f" || exit 1
exec 8<>"$f"
if [ -n "${TOKENS+set}" ]; then
	printf '%s' "$TOKENS" >&8
else
	printf '%*s' $((n - 1)) '' | tr ' ' '+' >&8
fi

if [ "$style" = fifo ]; then
	MAKEFLAGS=" -j$n --jobserver-auth=fifo:$f"
else
	# shellcheck disable=SC2094 # two ends of one FIFO, on purpose
	exec 3<"$f" 4>"$f"
	MAKEFLAGS=" -j$n --jobserver-auth=3,4"
fi
export MAKEFLAGS

env --default-signal=INT,QUIT "$@" 8>&- &
pid=$!
if [ -n "$pidfile" ]; then
	echo "$pid" >"$pidfile.tmp" && mv "$pidfile.tmp" "$pidfile"
fi
wait "$pid"
rc=$?

# What is left: one non-blocking read (a pipe gives all it holds, up to 64).
left=$(dd if="$f" iflag=nonblock bs=64 count=1 2>/dev/null | fold -w1 |
    sort | tr -d '\n')
echo "tokens_back=${#left} bytes=$left rc=$rc"
rm -rf "$d"
exit 0
