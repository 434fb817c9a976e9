/*
 * killseq.c -- ending process groups with a --termseq.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>

#include "killseq.h"
#include "xmalloc.h"

#define LOOK_MS 20 /* how often a group is looked at while waiting */

struct kseq {
	uv_timer_t timer;
	struct killer *k;
	pid_t pgid;
	int step; /* the signal sent last */
	uint64_t due; /* uv_now() when the next signal is due */
	struct kseq *next, *prev;
};

struct killer {
	uv_loop_t *loop;
	struct termseq seq;
	struct kseq *live;
	int closing;
};

struct killer *
killer_new(uv_loop_t *loop, const struct termseq *seq)
{
	struct killer *k = xcalloc(1, sizeof(*k));

	k->loop = loop;
	k->seq = *seq;
	return k;
}

static void
kseq_closed(uv_handle_t *h)
{
	free(h->data);
}

static void
kseq_done(struct kseq *s)
{
	struct killer *k = s->k;

	if (s->prev)
		s->prev->next = s->next;
	else
		k->live = s->next;
	if (s->next)
		s->next->prev = s->prev;
	uv_close((uv_handle_t *)&s->timer, kseq_closed);
}

static void kseq_tick(uv_timer_t *);

/* Wait until the next signal is due, looking at the group now and then. */
static void
kseq_wait(struct kseq *s)
{
	uint64_t now = uv_now(s->k->loop);
	uint64_t left = s->due > now ? s->due - now : 0;

	uv_timer_start(
	    &s->timer, kseq_tick, left < LOOK_MS ? left : LOOK_MS, 0);
}

static void
kseq_tick(uv_timer_t *t)
{
	struct kseq *s = t->data;
	const struct termseq *q = &s->k->seq;

	/* Gone already: done, without waiting out the step. */
	if (kill(-s->pgid, 0) != 0 && errno == ESRCH) {
		kseq_done(s);
		return;
	}
	if (uv_now(s->k->loop) < s->due) {
		kseq_wait(s);
		return;
	}
	if (++s->step >= q->n) {
		kseq_done(s);
		return;
	}
	kill(-s->pgid, q->sig[s->step]);
	s->due = uv_now(s->k->loop) + q->ms[s->step];
	kseq_wait(s);
}

/*
 * End the process group pgid.  sent is how many of the sequence's signals
 * the group was already sent (0 to start from the first; 1 when a SIGTERM
 * went to leftovers of a job that exited).
 */
void
killer_start(struct killer *k, pid_t pgid, int sent)
{
	struct kseq *s;

	if (k->closing || pgid <= 1)
		return;
	s = xcalloc(1, sizeof(*s));
	s->k = k;
	s->pgid = pgid;
	uv_timer_init(k->loop, &s->timer);
	s->timer.data = s;
	s->next = k->live;
	if (k->live)
		k->live->prev = s;
	k->live = s;
	if (sent <= 0) {
		s->step = 0;
		kill(-pgid, k->seq.sig[0]);
	} else
		s->step = sent - 1 < k->seq.n ? sent - 1 : k->seq.n - 1;
	uv_update_time(k->loop);
	s->due = uv_now(k->loop) + k->seq.ms[s->step];
	kseq_wait(s);
}

/*
 * The job that led group pgid was reaped: when nothing is left in the
 * group, its sequence ends now rather than at its next step.
 */
void
killer_reaped(struct killer *k, pid_t pgid)
{
	for (struct kseq *s = k->live; s != NULL; s = s->next)
		if (s->pgid == pgid) {
			if (kill(-pgid, 0) != 0 && errno == ESRCH)
				kseq_done(s);
			return;
		}
}

/* SIGKILL every group still being ended, and let them go. */
void
killer_kill_all(struct killer *k)
{
	for (struct kseq *s = k->live; s != NULL; s = s->next)
		kill(-s->pgid, SIGKILL);
}

/* Send signo to every group being ended (SIGSTOP, SIGCONT with xpool). */
void
killer_signal(struct killer *k, int signo)
{
	for (struct kseq *s = k->live; s != NULL; s = s->next)
		kill(-s->pgid, signo);
}

/* Stop every sequence (killing what is left) before the loop is closed. */
void
killer_close(struct killer *k)
{
	k->closing = 1;
	killer_kill_all(k);
	while (k->live != NULL)
		kseq_done(k->live);
}

void
killer_free(struct killer *k)
{
	free(k);
}
