/*
 * options.c -- the option table, getopt_long, --help.
 *
 * Each row of optdefs[] says how its option's value is decoded: into a
 * field of struct options by kind (a flag, a string, a whole number, a size,
 * a duration, ...), or by a small handler of its own when the option needs
 * logic.  getopt_long's tables and --help are generated from the same rows.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "diag.h"
#include "options.h"
#include "parse.h"
#include "quote.h"
#include "sys.h"
#include "xmalloc.h"

extern char **environ;

/* What a row does with its option's value. */
enum opt_kind {
	OPT_NOTHING, /* accepted; changes nothing */
	OPT_SAME, /* another name for the option whose long name is same */
	OPT_CALL, /* fn decodes it */
	OPT_SET, /* int field = val */
	OPT_STRING, /* const char * field = the value as given */
	OPT_NAME, /* const char * field = a replacement string, not empty */
	OPT_NUMBER, /* long field: a whole number from val to INT_MAX */
	OPT_SIZE, /* size_t field: bytes, with K M G T */
	OPT_DURATION, /* double field: seconds, from 0.5, 2s, 300ms ... */
	OPT_DELIM, /* char field: one byte, or \n \t \0 \xHH ... */
	OPT_TRIM, /* int field: TRIM_LEFT | TRIM_RIGHT */
	OPT_HALT, /* struct halt field */
	OPT_TERMSEQ, /* struct termseq field */
	OPT_EARLY, /* -J, --plain: read before the rest, by early_options() */
};

/* Decodes one option's value (NULL for none); -1 after a message. */
typedef int opt_fn(struct options *, const char *);

struct optdef {
	const char *lname; /* without "--", or NULL for a letter only */
	int letter; /* the short option, or 0 */
	const char *arg; /* the argument's name in --help, or NULL */
	const char *help;
	enum opt_kind kind;
	size_t off; /* the field of struct options the value goes to */
	opt_fn *fn; /* OPT_CALL */
	long val; /* OPT_SET: what is stored; OPT_NUMBER: the least allowed */
	const char *same; /* OPT_SAME */
};

/* The offset of field f of struct options, which must be of type t. */
#define FIELD(f, t)                                                            \
	_Generic(((struct options *)0)->f, t : offsetof(struct options, f))

#define NOTHING OPT_NOTHING, 0, NULL, 0, NULL
#define EARLY OPT_EARLY, 0, NULL, 0, NULL
#define SAME(name) OPT_SAME, 0, NULL, 0, name
#define CALL(fn) OPT_CALL, 0, fn, 0, NULL
#define SET(f, v) OPT_SET, FIELD(f, int), NULL, v, NULL
#define STRING(f) OPT_STRING, FIELD(f, const char *), NULL, 0, NULL
#define NAME(f) OPT_NAME, FIELD(f, const char *), NULL, 0, NULL
#define NUMBER(f, min) OPT_NUMBER, FIELD(f, long), NULL, min, NULL
#define SIZE(f) OPT_SIZE, FIELD(f, size_t), NULL, 0, NULL
#define DURATION(f) OPT_DURATION, FIELD(f, double), NULL, 0, NULL
#define DELIM(f) OPT_DELIM, FIELD(f, char), NULL, 0, NULL
#define TRIM(f) OPT_TRIM, FIELD(f, int), NULL, 0, NULL
#define HALT(f) OPT_HALT, FIELD(f, struct halt), NULL, 0, NULL
#define TERMSEQ(f) OPT_TERMSEQ, FIELD(f, struct termseq), NULL, 0, NULL

static opt_fn opt_arg_file, opt_block, opt_block_timeout, opt_eof, opt_replace,
    opt_chunksize, opt_context, opt_eot, opt_header, opt_init, opt_jobserver,
    opt_lines, opt_max_args, opt_max_lines, opt_max_record, opt_minversion,
    opt_keep_order, opt_nice, opt_null, opt_pack, opt_parens, opt_recend,
    opt_replace_args, opt_replstr, opt_rpl, opt_shell_quote, opt_slot_var,
    opt_sshlogin, opt_sshloginfile, opt_timeout, opt_basefile, opt_env,
    opt_return, opt_transferfile, opt_trc, opt_filter, opt_template;

