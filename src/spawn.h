/*
 * spawn.h -- start one job's process.
 *
 * Owns how every job starts: in a process group of its own, with an empty
 * signal mask, default signal actions (SIGPIPE too), and SIGTERM from the
 * kernel when xpool dies, even of SIGKILL (PR_SET_PDEATHSIG, which
 * posix_spawn cannot set: jobs are started as glibc's posix_spawn starts
 * them, with a vfork-style clone that shares xpool's memory until the
 * exec, much cheaper than fork() for every job, and that passes back why
 * the exec failed).  Also the environment jobs get (xpool's own plus
 * XPOOL_SEQ and XPOOL_SLOT), /dev/null for jobs' standard input, and the
 * program looked up in PATH once for the whole run, and --launcher's words
 * put before every job's, --nice's niceness, and --process-slot-var's
 * variable.  Only xpool's main
 * thread starts jobs: the kernel signals a job when the thread that
 * started it ends.  Knows nothing of pipes' contents, ordering or policy.
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
void spawner_launcher(struct spawner *, char **, size_t);
void spawner_nice(struct spawner *, int);
void spawner_tty(struct spawner *);
void spawner_slot_var(struct spawner *, const char *);
int spawn_check_program(const char *);
char *spawn_find_program(const char *);
int spawner_run(struct spawner *, char **, int, int, int, unsigned long,
    unsigned long, pid_t *);
int spawn_explain(const char *, int, struct buf *);

#endif
