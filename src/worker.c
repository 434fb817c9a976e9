/*
 * worker.c -- --worker: items through long-lived processes.
 *
 * A worker is a job started once per slot (again after --maxtasksperchild
 * items or a death) that reads one item per line on its stdin and answers
 * each with one line (or lines up to --eot) on its stdout, in order.  Items
 * go out in chunks of -n; each has its own output, records and tries, as a
 * job has.  A worker that dies charges its death to the oldest item it had
 * not answered; the others go back to the queue uncharged.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "parse.h"
#include "pool_impl.h"
#include "xmalloc.h"

static void
witem_free(struct witem *it)
{
	free(it->text);
	free(it);
}

/* An item is over for good: its output, its records, the counts. */
static void
witem_close(struct pool *p, struct witem *it, int status, int signo)
{
	double runtime = (double)(uv_hrtime() - it->t0) / 1e9;
	struct rec_end e;

	output_end(it->oj);
	if (it->rj != NULL) {
		char *cmd = xstrndup(it->text, it->len ? it->len - 1 : 0);

		memset(&e, 0, sizeof(e));
		e.start = it->start;
		e.runtime = runtime;
		e.exitval = signo ? 0 : status;
		e.signo = signo;
		pool_job_record(p, it->rj, cmd, &e);
		free(cmd);
	}
	pool_job_counted(p, it->seq, status, runtime, NULL);
	witem_free(it);
}

/* An item failed without an answer: say why (msg, or nothing), count it. */
void
witem_fail(struct pool *p, struct witem *it, int status, const char *msg)
{
	if (msg != NULL) {
		output_note(it->oj, 1, msg, strlen(msg));
		if (it->rj != NULL)
			records_output(it->rj, 1, msg, strlen(msg));
	}
	witem_close(p, it, status, 0);
}

/* Put items back at the front of the queue, keeping their order. */
static void
requeue(struct pool *p, struct witem *first, struct witem *last)
{
	if (first == NULL)
		return;
	last->next = p->wq;
	if (p->wq == NULL)
		p->wq_tail = last;
	p->wq = first;
}

/* The next item to send: one put back, or a new one from the input. */
static struct witem *
next_item(struct pool *p)
{
	struct witem *it;
	struct tpl_vals v;
	size_t per;

again:
	if (p->wq == NULL) {
		if (p->stopping || pool_gather(p) != 1)
			return NULL;
		/* pool_gather() took one record (-n is the chunk, not a job).
		 */
		pool_make_vals(p, &p->args, &v, p->seq + 1, 0);
		it = xcalloc(1, sizeof(*it));
		it->oj = pool_new_ojob(p, &v);
		it->seq = p->seq;
		per = v.nfield;
		{
			struct buf b = BUF_INIT;

			for (size_t i = 0; i < per; i++) {
				if (i > 0)
					buf_addc(&b, '\t');
				buf_add(&b, v.field[i], v.flen[i]);
			}
			buf_addc(&b, '\n');
			it->len = b.len;
			it->text = buf_detach(&b);
		}
		if (p->c.rec != NULL)
			if ((it->rj = records_begin(p->c.rec, it->seq,
			         (const char *const *)v.field, v.flen,
			         v.nfield)) == NULL)
				p->error = 1; /* the message is printed */
		pool_recset_clear(&p->args);
		p->job_ready = 0;
		if (memchr(it->text, '\n', it->len - 1) != NULL) {
			/* It would reach the worker as two items. */
			witem_fail(p, it, 1,
			    "xpool: an item with a newline cannot be sent to "
			    "a worker, which reads one item per line\n");
			goto again;
		}
		/* A multi-line answer can be cut short by a death. */
		if (p->c.eot != NULL)
			output_defer(it->oj);
		return it;
	}
	it = p->wq;
	p->wq = it->next;
	if (p->wq == NULL)
		p->wq_tail = NULL;
	it->next = NULL;
	return it;
}

static void worker_timeout(uv_timer_t *);

/* (Re)start the worker's clock for the item it is working on now. */
static void
worker_clock(struct pool *p, struct job *j)
{
	uint64_t ms = pool_timeout_ms(p);

	if (ms == 0)
		return;
	if (j->wfirst != NULL)
		pool_job_timer(p, j, worker_timeout, ms);
	else if (j->timed)
		uv_timer_stop(&j->timer);
}

