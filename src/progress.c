/*
 * progress.c -- --bar, --progress and --eta on standard error.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "progress.h"
#include "xmalloc.h"

#define TTY_MS 200 /* redraw period on a terminal: 5 times a second */
#define PLAIN_MS 1000 /* at most one plain line a second */
#define PLAIN_BAR 20 /* bar cells when not on a terminal */
#define BAR_MIN 10 /* bar cells on a terminal, whatever the width */
#define BAR_MAX 60
#define DEFAULT_COLS 80
#define EAGAIN_TRIES 5 /* 20 ms waits for a non-blocking fd */

struct progress {
	uv_timer_t timer;
	struct progress_conf conf;
	struct progress_counts counts;
	struct buf out; /* the bytes of one redraw */
	struct buf last; /* the bytes last written, to skip plain repeats */
	uint64_t t0; /* uv_hrtime() when the run began */
	unsigned spin;
	int tty;
	int started; /* the timer runs */
	int finished; /* progress_finish was called */
	int closed; /* the timer's close callback ran */
	int broken; /* a write failed for good: draw no more */
};

void
progress_fmt_duration(struct buf *b, double secs)
{
	unsigned long s;

	/* Also false for NaN. */
	if (!(secs >= 0 && secs < 3600e6)) {
		buf_addc(b, '?');
		return;
	}
	s = (unsigned long)(secs + 0.5);
	buf_printf(b, "%lu:%02lu:%02lu", s / 3600, s / 60 % 60, s % 60);
}

/* n * num / den rounded down, for n <= den, without overflow. */
static unsigned long
share(unsigned long n, unsigned long num, unsigned long den)
{
	unsigned long r;

	if (n >= den)
		return num;
	if (n <= (unsigned long)-1 / num)
		return n * num / den;
	r = n / (den / num); /* only for counts beyond 10^17 */
	return r < num ? r : num - 1;
}

unsigned
progress_percent(unsigned long done, unsigned long total)
{
	return (unsigned)share(done, 100, total);
}

void
progress_fmt_bar(struct buf *b, unsigned long done, unsigned long total,
    int known, unsigned width, unsigned spin)
{
	unsigned long fill;
	unsigned span, period, pos;

	buf_reserve(b, (size_t)width + 2);
	buf_addc(b, '[');
	if (known) {
		fill = width > 0 ? share(done, width, total) : 0;
		for (unsigned i = 0; i < width; i++)
			buf_addc(b, i < fill ? '#' : '.');
	} else {
		/* "<=>" goes to the right end, then back. */
		span = width > 3 ? width - 3 : 0;
		period = span > 0 ? 2 * span : 1;
		pos = spin % period;
		if (pos > span)
			pos = period - pos;
		for (unsigned i = 0; i < width; i++) {
			if (i >= pos && i - pos < 3)
				buf_addc(b, "<=>"[i - pos]);
			else
				buf_addc(b, ' ');
		}
	}
	buf_addc(b, ']');
}

double
progress_eta(const struct progress_counts *c, uint64_t elapsed_ms)
{
	unsigned long left;

	if (!c->total_known)
		return -1;
	left = c->total > c->done ? c->total - c->done : 0;
	if (left == 0)
		return 0;
	if (c->done == 0)
		return -1;
	/* The rate of completions so far: it counts the slots in it. */
	return (double)elapsed_ms / 1000.0 / (double)c->done * (double)left;
}

/* secs rounded up to the second: an ETA says 0 only when all is done. */
static double
round_up(double secs)
{
	unsigned long whole;

	if (!(secs >= 0 && secs < 3600e6))
		return secs;
	whole = (unsigned long)secs;
	return (double)whole < secs ? (double)whole + 1 : secs;
}

/* Wall-clock seconds per finished job, or "?" before the first. */
static void
fmt_avg(struct buf *b, const struct progress_counts *c, uint64_t elapsed_ms)
{
	if (c->done == 0)
		buf_addc(b, '?');
	else
		buf_printf(
		    b, "%.2fs", (double)elapsed_ms / 1000.0 / (double)c->done);
}

/* Whether the --bar section starts with the bar itself. */
static int
has_graphic(const struct progress_conf *conf, const struct progress_counts *c,
    const struct progress_view *v)
{
	return conf->bar && (c->total_known || v->tty);
}

/* Everything on the line after the bar itself. */
static void
fmt_sections(struct buf *b, const struct progress_conf *conf,
    const struct progress_counts *c, const struct progress_view *v)
{
	double eta = round_up(progress_eta(c, v->elapsed_ms));
	int sep = 0;

	if (conf->bar) {
		if (has_graphic(conf, c, v))
			buf_addc(b, ' ');
		if (c->total_known) {
			buf_printf(b, "%3u%% %lu/%lu",
			    progress_percent(c->done, c->total), c->done,
			    c->total);
			if (!conf->eta) {
				buf_adds(b, " ETA: ");
				progress_fmt_duration(b, eta);
			}
		} else
			buf_printf(b, "%lu done", c->done);
		sep = 1;
	}
	if (conf->progress) {
		if (sep)
			buf_adds(b, "  ");
		buf_printf(b, "Running: %lu Done: %lu", c->running, c->done);
		if (c->total_known)
			buf_printf(b, "/%lu", c->total);
		buf_printf(b, " Failed: %lu", c->failed);
		if (!conf->eta) {
			buf_adds(b, " AVG: ");
			fmt_avg(b, c, v->elapsed_ms);
		}
		sep = 1;
	}
	if (conf->eta) {
		if (sep)
			buf_adds(b, "  ");
		buf_adds(b, "ETA: ");
		progress_fmt_duration(b, eta);
		if (c->total_known)
			buf_printf(b, " Left: %lu",
			    c->total > c->done ? c->total - c->done : 0);
		else
			buf_adds(b, " Left: ?");
		buf_adds(b, " AVG: ");
		fmt_avg(b, c, v->elapsed_ms);
	}
}

