/*
 * config.c -- from struct options to each module's configuration.
 *
 * The checks of options that cannot go together come first (config_check);
 * then every value is decoded once, into the configuration structs the
 * modules take (config_init), and what the run tells later is added to them
 * (config_names, config_chunksize, config_records).
 */
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "config.h"
#include "diag.h"
#include "hosts.h"
#include "limit.h"
#include "parse.h"
#include "pipefile.h"
#include "quote.h"
#include "sem.h"
#include "slurm.h"
#include "spawn.h"
#include "sys.h"
#include "xmalloc.h"

/* --pipe reads one stream of records: what cannot go with it. */
static int
pipe_conflicts(const struct options *o)
{
	const char *other = NULL;

	for (size_t i = 0; i < o->nsrc; i++)
		if (o->src[i].kind == SRC_LIST)
			other = "::: items";
	if (o->nsrc > 1 && !o->pipe_part)
		other = "more than one input source";
	if (o->pack)
		other = o->context ? "-X" : "-m";
	if (o->colsep != NULL && o->group_by == NULL)
		other = "--colsep";
	if (o->csv)
		other = "--csv";
	if (o->trim > 0)
		other = "--trim";
	if (o->shuf)
		other = "--shuf (GNU parallel refuses it too)";
	if (other == NULL)
		return 0;
	xpool_err("--pipe gives each job a block of one input on its "
	          "standard input; it does not go with %s",
	    other);
	return -1;
}

/*
 * --pipe-part cuts the -a files at offsets and hands each job its part
 * straight from the file: what it needs, and what cannot go with it.
 */
static int
pipe_part_conflicts(const struct options *o)
{
	const char *other = NULL;

	if (o->nsrc == 0) {
		xpool_err("--pipe-part reads parts of the files -a names; give "
		          "-a FILE (or use --pipe for standard input)");
		return -1;
	}
	for (size_t i = 0; i < o->nsrc; i++)
		if (o->src[i].kind == SRC_FILE &&
		    strcmp(o->src[i].path, "-") == 0)
			other =
			    "standard input (-a -); use --pipe for a stream";
	if (o->max_args || o->no_args)
		other = o->replace_args ? "-N (a part is --block bytes)"
		                        : "-n (a part is --block bytes)";
	if (o->header)
		other = "--header";
	if (o->skip_first)
		other = "--skip-first-line";
	if (o->block_timeout)
		other = "--block-timeout (the parts are in the files)";
	if (o->skip_blank || o->remove_rec_sep)
		other = o->skip_blank ? "-r (the job reads its part from the "
		                        "file as it is)"
		                      : "--remove-rec-sep (the job reads its "
		                        "part from the file as it is)";
	if (other == NULL)
		return 0;
	xpool_err("--pipe-part does not go with %s", other);
	return -1;
}

/*
 * --onall, --nonall: an xpool of its own for each host, which writes no
 * record files of the run and takes no blocks.
 */
static int
onall_conflicts(const struct options *o)
{
	const char *opt = o->nonall ? "--nonall" : "--onall";
	const char *with = o->onall && o->nonall ? "--onall"
	    : o->worker                          ? "--worker"
	    : o->pipe                            ? "--pipe"
	    : o->semaphore                       ? "--semaphore"
	    : o->joblog != NULL                  ? "--joblog"
	    : o->results != NULL                 ? "--results"
	    : o->junit != NULL                   ? "--junit"
	                                         : NULL;

	if (with != NULL) {
		xpool_err(
		    "%s does not go with %s: give one of them", opt, with);
		return -1;
	}
	if (o->nonall && o->nsrc > 0) {
		xpool_err("--nonall runs the command with no items; leave out "
		          "-a, ::: and ::::, or give --onall to run each item "
		          "on every host");
		return -1;
	}
	return 0;
}

/* --tee, --shard or --bin, as its option's name; or NULL. */
static const char *
spread_name(const struct options *o)
{
	return o->tee          ? "--tee"
	    : o->shard != NULL ? "--shard"
	    : o->bin != NULL   ? "--bin"
	                       : NULL;
}

/*
 * --group-by ends --pipe's records where a column's value changes: what
 * cannot go with it.
 */
static int
group_by_conflicts(const struct options *o)
{
	const char *other = spread_name(o) != NULL ? spread_name(o)
	    : o->recend_given || o->recstart || o->regexp || o->remove_rec_sep
	    ? "--recend, --recstart, --regexp or --remove-rec-sep (records "
	      "end where the column's value changes)"
	    : o->max_lines > 0 ? "-L (a record is the lines of one value)"
	                       : NULL;

	if (!o->pipe && !o->pipe_part) {
		xpool_err("--group-by is for --pipe; give --pipe too");
		return -1;
	}
	if (other == NULL)
		return 0;
	xpool_err("--group-by does not go with %s", other);
	return -1;
}

/*
 * --tee gives the whole of standard input, as it is, to every job, one job
 * per item of the other sources; --shard and --bin give each line to one of
 * -j jobs: what they need, and what cannot go with them.
 */
static int
spread_conflicts(const struct options *o)
{
	const char *name = spread_name(o), *other = NULL;

	if (o->tee + (o->shard != NULL) + (o->bin != NULL) > 1) {
		xpool_err(
		    "--tee, --shard and --bin each spread the input their "
		    "own way; give one of them");
		return -1;
	}
	if (!o->pipe) {
		xpool_err("%s is for --pipe: give --pipe too", name);
		return -1;
	}
	if (o->tee && o->nsrc == 0) {
		xpool_err("--tee runs one job per item and gives each all of "
		          "standard input: give the items with ::: (or -a "
		          "FILE)");
		return -1;
	}
	if (!o->tee && o->jobs != NULL && strcmp(o->jobs, "0") == 0) {
		xpool_err("%s runs -j jobs and gives each its share of the "
		          "lines; give a number, not -j 0",
		    name);
		return -1;
	}
	for (size_t i = 0; i < o->nsrc; i++)
		if (!o->tee ||
		    (o->src[i].kind == SRC_FILE &&
		        strcmp(o->src[i].path, "-") == 0))
			other = o->tee
			    ? "items from standard input (-a - or :::: -)"
			    : "items (it runs -j jobs, with no items)";
	if (o->pipe_part || o->round_robin || o->cat || o->fifo)
		other = o->pipe_part ? "--pipe-part"
		    : o->round_robin ? "--round-robin"
		    : o->cat         ? "--cat"
		                     : "--fifo";
	if (o->max_args || o->no_args || o->lines_opt || (o->header && o->tee))
		other = o->header ? "--header (the header goes to every job "
		                    "with the rest)"
		                  : "-n, -N or -L (there are no blocks)";
	if (o->block_given || o->recend_given || o->recstart || o->regexp ||
	    o->remove_rec_sep || o->block_timeout)
		other = "--block, --recend, --recstart, --regexp, "
		        "--remove-rec-sep or --block-timeout (there are no "
		        "blocks)";
	if (!o->tee && (o->csv || o->trim > 0 || o->shuf))
		other = o->csv ? "--csv" : o->trim > 0 ? "--trim" : "--shuf";
	if (o->retries > 1)
		other = "--retries (the input is read once)";
	if (o->nsshlogin > 0 || o->nslf > 0 || o->slurm_hosts)
		other = o->slurm_hosts
		    ? "--slurm-hosts (every job runs on this machine)"
		    : "-S (every job runs on this machine)";
	if (other == NULL)
		return 0;
	xpool_err("%s gives the jobs standard input as it is read; it does "
	          "not go with %s",
	    name, other);
	return -1;
}

