/*
 * reader.c -- a descriptor read a buffer at a time, cut into items.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "csv.h"
#include "diag.h"
#include "parse.h"
#include "reader.h"
#include "xmalloc.h"

/*
 * The record at buf[at] is longer than --max-record: the input ends there
 * for the reader, and what comes before it is still given out.
 */
static void
reader_cut_short(struct reader *rd, size_t at)
{
	rd->toolong = 1;
	rd->eof = 1;
	rd->end = at;
	if (rd->scan > at)
		rd->scan = at;
	rd->tail = at;
}

/*
 * --pipe -r: take the lines of white space only (Perl's /^\s*\n/) out of
 * the bytes buf[from, end) just read, and out of what came before them on
 * the same line.  Returns where the bytes that moved start.
 */
static size_t
reader_drop_blank(struct reader *rd, size_t from)
{
	char *b = rd->buf;
	size_t out = from, low = from;

	for (size_t i = from; i < rd->end; i++) {
		char c = b[i];

		b[out++] = c;
		if (c == '\n') {
			if (rd->blank != NO_BLANK) {
				out = rd->blank;
				if (out < low)
					low = out;
			}
			rd->blank = out;
		} else if (!(c == ' ' || (c >= '\t' && c <= '\r')))
			rd->blank = NO_BLANK;
	}
	rd->end = out;
	if (rd->scan > low)
		rd->scan = low;
	if (rd->tail > low)
		rd->tail = low;
	return low < rd->end ? low : rd->end;
}

/* sepmode: a record ends anywhere (empty separators). */
static int
ends_anywhere(const struct reader *rd)
{
	return rd->re == NULL && rd->key == NULL && rd->seplen == 0;
}

/* --group-by: do the lines a and b (each with its newline) have one key? */
static int
same_key(const struct reader *rd, const char *a, size_t alen, const char *b,
    size_t blen)
{
	const char *end = rd->buf + rd->end;
	size_t an, bn;
	const char *ka = rd->key(rd->keyarg, a, alen, a + alen,
	               (size_t)(end - a - alen), &an),
	           *kb = rd->key(rd->keyarg, b, blen, b + blen,
	               (size_t)(end - b - blen), &bn);

	return an == bn && memcmp(ka, kb, an) == 0;
}

/*
 * --group-by: the first line start from buf[from] (past buf[start]) where
 * the key changes, as sep_find() says.
 */
static int
key_find(const struct reader *rd, size_t from, size_t *cut, size_t *next)
{
	const char *b = rd->buf;
	size_t s = from > rd->start + 1 ? from : rd->start + 1;

	for (;;) {
		const char *nl = s - 1 < rd->end
		    ? memchr(b + s - 1, '\n', rd->end - (s - 1))
		    : NULL;
		const char *prev, *lend;
		size_t e;

		if (nl == NULL)
			return 0;
		s = (size_t)(nl - b) + 1;
		if (s >= rd->end)
			return 0;
		lend = memchr(b + s, '\n', rd->end - s);
		if (lend == NULL && !rd->eof)
			return 0;
		e = lend != NULL ? (size_t)(lend - b) + 1 : rd->end;
		prev = s - 1 > rd->start
		    ? memrchr(b + rd->start, '\n', s - 1 - rd->start)
		    : NULL;
		prev = prev != NULL ? prev + 1 : b + rd->start;
		if (!same_key(rd, prev, (size_t)(b + s - prev), b + s, e - s)) {
			*cut = s;
			*next = s + 1;
			return 1;
		}
		s = e;
		if (s >= rd->end)
			return 0;
	}
}

/*
 * sepmode: the first record end found from buf[from]: 1 with it in *cut
 * and where to look for the next one in *next, 0 when there is none (yet:
 * a match that reaches the end of what was read may grow).
 */
static int
sep_find(const struct reader *rd, size_t from, size_t *cut, size_t *next)
{
	if (rd->key != NULL)
		return key_find(rd, from, cut, next);
	if (rd->re != NULL) {
		regmatch_t m[2];

		m[0].rm_so = (regoff_t)from;
		m[0].rm_eo = (regoff_t)rd->end;
		if (from >= rd->end ||
		    regexec(rd->re, rd->buf, 2, m, REG_STARTEND) != 0 ||
		    ((size_t)m[0].rm_eo >= rd->end && !rd->eof))
			return 0;
		*cut = (size_t)(rd->re_at_start ? m[1].rm_so : m[1].rm_eo);
		*next = (size_t)m[0].rm_so + 1;
		return 1;
	}
	if (rd->seplen == 0) {
		*cut = from;
		*next = from + 1;
		return from <= rd->end;
	}
	{
		char *p =
		    memmem(rd->buf + from, rd->end - from, rd->sep, rd->seplen);

		if (p == NULL)
			return 0;
		*cut = (size_t)(p - rd->buf) + rd->sepcut;
		*next = (size_t)(p - rd->buf) + 1;
		return 1;
	}
}

