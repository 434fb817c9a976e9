#!/usr/bin/env bash
# run.sh -- run GNU parallel's own examples under GNU parallel and under
# xpool (as `parallel`), and compare what each left: standard output, exit
# status and files.  The examples are tests/compat/examples.txt; README
# says how they are written and how to read the results.
#
#   tests/compat/run.sh [OPTION]... [ID-PATTERN]...
#
#   -j N            run N examples at once (default 4)
#   --xpool PATH    the xpool under test (default ./xpool of this tree)
#   --only FILE     run the examples whose ids FILE lists (one a line)
#   --update        rewrite tests/compat/identical with the examples that
#                   came out identical (of those run), leaving out those
#                   marked "guard: no"
#   --report FILE   write the results as Markdown to FILE (tests/COMPAT.md)
#   --keep          keep OUT/run/ID for every example, not only for those
#                   that differ
#   --out DIR       where the runs happen (default build/compat)
#   -l, --list      list the ids (those the patterns select) and stop
#
# ID-PATTERN is a shell pattern on the ids (tut.plus.*); none means all.
# Each result line is "VERDICT ID" (identical, differs, intentional,
# error, skip) and the last line "identical N / total M".  The exit status
# is 1 when an example listed in tests/compat/identical and run here was
# not identical, 2 on a usage error, and 0 otherwise.
set -u
shopt -s extglob

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
examples=$here/examples.txt
guardlist=$here/identical

jobs=4
xpool=$root/xpool
only=
update=0
report=
keep=0
out=$root/build/compat
list=0
patterns=()

usage() {
	sed -n '/^#   tests/,/^# ID-PATTERN/p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
}

while [ $# -gt 0 ]; do
	case $1 in
	-j) jobs=${2:?}; shift ;;
	-j*) jobs=${1#-j} ;;
	--xpool) xpool=${2:?}; shift ;;
	--only) only=${2:?}; shift ;;
	--update) update=1 ;;
	--report) report=${2:?}; shift ;;
	--keep) keep=1 ;;
	--out) out=${2:?}; shift ;;
	-l | --list) list=1 ;;
	-h | --help) usage ;;
	-*) echo "run.sh: unknown option $1" >&2; usage ;;
	*) patterns+=("$1") ;;
	esac
	shift
done
[[ $jobs =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: -j wants a number" >&2; exit 2; }

# ---------------------------------------------------------------- parsing

# The examples, in the order of examples.txt: ids in IDS, each field in an
# associative array by id.
declare -a IDS=()
declare -A CMD=() SETUP=() NORM=() COMPARE=() FILES=() STDERR=() \
	TIMEOUT=() SHELLNAME=() GUARD=() INTENT=() SKIP=() NOTE=() REMOTE=()

parse_error() {
	echo "run.sh: examples.txt:$lineno: $1" >&2
	exit 2
}

# Store the example read so far, if any.
flush() {
	[ -n "$id" ] || return 0
	[ -n "$cmd" ] || parse_error "example $id has no command"
	[[ -z ${CMD[$id]+set} ]] || parse_error "example $id is there twice"
	IDS+=("$id")
	CMD[$id]=$cmd
	SETUP[$id]=$setup
	NORM[$id]=$norm
	id='' cmd='' setup='' norm=''
}

parse() {
	local line key val
	id='' cmd='' setup='' norm='' lineno=0
	while IFS= read -r line || [ -n "$line" ]; do
		lineno=$((lineno + 1))
		case $line in
		'#'*) continue ;;
		'') flush; continue ;;
		'$ '* | '> '* | '$' | '>') cmd+="${line:2}"$'\n'; continue ;;
		*': '*) ;;
		*) parse_error "not a field, a command or a blank line: $line" ;;
		esac
		key=${line%%: *}
		val=${line#*: }
		if [ "$key" = id ]; then
			[ -z "$id" ] || parse_error "no blank line before id $val"
			[[ $val =~ ^(tut|ex)\.[a-z0-9-]+\.[0-9]+$ ]] ||
				parse_error "id '$val' is not SOURCE.SECTION.N"
			id=$val
			continue
		fi
		[ -n "$id" ] || parse_error "a field before the example's id: $line"
		case $key in
		setup) setup+="$val"$'\n' ;;
		normalize) norm+="$val"$'\n' ;;
		compare) [[ $val == @(exact|sort) ]] || parse_error "compare: exact or sort"; COMPARE[$id]=$val ;;
		files) [[ $val == @(all|names) ]] || parse_error "files: all or names"; FILES[$id]=$val ;;
		stderr) [[ $val == @(yes|no) ]] || parse_error "stderr: yes or no"; STDERR[$id]=$val ;;
		timeout) [[ $val =~ ^[0-9]+$ ]] || parse_error "timeout: seconds"; TIMEOUT[$id]=$val ;;
		shell) [[ $val == @(bash|zsh) ]] || parse_error "shell: bash or zsh"; SHELLNAME[$id]=$val ;;
		remote) [[ $val == yes ]] || parse_error "remote: yes"; REMOTE[$id]=1 ;;
		guard) [[ $val == no,* ]] || parse_error "guard: no, REASON"; GUARD[$id]=${val#no, } ;;
		intentional) INTENT[$id]=$val ;;
		skip)
			[[ $val =~ ^(remote|internet|x11|program|tty|timing|companion|database|resource|privilege),\  ]] ||
				parse_error "skip: CATEGORY, REASON (see the header of examples.txt)"
			SKIP[$id]=$val
			;;
		note) NOTE[$id]=$val ;;
		*) parse_error "unknown field '$key'" ;;
		esac
	done <"$examples"
	flush
}

