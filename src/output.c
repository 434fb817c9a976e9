/*
 * output.c -- ordered, grouped job output; the live job streams.
 *
 * Bytes travel in segments.  A job's held output is a list of segments per
 * stream; when its turn comes the list is moved, not copied, to the end of
 * the stream's queue.  A segment is either in memory or an extent of the
 * spool file; a spooled segment is read back a piece at a time when it
 * reaches the front of the queue, so spilled output never returns to
 * memory all at once.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "latest.h"
#include "output.h"
#include "queue.h"
#include "spool.h"
#include "sys.h"
#include "xmalloc.h"
#include "zfile.h"

#define READ_BACK (1024 * 1024) /* spooled bytes read back at a time */
#define HIGH_MARK (4 * 1024 * 1024) /* stop reading the live job */
#define LOW_MARK (1024 * 1024) /* read it again */
#define MAX_IOV 1024 /* IOV_MAX on Linux */

/* --color: a background and a text colour, then clear to the line's end. */
#define NCOLORS 307 /* GNU parallel's pairs; one more, red, for failures */
#define COLOR_LEN (sizeof("\033[48;5;000;38;5;000m\033[K") - 1)
#define RESET "\033[m"
typedef char color_seq[COLOR_LEN + 1];

enum sink_kind {
	SINK_DIRECT, /* a regular file or /dev/null: write(2) never waits */
	SINK_PIPE, /* written when poll says so, never more than fits */
	SINK_THREAD, /* anything else: uv_fs_write on the threadpool */
};

/* fd 1 or fd 2. */
struct sink {
	struct output *out;
	int fd;
	enum sink_kind kind;
	uv_poll_t poll; /* SINK_PIPE: fd is watched for room */
	int polling;
	size_t pipe_size;
	int grown; /* SINK_PIPE: tried to enlarge it once */
	struct queue q;
	int busy; /* a uv_fs_write is in flight */
	int dead; /* the reader is gone: drop everything */
	uv_fs_t req;
	uv_buf_t *iov; /* MAX_IOV of them, touched only when used */
	size_t niov;
	struct spool *spool;
	int waiting; /* bytes were queued during a batch */
};

/* --color-failed: xpool's own words, kept apart from what a job printed. */
struct note {
	struct note *next;
	int stream;
	size_t at; /* after this many bytes of the job's own on the stream */
	size_t len;
	char text[];
};

/*
 * A job with a colour (--color, --color-failed), or held until its end,
 * when its colour or its tag is known.  Other jobs have none, and pay one
 * test.
 */
struct style {
	const char *color; /* its colour, or NULL */
	int colored; /* lines get the colour, the tag, and a reset */
	int raw; /* held as printed until its colour or tag is known */
	int failed; /* --color-failed: the job failed */
	size_t rawlen[2]; /* ... bytes it printed so far */
	struct note *notes, *last_note; /* ... what xpool said meanwhile */
};

struct ojob {
	struct output *out;
	struct ojob *next;
	struct queue held[2];
	int spilled[2]; /* the stream goes straight to the spool */
	int bol[2]; /* the next byte starts a line */
	struct buf part[2]; /* --line-buffer: a line not yet complete */
	struct buf last[2]; /* --latest-line: the last complete line */
	unsigned long row; /* --latest-line: its row, or 0 before it prints */
	char *tag;
	size_t taglen;
	struct style *st; /* coloured, or held for its colour or tag; or NULL */
	int done;
	int deferred; /* held whole until it ends, even when live */
	int file; /* --files: the file its stdout goes to, or -1 */
	char *file_name;
};

struct output {
	uv_loop_t *loop;
	struct output_conf c;
	struct sink sink[2];
	struct ojob *first, *last; /* ordered: jobs not yet written */
	size_t held; /* bytes held in memory, all jobs */
	int congested;
	int failed; /* the spool failed: hold in memory from now on */
	int files_failed; /* a --files file failed: said once */
	int batch; /* output_batch() depth: writes wait for its end */
	struct buf tagged; /* output with its tags, on its way */
	color_seq *palette; /* --color, --color-failed: NCOLORS + 1 colours */
	struct blocks blocks; /* free BLOCKs, kept for reuse */
	struct ojob *spare; /* written jobs, kept for reuse */
	unsigned nspare;
	struct latest *lat[2]; /* --latest-line: each stream's rows */
	unsigned long next_row; /* ... the next job's, without -k */
};

#define KEPT_JOBS 4096

static void sink_kick(struct sink *);
static void sink_fail(struct sink *, int);
static void check_pressure(struct output *);

/* ---- the two streams --------------------------------------------------- */

static enum sink_kind
sink_kind_of(int fd)
{
	struct stat st, null;

	if (fstat(fd, &st) != 0)
		return SINK_THREAD;
	if (S_ISREG(st.st_mode))
		return SINK_DIRECT;
	if (S_ISCHR(st.st_mode) && stat("/dev/null", &null) == 0 &&
	    st.st_rdev == null.st_rdev)
		return SINK_DIRECT;
	return S_ISFIFO(st.st_mode) ? SINK_PIPE : SINK_THREAD;
}

static void sink_poll_cb(uv_poll_t *, int, int);

/*
 * A pipe on fd 1 or 2 is watched for room.  uv_poll_init() makes the fd
 * non-blocking, and that flag belongs to the open file description, which
 * the shell and other processes share: it is put back at once.  Writes then
 * never ask for more than the pipe has room for, so they never wait.
 */