/* sepmode: where to look again once more is read, having looked from. */
static size_t
sep_resume(const struct reader *rd, size_t from)
{
	if (rd->key != NULL && from < rd->end) {
		/* The start of the last line: it was not compared yet. */
		const char *nl = memrchr(rd->buf + from, '\n', rd->end - from);

		return nl != NULL ? (size_t)(nl - rd->buf) + 1 : from;
	}
	if (rd->re == NULL && rd->seplen > 0 && rd->end >= rd->seplen &&
	    rd->end - rd->seplen + 1 > from)
		return rd->end - rd->seplen + 1;
	return from;
}

/*
 * sepmode's --max-record check of the bytes buf[from, end) just read: the
 * records that end in them, and the one not ended yet.  As in
 * reader_check(), they are measured one by one only when the records not
 * measured yet, together, span more than the limit (then from the first of
 * them): a regex costs, and the blocks find the records again.
 * --group-by's keys are made here for every line as it is read, so that an
 * expression that dies is found whatever the blocks need.
 */
static void
reader_check_sep(struct reader *rd, size_t from)
{
	size_t at = rd->tail, cut, next;

	if (ends_anywhere(rd))
		return; /* a record ends anywhere */
	if (rd->key == NULL && rd->end - rd->tail <= rd->limit)
		return;
	if (rd->key == NULL && from > rd->tail)
		from = rd->tail;
	/* A string may have begun just before; a regex match anywhere. */
	from = rd->re == NULL && from > rd->seplen + rd->tail
	    ? from - rd->seplen
	    : rd->tail;
	while (sep_find(rd, from, &cut, &next)) {
		from = next;
		if (cut <= at)
			continue;
		if (cut - at > rd->limit) {
			reader_cut_short(rd, at);
			return;
		}
		at = cut;
	}
	rd->tail = at;
	if (rd->end - rd->tail > rd->limit)
		reader_cut_short(rd, rd->tail);
}

/*
 * Look at the bytes buf[from, end) just read: is a record now longer than
 * --max-record?  Records that end in them are measured one by one only
 * when, together, they span more than the limit, so that each byte is
 * looked at once or twice, whatever the records' lengths.
 */
static void
reader_check(struct reader *rd, size_t from)
{
	char *b = rd->buf, *p;
	size_t at, last;

	if (rd->sepmode) {
		reader_check_sep(rd, from);
		return;
	}
	p = memrchr(b + from, rd->delim, rd->end - from);
	if (p != NULL) {
		last = (size_t)(p - b);
		for (at = rd->tail; at < last && last - at > rd->limit;) {
			p = memchr(b + at, rd->delim, last + 1 - at);
			if ((size_t)(p - b) - at > rd->limit) {
				reader_cut_short(rd, at);
				return;
			}
			at = (size_t)(p - b) + 1;
		}
		rd->tail = last + 1;
	}
	if (rd->end - rd->tail > rd->limit)
		reader_cut_short(rd, rd->tail);
}

/*
 * Read once, at most READ_MAX bytes; the buffer grows by doubling, up to
 * what the records and the block can need.  Returns the bytes read (0 at
 * the end, or when there is nothing yet), or -1 after a message.
 */
ssize_t
reader_fill(struct reader *rd)
{
	size_t room;
	ssize_t n;

	if (rd->start > 0) {
		memmove(rd->buf, rd->buf + rd->start, rd->end - rd->start);
		rd->gone += rd->start;
		rd->end -= rd->start;
		rd->scan -= rd->start;
		rd->tail = rd->tail > rd->start ? rd->tail - rd->start : 0;
		rd->best = rd->best > rd->start ? rd->best - rd->start : 0;
		rd->blank = rd->blank != NO_BLANK && rd->blank >= rd->start
		    ? rd->blank - rd->start
		    : NO_BLANK;
		rd->start = 0;
	}
	if (rd->cap - rd->end < READ_CHUNK / 2) {
		size_t cap = rd->cap > rd->most / 2 ? rd->most : rd->cap * 2;

		if (cap < rd->end + READ_CHUNK)
			cap = rd->end + READ_CHUNK;
		rd->cap = cap;
		rd->buf = xrealloc(rd->buf, rd->cap);
	}
	room = rd->cap - rd->end - 1; /* a byte for the NUL after an item */
	if (room > READ_MAX)
		room = READ_MAX;
	for (;;) {
		n = read(rd->fd, rd->buf + rd->end, room);
		if (n >= 0)
			break;
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			return 0;
		xpool_err("cannot read %s: %s", rd->name, strerror(errno));
		return -1;
	}
	if (n == 0)
		rd->eof = 1;
	rd->end += (size_t)n;
	if (n > 0) {
		size_t from = rd->end - (size_t)n;

		if (rd->drop_blank)
			from = reader_drop_blank(rd, from);
		reader_check(rd, from);
	}
	return n;
}

