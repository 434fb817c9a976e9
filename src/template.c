/*
 * template.c -- compile the command template once, expand it per job.
 *
 * The user's words are joined with spaces and read as one shell command, as
 * GNU parallel does.  Every substituted value is shell-quoted, so no value is
 * ever read as code.  When the literal text of the template has no shell
 * syntax and does not start with a shell keyword or builtin, running it
 * through sh would only split it at blanks; xpool then does that split itself
 * and executes the words directly, which gives the same argv without a shell.
 *
 * A replacement that stands for several values ({} with several fields or
 * records) splits its word at each value boundary, exactly as the quoted
 * values would be split by the shell; with -X the whole word is repeated for
 * each value instead.
 *
 * A Perl expression ({= PERL =}, or a --rpl tag) is one part whose text is
 * compiled once through struct tpl_perl; tpl_eval() asks for a job's values
 * once, kept in the template's memo for tpl_expand() and tpl_render().
 * Such a template always runs through the shell, as uq() may make a value
 * shell code.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "quote.h"
#include "template.h"
#include "valop.h"
#include "xmalloc.h"

enum part_kind {
	P_LIT, /* literal text */
	P_ALL, /* {}: every value */
	P_POS, /* {N}: one value, counted from 1, or from the end if < 0 */
	P_SEQ, /* {#} */
	P_SLOT, /* {%} */
	P_TOTAL, /* {##} (--plus) */
	P_PERL, /* {= PERL =} or a --rpl tag: for each value, or {=N PERL =} */
};

struct part {
	enum part_kind kind;
	enum val_mod mod;
	long pos;
	size_t off, len; /* literal text, in tpl->text */
	struct valop *op; /* a bash-like string, or NULL */
	int id; /* P_PERL: the expression */
	size_t pk; /* P_PERL: its number among the template's */
	size_t same; /* P_PERL: the first part with its id and pos (a pk) */
};

/* A job's answers from its Perl expressions (tpl_eval). */
struct memo {
	struct tpl_perl_req *req;
	size_t nreq, cap;
	size_t *first; /* per P_PERL part: its first request, or SIZE_MAX */
	struct buf out; /* the answers' bytes */
};

/* A replacement string as parse_token() finds it, before it is compiled. */
struct token {
	struct part p;
	enum op_kind op;
	size_t a_off, a_len; /* STR, from the token's start */
	size_t b_off, b_len; /* REPL */
	unsigned long n, m;
};

struct word {
	struct part *part;
	size_t npart;
	int multi; /* holds a P_ALL */
	size_t sep_off; /* the blanks before the word, in tpl->text */
	size_t sep_len;
};

struct tpl {
	char *text;
	size_t textlen; /* without the blank added at the end */
	struct word *word;
	size_t nword;
	int shell; /* run as shell -c STRING */
	int quote; /* -q */
	int context; /* -X */
	int has_repl;
	int raw; /* no command: each item is itself a command line */
	int total; /* holds {##} */
	const char *shellpath;
	char *prog; /* literal first word, when the template runs directly */
	char *error; /* why a pattern cannot be used, or NULL */
	size_t nperl; /* P_PERL parts */
	int failed; /* a Perl expression could not be compiled (said) */
	const struct tpl_perl *perl;
	struct memo *memo; /* written by tpl_eval(), through a const tpl */
	struct buf *scratch; /* the result of an operation */
};

/* Keywords and builtins that have no program of their own. */
static const char *const shell_words[] = { "!", ".", ":", "[[", "]]", "{", "}",
	"alias", "bg", "break", "builtin", "case", "cd", "command", "continue",
	"declare", "do", "done", "elif", "else", "esac", "eval", "exec", "exit",
	"export", "fc", "fg", "fi", "for", "function", "getopts", "hash", "if",
	"in", "jobs", "let", "local", "read", "readonly", "return", "select",
	"set", "shift", "source", "then", "time", "times", "trap", "type",
	"typeset", "ulimit", "umask", "unalias", "unset", "until", "wait",
	"while" };

/* Whether a command word is a shell keyword or a builtin with no program. */
int
tpl_is_shell_word(const char *s, size_t len)
{
	for (size_t i = 0; i < sizeof(shell_words) / sizeof(shell_words[0]);
	     i++)
		if (strlen(shell_words[i]) == len &&
		    memcmp(shell_words[i], s, len) == 0)
			return 1;
	return 0;
}

static int
shell_syntax(char c)
{
	return c != '\0' && strchr("|&;<>()$`\\\"'*?[#~=%{}!\n", c) != NULL;
}

static int
word_sep(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/* The modifiers: what follows {} or {N} inside the braces. */
static const struct {
	const char *text;
	enum val_mod mod;
	int name; /* the tpl_name that renames it; -1 {}, -2 --plus */
} mods[] = {
	{ "", M_NONE, -1 },
	{ ".", M_NOEXT, TPL_NOEXT },
	{ "/", M_BASE, TPL_BASE },
	{ "//", M_DIR, TPL_DIR },
	{ "/.", M_BASENOEXT, TPL_BASENOEXT },
	{ "..", M_NOEXT2, -2 },
	{ "...", M_NOEXT3, -2 },
	{ "/..", M_BASENOEXT2, -2 },
	{ "/...", M_BASENOEXT3, -2 },
	{ "+/", M_PDIR, -2 },
	{ "+.", M_PEXT, -2 },
	{ "+..", M_PEXT2, -2 },
	{ "+...", M_PEXT3, -2 },
};

#define NMODS (sizeof(mods) / sizeof(mods[0]))

/*
 * Parse a modifier; a renamed string keeps no {...} spelling (as in GNU
 * parallel, -I STR also takes {N} away), and those of --plus need it.
 */
static int
parse_mod(
    const char *s, size_t len, const struct tpl_opts *o, enum val_mod *mod)
{
	for (size_t i = 0; i < NMODS; i++) {
		int name = mods[i].name;

		if (strlen(mods[i].text) != len ||
		    memcmp(mods[i].text, s, len) != 0)
			continue;
		if ((name == -1 && o->replstr != NULL) ||
		    (name >= 0 && o->rename[name] != NULL) ||
		    (name == -2 && !o->plus))
			return -1;
		*mod = mods[i].mod;
		return 0;
	}
	return -1;
}

/* A whole decimal number, as many digits as there are; saturated. */
static size_t
digits(const char *s, size_t len, unsigned long *n)
{
	size_t i = 0;

	*n = 0;
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++)
		*n = *n > 100000000UL ? *n
		                      : *n * 10 + (unsigned long)(s[i] - '0');
	return i;
}