/* --worker feeds items to long-lived processes: what cannot go with it. */
static int
worker_conflicts(const struct options *o)
{
	const char *other = NULL;

	if (o->pipe)
		other = "--pipe";
	if (o->pack)
		other = o->context ? "-X" : "-m";
	if (o->replace_args)
		other = "-N (use -n for the items sent at a time)";
	if (o->no_args && !o->replace_args)
		other = "-n 0 (a worker is sent items)";
	if (o->group == GROUP_NONE)
		other = "-u (xpool reads the workers' answers)";
	if (o->dry_run)
		other = "--dry-run";
	if (o->init)
		other = "--init (a worker can set itself up)";
	if (o->nfilter > 0)
		other = "--filter (a worker is sent every item)";
	if (o->ntmpl > 0)
		other = "--template (a worker is started once)";
	if (o->ncmd == 0)
		other = "no command (give the worker's command)";
	if (other == NULL)
		return 0;
	xpool_err("--worker does not go with %s", other);
	return -1;
}

/*
 * --shell and --launcher name a program that can run, found through PATH
 * when it has no slash: checked whether or not a job needs it, so that the
 * same command line fails the same way whatever the command.
 */
static int
program_check(const char *opt, const char *prog, const char *hint)
{
	const char *why;
	int err;

	if (prog[0] == '\0') {
		xpool_err("%s: the program is empty; %s", opt, hint);
		return -1;
	}
	if ((err = spawn_check_program(prog)) == 0)
		return 0;
	if (err == ENOENT && strchr(prog, '/') == NULL)
		why = "not found in PATH";
	else if (err == EACCES)
		why = "not an executable file";
	else
		why = strerror(err);
	xpool_err("%s: '%s': %s; %s", opt, prog, why, hint);
	return -1;
}

/* Shells whose quoting is sh's: a value quoted for sh is safe in them. */
static int
quotes_as_sh(const char *name)
{
	static const char *const sh[] = { "ash", "bash", "dash", "ksh", "ksh93",
		"lksh", "mksh", "pdksh", "posh", "rbash", "rzsh", "sh", "yash",
		"zsh" };

	for (size_t i = 0; i < sizeof(sh) / sizeof(sh[0]); i++)
		if (strcmp(sh[i], name) == 0)
			return 1;
	return 0;
}

/* The shell the user chose: --shell, else $PARALLEL_SHELL; or NULL. */
static const char *
chosen_shell(const struct options *o)
{
	const char *s = getenv("PARALLEL_SHELL");

	if (o->shell != NULL)
		return o->shell;
	return s != NULL && s[0] != '\0' ? s : NULL;
}

/*
 * The shell commands run with when none is chosen, as GNU parallel's: the
 * shell xpool was started from (the nearest process above it whose argv[0]
 * is a shell's), found in PATH as GNU's is; else $SHELL; else /bin/sh.  One
 * whose quoting is not sh's (csh, tcsh, fish, rc ...) gives /bin/sh, since
 * xpool quotes values for sh.  Looked for once, when a command needs it.
 */
static const char *
default_shell(void)
{
	static const char *shell;
	char name[32], argv0[512], exe[512];
	const char *s;

	if (shell != NULL)
		return shell;
	shell = "/bin/sh";
	if (sys_started_from(
	        name, sizeof(name), argv0, sizeof(argv0), exe, sizeof(exe))) {
		char *path = NULL;

		if (!quotes_as_sh(name))
			return shell;
		/* Its program; its name in PATH; the path it ran as. */
		if (exe[0] != '\0')
			path = xstrdup(exe);
		if (path == NULL && (path = spawn_find_program(name)) == NULL &&
		    strchr(argv0, '/') != NULL && strchr(argv0, ' ') == NULL)
			path = spawn_find_program(
			    argv0[0] == '-' ? argv0 + 1 : argv0);
		if (path != NULL)
			shell = path; /* kept for the run */
		return shell;
	}
	s = getenv("SHELL");
	if (s != NULL && s[0] != '\0' &&
	    quotes_as_sh(strrchr(s, '/') != NULL ? strrchr(s, '/') + 1 : s) &&
	    spawn_check_program(s) == 0)
		shell = s;
	return shell;
}

/* The shell for exported functions: bash, the default one if it is bash. */
static const char *
bash_shell(void)
{
	const char *s = default_shell(), *b = strrchr(s, '/');

	return strcmp(b != NULL ? b + 1 : s, "bash") == 0 ? s : "bash";
}

/* The shell the user chose, if any, must run. */
static int
shell_check(const struct options *o)
{
	const char *s = chosen_shell(o);

	if (s == NULL)
		return 0;
	return program_check(o->shell != NULL ? "--shell" : "PARALLEL_SHELL", s,
	    "give a shell such as /bin/sh or /bin/bash");
}

/*
 * --launcher PREFIX: its words, split at blanks (no quoting), and its
 * program, which must run.  srun outside an allocation is allowed, with a
 * word on what it costs.
 */
static int
decode_launcher(struct config *cf, const struct options *o)
{
	static const char blanks[] = " \t\n";
	char *p, *save = NULL;
	const char *base;

	if (o->launcher == NULL)
		return 0;
	cf->launch_text = xstrdup(o->launcher);
	for (p = strtok_r(cf->launch_text, blanks, &save); p != NULL;
	     p = strtok_r(NULL, blanks, &save)) {
		cf->launch = xreallocarray(
		    cf->launch, cf->nlaunch + 1, sizeof(*cf->launch));
		cf->launch[cf->nlaunch++] = p;
	}
	if (cf->nlaunch == 0) {
		xpool_err("--launcher: PREFIX has no words; give the program "
		          "that starts each job, such as 'srun --exact -n1 -c1 "
		          "--quiet'");
		return -1;
	}
	if (program_check("--launcher", cf->launch[0],
	        "give the program that starts each job, such as srun") != 0)
		return -1;
	base = strrchr(cf->launch[0], '/');
	base = base != NULL ? base + 1 : cf->launch[0];
	if (strcmp(base, "srun") == 0 && getenv("SLURM_JOB_ID") == NULL)
		xpool_err("--launcher: srun runs outside a Slurm allocation "
		          "here (SLURM_JOB_ID is not set): each job becomes a "
		          "Slurm job of its own and waits in the queue; run "
		          "xpool inside salloc or sbatch");
	return 0;
}

/* Is the variable name (len bytes) a line of --record-env's list? */
static int
env_ignored(const struct buf *list, const char *name, size_t len)
{
	const char *at = list->data, *end = list->data + list->len;

	while (at != NULL && at < end) {
		const char *nl = memchr(at, '\n', (size_t)(end - at));
		size_t n = (size_t)((nl != NULL ? nl : end) - at);

		if (n == len && memcmp(at, name, len) == 0)
			return 1;
		at = nl != NULL ? nl + 1 : NULL;
	}
	return 0;
}

/*
 * Does an --env glob name the variable e (its name up to eq)?  An exported
 * bash function, BASH_FUNC_NAME%%, is named by NAME.
 */
static int
env_named(const struct options *o, const char *e, const char *eq)
{
	char *n;
	int match = 0;

	if (strncmp(e, "BASH_FUNC_", 10) == 0 && eq - e > 12 &&
	    strncmp(eq - 2, "%%", 2) == 0)
		n = xstrndup(e + 10, (size_t)(eq - e - 12));
	else
		n = xstrndup(e, (size_t)(eq - e));
	for (size_t i = 0; i < o->nenv && !match; i++)
		match = strcmp(o->env[i], "_") != 0 &&
		    fnmatch(o->env[i], n, 0) == 0;
	free(n);
	return match;
}

/*
 * --env NAME (a glob): the variables and exported functions it names; --env
 * _: every one that --record-env did not list in ignored_vars.
 */
