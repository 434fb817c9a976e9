/*
 * valop.c -- what a replacement string makes of one value.
 */
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "valop.h"
#include "xmalloc.h"

/* An operation with its text and its compiled pattern. */
struct valop {
	enum op_kind kind;
	char *repl; /* {:-STR}'s STR, or REPL */
	size_t rlen;
	unsigned long n, m; /* {:N:M} */
	regex_t re;
	int has_re;
};

/* The escapes of a Perl pattern that name a class of bytes. */
static const char *
perl_class(char c)
{
	switch (c) {
	case 'd':
		return "0-9";
	case 's':
		return "[:space:]";
	case 'w':
		return "[:alnum:]_";
	default:
		return NULL;
	}
}

/*
 * A pattern of --plus, which GNU parallel reads as a Perl regular
 * expression, as a POSIX extended one: the escapes \d \s \w (\D \S \W
 * outside brackets), \t \n; '.' matches no newline; a lazy quantifier is
 * taken as greedy (the shortest match is found where GNU parallel makes
 * one lazy); '{' is text, as a pattern holds no '}'; a quantifier with
 * nothing before it is dropped; a back-reference counts the group the
 * pattern is put in.  Bytes, not characters.
 */
static void
perl_to_ere(const char *s, size_t n, struct buf *ere)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		const char *cls;

		if (c == '[') {
			size_t j = i + 1;

			/* Copy the class; ']' first is in it. */
			buf_addc(ere, '[');
			if (j < n && s[j] == '^')
				buf_addc(ere, s[j++]);
			if (j < n && s[j] == ']')
				buf_addc(ere, s[j++]);
			for (; j < n && s[j] != ']'; j++) {
				if (s[j] == '[' && j + 1 < n &&
				    strchr(":.=", s[j + 1]) != NULL) {
					const char *e =
					    memchr(s + j + 2, ']', n - j - 2);

					if (e != NULL) {
						buf_add(ere, s + j,
						    (size_t)(e - (s + j)) + 1);
						j = (size_t)(e - s);
						continue;
					}
				}
				if (s[j] == '\\' && j + 1 < n) {
					j++;
					if ((cls = perl_class(s[j])) != NULL)
						buf_adds(ere, cls);
					else
						buf_addc(ere,
						    s[j] == 't'       ? '\t'
						        : s[j] == 'n' ? '\n'
						                      : s[j]);
					continue;
				}
				buf_addc(ere, s[j]);
			}
			buf_addc(ere, ']');
			i = j;
			continue;
		}
		if (c == '\\' && i + 1 < n) {
			c = s[++i];
			if ((cls = perl_class((char)(c | 0x20))) != NULL)
				buf_printf(
				    ere, "[%s%s]", c & 0x20 ? "" : "^", cls);
			else if (c == 't' || c == 'n')
				buf_addc(ere, c == 't' ? '\t' : '\n');
			else if (c >= '1' && c <= '8')
				buf_printf(ere, "\\%c", c + 1);
			else {
				buf_addc(ere, '\\');
				buf_addc(ere, c);
			}
		} else if (c == '\\')
			buf_adds(ere, "\\\\");
		else if (c == '.')
			buf_adds(ere, "[^\n]");
		else if (c == '{')
			buf_adds(ere, "\\{");
		else if (strchr("*+?", c) != NULL &&
		    (i == 0 || s[i - 1] == '(' || s[i - 1] == '|')) {
			/* Nothing to repeat: Perl repeats the ^ before it. */
			if (i + 1 < n && (s[i + 1] == '?' || s[i + 1] == '+'))
				i++;
		} else {
			buf_addc(ere, c);
			/* *? +? ?? *+ ...: as greedy */
			if (strchr("*+?", c) != NULL && i + 1 < n &&
			    (s[i + 1] == '?' || s[i + 1] == '+'))
				i++;
		}
	}
}

/*
 * Does the pattern of a --plus string use what POSIX regexes do not have,
 * as Perl reads it: (?...) groups, lazy or possessive quantifiers, or an
 * escape other than those perl_to_ere() reads (\d \s \w and their
 * capitals, \t \n, \b \B, \1 to \8)?  A pattern it says yes to by
 * mistake only costs Perl's time.
 */
