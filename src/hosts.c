/*
 * hosts.c -- -S: the hosts, their slots, a remote job's command, each
 * host's ssh connection, and hosts that are down.
 *
 * A remote job runs as
 *
 *	ssh [--ssh words] -q -o ControlPath=SOCKET -o ControlMaster=no -T HOST
 *	    exec sh -c 'WRAPPER' xpool SEQ SLOT 'TERMSEQ' SHELL 'COMMAND' \
 *	    HOST LOGIN
 *
 * where COMMAND is the job's command line quoted once, so that the remote
 * shell reads back exactly the words the job has locally.  sshd starts the
 * remote shell in a session (and process group) of its own; the wrapper
 * runs the command in the background and reads its standard input, a pipe
 * xpool keeps open and never writes: when the connection goes (xpool ended
 * the ssh, or died), the read sees its end, and the wrapper ends the whole
 * process group with the --termseq.  A --pipe job reads its block on that
 * standard input instead, and ends at its end.  Most remote jobs do not
 * run so, but through their slot's session (runner.c): an ssh of the same
 * shape running HOSTS_RUNNER, which takes one job after another on its
 * standard input.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "hosts.h"
#include "logins.h"
#include "quote.h"
#include "rfiles.h"
#include "xmalloc.h"

/* How long the connections may take to come up at the start. */
#define CONNECT_WAIT_MS 20000
#define ASK_WAIT_MS 20000 /* a command run on a host has this long */
#define ASK_LATE (-2) /* ask()'s answer when the command took longer */
#define MUTE_WHY                                                               \
	"it answered nothing in %d s (does a start-up file of its shell "      \
	"wait for something?)"

/*
 * Sessions per connection: sshd's MaxSessions is 10 unless its
 * configuration says otherwise, so a host with more slots gets one
 * connection for every 10.
 */
#define SESSIONS 10

/*
 * The remote side's end of a process group: the --termseq ($t, "SIGNAL
 * SECONDS ...") sent to the whole group, SIGKILL last.
 */
#define END_GROUP                                                              \
	"set -- $t;while [ $# -gt 1 ];do kill -$1 0;sleep $2;shift 2;done;"    \
	"kill -9 0;"

/*
 * A reader in the background (w) of the connection's end on fd 3: then
 * END_GROUP.  It ignores the signals it sends.
 */
#define WATCH_CONNECTION                                                       \
	"{ trap \"\" INT TERM HUP;while read -r x;do :;done;" END_GROUP "}"    \
	" <&3 3<&- >/dev/null 2>&1 & w=$!;"

/*
 * The remote side.  $1 the job number, $2 its slot, $3 the --termseq as
 * "SIGNAL SECONDS ...", $4 the shell, $5 the command (for sh, evaluated in
 * a subshell of the wrapper: one sh fewer to start), $6 and $7 the host
 * and the login, for GNU parallel's PARALLEL_SSHHOST and PARALLEL_SSHLOGIN.
 * Ends in the status of the command (128+N for a signal N).  No single quote
 * inside.
 */
static const char wrapper[] =
    "XPOOL_SEQ=$1 XPOOL_SLOT=$2 PARALLEL_SSHHOST=$6 PARALLEL_SSHLOGIN=$7;"
    "export XPOOL_SEQ XPOOL_SLOT PARALLEL_SSHHOST PARALLEL_SSHLOGIN;t=$3;"
    "exec 3<&0;"
    "if [ \"$4\" = sh ];then (c=$5;set --;eval \"$c\") </dev/null 3<&- &"
    " else \"$4\" -c \"$5\" </dev/null 3<&- & fi;j=$!;" WATCH_CONNECTION
    "wait $j;s=$?;kill -9 $w;exit $s";

/* A --pipe job: its standard input is its block. */
static const char wrapper_pipe[] =
    "XPOOL_SEQ=$1 XPOOL_SLOT=$2 PARALLEL_SSHHOST=$6 PARALLEL_SSHLOGIN=$7;"
    "export XPOOL_SEQ XPOOL_SLOT PARALLEL_SSHHOST PARALLEL_SSHLOGIN;"
    "exec \"$4\" -c \"$5\"";

/*
 * A --worker: its stdin is its items, passed on by a relay (cat) in a
 * subshell that tells the worker's side its pid first.  When the items end
 * (xpool closed them once every answer was in, or the connection went),
 * the relay lets the worker see their end, gives it $1 seconds to go by
 * itself, then ends the process group with the --termseq.  A worker that
 * goes first stops the relay (USR1), and what it left running is sent
 * SIGTERM (which the wrapper's own shells ignore); its status is the
 * wrapper's.  The shell that waits for it has its stderr on /dev/null, so
 * that its word for a worker's death ("Killed") is not taken for the
 * worker's.
 */
static const char wrapper_worker[] =
    "XPOOL_SLOT=$2 PARALLEL_SSHHOST=$6 PARALLEL_SSHLOGIN=$7;"
    "export XPOOL_SLOT PARALLEL_SSHHOST PARALLEL_SSHLOGIN;t=$3;exec 3<&0;"
    "trap \"\" TERM;"
    "{ trap \"kill -9 \\$z;exit\" USR1;echo $(exec sh -c \"echo \\$PPID\");"
    "cat <&3 3<&- & z=$!;wait $z;exec >/dev/null;trap \"\" INT HUP;"
    "sleep $1 & z=$!;wait $z;" END_GROUP "} 2>/dev/null|"
    "{ exec 4>&2 2>/dev/null;read -r r;"
    "(trap - TERM;exec 2>&4 4>&- 3<&-;exec \"$4\" -c \"$5\");s=$?;"
    "kill -USR1 $r;kill 0;exit $s;}";

/*
 * A slot's session, which runs its jobs one after another (HOSTS_RUNNER).
 * Its stdin gives a random line first, the mark; then each job as its
 * number, its shell (empty for a program and its words, which a subshell
 * of the session's execs, the session's own variables unset), its
 * command's lines and the mark.  Shell code gets a shell of its own, so
 * that its $$ is its own, as with an ssh of its own.  xpool writes a job
 * only once the one before is over, so that while a job runs, the
 * session's stdin has nothing to read but its end: a reader in the
 * background, for that job alone, takes the end of the connection for the
 * signal to end the whole process group with the --termseq, as the
 * wrapper does.  A job over, the session writes a newline, the mark and
 * the job's status on stdout, and a newline and the mark on stderr: its
 * output is what came before.  Only the mark's reader knows the mark.
 * When its stdin ends, what the jobs left running is ended with the
 * --termseq, by a reader that keeps none of the session's output open, so
 * that the session ends at once.
 */
