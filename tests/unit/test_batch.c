/*
 * test_batch.c -- records gathered into jobs (src/batch.h): one a job, -n N
 * of them, -X packing against the argument limit, a record carried over to
 * the next job, and records that must be a job by themselves; -m and -X
 * spreading the last records over the slots.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "cmdline.h"
#include "template.h"
#include "unit.h"

/* A record of one field, text; bad (or NULL) says why it cannot run. */
static struct record
rec1(const char *text, const char *bad, unsigned long line)
{
	static char *field[1];
	static size_t flen[1];
	struct record r;

	field[0] = (char *)text;
	flen[0] = strlen(text);
	r.field = field;
	r.flen = flen;
	r.nfield = 1;
	r.bad = bad;
	r.line = line;
	return r;
}

/* Add a record of one field to b: batch_add()'s verdict. */
static int
add(struct batch *b, const char *text, const char *bad, unsigned long line)
{
	struct record r = rec1(text, bad, line);

	return batch_add(b, &r);
}

/* The fields of b's job, joined with spaces. */
static const char *
job_text(struct batch *b)
{
	static char out[4096];
	size_t at = 0;

	out[0] = '\0';
	for (size_t i = 0; i < b->args.n; i++) {
		at += (size_t)snprintf(out + at, sizeof(out) - at, "%s%s",
		    i ? " " : "", b->args.bytes.data + b->args.off[i]);
	}
	return out;
}

static void
test_one_each(void)
{
	struct batch b;

	batch_init(&b, 0, NULL, NULL);
	CHECK(!batch_ready(&b));
	CHECK(add(&b, "a", NULL, 1) == 1);
	CHECK(batch_ready(&b));
	CHECK_STR(job_text(&b), "a");
	CHECK_INT(b.args.line, 1);
	recset_clear(&b.args);
	CHECK(!batch_ready(&b));
	CHECK(add(&b, "b", NULL, 2) == 1);
	CHECK_STR(job_text(&b), "b");
	batch_free(&b);
}

static void
test_n(void)
{
	struct batch b;

	batch_init(&b, 3, NULL, NULL);
	CHECK(add(&b, "a", NULL, 1) == 0);
	CHECK(add(&b, "b", NULL, 2) == 0);
	CHECK(!batch_ready(&b));
	CHECK(add(&b, "c", NULL, 3) == 1);
	CHECK_STR(job_text(&b), "a b c");
	CHECK_INT(b.args.nrec, 3);
	CHECK_INT(b.args.line, 1);
	recset_clear(&b.args);
	/* A short last job: the caller takes it at the end of the input. */
	CHECK(add(&b, "d", NULL, 4) == 0);
	CHECK_INT(b.args.nrec, 1);
	CHECK_STR(job_text(&b), "d");
	batch_free(&b);
}

/* A record that cannot run is a job by itself, before and after. */
static void
test_bad_alone(void)
{
	struct batch b;

	batch_init(&b, 3, NULL, NULL);
	CHECK(add(&b, "a", NULL, 1) == 0);
	CHECK(add(&b, "x", "holds a NUL byte", 2) == 1);
	/* a goes alone; the bad one is carried to the next job. */
	CHECK_STR(job_text(&b), "a");
	CHECK(b.args.bad == NULL);
	recset_clear(&b.args);
	CHECK(batch_ready(&b));
	CHECK_STR(job_text(&b), "x");
	CHECK_STR(b.args.bad, "holds a NUL byte");
	CHECK_INT(b.args.line, 2);
	recset_clear(&b.args);
	CHECK(!batch_ready(&b));
	/* First in a job, it is the whole job at once. */
	CHECK(add(&b, "y", "holds a NUL byte", 3) == 1);
	CHECK_STR(job_text(&b), "y");
	recset_clear(&b.args);
	CHECK(add(&b, "z", NULL, 4) == 0);
	CHECK(b.args.bad == NULL);
	batch_free(&b);
}

