#!/usr/bin/env bats
# shellcheck disable=SC1083,SC2016,SC2030,SC2031,SC2154,SC1003,SC2012
# (SC1083: {} {1} ... are xpool replacement strings; SC2016: $ in single
# quotes is for the job's shell; SC2030/SC2031/SC2154: bats runs each test in a
# subshell and sets $stderr and $lines.)
# 900-docs: --help, the man page and the completions agree; the man page is
# lint-clean; the completions work.
#
# The list of options is taken from `xpool --help` (generated from the option
# table), so an option added there and forgotten anywhere else fails here.

load helpers

ROOT=$BATS_TEST_DIRNAME/..
MAN=$ROOT/man/xpool.1

# help_options: every option --help lists, one per line (-x and --long).
help_options() {
	local line spec
	"$XPOOL" --help | while IFS= read -r line; do
		[[ $line =~ ^\ +(-.*)$ ]] || continue
		spec=${BASH_REMATCH[1]%%  *}
		grep -oE -- '(^|[ ,])--?[A-Za-z0-9][A-Za-z0-9-]*' <<<"$spec" |
		    tr -d ' ,'
	done
}

# The man page as text, and its OPTIONS section.
man_text() {
	mandoc -Tascii "$MAN" | col -bx
}

man_options_section() {
	man_text | sed -n '/^OPTIONS$/,/^[A-Z][A-Z ]*$/p' | sed '$d'
}

# has_option TEXT OPT: OPT appears in TEXT as itself (not as a prefix of a
# longer option, nor inside a word).
has_option() {
	grep -qE -- "(^|[^A-Za-z0-9-])$2([^A-Za-z0-9-]|\$)" <<<"$1"
}

