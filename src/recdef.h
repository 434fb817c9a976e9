/*
 * recdef.h -- what the record files are told: their names and how each job
 * ended.
 *
 * Owns the types that records.h shows the rest of xpool and that the
 * format modules (joblog.c, results.c, junit.c) read: the --joblog and
 * --results names as records_parse_joblog() and records_parse_results()
 * decode them, and struct rec_end, which pool.c fills in when a job is
 * over.  Also the two numbers the records make of an ending.  Pure: knows
 * nothing of files or of which record is written.  Callers include
 * records.h, which includes this.  Tested in tests/unit/test_records.c.
 */
#ifndef XPOOL_RECDEF_H
#define XPOOL_RECDEF_H

#include <stddef.h>

/*
 * What a --joblog argument names: FILE, +FILE (append, no header), or "-"
 * (fd 1; "+-" too).
 */
struct rec_joblog {
	const char *path; /* the file, without the "+"; NULL: no --joblog */
	int append; /* +FILE */
	int to_stdout; /* "-": the log goes to fd 1 */
};

enum rec_kind { REC_NONE, REC_DIR, REC_JSONL, REC_JSON, REC_CSV, REC_TSV };

/*
 * What a --results argument names: a directory, a .jsonl/.json/.csv/.tsv
 * file, or the records of that kind on fd 1.
 */
struct rec_results {
	enum rec_kind kind; /* REC_NONE: no --results */
	int to_stdout; /* -.jsonl, -.json, -.csv, -.tsv: records on fd 1 */
	const char *path; /* the name as given, for messages too */
};

/* How a job ended. */
struct rec_end {
	const char *command; /* the command as run, after substitution */
	size_t command_len;
	const char *host; /* the sshlogin, or NULL for the local machine ":" */
	double start; /* Unix epoch seconds */
	double runtime; /* seconds */
	unsigned long long send; /* --pipe: bytes of input given; else 0 */
	int exitval; /* the exit status, when signo is 0 */
	int signo; /* the signal that ended the job, or 0 */
	int killed; /* xpool killed it: joblog Exitval -1 */
	const char *reason; /* why xpool killed it: "timeout", or NULL */
};

/*
 * The Exitval column of the joblog and of the .jsonl/.json/.csv/.tsv
 * records, as GNU parallel writes it: -1 if xpool killed the job, 0 if a
 * signal ended it, else its exit status.
 */
int rec_exitval(const struct rec_end *);

/*
 * The status in a --results DIR exitval file, as a shell gives it, so that
 * 0 means success: -1 if xpool killed the job, 128+N if signal N ended it,
 * else its exit status.
 */
int rec_status(const struct rec_end *);

#endif
