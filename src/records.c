/*
 * records.c -- the record files of a run, and each job's captured output.
 *
 * The formats are described in records.h; each has a module of its own:
 * joblog.c (--joblog, and reading it back for --resume), results.c
 * (--results) and junit.c (--junit), which spell text with recenc.c.  This
 * file decodes the --joblog and --results names, opens what they ask for,
 * and hands every job to each of them in turn.  Output that a record file
 * needs at the end of a job is captured per job (recio.c): the first
 * conf.hold bytes in memory, the rest in extents of one shared spill file
 * (spool.c).  It also keeps the set of job numbers that --resume skips.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "diag.h"
#include "joblog.h"
#include "junit.h"
#include "recio.h"
#include "records.h"
#include "results.h"
#include "spool.h"
#include "xmalloc.h"

#define HOLD_DEFAULT (64 * 1024) /* output bytes per job kept in memory */

struct rec_job {
	struct records *r;
	struct rec_job *prev;
	struct rec_job *next;
	struct rec_data d;
	struct res_job *dir; /* --results DIR: the job's directory */
};

struct records {
	struct joblog *jl; /* --joblog */
	struct results *res; /* --results */
	enum rec_kind res_kind;
	char res_sep; /* --results .csv or .tsv: the separator */
	struct junit *ju; /* --junit */
	int capture; /* output is held for records written at the end */
	struct rec_io io;
	struct rec_job *live; /* begun, not yet ended */
};

/* ---- the names -------------------------------------------------------- */

int
records_parse_joblog(const char *arg, struct rec_joblog *out, const char **why)
{
	struct rec_joblog jl = { arg, 0, 0 };

	if (jl.path[0] == '+') {
		jl.append = 1;
		jl.path++;
	}
	if (jl.path[0] == '\0') {
		*why = jl.append ? "no file name after the +"
		                 : "the file name is empty";
		return -1;
	}
	jl.to_stdout = strcmp(jl.path, "-") == 0;
	*out = jl;
	return 0;
}

static int
has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

int
records_parse_results(
    const char *arg, struct rec_results *out, const char **why)
{
	static const struct {
		const char *suffix;
		enum rec_kind kind;
	} file[] = { { ".jsonl", REC_JSONL }, { ".json", REC_JSON },
		{ ".csv", REC_CSV }, { ".tsv", REC_TSV } };
	struct rec_results res = { REC_DIR, 0, arg };

	for (size_t i = 0; i < sizeof(file) / sizeof(file[0]); i++)
		if (has_suffix(arg, file[i].suffix)) {
			res.kind = file[i].kind;
			res.to_stdout = arg[0] == '-' &&
			    strcasecmp(arg + 1, file[i].suffix) == 0;
			break;
		}
	/* "-." is for the standard output; "-.x" is no directory name. */
	if (strncmp(arg, "-.", 2) == 0 && !res.to_stdout) {
		*why =
		    "the records go to the standard output only as -.jsonl, "
		    "-.json, -.csv or -.tsv; for a file or directory of this "
		    "name, put ./ before it";
		return -1;
	}
	*out = res;
	return 0;
}

/* ---- the module's life -------------------------------------------------- */

/* Whether the --results records are written at the jobs' ends. */
static int
results_file(const struct records *r)
{
	return r->res_kind != REC_NONE && r->res_kind != REC_DIR;
}

struct records *
records_open(const struct records_conf *c)
{
	struct records *r = xcalloc(1, sizeof(*r));
	const char *tmpdir = c->tmpdir != NULL ? c->tmpdir : "/tmp";

	r->io.hold = c->hold ? c->hold : HOLD_DEFAULT;
	r->res_kind = c->results.kind;
	if ((c->joblog.path != NULL &&
	        (r->jl = joblog_open(&c->joblog, c->resuming)) == NULL) ||
	    (r->res_kind != REC_NONE &&
	        (r->res = results_open(&c->results, c->resuming, c->header,
	             c->nheader, c->nsources)) == NULL) ||
	    (c->junit != NULL &&
	        (r->ju = junit_open(c->junit, tmpdir)) == NULL)) {
		records_free(r);
		return NULL;
	}
	if (r->res != NULL)
		r->res_sep = results_sep(r->res);
	r->capture = results_file(r) || r->ju != NULL;
	if (r->capture) {
		r->io.spill = spool_new(tmpdir);
		r->io.chunk = xmalloc(REC_CHUNK);
	}
	return r;
}

int
records_capturing(const struct records *r)
{
	return r->capture || r->res_kind == REC_DIR;
}

/* Forget a job: its files, its captured output, its place in the list. */
static void
job_free(struct records *r, struct rec_job *j)
{
	if (j->prev != NULL)
		j->prev->next = j->next;
	else
		r->live = j->next;
	if (j->next != NULL)
		j->next->prev = j->prev;
	results_dir_free(j->dir);
	for (int i = 0; i < 2; i++)
		rec_cap_free(&r->io, &j->d.cap[i]);
	for (size_t i = 0; i < j->d.nval; i++)
		free(j->d.val[i]);
	free(j->d.val);
	free(j->d.vlen);
	free(j);
}

