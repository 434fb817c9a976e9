/*
 * input.h -- where items come from.
 *
 * Owns the item sources (standard input, -a FILE, ::: ITEM..., :::: FILE...)
 * and turns them into records: one tuple of values per job input, combined
 * as a cartesian product (first source slowest), or paired up by --link and
 * :::+ / ::::+ (which stop at the shortest source; --link goes round the
 * shorter ones again).  --skip-first-line drops the first item of the
 * first source (with --pipe, its first line).  -E STR ends each source at
 * an item STR; with -r an
 * item of white space only is dropped from its source (with --pipe, such
 * lines from each block, and a block left empty is no record).  A record's
 * values are split into fields by --colsep and trimmed by --trim; --header :
 * takes names from the first record (--header 0 from the files' names).
 * With --pipe, --header is the lines (N, or what a regex matches) at the
 * start of the input, put before every block.  With --pipe-part a record
 * is a struct part (part.h): where the bytes of its block are in a file.
 *
 * The first source is read lazily, only when the pool asks for a record,
 * so memory does not grow with the input and reading stops while the pool
 * is full.  A call reads a few megabytes at most, so that the loop runs
 * (and sees a signal) while a long record comes in.  The other sources of
 * a product are read whole when the run starts, because they are gone
 * through again for every value of the first.  An item or record longer
 * than --max-record ends the input with INPUT_ERROR and a message, once
 * every record before it has been handed out.
 * Knows nothing of jobs or commands.
 */
#ifndef XPOOL_INPUT_H
#define XPOOL_INPUT_H

#include <stddef.h>

#include <uv.h>

enum src_kind {
	SRC_FILE, /* a file of items; "-" is standard input */
	SRC_LIST, /* items given on the command line */
};

struct src_spec {
	enum src_kind kind;
	const char *path;
	char **items;
	size_t nitems;
	int linked; /* paired with the source before it (:::+, ::::+) */
};

struct input_opts {
	char delim; /* record separator */
	int trim; /* TRIM_LEFT | TRIM_RIGHT */
	const char *colsep; /* --colsep REGEX, or NULL */
	int header; /* --header : (or N, or REGEX): a line of names a source */
	int header_files; /* --header 0: a file's name names its source */
	const char *pipe_header; /* --pipe --header: ':', N lines or REGEX */
	int link; /* --link: pair every source */
	int pipe; /* --pipe: records are blocks of the input */
	int pipe_part; /* --pipe-part: records are parts of the files */
	long part_slots; /* ... --block -N: N times the job slots; or 0 */
	size_t block; /* --block: bytes a block holds, about */
	long block_recs; /* -N with --pipe: records a block holds, or 0 */
	long pipe_lines; /* -L N with --pipe: a block holds N lines times k */
	int rec_string; /* --pipe: records end with a string, not delim */
	const char *recend; /* --recend STR as given; NULL: delim */
	int recend_given; /* --recend, even as one byte */
	const char *recstart; /* --recstart STR, or NULL */
	int regexp; /* --regexp: they are regexes */
	int remove_rec_sep; /* --remove-rec-sep: blocks go without them */
	/*
	 * --group-by: the key (n bytes) of a line given with its newline,
	 * valid until the call after next, and with what follows it as far
	 * as it was read (keys of the lines ahead may be made at once); a
	 * record is the lines in a row with one key.  group_head is given
	 * the --pipe header, to find a column by name: -1 after a message.
	 */
	const char *(*group_key)(
	    void *, const char *, size_t, const char *, size_t, size_t *);
	int (*group_head)(void *, const char *, size_t);
	void *group_arg;
	double block_timeout; /* --block-timeout: seconds; or 0 */
	size_t max_record; /* --max-record: the longest item or record */
	const char *eof; /* -E STR: a source ends at an item STR; or NULL */
	int whole; /* read the first source whole too, to count it ({##}) */
	int skip_blank; /* -r: an item of blanks only is no item */
	int skip_first; /* --skip-first-line: of the first source */
	int csv; /* --csv: records are CSV, split at csv_sep */
	char csv_sep;
	int no_fields; /* -n 0: records are handed out with no fields */
	int join; /* -L, -l: a line ending in a blank goes on with the next */
	int shuf; /* --shuf: records in a random order (needs whole) */
};

/* One record: its fields point into the input's buffers. */
struct record {
	char **field;
	size_t *flen;
	size_t nfield;
	const char *bad; /* why this record cannot be run, or NULL */
	unsigned long line; /* where it came from, for messages */
};

enum {
	INPUT_RECORD = 1,
	INPUT_WAIT = 0, /* more is coming: the ready callback will say so */
	INPUT_EOF = -1,
	INPUT_ERROR = -2, /* a message was printed */
};

struct buf;
struct input;

struct input *input_open(
    const struct src_spec *, size_t, const struct input_opts *, uv_loop_t *);
void input_set_ready(struct input *, void (*)(void *), void *);
int input_next(struct input *, struct record *);
long input_lines(struct input *, long, struct buf *);
void input_names(const struct input *, char ***, size_t *);
unsigned long input_count(const struct input *);
int input_reads_stdin(const struct input *);
void input_stop(struct input *);
void input_close(struct input *, void (*)(void *), void *);
int input_perl_ere(const char *, struct buf *);

#endif