static const char wrapper_runner[] =
    "XPOOL_SLOT=$2 PARALLEL_SSHHOST=$6 PARALLEL_SSHLOGIN=$7;"
    "export XPOOL_SLOT PARALLEL_SSHHOST PARALLEL_SSHLOGIN;t=$3;exec 3<&0;"
    "IFS= read -r n||exit 0;N=\"\n\";"
    "while IFS= read -r q&&IFS= read -r h;do c=;"
    "while IFS= read -r l&&[ \"$l\" != \"$n\" ];do c=$c$l$N;done;"
    "XPOOL_SEQ=$q;export XPOOL_SEQ;"
    "if [ -z \"$h\" ];then"
    " (set --;eval \"unset c h j l n q s t w x N;$c\") </dev/null 3<&- &"
    " else \"$h\" -c \"$c\" </dev/null 3<&- & fi;j=$!;" WATCH_CONNECTION
    "wait $j 2>/dev/null;s=$?;kill -9 $w;"
    "wait $w 2>/dev/null;printf \"\\n%s %s\\n\" \"$n\" $s;"
    "printf \"\\n%s\\n\" \"$n\" >&2;done;trap \"\" INT TERM HUP;"
    "{ " END_GROUP "} </dev/null >/dev/null 2>&1 &";

/* One ssh connection: a ControlMaster and its socket. */
struct conn {
	char *ctl; /* the socket, or NULL */
	char *ctl_opt; /* ControlPath=ctl */
	pid_t master; /* its process, or 0 */
	int errfd; /* its stderr (an unlinked file), or -1 */
};

struct host {
	char *login; /* as given, without N/: its name, for messages */
	char *groups; /* "+GROUP+...+": its @groups, [N/]HOST and HOST */
	char *text; /* its own ssh words and dest point in here */
	char **ssh; /* the ssh words: its own, or --ssh's */
	size_t nssh;
	char *dest; /* the host as ssh takes it */
	long slots; /* N/, or 0 until decided */
	long given; /* N/, or 0 */
	long decided; /* slots decided without N/ (-j or its CPUs), or 0 */
	int local; /* ':' */
	int removed; /* no more in the login files: its slots retired */
	int pending; /* new in a login file, connecting: no slots yet */
	int unreached; /* ... and that failed: tried when the files change */
	int up; /* ... logged in: its bring-up is to start */
	int bringing; /* ... its bring-up runs (hosts_bringup_argv()) */
	int mark; /* in the login files read again */
	struct timespec since; /* when it began to connect (pending) */
	struct conn *conn; /* a connection for every SESSIONS slots */
	size_t nconn;
	int fails; /* connection failures in a row */
	int down;
	char why[256]; /* what ssh said last when it could not connect */
};

struct hosts {
	struct host *h;
	size_t n;
	struct logins *logins; /* -S and the login files */
	long local; /* the slots of ':' */
	char *ssh_text; /* --ssh's words point in here */
	char **ssh; /* --ssh's words */
	size_t nssh;
	const char *jobs;
	const char *tmpdir;
	char *dir; /* the sockets' directory, or NULL */
	unsigned long nslots;
	int *slot_host; /* by slot (1..nslots): index into h */
	unsigned *slot_conn; /* by slot: its host's connection */
	unsigned char *remote; /* by slot: 1 when on a remote host */
	unsigned char *gone; /* by slot: retired, its host left the files */
	unsigned long retired; /* how many times a slot was retired */
	char termseq[TERMSEQ_MAX * 24];
	struct spawner *sp;
	char **argv; /* a remote job's words */
	size_t argv_cap;
	struct buf cmd, line; /* its remote command, its command line */
	struct buf script; /* a new host's bring-up script */
	char *sh_argv[4]; /* sh -c SCRIPT */
	int filter; /* --filter-hosts */
	int set_nice, nice; /* --nice: remote processes under nice -n */
	struct rfiles *files; /* --workdir, --env, the files jobs move */
	struct rfiles_host *views; /* the hosts as the files see them */
};

/* ---- the hosts ------------------------------------------------------------
 */

/* A host for the login l, which it takes; not connected. */
static void
add_host(struct hosts *hs, struct login *l)
{
	struct host *h;

	hs->h = xreallocarray(hs->h, hs->n + 1, sizeof(*hs->h));
	h = &hs->h[hs->n++];
	memset(h, 0, sizeof(*h));
	h->slots = h->given = l->slots;
	h->login = l->name;
	h->groups = l->groups;
	h->text = l->text;
	h->local = l->local;
	h->dest = l->dest;
	h->ssh = l->ssh != NULL ? l->ssh : hs->ssh;
	h->nssh = l->ssh != NULL ? l->nssh : hs->nssh;
	memset(l, 0, sizeof(*l));
	h->conn = xcalloc(1, sizeof(*h->conn));
	h->nconn = 1;
	h->conn[0].errfd = -1;
	/* Until hosts_open(). */
	h->conn[0].ctl_opt = xstrdup("ControlPath=none");
}

/* What host h holds, freed. */
static void
free_host(struct hosts *hs, struct host *h)
{
	free(h->login);
	free(h->groups);
	free(h->text);
	for (size_t c = 0; c < h->nconn; c++) {
		free(h->conn[c].ctl);
		free(h->conn[c].ctl_opt);
	}
	free(h->conn);
	if (h->ssh != hs->ssh)
		free(h->ssh);
}

/* Host k is no more: what it holds freed, the later ones moved up. */
static void
drop_host(struct hosts *hs, size_t k)
{
	struct host *b = &hs->h[k];

	free_host(hs, b);
	memmove(b, b + 1, (hs->n - k - 1) * sizeof(*b));
	hs->n--;
}

/* Is there a login file to read again when it changes? */
int
hosts_watched(const struct hosts *hs)
{
	return hs != NULL && logins_watched(hs->logins);
}

/* Has a login file changed since it was read? */
int
hosts_files_changed(struct hosts *hs)
{
	return logins_changed(hs->logins);
}

/*
 * The hosts of -S and --sshloginfile.  Returns 0 with *hsp set, or -1
 * (HOSTS_NO_FILE when the reason names a login file) with the reason in
 * msg.
 */
