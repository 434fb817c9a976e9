/*
 * showargs -- print each argument followed by '|', then one newline.
 *
 * The argv-echo helper of OpenBSD's regress/usr.bin/xargs: "a b" and "" are
 * told apart from two arguments and from none ("a b|" versus "a|b|", "|"
 * versus ""), so the tests see exactly which argv a job was given.
 */
#include <stdio.h>
#include <stdlib.h>

int
main(int argc, char *argv[])
{
	for (int i = 1; i < argc; i++) {
		fputs(argv[i], stdout);
		putchar('|');
	}
	putchar('\n');
	if (fflush(stdout) != 0 || ferror(stdout))
		return EXIT_FAILURE;
	return EXIT_SUCCESS;
}
