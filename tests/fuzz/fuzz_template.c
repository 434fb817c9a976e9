/*
 * fuzz_template.c -- the command template (src/template.h): tpl_compile,
 * tpl_expand, tpl_render, tpl_record_cost.
 *
 * The input: a byte of options (bit 0 -q, 1 -X, 2 raw text, 3 no {}
 * appended, 4 -I STR, 5 --header names, 6 --shell /bin/bash, 7 --plus),
 * a byte that gives the fields per record (1 to 3) and {#}, a byte for
 * {%} (its bit 7 adds Perl expressions, bits 0-1 then choose --parens and
 * 2 the --rpl tags); then the command words, NUL between them, a 0xff
 * byte, and the items, NUL between them.  With -I the first word is STR;
 * with names the first word is the names, ',' between them.  Perl
 * expressions are answered by a fake perl (CODE<VALUE>, unquoted for odd
 * ids, skip() for "skip"), so that {= =} and --rpl scanning is fuzzed.
 *
 * The properties: what tpl_render() prints is what runs, so without a
 * shell, sh(1)'s reading of it gives tpl_expand()'s argv word for word,
 * and through a shell the argv is SHELL -c TEXT; tpl_program() is the
 * program run; and tpl_record_cost() is an upper bound of what each record
 * adds to the command, which -X and -m rely on to stay under ARG_MAX
 * (except for {N} in a word that -X repeats, see may_have_pos()).
 */
#include "buf.h"
#include "fuzz.h"
#include "template.h"

/* A fake perl: no process, answers CODE<VALUE>. */
static char *codes[64];
static size_t ncodes;

static int
fake_define(void *arg, const char *what, const char *code, size_t len)
{
	(void)arg;
	(void)what;
	for (size_t i = 0; i < ncodes; i++)
		if (strlen(codes[i]) == len && memcmp(codes[i], code, len) == 0)
			return (int)i;
	if (ncodes == 64 || memchr(code, '\0', len) != NULL)
		return -1;
	codes[ncodes] = strndup(code, len);
	FUZZ_CHECK(codes[ncodes] != NULL);
	return (int)ncodes++;
}

/* A (REGEX) tag matches when its postfix follows; the group is the code. */
static int
fake_match(void *arg, const struct tpl_rpl *r, int pos, const char *s,
    size_t len, size_t *mlen, long *posn)
{
	const char *post = r->tag + r->prefix_len + r->group_len;
	size_t k = pos ? 1 : r->prefix_len, start;

	*posn = 0;
	if (pos) {
		while (k < len && s[k] >= '0' && s[k] <= '9')
			k++;
		*posn = 2;
	}
	for (start = k; k + r->postfix_len <= len; k++)
		if (memcmp(s + k, post, r->postfix_len) == 0) {
			*mlen = k + r->postfix_len;
			FUZZ_CHECK(*mlen > 0 && *mlen <= len);
			return fake_define(arg, NULL, s + start, k - start);
		}
	return -2;
}

static int
fake_eval(void *arg, const struct tpl_vals *v, struct tpl_perl_req *req,
    size_t n, struct buf *out)
{
	int skip = 0;

	(void)arg;
	for (size_t i = 0; i < n; i++) {
		FUZZ_CHECK(req[i].id >= 0 && (size_t)req[i].id < ncodes);
		FUZZ_CHECK(req[i].field <= v->nfield);
		req[i].off = out->len;
		buf_adds(out, codes[req[i].id]);
		buf_addc(out, '<');
		if (req[i].field > 0)
			buf_add(out, v->field[req[i].field - 1],
			    v->flen[req[i].field - 1]);
		buf_addc(out, '>');
		req[i].len = out->len - req[i].off;
		req[i].uq = req[i].id % 2;
		skip |= strcmp(codes[req[i].id], "skip") == 0;
	}
	return skip;
}

static const struct tpl_perl fake_perl = { fake_define, fake_match, fake_eval,
	NULL };

#define MAXWORDS 32
#define MAXITEMS 48
#define MAXNAMES 8

struct input {
	char *word[MAXWORDS];
	size_t nword;
	char *item[MAXITEMS];
	size_t ilen[MAXITEMS];
	size_t nitem;
	char *replstr;
	char *names_text;
	char *name[MAXNAMES];
	size_t nname;
};

