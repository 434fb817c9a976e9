/*
 * spawn.c -- posix_spawn with a process group and pipes for one job.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "spawn.h"
#include "xmalloc.h"

extern char **environ;

/*
 * File actions for a few descriptor triples.  Building them costs glibc two
 * getrlimit() calls per dup2; jobs get the same few descriptor numbers over
 * and over, so the actions built for them are kept and reused.
 */
#define KEPT_ACTIONS 8

struct actions {
	int fd[3]; /* dup2'ed to 0, 1 and 2 */
	int built;
	posix_spawn_file_actions_t fa;
};

struct spawner {
	struct actions kept[KEPT_ACTIONS];
	unsigned next_kept; /* the one to replace next */
	posix_spawnattr_t attr;
	int stdin_fd; /* what jobs read: /dev/null, or xpool's stdin */
	char **env;
	size_t nenv; /* inherited entries; two more follow */
	size_t env_size; /* what the environment costs against ARG_MAX */
	char seq[48]; /* XPOOL_SEQ=... */
	char slot[48]; /* XPOOL_SLOT=... */
	char *prog; /* the program resolved once, or NULL */
	const char *name; /* ... and the name it was resolved from */
	int prog_err; /* errno of that lookup */
};

/*
 * Set up what every job shares.  Jobs read /dev/null unless inherit_stdin,
 * in which case they share xpool's standard input.
 */
struct spawner *
spawner_new(int inherit_stdin)
{
	struct spawner *sp = xcalloc(1, sizeof(*sp));
	sigset_t none, def;
	size_t n = 0;
	int r;

	if (inherit_stdin)
		sp->stdin_fd = STDIN_FILENO;
	else if ((sp->stdin_fd = open("/dev/null", O_RDONLY | O_CLOEXEC)) < 0)
		xpool_fatal("cannot open /dev/null: %s", strerror(errno));

	if ((r = posix_spawnattr_init(&sp->attr)) != 0)
		xpool_fatal("posix_spawnattr_init: %s", strerror(r));
	sigemptyset(&none);
	sigemptyset(&def);
	sigaddset(&def, SIGPIPE);
	if ((r = posix_spawnattr_setflags(&sp->attr,
	         POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
	             POSIX_SPAWN_SETSIGDEF)) != 0 ||
	    (r = posix_spawnattr_setpgroup(&sp->attr, 0)) != 0 ||
	    (r = posix_spawnattr_setsigmask(&sp->attr, &none)) != 0 ||
	    (r = posix_spawnattr_setsigdefault(&sp->attr, &def)) != 0)
		xpool_fatal("posix_spawnattr: %s", strerror(r));

	for (char **e = environ; *e != NULL; e++)
		n++;
	sp->env = xcalloc(n + 3, sizeof(char *));
	for (char **e = environ; *e != NULL; e++) {
		if (strncmp(*e, "XPOOL_SEQ=", 10) == 0 ||
		    strncmp(*e, "XPOOL_SLOT=", 11) == 0)
			continue;
		sp->env[sp->nenv++] = *e;
		sp->env_size += strlen(*e) + 1 + sizeof(char *);
	}
	sp->env[sp->nenv] = sp->seq;
	sp->env[sp->nenv + 1] = sp->slot;
	sp->env[sp->nenv + 2] = NULL;
	sp->env_size += sizeof(sp->seq) + sizeof(sp->slot) + 3 * sizeof(char *);
	return sp;
}

void
spawner_free(struct spawner *sp)
{
	if (sp == NULL)
		return;
	posix_spawnattr_destroy(&sp->attr);
	for (int i = 0; i < KEPT_ACTIONS; i++)
		if (sp->kept[i].built)
			posix_spawn_file_actions_destroy(&sp->kept[i].fa);
	if (sp->stdin_fd != STDIN_FILENO)
		close(sp->stdin_fd);
	free(sp->env);
	free(sp->prog);
	free(sp);
}

size_t
spawner_env_size(const struct spawner *sp)
{
	return sp->env_size;
}

/* Look name up in PATH as execvp(3) would: 0, ENOENT or EACCES. */
static int
lookup(const char *name, char **out)
{
	const char *path = getenv("PATH");
	int err = ENOENT;
	struct stat st;

	*out = NULL;
	if (strchr(name, '/') != NULL) {
		*out = xstrdup(name);
		return 0;
	}
	if (path == NULL)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (const char *p = path;; p++) {
		const char *e = strchr(p, ':');
		size_t dl = e ? (size_t)(e - p) : strlen(p);
		char *cand = dl ? xasprintf("%.*s/%s", (int)dl, p, name)
		                : xasprintf("%s", name);

		if (stat(cand, &st) == 0 && S_ISREG(st.st_mode)) {
			if (access(cand, X_OK) == 0) {
				*out = cand;
				return 0;
			}
			err = EACCES;
		}
		free(cand);
		if (e == NULL)
			break;
		p = e;
	}
	return err;
}

/*
 * Whether name is a program a job could start, as spawner_run() looks it
 * up: 0, or ENOENT (no such file; for a name without a slash, none in
 * PATH), EISDIR, EACCES (not an executable file) or stat(2)'s errno.
 */