/* Set STR (and REPL) of a token: spans of b, which is at off in it. */
static enum op_kind
op_spans(struct token *k, enum op_kind kind, size_t off, size_t a, size_t alen,
    size_t b, size_t blen)
{
	k->a_off = off + a;
	k->a_len = alen;
	k->b_off = off + b;
	k->b_len = blen;
	return kind;
}

/*
 * The bash-like strings of --plus, in the order GNU parallel tries them
 * (the longest of its patterns first): {/STR/REPL} {//STR/REPL}
 * {/#STR/REPL} {/%STR/REPL}, {##STR}, {#STR}, {:N:M}, {^^STR} {,,STR}
 * {:-STR} {%%STR}, {^STR} {,STR} {%STR}, {:N}.  b is the text between
 * the braces (after a position), at off in the token.
 */
static enum op_kind
parse_op(const char *b, size_t n, size_t off, struct token *k)
{
	static const struct {
		const char *prefix;
		enum op_kind kind;
	} texts[] = { { "^^", OP_UPPER_ALL }, { ",,", OP_LOWER_ALL },
		{ ":-", OP_DEFAULT }, { "%%", OP_SUFFIX_LONG },
		{ "^", OP_UPPER }, { ",", OP_LOWER }, { "%", OP_SUFFIX } };
	size_t i, d;

	if (n >= 3 && b[0] == '/') {
		enum op_kind kind = b[1] == '/' ? OP_SUB_ALL
		    : b[1] == '#'               ? OP_SUB_START
		    : b[1] == '%'               ? OP_SUB_END
		                                : OP_SUB;
		size_t start = kind == OP_SUB ? 1 : 2;

		/* STR is one byte or more, up to the next '/'. */
		for (i = start + 1; i < n && b[i] != '/'; i++)
			if (kind == OP_SUB && (b[i] == '#' || b[i] == '%'))
				return OP_NONE;
		if (i >= n)
			return OP_NONE;
		return op_spans(
		    k, kind, off, start, i - start, i + 1, n - i - 1);
	}
	if (n >= 3 && b[0] == '#' && b[1] == '#' && b[2] != '#')
		return op_spans(k, OP_PREFIX_LONG, off, 2, n - 2, 0, 0);
	if (n >= 2 && b[0] == '#' && b[1] != '#')
		return op_spans(k, OP_PREFIX, off, 1, n - 1, 0, 0);
	if (n >= 2 && b[0] == ':' && (d = digits(b + 1, n - 1, &k->n)) > 0) {
		if (1 + d == n)
			return OP_SKIP;
		if (b[1 + d] == ':' && 2 + d < n &&
		    digits(b + 2 + d, n - 2 - d, &k->m) == n - 2 - d)
			return OP_SUBSTR;
	}
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		size_t pl = strlen(texts[i].prefix);

		if (n > pl && memcmp(b, texts[i].prefix, pl) == 0)
			return op_spans(
			    k, texts[i].kind, off, pl, n - pl, 0, 0);
	}
	return OP_NONE;
}

/* What follows {} or {N}: a modifier, or with --plus an operation. */
static int
parse_rest(const char *b, size_t n, size_t off, const struct tpl_opts *o,
    struct token *k)
{
	if (parse_mod(b, n, o, &k->p.mod) == 0)
		return 0;
	if (o->plus && (k->op = parse_op(b, n, off, k)) != OP_NONE)
		return 0;
	return -1;
}

/*
 * Recognise a replacement string at s (which starts with '{' and has
 * limit bytes); return its length, or 0 when the braces are just text.
 */
static size_t
parse_token(
    const char *s, size_t limit, const struct tpl_opts *o, struct token *k)
{
	const char *end = memchr(s, '}', limit);
	const char *in = s + 1;
	size_t len;

	if (end == NULL)
		return 0;
	len = (size_t)(end - in);
	memset(k, 0, sizeof(*k));
	if (len == 1 && in[0] == '#' && o->rename[TPL_SEQ] == NULL) {
		k->p.kind = P_SEQ;
		return 3;
	}
	if (len == 1 && in[0] == '%' && o->rename[TPL_SLOT] == NULL) {
		k->p.kind = P_SLOT;
		return 3;
	}
	if (len == 2 && in[0] == '#' && in[1] == '#' && o->plus) {
		k->p.kind = P_TOTAL;
		return 4;
	}
	if (parse_rest(in, len, 1, o, k) == 0) {
		k->p.kind = P_ALL;
		return len + 2;
	}
	/* {N} {-N}, blanks, and a modifier */
	{
		const char *q = in;
		unsigned long n = 0;
		int neg = 0;

		if (*q == '-') {
			neg = 1;
			q++;
		}
		if (*q >= '1' && *q <= '9') {
			q += digits(q, (size_t)(end - q), &n);
			while (
			    q < end && (*q == ' ' || *q == '\t' || *q == '\n'))
				q++;
			k->op = OP_NONE;
			if (parse_rest(q, (size_t)(end - q), (size_t)(q - s), o,
			        k) == 0) {
				k->p.kind = P_POS;
				k->p.pos = neg ? -(long)n : (long)n;
				return len + 2;
			}
		}
	}
	/* {name} from --header, with a modifier */
	for (size_t i = 0; i < o->nnames; i++) {
		size_t nl = strlen(o->names[i]);

		if (nl == 0 || nl > len || memcmp(in, o->names[i], nl) != 0)
			continue;
		if (parse_mod(in + nl, len - nl, o, &k->p.mod) == 0) {
			k->p.kind = P_POS;
			k->p.pos = (long)i + 1;
			return len + 2;
		}
	}
	return 0;
}

/* The part a renamed string stands for: -1 is -I's {}. */
static void
renamed_part(int name, struct token *k)
{
	static const enum val_mod mod[TPL_NNAMES] = { M_NOEXT, M_BASE, M_DIR,
		M_BASENOEXT, M_NONE, M_NONE };

	memset(k, 0, sizeof(*k));
	k->p.kind = name == TPL_SEQ ? P_SEQ : name == TPL_SLOT ? P_SLOT : P_ALL;
	k->p.mod = name < 0 ? M_NONE : mod[name];
}

