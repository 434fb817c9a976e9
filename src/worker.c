/*
 * worker.c -- --worker: items through long-lived processes.
 *
 * A worker is a process started once per slot (again after
 * --maxtasksperchild items or a death) that reads one item per line on its
 * stdin and answers each with one line (or lines up to --eot) on its
 * stdout, in order.  Items go out in chunks of -n; each has its own output,
 * records and tries, as a job has, when any of them is wanted; otherwise
 * a chunk is read from the input as lines, numbered at once and answered
 * into one output, so that an item costs a copy and a newline search.  A
 * worker that dies charges its death to the oldest item it had not
 * answered; the others go back to the queue uncharged.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "frame.h"
#include "remote.h"
#include "stall.h"
#include "sys.h"
#include "worker.h"
#include "xmalloc.h"

/*
 * An item sent, or waiting to be sent, to a worker.  When nothing is kept
 * per item (no --tag, records, --retries, --timeout, --eot, progress or
 * --halt on successes), it is a chunk: n items, one line each, under one
 * output and numbered together, so that an answer costs a newline search.
 */
struct witem {
	struct witem *next;
	unsigned long seq; /* its (first unanswered) item's number */
	unsigned long n; /* items in it: 1, or those of a chunk */
	unsigned long done; /* of them answered */
	size_t off; /* where the first unanswered one starts in text */
	struct tee t;
	int tries; /* tries so far */
	struct buf text; /* the lines sent, each with its newline */
	double start; /* when it was sent, when the records want it */
	uint64_t t0;
	const char *host; /* -S: the login of the worker it went to, or NULL */
};

struct workers;

/* A worker process. */
struct wproc {
	struct workers *ws;
	struct proc *pr;
	unsigned long slot;
	struct witem *first, *last; /* sent, not yet answered */
	unsigned long sent, answered;
	struct buf line; /* its stdout since the last whole line */
	struct buf in; /* bytes for its stdin */
	int closing; /* its stdin is closed once in is written */
	int broken; /* it broke the framing */
	int pty; /* it runs on a pseudo-terminal */
	int host; /* -S: the host it runs on, or -1 for this machine */
	unsigned long seen; /* answered at the last look for a stall */
	uint64_t stall_since; /* uv_now() it was first seen waiting, or 0 */
	unsigned long long stall_cpu; /* its group's CPU time then */
	int stalled; /* it waited for input with answers due */
};

struct workers {
	struct pool *p;
	const struct pool_conf *c;
	struct tpl_cmd cmd;
	struct buf why;
	struct witem *q, *q_tail; /* items waiting for a worker */
	int deaths; /* workers dead in a row before answering anything */
	struct frame fr; /* how its answers are told apart */
	int pty; /* new workers run on a pseudo-terminal */
	int told; /* the stall message has been given */
	int told_quiet; /* ... the one about a quiet remote worker */
	int timed; /* items' times are wanted (records, --timeout P%) */
	int chunks; /* items go in chunks with nothing per item */
	struct witem *spare; /* items over, kept for the next ones */
	unsigned nspare;
	uv_timer_t looker; /* looks for stalled workers */
	struct remote rm; /* -S: hosts that are down, --ssh-delay */
};

#define KEPT_ITEMS 4096 /* items kept for reuse, with their text */
#define REMOTE_AHEAD 64 /* items a remote worker may have on their way */

/* An item that is over: kept, with its text's room, for the next one. */
static void
witem_free(struct workers *ws, struct witem *it)
{
	if (ws->nspare < KEPT_ITEMS) {
		it->next = ws->spare;
		ws->spare = it;
		ws->nspare++;
		return;
	}
	buf_free(&it->text);
	free(it);
}

static struct witem *
witem_new(struct workers *ws)
{
	struct witem *it = ws->spare;
	struct buf text;

	if (it == NULL) {
		it = xcalloc(1, sizeof(*it));
		it->n = 1;
		return it;
	}
	ws->spare = it->next;
	ws->nspare--;
	text = it->text;
	memset(it, 0, sizeof(*it));
	buf_reset(&text);
	it->text = text;
	it->n = 1;
	return it;
}

