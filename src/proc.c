/*
 * proc.c -- one child process on the event loop: start, pipes, reaping.
 *
 * A process is started in its own process group.  Its pipes are watched in
 * one epoll set (watch.c).  When SIGCHLD says a child exited, waitid
 * (WNOWAIT) names it without reaping it, so that its pipes can be drained
 * and whatever it left running in its group can be sent SIGTERM while the
 * group id is still reserved; then it is reaped.  Children are reaped by
 * pid, never with a bare wait(): their pids are what identifies them.
 * xpool is its children's subreaper: what they leave behind comes to it,
 * and is reaped as it ends.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "diag.h"
#include "killseq.h"
#include "proc.h"
#include "sys.h"
#include "watch.h"
#include "xmalloc.h"

#define READ_SIZE (64 * 1024)
#define READS_PER_WAKEUP 4
#define DRAIN_READS 32

struct pstream {
	struct watch_fd w;
	int fd; /* the pipe, or -1 once closed */
	int paused; /* the caller asked to stop reading */
	int which; /* 0 stdout, 1 stderr, 2 stdin */
	struct proc *proc;
};

struct proc {
	struct procs *ps;
	pid_t pid;
	struct pstream s[3]; /* stdout, stderr, stdin */
	const char *send; /* bytes for its stdin, the caller's */
	int from_file; /* ... or a file's: send_fd's, from send_at */
	int send_fd;
	off_t send_at;
	size_t sendlen, sendoff;
	size_t sent; /* in all */
	int close_in; /* close its stdin once send is written */
	int ended; /* why proc_end() ended it */
	int stopped; /* proc_stop() stopped its group (--memsuspend) */
	int pty; /* its stdin and stdout are a pseudo-terminal */
	char tty[32]; /* ... whose name this is */
	int gone; /* reaped */
	int aux; /* PROC_AUX: not among the processes the caller walks */
	const struct proc_host *host; /* a job inside another: no pid */
	void *host_data;
	int timed; /* the timer is set up */
	uint64_t left; /* ms the timer had left when xpool stopped */
	int handles; /* uv handles not yet closed */
	uv_timer_t timer;
	const struct proc_cb *cb;
	void *data;
	struct proc *hnext; /* pid hash chain */
	struct proc *next, *prev; /* live, newest first */
};

struct procs {
	uv_loop_t *loop;
	struct spawner *sp;
	struct watch *watch;
	struct killer *ender; /* groups being ended (--termseq) */
	struct proc *live;
	long n; /* live, aux ones too */
	long naux;
	struct proc **hash;
	size_t hmask;
	char *scratch; /* READ_SIZE bytes, touched only when read into */
};

/*
 * begin and end run around each turn's reads (see watch.h), so that what
 * the callbacks queue can go out together.
 */
struct procs *
procs_new(uv_loop_t *loop, struct spawner *sp, const struct termseq *ts,
    void (*begin)(void *), void (*end)(void *), void *arg)
{
	struct procs *ps = xcalloc(1, sizeof(*ps));

	ps->loop = loop;
	ps->sp = sp;
	/*
	 * What a job leaves behind when it exits comes to xpool, not to pid
	 * 1: a zombie of its group is reaped at once (procs_reap()), where
	 * an init that reaps late (a container's, a VM's) would keep the
	 * group alive, and its end waited for, for the whole --termseq.
	 */
	(void)prctl(PR_SET_CHILD_SUBREAPER, 1);
	ps->watch = watch_new(loop, begin, end, arg);
	ps->ender = killer_new(loop, ts);
	ps->hmask = 63;
	ps->hash = xcalloc(ps->hmask + 1, sizeof(*ps->hash));
	ps->scratch = xmalloc(READ_SIZE);
	return ps;
}

static void
hash_grow(struct procs *ps)
{
	size_t size = (ps->hmask + 1) * 2;
	struct proc **h = xcalloc(size, sizeof(*h));

	for (struct proc *pr = ps->live; pr != NULL; pr = pr->next) {
		size_t i = (size_t)pr->pid & (size - 1);

		pr->hnext = h[i];
		h[i] = pr;
	}
	free(ps->hash);
	ps->hash = h;
	ps->hmask = size - 1;
}

