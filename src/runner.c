/*
 * runner.c -- remote jobs through one ssh session per slot.
 *
 * A slot's session is an ssh process (PROC_AUX: the caller's walks of its
 * processes do not see it) running hosts.c's HOSTS_RUNNER on the host.  A
 * job is written to its stdin when the one before is over; what comes back
 * on stdout and stderr up to the mark is the job's (mark.c cuts it), and
 * the mark on stdout carries its status.  Output that comes while no job
 * is in the session (something a job left running, writing after it
 * ended) is dropped: it is no job's.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "mark.h"
#include "runner.h"
#include "sys.h"
#include "xmalloc.h"

/* The mark: random bytes, in hex. */
#define MARK_BYTES 16

struct session {
	struct runner *rn;
	struct proc *pr; /* the ssh, or NULL once it exited */
	int host;
	unsigned long slot;
	struct proc *job; /* the job in it, or NULL */
	int closing; /* its stdin is closed: it takes no more jobs */
	char mark[2 + MARK_BYTES * 2]; /* "\n" and the mark */
	size_t marklen;
	struct buf in; /* what its stdin is being given */
	struct mark cut[2]; /* its stdout and stderr, cut at the mark */
};

struct runner {
	struct procs *ps;
	struct hosts *hosts;
	struct session **s; /* by slot: its session, or NULL */
	size_t n;
	unsigned long retired; /* hosts_retired() when last looked at */
};

struct runner *
runner_new(struct procs *ps, struct hosts *hosts)
{
	struct runner *rn = xcalloc(1, sizeof(*rn));

	rn->ps = ps;
	rn->hosts = hosts;
	return rn;
}

static void
session_free(struct session *s)
{
	buf_free(&s->in);
	mark_free(&s->cut[0]);
	mark_free(&s->cut[1]);
	free(s);
}

/* It takes no more jobs; once its stdin is closed, it exits by itself. */
static void
session_close(struct session *s)
{
	struct runner *rn = s->rn;

	if (s->slot < rn->n && rn->s[s->slot] == s)
		rn->s[s->slot] = NULL;
	if (!s->closing && s->pr != NULL) {
		s->closing = 1;
		proc_send(s->pr, NULL, 0, 1);
	}
}

/* The job is over, all its output given: tell its caller. */
static void
job_over(struct session *s, const struct proc_exit *x)
{
	struct proc *job = s->job;

	s->job = NULL;
	mark_reset(&s->cut[0]);
	mark_reset(&s->cut[1]);
	/* Its host left the login files: the slot runs no more. */
	if (hosts_slot_gone(s->rn->hosts, s->slot))
		session_close(s);
	proc_hosted_exit(job, x);
}

static int
give_stdout(void *arg, const char *p, size_t n)
{
	return proc_hosted_output(arg, 0, p, n);
}

static int
give_stderr(void *arg, const char *p, size_t n)
{
	return proc_hosted_output(arg, 1, p, n);
}

static const mark_out give[2] = { give_stdout, give_stderr };

/*
 * Bytes from the session's stdout (0) or stderr (1): the job's until its
 * mark, nobody's from there to the next job.  Returns nonzero when the
 * job's reader asked to pause.
 */
static int
session_output(void *arg, int which, const char *data, size_t n)
{
	struct session *s = arg;
	int pause;

	if (s->job == NULL)
		return 0;
	pause = mark_feed(&s->cut[which], data, n, give[which], s->job);
	if (s->cut[0].over && s->cut[1].over) {
		struct proc_exit x;

		memset(&x, 0, sizeof(x));
		x.status = x.exitval = s->cut[0].status;
		x.told = 1; /* the session was there to say it */
		job_over(s, &x);
	}
	return pause;
}

/*
 * The session's ssh exited (its pipes drained).  A job still in it is over
 * with ssh's status: 255 for a lost connection, or the signal xpool ended
 * it with; what it held back is its output.
 */
static void
session_exited(void *arg, const struct proc_exit *x)
{
	struct session *s = arg;

	s->pr = NULL;
	session_close(s);
	if (s->job != NULL) {
		for (int i = 0; i < 2; i++)
			(void)mark_flush(&s->cut[i], give[i], s->job);
		job_over(s, x);
	}
	session_free(s);
}

static const struct proc_cb session_cb = { session_output, session_exited, NULL,
	NULL };

