/*
 * pool.c -- slots, jobs and their processes on the event loop.
 *
 * A job's life: records are gathered (one, -n N of them, or as many as the
 * argument limit takes with -X/-m), the command is built, two pipes are made
 * and the process is started in its own process group.  Its pipes are
 * watched in one epoll set (watch.c) and read into output.c.  SIGCHLD, read
 * from a signalfd, says a child exited; waitid(WNOWAIT) names it without
 * reaping it, so that the pipes can be drained and whatever the job left
 * running in its process group can be sent SIGTERM while the group id is
 * still reserved; then it is reaped.
 *
 * Jobs are reaped by pid, never with a bare wait(): xpool's only children
 * are its jobs, but their pids are what identifies them.
 *
 * --worker jobs are fed items by worker.c; the structures both share are
 * in pool_impl.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "cmdline.h"
#include "diag.h"
#include "killseq.h"
#include "policy.h"
#include "pool.h"
#include "pool_impl.h"
#include "throttle.h"
#include "xmalloc.h"

#define READ_SIZE (64 * 1024)
#define READS_PER_WAKEUP 4
#define DRAIN_READS 32
#define BIG_PIPE (1024 * 1024)
#define RETRY_MS 100

/* ---- system limits ----------------------------------------------------- */

/* One cgroup level's cpu.max: the smallest quota so far, in CPUs. */
static void
cpu_level(const char *dir, void *arg)
{
	long *best = arg, quota, period;
	char file[4200];
	FILE *m;

	snprintf(file, sizeof(file), "%s/cpu.max", dir);
	if ((m = fopen(file, "r")) == NULL)
		return;
	if (fscanf(m, "%ld %ld", &quota, &period) == 2 && period > 0 &&
	    quota > 0) {
		long n = (quota + period - 1) / period;

		if (*best == 0 || n < *best)
			*best = n;
	}
	fclose(m);
}

/* The cgroup v2 CPU quota of this process, in CPUs, or 0 for none. */
static long
cgroup_cpus(void)
{
	long best = 0;

	throttle_cgroup_walk(cpu_level, &best);
	return best;
}

/* The CPUs this process may use: its affinity mask and cgroup quota. */
long
pool_usable_cpus(void)
{
	cpu_set_t set;
	long n = 0, q;

	if (sched_getaffinity(0, sizeof(set), &set) == 0)
		n = CPU_COUNT(&set);
	if (n <= 0)
		n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n <= 0)
		n = 1;
	q = cgroup_cpus();
	if (q > 0 && q < n)
		n = q;
	return n;
}

/* "As many as possible": each running job holds about four descriptors. */
long
pool_max_jobs(void)
{
	struct rlimit rl;
	long n = 1024;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
		n = ((long)rl.rlim_cur - 32) / 4;
	if (n > 32768)
		n = 32768;
	return n < 1 ? 1 : n;
}

/* ---- records ----------------------------------------------------------- */

static void
recset_add(struct recset *r, const struct record *rec)
{
	if (r->nrec == 0) {
		r->line = rec->line;
		r->bad = NULL;
	}
	if (rec->bad != NULL)
		r->bad = rec->bad;
	for (size_t i = 0; i < rec->nfield; i++) {
		if (r->n == r->cap) {
			r->cap = r->cap ? r->cap * 2 : 16;
			r->off = xreallocarray(r->off, r->cap, sizeof(size_t));
			r->len = xreallocarray(r->len, r->cap, sizeof(size_t));
		}
		r->off[r->n] = r->bytes.len;
		r->len[r->n++] = rec->flen[i];
		buf_add(&r->bytes, rec->field[i], rec->flen[i]);
		buf_addc(&r->bytes, '\0');
	}
	r->nrec++;
}

void
pool_recset_clear(struct recset *r)
{
	buf_reset(&r->bytes);
	r->n = r->nrec = 0;
	r->bad = NULL;
	r->alone = 0;
}

static void
recset_free(struct recset *r)
{
	buf_free(&r->bytes);
	free(r->off);
	free(r->len);
}

/* The values a job substitutes, pointing into r. */
void
pool_make_vals(struct pool *p, const struct recset *r, struct tpl_vals *v,
    unsigned long seq, unsigned long slot)
{
	if (r->n > p->fcap) {
		p->fcap = r->n;
		p->field = xreallocarray(p->field, p->fcap, sizeof(char *));
		p->flen = xreallocarray(p->flen, p->fcap, sizeof(size_t));
	}
	for (size_t i = 0; i < r->n; i++) {
		p->field[i] = r->bytes.data + r->off[i];
		p->flen[i] = r->len[i];
	}
	v->field = p->field;
	v->flen = p->flen;
	v->nfield = p->c.pipe ? 0 : r->n; /* --pipe: the block is stdin */
	v->seq = seq;
	v->slot = slot;
}

static int gather_more(struct pool *);

/*
 * Gather the records of the next job into p->args.  Returns 1 when a job
 * is ready (and stays so until start_job() takes it), or INPUT_WAIT,
 * INPUT_EOF, INPUT_ERROR.
 */
int
pool_gather(struct pool *p)
{
	int r;

	if (p->job_ready)
		return 1;
	if ((r = gather_more(p)) == 1)
		p->job_ready = 1;
	return r;
}

