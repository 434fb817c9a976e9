/*
 * xpool -- run commands in parallel over a stream of items.
 *
 * Source map.  Each module includes only those below it; upward calls go
 * through callbacks (proc_cb, pool_driver, output_conf, watch begin/end).
 *   main.c      start-up hygiene, wiring, the exit status (this file)
 *   config.c    option conflicts; each module's configuration, decoded once
 *   options.c   the option table, --help, the command and its ::: sources
 *   sem.c       --semaphore and sem: slots as flock()s on per-user files
 *   onall.c     --onall, --nonall: this program again, once per host
 *   jobs.c      the driver of a process per job: --retries, --init, --pipe,
 *               --timeout, --memfree
 *   worker.c    the driver of --worker: items through long-lived processes
 *   remote.c    -S for the drivers: the slots of hosts that are down,
 *               --ssh-delay
 *   runner.c    a remote slot's jobs, one after another, in one ssh
 *               session: each job's output and status told apart
 *   pool.c      the run: slots, the start gate, job numbers, the one place
 *               a job is over (output, records, counts, --halt), stopping
 *   batch.c     records gathered into jobs: -n, -X, -m
 *   signals.c   SIGCHLD, SIGINT, SIGTERM, SIGHUP through a signalfd
 *   proc.c      one child: its pipes, timer, reaping, ending its group
 *   stall.c     a worker's process group blocked reading its input (/proc)
 *   frame.c     a worker's answers told apart: lines, or up to an --eot line
 *   mark.c      a remote session's job output cut at the mark after it
 *   watch.c     the children's pipes, in one epoll set the loop watches
 *   killseq.c   ending a process group with the --termseq
 *   slurm.c     --slurm-hosts: the allocation's nodes (scontrol) as logins
 *   hosts.c     -S: the hosts and their slots, each one's ssh connection,
 *               a remote job's command, hosts that are down
 *   logins.c    the logins of -S and --sshloginfile parsed ([@G/][N/]HOST),
 *               the login files found, read, and read again when changed
 *   rfiles.c    the files a remote job sends and brings back (rsync),
 *               --basefile, --cleanup, its --workdir and --env
 *   spawn.c     clone and exec into a process group, ended with xpool;
 *               PATH, the environment
 *   output.c    ordered, grouped output; the live job streams; --tag
 *   queue.c     output bytes in segments, in memory or in the spool
 *   latest.c    --latest-line: a row per job on the terminal, redrawn
 *   records.c   --joblog (and --resume), --results, --junit: the names
 *               decoded, each job handed to every record file
 *   joblog.c    the --joblog file, written and read back for --resume
 *   results.c   the --results tree and .jsonl/.json/.csv/.tsv records
 *   junit.c     the --junit report
 *   recio.c     job output captured for the records; the record sink
 *   recenc.c    text as JSON, XML, CSV and directory names spell it
 *   recdef.c    the record files' names and a job's end, as types
 *   progress.c  --bar, --progress, --eta
 *   spool.c     an unlinked temporary file for output past --buffer
 *   zfile.c     --compress: held output through a compressor, read back
 *   spread.c    --shard, --bin: which job a line of standard input goes to
 *   input.c     item sources read lazily, product and --link, --colsep
 *   reader.c    a descriptor read a buffer at a time, cut into items
 *   part.c      --pipe-part: files cut into parts at records' ends, by offset
 *   pipefile.c  --cat, --fifo: a job's block as a temporary file named by {}
 *   csv.c       --csv: a record's fields, as RFC 4180 quotes them
 *   cmdline.c   the argument limit, and packing records for -X and -m
 *   perlexpr.c  one perl process evaluating {= PERL =} and --rpl tags
 *   template.c  the command template: replacement strings, shell or not
 *   valop.c     what a replacement string makes of a value: {.} {/} --plus
 *   quote.c     shell quoting, as GNU parallel spells it
 *   policy.c    --halt, --retries decisions, the median for --timeout P%
 *   limit.c     --limit: a command's verdict, or GNU's mem, load and io
 *   jobserver.c make's jobserver: its tokens, and one offered to the jobs
 *   sys.c       CPUs, descriptors, the time of day, dying of a signal
 *   throttle.c  --delay, --load, --memfree: when a process may start
 *   shellcomp.c --shell-completion: completions/'s scripts, built in
 *   parse.c     option values: numbers, -j forms, durations, --halt
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

#include "buf.h"
#include "cmdline.h"
#include "config.h"
#include "diag.h"
#include "hosts.h"
#include "input.h"
#include "jobs.h"
#include "jobserver.h"
#include "limit.h"
#include "onall.h"
#include "options.h"
#include "perlexpr.h"
#include "pool.h"
#include "progress.h"
#include "records.h"
#include "sem.h"
#include "shellcomp.h"
#include "spawn.h"
#include "sys.h"
#include "template.h"
#include "throttle.h"
#include "worker.h"
#include "xmalloc.h"

#ifndef XPOOL_VERSION
#define XPOOL_VERSION "0.1.0"
#endif

/* The GNU parallel release whose behaviour xpool follows (--minversion). */
#define XPOOL_GNU_VERSION 20221122L

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