int
hosts_parse(const struct hosts_conf *c, struct hosts **hsp, struct buf *msg)
{
	struct hosts *hs = xcalloc(1, sizeof(*hs));
	struct login_list list;
	int r;

	*hsp = hs;
	hs->jobs = c->jobs;
	hs->tmpdir = c->tmpdir;
	hs->filter = c->filter;
	hs->set_nice = c->set_nice;
	hs->nice = c->nice;
	hs->files = rfiles_new(&c->files);
	hs->ssh = logins_words(
	    c->ssh != NULL ? c->ssh : "ssh", &hs->ssh_text, &hs->nssh);
	if (hs->nssh == 0) {
		buf_adds(msg,
		    "--ssh: the command has no words; give one such "
		    "as 'ssh -F FILE'");
		return -1;
	}
	if ((r = logins_open(&hs->logins, c->logins, c->nlogins, c->slf,
	         c->nslf, msg)) != 0 ||
	    (r = logins_parse(hs->logins, &list, msg)) != 0)
		return r;
	for (size_t i = 0; i < list.n; i++)
		add_host(hs, &list.v[i]);
	logins_list_free(&list);
	for (int i = 0, k = 0; i < c->termseq.n; i++) {
		k += snprintf(hs->termseq + k, sizeof(hs->termseq) - (size_t)k,
		    "%s%d %.3f", i > 0 ? " " : "", c->termseq.sig[i],
		    (double)c->termseq.ms[i] / 1000);
		if (k >= (int)sizeof(hs->termseq))
			break;
	}
	return 0;
}

/* The N/ of ':' (this machine), or 0. */
long
hosts_local_given(const struct hosts *hs)
{
	for (size_t i = 0; i < hs->n; i++)
		if (hs->h[i].local)
			return hs->h[i].given;
	return 0;
}

/* The ssh program (the first word of --ssh). */
const char *
hosts_program(const struct hosts *hs)
{
	return hs->ssh[0];
}

/* Is any host other than this machine? */
int
hosts_any_remote(const struct hosts *hs)
{
	for (size_t i = 0; i < hs->n; i++)
		if (!hs->h[i].local)
			return 1;
	return 0;
}

/* ---- the connections ------------------------------------------------------
 */

/* The ssh words, then more words (NULL-ended), then argv's. */
static char **
ssh_words(struct hosts *hs, const struct host *h, const char *const *more,
    char **argv)
{
	size_t n = 0, nm = 0, na = 0;

	while (more[nm] != NULL)
		nm++;
	while (argv != NULL && argv[na] != NULL)
		na++;
	if (h->nssh + nm + na + 1 > hs->argv_cap) {
		hs->argv_cap = h->nssh + nm + na + 1;
		hs->argv =
		    xreallocarray(hs->argv, hs->argv_cap, sizeof(*hs->argv));
	}
	for (size_t i = 0; i < h->nssh; i++)
		hs->argv[n++] = h->ssh[i];
	for (size_t i = 0; i < nm; i++)
		hs->argv[n++] = (char *)more[i];
	for (size_t i = 0; i < na; i++)
		hs->argv[n++] = argv[i];
	hs->argv[n] = NULL;
	return hs->argv;
}

/* Connection k of host i: its socket's name, its master not started. */
static void
conn_init(struct hosts *hs, size_t i, size_t k)
{
	struct conn *c = &hs->h[i].conn[k];
	size_t len = strlen(hs->dir) + 48;

	free(c->ctl_opt);
	c->ctl = xmalloc(len);
	snprintf(c->ctl, len, "%s/%zu.%zu", hs->dir, i, k);
	len += sizeof("ControlPath=");
	c->ctl_opt = xmalloc(len);
	snprintf(c->ctl_opt, len, "ControlPath=%s", c->ctl);
	c->master = 0;
	c->errfd = -1;
}

/*
 * A ControlMaster for the host: its socket appears once it is logged in.
 * What it says goes to an unlinked file (a pipe could fill up and stop it),
 * read back for the reason when it fails.
 */
static void
start_master(struct hosts *hs, struct host *h, struct conn *c)
{
	const char *more[] = { "-o", c->ctl_opt, "-o", "ControlMaster=yes",
		"-o", "ControlPersist=no", "-N", "-T", h->dest, NULL };
	int fd, r;

	h->why[0] = '\0';
	fd = open(hs->dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd < 0 && (fd = open("/dev/null", O_WRONLY | O_CLOEXEC)) < 0) {
		snprintf(h->why, sizeof(h->why), "cannot open /dev/null: %s",
		    strerror(errno));
		return;
	}
	r = spawner_run(
	    hs->sp, ssh_words(hs, h, more, NULL), -1, fd, fd, 0, 0, &c->master);
	if (r != 0) {
		snprintf(h->why, sizeof(h->why), "cannot run %s: %s", h->ssh[0],
		    strerror(r));
		close(fd);
		c->master = 0;
		return;
	}
	c->errfd = fd;
}

/* The last line of what the master said (why it could not connect). */
static void
read_why(struct host *h, const struct conn *c)
{
	char b[1024], *line, *nl;
	struct stat st;
	off_t at;
	ssize_t n;

	if (fstat(c->errfd, &st) != 0 || st.st_size == 0)
		return;
	at = st.st_size > (off_t)sizeof(b) - 1
	    ? st.st_size - (off_t)sizeof(b) + 1
	    : 0;
	if ((n = pread(c->errfd, b, sizeof(b) - 1, at)) <= 0)
		return;
	b[n] = '\0';
	while (
	    n > 0 && (b[n - 1] == '\n' || b[n - 1] == '\r' || b[n - 1] == '.'))
		b[--n] = '\0';
	if (n == 0)
		return;
	nl = strrchr(b, '\n');
	line = nl != NULL ? nl + 1 : b;
	n = (ssize_t)strlen(line);
	if (n >= (ssize_t)sizeof(h->why))
		n = (ssize_t)sizeof(h->why) - 1;
	memcpy(h->why, line, (size_t)n);
	h->why[n] = '\0';
}

/* The master has exited (or was never started): reaped, its pipe closed. */
static int
master_gone(struct host *h, struct conn *c)
{
	siginfo_t si;

	if (c->master == 0)
		return 1;
	memset(&si, 0, sizeof(si));
	if (waitid(P_PID, (id_t)c->master, &si, WEXITED | WNOHANG) == 0 &&
	    si.si_pid == 0)
		return 0;
	c->master = 0;
	if (c->errfd >= 0) {
		read_why(h, c);
		close(c->errfd);
		c->errfd = -1;
	}
	return 1;
}

static int
master_ready(const struct conn *c)
{
	struct stat st;

	return c->master != 0 && stat(c->ctl, &st) == 0;
}

/* End a connection; remove its socket. */
static void
end_master(struct host *h, struct conn *c)
{
	if (!master_gone(h, c)) {
		/* ssh may sit on a TERM while its sessions close. */
		kill(c->master, SIGTERM);
		for (int k = 0; k < 100 && !master_gone(h, c); k++)
			poll(NULL, 0, 5);
		if (!master_gone(h, c)) {
			kill(c->master, SIGKILL);
			while (
			    waitpid(c->master, NULL, 0) < 0 && errno == EINTR)
				;
		}
		c->master = 0;
	}
	if (c->errfd >= 0) {
		close(c->errfd);
		c->errfd = -1;
	}
	if (c->ctl != NULL)
		(void)unlink(c->ctl);
}