static int
gather_more(struct pool *p)
{
	size_t want = p->c.pack ? SIZE_MAX
	    : p->c.max_args && !p->c.pipe && !p->c.worker
	    ? (size_t)p->c.max_args
	    : 1;
	struct record rec;
	int r;

	if (p->args.nrec == 0 && p->have_carry) {
		struct recset t = p->args;

		p->args = p->carry;
		p->carry = t;
		p->have_carry = 0;
		if (p->c.pack) {
			struct tpl_vals v;

			pool_make_vals(p, &p->args, &v, 0, 0);
			cmdline_pack(
			    &p->lim, p->tpl, v.field, v.flen, v.nfield, 1);
		}
	}
	if (p->args.bad != NULL || p->args.alone)
		return 1;
	while (p->args.nrec < want) {
		int verdict = CMD_FITS;

		if (p->input_done) {
			r = INPUT_EOF;
		} else {
			r = input_next(p->in, &rec);
			if (r == INPUT_EOF || r == INPUT_ERROR)
				p->input_done = 1;
		}
		if (r == INPUT_ERROR) {
			p->error = 1;
			pool_stop(p, 0);
			return r;
		}
		if (r != INPUT_RECORD) {
			if (p->args.nrec > 0 && r == INPUT_EOF)
				return 1;
			return r;
		}
		if (p->c.pack)
			verdict = cmdline_pack(&p->lim, p->tpl, rec.field,
			    rec.flen, rec.nfield, p->args.nrec == 0);
		if (rec.bad != NULL)
			verdict = CMD_ALONE;
		if (verdict != CMD_FITS && p->args.nrec > 0) {
			/* It starts the next job. */
			pool_recset_clear(&p->carry);
			recset_add(&p->carry, &rec);
			p->carry.alone = verdict == CMD_ALONE;
			p->have_carry = 1;
			return 1;
		}
		recset_add(&p->args, &rec);
		if (verdict == CMD_ALONE)
			return 1;
	}
	return 1;
}

/* ---- jobs ---------------------------------------------------------------- */

static void
hash_add(struct pool *p, struct job *j)
{
	size_t h = (size_t)j->pid & p->hmask;

	j->hnext = p->hash[h];
	p->hash[h] = j;
}

static struct job *
hash_find(struct pool *p, pid_t pid)
{
	for (struct job *j = p->hash[(size_t)pid & p->hmask]; j != NULL;
	     j = j->hnext)
		if (j->pid == pid)
			return j;
	return NULL;
}

static void
hash_del(struct pool *p, struct job *j)
{
	struct job **jp = &p->hash[(size_t)j->pid & p->hmask];

	while (*jp != j)
		jp = &(*jp)->hnext;
	*jp = j->hnext;
}

/* A process started in a free slot: running, found by its pid. */
static void
job_register(struct pool *p, struct job *j)
{
	p->nfree--;
	if (p->running++ == 0)
		uv_ref((uv_handle_t *)&p->sigpoll);
	j->next = p->jobs;
	if (p->jobs)
		p->jobs->prev = j;
	p->jobs = j;
	hash_add(p, j);
	j->token = p->spare;
	p->spare = -1;
	if (p->c.th != NULL)
		throttle_started(p->c.th, uv_now(p->loop));
}

void
pool_job_maybe_free(struct job *j)
{
	if (j->ended && j->handles == 0) {
		buf_free(&j->wline);
		buf_free(&j->wbuf);
		free(j->cmdtext);
		recset_free(&j->args);
		free(j);
	}
}

static void
stream_close(struct pstream *s)
{
	if (s->fd < 0)
		return;
	watch_stop(s->job->pool->watch, &s->w);
	close(s->fd);
	s->fd = -1;
}

/* Watch the stream's pipe, non-blocking, with cb. */
static void
stream_watch(struct pstream *s, void (*cb)(struct watch_fd *), int out)
{
	int on = 1;

	if (s->w.cb != cb) {
		s->w.fd = s->fd;
		s->w.cb = cb;
		s->w.data = s;
		if (ioctl(s->fd, FIONBIO, &on) != 0)
			xpool_bug("cannot make a pipe non-blocking: %s",
			    strerror(errno));
	}
	watch_start(s->job->pool->watch, &s->w, out);
}

/*
 * Read what the pipe holds now; returns -1 once it reached EOF.  drain:
 * the writer has exited, read until EOF (or limit reads).
 */
