/*
 * sys.h -- facts about this process and its machine that several modules
 * need: the CPUs and descriptors it may use, the time of day, random
 * bytes, the shell it was started from, the size a pipe is grown to,
 * starting a helper process (perl, a compressor), and the quick ways out:
 * exiting at once and dying of a signal, with the one thing that must still
 * happen then.
 *
 * Knows nothing of jobs, items or output.  The CPU count honours the
 * affinity mask and a cgroup v2 cpu.max quota (throttle.c walks the cgroup).
 * The machine's sockets, cores and threads are read from sysfs, at most
 * the CPUs of the affinity mask, as GNU parallel counts them.
 */
#ifndef XPOOL_SYS_H
#define XPOOL_SYS_H

#include <stddef.h>
#include <sys/types.h>

/* A pipe whose reader wants throughput is grown to this (F_SETPIPE_SZ). */
#define SYS_BIG_PIPE (1024 * 1024)

/* What a CPU is, for --number-of-* and --use-*-instead-of-threads. */
enum sys_cpu_unit { SYS_THREADS, SYS_CORES, SYS_SOCKETS };

long sys_usable_cpus(void);
long sys_cpus(enum sys_cpu_unit);
long sys_cpus_in(const char *, enum sys_cpu_unit);
long sys_max_jobs(void);
double sys_time_of_day(void);
void sys_random(void *, size_t);
int sys_shell_name(const char *, char *, size_t);
int sys_started_from(char *, size_t, char *, size_t, char *, size_t);
int sys_spawn_helper(const char *, char *const[], int, int, pid_t *);
void sys_before_quick_exit(void (*)(void));
_Noreturn void sys_quick_exit(int);
_Noreturn void sys_die_of(int);

#endif