@test "--help lists options (the list these tests check against)" {
	run -0 help_options
	((${#lines[@]} >= 30)) || fail "only ${#lines[@]} options found in --help: $output"
	assert_line -- --jobs
	assert_line -- -j
	assert_line -- -X
}

@test "every option in --help is in the man page's OPTIONS section" {
	command -v mandoc >/dev/null || skip "mandoc is not installed"
	local text opt missing=()
	text=$(man_options_section)
	[[ -n $text ]] || fail "no OPTIONS section in $MAN"
	for opt in $(help_options); do
		has_option "$text" "$opt" || missing+=("$opt")
	done
	((${#missing[@]} == 0)) || fail "not in man/xpool.1 OPTIONS: ${missing[*]}"
}

@test "the man page is lint-clean (mandoc -Tlint -Wwarning)" {
	command -v mandoc >/dev/null || skip "mandoc is not installed"
	run -0 --separate-stderr mandoc -Tlint -Wwarning "$MAN"
	assert_output ''
	assert_stderr_empty
}

@test "the man page documents the exit statuses" {
	command -v mandoc >/dev/null || skip "mandoc is not installed"
	local text
	text=$(man_text | sed -n '/^EXIT STATUS$/,/^[A-Z][A-Z ]*$/p')
	[[ -n $text ]] || fail "no EXIT STATUS section"
	local code
	for code in 0 101 255 130 143; do
		grep -qE "(^|[^0-9])$code([^0-9]|\$)" <<<"$text" ||
		    fail "EXIT STATUS does not mention $code"
	done
	grep -qE '(^|[^0-9])1.{1,3}100([^0-9]|$)' <<<"$text" || fail "EXIT STATUS does not mention 1-100"
}

@test "the man page has the usual sections" {
	command -v mandoc >/dev/null || skip "mandoc is not installed"
	local text s
	text=$(man_text)
	for s in NAME SYNOPSIS DESCRIPTION OPTIONS 'EXIT STATUS' EXAMPLES ENVIRONMENT 'SEE ALSO'; do
		grep -qx "$s" <<<"$text" || fail "no $s section"
	done
}

@test "the man page's SYNOPSIS matches the usage line" {
	command -v mandoc >/dev/null || skip "mandoc is not installed"
	local syn usage
	syn=$(man_text | sed -n '/^SYNOPSIS$/,/^DESCRIPTION$/p' | sed '1d;$d' | tr -s ' \n' ' ' | sed 's/^ //; s/ $//')
	usage=$("$XPOOL" --help | sed -n 's/^usage: //p; s/^   or: //p' | tr -s ' \n' ' ' | sed 's/ $//')
	# Case and ellipses may differ in typography; compare the words.
	assert_equal "$(tr '[:upper:]' '[:lower:]' <<<"$syn" | tr -d '.')" "$(tr '[:upper:]' '[:lower:]' <<<"$usage" | tr -d '.')"
}

# ---------------------------------------------------------------- bash

# bash_complete WORD...: run the bash completion for the command line
# "WORD..." (the cursor at the end of the last word); candidates on stdout.
bash_complete() {
	local words=("$@")
	COMPREPLY=()
	# shellcheck source=/dev/null
	source "$ROOT/completions/xpool.bash"
	local fn
	fn=$(complete -p xpool | sed -n 's/.*-F \([^ ]*\) .*/\1/p')
	[[ -n $fn ]] || return 1
	COMP_WORDS=("${words[@]}")
	COMP_CWORD=$((${#words[@]} - 1))
	COMP_LINE="${words[*]}"
	COMP_POINT=${#COMP_LINE}
	COMP_TYPE=9
	COMP_KEY=9
	"$fn" xpool "${words[COMP_CWORD]}" "${words[COMP_CWORD - 1]}"
	printf '%s\n' "${COMPREPLY[@]}"
}

@test "bash completion: 'xpool --jo' offers --jobs (and only --jo... options)" {
	local want
	want=$(help_options | grep -- '^--jo' | sort)
	run -0 bash_complete xpool --jo
	# shellcheck disable=SC2001 # per line
	assert_equal "$(sed 's/[ =]*$//' <<<"$output" | sort)" "$want"
	assert_line --regexp '^--jobs=?$'
}

@test "bash completion: 'xpool --' offers every long option of --help" {
	run -0 bash_complete xpool --
	local opt missing=()
	for opt in $(help_options | grep -- '^--'); do
		grep -qE -- "^$opt=?\$" <<<"$output" || missing+=("$opt")
	done
	((${#missing[@]} == 0)) || fail "bash completion lacks: ${missing[*]}"
}

@test "bash completion: the file names every option of --help" {
	local text opt missing=()
	text=$(<"$ROOT/completions/xpool.bash")
	for opt in $(help_options); do
		has_option "$text" "$opt" || missing+=("$opt")
	done
	((${#missing[@]} == 0)) || fail "completions/xpool.bash lacks: ${missing[*]}"
}

@test "bash completion passes shellcheck" {
	command -v shellcheck >/dev/null || skip "shellcheck is not installed"
	run -0 shellcheck -s bash "$ROOT/completions/xpool.bash"
}

# ---------------------------------------------------------------- zsh

@test "zsh completion: names every option of --help, and parses" {
	local text opt missing=()
	text=$(<"$ROOT/completions/_xpool")
	for opt in $(help_options); do
		has_option "$text" "$opt" || missing+=("$opt")
	done
	((${#missing[@]} == 0)) || fail "completions/_xpool lacks: ${missing[*]}"
	command -v zsh >/dev/null || skip "zsh is not installed"
	run -0 zsh -n "$ROOT/completions/_xpool"
}

# ---------------------------------------------------------------- fish

@test "fish completion: offers every option of --help" {
	command -v fish >/dev/null || skip "fish is not installed"
	run -0 --separate-stderr fish --no-config -c "source '$ROOT/completions/xpool.fish'; complete -C 'xpool -'"
	local cands opt missing=()
	cands=$(cut -f1 <<<"$output")
	for opt in $(help_options); do
		grep -qxF -- "$opt" <<<"$cands" || missing+=("$opt")
	done
	((${#missing[@]} == 0)) || fail "fish completion lacks: ${missing[*]}"
}

@test "fish completion: 'xpool --jo' offers --jobs" {
	command -v fish >/dev/null || skip "fish is not installed"
	run -0 --separate-stderr fish --no-config -c "source '$ROOT/completions/xpool.fish'; complete -C 'xpool --jo'"
	assert_line --regexp $'^--jobs(\t|$)'
}

@test "fish completion parses (fish --no-execute)" {
	command -v fish >/dev/null || skip "fish is not installed"
	run -0 fish --no-execute "$ROOT/completions/xpool.fish"
}

# ---------------------------------------------------------------- tests

@test "every long option of --help is exercised by some test" {
	local opt missing=() files
	files=("$BATS_TEST_DIRNAME"/[0-8]*.bats)
	for opt in $(help_options | grep -- '^--'); do
		grep -qE -- "(^|[^A-Za-z0-9-])$opt([^A-Za-z0-9-]|\$)" "${files[@]}" ||
		    missing+=("$opt")
	done
	((${#missing[@]} == 0)) || fail "no test uses: ${missing[*]}"
}

# ---------------------------------------------------------------- source

@test "src: every module is in main.c's source map and includes only modules below it" {
	run -0 python3 "$ROOT/tools/layers.py" "$ROOT"
	assert_output ''
}
