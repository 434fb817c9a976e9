/*
 * cmdline.h -- how much a job's command may hold.
 *
 * Owns the argument-limit arithmetic: the system's ARG_MAX less the
 * environment jobs get and some headroom (what bfs does), the limit on one
 * argument (32 pages on Linux, whatever ARG_MAX says), and the packing of
 * records into one command for -X and -m, and the limit -s sets on the
 * command line as shown.  Pure: the caller passes the
 * system's numbers in.  Unit-tested in tests/unit/test_cmdline.c.
 */
#ifndef XPOOL_CMDLINE_H
#define XPOOL_CMDLINE_H

#include <stddef.h>

#include "buf.h"
#include "template.h"

struct cmdline {
	size_t total; /* bytes the argv strings and pointers may take */
	size_t one; /* bytes one argument may take, with its NUL */
	size_t room; /* when packing: bytes left for records */
	size_t used; /* ... taken by the records of the job being built */
	size_t chars; /* -s: a command line, as shown, is shorter; or 0 */
	size_t pack_chars; /* without -s, when packing: the same, or 0 */
	size_t cused; /* ... the length of the one being built */
};

enum {
	CMD_FITS, /* the record was added */
	CMD_FULL, /* it does not fit: it starts the next job */
	CMD_ALONE, /* it may not fit even alone: it is a job by itself */
};

void cmdline_init(struct cmdline *, long, long, size_t);
size_t cmdline_max_line(const struct cmdline *);
size_t cmdline_found_max(size_t);
size_t cmdline_pack_default(size_t);
void cmdline_pack_init(struct cmdline *, const struct tpl *);
int cmdline_pack(
    struct cmdline *, const struct tpl *, char **, size_t *, size_t, int);
int cmdline_check(const struct cmdline *, const struct tpl_cmd *, struct buf *);
int cmdline_check_chars(const struct cmdline *, size_t, struct buf *);

#endif
