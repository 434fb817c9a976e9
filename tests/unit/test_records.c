/*
 * test_records.c -- the joblog, --resume, --results and --junit
 * (src/records.h).
 *
 * The expected bytes of the joblog, JSON, CSV and TSV records are GNU
 * parallel 20221122's, taken from real runs (the same commands, values,
 * output and times).  Every file is also read back by Python's json, csv and
 * XML parsers (tests/unit/check_records.py), which compare each field with
 * the raw bytes the test gave; python3 is one of the test dependencies
 * (tools/deps.sh check), so a machine without it fails here.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "records.h"
#include "unit.h"
#include "xmalloc.h"

/* A string literal that may hold NUL: its bytes and its length. */
#define S(lit) lit, sizeof(lit) - 1

static char root[PATH_MAX]; /* every file of the test is under it */
static char script[PATH_MAX]; /* check_records.py */
static int have_python;

static char *
at(const char *name)
{
	return xasprintf("%s/%s", root, name);
}

/* A whole file, NUL-terminated; NULL if it cannot be read. */
static char *
slurp(const char *path, size_t *len)
{
	struct buf b = BUF_INIT;
	char chunk[65536];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return NULL;
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		buf_add(&b, chunk, (size_t)n);
	close(fd);
	buf_reserve(&b, 0);
	*len = b.len;
	return buf_detach(&b);
}

static void
spit(const char *path, const char *p, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	CHECK(fd >= 0);
	if (fd < 0)
		return;
	CHECK(write(fd, p, n) == (ssize_t)n);
	close(fd);
}

/* The file holds exactly these bytes. */
static void
check_file(const char *name, const char *want, size_t wlen)
{
	char *path = at(name);
	size_t len = 0;
	char *got = slurp(path, &len);

	CHECK_MEM(got, len, want, wlen);
	free(got);
	free(path);
}

static int
exists(const char *name)
{
	char *path = at(name);
	struct stat st;
	int r = lstat(path, &st) == 0;

	free(path);
	return r;
}

/* ---- standard error, caught to check messages ---- */

static int saved_stderr = -1;

static void
catch_stderr(void)
{
	char *path = at("stderr");
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	fflush(stderr);
	saved_stderr = dup(2);
	dup2(fd, 2);
	close(fd);
	free(path);
}

static char *
caught_stderr(void)
{
	char *path = at("stderr");
	size_t len;
	char *s;

	dup2(saved_stderr, 2);
	close(saved_stderr);
	s = slurp(path, &len);
	free(path);
	return s;
}

/* ---- jobs ---- */

struct spec {
	unsigned long seq;
	const char *cmd;
	size_t cmdlen;
	const char *out;
	size_t outlen;
	const char *err;
	size_t errlen;
	const char *v[8];
	size_t vlen[8];
	size_t nv;
	double start;
	double runtime;
	int exitval;
	int signo;
	int killed;
	const char *reason;
	const char *fail; /* the JUnit failure type expected, or "" */
};

/* Keep the raw bytes for check_records.py. */
static void
keep_raw(const struct spec *s)
{
	const char *what[] = { "cmd", "out", "err", "fail" };
	const char *p[] = { s->cmd, s->out ? s->out : "", s->err ? s->err : "",
		s->fail ? s->fail : "" };
	size_t n[] = { s->cmdlen, s->outlen, s->errlen,
		s->fail ? strlen(s->fail) : 0 };

	for (int i = 0; i < 4; i++) {
		char *name = xasprintf("%s/raw/%lu.%s", root, s->seq, what[i]);

		spit(name, p[i], n[i]);
		free(name);
	}
	for (size_t i = 0; i < 8; i++) {
		char *name = xasprintf("%s/raw/%lu.v%zu", root, s->seq, i);

		if (i < s->nv)
			spit(name, s->v[i], s->vlen[i]);
		else
			(void)unlink(name);
		free(name);
	}
}

/* Feed output in pieces of at most `piece` bytes, stdout and stderr mixed. */
static void
feed(struct rec_job *j, const struct spec *s, size_t piece)
{
	size_t o = 0, e = 0;

	while (o < s->outlen || e < s->errlen) {
		if (o < s->outlen) {
			size_t n =
			    s->outlen - o < piece ? s->outlen - o : piece;

			records_output(j, 0, s->out + o, n);
			o += n;
		}
		if (e < s->errlen) {
			size_t n =
			    s->errlen - e < piece ? s->errlen - e : piece;

			records_output(j, 1, s->err + e, n);
			e += n;
		}
	}
}

static struct rec_job *
begin(struct records *r, const struct spec *s)
{
	struct rec_job *j;

	keep_raw(s);
	j = records_begin(r, s->seq, s->v, s->vlen, s->nv);
	CHECK(j != NULL);
	return j;
}

static int
end(struct records *r, struct rec_job *j, const struct spec *s)
{
	struct rec_end e = { 0 };

	e.command = s->cmd;
	e.command_len = s->cmdlen;
	e.start = s->start;
	e.runtime = s->runtime;
	e.exitval = s->exitval;
	e.signo = s->signo;
	e.killed = s->killed;
	e.reason = s->reason;
	return records_end(r, j, &e);
}

static void
run(struct records *r, const struct spec *s, size_t piece)
{
	struct rec_job *j = begin(r, s);

	if (j == NULL)
		return;
	feed(j, s, piece);
	CHECK_INT(end(r, j, s), 0);
}

/* --joblog ARG as main.c decodes it. */
static struct rec_joblog
joblog_arg(const char *arg)
{
	struct rec_joblog jl = { 0 };
	const char *why = NULL;

	CHECK_INT(records_parse_joblog(arg, &jl, &why), 0);
	return jl;
}

/* --results ARG as main.c decodes it. */
static struct rec_results
results_arg(const char *arg)
{
	struct rec_results res = { 0 };
	const char *why = NULL;

	CHECK_INT(records_parse_results(arg, &res, &why), 0);
	return res;
}

static struct records *
open_conf(const struct records_conf *c)
{
	struct records *r = records_open(c);

	CHECK(r != NULL);
	return r;
}

/* Read a record file with Python's parsers; n records expected. */
static void
python_check(const char *kind, const char *name, long n)
{
	char *cmd, *path = at(name), line[64] = "";
	FILE *f;

	if (!have_python)
		return;
	cmd = xasprintf(
	    "python3 '%s' %s '%s' '%s/raw'", script, kind, path, root);
	f = popen(cmd, "r");
	CHECK(f != NULL);
	if (f != NULL) {
		if (fgets(line, sizeof(line), f) == NULL)
			line[0] = '\0';
		CHECK_INT(pclose(f), 0);
		CHECK_INT(atol(line), n);
	}
	free(cmd);
	free(path);
}

/* ---- the --joblog and --results names ---- */

#define CHECK_JOBLOG(arg, path_, append_, to_stdout_)                          \
	do {                                                                   \
		struct rec_joblog jl_ = { NULL, -1, -1 };                      \
		const char *a_ = (arg), *why_ = NULL;                          \
		CHECK_INT(records_parse_joblog(a_, &jl_, &why_), 0);           \
		CHECK_STR(jl_.path, (path_));                                  \
		CHECK(jl_.path == a_ + (a_[0] == '+'));                        \
		CHECK_INT(jl_.append, (append_));                              \
		CHECK_INT(jl_.to_stdout, (to_stdout_));                        \
		CHECK(why_ == NULL);                                           \
	} while (0)

#define CHECK_RESULTS(arg, kind_, to_stdout_)                                  \
	do {                                                                   \
		struct rec_results res_ = { REC_NONE, -1, NULL };              \
		const char *a_ = (arg), *why_ = NULL;                          \
		CHECK_INT(records_parse_results(a_, &res_, &why_), 0);         \
		CHECK_INT(res_.kind, (kind_));                                 \
		CHECK_INT(res_.to_stdout, (to_stdout_));                       \
		CHECK(res_.path == a_);                                        \
		CHECK(why_ == NULL);                                           \
	} while (0)

/* A bad form: -1, a reason, and nothing filled in. */
#define CHECK_BAD(parse, arg, type, why_want)                                  \
	do {                                                                   \
		type out_;                                                     \
		const char *why_ = NULL;                                       \
		memset(&out_, 0x5a, sizeof(out_));                             \
		CHECK_INT(parse((arg), &out_, &why_), -1);                     \
		CHECK_STR(why_, (why_want));                                   \
		CHECK(((unsigned char *)&out_)[0] == 0x5a);                    \
	} while (0)

