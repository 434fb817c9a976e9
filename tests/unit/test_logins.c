/*
 * test_logins.c -- the logins of -S and --sshloginfile (src/logins.h):
 * [@GROUPS/][N/]LOGIN, ':', 'SSH-COMMAND ... HOST', commas, @GROUP alone,
 * the same login twice, and the messages for what is not a login; the
 * login files found by GNU parallel's rules ('..', '.', a name in
 * ~/.parallel), their comments and blank lines, '-' read once from
 * standard input, and a file read again when it changed.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "logins.h"
#include "unit.h"

static char dir[] = "/tmp/xpool-test-logins.XXXXXX";

/*
 * The list as "NAME N|NAME N|..." (N its slots, ':' marked L), or
 * "error: MESSAGE" (with "[file]" when the answer is LOGINS_NO_FILE).
 */
static const char *
shown(int r, const struct login_list *list, const struct buf *msg)
{
	static char out[1024];
	size_t len = 0;

	if (r != 0) {
		snprintf(out, sizeof(out), "error%s: %s",
		    r == LOGINS_NO_FILE ? "[file]" : "",
		    msg->data != NULL ? msg->data : "(none)");
		return out;
	}
	out[0] = '\0';
	for (size_t i = 0; i < list->n && len < sizeof(out); i++)
		len += (size_t)snprintf(out + len, sizeof(out) - len,
		    "%s%s %ld%s", i > 0 ? "|" : "", list->v[i].name,
		    list->v[i].slots, list->v[i].local ? "L" : "");
	return out;
}

/* The -S values and the login files, parsed, as shown(). */
static const char *
parsed(const char *const *values, size_t n, const char *const *files,
    size_t nfiles, struct login_list *list)
{
	struct logins *l = NULL;
	struct buf msg = BUF_INIT;
	const char *s;
	int r;

	r = logins_open(&l, (char *const *)(uintptr_t)values, n,
	    (char *const *)(uintptr_t)files, nfiles, &msg);
	if (r == 0)
		r = logins_parse(l, list, &msg);
	else
		memset(list, 0, sizeof(*list));
	s = shown(r, list, &msg);
	logins_free(l);
	buf_free(&msg);
	return s;
}

/* The -S values alone, as shown(); the list freed. */
static const char *
values(const char *const *v, size_t n)
{
	struct login_list list;
	const char *s = parsed(v, n, NULL, 0, &list);

	logins_list_free(&list);
	return s;
}

/* One -S value, as shown(). */
static const char *
one(const char *value)
{
	return values(&value, 1);
}

/* A file in dir, with text; its path. */
static const char *
file(const char *name, const char *text)
{
	static char path[4][256];
	static int turn;
	char *p = path[turn++ % 4];
	FILE *f;

	snprintf(p, sizeof(path[0]), "%s/%s", dir, name);
	f = fopen(p, "w");
	CHECK(f != NULL);
	if (f != NULL) {
		fputs(text, f);
		fclose(f);
	}
	return p;
}

