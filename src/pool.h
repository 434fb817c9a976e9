/*
 * pool.h -- the run: slots, the start gate, the input, job ends, stopping.
 *
 * Owns what every way of running work shares: the slots ({%}) and the
 * jobserver token each holds, the gate a start waits at (--delay, --load,
 * --memfree, make's jobserver), the records read from input.c and gathered
 * into jobs (batch.c), job numbers ({#}), the one place where a job is over
 * (its output ended, its records written, the counts, --halt, the
 * progress), and stopping on --halt, a signal, or a closed stdout.  It reads
 * SIGCHLD, SIGINT, SIGTERM and SIGHUP from a signalfd and has proc.c reap.
 *
 * How work runs is a driver's business, above this module: jobs.c (a
 * process per job, with --retries, --init and --pipe) or worker.c (items
 * through long-lived processes).  The pool calls its driver only through
 * struct pool_driver; drivers call the pool_* functions below.
 * Knows nothing of how a driver keeps its processes or items.
 */
#ifndef XPOOL_POOL_H
#define XPOOL_POOL_H

#include <stdint.h>

#include <uv.h>

#include "batch.h"
#include "hosts.h"
#include "input.h"
#include "jobserver.h"
#include "output.h"
#include "parse.h"
#include "proc.h"
#include "progress.h"
#include "records.h"
#include "spawn.h"
#include "spread.h"
#include "template.h"
#include "throttle.h"

#define KILL_GRACE_MS 2000 /* ms to end by itself before it is ended */

struct pool_conf {
	long jobs; /* slots */
	long max_args; /* records per job (-n/-N); 0: one, or packed */
	int pack; /* -X / -m / --xargs */
	int spread_last; /* -X / -m: the last records spread over the slots */
	size_t max_chars; /* -s: a command line, as shown, is shorter */
	int exit_long; /* -x: a command over the system's limit ends the run */
	int dry_run;
	int shell_quote; /* --shell-quote: times the dry run's line is quoted */
	int verbose; /* -v: each command on its job's stdout, before it */
	int trace; /* -t: each command on its job's stderr, before it */
	int interactive; /* -p: each job is asked for on the terminal */
	int ungroup; /* -u: jobs write to xpool's own fds 1 and 2 */
	struct tpl *tag; /* --tag / --tagstring, or NULL */
	int color; /* --color: each job's lines in a colour of its own */
	int color_failed; /* --color-failed: a failed job's lines in red */
	int latest; /* --latest-line: 1, 2 with -k (rows by job number) */
	enum output_mode mode; /* how output is grouped and ordered */
	size_t buffer; /* --buffer */
	const char *tmpdir; /* --tmpdir */
	double timeout; /* --timeout, seconds; 0 for none */
	double timeout_pct; /* --timeout P% of the median runtime */
	struct termseq termseq; /* how jobs are ended */
	long retries; /* tries in all for a failing job */
	struct halt halt; /* --halt */
	struct records *rec; /* --joblog, --results, --junit; or NULL */
	const struct seqset *skip; /* --resume: jobs not to run; or NULL */
	struct progress *prog; /* --bar, --progress, --eta; or NULL */
	int drop; /* streams not written, 1 stdout, 2 stderr (--results) */
	int files; /* --files: each job's stdout to a file, its name shown */
	const char *zip; /* --compress: held output through it; or NULL */
	const char *unzip; /* ... and back through this */
	int pipe; /* --pipe: each record is a block for the job's stdin */
	int pipe_part; /* --pipe-part: ... a struct part, a file's bytes */
	int pipe_file; /* --cat, --fifo: PIPEFILE_CAT or _FIFO; or 0 */
	int round_robin; /* --round-robin: blocks go to the running jobs */
	struct spread *spread; /* --tee, --shard, --bin; or NULL */
	struct tpl *init; /* --init: run once in each slot first; or NULL */
	struct tpl_filter *filter; /* --filter: jobs run if true; or NULL */
	struct tpl **tmpl; /* --template: each file's name, then its text */
	size_t ntmpl; /* ... pairs */
	int worker; /* --worker: long-lived processes answer items */
	const char *eot; /* --eot: a result ends with this line; or NULL */
	long maxtasks; /* --maxtasksperchild: items per worker; 0 no limit */
	int pty; /* --pty 1: workers on a pseudo-terminal; --no-pty -1 */
	unsigned long items; /* records in all, when known (else 0) */
	unsigned long total_jobs; /* --total-jobs N, or 0 */
	struct jobserver *js; /* a token for each process; or NULL */
	struct hosts *hosts; /* -S: the hosts the slots are on; or NULL */
	const unsigned char *remote; /* by slot: 1 on a remote host; or NULL */
	double ssh_delay; /* --ssh-delay: seconds between remote starts */
	struct tpl **send, **back; /* --transferfile, --return (-S); or NULL */
	size_t nsend, nback;
	int transfer; /* --transfer: each of a job's values is sent too */
	const char *workdir; /* --workdir, for the jobs on this machine */
	int hostgroups; /* --hostgroups: ITEM@GROUP runs on GROUP's hosts */
	struct throttle *th; /* --delay, --load, --memfree; or NULL */
	struct limit *limit; /* --limit; or NULL */
	int memfree; /* --memfree: end the youngest job when memory is low */
	int memsuspend; /* --memsuspend: stop the youngest when memory is low */
};