/* Say that the record at hand is longer than --max-record; -1. */
int
reader_refuse(const struct reader *rd, int pipe)
{
	char lim[32];

	size_text(rd->limit, lim, sizeof(lim));
	if (pipe)
		xpool_err("%s: the record that starts at byte %llu is longer "
		          "than --max-record %s; give a larger --max-record, "
		          "or --recend or -0 if records do not end with a "
		          "newline",
		    rd->name, rd->gone + rd->start + 1, lim);
	else
		xpool_err("%s: item %lu is longer than --max-record %s; give a "
		          "larger --max-record, or -d or -0 if items do not "
		          "end with a newline",
		    rd->name, rd->line + 1, lim);
	return -1;
}

/*
 * Up to max whole items that are in the buffer now, each with its
 * separator, appended to out as they are: how many (0 when none is whole
 * yet, or the first holds a NUL; reader_next() then takes it).  Items
 * after one with a NUL stay for reader_next() too.
 */
size_t
reader_take(struct reader *rd, char delim, size_t max, struct buf *out)
{
	const char *from = rd->buf + rd->start, *p = from, *nl, *nul;
	const char *end = rd->buf + rd->end;
	size_t k = 0;

	if (rd->csv)
		return 0;
	while (k < max && (nl = memchr(p, delim, (size_t)(end - p))) != NULL) {
		p = nl + 1;
		k++;
	}
	if (k == 0)
		return 0;
	if ((nul = memchr(from, '\0', (size_t)(p - from))) != NULL) {
		/* Whole items before the one with the NUL. */
		for (k = 0, p = from;
		     (nl = memchr(p, delim, (size_t)(nul - p))) != NULL; k++)
			p = nl + 1;
		if (k == 0)
			return 0;
	}
	buf_add(out, from, (size_t)(p - from));
	rd->start = (size_t)(p - rd->buf);
	if (rd->scan < rd->start)
		rd->scan = rd->start;
	rd->line += k;
	return k;
}

/* Cut the next item; 1 with an item, 0 when more must be read, -1 at EOF. */
int
reader_next(struct reader *rd, char delim, char **item, size_t *len)
{
	char *p;

	for (;;) {
		size_t to;

		p = memchr(rd->buf + rd->scan, delim, rd->end - rd->scan);
		if (!rd->csv)
			break;
		/* --csv: a separator inside quotes is part of the item. */
		to = p != NULL ? (size_t)(p - rd->buf) : rd->end;
		rd->qodd =
		    csv_open_quote(rd->buf + rd->scan, to - rd->scan, rd->qodd);
		if (p == NULL || !rd->qodd)
			break;
		rd->scan = to + 1;
	}
	if (p == NULL) {
		rd->scan = rd->end;
		if (!rd->eof)
			return 0;
		if (rd->start == rd->end)
			return -1;
		p = rd->buf + rd->end; /* a last item with no separator */
	}
	*p = '\0';
	*item = rd->buf + rd->start;
	*len = (size_t)(p - *item);
	rd->start = (size_t)(p - rd->buf) + (p < rd->buf + rd->end);
	rd->scan = rd->start;
	rd->qodd = 0;
	rd->line++;
	return 1;
}

/*
 * sepmode: where the next block ends, as reader_next_block() says; 0 when
 * more must be read.  With an empty separator a block is block bytes, or
 * block_recs bytes.
 */
static size_t
sep_block(struct reader *rd, size_t block, long block_recs)
{
	size_t base = rd->start, from = rd->scan, cut, next;

	if (ends_anywhere(rd)) {
		size_t want = block_recs > 0 ? (size_t)block_recs : block;

		return rd->end - base >= want ? base + want : 0;
	}
	if (block_recs > 0) {
		while (sep_find(rd, from, &cut, &next)) {
			/*
			 * As in GNU parallel, a separator that starts where the
			 * block starts ends no record, so that no record is a
			 * separator alone (with --regexp it may be).
			 */
			size_t at =
			    rd->re != NULL || rd->key != NULL ? cut : next - 1;

			from = next;
			if (at > base && cut > base &&
			    (long)++rd->line == block_recs)
				return cut;
		}
		rd->scan = sep_resume(rd, from);
		return 0;
	}
	if (rd->end - base <= block)
		return 0;
	/* The last end within the block, else the first after. */
	while (sep_find(rd, from, &cut, &next)) {
		from = next;
		if (cut <= base)
			continue;
		if (cut - base > block)
			return rd->best ? rd->best : cut;
		rd->best = cut;
	}
	if (rd->best)
		return rd->best;
	rd->scan = sep_resume(rd, from);
	return 0;
}

