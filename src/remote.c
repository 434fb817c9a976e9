/*
 * remote.c -- -S for a pool's driver: hosts that are down, and
 * --ssh-delay.
 *
 * A remote process (a job's or a worker's ssh) that exits with 255 while
 * its host's connection has gone never ran, or was cut off: the driver
 * puts its work back, uncharged.  After HOSTS_DOWN_AFTER of those in a row
 * the host is down (hosts.c says so once): its slots are switched off in
 * the pool, and on again HOSTS_RETRY_MS later, when hosts.c has opened its
 * connections anew.
 *
 * The login files (--sshloginfile) are looked at every FILEWATCH_MS; when
 * one changed, hosts.c reads them again, and the pool's slots follow:
 * slots of hosts that left are switched off (their jobs finish), new
 * hosts' slots are added once their connection is up.
 */
#include <stdlib.h>

#include "diag.h"
#include "remote.h"
#include "xmalloc.h"

#define FILEWATCH_MS 1000
#define NEWWATCH_MS 50

static void on_hostwatch(uv_timer_t *);

/* Switch host i's slots on (those not retired) or off. */
static void
host_slots(struct remote *rm, int i, int on)
{
	unsigned long n = hosts_slots(rm->hosts);

	for (unsigned long s = 1; s <= n; s++)
		if (hosts_of(rm->hosts, s) == i) {
			if (on && !hosts_slot_gone(rm->hosts, s))
				pool_slot_on(rm->p, s);
			else
				pool_slot_off(rm->p, s);
		}
}

/* No more work on host i for now. */
static void
host_down(struct remote *rm, int i)
{
	struct pool *p = rm->p;

	host_slots(rm, i, 0);
	rm->down_until[i] = uv_now(pool_loop(p)) + HOSTS_RETRY_MS;
	if (!uv_is_active((uv_handle_t *)&rm->hostwatch))
		uv_timer_start(&rm->hostwatch, on_hostwatch, HOSTS_RETRY_MS, 0);
	if (hosts_all_down(rm->hosts)) {
		xpool_err("every host is down; stopping (the jobs not run are "
		          "not counted)");
		pool_fail(p);
	}
}

/* Hosts whose time is up are tried again. */
static void
on_hostwatch(uv_timer_t *t)
{
	struct remote *rm = t->data;
	uint64_t now = uv_now(pool_loop(rm->p)), next = 0;

	for (size_t i = 0; i < hosts_count(rm->hosts); i++) {
		if (rm->down_until[i] == 0)
			continue;
		if (rm->down_until[i] > now) {
			if (next == 0 || rm->down_until[i] < next)
				next = rm->down_until[i];
			continue;
		}
		rm->down_until[i] = 0;
		if (hosts_up_again(rm->hosts, (int)i))
			host_slots(rm, (int)i, 1);
	}
	if (next > 0)
		uv_timer_start(&rm->hostwatch, on_hostwatch, next - now, 0);
	pool_fill_soon(rm->p);
}

/*
 * The hosts' slots changed (the login files were read again): the pool
 * has them all, and those of hosts gone or down are off.
 */
static void
remote_sync(struct remote *rm)
{
	size_t nh = hosts_count(rm->hosts);
	unsigned long n = hosts_slots(rm->hosts);

	if (nh > rm->nhosts) {
		rm->down_until =
		    xreallocarray(rm->down_until, nh, sizeof(*rm->down_until));
		for (size_t i = rm->nhosts; i < nh; i++)
			rm->down_until[i] = 0;
		rm->nhosts = nh;
	}
	pool_add_slots(rm->p, n, hosts_remote_slots(rm->hosts));
	for (unsigned long s = 1; s <= n; s++) {
		int i = hosts_slot_host(rm->hosts, s);

		if (hosts_slot_gone(rm->hosts, s) || rm->down_until[i] != 0)
			pool_slot_off(rm->p, s);
		else
			pool_slot_on(rm->p, s);
	}
	if (hosts_all_down(rm->hosts)) {
		xpool_err("every host is down or gone from the "
		          "--sshloginfile; stopping (the jobs not run are not "
		          "counted)");
		pool_fail(rm->p);
		return;
	}
	pool_fill_soon(rm->p);
}

/* New hosts connecting: those up get their slots. */
static void
on_newwatch(uv_timer_t *t)
{
	struct remote *rm = t->data;
	int changed = 0;

	if (hosts_poll_new(rm->hosts, &changed) == 0)
		uv_timer_stop(t);
	if (changed || !uv_is_active((uv_handle_t *)t))
		remote_sync(rm);
}

