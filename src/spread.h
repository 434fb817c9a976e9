/*
 * spread.h -- --shard and --bin: which job a line of standard input goes to.
 *
 * Owns a key's column (a number, or a name found in the header line), the
 * --colsep it is cut at (a plain string, or a regex made of the Perl
 * pattern), and the choice: --shard a hash of the column's value, so that
 * equal values go to the same job; --bin the value as Perl reads a number,
 * modulo the number of jobs, 0 going to the last job, as GNU parallel
 * does; and --group-by's key.  With a Perl expression after the column
 * (--shard 'COL EXPR'; --group-by also takes one alone, of the whole
 * line), the key is what EXPR leaves in $_, evaluated by a callback the
 * caller sets (eval).  Keys are asked for a line at a time, with what
 * follows the line: when a value's key is not known, the values of the
 * lines after it are evaluated in the same request, up to SPREAD_AHEAD of
 * them.  Keys made are remembered by value, up to SPREAD_MEMO_BYTES of
 * values and keys and SPREAD_MEMO_MAX of them (then forgotten, all at
 * once), since a reader may look at a line twice.  Pure logic: knows
 * nothing of jobs, reading or Perl.
 */
#ifndef XPOOL_SPREAD_H
#define XPOOL_SPREAD_H

#include <regex.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

enum spread_kind {
	SPREAD_NONE,
	SPREAD_TEE, /* --tee: all of it to every job */
	SPREAD_SHARD, /* --shard: by a hash of the column */
	SPREAD_BIN, /* --bin: by the column's number */
};

/* Values evaluated in one request, at most. */
#define SPREAD_AHEAD 1024
#define SPREAD_AHEAD_BYTES (256 * 1024)
/* Keys remembered, at most. */
#define SPREAD_MEMO_MAX (64 * 1024)
#define SPREAD_MEMO_BYTES (8 * 1024 * 1024)

/* A remembered key: its value's hash, the value in mv, the key in mk. */
struct spread_memo {
	uint64_t h;
	uint32_t voff, vlen, koff, klen;
	int used;
};

struct spread {
	enum spread_kind kind;
	unsigned long jobs; /* how many jobs share the lines */
	long col; /* the key's column, from 1; 0 until a name is found */
	int header; /* the first line is a header: every job gets it */
	char *name; /* the key's column name, or NULL */
	char *lit; /* --colsep as a plain string ... */
	size_t litlen;
	regex_t re; /* ... or as a regex */
	int use_re;
	char *expr; /* COL EXPR (or --group-by EXPR): the Perl, or NULL */
	/*
	 * ... the keys EXPR makes of n values (v[i], of vlen[i] bytes), in
	 * one request: appended to out, key i at koff[i] (klen[i] bytes).
	 * 0, or -1 (said).
	 */
	int (*eval)(void *, const char *const *v, const size_t *vlen, size_t n,
	    struct buf *out, size_t *koff, size_t *klen);
	void *eval_arg;
	int failed; /* ... it died (said): the input is not shared on */
	struct buf keys[2]; /* the last two keys EXPR made */
	int turn; /* ... the newer */
	struct buf last; /* ... and the value it was made of */
	int have_last;
	struct buf mv, mk; /* ... keys remembered: values, and keys */
	struct spread_memo *memo; /* ... by hash, open addressing */
	size_t memocap, memon; /* ... a power of 2; how many used */
};

int spread_init(struct spread *, enum spread_kind, const char *, const char *,
    unsigned long, struct buf *);
int spread_header(struct spread *, const char *, size_t, struct buf *);
unsigned long spread_pick(
    struct spread *, const char *, size_t, const char *, size_t);
const char *spread_key(
    struct spread *, const char *, size_t, const char *, size_t, size_t *);
void spread_free(struct spread *);

#endif
