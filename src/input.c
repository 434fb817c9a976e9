/*
 * input.c -- item sources, read lazily, combined into records.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "csv.h"
#include "diag.h"
#include "input.h"
#include "parse.h"
#include "part.h"
#include "reader.h"
#include "sys.h"
#include "xmalloc.h"

struct source {
	enum src_kind kind;
	const char *name;
	struct reader *rd; /* read lazily (the first group only) */
	char **item; /* read whole, or the command line's items */
	size_t *len;
	size_t n;
	size_t skip; /* 1 when the first item was taken by --header */
	int own_items; /* item[] is the source's own (-r on ::: items) */
	char *store; /* the bytes item[] points into */
};

struct group {
	struct source **src;
	size_t nsrc;
	size_t len; /* tuples in the group (--link: the longest source; :::+
	               the shortest) */
	size_t idx; /* the odometer */
};

struct input {
	struct input_opts o;
	void (*ready)(void *);
	void *arg;

	struct source *src;
	size_t nsrc;
	struct group *grp;
	size_t ngrp;

	int streamed; /* the first group is one source read lazily */
	int have0; /* the first group's current tuple is valid */
	size_t idx0; /* next tuple of the first group, when read whole */
	char *val0; /* the first group's current value, when streamed */
	size_t len0;
	unsigned long line0;
	int done;
	int reads_stdin;
	struct buf cont; /* -L, -l: the lines of a value that goes on */
	int joining; /* ... cont holds one, to be continued */
	int eof_next; /* ... -E came after one: the input ends after it */
	size_t *perm; /* --shuf: the records' numbers in the order to go */
	size_t nperm, pos; /* ... how many, and the next */

	regex_t re;
	int use_re;
	char *lit; /* --colsep as a plain string */
	size_t litlen;

	char **names;
	size_t nnames;

	struct buf sep; /* --pipe: --recend then --recstart, unescaped */
	size_t sepcut; /* the length of --recend in it */
	regex_t rec_re; /* ... or as a regex (--regexp) */
	int use_rec_re;
	int re_at_start; /* the regex is --recstart's alone */
	regex_t rrs_start, rrs_end; /* --regexp --rrs: ^(start), (end)$ */
	int use_rrs_start, use_rrs_end;
	regex_t part_re, part_re_at; /* --regexp --pipe-part: (end)(start),
	                                as /s, and anchored */
	int use_part_re;

	struct buf csvout; /* --csv: the record's fields, unquoted */
	struct csv_fields csvf;
	int csvbad; /* --csv: the record is malformed */
	int csvstale; /* --csv: csvout holds the last record's fields */

	uv_timer_t bt; /* --block-timeout */
	int bt_made;
	int closing; /* handles still to close, and the input itself */

	struct parts *parts; /* --pipe-part: the files' parts */
	struct part part; /* ... the one handed out */

	struct buf head; /* --pipe --header: put before every block */
	struct buf blk; /* ... and a block with it */

	/* The record handed out by input_next(). */
	char **field;
	size_t *flen;
	size_t fcap;

	void (*closed)(void *);
	void *closed_arg;
};

/* Why a record with a NUL byte cannot run. */
#define NUL_BAD                                                                \
	"has a NUL byte and cannot be passed to a command; use -0 for "        \
	"NUL-separated items"

/* ---- readers ---------------------------------------------------------- */

static void reader_poll_cb(uv_poll_t *, int, int);

static struct reader *
reader_open(struct input *in, const char *path)
{
	struct reader *rd = xcalloc(1, sizeof(*rd));
	struct stat st;

	rd->owner = in;
	if (strcmp(path, "-") == 0) {
		rd->fd = STDIN_FILENO;
		rd->name = "standard input";
		in->reads_stdin = 1;
	} else {
		rd->name = path;
		rd->fd = open(path, O_RDONLY | O_CLOEXEC);
		if (rd->fd < 0)
			xpool_fatal("cannot open input file '%s': %s", path,
			    strerror(errno));
		rd->own_fd = 1;
	}
	if (fstat(rd->fd, &st) == 0 && S_ISDIR(st.st_mode))
		xpool_fatal("input file '%s' is a directory; give a file of "
		            "items, one per line",
		    path);
	rd->delim = in->o.delim;
	if (in->o.pipe && in->o.rec_string) {
		rd->sepmode = 1;
		rd->sep = in->sep.data;
		rd->seplen = in->sep.len;
		rd->sepcut = in->sepcut;
		rd->re = in->use_rec_re ? &in->rec_re : NULL;
		rd->re_at_start = in->re_at_start;
	}
	if (in->o.pipe && in->o.group_key != NULL) {
		rd->sepmode = 1;
		rd->key = in->o.group_key;
		rd->keyarg = in->o.group_arg;
	}
	/* --csv: a record may hold any number of lines. */
	rd->csv = in->o.csv && !in->o.pipe;
	rd->drop_blank = in->o.pipe && in->o.skip_blank;
	rd->blank = 0;
	rd->limit = in->o.max_record;
	/*
	 * At most a block and a record too long by one read, or -N records
	 * with --pipe -N, which can be any size.
	 */
	rd->group = in->o.pipe ? in->o.pipe_lines : 0;
	rd->most =
	    (in->o.pipe && (in->o.block_recs > 0 || rd->group > 1)) || rd->csv
	    ? SIZE_MAX
	    : add_sat(add_sat(rd->limit, in->o.pipe ? in->o.block : 0),
	          READ_MAX + READ_CHUNK);
	rd->cap = READ_CHUNK;
	rd->buf = xmalloc(rd->cap);
	return rd;
}

static void
reader_idle_cb(uv_idle_t *h)
{
	struct reader *rd = h->data;

	uv_idle_stop(h);
	rd->idling = 0;
	{
		struct input *in = rd->owner;

		in->ready(in->arg);
	}
}

/*
 * Make a lazily read source wake the loop when it has data.  Regular files
 * and devices (/dev/zero, /dev/null) cannot be polled; they are read when
 * asked, a few reads at a time, and the next turn of the loop (the idle
 * handle) reads on, so that a record without an end does not keep the loop
 * from seeing a signal.  uv_poll_init() makes the descriptor non-blocking;
 * that flag is on the open file description, which standard input shares
 * with other processes, so it is put back as it was.
 */
