/*
 * records.c -- the joblog, --results and --junit, and reading a joblog back.
 *
 * The formats are described in records.h.  Output that a record file needs
 * at the end of a job is captured per job: the first conf.hold bytes in
 * memory, the rest in extents of one shared spill file (spool.c).  Text is
 * spelt for each format by recenc.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "recenc.h"
#include "records.h"
#include "spool.h"
#include "xmalloc.h"

#define HOLD_DEFAULT (64 * 1024) /* output bytes per job kept in memory */
#define FLUSH_AT (1024 * 1024) /* a record larger than this is streamed */
#define CHUNK (64 * 1024) /* spilled output read back at a time */

static const char joblog_header[] = "Seq\tHost\tStarttime\tJobRuntime\tSend\t"
                                    "Receive\tExitval\tSignal\tCommand";

enum { RES_NONE, RES_DIR, RES_JSON, RES_CSV, RES_TSV };

/* Spilled bytes of one stream: a run of the spill file. */
struct ext {
	off_t off;
	size_t len;
};

/* One stream of a job, captured for a record written at its end. */
struct rec_cap {
	struct buf mem; /* the first bytes */
	struct ext *ext; /* then these, in order */
	size_t next;
	size_t aext;
	int special; /* a CSV field must be quoted */
};

struct rec_job {
	struct records *r;
	struct rec_job *prev;
	struct rec_job *next;
	unsigned long seq;
	char **val; /* the input values, for JSON and CSV */
	size_t *vlen;
	size_t nval;
	char *dir; /* --results DIR: the job's directory under it */
	int fd[2]; /* --results DIR: its stdout and stderr files */
	int werr; /* errno of a failed write to fd[] */
	int cerr; /* errno of a failed spill */
	unsigned long long nbytes[2]; /* bytes seen on each stream */
	size_t held; /* bytes held in memory, both streams */
	struct rec_cap cap[2];
};

struct records {
	char *jl_name; /* --joblog */
	int jl_fd;
	int res_kind; /* --results */
	char *res_name;
	int res_fd; /* the results file */
	int res_dirfd; /* the results directory */
	size_t name_max;
	int csv_head; /* the CSV header line is still to be written */
	char *ju_name; /* --junit */
	int ju_fd;
	struct spool *ju_body; /* the test cases written so far */
	off_t ju_len;
	int ju_err;
	unsigned long ju_tests;
	unsigned long ju_failures;
	double ju_first; /* the earliest start, the latest end */
	double ju_last;
	double opened;
	int capture; /* output is held for records written at the end */
	size_t hold;
	struct spool *spill; /* captured output past hold */
	char **header;
	size_t nheader;
	size_t nsources;
	struct rec_job *live; /* begun, not yet ended */
	struct buf rec; /* the record being built */
	char *chunk; /* CHUNK bytes to read spilled output into */
};

/* ---- writing ---------------------------------------------------------- */

/*
 * Write all of it.  A regular file takes it in one write(2); fd 1 may be a
 * non-blocking pipe shared with libuv, so EAGAIN waits for room.
 */
static int
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0) {
			struct pollfd pfd;

			if (errno == EINTR)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				return -1;
			pfd.fd = fd;
			pfd.events = POLLOUT;
			pfd.revents = 0;
			if (poll(&pfd, 1, -1) < 0 && errno != EINTR)
				return -1;
			continue;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static double
now(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_REALTIME, &ts) != 0)
		return 0;
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- where a record goes ------------------------------------------------ */

/* A record on its way to a file descriptor, or to the JUnit body. */
struct sink {
	struct records *r;
	int fd; /* -1: the JUnit body */
	int err; /* errno of the first failed write */
};

static void
sink_flush(struct sink *s)
{
	struct buf *b = &s->r->rec;
	off_t at;
	int e;

	if (b->len > 0 && s->err == 0) {
		if (s->fd >= 0) {
			if (write_all(s->fd, b->data, b->len) != 0)
				s->err = errno;
		} else if ((e = spool_append(
		                s->r->ju_body, b->data, b->len, &at)) != 0)
			s->err = e;
		else
			s->r->ju_len += (off_t)b->len;
	}
	buf_reset(b);
}

static void
sink_check(struct sink *s)
{
	if (s->r->rec.len >= FLUSH_AT)
		sink_flush(s);
}

/* The record is complete: write what is left, let big buffers go. */
static int
sink_done(struct sink *s)
{
	sink_flush(s);
	if (s->r->rec.cap > 4 * FLUSH_AT)
		buf_free(&s->r->rec);
	return s->err;
}

/* ---- captured output ---------------------------------------------------- */

static void
cap_add(struct rec_job *j, int stream, const char *p, size_t n)
{
	struct records *r = j->r;
	struct rec_cap *c = &j->cap[stream];
	off_t at;
	int e;

	if (r->res_kind == RES_CSV || r->res_kind == RES_TSV)
		c->special = c->special ||
		    csv_special(p, n, r->res_kind == RES_CSV ? ',' : '\t');
	if (c->next == 0 && j->held + n <= r->hold) {
		buf_add(&c->mem, p, n);
		j->held += n;
		return;
	}
	if (j->cerr != 0)
		return;
	if ((e = spool_append(r->spill, p, n, &at)) != 0) {
		j->cerr = e;
		return;
	}
	if (c->next > 0 &&
	    c->ext[c->next - 1].off + (off_t)c->ext[c->next - 1].len == at) {
		c->ext[c->next - 1].len += n;
		return;
	}
	if (c->next == c->aext) {
		c->aext = c->aext ? 2 * c->aext : 4;
		c->ext = xreallocarray(c->ext, c->aext, sizeof(*c->ext));
	}
	c->ext[c->next].off = at;
	c->ext[c->next].len = n;
	c->next++;
}

