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

int
main(void)
{
	test_median();
	test_halt();
	return unit_done("test_policy");
}
