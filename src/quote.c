/*
 * quote.c -- shell quoting, as GNU parallel spells it.
 */
#include <string.h>

#include "quote.h"

static int
safe_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '+' || c == '.' ||
	    c == '/' || c == '-';
}

/* Whether the word must be quoted to reach a command as itself. */
int
quote_needed(const char *s, size_t len)
{
	if (len == 0)
		return 1;
	for (size_t i = 0; i < len; i++)
		if (!safe_byte((unsigned char)s[i]))
			return 1;
	return 0;
}

/*
 * Append s quoted for sh.  An embedded ' closes the quotes, adds "'" and
 * reopens them; empty '' pairs that this leaves at either end are dropped.
 */
void
quote_shell(struct buf *b, const char *s, size_t len)
{
	size_t start = b->len;

	if (!quote_needed(s, len)) {
		buf_add(b, s, len);
		return;
	}
	buf_addc(b, '\'');
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\'')
			buf_add(b, "'\"'\"'", 5);
		else
			buf_addc(b, s[i]);
	}
	buf_addc(b, '\'');
	if (len == 0)
		return;
	if (b->len - start >= 2 && memcmp(b->data + start, "''", 2) == 0) {
		memmove(
		    b->data + start, b->data + start + 2, b->len - start - 2);
		b->len -= 2;
	}
	if (b->len - start >= 2 && memcmp(b->data + b->len - 2, "''", 2) == 0)
		b->len -= 2;
	b->data[b->len] = '\0';
}

/* The length quote_shell() gives s, at most: what a value costs in sh -c. */
size_t
quote_len(const char *s, size_t len)
{
	size_t n = 2;

	if (!quote_needed(s, len))
		return len;
	for (size_t i = 0; i < len; i++)
		n += s[i] == '\'' ? 5 : 1;
	return n;
}

/* Perl's \s: the blanks that separate words. */
static int
perl_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v';
}

/*
 * The text from s[*i] up to the quote q that ends it, a backslash taking
 * the next byte whatever it is; *i past the quote.  Between double quotes
 * the backslashes go; between single quotes they stay.  -1 without the
 * closing quote.
 */
static int
quoted_part(struct buf *b, const char *s, size_t n, size_t *i, char q)
{
	size_t k = *i + 1;

	for (; k < n && s[k] != q; k++) {
		if (s[k] == '\\') {
			if (++k == n)
				return -1;
			if (q == '\'')
				buf_addc(b, '\\');
		}
		buf_addc(b, s[k]);
	}
	if (k == n)
		return -1;
	*i = k + 1;
	return 0;
}

long
quote_words(struct buf *b, const char *s, size_t n)
{
	size_t start = b->len, i = 0;
	long nw = 0;

	while (i < n && perl_space(s[i]))
		i++;
	while (i < n) {
		/* One word: unquoted bytes and quoted parts up to a blank. */
		while (i < n && !perl_space(s[i])) {
			if (s[i] == '"' || s[i] == '\'') {
				if (quoted_part(b, s, n, &i, s[i]) != 0)
					goto bad;
				continue;
			}
			if (s[i] == '\\' && ++i == n)
				goto bad;
			buf_addc(b, s[i++]);
		}
		buf_addc(b, '\0');
		nw++;
		while (i < n && perl_space(s[i]))
			i++;
	}
	return nw;
bad:
	b->len = start;
	if (b->data != NULL)
		b->data[start] = '\0';
	return -1;
}
