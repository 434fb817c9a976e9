/*
 * limit.c -- --limit: a command, or GNU parallel's mem, load and io.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "limit.h"
#include "parse.h"
#include "sys.h"
#include "xmalloc.h"

#define MAX_DISKS 256
#define IO_EVERY_MS 1000 /* io: measured at most this often */
#define PF_KTHREAD 0x00200000UL /* a kernel thread, in /proc/PID/stat */

enum limit_kind { LIMIT_COMMAND, LIMIT_MEM, LIMIT_LOAD, LIMIT_IO };

struct limit {
	char *text; /* as given, for messages */
	enum limit_kind kind;
	char *script; /* LIMIT_COMMAND: what sh -c runs */
	double n; /* the built-ins' figure */
	int null; /* /dev/null, the command's standard input */
	int failed; /* the command could not start: said once */
	struct buf b; /* a /proc file's text */
	/* io: the last measurement */
	int io_known;
	uint64_t io_ms, ticks[MAX_DISKS];
	size_t ndisks;
	enum limit_verdict io_verdict;
};

/* ---- the parsers (pure) ---------------------------------------------------
 */

/*
 * /proc/meminfo: the bytes GNU parallel counts as free, MemFree + Buffers
 * + Cached + SwapCached.  0, or -1 when none of them is there.
 */
int
limit_parse_meminfo(const char *text, uint64_t *bytes)
{
	static const char *const keys[] = {
		"MemFree:", "Buffers:", "Cached:", "SwapCached:"
	};
	int found = 0;

	*bytes = 0;
	for (const char *l = text; l != NULL && *l != '\0';) {
		const char *nl = strchr(l, '\n');

		for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
			size_t k = strlen(keys[i]);
			unsigned long long kb;

			if (strncmp(l, keys[i], k) == 0 &&
			    sscanf(l + k, "%llu", &kb) == 1) {
				*bytes += (uint64_t)kb * 1024;
				found = 1;
			}
		}
		l = nl != NULL ? nl + 1 : NULL;
	}
	return found ? 0 : -1;
}

/*
 * /proc/diskstats: each device's milliseconds spent doing I/O (its 13th
 * field), in the file's order, at most max of them.  The count, or -1
 * when a line cannot be read.
 */
int
limit_parse_diskstats(const char *text, uint64_t *ticks, size_t max)
{
	int n = 0;

	for (const char *l = text; l != NULL && *l != '\0';) {
		const char *nl = strchr(l, '\n');
		unsigned long long f[10];
		char name[64];

		if (nl != l) {
			if (sscanf(l,
			        "%*u %*u %63s %llu %llu %llu %llu %llu %llu "
			        "%llu %llu %llu %llu",
			        name, &f[0], &f[1], &f[2], &f[3], &f[4], &f[5],
			        &f[6], &f[7], &f[8], &f[9]) != 11)
				return -1;
			if ((size_t)n < max)
				ticks[n++] = (uint64_t)f[9];
		}
		l = nl != NULL ? nl + 1 : NULL;
	}
	return n;
}

/* ---- the built-ins --------------------------------------------------------
 */

/* The text of a /proc file, in l->b; 0, or -1 when it cannot be read. */
static int
read_file(const char *path, struct buf *b)
{
	return buf_read_file(b, path) == 0 ? 0 : -1;
}

static enum limit_verdict
check_mem(struct limit *l)
{
	uint64_t free_b;

	if (read_file("/proc/meminfo", &l->b) != 0 ||
	    limit_parse_meminfo(l->b.data, &free_b) != 0)
		return LIMIT_BELOW; /* not known: no limit */
	if ((double)free_b < l->n / 2)
		return LIMIT_WAY_OVER;
	return (double)free_b < l->n ? LIMIT_OVER : LIMIT_BELOW;
}

/* Whether /proc/PID/stat is of a process running or in disk sleep. */
static int
busy_process(struct limit *l, const char *pid)
{
	char path[300];
	const char *p;
	char state;
	unsigned long flags;

	snprintf(path, sizeof(path), "/proc/%s/stat", pid);
	if (read_file(path, &l->b) != 0 ||
	    (p = strrchr(l->b.data, ')')) == NULL ||
	    sscanf(p + 1, " %c %*d %*d %*d %*d %*d %lu", &state, &flags) != 2)
		return 0;
	return (state == 'R' || state == 'D') && !(flags & PF_KTHREAD);
}

static enum limit_verdict
check_load(struct limit *l)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	char self[32];
	long n = 0;

	if (d == NULL)
		return LIMIT_BELOW;
	snprintf(self, sizeof(self), "%ld", (long)getpid());
	while ((e = readdir(d)) != NULL)
		if (isdigit((unsigned char)e->d_name[0]) &&
		    strcmp(e->d_name, self) != 0 && busy_process(l, e->d_name))
			n++;
	closedir(d);
	return (double)n > l->n ? LIMIT_OVER : LIMIT_BELOW;
}

