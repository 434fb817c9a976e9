/*
 * test_cmdline.c -- the argument-limit arithmetic (src/cmdline.h).
 *
 * Checks the limits derived from ARG_MAX, the page size and the
 * environment, the verdicts of cmdline_check() on built commands, and the
 * packing of records for -X and -m, and the -s limit on the line as shown.
 */
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"
#include "template.h"
#include "unit.h"

static struct tpl *
compile(const char *word, int context)
{
	struct tpl_opts o = { 0 };
	char *w[1] = { (char *)word };

	o.context = context;
	return tpl_compile(w, 1, &o);
}

static void
test_limits(void)
{
	struct cmdline c;

	/* 2 MiB ARG_MAX, 4 KiB pages, 10000 bytes of environment. */
	cmdline_init(&c, 2097152, 4096, 10000);
	CHECK_INT((long)c.one, 131072L);
	CHECK_INT((long)c.total, 2097152L - 10000 - 4096 - 2048);

	/* Nonsense from sysconf falls back to POSIX's minimum. */
	cmdline_init(&c, -1, -1, 0);
	CHECK_INT((long)c.one, 131072L);
	CHECK(c.total <= 131072 && c.total >= 4096);

	/* An environment larger than the limit leaves a small floor. */
	cmdline_init(&c, 65536, 4096, 1000000);
	CHECK_INT((long)c.total, 4096L);
}

static void
test_check(void)
{
	struct cmdline c;
	struct tpl *t = compile("echo", 0);
	struct tpl_cmd cmd = { 0 };
	struct buf why = BUF_INIT;
	char *big = malloc(200001);
	char *f[1];
	size_t fl[1];
	struct tpl_vals v = { f, fl, 1, 1, 1, 0 };

	cmdline_init(&c, 2097152, 4096, 0);
	f[0] = (char *)"small";
	fl[0] = 5;
	tpl_expand(t, &v, &cmd);
	CHECK_INT(cmdline_check(&c, &cmd, &why), 0);

	/* One argument over 128 KiB: refused, with the sizes named. */
	memset(big, 'x', 200000);
	big[200000] = '\0';
	f[0] = big;
	fl[0] = 200000;
	tpl_expand(t, &v, &cmd);
	CHECK_INT(cmdline_check(&c, &cmd, &why), -1);
	CHECK(strstr(why.data, "200000") != NULL);
	CHECK(strstr(why.data, "131071") != NULL);

	/* Under the argument limit but over the total. */
	cmdline_init(&c, 100000, 4096, 0);
	f[0] = big;
	fl[0] = 130000;
	big[130000] = '\0';
	buf_reset(&why);
	tpl_expand(t, &v, &cmd);
	CHECK_INT(cmdline_check(&c, &cmd, &why), -1);
	CHECK(strstr(why.data, "the command is") != NULL);

	free(big);
	buf_free(&why);
	tpl_cmd_free(&cmd);
	tpl_free(t);
}

static void
test_pack(void)
{
	struct cmdline c;
	struct tpl *t = compile("echo", 1);
	char *f[1] = { (char *)"item" };
	size_t fl[1] = { 4 };
	int n = 0;

	/* A small limit: records go in until the room is used up. */
	cmdline_init(&c, 16384, 4096, 0);
	cmdline_pack_init(&c, t);
	CHECK(c.room > 0);
	CHECK_INT(cmdline_pack(&c, t, f, fl, 1, 1), CMD_FITS);
	while (cmdline_pack(&c, t, f, fl, 1, 0) == CMD_FITS)
		n++;
	CHECK(n > 100);
	CHECK(c.used <= c.room);

	/* The first record of a job always goes in, and starts afresh. */
	CHECK_INT(cmdline_pack(&c, t, f, fl, 1, 1), CMD_FITS);
	CHECK(c.used < c.room);

	/* A value that may not fit in one argument goes alone. */
	{
		char *big = malloc(131072);
		size_t bl = 131000;

		memset(big, 'y', 131072);
		f[0] = big;
		fl[0] = bl;
		cmdline_init(&c, 2097152, 4096, 0);
		cmdline_pack_init(&c, t);
		CHECK_INT(cmdline_pack(&c, t, f, fl, 1, 1), CMD_ALONE);
		CHECK_INT(cmdline_pack(&c, t, f, fl, 1, 0), CMD_ALONE);
		free(big);
	}
	tpl_free(t);

	/* Through a shell, the one-argument limit is what counts. */
	t = compile("echo {} | wc -c", 0);
	cmdline_init(&c, 2097152, 4096, 0);
	cmdline_pack_init(&c, t);
	CHECK(c.room < 131072);
	tpl_free(t);
}

/* -s: the line as shown stays under c.chars; 'echo' and ' item' each. */
static void
test_chars(void)
{
	struct cmdline c;
	struct tpl *t = compile("echo", 1);
	char *f[1] = { (char *)"item" };
	size_t fl[1] = { 4 };
	struct buf why = BUF_INIT;
	int n = 1;

	cmdline_init(&c, 2097152, 4096, 0);
	c.chars = 30; /* 'echo item item item item item' is 29 */
	cmdline_pack_init(&c, t);
	CHECK_INT(cmdline_pack(&c, t, f, fl, 1, 1), CMD_FITS);
	CHECK_INT((int)c.cused, 9);
	while (cmdline_pack(&c, t, f, fl, 1, 0) == CMD_FITS)
		n++;
	CHECK_INT(n, 5);
	CHECK_INT((int)c.cused, 29);

	CHECK_INT(cmdline_check_chars(&c, 29, &why), 0);
	CHECK_INT(cmdline_check_chars(&c, 30, &why), -1);
	CHECK(strstr(why.data, "not under the limit of 30") != NULL);
	c.chars = 0;
	CHECK_INT(cmdline_check_chars(&c, 1000000, &why), 0);
	buf_free(&why);
	tpl_free(t);
}

/*
 * GNU parallel's search for the longest command line: 130329 where the
 * limit is Linux's 131071 (or anything from 130330 to 131085: the search
 * stops within 1 %); its usable length for -X, -m and --xargs.
 */
static void
test_found_max(void)
{
	CHECK_INT(cmdline_found_max(131071), 130329);
	CHECK_INT(cmdline_found_max(131085), 130329);
	CHECK_INT(cmdline_found_max(130330), 130329);
	CHECK(cmdline_found_max(2000000) <= 2000000);
	CHECK(cmdline_found_max(2000000) >= 1980000);
	CHECK(cmdline_found_max(5000) <= 5000);
	CHECK_INT(cmdline_pack_default(130329), 63664);
	CHECK_INT(cmdline_pack_default(1000), 1000);
}

int
main(void)
{
	test_found_max();
	test_limits();
	test_check();
	test_pack();
	test_chars();
	return unit_done("test_cmdline");
}
