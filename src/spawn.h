/*
 * spawn.h -- start one job's process.
 *
 * Owns the posix_spawn attributes shared by every job (a process group of its
 * own, an empty signal mask, SIGPIPE back to its default), the environment
 * jobs get (xpool's own plus XPOOL_SEQ and XPOOL_SLOT), /dev/null for jobs'
 * standard input, and the program looked up in PATH once for the whole run.
 * posix_spawn is a vfork-style clone in glibc, much cheaper than fork() for
 * every job.  Knows nothing of pipes' contents, ordering or policy.
 */
#ifndef XPOOL_SPAWN_H
#define XPOOL_SPAWN_H

#include <stddef.h>
#include <sys/types.h>

struct buf;
struct spawner;

struct spawner *spawner_new(int);
void spawner_free(struct spawner *);
size_t spawner_env_size(const struct spawner *);
int spawner_resolve(struct spawner *, const char *);
int spawn_check_program(const char *);
int spawner_run(struct spawner *, char **, int, int, int, unsigned long,
    unsigned long, pid_t *);
int spawn_explain(const char *, int, struct buf *);

#endif