/*
 * xpool's own descriptors (the event loop's, libuv's, the signalfd, the
 * epoll set, the jobserver) and one job's pipes, with some to spare.
 */
#define FDS_NEEDED 20

/*
 * Each running job holds a few descriptors: allow as many as possible.
 * Under a small limit, make sure xpool itself fits (libuv aborts when it
 * cannot make its own), rather than fail later without a word.
 */
static void
raise_fd_limit(void)
{
	struct rlimit rl;
	int fds[FDS_NEEDED], n = 0;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return;
	if (rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		(void)setrlimit(RLIMIT_NOFILE, &rl);
	}
	if (rl.rlim_cur >= 256)
		return;
	while (n < FDS_NEEDED && (fds[n] = dup(STDERR_FILENO)) >= 0)
		n++;
	for (int i = 0; i < n; i++)
		close(fds[i]);
	if (n < FDS_NEEDED)
		xpool_fatal(
		    "the limit on open files (%lu) is too low for xpool "
		    "and a job, which need %lu; raise it (ulimit -n)",
		    (unsigned long)rl.rlim_cur,
		    (unsigned long)rl.rlim_cur + FDS_NEEDED - (unsigned long)n);
}

/*
 * --max-line-length-allowed: the longest command a shell is given (sh -c
 * COMMAND), in bytes: the limit on one argument, or the room ARG_MAX leaves
 * beside the environment when that is less; found as GNU parallel finds
 * it, to within 1 %, so that both say the same.
 */
static long
max_line_length(void)
{
	extern char **environ;
	struct cmdline c;
	size_t env = 0;

	for (char **e = environ; *e != NULL; e++)
		env += strlen(*e) + 1 + sizeof(char *);
	cmdline_init(&c, sysconf(_SC_ARG_MAX), sysconf(_SC_PAGESIZE), env);
	return (long)cmdline_found_max(cmdline_max_line(&c));
}

/*
 * --show-limits: GNU parallel's report, on the standard output before any
 * job's; then the run goes on.
 */
static void
show_limits(size_t max_chars)
{
	long max = max_line_length();
	long usable = max_chars > 0 && max_chars < (size_t)max
	    ? (long)max_chars
	    : (long)cmdline_pack_default((size_t)max);

	printf("Maximal size of command: %ld\n"
	       "Maximal usable size of command: %ld\n\n"
	       "Execution will continue now, and it will try to read its "
	       "input\n"
	       "and run commands; if this is not what you wanted to happen, "
	       "please\n"
	       "press CTRL-D or CTRL-C\n",
	    max, usable);
	if (fflush(stdout) != 0)
		xpool_fatal(
		    "cannot write to standard output: %s", strerror(errno));
}

/* After a message about the command line. */
static _Noreturn void
usage_error(void)
{
	xpool_fatal("see 'xpool --help' or 'man xpool' for the options");
}

