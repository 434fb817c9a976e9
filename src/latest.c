/*
 * latest.c -- --latest-line: a row on the terminal for each job.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "latest.h"
#include "xmalloc.h"

/* A row whose job ended, kept to be drawn again. */
struct kept {
	char *tag, *line;
	size_t taglen, len;
	const char *color, *reset;
};

struct latest {
	unsigned long rows, cols;
	char *up; /* the terminal's cursor-up, or "" */
	unsigned long currow; /* the row the cursor is on */
	unsigned long maxrow; /* the last row drawn */
	unsigned long minvisible; /* the first row still on the screen */
	struct kept **kept; /* [row - minvisible]: ended, not yet scrolled */
	size_t nkept;
};

struct latest *
latest_new(int rows, int cols, const char *up)
{
	struct latest *l = xcalloc(1, sizeof(*l));

	l->rows = rows > 0 ? (unsigned long)rows : 24;
	l->cols = cols > 0 ? (unsigned long)cols : 80;
	l->up = xstrndup(up, strlen(up));
	l->currow = l->maxrow = l->minvisible = 1;
	return l;
}

/*
 * The terminal's size and cursor-up, as GNU parallel asks /dev/tty for
 * them; without a terminal, 24 rows of 80 columns and no cursor-up (the
 * rows are then drawn one after another).
 */
struct latest *
latest_for_tty(void)
{
	const char *term = getenv("TERM");
	struct winsize ws = { 0 };
	int fd = open("/dev/tty", O_RDONLY | O_NOCTTY | O_CLOEXEC);
	int tty = fd >= 0;

	if (fd >= 0) {
		if (ioctl(fd, TIOCGWINSZ, &ws) != 0)
			memset(&ws, 0, sizeof(ws));
		close(fd);
	}
	return latest_new(ws.ws_row, ws.ws_col,
	    tty && term != NULL && *term != '\0' && strcmp(term, "dumb") != 0
	        ? "\033[A"
	        : "");
}

static void
kept_free(struct kept *k)
{
	if (k == NULL)
		return;
	free(k->tag);
	free(k->line);
	free(k);
}

void
latest_free(struct latest *l)
{
	if (l == NULL)
		return;
	for (size_t i = 0; i < l->nkept; i++)
		kept_free(l->kept[i]);
	free(l->kept);
	free(l->up);
	free(l);
}

/*
 * s with each TAB made blanks up to the next multiple of 8 columns, into
 * b; its width in columns (a character a column), in *width.
 */
static void
untab(const char *s, size_t len, struct buf *b, size_t *width)
{
	size_t col = 0;

	buf_reset(b);
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\t') {
			do
				buf_addc(b, ' ');
			while (++col % 8 != 0);
			continue;
		}
		buf_addc(b, s[i]);
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			col++;
	}
	*width = col;
}

/* Add the first n characters of s (len bytes) to out. */
static void
add_chars(struct buf *out, const char *s, size_t len, size_t n)
{
	size_t i = 0, chars = 0;

	for (; i < len; i++) {
		if (((unsigned char)s[i] & 0xC0) != 0x80 && chars++ == n)
			break;
	}
	buf_add(out, s, i);
}

static void
add_times(struct buf *out, const char *s, unsigned long n)
{
	while (n-- > 0)
		buf_adds(out, s);
}

/* Draw row, if it is on the screen, as GNU parallel's print_latest_line. */
void
latest_draw(struct latest *l, unsigned long row, const struct latest_row *r,
    struct buf *out)
{
	struct buf tag = BUF_INIT, line = BUF_INIT;
	size_t taglen, width, linelen;
	long room, space;
	const char *cut, *tagcut = "";

	if (row < l->minvisible || row >= l->minvisible + l->rows - 1)
		return;
	untab(r->tag != NULL ? r->tag : "", r->tag != NULL ? r->taglen : 0,
	    &tag, &taglen);
	untab(r->line, r->len, &line, &width);
	room = (long)l->cols - (long)taglen;
	space = room - (long)width;
	room--;
	if (room < 0)
		room = 0;
	cut = space > 0 ? " " : ">";
	if (taglen > l->cols) {
		taglen = l->cols - 1;
		tagcut = ">";
		cut = "";
	}
	if (row > l->maxrow)
		l->maxrow = row;
	if (l->currow > row)
		add_times(out, l->up, l->currow - row);
	else
		add_times(out, "\n", row - l->currow);
	buf_addc(out, '\r');
	add_chars(out, tag.data != NULL ? tag.data : "", tag.len, taglen);
	buf_adds(out, tagcut);
	if (r->color != NULL)
		buf_adds(out, r->color);
	linelen = (size_t)room;
	add_chars(out, line.data != NULL ? line.data : "", line.len, linelen);
	buf_adds(out, cut);
	if (r->reset != NULL)
		buf_adds(out, r->reset);
	add_times(out, "\n", l->maxrow - row + 1);
	l->currow = l->maxrow + 1;
	buf_free(&tag);
	buf_free(&line);
}

static struct kept *
kept_at(const struct latest *l, unsigned long row)
{
	size_t i = (size_t)(row - l->minvisible);

	return row >= l->minvisible && i < l->nkept ? l->kept[i] : NULL;
}

static void
draw_kept(struct latest *l, unsigned long row, struct buf *out)
{
	const struct kept *k = kept_at(l, row);
	struct latest_row r = { k->tag, k->taglen, k->color, k->reset, k->line,
		k->len };

	latest_draw(l, row, &r, out);
}

/*
 * The job of row ended, r its last line: it is drawn, then the rows from
 * the first on the screen that ended scroll off, and the ended rows on the
 * screen are drawn again, as GNU parallel does.
 */
void
latest_done(struct latest *l, unsigned long row, const struct latest_row *r,
    struct buf *out)
{
	struct kept *k = xcalloc(1, sizeof(*k));
	size_t i;

	k->tag = xstrndup(r->tag != NULL ? r->tag : "", r->taglen);
	k->taglen = r->tag != NULL ? r->taglen : 0;
	k->line = xstrndup(r->line, r->len);
	k->len = r->len;
	k->color = r->color;
	k->reset = r->reset;
	if (row < l->minvisible) {
		/* Its row scrolled off already (-k: a row number past). */
		kept_free(k);
		return;
	}
	i = (size_t)(row - l->minvisible);
	if (i >= l->nkept) {
		l->kept = xreallocarray(l->kept, i + 1, sizeof(*l->kept));
		memset(l->kept + l->nkept, 0,
		    (i + 1 - l->nkept) * sizeof(*l->kept));
		l->nkept = i + 1;
	}
	kept_free(l->kept[i]);
	l->kept[i] = k;
	latest_draw(l, row, r, out);
	while (l->nkept > 0 && l->kept[0] != NULL) {
		draw_kept(l, l->minvisible, out);
		kept_free(l->kept[0]);
		memmove(l->kept, l->kept + 1, --l->nkept * sizeof(*l->kept));
		l->minvisible++;
	}
	for (unsigned long rw = l->minvisible; rw < l->minvisible + l->rows - 1;
	     rw++)
		if (kept_at(l, rw) != NULL)
			draw_kept(l, rw, out);
}
