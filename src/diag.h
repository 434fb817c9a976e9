/*
 * diag.h -- every message xpool prints about itself.
 *
 * Owns the "xpool: " prefix and the wording rules: say what is wrong, name
 * the thing at fault, say what to do.  xpool_fatal() is for errors that stop
 * the run before any job started (exit 255); xpool_bug() is for broken
 * internal invariants and adds the source location.
 */
#ifndef XPOOL_DIAG_H
#define XPOOL_DIAG_H

#define XPOOL_EXIT_ERROR 255

void xpool_err(const char *, ...) __attribute__((format(printf, 1, 2)));
void xpool_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void xpool_fatal(const char *, ...)
    __attribute__((format(printf, 1, 2)));
_Noreturn void xpool_bug_at(const char *, const char *, int, const char *, ...)
    __attribute__((format(printf, 4, 5)));

void xpool_diag_before(void (*)(void *), void *);

#define xpool_bug(...) xpool_bug_at(__func__, __FILE__, __LINE__, __VA_ARGS__)

#endif
