/*
 * spool.c -- an unlinked temporary file for output held past --buffer.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "spool.h"
#include "xmalloc.h"

struct spool {
	char *dir;
	int fd;
	off_t end; /* where the next extent goes */
	off_t alive; /* bytes in extents not yet released */
};

struct spool *
spool_new(const char *dir)
{
	struct spool *s = xcalloc(1, sizeof(*s));

	s->dir = xstrdup(dir);
	s->fd = -1;
	return s;
}

void
spool_free(struct spool *s)
{
	if (s == NULL)
		return;
	if (s->fd >= 0)
		close(s->fd);
	free(s->dir);
	free(s);
}

const char *
spool_dir(const struct spool *s)
{
	return s->dir;
}

static int
spool_open(struct spool *s)
{
	char *path = xasprintf("%s/xpool.XXXXXX", s->dir);
	int fd = mkostemp(path, O_CLOEXEC);
	int err = errno;

	if (fd >= 0)
		unlink(path);
	free(path);
	if (fd < 0)
		return err;
	s->fd = fd;
	s->end = 0;
	s->alive = 0;
	return 0;
}

static int
write_all(int fd, const char *p, size_t len, off_t at)
{
	while (len > 0) {
		ssize_t n = pwrite(fd, p, len, at);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return errno;
		}
		p += n;
		len -= (size_t)n;
		at += n;
	}
	return 0;
}

/* Append bytes as a new extent; 0 with its offset, or an errno value. */
int
spool_append(struct spool *s, const char *p, size_t len, off_t *off)
{
	int r;

	if (s->fd < 0 && (r = spool_open(s)) != 0)
		return r;
	if ((r = write_all(s->fd, p, len, s->end)) != 0)
		return r;
	*off = s->end;
	s->end += (off_t)len;
	s->alive += (off_t)len;
	return 0;
}

/* Whether an extent ending at off+len can simply grow. */
int
spool_extend(struct spool *s, off_t off, size_t len)
{
	return s->fd >= 0 && off + (off_t)len == s->end;
}

ssize_t
spool_read(struct spool *s, off_t off, char *p, size_t len)
{
	ssize_t n;

	do
		n = pread(s->fd, p, len, off);
	while (n < 0 && errno == EINTR);
	if (n == 0) {
		errno = EIO; /* the file is shorter than what was put in it */
		return -1;
	}
	return n;
}

/* The bytes are written out: give their disk space back. */
void
spool_release(struct spool *s, off_t off, size_t len)
{
	s->alive -= (off_t)len;
	if (s->alive <= 0) {
		/* Nothing in it is wanted any more: start again from 0. */
		if (ftruncate(s->fd, 0) == 0) {
			s->end = 0;
			s->alive = 0;
		}
		return;
	}
	(void)fallocate(
	    s->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, off, (off_t)len);
}
