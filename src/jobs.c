/*
 * jobs.c -- a process per job, with --retries, --init, --pipe, --timeout,
 * --memfree and --memsuspend.
 *
 * A job's life: its records are gathered by the pool, its command built
 * and checked, its process started in a free slot (proc.c); its output goes
 * to output.c and its records through a tee; when it exits it either runs
 * again (--retries) or is finished by pool_finish().
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cmdline.h"
#include "diag.h"
#include "jobs.h"
#include "limit.h"
#include "part.h"
#include "pipefile.h"
#include "policy.h"
#include "quote.h"
#include "remote.h"
#include "runner.h"
#include "sys.h"
#include "xmalloc.h"

struct jobs;

struct job {
	struct jobs *js;
	struct proc *pr;
	unsigned long seq;
	unsigned long slot;
	int host; /* -S: the host it runs on, or -1 for this machine */
	struct tee t; /* its output and records */
	int tries; /* this is try number tries (1 the first) */
	int init; /* the slot's --init command, not a job */
	int timed; /* its --timeout is set */
	uint64_t t0; /* uv_hrtime() at its start */
	double start; /* the time of day at its start */
	char *cmdtext; /* its command, for messages and records */
	struct recset args; /* kept to run it again, or its --pipe block */
	char *pipefile; /* --cat, --fifo: its {}, removed when it is over */
	char *groups; /* --hostgroups: the groups it may run on, or NULL */
};

/* A failed job waiting to be run again (--retries). */
struct retry {
	struct retry *next;
	unsigned long seq;
	int tries; /* tries so far */
	struct tee t; /* its output (held) and the last try's records */
	struct job_end last; /* how the last try ended */
	char *cmdtext;
	struct recset args;
	int avoid; /* -S: the host it last failed on, or -1 */
	char *groups; /* --hostgroups: the groups it may run on, or NULL */
};

/* Bytes of standard input --tee, --shard and --bin read at a time. */
#define TEE_CHUNK (256 * 1024)

/*
 * --tee: standard input, read a chunk at a time and given to every job;
 * --shard, --bin: its lines shared out among the jobs.
 */
struct teefeed {
	int begun; /* every job has started: the reading is on */
	int eof; /* the input ended: stdins are closed once all is taken */
	int over; /* ... they are closed (or it cannot be read) */
	int watched, pollable; /* poll (pollable) or idle is made */
	uv_poll_t poll;
	uv_idle_t idle; /* standard input is a file: the next turn reads */
	char *buf;
	struct buf in; /* --shard, --bin: the lines not yet shared out */
	struct buf *out; /* ... by job: its share of the last chunk */
	int header_done; /* ... the header line went to every job */
};

struct jobs {
	struct pool *p;
	const struct pool_conf *c;
	struct tpl_cmd cmd, initcmd;
	struct buf msg, why; /* messages about the job being started */
	struct buf cmdline; /* its command as text, when wanted */
	struct buf tmplname, tmpltext; /* a --template file's name and text */
	unsigned char *slot_ready; /* --init has run in the slot */
	size_t nready; /* ... of slots 0..nready-1 */
	struct retry *retry_head, *retry_tail;
	struct pipefile pf; /* --cat, --fifo */
	uv_timer_t memwatch; /* --memfree, --limit: end the youngest job? */
	struct hosts *hosts; /* -S, or NULL */
	struct remote rm; /* -S: hosts that are down, --ssh-delay */
	struct runner *rn; /* -S: each remote slot's session, or NULL */
	struct buf files; /* a job's --transferfile and --return names */
	char **file; /* ... each, pointing into files */
	size_t *fileat, nfsend, nfback; /* ... where each is; how many */
	struct buf wd; /* --workdir on this machine: its directory */
	char **wd_argv; /* ... and the words that run the job there */
	size_t wd_cap;
	struct buf groups; /* --hostgroups: the next job's groups, A+B */
	int grouped; /* its items' @GROUPS are cut off, into groups */
	const char *want; /* the groups a slot is chosen for */
	int render; /* each job's command is wanted as text */
	struct teefeed tee; /* --tee */
};

static void
job_free(struct job *j)
{
	free(j->cmdtext);
	recset_free(&j->args);
	free(j->pipefile);
	free(j->groups);
	free(j);
}

/* ---- a running job --------------------------------------------------------
 */

/* It printed something: whether to stop reading it (output is congested). */
static int
job_output(void *arg, int which, const char *data, size_t n)
{
	struct job *j = arg;

	tee_add(&j->t, which, data, n);
	return output_live(j->t.oj) && output_congested(pool_output(j->js->p));
}

/* It ran past --timeout: say so, end its group with the --termseq. */
static void
job_timed_out(void *arg)
{
	struct job *j = arg;
	struct pool *p = j->js->p;
	struct buf b = BUF_INIT;

	if (proc_ended(j->pr))
		return;
	buf_printf(&b, "xpool: job %lu timed out after %gs", j->seq,
	    (double)pool_timeout_ms(p) / 1000);
	if (j->cmdtext != NULL)
		buf_printf(&b, ": %s", j->cmdtext);
	buf_addc(&b, '\n');
	tee_note(&j->t, 1, b.data, b.len);
	buf_free(&b);
	proc_end(j->pr, ENDED_TIMEOUT);
}

/* Set its --timeout, counted from its start, once one is known. */
static void
arm_timeout(struct job *j)
{
	uint64_t ms = pool_timeout_ms(j->js->p), ran;

	if (ms == 0 || j->timed || j->init)
		return;
	ran = (uv_hrtime() - j->t0) / 1000000;
	j->timed = 1;
	proc_timer(j->pr, ms > ran ? ms - ran : 0);
}

/* Queue a failed try to be run again; it keeps its output and records. */
static void
retry_later(struct jobs *js, struct job *j, const struct job_end *e)
{
	struct retry *re = xcalloc(1, sizeof(*re));

	re->seq = j->seq;
	re->tries = j->tries;
	re->t = j->t;
	re->last = *e;
	re->cmdtext = j->cmdtext;
	re->last.cmd = re->cmdtext;
	re->args = j->args;
	re->avoid = j->host;
	re->groups = j->groups;
	j->groups = NULL;
	j->cmdtext = NULL;
	memset(&j->args, 0, sizeof(j->args));
	if (js->retry_tail)
		js->retry_tail->next = re;
	else
		js->retry_head = re;
	js->retry_tail = re;
}

static void init_exited(struct job *, const struct proc_exit *);
/* A slot on another host than the one a job failed on. */
static int
other_host(void *arg, unsigned long slot)
{
	struct jobs *js = arg;

	return hosts_of(js->hosts, slot) != js->retry_head->avoid;
}

