/*
 * pipefile.h -- --cat and --fifo: a job's block as a file named by {}.
 *
 * Owns the temporary file (--cat) or named pipe (--fifo) each job of
 * --pipe or --pipe-part gets in --tmpdir, as GNU parallel gives one: its
 * name is the job's {}, and the job is started through sh, which copies
 * the block from its stdin into it (--cat: all of it, then runs the
 * command; --fifo: while the command runs and reads it) and exits with
 * the command's status.  The name is made before the command is expanded,
 * handed to the job that starts (pipefile_take), or removed when none
 * does (pipefile_drop); the job removes it when it is over.
 * Knows nothing of jobs, records or output.
 */
#ifndef XPOOL_PIPEFILE_H
#define XPOOL_PIPEFILE_H

#include <stddef.h>

#include "buf.h"

struct tpl_vals;

enum { PIPEFILE_NONE, PIPEFILE_CAT, PIPEFILE_FIFO };

struct pipefile {
	int kind; /* PIPEFILE_* */
	const char *tmpdir;
	int dry_run; /* names only: nothing is made */
	struct buf name; /* the next job's, or empty */
	char *field[1]; /* ... as its {} */
	size_t flen[1];
	char **argv; /* the job's command, wrapped */
	size_t cap;
};

int pipefile_make(struct pipefile *, struct tpl_vals *);
char **pipefile_argv(struct pipefile *, char **);
char *pipefile_take(struct pipefile *);
void pipefile_drop(struct pipefile *);
void pipefile_free(struct pipefile *);

#endif
