/*
 * test_template.c -- the command template (src/template.h): tpl_compile,
 * tpl_render (the --dry-run and -v text), tpl_expand (the argv that runs),
 * tpl_uses_shell, tpl_program, tpl_has_repl, tpl_is_shell_word.
 *
 * An argv is shown as its words each followed by '|' (as tests/bin/showargs
 * prints it), so "a b" as one word and as two words look different.  The
 * rendered texts are GNU parallel's --dry-run texts.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "template.h"
#include "unit.h"
#include "xmalloc.h"

#define MAXW 16

/* A compiled template and a job's values, with copies of every string. */
struct tc {
	struct tpl *t;
	char *field[MAXW];
	size_t flen[MAXW];
	size_t nfield;
	unsigned long seq, slot, total;
};

static const struct tpl_opts no_opts = { .replstr = NULL };

/* Compile the words (a NULL-terminated list) with the options. */
static void
tc_compile(struct tc *tc, const struct tpl_opts *o, ...)
{
	char *words[MAXW];
	size_t n = 0;
	const char *w;
	va_list ap;

	memset(tc, 0, sizeof(*tc));
	tc->seq = 1;
	tc->slot = 1;
	va_start(ap, o);
	while ((w = va_arg(ap, const char *)) != NULL && n < MAXW)
		words[n++] = xstrdup(w);
	va_end(ap);
	tc->t = tpl_compile(n > 0 ? words : NULL, n, o);
	for (size_t i = 0; i < n; i++)
		free(words[i]);
}

/* Set the job's values (a NULL-terminated list). */
static void
tc_vals(struct tc *tc, ...)
{
	const char *f;
	va_list ap;

	for (size_t i = 0; i < tc->nfield; i++)
		free(tc->field[i]);
	tc->nfield = 0;
	va_start(ap, tc);
	while ((f = va_arg(ap, const char *)) != NULL && tc->nfield < MAXW) {
		tc->field[tc->nfield] = xstrdup(f);
		tc->flen[tc->nfield++] = strlen(f);
	}
	va_end(ap);
}

static struct tpl_vals
tc_v(const struct tc *tc)
{
	struct tpl_vals v;

	v.field = (char **)tc->field;
	v.flen = (size_t *)tc->flen;
	v.nfield = tc->nfield;
	v.seq = tc->seq;
	v.slot = tc->slot;
	v.total = tc->total;
	return v;
}

/* The rendered command (what --dry-run prints); the caller frees it. */
static char *
tc_render(const struct tc *tc)
{
	struct tpl_vals v = tc_v(tc);
	struct buf b = BUF_INIT;

	tpl_render(tc->t, &v, &b);
	buf_addc(&b, '\0');
	return buf_detach(&b);
}

/* The argv that runs, as "w1|w2|...|"; the caller frees it. */
static char *
tc_argv(const struct tc *tc)
{
	struct tpl_vals v = tc_v(tc);
	struct tpl_cmd c;
	struct buf b = BUF_INIT;

	memset(&c, 0, sizeof(c));
	tpl_expand(tc->t, &v, &c);
	CHECK(c.argv != NULL);
	for (size_t i = 0; c.argv != NULL && i < c.argc; i++) {
		buf_adds(&b, c.argv[i]);
		buf_addc(&b, '|');
	}
	CHECK(c.argv == NULL || c.argv[c.argc] == NULL);
	tpl_cmd_free(&c);
	buf_addc(&b, '\0');
	return buf_detach(&b);
}

static void
tc_free(struct tc *tc)
{
	for (size_t i = 0; i < tc->nfield; i++)
		free(tc->field[i]);
	tpl_free(tc->t);
}

/* Check both the rendered text and the argv. */
static void
expect(const struct tc *tc, const char *text, const char *argv, int line)
{
	char *r = tc_render(tc);
	char *a = tc_argv(tc);

	if (text != NULL)
		unit_check_str(r, text, __FILE__, line, "rendered text");
	if (argv != NULL)
		unit_check_str(a, argv, __FILE__, line, "argv");
	free(r);
	free(a);
}