parse

# The ids the patterns and --only select, in the file's order.
selected() {
	local i p ok
	declare -A want=()
	if [ -n "$only" ]; then
		[ -r "$only" ] || { echo "run.sh: cannot read $only" >&2; exit 2; }
		while IFS= read -r p; do
			[[ -z $p || $p == '#'* ]] || want[$p]=1
		done <"$only"
		for p in "${!want[@]}"; do
			[[ -n ${CMD[$p]+set} ]] || { echo "run.sh: $only lists $p, which examples.txt does not have" >&2; exit 2; }
		done
	fi
	for i in "${IDS[@]}"; do
		if [ -n "$only" ] && [[ -z ${want[$i]+set} ]]; then
			continue
		fi
		ok=$((${#patterns[@]} == 0))
		for p in "${patterns[@]}"; do
			# shellcheck disable=SC2053 # a pattern, on purpose
			[[ $i == $p ]] && ok=1
		done
		[ "$ok" = 1 ] && echo "$i"
	done
}

mapfile -t RUN < <(selected)
if [ "$list" = 1 ]; then
	printf '%s\n' "${RUN[@]}"
	exit 0
fi
[ ${#RUN[@]} -gt 0 ] || { echo "run.sh: no example matches" >&2; exit 2; }

# ---------------------------------------------------------------- the stage

[ -x "$xpool" ] || { echo "run.sh: no xpool at $xpool; run make first" >&2; exit 2; }
xpool=$(cd "$(dirname "$xpool")" && pwd)/$(basename "$xpool")
gnu=$(command -v parallel) || gnu=
sem=$(command -v sem) || sem=
if [ -z "$gnu" ] || ! "$gnu" --version 2>/dev/null | grep -q '^GNU parallel'; then
	echo "run.sh: GNU parallel is not installed (make deps installs it)" >&2
	exit 2
fi
gnu=$(readlink -f "$gnu")

mkdir -p "$out" && out=$(cd "$out" && pwd) || exit 2
rm -rf "${out:?}/run" "${out:?}/bin-gnu" "${out:?}/bin-xpool" \
	"${out:?}/stubs" "${out:?}/home" "${out:?}/setup-cache"
mkdir -p "$out/run" "$out/setup-cache" "$out/bin-gnu" "$out/bin-xpool" "$out/stubs" \
	"$out/home/.parallel" || exit 2
# Each side's `parallel` and `sem`, first on its PATH.
ln -s "$gnu" "$out/bin-gnu/parallel"
ln -s "${sem:-$gnu}" "$out/bin-gnu/sem"
ln -s "$xpool" "$out/bin-xpool/parallel"
ln -s "$xpool" "$out/bin-xpool/sem"
# The programs the examples name without defining them.
for s in do_something do_step1 do_step2 process_output cmd my_program \
	my_command myprog your_prg fastq-reader; do
	ln -s "$here/stand-in" "$out/stubs/$s"
done
# GNU parallel asks for a citation once per user; the private HOME says
# it has been seen.
: >"$out/home/.parallel/will-cite"

# side_env SIDE DIR SHELL [remote]: the environment of a run, the same for
# both sides but for the directory of `parallel` on the PATH.  COMPAT_RUN
# tags every process of the run, so that what outlives it can be ended.  A
# remote example also has the test hosts' names and their `ssh`.
side_env() {
	local path=$out/bin-$1:$out/stubs:/usr/local/bin:/usr/bin:/bin
	printf '%s\n' env -i "HOME=$2/home" \
		"SHELL=$3" LC_ALL=C TERM=dumb USER="${USER:-root}" \
		LOGNAME="${LOGNAME:-root}" "COMPAT_RUN=$2"
	if [ "${4:-}" = remote ]; then
		printf '%s\n' "PATH=$out/bin-$1:$hosts/bin:${path#*:}" "TMPDIR=$hosts/tmp-$1" \
			SERVER1=server.example.com SERVER2=server2.example.net
	else
		printf '%s\n' "PATH=$path" "TMPDIR=$2/tmp"
	fi
}

# ---------------------------------------------------------------- the hosts

# The examples marked "remote: yes" reach private ssh hosts on loopback
# (tests/ssh/sshd.sh: real sshds in mount namespaces of their own, each
# with an empty /root of its own, on this machine's files otherwise) by the
# names the manuals give them, through an `ssh` first on the PATH that
# reads the hosts' ssh_config (OpenSSH reads the ~/.ssh of the passwd
# entry, not of $HOME).  The hosts have only root: the `ssh` logs in as
# root whichever user the login names.  They are started once, when an
# example to run needs them, and stopped at the end.
hosts=
hosts_up=0

# The names each host answers to; 173.194.32.46 (a host that is down in
# the tutorial) is the fixture's "down", where nothing listens.
HOST_NAMES=(
	'h1 server.example.com server server1 servera s1.example.com host1 host1.v'
	'h2 server2.example.net server2.example.com server2 serverb s2.example.net host2 host2.v'
	'h3 server3.example.com host3 host3.v'
	'down 173.194.32.46'
)

# hosts_start: the hosts up, their ssh_config and `ssh` in $hosts (in /tmp:
# ssh's control sockets, in TMPDIR, must have short paths, so remote
# examples have TMPDIR $hosts/tmp-SIDE); prints why not and fails when they
# cannot start.
hosts_start() {
	local msg line
	mkdir -p "$hosts/bin" || return 1
	if ! msg=$("$root/tests/ssh/sshd.sh" start "$hosts" h1 h2 h3 2>&1); then
		echo "${msg##*$'\n'}"
		return 1
	fi
	hosts_up=1
	# The fixture's first block holds the settings for all its hosts: here
	# for every name, after the names' own addresses.
	read -r line <"$hosts/ssh_config"
	[[ $line == 'Host '* ]] || { echo "tests/ssh/sshd.sh wrote an ssh_config run.sh does not know"; return 1; }
	{
		for line in "${HOST_NAMES[@]}"; do
			echo "Host ${line#* }"
			sed -n "/^Host ${line%% *}\$/,/^Host/s/^ *HostName .*/&/p" "$hosts/ssh_config"
		done
		sed '1s/^Host .*/Host */' "$hosts/ssh_config"
	} >"$hosts/compat_config" || return 1
	printf '#!/bin/sh\nexec /usr/bin/ssh -F %q -l root "$@"\n' "$hosts/compat_config" >"$hosts/bin/ssh" &&
		chmod +x "$hosts/bin/ssh"
}

hosts_stop() {
	if [ "$hosts_up" = 1 ] && [ "$BASHPID" = $$ ]; then
		"$root/tests/ssh/sshd.sh" stop "$hosts"
		hosts_up=0
	fi
	[ -z "$hosts" ] || [ "$BASHPID" != $$ ] || rm -rf "$hosts"
}

# hosts_clean: the hosts' homes empty again, for the next run.
hosts_clean() {
	find "$hosts"/home_h* -mindepth 1 -delete
}

# end_leftovers TAG: end what a run left running (background jobs of sem,
# jobs of a parallel that timed out), by pid.
end_leftovers() {
	local f pid
	grep -lsxzF "COMPAT_RUN=$1" /proc/[0-9]*/environ | while IFS= read -r f; do
		pid=${f#/proc/}
		pid=${pid%/environ}
		kill -KILL "$pid" 2>/dev/null
	done
}

# manifest DIR FILESMODE SORT: the files under DIR, one line each, sorted:
# type, name, and for a regular file its contents (escaped by sed's l, each
# line ended by $; lines sorted when SORT is sort; a digest past 4 KiB).
manifest() {
	local p q size c
	(cd "$1" && find . -mindepth 1 -print0) | while IFS= read -r -d '' p; do
		printf -v q '%q' "$p"
		if [ -L "$1/$p" ]; then
			echo "l $q -> $(readlink "$1/$p")"
		elif [ -d "$1/$p" ]; then
			echo "d $q"
		elif [ "$2" = names ] || [ ! -s "$1/$p" ]; then
			echo "f $q"
		else
			size=$(wc -c <"$1/$p")
			# shellcheck disable=SC2094 # both only read it
			if [ "$size" -gt 4096 ] || ! tr -d '\000' <"$1/$p" | cmp -s - "$1/$p"; then
				echo "f $q: $size bytes, md5 $(md5sum <"$1/$p" | cut -c1-32)"
			elif [ "$3" = sort ]; then
				c=$(LC_ALL=C sed -n 'l 0' "$1/$p" | LC_ALL=C sort | tr -d '\n')
				echo "f $q: $c"
			else
				c=$(LC_ALL=C sed -n 'l 0' "$1/$p" | tr -d '\n')
				echo "f $q: $c"
			fi
		fi
	done | LC_ALL=C sort
}

# sed_literal TEXT: TEXT as a sed regular expression that matches itself.
sed_literal() {
	printf '%s' "$1" | sed 's/[][\.*^$/]/\\&/g'
}

# normalize DIR ID: the paths of a run's directories as names, then the
# example's own "normalize:" lines.
normalize() {
	LC_ALL=C sed -E -e "s/$(sed_literal "$1/work")/WORK/g" \
		-e "s/$(sed_literal "$1/home")/HOME/g" \
		-e "s/$(sed_literal "$1/tmp")/TMP/g" \
		-e "${hosts:+s/$(sed_literal "$hosts")\/tmp-(gnu|xpool)/TMP/g}" \
		-e "s/$(sed_literal "$out/bin-")(gnu|xpool)/BIN/g" \
		-e "${NORM[$2]:-}"
}

# run_side ID SIDE: run the example once, with SIDE's parallel, in a fresh
# copy of the set-up directory; leave SIDE.out, SIDE.err, SIDE.rc and
# SIDE.files (normalized) in the example's directory.
run_side() {
	local id=$1 side=$2 r=$out/run/$1 d sh rc envv limit
	d=$r/$side
	mkdir -p "$d/tmp" || return 1
	cp -a "$r/setup" "$d/work" && cp -a "$out/home" "$d/home" || return 1
	case ${SHELLNAME[$id]:-bash} in
	zsh) sh=$(command -v zsh) ;;
	*) sh=$(command -v bash) ;;
	esac
	mapfile -t envv < <(side_env "$side" "$d" "$sh" "${REMOTE[$id]:+remote}")
	if [ -n "${REMOTE[$id]:-}" ]; then
		hosts_clean
		rm -rf "$hosts/tmp-$side" && mkdir "$hosts/tmp-$side" || return 1
	fi
	limit=${TIMEOUT[$id]:-${REMOTE[$id]:+60}}
	(cd "$d/work" && exec "${envv[@]}" timeout -k 2 "${limit:-10}" \
		"$sh" "$r/cmd" </dev/null >"$r/$side.raw" 2>"$r/$side.err")
	rc=$?
	end_leftovers "$d"
	echo "$rc" >"$r/$side.rc"
	normalize "$d" "$id" <"$r/$side.raw" >"$r/$side.out"
	if [ "${COMPARE[$id]:-exact}" = sort ]; then
		LC_ALL=C sort -o "$r/$side.out" "$r/$side.out"
	fi
	normalize "$d" "$id" <"$r/$side.err" >"$r/$side.errn"
	manifest "$d/work" "${FILES[$id]:-all}" "${COMPARE[$id]:-exact}" |
		normalize "$d" "$id" | LC_ALL=C sort >"$r/$side.files"
}

# gnu_timed_out ID: whether GNU parallel's run of ID was ended by its limit.
gnu_timed_out() {
	[[ $(cat "$out/run/$1/gnu.rc") == @(124|137) ]]
}

# run_both ID: run the example with GNU parallel, once more if that run
# timed out (GNU's logins are slow on a loaded machine, and its time is not
# what is tested here), then with xpool.
run_both() {
	run_side "$1" gnu
	if gnu_timed_out "$1"; then
		rm -rf "$out/run/$1/gnu"
		run_side "$1" gnu
	fi
	run_side "$1" xpool
}

# run_one ID: set up, run both sides, compare; the verdict in
# run/ID/verdict and on the standard output.
run_one() {
	local id=$1 r=$out/run/$1 v what='' envv key t0=$SECONDS
	rm -rf "$r"
	mkdir -p "$r/setup"
	if [ -n "${SKIP[$id]:-}" ]; then
		echo skip >"$r/verdict"
		echo "skip        $id (${SKIP[$id]%%,*})"
		return
	fi
	printf '%s' "${CMD[$id]}" >"$r/cmd"
	{
		printf '. %q\n' "$here/setup.sh"
		printf 'set -e\n%s' "${SETUP[$id]}"
	} >"$r/setup.sh"
	# Examples with the same set-up share it: made once, then copied.
	key=$out/setup-cache/$(md5sum <"$r/setup.sh" | cut -c1-32)
	if [ -d "$key" ]; then
		rm -rf "$r/setup" && cp -a "$key" "$r/setup" || return 1
	else
		mkdir -p "$r/pre/tmp" && cp -a "$out/home" "$r/pre/home" || return 1
		mapfile -t envv < <(side_env gnu "$r/pre" "$(command -v bash)")
		if ! (cd "$r/setup" && exec "${envv[@]}" timeout 60 bash "$r/setup.sh" \
			</dev/null >"$r/setup.log" 2>&1); then
			echo error >"$r/verdict"
			echo "setup failed: $(tail -n 1 "$r/setup.log")" >"$r/what"
			echo "error       $id (setup failed)"
			return
		fi
		end_leftovers "$r/pre"
		rm -rf "$r/pre"
		# Another example may have made it meanwhile: then keep that one.
		cp -a "$r/setup" "$key.$BASHPID" &&
			{ mv -T "$key.$BASHPID" "$key" 2>/dev/null || rm -rf "$key.$BASHPID"; }
	fi
	if [ -n "${REMOTE[$id]:-}" ]; then
		# One remote example at a time: they share the hosts' homes.
		(
			flock 9
			run_both "$id"
		) 9>"$hosts/lock"
	else
		run_both "$id"
	fi
	cmp -s "$r/gnu.out" "$r/xpool.out" || what+=' output'
	cmp -s "$r/gnu.rc" "$r/xpool.rc" || what+=' status'
	cmp -s "$r/gnu.files" "$r/xpool.files" || what+=' files'
	if [ "${STDERR[$id]:-no}" = yes ]; then
		cmp -s "$r/gnu.errn" "$r/xpool.errn" || what+=' stderr'
	fi
	if gnu_timed_out "$id"; then
		v=error
		what=" GNU parallel timed out"
	elif [ -z "$what" ]; then
		v=identical
	elif [ -n "${INTENT[$id]:-}" ]; then
		v=intentional
	else
		v=differs
	fi
	echo "$v" >"$r/verdict"
	echo "${what# }" >"$r/what"
	echo "$((SECONDS - t0))" >"$r/seconds"
	printf '%-11s %s%s, %ss\n' "$v" "$id" "${what:+ (${what# })}" "$((SECONDS - t0))"
	if [ "$v" = identical ] && [ "$keep" = 0 ]; then
		rm -rf "$r/gnu" "$r/xpool" "$r/setup"
	fi
}

# ---------------------------------------------------------------- running

started=$(date +%s)
trap hosts_stop EXIT
# shellcheck disable=SC2046 # the pids of the examples running
trap 'kill $(jobs -p) 2>/dev/null; exit 130' INT
# shellcheck disable=SC2046
trap 'kill $(jobs -p) 2>/dev/null; exit 143' TERM
for id in "${RUN[@]}"; do
	if [ -z "${REMOTE[$id]:-}" ] || [ -n "${SKIP[$id]:-}" ]; then
		continue
	fi
	hosts=$(mktemp -d /tmp/xpool-compat.XXXXXX) || exit 2
	if ! hosts_start >"$out/hosts.why"; then
		for i in "${RUN[@]}"; do
			[ -z "${REMOTE[$i]:-}" ] ||
				SKIP[$i]="remote, the test sshds cannot start here: $(cat "$out/hosts.why")"
		done
		hosts_stop
	fi
	break
done
for id in "${RUN[@]}"; do
	while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
		wait -n
	done
	run_one "$id" &
done
wait

declare -A V=()
n_total=0 n_same=0 n_skip=0 n_differ=0 n_intent=0 n_error=0
for id in "${RUN[@]}"; do
	V[$id]=$(cat "$out/run/$id/verdict" 2>/dev/null || echo error)
	case ${V[$id]} in
	skip) n_skip=$((n_skip + 1)); continue ;;
	identical) n_same=$((n_same + 1)) ;;
	intentional) n_intent=$((n_intent + 1)) ;;
	differs) n_differ=$((n_differ + 1)) ;;
	*) n_error=$((n_error + 1)) ;;
	esac
	n_total=$((n_total + 1))
