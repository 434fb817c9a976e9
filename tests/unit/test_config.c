/*
 * test_config.c -- from struct options to each module's configuration
 * (src/config.h): the conflicts config_check() finds and their messages,
 * what config_init() puts into each conf struct, and the steps that wait
 * for the run: config_names, config_chunksize, config_throttle and
 * config_records.
 */
#include <stdlib.h>
#include <unistd.h>

#include "config.h"
#include "sys.h"
#include "unit.h"

#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })

/* What the last function under test printed. */
static const char *err;

/* struct options from "xpool" and the words, which must parse. */
static void
options_at(struct options *o, const char *const *words, int line)
{
	char **argv;
	int argc;

	argv = unit_argv(words, &argc);
	unit_stderr_begin();
	unit_check(options_parse(argc, argv, o) == 0, __FILE__, line, words[0]);
	unit_check_str(unit_stderr_end(), "", __FILE__, line, words[0]);
}

/* config_check on the words: -1 with this message, or 0 and none. */
static void
check_at(const char *const *words, const char *msg, int line)
{
	struct options o;
	int r;

	options_at(&o, words, line);
	unit_stderr_begin();
	r = config_check(&o);
	err = unit_stderr_end();
	unit_check(r == (msg[0] ? -1 : 0), __FILE__, line, words[0]);
	unit_check_str(err, msg, __FILE__, line, words[0]);
	options_free(&o);
}

/* config_init on the words, which must succeed without a message. */
static void
init_at(
    struct config *cf, struct options *o, const char *const *words, int line)
{
	int r;

	options_at(o, words, line);
	unit_stderr_begin();
	r = config_init(cf, o);
	err = unit_stderr_end();
	unit_check(r == 0, __FILE__, line, words[0]);
	unit_check_str(err, "", __FILE__, line, words[0]);
}

#define CONFLICT(msg, ...) check_at(ARGS(__VA_ARGS__), (msg), __LINE__)
#define FITS(...) check_at(ARGS(__VA_ARGS__), "", __LINE__)
#define INIT(cf, o, ...) init_at((cf), (o), ARGS(__VA_ARGS__), __LINE__)

