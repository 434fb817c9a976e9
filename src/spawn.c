/*
 * spawn.c -- start one job: clone and exec, with a process group, its
 * descriptors, and a signal when xpool dies.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "spawn.h"
#include "xmalloc.h"

extern char **environ;

/*
 * The stack of the child between clone() and execve(): it runs only child()
 * and a few system calls.  One is enough, since the parent waits (vfork
 * style) until the child has exec'd or died, and only xpool's main thread
 * starts jobs.  A guard page below it.
 */
#define CHILD_STACK (64 * 1024)

struct spawner {
	char *stack; /* CHILD_STACK bytes above a guard page */
	size_t stack_map; /* the size of the mapping */
	sigset_t all; /* every signal, blocked while the child shares memory */
	pid_t self; /* xpool's pid, the parent the child checks for */
	pthread_t thread; /* the one that starts jobs */
	int stdin_fd; /* what jobs read: /dev/null, or xpool's stdin */
	char **env;
	size_t nenv; /* inherited entries; two more follow */
	size_t env_size; /* what the environment costs against ARG_MAX */
	char seq[48]; /* XPOOL_SEQ=... */
	char slot[48]; /* XPOOL_SLOT=... */
	char *slot_var; /* --process-slot-var: NAME=slot-1, or NULL */
	size_t slot_name; /* ... the length of NAME= */
	char *prog; /* the program resolved once, or NULL */
	const char *name; /* ... and the name it was resolved from */
	int prog_err; /* errno of that lookup */
	pid_t pgid; /* the jobs' process group: 0 for one of their own, or
	               with --tty xpool's */
	int set_nice; /* --nice: each process starts at niceness nice */
	int nice;
	char **launch; /* --launcher's words, before every job's; or NULL */
	size_t nlaunch;
	char **argv; /* a job's words after them */
	size_t argv_cap;
};

/*
 * Set up what every job shares.  Jobs read /dev/null unless inherit_stdin,
 * in which case they share xpool's standard input.
 */
