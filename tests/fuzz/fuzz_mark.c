/*
 * fuzz_mark.c -- a job's output told apart from a session's mark
 * (src/mark.h).
 *
 * The first byte: bit 0 says whether a status follows the mark (stdout);
 * the second, the size of each read (1 to 256); then the mark up to a 0xff
 * byte (made valid: a newline first, none after it); the rest is the
 * stream.  Read in pieces or whole, the stream gives the same output, the
 * same end and the same status; the output is exactly the bytes before
 * the first mark once the mark's line is whole, and the whole stream (the
 * held tail given at its end) when no mark is; a status is 0 to 255.
 */
#include <stdlib.h>

#include "buf.h"
#include "fuzz.h"
#include "mark.h"

static int
keep(void *arg, const char *p, size_t n)
{
	FUZZ_CHECK(n > 0);
	buf_add(arg, p, n);
	return 0;
}

static void
run(const char *mk, size_t mlen, int st, const char *s, size_t n, size_t step,
    struct buf *out, int *over, int *status)
{
	struct mark m;

	mark_init(&m, mk, mlen, st);
	for (size_t i = 0; i < n; i += step)
		mark_feed(&m, s + i, n - i < step ? n - i : step, keep, out);
	*over = m.over;
	*status = m.status;
	if (!m.over)
		mark_flush(&m, keep, out);
	mark_free(&m);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	int st = (int)(fuzz_byte(&in) & 1), over1, over2, s1, s2;
	size_t step = fuzz_byte(&in) + 1, mlen, n;
	char *raw = fuzz_piece(&in, 0xff, &mlen), *mk;
	const char *s = (const char *)in.p, *at;
	struct buf a = BUF_INIT, b = BUF_INIT;

	n = in.n;
	if (raw == NULL)
		return 0;
	/* The mark: "\n" and bytes that are no newline. */
	mk = malloc(mlen + 2);
	if (mk == NULL)
		abort();
	mk[0] = '\n';
	for (size_t i = 0; i < mlen; i++)
		mk[i + 1] = raw[i] == '\n' ? 'x' : raw[i];
	mlen++;
	run(mk, mlen, st, s, n, step, &a, &over1, &s1);
	run(mk, mlen, st, s, n, n > 0 ? n : 1, &b, &over2, &s2);
	FUZZ_CHECK(over1 == over2);
	FUZZ_CHECK(
	    a.len == b.len && (a.len == 0 || !memcmp(a.data, b.data, a.len)));
	if (over1 && st)
		FUZZ_CHECK(s1 == s2 && s1 >= 0 && s1 <= 255);
	at = memmem(s, n, mk, mlen);
	if (over1) {
		FUZZ_CHECK(at != NULL);
		FUZZ_CHECK(a.len == (size_t)(at - s));
		FUZZ_CHECK(a.len == 0 || memcmp(a.data, s, a.len) == 0);
	} else {
		/* No whole mark line: every byte is the job's. */
		FUZZ_CHECK(a.len == n && (n == 0 || memcmp(a.data, s, n) == 0));
	}
	buf_free(&a);
	buf_free(&b);
	free(mk);
	free(raw);
	return 0;
}