static void
sink_watch(struct sink *s, uv_loop_t *loop)
{
	int flags = fcntl(s->fd, F_GETFL);
	int size = fcntl(s->fd, F_GETPIPE_SZ);

	if (flags < 0 || size <= 0 ||
	    uv_poll_init(loop, &s->poll, s->fd) != 0) {
		s->kind = SINK_THREAD;
		return;
	}
	(void)fcntl(s->fd, F_SETFL, flags);
	s->poll.data = s;
	s->pipe_size = (size_t)size;
}

/* Room in the pipe now: its size less what its reader has not read. */
static size_t
pipe_room(struct sink *s)
{
	int unread = 0;

	if (ioctl(s->fd, FIONREAD, &unread) != 0 || unread < 0)
		return 0;
	return (size_t)unread >= s->pipe_size ? 0
	                                      : s->pipe_size - (size_t)unread;
}

/*
 * The first time output fills the pipe, ask for a bigger one, the way pv
 * does: 64 KB pipes cost a wakeup per 64 KB.  Only ever grown, never
 * shrunk; where the system refuses (a user's pipe quota), it stays as is.
 */
static void
pipe_grow(struct sink *s)
{
	int size;

	s->grown = 1;
	if (s->pipe_size >= SYS_BIG_PIPE ||
	    fcntl(s->fd, F_SETPIPE_SZ, SYS_BIG_PIPE) < 0)
		return;
	size = fcntl(s->fd, F_GETPIPE_SZ);
	if (size > 0)
		s->pipe_size = (size_t)size;
}

static void
sink_poll_cb(uv_poll_t *h, int status, int events)
{
	struct sink *s = h->data;

	(void)events;
	uv_poll_stop(h);
	s->polling = 0;
	if (status < 0) {
		/*
		 * EPOLLERR on the write end of a pipe (which libuv reports
		 * as UV_EBADF) means its reader is gone: that is EPIPE.
		 */
		sink_fail(s, EPIPE);
		return;
	}
	sink_kick(s);
	check_pressure(s->out); /* the live job may read again */
}

static void
check_pressure(struct output *o)
{
	size_t q = o->sink[0].q.mem + o->sink[1].q.mem;

	if (!o->congested && q > HIGH_MARK)
		o->congested = 1;
	else if (o->congested && q < LOW_MARK) {
		o->congested = 0;
		if (o->c.drained != NULL)
			o->c.drained(o->c.arg);
	}
}

/* The stream is unusable: say so once, then drop what it is given. */
static void
sink_fail(struct sink *s, int err)
{
	struct output *o = s->out;

	s->dead = 1;
	queue_free(&s->q, s->spool);
	if (s->fd == STDOUT_FILENO && o->c.broken != NULL)
		o->c.broken(o->c.arg, err);
	check_pressure(o);
}

/* Drop written bytes from the front of the queue. */
static void
sink_consume(struct sink *s, size_t n)
{
	while (n > 0 && s->q.head != NULL) {
		struct seg *g = s->q.head;
		size_t left = g->len - g->off;

		if (n < left) {
			g->off += n;
			s->q.mem -= n;
			return;
		}
		n -= left;
		s->q.mem -= left;
		s->q.head = g->next;
		if (s->q.head == NULL)
			s->q.tail = NULL;
		seg_free(s->q.bl, g);
	}
}

/*
 * Bring the next piece of a spooled segment at the front into memory, as a
 * segment of its own before it.  Returns -1 if the spool cannot be read.
 */
static int
sink_read_back(struct sink *s)
{
	struct seg *g = s->q.head, *m;
	size_t want = g->len - g->off;
	ssize_t n;

	if (want > READ_BACK)
		want = READ_BACK;
	m = seg_new(s->q.bl, want);
	if (g->z != NULL)
		n = zfile_read(g->z, m->data, want);
	else
		n = spool_read(
		    s->spool, g->foff + (off_t)g->off, m->data, want);
	if (n <= 0) {
		int err = n < 0 ? errno : EIO;

		seg_free(s->q.bl, m);
		if (g->z != NULL)
			xpool_err("cannot read back held output through '%s': "
			          "%s; check --decompress-program",
			    zfile_program(g->z),
			    n < 0 ? strerror(err) : "it ended early");
		else
			xpool_err("cannot read back held output from a "
			          "temporary file in %s: %s",
			    spool_dir(s->spool), strerror(err));
		sink_fail(s, err);
		return -1;
	}
	m->len = (size_t)n;
	if (g->z == NULL)
		spool_release(s->spool, g->foff + (off_t)g->off, (size_t)n);
	g->off += (size_t)n;
	m->next = g;
	s->q.head = m;
	s->q.mem += m->len;
	if (g->off == g->len) {
		m->next = g->next;
		if (s->q.tail == g)
			s->q.tail = m;
		seg_free(s->q.bl, g);
	}
	return 0;
}

/* Point the iovecs at the segments in memory at the front. */
static size_t
sink_gather(struct sink *s)
{
	size_t total = 0;

	s->niov = 0;
	for (struct seg *g = s->q.head;
	     g != NULL && g->data != NULL && s->niov < MAX_IOV; g = g->next) {
		if (g->len == g->off)
			continue;
		s->iov[s->niov++] = uv_buf_init(
		    g->data + g->off, (unsigned int)(g->len - g->off));
		total += g->len - g->off;
	}
	return total;
}

