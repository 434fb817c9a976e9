#!/usr/bin/env bats
# shellcheck disable=SC1083,SC2016,SC2030,SC2031,SC2154,SC1003,SC2012
# (SC1083: {} {1} ... are xpool replacement strings; SC2016: $ in single
# quotes is for the job's shell; SC2030/SC2031/SC2154: bats runs each test in a
# subshell and sets $stderr and $lines.)
# 017-color: --color, --color-failed, --ctag and --ctagstring, byte for byte
# as GNU parallel writes them: each test has its fixed expectation, and is
# compared with GNU parallel too where it is installed.

load helpers

# GNU parallel's colours for jobs 1, 2, 3 and 307 (307 colours, by {#}), the
# red of --color-failed, and the reset.
C1=$'\e[48;5;134;38;5;231m\e[K'
C2=$'\e[48;5;021;38;5;231m\e[K'
C3=$'\e[48;5;243;38;5;231m\e[K'
C307=$'\e[48;5;185;38;5;000m\e[K'
RED=$'\e[48;5;196;38;5;231m\e[K'
R=$'\e[m'

# same_as_gnu ARGS...: xpool's stdout and stderr are GNU parallel's, byte for
# byte (skipped where GNU parallel is not installed).
same_as_gnu() {
	command -v parallel >/dev/null || skip "GNU parallel is not installed"
	parallel --will-cite "$@" >gnu.out 2>gnu.err || true
	xpool "$@" >xpool.out 2>xpool.err || true
	cmp -s gnu.out xpool.out ||
	    fail "stdout differs for $*: GNU $(hexof gnu.out) xpool $(hexof xpool.out)"
	cmp -s gnu.err xpool.err ||
	    fail "stderr differs for $*: GNU $(hexof gnu.err) xpool $(hexof xpool.err)"
}

# ---------------------------------------------------------------- --color

@test "--color: each job's lines in its colour, chosen by its number, reset at the end" {
	run -0 --separate-stderr xpool -j1 --color 'printf "%s\n" {} {}' ::: a b c
	assert_output "${C1}a$R"$'\n'"${C1}a$R"$'\n'"${C2}b$R"$'\n'"${C2}b$R"$'\n'"${C3}c$R"$'\n'"${C3}c$R"
	assert_stderr_empty
}

@test "--color: 307 colours, then job 308 has job 1's" {
	run -0 --separate-stderr xpool -k --color echo ::: $(seq 308)
	assert_equal "${#lines[@]}" 308
	assert_equal "${lines[306]}" "${C307}307$R"
	assert_equal "${lines[307]}" "${C1}308$R"
	same_as_gnu -k --color echo ::: $(seq 320)
}

@test "--color: a carriage return is reset and begun again; a last line gets a newline" {
	run -0 --separate-stderr xpool -j1 --color 'printf "a\rb\n\nc"' ::: x
	assert_output "${C1}a$R"$'\r'"${C1}b$R"$'\n'"${C1}$R"$'\n'"${C1}c$R"
	xpool -j1 --color 'printf "c"' ::: x >out
	assert_equal "$(hexof out)" "$(printf '%s\n' "${C1}c$R" | hexof)"
	same_as_gnu -j1 --color 'printf "a\rb\n\nc\r"; printf "e\rf" >&2' ::: x y
}

@test "--color: the job's standard error is coloured too; a job that prints nothing prints nothing" {
	run -0 --separate-stderr xpool -j1 --colour 'echo out; echo err >&2; : {}' ::: x
	assert_output "${C1}out$R"
	assert_stderr "${C1}err$R"
	run -0 --separate-stderr xpool --color true ::: x y
	assert_output ''
	assert_stderr_empty
}

@test "--ctag is --tag --color; --ctagstring STR is --tagstring STR --color" {
	run -0 --separate-stderr xpool -j1 --ctag echo ::: a 'b c'
	assert_output "${C1}a"$'\t'"a$R"$'\n'"${C2}b c"$'\t'"b c$R"
	run -0 --separate-stderr xpool -j1 --ctagstring '<{#}>' echo ::: a
	assert_output "${C1}<1>"$'\t'"a$R"
	run -0 --separate-stderr xpool -j1 --ctag-string '{}' echo ::: a
	assert_output "${C1}a"$'\t'"a$R"
	same_as_gnu -j1 --ctag 'printf "1\r2\n3"' ::: a b
	same_as_gnu -j1 --ctagstring 'T{#}' 'printf "1\n2\n"' ::: a b
}