static int
decode_env(struct config *cf, const struct options *o)
{
	extern char **environ;
	struct buf ignored = BUF_INIT, path = BUF_INIT;
	int all = 0;

	if (o->nenv == 0)
		return 0;
	for (size_t i = 0; i < o->nenv; i++)
		all |= strcmp(o->env[i], "_") == 0;
	if (all && options_ignored_vars(&ignored, &path) != 0) {
		xpool_err("--env _: cannot read '%s' (%s): run 'xpool "
		          "--record-env' in a clean environment first, so that "
		          "--env _ knows which names to leave out",
		    path.data, strerror(errno));
		buf_free(&path);
		return -1;
	}
	for (char **e = environ; *e != NULL; e++) {
		const char *eq = strchr(*e, '=');

		if (eq == NULL || eq == *e)
			continue;
		if ((all && !env_ignored(&ignored, *e, (size_t)(eq - *e))) ||
		    env_named(o, *e, eq)) {
			cf->env = xreallocarray(
			    cf->env, cf->nenv + 1, sizeof(*cf->env));
			cf->env[cf->nenv++] = *e;
		}
	}
	buf_free(&ignored);
	buf_free(&path);
	return 0;
}

/*
 * --transferfile, --transfer, --return, --cleanup, --basefile, --workdir,
 * --rsync-opts and --env for the hosts; rsync must be there to move files.
 */
static int
files_conf(struct config *cf, const struct options *o, struct hosts_conf *hc)
{
	size_t n = o->ntf + (o->transfer ? 1 : 0); /* names to send */

	if (decode_env(cf, o) != 0)
		return -1;
	hc->files.workdir = o->workdir;
	hc->files.rsync_opts = o->rsync_opts;
	hc->files.cleanup = o->cleanup;
	hc->files.basefiles = o->basefile;
	hc->files.nbasefiles = o->nbasefile;
	hc->files.env = cf->env;
	hc->files.nenv = cf->nenv;
	if (o->workdir != NULL && o->workdir[0] == '\0') {
		xpool_err("--workdir: the directory is empty; give DIR, . or "
		          "...");
		return -1;
	}
	cf->files = xcalloc(n + o->nret + 1, sizeof(*cf->files));
	for (size_t i = 0; i < o->ntf; i++)
		cf->files[cf->nsend++] = (char *)o->tf[i];
	cf->pool.transfer = o->transfer;
	for (size_t i = 0; i < o->nret; i++)
		cf->files[cf->nsend + cf->nback++] = (char *)o->ret[i];
	if ((n > 0 || o->nret > 0 || o->nbasefile > 0) &&
	    program_check("--transferfile, --return and --basefile", "rsync",
	        "install rsync (it copies the files over ssh)") != 0)
		return -1;
	return 0;
}

/* Without a remote host, GNU parallel's rule: the file options do nothing. */
static void
files_unused(const struct options *o)
{
	const char *what = o->ntf > 0 ? "--transferfile"
	    : o->transfer             ? "--transfer"
	    : o->nret > 0             ? "--return"
	    : o->cleanup              ? "--cleanup"
	    : o->nbasefile > 0        ? "--basefile"
	                              : NULL;

	if (what != NULL)
		xpool_warn(
		    "%s is ignored: there is no remote host (-S HOST)", what);
}

/*
 * -S and --sshloginfile: the hosts, parsed (connected later, by main.c).
 * Only ':' is this machine alone: no hosts then.
 */
static int
decode_hosts(struct config *cf, const struct options *o)
{
	struct hosts_conf hc;
	struct buf msg = BUF_INIT;
	const char *ssh = o->ssh;
	char **files;
	size_t nfiles = 0;
	long here;
	int r;

	if (o->slurm_hosts &&
	    slurm_logins(o->jobs != NULL, &cf->logins, &cf->nlogins) != 0)
		return -1;
	files = xcalloc(o->nsshlogin + o->nslf + 1, sizeof(char *));

	/* -S .. is the login file ~/.parallel/sshloginfile. */
	for (size_t i = 0; i < o->nsshlogin; i++) {
		if (strcmp(o->sshlogin[i], "..") == 0) {
			files[nfiles++] = (char *)o->sshlogin[i];
			continue;
		}
		cf->logins =
		    xreallocarray(cf->logins, cf->nlogins + 1, sizeof(char *));
		cf->logins[cf->nlogins++] = xstrdup(o->sshlogin[i]);
	}
	for (size_t i = 0; i < o->nslf; i++)
		files[nfiles++] = (char *)o->slf[i];
	if (o->nsshlogin == 0 && o->nslf == 0 && !o->slurm_hosts) {
		free(files);
		files_unused(o);
		return decode_env(cf, o);
	}
	if (ssh == NULL && (ssh = getenv("PARALLEL_SSH")) != NULL && !*ssh)
		ssh = NULL;
	memset(&hc, 0, sizeof(hc));
	hc.logins = cf->logins;
	hc.nlogins = cf->nlogins;
	hc.slf = files;
	hc.nslf = nfiles;
	hc.ssh = ssh;
	hc.jobs = o->jobs;
	hc.tmpdir = o->tmpdir;
	hc.termseq = o->termseq;
	hc.set_nice = o->nice_given;
	hc.nice = (int)(o->nice < -20 ? -20 : o->nice > 19 ? 19 : o->nice);
	if (files_conf(cf, o, &hc) != 0) {
		free(files);
		return -1;
	}
	hc.filter = o->filter_hosts;
	r = hosts_parse(&hc, &cf->hosts, &msg);
	free(files);
	if (r != 0) {
		xpool_err("%s%s",
		    r == HOSTS_NO_FILE     ? ""
		        : o->nsshlogin > 0 ? "-S: "
		        : o->nslf > 0      ? "--sshloginfile: "
		                           : "--slurm-hosts: ",
		    msg.data);
		buf_free(&msg);
		return -1;
	}
	buf_free(&msg);
	if (!hosts_any_remote(cf->hosts) && !hosts_watched(cf->hosts) &&
	    !o->onall && !o->nonall && !o->hostgroups) {
		/* -S N/: alone: N slots here, whatever -j says. */
		if ((here = hosts_local_given(cf->hosts)) > 0) {
			cf->js.jobs = here;
			cf->js.explicit_jobs = 1;
		}
		files_unused(o);
		cf->nsend = cf->nback = 0;
		cf->pool.transfer = 0;
		hosts_free(cf->hosts);
		cf->hosts = NULL;
		return 0;
	}
	cf->ssh_delay = o->ssh_delay;
	if (program_check("--ssh", hosts_program(cf->hosts),
	        "install OpenSSH's client, or give the ssh command with "
	        "--ssh") != 0)
		return -1;
	if (o->worker && o->pty > 0) {
		xpool_err("--pty runs workers on this machine's "
		          "pseudo-terminals, not over ssh; leave it out, and "
		          "have remote workers flush each answer (python3 -u, "
		          "stdbuf -oL, mawk -W interactive)");
		return -1;
	}
	if (o->launcher != NULL) {
		xpool_err("--launcher does not go with -S: ssh starts the "
		          "remote jobs; give one of them");
		return -1;
	}
	if (o->cat || o->fifo) {
		xpool_err("--%s makes a file on this machine, which remote "
		          "jobs cannot read; use --pipe with -S",
		    o->cat ? "cat" : "fifo");
		return -1;
	}
	if (o->slot_var != NULL) {
		xpool_err("--process-slot-var sets a variable of this "
		          "machine's jobs, not of remote jobs; use "
		          "$XPOOL_SLOT there (one more) or {%%}");
		return -1;
	}
	return 0;
}

