/*
 * test_spread.c -- --shard and --bin (src/spread.h): the key's column by
 * number or header name, at a plain or regex --colsep; --bin's Perl-like
 * numbers and modulo; --shard's same value, same job; bad keys refused.
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
	CHECK_INT(pick(SPREAD_SHARD, "1 $_%=2", ",", 3, NULL, "a\n"), -1);
	CHECK_INT(pick(SPREAD_SHARD, "", ",", 3, NULL, "a\n"), -1);
	CHECK_INT(pick(SPREAD_SHARD, "1x", ",", 3, NULL, "a\n"), -1);
	CHECK_INT(pick(SPREAD_SHARD, "1", "", 3, NULL, "a\n"), -1);
	CHECK_INT(pick(SPREAD_SHARD, "zz", ",", 3, "k,v", "a\n"), -1);
}

int
main(void)
{
	test_bin();
	test_shard();
	test_refused();
	return unit_done("spread");
}