static void
read_input(struct fuzz_in *in, unsigned opts, struct input *x)
{
	const uint8_t *mark = memchr(in->p, 0xff, in->n);
	struct fuzz_in words = { in->p, mark ? (size_t)(mark - in->p) : in->n };
	struct fuzz_in items = { mark ? mark + 1 : in->p + in->n,
		mark ? in->n - (size_t)(mark - in->p) - 1 : 0 };
	char *s;

	memset(x, 0, sizeof(*x));
	if (opts & 16) {
		x->replstr = fuzz_piece(&words, '\0', NULL);
		if (x->replstr != NULL && x->replstr[0] == '\0') {
			free(x->replstr); /* -I '' is refused */
			x->replstr = NULL;
		}
	}
	if ((opts & 32) && (x->names_text = fuzz_piece(&words, '\0', NULL))) {
		for (s = x->names_text; x->nname < MAXNAMES;) {
			x->name[x->nname++] = s;
			if ((s = strchr(s, ',')) == NULL)
				break;
			*s++ = '\0';
		}
	}
	while (x->nword < MAXWORDS &&
	    (x->word[x->nword] = fuzz_piece(&words, '\0', NULL)) != NULL)
		x->nword++;
	while (x->nitem < MAXITEMS &&
	    (x->item[x->nitem] = fuzz_piece(&items, '\0', &x->ilen[x->nitem])))
		x->nitem++;
}

static void
free_input(struct input *x)
{
	for (size_t i = 0; i < x->nword; i++)
		free(x->word[i]);
	for (size_t i = 0; i < x->nitem; i++)
		free(x->item[i]);
	free(x->replstr);
	free(x->names_text);
}

/* The argv as tpl_expand() built it must hang together. */
static void
check_argv(const struct tpl_cmd *c)
{
	size_t size = sizeof(char *), longest = 0;

	FUZZ_CHECK(c->argv != NULL && c->argv[c->argc] == NULL);
	for (size_t i = 0; i < c->argc; i++) {
		size_t len = strlen(c->argv[i]) + 1;

		size += len + sizeof(char *);
		if (len > longest)
			longest = len;
	}
	FUZZ_CHECK(c->size == size && c->longest == longest);
}

/* What --dry-run prints is what runs. */
static void
check_render(const struct tpl *t, const struct tpl_vals *v,
    const struct tpl_cmd *c, const char *shell)
{
	struct buf text = BUF_INIT;
	char **w;
	size_t *wl, nw;

	tpl_render(t, v, &text);
	buf_reserve(&text, 0); /* an empty text has no buffer yet */
	if (tpl_uses_shell(t)) {
		FUZZ_CHECK(c->argc == 3);
		FUZZ_CHECK(strcmp(c->argv[0], shell) == 0);
		FUZZ_CHECK(strcmp(c->argv[1], "-c") == 0);
		FUZZ_CHECK(strlen(c->argv[2]) == text.len &&
		    memcmp(c->argv[2], text.data, text.len) == 0);
		FUZZ_CHECK(strcmp(tpl_program(t), shell) == 0);
	} else {
		FUZZ_CHECK(
		    fuzz_sh_split(text.data, text.len, &w, &wl, &nw, 1) == 0);
		FUZZ_CHECK(nw == c->argc);
		for (size_t i = 0; i < nw; i++)
			FUZZ_CHECK(strlen(c->argv[i]) == wl[i] &&
			    memcmp(c->argv[i], w[i], wl[i]) == 0);
		fuzz_free_words(w, wl, nw);
		if (tpl_program(t) != NULL && c->argc > 0)
			FUZZ_CHECK(strcmp(tpl_program(t), c->argv[0]) == 0);
	}
	buf_free(&text);
}

/*
 * Whether a word may hold {N} or {name}: with -X, such a word repeats the
 * value of another record for each value, which tpl_record_cost() cannot
 * know from the record it is given, so its bound is not checked then.
 */