int
valop_needs_perl(enum op_kind kind, const char *s, size_t n)
{
	int in_class = 0;

	if (kind == OP_NONE || kind == OP_DEFAULT || kind == OP_SKIP ||
	    kind == OP_SUBSTR)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (c == '\\' && i + 1 < n) {
			char e = s[++i];

			if (((e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z') ||
			        (e >= '0' && e <= '9')) &&
			    strchr(in_class ? "dswDSWtn" : "dswDSWtnbB12345678",
			        e) == NULL)
				return 1;
			continue;
		}
		if (in_class) {
			in_class = c != ']';
			continue;
		}
		if (c == '[') {
			in_class = 1;
			if (i + 1 < n && s[i + 1] == '^')
				i++;
			if (i + 1 < n && s[i + 1] == ']')
				i++;
		} else if (c == '(' && i + 1 < n && s[i + 1] == '?')
			return 1;
		else if (strchr("*+?}", c) != NULL && i > 0 && i + 1 < n &&
		    (s[i + 1] == '?' || s[i + 1] == '+'))
			return 1;
	}
	return 0;
}

/* s as a Perl string in single quotes. */
static void
perl_quote(struct buf *b, const char *s, size_t n)
{
	buf_addc(b, '\'');
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\'' || s[i] == '\\')
			buf_addc(b, '\\');
		buf_addc(b, s[i]);
	}
	buf_addc(b, '\'');
}

/*
 * The Perl of a --plus string with pattern pat and text repl, as GNU
 * parallel defines it: the pattern is interpolated into the regex as a
 * variable, so it is read as a regex, and the text into the replacement,
 * where it stays text ($1 in it is not a group).
 */
void
valop_perl(enum op_kind kind, const char *pat, size_t plen, const char *repl,
    size_t rlen, struct buf *code)
{
	static const struct {
		enum op_kind kind;
		const char *perl;
	} defs[] = {
		{ OP_PREFIX,
		    "$p = ::make_regexp_ungreedy($p); s/^$p(.*)/$1/;" },
		{ OP_PREFIX_LONG, "s/^$p//;" },
		{ OP_SUFFIX,
		    "$p = ::make_regexp_ungreedy($p); s/(.*)$p$/$1/;" },
		{ OP_SUFFIX_LONG, "s/$p$//;" },
		{ OP_SUB, "s/$p/$r/;" },
		{ OP_SUB_ALL, "s/$p/$r/g;" },
		{ OP_SUB_START, "s/^$p/$r/g;" },
		{ OP_SUB_END, "s/$p$/$r/g;" },
		{ OP_UPPER, "s/^($p)/uc($1)/e;" },
		{ OP_UPPER_ALL, "s/($p)/uc($1)/eg;" },
		{ OP_LOWER, "s/^($p)/lc($1)/e;" },
		{ OP_LOWER_ALL, "s/($p)/lc($1)/eg;" },
	};

	buf_adds(code, "my $p = ");
	perl_quote(code, pat, plen);
	buf_adds(code, "; my $r = ");
	perl_quote(code, repl != NULL ? repl : "", repl != NULL ? rlen : 0);
	buf_adds(code, "; ");
	for (size_t i = 0; i < sizeof(defs) / sizeof(defs[0]); i++)
		if (defs[i].kind == kind)
			buf_adds(code, defs[i].perl);
}

/*
 * The operation of a --plus string: kind, {:N:M}'s numbers, its text (STR of
 * {:-STR}, or REPL) and its pattern, compiled.  When the pattern is no
 * regular expression, *error says why (to free), if it said nothing yet,
 * and the operation matches nothing.
 */
struct valop *
valop_new(enum op_kind kind, unsigned long n, unsigned long m, const char *text,
    size_t tlen, const char *pat, size_t plen, char **error)
{
	struct valop *op = xcalloc(1, sizeof(*op));
	struct buf ere = BUF_INIT;
	int r;

	op->kind = kind;
	op->n = n;
	op->m = m;
	op->repl = xstrndup(text != NULL ? text : "", tlen);
	op->rlen = tlen;
	if (kind == OP_DEFAULT || kind == OP_SKIP || kind == OP_SUBSTR)
		return op;
	if (kind == OP_PREFIX || kind == OP_PREFIX_LONG || kind == OP_SUFFIX ||
	    kind == OP_SUB_START || kind == OP_UPPER || kind == OP_LOWER)
		buf_addc(&ere, '^');
	buf_addc(&ere, '(');
	perl_to_ere(pat, plen, &ere);
	buf_addc(&ere, ')');
	if (kind == OP_PREFIX || kind == OP_SUFFIX || kind == OP_SUFFIX_LONG ||
	    kind == OP_SUB_END)
		buf_addc(&ere, '$');
	r = regcomp(&op->re, ere.data, REG_EXTENDED);
	buf_free(&ere);
	if (r == 0) {
		op->has_re = 1;
		return op;
	}
	if (*error == NULL) {
		char why[128];

		regerror(r, &op->re, why, sizeof(why));
		*error =
		    xasprintf("the pattern '%.*s' is not a regular "
		              "expression (%s); write it as Perl would "
		              "read it, with \\ before a special character",
		        (int)plen, pat, why);
	}
	return op;
}

