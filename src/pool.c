/*
 * pool.c -- the run: slots, the start gate, the input, job ends, stopping.
 *
 * The driver (jobs.c or worker.c) starts processes in the pool's slots when
 * pool_fill() asks it to, and hands every job that is over, for good, to
 * pool_finish(): the one place where output ends, records are written, the
 * counts move, --halt is looked at and the progress shown.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "buf.h"
#include "cmdline.h"
#include "diag.h"
#include "limit.h"
#include "policy.h"
#include "pool.h"
#include "signals.h"
#include "sys.h"
#include "xmalloc.h"

/*
 * A job whose --tagstring has a Perl expression that answered false ("" or
 * "0"): GNU parallel keeps only true answers, and evaluates it again when
 * it prints the job, so the job's values are kept until then.
 */
struct retag {
	struct retag *next;
	struct ojob *oj;
	struct tpl_vals v;
};

struct pool {
	uv_loop_t *loop;
	struct pool_conf c;
	struct input *in;
	struct tpl *tpl;
	struct procs *procs;
	struct output *out;
	const struct pool_driver *drv;
	void *d;

	unsigned long *free_slots;
	int *token; /* by slot: the jobserver token it holds, or -1 */
	unsigned char *off; /* by slot: SLOT_OFF_* (its host is down) */
	long nfree;
	long running; /* slots taken */
	int spare; /* a jobserver token taken for the next start, or -1 */

	struct batch batch; /* the records of the next job */
	struct fields f; /* ... as a template takes them */
	struct cmdline lim; /* what a job's argv may hold */
	struct buf tagbuf; /* a job's tag */
	struct retag *retags; /* jobs whose tag is made again at their end */
	int job_ready; /* batch.args holds a whole job */
	int input_done;

	unsigned long seq;
	unsigned long failed, succeeded;
	unsigned long started; /* processes started, tries included */
	unsigned long skipped; /* --resume: jobs not run again */
	unsigned long known_total; /* jobs in all, when known from the start */
	unsigned long jobs_total; /* {##}: the same, or items / -n N */
	struct runtimes runtimes; /* of successful jobs, for --timeout P% */
	int keep_cmd; /* jobs keep their command text (for messages) */

	int halted;
	int halt_status; /* the exit status --halt decided, or -1 */
	int stopping; /* no more jobs */
	int signo;
	int error;
	int broken;
	int filling, refill;
	int fill_soon; /* fill after this turn's reads */
	int short_of; /* a start waits for a job to end (pool_short_of) */

	struct signals *sig; /* referenced while jobs run */
	uv_timer_t killer;
	uv_timer_t
	    gate; /* --delay, --load, --memfree, --limit: a start waits */
};

/* ---- what the run is ------------------------------------------------------
 */

const struct pool_conf *
pool_conf(const struct pool *p)
{
	return &p->c;
}

uv_loop_t *
pool_loop(struct pool *p)
{
	return p->loop;
}

struct procs *
pool_procs(struct pool *p)
{
	return p->procs;
}

struct output *
pool_output(struct pool *p)
{
	return p->out;
}

struct tpl *
pool_tpl(struct pool *p)
{
	return p->tpl;
}

/* Do jobs keep their command as text, for messages and records? */
int
pool_keeps_cmd(const struct pool *p)
{
	return p->keep_cmd;
}

/* ---- input ------------------------------------------------------------------
 */

/*
 * Gather the records of the next job.  Returns 1 when pool_args() holds a
 * job (and does until pool_args_taken()), or INPUT_WAIT, INPUT_EOF,
 * INPUT_ERROR.
 */
int
pool_gather(struct pool *p)
{
	struct record rec;
	int r;

	if (p->job_ready)
		return 1;
	if (batch_ready(&p->batch))
		return p->job_ready = 1;
	for (;;) {
		if (p->input_done) {
			r = INPUT_EOF;
		} else {
			r = input_next(p->in, &rec);
			if (r == INPUT_EOF || r == INPUT_ERROR)
				p->input_done = 1;
		}
		/*
		 * An input error (said) ends the input: what was read before
		 * it still runs, and the run exits 255.
		 */
		if (r == INPUT_ERROR)
			p->error = 1;
		if (r != INPUT_RECORD) {
			if (r == INPUT_EOF && p->c.spread_last) {
				batch_spread(&p->batch, (size_t)p->c.jobs);
				if (batch_ready(&p->batch))
					return p->job_ready = 1;
			}
			if (p->batch.args.nrec > 0 && r != INPUT_WAIT)
				return p->job_ready = 1;
			return r;
		}
		if (batch_add(&p->batch, &rec))
			return p->job_ready = 1;
	}
}

