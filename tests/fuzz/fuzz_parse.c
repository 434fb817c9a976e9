/*
 * fuzz_parse.c -- the option-value parsers (src/parse.h).
 *
 * The first byte picks the CPU count and the range given to parse_long and
 * parse_jobs; the rest, up to a NUL, is the text typed, and every parser
 * reads it.  What a parser accepts must be in its range, finite and
 * consistent (a duration is never negative, a --halt percentage is at
 * most 100, a --termseq has 1 to TERMSEQ_MAX valid signals); what it
 * refuses must come with a reason.
 */
#include <limits.h>
#include <math.h>
#include <signal.h>

#include "fuzz.h"
#include "parse.h"

static const long ranges[][2] = { { 0, INT_MAX }, { 1, INT_MAX }, { 1, 255 },
	{ 0, 86400000 }, { LONG_MIN, LONG_MAX }, { -5, 5 } };

/* A refusal must say why, in words. */
static void
refused(const char *why)
{
	FUZZ_CHECK(why != NULL && why[0] != '\0');
}

static void
check_long(const char *s, unsigned sel)
{
	const long *r = ranges[sel % (sizeof(ranges) / sizeof(ranges[0]))];
	const char *why = NULL;
	size_t i = 0;
	long v = 0;

	if (parse_long(s, r[0], r[1], &v, &why) != 0) {
		refused(why);
		return;
	}
	FUZZ_CHECK(v >= r[0] && v <= r[1]);
	/* A whole decimal number: an optional sign, then digits only. */
	if (s[0] == '+' || s[0] == '-')
		i++;
	FUZZ_CHECK(s[i] != '\0');
	for (; s[i] != '\0'; i++)
		FUZZ_CHECK(s[i] >= '0' && s[i] <= '9');
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	unsigned sel = fuzz_byte(&in);
	long ncpu = 1 + (long)(sel % 64), max = 1 + (long)(sel >> 2), v;
	char *s = fuzz_piece(&in, '\0', NULL);
	const char *why;
	struct termseq ts;
	struct halt h;
	double d, secs, pct;
	size_t sz;
	char c;
	int k;

	if (s == NULL)
		s = calloc(1, 1);
	check_long(s, sel);

	why = NULL;
	if (parse_jobs(s, ncpu, max, &v, &why) == 0)
		FUZZ_CHECK(v >= 1 && v <= max);
	else
		refused(why);

	why = NULL;
	if (parse_delim(s, &c, &why) == 0) {
		if (s[0] != '\\')
			FUZZ_CHECK(c == s[0] && s[1] == '\0');
	} else
		refused(why);

	why = NULL;
	if (parse_trim(s, &k, &why) == 0)
		FUZZ_CHECK((k & ~(TRIM_LEFT | TRIM_RIGHT)) == 0);
	else
		refused(why);

	why = NULL;
	if (parse_size(s, &sz, &why) == 0) {
		char *end;
		unsigned long long n = strtoull(s, &end, 10);

		FUZZ_CHECK(s[0] >= '0' && s[0] <= '9');
		FUZZ_CHECK(end[0] == '\0' || end[1] == '\0');
		if (end[0] == '\0' || end[0] == 'b')
			FUZZ_CHECK(sz == n);
		else
			FUZZ_CHECK(n == 0 || sz >= n);
	} else
		refused(why);

	why = NULL;
	if (parse_duration(s, &d, &why) == 0)
		FUZZ_CHECK(isfinite(d) && d >= 0 && d <= 1e9);
	else
		refused(why);

	why = NULL;
	if (parse_timeout(s, &secs, &pct, &why) == 0)
		FUZZ_CHECK(isfinite(secs) && isfinite(pct) &&
		    ((secs > 0 && pct == 0) || (pct > 0 && secs == 0)));
	else
		refused(why);

	if (parse_signal(s, &k) == 0)
		FUZZ_CHECK(k >= 1 && k < NSIG);

	why = NULL;
	if (parse_load(s, ncpu, &d, &why) == 0)
		FUZZ_CHECK(isfinite(d) && d > 0 && d <= 1e6);
	else
		refused(why);

	why = NULL;
	memset(&ts, 0, sizeof(ts));
	if (parse_termseq(s, &ts, &why) == 0) {
		FUZZ_CHECK(ts.n >= 1 && ts.n <= TERMSEQ_MAX);
		for (int i = 0; i < ts.n; i++)
			FUZZ_CHECK(ts.sig[i] >= 1 && ts.sig[i] < NSIG &&
			    ts.ms[i] <= 86400000);
	} else
		refused(why);

	why = NULL;
	if (parse_halt(s, &h, &why) == 0) {
		FUZZ_CHECK(h.when == HALT_NEVER || h.when == HALT_SOON ||
		    h.when == HALT_NOW);
		FUZZ_CHECK(h.why == HALT_FAIL || h.why == HALT_SUCCESS ||
		    h.why == HALT_DONE);
		FUZZ_CHECK(isfinite(h.count));
		if (h.when != HALT_NEVER && h.percent)
			FUZZ_CHECK(h.count > 0 && h.count <= 100);
		else if (h.when != HALT_NEVER)
			FUZZ_CHECK(h.count >= 1 && h.count == floor(h.count));
	} else
		refused(why);

	free(s);
	return 0;
}