void
valop_free(struct valop *op)
{
	if (op == NULL)
		return;
	if (op->has_re)
		regfree(&op->re);
	free(op->repl);
	free(op);
}

/* A modifier of one value ({.} {/} {//} {/.}): a slice of it. */
void
val_slice(
    enum val_mod mod, const char *s, size_t len, const char **rs, size_t *rlen)
{
	size_t slash, dot, end;

	*rs = s;
	*rlen = len;
	if (mod == M_NONE)
		return;
	if (mod == M_DIR) {
		/* dirname(3): "." for no slash, "/" for the root. */
		end = len;
		while (end > 1 && s[end - 1] == '/')
			end--;
		while (end > 0 && s[end - 1] != '/')
			end--;
		if (end == 0) {
			*rs = ".";
			*rlen = 1;
			return;
		}
		while (end > 1 && s[end - 1] == '/')
			end--;
		*rlen = end;
		return;
	}
	slash = 0;
	for (size_t i = 0; i < len; i++)
		if (s[i] == '/')
			slash = i + 1;
	if (mod == M_BASE || mod == M_BASENOEXT) {
		*rs = s + slash;
		*rlen = len - slash;
		s = *rs;
		len = *rlen;
		slash = 0;
		if (mod == M_BASE)
			return;
	}
	/* Remove the extension: from the last '.' after the last '/'. */
	dot = len;
	for (size_t i = slash; i < len; i++)
		if (s[i] == '.')
			dot = i;
	*rlen = dot;
}

/*
 * Where the k-th '.' from the end is, when no '/' follows it (the start of
 * {.}'s, {..}'s or {...}'s extension); len when there is none.
 */
static size_t
ext_start(const char *s, size_t len, int k)
{
	for (size_t i = len; i-- > 0;) {
		if (s[i] == '/')
			break;
		if (s[i] == '.' && --k == 0)
			return i;
	}
	return len;
}

/* Where the line holding s[i] starts. */
static size_t
line_start(const char *s, size_t i)
{
	while (i > 0 && s[i - 1] != '\n')
		i--;
	return i;
}

/*
 * s:.*$:: as Perl does it, which --plus's {+/} {+.} ... fall back to: '.'
 * matches no newline, '$' matches before a last newline too.
 */
static void
cut_last_line(const char *s, size_t len, struct buf *out)
{
	size_t e = len > 0 && s[len - 1] == '\n' ? len - 1 : len;

	buf_add(out, s, line_start(s, e));
	buf_add(out, s + e, len - e);
}

/*
 * The modifiers of --plus, into out: {+/} the directory, {+.} {+..} {+...}
 * the extensions ({} = {+/}/{/} = {.}.{+.} = {..}.{+..} ...), {..} {...}
 * {/..} {/...} without them; GNU parallel's substitutions to the byte.
 */
void
val_plus(enum val_mod mod, const char *s, size_t len, struct buf *out)
{
	size_t i, d;

	switch (mod) {
	case M_BASENOEXT2:
	case M_BASENOEXT3:
		for (i = len; i > 0 && s[i - 1] != '/'; i--)
			;
		s += i;
		len -= i;
		/* FALLTHROUGH */
	case M_NOEXT2:
	case M_NOEXT3: {
		int k = mod == M_NOEXT2 || mod == M_BASENOEXT2 ? 2 : 3;
		size_t e = ext_start(s, len, k);

		buf_add(out, s, e < len ? e : len);
		return;
	}
	case M_PDIR: /* s:/[^/]*$:: || s:.*$:: */
		for (i = len; i > 0 && s[i - 1] != '/'; i--)
			;
		if (i > 0)
			buf_add(out, s, i - 1);
		else
			cut_last_line(s, len, out);
		return;
	case M_PEXT: { /* s:.*\.:: || s:.*$:: -- the first line with a dot */
		const char *dot = memchr(s, '.', len);

		if (dot == NULL) {
			cut_last_line(s, len, out);
			return;
		}
		i = line_start(s, (size_t)(dot - s));
		for (d = (size_t)(dot - s); d < len && s[d] != '\n'; d++)
			;
		while (s[d - 1] != '.')
			d--;
		buf_add(out, s, i);
		buf_add(out, s + d, len - d);
		return;
	}
	default: /* M_PEXT2, M_PEXT3: s:.*\.([^/.]*\.[^/.]*)$:$1: || s:.*$:: */
		d = ext_start(s, len, mod == M_PEXT2 ? 2 : 3);
		if (d == len) {
			cut_last_line(s, len, out);
			return;
		}
		buf_add(out, s, line_start(s, d));
		buf_add(out, s + d + 1, len - d - 1);
		return;
	}
}