/* The records of the job pool_gather() made ready; the caller may move them. */
struct recset *
pool_args(struct pool *p)
{
	return &p->batch.args;
}

void
pool_args_taken(struct pool *p)
{
	recset_clear(&p->batch.args);
	p->job_ready = 0;
}

/* All input is read and taken. */
int
pool_input_over(const struct pool *p)
{
	return p->input_done && !p->job_ready;
}

/* The values a job substitutes, pointing into r. */
void
pool_make_vals(struct pool *p, const struct recset *r, struct tpl_vals *v,
    unsigned long seq, unsigned long slot)
{
	fields_of(&p->f, r);
	v->field = p->f.field;
	v->flen = p->f.flen;
	v->nfield = p->c.pipe ? 0 : r->n; /* --pipe: the block is stdin */
	v->seq = seq;
	v->slot = slot;
	v->total = p->jobs_total;
}

/* Keep the job's values to make its tag again; hold its output till then. */
static void
retag_keep(struct pool *p, struct ojob *oj, const struct tpl_vals *v)
{
	struct retag *r = xcalloc(1, sizeof(*r));

	r->oj = oj;
	r->v = *v;
	r->v.field = xcalloc(v->nfield + 1, sizeof(char *));
	r->v.flen = xcalloc(v->nfield + 1, sizeof(size_t));
	for (size_t i = 0; i < v->nfield; i++) {
		r->v.field[i] = xmalloc(v->flen[i] + 1);
		memcpy(r->v.field[i], v->field[i], v->flen[i]);
		r->v.field[i][v->flen[i]] = '\0';
		r->v.flen[i] = v->flen[i];
	}
	r->next = p->retags;
	p->retags = r;
	output_hold(oj);
}

static void
retag_free(struct retag *r)
{
	for (size_t i = 0; i < r->v.nfield; i++)
		free(r->v.field[i]);
	free(r->v.field);
	free(r->v.flen);
	free(r);
}

/* The job ends: evaluate its tag again, if it was kept for that. */
static void
retag(struct pool *p, struct ojob *oj)
{
	struct retag **rp = &p->retags, *r;

	while (*rp != NULL && (*rp)->oj != oj)
		rp = &(*rp)->next;
	if ((r = *rp) == NULL)
		return;
	*rp = r->next;
	buf_reset(&p->tagbuf);
	if (tpl_eval(p->c.tag, &r->v) < 0)
		pool_fail(p); /* said */
	tpl_render(p->c.tag, &r->v, &p->tagbuf);
	output_retag(
	    oj, p->tagbuf.data != NULL ? p->tagbuf.data : "", p->tagbuf.len);
	retag_free(r);
}

/*
 * Number the next job and register its output, with its tag rendered from
 * its values; its records are begun by the caller.  Returns its number.
 */
unsigned long
pool_new_job(struct pool *p, const struct tpl_vals *v, struct tee *t)
{
	p->seq++;
	t->rj = NULL;
	if (p->c.tag == NULL)
		t->oj = output_job(p->out, NULL, 0);
	else {
		buf_reset(&p->tagbuf);
		if (tpl_eval(p->c.tag, v) < 0)
			pool_fail(p); /* said */
		tpl_render(p->c.tag, v, &p->tagbuf);
		/* An empty tag is still a tag: a TAB before each line. */
		t->oj = output_job(p->out,
		    p->tagbuf.data != NULL ? p->tagbuf.data : "",
		    p->tagbuf.len);
		if (p->c.mode != OUT_LINES && !p->c.dry_run &&
		    tpl_has_perl(p->c.tag) && tpl_perl_false(p->c.tag))
			retag_keep(p, t->oj, v);
	}
	if (p->c.color)
		output_color(t->oj, p->seq);
	if (p->c.latest == 2)
		output_row(t->oj, p->seq);
	/* A job that may be run again shows only its last try. */
	if (p->c.retries > 1)
		output_defer(t->oj);
	return p->seq;
}

/* Append a record's fields as one line, tab-separated; -1 if it cannot be. */
static int
add_line(struct buf *b, char *const *field, const size_t *flen, size_t n)
{
	size_t len = n > 0 ? n : 1; /* the tabs and the newline */
	char *at;

	for (size_t i = 0; i < n; i++) {
		if (memchr(field[i], '\n', flen[i]) != NULL)
			return -1;
		len += flen[i];
	}
	buf_reserve(b, len);
	at = b->data + b->len;
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			*at++ = '\t';
		memcpy(at, field[i], flen[i]);
		at += flen[i];
	}
	*at++ = '\n';
	*at = '\0';
	b->len += len;
	return 0;
}