done

# The regression guard: every listed example that ran must be identical.
status=0
declare -A GUARDED=()
if [ -r "$guardlist" ]; then
	while IFS= read -r id; do
		[[ -z $id || $id == '#'* ]] && continue
		GUARDED[$id]=1
		if [[ -n ${V[$id]+set} ]] && [ "${V[$id]}" != identical ]; then
			echo "REGRESSION: $id is listed in tests/compat/identical but came out ${V[$id]} ($(cat "$out/run/$id/what"))"
			echo "  see $out/run/$id (gnu.out, xpool.out, xpool.err, *.files, *.rc)"
			status=1
		fi
	done <"$guardlist"
fi

echo "differs $n_differ, intentional $n_intent, error $n_error; skipped $n_skip; $(($(date +%s) - started))s"
echo "identical $n_same / total $n_total"

if [ "$update" = 1 ]; then
	{
		echo "# The examples of examples.txt that must stay identical under GNU"
		echo "# parallel and xpool (tests/910-compat.bats).  Written by"
		echo "# tests/compat/run.sh --update; ids may be added or removed by hand."
		for id in "${IDS[@]}"; do
			if [[ -n ${V[$id]+set} ]]; then
				if [ "${V[$id]}" = identical ] && [ -z "${GUARD[$id]:-}" ]; then
					echo "$id"
				fi
			elif [[ -n ${GUARDED[$id]+set} ]]; then
				echo "$id"
			fi
		done
	} >"$guardlist.new" && mv "$guardlist.new" "$guardlist"
	echo "wrote $guardlist: $(grep -cv '^#' "$guardlist") examples"
