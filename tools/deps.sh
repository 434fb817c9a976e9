#!/bin/sh
# Install what building (deps.sh build) or testing (deps.sh check) xpool
# needs on Debian and Ubuntu, with apt-get when it can; otherwise say the
# exact command to run.
set -eu

build="libuv1-dev pkg-config"
check="$build mawk bats bats-assert bats-support bats-file mandoc shellcheck zsh fish parallel clang libclang-rt-dev time procps python3 slurmctld slurmd slurm-client munge openssh-server openssh-client rsync"
bench="$build hyperfine parallel xe paexec mawk moreutils time findutils python3 openssh-server openssh-client rsync"

case "${1:-build}" in
build) want=$build ;;
check) want=$check ;;
bench) want=$bench ;;
*) echo "usage: $0 build|check|bench" >&2; exit 2 ;;
esac

if ! command -v dpkg-query >/dev/null 2>&1; then
	# Not Debian: only check what the build itself cannot do without.
	if ! pkg-config --exists libuv 2>/dev/null; then
		echo "xpool: libuv is missing; install libuv's development package (and pkg-config), then run make again" >&2
		exit 1
	fi
	exit 0
fi

missing=""
for p in $want; do
	s=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
	case "$s" in
	ii*) ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0

echo "xpool: installing:$missing" >&2
if [ "$(id -u)" -eq 0 ]; then
	sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	sudo="sudo"
else
	echo "xpool: missing packages:$missing" >&2
	echo "xpool: install them with: sudo apt-get install$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# Packages with daemons (munge, Slurm, sshd) must not start the machine's own
# services: the tests start private ones.  Where no policy says so, one is
# put in place for the install and taken away after it.
policy=/usr/sbin/policy-rc.d
if [ ! -e $policy ] && [ -z "$sudo" ]; then
	printf '#!/bin/sh\nexit 101\n' >$policy && chmod 755 $policy
	trap 'rm -f $policy' EXIT
fi
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null 2>&1 ||
	{ $sudo apt-get update -qq >/dev/null && $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null; } || {
	echo "xpool: could not install:$missing; run: sudo apt-get update && sudo apt-get install$missing" >&2
	exit 1
}
