/*
 * policy.c -- --halt conditions and the median runtime for --timeout P%.
 */
#include <math.h>

#include "policy.h"

#define LOWEST 1e-4 /* seconds: bucket 0 holds everything shorter */
#define STEP 1.02 /* each bucket is 2% wider than the one before */

static int
bucket_of(double secs)
{
	double b;

	if (!(secs > LOWEST))
		return 0;
	b = log(secs / LOWEST) / log(STEP);
	return b >= RUNTIME_BUCKETS - 1 ? RUNTIME_BUCKETS - 1 : (int)b + 1;
}

void
runtimes_add(struct runtimes *r, double secs)
{
	r->bucket[bucket_of(secs)]++;
	r->n++;
}

/* The median of what was added (to within 2%), or 0 when nothing was. */
double
runtimes_median(const struct runtimes *r)
{
	unsigned long seen = 0, half = (r->n + 1) / 2;

	if (r->n == 0)
		return 0;
	for (int i = 0; i < RUNTIME_BUCKETS; i++) {
		seen += r->bucket[i];
		if (seen >= half)
			return i == 0 ? LOWEST : LOWEST * pow(STEP, i - 0.5);
	}
	return LOWEST * pow(STEP, RUNTIME_BUCKETS);
}

/*
 * Whether --halt's condition holds after a job ended, given how many jobs
 * failed and succeeded so far and the number of jobs in all (0 when it is
 * not known yet: percentages are then of the jobs finished so far, once
 * at least 3 have).
 */
int
halt_reached(const struct halt *h, unsigned long failed,
    unsigned long succeeded, unsigned long total)
{
	unsigned long n, done = failed + succeeded;

	if (h->when == HALT_NEVER)
		return 0;
	n = h->why == HALT_FAIL      ? failed
	    : h->why == HALT_SUCCESS ? succeeded
	                             : done;
	if (!h->percent)
		return (double)n >= h->count;
	if (total == 0) {
		if (done < 3)
			return 0;
		total = done;
	}
	return (double)n * 100 >= h->count * (double)total;
}
