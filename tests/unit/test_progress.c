/*
 * test_progress.c -- the --bar, --progress and --eta display (src/progress.h).
 *
 * Without arguments: the pure formatters (bar, percent, durations, ETA, the
 * line for each option, cutting to the terminal width, the redraw bytes on a
 * terminal and off it), then a real uv loop driving two displays from a fake
 * job counter for about 1.2 s: one on a pseudo-terminal 40 columns wide (in
 * place, "\r" and "\033[K", cut, at most 5 redraws a second) and one on a
 * pipe (plain lines, no "\r" or escapes, at most one a second).
 *
 * With --demo [bar] [progress] [eta] [unknown]: run the same fake counter
 * (24 jobs, 2 slots, one job ends every 50 ms, every 7th fails; "unknown"
 * hides the total) with a display on fd 2, for a look or for a shell test
 * of the terminal path.  With none of bar/progress/eta, all three.  Exits 0
 * when the loop closed cleanly.  For instance:
 *
 *	# on a terminal: drawn in place
 *	script -qfec 'build/unit/test_progress --demo bar' /dev/null >out
 *	grep -q "$(printf '\r')" out && grep -q "$(printf '\033')\[K" out
 *	# elsewhere: plain lines only
 *	build/unit/test_progress --demo bar 2>err
 *	! grep -q "$(printf '[\r\033]')" err
 *
 * or in bats (bats_require_minimum_version 1.5.0):
 *
 *	run -0 script -qfec "$T --demo bar" /dev/null
 *	[[ $output == *$'\r['*$'\e[K'* && $output == *"100% 24/24"* ]]
 *	run -0 --separate-stderr "$T" --demo bar progress eta
 *	[[ $stderr != *$'\r'* && $stderr != *$'\e'* ]]
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "buf.h"
#include "progress.h"
#include "unit.h"

#define CHECK_BUF(b, want) CHECK_MEM((b)->data, (b)->len, (want), strlen(want))

static void
test_duration(void)
{
	static const struct {
		double secs;
		const char *want;
	} cases[] = {
		{ 0, "0:00:00" },
		{ 0.4, "0:00:00" },
		{ 0.5, "0:00:01" },
		{ 12, "0:00:12" },
		{ 65, "0:01:05" },
		{ 599.6, "0:10:00" },
		{ 3599, "0:59:59" },
		{ 3723, "1:02:03" },
		{ 36000, "10:00:00" },
		{ 360000, "100:00:00" },
		{ -1, "?" },
		{ -0.001, "?" },
		{ 1e12, "?" },
	};
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		buf_reset(&b);
		progress_fmt_duration(&b, cases[i].secs);
		CHECK_BUF(&b, cases[i].want);
	}
	buf_reset(&b);
	progress_fmt_duration(&b, NAN);
	CHECK_BUF(&b, "?");
	buf_reset(&b);
	progress_fmt_duration(&b, INFINITY);
	CHECK_BUF(&b, "?");
	/* It appends. */
	buf_reset(&b);
	buf_adds(&b, "ETA: ");
	progress_fmt_duration(&b, 65);
	CHECK_BUF(&b, "ETA: 0:01:05");
	buf_free(&b);
}

static void
test_percent(void)
{
	CHECK_INT(progress_percent(0, 20), 0);
	CHECK_INT(progress_percent(9, 20), 45);
	CHECK_INT(progress_percent(1, 3), 33);
	CHECK_INT(progress_percent(2, 3), 66);
	CHECK_INT(progress_percent(199, 200), 99);
	CHECK_INT(progress_percent(20, 20), 100);
	CHECK_INT(progress_percent(21, 20), 100);
	CHECK_INT(progress_percent(0, 0), 100);
	CHECK_INT(progress_percent((unsigned long)-2, (unsigned long)-1), 99);
	/* Beyond 10^17 jobs it is close, and never overflows. */
	CHECK(progress_percent((unsigned long)-1 / 2, (unsigned long)-1) >= 49);
	CHECK(progress_percent((unsigned long)-1 / 2, (unsigned long)-1) <= 50);
}

