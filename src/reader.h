/*
 * reader.h -- a file descriptor read a buffer at a time, cut into items.
 *
 * Owns one lazily read source's buffer: reading from its descriptor (a
 * pipe, a terminal, a regular file or a device), cutting items at a
 * separator, or --pipe blocks of whole records (--block, -N; records that
 * end with a byte, a string or a regex match), and refusing
 * a record longer than --max-record (with --pipe -r, dropping the lines of
 * white space only as they come in, as GNU parallel does), with the buffer
 * never growing past what that needs.  A read takes at most READ_MAX bytes, so
 * that a record without an end does not keep the loop from seeing a signal. The
 * caller (input.c) opens it, watches its descriptor on the loop and owns the
 * poll and idle handles kept here.  Knows nothing of sources or records.
 */
#ifndef XPOOL_READER_H
#define XPOOL_READER_H

#include <regex.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <uv.h>

struct buf;

#define READ_CHUNK (64 * 1024)

/*
 * What one turn of the loop reads at most before it lets the loop run (and
 * a signal be seen): READS_PER_TURN reads of up to READ_MAX bytes each.
 */
#define READ_MAX (1024 * 1024)
#define READS_PER_TURN 4

#define NO_BLANK SIZE_MAX

/* A file descriptor read one buffer at a time and cut into items. */
struct reader {
	int fd;
	int own_fd;
	const char *name;
	char *buf;
	size_t start, end, cap; /* unread data is buf[start, end) */
	size_t scan; /* no separator in buf[start, scan) */
	size_t tail; /* buf[tail, end) is a record not yet ended */
	size_t most; /* the buffer never needs to be larger */
	unsigned long long gone; /* bytes dropped before buf[0] */
	char delim;
	size_t limit; /* --max-record */
	int toolong; /* the record at buf[end] is too long: the input ends */
	int eof;
	int pollable;
	int polling;
	int idling;
	int watched; /* poll (pollable) or idle is made: close it */
	uv_poll_t poll;
	uv_idle_t idle; /* the next turn reads on, when poll cannot be */
	unsigned long line;
	int drop_blank; /* --pipe -r: lines of white space only are dropped */
	/*
	 * --pipe with --recend/--recstart strings or --regexp: a record ends
	 * where sep is found, sepcut bytes into it (after --recend, before
	 * --recstart); an empty sep ends one anywhere.  Or where re matches:
	 * at the start of its first group (re_at_start) or at its end.
	 */
	int csv; /* --csv: a separator inside quotes ends no item */
	int qodd; /* --csv: buf[start, scan) is inside quotes */
	int sepmode;
	const char *sep;
	size_t seplen, sepcut;
	const regex_t *re;
	int re_at_start;
	/*
	 * --group-by: a record ends before a line whose key (made of the
	 * whole line, newline and all, by key(): valid until the call after
	 * next; given what follows the line too) differs from the line
	 * before's; sepmode is set too.
	 */
	const char *(*key)(
	    void *, const char *, size_t, const char *, size_t, size_t *);
	void *keyarg;
	size_t best; /* sepmode: the last end within the block, or 0 */
	int flush; /* --block-timeout ran out: the records at hand will do */
	long group; /* --pipe -L N: a block is a multiple of N records */
	size_t
	    blank; /* buf[blank, end) is a line of blanks so far, or NO_BLANK */
	void *owner; /* the input it belongs to */
};

/* a + b, or SIZE_MAX when that overflows. */
static inline size_t
add_sat(size_t a, size_t b)
{
	return a > SIZE_MAX - b ? SIZE_MAX : a + b;
}

ssize_t reader_fill(struct reader *);
int reader_refuse(const struct reader *, int);
int reader_next(struct reader *, char, char **, size_t *);
size_t reader_take(struct reader *, char, size_t, struct buf *);
int reader_next_block(struct reader *, char, size_t, long, char **, size_t *);
int reader_next_sync(struct reader *, char, char **, size_t *);

#endif
