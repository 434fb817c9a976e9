/*
 * options.c -- the option table, getopt_long, --help.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "options.h"
#include "parse.h"
#include "xmalloc.h"

enum {
	O_BAR = CHAR_MAX + 1,
	O_BLOCK,
	O_BUFFER,
	O_CHUNKSIZE,
	O_COLSEP,
	O_DELAY,
	O_DRY_RUN,
	O_EOT,
	O_ETA,
	O_GROUP,
	O_HALT,
	O_HEADER,
	O_INIT,
	O_JOBLOG,
	O_JOBSERVER,
	O_JUNIT,
	O_LINE_BUFFER,
	O_LINK,
	O_LOAD,
	O_MAXTASKS,
	O_MEMFREE,
	O_SHELL,
	O_PIPE,
	O_PROGRESS,
	O_RECEND,
	O_RESULTS,
	O_RESUME,
	O_RESUME_FAILED,
	O_RETRIES,
	O_TAG,
	O_TAGSTRING,
	O_TERMSEQ,
	O_TIMEOUT,
	O_TMPDIR,
	O_TRIM,
	O_UNORDERED,
	O_WORKER,
};

struct optdef {
	const char *lname; /* without "--", or NULL for a letter only */
	int letter; /* the short option, or 0 */
	int id;
	const char *arg; /* the argument's name in --help, or NULL */
	const char *help;
};

