/*
 * buf.h -- a growable byte buffer.
 *
 * Owns its bytes.  Used by input (records), template (command strings) and
 * output (held job output).  The bytes are always followed by a NUL that is
 * not counted in len, so a buffer can be handed to C string functions.
 */
#ifndef XPOOL_BUF_H
#define XPOOL_BUF_H

#include <stddef.h>

struct buf {
	char *data;
	size_t len;
	size_t cap;
};

#define BUF_INIT                                                               \
	{                                                                      \
		NULL, 0, 0                                                     \
	}

void buf_reserve(struct buf *, size_t);
void buf_add(struct buf *, const void *, size_t);
void buf_addc(struct buf *, char);
void buf_adds(struct buf *, const char *);
/*
 * The format is never NULL: saying so keeps gcc from warning about a NULL
 * format on the path where -fsanitize=undefined reports one and goes on.
 */
void buf_printf(struct buf *, const char *, ...)
    __attribute__((format(printf, 2, 3), nonnull(2)));
void buf_reset(struct buf *);
void buf_free(struct buf *);
char *buf_detach(struct buf *);
int buf_read_file(struct buf *, const char *);

#endif