/*
 * The length of the {= PERL =} at s (len bytes to the end), with parens
 * the --parens string (left and right halves of plen / 2 bytes); 0 when
 * there is none.  As GNU parallel reads it: the first right parens ends
 * it, and another left parens before it means this one is text.
 */
size_t
tpl_perl_end(const char *s, size_t len, const char *parens, size_t plen)
{
	size_t h = plen / 2;

	if (h == 0 || len < 2 * h || memcmp(s, parens, h) != 0)
		return 0;
	for (size_t k = h; k + h <= len; k++) {
		if (memcmp(s + k, parens + h, h) == 0)
			return k + h;
		if (memcmp(s + k, parens, h) == 0)
			return 0;
	}
	return 0;
}

/*
 * Split --rpl 'TAG PERL' at its first blank, and TAG as GNU parallel does:
 * the text before the first '(', the group up to the last ')', the rest.
 * Returns -1 when TAG is empty.
 */
int
tpl_parse_rpl(const char *def, struct tpl_rpl *r)
{
	size_t n = 0, open, close = 0;

	while (def[n] != '\0' && !isspace((unsigned char)def[n]))
		n++;
	if (n == 0)
		return -1;
	r->def = def;
	r->tag = def;
	r->code = def[n] != '\0' ? def + n + 1 : def + n;
	/* "N PERL", as GNU parallel's own definitions use it: argument N. */
	r->pos = 0;
	if (isdigit((unsigned char)r->code[0])) {
		size_t d = 0;
		long pos = 0;

		while (isdigit((unsigned char)r->code[d]) && pos < 1000000)
			pos = pos * 10 + (r->code[d++] - '0');
		if (r->code[d] == ' ' && pos > 0) {
			r->pos = pos;
			r->code += d + 1;
		}
	}
	for (open = 0; open < n && def[open] != '('; open++)
		;
	for (size_t k = open; k < n; k++)
		if (def[k] == ')')
			close = k + 1;
	r->prefix_len = open;
	r->group_len = close > open ? close - open : 0;
	r->postfix_len = n - open - r->group_len;
	if (r->group_len == 0) { /* no group: the tag is all literal */
		r->prefix_len = n;
		r->postfix_len = 0;
	}
	return 0;
}

/* Read the digits of {N...} at s (after the brace); 0 when there are none. */
static size_t
read_pos(const char *s, size_t len, long *pos)
{
	size_t k = 0;
	long n = 0;

	if (k < len && s[k] == '-')
		k++;
	if (k >= len || s[k] < '0' || s[k] > '9')
		return 0;
	while (k < len && s[k] >= '0' && s[k] <= '9') {
		if (n < 100000000)
			n = n * 10 + (s[k] - '0');
		k++;
	}
	*pos = s[0] == '-' ? -n : n;
	return k;
}

/* Compile code through the callback; a failure fails the template. */
static int
perl_define(struct tpl *t, const struct tpl_opts *o, const char *what,
    size_t wlen, const char *code, size_t clen)
{
	char *w = xstrndup(what, wlen);
	int id = o->perl->define(o->perl->arg, w, code, clen);

	free(w);
	if (id < 0)
		t->failed = 1;
	return id;
}

/* A --rpl tag at s, plain or positional ({N...} when it starts with '{'). */
static size_t
rpl_token(struct tpl *t, const struct tpl_opts *o, const struct tpl_rpl *r,
    const char *s, size_t len, struct part *p)
{
	size_t taglen = r->prefix_len + r->group_len + r->postfix_len;
	size_t k = 0, mlen = 0;
	int positional = 0;

	p->pos = 0;
	if (r->group_len == 0 && taglen <= len &&
	    memcmp(s, r->tag, taglen) == 0)
		mlen = taglen;
	else if (r->tag[0] == '{' && s[0] == '{' &&
	    (k = read_pos(s + 1, len - 1, &p->pos)) > 0) {
		positional = 1;
		for (k++; k < len && isspace((unsigned char)s[k]); k++)
			;
		if (r->group_len == 0 && taglen - 1 <= len - k &&
		    memcmp(s + k, r->tag + 1, taglen - 1) == 0)
			mlen = k + taglen - 1;
	}
	if (mlen > 0) {
		char *what = xasprintf("--rpl '%s'", r->def);

		if (!positional)
			p->pos = r->pos;

		p->id = perl_define(
		    t, o, what, strlen(what), r->code, strlen(r->code));
		free(what);
		return p->id < 0 ? 0 : mlen;
	}
	if (r->group_len == 0 || len < r->prefix_len ||
	    (!positional && memcmp(s, r->tag, r->prefix_len) != 0))
		return 0;
	p->id =
	    o->perl->match(o->perl->arg, r, positional, s, len, &mlen, &p->pos);
	if (p->id == -1)
		t->failed = 1;
	return p->id < 0 ? 0 : mlen;
}

/*
 * A Perl expression at s[i] (the text ends at s[len]): {= PERL =}, {=N PERL
 * =} or a --rpl tag; its length, or 0.
 */
static size_t
perl_token(struct tpl *t, const struct tpl_opts *o, const char *s, size_t i,
    size_t len, struct part *p)
{
	const char *parens = o->parens ? o->parens : "{==}";
	size_t plen = strlen(parens), n, h = plen / 2, k;

	if (o->perl == NULL || t->failed)
		return 0;
	memset(p, 0, sizeof(*p));
	p->kind = P_PERL;
	if ((n = tpl_perl_end(s + i, len - i, parens, plen)) > 0) {
		k = h + read_pos(s + i + h, n - 2 * h, &p->pos);
		while (k < n - h && s[i + k] == ' ')
			k++;
		p->id = perl_define(t, o, s + i, n, s + i + k, n - h - k);
		return p->id < 0 ? 0 : n;
	}
	for (size_t r = 0; r < o->nrpl; r++)
		if ((n = rpl_token(t, o, &o->rpl[r], s + i, len - i, p)) > 0)
			return n;
	return 0;
}

/*
 * The replacement string at s[i], which ends at s[len] at the latest: a
 * Perl expression, the longest renamed string there (-I STR,
 * --extensionreplace STR ...), or a {...} token.  Its length, or 0 when
 * there is none.
 */
