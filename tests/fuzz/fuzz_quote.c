/*
 * fuzz_quote.c -- shell quoting (src/quote.h).
 *
 * The input is split at NUL bytes into words (a word can hold any other
 * byte).  Each word alone, and all of them joined by blanks, are quoted
 * with quote_shell(); reading the text back as sh(1) reads words must give
 * the words again, with no byte outside quotes that sh would take as
 * syntax.  A word that quote_needed() calls safe must come out as it is,
 * and quote_len() must not be less than what quote_shell() wrote.
 */
#include "buf.h"
#include "fuzz.h"
#include "quote.h"

#define MAXWORDS 64

static void
check_one(const char *s, size_t n)
{
	struct buf b = BUF_INIT;
	char **w;
	size_t *wl, nw;

	quote_shell(&b, s, n);
	FUZZ_CHECK(b.data != NULL && b.data[b.len] == '\0');
	FUZZ_CHECK(b.len <= quote_len(s, n));
	if (!quote_needed(s, n))
		FUZZ_CHECK(b.len == n && memcmp(b.data, s, n) == 0);
	else
		FUZZ_CHECK(n == 0 || b.len > n);
	FUZZ_CHECK(fuzz_sh_split(b.data, b.len, &w, &wl, &nw, 1) == 0);
	FUZZ_CHECK(nw == 1);
	FUZZ_CHECK(wl[0] == n && memcmp(w[0], s, n) == 0);
	fuzz_free_words(w, wl, nw);
	buf_free(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	char *word[MAXWORDS];
	size_t len[MAXWORDS], n = 0, nw, *wl;
	struct buf b = BUF_INIT;
	char **w;

	/*
	 * A NUL cannot reach a command, but quoting must still keep it: the
	 * whole input is one word first.
	 */
	check_one((const char *)data, size);
	while (n < MAXWORDS && (word[n] = fuzz_piece(&in, '\0', &len[n])))
		n++;
	for (size_t i = 0; i < n; i++) {
		check_one(word[i], len[i]);
		if (i > 0)
			buf_addc(&b, ' ');
		quote_shell(&b, word[i], len[i]);
	}
	if (n > 0) {
		FUZZ_CHECK(fuzz_sh_split(b.data, b.len, &w, &wl, &nw, 1) == 0);
		FUZZ_CHECK(nw == n);
		for (size_t i = 0; i < n; i++)
			FUZZ_CHECK(wl[i] == len[i] &&
			    memcmp(w[i], word[i], len[i]) == 0);
		fuzz_free_words(w, wl, nw);
	}
	for (size_t i = 0; i < n; i++)
		free(word[i]);
	buf_free(&b);
	return 0;
}
