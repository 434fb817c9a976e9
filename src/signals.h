/*
 * signals.h -- the signals xpool acts on, read from a signalfd.
 *
 * Owns the disposition and mask of SIGCHLD, SIGINT, SIGTERM and SIGHUP: set
 * back to their default actions (a shell may have left them ignored), then
 * blocked and read from a signalfd the event loop watches, so that there
 * is no handler and no self-pipe.  SIGTSTP is read the same way unless
 * xpool was started with it ignored; signals_stop_self() then stops xpool
 * as its default action would.  Jobs start with an empty mask
 * (spawn.c).  What a signal means is the caller's: it is called back with
 * SIGCHLD's arrival and with each other signal.  Knows nothing of jobs.
 */
#ifndef XPOOL_SIGNALS_H
#define XPOOL_SIGNALS_H

#include <uv.h>

struct signals;

struct signals *signals_new(
    uv_loop_t *, void (*)(void *), void (*)(void *, int), void *);
void signals_ref(struct signals *, int);
void signals_stop_self(struct signals *);
void signals_close(struct signals *);
void signals_free(struct signals *);

#endif
