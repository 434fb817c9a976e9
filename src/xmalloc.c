/*
 * xmalloc.c -- allocation that never returns NULL.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "xmalloc.h"

static void
oom(size_t size)
{
	xpool_fatal("out of memory allocating %zu bytes; "
	            "lower -j or --buffer, or free some memory",
	    size);
}

void *
xmalloc(size_t size)
{
	void *p;

	if (size == 0)
		size = 1;
	if ((p = malloc(size)) == NULL)
		oom(size);
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p;

	if (n == 0 || size == 0)
		n = size = 1;
	if (SIZE_MAX / n < size)
		oom(SIZE_MAX);
	if ((p = calloc(n, size)) == NULL)
		oom(n * size);
	return p;
}

void *
xrealloc(void *old, size_t size)
{
	void *p;

	if (size == 0)
		size = 1;
	if ((p = realloc(old, size)) == NULL)
		oom(size);
	return p;
}

void *
xreallocarray(void *old, size_t n, size_t size)
{
	if (size != 0 && SIZE_MAX / size < n)
		oom(SIZE_MAX);
	return xrealloc(old, n * size);
}

/*
 * The array old of *n elements of size bytes, grown (by doubling) to hold
 * element i, the new ones zeroed; *n is its new length.  A table indexed by
 * something that only grows, such as a slot number.
 */
void *
xgrowzero(void *old, size_t *n, size_t i, size_t size)
{
	size_t m = *n ? *n : 16;
	unsigned char *p;

	if (i < *n)
		return old;
	while (m <= i) {
		if (m > SIZE_MAX / 2)
			oom(SIZE_MAX);
		m *= 2;
	}
	p = xreallocarray(old, m, size);
	memset(p + *n * size, 0, (m - *n) * size);
	*n = m;
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t len)
{
	char *p;

	p = xmalloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		xpool_bug("vsnprintf failed for \"%s\"", fmt);
	p = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}
