/*
 * queue.c -- segments of output and queues of them.
 */
#include <stdlib.h>
#include <string.h>

#include "queue.h"
#include "xmalloc.h"

struct seg *
seg_new(struct blocks *bl, size_t cap)
{
	struct seg *g;

	if (cap == SMALL_SEG && bl->small != NULL) {
		/* A small one kept whole, its buffer with it. */
		g = bl->small;
		bl->small = g->next;
		bl->nsmall--;
		g->next = NULL;
		g->len = g->off = 0;
		g->foff = 0;
		return g;
	}
	g = xcalloc(1, sizeof(*g));
	g->cap = cap;
	g->data = cap == BLOCK && bl->n > 0 ? bl->kept[--bl->n] : xmalloc(cap);
	return g;
}

/* Free a segment's buffer; the segment stays. */
void
seg_free_data(struct blocks *bl, struct seg *g)
{
	if (g->data != NULL && g->cap == BLOCK && bl->n < KEPT_BLOCKS)
		bl->kept[bl->n++] = g->data;
	else
		free(g->data);
	g->data = NULL;
}

void
seg_free(struct blocks *bl, struct seg *g)
{
	zfile_free(g->z);
	g->z = NULL;
	if (g->cap == SMALL_SEG && g->data != NULL && bl->nsmall < KEPT_SMALL) {
		g->next = bl->small;
		bl->small = g;
		bl->nsmall++;
		return;
	}
	seg_free_data(bl, g);
	free(g);
}

/* Free the buffers kept for reuse. */
void
blocks_free(struct blocks *bl)
{
	while (bl->n > 0)
		free(bl->kept[--bl->n]);
	while (bl->small != NULL) {
		struct seg *g = bl->small;

		bl->small = g->next;
		free(g->data);
		free(g);
	}
	bl->nsmall = 0;
}

void
queue_push(struct queue *q, struct seg *g)
{
	g->next = NULL;
	if (q->tail)
		q->tail->next = g;
	else
		q->head = g;
	q->tail = g;
	if (g->data != NULL)
		q->mem += g->len - g->off;
}

/* Copy bytes to the end of a queue; a growing tail block takes them. */
void
queue_add(struct queue *q, const char *p, size_t len)
{
	struct seg *g = q->tail;

	if (len == 0)
		return;
	if (g == NULL || g->data == NULL || g->cap - g->len < len) {
		size_t cap =
		    g != NULL && g->data != NULL ? g->cap * 2 : SMALL_SEG;

		if (cap > BLOCK)
			cap = BLOCK;
		g = seg_new(q->bl, len > cap ? len : cap);
		queue_push(q, g);
	}
	memcpy(g->data + g->len, p, len);
	g->len += len;
	q->mem += len;
}

void
queue_free(struct queue *q, struct spool *sp)
{
	struct seg *g, *n;

	for (g = q->head; g != NULL; g = n) {
		n = g->next;
		if (g->data == NULL && g->z == NULL && sp != NULL)
			spool_release(
			    sp, g->foff + (off_t)g->off, g->len - g->off);
		seg_free(q->bl, g);
	}
	q->head = q->tail = NULL;
	q->mem = 0;
}

/*
 * Move every segment of from to the end of to.  A little output in one
 * piece is copied into to's last block instead, so that many small jobs
 * go out in one write rather than one iovec each.
 */
void
queue_splice(struct queue *to, struct queue *from)
{
	struct seg *g = from->head;

	if (g == NULL)
		return;
	if (g->next == NULL && g->data != NULL && g->len - g->off <= SMALL) {
		queue_add(to, g->data + g->off, g->len - g->off);
		queue_free(from, NULL);
		return;
	}
	if (to->tail)
		to->tail->next = from->head;
	else
		to->head = from->head;
	to->tail = from->tail;
	to->mem += from->mem;
	from->head = from->tail = NULL;
	from->mem = 0;
}