static void
test_plain(void)
{
	struct tc tc;

	tc_compile(&tc, &no_opts, "echo", "{}", (char *)NULL);
	tc_vals(&tc, "a b", (char *)NULL);
	CHECK(!tpl_uses_shell(tc.t));
	CHECK(tpl_has_repl(tc.t));
	CHECK_STR(tpl_program(tc.t), "echo");
	expect(&tc, "echo 'a b'", "echo|a b|", __LINE__);
	tc_vals(&tc, "", (char *)NULL);
	expect(&tc, "echo ''", "echo||", __LINE__);
	tc_vals(&tc, "it's", (char *)NULL);
	expect(&tc, "echo 'it'\"'\"'s'", "echo|it's|", __LINE__);
	tc_vals(&tc, "$(touch PWNED)", (char *)NULL);
	expect(&tc, "echo '$(touch PWNED)'", "echo|$(touch PWNED)|", __LINE__);
	tc_vals(&tc, "a\nb", (char *)NULL);
	expect(&tc, "echo 'a\nb'", "echo|a\nb|", __LINE__);
	tc_free(&tc);
}

static void
test_appended(void)
{
	struct tc tc;

	tc_compile(&tc, &no_opts, "echo", "-n", (char *)NULL);
	CHECK(!tpl_has_repl(tc.t));
	CHECK(!tpl_uses_shell(tc.t));
	tc_vals(&tc, "x y", (char *)NULL);
	expect(&tc, "echo -n 'x y'", "echo|-n|x y|", __LINE__);
	/* Several values (-n 2, or two sources): each one argument. */
	tc_vals(&tc, "a", "b c", (char *)NULL);
	expect(&tc, "echo -n a 'b c'", "echo|-n|a|b c|", __LINE__);
	tc_free(&tc);
}

static void
test_modifiers(void)
{
	struct tc tc;

	tc_compile(&tc, &no_opts, "x", "{.}", "{/}", "{//}", "{/.}", "{#}",
	    "{%}", (char *)NULL);
	tc_vals(&tc, "a/b.c", (char *)NULL);
	tc.seq = 17;
	tc.slot = 3;
	expect(&tc, "x a/b b.c a b 17 3", "x|a/b|b.c|a|b|17|3|", __LINE__);
	tc_vals(&tc, "foo.tar.gz", (char *)NULL);
	expect(&tc, NULL, "x|foo.tar|foo.tar.gz|.|foo.tar|17|3|", __LINE__);
	tc_vals(&tc, ".bashrc", (char *)NULL);
	/* {.} and {/.} are empty: empty arguments, as in GNU parallel. */
	expect(&tc, "x '' .bashrc . '' 17 3", "x||.bashrc|.||17|3|", __LINE__);
	tc_vals(&tc, "/", (char *)NULL);
	expect(&tc, NULL, "x|/||/||17|3|", __LINE__);
	tc_vals(&tc, "dir/", (char *)NULL);
	expect(&tc, NULL, "x|dir/||.||17|3|", __LINE__);
	tc_vals(&tc, "/a/b/", (char *)NULL);
	expect(&tc, NULL, "x|/a/b/||/a||17|3|", __LINE__);
	tc_vals(&tc, "a//b", (char *)NULL);
	expect(&tc, NULL, "x|a//b|b|a|b|17|3|", __LINE__);
	tc_vals(&tc, "x/.y", (char *)NULL);
	expect(&tc, NULL, "x|x/|.y|x||17|3|", __LINE__);
	tc_free(&tc);

	/* Inside a word, an empty result is quoted as ''. */
	tc_compile(&tc, &no_opts, "x", "a{.}b", "a{/}b", "a{//}b", "a{/.}b",
	    (char *)NULL);
	tc_vals(&tc, "dir/", (char *)NULL);
	expect(&tc, "x adir/b a''b a.b a''b", "x|adir/b|ab|a.b|ab|", __LINE__);
	tc_free(&tc);
}

