/*
 * csv.c -- CSV records split into fields (--csv).
 */
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "xmalloc.h"

/* Add a field's place to f. */
void
csv_fields_add(struct csv_fields *f, size_t off, size_t len)
{
	if (f->n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 16;
		f->off = xreallocarray(f->off, f->cap, sizeof(size_t));
		f->len = xreallocarray(f->len, f->cap, sizeof(size_t));
	}
	f->off[f->n] = off;
	f->len[f->n++] = len;
}

/*
 * Split s[0, len) at sep into fields, unquoted, each appended to out with
 * a NUL after it; their places are added to f.  Returns 0, or -1 for a
 * malformed record (the fields so far are kept).
 */
int
csv_split(
    const char *s, size_t len, char sep, struct buf *out, struct csv_fields *f)
{
	size_t i = 0;

	for (;;) {
		size_t start = out->len;

		if (i < len && s[i] == '"') {
			for (i++;; i++) {
				if (i >= len)
					return -1; /* the quote never closes */
				if (s[i] == '"' && i + 1 < len &&
				    s[i + 1] == '"')
					i++;
				else if (s[i] == '"')
					break;
				buf_addc(out, s[i]);
			}
			i++;
			if (i < len && s[i] != sep)
				return -1; /* text after the closing quote */
		} else {
			size_t e = i;

			while (e < len && s[e] != sep) {
				if (s[e] == '"')
					return -1; /* a quote inside */
				e++;
			}
			buf_add(out, s + i, e - i);
			i = e;
		}
		csv_fields_add(f, start, out->len - start);
		buf_addc(out, '\0');
		if (i >= len)
			return 0;
		i++; /* the separator */
	}
}

/*
 * Whether a record that has s[0, len) so far is inside a quoted field at
 * its end (odd says so of what came before), as GNU parallel decides where
 * a CSV record read line by line ends: by the parity of the quotes.
 */
int
csv_open_quote(const char *s, size_t len, int odd)
{
	for (const char *p = s; (p = memchr(p, '"', len - (size_t)(p - s)));
	     p++)
		odd = !odd;
	return odd;
}

void
csv_fields_free(struct csv_fields *f)
{
	free(f->off);
	free(f->len);
	memset(f, 0, sizeof(*f));
}