/* Sorted by long name (letters only at their letter). */
static const struct optdef optdefs[] = {
	{ "arg-file", 'a', "FILE",
	    "read items from FILE (repeatable; - is standard input)",
	    CALL(opt_arg_file) },
	{ "arg-file-sep", 0, "SEP",
	    "use SEP instead of :::: before files of items",
	    STRING(arg_file_sep) },
	{ "arg-sep", 0, "SEP", "use SEP instead of ::: before items",
	    STRING(arg_sep) },
	{ "argfile", 0, "FILE", "the same as --arg-file", SAME("arg-file") },
	{ "argfilesep", 0, "SEP", "the same as --arg-file-sep",
	    SAME("arg-file-sep") },
	{ "argsep", 0, "SEP", "the same as --arg-sep", SAME("arg-sep") },
	{ "basefile", 0, "FILE",
	    "with -S: send FILE to each host once, before its first job "
	    "(repeatable)",
	    CALL(opt_basefile) },
	{ "basenameextensionreplace", 0, "STR",
	    "use STR instead of {/.} for the basename without extension",
	    NAME(rename[TPL_BASENOEXT]) },
	{ "basenamereplace", 0, "STR",
	    "use STR instead of {/} for the basename", NAME(rename[TPL_BASE]) },
	{ "bner", 0, "STR", "the same as --basenameextensionreplace",
	    SAME("basenameextensionreplace") },
	{ "bnr", 0, "STR", "the same as --basenamereplace",
	    SAME("basenamereplace") },
	{ "bar", 0, NULL, "show a progress bar on standard error",
	    SET(bar, 1) },
	{ "bf", 0, "FILE", "the same as --basefile", SAME("basefile") },
	{ "bg", 0, NULL,
	    "with --semaphore: start the command in the background and "
	    "return at once (the default)",
	    SET(sem_fg, 2) },
	{ "bin", 0, "COL",
	    "with --pipe: start -j jobs and give each line to job COL modulo "
	    "-j (0: the last), COL a column number or name (--colsep, default "
	    ",)",
	    STRING(bin) },
	{ "block", 0, "SIZE",
	    "with --pipe: blocks of about SIZE bytes (default 1M; K M G); "
	    "with --pipe-part, -N: N blocks per job slot (default -10)",
	    CALL(opt_block) },
	{ "block-size", 0, "SIZE", "the same as --block", SAME("block") },
	{ "block-timeout", 0, "DURATION",
	    "with --pipe: when a block takes longer than DURATION to read, "
	    "give the whole records read so far",
	    CALL(opt_block_timeout) },
	{ "blocksize", 0, "SIZE", "the same as --block", SAME("block") },
	{ "blocktimeout", 0, "DURATION", "the same as --block-timeout",
	    SAME("block-timeout") },
	{ "bt", 0, "DURATION", "the same as --block-timeout",
	    SAME("block-timeout") },
	{ "buffer", 0, "SIZE",
	    "hold up to SIZE of waiting output in memory, then use a temporary "
	    "file (default 64M; K M G T)",
	    SIZE(buffer) },
	{ "cat", 0, NULL,
	    "with --pipe or --pipe-part: the block is in a temporary file, "
	    "{}, removed after the job (implies --pipe)",
	    SET(cat, 1) },
	{ "cf", 0, NULL, "the same as --color-failed", SAME("color-failed") },
	{ "cleanup", 0, NULL,
	    "with -S: remove the files sent and brought back from the host "
	    "after the job",
	    SET(cleanup, 1) },
	{ "chunksize", 0, "N|auto",
	    "the same as -n N; auto: Pool's rule, items / (4 x jobs), rounded "
	    "up",
	    CALL(opt_chunksize) },
	{ NULL, 'C', "REGEX", "the same as --colsep", SAME("colsep") },
	{ "col-sep", 0, "REGEX", "the same as --colsep", SAME("colsep") },
	{ "color", 0, NULL,
	    "show each job's lines (and --tag's tag) in a colour of its own",
	    SET(color, 1) },
	{ "color-fail", 0, NULL, "the same as --color-failed",
	    SAME("color-failed") },
	{ "color-failed", 0, NULL,
	    "show the lines of the jobs that failed in white on red",
	    SET(color_failed, 1) },
	{ "colorfail", 0, NULL, "the same as --color-failed",
	    SAME("color-failed") },
	{ "colorfailed", 0, NULL, "the same as --color-failed",
	    SAME("color-failed") },
	{ "colour", 0, NULL, "the same as --color", SAME("color") },
	{ "colour-fail", 0, NULL, "the same as --color-failed",
	    SAME("color-failed") },
	{ "colour-failed", 0, NULL, "the same as --color-failed",
	    SAME("color-failed") },
	{ "colourfail", 0, NULL, "the same as --color-failed",
	    SAME("color-failed") },
	{ "colourfailed", 0, NULL, "the same as --color-failed",
	    SAME("color-failed") },
	{ "colsep", 0, "REGEX",
	    "split each item into columns {1} {2} ... at REGEX",
	    STRING(colsep) },
	{ "compress", 0, NULL,
	    "compress output held past --buffer in temporary files (with "
	    "pzstd, lbzip2, zstd, lz4, gzip ... whichever is installed)",
	    SET(compress, 1) },
	{ "compress-program", 0, "PRG",
	    "compress with PRG, decompress with PRG -dc (implies --compress)",
	    STRING(compress_program) },
	{ "compressprogram", 0, "PRG", "the same as --compress-program",
	    SAME("compress-program") },
	{ "controlmaster", 'M', NULL,
	    "with -S: one ssh connection per host, shared by its jobs (the "
	    "default)",
	    NOTHING },
	{ "csv", 0, NULL,
	    "items are CSV records: split at --colsep (default ,) with RFC "
	    "4180 quoting; a quoted field may hold newlines",
	    SET(csv, 1) },
	{ "ctag", 0, NULL, "the same as --tag --color", SET(ctag, 1) },
	{ "ctag-string", 0, "STR", "the same as --ctagstring",
	    SAME("ctagstring") },
	{ "ctagstring", 0, "STR", "the same as --tagstring STR --color",
	    STRING(ctagstring) },
	{ "decompress-program", 0, "PRG",
	    "with --compress: decompress with PRG (reading standard input)",
	    STRING(decompress_program) },
	{ "decompressprogram", 0, "PRG", "the same as --decompress-program",
	    SAME("decompress-program") },
	{ "delay", 0, "DURATION",
	    "start a job at most once per DURATION (0.5, 2s, 300ms)",
	    DURATION(delay) },
	{ "delimiter", 'd', "DELIM",
	    "items end with DELIM, not newline (\\n \\t \\0 \\xHH ...)",
	    DELIM(delim) },
	{ "dirnamereplace", 0, "STR",
	    "use STR instead of {//} for the directory name",
	    NAME(rename[TPL_DIR]) },
	{ "dnr", 0, "STR", "the same as --dirnamereplace",
	    SAME("dirnamereplace") },
	{ "dr", 0, NULL, "the same as --dry-run", SAME("dry-run") },
	{ "dry-run", 0, NULL, "print the commands instead of running them",
	    SET(dry_run, 1) },
	{ "dryrun", 0, NULL, "the same as --dry-run", SAME("dry-run") },
	{ NULL, 'E', "STR", "stop reading items at an item that is STR",
	    STRING(eof) },
	{ "env", 0, "NAME",
	    "with -S: copy the variable or exported bash function NAME (a "
	    "glob) to the remote jobs (repeatable)",
	    CALL(opt_env) },
	{ "eof", 'e', "[STR]",
	    "the same as -E STR; the next word is STR unless it starts with "
	    "-",
	    CALL(opt_eof) },
	{ "eot", 0, "STRING",
	    "with --worker: a result ends with a line STRING (or STRING N: "
	    "failed with status N)",
	    CALL(opt_eot) },
	{ "er", 0, "STR", "the same as --extensionreplace",
	    SAME("extensionreplace") },
	{ "eta", 0, NULL, "show the estimated time left on standard error",
	    SET(eta, 1) },
	{ "exit", 'x', NULL,
	    "end the run (exit 255) when a command is over the system's limit, "
	    "as it does at the limit -s sets",
	    SET(exit_long, 1) },
	{ "extensionreplace", 0, "STR",
	    "use STR instead of {.} for the item without extension",
	    NAME(rename[TPL_NOEXT]) },
	{ "fifo", 0, NULL,
	    "with --pipe or --pipe-part: the block comes through a named "
	    "pipe, {}, that the command must read (implies --pipe)",
	    SET(fifo, 1) },
	{ "fg", 0, NULL,
	    "with --semaphore: run the command in the foreground and exit "
	    "with its status",
	    SET(sem_fg, 1) },
	{ "files", 0, NULL,
	    "put each job's standard output in a file in --tmpdir and print "
	    "the file's name instead",
	    SET(files, 1) },
	{ "filter", 0, "FILTER",
	    "only run the jobs for which FILTER, Perl with replacement "
	    "strings in it, is true (repeatable: all must be)",
	    CALL(opt_filter) },
	{ "filter-hosts", 0, NULL,
	    "with -S: before the first job, leave out the hosts ssh cannot "
	    "log in to",
	    SET(filter_hosts, 1) },
	{ "filter-host", 0, NULL, "the same as --filter-hosts",
	    SAME("filter-hosts") },
	{ "filterhosts", 0, NULL, "the same as --filter-hosts",
	    SAME("filter-hosts") },
	{ "group", 0, NULL, "keep each job's output together (the default)",
	    SET(group, GROUP_JOB) },
	{ "group-by", 0, "COL",
	    "with --pipe: a record is the lines in a row whose column COL (a "
	    "number or name; --colsep, default TAB; 'COL EXPR' or 'EXPR': "
	    "what Perl EXPR leaves in $_) has the same value",
	    STRING(group_by) },
	{ "groupby", 0, "COL", "the same as --group-by", SAME("group-by") },
	{ "gnu", 0, NULL,
	    "accepted and does nothing but let --tollef be, as in GNU "
	    "parallel (where it overrode that retired option)",
	    SET(gnu, 1) },
	{ "halt", 0, "WHEN,WHY=N",
	    "stop early: now or soon, when fail=N, success=N or done=N jobs (N "
	    "or N%) ended",
	    HALT(halt) },
	{ "halt-on-error", 0, "WHEN,WHY=N", "the same as --halt",
	    SAME("halt") },
	{ "haltonerror", 0, "WHEN,WHY=N", "the same as --halt", SAME("halt") },
	{ "header", 0, ":|N|REGEX",
	    "the first line of each source names its columns ({name}); with "
	    "--pipe, the first N lines or what REGEX matches start each "
	    "block; 0: files name their source",
	    CALL(opt_header) },
	{ "help", 'h', NULL, "print this help and exit", SET(help, 1) },
	{ "hgrp", 0, NULL, "the same as --hostgroups", SAME("hostgroups") },
	{ "hostgroup", 0, NULL, "the same as --hostgroups",
	    SAME("hostgroups") },
	{ "hostgrp", 0, NULL, "the same as --hostgroups", SAME("hostgroups") },
	{ "hostgroups", 0, NULL,
	    "with -S @GROUP/HOST: an item ITEM@GROUP[+GROUP...] runs only on "
	    "the hosts of its groups, as ITEM",
	    SET(hostgroups, 1) },
	{ "id", 0, "NAME", "the same as --semaphore-name",
	    SAME("semaphore-name") },
	{ NULL, 'I', "STR", "use STR instead of {} for the item",
	    CALL(opt_replstr) },
	{ "init", 0, "CMD",
	    "run CMD once in each slot before its first job ({%} is the slot); "
	    "stop if it fails",
	    CALL(opt_init) },
	{ "interactive", 'p', NULL,
	    "ask on the terminal before each job; run it only when the answer "
	    "starts with y",
	    SET(interactive, 1) },
	{ "jl", 0, "FILE", "the same as --joblog", SAME("joblog") },
	{ "jobs", 'j', "N",
	    "run N jobs at once: N, +N, -N, N% of the usable CPUs, or 0 for as "
	    "many as possible (default: the usable CPUs)",
	    STRING(jobs) },
	{ "joblog", 0, "FILE",
	    "log each job to FILE as GNU parallel does (+FILE appends; - is "
	    "standard output)",
	    STRING(joblog) },
	{ "jobserver", 0, "auto|off",
	    "auto: share make's job slots inside make -jN, and offer -j's "
	    "slots to make or xpool run by the jobs (the default); off: "
	    "neither",
	    CALL(opt_jobserver) },
	{ "junit", 0, "FILE",
	    "write a JUnit XML report to FILE, one test case per job",
	    STRING(junit) },
	{ "keep-order", 'k', NULL,
	    "output in input order (the default; see --unordered)",
	    CALL(opt_keep_order) },
	{ "keeporder", 0, NULL, "the same as --keep-order",
	    SAME("keep-order") },
	{ NULL, 'L', "N",
	    "put N lines into each command, a word holding {} repeated for "
	    "each, as -X does; a line ending in a blank goes on with the next "
	    "(with --pipe: blocks of whole N-line records)",
	    CALL(opt_lines) },
	{ "launcher", 0, "PREFIX",
	    "start every job as PREFIX's words, then the job's command "
	    "(for Slurm: an srun step command inside salloc or sbatch; see "
	    "SLURM in the man page)",
	    STRING(launcher) },
	{ "latest-line", 0, NULL,
	    "show a line per job on the terminal, redrawn with its latest "
	    "output line",
	    SET(group, GROUP_LATEST) },
	{ "latestline", 0, NULL, "the same as --latest-line",
	    SAME("latest-line") },
	{ "lb", 0, NULL, "the same as --line-buffer", SAME("line-buffer") },
	{ "line-buffer", 0, NULL,
	    "output whole lines as soon as they are complete, from any job, "
	    "not in input order",
	    SET(group, GROUP_LINE) },
	{ "line-buffered", 0, NULL, "the same as --line-buffer",
	    SAME("line-buffer") },
	{ "linebuffer", 0, NULL, "the same as --line-buffer",
	    SAME("line-buffer") },
	{ "linebuffered", 0, NULL, "the same as --line-buffer",
	    SAME("line-buffer") },
	{ "limit", 0, "CMD",
	    "before each start run CMD: exit 0 starts a job, 1 starts none "
	    "now, 2 ends the youngest; or mem SIZE, load N, io PERCENT",
	    STRING(limit) },
	{ "link", 0, NULL,
	    "pair the input sources up instead of combining them",
	    SET(link, 1) },
	{ "ll", 0, NULL, "the same as --latest-line", SAME("latest-line") },
	{ "load", 0, "N",
	    "start a job only while fewer than N processes run on the machine "
	    "(N or N% of the usable CPUs)",
	    STRING(load) },
	{ NULL, 'm', NULL,
	    "put as many items into each command as the system allows",
	    CALL(opt_pack) },
	{ "max-args", 'n', "N",
	    "put up to N items into each command (with --worker: send N items "
	    "at a time); 0: run it with none, once per item",
	    CALL(opt_max_args) },
	{ "max-chars", 's', "N",
	    "run no command line (as --dry-run shows it) of N characters or "
	    "more; with -X or -m, fill each command up to that",
	    SIZE(max_chars) },
	{ "max-line-length-allowed", 0, NULL,
	    "print the longest command, in bytes, that a shell can be given "
	    "and exit",
	    SET(max_line_length, 1) },
	{ "max-lines", 'l', "[N]",
	    "put up to N lines (default 1) into each command, as -n does; a "
	    "line ending in a blank goes on with the next; N only if a number",
	    CALL(opt_max_lines) },
	{ "max-procs", 0, "N", "the same as -j", SAME("jobs") },
	{ "max-record", 0, "SIZE",
	    "stop with an error at an item or --pipe record longer than SIZE "
	    "(default 1G; K M G T)",
	    CALL(opt_max_record) },
	{ "maxargs", 0, "N", "the same as --max-args", SAME("max-args") },
	{ "maxchars", 0, "N", "the same as --max-chars", SAME("max-chars") },
	{ "maxlinelengthallowed", 0, NULL,
	    "the same as --max-line-length-allowed",
	    SAME("max-line-length-allowed") },
	{ "maxlines", 0, "[N]", "the same as --max-lines", SAME("max-lines") },
	{ "maxprocs", 0, "N", "the same as -j", SAME("jobs") },
	{ "maxreplaceargs", 0, "N", "the same as --max-replace-args",
	    SAME("max-replace-args") },
	{ "maxtasksperchild", 0, "N",
	    "with --worker: replace each worker after N items",
	    NUMBER(maxtasks, 1) },
	{ "min-version", 0, "VERSION", "the same as --minversion",
	    SAME("minversion") },
	{ "minversion", 0, "VERSION",
	    "print the GNU parallel version xpool follows (20221122) and exit; "
	    "255 if it is older than VERSION",
	    CALL(opt_minversion) },
	{ "memfree", 0, "SIZE",
	    "start a job only while SIZE of memory is available; end the "
	    "youngest job if under half is (K M G T)",
	    SIZE(memfree) },
	{ "memsuspend", 0, "SIZE",
	    "start a job only while SIZE of memory is available; while under "
	    "2 x SIZE is, stop the youngest jobs (all but one under SIZE) "
	    "until there is more (K M G T)",
	    SIZE(memsuspend) },
	{ "max-replace-args", 'N', "N",
	    "put N items into each command, as {1} to {N}; 0: none, once per "
	    "item",
	    CALL(opt_replace_args) },
	{ "no-run-if-empty", 'r', NULL,
	    "skip items (with --pipe: lines) of white space only",
	    SET(skip_blank, 1) },
	{ "nok", 0, NULL, "the same as --no-keep-order",
	    SAME("no-keep-order") },
	{ "nokeeporder", 0, NULL, "the same as --no-keep-order",
	    SAME("no-keep-order") },
	{ "norunifempty", 0, NULL, "the same as --no-run-if-empty",
	    SAME("no-run-if-empty") },
	{ "noswap", 0, NULL,
	    "start a job only while the machine is not swapping both in and "
	    "out (sampled for a second, every 10 seconds)",
	    SET(noswap, 1) },
	{ "null", '0', NULL, "items end with a NUL byte, not newline",
	    CALL(opt_null) },
	{ "number-of-cores", 0, NULL, "print the number of CPU cores and exit",
	    SET(cpus_query, 1 + SYS_CORES) },
	{ "number-of-cpus", 0, NULL, "the same as --number-of-cores",
	    SAME("number-of-cores") },
	{ "number-of-sockets", 0, NULL,
	    "print the number of CPU sockets and exit",
	    SET(cpus_query, 1 + SYS_SOCKETS) },
	{ "number-of-threads", 0, NULL,
	    "print the number of CPU threads and exit",
	    SET(cpus_query, 1 + SYS_THREADS) },
	{ "numberofcores", 0, NULL, "the same as --number-of-cores",
	    SAME("number-of-cores") },
	{ "numberofcpus", 0, NULL, "the same as --number-of-cores",
	    SAME("number-of-cores") },
	{ "numberofsockets", 0, NULL, "the same as --number-of-sockets",
	    SAME("number-of-sockets") },
	{ "numberofthreads", 0, NULL, "the same as --number-of-threads",
	    SAME("number-of-threads") },
	{ NULL, 'P', "N", "the same as -j", SAME("jobs") },
	{ "nice", 0, "N",
	    "run the jobs at niceness N (-20 to 19; below xpool's own only "
	    "where the system allows)",
	    CALL(opt_nice) },
	{ "no-keep-order", 0, NULL,
	    "the same as --unordered, even with -k (before or after it)",
	    SET(no_keep_order, 1) },
	{ "no-k", 0, NULL, "the same as --no-keep-order",
	    SAME("no-keep-order") },
	{ "no-notice", 0, NULL, "the same as --will-cite", SAME("will-cite") },
	{ "no-pty", 0, NULL,
	    "with --worker: never run workers on a pseudo-terminal; one that "
	    "waits for input with answers due is ended",
	    SET(pty, -1) },
	{ "nn", 0, NULL, "the same as --will-cite", SAME("will-cite") },
	{ "nonall", 0, NULL,
	    "with -S: run the command once on every host, with no items and "
	    "no input read (-j: hosts at once)",
	    SET(nonall, 1) },
	{ "nonotice", 0, NULL, "the same as --will-cite", SAME("will-cite") },
	{ "onall", 0, NULL,
	    "with -S: run every job on every host, one host's jobs one at a "
	    "time, its output together (-j: hosts at once)",
	    SET(onall, 1) },
	{ "open-tty", 'o', NULL,
	    "jobs read the terminal (/dev/tty) as their standard input",
	    SET(open_tty, 1) },
	{ "output-as-files", 0, NULL, "the same as --files", SAME("files") },
	{ "outputasfiles", 0, NULL, "the same as --files", SAME("files") },
	{ "parens", 0, "STR",
	    "write Perl expressions between STR's halves, not {= and =}",
	    CALL(opt_parens) },
	{ "plain", 0, NULL,
	    "ignore the profiles (-J, ~/.parallel/config) and $PARALLEL",
	    EARLY },
	{ "plus", 0, NULL,
	    "more replacement strings: {##} {+/} {+.} {..} {/..} and the "
	    "bash-like {:-STR} {#STR} {%STR} {/STR/REPL} {^STR} ...",
	    SET(plus, 1) },
	{ "pipe", 0, NULL,
	    "give each job a block of standard input on its standard input, "
	    "whole records only (--block, -N)",
	    SET(pipe, 1) },
	{ "pipe-part", 0, NULL,
	    "like --pipe, for the files -a names: each job reads its part of "
	    "a file straight from the file",
	    SET(pipe_part, 1) },
	{ "pipepart", 0, NULL, "the same as --pipe-part", SAME("pipe-part") },
	{ "process-slot-var", 0, "NAME",
	    "set the environment variable NAME in each job to its slot less "
	    "one (0, 1, ...)",
	    CALL(opt_slot_var) },
	{ "processslotvar", 0, "NAME", "the same as --process-slot-var",
	    SAME("process-slot-var") },
	{ "profile", 'J', "NAME",
	    "read options from ~/.parallel/NAME (./FILE or /FILE: that file) "
	    "instead of ~/.parallel/config (repeatable)",
	    EARLY },
	{ "progress", 0, NULL,
	    "show running, done and failed jobs on standard error",
	    SET(progress, 1) },
	{ "pty", 0, NULL,
	    "with --worker: run the workers on a pseudo-terminal, so that they "
	    "read and write a line at a time",
	    SET(pty, 1) },
	{ "quote", 'q', NULL,
	    "pass each word of the command as one argument, never to a shell",
	    SET(quote, 1) },
	{ "recend", 0, "STR",
	    "with --pipe: records end with STR (default newline; -0: NUL; "
	    "empty: anywhere)",
	    CALL(opt_recend) },
	{ "record-env", 0, NULL,
	    "write the names of the environment's variables to ignored_vars "
	    "in ~/.parallel, for GNU parallel's --env _, and exit",
	    SET(record_env, 1) },
	{ "recordenv", 0, NULL, "the same as --record-env",
	    SAME("record-env") },
	{ "recstart", 0, "STR", "with --pipe: records start with STR",
	    STRING(recstart) },
	{ "regexp", 0, NULL,
	    "with --pipe: --recend and --recstart are regular expressions",
	    SET(regexp, 1) },
	{ "regex", 0, NULL, "the same as --regexp", SAME("regexp") },
	{ "remove-rec-sep", 0, NULL,
	    "with --pipe: remove --recend and --recstart from the blocks",
	    SET(remove_rec_sep, 1) },
	{ "removerecsep", 0, NULL, "the same as --remove-rec-sep",
	    SAME("remove-rec-sep") },
	{ "replace", 'i', "[STR]",
	    "the same as -I STR, or -I {} without STR; the next word is STR "
	    "unless it starts with -",
	    CALL(opt_replace) },
	{ "res", 0, "NAME", "the same as --results", SAME("results") },
	{ "results", 0, "NAME",
	    "keep each job's output and status: in directory NAME, or one "
	    "record per job in NAME.jsonl, .csv or .tsv",
	    STRING(results) },
	{ "result", 0, "NAME", "the same as --results", SAME("results") },
	{ "resume", 0, NULL, "skip the jobs the --joblog file already lists",
	    SET(resume, 1) },
	{ "resume-failed", 0, NULL,
	    "skip the jobs the --joblog file lists as succeeded; run the rest",
	    SET(resume_failed, 1) },
	{ "resumefailed", 0, NULL, "the same as --resume-failed",
	    SAME("resume-failed") },
	{ "return", 0, "FILE",
	    "with -S: bring FILE (replacement strings work) back from the "
	    "host after the job (repeatable)",
	    CALL(opt_return) },
	{ "retries", 0, "N",
	    "run a failing job up to N times in all; only the last try's "
	    "output is shown",
	    NUMBER(retries, 0) },
	{ "retry-failed", 0, NULL,
	    "with --joblog: run again the jobs the log lists as failed, with "
	    "the log's commands instead of the command line's",
	    SET(retry_failed, 1) },
	{ "retryfailed", 0, NULL, "the same as --retry-failed",
	    SAME("retry-failed") },
	{ "rsync-opts", 0, "OPTS",
	    "the options rsync copies files with (default -rlDzR)",
	    STRING(rsync_opts) },
	{ "rsyncopts", 0, "OPTS", "the same as --rsync-opts",
	    SAME("rsync-opts") },
	{ "rrs", 0, NULL, "the same as --remove-rec-sep",
	    SAME("remove-rec-sep") },
	{ "round", 0, NULL, "the same as --round-robin", SAME("round-robin") },
	{ "round-robin", 0, NULL,
	    "start one job per slot and give each block to whichever is "
	    "ready for one (implies --pipe; with --pipe-part: one part per "
	    "slot)",
	    SET(round_robin, 1) },
	{ "roundrobin", 0, NULL, "the same as --round-robin",
	    SAME("round-robin") },
	{ "rpl", 0, "'TAG PERL'",
	    "define TAG as a replacement string that is the Perl expression "
	    "PERL (repeatable; TAG may hold a (REGEX) for $$1 ...)",
	    CALL(opt_rpl) },
	{ "semaphore", 0, NULL,
	    "work as a counting semaphore: run COMMAND once -j slots allow "
	    "(default 1), as GNU sem does",
	    SET(semaphore, 1) },
	{ "semaphore-name", 0, "NAME",
	    "with --semaphore: the semaphore's name (default: the terminal)",
	    STRING(sem_id) },
	{ "semaphore-timeout", 0, "SECS",
	    "with --semaphore: after SECS without a slot run anyway; -SECS: "
	    "give up (exit 1)",
	    STRING(sem_timeout) },
	{ "semaphorename", 0, "NAME", "the same as --semaphore-name",
	    SAME("semaphore-name") },
	{ "semaphoretimeout", 0, "SECS", "the same as --semaphore-timeout",
	    SAME("semaphore-timeout") },
	{ "seqreplace", 0, "STR", "use STR instead of {#} for the job number",
	    NAME(rename[TPL_SEQ]) },
	{ "shard", 0, "COL",
	    "with --pipe: start -j jobs and give each line to one by a hash "
	    "of column COL (a number or name; --colsep, default ,): equal "
	    "values, the same job",
	    STRING(shard) },
	{ "shell", 0, "PATH",
	    "the shell for commands that need one (default: the one xpool "
	    "was started from)",
	    STRING(shell) },
	{ "shell-completion", 0, "SHELL",
	    "print the completion script for SHELL (bash, zsh, fish; auto: "
	    "the shell xpool was started from) and exit",
	    STRING(shell_completion) },
	{ "shell-quote", 0, NULL,
	    "print each command quoted for a shell instead of running it "
	    "(repeatable: quoted once more each time)",
	    CALL(opt_shell_quote) },
	{ "shell_quote", 0, NULL, "the same as --shell-quote",
	    SAME("shell-quote") },
	{ "shellcompletion", 0, "SHELL", "the same as --shell-completion",
	    SAME("shell-completion") },
	{ "shellquote", 0, NULL, "the same as --shell-quote",
	    SAME("shell-quote") },
	{ "show-limits", 0, NULL,
	    "print the longest command the system allows and the longest "
	    "xpool will run (-s), then run as usual",
	    SET(show_limits, 1) },
	{ "showlimits", 0, NULL, "the same as --show-limits",
	    SAME("show-limits") },
	{ "shuf", 0, NULL,
	    "run the jobs in a random order (all input is read first)",
	    SET(shuf, 1) },
	{ "silent", 0, NULL,
	    "print no command before it runs, even with -v (before or after "
	    "it)",
	    SET(silent, 1) },
	{ "skip-first-line", 0, NULL,
	    "do not use the first item of the first source (with --pipe: the "
	    "first line)",
	    SET(skip_first, 1) },
	{ "skipfirstline", 0, NULL, "the same as --skip-first-line",
	    SAME("skip-first-line") },
	{ "slf", 0, "FILE", "the same as --sshloginfile",
	    SAME("sshloginfile") },
	{ "slotreplace", 0, "STR", "use STR instead of {%} for the job slot",
	    NAME(rename[TPL_SLOT]) },
	{ "slurm-hosts", 0, NULL,
	    "run jobs on the nodes of the Slurm allocation through ssh, as "
	    "many at once as each has CPUs (with -S: as well)",
	    SET(slurm_hosts, 1) },
	{ "spreadstdin", 0, NULL, "the same as --pipe", SAME("pipe") },
	{ "ssh", 0, "CMD",
	    "with -S: the ssh command and its options (default ssh, or "
	    "$PARALLEL_SSH)",
	    STRING(ssh) },
	{ "ssh-delay", 0, "DURATION",
	    "with -S: start a remote job at most once per DURATION (spares "
	    "the hosts' sshd)",
	    DURATION(ssh_delay) },
	{ "sshdelay", 0, "DURATION", "the same as --ssh-delay",
	    SAME("ssh-delay") },
	{ "sshlogin", 'S', "[N/]HOST[,...]",
	    "run jobs on HOST through ssh, N at a time (: is this machine; "
	    "repeatable)",
	    CALL(opt_sshlogin) },
	{ "sshloginfile", 0, "FILE",
	    "run jobs on the hosts FILE lists, one [N/]HOST a line "
	    "(repeatable)",
	    CALL(opt_sshloginfile) },
	{ "st", 0, "SECS", "the same as --semaphore-timeout",
	    SAME("semaphore-timeout") },
	{ NULL, 't', NULL, "the same as --verbose", SAME("verbose") },
	{ "tag", 0, NULL,
	    "put the job's items and a TAB before each line it prints",
	    SET(tag, 1) },
	{ "tag-string", 0, "STR", "the same as --tagstring",
	    SAME("tagstring") },
	{ "tagstring", 0, "STR",
	    "put STR (replacement strings work) and a TAB before each line",
	    STRING(tagstring) },
	{ "tee", 0, NULL,
	    "with --pipe: give all of standard input to every job, one job "
	    "per item of :::, all running at once (default -j 0)",
	    SET(tee, 1) },
	{ "template", 0, "FILE=NAME",
	    "before each job write FILE, its replacement strings replaced, to "
	    "the file NAME (replaced too; repeatable)",
	    CALL(opt_template) },
	{ "term-seq", 0, "SEQ", "the same as --termseq", SAME("termseq") },
	{ "termseq", 0, "SEQ",
	    "how a job is ended: signals and waits in ms (default "
	    "TERM,200,TERM,100,TERM,50,KILL,25)",
	    TERMSEQ(termseq) },
	{ "timeout", 0, "DURATION",
	    "end a job that runs longer (30s, 2m, 500ms; or P% of the median "
	    "runtime)",
	    CALL(opt_timeout) },
	{ "tf", 0, "FILE", "the same as --transferfile", SAME("transferfile") },
	{ "tollef", 0, NULL,
	    "refused, as GNU parallel retired it, unless --gnu is given; "
	    "then it does nothing",
	    SET(tollef, 1) },
	{ "tmpdir", 0, "DIR",
	    "where output past --buffer waits (default $TMPDIR, or /tmp)",
	    STRING(tmpdir) },
	{ "tempdir", 0, "DIR", "the same as --tmpdir", SAME("tmpdir") },
	{ "tmpl", 0, "FILE=NAME", "the same as --template", SAME("template") },
	{ "total", 0, "N", "the same as --total-jobs", SAME("total-jobs") },
	{ "total-jobs", 0, "N",
	    "there are N jobs in all, for --bar, --eta, --progress and {##}, "
	    "without counting the input first",
	    NUMBER(total_jobs, 1) },
	{ "totaljobs", 0, "N", "the same as --total-jobs", SAME("total-jobs") },
	{ "transfer", 0, NULL, "the same as --transferfile {}",
	    SET(transfer, 1) },
	{ "transfer-file", 0, "FILE", "the same as --transferfile",
	    SAME("transferfile") },
	{ "transfer-files", 0, "FILE", "the same as --transferfile",
	    SAME("transferfile") },
	{ "transferfile", 0, "FILE",
	    "with -S: send FILE (replacement strings work) to the host before "
	    "the job (repeatable)",
	    CALL(opt_transferfile) },
	{ "transferfiles", 0, "FILE", "the same as --transferfile",
	    SAME("transferfile") },
	{ "trc", 0, "FILE", "the same as --transfer --return FILE --cleanup",
	    CALL(opt_trc) },
	{ "trim", 0, "n|l|r|lr",
	    "remove blanks from the left and/or right of each item",
	    TRIM(trim) },
	{ "tty", 0, NULL,
	    "the same as --open-tty, and -j1 and -u unless -j or --group "
	    "is given",
	    SET(tty, 1) },
	{ "ungroup", 'u', NULL,
	    "let jobs write straight to the output: fastest, but lines of "
	    "different jobs can mix",
	    SET(group, GROUP_NONE) },
	{ "unordered", 0, NULL,
	    "output each job as it finishes, not in input order",
	    SET(unordered, 1) },
	{ "use-compress-program", 0, "PRG", "the same as --compress-program",
	    SAME("compress-program") },
	{ "use-cores-instead-of-threads", 0, NULL,
	    "-j and --load count CPU cores, not threads",
	    SET(cpu_unit, SYS_CORES) },
	{ "use-cpus-instead-of-cores", 0, NULL,
	    "the same as --use-sockets-instead-of-threads",
	    SAME("use-sockets-instead-of-threads") },
	{ "use-decompress-program", 0, "PRG",
	    "the same as --decompress-program", SAME("decompress-program") },
	{ "use-sockets-instead-of-threads", 0, NULL,
	    "-j and --load count CPU sockets, not threads",
	    SET(cpu_unit, SYS_SOCKETS) },
	{ "usecompressprogram", 0, "PRG", "the same as --compress-program",
	    SAME("compress-program") },
	{ "usedecompressprogram", 0, "PRG", "the same as --decompress-program",
	    SAME("decompress-program") },
	{ "usecoresinsteadofthreads", 0, NULL,
	    "the same as --use-cores-instead-of-threads",
	    SAME("use-cores-instead-of-threads") },
	{ "usecpusinsteadofcores", 0, NULL,
	    "the same as --use-sockets-instead-of-threads",
	    SAME("use-sockets-instead-of-threads") },
	{ "usesocketsinsteadofthreads", 0, NULL,
	    "the same as --use-sockets-instead-of-threads",
	    SAME("use-sockets-instead-of-threads") },
	{ "verbose", 0, NULL,
	    "print each command on standard error before it runs",
	    SET(trace, 1) },
	{ NULL, 'v', NULL,
	    "print each command on standard output, before its output",
	    SET(verbose, 1) },
	{ "version", 'V', NULL, "print the version and exit", SET(version, 1) },
	{ "wait", 0, NULL,
	    "with --semaphore: wait until every command of the semaphore has "
	    "ended",
	    SET(sem_wait, 1) },
	{ "wd", 0, "DIR", "the same as --workdir", SAME("workdir") },
	{ "will-cite", 0, NULL,
	    "accepted and does nothing, as in GNU parallel (where it "
	    "silences the citation notice, which xpool does not print)",
	    NOTHING },
	{ "willcite", 0, NULL, "the same as --will-cite", SAME("will-cite") },
	{ "work-dir", 0, "DIR", "the same as --workdir", SAME("workdir") },
	{ "worker", 0, NULL,
	    "run COMMAND once per slot and feed it items on its stdin, one "
	    "result line (or --eot block) per item",
	    SET(worker, 1) },
	{ "workdir", 0, "DIR",
	    "run remote jobs in DIR under the home (. the same path as here; "
	    "... a temporary one)",
	    STRING(workdir) },
	{ "xapply", 0, NULL, "the same as --link", SAME("link") },
	{ "xargs", 0, NULL,
	    "fill each command as far as the system allows (the last ones "
	    "too)",
	    SET(pack, 1) },
	{ NULL, 'X', NULL,
	    "like -m, repeating the word around {} for each item",
	    CALL(opt_context) },
};