static void
test_names(void)
{
	static const char results_why[] =
	    "the records go to the standard output only as -.jsonl, -.json, "
	    "-.csv or -.tsv; for a file or directory of this name, put ./ "
	    "before it";

	CHECK_JOBLOG("log", "log", 0, 0);
	CHECK_JOBLOG("+log", "log", 1, 0);
	CHECK_JOBLOG("++log", "+log", 1, 0);
	CHECK_JOBLOG("-", "-", 0, 1);
	CHECK_JOBLOG("+-", "-", 1, 1);
	CHECK_JOBLOG("./-", "./-", 0, 0);
	CHECK_JOBLOG("-x", "-x", 0, 0);
	CHECK_JOBLOG("dir/+log", "dir/+log", 0, 0);
	CHECK_BAD(records_parse_joblog, "", struct rec_joblog,
	    "the file name is empty");
	CHECK_BAD(records_parse_joblog, "+", struct rec_joblog,
	    "no file name after the +");

	/* Files by their extension, in any case; anything else is a DIR. */
	CHECK_RESULTS("out", REC_DIR, 0);
	CHECK_RESULTS("out.d/", REC_DIR, 0);
	CHECK_RESULTS("x.jsonl.d", REC_DIR, 0);
	CHECK_RESULTS("-", REC_DIR, 0);
	CHECK_RESULTS("./-.x", REC_DIR, 0);
	CHECK_RESULTS("x-.", REC_DIR, 0);
	CHECK_RESULTS("x.jsonl", REC_JSONL, 0);
	CHECK_RESULTS("x.JSONL", REC_JSONL, 0);
	CHECK_RESULTS("dir/x.json", REC_JSON, 0);
	CHECK_RESULTS("x.Csv", REC_CSV, 0);
	CHECK_RESULTS("x.tsv", REC_TSV, 0);
	CHECK_RESULTS(".csv", REC_CSV, 0);
	CHECK_RESULTS("-x.csv", REC_CSV, 0);
	CHECK_RESULTS("./-.csv", REC_CSV, 0);
	/* The records on stdout. */
	CHECK_RESULTS("-.jsonl", REC_JSONL, 1);
	CHECK_RESULTS("-.json", REC_JSON, 1);
	CHECK_RESULTS("-.csv", REC_CSV, 1);
	CHECK_RESULTS("-.tsv", REC_TSV, 1);
	CHECK_RESULTS("-.TSV", REC_TSV, 1);
	CHECK_RESULTS("-.JsonL", REC_JSONL, 1);
	/* "-." with anything else is neither a file nor stdout. */
	CHECK_BAD(
	    records_parse_results, "-.x", struct rec_results, results_why);
	CHECK_BAD(records_parse_results, "-.", struct rec_results, results_why);
	CHECK_BAD(
	    records_parse_results, "-.xml", struct rec_results, results_why);
	CHECK_BAD(
	    records_parse_results, "-.jsonx", struct rec_results, results_why);
	CHECK_BAD(
	    records_parse_results, "-.csv.d", struct rec_results, results_why);
	CHECK_BAD(records_parse_results, "-.out.csv", struct rec_results,
	    results_why);
	CHECK_BAD(
	    records_parse_results, "-.-.csv", struct rec_results, results_why);
}

/* The numbers the records make of a job's end (recdef.h). */
static void
test_ends(void)
{
	struct rec_end e = { 0 };

	CHECK_INT(rec_exitval(&e), 0);
	CHECK_INT(rec_status(&e), 0);
	e.exitval = 3;
	CHECK_INT(rec_exitval(&e), 3);
	CHECK_INT(rec_status(&e), 3);
	/* Died of a signal on its own: GNU parallel's Exitval is 0. */
	e.exitval = 0;
	e.signo = 9;
	CHECK_INT(rec_exitval(&e), 0);
	CHECK_INT(rec_status(&e), 137);
	/* Ended by xpool, whatever it then did. */
	e.killed = 1;
	CHECK_INT(rec_exitval(&e), -1);
	CHECK_INT(rec_status(&e), -1);
	e.signo = 0;
	e.exitval = 143;
	CHECK_INT(rec_exitval(&e), -1);
	CHECK_INT(rec_status(&e), -1);
}

/* ---- the joblog ---- */

#define HEADER                                                                 \
	"Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\tCo" \
	"mmand\n"

/* GNU parallel --joblog jl --timeout 0.5 on the same jobs. */
static const struct spec gnu_jobs[] = {
	{ .seq = 1,
	    S("sleep 0.1; exit 1"),
	    .start = 1795436710.250,
	    .runtime = 0.104,
	    .exitval = 1 },
	{ .seq = 3,
	    S("kill -9 $$"),
	    .start = 1795436710.426,
	    .runtime = 0.025,
	    .signo = 9 },
	{ .seq = 4,
	    S("echo a"),
	    S("a\n"),
	    .start = 1795436710.499,
	    .runtime = 0.018 },
	{ .seq = 2,
	    S("sleep 2"),
	    .start = 1795436710.324,
	    .runtime = 0.695,
	    .signo = 15,
	    .killed = 1,
	    .reason = "timeout" },
	{ .seq = 5,
	    S("echo a\necho 2"),
	    S("a\n2\n"),
	    .start = 1795436710.573,
	    .runtime = 0.003 },
};

static void
write_gnu_jobs(struct records *r)
{
	for (size_t i = 0; i < sizeof(gnu_jobs) / sizeof(gnu_jobs[0]); i++)
		run(r, &gnu_jobs[i], 1);
}

/*
 * --joblog arg (freed here) appends to a log whose last line has no newline:
 * the line is ended first.
 */
static void
append_to_cut_log(char *arg, int resuming)
{
	struct records_conf c = { 0 };
	struct records *r;

	c.joblog = joblog_arg(arg);
	c.tmpdir = root;
	c.resuming = resuming;
	spit(c.joblog.path,
	    S("4\t:\t1795436710.499\t     0.018\t0\t2\t0\t0\techo a"));
	r = open_conf(&c);
	run(r, &gnu_jobs[1], 1);
	records_free(r);
	check_file("jl-cut",
	    S("4\t:\t1795436710.499\t     0.018\t0\t2\t0\t0\techo a\n"
	      "3\t:\t1795436710.426\t     0.025\t0\t0\t0\t9\t"
	      "kill -9 $$\n"));
	free(arg);
}

