/*
 * buf.c -- a growable byte buffer.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "xmalloc.h"

/* Make room for at least n more bytes plus the trailing NUL. */
void
buf_reserve(struct buf *b, size_t n)
{
	size_t cap;

	if (b->cap - b->len > n && b->data != NULL)
		return;
	cap = b->cap ? b->cap : 64;
	while (cap - b->len <= n) {
		if (cap > ((size_t)-1) / 2)
			xpool_fatal(
			    "out of memory: a buffer of %zu bytes", b->len + n);
		cap *= 2;
	}
	b->data = xrealloc(b->data, cap);
	b->cap = cap;
}

void
buf_add(struct buf *b, const void *p, size_t n)
{
	buf_reserve(b, n);
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
buf_addc(struct buf *b, char c)
{
	buf_reserve(b, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}

void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		xpool_bug("vsnprintf failed for \"%s\"", fmt);
	buf_reserve(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

void
buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

/* Hand the bytes to the caller, who frees them; the buffer becomes empty. */
char *
buf_detach(struct buf *b)
{
	char *p;

	buf_reserve(b, 0);
	p = b->data;
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}

/* Put the whole of the file at path in b, for /proc or a small file; 0 or
 * an errno value. */
int
buf_read_file(struct buf *b, const char *path)
{
	char chunk[4096];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC), err = 0;

	buf_reset(b);
	if (fd < 0)
		return errno;
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = errno;
			break;
		}
		buf_add(b, chunk, (size_t)n);
	}
	close(fd);
	buf_reserve(b, 0);
	b->data[b->len] = '\0';
	return err;
}