/* After a message, before any job ran: nothing to flush, nothing to reap. */
static _Noreturn void
startup_failed(void)
{
	_exit(XPOOL_EXIT_ERROR);
}

/* --semaphore (or run as sem): one command, once a slot is free. */
static int
semaphore(const struct options *o)
{
	struct sem_conf sc;
	struct buf line = BUF_INIT;
	int status;

	if (config_sem(&sc, o, &line) != 0)
		usage_error();
	status = sem_run(&sc);
	buf_free(&line);
	return status;
}

/* The modules of one run, as main() wires them. */
/* --shard/--bin/--group-by COL EXPR: the run's perl, EXPR compiled there. */
struct spread_perl {
	const struct tpl_perl *pl;
	int id;
	struct pool **pool; /* --group-by: stopped when EXPR dies */
};

struct run {
	uv_loop_t loop;
	struct jobserver *js;
	struct input *in;
	struct tpl *tpl;
	struct perlx *px; /* started by the first Perl expression */
	struct spread_perl sq, gq;
	struct spawner *sp;
	struct records *rec;
	struct seqset *skip;
	struct progress *prog;
	struct pool *pool;
};

/*
 * The keys EXPR makes of n values (what it leaves in $_ of each), in one
 * request, appended to out: key i at koff[i], klen[i] bytes.
 */
static int
spread_eval(void *arg, const char *const *v, const size_t *vlen, size_t n,
    struct buf *out, size_t *koff, size_t *klen)
{
	struct spread_perl *sq = arg;
	char **field = xcalloc(n, sizeof(*field));
	size_t *flen = xcalloc(n, sizeof(*flen)), base = out->len;
	struct tpl_perl_req *req = xcalloc(n, sizeof(*req));
	struct tpl_vals vals = { field, flen, n, 0, 0, 0 };
	int r;

	for (size_t i = 0; i < n; i++) {
		field[i] = (char *)v[i];
		flen[i] = vlen[i];
		req[i].id = sq->id;
		req[i].field = i + 1;
	}
	r = sq->pl->eval(sq->pl->arg, &vals, req, n, out);
	for (size_t i = 0; r >= 0 && i < n; i++) {
		koff[i] = base + req[i].off;
		klen[i] = req[i].len;
	}
	free(field);
	free(flen);
	free(req);
	if (r < 0 && sq->pool != NULL && *sq->pool != NULL)
		pool_fail(*sq->pool); /* said */
	return r < 0 ? -1 : 0;
}

/* COL EXPR of sp (for option opt): compiled by the run's perl; -1 (said). */
static int
spread_perl(
    struct run *r, struct spread *sp, const char *opt, struct spread_perl *sq)
{
	char *what;

	if (sp == NULL || sp->expr == NULL)
		return 0;
	what = xasprintf("--%s's expression '%s'", opt, sp->expr);
	sq->pl = perlx_callbacks(r->px);
	sq->id = sq->pl->define(sq->pl->arg, what, sp->expr, strlen(sp->expr));
	free(what);
	if (sq->id < 0)
		return -1;
	sp->eval = spread_eval;
	sp->eval_arg = sq;
	return 0;
}

/*
 * make's jobserver (or one of xpool's own, offered to the jobs in MAKEFLAGS
 * before the spawner copies the environment) may change how many jobs run,
 * and make -n is a dry run.
 */
static void
start_loop(struct run *r, struct config *cf)
{
	int e;

	r->js = jobserver_open(&cf->js);
	cf->pool.jobs = cf->js.jobs;
	cf->pool.dry_run = cf->js.dry_run;
	if ((e = uv_loop_init(&r->loop)) != 0)
		xpool_fatal("cannot start the event loop: %s", uv_strerror(e));
	if (r->js != NULL && (e = jobserver_attach(r->js, &r->loop)) != 0) {
		xpool_warn("cannot wait for make's jobserver (%s); running "
		           "one job at a time",
		    uv_strerror(e));
		jobserver_free(r->js);
		r->js = NULL;
		cf->pool.jobs = 1;
	}
	cf->pool.js = r->js;
}