static void
test_joblog(void)
{
	struct records_conf c = { 0 };
	struct records *r;
	char *jl = at("jl"), *plus;
	struct rec_job *j;

	c.joblog = joblog_arg(jl);
	c.tmpdir = root;
	r = open_conf(&c);
	CHECK(!records_capturing(r));
	/* The header is there at once, for tail -f. */
	check_file("jl", S(HEADER));
	write_gnu_jobs(r);
	CHECK_INT(records_close(r), 0);
	records_free(r);
	check_file("jl",
	    S(HEADER "1\t:\t1795436710.250\t     0.104\t0\t0\t1\t0\t"
	             "sleep 0.1; exit 1\n"
	             "3\t:\t1795436710.426\t     0.025\t0\t0\t0\t9\t"
	             "kill -9 $$\n"
	             "4\t:\t1795436710.499\t     0.018\t0\t2\t0\t0\t"
	             "echo a\n"
	             "2\t:\t1795436710.324\t     0.695\t0\t0\t-1\t15\t"
	             "sleep 2\n"
	             "5\t:\t1795436710.573\t     0.003\t0\t4\t0\t0\t"
	             "echo a\0echo 2\n"));

	/* Created again: truncated, a new header. */
	r = open_conf(&c);
	run(r, &gnu_jobs[0], 1);
	CHECK_INT(records_close(r), 0);
	records_free(r);
	check_file("jl",
	    S(HEADER "1\t:\t1795436710.250\t     0.104\t0\t0\t1\t0\t"
	             "sleep 0.1; exit 1\n"));

	/* +FILE appends, never with a header, even to a new file. */
	plus = xasprintf("+%s", jl);
	c.joblog = joblog_arg(plus);
	r = open_conf(&c);
	run(r, &gnu_jobs[2], 1);
	CHECK_INT(records_close(r), 0);
	records_free(r);
	check_file("jl",
	    S(HEADER "1\t:\t1795436710.250\t     0.104\t0\t0\t1\t0\t"
	             "sleep 0.1; exit 1\n"
	             "4\t:\t1795436710.499\t     0.018\t0\t2\t0\t0\t"
	             "echo a\n"));
	free(plus);
	plus = xasprintf("+%s/jl-new", root);
	c.joblog = joblog_arg(plus);
	r = open_conf(&c);
	run(r, &gnu_jobs[2], 1);
	records_free(r); /* without records_close: still written */
	check_file("jl-new",
	    S("4\t:\t1795436710.499\t     0.018\t0\t2\t0\t0\t"
	      "echo a\n"));
	free(plus);

	/* Resuming appends; a missing or empty log gets its header. */
	c.joblog = joblog_arg(jl);
	c.resuming = 1;
	r = open_conf(&c);
	run(r, &gnu_jobs[1], 1);
	records_free(r);
	check_file("jl",
	    S(HEADER "1\t:\t1795436710.250\t     0.104\t0\t0\t1\t0\t"
	             "sleep 0.1; exit 1\n"
	             "4\t:\t1795436710.499\t     0.018\t0\t2\t0\t0\t"
	             "echo a\n"
	             "3\t:\t1795436710.426\t     0.025\t0\t0\t0\t9\t"
	             "kill -9 $$\n"));
	/* A last line without a newline is ended before lines are added. */
	append_to_cut_log(at("jl-cut"), 1);
	append_to_cut_log(xasprintf("+%s/jl-cut", root), 0);
	plus = at("jl-cut");
	spit(plus, HEADER, sizeof(HEADER) - 2); /* without its newline */
	c.joblog = joblog_arg(plus);
	r = open_conf(&c);
	records_free(r);
	check_file("jl-cut", S(HEADER));
	free(plus);
	plus = at("jl-empty");
	spit(plus, "", 0);
	c.joblog = joblog_arg(plus);
	r = open_conf(&c);
	records_free(r);
	check_file("jl-empty", S(HEADER));
	free(plus);
	plus = at("jl-missing");
	c.joblog = joblog_arg(plus);
	r = open_conf(&c);
	records_free(r);
	check_file("jl-missing", S(HEADER));
	free(plus);
	c.resuming = 0;

	/* A host, Send, and a job that exited after xpool killed it. */
	c.joblog = joblog_arg(jl);
	r = open_conf(&c);
	j = records_begin(r, 7, NULL, NULL, 0);
	CHECK(j != NULL);
	if (j != NULL) {
		struct rec_end e = { 0 };

		records_output(j, 0, S("12345"));
		records_output(j, 1, S("not counted"));
		e.command = "cat";
		e.command_len = 3;
		e.host = "me@server";
		e.start = 1.5;
		e.runtime = 12345.6789;
		e.send = 42;
		e.exitval = 143;
		e.killed = 1;
		CHECK_INT(records_end(r, j, &e), 0);
	}
	records_free(r);
	check_file("jl",
	    S(HEADER "7\tme@server\t1.500\t 12345.679\t42\t5\t-1\t0\t"
	             "cat\n"));

	/* A joblog that cannot be made. */
	c.joblog = joblog_arg("/nonexistent/dir/jl");
	catch_stderr();
	r = records_open(&c);
	plus = caught_stderr();
	CHECK(r == NULL);
	CHECK_STR(plus,
	    "xpool: cannot create joblog '/nonexistent/dir/jl': "
	    "No such file or directory\n");
	free(plus);
	free(jl);
}

/* --joblog - writes to fd 1, header and all. */
static void
test_joblog_stdout(void)
{
	struct records_conf c = { 0 };
	struct records *r;
	char *path = at("stdout");
	int saved, fd;

	fflush(stdout);
	saved = dup(1);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	dup2(fd, 1);
	close(fd);
	c.joblog = joblog_arg("-");
	r = records_open(&c);
	if (r != NULL) {
		run(r, &gnu_jobs[2], 1);
		records_close(r);
		records_free(r);
	}
	dup2(saved, 1);
	close(saved);
	CHECK(r != NULL);
	check_file("stdout",
	    S(HEADER "4\t:\t1795436710.499\t     0.018\t0\t2\t0"
	             "\t0\techo a\n"));
	free(path);
}

/* ---- --resume and --resume-failed ---- */

static struct seqset *
read_log(const char *text, size_t len, int failed_too)
{
	char *path = at("resume.log");
	struct seqset *s;

	spit(path, text, len);
	s = records_read_joblog(path, failed_too);
	free(path);
	return s;
}

/* --retry-failed: each job number's command, from its last line. */
static void
test_retry_commands(void)
{
	static const char log[] =
	    HEADER "3\t:\t1.0\t     0.1\t0\t0\t1\t0\tfirst\n"
	           "1\t:\t1.0\t     0.1\t0\t0\t0\t0\techo a\0echo b\n"
	           "3\t:\t1.0\t     0.1\t0\t0\t0\t9\tsecond\t(tab)\n"
	           "5\t:\t1.0\t     0.1\t0\t0\t2\t0\t";
	char *path = at("retry.log"), **cmds, *msg;
	size_t n;

	spit(path, log, sizeof(log) - 1);
	CHECK_INT(records_read_commands(path, &cmds, &n), 0);
	CHECK_INT(n, 5);
	CHECK_STR(cmds[0], "echo a\necho b");
	CHECK(cmds[1] == NULL && cmds[3] == NULL);
	CHECK_STR(cmds[2], "second\t(tab)");
	CHECK_STR(cmds[4], "");
	records_free_commands(cmds, n);

	/* No file: nothing, and 1. */
	unlink(path);
	CHECK_INT(records_read_commands(path, &cmds, &n), 1);
	CHECK(cmds == NULL && n == 0);

	/* A job number 0 or past the limit is refused; so is a bad line. */
	spit(path, S("0\t:\t1\t1\t0\t0\t1\t0\tx\n"));
	catch_stderr();
	CHECK_INT(records_read_commands(path, &cmds, &n), -1);
	free(caught_stderr());
	spit(path, S("99999999\t:\t1\t1\t0\t0\t1\t0\tx\n"));
	catch_stderr();
	CHECK_INT(records_read_commands(path, &cmds, &n), -1);
	msg = caught_stderr();
	CHECK(strstr(msg, "job number 99999999") != NULL);
	free(msg);
	spit(path, S("1\tnot a line\n"));
	catch_stderr();
	CHECK_INT(records_read_commands(path, &cmds, &n), -1);
	free(caught_stderr());
	CHECK(cmds == NULL && n == 0);
	free(path);
}