/*
 * An item is over for good: its first unanswered item, under the output of
 * t (which ends, unless a chunk's other items still share it).
 */
static void
item_finish(
    struct workers *ws, struct witem *it, struct tee *t, int status, int signo)
{
	struct job_end e;
	char *cmd = NULL;

	memset(&e, 0, sizeof(e));
	e.seq = it->seq;
	e.status = status;
	e.exitval = signo ? 0 : status;
	e.signo = signo;
	e.host = it->host;
	if (ws->timed) {
		e.start = it->start;
		e.runtime = (double)(uv_hrtime() - it->t0) / 1e9;
	}
	if (pool_keeps_cmd(ws->p)) {
		const char *line = it->text.data + it->off;

		e.cmd = cmd = xstrndup(line,
		    (size_t)((char *)memchr(
		                 line, '\n', it->text.len - it->off) -
		        line));
	}
	pool_finish(ws->p, t, &e);
	if (cmd != NULL)
		free(cmd);
}

static void
witem_close(struct workers *ws, struct witem *it, int status, int signo)
{
	item_finish(ws, it, &it->t, status, signo);
	witem_free(ws, it);
}

/* A chunk's first unanswered item is over: it goes on from the next. */
static void
chunk_skip(struct witem *it)
{
	const char *nl =
	    memchr(it->text.data + it->off, '\n', it->text.len - it->off);

	it->off = (size_t)(nl - it->text.data) + 1;
	it->seq++;
	it->n--;
}

/*
 * A chunk cut short: its answered items are over; it goes on from its
 * first unanswered one, whose output comes after theirs.
 */
static void
chunk_settle(struct workers *ws, struct witem *it)
{
	if (it->done == 0)
		return;
	pool_finish_items(ws->p, NULL, it->done, 0, 0);
	for (; it->done > 0; it->done--)
		chunk_skip(it);
}

/*
 * A chunk's first item failed (msg says why): it is over, the chunk's
 * output stays open for the others.
 */
static void
chunk_fail_first(
    struct workers *ws, struct witem *it, int status, const char *msg)
{
	struct tee none = { NULL, NULL };

	tee_note(&it->t, 1, msg, strlen(msg));
	item_finish(ws, it, &none, status, 0);
	chunk_skip(it);
}

/* An item failed without an answer: say why (msg, or nothing). */
static void
witem_fail(struct workers *ws, struct witem *it, int status, const char *msg)
{
	if (msg != NULL)
		tee_note(&it->t, 1, msg, strlen(msg));
	chunk_settle(ws, it);
	if (it->n > 1) {
		/* A chunk's items that were not answered all fail. */
		pool_finish_items(ws->p, it->t.oj, 0, it->n, status);
		it->t.oj = NULL;
		witem_free(ws, it);
		return;
	}
	witem_close(ws, it, status, 0);
}

/*
 * Put items back at the front of the queue, keeping their order; when the
 * run stops, they will not be run: they fail, as those queued do.
 */
static void
requeue(struct workers *ws, struct witem *first, struct witem *last)
{
	if (first == NULL)
		return;
	if (pool_stopping(ws->p)) {
		last->next = NULL;
		while (first != NULL) {
			struct witem *n = first->next;

			witem_fail(ws, first, 1, NULL);
			first = n;
		}
		return;
	}
	last->next = ws->q;
	if (ws->q == NULL)
		ws->q_tail = last;
	ws->q = first;
}

/* A new item from the input, or NULL. */
static struct witem *
new_item(struct workers *ws)
{
	struct pool *p = ws->p;
	struct witem *it;
	struct tpl_vals v;

	if (pool_stopping(p) || pool_gather(p) != 1)
		return NULL;
	/* pool_gather() took one record: -n is the chunk, not a job. */
	pool_make_vals(p, pool_args(p), &v, pool_next_seq(p), 0);
	it = witem_new(ws);
	it->seq = pool_new_job(p, &v, &it->t);
	for (size_t i = 0; i < v.nfield; i++) {
		if (i > 0)
			buf_addc(&it->text, '\t');
		buf_add(&it->text, v.field[i], v.flen[i]);
	}
	buf_addc(&it->text, '\n');
	pool_records_begin(p, &it->t, it->seq, &v);
	pool_args_taken(p);
	/* A multi-line answer can be cut short by a death. */
	if (ws->c->eot != NULL)
		output_defer(it->t.oj);
	return it;
}

