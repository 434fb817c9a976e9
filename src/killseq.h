/*
 * killseq.h -- ending process groups with a --termseq.
 *
 * Owns the groups that are being ended: each gets the sequence's signals
 * one after another, with the waits between them on a timer, and is let go
 * as soon as the group is empty (kill(-pgid, 0) fails) or the sequence is
 * over.  A sequence outlives the job whose group it ends, so grandchildren
 * that ignore SIGTERM are still reached after the job itself has been
 * reaped.  Its timers keep the event loop running until every sequence is
 * done, so xpool does not exit while a group it is ending still lives.
 */
#ifndef XPOOL_KILLSEQ_H
#define XPOOL_KILLSEQ_H

#include <sys/types.h>

#include <uv.h>

#include "parse.h"

struct killer;

struct killer *killer_new(uv_loop_t *, const struct termseq *);
void killer_start(struct killer *, pid_t, int);
void killer_reaped(struct killer *, pid_t);
void killer_kill_all(struct killer *);
void killer_signal(struct killer *, int);
void killer_close(struct killer *);
void killer_free(struct killer *);

#endif