static void
test_positional(void)
{
	struct tc tc;

	tc_compile(&tc, &no_opts, "x", "{2}", "{1}", "{-1}", "{1.}", "{2/}",
	    "p{3}q", (char *)NULL);
	tc_vals(&tc, "a.x", "d/e.f", (char *)NULL);
	expect(&tc, "x d/e.f a.x d/e.f a e.f pq", "x|d/e.f|a.x|d/e.f|a|e.f|pq|",
	    __LINE__);
	tc_free(&tc);

	/* {} with several values: every value, each quoted. */
	tc_compile(&tc, &no_opts, "x", "{}", (char *)NULL);
	tc_vals(&tc, "a b", "c", (char *)NULL);
	expect(&tc, "x 'a b' c", "x|a b|c|", __LINE__);
	tc_free(&tc);

	/* A word around {} with several values splits at each value. */
	tc_compile(&tc, &no_opts, "x", "pre{}post", (char *)NULL);
	tc_vals(&tc, "a", "b", (char *)NULL);
	expect(&tc, "x prea bpost", "x|prea|bpost|", __LINE__);
	tc_free(&tc);
}

static void
test_context(void)
{
	struct tpl_opts o = no_opts;
	struct tc tc;

	o.context = 1; /* -X */
	tc_compile(&tc, &o, "x", "pre{}post", "z", (char *)NULL);
	tc_vals(&tc, "a", "b c", (char *)NULL);
	expect(&tc, "x preapost pre'b c'post z", "x|preapost|preb cpost|z|",
	    __LINE__);
	tc_vals(&tc, "a", "b", (char *)NULL);
	expect(
	    &tc, "x preapost prebpost z", "x|preapost|prebpost|z|", __LINE__);
	tc_free(&tc);
}

static void
test_quote_opt(void)
{
	struct tpl_opts o = no_opts;
	struct tc tc;

	o.quote = 1; /* -q */
	tc_compile(&tc, &o, "x", "a b", ">", "{}", (char *)NULL);
	CHECK(!tpl_uses_shell(tc.t));
	tc_vals(&tc, "v w", (char *)NULL);
	expect(&tc, "x 'a b' '>' 'v w'", "x|a b|>|v w|", __LINE__);
	tc_free(&tc);

	/* Without -q the same words are split again, and '>' redirects. */
	tc_compile(&tc, &no_opts, "x", "a b", ">", "{}", (char *)NULL);
	CHECK(tpl_uses_shell(tc.t));
	tc_vals(&tc, "v w", (char *)NULL);
	expect(&tc, "x a b > 'v w'", "/bin/sh|-c|x a b > 'v w'|", __LINE__);
	tc_free(&tc);
}

static void
test_shell(void)
{
	struct tpl_opts o = no_opts;
	struct tc tc;

	tc_compile(&tc, &no_opts, "echo", "{}", ">", "{}.out", (char *)NULL);
	CHECK(tpl_uses_shell(tc.t));
	CHECK_STR(tpl_program(tc.t), "/bin/sh");
	tc_vals(&tc, "x y", (char *)NULL);
	expect(&tc, "echo 'x y' > 'x y'.out",
	    "/bin/sh|-c|echo 'x y' > 'x y'.out|", __LINE__);
	tc_free(&tc);

	o.shell = "/bin/bash";
	tc_compile(&tc, &o, "a && b {}", (char *)NULL);
	CHECK_STR(tpl_program(tc.t), "/bin/bash");
	tc_vals(&tc, ";", (char *)NULL);
	expect(&tc, "a && b ';'", "/bin/bash|-c|a && b ';'|", __LINE__);
	tc_free(&tc);

	/* The shell is not used, even when set, for plain commands. */
	tc_compile(&tc, &o, "echo", "{}", (char *)NULL);
	CHECK(!tpl_uses_shell(tc.t));
	CHECK_STR(tpl_program(tc.t), "echo");
	tc_free(&tc);
}

/* Each of these characters in the literal text calls for the shell. */
static void
test_shell_syntax(void)
{
	static const char syntax[] = "|&;<>()$`\\\"'*?[#~=%{}!\n";
	struct tc tc;

	for (const char *c = syntax; *c != '\0'; c++) {
		char word[4] = { 'a', *c, 'b', '\0' };

		tc_compile(&tc, &no_opts, "echo", word, "{}", (char *)NULL);
		if (!unit_check(tpl_uses_shell(tc.t), __FILE__, __LINE__,
		        "shell syntax calls for the shell"))
			fprintf(stderr, "    character 0x%02x\n",
			    (unsigned char)*c);
		tc_free(&tc);
	}
	/* But no value ever does. */
	tc_compile(&tc, &no_opts, "echo", "{}", (char *)NULL);
	tc_vals(&tc, "|&;<>()$`\\\"'*?[#~=%{}!\n", (char *)NULL);
	CHECK(!tpl_uses_shell(tc.t));
	expect(&tc, NULL, "echo||&;<>()$`\\\"'*?[#~=%{}!\n|", __LINE__);
	tc_free(&tc);
}

