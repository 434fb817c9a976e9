/*
 * spread.c -- --shard and --bin: which job a line of standard input goes to.
 */
#include <ctype.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "input.h"
#include "spread.h"
#include "xmalloc.h"

/*
 * Set sp up for kind, the key expr (a column number, or a column name when
 * it starts with a letter or _, each with a Perl expression after a blank;
 * for --group-by also a Perl expression alone, of the whole line) cut at
 * colsep (a Perl pattern), over jobs jobs.  Returns 0, or -1 with the
 * reason in why.
 */
int
spread_init(struct spread *sp, enum spread_kind kind, const char *expr,
    const char *colsep, unsigned long jobs, struct buf *why)
{
	struct buf re = BUF_INIT;
	const char *p = expr;
	int special, r;

	memset(sp, 0, sizeof(*sp));
	sp->kind = kind;
	sp->jobs = jobs;
	while (isdigit((unsigned char)*p))
		p++;
	if (p != expr && *p == '\0') {
		char *end;
		long n = strtol(expr, &end, 10);

		if (n < 1 || *end != '\0') {
			buf_printf(why,
			    "column '%s' is not a column number "
			    "(1, 2, ...)",
			    expr);
			return -1;
		}
		sp->col = n;
	} else if (p != expr && isblank((unsigned char)*p)) {
		/* COL EXPR: a column number, then Perl. */
		sp->col = strtol(expr, NULL, 10);
		while (isblank((unsigned char)*p))
			p++;
		if (sp->col < 1 || *p == '\0') {
			buf_printf(why,
			    "column '%s' is not a column number (1, 2, ...)",
			    expr);
			return -1;
		}
		sp->expr = xstrdup(p);
	} else {
		const char *rest;

		for (p = expr; isalnum((unsigned char)*p) || *p == '_'; p++)
			;
		for (rest = p; isblank((unsigned char)*rest); rest++)
			;
		if (kind == SPREAD_NONE && *expr != '\0' &&
		    (p == expr || (rest == p && *p != '\0'))) {
			/* GNU parallel's rule: not a name, so Perl. */
			sp->expr = xstrdup(expr);
		} else if (p == expr || isdigit((unsigned char)*expr) ||
		    (*p != '\0' && (rest == p || *rest == '\0'))) {
			buf_printf(why,
			    "'%s' is neither a column number nor a column "
			    "name",
			    expr);
			return -1;
		} else {
			sp->name = xstrndup(expr, (size_t)(p - expr));
			if (*rest != '\0')
				sp->expr = xstrdup(rest);
		}
	}
	special = input_perl_ere(colsep, &re);
	if (re.len == 0) {
		buf_adds(why, "the --colsep is empty");
		buf_free(&re);
		spread_free(sp);
		return -1;
	}
	if (!special) {
		sp->litlen = re.len;
		sp->lit = buf_detach(&re);
		return 0;
	}
	if ((r = regcomp(&sp->re, re.data, REG_EXTENDED)) != 0) {
		char msg[256];

		regerror(r, &sp->re, msg, sizeof(msg));
		buf_printf(why, "--colsep '%s': %s", colsep, msg);
		buf_free(&re);
		spread_free(sp);
		return -1;
	}
	sp->use_re = 1;
	buf_free(&re);
	return 0;
}

/*
 * The field col (from 1) of the line s (len bytes, without its newline):
 * *at and *n; empty past the last field.
 */
static void
field(const struct spread *sp, const char *s, size_t len, long col, size_t *at,
    size_t *n)
{
	size_t pos = 0, end = len;

	for (long k = 1; k <= col; k++) {
		end = len;
		if (sp->use_re) {
			regmatch_t m;

			m.rm_so = (regoff_t)pos;
			m.rm_eo = (regoff_t)len;
			if (pos <= len &&
			    regexec(&sp->re, s, 1, &m, REG_STARTEND) == 0 &&
			    m.rm_eo > m.rm_so) {
				end = (size_t)m.rm_so;
				if (k < col)
					pos = (size_t)m.rm_eo;
			} else if (k < col)
				pos = len + 1;
		} else {
			const char *p = pos <= len
			    ? memmem(s + pos, len - pos, sp->lit, sp->litlen)
			    : NULL;

			if (p != NULL) {
				end = (size_t)(p - s);
				if (k < col)
					pos = end + sp->litlen;
			} else if (k < col)
				pos = len + 1;
		}
	}
	if (pos > len) {
		*at = len;
		*n = 0;
		return;
	}
	*at = pos;
	*n = end - pos;
}

/*
 * The header line (without its newline) names the columns: find the key's,
 * when it is given by name.  Returns 0, or -1 with the reason in why.
 */
