/*
 * worker.h -- --worker: the pool's driver for items through long-lived
 * processes.
 *
 * Owns the workers (one process a slot, started through proc.c), the items
 * sent to each and not yet answered, the queue of items put back, and the
 * framing of answers: one line an item, or lines up to an --eot line that
 * may carry a status.  Every item that is over for good goes to
 * pool_finish().  Knows nothing of a job's command line, --retries of
 * whole jobs, --init or --pipe.
 */
#ifndef XPOOL_WORKER_H
#define XPOOL_WORKER_H

#include "pool.h"

void worker_drive(struct pool *);

#endif