/*
 * A pattern of --plus that cannot be used: say why.  A Perl expression
 * that perl cannot compile, or no perl, was said already (no template).
 */
static int
tpl_failed(const struct tpl *t)
{
	if (t == NULL)
		return 1;
	if (tpl_error(t) == NULL)
		return 0;
	xpool_err("%s", tpl_error(t));
	return 1;
}

/* The same for --filter's conditions. */
static int
filter_failed(const struct tpl_filter *f)
{
	if (f == NULL)
		return 1;
	if (tpl_filter_error(f) == NULL)
		return 0;
	xpool_err("%s", tpl_filter_error(f));
	return 1;
}

/*
 * --shell-completion SHELL: its script; exits 255 for another shell.
 * auto: the shell xpool was started from, as GNU parallel's, else $SHELL's.
 */
static const char *
completion_script(const char *shell)
{
	static char name[32];
	char argv0[512], exe[512];
	const char *script;

	if (strcmp(shell, "auto") == 0 &&
	    sys_started_from(
	        name, sizeof(name), argv0, sizeof(argv0), exe, sizeof(exe)))
		shell = name;
	else if (strcmp(shell, "auto") == 0) {
		shell = getenv("SHELL");
		if (shell == NULL || shell[0] == '\0')
			xpool_fatal("--shell-completion auto: xpool was not "
			            "started from a shell and SHELL is not "
			            "set; give bash, zsh or fish");
	}
	if ((script = shellcomp_script(shell)) == NULL)
		xpool_fatal(
		    "--shell-completion: no completion script for '%s'; "
		    "give bash, zsh or fish",
		    shell);
	return script;
}

/*
 * -S: connect to the hosts; the slots are theirs.  Nothing runs when every
 * host is down.
 */
static int
open_hosts(struct run *r, struct config *cf)
{
	if (cf->pool.dry_run)
		return 0;
	if (hosts_open(cf->hosts, r->sp, cf->pool.jobs) != 0)
		return -1;
	if (hosts_all_down(cf->hosts)) {
		xpool_err("every host is down; nothing was run (see the "
		          "messages above)");
		hosts_close(cf->hosts);
		return -1;
	}
	cf->pool.jobs = (long)hosts_slots(cf->hosts);
	cf->pool.hosts = cf->hosts;
	cf->pool.remote = hosts_remote_slots(cf->hosts);
	cf->pool.ssh_delay = cf->ssh_delay;
	return 0;
}

/* --transferfile and --return: templates, as the command is. */
static int
compile_files(struct config *cf)
{
	size_t n = cf->nsend + cf->nback;
	struct tpl **t;

	if (n == 0)
		return 0;
	t = xcalloc(n, sizeof(*t));
	cf->pool.send = t;
	cf->pool.back = t + cf->nsend;
	cf->pool.nsend = cf->nsend;
	cf->pool.nback = cf->nback;
	for (size_t i = 0; i < n; i++)
		if (tpl_failed(
		        t[i] = tpl_compile(&cf->files[i], 1, &cf->file_tpl)))
			return -1;
	return 0;
}

static void
free_files(struct config *cf)
{
	for (size_t i = 0; i < cf->pool.nsend + cf->pool.nback; i++)
		tpl_free(cf->pool.send[i]);
	free(cf->pool.send);
	free(cf->files);
	free(cf->env);
}