static int
stream_read(struct pstream *s, int limit, int drain)
{
	struct job *j = s->job;
	struct pool *p = j->pool;

	for (int i = 0; limit == 0 || i < limit; i++) {
		ssize_t n = read(s->fd, p->scratch, READ_SIZE);

		if (n > 0 && j->worker) {
			worker_read(j, s->which, p->scratch, (size_t)n);
		} else if (n > 0) {
			output_add(j->oj, s->which, p->scratch, (size_t)n);
			if (j->rj != NULL)
				records_output(
				    j->rj, s->which, p->scratch, (size_t)n);
		}
		if (n > 0) {
			/*
			 * A short read emptied the pipe: poll says when there
			 * is more, which spares a read that would fail with
			 * EAGAIN (one per line for a worker).  Draining goes
			 * on to the end.
			 */
			if ((size_t)n < READ_SIZE && !drain)
				return 0;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		stream_close(s); /* EOF, or an error that ends it too */
		return -1;
	}
	return 0;
}

/* The pipe has something (or an error, which the read returns). */
static void
stream_cb(struct watch_fd *f)
{
	struct pstream *s = f->data;
	struct job *j = s->job;
	struct pool *p = j->pool;

	if (stream_read(s, READS_PER_WAKEUP, 0) == 0 && j->oj != NULL &&
	    output_live(j->oj) && output_congested(p->out)) {
		watch_stop(p->watch, &s->w);
		s->paused = 1;
	}
}

/* Output caught up: read the streams that waited for it. */
static void
on_drained(void *arg)
{
	struct pool *p = arg;

	for (struct job *j = p->jobs; j != NULL; j = j->next)
		for (int i = 0; i < 2; i++)
			if (j->s[i].paused && j->s[i].fd >= 0) {
				j->s[i].paused = 0;
				watch_start(p->watch, &j->s[i].w, 0);
			}
	pool_fill(p); /* --dry-run waits for the writer too */
}

static void job_killed_timeout(uv_timer_t *);

/* The --timeout of a job, in milliseconds from its start, or 0 for none. */
uint64_t
pool_timeout_ms(struct pool *p)
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

/*
 * Start the job's one timer (set up on first use): its --timeout, or a
 * worker's clock.  Timers count from the loop's clock, so it is updated.
 */
void
pool_job_timer(struct pool *p, struct job *j, uv_timer_cb cb, uint64_t ms)
{
	if (!j->timed) {
		uv_timer_init(p->loop, &j->timer);
		j->timer.data = j;
		j->timed = 1;
		j->handles++;
	}
	uv_update_time(p->loop);
	uv_timer_start(&j->timer, cb, ms, 0);
}

static void
arm_timeout(struct pool *p, struct job *j)
{
	uint64_t ms = pool_timeout_ms(p), ran;

	if (ms == 0 || j->timed || j->ended)
		return;
	ran = (uv_hrtime() - j->t0) / 1000000;
	pool_job_timer(p, j, job_killed_timeout, ms > ran ? ms - ran : 0);
}

static void
timer_closed(uv_handle_t *h)
{
	struct job *j = h->data;

	j->handles--;
	pool_job_maybe_free(j);
}

/* A job ran past --timeout: end its group with the --termseq. */
static void
job_killed_timeout(uv_timer_t *t)
{
	struct job *j = t->data;
	struct pool *p = j->pool;
	struct buf b = BUF_INIT;

	if (j->ended || j->killed)
		return;
	j->killed = KILLED_TIMEOUT;
	buf_printf(&b, "xpool: job %lu timed out after %gs", j->seq,
	    (double)pool_timeout_ms(p) / 1000);
	if (j->cmdtext != NULL)
		buf_printf(&b, ": %s", j->cmdtext);
	buf_addc(&b, '\n');
	output_note(j->oj, 1, b.data, b.len);
	buf_free(&b);
	killer_start(p->ender, j->pid, 0);
}

/*
 * --halt's condition holds: stop, and with "now" end the running jobs.
 * The exit status is GNU parallel's: after fail=1 the failed job's own
 * status, after fail=P% the percentage of jobs that failed (of total), after
 * success 0, otherwise the usual count of failed jobs.
 */
static void
halt(struct pool *p, unsigned long seq, int status, const char *cmd,
    unsigned long total)
{
	static const char *const whys[] = { "failed", "succeeded", "ended" };
	const struct halt *h = &p->c.halt;
	struct buf b = BUF_INIT;

	p->halted = 1;
	p->halt_status = -1;
	if (h->why == HALT_SUCCESS)
		p->halt_status = 0;
	else if (h->why == HALT_FAIL && h->percent)
		p->halt_status =
		    (int)((p->failed * 100 + total - 1) / (total ? total : 1));
	else if (h->why == HALT_FAIL && h->count == 1)
		p->halt_status = status > 0 ? status : 1;
	buf_printf(&b, "job %lu %s", seq, whys[h->why]);
	if (h->why == HALT_FAIL && status > 0)
		buf_printf(&b, " (status %d)", status);
	if (cmd != NULL)
		buf_printf(&b, ": %s", cmd);
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
		for (struct job *j = p->jobs; j != NULL; j = j->next)
			if (!j->killed) {
				j->killed = KILLED_HALT;
				killer_start(p->ender, j->pid, 0);
			}
}

double
pool_time_of_day(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Tell the progress display where the run is. */
void
pool_show_progress(struct pool *p)
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

/* Write a job's records (joblog, results, JUnit). */
void
pool_job_record(struct pool *p, struct rec_job *rj, const char *cmd,
    const struct rec_end *e0)
{
	struct rec_end e = *e0;

	if (rj == NULL)
		return;
	e.command = cmd != NULL ? cmd : "";
	e.command_len = strlen(e.command);
	if (records_end(p->c.rec, rj, &e) != 0)
		p->error = 1;
}

/* A job is over for good: count it, and see whether to halt. */
void
pool_job_counted(struct pool *p, unsigned long seq, int status, double runtime,
    const char *cmd)
{
	unsigned long total = p->known_total         ? p->known_total
	    : p->input_done && p->retry_head == NULL ? p->seq
	                                             : 0;
	int why = p->c.halt.why;

	if (status != 0)
		p->failed++;
	else
		p->succeeded++;
	/* Only --timeout P% asks for the median. */
	if (status == 0 && p->c.timeout_pct > 0) {
		runtimes_add(&p->runtimes, runtime);
		if (p->runtimes.n == 3)
			for (struct job *j = p->jobs; j != NULL; j = j->next)
				arm_timeout(p, j);
	}
	/* A failure can only meet fail=, a success success=. */
	if (!p->halted &&
	    (why == HALT_DONE || (why == HALT_FAIL) == (status != 0)) &&
	    halt_reached(&p->c.halt, p->failed, p->succeeded, total))
		halt(p, seq, status, cmd,
		    total ? total : p->failed + p->succeeded);
	pool_show_progress(p);
}

/*
 * A job that never ran: say why in its own output, record it with the
 * command in cmd (or NULL), and count it.
 */
static void
job_fail_early(struct pool *p, struct ojob *oj, const char *msg, int status,
    const struct tpl_vals *v, const char *cmd)
{
	struct buf b = BUF_INIT;
	struct rec_end e;

	buf_printf(&b, "xpool: %s\n", msg);
	output_note(oj, 1, b.data, b.len);
	output_end(oj);
	if (p->c.rec != NULL) {
		struct rec_job *rj = records_begin(p->c.rec, p->seq,
		    (const char *const *)v->field, v->flen, v->nfield);

		if (rj != NULL)
			records_output(rj, 1, b.data, b.len);
		else
			p->error = 1; /* the message is printed */
		memset(&e, 0, sizeof(e));
		e.start = pool_time_of_day();
		e.exitval = status;
		pool_job_record(p, rj, cmd, &e);
	}
	buf_free(&b);
	pool_job_counted(p, p->seq, status, 0, cmd);
}

/* Queue a failed job to be run again, with its records and output slot. */
static void
retry_later(struct pool *p, struct job *j, int status)
{
	struct retry *re = xcalloc(1, sizeof(*re));

	re->seq = j->seq;
	re->oj = j->oj;
	re->tries = j->tries;
	re->status = status;
	re->args = j->args;
	memset(&j->args, 0, sizeof(j->args));
	output_reset(j->oj);
	if (p->retry_tail)
		p->retry_tail->next = re;
	else
		p->retry_head = re;
	p->retry_tail = re;
}

static void init_ended(struct pool *, struct job *, int);

static void
job_ended(struct pool *p, struct job *j, int status, int exitval, int signo)
{
	double runtime = (double)(uv_hrtime() - j->t0) / 1e9;
	struct rec_end e;

	hash_del(p, j);
	if (j->prev)
		j->prev->next = j->next;
	else
		p->jobs = j->next;
	if (j->next)
		j->next->prev = j->prev;
	p->free_slots[p->nfree++] = j->slot;
	if (j->token >= 0) {
		jobserver_give(p->c.js, j->token);
		j->token = -1;
	}
	if (--p->running == 0)
		uv_unref((uv_handle_t *)&p->sigpoll);
	stream_close(&j->s[0]);
	stream_close(&j->s[1]);
	stream_close(&j->in);
	if (j->init) {
		init_ended(p, j, status);
		return;
	}
	if (j->timed) {
		uv_close((uv_handle_t *)&j->timer, timer_closed);
		j->timed = 0;
	}
	if (j->worker) {
		worker_ended(p, j, status, signo);
		return;
	}
	if (j->killed && status == 0)
		status = 1; /* it was ended: whatever it said, it failed */
	if (status != 0 && j->tries < p->c.retries && !p->stopping &&
	    j->killed != KILLED_HALT) {
		if (j->rj != NULL)
			records_drop(p->c.rec, j->rj);
		retry_later(p, j, status);
	} else {
		output_end(j->oj);
		memset(&e, 0, sizeof(e));
		e.start = j->start;
		e.runtime = runtime;
		e.exitval = exitval;
		e.signo = signo;
		e.send = j->inoff;
		e.killed = j->killed != KILLED_NONE;
		e.reason = j->killed == KILLED_TIMEOUT ? "timeout"
		    : j->killed == KILLED_HALT         ? "halt"
		    : j->killed == KILLED_MEMFREE      ? "memfree"
		                                       : NULL;
		pool_job_record(p, j->rj, j->cmdtext, &e);
		pool_job_counted(p, j->seq, status, runtime, j->cmdtext);
	}
	j->rj = NULL;
	j->ended = 1;
	pool_job_maybe_free(j);
}

/* A child exited (not yet reaped): finish its job. */
static void
job_exited(struct pool *p, struct job *j)
{
	int st;

	/*
	 * Leftovers in its group get SIGTERM first (the zombie keeps the
	 * group id reserved), so that one that keeps writing cannot keep
	 * the drain going: what the job itself wrote is all in the pipe, and
	 * a pipe holds far less than DRAIN_READS reads.
	 */
	kill(-j->pid, SIGTERM);
	for (int i = 0; i < 2; i++)
		if (j->s[i].fd >= 0)
			stream_read(&j->s[i], DRAIN_READS, 1);
	while (waitpid(j->pid, &st, 0) < 0 && errno == EINTR)
		;
	/*
	 * Leftovers that outlive the SIGTERM get the rest of the --termseq:
	 * nothing a job started outlives it for long.
	 */
	if (j->killed)
		killer_reaped(p->ender, j->pid);
	else if (kill(-j->pid, 0) == 0)
		killer_start(p->ender, j->pid, 1);
	if (WIFEXITED(st))
		job_ended(p, j, WEXITSTATUS(st), WEXITSTATUS(st), 0);
	else
		job_ended(p, j, 128 + WTERMSIG(st), 0, WTERMSIG(st));
}

/* Reap every job that has ended. */
static void
reap(struct pool *p)
{
	siginfo_t si;

	output_batch(p->out);
	for (;;) {
		struct job *j;

		memset(&si, 0, sizeof(si));
		if (waitid(P_ALL, 0, &si, WEXITED | WNOHANG | WNOWAIT) != 0 ||
		    si.si_pid == 0)
			break;
		if ((j = hash_find(p, si.si_pid)) == NULL) {
			/* Not a job: reap it so that it cannot loop here. */
			waitpid(si.si_pid, NULL, 0);
			continue;
		}
		job_exited(p, j);
	}
	pool_fill(p);
	output_flush(p->out);
}

static void
close_fd(int fd)
{
	if (fd >= 0)
		close(fd);
}

static int
make_pipe(int fds[2])
{
	if (pipe2(fds, O_CLOEXEC) != 0)
		return errno;
	return 0;
}

/* Explain a failed start; returns the job's status, or 0 to try again. */
static int
spawn_error(const char *prog, int err, struct buf *msg)
{
	switch (err) {
	case ENOENT:
		buf_printf(msg, "%s: command not found", prog);
		return 127;
	case EACCES:
	case EPERM:
		buf_printf(
		    msg, "%s: permission denied; is it executable?", prog);
		return 126;
	case E2BIG:
		buf_printf(msg,
		    "%s: the system refused the argument list as too long; "
		    "give fewer or shorter items per command (-n)",
		    prog);
		return 126;
	case EAGAIN:
	case ENOMEM:
	case EMFILE:
	case ENFILE:
		return 0;
	default:
		buf_printf(msg, "%s: cannot run: %s", prog, strerror(err));
		return 126;
	}
}

static void
on_retry(uv_timer_t *t)
{
	pool_fill(t->data);
}

/* Register the job's output, with its tag rendered from its values. */
struct ojob *
pool_new_ojob(struct pool *p, const struct tpl_vals *v)
{
	struct ojob *oj;

	p->seq++;
	if (p->c.tag == NULL)
		oj = output_job(p->out, NULL, 0);
	else {
		buf_reset(&p->tagbuf);
		tpl_render(p->c.tag, v, &p->tagbuf);
		oj = output_job(p->out, p->tagbuf.data, p->tagbuf.len);
	}
	/* A job that may be run again shows only its last try. */
	if (p->c.retries > 1)
		output_defer(oj);
	return oj;
}

/*
 * Start a process for the command in p->cmd.  Returns the job, or NULL
 * with *status set: 0 when resources are short (try again later), else the
 * status of a job that cannot run, with the reason in p->why.
 */
struct job *
pool_launch(struct pool *p, unsigned long seq, unsigned long slot, int *status,
    int *err)
{
	int out[2] = { -1, -1 }, errp[2] = { -1, -1 }, in[2] = { -1, -1 }, r;
	struct job *j;

	*status = 0;
	if (p->c.pipe || p->c.worker) {
		if ((r = make_pipe(in)) != 0) {
			*err = r;
			return NULL;
		}
		/* xpool's own end of its own pipe: non-blocking is safe. */
		(void)ioctl(in[1], FIONBIO, &(int){ 1 });
	}
	if (!p->c.ungroup) {
		if ((r = make_pipe(out)) != 0) {
			close_fd(in[0]);
			close_fd(in[1]);
			*err = r;
			return NULL;
		}
		/* A roomier pipe for a job whose output may stream. */
		if (p->running == 0 || p->c.mode == OUT_LINES)
			(void)fcntl(out[0], F_SETPIPE_SZ, BIG_PIPE);
		if ((r = make_pipe(errp)) != 0) {
			close(out[0]);
			close(out[1]);
			close_fd(in[0]);
			close_fd(in[1]);
			*err = r;
			return NULL;
		}
	}
	j = xcalloc(1, sizeof(*j));
	r = spawner_run(p->sp, p->cmd.argv, in[0],
	    p->c.ungroup ? STDOUT_FILENO : out[1],
	    p->c.ungroup ? STDERR_FILENO : errp[1], seq, slot, &j->pid);
	close_fd(in[0]);
	close_fd(out[1]);
	close_fd(errp[1]);
	if (r != 0) {
		close_fd(in[1]);
		close_fd(out[0]);
		close_fd(errp[0]);
		free(j);
		buf_reset(&p->why);
		*status = spawn_error(p->cmd.argv[0], r, &p->why);
		*err = r;
		return NULL;
	}
	j->t0 = uv_hrtime();
	j->pool = p;
	j->seq = seq;
	j->slot = slot;
	j->tries = 1;
	job_register(p, j);

	j->s[0].fd = out[0];
	j->s[1].fd = errp[0];
	j->in.fd = in[1];
	j->in.job = j;
	j->in.which = 2;
	for (int i = 0; i < 2; i++) {
		struct pstream *s = &j->s[i];

		s->job = j;
		s->which = i;
		if (s->fd >= 0) /* -u: the job writes to xpool's own fd */
			stream_watch(s, stream_cb, 0);
	}
	if (!p->c.worker)
		arm_timeout(p, j); /* a worker's timeout is per item */
	return j;
}

/* Resources are short: try again shortly; jobs that end free some. */
void
pool_retry_soon(struct pool *p, int err)
{
	if (p->running == 0 && !uv_is_active((uv_handle_t *)&p->retry))
		xpool_warn(
		    "cannot start a job (%s); trying again", strerror(err));
	uv_timer_start(&p->retry, on_retry, RETRY_MS, 0);
}

/* The job's stdin has room (or an error, which the write returns). */
static void
feed_cb(struct watch_fd *f)
{
	struct pstream *s = f->data;

	pool_feed(s->job);
}

/*
 * Write the job's stdin: a --pipe job's block, or what waits for a worker.
 * As much as the pipe takes now, the rest when it has room.  A --pipe job's
 * stdin is then closed, so it sees the end; a worker's only when asked.
 */
void
pool_feed(struct job *j)
{
	struct pstream *s = &j->in;
	const struct recset *r = &j->args;
	const char *data;
	size_t len, *off;

	if (j->worker) {
		data = j->wbuf.data;
		len = j->wbuf.len;
		off = &j->woff;
	} else {
		data = r->n > 0 ? r->bytes.data + r->off[0] : "";
		len = r->n > 0 ? r->len[0] : 0;
		off = &j->inoff;
	}
	while (s->fd >= 0 && *off < len) {
		ssize_t n = write(s->fd, data + *off, len - *off);

		if (n > 0) {
			*off += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN) {
			/* Full: write again when it has room. */
			stream_watch(s, feed_cb, 1);
			return;
		}
		break; /* EPIPE: it does not read the rest */
	}
	if (j->worker) {
		buf_reset(&j->wbuf);
		j->woff = 0;
		watch_stop(j->pool->watch, &s->w);
		if (!j->wclose)
			return;
	}
	stream_close(s);
}

/*
 * What a job keeps after its start: its command, its records, and what
 * --joblog, --results and --junit need.
 */
static void
job_keep(
    struct pool *p, struct job *j, struct recset *r, const struct tpl_vals *v)
{
	j->start = pool_time_of_day();
	p->started++;
	if (p->c.rec != NULL &&
	    (j->rj = records_begin(p->c.rec, j->seq,
	         (const char *const *)v->field, v->flen, v->nfield)) == NULL &&
	    !p->error) {
		p->error = 1;
		pool_stop(p, 0);
	}
	pool_show_progress(p);
	if (p->keep_cmd && p->cmdline.len > 0)
		j->cmdtext = xstrndup(p->cmdline.data, p->cmdline.len);
	if (p->c.retries > 1 || p->c.pipe) {
		j->args = *r;
		memset(r, 0, sizeof(*r));
	} else
		pool_recset_clear(r);
	if (p->c.pipe)
		pool_feed(j);
}

/* -v: the job's command on its stderr. */
static void
note_cmd(struct pool *p, struct ojob *oj)
{
	if (!p->c.verbose)
		return;
	buf_addc(&p->cmdline, '\n');
	output_note(oj, 1, p->cmdline.data, p->cmdline.len);
	p->cmdline.data[--p->cmdline.len] = '\0';
}

/* The job's command as text, when it was rendered. */
static const char *
cmd_text(struct pool *p)
{
	return p->cmdline.len > 0 ? p->cmdline.data : NULL;
}

/*
 * Start the job whose records are in p->args.  Returns 0 when the pool
 * should go on, -1 when it must wait (resources are short).
 */
static int
start_job(struct pool *p)
{
	struct tpl_vals v;
	struct ojob *oj;
	struct job *j;
	struct buf *msg = &p->msg, *why = &p->why;
	int status, err;
	unsigned long slot = p->c.dry_run ? 1 : p->free_slots[p->nfree - 1];

	buf_reset(msg);
	buf_reset(&p->cmdline);
	p->job_ready = 0; /* taken, unless resources are short below */
	if (p->c.skip != NULL && seqset_has(p->c.skip, p->seq + 1)) {
		/* --resume: done in an earlier run. */
		p->seq++;
		p->skipped++;
		pool_recset_clear(&p->args);
		return 0;
	}
	pool_make_vals(p, &p->args, &v, p->seq + 1, slot);
	if (p->args.bad != NULL) {
		oj = pool_new_ojob(p, &v);
		buf_printf(msg,
		    "input item %lu %s and cannot be passed to a command; "
		    "use -0 for NUL-separated items",
		    p->args.line, p->args.bad);
		job_fail_early(p, oj, msg->data, 1, &v, NULL);
		pool_recset_clear(&p->args);
		return 0;
	}
	tpl_expand(p->tpl, &v, &p->cmd);
	if (p->c.dry_run || p->c.verbose || p->keep_cmd)
		tpl_render(p->tpl, &v, &p->cmdline);
	if (p->c.dry_run) {
		oj = pool_new_ojob(p, &v);
		buf_addc(&p->cmdline, '\n');
		output_note(oj, 0, p->cmdline.data, p->cmdline.len);
		output_end(oj);
		pool_recset_clear(&p->args);
		return 0;
	}
	buf_reset(why);
	if (cmdline_check(&p->lim, &p->cmd, why) != 0) {
		oj = pool_new_ojob(p, &v);
		note_cmd(p, oj);
		buf_printf(msg, "job %lu: %s", p->seq, why->data);
		job_fail_early(p, oj, msg->data, 126, &v, cmd_text(p));
		pool_recset_clear(&p->args);
		return 0;
	}
	if ((j = pool_launch(p, p->seq + 1, slot, &status, &err)) == NULL) {
		if (status == 0) {
			p->job_ready = 1;
			pool_retry_soon(p, err);
			return -1;
		}
		oj = pool_new_ojob(p, &v);
		note_cmd(p, oj);
		job_fail_early(p, oj, why->data, status, &v, cmd_text(p));
		pool_recset_clear(&p->args);
		return 0;
	}
	j->oj = pool_new_ojob(p, &v);
	note_cmd(p, j->oj);
	job_keep(p, j, &p->args, &v);
	return 0;
}

/*
 * Run a failed job again, in its place in the output.  Returns 0, or -1
 * when resources are short.
 */
static int
start_retry(struct pool *p)
{
	struct retry *re = p->retry_head;
	struct tpl_vals v;
	struct job *j;
	int status, err;
	unsigned long slot = p->free_slots[p->nfree - 1];

	pool_make_vals(p, &re->args, &v, re->seq, slot);
	tpl_expand(p->tpl, &v, &p->cmd);
	buf_reset(&p->cmdline);
	if (p->c.verbose || p->keep_cmd)
		tpl_render(p->tpl, &v, &p->cmdline);
	if ((j = pool_launch(p, re->seq, slot, &status, &err)) == NULL &&
	    status == 0) {
		pool_retry_soon(p, err);
		return -1;
	}
	p->retry_head = re->next;
	if (p->retry_head == NULL)
		p->retry_tail = NULL;
	if (j == NULL) {
		note_cmd(p, re->oj);
		output_end(re->oj);
		xpool_err("job %lu: %s", re->seq, p->why.data);
		pool_job_counted(p, re->seq, status, 0, cmd_text(p));
	} else {
		j->oj = re->oj;
		j->tries = re->tries + 1;
		note_cmd(p, j->oj);
		job_keep(p, j, &re->args, &v);
	}
	recset_free(&re->args);
	free(re);
	return 0;
}

/*
 * --init: run the slot's init command before its first job, with the
 * slot's {%}; its output goes to xpool's standard error.  Returns 0 when it
 * started (the slot is busy until it ends), -1 when resources are short.
 */
static int
start_init(struct pool *p)
{
	unsigned long slot = p->free_slots[p->nfree - 1];
	struct tpl_vals v;
	struct job *j = xcalloc(1, sizeof(*j));
	int r;

	memset(&v, 0, sizeof(v));
	v.slot = slot;
	tpl_expand(p->c.init, &v, &p->initcmd);
	r = spawner_run(p->sp, p->initcmd.argv, -1, STDERR_FILENO,
	    STDERR_FILENO, 0, slot, &j->pid);
	if (r != 0) {
		free(j);
		buf_reset(&p->why);
		if (spawn_error(p->initcmd.argv[0], r, &p->why) == 0) {
			pool_retry_soon(p, r);
			return -1;
		}
		xpool_err("--init cannot run in slot %lu: %s; stopping", slot,
		    p->why.data);
		p->error = 1;
		pool_stop(p, 0);
		return -1;
	}
	j->pool = p;
	j->slot = slot;
	j->init = 1;
	j->t0 = uv_hrtime();
	j->s[0].fd = j->s[1].fd = j->in.fd = -1;
	job_register(p, j);
	return 0;
}

/* A slot's --init ended: the slot is ready, or the run stops. */
static void
init_ended(struct pool *p, struct job *j, int status)
{
	if (status == 0)
		p->slot_ready[j->slot] = 1;
	else if (!p->stopping) {
		struct buf b = BUF_INIT;

		tpl_render(
		    p->c.init, &(struct tpl_vals){ .slot = j->slot }, &b);
		xpool_err("--init failed in slot %lu with status %d: %s; "
		          "stopping",
		    j->slot, status, b.data);
		buf_free(&b);
		p->error = 1;
		pool_stop(p, 0);
	}
	j->ended = 1;
	pool_job_maybe_free(j);
}

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
 * May a process start now?  --delay, --load and --memfree may say "not
 * yet" (a timer asks again); under a jobserver it needs a token, and
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
	if (p->c.js != NULL && p->spare < 0 &&
	    (p->spare = jobserver_take(p->c.js)) < 0) {
		jobserver_wait(p->c.js, on_token, p);
		return 0;
	}
	return 1;
}

/* A token taken for a start that did not happen goes back at once. */
void
pool_give_spare(struct pool *p)
{
	if (p->spare >= 0) {
		jobserver_give(p->c.js, p->spare);
		p->spare = -1;
	}
}

/* Start jobs while there are free slots and records. */
void
pool_fill(struct pool *p)
{
	if (p->filling)
		return;
	p->filling = 1;
	/* Waiting for a token again only if a start below needs one. */
	jobserver_cancel(p->c.js);
	if (p->c.worker) {
		worker_fill(p);
		p->filling = 0;
		pool_show_progress(p);
		return;
	}
	while (!p->stopping && (p->c.dry_run || p->nfree > 0)) {
		int r;

		if (p->c.dry_run && output_congested(p->out))
			break;
		if (uv_is_active((uv_handle_t *)&p->retry))
			break;
		if (p->c.init != NULL && !p->c.dry_run &&
		    !p->slot_ready[p->free_slots[p->nfree - 1]]) {
			/* Only when there is a job for the slot to run. */
			if (p->retry_head == NULL && (r = pool_gather(p)) != 1)
				break;
			if (!pool_may_start(p) || start_init(p) != 0)
				break;
			continue;
		}
		if (p->retry_head != NULL) {
			if (!pool_may_start(p) || start_retry(p) != 0)
				break;
			continue;
		}
		if ((r = pool_gather(p)) != 1)
			break;
		if (!p->c.dry_run && !pool_may_start(p))
			break;
		if (start_job(p) != 0)
			break;
	}
	pool_give_spare(p);
	p->filling = 0;
	pool_show_progress(p); /* the input may have just ended: a total */
}

static void
on_input(void *arg)
{
	pool_fill(arg);
}

/* ---- stopping ------------------------------------------------------------ */

static void
signal_groups(struct pool *p, int signo)
{
	for (struct job *j = p->jobs; j != NULL; j = j->next)
		kill(-j->pid, signo);
}

static void
on_killer(uv_timer_t *t)
{
	signal_groups(t->data, SIGKILL);
}

/*
 * Start no more jobs.  With a signal number, send it to every running
 * job's group (and SIGKILL after a grace period, for a closed stdout).
 */
void
pool_stop(struct pool *p, int signo)
{
	if (!p->stopping) {
		p->stopping = 1;
		jobserver_cancel(p->c.js);
		uv_timer_stop(&p->gate);
		uv_timer_stop(&p->memwatch);
		input_stop(p->in);
		p->input_done = 1;
		uv_timer_stop(&p->retry);
		/* Jobs waiting to be run again are failures now. */
		while (p->retry_head != NULL) {
			struct retry *re = p->retry_head;

			p->retry_head = re->next;
			output_end(re->oj);
			pool_job_counted(p, re->seq, re->status, 0, NULL);
			recset_free(&re->args);
			free(re);
		}
		p->retry_tail = NULL;
		while (p->wq != NULL) {
			struct witem *it = p->wq;

			p->wq = it->next;
			witem_fail(p, it, 1, NULL);
		}
		p->wq_tail = NULL;
	}
	if (signo != 0)
		signal_groups(p, signo);
}

static void
on_signal(struct pool *p, int signo)
{
	sigset_t set;

	if (p->signo == 0) {
		p->signo = signo;
		pool_stop(p, signo);
		return;
	}
	/* The second one: kill everything and go at once. */
	signal_groups(p, SIGKILL);
	killer_kill_all(p->ender);
	jobserver_return_all(p->c.js);
	signal(signo, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, signo);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(signo);
	_exit(128 + signo);
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

/* The temporary file for held output failed: say so once, go on in memory. */
static void
on_spill_failed(void *arg, int err)
{
	(void)arg;
	xpool_warn("cannot hold output in a temporary file (%s); keeping it "
	           "in memory (give a directory with room in --tmpdir)",
	    strerror(err));
}

/* ---- the pool --------------------------------------------------------------
 */

/*
 * The signals xpool acts on are blocked and read from a signalfd the loop
 * watches: one read per wake-up, no handler and no self-pipe.  Jobs start
 * with an empty signal mask (spawn.c).
 */
static const int watched[] = { SIGCHLD, SIGINT, SIGTERM, SIGHUP };

static void
signals_mask(sigset_t *set)
{
	sigemptyset(set);
	for (size_t i = 0; i < sizeof(watched) / sizeof(watched[0]); i++)
		sigaddset(set, watched[i]);
}

static void
on_signals(uv_poll_t *h, int status, int events)
{
	struct pool *p = h->data;
	struct signalfd_siginfo si[8];
	ssize_t n;
	int chld = 0;

	(void)status;
	(void)events;
	/* Level-triggered: what a short read leaves comes back next turn. */
	n = read(p->sigfd, si, sizeof(si));
	for (ssize_t i = 0; i < n / (ssize_t)sizeof(si[0]); i++) {
		if (si[i].ssi_signo == SIGCHLD)
			chld = 1;
		else
			on_signal(p, (int)si[i].ssi_signo);
	}
	if (chld)
		reap(p);
}

static void
signals_watch(struct pool *p)
{
	struct sigaction sa;
	sigset_t set;
	int r;

	/*
	 * Default actions even where xpool's parent ignored them (as a shell
	 * does for `&`): jobs then start with them, and SIGCHLD ignored would
	 * leave no exit status to collect.
	 */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	signals_mask(&set);
	for (size_t i = 0; i < sizeof(watched) / sizeof(watched[0]); i++)
		sigaction(watched[i], &sa, NULL);
	if (sigprocmask(SIG_BLOCK, &set, NULL) != 0 ||
	    (p->sigfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC)) < 0)
		xpool_fatal("cannot watch signals: %s", strerror(errno));
	if ((r = uv_poll_init(p->loop, &p->sigpoll, p->sigfd)) != 0 ||
	    (r = uv_poll_start(&p->sigpoll, UV_READABLE, on_signals)) != 0)
		xpool_fatal("cannot watch signals: %s", uv_strerror(r));
	p->sigpoll.data = p;
	uv_unref((uv_handle_t *)&p->sigpoll);
}

/* Back to the signals' default actions: one still pending acts now. */
static void
signals_unwatch(struct pool *p)
{
	sigset_t set;

	if (p->sigfd < 0)
		return;
	close(p->sigfd);
	p->sigfd = -1;
	signals_mask(&set);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
}

/* What the jobs' pipes give in one turn of the loop goes out together. */
static void
batch_begin(void *out)
{
	output_batch(out);
}

static void
batch_end(void *out)
{
	output_flush(out);
}

struct pool *
pool_new(uv_loop_t *loop, const struct pool_conf *c, struct input *in,
    struct tpl *tpl, struct spawner *sp)
{
	struct pool *p = xcalloc(1, sizeof(*p));
	struct output_conf oc = { c->mode, c->buffer, c->tmpdir, c->drop_stdout,
		on_broken, on_drained, on_spill_failed, p };
	size_t hsize = 16;

	p->loop = loop;
	p->sigfd = -1;
	/* First, so that libuv's threads start with these signals blocked. */
	signals_watch(p);
	p->scratch = xmalloc(READ_SIZE);
	p->c = *c;
	p->in = in;
	p->tpl = tpl;
	p->sp = sp;
	p->out = output_new(loop, &oc);
	xpool_diag_before(output_now, p->out);
	p->watch = watch_new(loop, batch_begin, batch_end, p->out);
	input_set_ready(in, on_input, p);
	p->free_slots = xcalloc((size_t)c->jobs, sizeof(*p->free_slots));
	for (long i = 0; i < c->jobs; i++)
		p->free_slots[p->nfree++] = (unsigned long)(c->jobs - i);
	p->slot_ready = xcalloc((size_t)c->jobs + 1, 1);
	while (hsize < (size_t)c->jobs * 2)
		hsize *= 2;
	p->hash = xcalloc(hsize, sizeof(*p->hash));
	p->hmask = hsize - 1;

	cmdline_init(&p->lim, sysconf(_SC_ARG_MAX), sysconf(_SC_PAGESIZE),
	    spawner_env_size(sp));
	if (c->pack)
		cmdline_pack_init(&p->lim, tpl);

	p->ender = killer_new(loop, &c->termseq);
	p->halt_status = -1;
	p->spare = -1;
	p->eotlen = c->eot != NULL ? strlen(c->eot) : 0;
	/* Records are jobs (or worker items): their count is the jobs'. */
	if ((c->max_args <= 1 || c->worker) && !c->pack)
		p->known_total = c->items;
	p->keep_cmd = c->timeout > 0 || c->timeout_pct > 0 ||
	    c->halt.when != HALT_NEVER || c->rec != NULL || c->memfree;
	uv_timer_init(loop, &p->retry);
	p->retry.data = p;
	uv_timer_init(loop, &p->killer);
	p->killer.data = p;
	uv_timer_init(loop, &p->gate);
	p->gate.data = p;
	uv_timer_init(loop, &p->memwatch);
	p->memwatch.data = p;
	return p;
}

struct output *
pool_output(struct pool *p)
{
	return p->out;
}

/*
 * --memfree: with under half of SIZE available, the youngest job is ended
 * (with the --termseq) and, under --retries, run again later, as GNU
 * parallel does.  Looked at once a second.
 */
static void
on_memwatch(uv_timer_t *t)
{
	struct pool *p = t->data;
	struct job *j;

	if (p->stopping || !throttle_memory_low(p->c.th))
		return;
	/* The newest job is at the head of the list. */
	for (j = p->jobs; j != NULL; j = j->next)
		if (!j->init && !j->worker && !j->killed && !j->ended)
			break;
	if (j == NULL)
		return;
	j->killed = KILLED_MEMFREE;
	xpool_warn("job %lu ended: only %.0f MiB of memory is available, "
	           "under half of --memfree%s%s%s",
	    j->seq, (double)throttle_mem_available() / (1024 * 1024),
	    j->tries < p->c.retries ? "; it will run again" : "",
	    j->cmdtext != NULL ? ": " : "",
	    j->cmdtext != NULL ? j->cmdtext : "");
	killer_start(p->ender, j->pid, 0);
}

void
pool_start(struct pool *p)
{
	if (p->c.th != NULL && p->c.memfree && !p->c.worker) {
		uv_timer_start(&p->memwatch, on_memwatch, 1000, 1000);
		uv_unref((uv_handle_t *)&p->memwatch);
	}
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
	uv_close((uv_handle_t *)&p->sigpoll, NULL);
	watch_close(p->watch);
	uv_close((uv_handle_t *)&p->retry, NULL);
	uv_close((uv_handle_t *)&p->killer, NULL);
	uv_close((uv_handle_t *)&p->gate, NULL);
	uv_close((uv_handle_t *)&p->memwatch, NULL);
	killer_close(p->ender);
	jobserver_close(p->c.js);
	output_close(p->out);
}

void
pool_free(struct pool *p)
{
	if (p == NULL)
		return;
	xpool_diag_before(NULL, NULL);
	signals_unwatch(p);
	watch_free(p->watch);
	free(p->scratch);
	output_free(p->out);
	killer_free(p->ender);
	recset_free(&p->args);
	recset_free(&p->carry);
	tpl_cmd_free(&p->cmd);
	buf_free(&p->msg);
	buf_free(&p->why);
	buf_free(&p->cmdline);
	buf_free(&p->tagbuf);
	free(p->field);
	free(p->flen);
	free(p->free_slots);
	free(p->slot_ready);
	tpl_cmd_free(&p->initcmd);
	free(p->hash);
	free(p);
}
