/*
 * fuzz_hosts.c -- -S logins and a remote job's command (src/hosts.h).
 *
 * The input is split at NUL bytes: the first piece is --ssh, the second a
 * job's shell command, the rest -S values.  When the logins parse, each
 * remote host's command must end in one word for the remote shell that
 * reads back, as sh reads words, as exactly
 *	exec sh -c WRAPPER xpool SEQ SLOT TERMSEQ sh COMMAND HOST LOGIN
 * with the job's command intact, whatever its bytes.  The command is also
 * an --env variable's value, which the remote shell must read back as it
 * was; and each login is a --transferfile path, split by GNU parallel's
 * /./ rule.
 * Logins may name host groups (@A+B/HOST, or @A alone for the hosts of A):
 * each host is in the group of its own name (unless a + in it parts it),
 * and a group no host is in is known to none.
 */
#include <signal.h>

#include "buf.h"
#include "fuzz.h"
#include "hosts.h"
#include "rfiles.h"

#define MAXLOGINS 16

static int
is(const char *w, size_t n, const char *want)
{
	return n == strlen(want) && memcmp(w, want, n) == 0;
}

/* The --env prefix "V=QUOTED;export V;": one word, V= and the value. */
static void
check_env(const char *pre, size_t n, const char *value, size_t vlen)
{
	static const char tail[] = ";export V;";
	char **w;
	size_t *wl, nw;

	FUZZ_CHECK(n >= sizeof(tail) - 1 &&
	    memcmp(pre + n - (sizeof(tail) - 1), tail, sizeof(tail) - 1) == 0);
	FUZZ_CHECK(
	    fuzz_sh_split(pre, n - (sizeof(tail) - 1), &w, &wl, &nw, 0) == 0);
	FUZZ_CHECK(nw == 1 && wl[0] == vlen + 2 && memcmp(w[0], "V=", 2) == 0 &&
	    memcmp(w[0] + 2, value, vlen) == 0);
	fuzz_free_words(w, wl, nw);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	char *logins[MAXLOGINS], *ssh, *cmd, **argv, **w, *env[1];
	struct hosts_conf c;
	struct hosts *hs = NULL;
	struct buf msg = BUF_INIT;
	size_t n = 0, cmdlen, *wl, nw;

	if ((ssh = fuzz_piece(&in, 0, NULL)) == NULL)
		return 0;
	if ((cmd = fuzz_piece(&in, 0, &cmdlen)) == NULL) {
		free(ssh);
		return 0;
	}
	while (n < MAXLOGINS && (logins[n] = fuzz_piece(&in, 0, NULL)) != NULL)
		n++;
	memset(&c, 0, sizeof(c));
	c.logins = logins;
	c.nlogins = n;
	c.ssh = ssh;
	c.termseq.n = 1;
	c.termseq.sig[0] = SIGTERM;
	c.termseq.ms[0] = 200;
	env[0] = malloc(cmdlen + 3);
	if (env[0] == NULL)
		abort();
	memcpy(env[0], "V=", 2);
	memcpy(env[0] + 2, cmd, cmdlen + 1);
	c.files.env = env;
	c.files.nenv = 1;
	for (size_t i = 0; i < n; i++) {
		struct rfiles_path p;
		size_t len = strlen(logins[i]);

		rfiles_split_path(logins[i], &p);
		FUZZ_CHECK(p.rel >= logins[i] && p.rel <= logins[i] + len);
		FUZZ_CHECK(p.base_len <= len);
		FUZZ_CHECK(!p.root || logins[i][0] == '/');
		FUZZ_CHECK(p.rel[0] != '/');
	}
	if (hosts_parse(&c, &hs, &msg) == 0) {
		char *job[] = { (char *)"/bin/sh", (char *)"-c", cmd, NULL };

		FUZZ_CHECK(hosts_count(hs) > 0);
		for (size_t i = 0; i < hosts_count(hs); i++) {
			size_t k = 0;

			FUZZ_CHECK(hosts_name(hs, (int)i)[0] != '\0');
			/* '+' parts groups: a name with one is not a group. */
			FUZZ_CHECK(
			    strchr(hosts_name(hs, (int)i), '+') != NULL ||
			    hosts_in_groups(hs, (int)i, hosts_name(hs, (int)i),
			        strlen(hosts_name(hs, (int)i))));
			FUZZ_CHECK(!hosts_group_known(hs, "", 0));
			FUZZ_CHECK(!hosts_in_groups(hs, (int)i, "+", 1));
			argv = hosts_argv(hs, (int)i, job, 0, 12, 3);
			while (argv[k] != NULL)
				k++;
			FUZZ_CHECK(k > 1);
			FUZZ_CHECK(
			    fuzz_sh_split(argv[k - 1], strlen(argv[k - 1]), &w,
			        &wl, &nw, 0) == 0);
			FUZZ_CHECK(nw == 12);
			FUZZ_CHECK(is(w[0], wl[0], "exec"));
			FUZZ_CHECK(is(w[5], wl[5], "12"));
			FUZZ_CHECK(is(w[6], wl[6], "3"));
			FUZZ_CHECK(is(w[8], wl[8], "sh"));
			FUZZ_CHECK(wl[9] >= cmdlen &&
			    memcmp(w[9] + wl[9] - cmdlen, cmd, cmdlen) == 0);
			check_env(w[9], wl[9] - cmdlen, cmd, cmdlen);
			fuzz_free_words(w, wl, nw);
		}
	} else
		FUZZ_CHECK(msg.len > 0);
	hosts_free(hs);
	buf_free(&msg);
	for (size_t i = 0; i < n; i++)
		free(logins[i]);
	free(ssh);
	free(cmd);
	free(env[0]);
	return 0;
}
