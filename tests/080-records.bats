#!/usr/bin/env bats
# shellcheck disable=SC1083,SC2016,SC2030,SC2031,SC2154,SC1003,SC2012
# (SC1083: {} {1} ... are xpool replacement strings; SC2016: $ in single
# quotes is for the job's shell; SC2030/SC2031/SC2154: bats runs each test in a
# subshell and sets $stderr and $lines.)
# 080-records: --joblog (GNU parallel's format byte for byte), --resume,
# --resume-failed and --retry-failed, --results DIR and FILE.jsonl/.json/.csv/.tsv, --junit.
#
# The machine-readable files are read back the way their users read them:
# python3's json, csv and xml.etree modules, and GNU parallel itself when it
# is installed.  Jobs mark what they did in files; no verdict rests on time
# (--timeout 1 only ends a job that would otherwise sleep for ever).

load helpers

setup() {
	common_setup
	# emit WHAT: a job whose output is awkward for record formats.
	cat >"$BATS_TEST_TMPDIR/bin/emit" <<'EOF'
#!/bin/sh
case $1 in
quote) printf 'say "hi",\t<&> ]]> \\ ok\n' ;;
nl) printf 'line 1\nline 2\n' ;;
nul) printf 'a\000b\n' ;;
bad) printf 'x\377\376y\n' ;;
fail) printf 'oops\n' >&2; exit 3 ;;
sig) kill -KILL $$ ;;
slow) exec sleep "$SLEEP_ARG" ;;
esac
exit 0
EOF
	chmod +x "$BATS_TEST_TMPDIR/bin/emit"
	HEADER=$'Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\tCommand'
	# Succeeds, fails with 3, is ended by --timeout, dies of SIGKILL.
	JOB='case {} in ok*) echo {} ;; fail) exit 3 ;; slow) sleep "$SLEEP_ARG" ;; sig) kill -KILL $$ ;; esac'
}

need_python() {
	need python3
}

# joblog_summary FILE: "Seq Exitval Signal" of each job line, sorted by Seq.
joblog_summary() {
	tail -n +2 "$1" | cut -f1,7,8 | tr '\t' ' ' | sort -n
}

# The job lines of a joblog with exactly 9 fields each, or fail.
assert_joblog_shape() {
	local file=$1 n=0 seq host start rt send recv ev sig cmd extra
	while IFS=$'\t' read -r seq host start rt send recv ev sig cmd extra; do
		n=$((n + 1))
		((n == 1)) && continue
		[[ -z $extra ]] || fail "line $n has more than 9 fields"
		[[ $seq =~ ^[1-9][0-9]*$ ]] || fail "line $n: Seq '$seq'"
		[[ $host == : ]] || fail "line $n: Host '$host', not ':'"
		[[ $start =~ ^[0-9]+\.[0-9]{3}$ ]] ||
		    fail "line $n: Starttime '$start' is not %.3f"
		[[ ${#rt} -eq 10 && $rt =~ ^\ *[0-9]+\.[0-9]{3}$ ]] ||
		    fail "line $n: JobRuntime '$rt' is not %10.3f"
		[[ $send == 0 ]] || fail "line $n: Send '$send'"
		[[ $recv =~ ^[0-9]+$ ]] || fail "line $n: Receive '$recv'"
		[[ $ev =~ ^-?[0-9]+$ ]] || fail "line $n: Exitval '$ev'"
		[[ $sig =~ ^[0-9]+$ ]] || fail "line $n: Signal '$sig'"
		[[ -n $cmd ]] || fail "line $n: no Command"
	done <"$file"
	((n > 0)) || fail "$file is empty"
}

# ---------------------------------------------------------------- joblog

@test "joblog: GNU parallel's header, and Exitval/Signal for success, exit 3, timeout, SIGKILL" {
	local before after
	before=$(date +%s)
	run -3 --separate-stderr gxpool -j5 --timeout 1 --joblog log "$JOB" ::: ok1 fail slow sig ok2
	after=$(date +%s)
	assert_output $'ok1\nok2'
	assert_stderr_contains 'timed out'

	# The header, byte for byte.
	[[ $(head -n 1 log) == "$HEADER" ]] || fail "header: '$(head -n 1 log)'"
	head -c $((${#HEADER} + 1)) log | cmp - <(printf '%s\n' "$HEADER")
	if command -v parallel >/dev/null; then
		parallel --will-cite --joblog gnu.log true ::: 1
		head -n 1 log | cmp - <(head -n 1 gnu.log)
	fi

	# One line per job, each job once.
	assert_equal "$(wc -l <log)" 6
	assert_joblog_shape log
	# 1 and 5 succeeded; 2 exited 3; 3 was ended by xpool (Exitval -1,
	# SIGTERM of the default --termseq); 4 died of SIGKILL on its own
	# (Exitval 0, Signal 9).
	assert_equal "$(joblog_summary log)" \
	    $'1 0 0\n2 3 0\n3 -1 15\n4 0 9\n5 0 0'

	# Host, Receive (bytes of stdout), Command after substitution.
	local seq host start rt send recv ev sig cmd item
	while IFS=$'\t' read -r seq host start rt send recv ev sig cmd; do
		[[ $seq == Seq ]] && continue
		case $seq in
		1) item=ok1 ;; 2) item=fail ;; 3) item=slow ;;
		4) item=sig ;; 5) item=ok2 ;;
		esac
		assert_equal "$cmd" "${JOB//\{\}/$item}"
		case $item in
		ok*) assert_equal "$recv" 4 ;; # "ok1\n"
		*) assert_equal "$recv" 0 ;;
		esac
		# Unix epoch seconds of this run (a sanity check, not a speed).
		((${start%.*} >= before - 1 && ${start%.*} <= after + 1)) ||
		    fail "Starttime $start is not between $before and $after"
	done <log
}

