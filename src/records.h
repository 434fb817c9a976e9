/*
 * records.h -- what a run leaves behind for machines.
 *
 * Owns the record files and everything needed to fill them: the --joblog
 * file (or fd 1 for "--joblog -"), the --results directory tree or the
 * --results FILE.jsonl/.json/.csv/.tsv file, the --junit report, and each
 * running job's captured output (up to conf.hold bytes in memory, the rest in
 * an unlinked spill file under the temporary directory, see spool.h).  Also
 * reads a joblog back for --resume and --resume-failed.
 *
 * pool.c opens one struct records per run, calls records_begin() when a job
 * starts, records_output() for each piece of its output, records_end() when
 * it is finished, and records_close() at the end.  The module never decides
 * what a failure means for the run: every function that fails prints one
 * "xpool: " message and returns NULL or -1, and the caller picks the exit
 * status (GNU parallel exits 255 when a record file cannot be written).
 * Single-threaded: call it from the event loop only.
 *
 * This header, with the types of recdef.h that it includes, is the whole
 * interface.  Behind it, records.c decodes the names and hands each job to
 * joblog.c, results.c and junit.c, one module per format; they spell text
 * with recenc.c and share the captured output through recio.h.  Tested in
 * tests/unit/test_records.c and tests/unit/test_recenc.c, and by
 * tests/080-records.bats.
 *
 * Formats, all byte for byte as GNU parallel 20221122 writes them unless
 * said otherwise:
 *
 *   joblog  Seq TAB Host TAB Starttime(%.3f) TAB JobRuntime(%10.3f) TAB Send
 *           TAB Receive TAB Exitval TAB Signal TAB Command LF, in completion
 *           order, one write(2) per line; newlines in the command are
 *           written as NUL bytes.  The header line is written when the file
 *           is created: not with +FILE (append), and when resuming only if
 *           the file was missing or empty (as GNU parallel); appending to
 *           a file whose last line has no newline ends that line first.
 *           Exitval is -1 when xpool killed the job; a job that died of a
 *           signal on its own has Exitval 0 and Signal N.  Receive is the
 *           number of bytes the job wrote to stdout, as GNU parallel
 *           20221122 measures it (0 when records_output() is not called,
 *           as with its -u).
 *
 *   DIR     DIR/NAME1/VALUE1/NAME2/VALUE2/.../{seq,stdout,stderr,exitval}.
 *           NAMEk is the --header name of input source k, or k; within each
 *           input record the sources are sorted by name (numerically, then
 *           as text), and -N records follow one another.  In names and
 *           values, \ / TAB NUL are written \\ \_ \t \0.  seq holds the job
 *           number without a newline; stdout and stderr are written as the
 *           output arrives.  Differences from GNU parallel, which writes
 *           no exitval file: exitval (SPEC §8) holds the exit status, 128+N
 *           for a job that died of signal N on its own, or -1 when xpool
 *           killed it, without a newline, and is written when the job
 *           ends; an empty value, "." and ".." are written \e, \. and \.\.
 *           (GNU parallel lets them collide with, or climb out of, their
 *           parent); a header name is escaped like a value; a name longer
 *           than the file system allows is cut to NAME_MAX bytes, without
 *           splitting a UTF-8 character or an escape (GNU parallel cuts to
 *           about NAME_MAX).
 *
 *   .jsonl  one object per line, as GNU parallel's .json:
 *   .json   { "Seq": 1, "Host": ":", "Starttime": 1795421964.772,
 *           "JobRuntime": 0.000, "Send": 0, "Receive": 2, "Exitval": 0,
 *           "Signal": 0, "Command": "echo a", "V": [ "a" ],
 *           "Stdout": "a\u000a", "Stderr": "" }
 *           Control characters are \u00XX as GNU parallel writes them.
 *           Unlike GNU parallel, invalid UTF-8 becomes U+FFFD so that every
 *           line is valid JSON.
 *
 *   .csv    a header line Seq,Host,...,Command,V1..Vn,Stdout,Stderr (the
 *   .tsv    --header names instead of V1..Vn), then one line per job.  A
 *           field is quoted when it holds a quote, white space, the
 *           separator or NUL, and quotes are doubled (GNU parallel's rule,
 *           stricter than RFC 4180 needs); lines end in LF.  .tsv is the
 *           same with TAB as separator: GNU parallel has no backslash
 *           escapes for .tsv, a field with a TAB is quoted.  Bytes are
 *           written as they are.  GNU parallel names the tenth column W0
 *           (Perl's string increment of V9); this writes V10.
 *
 *   junit   <testsuites><testsuite name="xpool" ...><testcase
 *           classname="xpool" name="SEQ: COMMAND" time=...> with a
 *           <failure type="exit|signal|timeout|killed"> for a failed job and
 *           <system-out>/<system-err> when the job printed anything.  Text
 *           is escaped; C0 controls other than TAB, LF and CR, U+FFFE,
 *           U+FFFF and invalid UTF-8 become U+FFFD.  The file is created
 *           by records_open() and written whole by records_close(); test
 *           cases wait in an unlinked temporary file meanwhile.  GNU
 *           parallel has no JUnit output.
 *
 * Names ending .jsonl, .json, .csv and .tsv (any case) are files, "-.jsonl",
 * "-.json", "-.csv" and "-.tsv" (any case) write the records to fd 1 (the
 * caller then keeps job output off stdout, as GNU parallel does), any other
 * name that starts with "-." is an error, and anything else is a directory.
 * GNU parallel treats NAME.jsonl as a directory.
 *
 * A record is built in memory and written with one write(2) when it is
 * smaller than 1 MiB; a larger one (a job that printed a lot) is streamed
 * from the spill file in several writes, which no other record can come
 * between.  In the DIR form each running job holds two open descriptors.
 */