/* Send the worker its next chunk; 0 if there was nothing to send. */
static int
worker_give(struct pool *p, struct job *j)
{
	long chunk = p->c.max_args > 0 ? p->c.max_args : 1;
	int n = 0;

	if (p->c.maxtasks > 0 && chunk > p->c.maxtasks - (long)j->wsent)
		chunk = p->c.maxtasks - (long)j->wsent;
	while (chunk-- > 0) {
		struct witem *it = next_item(p);

		if (it == NULL)
			break;
		it->tries++;
		it->start = pool_time_of_day();
		it->t0 = uv_hrtime();
		if (j->wlast)
			j->wlast->next = it;
		else
			j->wfirst = it;
		j->wlast = it;
		buf_add(&j->wbuf, it->text, it->len);
		j->wsent++;
		n++;
	}
	if (p->c.maxtasks > 0 && (long)j->wsent >= p->c.maxtasks)
		j->wclose = 1; /* it finishes these, exits, is replaced */
	if (n > 0) {
		worker_clock(p, j);
		pool_feed(j);
	}
	return n;
}

/* No more work will come: let an idle worker see the end of its input. */
static void
worker_release(struct pool *p, struct job *j)
{
	if (j->wfirst != NULL || j->in.fd < 0)
		return;
	j->wclose = 1;
	pool_feed(j);
	/* One that does not go by itself is ended after a grace period. */
	pool_job_timer(p, j, worker_timeout, KILL_GRACE_MS);
}

/* Start a worker in the next free slot, with its first chunk. */
static int
worker_start(struct pool *p)
{
	unsigned long slot = p->free_slots[p->nfree - 1];
	struct tpl_vals v;
	struct job *j;
	int status, err;

	memset(&v, 0, sizeof(v));
	v.slot = slot;
	tpl_expand(p->tpl, &v, &p->cmd);
	if ((j = pool_launch(p, 0, slot, &status, &err)) == NULL) {
		if (status == 0) {
			pool_retry_soon(p, err);
			return -1;
		}
		xpool_err("--worker: %s; stopping", p->why.data);
		p->error = 1;
		pool_stop(p, 0);
		return -1;
	}
	j->worker = 1;
	p->started++;
	if (worker_give(p, j) == 0)
		worker_release(p, j);
	pool_show_progress(p);
	return 0;
}

void
worker_fill(struct pool *p)
{
	int more = 1;

	/* Idle workers first, then new ones in free slots. */
	for (struct job *j = p->jobs; j != NULL && more && !p->stopping;
	     j = j->next)
		if (j->worker && j->wfirst == NULL && !j->wclose &&
		    j->in.fd >= 0 && !j->killed)
			more = worker_give(p, j) > 0;
	while (more && !p->stopping && p->nfree > 0 &&
	    !uv_is_active((uv_handle_t *)&p->retry)) {
		if (p->wq == NULL && pool_gather(p) != 1)
			break;
		if (!pool_may_start(p) || worker_start(p) != 0)
			break;
	}
	pool_give_spare(p);
	/* All input given out: idle workers may go. */
	if (p->stopping || (p->input_done && p->wq == NULL && !p->job_ready))
		for (struct job *j = p->jobs; j != NULL; j = j->next)
			if (j->worker)
				worker_release(p, j);
}

/* The worker answered its oldest item. */
static void
worker_answered(struct pool *p, struct job *j, int status)
{
	struct witem *it = j->wfirst;

	j->wfirst = it->next;
	if (j->wfirst == NULL)
		j->wlast = NULL;
	j->wanswered++;
	p->wdeaths = 0;
	witem_close(p, it, status, 0);
	worker_clock(p, j);
}

/* The worker printed more than it was asked for: end it. */
static void
worker_broke(struct pool *p, struct job *j)
{
	if (j->wbroken)
		return;
	j->wbroken = 1;
	xpool_err("worker %lu (pid %ld) printed a result with no item "
	          "waiting for one; replacing it (one line per item, or "
	          "give --eot)",
	    j->slot, (long)j->pid);
	if (!j->killed) {
		j->killed = KILLED_HALT;
		killer_start(p->ender, j->pid, 0);
	}
}

