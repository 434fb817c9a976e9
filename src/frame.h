/*
 * frame.h -- a worker's answers told apart in what it prints.
 *
 * Owns the framing of --worker answers: by default each line answers one
 * item; with --eot STRING an answer is any number of lines ended by a line
 * that is STRING (the item succeeded) or "STRING N", N from 1 to 255 (it
 * failed with status N).  Lines are cut at '\n' only; any other byte,
 * NUL included, is part of a line.
 *
 * Pure: no I/O, no state.  Knows nothing of workers, items or output.
 * Fuzzed in tests/fuzz/fuzz_frame.c.
 */
#ifndef XPOOL_FRAME_H
#define XPOOL_FRAME_H

#include <stddef.h>

struct frame {
	const char *eot; /* --eot STRING, or NULL: a line per answer */
	size_t eotlen;
};

void frame_init(struct frame *, const char *);
size_t frame_line(const char *, size_t);
size_t frame_lines(const char *, size_t, unsigned long, unsigned long *);
int frame_end(const struct frame *, const char *, size_t, int *);

#endif