/* Sorted by long name (letters only at their letter). */
static const struct optdef optdefs[] = {
	{ "arg-file", 'a', 'a', "FILE",
	    "read items from FILE (repeatable; - is standard input)" },
	{ "bar", 0, O_BAR, NULL, "show a progress bar on standard error" },
	{ "block", 0, O_BLOCK, "SIZE",
	    "with --pipe: blocks of about SIZE bytes (default 1M; K M G)" },
	{ "buffer", 0, O_BUFFER, "SIZE",
	    "hold up to SIZE of waiting output in memory, then use a "
	    "temporary file (default 64M; K M G T)" },
	{ "chunksize", 0, O_CHUNKSIZE, "N|auto",
	    "the same as -n N; auto: Pool's rule, items / (4 x jobs), "
	    "rounded up" },
	{ "colsep", 0, O_COLSEP, "REGEX",
	    "split each item into columns {1} {2} ... at REGEX" },
	{ "delay", 0, O_DELAY, "DURATION",
	    "start a job at most once per DURATION (0.5, 2s, 300ms)" },
	{ "delimiter", 'd', 'd', "DELIM",
	    "items end with DELIM, not newline (\\n \\t \\0 \\xHH ...)" },
	{ "dry-run", 0, O_DRY_RUN, NULL,
	    "print the commands instead of running them" },
	{ "eot", 0, O_EOT, "STRING",
	    "with --worker: a result ends with a line STRING (or STRING N: "
	    "failed with status N)" },
	{ "eta", 0, O_ETA, NULL,
	    "show the estimated time left on standard error" },
	{ "group", 0, O_GROUP, NULL,
	    "keep each job's output together (the default)" },
	{ "halt", 0, O_HALT, "WHEN,WHY=N",
	    "stop early: now or soon, when fail=N, success=N or done=N jobs "
	    "(N or N%) ended" },
	{ "halt-on-error", 0, O_HALT, "WHEN,WHY=N", "the same as --halt" },
	{ "header", 0, O_HEADER, ":",
	    "the first item of each source names its columns ({name})" },
	{ "help", 'h', 'h', NULL, "print this help and exit" },
	{ NULL, 'I', 'I', "STR", "use STR instead of {} for the item" },
	{ "init", 0, O_INIT, "CMD",
	    "run CMD once in each slot before its first job ({%} is the "
	    "slot); stop if it fails" },
	{ "jobs", 'j', 'j', "N",
	    "run N jobs at once: N, +N, -N, N% of the usable CPUs, or 0 "
	    "for as many as possible (default: the usable CPUs)" },
	{ "joblog", 0, O_JOBLOG, "FILE",
	    "log each job to FILE as GNU parallel does (+FILE appends; - is "
	    "standard output)" },
	{ "jobserver", 0, O_JOBSERVER, "auto|off",
	    "auto: share make's job slots inside make -jN, and offer -j's "
	    "slots to make or xpool run by the jobs (the default); off: "
	    "neither" },
	{ "junit", 0, O_JUNIT, "FILE",
	    "write a JUnit XML report to FILE, one test case per job" },
	{ "keep-order", 'k', 'k', NULL,
	    "output in input order (the default; see --unordered)" },
	{ "lb", 0, O_LINE_BUFFER, NULL, "the same as --line-buffer" },
	{ "line-buffer", 0, O_LINE_BUFFER, NULL,
	    "output whole lines as soon as they are complete, from any job, "
	    "not in input order" },
	{ "link", 0, O_LINK, NULL,
	    "pair the input sources up instead of combining them" },
	{ "load", 0, O_LOAD, "N",
	    "start a job only while fewer than N processes run on the "
	    "machine (N or N% of the usable CPUs)" },
	{ NULL, 'm', 'm', NULL,
	    "put as many items into each command as the system allows" },
	{ "max-args", 'n', 'n', "N",
	    "put up to N items into each command (with --worker: send N "
	    "items at a time)" },
	{ "maxtasksperchild", 0, O_MAXTASKS, "N",
	    "with --worker: replace each worker after N items" },
	{ "memfree", 0, O_MEMFREE, "SIZE",
	    "start a job only while SIZE of memory is available; end the "
	    "youngest job if under half is (K M G T)" },
	{ "max-replace-args", 'N', 'N', "N",
	    "put N items into each command, as {1} to {N}" },
	{ "no-run-if-empty", 'r', 'r', NULL,
	    "run nothing for empty input (always so; for xargs users)" },
	{ "null", '0', '0', NULL, "items end with a NUL byte, not newline" },
	{ NULL, 'P', 'j', "N", "the same as -j" },
	{ "pipe", 0, O_PIPE, NULL,
	    "give each job a block of standard input on its standard input, "
	    "whole records only (--block, -N)" },
	{ "progress", 0, O_PROGRESS, NULL,
	    "show running, done and failed jobs on standard error" },
	{ "quote", 'q', 'q', NULL,
	    "pass each word of the command as one argument, never to a "
	    "shell" },
	{ "recend", 0, O_RECEND, "DELIM",
	    "with --pipe: records end with DELIM (default newline; -0: NUL)" },
	{ "results", 0, O_RESULTS, "NAME",
	    "keep each job's output and status: in directory NAME, or one "
	    "record per job in NAME.jsonl, .csv or .tsv" },
	{ "resume", 0, O_RESUME, NULL,
	    "skip the jobs the --joblog file already lists" },
	{ "resume-failed", 0, O_RESUME_FAILED, NULL,
	    "skip the jobs the --joblog file lists as succeeded; run the "
	    "rest" },
	{ "retries", 0, O_RETRIES, "N",
	    "run a failing job up to N times in all; only the last try's "
	    "output is shown" },
	{ "shell", 0, O_SHELL, "PATH",
	    "the shell for commands that need one (default /bin/sh)" },
	{ "tag", 0, O_TAG, NULL,
	    "put the job's items and a TAB before each line it prints" },
	{ "tagstring", 0, O_TAGSTRING, "STR",
	    "put STR (replacement strings work) and a TAB before each line" },
	{ "term-seq", 0, O_TERMSEQ, "SEQ", "the same as --termseq" },
	{ "termseq", 0, O_TERMSEQ, "SEQ",
	    "how a job is ended: signals and waits in ms (default "
	    "TERM,200,TERM,100,TERM,50,KILL,25)" },
	{ "timeout", 0, O_TIMEOUT, "DURATION",
	    "end a job that runs longer (30s, 2m, 500ms; or P% of the "
	    "median runtime)" },
	{ "tmpdir", 0, O_TMPDIR, "DIR",
	    "where output past --buffer waits (default $TMPDIR, or /tmp)" },
	{ "trim", 0, O_TRIM, "n|l|r|lr",
	    "remove blanks from the left and/or right of each item" },
	{ "ungroup", 'u', 'u', NULL,
	    "let jobs write straight to the output: fastest, but lines of "
	    "different jobs can mix" },
	{ "unordered", 0, O_UNORDERED, NULL,
	    "output each job as it finishes, not in input order" },
	{ "verbose", 'v', 'v', NULL,
	    "print each command on standard error before it runs" },
	{ "version", 'V', 'V', NULL, "print the version and exit" },
	{ "worker", 0, O_WORKER, NULL,
	    "run COMMAND once per slot and feed it items on its stdin, one "
	    "result line (or --eot block) per item" },
	{ NULL, 'X', 'X', NULL,
	    "like -m, repeating the word around {} for each item" },
};

