/*
 * zfile.c -- a stream's held output, compressed into a file of its own.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sys.h"
#include "xmalloc.h"
#include "zfile.h"

struct zfile {
	const char *unzip; /* the decompressor's command */
	const char *zip; /* the compressor's command */
	int fd; /* the unlinked file */
	int to; /* the compressor's standard input, or -1 */
	int from; /* the decompressor's standard output, or -1 */
	pid_t zpid, upid; /* 0 when not running */
};

/* Reap a child of ours, if xpool's reaper has not had it already. */
static void
reap(pid_t *pid)
{
	if (*pid > 0)
		while (waitpid(*pid, NULL, 0) < 0 && errno == EINTR)
			;
	*pid = 0;
}

/* Start `sh -c cmd` with in and out as its fds 0 and 1; 0 or an errno. */
static int
run(const char *cmd, int in, int out, pid_t *pid)
{
	char *argv[] = { (char *)"sh", (char *)"-c", (char *)cmd, NULL };

	return sys_spawn_helper("/bin/sh", argv, in, out, pid);
}

/*
 * A file in dir, unlinked, with the compressor zip writing it; unzip will
 * read it back.  NULL with *err set if either cannot be had.
 */
struct zfile *
zfile_new(const char *dir, const char *zip, const char *unzip, int *err)
{
	char *path = xasprintf("%s/xpool.XXXXXX", dir);
	int fd = mkostemp(path, O_CLOEXEC), p[2];
	struct zfile *z;

	*err = errno;
	if (fd >= 0)
		unlink(path);
	free(path);
	if (fd < 0)
		return NULL;
	if (pipe2(p, O_CLOEXEC) != 0) {
		*err = errno;
		close(fd);
		return NULL;
	}
	z = xcalloc(1, sizeof(*z));
	z->zip = zip;
	z->unzip = unzip;
	z->fd = fd;
	z->from = -1;
	*err = run(zip, p[0], fd, &z->zpid);
	close(p[0]);
	if (*err != 0) {
		close(p[1]);
		close(fd);
		free(z);
		return NULL;
	}
	z->to = p[1];
	return z;
}

/* Nothing more is coming: the compressor finishes the file and ends. */
void
zfile_seal(struct zfile *z)
{
	if (z->to < 0)
		return;
	close(z->to);
	z->to = -1;
	reap(&z->zpid);
}

/*
 * Give the compressor bytes: 0, or an errno value the first time it fails
 * (EPIPE: it is gone); from then on the bytes are dropped.
 */
int
zfile_write(struct zfile *z, const char *p, size_t len)
{
	while (len > 0 && z->to >= 0) {
		ssize_t n = write(z->to, p, len);

		if (n < 0) {
			int e = errno;

			if (e == EINTR)
				continue;
			zfile_seal(z);
			return e;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * Read back decompressed bytes, the decompressor started on the first
 * call: the count, 0 at its end, or -1 with errno set.
 */
ssize_t
zfile_read(struct zfile *z, char *p, size_t len)
{
	ssize_t n;

	if (z->from < 0) {
		int q[2], e;

		zfile_seal(z);
		if (lseek(z->fd, 0, SEEK_SET) != 0 || pipe2(q, O_CLOEXEC) != 0)
			return -1;
		e = run(z->unzip, z->fd, q[1], &z->upid);
		close(q[1]);
		if (e != 0) {
			close(q[0]);
			errno = e;
			return -1;
		}
		z->from = q[0];
	}
	do
		n = read(z->from, p, len);
	while (n < 0 && errno == EINTR);
	return n;
}

/* The program that failed, for a message: the one running last. */
const char *
zfile_program(const struct zfile *z)
{
	return z->from >= 0 ? z->unzip : z->zip;
}

/* Close everything: the compressor ends at its input's end, the
 * decompressor of SIGPIPE; both are reaped. */
void
zfile_free(struct zfile *z)
{
	if (z == NULL)
		return;
	zfile_seal(z);
	if (z->from >= 0)
		close(z->from);
	reap(&z->upid);
	close(z->fd);
	free(z);
}