static size_t
token_at(struct tpl *t, const char *s, size_t i, size_t len,
    const struct tpl_opts *o, struct token *k)
{
	size_t best = 0;

	memset(k, 0, sizeof(*k));
	if ((best = perl_token(t, o, s, i, len, &k->p)) > 0)
		return best;

	for (int name = -1; name < TPL_NNAMES; name++) {
		const char *r = name < 0 ? o->replstr : o->rename[name];
		size_t rl = r != NULL ? strlen(r) : 0;

		if (rl > best && i + rl <= len && memcmp(s + i, r, rl) == 0) {
			best = rl;
			renamed_part(name, k);
		}
	}
	if (best > 0)
		return best;
	if (s[i] == '{')
		return parse_token(s + i, len - i, o, k);
	return 0;
}

/*
 * The end of the word starting at i, reading quotes and backslashes as sh
 * does, so that a quoted blank stays inside its word.  A replacement
 * string is one piece, whatever it holds: the quote in -I "'" or in a
 * --header name {it's} opens no quotes, as the value put there will not.
 */
static size_t
word_end(struct tpl *t, size_t i, size_t len, const struct tpl_opts *o)
{
	const char *s = t->text;
	struct token k;
	char q = 0;
	size_t n;

	for (; i < len; i++) {
		if ((n = token_at(t, s, i, len, o, &k)) > 0)
			i += n - 1;
		else if (q != 0) {
			if (s[i] == q)
				q = 0;
			else if (q == '"' && s[i] == '\\' && i + 1 < len)
				i++;
		} else if (s[i] == '\'' || s[i] == '"')
			q = s[i];
		else if (s[i] == '\\' && i + 1 < len)
			i++;
		else if (word_sep(s[i]))
			break;
	}
	return i;
}

static void
add_part(struct word *w, size_t *cap, const struct part *p)
{
	/* Merge adjacent literal text. */
	if (p->kind == P_LIT && w->npart > 0 &&
	    w->part[w->npart - 1].kind == P_LIT &&
	    w->part[w->npart - 1].off + w->part[w->npart - 1].len == p->off) {
		w->part[w->npart - 1].len += p->len;
		return;
	}
	if (w->npart == *cap) {
		*cap = *cap ? *cap * 2 : 4;
		w->part = xreallocarray(w->part, *cap, sizeof(*w->part));
	}
	w->part[w->npart++] = *p;
	if (p->kind == P_ALL || (p->kind == P_PERL && p->pos == 0))
		w->multi = 1;
}

/* The operation of a --plus token, its text copied and its pattern compiled. */
static struct valop *
make_op(struct tpl *t, const struct token *k, const char *tok)
{
	int dflt = k->op == OP_DEFAULT;

	if (t->scratch == NULL)
		t->scratch = xcalloc(1, sizeof(*t->scratch));
	return valop_new(k->op, k->n, k->m, tok + (dflt ? k->a_off : k->b_off),
	    dflt ? k->a_len : k->b_len, tok + k->a_off, k->a_len, &t->error);
}

/*
 * A --plus string whose pattern only Perl reads (valop_needs_perl()): a
 * Perl expression made from GNU parallel's definition, for the same values
 * ({} each, {N} the Nth).  1 if it is one now.
 */
static int
plus_as_perl(struct tpl *t, const struct tpl_opts *o, struct token *k,
    const char *tok, size_t toklen)
{
	struct buf code = BUF_INIT;
	char *what;

	if (o->perl == NULL || t->failed ||
	    !valop_needs_perl(k->op, tok + k->a_off, k->a_len))
		return 0;
	valop_perl(
	    k->op, tok + k->a_off, k->a_len, tok + k->b_off, k->b_len, &code);
	what = xasprintf("--plus '%.*s'", (int)toklen, tok);
	k->p.pos = k->p.kind == P_POS ? k->p.pos : 0;
	k->p.kind = P_PERL;
	k->p.id = perl_define(t, o, what, strlen(what), code.data, code.len);
	free(what);
	buf_free(&code);
	return 1;
}

/* Split text into parts: literals and replacement strings. */
static void
scan(struct tpl *t, const struct tpl_opts *o, size_t off, size_t len,
    struct word *w, size_t *cap)
{
	const char *s = t->text;
	size_t i = off, lit = off;
	struct token k;

	while (i < off + len) {
		size_t n = token_at(t, s, i, off + len, o, &k);

		if (n == 0) {
			i++;
			continue;
		}
		if (i > lit) {
			struct part l = {
				.kind = P_LIT, .off = lit, .len = i - lit
			};
			add_part(w, cap, &l);
		}
		if (k.op != OP_NONE && !plus_as_perl(t, o, &k, s + i, n))
			k.p.op = make_op(t, &k, s + i);
		if (k.p.kind == P_TOTAL)
			t->total = 1;
		if (k.p.kind == P_PERL)
			k.p.pk = t->nperl++;
		if (k.p.mod >= M_NOEXT2 && t->scratch == NULL)
			t->scratch = xcalloc(1, sizeof(*t->scratch));
		add_part(w, cap, &k.p);
		t->has_repl = 1;
		i += n;
		lit = i;
	}
	if (i > lit) {
		struct part l = { .kind = P_LIT, .off = lit, .len = i - lit };
		add_part(w, cap, &l);
	}
}

static struct word *
new_word(struct tpl *t, size_t *wcap)
{
	if (t->nword == *wcap) {
		*wcap = *wcap ? *wcap * 2 : 8;
		t->word = xreallocarray(t->word, *wcap, sizeof(*t->word));
	}
	memset(&t->word[t->nword], 0, sizeof(t->word[0]));
	return &t->word[t->nword++];
}

/* Whether the literal text of the template needs a shell to mean anything. */
/* Is the word a bash function exported in env (BASH_FUNC_word%%=...)? */
static int
exported_function(const char *const *env, const char *s, size_t len)
{
	static const char pre[] = "BASH_FUNC_", post[] = "%%=";

	for (; env != NULL && *env != NULL; env++)
		if (strncmp(*env, pre, sizeof(pre) - 1) == 0 &&
		    strncmp(*env + sizeof(pre) - 1, s, len) == 0 &&
		    strncmp(*env + sizeof(pre) - 1 + len, post,
		        sizeof(post) - 1) == 0)
			return 1;
	return 0;
}

/*
 * Does the command name an exported bash function in env: a run of its
 * literal text between blanks and shell syntax?
 */
