/*
 * queue.h -- bytes on their way out, in segments.
 *
 * Owns segments and queues of them: a segment is a buffer in memory or,
 * with data NULL, an extent of a spool file (spool.c) or, with --compress,
 * a stream's output compressed in a file of its own (zfile.c).  A queue is a
 * list of segments; one queue can be moved onto another without a copy (a
 * little output in one piece is copied instead, so that many small jobs
 * go out in one write).  Buffers of BLOCK bytes are kept for reuse in the
 * queue's struct blocks, so a job streaming megabytes does not fault in
 * fresh memory for every block.  Knows nothing of jobs, order or fds.
 */
#ifndef XPOOL_QUEUE_H
#define XPOOL_QUEUE_H

#include <stddef.h>
#include <sys/types.h>

#include "spool.h"
#include "zfile.h"

#define BLOCK (64 * 1024)
#define SMALL 4096 /* a queue moved whole this small is copied instead */

/*
 * A piece of output: in memory, or (data == NULL) in the spool file, or
 * (z != NULL) compressed in a file of its own, len bytes before.
 */
struct seg {
	struct seg *next;
	char *data;
	size_t len, off, cap;
	off_t foff;
	struct zfile *z;
};

/*
 * Free BLOCK-sized buffers, kept for the next segment: a job streaming
 * megabytes fills and empties blocks without end, and malloc would return
 * each to the system and fault it in again.
 */
#define KEPT_BLOCKS 32

/*
 * Small segments (a job's first output, SMALL_SEG bytes) are kept whole,
 * buffer and all: many short jobs or worker items need one each.
 */
#define SMALL_SEG 256
#define KEPT_SMALL 1024

struct blocks {
	char *kept[KEPT_BLOCKS];
	int n;
	struct seg *small; /* kept small segments */
	unsigned nsmall;
};

struct queue {
	struct seg *head, *tail;
	size_t mem; /* bytes held in memory */
	struct blocks *bl; /* the output's free blocks */
};

struct seg *seg_new(struct blocks *, size_t);
void seg_free_data(struct blocks *, struct seg *);
void seg_free(struct blocks *, struct seg *);
void blocks_free(struct blocks *);
void queue_push(struct queue *, struct seg *);
void queue_add(struct queue *, const char *, size_t);
void queue_free(struct queue *, struct spool *);
void queue_splice(struct queue *, struct queue *);

#endif
