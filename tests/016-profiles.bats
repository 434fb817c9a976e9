#!/usr/bin/env bats
# shellcheck disable=SC1083,SC2016,SC2030,SC2031,SC2154
# (SC1083: {} {1} ... are xpool replacement strings; SC2016: $ in single
# quotes is for the job's shell; SC2030/SC2031/SC2154: bats runs each test in a
# subshell and sets $stderr and $lines.)
# 016-profiles: options from GNU parallel's files and environment: the
# configuration files (~/.parallel/config, ~/.parallelrc, $PARALLEL_HOME),
# -J / --profile, $PARALLEL, and --plain, which ignores them all.
#
# Each test has a HOME of its own: the real ~/.parallel is never read or
# written.  Each states the expected output; where GNU parallel is
# installed, it is run the same way and must give the same.

load helpers

setup() {
	common_setup
	export HOME=$BATS_TEST_TMPDIR/home
	mkdir -p "$HOME/.parallel"
	unset PARALLEL_HOME PARALLEL_CSH XDG_CONFIG_HOME XDG_CONFIG_DIRS
}

# same WANT ARG...: xpool ARG... < /dev/null prints WANT on its standard
# output and exits 0; so does GNU parallel where it is installed.
same() {
	local want=$1
	shift
	run -0 --separate-stderr xpool "$@" </dev/null
	assert_output "$want"
	if command -v parallel >/dev/null; then
		run -0 --separate-stderr parallel "$@" </dev/null
		assert_output "$want"
	fi
}

# profile NAME LINE...: ~/.parallel/NAME holds the lines.
profile() {
	local name=$1
	shift
	printf '%s\n' "$@" >"$HOME/.parallel/$name"
}

# ---------------------------------------------------------------- files

@test "~/.parallel/config is read when there is no -J" {
	profile config --tag
	same $'a\ta\nb\tb' -k echo ::: a b
}

@test "no configuration file at all is no mistake" {
	same $'a\nb' -k echo ::: a b
}

@test "a profile's comment lines and blank lines are skipped; its words are split as GNU parallel splits them" {
	profile config '# --dry-run' '   # --tag' '' \
	    "  --tagstring \"x  y\" '-k'" '--tagstring' 'long\ name'
	same $'long name\ta\nlong name\tb' echo ::: a b
	profile config "  --tagstring \"x  y\"' z'"
	same $'x  y z\ta' echo ::: a
}

@test "options may span lines: the words of all lines are read as one" {
	profile config '--tagstring' '"{}:"'
	same $'a:\ta' echo ::: a
}

@test "~/.parallelrc is read after ~/.parallel/config" {
	profile config '--tagstring config'
	echo '--tagstring rc' >"$HOME/.parallelrc"
	same $'rc\ta' echo ::: a
}

@test "\$PARALLEL_HOME's config is read before ~/.parallel's" {
	export PARALLEL_HOME=$WORK/ph
	mkdir -p "$PARALLEL_HOME"
	echo '--tagstring ph' >"$PARALLEL_HOME/config"
	same $'ph\ta' echo ::: a
	profile config '--tagstring home'
	same $'home\ta' echo ::: a
}

@test "\$XDG_CONFIG_HOME/parallel/config is read" {
	export XDG_CONFIG_HOME=$WORK/xdg
	mkdir -p "$XDG_CONFIG_HOME/parallel"
	echo '--tagstring xdg' >"$XDG_CONFIG_HOME/parallel/config"
	same $'xdg\ta' echo ::: a
}

# ---------------------------------------------------------------- -J

@test "-J NAME reads ~/.parallel/NAME instead of the configuration file" {
	profile config --dry-run
	profile tagged --tag
	same $'a\ta' -J tagged echo ::: a
	same $'a\ta' --profile tagged echo ::: a
	same $'a\ta' --profile=tagged echo ::: a
}

@test "-J is repeatable: the profiles are read in turn, the later one wins" {
	profile one '--tagstring one'
	profile two '--tagstring two -k'
	same $'two\ta\ntwo\tb' -J one -J two echo ::: a b
	same $'one\ta\none\tb' -J two -J one echo ::: a b
}