static void
test_shell_words(void)
{
	static const char *const builtins[] = { "cd", "exit", "export", "if",
		"for", ".", "eval", "set", "source", "ulimit", "umask", "wait",
		"while", "case", "!" };
	struct tc tc;

	for (size_t i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++) {
		const char *w = builtins[i];

		CHECK(tpl_is_shell_word(w, strlen(w)));
		tc_compile(&tc, &no_opts, w, "x", (char *)NULL);
		if (!unit_check(tpl_uses_shell(tc.t), __FILE__, __LINE__,
		        "a builtin calls for the shell"))
			fprintf(stderr, "    builtin '%s'\n", w);
		tc_free(&tc);
	}
	CHECK(!tpl_is_shell_word("echo", 4));
	CHECK(!tpl_is_shell_word("cdx", 3));
	CHECK(!tpl_is_shell_word("c", 1));
	CHECK(!tpl_is_shell_word("", 0));
	/* Only the first word matters. */
	tc_compile(&tc, &no_opts, "echo", "cd", "exit", (char *)NULL);
	CHECK(!tpl_uses_shell(tc.t));
	tc_free(&tc);
}

/* A first word that is an exported bash function goes through the shell. */
static void
test_shell_functions(void)
{
	static const char *const env[] = { "PATH=/bin",
		"BASH_FUNC_f%%=() {  :\n}", "BASH_FUNC_my-tool%%=() {  :\n}",
		"BASH_FUNC_g=x", "f=1", NULL };
	static const char *const yes[] = { "f", "my-tool" };
	static const char *const no[] = { "g", "fx", "my", "BASH_FUNC_f" };
	struct tpl_opts o = no_opts;
	struct tc tc;

	o.funcs = env;
	o.fshell = "bash";
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		tc_compile(&tc, &o, yes[i], "x", (char *)NULL);
		if (!unit_check(tpl_uses_shell(tc.t), __FILE__, __LINE__,
		        "an exported function calls for the shell"))
			fprintf(stderr, "    function '%s'\n", yes[i]);
		tc_free(&tc);
	}
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
		tc_compile(&tc, &o, no[i], "x", (char *)NULL);
		if (!unit_check(!tpl_uses_shell(tc.t), __FILE__, __LINE__,
		        "not an exported function"))
			fprintf(stderr, "    word '%s'\n", no[i]);
		tc_free(&tc);
	}
	/* Anywhere in the command, between blanks and shell syntax. */
	tc_compile(&tc, &o, "echo", "x;f", (char *)NULL);
	CHECK(tpl_uses_shell(tc.t));
	CHECK_STR(tpl_program(tc.t), "bash");
	tc_free(&tc);
	/* A command that names none keeps /bin/sh, or no shell at all. */
	tc_compile(&tc, &o, "echo", "x;fx", (char *)NULL);
	CHECK_STR(tpl_program(tc.t), "/bin/sh");
	tc_free(&tc);
	tc_compile(&tc, &o, "echo", "f", (char *)NULL);
	CHECK(tpl_uses_shell(tc.t));
	tc_free(&tc);
	/* Without the environment, f is a program like any other. */
	tc_compile(&tc, &no_opts, "f", "x", (char *)NULL);
	CHECK(!tpl_uses_shell(tc.t));
	tc_free(&tc);
}

static void
test_value_as_command(void)
{
	struct tc tc;

	/* A value that starts the command is quoted too. */
	tc_compile(&tc, &no_opts, "{}", "x", (char *)NULL);
	CHECK(!tpl_uses_shell(tc.t));
	CHECK(tpl_program(tc.t) == NULL);
	tc_vals(&tc, "my prog", (char *)NULL);
	expect(&tc, "'my prog' x", "my prog|x|", __LINE__);
	tc_vals(&tc, "rm -rf /; echo", (char *)NULL);
	expect(&tc, "'rm -rf /; echo' x", "rm -rf /; echo|x|", __LINE__);
	tc_free(&tc);
}