static void
test_bar(void)
{
	struct buf b = BUF_INIT;

#define BAR(done, total, known, width, spin, want)                             \
	do {                                                                   \
		buf_reset(&b);                                                 \
		progress_fmt_bar(                                              \
		    &b, (done), (total), (known), (width), (spin));            \
		CHECK_BUF(&b, (want));                                         \
	} while (0)

	BAR(0, 20, 1, 20, 0, "[....................]");
	BAR(9, 20, 1, 20, 0, "[#########...........]");
	BAR(19, 20, 1, 20, 0, "[###################.]");
	BAR(20, 20, 1, 20, 0, "[####################]");
	BAR(25, 20, 1, 20, 0, "[####################]");
	BAR(0, 0, 1, 10, 0, "[##########]");
	BAR(1, 3, 1, 10, 0, "[###.......]");
	BAR(9, 20, 1, 0, 0, "[]");
	/* The spin step is ignored when the total is known. */
	BAR(9, 20, 1, 20, 7, "[#########...........]");

	/* No total: "<=>" bounces between the brackets. */
	BAR(9, 0, 0, 10, 0, "[<=>       ]");
	BAR(9, 0, 0, 10, 1, "[ <=>      ]");
	BAR(9, 0, 0, 10, 7, "[       <=>]");
	BAR(9, 0, 0, 10, 8, "[      <=> ]");
	BAR(9, 0, 0, 10, 13, "[ <=>      ]");
	BAR(9, 0, 0, 10, 14, "[<=>       ]");
	BAR(9, 0, 0, 10, 15, "[ <=>      ]");
	BAR(9, 0, 0, 3, 5, "[<=>]");
	BAR(9, 0, 0, 2, 5, "[<=]");
	BAR(9, 0, 0, 0, 5, "[]");
#undef BAR

	buf_reset(&b);
	buf_adds(&b, ">");
	progress_fmt_bar(&b, 1, 2, 1, 4, 0);
	CHECK_BUF(&b, ">[##..]");
	buf_free(&b);
}

static const struct progress_counts mid = {
	.started = 11,
	.running = 2,
	.done = 9,
	.failed = 1,
	.total = 20,
	.total_known = 1,
};

static int
near(double a, double b)
{
	return a - b < 1e-9 && b - a < 1e-9;
}

static void
test_eta(void)
{
	struct progress_counts c = mid;

	/* 9 jobs in 9 s: 1 s each, 11 left. */
	CHECK(near(progress_eta(&c, 9000), 11.0));
	CHECK(near(progress_eta(&c, 4500), 5.5));
	c.done = 0;
	CHECK(progress_eta(&c, 9000) < 0);
	c.done = 20;
	CHECK(progress_eta(&c, 9000) == 0);
	c.done = 21;
	CHECK(progress_eta(&c, 9000) == 0);
	c = mid;
	c.total_known = 0;
	CHECK(progress_eta(&c, 9000) < 0);
	/* Nothing to run at all: nothing left. */
	memset(&c, 0, sizeof(c));
	c.total_known = 1;
	CHECK(progress_eta(&c, 0) == 0);
}

/* The line for conf and counts, as plain text or for a terminal. */
static void
check_line(int bar, int progress, int eta, const struct progress_counts *c,
    const struct progress_view *v, const char *want, int line)
{
	struct progress_conf conf = { bar, progress, eta, 2 };
	struct buf b = BUF_INIT;

	progress_fmt_line(&b, &conf, c, v);
	unit_check_mem(b.data, b.len, want, strlen(want), __FILE__, line,
	    "progress_fmt_line");
	buf_free(&b);
}

#define LINE(bar, progress, eta, c, v, want)                                   \
	check_line((bar), (progress), (eta), (c), (v), (want), __LINE__)

