/*
 * logins.h -- the logins of -S and --sshloginfile, as GNU parallel reads
 * them.
 *
 * Owns a login's syntax, [@GROUP[+GROUP...]/][N/]LOGIN where LOGIN is a
 * host, ':' (this machine) or 'SSH-COMMAND ... HOST', several in one value
 * or line with a comma between them; @GROUP alone, after which only the
 * logins in that group are kept (-S @GROUP); the same login twice, which
 * is one, its slots added up; and the groups a login is in (those it was
 * given, and its own names).  And the login files: where each is by GNU
 * parallel's rules ('..', '.', a name looked for in ~/.parallel), their
 * lines ('#' starts a comment), '-' read once from standard input and kept
 * with the -S values, and each file's state as read, to tell when it
 * changed and read it again.  The answer is a list of logins in the order
 * given.  Knows nothing of ssh processes, connections, slots or the pool.
 */
#ifndef XPOOL_LOGINS_H
#define XPOOL_LOGINS_H

#include <stddef.h>

#include "buf.h"

/* The answer when a login file cannot be read, or a line of one is wrong. */
#define LOGINS_NO_FILE (-2)

struct login {
	char *name; /* as given, without @GROUPS/ and N/: its name */
	char *groups; /* "+GROUPS+[N/]NAME+NAME+": the groups it is in */
	char *text; /* ssh and dest point in here */
	char **ssh; /* its own ssh command's words, or NULL: --ssh's */
	size_t nssh;
	char *dest; /* the host as ssh takes it */
	long slots; /* N/, or 0 */
	int local; /* ':' */
};

struct login_list {
	struct login *v;
	size_t n;
};

struct logins;

int logins_open(struct logins **, char *const *, size_t, char *const *, size_t,
    struct buf *);
int logins_parse(struct logins *, struct login_list *, struct buf *);
int logins_watched(const struct logins *);
int logins_changed(const struct logins *);
int logins_reread(struct logins *, struct login_list *, struct buf *);
char *logins_path(const char *);
char **logins_words(const char *, char **, size_t *);
int logins_in_groups(const char *, const char *, size_t);
void login_free(struct login *);
void logins_list_free(struct login_list *);
void logins_free(struct logins *);

#endif