static void
test_no_command(void)
{
	struct tc tc;

	/* No command: the item is a command line, for the shell, unquoted. */
	tc_compile(&tc, &no_opts, (char *)NULL);
	CHECK(tpl_uses_shell(tc.t));
	tc_vals(&tc, "echo 'a b'; echo c", (char *)NULL);
	expect(&tc, "echo 'a b'; echo c", "/bin/sh|-c|echo 'a b'; echo c|",
	    __LINE__);
	/* With no value yet (-m and -X measure that): an empty command. */
	tc_vals(&tc, (char *)NULL);
	expect(&tc, "", "/bin/sh|-c||", __LINE__);
	tc_free(&tc);
}

static void
test_raw(void)
{
	struct tpl_opts o = no_opts;
	struct tc tc;

	/* Text, not a command (--tagstring): values unquoted, none added. */
	o.raw = 1;
	tc_compile(&tc, &o, "tag-{}:{#}", (char *)NULL);
	tc_vals(&tc, "a b", (char *)NULL);
	tc.seq = 4;
	expect(&tc, "tag-a b:4", NULL, __LINE__);
	tc_free(&tc);
	tc_compile(&tc, &o, "plain", (char *)NULL);
	tc_vals(&tc, "v", (char *)NULL);
	expect(&tc, "plain", NULL, __LINE__);
	tc_free(&tc);
}

static void
test_replstr(void)
{
	struct tpl_opts o = no_opts;
	struct tc tc;

	o.replstr = "XX";
	tc_compile(&tc, &o, "x", "XX", "pXXq", "{#}", (char *)NULL);
	CHECK(tpl_has_repl(tc.t));
	tc_vals(&tc, "a b", (char *)NULL);
	tc.seq = 5;
	expect(&tc, "x 'a b' p'a b'q 5", "x|a b|pa bq|5|", __LINE__);
	tc_free(&tc);

	/* {} is plain text then (and braces call for the shell). */
	tc_compile(&tc, &o, "x", "XX-{}", (char *)NULL);
	tc_vals(&tc, "a", (char *)NULL);
	expect(&tc, "x a-{}", "/bin/sh|-c|x a-{}|", __LINE__);
	tc_free(&tc);

	/* A quote in STR opens no quotes: the words stay apart. */
	o.replstr = "'";
	tc_compile(&tc, &o, "x", "'", "y", (char *)NULL);
	tc_vals(&tc, "a b", (char *)NULL);
	expect(&tc, "x 'a b' y", "x|a b|y|", __LINE__);
	tc_free(&tc);
}

/* One --plus string on one value: the argv word it gives. */
static void
plus_one(const char *tpl, const char *val, const char *want, int line)
{
	struct tpl_opts o = no_opts;
	struct tc tc;
	char *a;

	o.plus = 1;
	tc_compile(&tc, &o, "x", tpl, (char *)NULL);
	CHECK(tpl_error(tc.t) == NULL);
	tc_vals(&tc, val, (char *)NULL);
	a = tc_argv(&tc);
	unit_check_str(a + 2, want, __FILE__, line, tpl);
	free(a);
	tc_free(&tc);
}

