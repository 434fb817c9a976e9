/*
 * fuzz_frame.c -- a worker's answers told apart (src/frame.h).
 *
 * The first byte: the chunk's size (how many answers are due, 1 to 256);
 * then the --eot string up to a 0xff byte (an empty one means none: a line
 * per answer); the rest is what the worker printed.  Lines are cut at '\n'
 * only and never lose or gain a byte; frame_lines() takes exactly the
 * whole lines due and no more; a line ends an answer only when it is the
 * --eot string, or that string, a space and a number from 1 to 255 (digits,
 * no leading 0), and then the status is that number.  The round trip: the
 * --eot line made for every status is read back as that status.
 */
#include <stdlib.h>

#include "frame.h"
#include "fuzz.h"

static size_t
count_nl(const char *p, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		k += p[i] == '\n';
	return k;
}

/* Is the line, after the --eot string and its space, a status 1-255? */
static int
status_of(const char *p, size_t n, int *status)
{
	long v = 0;

	if (n == 0 || n > 3 || p[0] == '0')
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return 0;
		v = v * 10 + (p[i] - '0');
	}
	*status = (int)v;
	return v >= 1 && v <= 255;
}

static void
check_line(const struct frame *f, const char *line, size_t n)
{
	int st = -1, want = -1, ends;
	size_t k = f->eotlen;

	ends = frame_end(f, line, n, &st);
	if (f->eot == NULL) {
		FUZZ_CHECK(!ends);
		return;
	}
	if (n >= k && memcmp(line, f->eot, k) == 0) {
		if (n == k)
			want = 0;
		else if (line[k] == ' ' &&
		    !status_of(line + k + 1, n - k - 1, &want))
			want = -1;
	}
	FUZZ_CHECK(ends == (want >= 0));
	if (ends)
		FUZZ_CHECK(st == want);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	unsigned long due = fuzz_byte(&in) + 1, got;
	size_t eotlen, used, at, n;
	char *eot = fuzz_piece(&in, 0xff, &eotlen);
	const char *out = (const char *)in.p;
	struct frame f;
	char line[300];
	int st;

	if (eot != NULL &&
	    (eotlen == 0 || memchr(eot, '\n', eotlen) ||
	        strlen(eot) != eotlen)) {
		free(eot);
		eot = NULL;
	}
	frame_init(&f, eot);

	/* The chunk's answers, a line each. */
	used = frame_lines(out, in.n, due, &got);
	FUZZ_CHECK(got <= due && used <= in.n);
	FUZZ_CHECK(count_nl(out, used) == got);
	FUZZ_CHECK(used == 0 || out[used - 1] == '\n');
	if (got < due)
		FUZZ_CHECK(count_nl(out + used, in.n - used) == 0);

	/* Line by line: every byte in one line, each line ended by '\n'. */
	for (at = 0; (n = frame_line(out + at, in.n - at)) > 0; at += n) {
		FUZZ_CHECK(out[at + n - 1] == '\n');
		FUZZ_CHECK(count_nl(out + at, n) == 1);
		check_line(&f, out + at, n - 1);
	}
	FUZZ_CHECK(count_nl(out + at, in.n - at) == 0);

	/* Every status the man page allows, as a worker would print it. */
	if (eot != NULL && eotlen < 200)
		for (int s = 0; s <= 255; s += 15) {
			int len = s == 0
			    ? snprintf(line, sizeof(line), "%s", eot)
			    : snprintf(line, sizeof(line), "%s %d", eot, s);

			st = -1;
			FUZZ_CHECK(frame_end(&f, line, (size_t)len, &st) == 1);
			FUZZ_CHECK(st == s);
		}
	free(eot);
	return 0;
}
