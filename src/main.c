/*
 * xpool -- run commands in parallel over a stream of items.
 *
 * Source map, in the order data flows:
 *   main.c      start-up hygiene, wiring, the exit status (this file)
 *   options.c   the option table, --help, the command and its ::: sources
 *   parse.c     option values: numbers, -j forms, durations, --halt
 *   input.c     item sources read lazily, product and --link, --colsep
 *   template.c  the command template: replacement strings, shell or not
 *   quote.c     shell quoting, as GNU parallel spells it
 *   cmdline.c   the argument limit, and packing records for -X and -m
 *   pool.c      slots and jobs on the event loop, reaping, signals,
 *               --timeout, --retries, --halt (its insides: pool_impl.h)
 *   worker.c    --worker: items through long-lived processes
 *   watch.c     the jobs' pipes, in one epoll set the loop watches
 *   policy.c    --halt conditions, the median runtime for --timeout P%
 *   jobserver.c make's jobserver: its tokens, and one offered to the jobs
 *   throttle.c  --delay, --load, --memfree: when a process may start
 *   killseq.c   ending a process group with the --termseq
 *   spawn.c     posix_spawn into a process group, PATH, the environment
 *   output.c    ordered, grouped output; the live job streams; --tag
 *   spool.c     an unlinked temporary file for output past --buffer
 *   records.c   --joblog (and --resume), --results, --junit
 *   progress.c  --bar, --progress, --eta
 *   buf.c, xmalloc.c, diag.c   buffers, allocation, messages
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <uv.h>

#include "diag.h"
#include "input.h"
#include "jobserver.h"
#include "options.h"
#include "parse.h"
#include "pool.h"
#include "progress.h"
#include "records.h"
#include "spawn.h"
#include "template.h"
#include "throttle.h"

#ifndef XPOOL_VERSION
#define XPOOL_VERSION "0.1.0"
#endif

/*
 * Make sure fds 0, 1 and 2 are open, so that no descriptor xpool opens
 * (libuv's epoll fd first of all) lands on one of them.
 */
static void
open_std_streams(void)
{
	for (int fd = 0; fd < 3; fd++) {
		int n;

		if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		n = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
		if (n < 0)
			_exit(XPOOL_EXIT_ERROR);
		if (n != fd) {
			dup2(n, fd);
			close(n);
		}
	}
}

/* Each running job holds a few descriptors: allow as many as possible. */
static void
raise_fd_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		(void)setrlimit(RLIMIT_NOFILE, &rl);
	}
}

static long
slots(const struct options *o)
{
	long ncpu = pool_usable_cpus(), n;
	const char *why;

	if (o->jobs == NULL)
		return ncpu;
	if (parse_jobs(o->jobs, ncpu, pool_max_jobs(), &n, &why) != 0)
		xpool_fatal(
		    "-j '%s': %s (use N, +N, -N, N%% or 0)", o->jobs, why);
	return n;
}

/* --delay, --load, --memfree. */
static struct throttle *
new_throttle(const struct options *o)
{
	struct throttle_conf tc;
	const char *why;

	memset(&tc, 0, sizeof(tc));
	tc.delay = o->delay;
	tc.memfree = o->memfree;
	if (o->load != NULL &&
	    parse_load(o->load, pool_usable_cpus(), &tc.load, &why) != 0)
		xpool_fatal("--load '%s': %s", o->load, why);
	if (o->memfree > 0) {
		uint64_t total = throttle_mem_total();

		if (total > 0 && o->memfree > total)
			xpool_fatal("--memfree: %.1f GiB is more than the "
			            "memory xpool may use (%.1f GiB); give a "
			            "smaller size",
			    (double)o->memfree / (1 << 30),
			    (double)total / (1 << 30));
	}
	return throttle_new(&tc);
}

/* After a message about the command line. */
static _Noreturn void
usage_error(void)
{
	xpool_fatal("see 'xpool --help' or 'man xpool' for the options");
}

/* Die of the signal that stopped the run, as a well-behaved filter does. */
static _Noreturn void
die_of(int signo)
{
	struct sigaction sa;
	sigset_t set;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigaction(signo, &sa, NULL);
	sigemptyset(&set);
	sigaddset(&set, signo);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(signo);
	_exit(128 + signo);
}

