/*
 * frame.c -- a worker's answers told apart in what it prints.
 */
#include <string.h>

#include "frame.h"

void
frame_init(struct frame *f, const char *eot)
{
	f->eot = eot;
	f->eotlen = eot != NULL ? strlen(eot) : 0;
}

/* The first whole line of data: its length with its newline, or 0. */
size_t
frame_line(const char *data, size_t len)
{
	const char *nl = memchr(data, '\n', len);

	return nl != NULL ? (size_t)(nl - data) + 1 : 0;
}

/*
 * The whole lines that start data, want of them at most: their length;
 * *got says how many.
 */
size_t
frame_lines(
    const char *data, size_t len, unsigned long want, unsigned long *got)
{
	const char *p = data, *end = data + len, *nl;
	unsigned long k = 0;

	while (k < want && (nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		p = nl + 1;
		k++;
	}
	*got = k;
	return (size_t)(p - data);
}

/*
 * Is the line (n bytes, without its newline) the end of an answer?  1 with
 * *status set (0, or the N of "STRING N": digits, no leading 0, 1 to 255),
 * else 0: a line of the answer.
 */
int
frame_end(const struct frame *f, const char *line, size_t n, int *status)
{
	size_t k = f->eotlen;
	int st = 0;

	if (f->eot == NULL || n < k || memcmp(line, f->eot, k) != 0)
		return 0;
	if (n == k) {
		*status = 0;
		return 1;
	}
	if (line[k] != ' ' || n - k - 1 > 3 || line[k + 1] == '0')
		return 0;
	for (size_t i = k + 1; i < n; i++) {
		if (line[i] < '0' || line[i] > '9')
			return 0;
		st = st * 10 + (line[i] - '0');
	}
	if (st < 1 || st > 255)
		return 0;
	*status = st;
	return 1;
}
