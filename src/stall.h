/*
 * stall.h -- is a process group waiting for input that will not come?
 *
 * Owns the look at a worker's process group through Linux's /proc: which
 * of its processes sits blocked reading a given input (a pipe or a
 * terminal, named as /proc/PID/fd shows it), whether every other one only
 * waits too (reading a pipe or a terminal, polling, or waiting for a
 * child), and how much CPU time the group has used.  A group in which one
 * process reads xpool's own pipe, the others wait, and whose CPU time
 * stays the same while xpool waits for its answers, is stalled: it
 * buffers, and will not answer until it is given more.  A process that
 * sleeps or computes is not waiting, so slow work is never taken for a
 * stall.
 *
 * The parsers of /proc/PID/stat and /proc/PID/syscall lines are pure and
 * unit-tested in tests/unit/test_stall.c.  Knows nothing of workers or
 * items.
 */
#ifndef XPOOL_STALL_H
#define XPOOL_STALL_H

#include <sys/types.h>

/* What one look at the group found. */
struct stall_look {
	int readers; /* processes blocked reading the input */
	int busy; /* processes doing anything but waiting */
	unsigned long long cpu; /* the group's CPU time, in clock ticks */
};

/* From a /proc/PID/stat line. */
struct stall_stat {
	char state; /* R, S, D, T ... */
	pid_t pgrp;
	unsigned long long cpu; /* utime + stime */
};

/* From a /proc/PID/syscall line: the call it is blocked in. */
enum stall_call {
	CALL_RUNNING, /* not in a system call, or unknown */
	CALL_READ, /* read(2) or readv(2); fd is its first argument */
	CALL_WAIT, /* waiting for input or a child: poll, select, wait */
	CALL_OTHER, /* sleeping in anything else */
};

int stall_parse_stat(const char *, struct stall_stat *);
enum stall_call stall_parse_syscall(const char *, long *);
int stall_look(pid_t, const char *, struct stall_look *);

#endif
