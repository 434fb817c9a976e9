/*
 * pool_impl.h -- the pool's insides, shared by pool.c and worker.c.
 *
 * Not an interface: main.c and the other modules see only pool.h.  pool.c
 * owns the slots, the jobs and their processes; worker.c (--worker) hands
 * items to long-lived jobs and takes their answers back, through the
 * pool_* functions below.
 */
#ifndef XPOOL_POOL_IMPL_H
#define XPOOL_POOL_IMPL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <uv.h>

#include "buf.h"
#include "cmdline.h"
#include "killseq.h"
#include "policy.h"
#include "pool.h"
#include "watch.h"

#define KILL_GRACE_MS 2000 /* ms to end by itself before it is ended */

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
	struct watch_fd w; /* watches fd */
	int fd; /* the pipe, or -1 once closed */
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
	struct pstream in; /* --pipe: its stdin, while the block goes in */
	size_t inoff; /* bytes of the block written */
	struct ojob *oj;
	struct job *hnext; /* pid hash chain */
	struct job *next, *prev; /* running jobs */
	int handles; /* uv handles not yet closed */
	int ended;
	int init; /* the slot's --init command, not a job */
	int tries; /* this is try number tries (1 the first) */
	int token; /* the jobserver token it holds, or -1 */
	int killed; /* KILLED_*: xpool ended it */
	int timed; /* the timer is set up */
	uv_timer_t timer; /* --timeout */
	uint64_t t0; /* uv_hrtime() at its start */
	double start; /* the time of day at its start */
	struct rec_job *rj; /* its records, or NULL */
	char *cmdtext; /* the command, for messages */
	struct recset args; /* its records, when it may be run again */

	/* --worker: this process answers items. */
	int worker;
	struct witem *wfirst, *wlast; /* sent, not yet answered */
	unsigned long wsent, wanswered;
	struct buf wline; /* its stdout since the last whole line */
	struct buf wbuf; /* bytes for its stdin */
	size_t woff; /* of them written */
	int wclose; /* close its stdin once wbuf is written */
	int wbroken; /* it broke the framing */
};

enum { KILLED_NONE, KILLED_TIMEOUT, KILLED_HALT, KILLED_MEMFREE };

/* --worker: an item sent, or waiting to be sent, to a worker. */
struct witem {
	struct witem *next;
	unsigned long seq;
	struct ojob *oj;
	struct rec_job *rj;
	int tries; /* tries so far */
	char *text; /* the line sent, with its newline */
	size_t len;
	double start;
	uint64_t t0;
};

/* A failed job waiting to be run again (--retries). */
struct retry {
	struct retry *next;
	unsigned long seq;
	struct ojob *oj;
	int tries; /* tries so far */
	int status; /* of the last */
	struct recset args;
};

struct pool {
	uv_loop_t *loop;
	struct pool_conf c;
	struct input *in;
	struct tpl *tpl;
	struct spawner *sp;
	struct output *out;

	unsigned long *free_slots;
	unsigned char *slot_ready; /* --init has run in the slot */
	struct tpl_cmd initcmd;
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
	struct buf cmdline; /* its command as text, when wanted */
	struct buf tagbuf; /* its tag */

	unsigned long seq;
	unsigned long failed, succeeded;
	unsigned long started; /* processes started, tries included */
	unsigned long skipped; /* --resume: jobs not run again */
	struct retry *retry_head, *retry_tail;
	struct killer *ender; /* groups being ended (--termseq) */
	struct runtimes runtimes; /* of successful jobs, for --timeout P% */
	int keep_cmd; /* jobs keep their command text (for messages) */
	struct witem *wq, *wq_tail; /* --worker: items waiting for a worker */
	int wdeaths; /* workers dead in a row before answering anything */
	unsigned long known_total; /* jobs in all, when known from the start */
	size_t eotlen;
	int job_ready; /* p->args holds a whole job */
	int halted;
	int halt_status; /* the exit status --halt decided, or -1 */
	int input_done;
	int stopping; /* no more jobs */
	int signo;
	int error;
	int broken;
	int filling;
	int spare; /* a jobserver token taken for the next start, or -1 */

	int sigfd; /* signalfd of SIGCHLD, SIGINT, SIGTERM and SIGHUP */
	uv_poll_t sigpoll; /* watches sigfd; referenced while jobs run */
	struct watch *watch; /* the jobs' pipes */
	uv_timer_t retry, killer;
	uv_timer_t gate; /* --delay, --load, --memfree: a start waits */
	uv_timer_t memwatch; /* --memfree: is memory running out? */
	int closed_handles;
	char *scratch; /* READ_SIZE bytes, touched only when read into */
};

/* pool.c, for worker.c */
void pool_feed(struct job *);
void pool_fill(struct pool *);
int pool_gather(struct pool *);
void pool_give_spare(struct pool *);
void pool_job_counted(struct pool *, unsigned long, int, double, const char *);
void pool_job_maybe_free(struct job *);
void pool_job_record(
    struct pool *, struct rec_job *, const char *, const struct rec_end *);
void pool_job_timer(struct pool *, struct job *, uv_timer_cb, uint64_t);
struct job *pool_launch(
    struct pool *, unsigned long, unsigned long, int *, int *);
void pool_make_vals(struct pool *, const struct recset *, struct tpl_vals *,
    unsigned long, unsigned long);
int pool_may_start(struct pool *);
struct ojob *pool_new_ojob(struct pool *, const struct tpl_vals *);
void pool_recset_clear(struct recset *);
void pool_retry_soon(struct pool *, int);
void pool_show_progress(struct pool *);
void pool_stop(struct pool *, int);
double pool_time_of_day(void);
uint64_t pool_timeout_ms(struct pool *);

/* worker.c, for pool.c */
void witem_fail(struct pool *, struct witem *, int, const char *);
void worker_fill(struct pool *);
void worker_read(struct job *, int, const char *, size_t);
void worker_ended(struct pool *, struct job *, int, int);

#endif