/* -X: records fill a command up to the limit; the next one carries over. */
static void
test_pack(void)
{
	struct batch b;
	struct cmdline lim;
	struct tpl_opts o = { 0 };
	char *w[2] = { (char *)"echo", (char *)"{}" };
	struct tpl *t;
	char item[1100];
	int jobs = 0, in_job = 0, total = 0;

	o.context = 1;
	t = tpl_compile(w, 2, &o);
	/* Room for a few items of 1000 bytes, not for 20. */
	cmdline_init(&lim, 8192, 4096, 0);
	cmdline_pack_init(&lim, t);
	batch_init(&b, 0, &lim, t);
	CHECK(b.want == SIZE_MAX); /* without -n, as many as fit */
	memset(item, 'x', 1000);
	item[1000] = '\0';
	for (int i = 0; i < 20; i++) {
		if (add(&b, item, NULL, (unsigned long)i + 1)) {
			jobs++;
			CHECK(b.args.nrec >= 1);
			CHECK(b.args.nrec < 20);
			total += (int)b.args.nrec;
			recset_clear(&b.args);
			/* The carried record starts the next job. */
			CHECK(batch_ready(&b) == 0);
			CHECK_INT(b.args.nrec, 1);
		}
	}
	in_job = (int)b.args.nrec;
	CHECK(jobs >= 2);
	CHECK_INT(total + in_job, 20);
	batch_free(&b);
	tpl_free(t);
}

/* -m -n N: packing, but never more than N records in a job. */
static void
test_pack_capped(void)
{
	struct batch b;
	struct cmdline lim;
	struct tpl_opts o = { 0 };
	char *w[2] = { (char *)"echo", (char *)"{}" };
	struct tpl *t;
	char item[1100];

	t = tpl_compile(w, 2, &o);
	cmdline_init(&lim, 2097152, 4096, 0);
	cmdline_pack_init(&lim, t);
	batch_init(&b, 2, &lim, t);
	CHECK(add(&b, "a", NULL, 1) == 0);
	CHECK(add(&b, "b", NULL, 2) == 1);
	CHECK_STR(job_text(&b), "a b");
	recset_clear(&b.args);
	CHECK(!batch_ready(&b));
	CHECK(add(&b, "c", NULL, 3) == 0);
	recset_clear(&b.args);
	batch_free(&b);

	/* The limit still cuts a job short of N when the items are long. */
	cmdline_init(&lim, 8192, 4096, 0);
	cmdline_pack_init(&lim, t);
	batch_init(&b, 100, &lim, t);
	memset(item, 'x', 1000);
	item[1000] = '\0';
	for (int i = 0; i < 20 && !add(&b, item, NULL, 1); i++)
		;
	CHECK(b.args.nrec > 1);
	CHECK(b.args.nrec < 20);
	CHECK(b.have_carry);
	batch_free(&b);
	tpl_free(t);
}

/* An argument over the one-argument limit is a job by itself, marked so. */
static void
test_pack_alone(void)
{
	struct batch b;
	struct cmdline lim;
	struct tpl_opts o = { 0 };
	char *w[2] = { (char *)"echo", (char *)"{}" };
	struct tpl *t;
	char *huge = malloc(140001);

	o.context = 1;
	t = tpl_compile(w, 2, &o);
	cmdline_init(&lim, 2097152, 4096, 0); /* one argument: 128 KiB */
	cmdline_pack_init(&lim, t);
	batch_init(&b, 0, &lim, t);
	CHECK(add(&b, "small", NULL, 1) == 0);
	memset(huge, 'h', 140000);
	huge[140000] = '\0';
	CHECK(add(&b, huge, NULL, 2) == 1);
	CHECK_STR(job_text(&b), "small");
	recset_clear(&b.args);
	CHECK(batch_ready(&b) == 1);
	CHECK(b.args.alone);
	CHECK_INT(b.args.nrec, 1);
	CHECK_INT(b.args.len[0], 140000);
	recset_clear(&b.args);
	/* The next record starts afresh. */
	CHECK(add(&b, "after", NULL, 3) == 0);
	CHECK_STR(job_text(&b), "after");
	batch_free(&b);
	tpl_free(t);
	free(huge);
}