static void
test_check(void)
{
	FITS("echo", ":::", "a");
	FITS("--pipe", "--block", "1K", "--recend", ";", "-N", "2", "cat");
	FITS("--worker", "--eot", "END", "--maxtasksperchild", "2", "-n", "3",
	    "cat");
	FITS("--resume-failed", "--joblog", "+log", "echo");
	FITS("-u", "--tmpdir", "/nonexistent", "echo");
	FITS("--dry-run", "--tmpdir", "/nonexistent", "echo");

	FITS("-m", "-n", "2", "echo");
	FITS("-N", "2", "-X", "echo");
	FITS("-n", "0", "echo");
	FITS("--pipe", "-N", "0", "cat");
	FITS("--pipe", "--header", "2", "cat");
	FITS("--csv", "--colsep", "\\t", "echo");
	CONFLICT(
	    "xpool: --csv: '\"' quotes fields; it cannot end items (-d) or "
	    "separate fields (--colsep)\n",
	    "--csv", "-d", "\"", "echo");
	CONFLICT("xpool: --csv: --colsep ';;' is not one character; give one, "
	         "such as ',' ';' or '\\t'\n",
	    "--csv", "--colsep", ";;", "echo");
	CONFLICT("xpool: -m puts as many items into a command as fit, and -n 0 "
	         "none; give one of them\n",
	    "-m", "-n", "0", "echo");
	CONFLICT("xpool: -X puts as many items into a command as fit, and -N 0 "
	         "none; give one of them\n",
	    "-N", "0", "-X", "echo");
	CONFLICT("xpool: --tag and --tagstring need xpool to see the output; "
	         "they do not go with -u (--ungroup)\n",
	    "--tagstring", "x", "-u", "echo");
	CONFLICT("xpool: cannot use '/nonexistent' for temporary files: No "
	         "such file or directory; give a writable directory with "
	         "--tmpdir or TMPDIR\n",
	    "--tmpdir", "/nonexistent", "echo");
	CONFLICT("xpool: --block is for --pipe; give --pipe too (or -d for the "
	         "items' separator)\n",
	    "--block", "1K", "cat");
	CONFLICT("xpool: --recstart is for --pipe; give --pipe too (or -d for "
	         "the items' separator)\n",
	    "--recstart", ">", "cat");
	CONFLICT("xpool: --regexp is for --pipe; give --pipe too (or -d for "
	         "the items' separator)\n",
	    "--regexp", "cat");
	CONFLICT("xpool: --recend is for --pipe; give --pipe too (or -d for "
	         "the items' separator)\n",
	    "--recend", ",", "cat");
	CONFLICT("xpool: --eot is for --worker; give --worker too\n", "--eot",
	    "END", "--maxtasksperchild", "2", "cat");
	CONFLICT("xpool: --maxtasksperchild is for --worker; give --worker "
	         "too\n",
	    "--maxtasksperchild", "2", "cat");
	CONFLICT("xpool: --resume reads the jobs done from the --joblog file; "
	         "give --joblog FILE too\n",
	    "--resume", "echo");
	CONFLICT("xpool: --resume-failed reads the jobs done from the --joblog "
	         "file; give --joblog FILE too\n",
	    "--resume", "--resume-failed", "echo");
	CONFLICT("xpool: --joblog: the file name is empty\n", "--joblog", "",
	    "echo");
	CONFLICT("xpool: --shell: the program is empty; give a shell such as "
	         "/bin/sh or /bin/bash\n",
	    "--shell", "", "echo");
	/* --shell is checked whether or not the command needs a shell. */
	FITS("--shell", "/bin/sh", "echo");
	FITS("--shell", "sh", "echo");
	CONFLICT("xpool: --shell: '/nonexistent/sh': No such file or "
	         "directory; give a shell such as /bin/sh or /bin/bash\n",
	    "--shell", "/nonexistent/sh", "echo");
	CONFLICT("xpool: --shell: 'nosuch-shell-xyz': not found in PATH; give "
	         "a shell such as /bin/sh or /bin/bash\n",
	    "--shell", "nosuch-shell-xyz", "--dry-run", "echo", "{}");
	CONFLICT("xpool: --shell: '/': Is a directory; give a shell such as "
	         "/bin/sh or /bin/bash\n",
	    "--shell", "/", "echo");
	CONFLICT("xpool: --shell: '/dev/null': not an executable file; give a "
	         "shell such as /bin/sh or /bin/bash\n",
	    "--shell", "/dev/null", "echo");
	/* The first conflict in the order of the checks is the one told. */
	CONFLICT("xpool: -m puts as many items into a command as fit, and -N 0 "
	         "none; give one of them\n",
	    "--worker", "--pipe", "-m", "-N", "0", "-u", "--dry-run", "--init",
	    "true");
}