int
spread_header(struct spread *sp, const char *s, size_t len, struct buf *why)
{
	size_t namelen, at, n;

	if (sp->name == NULL)
		return 0;
	namelen = strlen(sp->name);
	for (long k = 1;; k++) {
		field(sp, s, len, k, &at, &n);
		if (n == namelen && memcmp(s + at, sp->name, n) == 0) {
			sp->col = k;
			return 0;
		}
		if (at + n >= len)
			break;
	}
	buf_printf(why, "column '%s' is not in the header line '%.*s'",
	    sp->name, (int)(len > 200 ? 200 : len), s);
	return -1;
}

/* FNV-1a: the same value always gives the same hash, in every run. */
static uint64_t
hash(const char *s, size_t n)
{
	uint64_t h = 14695981039346656037ULL;

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

/*
 * A value as Perl's % reads a number: blanks, a sign and the digits before
 * any other character; 0 when there are none.
 */
static long long
perl_int(const char *s, size_t n)
{
	size_t i = 0;
	long long v = 0;
	int neg = 0;

	while (i < n && isspace((unsigned char)s[i]))
		i++;
	if (i < n && (s[i] == '-' || s[i] == '+'))
		neg = s[i++] == '-';
	for (; i < n && isdigit((unsigned char)s[i]); i++)
		if (v < LLONG_MAX / 10)
			v = v * 10 + (s[i] - '0');
	return neg ? -v : v;
}

/* Forget every key remembered. */
static void
memo_clear(struct spread *sp)
{
	if (sp->memo != NULL)
		memset(sp->memo, 0, sp->memocap * sizeof(*sp->memo));
	sp->memon = 0;
	buf_reset(&sp->mv);
	buf_reset(&sp->mk);
}

/* The remembered key of the value v (vn bytes, hash h), or NULL. */
static const struct spread_memo *
memo_find(const struct spread *sp, uint64_t h, const char *v, size_t vn)
{
	if (sp->memo == NULL)
		return NULL;
	for (size_t i = h & (sp->memocap - 1);;
	     i = (i + 1) & (sp->memocap - 1)) {
		const struct spread_memo *m = &sp->memo[i];

		if (!m->used)
			return NULL;
		if (m->h == h && m->vlen == vn &&
		    memcmp(sp->mv.data + m->voff, v, vn) == 0)
			return m;
	}
}

/* The free slot for hash h in a table of cap slots. */
static size_t
memo_slot(const struct spread_memo *t, size_t cap, uint64_t h)
{
	size_t i = h & (cap - 1);

	while (t[i].used)
		i = (i + 1) & (cap - 1);
	return i;
}

/* Remember key k (kn bytes) of value v (vn bytes, hash h). */
static void
memo_add(struct spread *sp, uint64_t h, const char *v, size_t vn, const char *k,
    size_t kn)
{
	struct spread_memo *m;

	if (vn > SPREAD_MEMO_BYTES / 4 || kn > SPREAD_MEMO_BYTES / 4)
		return;
	if (sp->memon + 1 > SPREAD_MEMO_MAX ||
	    sp->mv.len + vn + sp->mk.len + kn > SPREAD_MEMO_BYTES)
		memo_clear(sp);
	if (sp->memon + 1 > sp->memocap / 2) {
		/* Twice as many slots, the keys put in them again. */
		struct spread_memo *old = sp->memo;
		size_t oldcap = sp->memocap;

		sp->memocap = oldcap ? oldcap * 2 : 1024;
		sp->memo = xcalloc(sp->memocap, sizeof(*sp->memo));
		for (size_t j = 0; j < oldcap; j++)
			if (old[j].used)
				sp->memo[memo_slot(
				    sp->memo, sp->memocap, old[j].h)] = old[j];
		free(old);
	}
	m = &sp->memo[memo_slot(sp->memo, sp->memocap, h)];
	m->h = h;
	m->used = 1;
	m->voff = (uint32_t)sp->mv.len;
	m->vlen = (uint32_t)vn;
	m->koff = (uint32_t)sp->mk.len;
	m->klen = (uint32_t)kn;
	buf_add(&sp->mv, v, vn);
	buf_add(&sp->mk, k, kn);
	sp->memon++;
}

/*
 * The value v (vn bytes) and those of the whole lines in ahead (alen
 * bytes; each without its newline when chomp) whose keys are not
 * remembered, each unlike the one before it, evaluated in one request and
 * remembered; v's key into out.  0, or -1 (said).
 */
static int
eval_ahead(struct spread *sp, const char *v, size_t vn, const char *ahead,
    size_t alen, int chomp, struct buf *out)
{
	const char *vals[SPREAD_AHEAD];
	size_t lens[SPREAD_AHEAD], koff[SPREAD_AHEAD], klen[SPREAD_AHEAD];
	uint64_t hs[SPREAD_AHEAD];
	size_t n = 1, bytes = vn;
	const char *p = ahead, *end = ahead + alen;
	struct buf keys = BUF_INIT;

	vals[0] = v;
	lens[0] = vn;
	hs[0] = hash(v, vn);
	while (p < end && n < SPREAD_AHEAD && bytes < SPREAD_AHEAD_BYTES) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t at, fn;
		uint64_t h;

		if (nl == NULL)
			break; /* not whole yet */
		field(sp, p, (size_t)(nl + !chomp - p), sp->col, &at, &fn);
		h = hash(p + at, fn);
		if ((lens[n - 1] != fn ||
		        memcmp(vals[n - 1], p + at, fn) != 0) &&
		    memo_find(sp, h, p + at, fn) == NULL) {
			vals[n] = p + at;
			lens[n] = fn;
			hs[n++] = h;
			bytes += fn;
		}
		p = nl + 1;
	}
	if (sp->eval(sp->eval_arg, vals, lens, n, &keys, koff, klen) != 0) {
		buf_free(&keys);
		return -1;
	}
	buf_reset(out);
	buf_add(out, keys.data + koff[0], klen[0]);
	for (size_t i = 0; i < n; i++)
		if (memo_find(sp, hs[i], vals[i], lens[i]) == NULL)
			memo_add(sp, hs[i], vals[i], lens[i],
			    keys.data + koff[i], klen[i]);
	buf_free(&keys);
	return 0;
}