/*
 * Up to max records, each appended to b as one line (its fields joined by
 * tabs), straight from the input: for items that need nothing of their
 * own, which pool_new_items() numbers together.  Returns how many; 0 when
 * the next record cannot be a line (a newline in it, or it cannot run) and
 * pool_gather() holds it, or when none is ready (pool_gather() says why).
 */
long
pool_gather_lines(struct pool *p, long max, struct buf *b)
{
	struct record rec;
	long n = 0, got;
	int r;

	if (p->job_ready || batch_ready(&p->batch)) {
		p->job_ready = 1;
		fields_of(&p->f, &p->batch.args);
		if (p->batch.args.bad != NULL ||
		    add_line(b, p->f.field, p->f.flen, p->f.n) != 0)
			return 0;
		pool_args_taken(p);
		n++;
	}
	while (n < max && !p->input_done) {
		/* Plain lines at hand go as they are, many at a time. */
		if ((got = input_lines(p->in, max - n, b)) > 0) {
			n += got;
			continue;
		}
		r = input_next(p->in, &rec);
		if (r == INPUT_EOF || r == INPUT_ERROR)
			p->input_done = 1;
		if (r == INPUT_ERROR)
			p->error = 1;
		if (r != INPUT_RECORD)
			break;
		if (rec.bad != NULL ||
		    add_line(b, rec.field, rec.flen, rec.nfield) != 0) {
			/* The caller takes it alone, with pool_gather(). */
			p->job_ready = batch_add(&p->batch, &rec);
			break;
		}
		n++;
	}
	return n;
}

/*
 * Number n items that share one output (an --worker chunk with nothing
 * per item); returns the first one's number.
 */
unsigned long
pool_new_items(struct pool *p, unsigned long n, struct tee *t)
{
	t->rj = NULL;
	t->oj = output_job(p->out, NULL, 0);
	p->seq += n;
	return p->seq - n + 1;
}

/* The number the next job gets ({#}). */
unsigned long
pool_next_seq(const struct pool *p)
{
	return p->seq + 1;
}

/* --resume: the next job was done in an earlier run; 1 if it was skipped. */
int
pool_skipped(struct pool *p)
{
	if (p->c.skip == NULL || !seqset_has(p->c.skip, p->seq + 1))
		return 0;
	p->seq++;
	p->skipped++;
	pool_args_taken(p);
	return 1;
}

/* ---- slots and starts -----------------------------------------------------
 */

static void
on_token(void *arg)
{
	pool_fill(arg);
}

static void
on_gate(uv_timer_t *t)
{
	pool_fill(t->data);
}

/*
 * May a process start now?  --delay, --load, --memfree and --limit may say
 * "not yet" (a timer asks again); under a jobserver it needs a token, and
 * without one the jobserver calls back when one may be there.
 */
int
pool_may_start(struct pool *p)
{
	if (p->c.th != NULL) {
		uint64_t ms;

		if (uv_is_active((uv_handle_t *)&p->gate))
			return 0;
		uv_update_time(p->loop);
		if ((ms = throttle_wait(p->c.th, uv_now(p->loop))) > 0) {
			uv_timer_start(&p->gate, on_gate, ms, 0);
			return 0;
		}
	}
	if (p->c.limit != NULL) {
		if (uv_is_active((uv_handle_t *)&p->gate))
			return 0;
		uv_update_time(p->loop);
		if (limit_check(p->c.limit, uv_now(p->loop)) != LIMIT_BELOW) {
			uv_timer_start(&p->gate, on_gate, LIMIT_RECHECK_MS, 0);
			return 0;
		}
	}
	/* make's tokens are for this machine's processes only. */
	if (p->c.js != NULL && p->spare < 0 &&
	    (p->c.remote == NULL || p->nfree == 0 ||
	        !p->c.remote[pool_slot_next(p)]) &&
	    (p->spare = jobserver_take(p->c.js)) < 0) {
		jobserver_wait(p->c.js, on_token, p);
		return 0;
	}
	return 1;
}

/* Is there a free slot, and no start waiting for a job to end? */
int
pool_can_start(const struct pool *p)
{
	return !p->stopping && p->nfree > 0 && !p->short_of;
}

/* The slot the next start takes ({%}); there must be one free. */
unsigned long
pool_slot_next(const struct pool *p)
{
	return p->free_slots[p->nfree - 1];
}

/*
 * Take a free slot for a process that has started (after pool_may_start()
 * said yes): it holds the token taken for it.
 */
