/*
 * onall.h -- --onall and --nonall: the command on every host.
 *
 * Owns the run of one xpool per host, as GNU parallel runs one parallel
 * per host: each is this program again, with the same command line, told
 * its host by ONALL_ENV in its environment (main.c then gives it that host
 * alone, -j1, and --tag as --tagstring HOST).  At most conf.jobs of them
 * run at once; each one's standard output is kept in an unlinked file and
 * written out whole, host after host in the order of their logins' names
 * (GNU parallel's order with -k); their standard error passes straight
 * through, and each ends its jobs (SIGTERM) when this xpool dies.  With
 * --onall the items of standard input are read once, into
 * an unlinked file every host's xpool reads.
 *
 * Knows nothing of options, templates or the pool: it runs programs.
 */
#ifndef XPOOL_ONALL_H
#define XPOOL_ONALL_H

#include <stddef.h>
#include <sys/types.h>

#include "hosts.h"

/* The host a --onall/--nonall xpool of one host is for. */
#define ONALL_ENV "XPOOL_ONALL_HOST"

struct onall_conf {
	const struct hosts *hosts; /* the logins */
	long jobs; /* hosts at once; 0: all of them */
	int stdin_items; /* the items come from standard input */
	const char *tmpdir; /* where the kept output goes */
	char **argv; /* this xpool's command line, NULL-ended */
	pid_t parent; /* this xpool: its death ends the hosts' xpools */
};

int onall_run(const struct onall_conf *);

#endif
