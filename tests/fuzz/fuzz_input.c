/*
 * fuzz_input.c -- item sources (src/input.h): a file of items cut at the
 * delimiter, -0, -d, --colsep, --header, --trim, --pipe blocks, and a
 * second source combined or --link'ed with it.
 *
 * The input: a byte of options, two bytes of values, a byte of more
 * options, then the file's bytes.
 *   byte 0: bits 0-1 the delimiter (newline, NUL, byte 1, TAB), 2 --trim
 *           l, 3 --trim r, 4 --header :, 5 --colsep (byte 2 picks it),
 *           6 --pipe (--block 1 + byte 2, -N byte 1 % 4; alone, as
 *           config.c allows it), 7 a second source after the first 0xff
 *           byte: items 0xff between them, or (byte 1 bit 2) a second
 *           file; byte 1 bit 0: :::+, bit 3: --link.
 *   byte 1: bits 4-5 put an item of about 64 KiB before the file's
 *           bytes, so that they cross the end of the reader's first read;
 *           bits 6-7 a --max-record of a few bytes (one source, no
 *           --header).
 *   byte 3: bit 0 -r; without --pipe: bit 1 --csv (byte 2 picks its
 *           separator: , ; or TAB); with --pipe: bit 1 --header N (N = 1 +
 *           bits 4-5),
 *           bit 2 records end with a string (--recend, --recstart: bits
 *           4-7 pick them from a table), bit 3 the table's regexes
 *           (--regexp).
 * The file is in memory (memfd) and input_open() opens it by name, as it
 * opens -a FILE; when input_next() says INPUT_WAIT, the loop runs until
 * the ready callback fires, and it runs to its end once the input is
 * closed.
 *
 * The properties: the input ends at its end, or with INPUT_ERROR only at an
 * item longer than --max-record, and no item handed out is longer; the
 * count input_count() gives ahead (when it gives one) is the number of
 * records; every record has a field; with one source and
 * nothing that changes the bytes, the items (and the --header line, when
 * it has no NUL, which names cannot hold) joined with the delimiter are the
 * file again; --pipe blocks are the file again,
 * each no longer than --block unless it is one record, and each of -N
 * records.  With -r no item is of white space only, and --pipe blocks
 * are the file without its lines of white space only; with --pipe
 * --header N each block starts with the first N lines, and the rest of
 * the blocks are the rest of the file; with a --recend string each block
 * but the last ends with it, and the next starts with --recstart.  With
 * --csv the count ahead is still the number of records.
 */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>

#include "buf.h"
#include "fuzz.h"
#include "input.h"
#include "parse.h"

/* --colsep values: literal text, and regular expressions (some empty). */
static const char *const colseps[] = { ",", "\\t", "::", " ", "\\s+", "[,;]",
	" *: *", "a|b", "x*", "\\d", "\\w+", "(,|;)+", "^", "$", ".", "\\S" };

/*
 * --recend and --recstart pairs (NULL: not given) as strings; with
 * --regexp, regexes.
 */
static const char *const rec_strs[][2] = { { ";;", NULL }, { "\\r\\n", NULL },
	{ "", NULL }, { NULL, ">" }, { "\\n", ">" }, { "ab", "c" }, { "x", "" },
	{ "\\0\\t", NULL } };
static const char *const rec_res[][2] = { { "[0-9]+", NULL }, { NULL, "^>" },
	{ "\\n", "\\d" }, { "", NULL }, { "a|bc", NULL }, { "x*y", NULL },
	{ NULL, "[a-c]" }, { "\\s", "\\S" } };

/* GNU parallel's escapes in a --recend/--recstart string, as input.c. */
static void
unescape(struct buf *b, const char *s)
{
	for (; s != NULL && *s; s++) {
		const char *e =
		    s[0] == '\\' && s[1] ? strchr("ntr0\\'\"", s[1]) : NULL;

		if (e != NULL) {
			buf_addc(b, "\n\t\r\0\\'\""[e - "ntr0\\'\""]);
			s++;
		} else
			buf_addc(b, *s);
	}
}

/* -r with --pipe: the file without its lines of white space only. */
static void
drop_blank_lines(struct buf *b)
{
	size_t out = 0, line = 0;
	int blank = 1;

	for (size_t i = 0; i < b->len; i++) {
		char c = b->data[i];

		b->data[out++] = c;
		if (c == '\n') {
			if (blank)
				out = line;
			line = out;
			blank = 1;
		} else if (!(c == ' ' || (c >= '\t' && c <= '\r')))
			blank = 0;
	}
	b->len = out;
}

