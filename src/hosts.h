/*
 * hosts.h -- -S: the machines jobs run on, through ssh.
 *
 * Owns the hosts: one for each login logins.c parses from -S and
 * --sshloginfile (its name, groups, ssh words and N/ are the login's), and
 * what becomes of them when the login files change while the run goes
 * (hosts that appear are connected, brought up by a script the caller runs
 * in the background -- their CPUs asked, rfiles.c's guard and base files --
 * and given slots; slots of hosts that left are retired); the slots each host
 * has and which slot is on which host, the command a remote job runs as (ssh,
 * its connection options and a small POSIX sh wrapper on the remote side that
 * ends the job's process group when the connection goes, with the items quoted
 * once), each host's connections (an ssh ControlMaster for every 10 slots,
 * sshd's MaxSessions, started at the start, ended at exit), and which hosts are
 * down.  A host is down after HOSTS_DOWN_AFTER connection failures in a
 * row (ssh exit 255 while the host's connection is gone), and is tried
 * again HOSTS_RETRY_MS later; one that answers nothing to a command of
 * xpool's own (its CPUs) in 20 s is out of the run, its shell stuck.
 * The files a job moves, its --workdir and --env are rfiles.c's: hosts.c
 * tells it each host's ssh words, connection and destination.  Knows nothing of
 * a login's syntax or of the login files (logins.c's), nor of the pool,
 * templates, output or records.
 */
#ifndef XPOOL_HOSTS_H
#define XPOOL_HOSTS_H

#include <stddef.h>

#include "buf.h"
#include "logins.h"
#include "parse.h"
#include "rfiles.h"
#include "spawn.h"

/* What a remote process is, for hosts_argv(). */
enum hosts_kind {
	HOSTS_JOB, /* a job: ended when the connection goes */
	HOSTS_PIPE, /* a --pipe job: its stdin is its block */
	HOSTS_WORKER, /* a --worker: its stdin its items, ended likewise */
	HOSTS_RUNNER, /* a slot's session: its stdin its jobs, one by one */
};

/* Seconds a remote worker has to end by itself once its input has. */
#define HOSTS_WORKER_GRACE 2

#define HOSTS_DOWN_AFTER 3
#define HOSTS_RETRY_MS 30000

struct hosts_conf {
	char **logins; /* -S values, as given */
	size_t nlogins;
	char **slf; /* --sshloginfile names ('-', '..', '.' too) */
	size_t nslf;
	const char *ssh; /* --ssh: the ssh command's words (default "ssh") */
	const char *jobs; /* -j's text, or NULL: slots on a host without N/ */
	const char *tmpdir; /* where the connections' sockets go */
	struct termseq termseq; /* how the remote side ends a job */
	struct rfiles_conf files; /* --workdir, --env, the files */
	int filter; /* --filter-hosts: hosts down at the start are left out */
	int set_nice; /* --nice: remote processes run under nice -n nice */
	int nice;
};

struct hosts;

/* hosts_parse()'s answer when a login file cannot be read. */
#define HOSTS_NO_FILE LOGINS_NO_FILE

int hosts_parse(const struct hosts_conf *, struct hosts **, struct buf *);
int hosts_watched(const struct hosts *);
int hosts_files_changed(struct hosts *);
int hosts_reread(struct hosts *);
int hosts_poll_new(struct hosts *);
long hosts_next_up(struct hosts *);
char **hosts_bringup_argv(struct hosts *, int);
int hosts_bringup_done(struct hosts *, int, const char *);
int hosts_slot_gone(const struct hosts *, unsigned long);
unsigned long hosts_retired(const struct hosts *);
int hosts_any_remote(const struct hosts *);
long hosts_local_given(const struct hosts *);
const char *hosts_program(const struct hosts *);
int hosts_open(struct hosts *, struct spawner *, long);
unsigned long hosts_slots(const struct hosts *);
const unsigned char *hosts_remote_slots(const struct hosts *);
int hosts_of(const struct hosts *, unsigned long);
const char *hosts_name(const struct hosts *, int);
int hosts_slot_host(const struct hosts *, unsigned long);
int hosts_in_groups(const struct hosts *, int, const char *, size_t);
int hosts_group_known(const struct hosts *, const char *, size_t);
size_t hosts_count(const struct hosts *);
char **hosts_argv(struct hosts *, int, char **, enum hosts_kind, unsigned long,
    unsigned long);
const char *hosts_job_text(
    struct hosts *, char **, unsigned long, const char **);
int hosts_lost(struct hosts *, int, unsigned long, int);
void hosts_reached(struct hosts *, int);
int hosts_is_down(const struct hosts *, int);
int hosts_all_down(const struct hosts *);
int hosts_up_again(struct hosts *, int);
char **hosts_files_argv(struct hosts *, int, char **, unsigned long,
    char *const *, size_t, char *const *, size_t, struct buf *);
int hosts_moves_files(const struct hosts *);
void hosts_close(struct hosts *);
void hosts_free(struct hosts *);

#endif