static int
uses_function(const struct tpl *t, const char *const *env)
{
	for (size_t i = 0; env != NULL && i < t->nword; i++)
		for (size_t j = 0; j < t->word[i].npart; j++) {
			const struct part *p = &t->word[i].part[j];
			const char *s = t->text + p->off;
			size_t k = 0, start;

			while (p->kind == P_LIT && k < p->len) {
				while (k < p->len &&
				    (shell_syntax(s[k]) || word_sep(s[k])))
					k++;
				start = k;
				while (k < p->len && !shell_syntax(s[k]) &&
				    !word_sep(s[k]))
					k++;
				if (k > start &&
				    exported_function(
				        env, s + start, k - start))
					return 1;
			}
		}
	return 0;
}

static int
needs_shell(const struct tpl *t, int quote)
{
	const struct word *w0;

	if (t->nword == 0)
		return 1;
	if (!quote)
		for (size_t i = 0; i < t->nword; i++) {
			if (memchr(t->text + t->word[i].sep_off, '\n',
			        t->word[i].sep_len) != NULL)
				return 1;
			for (size_t j = 0; j < t->word[i].npart; j++) {
				const struct part *p = &t->word[i].part[j];

				if (p->kind != P_LIT)
					continue;
				for (size_t k = 0; k < p->len; k++)
					if (shell_syntax(t->text[p->off + k]))
						return 1;
			}
		}
	w0 = &t->word[0];
	if (w0->npart == 1 && w0->part[0].kind == P_LIT)
		return tpl_is_shell_word(
		    t->text + w0->part[0].off, w0->part[0].len);
	return 0;
}

/* Find, for each Perl part, the first with the same expression and place. */
static void
perl_same(struct tpl *t)
{
	for (size_t i = 0; i < t->nword; i++)
		for (size_t j = 0; j < t->word[i].npart; j++) {
			struct part *p = &t->word[i].part[j];

			if (p->kind != P_PERL)
				continue;
			p->same = p->pk;
			for (size_t a = 0; a <= i && p->same == p->pk; a++)
				for (size_t b = 0; b < t->word[a].npart; b++) {
					const struct part *q =
					    &t->word[a].part[b];

					if (q == p)
						break;
					if (q->kind == P_PERL &&
					    q->id == p->id &&
					    q->pos == p->pos) {
						p->same = q->pk;
						break;
					}
				}
		}
}

/*
 * Compile words into a template.  Without -q the words are joined with
 * spaces and split again at blanks, the way sh would read them.  With no
 * replacement string, {} is appended as a word of its own.
 */
struct tpl *
tpl_compile(char **words, size_t nwords, const struct tpl_opts *o)
{
	struct tpl *t = xcalloc(1, sizeof(*t));
	struct buf text = BUF_INIT;
	size_t wcap = 0;

	t->quote = o->quote;
	t->context = o->context;
	for (size_t i = 0; i < nwords; i++) {
		if (i > 0)
			buf_addc(&text, ' ');
		buf_adds(&text, words[i]);
	}
	t->textlen = text.len;
	buf_addc(&text, ' '); /* the blank before an appended {} */
	t->text = buf_detach(&text);

	if (o->quote) {
		size_t off = 0;

		for (size_t i = 0; i < nwords; i++) {
			size_t len = strlen(words[i]), cap = 0;

			scan(t, o, off, len, new_word(t, &wcap), &cap);
			off += len + 1;
		}
	} else {
		size_t len = t->textlen, i = 0;

		while (i < len) {
			size_t sep = i, ws, cap = 0;
			struct word *w;

			while (i < len && word_sep(t->text[i]))
				i++;
			if (i == len)
				break;
			ws = i;
			i = word_end(t, i, len, o);
			w = new_word(t, &wcap);
			w->sep_off = sep;
			w->sep_len = ws - sep;
			scan(t, o, ws, i - ws, w, &cap);
		}
	}
	if (!t->has_repl && !o->raw && !o->noappend) {
		struct part all = { .kind = P_ALL };
		size_t cap = 0;

		struct word *w = new_word(t, &wcap);

		add_part(w, &cap, &all);
		w->sep_off = t->textlen; /* the blank added to the text */
		w->sep_len = 1;
	}
	if (t->failed) {
		tpl_free(t);
		return NULL; /* said */
	}
	t->raw = nwords == 0 || o->raw;
	t->shell = t->raw || t->nperl > 0 || needs_shell(t, o->quote);
	/* The default shell is looked for only when a command needs it. */
	t->shellpath = o->shell        ? o->shell
	    : !t->shell                ? "/bin/sh"
	    : o->shell_default != NULL ? o->shell_default()
	                               : "/bin/sh";
	if (t->nperl > 0) {
		perl_same(t);
		t->perl = o->perl;
		t->memo = xcalloc(1, sizeof(*t->memo));
		t->memo->first = xcalloc(t->nperl, sizeof(size_t));
	}
	/* Exported functions are bash's: a command using one goes to it. */
	if (o->funcs != NULL && (t->raw || uses_function(t, o->funcs))) {
		t->shell = 1;
		t->shellpath = o->fshell;
	}
	if (!t->shell && t->word[0].npart == 1 &&
	    t->word[0].part[0].kind == P_LIT)
		t->prog = xstrndup(
		    t->text + t->word[0].part[0].off, t->word[0].part[0].len);
	return t;
}

void
tpl_free(struct tpl *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->nword; i++) {
		for (size_t j = 0; j < t->word[i].npart; j++)
			valop_free(t->word[i].part[j].op);
		free(t->word[i].part);
	}
	free(t->word);
	free(t->text);
	free(t->prog);
	free(t->error);
	if (t->memo != NULL) {
		free(t->memo->req);
		free(t->memo->first);
		buf_free(&t->memo->out);
		free(t->memo);
	}
	if (t->scratch != NULL)
		buf_free(t->scratch);
	free(t->scratch);
	free(t);
}

/* Why the template cannot be used (a pattern of --plus), or NULL. */
const char *
tpl_error(const struct tpl *t)
{
	return t->error;
}

/* Whether it holds {##}, which needs the number of jobs. */
int
tpl_uses_total(const struct tpl *t)
{
	return t->total;
}

int
tpl_uses_shell(const struct tpl *t)
{
	return t->shell;
}

int
tpl_has_repl(const struct tpl *t)
{
	return t->has_repl;
}

int
tpl_has_perl(const struct tpl *t)
{
	return t->nperl > 0;
}

