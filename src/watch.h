/*
 * watch.h -- the pipes of running jobs, in one epoll set that the event
 * loop watches as a single descriptor.
 */
#ifndef XPOOL_WATCH_H
#define XPOOL_WATCH_H

#include <uv.h>

struct watch;

/* One watched descriptor; the caller owns it and the fd. */
struct watch_fd {
	int fd;
	int on; /* in the set */
	void (*cb)(struct watch_fd *); /* ready (or failed: try the I/O) */
	void *data;
};

/*
 * begin and end run around each turn's callbacks (end after the last), so
 * that what they queue can go out together.
 */
struct watch *watch_new(
    uv_loop_t *loop, void (*begin)(void *), void (*end)(void *), void *arg);
/* Watch f->fd for room to write (out) or for input; replaces what was. */
void watch_start(struct watch *w, struct watch_fd *f, int out);
/*
 * Stop watching f (before closing f->fd, too); no callback runs for it
 * until it is started again.
 */
void watch_stop(struct watch *w, struct watch_fd *f);
void watch_close(struct watch *w);
void watch_free(struct watch *w);

#endif