/* --csv's separator: --colsep as one byte (or an escape); a comma. */
static int
csv_sep(const char *colsep, char *sep)
{
	const char *why;

	*sep = ',';
	return colsep != NULL ? parse_delim(colsep, sep, &why) : 0;
}

/* --onall, --nonall, --filter-hosts, --hostgroups: what they need. */
static int
host_conflicts(const struct options *o)
{
	if ((o->onall || o->nonall) && onall_conflicts(o) != 0)
		return -1;
	if (o->filter_hosts && o->nsshlogin == 0 && o->nslf == 0 &&
	    !o->slurm_hosts) {
		xpool_err("--filter-hosts leaves out the hosts of -S that are "
		          "down; give -S or --sshloginfile");
		return -1;
	}
	if (o->hostgroups && o->nsshlogin == 0 && o->nslf == 0 &&
	    !o->slurm_hosts) {
		xpool_err("--hostgroups sends ITEM@GROUP to the hosts of "
		          "GROUP; give them with -S @GROUP/HOST");
		return -1;
	}
	if (o->hostgroups && (o->pipe || o->worker)) {
		xpool_err("--hostgroups does not go with %s: give one of them",
		    o->pipe ? "--pipe" : "--worker");
		return -1;
	}
	return 0;
}

/* What needs xpool to see the jobs' output. */
static int
output_conflicts(const struct options *o)
{
	if (o->group == GROUP_NONE && (o->tag || o->tagstring)) {
		xpool_err("--tag and --tagstring need xpool to see the "
		          "output; they do not go with -u (--ungroup)");
		return -1;
	}
	if (o->group == GROUP_NONE && (o->color || o->color_failed)) {
		xpool_err("--color and --color-failed need xpool to see the "
		          "output; they do not go with -u (--ungroup)");
		return -1;
	}
	if (o->files && (o->group == GROUP_NONE || o->worker || o->dry_run)) {
		xpool_err("--files does not go with %s: give one of them",
		    o->group == GROUP_NONE ? "-u (--ungroup)"
		        : o->worker        ? "--worker"
		                           : "--dry-run");
		return -1;
	}
	return 0;
}

/*
 * Options that contradict each other, a directory for temporary files that
 * cannot be written, and a --shell that cannot run.
 */
int
config_check(const struct options *o)
{
	char sep;

	if (o->lines_opt &&
	    (o->pipe_part || o->worker || o->recend || o->recstart ||
	        o->regexp)) {
		xpool_err("-%c does not go with %s", o->lines_opt,
		    o->pipe_part ? "--pipe-part (a part is --block bytes)"
		        : o->worker
		        ? "--worker: give -n N for the items sent at a time"
		        : "--recend, --recstart or --regexp (its records are "
		          "lines)");
		return -1;
	}
	if (host_conflicts(o) != 0)
		return -1;
	if (o->pack && o->no_args) {
		xpool_err("-%c puts as many items into a command as fit, and "
		          "-%c 0 none; give one of them",
		    o->context ? 'X' : 'm', o->replace_args ? 'N' : 'n');
		return -1;
	}
	if (output_conflicts(o) != 0)
		return -1;
	if (o->group != GROUP_NONE && !o->dry_run &&
	    access(o->tmpdir, W_OK | X_OK) != 0) {
		xpool_err("cannot use '%s' for temporary files: %s; give a "
		          "writable directory with --tmpdir or TMPDIR",
		    o->tmpdir, strerror(errno));
		return -1;
	}
	if (spread_name(o) != NULL && spread_conflicts(o) != 0)
		return -1;
	if (o->pipe && spread_name(o) == NULL && pipe_conflicts(o) != 0)
		return -1;
	if (o->pipe_part && pipe_part_conflicts(o) != 0)
		return -1;
	if (o->group_by != NULL && group_by_conflicts(o) != 0)
		return -1;
	if (o->round_robin && (o->retries > 1 || o->cat || o->fifo)) {
		xpool_err("--round-robin does not go with %s: a job is given "
		          "blocks for as long as it runs",
		    o->retries > 1 ? "--retries"
		        : o->cat   ? "--cat"
		                   : "--fifo");
		return -1;
	}
	if (o->cat && o->fifo) {
		xpool_err("--cat and --fifo do not go together: give the block "
		          "as a file (--cat) or as a named pipe (--fifo)");
		return -1;
	}
	if (o->block_slots && !o->pipe_part) {
		xpool_err("--block -%ld (blocks per job slot) is for "
		          "--pipe-part, which knows the files' size; give a "
		          "size such as 1M",
		    o->block_slots);
		return -1;
	}
	if (o->worker && worker_conflicts(o) != 0)
		return -1;
	if (!o->pipe &&
	    (o->block_given || o->recend_given || o->recstart || o->regexp ||
	        o->remove_rec_sep || o->block_timeout)) {
		xpool_err("--%s is for --pipe; give --pipe too (or -d for "
		          "the items' separator)",
		    o->block_given          ? "block"
		        : o->recend_given   ? "recend"
		        : o->recstart       ? "recstart"
		        : o->regexp         ? "regexp"
		        : o->remove_rec_sep ? "remove-rec-sep"
		                            : "block-timeout");
		return -1;
	}
	if (!o->worker && (o->eot || o->maxtasks || o->pty)) {
		xpool_err("--%s is for --worker; give --worker too",
		    o->eot            ? "eot"
		        : o->maxtasks ? "maxtasksperchild"
		        : o->pty > 0  ? "pty"
		                      : "no-pty");
		return -1;
	}
	if ((o->resume || o->resume_failed) && o->joblog == NULL) {
		xpool_err("--%s reads the jobs done from the --joblog file; "
		          "give --joblog FILE too",
		    o->resume_failed ? "resume-failed" : "resume");
		return -1;
	}
	if (o->retry_failed && o->joblog == NULL) {
		xpool_err("--retry-failed reads the failed jobs' commands from "
		          "the --joblog file; give --joblog FILE too");
		return -1;
	}
	if (o->joblog != NULL && o->joblog[0] == '\0') {
		xpool_err("--joblog: the file name is empty");
		return -1;
	}
	if (shell_check(o) != 0)
		return -1;
	if (o->csv && csv_sep(o->colsep, &sep) != 0) {
		xpool_err("--csv: --colsep '%s' is not one character; give "
		          "one, such as ',' ';' or '\\t'",
		    o->colsep);
		return -1;
	}
	if (o->csv && (o->delim == '"' || sep == '"')) {
		xpool_err(
		    "--csv: '\"' quotes fields; it cannot end items (-d) or "
		    "separate fields (--colsep)");
		return -1;
	}
	return 0;
}

/*
 * The CPUs -j and --load count: the usable ones, or with
 * --use-cores-instead-of-threads (--use-sockets-...) the cores (sockets)
 * of the machine, no more than the usable CPUs.
 */
static long
usable_cpus(const struct options *o)
{
	long n = sys_usable_cpus(), m;

	if (o->cpu_unit == SYS_THREADS)
		return n;
	m = sys_cpus(o->cpu_unit);
	return m < n ? m : n;
}

/*
 * --pipe cuts standard input into blocks, a record per job; with --tee it
 * goes whole to every job, and the items are the other sources'; with
 * --shard or --bin its lines are shared out among -j jobs.
 */
static int
blocks(const struct options *o)
{
	return o->pipe && spread_name(o) == NULL;
}

