/*
 * csv.h -- one CSV record split into fields, as RFC 4180 quotes them.
 *
 * Owns --csv's reading of a record: fields are separated by one byte (a
 * comma unless --colsep says), a field that starts with a double quote
 * runs to the quote that closes it, separators and newlines included, and
 * "" inside it is one quote.  A quote in a field that does not start with
 * one, or text after a closing quote, is a malformed record, as for GNU
 * parallel's Text::CSV.
 *
 * Pure: no I/O.  Unit-tested in tests/unit/test_csv.c.
 */
#ifndef XPOOL_CSV_H
#define XPOOL_CSV_H

#include <stddef.h>

#include "buf.h"

/* Where a record's fields went: offsets and lengths into the output. */
struct csv_fields {
	size_t *off, *len;
	size_t n, cap;
};

int csv_split(const char *, size_t, char, struct buf *, struct csv_fields *);
int csv_open_quote(const char *, size_t, int);
void csv_fields_add(struct csv_fields *, size_t, size_t);
void csv_fields_free(struct csv_fields *);

#endif
