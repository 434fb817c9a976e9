/*
 * jobserver.c -- a client of make's jobserver, and a server for the jobs.
 *
 * The protocol as make 4.3 and 4.4 behave: MAKEFLAGS carries
 * --jobserver-auth=R,W (two inherited pipe descriptors) or fifo:PATH, and
 * only the last one counts; negative or closed descriptors mean make gave
 * this command no jobserver (a recipe line without '+'), and the command
 * then counts for one slot.  A client may always run one job on the
 * implicit slot; each further job needs a byte read from the pipe, and the
 * same byte goes back when the job ends.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "jobserver.h"
#include "sys.h"
#include "xmalloc.h"

struct jobserver {
	int rfd; /* private, non-blocking: tokens are read here */
	int wfd; /* ... and written back here */
	int own[2]; /* the pipe xpool made for its jobs, or -1 */
	int implicit_out; /* a job runs on the implicit slot */
	int eof; /* nobody can write tokens any more */
	unsigned long held[256]; /* tokens taken, by byte */
	unsigned long nheld;
	uv_loop_t *loop;
	uv_poll_t poll;
	int polling, attached;
	void (*cb)(void *);
	void *arg;
};

/* The jobserver whose tokens exit() must give back. */
static struct jobserver *live;
static int registered;

static int
is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* Read MAKEFLAGS: make -n, the last -jN, the last jobserver. */
void
jobserver_parse(const char *mf, struct js_flags *f)
{
	const char *s = mf;

	memset(f, 0, sizeof(*f));
	if (mf == NULL)
		return;
	/* The first word holds the one-letter flags, without a dash. */
	if (!is_space(*s) && *s != '-') {
		size_t n = 0;

		while (s[n] != '\0' && !is_space(s[n]))
			n++;
		f->dry_run = memchr(s, 'n', n) != NULL;
	}
	while (*s != '\0') {
		const char *w;
		size_t n;

		while (is_space(*s))
			s++;
		w = s;
		while (*s != '\0' && !is_space(*s))
			s++;
		n = (size_t)(s - w);
		if (n == 2 && strncmp(w, "--", 2) == 0)
			break; /* variable definitions follow */
		if (n > 2 && strncmp(w, "-j", 2) == 0) {
			char *end;
			long v = strtol(w + 2, &end, 10);

			if (end == s && v > 0)
				f->hint = v;
		} else if (n > 17 && strncmp(w, "--jobserver-auth=", 17) == 0) {
			free(f->auth);
			f->auth = xasprintf("%.*s", (int)(n - 17), w + 17);
		} else if (n > 16 && strncmp(w, "--jobserver-fds=", 16) == 0) {
			free(f->auth);
			f->auth = xasprintf("%.*s", (int)(n - 16), w + 16);
		}
	}
}

/*
 * MAKEFLAGS for jobs of an xpool that made its own jobserver: what xpool
 * was given, with -jN and the jobserver before any variable definitions.
 */
char *
jobserver_offer_flags(const char *mf, long jobs, int r, int w)
{
	char add[96];
	const char *s;

	snprintf(add, sizeof(add), " -j%ld --jobserver-auth=%d,%d", jobs, r, w);
	if (mf == NULL || *mf == '\0')
		return xasprintf("%s", add);
	for (s = mf; *s != '\0';) {
		const char *word;

		while (is_space(*s))
			s++;
		word = s;
		while (*s != '\0' && !is_space(*s))
			s++;
		if (s - word == 2 && strncmp(word, "--", 2) == 0) {
			const char *cut = word;

			while (cut > mf && is_space(cut[-1]))
				cut--;
			return xasprintf(
			    "%.*s%s %s", (int)(cut - mf), mf, add, word);
		}
	}
	return xasprintf("%s%s", mf, add);
}

static void
return_at_exit(void)
{
	jobserver_return_all(live);
}

static struct jobserver *
new_js(int rfd, int wfd)
{
	struct jobserver *js = xcalloc(1, sizeof(*js));

	js->rfd = rfd;
	js->wfd = wfd;
	js->own[0] = js->own[1] = -1;
	if (!registered) {
		atexit(return_at_exit);
		sys_before_quick_exit(return_at_exit);
		registered = 1;
	}
	live = js;
	return js;
}

/* make counts this command as one slot: say so when it matters. */
static void
serial(struct js_setup *s, const char *why, const char *auth)
{
	if (s->jobs > 1)
		xpool_warn("%s (MAKEFLAGS has --jobserver-auth=%s): put '+' "
		           "at the start of the recipe line, or use "
		           "--jobserver=off; running one job at a time",
		    why, auth);
	s->jobs = 1;
}

