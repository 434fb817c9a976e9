/*
 * test_perlexpr.c -- Perl expressions without perl: the frames perlexpr.c
 * sends and reads (perlx_frame_job, perlx_parse_nums), and template.c's
 * side of struct tpl_perl ({= =} and --rpl found, compiled once, a job's
 * values asked for once and put in place, quoted unless uq()), driven by
 * fake callbacks that answer CODE(VALUE).
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "perlexpr.h"
#include "template.h"
#include "unit.h"
#include "valop.h"
#include "xmalloc.h"

/* ---- the frames -----------------------------------------------------------
 */

static void
test_parse_nums(void)
{
	unsigned long n[4];

	CHECK(perlx_parse_nums("1 22 333", 8, n, 3) == 0);
	CHECK(n[0] == 1 && n[1] == 22 && n[2] == 333);
	CHECK(perlx_parse_nums("-1 5", 4, n, 2) == 0);
	CHECK(n[0] == ~0UL && n[1] == 5);
	CHECK(perlx_parse_nums("", 0, n, 0) == 0);
	CHECK(perlx_parse_nums("1 2", 3, n, 1) == -1); /* more than asked */
	CHECK(perlx_parse_nums("1", 1, n, 2) == -1); /* fewer */
	CHECK(perlx_parse_nums("1  2", 4, n, 2) == -1); /* two blanks */
	CHECK(perlx_parse_nums("1 -2", 4, n, 2) == -1); /* - only first */
	CHECK(perlx_parse_nums("x", 1, n, 1) == -1);
	CHECK(perlx_parse_nums("-", 1, n, 1) == -1);
	CHECK(perlx_parse_nums("1 2\n", 4, n, 2) == -1);
	CHECK(perlx_parse_nums("99999999999999999999", 20, n, 1) == -1);
	CHECK(perlx_parse_nums("18446744073709551615", 20, n, 1) == 0);
	CHECK(n[0] == 18446744073709551615UL);
}

static void
test_frame_job(void)
{
	char f0[] = "a\nb", f1[] = "", f2[] = "x\0y";
	char *field[] = { f0, f1, f2 };
	size_t flen[] = { 3, 0, 3 };
	struct tpl_vals v = { field, flen, 3, 7, 2, 9 };
	struct tpl_perl_req req[2] = { { .id = 0, .field = 1 },
		{ .id = 3, .field = 0 } };
	struct buf b = BUF_INIT;
	static const char want[] = "J 7 2 9 3 2\n3 0 3\n0 1 3 0\na\nbx\0y";

	perlx_frame_job(&b, &v, req, 2);
	CHECK_MEM(b.data, b.len, want, sizeof(want) - 1);
	buf_reset(&b);
	v.nfield = 0;
	perlx_frame_job(&b, &v, req, 1);
	CHECK_MEM(b.data, b.len, "J 7 2 9 0 1\n0 1\n", 16);
	buf_free(&b);
}

/* ---- template.c's side, with fake callbacks ------------------------------ */

struct fake {
	char *code[32];
	size_t ncode;
	int evals; /* eval calls */
	size_t reqs; /* requests in all */
};

static int
fake_define(void *arg, const char *what, const char *code, size_t len)
{
	struct fake *f = arg;

	(void)what;
	if (len == 4 && memcmp(code, "FAIL", 4) == 0)
		return -1;
	for (size_t i = 0; i < f->ncode; i++)
		if (strlen(f->code[i]) == len &&
		    memcmp(f->code[i], code, len) == 0)
			return (int)i;
	if (f->ncode == 32)
		return -1;
	f->code[f->ncode] = xstrndup(code, len);
	return (int)f->ncode++;
}

/*
 * A tag PREFIX(...)POSTFIX matches up to the postfix (with pos, {N and the
 * prefix without its brace); the code is "G:" and the group.
 */
