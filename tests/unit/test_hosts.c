/*
 * test_hosts.c -- the hosts of the -S logins (hosts_parse; the logins
 * themselves are test_logins.c's) and a remote job's command
 * (hosts_argv), without ssh: the command's last word is what the remote
 * login shell runs, so it is run here with /bin/sh, in a session of its own
 * (the wrapper ends its process group when its standard input ends), to
 * show that the job's words arrive as they are and that its status comes
 * back.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "hosts.h"
#include "unit.h"

static struct hosts *
parsed(const char *const *logins, size_t n, const char *ssh, struct buf *msg)
{
	struct hosts_conf c;
	struct hosts *hs = NULL;

	memset(&c, 0, sizeof(c));
	c.logins = (char **)(uintptr_t)logins;
	c.nlogins = n;
	c.ssh = ssh;
	c.termseq.n = 2;
	c.termseq.sig[0] = SIGTERM;
	c.termseq.ms[0] = 100;
	c.termseq.sig[1] = SIGKILL;
	c.termseq.ms[1] = 10;
	buf_reset(msg);
	if (hosts_parse(&c, &hs, msg) != 0) {
		hosts_free(hs);
		return NULL;
	}
	return hs;
}

static void
test_logins(void)
{
	struct buf msg = BUF_INIT;
	const char *a[] = { "2/h1, : ,ssh -p 2222 user@h3", "h1" };
	struct hosts *hs = parsed(a, 2, "ssh -F cfg", &msg);

	CHECK(hs != NULL);
	if (hs != NULL) {
		/* h1 twice is one host. */
		CHECK_INT((long)hosts_count(hs), 3);
		CHECK_STR(hosts_name(hs, 0), "h1");
		CHECK_STR(hosts_name(hs, 1), ":");
		CHECK_STR(hosts_name(hs, 2), "ssh -p 2222 user@h3");
		CHECK_STR(hosts_program(hs), "ssh");
		CHECK(hosts_any_remote(hs));
		hosts_free(hs);
	}
	{
		const char *l[] = { ":" };

		hs = parsed(l, 1, NULL, &msg);
		CHECK(hs != NULL && !hosts_any_remote(hs));
		hosts_free(hs);
	}
	{
		/* What is not a login is said as logins.c says it. */
		const char *l[] = { "0/h1" };

		CHECK(parsed(l, 1, NULL, &msg) == NULL);
		CHECK_STR(msg.data,
		    "'0/h1': the slots before / must be a "
		    "number from 1 to 100000");
	}
	{
		const char *l[] = { "h1" };

		CHECK(parsed(l, 1, "  ", &msg) == NULL);
		CHECK(strstr(msg.data, "--ssh") != NULL);
	}
	buf_free(&msg);
}

/*
 * Run the remote command line with sh in a session of its own, its stdin
 * a pipe given input (or nothing: NULL), then held open (or closed at once:
 * hold 0); its output in out.
 */