static enum limit_verdict
check_io(struct limit *l, uint64_t now)
{
	uint64_t ticks[MAX_DISKS];
	double busiest = 0;
	int n;

	if (l->io_known && now < l->io_ms + IO_EVERY_MS)
		return l->io_verdict;
	if (read_file("/proc/diskstats", &l->b) != 0 ||
	    (n = limit_parse_diskstats(l->b.data, ticks, MAX_DISKS)) < 0)
		return LIMIT_BELOW;
	if (l->io_known && (size_t)n == l->ndisks && now > l->io_ms) {
		for (int i = 0; i < n; i++) {
			double pct = ticks[i] < l->ticks[i]
			    ? 0
			    : (double)(ticks[i] - l->ticks[i]) * 100 /
			        (double)(now - l->io_ms);

			if (pct > busiest)
				busiest = pct;
		}
		l->io_verdict = busiest > l->n ? LIMIT_OVER : LIMIT_BELOW;
	} else
		l->io_verdict = LIMIT_OVER; /* GNU's: none measured yet */
	memcpy(l->ticks, ticks, (size_t)n * sizeof(*ticks));
	l->ndisks = (size_t)n;
	l->io_ms = now;
	l->io_known = 1;
	return l->io_verdict;
}

/* ---- the command ----------------------------------------------------------
 */

static enum limit_verdict
check_command(struct limit *l)
{
	char *argv[] = { (char *)"sh", (char *)"-c", l->script, NULL };
	pid_t pid;
	int e, st;

	if ((e = sys_spawn_helper(
	         "/bin/sh", argv, l->null, STDOUT_FILENO, &pid)) != 0) {
		if (!l->failed)
			xpool_warn("--limit: cannot run /bin/sh: %s; starting "
			           "jobs as if below the limit",
			    strerror(e));
		l->failed = 1;
		return LIMIT_BELOW;
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return LIMIT_BELOW;
	if (!WIFEXITED(st) || WEXITSTATUS(st) == 1)
		return LIMIT_OVER;
	return WEXITSTATUS(st) == 0 ? LIMIT_BELOW
	    : WEXITSTATUS(st) == 2  ? LIMIT_WAY_OVER
	                            : LIMIT_OVER;
}

/* ---- the limit ------------------------------------------------------------
 */

/* GNU's built-ins are the words mem, load or io, then their figure. */
static int
builtin(struct limit *l, const char *spec, const char **why)
{
	static const char *const names[] = { "mem", "load", "io" };
	static const enum limit_kind kinds[] = { LIMIT_MEM, LIMIT_LOAD,
		LIMIT_IO };
	char word[8], arg[64], rest[2];
	size_t bytes;
	long n;
	int k = sscanf(spec, " %7s %63s %1s", word, arg, rest);

	for (size_t i = 0; i < 3; i++) {
		if (k < 1 || strcmp(word, names[i]) != 0)
			continue;
		l->kind = kinds[i];
		if (k != 2) {
			*why = "needs one figure after the word (mem 1G, load "
			       "4, io 50)";
			return -1;
		}
		if (l->kind == LIMIT_MEM) {
			if (parse_size(arg, &bytes, why) != 0)
				return -1;
			l->n = (double)bytes;
		} else {
			if (parse_long(arg, 0, 1000000, &n, why) != 0)
				return -1;
			l->n = (double)n;
		}
		return 1;
	}
	return 0;
}

/* The limit SPEC says; NULL with *why when a built-in's figure is bad. */
struct limit *
limit_new(const char *spec, const char **why)
{
	struct limit *l = xcalloc(1, sizeof(*l));
	int r = builtin(l, spec, why);

	if (r < 0) {
		free(l);
		return NULL;
	}
	l->text = xstrdup(spec);
	l->null = -1;
	if (r == 0) {
		l->kind = LIMIT_COMMAND;
		l->script = xasprintf("SSHLOGIN=:; export SSHLOGIN\n%s", spec);
		if ((l->null = open("/dev/null", O_RDONLY | O_CLOEXEC)) < 0)
			l->null = STDIN_FILENO;
	}
	return l;
}

void
limit_free(struct limit *l)
{
	if (l == NULL)
		return;
	if (l->null > STDIN_FILENO)
		close(l->null);
	free(l->script);
	free(l->text);
	buf_free(&l->b);
	free(l);
}

const char *
limit_text(const struct limit *l)
{
	return l->text;
}

/* Below, over or way over the limit, now_ms being the loop's clock. */
enum limit_verdict
limit_check(struct limit *l, uint64_t now_ms)
{
	switch (l->kind) {
	case LIMIT_MEM:
		return check_mem(l);
	case LIMIT_LOAD:
		return check_load(l);
	case LIMIT_IO:
		return check_io(l, now_ms);
	default:
		return check_command(l);
	}
}