void
progress_fmt_line(struct buf *b, const struct progress_conf *conf,
    const struct progress_counts *c, const struct progress_view *v)
{
	size_t start = b->len, rest;
	unsigned cols = v->cols > 0 ? v->cols : DEFAULT_COLS;
	unsigned width = PLAIN_BAR;

	if (has_graphic(conf, c, v)) {
		if (v->tty) {
			/*
			 * The bar takes what the rest of the line leaves, less
			 * its brackets and the last column.
			 */
			fmt_sections(b, conf, c, v);
			rest = b->len - start + 2 + 1;
			width = cols > rest ? cols - (unsigned)rest : 0;
			if (width < BAR_MIN)
				width = BAR_MIN;
			if (width > BAR_MAX)
				width = BAR_MAX;
			b->len = start;
			b->data[start] = '\0';
		}
		progress_fmt_bar(
		    b, c->done, c->total, c->total_known, width, v->spin);
	}
	fmt_sections(b, conf, c, v);
	/* Not the last column: some terminals wrap as soon as it is written. */
	if (v->tty && b->len - start > cols - 1) {
		b->len = start + cols - 1;
		b->data[b->len] = '\0';
	}
}

void
progress_render(struct buf *b, const struct progress_conf *conf,
    const struct progress_counts *c, const struct progress_view *v, int final)
{
	if (v->tty)
		buf_addc(b, '\r');
	progress_fmt_line(b, conf, c, v);
	if (v->tty)
		buf_adds(b, "\033[K");
	if (!v->tty || final)
		buf_addc(b, '\n');
}

/* The terminal's width, or 0 when it cannot be told. */
static unsigned
term_cols(int fd)
{
	struct winsize ws;

	if (ioctl(fd, TIOCGWINSZ, &ws) == -1)
		return 0;
	return ws.ws_col;
}

/*
 * Write all of s, or give up quietly.  A non-blocking fd that stays full
 * for about 100 ms loses this redraw: the next one starts the line again.
 */
static void
put(struct progress *p, const char *s, size_t len)
{
	struct pollfd pfd;
	int tries = 0;
	ssize_t n;

	while (len > 0) {
		n = write(p->conf.fd, s, len);
		if (n >= 0) {
			s += n;
			len -= (size_t)n;
			continue;
		}
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK) {
			p->broken = 1; /* EPIPE, EBADF, EIO, ENOSPC: stop */
			return;
		}
		if (++tries > EAGAIN_TRIES)
			return;
		pfd.fd = p->conf.fd;
		pfd.events = POLLOUT;
		pfd.revents = 0;
		if (poll(&pfd, 1, 20) == -1 && errno != EINTR)
			return;
	}
}

static void
draw(struct progress *p, int final)
{
	struct progress_view v;

	if (p->broken)
		return;
	v.elapsed_ms = (uv_hrtime() - p->t0) / 1000000;
	v.cols = p->tty ? term_cols(p->conf.fd) : 0;
	v.spin = p->spin;
	v.tty = p->tty;
	buf_reset(&p->out);
	progress_render(&p->out, &p->conf, &p->counts, &v, final);
	/*
	 * A terminal is redrawn every time: job output may have moved the
	 * line away.  A plain line is written only when it says something new.
	 */
	if (!p->tty && p->out.len == p->last.len &&
	    memcmp(p->out.data, p->last.data, p->out.len) == 0)
		return;
	put(p, p->out.data, p->out.len);
	buf_reset(&p->last);
	buf_add(&p->last, p->out.data, p->out.len);
}

static void
on_tick(uv_timer_t *t)
{
	struct progress *p = t->data;

	p->spin++;
	draw(p, 0);
}

static void
on_closed(uv_handle_t *h)
{
	struct progress *p = h->data;

	p->closed = 1;
}

struct progress *
progress_new(uv_loop_t *loop, const struct progress_conf *conf)
{
	struct progress *p;
	int r;

	if (!conf->bar && !conf->progress && !conf->eta)
		return NULL;
	p = xcalloc(1, sizeof(*p));
	p->conf = *conf;
	p->tty = isatty(conf->fd);
	p->t0 = uv_hrtime();
	if ((r = uv_timer_init(loop, &p->timer)) != 0)
		xpool_bug("uv_timer_init: %s", uv_strerror(r));
	p->timer.data = p;
	/* The display never keeps the run going. */
	uv_unref((uv_handle_t *)&p->timer);
	return p;
}

void
progress_update(struct progress *p, const struct progress_counts *c)
{
	unsigned ms;
	int r;

	if (p == NULL || p->finished)
		return;
	p->counts = *c;
	if (p->started)
		return;
	ms = p->tty ? TTY_MS : PLAIN_MS;
	if ((r = uv_timer_start(&p->timer, on_tick, ms, ms)) != 0)
		xpool_bug("uv_timer_start: %s", uv_strerror(r));
	p->started = 1;
}

void
progress_finish(struct progress *p)
{
	if (p == NULL || p->finished)
		return;
	p->finished = 1;
	draw(p, 1);
	uv_timer_stop(&p->timer);
	uv_close((uv_handle_t *)&p->timer, on_closed);
}

void
progress_free(struct progress *p)
{
	if (p == NULL)
		return;
	if (!p->closed)
		xpool_bug("progress freed before its timer was closed");
	buf_free(&p->out);
	buf_free(&p->last);
	free(p);
}
