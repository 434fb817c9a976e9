/*
 * unit.h -- a tiny unit-test harness for xpool's pure modules.
 *
 * CHECK(cond) logs file:line and the condition when it is false, counts the
 * failure and goes on, so one run shows every broken case.  CHECK_STR and
 * CHECK_INT also print what was expected and what came.  A test program
 * ends with `return unit_done("name");`, which prints a summary and returns
 * non-zero when any check failed.
 *
 * unit_argv() makes an argv as main() gets it, for the command-line parsers;
 * unit_stderr_begin() and unit_stderr_end() catch what a function wrote to
 * standard error, for checking its messages word for word.
 *
 * Header-only: every function is static inline, so each test program is one
 * file plus the modules it tests.
 */
#ifndef XPOOL_UNIT_H
#define XPOOL_UNIT_H

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int unit_checks;
static int unit_failures;

/* Print s with its odd bytes escaped, so that a difference is visible. */
static inline void
unit_show(const char *s, size_t len)
{
	if (s == NULL) {
		fputs("(null)", stderr);
		return;
	}
	fputc('"', stderr);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			fprintf(stderr, "\\%c", c);
		else if (c >= 0x20 && c < 0x7f)
			fputc(c, stderr);
		else
			fprintf(stderr, "\\x%02x", c);
	}
	fputc('"', stderr);
}

static inline int
unit_check(int ok, const char *file, int line, const char *what)
{
	unit_checks++;
	if (!ok) {
		unit_failures++;
		fprintf(stderr, "%s:%d: CHECK failed: %s\n", file, line, what);
	}
	return ok;
}

static inline void
unit_check_mem(const char *got, size_t glen, const char *want, size_t wlen,
    const char *file, int line, const char *what)
{
	int ok = got != NULL && want != NULL && glen == wlen &&
	    memcmp(got, want, wlen) == 0;

	if (!unit_check(ok, file, line, what)) {
		fputs("    expected: ", stderr);
		unit_show(want, wlen);
		fputs("\n    got:      ", stderr);
		unit_show(got, glen);
		fputc('\n', stderr);
	}
}

static inline void
unit_check_str(const char *got, const char *want, const char *file, int line,
    const char *what)
{
	unit_check_mem(got, got ? strlen(got) : 0, want,
	    want ? strlen(want) : 0, file, line, what);
}

static inline void
unit_check_long(
    long got, long want, const char *file, int line, const char *what)
{
	if (!unit_check(got == want, file, line, what))
		fprintf(stderr, "    expected: %ld\n    got:      %ld\n", want,
		    got);
}

#define CHECK(cond) ((void)unit_check(!!(cond), __FILE__, __LINE__, #cond))
#define CHECK_STR(got, want)                                                   \
	unit_check_str((got), (want), __FILE__, __LINE__, #got " == " #want)
#define CHECK_MEM(got, glen, want, wlen)                                       \
	unit_check_mem((got), (glen), (want), (wlen), __FILE__, __LINE__,      \
	    #got " == " #want)
#define CHECK_INT(got, want)                                                   \
	unit_check_long(                                                       \
	    (long)(got), (long)(want), __FILE__, __LINE__, #got " == " #want)

/*
 * "xpool" and the NULL-terminated words, copied where they may be written,
 * as main() gets its arguments; *argc is set.  Valid until the next call.
 */
static inline char **
unit_argv(const char *const *words, int *argc)
{
	static char text[4096];
	static char *argv[64];
	size_t used = 0;
	int n = 0;

	for (const char *w = "xpool"; w != NULL; w = words[n - 1]) {
		size_t len = strlen(w) + 1;

		if (n + 1 >= (int)(sizeof(argv) / sizeof(argv[0])) ||
		    used + len > sizeof(text)) {
			fputs("unit_argv: too many words\n", stderr);
			break;
		}
		argv[n++] = memcpy(text + used, w, len);
		used += len;
	}
	argv[n] = NULL;
	*argc = n;
	return argv;
}

static int unit_saved_stderr = -1;
static FILE *unit_caught;

/* From here on, what is written to fd 2 is caught. */
static inline void
unit_stderr_begin(void)
{
	fflush(stderr);
	unit_caught = tmpfile();
	if (unit_caught == NULL) {
		perror("tmpfile");
		return;
	}
	unit_saved_stderr = dup(STDERR_FILENO);
	dup2(fileno(unit_caught), STDERR_FILENO);
}

/* Stop catching: what was written (at most 4 KiB), until the next call. */
static inline const char *
unit_stderr_end(void)
{
	static char text[4096];
	size_t n = 0;

	text[0] = '\0';
	if (unit_caught == NULL)
		return text;
	fflush(stderr);
	dup2(unit_saved_stderr, STDERR_FILENO);
	close(unit_saved_stderr);
	rewind(unit_caught);
	n = fread(text, 1, sizeof(text) - 1, unit_caught);
	text[n] = '\0';
	fclose(unit_caught);
	unit_caught = NULL;
	return text;
}

/* Print the summary; the program's exit status. */
static inline int
unit_done(const char *name)
{
	printf("%s: %d checks, %d failed\n", name, unit_checks, unit_failures);
	return unit_failures == 0 ? 0 : 1;
}

#endif