/* A slot on a host of the next job's groups. */
static int
group_host(void *arg, unsigned long slot)
{
	struct jobs *js = arg;

	return hosts_in_groups(js->hosts, hosts_slot_host(js->hosts, slot),
	    js->want, strlen(js->want));
}

/* ... and on another host than the one the job failed on. */
static int
other_group_host(void *arg, unsigned long slot)
{
	return other_host(arg, slot) && group_host(arg, slot);
}

/*
 * The slot a job runs again in: on another host than the one it failed on
 * when one is free; with --hostgroups, on a host of its groups, or it
 * waits for one (1).
 */
static int
retry_slot(struct jobs *js, struct retry *re)
{
	if (js->hosts == NULL)
		return 0;
	if (re->groups == NULL) {
		if (re->avoid >= 0)
			(void)pool_slot_choose(js->p, other_host, js);
		return 0;
	}
	js->want = re->groups;
	if (re->avoid >= 0 && pool_slot_choose(js->p, other_group_host, js))
		return 0;
	return pool_slot_choose(js->p, group_host, js) ? 0 : 1;
}

/*
 * --hostgroups, as GNU parallel: each item is cut at its first @ (with
 * something after it), and the first one's ITEM@A+B makes the job's
 * groups; a free slot on a host of them is made the next one.  Returns 0;
 * 1 when no such slot is free (the job waits for one); -1 when no host is
 * in any of its groups (said: nothing more starts).
 */
static int
group_slot(struct jobs *js, struct recset *args)
{
	if (!js->grouped) {
		buf_reset(&js->groups);
		for (size_t i = 0; i < args->n; i++) {
			char *f = args->bytes.data + args->off[i];
			char *at = memchr(f, '@', args->len[i]);

			if (at == NULL || at + 1 == f + args->len[i])
				continue;
			if (i == 0)
				buf_add(&js->groups, at + 1,
				    (size_t)(f + args->len[i] - at - 1));
			*at = '\0';
			args->len[i] = (size_t)(at - f);
		}
		js->grouped = 1;
	}
	if (js->groups.len == 0 || js->hosts == NULL)
		return 0;
	if (!hosts_group_known(js->hosts, js->groups.data, js->groups.len)) {
		xpool_err(
		    "--hostgroups: input item %lu is for group %s, and no "
		    "host is in it; give one with -S @GROUP/HOST",
		    args->line, js->groups.data);
		pool_args_taken(js->p);
		pool_fail(js->p);
		return -1;
	}
	js->want = js->groups.data;
	return pool_slot_choose(js->p, group_host, js) ? 0 : 1;
}

/* Its process is gone: run it again, or it is over. */
static void
job_exited(void *arg, const struct proc_exit *x)
{
	struct job *j = arg;
	struct jobs *js = j->js;
	struct pool *p = js->p;
	struct job_end e;

	pool_slot_give(p, j->slot);
	/* (A job in a remote session ends on a read, not on SIGCHLD.) */
	pool_fill_soon(p);
	if (j->pipefile != NULL)
		(void)unlink(j->pipefile);
	if (j->init) {
		init_exited(j, x);
		return;
	}
	memset(&e, 0, sizeof(e));
	e.seq = j->seq;
	/* It was ended: whatever it said, it failed. */
	e.status = x->ended && x->status == 0 ? 1 : x->status;
	e.exitval = x->exitval;
	e.signo = x->signo;
	e.start = j->start;
	e.runtime = (double)(uv_hrtime() - j->t0) / 1e9;
	e.send = x->sent;
	e.ended = x->ended;
	e.cmd = j->cmdtext;
	e.host = j->host >= 0 ? hosts_name(js->hosts, j->host) : NULL;
	if (j->host >= 0 && remote_lost(&js->rm, j->host, j->slot, x)) {
		/* It never ran there, or was cut off: not a try. */
		j->tries--;
		retry_later(js, j, &e);
	} else if (retry_due(e.status, j->tries, js->c->retries,
	               pool_stopping(p), x->ended == ENDED_HALT))
		retry_later(js, j, &e);
	else
		pool_finish(p, &j->t, &e);
	job_free(j);
}

/* --round-robin, --tee: its stdin took what it was sent; it may take more. */
static void
job_sent(void *arg)
{
	struct job *j = arg;

	if (j->js->c->round_robin || j->js->c->spread)
		pool_fill(j->js->p);
}

static const struct proc_cb job_cb = { job_output, job_exited, job_timed_out,
	job_sent };

/* One more name for job_files(), its offset in js->files kept. */
static void
add_file(struct jobs *js, size_t *n)
{
	buf_addc(&js->files, '\0');
	js->fileat = xreallocarray(js->fileat, *n + 1, sizeof(*js->fileat));
	js->fileat[(*n)++] = js->files.len;
}

/*
 * A remote job's --transferfile (and --transfer: each of its values) and
 * --return names: js->file, js->nfsend then js->nfback.  Returns 0; or
 * the status of a job that cannot run, with the reason in js->why: a file
 * to send that cannot be read here, or a Perl expression that died.
 */
static int
job_files(struct jobs *js, const struct tpl_vals *v, unsigned long seq)
{
	const struct pool_conf *c = js->c;
	size_t n = 0;

	js->nfsend = js->nfback = 0;
	buf_reset(&js->files);
	add_file(js, &n); /* fileat[k]: where name k starts */
	for (size_t k = 0; k <= c->nsend + c->nback; k++) {
		struct tpl *t;

		for (size_t f = 0;
		     k == c->nsend && c->transfer && f < v->nfield; f++) {
			buf_add(&js->files, v->field[f], v->flen[f]);
			add_file(js, &n);
		}
		if (k == c->nsend + c->nback)
			break;
		t = k < c->nsend ? c->send[k] : c->back[k - c->nsend];
		if (tpl_eval(t, v) < 0) {
			buf_printf(&js->why,
			    "job %lu: a Perl expression in "
			    "--transferfile or --return died",
			    seq);
			return XPOOL_EXIT_ERROR;
		}
		tpl_render(t, v, &js->files);
		add_file(js, &n);
	}
	js->nfback = c->nback;
	js->nfsend = n - 1 - c->nback;
	js->file = xreallocarray(js->file, n, sizeof(*js->file));
	for (size_t k = 0; k + 1 < n; k++)
		js->file[k] = js->files.data + js->fileat[k];
	for (size_t k = 0; k < js->nfsend; k++)
		if (js->file[k][0] != '\0' && access(js->file[k], R_OK) != 0) {
			buf_printf(&js->why,
			    "job %lu: --transferfile: cannot read '%s': %s; "
			    "give a file that is there",
			    seq, js->file[k], strerror(errno));
			return 1;
		}
	return 0;
}