#define NOPTS (sizeof(optdefs) / sizeof(optdefs[0]))

/* getopt_long's value for a long option: OPT_LONG + its row. */
#define OPT_LONG (CHAR_MAX + 1)

void
options_help(void)
{
	struct buf b = BUF_INIT;

	buf_adds(&b,
	    "usage: xpool [OPTION]... [COMMAND [ARG]...] "
	    "[::: ITEM... | :::: FILE...]...\n"
	    "   or: sem [OPTION]... COMMAND [ARG]...\n"
	    "Run COMMAND once for each item, several at a time; output in "
	    "input order.\n"
	    "Items come from standard input, one per line, unless -a, ::: "
	    "or :::: give them.\n"
	    "As sem (or with --semaphore): run COMMAND once one of -j slots "
	    "(default 1) is free.\n\n");
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
		if (b.len - start >= 28)
			buf_adds(&b, "\n                            ");
		while (b.len - start < 28)
			buf_addc(&b, ' ');
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
	    "As sem: 0 started (--bg) or all ended (--wait), the command's "
	    "status (--fg),\n1 gave up (--semaphore-timeout -SECS), 255 "
	    "bad option or semaphore directory.\n"
	    "Full documentation: man xpool\n");
	fwrite(b.data, 1, b.len, stdout);
	buf_free(&b);
}

