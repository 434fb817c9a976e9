/*
 * part.h -- --pipe-part: regular files cut into parts at record ends.
 *
 * Owns the -a files of --pipe-part, open from the start of the run to its
 * end, and the parts they are cut into, as GNU parallel cuts them: a cut
 * every --block bytes, moved on to just past the next --recend that is
 * followed by --recstart (the separator: --recend then --recstart; empty:
 * a cut anywhere).  With --regexp, a cut is moved on to the end of the
 * last --recend match followed by a --recstart match in what was read
 * (GNU parallel's greedy Perl match).  With --group-by, the cuts are
 * where the key of the lines changes, found by GNU parallel's binary
 * search from every --block bytes (the file is sorted by the key), so
 * that a part holds whole groups.  A part is a file, an offset and a
 * length: the job's stdin is given the bytes straight from the file (proc.c),
 * never through xpool's memory.  With --block -N the block is the files' size
 * over N times the job slots, plus 1, so that each slot gets about N
 * parts.  A file that cannot be opened, or is not a regular file or block
 * device, stops the run before any job (xpool_fatal).
 * Knows nothing of jobs, records or commands.
 */
#ifndef XPOOL_PART_H
#define XPOOL_PART_H

#include <regex.h>
#include <stddef.h>
#include <sys/types.h>

/* One part: len bytes of the file open as fd, from off. */
struct part {
	int fd;
	off_t off;
	off_t len;
};

/*
 * Where records end: --recend then --recstart as one string, cut after its
 * first cut bytes; or with re, a regex "(recend)(recstart)" (compiled
 * without REG_NEWLINE, as Perl's /s), cut where its first group ends, and
 * re_at, the same anchored: "^(recend)(recstart)".
 */
struct part_sep {
	const char *sep;
	size_t len, cut;
	const regex_t *re, *re_at;
	/* --group-by: a line's key (see struct input_opts) */
	const char *(*key)(
	    void *, const char *, size_t, const char *, size_t, size_t *);
	void *keyarg;
};

struct parts;

int part_cuts(int, off_t, off_t, const struct part_sep *, off_t **, size_t *);
struct parts *parts_open(
    const char *const *, size_t, off_t, long, const struct part_sep *);
int parts_next(struct parts *, struct part *);
size_t parts_count(const struct parts *);
void parts_free(struct parts *);

#endif