/* Whether an item is white space only (what -r drops). */
static int
is_blank(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!(p[i] == ' ' || (p[i] >= '\t' && p[i] <= '\r')))
			return 0;
	return 1;
}

static uv_loop_t loop;
static int loop_ready;

static void
closed(void *arg)
{
	*(int *)arg = 1;
}

static void
woken(void *arg)
{
	*(int *)arg = 1;
}

/* The longest item of the file, without its delimiter. */
static size_t
longest_item(const char *p, size_t n, char delim)
{
	size_t most = 0;

	while (n > 0) {
		const char *d = memchr(p, delim, n);
		size_t len = d ? (size_t)(d - p) : n;

		if (len > most)
			most = len;
		p += len + (d != NULL);
		n -= len + (d != NULL);
	}
	return most;
}

/* Whether --colsep text is a plain string, which input.c splits at. */
static int
colsep_literal(const char *s)
{
	return strpbrk(s, ".[]()*+?{}|^$\\") == NULL;
}

/* A --pipe block (kept from the record that is gone), last or not. */
static void
check_pipe_block(
    const struct buf *b, char delim, size_t block, long recs, int last)
{
	size_t k = 0;

	FUZZ_CHECK(b->len > 0);
	if (recs > 0) {
		/* As GNU parallel counts: not a separator that starts it. */
		for (size_t i = 1; i < b->len; i++)
			k += b->data[i] == delim;
		FUZZ_CHECK(k == (size_t)recs || (last && k < (size_t)recs));
		FUZZ_CHECK(last || b->data[b->len - 1] == delim);
	} else if (b->len > block)
		/* Longer than a block only when it is one record. */
		FUZZ_CHECK(memchr(b->data, delim, b->len - 1) == NULL);
}

/*
 * --pipe: what the input is once -r has dropped its blank lines, and the
 * --header N that starts it (its first N lines, or none when it has
 * fewer); the input is left without the lines -r drops.
 */
static void
pipe_head(struct buf *head, struct buf *input, const struct input_opts *o)
{
	const char *p = input->data;
	long n = o->pipe_header != NULL ? atol(o->pipe_header) : 0;

	if (o->skip_blank)
		drop_blank_lines(input);
	for (long k = 0; k < n && p != NULL; k++)
		if ((p = memchr(
		         p, '\n', input->len - (size_t)(p - input->data))))
			p++;
	if (n > 0 && p != NULL)
		buf_add(head, input->data, (size_t)(p - input->data));
}

/*
 * A --pipe block cut at a --recend string: it ends with --recend, and the
 * next block starts with --recstart.
 */