static void
test_plain_line(void)
{
	struct progress_view v = { 9000, 0, 0, 0 };
	struct progress_counts c = mid;

	LINE(1, 0, 0, &c, &v, "[#########...........]  45% 9/20 ETA: 0:00:11");
	LINE(0, 1, 0, &c, &v, "Running: 2 Done: 9/20 Failed: 1 AVG: 1.00s");
	LINE(0, 0, 1, &c, &v, "ETA: 0:00:11 Left: 11 AVG: 1.00s");
	/* With --eta the others leave out what it says. */
	LINE(1, 0, 1, &c, &v,
	    "[#########...........]  45% 9/20  "
	    "ETA: 0:00:11 Left: 11 AVG: 1.00s");
	LINE(1, 1, 0, &c, &v,
	    "[#########...........]  45% 9/20 ETA: 0:00:11  "
	    "Running: 2 Done: 9/20 Failed: 1 AVG: 1.00s");
	LINE(1, 1, 1, &c, &v,
	    "[#########...........]  45% 9/20  "
	    "Running: 2 Done: 9/20 Failed: 1  "
	    "ETA: 0:00:11 Left: 11 AVG: 1.00s");
	/* Plain lines are never cut, whatever the width says. */
	v.cols = 20;
	LINE(0, 1, 1, &c, &v,
	    "Running: 2 Done: 9/20 Failed: 1  "
	    "ETA: 0:00:11 Left: 11 AVG: 1.00s");
	v.cols = 0;

	/* Before the first job ends. */
	c.running = 2;
	c.done = 0;
	c.failed = 0;
	v.elapsed_ms = 300;
	LINE(1, 1, 1, &c, &v,
	    "[....................]   0% 0/20  "
	    "Running: 2 Done: 0/20 Failed: 0  ETA: ? Left: 20 AVG: ?");
	/* All done. */
	c.running = 0;
	c.done = 20;
	c.failed = 3;
	v.elapsed_ms = 5000;
	LINE(1, 0, 0, &c, &v, "[####################] 100% 20/20 ETA: 0:00:00");
	LINE(0, 1, 1, &c, &v,
	    "Running: 0 Done: 20/20 Failed: 3  "
	    "ETA: 0:00:00 Left: 0 AVG: 0.25s");

	/* No total: no bar off a terminal, no ETA. */
	c = mid;
	c.total = 0;
	c.total_known = 0;
	v.elapsed_ms = 9000;
	LINE(1, 0, 0, &c, &v, "9 done");
	LINE(0, 1, 0, &c, &v, "Running: 2 Done: 9 Failed: 1 AVG: 1.00s");
	LINE(0, 0, 1, &c, &v, "ETA: ? Left: ? AVG: 1.00s");
	LINE(1, 1, 1, &c, &v,
	    "9 done  Running: 2 Done: 9 Failed: 1  "
	    "ETA: ? Left: ? AVG: 1.00s");

	/* The ETA is rounded up: 0 only when nothing is left. */
	c = mid;
	v.elapsed_ms = 9500;
	LINE(0, 0, 1, &c, &v, "ETA: 0:00:12 Left: 11 AVG: 1.06s");
	c.done = 23;
	c.total = 24;
	v.elapsed_ms = 1150;
	LINE(1, 0, 0, &c, &v, "[###################.]  95% 23/24 ETA: 0:00:01");

	/* Long runs. */
	c = mid;
	c.done = 1;
	c.total = 1000;
	v.elapsed_ms = 4000000;
	LINE(0, 0, 1, &c, &v, "ETA: 1110:00:00 Left: 999 AVG: 4000.00s");
}