/* fields_of points into the recset, with every field's length. */
static void
test_fields(void)
{
	struct recset r;
	struct fields f;
	struct record rec;
	char *field[2] = { (char *)"one", (char *)"t\0o" };
	size_t flen[2] = { 3, 3 };

	memset(&r, 0, sizeof(r));
	memset(&f, 0, sizeof(f));
	rec.field = field;
	rec.flen = flen;
	rec.nfield = 2;
	rec.bad = NULL;
	rec.line = 7;
	recset_add(&r, &rec);
	recset_add(&r, &rec);
	CHECK_INT(r.n, 4);
	CHECK_INT(r.nrec, 2);
	fields_of(&f, &r);
	CHECK_INT(f.n, 4);
	CHECK_MEM(f.field[1], f.flen[1], "t\0o", 3);
	CHECK_STR(f.field[2], "one");
	recset_free(&r);
	fields_free(&f);
}

/*
 * batch_spread(): the records of the job being gathered when the input
 * ends, ceil(n / slots) a job, as GNU parallel spreads them; only once.
 */
static void
test_spread(void)
{
	struct batch b;
	struct cmdline lim;
	struct tpl_opts o = { 0 };
	char *w[2] = { (char *)"echo", (char *)"{}" };
	struct tpl *t = tpl_compile(w, 2, &o);
	const char *ten[] = { "1", "2", "3", "4", "5", "6", "7", "8", "9",
		"10" };

	cmdline_init(&lim, 128 * 1024, 4096, 0);
	cmdline_pack_init(&lim, t);
	batch_init(&b, 0, &lim, t);
	for (int i = 0; i < 10; i++)
		CHECK(add(&b, ten[i], NULL, (unsigned long)i + 1) == 0);
	batch_spread(&b, 4);
	CHECK(batch_ready(&b));
	CHECK_STR(job_text(&b), "1 2 3");
	recset_clear(&b.args);
	CHECK(batch_ready(&b));
	CHECK_STR(job_text(&b), "4 5 6");
	recset_clear(&b.args);
	CHECK(batch_ready(&b));
	CHECK_STR(job_text(&b), "7 8 9");
	recset_clear(&b.args);
	/* The last is short: not ready until the input is said to be over. */
	CHECK(!batch_ready(&b));
	CHECK_STR(job_text(&b), "10");
	recset_clear(&b.args);
	CHECK(!batch_ready(&b));
	CHECK_INT(b.args.nrec, 0);
	/* Only the first end of input spreads. */
	CHECK(add(&b, "a", NULL, 11) == 0);
	CHECK(add(&b, "b", NULL, 12) == 0);
	batch_spread(&b, 4);
	CHECK_STR(job_text(&b), "a b");
	batch_free(&b);

	/* One record, or one slot: nothing to spread. */
	batch_init(&b, 0, &lim, t);
	CHECK(add(&b, "x", NULL, 1) == 0);
	batch_spread(&b, 4);
	CHECK_STR(job_text(&b), "x");
	batch_free(&b);
	batch_init(&b, 0, &lim, t);
	CHECK(add(&b, "x", NULL, 1) == 0);
	CHECK(add(&b, "y", NULL, 2) == 0);
	batch_spread(&b, 1);
	CHECK_STR(job_text(&b), "x y");
	batch_free(&b);
	tpl_free(t);
}

int
main(void)
{
	test_one_each();
	test_n();
	test_bad_alone();
	test_pack();
	test_pack_capped();
	test_pack_alone();
	test_fields();
	test_spread();
	return unit_done("test_batch");
}