static void
reader_watch(struct reader *rd, uv_loop_t *loop)
{
	int flags = fcntl(rd->fd, F_GETFL);

	if (uv_poll_init(loop, &rd->poll, rd->fd) != 0) {
		uv_idle_init(loop, &rd->idle);
		rd->idle.data = rd;
		rd->watched = 1;
		return;
	}
	if (flags >= 0)
		(void)fcntl(rd->fd, F_SETFL, flags);
	rd->poll.data = rd;
	rd->pollable = 1;
	rd->watched = 1;
}

static void
reader_poll_cb(uv_poll_t *h, int status, int events)
{
	struct reader *rd = h->data;
	struct input *in = rd->owner;

	(void)events;
	uv_poll_stop(h);
	rd->polling = 0;
	if (status < 0 || reader_fill(rd) < 0) {
		if (status < 0)
			xpool_err("cannot read %s: %s", rd->name,
			    uv_strerror(status));
		in->done = INPUT_ERROR;
	}
	in->ready(in->arg);
}

/* ---- sources read whole ----------------------------------------------- */

/* -E STR: the item that ends its source. */
static int
is_eof(const struct input *in, const char *item, size_t len)
{
	return in->o.eof != NULL && strlen(in->o.eof) == len &&
	    memcmp(in->o.eof, item, len) == 0;
}

