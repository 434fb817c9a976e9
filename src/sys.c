/*
 * sys.c -- the CPUs and descriptors xpool may use, the time of day, and
 * dying of a signal.
 */
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "sys.h"
#include "throttle.h"

/* One cgroup level's cpu.max: the smallest quota so far, in CPUs. */
static void
cpu_level(const char *dir, void *arg)
{
	long *best = arg, quota, period;
	char file[4200];
	FILE *m;

	snprintf(file, sizeof(file), "%s/cpu.max", dir);
	if ((m = fopen(file, "r")) == NULL)
		return;
	if (fscanf(m, "%ld %ld", &quota, &period) == 2 && period > 0 &&
	    quota > 0) {
		long n = (quota + period - 1) / period;

		if (*best == 0 || n < *best)
			*best = n;
	}
	fclose(m);
}

/* The CPUs this process may use: its affinity mask and cgroup quota. */
long
sys_usable_cpus(void)
{
	cpu_set_t set;
	long n = 0, q = 0;

	if (sched_getaffinity(0, sizeof(set), &set) == 0)
		n = CPU_COUNT(&set);
	if (n <= 0)
		n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n <= 0)
		n = 1;
	throttle_cgroup_walk(cpu_level, &q);
	if (q > 0 && q < n)
		n = q;
	return n;
}

/* "As many as possible": each running job holds about four descriptors. */
long
sys_max_jobs(void)
{
	struct rlimit rl;
	long n = 1024;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
		n = ((long)rl.rlim_cur - 32) / 4;
	if (n > 32768)
		n = 32768;
	return n < 1 ? 1 : n;
}

/* Seconds since the epoch, as the records write them. */
double
sys_time_of_day(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_REALTIME, &ts) != 0)
		return 0;
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void (*last_words)(void);

/*
 * fn runs on every quick way out (sys_quick_exit(), sys_die_of()), which
 * skip atexit(): what must be put back even then (make's tokens).
 */
void
sys_before_quick_exit(void (*fn)(void))
{
	last_words = fn;
}

/* Exit at once with status, without atexit() or flushing stdio. */
_Noreturn void
sys_quick_exit(int status)
{
	if (last_words != NULL)
		last_words();
	_exit(status);
}

/*
 * Die of signo with its default action, as a well-behaved filter does, so
 * that the caller sees the signal; _exit(128 + signo) if it does not kill.
 */
_Noreturn void
sys_die_of(int signo)
{
	struct sigaction sa;
	sigset_t set;

	if (last_words != NULL)
		last_words();
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigaction(signo, &sa, NULL);
	sigemptyset(&set);
	sigaddset(&set, signo);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(signo);
	_exit(128 + signo);
}
