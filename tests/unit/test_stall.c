/*
 * test_stall.c -- reading /proc/PID/stat and /proc/PID/syscall lines
 * (src/stall.h), and one look at a real process group.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "stall.h"
#include "unit.h"

static void
test_stat(void)
{
	struct stall_stat st;

	CHECK(stall_parse_stat("4242 (mawk) S 4240 4241 4000 34816 4241 "
	                       "4194304 120 0 0 0 7 3 0 0 20 0 1 0 99 "
	                       "5000 100",
	          &st) == 0);
	CHECK_INT(st.state, 'S');
	CHECK_INT(st.pgrp, 4241);
	CHECK_INT((long)st.cpu, 10);
	/* A name with spaces and parentheses: the fields follow the last ). */
	CHECK(stall_parse_stat("7 (a) b (c)) R 1 7 7 0 -1 0 0 0 0 0 100 "
	                       "23 0 0",
	          &st) == 0);
	CHECK_INT(st.state, 'R');
	CHECK_INT(st.pgrp, 7);
	CHECK_INT((long)st.cpu, 123);
	CHECK(stall_parse_stat("", &st) == -1);
	CHECK(stall_parse_stat("12 (x", &st) == -1);
	CHECK(stall_parse_stat("12 (x) S 1", &st) == -1);
}

static void
test_syscall(void)
{
	char line[128];
	long fd = -1;

	snprintf(line, sizeof(line),
	    "%d 0x0 0x56409e53ef40 0x1000 0x0 0x7ffd 0x7ffd 0x7ffd 0x7ffb",
	    SYS_read);
	CHECK(stall_parse_syscall(line, &fd) == CALL_READ);
	CHECK_INT(fd, 0);
	snprintf(line, sizeof(line), "%d 0x3 0x1 0x2 0x0 0x0 0x0 0x7ffd 0x7f",
	    SYS_read);
	CHECK(stall_parse_syscall(line, &fd) == CALL_READ);
	CHECK_INT(fd, 3);
	snprintf(line, sizeof(line),
	    "%d 0xffffffff 0x0 0x0 0x0 0x0 0x0 0x0 0x0", SYS_wait4);
	CHECK(stall_parse_syscall(line, &fd) == CALL_WAIT);
	snprintf(line, sizeof(line), "%d 0x7ffd 0x0 0x0 0x0 0x0 0x0 0x0 0x0",
	    SYS_nanosleep);
	CHECK(stall_parse_syscall(line, &fd) == CALL_OTHER);
	CHECK(stall_parse_syscall("running", &fd) == CALL_RUNNING);
	CHECK(stall_parse_syscall("-1 0x7ffd 0x7f", &fd) == CALL_RUNNING);
	CHECK(stall_parse_syscall("", &fd) == CALL_RUNNING);
	/* A descriptor that cannot be one. */
	snprintf(line, sizeof(line), "%d 0xffffffffff 0x0", SYS_read);
	CHECK(stall_parse_syscall(line, &fd) == CALL_OTHER);
}

/* What /proc shows for descriptor fd of this process. */
static void
fd_link(int fd, char *buf, size_t size)
{
	char path[64];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = readlink(path, buf, size - 1);
	buf[n > 0 ? n : 0] = '\0';
}

/*
 * A child in a group of its own, blocked reading a pipe: seen reading it,
 * and not busy; one that sleeps: busy, reading nothing.
 */
static void
test_look(void)
{
	struct stall_look lk;
	char name[64];
	int fds[2];
	pid_t pid;

	if (pipe(fds) != 0) {
		CHECK(!"pipe");
		return;
	}
	if ((pid = fork()) == 0) {
		char c;

		setpgid(0, 0);
		close(fds[1]);
		(void)!read(fds[0], &c, 1);
		_exit(0);
	}
	setpgid(pid, pid);
	close(fds[0]);
	fd_link(fds[1], name, sizeof(name));
	/* Until it has blocked in its read (2 s at most). */
	for (int i = 0; i < 200; i++) {
		if (stall_look(pid, name, &lk) == 0 && lk.readers == 1)
			break;
		usleep(10000);
	}
	CHECK_INT(lk.readers, 1);
	CHECK_INT(lk.busy, 0);
	CHECK(stall_look(pid, "pipe:[1]", &lk) == 0);
	CHECK_INT(lk.readers, 0);
	CHECK_INT(lk.busy, 0);
	close(fds[1]);
	waitpid(pid, NULL, 0);

	if ((pid = fork()) == 0) {
		setpgid(0, 0);
		sleep(30);
		_exit(0);
	}
	setpgid(pid, pid);
	for (int i = 0; i < 200; i++) {
		if (stall_look(pid, name, &lk) == 0 && lk.busy == 1)
			break;
		usleep(10000);
	}
	CHECK_INT(lk.busy, 1);
	CHECK_INT(lk.readers, 0);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

int
main(void)
{
	test_stat();
	test_syscall();
	test_look();
	return unit_done("test_stall");
}
