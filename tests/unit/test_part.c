/*
 * test_part.c -- --pipe-part's cuts (src/part.h): every --block bytes,
 * moved on to just past the next separator, as GNU parallel's
 * find_split_positions() puts them; a separator that straddles two reads;
 * --recstart alone; a cut anywhere; no separator after a cut; with
 * --regexp, after the last match in what was read, as GNU parallel's
 * greedy Perl match; --group-by's cuts where the key changes.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "part.h"
#include "unit.h"

/* A temporary file holding len bytes of text, open for reading. */
static int
file_of(const char *text, size_t len)
{
	char name[] = "/tmp/test_part.XXXXXX";
	int fd = mkstemp(name);

	if (fd < 0 || write(fd, text, len) != (ssize_t)len) {
		perror("test_part: temporary file");
		exit(1);
	}
	unlink(name);
	return fd;
}

/* The cuts of len bytes of text by ps, as "0 8 16 21". */
static void
cuts_by(const char *text, size_t len, off_t block, const struct part_sep *ps,
    char *out, size_t outlen)
{
	int fd = file_of(text, len);
	off_t *pos = NULL;
	size_t n = 0, at = 0;

	out[0] = '\0';
	if (part_cuts(fd, (off_t)len, block, ps, &pos, &n) != 0)
		snprintf(out, outlen, "error");
	for (size_t i = 0; i < n && at < outlen; i++)
		at += (size_t)snprintf(out + at, outlen - at, "%s%lld",
		    i ? " " : "", (long long)pos[i]);
	free(pos);
	close(fd);
}

/* The cuts at a separator string, its first sepcut bytes in the part. */
static void
cuts(const char *text, size_t len, off_t block, const char *sep, size_t sepcut,
    char *out, size_t outlen)
{
	struct part_sep ps = { sep, strlen(sep), sepcut, NULL, NULL, NULL,
		NULL };

	cuts_by(text, len, block, &ps, out, outlen);
}

/* --group-by 1: the key is the first TAB-separated column. */
static const char *
first_col(void *arg, const char *s, size_t len, const char *ahead, size_t alen,
    size_t *n)
{
	const char *tab = memchr(s, '\t', len);

	(void)arg;
	(void)ahead;
	(void)alen;
	*n = tab != NULL ? (size_t)(tab - s) : len;
	return s;
}

/* The cuts of text grouped by its first column. */
static void
group_cuts_of(const char *text, off_t block, char *out, size_t outlen)
{
	struct part_sep ps = { NULL, 0, 0, NULL, NULL, first_col, NULL };

	cuts_by(text, strlen(text), block, &ps, out, outlen);
}

/* The cuts with regexes "(recend)(recstart)", as input.c compiles them. */
static void
re_cuts(const char *text, size_t len, off_t block, const char *end,
    const char *start, char *out, size_t outlen)
{
	char ere[256], at[256];
	regex_t re, re_at;
	struct part_sep ps = { NULL, 0, 0, &re, &re_at, NULL, NULL };

	snprintf(ere, sizeof(ere), "(%s)(%s)", end, start);
	snprintf(at, sizeof(at), "^(%s)(%s)", end, start);
	if (regcomp(&re, ere, REG_EXTENDED) != 0 ||
	    regcomp(&re_at, at, REG_EXTENDED) != 0) {
		fprintf(stderr, "test_part: regcomp %s\n", ere);
		exit(1);
	}
	cuts_by(text, len, block, &ps, out, outlen);
	regfree(&re);
	regfree(&re_at);
}

int
main(void)
{
	const char *ten = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n";
	const char *fa = ">a\nAC\nGT\n>b\nTT\n>c\nGG\nCC\nAA\n>d\nA\n";
	char got[256];
	size_t big = 300 * 1024;
	char *b;

	/* seq 10 --block 6: GNU parallel's 1-4, 5-8, 9-10. */
	cuts(ten, strlen(ten), 6, "\n", 1, got, sizeof(got));
	CHECK_STR(got, "0 8 16 21");
	/* A block larger than the file: one part. */
	cuts(ten, strlen(ten), 100, "\n", 1, got, sizeof(got));
	CHECK_STR(got, "0 21");
	/* The last cut falls on the end: no empty part after it. */
	cuts(ten, strlen(ten), 19, "\n", 1, got, sizeof(got));
	CHECK_STR(got, "0 21");
	/* --recstart '>' alone: cut just before each '>' found. */
	cuts(fa, strlen(fa), 3, ">", 0, got, sizeof(got));
	CHECK_STR(got, "0 9 15 27 32");
	/* --recend 'T\n': past the end, before what follows. */
	cuts(fa, strlen(fa), 1, "T\n", 2, got, sizeof(got));
	CHECK_STR(got, "0 9 15 32");
	/* --recend '': anywhere. */
	cuts(ten, strlen(ten), 5, "", 0, got, sizeof(got));
	CHECK_STR(got, "0 5 10 15 20 21");
	/* No separator after the first cut: the rest is one part. */
	cuts("aaaaaaaaaa", 10, 3, "\n", 1, got, sizeof(got));
	CHECK_STR(got, "0 10");
	/* An empty file: no part. */
	cuts("", 0, 3, "\n", 1, got, sizeof(got));
	CHECK_STR(got, "0");

	/*
	 * --regexp: the last match in what was read from the cut on (here
	 * all of it), not the first: GNU parallel's /^(.*RECEND)RECSTART/s.
	 */
	re_cuts(fa, strlen(fa), 3, "\n", ">", got, sizeof(got));
	CHECK_STR(got, "0 27 32");
	re_cuts(ten, strlen(ten), 6, "[0-9]\n", "", got, sizeof(got));
	CHECK_STR(got, "0 21");
	/* Only --recstart: cut before its last match. */
	re_cuts(fa, strlen(fa), 1, "", ">[ab]", got, sizeof(got));
	CHECK_STR(got, "0 9 32");
	/* Nothing matches after the cut: one part. */
	re_cuts(fa, strlen(fa), 3, "\n", "@", got, sizeof(got));
	CHECK_STR(got, "0 32");
	/* A match that is found only once the second read is there. */
	b = malloc(big);
	memset(b, 'x', big);
	memcpy(b + 200 * 1024, "\n>", 2);
	re_cuts(b, big, 10, "\n", ">", got, sizeof(got));
	CHECK_STR(got, "0 204801 307200");
	free(b);

	/*
	 * --group-by: cut where the group there starts or ends (GNU
	 * parallel's numbers for this file); one group longer than the
	 * block stays whole; one group: one part.
	 */
	group_cuts_of("a\t1\na\t2\nb\t3\nb\t4\nb\t5\nc\t6\nd\t7\nd\t8\n", 10,
	    got, sizeof(got));
	CHECK_STR(got, "0 20 32");
	group_cuts_of("a\t1\na\t2\nb\t3\nb\t4\nb\t5\nc\t6\nd\t7\nd\t8\n", 20,
	    got, sizeof(got));
	CHECK_STR(got, "0 24 32");
	group_cuts_of("a\t1\na\t2\na\t3\na\t4\n", 3, got, sizeof(got));
	CHECK_STR(got, "0 16");
	group_cuts_of("", 3, got, sizeof(got));
	CHECK_STR(got, "0");

	/* A separator across the 128 KiB reads: found whole. */
	b = malloc(big);
	memset(b, 'x', big);
	memcpy(b + 128 * 1024 + 10 - 2, "<=>", 3);
	cuts(b, big, 10, "<=>", 3, got, sizeof(got));
	CHECK_STR(got, "0 131083 307200");
	free(b);
	return unit_done("part");
}
