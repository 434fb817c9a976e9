/*
 * jobs.h -- a process per job: the pool's driver when --worker is not given.
 *
 * Owns each job's process (proc.c) and what it keeps while it runs: its
 * command, its records, its --pipe block, its --timeout.  Runs a failed job
 * again under --retries (in its place in the output, showing only its last
 * try), each slot's --init command before the slot's first job, and ends
 * the youngest job when --memfree finds memory short.  With --tee it reads
 * standard input itself and gives all of it to every job.  Every job that is
 * over for good goes to pool_finish().  Knows nothing of workers.
 */
#ifndef XPOOL_JOBS_H
#define XPOOL_JOBS_H

#include "pool.h"

void jobs_drive(struct pool *);

#endif
