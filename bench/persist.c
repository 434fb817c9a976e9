/*
 * persist.c -- the floor for persistent workers: start J copies of PROGRAM
 * once, send each C input lines at a time on its stdin, read its C answer
 * lines back, and write the answers to standard output in input order.
 * The chunks go round the workers in turn, so each worker's answers come
 * back in the order they are wanted; nothing else is done per line.
 *
 *   persist J C PROGRAM [ARG]... < items
 *
 * PROGRAM must answer each line with one line (cat does).  A chunk and its
 * answers must fit in a pipe (64 KiB): C lines of a few bytes.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

struct worker {
	pid_t pid;
	int in, out; /* its stdin (we write), its stdout (we read) */
	long pending; /* lines sent, not yet answered */
	char buf[65536];
	size_t len;
};

static void
die(const char *what)
{
	perror(what);
	exit(2);
}

static void
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t k = write(fd, p, n);

		if (k < 0) {
			if (errno == EINTR)
				continue;
			die("write");
		}
		p += k;
		n -= (size_t)k;
	}
}

/* Send up to c lines of input to w; 0 when the input is over. */
static long
send_chunk(struct worker *w, long c, char **line, size_t *cap)
{
	static char out[65536];
	size_t len = 0;
	long sent = 0;
	ssize_t n;

	while (sent < c && (n = getline(line, cap, stdin)) > 0) {
		if (len + (size_t)n > sizeof(out)) {
			write_all(w->in, out, len);
			len = 0;
		}
		memcpy(out + len, *line, (size_t)n);
		len += (size_t)n;
		sent++;
	}
	write_all(w->in, out, len);
	w->pending = sent;
	return sent;
}

/* Read w's answers to its pending lines and copy them to stdout. */
static void
take_answers(struct worker *w)
{
	size_t start = 0;

	while (w->pending > 0) {
		char *nl;
		ssize_t n;

		while (w->pending > 0 &&
		    (nl = memchr(w->buf + start, '\n', w->len - start)) != NULL) {
			start = (size_t)(nl - w->buf) + 1;
			w->pending--;
		}
		if (w->pending == 0)
			break;
		if (start > 0) {
			write_all(1, w->buf, start);
			memmove(w->buf, w->buf + start, w->len - start);
			w->len -= start;
			start = 0;
		}
		n = read(w->out, w->buf + w->len, sizeof(w->buf) - w->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			die("read (a worker ended early)");
		w->len += (size_t)n;
	}
	write_all(1, w->buf, start);
	memmove(w->buf, w->buf + start, w->len - start);
	w->len -= start;
}

int
main(int argc, char **argv)
{
	struct worker *w;
	char *line = NULL;
	size_t cap = 0;
	long j, c, done = 0;
	int st;

	if (argc < 4 || (j = strtol(argv[1], NULL, 10)) < 1 ||
	    (c = strtol(argv[2], NULL, 10)) < 1) {
		fprintf(stderr, "usage: persist J C PROGRAM [ARG]... < items\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	if ((w = calloc((size_t)j, sizeof(*w))) == NULL)
		die("calloc");
	for (long i = 0; i < j; i++) {
		posix_spawn_file_actions_t fa;
		int in[2], out[2];

		if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0)
			die("pipe2");
		posix_spawn_file_actions_init(&fa);
		posix_spawn_file_actions_adddup2(&fa, in[0], 0);
		posix_spawn_file_actions_adddup2(&fa, out[1], 1);
		if ((errno = posix_spawnp(&w[i].pid, argv[3], &fa, NULL,
		         argv + 3, environ)) != 0)
			die(argv[3]);
		posix_spawn_file_actions_destroy(&fa);
		close(in[0]);
		close(out[1]);
		w[i].in = in[1];
		w[i].out = out[0];
	}
	/* Prime every worker, then: answers of the oldest chunk, a new one. */
	for (long i = 0; i < j; i++)
		if (send_chunk(&w[i], c, &line, &cap) == 0)
			break;
	for (long i = 0;; i = (i + 1) % j) {
		if (w[i].pending == 0) {
			done = 1;
			for (long k = 0; k < j; k++)
				done = done && w[k].pending == 0;
			if (done)
				break;
			continue;
		}
		take_answers(&w[i]);
		send_chunk(&w[i], c, &line, &cap);
	}
	for (long i = 0; i < j; i++) {
		close(w[i].in);
		close(w[i].out);
		waitpid(w[i].pid, &st, 0);
	}
	free(line);
	free(w);
	return 0;
}