static void
test_forms(void)
{
	struct login_list list;

	{
		const char *v[] = { "2/h1, : ,ssh -p 2222 user@h3", "h1" };

		/* h1 twice is one login, its slots added up. */
		CHECK_STR(parsed(v, 2, NULL, 0, &list),
		    "h1 3|: 0L|ssh -p 2222 user@h3 0");
		if (list.n == 3) {
			CHECK(list.v[0].ssh == NULL);
			CHECK_STR(list.v[0].dest, "h1");
			CHECK_STR(list.v[1].dest, ":");
			CHECK_INT((long)list.v[2].nssh, 3);
			CHECK_STR(list.v[2].ssh[0], "ssh");
			CHECK_STR(list.v[2].ssh[1], "-p");
			CHECK_STR(list.v[2].ssh[2], "2222");
			CHECK_STR(list.v[2].dest, "user@h3");
		}
		logins_list_free(&list);
		CHECK(list.n == 0 && list.v == NULL);
	}
	{
		const char *v[] = { "h1", "h2,h1", "4/h2" };

		/* Without N/ they stay without; with one, each counts. */
		CHECK_STR(values(v, 1), "h1 0");
		CHECK_STR(values(v, 2), "h1 0|h2 0");
		CHECK_STR(values(v, 3), "h1 0|h2 5");
	}
	CHECK_STR(one("\t 8/h9  "), "h9 8");
	CHECK_STR(one("100000/h1"), "h1 100000");
	CHECK_STR(one("123456/h1"),
	    "error: '123456/h1': the slots before / must be a number "
	    "from 1 to 100000");
	CHECK_STR(one("0/h1"),
	    "error: '0/h1': the slots before / must be a number from 1 to "
	    "100000");
	CHECK_STR(one(""),
	    "error: '' names no host; give [N/]HOST, or : for this machine");
	CHECK_STR(one("h1,,h2"),
	    "error: '' names no host; give [N/]HOST, or : for this machine");
	CHECK_STR(one("user:secret@h1"),
	    "error: 'user:secret@h1': a password in the login is not "
	    "supported; log in with a key (ssh-agent)");
	/*
	 * A ':' before the @ of the host is taken for a password; after it,
	 * or in ssh's own words, it is none.
	 */
	CHECK_STR(one("h:1@h1"),
	    "error: 'h:1@h1': a password in the login is not supported; log "
	    "in with a key (ssh-agent)");
	CHECK_STR(one("u@h1:22"), "u@h1:22 0");
	CHECK_STR(one("ssh -o a:b@c u@h1"), "ssh -o a:b@c u@h1 0");
	CHECK_STR(values(NULL, 0),
	    "error: no host to run jobs on; give [N/]HOST, or : for this "
	    "machine");
}

/* Is the login named name in the groups g ("A+B")? */
static int
in(const struct login_list *list, const char *name, const char *g)
{
	for (size_t i = 0; i < list->n; i++)
		if (strcmp(list->v[i].name, name) == 0)
			return logins_in_groups(
			    list->v[i].groups, g, strlen(g));
	return -1;
}

static void
test_groups(void)
{
	struct login_list list;

	{
		/* GNU parallel's forms: @A+B/[N/]HOST, and the same host twice.
		 */
		const char *v[] = { "@g1+g2/2/h1,@g3/:", "h2", "@g4/h2" };

		CHECK_STR(parsed(v, 3, NULL, 0, &list), "h1 2|: 0L|h2 0");
		CHECK_INT(in(&list, "h1", "g1"), 1);
		CHECK_INT(in(&list, "h1", "g2"), 1);
		CHECK_INT(in(&list, "h1", "g3"), 0);
		CHECK_INT(in(&list, "h1", "g3+g2"), 1);
		/* A login is in the groups of its own names. */
		CHECK_INT(in(&list, "h1", "h1"), 1);
		CHECK_INT(in(&list, "h1", "2/h1"), 1);
		CHECK_INT(in(&list, "h1", "g"), 0);
		CHECK_INT(in(&list, "h1", "g1+"), 1);
		CHECK_INT(in(&list, "h1", "+"), 0);
		CHECK_INT(in(&list, "h1", ""), 0);
		CHECK_INT(in(&list, ":", "g3"), 1);
		/* Merged: the groups of both. */
		CHECK_INT(in(&list, "h2", "g4"), 1);
		CHECK_INT(in(&list, "h2", "h2"), 1);
		logins_list_free(&list);
	}
	{
		/* -S @GROUP: only the logins of the groups given so. */
		const char *v[] = { "@a/h1,@b/h2,@c/h3", "@b", "@c/" };

		CHECK_STR(values(v, 3), "h2 0|h3 0");
	}
	{
		const char *v[] = { "@a/h1", "@x+y" };

		CHECK_STR(values(v, 2),
		    "error: no host is in @x or @y; give its hosts as "
		    "@GROUP/HOST");
	}
	{
		const char *bad[] = { "@/h1", "@", "@a++b/h1", "@+a/h1",
			"@a+/h1" };

		for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
			CHECK(strncmp(one(bad[i]),
			          "error: a group after @ has no name; ",
			          36) == 0);
		CHECK_STR(one(bad[2]),
		    "error: a group after @ has no name; give "
		    "@GROUP[+GROUP...]/[N/]HOST, or @GROUP alone for the "
		    "hosts of that group ('@a++b/h1')");
	}
	/* The groups come first: 2/@a/h1 is no login. */
	CHECK_STR(one("2/@a/h1"),
	    "error: '2/@a/h1': the groups come first, once: give "
	    "@GROUP[+GROUP...]/[N/]HOST");
}

