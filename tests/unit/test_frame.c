/*
 * test_frame.c -- a worker's answers told apart (src/frame.h): lines, a
 * chunk's lines, and --eot lines with and without a status.
 */
#include <string.h>

#include "frame.h"
#include "unit.h"

static void
test_lines(void)
{
	const char out[] = "one\ntwo\n\nfour\npart";
	size_t n = sizeof(out) - 1;
	unsigned long got;

	CHECK_INT((long)frame_line(out, n), 4);
	CHECK_INT((long)frame_line("no newline", 10), 0);
	CHECK_INT((long)frame_line("\n", 1), 1);
	/* A NUL is part of a line. */
	CHECK_INT((long)frame_line("a\0b\n", 4), 4);

	CHECK_INT((long)frame_lines(out, n, 2, &got), 8);
	CHECK_INT((long)got, 2);
	/* An empty line is an answer too. */
	CHECK_INT((long)frame_lines(out, n, 3, &got), 9);
	CHECK_INT((long)got, 3);
	/* More due than printed: the whole lines, not the partial one. */
	CHECK_INT((long)frame_lines(out, n, 10, &got), 14);
	CHECK_INT((long)got, 4);
	CHECK_INT((long)frame_lines("part", 4, 10, &got), 0);
	CHECK_INT((long)got, 0);
}

static int
ends(const struct frame *f, const char *line, int *st)
{
	*st = -1;
	return frame_end(f, line, strlen(line), st);
}

static void
test_eot(void)
{
	struct frame f, none;
	int st;

	frame_init(&f, "EOT");
	frame_init(&none, NULL);
	CHECK(ends(&f, "EOT", &st) && st == 0);
	CHECK(ends(&f, "EOT 7", &st) && st == 7);
	CHECK(ends(&f, "EOT 1", &st) && st == 1);
	CHECK(ends(&f, "EOT 255", &st) && st == 255);
	/* Anything else is a line of the answer. */
	CHECK(!ends(&f, "EOT 0", &st));
	CHECK(!ends(&f, "EOT 256", &st));
	CHECK(!ends(&f, "EOT 07", &st));
	CHECK(!ends(&f, "EOT +7", &st));
	CHECK(!ends(&f, "EOT -1", &st));
	CHECK(!ends(&f, "EOT  7", &st));
	CHECK(!ends(&f, "EOT 7 ", &st));
	CHECK(!ends(&f, "EOT ", &st));
	CHECK(!ends(&f, "EOTX", &st));
	CHECK(!ends(&f, "EO", &st));
	CHECK(!ends(&f, " EOT", &st));
	CHECK(frame_end(&f, "EOT 7\0x", 7, &st) == 0);
	/* Without --eot, no line ends an answer by itself. */
	CHECK(!ends(&none, "EOT", &st));
	CHECK(!ends(&none, "", &st));
}

int
main(void)
{
	test_lines();
	test_eot();
	return unit_done("test_frame");
}