@test "--color with -k, --group and several jobs at once: as GNU parallel" {
	same_as_gnu -j3 -k --color 'printf "%s\n" {} {}; printf "x\n" >&2' ::: $(seq 9)
	same_as_gnu -j2 --group -k --ctag 'seq {}' ::: 3 1 2
}

@test "--color: held output read back from the temporary file is coloured the same" {
	xpool -j2 -k --ctag 'seq 20000; : {}' ::: a b >mem.out
	xpool -j2 -k --ctag --buffer 1K 'seq 20000; : {}' ::: a b >spill.out
	cmp -s mem.out spill.out || fail "output that was spilled differs"
	assert_equal "$(head -c 26 spill.out | hexof)" "$(printf '%s' "${C1}a"$'\t1' | hexof)"
}

@test "--color --line-buffer: whole lines coloured as they come; a last part-line has its tag alone" {
	run -0 --separate-stderr xpool -j1 --lb --ctag 'printf "a\nb"' ::: x
	assert_output "${C1}x"$'\t'"a$R"$'\n'$'x\tb'
	same_as_gnu -j1 --lb --ctag 'printf "a\rb\nc"' ::: x y
	same_as_gnu -j1 --lb --color 'printf "a\n\nc\n"' ::: x y
}

@test "--dry-run --ctag: the command is tagged and coloured, as GNU parallel's" {
	run -0 --separate-stderr xpool --dry-run -j1 --ctag echo ::: a
	assert_output "${C1}a"$'\t'"echo a$R"
	same_as_gnu --dry-run -k --ctag echo ::: a b
	same_as_gnu --dry-run -k --tag echo ::: a b
}

@test "--color and --color-failed do not go with -u" {
	run -255 --separate-stderr xpool -u --color echo ::: a
	assert_stderr_contains "xpool: --color and --color-failed need xpool to see the output"
	run -255 --separate-stderr xpool -u --cf echo ::: a
	assert_stderr_contains "do not go with -u"
	run -255 --separate-stderr xpool -u --ctag echo ::: a
	assert_stderr_contains "do not go with -u"
}

# ---------------------------------------------------------------- --color-failed

@test "--color-failed: a failed job's lines in white on red, the others as they are" {
	run -2 --separate-stderr xpool -j1 --color-failed 'echo {}; echo e{} >&2; exit {}' ::: 0 1 2
	assert_output $'0\n'"${RED}1$R"$'\n'"${RED}2$R"
	assert_stderr $'e0\n'"${RED}e1$R"$'\n'"${RED}e2$R"
}

@test "--color-failed: every spelling GNU parallel has" {
	local o
	for o in --cf --color-fail --colorfail --colorfailed --colour-failed \
	    --colour-fail --colourfail --colourfailed; do
		run -1 --separate-stderr xpool "$o" 'echo x; exit 1' ::: a
		assert_output "${RED}x$R"
	done
}

@test "--color-failed: a last line without a newline gets one, even when the job succeeded" {
	xpool -j1 --cf 'printf "a\rb"; exit {}' ::: 0 1 >out || true
	assert_equal "$(hexof out)" "$(printf '%s\n%s\n' $'a\rb' "${RED}a$R"$'\r'"${RED}b$R" | hexof)"
	same_as_gnu -j1 --cf 'printf "a\rb\nc"; printf "e" >&2; exit {}' ::: 0 1
}

@test "--color-failed: a job killed by a signal is not red, one ended by --timeout is" {
	run --separate-stderr xpool -j1 --cf 'echo x; kill -9 $$' ::: a
	assert_output 'x'
	run --separate-stderr gxpool -j2 --cf --timeout 1 'echo {}; sleep {}' ::: 0 30
	assert_output $'0\n'"${RED}30$R"
	same_as_gnu -j1 --cf 'echo x; kill -9 $$' ::: a
}