static void
check_sep_block(const struct buf *b, const char *next, size_t nlen,
    const struct buf *end, const struct buf *start)
{
	FUZZ_CHECK(b->len >= end->len &&
	    (end->len == 0 ||
	        memcmp(b->data + b->len - end->len, end->data, end->len) == 0));
	FUZZ_CHECK(nlen >= start->len &&
	    (start->len == 0 || memcmp(next, start->data, start->len) == 0));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	unsigned opt = fuzz_byte(&in), b1 = fuzz_byte(&in);
	unsigned b2 = fuzz_byte(&in), b3 = fuzz_byte(&in);
	struct buf head = BUF_INIT, rend = BUF_INIT, rstart = BUF_INIT;
	char lines[8];
	int sepmode = 0;
	static const char delims[] = { '\n', '\0', 0, '\t' };
	struct input_opts o;
	struct src_spec spec[2];
	struct buf file = BUF_INIT, again = BUF_INIT, prev = BUF_INIT;
	char path[64], path2[64], **items = NULL, **names;
	size_t nspec = 1, nitems = 0, nnames, blocks = 0;
	const uint8_t *mark = NULL;
	unsigned long count, nrec = 0;
	int fd, fd2 = -1, done = 0, woke = 0, r, whole, plain, short_limit;
	struct input *inp;
	struct record rec;

	if (!loop_ready) {
		uv_loop_init(&loop);
		loop_ready = 1;
	}
	memset(&o, 0, sizeof(o));
	o.delim = (opt & 3) == 2 ? (char)b1 : delims[opt & 3];
	o.trim = (opt & 4 ? TRIM_LEFT : 0) | (opt & 8 ? TRIM_RIGHT : 0);
	o.header = (opt & 16) != 0;
	if (opt & 32)
		o.colsep = colseps[b2 % (sizeof(colseps) / sizeof(colseps[0]))];
	o.pipe = (opt & 64) != 0;
	o.block = 1 + b2;
	o.block_recs = (long)(b1 % 4);
	o.link = (b1 & 8) != 0;
	/*
	 * --max-record: xpool's 1 GiB, or (byte 1 bits 6-7) a few bytes,
	 * for one source without --header: for a header or a source read
	 * whole, input.c stops xpool there and then.
	 */
	o.max_record = (size_t)1024 * 1024 * 1024;
	short_limit = (b1 >> 6) != 0 && !(opt & 128) && !o.header;
	if (short_limit)
		o.max_record = (b1 >> 6) * (size_t)(1 + (b2 & 15));
	o.skip_blank = b3 & 1;
	if (!o.pipe && (b3 & 2) && o.delim != '"') {
		o.csv = 1;
		o.csv_sep = ",;\t"[b2 % 3];
	}
	if (o.pipe) {
		/* What config.c lets go with --pipe: one file, as it is. */
		o.trim = o.header = 0;
		o.colsep = NULL;
		opt &= ~128u;
		/* A header past --max-record stops xpool: not here. */
		if ((b3 & 2) && !short_limit) {
			snprintf(
			    lines, sizeof(lines), "%u", 1 + ((b3 >> 4) & 3));
			o.pipe_header = lines;
		}
		if (b3 & 4) {
			const char *const *rs =
			    b3 & 8 ? rec_res[b3 >> 5] : rec_strs[b3 >> 5];

			sepmode = !(b3 & 8);
			o.rec_string = 1;
			o.regexp = (b3 & 8) != 0;
			o.recend = rs[0];
			o.recend_given = rs[0] != NULL;
			o.recstart = rs[1];
			if (sepmode) {
				if (rs[0] != NULL)
					unescape(&rend, rs[0]);
				else if (rs[1] == NULL)
					buf_addc(&rend, o.delim);
				unescape(&rstart, rs[1]);
			}
		}
	}

	/* The file, and the second source after a 0xff byte. */
	if ((opt & 128) && (mark = memchr(in.p, 0xff, in.n)) != NULL) {
		buf_add(&file, in.p, (size_t)(mark - in.p));
		in.n -= (size_t)(mark - in.p) + 1;
		in.p = mark + 1;
	} else {
		buf_add(&file, in.p, in.n);
		in.n = 0;
	}
	if ((b1 >> 4) & 3) {
		/* One long item first: the rest crosses the first read. */
		size_t pad = 65536 - 256 * (size_t)((b1 >> 4) & 3) + b2;

		buf_reserve(&again, pad);
		memset(again.data, o.delim == 'x' ? 'y' : 'x', pad);
		again.len = pad;
		buf_addc(&again, o.delim);
		/*
		 * Not with a regular expression: ASan's regexec() reads the
		 * rest of the value at every field, 64 KiB a time.
		 */
		if (o.colsep != NULL && !colsep_literal(o.colsep))
			o.colsep = NULL;
		/* Nor --regexp: glibc's regexec() tries every start. */
		if (o.regexp)
			o.rec_string = o.regexp = 0;
	}
	buf_add(&again, file.data, file.len);
	buf_reserve(&again, 0);
	fd = fuzz_file(again.data, again.len, path, sizeof(path));

	memset(spec, 0, sizeof(spec));
	spec[0].kind = SRC_FILE;
	spec[0].path = path;
	if (mark != NULL) {
		nspec = 2;
		spec[1].linked = (b1 & 1) != 0;
		if (b1 & 4) {
			fd2 = fuzz_file(in.p, in.n, path2, sizeof(path2));
			spec[1].kind = SRC_FILE;
			spec[1].path = path2;
		} else {
			char *s;

			while (
			    nitems < 64 && (s = fuzz_piece(&in, 0xff, NULL))) {
				items = realloc(
				    items, (nitems + 1) * sizeof(*items));
				if (items == NULL)
					abort();
				items[nitems++] = s;
			}
			spec[1].kind = SRC_LIST;
			spec[1].path = ":::";
			spec[1].items = items;
			spec[1].nitems = nitems;
		}
	}

	inp = input_open(spec, nspec, &o, &loop);
	count = input_count(inp);
	/* The items, when nothing changes them, are checked for length. */
	plain =
	    nspec == 1 && !o.pipe && o.trim == 0 && o.colsep == NULL && !o.csv;
	/* The items joined again give the file, when nothing changed them. */
	whole = nspec == 1 && !o.pipe && o.trim == 0 && !o.skip_blank &&
	    !o.csv && (o.colsep == NULL || colsep_literal(o.colsep)) &&
	    !(o.header && memchr(again.data, '\0', again.len) != NULL);
	buf_reset(&file);
	input_names(inp, &names, &nnames);
	if (o.header && whole && nnames > 0) {
		for (size_t i = 0; i < nnames; i++) {
			if (i > 0)
				buf_adds(&file, o.colsep);
			buf_adds(&file, names[i]);
		}
		buf_addc(&file, o.delim);
	}
	input_set_ready(inp, woken, &woke);
	for (;;) {
		woke = 0;
		if ((r = input_next(inp, &rec)) == INPUT_WAIT) {
			/* The loop's next turn reads on and wakes us. */
			while (!woke)
				FUZZ_CHECK(
				    uv_run(&loop, UV_RUN_ONCE) != 0 || woke);
			continue;
		}
		if (r != INPUT_RECORD)
			break;
		FUZZ_CHECK(rec.nfield >= 1 && rec.field != NULL);
		if (plain)
			FUZZ_CHECK(rec.flen[0] <= o.max_record);
		if (plain && o.skip_blank)
			FUZZ_CHECK(!is_blank(rec.field[0], rec.flen[0]));
		nrec++;
		if (o.pipe) {
			char *f = rec.field[0];
			size_t flen = rec.flen[0];

			FUZZ_CHECK(rec.nfield == 1);
			if (blocks == 0)
				pipe_head(&head, &again, &o);
			/* Every block starts with the header. */
			FUZZ_CHECK(flen >= head.len &&
			    (head.len == 0 ||
			        memcmp(f, head.data, head.len) == 0));
			f += head.len;
			flen -= head.len;
			FUZZ_CHECK(flen > 0);
			if (blocks > 0 && sepmode)
				check_sep_block(&prev, f, flen, &rend, &rstart);
			else if (blocks > 0 && !o.rec_string)
				check_pipe_block(
				    &prev, o.delim, o.block, o.block_recs, 0);
			blocks++;
			buf_reset(&prev);
			buf_add(&prev, f, flen);
			buf_add(&file, f, flen);
			continue;
		}
		if (!whole)
			continue;
		for (size_t i = 0; i < rec.nfield; i++) {
			if (i > 0)
				buf_adds(&file, o.colsep);
			buf_add(&file, rec.field[i], rec.flen[i]);
		}
		buf_addc(&file, o.delim);
	}
	/* Only a record over --max-record ends the input early. */
	FUZZ_CHECK(r == INPUT_EOF || (r == INPUT_ERROR && short_limit));
	if (r == INPUT_ERROR && plain)
		FUZZ_CHECK(longest_item(again.data, again.len, o.delim) >
		    o.max_record);
	if (blocks > 0 && r == INPUT_EOF && !o.rec_string)
		check_pipe_block(&prev, o.delim, o.block, o.block_recs, 1);
	if (o.pipe && r == INPUT_EOF) {
		/* What the blocks hold, header aside, is the rest. */
		if (blocks == 0)
			pipe_head(&head, &again, &o);
		FUZZ_CHECK(again.len >= head.len);
		if (head.len > 0)
			memmove(again.data, again.data + head.len,
			    again.len - head.len);
		again.len -= head.len;
	}
	FUZZ_CHECK(count == 0 || count == nrec || r == INPUT_ERROR);
	if ((whole || o.pipe) && r == INPUT_EOF) {
		buf_reserve(&file, 0);
		if (!o.pipe && again.len > 0 &&
		    again.data[again.len - 1] != o.delim)
			buf_addc(&again, o.delim);
		FUZZ_CHECK(file.len == again.len &&
		    memcmp(file.data, again.data, again.len) == 0);
	}
	input_close(inp, closed, &done);
	uv_run(&loop, UV_RUN_DEFAULT);
	FUZZ_CHECK(done);

	close(fd);
	if (fd2 >= 0)
		close(fd2);
	for (size_t i = 0; i < nitems; i++)
		free(items[i]);
	free(items);
	buf_free(&file);
	buf_free(&again);
	buf_free(&prev);
	buf_free(&head);
	buf_free(&rend);
	buf_free(&rstart);
	return 0;
}
