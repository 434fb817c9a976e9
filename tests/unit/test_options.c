/*
 * test_options.c -- the option table (src/options.h): each kind of row puts
 * its value into the right field of struct options, the handlers, the
 * aliases, the command and its ::: / :::: sources, and the message for each
 * kind of mistake.
 */
#include <signal.h>
#include <stdlib.h>

#include "options.h"
#include "parse.h"
#include "unit.h"

#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })

/* What the last parse() printed. */
static const char *err;

/* options_parse on "xpool" and the words; its messages go to err. */
static int
parse(struct options *o, const char *const *words)
{
	char **argv;
	int argc, r;

	argv = unit_argv(words, &argc);
	unit_stderr_begin();
	r = options_parse(argc, argv, o);
	err = unit_stderr_end();
	return r;
}

/* The words parse, with no message. */
static void
ok_at(struct options *o, const char *const *words, int line)
{
	const char *what = words[0] ? words[0] : "no arguments";
	int r = parse(o, words);

	unit_check(r == 0, __FILE__, line, what);
	unit_check_str(err, "", __FILE__, line, what);
}

/* The words do not parse: -1, this message, and nothing kept. */
static void
bad_at(const char *const *words, const char *msg, int line)
{
	struct options o;
	int r = parse(&o, words);

	unit_check(r == -1, __FILE__, line, words[0]);
	unit_check_str(err, msg, __FILE__, line, words[0]);
	unit_check(o.src == NULL && o.nsrc == 0, __FILE__, line, "freed");
}

#define OK(o, ...) ok_at((o), ARGS(__VA_ARGS__), __LINE__)
#define BAD(msg, ...) bad_at(ARGS(__VA_ARGS__), (msg), __LINE__)

static void
test_defaults(void)
{
	struct options o;

	setenv("TMPDIR", "/var/tmp", 1);
	OK(&o, "echo", "hi");
	CHECK_INT(o.ncmd, 2);
	CHECK_STR(o.cmd[0], "echo");
	CHECK_STR(o.cmd[1], "hi");
	CHECK_INT(o.nsrc, 0);
	CHECK_INT(o.delim, '\n');
	CHECK_INT(o.buffer, 64L * 1024 * 1024);
	CHECK_INT(o.block, 1024 * 1024);
	CHECK_INT(o.max_record, 1024L * 1024 * 1024);
	CHECK_INT(o.group, GROUP_JOB);
	CHECK(o.jobs == NULL);
	CHECK_INT(o.max_args, 0);
	CHECK_INT(o.termseq.n, 4);
	CHECK_INT(o.termseq.sig[0], SIGTERM);
	CHECK_INT(o.termseq.ms[0], 200);
	CHECK_INT(o.termseq.sig[3], SIGKILL);
	CHECK_STR(o.tmpdir, "/var/tmp");
	options_free(&o);

	setenv("TMPDIR", "", 1);
	OK(&o, "echo");
	CHECK_STR(o.tmpdir, "/tmp");
	unsetenv("TMPDIR");
	OK(&o, "echo");
	CHECK_STR(o.tmpdir, "/tmp");
	OK(&o, "--tmpdir", "/srv", "echo");
	CHECK_STR(o.tmpdir, "/srv");

	/* No command: the items are the commands. */
	ok_at(&o, ARGS(NULL), __LINE__);
	CHECK_INT(o.ncmd, 0);
}