/* proc_end() of its job: the session goes, with the --termseq. */
static void
session_end(void *arg, int why)
{
	struct session *s = arg;

	session_close(s);
	if (s->pr != NULL)
		proc_end(s->pr, why);
}

static const struct proc_host session_host = { session_end };

/* A new session for slot on host i; 0, or the errno of its start. */
static int
session_open(struct runner *rn, int i, unsigned long slot, char **argv,
    struct session **sp)
{
	struct session *s = xcalloc(1, sizeof(*s));
	unsigned char r[MARK_BYTES];
	char **sargv;
	int err;

	s->rn = rn;
	s->host = i;
	s->slot = slot;
	sys_random(r, sizeof(r));
	s->mark[0] = '\n';
	for (size_t k = 0; k < sizeof(r); k++)
		snprintf(s->mark + 1 + 2 * k, 3, "%02x", r[k]);
	s->marklen = 1 + 2 * sizeof(r);
	mark_init(&s->cut[0], s->mark, s->marklen, 1);
	mark_init(&s->cut[1], s->mark, s->marklen, 0);
	sargv = hosts_argv(rn->hosts, i, argv, HOSTS_RUNNER, 0, slot);
	err = proc_start(rn->ps, sargv,
	    PROC_STDIN | PROC_CAPTURE | PROC_BIG_PIPE | PROC_AUX, STDOUT_FILENO,
	    0, slot, &session_cb, s, &s->pr);
	if (err != 0) {
		session_free(s);
		return err;
	}
	/* Its first line is the mark. */
	buf_add(&s->in, s->mark + 1, s->marklen - 1);
	buf_addc(&s->in, '\n');
	rn->s = xgrowzero(rn->s, &rn->n, slot, sizeof(*rn->s));
	rn->s[slot] = s;
	*sp = s;
	return 0;
}

/*
 * Run argv (a shell's "SHELL -c TEXT", or a program and its arguments) as
 * job seq in slot on host i, through the slot's session (started when it
 * has none).  Returns 0 with *prp the job, or the errno of what failed.
 */
int
runner_start(struct runner *rn, int i, unsigned long slot, char **argv,
    unsigned long seq, const struct proc_cb *cb, void *data, struct proc **prp)
{
	struct session *s = slot < rn->n ? rn->s[slot] : NULL;
	const char *text, *shell;
	int err;

	if (s != NULL && (s->host != i || s->job != NULL || s->closing)) {
		session_close(s);
		s = NULL;
	}
	if (s == NULL) {
		if ((err = session_open(rn, i, slot, argv, &s)) != 0)
			return err;
	} else
		buf_reset(&s->in);
	text = hosts_job_text(rn->hosts, argv, seq, &shell);
	buf_printf(&s->in, "%lu\n%s\n%s\n", seq, shell, text);
	buf_add(&s->in, s->mark + 1, s->marklen - 1);
	buf_addc(&s->in, '\n');
	s->job = proc_start_hosted(rn->ps, &session_host, s, cb, data);
	proc_send(s->pr, s->in.data, s->in.len, 0);
	*prp = s->job;
	return 0;
}

/* Can the slot's next job go through a session already open? */
int
runner_ready(const struct runner *rn, unsigned long slot)
{
	const struct session *s;

	if (rn == NULL || slot >= rn->n || (s = rn->s[slot]) == NULL)
		return 0;
	return s->host == hosts_of(rn->hosts, slot) && s->job == NULL &&
	    !s->closing;
}

/* No more jobs will come: the sessions without one go. */
void
runner_close_idle(struct runner *rn)
{
	if (rn == NULL)
		return;
	for (size_t k = 0; k < rn->n; k++)
		if (rn->s[k] != NULL && rn->s[k]->job == NULL)
			session_close(rn->s[k]);
}

/*
 * Slots were retired (their host left the login files): their sessions
 * without a job go (those with one, when it is over).  Looks only when
 * hosts_retired() moved.
 */
void
runner_close_gone(struct runner *rn)
{
	if (rn == NULL || rn->retired == hosts_retired(rn->hosts))
		return;
	rn->retired = hosts_retired(rn->hosts);
	for (size_t k = 0; k < rn->n; k++)
		if (rn->s[k] != NULL && rn->s[k]->job == NULL &&
		    hosts_slot_gone(rn->hosts, k))
			session_close(rn->s[k]);
}

void
runner_free(struct runner *rn)
{
	if (rn == NULL)
		return;
	/* Sessions still open are ended by now: their ssh was reaped. */
	free(rn->s);
	free(rn);
}