int
spawn_check_program(const char *name)
{
	struct stat st;
	char *path;
	int err;

	if (strchr(name, '/') == NULL) {
		err = lookup(name, &path);
		free(path);
		return err;
	}
	if (stat(name, &st) != 0)
		return errno;
	if (S_ISDIR(st.st_mode))
		return EISDIR;
	if (!S_ISREG(st.st_mode) || access(name, X_OK) != 0)
		return EACCES;
	return 0;
}

/*
 * Resolve the program every job runs, once.  A failure is not reported
 * here: each job reports it as its own failure (127 or 126).
 */
int
spawner_resolve(struct spawner *sp, const char *name)
{
	free(sp->prog);
	sp->name = name;
	sp->prog_err = lookup(name, &sp->prog);
	return sp->prog_err;
}

/* The file actions that put in, out and err on 0, 1 and 2, or NULL. */
static posix_spawn_file_actions_t *
actions(struct spawner *sp, int in, int out, int err, int *r)
{
	struct actions *a;

	for (int i = 0; i < KEPT_ACTIONS; i++) {
		a = &sp->kept[i];
		if (a->built && a->fd[0] == in && a->fd[1] == out &&
		    a->fd[2] == err)
			return &a->fa;
	}
	a = &sp->kept[sp->next_kept++ % KEPT_ACTIONS];
	if (a->built)
		posix_spawn_file_actions_destroy(&a->fa);
	a->built = 0;
	if ((*r = posix_spawn_file_actions_init(&a->fa)) != 0)
		return NULL;
	if ((*r = posix_spawn_file_actions_adddup2(&a->fa, in, 0)) ||
	    (*r = posix_spawn_file_actions_adddup2(&a->fa, out, 1)) ||
	    (*r = posix_spawn_file_actions_adddup2(&a->fa, err, 2))) {
		posix_spawn_file_actions_destroy(&a->fa);
		return NULL;
	}
	a->fd[0] = in;
	a->fd[1] = out;
	a->fd[2] = err;
	a->built = 1;
	return &a->fa;
}

/*
 * Start argv with its stdout and stderr on the given descriptors.  Returns
 * 0 with the pid, or an errno value: ENOENT, EACCES, E2BIG, ... mean this
 * job cannot run; EAGAIN and ENOMEM mean the system is short of resources.
 */
int
spawner_run(struct spawner *sp, char **argv, int in, int out, int err,
    unsigned long seq, unsigned long slot, pid_t *pid)
{
	posix_spawn_file_actions_t *fa;
	char *found = NULL;
	const char *path;
	int r;

	if (sp->name != NULL && strcmp(argv[0], sp->name) == 0) {
		if (sp->prog_err != 0)
			return sp->prog_err;
		path = sp->prog;
	} else {
		if ((r = lookup(argv[0], &found)) != 0)
			return r;
		path = found;
	}
	snprintf(sp->seq, sizeof(sp->seq), "XPOOL_SEQ=%lu", seq);
	snprintf(sp->slot, sizeof(sp->slot), "XPOOL_SLOT=%lu", slot);

	if ((fa = actions(sp, in >= 0 ? in : sp->stdin_fd, out, err, &r)) ==
	    NULL)
		goto out;
	r = posix_spawn(pid, path, fa, &sp->attr, argv, sp->env);
	if (r == ENOEXEC) {
		/* A script with no #! line: run it with sh, as execvp does. */
		size_t n = 0;
		char **sh;

		while (argv[n] != NULL)
			n++;
		sh = xcalloc(n + 2, sizeof(char *));
		sh[0] = (char *)"/bin/sh";
		sh[1] = (char *)path;
		for (size_t i = 1; i <= n; i++)
			sh[i + 1] = argv[i];
		r = posix_spawn(pid, "/bin/sh", fa, &sp->attr, sh, sp->env);
		free(sh);
	}
out:
	free(found);
	return r;
}

/*
 * Explain why spawner_run() failed with err, for prog, in msg.  Returns the
 * status of a job that cannot run (127 not found, 126 otherwise), or 0 when
 * resources are short and it may be tried again (msg is left alone then).
 */
int
spawn_explain(const char *prog, int err, struct buf *msg)
{
	switch (err) {
	case ENOENT:
		buf_printf(msg, "%s: command not found", prog);
		return 127;
	case EACCES:
	case EPERM:
		/* execve(2) says EACCES for a directory too; shells do not. */
		if (strchr(prog, '/') != NULL &&
		    spawn_check_program(prog) == EISDIR)
			buf_printf(msg, "%s: is a directory", prog);
		else
			buf_printf(msg,
			    "%s: permission denied; is it executable?", prog);
		return 126;
	case E2BIG:
		buf_printf(msg,
		    "%s: the system refused the argument list as too long; "
		    "give fewer or shorter items per command (-n)",
		    prog);
		return 126;
	case EAGAIN:
	case ENOMEM:
	case EMFILE:
	case ENFILE:
		return 0;
	default:
		buf_printf(msg, "%s: cannot run: %s", prog, strerror(err));
		return 126;
	}
}
