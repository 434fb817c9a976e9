/*
 * test_throttle.c -- --delay, --load, --memfree, --memsuspend and --noswap
 * (src/throttle.h): the /proc parsers, the --delay arithmetic, the --load
 * estimate between samples, sanity of the memory figures this machine
 * gives, --memsuspend's count of the jobs that run on, and --noswap's
 * samples of the swap counters.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "throttle.h"
#include "unit.h"

#define UNSET 4242

static const char stat_text[] =
    "cpu  2255 34 2290 22625563 6290 127 456 0 0 0\n"
    "cpu0 1132 34 1441 11311718 3675 127 438 0 0 0\n"
    "intr 114930548 113199788 3 0 5 263 0 4 [... lots more]\n"
    "ctxt 1990473\n"
    "btime 1062191376\n"
    "processes 2915\n"
    "procs_running 3\n"
    "procs_blocked 2\n"
    "softirq 183433 0 21755 12 39 1137 231 21459 2263\n";

static void
test_parse_stat(void)
{
	long n = UNSET;

	CHECK(throttle_parse_stat(stat_text, &n) == 0);
	CHECK_INT(n, 5);
	/* First and last lines, no final newline, blanks around. */
	n = UNSET;
	CHECK(throttle_parse_stat(
	          "procs_blocked 0\nprocs_running   12 \t", &n) == 0);
	CHECK_INT(n, 12);
	CHECK(
	    throttle_parse_stat("procs_running 1\nprocs_blocked 0\n", &n) == 0);
	CHECK_INT(n, 1);

	/* Missing or malformed fields leave *running alone. */
	n = UNSET;
	CHECK(throttle_parse_stat("", &n) == -1);
	CHECK(throttle_parse_stat("procs_running 3\n", &n) == -1);
	CHECK(throttle_parse_stat("procs_blocked 3\n", &n) == -1);
	CHECK(throttle_parse_stat("procs_running x\nprocs_blocked 0\n", &n) ==
	    -1);
	CHECK(throttle_parse_stat("procs_running 3x\nprocs_blocked 0\n", &n) ==
	    -1);
	CHECK(throttle_parse_stat("procs_running -3\nprocs_blocked 0\n", &n) ==
	    -1);
	CHECK(
	    throttle_parse_stat("procs_running\nprocs_blocked 0\n", &n) == -1);
	CHECK(throttle_parse_stat("xprocs_running 3\nprocs_blocked 0\n", &n) ==
	    -1);
	CHECK(throttle_parse_stat("procs_runningx 3\nprocs_blocked 0\n", &n) ==
	    -1);
	CHECK(throttle_parse_stat("procs_running 99999999999999999999999\n"
	                          "procs_blocked 0\n",
	          &n) == -1);
	CHECK_INT(n, UNSET);
}

static const char meminfo_text[] = "MemTotal:       24683620 kB\n"
                                   "MemFree:        20000000 kB\n"
                                   "MemAvailable:   24356504 kB\n"
                                   "Buffers:          123456 kB\n"
                                   "HugePages_Total:       7\n"
                                   "Bad:            12 MB\n"
                                   "Junk:           abc kB\n"
                                   "Big:            18014398509481984 kB\n"
                                   "Hugepagesize:       2048 kB";

static void
test_parse_meminfo(void)
{
	uint64_t v = UNSET;

	CHECK(throttle_parse_meminfo(meminfo_text, "MemAvailable", &v) == 0);
	CHECK(v == (uint64_t)24356504 * 1024);
	CHECK(throttle_parse_meminfo(meminfo_text, "MemTotal:", &v) == 0);
	CHECK(v == (uint64_t)24683620 * 1024);
	CHECK(throttle_parse_meminfo(meminfo_text, "Buffers", &v) == 0);
	CHECK(v == (uint64_t)123456 * 1024);
	/* Without a unit, as it is; the last line without a newline. */
	CHECK(throttle_parse_meminfo(meminfo_text, "HugePages_Total", &v) == 0);
	CHECK(v == 7);
	CHECK(throttle_parse_meminfo(meminfo_text, "Hugepagesize", &v) == 0);
	CHECK(v == 2048 * 1024);
	CHECK(throttle_parse_meminfo(
	          "MemAvailable: 0 kB\n", "MemAvailable", &v) == 0 &&
	    v == 0);

	/* Missing or malformed fields leave *bytes alone. */
	v = UNSET;
	CHECK(throttle_parse_meminfo(meminfo_text, "Nope", &v) == -1);
	CHECK(throttle_parse_meminfo(meminfo_text, "Mem", &v) == -1);
	CHECK(throttle_parse_meminfo(meminfo_text, "MemAvail", &v) == -1);
	CHECK(throttle_parse_meminfo(meminfo_text, "Total", &v) == -1);
	CHECK(throttle_parse_meminfo(meminfo_text, "", &v) == -1);
	CHECK(throttle_parse_meminfo(meminfo_text, ":", &v) == -1);
	CHECK(throttle_parse_meminfo(meminfo_text, "Bad", &v) == -1);
	CHECK(throttle_parse_meminfo(meminfo_text, "Junk", &v) == -1);
	CHECK(throttle_parse_meminfo(meminfo_text, "Big", &v) == -1);
	CHECK(throttle_parse_meminfo("", "MemAvailable", &v) == -1);
	CHECK(throttle_parse_meminfo("MemAvailable:\n", "MemAvailable", &v) ==
	    -1);
	CHECK(throttle_parse_meminfo(
	          "MemAvailable: -5 kB\n", "MemAvailable", &v) == -1);
	CHECK(v == UNSET);
}

