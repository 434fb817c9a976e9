/*
 * recenc.c -- text as the record formats spell it (see recenc.h).
 */
#include <string.h>

#include "buf.h"
#include "recenc.h"

static const char fffd[] = "\xef\xbf\xbd"; /* U+FFFD REPLACEMENT CHARACTER */

/*
 * The UTF-8 sequence at p: its length if it is valid; 0 with *bad set to
 * the length of the invalid piece that one U+FFFD replaces (the maximal
 * subpart, as Unicode recommends and Python does); -1 if the n bytes are a
 * valid start that the next piece may finish.
 */
int
utf8_seq(const unsigned char *p, size_t n, size_t *bad)
{
	unsigned c = p[0];
	unsigned lo = 0x80, hi = 0xbf;
	size_t need;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		need = 1;
	else if (c == 0xe0) {
		need = 2;
		lo = 0xa0;
	} else if (c >= 0xe1 && c <= 0xef) {
		need = 2;
		if (c == 0xed)
			hi = 0x9f; /* no UTF-16 surrogates */
	} else if (c == 0xf0) {
		need = 3;
		lo = 0x90;
	} else if (c >= 0xf1 && c <= 0xf3)
		need = 3;
	else if (c == 0xf4) {
		need = 3;
		hi = 0x8f; /* nothing past U+10FFFF */
	} else {
		*bad = 1;
		return 0;
	}
	for (size_t i = 1; i <= need; i++) {
		if (i >= n)
			return -1;
		if (p[i] < lo || p[i] > hi) {
			*bad = i;
			return 0;
		}
		lo = 0x80;
		hi = 0xbf;
	}
	return (int)need + 1;
}

/* Whether a byte goes out as it is; the rest go through enc_special(). */
static int
enc_plain(int mode, unsigned char c)
{
	if (c >= 0x80)
		return 0;
	switch (mode) {
	case ENC_JSON:
		return c >= 0x20 && c != '"' && c != '\\';
	case ENC_XML_TEXT:
		if (c == '\t' || c == '\n')
			return 1;
		/* FALLTHROUGH */
	default:
		return c >= 0x20 && c != '&' && c != '<' && c != '>' &&
		    c != '"' && c != '\'';
	}
}

/* An ASCII byte that is not plain. */
static void
enc_special(int mode, struct buf *b, unsigned char c)
{
	if (mode == ENC_JSON) {
		if (c == '"' || c == '\\') {
			buf_addc(b, '\\');
			buf_addc(b, (char)c);
		} else
			buf_printf(b, "\\u%04x", c); /* as GNU parallel */
		return;
	}
	switch (c) {
	case '&':
		buf_adds(b, "&amp;");
		break;
	case '<':
		buf_adds(b, "&lt;");
		break;
	case '>':
		buf_adds(b, "&gt;");
		break;
	case '"':
		buf_adds(b, "&quot;");
		break;
	case '\'':
		buf_adds(b, "&apos;");
		break;
	case '\t':
	case '\n':
	case '\r':
		/* A parser would fold these; a reference keeps them. */
		buf_printf(b, "&#%d;", c);
		break;
	default:
		buf_add(b, fffd, 3); /* XML 1.0 has no other C0 control */
		break;
	}
}

/* A valid multi-byte character. */
static void
enc_char(int mode, struct buf *b, const unsigned char *p, size_t len)
{
	/* XML 1.0 forbids U+FFFE and U+FFFF. */
	if (mode != ENC_JSON && len == 3 && p[0] == 0xef && p[1] == 0xbf &&
	    p[2] >= 0xbe)
		buf_add(b, fffd, 3);
	else
		buf_add(b, p, len);
}

void
enc_init(struct enc *e, int mode)
{
	e->mode = mode;
	e->npend = 0;
}

/* A CSV field's bytes, quotes doubled; the caller adds the outer quotes. */
static void
csv_double(struct buf *b, const char *p, size_t n)
{
	const char *q;

	while (n > 0 && (q = memchr(p, '"', n)) != NULL) {
		buf_add(b, p, (size_t)(q - p) + 1);
		buf_addc(b, '"');
		n -= (size_t)(q - p) + 1;
		p = q + 1;
	}
	buf_add(b, p, n);
}

