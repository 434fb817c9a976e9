/*
 * stall.c -- a process group blocked reading the input xpool gave it.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "stall.h"

/*
 * A /proc/PID/stat line: "PID (COMM) STATE PPID PGRP ... UTIME STIME ...";
 * COMM may hold spaces and parentheses, so the fields start after the last
 * ')'.  Returns 0, or -1 when the line is not of that form.
 */
int
stall_parse_stat(const char *line, struct stall_stat *st)
{
	const char *p = strrchr(line, ')');
	unsigned long long utime, stime;
	long pgrp;
	char state;

	if (p == NULL)
		return -1;
	/* state ppid pgrp session tty tpgid flags minflt cminflt majflt
	 * cmajflt utime stime */
	if (sscanf(p + 1,
	        " %c %*d %ld %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &state,
	        &pgrp, &utime, &stime) != 4)
		return -1;
	st->state = state;
	st->pgrp = (pid_t)pgrp;
	st->cpu = utime + stime;
	return 0;
}

/* Is nr one of the calls that only wait: for input, or for a child? */
static int
waits(long nr)
{
	switch (nr) {
#ifdef SYS_poll
	case SYS_poll:
#endif
#ifdef SYS_select
	case SYS_select:
#endif
#ifdef SYS_epoll_wait
	case SYS_epoll_wait:
#endif
#ifdef SYS_pause
	case SYS_pause:
#endif
	case SYS_ppoll:
	case SYS_pselect6:
	case SYS_epoll_pwait:
	case SYS_wait4:
	case SYS_waitid:
		return 1;
	default:
		return 0;
	}
}

/*
 * A /proc/PID/syscall line: "NR ARG1 ... ARG6 SP PC" while blocked in a
 * call, "-1 SP PC" when blocked outside one, "running" when running.  For
 * a read, *fd is the descriptor.
 */
enum stall_call
stall_parse_syscall(const char *line, long *fd)
{
	char *end;
	long nr;
	unsigned long arg;

	errno = 0;
	nr = strtol(line, &end, 10);
	if (end == line || errno != 0 || nr < 0 ||
	    !isspace((unsigned char)*end))
		return CALL_RUNNING;
	if (nr == SYS_read || nr == SYS_readv) {
		arg = strtoul(end, &end, 16);
		if (errno != 0 || arg > 0x7fffffff)
			return CALL_OTHER;
		*fd = (long)arg;
		return CALL_READ;
	}
	return waits(nr) ? CALL_WAIT : CALL_OTHER;
}

/* The first line of /proc/PID/NAME into buf; 0, or -1. */
static int
read_proc(const char *pid, const char *name, char *buf, size_t size)
{
	char path[300];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%s/%s", pid, name);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return 0;
}

/* What the process pid's descriptor fd is, as /proc shows it. */
static int
fd_name(const char *pid, long fd, char *buf, size_t size)
{
	char path[300];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%s/fd/%ld", pid, fd);
	if ((n = readlink(path, buf, size - 1)) < 0)
		return -1;
	buf[n] = '\0';
	return 0;
}

/* Is a process blocked reading this a waiting one (a pipe, a terminal)? */
static int
waits_on(const char *name)
{
	return strncmp(name, "pipe:", 5) == 0 ||
	    strncmp(name, "socket:", 7) == 0 ||
	    strncmp(name, "/dev/pts/", 9) == 0;
}

/* One process of the group: add what it does to look. */
static void
look_at(const char *pid, const char *input, struct stall_look *look)
{
	char buf[512], name[128];
	long fd = -1;

	if (read_proc(pid, "syscall", buf, sizeof(buf)) != 0) {
		look->busy++;
		return;
	}
	switch (stall_parse_syscall(buf, &fd)) {
	case CALL_READ:
		if (fd_name(pid, fd, name, sizeof(name)) != 0)
			look->busy++;
		else if (strcmp(name, input) == 0)
			look->readers++;
		else if (!waits_on(name))
			look->busy++;
		break;
	case CALL_WAIT:
		break;
	default:
		look->busy++;
	}
}

/*
 * Look at the processes of group pgid: those blocked reading input (what
 * /proc/PID/fd shows for xpool's end of their input, "pipe:[INODE]" or
 * "/dev/pts/N"), those doing anything but waiting, and the group's CPU
 * time.  Returns 0, or -1 when /proc cannot be read.
 */
int
stall_look(pid_t pgid, const char *input, struct stall_look *look)
{
	struct dirent *d;
	struct stall_stat st;
	char buf[512];
	DIR *dir;

	memset(look, 0, sizeof(*look));
	if ((dir = opendir("/proc")) == NULL)
		return -1;
	while ((d = readdir(dir)) != NULL) {
		if (!isdigit((unsigned char)d->d_name[0]) ||
		    read_proc(d->d_name, "stat", buf, sizeof(buf)) != 0 ||
		    stall_parse_stat(buf, &st) != 0 || st.pgrp != pgid)
			continue;
		look->cpu += st.cpu;
		if (st.state == 'Z')
			continue;
		if (st.state != 'S')
			look->busy++;
		else
			look_at(d->d_name, input, look);
	}
	closedir(dir);
	return 0;
}
