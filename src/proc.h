/*
 * proc.h -- one child process: its pipes, its timer, its reaping.
 *
 * Owns the processes xpool starts (jobs, workers, --init commands) from
 * their start (spawn.c) to reaping, in the shape of tmux's job_run(): the
 * caller passes callbacks and a pointer, and is told of the bytes the
 * process prints, of its timer, and of its exit -- after its pipes have been
 * drained and it has been reaped, so that the exit is the last word.  Its
 * stdout and stderr pipes are watched in one epoll set (watch.c); its stdin,
 * when it has one, is written from the caller's bytes without a copy, or
 * from a range of a file by splice(), without passing through xpool.  A
 * process is ended with the --termseq on its process group (killseq.c), and
 * what it left running in its group is ended too.  proc_stop() stops its
 * group and lets it go on (--memsuspend); one stopped goes on to take a
 * signal that ends it.
 *
 * A hosted process is a job that runs inside another (runner.c's
 * sessions): no pid or pipes of its own, its output and exit fed by its
 * host, walked, counted and timed as any; a PROC_AUX process (the host)
 * is reaped, signalled and ended as any but left out of the walks.
 *
 * SIGCHLD is not read here: the caller calls procs_reap() when it comes.
 * Knows nothing of items, templates, output order, records or policy.
 */
#ifndef XPOOL_PROC_H
#define XPOOL_PROC_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <uv.h>

#include "parse.h"
#include "spawn.h"

struct procs;
struct proc;

/* How a process ended. */
struct proc_exit {
	int status; /* its exit status, or 128+N for signal N */
	int exitval; /* its exit status, or 0 when a signal ended it */
	int signo; /* the signal that ended it, or 0 */
	int ended; /* why proc_end() ended it, or 0 */
	int told; /* a hosted job's status, as its host was told it */
	size_t sent; /* bytes written to its stdin */
};

struct proc_cb {
	/*
	 * Bytes it printed on stdout (0) or stderr (1), with PROC_CAPTURE
	 * (else it may be NULL).  Returns nonzero to stop reading that pipe
	 * until procs_resume().
	 */
	int (*output)(void *, int, const char *, size_t);
	void (*exited)(void *, const struct proc_exit *);
	void (*timer)(void *); /* proc_timer() ran out (NULL: never set) */
	void (*sent)(void *); /* proc_send()'s bytes are written (or dropped) */
};

/* Flags for proc_start(). */
enum {
	PROC_STDIN = 1, /* a pipe to its stdin, written by proc_send() */
	PROC_CAPTURE = 2, /* pipes from its stdout and stderr */
	PROC_BIG_PIPE = 4, /* a roomier stdout pipe, for output that streams */
	PROC_PTY = 8, /* with STDIN|CAPTURE: stdin, stdout on a pseudo-tty, in
	                 raw mode; closing its stdin does not end its input */
	PROC_AUX = 16, /* not walked or counted by procs_first() and
	                  procs_count(): a process that hosts jobs */
};

/* What hosts a job that runs inside another process. */
struct proc_host {
	void (*end)(void *, int); /* end the job, with proc_end()'s why */
};

struct procs *procs_new(uv_loop_t *, struct spawner *, const struct termseq *,
    void (*)(void *), void (*)(void *), void *);
int proc_start(struct procs *, char **, int, int, unsigned long, unsigned long,
    const struct proc_cb *, void *, struct proc **);
struct proc *proc_start_hosted(struct procs *, const struct proc_host *, void *,
    const struct proc_cb *, void *);
int proc_hosted_output(struct proc *, int, const char *, size_t);
void proc_hosted_exit(struct proc *, const struct proc_exit *);
pid_t proc_pid(const struct proc *);
void *proc_data(const struct proc *);
void proc_send(struct proc *, const char *, size_t, int);
void proc_send_file(struct proc *, int, off_t, size_t);
void proc_timer(struct proc *, uint64_t);
void proc_timer_stop(struct proc *);
void proc_end(struct proc *, int);
int proc_ended(const struct proc *);
void proc_stop(struct proc *, int);
int proc_stopped(const struct proc *);
int proc_stdin_open(const struct proc *);
size_t proc_unsent(const struct proc *);
int proc_input_name(const struct proc *, char *, size_t);

struct proc *procs_first(const struct procs *);
struct proc *proc_next(const struct proc *);
long procs_count(const struct procs *);
long procs_alive(const struct procs *);
void procs_reap(struct procs *);
void procs_resume(struct procs *);
void procs_end_all(struct procs *, int);
void procs_signal(struct procs *, int);
void procs_signal_all(struct procs *, int);
void procs_hold_timers(struct procs *);
void procs_kill_all(struct procs *);
void procs_close(struct procs *);
void procs_free(struct procs *);

#endif
