/*
 * shellcomp.c -- the completion scripts of completions/, built in.
 *
 * Each is a NUL-terminated string in .rodata, included by the assembler
 * from the file as it is at build time (make builds from the top of the
 * tree, where the paths below are).
 */
#include <string.h>

#include "shellcomp.h"

#define EMBED(sym, file)                                                       \
	__asm__(".section .rodata\n"                                           \
	        ".type " #sym ", @object\n" #sym ":\n"                         \
	        ".incbin \"" file "\"\n"                                       \
	        ".byte 0\n"                                                    \
	        ".size " #sym ", . - " #sym "\n"                               \
	        ".previous\n")

EMBED(xpool_comp_bash, "completions/xpool.bash");
EMBED(xpool_comp_zsh, "completions/_xpool");
EMBED(xpool_comp_fish, "completions/xpool.fish");

extern const char xpool_comp_bash[], xpool_comp_zsh[], xpool_comp_fish[];

/* The script for a shell, by its name or path (/bin/bash); else NULL. */
const char *
shellcomp_script(const char *shell)
{
	const char *base = strrchr(shell, '/');

	base = base != NULL ? base + 1 : shell;
	if (strcmp(base, "bash") == 0)
		return xpool_comp_bash;
	if (strcmp(base, "zsh") == 0)
		return xpool_comp_zsh;
	if (strcmp(base, "fish") == 0)
		return xpool_comp_fish;
	return NULL;
}
