/*
 * test_latest.c -- --latest-line's rows (src/latest.h), drawn as GNU
 * parallel's print_latest_line() draws them: cursor up or newlines down to
 * the row, a carriage return, the tag, the line cut to the width with '>'
 * (else a blank), newlines to below the last row; rows past the screen not
 * drawn; ended rows scrolling off once those above them ended.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "latest.h"
#include "unit.h"

static const char *
text(struct buf *b)
{
	buf_addc(b, '\0');
	b->len--;
	return b->data;
}

static void
draw(struct latest *l, unsigned long row, const char *tag, const char *line,
    int done, struct buf *out)
{
	struct latest_row r = { tag, tag != NULL ? strlen(tag) : 0, NULL, NULL,
		line, strlen(line) };

	buf_reset(out);
	if (done)
		latest_done(l, row, &r, out);
	else
		latest_draw(l, row, &r, out);
}

int
main(void)
{
	struct latest *l = latest_new(4, 12, "^");
	struct buf b = BUF_INIT;

	/* Row 1, then row 2 below it, then back up to row 1. */
	draw(l, 1, NULL, "one", 0, &b);
	CHECK_STR(text(&b), "\rone \n");
	draw(l, 2, NULL, "two", 0, &b);
	CHECK_STR(text(&b), "\rtwo \n");
	draw(l, 1, NULL, "uno", 0, &b);
	CHECK_STR(text(&b), "^^\runo \n\n");
	/* The tag (a TAB to the next 8 columns), the line cut with '>'. */
	draw(l, 2, "t\t", "abcdefgh", 0, &b);
	CHECK_STR(text(&b), "^\rt       abc>\n");
	/* A row past the screen (4 rows: 3 drawn) is not drawn. */
	draw(l, 4, NULL, "four", 0, &b);
	CHECK_STR(text(&b), "");
	/* Row 1 ends: it scrolls off, row 2 is the first on the screen. */
	draw(l, 1, NULL, "end", 1, &b);
	CHECK_STR(text(&b), "^^\rend \n\n^^\rend \n\n");
	draw(l, 4, NULL, "four", 0, &b);
	CHECK_STR(text(&b), "\n\rfour \n");
	/* Row 3 ends before row 2: kept, drawn again when 2 ends. */
	draw(l, 3, NULL, "three", 1, &b);
	CHECK_STR(text(&b), "^^\rthree \n\n^^\rthree \n\n");
	draw(l, 2, NULL, "two", 1, &b);
	CHECK_STR(text(&b), "^^^\rtwo \n\n\n^^^\rtwo \n\n\n^^\rthree \n\n");
	latest_free(l);

	/* UTF-8 counted in characters; a tag wider than the screen. */
	l = latest_new(24, 5, "");
	draw(l, 1, NULL, "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 0,
	    &b);
	CHECK_STR(text(&b), "\r\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9>\n");
	draw(l, 1, "longtag", "x", 0, &b);
	CHECK_STR(text(&b), "\rlong>\n");
	latest_free(l);
	buf_free(&b);
	return unit_done("latest");
}