static void
test_check_pipe_worker(void)
{
	const char *pipe = "xpool: --pipe gives each job a block of one input "
	                   "on its standard input; it does not go with ";

	const struct {
		const char *why;
		const char *const *words;
	} pipes[] = {
		{ "::: items", ARGS("--pipe", "cat", ":::", "a") },
		{ "more than one input source",
		    ARGS("--pipe", "-a", "f", "-a", "g", "cat") },
		{ "-m", ARGS("--pipe", "-m", "cat") },
		{ "-X", ARGS("--pipe", "-X", "cat") },
		{ "--colsep", ARGS("--pipe", "--colsep", ",", "cat") },
		{ "--trim", ARGS("--pipe", "--trim", "lr", "cat") },
		{ "--trim",
		    ARGS("--pipe", "--trim", "l", "-X", "--colsep", ",",
		        "cat") },
	};
	const struct {
		const char *why;
		const char *const *words;
	} workers[] = {
		{ "--pipe", ARGS("--worker", "--pipe", "cat") },
		{ "-m", ARGS("--worker", "-m", "cat") },
		{ "-X", ARGS("--worker", "-X", "cat") },
		{ "-N (use -n for the items sent at a time)",
		    ARGS("--worker", "-N", "2", "cat") },
		{ "-n 0 (a worker is sent items)",
		    ARGS("--worker", "-n", "0", "cat") },
		{ "-u (xpool reads the workers' answers)",
		    ARGS("--worker", "-u", "cat") },
		{ "--dry-run", ARGS("--worker", "--dry-run", "cat") },
		{ "--init (a worker can set itself up)",
		    ARGS("--worker", "--init", "true", "cat") },
		{ "no command (give the worker's command)", ARGS("--worker") },
	};
	char msg[512];

	for (size_t i = 0; i < sizeof(pipes) / sizeof(pipes[0]); i++) {
		snprintf(msg, sizeof(msg), "%s%s\n", pipe, pipes[i].why);
		check_at(pipes[i].words, msg, __LINE__);
	}
	for (size_t i = 0; i < sizeof(workers) / sizeof(workers[0]); i++) {
		snprintf(msg, sizeof(msg),
		    "xpool: --worker does not go with %s\n", workers[i].why);
		check_at(workers[i].words, msg, __LINE__);
	}
}

/* -j and the jobserver's set-up. */
static void
test_jobs(void)
{
	struct options o;
	struct config cf;
	int r;

	INIT(&cf, &o, "echo");
	CHECK_INT(cf.js.jobs, sys_usable_cpus());
	CHECK_INT(cf.pool.jobs, sys_usable_cpus());
	CHECK(!cf.js.explicit_jobs && !cf.js.off && !cf.js.dry_run);
	INIT(&cf, &o, "-j", "3", "--jobserver", "off", "--dry-run", "echo");
	CHECK_INT(cf.js.jobs, 3);
	CHECK_INT(cf.pool.jobs, 3);
	CHECK(cf.js.explicit_jobs && cf.js.off && cf.js.dry_run);
	CHECK_INT(cf.pool.dry_run, 1);
	INIT(&cf, &o, "-j", "0", "echo");
	CHECK_INT(cf.js.jobs, sys_max_jobs());
	INIT(&cf, &o, "-P", "+1", "echo");
	CHECK_INT(cf.js.jobs, sys_usable_cpus() + 1);

	options_at(&o, ARGS("-j", "x4", "echo"), __LINE__);
	unit_stderr_begin();
	r = config_init(&cf, &o);
	err = unit_stderr_end();
	CHECK_INT(r, -1);
	CHECK_STR(err,
	    "xpool: -j 'x4': not a number (use N, +N, -N, N% or "
	    "0)\n");
}

static void
test_input(void)
{
	struct options o;
	struct config cf;

	INIT(&cf, &o, "-0", "--trim", "l", "--colsep", ",", "--header", ":",
	    "--link", "echo", ":::", "a", ":::", "b");
	CHECK(cf.src == o.src && cf.nsrc == 2);
	CHECK_INT(cf.input.delim, '\0');
	CHECK_INT(cf.input.trim, TRIM_LEFT);
	CHECK_STR(cf.input.colsep, ",");
	CHECK(cf.input.header && cf.input.link && !cf.input.pipe);
	CHECK_INT(cf.input.block_recs, 0);
	options_free(&o);
	INIT(&cf, &o, "-N", "3", "echo");
	CHECK_INT(cf.input.block_recs, 0);
	INIT(&cf, &o, "--pipe", "-N", "3", "--block", "2K", "cat");
	CHECK(cf.input.pipe && cf.input.block == 2048);
	CHECK_INT(cf.input.block_recs, 3);
}