/* A private, non-blocking description of an inherited pipe end. */
static int
reopen(int fd, int flags)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	return open(path, flags | O_NONBLOCK | O_CLOEXEC);
}

static struct jobserver *
join_fifo(struct js_setup *s, const char *auth)
{
	const char *path = auth + 5, *why = NULL;
	struct stat st;
	int r, w = -1;

	if ((r = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0)
		why = strerror(errno);
	else if (fstat(r, &st) != 0 ||
	    !(S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode)))
		why = "not a fifo";
	else if ((w = open(path, O_WRONLY | O_CLOEXEC)) < 0)
		why = strerror(errno);
	if (why == NULL)
		return new_js(r, w);
	xpool_warn("cannot use make's jobserver %s: %s; running one job at "
	           "a time",
	    path, why);
	if (r >= 0)
		close(r);
	s->jobs = 1;
	return NULL;
}

/* An inherited descriptor that is a pipe open for the given access. */
static int
pipe_end(int fd, int want)
{
	struct stat st;
	int fl;

	if (fd < 0 || fcntl(fd, F_GETFD) < 0 || fstat(fd, &st) != 0 ||
	    !S_ISFIFO(st.st_mode) || (fl = fcntl(fd, F_GETFL)) < 0)
		return 0;
	fl &= O_ACCMODE;
	return fl == O_RDWR || fl == want;
}

static struct jobserver *
join_pipe(struct js_setup *s, const char *auth)
{
	long rl, wl;
	const char *w0;
	char *end;
	int r, w;

	errno = 0;
	rl = strtol(auth, &end, 10);
	if (end == auth || *end != ',')
		goto unknown;
	w0 = end + 1;
	wl = strtol(w0, &end, 10);
	if (end == w0 || *end != '\0' || errno != 0 || rl > INT_MAX ||
	    wl > INT_MAX)
		goto unknown;
	if (!pipe_end((int)rl, O_RDONLY) || !pipe_end((int)wl, O_WRONLY)) {
		serial(s, "make's jobserver is not open in this recipe", auth);
		return NULL;
	}
	if ((r = reopen((int)rl, O_RDONLY)) < 0) {
		serial(
		    s, "cannot read make's jobserver here (no /proc?)", auth);
		return NULL;
	}
	if ((w = fcntl((int)wl, F_DUPFD_CLOEXEC, 3)) < 0) {
		close(r);
		serial(s, "cannot use make's jobserver", auth);
		return NULL;
	}
	return new_js(r, w);
unknown:
	serial(s, "make's jobserver is of a kind xpool does not know", auth);
	return NULL;
}

/*
 * A jobserver of xpool's own with jobs slots: a pipe holding jobs - 1
 * tokens, inherited by every job, named in the jobs' MAKEFLAGS.
 */
static struct jobserver *
serve(struct js_setup *s)
{
	struct jobserver *js;
	int fds[2], r, size;
	long tokens = s->jobs - 1;
	char *flags;

	if (pipe(fds) != 0)
		xpool_fatal(
		    "cannot make a jobserver pipe: %s", strerror(errno));
	size = fcntl(fds[1], F_GETPIPE_SZ);
	if (tokens > size)
		size = fcntl(fds[1], F_SETPIPE_SZ, (int)tokens);
	if (size < tokens)
		xpool_fatal("cannot make a jobserver for %ld jobs (a pipe "
		            "holds %d); use fewer jobs or --jobserver=off",
		    s->jobs, size);
	for (long i = 0; i < tokens;) {
		char plus[512];
		long n = tokens - i < 512 ? tokens - i : 512;
		ssize_t k;

		memset(plus, '+', sizeof(plus));
		if ((k = write(fds[1], plus, (size_t)n)) < 0) {
			if (errno == EINTR)
				continue;
			xpool_fatal("cannot fill the jobserver pipe: %s",
			    strerror(errno));
		}
		i += k;
	}
	if ((r = reopen(fds[0], O_RDONLY)) < 0) {
		/* Only xpool's own jobs share this pipe: a flag is safe. */
		if ((r = fcntl(fds[0], F_DUPFD_CLOEXEC, 3)) < 0)
			xpool_fatal("cannot read the jobserver pipe: %s",
			    strerror(errno));
		(void)fcntl(r, F_SETFL, fcntl(r, F_GETFL) | O_NONBLOCK);
	}
	js = new_js(r, fds[1]);
	js->own[0] = fds[0];
	js->own[1] = fds[1];
	flags =
	    jobserver_offer_flags(getenv("MAKEFLAGS"), s->jobs, fds[0], fds[1]);
	if (setenv("MAKEFLAGS", flags, 1) != 0)
		xpool_fatal("cannot set MAKEFLAGS: %s", strerror(errno));
	free(flags);
	return js;
}

