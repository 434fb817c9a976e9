/*
 * test_policy.c -- --halt conditions and the runtime median (src/policy.h).
 */
#include <string.h>

#include "policy.h"
#include "unit.h"

static struct runtimes rt;

static void
test_median(void)
{
	memset(&rt, 0, sizeof(rt));
	CHECK(runtimes_median(&rt) == 0);
	runtimes_add(&rt, 1.0);
	CHECK(runtimes_median(&rt) > 0.98 && runtimes_median(&rt) < 1.02);
	runtimes_add(&rt, 10.0);
	runtimes_add(&rt, 0.5);
	/* 0.5, 1, 10: the median is 1. */
	CHECK(runtimes_median(&rt) > 0.98 && runtimes_median(&rt) < 1.02);
	for (int i = 0; i < 1000; i++)
		runtimes_add(&rt, 3.0);
	CHECK(runtimes_median(&rt) > 2.94 && runtimes_median(&rt) < 3.06);
	memset(&rt, 0, sizeof(rt));
	runtimes_add(&rt, 0);
	runtimes_add(&rt, 1e-9);
	runtimes_add(&rt, 1e12);
	CHECK(runtimes_median(&rt) > 0 && runtimes_median(&rt) < 0.001);
	CHECK_INT((long)rt.n, 3);
}

static void
test_halt(void)
{
	struct halt never = { HALT_NEVER, HALT_FAIL, 1, 0 };
	struct halt fail1 = { HALT_NOW, HALT_FAIL, 1, 0 };
	struct halt succ2 = { HALT_SOON, HALT_SUCCESS, 2, 0 };
	struct halt done3 = { HALT_SOON, HALT_DONE, 3, 0 };
	struct halt pct = { HALT_SOON, HALT_FAIL, 50, 1 };

	CHECK(!halt_reached(&never, 100, 0, 0));
	CHECK(!halt_reached(&fail1, 0, 5, 0));
	CHECK(halt_reached(&fail1, 1, 0, 0));
	CHECK(!halt_reached(&succ2, 5, 1, 0));
	CHECK(halt_reached(&succ2, 0, 2, 0));
	CHECK(!halt_reached(&done3, 1, 1, 0));
	CHECK(halt_reached(&done3, 2, 1, 0));
	/* Of a known total. */
	CHECK(!halt_reached(&pct, 4, 0, 10));
	CHECK(halt_reached(&pct, 5, 0, 10));
	/* Of the jobs finished so far, once 3 have. */
	CHECK(!halt_reached(&pct, 2, 0, 0));
	CHECK(halt_reached(&pct, 2, 1, 0));
	CHECK(!halt_reached(&pct, 1, 2, 0));
}

/* A failure can only meet fail=, a success success=, either done=. */
static void
test_halt_due(void)
{
	struct halt never = { HALT_NEVER, HALT_FAIL, 1, 0 };
	struct halt fail1 = { HALT_NOW, HALT_FAIL, 1, 0 };
	struct halt succ1 = { HALT_SOON, HALT_SUCCESS, 1, 0 };
	struct halt done2 = { HALT_SOON, HALT_DONE, 2, 0 };

	CHECK(!halt_due(&never, 1, 9, 0, 0));
	CHECK(halt_due(&fail1, 2, 1, 0, 0));
	/* A success after a failure did not halt is not a failure. */
	CHECK(!halt_due(&fail1, 0, 1, 1, 0));
	CHECK(halt_due(&succ1, 0, 0, 1, 0));
	CHECK(!halt_due(&succ1, 1, 1, 1, 0));
	CHECK(!halt_due(&done2, 0, 0, 1, 0));
	CHECK(halt_due(&done2, 1, 1, 1, 0));
	CHECK(halt_due(&done2, 0, 1, 1, 0));
}

/* The exit status --halt decides: GNU parallel's. */
static void
test_halt_status(void)
{
	struct halt fail1 = { HALT_NOW, HALT_FAIL, 1, 0 };
	struct halt fail2 = { HALT_NOW, HALT_FAIL, 2, 0 };
	struct halt pct = { HALT_SOON, HALT_FAIL, 30, 1 };
	struct halt succ = { HALT_SOON, HALT_SUCCESS, 1, 0 };
	struct halt done = { HALT_SOON, HALT_DONE, 1, 0 };

	/* fail=1: the failed job's own status; a killed one's 128+N. */
	CHECK_INT(halt_status(&fail1, 3, 1, 10), 3);
	CHECK_INT(halt_status(&fail1, 143, 1, 10), 143);
	CHECK_INT(halt_status(&fail1, 0, 1, 10), 1);
	/* fail=N: the usual count of failed jobs. */
	CHECK_INT(halt_status(&fail2, 3, 2, 10), -1);
	/* fail=P%: the percentage failed, rounded up. */
	CHECK_INT(halt_status(&pct, 1, 1, 3), 34);
	CHECK_INT(halt_status(&pct, 1, 3, 10), 30);
	CHECK_INT(halt_status(&pct, 1, 2, 2), 100);
	CHECK_INT(halt_status(&succ, 0, 4, 10), 0);
	CHECK_INT(halt_status(&done, 0, 4, 10), -1);
}

static void
test_retry_due(void)
{
	/* status, tries so far, tries in all, stopping, ended by --halt */
	CHECK(retry_due(1, 1, 3, 0, 0));
	CHECK(retry_due(1, 2, 3, 0, 0));
	CHECK(!retry_due(1, 3, 3, 0, 0));
	CHECK(!retry_due(0, 1, 3, 0, 0));
	CHECK(!retry_due(1, 1, 1, 0, 0));
	CHECK(!retry_due(1, 1, 0, 0, 0));
	CHECK(!retry_due(1, 1, 3, 1, 0));
	CHECK(!retry_due(143, 1, 3, 0, 1));
}

int
main(void)
{
	test_median();
	test_halt();
	test_halt_due();
	test_halt_status();
	test_retry_due();
	return unit_done("test_policy");
}