@test "joblog: --resume-failed reruns exactly the failed, timed-out and signalled jobs, keeping {#}, and appends" {
	run -3 --separate-stderr gxpool -j5 --timeout 1 --joblog log "$JOB" ::: ok1 fail slow sig ok2
	cp log log.first
	cp log log.copy

	mkdir ran
	run -0 --separate-stderr gxpool -j5 --joblog log --resume-failed \
	    'touch ran/{#}-{}' ::: ok1 fail slow sig ok2
	assert_output ''
	assert_equal "$(ls ran | tr '\n' ' ')" '2-fail 3-slow 4-sig '

	# Appended: the first run's lines are untouched, no second header,
	# one line for each job run again.
	assert_equal "$(wc -l <log)" 9
	head -n 6 log | cmp - log.first
	assert_equal "$(grep -c '^Seq' log)" 1
	assert_equal "$(tail -n 3 log | cut -f1,7,8,9 | sort -n)" \
	    $'2\t0\t0\ttouch ran/2-fail\n3\t0\t0\ttouch ran/3-slow\n4\t0\t0\ttouch ran/4-sig'
	assert_joblog_shape log

	# Now every job has a line with Exitval 0 and Signal 0: nothing runs.
	mkdir ran2
	run -0 --separate-stderr gxpool --joblog log --resume-failed \
	    'touch ran2/{#}' ::: ok1 fail slow sig ok2
	assert_equal "$(ls ran2)" ''
	assert_equal "$(wc -l <log)" 9

	# --resume skips every job in the log, failed ones included.
	mkdir ran3
	run -0 --separate-stderr gxpool --joblog log.copy --resume \
	    'touch ran3/{#}' ::: ok1 fail slow sig ok2
	assert_equal "$(ls ran3)" ''
	cmp log.copy log.first
}

@test "joblog: --resume runs the jobs not in the log yet, numbered as before" {
	run -0 --separate-stderr gxpool --joblog log 'touch ran.{#}.{}' ::: a b
	rm ran.*
	run -0 --separate-stderr gxpool --joblog log --resume 'touch ran.{#}.{}' ::: a b c d
	assert_equal "$(ls ran.* | tr '\n' ' ')" 'ran.3.c ran.4.d '
	assert_equal "$(joblog_summary log)" $'1 0 0\n2 0 0\n3 0 0\n4 0 0'
	assert_equal "$(grep -c '^Seq' log)" 1
}

@test "joblog: a last line without a newline counts, and is ended before lines are appended" {
	run -0 --separate-stderr gxpool --joblog log 'touch ran.{#}' ::: a b
	truncate -s -1 log
	rm ran.*
	# Job 2's line has no newline: it is done all the same.
	run -0 --separate-stderr gxpool --joblog log --resume 'touch ran.{#}' ::: a b c
	assert_equal "$(ls ran.*)" ran.3
	assert_equal "$(joblog_summary log)" $'1 0 0\n2 0 0\n3 0 0'
	assert_joblog_shape log
	# So job 3 is done too, and nothing runs again.
	rm ran.*
	run -0 --separate-stderr gxpool --joblog log --resume 'touch ran.{#}' ::: a b c
	assert_equal "$(ls ran.* 2>/dev/null)" ''
	truncate -s -1 log
	run -0 --separate-stderr gxpool --joblog log --resume-failed 'touch ran.{#}' ::: a b c d
	assert_equal "$(ls ran.*)" ran.4
	assert_equal "$(joblog_summary log)" $'1 0 0\n2 0 0\n3 0 0\n4 0 0'
	assert_joblog_shape log
	# +FILE appends the same way.
	truncate -s -1 log
	run -0 --separate-stderr gxpool --joblog +log true ::: e
	assert_equal "$(tail -n 2 log | cut -f1,9)" $'4\ttouch ran.4\n1\ttrue e'
	assert_joblog_shape log
}

