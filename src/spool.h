/*
 * spool.h -- where held output goes when memory is full.
 *
 * Owns one temporary file under $TMPDIR or --tmpdir, created on first use
 * and unlinked at once, so that it disappears on every exit path, even
 * SIGKILL.  Output is appended to it in extents; an extent read back and
 * written out is released (its blocks are freed with a punched hole), and
 * the file is emptied whenever nothing in it is still wanted.
 */
#ifndef XPOOL_SPOOL_H
#define XPOOL_SPOOL_H

#include <stddef.h>
#include <sys/types.h>

struct spool;

struct spool *spool_new(const char *);
void spool_free(struct spool *);
int spool_append(struct spool *, const char *, size_t, off_t *);
int spool_extend(struct spool *, off_t, size_t);
ssize_t spool_read(struct spool *, off_t, char *, size_t);
void spool_release(struct spool *, off_t, size_t);
const char *spool_dir(const struct spool *);

#endif
