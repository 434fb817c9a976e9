/*
 * fuzz_recenc.c -- the record files' text encoders (src/recenc.h) and
 * name decoders (records.h: records_parse_joblog, records_parse_results).
 *
 * The input: a byte for the CSV separator, one for the directory name's
 * limit, three that cut the text into pieces for the streaming encoder,
 * then the text.
 *
 * The properties: JSON text is valid UTF-8 with no raw control character,
 * quote or stray backslash, and decodes to the text when it was valid
 * UTF-8; XML text and attribute values are valid UTF-8 that XML 1.0 allows,
 * with every & an entity, and decode to the text when it had nothing XML
 * refuses; fed in pieces, every encoder writes what it writes for the
 * whole; a CSV field reads back as the text; a directory name has no / or
 * NUL, is not empty, . or .., fits the limit and decodes to the text or
 * (cut) to a start of it.  A --joblog or --results argument is accepted
 * as records.h says.
 */
#include <strings.h>

#include "buf.h"
#include "fuzz.h"
#include "recdef.h"
#include "recenc.h"
#include "records.h"

/* The length of a valid UTF-8 character at p, or 0 (Unicode table 3-7). */
static size_t
utf8_char(const unsigned char *p, size_t n)
{
	size_t need;
	unsigned lo = 0x80, hi = 0xbf;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		need = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		need = 3;
		lo = p[0] == 0xe0 ? 0xa0 : 0x80;
		hi = p[0] == 0xed ? 0x9f : 0xbf;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		need = 4;
		lo = p[0] == 0xf0 ? 0x90 : 0x80;
		hi = p[0] == 0xf4 ? 0x8f : 0xbf;
	} else
		return 0;
	if (n < need || p[1] < lo || p[1] > hi)
		return 0;
	for (size_t i = 2; i < need; i++)
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
	return need;
}

static int
valid_utf8(const char *s, size_t n)
{
	for (size_t i = 0, k; i < n; i += k)
		if ((k = utf8_char((const unsigned char *)s + i, n - i)) == 0)
			return 0;
	return 1;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Check JSON string text and decode it (\u00XX only below 0x80). */
static void
check_json(const struct buf *b, struct buf *out)
{
	const char *s = b->data;

	FUZZ_CHECK(valid_utf8(s, b->len));
	for (size_t i = 0; i < b->len; i++) {
		unsigned char c = (unsigned char)s[i];
		int v;

		FUZZ_CHECK(c >= 0x20 && c != '"');
		if (c != '\\') {
			buf_addc(out, (char)c);
			continue;
		}
		FUZZ_CHECK(i + 1 < b->len);
		c = (unsigned char)s[++i];
		if (c == '"' || c == '\\') {
			buf_addc(out, (char)c);
			continue;
		}
		FUZZ_CHECK(c == 'u' && i + 4 < b->len);
		v = 0;
		for (int k = 1; k <= 4; k++) {
			int h = hexval(s[i + k]);

			FUZZ_CHECK(h >= 0);
			v = v * 16 + h;
		}
		FUZZ_CHECK(v < 0x20);
		buf_addc(out, (char)v);
		i += 4;
	}
}

/* Check XML text or an attribute value, and decode it. */
static void
check_xml(const struct buf *b, int attr, struct buf *out)
{
	static const char *const ent[] = { "&amp;", "&lt;", "&gt;", "&quot;",
		"&apos;", "&#9;", "&#10;", "&#13;" };
	static const char val[] = "&<>\"'\t\n\r";
	const char *s = b->data;

	FUZZ_CHECK(valid_utf8(s, b->len));
	for (size_t i = 0; i < b->len; i++) {
		unsigned char c = (unsigned char)s[i];
		size_t k;

		if (c == '&') {
			for (k = 0; k < sizeof(ent) / sizeof(ent[0]); k++)
				if (strncmp(s + i, ent[k], strlen(ent[k])) == 0)
					break;
			FUZZ_CHECK(k < sizeof(ent) / sizeof(ent[0]));
			buf_addc(out, val[k]);
			i += strlen(ent[k]) - 1;
			continue;
		}
		FUZZ_CHECK(c >= 0x20 || (!attr && (c == '\t' || c == '\n')));
		FUZZ_CHECK(c != '<' && c != '>' && c != '"' && c != '\'');
		/* U+FFFE and U+FFFF are not XML characters. */
		FUZZ_CHECK(!(c == 0xef && (unsigned char)s[i + 1] == 0xbf &&
		    (unsigned char)s[i + 2] >= 0xbe));
		buf_addc(out, (char)c);
	}
}

/* Whether XML can hold the text as it is (no FFFD put in). */
static int
xml_clean(const char *s, size_t n)
{
	if (!valid_utf8(s, n))
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
			return 0;
		if (c == 0xef && i + 2 < n && (unsigned char)s[i + 1] == 0xbf &&
		    (unsigned char)s[i + 2] >= 0xbe)
			return 0;
	}
	return 1;
}

