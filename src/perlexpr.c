/*
 * perlexpr.c -- one perl process for the templates' Perl expressions.
 *
 * The requests, each a line of numbers and then the bytes they count:
 *   D LEN \n CODE                  compile: "K ID"
 *   M POS LP LG LX LC LT \n PREFIX GROUP POSTFIX CODE TEXT
 *                                  a --rpl tag with a (REGEX) group at
 *                                  TEXT: "K ID MLEN N" or "N" (no match)
 *   J SEQ SLOT TOTAL NF NR \n LEN... \n ID FIELD ... \n VALUES
 *                                  a job: "R SKIP NR \n UQ LEN ... \n BYTES"
 * and "E ID LEN \n MESSAGE" when perl could not (ID -1 when no expression
 * is to blame).  GNU parallel's helpers live in the program's package Arg,
 * where the expressions are compiled, as GNU parallel compiles them.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "diag.h"
#include "perlexpr.h"
#include "sys.h"
#include "xmalloc.h"

static const char program[] =
    "use strict; no warnings;\n"
    "package Job;\n"
    "sub seq { $_[0]{seq} } sub slot { $_[0]{slot} }"
    " sub skip { $_[0]{skip} = 1 }\n"
    "package Arg; our (@arg, $job, $uq);\n"
    "sub Q($) { local $_ = shift; return \"''\" if $_ eq '';\n"
    "  return $_ unless /[^-_.+a-z0-9\\/]/i; s/'/'\"'\"'/g; $_ = \"'$_'\";\n"
    "  s/^''//; s/''$//; $_ }\n"
    "sub pQ($) { my $s = shift; $s =~ s/[\\\\\\\"\\$\\@]/\\\\$&/g; $s }\n"
    "sub uq() { $uq = 1 } sub skip() { $job->skip }\n"
    "sub seq() { $job->seq } sub slot() { $job->slot }\n"
    "sub total_jobs() { $job->{total} }\n"
    "sub hash($) { require B; B::hash(@_) }\n"
    "sub _now { require POSIX; POSIX::strftime(shift, localtime) }\n"
    "sub yyyy_mm_dd_hh_mm_ss() { _now('%Y-%m-%dT%H:%M:%S') }\n"
    "sub yyyy_mm_dd_hh_mm() { _now('%Y-%m-%dT%H:%M') }\n"
    "sub yyyy_mm_dd() { _now('%Y-%m-%d') }\n"
    "sub hh_mm_ss() { _now('%H:%M:%S') } sub hh_mm() { _now('%H:%M') }\n"
    "sub yyyymmddhhmmss() { _now('%Y%m%d%H%M%S') }\n"
    "sub yyyymmddhhmm() { _now('%Y%m%d%H%M') }\n"
    "sub yyyymmdd() { _now('%Y%m%d') } sub hhmmss() { _now('%H%M%S') }\n"
    "sub hhmm() { _now('%H%M') }\n"
    "package main; *Q = \\&Arg::Q; *pQ = \\&Arg::pQ;\n"
    /* GNU parallel's, for {#STR} and {%STR} run through Perl. */
    "sub make_regexp_ungreedy { my ($r, $o, $cl, $es, $f) = (shift, '');\n"
    "  for my $c (split //, $r) { if ($f) { $o .= '?' if $c ne '?'; $f = 0 }\n"
    "    $o .= $c; if ($es) { $es = 0; next }\n"
    "    if ($c eq '\\\\') { $es = 1; next } if ($c eq '[') { $cl = 1; next }\n"
    "    if ($cl) { $cl = 0 if $c eq ']'; next } $f = 1 if $c =~ /[*}+]/ }\n"
    "  $o .= '?' if $f; $o }\n"
    "open(my $in, '<&', \\*STDIN) or die; open(my $out, '>&', \\*STDOUT)"
    " or die;\n"
    "open(STDIN, '<', '/dev/null'); open(STDOUT, '>&', \\*STDERR);\n"
    "binmode $in; binmode $out;\n"
    "my (@sub, %id);\n"
    "sub get { my ($n, $b) = (shift, '');\n"
    "  while (length($b) < $n) {\n"
    "    read($in, $b, $n - length($b), length($b)) or exit 0 } $b }\n"
    "sub nums { my $l = <$in>; defined($l) or exit 0; chomp $l;"
    " split / /, $l }\n"
    "sub put { print $out @_; $out->flush }\n"
    "sub bytes { my $v = shift; $v = '' unless defined $v;\n"
    "  utf8::downgrade($v, 1) or utf8::encode($v); $v }\n"
    "sub fail { my ($id, $m) = @_; $m = bytes(\"$m\");\n"
    "  $m =~ s/(, <\\$in> line \\d+)?\\.?\\s*\\z//;\n"
    "  put(\"E $id \", length($m), \"\\n\", $m) }\n"
    "sub compile { my $code = shift;\n"
    "  return $id{$code} if exists $id{$code};\n"
    "  my $s = eval \"package Arg; sub { no strict; no warnings;"
    " my \\$job = shift; $code\\n}\";\n"
    "  die $@ unless $s; push @sub, $s; $id{$code} = $#sub }\n"
    "sub rpl { my ($posflag, $pre, $grp, $post, $code, $text) = @_;\n"
    "  my ($pos, $first, @g) = (0, 1); (my $p = $pre) =~ s/^\\{//;\n"
    "  if ($posflag and $p ne $pre and\n"
    "      $text =~ /^\\{(-?\\d+)\\s*\\Q$p\\E$grp\\Q$post\\E/xs) {\n"
    "    ($pos, $first) = ($1, 2) }\n"
    "  elsif ($text !~ /^\\Q$pre\\E$grp\\Q$post\\E/xs) {"
    " return put(\"N\\n\") }\n"
    "  my $len = $+[0];\n"
    "  for ($first .. $#-) { last unless defined $-[$_];\n"
    "    push @g, substr($text, $-[$_], $+[$_] - $-[$_]) }\n"
    "  $code =~ s/\\$\\$(\\d+)/\\$_pAr_gRp$1/g;\n"
    "  my $set = join '', map {\n"
    "    \"\\$_pAr_gRp$_ = \\\"\" . Arg::pQ($g[$_ - 1]) . '\";' } 1 .. @g;\n"
    "  put('K ', compile($set . $code), \" $len $pos\\n\") }\n"
    "sub job { my ($seq, $slot, $total, $nf, $nr) = @_;\n"
    "  my @len = $nf ? nums() : (); my @rq = $nr ? nums() : ();\n"
    /* The values in one read, then cut. */
    "  my ($all, $o, $t) = ('', 0, 0); $t += $_ for @len; $all = get($t);\n"
    "  my @f = map { $o += $_; substr($all, $o - $_, $_) } @len;\n"
    "  local @Arg::arg = (undef, @f);\n"
    "  local $Arg::job = bless { seq => $seq, slot => $slot,"
    " total => $total }, 'Job';\n"
    "  my (@hdr, $body, $id, $i);\n"
    /* One eval for them all: the first to die is the one said. */
    "  eval { while (($id, $i) = splice(@rq, 0, 2)) {\n"
    "    local $_ = $i ? $f[$i - 1] : ''; $Arg::uq = 0;\n"
    "    $sub[$id]->($Arg::job); my $v = $_; $v = '' unless defined $v;\n"
    "    utf8::downgrade($v, 1) or utf8::encode($v);\n"
    "    push @hdr, $Arg::uq ? 1 : 0, length $v; $body .= $v } 1 }\n"
    "    or return fail($id, $@);\n"
    "  put('R ', $Arg::job->{skip} ? 1 : 0, ' ', @hdr / 2, \"\\n@hdr\\n\","
    " $body) }\n"
    "while (my ($t, @h) = nums()) {\n"
    "  eval { if ($t eq 'D') { put('K ', compile(get($h[0])), \"\\n\") }\n"
    "    elsif ($t eq 'M') { rpl($h[0], map { get($_) } @h[1 .. 5]) }\n"
    "    elsif ($t eq 'J') { job(@h) } else { exit 2 } 1 }"
    " or fail(-1, $@) }\n";