struct rec_job *
records_begin(struct records *r, unsigned long seq, const char *const *value,
    const size_t *value_len, size_t nvalues)
{
	struct rec_job *j = xcalloc(1, sizeof(*j));

	j->r = r;
	j->d.seq = seq;
	j->next = r->live;
	if (r->live != NULL)
		r->live->prev = j;
	r->live = j;
	if (results_file(r) && nvalues > 0) {
		j->d.val = xreallocarray(NULL, nvalues, sizeof(*j->d.val));
		j->d.vlen = xreallocarray(NULL, nvalues, sizeof(*j->d.vlen));
		for (size_t i = 0; i < nvalues; i++) {
			size_t n = value_len ? value_len[i] : strlen(value[i]);

			j->d.val[i] = xmalloc(n + 1);
			memcpy(j->d.val[i], value[i], n);
			j->d.val[i][n] = '\0';
			j->d.vlen[i] = n;
		}
		j->d.nval = nvalues;
	}
	if (r->res_kind == REC_DIR &&
	    (j->dir = results_dir_begin(
	         r->res, seq, value, value_len, nvalues)) == NULL) {
		job_free(r, j);
		return NULL;
	}
	return j;
}

/* Forget a job without a record: it is going to be run again. */
void
records_drop(struct records *r, struct rec_job *j)
{
	job_free(r, j);
}

void
records_output(struct rec_job *j, int stream, const char *p, size_t n)
{
	if (stream != 0 && stream != 1)
		xpool_bug("stream %d", stream);
	if (n == 0)
		return;
	j->d.nbytes[stream] += n;
	if (j->dir != NULL)
		results_dir_output(j->dir, stream, p, n);
	if (j->r->capture)
		rec_cap_add(&j->r->io, &j->d, stream, p, n, j->r->res_sep);
}

int
records_end(struct records *r, struct rec_job *j, const struct rec_end *e)
{
	int rc = 0;

	if (r->jl != NULL && joblog_line(r->jl, &j->d, e) != 0)
		rc = -1;
	if (j->dir != NULL && results_dir_end(r->res, j->dir, e) != 0)
		rc = -1;
	if (j->d.cerr != 0) {
		/* Half an output would pass for all of it: leave it out. */
		xpool_err("cannot keep job %lu's output in a temporary file in "
		          "'%s': %s; %s",
		    j->d.seq, spool_dir(r->io.spill), strerror(j->d.cerr),
		    results_file(r) ? "its --results record is left out"
		                    : "the --junit report shows none of it");
		rc = -1;
	} else if (results_file(r) &&
	    results_record(r->res, &r->io, &j->d, e) != 0)
		rc = -1;
	if (r->ju != NULL && junit_case(r->ju, &r->io, &j->d, e) != 0)
		rc = -1;
	job_free(r, j);
	return rc;
}

int
records_close(struct records *r)
{
	int rc = 0;

	if (r->ju != NULL && junit_close(r->ju, &r->io) != 0)
		rc = -1;
	if (r->jl != NULL && joblog_close(r->jl) != 0)
		rc = -1;
	if (r->res != NULL && results_close(r->res) != 0)
		rc = -1;
	return rc;
}

void
records_free(struct records *r)
{
	if (r == NULL)
		return;
	while (r->live != NULL)
		job_free(r, r->live);
	joblog_free(r->jl);
	results_free(r->res);
	junit_free(r->ju);
	spool_free(r->io.spill);
	free(r->io.chunk);
	buf_free(&r->io.rec);
	free(r);
}

/* ---- the jobs a joblog lists, for --resume ----------------------------- */

struct seqset {
	unsigned long *v; /* sorted, distinct */
	size_t n;
};

static int
cmp_ulong(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a;
	unsigned long y = *(const unsigned long *)b;

	return x < y ? -1 : x > y;
}

struct seqset *
records_read_joblog(const char *path, int failed_too)
{
	struct seqset *set = xcalloc(1, sizeof(*set));
	size_t out = 0;

	if (joblog_read(path, failed_too, &set->v, &set->n) != 0) {
		free(set);
		return NULL;
	}
	if (set->n > 0) {
		qsort(set->v, set->n, sizeof(*set->v), cmp_ulong);
		for (size_t i = 1; i < set->n; i++)
			if (set->v[i] != set->v[out])
				set->v[++out] = set->v[i];
		set->n = out + 1;
	}
	return set;
}

int
records_read_commands(const char *path, char ***cmds, size_t *ncmds)
{
	return joblog_commands(path, cmds, ncmds);
}

void
records_free_commands(char **cmds, size_t ncmds)
{
	joblog_free_commands(cmds, ncmds);
}

int
seqset_has(const struct seqset *set, unsigned long seq)
{
	return set != NULL && set->n > 0 &&
	    bsearch(&seq, set->v, set->n, sizeof(*set->v), cmp_ulong) != NULL;
}

size_t
seqset_count(const struct seqset *set)
{
	return set != NULL ? set->n : 0;
}

void
seqset_free(struct seqset *set)
{
	if (set == NULL)
		return;
	free(set->v);
	free(set);
}