/*
 * Decide how this run shares slots.  Returns the jobserver to take tokens
 * from, or NULL when there is none (s->jobs may then have become 1).
 */
struct jobserver *
jobserver_open(struct js_setup *s)
{
	struct js_flags f;
	struct jobserver *js;

	if (s->off)
		return NULL;
	jobserver_parse(getenv("MAKEFLAGS"), &f);
	if (f.dry_run)
		s->dry_run = 1;
	if (s->dry_run) {
		free(f.auth);
		return NULL;
	}
	if (f.auth == NULL)
		return serve(s);
	if (strncmp(f.auth, "fifo:", 5) == 0)
		js = join_fifo(s, f.auth);
	else
		js = join_pipe(s, f.auth);
	if (js != NULL && !s->explicit_jobs && f.hint > 0)
		s->jobs = f.hint;
	free(f.auth);
	return js;
}

static void
on_readable(uv_poll_t *h, int status, int events)
{
	struct jobserver *js = h->data;

	(void)events;
	jobserver_cancel(js);
	if (status < 0)
		js->eof = 1;
	if (js->cb != NULL)
		js->cb(js->arg);
}

/* Watch the jobserver on the loop; 0, or a libuv error. */
int
jobserver_attach(struct jobserver *js, uv_loop_t *loop)
{
	int r;

	if ((r = uv_poll_init(loop, &js->poll, js->rfd)) != 0)
		return r;
	js->poll.data = js;
	js->loop = loop;
	js->attached = 1;
	return 0;
}

/* A token for one more job: JS_IMPLICIT, a byte, or -1 for none now. */
int
jobserver_take(struct jobserver *js)
{
	unsigned char b;
	ssize_t n;

	if (!js->implicit_out) {
		js->implicit_out = 1;
		return JS_IMPLICIT;
	}
	if (js->eof)
		return -1;
	n = read(js->rfd, &b, 1);
	if (n == 1) {
		js->held[b]++;
		js->nheld++;
		return b;
	}
	if (n == 0)
		js->eof = 1; /* make is gone: go on with what is held */
	/* EAGAIN: another client was quicker. */
	return -1;
}

static void
put_back(struct jobserver *js, unsigned char b)
{
	while (write(js->wfd, &b, 1) < 0 && errno == EINTR)
		;
	/* Any other failure: make is gone, nobody is left to count. */
}

/* A job ended: its token goes back at once. */
void
jobserver_give(struct jobserver *js, int tok)
{
	if (tok == JS_IMPLICIT) {
		js->implicit_out = 0;
		return;
	}
	if (tok < 0 || tok > 255 || js->held[tok] == 0)
		xpool_bug("giving back a jobserver token not taken: %d", tok);
	js->held[tok]--;
	js->nheld--;
	put_back(js, (unsigned char)tok);
}

/* Call cb once a token may be there (never, when none can come). */
void
jobserver_wait(struct jobserver *js, void (*cb)(void *), void *arg)
{
	js->cb = cb;
	js->arg = arg;
	if (js->eof || !js->attached || js->polling)
		return;
	if (uv_poll_start(&js->poll, UV_READABLE, on_readable) == 0)
		js->polling = 1;
}

/* No more waiting for a token. */
void
jobserver_cancel(struct jobserver *js)
{
	if (js != NULL && js->polling) {
		uv_poll_stop(&js->poll);
		js->polling = 0;
	}
}

/* Give back every token held: before xpool exits, however it exits. */
void
jobserver_return_all(struct jobserver *js)
{
	if (js == NULL)
		return;
	for (int b = 0; b < 256 && js->nheld > 0; b++)
		while (js->held[b] > 0) {
			js->held[b]--;
			js->nheld--;
			put_back(js, (unsigned char)b);
		}
}

/* Close the loop's handle; uv_run then finishes it. */
void
jobserver_close(struct jobserver *js)
{
	if (js == NULL)
		return;
	jobserver_return_all(js);
	if (js->attached) {
		uv_close((uv_handle_t *)&js->poll, NULL);
		js->attached = 0;
	}
}

void
jobserver_free(struct jobserver *js)
{
	if (js == NULL)
		return;
	jobserver_return_all(js);
	close(js->rfd);
	if (js->wfd != js->own[1])
		close(js->wfd);
	if (js->own[0] >= 0)
		close(js->own[0]);
	if (js->own[1] >= 0)
		close(js->own[1]);
	if (live == js)
		live = NULL;
	free(js);
}