/* Whether s is sep, or sep and a '+'. */
static int
sep_is(const char *s, const char *sep)
{
	size_t n = strlen(sep);

	return strncmp(s, sep, n) == 0 &&
	    (s[n] == '\0' || (s[n] == '+' && s[n + 1] == '\0'));
}

/* 1 for ::: (--arg-sep), 2 for :::: (--arg-file-sep), else 0. */
static int
is_sep(const struct options *o, const char *s)
{
	if (sep_is(s, o->arg_file_sep))
		return 2;
	return sep_is(s, o->arg_sep) ? 1 : 0;
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
	/* The first source has none before it to pair with. */
	s->linked = linked && o->nsrc > 1;
}

/* The command, then ::: and :::: groups, after the -a files. */
static int
parse_operands(struct options *o, int argc, char **argv)
{
	int i = 0;

	while (i < argc && !is_sep(o, argv[i]))
		i++;
	o->cmd = argv;
	o->ncmd = (size_t)i;
	while (i < argc) {
		const char *sep = argv[i++];
		int files = is_sep(o, sep) == 2;
		int linked = sep[strlen(sep) - 1] == '+' &&
		    strcmp(sep, files ? o->arg_file_sep : o->arg_sep) != 0;
		int first = i;
		size_t before = o->nsrc; /* the sources it can pair with */

		while (i < argc && !is_sep(o, argv[i]))
			i++;
		if (files) {
			if (i == first) {
				xpool_err("'%s' needs at least one file after "
				          "it",
				    sep);
				return -1;
			}
			/* ::::+ pairs each file with the one before it. */
			for (int k = first; k < i; k++)
				add_src(o, SRC_FILE, argv[k], linked);
		} else {
			add_src(o, SRC_LIST, sep, linked);
			o->src[o->nsrc - 1].items = argv + first;
			o->src[o->nsrc - 1].nitems = (size_t)(i - first);
		}
		if (linked && before == 0 && o->nsrc - before < 2) {
			xpool_err("'%s' pairs with the input source before "
			          "it, and there is none; use ::: first",
			    sep);
			return -1;
		}
	}
	return 0;
}

