/*
 * perlexpr.h -- one perl process for the templates' Perl expressions.
 *
 * Owns the perl process and its two pipes.  It is started by the first
 * expression a template compiles ({= PERL =}, a --rpl tag), so a run
 * without one never starts it; each distinct expression is compiled once
 * there, as a sub, and a job's values are evaluated in one synchronous
 * request and answer.  Both ways are framed by lengths, so values with
 * newlines, NULs or bytes that are not UTF-8 come back as they are.
 * perlx_free() closes its input, which ends it, and reaps it.
 *
 * The frames (perlx_frame_job, perlx_parse_nums) are pure and unit-tested
 * in tests/unit/test_perlexpr.c.  Knows nothing of templates' syntax, of
 * jobs or of the event loop: template.c calls it through struct tpl_perl.
 */
#ifndef XPOOL_PERLEXPR_H
#define XPOOL_PERLEXPR_H

#include <stddef.h>

#include "buf.h"
#include "template.h"

struct perlx;

struct perlx *perlx_new(const char *);
void perlx_free(struct perlx *);
const struct tpl_perl *perlx_callbacks(struct perlx *);

void perlx_frame_job(
    struct buf *, const struct tpl_vals *, const struct tpl_perl_req *, size_t);
int perlx_parse_nums(const char *, size_t, unsigned long *, size_t);

#endif