static void
test_plus_paths(void)
{
	/* GNU parallel's results, odd values and all. */
	plus_one("{+/}", "a/b.c.d.e", "a|", __LINE__);
	plus_one("{+/}", "x", "|", __LINE__);
	plus_one("{+/}", "/", "|", __LINE__);
	plus_one("{+/}", "a/b\n", "a|", __LINE__);
	plus_one("{+/}", "x\ny", "x\n|", __LINE__);
	plus_one("{+.}", "a/b.c.d.e", "e|", __LINE__);
	plus_one("{+.}", "dir.x/file", "x/file|", __LINE__);
	plus_one("{+.}", ".bashrc", "bashrc|", __LINE__);
	plus_one("{+.}", "a.b\nc.d.e", "b\nc.d.e|", __LINE__);
	plus_one("{+..}", "a/b.c.d.e", "d.e|", __LINE__);
	plus_one("{+..}", "..", ".|", __LINE__);
	plus_one("{+..}", "a.b\nc.d.e", "a.b\nd.e|", __LINE__);
	plus_one("{+...}", "a/b.c.d.e", "c.d.e|", __LINE__);
	plus_one("{+...}", "...", "..|", __LINE__);
	plus_one("{..}", "a/b.c.d.e", "a/b.c|", __LINE__);
	plus_one("{..}", "..", "|", __LINE__);
	plus_one("{..}", "a.b/c", "a.b/c|", __LINE__);
	plus_one("{...}", "a/b.c.d.e", "a/b|", __LINE__);
	plus_one("{/..}", "a/b.c.d.e", "b.c|", __LINE__);
	plus_one("{/...}", "a/b.c.d.e", "b|", __LINE__);
	plus_one("{/..}", "-n", "-n|", __LINE__);
	plus_one("{..}",
	    "\xff.\xfe/\xfd"
	    ".a.gz",
	    "\xff.\xfe/\xfd|", __LINE__);
	plus_one("{..}", "", "|", __LINE__);
}

static void
test_plus_ops(void)
{
	plus_one("{:-none}", "", "none|", __LINE__);
	plus_one("{:-none}", "0", "none|", __LINE__);
	plus_one("{:-none}", "00", "00|", __LINE__);
	plus_one("{:2}", "abc", "c|", __LINE__);
	plus_one("{:5}", "abc", "|", __LINE__);
	plus_one("{:1:2}",
	    "\xc3\xa9"
	    "a",
	    "\xa9"
	    "a|",
	    __LINE__);
	plus_one("{:3:1}", "abc", "|", __LINE__);
	plus_one("{#a*b}", "aabbcc", "bcc|", __LINE__);
	plus_one("{##a*b}", "aabbcc", "bcc|", __LINE__);
	plus_one("{%b*c}", "aabbcc", "aabbc|", __LINE__);
	plus_one("{%%b*c}", "aabbcc", "aabbc|", __LINE__);
	plus_one("{%%.}", "x", "|", __LINE__);
	plus_one("{#\\w}", "abc", "bc|", __LINE__);
	plus_one("{#*.}", "..", ".|", __LINE__);
	plus_one("{%.gz}", "a.tar.gz", "a.tar|", __LINE__);
	plus_one("{/b/X}", "abcabc", "aXcabc|", __LINE__);
	plus_one("{//b/X}", "abcabc", "aXcaXc|", __LINE__);
	plus_one("{/#a/X}", "abcabc", "Xbcabc|", __LINE__);
	plus_one("{/%c/X}", "abcabc", "abcabX|", __LINE__);
	plus_one("{/b/$1}", "abc", "a$1c|", __LINE__);
	plus_one("{//x*/-}", "axxb", "-a--b-|", __LINE__);
	plus_one("{/%x*/R}", "axx", "aRR|", __LINE__);
	plus_one("{//./_}", "a\nb", "_\n_|", __LINE__);
	plus_one("{//\\n/N}", "a\nb", "aNb|", __LINE__);
	plus_one("{^a}", "abaa", "Abaa|", __LINE__);
	plus_one("{^^a}", "abaa", "AbAA|", __LINE__);
	plus_one("{,A}", "ABAA", "aBAA|", __LINE__);
	plus_one("{,,A}", "ABAA", "aBaa|", __LINE__);
	plus_one("{^^.}",
	    "\xc3\xa9"
	    "a-",
	    "\xc3\xa9"
	    "A-|",
	    __LINE__);
	plus_one("{/[[:digit:]]/N}", "a1", "aN|", __LINE__);
}