/* The message for a value that did not decode; -1. */
static int
bad_value(const char *opt, const char *arg, const char *why)
{
	xpool_err("%s '%s': %s", opt, arg, why);
	return -1;
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

/* -a FILE: a source of items, before those that follow the command. */
static int
opt_arg_file(struct options *o, const char *arg)
{
	add_src(o, SRC_FILE, arg, 0);
	return 0;
}

static int
opt_block(struct options *o, const char *arg)
{
	const char *why;

	o->block_given = 1;
	o->block_slots = 0;
	if (arg[0] == '-') {
		/* -N: N blocks per job slot, as GNU parallel's --pipe-part. */
		if (parse_size(arg + 1, &o->block, &why) != 0)
			return bad_value("--block", arg, why);
		if (o->block == 0 || o->block > INT_MAX)
			return bad_value("--block", arg,
			    "give -N for N blocks per job slot, N from 1");
		o->block_slots = (long)o->block;
		return 0;
	}
	if (parse_size(arg, &o->block, &why) != 0)
		return bad_value("--block", arg, why);
	if (o->block == 0)
		return bad_value("--block", arg, "must be at least 1 byte");
	return 0;
}

/* --block-timeout DURATION: more than 0. */
static int
opt_block_timeout(struct options *o, const char *arg)
{
	const char *why;

	if (parse_duration(arg, &o->block_timeout, &why) != 0)
		return bad_value("--block-timeout", arg, why);
	if (o->block_timeout <= 0)
		return bad_value("--block-timeout", arg, "must be more than 0");
	return 0;
}

/* --chunksize N is -n N; auto waits until the items are counted. */
static int
opt_chunksize(struct options *o, const char *arg)
{
	o->no_args = 0;
	if (strcmp(arg, "auto") == 0) {
		o->chunk_auto = 1;
		return 0;
	}
	if (number("--chunksize", arg, 1, &o->max_args) != 0)
		return -1;
	o->chunk_auto = 0;
	o->no_args = 0;
	o->replace_args = 0;
	return 0;
}

/* -k: in input order (the default), said (--latest-line's rows). */
static int
opt_keep_order(struct options *o, const char *arg)
{
	(void)arg;
	o->unordered = 0;
	o->keep_order = 1;
	return 0;
}

/* -m: pack, and spread the last items over the slots. */
static int
opt_pack(struct options *o, const char *arg)
{
	(void)arg;
	o->pack = 1;
	o->spread = 1;
	return 0;
}

/* -X: -m, repeating the word around {}. */
static int
opt_context(struct options *o, const char *arg)
{
	(void)opt_pack(o, arg);
	o->context = 1;
	return 0;
}

static int
opt_eot(struct options *o, const char *arg)
{
	if (arg[0] == '\0' || strchr(arg, '\n')) {
		xpool_err("--eot: give a non-empty string without a newline");
		return -1;
	}
	o->eot = arg;
	return 0;
}

/* -e [STR], --eof[=STR]: like -E; without STR (or with "") nothing. */
static int
opt_eof(struct options *o, const char *arg)
{
	o->eof = arg;
	return 0;
}

/*
 * --header : or N or REGEX: GNU parallel takes one line of each source for
 * the names whatever the value, which says what the header is for --pipe;
 * --header 0 names the sources read from files by the files' names.
 */
static int
opt_header(struct options *o, const char *arg)
{
	if (arg[0] == '\0')
		return bad_value("--header", arg,
		    "give ':', a number of lines or a regular expression");
	o->header_files = strcmp(arg, "0") == 0;
	o->header = !o->header_files;
	o->header_re = arg;
	return 0;
}

static int
opt_init(struct options *o, const char *arg)
{
	if (arg[0] == '\0') {
		xpool_err("--init: the command is empty");
		return -1;
	}
	o->init = arg;
	return 0;
}

static int
opt_jobserver(struct options *o, const char *arg)
{
	if (strcmp(arg, "auto") == 0)
		o->jobserver_off = 0;
	else if (strcmp(arg, "off") == 0)
		o->jobserver_off = 1;
	else
		return bad_value("--jobserver", arg, "give auto or off");
	return 0;
}

/* -n N and -N N: items per command; the last of them and --chunksize wins. */
static int
items_per_command(
    struct options *o, const char *opt, const char *arg, int replace)
{
	if (number(opt, arg, 0, &o->max_args) != 0)
		return -1;
	o->no_args = o->max_args == 0;
	o->replace_args = replace;
	o->chunk_auto = 0;
	return 0;
}

static int
opt_max_args(struct options *o, const char *arg)
{
	return items_per_command(o, "-n", arg, 0);
}

static int
opt_replace_args(struct options *o, const char *arg)
{
	return items_per_command(o, "-N", arg, 1);
}

/* -L N: N lines per command, as -N N with -X's repeated words. */
static int
opt_lines(struct options *o, const char *arg)
{
	if (number("-L", arg, 0, &o->max_lines) != 0)
		return -1;
	o->lines_opt = 'L';
	return 0;
}

/* -l [N], --max-lines[=N]: N lines per command, 1 without N (or N 0). */
static int
opt_max_lines(struct options *o, const char *arg)
{
	o->lines_opt = 'l';
	o->max_lines = 1;
	if (arg == NULL || arg[0] == '\0')
		return 0;
	if (strcmp(arg, "-0") == 0) {
		/* GNU parallel's -l -0: -l, then -0. */
		o->delim = '\0';
		return 0;
	}
	if (number("-l", arg, 0, &o->max_lines) != 0)
		return -1;
	if (o->max_lines == 0)
		o->max_lines = 1;
	return 0;
}

/*
 * -L, -l without --pipe, as GNU parallel takes them: the lines are the
 * items per command unless -n, -N or --chunksize says; -L repeats a word
 * holding {} unless -m says not to.
 */
static void
lines_per_command(struct options *o)
{
	if (o->lines_opt == 0 || o->pipe)
		return;
	if (o->max_args == 0 && !o->chunk_auto) {
		o->max_args = o->max_lines;
		o->no_args = o->max_lines == 0;
	}
	if (o->lines_opt == 'L' && o->max_args > 0 && !o->pack)
		o->context = 1;
}

static int
opt_max_record(struct options *o, const char *arg)
{
	const char *why;

	if (parse_size(arg, &o->max_record, &why) != 0)
		return bad_value("--max-record", arg, why);
	if (o->max_record == 0)
		return bad_value(
		    "--max-record", arg, "must be at least 1 byte");
	return 0;
}

/* --minversion VERSION: a whole number, such as 20170422. */
static int
opt_minversion(struct options *o, const char *arg)
{
	const char *why;

	if (parse_long(arg, LONG_MIN, LONG_MAX, &o->minversion, &why) != 0) {
		xpool_err("--minversion '%s': %s; give a GNU parallel version "
		          "such as 20170422",
		    arg, why);
		return -1;
	}
	o->minversion_given = 1;
	return 0;
}

/* --nice N: any whole number, taken to -20 to 19 as the kernel does. */
static int
opt_nice(struct options *o, const char *arg)
{
	const char *why;

	if (parse_long(arg, LONG_MIN, LONG_MAX, &o->nice, &why) != 0) {
		xpool_err("--nice '%s': %s; give a whole number such as 10",
		    arg, why);
		return -1;
	}
	o->nice = o->nice < -20 ? -20 : o->nice > 19 ? 19 : o->nice;
	o->nice_given = 1;
	return 0;
}

/* -0: items end with a NUL byte. */
static int
opt_null(struct options *o, const char *arg)
{
	(void)arg;
	o->delim = '\0';
	return 0;
}

/*
 * --recend shares -d's delimiter when it is one byte, and says it was
 * given for --pipe; any other string (or none) is config.c's to decode.
 */
static int
opt_recend(struct options *o, const char *arg)
{
	const char *why;

	o->recend_given = 1;
	o->recend = NULL;
	if (parse_delim(arg, &o->delim, &why) != 0)
		o->recend = arg;
	return 0;
}

/* --process-slot-var NAME: a name the shell can export. */
static int
opt_slot_var(struct options *o, const char *arg)
{
	size_t n = strspn(arg,
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789_");

	if (n == 0 || arg[n] != '\0' || isdigit((unsigned char)arg[0]))
		return bad_value("--process-slot-var", arg,
		    "give a variable name such as SLOT");
	o->slot_var = arg;
	return 0;
}

/* --shell-quote: --dry-run, the command quoted once more each time. */
static int
opt_shell_quote(struct options *o, const char *arg)
{
	(void)arg;
	o->shell_quote++;
	return 0;
}

/* -I STR */
static int
opt_replstr(struct options *o, const char *arg)
{
	if (arg[0] == '\0') {
		xpool_err("-I: the replacement string is empty; give one such "
		          "as {} or XX");
		return -1;
	}
	o->replstr = arg;
	return 0;
}

/* --parens STR: two halves of the same length. */
static int
opt_parens(struct options *o, const char *arg)
{
	size_t n = strlen(arg);

	if (n == 0 || n % 2 != 0)
		return bad_value("--parens", arg,
		    "needs a left and a right half of the same length, such "
		    "as {==} or ,,,,");
	o->parens = arg;
	return 0;
}

/* --filter FILTER, repeatable. */
static int
opt_filter(struct options *o, const char *arg)
{
	o->filter =
	    xreallocarray(o->filter, o->nfilter + 1, sizeof(*o->filter));
	o->filter[o->nfilter++] = arg;
	return 0;
}

/* --template FILE=NAME, repeatable. */
static int
opt_template(struct options *o, const char *arg)
{
	const char *eq = strchr(arg, '=');

	if (eq == NULL || eq == arg || eq[1] == '\0')
		return bad_value("--template", arg,
		    "needs a file, = and the name to write it to, such as "
		    "my.tmpl={#}.conf");
	o->tmpl = xreallocarray(o->tmpl, o->ntmpl + 1, sizeof(*o->tmpl));
	o->tmpl[o->ntmpl++] = arg;
	return 0;
}

/* --rpl 'TAG PERL', repeatable. */
static int
opt_rpl(struct options *o, const char *arg)
{
	if (arg[0] == '\0' || isspace((unsigned char)arg[0]))
		return bad_value("--rpl", arg,
		    "needs a tag, a blank and a Perl expression, such as "
		    "'{..} s:\\.[^/.]+$::'");
	o->rpl = xreallocarray(o->rpl, o->nrpl + 1, sizeof(*o->rpl));
	o->rpl[o->nrpl++] = arg;
	return 0;
}

/* -S [N/]HOST[,...], repeatable. */
static int
opt_sshlogin(struct options *o, const char *arg)
{
	o->sshlogin =
	    xreallocarray(o->sshlogin, o->nsshlogin + 1, sizeof(*o->sshlogin));
	o->sshlogin[o->nsshlogin++] = arg;
	return 0;
}

/* --sshloginfile FILE, repeatable: read by config.c. */
static int
opt_sshloginfile(struct options *o, const char *arg)
{
	o->slf = xreallocarray(o->slf, o->nslf + 1, sizeof(*o->slf));
	o->slf[o->nslf++] = arg;
	return 0;
}

/* A repeatable option's value, added to its list. */
static void
add_value(const char ***list, size_t *n, const char *arg)
{
	*list = xreallocarray(*list, *n + 1, sizeof(**list));
	(*list)[(*n)++] = arg;
}

static int
opt_basefile(struct options *o, const char *arg)
{
	add_value(&o->basefile, &o->nbasefile, arg);
	return 0;
}

static int
opt_env(struct options *o, const char *arg)
{
	add_value(&o->env, &o->nenv, arg);
	return 0;
}

static int
opt_return(struct options *o, const char *arg)
{
	add_value(&o->ret, &o->nret, arg);
	return 0;
}

static int
opt_transferfile(struct options *o, const char *arg)
{
	add_value(&o->tf, &o->ntf, arg);
	return 0;
}

/* --trc FILE: --transfer --return FILE --cleanup. */
static int
opt_trc(struct options *o, const char *arg)
{
	o->transfer = 1;
	o->cleanup = 1;
	return opt_return(o, arg);
}

/* -i [STR], --replace[=STR]: -I STR, or {} as it is without STR. */
static int
opt_replace(struct options *o, const char *arg)
{
	if (arg != NULL && arg[0] != '\0')
		o->replstr = arg;
	return 0;
}

/* --timeout DURATION, or P% of the median runtime. */
static int
opt_timeout(struct options *o, const char *arg)
{
	const char *why;

	if (parse_timeout(arg, &o->timeout, &o->timeout_pct, &why) != 0)
		return bad_value("--timeout", arg, why);
	return 0;
}

/* The row an alias stands for; any other row itself. */
static const struct optdef *
resolve(const struct optdef *d)
{
	if (d->kind != OPT_SAME)
		return d;
	for (size_t i = 0; i < NOPTS; i++)
		if (optdefs[i].lname && strcmp(optdefs[i].lname, d->same) == 0)
			return &optdefs[i];
	xpool_bug("--%s stands for --%s, which is not in the table",
	    d->lname ? d->lname : "", d->same);
}

/* The row getopt_long's result names, or NULL for '?' and ':'. */
static const struct optdef *
lookup(int c)
{
	if (c >= OPT_LONG && c < OPT_LONG + (int)NOPTS)
		return &optdefs[c - OPT_LONG];
	for (size_t i = 0; i < NOPTS; i++)
		if (optdefs[i].letter == c)
			return resolve(&optdefs[i]);
	return NULL;
}

/* Decode one option's value as its row says; -1 after a message. */
static int
apply(struct options *o, const struct optdef *d, const char *arg)
{
	void *field = (char *)o + d->off;
	const char *why = NULL;
	char opt[32];
	int r = 0;

	/* Messages name an option by its letter when it has one. */
	if (d->letter)
		snprintf(opt, sizeof(opt), "-%c", d->letter);
	else
		snprintf(opt, sizeof(opt), "--%s", d->lname);
	switch (d->kind) {
	case OPT_NOTHING:
	case OPT_EARLY:
	case OPT_SAME: /* resolved by lookup() */
		return 0;
	case OPT_CALL:
		return d->fn(o, arg);
	case OPT_SET:
		*(int *)field = (int)d->val;
		return 0;
	case OPT_STRING:
		*(const char **)field = arg;
		return 0;
	case OPT_NAME:
		if (arg[0] == '\0')
			return bad_value(opt, arg,
			    "the replacement string is empty; give one such as "
			    "{} or XX");
		*(const char **)field = arg;
		return 0;
	case OPT_NUMBER:
		return number(opt, arg, d->val, field);
	case OPT_SIZE:
		r = parse_size(arg, field, &why);
		break;
	case OPT_DURATION:
		r = parse_duration(arg, field, &why);
		break;
	case OPT_DELIM:
		r = parse_delim(arg, field, &why);
		break;
	case OPT_TRIM:
		r = parse_trim(arg, field, &why);
		break;
	case OPT_HALT:
		r = parse_halt(arg, field, &why);
		break;
	case OPT_TERMSEQ:
		r = parse_termseq(arg, field, &why);
		break;
	}
	return r == 0 ? 0 : bad_value(opt, arg, why);
}

/*
 * getopt_long's tables from the rows.  An alias gets the value of the row it
 * stands for, so that an abbreviation matching both (--hal) is not ambiguous.
 */
static void
getopt_tables(struct option *lopts, char *sopts)
{
	size_t nl = 0, ns = 0;

	sopts[ns++] = '+';
	sopts[ns++] = ':';
	for (size_t i = 0; i < NOPTS; i++) {
		const struct optdef *d = &optdefs[i];

		if (d->lname) {
			lopts[nl].name = d->lname;
			lopts[nl].has_arg = d->arg == NULL ? no_argument
			    : d->arg[0] == '['             ? optional_argument
			                                   : required_argument;
			lopts[nl].flag = NULL;
			lopts[nl].val = OPT_LONG + (int)(resolve(d) - optdefs);
			nl++;
		}
		if (d->letter) {
			sopts[ns++] = (char)d->letter;
			if (d->arg)
				sopts[ns++] = ':';
			if (d->arg && d->arg[0] == '[')
				sopts[ns++] = ':';
		}
	}
	sopts[ns] = '\0';
	memset(&lopts[nl], 0, sizeof(lopts[nl]));
}

/* Whether s is a whole number (or -0), as an optional [N] value. */
static int
is_count(const char *s)
{
	if (strcmp(s, "-0") == 0)
		return 1;
	return s[0] != '\0' && strspn(s, "0123456789") == strlen(s);
}

/* Whether the #! line's argument a starts with --name, and its rest. */
static const char *
shebang_opt(const char *a, const char *name)
{
	size_t n = strlen(name);

	if (strncmp(a, "--", 2) != 0 || strncmp(a + 2, name, n) != 0 ||
	    (a[n + 2] != '\0' && a[n + 2] != ' ' && a[n + 2] != '\t'))
		return NULL;
	return a + n + 2;
}

/*
 * GNU parallel's options that xpool does not have, and why; those GNU
 * parallel retired (it refuses them itself), and what to give instead.
 */
static const struct {
	const char *names; /* each as typed (--name or -L), then a space */
	int retired;
	const char *why;
} refused[] = {
	{ "--sql --sql-master --sqlmaster --sql-worker --sqlworker "
	  "--sql-and-worker --sqlandworker ",
	    0,
	    "it shares jobs and their output through an SQL database (use "
	    "--joblog or --results for a record of the jobs)" },
	{ "--tmux --tmux-pane --tmuxpane ", 0,
	    "it shows each job in a tmux window or pane; xpool shows their "
	    "output itself (use --line-buffer --tag to watch jobs live)" },
	{ "--embed ", 0,
	    "it writes GNU parallel's Perl source into a shell script; xpool "
	    "is a program of its own (install it with the script)" },
	{ "--debug -D ", 0,
	    "it prints GNU parallel's internal state (use --dry-run or -v to "
	    "see the commands)" },
	{ "--bug ", 0,
	    "it prints GNU parallel's text for reporting a bug (give xpool "
	    "--version in a report of xpool's)" },
	{ "--session ", 0,
	    "it is for env_parallel, which xpool does not have (use --env to "
	    "copy variables to remote jobs)" },
	{ "--linkinputsource --xapplyinputsource ", 0,
	    "GNU parallel gives it to itself (use :::+ or ::::+, or --link, "
	    "to pair input sources)" },
	{ "-g ", 1, "use --group" },
	{ "-B ", 1, "use --bf" },
	{ "-T ", 1, "use --tty" },
	{ "-U ", 1, "use --er" },
	{ "-W ", 1, "use --wd" },
	{ "-Y ", 1, "use --shebang" },
	{ "-H ", 1, "use --halt" },
	{ "--ctrl-c --ctrlc --no-ctrl-c --no-ctrlc --noctrlc ", 1,
	    "remove it (Ctrl-C ends the jobs, remote ones too)" },
};

/* An unknown option that GNU parallel has (word up to any =): say why
 * xpool has not; 1, else 0. */
static int
refuse(const char *word)
{
	size_t n = strcspn(word, "=");

	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
		for (const char *p = refused[i].names; *p != '\0';
		     p += strcspn(p, " ") + 1) {
			if (strcspn(p, " ") != n || strncmp(p, word, n) != 0)
				continue;
			if (refused[i].retired)
				xpool_err("%.*s was retired by GNU parallel; "
				          "%s",
				    (int)n, word, refused[i].why);
			else
				xpool_err("%.*s is GNU parallel's option; "
				          "xpool does not have it: %s",
				    (int)n, word, refused[i].why);
			return 1;
		}
	return 0;
}

/* getopt_long returned '?' (unknown, or a value not taken) or ':' (none). */
static void
getopt_error(int c, char **argv)
{
	const char *word = argv[optind - 1];

	if (c == ':') {
		if (strncmp(word, "--", 2) == 0)
			xpool_err("option '%s' needs a value", word);
		else if (optopt)
			xpool_err("option -%c needs a value", optopt);
		else
			xpool_err("option '%s' needs a value", word);
	} else if (optopt >= OPT_LONG) {
		/* A long option with a value it does not take (--bar=1). */
		xpool_err("option '%.*s' takes no value",
		    (int)strcspn(word, "="), word);
	} else if (optopt) {
		char letter[3] = { '-', (char)optopt, '\0' };

		if (!refuse(letter))
			xpool_err("unknown option -%c", optopt);
	} else if (shebang_opt(word, "shebang") ||
	    shebang_opt(word, "hashbang") ||
	    shebang_opt(word, "shebang-wrap") ||
	    shebang_opt(word, "shebangwrap"))
		xpool_err("%s must be the first argument, as a script's #! "
		          "line gives it: #!/usr/bin/xpool %s ...",
		    word, word);
	else if (strncmp(word, "--", 2) != 0 || !refuse(word))
		xpool_err("unknown option '%s'", word);
}

static void
defaults(struct options *o)
{
	const char *why;

	memset(o, 0, sizeof(*o));
	o->delim = '\n';
	o->buffer = (size_t)64 * 1024 * 1024;
	o->block = 1024 * 1024;
	o->max_record = (size_t)1024 * 1024 * 1024;
	o->arg_sep = ":::";
	o->arg_file_sep = "::::";
	o->trim = -1; /* not given: config decides (--colsep trims) */
	(void)parse_termseq(
	    "TERM,200,TERM,100,TERM,50,KILL,25", &o->termseq, &why);
}

/*
 * Run from a script's #! line, as GNU parallel is: the kernel gives the
 * words after the program as one argument, then the script, then the
 * script's arguments.  --shebang (--hashbang) OPTIONS COMMAND: the last
 * argument is read for items from its second line (--skip-first-line -a
 * FILE), the words come after that.  --shebang-wrap (--shebangwrap)
 * OPTIONS PROGRAM: PROGRAM runs the script once for each of its arguments
 * (SCRIPT ::: ARGS), or of the items on the standard input.  The words are
 * split at blanks.  The new command line is in o->sb_argv, with *argc; 0, or -1
 * after a message.
 */
static int
shebang(struct options *o, int *argc, char **argv)
{
	const char *rest = NULL;
	int wrap = 0, n = 0;
	char **v, *w;

	if (*argc < 2)
		return 0;
	if ((rest = shebang_opt(argv[1], "shebang-wrap")) != NULL ||
	    (rest = shebang_opt(argv[1], "shebangwrap")) != NULL)
		wrap = 1;
	else if ((rest = shebang_opt(argv[1], "shebang")) == NULL &&
	    (rest = shebang_opt(argv[1], "hashbang")) == NULL)
		return 0;
	if (*argc < 3) {
		xpool_err("--%s is for a script's #! line: give the script's "
		          "path after it",
		    wrap ? "shebang-wrap" : "shebang");
		return -1;
	}
	o->sb_words = xstrndup(rest, strlen(rest));
	v = o->sb_argv = xcalloc((size_t)*argc + strlen(rest) + 5, sizeof(*v));
	v[n++] = argv[0];
	if (!wrap) {
		v[n++] = (char *)"--skip-first-line";
		v[n++] = (char *)"-a";
		v[n++] = argv[*argc - 1];
	}
	for (w = strtok(o->sb_words, " \t"); w != NULL; w = strtok(NULL, " \t"))
		v[n++] = w;
	if (wrap) {
		/*
		 * Without arguments, no ":::": the items come from the
		 * standard input, and a semaphore (sem --shebang-wrap) runs
		 * the script once, as in GNU parallel.
		 */
		v[n++] = argv[2];
		if (*argc > 3)
			v[n++] = (char *)":::";
	}
	for (int i = wrap ? 3 : 2; i < *argc - !wrap; i++)
		v[n++] = argv[i];
	*argc = n;
	return 0;
}

/* Whether the command line gave the option whose long name is lname. */
static int
given(const struct options *o, const char *lname)
{
	for (size_t i = 0; i < o->ngiven; i++)
		if (o->given[i].lname != NULL &&
		    strcmp(o->given[i].lname, lname) == 0)
			return 1;
	return 0;
}

/*
 * getopt_long over argv's options, each decoded as its row says; with
 * early, only -J's values (into *names) and --plain (*plain) are looked
 * at, and a mistake ends the loop for the full pass to report.  The index
 * of the first operand, or -1 after a message.
 */
static int
getopts(struct options *o, int argc, char **argv, const struct option *lopts,
    const char *sopts, struct buf *names, int *plain)
{
	int c;

	opterr = 0;
	optind = 0; /* 0, not 1: getopt starts afresh, as for a new argv */
	while ((c = getopt_long(argc, argv, sopts, lopts, NULL)) != -1) {
		const struct optdef *d = lookup(c);

		if (d == NULL && names != NULL)
			break;
		if (d == NULL) {
			getopt_error(c, argv);
			return -1;
		}
		/*
		 * An optional value, as GNU parallel's Getopt::Long takes it:
		 * the next word, unless that starts with '-'; an optional
		 * number ([N]) only when the next word is one.
		 */
		if (d->arg != NULL && d->arg[0] == '[' && optarg == NULL &&
		    optind < argc &&
		    (strcmp(d->arg, "[N]") == 0 ? is_count(argv[optind])
		                                : argv[optind][0] != '-'))
			optarg = argv[optind++];
		if (names == NULL) {
			if (apply(o, d, optarg) != 0)
				return -1;
			o->given = xreallocarray(
			    o->given, o->ngiven + 1, sizeof(*o->given));
			o->given[o->ngiven].lname = d->lname;
			o->given[o->ngiven++].letter = d->letter;
		} else if (d->kind == OPT_EARLY && d->arg != NULL)
			buf_add(names, &optarg, sizeof(optarg));
		else if (d->kind == OPT_EARLY)
			*plain = 1;
	}
	return optind;
}

/*
 * The words of a profile file's lines (but those whose first non-blank is
 * #) onto w; 1 when the file cannot be opened, else 0, or -1 after a
 * message.
 */
static int
read_profile(struct buf *w, size_t *nw, const char *path)
{
	char *line = NULL;
	size_t cap = 0, lineno = 0;
	ssize_t n;
	long k = 0;
	FILE *f;

	/* One this user cannot read is not there, as GNU's -r test has it. */
	if ((f = fopen(path, "r")) == NULL)
		return 1;
	while ((n = getline(&line, &cap, f)) > 0) {
		size_t b = strspn(line, " \t\n\r\f\v");

		lineno++;
		if (line[n - 1] == '\n')
			n--;
		if (line[b] == '#')
			continue;
		if ((k = quote_words(w, line, (size_t)n)) < 0)
			break;
		*nw += (size_t)k;
	}
	if (k < 0)
		xpool_err("profile '%s', line %zu: a quote is not closed, or "
		          "a backslash ends the line; close it, or quote the "
		          "backslash",
		    path, lineno);
	else if (ferror(f))
		xpool_err(
		    "cannot read the profile '%s': %s", path, strerror(errno));
	n = k < 0 || ferror(f) ? -1 : 0;
	free(line);
	fclose(f);
	return (int)n;
}

/* The directories GNU parallel looks for profiles in, in its order. */
static void
profile_dirs(struct buf *dirs)
{
	const char *home = getenv("PARALLEL_HOME"), *p;

	if (home != NULL && home[0] != '\0')
		buf_printf(dirs, "%s%c", home, '\0');
	if ((p = getenv("XDG_CONFIG_HOME")) != NULL && p[0] != '\0')
		buf_printf(dirs, "%s/parallel%c", p, '\0');
	for (p = getenv("XDG_CONFIG_DIRS"); p != NULL && *p != '\0';) {
		size_t n = strcspn(p, ":");

		if (n > 0)
			buf_printf(dirs, "%.*s/parallel%c", (int)n, p, '\0');
		p += n + (p[n] == ':');
	}
	home = getenv("HOME");
	buf_printf(dirs, "%s/.parallel%c",
	    home != NULL && home[0] != '\0' ? home : "/tmp", '\0');
}
/*
 * GNU parallel's directory for its own files: the first of profile_dirs()
 * that is a directory, else ~/.parallel; $PARALLEL_HOME is made first when
 * it is set, as GNU parallel makes it.  Into path, with "/" and name.
 */
static void
config_path(struct buf *path, const char *name)
{
	struct buf dirs = BUF_INIT;
	const char *home = getenv("PARALLEL_HOME"), *d, *last = NULL;
	struct stat st;

	if (home != NULL && home[0] != '\0') {
		buf_adds(path, home);
		for (char *p = path->data + 1; *p != '\0'; p++)
			if (*p == '/') {
				*p = '\0';
				(void)mkdir(path->data, 0777);
				*p = '/';
			}
		(void)mkdir(path->data, 0777);
		buf_reset(path);
	}
	profile_dirs(&dirs);
	for (d = dirs.data; d < dirs.data + dirs.len; d += strlen(d) + 1) {
		last = d;
		if (stat(d, &st) == 0 && S_ISDIR(st.st_mode))
			break;
	}
	buf_printf(path, "%s/%s", d < dirs.data + dirs.len ? d : last, name);
	buf_free(&dirs);
}

/*
 * --record-env: the names of the environment's variables, one a line, into
 * ignored_vars in GNU parallel's directory, for its --env _ to leave out;
 * with those GNU parallel has set by then when they are not (its %ENV's
 * keys).  -1 after a message.
 */
int
options_record_env(void)
{
	static const char *const gnu[] = { "PARALLEL_RSYNC_OPTS",
		"PARALLEL_REMOTE_TMPDIR", "OLDPWD", "TMPDIR", "HOME",
		"PARALLEL_HOME" };
	struct buf path = BUF_INIT, names = BUF_INIT;
	size_t n = 0;
	FILE *f;
	int r = 0;

	/* Each name once, then a NUL: names.data holds n of them. */
	for (char **e = environ; *e != NULL; e++) {
		size_t len = strcspn(*e, "=");
		const char *s = names.data;
		size_t i = 0;

		if ((*e)[len] != '=' || len == 0)
			continue;
		for (; i < n; i++, s += strlen(s) + 1)
			if (strlen(s) == len && memcmp(s, *e, len) == 0)
				break;
		if (i == n) {
			buf_printf(&names, "%.*s%c", (int)len, *e, '\0');
			n++;
		}
	}
	for (size_t k = 0; k < sizeof(gnu) / sizeof(gnu[0]); k++)
		if (getenv(gnu[k]) == NULL)
			buf_printf(&names, "%s%c", gnu[k], '\0');
	config_path(&path, "ignored_vars");
	if ((f = fopen(path.data, "w")) == NULL) {
		xpool_err("--record-env: cannot write to '%s': %s; make the "
		          "directory, or set PARALLEL_HOME to a writable one",
		    path.data, strerror(errno));
		r = -1;
	} else {
		for (const char *s = names.data; s < names.data + names.len;
		     s += strlen(s) + 1)
			fprintf(f, "%s\n", s);
		if (ferror(f) | (fclose(f) != 0)) {
			xpool_err("--record-env: cannot write to '%s': %s",
			    path.data, strerror(errno));
			r = -1;
		}
	}
	buf_free(&path);
	buf_free(&names);
	return r;
}

/*
 * ignored_vars as --record-env wrote it, one name a line, into names; the
 * file's path into path.  -1 (errno set) when it cannot be read.
 */
int
options_ignored_vars(struct buf *names, struct buf *path)
{
	config_path(path, "ignored_vars");
	return buf_read_file(names, path->data);
}

/* read_profile() of path; its name onto from when it gave words. */
static int
read_named(struct buf *w, size_t *nw, struct buf *from, const char *path)
{
	int r = read_profile(w, nw, path);

	if (r == 0)
		buf_printf(from, " %s", path);
	return r;
}

/*
 * The profiles' words onto w, as options_read() says: each of names in
 * each directory, or the config files.  -1 after a message.
 */
static int
profile_words(struct buf *w, size_t *nw, const char **names, size_t nnames,
    struct buf *from)
{
	struct buf dirs = BUF_INIT, path = BUF_INIT;
	const char *home = getenv("HOME");
	int r = 0;

	profile_dirs(&dirs);
	if (nnames == 0)
		r = read_named(w, nw, from, "/etc/parallel/config");
	for (size_t i = 0; i < (nnames > 0 ? nnames : 1) && r >= 0; i++) {
		const char *name = nnames > 0 ? names[i] : "config";
		int found = 0;

		if (name[0] == '/' || strncmp(name, "./", 2) == 0)
			found = (r = read_named(w, nw, from, name)) == 0;
		else
			for (const char *d = dirs.data;
			     r >= 0 && d < dirs.data + dirs.len;
			     d += strlen(d) + 1) {
				buf_reset(&path);
				buf_printf(&path, "%s/%s", d, name);
				r = read_named(w, nw, from, path.data);
				found |= r == 0;
			}
		if (nnames > 0 && !found && r >= 0) {
			for (size_t k = 0; k + 1 < dirs.len; k++)
				dirs.data[k] =
				    dirs.data[k] ? dirs.data[k] : ' ';
			xpool_err(
			    "-J %s: no such profile (or none readable) "
			    "in %s; give the name of a file there, ./FILE "
			    "or /FILE",
			    name, dirs.data);
			r = -1;
		}
	}
	if (nnames == 0 && r >= 0) {
		buf_reset(&path);
		buf_printf(&path, "%s/.parallelrc",
		    home != NULL && home[0] != '\0' ? home : "/tmp");
		r = read_named(w, nw, from, path.data);
	}
	buf_free(&dirs);
	buf_free(&path);
	return r < 0 ? -1 : 0;
}

/*
 * Before the command line's options: the -J profiles' (or the config
 * files') and $PARALLEL's, as words in o->pf_words and two argvs in
 * o->pf_argv, the first with n[0] words, the second with n[1]; the
 * operands' room after them.  Nothing when there are none.  -1 after a
 * message; from says where the words came from.
 */
static int
early_options(struct options *o, int argc, char **argv,
    const struct option *lopts, const char *sopts, size_t n[2],
    struct buf *from)
{
	static const char *const vars[] = { "PARALLEL", "PARALLEL_CSH" };
	struct buf names = BUF_INIT, w = BUF_INIT;
	int plain = 0, r = 0;
	char **v, *p;

	(void)getopts(o, argc, argv, lopts, sopts, &names, &plain);
	if (!plain)
		r = profile_words(&w, &n[0], (const char **)names.data,
		    names.len / sizeof(char *), from);
	for (size_t i = 0; i < 2 && !plain && r == 0; i++) {
		const char *e = getenv(vars[i]);
		long k;

		/* Perl's truth: "" and "0" are no options. */
		if (e == NULL || e[0] == '\0' || strcmp(e, "0") == 0)
			continue;
		if ((k = quote_words(&w, e, strlen(e))) < 0) {
			xpool_err("$%s: a quote is not closed, or a backslash "
			          "ends it; close it, or quote the backslash",
			    vars[i]);
			r = -1;
		}
		n[1] += k > 0 ? (size_t)k : 0;
	}
	buf_free(&names);
	if (r != 0 || n[0] + n[1] == 0) {
		buf_free(&w);
		return r;
	}
	o->pf_words = p = buf_detach(&w);
	v = o->pf_argv =
	    xcalloc(2 * (n[0] + n[1]) + (size_t)argc + 4, sizeof(*v));
	/* argv[0], the profiles' words, NULL; argv[0], $PARALLEL's, NULL. */
	for (size_t k = 0; k < 2; k++) {
		*v++ = argv[0];
		for (size_t j = 0; j < n[k]; j++, p += strlen(p) + 1)
			*v++ = p;
		v++;
	}
	return 0;
}

/* options_parse(), with the profiles and $PARALLEL if early. */
static int
parse(int argc, char **argv, struct options *o, int early)
{
	struct option lopts[NOPTS + 1];
	char sopts[4 * NOPTS + 3];
	struct buf from = BUF_INIT;
	size_t n[2] = { 0, 0 };
	const char *base;
	char **ops = NULL, **v;
	int i, k, nops = 0;

	defaults(o);
	if (shebang(o, &argc, argv) != 0)
		goto fail;
	if (o->sb_argv != NULL)
		argv = o->sb_argv;
	getopt_tables(lopts, sopts);
	if (early && early_options(o, argc, argv, lopts, sopts, n, &from) != 0)
		goto fail;
	if ((v = o->pf_argv) != NULL) {
		/* The profiles', $PARALLEL's, the command line's operands. */
		ops = v + n[0] + n[1] + 4;
		if ((i = getopts(
		         o, (int)n[0] + 1, v, lopts, sopts, NULL, NULL)) < 0) {
			xpool_err("that is in the profile%s; mend it there, or "
			          "give --plain to read none",
			    from.data);
			goto fail;
		}
		while (i <= (int)n[0])
			ops[nops++] = v[i++];
		v += n[0] + 2;
		if ((i = getopts(
		         o, (int)n[1] + 1, v, lopts, sopts, NULL, NULL)) < 0) {
			xpool_err(
			    "that is in $PARALLEL (or $PARALLEL_CSH); "
			    "mend it there, or give --plain to ignore it");
			goto fail;
		}
		while (i <= (int)n[1])
			ops[nops++] = v[i++];
	}
	/* o->given: the command line's (a profile is for sem's runs too). */
	o->ngiven = 0;
	if ((k = getopts(o, argc, argv, lopts, sopts, NULL, NULL)) < 0)
		goto fail;
	if (o->pf_argv == NULL) {
		ops = argv + k;
		nops = argc - k;
	} else
		while (k < argc)
			ops[nops++] = argv[k++];
	buf_free(&from);
	if (o->tollef && !o->gnu) {
		xpool_err("--tollef was retired by GNU parallel; remove it, or "
		          "give --gnu too to have it ignored, as there");
		goto fail;
	}
	if (o->help || o->version || o->cpus_query || o->minversion_given ||
	    o->max_line_length || o->shell_completion || o->record_env) {
		options_free(o);
		return 0;
	}
	if (parse_operands(o, nops, ops) != 0)
		goto fail;
	o->pipe |= o->pipe_part || o->cat || o->fifo || o->round_robin;
	lines_per_command(o);
	/* GNU parallel's: these win over what they undo, in any order. */
	if (o->no_keep_order)
		o->unordered = 1;
	if (o->silent)
		o->verbose = 0;
	if (o->shell_quote)
		o->dry_run = 1;
	/* --ctag is --tag --color; --ctagstring, --tagstring --color. */
	o->tag |= o->ctag;
	if (o->tagstring == NULL)
		o->tagstring = o->ctagstring;
	o->color |= o->ctag || o->ctagstring != NULL;
	/* --tty: -j1 -u, unless -j or --group says otherwise. */
	if (o->tty) {
		o->open_tty = 1;
		if (o->jobs == NULL)
			o->jobs = "1";
		if (o->group == GROUP_JOB && !given(o, "group"))
			o->group = GROUP_NONE;
	}
	/* Run as sem, or given any of its options: GNU parallel's rule. */
	base = argc > 0 ? strrchr(argv[0], '/') : NULL;
	o->semaphore |=
	    (argc > 0 && strcmp(base ? base + 1 : argv[0], "sem") == 0) ||
	    o->sem_fg || o->sem_wait || o->sem_id || o->sem_timeout;
	if (o->tmpdir == NULL) {
		o->tmpdir = getenv("TMPDIR");
		if (o->tmpdir == NULL || o->tmpdir[0] == '\0')
			o->tmpdir = "/tmp";
	}
	return 0;
fail:
	buf_free(&from);
	options_free(o);
	return -1;
}

int
options_parse(int argc, char **argv, struct options *o)
{
	return parse(argc, argv, o, 0);
}

int
options_read(int argc, char **argv, struct options *o)
{
	return parse(argc, argv, o, 1);
}

void
options_free(struct options *o)
{
	free(o->src);
	o->src = NULL;
	o->nsrc = 0;
	free(o->rpl);
	o->rpl = NULL;
	o->nrpl = 0;
	free(o->filter);
	o->filter = NULL;
	o->nfilter = 0;
	free(o->tmpl);
	o->tmpl = NULL;
	o->ntmpl = 0;
	free(o->sb_argv);
	o->sb_argv = NULL;
	free(o->sb_words);
	o->sb_words = NULL;
	free(o->pf_words);
	o->pf_words = NULL;
	free(o->pf_argv);
	o->pf_argv = NULL;
	free(o->given);
	o->given = NULL;
	o->ngiven = 0;
	free(o->sshlogin);
	o->sshlogin = NULL;
	o->nsshlogin = 0;
	free(o->slf);
	o->slf = NULL;
	o->nslf = 0;
	free(o->basefile);
	o->basefile = NULL;
	o->nbasefile = 0;
	free(o->env);
	o->env = NULL;
	o->nenv = 0;
	free(o->ret);
	o->ret = NULL;
	o->nret = 0;
	free(o->tf);
	o->tf = NULL;
	o->ntf = 0;
}