/* The items, the commands made of them and what starts them. */
static int
open_jobs(struct run *r, struct config *cf)
{
	char **names;
	size_t nnames;

	/* --pipe-part --group-by cuts the files at once: EXPR first. */
	r->px = perlx_new(NULL);
	r->gq.pool = &r->pool;
	if (spread_perl(r, &cf->group, "group-by", &r->gq) != 0)
		return -1;
	r->in = input_open(cf->src, cf->nsrc, &cf->input, &r->loop);
	if (cf->group.failed)
		return -1; /* said */
	if (cf->count_items)
		cf->pool.items = input_count(r->in);
	if (config_chunksize(cf) != 0)
		return -1;
	input_names(r->in, &names, &nnames);
	config_names(cf, names, nnames);
	cf->tpl.perl = cf->tag_tpl.perl = cf->init_tpl.perl =
	    cf->file_tpl.perl = cf->tmpl_tpl.perl = perlx_callbacks(r->px);
	r->tpl = tpl_compile(cf->cmd, cf->ncmd, &cf->tpl);
	if (tpl_failed(r->tpl) ||
	    spread_perl(r, cf->pool.spread,
	        cf->pool.spread != NULL && cf->pool.spread->kind == SPREAD_BIN
	            ? "bin"
	            : "shard",
	        &r->sq) != 0)
		return -1;

	/*
	 * Jobs share xpool's standard input only when it is not a source of
	 * items and not a terminal (a job in its own process group that
	 * reads the terminal would be stopped).
	 */
	r->sp = spawner_new(!input_reads_stdin(r->in) && !isatty(STDIN_FILENO));
	if (cf->open_tty)
		spawner_tty(r->sp);
	if (cf->set_nice)
		spawner_nice(r->sp, cf->nice);
	if (cf->slot_var != NULL)
		spawner_slot_var(r->sp, cf->slot_var);
	if (cf->nlaunch > 0)
		spawner_launcher(r->sp, cf->launch, cf->nlaunch);
	else if (tpl_program(r->tpl) != NULL)
		spawner_resolve(r->sp, tpl_program(r->tpl));
	if (cf->tag != NULL &&
	    tpl_failed(cf->pool.tag = tpl_compile(&cf->tag, 1, &cf->tag_tpl)))
		return -1;
	if (cf->ntmpl > 0) {
		cf->pool.tmpl = xcalloc(cf->ntmpl * 2, sizeof(*cf->pool.tmpl));
		for (size_t i = 0; i < cf->ntmpl * 2; i++)
			if (tpl_failed(cf->pool.tmpl[i] = tpl_compile(
			                   &cf->tmpl[i], 1, &cf->tmpl_tpl)))
				return -1;
		cf->pool.ntmpl = cf->ntmpl;
	}
	if (cf->nfilter > 0 &&
	    filter_failed(cf->pool.filter = tpl_filter_new(
	                      cf->filter, cf->nfilter, &cf->tpl)))
		return -1;
	if (cf->init != NULL &&
	    tpl_failed(
	        cf->pool.init = tpl_compile(&cf->init, 1, &cf->init_tpl)))
		return -1;
	return compile_files(cf);
}

/* What watches the jobs: records, progress and throttle (not in a dry run). */
static int
open_watchers(struct run *r, struct config *cf, const struct options *o)
{
	char **names;
	size_t nnames;

	input_names(r->in, &names, &nnames);
	config_records(cf, names, nnames, &r->rec, &r->skip);
	if (!cf->pool.dry_run)
		r->prog = progress_new(&r->loop, &cf->progress);
	cf->pool.prog = r->prog;
	if (config_throttle(cf, o) != 0)
		return -1;
	if (cf->throttled)
		cf->pool.th = throttle_new(&cf->throttle);
	return 0;
}

/* What config_init() decoded. */
static void
free_config(struct config *cf)
{
	hosts_free(cf->hosts);
	for (size_t i = 0; i < cf->nlogins; i++)
		free(cf->logins[i]);
	free(cf->logins);
	free(cf->rpl);
	free(cf->slot_rpl);
	free(cf->zip);
	free(cf->unzip);
	free(cf->tag_text);
	free(cf->launch);
	free(cf->launch_text);
	records_free_commands(cf->retry, cf->nretry);
	spread_free(&cf->spread);
	spread_free(&cf->group);
	free(cf->spread_items);
}