/* Cut the gathered iovecs down to room bytes; 0 if there is no room. */
static int
sink_fit(struct sink *s, size_t room)
{
	size_t total = 0;

	if (room == 0)
		return 0;
	for (size_t i = 0; i < s->niov; i++) {
		if (total + s->iov[i].len >= room) {
			s->iov[i].len = (unsigned int)(room - total);
			s->niov = i + 1;
			break;
		}
		total += s->iov[i].len;
	}
	return 1;
}

static void
sink_written(uv_fs_t *req)
{
	struct sink *s = req->data;
	ssize_t r = req->result;

	uv_fs_req_cleanup(req);
	s->busy = 0;
	if (s->dead) {
		queue_free(&s->q, s->spool);
		return;
	}
	if (r < 0) {
		if (r != UV_EINTR && r != UV_EAGAIN) {
			sink_fail(s, -(int)r);
			return;
		}
	} else
		sink_consume(s, (size_t)r);
	check_pressure(s->out);
	sink_kick(s);
}

/* Write what is queued, unless a write is already in flight. */
static void
sink_kick(struct sink *s)
{
	int r;

	while (!s->busy && !s->dead && s->q.head != NULL) {
		if (s->q.head->data == NULL) {
			if (sink_read_back(s) != 0)
				return;
			continue;
		}
		if (sink_gather(s) == 0) {
			/* An empty segment at the front: drop it. */
			struct seg *g = s->q.head;

			s->q.head = g->next;
			if (s->q.head == NULL)
				s->q.tail = NULL;
			seg_free(s->q.bl, g);
			continue;
		}
		if (s->kind != SINK_THREAD) {
			ssize_t n;

			if (s->kind == SINK_PIPE && !s->grown &&
			    pipe_room(s) < s->q.mem)
				pipe_grow(s);
			if (s->kind == SINK_PIPE &&
			    !sink_fit(s, pipe_room(s))) {
				if (!s->polling) {
					s->polling = 1;
					uv_poll_start(&s->poll, UV_WRITABLE,
					    sink_poll_cb);
				}
				return;
			}
			n = writev(s->fd, (struct iovec *)s->iov, (int)s->niov);
			if (n < 0) {
				if (errno == EINTR || errno == EAGAIN)
					continue;
				sink_fail(s, errno);
				return;
			}
			sink_consume(s, (size_t)n);
			continue;
		}
		r = uv_fs_write(s->out->loop, &s->req, s->fd, s->iov,
		    (unsigned int)s->niov, -1, sink_written);
		if (r != 0) {
			sink_fail(s, -r);
			return;
		}
		s->busy = 1;
	}
}

/* Write the stream's queue now, or at the end of the current batch. */
static void
sink_request(struct sink *s)
{
	if (s->out->batch > 0)
		s->waiting = 1;
	else
		sink_kick(s);
}

/*
 * Between output_batch() and output_flush(), bytes are queued but not
 * written: the caller is about to give more (a worker's answers to many
 * items in one read, the jobs that finished behind the live one), and one
 * write for all of them costs a system call instead of one per job.
 * Batches nest.
 */
void
output_batch(struct output *o)
{
	o->batch++;
}

void
output_flush(struct output *o)
{
	if (o->batch > 0 && --o->batch > 0)
		return;
	output_now(o);
}

/* Write what a batch has queued so far, the batch going on. */
void
output_now(void *arg)
{
	struct output *o = arg;

	for (int i = 0; i < 2; i++)
		if (o->sink[i].waiting) {
			o->sink[i].waiting = 0;
			sink_kick(&o->sink[i]);
		}
	check_pressure(o);
}

/* ---- jobs -------------------------------------------------------------- */

/* GNU parallel's order of its colours: neighbours unlike each other. */
static int
color_order(const void *a, const void *b)
{
	int x = *(const short *)a, y = *(const short *)b;

	if (x % 23 != y % 23)
		return x % 23 - y % 23;
	if (x % 7 != y % 7)
		return y % 7 - x % 7;
	return x - y; /* Perl's sort keeps the order of equals */
}

static void
color_fmt(color_seq s, unsigned char bg, unsigned char fg)
{
	snprintf(s, sizeof(color_seq), "\033[48;5;%03u;38;5;%03um\033[K",
	    (unsigned)bg, (unsigned)fg);
}

/*
 * GNU parallel's colours: the 256-colour backgrounds that black text
 * (colour 0) can be read on, then those that white text (231) can, in
 * color_order(); and white on red (196) for --color-failed.
 */
static color_seq *
palette_new(void)
{
	static const short black[][2] = { { 6, 7 }, { 9, 11 }, { 13, 15 },
		{ 40, 51 }, { 75, 87 }, { 113, 123 }, { 147, 159 },
		{ 171, 182 }, { 185, 231 }, { 249, 254 } };
	static const short white[][2] = { { 1, 9 }, { 12, 13 }, { 16, 45 },
		{ 52, 81 }, { 88, 114 }, { 124, 149 }, { 160, 178 },
		{ 180, 180 }, { 182, 184 }, { 196, 214 }, { 232, 250 } };
	unsigned char bg[NCOLORS], fg[NCOLORS];
	short order[NCOLORS];
	color_seq *p = xmalloc((NCOLORS + 1) * sizeof(*p));
	int n = 0;

	for (size_t i = 0; i < sizeof(black) / sizeof(black[0]); i++)
		for (short k = black[i][0]; k <= black[i][1]; k++, n++) {
			bg[n] = (unsigned char)k;
			fg[n] = 0;
		}
	for (size_t i = 0; i < sizeof(white) / sizeof(white[0]); i++)
		for (short k = white[i][0]; k <= white[i][1]; k++, n++) {
			bg[n] = (unsigned char)k;
			fg[n] = 231;
		}
	for (short i = 0; i < NCOLORS; i++)
		order[i] = i;
	qsort(order, NCOLORS, sizeof(order[0]), color_order);
	for (int i = 0; i < NCOLORS; i++)
		color_fmt(p[i], bg[order[i]], fg[order[i]]);
	color_fmt(p[NCOLORS], 196, 231);
	return p;
}