/* --block-timeout: just past the last record end at hand, or 0. */
static size_t
last_end(const struct reader *rd, char delim)
{
	size_t from = rd->start, cut, next, last = 0;
	const char *p;

	if (!rd->sepmode) {
		p = memrchr(rd->buf + rd->start, delim, rd->end - rd->start);
		return p != NULL ? (size_t)(p - rd->buf) + 1 : 0;
	}
	if (ends_anywhere(rd))
		return rd->end; /* records end anywhere */
	while (sep_find(rd, from, &cut, &next) && next > from) {
		from = next;
		if (cut > rd->start)
			last = cut;
	}
	return last;
}

/*
 * --pipe -L N: the block from base to cut made a whole number of N-record
 * groups: cut moved back to the end of the last group in it, or on to the
 * end of the first when it holds less than one; NULL when that end is not
 * at hand.
 */
static char *
whole_groups(const struct reader *rd, char delim, char *base, char *cut)
{
	char *end = rd->buf + rd->end, *p = base;
	long n = 0, keep;

	while (p < cut && (p = memchr(p, delim, (size_t)(cut - p))) != NULL) {
		n++;
		p++;
	}
	keep = n - n % rd->group;
	if (keep == n)
		return cut;
	/* The end of record keep (whole groups), else of the first group. */
	if (keep == 0)
		keep = rd->group;
	for (p = base, n = 0;
	     p < end && (p = memchr(p, delim, (size_t)(end - p))) != NULL; p++)
		if (++n == keep)
			return p + 1;
	return NULL;
}

/*
 * --pipe: cut the next block, whole records only: block_recs records, or
 * as many as fit in block bytes (one record alone when it is longer).  The
 * block keeps its separators.  1 with a block, 0 when more must be read,
 * -1 at EOF.
 */
int
reader_next_block(struct reader *rd, char delim, size_t block, long block_recs,
    char **item, size_t *len)
{
	char *base = rd->buf + rd->start, *end = rd->buf + rd->end;
	char *cut = NULL, *p;

	if (rd->sepmode) {
		size_t at = sep_block(rd, block, block_recs);

		if (at > 0)
			cut = rd->buf + at;
	} else if (block_recs > 0) {
		/*
		 * rd->line counts the records seen in this block so far; as in
		 * GNU parallel, not an empty one at its start.
		 */
		for (p = rd->buf + rd->scan; p < end; p++)
			if (*p == delim && p > base &&
			    (long)++rd->line == block_recs) {
				cut = p + 1;
				break;
			}
		if (cut == NULL)
			rd->scan = rd->end;
	} else if ((size_t)(end - base) > block) {
		/*
		 * The last separator within the block, else the first after.
		 * What was looked at before is not looked at again, so that a
		 * record much longer than the block costs no more than its
		 * bytes: the block once, then each byte after it once.
		 */
		if (rd->scan < rd->start + block) {
			for (p = base + block; p > base; p--)
				if (p[-1] == delim) {
					cut = p;
					break;
				}
			if (cut == NULL)
				rd->scan = rd->start + block;
		}
		if (cut == NULL) {
			if ((p = memchr(rd->buf + rd->scan, delim,
			         rd->end - rd->scan)) != NULL)
				cut = p + 1;
			else
				rd->scan = rd->end;
		}
	}
	if (cut == NULL && rd->flush && base < end) {
		size_t at = last_end(rd, delim);

		if (at > 0)
			cut = rd->buf + at;
	}
	if (cut != NULL && rd->group > 1)
		cut = whole_groups(rd, delim, base, cut);
	if (cut == NULL) {
		if (!rd->eof)
			return 0;
		if (base == end)
			return -1;
		cut = end;
		/* -L N: the whole groups left, then what is left of one. */
		if (rd->group > 1 &&
		    (p = memrchr(base, delim, (size_t)(end - base))) != NULL &&
		    (p = whole_groups(rd, delim, base, p + 1)) != NULL &&
		    p > base)
			cut = p;
	}
	*item = base;
	*len = (size_t)(cut - base);
	rd->start += *len;
	rd->scan = rd->start;
	rd->line = 0;
	rd->best = 0;
	rd->flush = 0;
	return 1;
}

/*
 * Read the next item, waiting for it (used before the loop runs); -2 after
 * a message.
 */
int
reader_next_sync(struct reader *rd, char delim, char **item, size_t *len)
{
	int r;

	while ((r = reader_next(rd, delim, item, len)) == 0)
		if (reader_fill(rd) < 0)
			return -2;
	if (r == -1 && rd->toolong) {
		reader_refuse(rd, 0);
		return -2;
	}
	return r;
}