@test "joblog: --resume with a missing log runs everything and writes the header" {
	run -0 --separate-stderr gxpool --joblog log --resume 'touch ran.{#}' ::: a b
	assert_file_exists ran.1
	assert_file_exists ran.2
	assert_equal "$(head -n 1 log)" "$HEADER"
	assert_equal "$(joblog_summary log)" $'1 0 0\n2 0 0'
}

@test "joblog: GNU parallel --resume-failed reads xpool's log, xpool reads GNU's" {
	command -v parallel >/dev/null || skip "GNU parallel is not installed"
	run -3 --separate-stderr gxpool -j5 --timeout 1 --joblog log "$JOB" ::: ok1 fail slow sig ok2
	mkdir gnu
	run -0 parallel --will-cite --joblog log --resume-failed 'touch gnu/{#}-{}' ::: ok1 fail slow sig ok2
	assert_equal "$(ls gnu | tr '\n' ' ')" '2-fail 3-slow 4-sig '

	parallel --will-cite -j3 --joblog gnu.log 'exit {}' ::: 0 4 0 || true
	mkdir ran
	run -0 --separate-stderr gxpool --joblog gnu.log --resume-failed 'touch ran/{#}-{}' ::: 0 4 0
	assert_equal "$(ls ran)" '2-4'
	mkdir ran2
	run -0 --separate-stderr gxpool --joblog gnu.log --resume 'touch ran2/{#}' ::: 0 4 0
	assert_equal "$(ls ran2)" ''
}

# retry_log FILE: a log of jobs 1-5 in which 2 and 4 failed, 3 is missing
# (it never ended) and 5 was killed; each job's command says its number.
retry_log() {
	{
		echo "$HEADER"
		printf '1\t:\t1.000\t     0.100\t0\t0\t0\t0\ttouch did.1\n'
		printf '2\t:\t1.000\t     0.100\t0\t0\t3\t0\ttouch did.2; exit 3\n'
		printf '4\t:\t1.000\t     0.100\t0\t0\t1\t0\ttouch did.4 && exit 1\n'
		printf '5\t:\t1.000\t     0.100\t0\t0\t-1\t9\ttouch did.5\n'
		printf '4\t:\t1.000\t     0.100\t0\t0\t1\t0\ttouch did.4\n'
	} >"$1"
}

@test "--retry-failed runs the log's failed jobs with the log's commands, not the command line's" {
	local run
	for run in xpool parallel; do
		[[ $run == parallel ]] && ! command -v parallel >/dev/null && continue
		mkdir "$run" && cd "$run" || fail "no $run directory"
		retry_log log
		run -1 --separate-stderr "$run" --retry-failed --joblog log -k \
		    'touch cmdline.{}' ::: x y </dev/null
		# The failed jobs 2, 4 (as its last line has it) and 5; job 3,
		# which no line has, runs an empty command, as GNU parallel's.
		assert_equal "$(ls | tr '\n' ' ')" 'did.2 did.4 did.5 log '
		assert_equal "$(tail -n +7 log | cut -f1,7,8,9 | sort -n)" \
		    $'2\t3\t0\ttouch did.2; exit 3\n3\t0\t0\t\n4\t0\t0\ttouch did.4\n5\t0\t0\ttouch did.5'
		# Run again: only job 2 failed this time.
		rm did.*
		run -1 --separate-stderr "$run" --retry-failed --joblog log
		assert_equal "$(ls | tr '\n' ' ')" 'did.2 log '
		cd ..
	done
}

@test "--retry-failed: the exit status counts the retried jobs that failed" {
	run -3 --separate-stderr gxpool --joblog log 'exit {}' ::: 0 1 2 3
	run -3 --separate-stderr gxpool --joblog log --retry-failed true ::: a
	assert_equal "$(joblog_summary log)" \
	    $'1 0 0\n2 1 0\n2 1 0\n3 2 0\n3 2 0\n4 3 0\n4 3 0'
}

@test "--retry-failed without the log file runs the command line as given" {
	run -0 --separate-stderr gxpool --joblog log --retry-failed echo ::: a b
	assert_output $'a\nb'
	assert_equal "$(joblog_summary log)" $'1 0 0\n2 0 0'
	# Everything succeeded: nothing runs again.
	run -0 --separate-stderr gxpool --joblog log --retry-failed echo ::: a b
	assert_output ''
}

@test "--retry-failed: a newline of a logged command (written as NUL) runs as a newline" {
	run -1 --separate-stderr gxpool --joblog log \
	    'echo {} >>out; [ -e again ]' ::: $'x\ny'
	touch again
	run -0 --separate-stderr gxpool --joblog log --retry-failed
	assert_equal "$(cat out)" $'x\ny\nx\ny'
}

