/*
 * test_parse.c -- the option-value parsers (src/parse.h): parse_long,
 * parse_jobs, parse_delim, parse_trim, parse_size and size_text,
 * parse_duration, parse_termseq, parse_halt, parse_load.
 */
#include <limits.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>

#include "parse.h"
#include "unit.h"

/* A value that no parser returns, to see that failures leave *out alone. */
#define UNSET (-4242)

static void
ok_long(const char *s, long min, long max, long want, int line)
{
	long v = UNSET;
	const char *why = NULL;
	int r = parse_long(s, min, max, &v, &why);

	if (!unit_check(r == 0 && v == want, __FILE__, line, s))
		fprintf(stderr, "    parse_long(\"%s\") = %d, %ld (%s)\n", s, r,
		    v, why ? why : "");
}

static void
bad_long(const char *s, long min, long max, const char *reason, int line)
{
	long v = UNSET;
	const char *why = NULL;
	int r = parse_long(s, min, max, &v, &why);

	if (!unit_check(
	        r == -1 && v == UNSET && why != NULL, __FILE__, line, s))
		fprintf(stderr, "    parse_long(\"%s\") = %d, %ld\n", s, r, v);
	if (reason != NULL && why != NULL)
		unit_check_str(why, reason, __FILE__, line, s);
}

static void
test_long(void)
{
	ok_long("0", 0, 10, 0, __LINE__);
	ok_long("1", 1, 10, 1, __LINE__);
	ok_long("10", 1, 10, 10, __LINE__);
	ok_long("007", 0, 10, 7, __LINE__);
	ok_long("2147483647", 1, INT_MAX, INT_MAX, __LINE__);
	ok_long("-5", -10, 10, -5, __LINE__);
	bad_long("", 0, 10, "not a number", __LINE__);
	bad_long(" 1", 0, 10, "not a number", __LINE__);
	bad_long("\t1", 0, 10, "not a number", __LINE__);
	bad_long("\n7", 0, 10, "not a number", __LINE__);
	bad_long("\v1", 0, 10, "not a number", __LINE__);
	bad_long("\r-1", -10, 10, "not a number", __LINE__);
	bad_long("1 ", 0, 10, "not a number", __LINE__);
	bad_long("1x", 0, 10, "not a number", __LINE__);
	bad_long("x", 0, 10, "not a number", __LINE__);
	bad_long("1.5", 0, 10, "not a number", __LINE__);
	bad_long("0x10", 0, 100, "not a number", __LINE__);
	bad_long("0", 1, 10, "must be at least 1", __LINE__);
	bad_long("-1", 1, 10, "must be at least 1", __LINE__);
	bad_long("-1", 0, 10, "must not be negative", __LINE__);
	bad_long("11", 1, 10, "too large", __LINE__);
	bad_long("2147483648", 1, INT_MAX, "too large", __LINE__);
	bad_long("99999999999999999999", 1, INT_MAX, NULL, __LINE__);
	bad_long("-99999999999999999999", 1, INT_MAX, NULL, __LINE__);
}

static void
ok_jobs(const char *s, long ncpu, long max, long want, int line)
{
	long v = UNSET;
	const char *why = NULL;
	int r = parse_jobs(s, ncpu, max, &v, &why);

	if (!unit_check(r == 0 && v == want, __FILE__, line, s))
		fprintf(stderr,
		    "    parse_jobs(\"%s\", %ld, %ld) = %d, %ld (%s); want "
		    "%ld\n",
		    s, ncpu, max, r, v, why ? why : "", want);
}

static void
bad_jobs(const char *s, int line)
{
	long v = UNSET;
	const char *why = NULL;
	int r = parse_jobs(s, 4, 1000, &v, &why);

	if (!unit_check(
	        r == -1 && v == UNSET && why != NULL, __FILE__, line, s))
		fprintf(stderr, "    parse_jobs(\"%s\") = %d, %ld\n", s, r, v);
}

