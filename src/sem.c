/*
 * sem.c -- the counting semaphore of --semaphore and sem.
 *
 * Slot N of semaphore ID is an flock() on the file ID.N (the ID spelled
 * with %XX for any byte but letters, digits, '-' and '_') in a directory of
 * the user's own: $XDG_RUNTIME_DIR/xpool-sem, else $TMPDIR/xpool-sem-UID
 * (or /tmp/...), made 0700 and refused unless it is a real directory owned
 * by the user and closed to others.  The files are empty and stay: removing
 * a lock file races with the next taker.
 *
 * Waiting for a slot: every candidate slot file is opened once and tried
 * with LOCK_NB; while all are taken, the waiter sleeps in poll() on an
 * inotify watch of the directory, which wakes it when any file there is
 * closed, which is what a holder's exit does to its lock.  The watch is set
 * before the first try, so a slot freed in between is not missed.  A
 * timeout of a second is kept as a safety net (a file system without
 * inotify events), and without inotify at all the waiter polls with a
 * backoff from 10 ms to 500 ms.  Blocking in flock() on one slot was not
 * chosen: with -j 2 it would wait for that one holder while the other slot
 * may come free first.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/inotify.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "sem.h"
#include "sys.h"
#include "xmalloc.h"

/* The longest ID once spelled as a file name, with room for ".N". */
#define SEM_NAME_MAX 200

struct waiter {
	char dir[4096];
	int dirfd;
	char name[SEM_NAME_MAX + 1]; /* the ID as a file name */
	int ino; /* the inotify descriptor, or -1 */
	double deadline; /* on the monotonic clock; 0 for none */
};

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The ID as a file name; -1 after a message. */
static int
encode_id(struct waiter *w, const char *id)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = 0;

	if (id[0] == '\0') {
		xpool_err("--id: the name is empty; give a name such as "
		          "my-task or $$");
		return -1;
	}
	for (const unsigned char *p = (const unsigned char *)id; *p; p++) {
		int plain = (*p >= 'a' && *p <= 'z') ||
		    (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '_';

		if (n + 3 > SEM_NAME_MAX) {
			xpool_err("--id '%s': the name is too long; give at "
			          "most %d letters or digits",
			    id, SEM_NAME_MAX);
			return -1;
		}
		if (plain) {
			w->name[n++] = (char)*p;
		} else {
			w->name[n++] = '%';
			w->name[n++] = hex[*p >> 4];
			w->name[n++] = hex[*p & 15];
		}
	}
	w->name[n] = '\0';
	return 0;
}

/*
 * The user's semaphore directory, made if need be and opened; -1 after a
 * message.  Refused when it is a symbolic link, someone else's, or open to
 * others: anyone who can write there could hold or free the slots.
 */
