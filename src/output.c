/*
 * output.c -- ordered, grouped job output, streamed for the live job.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "output.h"
#include "xmalloc.h"

#define BLOCK (64 * 1024)
#define HIGH_MARK (4 * 1024 * 1024) /* stop reading the live job */
#define LOW_MARK (1024 * 1024) /* read it again */
#define MAX_IOV 64

/* A piece of output waiting to be written. */
struct seg {
	struct seg *next;
	char *data;
	size_t len, off, cap;
};

/* fd 1 or fd 2. */
struct sink {
	struct output *out;
	int fd;
	int direct; /* a regular file or /dev/null: write(2) never waits */
	struct seg *head, *tail;
	size_t queued;
	int busy; /* a uv_fs_write is in flight */
	int dead; /* the reader is gone: drop everything */
	uv_fs_t req;
	uv_buf_t iov[MAX_IOV];
	size_t niov;
};

struct ojob {
	struct output *out;
	struct ojob *next;
	struct buf held[2]; /* stdout, stderr while waiting for the turn */
	int done;
};

struct output {
	uv_loop_t *loop;
	int unordered;
	struct output_cbs cb;
	struct sink sink[2];
	struct ojob *first, *last; /* ordered: jobs not yet written */
	int congested;
};

static void sink_kick(struct sink *);

static int
is_direct(int fd)
{
	struct stat st, null;

	if (fstat(fd, &st) != 0)
		return 0;
	if (S_ISREG(st.st_mode))
		return 1;
	return S_ISCHR(st.st_mode) && stat("/dev/null", &null) == 0 &&
	    st.st_rdev == null.st_rdev;
}

struct output *
output_new(uv_loop_t *loop, int unordered, const struct output_cbs *cb)
{
	struct output *o = xcalloc(1, sizeof(*o));

	o->loop = loop;
	o->unordered = unordered;
	o->cb = *cb;
	for (int i = 0; i < 2; i++) {
		o->sink[i].out = o;
		o->sink[i].fd = i + 1;
		o->sink[i].direct = is_direct(i + 1);
		o->sink[i].req.data = &o->sink[i];
	}
	return o;
}

static void
seg_free_all(struct sink *s)
{
	struct seg *g, *n;

	for (g = s->head; g != NULL; g = n) {
		n = g->next;
		free(g->data);
		free(g);
	}
	s->head = s->tail = NULL;
	s->queued = 0;
}

void
output_free(struct output *o)
{
	struct ojob *j, *n;

	if (o == NULL)
		return;
	for (int i = 0; i < 2; i++)
		seg_free_all(&o->sink[i]);
	for (j = o->first; j != NULL; j = n) {
		n = j->next;
		buf_free(&j->held[0]);
		buf_free(&j->held[1]);
		free(j);
	}
	free(o);
}

static void
check_pressure(struct output *o)
{
	size_t q = o->sink[0].queued + o->sink[1].queued;

	if (!o->congested && q > HIGH_MARK)
		o->congested = 1;
	else if (o->congested && q < LOW_MARK) {
		o->congested = 0;
		if (o->cb.drained != NULL)
			o->cb.drained(o->cb.arg);
	}
}

/* The stream is unusable: say so once, then drop what it is given. */
static void
sink_fail(struct sink *s, int err)
{
	struct output *o = s->out;

	s->dead = 1;
	seg_free_all(s);
	if (s->fd == STDOUT_FILENO && o->cb.broken != NULL)
		o->cb.broken(o->cb.arg, err);
	check_pressure(o);
}

/* Drop written bytes from the front of the queue. */
static void
sink_consume(struct sink *s, size_t n)
{
	while (n > 0 && s->head != NULL) {
		struct seg *g = s->head;
		size_t left = g->len - g->off;

		if (n < left) {
			g->off += n;
			s->queued -= n;
			return;
		}
		n -= left;
		s->queued -= left;
		s->head = g->next;
		if (s->head == NULL)
			s->tail = NULL;
		free(g->data);
		free(g);
	}
}

static size_t
sink_gather(struct sink *s)
{
	size_t total = 0;

	s->niov = 0;
	for (struct seg *g = s->head; g != NULL && s->niov < MAX_IOV;
	     g = g->next) {
		s->iov[s->niov] = uv_buf_init(
		    g->data + g->off, (unsigned int)(g->len - g->off));
		total += g->len - g->off;
		s->niov++;
	}
	return total;
}

static void
sink_written(uv_fs_t *req)
{
	struct sink *s = req->data;
	ssize_t r = req->result;

	uv_fs_req_cleanup(req);
	s->busy = 0;
	if (r < 0) {
		if (r != UV_EINTR && r != UV_EAGAIN) {
			sink_fail(s, -(int)r);
			return;
		}
	} else
		sink_consume(s, (size_t)r);
	check_pressure(s->out);
	sink_kick(s);
}