/* Rows that set a flag, or store the value as given. */
static void
test_flags_and_strings(void)
{
	struct options o;

	OK(&o, "--bar", "--eta", "--progress", "--dry-run", "-v", "-q",
	    "--link", "--pipe", "--worker", "--resume", "--resume-failed",
	    "--tag", "-r", "--no-run-if-empty", "echo");
	CHECK(o.bar && o.eta && o.progress && o.dry_run && o.verbose);
	CHECK(o.quote && o.link && o.pipe && o.worker);
	CHECK(o.resume && o.resume_failed && o.tag);
	CHECK_STR(o.cmd[0], "echo");

	OK(&o, "--unordered", "echo");
	CHECK_INT(o.unordered, 1);
	OK(&o, "--unordered", "-k", "echo");
	CHECK_INT(o.unordered, 0);
	OK(&o, "-u", "echo");
	CHECK_INT(o.group, GROUP_NONE);
	OK(&o, "-u", "--line-buffer", "echo");
	CHECK_INT(o.group, GROUP_LINE);
	OK(&o, "--lb", "--group", "echo");
	CHECK_INT(o.group, GROUP_JOB);
	OK(&o, "-m", "echo");
	CHECK(o.pack && !o.context);
	OK(&o, "-X", "echo");
	CHECK(o.pack && o.context);

	OK(&o, "--colsep", ",", "--joblog", "+log", "--results", "out.csv",
	    "--junit", "j.xml", "--shell", "/bin/bash", "--tagstring", "{#}",
	    "--load", "150%", "-j", "+2", "echo");
	CHECK_STR(o.colsep, ",");
	CHECK_STR(o.joblog, "+log");
	CHECK_STR(o.results, "out.csv");
	CHECK_STR(o.junit, "j.xml");
	CHECK_STR(o.shell, "/bin/bash");
	CHECK_STR(o.tagstring, "{#}");
	CHECK_STR(o.load, "150%");
	CHECK_STR(o.jobs, "+2");

	/* -j is decoded later, against the CPUs: any text is kept. */
	OK(&o, "--jobs=x4", "echo");
	CHECK_STR(o.jobs, "x4");
	OK(&o, "-j3", "echo");
	CHECK_STR(o.jobs, "3");
	OK(&o, "-kj2", "echo");
	CHECK_STR(o.jobs, "2");
	CHECK_INT(o.unordered, 0);
	OK(&o, "-P", "50%", "echo");
	CHECK_STR(o.jobs, "50%");
}

/* Rows that decode their value with a parser of parse.c. */
static void
test_values(void)
{
	struct options o;

	OK(&o, "--retries", "3", "--maxtasksperchild", "7", "--buffer", "1K",
	    "--memfree", "2M", "--delay", "300ms", "-d", ",", "--trim", "lr",
	    "--worker", "cat");
	CHECK_INT(o.retries, 3);
	CHECK_INT(o.maxtasks, 7);
	CHECK_INT(o.buffer, 1024);
	CHECK_INT(o.memfree, 2 * 1024 * 1024);
	CHECK(o.delay > 0.2999 && o.delay < 0.3001);
	CHECK_INT(o.delim, ',');
	CHECK_INT(o.trim, TRIM_LEFT | TRIM_RIGHT);
	OK(&o, "--retries", "0", "--delimiter", "\\t", "echo");
	CHECK_INT(o.retries, 0);
	CHECK_INT(o.delim, '\t');
	OK(&o, "-d", ",", "-0", "echo");
	CHECK_INT(o.delim, '\0');
	OK(&o, "--null", "--recend", ";", "--pipe", "cat");
	CHECK_INT(o.delim, ';');
	CHECK_INT(o.recend_given, 1);

	OK(&o, "--halt", "now,fail=1", "--termseq", "INT,10,KILL,5",
	    "--timeout", "2m", "echo");
	CHECK_INT(o.halt.when, HALT_NOW);
	CHECK_INT(o.halt.why, HALT_FAIL);
	CHECK(o.halt.count == 1 && !o.halt.percent);
	CHECK_INT(o.termseq.n, 2);
	CHECK_INT(o.termseq.sig[0], SIGINT);
	CHECK_INT(o.termseq.ms[0], 10);
	CHECK_INT(o.termseq.sig[1], SIGKILL);
	CHECK_INT(o.termseq.ms[1], 5);
	CHECK(o.timeout == 120 && o.timeout_pct == 0);
	OK(&o, "--timeout", "200%", "echo");
	CHECK(o.timeout == 0 && o.timeout_pct == 200);

	OK(&o, "--block", "1K", "--pipe", "cat");
	CHECK_INT(o.block, 1024);
	CHECK_INT(o.block_given, 1);
	OK(&o, "--max-record", "64M", "cat");
	CHECK_INT(o.max_record, 64L * 1024 * 1024);
	OK(&o, "--max-record=1", "cat");
	CHECK_INT(o.max_record, 1);
	OK(&o, "--eot", "END", "--init", "setup {%}", "--header", ":",
	    "--jobserver", "off", "-I", "XX", "echo", "XX");
	CHECK_STR(o.eot, "END");
	CHECK_STR(o.init, "setup {%}");
	CHECK_INT(o.header, 1);
	CHECK_INT(o.jobserver_off, 1);
	CHECK_STR(o.replstr, "XX");
	OK(&o, "--jobserver=off", "--jobserver", "auto", "echo");
	CHECK_INT(o.jobserver_off, 0);
}