static void
test_words(void)
{
	char *text;
	size_t n;
	char **w = logins_words(" ssh\t-F  cfg\n", &text, &n);

	CHECK_INT((long)n, 3);
	if (n == 3) {
		CHECK_STR(w[0], "ssh");
		CHECK_STR(w[1], "-F");
		CHECK_STR(w[2], "cfg");
	}
	free(w);
	free(text);
	w = logins_words(" \t", &text, &n);
	CHECK(n == 0 && w == NULL);
	free(text);
}

/* Where a login file is: GNU parallel's names, and ~/.parallel. */
static void
test_paths(void)
{
	char want[512], *p;

	CHECK(setenv("HOME", dir, 1) == 0);
	snprintf(want, sizeof(want), "%s/.parallel/sshloginfile", dir);
	CHECK_STR(p = logins_path(".."), want);
	free(p);
	CHECK_STR(p = logins_path("."), "/etc/parallel/sshloginfile");
	free(p);
	/* Not here and not in ~/.parallel: as given. */
	CHECK_STR(
	    p = logins_path("xpool-no-such-hosts"), "xpool-no-such-hosts");
	free(p);
	file(".parallel/xpool-unit-hosts", "h7\n");
	snprintf(want, sizeof(want), "%s/.parallel/xpool-unit-hosts", dir);
	CHECK_STR(p = logins_path("xpool-unit-hosts"), want);
	free(p);
	/* A name with a / is not looked for. */
	CHECK_STR(
	    p = logins_path("no/xpool-unit-hosts"), "no/xpool-unit-hosts");
	free(p);
	{
		const char *f[] = { "xpool-unit-hosts" };
		struct login_list list;

		CHECK_STR(parsed(NULL, 0, f, 1, &list), "h7 0");
		logins_list_free(&list);
	}
}

static void
test_files(void)
{
	struct login_list list;
	const char *f[] = { file("a",
		                "# hosts\n"
		                "\n"
		                "  2/h1 # the big one\n"
		                "\t\n"
		                "h2,h3\r\n"
		                "#h4\n"
		                "ssh -p 2222 h5"),
		file("b", "h3\n:\n"), "/nonexistent/xpool-hosts",
		file("c", "h1\n0/h2\n") };
	const char *v[] = { "h0" };
	char want[1024];

	/* Comments, blank lines, CRLF, no newline at the end. */
	CHECK_STR(
	    parsed(NULL, 0, f, 1, &list), "h1 2|h2 0|h3 0|ssh -p 2222 h5 0");
	logins_list_free(&list);
	/* The -S values first, then the files in order; h3 merged. */
	CHECK_STR(parsed(v, 1, f, 2, &list),
	    "h0 0|h1 2|h2 0|h3 0|ssh -p 2222 h5 0|: 0L");
	logins_list_free(&list);
	CHECK_STR(parsed(NULL, 0, f + 2, 1, &list),
	    "error[file]: --sshloginfile: cannot read "
	    "'/nonexistent/xpool-hosts': No such file or directory; give a "
	    "file of [N/]HOST lines");
	snprintf(want, sizeof(want),
	    "error[file]: --sshloginfile '%s': '0/h2': the slots before / "
	    "must be a number from 1 to 100000",
	    f[3]);
	CHECK_STR(parsed(NULL, 0, f + 3, 1, &list), want);
	{
		const char *only[] = { file("d", "# nothing\n\n") };

		CHECK_STR(parsed(NULL, 0, only, 1, &list),
		    "error: no host to run jobs on; give [N/]HOST, or : for "
		    "this machine");
	}
}

