/*
 * capture.c -- the floor for any runner that keeps each job's output together
 * and in input order: like limit.c (items one per line on standard input,
 * PROGRAM [ARG]... ITEM started with posix_spawn, at most J at once), but each
 * child's standard output is a pipe.  One poll(2) loop reads every pipe; the
 * oldest unfinished job's output goes straight to our standard output as it
 * arrives, later jobs' output waits in memory until their turn.  A job ends
 * at EOF on its pipe; it is then reaped by pid (a child that closes its
 * standard output and lingers holds up the loop until it exits: a floor, not
 * a runner).  Standard error and standard input are inherited.
 *
 *   capture J PROGRAM [ARG]... < items
 *
 * Exit status: 0 all jobs succeeded, 1 some failed, 2 capture itself failed.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define CHUNK (128 * 1024) /* bytes asked of read(2) at a time */

extern char **environ;

struct job {
	struct job *next; /* the next job in input order */
	pid_t pid;
	int fd; /* read end of the child's stdout; -1 after EOF */
	char *buf; /* output held until this job is the head */
	size_t len, cap;
};

static struct job *head, *tail; /* every job not yet fully written */
static char chunk[CHUNK]; /* the head job's reads pass through here */

static void
die(const char *what, int e)
{
	fprintf(stderr, "capture: %s: %s\n", what, strerror(e));
	exit(2);
}

static void
write_all(const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(STDOUT_FILENO, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			die("write", errno);
		}
		p += w;
		n -= (size_t)w;
	}
}

static pid_t
spawn(char **args, int *fd)
{
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int p[2], r;

	if (pipe2(p, O_CLOEXEC) < 0)
		die("pipe2", errno);
	/* dup2 clears close-on-exec on fd 1; other pipe ends stay shut. */
	if ((r = posix_spawn_file_actions_init(&fa)) != 0)
		die("posix_spawn_file_actions_init", r);
	if ((r = posix_spawn_file_actions_adddup2(&fa, p[1], 1)) != 0)
		die("posix_spawn_file_actions_adddup2", r);
	if ((r = posix_spawn(&pid, args[0], &fa, NULL, args, environ)) != 0)
		die(args[0], r);
	if ((r = posix_spawn_file_actions_destroy(&fa)) != 0)
		die("posix_spawn_file_actions_destroy", r);
	if (close(p[1]) < 0)
		die("close", errno);
	*fd = p[0];
	return pid;
}

/* Read once from j's pipe; returns 0 at EOF. */
static ssize_t
drain(struct job *j)
{
	ssize_t n;

	if (j == head) {
		do
			n = read(j->fd, chunk, sizeof(chunk));
		while (n < 0 && errno == EINTR);
		if (n > 0)
			write_all(chunk, (size_t)n);
	} else {
		if (j->cap - j->len < CHUNK) {
			size_t cap = j->cap * 2 > j->len + CHUNK
			    ? j->cap * 2
			    : j->len + CHUNK;

			if ((j->buf = realloc(j->buf, cap)) == NULL)
				die("realloc", errno);
			j->cap = cap;
		}
		do
			n = read(j->fd, j->buf + j->len, j->cap - j->len);
		while (n < 0 && errno == EINTR);
		if (n > 0)
			j->len += (size_t)n;
	}
	if (n < 0)
		die("read", errno);
	return n;
}

/* Write out and free every finished job at the head; flush the new head. */
static void
advance(void)
{
	while (head != NULL) {
		struct job *j = head;

		if (j->len > 0) {
			write_all(j->buf, j->len);
			j->len = 0;
		}
		free(j->buf);
		j->buf = NULL;
		j->cap = 0;
		if (j->fd >= 0)
			return;
		head = j->next;
		if (head == NULL)
			tail = NULL;
		free(j);
	}
}

int
main(int argc, char **argv)
{
	struct job **live;
	struct pollfd *pfd;
	char *line = NULL, **args;
	size_t cap = 0;
	ssize_t n = 1;
	size_t nj, running = 0;
	long v;
	int failed = 0;

	if (argc < 3 || (v = strtol(argv[1], NULL, 10)) < 1 || v > 4096) {
		fprintf(stderr, "usage: capture J PROGRAM [ARG]... < items\n");
		return 2;
	}
	nj = (size_t)v;
	if ((args = calloc((size_t)argc, sizeof(*args))) == NULL ||
	    (live = calloc(nj, sizeof(*live))) == NULL ||
	    (pfd = calloc(nj, sizeof(*pfd))) == NULL)
		die("calloc", errno);
	for (int i = 2; i < argc; i++)
		args[i - 2] = argv[i];
	for (;;) {
		while (running < nj && n > 0) {
			struct job *j;

			errno = 0;
			if ((n = getline(&line, &cap, stdin)) < 0) {
				if (errno != 0)
					die("standard input", errno);
				break;
			}
			if (n > 0 && line[n - 1] == '\n')
				line[n - 1] = '\0';
			args[argc - 2] = line;
			if ((j = calloc(1, sizeof(*j))) == NULL)
				die("calloc", errno);
			j->pid = spawn(args, &j->fd);
			if (tail != NULL)
				tail->next = j;
			else
				head = j;
			tail = j;
			live[running++] = j;
		}
		if (running == 0)
			break;
		for (size_t i = 0; i < running; i++) {
			pfd[i].fd = live[i]->fd;
			pfd[i].events = POLLIN;
		}
		if (poll(pfd, running, -1) < 0) {
			if (errno == EINTR)
				continue;
			die("poll", errno);
		}
		/* Backwards, so that removing live[i] moves a visited job. */
		for (size_t i = running; i-- > 0;) {
			struct job *j = live[i];
			int st;

			if (pfd[i].revents == 0 || drain(j) > 0)
				continue;
			if (close(j->fd) < 0)
				die("close", errno);
			j->fd = -1;
			while (waitpid(j->pid, &st, 0) < 0)
				if (errno != EINTR)
					die("waitpid", errno);
			failed += st != 0;
			live[i] = live[--running];
			pfd[i] = pfd[running];
		}
		advance();
	}
	advance();
	free(line);
	free(args);
	free(live);
	free(pfd);
	return failed != 0;
}
