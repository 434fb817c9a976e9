/*
 * test_quote.c -- quote_needed() and quote_shell() (src/quote.h).
 *
 * The expected texts are GNU parallel's (parallel --dry-run echo {}), so
 * that --dry-run prints what GNU parallel prints.  A round trip through
 * /bin/sh checks that the quoted word reads back as exactly its bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "quote.h"
#include "unit.h"

static char *
quoted(const char *s, size_t len)
{
	struct buf b = BUF_INIT;

	quote_shell(&b, s, len);
	buf_addc(&b, '\0'); /* an empty result still has a string */
	return buf_detach(&b);
}

#define CHECK_QUOTE(in, want)                                                  \
	do {                                                                   \
		char *q_ = quoted((in), strlen(in));                           \
		CHECK_STR(q_, (want));                                         \
		free(q_);                                                      \
	} while (0)

/* sh reads the quoted word back as the original bytes. */
static void
check_roundtrip(const char *s, size_t len)
{
	struct buf cmd = BUF_INIT;
	struct buf out = BUF_INIT;
	char chunk[4096];
	size_t n;
	FILE *f;

	buf_adds(&cmd, "printf %s ");
	quote_shell(&cmd, s, len);
	f = popen(cmd.data, "r");
	CHECK(f != NULL);
	if (f == NULL) {
		buf_free(&cmd);
		return;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&out, chunk, n);
	CHECK(pclose(f) == 0);
	CHECK_MEM(out.data ? out.data : "", out.len, s, len);
	buf_free(&cmd);
	buf_free(&out);
}

static void
test_needed(void)
{
	CHECK(quote_needed("", 0));
	CHECK(!quote_needed("abc", 3));
	CHECK(!quote_needed("A-Z_a+z./0-9", 12));
	CHECK(!quote_needed("/usr/bin/x.tar.gz", 17));
	CHECK(quote_needed("a b", 3));
	CHECK(quote_needed("a=b", 3));
	CHECK(quote_needed("a,b", 3));
	CHECK(quote_needed("@", 1));
	CHECK(quote_needed(":", 1));
	CHECK(quote_needed("~", 1));
	CHECK(quote_needed("%", 1));
	CHECK(quote_needed("\xc3\xa9", 2));
	CHECK(quote_needed("a\nb", 3));
	/* The length counts, not a NUL. */
	CHECK(quote_needed("ab\0", 3));
	CHECK(!quote_needed("ab cd", 2));
}

static void
test_spelling(void)
{
	CHECK_QUOTE("abc", "abc");
	CHECK_QUOTE("", "''");
	CHECK_QUOTE("a b", "'a b'");
	CHECK_QUOTE("it's", "'it'\"'\"'s'");
	CHECK_QUOTE("'", "\"'\"");
	CHECK_QUOTE("'a'", "\"'\"'a'\"'\"");
	CHECK_QUOTE("''", "\"'\"''\"'\"");
	CHECK_QUOTE("a'", "'a'\"'\"");
	CHECK_QUOTE("'a", "\"'\"'a'");
	CHECK_QUOTE("$(touch x)", "'$(touch x)'");
	CHECK_QUOTE("`x`", "'`x`'");
	CHECK_QUOTE("a\"b", "'a\"b'");
	CHECK_QUOTE("x\\y", "'x\\y'");
	CHECK_QUOTE("*", "'*'");
	CHECK_QUOTE("a=b", "'a=b'");
	CHECK_QUOTE("~", "'~'");
	CHECK_QUOTE("{}", "'{}'");
	CHECK_QUOTE("new\nline", "'new\nline'");
	CHECK_QUOTE("h\xc3\xa9llo", "'h\xc3\xa9llo'");
	CHECK_QUOTE("-n", "-n");
	CHECK_QUOTE("--", "--");
}

static void
test_appends(void)
{
	struct buf b = BUF_INIT;

	/* quote_shell appends, and keeps the buffer NUL-terminated. */
	buf_adds(&b, "echo ");
	quote_shell(&b, "a b", 3);
	buf_addc(&b, ' ');
	quote_shell(&b, "'", 1);
	buf_addc(&b, ' ');
	quote_shell(&b, "", 0);
	CHECK_STR(b.data, "echo 'a b' \"'\" ''");
	CHECK_INT(strlen(b.data), b.len);
	/* Only len bytes are quoted. */
	buf_reset(&b);
	quote_shell(&b, "ab cd", 2);
	CHECK_STR(b.data, "ab");
	buf_free(&b);
}