struct output *
output_new(uv_loop_t *loop, const struct output_conf *c)
{
	struct output *o = xcalloc(1, sizeof(*o));

	o->loop = loop;
	o->c = *c;
	if (c->color || c->color_failed)
		o->palette = palette_new();
	for (int i = 0; i < 2; i++) {
		o->sink[i].out = o;
		o->sink[i].q.bl = &o->blocks;
		o->sink[i].fd = i + 1;
		o->sink[i].kind = sink_kind_of(i + 1);
		if (o->sink[i].kind == SINK_PIPE)
			sink_watch(&o->sink[i], loop);
		o->sink[i].req.data = &o->sink[i];
		o->sink[i].iov = xmalloc(MAX_IOV * sizeof(uv_buf_t));
		o->sink[i].spool = spool_new(c->tmpdir);
		if (c->latest)
			o->lat[i] = latest_for_tty();
	}
	o->next_row = 1;
	return o;
}

static void
notes_free(struct style *st)
{
	while (st->notes != NULL) {
		struct note *n = st->notes;

		st->notes = n->next;
		free(n);
	}
	st->last_note = NULL;
}

/* The job's style, made when it first needs one. */
static struct style *
style_of(struct ojob *j)
{
	if (j->st == NULL)
		j->st = xcalloc(1, sizeof(*j->st));
	return j->st;
}

static void
bufs_free(struct ojob *j)
{
	for (int i = 0; i < 2; i++) {
		buf_free(&j->part[i]);
		buf_free(&j->last[i]);
	}
}

/* A job that is written: kept for the next one (a job or an item each). */
static void
ojob_free(struct ojob *j)
{
	struct output *o = j->out;

	for (int i = 0; i < 2; i++) {
		queue_free(&j->held[i], o->sink[i].spool);
		buf_reset(&j->part[i]);
	}
	free(j->tag);
	if (j->st != NULL) {
		notes_free(j->st);
		free(j->st);
	}
	if (j->file >= 0)
		(void)close(j->file);
	free(j->file_name);
	if (o->nspare < KEPT_JOBS) {
		j->next = o->spare;
		o->spare = j;
		o->nspare++;
		return;
	}
	bufs_free(j);
	free(j);
}

void
output_free(struct output *o)
{
	struct ojob *j, *n;

	if (o == NULL)
		return;
	for (j = o->first; j != NULL; j = n) {
		n = j->next;
		ojob_free(j);
	}
	for (int i = 0; i < 2; i++) {
		queue_free(&o->sink[i].q, o->sink[i].spool);
		spool_free(o->sink[i].spool);
		free(o->sink[i].iov);
	}
	buf_free(&o->tagged);
	free(o->palette);
	latest_free(o->lat[0]);
	latest_free(o->lat[1]);
	blocks_free(&o->blocks);
	while (o->spare != NULL) {
		j = o->spare;
		o->spare = j->next;
		bufs_free(j);
		free(j);
	}
	free(o);
}

/* --files: the output of the job failed; say so once, stop the run. */
static void
file_failed(struct ojob *j, const char *what, int err)
{
	struct output *o = j->out;

	if (j->file >= 0)
		(void)close(j->file);
	j->file = -1;
	if (o->files_failed)
		return;
	o->files_failed = 1;
	xpool_err("--files: cannot %s '%s': %s; give a directory with room in "
	          "--tmpdir",
	    what, j->file_name, strerror(err));
	if (o->c.files_failed != NULL)
		o->c.files_failed(o->c.arg);
}

/* --files: the file of the job's stdout, named as GNU parallel names it. */
static void
file_open(struct ojob *j)
{
	struct buf b = BUF_INIT;
	const char *dir = j->out->c.tmpdir;

	buf_printf(&b, "%s%sparXXXXXX.par", dir,
	    dir[0] && dir[strlen(dir) - 1] == '/' ? "" : "/");
	j->file_name = buf_detach(&b);
	j->file = mkostemps(j->file_name, 4, O_CLOEXEC);
	if (j->file < 0)
		file_failed(j, "create", errno);
}

/* --files: bytes of the job's stdout to its file. */
static void
file_write(struct ojob *j, const char *p, size_t len)
{
	while (len > 0 && j->file >= 0) {
		ssize_t n = write(j->file, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			file_failed(j, "write to", errno);
			return;
		}
		p += n;
		len -= (size_t)n;
	}
}

/* The tag and the TAB put before each line. */
static void
set_tag(struct ojob *j, const char *tag, size_t taglen)
{
	j->tag = xmalloc(taglen + 1);
	memcpy(j->tag, tag, taglen);
	j->tag[taglen] = '\t';
	j->taglen = taglen + 1;
}