@test "-J ./FILE and -J /FILE name the file itself" {
	echo '--tagstring here' >"$WORK/p"
	same $'here\ta' -J ./p echo ::: a
	same $'here\ta' -J "$WORK/p" echo ::: a
}

@test "-J looks in \$PARALLEL_HOME too" {
	export PARALLEL_HOME=$WORK/ph
	mkdir -p "$PARALLEL_HOME"
	echo '--tagstring ph' >"$PARALLEL_HOME/p"
	same $'ph\ta' -J p echo ::: a
}

@test "a profile's words from its first non-option go before the command" {
	profile low '--dry-run nice -n 3'
	same 'nice -n 3 echo a' -J low echo ::: a
}

@test "a -J or --plain in a profile or in \$PARALLEL changes nothing" {
	profile config '--tagstring config'
	profile other '--tagstring other'
	PARALLEL='-J other' same $'config\ta' echo ::: a
	PARALLEL='--plain' same $'config\ta' echo ::: a
	profile third '-J other --plain'
	same $'a' -J third echo ::: a
}

# ---------------------------------------------------------------- $PARALLEL

@test "\$PARALLEL gives options, split at blanks, with quotes and backslashes" {
	PARALLEL='-k --tagstring my\ tag' same $'my tag\ta\nmy tag\tb' \
	    echo ::: a b
	PARALLEL="--tagstring 'a b'\"c d\"" same $'a bc d\tx' echo ::: x
}

@test "\$PARALLEL's options come after the files' and before the command line's" {
	profile config '--tagstring config'
	PARALLEL='--tagstring env' same $'env\ta' echo ::: a
	PARALLEL='--tagstring env' same $'line\ta' --tagstring line echo ::: a
}

@test "the files' command words, then \$PARALLEL's, then the command line's" {
	profile config 'echo 1'
	PARALLEL='-k 2' same $'1 2 3 a\n1 2 3 b' 3 ::: a b
}

@test "\$PARALLEL empty or 0 gives no options" {
	PARALLEL= same 'a' echo ::: a
	PARALLEL=0 same 'a' echo ::: a
}

# ---------------------------------------------------------------- --plain

@test "--plain ignores the configuration file, -J and \$PARALLEL" {
	profile config --tag
	profile p '--tagstring p'
	PARALLEL=--dry-run same 'a' --plain echo ::: a
	PARALLEL=--dry-run same 'a' --plain -J p echo ::: a
	PARALLEL=--dry-run same 'a' -J p --plain echo ::: a
}

# ---------------------------------------------------------------- mistakes

@test "a -J profile that is not there is an error (GNU parallel ignores it)" {
	run -255 --separate-stderr xpool -J nosuch echo ::: a
	assert_output ''
	assert_stderr_contains "xpool: -J nosuch: no such profile (or none readable) in $HOME/.parallel"
	assert_messages_prefixed
}

@test "a bad option in \$PARALLEL or a profile says where it is" {
	PARALLEL='--no-such-option' run -255 --separate-stderr xpool echo ::: a
	assert_output ''
	assert_stderr_contains "unknown option '--no-such-option'"
	assert_stderr_contains 'that is in $PARALLEL'
	profile config '-j'
	run -255 --separate-stderr xpool echo ::: a
	assert_stderr_contains 'option -j needs a value'
	assert_stderr_contains "that is in the profile $HOME/.parallel/config"
	assert_messages_prefixed
	run -0 xpool --plain echo ::: a
	assert_output 'a'
}

@test "a quote left open in \$PARALLEL or a profile is an error (GNU parallel drops the words)" {
	PARALLEL="--tag 'a" run -255 --separate-stderr xpool echo ::: a
	assert_output ''
	assert_stderr_contains '$PARALLEL: a quote is not closed'
	profile config '-k' 'a\'
	run -255 --separate-stderr xpool echo ::: a
	assert_stderr_contains "profile '$HOME/.parallel/config', line 2"
	assert_messages_prefixed
}
