/*
 * jobserver.h -- make's jobserver: joining make's, offering one to the jobs.
 *
 * Owns what MAKEFLAGS says (the last --jobserver-auth=R,W or fifo:PATH,
 * the -jN hint, make -n), the descriptors of the jobserver xpool uses, and
 * every token taken from it.  Under make, xpool is one of make's clients:
 * its first job runs on the implicit slot make reserved for the recipe, and
 * every other job holds a byte read from make's pipe, written back when the
 * job ends and, whatever happens, before xpool exits.  Outside make, xpool
 * makes a jobserver of its own with -j N slots, offers it to its jobs
 * (MAKEFLAGS, and the pipe's two descriptors), and is its own first client,
 * so that a make or an xpool inside a job shares the same N slots.
 *
 * The descriptors make shared are never changed (their O_NONBLOCK flag is
 * make's, and other clients read it): xpool reads a private, non-blocking
 * description of the pipe, opened through /proc/self/fd, and waits for it
 * on the event loop next to its jobs.  Knows nothing of jobs.
 */
#ifndef XPOOL_JOBSERVER_H
#define XPOOL_JOBSERVER_H

#include <uv.h>

/* The token of the implicit slot, never written to the jobserver. */
#define JS_IMPLICIT 256

struct js_setup {
	int off; /* --jobserver=off: MAKEFLAGS is not looked at */
	int explicit_jobs; /* -j was given: under make, it is a cap */
	long jobs; /* in: -j or the default; out: the slots to use */
	int dry_run; /* in: --dry-run; out: also set by make -n */
};

struct jobserver;

struct jobserver *jobserver_open(struct js_setup *);
int jobserver_attach(struct jobserver *, uv_loop_t *);
int jobserver_take(struct jobserver *);
void jobserver_give(struct jobserver *, int);
void jobserver_wait(struct jobserver *, void (*)(void *), void *);
void jobserver_cancel(struct jobserver *);
void jobserver_return_all(struct jobserver *);
void jobserver_close(struct jobserver *);
void jobserver_free(struct jobserver *);

/* MAKEFLAGS parsing, exposed for the unit tests. */
struct js_flags {
	int dry_run; /* make -n */
	long hint; /* the last -jN, or 0 */
	char *auth; /* the last --jobserver-auth= value, or NULL */
};

void jobserver_parse(const char *, struct js_flags *);
char *jobserver_offer_flags(const char *, long, int, int);

#endif