fi

# ---------------------------------------------------------------- report

# first_message ID: xpool's first message on the standard error, with the
# details that vary between examples cut, as a cause of differences.
first_message() {
	local r=$out/run/$1
	grep -m 1 -v "^xpool: see 'xpool --help'" "$r/xpool.errn" 2>/dev/null |
		cut -c1-100
}

# excerpt ID: the start of each difference, for the report.
excerpt() {
	local r=$out/run/$1 f
	for f in out files; do
		if ! cmp -s "$r/gnu.$f" "$r/xpool.$f"; then
			echo "--- $f: GNU parallel, +++ xpool"
			diff -U 1 "$r/gnu.$f" "$r/xpool.$f" | sed 1,2d | head -n 12 |
				cat -v | cut -c1-160
		fi
	done
	if ! cmp -s "$r/gnu.rc" "$r/xpool.rc"; then
		echo "status: GNU parallel $(cat "$r/gnu.rc"), xpool $(cat "$r/xpool.rc")"
	fi
	if [ -s "$r/xpool.errn" ]; then
		echo "xpool's standard error:"
		head -n 3 "$r/xpool.errn" | cat -v | cut -c1-160 | sed 's/^/  /'
	fi
}

write_report() {
	local id v cause
	echo "# GNU parallel's examples under xpool"
	echo
	echo "Written by \`tests/compat/run.sh --report\` (\`make compat\`): each example of"
	echo "\`man parallel_tutorial\` and \`man parallel_examples\` (GNU parallel"
	echo "$("$gnu" --version | sed -n '1s/GNU parallel //p')), as listed in \`tests/compat/examples.txt\`, run once with GNU"
	echo "parallel and once with $("$xpool" --version | head -n 1) as \`parallel\`, comparing the standard"
	echo "output, the exit status and the files left behind (see tests/compat/README)."
	echo
	echo "**identical $n_same / total $n_total** (differs $n_differ, intentional $n_intent, error $n_error; $n_skip not run here)"
	echo
	echo "## Why examples differ"
	echo
	echo "xpool's first message, for the examples that differ:"
	echo
	echo "| examples | xpool's first message |"
	echo "|---:|---|"
	for id in "${RUN[@]}"; do
		[ "${V[$id]}" = differs ] || continue
		cause=$(first_message "$id")
		echo "${cause:-(no message: the output, status or files differ)}"
	done | sed "s/'/\`/g; s/|/\\\\|/g" | sort | uniq -c | sort -k1,1nr -k2 |
		sed -E 's/^ *([0-9]+) (.*)$/| \1 | \2 |/'
	echo
	echo "## Not run here"
	echo
	echo "| examples | why |"
	echo "|---:|---|"
	for id in "${RUN[@]}"; do
		[ "${V[$id]}" = skip ] && echo "${SKIP[$id]%%,*}"
	done | sort | uniq -c | sort -k1,1nr -k2 | sed -E 's/^ *([0-9]+) (.*)$/| \1 | \2 |/'
	echo
	echo "## Each example"
	echo
	echo "| example | verdict | what differs, or why not run |"
	echo "|---|---|---|"
	for id in "${RUN[@]}"; do
		v=${V[$id]}
		case $v in
		skip) cause=${SKIP[$id]} ;;
		intentional) cause="$(cat "$out/run/$id/what"): ${INTENT[$id]}" ;;
		*) cause=$(cat "$out/run/$id/what" 2>/dev/null) ;;
		esac
		printf '| %s | %s | %s |\n' "$id" "$v" "${cause//|/\\|}"
	done
	echo
	echo "## The differences"
	echo
	for id in "${RUN[@]}"; do
		v=${V[$id]}
		[[ $v == @(differs|intentional|error) ]] || continue
		echo "### $id ($v)"
		echo
		echo '```'
		printf '%s' "${CMD[$id]}"
		echo '```'
		echo
		[ -z "${NOTE[$id]:-}" ] || printf '%s\n\n' "${NOTE[$id]}"
		echo '```'
		if [ "$v" = error ]; then
			cat "$out/run/$id/what"
		else
			excerpt "$id"
		fi
		echo '```'
		echo
	done
}

if [ -n "$report" ]; then
	write_report >"$report.new" && mv "$report.new" "$report"
	echo "wrote $report"
fi
exit "$status"