/* The command's template options, and those of --tag and --init. */
static void
test_templates(void)
{
	struct options o;
	struct config cf;
	char *names[] = { NULL };

	INIT(&cf, &o, "-I", "XX", "-q", "-X", "--shell", "/bin/bash", "echo",
	    "XX");
	CHECK(cf.cmd == o.cmd && cf.ncmd == 2);
	CHECK_STR(cf.tpl.replstr, "XX");
	CHECK_STR(cf.tpl.shell, "/bin/bash");
	CHECK(cf.tpl.quote && cf.tpl.context && !cf.tpl.noappend);
	CHECK(!cf.tpl.raw);
	CHECK(cf.tag == NULL && cf.init == NULL);

	INIT(&cf, &o, "--tag", "-I", "XX", "-q", "echo");
	CHECK_STR(cf.tag, "{}");
	CHECK(cf.tag_tpl.replstr == NULL && cf.tag_tpl.raw);
	CHECK(!cf.tag_tpl.quote && !cf.tag_tpl.context);
	INIT(&cf, &o, "--tagstring", "{#}:XX", "-I", "XX", "echo");
	CHECK_STR(cf.tag, "{#}:XX");
	CHECK_STR(cf.tag_tpl.replstr, "XX");

	INIT(&cf, &o, "--init", "setup {%}", "-q", "-X", "echo");
	CHECK_STR(cf.init, "setup {%}");
	CHECK(cf.init_tpl.noappend && !cf.init_tpl.quote);
	CHECK(!cf.init_tpl.context && !cf.init_tpl.raw);
	INIT(&cf, &o, "--pipe", "cat");
	CHECK_INT(cf.tpl.noappend, 1);
	INIT(&cf, &o, "--worker", "cat");
	CHECK_INT(cf.tpl.noappend, 1);

	config_names(&cf, names, 1);
	CHECK(cf.tpl.names == names && cf.tpl.nnames == 1);
	CHECK(cf.tag_tpl.names == names && cf.tag_tpl.nnames == 1);
	CHECK(cf.init_tpl.names == names && cf.init_tpl.nnames == 1);
}

static void
test_pool(void)
{
	struct options o;
	struct config cf;

	INIT(&cf, &o, "echo");
	CHECK_INT(cf.pool.mode, OUT_ORDERED);
	CHECK(!cf.pool.ungroup && !cf.pool.memfree);
	CHECK(!cf.count_items && !cf.chunk_auto);
	CHECK(cf.pool.rec == NULL && cf.pool.prog == NULL);
	CHECK(cf.pool.th == NULL && cf.pool.js == NULL);
	INIT(&cf, &o, "--unordered", "echo");
	CHECK_INT(cf.pool.mode, OUT_UNORDERED);
	INIT(&cf, &o, "--unordered", "--lb", "echo");
	CHECK_INT(cf.pool.mode, OUT_LINES);
	INIT(&cf, &o, "-u", "echo");
	CHECK_INT(cf.pool.ungroup, 1);

	INIT(&cf, &o, "-n", "4", "-X", "-v", "--buffer", "1M", "--tmpdir",
	    "/srv", "--timeout", "150%", "--retries", "3", "--halt",
	    "soon,fail=2", "--termseq", "KILL,5", "--memfree", "1K", "echo");
	CHECK(cf.pool.max_args == 4 && cf.pool.pack && cf.pool.verbose);
	CHECK_INT(cf.pool.buffer, 1024 * 1024);
	CHECK_STR(cf.pool.tmpdir, "/srv");
	CHECK(cf.pool.timeout == 0 && cf.pool.timeout_pct == 150);
	CHECK_INT(cf.pool.retries, 3);
	CHECK(cf.pool.halt.when == HALT_SOON && cf.pool.halt.count == 2);
	CHECK(cf.pool.termseq.n == 1 && cf.pool.termseq.ms[0] == 5);
	CHECK_INT(cf.pool.memfree, 1);
	CHECK(!cf.count_items);

	INIT(&cf, &o, "--worker", "--eot", "END", "--maxtasksperchild", "9",
	    "cat");
	CHECK(cf.pool.worker && !cf.pool.pipe && cf.pool.maxtasks == 9);
	CHECK_STR(cf.pool.eot, "END");

	/* The items are counted only when something needs their number. */
	INIT(&cf, &o, "--eta", "echo");
	CHECK(cf.count_items && cf.progress.eta && !cf.progress.bar);
	CHECK_INT(cf.progress.fd, STDERR_FILENO);
	INIT(&cf, &o, "--halt", "now,fail=10%", "echo");
	CHECK_INT(cf.count_items, 1);
	INIT(&cf, &o, "--chunksize", "auto", "echo");
	CHECK(cf.count_items && cf.chunk_auto);
}