/* Start writing what is queued, unless a write is already in flight. */
static void
sink_kick(struct sink *s)
{
	int r;

	if (s->busy || s->dead || s->head == NULL)
		return;
	if (s->direct) {
		while (s->head != NULL) {
			ssize_t n;

			sink_gather(s);
			n = writev(s->fd, (struct iovec *)s->iov, (int)s->niov);
			if (n < 0) {
				if (errno == EINTR)
					continue;
				sink_fail(s, errno);
				return;
			}
			sink_consume(s, (size_t)n);
		}
		return;
	}
	sink_gather(s);
	r = uv_fs_write(s->out->loop, &s->req, s->fd, s->iov,
	    (unsigned int)s->niov, -1, sink_written);
	if (r != 0) {
		sink_fail(s, -r);
		return;
	}
	s->busy = 1;
}

/*
 * Queue bytes: copied into the last block when they fit.  Appending to a
 * block that is being written is safe: the write covers only the bytes that
 * were there when it started, and the block never moves.
 */
static void
sink_add(struct sink *s, const char *p, size_t len)
{
	struct seg *g = s->tail;

	if (s->dead || len == 0)
		return;
	if (g == NULL || g->cap - g->len < len) {
		g = xcalloc(1, sizeof(*g));
		g->cap = len > BLOCK ? len : BLOCK;
		g->data = xmalloc(g->cap);
		if (s->tail)
			s->tail->next = g;
		else
			s->head = g;
		s->tail = g;
	}
	memcpy(g->data + g->len, p, len);
	g->len += len;
	s->queued += len;
}

/* Queue a whole held buffer, taking its memory. */
static void
sink_give(struct sink *s, struct buf *b)
{
	struct seg *g;

	if (b->len == 0 || s->dead) {
		buf_free(b);
		return;
	}
	if (b->len < BLOCK / 4) {
		sink_add(s, b->data, b->len);
		buf_free(b);
		return;
	}
	g = xcalloc(1, sizeof(*g));
	g->len = b->len;
	g->cap = b->len;
	g->data = buf_detach(b);
	if (s->tail)
		s->tail->next = g;
	else
		s->head = g;
	s->tail = g;
	s->queued += g->len;
}

/* Register the next job; jobs are registered in input order. */
struct ojob *
output_job(struct output *o)
{
	struct ojob *j = xcalloc(1, sizeof(*j));

	j->out = o;
	if (!o->unordered) {
		if (o->last)
			o->last->next = j;
		else
			o->first = j;
		o->last = j;
	}
	return j;
}

/* Whether the job's output goes out as it arrives. */
int
output_live(const struct ojob *j)
{
	return !j->out->unordered && j->out->first == j;
}

/* Bytes the job printed on its fd 1 (stream 0) or fd 2 (stream 1). */
void
output_add(struct ojob *j, int stream, const char *p, size_t len)
{
	struct output *o = j->out;

	if (o->sink[stream].dead)
		return;
	if (output_live(j)) {
		sink_add(&o->sink[stream], p, len);
		sink_kick(&o->sink[stream]);
		check_pressure(o);
	} else
		buf_add(&j->held[stream], p, len);
}

static void
flush_held(struct ojob *j)
{
	struct output *o = j->out;

	for (int i = 0; i < 2; i++) {
		sink_give(&o->sink[i], &j->held[i]);
		sink_kick(&o->sink[i]);
	}
	check_pressure(o);
}

/* The job will print nothing more. */
void
output_end(struct ojob *j)
{
	struct output *o = j->out;

	j->done = 1;
	if (o->unordered) {
		flush_held(j);
		free(j);
		return;
	}
	/* Write every finished job at the front, then make the next live. */
	while (o->first != NULL && o->first->done) {
		struct ojob *f = o->first;

		flush_held(f);
		o->first = f->next;
		if (o->first == NULL)
			o->last = NULL;
		free(f);
	}
	if (o->first != NULL)
		flush_held(o->first);
}

/* Whether the live job should wait for the writer to catch up. */
int
output_congested(const struct output *o)
{
	return o->congested;
}

/* Drop everything: the run is being abandoned. */
void
output_discard(struct output *o)
{
	for (int i = 0; i < 2; i++) {
		if (!o->sink[i].busy)
			seg_free_all(&o->sink[i]);
		o->sink[i].dead = 1;
	}
}

/* Nothing is queued or being written. */
int
output_idle(const struct output *o)
{
	return !o->sink[0].busy && !o->sink[1].busy &&
	    o->sink[0].head == NULL && o->sink[1].head == NULL;
}