struct pool_result {
	unsigned long jobs; /* jobs started (or printed, with --dry-run) */
	unsigned long failed; /* jobs that failed */
	int signo; /* the signal that stopped the run, or 0 */
	int error; /* xpool itself failed (input or output error) */
	int abandoned; /* a job may still hold an output write */
	int halt_status; /* the exit status --halt decided, or -1 */
};

/* How a driver runs work; the pool calls it back through these. */
struct pool_driver {
	void (*fill)(void *); /* start what may start now */
	void (*stop)(void *); /* no more starts: what waits is over */
	int (*waiting)(void *); /* work waits to be run again (or NULL) */
	void (*timeout_known)(void *); /* --timeout P% has a median (or NULL) */
	void (*close)(void *); /* close its handles, pool_close() (or NULL) */
	void (*free)(void *); /* pool_free() (or NULL) */
};

/*
 * Why xpool ended a process (proc_end()): the records say timeout, halt or
 * memfree; a worker that broke the framing, or stalled waiting for input
 * with answers due, is replaced.
 */
enum {
	ENDED_TIMEOUT = 1,
	ENDED_HALT,
	ENDED_MEMFREE,
	ENDED_FRAMING,
	ENDED_STALL, /* a worker waits for input with answers due */
	ENDED_LIMIT, /* --limit's command exited 2 */
};

/* A job's output and its records, written together. */
struct tee {
	struct ojob *oj;
	struct rec_job *rj; /* or NULL */
};

/* How a job (or a worker's item) ended, for good. */
struct job_end {
	unsigned long seq;
	int status; /* 0 for success, else its failure status */
	int exitval; /* what the records say (-1 is written when ended) */
	int signo;
	double start, runtime; /* time of day, seconds */
	size_t send; /* bytes sent to its stdin */
	int ended; /* ENDED_*, or 0 */
	const char *cmd; /* its command, or NULL */
	const char *host; /* -S: the login it ran on, or NULL (this machine) */
};

struct pool;

struct pool *pool_new(uv_loop_t *, const struct pool_conf *, struct input *,
    struct tpl *, struct spawner *);
void pool_drive(struct pool *, const struct pool_driver *, void *);
void pool_start(struct pool *);
void pool_result(const struct pool *, struct pool_result *);
void pool_close(struct pool *);
void pool_free(struct pool *);

/* For drivers: what the run is. */
const struct pool_conf *pool_conf(const struct pool *);
uv_loop_t *pool_loop(struct pool *);
struct procs *pool_procs(struct pool *);
struct output *pool_output(struct pool *);
struct tpl *pool_tpl(struct pool *);
int pool_keeps_cmd(const struct pool *);

/* For drivers: input and job numbers. */
int pool_gather(struct pool *);
struct recset *pool_args(struct pool *);
void pool_args_taken(struct pool *);
int pool_input_over(const struct pool *);
void pool_make_vals(struct pool *, const struct recset *, struct tpl_vals *,
    unsigned long, unsigned long);
unsigned long pool_new_job(
    struct pool *, const struct tpl_vals *, struct tee *);
unsigned long pool_next_seq(const struct pool *);
long pool_gather_lines(struct pool *, long, struct buf *);
unsigned long pool_new_items(struct pool *, unsigned long, struct tee *);
int pool_skipped(struct pool *);

/* For drivers: slots and starts. */
int pool_may_start(struct pool *);
int pool_can_start(const struct pool *);
unsigned long pool_slot_next(const struct pool *);
unsigned long pool_slot_take(struct pool *);
void pool_slot_give(struct pool *, unsigned long);
int pool_slot_choose(struct pool *, int (*)(void *, unsigned long), void *);
void pool_slot_off(struct pool *, unsigned long);
void pool_slot_on(struct pool *, unsigned long);
int pool_slot_is_on(const struct pool *, unsigned long);
void pool_add_slots(struct pool *, unsigned long, const unsigned char *);
long pool_running(const struct pool *);
void pool_started(struct pool *);
void pool_short_of(struct pool *, int);
void pool_fill(struct pool *);
void pool_fill_soon(struct pool *);
const struct cmdline *pool_limits(const struct pool *);
uint64_t pool_timeout_ms(const struct pool *);

/* For drivers: the end of a job, and of the run. */
void tee_add(struct tee *, int, const char *, size_t);
void tee_note(struct tee *, int, const char *, size_t);
void pool_records_begin(
    struct pool *, struct tee *, unsigned long, const struct tpl_vals *);
void pool_finish(struct pool *, struct tee *, const struct job_end *);
void pool_finish_items(
    struct pool *, struct ojob *, unsigned long, unsigned long, int);
void pool_fail_early(struct pool *, struct tee *, unsigned long, int,
    const struct tpl_vals *, const char *, const char *);
int pool_stopping(const struct pool *);
void pool_stop(struct pool *, int);
void pool_fail(struct pool *);
void pool_error(struct pool *);

#endif