unsigned long
pool_slot_take(struct pool *p)
{
	unsigned long slot = p->free_slots[--p->nfree];

	if (p->running++ == 0)
		signals_ref(p->sig, 1);
	p->token[slot] = p->spare;
	p->spare = -1;
	if (p->c.th != NULL)
		throttle_started(p->c.th, uv_now(p->loop));
	return slot;
}

/*
 * Bring a free slot for which ok() says yes to the top, to be the next one
 * taken.  Returns 0 when there is none (the next one stays).
 */
int
pool_slot_choose(struct pool *p, int (*ok)(void *, unsigned long), void *arg)
{
	for (long i = p->nfree - 1; i >= 0; i--) {
		unsigned long s = p->free_slots[i];

		if (!ok(arg, s))
			continue;
		p->free_slots[i] = p->free_slots[p->nfree - 1];
		p->free_slots[p->nfree - 1] = s;
		return 1;
	}
	return 0;
}

enum { SLOT_ON, SLOT_OFF_FREE, SLOT_OFF_BUSY };

/* No more starts in the slot (its host is down) until pool_slot_on(). */
void
pool_slot_off(struct pool *p, unsigned long slot)
{
	if (p->off[slot] != SLOT_ON)
		return;
	p->off[slot] = SLOT_OFF_BUSY;
	for (long i = 0; i < p->nfree; i++)
		if (p->free_slots[i] == slot) {
			memmove(&p->free_slots[i], &p->free_slots[i + 1],
			    (size_t)(p->nfree - i - 1) *
			        sizeof(*p->free_slots));
			p->nfree--;
			p->off[slot] = SLOT_OFF_FREE;
			break;
		}
}

/* Starts in the slot again. */
void
pool_slot_on(struct pool *p, unsigned long slot)
{
	if (p->off[slot] == SLOT_OFF_FREE) {
		p->free_slots[p->nfree++] = slot;
		p->short_of = 0;
	}
	p->off[slot] = SLOT_ON;
}

/*
 * The run has n slots from now on (-S: hosts came); remote is the hosts'
 * by-slot table anew.  The new ones are free.
 */
void
pool_add_slots(struct pool *p, unsigned long n, const unsigned char *remote)
{
	unsigned long had = (unsigned long)p->c.jobs;

	p->c.remote = remote;
	if (n <= had)
		return;
	p->free_slots = xreallocarray(p->free_slots, n, sizeof(*p->free_slots));
	p->token = xreallocarray(p->token, n + 1, sizeof(*p->token));
	p->off = xrealloc(p->off, n + 1);
	for (unsigned long s = n; s > had; s--) {
		p->token[s] = -1;
		p->off[s] = SLOT_ON;
		p->free_slots[p->nfree++] = s;
	}
	p->c.jobs = (long)n;
	p->short_of = 0;
}

/* May the slot take work (its host is up, and still the run's)? */
int
pool_slot_is_on(const struct pool *p, unsigned long slot)
{
	return p->off[slot] == SLOT_ON;
}

/* The slot's process is over: the slot and its token are free. */
void
pool_slot_give(struct pool *p, unsigned long slot)
{
	if (p->off[slot] == SLOT_OFF_BUSY)
		p->off[slot] = SLOT_OFF_FREE;
	else
		p->free_slots[p->nfree++] = slot;
	p->short_of = 0; /* it freed what it held */
	if (p->token[slot] >= 0) {
		jobserver_give(p->c.js, p->token[slot]);
		p->token[slot] = -1;
	}
	/* SIGCHLD keeps the loop going while any child is left to reap. */
	if (--p->running == 0 && procs_alive(p->procs) == 0)
		signals_ref(p->sig, 0);
}

/* Slots taken. */
long
pool_running(const struct pool *p)
{
	return p->running;
}

/* A token taken for a start that did not happen goes back at once. */
static void
give_spare(struct pool *p)
{
	if (p->spare >= 0) {
		jobserver_give(p->c.js, p->spare);
		p->spare = -1;
	}
}

static void show_progress(struct pool *);

/* A process started (jobs, tries and workers count). */
void
pool_started(struct pool *p)
{
	p->started++;
	show_progress(p);
}

/*
 * A process cannot start for want of descriptors, processes or memory
 * (err).  With jobs running, the next start waits for one of them to end
 * and free some; with none, nothing will free any: xpool stops, saying
 * which limit to raise.
 */