struct spawner *
spawner_new(int inherit_stdin)
{
	struct spawner *sp = xcalloc(1, sizeof(*sp));
	long page = sysconf(_SC_PAGESIZE);
	size_t n = 0;

	if (inherit_stdin)
		sp->stdin_fd = STDIN_FILENO;
	else if ((sp->stdin_fd = open("/dev/null", O_RDONLY | O_CLOEXEC)) < 0)
		xpool_fatal("cannot open /dev/null: %s", strerror(errno));

	if (page <= 0)
		page = 4096;
	sp->stack_map = CHILD_STACK + (size_t)page;
	sp->stack = mmap(NULL, sp->stack_map, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (sp->stack == MAP_FAILED ||
	    mprotect(sp->stack, (size_t)page, PROT_NONE) != 0)
		xpool_fatal("cannot map a stack for starting jobs: %s",
		    strerror(errno));
	sigfillset(&sp->all);
	sp->self = getpid();
	sp->thread = pthread_self();

	for (char **e = environ; *e != NULL; e++)
		n++;
	sp->env = xcalloc(n + 6, sizeof(char *));
	for (char **e = environ; *e != NULL; e++) {
		if (strncmp(*e, "XPOOL_SEQ=", 10) == 0 ||
		    strncmp(*e, "XPOOL_SLOT=", 11) == 0 ||
		    strncmp(*e, "PARALLEL_SSHHOST=", 17) == 0 ||
		    strncmp(*e, "PARALLEL_SSHLOGIN=", 18) == 0)
			continue;
		sp->env[sp->nenv++] = *e;
		sp->env_size += strlen(*e) + 1 + sizeof(char *);
	}
	/* GNU parallel's: the job runs on this machine ({host} with --plus). */
	for (size_t i = 0; i < 2; i++) {
		static const char *const here[] = { "PARALLEL_SSHHOST=:",
			"PARALLEL_SSHLOGIN=:" };

		sp->env[sp->nenv++] = (char *)here[i];
		sp->env_size += strlen(here[i]) + 1 + sizeof(char *);
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
	munmap(sp->stack, sp->stack_map);
	if (sp->stdin_fd != STDIN_FILENO)
		close(sp->stdin_fd);
	free(sp->argv);
	free(sp->slot_var);
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
 * The path name is found at, as spawner_run() looks it up (allocated), or
 * NULL when it is not a program a job could start.
 */
char *
spawn_find_program(const char *name)
{
	char *path;

	if (spawn_check_program(name) != 0 || lookup(name, &path) != 0)
		return NULL;
	return path;
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

/* What the child needs, in the parent's memory; err is its answer. */
struct child {
	const char *path;
	char **argv;
	char **env;
	int fd[3]; /* dup2'ed to 0, 1 and 2 */
	int set_nice, nice; /* --nice */
	pid_t pgid; /* for setpgid(): 0, or xpool's group (--tty) */
	pid_t parent;
	int err; /* why it could not exec, or 0 */
};

/*
 * The child, until it execs: it shares xpool's memory and runs on
 * sp->stack while xpool waits, so it only makes system calls, and tells
 * xpool why it failed in c->err.
 *
 * It comes with every signal blocked, so that no handler of xpool's can run
 * in it: each one back to its default before they are unblocked, and
 * SIGPIPE too, which xpool ignores.  Then its own process group (with
 * --tty, xpool's), its
 * descriptors, and SIGTERM when xpool dies, even of SIGKILL: if xpool died
 * before that was set, its parent is already another process, and it goes.
 * Not sanitized: it must not touch the sanitizers' state.
 */
__attribute__((no_sanitize("address", "undefined"))) static int
child(void *arg)
{
	struct child *c = arg;
	struct sigaction sa;
	sigset_t none;

	for (int sig = 1; sig < NSIG; sig++) {
		if (sigaction(sig, NULL, &sa) != 0 ||
		    sa.sa_handler == SIG_DFL ||
		    (sa.sa_handler == SIG_IGN && sig != SIGPIPE))
			continue;
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = SIG_DFL;
		sigaction(sig, &sa, NULL);
	}
	if (setpgid(0, c->pgid) != 0 || prctl(PR_SET_PDEATHSIG, SIGTERM) != 0)
		goto fail;
	if (getppid() != c->parent)
		_exit(127);
	for (int i = 0; i < 3; i++)
		if (c->fd[i] != i && dup2(c->fd[i], i) < 0)
			goto fail;
	/*
	 * --nice, as GNU parallel sets it: a niceness below xpool's own that
	 * the user may not take leaves the job at xpool's.
	 */
	if (c->set_nice)
		(void)setpriority(PRIO_PROCESS, 0, c->nice);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	execve(c->path, c->argv, c->env);
fail:
	c->err = errno ? errno : ECHILD;
	_exit(127);
}

/*
 * Start path as a child that shares xpool's memory until it execs (as
 * glibc's posix_spawn does, and vfork): 0 with its pid, or the errno of
 * what failed, in the child or here.
 */
static int
start(struct spawner *sp, const char *path, char **argv, const int fd[3],
    pid_t *pid)
{
	struct child c = { path, argv, sp->env, { fd[0], fd[1], fd[2] },
		sp->set_nice, sp->nice, sp->pgid, sp->self, 0 };
	sigset_t old;
	pid_t p;
	int r = 0;

	/* The kernel signals the child when the thread that started it ends. */
	if (!pthread_equal(pthread_self(), sp->thread))
		xpool_bug(
		    "a job started by a thread other than xpool's main one");
	pthread_sigmask(SIG_SETMASK, &sp->all, &old);
	p = clone(child, sp->stack + sp->stack_map,
	    CLONE_VM | CLONE_VFORK | SIGCHLD, &c);
	if (p < 0)
		r = errno;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (p < 0)
		return r;
	if (c.err != 0) {
		/* It has exited: reap it. */
		while (waitpid(p, NULL, 0) < 0 && errno == EINTR)
			;
		return c.err;
	}
	*pid = p;
	return 0;
}

/*
 * --launcher: every process starts as these words followed by its own
 * (srun ... COMMAND); they count against ARG_MAX with the environment.
 * The launcher's program is looked up once.
 */
void
spawner_launcher(struct spawner *sp, char **words, size_t n)
{
	sp->launch = words;
	sp->nlaunch = n;
	for (size_t i = 0; i < n; i++)
		sp->env_size += strlen(words[i]) + 1 + sizeof(char *);
	spawner_resolve(sp, words[0]);
}

/*
 * -o, --tty: jobs read the terminal, as GNU parallel gives it to them when
 * /dev/tty can be opened (else they read what they would have).  They stay
 * in xpool's process group, the terminal's foreground one, so that reading
 * it does not stop them; as with GNU parallel, ending their group (Ctrl-C
 * aside) then does not reach them.
 */
void
spawner_tty(struct spawner *sp)
{
	int fd = open("/dev/tty", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return;
	if (sp->stdin_fd != STDIN_FILENO)
		close(sp->stdin_fd);
	sp->stdin_fd = fd;
	sp->pgid = getpgrp();
}

/* --nice N: every process starts at niceness N (-20 to 19). */
void
spawner_nice(struct spawner *sp, int nice)
{
	sp->set_nice = 1;
	sp->nice = nice;
}

/*
 * --process-slot-var NAME: every job has NAME set to its slot less one, as
 * GNU parallel counts (0 for the first), instead of an inherited NAME.
 */
void
spawner_slot_var(struct spawner *sp, const char *name)
{
	size_t k = 0, len = strlen(name);

	for (size_t i = 0; i < sp->nenv; i++)
		if (strncmp(sp->env[i], name, len) != 0 ||
		    sp->env[i][len] != '=')
			sp->env[k++] = sp->env[i];
	sp->nenv = k;
	sp->slot_name = len + 1;
	sp->slot_var = xmalloc(len + 24);
	memcpy(sp->slot_var, name, len);
	sp->slot_var[len] = '=';
	sp->env[k] = sp->seq;
	sp->env[k + 1] = sp->slot;
	sp->env[k + 2] = sp->slot_var;
	sp->env[k + 3] = NULL;
	sp->env_size += len + 24 + sizeof(char *);
}

/* The words a job runs with --launcher: the launcher's, then argv's. */
static char **
launched(struct spawner *sp, char **argv)
{
	size_t n = 0;

	while (argv[n] != NULL)
		n++;
	if (sp->nlaunch + n + 1 > sp->argv_cap) {
		sp->argv_cap = sp->nlaunch + n + 1;
		sp->argv =
		    xreallocarray(sp->argv, sp->argv_cap, sizeof(*sp->argv));
	}
	memcpy(sp->argv, sp->launch, sp->nlaunch * sizeof(*sp->argv));
	memcpy(sp->argv + sp->nlaunch, argv, (n + 1) * sizeof(*sp->argv));
	return sp->argv;
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
	const int fd[3] = { in >= 0 ? in : sp->stdin_fd, out, err };
	char *found = NULL;
	const char *path;
	int r;

	if (sp->nlaunch > 0)
		argv = launched(sp, argv);

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
	if (sp->slot_var != NULL)
		snprintf(sp->slot_var + sp->slot_name, 23, "%lu", slot - 1);

	r = start(sp, path, argv, fd, pid);
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
		r = start(sp, "/bin/sh", sh, fd, pid);
		free(sh);
	}
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
