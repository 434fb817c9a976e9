/*
 * xmalloc.h -- allocation that never returns NULL.
 *
 * Owns nothing: thin wrappers over malloc(3) and friends that check for
 * failure and for size overflow, and stop xpool with a message when memory
 * runs out.  Every module allocates through these.
 */
#ifndef XPOOL_XMALLOC_H
#define XPOOL_XMALLOC_H

#include <stddef.h>

void *xmalloc(size_t);
void *xcalloc(size_t, size_t);
void *xrealloc(void *, size_t);
void *xreallocarray(void *, size_t, size_t);
void *xgrowzero(void *, size_t *, size_t, size_t);
char *xstrdup(const char *);
char *xstrndup(const char *, size_t);
/* The format is never NULL (see buf_printf). */
char *xasprintf(const char *, ...)
    __attribute__((format(printf, 1, 2), nonnull(1)));

#endif