/* Stream a captured stream into a record; 0 or an errno value. */
static int
cap_emit(struct records *r, struct rec_cap *c, int mode, struct sink *s)
{
	struct enc e;

	enc_init(&e, mode);
	if (c->mem.len > 0)
		enc_feed(&e, &r->rec, c->mem.data, c->mem.len);
	sink_check(s);
	for (size_t k = 0; k < c->next; k++) {
		off_t off = c->ext[k].off;
		size_t left = c->ext[k].len;

		while (left > 0) {
			ssize_t n = spool_read(r->spill, off, r->chunk,
			    left < CHUNK ? left : CHUNK);

			if (n < 0)
				return errno;
			enc_feed(&e, &r->rec, r->chunk, (size_t)n);
			sink_check(s);
			off += n;
			left -= (size_t)n;
		}
	}
	enc_finish(&e, &r->rec);
	return 0;
}

static void
cap_free(struct records *r, struct rec_cap *c)
{
	for (size_t k = 0; k < c->next; k++)
		spool_release(r->spill, c->ext[k].off, c->ext[k].len);
	free(c->ext);
	buf_free(&c->mem);
}

/* ---- the joblog --------------------------------------------------------- */

static int
joblog_open(struct records *r, const struct records_conf *c)
{
	const char *name = c->joblog.path;
	int append = c->joblog.append, header = 1;
	struct stat st;

	r->jl_name = xstrdup(name);
	if (c->joblog.to_stdout) {
		r->jl_fd = STDOUT_FILENO;
		header = !append && !c->resuming;
	} else if (append || c->resuming) {
		r->jl_fd =
		    open(name, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666);
		if (r->jl_fd < 0) {
			xpool_err("cannot append to joblog '%s': %s", name,
			    strerror(errno));
			return -1;
		}
		/* Resuming from nothing starts a new log, as GNU parallel. */
		header =
		    !append && fstat(r->jl_fd, &st) == 0 && st.st_size == 0;
	} else {
		r->jl_fd = open(name,
		    O_WRONLY | O_APPEND | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
		if (r->jl_fd < 0) {
			xpool_err("cannot create joblog '%s': %s", name,
			    strerror(errno));
			return -1;
		}
	}
	if (header) {
		char line[sizeof(joblog_header) + 1];

		memcpy(line, joblog_header, sizeof(joblog_header) - 1);
		line[sizeof(joblog_header) - 1] = '\n';
		if (write_all(r->jl_fd, line, sizeof(joblog_header)) != 0) {
			xpool_err("cannot write to joblog '%s': %s", name,
			    strerror(errno));
			return -1;
		}
	}
	return 0;
}

/* The joblog's Exitval: -1 if xpool killed it, 0 if a signal ended it. */
static int
exit_column(const struct rec_end *e)
{
	if (e->killed)
		return -1;
	return e->signo != 0 ? 0 : e->exitval;
}

static int
joblog_line(struct records *r, struct rec_job *j, const struct rec_end *e)
{
	struct buf *b = &r->rec;
	const char *p = e->command, *q;
	size_t n = e->command_len;

	buf_reset(b);
	buf_printf(b, "%lu\t%s\t%.3f\t%10.3f\t%llu\t%llu\t%d\t%d\t", j->seq,
	    e->host != NULL ? e->host : ":", e->start, e->runtime, e->send,
	    j->nbytes[0], exit_column(e), e->signo);
	/* Newlines would break the log into lines: GNU writes them as NUL. */
	while (n > 0 && (q = memchr(p, '\n', n)) != NULL) {
		buf_add(b, p, (size_t)(q - p));
		buf_add(b, "", 1);
		n -= (size_t)(q - p) + 1;
		p = q + 1;
	}
	buf_add(b, p, n);
	buf_addc(b, '\n');
	if (write_all(r->jl_fd, b->data, b->len) != 0) {
		int err = errno;

		buf_reset(b);
		if (r->jl_fd == STDOUT_FILENO && err == EPIPE)
			return -1; /* a closed stdout is not news */
		xpool_err("cannot write to joblog '%s': %s", r->jl_name,
		    strerror(err));
		return -1;
	}
	buf_reset(b);
	return 0;
}

/* ---- --results DIR ------------------------------------------------------ */

/* Create a directory and its parents, as mkdir -p. */
static int
mkdir_p(const char *path)
{
	char *p = xstrdup(path);
	int r = 0;

	if (*p == '\0') {
		free(p);
		errno = ENOENT;
		return -1;
	}
	for (char *s = p + 1;; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;

		*s = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST) {
			r = -1;
			break;
		}
		*s = c;
		if (c == '\0')
			break;
	}
	free(p);
	return r;
}

/*
 * Open the directory rel under base, one name at a time (so that no
 * PATH_MAX applies), creating what is missing if asked.  An fd, or -1.
 */
