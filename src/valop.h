/*
 * valop.h -- what a replacement string makes of one value.
 *
 * Owns the modifiers ({.} {/} {//} {/.}, and --plus's {..} {+/} {+.} ...)
 * and the bash-like operations of --plus ({:-STR} {#STR} {%STR}
 * {/STR/REPL} {^STR} ...), exactly as GNU parallel substitutes them, to
 * the byte.  GNU parallel reads their patterns as Perl regular
 * expressions; they are read here as POSIX extended ones, bytes not
 * characters (see valop_new()), unless they use what only Perl has
 * (valop_needs_perl()): then valop_perl() writes GNU parallel's own Perl
 * for the string, for the caller to run.
 *
 * Pure: no I/O.  Knows nothing of templates, jobs or quoting.  Tested
 * through tests/unit/test_template.c and the template fuzz harness.
 */
#ifndef XPOOL_VALOP_H
#define XPOOL_VALOP_H

#include <stddef.h>

#include "buf.h"

enum val_mod {
	M_NONE,
	M_NOEXT, /* {.}  */
	M_BASE, /* {/}  */
	M_DIR, /* {//} */
	M_BASENOEXT, /* {/.} */
	/* --plus */
	M_NOEXT2, /* {..} */
	M_NOEXT3, /* {...} */
	M_BASENOEXT2, /* {/..} */
	M_BASENOEXT3, /* {/...} */
	M_PDIR, /* {+/} */
	M_PEXT, /* {+.} */
	M_PEXT2, /* {+..} */
	M_PEXT3, /* {+...} */
};

/* The bash-like strings of --plus, which take a text or a pattern. */
enum op_kind {
	OP_NONE,
	OP_DEFAULT, /* {:-STR} */
	OP_SKIP, /* {:N} */
	OP_SUBSTR, /* {:N:M} */
	OP_PREFIX, /* {#STR}: the shortest prefix */
	OP_PREFIX_LONG, /* {##STR} */
	OP_SUFFIX, /* {%STR}: the shortest suffix */
	OP_SUFFIX_LONG, /* {%%STR} */
	OP_SUB, /* {/STR/REPL} */
	OP_SUB_ALL, /* {//STR/REPL} */
	OP_SUB_START, /* {/#STR/REPL} */
	OP_SUB_END, /* {/%STR/REPL} */
	OP_UPPER, /* {^STR} */
	OP_UPPER_ALL, /* {^^STR} */
	OP_LOWER, /* {,STR} */
	OP_LOWER_ALL, /* {,,STR} */
};

struct valop;

struct valop *valop_new(enum op_kind, unsigned long, unsigned long,
    const char *, size_t, const char *, size_t, char **);
void valop_free(struct valop *);
int valop_needs_perl(enum op_kind, const char *, size_t);
void valop_perl(
    enum op_kind, const char *, size_t, const char *, size_t, struct buf *);
void valop_apply(const struct valop *, const char *, size_t, struct buf *);
void val_slice(enum val_mod, const char *, size_t, const char **, size_t *);
void val_plus(enum val_mod, const char *, size_t, struct buf *);

#endif
