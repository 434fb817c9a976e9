/*
 * pipefile.c -- --cat and --fifo: a job's block as a file named by {}.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pipefile.h"
#include "template.h"
#include "xmalloc.h"

/*
 * What sh runs, with the name as $0 and the command as "$@": --cat copies
 * the block, then runs the command in its place; --fifo runs the command
 * while it copies the block into the pipe (which waits for the command
 * to open it), then waits for the command and exits with its status.
 */
static const char *const script[] = {
	[PIPEFILE_CAT] = "cat >\"$0\" || exit; exec \"$@\"",
	[PIPEFILE_FIFO] = "\"$@\" & cat >\"$0\"; wait $!",
};

/*
 * A new name in --tmpdir, made into an empty file or a named pipe only for
 * this job, and the job's {} in v: 0, or the errno of what failed.
 */
int
pipefile_make(struct pipefile *pf, struct tpl_vals *v)
{
	int fd, r = 0;

	for (int tries = 0;; tries++) {
		buf_reset(&pf->name);
		buf_printf(&pf->name, "%s/xpool.XXXXXX", pf->tmpdir);
		if (pf->dry_run)
			break;
		if ((fd = mkstemp(pf->name.data)) < 0) {
			r = errno;
			break;
		}
		close(fd);
		if (pf->kind == PIPEFILE_CAT)
			break;
		/* A named pipe in the place of the file. */
		if (unlink(pf->name.data) != 0) {
			r = errno;
			break;
		}
		if (mkfifo(pf->name.data, 0600) == 0)
			break;
		if ((r = errno) != EEXIST || tries == 100)
			break;
		r = 0;
	}
	if (r != 0) {
		buf_reset(&pf->name);
		return r;
	}
	pf->field[0] = pf->name.data;
	pf->flen[0] = pf->name.len;
	v->field = pf->field;
	v->flen = pf->flen;
	v->nfield = 1;
	return 0;
}

/* argv run by sh, which gives the file or pipe its block first. */
char **
pipefile_argv(struct pipefile *pf, char **argv)
{
	size_t n = 0;

	while (argv[n] != NULL)
		n++;
	if (n + 5 > pf->cap) {
		pf->cap = n + 5;
		pf->argv = xreallocarray(pf->argv, pf->cap, sizeof(*pf->argv));
	}
	pf->argv[0] = (char *)"/bin/sh";
	pf->argv[1] = (char *)"-c";
	pf->argv[2] = (char *)script[pf->kind];
	pf->argv[3] = pf->name.data;
	memcpy(pf->argv + 4, argv, (n + 1) * sizeof(*argv));
	return pf->argv;
}

/* The name, for the job that started with it to remove when it is over. */
char *
pipefile_take(struct pipefile *pf)
{
	char *name = xstrndup(pf->name.data, pf->name.len);

	buf_reset(&pf->name);
	return name;
}

/* No job started with the name: remove what was made. */
void
pipefile_drop(struct pipefile *pf)
{
	if (pf->name.len > 0 && !pf->dry_run)
		(void)unlink(pf->name.data);
	buf_reset(&pf->name);
}

void
pipefile_free(struct pipefile *pf)
{
	pipefile_drop(pf);
	buf_free(&pf->name);
	free(pf->argv);
}
