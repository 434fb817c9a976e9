/*
 * test_rfiles.c -- where a file a remote job moves goes
 * (rfiles_split_path(), src/rfiles.h), and a remote job's --env and
 * --workdir before its command line (rfiles_prefix()), and what a new
 * host's bring-up script printed, read back (rfiles_answer(),
 * rfiles_bringup_done()).
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "rfiles.h"
#include "unit.h"

/* Where a file goes: GNU parallel's table for --transferfile. */
static void
test_split_path(void)
{
	static const struct {
		const char *path, *rel, *base;
		int root;
	} t[] = {
		{ "/tmp/foo/bar", "tmp/foo/bar", "/", 1 },
		{ "tmp/foo/bar", "tmp/foo/bar", "", 0 },
		{ "/tmp/./foo/bar", "foo/bar", "/tmp", 0 },
		{ "tmp/./foo/bar", "foo/bar", "tmp", 0 },
		{ "./a.txt", "a.txt", "", 0 },
		{ "/./a b", "a b", "/", 0 },
		{ "x/./y/./z", "y/./z", "x", 0 },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct rfiles_path p;

		rfiles_split_path(t[i].path, &p);
		CHECK_STR(p.rel, t[i].rel);
		CHECK_INT(p.root, t[i].root);
		CHECK_INT((int)p.base_len, (int)strlen(t[i].base));
		CHECK(strncmp(t[i].path, t[i].base, p.base_len) == 0);
	}
}

/* --env's variables, quoted, then the job in its --workdir. */
static void
test_prefix(void)
{
	char *env[] = { (char *)"V=a'b" };
	struct rfiles_conf c;
	struct rfiles *rf;

	memset(&c, 0, sizeof(c));
	rf = rfiles_new(&c);
	CHECK_STR(rfiles_prefix(rf, "echo", 1), "echo");
	CHECK(!rfiles_moves_files(rf));
	rfiles_free(rf);
	c.env = env;
	c.nenv = 1;
	c.workdir = "d";
	rf = rfiles_new(&c);
	CHECK_STR(rfiles_prefix(rf, "echo", 1),
	    "V='a'\"'\"'b';export V;{ mkdir -p -- d&&cd -- d;}||exit 255;echo");
	rfiles_free(rf);
	c.workdir = "...";
	rf = rfiles_new(&c);
	CHECK(rfiles_moves_files(rf));
	rfiles_free(rf);
}

/* A line of a bring-up script's output, by its key. */
static void
test_answer(void)
{
	const char *out = "cpus 0 4\nguard 0  1:2 3:4\nx guard 1\n";

	CHECK_STR(
	    rfiles_answer(out, "cpus"), "0 4\nguard 0  1:2 3:4\nx guard 1\n");
	CHECK_STR(rfiles_answer(out, "guard"), "0  1:2 3:4\nx guard 1\n");
	CHECK(rfiles_answer(out, "gua") == NULL);
	CHECK(rfiles_answer(out, "basefiles") == NULL);
	CHECK(rfiles_answer("", "cpus") == NULL);
}

/*
 * --cleanup's guard and --basefile, from the script's output: a workdir
 * that is this directory, a guard that failed or said nothing, base files
 * not sent, each refuse the host.
 */
static void
test_bringup_done(void)
{
	const char *base[] = { "b" };
	struct rfiles_host h;
	struct rfiles_conf c;
	struct rfiles *rf;
	struct stat st;
	char out[256];

	memset(&h, 0, sizeof(h));
	h.login = "h";
	memset(&c, 0, sizeof(c));
	c.cleanup = 1;
	c.workdir = "w";
	rf = rfiles_new(&c);
	CHECK(stat(".", &st) == 0);
	snprintf(out, sizeof(out), "guard 0  1:2 %lu:%lu\n",
	    (unsigned long)st.st_dev, (unsigned long)st.st_ino);
	CHECK_INT(rfiles_bringup_done(rf, 0, &h, out), -1);
	CHECK_INT(rfiles_bringup_done(rf, 1, &h, "guard 0  1:2 3:4\n"), 0);
	CHECK_INT(rfiles_bringup_done(rf, 1, &h, "guard 1 \n"), -1);
	CHECK_INT(rfiles_bringup_done(rf, 1, &h, "guard 0 \n"), -1);
	CHECK_INT(rfiles_bringup_done(rf, 1, &h, "cpus 0 2\n"), -1);
	h.skip = 1;
	CHECK_INT(rfiles_bringup_done(rf, 2, &h, ""), 0);
	h.skip = 0;
	rfiles_free(rf);
	c.cleanup = 0;
	c.basefiles = base;
	c.nbasefiles = 1;
	rf = rfiles_new(&c);
	CHECK_INT(rfiles_bringup_done(rf, 0, &h, "cpus 0 2\n"), -1);
	CHECK_INT(rfiles_bringup_done(rf, 0, &h, "basefiles sent\n"), 0);
	rfiles_free(rf);
}

int
main(void)
{
	test_split_path();
	test_prefix();
	test_answer();
	test_bringup_done();
	return unit_done("rfiles");
}
