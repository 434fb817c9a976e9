/*
 * policy.c -- --halt conditions and the median runtime for --timeout P%.
 */
#include "policy.h"

#define LOWEST 1e-4 /* seconds: bucket 0 holds everything shorter */
#define STEP 1.02 /* each bucket is 2% wider than the one before */
#define SQRT_STEP 1.0099504938362078 /* the middle of a bucket, in ratio */

/* edge[k] = LOWEST * STEP^k: bucket k + 1 starts there. */
static double edge[RUNTIME_BUCKETS];

static void
edges_init(void)
{
	double e = LOWEST;

	if (edge[0] != 0)
		return;
	for (int k = 0; k < RUNTIME_BUCKETS; k++, e *= STEP)
		edge[k] = e;
}

static int
bucket_of(double secs)
{
	int lo = 0, hi = RUNTIME_BUCKETS - 1;

	if (!(secs > LOWEST))
		return 0;
	edges_init();
	/* The last edge at or below secs. */
	while (lo < hi) {
		int mid = lo + (hi - lo + 1) / 2;

		if (edge[mid] <= secs)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo >= RUNTIME_BUCKETS - 1 ? RUNTIME_BUCKETS - 1 : lo + 1;
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
	edges_init();
	for (int i = 0; i < RUNTIME_BUCKETS; i++) {
		seen += r->bucket[i];
		if (seen >= half)
			return i == 0 ? LOWEST : edge[i] / SQRT_STEP;
	}
	return edge[RUNTIME_BUCKETS - 1] * STEP;
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

/*
 * Whether --halt stops the run after a job that ended with status: a
 * failure can only meet fail=, a success success=, either done=.  The
 * counts include this job.
 */
int
halt_due(const struct halt *h, int status, unsigned long failed,
    unsigned long succeeded, unsigned long total)
{
	if (h->when == HALT_NEVER)
		return 0;
	if (h->why != HALT_DONE && (h->why == HALT_FAIL) != (status != 0))
		return 0;
	return halt_reached(h, failed, succeeded, total);
}

/*
 * The exit status --halt decides, as GNU parallel's: after fail=1 the
 * failed job's own status, after fail=P% the percentage of jobs that failed
 * (rounded up, of total: the jobs in all, or finished so far when that is
 * not known), after success 0; otherwise -1, the usual count of failed jobs.
 */
int
halt_status(
    const struct halt *h, int status, unsigned long failed, unsigned long total)
{
	if (h->why == HALT_SUCCESS)
		return 0;
	if (h->why == HALT_FAIL && h->percent)
		return (int)((failed * 100 + total - 1) / (total ? total : 1));
	if (h->why == HALT_FAIL && h->count == 1)
		return status > 0 ? status : 1;
	return -1;
}

/*
 * Whether a try that ended with status runs again: it failed, it has
 * tries left of retries (tries in all), the run is not stopping, and it was
 * not ended by --halt.
 */
int
retry_due(int status, long tries, long retries, int stopping, int halted)
{
	return status != 0 && tries < retries && !stopping && !halted;
}