static void
test_jobs(void)
{
	/* N */
	ok_jobs("1", 4, 1000, 1, __LINE__);
	ok_jobs("3", 4, 1000, 3, __LINE__);
	ok_jobs("64", 4, 1000, 64, __LINE__);
	/* 0: as many as possible, i.e. max */
	ok_jobs("0", 4, 1000, 1000, __LINE__);
	/* more than max: max */
	ok_jobs("5000", 4, 1000, 1000, __LINE__);
	/* +N, -N */
	ok_jobs("+1", 4, 1000, 5, __LINE__);
	ok_jobs("+0", 4, 1000, 4, __LINE__);
	ok_jobs("-1", 4, 1000, 3, __LINE__);
	ok_jobs("-3", 4, 1000, 1, __LINE__);
	ok_jobs("-4", 4, 1000, 1, __LINE__);
	ok_jobs("-100", 4, 1000, 1, __LINE__);
	ok_jobs("+2000", 4, 1000, 1000, __LINE__);
	/* N% of the CPUs, at least 1 */
	ok_jobs("50%", 4, 1000, 2, __LINE__);
	ok_jobs("100%", 4, 1000, 4, __LINE__);
	ok_jobs("200%", 4, 1000, 8, __LINE__);
	ok_jobs("1%", 4, 1000, 1, __LINE__);
	ok_jobs("0%", 4, 1000, 1, __LINE__);
	ok_jobs("75%", 4, 1000, 3, __LINE__);
	ok_jobs("150%", 3, 1000, 4, __LINE__);
	/* one CPU */
	ok_jobs("-1", 1, 1000, 1, __LINE__);
	ok_jobs("+1", 1, 1000, 2, __LINE__);
	/* junk */
	bad_jobs("", __LINE__);
	bad_jobs("x4", __LINE__);
	bad_jobs("4x", __LINE__);
	bad_jobs("1.5", __LINE__);
	bad_jobs("+", __LINE__);
	bad_jobs("-", __LINE__);
	bad_jobs("%", __LINE__);
	bad_jobs("x%", __LINE__);
	bad_jobs("-x", __LINE__);
	bad_jobs("+x", __LINE__);
	bad_jobs("--1", __LINE__);
	bad_jobs("+-1", __LINE__);
	bad_jobs("-1%", __LINE__);
	bad_jobs("5%%", __LINE__);
	bad_jobs(" 2", __LINE__);
	bad_jobs("99999999999999999999", __LINE__);
	bad_jobs("123456789012345678901234567890123456789%", __LINE__);
}

static void
ok_delim(const char *s, char want, int line)
{
	char c = 'Q';
	const char *why = NULL;
	int r = parse_delim(s, &c, &why);

	if (!unit_check(r == 0 && c == want, __FILE__, line, s))
		fprintf(stderr, "    parse_delim(\"%s\") = %d, 0x%02x (%s)\n",
		    s, r, (unsigned char)c, why ? why : "");
}

static void
bad_delim(const char *s, int line)
{
	char c = 'Q';
	const char *why = NULL;
	int r = parse_delim(s, &c, &why);

	if (!unit_check(r == -1 && c == 'Q' && why != NULL, __FILE__, line, s))
		fprintf(stderr, "    parse_delim(\"%s\") = %d, 0x%02x\n", s, r,
		    (unsigned char)c);
}

static void
test_delim(void)
{
	ok_delim(",", ',', __LINE__);
	ok_delim("x", 'x', __LINE__);
	ok_delim(" ", ' ', __LINE__);
	ok_delim("\\n", '\n', __LINE__);
	ok_delim("\\t", '\t', __LINE__);
	ok_delim("\\r", '\r', __LINE__);
	ok_delim("\\0", '\0', __LINE__);
	ok_delim("\\\\", '\\', __LINE__);
	ok_delim("\\a", '\a', __LINE__);
	ok_delim("\\b", '\b', __LINE__);
	ok_delim("\\f", '\f', __LINE__);
	ok_delim("\\v", '\v', __LINE__);
	ok_delim("\\x41", 'A', __LINE__);
	ok_delim("\\x3a", ':', __LINE__);
	ok_delim("\\x3A", ':', __LINE__);
	ok_delim("\\x9", '\t', __LINE__);
	ok_delim("\\xff", '\xff', __LINE__);
	ok_delim("\\101", 'A', __LINE__);
	ok_delim("\\072", ':', __LINE__);
	ok_delim("\\00", '\0', __LINE__);
	ok_delim("\\377", '\xff', __LINE__);
	ok_delim("\\11", '\t', __LINE__);
	bad_delim("", __LINE__);
	bad_delim("ab", __LINE__);
	bad_delim("\\", __LINE__);
	bad_delim("\\q", __LINE__);
	bad_delim("\\x", __LINE__);
	bad_delim("\\xg", __LINE__);
	bad_delim("\\x100", __LINE__);
	bad_delim("\\x1g", __LINE__);
	bad_delim("\\400", __LINE__);
	bad_delim("\\0000", __LINE__);
	bad_delim("\\8", __LINE__);
	bad_delim("\\nn", __LINE__);
}