/*
 * EXPR's key of the value v (vn bytes): the one before's again when v is
 * the same, a remembered one, or evaluated now with the lines in ahead
 * (see eval_ahead).  In a buffer of sp's that holds until the call after
 * next; empty once EXPR died (sp->failed).
 */
static const struct buf *
value_key(struct spread *sp, const char *v, size_t vn, const char *ahead,
    size_t alen, int chomp)
{
	const struct spread_memo *m;
	struct buf *k;

	if (sp->failed) {
		buf_reset(&sp->keys[sp->turn]);
		return &sp->keys[sp->turn];
	}
	if (sp->have_last && sp->last.len == vn &&
	    memcmp(sp->last.data, v, vn) == 0)
		return &sp->keys[sp->turn];
	sp->turn ^= 1;
	k = &sp->keys[sp->turn];
	if ((m = memo_find(sp, hash(v, vn), v, vn)) != NULL) {
		buf_reset(k);
		buf_add(k, sp->mk.data + m->koff, m->klen);
	} else if (eval_ahead(sp, v, vn, ahead, alen, chomp, k) != 0) {
		buf_reset(k);
		sp->failed = 1;
	}
	buf_reset(&sp->last);
	buf_add(&sp->last, v, vn);
	sp->have_last = 1;
	return k;
}

/*
 * --group-by: the key of the line s (len bytes, as it is): its column's
 * value (the whole line when there is no column), or what the Perl
 * expression leaves in $_ of it.  Into s, or into a buffer of sp's that
 * holds until the call after next.  A line like the one before is not
 * evaluated again; ahead (alen bytes) is what follows the line, whose
 * whole lines are evaluated with it when its key is not known yet.
 */
const char *
spread_key(struct spread *sp, const char *s, size_t len, const char *ahead,
    size_t alen, size_t *n)
{
	const struct buf *k;
	size_t at, vn;

	field(sp, s, len, sp->col, &at, &vn);
	if (sp->expr == NULL || sp->eval == NULL) {
		*n = vn;
		return s + at;
	}
	k = value_key(sp, s + at, vn, ahead, alen, 0);
	*n = k->len;
	return k->data != NULL ? k->data : "";
}

/*
 * The job (0 for the first) that the line s (len bytes) goes to; ahead
 * (alen bytes) is what follows it (see spread_key).
 */
unsigned long
spread_pick(struct spread *sp, const char *s, size_t len, const char *ahead,
    size_t alen)
{
	size_t at, n;
	long long v, m;

	if (len > 0 && s[len - 1] == '\n')
		len--;
	field(sp, s, len, sp->col, &at, &n);
	if (sp->expr != NULL && sp->eval != NULL) {
		const struct buf *k = value_key(sp, s + at, n, ahead, alen, 1);

		s = k->data != NULL ? k->data : "";
		at = 0;
		n = k->len;
	}
	if (sp->kind == SPREAD_SHARD)
		return (unsigned long)(hash(s + at, n) % sp->jobs);
	/* --bin: Perl's modulo, which has the sign of the number of jobs. */
	v = perl_int(s + at, n);
	m = v % (long long)sp->jobs;
	if (m < 0)
		m += (long long)sp->jobs;
	return m == 0 ? sp->jobs - 1 : (unsigned long)m - 1;
}

void
spread_free(struct spread *sp)
{
	free(sp->name);
	free(sp->lit);
	free(sp->expr);
	buf_free(&sp->keys[0]);
	buf_free(&sp->keys[1]);
	buf_free(&sp->last);
	buf_free(&sp->mv);
	buf_free(&sp->mk);
	free(sp->memo);
	sp->memo = NULL;
	sp->memocap = sp->memon = 0;
	sp->expr = NULL;
	if (sp->use_re)
		regfree(&sp->re);
	sp->name = sp->lit = NULL;
	sp->use_re = 0;
}