/* A chunk of up to max items from the input, each a plain line; or NULL. */
static struct witem *
new_chunk(struct workers *ws, long max)
{
	struct witem *it;
	long n;

	if (pool_stopping(ws->p))
		return NULL;
	it = witem_new(ws);
	n = pool_gather_lines(ws->p, max, &it->text);
	if (n == 0) {
		witem_free(ws, it);
		return NULL;
	}
	it->n = (unsigned long)n;
	it->seq = pool_new_items(ws->p, it->n, &it->t);
	return it;
}

/*
 * The next item (or chunk of at most max items) to send: one put back, or
 * a new one from the input.
 */
static struct witem *
next_item(struct workers *ws, long max)
{
	struct witem *it;

	if ((it = ws->q) != NULL) {
		if ((long)it->n > max)
			return NULL; /* a chunk put back: for a new worker */
		ws->q = it->next;
		if (ws->q == NULL)
			ws->q_tail = NULL;
		it->next = NULL;
		return it;
	}
	/* A record that cannot be a line in a chunk comes alone. */
	if (ws->chunks && (it = new_chunk(ws, max)) != NULL)
		return it;
	while ((it = new_item(ws)) != NULL &&
	    memchr(it->text.data, '\n', it->text.len - 1) != NULL) {
		/* It would reach the worker as two items. */
		char msg[160];

		snprintf(msg, sizeof(msg),
		    "xpool: item %lu holds a newline and cannot be sent to a "
		    "worker, which reads one item per line\n",
		    it->seq);
		witem_fail(ws, it, 1, msg);
	}
	return it;
}

/*
 * May the worker be given more?  When it is idle; a remote one also while
 * fewer than REMOTE_AHEAD items are on their way, so that the time an item
 * and its answer take through the network is not waited for item by item
 * (answers come in order, so nothing else changes).
 */
static int
worker_room(const struct wproc *w)
{
	return w->first == NULL ||
	    (w->host >= 0 && w->sent - w->answered < REMOTE_AHEAD);
}

/* (Re)start the worker's clock for the item it is working on now. */
static void
worker_clock(struct wproc *w)
{
	uint64_t ms = pool_timeout_ms(w->ws->p);

	if (ms == 0)
		return;
	if (w->first != NULL)
		proc_timer(w->pr, ms);
	else
		proc_timer_stop(w->pr);
}

static void worker_release(struct wproc *);

/* Send the worker its next chunk; 0 if there was nothing to send. */
static int
worker_give(struct workers *ws, struct wproc *w)
{
	long chunk = ws->c->max_args > 0 ? ws->c->max_args : 1, room = chunk;
	int idle = w->first == NULL;
	double start = 0;
	uint64_t t0 = 0;
	int n = 0;

	/* One look at the clocks for the chunk, and only when wanted. */
	if (ws->timed) {
		start = sys_time_of_day();
		t0 = uv_hrtime();
	}
	/* A remote worker is given as many as may be on their way. */
	if (w->host >= 0 && room < REMOTE_AHEAD - (long)(w->sent - w->answered))
		room = REMOTE_AHEAD - (long)(w->sent - w->answered);
	if (ws->c->maxtasks > 0 && room > ws->c->maxtasks - (long)w->sent)
		room = ws->c->maxtasks - (long)w->sent;
	while (room > 0) {
		struct witem *it = next_item(ws, room < chunk ? room : chunk);

		if (it == NULL)
			break;
		room -= (long)it->n;
		it->tries++;
		it->start = start;
		it->t0 = t0;
		it->host =
		    w->host >= 0 ? hosts_name(ws->c->hosts, w->host) : NULL;
		if (w->last)
			w->last->next = it;
		else
			w->first = it;
		w->last = it;
		buf_add(
		    &w->in, it->text.data + it->off, it->text.len - it->off);
		w->sent += it->n;
		n += (int)it->n;
	}
	if (ws->c->maxtasks > 0 && (long)w->sent >= ws->c->maxtasks)
		w->closing = 1; /* it finishes these, exits, is replaced */
	if (n > 0) {
		if (idle)
			worker_clock(w);
		proc_send(
		    w->pr, w->in.data, w->in.len, w->closing && w->host < 0);
	} else if (ws->q != NULL && idle)
		worker_release(
		    w); /* the chunk put back is more than its share */
	return n;
}