/* -j: N, +N, -N, N% of the usable CPUs, or 0; the CPUs when not given. */
static int
decode_jobs(struct config *cf, const struct options *o)
{
	long ncpu = usable_cpus(o), n = ncpu;
	/* --tee: every job runs at once, as many as there are (GNU's -j 0). */
	const char *jobs = o->jobs == NULL && o->tee ? "0" : o->jobs;
	const char *why;

	if (jobs != NULL &&
	    parse_jobs(jobs, ncpu, sys_max_jobs(), &n, &why) != 0) {
		xpool_err("-j '%s': %s (use N, +N, -N, N%% or 0)", jobs, why);
		return -1;
	}
	/* ... so a job never waits for a token that a running one holds. */
	cf->js.off = o->jobserver_off || o->tee;
	cf->js.explicit_jobs = o->jobs != NULL;
	cf->js.jobs = n;
	cf->js.dry_run = o->dry_run;
	return 0;
}

static void
decode_input(struct config *cf, const struct options *o)
{
	struct input_opts *io = &cf->input;

	(void)csv_sep(o->colsep, &io->csv_sep);

	cf->src = o->src;
	cf->nsrc = o->nsrc;
	io->delim = o->delim;
	/* As GNU parallel: --colsep trims both ends of each column, unless
	 * --trim says otherwise. */
	io->trim = o->trim >= 0 ? o->trim
	    : o->colsep != NULL ? TRIM_LEFT | TRIM_RIGHT
	                        : 0;
	/* With --header, columns are split at TABs unless --colsep says. */
	io->colsep = o->colsep != NULL ? o->colsep
	    : (o->header || o->header_files) && !o->pipe && !o->worker ? "\t"
	                                                               : NULL;
	io->header = o->header && !o->pipe;
	io->header_files = o->header_files && !o->pipe;
	io->pipe_header = o->header && blocks(o) ? o->header_re : NULL;
	io->link = o->link;
	io->skip_blank = o->skip_blank;
	io->skip_first = o->skip_first;
	io->csv = o->csv;
	io->no_fields = o->no_args && !blocks(o); /* --pipe -N 0: blocks */
	io->join = o->lines_opt && o->max_lines > 0 && !blocks(o);
	io->shuf = o->shuf && !blocks(o);
	io->whole = io->shuf; /* every record, to shuffle them */
	io->pipe = blocks(o);
	io->pipe_part = o->pipe_part;
	/*
	 * --pipe-part: 10 blocks per job slot unless --block says; with
	 * --round-robin one, whatever --block says, as GNU parallel does.
	 */
	if (o->pipe_part &&
	    (o->block_slots || !o->block_given || o->round_robin))
		io->part_slots = (o->round_robin          ? 1
		                         : o->block_slots ? o->block_slots
		                                          : 10) *
		    (cf->js.jobs > 0 ? cf->js.jobs : 1);
	io->block = o->block;
	/* -L N: records of N lines; with -N M, M of them a block. */
	io->block_recs =
	    blocks(o) ? o->max_args * (o->max_lines > 0 ? o->max_lines : 1) : 0;
	io->pipe_lines = blocks(o) && !o->max_args ? o->max_lines : 0;
	if (blocks(o) && (o->recend || o->recstart || o->regexp)) {
		/* Records end with a string, or a regex (one byte: delim). */
		io->rec_string = 1;
		io->recend = o->recend;
		io->recend_given = o->recend_given;
		io->recstart = o->recstart;
		io->regexp = o->regexp;
	}
	io->remove_rec_sep = o->remove_rec_sep;
	io->block_timeout = o->block_timeout;
	io->max_record = o->max_record;
	io->eof = o->eof != NULL && o->eof[0] != '\0' && strcmp(o->eof, "0")
	    ? o->eof
	    : NULL; /* GNU parallel's test: Perl's truth */
}

/* Whether the command, --tagstring or --init holds the text t. */
static int
templates_hold(const struct options *o, const char *t)
{
	for (size_t i = 0; i < o->ncmd; i++)
		if (strstr(o->cmd[i], t) != NULL)
			return 1;
	return (o->tagstring != NULL && strstr(o->tagstring, t)) ||
	    (o->init != NULL && strstr(o->init, t));
}

/*
 * Whether a template holds {##} (--plus), or a Perl expression may ask for
 * total_jobs(): then the jobs are counted first.
 */
static int
wants_total(const struct options *o)
{
	if (o->plus && (templates_hold(o, "{##}") || templates_hold(o, "{0#}")))
		return 1;
	for (size_t i = 0; i < o->nrpl; i++)
		if (strstr(o->rpl[i], "total_jobs") != NULL)
			return 1;
	return templates_hold(o, "total_jobs");
}

/*
 * Bash functions exported to the jobs (export -f: BASH_FUNC_NAME%%= in the
 * environment) are seen only by bash: a command that names one runs
 * through the shell, bash unless --shell says otherwise, as GNU
 * parallel's would.  The environment to look them up in, or NULL.
 */
static const char *const *
exported_functions(const char *shell)
{
	extern char **environ;

	for (char **e = environ; *e != NULL; e++)
		if (strncmp(*e, "BASH_FUNC_", 10) == 0)
			return shell == NULL && spawn_check_program("bash") != 0
			    ? NULL
			    : (const char *const *)environ;
	return NULL;
}

static size_t
tag_len(const struct tpl_rpl *r)
{
	return r->prefix_len + r->group_len + r->postfix_len;
}

/*
 * The strings of --plus that GNU parallel defines in Perl and that skip
 * jobs or pad numbers: given to perl as GNU parallel gives them.
 */
static const char *const plus_rpl[] = {
	/* n choose k: only values in increasing order */
	"{choose_k} for $t (2..$#arg) { skip() if $arg[$t-1] ge $arg[$t] }",
	/* only values all different */
	"{uniq} my %seen; for $t (1..$#arg) { skip() if $seen{$arg[$t]}++ }",
	/* where the job runs: GNU parallel's environment there */
	"{host} 1 $_=\"\\${PARALLEL_SSHHOST}\";uq()",
	"{sshlogin} 1 $_=\"\\${PARALLEL_SSHLOGIN}\";uq()",
	"{slot} 1 $_=slot()",
	/* the job number, 0-padded to the width of the number of jobs */
	("{0#} 1 $f=1+int((log(total_jobs())/log(10))); "
	 "$_=sprintf(\"%0${f}d\",seq())"),
};

#define NPLUS_RPL (sizeof(plus_rpl) / sizeof(plus_rpl[0]))

/* Add a --rpl definition, longer tags first, as GNU parallel tries them. */
static void
add_rpl(struct config *cf, const char *def)
{
	struct tpl_rpl r;
	size_t k = cf->tpl.nrpl++;

	(void)tpl_parse_rpl(def, &r); /* checked, or ours */
	for (size_t i = 0; i < k; i++)
		if (tag_len(&cf->rpl[i]) == tag_len(&r) &&
		    memcmp(cf->rpl[i].tag, r.tag, tag_len(&r)) == 0) {
			cf->tpl.nrpl--; /* the user's own comes first */
			return;
		}
	for (; k > 0 && tag_len(&cf->rpl[k - 1]) < tag_len(&r); k--)
		cf->rpl[k] = cf->rpl[k - 1];
	cf->rpl[k] = r;
}