/* A started process: live, found by its pid. */
static void
proc_add(struct procs *ps, struct proc *pr)
{
	size_t h;

	pr->next = ps->live;
	if (ps->live)
		ps->live->prev = pr;
	ps->live = pr;
	ps->naux += pr->aux;
	if (++ps->n > (long)(ps->hmask + 1))
		hash_grow(ps); /* walks the live list, pr included */
	else {
		h = (size_t)pr->pid & ps->hmask;
		pr->hnext = ps->hash[h];
		ps->hash[h] = pr;
	}
}

static struct proc *
proc_find(struct procs *ps, pid_t pid)
{
	for (struct proc *pr = ps->hash[(size_t)pid & ps->hmask]; pr != NULL;
	     pr = pr->hnext)
		if (pr->pid == pid)
			return pr;
	return NULL;
}

static void
proc_remove(struct procs *ps, struct proc *pr)
{
	struct proc **pp = &ps->hash[(size_t)pr->pid & ps->hmask];

	while (*pp != pr)
		pp = &(*pp)->hnext;
	*pp = pr->hnext;
	if (pr->prev)
		pr->prev->next = pr->next;
	else
		ps->live = pr->next;
	if (pr->next)
		pr->next->prev = pr->prev;
	ps->n--;
	ps->naux -= pr->aux;
}

static void
proc_maybe_free(struct proc *pr)
{
	if (pr->gone && pr->handles == 0)
		free(pr);
}

static void
stream_close(struct pstream *s)
{
	if (s->fd < 0)
		return;
	watch_stop(s->proc->ps->watch, &s->w);
	close(s->fd);
	s->fd = -1;
}

/* Watch the stream's pipe, non-blocking, with cb. */
static void
stream_watch(struct pstream *s, void (*cb)(struct watch_fd *), int out)
{
	if (s->w.cb != cb) {
		s->w.fd = s->fd;
		s->w.cb = cb;
		s->w.data = s;
		if (ioctl(s->fd, FIONBIO, &(int){ 1 }) != 0)
			xpool_bug("cannot make a pipe non-blocking: %s",
			    strerror(errno));
	}
	watch_start(s->proc->ps->watch, &s->w, out);
}

/*
 * Read what the pipe holds now; returns -1 once it reached EOF, 1 when the
 * caller asked to pause.  drain: the writer has exited, read until EOF (or
 * limit reads), whatever the caller says.
 */