static int
fake_match(void *arg, const struct tpl_rpl *r, int pos, const char *s,
    size_t len, size_t *mlen, long *posn)
{
	const char *post = r->tag + r->prefix_len + r->group_len;
	size_t k = r->prefix_len, start;
	struct buf code = BUF_INIT;
	int id;

	*posn = 0;
	if (pos) {
		*posn = strtol(s + 1, NULL, 10);
		for (k = 1; k < len && s[k] >= '0' && s[k] <= '9'; k++)
			;
		if (k + r->prefix_len - 1 > len ||
		    memcmp(s + k, r->tag + 1, r->prefix_len - 1) != 0)
			return -2;
		k += r->prefix_len - 1;
	}
	start = k;
	while (k + r->postfix_len <= len &&
	    memcmp(s + k, post, r->postfix_len) != 0)
		k++;
	if (k + r->postfix_len > len)
		return -2;
	buf_adds(&code, "G:");
	buf_add(&code, s + start, k - start);
	id = fake_define(arg, NULL, code.data, code.len);
	buf_free(&code);
	*mlen = k + r->postfix_len;
	return id;
}

/* CODE(VALUE); uq when the code starts with "uq"; skip() for "skip". */
static int
fake_eval(void *arg, const struct tpl_vals *v, struct tpl_perl_req *req,
    size_t n, struct buf *out)
{
	struct fake *f = arg;
	int skip = 0;

	f->evals++;
	f->reqs += n;
	for (size_t i = 0; i < n; i++) {
		const char *code = f->code[req[i].id];

		req[i].off = out->len;
		buf_adds(out, code);
		buf_addc(out, '(');
		if (req[i].field > 0)
			buf_add(out, v->field[req[i].field - 1],
			    v->flen[req[i].field - 1]);
		buf_addc(out, ')');
		req[i].len = out->len - req[i].off;
		req[i].uq = strncmp(code, "uq", 2) == 0;
		skip |= strcmp(code, "skip") == 0;
	}
	return skip;
}

static struct fake fk;
static const struct tpl_perl fake_perl = { fake_define, fake_match, fake_eval,
	&fk };

static void
fake_reset(void)
{
	for (size_t i = 0; i < fk.ncode; i++)
		free(fk.code[i]);
	memset(&fk, 0, sizeof(fk));
}

/* Compile one word with opts, evaluate over fields, render; check. */
static void
expect_perl(const struct tpl_opts *o, const char *word, char **field, size_t n,
    int want_eval, const char *want, int line)
{
	char *words[] = { (char *)word };
	size_t flen[8];
	struct tpl_vals v = { field, flen, n, 4, 1, 0 };
	struct tpl *t = tpl_compile(words, 1, o);
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < n; i++)
		flen[i] = strlen(field[i]);
	if (!unit_check(t != NULL, __FILE__, line, "compiled"))
		return;
	unit_check(tpl_eval(t, &v) == want_eval, __FILE__, line, "tpl_eval");
	tpl_render(t, &v, &b);
	buf_addc(&b, '\0');
	unit_check_str(b.data, want, __FILE__, line, "rendered");
	buf_free(&b);
	tpl_free(t);
}

static void
test_perl_end(void)
{
	CHECK(tpl_perl_end("{= a =}x", 8, "{==}", 4) == 7);
	CHECK(tpl_perl_end("{==}", 4, "{==}", 4) == 4);
	CHECK(tpl_perl_end("{= a", 4, "{==}", 4) == 0);
	CHECK(tpl_perl_end("{={==}", 6, "{==}", 4) == 0); /* the inner one */
	CHECK(tpl_perl_end("{=}", 3, "{==}", 4) == 0);
	CHECK(tpl_perl_end(",,s/I/O/,,", 10, ",,,,", 4) == 10);
	CHECK(tpl_perl_end("{= a =}", 7, "", 0) == 0);
}

