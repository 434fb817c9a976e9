/*
 * mark.h -- a job's output told apart from a session's mark after it.
 *
 * Owns the cutting of one of a remote session's streams (runner.c): a
 * job's bytes, then a newline, the session's mark and, on stdout, a space,
 * the job's status and a newline; on stderr a newline.  Bytes come in reads
 * of any size; a tail that may be the start of the mark is held back until
 * the next read says whether it is.  What comes after the mark, up to the
 * next job, is dropped.
 *
 * Pure: no I/O.  Knows nothing of sessions, jobs or processes.  Fuzzed in
 * tests/fuzz/fuzz_mark.c.
 */
#ifndef XPOOL_MARK_H
#define XPOOL_MARK_H

#include <stddef.h>

#include "buf.h"

/* The job's bytes; returns nonzero to ask the reader to pause. */
typedef int (*mark_out)(void *, const char *, size_t);

struct mark {
	const char *mark; /* "\n" and the mark */
	size_t len;
	int with_status; /* " STATUS\n" follows it (stdout), else "\n" */
	int over; /* the mark came: what follows is no job's */
	int status; /* ... with this status (255 when it cannot be read) */
	struct buf held; /* a tail that may be the mark's start */
};

void mark_init(struct mark *, const char *, size_t, int);
int mark_feed(struct mark *, const char *, size_t, mark_out, void *);
int mark_flush(struct mark *, mark_out, void *);
void mark_reset(struct mark *);
void mark_free(struct mark *);

#endif