/* The program every job runs, when it is known before any value is. */
const char *
tpl_program(const struct tpl *t)
{
	return t->shell ? t->shellpath : t->prog;
}

/*
 * The value a part gives for one field: a slice of it, or what a --plus
 * string made of it, in t->scratch until the next call.
 */
static void
value_of(const struct tpl *t, const struct part *p, const char *s, size_t len,
    const char **rs, size_t *rlen)
{
	if (p->op == NULL && p->mod < M_NOEXT2) {
		val_slice(p->mod, s, len, rs, rlen);
		return;
	}
	buf_reset(t->scratch);
	if (p->op != NULL)
		valop_apply(p->op, s, len, t->scratch);
	else
		val_plus(p->mod, s, len, t->scratch);
	*rs = t->scratch->len > 0 ? t->scratch->data : "";
	*rlen = t->scratch->len;
}

/* Where the expansion goes: an argv under construction, or one string. */
struct out {
	struct tpl_cmd *cmd; /* argv mode */
	struct buf *str; /* string mode */
	int quote; /* quote values (string mode) */
	int content; /* the current word has content (argv mode) */
};

static void
out_lit(struct out *o, const char *s, size_t len, int quote_lit)
{
	if (o->str != NULL) {
		if (quote_lit)
			quote_shell(o->str, s, len);
		else
			buf_add(o->str, s, len);
	} else {
		buf_add(&o->cmd->text, s, len);
		o->content = 1;
	}
}

static void
out_val(struct out *o, const char *s, size_t len)
{
	if (o->str != NULL) {
		if (o->quote)
			quote_shell(o->str, s, len);
		else
			buf_add(o->str, s, len);
	} else {
		buf_add(&o->cmd->text, s, len);
		o->content = 1;
	}
}

/* A value uq() left unquoted: shell code of the user's own. */
static void
out_raw(struct out *o, const char *s, size_t len)
{
	if (o->str != NULL)
		buf_add(o->str, s, len);
	else
		out_val(o, s, len);
}

/* End the current word (argv mode) or put a blank between words. */
static void
out_break(struct out *o)
{
	if (o->str != NULL) {
		buf_addc(o->str, ' ');
		return;
	}
	if (!o->content)
		return;
	buf_addc(&o->cmd->text, '\0');
	o->cmd->argc++;
	o->content = 0;
}

static void
put_number(struct out *o, unsigned long n)
{
	char num[24];
	size_t len = 0;
	char tmp[24];

	do {
		tmp[len++] = (char)('0' + n % 10);
		n /= 10;
	} while (n > 0);
	for (size_t i = 0; i < len; i++)
		num[i] = tmp[len - 1 - i];
	out_val(o, num, len);
}

/* Resolve {N} against the job's fields; NULL when there is no such field. */
static int
pos_field(const struct tpl_vals *v, long pos, size_t *idx)
{
	if (pos > 0 && (size_t)pos <= v->nfield) {
		*idx = (size_t)pos - 1;
		return 1;
	}
	if (pos < 0 && (size_t)(-pos) <= v->nfield) {
		*idx = v->nfield - (size_t)(-pos);
		return 1;
	}
	return 0;
}

static void
memo_add(struct memo *m, int id, size_t field)
{
	if (m->nreq == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 8;
		m->req = xreallocarray(m->req, m->cap, sizeof(*m->req));
	}
	memset(&m->req[m->nreq], 0, sizeof(m->req[0]));
	m->req[m->nreq].id = id;
	m->req[m->nreq++].field = field;
}

/* tpl_eval() for a template with Perl expressions. */
static __attribute__((noinline)) int
ask_perl(const struct tpl *t, const struct tpl_vals *v)
{
	struct memo *m = t->memo;
	size_t idx;

	m->nreq = 0;
	buf_reset(&m->out);
	for (size_t i = 0; i < t->nword; i++)
		for (size_t j = 0; j < t->word[i].npart; j++) {
			const struct part *p = &t->word[i].part[j];
			size_t k, n = v->nfield > 0 ? v->nfield : 1;

			if (p->kind != P_PERL)
				continue;
			m->first[p->pk] = SIZE_MAX;
			if (p->same != p->pk) {
				m->first[p->pk] = m->first[p->same];
				continue;
			}
			if (p->pos != 0) {
				if (pos_field(v, p->pos, &idx)) {
					m->first[p->pk] = m->nreq;
					memo_add(m, p->id, idx + 1);
				}
				continue;
			}
			m->first[p->pk] = m->nreq;
			for (k = 0; k < n; k++)
				memo_add(m, p->id, v->nfield > 0 ? k + 1 : 0);
		}
	if (m->nreq == 0)
		return 0;
	return t->perl->eval(t->perl->arg, v, m->req, m->nreq, &m->out);
}

/*
 * The Perl expressions' answers for a job, asked for once: each part's
 * for each value (once with "" when there is none), or for its {=N =}
 * value; a part with the same expression and position shares them, as GNU
 * parallel's cache does.  Returns 0, 1 when skip() was called, -1 when an
 * expression died (the message is printed).
 */
int
tpl_eval(const struct tpl *t, const struct tpl_vals *v)
{
	/* Templates without one pay a test (ask_perl is not inlined). */
	return t->nperl == 0 ? 0 : ask_perl(t, v);
}

/*
 * Whether one of the answers tpl_eval() got is false to Perl ("" or "0"):
 * GNU parallel evaluates such an expression of --tagstring again when it
 * prints the job (it keeps only true answers).
 */
int
tpl_perl_false(const struct tpl *t)
{
	for (size_t k = 0; k < t->memo->nreq; k++) {
		const struct tpl_perl_req *r = &t->memo->req[k];

		if (r->len == 0 ||
		    (r->len == 1 && t->memo->out.data[r->off] == '0'))
			return 1;
	}
	return 0;
}

static void
put_answer(struct out *o, const struct tpl *t, size_t k)
{
	const struct tpl_perl_req *r = &t->memo->req[k];
	const char *s = t->memo->out.data + r->off;

	if (r->len == 0)
		s = "";
	if (r->uq)
		out_raw(o, s, r->len);
	else
		out_val(o, s, r->len);
}

