/*
 * throttle.c -- --delay, --load, --memfree, --memsuspend and --noswap: when
 * the next process may start.
 *
 * The load is what GNU parallel counts with ps: processes running or in
 * uninterruptible sleep (R and D), here procs_running + procs_blocked of
 * /proc/stat, less xpool itself, which runs while it reads.  A sample
 * stands for SAMPLE_MS, and the starts made since count on top of it, so
 * that a burst of starts cannot overshoot before the new processes show.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "throttle.h"
#include "xmalloc.h"

#define RECHECK_MS 250 /* ask again this soon when load or memory is high */
#define SAMPLE_MS 10 /* a /proc/stat sample stands this long */
#define NONE UINT64_MAX /* a memory figure that is not known */
#define SWAP_SAMPLE_MS 1000 /* --noswap: a sample of swapping lasts this */
#define SWAP_EVERY_MS 10000 /* ... and one begins this long after the last */

struct throttle {
	struct throttle_conf conf;
	uint64_t delay_ms;
	int started; /* a process has started: last is set */
	uint64_t last; /* when it did */
	int sampled; /* sample_ms and running are set */
	uint64_t sample_ms;
	long running; /* processes running at the sample, not xpool */
	long since; /* processes started since the sample */
	struct buf stat; /* the text of /proc/stat, kept for the next read */
	struct throttle_swap swap; /* --noswap */
};

/* ---- reading the system's figures -------------------------------------- */

/* Read the whole of path into b; 0, or -1 when it cannot be read. */
static int
read_text(const char *path, struct buf *b)
{
	ssize_t n;
	int fd, failed = 0;

	buf_reset(b);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	for (;;) {
		buf_reserve(b, 4096);
		n = read(fd, b->data + b->len, b->cap - b->len - 1);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			failed = n < 0;
			break;
		}
		b->len += (size_t)n;
	}
	b->data[b->len] = '\0';
	close(fd);
	return failed ? -1 : 0;
}

/*
 * The decimal number at p, which must start with a digit, into *v; where
 * it ends, or NULL when there is none or it is too large.
 */
static const char *
number(const char *p, uint64_t *v)
{
	unsigned long long n;
	char *end;

	if (*p < '0' || *p > '9')
		return NULL;
	errno = 0;
	n = strtoull(p, &end, 10);
	if (errno == ERANGE || (unsigned long long)(uint64_t)n != n)
		return NULL;
	*v = (uint64_t)n;
	return end;
}

/* Past spaces and tabs, then at the end of a line (or of the text)? */
static int
line_ends(const char *p)
{
	p += strspn(p, " \t");
	return *p == '\n' || *p == '\0';
}

/*
 * Where the value of the line of text that starts with key (klen bytes)
 * and then sep begins, past any blanks; NULL when no line does.
 */
static const char *
field(const char *text, const char *key, size_t klen, char sep)
{
	for (const char *p = text; p != NULL;) {
		if (strncmp(p, key, klen) == 0 && p[klen] == sep)
			return p + klen + 1 + strspn(p + klen + 1, " \t");
		if ((p = strchr(p, '\n')) != NULL)
			p++;
	}
	return NULL;
}

/*
 * Parse /proc/stat: the processes running or blocked on I/O right now,
 * procs_running + procs_blocked, into *running.
 */
int
throttle_parse_stat(const char *text, long *running)
{
	static const char *const keys[] = { "procs_running", "procs_blocked" };
	uint64_t sum = 0, v;
	const char *p;

	for (int i = 0; i < 2; i++) {
		if ((p = field(text, keys[i], strlen(keys[i]), ' ')) == NULL ||
		    (p = number(p, &v)) == NULL || !line_ends(p) ||
		    v > LONG_MAX - sum)
			return -1;
		sum += v;
	}
	*running = (long)sum;
	return 0;
}

/*
 * Parse a /proc/meminfo field, key with or without its colon, such as
 * "MemAvailable:   123 kB", into bytes (123 * 1024).  A value without a
 * unit is taken as it is.
 */
int
throttle_parse_meminfo(const char *text, const char *key, uint64_t *bytes)
{
	size_t klen = strlen(key);
	const char *p;
	uint64_t v;

	if (klen > 0 && key[klen - 1] == ':')
		klen--;
	if (klen == 0 || (p = field(text, key, klen, ':')) == NULL ||
	    (p = number(p, &v)) == NULL)
		return -1;
	p += strspn(p, " \t");
	if (strncmp(p, "kB", 2) == 0) {
		if (v > UINT64_MAX / 1024)
			return -1;
		v *= 1024;
		p += 2;
	}
	if (!line_ends(p))
		return -1;
	*bytes = v;
	return 0;
}

/*
 * Parse /proc/vmstat: the pages swapped in and out since boot, pswpin and
 * pswpout, into *in and *out.
 */
int
throttle_parse_vmstat(const char *text, uint64_t *in, uint64_t *out)
{
	const char *p, *q;

	if ((p = field(text, "pswpin", 6, ' ')) == NULL ||
	    (p = number(p, in)) == NULL || !line_ends(p) ||
	    (q = field(text, "pswpout", 7, ' ')) == NULL ||
	    (q = number(q, out)) == NULL || !line_ends(q))
		return -1;
	return 0;
}

