/*
 * runner.h -- remote jobs through one ssh session per slot.
 *
 * Owns the sessions: for a slot on a remote host, one ssh session (over
 * the host's connection) that runs the slot's jobs one after another, so
 * that a job costs the remote shell's fork and no ssh of its own.  Each job
 * is a hosted process (proc.h) with its own output, exit, timer and end;
 * its stdout and stderr are told apart from the next job's by a random mark
 * the session writes after each (hosts.c's HOSTS_RUNNER).  Ending a job
 * (--timeout, --halt, --memfree) ends its session, and the slot's next job
 * gets a new one; a session lost with a job in it gives the job ssh's
 * status (255), as a job's own ssh would.  A slot retired (its host left
 * the login files) has its session closed once it has no job.  Knows nothing of
 * templates, output order, records or the pool: the caller says when no more
 * jobs will come (runner_close_idle()).
 */
#ifndef XPOOL_RUNNER_H
#define XPOOL_RUNNER_H

#include "hosts.h"
#include "proc.h"

struct runner;

struct runner *runner_new(struct procs *, struct hosts *);
int runner_start(struct runner *, int, unsigned long, char **, unsigned long,
    const struct proc_cb *, void *, struct proc **);
int runner_ready(const struct runner *, unsigned long);
void runner_close_idle(struct runner *);
void runner_close_gone(struct runner *);
void runner_free(struct runner *);

#endif
