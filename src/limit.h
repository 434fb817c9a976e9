/*
 * limit.h -- --limit: GNU parallel's dynamic job limit.
 *
 * Owns the check made before each start: a shell command whose exit
 * status says 0, below the limit (start a job); 1, over it (start none
 * now); 2, way over it (end the youngest job).  Or one of GNU parallel's
 * three built-ins, measured here from /proc where GNU runs a script:
 * `mem SIZE' (over below SIZE of free memory, way over below half of it,
 * MemFree + Buffers + Cached + SwapCached), `load N' (over with more than
 * N processes running or in uninterruptible sleep) and `io N' (over when a
 * disk was busy more than N% of the time since the last measurement, which
 * is taken at most once a second; over until there is one).  The command
 * runs with SSHLOGIN=: in its environment, its standard input /dev/null;
 * it is waited for, so its exit status is its own.  The parsers are pure
 * and unit-tested in tests/unit/test_limit.c.  Knows nothing of jobs.
 */
#ifndef XPOOL_LIMIT_H
#define XPOOL_LIMIT_H

#include <stdint.h>

#define LIMIT_RECHECK_MS 250 /* over the limit: ask again this soon */

enum limit_verdict { LIMIT_BELOW, LIMIT_OVER, LIMIT_WAY_OVER };

struct limit;

struct limit *limit_new(const char *, const char **);
void limit_free(struct limit *);
enum limit_verdict limit_check(struct limit *, uint64_t);
const char *limit_text(const struct limit *);

int limit_parse_meminfo(const char *, uint64_t *);
int limit_parse_diskstats(const char *, uint64_t *, size_t);

#endif