struct perlx {
	const char *perl; /* the program, looked up in PATH */
	pid_t pid; /* 0 before the start */
	int to, from; /* its stdin and stdout */
	int broken; /* it failed: every request fails */
	struct buf req; /* a request */
	struct buf in; /* what it answered, read ahead */
	size_t inoff; /* how much of in is taken */
	char **what; /* by expression id: what names it in messages */
	size_t nwhat;
	struct tpl_perl cb;
};

/* ---- the frames (pure) --------------------------------------------------- */

/*
 * A job's request: its numbers, the values' lengths, the (expression,
 * value) pairs asked for, then the values.
 */
void
perlx_frame_job(struct buf *b, const struct tpl_vals *v,
    const struct tpl_perl_req *req, size_t n)
{
	buf_printf(b, "J %lu %lu %lu %zu %zu\n", v->seq, v->slot, v->total,
	    v->nfield, n);
	if (v->nfield > 0) {
		for (size_t i = 0; i < v->nfield; i++)
			buf_printf(b, i ? " %zu" : "%zu", v->flen[i]);
		buf_addc(b, '\n');
	}
	if (n > 0) {
		for (size_t i = 0; i < n; i++)
			buf_printf(b, i ? " %d %zu" : "%d %zu", req[i].id,
			    req[i].field);
		buf_addc(b, '\n');
	}
	for (size_t i = 0; i < v->nfield; i++)
		buf_add(b, v->field[i], v->flen[i]);
}

