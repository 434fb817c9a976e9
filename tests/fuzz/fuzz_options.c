/*
 * fuzz_options.c -- the option table (src/options.h): options_parse() on
 * an argv made from the input, its words split at NUL bytes.
 *
 * options_parse() never exits: on a mistake it prints a message and
 * returns -1.  When it returns 0 the command and the sources must be
 * words of the argv, each ::: source must hold the words between its
 * separator and the next, and the values it decoded must be in range.
 * An argv whose first word is a #! line's --shebang or --shebang-wrap is
 * checked against the command line made of it.  A first word
 * PARALLEL=WORDS is taken out and put in the environment, and the rest
 * parsed by options_read() (with a HOME where no profile is): the command
 * and items may then be words of $PARALLEL as well.
 */
#include <limits.h>
#include <stdlib.h>

#include "fuzz.h"
#include "options.h"

#define MAXWORDS 64

static int
in_argv(const char *p, char **argv, int argc)
{
	for (int i = 0; i < argc; i++)
		if (p == argv[i] ||
		    (p >= argv[i] && p <= argv[i] + strlen(argv[i])))
			return 1;
	return 0;
}

/* Whether p is in one of the words options_read() took from $PARALLEL. */
static int
in_env(const char *p, const struct options *o)
{
	char **v = o->pf_argv;

	if (v == NULL)
		return 0;
	for (int seg = 0; seg < 2; seg++, v++)
		for (v++; *v != NULL; v++)
			if (p >= *v && p <= *v + strlen(*v))
				return 1;
	return 0;
}

static int
is_sep(const char *s)
{
	return strcmp(s, ":::") == 0 || strcmp(s, "::::") == 0 ||
	    strcmp(s, ":::+") == 0 || strcmp(s, "::::+") == 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	char *argv[MAXWORDS + 2], *copy[MAXWORDS + 2];
	char name[] = "xpool";
	struct options o;
	int argc = 1, env = 0, r;

	argv[0] = copy[0] = name;
	while (argc <= MAXWORDS &&
	    (argv[argc] = fuzz_piece(&in, '\0', NULL)) != NULL) {
		copy[argc] = argv[argc];
		argc++;
	}
	argv[argc] = NULL;
	if (argc > 1 && strncmp(argv[1], "PARALLEL=", 9) == 0) {
		env = 1;
		setenv("HOME", "/nonexistent/xpool-fuzz", 1);
		setenv("PARALLEL", argv[1] + 9, 1);
		free(copy[1]);
		for (int i = 1; i < argc; i++)
			argv[i] = copy[i] = argv[i + 1];
		argc--;
	}
	r = env ? options_read(argc, argv, &o) : options_parse(argc, argv, &o);
	if (env)
		unsetenv("PARALLEL");
	if (r == 0 && !o.help && !o.version) {
		size_t total = 0;
		char **words = argv; /* or what a --shebang line made */
		int nwords = argc;

		if (o.sb_argv != NULL) {
			/* Its words, then the argv's after it, all kept. */
			for (words = o.sb_argv, nwords = 0; words[nwords];)
				nwords++;
			FUZZ_CHECK(nwords >= argc);
		}

		/* getopt_long("+...") permutes nothing. */
		for (int i = 0; i < argc; i++)
			FUZZ_CHECK(argv[i] == copy[i]);
		FUZZ_CHECK(o.ncmd == 0 || in_argv(o.cmd[0], words, nwords) ||
		    in_env(o.cmd[0], &o));
		for (size_t i = 0; i < o.ncmd; i++)
			FUZZ_CHECK(o.cmd[i] != NULL && !is_sep(o.cmd[i]));
		FUZZ_CHECK(env || o.pf_argv == NULL);
		for (size_t i = 0; i < o.nsrc; i++) {
			const struct src_spec *s = &o.src[i];

			FUZZ_CHECK(s->path != NULL);
			FUZZ_CHECK(s->kind == SRC_FILE || s->kind == SRC_LIST);
			FUZZ_CHECK(!s->linked || i > 0);
			for (size_t k = 0; k < s->nitems; k++)
				FUZZ_CHECK(
				    (in_argv(s->items[k], words, nwords) ||
				        in_env(s->items[k], &o)) &&
				    !is_sep(s->items[k]));
			total += s->kind == SRC_LIST ? s->nitems + 1 : 1;
		}
		FUZZ_CHECK(env || o.ncmd + total <= (size_t)nwords);
		FUZZ_CHECK(o.max_args >= 0 && o.max_args <= INT_MAX);
		FUZZ_CHECK(o.retries >= 0 && o.maxtasks >= 0);
		FUZZ_CHECK(o.termseq.n >= 1 && o.termseq.n <= TERMSEQ_MAX);
		FUZZ_CHECK(o.tmpdir != NULL);
		FUZZ_CHECK(o.eot == NULL ||
		    (o.eot[0] != '\0' && strchr(o.eot, '\n') == NULL));
		FUZZ_CHECK(o.replstr == NULL || o.replstr[0] != '\0');
		FUZZ_CHECK(o.timeout >= 0 && o.timeout_pct >= 0);
		FUZZ_CHECK(!o.block_given || o.block > 0);
		options_free(&o);
	}
	for (int i = 1; i < argc; i++)
		free(copy[i]);
	return 0;
}