static void
test_resume(void)
{
	static const char log[] =
	    HEADER "1\t:\t1795436710.250\t     0.104\t0\t0\t1\t0\tsleep 0.1; "
	           "exit 1\n"
	           "3\t:\t1795436710.426\t     0.025\t0\t0\t0\t9\tkill -9 $$\n"
	           "4\t:\t1795436710.499\t     0.018\t0\t2\t0\t0\techo a\n"
	           "2\t:\t1795436710.324\t     0.695\t0\t0\t-1\t15\tsleep 2\n"
	           "5\t:\t1795436710.573\t     0.003\t0\t4\t0\t0\techo a\0echo "
	           "b\tc\n"
	           "6\tuser@host\t1795436711.000\t    -0.001\t10\t20\t0\t0\t\n"
	           "1\t:\t1795436720.000\t     0.100\t0\t0\t0\t0\tsleep 0.1; "
	           "exit 1\n"
	           "10\t:\t1795436720.000\t     0.100\t0\t0\t-2\t0\tx\n"
	           "11\t:\t1795436720.000\t     0.100\t0\t0\t0\t0\tno newline";
	struct seqset *s;

	/* --resume: every job in the log is done. */
	s = read_log(S(log), 0);
	CHECK(s != NULL);
	CHECK_INT(seqset_count(s), 8);
	for (unsigned long i = 0; i <= 12; i++)
		CHECK_INT(
		    seqset_has(s, i), (i >= 1 && i <= 6) || i == 10 || i == 11);
	seqset_free(s);

	/* --resume-failed: only Exitval 0 and Signal 0; 1 succeeded later. */
	s = read_log(S(log), 1);
	CHECK(s != NULL);
	CHECK_INT(seqset_count(s), 5);
	CHECK(seqset_has(s, 1));
	CHECK(!seqset_has(s, 2)); /* killed by the timeout: -1 */
	CHECK(!seqset_has(s, 3)); /* died of SIGKILL: Signal 9 */
	CHECK(seqset_has(s, 4));
	CHECK(seqset_has(s, 5));
	CHECK(seqset_has(s, 6));
	CHECK(!seqset_has(s, 10)); /* skipped: -2 */
	CHECK(seqset_has(s, 11));
	CHECK(!seqset_has(s, 12));
	seqset_free(s);

	/* What our own writer wrote reads back. */
	{
		struct records_conf c = { 0 };
		struct records *r;

		c.joblog = joblog_arg(at("own.log"));
		r = open_conf(&c);
		write_gnu_jobs(r);
		records_free(r);
		s = records_read_joblog(c.joblog.path, 0);
		CHECK(s != NULL && seqset_count(s) == 5);
		seqset_free(s);
		s = records_read_joblog(c.joblog.path, 1);
		CHECK(s != NULL && seqset_count(s) == 2);
		CHECK(seqset_has(s, 4) && seqset_has(s, 5));
		seqset_free(s);
		free((char *)c.joblog.path);
	}

	/* A log without a header (+FILE), and an empty or missing one. */
	s = read_log(S("9\t:\t1.000\t     0.100\t0\t0\t0\t0\tx\n"), 1);
	CHECK(s != NULL && seqset_count(s) == 1 && seqset_has(s, 9));
	seqset_free(s);
	s = read_log("", 0, 0);
	CHECK(s != NULL && seqset_count(s) == 0 && !seqset_has(s, 1));
	seqset_free(s);
	{
		char *missing = at("no-such.log");

		s = records_read_joblog(missing, 0);
		CHECK(s != NULL && seqset_count(s) == 0);
		seqset_free(s);
		free(missing);
	}

	/* Many jobs, in any order: a sorted set. */
	{
		struct buf b = BUF_INIT;

		buf_adds(&b, HEADER);
		for (unsigned long i = 100000; i > 0; i--)
			if (i % 3 != 0)
				buf_printf(&b,
				    "%lu\t:\t1.000\t     0.100\t0\t0\t%d"
				    "\t0\tjob\n",
				    i * 7, i % 5 == 0);
		s = read_log(b.data, b.len, 0);
		CHECK(s != NULL);
		CHECK_INT(seqset_count(s), 66667);
		CHECK(seqset_has(s, 7) && seqset_has(s, 700000));
		CHECK(!seqset_has(s, 21) && !seqset_has(s, 8));
		seqset_free(s);
		s = read_log(b.data, b.len, 1);
		CHECK(s != NULL);
		CHECK(seqset_has(s, 7) && !seqset_has(s, 35));
		seqset_free(s);
		buf_free(&b);
	}
}

static void
check_bad_log(const char *text, size_t len, const char *want)
{
	struct seqset *s;
	char *msg, *path = at("resume.log"), *full;

	catch_stderr();
	s = read_log(text, len, 1);
	msg = caught_stderr();
	CHECK(s == NULL);
	full = xasprintf("xpool: %s: %s; --resume, --resume-failed and "
	                 "--retry-failed read lines of 9 TAB-separated fields "
	                 "(Seq Host Starttime "
	                 "JobRuntime Send Receive Exitval Signal Command) as "
	                 "--joblog writes them\n",
	    path, want);
	CHECK_STR(msg, full);
	seqset_free(s);
	free(full);
	free(msg);
	free(path);
}

static void
test_resume_errors(void)
{
	struct seqset *s;
	char *msg;

	check_bad_log(S(HEADER "1\t:\t1.000\t     0.100\t0\t0\t0\t0\tx\n"
	                       "garbage\n"),
	    "line 3 is not a joblog line (\"garbage\")");
	check_bad_log(S("1 : 1.000 0.100 0 0 0 0 x\n"),
	    "line 1 is not a joblog line (\"1 : 1.000 0.100 0 0 0 0 x\")");
	check_bad_log(S("x1\t:\t1.000\t0.100\t0\t0\t0\t0\tx\n"),
	    "line 1 is not a joblog line (\"x1?:?1.000?0.100?0?0?0?0?x\")");
	check_bad_log(S("1\t:\t1.000\t0.100\t0\t0\t0\t0\n"),
	    "line 1 is not a joblog line (\"1?:?1.000?0.100?0?0?0?0\")");
	check_bad_log(S("1\t\t1.000\t0.100\t0\t0\t0\t0\tx\n"),
	    "line 1 is not a joblog line (\"1??1.000?0.100?0?0?0?0?x\")");
	check_bad_log(S("1\t:\tnow\t0.100\t0\t0\t0\t0\tx\n"),
	    "line 1 is not a joblog line (\"1?:?now?0.100?0?0?0?0?x\")");
	check_bad_log(S("99999999999999999999999\t:\t1\t1\t0\t0\t0\t0\tx\n"),
	    "line 1 is not a joblog line (\"99999999999999999999999?:?1?1?0?0?"
	    "0?0?x\")");
	check_bad_log(S("1\t:\t1\t1\t0\t0\t0\t0\tx\n\n"),
	    "line 2 is not a joblog line (\"\")");
	check_bad_log(S("1\t:\t1\t1\t0\t0\t0\t0\tx\n"
	                "2\t:\t1\t1\t0\t0\t0\t0\ta very long command that "
	                "goes on\n"
	                "3\t:\t1\t1\t0\t0\t0\tx\ty\n"),
	    "line 3 is not a joblog line (\"3?:?1?1?0?0?0?x?y\")");
	check_bad_log(S("2\t:\t1\t1\t0\t0\t0\t0\ta very long command that "
	                "goes on\n"
	                "\x01long bad line with control bytes \x7f and more "
	                "of it\n"),
	    "line 2 is not a joblog line (\"?long bad line with control "
	    "bytes ? and more...\")");

	/* A directory cannot be read as a log. */
	catch_stderr();
	s = records_read_joblog(root, 0);
	msg = caught_stderr();
	CHECK(s == NULL);
	CHECK(msg != NULL && strstr(msg, "xpool: cannot read joblog '") == msg);
	CHECK(msg != NULL && strstr(msg, "Is a directory\n") != NULL);
	free(msg);
}

/* ---- --results FILE ---- */

/* GNU parallel --results x.json 'printf "%s\t\"q\"\\n" {}; echo err >&2'
 * ::: a 'b c' ::: 1 */
static const struct spec gnu_json[] = {
	{ .seq = 1,
	    S("printf \"%s\\t\\\"q\\\"\\\\n\" a 1; echo err >&2"),
	    S("a\t\"q\"\n1\t\"q\"\n"),
	    S("err\n"),
	    { "a", "1" },
	    { 1, 1 },
	    2,
	    1795436707.577,
	    0.007,
	    0,
	    0,
	    0,
	    NULL,
	    "" },
	{ .seq = 2,
	    S("printf \"%s\\t\\\"q\\\"\\\\n\" 'b c' 1; echo err >&2"),
	    S("b c\t\"q\"\n1\t\"q\"\n"),
	    S("err\n"),
	    { "b c", "1" },
	    { 3, 1 },
	    2,
	    1795436707.639,
	    0.014,
	    0,
	    0,
	    0,
	    NULL,
	    "" },
};

static const char gnu_json_out[] =
    "{ \"Seq\": 1, \"Host\": \":\", \"Starttime\": 1795436707.577, "
    "\"JobRuntime\": 0.007, \"Send\": 0, \"Receive\": 12, \"Exitval\": 0, "
    "\"Signal\": 0, \"Command\": \"printf \\\"%s\\\\t\\\\\\\"q\\\\\\\"\\\\\\\\n"
    "\\\" a 1; echo err >&2\", \"V\": [ \"a\",\"1\" ], \"Stdout\": \"a\\u0009"
    "\\\"q\\\"\\u000a1\\u0009\\\"q\\\"\\u000a\", \"Stderr\": \"err\\u000a\" }\n"
    "{ \"Seq\": 2, \"Host\": \":\", \"Starttime\": 1795436707.639, "
    "\"JobRuntime\": 0.014, \"Send\": 0, \"Receive\": 14, \"Exitval\": 0, "
    "\"Signal\": 0, \"Command\": \"printf \\\"%s\\\\t\\\\\\\"q\\\\\\\"\\\\\\\\n"
    "\\\" 'b c' 1; echo err >&2\", \"V\": [ \"b c\",\"1\" ], \"Stdout\": \"b "
    "c\\u0009\\\"q\\\"\\u000a1\\u0009\\\"q\\\"\\u000a\", \"Stderr\": "
    "\"err\\u000a\" }\n";