/*
 * --workdir on this machine: sh makes DIR and runs the job in it; a
 * --workdir ... is a directory of the job's own under
 * ~/.parallel/tmp, removed after it.
 */
static char **
local_workdir(struct jobs *js, char **argv, unsigned long seq)
{
	static const char keep[] =
	    "mkdir -p -- \"$0\"&&cd -- \"$0\"||exit 255;exec \"$@\"";
	static const char temp[] =
	    "mkdir -p -- \"$0\"&&cd -- \"$0\"||exit 255;\"$@\";s=$?;"
	    "cd /&&rm -rf -- \"$0\";exit $s";
	const char *w = js->c->workdir, *home = getenv("HOME");
	int tmp = strcmp(w, "...") == 0;
	char host[256];
	size_t n = 0;

	buf_reset(&js->wd);
	if (tmp) {
		if (gethostname(host, sizeof(host)) != 0)
			snprintf(host, sizeof(host), "localhost");
		host[sizeof(host) - 1] = '\0';
		buf_printf(&js->wd, "%s/.parallel/tmp/%s-%ld-%lu",
		    home != NULL ? home : ".", host, (long)getpid(), seq);
	} else
		buf_adds(&js->wd, w);
	while (argv[n] != NULL)
		n++;
	if (n + 5 > js->wd_cap) {
		js->wd_cap = n + 5;
		js->wd_argv =
		    xreallocarray(js->wd_argv, js->wd_cap, sizeof(char *));
	}
	js->wd_argv[0] = (char *)"sh";
	js->wd_argv[1] = (char *)"-c";
	js->wd_argv[2] = (char *)(tmp ? temp : keep);
	js->wd_argv[3] = js->wd.data;
	memcpy(js->wd_argv + 4, argv, (n + 1) * sizeof(char *));
	return js->wd_argv;
}

/*
 * Start a process for the command in js->cmd.  Returns the job, or NULL
 * with *status set: 0 when resources are short (try again later, *err says
 * why), else the status of a job that cannot run, with the reason in
 * js->why.
 */
static struct job *
launch(struct jobs *js, const struct tpl_vals *v, unsigned long seq,
    unsigned long slot, int *status, int *err)
{
	struct pool *p = js->p;
	struct job *j = xcalloc(1, sizeof(*j));
	char **argv =
	    js->pf.kind ? pipefile_argv(&js->pf, js->cmd.argv) : js->cmd.argv;
	int flags = 0, r;

	*status = 0;
	j->host = hosts_of(js->hosts, slot);
	/* (--ssh-delay spaces the ssh starts: a session's next job is none.) */
	if (!runner_ready(js->rn, slot))
		remote_starting(&js->rm, j->host);
	if (j->host >= 0 && js->rn != NULL) {
		/* Through the slot's session: no ssh of its own. */
		r = runner_start(
		    js->rn, j->host, slot, argv, seq, &job_cb, j, &j->pr);
		goto started;
	}
	if (j->host >= 0) {
		/* Its stdin tells the remote side that the connection holds. */
		argv = hosts_argv(js->hosts, j->host, argv,
		    js->c->pipe ? HOSTS_PIPE : HOSTS_JOB, seq, slot);
		flags |= PROC_STDIN;
		if ((*status = job_files(js, v, seq)) != 0) {
			free(j);
			return NULL;
		}
		if ((js->nfsend + js->nfback > 0 ||
		        hosts_moves_files(js->hosts)) &&
		    (argv = hosts_files_argv(js->hosts, j->host, argv, seq,
		         js->file, js->nfsend, js->file + js->nfsend,
		         js->nfback, &js->why)) == NULL) {
			free(j);
			*status = 1;
			return NULL;
		}
	} else if (js->c->workdir != NULL)
		argv = local_workdir(js, argv, seq);
	if (!js->c->ungroup)
		flags |= PROC_CAPTURE;
	if (js->c->pipe || js->c->spread)
		flags |= PROC_STDIN;
	/* A roomier pipe for a job whose output may stream. */
	if (pool_running(p) == 0 || js->c->mode == OUT_LINES)
		flags |= PROC_BIG_PIPE;
	r = proc_start(pool_procs(p), argv, flags, STDOUT_FILENO, seq, slot,
	    &job_cb, j, &j->pr);
started:
	if (r != 0) {
		free(j);
		buf_reset(&js->why);
		*status = spawn_explain(argv[0], r, &js->why);
		*err = r;
		return NULL;
	}
	j->js = js;
	if (js->pf.kind)
		j->pipefile = pipefile_take(&js->pf);
	j->t0 = uv_hrtime();
	j->seq = seq;
	j->slot = pool_slot_take(p);
	j->tries = 1;
	arm_timeout(j);
	return j;
}

/* --pipe: its block goes to its stdin; then its stdin is closed, or not. */
static void
send_block(struct job *j, int close_after)
{
	proc_send(j->pr, j->args.n > 0 ? j->args.bytes.data : "",
	    j->args.n > 0 ? j->args.len[0] : 0, close_after);
}

/* --pipe-part: its part of a file goes to its stdin, straight from it. */
static void
send_part(struct job *j)
{
	struct part pt;

	if (j->args.n != 1 || j->args.len[0] != sizeof(pt))
		xpool_bug("a --pipe-part job without its part");
	memcpy(&pt, j->args.bytes.data, sizeof(pt));
	proc_send_file(j->pr, pt.fd, pt.off, (size_t)pt.len);
}

/*
 * What a job keeps after its start: its command, its records, and its
 * records to run again or its --pipe block, which then goes to its stdin.
 */
static void
job_keep(
    struct jobs *js, struct job *j, struct recset *r, const struct tpl_vals *v)
{
	struct pool *p = js->p;

	j->start = sys_time_of_day();
	pool_started(p);
	pool_records_begin(p, &j->t, j->seq, v);
	if (pool_keeps_cmd(p) && js->cmdline.len > 0)
		j->cmdtext = xstrndup(js->cmdline.data, js->cmdline.len);
	if (js->c->retries > 1 || js->c->pipe || js->hosts != NULL) {
		j->args = *r;
		memset(r, 0, sizeof(*r));
	} else
		recset_clear(r);
	if (js->c->pipe_part)
		send_part(j);
	else if (js->c->pipe)
		send_block(j, !js->c->round_robin);
}

/* ---- starting jobs ----------------------------------------------------------
 */

/*
 * -v: the job's command begins its stdout, as output of its own (tagged,
 * in --files and --results, counted in the joblog's Receive), as in GNU
 * parallel; its records must be begun.  -t: on xpool's stderr, with the
 * job's stderr.
 */