static void
test_plus_parse(void)
{
	struct tpl_opts o = no_opts;
	struct tc tc;

	/* Without --plus the strings are text, and {} is appended. */
	tc_compile(
	    &tc, &no_opts, "x", "{+/}", "{..}", "{##}", "{:-a}", (char *)NULL);
	CHECK(!tpl_has_repl(tc.t));
	tc_vals(&tc, "v", (char *)NULL);
	expect(&tc, NULL, "/bin/sh|-c|x {+/} {..} {##} {:-a} v|", __LINE__);
	tc_free(&tc);

	o.plus = 1;
	tc_compile(
	    &tc, &o, "x", "{##}", "{2..}", "{1 :-d}", "{-1+.}", (char *)NULL);
	CHECK(tpl_uses_total(tc.t));
	tc_vals(&tc, "", "a.b.c", (char *)NULL);
	tc.total = 42;
	expect(&tc, "x 42 a d c", "x|42|a|d|c|", __LINE__);
	tc_free(&tc);

	/* Values are quoted, the text of {:-STR} too: never shell code. */
	tc_compile(&tc, &o, "x {/a/b} {:-$(y)} >/dev/null", (char *)NULL);
	CHECK(tpl_uses_shell(tc.t));
	tc_vals(&tc, "$(rm -rf ~)a;", (char *)NULL);
	expect(&tc, "x '$(rm -rf ~)b;' '$(rm -rf ~)a;' >/dev/null", NULL,
	    __LINE__);
	tc_vals(&tc, "", (char *)NULL);
	expect(&tc, "x '' '$(y)' >/dev/null", NULL, __LINE__);
	tc_free(&tc);

	/* Not one of the strings: text. */
	tc_compile(&tc, &o, "x", "{/a}", "{:-}", "{###}", (char *)NULL);
	CHECK(!tpl_has_repl(tc.t));
	tc_free(&tc);

	/* A bad pattern is an error, found when compiling. */
	tc_compile(&tc, &o, "x", "{#(}", (char *)NULL);
	CHECK(tpl_error(tc.t) != NULL);
	tc_free(&tc);
	tc_compile(&tc, &o, "x", "{#a}", (char *)NULL);
	CHECK(tpl_error(tc.t) == NULL && !tpl_uses_total(tc.t));
	tc_free(&tc);
}

static void
test_rename(void)
{
	struct tpl_opts o = no_opts;
	struct tc tc;

	/* -I takes {} and {N} away; {.} and {N.} stay, as in GNU parallel. */
	o.replstr = "XX";
	tc_compile(&tc, &o, "x", "XX", "{1}", "{.}", "{1.}", (char *)NULL);
	tc_vals(&tc, "a.b", (char *)NULL);
	expect(&tc, NULL, "/bin/sh|-c|x a.b {1} a a|", __LINE__);
	tc_free(&tc);

	o.replstr = NULL;
	o.rename[TPL_BASE] = "BB";
	o.rename[TPL_SEQ] = "SS";
	tc_compile(
	    &tc, &o, "x", "BB", "{/}", "{1/}", "SS", "{#}", "{}", (char *)NULL);
	tc_vals(&tc, "d/f", (char *)NULL);
	tc.seq = 7;
	expect(&tc, NULL, "/bin/sh|-c|x f {/} {1/} 7 {#} d/f|", __LINE__);
	tc_free(&tc);

	/* The longest name wins. */
	o.rename[TPL_BASE] = "B";
	o.rename[TPL_DIR] = "BB";
	tc_compile(&tc, &o, "x", "BB", "B", (char *)NULL);
	tc_vals(&tc, "d/f", (char *)NULL);
	expect(&tc, "x d f", "x|d|f|", __LINE__);
	tc_free(&tc);
}

static void
test_names(void)
{
	char name0[] = "name", name1[] = "age";
	char *names[] = { name0, name1 };
	struct tpl_opts o = no_opts;
	struct tc tc;

	o.names = names;
	o.nnames = 2;
	tc_compile(&tc, &o, "x", "{age}", "{name.}", "{name/}", "{nope}",
	    (char *)NULL);
	tc_vals(&tc, "d/bob.x", "3", (char *)NULL);
	expect(&tc, "x 3 d/bob bob.x {nope}",
	    "/bin/sh|-c|x 3 d/bob bob.x {nope}|", __LINE__);
	tc_free(&tc);

	/* A name with a quote or a blank is one replacement string. */
	name0[1] = '\'';
	name1[1] = ' ';
	tc_compile(&tc, &o, "x", "{n'me}", "y", "{a e}", (char *)NULL);
	tc_vals(&tc, "1", "2", (char *)NULL);
	expect(&tc, "x 1 y 2", "x|1|y|2|", __LINE__);
	tc_free(&tc);
}