/* The same, with 'b,c' for 'b c', as .csv and .tsv. */
static const struct spec gnu_csv[] = {
	{ .seq = 1,
	    S("printf \"%s\\t\\\"q\\\"\\\\n\" a 1; echo err >&2"),
	    S("a\t\"q\"\n1\t\"q\"\n"),
	    S("err\n"),
	    { "a", "1" },
	    { 1, 1 },
	    2,
	    1795436708.522,
	    0.000,
	    0,
	    0,
	    0,
	    NULL,
	    "" },
	{ .seq = 2,
	    S("printf \"%s\\t\\\"q\\\"\\\\n\" 'b,c' 1; echo err >&2"),
	    S("b,c\t\"q\"\n1\t\"q\"\n"),
	    S("err\n"),
	    { "b,c", "1" },
	    { 3, 1 },
	    2,
	    1795436708.589,
	    0.028,
	    0,
	    0,
	    0,
	    NULL,
	    "" },
};

static const char gnu_csv_out[] =
    "Seq,Host,Starttime,JobRuntime,Send,Receive,Exitval,Signal,Command,V1,"
    "V2,Stdout,Stderr\n"
    "1,:,1795436708.522,0.000,0,12,0,0,\"printf \"\"%s\\t\\\"\"q\\\"\"\\\\n\"\""
    " a 1; echo err >&2\",a,1,\"a\t\"\"q\"\"\n"
    "1\t\"\"q\"\"\n"
    "\",\"err\n"
    "\"\n"
    "2,:,1795436708.589,0.028,0,14,0,0,\"printf \"\"%s\\t\\\"\"q\\\"\"\\\\n\"\""
    " 'b,c' 1; echo err >&2\",\"b,c\",1,\"b,c\t\"\"q\"\"\n"
    "1\t\"\"q\"\"\n"
    "\",\"err\n"
    "\"\n";

static const char gnu_tsv_out[] =
    "Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\t"
    "Command\tV1\tV2\tStdout\tStderr\n"
    "1\t:\t1795436708.522\t0.000\t0\t12\t0\t0\t\"printf \"\"%s\\t\\\"\"q\\\"\""
    "\\\\n\"\" a 1; echo err >&2\"\ta\t1\t\"a\t\"\"q\"\"\n"
    "1\t\"\"q\"\"\n"
    "\"\t\"err\n"
    "\"\n"
    "2\t:\t1795436708.589\t0.028\t0\t14\t0\t0\t\"printf \"\"%s\\t\\\"\"q\\\"\""
    "\\\\n\"\" 'b,c' 1; echo err >&2\"\tb,c\t1\t\"b,c\t\"\"q\"\"\n"
    "1\t\"\"q\"\"\n"
    "\"\t\"err\n"
    "\"\n";

/* Bytes no format may pass through unchanged. */
static const struct spec nasty = { .seq = 3,
	S("printf '\\0' \"a\nb\" \x01\x1f\x7f&<>\"' \xc3\xa9\r"),
	S("q\"uote back\\slash nul\0 tab\t nl\n cr\r ctl\x01\x1b del\x7f"
	  " ok:\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80 bad:\xff\xfe\xc3(\xe2\x82"
	  "(\xed\xa0\x80\xc0\xaf\xf4\x90\x80\x80 nonchar:\xef\xbf\xbf"
	  "\xef\xbf\xbe x<&>'\" end:\xf0\x9f\x98"),
	S("\xe2\x82"),
	{ "v,\"1\"\n", "v\0\xff" },
	{ 6, 3 },
	2,
	1795436800.000,
	1.5,
	0,
	11,
	0,
	NULL,
	"signal" };

static void
test_results_gnu(void)
{
	struct records_conf c = { 0 };
	struct records *r;

	c.tmpdir = root;
	c.results = results_arg(at("x.json"));
	r = open_conf(&c);
	CHECK(records_capturing(r));
	for (size_t i = 0; i < 2; i++)
		run(r, &gnu_json[i], 3);
	CHECK_INT(records_close(r), 0);
	records_free(r);
	check_file("x.json", S(gnu_json_out));
	free((char *)c.results.path);

	c.results = results_arg(at("x.csv"));
	r = open_conf(&c);
	for (size_t i = 0; i < 2; i++)
		run(r, &gnu_csv[i], 5);
	CHECK_INT(records_close(r), 0);
	records_free(r);
	check_file("x.csv", S(gnu_csv_out));
	free((char *)c.results.path);

	c.results = results_arg(at("x.TSV"));
	r = open_conf(&c);
	for (size_t i = 0; i < 2; i++)
		run(r, &gnu_csv[i], 100);
	CHECK_INT(records_close(r), 0);
	records_free(r);
	check_file("x.TSV", S(gnu_tsv_out));
	free((char *)c.results.path);
}

static void
test_results_escaping(void)
{
	struct records_conf c = { 0 };
	struct records *r;
	struct spec s = nasty;
	static const char *const header[] = { "first", "second, \"2nd\"" };

	/* JSON: control characters as GNU parallel writes them, UTF-8 kept,
	 * invalid bytes one U+FFFD per maximal subpart, even when a
	 * character is split between two pieces. */
	c.tmpdir = root;
	c.results = results_arg(at("n.jsonl"));
	r = open_conf(&c);
	run(r, &s, 1);
	s.seq = 4;
	run(r, &s, 7);
	s.seq = 5;
	run(r, &s, 4096);
	CHECK_INT(records_close(r), 0);
	records_free(r);
	{
		static const char rec[] =
		    "{ \"Seq\": 3, \"Host\": \":\", \"Starttime\": "
		    "1795436800.000, \"JobRuntime\": 1.500, \"Send\": 0, "
		    "\"Receive\": 110, \"Exitval\": 0, \"Signal\": 11, "
		    "\"Command\": \"printf '\\\\0' \\\"a\\u000ab\\\" "
		    "\\u0001\\u001f\x7f&<>\\\"' \xc3\xa9\\u000d\", \"V\": [ "
		    "\"v,\\\"1\\\"\\u000a\",\"v\\u0000\xef\xbf\xbd\" ], "
		    "\"Stdout\": \"q\\\"uote back\\\\slash nul\\u0000 "
		    "tab\\u0009 nl\\u000a cr\\u000d ctl\\u0001\\u001b "
		    "del\x7f ok:\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80 "
		    "bad:\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd(\xef\xbf\xbd("
		    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf"
		    "\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd "
		    "nonchar:\xef\xbf\xbf\xef\xbf\xbe x<&>'\\\" "
		    "end:\xef\xbf\xbd\", \"Stderr\": \"\xef\xbf\xbd\" }\n";
		char *path = at("n.jsonl");
		size_t len = 0;
		char *got = slurp(path, &len);

		size_t n = sizeof(rec) - 1;

		CHECK_INT(len, 3 * n);
		if (got != NULL && len == 3 * n) {
			/* The same record thrice, but for the Seq digit. */
			for (int i = 0; i < 3; i++) {
				CHECK(got[i * n + 9] == '3' + i);
				got[i * n + 9] = '3';
				CHECK_MEM(got + i * n, n, rec, n);
			}
		}
		free(got);
		free(path);
	}
	python_check("json", "n.jsonl", 3);
	free((char *)c.results.path);

	/* CSV: quoted when needed, quotes doubled, bytes as they are, the
	 * --header names for V1 and V2. */
	c.results = results_arg(at("n.csv"));
	c.header = header;
	c.nheader = 2;
	r = open_conf(&c);
	s.seq = 3;
	run(r, &s, 1);
	s.seq = 4;
	s.out = "plain";
	s.outlen = 5;
	s.err = "";
	s.errlen = 0;
	run(r, &s, 2);
	CHECK_INT(records_close(r), 0);
	records_free(r);
	{
		struct buf want = BUF_INIT;

		buf_adds(&want,
		    "Seq,Host,Starttime,JobRuntime,Send,Receive,"
		    "Exitval,Signal,Command,first,\"second, "
		    "\"\"2nd\"\"\",Stdout,Stderr\n"
		    "3,:,1795436800.000,1.500,0,110,0,11,\"");
		buf_add(&want,
		    S("printf '\\0' \"\"a\nb\"\" \x01\x1f\x7f&<>\"\"' "
		      "\xc3\xa9\r\",\"v,\"\"1\"\"\n\",\"v\0\xff\",\""));
		buf_add(&want,
		    S("q\"\"uote back\\slash nul\0 tab\t nl\n cr\r "
		      "ctl\x01\x1b del\x7f ok:\xc3\xa9\xe2\x82\xac"
		      "\xf0\x9f\x98\x80 bad:\xff\xfe\xc3(\xe2\x82("
		      "\xed\xa0\x80\xc0\xaf\xf4\x90\x80\x80 "
		      "nonchar:\xef\xbf\xbf\xef\xbf\xbe x<&>'\"\" "
		      "end:\xf0\x9f\x98\",\xe2\x82\n"));
		buf_add(&want,
		    S("4,:,1795436800.000,1.500,0,5,0,11,\""
		      "printf '\\0' \"\"a\nb\"\" \x01\x1f\x7f&<>\"\"' "
		      "\xc3\xa9\r\",\"v,\"\"1\"\"\n\",\"v\0\xff\","
		      "plain,\n"));
		check_file("n.csv", want.data, want.len);
		buf_free(&want);
	}
	python_check("csv", "n.csv", 2);
	free((char *)c.results.path);

	/* TSV: GNU parallel's rule is CSV's with TAB: a TAB is quoted. */
	c.results = results_arg(at("n.tsv"));
	c.header = NULL;
	c.nheader = 0;
	r = open_conf(&c);
	s = nasty;
	s.out = "a\tb";
	s.outlen = 3;
	s.err = "c,d";
	s.errlen = 3;
	s.cmd = "echo";
	s.cmdlen = 4;
	run(r, &s, 1);
	CHECK_INT(records_close(r), 0);
	records_free(r);
	check_file("n.tsv",
	    S("Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\t"
	      "Exitval\tSignal\tCommand\tV1\tV2\tStdout\t"
	      "Stderr\n3\t:\t1795436800.000\t1.500\t0\t3\t0\t11\t"
	      "echo\t\"v,\"\"1\"\"\n\"\t\"v\0\xff\"\t\"a\tb\"\t"
	      "c,d\n"));
	python_check("tsv", "n.tsv", 1);
	free((char *)c.results.path);
}

