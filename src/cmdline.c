/*
 * cmdline.c -- the argument-limit arithmetic, and packing for -X and -m.
 */
#include <limits.h>

#include "cmdline.h"

/* Bytes kept free for the word around a value and for rounding. */
#define SLACK 1024

/*
 * arg_max and page are sysconf(_SC_ARG_MAX) and sysconf(_SC_PAGESIZE);
 * env_size is what the jobs' environment costs (strings and pointers).
 */
void
cmdline_init(struct cmdline *c, long arg_max, long page, size_t env_size)
{
	size_t headroom;

	if (arg_max <= 0)
		arg_max = 128 * 1024;
	if (page <= 0)
		page = 4096;
	/* Linux: MAX_ARG_STRLEN is 32 pages, whatever ARG_MAX says. */
	c->one = (size_t)page * 32;
	/* POSIX asks for 2048 bytes of headroom; keep a page more. */
	headroom = env_size + (size_t)page + 2048;
	c->total = (size_t)arg_max > headroom + 4096
	    ? (size_t)arg_max - headroom
	    : 4096;
	c->room = c->total;
	c->used = 0;
	c->chars = c->cused = 0;
	c->pack_chars = 0;
}

/* The longest command a shell may be given (sh -c COMMAND), in bytes. */
size_t
cmdline_max_line(const struct cmdline *c)
{
	return c->one - 1 < c->total ? c->one - 1 : c->total;
}

/*
 * The longest command line GNU parallel finds it may run where the limit
 * is limit bytes: it tries 324 times powers of 16, then halves the last
 * interval until its ends are within 1 %, so it finds a little less.
 * xpool finds the same number, so that --max-line-length-allowed and the
 * commands -X, -m and --xargs fill are those of GNU parallel.
 */
size_t
cmdline_found_max(size_t limit)
{
	size_t lower, upper = 324;

	for (;;) {
		if (upper > 100000000)
			return upper;
		upper *= 16;
		if (upper > limit)
			break;
	}
	lower = upper / 16;
	while (lower + 1 < upper && (double)lower / (double)upper <= 0.99) {
		size_t middle = lower + (upper - lower) / 2;

		if (middle <= limit)
			lower = middle;
		else
			upper = middle;
	}
	return lower;
}

/*
 * The length of a command line -X, -m and --xargs fill to without -s: GNU
 * parallel's, the longest it found less 3000 bytes, halved (it keeps room
 * to wrap and to hex-encode a command).
 */
size_t
cmdline_pack_default(size_t found)
{
	return found > 3000 ? (found - 3000) / 2 : found;
}

/*
 * Work out the room for records when packing: the command with no values
 * takes what it takes, the rest is theirs.  Through a shell the whole
 * command is one argument, so that argument's limit is what counts.
 */
void
cmdline_pack_init(struct cmdline *c, const struct tpl *t)
{
	/* {##} as its longest: the total is a number of any size. */
	struct tpl_vals v = { .seq = 1, .slot = 1, .total = ULONG_MAX };
	struct tpl_cmd cmd = { 0 };
	size_t limit, base;

	tpl_expand(t, &v, &cmd);
	limit = tpl_uses_shell(t) ? c->one : c->total;
	base = tpl_uses_shell(t) ? cmd.longest : cmd.size;
	c->room = limit > base + SLACK ? limit - base - SLACK : 0;
	c->used = 0;
	tpl_cmd_free(&cmd);
}

/* -s: the length of the command line of one record, as shown. */
static size_t
line_of_one(const struct tpl *t, char **field, size_t *flen, size_t n)
{
	struct tpl_vals v = { .field = field,
		.flen = flen,
		.nfield = n,
		.seq = 1,
		.slot = 1,
		.total = ULONG_MAX };
	struct buf line = BUF_INIT;
	size_t len;

	tpl_render(t, &v, &line);
	len = line.len;
	buf_free(&line);
	return len;
}

/*
 * Decide whether one more record goes into the job being built; first says
 * the job has no record yet (then it always goes in).  A record with a
 * value that might not fit in one argument is a job by itself, so that it
 * fails alone.
 */
int
cmdline_pack(struct cmdline *c, const struct tpl *t, char **field, size_t *flen,
    size_t n, int first)
{
	size_t cost = tpl_record_cost(t, field, flen, n);

	if (first)
		c->used = 0;
	for (size_t i = 0; i < n; i++)
		if (flen[i] + SLACK >= c->one)
			return CMD_ALONE;
	if (!first && c->used + cost > c->room)
		return CMD_FULL;
	if (c->chars > 0 || c->pack_chars > 0) {
		/* The first record's line, then what each adds to it. */
		size_t chars = first ? line_of_one(t, field, flen, n)
		                     : tpl_record_chars(t, field, flen, n);
		size_t cap = c->chars > 0 ? c->chars : c->pack_chars;

		if (!first && c->cused + chars >= cap)
			return CMD_FULL;
		c->cused = first ? chars : c->cused + chars;
	}
	c->used += cost;
	return CMD_FITS;
}

/* Whether a built command can be executed; if not, why, in a message. */
int
cmdline_check(
    const struct cmdline *c, const struct tpl_cmd *cmd, struct buf *why)
{
	if (cmd->longest > c->one) {
		buf_printf(why,
		    "an argument of %zu bytes is over the system's limit of "
		    "%zu bytes for one argument; pass such items in a file "
		    "instead",
		    cmd->longest - 1, c->one - 1);
		return -1;
	}
	if (cmd->size > c->total) {
		buf_printf(why,
		    "the command is %zu bytes, over the system's limit of "
		    "%zu; give fewer or shorter items per command (-n)",
		    cmd->size, c->total);
		return -1;
	}
	return 0;
}

/*
 * -s: whether a command line of len characters, as shown, is under the
 * limit; if not, why, in a message.
 */
int
cmdline_check_chars(const struct cmdline *c, size_t len, struct buf *why)
{
	if (c->chars == 0 || len < c->chars)
		return 0;
	buf_printf(why,
	    "the command line is %zu characters, not under the limit of %zu "
	    "that -s sets; give a larger -s, or fewer or shorter items",
	    len, c->chars);
	return -1;
}
