/*
 * diag.c -- "xpool: " messages on standard error.
 *
 * Messages are formatted into one buffer and written with a single write(2),
 * so that they never interleave with job output written to the same fd.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"

static void (*before_fn)(void *);
static void *before_arg;

/*
 * fn runs before every message: output queued for writing goes first, so
 * that a message about a job never comes before what the job printed.
 */
void
xpool_diag_before(void (*fn)(void *), void *arg)
{
	before_fn = fn;
	before_arg = arg;
}

static void
vmsg(const char *kind, const char *fmt, va_list ap)
{
	char line[4096];
	size_t len;
	int n;

	if (before_fn != NULL) {
		void (*fn)(void *) = before_fn;

		before_fn = NULL; /* not again from within fn */
		fn(before_arg);
		before_fn = fn;
	}
	n = snprintf(line, sizeof(line), "xpool: %s", kind);
	len = n < 0 ? 0 : (size_t)n;
	n = vsnprintf(line + len, sizeof(line) - len, fmt, ap);
	if (n > 0)
		len += (size_t)n;
	if (len > sizeof(line) - 2)
		len = sizeof(line) - 2;
	line[len++] = '\n';
	/* Nothing sensible is left to do if stderr itself fails. */
	for (size_t off = 0; off < len;) {
		ssize_t w = write(STDERR_FILENO, line + off, len - off);
		if (w <= 0)
			break;
		off += (size_t)w;
	}
}

void
xpool_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("", fmt, ap);
	va_end(ap);
}

void
xpool_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("warning: ", fmt, ap);
	va_end(ap);
}

void
xpool_fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("", fmt, ap);
	va_end(ap);
	/* Before any job ran: nothing to flush, nothing to reap. */
	_exit(XPOOL_EXIT_ERROR);
}

void
xpool_bug_at(const char *func, const char *file, int line, const char *fmt, ...)
{
	char where[512];
	va_list ap;

	snprintf(where, sizeof(where), "internal error in %s@%s:%d: ", func,
	    file, line);
	va_start(ap, fmt);
	vmsg(where, fmt, ap);
	va_end(ap);
	abort();
}