/* "-.csv" writes the records to fd 1; resuming appends to the file. */
static void
test_results_stdout_resume(void)
{
	struct records_conf c = { 0 };
	struct records *r;
	char *path = at("stdout");
	int saved, fd;
	struct spec s = gnu_csv[0];

	fflush(stdout);
	saved = dup(1);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	dup2(fd, 1);
	close(fd);
	c.tmpdir = root;
	c.results = results_arg("-.csv");
	r = records_open(&c);
	if (r != NULL) {
		s.out = "x";
		s.outlen = 1;
		run(r, &s, 1);
		records_close(r);
		records_free(r);
	}
	dup2(saved, 1);
	close(saved);
	CHECK(r != NULL);
	check_file("stdout",
	    S("Seq,Host,Starttime,JobRuntime,Send,Receive,"
	      "Exitval,Signal,Command,V1,V2,Stdout,Stderr\n"
	      "1,:,1795436708.522,0.000,0,1,0,0,\"printf "
	      "\"\"%s\\t\\\"\"q\\\"\"\\\\n\"\" a 1; echo err "
	      ">&2\",a,1,x,\"err\n\"\n"));
	free(path);

	/* The first run wrote x.csv; --resume adds to it, no new header. */
	c.results = results_arg(at("r.csv"));
	r = open_conf(&c);
	run(r, &gnu_csv[0], 64);
	records_free(r);
	c.resuming = 1;
	r = open_conf(&c);
	run(r, &gnu_csv[1], 64);
	records_free(r);
	{
		static const char one[] = "2,:,1795436708.589";
		char *p = at("r.csv");
		size_t len = 0;
		char *got = slurp(p, &len);

		CHECK(got != NULL && len == sizeof(gnu_csv_out) - 1);
		CHECK(got != NULL && strstr(got, one) != NULL);
		free(got);
		free(p);
	}
	free((char *)c.results.path);
}

/* ---- --results DIR ---- */

static void
check_dir_job(const char *dir, const char *seq, const char *out,
    const char *err, const char *exitval)
{
	char *name;

	name = xasprintf("%s/seq", dir);
	check_file(name, seq, strlen(seq));
	free(name);
	name = xasprintf("%s/stdout", dir);
	check_file(name, out, strlen(out));
	free(name);
	name = xasprintf("%s/stderr", dir);
	check_file(name, err, strlen(err));
	free(name);
	name = xasprintf("%s/exitval", dir);
	if (exitval != NULL)
		check_file(name, exitval, strlen(exitval));
	else
		CHECK(!exists(name));
	free(name);
}

static void
test_results_dir(void)
{
	struct records_conf c = { 0 };
	struct records *r;
	struct spec s = { 0 };
	struct rec_job *j;
	char long_value[400], *long_dir;
	static const char *const header[] = { "b", "a" };

	c.tmpdir = root;
	c.results = results_arg(at("out/deeper"));
	r = open_conf(&c);
	CHECK(records_capturing(r));
	s.cmd = "echo";
	s.cmdlen = 4;
	s.nv = 1;
	s.v[0] = "a";
	s.vlen[0] = 1;
	s.seq = 1;
	/* While the job runs, seq is there and output goes straight out. */
	j = begin(r, &s);
	if (j != NULL) {
		records_output(j, 0, S("a"));
		records_output(j, 1, S("e1\n"));
		records_output(j, 0, S("\n"));
		check_dir_job("out/deeper/1/a", "1", "a\n", "e1\n", NULL);
		CHECK_INT(end(r, j, &s), 0);
	}
	check_dir_job("out/deeper/1/a", "1", "a\n", "e1\n", "0");

	/* / \ TAB NUL as GNU parallel escapes them; names that cannot be
	 * files; what a signal or xpool's kill leaves in exitval. */
	s.seq = 2;
	s.v[0] = "c/d";
	s.vlen[0] = 3;
	s.exitval = 3;
	run(r, &s, 1);
	check_dir_job("out/deeper/1/c\\_d", "2", "", "", "3");
	s.seq = 3;
	s.v[0] = "a\\b\tc\0d";
	s.vlen[0] = 7;
	s.signo = 9;
	run(r, &s, 1);
	check_dir_job("out/deeper/1/a\\\\b\\tc\\0d", "3", "", "", "137");
	s.seq = 4;
	s.v[0] = "";
	s.vlen[0] = 0;
	s.killed = 1;
	s.signo = 15;
	run(r, &s, 1);
	check_dir_job("out/deeper/1/\\e", "4", "", "", "-1");
	s.seq = 5;
	s.v[0] = ".";
	s.vlen[0] = 1;
	run(r, &s, 1);
	check_dir_job("out/deeper/1/\\.", "5", "", "", "-1");
	s.seq = 6;
	s.v[0] = "..";
	s.vlen[0] = 2;
	s.killed = 0;
	s.signo = 0;
	s.exitval = 0;
	run(r, &s, 1);
	check_dir_job("out/deeper/1/\\.\\.", "6", "", "", "0");
	CHECK(!exists("out/deeper/seq") && !exists("out/seq"));

	/* Too long for a file name: cut, not split within a character. */
	memset(long_value, 'x', sizeof(long_value));
	memcpy(long_value + 254, "\xc3\xa9", 2);
	s.seq = 7;
	s.v[0] = long_value;
	s.vlen[0] = sizeof(long_value);
	run(r, &s, 1);
	long_value[254] = '\0';
	long_dir = xasprintf("out/deeper/1/%s", long_value);
	check_dir_job(long_dir, "7", "", "", "0");
	free(long_dir);

	/* A job run again: a stale exitval goes at its start. */
	s.seq = 8;
	s.v[0] = "a";
	s.vlen[0] = 1;
	j = begin(r, &s);
	check_dir_job("out/deeper/1/a", "8", "", "", NULL);
	if (j != NULL)
		CHECK_INT(end(r, j, &s), 0);

	/* Values for two sources; a job without any (--pipe). */
	s.seq = 9;
	s.nv = 2;
	s.v[1] = "b";
	s.vlen[1] = 1;
	run(r, &s, 1);
	check_dir_job("out/deeper/1/a/2/b", "9", "", "", "0");
	s.seq = 10;
	s.nv = 0;
	run(r, &s, 1);
	check_dir_job("out/deeper/seq/10", "10", "", "", "0");
	CHECK_INT(records_close(r), 0);
	records_free(r);
	free((char *)c.results.path);

	/* --header: sorted by name; -N2 with one source: records in turn. */
	c.results = results_arg(at("hd"));
	c.header = header;
	c.nheader = 2;
	r = open_conf(&c);
	s.seq = 1;
	s.nv = 2;
	s.v[0] = "B1";
	s.v[1] = "A1";
	s.vlen[0] = s.vlen[1] = 2;
	run(r, &s, 1);
	check_dir_job("hd/a/A1/b/B1", "1", "", "", "0");
	records_free(r);
	free((char *)c.results.path);
	c.results = results_arg(at("n2"));
	c.header = NULL;
	c.nheader = 0;
	c.nsources = 1;
	r = open_conf(&c);
	s.seq = 1;
	s.nv = 2;
	s.v[0] = "a";
	s.v[1] = "b";
	s.vlen[0] = s.vlen[1] = 1;
	run(r, &s, 1);
	check_dir_job("n2/1/a/1/b", "1", "", "", "0");
	records_free(r);
	free((char *)c.results.path);

	/* Header names sort numerically first, as Perl's <=> then cmp. */
	{
		static const char *const h[] = { "10x", "9y", "b", "a", "-1" };
		static const char *const v[] = { "V10", "V9", "VB", "VA",
			"VM" };

		c.results = results_arg(at("hs"));
		c.header = h;
		c.nheader = 5;
		c.nsources = 0;
		r = open_conf(&c);
		s.seq = 1;
		s.nv = 5;
		for (int i = 0; i < 5; i++) {
			s.v[i] = v[i];
			s.vlen[i] = strlen(v[i]);
		}
		run(r, &s, 1);
		check_dir_job(
		    "hs/-1/VM/a/VA/b/VB/9y/V9/10x/V10", "1", "", "", "0");
		records_free(r);
		free((char *)c.results.path);
	}

	/* A directory that cannot be made. */
	c.results = results_arg("/proc/no/such/dir");
	catch_stderr();
	r = records_open(&c);
	long_dir = caught_stderr();
	CHECK(r == NULL);
	CHECK(long_dir != NULL &&
	    strstr(long_dir,
	        "xpool: --results: cannot create directory "
	        "'/proc/no/such/dir': ") == long_dir);
	free(long_dir);
	records_free(r);
}