static int
dir_walk(int base, const char *rel, int create)
{
	char *p = xstrdup(rel), *s = p, *slash;
	int fd = openat(base, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	while (fd >= 0 && *s != '\0') {
		int nfd, err;

		if ((slash = strchr(s, '/')) != NULL)
			*slash = '\0';
		if (create && mkdirat(fd, s, 0777) != 0 && errno != EEXIST)
			nfd = -1;
		else
			nfd = openat(fd, s, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		err = errno;
		close(fd);
		fd = nfd;
		errno = err;
		if (slash == NULL)
			break;
		s = slash + 1;
	}
	free(p);
	return fd;
}

/* A small file with its whole content; 0 or an errno value. */
static int
write_file(int dirfd, const char *name, const char *text)
{
	int fd =
	    openat(dirfd, name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	int err = 0;

	if (fd < 0)
		return errno;
	if (write_all(fd, text, strlen(text)) != 0)
		err = errno;
	if (close(fd) != 0 && err == 0)
		err = errno;
	return err;
}

/*
 * Perl's numeric value of a string, enough to sort header names the way
 * GNU parallel does: leading space, a sign, digits, a fraction, an exponent.
 */
static double
perl_num(const char *s)
{
	const char *p = s, *end;
	char tmp[64];
	size_t n;

	while (*p == ' ' || (*p >= '\t' && *p <= '\r'))
		p++;
	end = p;
	if (*end == '+' || *end == '-')
		end++;
	while (*end >= '0' && *end <= '9')
		end++;
	if (*end == '.')
		for (end++; *end >= '0' && *end <= '9';)
			end++;
	if ((*end == 'e' || *end == 'E') &&
	    ((end[1] >= '0' && end[1] <= '9') ||
	        ((end[1] == '+' || end[1] == '-') && end[2] >= '0' &&
	            end[2] <= '9')))
		for (end += 2; *end >= '0' && *end <= '9';)
			end++;
	n = (size_t)(end - p);
	if (n == 0 || n >= sizeof(tmp))
		return 0;
	memcpy(tmp, p, n);
	tmp[n] = '\0';
	return strtod(tmp, NULL);
}

/* Sort sources by name: numerically, then as text (GNU parallel). */
static int
name_before(const char *a, const char *b)
{
	double x = perl_num(a), y = perl_num(b);

	if (x != y)
		return x < y;
	return strcmp(a, b) < 0;
}

/*
 * The job's directory under DIR: for each input record, each source's name
 * and value, sorted by name.  A job without values (--pipe) gets seq/N.
 */
static char *
dir_path(struct records *r, unsigned long seq, const char *const *value,
    const size_t *vlen, size_t nval)
{
	struct buf b = BUF_INIT;
	size_t per = r->nsources ? r->nsources : nval;
	size_t *order = xreallocarray(NULL, per ? per : 1, sizeof(*order));
	char **names = xreallocarray(NULL, per ? per : 1, sizeof(*names));

	if (nval == 0)
		buf_printf(&b, "seq/%lu", seq);
	for (size_t k = 0; k < per; k++)
		names[k] = k < r->nheader ? xstrdup(r->header[k])
		                          : xasprintf("%zu", k + 1);
	for (size_t g = 0; g < nval; g += per) {
		size_t n = nval - g < per ? nval - g : per;

		/* Insertion sort: few sources, and stable for equal names. */
		for (size_t k = 0; k < n; k++) {
			size_t i = k;

			while (i > 0 &&
			    name_before(names[k], names[order[i - 1]])) {
				order[i] = order[i - 1];
				i--;
			}
			order[i] = k;
		}
		for (size_t k = 0; k < n; k++) {
			size_t v = g + order[k];
			size_t len = vlen ? vlen[v] : strlen(value[v]);

			if (b.len > 0)
				buf_addc(&b, '/');
			enc_dir_name(&b, names[order[k]],
			    strlen(names[order[k]]), r->name_max);
			buf_addc(&b, '/');
			enc_dir_name(&b, value[v], len, r->name_max);
		}
	}
	for (size_t k = 0; k < per; k++)
		free(names[k]);
	free(names);
	free(order);
	buf_addc(&b, '\0'); /* an empty path is still a string */
	return buf_detach(&b);
}

static int
dir_begin(struct records *r, struct rec_job *j, const char *const *value,
    const size_t *vlen, size_t nval)
{
	static const char *const file[] = { "stdout", "stderr" };
	char seq[32];
	int dfd, err;

	j->dir = dir_path(r, j->seq, value, vlen, nval);
	if ((dfd = dir_walk(r->res_dirfd, j->dir, 1)) < 0) {
		xpool_err("--results: cannot create directory '%s/%s': %s",
		    r->res_name, j->dir, strerror(errno));
		return -1;
	}
	snprintf(seq, sizeof(seq), "%lu", j->seq);
	if ((err = write_file(dfd, "seq", seq)) != 0) {
		xpool_err("--results: cannot write '%s/%s/seq': %s",
		    r->res_name, j->dir, strerror(err));
		close(dfd);
		return -1;
	}
	/* An exitval from an earlier run would tell of a job not done. */
	if (unlinkat(dfd, "exitval", 0) != 0 && errno != ENOENT) {
		xpool_err("--results: cannot remove '%s/%s/exitval': %s",
		    r->res_name, j->dir, strerror(errno));
		close(dfd);
		return -1;
	}
	for (int i = 0; i < 2; i++) {
		j->fd[i] = openat(dfd, file[i],
		    O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
		if (j->fd[i] < 0) {
			xpool_err("--results: cannot create '%s/%s/%s': %s",
			    r->res_name, j->dir, file[i], strerror(errno));
			close(dfd);
			return -1;
		}
	}
	close(dfd);
	return 0;
}

static int
dir_end(struct records *r, struct rec_job *j, const struct rec_end *e)
{
	static const char *const file[] = { "stdout", "stderr" };
	char text[32];
	int dfd, err, rc = 0, status;

	if (j->werr != 0) {
		xpool_err("--results: cannot write job %lu's output under "
		          "'%s/%s': %s",
		    j->seq, r->res_name, j->dir, strerror(j->werr));
		rc = -1;
	}
	for (int i = 0; i < 2; i++) {
		if (j->fd[i] >= 0 && close(j->fd[i]) != 0 && rc == 0) {
			xpool_err("--results: cannot write '%s/%s/%s': %s",
			    r->res_name, j->dir, file[i], strerror(errno));
			rc = -1;
		}
		j->fd[i] = -1;
	}
	/* The status as a shell gives it, so that 0 means success. */
	if (e->killed)
		status = -1;
	else if (e->signo != 0)
		status = 128 + e->signo;
	else
		status = e->exitval;
	snprintf(text, sizeof(text), "%d", status);
	if ((dfd = dir_walk(r->res_dirfd, j->dir, 0)) < 0)
		err = errno;
	else {
		err = write_file(dfd, "exitval", text);
		close(dfd);
	}
	if (err != 0) {
		xpool_err("--results: cannot write '%s/%s/exitval': %s",
		    r->res_name, j->dir, strerror(err));
		rc = -1;
	}
	return rc;
}

/* ---- --results FILE.jsonl / .csv / .tsv --------------------------------- */

static int
results_open(struct records *r, const struct records_conf *c)
{
	const char *name = c->results.path;
	struct stat st;
	long max;
	int flags = O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC;

	r->res_name = xstrdup(name);
	switch (c->results.kind) {
	case REC_JSONL:
	case REC_JSON:
		r->res_kind = RES_JSON;
		break;
	case REC_CSV:
		r->res_kind = RES_CSV;
		break;
	case REC_TSV:
		r->res_kind = RES_TSV;
		break;
	default:
		r->res_kind = RES_DIR;
		break;
	}
	if (r->res_kind == RES_DIR) {
		if (mkdir_p(name) != 0 ||
		    (r->res_dirfd = open(
		         name, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
			xpool_err("--results: cannot create directory '%s': %s",
			    name, strerror(errno));
			return -1;
		}
		max = fpathconf(r->res_dirfd, _PC_NAME_MAX);
		r->name_max = max > 0 && max < 4096 ? (size_t)max : 255;
		return 0;
	}
	r->csv_head = r->res_kind != RES_JSON;
	if (c->results.to_stdout) {
		r->res_fd = STDOUT_FILENO; /* -.csv: to stdout */
		return 0;
	}
	if (!c->resuming)
		flags |= O_TRUNC;
	if ((r->res_fd = open(name, flags, 0666)) < 0) {
		xpool_err(
		    "--results: cannot create '%s': %s", name, strerror(errno));
		return -1;
	}
	/* Resuming adds to the records of the earlier run. */
	if (c->resuming && fstat(r->res_fd, &st) == 0 && st.st_size > 0)
		r->csv_head = 0;
	return 0;
}

static void
csv_header(struct records *r, size_t nval, char sep)
{
	struct buf *b = &r->rec;
	static const char *const col[] = { "Seq", "Host", "Starttime",
		"JobRuntime", "Send", "Receive", "Exitval", "Signal",
		"Command" };

	for (size_t i = 0; i < sizeof(col) / sizeof(col[0]); i++) {
		buf_adds(b, col[i]);
		buf_addc(b, sep);
	}
	for (size_t i = 0; i < nval; i++) {
		if (i < r->nheader)
			csv_field(b, r->header[i], strlen(r->header[i]), sep);
		else
			buf_printf(b, "V%zu", i + 1);
		buf_addc(b, sep);
	}
	buf_printf(b, "Stdout%cStderr\n", sep);
	r->csv_head = 0;
}

static int
file_record(struct records *r, struct rec_job *j, const struct rec_end *e)
{
	struct sink s = { r, r->res_fd, 0 };
	struct buf *b = &r->rec;
	const char *host = e->host != NULL ? e->host : ":";
	int err;

	buf_reset(b);
	if (r->res_kind == RES_JSON) {
		buf_printf(b, "{ \"Seq\": %lu, \"Host\": \"", j->seq);
		enc_text(b, ENC_JSON, host, strlen(host));
		buf_printf(b,
		    "\", \"Starttime\": %.3f, \"JobRuntime\": %.3f, "
		    "\"Send\": %llu, \"Receive\": %llu, \"Exitval\": %d, "
		    "\"Signal\": %d, \"Command\": \"",
		    e->start, e->runtime, e->send, j->nbytes[0], exit_column(e),
		    e->signo);
		enc_text(b, ENC_JSON, e->command, e->command_len);
		buf_adds(b, "\", \"V\": [ ");
		for (size_t i = 0; i < j->nval; i++) {
			buf_adds(b, i > 0 ? ",\"" : "\"");
			enc_text(b, ENC_JSON, j->val[i], j->vlen[i]);
			buf_addc(b, '"');
		}
		buf_adds(b, " ], \"Stdout\": \"");
		if ((err = cap_emit(r, &j->cap[0], ENC_JSON, &s)) != 0)
			goto fail;
		buf_adds(b, "\", \"Stderr\": \"");
		if ((err = cap_emit(r, &j->cap[1], ENC_JSON, &s)) != 0)
			goto fail;
		buf_adds(b, "\" }\n");
	} else {
		char sep = r->res_kind == RES_CSV ? ',' : '\t';

		if (r->csv_head)
			csv_header(r, j->nval, sep);
		buf_printf(b, "%lu%c", j->seq, sep);
		csv_field(b, host, strlen(host), sep);
		buf_printf(b, "%c%.3f%c%.3f%c%llu%c%llu%c%d%c%d%c", sep,
		    e->start, sep, e->runtime, sep, e->send, sep, j->nbytes[0],
		    sep, exit_column(e), sep, e->signo, sep);
		csv_field(b, e->command, e->command_len, sep);
		for (size_t i = 0; i < j->nval; i++) {
			buf_addc(b, sep);
			csv_field(b, j->val[i], j->vlen[i], sep);
		}
		for (int i = 0; i < 2; i++) {
			buf_addc(b, sep);
			if (j->cap[i].special)
				buf_addc(b, '"');
			if ((err = cap_emit(r, &j->cap[i], ENC_CSV, &s)) != 0)
				goto fail;
			if (j->cap[i].special)
				buf_addc(b, '"');
		}
		buf_addc(b, '\n');
	}
	if ((err = sink_done(&s)) == 0)
		return 0;
	if (r->res_fd == STDOUT_FILENO && err == EPIPE)
		return -1;
	xpool_err(
	    "--results: cannot write to '%s': %s", r->res_name, strerror(err));
	return -1;
fail:
	buf_reset(b);
	xpool_err("--results: cannot read back job %lu's output from a "
	          "temporary file in '%s': %s",
	    j->seq, spool_dir(r->spill), strerror(err));
	return -1;
}

/* ---- --junit ------------------------------------------------------------ */

static int
junit_open(struct records *r, const struct records_conf *c)
{
	r->ju_name = xstrdup(c->junit);
	r->ju_fd =
	    open(c->junit, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (r->ju_fd < 0) {
		xpool_err("--junit: cannot create '%s': %s", c->junit,
		    strerror(errno));
		return -1;
	}
	r->ju_body = spool_new(c->tmpdir != NULL ? c->tmpdir : "/tmp");
	return 0;
}

/* Why the job failed, for <failure>; NULL if it did not. */
static const char *
junit_failure(const struct rec_end *e, char *msg, size_t size)
{
	const char *name = e->signo > 0 ? sigabbrev_np(e->signo) : NULL;
	char sig[64];

	if (name != NULL)
		snprintf(sig, sizeof(sig), "signal %d (SIG%s)", e->signo, name);
	else
		snprintf(sig, sizeof(sig), "signal %d", e->signo);
	if (e->killed) {
		if (e->signo != 0)
			snprintf(msg, size, "%s%skilled by xpool with %s",
			    e->reason ? e->reason : "", e->reason ? ": " : "",
			    sig);
		else
			snprintf(msg, size,
			    "%s%skilled by xpool; exit status %d",
			    e->reason ? e->reason : "", e->reason ? ": " : "",
			    e->exitval);
		return e->reason ? e->reason : "killed";
	}
	if (e->signo != 0) {
		snprintf(msg, size, "killed by %s", sig);
		return "signal";
	}
	if (e->exitval != 0) {
		snprintf(msg, size, "exit status %d", e->exitval);
		return "exit";
	}
	return NULL;
}

static int
junit_case(struct records *r, struct rec_job *j, const struct rec_end *e)
{
	struct sink s = { r, -1, 0 };
	struct buf *b = &r->rec;
	static const char *const tag[] = { "system-out", "system-err" };
	char msg[256];
	const char *type = junit_failure(e, msg, sizeof(msg));
	int err;

	r->ju_tests++;
	if (type != NULL)
		r->ju_failures++;
	if (r->ju_tests == 1 || e->start < r->ju_first)
		r->ju_first = e->start;
	if (r->ju_tests == 1 || e->start + e->runtime > r->ju_last)
		r->ju_last = e->start + e->runtime;
	if (r->ju_err != 0)
		return 0; /* told once, at close */
	buf_reset(b);
	buf_printf(b, "    <testcase classname=\"xpool\" name=\"%lu: ", j->seq);
	enc_text(b, ENC_XML_ATTR, e->command, e->command_len);
	buf_printf(b, "\" time=\"%.3f\">\n", e->runtime);
	if (type != NULL) {
		buf_adds(b, "      <failure message=\"");
		enc_text(b, ENC_XML_ATTR, msg, strlen(msg));
		buf_adds(b, "\" type=\"");
		enc_text(b, ENC_XML_ATTR, type, strlen(type));
		buf_adds(b, "\"/>\n");
	}
	if (j->cerr != 0) {
		/* The output is lost; say so where it would be. */
		snprintf(msg, sizeof(msg),
		    "xpool: this job's output could not be kept: %s",
		    strerror(j->cerr));
		buf_adds(b, "      <system-err>");
		enc_text(b, ENC_XML_TEXT, msg, strlen(msg));
		buf_adds(b, "</system-err>\n");
	}
	for (int i = 0; i < 2 && j->cerr == 0; i++) {
		if (j->nbytes[i] == 0)
			continue;
		buf_printf(b, "      <%s>", tag[i]);
		if ((err = cap_emit(r, &j->cap[i], ENC_XML_TEXT, &s)) != 0) {
			xpool_err("--junit: cannot read back job %lu's output "
			          "from a temporary file in '%s': %s",
			    j->seq, spool_dir(r->spill), strerror(err));
			r->ju_err = err;
			buf_reset(b);
			return -1;
		}
		buf_printf(b, "</%s>\n", tag[i]);
	}
	buf_adds(b, "    </testcase>\n");
	if ((err = sink_done(&s)) != 0) {
		xpool_err("--junit: cannot keep the report in a temporary "
		          "file in '%s': %s",
		    spool_dir(r->ju_body), strerror(err));
		r->ju_err = err;
		return -1;
	}
	return 0;
}

/* Write the whole report: the counts, then the test cases kept so far. */
static int
junit_write(struct records *r)
{
	struct sink s = { r, r->ju_fd, 0 };
	struct buf *b = &r->rec;
	double first = r->ju_tests ? r->ju_first : r->opened;
	double span = r->ju_tests ? r->ju_last - r->ju_first : 0;
	time_t t = (time_t)first;
	struct tm tm;
	char stamp[64] = "1970-01-01T00:00:00";
	int err;

	if (r->ju_err != 0)
		return -1;
	if (span < 0)
		span = 0;
	if (localtime_r(&t, &tm) != NULL)
		strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);
	buf_reset(b);
	buf_printf(b,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<testsuites name=\"xpool\" tests=\"%lu\" failures=\"%lu\" "
	    "errors=\"0\" time=\"%.3f\">\n"
	    "  <testsuite name=\"xpool\" tests=\"%lu\" failures=\"%lu\" "
	    "errors=\"0\" skipped=\"0\" time=\"%.3f\" timestamp=\"%s\">\n",
	    r->ju_tests, r->ju_failures, span, r->ju_tests, r->ju_failures,
	    span, stamp);
	for (off_t off = 0; off < r->ju_len;) {
		size_t want =
		    r->ju_len - off < CHUNK ? (size_t)(r->ju_len - off) : CHUNK;
		ssize_t n = spool_read(r->ju_body, off, r->chunk, want);

		if (n < 0) {
			xpool_err("--junit: cannot read back the report from a "
			          "temporary file in '%s': %s",
			    spool_dir(r->ju_body), strerror(errno));
			buf_reset(b);
			return -1;
		}
		buf_add(b, r->chunk, (size_t)n);
		sink_check(&s);
		off += n;
	}
	buf_adds(b, "  </testsuite>\n</testsuites>\n");
	if ((err = sink_done(&s)) != 0) {
		xpool_err("--junit: cannot write to '%s': %s", r->ju_name,
		    strerror(err));
		return -1;
	}
	return 0;
}

/* ---- the names -------------------------------------------------------- */

int
records_parse_joblog(const char *arg, struct rec_joblog *out, const char **why)
{
	struct rec_joblog jl = { arg, 0, 0 };

	if (jl.path[0] == '+') {
		jl.append = 1;
		jl.path++;
	}
	if (jl.path[0] == '\0') {
		*why = jl.append ? "no file name after the +"
		                 : "the file name is empty";
		return -1;
	}
	jl.to_stdout = strcmp(jl.path, "-") == 0;
	*out = jl;
	return 0;
}

static int
has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

int
records_parse_results(
    const char *arg, struct rec_results *out, const char **why)
{
	static const struct {
		const char *suffix;
		enum rec_kind kind;
	} file[] = { { ".jsonl", REC_JSONL }, { ".json", REC_JSON },
		{ ".csv", REC_CSV }, { ".tsv", REC_TSV } };
	struct rec_results res = { REC_DIR, 0, arg };

	for (size_t i = 0; i < sizeof(file) / sizeof(file[0]); i++)
		if (has_suffix(arg, file[i].suffix)) {
			res.kind = file[i].kind;
			res.to_stdout = arg[0] == '-' &&
			    strcasecmp(arg + 1, file[i].suffix) == 0;
			break;
		}
	/* "-." is for the standard output; "-.x" is no directory name. */
	if (strncmp(arg, "-.", 2) == 0 && !res.to_stdout) {
		*why =
		    "the records go to the standard output only as -.jsonl, "
		    "-.json, -.csv or -.tsv; for a file or directory of this "
		    "name, put ./ before it";
		return -1;
	}
	*out = res;
	return 0;
}

/* ---- the module's life -------------------------------------------------- */

struct records *
records_open(const struct records_conf *c)
{
	struct records *r = xcalloc(1, sizeof(*r));
	const char *tmpdir = c->tmpdir != NULL ? c->tmpdir : "/tmp";

	r->jl_fd = r->res_fd = r->res_dirfd = r->ju_fd = -1;
	r->hold = c->hold ? c->hold : HOLD_DEFAULT;
	r->opened = now();
	if (c->header != NULL && c->nheader > 0) {
		r->header = xreallocarray(NULL, c->nheader, sizeof(char *));
		for (size_t i = 0; i < c->nheader; i++)
			r->header[i] = xstrdup(c->header[i]);
		r->nheader = c->nheader;
	}
	r->nsources = c->nsources ? c->nsources : r->nheader;
	if ((c->joblog.path != NULL && joblog_open(r, c) != 0) ||
	    (c->results.kind != REC_NONE && results_open(r, c) != 0) ||
	    (c->junit != NULL && junit_open(r, c) != 0)) {
		records_free(r);
		return NULL;
	}
	r->capture = (r->res_kind != RES_NONE && r->res_kind != RES_DIR) ||
	    r->ju_fd >= 0;
	if (r->capture)
		r->spill = spool_new(tmpdir);
	if (r->capture || r->ju_fd >= 0)
		r->chunk = xmalloc(CHUNK);
	return r;
}

int
records_capturing(const struct records *r)
{
	return r->capture || r->res_kind == RES_DIR;
}

/* Forget a job: its files, its captured output, its place in the list. */
static void
job_free(struct records *r, struct rec_job *j)
{
	if (j->prev != NULL)
		j->prev->next = j->next;
	else
		r->live = j->next;
	if (j->next != NULL)
		j->next->prev = j->prev;
	for (int i = 0; i < 2; i++) {
		if (j->fd[i] >= 0)
			close(j->fd[i]);
		cap_free(r, &j->cap[i]);
	}
	for (size_t i = 0; i < j->nval; i++)
		free(j->val[i]);
	free(j->val);
	free(j->vlen);
	free(j->dir);
	free(j);
}

struct rec_job *
records_begin(struct records *r, unsigned long seq, const char *const *value,
    const size_t *value_len, size_t nvalues)
{
	struct rec_job *j = xcalloc(1, sizeof(*j));

	j->r = r;
	j->seq = seq;
	j->fd[0] = j->fd[1] = -1;
	j->next = r->live;
	if (r->live != NULL)
		r->live->prev = j;
	r->live = j;
	if (r->res_fd >= 0 && nvalues > 0) {
		j->val = xreallocarray(NULL, nvalues, sizeof(*j->val));
		j->vlen = xreallocarray(NULL, nvalues, sizeof(*j->vlen));
		for (size_t i = 0; i < nvalues; i++) {
			size_t n = value_len ? value_len[i] : strlen(value[i]);

			j->val[i] = xmalloc(n + 1);
			memcpy(j->val[i], value[i], n);
			j->val[i][n] = '\0';
			j->vlen[i] = n;
		}
		j->nval = nvalues;
	}
	if (r->res_kind == RES_DIR &&
	    dir_begin(r, j, value, value_len, nvalues) != 0) {
		job_free(r, j);
		return NULL;
	}
	return j;
}

/* Forget a job without a record: it is going to be run again. */
void
records_drop(struct records *r, struct rec_job *j)
{
	job_free(r, j);
}

void
records_output(struct rec_job *j, int stream, const char *p, size_t n)
{
	if (stream != 0 && stream != 1)
		xpool_bug("stream %d", stream);
	if (n == 0)
		return;
	j->nbytes[stream] += n;
	if (j->fd[stream] >= 0 && j->werr == 0 &&
	    write_all(j->fd[stream], p, n) != 0)
		j->werr = errno;
	if (j->r->capture)
		cap_add(j, stream, p, n);
}

int
records_end(struct records *r, struct rec_job *j, const struct rec_end *e)
{
	int rc = 0;

	if (r->jl_fd >= 0 && joblog_line(r, j, e) != 0)
		rc = -1;
	if (r->res_kind == RES_DIR && dir_end(r, j, e) != 0)
		rc = -1;
	if (j->cerr != 0) {
		/* Half an output would pass for all of it: leave it out. */
		xpool_err("cannot keep job %lu's output in a temporary file in "
		          "'%s': %s; %s",
		    j->seq, spool_dir(r->spill), strerror(j->cerr),
		    r->res_fd >= 0 ? "its --results record is left out"
		                   : "the --junit report shows none of it");
		rc = -1;
	} else if (r->res_fd >= 0 && file_record(r, j, e) != 0)
		rc = -1;
	if (r->ju_fd >= 0 && junit_case(r, j, e) != 0)
		rc = -1;
	job_free(r, j);
	return rc;
}

static int
close_file(int *fd, const char *what, const char *name)
{
	int rc = 0;

	if (*fd > STDERR_FILENO && close(*fd) != 0) {
		xpool_err("%s: cannot write to '%s': %s", what, name,
		    strerror(errno));
		rc = -1;
	}
	*fd = -1;
	return rc;
}

int
records_close(struct records *r)
{
	int rc = 0;

	if (r->ju_fd >= 0 && junit_write(r) != 0)
		rc = -1;
	if (close_file(&r->ju_fd, "--junit", r->ju_name) != 0)
		rc = -1;
	if (close_file(&r->jl_fd, "--joblog", r->jl_name) != 0)
		rc = -1;
	if (close_file(&r->res_fd, "--results", r->res_name) != 0)
		rc = -1;
	if (r->res_dirfd >= 0)
		close(r->res_dirfd);
	r->res_dirfd = -1;
	return rc;
}

void
records_free(struct records *r)
{
	if (r == NULL)
		return;
	while (r->live != NULL)
		job_free(r, r->live);
	if (r->jl_fd > STDERR_FILENO)
		close(r->jl_fd);
	if (r->res_fd > STDERR_FILENO)
		close(r->res_fd);
	if (r->res_dirfd >= 0)
		close(r->res_dirfd);
	if (r->ju_fd >= 0)
		close(r->ju_fd);
	spool_free(r->spill);
	spool_free(r->ju_body);
	for (size_t i = 0; i < r->nheader; i++)
		free(r->header[i]);
	free(r->header);
	free(r->jl_name);
	free(r->res_name);
	free(r->ju_name);
	free(r->chunk);
	buf_free(&r->rec);
	free(r);
}

/* ---- reading a joblog back ---------------------------------------------- */

struct seqset {
	unsigned long *v; /* sorted, distinct */
	size_t n;
};

/* A joblog number column: optional leading blanks, then [-0-9.]+. */
static int
number_field(const char *p, size_t n)
{
	size_t i = 0, digits = 0;

	while (i < n && p[i] == ' ')
		i++;
	if (i == n)
		return 0;
	for (; i < n; i++) {
		if (p[i] >= '0' && p[i] <= '9')
			digits++;
		else if (p[i] != '-' && p[i] != '.')
			return 0;
	}
	return digits > 0;
}

/*
 * One joblog line (without its newline): 0 with the job number, and whether
 * it ended with Exitval 0 and Signal 0; -1 if it is not a joblog line.
 */
static int
joblog_parse(const char *p, size_t n, unsigned long *seq, int *ok)
{
	const char *f[8], *end = p + n, *s = p;
	size_t len[8];
	unsigned long v = 0;

	for (int k = 0; k < 8; k++) {
		const char *t = memchr(s, '\t', (size_t)(end - s));

		if (t == NULL)
			return -1;
		f[k] = s;
		len[k] = (size_t)(t - s);
		s = t + 1;
	}
	if (len[0] == 0 || len[1] == 0)
		return -1;
	for (size_t i = 0; i < len[0]; i++) {
		unsigned d = (unsigned)(f[0][i] - '0');

		if (d > 9 || v > (ULONG_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	for (int k = 2; k < 8; k++)
		if (!number_field(f[k], len[k]))
			return -1;
	*seq = v;
	*ok = len[6] == 1 && f[6][0] == '0' && len[7] == 1 && f[7][0] == '0';
	return 0;
}

static int
cmp_ulong(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a;
	unsigned long y = *(const unsigned long *)b;

	return x < y ? -1 : x > y;
}

/* Print the start of a bad line with its odd bytes made visible. */
static void
bad_line(const char *path, unsigned long lineno, const char *p, size_t n)
{
	char show[48];
	size_t k = 0;

	for (size_t i = 0; i < n && k < sizeof(show) - 4; i++)
		show[k++] = p[i] >= 0x20 && p[i] < 0x7f ? p[i] : '?';
	if (k < n) {
		memcpy(show + k, "...", 3);
		k += 3;
	}
	show[k] = '\0';
	xpool_err("%s: line %lu is not a joblog line (\"%s\"); --resume and "
	          "--resume-failed read lines of 9 TAB-separated fields "
	          "(Seq Host Starttime JobRuntime Send Receive Exitval Signal "
	          "Command) as --joblog writes them",
	    path, lineno, show);
}

struct seqset *
records_read_joblog(const char *path, int failed_too)
{
	struct seqset *set = xcalloc(1, sizeof(*set));
	size_t cap = 0, lcap = 0, out = 0;
	unsigned long lineno = 0, seq;
	char *line = NULL;
	ssize_t len;
	FILE *f;
	int ok;

	if ((f = fopen(path, "re")) == NULL) {
		if (errno == ENOENT)
			return set; /* nothing ran yet */
		xpool_err("cannot read joblog '%s': %s", path, strerror(errno));
		free(set);
		return NULL;
	}
	while ((len = getline(&line, &lcap, f)) >= 0) {
		size_t n = (size_t)len;

		lineno++;
		if (n > 0 && line[n - 1] == '\n')
			n--;
		if (n == sizeof(joblog_header) - 1 &&
		    memcmp(line, joblog_header, n) == 0)
			continue;
		if (joblog_parse(line, n, &seq, &ok) != 0) {
			bad_line(path, lineno, line, n);
			goto fail;
		}
		if (failed_too && !ok)
			continue;
		if (set->n == cap) {
			cap = cap ? 2 * cap : 64;
			set->v = xreallocarray(set->v, cap, sizeof(*set->v));
		}
		set->v[set->n++] = seq;
	}
	if (ferror(f)) {
		xpool_err("cannot read joblog '%s': %s", path, strerror(errno));
		goto fail;
	}
	fclose(f);
	free(line);
	if (set->n > 0) {
		qsort(set->v, set->n, sizeof(*set->v), cmp_ulong);
		for (size_t i = 1; i < set->n; i++)
			if (set->v[i] != set->v[out])
				set->v[++out] = set->v[i];
		set->n = out + 1;
	}
	return set;
fail:
	fclose(f);
	free(line);
	seqset_free(set);
	return NULL;
}

int
seqset_has(const struct seqset *set, unsigned long seq)
{
	return set != NULL && set->n > 0 &&
	    bsearch(&seq, set->v, set->n, sizeof(*set->v), cmp_ulong) != NULL;
}

size_t
seqset_count(const struct seqset *set)
{
	return set != NULL ? set->n : 0;
}

void
seqset_free(struct seqset *set)
{
	if (set == NULL)
		return;
	free(set->v);
	free(set);
}