/* Milliseconds left until deadline (CLOCK_MONOTONIC), 0 when past. */
static int
ms_left(const struct timespec *deadline)
{
	struct timespec now;
	long long ms;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (long long)(deadline->tv_sec - now.tv_sec) * 1000 +
	    (deadline->tv_nsec - now.tv_nsec) / 1000000;
	return ms <= 0 ? 0 : ms > INT_MAX ? INT_MAX : (int)ms;
}

/*
 * Run COMMAND on the host through its connection; its first line in out.
 * Returns 0; -1 when it failed; ASK_LATE, with h->why set, when it did not
 * end within ASK_WAIT_MS (its ssh is killed): a host whose shell waits as
 * it starts would otherwise hold the run forever, in silence.
 */
static int
ask(struct hosts *hs, struct host *h, const char *command, char *out,
    size_t size)
{
	const char *more[] = { "-o", h->conn[0].ctl_opt, "-o",
		"ControlMaster=no", "-T", h->dest, command, NULL };
	struct timespec deadline;
	struct pollfd pfd;
	siginfo_t si;
	int fds[2], r, late = 0;
	size_t len = 0;
	ssize_t n = 0;
	pid_t pid;

	out[0] = '\0';
	if (pipe2(fds, O_CLOEXEC) != 0)
		return -1;
	r = spawner_run(hs->sp, ssh_words(hs, h, more, NULL), -1, fds[1],
	    STDERR_FILENO, 0, 0, &pid);
	close(fds[1]);
	if (r != 0) {
		close(fds[0]);
		return -1;
	}
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += ASK_WAIT_MS / 1000;
	pfd.fd = fds[0];
	pfd.events = POLLIN;
	while (len + 1 < size) {
		if ((r = poll(&pfd, 1, ms_left(&deadline))) == 0) {
			late = 1;
			break;
		}
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 ||
		    ((n = read(fds[0], out + len, size - 1 - len)) < 0 &&
		        errno != EINTR) ||
		    n == 0)
			break;
		if (n > 0)
			len += (size_t)n;
	}
	out[len] = '\0';
	close(fds[0]);
	/* Its output is in (or the pipe is closed): it ends soon, or late. */
	for (;;) {
		memset(&si, 0, sizeof(si));
		if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG) != 0 &&
		    errno != EINTR)
			return -1;
		if (si.si_pid != 0)
			break;
		if (late || ms_left(&deadline) == 0) {
			late = 1;
			kill(pid, SIGKILL);
			while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
				;
			break;
		}
		poll(NULL, 0, 5);
	}
	if (late) {
		snprintf(h->why, sizeof(h->why), MUTE_WHY, ASK_WAIT_MS / 1000);
		return ASK_LATE;
	}
	return si.si_code == CLD_EXITED && si.si_status == 0 ? 0 : -1;
}

/* What asks a host its CPUs. */
#define CPUS_CMD "getconf _NPROCESSORS_ONLN 2>/dev/null || nproc"

/* Does a host without N/ take its slots from its CPUs (-j not a number)? */
static int
by_cpus(const struct hosts *hs, const struct host *h)
{
	const char *why;
	long n;

	return h->given == 0 && !h->local && h->decided == 0 &&
	    (hs->jobs == NULL ||
	        parse_long(hs->jobs, 1, 100000, &n, &why) != 0);
}

/* The slots of a host with cpus CPUs: -j's over them, or as many. */
static int
slots_by_cpus(struct hosts *hs, struct host *h, long cpus)
{
	const char *why;
	long n;

	if (hs->jobs == NULL)
		n = cpus;
	else if (parse_jobs(hs->jobs, cpus, 100000, &n, &why) != 0)
		return -1; /* said when -j was decoded */
	h->slots = h->decided = n > 0 ? n : cpus;
	return 0;
}

/* Slots on a host without N/: -j's number, or -j over its CPUs. */
static int
decide_slots(struct hosts *hs, struct host *h, long local)
{
	char out[64];
	long cpus = 0, n;
	const char *why;
	int r = 0;

	if (h->local) {
		h->slots = local;
		return 0;
	}
	if (hs->jobs != NULL &&
	    parse_long(hs->jobs, 1, 100000, &n, &why) == 0) {
		h->slots = h->decided = n;
		return 0;
	}
	if (h->down || (r = ask(hs, h, CPUS_CMD, out, sizeof(out))) != 0 ||
	    (cpus = strtol(out, NULL, 10)) < 1)
		cpus = 1;
	if (r == ASK_LATE) {
		/* It runs nothing: out of the run; asked again once back. */
		h->down = h->unreached = 1;
		h->slots = 1;
		h->decided = 0;
		end_master(h, &h->conn[0]);
		return 0;
	}
	return slots_by_cpus(hs, h, cpus);
}

/*
 * The slots a host has once it is connected: its N/; else ':''s, or what
 * was decided for it (-j's number, or its CPUs, asked once); 1 when that
 * cannot be known.
 */
static long
host_want(struct hosts *hs, struct host *h)
{
	if (h->given > 0)
		return h->given;
	if (h->local)
		return hs->local > 0 ? hs->local : 1;
	if (h->decided == 0 && decide_slots(hs, h, hs->local) != 0)
		return 1;
	return h->decided > 0 ? h->decided : 1;
}

/* Slot by slot, one host after another, so that the first jobs spread. */
static void
assign_slots(struct hosts *hs)
{
	unsigned long s = 1;
	long round = 0;
	int more = 1;

	hs->nslots = 0;
	for (size_t i = 0; i < hs->n; i++)
		hs->nslots += (unsigned long)hs->h[i].slots;
	hs->slot_host = xcalloc(hs->nslots + 1, sizeof(*hs->slot_host));
	hs->remote = xcalloc(hs->nslots + 1, 1);
	hs->gone = xcalloc(hs->nslots + 1, 1);
	hs->slot_conn = xcalloc(hs->nslots + 1, sizeof(*hs->slot_conn));
	while (more) {
		more = 0;
		for (size_t i = 0; i < hs->n; i++) {
			if (hs->h[i].slots <= round)
				continue;
			more = 1;
			hs->slot_host[s] = (int)i;
			hs->remote[s] = !hs->h[i].local;
			hs->slot_conn[s] = (unsigned)(round / SESSIONS);
			s++;
		}
		round++;
	}
}

/* Slots of host i, retired ones too. */
static unsigned long
host_slots_ever(const struct hosts *hs, size_t i)
{
	unsigned long m = 0;

	for (unsigned long s = 1; s <= hs->nslots; s++)
		m += hs->slot_host[s] == (int)i;
	return m;
}