static void
test_parse_rpl(void)
{
	struct tpl_rpl r;

	CHECK(tpl_parse_rpl("{..} s:x::", &r) == 0);
	CHECK(r.prefix_len == 4 && r.group_len == 0 && r.postfix_len == 0);
	CHECK_STR(r.code, "s:x::");
	CHECK(tpl_parse_rpl("{%(.*?)} s/$$1//", &r) == 0);
	CHECK(r.prefix_len == 2 && r.group_len == 5 && r.postfix_len == 1);
	CHECK(tpl_parse_rpl("{/(.+?)/(.*?)} s/$$1/$$2/", &r) == 0);
	CHECK(r.prefix_len == 2 && r.group_len == 11 && r.postfix_len == 1);
	CHECK(tpl_parse_rpl("{(x}", &r) == 0); /* no ')': all literal */
	CHECK(r.prefix_len == 4 && r.group_len == 0);
	CHECK_STR(r.code, "");
	CHECK(tpl_parse_rpl("{} ", &r) == 0);
	CHECK(r.prefix_len == 2);
	CHECK_STR(r.code, "");
	CHECK(tpl_parse_rpl(" x", &r) == -1);
	CHECK(tpl_parse_rpl("", &r) == -1);
	/* "N PERL": for argument N; a number with no blank is Perl's. */
	CHECK(tpl_parse_rpl("{##} 1 $_=total_jobs()", &r) == 0);
	CHECK(r.pos == 1);
	CHECK_STR(r.code, "$_=total_jobs()");
	CHECK(tpl_parse_rpl("{x} 12 uc", &r) == 0);
	CHECK(r.pos == 12);
	CHECK_STR(r.code, "uc");
	CHECK(tpl_parse_rpl("{x} 1+1", &r) == 0);
	CHECK(r.pos == 0);
	CHECK_STR(r.code, "1+1");
	CHECK(tpl_parse_rpl("{x} 0 uc", &r) == 0);
	CHECK(r.pos == 0);
	CHECK(tpl_parse_rpl("{..} s:x::", &r) == 0);
	CHECK(r.pos == 0);
}

static void
test_perl_parts(void)
{
	struct tpl_opts o = { .perl = &fake_perl };
	char a[] = "a", bc[] = "b c";
	char *ab[] = { a, bc }, *none[] = { NULL };

	fake_reset();
	expect_perl(
	    &o, "echo {= s/a/b/ =}", ab, 1, 0, "echo 's/a/b/ (a)'", __LINE__);
	CHECK(fk.ncode == 1 && fk.evals == 1 && fk.reqs == 1);
	/* Each value; a positional one; one past the end gives nothing. */
	expect_perl(&o, "x{=X=}y {=2 P=} {=-1 Q=} {=3 R=}", ab, 2, 0,
	    "x'X(a)' 'X(b c)'y 'P(b c)' 'Q(b c)' ", __LINE__);
	/* The same expression in the same place: asked for once. */
	fk.reqs = 0;
	expect_perl(&o, "{=X=}{=X=} {=1X=}", ab, 2, 0,
	    "'X(a)' 'X(b c)''X(a)' 'X(b c)' 'X(a)'", __LINE__);
	CHECK(fk.reqs == 3);
	/* No values: once, with "". */
	expect_perl(&o, "e {=Y=}", none, 0, 0, "e 'Y()'", __LINE__);
	/* uq(): unquoted; skip() said. */
	expect_perl(&o, "e {=uq=}", ab, 2, 0, "e uq(a) uq(b c)", __LINE__);
	expect_perl(&o, "e {=skip=}", ab, 1, 1, "e 'skip(a)'", __LINE__);
	/* Not an expression: text; {= with no end. */
	expect_perl(&o, "e {={=Z=}", ab, 1, 0, "e {='Z(a)'", __LINE__);
	expect_perl(&o, "e '{= a'", ab, 1, 0, "e '{= a' a", __LINE__);
	fake_reset();
	/* A template with no expression never calls perl. */
	expect_perl(&o, "e {}", ab, 1, 0, "e a", __LINE__);
	CHECK(fk.ncode == 0 && fk.evals == 0);
}

