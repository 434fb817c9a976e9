/*
 * sys.h -- facts about this process and its machine that several modules
 * need: the CPUs and descriptors it may use, the time of day, the size a
 * pipe is grown to, and dying of a signal.
 *
 * Knows nothing of jobs, items or output.  The CPU count honours the
 * affinity mask and a cgroup v2 cpu.max quota (throttle.c walks the cgroup).
 */
#ifndef XPOOL_SYS_H
#define XPOOL_SYS_H

/* A pipe whose reader wants throughput is grown to this (F_SETPIPE_SZ). */
#define SYS_BIG_PIPE (1024 * 1024)

long sys_usable_cpus(void);
long sys_max_jobs(void);
double sys_time_of_day(void);
_Noreturn void sys_die_of(int);

#endif