/* One more slot, on host i. */
static void
add_slot(struct hosts *hs, size_t i)
{
	unsigned long m = host_slots_ever(hs, i), s = ++hs->nslots;

	hs->slot_host =
	    xreallocarray(hs->slot_host, s + 1, sizeof(*hs->slot_host));
	hs->slot_conn =
	    xreallocarray(hs->slot_conn, s + 1, sizeof(*hs->slot_conn));
	hs->remote = xrealloc(hs->remote, s + 1);
	hs->gone = xrealloc(hs->gone, s + 1);
	hs->slot_host[s] = (int)i;
	hs->slot_conn[s] = (unsigned)(m / SESSIONS);
	hs->remote[s] = !hs->h[i].local;
	hs->gone[s] = 0;
}

/*
 * Host i has want slots from now on: the last ones beyond are retired
 * (their jobs finish), retired ones come back first, then new ones.
 * Returns 1 when a slot changed.
 */
static int
set_slots(struct hosts *hs, size_t i, long want)
{
	long have = 0;
	int changed = 0;

	for (unsigned long s = 1; s <= hs->nslots; s++)
		have += hs->slot_host[s] == (int)i && !hs->gone[s];
	for (unsigned long s = hs->nslots; s >= 1 && have > want; s--)
		if (hs->slot_host[s] == (int)i && !hs->gone[s]) {
			hs->gone[s] = 1;
			hs->retired++;
			have--;
			changed = 1;
		}
	for (unsigned long s = 1; s <= hs->nslots && have < want; s++)
		if (hs->slot_host[s] == (int)i && hs->gone[s]) {
			hs->gone[s] = 0;
			have++;
			changed = 1;
		}
	for (; have < want; have++, changed = 1)
		add_slot(hs, i);
	return changed;
}

/*
 * Is connection k of host h still coming up?  A first connection that
 * failed takes its host down; a later one only leaves its slots to connect
 * without it.
 */
static int
coming_up(struct host *h, size_t k, int late)
{
	struct conn *c = &h->conn[k];

	if (master_ready(c))
		return 0;
	if (master_gone(h, c)) {
		if (k == 0)
			h->down = 1;
		return 0;
	}
	if (!late)
		return 1;
	if (k == 0) {
		snprintf(h->why, sizeof(h->why), "no connection after %d s",
		    CONNECT_WAIT_MS / 1000);
		h->down = 1;
	}
	end_master(h, c);
	return 0;
}

/*
 * Wait until the connections from the first one on are logged in or have
 * failed; hosts whose first failed are down (said).
 */
static void
await_masters(struct hosts *hs, size_t first)
{
	struct timespec t0, now;
	int waiting = 1, late = 0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (waiting) {
		waiting = 0;
		for (size_t i = 0; i < hs->n; i++) {
			struct host *h = &hs->h[i];

			for (size_t k = first; k < h->nconn; k++)
				if (!h->local && !h->down &&
				    coming_up(h, k, late))
					waiting = 1;
		}
		if (!waiting || late)
			break;
		clock_gettime(CLOCK_MONOTONIC, &now);
		late = (now.tv_sec - t0.tv_sec) * 1000 +
		        (now.tv_nsec - t0.tv_nsec) / 1000000 >
		    CONNECT_WAIT_MS;
		if (!late)
			poll(NULL, 0, 5);
	}
}

/*
 * Hosts down at the start are said; with --filter-hosts they are left out.
 * One that answered no command in time stays out of the run (unreached):
 * a shell that waits as it logs in waits again.
 */
static void
say_down(struct hosts *hs)
{
	for (size_t i = 0; i < hs->n; i++) {
		struct host *h = &hs->h[i];

		if (h->down && hs->filter) {
			/* As GNU parallel says it. */
			xpool_warn("Removed %s.", h->login);
			end_master(h, &h->conn[0]);
			drop_host(hs, i--);
		} else if (h->down)
			xpool_warn("host %s is down: %s; its jobs run on the "
			           "other hosts",
			    h->login, h->why[0] ? h->why : "ssh failed");
	}
}

/* More connections for hosts with more than SESSIONS slots. */
static void
add_masters(struct hosts *hs)
{
	int added = 0;

	for (size_t i = 0; i < hs->n; i++) {
		struct host *h = &hs->h[i];
		size_t want =
		    (host_slots_ever(hs, i) + SESSIONS - 1) / SESSIONS;

		if (h->local || h->down || h->pending || want <= h->nconn)
			continue;
		h->conn = xreallocarray(h->conn, want, sizeof(*h->conn));
		memset(h->conn + h->nconn, 0,
		    (want - h->nconn) * sizeof(*h->conn));
		for (size_t k = h->nconn; k < want; k++) {
			conn_init(hs, i, k);
			start_master(hs, h, &h->conn[k]);
		}
		h->nconn = want;
		added = 1;
	}
	if (added)
		await_masters(hs, 1);
}

/* ---- what the files know of the hosts -------------------------------------
 */

/* Run command on host i through its connection (rfiles_ask_fn). */
static int
ask_host(void *ctx, size_t i, const char *command, char *out, size_t size)
{
	struct hosts *hs = ctx;

	return ask(hs, &hs->h[i], command, out, size);
}

/* Host i as the files see it; skipped when this machine or down. */
static void
file_view(const struct hosts *hs, size_t i, struct rfiles_host *v)
{
	const struct host *h = &hs->h[i];

	v->login = h->login;
	v->ssh = h->ssh;
	v->nssh = h->nssh;
	v->ctl_opt = h->nconn > 0 ? h->conn[0].ctl_opt : NULL;
	v->dest = h->dest;
	v->skip = h->local || h->down;
}

/* Every host as the files see it, in hs->views. */
static struct rfiles_host *
file_views(struct hosts *hs)
{
	hs->views =
	    xreallocarray(hs->views, hs->n > 0 ? hs->n : 1, sizeof(*hs->views));
	for (size_t i = 0; i < hs->n; i++)
		file_view(hs, i, &hs->views[i]);
	return hs->views;
}

/* Does a job need a script: --cleanup, or --workdir ...? */
int
hosts_moves_files(const struct hosts *hs)
{
	return rfiles_moves_files(hs->files);
}

/*
 * A remote job on host i that moves files (see rfiles_argv()); argv the
 * words of hosts_argv().  Valid until the next call.
 */
char **
hosts_files_argv(struct hosts *hs, int i, char **argv, unsigned long seq,
    char *const *send, size_t nsend, char *const *back, size_t nback,
    struct buf *why)
{
	struct rfiles_host v;

	file_view(hs, (size_t)i, &v);
	return rfiles_argv(
	    hs->files, (size_t)i, &v, argv, seq, send, nsend, back, nback, why);
}

