/*
 * rfiles.c -- the files a remote job moves, its --workdir and --env.
 *
 * A job that moves files runs as a local sh script: rsync sends its files
 * through the host's connection (rsync -e 'ssh ... -o ControlPath=SOCKET'),
 * the job's own ssh command runs, rsync brings back its --return files, and
 * one more ssh removes them all with --cleanup.  Its remote command line
 * first exports --env's variables and goes into its --workdir.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "diag.h"
#include "quote.h"
#include "rfiles.h"
#include "xmalloc.h"

struct rfiles {
	struct rfiles_conf c; /* --workdir, --env, the files */
	struct spawner *sp;
	unsigned char *root_same; /* by host: its / is this machine's */
	size_t nhosts;
	char *wd_here; /* --workdir .: this directory, under the home */
	struct buf pre, wd, script; /* --workdir, --env; the files' script */
	struct buf fn; /* an exported function's definition, for eval */
	char *sh_argv[4]; /* sh -c SCRIPT */
};

struct rfiles *
rfiles_new(const struct rfiles_conf *c)
{
	struct rfiles *rf = xcalloc(1, sizeof(*rf));

	rf->c = *c;
	return rf;
}

static void
add_quoted(struct buf *b, const char *s)
{
	quote_shell(b, s, strlen(s));
}

/*
 * Where path goes: absolute with no /./, the same path from / on the host;
 * with /./, what follows it under the workdir; else the path under the
 * workdir.  Pure.
 */
void
rfiles_split_path(const char *path, struct rfiles_path *p)
{
	const char *cut = strstr(path, "/./");

	p->root = 0;
	p->base_len = 0;
	if (cut != NULL) {
		p->base_len = (size_t)(cut - path) + (cut == path);
		p->rel = cut + 3;
	} else if (path[0] == '/') {
		p->root = 1;
		p->base_len = 1;
		p->rel = path + 1;
	} else
		p->rel = path;
	while (p->rel[0] == '.' && p->rel[1] == '/')
		p->rel += 2;
	while (p->rel[0] == '/')
		p->rel++;
}

static int
temp_workdir(const struct rfiles *rf)
{
	return rf->c.workdir != NULL && strcmp(rf->c.workdir, "...") == 0;
}

/* Does a job need a script: --cleanup, or --workdir ...? */
int
rfiles_moves_files(const struct rfiles *rf)
{
	return temp_workdir(rf) || rf->c.cleanup;
}

/* Job seq's remote workdir, in rf->wd: "." when none. */
static const char *
workdir_of(struct rfiles *rf, unsigned long seq)
{
	const char *w = rf->c.workdir;
	char host[256];

	buf_reset(&rf->wd);
	if (w == NULL)
		buf_adds(&rf->wd, ".");
	else if (temp_workdir(rf)) {
		if (gethostname(host, sizeof(host)) != 0)
			snprintf(host, sizeof(host), "localhost");
		host[sizeof(host) - 1] = '\0';
		buf_printf(&rf->wd, ".parallel/tmp/%s-%ld-%lu", host,
		    (long)getpid(), seq);
	} else if (strcmp(w, ".") == 0)
		buf_adds(&rf->wd, rf->wd_here != NULL ? rf->wd_here : ".");
	else
		buf_adds(&rf->wd, w);
	return rf->wd.data;
}

/*
 * --workdir .: this directory under the home, as a path from the home;
 * outside the home, this directory's absolute path (before rfiles_open(),
 * ".").
 */
static void
decide_wd_here(struct rfiles *rf)
{
	const char *home = getenv("HOME");
	char *cwd = getcwd(NULL, 0);
	size_t n;

	free(rf->wd_here);
	if (cwd == NULL) {
		rf->wd_here = xstrdup(".");
		return;
	}
	n = home != NULL ? strlen(home) : 0;
	while (n > 1 && home[n - 1] == '/')
		n--;
	if (n > 0 && strncmp(cwd, home, n) == 0 &&
	    (cwd[n] == '/' || cwd[n] == '\0'))
		rf->wd_here = xstrdup(cwd[n] == '\0' ? "." : cwd + n + 1);
	else
		rf->wd_here = xstrdup(cwd);
	free(cwd);
}