/* The run is over: close every module, and leave the loop empty. */
static void
teardown(struct run *r, struct config *cf)
{
	int e;

	pool_close(r->pool);
	input_close(r->in, NULL, NULL);
	uv_run(&r->loop, UV_RUN_DEFAULT);
	if ((e = uv_loop_close(&r->loop)) != 0) {
		uv_print_all_handles(&r->loop, stderr);
		xpool_bug(
		    "the event loop still has handles: %s", uv_strerror(e));
	}
	pool_free(r->pool);
	throttle_free(cf->pool.th);
	limit_free(cf->pool.limit);
	jobserver_free(r->js);
	progress_free(r->prog);
	records_free(r->rec);
	seqset_free(r->skip);
	/* --cleanup's last removals run through the spawner. */
	hosts_close(cf->hosts);
	spawner_free(r->sp);
	tpl_free(r->tpl);
	tpl_free(cf->pool.tag);
	tpl_free(cf->pool.init);
	free_files(cf);
	tpl_filter_free(cf->pool.filter);
	for (size_t i = 0; i < cf->ntmpl * 2; i++) {
		if (cf->pool.tmpl != NULL)
			tpl_free(cf->pool.tmpl[i]);
		free(cf->tmpl[i]);
	}
	free(cf->pool.tmpl);
	free(cf->tmpl);
	perlx_free(r->px);
	free_config(cf);
}

/*
 * --onall, --nonall: this xpool is the one for host login (ONALL_ENV):
 * that host alone, one job at a time, --tag as its name; --nonall's one
 * job has no items.
 */
static void
onall_host(struct options *o, const char *login)
{
	static char empty[] = "", *none[] = { empty };

	o->sshlogin = xreallocarray(o->sshlogin, 1, sizeof(*o->sshlogin));
	o->sshlogin[0] = login;
	o->nsshlogin = 1;
	free(o->slf);
	o->slf = NULL;
	o->nslf = 0;
	o->slurm_hosts = 0;
	o->jobs = "1";
	if (o->tag && o->tagstring == NULL)
		o->tagstring = login;
	o->tag = 0;
	if (o->nonall) {
		o->src = xreallocarray(o->src, 1, sizeof(*o->src));
		memset(o->src, 0, sizeof(*o->src));
		o->src[0].kind = SRC_LIST;
		o->src[0].path = ":::";
		o->src[0].items = none;
		o->src[0].nitems = 1;
		o->nsrc = 1;
		o->max_args = 0;
		o->no_args = 1;
		o->replace_args = 1;
	}
	o->onall = o->nonall = 0;
}

/* --onall, --nonall: an xpool for each host (without -S: this machine). */
static int
onall(struct options *o, char **argv)
{
	static const char *here = ":";
	struct onall_conf oc;
	struct config cf;
	int status;

	if (o->nsshlogin == 0 && o->nslf == 0 && !o->slurm_hosts) {
		o->sshlogin =
		    xreallocarray(o->sshlogin, 1, sizeof(*o->sshlogin));
		o->sshlogin[0] = here;
		o->nsshlogin = 1;
	}
	if (config_init(&cf, o) != 0)
		startup_failed();
	memset(&oc, 0, sizeof(oc));
	oc.hosts = cf.hosts;
	oc.jobs = o->jobs != NULL ? cf.pool.jobs : 0;
	oc.tmpdir = o->tmpdir;
	oc.argv = argv;
	oc.parent = getpid();
	for (size_t i = 0; o->onall && i < cf.nsrc; i++)
		oc.stdin_items |= cf.src[i].kind == SRC_FILE &&
		    strcmp(cf.src[i].path, "-") == 0;
	oc.stdin_items |= o->onall && cf.nsrc == 0;
	status = onall_run(&oc);
	free_files(&cf);
	free_config(&cf);
	options_free(o);
	return status;
}

/*
 * Die of the signal that stopped the run; else 0, the failed jobs up to 100,
 * 101, what --halt decided, or 255.
 */
static int
exit_status(const struct pool_result *res)
{
	if (res->signo != 0)
		sys_die_of(res->signo);
	if (res->error)
		return XPOOL_EXIT_ERROR;
	if (res->halt_status >= 0)
		return res->halt_status > 255 ? 255 : res->halt_status;
	if (res->failed > 100)
		return 101;
	return (int)res->failed;
}

