/*
 * mark.c -- a job's output told apart from a session's mark after it.
 *
 * The mark begins with a newline and has none inside, so a tail that may
 * be its start is the text from the last newline on, when that text begins
 * the mark.  The status is the decimal number after the mark's space.
 */
#include <string.h>

#include "mark.h"

/* mark: "\n" and the mark, len bytes, kept by the caller. */
void
mark_init(struct mark *m, const char *mark, size_t len, int with_status)
{
	memset(m, 0, sizeof(*m));
	m->mark = mark;
	m->len = len;
	m->with_status = with_status;
}

/*
 * The end of the mark at p (n bytes from it, the mark whole): the bytes
 * up to and with its newline, or 0 when they have not all come.  Sets
 * m->status.
 */
static size_t
mark_end(struct mark *m, const char *p, size_t n)
{
	const char *nl;
	long v = 0;
	size_t i;

	if (!m->with_status)
		return n > m->len ? m->len + 1 : 0;
	if ((nl = memchr(p + m->len, '\n', n - m->len)) == NULL)
		return 0;
	/* " STATUS" */
	i = m->len;
	if (p + i == nl || p[i++] != ' ' || p + i == nl)
		v = -1;
	for (; v >= 0 && p + i < nl; i++) {
		if (p[i] < '0' || p[i] > '9' || v > 255) {
			v = -1;
			break;
		}
		v = v * 10 + (p[i] - '0');
	}
	m->status = v >= 0 && v <= 255 ? (int)v : 255;
	return (size_t)(nl - p) + 1;
}

/*
 * Bytes read from the stream: the job's go to out.  Returns nonzero when
 * out asked to pause.  Once the mark has come (m->over), bytes are dropped
 * until mark_reset().
 */
int
mark_feed(struct mark *m, const char *data, size_t n, mark_out out, void *arg)
{
	const char *p = data, *at, *nl;
	size_t len = n, keep = 0;
	int pause = 0;

	if (m->over || n == 0)
		return 0;
	if (m->held.len > 0) {
		buf_add(&m->held, data, n);
		p = m->held.data;
		len = m->held.len;
	}
	if ((at = memmem(p, len, m->mark, m->len)) != NULL) {
		size_t i = (size_t)(at - p);

		if (i > 0)
			pause = out(arg, p, i);
		if (mark_end(m, at, len - i) == 0) {
			/* The rest of the mark is on its way. */
			if (p == m->held.data)
				memmove(m->held.data, at, len - i);
			else
				buf_add(&m->held, at, len - i);
			m->held.len = len - i;
			return pause;
		}
		m->over = 1;
		m->held.len = 0;
		return pause;
	}
	nl = memrchr(p, '\n', len);
	if (nl != NULL && (size_t)(p + len - nl) < m->len &&
	    memcmp(nl, m->mark, (size_t)(p + len - nl)) == 0)
		keep = (size_t)(p + len - nl);
	if (len > keep)
		pause = out(arg, p, len - keep);
	if (p == m->held.data)
		memmove(m->held.data, p + len - keep, keep);
	else
		buf_add(&m->held, p + len - keep, keep);
	m->held.len = keep;
	return pause;
}

/* The stream ended before the mark: what was held back is the job's. */
int
mark_flush(struct mark *m, mark_out out, void *arg)
{
	int pause = 0;

	if (!m->over && m->held.len > 0)
		pause = out(arg, m->held.data, m->held.len);
	m->held.len = 0;
	return pause;
}

/* For the next job. */
void
mark_reset(struct mark *m)
{
	m->over = 0;
	m->status = 0;
	m->held.len = 0;
}

void
mark_free(struct mark *m)
{
	buf_free(&m->held);
}