static void
note_cmd(struct jobs *js, struct tee *t)
{
	if (!js->c->verbose && !js->c->trace)
		return;
	buf_addc(&js->cmdline, '\n');
	if (js->c->verbose)
		tee_add(t, 0, js->cmdline.data, js->cmdline.len);
	if (js->c->trace)
		output_note(t->oj, 1, js->cmdline.data, js->cmdline.len);
	js->cmdline.data[--js->cmdline.len] = '\0';
}

/* The job's command as text, when it was rendered. */
static const char *
cmd_text(struct jobs *js)
{
	return js->cmdline.len > 0 ? js->cmdline.data : NULL;
}

/* A job that cannot run: numbered, said why (msg), finished with status. */
static void
start_failed(struct jobs *js, const struct tpl_vals *v, int status,
    const char *cmd, const char *msg)
{
	struct pool *p = js->p;
	struct tee t;
	unsigned long seq = pool_new_job(p, v, &t);

	pool_records_begin(p, &t, seq, v);
	if (cmd != NULL)
		note_cmd(js, &t);
	pool_fail_early(p, &t, seq, status, v, cmd, msg);
	pool_args_taken(p);
}

/*
 * A Perl expression called skip() (status 1): the job is numbered and
 * recorded (GNU parallel's Exitval -2) but not run.  Or one died (-1,
 * said): nothing more starts.
 */
static void
not_run(struct jobs *js, const struct tpl *tpl, const struct tpl_vals *v,
    int status)
{
	struct pool *p = js->p;
	struct tee t;

	if (status > 0) {
		tpl_render(tpl, v, &js->cmdline);
		pool_fail_early(
		    p, &t, pool_new_job(p, v, &t), -2, v, cmd_text(js), NULL);
	} else
		pool_fail(p);
	pool_args_taken(p);
}

/* --shell-quote: the command line quoted for a shell, times times. */
static void
quote_again(struct buf *line, int times)
{
	struct buf q = BUF_INIT;

	for (int k = 0; k < times; k++) {
		buf_reset(&q);
		quote_shell(&q, line->data, line->len);
		buf_reset(line);
		buf_add(line, q.data, q.len);
	}
	buf_free(&q);
}

/*
 * --cat, --fifo: the job's {} is a new temporary file or named pipe.
 * Returns 0, or an errno with the message in js->why.
 */
static int
make_pipefile(struct jobs *js, unsigned long seq, struct tpl_vals *v)
{
	int err;

	if (!js->pf.kind || (err = pipefile_make(&js->pf, v)) == 0)
		return 0;
	buf_reset(&js->why);
	buf_printf(&js->why,
	    "job %lu: cannot make its --%s file in '%s': %s; give a "
	    "writable --tmpdir",
	    seq, js->pf.kind == PIPEFILE_CAT ? "cat" : "fifo", js->c->tmpdir,
	    strerror(err));
	return err;
}

/*
 * --template: each file written, its replacement strings replaced, to its
 * name, replaced too, as GNU parallel writes them (in a dry run too).
 * Returns 0; 1 when a Perl expression died (said); -1 with the message in
 * js->why when a file cannot be written.
 */
static int
write_templates(struct jobs *js, unsigned long seq, const struct tpl_vals *v)
{
	for (size_t i = 0; i < js->c->ntmpl; i++) {
		struct tpl *name = js->c->tmpl[2 * i],
		           *body = js->c->tmpl[2 * i + 1];
		const char *what = "write";
		int fd, err = 0;

		const char *p;
		size_t left;

		if (tpl_eval(name, v) < 0 || tpl_eval(body, v) < 0)
			return 1;
		buf_reset(&js->tmplname);
		buf_reset(&js->tmpltext);
		tpl_render(name, v, &js->tmplname);
		tpl_render(body, v, &js->tmpltext);
		if ((fd = open(
		         js->tmplname.data != NULL ? js->tmplname.data : "",
		         O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666)) < 0) {
			what = "create";
			err = errno;
		} else {
			for (p = js->tmpltext.data, left = js->tmpltext.len;
			     left > 0 && err == 0;) {
				ssize_t n = write(fd, p, left);

				if (n >= 0) {
					p += n;
					left -= (size_t)n;
				} else if (errno != EINTR)
					err = errno;
			}
			if (close(fd) != 0 && err == 0)
				err = errno;
		}
		if (err != 0) {
			buf_reset(&js->why);
			buf_printf(&js->why,
			    "job %lu: cannot %s its --template file '%s': %s",
			    seq, what, js->tmplname.data, strerror(err));
			return -1;
		}
	}
	return 0;
}

/*
 * A command over -s, or with -x over the system's limit (js->why says
 * which): GNU parallel's rule, nothing more starts and the run exits 255.
 */
static void
too_long(struct jobs *js, const struct recset *args)
{
	xpool_err("input item %lu: %s", args->line, js->why.data);
	pool_args_taken(js->p);
	pool_fail(js->p);
}

/*
 * -p: GNU parallel's question on standard error, the command and " ?...";
 * the answer is a line read from the terminal.  1 to run the job when it
 * starts with y or Y (after blanks), 0 to skip it, -1 after a message when
 * there is no terminal.
 */
static int
ask(struct jobs *js)
{
	char *line = NULL;
	size_t cap = 0, i = 0;
	ssize_t n;
	FILE *tty;
	int yes;

	fprintf(stderr, "%s ?...", js->cmdline.data);
	fflush(stderr);
	if ((tty = fopen("/dev/tty", "re")) == NULL) {
		xpool_err("-p (--interactive) asks on the terminal, and "
		          "/dev/tty cannot be opened: %s; run xpool from a "
		          "terminal, or leave out -p",
		    strerror(errno));
		return -1;
	}
	if ((n = getline(&line, &cap, tty)) < 0)
		n = 0;
	fclose(tty);
	while (i < (size_t)n && isspace((unsigned char)line[i]))
		i++;
	yes = i < (size_t)n && (line[i] == 'y' || line[i] == 'Y');
	free(line);
	return yes;
}

/*
 * Start the job whose records are ready.  Returns 0 when the fill should
 * go on, -1 when it must wait (resources are short).
 */