/*
 * Connect to every remote host (a ControlMaster each, in a directory of
 * sockets made here) and decide the slots; local is the number of slots
 * for ':'.  Returns 0, or -1 when said why.
 */
/* The directory of the connections' sockets, made once.  -1 when said. */
static int
make_dir(struct hosts *hs)
{
	const char *tmp = hs->tmpdir;
	size_t n;

	if (hs->dir != NULL)
		return 0;
	if (tmp == NULL && (tmp = getenv("TMPDIR")) == NULL)
		tmp = "/tmp";
	n = strlen(tmp) + sizeof("/xpool-ssh.XXXXXX");
	/*
	 * A socket's path is short (108 bytes of sun_path), and ssh makes
	 * its master's as the ControlPath and 17 bytes more: keep room for
	 * "/HOST.CONN" and those.
	 */
	if (n > 80)
		tmp = "/tmp", n = sizeof("/tmp/xpool-ssh.XXXXXX");
	hs->dir = xmalloc(n);
	snprintf(hs->dir, n, "%s/xpool-ssh.XXXXXX", tmp);
	if (mkdtemp(hs->dir) == NULL) {
		xpool_err("cannot make a directory for the ssh connections in "
		          "%s: %s; give a writable --tmpdir",
		    tmp, strerror(errno));
		free(hs->dir);
		hs->dir = NULL;
		return -1;
	}
	return 0;
}

int
hosts_open(struct hosts *hs, struct spawner *sp, long local)
{
	hs->sp = sp;
	hs->local = local;
	if (hosts_any_remote(hs) && make_dir(hs) != 0)
		return -1;
	for (size_t i = 0; i < hs->n; i++) {
		if (hs->h[i].local)
			continue;
		conn_init(hs, i, 0);
		start_master(hs, &hs->h[i], &hs->h[i].conn[0]);
	}
	await_masters(hs, 0);
	for (size_t i = 0; i < hs->n; i++)
		if (hs->h[i].slots == 0 &&
		    decide_slots(hs, &hs->h[i], local) != 0)
			return -1;
	say_down(hs);
	assign_slots(hs);
	add_masters(hs);
	return rfiles_open(hs->files, sp, file_views(hs), hs->n, ask_host, hs);
}

/* ---- the login files read again -------------------------------------------
 */

/* Host i, new in a login file: its first connection starts. */
static void
connect_new(struct hosts *hs, size_t i)
{
	struct host *h = &hs->h[i];

	h->unreached = 0;
	if (h->local) {
		h->slots = host_want(hs, h);
		set_slots(hs, i, h->slots);
		return;
	}
	if (make_dir(hs) != 0) {
		h->unreached = 1;
		return;
	}
	if (h->conn[0].ctl == NULL)
		conn_init(hs, i, 0);
	start_master(hs, h, &h->conn[0]);
	h->pending = 1;
	clock_gettime(CLOCK_MONOTONIC, &h->since);
}

/* The index of the host named login, or -1. */
static long
find_host(const struct hosts *hs, const char *login)
{
	for (size_t i = 0; i < hs->n; i++)
		if (strcmp(hs->h[i].login, login) == 0)
			return (long)i;
	return -1;
}

/*
 * The logins of t (the login files as they are now) become hs's hosts:
 * known ones take their new slots and groups, new ones are appended and
 * connect, and those no more in t are retired.  What hs took is taken from
 * t.  Returns 1 when a slot changed.
 */
static int
adopt(struct hosts *hs, struct login_list *t)
{
	size_t had = hs->n;
	int changed = 0;

	for (size_t i = 0; i < hs->n; i++)
		hs->h[i].mark = 0;
	for (size_t k = 0; k < t->n; k++) {
		struct login *n = &t->v[k];
		struct host *h;
		long i = find_host(hs, n->name);

		if (i < 0) {
			add_host(hs, n);
			h = &hs->h[hs->n - 1];
			h->mark = 1;
			connect_new(hs, hs->n - 1);
			changed |= h->local;
			continue;
		}
		h = &hs->h[i];
		h->mark = 1;
		free(h->groups);
		h->groups = n->groups;
		n->groups = NULL;
		h->given = n->slots;
		if (h->removed) {
			h->removed = 0;
			changed = 1;
		}
		if (h->unreached)
			connect_new(hs, (size_t)i);
		else if (!h->pending && !h->up && !h->bringing) {
			h->slots = host_want(hs, h);
			changed |= set_slots(hs, (size_t)i, h->slots);
		}
	}
	for (size_t i = 0; i < had; i++) {
		struct host *h = &hs->h[i];

		if (h->mark || h->removed)
			continue;
		h->removed = 1;
		h->pending = h->up = 0;
		changed |= set_slots(hs, i, 0);
	}
	if (changed)
		add_masters(hs);
	return changed;
}

/*
 * Read the login files again (they changed): see adopt().  Files that
 * cannot be read, or name no host, leave the hosts as they were (said).
 * Returns 1 when a slot changed.
 */
int
hosts_reread(struct hosts *hs)
{
	struct login_list t;
	struct buf msg = BUF_INIT;
	int changed = 0;

	if (logins_reread(hs->logins, &t, &msg) != 0)
		xpool_warn("%s; the hosts stay as they were", msg.data);
	else
		changed = adopt(hs, &t);
	logins_list_free(&t);
	buf_free(&msg);
	return changed;
}

/*
 * Host h, new in a login file, is not used now: connected and brought up
 * anew when the files change and still name it.
 */
static void
set_aside(struct host *h)
{
	h->down = h->up = h->bringing = 0;
	h->unreached = 1;
	end_master(h, &h->conn[0]);
}

/* ... and said, for one that cannot be reached. */
static void
unreachable(struct host *h)
{
	set_aside(h);
	xpool_warn("host %s cannot be reached: %s; it is tried again when "
	           "the --sshloginfile changes",
	    h->login, h->why[0] ? h->why : "ssh failed");
}

/*
 * Hosts new in the login files that are connecting: those logged in wait
 * for their bring-up (hosts_next_up()), those that failed are said and
 * tried again when the files change.  Returns how many are still
 * connecting.
 */
int
hosts_poll_new(struct hosts *hs)
{
	struct timespec now;
	int waiting = 0;

	clock_gettime(CLOCK_MONOTONIC, &now);
	for (size_t i = 0; i < hs->n; i++) {
		struct host *h = &hs->h[i];
		int late = (now.tv_sec - h->since.tv_sec) * 1000 +
		        (now.tv_nsec - h->since.tv_nsec) / 1000000 >
		    CONNECT_WAIT_MS;

		if (!h->pending)
			continue;
		if (coming_up(h, 0, late)) {
			waiting++;
			continue;
		}
		h->pending = 0;
		if (h->down) {
			unreachable(h);
			continue;
		}
		h->up = 1; /* hosts_next_up() */
	}
	return waiting;
}