static void
test_tty_line(void)
{
	struct progress_view v = { 9000, 40, 0, 1 };
	struct progress_counts c = mid;
	struct buf b = BUF_INIT;
	struct progress_conf all = { 1, 1, 1, 2 };

	/* The bar takes what is left of 40 columns less one: 14 cells. */
	LINE(1, 0, 0, &c, &v, "[######........]  45% 9/20 ETA: 0:00:11");
	/* 80 columns: 54 cells, 79 columns in all. */
	v.cols = 80;
	all.progress = all.eta = 0;
	progress_fmt_line(&b, &all, &c, &v);
	CHECK_INT(b.len, 79);
	CHECK(b.len > 56 && b.data[0] == '[' && b.data[55] == ']');
	CHECK(strspn(b.data + 1, "#") == 24);
	CHECK(strcmp(b.data + 56, "  45% 9/20 ETA: 0:00:11") == 0);
	/* An unknown width is 80 columns. */
	v.cols = 0;
	buf_reset(&b);
	progress_fmt_line(&b, &all, &c, &v);
	CHECK_INT(b.len, 79);
	/* Wide terminals: the bar stops at 60 cells. */
	v.cols = 200;
	buf_reset(&b);
	progress_fmt_line(&b, &all, &c, &v);
	CHECK_INT(b.len, 62 + strlen("  45% 9/20 ETA: 0:00:11"));
	buf_free(&b);

	/* Narrow ones: the bar keeps 10 cells and the line is cut. */
	v.cols = 30;
	LINE(1, 1, 1, &c, &v, "[####......]  45% 9/20  Runni");
	LINE(0, 1, 1, &c, &v, "Running: 2 Done: 9/20 Failed:");
	v.cols = 12;
	LINE(1, 0, 0, &c, &v, "[####......");
	v.cols = 1;
	LINE(0, 0, 1, &c, &v, "");
	/* A line that fits is left alone. */
	v.cols = 34;
	LINE(0, 0, 1, &c, &v, "ETA: 0:00:11 Left: 11 AVG: 1.00s");
	v.cols = 33;
	LINE(0, 0, 1, &c, &v, "ETA: 0:00:11 Left: 11 AVG: 1.00s");
	v.cols = 32;
	LINE(0, 0, 1, &c, &v, "ETA: 0:00:11 Left: 11 AVG: 1.00");

	/* No total: a spinner on a terminal. */
	c.total = 0;
	c.total_known = 0;
	v.cols = 30;
	v.spin = 2;
	LINE(1, 0, 0, &c, &v, "[  <=>               ] 9 done");
	v.spin = 3;
	LINE(1, 0, 0, &c, &v, "[   <=>              ] 9 done");
}

static void
test_render(void)
{
	struct progress_conf conf = { 1, 0, 0, 2 };
	struct progress_view v = { 9000, 40, 0, 1 };
	struct buf b = BUF_INIT;

	progress_render(&b, &conf, &mid, &v, 0);
	CHECK_BUF(&b, "\r[######........]  45% 9/20 ETA: 0:00:11\033[K");
	buf_reset(&b);
	progress_render(&b, &conf, &mid, &v, 1);
	CHECK_BUF(&b, "\r[######........]  45% 9/20 ETA: 0:00:11\033[K\n");
	/* Off a terminal: a plain line, final or not. */
	v.tty = 0;
	buf_reset(&b);
	progress_render(&b, &conf, &mid, &v, 0);
	CHECK_BUF(&b, "[#########...........]  45% 9/20 ETA: 0:00:11\n");
	buf_reset(&b);
	progress_render(&b, &conf, &mid, &v, 1);
	CHECK_BUF(&b, "[#########...........]  45% 9/20 ETA: 0:00:11\n");
	CHECK(memchr(b.data, '\r', b.len) == NULL);
	CHECK(memchr(b.data, '\033', b.len) == NULL);
	buf_free(&b);
}

/* No option asked for: no display, and NULL is accepted everywhere. */
static void
test_none(void)
{
	struct progress_conf conf = { 0, 0, 0, 2 };
	uv_loop_t loop;

	CHECK(uv_loop_init(&loop) == 0);
	CHECK(progress_new(&loop, &conf) == NULL);
	progress_update(NULL, &mid);
	progress_finish(NULL);
	progress_free(NULL);
	CHECK(uv_run(&loop, UV_RUN_DEFAULT) == 0);
	CHECK(uv_loop_close(&loop) == 0);
}

/*
 * A fake job counter on a uv timer: n jobs, 2 slots; every tick one job
 * ends and the free slots fill; every 7th job fails.
 */
#define FAKE_JOBS 24
#define FAKE_SLOTS 2
#define FAKE_MS 50

struct fake {
	uv_timer_t timer;
	struct progress *p[2];
	int np;
	unsigned long n;
	int known;
	struct progress_counts c;
};

static void
fake_fill(struct fake *f)
{
	while (f->c.running < FAKE_SLOTS && f->c.started < f->n) {
		f->c.started++;
		f->c.running++;
	}
	for (int i = 0; i < f->np; i++)
		progress_update(f->p[i], &f->c);
}

static void
fake_tick(uv_timer_t *t)
{
	struct fake *f = t->data;

	if (f->c.running > 0) {
		f->c.running--;
		f->c.done++;
		if (f->c.done % 7 == 0)
			f->c.failed++;
	}
	fake_fill(f);
	if (f->c.done < f->n)
		return;
	uv_timer_stop(&f->timer);
	uv_close((uv_handle_t *)&f->timer, NULL);
	for (int i = 0; i < f->np; i++)
		progress_finish(f->p[i]);
}

