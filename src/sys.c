/*
 * sys.c -- the CPUs and descriptors xpool may use, the machine's sockets,
 * cores and threads, the time of day, and dying of a signal.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "sys.h"
#include "throttle.h"
#include "xmalloc.h"

extern char **environ;

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

/* The first line of file path, in line; 0, or -1 when it cannot be read. */
static int
first_line(const char *path, char *line, int size)
{
	FILE *f = fopen(path, "r");
	int ok;

	if (f == NULL)
		return -1;
	ok = fgets(line, size, f) != NULL;
	fclose(f);
	return ok ? 0 : -1;
}

/*
 * The lowest CPU in a sysfs mask such as "00000000,0000000c" (2), or -1:
 * hex digits, most significant first, in groups of 32 bits.
 */
static long
mask_lowest(const char *mask)
{
	size_t n = strcspn(mask, "\n");
	long bit = 0;

	while (n-- > 0) {
		int c = (unsigned char)mask[n], v;

		if (c == ',')
			continue;
		if (!isxdigit(c))
			return -1;
		v = isdigit(c) ? c - '0' : tolower(c) - 'a' + 10;
		for (int b = 0; b < 4; b++, bit++)
			if (v & (1 << b))
				return bit;
	}
	return -1;
}

/*
 * The CPU sockets, cores or threads of a sysfs tree such as
 * /sys/devices/system/cpu, as GNU parallel counts them: the CPUs cpu0,
 * cpu1 ... with a topology, a core for each set of thread siblings (counted
 * at its lowest CPU), a socket for each package id.  0 where there is none.
 */
long
sys_cpus_in(const char *dir, enum sys_cpu_unit unit)
{
	char path[4200], line[1024];
	long threads = 0, cores = 0, nsockets = 0, *sockets = NULL;

	for (;; threads++) {
		long id, i;

		snprintf(path, sizeof(path),
		    "%s/cpu%ld/topology/physical_package_id", dir, threads);
		if (first_line(path, line, sizeof(line)) != 0)
			break;
		id = strtol(line, NULL, 10);
		for (i = 0; i < nsockets && sockets[i] != id; i++)
			;
		if (i == nsockets) {
			sockets = xreallocarray(
			    sockets, (size_t)nsockets + 1, sizeof(*sockets));
			sockets[nsockets++] = id;
		}
		snprintf(path, sizeof(path),
		    "%s/cpu%ld/topology/thread_siblings", dir, threads);
		if (first_line(path, line, sizeof(line)) != 0 ||
		    mask_lowest(line) == threads)
			cores++;
	}
	free(sockets);
	return unit == SYS_SOCKETS ? nsockets
	    : unit == SYS_CORES    ? cores
	                           : threads;
}

/*
 * This machine's CPU sockets, cores or threads, at most the CPUs of the
 * affinity mask, as GNU parallel counts them.  Without a topology in sysfs,
 * each CPU is a core and there is one socket.
 */
