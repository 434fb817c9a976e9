/*
 * fuzz_slurm.c -- $SLURM_JOB_CPUS_PER_NODE (src/slurm.h).
 *
 * The first byte is the number of nodes (0 to 63), the rest the value.
 * When it is taken, every node has from 1 to SLURM_MAX_CPUS CPUs, the value
 * is made of digits, "(x", ")" and commas only, the same CPUs written out
 * plainly ("4,4,2") and compressed again ("4(x2),2") are taken as the
 * same, and one node more or fewer is refused.  When it is refused, there
 * is a reason.
 */
#include "fuzz.h"
#include "slurm.h"

#define MAXN 64

/* The CPUs of n nodes written as Slurm does, compressed or not. */
static char *
render(const long *cpus, size_t n, int compress)
{
	char *s = malloc(n * 24 + 1);
	size_t len = 0;

	if (s == NULL)
		abort();
	s[0] = '\0';
	for (size_t i = 0; i < n;) {
		size_t run = 1;

		while (compress && i + run < n && cpus[i + run] == cpus[i])
			run++;
		len += (size_t)sprintf(
		    s + len, "%s%ld", i > 0 ? "," : "", cpus[i]);
		if (run > 1)
			len += (size_t)sprintf(s + len, "(x%zu)", run);
		i += run;
	}
	return s;
}

/* spec, taken for n nodes, gives want's CPUs. */
static void
same(const char *spec, const long *want, size_t n)
{
	long got[MAXN];
	const char *why = NULL;

	FUZZ_CHECK(slurm_cpus(spec, got, n, &why) == 0);
	FUZZ_CHECK(memcmp(got, want, n * sizeof(*got)) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	size_t n = fuzz_byte(&in) % MAXN;
	char *spec = fuzz_piece(&in, 0, NULL), *s;
	long cpus[MAXN + 1];
	const char *why = NULL;

	if (spec == NULL)
		return 0;
	if (slurm_cpus(spec, cpus, n, &why) != 0) {
		FUZZ_CHECK(why != NULL && why[0] != '\0');
		free(spec);
		return 0;
	}
	FUZZ_CHECK(n > 0);
	FUZZ_CHECK(strspn(spec, "0123456789(x),") == strlen(spec));
	for (size_t i = 0; i < n; i++)
		FUZZ_CHECK(cpus[i] >= 1 && cpus[i] <= SLURM_MAX_CPUS);
	s = render(cpus, n, 0);
	same(s, cpus, n);
	free(s);
	s = render(cpus, n, 1);
	same(s, cpus, n);
	free(s);
	why = NULL;
	FUZZ_CHECK(slurm_cpus(spec, cpus, n + 1, &why) != 0 && why != NULL);
	why = NULL;
	FUZZ_CHECK(slurm_cpus(spec, cpus, n - 1, &why) != 0 && why != NULL);
	free(spec);
	return 0;
}