/*
 * Register the next job; jobs are registered in input order.  tag, when
 * not NULL, is put before every line the job prints.
 */
struct ojob *
output_job(struct output *o, const char *tag, size_t taglen)
{
	struct ojob *j = o->spare;

	if (j != NULL) {
		struct buf part[2] = { j->part[0], j->part[1] };
		struct buf last[2] = { j->last[0], j->last[1] };

		o->spare = j->next;
		o->nspare--;
		memset(j, 0, sizeof(*j));
		memcpy(j->part, part, sizeof(part));
		memcpy(j->last, last, sizeof(last));
	} else
		j = xcalloc(1, sizeof(*j));
	j->out = o;
	j->file = -1;
	if (o->c.files)
		file_open(j);
	j->bol[0] = j->bol[1] = 1;
	j->held[0].bl = j->held[1].bl = &o->blocks;
	if (tag != NULL)
		set_tag(j, tag, taglen);
	if (o->palette != NULL) {
		style_of(j)->colored = o->c.color;
		/* --color-failed: the colour is known when the job ends. */
		if (o->c.color_failed && o->c.mode != OUT_LINES)
			j->st->raw = j->deferred = 1;
	}
	buf_reset(&j->last[0]);
	buf_reset(&j->last[1]);
	if (o->c.mode == OUT_ORDERED) {
		if (o->last)
			o->last->next = j;
		else
			o->first = j;
		o->last = j;
	}
	return j;
}

/* Whether the job's output goes out as it arrives. */
int
output_live(const struct ojob *j)
{
	return j->out->c.mode != OUT_UNORDERED && !j->deferred &&
	    (j->out->c.mode == OUT_LINES || j->out->first == j);
}

/*
 * Hold the job's output whole until it ends, even when its turn has come:
 * a job that may be run again (--retries) shows only its last try.
 */
void
output_defer(struct ojob *j)
{
	j->deferred = 1;
}

/* --color: the job's number, which chooses its colour. */
void
output_color(struct ojob *j, unsigned long seq)
{
	style_of(j)->color = j->out->palette[seq % NCOLORS];
}

/* --latest-line -k: the job's row is its number. */
void
output_row(struct ojob *j, unsigned long seq)
{
	j->row = seq;
}

/* --color-failed: the job failed; its lines are to be red. */
void
output_failed(struct ojob *j)
{
	style_of(j)->failed = 1;
}

/* Hold the job's output as printed: its tag is made again when it ends. */
void
output_hold(struct ojob *j)
{
	style_of(j)->raw = j->deferred = 1;
}

/* The job's tag, made again (after output_hold(), before output_end()). */
void
output_retag(struct ojob *j, const char *tag, size_t taglen)
{
	free(j->tag);
	set_tag(j, tag, taglen);
}

/* Forget what the job printed so far: it is going to be run again. */
void
output_reset(struct ojob *j)
{
	struct output *o = j->out;

	for (int i = 0; i < 2; i++) {
		o->held -= j->held[i].mem;
		queue_free(&j->held[i], o->sink[i].spool);
		j->spilled[i] = 0;
		j->bol[i] = 1;
		buf_reset(&j->part[i]);
	}
	if (j->st != NULL) {
		j->st->rawlen[0] = j->st->rawlen[1] = 0;
		notes_free(j->st);
	}
	if (j->file >= 0 &&
	    (ftruncate(j->file, 0) != 0 || lseek(j->file, 0, SEEK_SET) != 0))
		file_failed(j, "empty", errno);
}

/* The spool or the compressor failed: hold in memory from now on. */
static void
spill_failed(struct output *o, int err)
{
	o->failed = 1;
	if (o->c.spill_failed != NULL)
		o->c.spill_failed(o->c.arg, err);
}

/*
 * --compress: bytes of a held stream to the compressor, started when they
 * are the first; 0, or an errno value once the compressor is lost.
 */
static int
squeeze(struct ojob *j, int stream, const char *p, size_t len)
{
	struct output *o = j->out;
	struct queue *q = &j->held[stream];
	struct seg *t = q->tail;
	int r;

	if (t == NULL || t->z == NULL) {
		struct zfile *z =
		    zfile_new(o->c.tmpdir, o->c.compress, o->c.decompress, &r);

		if (z == NULL)
			return r;
		t = xcalloc(1, sizeof(*t));
		t->z = z;
		queue_push(q, t);
	}
	if ((r = zfile_write(t->z, p, len)) != 0) {
		xpool_err("cannot compress held output with '%s': %s; check "
		          "--compress-program",
		    o->c.compress, strerror(r));
		return 0; /* the bytes are lost: reading back says so */
	}
	t->len += len;
	return 0;
}

/* --compress: the held stream's bytes in memory to the compressor. */
static void
spill_compressed(struct ojob *j, int stream)
{
	struct output *o = j->out;
	struct queue *q = &j->held[stream];
	struct seg *g = q->head, *n;
	int r = 0;

	q->head = q->tail = NULL;
	q->mem = 0;
	for (; g != NULL; g = n) {
		n = g->next;
		if ((r = squeeze(
		         j, stream, g->data + g->off, g->len - g->off)) != 0)
			break;
		o->held -= g->len - g->off;
		seg_free(q->bl, g);
	}
	if (r == 0) {
		j->spilled[stream] = 1;
		return;
	}
	/* The compressor could not start: keep it all in memory. */
	for (; g != NULL; g = n) {
		n = g->next;
		queue_push(q, g);
	}
	spill_failed(o, r);
}

