/*
 * latest.h -- --latest-line: a row on the terminal for each job, redrawn
 * in place with the job's latest complete line.
 *
 * Owns the rows of one output stream as GNU parallel draws them: a job's
 * row is the next free one when it first prints (or its number, with -k);
 * a row is drawn with the cursor moved up to it (the terminal's cursor-up,
 * or nothing when there is no terminal) or down with newlines, then a
 * carriage return, the tag, the colour, the line cut to the terminal's
 * width (a '>' where it was cut, else a blank), the reset, and newlines down
 * to the row after the last.  Only the rows that fit on the terminal are
 * drawn; a job that ended keeps its row until the rows above it ended too,
 * then they scroll off.  The terminal's size is read once, from /dev/tty
 * (24 rows of 80 columns without one).
 *
 * Pure but for that: the caller writes the bytes it is given.  Knows
 * nothing of jobs or streams.  Unit-tested in tests/unit/test_latest.c.
 */
#ifndef XPOOL_LATEST_H
#define XPOOL_LATEST_H

#include <stddef.h>

#include "buf.h"

/* What a row shows: the tag and colour are the job's, the line its last. */
struct latest_row {
	const char *tag;
	size_t taglen;
	const char *color, *reset; /* or NULL */
	const char *line;
	size_t len;
};

struct latest;

struct latest *latest_new(int, int, const char *);
struct latest *latest_for_tty(void);
void latest_free(struct latest *);
void latest_draw(
    struct latest *, unsigned long, const struct latest_row *, struct buf *);
void latest_done(
    struct latest *, unsigned long, const struct latest_row *, struct buf *);

#endif