static int
open_dir(struct waiter *w)
{
	const char *xdg = getenv("XDG_RUNTIME_DIR"), *tmp = getenv("TMPDIR");
	struct stat st;
	int n;

	if (xdg != NULL && xdg[0] == '/')
		n = snprintf(w->dir, sizeof(w->dir), "%s/xpool-sem", xdg);
	else
		n = snprintf(w->dir, sizeof(w->dir), "%s/xpool-sem-%lu",
		    tmp != NULL && tmp[0] == '/' ? tmp : "/tmp",
		    (unsigned long)geteuid());
	if (n < 0 || (size_t)n >= sizeof(w->dir)) {
		xpool_err("the semaphore directory's name is too long; set "
		          "XDG_RUNTIME_DIR or TMPDIR to a shorter one");
		return -1;
	}
	if (mkdir(w->dir, 0700) != 0 && errno != EEXIST) {
		xpool_err("cannot make the semaphore directory '%s': %s; set "
		          "XDG_RUNTIME_DIR or TMPDIR to a writable directory",
		    w->dir, strerror(errno));
		return -1;
	}
	w->dirfd =
	    open(w->dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (w->dirfd < 0) {
		xpool_err("cannot open the semaphore directory '%s': %s; "
		          "remove it if it is not a directory of yours",
		    w->dir, strerror(errno == ELOOP ? ENOTDIR : errno));
		return -1;
	}
	if (fstat(w->dirfd, &st) != 0 || st.st_uid != geteuid() ||
	    (st.st_mode & 077) != 0) {
		xpool_err("the semaphore directory '%s' is not private to you "
		          "(owner %lu, mode %03o); remove it, or set "
		          "XDG_RUNTIME_DIR or TMPDIR elsewhere",
		    w->dir, (unsigned long)st.st_uid,
		    (unsigned)(st.st_mode & 0777));
		close(w->dirfd);
		return -1;
	}
	return 0;
}

/* Slot k's file, opened (and made if need be); -1 after a message. */
static int
slot_open(const struct waiter *w, long k)
{
	char name[SEM_NAME_MAX + 32];
	int fd;

	snprintf(name, sizeof(name), "%s.%ld", w->name, k);
	fd = openat(
	    w->dirfd, name, O_RDONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		xpool_err("cannot open the semaphore file '%s/%s': %s", w->dir,
		    name, strerror(errno));
	return fd;
}

/* Lock fd if it is free: 1 taken, 0 held by another, -1 after a message. */
static int
try_lock(const struct waiter *w, int fd)
{
	if (flock(fd, LOCK_EX | LOCK_NB) == 0)
		return 1;
	if (errno == EWOULDBLOCK || errno == EINTR)
		return 0;
	xpool_err("cannot lock a file in '%s': %s", w->dir, strerror(errno));
	return -1;
}

/* Sleep until a file in the directory is closed, or ms pass. */
static void
pause_ms(const struct waiter *w, int ms)
{
	struct pollfd p = { .fd = w->ino, .events = POLLIN };
	char ev[4096];

	if (w->ino < 0) {
		(void)poll(NULL, 0, ms);
		return;
	}
	if (poll(&p, 1, ms) > 0)
		while (read(w->ino, ev, sizeof(ev)) > 0)
			;
}

/*
 * Take one of the slots first .. first + n - 1, waiting as long as the
 * deadline allows.  Slot files are opened (and made) in order, up to the
 * first free one, and kept open while all are taken.  The locked
 * descriptor; -1 when the deadline passed; -2 after a message.
 */
static int
take(const struct waiter *w, long first, long n)
{
	int *fds = xreallocarray(NULL, (size_t)n, sizeof(*fds));
	int got = -2, backoff = 10;
	long i, opened = 0;

	for (;;) {
		int ms = w->ino >= 0 ? 1000 : backoff, r = 0;

		for (i = 0; i < n && r == 0; i++) {
			if (i == opened &&
			    (fds[opened++] = slot_open(w, first + i)) < 0)
				goto out;
			r = try_lock(w, fds[i]);
		}
		if (r != 0) {
			got = r > 0 ? fds[i - 1] : -2;
			break;
		}
		if (backoff < 500)
			backoff *= 2;
		if (w->deadline > 0) {
			double left = w->deadline - now();

			if (left <= 0) {
				got = -1;
				break;
			}
			if (left * 1000 < ms)
				ms = (int)(left * 1000) + 1;
		}
		pause_ms(w, ms);
	}
out:
	for (i = 0; i < opened; i++)
		if (fds[i] != got && fds[i] >= 0)
			close(fds[i]);
	free(fds);
	return got;
}

/*
 * After a positive --semaphore-timeout: a slot above the -j slots, free
 * at once, so that --wait still waits for this command.  -2 after a message.
 */
static int
steal(const struct waiter *w, long slots)
{
	for (long k = slots;; k++) {
		int fd = slot_open(w, k), r;

		if (fd < 0)
			return -2;
		if ((r = try_lock(w, fd)) != 0) {
			if (r < 0)
				close(fd);
			return r > 0 ? fd : -2;
		}
		close(fd);
	}
}

/* Whether name is the ID's slot file; its number in *k. */
static int
slot_number(const struct waiter *w, const char *name, long *k)
{
	size_t len = strlen(w->name);
	char *end;

	if (strncmp(name, w->name, len) != 0 || name[len] != '.' ||
	    name[len + 1] < '0' || name[len + 1] > '9')
		return 0;
	errno = 0;
	*k = strtol(name + len + 1, &end, 10);
	return *end == '\0' && errno == 0;
}

/*
 * --wait: each slot file of the ID in turn, taken and let go.  0 when all
 * were free, -1 when the deadline passed, -2 after a message.
 */
static int
wait_all(const struct waiter *w)
{
	int fd = dup(w->dirfd), r = 0;
	long *slots = NULL, k;
	size_t n = 0;
	struct dirent *e;
	DIR *d;

	if (fd < 0 || (d = fdopendir(fd)) == NULL) {
		xpool_err("cannot read the semaphore directory '%s': %s",
		    w->dir, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -2;
	}
	while ((e = readdir(d)) != NULL)
		if (slot_number(w, e->d_name, &k)) {
			slots = xreallocarray(slots, n + 1, sizeof(*slots));
			slots[n++] = k;
		}
	closedir(d);
	for (size_t i = 0; i < n && r == 0; i++) {
		if ((fd = take(w, slots[i], 1)) >= 0)
			close(fd);
		else
			r = fd;
	}
	free(slots);
	return r;
}

/*
 * Run the shell with the command line and wait for it; its status as a
 * shell gives it (128 + N for a signal).  The command does not inherit the
 * lock (it is close-on-exec), and gets SIGTERM if its holder dies.
 */
static int
run_command(const struct sem_conf *c)
{
	pid_t holder = getpid(), pid;
	int st;

	if ((pid = fork()) < 0) {
		xpool_err("cannot start the command: %s", strerror(errno));
		return XPOOL_EXIT_ERROR;
	}
	if (pid == 0) {
		char dash_c[] = "-c";
		char *argv[] = { (char *)c->shell, dash_c, (char *)c->line,
			NULL };

		if (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0 ||
		    getppid() != holder)
			_exit(XPOOL_EXIT_ERROR);
		signal(SIGPIPE, SIG_DFL);
		execvp(c->shell, argv);
		xpool_err(
		    "cannot run the shell '%s': %s", c->shell, strerror(errno));
		_exit(errno == ENOENT ? 127 : 126);
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR) {
			xpool_err(
			    "cannot wait for the command: %s", strerror(errno));
			return XPOOL_EXIT_ERROR;
		}
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return WEXITSTATUS(st);
}

/* The wait is over: a slot's descriptor, or what the timeout decides. */
static int
after_timeout(const struct sem_conf *c, const struct waiter *w, int fd)
{
	if (fd != -1)
		return fd;
	if (c->timeout < 0) {
		xpool_warn("semaphore '%s' timed out after %gs; giving up",
		    c->id, -c->timeout);
		return -1;
	}
	xpool_warn("semaphore '%s' timed out after %gs; %s anyway", c->id,
	    c->timeout, c->wait ? "going on" : "taking it");
	return c->wait ? -3 : steal(w, c->slots);
}

int
sem_run(const struct sem_conf *c)
{
	struct waiter w;
	int fd;
	pid_t pid;
	int ready[2];

	memset(&w, 0, sizeof(w));
	w.ino = -1;
	if (encode_id(&w, c->id) != 0 || open_dir(&w) != 0)
		return XPOOL_EXIT_ERROR;
	if ((w.ino = inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) >= 0 &&
	    inotify_add_watch(w.ino, w.dir, IN_CLOSE_WRITE | IN_CLOSE_NOWRITE) <
	        0) {
		close(w.ino);
		w.ino = -1;
	}
	if (c->timeout != 0)
		w.deadline =
		    now() + (c->timeout < 0 ? -c->timeout : c->timeout);

	fd = after_timeout(
	    c, &w, c->wait ? wait_all(&w) : take(&w, 0, c->slots));
	if (w.ino >= 0)
		close(w.ino);
	close(w.dirfd);
	if (fd == -2)
		return XPOOL_EXIT_ERROR;
	if (fd == -1)
		return SEM_EXIT_TIMEOUT;
	if (c->wait)
		return 0;
	if (c->fg)
		return run_command(c);

	/*
	 * --bg: the child holds the slot (the same lock) and runs it.  The
	 * command outlives its caller, as it is meant to: in a session of
	 * its own, it is not ended with the caller's process group (xpool
	 * ends what a job leaves running in its group).  The caller returns
	 * once the child is out of the group: the pipe's end.
	 */
	if (pipe2(ready, O_CLOEXEC) != 0) {
		xpool_err("cannot start the command in the background: %s",
		    strerror(errno));
		return XPOOL_EXIT_ERROR;
	}
	if ((pid = fork()) < 0) {
		xpool_err("cannot start the command in the background: %s",
		    strerror(errno));
		close(ready[0]);
		close(ready[1]);
		return XPOOL_EXIT_ERROR;
	}
	if (pid > 0) {
		char b;

		close(ready[1]);
		while (read(ready[0], &b, 1) < 0 && errno == EINTR)
			;
		close(ready[0]);
		return 0;
	}
	close(ready[0]);
	(void)setsid();
	close(ready[1]);
	_exit(run_command(c));
}
