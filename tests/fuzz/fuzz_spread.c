/*
 * fuzz_spread.c -- --group-by, --shard and --bin's keys of a Perl
 * expression (src/spread.h), asked for as a reader asks.
 *
 * The first byte picks the column (0: the whole line, else 1 to 3, cut at
 * ','), the second how the lines are asked for, the rest is the text.  A
 * stand-in for perl makes each value's key: its length and its first byte.
 * Whatever the lines, the order they are asked in, the values evaluated
 * ahead and the keys remembered or forgotten, every key is the one the
 * stand-in makes of that line's value, and a key asked for before the
 * one after it still holds.
 */
#include "fuzz.h"
#include "spread.h"

/* The stand-in: "LEN:XX" for a value of LEN bytes whose first is 0xXX. */
static int
stand_in(void *arg, const char *const *v, const size_t *vlen, size_t n,
    struct buf *out, size_t *koff, size_t *klen)
{
	(void)arg;
	FUZZ_CHECK(n >= 1 && n <= SPREAD_AHEAD);
	for (size_t i = 0; i < n; i++) {
		koff[i] = out->len;
		buf_printf(out, "%zu:%02x", vlen[i],
		    vlen[i] ? (unsigned char)v[i][0] : 0x100);
		klen[i] = out->len - koff[i];
	}
	return 0;
}

/* The key the stand-in makes of line s (len bytes), as spread cuts it. */
static void
want_key(struct spread *plain, const char *s, size_t len, struct buf *out)
{
	size_t n;
	const char *v = spread_key(plain, s, len, NULL, 0, &n);

	buf_reset(out);
	buf_printf(out, "%zu:%02x", n, n ? (unsigned char)v[0] : 0x100);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	unsigned col = fuzz_byte(&in) % 4, how = fuzz_byte(&in);
	char spec[16];
	struct spread sp, plain;
	struct buf why = BUF_INIT, want = BUF_INIT;
	const char *text = (const char *)in.p, *end = text + in.n;
	const char *prev = NULL, *pk = NULL;
	size_t prevlen = 0, pn = 0;
	char pwant[64] = "";

	/* The column's value, as spread cuts it: the same spec, no Perl. */
	snprintf(spec, sizeof(spec), col ? "%u" : "1", col);
	if (spread_init(&plain, SPREAD_NONE, spec, ",", 0, &why) != 0)
		abort();
	plain.col = col;
	snprintf(spec, sizeof(spec), col ? "%u $_" : "$_", col);
	if (spread_init(&sp, SPREAD_NONE, spec, ",", 0, &why) != 0)
		abort();
	sp.eval = stand_in;
	for (const char *p = text; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len =
		    nl != NULL ? (size_t)(nl + 1 - p) : (size_t)(end - p);
		size_t n;
		const char *k;

		/* As a reader: the line before again, then this one. */
		if (prev != NULL && (how & 1)) {
			k = spread_key(&sp, prev, prevlen, prev + prevlen,
			    (size_t)(end - prev - prevlen), &n);
			FUZZ_CHECK(
			    n == strlen(pwant) && memcmp(k, pwant, n) == 0);
		}
		/* What follows may be cut short, as a read may be. */
		k = spread_key(&sp, p, len, p + len,
		    (how & 2) ? (size_t)(end - p - len) / 2
		              : (size_t)(end - p - len),
		    &n);
		want_key(&plain, p, len, &want);
		FUZZ_CHECK(n == want.len && memcmp(k, want.data, n) == 0);
		/* The key before this one still holds. */
		if (pk != NULL && !(how & 1))
			FUZZ_CHECK(
			    pn == strlen(pwant) && memcmp(pk, pwant, pn) == 0);
		pk = k;
		pn = n;
		snprintf(
		    pwant, sizeof(pwant), "%.*s", (int)want.len, want.data);
		prev = p;
		prevlen = len;
		p += len;
	}
	FUZZ_CHECK(!sp.failed);
	FUZZ_CHECK(sp.memon <= SPREAD_MEMO_MAX);
	spread_free(&sp);
	spread_free(&plain);
	buf_free(&why);
	buf_free(&want);
	return 0;
}