/* Move a held stream to the spool; from now on its bytes go there. */
static void
spill(struct ojob *j, int stream)
{
	struct output *o = j->out;
	struct spool *sp = o->sink[stream].spool;
	struct queue *q = &j->held[stream];
	struct queue keep = { NULL, NULL, 0, q->bl };
	struct seg *g, *n;

	for (g = q->head; g != NULL; g = n) {
		off_t at;
		int r;

		n = g->next;
		if (g->data == NULL) {
			queue_push(&keep, g);
			continue;
		}
		r = spool_append(sp, g->data + g->off, g->len - g->off, &at);
		if (r != 0) {
			spill_failed(o, r);
			/* Keep the rest in memory. */
			for (; g != NULL; g = n) {
				n = g->next;
				queue_push(&keep, g);
			}
			break;
		}
		o->held -= g->len - g->off;
		seg_free_data(q->bl, g);
		g->foff = at;
		g->len -= g->off;
		g->off = 0;
		queue_push(&keep, g);
	}
	*q = keep;
	j->spilled[stream] = !o->failed;
}

/* Hold bytes for a job whose turn has not come. */
static void
hold(struct ojob *j, int stream, const char *p, size_t len)
{
	struct output *o = j->out;
	struct queue *q = &j->held[stream];
	int r;

	if (j->spilled[stream] && !o->failed && o->c.compress != NULL) {
		if ((r = squeeze(j, stream, p, len)) == 0)
			return;
		spill_failed(o, r);
	} else if (j->spilled[stream] && !o->failed) {
		struct spool *sp = o->sink[stream].spool;
		struct seg *t = q->tail;
		off_t at;

		if (t != NULL && t->data == NULL &&
		    spool_extend(sp, t->foff, t->len)) {
			if ((r = spool_append(sp, p, len, &at)) == 0) {
				t->len += len;
				return;
			}
		} else if ((r = spool_append(sp, p, len, &at)) == 0) {
			struct seg *g = xcalloc(1, sizeof(*g));

			g->foff = at;
			g->len = len;
			queue_push(q, g);
			return;
		}
		spill_failed(o, r);
	}
	queue_add(q, p, len);
	o->held += len;
	if (o->held > o->c.buffer && !o->failed) {
		if (o->c.compress != NULL)
			spill_compressed(j, stream);
		else
			spill(j, stream);
	}
}

static void
put(struct ojob *j, int stream, const char *p, size_t len)
{
	struct output *o = j->out;

	if (o->sink[stream].dead || len == 0 || (o->c.drop >> stream & 1))
		return;
	if (output_live(j)) {
		queue_add(&o->sink[stream].q, p, len);
		sink_request(&o->sink[stream]);
		check_pressure(o);
	} else
		hold(j, stream, p, len);
}

/* Put bytes, with the job's tag before each line, in one piece. */
static void
put_tagged(struct ojob *j, int stream, const char *p, size_t len)
{
	struct buf *t = &j->out->tagged;

	buf_reset(t);
	while (len > 0) {
		const char *nl;
		size_t n;

		if (j->bol[stream])
			buf_add(t, j->tag, j->taglen);
		nl = memchr(p, '\n', len);
		n = nl ? (size_t)(nl - p) + 1 : len;
		buf_add(t, p, n);
		j->bol[stream] = nl != NULL;
		p += n;
		len -= n;
	}
	put(j, stream, t->data, t->len);
}

/* The colour (if any) and the tag (if any) that begin a coloured line. */
static void
line_start(struct ojob *j, struct buf *t)
{
	if (j->st->color != NULL)
		buf_add(t, j->st->color, COLOR_LEN);
	if (j->tag != NULL)
		buf_add(t, j->tag, j->taglen);
}

/*
 * Put bytes in the job's colour, as GNU parallel does: each line, and the
 * text after each carriage return, begins with the colour and the tag, and
 * each newline and carriage return has a reset before it.
 */
static void
put_colored(struct ojob *j, int stream, const char *p, size_t len)
{
	struct buf *t = &j->out->tagged;
	const char *end = p + len;
	size_t rlen = j->st->color != NULL ? sizeof(RESET) - 1 : 0;

	buf_reset(t);
	while (p < end) {
		const char *q = p;

		if (j->bol[stream])
			line_start(j, t);
		j->bol[stream] = 0;
		while (q < end && *q != '\n' && *q != '\r')
			q++;
		buf_add(t, p, (size_t)(q - p));
		if (q == end)
			break;
		buf_add(t, RESET, rlen);
		buf_addc(t, *q);
		if (*q == '\n')
			j->bol[stream] = 1;
		else
			line_start(j, t);
		p = q + 1;
	}
	put(j, stream, t->data, t->len);
}

/* Put bytes with the job's tag, if it has one, and no colour. */
static void
put_plain(struct ojob *j, int stream, const char *p, size_t len)
{
	if (j->tag != NULL)
		put_tagged(j, stream, p, len);
	else
		put(j, stream, p, len);
}

/* Put bytes as the job's lines look: coloured, tagged, or as they are. */
static void
put_styled(struct ojob *j, int stream, const char *p, size_t len)
{
	if (j->st != NULL && j->st->colored)
		put_colored(j, stream, p, len);
	else
		put_plain(j, stream, p, len);
}

