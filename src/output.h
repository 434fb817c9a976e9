/*
 * output.h -- job output to xpool's standard output and standard error.
 *
 * Owns every byte a job printed until it is written, and the order in which
 * jobs are written.  Ordered (the default): the oldest unfinished job is
 * "live" and its output goes out as it arrives; later jobs are held and
 * written whole when their turn comes.  Unordered: each job is written whole
 * when it ends.  A job's stdout and stderr are kept apart and each is grouped.
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

struct output;
struct ojob;

struct output_cbs {
	void (*broken)(void *, int); /* stdout failed: EPIPE or another errno */
	void (*drained)(void *); /* below the low mark again */
	void *arg;
};

struct output *output_new(uv_loop_t *, int, const struct output_cbs *);
void output_free(struct output *);
struct ojob *output_job(struct output *);
void output_add(struct ojob *, int, const char *, size_t);
int output_live(const struct ojob *);
void output_end(struct ojob *);
int output_congested(const struct output *);
void output_discard(struct output *);
int output_idle(const struct output *);

#endif
