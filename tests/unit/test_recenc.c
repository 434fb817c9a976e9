/*
 * test_recenc.c -- the record formats' text encoders (src/recenc.h).
 *
 * What the record files make of awkward bytes, piece by piece: UTF-8
 * checking with one U+FFFD per maximal invalid subpart, JSON and XML
 * escapes, GNU parallel's CSV quoting, and --results directory names.
 * test_records.c checks the same rules in whole files, read back by real
 * parsers.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "recenc.h"
#include "unit.h"

/* A string literal that may hold NUL: its bytes and its length. */
#define S(lit) lit, sizeof(lit) - 1

#define FFFD "\xef\xbf\xbd"

/* The text encoded whole, in mode. */
static char *
encoded(int mode, const char *p, size_t n, size_t *len)
{
	struct buf b = BUF_INIT;

	enc_text(&b, mode, p, n);
	*len = b.len;
	buf_addc(&b, '\0');
	return buf_detach(&b);
}

#define CHECK_ENC(mode, in, want)                                              \
	do {                                                                   \
		size_t n_;                                                     \
		char *e_ = encoded((mode), S(in), &n_);                        \
		CHECK_MEM(e_, n_, (want), sizeof(want) - 1);                   \
		free(e_);                                                      \
	} while (0)

/* The text fed in pieces of the given sizes, then finished. */
static char *
fed(int mode, const char *p, const size_t *piece, size_t npiece, size_t *len)
{
	struct buf b = BUF_INIT;
	struct enc e;

	enc_init(&e, mode);
	for (size_t i = 0; i < npiece; i++) {
		enc_feed(&e, &b, p, piece[i]);
		p += piece[i];
	}
	enc_finish(&e, &b);
	*len = b.len;
	buf_addc(&b, '\0');
	return buf_detach(&b);
}

#define CHECK_FED(mode, in, pieces, want)                                      \
	do {                                                                   \
		size_t n_;                                                     \
		char *e_ = fed((mode), (in), (pieces),                         \
		    sizeof(pieces) / sizeof((pieces)[0]), &n_);                \
		CHECK_MEM(e_, n_, (want), sizeof(want) - 1);                   \
		free(e_);                                                      \
	} while (0)

static int
seq_len(const char *p, size_t n, size_t *bad)
{
	*bad = 0;
	return utf8_seq((const unsigned char *)p, n, bad);
}

static void
test_utf8_seq(void)
{
	size_t bad;

	CHECK_INT(seq_len(S("a"), &bad), 1);
	CHECK_INT(seq_len(S("\xc3\xa9"), &bad), 2);
	CHECK_INT(seq_len(S("\xe2\x82\xac"), &bad), 3);
	CHECK_INT(seq_len(S("\xf0\x9f\x98\x80"), &bad), 4);
	CHECK_INT(seq_len(S("\xf4\x8f\xbf\xbf"), &bad), 4); /* U+10FFFF */
	/* A valid start that the next piece may finish. */
	CHECK_INT(seq_len(S("\xc3"), &bad), -1);
	CHECK_INT(seq_len(S("\xe2\x82"), &bad), -1);
	CHECK_INT(seq_len(S("\xf0\x9f\x98"), &bad), -1);
	/* Invalid: the length one U+FFFD stands for. */
	CHECK_INT(seq_len(S("\x80"), &bad), 0);
	CHECK_INT(bad, 1);
	CHECK_INT(seq_len(S("\xc0\xaf"), &bad), 0); /* overlong */
	CHECK_INT(bad, 1);
	CHECK_INT(seq_len(S("\xff"), &bad), 0);
	CHECK_INT(bad, 1);
	CHECK_INT(seq_len(S("\xe0\x80\x80"), &bad), 0); /* overlong */
	CHECK_INT(bad, 1);
	CHECK_INT(seq_len(S("\xed\xa0\x80"), &bad), 0); /* a surrogate */
	CHECK_INT(bad, 1);
	CHECK_INT(seq_len(S("\xf4\x90\x80\x80"), &bad), 0); /* > U+10FFFF */
	CHECK_INT(bad, 1);
	CHECK_INT(seq_len(S("\xe2\x82x"), &bad), 0);
	CHECK_INT(bad, 2);
	CHECK_INT(seq_len(S("\xf0\x9f\x98x"), &bad), 0);
	CHECK_INT(bad, 3);
}

static void
test_json(void)
{
	CHECK_ENC(ENC_JSON, "plain text", "plain text");
	CHECK_ENC(ENC_JSON, "say \"hi\" \\ ok", "say \\\"hi\\\" \\\\ ok");
	/* C0 controls as GNU parallel writes them; DEL and / as they are. */
	CHECK_ENC(ENC_JSON, "a\nb\tc\0d\x1f\x7f/",
	    "a\\u000ab\\u0009c\\u0000d\\u001f\x7f/");
	CHECK_ENC(ENC_JSON, "\xc3\xa9\xef\xbf\xbe", "\xc3\xa9\xef\xbf\xbe");
	/* One U+FFFD per maximal subpart, as Python decodes it. */
	CHECK_ENC(ENC_JSON, "x\xff\xfey", "x" FFFD FFFD "y");
	CHECK_ENC(ENC_JSON, "\xe2\x82x", FFFD "x");
	CHECK_ENC(ENC_JSON, "\xe0\x80", FFFD FFFD);
	CHECK_ENC(ENC_JSON, "end\xf0\x9f", "end" FFFD);
	CHECK_ENC(ENC_JSON, "", "");
}