/*
 * Read exactly n numbers, separated by one blank, from a line (without its
 * newline); a leading '-' is allowed only for the first (an id of -1, as
 * ULONG_MAX).  Returns -1 when the line is anything else.
 */
int
perlx_parse_nums(const char *s, size_t len, unsigned long *num, size_t n)
{
	size_t i = 0;

	for (size_t k = 0; k < n; k++) {
		unsigned long x = 0;
		int neg = 0;
		size_t start;

		if (k > 0 && (i >= len || s[i++] != ' '))
			return -1;
		if (k == 0 && i < len && s[i] == '-') {
			neg = 1;
			i++;
		}
		start = i;
		while (i < len && s[i] >= '0' && s[i] <= '9') {
			unsigned long d = (unsigned long)(s[i++] - '0');

			if (x > (~0UL - d) / 10)
				return -1;
			x = x * 10 + d;
		}
		if (i == start)
			return -1;
		num[k] = neg ? -x : x;
	}
	return i == len ? 0 : -1;
}

/* ---- the process --------------------------------------------------------- */

/* It is gone or spoke nonsense: say so once, and fail from now on. */
static int
broken(struct perlx *px, const char *why)
{
	if (!px->broken)
		xpool_err("perl, which evaluates the {= =} expressions, %s; "
		          "no more jobs are started",
		    why);
	px->broken = 1;
	return -1;
}

static int
start(struct perlx *px, const char *what)
{
	char *argv[] = { (char *)px->perl, (char *)"-e", (char *)program,
		NULL };
	int in[2] = { -1, -1 }, out[2] = { -1, -1 }, e;

	if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0) {
		e = errno;
		goto fail;
	}
	e = sys_spawn_helper(px->perl, argv, in[0], out[1], &px->pid);
	if (e != 0)
		goto fail;
	close(in[0]);
	close(out[1]);
	px->to = in[1];
	px->from = out[0];
	return 0;
fail:
	for (int i = 0; i < 2; i++) {
		if (in[i] >= 0)
			close(in[i]);
		if (out[i] >= 0)
			close(out[i]);
	}
	px->pid = 0;
	px->broken = 1;
	xpool_err("%s needs perl, which cannot be started ('%s': %s); install "
	          "perl (Debian's perl-base) or leave Perl expressions out",
	    what, px->perl, strerror(e));
	return -1;
}