/*
 * The remote command line with --env's variables and functions first and
 * the job in its --workdir (made when missing).
 */
const char *
rfiles_prefix(struct rfiles *rf, const char *line, unsigned long seq)
{
	if (rf->c.nenv == 0 && rf->c.workdir == NULL)
		return line;
	buf_reset(&rf->pre);
	for (size_t k = 0; k < rf->c.nenv; k++) {
		const char *e = rf->c.env[k], *eq = strchr(e, '=');
		size_t n = (size_t)(eq - e);

		if (strncmp(e, "BASH_FUNC_", 10) == 0 && n > 12 &&
		    strncmp(eq - 2, "%%", 2) == 0) {
			/* Bash's to define; another shell skips it. */
			buf_reset(&rf->fn);
			buf_add(&rf->fn, e + 10, n - 12);
			buf_printf(&rf->fn, " %s\nexport -f %.*s", eq + 1,
			    (int)(n - 12), e + 10);
			buf_adds(
			    &rf->pre, "[ -z \"${BASH_VERSION-}\" ]||eval ");
			add_quoted(&rf->pre, rf->fn.data);
			buf_addc(&rf->pre, ';');
			continue;
		}
		buf_add(&rf->pre, e, n + 1);
		add_quoted(&rf->pre, eq + 1);
		buf_printf(&rf->pre, ";export %.*s;", (int)n, e);
	}
	if (rf->c.workdir != NULL && seq > 0) {
		const char *wd = workdir_of(rf, seq);

		buf_adds(&rf->pre, "{ mkdir -p -- ");
		add_quoted(&rf->pre, wd);
		buf_adds(&rf->pre, "&&cd -- ");
		add_quoted(&rf->pre, wd);
		buf_adds(&rf->pre, ";}||exit 255;");
	}
	buf_adds(&rf->pre, line);
	return rf->pre.data;
}

/*
 * How a local shell runs ssh through host h's connection: its ssh words
 * and the connection's options, quoted, into b (the destination not).
 */
void
rfiles_ssh_cmd(const struct rfiles_host *h, struct buf *b)
{
	for (size_t k = 0; k < h->nssh; k++) {
		add_quoted(b, h->ssh[k]);
		buf_addc(b, ' ');
	}
	buf_adds(b, "-o ");
	add_quoted(b, h->ctl_opt);
	buf_adds(b, " -o ControlMaster=no");
}

/* rsync's words, to a local shell: OPTS -e 'SSH ...' --rsync-path=... */
static void
rsync_words(
    struct rfiles *rf, const struct rfiles_host *h, const char *remote_cmd)
{
	struct buf e = BUF_INIT;
	const char *o = rf->c.rsync_opts;

	buf_adds(&rf->script, "rsync ");
	buf_adds(&rf->script, o != NULL ? o : "-rlDzR");
	rfiles_ssh_cmd(h, &e);
	buf_adds(&rf->script, " -e ");
	add_quoted(&rf->script, e.data);
	buf_reset(&e);
	buf_adds(&e, remote_cmd);
	buf_adds(&e, " rsync");
	buf_adds(&rf->script, " --rsync-path=");
	add_quoted(&rf->script, e.data);
	buf_free(&e);
}

/* "mkdir -p -- 'DIR' &&" or "cd -- 'DIR' &&", for --rsync-path. */
static void
remote_dir_cmd(struct buf *b, const char *verb, const char *dir)
{
	buf_reset(b);
	buf_printf(b, "%s -- ", verb);
	add_quoted(b, dir);
	buf_adds(b, " &&");
}

/*
 * The files of files[0..n) whose remote base is / (root) or the workdir
 * wd, sent in one rsync; nothing when there are none.
 */
