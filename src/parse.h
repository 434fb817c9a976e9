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
char *parse_printf_escapes(const char *);
int parse_trim(const char *, int *, const char **);
int parse_size(const char *, size_t *, const char **);
void size_text(size_t, char *, size_t);
int parse_duration(const char *, double *, const char **);
int parse_timeout(const char *, double *, double *, const char **);
int parse_signal(const char *, int *);
int parse_load(const char *, long, double *, const char **);

/* --termseq: signals to send, each followed by a wait in milliseconds. */
#define TERMSEQ_MAX 32
struct termseq {
	int n;
	int sig[TERMSEQ_MAX];
	unsigned ms[TERMSEQ_MAX];
};
int parse_termseq(const char *, struct termseq *, const char **);

/* --halt WHEN,WHY=N[%] */
enum { HALT_NEVER, HALT_SOON, HALT_NOW };
enum { HALT_FAIL, HALT_SUCCESS, HALT_DONE };
struct halt {
	int when;
	int why;
	double count; /* jobs, or a percentage */
	int percent;
};
int parse_halt(const char *, struct halt *, const char **);

/* Bits of the --trim result. */
#define TRIM_LEFT 1
#define TRIM_RIGHT 2

#endif