/* Run n fake jobs with a display on each fd; the time it took in ms. */
static uint64_t
fake_run(const struct progress_conf *conf, const int *fds, int nfd,
    unsigned long n, int known)
{
	struct progress_conf pc = *conf;
	struct fake f;
	uv_loop_t loop;
	uint64_t t0 = uv_hrtime();
	int r;

	memset(&f, 0, sizeof(f));
	f.n = n;
	f.known = known;
	f.c.total = known ? f.n : 0;
	f.c.total_known = known;
	CHECK(uv_loop_init(&loop) == 0);
	for (int i = 0; i < nfd && i < 2; i++) {
		pc.fd = fds[i];
		f.p[f.np] = progress_new(&loop, &pc);
		CHECK(f.p[f.np] != NULL);
		f.np++;
	}
	CHECK(uv_timer_init(&loop, &f.timer) == 0);
	f.timer.data = &f;
	CHECK(uv_timer_start(&f.timer, fake_tick, FAKE_MS, FAKE_MS) == 0);
	fake_fill(&f);
	uv_run(&loop, UV_RUN_DEFAULT);
	for (int i = 0; i < f.np; i++)
		progress_free(f.p[i]);
	r = uv_loop_close(&loop);
	CHECK(r == 0);
	if (r != 0)
		uv_print_all_handles(&loop, stderr);
	return (uv_hrtime() - t0) / 1000000;
}

/* Everything readable on fd now (fd is non-blocking). */
static void
drain(int fd, struct buf *b)
{
	char chunk[4096];
	ssize_t n;

	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n > 0)
			buf_add(b, chunk, (size_t)n);
		else if (n < 0 && errno == EINTR)
			continue;
		else
			break;
	}
}

static size_t
count(const struct buf *b, const char *s)
{
	size_t k = 0, len = strlen(s);

	for (size_t i = 0; i + len <= b->len; i++)
		if (memcmp(b->data + i, s, len) == 0)
			k++;
	return k;
}

/* The loop, on a 40-column pseudo-terminal and on a pipe at once. */
static void
test_loop(void)
{
	struct progress_conf conf = { 1, 0, 0, 2 };
	struct winsize ws;
	struct buf tty = BUF_INIT, plain = BUF_INIT;
	int master, slave = -1, pfd[2], fds[2];
	const char *name, *p, *end, *line;
	uint64_t ms;
	size_t nl, draws;

	master = posix_openpt(O_RDWR | O_NOCTTY);
	if (master >= 0 && grantpt(master) == 0 && unlockpt(master) == 0 &&
	    (name = ptsname(master)) != NULL)
		slave = open(name, O_RDWR | O_NOCTTY);
	if (slave < 0) {
		printf("test_progress: no pseudo-terminal (%s); "
		       "the terminal loop test is skipped\n",
		    strerror(errno));
		if (master >= 0)
			close(master);
		return;
	}
	memset(&ws, 0, sizeof(ws));
	ws.ws_row = 24;
	ws.ws_col = 40;
	CHECK(ioctl(slave, TIOCSWINSZ, &ws) == 0);
	CHECK(fcntl(master, F_SETFL, O_NONBLOCK) == 0);
	CHECK(pipe(pfd) == 0);
	CHECK(fcntl(pfd[0], F_SETFL, O_NONBLOCK) == 0);

	fds[0] = slave;
	fds[1] = pfd[1];
	ms = fake_run(&conf, fds, 2, FAKE_JOBS, 1);
	CHECK(ms >= FAKE_JOBS * FAKE_MS);
	drain(master, &tty);
	drain(pfd[0], &plain);
	close(slave);
	close(master);
	close(pfd[0]);
	close(pfd[1]);

	/* On the terminal: redrawn in place, at most 5 times a second. */
	draws = count(&tty, "\033[K");
	CHECK(count(&tty, "\r") >= draws);
	CHECK(draws >= 2);
	CHECK(draws <= ms / 200 + 2);
	CHECK(tty.len > 0 && tty.data[tty.len - 1] == '\n');
	CHECK(count(&tty, "\n") == 1);
	/* Every redraw fits in 39 columns. */
	for (p = tty.data; p != NULL && (p = strchr(p, '\r')) != NULL; p++) {
		end = strstr(p, "\033[K");
		if (end == NULL)
			break;
		CHECK(end - (p + 1) <= 39);
	}
	p = tty.data != NULL ? strrchr(tty.data, '\r') : NULL;
	/* The pty turns the last "\n" into "\r\n": look before it. */
	while (p != NULL && p > tty.data && p[1] == '\n')
		p = memrchr(tty.data, '\r', (size_t)(p - tty.data));
	CHECK(p != NULL && strncmp(p, "\r[####", 6) == 0);
	CHECK(strstr(tty.data, "] 100% 24/24 ETA: 0:00:00\033[K") != NULL);

	/* On the pipe: whole plain lines, at most one a second. */
	CHECK(plain.len > 0 && plain.data[plain.len - 1] == '\n');
	CHECK(memchr(plain.data, '\r', plain.len) == NULL);
	CHECK(memchr(plain.data, '\033', plain.len) == NULL);
	nl = count(&plain, "\n");
	CHECK(nl >= 2); /* one after a second, one at the end */
	CHECK(nl <= ms / 1000 + 1);
	line = plain.data;
	for (size_t i = 0; i + 1 < nl; i++)
		line = strchr(line, '\n') + 1;
	CHECK(strcmp(line,
	          "[####################] 100% 24/24 ETA: 0:00:00\n") == 0);
	buf_free(&tty);
	buf_free(&plain);
}