#define NOPTS (sizeof(optdefs) / sizeof(optdefs[0]))

void
options_help(void)
{
	struct buf b = BUF_INIT;

	buf_adds(&b,
	    "usage: xpool [OPTION]... [COMMAND [ARG]...] "
	    "[::: ITEM... | :::: FILE...]...\n"
	    "Run COMMAND once for each item, several at a time; output in "
	    "input order.\n"
	    "Items come from standard input, one per line, unless -a, ::: "
	    "or :::: give them.\n\n");
	for (size_t i = 0; i < NOPTS; i++) {
		const struct optdef *o = &optdefs[i];
		size_t start = b.len;

		buf_adds(&b, "  ");
		if (o->letter)
			buf_printf(
			    &b, "-%c%s", o->letter, o->lname ? ", " : "");
		else
			buf_adds(&b, "    ");
		if (o->lname)
			buf_printf(&b, "--%s", o->lname);
		if (o->arg)
			buf_printf(&b, " %s", o->arg);
		while (b.len - start < 28)
			buf_addc(&b, ' ');
		if (b.len - start > 28)
			buf_adds(&b, "\n                            ");
		buf_printf(&b, "%s\n", o->help);
	}
	buf_adds(&b,
	    "\nReplacement strings: {} item, {.} without extension, {/} "
	    "basename,\n{//} dirname, {/.} basename without extension, {#} "
	    "job number, {%} slot,\n{N} source or column N, {N.} {N/} ... "
	    "Items are always shell-quoted.\n\n"
	    "Exit status: 0 all jobs succeeded, 1-100 that many failed, 101 "
	    "more than 100\nfailed, 255 xpool could not start (bad option, "
	    "unreadable file).\n"
	    "Full documentation: man xpool\n");
	fwrite(b.data, 1, b.len, stdout);
	buf_free(&b);
}

static _Noreturn void
usage_error(void)
{
	xpool_fatal("see 'xpool --help' or 'man xpool' for the options");
}

static int
is_sep(const char *s)
{
	return strcmp(s, ":::") == 0 || strcmp(s, "::::") == 0 ||
	    strcmp(s, ":::+") == 0 || strcmp(s, "::::+") == 0;
}

static void
add_src(struct options *o, enum src_kind kind, const char *path, int linked)
{
	struct src_spec *s;

	o->src = xreallocarray(o->src, o->nsrc + 1, sizeof(*o->src));
	s = &o->src[o->nsrc++];
	memset(s, 0, sizeof(*s));
	s->kind = kind;
	s->path = path;
	s->linked = linked;
}

/* The command, then ::: and :::: groups. */
static int
parse_operands(struct options *o, int argc, char **argv)
{
	int i = 0;

	while (i < argc && !is_sep(argv[i]))
		i++;
	o->cmd = argv;
	o->ncmd = (size_t)i;
	while (i < argc) {
		const char *sep = argv[i++];
		int files = strncmp(sep, "::::", 4) == 0;
		int linked = sep[strlen(sep) - 1] == '+';
		int first = i;

		while (i < argc && !is_sep(argv[i]))
			i++;
		if (files) {
			if (i == first) {
				xpool_err("'%s' needs at least one file after "
				          "it",
				    sep);
				return -1;
			}
			for (int k = first; k < i; k++)
				add_src(o, SRC_FILE, argv[k],
				    k == first ? linked : 0);
		} else {
			add_src(o, SRC_LIST, sep, linked);
			o->src[o->nsrc - 1].items = argv + first;
			o->src[o->nsrc - 1].nitems = (size_t)(i - first);
		}
		if (linked && o->nsrc == 1) {
			xpool_err("'%s' pairs with the input source before "
			          "it, and there is none; use ::: first",
			    sep);
			return -1;
		}
	}
	return 0;
}

static int
number(const char *opt, const char *arg, long min, long *out)
{
	const char *why;

	if (parse_long(arg, min, INT_MAX, out, &why) != 0) {
		xpool_err("%s '%s': %s; give a whole number", opt, arg, why);
		return -1;
	}
	return 0;
}