static void
send_files(struct rfiles *rf, const struct rfiles_host *h, char *const *files,
    size_t n, int root, const char *wd)
{
	struct buf cmd = BUF_INIT;
	struct rfiles_path p;
	int any = 0;

	for (size_t k = 0; k < n; k++) {
		rfiles_split_path(files[k], &p);
		if (files[k][0] == '\0' || p.root != root)
			continue;
		if (!any) {
			buf_adds(&rf->script, "x(){ ");
			remote_dir_cmd(&cmd, "mkdir -p", root ? "/" : wd);
			rsync_words(rf, h, cmd.data);
			buf_adds(&rf->script, " --");
			any = 1;
		}
		buf_addc(&rf->script, ' ');
		if (files[k][0] != '/') {
			/* "./" keeps a name with a ':' a local one. */
			buf_reset(&cmd);
			buf_printf(&cmd, "./%s", files[k]);
			add_quoted(&rf->script, cmd.data);
		} else
			add_quoted(&rf->script, files[k]);
	}
	if (any) {
		/*
		 * Tried again, quietly, when another job's --cleanup took
		 * the directory rsync had just made there.
		 */
		buf_printf(&rf->script,
		    " %s:%s </dev/null;};x 2>/dev/null||x "
		    "2>/dev/null||x||exit;",
		    h->dest, root ? "/" : ".");
	}
	buf_free(&cmd);
}

/* Bring file back from the workdir wd (or /) to where it came from. */
static void
return_file(struct rfiles *rf, const struct rfiles_host *h, const char *file,
    const char *wd)
{
	struct buf t = BUF_INIT;
	struct rfiles_path p;

	rfiles_split_path(file, &p);
	if (p.rel[0] == '\0')
		return;
	if (p.base_len > 0)
		buf_add(&t, file, p.base_len);
	else
		buf_adds(&t, ".");
	buf_adds(&rf->script, "mkdir -p -- ");
	add_quoted(&rf->script, t.data);
	buf_adds(&rf->script, "&&");
	buf_reset(&t);
	remote_dir_cmd(&t, "cd", p.root ? "/" : wd);
	rsync_words(rf, h, t.data);
	buf_reset(&t);
	buf_printf(&t, "%s:./%s", h->dest, p.rel);
	buf_adds(&rf->script, " -- ");
	add_quoted(&rf->script, t.data);
	buf_reset(&t);
	if (p.base_len > 0)
		buf_add(&t, file, p.base_len);
	else
		buf_adds(&t, ".");
	buf_adds(&t, "/");
	buf_addc(&rf->script, ' ');
	add_quoted(&rf->script, t.data);
	buf_adds(&rf->script, " </dev/null;");
	buf_free(&t);
}

/*
 * The remote command that removes files[0..n) from the workdir wd (or /),
 * and the directories rsync made for them when empty: into b.
 */
static void
remove_files(struct buf *b, char *const *files, size_t n, const char *wd)
{
	struct rfiles_path p;
	struct buf path = BUF_INIT;

	for (size_t k = 0; k < n; k++) {
		rfiles_split_path(files[k], &p);
		if (p.rel[0] == '\0')
			continue;
		buf_reset(&path);
		buf_printf(&path, "%s/%s", p.root ? "" : wd, p.rel);
		buf_adds(b, "rm -f -- ");
		add_quoted(b, path.data);
		buf_addc(b, ';');
		/* Its directories under the base, the deepest first. */
		for (char *s; (s = strrchr(path.data, '/')) != NULL &&
		     s - path.data > (ptrdiff_t)(p.root ? 0 : strlen(wd));) {
			*s = '\0';
			buf_adds(b, "rmdir -- ");
			add_quoted(b, path.data);
			buf_adds(b, " 2>/dev/null;");
		}
	}
	buf_free(&path);
}

/* ssh through the host's connection, running command there: to script. */
static void
ssh_line(struct rfiles *rf, const struct rfiles_host *h, const char *command)
{
	rfiles_ssh_cmd(h, &rf->script);
	buf_adds(&rf->script, " -q -T ");
	add_quoted(&rf->script, h->dest);
	buf_addc(&rf->script, ' ');
	add_quoted(&rf->script, command);
	buf_adds(&rf->script, " </dev/null;");
}