@test "--retry-failed reads GNU parallel's log, and GNU parallel reads xpool's" {
	command -v parallel >/dev/null || skip "GNU parallel is not installed"
	parallel --will-cite --joblog gnu.log 'touch gnu.{}; exit {}' ::: 0 4 0 2 || true
	rm gnu.[0-9]
	run -2 --separate-stderr gxpool --joblog gnu.log --retry-failed
	assert_equal "$(ls gnu.* | tr '\n' ' ')" 'gnu.2 gnu.4 gnu.log '
	rm gnu.[0-9]
	run -2 --separate-stderr gxpool --joblog x.log 'touch x.{}; exit {}' ::: 0 4 0 2
	rm x.[0-9]
	run -2 parallel --will-cite --joblog x.log --retry-failed
	assert_equal "$(ls x.* | tr '\n' ' ')" 'x.2 x.4 x.log '
}

@test "--dry-run with --resume, --resume-failed or --retry-failed shows only the jobs that would run" {
	run -2 --separate-stderr gxpool -j1 --joblog log 'exit {}' ::: 0 1 0 2
	cp log log.before
	local run
	for run in xpool parallel; do
		[[ $run == parallel ]] && ! command -v parallel >/dev/null && continue
		run -0 --separate-stderr "$run" -k --dry-run --retry-failed --joblog log
		assert_output $'exit 1\nexit 2'
		run -0 --separate-stderr "$run" -k --dry-run --resume-failed \
		    --joblog log 'exit {}' ::: 0 1 0 2
		assert_output $'exit 1\nexit 2'
		run -0 --separate-stderr "$run" -k --dry-run --resume \
		    --joblog log 'exit {}' ::: 0 1 0 2 5
		assert_output 'exit 5'
		cmp log log.before || fail "$run --dry-run changed the log"
	done
}

@test "joblog: +FILE appends without a header, FILE starts afresh" {
	run -0 --separate-stderr gxpool --joblog log true ::: a
	run -0 --separate-stderr gxpool --joblog +log true ::: b
	assert_equal "$(cut -f1,7,8,9 log)" \
	    $'Seq\tExitval\tSignal\tCommand\n1\t0\t0\ttrue a\n1\t0\t0\ttrue b'
	run -0 --separate-stderr gxpool --joblog log true ::: c
	assert_equal "$(cut -f1,9 log)" $'Seq\tCommand\n1\ttrue c'
	# +FILE that does not exist yet: created, no header (as GNU parallel).
	run -0 --separate-stderr gxpool --joblog +new true ::: d
	assert_equal "$(cut -f1,9 new)" $'1\ttrue d'
}

@test "joblog: - writes the log to standard output" {
	run -0 --separate-stderr gxpool -j1 --joblog - echo ::: a
	assert_equal "${lines[0]}" "$HEADER"
	assert_equal "${#lines[@]}" 3
	# The job's output and the log line, in whichever order they came.
	assert_line a
	assert_line --regexp $'^1\t:\t[0-9]+\\.[0-9]{3}\t +[0-9]+\\.[0-9]{3}\t0\t2\t0\t0\techo a$'
}

@test "joblog: a newline in the command is written as a NUL byte" {
	run -0 --separate-stderr gxpool --joblog log 'echo {}' ::: $'x\ny'
	assert_output $'x\ny'
	assert_equal "$(wc -l <log)" 2
	# The command field: echo 'x<NUL>y'.
	assert_equal "$(tail -n 1 log | cut -f9 | hexof)" \
	    "$(printf "echo 'x\\000y'\n" | hexof)"
}

@test "joblog: --dry-run writes nothing" {
	run -0 --separate-stderr gxpool --dry-run --joblog log echo ::: a
	assert_output 'echo a'
	assert_file_not_exists log
}

@test "joblog: with --retries only the last try is logged, one line per job" {
	run -1 --separate-stderr gxpool -j1 --retries 3 --joblog log \
	    'echo x >>tries.{}; [ "$(wc -l <tries.{})" -ge {} ]' ::: 1 2 5
	assert_equal "$(wc -l <tries.1)" 1
	assert_equal "$(wc -l <tries.2)" 2
	assert_equal "$(wc -l <tries.5)" 3
	assert_equal "$(joblog_summary log)" $'1 0 0\n2 0 0\n3 1 0'
}

@test "joblog: a job ended by --halt now has Exitval -1" {
	run -1 --separate-stderr gxpool -j2 --halt now,fail=1 --joblog log \
	    'case {} in a) waitfor b.started; exit 1 ;; b) touch b.started; sleep "$SLEEP_ARG" ;; esac' ::: a b
	assert_equal "$(joblog_summary log)" $'1 1 0\n2 -1 15'
	assert_no_leftover
}

