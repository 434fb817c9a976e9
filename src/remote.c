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
 * hosts' slots are added once their connection is up and their bring-up
 * (hosts_bringup_argv(): their CPUs, --cleanup's guard, --basefile) is
 * over, a PROC_AUX process run while the loop goes on.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "recio.h"
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

/* ---- a new host's bring-up ------------------------------------------------
 */

/* A host's bring-up script: its output, up to BRINGUP_MAX bytes. */
#define BRINGUP_MAX 4096

struct bringup {
	struct remote *rm;
	int host;
	struct proc *pr; /* its script, or NULL */
	int ended; /* the run stopped: it is ended, its host left as it is */
	struct buf out;
	struct bringup *next;
};

static int
bringup_output(void *arg, int which, const char *p, size_t n)
{
	struct bringup *b = arg;

	if (which == 1)
		/* rsync's and ssh's own messages, as they would be. */
		(void)rec_write_all(STDERR_FILENO, p, n);
	else if (b->out.len + n <= BRINGUP_MAX)
		buf_add(&b->out, p, n);
	return 0;
}

/* Its slots come (or it is said and left out), and it is gone. */
static void
bringup_over(struct remote *rm, struct bringup *b)
{
	struct bringup **pp = &rm->bringups;

	while (*pp != b)
		pp = &(*pp)->next;
	*pp = b->next;
	buf_addc(&b->out, '\0');
	if (!b->ended && hosts_bringup_done(rm->hosts, b->host, b->out.data))
		remote_sync(rm);
	buf_free(&b->out);
	free(b);
}

static void
bringup_exited(void *arg, const struct proc_exit *x)
{
	struct bringup *b = arg;

	/* What it found is in its output; one ended with the run is not. */
	b->pr = NULL;
	b->ended |= x->ended != 0;
	bringup_over(b->rm, b);
}

static const struct proc_cb bringup_cb = { bringup_output, bringup_exited, NULL,
	NULL };

/*
 * Host i has logged in: what it needs before its first job runs in the
 * background (hosts_bringup_argv()), the loop going on; then its slots.
 */
static void
bringup_start(struct remote *rm, int i)
{
	struct bringup *b = xcalloc(1, sizeof(*b));
	char **argv = hosts_bringup_argv(rm->hosts, i);
	int err;

	b->rm = rm;
	b->host = i;
	b->next = rm->bringups;
	rm->bringups = b;
	if (argv == NULL) {
		bringup_over(rm, b);
		return;
	}
	err = proc_start(pool_procs(rm->p), argv, PROC_CAPTURE | PROC_AUX,
	    STDOUT_FILENO, 0, 0, &bringup_cb, b, &b->pr);
	if (err != 0) {
		xpool_warn("cannot run sh for host %s: %s",
		    hosts_name(rm->hosts, i), strerror(err));
		bringup_over(rm, b);
	}
}

/*
 * New hosts connecting: those logged in are brought up.  The timer (which
 * holds the loop) runs until none connects and no bring-up runs.
 */
static void
on_newwatch(uv_timer_t *t)
{
	struct remote *rm = t->data;
	int connecting = 0;
	long i;

	if (!pool_stopping(rm->p)) {
		connecting = hosts_poll_new(rm->hosts);
		while ((i = hosts_next_up(rm->hosts)) >= 0)
			bringup_start(rm, (int)i);
	}
	if (connecting > 0 || rm->bringups != NULL)
		return;
	uv_timer_stop(t);
	if (!pool_stopping(rm->p))
		remote_sync(rm);
}

/* Has a login file changed?  Then its hosts are the run's. */
static void
on_filewatch(uv_timer_t *t)
{
	struct remote *rm = t->data;

	if (pool_stopping(rm->p) || !hosts_files_changed(rm->hosts))
		return;
	if (hosts_reread(rm->hosts))
		remote_sync(rm);
	if (!uv_is_active((uv_handle_t *)&rm->newwatch))
		uv_timer_start(&rm->newwatch, on_newwatch, 0, NEWWATCH_MS);
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

/*
 * Nothing is left to start: new hosts' bring-ups are ended (a --basefile's
 * rsync would only hold the run's end), their hosts left as they are.
 */
void
remote_idle(struct remote *rm)
{
	for (struct bringup *b = rm->bringups; b != NULL; b = b->next)
		if (!b->ended) {
			b->ended = 1;
			if (b->pr != NULL)
				proc_end(b->pr, ENDED_HALT);
		}
}

void
remote_stop(struct remote *rm)
{
	uv_timer_stop(&rm->hostwatch);
	uv_timer_stop(&rm->sshwait);
	uv_timer_stop(&rm->filewatch);
	remote_idle(rm);
	/* Else on_newwatch() stops it once they are over. */
	if (rm->bringups == NULL)
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
	while (rm->bringups != NULL) {
		struct bringup *b = rm->bringups;

		rm->bringups = b->next;
		buf_free(&b->out);
		free(b);
	}
	free(rm->down_until);
	rm->down_until = NULL;
}