static void
test_roundtrip(void)
{
	static const char *const words[] = { "", "a", "a b", "it's", "'", "''",
		"'''", "\"", "$HOME", "$(echo x)", "`echo x`", "a\\", "\\",
		"\\'", "'\\''", "*", "?", "[a]", "~root", "#", "!", "a\nb",
		"\n", " lead", "trail ", "tab\tx", "a;b", "a&b", "a|b", "<>",
		"(x)", "{a,b}", "%s", "h\xc3\xa9llo", "\xff\xfe", "-n", "-e",
		"--" };
	char all[255];

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		check_roundtrip(words[i], strlen(words[i]));
	/* Every byte but NUL. */
	for (int c = 1; c < 256; c++)
		all[c - 1] = (char)c;
	check_roundtrip(all, sizeof(all));
	for (int c = 1; c < 256; c++) {
		char one[3] = { 'x', (char)c, 'y' };

		check_roundtrip(one, 3);
	}
}

/* quote_words(in): its words joined by '|', or "-1". */
static char *
words(const char *in)
{
	struct buf b = BUF_INIT, out = BUF_INIT;
	long n = quote_words(&b, in, strlen(in));
	const char *p = b.data;

	if (n < 0) {
		CHECK(b.len == 0);
		buf_adds(&out, "-1");
	}
	for (long i = 0; i < n; i++) {
		buf_printf(&out, "%s%s", i > 0 ? "|" : "", p);
		p += strlen(p) + 1;
	}
	CHECK(n < 0 || p == b.data + b.len);
	buf_addc(&out, '\0');
	buf_free(&b);
	return buf_detach(&out);
}

#define CHECK_WORDS(in, want)                                                  \
	do {                                                                   \
		char *w_ = words(in);                                          \
		CHECK_STR(w_, (want));                                         \
		free(w_);                                                      \
	} while (0)

/* As Perl's Text::ParseWords::shellwords splits them (GNU's $PARALLEL). */
static void
test_words(void)
{
	struct buf b = BUF_INIT;

	CHECK_WORDS("", "");
	CHECK_WORDS(" \t ", "");
	CHECK_WORDS("  -k  -j2 ", "-k|-j2");
	CHECK_WORDS("a\"b c\"d", "ab cd");
	CHECK_WORDS("'a\\'b' x", "a\\'b|x");
	CHECK_WORDS("\"a\\\"b\\\\c\"", "a\"b\\c");
	CHECK_WORDS("a\\ b", "a b");
	CHECK_WORDS("\"\" x", "|x");
	CHECK_WORDS("'' ''", "|");
	CHECK_WORDS("-S myssh\\ user@server", "-S|myssh user@server");
	CHECK_WORDS("a\tb\nc\r\f\vd", "a|b|c|d");
	CHECK_WORDS("a#b # c", "a#b|#|c");
	CHECK_WORDS("a'\\x'b", "a\\xb");
	CHECK_WORDS("a\\\nb", "a\nb");
	/* A quote left open or a backslash at the end: no words at all. */
	CHECK_WORDS("a 'b", "-1");
	CHECK_WORDS("a\\", "-1");
	CHECK_WORDS("x\"y", "-1");
	CHECK_WORDS("'a\\'", "-1");
	/* Words go after what the buffer holds; a failure leaves it. */
	buf_adds(&b, "kept");
	buf_addc(&b, '\0');
	CHECK(quote_words(&b, "a b", 3) == 2);
	CHECK(b.len == 9 && memcmp(b.data, "kept\0a\0b\0", 9) == 0);
	CHECK(quote_words(&b, "c 'd", 4) == -1);
	CHECK(b.len == 9 && b.data[9] == '\0');
	buf_free(&b);
}

int
main(void)
{
	test_needed();
	test_spelling();
	test_appends();
	test_roundtrip();
	test_words();
	return unit_done("test_quote");
}
