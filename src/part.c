/*
 * part.c -- --pipe-part: regular files cut into parts at record ends.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "part.h"
#include "xmalloc.h"

/* What one search reads at a time: GNU parallel's dd block size. */
#define PART_READ (128 * 1024)

struct parts {
	int *fd;
	size_t nfd;
	struct part *part;
	size_t n, next;
};

/*
 * The offset of the first sep at or after from in fd, in *at: 1; 0 when
 * there is none; -1 on a read error (errno says).
 */
static int
find_sep(int fd, off_t from, const char *sep, size_t seplen, off_t *at)
{
	char *buf = xmalloc(PART_READ + seplen);
	size_t keep = 0;
	off_t base = from; /* the offset of buf[0] */
	int found = 0;

	for (;;) {
		ssize_t r =
		    pread(fd, buf + keep, PART_READ, base + (off_t)keep);
		size_t have;
		const char *p;

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			found = r < 0 ? -1 : 0;
			break;
		}
		have = keep + (size_t)r;
		if ((p = memmem(buf, have, sep, seplen)) != NULL) {
			*at = base + (p - buf);
			found = 1;
			break;
		}
		/* A separator may straddle this read and the next. */
		keep = have < seplen ? have : seplen - 1;
		memmove(buf, buf + have - keep, keep);
		base += (off_t)(have - keep);
	}
	free(buf);
	return found;
}

/*
 * Where the first group of the last match in buf[0, len) ends: -1 if
 * there is none.  (GNU parallel asks Perl for /^(.*RECEND)RECSTART/s,
 * whose greedy .* finds the last.)  One search says whether there is a
 * match; then the anchored regex is tried at each start from the end
 * back, so that the cost is the distance from the end, not the square of
 * the buffer.
 */
static long
last_cut(const struct part_sep *sep, const char *buf, size_t len)
{
	regmatch_t m[2];
	size_t first;

	m[0].rm_so = 0;
	m[0].rm_eo = (regoff_t)len;
	if (regexec(sep->re, buf, 2, m, REG_STARTEND) != 0)
		return -1;
	first = (size_t)m[0].rm_so;
	for (size_t at = len + 1; at-- > first;) {
		/* (^ matches where the string starts, not at rm_so.) */
		m[0].rm_so = 0;
		m[0].rm_eo = (regoff_t)(len - at);
		if (regexec(sep->re_at, buf + at, 2, m, REG_STARTEND) == 0)
			return (long)(at + (size_t)m[1].rm_eo);
	}
	return -1; /* not reached: there is the match at first */
}

/*
 * find_sep() for a regex: everything from from is read, PART_READ bytes at
 * a time, until what was read holds a match; *at is where its last match's
 * first group ends.
 */
static int
find_re(int fd, off_t from, const struct part_sep *sep, off_t *at)
{
	struct {
		char *data;
		size_t len, cap;
	} b = { NULL, 0, 0 };
	int found = 0;

	for (;;) {
		ssize_t r;
		long cut;

		if (b.cap - b.len < PART_READ)
			b.data =
			    xrealloc(b.data, b.cap = b.cap + 2 * PART_READ);
		r = pread(fd, b.data + b.len, PART_READ, from + (off_t)b.len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			found = r < 0 ? -1 : 0;
			break;
		}
		b.len += (size_t)r;
		if ((cut = last_cut(sep, b.data, b.len)) >= 0) {
			*at = from + (off_t)cut;
			found = 1;
			break;
		}
	}
	free(b.data);
	return found;
}

/* --group-by: the file, and the key of a line read from it. */
struct gb {
	int fd;
	off_t size;
	const struct part_sep *sep;
	struct buf line;
	int eof; /* the line read last ended at the end of the file */
	int err;
};

/* A line's key, or none past the end (Perl's undef, equal to ""). */
struct key {
	struct buf v;
};

/* Read from off to just past the next newline (or the end) into line. */
static void
read_line(struct gb *g, off_t off)
{
	char chunk[4096];

	buf_reset(&g->line);
	while (off < g->size) {
		ssize_t r = pread(g->fd, chunk, sizeof(chunk), off);
		const char *nl;

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			g->err = r < 0;
			return;
		}
		nl = memchr(chunk, '\n', (size_t)r);
		buf_add(&g->line, chunk,
		    nl != NULL ? (size_t)(nl - chunk) + 1 : (size_t)r);
		if (nl != NULL)
			return;
		off += r;
	}
}