/* -n, -N and --chunksize: the last one given says how many items. */
static void
test_items_per_command(void)
{
	struct options o;

	OK(&o, "-n", "2", "echo");
	CHECK(o.max_args == 2 && !o.replace_args && !o.chunk_auto);
	OK(&o, "--max-replace-args", "3", "echo");
	CHECK(o.max_args == 3 && o.replace_args);
	OK(&o, "-N", "3", "--max-args", "4", "echo");
	CHECK(o.max_args == 4 && !o.replace_args);
	OK(&o, "-N", "2", "--chunksize", "5", "echo");
	CHECK(o.max_args == 5 && !o.replace_args && !o.chunk_auto);
	OK(&o, "-n", "2", "--chunksize", "auto", "echo");
	CHECK(o.chunk_auto);
	OK(&o, "--chunksize", "auto", "-n", "2", "echo");
	CHECK(o.max_args == 2 && !o.chunk_auto);
}

/* Aliases and abbreviations parse as the option they stand for. */
static void
test_aliases(void)
{
	struct options o;

	OK(&o, "--halt-on-error", "soon,success=50%", "echo");
	CHECK(o.halt.when == HALT_SOON && o.halt.why == HALT_SUCCESS);
	CHECK(o.halt.count == 50 && o.halt.percent);
	OK(&o, "--term-seq", "KILL,25", "echo");
	CHECK(o.termseq.n == 1 && o.termseq.sig[0] == SIGKILL);
	/* Both spellings of one option: not ambiguous. */
	OK(&o, "--hal", "now,done=2", "echo");
	CHECK(o.halt.when == HALT_NOW && o.halt.why == HALT_DONE);
	OK(&o, "--term", "HUP,1", "echo");
	CHECK(o.termseq.n == 1 && o.termseq.sig[0] == SIGHUP);
	OK(&o, "--unord", "echo");
	CHECK_INT(o.unordered, 1);
	BAD("xpool: unknown option '--jo'\n", "--jo", "2", "echo");
	/* A message names the option an alias stands for. */
	BAD("xpool: --halt 'x': use never, now or soon with fail=N, "
	    "success=N or done=N (N may be a percentage), such as now,fail=1\n",
	    "--halt-on-error", "x");
	BAD("xpool: --termseq 'x': unknown signal (use a name such as TERM "
	    "or KILL, or a number)\n",
	    "--term-seq", "x");
}

/* The command, then ::: and :::: sources; -a files come first. */
static void
test_sources(void)
{
	struct options o;

	OK(&o, "echo", ":::", "a", "b", ":::+", "c", "d", "::::", "f1", "f2");
	CHECK_INT(o.ncmd, 1);
	CHECK_INT(o.nsrc, 4);
	CHECK_INT(o.src[0].kind, SRC_LIST);
	CHECK_INT(o.src[0].nitems, 2);
	CHECK_STR(o.src[0].items[1], "b");
	CHECK_INT(o.src[0].linked, 0);
	CHECK_INT(o.src[1].kind, SRC_LIST);
	CHECK_STR(o.src[1].items[0], "c");
	CHECK_INT(o.src[1].linked, 1);
	CHECK_INT(o.src[2].kind, SRC_FILE);
	CHECK_STR(o.src[2].path, "f1");
	CHECK_STR(o.src[3].path, "f2");
	CHECK_INT(o.src[3].linked, 0);
	options_free(&o);

	OK(&o, "-a", "in1", "--arg-file", "-", "echo", "::::+", "f");
	CHECK_INT(o.nsrc, 3);
	CHECK_STR(o.src[0].path, "in1");
	CHECK_STR(o.src[1].path, "-");
	CHECK_STR(o.src[2].path, "f");
	CHECK_INT(o.src[2].linked, 1);
	options_free(&o);

	/* Options end at the command, and at "--". */
	OK(&o, "-v", "echo", "-q", ":::", "-x");
	CHECK(o.verbose && !o.quote);
	CHECK_INT(o.ncmd, 2);
	CHECK_STR(o.src[0].items[0], "-x");
	options_free(&o);
	OK(&o, "--", "-v");
	CHECK(!o.verbose && o.ncmd == 1);

	BAD("xpool: ':::+' pairs with the input source before it, and there "
	    "is none; use ::: first\n",
	    "echo", ":::+", "a");
	BAD("xpool: '::::+' pairs with the input source before it, and there "
	    "is none; use ::: first\n",
	    "echo", "::::+", "f1");
	/* ::::+ pairs each of its files with the one before, as GNU does. */
	OK(&o, "echo", "::::", "f1", "::::+", "f2", "f3");
	CHECK_INT(o.nsrc, 3);
	CHECK(!o.src[0].linked && o.src[1].linked && o.src[2].linked);
	options_free(&o);
	OK(&o, "echo", "::::+", "f1", "f2");
	CHECK(o.nsrc == 2 && o.src[1].linked);
	options_free(&o);
	BAD("xpool: '::::' needs at least one file after it\n", "echo", "::::");
	BAD("xpool: '::::' needs at least one file after it\n", "-a", "f",
	    "echo", "::::", ":::", "x");
}