static void
put_job(struct ojob *j, int stream, const char *p, size_t len)
{
	if (j->st == NULL)
		put_plain(j, stream, p, len);
	else if (j->st->raw) {
		j->st->rawlen[stream] += len;
		put(j, stream, p, len);
	} else
		put_styled(j, stream, p, len);
}

/* Bytes xpool draws on a stream, whatever the job's turn. */
static void
emit(struct output *o, int stream, const struct buf *b)
{
	if (o->sink[stream].dead || b->len == 0 || (o->c.drop >> stream & 1))
		return;
	queue_add(&o->sink[stream].q, b->data, b->len);
	sink_request(&o->sink[stream]);
	check_pressure(o);
}

/* --latest-line: the job's row as it looks now, drawn; or as it ends. */
static void
latest_show(struct ojob *j, int stream, int end)
{
	struct output *o = j->out;
	struct buf *t = &o->tagged;
	const struct buf *l = &j->last[stream];
	struct latest_row r = { j->tag, j->taglen, NULL, NULL,
		l->data != NULL ? l->data : "", l->len };

	if (j->row == 0)
		j->row = o->next_row++;
	if (j->st != NULL && j->st->failed && o->c.color_failed) {
		r.color = o->palette[NCOLORS];
		r.reset = RESET;
	} else if (j->st != NULL && j->st->colored && j->st->color != NULL) {
		r.color = j->st->color;
		r.reset = RESET;
	}
	buf_reset(t);
	if (end)
		latest_done(o->lat[stream], j->row, &r, t);
	else
		latest_draw(o->lat[stream], j->row, &r, t);
	emit(o, stream, t);
}

/*
 * --latest-line: the job's last complete line (ended by a newline, or a
 * carriage return) is kept, and its row drawn, as GNU parallel does.
 */
static void
latest_add(struct ojob *j, int stream, const char *p, size_t len)
{
	struct buf *part = &j->part[stream], *last = &j->last[stream];
	const char *e = memrchr(p, '\n', len);
	const char *s, *from, *to;

	if (e == NULL)
		e = memrchr(p, '\r', len);
	if (e == NULL) {
		buf_add(part, p, len);
	} else {
		/* The text before the last end, and its last line. */
		buf_add(part, p, (size_t)(e - p));
		from = part->data;
		to = part->data + part->len;
		for (s = to; s > from && s[-1] != '\n' && s[-1] != '\r'; s--)
			;
		buf_reset(last);
		buf_add(last, s, (size_t)(to - s));
		buf_reset(part);
		buf_add(part, e + 1, len - (size_t)(e - p) - 1);
	}
	latest_show(j, stream, 0);
}

/* Bytes the job printed on its fd 1 (stream 0) or fd 2 (stream 1). */
void
output_add(struct ojob *j, int stream, const char *p, size_t len)
{
	struct buf *part = &j->part[stream];
	const char *nl;

	if (j->out->sink[stream].dead)
		return;
	if (stream == 0 && j->out->c.files) {
		file_write(j, p, len);
		return;
	}
	if (j->out->c.mode != OUT_LINES) {
		put_job(j, stream, p, len);
		return;
	}
	if (j->out->c.latest) {
		latest_add(j, stream, p, len);
		return;
	}
	/* Whole lines only; the rest waits for its newline. */
	nl = memrchr(p, '\n', len);
	if (nl == NULL) {
		buf_add(part, p, len);
		return;
	}
	if (part->len > 0) {
		buf_add(part, p, (size_t)(nl - p) + 1);
		put_job(j, stream, part->data, part->len);
		buf_reset(part);
	} else
		put_job(j, stream, p, (size_t)(nl - p) + 1);
	buf_add(part, nl + 1, len - (size_t)(nl - p) - 1);
}

/* xpool's own words about the job (-v, why it failed): never tagged. */
void
output_note(struct ojob *j, int stream, const char *p, size_t len)
{
	struct note *n;

	if (j->st == NULL || !j->st->raw) {
		put(j, stream, p, len);
		return;
	}
	n = xmalloc(sizeof(*n) + len);
	n->next = NULL;
	n->stream = stream;
	n->at = j->st->rawlen[stream];
	n->len = len;
	memcpy(n->text, p, len);
	if (j->st->last_note != NULL)
		j->st->last_note->next = n;
	else
		j->st->notes = n;
	j->st->last_note = n;
}

/* A held job's own bytes from offset at, with xpool's words where they were. */
static void
restyle_bytes(struct ojob *j, int stream, const char *p, size_t len, size_t *at,
    struct note **n)
{
	while (len > 0 || (*n != NULL && (*n)->at <= *at)) {
		size_t k = len;

		for (; *n != NULL && (*n)->stream != stream; *n = (*n)->next)
			;
		if (*n != NULL && (*n)->at <= *at) {
			put(j, stream, (*n)->text, (*n)->len);
			*n = (*n)->next;
			continue;
		}
		if (*n != NULL && (*n)->at - *at < k)
			k = (*n)->at - *at;
		put_styled(j, stream, p, k);
		p += k;
		len -= k;
		*at += k;
	}
}

/*
 * The job has ended and its colour (--color-failed) or its tag is known.
 * What it printed was held as it came; it is put again, coloured or
 * tagged, with xpool's words where they were.  Spooled output is read back
 * a piece at a time.
 */