/* The command's template; --tag, --tagstring and --init are templates too. */
static void
decode_templates(struct config *cf, const struct options *o)
{
	struct tpl_opts *to = &cf->tpl;

	cf->cmd = o->cmd;
	cf->ncmd = o->ncmd;
	to->replstr = o->replstr;
	memcpy(to->rename, o->rename, sizeof(to->rename));
	to->plus = o->plus;
	to->shell = chosen_shell(o);
	to->shell_default = default_shell;
	to->funcs = exported_functions(to->shell);
	to->fshell = to->shell != NULL ? to->shell
	    : to->funcs != NULL        ? bash_shell()
	                               : NULL;
	to->quote = o->quote;
	to->context = o->context;
	/* --cat, --fifo: {} is the block's file, appended as an item is. */
	to->noappend = (blocks(o) || o->worker || o->shard || o->bin) &&
	    !o->cat && !o->fifo;
	to->parens = o->parens;
	if (o->nrpl > 0 || o->plus) {
		size_t n = o->nrpl + (o->plus ? NPLUS_RPL + 1 : 0);

		cf->rpl = xreallocarray(NULL, n, sizeof(*cf->rpl));
		to->rpl = cf->rpl;
		for (size_t i = 0; i < o->nrpl; i++)
			add_rpl(cf, o->rpl[i]);
		for (size_t i = 0; o->plus && i < NPLUS_RPL; i++)
			add_rpl(cf, plus_rpl[i]);
		/* {0%}: the slot, 0-padded to the width of -j. */
		if (o->plus) {
			cf->slot_rpl =
			    xasprintf("{0%%} 1 $f=1+int(log(%ld)/"
			              "log(10)); $_=sprintf(\"%%0${f}d\","
			              "slot())",
			        cf->js.jobs > 0 ? cf->js.jobs : 1);
			add_rpl(cf, cf->slot_rpl);
		}
	}

	/* --tag is --tagstring {}: the items, unquoted. */
	if (o->tagstring != NULL)
		cf->tag = cf->tag_text = parse_printf_escapes(o->tagstring);
	else if (o->tag)
		cf->tag = (char *)"{}";
	cf->tag_tpl = *to;
	if (o->tagstring == NULL) {
		cf->tag_tpl.replstr = NULL;
		memset(cf->tag_tpl.rename, 0, sizeof(cf->tag_tpl.rename));
	}
	cf->tag_tpl.raw = 1;
	cf->tag_tpl.quote = 0;
	cf->tag_tpl.context = 0;

	cf->tmpl_tpl = cf->tag_tpl;
	cf->tmpl_tpl.replstr = o->replstr;
	memcpy(cf->tmpl_tpl.rename, o->rename, sizeof(cf->tmpl_tpl.rename));
	cf->tmpl_tpl.noappend = 1;
	cf->tmpl_tpl.quote = 1; /* one word: the file's text as it is */
	cf->filter = (char **)o->filter;
	cf->nfilter = o->nfilter;
	cf->init = (char *)o->init;
	cf->init_tpl = *to;
	cf->init_tpl.noappend = 1;
	cf->init_tpl.quote = 0;
	cf->init_tpl.context = 0;

	/* --transferfile and --return: a file's name, unquoted. */
	cf->file_tpl = *to;
	cf->file_tpl.raw = 1;
	cf->file_tpl.quote = 0;
	cf->file_tpl.context = 0;
}

/*
 * --compress: the programs, as GNU parallel chooses them; the first of its
 * list that is installed, else cat.  PRG -dc undoes --compress-program PRG.
 */
static void
decode_compress(struct config *cf, const struct options *o)
{
	static const char *const fast[] = { "pzstd", "lbzip2", "pbzip2", "zstd",
		"pixz", "lz4", "pigz", "lzop", "plzip", "lzip", "gzip", "lrz",
		"pxz", "bzip2", "lzma", "xz", "clzip" };

	if (o->compress_program != NULL) {
		cf->zip = xstrdup(o->compress_program);
		cf->unzip = o->decompress_program != NULL
		    ? xstrdup(o->decompress_program)
		    : xasprintf("%s -dc", o->compress_program);
	} else if (o->compress) {
		for (size_t i = 0; i < sizeof(fast) / sizeof(fast[0]); i++)
			if (spawn_check_program(fast[i]) == 0) {
				cf->zip = xasprintf("%s -c -1", fast[i]);
				cf->unzip = xasprintf("%s -dc", fast[i]);
				break;
			}
		if (cf->zip == NULL) {
			cf->zip = xstrdup("cat");
			cf->unzip = xstrdup("cat");
		}
		if (o->decompress_program != NULL) {
			free(cf->unzip);
			cf->unzip = xstrdup(o->decompress_program);
		}
	}
	cf->pool.zip = cf->zip;
	cf->pool.unzip = cf->unzip;
}

static void
decode_pool(struct config *cf, const struct options *o)
{
	struct pool_conf *pc = &cf->pool;

	pc->jobs = cf->js.jobs;
	pc->max_args = o->max_args;
	pc->pack = o->pack;
	pc->spread_last = o->spread;
	pc->max_chars = o->max_chars;
	pc->exit_long = o->exit_long;
	pc->dry_run = o->dry_run;
	pc->shell_quote = o->shell_quote;
	pc->verbose = o->verbose;
	/* -p: its question takes the place of -t's line, as in GNU parallel. */
	pc->trace = o->trace && !o->interactive;
	pc->interactive = o->interactive;
	pc->ungroup = o->group == GROUP_NONE;
	pc->color = o->color;
	pc->color_failed = o->color_failed;
	pc->latest = o->group != GROUP_LATEST ? 0 : o->keep_order ? 2 : 1;
	pc->mode = o->group == GROUP_LINE || o->group == GROUP_LATEST
	    ? OUT_LINES
	    : o->unordered ? OUT_UNORDERED
	                   : OUT_ORDERED;
	pc->buffer = o->buffer;
	pc->tmpdir = o->tmpdir;
	pc->files = o->files;
	decode_compress(cf, o);
	pc->timeout = o->timeout;
	pc->timeout_pct = o->timeout_pct;
	pc->termseq = o->termseq;
	pc->retries = o->retries;
	pc->halt = o->halt;
	pc->pipe = blocks(o);
	pc->pipe_part = o->pipe_part;
	pc->pipe_file = o->cat ? PIPEFILE_CAT : o->fifo ? PIPEFILE_FIFO : 0;
	pc->round_robin = o->round_robin && !o->pipe_part;
	pc->worker = o->worker;
	pc->hostgroups = o->hostgroups;
	pc->eot = o->eot;
	pc->maxtasks = o->maxtasks;
	pc->pty = o->pty;
	pc->memfree = o->memfree > 0;
	pc->workdir = o->workdir;
	pc->memsuspend = o->memsuspend > 0;

	/*
	 * The number of items, for --chunksize auto, the progress total and
	 * --halt P%; counting a file reads it once more, so only then.
	 */
	cf->count_items = o->chunk_auto || o->halt.percent ||
	    (o->total_jobs == 0 && (o->bar || o->progress || o->eta));
	pc->total_jobs = (unsigned long)o->total_jobs;
	/*
	 * {##}, or total_jobs() in a Perl expression: read standard input
	 * whole first, as GNU parallel does, unless --total-jobs says.
	 */
	if (!blocks(o) && o->total_jobs == 0 && wants_total(o)) {
		cf->count_items = 1;
		cf->input.whole = 1;
	}
	cf->chunk_auto = o->chunk_auto;
}

/*
 * The record files' names: a bad one stops xpool before anything is made
 * or run, dry run or not.
 */
static int
decode_records(struct config *cf, const struct options *o)
{
	struct records_conf *rc = &cf->rec;
	const char *why;

	cf->recording =
	    o->joblog != NULL || o->results != NULL || o->junit != NULL;
	if (o->joblog != NULL &&
	    records_parse_joblog(o->joblog, &rc->joblog, &why) != 0) {
		xpool_err("--joblog: '%s': %s", o->joblog, why);
		return -1;
	}
	if (o->results != NULL &&
	    records_parse_results(o->results, &rc->results, &why) != 0) {
		xpool_err("--results: '%s': %s", o->results, why);
		return -1;
	}
	rc->junit = o->junit;
	rc->tmpdir = o->tmpdir;
	rc->resuming = o->resume || o->resume_failed || o->retry_failed;
	cf->resume_failed = o->resume_failed || o->retry_failed;
	cf->header = o->header && !o->pipe;
	return 0;
}