static void
test_perl_rpl(void)
{
	struct tpl_rpl r[3];
	struct tpl_opts o = { .perl = &fake_perl, .rpl = r, .nrpl = 3 };
	char a[] = "a", b[] = "b";
	char *ab[] = { a, b };

	fake_reset();
	CHECK(tpl_parse_rpl("{%(.*?)} s/$$1//", &r[0]) == 0);
	CHECK(tpl_parse_rpl("{..} D", &r[1]) == 0);
	CHECK(tpl_parse_rpl("{} S", &r[2]) == 0);
	/* {1} is {}'s positional form, as GNU parallel reads it. */
	expect_perl(&o, "e {..} {2..} {} {1}", ab, 2, 0,
	    "e 'D(a)' 'D(b)' 'D(b)' 'S(a)' 'S(b)' 'S(a)'", __LINE__);
	expect_perl(&o, "e {%.gz}x {2%y}", ab, 2, 0,
	    "e 'G:.gz(a)' 'G:.gz(b)'x 'G:y(b)'", __LINE__);
	/* --parens */
	o.parens = ",,,,";
	expect_perl(&o, "e ,,W,, {=V=}", ab, 1, 0, "e 'W(a)' {=V=}", __LINE__);
	fake_reset();
}

static void
test_perl_fails(void)
{
	struct tpl_opts o = { .perl = &fake_perl };
	char w[] = "echo {=FAIL=}";
	char *words[] = { w };

	fake_reset();
	CHECK(tpl_compile(words, 1, &o) == NULL);
	/* Without callbacks, {= =} is text, as before. */
	o.perl = NULL;
	expect_perl(&o, "e {=FAIL=}", words, 1, 0, "e {=FAIL=} 'echo {=FAIL=}'",
	    __LINE__);
}

/*
 * A --plus string whose pattern only Perl reads becomes GNU parallel's
 * Perl for it; one POSIX reads stays in C (no call).
 */
static void
test_plus_perl(void)
{
	struct tpl_opts o = { .perl = &fake_perl, .plus = 1 };
	char ab[] = "aab", x[] = "x";
	char *f[] = { ab, x };
	struct buf code = BUF_INIT;

	fake_reset();
	expect_perl(&o, "{/a/X}", f, 1, 0, "Xab", __LINE__);
	CHECK(fk.ncode == 0);
	expect_perl(&o, "{/a(?=b)/X}", f, 1, 0,
	    "'my $p = '\"'\"'a(?=b)'\"'\"'; my $r = '\"'\"'X'\"'\"'; "
	    "s/$p/$r/;(aab)'",
	    __LINE__);
	CHECK(fk.ncode == 1);
	/* Positional: {2...} is the second value only. */
	fake_reset();
	expect_perl(&o, "{2^^(?i)x}", f, 2, 0,
	    "'my $p = '\"'\"'(?i)x'\"'\"'; my $r = '\"'\"''\"'\"'; "
	    "s/($p)/uc($1)/eg;(x)'",
	    __LINE__);
	fake_reset();

	CHECK(valop_needs_perl(OP_SUB, "a(?=b)", 6));
	CHECK(valop_needs_perl(OP_SUB, "a+?", 3));
	CHECK(valop_needs_perl(OP_SUB, "a{2}?", 5));
	CHECK(valop_needs_perl(OP_SUB, "\\x41", 4));
	CHECK(valop_needs_perl(OP_PREFIX, "\\K", 2));
	CHECK(!valop_needs_perl(OP_SUB, "a+b*", 4));
	CHECK(!valop_needs_perl(OP_SUB, "\\d\\s\\w\\b", 8));
	CHECK(!valop_needs_perl(OP_SUB, "[+?]x", 5));
	CHECK(!valop_needs_perl(OP_SUB, "\\?+", 3));
	CHECK(!valop_needs_perl(OP_DEFAULT, "(?", 2));
	/* Quotes and backslashes of the pattern and text stay Perl text. */
	valop_perl(OP_SUB, "'\\", 2, "$1'", 3, &code);
	buf_addc(&code, '\0');
	CHECK_STR(code.data, "my $p = '\\'\\\\'; my $r = '$1\\''; s/$p/$r/;");
	buf_free(&code);
}

int
main(void)
{
	test_parse_nums();
	test_frame_job();
	test_perl_end();
	test_parse_rpl();
	test_perl_parts();
	test_perl_rpl();
	test_perl_fails();
	test_plus_perl();
	fake_reset();
	return unit_done("test_perlexpr");
}