/* --pipe reads one stream of records: what cannot go with it. */
static int
pipe_conflicts(const struct options *o)
{
	const char *other = NULL;

	for (size_t i = 0; i < o->nsrc; i++)
		if (o->src[i].kind == SRC_LIST)
			other = "::: items";
	if (o->nsrc > 1)
		other = "more than one input source";
	if (o->pack)
		other = o->context ? "-X" : "-m";
	if (o->colsep != NULL)
		other = "--colsep";
	if (o->header)
		other = "--header";
	if (o->trim)
		other = "--trim";
	if (other == NULL)
		return 0;
	xpool_err("--pipe gives each job a block of one input on its "
	          "standard input; it does not go with %s",
	    other);
	return -1;
}

/* --worker feeds items to long-lived processes: what cannot go with it. */
static int
worker_conflicts(const struct options *o)
{
	const char *other = NULL;

	if (o->pipe)
		other = "--pipe";
	if (o->pack)
		other = o->context ? "-X" : "-m";
	if (o->replace_args)
		other = "-N (use -n for the items sent at a time)";
	if (o->group == GROUP_NONE)
		other = "-u (xpool reads the workers' answers)";
	if (o->dry_run)
		other = "--dry-run";
	if (o->init)
		other = "--init (a worker can set itself up)";
	if (o->ncmd == 0)
		other = "no command (give the worker's command)";
	if (other == NULL)
		return 0;
	xpool_err("--worker does not go with %s", other);
	return -1;
}