/* '-': standard input, read once when opened, kept with the -S values. */
static void
test_stdin(void)
{
	const char *f[] = { "-", file("e", "h2\n") };
	const char *v[] = { "h0" };
	struct logins *l = NULL;
	struct login_list list;
	struct buf msg = BUF_INIT;

	CHECK(freopen(file("in", "h1 # first\n\n3/h9\n"), "r", stdin) != NULL);
	CHECK_INT(logins_open(&l, (char *const *)(uintptr_t)v, 1,
	              (char *const *)(uintptr_t)f, 1, &msg),
	    0);
	CHECK(!logins_watched(l));
	CHECK_STR(
	    shown(logins_parse(l, &list, &msg), &list, &msg), "h0 0|h1 0|h9 3");
	logins_list_free(&list);
	/* Read again: its lines are kept, not read a second time. */
	CHECK_STR(shown(logins_reread(l, &list, &msg), &list, &msg),
	    "h0 0|h1 0|h9 3");
	logins_list_free(&list);
	logins_free(l);
	/* With a file: the file is watched; stdin, at its end, adds none. */
	CHECK_INT(
	    logins_open(&l, NULL, 0, (char *const *)(uintptr_t)f, 2, &msg), 0);
	CHECK(logins_watched(l));
	CHECK_STR(shown(logins_parse(l, &list, &msg), &list, &msg), "h2 0");
	logins_list_free(&list);
	logins_free(l);
	CHECK(!logins_watched(NULL));
	buf_free(&msg);
}

/* A login file that changed is read again; the list made as the first. */
static void
test_reread(void)
{
	const char *v[] = { "@b" };
	const char *f[] = { file("g", "@b/h2,h3\n") };
	struct logins *l = NULL;
	struct login_list list;
	struct buf msg = BUF_INIT;

	CHECK_INT(logins_open(&l, (char *const *)(uintptr_t)v, 1,
	              (char *const *)(uintptr_t)f, 1, &msg),
	    0);
	CHECK_STR(shown(logins_parse(l, &list, &msg), &list, &msg), "h2 0");
	logins_list_free(&list);
	CHECK(!logins_changed(l));
	file("g", "@b/4/h2,@b/h4,h5\n");
	CHECK(logins_changed(l));
	CHECK_STR(
	    shown(logins_reread(l, &list, &msg), &list, &msg), "h2 4|h4 0");
	logins_list_free(&list);
	CHECK(!logins_changed(l));
	file("g", "@a/h1\n");
	CHECK_STR(shown(logins_reread(l, &list, &msg), &list, &msg),
	    "error: --sshloginfile: no host is in the groups of -S @GROUP");
	CHECK(list.n == 0);
	buf_reset(&msg);
	file("g", "# none\n");
	CHECK_STR(shown(logins_reread(l, &list, &msg), &list, &msg),
	    "error: --sshloginfile: the files name no host");
	buf_reset(&msg);
	file("g", "h1\n1/\n");
	CHECK(logins_reread(l, &list, &msg) == LOGINS_NO_FILE);
	CHECK(strstr(msg.data, "--sshloginfile '") == msg.data);
	logins_free(l);
	buf_reset(&msg);

	/* @GROUP alone in the file: its groups hold while none is given. */
	f[0] = file("h", "@b\n@b/h2\nh3\n");
	CHECK_INT(
	    logins_open(&l, NULL, 0, (char *const *)(uintptr_t)f, 1, &msg), 0);
	CHECK_STR(shown(logins_parse(l, &list, &msg), &list, &msg), "h2 0");
	logins_list_free(&list);
	file("h", "@b/h4\nh5\n@c/h6\n");
	CHECK_STR(shown(logins_reread(l, &list, &msg), &list, &msg), "h4 0");
	logins_list_free(&list);
	file("h", "@c\n@b/h4\n@c/h6\n");
	CHECK_STR(shown(logins_reread(l, &list, &msg), &list, &msg), "h6 0");
	logins_list_free(&list);
	logins_free(l);
	buf_free(&msg);
}

int
main(void)
{
	char sub[sizeof(dir) + 16];
	int r;

	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(sub, sizeof(sub), "%s/.parallel", dir);
	CHECK(mkdir(sub, 0700) == 0);
	test_forms();
	test_groups();
	test_words();
	test_paths();
	test_files();
	test_stdin();
	test_reread();
	r = unit_done("logins");
	{
		char cmd[sizeof(dir) + 16];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			r = 1;
	}
	return r;
}
