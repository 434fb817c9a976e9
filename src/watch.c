/*
 * watch.c -- the pipes of running jobs, in one epoll set that the event
 * loop watches as a single descriptor.
 *
 * uv_poll_init() probes a descriptor with an epoll add and delete, makes
 * it non-blocking and deletes it once more; starting and stopping cost one
 * call each.  A job has two or three pipes, so that would be some fifteen
 * system calls per job.  Here a pipe costs one epoll_ctl() to add and one to
 * take out.  (It is taken out before it is closed, not by the close: a
 * registration outlives close() while any other reference to the pipe
 * does.)  The caller makes the descriptors non-blocking.
 *
 * The set is level-triggered.  A turn takes up to MAX_EVENTS events and
 * runs their callbacks in order; a descriptor stopped during
 * the turn is dropped from the events not yet run.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "diag.h"
#include "watch.h"
#include "xmalloc.h"

#define MAX_EVENTS 64

struct watch {
	uv_poll_t poll; /* the epoll set, as one descriptor of the loop */
	int epfd;
	size_t on; /* descriptors in the set: the loop is held while > 0 */
	struct epoll_event ev[MAX_EVENTS];
	int nev, cur; /* the turn's events, and the one running */
	void (*begin)(void *);
	void (*end)(void *);
	void *arg;
};

static void
on_ready(uv_poll_t *h, int status, int events)
{
	struct watch *w = h->data;
	int n;

	(void)status;
	(void)events;
	do
		n = epoll_wait(w->epfd, w->ev, MAX_EVENTS, 0);
	while (n < 0 && errno == EINTR);
	if (n <= 0)
		return;
	w->begin(w->arg);
	w->nev = n;
	for (w->cur = 0; w->cur < w->nev; w->cur++) {
		struct watch_fd *f = w->ev[w->cur].data.ptr;

		if (f != NULL)
			f->cb(f);
	}
	w->nev = 0;
	w->end(w->arg);
}

struct watch *
watch_new(
    uv_loop_t *loop, void (*begin)(void *), void (*end)(void *), void *arg)
{
	struct watch *w = xcalloc(1, sizeof(*w));
	int r;

	if ((w->epfd = epoll_create1(EPOLL_CLOEXEC)) < 0)
		xpool_fatal("cannot create an epoll set: %s", strerror(errno));
	if ((r = uv_poll_init(loop, &w->poll, w->epfd)) != 0 ||
	    (r = uv_poll_start(&w->poll, UV_READABLE, on_ready)) != 0)
		xpool_fatal("cannot watch an epoll set: %s", uv_strerror(r));
	w->poll.data = w;
	uv_unref((uv_handle_t *)&w->poll);
	w->begin = begin;
	w->end = end;
	w->arg = arg;
	return w;
}

/* Drop f from the events of this turn not yet run. */
static void
drop_pending(struct watch *w, struct watch_fd *f)
{
	for (int i = w->cur + 1; i < w->nev; i++)
		if (w->ev[i].data.ptr == f)
			w->ev[i].data.ptr = NULL;
}

static void
count(struct watch *w, int more)
{
	if (more && w->on++ == 0)
		uv_ref((uv_handle_t *)&w->poll);
	else if (!more && --w->on == 0)
		uv_unref((uv_handle_t *)&w->poll);
}

void
watch_start(struct watch *w, struct watch_fd *f, int out)
{
	struct epoll_event ev;
	int want = out ? 2 : 1;

	if (f->on == want)
		return;
	memset(&ev, 0, sizeof(ev));
	ev.events = out ? EPOLLOUT : EPOLLIN;
	ev.data.ptr = f;
	if (epoll_ctl(w->epfd, f->on ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, f->fd,
	        &ev) != 0)
		xpool_bug("epoll_ctl on fd %d: %s", f->fd, strerror(errno));
	if (!f->on)
		count(w, 1);
	f->on = want;
}

void
watch_stop(struct watch *w, struct watch_fd *f)
{
	if (!f->on)
		return;
	if (epoll_ctl(w->epfd, EPOLL_CTL_DEL, f->fd, NULL) != 0)
		xpool_bug("epoll_ctl on fd %d: %s", f->fd, strerror(errno));
	f->on = 0;
	count(w, 0);
	drop_pending(w, f);
}

void
watch_close(struct watch *w)
{
	uv_close((uv_handle_t *)&w->poll, NULL);
}

void
watch_free(struct watch *w)
{
	if (w == NULL)
		return;
	close(w->epfd);
	free(w);
}
