/*
 * shellcomp.h -- --shell-completion: the completion scripts, built in.
 *
 * Owns the text of completions/xpool.bash, completions/_xpool and
 * completions/xpool.fish, put into the binary when it is built (the
 * assembler's .incbin, so the scripts are never copied by hand), and the
 * choice among them by a shell's name or path.  Knows nothing else.
 */
#ifndef XPOOL_SHELLCOMP_H
#define XPOOL_SHELLCOMP_H

const char *shellcomp_script(const char *);

#endif
