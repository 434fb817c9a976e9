/*
 * onall.c -- --onall and --nonall: an xpool of its own for every host.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "diag.h"
#include "onall.h"
#include "xmalloc.h"

struct one {
	const char *login;
	pid_t pid; /* running, or 0 */
	int out; /* its standard output, kept; or -1 */
	int done;
	int failed;
};

/* An unlinked file in dir, or -1 (said). */
static int
kept_file(const char *dir, const char *what)
{
	int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);

	if (fd < 0)
		xpool_err("cannot make a file for %s in %s: %s; give a "
		          "writable --tmpdir",
		    what, dir, strerror(errno));
	return fd;
}

/* Standard input, read once into an unlinked file; -1 (said). */
static int
copy_stdin(const char *dir)
{
	char b[65536];
	ssize_t n;
	int fd = kept_file(dir, "the items of standard input");

	while (fd >= 0 &&
	    ((n = read(STDIN_FILENO, b, sizeof(b))) > 0 ||
	        (n < 0 && errno == EINTR))) {
		for (ssize_t at = 0, w; at < n; at += w)
			if ((w = write(fd, b + at, (size_t)(n - at))) < 0 &&
			    errno != EINTR) {
				xpool_err("cannot keep the items of standard "
				          "input in %s: %s; give a --tmpdir "
				          "with room",
				    dir, strerror(errno));
				close(fd);
				return -1;
			} else if (w < 0)
				w = 0;
	}
	return fd;
}

/* In the child: the xpool of one host.  Never returns. */
static void
run_one(const struct onall_conf *c, const struct one *o, int items)
{
	char path[64];
	int in;

	/* The xpool of a host ends its jobs when this one dies. */
	if (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0 || getppid() != c->parent)
		_exit(255);
	if (items >= 0) {
		/* Its own offset in the items: a file of its own. */
		snprintf(path, sizeof(path), "/proc/self/fd/%d", items);
		in = open(path, O_RDONLY);
	} else
		in = open("/dev/null", O_RDONLY);
	if (in < 0 || dup2(in, STDIN_FILENO) < 0 ||
	    dup2(o->out, STDOUT_FILENO) < 0 ||
	    setenv(ONALL_ENV, o->login, 1) != 0) {
		xpool_err("cannot start the xpool for host %s: %s", o->login,
		    strerror(errno));
		_exit(255);
	}
	execv("/proc/self/exe", c->argv);
	xpool_err("cannot run xpool again (/proc/self/exe) for host %s: %s; "
	          "run the command on each host with -S HOST instead",
	    o->login, strerror(errno));
	_exit(255);
}

/* Its kept output to standard output; -1 when that cannot be written. */
static int
flush_one(struct one *o)
{
	char b[65536];
	ssize_t n;
	off_t at = 0;
	int r = 0;

	while ((n = pread(o->out, b, sizeof(b), at)) > 0 ||
	    (n < 0 && errno == EINTR)) {
		if (n < 0)
			continue;
		at += n;
		for (ssize_t k = 0, w; r == 0 && k < n; k += w)
			if ((w = write(STDOUT_FILENO, b + k, (size_t)(n - k))) <
			    0) {
				if (errno != EINTR)
					r = -1;
				w = 0;
			}
	}
	close(o->out);
	o->out = -1;
	return r;
}

static int
by_login(const void *a, const void *b)
{
	return strcmp(
	    ((const struct one *)a)->login, ((const struct one *)b)->login);
}

static void
reap(struct one *all, size_t n, pid_t pid, int st)
{
	for (size_t i = 0; i < n; i++)
		if (all[i].pid == pid) {
			all[i].pid = 0;
			all[i].done = 1;
			all[i].failed = !WIFEXITED(st) || WEXITSTATUS(st) != 0;
		}
}

/*
 * Run the command line again for every host; returns the exit status:
 * the number of hosts whose xpool failed (up to 101), or 255.
 */
int
onall_run(const struct onall_conf *c)
{
	size_t n = hosts_count(c->hosts), next = 0, shown = 0, running = 0;
	struct one *all = xcalloc(n > 0 ? n : 1, sizeof(*all));
	long most = c->jobs > 0 ? c->jobs : (long)n;
	int items = -1, status = 0, broken = 0;
	unsigned long failed = 0;

	for (size_t i = 0; i < n; i++) {
		all[i].login = hosts_name(c->hosts, (int)i);
		all[i].out = -1;
	}
	qsort(all, n, sizeof(*all), by_login);
	if (c->stdin_items && n > 0 && (items = copy_stdin(c->tmpdir)) < 0)
		status = 255;
	while (status == 0 && shown < n) {
		int st;
		pid_t pid;

		while (next < n && (long)running < most) {
			struct one *o = &all[next];

			if ((o->out = kept_file(c->tmpdir, "a host's output")) <
			    0)
				break;
			fflush(NULL);
			if ((o->pid = fork()) < 0) {
				xpool_err("cannot start the xpool for host "
				          "%s: %s",
				    o->login, strerror(errno));
				break;
			}
			if (o->pid == 0)
				run_one(c, o, items);
			next++;
			running++;
		}
		if (running == 0) {
			status = 255; /* could not start one: said */
			break;
		}
		if ((pid = waitpid(-1, &st, 0)) < 0) {
			if (errno == EINTR)
				continue;
			xpool_err("waiting for the hosts' xpools: %s",
			    strerror(errno));
			status = 255;
			break;
		}
		running--;
		reap(all, n, pid, st);
		for (; shown < n && all[shown].done; shown++) {
			failed += (unsigned long)all[shown].failed;
			if (!broken && flush_one(&all[shown]) != 0) {
				xpool_err("cannot write to standard output: "
				          "%s",
				    strerror(errno));
				broken = 1;
			}
		}
	}
	for (size_t i = 0; i < n; i++) {
		while (all[i].pid > 0 && waitpid(all[i].pid, NULL, 0) < 0 &&
		    errno == EINTR)
			;
		if (all[i].out >= 0)
			close(all[i].out);
	}
	if (items >= 0)
		close(items);
	free(all);
	if (status != 0 || broken)
		return 255;
	return failed > 100 ? 101 : (int)failed;
}
