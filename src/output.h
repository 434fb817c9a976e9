/*
 * output.h -- job output to xpool's standard output and standard error.
 *
 * Owns every byte a job printed until it is written, and the order in which
 * jobs are written.  Grouped and ordered (the default): the oldest unfinished
 * job is "live" and its output goes out as it arrives; later jobs are held
 * and written whole when their turn comes.  Unordered: each job is written
 * whole when it ends.  Line-buffered: every complete line goes out at once,
 * whichever job wrote it.  A job's stdout and stderr are kept apart and each
 * is grouped.  --tag and --tagstring put a tag before every line.
 *
 * --color gives each job's lines GNU parallel's colour for its number: the
 * colour and the tag begin every line, and a reset ends it (a last line
 * without a newline is given one).  --color-failed does the same for the
 * jobs that failed, in white on red, and the tag alone for the others; their
 * output is held until they end, when the colour is known.  With
 * --line-buffer, lines go out before the job ends: only --color colours them.
 * A job whose tag is to be made again when it ends (output_hold(),
 * output_retag()) is held the same way.
 *
 * --latest-line (latest.c draws the rows): each job has a row on the
 * terminal, drawn again with its latest complete line whenever it prints
 * and when it ends.
 *
 * With --files, a job's standard output goes to a file of its own in
 * --tmpdir (parXXXXXX.par, as GNU parallel names them), which is left for
 * the user; the file's name, when the job ends, is the job's output.
 *
 * Held output stays in memory up to --buffer bytes for the whole run; past
 * that it goes to an unlinked temporary file (spool.c) and is read back when
 * its turn comes, so memory is bounded whatever the jobs print.  With
 * --compress, a stream that spills goes through a compressor into a file of
 * its own instead (zfile.c), and through the decompressor when its turn
 * comes.
 *
 * fd 1 and fd 2 are never made non-blocking (they are shared with other
 * processes): regular files and /dev/null are written directly, anything
 * else through one uv_fs_write at a time on libuv's threadpool.
 *
 * Knows nothing of processes: pool.c hands it bytes and says when a job ends.
 */
#ifndef XPOOL_OUTPUT_H
#define XPOOL_OUTPUT_H

#include <stddef.h>

#include <uv.h>

enum output_mode {
	OUT_ORDERED, /* grouped, in input order (the default) */
	OUT_UNORDERED, /* grouped, in completion order */
	OUT_LINES, /* --line-buffer: whole lines as they come */
};

struct output_conf {
	enum output_mode mode;
	size_t buffer; /* bytes of held output kept in memory */
	const char *tmpdir; /* where held output spills */
	int drop; /* the jobs' streams not written: 1 stdout, 2 stderr */
	void (*broken)(void *, int); /* stdout failed: EPIPE or an errno */
	void (*drained)(void *); /* below the low mark again */
	void (*spill_failed)(void *, int); /* the temporary file failed */
	void *arg;
	int files; /* --files: a job's stdout goes to a file; its name is shown
	            */
	void (*files_failed)(void *); /* such a file failed (said) */
	int color; /* --color: each job's lines in a colour of its own */
	int color_failed; /* --color-failed: a failed job's lines in red */
	const char *compress; /* --compress: held output through this, or NULL
	                       */
	const char *decompress; /* ... and back through this */
	int latest; /* --latest-line (OUT_LINES): 1, 2 with rows set by
	               output_row() */
};

struct output;
struct ojob;

struct output *output_new(uv_loop_t *, const struct output_conf *);
void output_close(struct output *);
void output_free(struct output *);
struct ojob *output_job(struct output *, const char *, size_t);
void output_add(struct ojob *, int, const char *, size_t);
void output_note(struct ojob *, int, const char *, size_t);
int output_live(const struct ojob *);
void output_defer(struct ojob *);
void output_color(struct ojob *, unsigned long);
void output_row(struct ojob *, unsigned long);
void output_failed(struct ojob *);
void output_hold(struct ojob *);
void output_retag(struct ojob *, const char *, size_t);
void output_reset(struct ojob *);
void output_end(struct ojob *);
void output_batch(struct output *);
void output_flush(struct output *);
void output_now(void *);
int output_congested(const struct output *);
void output_discard(struct output *);
int output_idle(const struct output *);

#endif
