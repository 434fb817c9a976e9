/*
 * progress.h -- what --bar, --progress and --eta show on standard error.
 *
 * Owns one unref'd uv_timer_t and the text it draws.  pool.c hands it the
 * job counts on every start and end (progress_update, which only stores
 * them); the timer (started by the first update) redraws 5 times a second
 * on a terminal, in place ("\r", the line cut to the width less one column,
 * "\033[K"), so that the line comes back after job output moved it; and at
 * most once a second otherwise, as plain lines ending in "\n", with no "\r"
 * or escape codes, written only when the text changed.  progress_finish
 * draws the final state once.
 *
 * One line holds a section per option asked for, in this order:
 *	--bar       [#########...........]  45% 9/20 ETA: 0:00:12
 *	--progress  Running: 2 Done: 9/20 Failed: 1 AVG: 0.45s
 *	--eta       ETA: 0:00:12 Left: 11 AVG: 0.45s
 * With --eta the bar leaves out its ETA and --progress its AVG.  AVG is
 * the wall-clock time per finished job since the run began; the ETA is AVG
 * times the jobs left, rounded up to the second; it is "?" until a job has
 * finished or while the total is unknown.  With no known total the bar is
 * a spinner ("[     <=>     ] 9 done") on a terminal, "9 done" otherwise.
 *
 * Writes go to the configured fd with write(2), one per redraw; errors are
 * ignored (after a hard one it stops drawing): progress never fails the run.
 * Knows nothing of jobs, only of counts.  The formatting functions below are
 * pure and unit-tested (tests/unit/test_progress.c).
 */
#ifndef XPOOL_PROGRESS_H
#define XPOOL_PROGRESS_H

#include <stddef.h>
#include <stdint.h>

#include <uv.h>

#include "buf.h"

struct progress_conf {
	int bar; /* --bar */
	int progress; /* --progress */
	int eta; /* --eta */
	int fd; /* where to draw: 2 */
};

struct progress_counts {
	unsigned long started; /* jobs started so far */
	unsigned long running; /* jobs running now */
	unsigned long done; /* jobs finished, failed ones included */
	unsigned long failed; /* finished jobs that failed */
	unsigned long total; /* jobs in all, when total_known */
	int total_known; /* the input is read to its end */
};

/* One redraw's circumstances; what the pure formatters need besides counts. */
struct progress_view {
	uint64_t elapsed_ms; /* since the run began */
	unsigned cols; /* terminal width (0: 80); unused when !tty */
	unsigned spin; /* spinner step, advanced on each terminal redraw */
	int tty; /* draw in place on a terminal, or plain lines */
};

struct progress;

/*
 * A progress display on loop, drawing to conf->fd; NULL when conf asks for
 * none of --bar, --progress and --eta.  The run's clock starts here.
 */
struct progress *progress_new(uv_loop_t *, const struct progress_conf *);

/*
 * The counts changed.  Cheap, for every job start and end: the counts are
 * copied and the first call starts the redraw timer; nothing is written.
 * Ignored after progress_finish, and when p is NULL.
 */
void progress_update(struct progress *, const struct progress_counts *);

/*
 * The run is over: draw the last counts once (on a terminal the line is
 * ended with "\n"), stop the timer and close it.  Call it once, at the end
 * of the run, then let the loop run so that the close completes before
 * progress_free.  Does nothing when p is NULL.
 */
void progress_finish(struct progress *);

/* Free p once the loop has run the timer's close callback.  NULL is fine. */
void progress_free(struct progress *);

/*
 * Pure formatting, for the module and its unit test.
 */

/*
 * (b, secs): append secs as H:MM:SS ("0:01:05", "1:02:03", "123:00:00"),
 * rounded to the second; "?" when negative, NaN, or past a million hours.
 */
void progress_fmt_duration(struct buf *, double);

/*
 * (done, total): the share done in percent, rounded down: 100 only when all
 * are done (or total is 0), never more.
 */
unsigned progress_percent(unsigned long, unsigned long);

/*
 * (b, done, total, known, width, spin): append a bar of width cells between
 * brackets, '#' for the share done and '.' for the rest; with no known total,
 * a "<=>" that bounces between the brackets, at step spin.
 */
void progress_fmt_bar(
    struct buf *, unsigned long, unsigned long, int, unsigned, unsigned);

/*
 * (counts, elapsed_ms): seconds left at the rate jobs finished so far; 0
 * when none is left, < 0 when unknown (no total, or no job finished yet).
 */
double progress_eta(const struct progress_counts *, uint64_t);

/*
 * (b, conf, counts, view): append the text of the line, without "\r",
 * escape codes or "\n"; on a terminal it is cut to the width less one
 * column and the bar takes the room the rest leaves (10 to 60 cells).
 */
void progress_fmt_line(struct buf *, const struct progress_conf *,
    const struct progress_counts *, const struct progress_view *);

/*
 * (b, conf, counts, view, final): append the exact bytes of one redraw: on a
 * terminal "\r", the line and "\033[K", and "\n" when final; otherwise the
 * line and "\n".
 */
void progress_render(struct buf *, const struct progress_conf *,
    const struct progress_counts *, const struct progress_view *, int);

#endif