/* The pages swapped in and out since boot, from /proc/vmstat: 0, or -1. */
static int
vmstat_swap(uint64_t *in, uint64_t *out)
{
	struct buf b = BUF_INIT;
	int r = read_text("/proc/vmstat", &b) != 0 ||
	        throttle_parse_vmstat(b.data, in, out) != 0
	    ? -1
	    : 0;

	buf_free(&b);
	return r;
}

/* A file that holds one number (memory.max, memory.current); -1 if not. */
static int
read_number(const char *path, uint64_t *v)
{
	struct buf b = BUF_INIT;
	const char *end;
	int r = -1;

	if (read_text(path, &b) == 0 && (end = number(b.data, v)) != NULL &&
	    line_ends(end))
		r = 0;
	buf_free(&b);
	return r;
}

/*
 * Call fn with the cgroup v2 directory of this process and then with each
 * of its ancestors, up to /sys/fs/cgroup itself.  Nothing when the process
 * is in no cgroup v2.
 */
void
throttle_cgroup_walk(void (*fn)(const char *, void *), void *arg)
{
	struct buf text = BUF_INIT, dir = BUF_INIT;
	char *path, *slash;

	if (read_text("/proc/self/cgroup", &text) != 0)
		goto out;
	if (strncmp(text.data, "0::", 3) == 0)
		path = text.data + 3;
	else if ((path = strstr(text.data, "\n0::")) != NULL)
		path += 4;
	else
		goto out;
	path[strcspn(path, "\n")] = '\0';
	if (path[0] != '/')
		goto out;
	for (;;) {
		int top = strcmp(path, "/") == 0;

		buf_reset(&dir);
		buf_printf(&dir, "/sys/fs/cgroup%s", top ? "" : path);
		fn(dir.data, arg);
		if (top)
			break;
		slash = strrchr(path, '/');
		if (slash == path)
			path[1] = '\0';
		else
			*slash = '\0';
	}
out:
	buf_free(&text);
	buf_free(&dir);
}

struct memlimits {
	uint64_t limit; /* the smallest memory.max */
	uint64_t room; /* the least room left under one */
};

static void
memory_level(const char *dir, void *arg)
{
	struct memlimits *m = arg;
	struct buf file = BUF_INIT;
	uint64_t max, cur;

	buf_printf(&file, "%s/memory.max", dir);
	if (read_number(file.data, &max) == 0) {
		if (max < m->limit)
			m->limit = max;
		buf_reset(&file);
		buf_printf(&file, "%s/memory.current", dir);
		if (read_number(file.data, &cur) == 0) {
			cur = cur < max ? max - cur : 0;
			if (cur < m->room)
				m->room = cur;
		}
	}
	buf_free(&file);
}

/*
 * The cgroup v2 memory limits of this process: the smallest memory.max of
 * its cgroup and the ancestors into *limit, the least room left under one
 * of them into *room; NONE where no level sets a limit.
 */
static void
cgroup_memory(uint64_t *limit, uint64_t *room)
{
	struct memlimits m = { NONE, NONE };

	throttle_cgroup_walk(memory_level, &m);
	*limit = m.limit;
	*room = m.room;
}

/* A /proc/meminfo field in bytes, or NONE. */
static uint64_t
meminfo(const char *key)
{
	struct buf b = BUF_INIT;
	uint64_t v;

	if (read_text("/proc/meminfo", &b) != 0 ||
	    throttle_parse_meminfo(b.data, key, &v) != 0)
		v = NONE;
	buf_free(&b);
	return v;
}

/* The memory this process may take now in bytes (maybe 0), or NONE. */
static uint64_t
available(void)
{
	uint64_t avail = meminfo("MemAvailable"), limit, room;

	cgroup_memory(&limit, &room);
	return room < avail ? room : avail;
}

/*
 * Bytes of memory available to this process now: MemAvailable, or less
 * when a cgroup limit leaves less room.  0 when that is not known (or
 * when nothing is left).
 */
uint64_t
throttle_mem_available(void)
{
	uint64_t avail = available();

	return avail == NONE ? 0 : avail;
}

/*
 * The memory this process may use in all: MemTotal, or a smaller cgroup
 * memory.max.  0 when not known.
 */
uint64_t
throttle_mem_total(void)
{
	uint64_t total = meminfo("MemTotal"), limit, room;

	cgroup_memory(&limit, &room);
	if (limit < total)
		total = limit;
	return total == NONE ? 0 : total;
}

/* ---- the throttle ------------------------------------------------------ */

struct throttle *
throttle_new(const struct throttle_conf *conf)
{
	struct throttle *t = xcalloc(1, sizeof(*t));
	double ms = conf->delay * 1000;

	t->conf = *conf;
	/* Whole milliseconds, rounded up, but 0.1 + 0.2 s is still 300. */
	if (ms > 1e15)
		ms = 1e15;
	if (ms > 1e-6) {
		t->delay_ms = (uint64_t)(ms - 1e-6);
		if ((double)t->delay_ms < ms - 1e-6)
			t->delay_ms++;
	} else
		t->delay_ms = 0;
	return t;
}