/* --help and --version end the parse: the rest is not looked at. */
static void
test_help(void)
{
	struct options o;

	OK(&o, "--help", "--pipe", "-X", "echo", ":::+", "x");
	CHECK(o.help && o.src == NULL);
	OK(&o, "-a", "f", "-V");
	CHECK(o.version && o.src == NULL);
	BAD("xpool: unknown option '--bogus'\n", "--version", "--bogus");
}

static void
test_mistakes(void)
{
	BAD("xpool: unknown option '--frobnicate'\n", "--frobnicate");
	BAD("xpool: unknown option -Z\n", "-Z");
	BAD("xpool: unknown option -Z\n", "-vZ", "echo");
	BAD("xpool: option -j needs a value\n", "-j");
	BAD("xpool: option '--jobs' needs a value\n", "--jobs");
	BAD("xpool: option -I needs a value\n", "-I");
	BAD("xpool: option '--halt' needs a value\n", "--halt");
	BAD("xpool: option '--bar' takes no value\n", "--bar=1");
	BAD("xpool: option '--help' takes no value\n", "--help=x");

	BAD("xpool: -n '0': must be at least 1; give a whole number\n", "-n",
	    "0");
	BAD("xpool: -N 'x': not a number; give a whole number\n", "-N", "x");
	BAD("xpool: -n '99999999999': too large; give a whole number\n", "-n",
	    "99999999999");
	BAD("xpool: --chunksize '0': must be at least 1; give a whole number\n",
	    "--chunksize", "0");
	BAD("xpool: --retries '-1': must not be negative; give a whole "
	    "number\n",
	    "--retries", "-1");
	BAD("xpool: --maxtasksperchild '0': must be at least 1; give a whole "
	    "number\n",
	    "--maxtasksperchild", "0");
	BAD("xpool: --buffer 'x': not a size\n", "--buffer", "x");
	BAD("xpool: --memfree '1Q': not a size (use a number of bytes, or K, "
	    "M, G, T)\n",
	    "--memfree", "1Q");
	BAD("xpool: --block '0': must be at least 1 byte\n", "--block", "0");
	BAD("xpool: --max-record '0': must be at least 1 byte\n",
	    "--max-record", "0");
	BAD("xpool: --max-record '1X': not a size (use a number of bytes, or "
	    "K, M, G, T)\n",
	    "--max-record", "1X");
	BAD("xpool: --delay 'x': not a duration (use a number with ms, s, m, "
	    "h or d, such as 30s or 1m30s)\n",
	    "--delay", "x");
	BAD("xpool: --timeout '0': must be more than 0\n", "--timeout", "0");
	BAD("xpool: -d 'abc': must be a single character or an escape such as "
	    "\\n, \\t, \\0 or \\x1f\n",
	    "--delimiter", "abc");
	BAD("xpool: --recend '': empty; give one character or an escape such "
	    "as \\n\n",
	    "--recend", "");
	BAD("xpool: --trim 'x': use n, l, r or lr\n", "--trim", "x");
	BAD("xpool: --header 'x': only ':' is known (the first line of each "
	    "input source names its columns)\n",
	    "--header", "x");
	BAD("xpool: --jobserver 'x': give auto or off\n", "--jobserver", "x");
	BAD("xpool: -I: the replacement string is empty; give one such as {} "
	    "or XX\n",
	    "-I", "");
	BAD("xpool: --eot: give a non-empty string without a newline\n",
	    "--eot", "a\nb");
	BAD("xpool: --init: the command is empty\n", "--init", "");
	/* What was taken before the mistake is freed. */
	BAD("xpool: unknown option -Z\n", "-a", "f", "-a", "g", "-Z");
}

int
main(void)
{
	test_defaults();
	test_flags_and_strings();
	test_values();
	test_items_per_command();
	test_aliases();
	test_sources();
	test_help();
	test_mistakes();
	return unit_done("test_options");
}