static void
restyle(struct ojob *j, int stream)
{
	struct output *o = j->out;
	struct queue q = j->held[stream];
	struct spool *sp = o->sink[stream].spool;
	struct note *n = j->st->notes;
	char *back = NULL;
	size_t at = 0;
	struct seg *g, *next;
	int err = 0;

	o->held -= q.mem;
	j->held[stream].head = j->held[stream].tail = NULL;
	j->held[stream].mem = 0;
	for (g = q.head; g != NULL; g = next) {
		next = g->next;
		if (g->data != NULL)
			restyle_bytes(j, stream, g->data + g->off,
			    g->len - g->off, &at, &n);
		for (size_t off = g->off;
		     g->data == NULL && !err && off < g->len;) {
			size_t want =
			    g->len - off < READ_BACK ? g->len - off : READ_BACK;
			ssize_t r;

			if (back == NULL)
				back = xmalloc(READ_BACK);
			r = spool_read(sp, g->foff + (off_t)off, back, want);
			if (r <= 0) {
				err = r < 0 ? errno : EIO;
				break;
			}
			restyle_bytes(j, stream, back, (size_t)r, &at, &n);
			off += (size_t)r;
		}
		if (g->data == NULL)
			spool_release(
			    sp, g->foff + (off_t)g->off, g->len - g->off);
		seg_free(q.bl, g);
	}
	free(back);
	if (err != 0) {
		xpool_err("cannot read back held output from a temporary file "
		          "in %s: %s",
		    spool_dir(sp), strerror(err));
		sink_fail(&o->sink[stream], err);
		return;
	}
	restyle_bytes(j, stream, NULL, 0, &at, &n);
}

static void
flush_held(struct ojob *j)
{
	struct output *o = j->out;

	for (int i = 0; i < 2; i++) {
		/* Nothing more goes into its compressor: let it finish. */
		if (j->held[i].tail != NULL && j->held[i].tail->z != NULL)
			zfile_seal(j->held[i].tail->z);
		o->held -= j->held[i].mem;
		queue_splice(&o->sink[i].q, &j->held[i]);
		sink_request(&o->sink[i]);
	}
	check_pressure(o);
}

/* The job will print nothing more. */
void
output_end(struct ojob *j)
{
	struct output *o = j->out;

	j->done = 1;
	if (j->st != NULL && j->st->raw) {
		j->st->raw = 0;
		if (o->c.color_failed && o->c.mode != OUT_LINES) {
			j->st->colored = 1;
			if (j->st->failed)
				j->st->color = o->palette[NCOLORS];
			else if (!o->c.color)
				j->st->color = NULL;
		}
		for (int i = 0; i < 2; i++)
			restyle(j, i);
	}
	if (j->file >= 0) {
		if (close(j->file) != 0)
			file_failed(j, "write to", errno);
		j->file = -1;
		if (!o->files_failed) {
			put_plain(j, 0, j->file_name, strlen(j->file_name));
			put_plain(j, 0, "\n", 1);
		}
	}
	for (int i = 0; i < 2 && o->c.latest; i++)
		if (j->row != 0 && (j->last[i].len > 0 || j->part[i].len > 0)) {
			/* A last line with no newline is the latest. */
			if (j->part[i].len > 0) {
				buf_reset(&j->last[i]);
				buf_add(&j->last[i], j->part[i].data,
				    j->part[i].len);
				buf_reset(&j->part[i]);
			}
			latest_show(j, i, 1);
		}
	for (int i = 0; i < 2; i++)
		if (j->part[i].len > 0) {
			/* A last line with no newline: GNU parallel's --lb
			 * gives it its tag, not its colour. */
			put_plain(j, i, j->part[i].data, j->part[i].len);
			buf_reset(&j->part[i]);
		}
	/* A coloured last line with no newline is given one. */
	for (int i = 0;
	     i < 2 && j->st != NULL && j->st->colored && o->c.mode != OUT_LINES;
	     i++)
		if (!j->bol[i]) {
			const char *nl =
			    j->st->color != NULL ? RESET "\n" : "\n";

			put(j, i, nl, strlen(nl));
		}
	if (o->c.mode != OUT_ORDERED) {
		flush_held(j);
		ojob_free(j);
		return;
	}
	/* Write every finished job at the front, then make the next live. */
	output_batch(o);
	while (o->first != NULL && o->first->done) {
		struct ojob *f = o->first;

		flush_held(f);
		o->first = f->next;
		if (o->first == NULL)
			o->last = NULL;
		ojob_free(f);
	}
	if (o->first != NULL && !o->first->deferred)
		flush_held(o->first);
	output_flush(o);
}

/* Close the handles the output holds; output_free() after uv_run. */
void
output_close(struct output *o)
{
	for (int i = 0; i < 2; i++)
		if (o->sink[i].kind == SINK_PIPE)
			uv_close((uv_handle_t *)&o->sink[i].poll, NULL);
}

/* Whether the live jobs should wait for the writer to catch up. */
int
output_congested(const struct output *o)
{
	return o->congested;
}

/* Drop everything: the run is being abandoned. */
void
output_discard(struct output *o)
{
	for (int i = 0; i < 2; i++) {
		if (!o->sink[i].busy)
			queue_free(&o->sink[i].q, o->sink[i].spool);
		o->sink[i].dead = 1;
	}
}

/* Nothing is queued or being written. */
int
output_idle(const struct output *o)
{
	return !o->sink[0].busy && !o->sink[1].busy &&
	    o->sink[0].q.head == NULL && o->sink[1].q.head == NULL;
}