/*
 * --tee: the reading and the jobs' standard input; --shard, --bin: the
 * key's column and --colsep (GNU parallel's default: a comma), and an empty
 * item for each of the -j jobs, which have none of their own.
 */
static int
decode_spread(struct config *cf, const struct options *o)
{
	static char none[] = "";
	struct spread *sp = &cf->spread;
	unsigned long n = (unsigned long)cf->js.jobs;
	struct buf why = BUF_INIT;

	if (o->tee) {
		sp->kind = SPREAD_TEE;
		cf->pool.spread = sp;
		return 0;
	}
	if (o->shard == NULL && o->bin == NULL)
		return 0;
	if (spread_init(sp, o->shard ? SPREAD_SHARD : SPREAD_BIN,
	        o->shard ? o->shard : o->bin,
	        o->colsep != NULL ? o->colsep : ",", n, &why) != 0) {
		xpool_err("%s: %s", spread_name(o), why.data);
		buf_free(&why);
		return -1;
	}
	sp->header = o->header || sp->name != NULL;
	cf->pool.spread = sp;
	cf->spread_items = xreallocarray(NULL, n, sizeof(*cf->spread_items));
	for (size_t i = 0; i < n; i++)
		cf->spread_items[i] = none;
	cf->spread_src.kind = SRC_LIST;
	cf->spread_src.items = cf->spread_items;
	cf->spread_src.nitems = n;
	cf->src = &cf->spread_src;
	cf->nsrc = 1;
	return 0;
}

/*
 * --retry-failed, as GNU parallel: the joblog's command of each job number
 * is its item, and the items are the commands; the command line's command
 * and sources are not used.  The jobs that succeeded are skipped as
 * --resume-failed skips them (config_records); a number no line has runs
 * an empty command, which succeeds.  Without the file, the command line
 * runs as given.  -1 after a message.
 */
static int
decode_retry(struct config *cf, const struct options *o)
{
	int r;

	if (!o->retry_failed)
		return 0;
	r = records_read_commands(cf->rec.joblog.path, &cf->retry, &cf->nretry);
	if (r != 0)
		return r < 0 ? -1 : 0;
	for (size_t i = 0; i < cf->nretry; i++)
		if (cf->retry[i] == NULL)
			cf->retry[i] = xstrdup("");
	cf->retry_src.kind = SRC_LIST;
	cf->retry_src.path = cf->rec.joblog.path;
	cf->retry_src.items = cf->retry;
	cf->retry_src.nitems = cf->nretry;
	cf->src = &cf->retry_src;
	cf->nsrc = 1;
	cf->cmd = NULL;
	cf->ncmd = 0;
	return 0;
}

/* --template FILE=NAME: each NAME and the text of its FILE, read now. */
static int
read_templates(struct config *cf, const struct options *o)
{
	cf->tmpl = xcalloc(o->ntmpl * 2 + 1, sizeof(*cf->tmpl));
	for (size_t i = 0; i < o->ntmpl; i++, cf->ntmpl++) {
		const char *eq = strchr(o->tmpl[i], '=');
		char *file = xstrndup(o->tmpl[i], (size_t)(eq - o->tmpl[i]));
		struct buf text = BUF_INIT;
		int err = buf_read_file(&text, file);

		if (err != 0) {
			xpool_err("--template: cannot read '%s': %s", file,
			    strerror(err));
			free(file);
			buf_free(&text);
			return -1;
		}
		free(file);
		cf->tmpl[2 * i] = xstrdup(eq + 1);
		cf->tmpl[2 * i + 1] = buf_detach(&text);
	}
	return 0;
}

static const char *
group_key(void *arg, const char *s, size_t len, const char *ahead, size_t alen,
    size_t *n)
{
	return spread_key(arg, s, len, ahead, alen, n);
}

/* --group-by NAME: the header's first line names the columns. */
static int
group_head(void *arg, const char *s, size_t len)
{
	struct buf why = BUF_INIT;
	const char *nl;

	if (len == 0)
		return 0;
	if ((nl = memchr(s, '\n', len)) != NULL)
		len = (size_t)(nl - s);
	if (spread_header(arg, s, len, &why) == 0)
		return 0;
	xpool_err("--group-by: %s", why.data);
	buf_free(&why);
	return -1;
}

/*
 * --group-by: the key's column, cut at --colsep (GNU parallel's default: a
 * TAB); a column given by name makes the first line a header, as GNU
 * parallel does, unless --header says what the header is.
 */
static int
decode_group(struct config *cf, const struct options *o)
{
	struct input_opts *io = &cf->input;
	struct buf why = BUF_INIT;

	if (o->group_by == NULL)
		return 0;
	if (spread_init(&cf->group, SPREAD_NONE, o->group_by,
	        o->colsep != NULL ? o->colsep : "\t", 0, &why) != 0) {
		xpool_err("--group-by: %s", why.data);
		buf_free(&why);
		return -1;
	}
	if (cf->group.name != NULL && o->pipe_part) {
		xpool_err("--group-by '%s' with --pipe-part: give the column's "
		          "number (the parts have no header line)",
		    o->group_by);
		return -1;
	}
	if (cf->group.name != NULL && io->pipe_header == NULL)
		io->pipe_header = ":";
	io->group_key = group_key;
	io->group_head = group_head;
	io->group_arg = &cf->group;
	return 0;
}

int
config_init(struct config *cf, const struct options *o)
{
	memset(cf, 0, sizeof(*cf));
	if (decode_jobs(cf, o) != 0 || decode_records(cf, o) != 0 ||
	    decode_launcher(cf, o) != 0 || decode_hosts(cf, o) != 0)
		return -1;
	decode_input(cf, o);
	if (decode_group(cf, o) != 0)
		return -1;
	decode_templates(cf, o);
	if (decode_retry(cf, o) != 0 || decode_spread(cf, o) != 0)
		return -1;
	decode_pool(cf, o);
	if (o->ntmpl > 0 && read_templates(cf, o) != 0)
		return -1;
	cf->set_nice = o->nice_given;
	cf->open_tty = o->open_tty;
	cf->slot_var = o->slot_var;
	cf->nice = (int)o->nice;
	cf->progress.bar = o->bar;
	cf->progress.progress = o->progress;
	cf->progress.eta = o->eta;
	cf->progress.fd = STDERR_FILENO;
	return 0;
}

/* The sources' column names ({name}, --header :) for every template. */
void
config_names(struct config *cf, char **names, size_t nnames)
{
	cf->tpl.names = cf->tag_tpl.names = cf->init_tpl.names =
	    cf->tmpl_tpl.names = names;
	cf->tpl.nnames = cf->tag_tpl.nnames = cf->init_tpl.nnames =
	    cf->tmpl_tpl.nnames = nnames;
	cf->file_tpl.names = names;
	cf->file_tpl.nnames = nnames;
}

/*
 * --chunksize auto, once pool.items and pool.jobs are known:
 * multiprocessing.Pool's rule, 4 chunks per worker.
 */
int
config_chunksize(struct config *cf)
{
	unsigned long n = cf->pool.items, jobs = (unsigned long)cf->pool.jobs;

	if (!cf->chunk_auto)
		return 0;
	if (n == 0 || cf->pool.pack || cf->pool.pipe) {
		xpool_err("--chunksize auto needs to know how many items there "
		          "are: give them with ::: or in a file (-a, ::::), or "
		          "give a number");
		return -1;
	}
	cf->pool.max_args = (long)((n + 4 * jobs - 1) / (4 * jobs));
	return 0;
}