static int
may_have_pos(const struct input *x)
{
	if (x->nname > 0)
		return 1;
	for (size_t i = 0; i < x->nword; i++)
		for (const char *p = x->word[i]; (p = strchr(p, '{')); p++)
			if ((p[1] >= '1' && p[1] <= '9') ||
			    (p[1] == '-' && p[2] >= '1' && p[2] <= '9'))
				return 1;
	return 0;
}

/* What the command costs against the limit (cmdline.c's measure). */
static size_t
cost_of(const struct tpl *t, const struct tpl_cmd *c)
{
	return tpl_uses_shell(t) ? c->longest : c->size;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	unsigned opts = fuzz_byte(&in), b1 = fuzz_byte(&in);
	unsigned slot = fuzz_byte(&in);
	const char *shell = (opts & 64) ? "/bin/bash" : "/bin/sh";
	size_t per = 1 + b1 % 3, base, bound;
	struct tpl_cmd cmd = { 0 };
	struct tpl_opts o;
	struct input x;
	struct tpl_vals v;
	struct tpl_rpl rpl[5];
	struct tpl *t;

	read_input(&in, opts, &x);
	memset(&o, 0, sizeof(o));
	o.replstr = x.replstr;
	o.shell = (opts & 64) ? shell : NULL;
	o.quote = opts & 1;
	o.context = (opts & 2) != 0;
	o.raw = (opts & 4) != 0;
	o.noappend = (opts & 8) != 0;
	o.plus = (opts & 128) != 0;
	o.names = x.nname ? x.name : NULL;
	o.nnames = x.nname;
	if (slot & 128) {
		static const char *const parens[] = { NULL, ",,,,", "<<>>",
			"{==}" };
		static const char *const defs[] = { "{..} D", "{%(.*?)} P",
			"%% Q", "{} R", "{/(.+?)/(.*?)} S" };

		o.perl = &fake_perl;
		o.parens = parens[slot & 3];
		if (slot & 4) {
			for (size_t i = 0; i < 5; i++)
				FUZZ_CHECK(
				    tpl_parse_rpl(defs[i], &rpl[i]) == 0);
			o.rpl = rpl;
			o.nrpl = 5;
		}
	}
	t = tpl_compile(x.nword ? x.word : NULL, x.nword, &o);
	if (t == NULL) { /* the fake refused a code with a NUL */
		FUZZ_CHECK(slot & 128);
		goto out;
	}
	if (x.nword > 0 && tpl_uses_shell(t) == 0)
		FUZZ_CHECK(tpl_program(t) == NULL ||
		    !tpl_is_shell_word(tpl_program(t), strlen(tpl_program(t))));

	v.field = x.item;
	v.flen = x.ilen;
	v.seq = b1 >> 2;
	v.slot = slot;
	v.total = slot * 7;

	/* The command with no values, then with each record more. */
	v.nfield = 0;
	FUZZ_CHECK(tpl_eval(t, &v) >= 0);
	tpl_expand(t, &v, &cmd);
	check_argv(&cmd);
	check_render(t, &v, &cmd, shell);
	base = bound = cost_of(t, &cmd);
	for (size_t k = 0; k < x.nitem; k += per) {
		size_t n = x.nitem - k < per ? x.nitem - k : per;

		bound += tpl_record_cost(t, x.item + k, x.ilen + k, n);
		v.nfield = k + n;
		FUZZ_CHECK(tpl_eval(t, &v) >= 0);
		tpl_expand(t, &v, &cmd);
		check_argv(&cmd);
		check_render(t, &v, &cmd, shell);
		/* A Perl expression's answer has no bound. */
		if (cost_of(t, &cmd) > bound && !tpl_has_perl(t) &&
		    !(o.context && may_have_pos(&x))) {
			dprintf(fuzz_err_fd,
			    "%zu records of %zu fields: %zu bytes, more than "
			    "%zu (%zu with none) by the records' cost\n",
			    k / per + 1, per, cost_of(t, &cmd), bound, base);
			FUZZ_CHECK(cost_of(t, &cmd) <= bound);
		}
	}
	tpl_cmd_free(&cmd);
	tpl_free(t);
out:
	free_input(&x);
	for (size_t i = 0; i < ncodes; i++)
		free(codes[i]);
	ncodes = 0;
	return 0;
}
