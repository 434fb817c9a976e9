/*
 * remote.h -- -S for a pool's driver: the slots of hosts that are down,
 * and --ssh-delay.
 *
 * Owns, for the run, when each host that is down is tried again (its slots
 * are switched off in the pool until then, and on again after
 * HOSTS_RETRY_MS), the --sshloginfile looked at every second and, when it
 * changed, the pool's slots made those of its hosts, the telling apart of a
 * lost connection from a remote command's own exit 255, and when the next ssh
 * may start (--ssh-delay). Used alike by the driver of a process per job and by
 * that of workers. Knows nothing of jobs, items, output or records.
 */
#ifndef XPOOL_REMOTE_H
#define XPOOL_REMOTE_H

#include "hosts.h"
#include "pool.h"

struct remote {
	struct pool *p;
	struct hosts *hosts; /* -S, or NULL: then nothing here does a thing */
	double delay; /* --ssh-delay, in seconds */
	uv_timer_t hostwatch; /* tries hosts that are down again */
	uv_timer_t sshwait; /* --ssh-delay: the next remote start may come */
	uv_timer_t filewatch; /* looks at the login files */
	uv_timer_t newwatch; /* hosts new in them, connecting */
	uint64_t next_ssh; /* ... at this uv_now() */
	uint64_t *down_until; /* by host: when to try it again, or 0 */
	size_t nhosts; /* ... of so many hosts */
	struct bringup *bringups; /* new hosts' bring-ups running */
};

void remote_init(struct remote *, struct pool *);
int remote_lost(struct remote *, int, unsigned long, const struct proc_exit *);
int remote_wait(struct remote *);
void remote_starting(struct remote *, int);
void remote_idle(struct remote *);
void remote_stop(struct remote *);
void remote_close(struct remote *);
void remote_free(struct remote *);

#endif
