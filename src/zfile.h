/*
 * zfile.h -- held output through a compressor (--compress).
 *
 * Owns one stream's spilled output when --compress is given: a temporary
 * file of its own, unlinked as soon as it is made, that a compressor
 * (`sh -c PRG`, its standard input a pipe from xpool) writes; and, when
 * the output's turn comes, a decompressor (`sh -c PRG`, its standard input
 * the file) whose standard output xpool reads back.  Both are in process
 * groups of their own, with SIGPIPE at its default; zfile_free() closes
 * their pipes, which ends them, and reaps them.  The compressor writes to
 * a file and the decompressor reads one, so neither pipe can wait on the
 * other: plain blocking reads and writes are safe.  The bytes read back
 * are counted by the caller against those written, which is what shows a
 * failed compressor (xpool's reaper may take a child's status first).
 * Knows nothing of jobs, queues or the event loop.
 */
#ifndef XPOOL_ZFILE_H
#define XPOOL_ZFILE_H

#include <stddef.h>
#include <sys/types.h>

struct zfile;

struct zfile *zfile_new(const char *, const char *, const char *, int *);
int zfile_write(struct zfile *, const char *, size_t);
void zfile_seal(struct zfile *);
ssize_t zfile_read(struct zfile *, char *, size_t);
const char *zfile_program(const struct zfile *);
void zfile_free(struct zfile *);

#endif