/* The wait under --delay SECS at now, after one start at start. */
static long
wait_after(double secs, uint64_t start, uint64_t now)
{
	struct throttle_conf conf = { secs, 0, 0, 0, 0 };
	struct throttle *t = throttle_new(&conf);
	long ms;

	throttle_started(t, start);
	ms = (long)throttle_wait(t, now);
	throttle_free(t);
	return ms;
}

static void
test_delay(void)
{
	struct throttle_conf conf = { 0.3, 0, 0, 0, 0 };
	struct throttle *t = throttle_new(&conf);

	/* The first start is at once; the next 300 ms after it. */
	CHECK_INT((long)throttle_wait(t, 1000), 0);
	throttle_started(t, 1000);
	CHECK_INT((long)throttle_wait(t, 1000), 300);
	CHECK_INT((long)throttle_wait(t, 1150), 150);
	CHECK_INT((long)throttle_wait(t, 1299), 1);
	CHECK_INT((long)throttle_wait(t, 1300), 0);
	CHECK_INT((long)throttle_wait(t, 5000), 0);
	throttle_started(t, 5000);
	CHECK_INT((long)throttle_wait(t, 5001), 299);
	throttle_free(t);

	/* Rounded up to whole ms, but no further by a rounding error. */
	CHECK_INT(wait_after(0.1 + 0.2, 0, 0), 300);
	CHECK_INT(wait_after(0.0005, 7, 7), 1);
	CHECK_INT(wait_after(0.0005, 7, 8), 0);
	CHECK_INT(wait_after(1.0015, 0, 0), 1002);

	/* No --delay: never a wait. */
	CHECK_INT(wait_after(0, 10, 10), 0);
	throttle_free(NULL);
}

static void
test_load(void)
{
	struct throttle_conf conf = { 0, 1e6, 0, 0, 0 };
	struct throttle *t = throttle_new(&conf);

	/* No machine runs a million processes... */
	CHECK_INT((long)throttle_wait(t, 100), 0);
	/* ...but the starts since the sample count until it is 10 ms old. */
	for (long i = 0; i < 1000000; i++)
		throttle_started(t, 100);
	CHECK_INT((long)throttle_wait(t, 100), 250);
	CHECK_INT((long)throttle_wait(t, 109), 250);
	CHECK_INT((long)throttle_wait(t, 110), 0);
	throttle_free(t);

	/* --delay is asked first. */
	conf.delay = 2;
	t = throttle_new(&conf);
	for (long i = 0; i < 1000000; i++)
		throttle_started(t, 0);
	CHECK_INT((long)throttle_wait(t, 0), 2000);
	throttle_free(t);
}

static void
test_memory(void)
{
	struct throttle_conf conf = { 0, 0, 0, 0, 0 };
	uint64_t avail = throttle_mem_available();
	uint64_t total = throttle_mem_total();
	struct throttle *t;

	CHECK(total > 0);
	if (!unit_check(avail > 0 && avail <= total, __FILE__, __LINE__,
	        "0 < available <= total"))
		fprintf(stderr, "    available %llu, total %llu\n",
		    (unsigned long long)avail, (unsigned long long)total);

	/* Without --memfree, never. */
	t = throttle_new(&conf);
	CHECK(throttle_memory_low(t) == 0);
	CHECK_INT((long)throttle_wait(t, 0), 0);
	throttle_free(t);

	/* A byte is always there. */
	conf.memfree = 1;
	t = throttle_new(&conf);
	CHECK(throttle_memory_low(t) == 0);
	CHECK_INT((long)throttle_wait(t, 0), 0);
	throttle_free(t);

	/* All that can be counted never is. */
	conf.memfree = UINT64_MAX;
	conf.delay = 0.5;
	t = throttle_new(&conf);
	CHECK(throttle_memory_low(t) == 1);
	CHECK_INT((long)throttle_wait(t, 0), 250);
	/* --delay is asked first. */
	throttle_started(t, 0);
	CHECK_INT((long)throttle_wait(t, 0), 500);
	CHECK_INT((long)throttle_wait(t, 500), 250);
	throttle_free(t);

	/* Half as much again as there is: too little to start, not low. */
	if (avail > 0 && avail < UINT64_MAX / 4) {
		conf.memfree = avail * 3 / 2;
		conf.delay = 0;
		t = throttle_new(&conf);
		CHECK(throttle_memory_low(t) == 0);
		CHECK_INT((long)throttle_wait(t, 0), 250);
		throttle_free(t);
	}
}

/*
 * --memsuspend: GNU parallel's count of the oldest jobs that run on, run
 * = 1 / (2 - avail / SIZE) more than the oldest, at most all of them; -1
 * from 2 x SIZE up.
 */
