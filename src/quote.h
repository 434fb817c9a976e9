/*
 * quote.h -- shell quoting.
 *
 * Owns no state.  quote_shell() appends a word to a buffer so that sh(1)
 * reads it back as exactly those bytes, whatever they are.  The text is the
 * same as GNU parallel's (bare when only [A-Za-z0-9_+./-], otherwise single
 * quotes with '"'"' for an embedded quote), so --dry-run and -v print what
 * GNU parallel prints.  Unit-tested in tests/unit/test_quote.c.
 */
#ifndef XPOOL_QUOTE_H
#define XPOOL_QUOTE_H

#include <stddef.h>

#include "buf.h"

int quote_needed(const char *, size_t);
void quote_shell(struct buf *, const char *, size_t);
size_t quote_len(const char *, size_t);

#endif