long
sys_cpus(enum sys_cpu_unit unit)
{
	long n = sys_cpus_in("/sys/devices/system/cpu", unit), active = 0;
	cpu_set_t set;

	if (n <= 0)
		n = unit == SYS_SOCKETS ? 1 : sysconf(_SC_NPROCESSORS_ONLN);
	if (sched_getaffinity(0, sizeof(set), &set) == 0)
		active = CPU_COUNT(&set);
	if (active > 0 && active < n)
		n = active;
	return n < 1 ? 1 : n;
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

/*
 * n random bytes: the kernel's; where it has none yet (early boot, or no
 * getrandom), the clock's, the process's and a count's, so that two calls
 * never give the same.
 */
void
sys_random(void *buf, size_t n)
{
	static unsigned long count;
	unsigned char *p = buf;
	size_t got = 0;
	struct timespec ts;

	while (got < n) {
		ssize_t r = getrandom(p + got, n - got, GRND_NONBLOCK);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	if (got == n)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	count++;
	for (size_t i = 0; i < n; i++) {
		unsigned long x = (unsigned long)ts.tv_nsec * 2654435761u ^
		    (unsigned long)ts.tv_sec * 2246822519u ^
		    (unsigned long)getpid() * 40503u ^ count * 3266489917u ^
		    (unsigned long)(i / 4) * 668265263u;

		p[i] ^= (unsigned char)(x >> ((i % 4) * 8));
	}
}

/* Every shell GNU parallel knows by name. */
static const char *const shells[] = { "ash", "bash", "bsd-csh", "csh", "dash",
	"fdsh", "fish", "fizsh", "ksh", "ksh93", "lksh", "mksh", "pdksh",
	"posh", "rbash", "rc", "rush", "rzsh", "sash", "sh", "static-sh",
	"tcsh", "yash", "zsh" };

/*
 * Whether argv0 (a process's argv[0]) is a shell's, as GNU parallel reads
 * it: "bash", "-bash" (a login shell), "/usr/bin/zsh", "busybox sh",
 * perhaps with blanks or words after it (but not "(...)").  The shell's
 * name, without its path or dash, goes to name.  Returns 0 for none, 1, or
 * 2 when a dash came before the name.
 */
int
sys_shell_name(const char *argv0, char *name, size_t size)
{
	const char *s = argv0, *e;
	size_t len;
	int dash;

	if (strncmp(s, "busybox ", 8) == 0)
		s += 8;
	else {
		/* The path up to the last slash before the first blank. */
		for (const char *p = s; *p != '\0' && *p != ' '; p++)
			if (*p == '/')
				s = p + 1;
	}
	if ((dash = *s == '-'))
		s++;
	for (e = s; *e != '\0' && *e != ' '; e++)
		;
	len = (size_t)(e - s);
	while (*e == ' ')
		e++;
	if (*e == '(')
		return 0;
	for (size_t i = 0; i < sizeof(shells) / sizeof(shells[0]); i++)
		if (strlen(shells[i]) == len &&
		    memcmp(shells[i], s, len) == 0) {
			if (len >= size)
				return 0;
			memcpy(name, s, len);
			name[len] = '\0';
			return 1 + dash;
		}
	return 0;
}

/* The start of /proc/PID/FILE in buf, NUL-ended (of cmdline: argv[0]). */
static ssize_t
proc_read(pid_t pid, const char *file, char *buf, size_t size)
{
	char path[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%ld/%s", (long)pid, file);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	while ((n = read(fd, buf, size - 1)) < 0 && errno == EINTR)
		;
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return n;
}

/*
 * A login shell's argv[0] may be "-sh" whatever shell it is: the program
 * process pid runs, in exe, when that is a shell; else "".
 */
static void
shell_exe(pid_t pid, char *exe, size_t size)
{
	char path[64], buf[512], name[32];
	const char *base;
	ssize_t n;

	exe[0] = '\0';
	snprintf(path, sizeof(path), "/proc/%ld/exe", (long)pid);
	if ((n = readlink(path, buf, sizeof(buf) - 1)) <= 0)
		return;
	buf[n] = '\0';
	if ((base = strrchr(buf, '/')) == NULL)
		return;
	base++;
	if (sys_shell_name(base, name, sizeof(name)) == 1 &&
	    strcmp(name, base) == 0)
		snprintf(exe, size, "%s", buf);
}

/*
 * The shell this process was started from, as GNU parallel finds it: the
 * nearest process above it (itself first) whose argv[0] names a shell
 * (sys_shell_name); its name in name, its argv[0] in argv0, and in exe
 * the program it runs where its argv[0] is "-sh" and that is a shell
 * (name is then that program's), else "".  Returns 1 when one is found, 0 when
 * none is or /proc cannot tell.
 */
int
sys_started_from(
    char *name, size_t size, char *argv0, size_t asize, char *exe, size_t esize)
{
	pid_t pid = getpid();
	char buf[512];

	/* A bound on the walk, whatever /proc says. */
	for (int depth = 0; pid > 0 && depth < 256; depth++) {
		const char *p;
		int r;

		if (proc_read(pid, "cmdline", buf, sizeof(buf)) > 0 &&
		    (r = sys_shell_name(buf, name, size)) != 0) {
			snprintf(argv0, asize, "%s", buf);
			exe[0] = '\0';
			if (r == 2 && strcmp(name, "sh") == 0)
				shell_exe(pid, exe, esize);
			if (exe[0] != '\0')
				snprintf(
				    name, size, "%s", strrchr(exe, '/') + 1);
			return 1;
		}
		/* pid (comm) state ppid ...: comm may hold blanks and ')'. */
		if (proc_read(pid, "stat", buf, sizeof(buf)) <= 0 ||
		    (p = strrchr(buf, ')')) == NULL ||
		    sscanf(p + 1, " %*c %d", &pid) != 1)
			return 0;
	}
	return 0;
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

/*
 * Start a helper of xpool's own (perl for {= =}, a compressor): prog,
 * looked up in PATH, with in and out as its fds 0 and 1, xpool's signal
 * mask cleared and SIGPIPE at its default.  In a process group of its own:
 * ^C at the terminal is xpool's to handle.  0 with its pid, or an errno.
 */
int
sys_spawn_helper(
    const char *prog, char *const argv[], int in, int out, pid_t *pid)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t none, def;
	int e;

	sigemptyset(&none);
	sigemptyset(&def);
	sigaddset(&def, SIGPIPE);
	if ((e = posix_spawn_file_actions_init(&fa)) != 0)
		return e;
	if ((e = posix_spawnattr_init(&at)) != 0) {
		posix_spawn_file_actions_destroy(&fa);
		return e;
	}
	if ((e = posix_spawn_file_actions_adddup2(&fa, in, 0)) == 0 &&
	    (e = posix_spawn_file_actions_adddup2(&fa, out, 1)) == 0 &&
	    (e = posix_spawnattr_setflags(&at,
	         POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
	             POSIX_SPAWN_SETSIGDEF)) == 0 &&
	    (e = posix_spawnattr_setsigmask(&at, &none)) == 0 &&
	    (e = posix_spawnattr_setsigdefault(&at, &def)) == 0)
		e = posix_spawnp(pid, prog, &fa, &at, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	return e;
}