int
options_parse(int argc, char **argv, struct options *o)
{
	struct option lopts[NOPTS + 1];
	char sopts[3 * NOPTS + 3];
	size_t nl = 0, ns = 0;
	const char *why;
	int c, idx;
	struct src_spec *files = NULL;
	size_t nfiles = 0;

	memset(o, 0, sizeof(*o));
	o->delim = '\n';
	o->buffer = (size_t)64 * 1024 * 1024;
	o->block = 1024 * 1024;
	(void)parse_termseq(
	    "TERM,200,TERM,100,TERM,50,KILL,25", &o->termseq, &why);
	sopts[ns++] = '+';
	sopts[ns++] = ':';
	for (size_t i = 0; i < NOPTS; i++) {
		const struct optdef *d = &optdefs[i];

		if (d->lname) {
			lopts[nl].name = d->lname;
			lopts[nl].has_arg =
			    d->arg ? required_argument : no_argument;
			lopts[nl].flag = NULL;
			lopts[nl].val = d->id;
			nl++;
		}
		if (d->letter) {
			sopts[ns++] = (char)d->letter;
			if (d->arg)
				sopts[ns++] = ':';
		}
	}
	sopts[ns] = '\0';
	memset(&lopts[nl], 0, sizeof(lopts[nl]));

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, sopts, lopts, &idx)) != -1) {
		/* A letter may stand for another option's id (-P is -j). */
		for (size_t i = 0; i < NOPTS; i++)
			if (optdefs[i].letter == c) {
				c = optdefs[i].id;
				break;
			}
		switch (c) {
		case '0':
			o->delim = '\0';
			break;
		case 'a':
			files =
			    xreallocarray(files, nfiles + 1, sizeof(*files));
			memset(&files[nfiles], 0, sizeof(files[0]));
			files[nfiles].kind = SRC_FILE;
			files[nfiles++].path = optarg;
			break;
		case 'd':
			if (parse_delim(optarg, &o->delim, &why) != 0) {
				xpool_err("-d '%s': %s", optarg, why);
				goto fail;
			}
			break;
		case 'h':
			o->help = 1;
			break;
		case 'I':
			if (optarg[0] == '\0') {
				xpool_err("-I: the replacement string is "
				          "empty; give one such as {} or XX");
				goto fail;
			}
			o->replstr = optarg;
			break;
		case 'j':
			o->jobs = optarg;
			break;
		case 'k':
			o->unordered = 0;
			break;
		case 'm':
			o->pack = 1;
			break;
		case 'n':
		case 'N':
			if (number(c == 'n' ? "-n" : "-N", optarg, 1,
			        &o->max_args) != 0)
				goto fail;
			o->replace_args = c == 'N';
			o->chunk_auto = 0;
			break;
		case 'q':
			o->quote = 1;
			break;
		case 'r':
			break;
		case 'v':
			o->verbose = 1;
			break;
		case 'V':
			o->version = 1;
			break;
		case 'X':
			o->pack = 1;
			o->context = 1;
			break;
		case 'u':
			o->group = GROUP_NONE;
			break;
		case O_BUFFER:
			if (parse_size(optarg, &o->buffer, &why) != 0) {
				xpool_err("--buffer '%s': %s", optarg, why);
				goto fail;
			}
			break;
		case O_GROUP:
			o->group = GROUP_JOB;
			break;
		case O_HALT:
			if (parse_halt(optarg, &o->halt, &why) != 0) {
				xpool_err("--halt '%s': %s", optarg, why);
				goto fail;
			}
			break;
		case O_BLOCK:
			o->block_given = 1;
			if (parse_size(optarg, &o->block, &why) != 0) {
				xpool_err("--block '%s': %s", optarg, why);
				goto fail;
			}
			if (o->block == 0) {
				xpool_err("--block '%s': must be at least 1 "
				          "byte",
				    optarg);
				goto fail;
			}
			break;
		case O_CHUNKSIZE:
			if (strcmp(optarg, "auto") == 0) {
				o->chunk_auto = 1;
				break;
			}
			if (number("--chunksize", optarg, 1, &o->max_args) != 0)
				goto fail;
			o->chunk_auto = 0;
			o->replace_args = 0;
			break;
		case O_WORKER:
			o->worker = 1;
			break;
		case O_EOT:
			if (optarg[0] == '\0' || strchr(optarg, '\n')) {
				xpool_err("--eot: give a non-empty string "
				          "without a newline");
				goto fail;
			}
			o->eot = optarg;
			break;
		case O_MAXTASKS:
			if (number("--maxtasksperchild", optarg, 1,
			        &o->maxtasks) != 0)
				goto fail;
			break;
		case O_INIT:
			if (optarg[0] == '\0') {
				xpool_err("--init: the command is empty");
				goto fail;
			}
			o->init = optarg;
			break;
		case O_PIPE:
			o->pipe = 1;
			break;
		case O_RECEND:
			o->recend_given = 1;
			if (parse_delim(optarg, &o->delim, &why) != 0) {
				xpool_err("--recend '%s': %s", optarg, why);
				goto fail;
			}
			break;
		case O_BAR:
			o->bar = 1;
			break;
		case O_ETA:
			o->eta = 1;
			break;
		case O_PROGRESS:
			o->progress = 1;
			break;
		case O_JOBLOG:
			o->joblog = optarg;
			break;
		case O_JUNIT:
			o->junit = optarg;
			break;
		case O_RESULTS:
			o->results = optarg;
			break;
		case O_RESUME:
			o->resume = 1;
			break;
		case O_RESUME_FAILED:
			o->resume_failed = 1;
			break;
		case O_RETRIES:
			if (number("--retries", optarg, 0, &o->retries) != 0)
				goto fail;
			break;
		case O_TERMSEQ:
			if (parse_termseq(optarg, &o->termseq, &why) != 0) {
				xpool_err("--termseq '%s': %s", optarg, why);
				goto fail;
			}
			break;
		case O_TIMEOUT:
			if (parse_timeout(optarg, &o->timeout, &o->timeout_pct,
			        &why) != 0) {
				xpool_err("--timeout '%s': %s", optarg, why);
				goto fail;
			}
			break;
		case O_LINE_BUFFER:
			o->group = GROUP_LINE;
			break;
		case O_TAG:
			o->tag = 1;
			break;
		case O_TAGSTRING:
			o->tagstring = optarg;
			break;
		case O_TMPDIR:
			o->tmpdir = optarg;
			break;
		case O_COLSEP:
			o->colsep = optarg;
			break;
		case O_DRY_RUN:
			o->dry_run = 1;
			break;
		case O_DELAY:
			if (parse_duration(optarg, &o->delay, &why) != 0) {
				xpool_err("--delay '%s': %s", optarg, why);
				goto fail;
			}
			break;
		case O_JOBSERVER:
			if (strcmp(optarg, "auto") == 0)
				o->jobserver_off = 0;
			else if (strcmp(optarg, "off") == 0)
				o->jobserver_off = 1;
			else {
				xpool_err("--jobserver '%s': give auto or off",
				    optarg);
				goto fail;
			}
			break;
		case O_LOAD:
			o->load = optarg;
			break;
		case O_MEMFREE:
			if (parse_size(optarg, &o->memfree, &why) != 0) {
				xpool_err("--memfree '%s': %s", optarg, why);
				goto fail;
			}
			break;
		case O_HEADER:
			if (strcmp(optarg, ":") != 0) {
				xpool_err("--header '%s': only ':' is known "
				          "(the first line of each input "
				          "source names its columns)",
				    optarg);
				goto fail;
			}
			o->header = 1;
			break;
		case O_LINK:
			o->link = 1;
			break;
		case O_SHELL:
			o->shell = optarg;
			break;
		case O_TRIM:
			if (parse_trim(optarg, &o->trim, &why) != 0) {
				xpool_err("--trim '%s': %s", optarg, why);
				goto fail;
			}
			break;
		case O_UNORDERED:
			o->unordered = 1;
			break;
		case ':':
			if (strncmp(argv[optind - 1], "--", 2) == 0)
				xpool_err("option '%s' needs a value",
				    argv[optind - 1]);
			else if (optopt)
				xpool_err("option -%c needs a value", optopt);
			else
				xpool_err("option '%s' needs a value",
				    argv[optind - 1]);
			goto fail;
		default:
			if (optopt)
				xpool_err("unknown option -%c", optopt);
			else
				xpool_err(
				    "unknown option '%s'", argv[optind - 1]);
			goto fail;
		}
	}
	if (o->help || o->version) {
		free(files);
		return 0;
	}

	/* -a files come first, then the sources after the command. */
	o->src = files;
	o->nsrc = nfiles;
	files = NULL;
	if (parse_operands(o, argc - optind, argv + optind) != 0)
		goto fail;
	if (o->pack && o->max_args) {
		xpool_err("-%c and -%c both say how many items go into a "
		          "command; give one of them",
		    o->context ? 'X' : 'm', o->replace_args ? 'N' : 'n');
		goto fail;
	}
	if (o->group == GROUP_NONE && (o->tag || o->tagstring)) {
		xpool_err("--tag and --tagstring need xpool to see the "
		          "output; they do not go with -u (--ungroup)");
		goto fail;
	}
	if (o->tmpdir == NULL) {
		o->tmpdir = getenv("TMPDIR");
		if (o->tmpdir == NULL || o->tmpdir[0] == '\0')
			o->tmpdir = "/tmp";
	}
	if (o->group != GROUP_NONE && !o->dry_run &&
	    access(o->tmpdir, W_OK | X_OK) != 0) {
		xpool_err("cannot use '%s' for temporary files: %s; give a "
		          "writable directory with --tmpdir or TMPDIR",
		    o->tmpdir, strerror(errno));
		goto fail;
	}
	if (o->pipe && pipe_conflicts(o) != 0)
		goto fail;
	if (o->worker && worker_conflicts(o) != 0)
		goto fail;
	if (!o->pipe && (o->block_given || o->recend_given)) {
		xpool_err("--%s is for --pipe; give --pipe too (or -d for "
		          "the items' separator)",
		    o->block_given ? "block" : "recend");
		goto fail;
	}
	if (!o->worker && (o->eot || o->maxtasks)) {
		xpool_err("--%s is for --worker; give --worker too",
		    o->eot ? "eot" : "maxtasksperchild");
		goto fail;
	}
	if ((o->resume || o->resume_failed) && o->joblog == NULL) {
		xpool_err("--%s reads the jobs done from the --joblog file; "
		          "give --joblog FILE too",
		    o->resume_failed ? "resume-failed" : "resume");
		goto fail;
	}
	if (o->joblog != NULL && o->joblog[0] == '\0') {
		xpool_err("--joblog: the file name is empty");
		goto fail;
	}
	if (o->shell != NULL && o->shell[0] == '\0') {
		xpool_err("--shell: the path is empty; give a shell such as "
		          "/bin/sh or /bin/bash");
		goto fail;
	}
	return 0;
fail:
	free(files);
	options_free(o);
	usage_error();
}

void
options_free(struct options *o)
{
	free(o->src);
	o->src = NULL;
	o->nsrc = 0;
}