/*
 * GNU parallel's value_at(): the key of the line after the one pos is in
 * (of the first line for 0, and of the line at pos when one starts
 * there), and in *linepos where it starts.
 */
static void
value_at(struct gb *g, off_t pos, struct key *k, off_t *linepos)
{
	off_t at = pos;
	const char *key;
	size_t n;

	if (pos != 0) {
		read_line(g, pos - 1);
		at = pos - 1 + (off_t)g->line.len;
	}
	*linepos = at;
	buf_reset(&k->v);
	read_line(g, at);
	g->eof = at + (off_t)g->line.len >= g->size;
	if (g->line.len == 0)
		return;
	key =
	    g->sep->key(g->sep->keyarg, g->line.data, g->line.len, NULL, 0, &n);
	buf_add(&k->v, key, n);
}

static int
key_eq(const struct key *a, const struct key *b)
{
	return a->v.len == b->v.len &&
	    (a->v.len == 0 || memcmp(a->v.data, b->v.data, a->v.len) == 0);
}

static void
key_copy(struct key *to, const struct key *from)
{
	buf_reset(&to->v);
	buf_add(&to->v, from->v.data, from->v.len);
}

/*
 * GNU parallel's binary_search_end() (start 0) and binary_search_start()
 * (start 1): where the group of key s ends, between spos and epos; its
 * key and position in *v, *vpos.
 */
static void
search(struct gb *g, int start, const struct key *s, off_t spos, off_t epos,
    struct key *v, off_t *vpos)
{
	off_t dif = epos - spos;

	key_copy(v, s);
	*vpos = spos;
	while (dif > 0) {
		int eq;

		value_at(g, spos + dif, v, vpos);
		eq = key_eq(v, s);
		if (start ? !eq : eq) {
			spos = *vpos;
			dif = epos - spos;
		} else
			epos = *vpos;
		dif /= 2;
	}
}

static void
add_pos(off_t **p, size_t *n, size_t *cap, off_t at)
{
	if (*n + 2 > *cap)
		*p = xreallocarray(*p, *cap *= 2, sizeof(**p));
	(*p)[(*n)++] = at;
}

/*
 * --group-by: the cuts of a file sorted by the key, as GNU parallel's
 * split_positions_for_group_by() finds them: from each cut, a block on and
 * another, then a binary search for where the group there starts or
 * ends.  Every cut is further than the one before.
 */
static int
group_cuts(int fd, off_t size, off_t block, const struct part_sep *sep,
    off_t **pos, size_t *npos)
{
	struct gb g = { fd, size, sep, BUF_INIT, 0, 0 };
	struct key a = { BUF_INIT }, b = { BUF_INIT }, c = { BUF_INIT },
	           t = { BUF_INIT };
	off_t apos, bpos, cpos;
	size_t n = 0, cap = 16;
	off_t *p = xmalloc(cap * sizeof(*p));

	value_at(&g, 0, &a, &apos);
	while (apos < size && !g.err) {
		add_pos(&p, &n, &cap, apos);
		value_at(&g, apos + block, &b, &bpos);
		if (g.eof)
			break;
		value_at(&g, bpos + block, &c, &cpos);
		if (key_eq(&a, &b)) {
			while (key_eq(&b, &c)) {
				bpos = cpos;
				value_at(&g, cpos + block, &c, &cpos);
				if (cpos >= size) {
					cpos = size;
					break;
				}
			}
			search(&g, 0, &b, bpos, cpos, &t, &bpos);
		} else if (key_eq(&b, &c))
			search(&g, 1, &b, apos, bpos, &t, &bpos);
		else
			search(&g, 0, &b, bpos, cpos, &t, &bpos);
		key_copy(&a, &t);
		if (bpos <= apos)
			break; /* not sorted as it should be: no more cuts */
		apos = bpos;
	}
	if (n == 0 || p[n - 1] != size)
		add_pos(&p, &n, &cap, size);
	buf_free(&g.line);
	buf_free(&a.v);
	buf_free(&b.v);
	buf_free(&c.v);
	buf_free(&t.v);
	if (g.err) {
		free(p);
		return -1;
	}
	*pos = p;
	*npos = n;
	return 0;
}

