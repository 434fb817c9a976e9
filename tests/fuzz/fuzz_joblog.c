/*
 * fuzz_joblog.c -- the joblog read back for --resume (records.h:
 * records_read_joblog), and written by joblog.c then read back.
 *
 * The first byte: bit 0 --resume-failed (only lines with Exitval 0 and
 * Signal 0 count), bit 1 the round trip, bit 2 (round trip) +FILE, after
 * a line left without its newline.  Read: the rest is the file.
 * Every line that is plainly a joblog line (a job number, a host, six
 * fields of "0", a command) must be in the set when the file is accepted.
 * Round trip: the rest is jobs, 0xff between them, each a byte of job
 * number, one of how it ended and its command (any bytes: newlines, TABs,
 * NULs); joblog_line() writes them and records_read_joblog() must give
 * exactly their numbers back, or with --resume-failed those that succeeded.
 * The file read is also read for --retry-failed (records_read_commands):
 * accepted only when the set is, with a command for every plain line's
 * job number.
 */
#include "buf.h"
#include "fuzz.h"
#include "joblog.h"
#include "recdef.h"
#include "recio.h"
#include "records.h"

#define MAXJOBS 32

/* A line whose first 8 fields are a job number, a host and six "0"s. */
static int
plain_line(const char *p, size_t n, unsigned long *seq)
{
	const char *end = p + n, *t;
	size_t digits = 0;

	*seq = 0;
	while (p < end && *p >= '0' && *p <= '9' && digits < 18) {
		*seq = *seq * 10 + (unsigned long)(*p++ - '0');
		digits++;
	}
	if (digits == 0 || p == end || *p++ != '\t')
		return 0;
	if ((t = memchr(p, '\t', (size_t)(end - p))) == NULL || t == p)
		return 0;
	p = t + 1;
	for (int k = 0; k < 6; k++) {
		if (end - p < 2 || p[0] != '0' || p[1] != '\t')
			return 0;
		p += 2;
	}
	return 1;
}

static void
read_back(const uint8_t *data, size_t size, int failed_too)
{
	char path[64];
	int fd = fuzz_file(data, size, path, sizeof(path));
	struct seqset *set = records_read_joblog(path, failed_too);
	const char *p = (const char *)data, *end = p + size;
	size_t lines = 0, ncmds;
	char **cmds;
	int r = records_read_commands(path, &cmds, &ncmds);

	FUZZ_CHECK(r != 1 && (set != NULL || r == -1));
	FUZZ_CHECK(ncmds <= JOBLOG_MAX_SEQ && (r == 0 || cmds == NULL));

	while (set != NULL && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		unsigned long seq;

		lines++;
		if (plain_line(p, n, &seq))
			FUZZ_CHECK(seqset_has(set, seq));
		if (plain_line(p, n, &seq) && r == 0)
			FUZZ_CHECK(seq <= ncmds && cmds[seq - 1] != NULL);
		p += n + (nl != NULL);
	}
	FUZZ_CHECK(seqset_count(set) <= lines);
	seqset_free(set);
	records_free_commands(cmds, ncmds);
	close(fd);
}

/* A line a killed run left without its newline, for +FILE to append to. */
static const char unended[] = "5\t:\t0\t0\t0\t0\t0\t0\tkilled mid-line";

static void
round_trip(struct fuzz_in *in, int failed_too, int append)
{
	struct rec_joblog jl = { NULL, 0, 0 };
	unsigned long want[MAXJOBS];
	size_t nwant = 0, njobs = 0, distinct = 0, len;
	struct joblog *log;
	struct seqset *set;
	char path[64], *cmd;
	int fd = fuzz_file(
	    unended, append ? strlen(unended) : 0, path, sizeof(path));

	jl.path = path;
	jl.append = append;
	if (append)
		want[nwant++] = 5;
	log = joblog_open(&jl, 0);
	FUZZ_CHECK(log != NULL);
	while (njobs < MAXJOBS - 1 && (cmd = fuzz_piece(in, 0xff, &len))) {
		struct rec_data d;
		struct rec_end e;
		unsigned how = len > 1 ? (unsigned char)cmd[1] : 0;

		memset(&d, 0, sizeof(d));
		memset(&e, 0, sizeof(e));
		d.seq = 1 + (len > 0 ? (unsigned char)cmd[0] : 0) * 1000003UL;
		d.nbytes[0] = how * 7;
		e.command = len > 2 ? cmd + 2 : "";
		e.command_len = len > 2 ? len - 2 : 0;
		e.start = 1700000000.0 + how / 1000.0;
		e.runtime = how / 7.0;
		e.exitval = how % 4 == 0 ? 0 : (int)how;
		e.signo = how % 8 == 1 ? 9 : 0;
		e.killed = how % 16 == 3;
		if (!failed_too || (rec_exitval(&e) == 0 && e.signo == 0))
			want[nwant++] = d.seq;
		FUZZ_CHECK(joblog_line(log, &d, &e) == 0);
		free(cmd);
		njobs++;
	}
	FUZZ_CHECK(joblog_close(log) == 0);
	joblog_free(log);
	set = records_read_joblog(path, failed_too);
	FUZZ_CHECK(set != NULL);
	for (size_t i = 0; i < nwant; i++)
		FUZZ_CHECK(seqset_has(set, want[i]));
	/* No other number: the set holds as many distinct ones. */
	for (size_t i = 0, k; i < nwant; i++) {
		for (k = 0; k < i && want[k] != want[i]; k++)
			;
		distinct += k == i;
	}
	FUZZ_CHECK(seqset_count(set) == distinct);
	seqset_free(set);
	close(fd);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	unsigned mode = fuzz_byte(&in);

	if (mode & 2)
		round_trip(&in, mode & 1, (mode & 4) != 0);
	else
		read_back(in.p, in.n, mode & 1);
	return 0;
}