/*
 * Job seq on host i (h) moving files: a local sh script that sends
 * send[0..nsend) (rsync through the host's connection), runs argv (the
 * job's ssh command), brings back back[0..nback), removes them all
 * from the host with --cleanup (and a --workdir ... with them), and exits
 * with the job's status.  NULL, with the reason in why, when --cleanup
 * would remove a file of this machine's.  Valid until the next call.
 */
char **
rfiles_argv(struct rfiles *rf, size_t i, const struct rfiles_host *h,
    char **argv, unsigned long seq, char *const *send, size_t nsend,
    char *const *back, size_t nback, struct buf *why)
{
	int root_same = i < rf->nhosts && rf->root_same[i];
	struct rfiles_path p;
	struct buf rm = BUF_INIT;
	char *wd;

	for (size_t k = 0; rf->c.cleanup && root_same && k < nsend + nback;
	     k++) {
		const char *f = k < nsend ? send[k] : back[k - nsend];

		rfiles_split_path(f, &p);
		if (p.root) {
			buf_printf(why,
			    "job %lu: --cleanup would remove '%s' on host %s, "
			    "which "
			    "shares this machine's file system there; give a "
			    "relative path, or drop --cleanup",
			    seq, f, h->login);
			return NULL;
		}
	}
	wd = xstrdup(workdir_of(rf, seq));
	buf_reset(&rf->script);
	send_files(rf, h, send, nsend, 0, wd);
	send_files(rf, h, send, nsend, 1, wd);
	for (size_t k = 0; argv[k] != NULL; k++) {
		add_quoted(&rf->script, argv[k]);
		buf_addc(&rf->script, ' ');
	}
	buf_adds(&rf->script, ";s=$?;");
	for (size_t k = 0; k < nback; k++)
		return_file(rf, h, back[k], wd);
	if (rf->c.cleanup) {
		remove_files(&rm, send, nsend, wd);
		remove_files(&rm, back, nback, wd);
	}
	if (temp_workdir(rf)) {
		buf_adds(&rm, "rm -rf -- ");
		add_quoted(&rm, wd);
		buf_adds(&rm, ";rmdir .parallel/tmp .parallel 2>/dev/null");
	}
	if (rm.len > 0)
		ssh_line(rf, h, rm.data);
	buf_adds(&rf->script, "exit $s");
	buf_free(&rm);
	free(wd);
	rf->sh_argv[0] = (char *)"sh";
	rf->sh_argv[1] = (char *)"-c";
	rf->sh_argv[2] = rf->script.data;
	rf->sh_argv[3] = NULL;
	return rf->sh_argv;
}

