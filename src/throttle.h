/*
 * throttle.h -- when the next process may start: --delay, --load, --memfree,
 * --memsuspend, --noswap; and how many jobs may run on under --memsuspend.
 *
 * Owns the clock of the last start and a short-lived sample of the
 * machine's load, and reads the system's figures: /proc/stat for the
 * processes running, /proc/meminfo and the cgroup v2 memory.max and
 * memory.current of this process for the memory available.  Knows nothing
 * of jobs: the caller asks throttle_wait() before it starts a process and
 * says so with throttle_started() after.  The parsers are pure and
 * unit-tested in tests/unit/test_throttle.c.
 */
#ifndef XPOOL_THROTTLE_H
#define XPOOL_THROTTLE_H

#include <stdint.h>

/* Each 0 when not asked for. */
struct throttle_conf {
	double delay; /* --delay: seconds between process starts */
	double load; /* --load: start while fewer processes than this run */
	uint64_t memfree; /* --memfree: bytes that must be free to start */
	uint64_t memsuspend; /* --memsuspend: so many more, and jobs stop */
	int noswap; /* --noswap: start while the machine is not swapping */
};

/*
 * --noswap: the machine's swapping, as GNU parallel samples it: pages
 * swapped in and out over a second, every 10 seconds.
 */
struct throttle_swap {
	int known; /* a sample has ended: swapping is set */
	int swapping; /* it saw pages swapped both in and out */
	int sampling; /* a sample began at t0 with in0 and out0 */
	uint64_t t0, in0, out0;
};

/* Reads the pages swapped in and out since boot: 0, or -1. */
typedef int throttle_swap_read(uint64_t *, uint64_t *);

struct throttle;

struct throttle *throttle_new(const struct throttle_conf *);
void throttle_free(struct throttle *);
uint64_t throttle_wait(struct throttle *, uint64_t);
void throttle_started(struct throttle *, uint64_t);
int throttle_memory_low(struct throttle *);
long throttle_memsuspend(struct throttle *, long);
long throttle_mem_runnable(uint64_t, uint64_t, long);
uint64_t throttle_swap_wait(
    struct throttle_swap *, uint64_t, throttle_swap_read *);

uint64_t throttle_mem_available(void);
uint64_t throttle_mem_total(void);
void throttle_cgroup_walk(void (*)(const char *, void *), void *);

int throttle_parse_stat(const char *, long *);
int throttle_parse_meminfo(const char *, const char *, uint64_t *);
int throttle_parse_vmstat(const char *, uint64_t *, uint64_t *);

#endif
