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
	O_BUFFER = CHAR_MAX + 1,
	O_COLSEP,
	O_DRY_RUN,
	O_GROUP,
	O_HEADER,
	O_LINE_BUFFER,
	O_LINK,
	O_SHELL,
	O_TAG,
	O_TAGSTRING,
	O_TMPDIR,
	O_TRIM,
	O_UNORDERED,
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
	{ "buffer", 0, O_BUFFER, "SIZE",
	    "hold up to SIZE of waiting output in memory, then use a "
	    "temporary file (default 64M; K M G T)" },
	{ "colsep", 0, O_COLSEP, "REGEX",
	    "split each item into columns {1} {2} ... at REGEX" },
	{ "delimiter", 'd', 'd', "DELIM",
	    "items end with DELIM, not newline (\\n \\t \\0 \\xHH ...)" },
	{ "dry-run", 0, O_DRY_RUN, NULL,
	    "print the commands instead of running them" },
	{ "group", 0, O_GROUP, NULL,
	    "keep each job's output together (the default)" },
	{ "header", 0, O_HEADER, ":",
	    "the first item of each source names its columns ({name})" },
	{ "help", 'h', 'h', NULL, "print this help and exit" },
	{ NULL, 'I', 'I', "STR", "use STR instead of {} for the item" },
	{ "jobs", 'j', 'j', "N",
	    "run N jobs at once: N, +N, -N, N% of the usable CPUs, or 0 "
	    "for as many as possible (default: the usable CPUs)" },
	{ "keep-order", 'k', 'k', NULL,
	    "output in input order (the default; see --unordered)" },
	{ "lb", 0, O_LINE_BUFFER, NULL, "the same as --line-buffer" },
	{ "line-buffer", 0, O_LINE_BUFFER, NULL,
	    "output whole lines as soon as they are complete, from any job, "
	    "not in input order" },
	{ "link", 0, O_LINK, NULL,
	    "pair the input sources up instead of combining them" },
	{ NULL, 'm', 'm', NULL,
	    "put as many items into each command as the system allows" },
	{ "max-args", 'n', 'n', "N", "put up to N items into each command" },
	{ "max-replace-args", 'N', 'N', "N",
	    "put N items into each command, as {1} to {N}" },
	{ "no-run-if-empty", 'r', 'r', NULL,
	    "run nothing for empty input (always so; for xargs users)" },
	{ "null", '0', '0', NULL, "items end with a NUL byte, not newline" },
	{ NULL, 'P', 'j', "N", "the same as -j" },
	{ "quote", 'q', 'q', NULL,
	    "pass each word of the command as one argument, never to a "
	    "shell" },
	{ "shell", 0, O_SHELL, "PATH",
	    "the shell for commands that need one (default /bin/sh)" },
	{ "tag", 0, O_TAG, NULL,
	    "put the job's items and a TAB before each line it prints" },
	{ "tagstring", 0, O_TAGSTRING, "STR",
	    "put STR (replacement strings work) and a TAB before each line" },
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