void
enc_feed(struct enc *e, struct buf *b, const char *in, size_t n)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t i = 0, bad = 0;
	int len;

	if (e->mode == ENC_CSV) {
		csv_double(b, in, n);
		return;
	}
	if (e->npend > 0 && n > 0) {
		/* Finish the sequence the last piece left open. */
		unsigned char t[8];
		size_t k = e->npend, m = n < 4 ? n : 4;

		memcpy(t, e->pend, k);
		memcpy(t + k, p, m);
		len = utf8_seq(t, k + m, &bad);
		if (len < 0) { /* still unfinished: n < 4 */
			memcpy(e->pend + k, p, n);
			e->npend += n;
			return;
		}
		if (len > 0) {
			enc_char(e->mode, b, t, (size_t)len);
			i = (size_t)len - k;
		} else {
			buf_add(b, fffd, 3);
			i = bad - k;
		}
		e->npend = 0;
	}
	while (i < n) {
		size_t j = i;

		while (j < n && enc_plain(e->mode, p[j]))
			j++;
		if (j > i)
			buf_add(b, p + i, j - i);
		if ((i = j) == n)
			break;
		if (p[i] < 0x80) {
			enc_special(e->mode, b, p[i++]);
			continue;
		}
		len = utf8_seq(p + i, n - i, &bad);
		if (len < 0) {
			memcpy(e->pend, p + i, n - i);
			e->npend = n - i;
			break;
		}
		if (len == 0) {
			buf_add(b, fffd, 3);
			i += bad;
			continue;
		}
		enc_char(e->mode, b, p + i, (size_t)len);
		i += (size_t)len;
	}
}

/* The end of the text: an unfinished sequence is invalid. */
void
enc_finish(struct enc *e, struct buf *b)
{
	if (e->npend > 0)
		buf_add(b, fffd, 3);
	e->npend = 0;
}

/* The whole of a text in memory, encoded. */
void
enc_text(struct buf *b, int mode, const char *p, size_t n)
{
	struct enc e;

	enc_init(&e, mode);
	enc_feed(&e, b, p, n);
	enc_finish(&e, b);
}

/*
 * GNU parallel quotes a CSV field that holds a quote, Perl's \s (space, TAB,
 * LF, VT, FF, CR), the separator or NUL.
 */
int
csv_special(const char *p, size_t n, char sep)
{
	for (size_t i = 0; i < n; i++) {
		char c = p[i];

		if (c == '"' || c == ' ' || (c >= '\t' && c <= '\r') ||
		    c == sep || c == '\0')
			return 1;
	}
	return 0;
}

void
csv_field(struct buf *b, const char *p, size_t n, char sep)
{
	if (!csv_special(p, n, sep)) {
		buf_add(b, p, n);
		return;
	}
	buf_addc(b, '"');
	csv_double(b, p, n);
	buf_addc(b, '"');
}

/*
 * One name or value as a directory name: \ TAB NUL / as GNU parallel writes
 * them (\\ \t \0 \_), names that cannot be files (empty, . and ..) as \e \.
 * \.\., and cut to max bytes without splitting an escape or a character.
 */
void
enc_dir_name(struct buf *b, const char *s, size_t n, size_t max)
{
	size_t start = b->len, at, keep;

	if (n == 0 || (n == 1 && s[0] == '.') ||
	    (n == 2 && s[0] == '.' && s[1] == '.')) {
		buf_adds(b, n == 0 ? "\\e" : n == 1 ? "\\." : "\\.\\.");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		switch (s[i]) {
		case '\\':
			buf_adds(b, "\\\\");
			break;
		case '\t':
			buf_adds(b, "\\t");
			break;
		case '\0':
			buf_adds(b, "\\0");
			break;
		case '/':
			buf_adds(b, "\\_");
			break;
		default:
			buf_addc(b, s[i]);
			break;
		}
	}
	if (b->len - start <= max)
		return;
	for (at = start, keep = start; at < b->len;) {
		const unsigned char *p = (const unsigned char *)b->data;
		size_t unit = 1;

		if (p[at] == '\\')
			unit = 2;
		else if (p[at] >= 0xc0)
			while (unit < 4 && at + unit < b->len &&
			    (p[at + unit] & 0xc0) == 0x80)
				unit++;
		if (at + unit - start > max)
			break;
		at += unit;
		keep = at;
	}
	b->len = keep;
	b->data[keep] = '\0';
}