@test "joblog errors: --resume, --resume-failed, --retry-failed without --joblog: 255" {
	run -255 --separate-stderr xpool --resume touch ran ::: a
	assert_messages_prefixed
	assert_stderr_contains '--joblog'
	run -255 --separate-stderr xpool --resume-failed touch ran ::: a
	assert_messages_prefixed
	assert_stderr_contains '--joblog'
	# GNU parallel runs the command line as if --retry-failed were not given.
	run -255 --separate-stderr xpool --retry-failed touch ran ::: a
	assert_messages_prefixed
	assert_stderr_contains '--retry-failed reads the failed jobs'
	assert_file_not_exists ran
}

@test "joblog errors: a path that cannot be created: 255 and a message, no job run" {
	: >plain
	run -255 --separate-stderr xpool --joblog plain/log touch ran ::: a
	assert_messages_prefixed
	assert_stderr_contains 'plain/log'
	assert_file_not_exists ran
	if [[ ! -e /nonexistent ]]; then
		run -255 --separate-stderr xpool --joblog /nonexistent/dir/log touch ran ::: a
		assert_messages_prefixed
		assert_stderr_contains '/nonexistent/dir/log'
		assert_file_not_exists ran
	fi
}

@test "joblog errors: a line not in the joblog format: 255, naming the file and the line" {
	{
		printf '%s\n' "$HEADER"
		printf '1\t:\t1795421962.999\t     0.100\t0\t0\t0\t0\ttrue a\n'
		printf 'this is not a joblog line\n'
	} >bad.log
	run -255 --separate-stderr xpool --joblog bad.log --resume touch ran ::: a b
	assert_messages_prefixed
	assert_stderr_regex 'bad\.log.*line 3'
	assert_file_not_exists ran
	run -255 --separate-stderr xpool --joblog bad.log --resume-failed touch ran ::: a b
	assert_stderr_regex 'bad\.log.*line 3'
	assert_file_not_exists ran
}

@test "joblog errors: a log that cannot be written is said once: 255" {
	run -255 --separate-stderr gxpool -j1 --joblog +/dev/full true ::: a b c
	assert_output ''
	assert_equal "${#stderr_lines[@]}" 1
	assert_stderr_contains "xpool: cannot write to joblog '/dev/full': No space left on device"
}

@test "joblog errors: a log that cannot be written stops the run: no job starts after" {
	run -255 --separate-stderr gxpool -j1 --joblog +/dev/full 'touch ran.{}' ::: a b c
	assert_file_exists ran.a
	assert_file_not_exists ran.b
	assert_file_not_exists ran.c
}

@test "joblog errors: + without a file name: 255, no job run" {
	run -255 --separate-stderr xpool --joblog + touch ran ::: a
	assert_output ''
	assert_messages_prefixed
	assert_stderr_contains "xpool: --joblog: '+': "
	assert_equal "$(ls -A)" ''
}

# ---------------------------------------------------------------- results

@test "results .jsonl: python's json reads every record; quotes, newlines, NUL, invalid UTF-8 round-trip" {
	need_python
	run -1 --separate-stderr gxpool --results out.jsonl emit ::: quote nl nul bad fail
	run -0 python3 - out.jsonl <<'EOF'
import json, sys
data = open(sys.argv[1], 'rb').read()
assert data.endswith(b'\n'), 'the file does not end with a newline'
keys = ['Seq', 'Host', 'Starttime', 'JobRuntime', 'Send', 'Receive',
        'Exitval', 'Signal', 'Command', 'V', 'Stdout', 'Stderr']
items = ['quote', 'nl', 'nul', 'bad', 'fail']
out = {'quote': b'say "hi",\t<&> ]]> \\ ok\n', 'nl': b'line 1\nline 2\n',
       'nul': b'a\x00b\n', 'bad': b'x\xff\xfey\n', 'fail': b''}
recs = {}
for raw in data.split(b'\n')[:-1]:
    pairs = json.loads(raw.decode('utf-8'), object_pairs_hook=list)
    assert [k for k, _ in pairs] == keys, [k for k, _ in pairs]
    r = dict(pairs)
    assert r['Seq'] not in recs, 'Seq %d twice' % r['Seq']
    recs[r['Seq']] = r
assert sorted(recs) == [1, 2, 3, 4, 5], sorted(recs)
for seq, item in enumerate(items, 1):
    r = recs[seq]
    assert r['Host'] == ':', r
    assert r['Command'] == 'emit ' + item, r
    assert r['V'] == [item], r
    want = out[item].decode('utf-8', 'replace')
    assert r['Stdout'] == want, (item, r['Stdout'], want)
    assert r['Receive'] == len(out[item]), (item, r['Receive'])
    assert r['Signal'] == 0, r
    assert isinstance(r['Starttime'], float) and r['Starttime'] > 1e9, r
    assert isinstance(r['JobRuntime'], (int, float)), r
    if item == 'fail':
        assert r['Exitval'] == 3 and r['Stderr'] == 'oops\n', r
    else:
        assert r['Exitval'] == 0 and r['Stderr'] == '', r
assert recs[4]['Stdout'] == 'x\ufffd\ufffdy\n'
print('ok')
EOF
	assert_output ok
}