/*
 * Let the worker see the end of its input once it has taken what it was
 * sent.  A pseudo-terminal's input cannot be ended (its reader would get
 * an error, or nothing, not the end): a worker on one is ended with the
 * --termseq once it has answered all it was given.  A remote worker's
 * input ends only once it has answered all: its end is also how the remote
 * side learns that the connection went, and ends the worker soon after.
 */
static void
worker_close_input(struct wproc *w)
{
	if (w->pty) {
		if (w->first == NULL)
			proc_end(w->pr, ENDED_HALT);
	} else if (w->host < 0 || w->first == NULL)
		proc_send(w->pr, NULL, 0, 1);
}

/* No more work will come: let an idle worker see the end of its input. */
static void
worker_release(struct wproc *w)
{
	if (w->first != NULL || w->closing || !proc_stdin_open(w->pr))
		return;
	w->closing = 1;
	worker_close_input(w);
	/* One that does not go by itself is ended after a grace period. */
	proc_timer(w->pr, KILL_GRACE_MS);
}

/* ---- its answers
 * ------------------------------------------------------------- */

/* The worker answered its oldest item (or chunk), with status. */
static void
worker_answered(struct wproc *w, int status)
{
	struct witem *it = w->first;

	w->first = it->next;
	if (w->first == NULL)
		w->last = NULL;
	if (it->n > 1) {
		pool_finish_items(w->ws->p, it->t.oj, it->n, 0, 0);
		it->t.oj = NULL;
		witem_free(w->ws, it);
	} else
		witem_close(w->ws, it, status, 0);
	worker_clock(w);
	if (w->first == NULL && w->closing)
		worker_close_input(w); /* --maxtasksperchild on a terminal */
}

/* "worker N (pid P)", or "worker N on host H", for messages. */
static const char *
worker_who(const struct wproc *w, char *who, size_t n)
{
	if (w->host >= 0)
		snprintf(who, n, "worker %lu on host %s", w->slot,
		    hosts_name(w->ws->c->hosts, w->host));
	else
		snprintf(who, n, "worker %lu (pid %ld)", w->slot,
		    (long)proc_pid(w->pr));
	return who;
}

/* The worker printed more than it was asked for: end it. */
static void
worker_broke(struct wproc *w)
{
	char who[256];

	if (w->broken)
		return;
	w->broken = 1;
	xpool_err("%s printed more answers than it was given items, so some "
	          "answers may be another item's; replacing it, and the run "
	          "fails (a worker must print one line per item, or frame its "
	          "answers with --eot)",
	    worker_who(w, who, sizeof(who)));
	pool_error(w->ws->p);
	proc_end(w->pr, ENDED_FRAMING);
}

/* The worker answered k items: it is alive and well. */
static void
heard(struct wproc *w, unsigned long k)
{
	w->answered += k;
	w->stall_since = 0;
	w->ws->deaths = 0;
}

/*
 * Answers for chunks: as many whole lines as their items want go to their
 * output at once.  Returns the bytes taken.
 */
static size_t
chunk_lines(struct wproc *w, const char *data, size_t len)
{
	const char *at = data, *end = data + len;

	while (at < end) {
		struct witem *it = w->first;
		size_t used;
		unsigned long k;

		if (it == NULL) {
			if (frame_line(at, (size_t)(end - at)) > 0)
				worker_broke(w);
			break;
		}
		used =
		    frame_lines(at, (size_t)(end - at), it->n - it->done, &k);
		if (k == 0)
			break;
		tee_add(&it->t, 0, at, used);
		at += used;
		it->done += k;
		heard(w, k);
		if (it->done == it->n)
			worker_answered(w, 0);
	}
	return (size_t)(at - data);
}

