/*
 * pool.c -- slots, jobs and their processes on the event loop.
 *
 * A job's life: records are gathered (one, -n N of them, or as many as the
 * argument limit takes with -X/-m), the command is built, two pipes are made
 * and the process is started in its own process group.  Its pipes are
 * watched with uv_poll and read into output.c.  SIGCHLD says a child
 * exited; waitid(WNOWAIT) names it without reaping it, so that the pipes can
 * be drained and whatever the job left running in its process group can be
 * sent SIGTERM while the group id is still reserved; then it is reaped.
 *
 * Jobs are reaped by pid, never with a bare wait(): xpool's only children
 * are its jobs, but their pids are what identifies them.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "cmdline.h"
#include "diag.h"
#include "pool.h"
#include "xmalloc.h"

#define READ_SIZE (64 * 1024)
#define READS_PER_WAKEUP 4
#define DRAIN_READS 32
#define BIG_PIPE (1024 * 1024)
#define KILL_GRACE_MS 2000
#define RETRY_MS 100

/* Records gathered for one job, copied out of the input's buffers. */
struct recset {
	struct buf bytes;
	size_t *off, *len;
	size_t n, cap; /* fields */
	size_t nrec; /* records */
	const char *bad; /* why the record cannot run */
	int alone; /* a record that must be a job by itself */
	unsigned long line; /* of the first record */
};

struct pstream {
	uv_poll_t poll;
	int fd;
	int open; /* the poll handle needs closing */
	int paused; /* stopped because output is congested */
	struct job *job;
	int which; /* 0 stdout, 1 stderr */
};

struct job {
	struct pool *pool;
	unsigned long seq;
	unsigned long slot;
	pid_t pid;
	struct pstream s[2];
	struct ojob *oj;
	struct job *hnext; /* pid hash chain */
	struct job *next, *prev; /* running jobs */
	int handles; /* uv handles not yet closed */
	int ended;
};

struct pool {
	uv_loop_t *loop;
	struct pool_conf c;
	struct input *in;
	struct tpl *tpl;
	struct spawner *sp;
	struct output *out;

	unsigned long *free_slots;
	long nfree;
	long running;
	struct job *jobs; /* running */
	struct job **hash;
	size_t hmask;

	struct recset args, carry;
	int have_carry;
	struct tpl_cmd cmd;
	char **field;
	size_t *flen;
	size_t fcap;
	struct cmdline lim; /* what a job's argv may hold */
	struct buf msg, why; /* messages about the job being started */
	struct buf tagbuf; /* its tag */

	unsigned long seq;
	unsigned long failed;
	int input_done;
	int stopping; /* no more jobs */
	int signo;
	int error;
	int broken;
	int filling;

	uv_signal_t sigchld, sigint, sigterm, sighup;
	uv_timer_t retry, killer;
	int closed_handles;
	char scratch[READ_SIZE];
};

static void fill(struct pool *);
static void stop(struct pool *, int);

/* ---- system limits ----------------------------------------------------- */

/* The cgroup v2 CPU quota of this process, in CPUs, or 0 for none. */
static long
cgroup_cpus(void)
{
	char line[4096], path[4200];
	long best = 0;
	FILE *f;

	if ((f = fopen("/proc/self/cgroup", "r")) == NULL)
		return 0;
	path[0] = '\0';
	while (fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, "0::", 3) == 0) {
			line[strcspn(line, "\n")] = '\0';
			snprintf(path, sizeof(path), "%s", line + 3);
		}
	fclose(f);
	for (;;) {
		char file[4400];
		long quota, period;
		FILE *m;

		snprintf(file, sizeof(file), "/sys/fs/cgroup%s/cpu.max",
		    path[0] == '/' && path[1] == '\0' ? "" : path);
		if ((m = fopen(file, "r")) != NULL) {
			if (fscanf(m, "%ld %ld", &quota, &period) == 2 &&
			    period > 0 && quota > 0) {
				long n = (quota + period - 1) / period;

				if (best == 0 || n < best)
					best = n;
			}
			fclose(m);
		}
		char *slash = strrchr(path, '/');
		if (slash == NULL || path[0] == '\0' ||
		    (slash == path && path[1] == '\0'))
			break;
		if (slash == path)
			path[1] = '\0';
		else
			*slash = '\0';
	}
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

static void
recset_clear(struct recset *r)
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

/* The values a job substitutes, pointing into pool->args. */
static void
make_vals(
    struct pool *p, struct tpl_vals *v, unsigned long seq, unsigned long slot)
{
	struct recset *r = &p->args;

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
	v->nfield = r->n;
	v->seq = seq;
	v->slot = slot;
}

