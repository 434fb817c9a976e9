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
			r = (long)spread_pick(
			        &sp, line, strlen(line), NULL, 0) +
			    1;
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

/* A stand-in for Perl: each key is its value's length, as digits. */
static int
length_of(void *arg, const char *const *v, const size_t *vlen, size_t n,
    struct buf *out, size_t *koff, size_t *klen)
{
	(void)arg;
	(void)v;
	for (size_t i = 0; i < n; i++) {
		koff[i] = out->len;
		buf_printf(out, "%zu", vlen[i]);
		klen[i] = out->len - koff[i];
	}
	return 0;
}

static int
dies(void *arg, const char *const *v, const size_t *vlen, size_t n,
    struct buf *out, size_t *koff, size_t *klen)
{
	(void)arg;
	(void)v;
	(void)vlen;
	(void)n;
	(void)out;
	(void)koff;
	(void)klen;
	return -1;
}

/* What the stand-in below was asked. */
struct asked {
	int calls; /* requests */
	struct buf vals; /* every value, each ended by '|' */
};

/* A stand-in for Perl that keeps what it is asked; keys as length_of's. */
static int
counted(void *arg, const char *const *v, const size_t *vlen, size_t n,
    struct buf *out, size_t *koff, size_t *klen)
{
	struct asked *a = arg;

	a->calls++;
	for (size_t i = 0; i < n; i++) {
		buf_add(&a->vals, v[i], vlen[i]);
		buf_addc(&a->vals, '|');
	}
	return length_of(NULL, v, vlen, n, out, koff, klen);
}

/* spread_key of a line alone, with nothing read after it. */
static const char *
key_of(struct spread *sp, const char *line, size_t *n)
{
	return spread_key(sp, line, strlen(line), NULL, 0, n);
}

static void
test_group_key(void)
{
	struct spread sp;
	struct buf why = BUF_INIT;
	struct asked asked = { 0, BUF_INIT };
	const char *k1, *k2;
	size_t n1, n2;

	/* A column: the key is in the line, a last column with its newline. */
	CHECK(spread_init(&sp, SPREAD_NONE, "2", ",", 0, &why) == 0);
	k1 = key_of(&sp, "a,bc\n", &n1);
	CHECK(n1 == 3 && memcmp(k1, "bc\n", 3) == 0);
	spread_free(&sp);
	/* COL EXPR: EXPR's answer; two keys in a row both hold. */
	CHECK(spread_init(&sp, SPREAD_NONE, "1 s/x//", ",", 0, &why) == 0);
	CHECK_INT(sp.col, 1);
	CHECK_STR(sp.expr, "s/x//");
	sp.eval = counted;
	sp.eval_arg = &asked;
	k1 = key_of(&sp, "abc,1\n", &n1);
	k2 = key_of(&sp, "ab,1\n", &n2);
	CHECK(n1 == 1 && k1[0] == '3' && n2 == 1 && k2[0] == '2');
	/* The same value again is not evaluated again. */
	k2 = key_of(&sp, "ab,2\n", &n2);
	CHECK(n2 == 1 && k2[0] == '2');
	CHECK_INT(asked.calls, 2);
	/* Once EXPR died, every key is empty and EXPR is not asked again. */
	sp.eval = dies;
	(void)key_of(&sp, "x,1\n", &n1);
	CHECK(sp.failed);
	sp.eval = counted;
	CHECK(key_of(&sp, "abcd,1\n", &n1) != NULL && n1 == 0);
	CHECK_INT(asked.calls, 2);
	spread_free(&sp);
	/* EXPR alone (not a column's number or name): the whole line. */
	CHECK(spread_init(&sp, SPREAD_NONE, "s/,.*//s", ",", 0, &why) == 0);
	CHECK_INT(sp.col, 0);
	CHECK(sp.name == NULL);
	CHECK_STR(sp.expr, "s/,.*//s");
	sp.eval = counted;
	sp.eval_arg = &asked;
	k1 = key_of(&sp, "abc,1\n", &n1);
	CHECK(n1 == 1 && k1[0] == '6');
	spread_free(&sp);
	/* NAME EXPR. */
	CHECK(spread_init(&sp, SPREAD_NONE, "Id lc", ",", 0, &why) == 0);
	CHECK_STR(sp.name, "Id");
	CHECK_STR(sp.expr, "lc");
	spread_free(&sp);
	buf_free(&asked.vals);
	buf_free(&why);
}

/*
 * The keys of the lines of text asked for as the reader asks (each line
 * with what follows it, every line but the first twice: as the line
 * after one and as the line before the next), written "key " each.
 */
static void
keys_as_read(struct spread *sp, const char *text, struct buf *out)
{
	const char *p = text, *end = text + strlen(text), *prev = NULL;
	size_t prevlen = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len =
		    nl != NULL ? (size_t)(nl + 1 - p) : (size_t)(end - p);
		const char *ka, *kb;
		size_t an = 0, bn;

		ka = prev != NULL
		    ? spread_key(sp, prev, prevlen, prev + prevlen,
		          (size_t)(end - prev - prevlen), &an)
		    : NULL;
		kb = spread_key(
		    sp, p, len, p + len, (size_t)(end - p - len), &bn);
		/* The key before still holds after the next call. */
		if (ka != NULL)
			CHECK(an > 0 && ka[0] >= '0' && ka[0] <= '9');
		buf_add(out, kb, bn);
		buf_addc(out, ' ');
		prev = p;
		prevlen = len;
		p += len;
	}
}