/* Answers item by item: a line each, or lines up to --eot.  Bytes taken. */
static size_t
item_lines(struct wproc *w, const char *data, size_t len)
{
	size_t at = 0, n;

	while (!w->broken && (n = frame_line(data + at, len - at)) > 0) {
		const char *line = data + at;
		int status;

		at += n;
		if (w->first == NULL) {
			worker_broke(w);
			break;
		}
		if (frame_end(&w->ws->fr, line, n - 1, &status)) {
			heard(w, 1);
			worker_answered(w, status);
			continue;
		}
		tee_add(&w->first->t, 0, line, n);
		if (w->ws->c->eot == NULL) {
			heard(w, 1);
			worker_answered(w, 0);
		}
	}
	return at;
}

/* Take the worker's answers from the whole lines in data. */
static size_t
worker_lines(struct wproc *w, const char *data, size_t len)
{
	return w->ws->chunks ? chunk_lines(w, data, len)
	                     : item_lines(w, data, len);
}

static int
worker_output(void *arg, int which, const char *data, size_t n)
{
	struct wproc *w = arg;
	struct buf *l = &w->line;
	size_t used;

	if (which == 1) {
		/* Its stderr goes with the item it is working on. */
		if (w->first != NULL)
			tee_add(&w->first->t, 1, data, n);
		else
			(void)!write(STDERR_FILENO, data, n);
		return 0;
	}
	if (w->broken)
		return 0;
	/* The line begun in its last output first, then whole lines. */
	if (l->len > 0) {
		size_t end = frame_line(data, n);

		used = end > 0 ? end : n;
		buf_add(l, data, used);
		data += used;
		n -= used;
		if (end == 0)
			return 0;
		worker_lines(w, l->data, l->len);
		buf_reset(l);
	}
	used = worker_lines(w, data, n);
	if (!w->broken)
		buf_add(l, data + used, n - used);
	if (worker_room(w))
		pool_fill_soon(w->ws->p); /* it is idle, or has room */
	return 0;
}

/* Its stdin took all it was given: if it has answered all, it is idle. */
static void
worker_sent(void *arg)
{
	struct wproc *w = arg;

	buf_reset(&w->in);
	if (worker_room(w))
		pool_fill_soon(w->ws->p);
}

/* An item took longer than --timeout, or an idle worker would not go. */
static void
worker_timeout(void *arg)
{
	struct wproc *w = arg;

	proc_end(w->pr, w->first != NULL ? ENDED_TIMEOUT : ENDED_HALT);
}

/* Why a worker's death failed its item. */
static void
death_cause(struct wproc *w, const struct proc_exit *x, char *why, size_t n)
{
	if (x->ended == ENDED_TIMEOUT)
		snprintf(why, n, "timed out after %gs",
		    (double)pool_timeout_ms(w->ws->p) / 1000);
	else if (w->broken)
		snprintf(why, n, "broke the framing");
	else if (w->stalled)
		snprintf(why, n, "waited for input with answers due");
	else if (x->signo != 0)
		snprintf(why, n, "died of SIG%s",
		    sigabbrev_np(x->signo) ? sigabbrev_np(x->signo) : "?");
	else if (w->host >= 0 && x->status > 128 &&
	    sigabbrev_np(x->status - 128) != NULL)
		/* The remote shell's word for a death by a signal. */
		snprintf(
		    why, n, "died of SIG%s", sigabbrev_np(x->status - 128));
	else
		snprintf(why, n, "exited with status %d", x->status);
}

/* Items sent to a worker that is gone, not charged: as if never sent. */
static void
uncharge(struct workers *ws, struct witem *first)
{
	for (struct witem *r = first; r != NULL; r = r->next) {
		r->tries--;
		/* A chunk's output may hold the answers it had. */
		if (!ws->chunks)
			output_reset(r->t.oj);
	}
}

/*
 * A worker is gone.  The first item it had not answered is charged with
 * its death (run again under --retries, else failed with the reason); the
 * others go back to the queue as they were.
 */