/*
 * Gather the records of the next job into p->args.  Returns 1 when a job
 * is ready, or INPUT_WAIT, INPUT_EOF, INPUT_ERROR.
 */
static int
gather(struct pool *p)
{
	size_t want =
	    p->c.pack ? SIZE_MAX : (size_t)(p->c.max_args ? p->c.max_args : 1);
	struct record rec;
	int r;

	if (p->args.nrec == 0 && p->have_carry) {
		struct recset t = p->args;

		p->args = p->carry;
		p->carry = t;
		p->have_carry = 0;
		if (p->c.pack) {
			struct tpl_vals v;

			make_vals(p, &v, 0, 0);
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
			stop(p, 0);
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
			recset_clear(&p->carry);
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

static void
job_maybe_free(struct job *j)
{
	if (j->ended && j->handles == 0)
		free(j);
}

static void
stream_closed(uv_handle_t *h)
{
	struct pstream *s = h->data;
	struct job *j = s->job;

	j->handles--;
	job_maybe_free(j);
}

static void
stream_close(struct pstream *s)
{
	if (s->fd < 0)
		return;
	if (s->open) {
		/* uv_close stops watching the fd before returning. */
		uv_close((uv_handle_t *)&s->poll, stream_closed);
		s->open = 0;
	}
	close(s->fd);
	s->fd = -1;
}

/* Read what the pipe holds now; returns -1 once it reached EOF. */
static int
stream_read(struct pstream *s, int limit)
{
	struct job *j = s->job;
	struct pool *p = j->pool;

	for (int i = 0; limit == 0 || i < limit; i++) {
		ssize_t n = read(s->fd, p->scratch, sizeof(p->scratch));

		if (n > 0) {
			output_add(j->oj, s->which, p->scratch, (size_t)n);
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

static void
stream_cb(uv_poll_t *h, int status, int events)
{
	struct pstream *s = h->data;
	struct job *j = s->job;

	(void)events;
	if (status < 0) {
		stream_close(s);
		return;
	}
	if (stream_read(s, READS_PER_WAKEUP) == 0 && output_live(j->oj) &&
	    output_congested(j->pool->out)) {
		uv_poll_stop(&s->poll);
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
			if (j->s[i].paused && j->s[i].open) {
				j->s[i].paused = 0;
				uv_poll_start(
				    &j->s[i].poll, UV_READABLE, stream_cb);
			}
	fill(p); /* --dry-run waits for the writer too */
}

/* A job that never ran: say why in its own output, and count it. */
static void
job_fail_early(struct pool *p, struct ojob *oj, const char *msg)
{
	struct buf b = BUF_INIT;

	buf_printf(&b, "xpool: %s\n", msg);
	output_note(oj, 1, b.data, b.len);
	output_end(oj);
	buf_free(&b);
	p->failed++;
}

static void
job_ended(struct pool *p, struct job *j, int status)
{
	hash_del(p, j);
	if (j->prev)
		j->prev->next = j->next;
	else
		p->jobs = j->next;
	if (j->next)
		j->next->prev = j->prev;
	p->free_slots[p->nfree++] = j->slot;
	if (--p->running == 0)
		uv_unref((uv_handle_t *)&p->sigchld);
	stream_close(&j->s[0]);
	stream_close(&j->s[1]);
	output_end(j->oj);
	if (status != 0)
		p->failed++;
	j->ended = 1;
	job_maybe_free(j);
}

/* A child exited (not yet reaped): finish its job. */
static void
job_exited(struct pool *p, struct job *j)
{
	int st, status;

	/*
	 * Leftovers in its group get SIGTERM first (the zombie keeps the
	 * group id reserved), so that one that keeps writing cannot keep
	 * the drain going: what the job itself wrote is all in the pipe, and
	 * a pipe holds far less than DRAIN_READS reads.
	 */
	kill(-j->pid, SIGTERM);
	for (int i = 0; i < 2; i++)
		if (j->s[i].fd >= 0)
			stream_read(&j->s[i], DRAIN_READS);
	while (waitpid(j->pid, &st, 0) < 0 && errno == EINTR)
		;
	status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	job_ended(p, j, status);
}

static void
on_sigchld(uv_signal_t *h, int signo)
{
	struct pool *p = h->data;
	siginfo_t si;

	(void)signo;
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
	fill(p);
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
spawn_error(struct pool *p, int err, struct buf *msg)
{
	const char *prog = p->cmd.argv[0];

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
	fill(t->data);
}

/* Register the job's output, with its tag rendered from its values. */
static struct ojob *
new_ojob(struct pool *p, const struct tpl_vals *v)
{
	if (p->c.tag == NULL)
		return output_job(p->out, NULL, 0);
	buf_reset(&p->tagbuf);
	tpl_render(p->c.tag, v, &p->tagbuf);
	return output_job(p->out, p->tagbuf.data, p->tagbuf.len);
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
	int out[2], err[2], r, status;
	unsigned long slot = p->c.dry_run ? 1 : p->free_slots[p->nfree - 1];

	buf_reset(msg);
	make_vals(p, &v, p->seq + 1, slot);
	if (p->args.bad != NULL) {
		oj = new_ojob(p, &v);
		p->seq++;
		buf_printf(msg,
		    "input item %lu %s and cannot be passed to a command; "
		    "use -0 for NUL-separated items",
		    p->args.line, p->args.bad);
		job_fail_early(p, oj, msg->data);
		recset_clear(&p->args);
		return 0;
	}
	tpl_expand(p->tpl, &v, &p->cmd);
	if (p->c.dry_run || p->c.verbose) {
		buf_reset(msg);
		tpl_render(p->tpl, &v, msg);
		buf_addc(msg, '\n');
	}
	if (p->c.dry_run) {
		oj = new_ojob(p, &v);
		p->seq++;
		output_note(oj, 0, msg->data, msg->len);
		output_end(oj);
		recset_clear(&p->args);
		return 0;
	}
	buf_reset(why);
	if (cmdline_check(&p->lim, &p->cmd, why) != 0) {
		oj = new_ojob(p, &v);
		p->seq++;
		if (p->c.verbose)
			output_note(oj, 1, msg->data, msg->len);
		buf_reset(msg);
		buf_printf(msg, "job %lu: %s", p->seq, why->data);
		job_fail_early(p, oj, msg->data);
		recset_clear(&p->args);
		return 0;
	}

	out[0] = out[1] = err[0] = err[1] = -1;
	if (!p->c.ungroup) {
		if ((r = make_pipe(out)) != 0)
			goto short_of_resources;
		/* A roomier pipe for a job whose output may stream. */
		if (p->running == 0 || p->c.mode == OUT_LINES)
			(void)fcntl(out[0], F_SETPIPE_SZ, BIG_PIPE);
		if ((r = make_pipe(err)) != 0) {
			close(out[0]);
			close(out[1]);
			goto short_of_resources;
		}
	}
	j = xcalloc(1, sizeof(*j));
	r = spawner_run(p->sp, p->cmd.argv,
	    p->c.ungroup ? STDOUT_FILENO : out[1],
	    p->c.ungroup ? STDERR_FILENO : err[1], p->seq + 1, slot, &j->pid);
	close_fd(out[1]);
	close_fd(err[1]);
	if (r != 0) {
		buf_reset(why);
		close_fd(out[0]);
		close_fd(err[0]);
		free(j);
		if ((status = spawn_error(p, r, why)) == 0) {
			goto short_of_resources;
		}
		oj = new_ojob(p, &v);
		p->seq++;
		if (p->c.verbose)
			output_note(oj, 1, msg->data, msg->len);
		job_fail_early(p, oj, why->data);
		recset_clear(&p->args);
		return 0;
	}

	j->pool = p;
	j->seq = ++p->seq;
	j->slot = slot;
	j->oj = oj = new_ojob(p, &v);
	p->nfree--;
	if (p->running++ == 0)
		uv_ref((uv_handle_t *)&p->sigchld);
	j->next = p->jobs;
	if (p->jobs)
		p->jobs->prev = j;
	p->jobs = j;
	hash_add(p, j);
	if (p->c.verbose)
		output_note(oj, 1, msg->data, msg->len);
	recset_clear(&p->args);

	j->s[0].fd = out[0];
	j->s[1].fd = err[0];
	for (int i = 0; i < 2; i++) {
		struct pstream *s = &j->s[i];

		s->job = j;
		s->which = i;
		s->poll.data = s;
		if (s->fd < 0)
			continue; /* -u: the job writes to xpool's own fd */
		if ((r = uv_poll_init(p->loop, &s->poll, s->fd)) != 0)
			xpool_bug("uv_poll_init on a pipe: %s", uv_strerror(r));
		s->open = 1;
		j->handles++;
		uv_poll_start(&s->poll, UV_READABLE, stream_cb);
	}
	return 0;

short_of_resources:
	/* Try again shortly with the same records; jobs that end free some. */
	if (p->running == 0 && !uv_is_active((uv_handle_t *)&p->retry))
		xpool_warn(
		    "cannot start a job (%s); trying again", strerror(r));
	uv_timer_start(&p->retry, on_retry, RETRY_MS, 0);
	return -1;
}

/* Start jobs while there are free slots and records. */
static void
fill(struct pool *p)
{
	if (p->filling)
		return;
	p->filling = 1;
	while (!p->stopping && (p->c.dry_run || p->nfree > 0)) {
		int r;

		if (p->c.dry_run && output_congested(p->out))
			break;
		if (uv_is_active((uv_handle_t *)&p->retry))
			break;
		if ((r = gather(p)) != 1)
			break;
		if (start_job(p) != 0)
			break;
	}
	p->filling = 0;
}

static void
on_input(void *arg)
{
	fill(arg);
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
static void
stop(struct pool *p, int signo)
{
	if (!p->stopping) {
		p->stopping = 1;
		input_stop(p->in);
		p->input_done = 1;
		uv_timer_stop(&p->retry);
	}
	if (signo != 0)
		signal_groups(p, signo);
}

static void
on_signal(uv_signal_t *h, int signo)
{
	struct pool *p = h->data;

	if (p->signo == 0) {
		p->signo = signo;
		stop(p, signo);
		return;
	}
	/* The second one: kill everything and go at once. */
	signal_groups(p, SIGKILL);
	signal(signo, SIG_DFL);
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
	stop(p, SIGTERM);
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

static void
start_signal(struct pool *p, uv_signal_t *h, int signo)
{
	int r;

	uv_signal_init(p->loop, h);
	h->data = p;
	if ((r = uv_signal_start(
	         h, signo == SIGCHLD ? on_sigchld : on_signal, signo)) != 0)
		xpool_fatal(
		    "cannot watch signal %d: %s", signo, uv_strerror(r));
	uv_unref((uv_handle_t *)h);
}

struct pool *
pool_new(uv_loop_t *loop, const struct pool_conf *c, struct input *in,
    struct tpl *tpl, struct spawner *sp)
{
	struct pool *p = xcalloc(1, sizeof(*p));
	struct output_conf oc = { c->mode, c->buffer, c->tmpdir, on_broken,
		on_drained, on_spill_failed, p };
	size_t hsize = 16;

	p->loop = loop;
	p->c = *c;
	p->in = in;
	p->tpl = tpl;
	p->sp = sp;
	p->out = output_new(loop, &oc);
	input_set_ready(in, on_input, p);
	p->free_slots = xcalloc((size_t)c->jobs, sizeof(*p->free_slots));
	for (long i = 0; i < c->jobs; i++)
		p->free_slots[p->nfree++] = (unsigned long)(c->jobs - i);
	while (hsize < (size_t)c->jobs * 2)
		hsize *= 2;
	p->hash = xcalloc(hsize, sizeof(*p->hash));
	p->hmask = hsize - 1;

	cmdline_init(&p->lim, sysconf(_SC_ARG_MAX), sysconf(_SC_PAGESIZE),
	    spawner_env_size(sp));
	if (c->pack)
		cmdline_pack_init(&p->lim, tpl);

	uv_timer_init(loop, &p->retry);
	p->retry.data = p;
	uv_timer_init(loop, &p->killer);
	p->killer.data = p;
	start_signal(p, &p->sigchld, SIGCHLD);
	start_signal(p, &p->sigint, SIGINT);
	start_signal(p, &p->sigterm, SIGTERM);
	start_signal(p, &p->sighup, SIGHUP);
	return p;
}

struct output *
pool_output(struct pool *p)
{
	return p->out;
}

void
pool_start(struct pool *p)
{
	fill(p);
}

void
pool_result(const struct pool *p, struct pool_result *r)
{
	r->jobs = p->seq;
	r->failed = p->failed;
	r->signo = p->signo;
	r->error = p->error;
	r->abandoned = !output_idle(p->out);
}

/* Close the pool's own handles; uv_run then finishes their callbacks. */
void
pool_close(struct pool *p)
{
	uv_close((uv_handle_t *)&p->sigchld, NULL);
	uv_close((uv_handle_t *)&p->sigint, NULL);
	uv_close((uv_handle_t *)&p->sigterm, NULL);
	uv_close((uv_handle_t *)&p->sighup, NULL);
	uv_close((uv_handle_t *)&p->retry, NULL);
	uv_close((uv_handle_t *)&p->killer, NULL);
	output_close(p->out);
}

void
pool_free(struct pool *p)
{
	if (p == NULL)
		return;
	output_free(p->out);
	recset_free(&p->args);
	recset_free(&p->carry);
	tpl_cmd_free(&p->cmd);
	buf_free(&p->msg);
	buf_free(&p->why);
	buf_free(&p->tagbuf);
	free(p->field);
	free(p->flen);
	free(p->free_slots);
	free(p->hash);
	free(p);
}
