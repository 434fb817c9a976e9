/*
 * recio.h -- what the record writers share: a job's captured output, and
 * the sink a record is streamed into.
 *
 * Private to the record files; callers outside them see records.h only.
 * records.c captures each job's output into its struct rec_data as it
 * arrives (rec_cap_add()); at the job's end results.c and junit.c stream it
 * into their records (rec_cap_emit()) through a struct rec_sink, which
 * writes a record of any size in pieces of about REC_FLUSH_AT bytes.
 * joblog.c needs only rec_write_all().
 *
 * Owns no file: the spill file, the record being built and the read-back
 * buffer are records.c's, lent to the writers in a struct rec_io.  Knows
 * nothing of the formats beyond the encoder mode it is given (recenc.h).
 * Tested through records.h, in tests/unit/test_records.c.
 */
#ifndef XPOOL_RECIO_H
#define XPOOL_RECIO_H

#include <stddef.h>
#include <sys/types.h>

#include "buf.h"

#define REC_FLUSH_AT (1024 * 1024) /* a record larger than this is streamed */
#define REC_CHUNK (64 * 1024) /* spilled output read back at a time */

struct spool;

/* Spilled bytes of one stream: a run of the spill file. */
struct rec_ext {
	off_t off;
	size_t len;
};

/* One stream of a job, captured for a record written at its end. */
struct rec_cap {
	struct buf mem; /* the first bytes */
	struct rec_ext *ext; /* then these, in order */
	size_t next;
	size_t aext;
	int special; /* a CSV field must be quoted */
};

/* What every record of a run is built with. */
struct rec_io {
	struct buf rec; /* the record being built */
	struct spool *spill; /* captured output past hold */
	char *chunk; /* REC_CHUNK bytes to read spilled output into */
	size_t hold; /* output bytes per job held in memory */
};

/* A job as its records see it. */
struct rec_data {
	unsigned long seq;
	char **val; /* the input values, for JSON and CSV */
	size_t *vlen;
	size_t nval;
	int cerr; /* errno of a failed spill: the capture is incomplete */
	unsigned long long nbytes[2]; /* bytes seen on each stream */
	size_t held; /* bytes held in memory, both streams */
	struct rec_cap cap[2];
};

/* A record on its way to a file descriptor, or to a spool. */
struct rec_sink {
	struct rec_io *io;
	int fd; /* -1: append to *spool instead */
	struct spool *spool;
	off_t *len; /* the spool's length, kept up to date */
	int err; /* errno of the first failed write */
};

/*
 * Write all of it.  A regular file takes it in one write(2); fd 1 may be a
 * non-blocking pipe shared with libuv, so EAGAIN waits for room.
 */
int rec_write_all(int fd, const char *, size_t);

/* Close a record file (never 0, 1 or 2); -1 with a message on an error. */
int rec_close_fd(int *fd, const char *what, const char *name);

/*
 * Capture a piece of a stream: in memory up to io->hold bytes for the job,
 * then in the spill file.  sep is the CSV or TSV separator whose fields are
 * being watched for quoting, or 0.  A failed spill is kept in d->cerr.
 */
void rec_cap_add(struct rec_io *, struct rec_data *, int stream, const char *,
    size_t, char sep);

/* Stream a captured stream, encoded, into a record; 0 or an errno value. */
int rec_cap_emit(
    struct rec_io *, const struct rec_cap *, int mode, struct rec_sink *);

void rec_cap_free(struct rec_io *, struct rec_cap *);

/* Write out what is built when it is large; the record is not done. */
void rec_sink_check(struct rec_sink *);

/* The record is complete: write what is left; 0 or an errno value. */
int rec_sink_done(struct rec_sink *);

#endif
