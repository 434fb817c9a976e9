/*
 * test_sys.c -- counting CPU sockets, cores and threads in a sysfs tree
 * (src/sys.h), on made-up trees, and on this machine; random bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sys.h"
#include "unit.h"

/* cpuN/topology in dir: its package id and thread siblings mask. */
static void
make_cpu(const char *dir, int n, const char *package, const char *siblings)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/cpu%d", dir, n);
	CHECK(mkdir(path, 0700) == 0);
	snprintf(path, sizeof(path), "%s/cpu%d/topology", dir, n);
	CHECK(mkdir(path, 0700) == 0);
	snprintf(path, sizeof(path), "%s/cpu%d/topology/physical_package_id",
	    dir, n);
	CHECK((f = fopen(path, "w")) != NULL);
	fprintf(f, "%s\n", package);
	fclose(f);
	snprintf(
	    path, sizeof(path), "%s/cpu%d/topology/thread_siblings", dir, n);
	CHECK((f = fopen(path, "w")) != NULL);
	fprintf(f, "%s\n", siblings);
	fclose(f);
}

static void
test_tree(void)
{
	char dir[] = "/tmp/xpool-test-sys.XXXXXX", rm[64];
	/* 2 sockets of 2 cores of 2 threads; the masks in 32-bit groups. */
	static const char *const masks[] = { "00000000,00000003",
		"00000000,00000003", "00000000,0000000c", "00000000,0000000c",
		"00000000,00000030", "00000000,00000030", "00000000,000000C0",
		"00000000,000000C0" };

	CHECK(mkdtemp(dir) != NULL);
	CHECK_INT(sys_cpus_in(dir, SYS_THREADS), 0);
	CHECK_INT(sys_cpus_in(dir, SYS_SOCKETS), 0);
	for (int i = 0; i < 8; i++)
		make_cpu(dir, i, i < 4 ? "0" : "1", masks[i]);
	CHECK_INT(sys_cpus_in(dir, SYS_THREADS), 8);
	CHECK_INT(sys_cpus_in(dir, SYS_CORES), 4);
	CHECK_INT(sys_cpus_in(dir, SYS_SOCKETS), 2);
	/* A gap ends the CPUs, as for GNU parallel. */
	make_cpu(dir, 9, "2", "200");
	CHECK_INT(sys_cpus_in(dir, SYS_THREADS), 8);
	/*
	 * With cpu8, cpu9 counts too: a core of its own (its mask is bit 9).
	 * cpu8's lowest sibling is 40 (the second 32-bit group), so its core
	 * is counted there, not at cpu8.
	 */
	make_cpu(dir, 8, "7", "00000100,00000000");
	CHECK_INT(sys_cpus_in(dir, SYS_THREADS), 10);
	CHECK_INT(sys_cpus_in(dir, SYS_SOCKETS), 4);
	CHECK_INT(sys_cpus_in(dir, SYS_CORES), 5);
	snprintf(rm, sizeof(rm), "rm -rf %s", dir);
	CHECK(system(rm) == 0);
}

/* This machine: 1 <= sockets <= cores <= threads <= the usable CPUs. */
static void
test_here(void)
{
	long s = sys_cpus(SYS_SOCKETS), c = sys_cpus(SYS_CORES),
	     t = sys_cpus(SYS_THREADS);

	CHECK(s >= 1);
	CHECK(s <= c);
	CHECK(c <= t);
	CHECK(sys_usable_cpus() <= t);
}

/* A process's argv[0] read as GNU parallel reads it for its shell. */
static void
test_shell_name(void)
{
	/* r: 0 none, 1 a shell, 2 a shell with a dash before its name. */
	static const struct {
		const char *argv0, *name;
		int r;
	} t[] = {
		{ "bash", "bash", 1 },
		{ "-bash", "bash", 2 },
		{ "/usr/bin/zsh", "zsh", 1 },
		{ "/bin/sh", "sh", 1 },
		{ "-/bin/sh", "sh", 1 },
		{ "/bin/-sh", "sh", 2 },
		{ "busybox sh", "sh", 1 },
		{ "busybox ash", "ash", 1 },
		{ "sh -c", "sh", 1 },
		{ "bash  ", "bash", 1 },
		{ "/usr/local/bin/ksh93", "ksh93", 1 },
		{ "tcsh", "tcsh", 1 },
		{ "-csh", "csh", 2 },
		{ "fish", "fish", 1 },
		{ "sh (sh)", NULL, 0 },
		{ "foo.sh", NULL, 0 },
		{ "sshd", NULL, 0 },
		{ "ssh", NULL, 0 },
		{ "flush", NULL, 0 },
		{ "bash5", NULL, 0 },
		{ "/usr/bin/perl", NULL, 0 },
		{ "/usr/bin/bash.real", NULL, 0 },
		{ "xpool", NULL, 0 },
		{ "/sh/xpool", NULL, 0 },
		{ "", NULL, 0 },
		{ "-", NULL, 0 },
	};
	char name[16];

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		strcpy(name, "?");
		if (!unit_check(sys_shell_name(
		                    t[i].argv0, name, sizeof(name)) == t[i].r,
		        __FILE__, __LINE__, "sys_shell_name"))
			fprintf(stderr, "    argv0 '%s'\n", t[i].argv0);
		if (t[i].name != NULL)
			CHECK_STR(name, t[i].name);
	}
	/* A name that does not fit is not taken. */
	CHECK(sys_shell_name("bash", name, 4) == 0);
	CHECK(sys_shell_name("bash", name, 5) == 1);
}

/* Random bytes: every byte of the buffer is written, two draws differ. */
static void
test_random(void)
{
	unsigned char a[64], b[64];
	int ones = 0;

	/* Over 64 draws of 64 bytes, each byte position sees some 1 bit. */
	for (size_t i = 0; i < sizeof(a); i++)
		a[i] = 0;
	for (int k = 0; k < 64; k++) {
		sys_random(b, sizeof(b));
		for (size_t i = 0; i < sizeof(b); i++)
			a[i] |= b[i];
	}
	for (size_t i = 0; i < sizeof(a); i++)
		ones += a[i] != 0;
	CHECK(ones == (int)sizeof(a));
	sys_random(a, sizeof(a));
	sys_random(b, sizeof(b));
	CHECK(memcmp(a, b, sizeof(a)) != 0);
	sys_random(a, 0);
}

int
main(void)
{
	test_tree();
	test_here();
	test_random();
	test_shell_name();
	return unit_done("test_sys");
}
