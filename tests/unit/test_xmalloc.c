/*
 * test_xmalloc.c -- growing a table indexed by a number that only grows
 * (xgrowzero, src/xmalloc.h): what it held is kept, what is new is zero.
 */
#include <stdlib.h>

#include "unit.h"
#include "xmalloc.h"

static void
test_grow(void)
{
	long *t = NULL;
	size_t n = 0;

	/* The first growth makes room for 16, or more when i needs it. */
	t = xgrowzero(t, &n, 0, sizeof(*t));
	CHECK(n == 16);
	for (size_t i = 0; i < n; i++)
		CHECK(t[i] == 0);
	t[3] = 3;
	t[15] = 15;
	/* Within: nothing moves. */
	{
		long *same = xgrowzero(t, &n, 15, sizeof(*t));

		CHECK(same == t);
		CHECK(n == 16);
	}
	/* Past the end: doubled until i fits, old kept, new zero. */
	t = xgrowzero(t, &n, 100, sizeof(*t));
	CHECK(n == 128);
	CHECK(t[3] == 3);
	CHECK(t[15] == 15);
	for (size_t i = 16; i < n; i++)
		CHECK(t[i] == 0);
	t[100] = 100;
	t = xgrowzero(t, &n, 128, sizeof(*t));
	CHECK(n == 256);
	CHECK(t[100] == 100);
	CHECK(t[128] == 0 && t[255] == 0);
	free(t);

	/* One-byte elements, from a large first index. */
	{
		unsigned char *b = NULL;
		size_t m = 0;

		b = xgrowzero(b, &m, 1000, 1);
		CHECK(m == 1024);
		CHECK(b[0] == 0 && b[1000] == 0 && b[1023] == 0);
		free(b);
	}
}

int
main(void)
{
	test_grow();
	return unit_done("test_xmalloc");
}