static int
start_one(struct jobs *js)
{
	struct pool *p = js->p;
	struct recset *args = pool_args(p);
	struct tpl *tpl = pool_tpl(p);
	unsigned long seq = pool_next_seq(p), slot;
	struct tpl_vals v;
	struct job *j;
	int status, err, run = 1;

	if (pool_skipped(p))
		return 0;
	if (js->c->hostgroups && (status = group_slot(js, args)) != 0)
		return status > 0 ? -1 : 0;
	slot = js->c->dry_run ? 1 : pool_slot_next(p);
	buf_reset(&js->cmdline);
	pool_make_vals(p, args, &v, seq, slot);
	buf_reset(&js->msg);
	if (args->bad != NULL) {
		buf_printf(
		    &js->msg, "input item %lu %s", args->line, args->bad);
		start_failed(js, &v, 1, NULL, js->msg.data);
		return 0;
	}
	if (make_pipefile(js, seq, &v) != 0) {
		start_failed(js, &v, 1, NULL, js->why.data);
		return 0;
	}
	if ((status = tpl_eval(tpl, &v)) != 0) {
		not_run(js, tpl, &v, status);
		return 0;
	}
	if (js->c->filter != NULL &&
	    (status = tpl_filter_pass(js->c->filter, &v)) != 1) {
		not_run(js, tpl, &v, status == 0 ? 1 : -1);
		return 0;
	}
	if (js->c->ntmpl > 0 && (status = write_templates(js, seq, &v)) != 0) {
		if (status > 0)
			not_run(js, tpl, &v, -1);
		else
			start_failed(js, &v, 1, NULL, js->why.data);
		return 0;
	}
	tpl_expand(tpl, &v, &js->cmd);
	if (js->render)
		tpl_render(tpl, &v, &js->cmdline);
	buf_reset(&js->why);
	if (cmdline_check_chars(pool_limits(p), js->cmdline.len, &js->why) !=
	    0) {
		too_long(js, args);
		return 0;
	}
	/* -p: a job the answer skips is GNU parallel's skip(), not run. */
	if (js->c->interactive && (run = ask(js)) <= 0 &&
	    (run < 0 || !js->c->dry_run)) {
		if (run < 0) {
			pool_args_taken(p);
			pool_fail(p); /* said */
		} else {
			buf_reset(&js->cmdline);
			not_run(js, tpl, &v, 1);
		}
		return 0;
	}
	if (js->c->dry_run) {
		struct tee t;

		seq = pool_new_job(p, &v, &t);
		quote_again(&js->cmdline, js->c->shell_quote);
		buf_addc(&js->cmdline, '\n');
		/* Tagged and coloured as output, as GNU parallel does. */
		output_add(t.oj, 0, js->cmdline.data, js->cmdline.len);
		/* -p: one the answer skips is shown, and fails as skip() does.
		 */
		if (run > 0)
			output_end(t.oj);
		else
			pool_fail_early(p, &t, seq, -2, &v, NULL, NULL);
		pool_args_taken(p);
		return 0;
	}
	if (cmdline_check(pool_limits(p), &js->cmd, &js->why) != 0) {
		if (js->c->exit_long) {
			too_long(js, args);
			return 0;
		}
		buf_printf(&js->msg, "job %lu: %s", seq, js->why.data);
		start_failed(js, &v, 126, cmd_text(js), js->msg.data);
		return 0;
	}
	if ((j = launch(js, &v, seq, slot, &status, &err)) == NULL) {
		if (status == 0) {
			pool_short_of(p, err);
			return -1;
		}
		start_failed(js, &v, status, cmd_text(js), js->why.data);
		return 0;
	}
	if (js->grouped && js->groups.len > 0)
		j->groups = xstrdup(js->groups.data);
	pool_new_job(p, &v, &j->t);
	job_keep(js, j, args, &v);
	note_cmd(js, &j->t);
	pool_args_taken(p);
	return 0;
}

/* ... and what it made for a job that did not start is removed. */
static int
start_job(struct jobs *js)
{
	int r = start_one(js);

	js->grouped &= r != 0;
	pipefile_drop(&js->pf);
	return r;
}

/*
 * Run a failed job again, in its place in the output.  Returns 0, or -1
 * when resources are short.
 */
static int
start_retry(struct jobs *js)
{
	struct pool *p = js->p;
	struct retry *re = js->retry_head;
	unsigned long slot;
	struct tpl_vals v;
	struct job *j;
	int status, err, run;

	if (retry_slot(js, re) != 0)
		return -1;
	slot = pool_slot_next(p);
	pool_make_vals(p, &re->args, &v, re->seq, slot);
	buf_reset(&js->why);
	if (make_pipefile(js, re->seq, &v) != 0) {
		j = NULL;
		status = 1;
	} else if (tpl_eval(pool_tpl(p), &v) < 0) {
		/* Said; the try cannot run, and nothing more starts. */
		pool_fail(p);
		j = NULL;
		status = XPOOL_EXIT_ERROR;
		buf_adds(&js->why, "a Perl expression died");
	}
	tpl_expand(pool_tpl(p), &v, &js->cmd);
	buf_reset(&js->cmdline);
	if (js->c->verbose || js->c->trace || js->c->interactive ||
	    pool_keeps_cmd(p))
		tpl_render(pool_tpl(p), &v, &js->cmdline);
	/* -p asks before each try, as GNU parallel does. */
	if (js->why.len == 0 && js->c->interactive && (run = ask(js)) <= 0) {
		if (run < 0)
			pool_fail(p); /* said */
		j = NULL;
		status = -2;
	} else if (js->why.len == 0 &&
	    (j = launch(js, &v, re->seq, slot, &status, &err)) == NULL &&
	    status == 0) {
		pipefile_drop(&js->pf);
		pool_short_of(p, err);
		return -1;
	}
	pipefile_drop(&js->pf);
	js->retry_head = re->next;
	if (js->retry_head == NULL)
		js->retry_tail = NULL;
	/* Only the last try shows, and is recorded. */
	if (re->t.rj != NULL)
		records_drop(js->c->rec, re->t.rj);
	re->t.rj = NULL;
	output_reset(re->t.oj);
	if (j == NULL) {
		pool_records_begin(p, &re->t, re->seq, &v);
		note_cmd(js, &re->t);
		pool_fail_early(p, &re->t, re->seq, status, &v, cmd_text(js),
		    js->why.len > 0 ? js->why.data : NULL);
	} else {
		j->t = re->t;
		j->tries = re->tries + 1;
		j->groups = re->groups;
		re->groups = NULL;
		job_keep(js, j, &re->args, &v);
		note_cmd(js, &j->t);
	}
	recset_free(&re->args);
	free(re->cmdtext);
	free(re->groups);
	free(re);
	return 0;
}

/* ---- --init
 * ------------------------------------------------------------------- */

/* It writes to xpool's stderr itself, and has no timer. */
static const struct proc_cb init_cb = { NULL, job_exited, NULL, NULL };

/*
 * --init: run the slot's init command before its first job, with the
 * slot's {%}; its output goes to xpool's standard error.  Returns 0 when it
 * started (the slot is busy until it ends), -1 when it did not.
 */