static void
test_xml(void)
{
	CHECK_ENC(ENC_XML_TEXT, "<a href='x'>&amp;\"</a>",
	    "&lt;a href=&apos;x&apos;&gt;&amp;amp;&quot;&lt;/a&gt;");
	/* TAB and LF stay in text; CR would be folded by a parser. */
	CHECK_ENC(ENC_XML_TEXT, "a\tb\nc\rd", "a\tb\nc&#13;d");
	CHECK_ENC(ENC_XML_ATTR, "a\tb\nc\rd", "a&#9;b&#10;c&#13;d");
	/* XML 1.0 has no other C0 control, nor U+FFFE and U+FFFF. */
	CHECK_ENC(ENC_XML_TEXT, "\0\x01\x1b[0m", FFFD FFFD FFFD "[0m");
	CHECK_ENC(ENC_XML_ATTR, "\xef\xbf\xbe\xef\xbf\xbf\xef\xbf\xbd",
	    FFFD FFFD FFFD);
	CHECK_ENC(ENC_XML_TEXT, "\xc3\xa9 \xf0\x9f\x98\x80 \xff",
	    "\xc3\xa9 \xf0\x9f\x98\x80 " FFFD);
}

/* A character split between pieces is one character. */
static void
test_pieces(void)
{
	static const size_t one[] = { 1, 1, 1, 1, 1, 1 };
	static const size_t split4[] = { 1, 2, 1 };
	static const size_t split2[] = { 2, 1 };
	static const size_t tail[] = { 1, 1 };

	CHECK_FED(
	    ENC_JSON, "a\xc3\xa9\xe2\x82\xac", one, "a\xc3\xa9\xe2\x82\xac");
	CHECK_FED(ENC_XML_TEXT, "\xf0\x9f\x98\x80", split4, "\xf0\x9f\x98\x80");
	/* The next piece shows the sequence was bad: then its bytes count. */
	CHECK_FED(ENC_JSON, "\xe2\x82x", split2, FFFD "x");
	CHECK_FED(ENC_JSON, "\xe0\x80", tail, FFFD FFFD);
	/* Text that ends in the middle of a character. */
	CHECK_FED(ENC_JSON, "\xf0\x9f\x98", split2, FFFD);
	CHECK_FED(ENC_XML_TEXT, "\xef\xbf\xbe", split2, FFFD);
}

static void
test_csv(void)
{
	struct buf b = BUF_INIT;

	CHECK_INT(csv_special(S("plain"), ','), 0);
	CHECK_INT(csv_special(S("a,b"), ','), 1);
	CHECK_INT(csv_special(S("a,b"), '\t'), 0);
	CHECK_INT(csv_special(S("a\tb"), ','), 1);
	CHECK_INT(csv_special(S("a b"), '\t'), 1);
	CHECK_INT(csv_special(S("\""), ','), 1);
	CHECK_INT(csv_special(S("a\0b"), ','), 1);
	CHECK_INT(csv_special(S("\v\f\r\n"), ','), 1);
	CHECK_INT(csv_special(S("\x1b\xff;'"), ','), 0);
	CHECK_INT(csv_special(S(""), ','), 0);

	csv_field(&b, S("plain"), ',');
	buf_addc(&b, ',');
	csv_field(&b, S("say \"hi\""), ',');
	buf_addc(&b, ',');
	csv_field(&b, S("a\tb"), '\t');
	buf_addc(&b, ',');
	csv_field(&b, S("x\xff"), ',');
	CHECK_STR(b.data, "plain,\"say \"\"hi\"\"\",\"a\tb\",x\xff");
	buf_free(&b);
	/* The streaming form doubles quotes only; bytes stay as they are. */
	CHECK_ENC(ENC_CSV, "a\"b\"\"\xff\n", "a\"\"b\"\"\"\"\xff\n");
}

static char *
dir_name(const char *prefix, const char *s, size_t n, size_t max)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, prefix);
	enc_dir_name(&b, s, n, max);
	buf_addc(&b, '\0');
	return buf_detach(&b);
}

#define CHECK_DIR(in, max, want)                                               \
	do {                                                                   \
		char *d_ = dir_name("", S(in), (max));                         \
		CHECK_STR(d_, (want));                                         \
		free(d_);                                                      \
	} while (0)

static void
test_dir_name(void)
{
	char *d;

	CHECK_DIR("a b", 255, "a b");
	CHECK_DIR("a/b\\c\td\0e", 255, "a\\_b\\\\c\\td\\0e");
	/* Names that cannot be directories. */
	CHECK_DIR("", 255, "\\e");
	CHECK_DIR(".", 255, "\\.");
	CHECK_DIR("..", 255, "\\.\\.");
	CHECK_DIR("...", 255, "...");
	CHECK_DIR(".a", 255, ".a");
	/* Cut to max bytes, never within an escape or a character. */
	CHECK_DIR("abcdef", 4, "abcd");
	CHECK_DIR("abc/", 4, "abc");
	CHECK_DIR("ab/", 4, "ab\\_");
	CHECK_DIR("ab\xc3\xa9", 3, "ab");
	CHECK_DIR("ab\xc3\xa9", 4, "ab\xc3\xa9");
	CHECK_DIR("a\xf0\x9f\x98\x80", 4, "a");
	/* Only the name's own bytes count; what is before it stays. */
	d = dir_name("seq/1/", S("abcdef"), 3);
	CHECK_STR(d, "seq/1/abc");
	free(d);
}

int
main(void)
{
	test_utf8_seq();
	test_json();
	test_xml();
	test_pieces();
	test_csv();
	test_dir_name();
	return unit_done("test_recenc");
}
