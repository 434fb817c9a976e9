/*
 * signals.c -- SIGCHLD, SIGINT, SIGTERM, SIGHUP and SIGTSTP through a
 * signalfd.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "diag.h"
#include "signals.h"
#include "xmalloc.h"

struct signals {
	int fd; /* the signalfd */
	sigset_t set; /* the signals it reads */
	uv_poll_t poll; /* watches it */
	void (*child)(void *); /* SIGCHLD came */
	void (*other)(void *, int); /* another one came */
	void *arg;
};

/* SIGTSTP too, unless xpool was started with it ignored. */
static const int watched[] = { SIGCHLD, SIGINT, SIGTERM, SIGHUP };

static void
on_signals(uv_poll_t *h, int status, int events)
{
	struct signals *s = h->data;
	struct signalfd_siginfo si[8];
	ssize_t n;
	int chld = 0;

	(void)status;
	(void)events;
	/* Level-triggered: what a short read leaves comes back next turn. */
	n = read(s->fd, si, sizeof(si));
	for (ssize_t i = 0; i < n / (ssize_t)sizeof(si[0]); i++) {
		if (si[i].ssi_signo == SIGCHLD)
			chld = 1;
		else
			s->other(s->arg, (int)si[i].ssi_signo);
	}
	if (chld)
		s->child(s->arg);
}

/*
 * Watch the signals; call this before libuv starts a thread, so that its
 * threads start with them blocked.  The watch does not keep the loop
 * running until signals_ref() says so.
 */
struct signals *
signals_new(uv_loop_t *loop, void (*child)(void *), void (*other)(void *, int),
    void *arg)
{
	struct signals *s = xcalloc(1, sizeof(*s));
	struct sigaction sa, old;
	sigset_t set;
	int r;

	s->child = child;
	s->other = other;
	s->arg = arg;
	/*
	 * Default actions even where xpool's parent ignored them (as a shell
	 * does for `&`): jobs then start with them, and SIGCHLD ignored would
	 * leave no exit status to collect.
	 */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigemptyset(&s->set);
	for (size_t i = 0; i < sizeof(watched) / sizeof(watched[0]); i++) {
		sigaction(watched[i], &sa, NULL);
		sigaddset(&s->set, watched[i]);
	}
	if (sigaction(SIGTSTP, NULL, &old) == 0 && old.sa_handler != SIG_IGN)
		sigaddset(&s->set, SIGTSTP);
	set = s->set;
	if (sigprocmask(SIG_BLOCK, &set, NULL) != 0 ||
	    (s->fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC)) < 0)
		xpool_fatal("cannot watch signals: %s", strerror(errno));
	if ((r = uv_poll_init(loop, &s->poll, s->fd)) != 0 ||
	    (r = uv_poll_start(&s->poll, UV_READABLE, on_signals)) != 0)
		xpool_fatal("cannot watch signals: %s", uv_strerror(r));
	s->poll.data = s;
	uv_unref((uv_handle_t *)&s->poll);
	return s;
}

/* Keep the loop running for the signals (while children run), or not. */
void
signals_ref(struct signals *s, int on)
{
	if (on)
		uv_ref((uv_handle_t *)&s->poll);
	else
		uv_unref((uv_handle_t *)&s->poll);
}

void
signals_close(struct signals *s)
{
	uv_close((uv_handle_t *)&s->poll, NULL);
}

/*
 * Stop xpool as SIGTSTP's default action does (the shell sees it stopped
 * by SIGTSTP); returns once it is continued.  In an orphaned process group
 * the kernel does not stop it, and this returns at once.
 */
void
signals_stop_self(struct signals *s)
{
	sigset_t one;

	if (!sigismember(&s->set, SIGTSTP))
		return;
	sigemptyset(&one);
	sigaddset(&one, SIGTSTP);
	sigprocmask(SIG_UNBLOCK, &one, NULL);
	raise(SIGTSTP);
	sigprocmask(SIG_BLOCK, &one, NULL);
}

/* Back to the signals' default actions: one still pending acts now. */
void
signals_free(struct signals *s)
{
	if (s == NULL)
		return;
	close(s->fd);
	sigprocmask(SIG_UNBLOCK, &s->set, NULL);
	free(s);
}