static int
start_init(struct jobs *js)
{
	struct pool *p = js->p;
	unsigned long slot = pool_slot_next(p);
	struct tpl_vals v;
	struct job *j = xcalloc(1, sizeof(*j));
	char **argv;
	int r;

	memset(&v, 0, sizeof(v));
	v.slot = slot;
	if (tpl_eval(js->c->init, &v) < 0) {
		free(j);
		pool_fail(p); /* said */
		return -1;
	}
	tpl_expand(js->c->init, &v, &js->initcmd);
	argv = js->initcmd.argv;
	if ((j->host = hosts_of(js->hosts, slot)) >= 0)
		argv = hosts_argv(js->hosts, j->host, argv, HOSTS_JOB, 0, slot);
	r = proc_start(pool_procs(p), argv, j->host >= 0 ? PROC_STDIN : 0,
	    STDERR_FILENO, 0, slot, &init_cb, j, &j->pr);
	if (r != 0) {
		free(j);
		buf_reset(&js->why);
		if (spawn_explain(argv[0], r, &js->why) == 0) {
			pool_short_of(p, r);
			return -1;
		}
		xpool_err("--init cannot run in slot %lu: %s; stopping", slot,
		    js->why.data);
		pool_fail(p);
		return -1;
	}
	j->js = js;
	j->init = 1;
	j->slot = pool_slot_take(p);
	return 0;
}

/* Has --init run in the slot?  (Slots come with -S's login files.) */
static unsigned char *
slot_ready(struct jobs *js, unsigned long slot)
{
	js->slot_ready = xgrowzero(js->slot_ready, &js->nready, slot, 1);
	return &js->slot_ready[slot];
}

/* A slot's --init ended: the slot is ready, or the run stops. */
static void
init_exited(struct job *j, const struct proc_exit *x)
{
	struct jobs *js = j->js;

	if (x->status == 0)
		*slot_ready(js, j->slot) = 1;
	else if (!pool_stopping(js->p)) {
		struct buf b = BUF_INIT;

		tpl_render(
		    js->c->init, &(struct tpl_vals){ .slot = j->slot }, &b);
		xpool_err("--init failed in slot %lu with status %d: %s; "
		          "stopping",
		    j->slot, x->status, b.data);
		buf_free(&b);
		pool_fail(js->p);
	}
	job_free(j);
}

/* ---- --round-robin ---------------------------------------------------------
 */

/* A running job whose stdin has taken all it was sent, or NULL. */
static struct job *
rr_ready(struct jobs *js)
{
	for (struct proc *pr = procs_first(pool_procs(js->p)); pr != NULL;
	     pr = proc_next(pr)) {
		struct job *j = proc_data(pr);

		if (!j->init && !proc_ended(pr) && proc_stdin_open(pr) &&
		    proc_unsent(pr) == 0)
			return j;
	}
	return NULL;
}

/*
 * Once no slot is free, each block goes to whichever running job is ready
 * for one, as GNU parallel's --round-robin gives it; when the input is
 * over, every job's stdin is closed once it has taken what it was sent.
 */
static void
rr_feed(struct jobs *js)
{
	struct pool *p = js->p;
	struct job *j;

	while (!pool_stopping(p) && (j = rr_ready(js)) != NULL &&
	    pool_gather(p) == 1) {
		recset_free(&j->args);
		j->args = *pool_args(p);
		memset(pool_args(p), 0, sizeof(*pool_args(p)));
		pool_args_taken(p);
		send_block(j, 0);
	}
	if (!pool_input_over(p))
		return;
	for (struct proc *pr = procs_first(pool_procs(p)); pr != NULL;
	     pr = proc_next(pr))
		if (!((struct job *)proc_data(pr))->init && proc_stdin_open(pr))
			proc_send(pr, NULL, 0, 1);
}

/* ---- --tee ------------------------------------------------------------------
 */

/* A running job whose stdin is open, after pr; or NULL. */
static struct proc *
tee_next(struct proc *pr)
{
	for (; pr != NULL; pr = proc_next(pr))
		if (!((struct job *)proc_data(pr))->init && !proc_ended(pr) &&
		    proc_stdin_open(pr))
			return pr;
	return NULL;
}

/* The input is over (or cannot be read): every job's stdin is closed. */
static void
tee_end(struct jobs *js)
{
	struct teefeed *t = &js->tee;

	t->over = 1;
	if (t->watched) {
		if (t->pollable)
			uv_poll_stop(&t->poll);
		else
			uv_idle_stop(&t->idle);
	}
	for (struct proc *pr = tee_next(procs_first(pool_procs(js->p)));
	     pr != NULL; pr = tee_next(proc_next(pr)))
		proc_send(pr, NULL, 0, 1);
}

static void tee_feed(struct jobs *);

/*
 * --shard, --bin: share the whole lines in t->in out among the jobs (and
 * with the input over, the rest, a line without its end); the header line
 * goes to every job.  Returns 0, or -1 after a message.
 */
static int
tee_share(struct jobs *js)
{
	struct teefeed *t = &js->tee;
	struct spread *sp = js->c->spread;
	char *s = t->in.data, *end = s + t->in.len, *nl;
	struct buf why = BUF_INIT;

	for (unsigned long k = 0; k < sp->jobs; k++)
		buf_reset(&t->out[k]);
	while (s < end) {
		size_t len;

		if ((nl = memchr(s, '\n', (size_t)(end - s))) == NULL &&
		    !t->eof)
			break;
		len = nl != NULL ? (size_t)(nl - s) + 1 : (size_t)(end - s);
		if (sp->header && !t->header_done) {
			t->header_done = 1;
			if (spread_header(sp, s, len - (nl != NULL), &why) !=
			    0) {
				xpool_err("--%s: %s",
				    sp->kind == SPREAD_SHARD ? "shard" : "bin",
				    why.data);
				buf_free(&why);
				return -1;
			}
			for (unsigned long k = 0; k < sp->jobs; k++)
				buf_add(&t->out[k], s, len);
		} else {
			unsigned long k = spread_pick(
			    sp, s, len, s + len, (size_t)(end - s - len));

			if (sp->failed)
				return -1; /* said */
			buf_add(&t->out[k], s, len);
		}
		s += len;
	}
	t->in.len = (size_t)(end - s);
	memmove(t->in.data, s, t->in.len);
	return 0;
}

