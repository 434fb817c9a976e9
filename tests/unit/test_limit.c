/*
 * test_limit.c -- --limit (src/limit.h): the /proc parsers of the
 * built-ins, the built-ins' figures, and a command's exit status as the
 * verdict.
 */
#include <stdint.h>
#include <stdio.h>

#include "limit.h"
#include "unit.h"

static void
test_parse_meminfo(void)
{
	uint64_t b = 42;

	CHECK(limit_parse_meminfo("MemTotal:  1000 kB\n"
	                          "MemFree:    100 kB\n"
	                          "MemAvailable: 500 kB\n"
	                          "Buffers:     10 kB\n"
	                          "Cached:       1 kB\n"
	                          "SwapCached:   2 kB\n"
	                          "SwapTotal:  900 kB\n",
	          &b) == 0);
	CHECK_INT((long)b, 113 * 1024);
	/* The last line with no newline; others missing. */
	CHECK(limit_parse_meminfo("MemTotal: 5 kB\nMemFree: 7 kB", &b) == 0);
	CHECK_INT((long)b, 7 * 1024);
	CHECK(limit_parse_meminfo("MemTotal: 5 kB\n", &b) == -1);
	CHECK(limit_parse_meminfo("", &b) == -1);
}

static void
test_parse_diskstats(void)
{
	uint64_t t[3] = { 0, 0, 0 };

	CHECK_INT(limit_parse_diskstats(
	              "   8       0 sda 1 2 3 4 5 6 7 8 9 1234 11 12 13 14 15\n"
	              "   8       1 sda1 1 2 3 4 5 6 7 8 9 77 11\n"
	              "   7       0 loop0 0 0 0 0 0 0 0 0 0 0 0\n"
	              "   7       1 loop1 0 0 0 0 0 0 0 0 0 5 0\n",
	              t, 3),
	    3);
	CHECK_INT((long)t[0], 1234);
	CHECK_INT((long)t[1], 77);
	CHECK_INT((long)t[2], 0);
	CHECK_INT(limit_parse_diskstats("", t, 3), 0);
	CHECK_INT(limit_parse_diskstats("8 0 sda 1 2\n", t, 3), -1);
}

static void
test_builtins(void)
{
	const char *why = NULL;
	struct limit *l;

	CHECK(limit_new("mem", &why) == NULL && why != NULL);
	CHECK(limit_new("mem 1G 2", &why) == NULL);
	CHECK(limit_new("mem lots", &why) == NULL);
	CHECK(limit_new("load -1", &why) == NULL);
	CHECK(limit_new("io x", &why) == NULL);
	/* Any memory is more than 1 byte; no machine has 1000 TB free. */
	CHECK((l = limit_new("mem 1", &why)) != NULL);
	CHECK_INT(limit_check(l, 0), LIMIT_BELOW);
	limit_free(l);
	CHECK((l = limit_new("mem 1000T", &why)) != NULL);
	CHECK_INT(limit_check(l, 0), LIMIT_WAY_OVER);
	CHECK_STR(limit_text(l), "mem 1000T");
	limit_free(l);
	CHECK((l = limit_new("load 1000000", &why)) != NULL);
	CHECK_INT(limit_check(l, 0), LIMIT_BELOW);
	limit_free(l);
	/* io: over until a first measurement, then at most 100%. */
	CHECK((l = limit_new("io 100", &why)) != NULL);
	CHECK_INT(limit_check(l, 0), LIMIT_OVER);
	CHECK_INT(limit_check(l, 500), LIMIT_OVER);
	CHECK_INT(limit_check(l, 100000), LIMIT_BELOW);
	limit_free(l);
}

static void
test_command(void)
{
	const char *why = NULL;
	struct limit *l;

	CHECK((l = limit_new("exit 0", &why)) != NULL);
	CHECK_INT(limit_check(l, 0), LIMIT_BELOW);
	limit_free(l);
	CHECK((l = limit_new("exit 1", &why)) != NULL);
	CHECK_INT(limit_check(l, 0), LIMIT_OVER);
	limit_free(l);
	CHECK((l = limit_new("exit 2", &why)) != NULL);
	CHECK_INT(limit_check(l, 0), LIMIT_WAY_OVER);
	limit_free(l);
	CHECK((l = limit_new("exit 7", &why)) != NULL);
	CHECK_INT(limit_check(l, 0), LIMIT_OVER);
	limit_free(l);
	/* GNU's SSHLOGIN: ":" for this machine; stdin is /dev/null. */
	CHECK(
	    (l = limit_new("[ \"$SSHLOGIN\" = : ] && ! read x", &why)) != NULL);
	CHECK_INT(limit_check(l, 0), LIMIT_BELOW);
	limit_free(l);
	/* A word that is not a built-in is a command. */
	CHECK((l = limit_new("memory 1", &why)) != NULL);
	CHECK_INT(limit_check(l, 0), LIMIT_OVER);
	limit_free(l);
}

int
main(void)
{
	test_parse_meminfo();
	test_parse_diskstats();
	test_builtins();
	test_command();
	return unit_done("test_limit");
}
