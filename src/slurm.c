/*
 * slurm.c -- --slurm-hosts: the allocation's nodes as logins.
 *
 * The node list is expanded by running scontrol show hostnames, whose
 * output is one name a line; its messages go to xpool's standard error as
 * they are, and xpool says after them what to do.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "slurm.h"
#include "sys.h"
#include "xmalloc.h"

/* A decimal number from 1 to max at *p, moved past its digits; else 0. */
static long
number(const char **p, long max)
{
	long n = 0;

	if (**p < '0' || **p > '9')
		return 0;
	for (; **p >= '0' && **p <= '9'; (*p)++) {
		if (n > (max - (**p - '0')) / 10)
			return 0;
		n = n * 10 + (**p - '0');
	}
	return n;
}

/*
 * $SLURM_JOB_CPUS_PER_NODE, Slurm's compressed form: COUNT[(xNODES)], a
 * comma between them, in the node list's order ("4(x2),2" is 4, 4 and 2).
 * Each of the n nodes' CPUs into cpus; 0, or -1 with why when spec is not
 * that form, or is for more or fewer nodes than n.
 */
int
slurm_cpus(const char *spec, long *cpus, size_t n, const char **why)
{
	const char *p = spec;
	size_t at = 0; /* nodes described, up to n + 1 */

	for (;;) {
		long count = number(&p, SLURM_MAX_CPUS), nodes = 1;

		if (count == 0)
			goto malformed;
		if (p[0] == '(' && p[1] == 'x') {
			p += 2;
			if ((nodes = number(&p, LONG_MAX)) == 0 || *p != ')')
				goto malformed;
			p++;
		}
		for (; nodes > 0 && at <= n; nodes--, at++)
			if (at < n)
				cpus[at] = count;
		if (*p == '\0')
			break;
		if (*p++ != ',')
			goto malformed;
	}
	if (at == n)
		return 0;
	*why = at > n ? "it gives CPUs for more nodes than the node list has"
	              : "it gives CPUs for fewer nodes than the node list has";
	return -1;
malformed:
	*why = "it is not Slurm's form COUNT[(xNODES)][,...], such as 4(x2),2";
	return -1;
}

/*
 * scontrol show hostnames LIST: its standard output into out.  0, or -1
 * after saying why (var names the variable LIST came from).
 */
static int
expand(const char *var, const char *list, struct buf *out)
{
	char *argv[] = { (char *)"scontrol", (char *)"show",
		(char *)"hostnames", (char *)list, NULL };
	char chunk[4096];
	int fds[2], in, e, st, rerr = 0;
	ssize_t r;
	pid_t pid;

	if ((in = open("/dev/null", O_RDONLY | O_CLOEXEC)) < 0) {
		xpool_err("--slurm-hosts: cannot open /dev/null: %s",
		    strerror(errno));
		return -1;
	}
	if (pipe2(fds, O_CLOEXEC) != 0) {
		xpool_err("--slurm-hosts: cannot make a pipe for scontrol: %s; "
		          "raise the limit on open files (ulimit -n)",
		    strerror(errno));
		close(in);
		return -1;
	}
	e = sys_spawn_helper("scontrol", argv, in, fds[1], &pid);
	close(in);
	close(fds[1]);
	if (e != 0) {
		close(fds[0]);
		xpool_err("--slurm-hosts: cannot run scontrol: %s; %s",
		    e == ENOENT ? "it is not in PATH" : strerror(e),
		    "install Slurm's client commands, or give the nodes with "
		    "-S");
		return -1;
	}
	while ((r = read(fds[0], chunk, sizeof(chunk))) != 0) {
		if (r > 0)
			buf_add(out, chunk, (size_t)r);
		else if (errno != EINTR) {
			rerr = errno;
			break;
		}
	}
	close(fds[0]);
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR) {
			xpool_err("--slurm-hosts: cannot wait for scontrol: %s",
			    strerror(errno));
			return -1;
		}
	if (rerr != 0) {
		xpool_err("--slurm-hosts: cannot read what scontrol printed: "
		          "%s",
		    strerror(rerr));
		return -1;
	}
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		xpool_err("--slurm-hosts: 'scontrol show hostnames %s' failed "
		          "(%s %d); check that $%s is Slurm's node list and "
		          "that scontrol finds Slurm's configuration "
		          "($SLURM_CONF)",
		    list, WIFEXITED(st) ? "exit status" : "signal",
		    WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st), var);
		return -1;
	}
	return 0;
}

