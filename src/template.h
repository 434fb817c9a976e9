/*
 * template.h -- the command template: compiled once, expanded per job.
 *
 * Owns the parsed command: its words, the replacement strings in them
 * ({} {.} {/} {//} {/.} {#} {%} {N} {N.} ... {name}, or -I STR and the
 * other names the renaming options give; with --plus also {##} {+/} {..}
 * ... and the bash-like {:-STR} {#STR} {/STR/REPL} ...), and the
 * decision made once for the whole run whether jobs need a shell.  A job's
 * command is built by tpl_expand() into reusable buffers; the same text that
 * runs is what tpl_render() prints for --dry-run and -v.
 *
 * Perl expressions ({= PERL =}, {=N PERL =}, --rpl tags) are found here but
 * compiled and evaluated through the callbacks of struct tpl_perl: each
 * is compiled once by tpl_compile(), and tpl_eval() has a job's values
 * evaluated once, before tpl_expand() and tpl_render() use them.
 *
 * --filter's conditions are templates too, their values unquoted: the
 * text each makes for a job is evaluated as Perl through the same
 * callbacks (tpl_filter_pass).
 *
 * Pure: no I/O and no processes.  Unit-tested in tests/unit/test_template.c.
 */
#ifndef XPOOL_TEMPLATE_H
#define XPOOL_TEMPLATE_H

#include <stddef.h>

#include "buf.h"

struct tpl;
struct tpl_vals;

/* --rpl 'TAG PERL': TAG is PREFIX[(REGEX)]POSTFIX, as GNU parallel splits it.
 */
struct tpl_rpl {
	const char *def; /* the option's value, for messages */
	const char *tag; /* PREFIX(REGEX)POSTFIX */
	size_t prefix_len; /* the literal text before the group */
	size_t group_len; /* "(REGEX)", or 0 when the tag has no group */
	size_t postfix_len; /* the literal text after it */
	const char *code; /* the Perl expression */
	long pos; /* 'TAG N PERL': for argument N only; else 0, for each */
};

/* One value a job asks of a Perl expression, and its answer. */
struct tpl_perl_req {
	int id; /* the expression */
	size_t field; /* $_ is field - 1 of the job's values; 0: "" */
	size_t off, len; /* the answer, in the buffer given to eval */
	int uq; /* uq() was called: the answer goes unquoted */
};

/*
 * What evaluates Perl expressions (perlexpr.c, wired by main.c).  Each
 * returns -1 after printing a message when it cannot; tpl_compile() then
 * fails.
 */
struct tpl_perl {
	/* Compile CODE (WHAT names it in messages); its id, 0 or more. */
	int (*define)(void *, const char *what, const char *code, size_t len);
	/*
	 * Match a --rpl tag that has a (REGEX) group at S (LEN bytes to the
	 * end of the command); POS: as the positional form {N...}.  Returns
	 * the expression with the groups bound ($$1 ...) and sets *mlen (and
	 * *pos), or -2 when it does not match there.
	 */
	int (*match)(void *, const struct tpl_rpl *, int pos, const char *s,
	    size_t len, size_t *mlen, long *posn);
	/*
	 * Evaluate a job's requests; answers go into OUT.  Returns 0, 1 when
	 * an expression called skip(), -1 when one died.
	 */
	int (*eval)(void *, const struct tpl_vals *, struct tpl_perl_req *,
	    size_t, struct buf *out);
	void *arg;
};

/* The built-in replacement strings that options can rename. */
enum tpl_name {
	TPL_NOEXT, /* {.}: --extensionreplace */
	TPL_BASE, /* {/}: --basenamereplace */
	TPL_DIR, /* {//}: --dirnamereplace */
	TPL_BASENOEXT, /* {/.}: --basenameextensionreplace */
	TPL_SEQ, /* {#}: --seqreplace */
	TPL_SLOT, /* {%}: --slotreplace */
	TPL_NNAMES,
};

struct tpl_opts {
	const char *replstr; /* -I STR, or NULL for {} */
	const char *rename[TPL_NNAMES]; /* another name, or NULL */
	int plus; /* --plus: GNU parallel's further strings */
	const char *shell; /* --shell PATH, or NULL for shell_default's */
	const char *(*shell_default)(void); /* or NULL for /bin/sh */
	int quote; /* -q: each word is one argument */
	int context; /* -X: repeat a word around {} for each value */
	int raw; /* text, not a command: values unquoted, nothing appended */
	int noappend; /* --pipe: no {} appended when none is given */
	char **names; /* --header column names, or NULL */
	size_t nnames;
	/*
	 * An environment holding exported bash functions (BASH_FUNC_NAME%%=),
	 * or NULL; a command that names one runs with fshell (bash).
	 */
	const char *const *funcs;
	const char *fshell;
	const char *parens; /* --parens: "{==}" when NULL */
	const struct tpl_rpl *rpl; /* --rpl definitions, longest tag first */
	size_t nrpl;
	const struct tpl_perl *perl; /* NULL: {= =} is plain text */
};

/* The values one job substitutes: every field of every record, in order. */
struct tpl_vals {
	char **field;
	size_t *flen;
	size_t nfield;
	unsigned long seq;
	unsigned long slot;
	unsigned long total; /* {##}: the jobs in all, or 0 when not known */
};

/* A job's command as it will be executed: argv[0] is looked up in PATH. */
struct tpl_cmd {
	struct buf text; /* the words, each followed by a NUL */
	char **argv; /* points into text (rebuilt by tpl_expand) */
	size_t argc;
	size_t argv_cap;
	size_t size; /* bytes the argv costs against ARG_MAX */
	size_t longest; /* the longest single argument, with its NUL */
	struct buf
	    shell; /* the sh -c string, when the template needs a shell */
};

struct tpl *tpl_compile(char **, size_t, const struct tpl_opts *);
void tpl_free(struct tpl *);
const char *tpl_error(const struct tpl *);
int tpl_uses_total(const struct tpl *);
int tpl_uses_shell(const struct tpl *);
int tpl_has_repl(const struct tpl *);
int tpl_has_perl(const struct tpl *);
int tpl_eval(const struct tpl *, const struct tpl_vals *);
int tpl_perl_false(const struct tpl *);
const char *tpl_program(const struct tpl *);
size_t tpl_record_cost(const struct tpl *, char **, size_t *, size_t);
size_t tpl_record_chars(const struct tpl *, char **, size_t *, size_t);
void tpl_expand(const struct tpl *, const struct tpl_vals *, struct tpl_cmd *);
void tpl_render(const struct tpl *, const struct tpl_vals *, struct buf *);
void tpl_cmd_free(struct tpl_cmd *);

struct tpl_filter;

struct tpl_filter *tpl_filter_new(char **, size_t, const struct tpl_opts *);
const char *tpl_filter_error(const struct tpl_filter *);
int tpl_filter_pass(struct tpl_filter *, const struct tpl_vals *);
void tpl_filter_free(struct tpl_filter *);

int tpl_is_shell_word(const char *, size_t);
int tpl_parse_rpl(const char *, struct tpl_rpl *);
size_t tpl_perl_end(const char *, size_t, const char *, size_t);

#endif