/* Read a chunk of standard input and give it to every job, or share it. */
static void
tee_read(struct jobs *js)
{
	struct teefeed *t = &js->tee;
	int tee = js->c->spread->kind == SPREAD_TEE;
	ssize_t n = read(STDIN_FILENO, t->buf, TEE_CHUNK);

	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n < 0) {
		xpool_err("cannot read standard input for --%s: %s",
		    tee ? "tee" : "shard or --bin", strerror(errno));
		pool_error(js->p);
		tee_end(js);
		return;
	}
	if (n == 0)
		t->eof = 1;
	if (tee && n > 0)
		for (struct proc *pr = tee_next(procs_first(pool_procs(js->p)));
		     pr != NULL; pr = tee_next(proc_next(pr)))
			proc_send(pr, t->buf, (size_t)n, 0);
	if (!tee) {
		buf_add(&t->in, t->buf, (size_t)n);
		if (tee_share(js) != 0) {
			pool_fail(js->p);
			tee_end(js);
			return;
		}
		for (struct proc *pr = tee_next(procs_first(pool_procs(js->p)));
		     pr != NULL; pr = tee_next(proc_next(pr))) {
			struct job *j = proc_data(pr);
			struct buf *b = &t->out[j->seq - 1];

			if (j->seq - 1 < js->c->spread->jobs && b->len > 0)
				proc_send(pr, b->data, b->len, 0);
		}
	}
	tee_feed(js);
}

static void
tee_poll_cb(uv_poll_t *h, int status, int events)
{
	struct jobs *js = h->data;

	(void)events;
	if (status < 0) {
		xpool_err("cannot read standard input for --tee: %s",
		    uv_strerror(status));
		pool_error(js->p);
		tee_end(js);
		return;
	}
	tee_read(js);
}

static void
tee_idle_cb(uv_idle_t *h)
{
	tee_read(h->data);
}

/*
 * Watch standard input: polled when it can be, else (a file, a device)
 * read on the next turn of the loop.  uv_poll_init() makes the descriptor
 * non-blocking; that flag is shared with other processes, so it is put
 * back as it was.
 */
static void
tee_watch(struct jobs *js)
{
	struct teefeed *t = &js->tee;
	uv_loop_t *loop = pool_loop(js->p);
	int flags = fcntl(STDIN_FILENO, F_GETFL);

	t->buf = xmalloc(TEE_CHUNK);
	if (js->c->spread->kind != SPREAD_TEE)
		t->out = xcalloc(js->c->spread->jobs, sizeof(*t->out));
	t->watched = 1;
	if (uv_poll_init(loop, &t->poll, STDIN_FILENO) != 0) {
		uv_idle_init(loop, &t->idle);
		t->idle.data = js;
		return;
	}
	if (flags >= 0)
		(void)fcntl(STDIN_FILENO, F_SETFL, flags);
	t->poll.data = js;
	t->pollable = 1;
}

/*
 * Once every job has started, standard input is read a chunk at a time,
 * the next only when every job has taken the last, as tee(1) would give
 * it; a job that closes its stdin is given no more.  As GNU parallel does,
 * the jobs must all run at once: more of them than -j is an error.
 */
static void
tee_feed(struct jobs *js)
{
	struct pool *p = js->p;
	struct teefeed *t = &js->tee;
	struct proc *pr;
	int busy = 0;

	if (t->over || js->c->dry_run)
		return;
	if (!t->begun) {
		if (pool_running(p) >= js->c->jobs && !pool_stopping(p) &&
		    pool_gather(p) == 1) {
			xpool_err("--tee runs every job at once, and there are "
			          "more jobs than -j %ld: give -j 0 (the "
			          "default with --tee) or fewer items",
			    js->c->jobs);
			pool_fail(p);
		}
		if (pool_stopping(p)) {
			tee_end(js);
			return;
		}
		if (!pool_input_over(p))
			return;
		t->begun = 1;
		tee_watch(js);
	}
	if (pool_stopping(p) ||
	    (pr = tee_next(procs_first(pool_procs(p)))) == NULL) {
		tee_end(js);
		return;
	}
	for (; pr != NULL && !busy; pr = tee_next(proc_next(pr)))
		busy = proc_unsent(pr) > 0;
	if (!busy && t->eof) {
		tee_end(js);
		return;
	}
	if (busy && t->pollable)
		uv_poll_stop(&t->poll);
	else if (busy)
		uv_idle_stop(&t->idle);
	else if (t->pollable)
		uv_poll_start(&t->poll, UV_READABLE, tee_poll_cb);
	else
		uv_idle_start(&t->idle, tee_idle_cb);
}

/* ---- the driver -------------------------------------------------------------
 */

/* All input is taken and no job waits to run again. */
static int
nothing_to_start(const struct jobs *js)
{
	return pool_input_over(js->p) && js->retry_head == NULL;
}

/* Start jobs while there are free slots and records. */
static void
jobs_fill(void *arg)
{
	struct jobs *js = arg;
	struct pool *p = js->p;
	int dry = js->c->dry_run;

	while (dry ? !pool_stopping(p) : pool_can_start(p)) {
		if (dry && output_congested(pool_output(p)))
			break;
		if (!dry && !nothing_to_start(js) &&
		    !runner_ready(js->rn, pool_slot_next(p)) &&
		    remote_wait(&js->rm))
			break;
		if (js->c->init != NULL && !dry &&
		    !*slot_ready(js, pool_slot_next(p))) {
			/* Only when there is a job for the slot to run. */
			if (js->retry_head == NULL && pool_gather(p) != 1)
				break;
			if (!pool_may_start(p) || start_init(js) != 0)
				break;
			continue;
		}
		if (js->retry_head != NULL) {
			if (!pool_may_start(p) || start_retry(js) != 0)
				break;
			continue;
		}
		if (pool_gather(p) != 1)
			break;
		if (!dry && !pool_may_start(p))
			break;
		if (start_job(js) != 0)
			break;
	}
	if (js->c->round_robin && !dry)
		rr_feed(js);
	if (js->c->spread != NULL)
		tee_feed(js);
	if (nothing_to_start(js) || pool_stopping(p)) {
		runner_close_idle(js->rn);
		remote_idle(&js->rm);
	} else
		runner_close_gone(js->rn);
}

/* The run stops: jobs waiting to be run again are over, as their last try. */
static void
jobs_stop(void *arg)
{
	struct jobs *js = arg;

	uv_timer_stop(&js->memwatch);
	remote_stop(&js->rm);
	runner_close_idle(js->rn);
	while (js->retry_head != NULL) {
		struct retry *re = js->retry_head;

		js->retry_head = re->next;
		pool_finish(js->p, &re->t, &re->last);
		recset_free(&re->args);
		free(re->cmdtext);
		free(re->groups);
		free(re);
	}
	js->retry_tail = NULL;
}

static int
jobs_waiting(void *arg)
{
	struct jobs *js = arg;

	return js->retry_head != NULL;
}