static void
check_mode(int mode, const char *s, size_t n, const size_t cut[3])
{
	struct buf whole = BUF_INIT, pieces = BUF_INIT, dec = BUF_INIT;
	struct enc e;
	size_t at = 0;

	enc_text(&whole, mode, s, n);
	buf_reserve(&whole, 0);
	enc_init(&e, mode);
	for (int k = 0; k < 3; k++) {
		size_t to = cut[k] < at ? at : cut[k] > n ? n : cut[k];

		enc_feed(&e, &pieces, s + at, to - at);
		at = to;
	}
	enc_feed(&e, &pieces, s + at, n - at);
	enc_finish(&e, &pieces);
	buf_reserve(&pieces, 0);
	FUZZ_CHECK(whole.len == pieces.len &&
	    memcmp(whole.data, pieces.data, whole.len) == 0);
	buf_reserve(&dec, 0);
	switch (mode) {
	case ENC_JSON:
		check_json(&whole, &dec);
		if (valid_utf8(s, n))
			FUZZ_CHECK(dec.len == n && memcmp(dec.data, s, n) == 0);
		break;
	case ENC_XML_TEXT:
	case ENC_XML_ATTR:
		check_xml(&whole, mode == ENC_XML_ATTR, &dec);
		if (xml_clean(s, n))
			FUZZ_CHECK(dec.len == n && memcmp(dec.data, s, n) == 0);
		break;
	case ENC_CSV:
		/* Quotes doubled, bytes as they are. */
		for (size_t i = 0; i < whole.len; i++) {
			buf_addc(&dec, whole.data[i]);
			if (whole.data[i] == '"') {
				FUZZ_CHECK(i + 1 < whole.len &&
				    whole.data[i + 1] == '"');
				i++;
			}
		}
		FUZZ_CHECK(dec.len == n && memcmp(dec.data, s, n) == 0);
		break;
	}
	buf_free(&whole);
	buf_free(&pieces);
	buf_free(&dec);
}

static void
check_csv_field(const char *s, size_t n, char sep)
{
	struct buf b = BUF_INIT, dec = BUF_INIT;

	csv_field(&b, s, n, sep);
	buf_reserve(&b, 0);
	buf_reserve(&dec, 0);
	if (!csv_special(s, n, sep)) {
		FUZZ_CHECK(b.len == n && memcmp(b.data, s, n) == 0);
		FUZZ_CHECK(memchr(s, sep, n) == NULL);
	} else {
		FUZZ_CHECK(
		    b.len >= 2 && b.data[0] == '"' && b.data[b.len - 1] == '"');
		for (size_t i = 1; i + 1 < b.len; i++) {
			buf_addc(&dec, b.data[i]);
			if (b.data[i] == '"') {
				FUZZ_CHECK(
				    b.data[i + 1] == '"' && i + 2 < b.len);
				i++;
			}
		}
		FUZZ_CHECK(dec.len == n && memcmp(dec.data, s, n) == 0);
	}
	buf_free(&b);
	buf_free(&dec);
}

static void
check_dir_name(const char *s, size_t n, size_t max)
{
	struct buf b = BUF_INIT, dec = BUF_INIT;

	buf_adds(&b, "prefix/");
	enc_dir_name(&b, s, n, max);
	FUZZ_CHECK(b.len > 7 && b.len - 7 <= max);
	FUZZ_CHECK(memchr(b.data + 7, '/', b.len - 7) == NULL);
	FUZZ_CHECK(memchr(b.data + 7, '\0', b.len - 7) == NULL);
	FUZZ_CHECK(
	    strcmp(b.data + 7, ".") != 0 && strcmp(b.data + 7, "..") != 0);
	buf_reserve(&dec, 0);
	for (size_t i = 7; i < b.len; i++) {
		char c = b.data[i];

		if (c == '\\') {
			static const char from[] = "\\t0_.e";
			static const char to[] = "\\\t\0/.";
			const char *p;

			FUZZ_CHECK(i + 1 < b.len);
			p = strchr(from, b.data[++i]);
			FUZZ_CHECK(p != NULL);
			if (*p != 'e')
				buf_addc(&dec, to[p - from]);
			continue;
		}
		buf_addc(&dec, c);
	}
	/* The text, or the start of it when it was cut. */
	FUZZ_CHECK(dec.len <= n && memcmp(dec.data, s, dec.len) == 0);
	buf_free(&b);
	buf_free(&dec);
}

static void
check_names(const char *arg)
{
	struct rec_joblog jl;
	struct rec_results res;
	const char *why = NULL;

	if (records_parse_joblog(arg, &jl, &why) == 0) {
		FUZZ_CHECK(jl.path == arg + jl.append && jl.path[0] != '\0');
		FUZZ_CHECK(jl.append == (arg[0] == '+'));
		FUZZ_CHECK(jl.to_stdout == (strcmp(jl.path, "-") == 0));
	} else
		FUZZ_CHECK(why != NULL &&
		    (strcmp(arg, "") == 0 || strcmp(arg, "+") == 0));
	why = NULL;
	if (records_parse_results(arg, &res, &why) == 0) {
		FUZZ_CHECK(res.path == arg && res.kind != REC_NONE);
		if (res.to_stdout)
			FUZZ_CHECK(arg[0] == '-' && arg[1] == '.' &&
			    res.kind != REC_DIR);
		FUZZ_CHECK(strncmp(arg, "-.", 2) != 0 || res.to_stdout);
	} else
		FUZZ_CHECK(why != NULL && strncmp(arg, "-.", 2) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	char sep = (char)fuzz_byte(&in);
	size_t max = 14 + fuzz_byte(&in), cut[3];
	const char *s;
	char *arg;
	size_t n;

	for (int k = 0; k < 3; k++)
		cut[k] = fuzz_byte(&in);
	s = (const char *)in.p;
	n = in.n;
	check_mode(ENC_JSON, s, n, cut);
	check_mode(ENC_XML_TEXT, s, n, cut);
	check_mode(ENC_XML_ATTR, s, n, cut);
	check_mode(ENC_CSV, s, n, cut);
	check_csv_field(s, n, sep);
	check_dir_name(s, n, max);
	arg = fuzz_piece(&in, '\0', NULL);
	check_names(arg != NULL ? arg : "");
	free(arg);
	return 0;
}
