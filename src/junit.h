/*
 * junit.h -- the --junit report.
 *
 * Owns the report file and the test cases written so far: one
 * <testcase> per job, with a <failure> that says why a failed job failed
 * and the job's output in <system-out> and <system-err>.  The file is
 * created when the run starts and written whole at its end, when the counts
 * are known; the test cases wait in an unlinked temporary file (spool.h)
 * meanwhile.  The format in full is in records.h.
 *
 * Knows nothing of the joblog or --results, nor of how output is captured
 * (recio.h lends it the captured streams).  records.c calls it.  Tested
 * through records.h, in tests/unit/test_records.c.
 */
#ifndef XPOOL_JUNIT_H
#define XPOOL_JUNIT_H

#include "recdef.h"

struct junit;
struct rec_io;
struct rec_data;

/*
 * Create the report file, and the temporary file for the test cases under
 * tmpdir.  NULL, with a message printed, if the report cannot be created.
 */
struct junit *junit_open(const char *path, const char *tmpdir);

/*
 * The job's test case, with its captured output.  -1, with a message
 * printed, on an error; after one, the report is not written.
 */
int junit_case(struct junit *, struct rec_io *, const struct rec_data *,
    const struct rec_end *);

/* Write the whole report and close it; -1, with a message, on an error. */
int junit_close(struct junit *, struct rec_io *);

/* Free it, closing what junit_close() did not; NULL is fine. */
void junit_free(struct junit *);

#endif