static void
worker_exited(void *arg, const struct proc_exit *x)
{
	struct wproc *w = arg;
	struct workers *ws = w->ws;
	struct pool *p = ws->p;
	struct witem *it = w->first, *rest;
	int status;

	pool_slot_give(p, w->slot);
	if (it != NULL)
		chunk_settle(ws, it);
	if (w->host >= 0 && remote_lost(&ws->rm, w->host, w->slot, x)) {
		/* Its host was out of reach: its items run again elsewhere. */
		uncharge(ws, it);
		requeue(ws, it, w->last);
		it = NULL;
		w->closing = 1; /* not a death before answering */
	} else if (it != NULL && w->stalled && !w->pty && ws->pty) {
		/* It is run again on a terminal: nothing was its items' fault.
		 */
		uncharge(ws, it);
		requeue(ws, it, w->last);
		it = NULL;
		w->closing = 1; /* not a death before answering */
	}
	if (it != NULL) {
		rest = it->next;
		it->next = NULL;
		if (w->answered == 0 && x->ended != ENDED_HALT &&
		    x->ended != ENDED_FRAMING)
			ws->deaths++; /* it never answered anything */
		uncharge(ws, rest);
		if (it->tries < ws->c->retries && !pool_stopping(p)) {
			output_reset(it->t.oj);
			it->next = rest;
			requeue(ws, it, w->last);
		} else {
			struct buf b = BUF_INIT;
			char why[128], who[256];

			requeue(ws, rest, w->last);
			death_cause(w, x, why, sizeof(why));
			buf_printf(&b, "xpool: %s %s on item %lu\n",
			    worker_who(w, who, sizeof(who)), why, it->seq);
			status = x->signo ? 128 + x->signo
			    : x->status   ? x->status
			                  : 1;
			if (it->n > 1) {
				/* The chunk's other items go back. */
				chunk_fail_first(ws, it, status, b.data);
				requeue(ws, it, it);
			} else
				witem_fail(ws, it, status, b.data);
			buf_free(&b);
		}
	} else if (!w->closing && !pool_stopping(p) && w->answered == 0)
		ws->deaths++;
	if (ws->deaths >= 3 && !pool_stopping(p)) {
		xpool_err("--worker: workers died %d times in a row before "
		          "answering an item; stopping (is the command right?)",
		    ws->deaths);
		pool_fail(p);
	}
	buf_free(&w->line);
	buf_free(&w->in);
	free(w);
}

static const struct proc_cb worker_cb = { worker_output, worker_exited,
	worker_timeout, worker_sent };

/* ---- workers that wait for input with answers due ---------------------- */

#define LOOK_MS 250 /* how often workers that do not answer are looked at */
#define STALL_MS 1000 /* how long one waits before it is taken as stalled */
#define QUIET_MS 10000 /* how long a remote one is quiet before it is said */

/* Say once why workers are stalled, and what will be done. */
static void
tell_stall(struct workers *ws, struct wproc *w, const char *what)
{
	if (ws->told)
		return;
	ws->told = 1;
	xpool_err("worker %lu (pid %ld) waits for more input while xpool waits "
	          "for its answers: it buffers its input or its output "
	          "(mawk -W interactive, python3 -u, stdbuf -oL, or fflush() "
	          "after each answer cure that); %s",
	    w->slot, (long)proc_pid(w->pr), what);
}

/*
 * The worker has taken all it was sent, has answers due, and its group
 * only waits, one of its processes reading the input xpool gave it, with
 * no CPU time spent for STALL_MS: it buffers, and will not answer.  Run it
 * again on a pseudo-terminal, its items put back, or with --no-pty (or
 * already on one) end it, its first item failing.
 */
static void
stalled(struct workers *ws, struct wproc *w)
{
	w->stalled = 1;
	if (ws->c->pty < 0 || w->pty)
		tell_stall(ws, w,
		    w->pty ? "ending it, though it runs on a pseudo-terminal"
		           : "ending it (--no-pty)");
	else {
		tell_stall(ws, w,
		    "running it, and the workers after it, on a "
		    "pseudo-terminal (--pty does so from the start)");
		ws->pty = 1;
	}
	proc_end(w->pr, ENDED_STALL);
}

/*
 * A remote worker's processes cannot be looked at: one that has answered
 * nothing for QUIET_MS with all its items sent and answers due may work,
 * or may buffer and wait.  Say so once, with the cures, rather than wait
 * in silence.
 */
