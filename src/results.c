/*
 * results.c -- the --results directory tree and record files (see
 * results.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "recdef.h"
#include "recenc.h"
#include "recio.h"
#include "results.h"
#include "spool.h"
#include "xmalloc.h"

struct results {
	enum rec_kind kind;
	char *name; /* as given */
	int fd; /* the file */
	int dirfd; /* the directory */
	size_t name_max;
	int csv_head; /* the CSV header line is still to be written */
	int werr; /* errno of a failed write to fd: it gets no more records */
	char **header; /* the --header names */
	size_t nheader;
	size_t nsources;
};

/* DIR: one job's directory and its open files. */
struct res_job {
	unsigned long seq;
	char *dir; /* under DIR */
	int fd[2]; /* its stdout and stderr files */
	int werr; /* errno of a failed write to fd[] */
};

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
	if (rec_write_all(fd, text, strlen(text)) != 0)
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
dir_path(const struct results *r, unsigned long seq, const char *const *value,
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

struct res_job *
results_dir_begin(struct results *r, unsigned long seqno,
    const char *const *value, const size_t *vlen, size_t nval)
{
	static const char *const file[] = { "stdout", "stderr" };
	struct res_job *j = xcalloc(1, sizeof(*j));
	char seq[32];
	int dfd, err;

	j->seq = seqno;
	j->fd[0] = j->fd[1] = -1;
	j->dir = dir_path(r, j->seq, value, vlen, nval);
	if ((dfd = dir_walk(r->dirfd, j->dir, 1)) < 0) {
		xpool_err("--results: cannot create directory '%s/%s': %s",
		    r->name, j->dir, strerror(errno));
		goto fail;
	}
	snprintf(seq, sizeof(seq), "%lu", j->seq);
	if ((err = write_file(dfd, "seq", seq)) != 0) {
		xpool_err("--results: cannot write '%s/%s/seq': %s", r->name,
		    j->dir, strerror(err));
		goto fail_dir;
	}
	/* An exitval from an earlier run would tell of a job not done. */
	if (unlinkat(dfd, "exitval", 0) != 0 && errno != ENOENT) {
		xpool_err("--results: cannot remove '%s/%s/exitval': %s",
		    r->name, j->dir, strerror(errno));
		goto fail_dir;
	}
	for (int i = 0; i < 2; i++) {
		j->fd[i] = openat(dfd, file[i],
		    O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
		if (j->fd[i] < 0) {
			xpool_err("--results: cannot create '%s/%s/%s': %s",
			    r->name, j->dir, file[i], strerror(errno));
			goto fail_dir;
		}
	}
	close(dfd);
	return j;
fail_dir:
	close(dfd);
fail:
	results_dir_free(j);
	return NULL;
}

void
results_dir_output(struct res_job *j, int stream, const char *p, size_t n)
{
	if (j->fd[stream] >= 0 && j->werr == 0 &&
	    rec_write_all(j->fd[stream], p, n) != 0)
		j->werr = errno;
}

int
results_dir_end(struct results *r, struct res_job *j, const struct rec_end *e)
{
	static const char *const file[] = { "stdout", "stderr" };
	char text[32];
	int dfd, err, rc = 0;

	if (j->werr != 0) {
		xpool_err("--results: cannot write job %lu's output under "
		          "'%s/%s': %s",
		    j->seq, r->name, j->dir, strerror(j->werr));
		rc = -1;
	}
	for (int i = 0; i < 2; i++) {
		if (j->fd[i] >= 0 && close(j->fd[i]) != 0 && rc == 0) {
			xpool_err("--results: cannot write '%s/%s/%s': %s",
			    r->name, j->dir, file[i], strerror(errno));
			rc = -1;
		}
		j->fd[i] = -1;
	}
	snprintf(text, sizeof(text), "%d", rec_status(e));
	if ((dfd = dir_walk(r->dirfd, j->dir, 0)) < 0)
		err = errno;
	else {
		err = write_file(dfd, "exitval", text);
		close(dfd);
	}
	if (err != 0) {
		xpool_err("--results: cannot write '%s/%s/exitval': %s",
		    r->name, j->dir, strerror(err));
		rc = -1;
	}
	return rc;
}

void
results_dir_free(struct res_job *j)
{
	if (j == NULL)
		return;
	for (int i = 0; i < 2; i++)
		if (j->fd[i] >= 0)
			close(j->fd[i]);
	free(j->dir);
	free(j);
}

/* ---- opening and closing ------------------------------------------------ */

/* DIR: make it and its parents; 0, or -1 with a message printed. */
static int
dir_open(struct results *r)
{
	long max;

	if (mkdir_p(r->name) == 0)
		r->dirfd = open(r->name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (r->dirfd < 0) {
		xpool_err("--results: cannot create directory '%s': %s",
		    r->name, strerror(errno));
		return -1;
	}
	max = fpathconf(r->dirfd, _PC_NAME_MAX);
	r->name_max = max > 0 && max < 4096 ? (size_t)max : 255;
	return 0;
}

/* A file, or fd 1; 0, or -1 with a message printed. */
static int
file_open(struct results *r, const struct rec_results *c, int resuming)
{
	struct stat st;
	int flags = O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC;

	r->csv_head = r->kind == REC_CSV || r->kind == REC_TSV;
	if (c->to_stdout) {
		r->fd = STDOUT_FILENO; /* -.csv: to stdout */
		return 0;
	}
	if (!resuming)
		flags |= O_TRUNC;
	if ((r->fd = open(r->name, flags, 0666)) < 0) {
		xpool_err("--results: cannot create '%s': %s", r->name,
		    strerror(errno));
		return -1;
	}
	/* Resuming adds to the records of the earlier run. */
	if (resuming && fstat(r->fd, &st) == 0 && st.st_size > 0)
		r->csv_head = 0;
	return 0;
}

struct results *
results_open(const struct rec_results *c, int resuming,
    const char *const *header, size_t nheader, size_t nsources)
{
	struct results *r = xcalloc(1, sizeof(*r));
	int rc;

	r->kind = c->kind;
	r->name = xstrdup(c->path);
	r->fd = r->dirfd = -1;
	if (header != NULL && nheader > 0) {
		r->header = xreallocarray(NULL, nheader, sizeof(char *));
		for (size_t i = 0; i < nheader; i++)
			r->header[i] = xstrdup(header[i]);
		r->nheader = nheader;
	}
	r->nsources = nsources ? nsources : r->nheader;
	rc = r->kind == REC_DIR ? dir_open(r) : file_open(r, c, resuming);
	if (rc != 0) {
		results_free(r);
		return NULL;
	}
	return r;
}

char
results_sep(const struct results *r)
{
	if (r->kind == REC_CSV)
		return ',';
	return r->kind == REC_TSV ? '\t' : 0;
}

int
results_close(struct results *r)
{
	int rc = rec_close_fd(&r->fd, "--results", r->name);

	if (r->dirfd >= 0)
		close(r->dirfd);
	r->dirfd = -1;
	return rc;
}

void
results_free(struct results *r)
{
	if (r == NULL)
		return;
	if (r->fd > STDERR_FILENO)
		close(r->fd);
	if (r->dirfd >= 0)
		close(r->dirfd);
	for (size_t i = 0; i < r->nheader; i++)
		free(r->header[i]);
	free(r->header);
	free(r->name);
	free(r);
}

/* ---- --results FILE.jsonl / .json / .csv / .tsv ------------------------ */

static void
csv_header(struct results *r, struct buf *b, size_t nval, char sep)
{
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

/* A JSON record, as GNU parallel's .json; 0 or an errno value. */
static int
json_record(
    struct rec_sink *s, const struct rec_data *d, const struct rec_end *e)
{
	struct buf *b = &s->io->rec;
	const char *host = e->host != NULL ? e->host : ":";
	int err;

	buf_printf(b, "{ \"Seq\": %lu, \"Host\": \"", d->seq);
	enc_text(b, ENC_JSON, host, strlen(host));
	buf_printf(b,
	    "\", \"Starttime\": %.3f, \"JobRuntime\": %.3f, "
	    "\"Send\": %llu, \"Receive\": %llu, \"Exitval\": %d, "
	    "\"Signal\": %d, \"Command\": \"",
	    e->start, e->runtime, e->send, d->nbytes[0], rec_exitval(e),
	    e->signo);
	enc_text(b, ENC_JSON, e->command, e->command_len);
	buf_adds(b, "\", \"V\": [ ");
	for (size_t i = 0; i < d->nval; i++) {
		buf_adds(b, i > 0 ? ",\"" : "\"");
		enc_text(b, ENC_JSON, d->val[i], d->vlen[i]);
		buf_addc(b, '"');
	}
	buf_adds(b, " ], \"Stdout\": \"");
	if ((err = rec_cap_emit(s->io, &d->cap[0], ENC_JSON, s)) != 0)
		return err;
	buf_adds(b, "\", \"Stderr\": \"");
	if ((err = rec_cap_emit(s->io, &d->cap[1], ENC_JSON, s)) != 0)
		return err;
	buf_adds(b, "\" }\n");
	return 0;
}

/* A CSV or TSV line, the header line first; 0 or an errno value. */
static int
sv_record(struct results *r, struct rec_sink *s, const struct rec_data *d,
    const struct rec_end *e)
{
	struct buf *b = &s->io->rec;
	const char *host = e->host != NULL ? e->host : ":";
	char sep = results_sep(r);
	int err;

	if (r->csv_head)
		csv_header(r, b, d->nval, sep);
	buf_printf(b, "%lu%c", d->seq, sep);
	csv_field(b, host, strlen(host), sep);
	buf_printf(b, "%c%.3f%c%.3f%c%llu%c%llu%c%d%c%d%c", sep, e->start, sep,
	    e->runtime, sep, e->send, sep, d->nbytes[0], sep, rec_exitval(e),
	    sep, e->signo, sep);
	csv_field(b, e->command, e->command_len, sep);
	for (size_t i = 0; i < d->nval; i++) {
		buf_addc(b, sep);
		csv_field(b, d->val[i], d->vlen[i], sep);
	}
	for (int i = 0; i < 2; i++) {
		buf_addc(b, sep);
		if (d->cap[i].special)
			buf_addc(b, '"');
		if ((err = rec_cap_emit(s->io, &d->cap[i], ENC_CSV, s)) != 0)
			return err;
		if (d->cap[i].special)
			buf_addc(b, '"');
	}
	buf_addc(b, '\n');
	return 0;
}

int
results_record(struct results *r, struct rec_io *io, const struct rec_data *d,
    const struct rec_end *e)
{
	struct rec_sink s = { io, r->fd, NULL, NULL, 0 };
	int err;

	if (r->werr != 0)
		return -1; /* said when it failed */
	buf_reset(&io->rec);
	if (r->kind == REC_JSONL || r->kind == REC_JSON)
		err = json_record(&s, d, e);
	else
		err = sv_record(r, &s, d, e);
	if (err != 0) {
		buf_reset(&io->rec);
		xpool_err("--results: cannot read back job %lu's output from a "
		          "temporary file in '%s': %s",
		    d->seq, spool_dir(io->spill), strerror(err));
		return -1;
	}
	if ((err = rec_sink_done(&s)) == 0)
		return 0;
	/*
	 * Once, not for every job: what follows a record cut short would not
	 * be read anyway.
	 */
	r->werr = err;
	if (r->fd == STDOUT_FILENO && err == EPIPE)
		return -1;
	xpool_err("--results: cannot write to '%s': %s; no more records are "
	          "written to it",
	    r->name, strerror(err));
	return -1;
}
