/*
 * recenc.h -- text as the record formats spell it.
 *
 * Owns the escaping rules of the record files: JSON strings, XML text and
 * attribute values, CSV and TSV fields (GNU parallel's quoting), and the
 * names of --results directories; and the UTF-8 check that JSON and XML
 * need.  Pure: each function appends to a struct buf and knows nothing of
 * files, jobs or which record a piece of text goes into; the record
 * writers decide that.  Unit-tested in tests/unit/test_recenc.c.
 *
 * Text reaches JSON and XML through a streaming encoder that keeps an
 * unfinished UTF-8 sequence between pieces, so a character split between
 * two reads is not taken for an invalid one.  Invalid UTF-8 becomes U+FFFD,
 * one for each maximal subpart (as Unicode recommends and Python does).
 */
#ifndef XPOOL_RECENC_H
#define XPOOL_RECENC_H

#include <stddef.h>

#include "buf.h"

enum {
	ENC_JSON, /* inside "...": \" \\ and \u00XX for C0 controls */
	ENC_XML_TEXT, /* element text: & < > " ' escaped, TAB LF kept */
	ENC_XML_ATTR, /* attribute value: TAB LF CR as &#N; too */
	ENC_CSV /* bytes as they are, quotes doubled */
};

/* A streaming encoder: holds an unfinished UTF-8 sequence between pieces. */
struct enc {
	int mode;
	unsigned char pend[4];
	size_t npend;
};

/*
 * The UTF-8 sequence at p: its length if it is valid; 0 with *bad set to
 * the length of the invalid piece that one U+FFFD replaces; -1 if the n
 * bytes are a valid start that the next piece may finish.
 */
int utf8_seq(const unsigned char *p, size_t n, size_t *bad);

void enc_init(struct enc *, int mode);
void enc_feed(struct enc *, struct buf *, const char *, size_t);
void enc_finish(struct enc *, struct buf *);

/* The whole of a text in memory, encoded. */
void enc_text(struct buf *, int mode, const char *, size_t);

/*
 * Whether GNU parallel quotes a CSV or TSV field with these bytes: a quote,
 * Perl's \s (space, TAB, LF, VT, FF, CR), the separator or NUL.
 */
int csv_special(const char *, size_t, char sep);

/* A whole field, quoted when csv_special() says so. */
void csv_field(struct buf *, const char *, size_t, char sep);

/*
 * One --header name or input value as a directory name: \ TAB NUL / as
 * GNU parallel writes them (\\ \t \0 \_), the names that cannot be
 * directories (empty, "." and "..") as \e \. \.\., and cut to max bytes
 * without splitting an escape or a UTF-8 character.
 */
void enc_dir_name(struct buf *, const char *, size_t, size_t max);

#endif
