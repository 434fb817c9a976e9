/*
 * results.h -- the --results directory tree and record files.
 *
 * Owns what --results names: the directory DIR, with a directory per job
 * (DIR/NAME1/VALUE1/.../{seq,stdout,stderr,exitval}) whose stdout and
 * stderr files are written as the output arrives; or the one .jsonl,
 * .json, .csv or .tsv file (or fd 1 for -.jsonl and the like) that gets a
 * record per job at its end, built from the output records.c captured.
 * The formats in full are in records.h.
 *
 * Knows nothing of the joblog or the JUnit report, nor of how output is
 * captured (recio.h lends it the captured streams).  records.c calls it.
 * Tested through records.h, in tests/unit/test_records.c.
 */
#ifndef XPOOL_RESULTS_H
#define XPOOL_RESULTS_H

#include <stddef.h>

#include "recdef.h"

struct results;
struct res_job;
struct rec_io;
struct rec_data;

/*
 * Make the directory, or create the file (appended to when resuming).
 * header and nheader are the --header names, nsources the values per
 * input record (0: nheader, else all).  NULL, with a message printed, on an
 * error.
 */
struct results *results_open(const struct rec_results *, int resuming,
    const char *const *header, size_t nheader, size_t nsources);

/* The separator of a .csv or .tsv file, whose fields are quoted; else 0. */
char results_sep(const struct results *);

/*
 * DIR: a job starts.  Makes its directory and its seq, stdout and stderr
 * files.  NULL, with a message printed, if they cannot be made.
 */
struct res_job *results_dir_begin(struct results *, unsigned long seq,
    const char *const *value, const size_t *value_len, size_t nvalues);

/* DIR: a piece of output, stream 0 or 1; an error waits for the end. */
void results_dir_output(struct res_job *, int stream, const char *, size_t);

/*
 * DIR: the job is finished: close its files and write exitval.  -1, with
 * a message printed, on an error.
 */
int results_dir_end(struct results *, struct res_job *, const struct rec_end *);

/* DIR: forget the job, closing what is still open; NULL is fine. */
void results_dir_free(struct res_job *);

/*
 * A file: the job's record, with its values and captured output.  -1, with
 * a message printed, on an error.  After a failed write nothing more is
 * written: -1 at once, with no message.
 */
int results_record(struct results *, struct rec_io *, const struct rec_data *,
    const struct rec_end *);

/* Close the file or directory; -1, with a message printed, on an error. */
int results_close(struct results *);

/* Free it, closing what results_close() did not; NULL is fine. */
void results_free(struct results *);

#endif