/* Has a login file changed?  Then its hosts are the run's. */
static void
on_filewatch(uv_timer_t *t)
{
	struct remote *rm = t->data;
	int changed = 0;

	if (pool_stopping(rm->p) || !hosts_files_changed(rm->hosts))
		return;
	if (hosts_reread(rm->hosts))
		remote_sync(rm);
	if (hosts_poll_new(rm->hosts, &changed) > 0 &&
	    !uv_is_active((uv_handle_t *)&rm->newwatch))
		uv_timer_start(
		    &rm->newwatch, on_newwatch, NEWWATCH_MS, NEWWATCH_MS);
	if (changed)
		remote_sync(rm);
}

static void
on_sshwait(uv_timer_t *t)
{
	struct remote *rm = t->data;

	pool_fill(rm->p);
}

/* The run's hosts (none without -S); those down from the start are off. */
void
remote_init(struct remote *rm, struct pool *p)
{
	const struct pool_conf *c = pool_conf(p);

	rm->p = p;
	rm->hosts = c->hosts;
	rm->delay = c->ssh_delay;
	uv_timer_init(pool_loop(p), &rm->sshwait);
	rm->sshwait.data = rm;
	uv_timer_init(pool_loop(p), &rm->hostwatch);
	rm->hostwatch.data = rm;
	uv_unref((uv_handle_t *)&rm->hostwatch);
	uv_timer_init(pool_loop(p), &rm->filewatch);
	rm->filewatch.data = rm;
	uv_unref((uv_handle_t *)&rm->filewatch);
	uv_timer_init(pool_loop(p), &rm->newwatch);
	rm->newwatch.data = rm;
	if (rm->hosts == NULL)
		return;
	rm->nhosts = hosts_count(rm->hosts);
	rm->down_until = xcalloc(rm->nhosts, sizeof(*rm->down_until));
	if (hosts_watched(rm->hosts))
		uv_timer_start(
		    &rm->filewatch, on_filewatch, FILEWATCH_MS, FILEWATCH_MS);
	for (size_t i = 0; i < hosts_count(rm->hosts); i++)
		if (hosts_is_down(rm->hosts, (int)i))
			host_down(rm, (int)i);
}

/*
 * The ssh of a process in slot on host i has exited (x): was the host out
 * of reach, so that its work is to be done again, elsewhere if it can?
 */
int
remote_lost(
    struct remote *rm, int i, unsigned long slot, const struct proc_exit *x)
{
	int r;

	if (x->ended || x->signo != 0 || pool_stopping(rm->p))
		return 0;
	/* A status the remote side told (a session's) is the job's own. */
	if (x->told || (r = hosts_lost(rm->hosts, i, slot, x->status)) == 0) {
		hosts_reached(rm->hosts, i);
		return 0;
	}
	if (r == 2)
		host_down(rm, i);
	return !pool_stopping(rm->p);
}

/*
 * --ssh-delay: must the next start, in a remote slot, wait?  Then a timer
 * fills the pool again when it may.
 */
int
remote_wait(struct remote *rm)
{
	uint64_t now;

	if (rm->delay <= 0 || hosts_of(rm->hosts, pool_slot_next(rm->p)) < 0)
		return 0;
	if (uv_is_active((uv_handle_t *)&rm->sshwait))
		return 1;
	uv_update_time(pool_loop(rm->p));
	if ((now = uv_now(pool_loop(rm->p))) >= rm->next_ssh)
		return 0;
	uv_timer_start(&rm->sshwait, on_sshwait, rm->next_ssh - now, 0);
	return 1;
}

/* An ssh starts for host i (-1: this machine): the next waits its delay. */
void
remote_starting(struct remote *rm, int i)
{
	if (i >= 0 && rm->delay > 0)
		rm->next_ssh =
		    uv_now(pool_loop(rm->p)) + (uint64_t)(rm->delay * 1000);
}

void
remote_stop(struct remote *rm)
{
	uv_timer_stop(&rm->hostwatch);
	uv_timer_stop(&rm->sshwait);
	uv_timer_stop(&rm->filewatch);
	uv_timer_stop(&rm->newwatch);
}

void
remote_close(struct remote *rm)
{
	uv_close((uv_handle_t *)&rm->hostwatch, NULL);
	uv_close((uv_handle_t *)&rm->sshwait, NULL);
	uv_close((uv_handle_t *)&rm->filewatch, NULL);
	uv_close((uv_handle_t *)&rm->newwatch, NULL);
}

void
remote_free(struct remote *rm)
{
	free(rm->down_until);
	rm->down_until = NULL;
}
