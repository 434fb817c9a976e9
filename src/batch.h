/*
 * batch.h -- the records one job takes.
 *
 * Owns the gathering of records into jobs: one record a job, -n N of them,
 * or with -X/-m as many as the argument limit takes (cmdline.c says whether
 * one more fits), and no more than N with -n N too.  A record that does not fit
 * is carried over to start the next job; one that cannot run (a NUL in it) or
 * that may not fit even alone is a job by itself.  At the end of the input,
 * -m and -X spread the records of the last job over the job slots, as GNU
 * parallel does (batch_spread).  The records are copied out
 * of the input's buffers, so a job may keep them (to be run again, or as a
 * --pipe block).
 *
 * Pure: the caller reads the input and hands records in.  Knows nothing of
 * processes or output.  Unit-tested in tests/unit/test_batch.c.
 */
#ifndef XPOOL_BATCH_H
#define XPOOL_BATCH_H

#include <stddef.h>

#include "buf.h"
#include "cmdline.h"
#include "input.h"
#include "template.h"

/* Records gathered for one job, with their fields copied. */
struct recset {
	struct buf bytes; /* each field, NUL-terminated */
	size_t *off, *len;
	size_t n, cap; /* fields */
	size_t *rec0; /* the first field of each record */
	size_t nrec, rcap; /* records */
	const char *bad; /* why the record cannot run */
	int alone; /* a record that must be a job by itself */
	unsigned long line; /* of the first record */
};

void recset_add(struct recset *, const struct record *);
void recset_clear(struct recset *);
void recset_free(struct recset *);

/* A recset's fields as the arrays a template takes (pointing into it). */
struct fields {
	char **field;
	size_t *flen;
	size_t n, cap;
};

void fields_of(struct fields *, const struct recset *);
void fields_free(struct fields *);

struct batch {
	struct recset args; /* the job being gathered */
	struct recset carry; /* a record that starts the next one */
	int have_carry;
	size_t want; /* records a job takes; SIZE_MAX when packing */
	struct cmdline *lim; /* -X/-m: the argument limit; else NULL */
	const struct tpl *tpl;
	struct fields f;
	struct recset rest; /* batch_spread(): the records left to spread */
	struct fields rf; /* ... as fields */
	size_t rest_at; /* ... the next of them */
	int spread; /* batch_spread() was called */
};

void batch_init(struct batch *, size_t, struct cmdline *, const struct tpl *);
int batch_ready(struct batch *);
int batch_add(struct batch *, const struct record *);
void batch_spread(struct batch *, size_t);
void batch_free(struct batch *);

#endif