int
main(int argc, char **argv)
{
	struct options o;
	struct input_opts io;
	struct tpl_opts to;
	struct pool_conf pc;
	struct pool_result res;
	struct input *in;
	struct tpl *tpl;
	struct spawner *sp;
	struct pool *pool;
	uv_loop_t loop;
	char **names;
	size_t nnames;
	struct records *rec = NULL;
	struct seqset *skip = NULL;
	struct progress *prog = NULL;
	struct jobserver *js;
	struct js_setup jss;
	int r, stdin_tty;

	open_std_streams();
	signal(SIGPIPE, SIG_IGN);
	raise_fd_limit();

	if (options_parse(argc, argv, &o) != 0)
		usage_error();
	if (o.help) {
		options_help();
		return fflush(stdout) == 0 ? 0 : XPOOL_EXIT_ERROR;
	}
	if (o.version) {
		printf("xpool %s\n", XPOOL_VERSION);
		return fflush(stdout) == 0 ? 0 : XPOOL_EXIT_ERROR;
	}

	/*
	 * make's jobserver (or one of xpool's own, offered to the jobs in
	 * MAKEFLAGS before the spawner copies the environment) may change
	 * how many jobs run, and make -n is a dry run.
	 */
	memset(&jss, 0, sizeof(jss));
	jss.off = o.jobserver_off;
	jss.explicit_jobs = o.jobs != NULL;
	jss.jobs = slots(&o);
	jss.dry_run = o.dry_run;
	js = jobserver_open(&jss);
	o.dry_run = jss.dry_run;

	memset(&pc, 0, sizeof(pc));
	pc.jobs = jss.jobs;
	pc.max_args = o.max_args;
	pc.pack = o.pack;
	pc.dry_run = o.dry_run;
	pc.verbose = o.verbose;

	if ((r = uv_loop_init(&loop)) != 0)
		xpool_fatal("cannot start the event loop: %s", uv_strerror(r));
	if (js != NULL && (r = jobserver_attach(js, &loop)) != 0) {
		xpool_warn("cannot wait for make's jobserver (%s); running "
		           "one job at a time",
		    uv_strerror(r));
		jobserver_free(js);
		js = NULL;
		pc.jobs = 1;
	}
	pc.js = js;

	memset(&io, 0, sizeof(io));
	io.delim = o.delim;
	io.trim = o.trim;
	io.colsep = o.colsep;
	io.header = o.header;
	io.link = o.link;
	io.pipe = o.pipe;
	io.block = o.block;
	io.block_recs = o.pipe ? o.max_args : 0;
	in = input_open(o.src, o.nsrc, &io, &loop);

	/*
	 * The number of items, for --chunksize auto, the progress total and
	 * --halt P%; counting a file reads it once more, so only then.
	 */
	if (o.chunk_auto || o.bar || o.progress || o.eta || o.halt.percent)
		pc.items = input_count(in);
	if (o.chunk_auto) {
		/* multiprocessing.Pool's rule: 4 chunks per worker. */
		unsigned long n = pc.items;

		if (n == 0 || o.pack || o.pipe)
			xpool_fatal("--chunksize auto needs to know how many "
			            "items there are: give them with ::: or in "
			            "a file (-a, ::::), or give a number");
		pc.max_args = o.max_args =
		    (long)((n + 4 * (unsigned long)pc.jobs - 1) /
		        (4 * (unsigned long)pc.jobs));
		io.block_recs = 0;
	}
	memset(&to, 0, sizeof(to));
	to.replstr = o.replstr;
	to.shell = o.shell;
	to.quote = o.quote;
	to.context = o.context;
	to.noappend = o.pipe || o.worker;
	input_names(in, &names, &nnames);
	to.names = names;
	to.nnames = nnames;
	tpl = tpl_compile(o.cmd, o.ncmd, &to);

	/*
	 * Jobs share xpool's standard input only when it is not a source of
	 * items and not a terminal (a job in its own process group that
	 * reads the terminal would be stopped).
	 */
	stdin_tty = isatty(STDIN_FILENO);
	sp = spawner_new(!input_reads_stdin(in) && !stdin_tty);
	if (tpl_program(tpl) != NULL)
		spawner_resolve(sp, tpl_program(tpl));

	/* --tag is --tagstring {}: the items, unquoted. */
	if (o.tag || o.tagstring != NULL) {
		char *words[1] = { (char *)(o.tagstring ? o.tagstring : "{}") };
		struct tpl_opts tagopts = to;

		if (o.tagstring == NULL)
			tagopts.replstr = NULL;
		tagopts.raw = 1;
		tagopts.quote = 0;
		tagopts.context = 0;
		pc.tag = tpl_compile(words, 1, &tagopts);
	}
	if (o.init != NULL) {
		char *words[1] = { (char *)o.init };
		struct tpl_opts initopts = to;

		initopts.noappend = 1;
		initopts.quote = 0;
		initopts.context = 0;
		pc.init = tpl_compile(words, 1, &initopts);
	}
	pc.ungroup = o.group == GROUP_NONE;
	pc.mode = o.group == GROUP_LINE ? OUT_LINES
	    : o.unordered               ? OUT_UNORDERED
	                                : OUT_ORDERED;
	pc.buffer = o.buffer;
	pc.tmpdir = o.tmpdir;
	pc.timeout = o.timeout;
	pc.timeout_pct = o.timeout_pct;
	pc.termseq = o.termseq;
	pc.retries = o.retries;
	pc.halt = o.halt;
	pc.pipe = o.pipe;
	pc.worker = o.worker;
	pc.eot = o.eot;
	pc.maxtasks = o.maxtasks;

	if (!o.dry_run && (o.joblog || o.results || o.junit)) {
		struct records_conf rc;

		if (o.resume || o.resume_failed) {
			const char *path = o.joblog;

			if (path[0] == '+')
				path++;
			if ((skip = records_read_joblog(
			         path, o.resume_failed)) == NULL)
				exit(XPOOL_EXIT_ERROR);
		}
		memset(&rc, 0, sizeof(rc));
		rc.joblog = o.joblog;
		rc.results = o.results;
		rc.junit = o.junit;
		rc.tmpdir = o.tmpdir;
		rc.resuming = o.resume || o.resume_failed;
		if (o.header) {
			rc.header = (const char *const *)names;
			rc.nheader = nnames;
		}
		if ((rec = records_open(&rc)) == NULL)
			exit(XPOOL_EXIT_ERROR);
		/* Records on standard output take the place of the jobs'. */
		pc.drop_stdout =
		    o.results != NULL && strncmp(o.results, "-.", 2) == 0;
	}
	if (!o.dry_run && (o.bar || o.progress || o.eta)) {
		struct progress_conf prc = { o.bar, o.progress, o.eta,
			STDERR_FILENO };

		prog = progress_new(&loop, &prc);
	}
	pc.rec = rec;
	pc.skip = skip;
	pc.prog = prog;
	if (!o.dry_run && (o.delay > 0 || o.load != NULL || o.memfree > 0))
		pc.th = new_throttle(&o);
	pc.memfree = o.memfree > 0;

	pool = pool_new(&loop, &pc, in, tpl, sp);
	pool_start(pool);
	uv_run(&loop, UV_RUN_DEFAULT);
	pool_result(pool, &res);
	progress_finish(prog);
	if (rec != NULL && records_close(rec) != 0)
		res.error = 1;

	if (res.abandoned) {
		/* A write to a stalled reader cannot be cancelled: just go. */
		jobserver_return_all(js);
		if (res.signo != 0)
			die_of(res.signo);
		_exit(res.error ? XPOOL_EXIT_ERROR : 0);
	}
	pool_close(pool);
	input_close(in, NULL, NULL);
	uv_run(&loop, UV_RUN_DEFAULT);
	if ((r = uv_loop_close(&loop)) != 0) {
		uv_print_all_handles(&loop, stderr);
		xpool_bug(
		    "the event loop still has handles: %s", uv_strerror(r));
	}
	pool_free(pool);
	throttle_free(pc.th);
	jobserver_free(js);
	progress_free(prog);
	records_free(rec);
	seqset_free(skip);
	spawner_free(sp);
	tpl_free(tpl);
	tpl_free(pc.tag);
	tpl_free(pc.init);
	options_free(&o);

	if (res.signo != 0)
		die_of(res.signo);
	if (res.error)
		return XPOOL_EXIT_ERROR;
	if (res.halt_status >= 0)
		return res.halt_status > 255 ? 255 : res.halt_status;
	if (res.failed > 100)
		return 101;
	return (int)res.failed;
}