static void
ok_trim(const char *s, int want, int line)
{
	int v = UNSET;
	const char *why = NULL;
	int r = parse_trim(s, &v, &why);

	if (!unit_check(r == 0 && v == want, __FILE__, line, s))
		fprintf(stderr, "    parse_trim(\"%s\") = %d, %d\n", s, r, v);
}

static void
bad_trim(const char *s, int line)
{
	int v = UNSET;
	const char *why = NULL;
	int r = parse_trim(s, &v, &why);

	if (!unit_check(
	        r == -1 && v == UNSET && why != NULL, __FILE__, line, s))
		fprintf(stderr, "    parse_trim(\"%s\") = %d, %d\n", s, r, v);
}

static void
test_trim(void)
{
	ok_trim("n", 0, __LINE__);
	ok_trim("l", TRIM_LEFT, __LINE__);
	ok_trim("r", TRIM_RIGHT, __LINE__);
	ok_trim("lr", TRIM_LEFT | TRIM_RIGHT, __LINE__);
	ok_trim("rl", TRIM_LEFT | TRIM_RIGHT, __LINE__);
	CHECK(TRIM_LEFT != TRIM_RIGHT);
	CHECK((TRIM_LEFT & TRIM_RIGHT) == 0);
	bad_trim("", __LINE__);
	bad_trim("x", __LINE__);
	bad_trim("L", __LINE__);
	bad_trim("lrl", __LINE__);
	bad_trim("nl", __LINE__);
	bad_trim(" l", __LINE__);
	bad_trim("l ", __LINE__);
}

static void
ok_dur(const char *s, double want, int line)
{
	double v = UNSET;
	const char *why = NULL;
	int r = parse_duration(s, &v, &why);

	if (!unit_check(r == 0 && v > want - 1e-9 && v < want + 1e-9, __FILE__,
	        line, s))
		fprintf(stderr, "    parse_duration(\"%s\") = %d, %g (%s)\n", s,
		    r, v, why ? why : "");
}

static void
bad_dur(const char *s, int line)
{
	double v = UNSET;
	const char *why = NULL;
	int r = parse_duration(s, &v, &why);

	unit_check(r == -1 && v == UNSET && why != NULL, __FILE__, line, s);
}

/* parse_size(s) is want, and size_text() writes it back as text. */
static void
ok_size(const char *s, size_t want, const char *text, int line)
{
	const char *why = NULL;
	size_t v = 0, back = 0;
	char buf[32];
	int r = parse_size(s, &v, &why);

	unit_check(r == 0 && v == want, __FILE__, line, s);
	size_text(v, buf, sizeof(buf));
	unit_check_str(buf, text, __FILE__, line, s);
	unit_check(parse_size(buf, &back, &why) == 0 && back == v, __FILE__,
	    line, "size_text reads back");
}

static void
test_size(void)
{
	size_t v = 7;
	const char *why = NULL;

	ok_size("0", 0, "0", __LINE__);
	ok_size("1", 1, "1", __LINE__);
	ok_size("1000", 1000, "1000", __LINE__);
	ok_size("1024", 1024, "1K", __LINE__);
	ok_size("1k", 1000, "1000", __LINE__);
	ok_size("64K", 65536, "64K", __LINE__);
	ok_size("1536K", 1536 * 1024, "1536K", __LINE__);
	ok_size("64M", (size_t)64 << 20, "64M", __LINE__);
	ok_size("1G", (size_t)1 << 30, "1G", __LINE__);
	ok_size("1024G", (size_t)1 << 40, "1T", __LINE__);
	ok_size("3T", (size_t)3 << 40, "3T", __LINE__);
	ok_size("2048T", (size_t)2048 << 40, "2048T", __LINE__);
	ok_size("1g", 1000000000, "1000000000", __LINE__);
	ok_size("5b", 5, "5", __LINE__);
	CHECK(parse_size("", &v, &why) == -1 && v == 7);
	CHECK(parse_size("-1", &v, &why) == -1 && v == 7);
	CHECK(parse_size("1KB", &v, &why) == -1 && v == 7);
	CHECK(parse_size("99999999999999999999", &v, &why) == -1 && v == 7);
	CHECK(parse_size("99999999999T", &v, &why) == -1 && v == 7);
}