/* Perl's \s: what -r takes for white space. */
static int
is_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* -r: whether an item is white space only (Perl's /^\s*$/), so no item. */
static int
is_blank(const struct input *in, const char *item, size_t len)
{
	if (!in->o.skip_blank)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (!is_space(item[i]))
			return 0;
	return 1;
}

/* -L, -l: whether a line goes on with the next (it ends in a blank). */
static int
goes_on(const struct input *in, const char *item, size_t len)
{
	return in->o.join && len > 0 && is_space(item[len - 1]);
}

/*
 * -L, -l: the items of a source in memory, each line that ends in a blank
 * joined with the one after it, as GNU parallel does.
 */
static void
join_items(struct source *s)
{
	struct buf store = BUF_INIT;
	size_t *off = xcalloc(s->n ? s->n : 1, sizeof(*off));
	size_t n = 0;

	for (size_t k = 0; k < s->n; k++) {
		if (n > 0 && s->len[n - 1] > 0 &&
		    is_space(store.data[store.len - 2])) {
			store.len--; /* its NUL */
			s->len[n - 1] += s->len[k];
		} else {
			off[n] = store.len;
			s->len[n++] = s->len[k];
		}
		buf_add(&store, s->item[k], s->len[k]);
		buf_addc(&store, '\0');
	}
	if (!s->own_items && s->kind == SRC_LIST) {
		s->item = xcalloc(s->n ? s->n : 1, sizeof(*s->item));
		s->own_items = 1;
	}
	free(s->store);
	s->store = buf_detach(&store);
	for (size_t k = 0; k < n; k++)
		s->item[k] = s->store + off[k];
	s->n = n;
	free(off);
}

/* --skip-first-line: whether s is the first source, whose first item goes. */
static int
skips_first(const struct input *in, const struct source *s)
{
	return in->o.skip_first && s == &in->src[0];
}

static void
source_slurp(struct input *in, struct source *s, const char *path)
{
	struct reader *rd = reader_open(in, path);
	struct buf store = BUF_INIT;
	size_t *off = NULL, cap = 0;
	char *item;
	size_t len;
	int r, on = 0; /* -L, -l: the line before goes on */

	s->n = 0;
	while ((r = reader_next_sync(rd, in->o.delim, &item, &len)) == 1) {
		if (rd->line == 1 && skips_first(in, s))
			continue;
		if (is_eof(in, item, len))
			break;
		if (is_blank(in, item, len) && !on)
			continue;
		if (len > 0)
			on = goes_on(in, item, len);
		if (s->n == cap) {
			cap = cap ? cap * 2 : 64;
			off = xreallocarray(off, cap, sizeof(*off));
			s->len = xreallocarray(s->len, cap, sizeof(*s->len));
		}
		off[s->n] = store.len;
		s->len[s->n++] = len;
		buf_add(&store, item, len + 1);
	}
	if (r == -2)
		_exit(XPOOL_EXIT_ERROR);
	s->store = buf_detach(&store);
	s->item = xcalloc(s->n ? s->n : 1, sizeof(*s->item));
	for (size_t i = 0; i < s->n; i++)
		s->item[i] = s->store + off[i];
	free(off);
	if (in->o.join)
		join_items(s);
	if (rd->own_fd)
		close(rd->fd);
	free(rd->buf);
	free(rd);
}

/*
 * The command line's items of a ::: source, up to -E STR; with -r without
 * the blank ones (then into an array of the source's own).
 */
static void
keep_items(struct input *in, struct source *s)
{
	size_t n = 0, first = skips_first(in, s) ? 1 : 0;
	int on = 0; /* -L, -l: the line before goes on */

	s->len = xcalloc(s->n ? s->n : 1, sizeof(size_t));
	if (in->o.skip_blank || first) {
		char **all = s->item;

		s->item = xcalloc(s->n ? s->n : 1, sizeof(*s->item));
		s->own_items = 1;
		for (size_t k = 0; k < s->n; k++)
			s->item[k] = all[k];
	}
	for (size_t k = first; k < s->n; k++) {
		size_t len = strlen(s->item[k]);

		if (is_eof(in, s->item[k], len))
			break;
		/* -r: a blank line a line before goes on with is kept. */
		if (is_blank(in, s->item[k], len) && !on)
			continue;
		if (len > 0)
			on = goes_on(in, s->item[k], len);
		s->item[n] = s->item[k];
		s->len[n++] = len;
	}
	s->n = n;
	if (in->o.join)
		join_items(s);
}

/* ---- fields ----------------------------------------------------------- */

/* What --trim removes: Perl's \s, as GNU parallel's --trim. */
static int
trims(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static void
add_field(struct input *in, size_t *n, char *s, size_t len)
{
	if (in->o.trim & TRIM_LEFT)
		while (len > 0 && trims(*s)) {
			s++;
			len--;
		}
	if (in->o.trim & TRIM_RIGHT)
		while (len > 0 && trims(s[len - 1]))
			len--;
	if (*n == in->fcap) {
		in->fcap = in->fcap ? in->fcap * 2 : 16;
		in->field = xreallocarray(in->field, in->fcap, sizeof(char *));
		in->flen = xreallocarray(in->flen, in->fcap, sizeof(size_t));
	}
	in->field[*n] = s;
	in->flen[(*n)++] = len;
}

/*
 * --csv: the fields csv_split() put aside, as the record's fields (their
 * buffer grows as the values are split, so they are placed at the end).
 */
static void
csv_place(struct input *in, size_t *n)
{
	for (size_t k = 0; k < in->csvf.n; k++)
		add_field(
		    in, n, in->csvout.data + in->csvf.off[k], in->csvf.len[k]);
	in->csvf.n = 0;
	in->csvstale = 1; /* the fields stay until the next record */
}

/* Split one value into fields at --colsep, or keep it whole. */
static void
split_value(struct input *in, size_t *n, char *s, size_t len)
{
	size_t pos = 0;

	if (in->o.csv) {
		if (in->csvstale) {
			buf_reset(&in->csvout);
			in->csvstale = 0;
		}
		size_t before = in->csvf.n;

		if (csv_split(s, len, in->o.csv_sep, &in->csvout, &in->csvf) !=
		    0) {
			/* Malformed: the value whole, as one field. */
			in->csvbad = 1;
			in->csvf.n = before;
			csv_fields_add(&in->csvf, in->csvout.len, len);
			buf_add(&in->csvout, s, len);
			buf_addc(&in->csvout, '\0');
		}
		return;
	}
	if (in->use_re) {
		regmatch_t m;

		while (pos <= len) {
			m.rm_so = (regoff_t)pos;
			m.rm_eo = (regoff_t)len;
			if (regexec(&in->re, s, 1, &m, REG_STARTEND) != 0 ||
			    m.rm_eo == m.rm_so)
				break;
			add_field(in, n, s + pos, (size_t)m.rm_so - pos);
			pos = (size_t)m.rm_eo;
		}
	} else if (in->lit != NULL) {
		while (pos <= len) {
			char *p =
			    memmem(s + pos, len - pos, in->lit, in->litlen);

			if (p == NULL)
				break;
			add_field(in, n, s + pos, (size_t)(p - s) - pos);
			pos = (size_t)(p - s) + in->litlen;
		}
	}
	add_field(in, n, s + pos, len - pos);
}

/*
 * Turn --colsep into a POSIX extended regex, reading the Perl escapes users
 * type (\t \n \s \S \d \w); keep it as a plain string when it has no
 * special character, which is faster.
 */
/*
 * A Perl pattern as a POSIX extended regex in re, the Perl escapes users
 * type (\t \n \s \S \d \w) read; whether it has a special character.
 */
static int
perl_ere(const char *pat, struct buf *re)
{
	int special = 0;

	for (const char *p = pat; *p; p++) {
		if (*p == '\\' && p[1] != '\0') {
			p++;
			switch (*p) {
			case 't':
				buf_addc(re, '\t');
				continue;
			case 'n':
				buf_addc(re, '\n');
				continue;
			case 's':
				buf_adds(re, "[[:space:]]");
				break;
			case 'S':
				buf_adds(re, "[^[:space:]]");
				break;
			case 'd':
				buf_adds(re, "[0-9]");
				break;
			case 'w':
				buf_adds(re, "[[:alnum:]_]");
				break;
			default:
				buf_addc(re, '\\');
				buf_addc(re, *p);
				break;
			}
			special = 1;
			continue;
		}
		if (strchr(".[]()*+?{}|^$", *p) != NULL)
			special = 1;
		buf_addc(re, *p);
	}
	return special;
}

/*
 * A Perl pattern (--colsep) as a POSIX extended regex in re; whether it
 * has a special character (else it is a plain string).
 */
int
input_perl_ere(const char *pat, struct buf *re)
{
	return perl_ere(pat, re);
}

/* Compile a regex perl_ere() made, or stop xpool with opt's message. */
static void
compile_ere(
    regex_t *re, const char *ere, int flags, const char *opt, const char *pat)
{
	int r;

	if ((r = regcomp(re, ere, REG_EXTENDED | flags)) != 0) {
		char why[256];

		regerror(r, re, why, sizeof(why));
		xpool_fatal("%s '%s': %s; give a POSIX extended regular "
		            "expression",
		    opt, pat, why);
	}
}

/*
 * Turn --colsep into a POSIX extended regex, reading the Perl escapes users
 * type; keep it as a plain string when it has no special character, which
 * is faster.
 */
static void
compile_colsep(struct input *in, const char *pat)
{
	struct buf re = BUF_INIT;
	int special = perl_ere(pat, &re);

	if (re.len == 0)
		xpool_fatal("--colsep: the separator is empty; give a string "
		            "or a regular expression such as '\\t' or ','");
	if (!special) {
		in->litlen = re.len;
		in->lit = buf_detach(&re);
		return;
	}
	compile_ere(&in->re, re.data, 0, "--colsep", pat);
	in->use_re = 1;
	buf_free(&re);
}

/* ---- opening ---------------------------------------------------------- */

static void
take_header(struct input *in)
{
	size_t n = 0;

	for (size_t i = 0; i < in->nsrc; i++) {
		struct source *s = &in->src[i];
		char *v = NULL;
		size_t len = 0;

		if (s->rd != NULL) {
			int r = reader_next_sync(s->rd, in->o.delim, &v, &len);

			if (r == -2)
				_exit(XPOOL_EXIT_ERROR);
			if (r != 1)
				v = NULL;
		} else if (s->n > 0) {
			v = s->item[0];
			len = s->len[0];
			s->skip = 1;
			s->n--;
		}
		if (v == NULL)
			continue;
		split_value(in, &n, v, len);
	}
	if (in->o.csv)
		csv_place(in, &n);
	in->nnames = n;
	in->names = xcalloc(n ? n : 1, sizeof(char *));
	for (size_t i = 0; i < n; i++)
		in->names[i] = xstrndup(in->field[i], in->flen[i]);
}

/*
 * GNU parallel's escapes in a --recend or --recstart string that is not a
 * regex: \n \t \r \0 \\ \' \"; any other backslash is itself.
 */
static void
unescape_sep(struct buf *b, const char *s)
{
	static const char from[] = "ntr0\\'\"";
	static const char to[] = "\n\t\r\0\\'\"";

	for (; *s; s++) {
		const char *e =
		    s[0] == '\\' && s[1] ? strchr(from, s[1]) : NULL;

		if (e != NULL) {
			buf_addc(b, to[e - from]);
			s++;
		} else
			buf_addc(b, *s);
	}
}

/*
 * --pipe-part --regexp: "PREFIX(end)(start)" from their ERE forms e and st,
 * compiled as Perl's /s takes them (no REG_NEWLINE).
 */
static void
part_re(regex_t *re, const char *prefix, const struct buf *e,
    const struct buf *st, const char *end, const char *start)
{
	struct buf b = BUF_INIT;

	buf_printf(&b, "%s(%s)(%s)", prefix, e->len > 0 ? e->data : "",
	    st->len > 0 ? st->data : "");
	compile_ere(re, b.data, 0, e->len > 0 ? "--recend" : "--recstart",
	    e->len > 0 ? end : start);
	buf_free(&b);
}

/*
 * --pipe with --recend/--recstart strings or --regexp: where records end.
 * --recend defaults to the separator byte (newline), but to nothing when
 * only --recstart is given, as in GNU parallel.  A regex is the two
 * patterns after each other, the end being where --recend's match ends
 * (or --recstart's starts); with both empty, a record ends anywhere.
 */
static void
record_ends(struct input *in)
{
	const struct input_opts *o = &in->o;
	char one[2] = { o->delim, '\0' };
	const char *end = o->recend != NULL          ? o->recend
	    : o->recend_given || o->recstart == NULL ? one
	                                             : "";
	const char *start = o->recstart != NULL ? o->recstart : "";
	struct buf e = BUF_INIT, st = BUF_INIT, re = BUF_INIT;

	if (!o->regexp) {
		if (end == one)
			buf_addc(&in->sep, o->delim);
		else
			unescape_sep(&in->sep, end);
		in->sepcut = in->sep.len;
		unescape_sep(&in->sep, start);
		return;
	}
	if (end == one && o->delim == '\0')
		xpool_fatal("--regexp: a record cannot end with a NUL byte "
		            "(-0); give --recend as a regular expression");
	perl_ere(end, &e);
	perl_ere(start, &st);
	if (e.len == 0 && st.len == 0)
		goto done; /* anywhere: as an empty string */
	in->re_at_start = e.len == 0;
	if (e.len > 0)
		buf_printf(&re, "(%s)", e.data);
	if (st.len > 0)
		buf_printf(&re, "(%s)", st.data);
	compile_ere(&in->rec_re, re.data, REG_NEWLINE,
	    e.len > 0 ? "--recend" : "--recstart", e.len > 0 ? end : start);
	in->use_rec_re = 1;
	if (o->pipe_part) {
		part_re(&in->part_re, "", &e, &st, end, start);
		part_re(&in->part_re_at, "^", &e, &st, end, start);
		in->use_part_re = 1;
	}
	if (o->remove_rec_sep && st.len > 0) {
		buf_reset(&re);
		buf_printf(&re, "^(%s)", st.data);
		compile_ere(&in->rrs_start, re.data, 0, "--recstart", start);
		in->use_rrs_start = 1;
	}
	if (o->remove_rec_sep && e.len > 0) {
		buf_reset(&re);
		buf_printf(&re, "(%s)$", e.data);
		compile_ere(&in->rrs_end, re.data, 0, "--recend", end);
		in->use_rrs_end = 1;
	}
done:
	buf_free(&e);
	buf_free(&st);
	buf_free(&re);
}

/*
 * --skip-first-line of a source read as it goes: its first item, or with
 * --pipe its first line, as GNU parallel reads it (before --header).
 */
static void
skip_first_line(struct input *in)
{
	struct reader *rd = in->src[0].rd;
	char *item, *nl;
	size_t len;

	if (!in->o.pipe) {
		if (reader_next_sync(rd, in->o.delim, &item, &len) == -2)
			_exit(XPOOL_EXIT_ERROR);
		return;
	}
	while ((nl = memchr(rd->buf + rd->start, '\n', rd->end - rd->start)) ==
	        NULL &&
	    !rd->eof)
		if (reader_fill(rd) < 0)
			_exit(XPOOL_EXIT_ERROR);
	rd->start = nl != NULL ? (size_t)(nl - rd->buf) + 1 : rd->end;
	rd->scan = rd->start;
	if (rd->tail < rd->start)
		rd->tail = rd->start;
}

/* --header 0: each source read from a file is named by the file's name. */
static void
name_by_files(struct input *in, const struct src_spec *spec)
{
	in->nnames = in->nsrc;
	in->names = xcalloc(in->nsrc, sizeof(char *));
	for (size_t i = 0; i < in->nsrc; i++)
		in->names[i] =
		    xstrdup(spec[i].kind == SRC_FILE ? spec[i].path : "");
}

/*
 * The end of --pipe --header's header in buf[0, len): after lines lines
 * (when it has that many), or where re's match from the start ends; 0 for
 * none yet.
 */
static size_t
header_end(const char *buf, size_t len, long lines, const regex_t *re)
{
	regmatch_t m;

	if (lines > 0) {
		const char *p = buf;

		for (long k = 0; k < lines; k++, p++)
			if ((p = memchr(p, '\n', len - (size_t)(p - buf))) ==
			    NULL)
				return 0;
		return (size_t)(p - buf);
	}
	m.rm_so = 0;
	m.rm_eo = (regoff_t)len;
	if (regexec(re, buf, 1, &m, REG_STARTEND) != 0 || m.rm_so != 0)
		return 0;
	return (size_t)m.rm_eo;
}

/*
 * --pipe --header: take the header from the start of the input, as GNU
 * parallel does: ':' is one line, N is N lines, else a regex (Perl's
 * escapes read, '.' not matching a newline) that must match at the start;
 * it is tried on a block's worth, or on all the input when that is less,
 * and then on more until it matches.  No match: no header.  Lines that
 * do not end within --max-record stop xpool.
 */
static void
take_pipe_header(struct input *in)
{
	struct reader *rd = in->src[0].rd;
	const char *h = in->o.pipe_header;
	long lines = 0;
	regex_t re;
	size_t end = 0;

	if (strcmp(h, ":") == 0)
		lines = 1;
	else if (strspn(h, "0123456789") == strlen(h)) {
		const char *why;

		if (parse_long(h, 1, INT_MAX, &lines, &why) != 0)
			xpool_fatal("--header '%s': %s; give a number of lines",
			    h, why);
	} else {
		struct buf ere = BUF_INIT;

		perl_ere(h, &ere);
		compile_ere(&re, ere.data, REG_NEWLINE, "--header", h);
		buf_free(&ere);
	}
	for (;;) {
		size_t have = rd->end - rd->start;

		if (rd->eof || lines > 0 || have >= in->o.block) {
			end = header_end(rd->buf + rd->start, have, lines, &re);
			if (end > 0 || rd->eof || have >= in->o.max_record)
				break;
		}
		if (reader_fill(rd) < 0)
			_exit(XPOOL_EXIT_ERROR);
	}
	if (lines == 0)
		regfree(&re);
	else if (end == 0 && !rd->eof)
		xpool_fatal("--header %s: the first %ld lines are longer than "
		            "--max-record; give a larger --max-record",
		    h, lines);
	buf_add(&in->head, rd->buf + rd->start, end);
	rd->start += end;
	rd->scan = rd->start;
	if (rd->tail < rd->start)
		rd->tail = rd->start;
}

/* --pipe-part: the files cut at the records' ends, GNU parallel's way. */
static void
open_parts(struct input *in, const struct src_spec *spec, size_t nspec)
{
	const char **path = xcalloc(nspec, sizeof(*path));
	char one = in->o.delim;
	struct part_sep sep = { &one, 1, 1, NULL, NULL, NULL, NULL };

	for (size_t i = 0; i < nspec; i++)
		path[i] = spec[i].path;
	if (in->o.group_key != NULL) {
		sep.key = in->o.group_key;
		sep.keyarg = in->o.group_arg;
	} else if (in->use_part_re) {
		sep.re = &in->part_re;
		sep.re_at = &in->part_re_at;
	} else if (in->o.rec_string)
		sep = (struct part_sep){ in->sep.data, in->sep.len, in->sepcut,
			NULL, NULL, NULL, NULL };
	in->parts =
	    parts_open(path, nspec, (off_t)in->o.block, in->o.part_slots, &sep);
	free(path);
	if (in->fcap == 0) {
		in->fcap = 1;
		in->field = xcalloc(1, sizeof(*in->field));
		in->flen = xcalloc(1, sizeof(*in->flen));
	}
}

/* A seed for --shuf. */
static uint64_t
shuf_seed(void)
{
	uint64_t seed = 0;

	sys_random(&seed, sizeof(seed));
	return seed;
}

/* splitmix64: the next of a sequence of random numbers. */
static uint64_t
shuf_next(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

/*
 * --shuf: every record is in memory (the groups' lengths are known); the
 * order they go in, shuffled (Fisher-Yates).
 */
static void
shuffle(struct input *in)
{
	size_t n = 1;
	uint64_t x = shuf_seed();

	for (size_t g = 0; g < in->ngrp; g++) {
		if (in->grp[g].len != 0 && n > SIZE_MAX / 8 / in->grp[g].len)
			xpool_fatal("--shuf: too many jobs to hold their order "
			            "in memory; run without --shuf");
		n *= in->grp[g].len;
	}
	in->perm = xreallocarray(NULL, n ? n : 1, sizeof(*in->perm));
	in->nperm = n;
	for (size_t i = 0; i < n; i++)
		in->perm[i] = i;
	for (size_t i = n; i > 1; i--) {
		size_t j = (size_t)(shuf_next(&x) % i), t = in->perm[i - 1];

		in->perm[i - 1] = in->perm[j];
		in->perm[j] = t;
	}
}

/* --shuf: the groups' places for the next record in the shuffled order. */
static void
next_shuffled(struct input *in)
{
	size_t t = in->perm[in->pos++];

	/* The last group goes fastest, as without --shuf. */
	for (size_t g = in->ngrp; g-- > 1;) {
		in->grp[g].idx = t % in->grp[g].len;
		t /= in->grp[g].len;
	}
	in->idx0 = t + 1;
	in->line0 = in->pos;
}

struct input *
input_open(const struct src_spec *spec, size_t nspec,
    const struct input_opts *o, uv_loop_t *loop)
{
	struct input *in = xcalloc(1, sizeof(*in));
	struct src_spec stdin_spec = { SRC_FILE, "-", NULL, 0, 0 };
	int stdin_uses = 0;

	in->o = *o;
	if (nspec == 0) {
		spec = &stdin_spec;
		nspec = 1;
	}
	if (o->colsep != NULL)
		compile_colsep(in, o->colsep);
	if (o->pipe && o->rec_string)
		record_ends(in);
	if (o->pipe_part) {
		open_parts(in, spec, nspec);
		return in;
	}

	/* Group the sources: a linked source joins the group before it. */
	in->src = xcalloc(nspec, sizeof(*in->src));
	in->nsrc = nspec;
	in->grp = xcalloc(nspec, sizeof(*in->grp));
	for (size_t i = 0; i < nspec; i++) {
		struct group *g;

		if (spec[i].kind == SRC_FILE && strcmp(spec[i].path, "-") == 0)
			if (++stdin_uses > 1)
				xpool_fatal("standard input is named as an "
				            "input source twice; give it once");
		if (i == 0 || !(spec[i].linked || o->link))
			in->ngrp++;
		g = &in->grp[in->ngrp - 1];
		if (g->src == NULL)
			g->src = xcalloc(nspec, sizeof(*g->src));
		g->src[g->nsrc++] = &in->src[i];
		in->src[i].kind = spec[i].kind;
	}
	in->streamed =
	    in->grp[0].nsrc == 1 && spec[0].kind == SRC_FILE && !o->whole;

	for (size_t i = 0; i < nspec; i++) {
		struct source *s = &in->src[i];

		s->name = spec[i].path;
		if (spec[i].kind == SRC_LIST) {
			s->item = spec[i].items;
			s->n = spec[i].nitems;
			keep_items(in, s);
		} else if (i == 0 && in->streamed) {
			s->rd = reader_open(in, spec[i].path);
		} else
			source_slurp(in, s, spec[i].path);
	}
	if (o->skip_first && in->streamed)
		skip_first_line(in);
	if (o->header)
		take_header(in);
	else if (o->header_files)
		name_by_files(in, spec);
	if (o->pipe_header != NULL && in->streamed)
		take_pipe_header(in);
	if (o->group_head != NULL &&
	    o->group_head(o->group_arg, in->head.data, in->head.len) != 0)
		_exit(XPOOL_EXIT_ERROR);
	if (in->streamed)
		reader_watch(in->src[0].rd, loop);
	if (in->streamed && o->pipe && o->block_timeout > 0) {
		uv_timer_init(loop, &in->bt);
		in->bt.data = in;
		in->bt_made = 1;
	}

	/* The length of every group read whole; an empty one means no jobs. */
	for (size_t g = 0; g < in->ngrp; g++) {
		struct group *gr = &in->grp[g];

		if (g == 0 && in->streamed)
			continue;
		/* --link goes round the shorter sources; :::+ stops. */
		gr->len = gr->src[0]->n;
		/* An empty source leaves nothing to pair, --link or not. */
		for (size_t k = 1; k < gr->nsrc && gr->len > 0; k++) {
			size_t n = gr->src[k]->n;

			if (n == 0 || (o->link ? n > gr->len : n < gr->len))
				gr->len = n;
			if (n == 0)
				break;
		}
		if (gr->len == 0)
			in->done = INPUT_EOF;
	}
	if (o->shuf && !in->done)
		shuffle(in);
	return in;
}

/* Who to tell when a source that had nothing to give has data. */
void
input_set_ready(struct input *in, void (*ready)(void *), void *arg)
{
	in->ready = ready;
	in->arg = arg;
}

/* ---- records ---------------------------------------------------------- */

/* --block-timeout ran out: the whole records at hand make a block. */
static void
block_timed_out(uv_timer_t *t)
{
	struct input *in = t->data;

	in->src[0].rd->flush = 1;
	in->ready(in->arg);
}

/*
 * A block is being read and more must come: --block-timeout counts from
 * the first bytes of it at hand.
 */
static int
wait_block(struct input *in, const struct reader *rd)
{
	if (in->bt_made && rd->end > rd->start &&
	    !uv_is_active((uv_handle_t *)&in->bt))
		uv_timer_start(&in->bt, block_timed_out,
		    (uint64_t)(in->o.block_timeout * 1000), 0);
	return INPUT_WAIT;
}

/*
 * -L, -l: the streamed line just read, in->val0, joined to the lines before
 * it that go on; 0 when it goes on too, 1 with the whole value in val0.
 * The value is kept in in->cont, for the reader's buffer moves.
 */
static int
join_line(struct input *in)
{
	if (in->joining) {
		in->cont.len--; /* its NUL */
		buf_add(&in->cont, in->val0, in->len0);
		buf_addc(&in->cont, '\0');
		in->val0 = in->cont.data;
		in->len0 = in->cont.len - 1;
		in->joining = 0;
	}
	if (!goes_on(in, in->val0, in->len0))
		return 1;
	if (in->val0 != in->cont.data) {
		buf_reset(&in->cont);
		buf_add(&in->cont, in->val0, in->len0);
		buf_addc(&in->cont, '\0');
	}
	in->joining = 1;
	return 0;
}

/* Advance the first group; 1 with a tuple, or an INPUT_* status. */
static int
next_first(struct input *in)
{
	struct reader *rd;
	int r;

	if (!in->streamed) {
		if (in->idx0 >= in->grp[0].len)
			return INPUT_EOF;
		in->line0 = ++in->idx0;
		return 1;
	}
	rd = in->src[0].rd;
	if (in->eof_next)
		return INPUT_EOF;
	for (int reads = 0;; reads++) {
		if (in->o.pipe)
			r = reader_next_block(rd, in->o.delim, in->o.block,
			    in->o.block_recs, &in->val0, &in->len0);
		else
			r = reader_next(rd, in->o.delim, &in->val0, &in->len0);
		if (r == 1 && !in->o.pipe && is_eof(in, in->val0, in->len0)) {
			if (!in->joining)
				return INPUT_EOF;
			in->eof_next =
			    1; /* the lines before it, then the end */
			r = -1;
		}
		if (r == 1 && !in->o.pipe && !in->joining &&
		    is_blank(in, in->val0, in->len0)) {
			reads--; /* nothing was read for it */
			continue;
		}
		if (r == 1 && in->o.join && !join_line(in)) {
			reads--;
			continue;
		}
		if (r == -1 && in->joining && !rd->toolong) {
			/* The input ends after a line that would go on. */
			in->joining = 0;
			in->val0 = in->cont.data;
			in->len0 = in->cont.len - 1;
			r = 1;
		}
		if (r == 1) {
			in->line0 = rd->line;
			if (in->bt_made)
				uv_timer_stop(&in->bt);
			return 1;
		}
		if (r == -1 && rd->toolong) {
			reader_refuse(rd, in->o.pipe);
			return INPUT_ERROR;
		}
		if (r == -1)
			return INPUT_EOF;
		if (rd->pollable) {
			if (!rd->polling) {
				rd->polling = 1;
				uv_poll_start(
				    &rd->poll, UV_READABLE, reader_poll_cb);
			}
			return wait_block(in, rd);
		}
		if (reads == READS_PER_TURN) {
			/* Let the loop run; the next turn reads on. */
			if (!rd->idling) {
				rd->idling = 1;
				uv_idle_start(&rd->idle, reader_idle_cb);
			}
			return wait_block(in, rd);
		}
		if (reader_fill(rd) < 0)
			return INPUT_ERROR;
	}
}

static void
add_group(
    struct input *in, size_t *n, struct group *g, size_t idx, const char **bad)
{
	for (size_t k = 0; k < g->nsrc; k++) {
		struct source *s = g->src[k];
		size_t i = s->skip + idx % s->n;

		if (memchr(s->item[i], '\0', s->len[i]) != NULL)
			*bad = NUL_BAD;
		split_value(in, n, s->item[i], s->len[i]);
	}
}

/*
 * Whole lines at hand, up to max, appended to out as they are, when each
 * line of the input is an item and nothing more is done to it (one
 * streamed source, items ended by newlines; no --colsep, --trim,
 * --header, --csv, -r, -E, --skip-first-line): how many; 0 when there is
 * no such line at hand, or the input is not such (input_next() then).
 */
long
input_lines(struct input *in, long max, struct buf *out)
{
	const struct input_opts *o = &in->o;
	struct reader *rd;
	size_t k;

	if (!in->streamed || in->ngrp != 1 || in->done || in->have0 ||
	    o->pipe || o->delim != '\n' || o->trim || o->colsep != NULL ||
	    o->header || o->header_files || o->csv || o->skip_blank ||
	    o->eof != NULL || o->skip_first || o->no_fields || o->join ||
	    max <= 0)
		return 0;
	rd = in->src[0].rd;
	if ((k = reader_take(rd, '\n', (size_t)max, out)) > 0)
		in->line0 = rd->line;
	return (long)k;
}

/* Where re matches in b[from, to), into *m; 0 if it does not. */
static int
match_in(const regex_t *re, const char *b, size_t from, size_t to,
    regmatch_t *m, int flags)
{
	m->rm_so = (regoff_t)from;
	m->rm_eo = (regoff_t)to;
	return regexec(re, b, 1, m, REG_STARTEND | flags) == 0;
}

/*
 * --remove-rec-sep with --regexp: as drop_rec_seps(), each separator a
 * match of the regexes, as GNU parallel's Perl takes them: every match of
 * --recend then --recstart (^ and $ at each line), then --recstart at the
 * start and --recend at the end, or before a last newline.
 */
static void
drop_rec_seps_re(struct input *in, const char *b, size_t len)
{
	size_t from = in->blk.len, at = 0;
	regmatch_t m;
	char *d;

	while (at <= len &&
	    match_in(&in->rec_re, b, at, len, &m, at > 0 ? REG_NOTBOL : 0)) {
		size_t so = (size_t)m.rm_so, eo = (size_t)m.rm_eo;

		buf_add(&in->blk, b + at, so - at);
		if (eo == so) {
			/* An empty match takes nothing: step over a byte. */
			if (so < len)
				buf_addc(&in->blk, b[so]);
			eo = so + 1;
		}
		at = eo;
	}
	if (at < len)
		buf_add(&in->blk, b + at, len - at);
	d = in->blk.data + from;
	len = in->blk.len - from;
	if (in->use_rrs_start && match_in(&in->rrs_start, d, 0, len, &m, 0)) {
		memmove(d, d + m.rm_eo, len - (size_t)m.rm_eo);
		len -= (size_t)m.rm_eo;
	}
	if (in->use_rrs_end) {
		int hit = match_in(&in->rrs_end, d, 0, len, &m, 0);
		size_t keep = 0;

		if (!hit && len > 0 && d[len - 1] == '\n') {
			hit = match_in(&in->rrs_end, d, 0, len - 1, &m, 0);
			keep = 1;
		}
		if (hit) {
			memmove(d + m.rm_so, d + m.rm_eo, keep);
			len = (size_t)m.rm_so + keep;
		}
	}
	in->blk.len = from + len;
}

/*
 * --remove-rec-sep: the block of len bytes at b added to in->blk without
 * its records' separators, as GNU parallel's remove_rec_sep() takes them:
 * every --recend followed by --recstart, then a --recstart at the start
 * and a --recend at the end.  Empty separators take nothing.
 */
static void
drop_rec_seps(struct input *in, const char *b, size_t len)
{
	const char *sep = in->o.rec_string ? in->sep.data : &in->o.delim;
	size_t seplen = in->o.rec_string ? in->sep.len : 1;
	size_t endlen = in->o.rec_string ? in->sepcut : 1;
	size_t startlen = seplen - endlen, from = in->blk.len;
	const char *p;

	if (in->use_rec_re) {
		drop_rec_seps_re(in, b, len);
		return;
	}
	if (seplen == 0) {
		buf_add(&in->blk, b, len);
		return;
	}
	while ((p = memmem(b, len, sep, seplen)) != NULL) {
		buf_add(&in->blk, b, (size_t)(p - b));
		len -= (size_t)(p - b) + seplen;
		b = p + seplen;
	}
	buf_add(&in->blk, b, len);
	if (startlen > 0 && in->blk.len - from >= startlen &&
	    memcmp(in->blk.data + from, sep + endlen, startlen) == 0) {
		memmove(in->blk.data + from, in->blk.data + from + startlen,
		    in->blk.len - from - startlen);
		in->blk.len -= startlen;
	}
	if (endlen > 0 && in->blk.len - from >= endlen &&
	    memcmp(in->blk.data + in->blk.len - endlen, sep, endlen) == 0)
		in->blk.len -= endlen;
}

/*
 * Hand out the next record.  Its fields stay valid until the next call.
 * INPUT_WAIT means the ready callback will fire when data has arrived.
 */
int
input_next(struct input *in, struct record *rec)
{
	size_t n = 0;
	int r;

	if (in->done)
		return in->done;
	if (in->parts != NULL) {
		if (!parts_next(in->parts, &in->part))
			return in->done = INPUT_EOF;
		in->field[0] = (char *)&in->part;
		in->flen[0] = sizeof(in->part);
		rec->field = in->field;
		rec->flen = in->flen;
		rec->nfield = 1;
		rec->bad = NULL;
		rec->line = ++in->line0;
		return INPUT_RECORD;
	}
	if (in->perm != NULL) {
		if (in->pos == in->nperm)
			return in->done = INPUT_EOF;
		next_shuffled(in);
	} else if (!in->have0) {
		r = next_first(in);
		if (r != 1) {
			if (r != INPUT_WAIT)
				in->done = r;
			return r;
		}
		in->have0 = 1;
		for (size_t g = 1; g < in->ngrp; g++)
			in->grp[g].idx = 0;
	}
	rec->bad = NULL;
	if (in->o.pipe) {
		/* A block: one field, NUL bytes and all. */
		if (in->fcap == 0) {
			in->fcap = 1;
			in->field = xcalloc(1, sizeof(*in->field));
			in->flen = xcalloc(1, sizeof(*in->flen));
		}
		in->field[0] = in->val0;
		in->flen[0] = in->len0;
		if (in->head.len > 0 || in->o.remove_rec_sep) {
			buf_reset(&in->blk);
			buf_add(&in->blk, in->head.data, in->head.len);
			if (in->o.remove_rec_sep)
				drop_rec_seps(in, in->val0, in->len0);
			else
				buf_add(&in->blk, in->val0, in->len0);
			in->field[0] = in->blk.data;
			in->flen[0] = in->blk.len;
		}
		n = 1;
	} else if (in->streamed) {
		if (memchr(in->val0, '\0', in->len0) != NULL)
			rec->bad = NUL_BAD;
		split_value(in, &n, in->val0, in->len0);
	} else
		add_group(in, &n, &in->grp[0], in->idx0 - 1, &rec->bad);
	for (size_t g = 1; g < in->ngrp; g++)
		add_group(in, &n, &in->grp[g], in->grp[g].idx, &rec->bad);
	if (in->o.csv) {
		csv_place(in, &n);
		if (in->csvbad)
			rec->bad = "is not valid CSV (a quote inside a field "
			           "that does not start with one, or after one "
			           "that ends); quote the field and double its "
			           "quotes";
		in->csvbad = 0;
	}
	if (in->o.no_fields) {
		n = 0; /* -n 0: a job for the record, given nothing of it */
		rec->bad = NULL;
	}
	rec->field = in->field;
	rec->flen = in->flen;
	rec->nfield = n;
	rec->line = in->line0;

	/* Last group fastest; wrapping the second one takes a new first. */
	in->have0 = 0;
	for (size_t g = in->ngrp; g-- > 1;) {
		if (++in->grp[g].idx < in->grp[g].len) {
			in->have0 = 1;
			break;
		}
		in->grp[g].idx = 0;
	}
	return INPUT_RECORD;
}

/*
 * Count the items of a streamed regular file without keeping them: one
 * pass with pread(), which leaves the reader's position alone.  0 when it
 * is not a regular file or cannot be read.
 */
static unsigned long
count_file(const struct input *in, const struct reader *rd)
{
	char buf[READ_CHUNK];
	unsigned long n = 0;
	off_t at = 0;
	struct stat st;
	ssize_t r;
	char last = in->o.delim;
	int filled = 0; /* -r: the item at hand is not blank */
	int first[2] = { -1, -1 }; /* -r: whether items 1 and 2 counted */
	size_t seen = 0; /* -r: items ended so far */
	int heads = (in->o.skip_first != 0) + (in->o.header != 0);
	int odd = 0; /* --csv: inside quotes */

	if (in->o.join || !rd->own_fd || fstat(rd->fd, &st) != 0 ||
	    !S_ISREG(st.st_mode))
		return 0; /* -L, -l: lines are joined as they are read */
	while ((r = pread(rd->fd, buf, sizeof(buf), at)) > 0) {
		if (in->o.skip_blank || in->o.csv) {
			/*
			 * -r: an item counts when it has a non-blank byte;
			 * --csv: a separator inside quotes ends none.
			 */
			for (ssize_t i = 0; i < r; i++)
				if (buf[i] == '"' && in->o.csv) {
					odd = !odd;
					filled = 1;
				} else if (buf[i] == in->o.delim && odd)
					continue;
				else if (buf[i] == in->o.delim) {
					/* Without -r an empty item counts. */
					filled |= !in->o.skip_blank;
					if (seen < 2)
						first[seen++] = filled;
					n += filled;
					filled = 0;
				} else if (!is_space(buf[i]) ||
				    !in->o.skip_blank)
					filled = 1;
			at += r;
			continue;
		}
		for (const char *p = buf; (p = memchr(p, in->o.delim,
		                               (size_t)(buf + r - p))) != NULL;
		     p++)
			n++;
		last = buf[r - 1];
		at += r;
	}
	if (r < 0)
		return 0;
	if (in->o.skip_blank || in->o.csv) {
		if (seen < 2)
			first[seen++] = filled;
		n += filled;
	} else if (last != in->o.delim)
		n++; /* a last item with no separator */
	/* The skipped line and the header line, blank or not, are no items. */
	for (int k = 0; k < heads; k++)
		if (n > 0 && (!(in->o.skip_blank || in->o.csv) || first[k] > 0))
			n--;
	return n;
}

/*
 * How many records there are in all, when the sources are in memory (:::
 * items, files read whole) or the first is a regular file that can be
 * counted; 0 when it is not known.  Counting a file reads it once more.
 */
unsigned long
input_count(const struct input *in)
{
	unsigned long n = 1;

	if (in->o.pipe)
		return 0;
	if (in->streamed && (n = count_file(in, in->src[0].rd)) == 0)
		return 0;
	for (size_t g = in->streamed ? 1 : 0; g < in->ngrp; g++) {
		if (in->grp[g].len != 0 && n > ULONG_MAX / in->grp[g].len)
			return 0;
		n *= in->grp[g].len;
	}
	return n;
}

void
input_names(const struct input *in, char ***names, size_t *n)
{
	*names = in->names;
	*n = in->nnames;
}

int
input_reads_stdin(const struct input *in)
{
	return in->reads_stdin;
}

/* Read no more: the run is stopping. */
void
input_stop(struct input *in)
{
	struct reader *rd = in->streamed ? in->src[0].rd : NULL;

	if (rd != NULL && rd->polling) {
		uv_poll_stop(&rd->poll);
		rd->polling = 0;
	}
	if (rd != NULL && rd->idling) {
		uv_idle_stop(&rd->idle);
		rd->idling = 0;
	}
	if (in->bt_made)
		uv_timer_stop(&in->bt);
	if (!in->done)
		in->done = INPUT_EOF;
}

static void
input_free(struct input *in)
{
	void (*cb)(void *) = in->closed;
	void *arg = in->closed_arg;

	for (size_t i = 0; i < in->nsrc; i++) {
		struct source *s = &in->src[i];

		if (s->rd != NULL) {
			if (s->rd->own_fd)
				close(s->rd->fd);
			free(s->rd->buf);
			free(s->rd);
		}
		if (s->kind == SRC_FILE || s->own_items)
			free(s->item);
		free(s->store);
		free(s->len);
	}
	for (size_t g = 0; g < in->ngrp; g++)
		free(in->grp[g].src);
	free(in->grp);
	for (size_t i = 0; i < in->nnames; i++)
		free(in->names[i]);
	free(in->names);
	parts_free(in->parts);
	buf_free(&in->head);
	buf_free(&in->csvout);
	csv_fields_free(&in->csvf);
	buf_free(&in->sep);
	if (in->use_rec_re)
		regfree(&in->rec_re);
	if (in->use_rrs_start)
		regfree(&in->rrs_start);
	if (in->use_rrs_end)
		regfree(&in->rrs_end);
	if (in->use_part_re) {
		regfree(&in->part_re);
		regfree(&in->part_re_at);
	}
	buf_free(&in->blk);
	buf_free(&in->cont);
	free(in->perm);
	free(in->field);
	free(in->flen);
	if (in->use_re)
		regfree(&in->re);
	free(in->lit);
	free(in->src);
	free(in);
	if (cb != NULL)
		cb(arg);
}

/* One of its handles is closed: the last one frees it. */
static void
input_closed(struct input *in)
{
	if (--in->closing == 0)
		input_free(in);
}

static void
reader_closed(uv_handle_t *h)
{
	struct reader *rd = h->data;

	input_closed(rd->owner);
}

static void
bt_closed(uv_handle_t *h)
{
	input_closed(h->data);
}

/* Release everything; cb runs once the input's handles are closed. */
void
input_close(struct input *in, void (*cb)(void *), void *arg)
{
	struct reader *rd = in->streamed ? in->src[0].rd : NULL;

	in->closed = cb;
	in->closed_arg = arg;
	in->closing = 1;
	if (rd != NULL && rd->watched) {
		in->closing++;
		uv_close(rd->pollable ? (uv_handle_t *)&rd->poll
		                      : (uv_handle_t *)&rd->idle,
		    reader_closed);
	}
	if (in->bt_made) {
		in->closing++;
		uv_close((uv_handle_t *)&in->bt, bt_closed);
	}
	input_closed(in);
}