/* Run a local sh script to its end; 0 when it succeeded. */
static int
run_script(struct rfiles *rf, const char *script)
{
	char *argv[] = { (char *)"sh", (char *)"-c", (char *)script, NULL };
	int st, r;
	pid_t pid;

	r = spawner_run(
	    rf->sp, argv, -1, STDERR_FILENO, STDERR_FILENO, 0, 0, &pid);
	if (r != 0)
		return -1;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

/* "DEV:INO" of a local path, or "" when it cannot be known. */
static void
local_id(const char *path, char *out, size_t size)
{
	struct stat st;

	if (stat(path, &st) != 0)
		out[0] = '\0';
	else
		snprintf(out, size, "%lu:%lu", (unsigned long)st.st_dev,
		    (unsigned long)st.st_ino);
}

/* The remote command of --cleanup's guard: the ids of / and the workdir. */
static void
guard_cmd(struct rfiles *rf, struct buf *cmd)
{
	buf_adds(cmd, "stat -L -c %d:%i / && ");
	if (!temp_workdir(rf)) {
		const char *wd = workdir_of(rf, 0);

		buf_adds(cmd, "mkdir -p -- ");
		add_quoted(cmd, wd);
		buf_adds(cmd, " && stat -L -c %d:%i -- ");
		add_quoted(cmd, wd);
	} else
		buf_adds(cmd, "echo");
}

/*
 * --cleanup's guard on host i (h), from its command's answer (ok when it
 * succeeded; out the ids it printed, apart by blanks or lines): the
 * workdir must not be this directory (the files sent would be the input
 * files themselves); whether its / is ours is kept for the absolute paths.
 * Returns 0, or -1 when said why.
 */
static int
guard_check(struct rfiles *rf, size_t i, const struct rfiles_host *h, int ok,
    const char *out)
{
	char root[64], here[64];
	size_t n, m;

	local_id("/", root, sizeof(root));
	local_id(".", here, sizeof(here));
	out += strspn(out, " \n");
	n = strcspn(out, " \n");
	if (!ok || n == 0) {
		xpool_err("--cleanup: cannot tell whether host %s shares this "
		          "machine's files (stat -c failed there); drop "
		          "--cleanup, or give --workdir ...",
		    h->login);
		return -1;
	}
	rf->root_same[i] = n == strlen(root) && strncmp(out, root, n) == 0;
	out += n;
	out += strspn(out, " \n");
	m = strcspn(out, " \n");
	if (m > 0 && m == strlen(here) && strncmp(out, here, m) == 0) {
		xpool_err("--cleanup: on host %s the workdir '%s' is this "
		          "directory (the host shares its files): --cleanup "
		          "would delete the input files; drop --cleanup, or "
		          "give --workdir ... (a directory of the job's own)",
		    h->login, workdir_of(rf, 0));
		return -1;
	}
	return 0;
}

/* --cleanup's guard on host i, asked now.  0, or -1 when said why. */
static int
guard(struct rfiles *rf, size_t i, const struct rfiles_host *h,
    rfiles_ask_fn ask, void *ctx)
{
	char out[256];
	struct buf cmd = BUF_INIT;
	int r;

	guard_cmd(rf, &cmd);
	r = ask(ctx, i, cmd.data, out, sizeof(out));
	buf_free(&cmd);
	return guard_check(rf, i, h, r == 0, out);
}

/* --basefile's rsync for host h, in rf->script. */
static void
basefiles_script(struct rfiles *rf, const struct rfiles_host *h)
{
	const char *wd = temp_workdir(rf) ? "." : workdir_of(rf, 0);
	char *w = xstrdup(wd);

	buf_reset(&rf->script);
	send_files(
	    rf, h, (char *const *)rf->c.basefiles, rf->c.nbasefiles, 0, w);
	send_files(
	    rf, h, (char *const *)rf->c.basefiles, rf->c.nbasefiles, 1, w);
	free(w);
}

static void
basefiles_failed(const struct rfiles_host *h)
{
	xpool_err("--basefile: cannot send the files to host %s (rsync said "
	          "why); check that rsync is installed there and the files "
	          "are readable here",
	    h->login);
}

/* --basefile: the files sent to host h, before its first job. */
static int
send_basefiles(struct rfiles *rf, const struct rfiles_host *h)
{
	int r;

	basefiles_script(rf, h);
	buf_adds(&rf->script, "exit 0");
	if ((r = run_script(rf, rf->script.data)) != 0)
		basefiles_failed(h);
	return r;
}

/* Room for host i. */
static void
grow_hosts(struct rfiles *rf, size_t i)
{
	if (i < rf->nhosts)
		return;
	rf->root_same = xrealloc(rf->root_same, i + 1);
	memset(rf->root_same + rf->nhosts, 0, i + 1 - rf->nhosts);
	rf->nhosts = i + 1;
}

/*
 * The line of out (a bring-up script's output) that begins with key and a
 * blank: what follows it, or NULL when there is none.
 */
const char *
rfiles_answer(const char *out, const char *key)
{
	size_t n = strlen(key);

	for (const char *l = out; l != NULL && *l != '\0';
	     l = strchr(l, '\n'), l = l != NULL ? l + 1 : NULL)
		if (strncmp(l, key, n) == 0 && l[n] == ' ')
			return l + n + 1;
	return NULL;
}

/*
 * What host i (h), new while the run goes, needs before its first job, as
 * lines of a local sh script in which "a CMD" runs CMD on the host
 * (bounded; 124 when it took too long): the --cleanup guard's answer on a
 * line "guard STATUS ANSWER", then --basefile's rsync and a line
 * "basefiles sent".  Nothing when neither is needed.  The script's output
 * goes to rfiles_bringup_done().
 */
void
rfiles_bringup(struct rfiles *rf, const struct rfiles_host *h, struct buf *b)
{
	if (h->skip)
		return;
	if (rf->c.cleanup) {
		struct buf cmd = BUF_INIT;

		guard_cmd(rf, &cmd);
		buf_adds(b, "r=$(a ");
		add_quoted(b, cmd.data);
		buf_adds(b, ");echo \"guard $? \"$r\n");
		buf_free(&cmd);
	}
	if (rf->c.nbasefiles > 0) {
		basefiles_script(rf, h);
		buf_add(b, rf->script.data, rf->script.len);
		buf_adds(b, "\necho basefiles sent\n");
	}
}

/*
 * The output of host i's bring-up script (rfiles_bringup()): 0, or -1 when
 * said why the host is not to be used.
 */
int
rfiles_bringup_done(
    struct rfiles *rf, size_t i, const struct rfiles_host *h, const char *out)
{
	const char *a;
	char *end;

	grow_hosts(rf, i);
	if (h->skip)
		return 0;
	if (rf->c.cleanup) {
		a = rfiles_answer(out, "guard");
		if (a == NULL || strtol(a, &end, 10) != 0 || end == a)
			return guard_check(rf, i, h, 0, "");
		if (guard_check(rf, i, h, 1, end) != 0)
			return -1;
	}
	if (rf->c.nbasefiles > 0 && rfiles_answer(out, "basefiles") == NULL) {
		basefiles_failed(h);
		return -1;
	}
	return 0;
}

/*
 * Host i (after rfiles_open(), at the start): the --cleanup guard, then its
 * --basefiles.  Returns 0, or -1 when said why.
 */
static int
add_host(struct rfiles *rf, size_t i, const struct rfiles_host *h,
    rfiles_ask_fn ask, void *ctx)
{
	grow_hosts(rf, i);
	if (h->skip)
		return 0;
	if (rf->c.cleanup && guard(rf, i, h, ask, ctx) != 0)
		return -1;
	if (rf->c.nbasefiles > 0 && send_basefiles(rf, h) != 0)
		return -1;
	return 0;
}

/*
 * Before the first job: the guard, then the base files, on each of the
 * n hosts h that is not skipped.  Returns 0, or -1 when said why.
 */
int
rfiles_open(struct rfiles *rf, struct spawner *sp, const struct rfiles_host *h,
    size_t n, rfiles_ask_fn ask, void *ctx)
{
	rf->sp = sp;
	free(rf->root_same);
	rf->root_same = xcalloc(n > 0 ? n : 1, 1);
	rf->nhosts = n;
	if (rf->c.workdir != NULL && strcmp(rf->c.workdir, ".") == 0)
		decide_wd_here(rf);
	for (size_t i = 0; i < n; i++)
		if (add_host(rf, i, &h[i], ask, ctx) != 0)
			return -1;
	return 0;
}

/* At the end: --cleanup removes the base files from the hosts h[0..n). */
void
rfiles_close(struct rfiles *rf, const struct rfiles_host *h, size_t n,
    rfiles_ask_fn ask, void *ctx)
{
	struct buf rm = BUF_INIT;
	char out[8];

	if (!rf->c.cleanup || rf->c.nbasefiles == 0)
		return;
	remove_files(&rm, (char *const *)rf->c.basefiles, rf->c.nbasefiles,
	    temp_workdir(rf) ? "." : workdir_of(rf, 0));
	for (size_t i = 0; i < n; i++)
		if (!h[i].skip)
			(void)ask(ctx, i, rm.data, out, sizeof(out));
	buf_free(&rm);
}

void
rfiles_free(struct rfiles *rf)
{
	if (rf == NULL)
		return;
	free(rf->root_same);
	free(rf->wd_here);
	buf_free(&rf->pre);
	buf_free(&rf->fn);
	buf_free(&rf->wd);
	buf_free(&rf->script);
	free(rf);
}