/*
 * Whether the pattern matches in s[a..b), which starts the value (where ^
 * matches) when bol; the match, leftmost and longest, in *m.
 */
static int
op_match(const struct valop *op, const char *s, size_t a, size_t b, int bol,
    regmatch_t *m)
{
	if (!op->has_re)
		return 0; /* tpl_error() says why: nothing runs */
	/* From s + a: regexec's ^ is at the string's start, not rm_so. */
	m->rm_so = 0;
	m->rm_eo = (regoff_t)(b - a);
	if (regexec(&op->re, s + a, 1, m,
	        REG_STARTEND | (bol ? 0 : REG_NOTBOL)) != 0)
		return 0;
	m->rm_so += (regoff_t)a;
	m->rm_eo += (regoff_t)a;
	return 1;
}

/* ASCII only, as Perl's uc and lc on bytes. */
static void
add_case(struct buf *out, const char *s, size_t len, int upper)
{
	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (upper && c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		else if (!upper && c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		buf_addc(out, c);
	}
}

/*
 * s/STR/REPL/, s/STR/REPL/g (and with ^ or $), s/(STR)/uc($1)/e ...: as
 * Perl does it, an empty match is followed by the next byte, and a match
 * may be empty where the one before ended.
 */
static void
op_subst(const struct valop *op, const char *s, size_t len, struct buf *out)
{
	int global =
	    op->kind != OP_SUB && op->kind != OP_UPPER && op->kind != OP_LOWER;
	size_t pos = 0;
	regmatch_t m;

	while (pos <= len && op_match(op, s, pos, len, pos == 0, &m)) {
		size_t ms = (size_t)m.rm_so, me = (size_t)m.rm_eo;

		buf_add(out, s + pos, ms - pos);
		if (op->kind >= OP_UPPER)
			add_case(out, s + ms, me - ms,
			    op->kind == OP_UPPER || op->kind == OP_UPPER_ALL);
		else
			buf_add(out, op->repl, op->rlen);
		pos = me;
		if (!global)
			break;
		if (me == ms) {
			if (ms < len)
				buf_addc(out, s[ms]);
			pos = ms + 1;
		}
	}
	if (pos < len)
		buf_add(out, s + pos, len - pos);
}

/* A bash-like string of --plus applied to one value, into out. */
void
valop_apply(const struct valop *op, const char *s, size_t len, struct buf *out)
{
	regmatch_t m;
	size_t i;

	switch (op->kind) {
	case OP_DEFAULT: /* $_ ||= STR: "" and "0" are false */
		if (len == 0 || (len == 1 && s[0] == '0'))
			buf_add(out, op->repl, op->rlen);
		else
			buf_add(out, s, len);
		return;
	case OP_SKIP:
		if (op->n < len)
			buf_add(out, s + op->n, len - op->n);
		return;
	case OP_SUBSTR:
		if (op->n < len)
			buf_add(out, s + op->n,
			    op->m < len - op->n ? op->m : len - op->n);
		return;
	case OP_PREFIX: /* the shortest prefix that matches */
		for (i = 0; i <= len && !op_match(op, s, 0, i, 1, &m); i++)
			;
		if (i > len)
			i = 0;
		buf_add(out, s + i, len - i);
		return;
	case OP_SUFFIX: /* the shortest suffix */
		for (i = len; i > 0 && !op_match(op, s, i, len, 1, &m); i--)
			;
		if (i == 0 && !op_match(op, s, 0, len, 1, &m))
			i = len;
		buf_add(out, s, i);
		return;
	case OP_PREFIX_LONG:
		i = op_match(op, s, 0, len, 1, &m) ? (size_t)m.rm_eo : 0;
		buf_add(out, s + i, len - i);
		return;
	case OP_SUFFIX_LONG:
		i = op_match(op, s, 0, len, 1, &m) ? (size_t)m.rm_so : len;
		buf_add(out, s, i);
		return;
	default:
		op_subst(op, s, len, out);
		return;
	}
}
