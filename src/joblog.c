/*
 * joblog.c -- the --joblog file, written and read back (see joblog.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "joblog.h"
#include "recdef.h"
#include "recio.h"
#include "xmalloc.h"

static const char joblog_header[] = "Seq\tHost\tStarttime\tJobRuntime\tSend\t"
                                    "Receive\tExitval\tSignal\tCommand";

struct joblog {
	char *name; /* the file, or "-" */
	int fd;
	struct buf line; /* the line being built */
	int werr; /* errno of a failed write: no more lines are written */
};

/* ---- writing ------------------------------------------------------------ */

/*
 * A log whose last line has no newline (cut short, or edited by hand) would
 * get the first line appended glued onto that one, and the job of the glued
 * line would run again at every --resume: end the line first.  A log that
 * cannot be read is left as it is.  0, or -1 with errno set.
 */
static int
end_last_line(int fd, const char *name, const struct stat *st)
{
	char last;
	ssize_t n;
	int rfd;

	if (!S_ISREG(st->st_mode) || st->st_size == 0)
		return 0;
	if ((rfd = open(name, O_RDONLY | O_CLOEXEC)) < 0)
		return 0;
	n = pread(rfd, &last, 1, st->st_size - 1);
	close(rfd);
	if (n != 1 || last == '\n')
		return 0;
	return rec_write_all(fd, "\n", 1);
}

struct joblog *
joblog_open(const struct rec_joblog *c, int resuming)
{
	struct joblog *jl = xcalloc(1, sizeof(*jl));
	const char *name = c->path;
	int header = 1;
	struct stat st;

	jl->name = xstrdup(name);
	if (c->to_stdout) {
		jl->fd = STDOUT_FILENO;
		header = !c->append && !resuming;
	} else if (c->append || resuming) {
		jl->fd =
		    open(name, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666);
		if (jl->fd < 0) {
			xpool_err("cannot append to joblog '%s': %s", name,
			    strerror(errno));
			goto fail;
		}
		if (fstat(jl->fd, &st) != 0) {
			xpool_err("cannot append to joblog '%s': %s", name,
			    strerror(errno));
			goto fail;
		}
		if (end_last_line(jl->fd, name, &st) != 0) {
			xpool_err("cannot write to joblog '%s': %s", name,
			    strerror(errno));
			goto fail;
		}
		/* Resuming from nothing starts a new log, as GNU parallel. */
		header = !c->append && st.st_size == 0;
	} else {
		jl->fd = open(name,
		    O_WRONLY | O_APPEND | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
		if (jl->fd < 0) {
			xpool_err("cannot create joblog '%s': %s", name,
			    strerror(errno));
			goto fail;
		}
	}
	if (header) {
		char line[sizeof(joblog_header) + 1];

		memcpy(line, joblog_header, sizeof(joblog_header) - 1);
		line[sizeof(joblog_header) - 1] = '\n';
		if (rec_write_all(jl->fd, line, sizeof(joblog_header)) != 0) {
			xpool_err("cannot write to joblog '%s': %s", name,
			    strerror(errno));
			goto fail;
		}
	}
	return jl;
fail:
	joblog_free(jl);
	return NULL;
}

int
joblog_line(
    struct joblog *jl, const struct rec_data *d, const struct rec_end *e)
{
	struct buf *b = &jl->line;
	const char *p = e->command, *q;
	size_t n = e->command_len;

	if (jl->werr != 0)
		return -1; /* said when it failed */
	buf_reset(b);
	buf_printf(b, "%lu\t%s\t%.3f\t%10.3f\t%llu\t%llu\t%d\t%d\t", d->seq,
	    e->host != NULL ? e->host : ":", e->start, e->runtime, e->send,
	    d->nbytes[0], rec_exitval(e), e->signo);
	/* Newlines would break the log into lines: GNU writes them as NUL. */
	while (n > 0 && (q = memchr(p, '\n', n)) != NULL) {
		buf_add(b, p, (size_t)(q - p));
		buf_add(b, "", 1);
		n -= (size_t)(q - p) + 1;
		p = q + 1;
	}
	buf_add(b, p, n);
	buf_addc(b, '\n');
	if (rec_write_all(jl->fd, b->data, b->len) != 0) {
		int err = errno;

		buf_reset(b);
		/* Once: a line cut short would end the log for --resume. */
		jl->werr = err;
		if (jl->fd == STDOUT_FILENO && err == EPIPE)
			return -1; /* a closed stdout is not news */
		xpool_err("cannot write to joblog '%s': %s; no more lines are "
		          "written to it",
		    jl->name, strerror(err));
		return -1;
	}
	buf_reset(b);
	return 0;
}

int
joblog_close(struct joblog *jl)
{
	return rec_close_fd(&jl->fd, "--joblog", jl->name);
}

void
joblog_free(struct joblog *jl)
{
	if (jl == NULL)
		return;
	if (jl->fd > STDERR_FILENO)
		close(jl->fd);
	free(jl->name);
	buf_free(&jl->line);
	free(jl);
}

/* ---- reading a joblog back ---------------------------------------------- */

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
 * One joblog line (without its newline): 0 with the job number, whether
 * it ended with Exitval 0 and Signal 0, and where its command starts; -1
 * if it is not a joblog line.
 */
static int
joblog_parse(
    const char *p, size_t n, unsigned long *seq, int *ok, const char **cmd)
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
	*cmd = s;
	*ok = len[6] == 1 && f[6][0] == '0' && len[7] == 1 && f[7][0] == '0';
	return 0;
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
	xpool_err("%s: line %lu is not a joblog line (\"%s\"); --resume, "
	          "--resume-failed and --retry-failed read lines of 9 "
	          "TAB-separated fields "
	          "(Seq Host Starttime JobRuntime Send Receive Exitval Signal "
	          "Command) as --joblog writes them",
	    path, lineno, show);
}

