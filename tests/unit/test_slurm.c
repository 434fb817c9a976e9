/*
 * test_slurm.c -- $SLURM_JOB_CPUS_PER_NODE (src/slurm.h): Slurm's
 * compressed form COUNT[(xNODES)][,...] spread over the nodes in order;
 * what is not that form, or is for another number of nodes, refused.
 */
#include <string.h>

#include "slurm.h"
#include "unit.h"

#define MAXN 8

/* The CPUs spec gives n nodes, as "a,b,c", or "refused: WHY". */
static const char *
cpus(const char *spec, size_t n)
{
	static char out[256];
	long c[MAXN];
	const char *why = NULL;
	size_t len = 0;

	for (size_t i = 0; i < MAXN; i++)
		c[i] = -1;
	if (slurm_cpus(spec, c, n, &why) != 0) {
		snprintf(out, sizeof(out), "refused: %s", why);
		return out;
	}
	out[0] = '\0';
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(out + len, sizeof(out) - len, "%s%ld",
		    i > 0 ? "," : "", c[i]);
	/* Nothing written past the n nodes. */
	for (size_t i = n; i < MAXN; i++)
		if (c[i] != -1)
			return "written past n";
	return out;
}

static void
test_forms(void)
{
	CHECK_STR(cpus("4", 1), "4");
	CHECK_STR(cpus("4(x2),2", 3), "4,4,2");
	CHECK_STR(cpus("72(x2),36", 3), "72,72,36");
	CHECK_STR(cpus("2(x2)", 2), "2,2");
	CHECK_STR(cpus("1,2,3", 3), "1,2,3");
	CHECK_STR(cpus("1,2(x3),1(x1)", 5), "1,2,2,2,1");
	CHECK_STR(cpus("100000", 1), "100000");
}

static void
test_refused(void)
{
	static const char *bad[] = { "", "0", "x", "4(x2", "4(2)", "4(x)",
		"4(x0)", "4()", "4,", ",4", "4,,2", " 4", "4 ", "-4", "+4",
		"4(x2)x", "100001", "4(x99999999999999999999)", "4;2", "4(X2)",
		"4(x2),", "4(x-1)", "4(x 2)", NULL };

	for (size_t i = 0; bad[i] != NULL; i++)
		CHECK(strncmp(cpus(bad[i], 1), "refused: it is not", 18) == 0);
	/* Well formed, for another number of nodes. */
	CHECK_STR(cpus("4(x2),2", 2),
	    "refused: it gives CPUs for more nodes than the node list has");
	CHECK_STR(cpus("4(x2),2", 4),
	    "refused: it gives CPUs for fewer nodes than the node list has");
	CHECK_STR(cpus("4(x99999)", 3),
	    "refused: it gives CPUs for more nodes than the node list has");
	/* The form is checked to its end before the count. */
	CHECK(strncmp(cpus("4(x5),y", 2), "refused: it is not", 18) == 0);
}

int
main(void)
{
	test_forms();
	test_refused();
	return unit_done("slurm");
}
