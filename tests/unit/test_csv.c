/*
 * test_csv.c -- CSV records split into fields (src/csv.h): separators,
 * quoted fields with separators, newlines and "" inside, empty fields, and
 * the malformed records GNU parallel's Text::CSV refuses.
 */
#include <string.h>

#include "csv.h"
#include "unit.h"

/* The fields of s split at sep, joined with '|'; "ERR" when malformed. */
static const char *
split(const char *s, char sep)
{
	static char out[256];
	struct buf b = BUF_INIT;
	struct csv_fields f = { 0 };
	size_t at = 0;
	int r = csv_split(s, strlen(s), sep, &b, &f);

	out[0] = '\0';
	for (size_t i = 0; r == 0 && i < f.n; i++) {
		CHECK_INT(b.data[f.off[i] + f.len[i]], '\0');
		at += (size_t)snprintf(out + at, sizeof(out) - at, "%s%.*s",
		    i ? "|" : "", (int)f.len[i], b.data + f.off[i]);
	}
	if (r != 0)
		snprintf(out, sizeof(out), "ERR");
	buf_free(&b);
	csv_fields_free(&f);
	return out;
}

static void
test_split(void)
{
	CHECK_STR(split("a,b,c", ','), "a|b|c");
	CHECK_STR(split("", ','), "");
	CHECK_STR(split(",", ','), "|");
	CHECK_STR(split("a,,c,", ','), "a||c|");
	CHECK_STR(split("\"1 big, 2 small\",\"2\"\"x4\"\" plank\",12.34", ','),
	    "1 big, 2 small|2\"x4\" plank|12.34");
	CHECK_STR(split("\"a\nb\";c", ';'), "a\nb|c");
	CHECK_STR(split("\"\",x", ','), "|x");
	CHECK_STR(split("\"\"\"\"", ','), "\"");
	CHECK_STR(split("a\tb", '\t'), "a|b");
	CHECK_STR(split(" a , b ", ','), " a | b ");
}

static void
test_malformed(void)
{
	CHECK_STR(split("a\"b,c", ','), "ERR");
	CHECK_STR(split("\"a\"b,c", ','), "ERR");
	CHECK_STR(split("\"abc", ','), "ERR");
	CHECK_STR(split("a, \"b\"", ','), "ERR");
}

static void
test_open_quote(void)
{
	CHECK_INT(csv_open_quote("a,\"b", 4, 0), 1);
	CHECK_INT(csv_open_quote("c\"", 2, 1), 0);
	CHECK_INT(csv_open_quote("\"\"", 2, 0), 0);
	CHECK_INT(csv_open_quote("", 0, 1), 1);
}

int
main(void)
{
	test_split();
	test_malformed();
	test_open_quote();
	return unit_done("test_csv");
}