static int
stream_read(struct pstream *s, int limit, int drain)
{
	struct proc *pr = s->proc;
	char *scratch = pr->ps->scratch;

	for (int i = 0; limit == 0 || i < limit; i++) {
		ssize_t n = read(s->fd, scratch, READ_SIZE);

		if (n > 0) {
			if (pr->cb->output(
			        pr->data, s->which, scratch, (size_t)n) != 0 &&
			    !drain)
				return 1;
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

	if (stream_read(s, READS_PER_WAKEUP, 0) == 1) {
		watch_stop(s->proc->ps->watch, &s->w);
		s->paused = 1;
	}
}

/* The caller's reads may go on: read the pipes that were paused. */
void
procs_resume(struct procs *ps)
{
	for (struct proc *pr = ps->live; pr != NULL; pr = pr->next)
		for (int i = 0; i < 2; i++)
			if (pr->s[i].paused && pr->s[i].fd >= 0) {
				pr->s[i].paused = 0;
				watch_start(ps->watch, &pr->s[i].w, 0);
			}
}

static void feed_cb(struct watch_fd *);

/*
 * Write some of what waits for its stdin to fd: the caller's bytes, or a
 * file's, moved by splice() inside the kernel (read and written where
 * the file system cannot splice).  As write(): 0 when the file ended
 * early.
 */
static ssize_t
feed_some(struct proc *pr, int fd)
{
	size_t want = pr->sendlen - pr->sendoff;
	off_t at = pr->send_at + (off_t)pr->sendoff;
	char buf[READ_SIZE];
	ssize_t n;

	if (!pr->from_file)
		return write(fd, pr->send + pr->sendoff, want);
	n = splice(pr->send_fd, &at, fd, NULL, want, SPLICE_F_NONBLOCK);
	if (n >= 0 || errno != EINVAL)
		return n;
	if ((n = pread(pr->send_fd, buf,
	         want < sizeof(buf) ? want : sizeof(buf), at)) <= 0)
		return n;
	return write(fd, buf, (size_t)n);
}

/* Write what waits for its stdin, as much as the pipe takes now. */
static void
feed(struct proc *pr)
{
	struct pstream *s = &pr->s[2];

	while (s->fd >= 0 && pr->sendoff < pr->sendlen) {
		ssize_t n = feed_some(pr, s->fd);

		if (n > 0) {
			pr->sendoff += (size_t)n;
			pr->sent += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN) {
			/* Full: write again when it has room. */
			stream_watch(s, feed_cb, 1);
			return;
		}
		stream_close(s); /* EPIPE: it does not read the rest */
	}
	if (s->fd >= 0)
		watch_stop(pr->ps->watch, &s->w);
	if (pr->sendlen > 0) {
		pr->send = NULL;
		pr->from_file = 0;
		pr->sendlen = pr->sendoff = 0;
		if (pr->cb->sent != NULL)
			pr->cb->sent(pr->data);
	}
	if (pr->close_in)
		stream_close(s);
}

/* Its stdin has room (or an error, which the write returns). */
static void
feed_cb(struct watch_fd *f)
{
	struct pstream *s = f->data;

	feed(s->proc);
}

/*
 * Write n bytes to its stdin; they are the caller's and must stay as they
 * are until the sent callback (or its exit).  close_after: then close its
 * stdin, so that it sees the end (n may be 0 for that alone).  One send at
 * a time.
 */
void
proc_send(struct proc *pr, const char *p, size_t n, int close_after)
{
	if (pr->sendlen > 0 && n > 0)
		xpool_bug("a process was sent bytes while others wait");
	if (n > 0) {
		pr->send = p;
		pr->sendlen = n;
		pr->sendoff = 0;
	}
	if (close_after)
		pr->close_in = 1;
	feed(pr);
}

/*
 * Write n bytes of the file open as fd, from offset at, to its stdin, then
 * close it; fd must stay open until the sent callback (or its exit).
 */
void
proc_send_file(struct proc *pr, int fd, off_t at, size_t n)
{
	if (pr->sendlen > 0)
		xpool_bug("a process was sent a file while bytes wait");
	if (n > 0) {
		pr->from_file = 1;
		pr->send_fd = fd;
		pr->send_at = at;
		pr->sendlen = n;
		pr->sendoff = 0;
	}
	pr->close_in = 1;
	feed(pr);
}

int
proc_stdin_open(const struct proc *pr)
{
	return pr->s[2].fd >= 0;
}

/* Bytes given to proc_send() that its stdin has not taken yet. */
size_t
proc_unsent(const struct proc *pr)
{
	return pr->sendlen - pr->sendoff;
}

/*
 * Its stdin as /proc/PID/fd shows it in its own processes: "pipe:[INODE]"
 * or the terminal's name.  Returns 0, or -1 when it has none.
 */
int
proc_input_name(const struct proc *pr, char *buf, size_t size)
{
	struct stat st;

	if (pr->s[2].fd < 0)
		return -1;
	if (pr->pty) {
		snprintf(buf, size, "%s", pr->tty);
		return 0;
	}
	if (fstat(pr->s[2].fd, &st) != 0)
		return -1;
	snprintf(buf, size, "pipe:[%lu]", (unsigned long)st.st_ino);
	return 0;
}

static void
timer_closed(uv_handle_t *h)
{
	struct proc *pr = h->data;

	pr->handles--;
	proc_maybe_free(pr);
}

/* Has it exited, not yet reaped (SIGCHLD not read yet)? */
static int
proc_has_exited(const struct proc *pr)
{
	siginfo_t si;

	memset(&si, 0, sizeof(si));
	return waitid(P_PID, (id_t)pr->pid, &si, WEXITED | WNOHANG | WNOWAIT) ==
	    0 &&
	    si.si_pid != 0;
}

/*
 * Its time is up -- unless it exited meanwhile and its SIGCHLD waits to be
 * read (timers run before the signalfd in a turn of the loop, and after a
 * stop both may be due at once): then its exit is what counts.
 */
static void
timer_cb(uv_timer_t *t)
{
	struct proc *pr = t->data;

	if (!pr->gone && (pr->host != NULL || !proc_has_exited(pr)))
		pr->cb->timer(pr->data);
}

/* Call the timer callback in ms (one timer a process; this replaces it). */
void
proc_timer(struct proc *pr, uint64_t ms)
{
	if (!pr->timed) {
		uv_timer_init(pr->ps->loop, &pr->timer);
		pr->timer.data = pr;
		pr->timed = 1;
		pr->handles++;
	}
	/* Timers count from the loop's clock. */
	uv_update_time(pr->ps->loop);
	uv_timer_start(&pr->timer, timer_cb, ms, 0);
}

void
proc_timer_stop(struct proc *pr)
{
	if (pr->timed)
		uv_timer_stop(&pr->timer);
}

/*
 * End it: the --termseq on its process group.  why (nonzero) is given
 * back in its exit; a process already being ended is left as it is.
 */
void
proc_end(struct proc *pr, int why)
{
	if (pr->ended || pr->gone)
		return;
	pr->ended = why;
	if (pr->host != NULL) {
		pr->host->end(pr->host_data, why);
		return;
	}
	killer_start(pr->ps->ender, pr->pid, 0);
	proc_stop(pr, 0);
}

/*
 * Stop its process group with SIGSTOP (stop), or let it go on with SIGCONT
 * when proc_stop() stopped it (--memsuspend).
 */
void
proc_stop(struct proc *pr, int stop)
{
	if (pr->gone || pr->stopped == stop || pr->host != NULL)
		return;
	pr->stopped = stop;
	kill(-pr->pid, stop ? SIGSTOP : SIGCONT);
}

/* Whether proc_stop() has it stopped. */
int
proc_stopped(const struct proc *pr)
{
	return pr->stopped;
}

/* Why proc_end() ended it, or 0. */
int
proc_ended(const struct proc *pr)
{
	return pr->ended;
}

pid_t
proc_pid(const struct proc *pr)
{
	return pr->pid;
}

void *
proc_data(const struct proc *pr)
{
	return pr->data;
}

static void
close_fd(int fd)
{
	if (fd >= 0)
		close(fd);
}

static void
close_pipes(int fds[3][2])
{
	for (int i = 0; i < 3; i++) {
		close_fd(fds[i][0]);
		close_fd(fds[i][1]);
	}
}

/*
 * A pseudo-terminal for a child's stdin and stdout, in raw mode (no echo,
 * no line editing, no newline translation), so that its stdio buffers a
 * line at a time and reads what there is: the master for xpool (twice:
 * read and written as two streams), the terminal for the child, in the
 * places of fds' stdout and stdin pipes.  Its name goes to tty.
 */
static int
open_pty(int fds[3][2], char *tty, size_t size)
{
	struct termios t;
	int m, sl = -1, r;

	if ((m = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC)) < 0)
		return errno;
	if (grantpt(m) != 0 || unlockpt(m) != 0 ||
	    ptsname_r(m, tty, size) != 0 ||
	    (sl = open(tty, O_RDWR | O_NOCTTY | O_CLOEXEC)) < 0 ||
	    tcgetattr(sl, &t) != 0)
		goto fail;
	cfmakeraw(&t);
	if (tcsetattr(sl, TCSANOW, &t) != 0)
		goto fail;
	fds[0][0] = m;
	fds[0][1] = sl;
	if ((fds[2][1] = fcntl(m, F_DUPFD_CLOEXEC, 3)) < 0 ||
	    (fds[2][0] = fcntl(sl, F_DUPFD_CLOEXEC, 3)) < 0) {
		r = errno;
		close_pipes(fds);
		return r;
	}
	return 0;
fail:
	r = errno ? errno : EIO;
	close(m);
	if (sl >= 0)
		close(sl);
	return r;
}

/*
 * Start argv with the flags (PROC_*), XPOOL_SEQ=seq and XPOOL_SLOT=slot.
 * Without PROC_CAPTURE its stdout is outfd and its stderr xpool's.
 * Returns 0 with *prp set, or the errno of what failed (nothing is left
 * open then).
 */
int
proc_start(struct procs *ps, char **argv, int flags, int outfd,
    unsigned long seq, unsigned long slot, const struct proc_cb *cb, void *data,
    struct proc **prp)
{
	/* [stdout, stderr, stdin][read end, write end] */
	int fds[3][2] = { { -1, -1 }, { -1, -1 }, { -1, -1 } };
	char tty[32] = "";
	struct proc *pr;
	int r;

	for (int i = 0; i < 3; i++) {
		if (!(flags & (i == 2 ? PROC_STDIN : PROC_CAPTURE)) ||
		    (flags & PROC_PTY && i != 1))
			continue;
		if (pipe2(fds[i], O_CLOEXEC) != 0) {
			r = errno;
			close_pipes(fds);
			return r;
		}
	}
	if (flags & PROC_PTY && (r = open_pty(fds, tty, sizeof(tty))) != 0) {
		close_pipes(fds);
		return r;
	}
	if (fds[2][1] >= 0) /* xpool's own end of its own pipe */
		(void)ioctl(fds[2][1], FIONBIO, &(int){ 1 });
	if (flags & PROC_BIG_PIPE && fds[0][0] >= 0)
		(void)fcntl(fds[0][0], F_SETPIPE_SZ, SYS_BIG_PIPE);
	pr = xcalloc(1, sizeof(*pr));
	r = spawner_run(ps->sp, argv, fds[2][0],
	    flags & PROC_CAPTURE ? fds[0][1] : outfd,
	    flags & PROC_CAPTURE ? fds[1][1] : STDERR_FILENO, seq, slot,
	    &pr->pid);
	for (int i = 0; i < 3; i++) {
		/* The child's ends. */
		close_fd(fds[i][i == 2 ? 0 : 1]);
		fds[i][i == 2 ? 0 : 1] = -1;
	}
	if (r != 0) {
		close_pipes(fds);
		free(pr);
		return r;
	}
	pr->ps = ps;
	pr->cb = cb;
	pr->data = data;
	pr->aux = (flags & PROC_AUX) != 0;
	if (flags & PROC_PTY) {
		pr->pty = 1;
		memcpy(pr->tty, tty, sizeof(pr->tty));
	}
	for (int i = 0; i < 3; i++) {
		pr->s[i].fd = fds[i][i == 2 ? 1 : 0];
		pr->s[i].which = i;
		pr->s[i].proc = pr;
		if (i < 2 && pr->s[i].fd >= 0)
			stream_watch(&pr->s[i], stream_cb, 0);
	}
	proc_add(ps, pr);
	*prp = pr;
	return 0;
}

/* It is over: out of the live list, its handles closed, its exit told. */
static void
proc_gone(struct procs *ps, struct proc *pr, struct proc_exit *e)
{
	proc_remove(ps, pr);
	for (int i = 0; i < 3; i++)
		stream_close(&pr->s[i]);
	if (pr->timed) {
		uv_close((uv_handle_t *)&pr->timer, timer_closed);
		pr->timed = 0;
	}
	pr->gone = 1;
	if (e->ended == 0)
		e->ended = pr->ended;
	e->sent = pr->sent;
	pr->cb->exited(pr->data, e);
	proc_maybe_free(pr);
}

/* A child exited (not yet reaped): drain it, reap it, tell the caller. */
static void
proc_exited(struct procs *ps, struct proc *pr)
{
	struct proc_exit e;
	int st;

	/*
	 * Leftovers in its group get SIGTERM first (the zombie keeps the
	 * group id reserved), so that one that keeps writing cannot keep
	 * the drain going: what the process itself wrote is all in the pipe,
	 * and a pipe holds far less than DRAIN_READS reads.
	 */
	kill(-pr->pid, SIGTERM);
	for (int i = 0; i < 2; i++)
		if (pr->s[i].fd >= 0)
			stream_read(&pr->s[i], DRAIN_READS, 1);
	while (waitpid(pr->pid, &st, 0) < 0 && errno == EINTR)
		;
	/*
	 * Leftovers that outlive the SIGTERM get the rest of the --termseq:
	 * nothing a process started outlives it for long.
	 */
	if (pr->ended)
		killer_reaped(ps->ender, pr->pid);
	else if (kill(-pr->pid, 0) == 0)
		killer_start(ps->ender, pr->pid, 1);
	memset(&e, 0, sizeof(e));
	if (WIFEXITED(st))
		e.status = e.exitval = WEXITSTATUS(st);
	else {
		e.signo = WTERMSIG(st);
		e.status = 128 + e.signo;
	}
	proc_gone(ps, pr, &e);
}

/* ---- jobs inside another process --------------------------------------------
 */

/*
 * A job that runs inside another process (a session on a remote host that
 * runs jobs one after another): it has no pid and no pipes of its own.
 * Its host feeds it its output (proc_hosted_output()) and its exit
 * (proc_hosted_exit()); proc_end() asks the host to end it.  It is
 * walked, counted and timed as any process; signals go to its host.
 */
struct proc *
proc_start_hosted(struct procs *ps, const struct proc_host *host,
    void *host_data, const struct proc_cb *cb, void *data)
{
	struct proc *pr = xcalloc(1, sizeof(*pr));

	pr->ps = ps;
	pr->cb = cb;
	pr->data = data;
	pr->host = host;
	pr->host_data = host_data;
	for (int i = 0; i < 3; i++) {
		pr->s[i].fd = -1;
		pr->s[i].which = i;
		pr->s[i].proc = pr;
	}
	proc_add(ps, pr);
	return pr;
}

/* Bytes a hosted job printed; as the output callback's return. */
int
proc_hosted_output(struct proc *pr, int which, const char *p, size_t n)
{
	return n > 0 ? pr->cb->output(pr->data, which, p, n) : 0;
}

/*
 * A hosted job is over, all its output fed: its exit (its ended is
 * proc_end()'s why, when it gave one) goes to the caller, and pr is
 * freed.
 */
void
proc_hosted_exit(struct proc *pr, const struct proc_exit *x)
{
	struct proc_exit e = *x;

	proc_gone(pr->ps, pr, &e);
}

/* Reap every child that has exited (on SIGCHLD). */
void
procs_reap(struct procs *ps)
{
	siginfo_t si;

	for (;;) {
		struct proc *pr;

		memset(&si, 0, sizeof(si));
		if (waitid(P_ALL, 0, &si, WEXITED | WNOHANG | WNOWAIT) != 0 ||
		    si.si_pid == 0)
			break;
		if ((pr = proc_find(ps, si.si_pid)) == NULL) {
			/* Not one of ours: reap it so that it cannot loop. */
			waitpid(si.si_pid, NULL, 0);
			continue;
		}
		proc_exited(ps, pr);
	}
}

/* The live processes, newest first, PROC_AUX ones left out. */
static struct proc *
not_aux(struct proc *pr)
{
	while (pr != NULL && pr->aux)
		pr = pr->next;
	return pr;
}

struct proc *
procs_first(const struct procs *ps)
{
	return not_aux(ps->live);
}

struct proc *
proc_next(const struct proc *pr)
{
	return not_aux(pr->next);
}

long
procs_count(const struct procs *ps)
{
	return ps->n - ps->naux;
}

/* Live processes, PROC_AUX ones too. */
long
procs_alive(const struct procs *ps)
{
	return ps->n;
}

/*
 * xpool and its children were stopped and are continued: the timers' time
 * left is what it was when they stopped.  Call before the loop's clock is
 * brought up to date.
 */
void
procs_hold_timers(struct procs *ps)
{
	struct proc *pr;

	for (pr = ps->live; pr != NULL; pr = pr->next)
		if (pr->timed && uv_is_active((uv_handle_t *)&pr->timer))
			pr->left = uv_timer_get_due_in(&pr->timer);
	uv_update_time(ps->loop);
	for (pr = ps->live; pr != NULL; pr = pr->next)
		if (pr->timed && uv_is_active((uv_handle_t *)&pr->timer))
			uv_timer_start(&pr->timer, timer_cb, pr->left, 0);
}

/* End every live process not being ended yet, giving why. */
void
procs_end_all(struct procs *ps, int why)
{
	for (struct proc *pr = ps->live; pr != NULL; pr = pr->next)
		proc_end(pr, why);
}

/*
 * Send signo to every live process's group; one proc_stop() stopped goes
 * on, to take it (SIGCONT lets all go on).
 */
void
procs_signal(struct procs *ps, int signo)
{
	for (struct proc *pr = ps->live; pr != NULL; pr = pr->next) {
		if (pr->host != NULL)
			continue; /* its host process takes it */
		kill(-pr->pid, signo);
		if (signo != SIGSTOP)
			proc_stop(pr, 0);
	}
}

/* Send signo to every group, live or being ended (SIGSTOP, SIGCONT). */
void
procs_signal_all(struct procs *ps, int signo)
{
	procs_signal(ps, signo);
	killer_signal(ps->ender, signo);
}

/* SIGKILL to every group, live or being ended: xpool is going at once. */
void
procs_kill_all(struct procs *ps)
{
	procs_signal(ps, SIGKILL);
	killer_kill_all(ps->ender);
}

void
procs_close(struct procs *ps)
{
	watch_close(ps->watch);
	killer_close(ps->ender);
}

void
procs_free(struct procs *ps)
{
	if (ps == NULL)
		return;
	watch_free(ps->watch);
	killer_free(ps->ender);
	free(ps->hash);
	free(ps->scratch);
	free(ps);
}
