/*
 * rfiles.h -- the files a remote job moves, and where it runs there.
 *
 * Owns the files a job moves to and from a host: --transferfile before it,
 * --return after it, --cleanup, --basefile (sent before a host's first job,
 * removed at the end), each with rsync through the host's connection, by
 * GNU parallel's rule of where a path goes; the remote job's --workdir
 * (DIR, . or ... a directory of its own) and --env (its variables and bash
 * functions, before the job's command line); and --cleanup's guard that a
 * host's workdir is not this directory.  Of a host it knows only what
 * struct rfiles_host says, and asks a host's shell through a callback, or,
 * for a host that comes while the run goes, writes what it needs into the
 * host's bring-up script and reads the script's answers back.
 * Knows nothing of the logins, the connections' masters, slots, the pool,
 * templates, output or records.
 */
#ifndef XPOOL_RFILES_H
#define XPOOL_RFILES_H

#include <stddef.h>

#include "buf.h"
#include "spawn.h"

struct rfiles_conf {
	const char *workdir; /* --workdir: DIR, . or ...; or NULL */
	const char *rsync_opts; /* --rsync-opts (default -rlDzR) */
	int cleanup; /* --cleanup */
	const char *const *basefiles; /* --basefile FILEs */
	size_t nbasefiles;
	char *const *env; /* --env: "NAME=VALUE" for the remote jobs */
	size_t nenv;
};

/* What the files need of a host: how ssh reaches it through its connection.
 */
struct rfiles_host {
	const char *login; /* as given: for messages */
	char *const *ssh; /* the ssh words */
	size_t nssh;
	const char *ctl_opt; /* "ControlPath=SOCKET" of its connection */
	const char *dest; /* the host as ssh takes it */
	int skip; /* this machine, or down, or its connection gone */
};

/*
 * Run command on host i through its connection; its first line in out.
 * Returns 0 when it succeeded.
 */
typedef int (*rfiles_ask_fn)(void *, size_t, const char *, char *, size_t);

/* Where a file goes (--transferfile, --return), by GNU parallel's rule. */
struct rfiles_path {
	int root; /* absolute, no /./: the same path from / on the host */
	const char *rel; /* the path under the workdir (or under /) */
	size_t base_len; /* the local directory rel is under: the path's
	                    first base_len bytes ("." when 0 and not root) */
};

struct rfiles;

struct rfiles *rfiles_new(const struct rfiles_conf *);
int rfiles_open(struct rfiles *, struct spawner *, const struct rfiles_host *,
    size_t, rfiles_ask_fn, void *);
void rfiles_bringup(struct rfiles *, const struct rfiles_host *, struct buf *);
int rfiles_bringup_done(
    struct rfiles *, size_t, const struct rfiles_host *, const char *);
const char *rfiles_answer(const char *, const char *);
void rfiles_ssh_cmd(const struct rfiles_host *, struct buf *);
const char *rfiles_prefix(struct rfiles *, const char *, unsigned long);
int rfiles_moves_files(const struct rfiles *);
char **rfiles_argv(struct rfiles *, size_t, const struct rfiles_host *, char **,
    unsigned long, char *const *, size_t, char *const *, size_t, struct buf *);
void rfiles_split_path(const char *, struct rfiles_path *);
void rfiles_close(
    struct rfiles *, const struct rfiles_host *, size_t, rfiles_ask_fn, void *);
void rfiles_free(struct rfiles *);

#endif