static void
test_duration(void)
{
	double secs, pct;
	const char *why;

	ok_dur("30", 30, __LINE__);
	ok_dur("30s", 30, __LINE__);
	ok_dur("500ms", 0.5, __LINE__);
	ok_dur("2m", 120, __LINE__);
	ok_dur("1.5h", 5400, __LINE__);
	ok_dur("1d", 86400, __LINE__);
	ok_dur("1m30s", 90, __LINE__);
	ok_dur("1d3.5h16.6m4s", 100000, __LINE__);
	ok_dur("0", 0, __LINE__);
	ok_dur(".25", 0.25, __LINE__);
	bad_dur("", __LINE__);
	bad_dur("s", __LINE__);
	bad_dur("-1", __LINE__);
	bad_dur("10x", __LINE__);
	bad_dur("10 s", __LINE__);
	bad_dur("1e99", __LINE__);
	CHECK(parse_timeout("150%", &secs, &pct, &why) == 0 && pct == 150 &&
	    secs == 0);
	CHECK(parse_timeout("2s", &secs, &pct, &why) == 0 && pct == 0 &&
	    secs == 2);
	CHECK(parse_timeout("0", &secs, &pct, &why) == -1);
	CHECK(parse_timeout("0%", &secs, &pct, &why) == -1);
	CHECK(parse_timeout("x%", &secs, &pct, &why) == -1);
	CHECK(parse_timeout("%", &secs, &pct, &why) == -1);
}

static void
test_termseq(void)
{
	struct termseq t;
	const char *why;
	int sig = 0;

	CHECK(parse_signal("TERM", &sig) == 0 && sig == SIGTERM);
	CHECK(parse_signal("SIGKILL", &sig) == 0 && sig == SIGKILL);
	CHECK(parse_signal("int", &sig) == 0 && sig == SIGINT);
	CHECK(parse_signal("9", &sig) == 0 && sig == 9);
	CHECK(parse_signal("NOPE", &sig) == -1);
	CHECK(parse_signal("0", &sig) == -1);
	CHECK(parse_signal("", &sig) == -1);

	CHECK(
	    parse_termseq("TERM,200,TERM,100,TERM,50,KILL,25", &t, &why) == 0);
	CHECK_INT(t.n, 4);
	CHECK(t.sig[0] == SIGTERM && t.ms[0] == 200);
	CHECK(t.sig[2] == SIGTERM && t.ms[2] == 50);
	CHECK(t.sig[3] == SIGKILL && t.ms[3] == 25);
	CHECK(parse_termseq("INT,1000,KILL", &t, &why) == 0 && t.n == 2 &&
	    t.sig[1] == SIGKILL && t.ms[1] == 0);
	CHECK(parse_termseq("15,10,9,0", &t, &why) == 0 && t.n == 2 &&
	    t.sig[0] == 15 && t.ms[0] == 10 && t.sig[1] == 9);
	CHECK(parse_termseq("", &t, &why) == -1);
	CHECK(parse_termseq("TERM,", &t, &why) == -1);
	CHECK(parse_termseq("TERM,,KILL", &t, &why) == -1);
	CHECK(parse_termseq("TERM,x", &t, &why) == -1);
	CHECK(parse_termseq("FOO,1", &t, &why) == -1);
	CHECK(parse_termseq("TERM,-5", &t, &why) == -1);
}

static void
test_halt(void)
{
	struct halt h;
	const char *why;

	CHECK(parse_halt("now,fail=1", &h, &why) == 0 && h.when == HALT_NOW &&
	    h.why == HALT_FAIL && h.count == 1 && !h.percent);
	CHECK(parse_halt("soon,success=3", &h, &why) == 0 &&
	    h.when == HALT_SOON && h.why == HALT_SUCCESS && h.count == 3);
	CHECK(parse_halt("soon,done=20%", &h, &why) == 0 &&
	    h.why == HALT_DONE && h.count == 20 && h.percent);
	CHECK(parse_halt("never", &h, &why) == 0 && h.when == HALT_NEVER);
	CHECK(parse_halt("0", &h, &why) == 0 && h.when == HALT_NEVER);
	CHECK(parse_halt("1", &h, &why) == 0 && h.when == HALT_SOON &&
	    h.why == HALT_FAIL && h.count == 1);
	CHECK(parse_halt("2", &h, &why) == 0 && h.when == HALT_NOW &&
	    h.why == HALT_FAIL);
	CHECK(parse_halt("-2", &h, &why) == 0 && h.when == HALT_NOW &&
	    h.why == HALT_SUCCESS);
	CHECK(parse_halt("10%", &h, &why) == 0 && h.when == HALT_SOON &&
	    h.why == HALT_FAIL && h.percent && h.count == 10);
	CHECK(parse_halt("later,fail=1", &h, &why) == -1);
	CHECK(parse_halt("now,oops=1", &h, &why) == -1);
	CHECK(parse_halt("now,fail=0", &h, &why) == -1);
	CHECK(parse_halt("now,fail=1.5", &h, &why) == -1);
	CHECK(parse_halt("now,fail=101%", &h, &why) == -1);
	CHECK(parse_halt("now,fail=", &h, &why) == -1);
	CHECK(parse_halt("now,fail=1x", &h, &why) == -1);
	CHECK(parse_halt("3", &h, &why) == -1);
	CHECK(parse_halt("now,fail=1e23", &h, &why) == 0 && h.count == 1e23);
	CHECK(parse_halt("99999999999999999999999", &h, &why) == -1);
	CHECK(parse_halt("soon,done=9007199254740993.5", &h, &why) == 0);
	CHECK(parse_halt("soon,done=1099511627776.5", &h, &why) == -1);
	CHECK(parse_halt("", &h, &why) == -1);
}