@test "results .json: the same records as .jsonl" {
	need_python
	run -1 --separate-stderr gxpool --results out.json emit ::: nl fail
	run -0 python3 - out.json <<'EOF'
import json, sys
recs = {}
for line in open(sys.argv[1], encoding='utf-8'):
    r = json.loads(line)
    recs[r['Seq']] = r
assert recs[1]['Stdout'] == 'line 1\nline 2\n', recs[1]
assert recs[2]['Exitval'] == 3 and recs[2]['Stderr'] == 'oops\n', recs[2]
assert len(recs) == 2
print('ok')
EOF
	assert_output ok
}

# check_sv FILE SEP: python's csv module reads the .csv/.tsv records of
# "emit ::: quote nl nul bad fail"; bytes are kept as they are.
check_sv() {
	run -0 python3 - "$1" "$2" <<'EOF'
import csv, sys
sep = sys.argv[2]
with open(sys.argv[1], newline='', encoding='latin-1') as f:
    rows = list(csv.reader(f, delimiter=sep, strict=True))
head = ['Seq', 'Host', 'Starttime', 'JobRuntime', 'Send', 'Receive',
        'Exitval', 'Signal', 'Command', 'V1', 'Stdout', 'Stderr']
assert rows[0] == head, rows[0]
assert len(rows) == 6, rows
items = ['quote', 'nl', 'nul', 'bad', 'fail']
out = {'quote': b'say "hi",\t<&> ]]> \\ ok\n', 'nl': b'line 1\nline 2\n',
       'nul': b'a\x00b\n', 'bad': b'x\xff\xfey\n', 'fail': b''}
recs = {}
for row in rows[1:]:
    assert len(row) == len(head), row
    r = dict(zip(head, row))
    recs[int(r['Seq'])] = r
assert sorted(recs) == [1, 2, 3, 4, 5], sorted(recs)
for seq, item in enumerate(items, 1):
    r = recs[seq]
    assert r['Host'] == ':', r
    assert r['Command'] == 'emit ' + item, r
    assert r['V1'] == item, r
    got = r['Stdout'].encode('latin-1')
    assert got == out[item], (item, got, out[item])
    assert r['Receive'] == str(len(out[item])), r
    assert r['Signal'] == '0', r
    float(r['Starttime']); float(r['JobRuntime'])
    if item == 'fail':
        assert r['Exitval'] == '3' and r['Stderr'] == 'oops\n', r
    else:
        assert r['Exitval'] == '0' and r['Stderr'] == '', r
print('ok')
EOF
	assert_output ok
}

@test "results .csv: python's csv reads every record; bytes kept as they are" {
	need_python
	run -1 --separate-stderr gxpool --results out.csv emit ::: quote nl nul bad fail
	check_sv out.csv ,
	# GNU parallel's quoting: a field with a quote is quoted, quotes doubled.
	grep -qF '"say ""hi"",' out.csv
}

@test "results .tsv: python's csv (TAB) reads every record" {
	need_python
	run -1 --separate-stderr gxpool --results out.tsv emit ::: quote nl nul bad fail
	check_sv out.tsv $'\t'
}

@test "results -.csv and -.jsonl: the records on standard output, instead of the jobs' output" {
	need_python
	run -0 --separate-stderr gxpool -j1 --results -.csv echo ::: a 'b c'
	printf '%s\n' "$output" >out.csv
	run -0 python3 - out.csv <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline='')))
assert len(rows) == 3, rows
assert rows[0][0] == 'Seq' and rows[0][-1] == 'Stderr', rows[0]
got = sorted((r[0], r[9], r[10]) for r in rows[1:])
assert got == [('1', 'a', 'a\n'), ('2', 'b c', 'b c\n')], got
print('ok')
EOF
	assert_output ok

	run -0 --separate-stderr gxpool -j1 --results -.jsonl echo ::: a 'b c'
	printf '%s\n' "$output" >out.jsonl
	run -0 python3 - out.jsonl <<'EOF'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
got = sorted((r['Seq'], r['V'], r['Stdout']) for r in recs)
assert got == [(1, ['a'], 'a\n'), (2, ['b c'], 'b c\n')], got
print('ok')
EOF
	assert_output ok
}

