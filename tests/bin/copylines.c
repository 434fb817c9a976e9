/*
 * copylines -- copy standard input to standard output a line at a time
 * with fgets and fputs, as most C programs do: on a pipe, its output is
 * block-buffered by the C library, so a --worker made of it holds its
 * answers back.
 */
#include <stdio.h>

int
main(void)
{
	char line[4096];

	while (fgets(line, sizeof(line), stdin) != NULL)
		if (fputs(line, stdout) == EOF)
			return 1;
	return 0;
}