/*
 * Where a file of size bytes is cut, as GNU parallel's
 * find_split_positions() cuts it: (*pos)[0] is 0, then every block bytes
 * on, moved to just past the next separator's first cut bytes (or with a
 * regex, see find_re()); the last is size.  Parts are between neighbours.
 * 0, or -1 on a read error (errno).
 */
int
part_cuts(int fd, off_t size, off_t block, const struct part_sep *sep,
    off_t **pos, size_t *npos)
{
	size_t n = 0, cap = 16;
	off_t *p;

	if (sep->key != NULL)
		return group_cuts(fd, size, block, sep, pos, npos);
	p = xmalloc(cap * sizeof(*p));
	p[n++] = 0;
	for (off_t at = block; at < size; at += block) {
		off_t hit;
		int r;

		if (sep->re != NULL || sep->len > 0) {
			r = sep->re != NULL
			    ? find_re(fd, at, sep, &hit)
			    : find_sep(fd, at, sep->sep, sep->len, &hit);
			if (r < 0) {
				free(p);
				return -1;
			}
			if (r == 0)
				break; /* no record ends after it */
			at = hit + (off_t)(sep->re != NULL ? 0 : sep->cut);
		}
		if (n + 2 > cap)
			p = xreallocarray(p, cap *= 2, sizeof(*p));
		p[n++] = at;
	}
	if (p[n - 1] != size)
		p[n++] = size;
	*pos = p;
	*npos = n;
	return 0;
}

/* The size of an open regular file or block device; -1 for anything else. */
static off_t
file_size(int fd)
{
	struct stat st;

	if (fstat(fd, &st) != 0)
		return -1;
	if (S_ISREG(st.st_mode))
		return st.st_size;
	if (S_ISBLK(st.st_mode))
		return lseek(fd, 0, SEEK_END);
	errno = ESPIPE;
	return -1;
}

/*
 * The n files cut into parts of about block bytes, or with per_slots > 0,
 * of the files' size over per_slots, plus 1 (GNU parallel's --block -N).
 */
struct parts *
parts_open(const char *const *path, size_t n, off_t block, long per_slots,
    const struct part_sep *sep)
{
	struct parts *ps = xcalloc(1, sizeof(*ps));
	off_t *size = xcalloc(n, sizeof(*size)), total = 0;
	size_t cap = 0;

	ps->fd = xcalloc(n, sizeof(*ps->fd));
	for (size_t i = 0; i < n; i++) {
		int fd = open(path[i], O_RDONLY | O_CLOEXEC);

		if (fd < 0)
			xpool_fatal("--pipe-part: cannot open '%s': %s",
			    path[i], strerror(errno));
		ps->fd[ps->nfd++] = fd;
		if ((size[i] = file_size(fd)) < 0)
			xpool_fatal("--pipe-part: '%s' is not a regular file "
			            "or block device; it reads parts of a "
			            "file at offsets (use --pipe for a "
			            "stream)",
			    path[i]);
		total += size[i];
	}
	if (per_slots > 0)
		block = 1 + total / per_slots;
	for (size_t i = 0; i < n; i++) {
		off_t *pos;
		size_t npos;

		if (part_cuts(ps->fd[i], size[i], block, sep, &pos, &npos) != 0)
			xpool_fatal("--pipe-part: cannot read '%s': %s",
			    path[i], strerror(errno));
		for (size_t k = 0; k + 1 < npos; k++) {
			if (ps->n == cap)
				ps->part = xreallocarray(ps->part,
				    cap = cap ? 2 * cap : 64,
				    sizeof(*ps->part));
			ps->part[ps->n].fd = ps->fd[i];
			ps->part[ps->n].off = pos[k];
			ps->part[ps->n++].len = pos[k + 1] - pos[k];
		}
		free(pos);
	}
	free(size);
	return ps;
}

/* The next part in *pt: 1; 0 when every part was handed out. */
int
parts_next(struct parts *ps, struct part *pt)
{
	if (ps->next == ps->n)
		return 0;
	*pt = ps->part[ps->next++];
	return 1;
}

size_t
parts_count(const struct parts *ps)
{
	return ps->n;
}

/* Close the files: no job reads them any more. */
void
parts_free(struct parts *ps)
{
	if (ps == NULL)
		return;
	for (size_t i = 0; i < ps->nfd; i++)
		close(ps->fd[i]);
	free(ps->fd);
	free(ps->part);
	free(ps);
}