@test "results: with --retries only the last try is recorded" {
	need_python
	run -1 --separate-stderr gxpool -j1 --retries 3 --results out.jsonl \
	    'echo x >>tries.{}; echo try $(wc -l <tries.{}); [ "$(wc -l <tries.{})" -ge {} ]' ::: 2 5
	run -0 python3 - out.jsonl <<'EOF'
import json, sys
recs = sorted((json.loads(l) for l in open(sys.argv[1])), key=lambda r: r['Seq'])
got = [(r['Seq'], r['Exitval'], r['Stdout']) for r in recs]
assert got == [(1, 0, 'try 2\n'), (2, 1, 'try 3\n')], got
print('ok')
EOF
	assert_output ok
}

@test "results DIR: DIR/1/VALUE/{seq,stdout,stderr,exitval} with the right contents" {
	run -3 --separate-stderr gxpool -j4 --timeout 1 --results res \
	    'case {} in b) echo out b; echo err b >&2; exit 4 ;; s) kill -KILL $$ ;; t) sleep "$SLEEP_ARG" ;; *) echo out {}; echo err {} >&2 ;; esac' \
	    ::: a b 'c d' s t
	# The jobs' output is kept, not shown (as GNU parallel 20221122).
	assert_output ''
	[[ $stderr != *'err '* ]] || fail "the jobs' stderr was shown: $stderr"
	local v n=0
	for v in a b 'c d' s t; do
		n=$((n + 1))
		assert_file_exists "res/1/$v/seq"
		assert_file_exists "res/1/$v/stdout"
		assert_file_exists "res/1/$v/stderr"
		assert_file_exists "res/1/$v/exitval"
		# seq: the job number, no newline.
		assert_equal "$(cat "res/1/$v/seq"; echo .)" "$n."
	done
	assert_equal "$(cat res/1/a/stdout)" 'out a'
	assert_equal "$(cat res/1/a/stderr)" 'err a'
	assert_equal "$(cat 'res/1/c d/stdout')" 'out c d'
	assert_equal "$(cat res/1/b/stdout)" 'out b'
	assert_equal "$(cat res/1/b/stderr)" 'err b'
	# exitval: the status without a newline; 128+N for a signal death,
	# -1 when xpool ended the job.
	assert_equal "$(cat res/1/a/exitval; echo .)" '0.'
	assert_equal "$(cat res/1/b/exitval; echo .)" '4.'
	assert_equal "$(cat res/1/s/exitval; echo .)" '137.'
	assert_equal "$(cat res/1/t/exitval; echo .)" '-1.'
	assert_equal "$(find res -type f | wc -l)" 20
	assert_no_leftover
}

@test "results DIR: several sources nest, as GNU parallel lays them out" {
	run -0 --separate-stderr gxpool -j1 --results res 'echo {1}-{2}; echo e >&2' ::: a b ::: x 'y z'
	assert_output ''
	assert_stderr_empty
	assert_equal "$(cat 'res/1/b/2/y z/stdout')" 'b-y z'
	assert_equal "$(cat 'res/1/b/2/y z/seq')" 4
	if command -v parallel >/dev/null; then
		parallel --will-cite -j1 --results gnu 'echo {1}-{2}; echo e >&2' ::: a b ::: x 'y z' >/dev/null 2>&1
		# The same tree, less the exitval files GNU parallel does not write.
		assert_equal "$(cd res && find . ! -name exitval | sort)" \
		    "$(cd gnu && find . | sort)"
		local f
		while IFS= read -r f; do
			cmp "gnu/$f" "res/$f"
		done < <(cd gnu && find . -type f)
	fi
}

@test "results DIR: a value with a slash stays one directory" {
	run -0 --separate-stderr gxpool --results res echo ::: a/b
	assert_equal "$(ls res/1)" 'a\_b'
	assert_equal "$(cat 'res/1/a\_b/stdout')" 'a/b'
}

@test "results errors: a path that cannot be created: 255, no job run" {
	: >plain
	run -255 --separate-stderr xpool --results plain/out.jsonl touch ran ::: a
	assert_messages_prefixed
	assert_stderr_contains 'plain/out.jsonl'
	run -255 --separate-stderr xpool --results plain/out.csv touch ran ::: a
	assert_messages_prefixed
	run -255 --separate-stderr xpool --results plain/dir touch ran ::: a
	assert_messages_prefixed
	assert_file_not_exists ran
}

@test "results errors: -.jsonl or -.csv on a full standard output is said once: 255" {
	local name
	for name in -.jsonl -.csv; do
		run -255 --separate-stderr bash -c \
		    'xpool -j1 --results "$1" echo ::: a b c >/dev/full' _ "$name"
		assert_output ''
		assert_equal "${#stderr_lines[@]}" 1
		assert_stderr_contains "xpool: --results: cannot write to '$name': No space left on device"
	done
}

