/*
 * recio.c -- captured output and the record sink (see recio.h).
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "recenc.h"
#include "recio.h"
#include "spool.h"
#include "xmalloc.h"

int
rec_write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0) {
			struct pollfd pfd;

			if (errno == EINTR)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				return -1;
			pfd.fd = fd;
			pfd.events = POLLOUT;
			pfd.revents = 0;
			if (poll(&pfd, 1, -1) < 0 && errno != EINTR)
				return -1;
			continue;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int
rec_close_fd(int *fd, const char *what, const char *name)
{
	int rc = 0;

	if (*fd > STDERR_FILENO && close(*fd) != 0) {
		xpool_err("%s: cannot write to '%s': %s", what, name,
		    strerror(errno));
		rc = -1;
	}
	*fd = -1;
	return rc;
}

/* ---- where a record goes ------------------------------------------------ */

static void
sink_flush(struct rec_sink *s)
{
	struct buf *b = &s->io->rec;
	off_t at;

	if (b->len > 0 && s->err == 0 && s->fd >= 0) {
		if (rec_write_all(s->fd, b->data, b->len) != 0)
			s->err = errno;
	} else if (b->len > 0 && s->err == 0) {
		s->err = spool_append(s->spool, b->data, b->len, &at);
		if (s->err == 0)
			*s->len += (off_t)b->len;
	}
	buf_reset(b);
}

void
rec_sink_check(struct rec_sink *s)
{
	if (s->io->rec.len >= REC_FLUSH_AT)
		sink_flush(s);
}

/* The record is complete: write what is left, let big buffers go. */
int
rec_sink_done(struct rec_sink *s)
{
	sink_flush(s);
	if (s->io->rec.cap > 4 * REC_FLUSH_AT)
		buf_free(&s->io->rec);
	return s->err;
}

/* ---- captured output ---------------------------------------------------- */

void
rec_cap_add(struct rec_io *io, struct rec_data *d, int stream, const char *p,
    size_t n, char sep)
{
	struct rec_cap *c = &d->cap[stream];
	off_t at;
	int e;

	if (sep != 0)
		c->special = c->special || csv_special(p, n, sep);
	if (c->next == 0 && d->held + n <= io->hold) {
		buf_add(&c->mem, p, n);
		d->held += n;
		return;
	}
	if (d->cerr != 0)
		return;
	if ((e = spool_append(io->spill, p, n, &at)) != 0) {
		d->cerr = e;
		return;
	}
	if (c->next > 0 &&
	    c->ext[c->next - 1].off + (off_t)c->ext[c->next - 1].len == at) {
		c->ext[c->next - 1].len += n;
		return;
	}
	if (c->next == c->aext) {
		c->aext = c->aext ? 2 * c->aext : 4;
		c->ext = xreallocarray(c->ext, c->aext, sizeof(*c->ext));
	}
	c->ext[c->next].off = at;
	c->ext[c->next].len = n;
	c->next++;
}

int
rec_cap_emit(
    struct rec_io *io, const struct rec_cap *c, int mode, struct rec_sink *s)
{
	struct enc e;

	enc_init(&e, mode);
	if (c->mem.len > 0)
		enc_feed(&e, &io->rec, c->mem.data, c->mem.len);
	rec_sink_check(s);
	for (size_t k = 0; k < c->next; k++) {
		off_t off = c->ext[k].off;
		size_t left = c->ext[k].len;

		while (left > 0) {
			ssize_t n = spool_read(io->spill, off, io->chunk,
			    left < REC_CHUNK ? left : REC_CHUNK);

			if (n < 0)
				return errno;
			enc_feed(&e, &io->rec, io->chunk, (size_t)n);
			rec_sink_check(s);
			off += n;
			left -= (size_t)n;
		}
	}
	enc_finish(&e, &io->rec);
	return 0;
}

void
rec_cap_free(struct rec_io *io, struct rec_cap *c)
{
	for (size_t k = 0; k < c->next; k++)
		spool_release(io->spill, c->ext[k].off, c->ext[k].len);
	free(c->ext);
	buf_free(&c->mem);
}