/* A host logged in whose bring-up is to start, or -1; it starts now. */
long
hosts_next_up(struct hosts *hs)
{
	for (size_t i = 0; i < hs->n; i++)
		if (hs->h[i].up) {
			hs->h[i].up = 0;
			hs->h[i].bringing = 1;
			return (long)i;
		}
	return -1;
}

/*
 * Host i, new in a login file, is logged in: what it needs before its
 * first job (its CPUs, when its slots are decided by them; --cleanup's
 * guard; --basefile's files) as a local script, sh -c SCRIPT, whose output
 * goes to hosts_bringup_done(); NULL when it needs nothing.  Its commands
 * on the host have ASK_WAIT_MS each.  Valid until the next call.
 */
char **
hosts_bringup_argv(struct hosts *hs, int i)
{
	struct host *h = &hs->h[i];
	struct rfiles_host v;
	size_t head;

	file_view(hs, (size_t)i, &v);
	buf_reset(&hs->script);
	buf_printf(&hs->script, "a(){ timeout %d ", ASK_WAIT_MS / 1000);
	rfiles_ssh_cmd(&v, &hs->script);
	buf_adds(&hs->script, " -T ");
	quote_shell(&hs->script, h->dest, strlen(h->dest));
	buf_adds(&hs->script, " \"$1\" </dev/null;}\n");
	head = hs->script.len;
	if (by_cpus(hs, h))
		buf_adds(
		    &hs->script, "r=$(a '" CPUS_CMD "');echo \"cpus $? \"$r\n");
	rfiles_bringup(hs->files, &v, &hs->script);
	if (hs->script.len == head)
		return NULL;
	hs->sh_argv[0] = (char *)"sh";
	hs->sh_argv[1] = (char *)"-c";
	hs->sh_argv[2] = hs->script.data;
	hs->sh_argv[3] = NULL;
	return hs->sh_argv;
}

/*
 * Host i's bring-up is over; out is what its script printed ("" when it
 * needed none, or could not run).  The host takes its slots (returns 1),
 * or is said and left until the files change (0).
 */
int
hosts_bringup_done(struct hosts *hs, int i, const char *out)
{
	struct host *h = &hs->h[i];
	struct rfiles_host v;
	const char *a;
	char *end;
	long st = 0, cpus = 1;

	h->bringing = 0;
	if (h->removed) {
		set_aside(h);
		return 0;
	}
	if (by_cpus(hs, h)) {
		if ((a = rfiles_answer(out, "cpus")) != NULL) {
			st = strtol(a, &end, 10);
			cpus = strtol(end, NULL, 10);
		}
		if (st == 124) {
			snprintf(h->why, sizeof(h->why), MUTE_WHY,
			    ASK_WAIT_MS / 1000);
			unreachable(h);
			return 0;
		}
		if (slots_by_cpus(hs, h, st == 0 && cpus > 0 ? cpus : 1) != 0)
			return 0;
	}
	file_view(hs, (size_t)i, &v);
	if (rfiles_bringup_done(hs->files, (size_t)i, &v, out) != 0) {
		set_aside(h); /* said */
		return 0;
	}
	h->slots = host_want(hs, h);
	set_slots(hs, (size_t)i, h->slots);
	add_masters(hs);
	return 1;
}

/*
 * A count that grows whenever a slot is retired: a caller that keeps
 * something per slot looks again at hosts_slot_gone() when it changed.
 */
unsigned long
hosts_retired(const struct hosts *hs)
{
	return hs->retired;
}

/* Is the slot retired (its host left the login files)? */
int
hosts_slot_gone(const struct hosts *hs, unsigned long slot)
{
	return slot == 0 || slot > hs->nslots || hs->gone[slot];
}

unsigned long
hosts_slots(const struct hosts *hs)
{
	return hs->nslots;
}

/* By slot: 1 for a slot on a remote host (make's tokens gate the rest). */
const unsigned char *
hosts_remote_slots(const struct hosts *hs)
{
	return hs->remote;
}

/* The host of a slot; -1 for this machine. */
int
hosts_of(const struct hosts *hs, unsigned long slot)
{
	if (hs == NULL || slot == 0 || slot > hs->nslots || !hs->remote[slot])
		return -1;
	return hs->slot_host[slot];
}

size_t
hosts_count(const struct hosts *hs)
{
	return hs->n;
}

const char *
hosts_name(const struct hosts *hs, int i)
{
	return hs->h[i].login;
}

/* The host of a slot, this machine's too. */
int
hosts_slot_host(const struct hosts *hs, unsigned long slot)
{
	return slot == 0 || slot > hs->nslots ? -1 : hs->slot_host[slot];
}

/* Is host i in one of the groups "A+B" (len bytes)? */
int
hosts_in_groups(const struct hosts *hs, int i, const char *g, size_t len)
{
	return logins_in_groups(hs->h[i].groups, g, len);
}

/* Is some host in one of the groups "A+B" (len bytes)? */
int
hosts_group_known(const struct hosts *hs, const char *g, size_t len)
{
	for (size_t i = 0; i < hs->n; i++)
		if (hosts_in_groups(hs, (int)i, g, len))
			return 1;
	return 0;
}

/* ---- remote jobs
 * -------------------------------------------------------------
 */

/*
 * Its command line, for the remote shell: "SHELL -c TEXT" is TEXT, and
 * *shell SHELL's name.  A program and its arguments (what runs here
 * without a shell: no builtin, no function) are exec'd: the shell that
 * evaluates the line becomes the program, one process fewer on the host;
 * *shell is "" then.
 */
static const char *
remote_line(struct hosts *hs, char **argv, const char **shell)
{
	const char *b;

	if (argv[0] != NULL && argv[1] != NULL && strcmp(argv[1], "-c") == 0 &&
	    argv[2] != NULL && argv[3] == NULL) {
		/* The shell by name: the remote PATH finds it. */
		b = strrchr(argv[0], '/');
		*shell = b != NULL ? b + 1 : argv[0];
		return argv[2];
	}
	*shell = "";
	if (argv[0] == NULL)
		return "";
	buf_reset(&hs->line);
	/* (bash's exec would take a program "-x" for an option) */
	if (argv[0][0] != '-')
		buf_adds(&hs->line, "exec ");
	for (size_t k = 0; argv[k] != NULL; k++) {
		if (k > 0)
			buf_addc(&hs->line, ' ');
		quote_shell(&hs->line, argv[k], strlen(argv[k]));
	}
	return hs->line.data;
}