void
pool_short_of(struct pool *p, int err)
{
	struct rlimit rl;
	char lim[48] = "";

	if (p->running > 0) {
		p->short_of = 1;
		return;
	}
	if (err == EMFILE || err == EAGAIN) {
		int which = err == EMFILE ? RLIMIT_NOFILE : RLIMIT_NPROC;

		if (getrlimit(which, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
			snprintf(lim, sizeof(lim), " (%lu)",
			    (unsigned long)rl.rlim_cur);
	}
	switch (err) {
	case EMFILE:
		xpool_err("cannot start a job: out of file descriptors: the "
		          "limit on open files%s is reached; raise it "
		          "(ulimit -n)",
		    lim);
		break;
	case EAGAIN:
		xpool_err("cannot start a job: out of processes: the limit "
		          "on processes%s is reached; raise it (ulimit -u) "
		          "or end some",
		    lim);
		break;
	default:
		xpool_err("cannot start a job: %s", strerror(err));
	}
	pool_fail(p);
}

/*
 * Have the driver start what may start.  A call from inside one (a
 * callback it caused) makes the outer call go round once more instead.
 */
void
pool_fill(struct pool *p)
{
	if (p->filling) {
		p->refill = 1;
		return;
	}
	p->filling = 1;
	p->fill_soon = 0;
	do {
		p->refill = 0;
		/* Waiting for a token again only if a start needs one. */
		jobserver_cancel(p->c.js);
		p->drv->fill(p->d);
		give_spare(p);
	} while (p->refill && !p->stopping);
	p->filling = 0;
	show_progress(p); /* the input may have just ended: a total */
}

/*
 * Fill once the reads of this turn of the loop are done (a driver's read
 * callback freed a process for more work).
 */
void
pool_fill_soon(struct pool *p)
{
	p->fill_soon = 1;
}

/* The --timeout of a job, in milliseconds from its start, or 0 for none. */
uint64_t
pool_timeout_ms(const struct pool *p)
{
	double secs = p->c.timeout;

	if (p->c.timeout_pct > 0) {
		/* A share of the median, once 3 jobs have succeeded. */
		if (p->runtimes.n < 3)
			return 0;
		secs = runtimes_median(&p->runtimes) * p->c.timeout_pct / 100;
	}
	if (!(secs > 0))
		return 0;
	return secs * 1000 < 1 ? 1 : (uint64_t)(secs * 1000 + 0.5);
}

/* ---- the end of a job -----------------------------------------------------
 */

/* Bytes a job printed: to its output and its records. */
void
tee_add(struct tee *t, int which, const char *p, size_t n)
{
	output_add(t->oj, which, p, n);
	if (t->rj != NULL)
		records_output(t->rj, which, p, n);
}

/* xpool's own words about a job, in its output and its records. */
void
tee_note(struct tee *t, int which, const char *p, size_t n)
{
	output_note(t->oj, which, p, n);
	if (t->rj != NULL)
		records_output(t->rj, which, p, n);
}

/* Begin job seq's records (--joblog, --results, --junit), if any. */
void
pool_records_begin(
    struct pool *p, struct tee *t, unsigned long seq, const struct tpl_vals *v)
{
	t->rj = NULL;
	if (p->c.rec == NULL)
		return;
	t->rj = records_begin(
	    p->c.rec, seq, (const char *const *)v->field, v->flen, v->nfield);
	if (t->rj == NULL && !p->error)
		pool_fail(p); /* the message is printed */
}

static void
show_progress(struct pool *p)
{
	struct progress_counts c;

	if (p->c.prog == NULL)
		return;
	c.started = p->started;
	c.running = (unsigned long)p->running;
	c.done = p->failed + p->succeeded;
	c.failed = p->failed;
	c.total_known = p->known_total > 0 || (p->input_done && !p->stopping);
	c.total = p->known_total > 0 ? p->known_total - p->skipped
	    : c.total_known          ? p->seq - p->skipped
	                             : 0;
	progress_update(p->c.prog, &c);
}

/* --halt's condition holds: stop, and with "now" end the running jobs. */
static void
halt(struct pool *p, const struct job_end *e, unsigned long total)
{
	static const char *const whys[] = { "failed", "succeeded", "ended" };
	const struct halt *h = &p->c.halt;
	struct buf b = BUF_INIT;

	p->halted = 1;
	p->halt_status = halt_status(h, e->status, p->failed, total);
	buf_printf(&b, "job %lu %s", e->seq, whys[h->why]);
	if (h->why == HALT_FAIL && e->status > 0)
		buf_printf(&b, " (status %d)", e->status);
	if (e->cmd != NULL)
		buf_printf(&b, ": %s", e->cmd);
	if (p->running == 0)
		xpool_err("--halt: %s; starting no more jobs", b.data);
	else if (h->when == HALT_NOW)
		xpool_err("--halt: %s; ending %ld running job%s", b.data,
		    p->running, p->running == 1 ? "" : "s");
	else
		xpool_err("--halt: %s; starting no more jobs, waiting for %ld "
		          "running job%s",
		    b.data, p->running, p->running == 1 ? "" : "s");
	buf_free(&b);
	pool_stop(p, 0);
	if (h->when == HALT_NOW)
		procs_end_all(p->procs, ENDED_HALT);
}

/* What the records say of how a job ended. */
static const char *
ended_reason(int ended)
{
	switch (ended) {
	case ENDED_TIMEOUT:
		return "timeout";
	case ENDED_HALT:
		return "halt";
	case ENDED_MEMFREE:
		return "memfree";
	case ENDED_LIMIT:
		return "limit";
	default:
		return NULL;
	}
}

/* The number of jobs in all, once it is known; else 0. */
static unsigned long
jobs_total(struct pool *p)
{
	int waiting = p->drv->waiting != NULL && p->drv->waiting(p->d);

	if (p->known_total)
		return p->known_total;
	return p->input_done && !waiting ? p->seq : 0;
}

/* Before the job's output ends: its colour, or its tag made again. */
static void
style_end(struct pool *p, struct ojob *oj, const struct job_end *e)
{
	/* --color-failed: GNU parallel's test, the joblog's Exitval is not
	 * 0: ended by xpool (-1), or an exit status; a signal of its own is
	 * Exitval 0 */
	if (p->c.color_failed &&
	    (e->ended || (e->signo == 0 && e->exitval != 0)))
		output_failed(oj);
	if (p->retags != NULL)
		retag(p, oj);
}

/*
 * A job is over for good: its output ends, its records are written, it is
 * counted, --halt is looked at and the progress shown.  The one place.
 */
void
pool_finish(struct pool *p, struct tee *t, const struct job_end *e)
{
	/* A worker's item that shares its chunk's output leaves it open. */
	if (t->oj != NULL) {
		if (p->c.color_failed | (p->retags != NULL))
			style_end(p, t->oj, e);
		output_end(t->oj);
	}
	t->oj = NULL;
	if (t->rj != NULL) {
		struct rec_end re;

		memset(&re, 0, sizeof(re));
		re.start = e->start;
		re.runtime = e->runtime;
		re.exitval = e->exitval;
		re.signo = e->signo;
		re.send = e->send;
		re.killed = e->ended != 0;
		re.reason = ended_reason(e->ended);
		re.command = e->cmd != NULL ? e->cmd : "";
		re.host = e->host;
		re.command_len = strlen(re.command);
		/* A record file that cannot be written stops the run. */
		if (records_end(p->c.rec, t->rj, &re) != 0)
			pool_fail(p);
		t->rj = NULL;
	}
	if (e->status != 0)
		p->failed++;
	else
		p->succeeded++;
	/* Only --timeout P% asks for the median. */
	if (e->status == 0 && p->c.timeout_pct > 0) {
		runtimes_add(&p->runtimes, e->runtime);
		if (p->runtimes.n == 3 && p->drv->timeout_known != NULL)
			p->drv->timeout_known(p->d);
	}
	if (!p->halted && p->c.halt.when != HALT_NEVER) {
		unsigned long total = jobs_total(p);

		if (halt_due(
		        &p->c.halt, e->status, p->failed, p->succeeded, total))
			halt(p, e, total ? total : p->failed + p->succeeded);
	}
	show_progress(p);
}

/*
 * Items that shared one output (pool_new_items()) are over: ok of them
 * answered, failed more were never run (the run stops) and fail with
 * status.  Their output ends when oj is given.  Such items have no --halt
 * of their own to meet: only failures count for it, and those a worker's
 * death causes are finished one by one (pool_finish()).
 */
void
pool_finish_items(struct pool *p, struct ojob *oj, unsigned long ok,
    unsigned long failed, int status)
{
	if (oj != NULL)
		output_end(oj);
	p->succeeded += ok;
	if (status != 0)
		p->failed += failed;
	else
		p->succeeded += failed;
	show_progress(p);
}

/*
 * A job that never ran (or a try that could not start): say why (msg, or
 * nothing when NULL) in its output and records, and finish it with status.
 * Its records are begun here if they were not.
 */
void
pool_fail_early(struct pool *p, struct tee *t, unsigned long seq, int status,
    const struct tpl_vals *v, const char *cmd, const char *msg)
{
	struct buf b = BUF_INIT;
	struct job_end e;

	if (t->rj == NULL)
		pool_records_begin(p, t, seq, v);
	if (msg != NULL) {
		buf_printf(&b, "xpool: %s\n", msg);
		tee_note(t, 1, b.data, b.len);
		buf_free(&b);
	}
	memset(&e, 0, sizeof(e));
	e.seq = seq;
	e.status = e.exitval = status;
	e.start = sys_time_of_day();
	e.cmd = cmd;
	pool_finish(p, t, &e);
}

/* ---- stopping ------------------------------------------------------------ */

int
pool_stopping(const struct pool *p)
{
	return p->stopping;
}

static void
on_killer(uv_timer_t *t)
{
	struct pool *p = t->data;

	procs_signal(p->procs, SIGKILL);
}

/*
 * Start no more jobs; what waits to run is over.  With a signal number,
 * send it to every running job's group.
 */
void
pool_stop(struct pool *p, int signo)
{
	if (!p->stopping) {
		p->stopping = 1;
		jobserver_cancel(p->c.js);
		uv_timer_stop(&p->gate);
		input_stop(p->in);
		p->input_done = 1;
		if (p->drv != NULL)
			p->drv->stop(p->d);
	}
	if (signo != 0)
		procs_signal(p->procs, signo);
}

/* xpool itself failed (a message is printed): stop, exit 255. */
void
pool_fail(struct pool *p)
{
	p->error = 1;
	pool_stop(p, 0);
}

/*
 * The run cannot be trusted whole (a message is printed): it goes on, and
 * exits 255.
 */
void
pool_error(struct pool *p)
{
	p->error = 1;
}

/*
 * SIGTSTP (^Z): the jobs, each in a process group of its own, are stopped
 * with xpool and continued with it, and the time stopped does not count
 * against their --timeout.
 */
static void
suspend(struct pool *p)
{
	procs_signal_all(p->procs, SIGSTOP);
	signals_stop_self(p->sig);
	procs_signal_all(p->procs, SIGCONT);
	procs_hold_timers(p->procs);
}

static void
on_signal(void *arg, int signo)
{
	struct pool *p = arg;

	if (signo == SIGTSTP) {
		suspend(p);
		return;
	}
	if (p->signo == 0) {
		p->signo = signo;
		pool_stop(p, signo);
		return;
	}
	/* The second one: kill everything and go at once. */
	procs_kill_all(p->procs);
	sys_die_of(signo); /* make's tokens go back first */
}

/* Standard output is gone (EPIPE) or failing: end the run. */
static void
on_broken(void *arg, int err)
{
	struct pool *p = arg;

	if (p->broken)
		return;
	p->broken = 1;
	if (err == EPIPE) {
		if (p->signo == 0)
			p->signo = SIGPIPE;
	} else {
		xpool_err("cannot write to standard output: %s", strerror(err));
		p->error = 1;
	}
	output_discard(p->out);
	pool_stop(p, SIGTERM);
	uv_timer_start(&p->killer, on_killer, KILL_GRACE_MS, 0);
	uv_unref((uv_handle_t *)&p->killer);
}

/* Output caught up: read the pipes that waited for it. */
static void
on_drained(void *arg)
{
	struct pool *p = arg;

	procs_resume(p->procs);
	pool_fill(p); /* --dry-run waits for the writer too */
}

/* The temporary file for held output failed: say so once, go on in memory. */
static void
on_spill_failed(void *arg, int err)
{
	(void)arg;
	xpool_warn("cannot hold output in a temporary file (%s); keeping it "
	           "in memory (give a directory with room in --tmpdir)",
	    strerror(err));
}

/* A --files file failed (said): the output asked for cannot be given. */
static void
on_files_failed(void *arg)
{
	pool_fail(arg);
}

/* SIGCHLD: reap, and start what may start in the slots freed. */
static void
on_child(void *arg)
{
	struct pool *p = arg;

	output_batch(p->out);
	procs_reap(p->procs);
	pool_fill(p);
	output_flush(p->out);
	if (p->running == 0 && procs_alive(p->procs) == 0)
		signals_ref(p->sig, 0);
}

/* ---- the pool ---------------------------------------------------------------
 */

/* What the jobs' pipes give in one turn of the loop goes out together. */
static void
batch_begin(void *arg)
{
	struct pool *p = arg;

	output_batch(p->out);
}

static void
batch_end(void *arg)
{
	struct pool *p = arg;

	if (p->fill_soon)
		pool_fill(p);
	output_flush(p->out);
}

static void
on_input(void *arg)
{
	pool_fill(arg);
}

struct pool *
pool_new(uv_loop_t *loop, const struct pool_conf *c, struct input *in,
    struct tpl *tpl, struct spawner *sp)
{
	struct pool *p = xcalloc(1, sizeof(*p));
	struct output_conf oc = { c->mode, c->buffer, c->tmpdir, c->drop,
		on_broken, on_drained, on_spill_failed, p, c->files,
		on_files_failed, c->color, c->color_failed, c->zip, c->unzip,
		c->latest };
	size_t want = c->max_args && !c->pipe && !c->worker ? c->max_args : 0;

	p->loop = loop;
	/* First, so that libuv's threads start with these signals blocked. */
	p->sig = signals_new(loop, on_child, on_signal, p);
	p->c = *c;
	p->in = in;
	p->tpl = tpl;
	p->out = output_new(loop, &oc);
	xpool_diag_before(output_now, p->out);
	p->procs =
	    procs_new(loop, sp, &p->c.termseq, batch_begin, batch_end, p);
	input_set_ready(in, on_input, p);
	p->free_slots = xcalloc((size_t)c->jobs, sizeof(*p->free_slots));
	for (long i = 0; i < c->jobs; i++)
		p->free_slots[p->nfree++] = (unsigned long)(c->jobs - i);
	p->token = xcalloc((size_t)c->jobs + 1, sizeof(*p->token));
	p->off = xcalloc((size_t)c->jobs + 1, 1);
	for (long i = 0; i <= c->jobs; i++)
		p->token[i] = -1;

	cmdline_init(&p->lim, sysconf(_SC_ARG_MAX), sysconf(_SC_PAGESIZE),
	    spawner_env_size(sp));
	p->lim.chars = c->max_chars;
	if (c->pack) {
		cmdline_pack_init(&p->lim, tpl);
		p->lim.pack_chars = cmdline_pack_default(
		    cmdline_found_max(cmdline_max_line(&p->lim)));
	}
	batch_init(&p->batch, want, c->pack ? &p->lim : NULL, tpl);

	p->halt_status = -1;
	p->spare = -1;
	/* Records are jobs (or worker items): their count is the jobs'. */
	if ((c->max_args <= 1 || c->worker) && !c->pack)
		p->known_total = c->items;
	p->jobs_total = c->max_args > 1 && !c->worker && !c->pack
	    ? (c->items + (unsigned long)c->max_args - 1) /
	        (unsigned long)c->max_args
	    : c->items;
	/* --total-jobs: what the user says, as GNU parallel takes it. */
	if (c->total_jobs > 0)
		p->known_total = p->jobs_total = c->total_jobs;
	p->keep_cmd = c->timeout > 0 || c->timeout_pct > 0 ||
	    c->halt.when != HALT_NEVER || c->rec != NULL || c->memfree;
	uv_timer_init(loop, &p->killer);
	p->killer.data = p;
	uv_timer_init(loop, &p->gate);
	p->gate.data = p;
	return p;
}

/* The driver that runs the work; before pool_start(). */
void
pool_drive(struct pool *p, const struct pool_driver *drv, void *d)
{
	p->drv = drv;
	p->d = d;
}

/* What a job's argv may hold, for the driver's checks. */
const struct cmdline *
pool_limits(const struct pool *p)
{
	return &p->lim;
}

void
pool_start(struct pool *p)
{
	pool_fill(p);
}

void
pool_result(const struct pool *p, struct pool_result *r)
{
	r->jobs = p->seq;
	r->failed = p->failed;
	r->signo = p->signo;
	r->error = p->error;
	r->abandoned = !output_idle(p->out);
	r->halt_status = p->halt_status;
}

/* Close the pool's own handles; uv_run then finishes their callbacks. */
void
pool_close(struct pool *p)
{
	signals_close(p->sig);
	if (p->drv->close != NULL)
		p->drv->close(p->d);
	procs_close(p->procs);
	uv_close((uv_handle_t *)&p->killer, NULL);
	uv_close((uv_handle_t *)&p->gate, NULL);
	jobserver_close(p->c.js);
	output_close(p->out);
}

void
pool_free(struct pool *p)
{
	if (p == NULL)
		return;
	if (p->drv != NULL && p->drv->free != NULL)
		p->drv->free(p->d);
	xpool_diag_before(NULL, NULL);
	signals_free(p->sig);
	procs_free(p->procs);
	output_free(p->out);
	batch_free(&p->batch);
	fields_free(&p->f);
	buf_free(&p->tagbuf);
	while (p->retags != NULL) {
		struct retag *r = p->retags;

		p->retags = r->next;
		retag_free(r);
	}
	free(p->free_slots);
	free(p->token);
	free(p->off);
	free(p);
}
