/*
 * test_spread.c -- --shard and --bin (src/spread.h): the key's column by
 * number or header name, at a plain or regex --colsep; --bin's Perl-like
 * numbers and modulo; --shard's same value, same job; bad keys refused;
 * COL EXPR: the column and the Perl apart, the key from the callback;
 * --group-by's key (spread_key): the column's, or EXPR's of it or of the
 * whole line, evaluated once for lines in a row alike.
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

/* A stand-in for Perl that counts its calls: the key is the value's length. */
static int
counted(void *arg, const char *v, size_t n, struct buf *out)
{
	++*(int *)arg;
	return length_of(NULL, v, n, out);
}

static void
test_group_key(void)
{
	struct spread sp;
	struct buf why = BUF_INIT;
	const char *k1, *k2;
	size_t n1, n2;
	int calls = 0;

	/* A column: the key is in the line, a last column with its newline. */
	CHECK(spread_init(&sp, SPREAD_NONE, "2", ",", 0, &why) == 0);
	k1 = spread_key(&sp, "a,bc\n", 5, &n1);
	CHECK(n1 == 3 && memcmp(k1, "bc\n", 3) == 0);
	spread_free(&sp);
	/* COL EXPR: EXPR's answer; two keys in a row both hold. */
	CHECK(spread_init(&sp, SPREAD_NONE, "1 s/x//", ",", 0, &why) == 0);
	CHECK_INT(sp.col, 1);
	CHECK_STR(sp.expr, "s/x//");
	sp.eval = counted;
	sp.eval_arg = &calls;
	k1 = spread_key(&sp, "abc,1\n", 6, &n1);
	k2 = spread_key(&sp, "ab,1\n", 5, &n2);
	CHECK(n1 == 1 && k1[0] == '3' && n2 == 1 && k2[0] == '2');
	/* The same value again is not evaluated again. */
	k2 = spread_key(&sp, "ab,2\n", 5, &n2);
	CHECK(n2 == 1 && k2[0] == '2');
	CHECK_INT(calls, 2);
	/* Once EXPR died, every key is empty and EXPR is not asked again. */
	sp.eval = dies;
	(void)spread_key(&sp, "x,1\n", 4, &n1);
	CHECK(sp.failed);
	sp.eval = counted;
	CHECK(spread_key(&sp, "abcd,1\n", 7, &n1) != NULL && n1 == 0);
	CHECK_INT(calls, 2);
	spread_free(&sp);
	/* EXPR alone (not a column's number or name): the whole line. */
	CHECK(spread_init(&sp, SPREAD_NONE, "s/,.*//s", ",", 0, &why) == 0);
	CHECK_INT(sp.col, 0);
	CHECK(sp.name == NULL);
	CHECK_STR(sp.expr, "s/,.*//s");
	sp.eval = counted;
	sp.eval_arg = &calls;
	k1 = spread_key(&sp, "abc,1\n", 6, &n1);
	CHECK(n1 == 1 && k1[0] == '6');
	spread_free(&sp);
	/* NAME EXPR. */
	CHECK(spread_init(&sp, SPREAD_NONE, "Id lc", ",", 0, &why) == 0);
	CHECK_STR(sp.name, "Id");
	CHECK_STR(sp.expr, "lc");
	spread_free(&sp);
	buf_free(&why);
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
	/* Perl alone only for --group-by; not a column then nothing. */
	CHECK(spread_init(&sp, SPREAD_SHARD, "s/x//", ",", 3, &why) != 0);
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
	test_group_key();
	return unit_done("spread");
}
