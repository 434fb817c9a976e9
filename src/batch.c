/*
 * batch.c -- records gathered into jobs: -n, -X and -m.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "xmalloc.h"

void
recset_add(struct recset *r, const struct record *rec)
{
	if (r->nrec == 0) {
		r->line = rec->line;
		r->bad = NULL;
	}
	if (rec->bad != NULL)
		r->bad = rec->bad;
	if (r->nrec == r->rcap) {
		r->rcap = r->rcap ? r->rcap * 2 : 16;
		r->rec0 = xreallocarray(r->rec0, r->rcap, sizeof(size_t));
	}
	r->rec0[r->nrec] = r->n;
	for (size_t i = 0; i < rec->nfield; i++) {
		if (r->n == r->cap) {
			r->cap = r->cap ? r->cap * 2 : 16;
			r->off = xreallocarray(r->off, r->cap, sizeof(size_t));
			r->len = xreallocarray(r->len, r->cap, sizeof(size_t));
		}
		r->off[r->n] = r->bytes.len;
		r->len[r->n++] = rec->flen[i];
		buf_add(&r->bytes, rec->field[i], rec->flen[i]);
		buf_addc(&r->bytes, '\0');
	}
	r->nrec++;
}

void
recset_clear(struct recset *r)
{
	buf_reset(&r->bytes);
	r->n = r->nrec = 0;
	r->bad = NULL;
	r->alone = 0;
}

void
recset_free(struct recset *r)
{
	buf_free(&r->bytes);
	free(r->off);
	free(r->len);
	free(r->rec0);
	memset(r, 0, sizeof(*r));
}

void
fields_of(struct fields *f, const struct recset *r)
{
	if (r->n > f->cap) {
		f->cap = r->n;
		f->field = xreallocarray(f->field, f->cap, sizeof(char *));
		f->flen = xreallocarray(f->flen, f->cap, sizeof(size_t));
	}
	for (size_t i = 0; i < r->n; i++) {
		f->field[i] = r->bytes.data + r->off[i];
		f->flen[i] = r->len[i];
	}
	f->n = r->n;
}

void
fields_free(struct fields *f)
{
	free(f->field);
	free(f->flen);
	memset(f, 0, sizeof(*f));
}

/*
 * want: records a job takes, at most when packing (0: one, or as many as
 * fit when packing); lim: the argument limit to pack against (-X, -m), or
 * NULL.
 */
void
batch_init(
    struct batch *b, size_t want, struct cmdline *lim, const struct tpl *tpl)
{
	memset(b, 0, sizeof(*b));
	b->want = want > 0 ? want : lim != NULL ? SIZE_MAX : 1;
	b->lim = lim;
	b->tpl = tpl;
}

/* Move up to b->want of the records batch_spread() kept into b->args. */
static void
take_rest(struct batch *b)
{
	struct recset *r = &b->rest;

	while (b->args.nrec < b->want && b->rest_at < r->nrec) {
		size_t k = b->rest_at++;
		size_t end = k + 1 < r->nrec ? r->rec0[k + 1] : r->n;
		struct record rec = { .field = b->rf.field + r->rec0[k],
			.flen = b->rf.flen + r->rec0[k],
			.nfield = end - r->rec0[k],
			.line = r->line };

		recset_add(&b->args, &rec);
	}
}

/*
 * The input has ended while b->args gathers a job: with -m and -X, GNU
 * parallel spreads its records over the slots, as many to each job as
 * makes slots jobs (rounded up), so that every slot has work.  Only the
 * first time the input is found at its end, as GNU parallel.
 */
void
batch_spread(struct batch *b, size_t slots)
{
	struct recset t;

	if (b->spread)
		return;
	b->spread = 1;
	if (b->args.nrec <= 1 || slots <= 1 || b->args.bad != NULL)
		return;
	b->want = (b->args.nrec + slots - 1) / slots;
	t = b->rest;
	b->rest = b->args;
	b->args = t;
	recset_clear(&b->args);
	fields_of(&b->rf, &b->rest);
	b->rest_at = 0;
	take_rest(b);
}

/*
 * Does b->args hold a whole job before another record is read?  A record
 * carried over from the last job is moved in first, and after
 * batch_spread() the records it kept.  The caller takes the job by
 * clearing (or moving out) b->args.
 */
int
batch_ready(struct batch *b)
{
	if (b->args.nrec == 0 && b->rest_at < b->rest.nrec)
		take_rest(b);
	if (b->args.nrec == 0 && b->have_carry) {
		struct recset t = b->args;

		b->args = b->carry;
		b->carry = t;
		b->have_carry = 0;
		if (b->lim != NULL) {
			fields_of(&b->f, &b->args);
			cmdline_pack(
			    b->lim, b->tpl, b->f.field, b->f.flen, b->f.n, 1);
		}
	}
	return b->args.nrec > 0 &&
	    (b->args.bad != NULL || b->args.alone || b->args.nrec >= b->want);
}

/*
 * Add the next record.  Returns 1 when b->args now holds a whole job (the
 * record may be carried over to the next one), else 0.
 */
int
batch_add(struct batch *b, const struct record *rec)
{
	int verdict = CMD_FITS;

	if (b->lim != NULL)
		verdict = cmdline_pack(b->lim, b->tpl, rec->field, rec->flen,
		    rec->nfield, b->args.nrec == 0);
	if (rec->bad != NULL)
		verdict = CMD_ALONE;
	if (verdict != CMD_FITS && b->args.nrec > 0) {
		/* It starts the next job. */
		recset_clear(&b->carry);
		recset_add(&b->carry, rec);
		b->carry.alone = verdict == CMD_ALONE;
		b->have_carry = 1;
		return 1;
	}
	recset_add(&b->args, rec);
	return verdict == CMD_ALONE || b->args.nrec >= b->want;
}

void
batch_free(struct batch *b)
{
	recset_free(&b->args);
	recset_free(&b->carry);
	recset_free(&b->rest);
	fields_free(&b->f);
	fields_free(&b->rf);
}