void
throttle_free(struct throttle *t)
{
	if (t == NULL)
		return;
	buf_free(&t->stat);
	free(t);
}

/*
 * Whether the machine runs at least --load processes, counting those
 * started since the last sample.  When /proc/stat cannot be read, it does
 * not.
 */
static int
load_high(struct throttle *t, uint64_t now)
{
	long n;

	if (!t->sampled || now < t->sample_ms ||
	    now - t->sample_ms >= SAMPLE_MS) {
		if (read_text("/proc/stat", &t->stat) != 0 ||
		    throttle_parse_stat(t->stat.data, &n) != 0) {
			t->sampled = 0;
			return 0;
		}
		t->sampled = 1;
		t->sample_ms = now;
		t->running = n > 0 ? n - 1 : 0;
		t->since = 0;
	}
	return (double)t->running + (double)t->since >= t->conf.load;
}

/*
 * --noswap at now_ms, as GNU parallel has it: 0 when the machine is not
 * swapping, else how many ms to wait.  Swapping is pages swapped both in
 * and out during a sample of SWAP_SAMPLE_MS; one begins when a start asks,
 * SWAP_EVERY_MS after the last began, and until the first ends the machine
 * counts as swapping.  When read cannot tell, it is not.
 */
uint64_t
throttle_swap_wait(
    struct throttle_swap *s, uint64_t now_ms, throttle_swap_read *read)
{
	uint64_t in, out;

	if (!s->sampling && (!s->known || now_ms - s->t0 >= SWAP_EVERY_MS)) {
		if (read(&s->in0, &s->out0) != 0) {
			s->known = 1;
			s->swapping = 0;
			s->t0 = now_ms;
			return 0;
		}
		s->sampling = 1;
		s->t0 = now_ms;
	}
	if (s->sampling && now_ms - s->t0 >= SWAP_SAMPLE_MS) {
		s->sampling = 0;
		s->known = 1;
		s->swapping =
		    read(&in, &out) == 0 && in > s->in0 && out > s->out0;
	}
	if (s->known && !s->swapping)
		return 0;
	if (!s->known)
		return s->t0 + SWAP_SAMPLE_MS - now_ms;
	return RECHECK_MS;
}

/*
 * 0 when a process may start at now_ms (a monotonic clock in ms), else how
 * many ms to wait before asking again (at least 1).  --delay comes first,
 * as it needs no reading of the system, then --load, then --memfree and
 * --memsuspend, then --noswap.
 */
uint64_t
throttle_wait(struct throttle *t, uint64_t now_ms)
{
	uint64_t avail;

	if (t->delay_ms > 0 && t->started && now_ms < t->last + t->delay_ms)
		return t->last + t->delay_ms - now_ms;
	if (t->conf.load > 0 && load_high(t, now_ms))
		return RECHECK_MS;
	if (t->conf.memfree > 0 || t->conf.memsuspend > 0) {
		/* GNU parallel's: --memsuspend's SIZE on top of --memfree's. */
		avail = available();
		if (avail != NONE &&
		    avail < t->conf.memfree + t->conf.memsuspend)
			return RECHECK_MS;
	}
	if (t->conf.noswap)
		return throttle_swap_wait(&t->swap, now_ms, vmstat_swap);
	return 0;
}

/* A process started at now_ms: the --delay clock, and one more running. */
void
throttle_started(struct throttle *t, uint64_t now_ms)
{
	t->started = 1;
	t->last = now_ms;
	if (t->since < LONG_MAX)
		t->since++;
}

/*
 * --memsuspend SIZE: how many of n running jobs, the oldest, may run on
 * with avail bytes available, by GNU parallel's rule: under 2 x SIZE,
 * 1 / (2 - avail / SIZE) more than the oldest (so only it under SIZE), at
 * most n; or -1 from 2 x SIZE up, when one stopped job may go on.
 */
long
throttle_mem_runnable(uint64_t avail, uint64_t size, long n)
{
	double run;

	if (avail / 2 >= size)
		return -1;
	run = 1 / (2 - (double)avail / (double)size);
	return run >= (double)(n - 1) ? n : (long)run + 1;
}

/*
 * --memsuspend: throttle_mem_runnable() of the memory available now; -1
 * without --memsuspend, or when the memory available is not known.
 */
long
throttle_memsuspend(struct throttle *t, long n)
{
	uint64_t avail;

	if (t->conf.memsuspend == 0 || (avail = available()) == NONE)
		return -1;
	return throttle_mem_runnable(avail, t->conf.memsuspend, n);
}

/*
 * --memfree: whether the memory available is below half of it, when GNU
 * parallel kills the youngest job to run it again later.  0 without
 * --memfree, or when the memory available is not known.
 */
int
throttle_memory_low(struct throttle *t)
{
	uint64_t avail;

	if (t->conf.memfree == 0)
		return 0;
	avail = available();
	return avail != NONE && avail < t->conf.memfree / 2;
}