int
main(int argc, char **argv)
{
	struct options o;
	struct config cf;
	struct run r;
	struct pool_result res;
	char *onall_login = NULL;
	const char *login;

	open_std_streams();
	signal(SIGPIPE, SIG_IGN);
	raise_fd_limit();

	if (options_read(argc, argv, &o) != 0)
		usage_error();
	if (o.record_env && !o.help && !o.version)
		return options_record_env() == 0 ? 0 : XPOOL_EXIT_ERROR;
	if (o.help || o.version || o.cpus_query || o.minversion_given ||
	    o.max_line_length || o.shell_completion) {
		errno = 0;
		if (o.help)
			options_help();
		else if (o.shell_completion)
			fputs(completion_script(o.shell_completion), stdout);
		else if (o.version)
			printf("xpool %s\n", XPOOL_VERSION);
		else if (o.cpus_query)
			printf("%ld\n", sys_cpus(o.cpus_query - 1));
		else if (o.max_line_length)
			printf("%ld\n", max_line_length());
		else
			printf("%ld\n", XPOOL_GNU_VERSION);
		/* A write that failed before the flush leaves only ferror. */
		if (fflush(stdout) != 0 || ferror(stdout)) {
			if (errno == EPIPE)
				sys_die_of(SIGPIPE); /* the reader is gone */
			xpool_fatal("cannot write to standard output: %s",
			    strerror(errno != 0 ? errno : EIO));
		}
		/* --minversion: whether xpool is as new as VERSION. */
		if (o.minversion_given && !o.help && !o.version &&
		    !o.cpus_query && !o.max_line_length &&
		    !o.shell_completion && o.minversion > XPOOL_GNU_VERSION)
			return XPOOL_EXIT_ERROR;
		return 0;
	}
	if (o.semaphore) {
		int status = semaphore(&o);

		options_free(&o);
		return status;
	}
	if ((o.onall || o.nonall) && (login = getenv(ONALL_ENV)) != NULL) {
		login = onall_login = xstrdup(login);
		if (unsetenv(ONALL_ENV) != 0)
			xpool_fatal(
			    "cannot unset %s: %s", ONALL_ENV, strerror(errno));
		onall_host(&o, login);
	}
	if (config_check(&o) != 0)
		usage_error();
	if (o.onall || o.nonall)
		return onall(&o, argv);
	if (config_init(&cf, &o) != 0)
		startup_failed();
	if (o.max_chars > 0 && o.max_chars > (size_t)max_line_length())
		xpool_warn("-s %zu is over the system's limit of %ld bytes, "
		           "which applies; give -s %ld or less",
		    o.max_chars, max_line_length(), max_line_length());
	if (o.show_limits)
		show_limits(o.max_chars);

	memset(&r, 0, sizeof(r));
	start_loop(&r, &cf);
	if (open_jobs(&r, &cf) != 0)
		startup_failed();
	if (open_watchers(&r, &cf, &o) != 0)
		startup_failed();
	if (cf.hosts != NULL && open_hosts(&r, &cf) != 0)
		startup_failed();
	r.pool = pool_new(&r.loop, &cf.pool, r.in, r.tpl, r.sp);
	if (cf.pool.worker)
		worker_drive(r.pool);
	else
		jobs_drive(r.pool);

	pool_start(r.pool);
	uv_run(&r.loop, UV_RUN_DEFAULT);
	pool_result(r.pool, &res);
	progress_finish(r.prog);
	if (r.rec != NULL && records_close(r.rec) != 0)
		res.error = 1;
	if (res.abandoned) {
		/* A write to a stalled reader cannot be cancelled: just go. */
		hosts_close(cf.hosts);
		if (res.signo != 0)
			sys_die_of(res.signo);
		sys_quick_exit(res.error ? XPOOL_EXIT_ERROR : 0);
	}
	teardown(&r, &cf);
	options_free(&o);
	free(onall_login);
	return exit_status(&res);
}
