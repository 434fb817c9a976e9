/*
 * fuzz_shellname.c -- a process's argv[0] read for the shell it names
 * (sys_shell_name, src/sys.h), as xpool looks for the shell it was started
 * from.
 *
 * The input is argv[0] (up to its first NUL).  When a shell is named, the
 * name is a whole word of argv[0]'s first word (after "busybox " or the
 * last slash, and a dash), it is one sys_shell_name takes again alone, and
 * a buffer one byte too small for it refuses it; a dash before it gives 2.
 */
#include "fuzz.h"
#include "sys.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	char *argv0 = fuzz_piece(&in, '\0', NULL);
	char name[64], again[64];
	const char *w;
	size_t len;
	int r;

	if (argv0 == NULL)
		return 0;
	r = sys_shell_name(argv0, name, sizeof(name));
	FUZZ_CHECK(r >= 0 && r <= 2);
	if (r == 0) {
		free(argv0);
		return 0;
	}
	len = strlen(name);
	FUZZ_CHECK(len > 0);
	/* It is in argv0's first word, ending it. */
	w = strncmp(argv0, "busybox ", 8) == 0 ? argv0 + 8 : argv0;
	{
		size_t wl = strcspn(w, " ");

		FUZZ_CHECK(wl >= len && memcmp(w + wl - len, name, len) == 0);
		FUZZ_CHECK((r == 2) == (wl > len && w[wl - len - 1] == '-'));
	}
	/* Its name alone is taken as the same shell, without a dash. */
	FUZZ_CHECK(sys_shell_name(name, again, sizeof(again)) == 1);
	FUZZ_CHECK(strcmp(name, again) == 0);
	FUZZ_CHECK(sys_shell_name(argv0, again, len) == 0);
	free(argv0);
	return 0;
}