/* The name of the node xpool runs on: $SLURMD_NODENAME, or the host's. */
static const char *
this_node(char *host, size_t size)
{
	const char *name = getenv("SLURMD_NODENAME");

	if (name != NULL && *name != '\0')
		return name;
	/* Without a name, no node is taken for this machine. */
	if (gethostname(host, size) != 0)
		return "";
	host[size - 1] = '\0';
	host[strcspn(host, ".")] = '\0';
	return host;
}

/*
 * The nodes of the allocation, appended to *logins as [N/]NODE, : for this
 * machine; N is the node's CPUs unless jobs_given (-j decides then, as for
 * a host without N/).  0, or -1 after saying why.
 */
int
slurm_logins(int jobs_given, char ***logins, size_t *nlogins)
{
	const char *var = "SLURM_JOB_NODELIST", *list, *spec, *why, *self;
	struct buf out = BUF_INIT;
	char host[256], **names = NULL, *save = NULL;
	long *cpus = NULL;
	size_t n = 0;

	if ((list = getenv(var)) == NULL || *list == '\0')
		list = getenv(var = "SLURM_NODELIST");
	if (list == NULL || *list == '\0') {
		xpool_err("--slurm-hosts: $SLURM_JOB_NODELIST is not set: run "
		          "xpool inside salloc or sbatch, or give the hosts "
		          "with -S");
		return -1;
	}
	if (expand(var, list, &out) != 0) {
		buf_free(&out);
		return -1;
	}
	for (char *s = out.len > 0 ? strtok_r(out.data, "\n", &save) : NULL;
	     s != NULL; s = strtok_r(NULL, "\n", &save)) {
		names = xreallocarray(names, n + 1, sizeof(*names));
		names[n++] = s;
	}
	if (n == 0) {
		xpool_err("--slurm-hosts: 'scontrol show hostnames %s' named "
		          "no node; $%s must be Slurm's node list, such as "
		          "node[1-4], as salloc and sbatch set it",
		    list, var);
		buf_free(&out);
		return -1;
	}
	if (!jobs_given) {
		cpus = xcalloc(n, sizeof(*cpus));
		if ((spec = getenv("SLURM_JOB_CPUS_PER_NODE")) == NULL ||
		    slurm_cpus(spec, cpus, n, &why) != 0) {
			if (spec == NULL)
				xpool_warn("--slurm-hosts: "
				           "$SLURM_JOB_CPUS_PER_NODE is not "
				           "set; each node gets as many slots "
				           "as it has CPUs (give -j N to "
				           "choose)");
			else
				xpool_warn("--slurm-hosts: "
				           "$SLURM_JOB_CPUS_PER_NODE '%s': %s; "
				           "each node gets as many slots as it "
				           "has CPUs (give -j N to choose)",
				    spec, why);
			free(cpus);
			cpus = NULL;
		}
	}
	self = this_node(host, sizeof(host));
	*logins = xreallocarray(*logins, *nlogins + n, sizeof(**logins));
	for (size_t i = 0; i < n; i++) {
		const char *login = names[i];

		if (strcmp(login, self) == 0)
			login = ":";
		(*logins)[(*nlogins)++] = cpus != NULL
		    ? xasprintf("%ld/%s", cpus[i], login)
		    : xstrdup(login);
	}
	free(cpus);
	free(names);
	buf_free(&out);
	return 0;
}