/* The connection a slot's jobs go through. */
static struct conn *
slot_conn(const struct hosts *hs, struct host *h, unsigned long slot)
{
	size_t k = hs->slot_conn != NULL && slot <= hs->nslots
	    ? hs->slot_conn[slot]
	    : 0;

	return &h->conn[k < h->nconn ? k : 0];
}

/*
 * The words that run argv (a shell's "SHELL -c TEXT", or a program and its
 * arguments) as job seq (of a kind) in slot on host i.  Valid until the
 * next call.
 */
char **
hosts_argv(struct hosts *hs, int i, char **argv, enum hosts_kind kind,
    unsigned long seq, unsigned long slot)
{
	static const char *const wrappers[] = { wrapper, wrapper_pipe,
		wrapper_worker, wrapper_runner };
	struct host *h = &hs->h[i];
	const char *w = wrappers[kind], *shell, *line;
	/* -q: ssh's own words (cannot connect) are not the job's output. */
	const char *more[] = { "-q", "-o", slot_conn(hs, h, slot)->ctl_opt,
		"-o", "ControlMaster=no", "-T", h->dest, NULL, NULL };

	if (kind == HOSTS_RUNNER) {
		line = "";
		shell = "";
	} else
		line = rfiles_prefix(
		    hs->files, remote_line(hs, argv, &shell), seq);
	/* The wrapper evaluates a line for sh itself. */
	if (*shell == '\0')
		shell = "sh";
	buf_reset(&hs->cmd);
	buf_adds(&hs->cmd, "exec ");
	/* --nice: the wrapper and all it runs, as GNU parallel does it. */
	if (hs->set_nice)
		buf_printf(&hs->cmd, "nice -n %d ", hs->nice);
	buf_adds(&hs->cmd, "sh -c ");
	quote_shell(&hs->cmd, w, strlen(w));
	buf_printf(&hs->cmd, " xpool %lu %lu ",
	    kind == HOSTS_WORKER ? (unsigned long)HOSTS_WORKER_GRACE : seq,
	    slot);
	quote_shell(&hs->cmd, hs->termseq, strlen(hs->termseq));
	buf_addc(&hs->cmd, ' ');
	quote_shell(&hs->cmd, shell, strlen(shell));
	buf_addc(&hs->cmd, ' ');
	quote_shell(&hs->cmd, line, strlen(line));
	buf_addc(&hs->cmd, ' ');
	quote_shell(&hs->cmd, h->dest, strlen(h->dest));
	buf_addc(&hs->cmd, ' ');
	quote_shell(&hs->cmd, h->login, strlen(h->login));
	more[7] = hs->cmd.data;
	return ssh_words(hs, h, more, NULL);
}

/*
 * The text a slot's session (HOSTS_RUNNER) runs for job seq, argv as for
 * hosts_argv(), and the shell that reads it in *shell: "" for a program
 * and its words, which the session runs itself.  Valid until the next
 * call.
 */
const char *
hosts_job_text(
    struct hosts *hs, char **argv, unsigned long seq, const char **shell)
{
	return rfiles_prefix(hs->files, remote_line(hs, argv, shell), seq);
}

/*
 * A job on host i ended with ssh's 255.  Returns 0 when the remote command
 * said so (the host's connection is up), else the job never ran or was cut
 * off: 1, or 2 when the host is now down (said).
 */
int
hosts_lost(struct hosts *hs, int i, unsigned long slot, int status)
{
	struct host *h = &hs->h[i];
	struct conn *c = slot_conn(hs, h, slot);

	if (status != 255)
		return 0;
	/* A connection that broke takes its master down with it. */
	for (int k = 0; k < 40 && !master_gone(h, c); k++)
		poll(NULL, 0, 5);
	if (!master_gone(h, c))
		return 0;
	if (h->down)
		return 1;
	if (++h->fails < HOSTS_DOWN_AFTER)
		return 1;
	h->down = 1;
	xpool_warn("host %s is down: %s; its jobs run on the other hosts, "
	           "and it is tried again in %d s",
	    h->login, h->why[0] ? h->why : "ssh cannot reach it",
	    HOSTS_RETRY_MS / 1000);
	return 2;
}

/* A job on host i ran there: its connection failures are forgotten. */
void
hosts_reached(struct hosts *hs, int i)
{
	hs->h[i].fails = 0;
}

int
hosts_is_down(const struct hosts *hs, int i)
{
	return hs->h[i].down;
}

/*
 * Is every host down (none is this machine)?  Hosts that left the login
 * files, or new ones that could not be reached, do not count.
 */
int
hosts_all_down(const struct hosts *hs)
{
	for (size_t i = 0; i < hs->n; i++)
		if (!hs->h[i].removed && !hs->h[i].unreached &&
		    (hs->h[i].local || !hs->h[i].down))
			return 0;
	return 1;
}

/*
 * Try host i again: a new connection, and its jobs.  Returns 0 when it
 * stays out (it answered no command in time).
 */
int
hosts_up_again(struct hosts *hs, int i)
{
	struct host *h = &hs->h[i];

	if (h->unreached)
		return 0;
	h->down = 0;
	h->fails = 0;
	for (size_t k = 0; k < h->nconn; k++)
		if (h->conn[k].ctl != NULL && master_gone(h, &h->conn[k]))
			start_master(hs, h, &h->conn[k]);
	return 1;
}

/* End the connections; remove their sockets and directory. */
void
hosts_close(struct hosts *hs)
{
	if (hs == NULL)
		return;
	if (hs->dir != NULL) {
		struct rfiles_host *v = file_views(hs);

		/* A host whose connection is gone is not asked. */
		for (size_t i = 0; i < hs->n; i++)
			v[i].skip =
			    v[i].skip || !master_ready(&hs->h[i].conn[0]);
		rfiles_close(hs->files, v, hs->n, ask_host, hs);
	}
	for (size_t i = 0; i < hs->n; i++)
		for (size_t k = 0; k < hs->h[i].nconn; k++)
			end_master(&hs->h[i], &hs->h[i].conn[k]);
	if (hs->dir != NULL) {
		(void)rmdir(hs->dir);
		free(hs->dir);
		hs->dir = NULL;
	}
}

void
hosts_free(struct hosts *hs)
{
	if (hs == NULL)
		return;
	hosts_close(hs);
	for (size_t i = 0; i < hs->n; i++)
		free_host(hs, &hs->h[i]);
	free(hs->h);
	logins_free(hs->logins);
	free(hs->gone);
	free(hs->ssh_text);
	free(hs->ssh);
	free(hs->slot_host);
	free(hs->slot_conn);
	free(hs->remote);
	free(hs->argv);
	buf_free(&hs->cmd);
	buf_free(&hs->script);
	buf_free(&hs->line);
	rfiles_free(hs->files);
	free(hs->views);
	free(hs);
}
