/*
 * test_rfiles.c -- where a file a remote job moves goes
 * (rfiles_split_path(), src/rfiles.h), and a remote job's --env and
 * --workdir before its command line (rfiles_prefix()).
 */
#include <string.h>

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

int
main(void)
{
	test_split_path();
	test_prefix();
	return unit_done("rfiles");
}
