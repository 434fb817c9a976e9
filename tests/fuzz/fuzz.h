/*
 * fuzz.h -- what the libFuzzer harnesses in tests/fuzz share.
 *
 * Each harness is one file, fuzz_NAME.c, built with clang's
 * -fsanitize=fuzzer,address,undefined against the modules it tests (see
 * the Makefile's FUZZ_MODS_NAME).  A harness reads its input through a
 * struct fuzz_in cursor, calls the module, and checks properties with
 * FUZZ_CHECK, which aborts, so that libFuzzer keeps the input as a crash.
 *
 * The modules print their messages on fd 2, which make fuzz and make check
 * close (-close_fd_mask=2) to keep the fuzzer's log readable; a failed
 * FUZZ_CHECK still reaches the terminal through a copy of fd 2 taken before
 * libFuzzer closes it.  A crash is reproduced by running the harness on the
 * crash file alone, which shows the module's messages too.
 *
 * Header-only: every helper is static inline, and LLVMFuzzerInitialize is
 * defined here once for every harness.
 */
#ifndef XPOOL_FUZZ_H
#define XPOOL_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);
int LLVMFuzzerInitialize(int *, char ***);

static int fuzz_err_fd = STDERR_FILENO;

/* Keep a descriptor for FUZZ_CHECK's messages (libFuzzer calls this first). */
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_err_fd = dup(STDERR_FILENO);
	if (fuzz_err_fd < 0)
		fuzz_err_fd = STDERR_FILENO;
	return 0;
}

static inline void
fuzz_fail(const char *file, int line, const char *what)
{
	dprintf(fuzz_err_fd, "%s:%d: property failed: %s\n", file, line, what);
	abort();
}

#define FUZZ_CHECK(cond)                                                       \
	((cond) ? (void)0 : fuzz_fail(__FILE__, __LINE__, #cond))

/* The input, taken from the front: option bytes, then the rest. */
struct fuzz_in {
	const uint8_t *p;
	size_t n;
};

/* The next byte, or 0 when the input is used up. */
static inline unsigned
fuzz_byte(struct fuzz_in *in)
{
	unsigned c;

	if (in->n == 0)
		return 0;
	c = in->p[0];
	in->p++;
	in->n--;
	return c;
}

/*
 * The next piece, up to the byte sep (which is skipped) or the end; a
 * copy with a NUL after it, to free.  NULL when the input is used up.
 */
static inline char *
fuzz_piece(struct fuzz_in *in, int sep, size_t *len)
{
	const uint8_t *end;
	size_t n;
	char *s;

	if (in->n == 0)
		return NULL;
	end = memchr(in->p, sep, in->n);
	n = end != NULL ? (size_t)(end - in->p) : in->n;
	s = malloc(n + 1);
	if (s == NULL)
		abort();
	memcpy(s, in->p, n);
	s[n] = '\0';
	in->p += n + (end != NULL);
	in->n -= n + (end != NULL);
	if (len != NULL)
		*len = n;
	return s;
}

/*
 * A file holding the bytes, in memory: its path (/proc/self/fd/N) goes in
 * path, and its descriptor is returned, to close.  Opening the path gives a
 * new description, reading from the start, as a named file would.
 */
static inline int
fuzz_file(const void *data, size_t n, char *path, size_t size)
{
	int fd = memfd_create("xpool-fuzz", MFD_CLOEXEC);
	const char *p = data;

	if (fd < 0) {
		perror("memfd_create");
		abort();
	}
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w <= 0) {
			perror("write");
			abort();
		}
		p += w;
		n -= (size_t)w;
	}
	snprintf(path, size, "/proc/self/fd/%d", fd);
	return fd;
}

/*
 * Split text the way sh(1) reads words, for text made of blanks, bare
 * words, '...' and "..." (with \ escapes) and \ outside quotes, as quote.c
 * and template.c write it.  Each word is appended to *words (with its
 * length in *lens); -1 when the text has anything else: an unquoted byte
 * that sh would not take as part of a plain word, an unclosed quote, or a
 * $ ` or \ inside double quotes (which quote.c never writes).
 */
static inline int
fuzz_sh_split(const char *s, size_t n, char ***words, size_t **lens,
    size_t *nwords, int strict)
{
	char *w = malloc(n + 1); /* the word being read */
	size_t i = 0, cap = 0;

	*words = NULL;
	*lens = NULL;
	*nwords = 0;
	if (w == NULL)
		abort();
	while (i < n) {
		size_t wl = 0;

		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n') {
			i++;
			continue;
		}
		while (i < n && s[i] != ' ' && s[i] != '\t' && s[i] != '\n') {
			char c = s[i];

			if (c == '\'') {
				const char *q =
				    memchr(s + i + 1, '\'', n - i - 1);

				if (q == NULL)
					goto bad;
				memcpy(
				    w + wl, s + i + 1, (size_t)(q - s) - i - 1);
				wl += (size_t)(q - s) - i - 1;
				i = (size_t)(q - s) + 1;
			} else if (c == '"') {
				for (i++; i < n && s[i] != '"'; i++) {
					if (s[i] == '$' || s[i] == '`' ||
					    s[i] == '\\')
						goto bad;
					w[wl++] = s[i];
				}
				if (i == n)
					goto bad;
				i++;
			} else if (c == '\\') {
				if (i + 1 == n)
					goto bad;
				w[wl++] = s[i + 1];
				i += 2;
			} else {
				if (strict && c != '\0' &&
				    strchr("|&;<>()$`*?[#~=%{}!", c))
					goto bad;
				w[wl++] = c;
				i++;
			}
		}
		if (*nwords == cap) {
			cap = cap ? 2 * cap : 8;
			*words = realloc(*words, cap * sizeof(char *));
			*lens = realloc(*lens, cap * sizeof(size_t));
			if (*words == NULL || *lens == NULL)
				abort();
		}
		if (((*words)[*nwords] = malloc(wl + 1)) == NULL)
			abort();
		memcpy((*words)[*nwords], w, wl);
		(*lens)[(*nwords)++] = wl;
	}
	free(w);
	return 0;
bad:
	free(w);
	return -1;
}

static inline void
fuzz_free_words(char **words, size_t *lens, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(words[i]);
	free(words);
	free(lens);
}

#endif