static int
run_remote(const char *line, const char *input, int hold, struct buf *out)
{
	int in[2], o[2], st;
	char b[4096];
	ssize_t n;
	pid_t pid;

	if (pipe(in) != 0 || pipe(o) != 0)
		return -1;
	if ((pid = fork()) == 0) {
		setsid();
		dup2(in[0], 0);
		dup2(o[1], 1);
		close(in[0]);
		close(in[1]);
		close(o[0]);
		close(o[1]);
		execl("/bin/sh", "sh", "-c", line, (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(o[1]);
	if (input != NULL &&
	    write(in[1], input, strlen(input)) != (ssize_t)strlen(input))
		return -1;
	if (!hold)
		close(in[1]);
	while ((n = read(o[0], b, sizeof(b))) > 0)
		buf_add(out, b, (size_t)n);
	close(o[0]);
	waitpid(pid, &st, 0);
	if (hold)
		close(in[1]);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static void
test_remote_command(void)
{
	struct buf msg = BUF_INIT, out = BUF_INIT;
	const char *l[] = { "4/h1" };
	struct hosts *hs = parsed(l, 1, "ssh -F cfg", &msg);
	char *job[] = { (char *)"/bin/sh", (char *)"-c",
		(char *)"printf '%s|' \"$XPOOL_SEQ\" \"$XPOOL_SLOT\" 'a'\\''b' "
		        "'$(echo no)' 'x;y' '`id`' 'new\nline' '-n' 'tr\\'; "
		        "exit 3",
		NULL };
	char *words[] = { (char *)"printf", (char *)"%s|", (char *)"it's",
		(char *)" -x ", (char *)"$HOME", NULL };
	char **argv;
	size_t n = 0;

	CHECK(hs != NULL);
	if (hs == NULL)
		return;
	argv = hosts_argv(hs, 0, job, HOSTS_JOB, 7, 3);
	while (argv[n] != NULL)
		n++;
	CHECK(n == 11);
	CHECK_STR(argv[0], "ssh");
	CHECK_STR(argv[1], "-F");
	CHECK_STR(argv[2], "cfg");
	CHECK_STR(argv[3], "-q");
	CHECK_STR(argv[9], "h1");
	CHECK_INT(run_remote(argv[10], NULL, 1, &out), 3);
	CHECK_STR(out.data != NULL ? out.data : "",
	    "7|3|a'b|$(echo no)|x;y|`id`|new\nline|-n|tr\\|");

	/* A program and its words, without a shell. */
	buf_reset(&out);
	argv = hosts_argv(hs, 0, words, HOSTS_JOB, 1, 1);
	CHECK_INT(run_remote(argv[10], NULL, 1, &out), 0);
	CHECK_STR(out.data != NULL ? out.data : "", "it's| -x |$HOME|");
	/*
	 * ... is the process the wrapper started: its parent is the wrapper,
	 * the session's leader (no shell of its own between them); killed by
	 * a signal N, its status is 128+N.
	 */
	{
		char *child[] = { (char *)"sh", (char *)"-ec",
			(char *)"s=$(cut -d' ' -f6 /proc/$$/stat); "
			        "[ \"$PPID\" = \"$s\" ] && echo parent",
			NULL };
		char *killed[] = { (char *)"sh", (char *)"-ec",
			(char *)"kill -9 $$", NULL };

		buf_reset(&out);
		argv = hosts_argv(hs, 0, child, HOSTS_JOB, 1, 1);
		CHECK_INT(run_remote(argv[10], NULL, 1, &out), 0);
		CHECK_STR(out.data != NULL ? out.data : "", "parent\n");
		buf_reset(&out);
		argv = hosts_argv(hs, 0, killed, HOSTS_JOB, 1, 1);
		CHECK_INT(run_remote(argv[10], NULL, 1, &out), 137);
	}

	/* The connection gone: the job's process group is ended. */
	{
		char *sleeper[] = { (char *)"/bin/sh", (char *)"-c",
			(char *)"sleep 30; echo late", NULL };

		buf_reset(&out);
		argv = hosts_argv(hs, 0, sleeper, HOSTS_JOB, 1, 1);
		CHECK(run_remote(argv[10], NULL, 0, &out) >= 128);
		CHECK(out.len == 0);
	}
	/* --pipe: the job reads its block on its stdin. */
	{
		char *cat[] = { (char *)"/bin/sh", (char *)"-c",
			(char *)"wc -c | tr -d ' '", NULL };

		buf_reset(&out);
		argv = hosts_argv(hs, 0, cat, HOSTS_PIPE, 1, 1);
		CHECK_INT(run_remote(argv[10], NULL, 0, &out), 0);
		CHECK_STR(out.data != NULL ? out.data : "", "0\n");
	}
	/*
	 * --worker: the items arrive on its stdin as sent; its status is the
	 * wrapper's; one that goes on after its input ended is ended.
	 */
	{
		char *w[] = { (char *)"/bin/sh", (char *)"-c",
			(char *)"while IFS= read -r x; do printf '<%s>' "
			        "\"$x\"; "
			        "done; echo \" $XPOOL_SLOT\"; exit 5",
			NULL };
		char *stuck[] = { (char *)"/bin/sh", (char *)"-c",
			(char *)"read x; echo $x; sleep 30; echo late", NULL };

		buf_reset(&out);
		argv = hosts_argv(hs, 0, w, HOSTS_WORKER, 0, 2);
		CHECK_INT(
		    run_remote(argv[10], "a\n$(b) 'c'\n-n\n", 0, &out), 5);
		CHECK_STR(
		    out.data != NULL ? out.data : "", "<a><$(b) 'c'><-n> 2\n");
		buf_reset(&out);
		argv = hosts_argv(hs, 0, stuck, HOSTS_WORKER, 0, 2);
		CHECK(run_remote(argv[10], "x\n", 0, &out) >= 128);
		CHECK_STR(out.data != NULL ? out.data : "", "x\n");
	}
	hosts_free(hs);
	buf_free(&msg);
	buf_free(&out);
}

/* --workdir and --env: the remote shell reads them back as they were. */
static void
test_env_workdir(void)
{
	struct buf msg = BUF_INIT, out = BUF_INIT;
	const char *l[] = { "h1" };
	char *env[] = { (char *)"V=it's $(echo no) `id` \"q\";\n*" };
	struct hosts_conf c;
	struct hosts *hs = NULL;
	char *job[] = { (char *)"/bin/sh", (char *)"-c",
		(char *)"printf '%s|' \"$V\" \"$(pwd)\"", NULL };
	char **argv;

	memset(&c, 0, sizeof(c));
	c.logins = (char **)(uintptr_t)l;
	c.nlogins = 1;
	c.files.workdir = "/";
	c.files.env = env;
	c.files.nenv = 1;
	CHECK(hosts_parse(&c, &hs, &msg) == 0);
	argv = hosts_argv(hs, 0, job, HOSTS_JOB, 2, 1);
	CHECK_INT(run_remote(argv[8], NULL, 1, &out), 0);
	CHECK_STR(out.data != NULL ? out.data : "",
	    "it's $(echo no) `id` \"q\";\n*|/|");
	hosts_free(hs);
	buf_free(&msg);
	buf_free(&out);
}

/* Is host i (by name) in the groups g ("A+B")? */
static int
in(const struct hosts *hs, const char *name, const char *g)
{
	for (size_t i = 0; i < hosts_count(hs); i++)
		if (strcmp(hosts_name(hs, (int)i), name) == 0)
			return hosts_in_groups(hs, (int)i, g, strlen(g));
	return -1;
}

static void
test_groups(void)
{
	struct buf msg = BUF_INIT;
	struct hosts *hs;

	{
		/* GNU parallel's forms: @A+B/[N/]HOST, and the same host twice.
		 */
		const char *l[] = { "@g1+g2/2/h1,@g3/:", "h2", "@g4/h2" };

		hs = parsed(l, 3, NULL, &msg);
		CHECK(hs != NULL);
		if (hs != NULL) {
			CHECK_INT((long)hosts_count(hs), 3);
			CHECK_STR(hosts_name(hs, 0), "h1");
			CHECK_INT(in(hs, "h1", "g1"), 1);
			CHECK_INT(in(hs, "h1", "g2"), 1);
			CHECK_INT(in(hs, "h1", "g3"), 0);
			CHECK_INT(in(hs, "h1", "g3+g2"), 1);
			/* A host is in the groups of its own names. */
			CHECK_INT(in(hs, "h1", "h1"), 1);
			CHECK_INT(in(hs, ":", "g3"), 1);
			CHECK_INT(in(hs, "h2", "g4"), 1);
			CHECK(hosts_group_known(hs, "g9+g4", 5));
			CHECK(!hosts_group_known(hs, "g9", 2));
			CHECK(!hosts_group_known(hs, "", 0));
			hosts_free(hs);
		}
	}
	{
		/* -S @GROUP: only the hosts of the groups given so. */
		const char *l[] = { "@a/h1,@b/h2,@c/h3", "@b", "@c/" };

		hs = parsed(l, 3, NULL, &msg);
		CHECK(hs != NULL);
		if (hs != NULL) {
			CHECK_INT((long)hosts_count(hs), 2);
			CHECK_STR(hosts_name(hs, 0), "h2");
			CHECK_STR(hosts_name(hs, 1), "h3");
			hosts_free(hs);
		}
	}
	buf_free(&msg);
}

int
main(void)
{
	test_logins();
	test_groups();
	test_remote_command();
	test_env_workdir();
	return unit_done("hosts");
}
