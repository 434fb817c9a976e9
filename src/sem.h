/*
 * sem.h -- --semaphore and sem: GNU parallel's counting semaphore.
 *
 * Owns the semaphore directory and its slot files, taking a slot, and the
 * process that holds it while the command runs.  A slot is an flock() on
 * one file, ID.N for slot N of semaphore ID, in a directory private to the
 * user: the kernel drops the lock when the holder dies, however it dies, so
 * no slot is ever left stale.  The holder is xpool itself (--fg) or a
 * child of it that outlives the call (--bg); the command never inherits the
 * lock, so a daemon it starts holds no slot, and it gets SIGTERM when its
 * holder dies.  --wait takes every slot file of the ID in turn.
 *
 * Knows nothing of items, templates or the pool: config.c hands over the
 * command as one shell command line.
 */
#ifndef XPOOL_SEM_H
#define XPOOL_SEM_H

/* Giving up when --semaphore-timeout is negative and runs out, as GNU. */
#define SEM_EXIT_TIMEOUT 1

struct sem_conf {
	const char *id; /* --id, or the terminal of standard input */
	long slots; /* -j: how many may hold the semaphore at once */
	int fg; /* --fg: wait for the command, exit with its status */
	int wait; /* --wait: wait until every holder of id is done */
	double timeout; /* > 0: run anyway after; < 0: give up after; 0 */
	const char *shell; /* runs the command: -c LINE */
	const char *line; /* the command line, or NULL with --wait */
};

int sem_run(const struct sem_conf *);

#endif