static void
look_at_remote(struct workers *ws, struct wproc *w, uint64_t now)
{
	char who[256];

	if (w->first == NULL || w->answered != w->seen ||
	    proc_unsent(w->pr) > 0 || proc_ended(w->pr)) {
		w->seen = w->answered;
		w->stall_since = 0;
		return;
	}
	if (w->stall_since == 0)
		w->stall_since = now;
	else if (now - w->stall_since >= QUIET_MS && !ws->told_quiet) {
		ws->told_quiet = 1;
		xpool_warn(
		    "%s has answered nothing for %d s with item %lu due; "
		    "xpool cannot look into a remote worker to tell "
		    "whether it works or waits for input: if it buffers "
		    "its output, have it flush each answer (python3 -u, "
		    "stdbuf -oL, mawk -W interactive), or give --timeout",
		    worker_who(w, who, sizeof(who)), QUIET_MS / 1000,
		    w->first->seq);
	}
}

/* Has this worker waited for input with answers due, long enough? */
static void
look_at(struct workers *ws, struct wproc *w, uint64_t now)
{
	struct stall_look lk;
	char input[64];

	if (w->host >= 0) {
		look_at_remote(ws, w, now);
		return;
	}
	if (w->first == NULL || w->answered != w->seen ||
	    proc_unsent(w->pr) > 0 || proc_ended(w->pr) ||
	    proc_input_name(w->pr, input, sizeof(input)) != 0 ||
	    stall_look(proc_pid(w->pr), input, &lk) != 0 || lk.readers == 0 ||
	    lk.busy > 0) {
		w->seen = w->answered;
		w->stall_since = 0;
		return;
	}
	if (w->stall_since == 0 || lk.cpu != w->stall_cpu) {
		w->stall_since = now;
		w->stall_cpu = lk.cpu;
	} else if (now - w->stall_since >= STALL_MS)
		stalled(ws, w);
}

static void
on_look(uv_timer_t *t)
{
	struct workers *ws = t->data;
	uint64_t now = uv_now(pool_loop(ws->p));

	for (struct proc *pr = procs_first(pool_procs(ws->p)); pr != NULL;
	     pr = proc_next(pr))
		look_at(ws, proc_data(pr), now);
}

/* ---- the driver -------------------------------------------------------------
 */

/* Start a worker in the next free slot, with its first chunk. */
static int
worker_start(struct workers *ws)
{
	struct pool *p = ws->p;
	unsigned long slot = pool_slot_next(p);
	struct tpl_vals v;
	struct wproc *w = xcalloc(1, sizeof(*w));
	int flags = PROC_STDIN, r, host = hosts_of(ws->c->hosts, slot);
	char **argv;

	memset(&v, 0, sizeof(v));
	v.slot = slot;
	if (tpl_eval(pool_tpl(p), &v) < 0) {
		free(w);
		pool_fail(p); /* a Perl expression died: said */
		return -1;
	}
	tpl_expand(pool_tpl(p), &v, &ws->cmd);
	argv = ws->cmd.argv;
	if (host >= 0)
		argv =
		    hosts_argv(ws->c->hosts, host, argv, HOSTS_WORKER, 0, slot);
	remote_starting(&ws->rm, host);
	if (!ws->c->ungroup)
		flags |= PROC_CAPTURE;
	if (ws->pty && host < 0)
		flags |= PROC_PTY;
	if (pool_running(p) == 0 || ws->c->mode == OUT_LINES)
		flags |= PROC_BIG_PIPE;
	r = proc_start(pool_procs(p), argv, flags, STDOUT_FILENO, 0, slot,
	    &worker_cb, w, &w->pr);
	if (r != 0) {
		free(w);
		buf_reset(&ws->why);
		if (spawn_explain(argv[0], r, &ws->why) == 0) {
			pool_short_of(p, r);
			return -1;
		}
		xpool_err("--worker: %s; stopping", ws->why.data);
		pool_fail(p);
		return -1;
	}
	w->ws = ws;
	w->pty = ws->pty && host < 0;
	w->host = host;
	w->slot = pool_slot_take(p);
	pool_started(p);
	if (worker_give(ws, w) == 0)
		worker_release(w);
	return 0;
}