/* Send the request in px->req. */
static int
send_req(struct perlx *px)
{
	size_t off = 0;

	while (off < px->req.len) {
		ssize_t n =
		    write(px->to, px->req.data + off, px->req.len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return broken(px, "has ended");
		off += (size_t)n;
	}
	return 0;
}

/*
 * Whether a signal that ends xpool waits, blocked (xpool reads them from a
 * signalfd between jobs): an expression that never returns must not keep
 * ^C from working.
 */
static int
stop_pending(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	sigset_t set;

	if (sigpending(&set) != 0)
		return 0;
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (sigismember(&set, sigs[i]) == 1)
			return 1;
	return 0;
}

/* Have n bytes of answer ahead in px->in. */
static int
fill(struct perlx *px, size_t n)
{
	while (px->in.len - px->inoff < n) {
		struct pollfd pfd = { px->from, POLLIN, 0 };
		ssize_t r;

		if ((r = poll(&pfd, 1, 100)) < 0 && errno != EINTR)
			return broken(px, "cannot be read from");
		if (r <= 0) {
			if (!stop_pending())
				continue;
			/* Its own process group did not get the ^C. */
			(void)kill(px->pid, SIGKILL);
			return broken(px, "was ended, as xpool was stopped");
		}

		if (px->inoff > 0) {
			memmove(px->in.data, px->in.data + px->inoff,
			    px->in.len - px->inoff);
			px->in.len -= px->inoff;
			px->inoff = 0;
		}
		buf_reserve(&px->in, 65536);
		r = read(px->from, px->in.data + px->in.len, 65536);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return broken(px, "has ended");
		px->in.len += (size_t)r;
	}
	return 0;
}

/* The next line of the answer, without its newline. */
static int
get_line(struct perlx *px, const char **line, size_t *len)
{
	size_t have = 0;
	const char *nl;

	for (;;) {
		if (px->in.len > px->inoff &&
		    (nl = memchr(px->in.data + px->inoff + have, '\n',
		         px->in.len - px->inoff - have)) != NULL)
			break;
		have = px->in.len - px->inoff;
		if (have > 1 << 24)
			return broken(px, "answered what xpool cannot read");
		if (fill(px, have + 1) != 0)
			return -1;
	}
	*line = px->in.data + px->inoff;
	*len = (size_t)(nl - *line);
	px->inoff += *len + 1;
	return 0;
}

/* Take n bytes of the answer (they stay valid until the next read). */
static int
get_bytes(struct perlx *px, size_t n, const char **p)
{
	if (fill(px, n) != 0)
		return -1;
	*p = px->in.data + px->inoff;
	px->inoff += n;
	return 0;
}

static const char *
what_of(const struct perlx *px, unsigned long id)
{
	return id < px->nwhat && px->what[id] != NULL ? px->what[id]
	                                              : "a Perl expression";
}

/*
 * An answer that starts "E ID LEN": print the message, about what (or the
 * expression ID); -1.  Any other line but one starting with want: broken.
 */
static int
answer(struct perlx *px, char want, const char **line, size_t *len,
    const char *what, const char *doing)
{
	unsigned long n[2];
	const char *msg;

	if (get_line(px, line, len) != 0)
		return -1;
	if (*len >= 1 && (*line)[0] == want)
		return 0;
	if (*len < 2 || (*line)[0] != 'E' ||
	    perlx_parse_nums(*line + 2, *len - 2, n, 2) != 0 ||
	    get_bytes(px, n[1], &msg) != 0)
		return broken(px, "answered what xpool cannot read");
	if (n[0] != ~0UL)
		what = what_of(px, n[0]);
	xpool_err("%s %s: %.*s", what, doing, (int)n[1], msg);
	return -1;
}

static void
name_id(struct perlx *px, unsigned long id, const char *what)
{
	if (id >= px->nwhat) {
		size_t n = id + 8;

		px->what = xreallocarray(px->what, n, sizeof(char *));
		memset(
		    px->what + px->nwhat, 0, (n - px->nwhat) * sizeof(char *));
		px->nwhat = n;
	}
	if (px->what[id] == NULL)
		px->what[id] = xstrdup(what);
}

/* Send the request, its process started first; the answer's first line. */
static int
ask(struct perlx *px, const char *what, char want, const char **line,
    size_t *len, const char *doing)
{
	if (px->broken || (px->pid == 0 && start(px, what) != 0))
		return -1;
	if (send_req(px) != 0)
		return -1;
	return answer(px, want, line, len, what, doing);
}

static int
cb_define(void *arg, const char *what, const char *code, size_t len)
{
	struct perlx *px = arg;
	unsigned long id;
	const char *line;
	size_t ll;

	buf_reset(&px->req);
	buf_printf(&px->req, "D %zu\n", len);
	buf_add(&px->req, code, len);
	if (ask(px, what, 'K', &line, &ll, "is not valid Perl") != 0)
		return -1;
	if (ll < 2 || perlx_parse_nums(line + 2, ll - 2, &id, 1) != 0 ||
	    id > 1000000)
		return broken(px, "answered what xpool cannot read");
	name_id(px, id, what);
	return (int)id;
}

static int
cb_match(void *arg, const struct tpl_rpl *r, int pos, const char *s, size_t len,
    size_t *mlen, long *posn)
{
	struct perlx *px = arg;
	unsigned long n[3];
	const char *line;
	size_t ll;

	buf_reset(&px->req);
	buf_printf(&px->req, "M %d %zu %zu %zu %zu %zu\n", pos, r->prefix_len,
	    r->group_len, r->postfix_len, strlen(r->code), len);
	buf_add(
	    &px->req, r->tag, r->prefix_len + r->group_len + r->postfix_len);
	buf_adds(&px->req, r->code);
	buf_add(&px->req, s, len);
	if (px->broken || (px->pid == 0 && start(px, "--rpl") != 0) ||
	    send_req(px) != 0 || get_line(px, &line, &ll) != 0)
		return -1;
	if (ll == 1 && line[0] == 'N')
		return -2;
	px->inoff -= ll + 1; /* read it again as an answer */
	if (answer(px, 'K', &line, &ll, r->def, "cannot be used") != 0)
		return -1;
	if (ll < 2 || perlx_parse_nums(line + 2, ll - 2, n, 3) != 0 ||
	    n[0] > 1000000 || n[1] == 0 || n[1] > len)
		return broken(px, "answered what xpool cannot read");
	name_id(px, n[0], r->def);
	*mlen = n[1];
	*posn = (long)n[2];
	return (int)n[0];
}

static int
cb_eval(void *arg, const struct tpl_vals *v, struct tpl_perl_req *req, size_t n,
    struct buf *out)
{
	struct perlx *px = arg;
	unsigned long head[2], *nums;
	const char *line, *bytes;
	size_t ll, total = 0;
	int skip;

	buf_reset(&px->req);
	perlx_frame_job(&px->req, v, req, n);
	if (ask(px, "a Perl expression", 'R', &line, &ll, "died") != 0)
		return -1;
	if (ll < 2 || perlx_parse_nums(line + 2, ll - 2, head, 2) != 0 ||
	    head[0] > 1 || head[1] != n)
		return broken(px, "answered what xpool cannot read");
	skip = (int)head[0];
	if (get_line(px, &line, &ll) != 0)
		return -1;
	nums = xreallocarray(NULL, 2 * n, sizeof(*nums));
	if (perlx_parse_nums(line, ll, nums, 2 * n) != 0) {
		free(nums);
		return broken(px, "answered what xpool cannot read");
	}
	for (size_t i = 0; i < n; i++) {
		req[i].uq = nums[2 * i] != 0;
		req[i].off = total;
		req[i].len = nums[2 * i + 1];
		total += req[i].len;
	}
	free(nums);
	if (get_bytes(px, total, &bytes) != 0)
		return -1;
	buf_add(out, bytes, total);
	return skip;
}

/* ---- the module ---------------------------------------------------------- */

/* perl: the program's name or path ("perl" when NULL). */
struct perlx *
perlx_new(const char *perl)
{
	struct perlx *px = xcalloc(1, sizeof(*px));

	px->perl = perl != NULL ? perl : "perl";
	px->to = px->from = -1;
	px->cb.define = cb_define;
	px->cb.match = cb_match;
	px->cb.eval = cb_eval;
	px->cb.arg = px;
	return px;
}

const struct tpl_perl *
perlx_callbacks(struct perlx *px)
{
	return &px->cb;
}

/* End it (its input closed, it leaves) and reap it. */
void
perlx_free(struct perlx *px)
{
	if (px == NULL)
		return;
	if (px->to >= 0)
		close(px->to);
	if (px->from >= 0)
		close(px->from);
	/* xpool's reaper may have had it already. */
	if (px->pid > 0)
		while (waitpid(px->pid, NULL, 0) < 0 && errno == EINTR)
			;
	for (size_t i = 0; i < px->nwhat; i++)
		free(px->what[i]);
	free(px->what);
	buf_free(&px->req);
	buf_free(&px->in);
	free(px);
}