/* A reader gone, a pipe full: the run goes on, nothing is said. */
static void
test_write_errors(void)
{
	struct progress_conf conf = { 1, 1, 1, 2 };
	char junk[4096];
	int pfd[2], fd = -1;
	uint64_t ms;

	memset(junk, 'x', sizeof(junk));
	CHECK(pipe(pfd) == 0);
	close(pfd[0]);
	ms = fake_run(&conf, &pfd[1], 1, 4, 1); /* EPIPE */
	CHECK(ms < 1000);
	close(pfd[1]);

	CHECK(pipe(pfd) == 0);
	CHECK(fcntl(pfd[1], F_SETFL, O_NONBLOCK) == 0);
	while (write(pfd[1], junk, sizeof(junk)) > 0)
		continue;
	CHECK(errno == EAGAIN);
	ms = fake_run(&conf, &pfd[1], 1, 4, 1); /* EAGAIN: about 100 ms */
	CHECK(ms < 1000);
	close(pfd[0]);
	close(pfd[1]);

	/* Nothing open there at all. */
	CHECK(pipe(pfd) == 0);
	fd = pfd[1];
	close(pfd[0]);
	close(pfd[1]);
	ms = fake_run(&conf, &fd, 1, 4, 1); /* EBADF */
	CHECK(ms < 1000);
}

static int
demo(int argc, char **argv)
{
	struct progress_conf conf = { 0, 0, 0, 2 };
	int fd = 2, known = 1;

	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "bar") == 0)
			conf.bar = 1;
		else if (strcmp(argv[i], "progress") == 0)
			conf.progress = 1;
		else if (strcmp(argv[i], "eta") == 0)
			conf.eta = 1;
		else if (strcmp(argv[i], "unknown") == 0)
			known = 0;
		else {
			fprintf(stderr,
			    "usage: test_progress --demo "
			    "[bar] [progress] [eta] [unknown]\n");
			return 2;
		}
	}
	if (!conf.bar && !conf.progress && !conf.eta)
		conf.bar = conf.progress = conf.eta = 1;
	fake_run(&conf, &fd, 1, FAKE_JOBS, known);
	return unit_failures == 0 ? 0 : 1;
}

int
main(int argc, char **argv)
{
	/* As in xpool: a reader gone is EPIPE, not death. */
	signal(SIGPIPE, SIG_IGN);
	if (argc > 1 && strcmp(argv[1], "--demo") == 0)
		return demo(argc, argv);
	test_duration();
	test_percent();
	test_bar();
	test_eta();
	test_plain_line();
	test_tty_line();
	test_render();
	test_none();
	test_loop();
	test_write_errors();
	return unit_done("test_progress");
}