static void
test_braces(void)
{
	struct tc tc;

	/* Braces that are no replacement string are literal. */
	tc_compile(&tc, &no_opts, "x", "{x}", "{0}", "{", (char *)NULL);
	CHECK(!tpl_has_repl(tc.t));
	tc_vals(&tc, "v", (char *)NULL);
	expect(&tc, "x {x} {0} { v", "/bin/sh|-c|x {x} {0} { v|", __LINE__);
	tc_free(&tc);
}

static void
test_reuse(void)
{
	struct tpl_vals v;
	struct tpl_cmd c;
	struct tc tc;

	/* One tpl_cmd reused for many jobs: each expansion stands alone. */
	memset(&c, 0, sizeof(c));
	tc_compile(&tc, &no_opts, "echo", "{}", (char *)NULL);
	tc_vals(&tc, "a much longer value than the next one", (char *)NULL);
	v = tc_v(&tc);
	tpl_expand(tc.t, &v, &c);
	CHECK_INT(c.argc, 2);
	tc_vals(&tc, "b", (char *)NULL);
	v = tc_v(&tc);
	tpl_expand(tc.t, &v, &c);
	CHECK_INT(c.argc, 2);
	CHECK_STR(c.argv[0], "echo");
	CHECK_STR(c.argv[1], "b");
	CHECK(c.argv[2] == NULL);
	/* size: the argv's bytes and pointers; longest: with its NUL. */
	CHECK(c.size >= strlen("echo") + 1 + strlen("b") + 1);
	CHECK_INT(c.longest, 5);
	tpl_cmd_free(&c);
	tc_free(&tc);
}

/*
 * What one record adds to the command, measured as -X and -m measure it:
 * the argv's size, or through a shell the one long argument.
 */
static size_t
cost_added(struct tc *tc)
{
	struct tpl_vals v = tc_v(tc);
	struct tpl_cmd c;
	size_t none, one;

	memset(&c, 0, sizeof(c));
	v.nfield = 0;
	tpl_expand(tc->t, &v, &c);
	none = tpl_uses_shell(tc->t) ? c.longest : c.size;
	v.nfield = tc->nfield;
	tpl_expand(tc->t, &v, &c);
	one = tpl_uses_shell(tc->t) ? c.longest : c.size;
	tpl_cmd_free(&c);
	return one - none;
}

static void
test_record_cost(void)
{
	struct tpl_opts o = no_opts;
	struct tc tc;

	/*
	 * tpl_record_cost() is at least what a record adds, so that a packed
	 * command stays under the limit: {.} of "." is '' through a shell,
	 * {//} of "" is ".".
	 */
	tc_compile(&tc, &no_opts, "echo", "{.}", ">/dev/null", (char *)NULL);
	tc_vals(&tc, ".", (char *)NULL);
	CHECK(tpl_uses_shell(tc.t));
	CHECK(tpl_record_cost(tc.t, tc.field, tc.flen, 1) >= cost_added(&tc));
	tc_free(&tc);
	tc_compile(&tc, &no_opts, "echo", "{//}", (char *)NULL);
	tc_vals(&tc, "", (char *)NULL);
	CHECK(!tpl_uses_shell(tc.t));
	CHECK(tpl_record_cost(tc.t, tc.field, tc.flen, 1) >= cost_added(&tc));
	tc_free(&tc);
	/* -X repeats {#} with each value. */
	o.context = 1;
	tc_compile(&tc, &o, "echo", "{}-{#}", (char *)NULL);
	tc_vals(&tc, "a", "b", (char *)NULL);
	tc.seq = 1234567890;
	CHECK(tpl_record_cost(tc.t, tc.field, tc.flen, 2) >= cost_added(&tc));
	tc_free(&tc);
}

int
main(void)
{
	test_plain();
	test_appended();
	test_modifiers();
	test_positional();
	test_context();
	test_quote_opt();
	test_shell();
	test_shell_syntax();
	test_shell_words();
	test_shell_functions();
	test_value_as_command();
	test_no_command();
	test_raw();
	test_replstr();
	test_plus_paths();
	test_plus_ops();
	test_plus_parse();
	test_rename();
	test_names();
	test_braces();
	test_reuse();
	test_record_cost();
	return unit_done("test_template");
}