/* Take the worker's answers from the lines it printed. */
static void
worker_lines(struct pool *p, struct job *j)
{
	struct buf *l = &j->wline;
	size_t at = 0;
	char *nl;

	while (!j->wbroken &&
	    (nl = memchr(l->data + at, '\n', l->len - at)) != NULL) {
		const char *line = l->data + at;
		size_t n = (size_t)(nl - line) + 1;
		struct witem *it = j->wfirst;

		at += n;
		if (it == NULL) {
			worker_broke(p, j);
			break;
		}
		if (p->c.eot != NULL && n - 1 >= p->eotlen &&
		    memcmp(line, p->c.eot, p->eotlen) == 0) {
			long st = 0;
			const char *why;
			char num[24];

			if (n - 1 == p->eotlen) {
				worker_answered(p, j, 0);
				continue;
			}
			if (line[p->eotlen] == ' ' &&
			    n - 2 - p->eotlen < sizeof(num)) {
				memcpy(num, line + p->eotlen + 1,
				    n - 2 - p->eotlen);
				num[n - 2 - p->eotlen] = '\0';
				if (parse_long(num, 1, 255, &st, &why) == 0) {
					worker_answered(p, j, (int)st);
					continue;
				}
			}
		}
		output_add(it->oj, 0, line, n);
		if (it->rj != NULL)
			records_output(it->rj, 0, line, n);
		if (p->c.eot == NULL)
			worker_answered(p, j, 0);
	}
	if (at > 0) {
		memmove(l->data, l->data + at, l->len - at);
		l->len -= at;
	}
}

void
worker_read(struct job *j, int which, const char *data, size_t n)
{
	struct pool *p = j->pool;

	if (which == 1) {
		/* Its stderr goes with the item it is working on. */
		if (j->wfirst != NULL) {
			output_add(j->wfirst->oj, 1, data, n);
			if (j->wfirst->rj != NULL)
				records_output(j->wfirst->rj, 1, data, n);
		} else
			(void)!write(STDERR_FILENO, data, n);
		return;
	}
	buf_add(&j->wline, data, n);
	worker_lines(p, j);
	if (j->wfirst == NULL)
		pool_fill(p);
}

/* An item took longer than --timeout, or an idle worker would not go. */
static void
worker_timeout(uv_timer_t *t)
{
	struct job *j = t->data;
	struct pool *p = j->pool;

	if (j->ended || j->killed)
		return;
	if (j->wfirst != NULL)
		j->killed = KILLED_TIMEOUT;
	killer_start(p->ender, j->pid, 0);
}

/*
 * A worker is gone.  The first item it had not answered is charged with
 * its death (run again under --retries, else failed with the reason); the
 * others go back to the queue as they were.
 */
void
worker_ended(struct pool *p, struct job *j, int status, int signo)
{
	struct witem *it = j->wfirst, *rest;
	char why[128];

	j->ended = 1;
	if (it != NULL) {
		struct buf b = BUF_INIT;

		rest = it->next;
		it->next = NULL;
		if (j->killed == KILLED_TIMEOUT)
			snprintf(why, sizeof(why), "timed out after %gs",
			    (double)pool_timeout_ms(p) / 1000);
		else if (j->wbroken)
			snprintf(why, sizeof(why), "broke the framing");
		else if (signo != 0)
			snprintf(why, sizeof(why), "died of SIG%s",
			    sigabbrev_np(signo) ? sigabbrev_np(signo) : "?");
		else
			snprintf(
			    why, sizeof(why), "exited with status %d", status);
		if (j->wanswered == 0 && j->killed != KILLED_HALT)
			p->wdeaths++; /* it never answered anything */
		/* The rest were never charged: as if never sent. */
		for (struct witem *r = rest; r != NULL; r = r->next) {
			r->tries--;
			output_reset(r->oj);
		}
		if (it->tries < p->c.retries && !p->stopping) {
			output_reset(it->oj);
			it->next = rest;
			requeue(p, it, j->wlast);
		} else {
			requeue(p, rest, j->wlast);
			buf_printf(&b,
			    "xpool: worker %lu (pid %ld) %s on item "
			    "%lu\n",
			    j->slot, (long)j->pid, why, it->seq);
			witem_fail(p, it,
			    signo ? 128 + signo : (status ? status : 1),
			    b.data);
		}
		buf_free(&b);
		j->wfirst = j->wlast = NULL;
	} else if (!j->wclose && !p->stopping && j->wanswered == 0)
		p->wdeaths++;
	if (p->wdeaths >= 3 && !p->stopping) {
		xpool_err("--worker: workers died %d times in a row before "
		          "answering an item; stopping (is the command right?)",
		    p->wdeaths);
		p->error = 1;
		pool_stop(p, 0);
	}
	pool_job_maybe_free(j);
}