/* ---- --junit ---- */

static void
test_junit(void)
{
	struct records_conf c = { 0 };
	struct records *r;
	struct spec s = nasty;
	char *xml;
	size_t len = 0;

	c.tmpdir = root;
	c.junit = at("junit.xml");
	r = open_conf(&c);
	CHECK(records_capturing(r));
	s.seq = 1;
	run(r, &s, 3);
	s = gnu_json[0];
	s.seq = 2;
	run(r, &s, 1);
	s.seq = 3;
	s.exitval = 2;
	s.fail = "exit";
	run(r, &s, 1);
	s.seq = 4;
	s.killed = 1;
	s.signo = 15;
	s.reason = "timeout";
	s.fail = "timeout";
	run(r, &s, 1);
	s.seq = 5;
	s.reason = NULL;
	s.fail = "killed";
	s.signo = 0;
	s.exitval = 143;
	run(r, &s, 1);
	s.seq = 6;
	s.killed = 0;
	s.exitval = 0;
	s.fail = "";
	s.out = s.err = "";
	s.outlen = s.errlen = 0;
	run(r, &s, 1);
	/* Written only at the end, with the counts right. */
	check_file("junit.xml", "", 0);
	CHECK_INT(records_close(r), 0);
	records_free(r);
	xml = slurp(c.junit, &len);
	CHECK(xml != NULL);
	if (xml != NULL) {
		static const char head[] =
		    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		    "<testsuites name=\"xpool\" tests=\"6\" failures=\"4\" "
		    "errors=\"0\" time=\"";

		CHECK(strncmp(xml, head, sizeof(head) - 1) == 0);
		CHECK(strstr(xml,
		          "<testsuite name=\"xpool\" tests=\"6\" "
		          "failures=\"4\" errors=\"0\" skipped=\"0\" "
		          "time=\"") != NULL);
		CHECK(strstr(xml,
		          "    <testcase classname=\"xpool\" name=\"1: printf "
		          "&apos;\\0&apos; &quot;a&#10;b&quot; \xef\xbf\xbd"
		          "\xef\xbf\xbd\x7f&amp;&lt;&gt;&quot;&apos; "
		          "\xc3\xa9&#13;\" time=\"1.500\">\n"
		          "      <failure message=\"killed by signal 11 "
		          "(SIGSEGV)\" type=\"signal\"/>\n"
		          "      <system-out>q&quot;uote back\\slash nul"
		          "\xef\xbf\xbd tab\t nl\n cr&#13; ctl\xef\xbf\xbd"
		          "\xef\xbf\xbd del\x7f ok:\xc3\xa9\xe2\x82\xac\xf0"
		          "\x9f\x98\x80 bad:\xef\xbf\xbd\xef\xbf\xbd\xef\xbf"
		          "\xbd(\xef\xbf\xbd(\xef\xbf\xbd\xef\xbf\xbd\xef\xbf"
		          "\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf"
		          "\xbd\xef\xbf\xbd\xef\xbf\xbd nonchar:\xef\xbf\xbd"
		          "\xef\xbf\xbd x&lt;&amp;&gt;&apos;&quot; end:\xef"
		          "\xbf\xbd</system-out>\n"
		          "      <system-err>\xef\xbf\xbd</system-err>\n"
		          "    </testcase>\n") != NULL);
		CHECK(strstr(xml, "name=\"2: printf \"") == NULL);
		CHECK(strstr(xml,
		          "<failure message=\"exit status 2\" "
		          "type=\"exit\"/>") != NULL);
		CHECK(strstr(xml,
		          "<failure message=\"timeout: killed by xpool "
		          "with signal 15 (SIGTERM)\" "
		          "type=\"timeout\"/>") != NULL);
		CHECK(strstr(xml,
		          "<failure message=\"killed by xpool; exit "
		          "status 143\" type=\"killed\"/>") != NULL);
		CHECK(strstr(xml,
		          "<testcase classname=\"xpool\" name=\"6: "
		          "printf &quot;%s\\t\\&quot;q\\&quot;\\\\n&quot; "
		          "a 1; echo err &gt;&amp;2\" time=\"0.007\">\n"
		          "    </testcase>\n") != NULL);
		static const char tail[] = "  </testsuite>\n</testsuites>\n";

		CHECK(len > sizeof(tail) &&
		    strcmp(xml + len - sizeof(tail) + 1, tail) == 0);
	}
	free(xml);
	python_check("junit", "junit.xml", 6);

	/* No job at all is still a report. */
	r = open_conf(&c);
	CHECK_INT(records_close(r), 0);
	records_free(r);
	xml = slurp(c.junit, &len);
	CHECK(xml != NULL && strstr(xml, "tests=\"0\" failures=\"0\"") != NULL);
	free(xml);
	python_check("junit", "junit.xml", 0);
	free((char *)c.junit);
}

/* ---- large output ---- */

/* Whether xpool holds an unlinked file under root open (the spill file). */
static int
spilling(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	char link[PATH_MAX + 32], *prefix = xasprintf("%s/xpool.", root);
	int found = 0;

	while (d != NULL && (e = readdir(d)) != NULL) {
		char *p = xasprintf("/proc/self/fd/%s", e->d_name);
		ssize_t n = readlink(p, link, sizeof(link) - 1);

		free(p);
		if (n <= 0)
			continue;
		link[n] = '\0';
		if (strncmp(link, prefix, strlen(prefix)) == 0 &&
		    strstr(link, " (deleted)") != NULL)
			found = 1;
	}
	if (d != NULL)
		closedir(d);
	free(prefix);
	return found;
}