#ifndef XPOOL_RECORDS_H
#define XPOOL_RECORDS_H

#include <stddef.h>

#include "recdef.h" /* struct rec_joblog, rec_results, rec_end */

/*
 * Decode a --joblog or --results argument into what it names (recdef.h),
 * the one place where "+FILE", "-" and "-.csv" are told apart; pure, and
 * what it fills in points into arg.  0, or -1 with *why set to what is
 * wrong and nothing filled in, for a message "xpool: --results: 'ARG':
 * WHY" before anything runs.  A --joblog argument is bad when it names no
 * file ("", "+"); a --results argument when it starts with "-." and is not
 * one of the four forms above.
 */
int records_parse_joblog(
    const char *arg, struct rec_joblog *, const char **why);
int records_parse_results(
    const char *arg, struct rec_results *, const char **why);

struct records_conf {
	struct rec_joblog joblog; /* --joblog; path NULL: none */
	struct rec_results results; /* --results; kind REC_NONE: none */
	const char *junit; /* --junit FILE, or NULL */
	const char *tmpdir; /* where captured output spills ($TMPDIR rules) */
	int resuming; /* --resume/--resume-failed: append to joblog, results */
	const char *const *header; /* --header names of the sources, or NULL */
	size_t nheader;
	size_t nsources; /* values per input record; 0: nheader, else all */
	size_t hold; /* output bytes per job held in memory; 0: 64 KiB */
};

struct records;
struct rec_job;

/*
 * Create or open every record file the configuration names (the joblog
 * header is written at once).  NULL, with a message printed, when one cannot
 * be created.  With nothing configured it returns a records that does
 * nothing, so that callers need no special case.
 */
struct records *records_open(const struct records_conf *);

/*
 * Whether records_output() must be given the jobs' output (--results,
 * --junit).  Without it records_output() need only be called for the
 * joblog's Receive column, and may be skipped.
 */
int records_capturing(const struct records *);

/*
 * A job starts: its number and input values V1..Vn (copied; value_len may be
 * NULL for NUL-terminated values).  Makes the job's --results directory and
 * its seq, stdout and stderr files.  NULL, with a message printed, if they
 * cannot be made; the caller stops the run as GNU parallel does.
 */
struct rec_job *records_begin(struct records *, unsigned long seq,
    const char *const *value, const size_t *value_len, size_t nvalues);

/*
 * A piece of the job's output, stream 0 for stdout and 1 for stderr, in the
 * order it arrived.  Written to the --results files at once, or captured for
 * the records written at the end.  An error is kept and reported by
 * records_end().
 */
void records_output(struct rec_job *, int stream, const char *, size_t);

/*
 * The job is finished: write its joblog line (at once, in completion order),
 * its results record or exitval file, and its JUnit test case; then free the
 * job, whatever happens.  -1, with a message printed, if something could not
 * be written (everything else is still written).  The joblog or --results
 * file that failed a write gets nothing more: later calls return -1 for it
 * without a message, so that the failure is told once.
 */
int records_end(struct records *, struct rec_job *, const struct rec_end *);

/* Forget a job begun, writing nothing: it is going to be run again. */
void records_drop(struct records *, struct rec_job *);

/*
 * Write the JUnit report and close every file.  -1, with a message printed,
 * on an error.  Jobs begun and not ended are left out.
 */
int records_close(struct records *);

/* Free everything, closing what records_close() did not; NULL is fine. */
void records_free(struct records *);

/*
 * --resume / --resume-failed: the set of job numbers a joblog marks as done.
 * With failed_too (--resume-failed) only lines with Exitval 0 and Signal 0
 * count, so failed, killed and signalled jobs run again.  The header line is
 * skipped; a last line without a newline is read like the others.  A
 * missing file is an empty set; an unreadable file, or a line not
 * in the joblog format, is an error: NULL, with a message printed
 * ("xpool: FILE: line N is not a joblog line; ..."), and the caller exits
 * 255.  Memory is one word per distinct job number.
 */
struct seqset;
struct seqset *records_read_joblog(const char *path, int failed_too);

/*
 * --retry-failed: the commands of a joblog's jobs by job number, as
 * joblog_commands() in joblog.h reads them (1: no file).
 */
int records_read_commands(const char *path, char ***cmds, size_t *ncmds);
void records_free_commands(char **cmds, size_t ncmds);
int seqset_has(const struct seqset *, unsigned long seq);
size_t seqset_count(const struct seqset *);
void seqset_free(struct seqset *);

#endif