static void
workers_fill(void *arg)
{
	struct workers *ws = arg;
	struct pool *p = ws->p;
	int more = 1;

	/* Idle workers first, then new ones in free slots. */
	for (struct proc *pr = procs_first(pool_procs(p));
	     pr != NULL && more && !pool_stopping(p); pr = proc_next(pr)) {
		struct wproc *w = proc_data(pr);

		/* What it was sent is all written, and it has room. */
		if (worker_room(w) && w->in.len == 0 && !w->closing &&
		    proc_stdin_open(pr) && !proc_ended(pr) &&
		    pool_slot_is_on(p, w->slot))
			more = worker_give(ws, w) > 0;
		/* Its host left the --sshloginfile: it may go once idle. */
		if (!pool_slot_is_on(p, w->slot))
			worker_release(w);
	}
	while (more && pool_can_start(p)) {
		if (ws->q == NULL && pool_gather(p) != 1)
			break;
		if (!pool_may_start(p) || remote_wait(&ws->rm) ||
		    worker_start(ws) != 0)
			break;
	}
	/* All input given out: idle workers may go, new hosts need not come. */
	if (pool_stopping(p) || (pool_input_over(p) && ws->q == NULL)) {
		for (struct proc *pr = procs_first(pool_procs(p)); pr != NULL;
		     pr = proc_next(pr))
			worker_release(proc_data(pr));
		remote_idle(&ws->rm);
	}
}

/* The run stops: items waiting for a worker fail. */
static void
workers_stop(void *arg)
{
	struct workers *ws = arg;

	remote_stop(&ws->rm);
	while (ws->q != NULL) {
		struct witem *it = ws->q;

		ws->q = it->next;
		witem_fail(ws, it, 1, NULL);
	}
	ws->q_tail = NULL;
}

/* --timeout P% has its median now: the items being worked on get it. */
static void
workers_timeout_known(void *arg)
{
	struct workers *ws = arg;

	for (struct proc *pr = procs_first(pool_procs(ws->p)); pr != NULL;
	     pr = proc_next(pr))
		worker_clock(proc_data(pr));
}

static void
workers_close(void *arg)
{
	struct workers *ws = arg;

	uv_close((uv_handle_t *)&ws->looker, NULL);
	remote_close(&ws->rm);
}

static void
workers_free(void *arg)
{
	struct workers *ws = arg;

	tpl_cmd_free(&ws->cmd);
	buf_free(&ws->why);
	remote_free(&ws->rm);
	while (ws->spare != NULL) {
		struct witem *it = ws->spare;

		ws->spare = it->next;
		buf_free(&it->text);
		free(it);
	}
	free(ws);
}

static const struct pool_driver driver = { workers_fill, workers_stop, NULL,
	workers_timeout_known, workers_close, workers_free };

/* Run the pool's items through long-lived workers. */
void
worker_drive(struct pool *p)
{
	struct workers *ws = xcalloc(1, sizeof(*ws));

	ws->p = p;
	ws->c = pool_conf(p);
	frame_init(&ws->fr, ws->c->eot);
	ws->pty = ws->c->pty > 0;
	ws->timed = ws->c->rec != NULL || ws->c->timeout_pct > 0;
	ws->chunks = ws->c->tag == NULL && ws->c->rec == NULL &&
	    ws->c->retries <= 1 && ws->c->timeout == 0 &&
	    ws->c->timeout_pct == 0 && ws->c->eot == NULL &&
	    ws->c->prog == NULL && ws->c->skip == NULL &&
	    (ws->c->halt.when == HALT_NEVER || ws->c->halt.why == HALT_FAIL) &&
	    !ws->c->color && !ws->c->color_failed;
	uv_timer_init(pool_loop(p), &ws->looker);
	ws->looker.data = ws;
	uv_timer_start(&ws->looker, on_look, LOOK_MS, LOOK_MS);
	uv_unref((uv_handle_t *)&ws->looker);
	remote_init(&ws->rm, p);
	pool_drive(p, &driver, ws);
}