/* What joblog_scan() hands on for each line, after arg. */
typedef int line_fn(void *arg, unsigned long seq, int ok, const char *cmd,
    size_t len, unsigned long lineno);

/*
 * Each line of the joblog but the header, in order, to fn; 0 at the end,
 * 1 when there is no file, -1 after a message (fn's or ours).
 */
static int
joblog_scan(const char *path, line_fn *fn, void *arg)
{
	size_t lcap = 0;
	unsigned long lineno = 0, seq;
	const char *cmd;
	char *line = NULL;
	ssize_t len;
	int ok, r = 0;
	FILE *f;

	if ((f = fopen(path, "re")) == NULL) {
		if (errno == ENOENT)
			return 1; /* nothing ran yet */
		xpool_err("cannot read joblog '%s': %s", path, strerror(errno));
		return -1;
	}
	while (r == 0 && (len = getline(&line, &lcap, f)) >= 0) {
		size_t ln = (size_t)len;

		lineno++;
		if (ln > 0 && line[ln - 1] == '\n')
			ln--;
		if (ln == sizeof(joblog_header) - 1 &&
		    memcmp(line, joblog_header, ln) == 0)
			continue;
		if (joblog_parse(line, ln, &seq, &ok, &cmd) != 0) {
			bad_line(path, lineno, line, ln);
			r = -1;
		} else
			r = fn(arg, seq, ok, cmd, (size_t)(line + ln - cmd),
			    lineno);
	}
	if (r == 0 && ferror(f)) {
		xpool_err("cannot read joblog '%s': %s", path, strerror(errno));
		r = -1;
	}
	fclose(f);
	free(line);
	return r;
}

struct seqs {
	unsigned long *v;
	size_t n, cap;
	int failed_too;
};

static int
add_seq(void *arg, unsigned long seq, int ok, const char *cmd, size_t len,
    unsigned long lineno)
{
	struct seqs *s = arg;

	(void)cmd, (void)len, (void)lineno;
	if (s->failed_too && !ok)
		return 0;
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		s->v = xreallocarray(s->v, s->cap, sizeof(*s->v));
	}
	s->v[s->n++] = seq;
	return 0;
}

int
joblog_read(
    const char *path, int failed_too, unsigned long **seqs, size_t *nseqs)
{
	struct seqs s = { NULL, 0, 0, failed_too };

	*seqs = NULL;
	*nseqs = 0;
	if (joblog_scan(path, add_seq, &s) < 0) {
		free(s.v);
		return -1;
	}
	*seqs = s.v;
	*nseqs = s.n;
	return 0;
}

struct cmds {
	const char *path;
	char **v; /* by job number - 1; NULL: no line has it yet */
	size_t n;
};

static int
add_command(void *arg, unsigned long seq, int ok, const char *cmd, size_t len,
    unsigned long lineno)
{
	struct cmds *c = arg;
	char *p;

	(void)ok;
	if (seq == 0 || seq > JOBLOG_MAX_SEQ) {
		xpool_err("%s: line %lu: --retry-failed runs the jobs 1 to "
		          "%lu; job number %lu is not one of them",
		    c->path, lineno, (unsigned long)JOBLOG_MAX_SEQ, seq);
		return -1;
	}
	if (seq > c->n) {
		c->v = xreallocarray(c->v, seq, sizeof(*c->v));
		memset(c->v + c->n, 0, (seq - c->n) * sizeof(*c->v));
		c->n = seq;
	}
	free(c->v[seq - 1]);
	c->v[seq - 1] = p = xstrndup(cmd, len);
	/* The NULs that stand for newlines (see joblog_line). */
	for (size_t i = 0; i < len; i++)
		if (p[i] == '\0')
			p[i] = '\n';
	return 0;
}

int
joblog_commands(const char *path, char ***cmds, size_t *ncmds)
{
	struct cmds c = { path, NULL, 0 };
	int r = joblog_scan(path, add_command, &c);

	if (r < 0) {
		joblog_free_commands(c.v, c.n);
		c.v = NULL;
		c.n = 0;
	}
	*cmds = c.v;
	*ncmds = c.n;
	return r;
}

void
joblog_free_commands(char **cmds, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(cmds[i]);
	free(cmds);
}
