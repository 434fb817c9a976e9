/*
 * parse.h -- pure parsers for option values.
 *
 * Owns no state.  Each parser takes the text the user typed and returns 0 with
 * the value, or -1 with *why set to a short reason that the caller puts into
 * its message ("not a number", "must be at least 1").  Unit-tested in
 * tests/unit/test_parse.c.
 */
#ifndef XPOOL_PARSE_H
#define XPOOL_PARSE_H

#include <stddef.h>

int parse_long(const char *, long, long, long *, const char **);
int parse_jobs(const char *, long, long, long *, const char **);
int parse_delim(const char *, char *, const char **);
int parse_trim(const char *, int *, const char **);
int parse_size(const char *, size_t *, const char **);

/* Bits of the --trim result. */
#define TRIM_LEFT 1
#define TRIM_RIGHT 2

#endif
