/*
 * policy.h -- when a run stops early, and how long a job may take.
 *
 * Owns the arithmetic of the failure policy, apart from processes: whether
 * a --halt condition holds given the counts so far and the exit status it
 * decides, whether a failed try runs again (--retries), and the median runtime
 * of the successful jobs that a --timeout P% is taken of.  The median comes
 * from a histogram with 2% wide buckets, so its memory is fixed however
 * many jobs run, and it is within 2% of the true median.  Unit-tested in
 * tests/unit/test_policy.c.
 */
#ifndef XPOOL_POLICY_H
#define XPOOL_POLICY_H

#include "parse.h"

#define RUNTIME_BUCKETS 1200

struct runtimes {
	unsigned long n;
	unsigned long bucket[RUNTIME_BUCKETS];
};

void runtimes_add(struct runtimes *, double);
double runtimes_median(const struct runtimes *);

int halt_reached(
    const struct halt *, unsigned long, unsigned long, unsigned long);
int halt_due(
    const struct halt *, int, unsigned long, unsigned long, unsigned long);
int halt_status(const struct halt *, int, unsigned long, unsigned long);
int retry_due(int, long, long, int, int);

#endif