/* config_chunksize on the words, with these items and jobs. */
static int
chunksize(
    struct config *cf, const char *const *words, unsigned long items, long jobs)
{
	struct options o;
	int r;

	init_at(cf, &o, words, __LINE__);
	cf->pool.items = items;
	cf->pool.jobs = jobs;
	unit_stderr_begin();
	r = config_chunksize(cf);
	err = unit_stderr_end();
	return r;
}

static void
test_chunksize(void)
{
	static const char unknown[] =
	    "xpool: --chunksize auto needs to know how many items there are: "
	    "give them with ::: or in a file (-a, ::::), or give a number\n";
	struct config cf;

	/* Pool's rule: items / (4 x jobs), rounded up. */
	CHECK_INT(
	    chunksize(&cf, ARGS("--chunksize", "auto", "echo"), 20, 2), 0);
	CHECK_INT(cf.pool.max_args, 3);
	CHECK_INT(chunksize(&cf, ARGS("--chunksize", "auto", "echo"), 8, 2), 0);
	CHECK_INT(cf.pool.max_args, 1);
	CHECK_INT(
	    chunksize(&cf, ARGS("--chunksize", "auto", "echo"), 1, 64), 0);
	CHECK_INT(cf.pool.max_args, 1);
	CHECK_STR(err, "");
	CHECK_INT(chunksize(&cf, ARGS("-n", "5", "echo"), 20, 2), 0);
	CHECK_INT(cf.pool.max_args, 5);

	CHECK_INT(
	    chunksize(&cf, ARGS("--chunksize", "auto", "echo"), 0, 2), -1);
	CHECK_STR(err, unknown);
	CHECK_INT(
	    chunksize(&cf, ARGS("--chunksize", "auto", "-m", "echo"), 9, 2),
	    -1);
	CHECK_STR(err, unknown);
	CHECK_INT(
	    chunksize(&cf, ARGS("--chunksize", "auto", "--pipe", "cat"), 9, 2),
	    -1);
	CHECK_STR(err, unknown);
}

/* config_throttle on the words; dry: make -n said it is a dry run. */
static int
throttle(struct config *cf, const char *const *words, int dry)
{
	struct options o;
	int r;

	init_at(cf, &o, words, __LINE__);
	cf->pool.dry_run |= dry;
	unit_stderr_begin();
	r = config_throttle(cf, &o);
	err = unit_stderr_end();
	return r;
}

