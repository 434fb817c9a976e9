/*
 * test_mark.c -- a job's output told apart from a session's mark
 * (src/mark.h): the mark whole or split at every byte, a status, output
 * that only looks like the mark, a stream that ends first, a pause.
 */
#include <string.h>

#include "buf.h"
#include "mark.h"
#include "unit.h"

static const char MK[] = "\nabcd";

static int
keep(void *arg, const char *p, size_t n)
{
	buf_add(arg, p, n);
	return 0;
}

/*
 * Feed s in pieces of at most step bytes; the job's bytes in out.
 * Returns whether the mark came.
 */
static int
feed(struct mark *m, const char *s, size_t n, size_t step, struct buf *out)
{
	for (size_t i = 0; i < n && !m->over; i += step)
		mark_feed(m, s + i, n - i < step ? n - i : step, keep, out);
	return m->over;
}

static void
check_split_n(const char *in, size_t inlen, const char *want, size_t wantlen,
    int with_status, int status)
{
	for (size_t step = 1; step <= inlen + 1; step++) {
		struct mark m;
		struct buf out = BUF_INIT;

		mark_init(&m, MK, strlen(MK), with_status);
		CHECK(feed(&m, in, inlen, step, &out));
		CHECK_MEM(out.len ? out.data : "", out.len, want, wantlen);
		if (with_status)
			CHECK_INT(m.status, status);
		buf_free(&out);
		mark_free(&m);
	}
}

/* Literal strings, NULs and all. */
#define check_split(in, want, with_status, status)                             \
	check_split_n(                                                         \
	    in, sizeof(in) - 1, want, sizeof(want) - 1, with_status, status)

static void
test_marks(void)
{
	/* stdout: the status after the mark; the mark's newline is its own. */
	check_split("hello\n\nabcd 0\n", "hello\n", 1, 0);
	check_split("no newline\nabcd 3\n", "no newline", 1, 3);
	check_split("\nabcd 255\n", "", 1, 255);
	check_split("\n\nabcd 137\n", "\n", 1, 137);
	/* Bytes after the mark's line are no job's. */
	check_split("x\nabcd 1\nleft over", "x", 1, 1);
	/* stderr: the mark and a newline. */
	check_split("err\n\nabcd\n", "err\n", 0, 0);
	/* What only begins like the mark is output. */
	check_split("\nabc\nab\nabcx\nabcd 2\n", "\nabc\nab\nabcx", 1, 2);
	/* A NUL is a byte like another. */
	check_split("a\0b\nabcd 0\n", "a\0b", 1, 0);
}

static void
test_status(void)
{
	/* A status that cannot be read is 255. */
	check_split("\nabcd x\n", "", 1, 255);
	check_split("\nabcd\n", "", 1, 255);
	check_split("\nabcd 256\n", "", 1, 255);
	check_split("\nabcd 99999999999999999999\n", "", 1, 255);
}

static int
pausing(void *arg, const char *p, size_t n)
{
	buf_add(arg, p, n);
	return 1;
}

static void
test_held_and_flush(void)
{
	struct mark m;
	struct buf out = BUF_INIT;

	mark_init(&m, MK, strlen(MK), 1);
	/* A tail that may be the mark is held back... */
	CHECK_INT(mark_feed(&m, "line\nab", 7, pausing, &out), 1);
	CHECK_MEM(out.data, out.len, "line", 4);
	CHECK_INT((long)m.held.len, 3);
	/* ... and given when the stream ends without the mark. */
	CHECK_INT(mark_flush(&m, pausing, &out), 1);
	CHECK_MEM(out.data, out.len, "line\nab", 7);
	CHECK_INT((long)m.held.len, 0);
	CHECK(!m.over);
	/* Over: nothing more is the job's until the next. */
	CHECK(feed(&m, "\nabcd 4\n", 8, 8, &out));
	CHECK_INT(mark_feed(&m, "more", 4, keep, &out), 0);
	CHECK_MEM(out.data, out.len, "line\nab", 7);
	mark_reset(&m);
	CHECK(!m.over);
	CHECK(feed(&m, "next\nabcd 0\n", 12, 5, &out));
	CHECK_MEM(out.data, out.len, "line\nabnext", 11);
	buf_free(&out);
	mark_free(&m);
}

int
main(void)
{
	test_marks();
	test_status();
	test_held_and_flush();
	return unit_done("mark");
}
