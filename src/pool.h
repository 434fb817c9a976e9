/*
 * pool.h -- the scheduler: slots, jobs, their processes and their ends.
 *
 * Owns every running job: it takes records from input.c, builds each job's
 * command with template.c, starts it with spawn.c into a slot ({%}), reads
 * its stdout and stderr from pipes on the event loop into output.c, and
 * reaps it.  It also owns the run's policy: how many records a job takes
 * (-n, -N, -X, -m), failures (--timeout, --retries, --halt), and stopping
 * on signals or a closed stdout.  It tells records.c and progress.c how
 * each job went.
 * Data flows one way: input -> pool -> output.
 */
#ifndef XPOOL_POOL_H
#define XPOOL_POOL_H

#include <uv.h>

#include "input.h"
#include "jobserver.h"
#include "output.h"
#include "parse.h"
#include "progress.h"
#include "records.h"
#include "spawn.h"
#include "template.h"
#include "throttle.h"

struct pool_conf {
	long jobs; /* slots */
	long max_args; /* records per job (-n/-N); 0: one, or packed */
	int pack; /* -X / -m */
	int dry_run;
	int verbose;
	int ungroup; /* -u: jobs write to xpool's own fds 1 and 2 */
	struct tpl *tag; /* --tag / --tagstring, or NULL */
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
	int drop_stdout; /* the jobs' stdout is not written (--results -.csv) */
	int pipe; /* --pipe: each record is a block for the job's stdin */
	struct tpl *init; /* --init: run once in each slot first; or NULL */
	int worker; /* --worker: long-lived processes answer items */
	const char *eot; /* --eot: a result ends with this line; or NULL */
	long maxtasks; /* --maxtasksperchild: items per worker; 0 no limit */
	unsigned long items; /* records in all, when known (else 0) */
	struct jobserver *js; /* a token for each process; or NULL */
	struct throttle *th; /* --delay, --load, --memfree; or NULL */
	int memfree; /* --memfree: end the youngest job when memory is low */
};

struct pool_result {
	unsigned long jobs; /* jobs started (or printed, with --dry-run) */
	unsigned long failed; /* jobs that failed */
	int signo; /* the signal that stopped the run, or 0 */
	int error; /* xpool itself failed (input or output error) */
	int abandoned; /* a job may still hold an output write */
	int halt_status; /* the exit status --halt decided, or -1 */
};

struct pool;

long pool_usable_cpus(void);
long pool_max_jobs(void);
struct pool *pool_new(uv_loop_t *, const struct pool_conf *, struct input *,
    struct tpl *, struct spawner *);
struct output *pool_output(struct pool *);
void pool_start(struct pool *);
void pool_result(const struct pool *, struct pool_result *);
void pool_close(struct pool *);
void pool_free(struct pool *);

#endif