/* A --memfree or --memsuspend size more than total bytes: -1, said. */
static int
mem_over(uint64_t size, uint64_t total, const char *what)
{
	if (size <= total)
		return 0;
	xpool_err("--%s: %.1f GiB is more than the memory xpool may use "
	          "(%.1f GiB); give a smaller size",
	    what, (double)size / (1 << 30), (double)total / (1 << 30));
	return -1;
}

/*
 * --delay, --load, --memfree, --memsuspend: decoded only for a run that starts
 * jobs, so once make's jobserver has said whether this is one (make -n).
 */
int
config_throttle(struct config *cf, const struct options *o)
{
	struct throttle_conf *tc = &cf->throttle;
	const char *why;
	uint64_t total;

	if (o->limit != NULL && !cf->pool.dry_run &&
	    (cf->pool.limit = limit_new(o->limit, &why)) == NULL) {
		xpool_err("--limit '%s': %s", o->limit, why);
		return -1;
	}
	if (cf->pool.dry_run ||
	    !(o->delay > 0 || o->load != NULL || o->memfree > 0 ||
	        o->memsuspend > 0 || o->noswap))
		return 0;
	cf->throttled = 1;
	tc->delay = o->delay;
	tc->memfree = o->memfree;
	tc->memsuspend = o->memsuspend;
	tc->noswap = o->noswap;
	if (o->load != NULL &&
	    parse_load(o->load, usable_cpus(o), &tc->load, &why) != 0) {
		xpool_err("--load '%s': %s", o->load, why);
		return -1;
	}
	if ((total = throttle_mem_total()) > 0 &&
	    (mem_over(o->memfree, total, "memfree") != 0 ||
	        mem_over(o->memsuspend, total, "memsuspend") != 0 ||
	        mem_over(o->memfree + o->memsuspend, total,
	            "memfree plus --memsuspend") != 0))
		return -1;
	return 0;
}

/*
 * --joblog (and --resume, --resume-failed), --results and --junit: the
 * record files, once the sources' column names are known; not for a dry
 * run, but for the jobs a resumed one skips.  Exits 255 when a file cannot be
 * read or made (records.c said why).
 */
void
config_records(struct config *cf, char **names, size_t nnames,
    struct records **recp, struct seqset **skipp)
{
	struct records_conf *rc = &cf->rec;
	struct records *rec = NULL;
	struct seqset *skip = NULL;

	/* A dry run too shows only the jobs that would run, as GNU's does. */
	if (cf->recording && rc->resuming &&
	    (skip = records_read_joblog(rc->joblog.path, cf->resume_failed)) ==
	        NULL)
		exit(XPOOL_EXIT_ERROR);
	if (!cf->pool.dry_run && cf->recording) {
		if (cf->header) {
			rc->header = (const char *const *)names;
			rc->nheader = nnames;
		}
		if ((rec = records_open(rc)) == NULL)
			exit(XPOOL_EXIT_ERROR);
		/*
		 * Records on standard output take the place of the jobs'
		 * output there; as GNU parallel's, --results elsewhere keeps
		 * the jobs' output and prints none of it.
		 */
		cf->pool.drop = rc->results.to_stdout ? 1
		    : rc->results.kind != REC_NONE    ? 3
		                                      : 0;
	}
	cf->pool.rec = *recp = rec;
	cf->pool.skip = *skipp = skip;
}

/*
 * --semaphore: the options that mean something to it, checked and decoded
 * into sc.  The command's words are joined with spaces into one shell
 * command line, as GNU sem joins them (-q: each word quoted); *line holds
 * it, for the caller to free.  -1 after a message.
 */
/*
 * The options --semaphore reads (config_sem); any other does nothing there
 * and is refused.
 */
static int
sem_options(const struct options *o)
{
	static const char *const used[] = { "bg", "fg", "gnu", "jobs", "quote",
		"semaphore", "semaphore-name", "semaphore-timeout", "shell",
		"ungroup", "use-cores-instead-of-threads",
		"use-sockets-instead-of-threads", "wait" };
	char name[64];

	for (size_t i = 0; i < o->ngiven; i++) {
		const struct opt_given *g = &o->given[i];
		size_t k = 0;

		while (k < sizeof(used) / sizeof(used[0]) &&
		    (g->lname == NULL || strcmp(g->lname, used[k]) != 0))
			k++;
		if (k < sizeof(used) / sizeof(used[0]))
			continue;
		if (g->lname != NULL && g->letter)
			snprintf(name, sizeof(name), "-%c (--%s)", g->letter,
			    g->lname);
		else if (g->lname != NULL)
			snprintf(name, sizeof(name), "--%s", g->lname);
		else
			snprintf(name, sizeof(name), "-%c", g->letter);
		xpool_err("%s does nothing with --semaphore; leave it out "
		          "(a semaphore takes -j, --id, --fg, --bg, --wait, "
		          "--semaphore-timeout, --shell, -q, -u and "
		          "--use-*-instead-of-*)",
		    name);
		return -1;
	}
	return 0;
}

int
config_sem(struct sem_conf *sc, const struct options *o, struct buf *line)
{
	const char *why;
	char *tty;

	memset(sc, 0, sizeof(*sc));
	if (o->nsrc != 0 || o->pipe || o->worker) {
		xpool_err("--semaphore runs one command and takes no %s; "
		          "give the command only",
		    o->nsrc != 0  ? "items (-a, ::: or ::::)"
		        : o->pipe ? "--pipe"
		                  : "--worker");
		return -1;
	}
	if (sem_options(o) != 0)
		return -1;
	if (o->sem_wait != (o->ncmd == 0)) {
		xpool_err(o->sem_wait ? "--wait runs no command; give it "
		                        "alone, then run commands with sem"
		                      : "sem: no command to run; give one, "
		                        "or --wait");
		return -1;
	}
	if (shell_check(o) != 0)
		return -1;
	sc->slots = 1;
	if (o->jobs != NULL &&
	    (strcmp(o->jobs, "0") == 0 ||
	        parse_jobs(o->jobs, usable_cpus(o), sys_max_jobs(), &sc->slots,
	            &why) != 0)) {
		xpool_err("-j '%s': %s (use N, +N, -N or N%%)", o->jobs,
		    strcmp(o->jobs, "0") == 0 ? "a semaphore needs a number of "
		                                "slots"
		                              : why);
		return -1;
	}
	if (o->sem_timeout != NULL) {
		const char *t = o->sem_timeout + (o->sem_timeout[0] == '-');

		if (parse_duration(t, &sc->timeout, &why) != 0) {
			xpool_err("--semaphore-timeout '%s': %s",
			    o->sem_timeout, why);
			return -1;
		}
		if (t != o->sem_timeout)
			sc->timeout = -sc->timeout;
	}
	tty = ttyname(STDIN_FILENO);
	sc->id = o->sem_id != NULL ? o->sem_id
	    : tty != NULL          ? tty
	                           : "not a tty";
	sc->fg = o->sem_fg == 1;
	sc->wait = o->sem_wait;
	sc->shell = chosen_shell(o) != NULL ? chosen_shell(o)
	    : exported_functions(NULL)      ? bash_shell()
	                                    : default_shell();
	for (size_t i = 0; i < o->ncmd; i++) {
		if (i > 0)
			buf_addc(line, ' ');
		if (o->quote)
			quote_shell(line, o->cmd[i], strlen(o->cmd[i]));
		else
			buf_adds(line, o->cmd[i]);
	}
	buf_addc(line, '\0');
	sc->line = o->ncmd != 0 ? line->data : NULL;
	return 0;
}
