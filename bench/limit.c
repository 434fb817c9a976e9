/*
 * limit.c -- the floor for any runner that starts one process per job: read
 * items (one per line) from standard input, run ARGV plus the item for each
 * with posix_spawn, at most J at once, and reap them.  No output handling.
 *
 *   limit J PROGRAM [ARG]... < items
 */
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

int
main(int argc, char **argv)
{
	char *line = NULL, **args;
	size_t cap = 0;
	ssize_t n;
	int running = 0, failed = 0, st;
	long j;

	if (argc < 3 || (j = strtol(argv[1], NULL, 10)) < 1) {
		fprintf(stderr, "usage: limit J PROGRAM [ARG]... < items\n");
		return 2;
	}
	if ((args = calloc((size_t)argc, sizeof(*args))) == NULL)
		return 2;
	for (int i = 2; i < argc; i++)
		args[i - 2] = argv[i];
	while ((n = getline(&line, &cap, stdin)) > 0) {
		pid_t pid;
		int r;

		if (line[n - 1] == '\n')
			line[n - 1] = '\0';
		args[argc - 2] = line;
		while (running >= j) {
			if (wait(&st) < 0)
				return 2;
			running--;
			failed += st != 0;
		}
		if ((r = posix_spawn(&pid, args[0], NULL, NULL, args,
			 environ)) != 0) {
			fprintf(stderr, "limit: %s: %s\n", args[0], strerror(r));
			return 2;
		}
		running++;
	}
	while (running > 0 && wait(&st) > 0) {
		running--;
		failed += st != 0;
	}
	free(line);
	free(args);
	return failed != 0;
}
