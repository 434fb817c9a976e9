/*
 * quote.h -- shell quoting.
 *
 * Owns no state.  quote_shell() appends a word to a buffer so that sh(1)
 * reads it back as exactly those bytes, whatever they are.  The text is the
 * same as GNU parallel's (bare when only [A-Za-z0-9_+./-], otherwise single
 * quotes with '"'"' for an embedded quote), so --dry-run and -v print what
 * GNU parallel prints.  quote_words() splits a line into words as GNU
 * parallel reads $PARALLEL and its profile files (Perl's
 * Text::ParseWords::shellwords): blanks separate words; "..." and '...'
 * quote, a backslash takes the next byte (and stays, between single
 * quotes); nothing else is special.  It appends each word and a NUL to
 * the buffer and returns how many, or -1 for a quote left open or a
 * backslash at the end (the buffer as it was).  Unit-tested in
 * tests/unit/test_quote.c.
 */
#ifndef XPOOL_QUOTE_H
#define XPOOL_QUOTE_H

#include <stddef.h>

#include "buf.h"

int quote_needed(const char *, size_t);
void quote_shell(struct buf *, const char *, size_t);
size_t quote_len(const char *, size_t);
long quote_words(struct buf *, const char *, size_t);

#endif
