/*
 * joblog.h -- the --joblog file, written and read back.
 *
 * Owns the joblog's descriptor (fd 1 for "--joblog -") and its format:
 * GNU parallel's nine TAB-separated columns, one line per job in
 * completion order, each line one write(2) (the format in full is in
 * records.h).  Reads a joblog back for --resume and --resume-failed;
 * records.c makes a set of the job numbers for its callers; and for
 * --retry-failed, each job's command.
 *
 * Knows nothing of captured output or of the other record files; records.c
 * calls it.  Tested through records.h, in tests/unit/test_records.c.
 */
#ifndef XPOOL_JOBLOG_H
#define XPOOL_JOBLOG_H

#include <stddef.h>

#include "recdef.h"

struct joblog;
struct rec_data;

/*
 * Create, truncate or append to the joblog, and write the header when the
 * log is new: not with +FILE, and when resuming only if the file was
 * missing or empty.  Before appending to a file whose last line has no
 * newline, end that line, so that the first line appended stays a line of
 * its own.  NULL, with a message printed, on an error.
 */
struct joblog *joblog_open(const struct rec_joblog *, int resuming);

/*
 * The job's line; -1, with a message printed, if it cannot be written.
 * After a failed write nothing more is written: -1 at once, no message.
 */
int joblog_line(
    struct joblog *, const struct rec_data *, const struct rec_end *);

/* Close the file; -1, with a message printed, on an error. */
int joblog_close(struct joblog *);

/* Free it, closing what joblog_close() did not; NULL is fine. */
void joblog_free(struct joblog *);

/*
 * The job numbers of a joblog's lines, in the file's order and with
 * repeats; with failed_too, only of the lines with Exitval 0 and Signal 0.
 * The header line is skipped, a last line without a newline is read like
 * the others, and a missing file has none.  0, with *seqs to free; -1,
 * with a message printed, if the file cannot be read or a line is not in
 * the format ("xpool: FILE: line N is not a joblog line; ...").
 */
int joblog_read(
    const char *path, int failed_too, unsigned long **seqs, size_t *nseqs);

/*
 * --retry-failed: the command of each job number, as the last of its
 * lines has it ((*cmds)[seq - 1], with newlines for the NULs that stand
 * for them); NULL for a number no line has.  *ncmds is the highest
 * number.  0; 1 when there is no file (nothing then); -1, with a message
 * printed, for the errors of joblog_read() and for a job number 0 or
 * above JOBLOG_MAX_SEQ.
 */
#define JOBLOG_MAX_SEQ (1UL << 24)
int joblog_commands(const char *path, char ***cmds, size_t *ncmds);
void joblog_free_commands(char **, size_t);

#endif
