/*
 * test_jobserver.c -- reading MAKEFLAGS, the MAKEFLAGS offered to jobs, and
 * the token accounting of a jobserver (src/jobserver.h).
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jobserver.h"
#include "unit.h"

static void
parse(const char *mf, int dry, long hint, const char *auth)
{
	struct js_flags f;

	jobserver_parse(mf, &f);
	CHECK_INT(f.dry_run, dry);
	CHECK_INT(f.hint, hint);
	if (auth == NULL)
		CHECK(f.auth == NULL);
	else
		CHECK_STR(f.auth, auth);
	free(f.auth);
}

static void
test_parse(void)
{
	parse(NULL, 0, 0, NULL);
	parse("", 0, 0, NULL);
	/* make 4.3 in a '+' recipe under make -j3 */
	parse(" -j3 --jobserver-auth=3,4", 0, 3, "3,4");
	/* make -n -j3: the first word holds the one-letter flags */
	parse("n -j3 --jobserver-auth=3,4", 1, 3, "3,4");
	parse("kns", 1, 0, NULL);
	parse("ks -j2", 0, 2, NULL);
	/* long options come later as words of their own */
	parse(" --no-print-directory -j4", 0, 4, NULL);
	/* only the last one counts (make 4.4: -2,-2 for a plain line) */
	parse(
	    " -j3 --jobserver-auth=3,4 --jobserver-auth=-2,-2", 0, 3, "-2,-2");
	parse(" -j3 --jobserver-auth=fifo:/tmp/GMfifo12", 0, 3,
	    "fifo:/tmp/GMfifo12");
	/* make before 4.2 */
	parse(" -j2 --jobserver-fds=5,6", 0, 2, "5,6");
	/* -j without a number: no hint; variable definitions are not flags */
	parse(" -j", 0, 0, NULL);
	parse("s -j2 -- X=--jobserver-auth=1,2 n=1", 0, 2, NULL);
	parse("-j8", 0, 8, NULL);
}

static void
offer(const char *mf, long jobs, const char *want)
{
	char *got = jobserver_offer_flags(mf, jobs, 5, 6);

	CHECK_STR(got, want);
	free(got);
}

static void
test_offer(void)
{
	offer(NULL, 4, " -j4 --jobserver-auth=5,6");
	offer("", 1, " -j1 --jobserver-auth=5,6");
	offer("ks", 2, "ks -j2 --jobserver-auth=5,6");
	offer("ks -- X=1", 3, "ks -j3 --jobserver-auth=5,6 -- X=1");
	offer("-- X=1", 3, " -j3 --jobserver-auth=5,6 -- X=1");
	offer("-j8", 2, "-j8 -j2 --jobserver-auth=5,6");
}

/* A jobserver of xpool's own: J - 1 tokens, each given back. */
static void
test_tokens(void)
{
	struct js_setup s = { 0, 1, 3, 0 };
	struct jobserver *js;
	struct js_flags f;
	int a, b, c, d, r, w;
	char buf[8];

	unsetenv("MAKEFLAGS");
	js = jobserver_open(&s);
	CHECK(js != NULL);
	CHECK_INT(s.jobs, 3);
	jobserver_parse(getenv("MAKEFLAGS"), &f);
	CHECK_INT(f.hint, 3);
	CHECK(f.auth != NULL && sscanf(f.auth, "%d,%d", &r, &w) == 2);
	free(f.auth);
	/* The jobs' descriptors are inherited: not close-on-exec. */
	CHECK(fcntl(r, F_GETFD) == 0 && fcntl(w, F_GETFD) == 0);

	a = jobserver_take(js);
	b = jobserver_take(js);
	c = jobserver_take(js);
	d = jobserver_take(js);
	CHECK_INT(a, JS_IMPLICIT);
	CHECK_INT(b, '+');
	CHECK_INT(c, '+');
	CHECK_INT(d, -1); /* three slots in all */
	jobserver_give(js, b);
	CHECK_INT(jobserver_take(js), '+');
	jobserver_give(js, a);
	CHECK_INT(jobserver_take(js), JS_IMPLICIT);
	/* Whatever is held goes back: two bytes in the pipe again. */
	jobserver_return_all(js);
	(void)fcntl(r, F_SETFL, O_NONBLOCK);
	CHECK_INT((long)read(r, buf, sizeof(buf)), 2);
	jobserver_free(js);
	CHECK(fcntl(r, F_GETFD) < 0);
	unsetenv("MAKEFLAGS");

	/* make -n is a dry run: no jobserver at all. */
	setenv("MAKEFLAGS", "n -j3 --jobserver-auth=3,4", 1);
	s.dry_run = 0;
	CHECK(jobserver_open(&s) == NULL);
	CHECK_INT(s.dry_run, 1);
	/* --jobserver=off: MAKEFLAGS is not read. */
	s.dry_run = 0;
	s.off = 1;
	CHECK(jobserver_open(&s) == NULL);
	CHECK_INT(s.dry_run, 0);
	unsetenv("MAKEFLAGS");
}

int
main(void)
{
	test_parse();
	test_offer();
	test_tokens();
	return unit_done("test_jobserver");
}
