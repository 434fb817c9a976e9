/*
 * junit.c -- the --junit report (see junit.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "junit.h"
#include "recdef.h"
#include "recenc.h"
#include "recio.h"
#include "spool.h"
#include "sys.h"
#include "xmalloc.h"

struct junit {
	char *name;
	int fd;
	struct spool *body; /* the test cases written so far */
	off_t len;
	int err; /* errno of a test case that could not be kept */
	unsigned long tests;
	unsigned long failures;
	double first; /* the earliest start, the latest end */
	double last;
	double opened;
};

struct junit *
junit_open(const char *path, const char *tmpdir)
{
	struct junit *ju = xcalloc(1, sizeof(*ju));

	ju->opened = sys_time_of_day();
	ju->name = xstrdup(path);
	ju->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (ju->fd < 0) {
		xpool_err(
		    "--junit: cannot create '%s': %s", path, strerror(errno));
		junit_free(ju);
		return NULL;
	}
	ju->body = spool_new(tmpdir);
	return ju;
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

int
junit_case(struct junit *ju, struct rec_io *io, const struct rec_data *d,
    const struct rec_end *e)
{
	struct rec_sink s = { io, -1, ju->body, &ju->len, 0 };
	struct buf *b = &io->rec;
	static const char *const tag[] = { "system-out", "system-err" };
	char msg[256];
	const char *type = junit_failure(e, msg, sizeof(msg));
	int err;

	ju->tests++;
	if (type != NULL)
		ju->failures++;
	if (ju->tests == 1 || e->start < ju->first)
		ju->first = e->start;
	if (ju->tests == 1 || e->start + e->runtime > ju->last)
		ju->last = e->start + e->runtime;
	if (ju->err != 0)
		return 0; /* told once, at close */
	buf_reset(b);
	buf_printf(b, "    <testcase classname=\"xpool\" name=\"%lu: ", d->seq);
	enc_text(b, ENC_XML_ATTR, e->command, e->command_len);
	buf_printf(b, "\" time=\"%.3f\">\n", e->runtime);
	if (type != NULL) {
		buf_adds(b, "      <failure message=\"");
		enc_text(b, ENC_XML_ATTR, msg, strlen(msg));
		buf_adds(b, "\" type=\"");
		enc_text(b, ENC_XML_ATTR, type, strlen(type));
		buf_adds(b, "\"/>\n");
	}
	if (d->cerr != 0) {
		/* The output is lost; say so where it would be. */
		snprintf(msg, sizeof(msg),
		    "xpool: this job's output could not be kept: %s",
		    strerror(d->cerr));
		buf_adds(b, "      <system-err>");
		enc_text(b, ENC_XML_TEXT, msg, strlen(msg));
		buf_adds(b, "</system-err>\n");
	}
	for (int i = 0; i < 2 && d->cerr == 0; i++) {
		if (d->nbytes[i] == 0)
			continue;
		buf_printf(b, "      <%s>", tag[i]);
		err = rec_cap_emit(io, &d->cap[i], ENC_XML_TEXT, &s);
		if (err != 0) {
			xpool_err("--junit: cannot read back job %lu's output "
			          "from a temporary file in '%s': %s",
			    d->seq, spool_dir(io->spill), strerror(err));
			ju->err = err;
			buf_reset(b);
			return -1;
		}
		buf_printf(b, "</%s>\n", tag[i]);
	}
	buf_adds(b, "    </testcase>\n");
	if ((err = rec_sink_done(&s)) != 0) {
		xpool_err("--junit: cannot keep the report in a temporary "
		          "file in '%s': %s",
		    spool_dir(ju->body), strerror(err));
		ju->err = err;
		return -1;
	}
	return 0;
}

/* Write the whole report: the counts, then the test cases kept so far. */
static int
junit_write(struct junit *ju, struct rec_io *io)
{
	struct rec_sink s = { io, ju->fd, NULL, NULL, 0 };
	struct buf *b = &io->rec;
	double first = ju->tests ? ju->first : ju->opened;
	double span = ju->tests ? ju->last - ju->first : 0;
	time_t t = (time_t)first;
	struct tm tm;
	char stamp[64] = "1970-01-01T00:00:00";
	int err;

	if (ju->err != 0)
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
	    ju->tests, ju->failures, span, ju->tests, ju->failures, span,
	    stamp);
	for (off_t off = 0; off < ju->len;) {
		size_t want = ju->len - off < REC_CHUNK
		    ? (size_t)(ju->len - off)
		    : REC_CHUNK;
		ssize_t n = spool_read(ju->body, off, io->chunk, want);

		if (n < 0) {
			xpool_err("--junit: cannot read back the report from a "
			          "temporary file in '%s': %s",
			    spool_dir(ju->body), strerror(errno));
			buf_reset(b);
			return -1;
		}
		buf_add(b, io->chunk, (size_t)n);
		rec_sink_check(&s);
		off += n;
	}
	buf_adds(b, "  </testsuite>\n</testsuites>\n");
	if ((err = rec_sink_done(&s)) != 0) {
		xpool_err("--junit: cannot write to '%s': %s", ju->name,
		    strerror(err));
		return -1;
	}
	return 0;
}

int
junit_close(struct junit *ju, struct rec_io *io)
{
	int rc = 0;

	if (ju->fd >= 0 && junit_write(ju, io) != 0)
		rc = -1;
	if (rec_close_fd(&ju->fd, "--junit", ju->name) != 0)
		rc = -1;
	return rc;
}

void
junit_free(struct junit *ju)
{
	if (ju == NULL)
		return;
	if (ju->fd >= 0)
		close(ju->fd);
	spool_free(ju->body);
	free(ju->name);
	free(ju);
}