/* A Perl expression's answers, as tpl_eval() asked for them. */
static void
emit_perl(struct out *o, const struct tpl *t, const struct part *p,
    const struct tpl_vals *v, size_t which)
{
	size_t k = t->memo->first[p->pk], n;

	if (k == SIZE_MAX || k >= t->memo->nreq)
		return;
	if (p->pos != 0) {
		put_answer(o, t, k);
		return;
	}
	if (which != SIZE_MAX) {
		if (k + which < t->memo->nreq)
			put_answer(o, t, k + which);
		return;
	}
	n = v->nfield > 0 ? v->nfield : 1;
	for (size_t i = 0; i < n && k + i < t->memo->nreq; i++) {
		if (i > 0)
			out_break(o);
		put_answer(o, t, k + i);
	}
}

/*
 * Emit one part.  For P_ALL, "which" selects one value (for -X), or is
 * SIZE_MAX for all values with a word break between them.
 */
static void
emit_part(struct out *o, const struct tpl *t, const struct part *p,
    const struct tpl_vals *v, size_t which, int quote_lit)
{
	const char *s;
	size_t len, idx;

	switch (p->kind) {
	case P_LIT:
		out_lit(o, t->text + p->off, p->len, quote_lit);
		break;
	case P_SEQ:
		put_number(o, v->seq);
		break;
	case P_SLOT:
		put_number(o, v->slot);
		break;
	case P_TOTAL:
		put_number(o, v->total);
		break;
	case P_PERL:
		emit_perl(o, t, p, v, which);
		break;
	case P_POS:
		if (pos_field(v, p->pos, &idx)) {
			value_of(t, p, v->field[idx], v->flen[idx], &s, &len);
			out_val(o, s, len);
		}
		break;
	case P_ALL:
		if (which != SIZE_MAX) {
			value_of(
			    t, p, v->field[which], v->flen[which], &s, &len);
			out_val(o, s, len);
			break;
		}
		for (size_t i = 0; i < v->nfield; i++) {
			if (i > 0)
				out_break(o);
			value_of(t, p, v->field[i], v->flen[i], &s, &len);
			out_val(o, s, len);
		}
		break;
	}
}

static void
emit_word(struct out *o, const struct tpl *t, const struct word *w,
    const struct tpl_vals *v, size_t which)
{
	for (size_t j = 0; j < w->npart; j++)
		emit_part(o, t, &w->part[j], v, which, 0);
	out_break(o);
}

/* Emit every word; with -X, repeat a word holding {} for each value. */
static void
emit_words(struct out *o, const struct tpl *t, const struct tpl_vals *v)
{
	for (size_t i = 0; i < t->nword; i++) {
		const struct word *w = &t->word[i];

		if (t->context && w->multi) {
			for (size_t k = 0; k < v->nfield; k++)
				emit_word(o, t, w, v, k);
		} else
			emit_word(o, t, w, v, SIZE_MAX);
	}
}

/*
 * The words of a -q template, each expanded and then quoted as a whole, for
 * the shell string and for display.
 */
static void
emit_quoted_words(
    struct buf *str, const struct tpl *t, const struct tpl_vals *v)
{
	struct tpl_cmd tmp = { 0 };
	struct out o = { &tmp, NULL, 0, 0 };
	size_t off = 0;

	emit_words(&o, t, v);
	for (size_t i = 0; i < tmp.argc; i++) {
		size_t len = strlen(tmp.text.data + off);

		if (i > 0)
			buf_addc(str, ' ');
		quote_shell(str, tmp.text.data + off, len);
		off += len + 1;
	}
	buf_free(&tmp.text);
}

/* The command as sh would read it: what runs, and what --dry-run prints. */
void
tpl_render(const struct tpl *t, const struct tpl_vals *v, struct buf *str)
{
	struct out o = { NULL, str, !t->raw, 0 };

	if (t->quote && !t->raw) {
		emit_quoted_words(str, t, v);
		return;
	}
	for (size_t i = 0; i < t->nword; i++) {
		const struct word *w = &t->word[i];

		if (i > 0)
			buf_add(str, t->text + w->sep_off,
			    w->sep_len ? w->sep_len : 1);
		if (t->context && w->multi) {
			for (size_t k = 0; k < v->nfield; k++) {
				if (k > 0)
					buf_addc(str, ' ');
				for (size_t j = 0; j < w->npart; j++)
					emit_part(&o, t, &w->part[j], v, k, 0);
			}
		} else
			for (size_t j = 0; j < w->npart; j++)
				emit_part(&o, t, &w->part[j], v, SIZE_MAX, 0);
	}
}

static void
set_argv(struct tpl_cmd *c)
{
	size_t off = 0;

	if (c->argc + 1 > c->argv_cap) {
		c->argv_cap = c->argc + 1 + 8;
		c->argv = xreallocarray(c->argv, c->argv_cap, sizeof(char *));
	}
	c->size = 0;
	c->longest = 0;
	for (size_t i = 0; i < c->argc; i++) {
		size_t len = strlen(c->text.data + off) + 1;

		c->argv[i] = c->text.data + off;
		c->size += len + sizeof(char *);
		if (len > c->longest)
			c->longest = len;
		off += len;
	}
	c->argv[c->argc] = NULL;
	c->size += sizeof(char *);
}

/* Build the argv a job executes. */
void
tpl_expand(const struct tpl *t, const struct tpl_vals *v, struct tpl_cmd *c)
{
	buf_reset(&c->text);
	c->argc = 0;
	if (!t->shell) {
		struct out o = { c, NULL, 0, 0 };

		emit_words(&o, t, v);
		buf_reserve(&c->text, 0);
		set_argv(c);
		return;
	}
	buf_reset(&c->shell);
	tpl_render(t, v, &c->shell);
	buf_adds(&c->text, t->shellpath);
	buf_addc(&c->text, '\0');
	buf_add(&c->text, "-c", 3);
	/* The text may be empty, and then there is no buffer yet. */
	buf_add(&c->text, c->shell.data, c->shell.len);
	buf_addc(&c->text, '\0');
	c->argc = 3;
	set_argv(c);
}

/* The digits of the largest {#} or {%}: ULONG_MAX's. */
#define NUMBER_MAX 20

/*
 * An upper bound of what one more record with these fields adds to a job's
 * command: each replacement that can take a value adds the value (quoted,
 * through a shell; at least "." or '') and a separator (and a pointer, for
 * an argv); with -X a word holding {} is repeated, literal text, {#} and
 * {%} and all.  Not bounded: a {N} in a word that -X repeats, which is
 * repeated with a value of another record.
 */