@test "results errors: -.x, a kind of record xpool does not write: 255 before anything runs or is made" {
	run -255 --separate-stderr xpool --results -.x 'touch ran.{}; echo {}' ::: a b
	assert_output ''
	assert_messages_prefixed
	assert_equal "${#stderr_lines[@]}" 1
	assert_stderr_regex "^xpool: --results: '-\\.x': "
	assert_stderr_contains '-.jsonl, -.json, -.csv or -.tsv'
	assert_not_exists ./-.x
	assert_file_not_exists ran.a
	assert_file_not_exists ran.b
	assert_equal "$(ls -A)" ''
	# Nor is any other record file made first.
	local name
	for name in -. -.xml -.JSONX -.out.csv -.csv.d; do
		run -255 --separate-stderr xpool --joblog log --junit report.xml \
		    --results "$name" touch ran ::: a
		assert_output ''
		assert_stderr_contains "xpool: --results: '$name': "
		assert_equal "$(ls -A)" ''
	done
	# A bad name is a bad name with --dry-run too.
	run -255 --separate-stderr xpool --dry-run --results -.x echo ::: a
	assert_output ''
	assert_stderr_contains "xpool: --results: '-.x': "
	# A directory of that name is given with a path.
	run -0 --separate-stderr gxpool --results ./-.x echo ::: a
	assert_output ''
	assert_equal "$(cat ./-.x/1/a/stdout)" a
}

# ---------------------------------------------------------------- junit

@test "junit: python's xml.etree reads it; counts, failure types and output round-trip" {
	need_python
	run -3 --separate-stderr gxpool -j7 --timeout 1 --junit report.xml emit ::: quote nl nul bad fail sig slow
	run -0 python3 - report.xml <<'EOF'
import sys
import xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == 'testsuites', root.tag
suites = root.findall('testsuite')
assert len(suites) == 1, suites
suite = suites[0]
for e in (root, suite):
    assert e.get('tests') == '7', (e.tag, e.attrib)
    assert e.get('failures') == '3', (e.tag, e.attrib)
    assert e.get('errors', '0') == '0', (e.tag, e.attrib)
cases = suite.findall('testcase')
assert len(cases) == 7, len(cases)
items = ['quote', 'nl', 'nul', 'bad', 'fail', 'sig', 'slow']
by = {}
for c in cases:
    seq, _, cmd = c.get('name').partition(': ')
    by[int(seq)] = c
    assert cmd == 'emit ' + items[int(seq) - 1], c.get('name')
    float(c.get('time'))
assert sorted(by) == list(range(1, 8)), sorted(by)
def text(c, tag):
    e = c.find(tag)
    return None if e is None else (e.text or '')
want_out = {'quote': 'say "hi",\t<&> ]]> \\ ok\n',
            'nl': 'line 1\nline 2\n',
            'nul': 'a\ufffdb\n',
            'bad': 'x\ufffd\ufffdy\n'}
types = {'fail': 'exit', 'sig': 'signal', 'slow': 'timeout'}
for seq, item in enumerate(items, 1):
    c = by[seq]
    f = c.findall('failure')
    if item in types:
        assert len(f) == 1 and f[0].get('type') == types[item], (item, [x.attrib for x in f])
    else:
        assert f == [], (item, [x.attrib for x in f])
    if item in want_out:
        assert text(c, 'system-out') == want_out[item], (item, text(c, 'system-out'))
assert text(by[5], 'system-err') == 'oops\n', text(by[5], 'system-err')
assert '3' in by[5].find('failure').get('message', ''), by[5].find('failure').attrib
print('ok')
EOF
	assert_output ok
	assert_no_leftover
}

@test "junit: all jobs pass: no failure elements" {
	need_python
	run -0 --separate-stderr gxpool --junit report.xml echo ::: a b
	run -0 python3 - report.xml <<'EOF'
import sys
from xml.dom import minidom
doc = minidom.parse(sys.argv[1])
suite = doc.getElementsByTagName('testsuite')[0]
assert suite.getAttribute('tests') == '2', suite.getAttribute('tests')
assert suite.getAttribute('failures') == '0', suite.getAttribute('failures')
assert doc.getElementsByTagName('failure') == []
assert len(doc.getElementsByTagName('testcase')) == 2
print('ok')
EOF
	assert_output ok
}

@test "junit errors: a path that cannot be created: 255 and a message, no job run" {
	: >plain
	run -255 --separate-stderr xpool --junit plain/report.xml touch ran ::: a
	assert_messages_prefixed
	assert_stderr_contains 'plain/report.xml'
	assert_file_not_exists ran
	if [[ ! -e /nonexistent ]]; then
		run -255 --separate-stderr xpool --junit /nonexistent/dir/report.xml touch ran ::: a
		assert_messages_prefixed
		assert_file_not_exists ran
	fi
}