static void
test_large(void)
{
	struct records_conf c = { 0 };
	struct records *r;
	struct spec s[3] = { { 0 } };
	struct rec_job *j[3];
	struct buf out[3] = { BUF_INIT, BUF_INIT, BUF_INIT };
	size_t total = 3 * 1024 * 1024;

	/* Three jobs at once, 3 MiB each, their pieces interleaved; UTF-8,
	 * quotes and newlines cut at every boundary. */
	c.tmpdir = root;
	c.results = results_arg(at("big.jsonl"));
	c.junit = at("big.xml");
	r = open_conf(&c);
	for (int k = 0; k < 3; k++) {
		while (out[k].len < total)
			buf_printf(&out[k],
			    "%d line %zu \xc3\xa9\"\xe2\x82\xac"
			    "\xf0\x9f\x98\x80<&>\n",
			    k, out[k].len);
		s[k].seq = (unsigned long)k + 1;
		s[k].cmd = "big";
		s[k].cmdlen = 3;
		s[k].out = out[k].data;
		s[k].outlen = out[k].len;
		s[k].err = k == 1 ? "\xff" : "";
		s[k].errlen = k == 1 ? 1 : 0;
		s[k].fail = "";
		j[k] = begin(r, &s[k]);
	}
	CHECK(!spilling());
	for (size_t off = 0; off < total; off += 4093)
		for (int k = 0; k < 3; k++) {
			size_t n =
			    out[k].len - off < 4093 ? out[k].len - off : 4093;
			if (j[k] != NULL && off < out[k].len)
				records_output(j[k], 0, out[k].data + off, n);
		}
	CHECK(spilling());
	for (int k = 0; k < 3; k++) {
		if (j[k] == NULL)
			continue;
		records_output(j[k], 1, s[k].err, s[k].errlen);
		CHECK_INT(end(r, j[k], &s[k]), 0);
	}
	CHECK_INT(records_close(r), 0);
	records_free(r);
	python_check("json", "big.jsonl", 3);
	python_check("junit", "big.xml", 3);
	free((char *)c.results.path);
	free((char *)c.junit);

	/* A tiny hold: everything spills; CSV keeps the bytes exactly. */
	c.results = results_arg(at("big.csv"));
	c.junit = NULL;
	c.hold = 10;
	r = open_conf(&c);
	for (int k = 0; k < 3; k++) {
		s[k].outlen = 100000 + (size_t)k;
		j[k] = begin(r, &s[k]);
	}
	for (size_t off = 0; off < 100002; off += 333)
		for (int k = 2; k >= 0; k--) {
			size_t n =
			    s[k].outlen - off < 333 ? s[k].outlen - off : 333;

			if (j[k] != NULL && off < s[k].outlen)
				records_output(j[k], 0, s[k].out + off, n);
		}
	for (int k = 0; k < 3; k++) {
		if (j[k] == NULL)
			continue;
		records_output(j[k], 1, s[k].err, s[k].errlen);
		CHECK_INT(end(r, j[k], &s[k]), 0);
	}
	CHECK_INT(records_close(r), 0);
	records_free(r);
	python_check("csv", "big.csv", 3);
	{
		char *p = at("big.csv");
		size_t len = 0;
		char *got = slurp(p, &len);
		struct buf want = BUF_INIT;

		buf_adds(&want,
		    "Seq,Host,Starttime,JobRuntime,Send,Receive,"
		    "Exitval,Signal,Command,Stdout,Stderr\n");
		for (int k = 0; k < 3; k++) {
			buf_printf(&want, "%d,:,0.000,0.000,0,%zu,0,0,big,\"",
			    k + 1, s[k].outlen);
			for (size_t i = 0; i < s[k].outlen; i++) {
				if (s[k].out[i] == '"')
					buf_addc(&want, '"');
				buf_addc(&want, s[k].out[i]);
			}
			buf_adds(&want, k == 1 ? "\",\xff\n" : "\",\n");
		}
		CHECK_MEM(got, len, want.data, want.len);
		free(got);
		free(p);
		buf_free(&want);
	}
	free((char *)c.results.path);
	for (int k = 0; k < 3; k++)
		buf_free(&out[k]);
}

/*
 * A spill file that cannot be made: the results record is left out, the
 * JUnit test case says the output is lost, and both are told.  The JUnit
 * body already has its temporary file when the directory goes away.
 */
static void
test_spill_fails(void)
{
	struct records_conf c = { 0 };
	struct records *r;
	struct rec_job *j;
	struct spec s = gnu_json[0];
	char *msg, *want, *xml, *dir = at("spill");
	size_t len = 0;

	CHECK(mkdir(dir, 0700) == 0);
	c.tmpdir = dir;
	c.hold = 4;
	c.results = results_arg(at("lost.json"));
	c.junit = at("lost.xml");
	r = open_conf(&c);
	s.out = "ok\n";
	s.outlen = 3;
	s.err = "";
	s.errlen = 0;
	run(r, &s, 100);
	CHECK(rmdir(dir) == 0);
	s.seq = 2;
	j = begin(r, &s);
	if (j != NULL) {
		records_output(j, 0, S("abc"));
		records_output(j, 1, S("past the hold"));
		catch_stderr();
		CHECK_INT(end(r, j, &s), -1);
		msg = caught_stderr();
		want =
		    xasprintf("xpool: cannot keep job 2's output in a "
		              "temporary file in '%s': No such file or "
		              "directory; its --results record is left out\n",
		        dir);
		CHECK_STR(msg, want);
		free(want);
		free(msg);
	}
	CHECK_INT(records_close(r), 0);
	records_free(r);
	xml = slurp(c.results.path, &len);
	CHECK(xml != NULL && strncmp(xml, "{ \"Seq\": 1,", 11) == 0 &&
	    strstr(xml, "\"Seq\": 2") == NULL);
	free(xml);
	xml = slurp(c.junit, &len);
	want =
	    xasprintf("<testcase classname=\"xpool\" name=\"2: %s\" "
	              "time=\"0.007\">\n"
	              "      <system-err>xpool: this job&apos;s output could "
	              "not be kept: No such file or directory</system-err>\n"
	              "    </testcase>\n",
	        "printf &quot;%s\\t\\&quot;q\\&quot;\\\\n&quot; a 1; echo err "
	        "&gt;&amp;2");
	CHECK(xml != NULL && strstr(xml, want) != NULL);
	CHECK(xml != NULL && strstr(xml, "tests=\"2\" failures=\"0\"") != NULL);
	free(want);
	free(xml);
	free((char *)c.results.path);
	free((char *)c.junit);
	free(dir);
}

/* How many descriptors the process has open. */
static int
open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	while (d != NULL && readdir(d) != NULL)
		n++;
	if (d != NULL)
		closedir(d);
	return n;
}

/* Jobs begun and never ended are freed with the rest. */
static void
test_abandoned(void)
{
	struct records_conf c = { 0 };
	struct records *r;
	struct spec s = gnu_json[0];

	c.tmpdir = root;
	c.results = results_arg(at("ab"));
	c.junit = at("ab.xml");
	c.hold = 4;
	r = open_conf(&c);
	for (unsigned long i = 1; i <= 3; i++) {
		struct rec_job *j;

		s.seq = i;
		j = begin(r, &s);
		if (j != NULL)
			records_output(j, i % 2, S("more than four bytes"));
	}
	CHECK_INT(records_close(r), 0);
	records_free(r);
	records_free(NULL);
	free((char *)c.results.path);
	free((char *)c.junit);
}

int
main(void)
{
	const char *tmp = getenv("TMPDIR");
	char *cmd, *dir = xstrdup(__FILE__), *slash = strrchr(dir, '/');
	int fds = open_fds();

	/* Run from the top of the source tree, as make check does. */
	cmd = xasprintf(
	    "%s/check_records.py", slash ? (*slash = '\0', dir) : ".");
	if (realpath(cmd, script) == NULL)
		script[0] = '\0';
	free(cmd);
	free(dir);

	snprintf(root, sizeof(root), "%s/xpool-records.XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	if (mkdtemp(root) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	cmd = xasprintf("%s/raw", root);
	CHECK(mkdir(cmd, 0700) == 0);
	free(cmd);
	have_python = system("command -v python3 >/dev/null 2>&1") == 0;
	if (!have_python) {
		fprintf(
		    stderr, "test_records: python3 not found; run make deps\n");
		CHECK(have_python);
	} else if (script[0] == '\0') {
		fprintf(stderr,
		    "test_records: check_records.py not found; run "
		    "from the top of the source tree\n");
		CHECK(script[0] != '\0');
		have_python = 0;
	}

	test_names();
	test_ends();
	test_joblog();
	test_joblog_stdout();
	test_resume();
	test_retry_commands();
	test_resume_errors();
	test_results_gnu();
	test_results_escaping();
	test_results_stdout_resume();
	test_results_dir();
	test_junit();
	test_large();
	test_abandoned();
	test_spill_fails();
	/* Every file and spill file is closed again. */
	CHECK_INT(open_fds(), fds);

	if (unit_failures == 0) {
		cmd = xasprintf("rm -rf '%s'", root);
		CHECK(system(cmd) == 0);
		free(cmd);
	} else if (unit_failures != 0)
		fprintf(stderr, "test_records: files kept in %s\n", root);
	return unit_done("test_records");
}
