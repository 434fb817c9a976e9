/*
 * test_spread.c -- --shard and --bin (src/spread.h): the key's column by
 * number or header name, at a plain or regex --colsep; --bin's Perl-like
 * numbers and modulo; --shard's same value, same job; bad keys refused;
 * COL EXPR: the column and the Perl apart, the key from the callback.
 */
#include <string.h>

#include "buf.h"
#include "spread.h"
#include "unit.h"

/* The job (from 1) that line goes to, for kind, expr, colsep and n jobs. */
static long
pick(enum spread_kind kind, const char *expr, const char *sep, unsigned long n,
    const char *header, const char *line)
{
	struct spread sp;
	struct buf why = BUF_INIT;
	long r = -1;

	if (spread_init(&sp, kind, expr, sep, n, &why) == 0) {
		if (header == NULL ||
		    spread_header(&sp, header, strlen(header), &why) == 0)
			r = (long)spread_pick(&sp, line, strlen(line)) + 1;
		spread_free(&sp);
	}
	buf_free(&why);
	return r;
}

static void
test_bin(void)
{
	/* GNU parallel: value % jobs, 0 going to the last job. */
	CHECK_INT(pick(SPREAD_BIN, "1", ",", 3, NULL, "1\n"), 1);
	CHECK_INT(pick(SPREAD_BIN, "1", ",", 3, NULL, "3\n"), 3);
	CHECK_INT(pick(SPREAD_BIN, "1", ",", 3, NULL, "10"), 1);
	CHECK_INT(pick(SPREAD_BIN, "1", ",", 3, NULL, "-1\n"), 2);
	CHECK_INT(pick(SPREAD_BIN, "1", ",", 3, NULL, "-2\n"), 1);
	CHECK_INT(pick(SPREAD_BIN, "1", ",", 3, NULL, "2.9\n"), 2);
	CHECK_INT(pick(SPREAD_BIN, "1", ",", 3, NULL, "x\n"), 3);
	CHECK_INT(pick(SPREAD_BIN, "1", ",", 3, NULL, " 5abc\n"), 2);
	CHECK_INT(pick(SPREAD_BIN, "2", ",", 4, NULL, "a,6,b\n"), 2);
	CHECK_INT(pick(SPREAD_BIN, "3", ",", 4, NULL, "a,6\n"), 4);
	CHECK_INT(pick(SPREAD_BIN, "2", "\\s+", 5, NULL, "a   7 b\n"), 2);
	CHECK_INT(pick(SPREAD_BIN, "2", "::", 5, NULL, "a::9::b\n"), 4);
	CHECK_INT(pick(SPREAD_BIN, "v", ",", 3, "k,v", "x,2\n"), 2);
}

static void
test_shard(void)
{
	long a = pick(SPREAD_SHARD, "2", "\t", 7, NULL, "1\tkey\tz\n");

	CHECK(a >= 1 && a <= 7);
	CHECK_INT(pick(SPREAD_SHARD, "2", "\t", 7, NULL, "2\tkey\n"), a);
	CHECK_INT(pick(SPREAD_SHARD, "2", "\t", 7, NULL, "3\tkey"), a);
	CHECK_INT(pick(SPREAD_SHARD, "id", "\t", 7, "x\tid", "4\tkey\n"), a);
	CHECK_INT(pick(SPREAD_SHARD, "1", ",", 1, NULL, "anything\n"), 1);
}

static void
test_refused(void)
{
	CHECK_INT(pick(SPREAD_SHARD, "0", ",", 3, NULL, "a\n"), -1);
	CHECK_INT(pick(SPREAD_SHARD, "", ",", 3, NULL, "a\n"), -1);
	CHECK_INT(pick(SPREAD_SHARD, "1x", ",", 3, NULL, "a\n"), -1);
	CHECK_INT(pick(SPREAD_SHARD, "1", "", 3, NULL, "a\n"), -1);
	CHECK_INT(pick(SPREAD_SHARD, "zz", ",", 3, "k,v", "a\n"), -1);
}

/* A stand-in for Perl: the key is the value's length, as digits. */
static int
length_of(void *arg, const char *v, size_t n, struct buf *out)
{
	(void)arg;
	(void)v;
	buf_printf(out, "%zu", n);
	return 0;
}

static int
dies(void *arg, const char *v, size_t n, struct buf *out)
{
	(void)arg;
	(void)v;
	(void)n;
	(void)out;
	return -1;
}

static void
test_expr(void)
{
	struct spread sp;
	struct buf why = BUF_INIT;

	/* A number or a name, blanks, then the Perl. */
	CHECK(spread_init(&sp, SPREAD_BIN, "2  $_ %= 7", ",", 3, &why) == 0);
	CHECK_INT(sp.col, 2);
	CHECK_STR(sp.expr, "$_ %= 7");
	sp.eval = length_of;
	/* "abcd" is 4 long: 4 % 3 is 1, the first job. */
	CHECK_INT(spread_pick(&sp, "x,abcd\n", 7), 0);
	CHECK_INT(spread_pick(&sp, "x,abc\n", 6), 2);
	CHECK(!sp.failed);
	sp.eval = dies;
	(void)spread_pick(&sp, "x,abc\n", 6);
	CHECK(sp.failed);
	spread_free(&sp);
	CHECK(spread_init(&sp, SPREAD_SHARD, "Name uc($_)", ",", 3, &why) == 0);
	CHECK_STR(sp.name, "Name");
	CHECK_STR(sp.expr, "uc($_)");
	spread_free(&sp);
	/* Not with --group-by; not a column then nothing. */
	CHECK(spread_init(&sp, SPREAD_NONE, "1 s/x//", ",", 3, &why) != 0);
	CHECK(spread_init(&sp, SPREAD_BIN, "1 ", ",", 3, &why) != 0);
	CHECK(spread_init(&sp, SPREAD_BIN, "0 $_", ",", 3, &why) != 0);
	buf_free(&why);
}

int
main(void)
{
	test_bin();
	test_shard();
	test_refused();
	test_expr();
	return unit_done("spread");
}