static void
test_memsuspend(void)
{
	const uint64_t g = 1 << 30;

	/* From 2 x SIZE up: one stopped job goes on. */
	CHECK(throttle_mem_runnable(2 * g, g, 5) == -1);
	CHECK(throttle_mem_runnable(10 * g, g, 5) == -1);
	CHECK(throttle_mem_runnable(2 * g, g, 0) == -1);
	/* Under SIZE: only the oldest. */
	CHECK(throttle_mem_runnable(0, g, 5) == 1);
	CHECK(throttle_mem_runnable(g / 2, g, 5) == 1);
	CHECK(throttle_mem_runnable(g - 1, g, 5) == 1);
	/* From SIZE: 1 / (2 - 1) = 1 more; 1.5 x SIZE: 1 / 0.5 = 2 more. */
	CHECK(throttle_mem_runnable(g, g, 5) == 2);
	CHECK(throttle_mem_runnable(g + g / 2, g, 5) == 3);
	/* 1.75 x SIZE: 4 more, 5 in all; but never more than there are. */
	CHECK(throttle_mem_runnable(g + 3 * g / 4, g, 9) == 5);
	CHECK(throttle_mem_runnable(g + 3 * g / 4, g, 3) == 3);
	CHECK(throttle_mem_runnable(2 * g - 1, g, 1000) == 1000);
	CHECK(throttle_mem_runnable(g / 2, g, 1) == 1);
}

static const char vmstat_text[] = "nr_free_pages 5916421\n"
                                  "pgpgout 123456\n"
                                  "pswpin 17\n"
                                  "pswpout 4242\n"
                                  "pgalloc_dma 0\n";

static void
test_parse_vmstat(void)
{
	uint64_t in = UNSET, out = UNSET;

	CHECK(throttle_parse_vmstat(vmstat_text, &in, &out) == 0);
	CHECK(in == 17 && out == 4242);
	/* pswpin must not be taken for a prefix of another name. */
	CHECK(throttle_parse_vmstat(
	          "pswpin_x 1\npswpin 2\npswpout 3\n", &in, &out) == 0);
	CHECK(in == 2 && out == 3);
	CHECK(throttle_parse_vmstat("pswpin 1\n", &in, &out) == -1);
	CHECK(throttle_parse_vmstat("pswpout 1\n", &in, &out) == -1);
	CHECK(throttle_parse_vmstat("pswpin x\npswpout 1\n", &in, &out) == -1);
	CHECK(throttle_parse_vmstat("", &in, &out) == -1);
}

/* A machine's swap counters, as the fake reader gives them. */
static uint64_t swap_in, swap_out;
static int swap_reads, swap_fails;

static int
fake_swap(uint64_t *in, uint64_t *out)
{
	swap_reads++;
	if (swap_fails)
		return -1;
	*in = swap_in;
	*out = swap_out;
	return 0;
}

/*
 * --noswap: the first start waits for a sample of a second; pages swapped
 * both in and out during one hold starts back until a sample sees none; a
 * sample begins 10 s after the last.
 */
static void
test_swap(void)
{
	struct throttle_swap s = { 0 };

	swap_in = 100;
	swap_out = 200;
	/* Unknown until the first sample ends: wait for it. */
	CHECK(throttle_swap_wait(&s, 5000, fake_swap) == 1000);
	CHECK(throttle_swap_wait(&s, 5400, fake_swap) == 600);
	CHECK(swap_reads == 1);
	/* Only in (or only out) is not swapping. */
	swap_in = 150;
	CHECK(throttle_swap_wait(&s, 6000, fake_swap) == 0);
	CHECK(swap_reads == 2);
	/* Within 10 s of the last sample's start: no reading. */
	swap_out = 300;
	CHECK(throttle_swap_wait(&s, 14999, fake_swap) == 0);
	CHECK(swap_reads == 2);
	/* A new sample: meanwhile the last verdict holds. */
	CHECK(throttle_swap_wait(&s, 15000, fake_swap) == 0);
	CHECK(swap_reads == 3);
	swap_in = 151;
	swap_out = 301;
	/* Both in and out: swapping; starts wait, asking again later. */
	CHECK(throttle_swap_wait(&s, 16000, fake_swap) > 0);
	CHECK(throttle_swap_wait(&s, 20000, fake_swap) > 0);
	CHECK(swap_reads == 4);
	/* The next sample sees no swapping: starts go on once it ends. */
	CHECK(throttle_swap_wait(&s, 25000, fake_swap) > 0);
	CHECK(throttle_swap_wait(&s, 26000, fake_swap) == 0);
	CHECK(swap_reads == 6);
	/* Counters that cannot be read: not swapping, at once. */
	memset(&s, 0, sizeof(s));
	swap_fails = 1;
	CHECK(throttle_swap_wait(&s, 1000, fake_swap) == 0);
}

int
main(void)
{
	test_parse_stat();
	test_parse_meminfo();
	test_delay();
	test_load();
	test_memory();
	test_memsuspend();
	test_parse_vmstat();
	test_swap();
	return unit_done("test_throttle");
}