static void
ok_load(const char *s, long ncpu, double want, int line)
{
	double v = UNSET;
	const char *why = NULL;
	int r = parse_load(s, ncpu, &v, &why);

	if (!unit_check(r == 0 && v > want - 1e-9 && v < want + 1e-9, __FILE__,
	        line, s))
		fprintf(stderr, "    parse_load(\"%s\", %ld) = %d, %g (%s)\n",
		    s, ncpu, r, v, why ? why : "");
}

static void
bad_load(const char *s, int line)
{
	double v = UNSET;
	const char *why = NULL;
	int r = parse_load(s, 4, &v, &why);

	if (!unit_check(
	        r == -1 && v == UNSET && why != NULL, __FILE__, line, s))
		fprintf(stderr, "    parse_load(\"%s\") = %d, %g\n", s, r, v);
}

static void
test_load(void)
{
	ok_load("2", 8, 2, __LINE__);
	ok_load("1.5", 8, 1.5, __LINE__);
	ok_load("0.25", 8, 0.25, __LINE__);
	ok_load(".5", 8, 0.5, __LINE__);
	ok_load("3.", 8, 3, __LINE__);
	ok_load("100%", 8, 8, __LINE__);
	ok_load("50%", 8, 4, __LINE__);
	ok_load("250%", 4, 10, __LINE__);
	ok_load("12.5%", 8, 1, __LINE__);
	ok_load("100%", 0, 1, __LINE__);
	/* GNU parallel takes 0 as 0.01: start only on an idle machine. */
	ok_load("0", 8, 0.01, __LINE__);
	ok_load("0.0", 8, 0.01, __LINE__);
	ok_load("0%", 8, 0.01, __LINE__);
	ok_load("1000000", 1, 1e6, __LINE__);
	bad_load("", __LINE__);
	bad_load("abc", __LINE__);
	bad_load("-1", __LINE__);
	bad_load("+1", __LINE__);
	bad_load("%", __LINE__);
	bad_load(".", __LINE__);
	bad_load(".%", __LINE__);
	bad_load("5%%", __LINE__);
	bad_load("1.2.3", __LINE__);
	bad_load("1e3", __LINE__);
	bad_load("0x10", __LINE__);
	bad_load(" 1", __LINE__);
	bad_load("1 ", __LINE__);
	bad_load("2x", __LINE__);
	bad_load("inf", __LINE__);
	bad_load("nan", __LINE__);
	bad_load("1000001", __LINE__);
	bad_load("99999999999999999999999%", __LINE__);
}

static void
check_escapes(const char *in, const char *want)
{
	char *got = parse_printf_escapes(in);

	CHECK_STR(got, want);
	free(got);
}

/* --tagstring's escapes, as GNU parallel's unquote_printf reads them. */
static void
test_printf_escapes(void)
{
	check_escapes("", "");
	check_escapes("plain {}", "plain {}");
	check_escapes("a\\tb\\nc\\rd", "a\tb\nc\rd");
	check_escapes("\\033[31m", "\033[31m");
	check_escapes("\\7x\\101", "\007xA");
	/* Two digits: the first alone, as Perl's s/\\(\d)/. */
	check_escapes("\\12", "\0012");
	/* Not an escape: the backslash stays; \0 too (it would end it). */
	check_escapes("\\q\\\\ \\9 \\0 \\", "\\q\\\\ \\9 \\0 \\");
}

int
main(void)
{
	test_size();
	test_duration();
	test_termseq();
	test_halt();
	test_long();
	test_jobs();
	test_delim();
	test_trim();
	test_load();
	test_printf_escapes();
	return unit_done("test_parse");
}