/* A new case: no keys, nothing asked yet. */
static void
restart(struct buf *keys, struct asked *asked)
{
	buf_reset(keys);
	buf_reset(&asked->vals);
	asked->calls = 0;
}

/* The lines after a line are evaluated with it, in one request. */
static void
test_group_ahead(void)
{
	struct spread sp;
	struct buf why = BUF_INIT, keys = BUF_INIT, big = BUF_INIT;
	struct asked asked = { 0, BUF_INIT };

	CHECK(spread_init(&sp, SPREAD_NONE, "1 s/x//", ",", 0, &why) == 0);
	sp.eval = counted;
	sp.eval_arg = &asked;
	/* One request for all; a value like the one before it not asked. */
	keys_as_read(&sp, "a,1\nbb,2\nbb,3\nccc,4\na,5\ndddd,6\n", &keys);
	CHECK_STR(keys.data, "1 2 2 3 1 4 ");
	CHECK_INT(asked.calls, 1);
	CHECK_STR(asked.vals.data, "a|bb|ccc|a|dddd|");
	/* A last line without its newline is evaluated when it is asked. */
	restart(&keys, &asked);
	keys_as_read(&sp, "ee,1\nf,2\nggg", &keys);
	CHECK_STR(keys.data, "2 1 3 ");
	CHECK_INT(asked.calls, 2);
	CHECK_STR(asked.vals.data, "ee|f|ggg|");
	/* Asked out of turn, or again: remembered. */
	restart(&keys, &asked);
	{
		static const char t[] = "h,1\nii,2\njjj,3\n";
		size_t n;
		const char *k;

		k = spread_key(&sp, t, 4, t + 4, sizeof(t) - 1 - 4, &n);
		CHECK(n == 1 && k[0] == '1');
		k = spread_key(
		    &sp, t + 9, 6, t + 15, 0, &n); /* jjj, ii skipped */
		CHECK(n == 1 && k[0] == '3');
		k = spread_key(&sp, t + 4, 5, t + 9, 6, &n); /* ii */
		CHECK(n == 1 && k[0] == '2');
		CHECK_INT(asked.calls, 1);
		CHECK_STR(asked.vals.data, "h|ii|jjj|");
	}
	/* A value evaluated before, in another request, is not again. */
	restart(&keys, &asked);
	keys_as_read(&sp, "kkkk,1\nl,2\n", &keys);
	keys_as_read(&sp, "mm,3\nkkkk,4\n", &keys);
	CHECK_STR(keys.data, "4 1 2 4 ");
	CHECK_STR(asked.vals.data, "kkkk|l|mm|");
	/* At most SPREAD_AHEAD values a request. */
	restart(&keys, &asked);
	for (int i = 0; i < SPREAD_AHEAD * 2 + 10; i++)
		buf_printf(&big, "%d,x\n", i);
	keys_as_read(&sp, big.data, &keys);
	CHECK_INT(asked.calls, 3);
	/*
	 * Past SPREAD_MEMO_MAX values every key is forgotten, and made again
	 * when asked: the keys stay right.
	 */
	buf_reset(&big);
	for (int i = 0; i < SPREAD_MEMO_MAX + 2000; i++)
		buf_printf(&big, "%d,x\n", i);
	buf_reset(&keys);
	keys_as_read(&sp, big.data, &keys);
	CHECK(sp.memon <= SPREAD_MEMO_MAX);
	{
		size_t n;
		const char *k = spread_key(&sp, "0,x\n", 4, NULL, 0, &n);

		CHECK(n == 1 && k[0] == '1');
		k = spread_key(&sp, "123456,x\n", 9, NULL, 0, &n);
		CHECK(n == 1 && k[0] == '6');
	}
	spread_free(&sp);
	buf_free(&big);
	buf_free(&keys);
	buf_free(&asked.vals);
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
	CHECK_INT(spread_pick(&sp, "x,abcd\n", 7, NULL, 0), 0);
	CHECK_INT(spread_pick(&sp, "x,abc\n", 6, NULL, 0), 2);
	CHECK(!sp.failed);
	sp.eval = dies;
	(void)spread_pick(&sp, "x,abcde\n", 8, NULL, 0);
	CHECK(sp.failed);
	spread_free(&sp);
	/* The lines after one are evaluated with it, without their newlines. */
	{
		static const char t[] = "x,abcd\ny,ab\nz,ab\nw,a\nv,abcde";
		struct asked asked = { 0, BUF_INIT };
		const char *p = t, *end = t + sizeof(t) - 1;
		struct buf jobs = BUF_INIT;

		CHECK(spread_init(&sp, SPREAD_BIN, "2 $_", ",", 3, &why) == 0);
		sp.eval = counted;
		sp.eval_arg = &asked;
		while (p < end) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			size_t len = nl != NULL ? (size_t)(nl + 1 - p)
			                        : (size_t)(end - p);

			buf_printf(&jobs, "%lu ",
			    spread_pick(
			        &sp, p, len, p + len, (size_t)(end - p - len)));
			p += len;
		}
		/* 4 % 3 = 1: job 0; 2: job 1; 1: job 0; 5 % 3 = 2: job 1. */
		CHECK_STR(jobs.data, "0 1 1 0 1 ");
		CHECK_INT(asked.calls, 2);
		CHECK_STR(asked.vals.data, "abcd|ab|a|abcde|");
		spread_free(&sp);
		buf_free(&jobs);
		buf_free(&asked.vals);
	}
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
	test_group_ahead();
	return unit_done("spread");
}