/* --timeout P% has its median now: the running jobs get it too. */
static void
jobs_timeout_known(void *arg)
{
	struct jobs *js = arg;

	for (struct proc *pr = procs_first(pool_procs(js->p)); pr != NULL;
	     pr = proc_next(pr))
		arm_timeout(proc_data(pr));
}

/* A job of this machine's that is running, not being ended, not --init. */
static int
suspendable(const struct proc *pr)
{
	const struct job *j = proc_data(pr);

	return !j->init && j->host < 0 && !proc_ended(pr);
}

/*
 * --memsuspend, as GNU parallel does it: with under 2 x SIZE available,
 * only the oldest jobs throttle_memsuspend() allows run, the others are
 * stopped; from 2 x SIZE up, one stopped job (the oldest) goes on.
 */
static void
memsuspend(struct jobs *js)
{
	struct procs *ps = pool_procs(js->p);
	struct proc *oldest = NULL;
	long n = 0, run, k = 0;

	for (struct proc *pr = procs_first(ps); pr != NULL; pr = proc_next(pr))
		n += suspendable(pr);
	if (n == 0)
		return;
	run = throttle_memsuspend(js->c->th, n);
	/* The newest process comes first. */
	for (struct proc *pr = procs_first(ps); pr != NULL;
	     pr = proc_next(pr)) {
		if (!suspendable(pr))
			continue;
		if (run >= 0)
			proc_stop(pr, n - k++ > run);
		else if (proc_stopped(pr))
			oldest = pr;
	}
	if (oldest != NULL)
		proc_stop(oldest, 0);
}

/*
 * --memfree: with under half of SIZE available, the youngest job is ended
 * (with the --termseq) and, under --retries, run again later, as GNU
 * parallel does; --limit: the same when its command exits 2.  Looked at
 * once a second, as --memsuspend is.
 */
static void
on_memwatch(uv_timer_t *t)
{
	struct jobs *js = t->data;
	struct pool *p = js->p;
	struct job *j = NULL;
	int low, way_over;

	if (pool_stopping(p))
		return;
	if (js->c->memsuspend)
		memsuspend(js);
	low = js->c->memfree && throttle_memory_low(js->c->th);
	way_over = !low && js->c->limit != NULL &&
	    limit_check(js->c->limit, uv_now(pool_loop(p))) == LIMIT_WAY_OVER;
	if (!low && !way_over)
		return;
	/* The newest process comes first. */
	for (struct proc *pr = procs_first(pool_procs(p)); pr != NULL;
	     pr = proc_next(pr)) {
		j = proc_data(pr);
		if (!j->init && !proc_ended(pr))
			break;
		j = NULL;
	}
	if (j == NULL)
		return;
	if (low)
		xpool_warn("job %lu ended: only %.0f MiB of memory is "
		           "available, under half of --memfree%s%s%s",
		    j->seq, (double)throttle_mem_available() / (1024 * 1024),
		    j->tries < js->c->retries ? "; it will run again" : "",
		    j->cmdtext != NULL ? ": " : "",
		    j->cmdtext != NULL ? j->cmdtext : "");
	else
		xpool_warn("job %lu ended: --limit '%s' says way over the "
		           "limit (2)%s%s%s",
		    j->seq, limit_text(js->c->limit),
		    j->tries < js->c->retries ? "; it will run again" : "",
		    j->cmdtext != NULL ? ": " : "",
		    j->cmdtext != NULL ? j->cmdtext : "");
	proc_end(j->pr, low ? ENDED_MEMFREE : ENDED_LIMIT);
}

static void
jobs_free(void *arg)
{
	struct jobs *js = arg;

	tpl_cmd_free(&js->cmd);
	tpl_cmd_free(&js->initcmd);
	buf_free(&js->files);
	free(js->file);
	free(js->fileat);
	buf_free(&js->wd);
	free(js->wd_argv);
	pipefile_free(&js->pf);
	buf_free(&js->msg);
	buf_free(&js->why);
	buf_free(&js->groups);
	buf_free(&js->cmdline);
	buf_free(&js->tmplname);
	buf_free(&js->tmpltext);
	free(js->slot_ready);
	remote_free(&js->rm);
	runner_free(js->rn);
	free(js->tee.buf);
	buf_free(&js->tee.in);
	for (unsigned long k = 0;
	     js->tee.out != NULL && k < js->c->spread->jobs; k++)
		buf_free(&js->tee.out[k]);
	free(js->tee.out);
	free(js);
}

static void
jobs_close(void *arg)
{
	struct jobs *js = arg;

	uv_close((uv_handle_t *)&js->memwatch, NULL);
	remote_close(&js->rm);
	if (js->tee.watched)
		uv_close(js->tee.pollable ? (uv_handle_t *)&js->tee.poll
		                          : (uv_handle_t *)&js->tee.idle,
		    NULL);
}

static const struct pool_driver driver = { jobs_fill, jobs_stop, jobs_waiting,
	jobs_timeout_known, jobs_close, jobs_free };

/* Run the pool's work as a process per job. */
void
jobs_drive(struct pool *p)
{
	struct jobs *js = xcalloc(1, sizeof(*js));

	js->p = p;
	js->c = pool_conf(p);
	js->nready = (unsigned long)js->c->jobs + 1;
	js->slot_ready = xcalloc(js->nready, 1);
	js->pf.kind = js->c->pipe_file;
	js->pf.tmpdir = js->c->tmpdir;
	js->pf.dry_run = js->c->dry_run;
	js->render = js->c->dry_run || js->c->verbose || js->c->trace ||
	    js->c->interactive || pool_keeps_cmd(p) || js->c->max_chars > 0;
	uv_timer_init(pool_loop(p), &js->memwatch);
	js->memwatch.data = js;
	if ((js->c->th != NULL && (js->c->memfree || js->c->memsuspend)) ||
	    js->c->limit != NULL) {
		uv_timer_start(&js->memwatch, on_memwatch, 1000, 1000);
		uv_unref((uv_handle_t *)&js->memwatch);
	}
	js->hosts = js->c->hosts;
	remote_init(&js->rm, p);
	/*
	 * Jobs on a remote slot go through the slot's session, but for
	 * those that need an ssh of their own: a --pipe block or --tee share
	 * on stdin, files moved (--transferfile, --return, --cleanup, a
	 * --workdir of its own), output straight through (-u).
	 */
	if (js->hosts != NULL && hosts_any_remote(js->hosts) && !js->c->pipe &&
	    js->c->spread == NULL && !js->c->ungroup &&
	    js->c->nsend + js->c->nback == 0 && !js->c->transfer &&
	    !hosts_moves_files(js->hosts))
		js->rn = runner_new(pool_procs(p), js->hosts);
	pool_drive(p, &driver, js);
}