static void
test_throttle(void)
{
	struct config cf;

	CHECK_INT(throttle(&cf, ARGS("echo"), 0), 0);
	CHECK_INT(cf.throttled, 0);
	CHECK_INT(throttle(&cf,
	              ARGS("--delay", "0.5", "--load", "2", "--memfree", "1K",
	                  "echo"),
	              0),
	    0);
	CHECK_INT(cf.throttled, 1);
	CHECK(cf.throttle.delay == 0.5 && cf.throttle.load == 2);
	CHECK_INT(cf.throttle.memfree, 1024);
	CHECK_STR(err, "");

	CHECK_INT(throttle(&cf, ARGS("--load", "x", "echo"), 0), -1);
	CHECK_STR(err,
	    "xpool: --load 'x': not a load (use a number of "
	    "processes such as 2 or 1.5, or a percentage of the "
	    "CPUs such as 100%)\n");
	CHECK_INT(throttle(&cf, ARGS("--memfree", "1000000T", "echo"), 0), -1);
	CHECK(strncmp(err, "xpool: --memfree: ", 18) == 0);
	CHECK(strstr(err, "is more than the memory xpool may use") != NULL);

	/* A dry run, asked for or by make -n, does not look at them. */
	CHECK_INT(
	    throttle(&cf, ARGS("--dry-run", "--load", "x", "echo"), 0), 0);
	CHECK_INT(cf.throttled, 0);
	CHECK_INT(
	    throttle(&cf, ARGS("--load", "x", "--delay", "1", "echo"), 1), 0);
	CHECK_INT(cf.throttled, 0);
	CHECK_STR(err, "");
}

/* --joblog: a record file, not in a dry run. */
static void
test_records(void)
{
	char dir[] = "/tmp/test_config.XXXXXX", path[64];
	struct options o;
	struct config cf;
	static char unset; /* not a records or a seqset: set by the call */
	struct records *rec = (struct records *)(void *)&unset;
	struct seqset *skip = (struct seqset *)(void *)&unset;

	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		unit_check(0, __FILE__, __LINE__, "mkdtemp");
		return;
	}
	snprintf(path, sizeof(path), "%s/log", dir);

	INIT(&cf, &o, "echo");
	config_records(&cf, NULL, 0, &rec, &skip);
	CHECK(rec == NULL && skip == NULL && cf.pool.rec == NULL);

	INIT(&cf, &o, "--joblog", path, "echo");
	cf.pool.dry_run = 1;
	config_records(&cf, NULL, 0, &rec, &skip);
	CHECK(rec == NULL && access(path, F_OK) != 0);

	INIT(&cf, &o, "--joblog", path, "echo");
	config_records(&cf, NULL, 0, &rec, &skip);
	CHECK(rec != NULL && cf.pool.rec == rec);
	CHECK(skip == NULL && !cf.pool.drop);
	CHECK(access(path, F_OK) == 0);
	records_free(rec);
	unlink(path);
	rmdir(dir);

	/* Names decoded once, by config_init: +FILE, -.csv, a bad -.x. */
	INIT(&cf, &o, "--joblog", "+log", "--results", "-.CSV", "echo");
	CHECK(cf.recording);
	CHECK_STR(cf.rec.joblog.path, "log");
	CHECK(cf.rec.joblog.append && !cf.rec.joblog.to_stdout);
	CHECK(cf.rec.results.kind == REC_CSV && cf.rec.results.to_stdout);
}

/* A --results or --joblog name that cannot be: -1 and a message. */
static void
test_records_bad(void)
{
	struct options o;
	struct config cf;
	int r;

	options_at(&o, ARGS("--results", "-.x", "echo"), __LINE__);
	unit_stderr_begin();
	r = config_init(&cf, &o);
	err = unit_stderr_end();
	CHECK_INT(r, -1);
	CHECK(strncmp(err, "xpool: --results: '-.x': ", 25) == 0);
	options_free(&o);
	options_at(&o, ARGS("--joblog", "+", "echo"), __LINE__);
	unit_stderr_begin();
	r = config_init(&cf, &o);
	err = unit_stderr_end();
	CHECK_INT(r, -1);
	CHECK(strncmp(err, "xpool: --joblog: '+': ", 22) == 0);
	options_free(&o);
}

int
main(void)
{
	setenv("TMPDIR", "/tmp", 1);
	test_check();
	test_check_pipe_worker();
	test_jobs();
	test_input();
	test_templates();
	test_pool();
	test_chunksize();
	test_throttle();
	test_records();
	test_records_bad();
	return unit_done("test_config");
}