/*
 * What one value costs: quoted through a shell (at least '', a modifier
 * may leave nothing), with its separator (and pointer, for an argv).
 */
static size_t
value_cost(const struct tpl *t, const char *s, size_t len, int shown)
{
	int quoted = shown ? !t->raw : t->shell;
	size_t q = quoted ? quote_len(s, len) : len;
	size_t least = shown ? 0 : quoted ? 2 : 1;
	/*
	 * With -q through the shell, values share a word that is quoted
	 * whole: the blank between two of them may need quoting too.
	 */
	size_t sep = quoted && t->quote ? 2 : 1;

	return (q > least ? q : least) + sep +
	    (shown || t->shell ? 0 : sizeof(char *));
}

/*
 * What a record adds to a command: bytes against the system's limits, or
 * (shown) characters of the line as tpl_render() prints it, for -s.
 */
static size_t
record_cost(
    const struct tpl *t, char **field, size_t *flen, size_t n, int shown)
{
	size_t fields = 0, cost = 0;

	/* A modifier gives a piece of the value, or "." ({//} of ""). */
	for (size_t i = 0; i < n; i++)
		fields += value_cost(t, field[i], flen[i], shown);
	for (size_t i = 0; i < t->nword; i++) {
		const struct word *w = &t->word[i];

		for (size_t j = 0; j < w->npart; j++) {
			const struct part *p = &w->part[j];

			if ((p->kind == P_ALL || p->kind == P_POS) &&
			    (p->op != NULL || p->mod >= M_NOEXT2)) {
				/* --plus can make a value longer: measure. */
				for (size_t k = 0; k < n; k++) {
					const char *s;
					size_t len;

					value_of(
					    t, p, field[k], flen[k], &s, &len);
					cost += value_cost(t, s, len, shown);
				}
			} else if (p->kind == P_ALL || p->kind == P_POS ||
			    p->kind == P_PERL)
				cost += fields;
			if (t->context && w->multi && p->kind == P_LIT)
				cost +=
				    quote_len(t->text + p->off, p->len) * n +
				    !shown;
			/* Repeated, {#} {%} {##} are numbers of any size. */
			if (t->context && w->multi &&
			    (p->kind == P_SEQ || p->kind == P_SLOT ||
			        p->kind == P_TOTAL))
				cost += NUMBER_MAX * n;
		}
	}
	return cost;
}

size_t
tpl_record_cost(const struct tpl *t, char **field, size_t *flen, size_t n)
{
	return record_cost(t, field, flen, n, 0);
}

size_t
tpl_record_chars(const struct tpl *t, char **field, size_t *flen, size_t n)
{
	return record_cost(t, field, flen, n, 1);
}

void
tpl_cmd_free(struct tpl_cmd *c)
{
	buf_free(&c->text);
	buf_free(&c->shell);
	free(c->argv);
	c->argv = NULL;
	c->argc = c->argv_cap = 0;
}

/* ---- --filter -------------------------------------------------------------
 */

/*
 * --filter: conditions whose text, made for a job with its values
 * unquoted, is evaluated as Perl; the job runs when every one is true.
 * GNU parallel 20221122 evals each the same way; one that does not
 * compile is false.
 */
struct tpl_filter {
	struct tpl **cond;
	size_t ncond;
	const struct tpl_perl *perl;
	int id; /* the expression that evaluates a condition's text */
	char *error; /* why it cannot be used, or NULL */
	struct buf text, out;
};

static const char filter_code[] =
    "$_ = do { package main; no strict; no warnings; eval $_ } ? 1 : 0";

struct tpl_filter *
tpl_filter_new(char **conds, size_t n, const struct tpl_opts *o)
{
	struct tpl_filter *f = xcalloc(1, sizeof(*f));
	struct tpl_opts raw = *o;

	raw.raw = 1;
	raw.quote = 0;
	raw.context = 0;
	raw.noappend = 1;
	f->perl = o->perl;
	f->cond = xcalloc(n, sizeof(*f->cond));
	for (size_t i = 0; i < n; i++, f->ncond++) {
		f->cond[i] = tpl_compile(&conds[i], 1, &raw);
		if (f->cond[i] == NULL) {
			tpl_filter_free(f);
			return NULL; /* said */
		}
		if (tpl_error(f->cond[i]) != NULL) {
			f->error =
			    xasprintf("--filter: %s", tpl_error(f->cond[i]));
			f->ncond++;
			return f;
		}
	}
	if (f->perl == NULL)
		f->error = xstrdup("--filter needs Perl expressions");
	else if ((f->id = f->perl->define(f->perl->arg, "--filter", filter_code,
	              sizeof(filter_code) - 1)) < 0) {
		tpl_filter_free(f);
		return NULL; /* said */
	}
	return f;
}

const char *
tpl_filter_error(const struct tpl_filter *f)
{
	return f->error;
}

/*
 * Whether the job with these values runs: 1 when every condition is
 * true, 0 when one is not (or called skip()), -1 when a {= =} in one died
 * or perl failed (said).
 */
int
tpl_filter_pass(struct tpl_filter *f, const struct tpl_vals *v)
{
	for (size_t i = 0; i < f->ncond; i++) {
		struct tpl_perl_req req = { f->id, 1, 0, 0, 0 };
		struct tpl_vals one = *v;
		char *field;
		size_t flen;
		int r;

		if ((r = tpl_eval(f->cond[i], v)) != 0)
			return r < 0 ? -1 : 0;
		buf_reset(&f->text);
		tpl_render(f->cond[i], v, &f->text);
		field = f->text.data != NULL ? f->text.data : (char *)"";
		flen = f->text.len;
		one.field = &field;
		one.flen = &flen;
		one.nfield = 1;
		buf_reset(&f->out);
		if ((r = f->perl->eval(f->perl->arg, &one, &req, 1, &f->out)) <
		    0)
			return -1;
		if (r > 0 || req.len != 1 || f->out.data[req.off] != '1')
			return 0;
	}
	return 1;
}

void
tpl_filter_free(struct tpl_filter *f)
{
	if (f == NULL)
		return;
	for (size_t i = 0; i < f->ncond; i++)
		tpl_free(f->cond[i]);
	free(f->cond);
	free(f->error);
	buf_free(&f->text);
	buf_free(&f->out);
	free(f);
}