@test "--color-failed with --color and --tag: the others keep their colour" {
	run -1 --separate-stderr xpool -j1 --cf --ctag 'echo {}; exit {}' ::: 0 1 0
	assert_output "${C1}0"$'\t'"0$R"$'\n'"${RED}1"$'\t'"1$R"$'\n'"${C3}0"$'\t'"0$R"
	same_as_gnu -j1 --cf --ctag 'echo {}; exit {}' ::: 0 1 0
	same_as_gnu -k --cf --tag 'echo {}; echo {} >&2; exit $(({} % 3))' ::: $(seq 12)
}

@test "--color-failed: output held in the temporary file comes back red" {
	xpool -j2 -k --cf 'seq 20000; exit {}' ::: 0 1 >mem.out || true
	xpool -j2 -k --cf --buffer 1K 'seq 20000; exit {}' ::: 0 1 >spill.out || true
	cmp -s mem.out spill.out || fail "output that was spilled differs"
	assert_equal "$(sed -n 20001p spill.out)" "${RED}1$R"
	assert_equal "$(wc -l <spill.out)" 40000
}

@test "--color-failed: xpool's own words (-t, --timeout) are not coloured" {
	run -1 --separate-stderr xpool -j1 -t --cf ': {}; echo x >&2; exit 1' ::: a
	assert_stderr ": a; echo x >&2; exit 1"$'\n'"${RED}x$R"
	run --separate-stderr gxpool -j1 --cf --timeout 1 'echo x >&2; sleep 30; : {}' ::: a
	assert_stderr_regex $'^\e\[48;5;196;38;5;231m\e\[Kx\e\[m\nxpool: job 1 timed out'
}

@test "--color-failed --line-buffer: lines go out before the job ends, uncoloured" {
	run -1 --separate-stderr xpool -j1 --lb --cf 'echo x; exit 1' ::: a
	assert_output 'x'
	same_as_gnu -j1 --lb --cf ': {}; printf "a\nb"; exit 1' ::: a
}

@test "--color-failed --files: the file's name is not coloured" {
	run -1 --separate-stderr xpool -j1 --files --cf 'echo x; exit 1' ::: a
	assert_output --regexp '^/.*/par[A-Za-z0-9]{6}\.par$'
	rm -f "$output"
}

# ---------------------------------------------------------------- --tagstring's Perl answers

@test "--tagstring: a Perl expression that answers false is evaluated again when its job ends, as GNU parallel's" {
	# Job 3 answers 0 (3 % 3) and is asked again: 4 % 3; job 5 likewise.
	run -0 --separate-stderr xpool -j1 --tagstring '{=$_=++$::c%3=}' echo ::: 1 2 3 4 5 6
	assert_output $'1\t1\n2\t2\n1\t3\n2\t4\n1\t5\n2\t6'
	# An empty answer is false too; a job that prints nothing is asked again.
	run -0 --separate-stderr xpool -j1 -k --tagstring '{=$_=++$::c%2 ? "" : "x"=}' \
	    'echo {}; echo e >&2' ::: 1 2
	assert_output $'x\t1\nx\t2'
	assert_stderr $'x\te\nx\te'
	run -0 --separate-stderr xpool -j1 --tagstring '{=$_=++$::c%2 ? "" : "x"=}' \
	    'test {} = 1 || echo {}' ::: 1 2 3
	assert_output $'x\t2\nx\t3'
	same_as_gnu -j1 --tagstring '{=$_=++$::c%3=}' echo ::: 1 2 3 4 5 6
	same_as_gnu -j1 --tagstring '{=$_=++$::c%2 ? "" : "x"=}' 'test {} = 1 || echo {}' ::: 1 2 3
	same_as_gnu -j1 --ctagstring '\033[30;3{=$_=++$::color%8=}m' seq {} ::: $(seq 10)
}

@test "--tagstring: a false answer's job is held whole, and still tagged like the others" {
	run -0 --separate-stderr xpool -j1 -k --buffer 1K --tagstring '{=$_=++$::c%2=}' \
	    'seq 2000; : {}' ::: 1 2
	assert_equal "${#lines[@]}" 4000
	assert_equal "${lines[0]}" $'1\t1'
	assert_equal "${lines[2000]}" $'1\t1'
	assert_equal "${lines[3999]}" $'1\t2000'
}
