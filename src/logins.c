/*
 * logins.c -- the logins of -S and --sshloginfile, parsed into a list.
 *
 * The sources (the -S values, the lines of '-', the login files) are kept
 * from logins_open() on, so that the files can be read again: a re-read
 * gives a new list, made as the first one was.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "logins.h"
#include "xmalloc.h"

/* A login file (--sshloginfile), read again when it changes. */
struct lfile {
	char *path; /* where it is ('..' and '.' decoded) */
	struct stat st; /* the file as it was read */
};

struct logins {
	char **fixed; /* the -S values, and the lines of '-' */
	size_t nfixed;
	struct lfile *lf; /* the login files */
	size_t nlf;
	char *allowed; /* -S @GROUP at the first parse: "+GROUP+...", or NULL */
};

/* A list being made, and the groups of @GROUP alone: "+GROUP+...". */
struct making {
	struct login_list *list;
	char *allowed;
};

/* ---- the logins ----------------------------------------------------------
 */

/*
 * The words of s, blank-separated: they point into *text, a copy of s the
 * caller frees (with the array).
 */
char **
logins_words(const char *s, char **text, size_t *n)
{
	static const char blanks[] = " \t\n";
	char *copy = xstrdup(s), *p, *save = NULL, **w = NULL;

	*text = copy;
	*n = 0;
	for (p = strtok_r(copy, blanks, &save); p != NULL;
	     p = strtok_r(NULL, blanks, &save)) {
		w = xreallocarray(w, *n + 1, sizeof(*w));
		w[(*n)++] = p;
	}
	return w;
}

/*
 * The @GROUP[+GROUP...]/ before a login (*p at its @), as GNU parallel
 * reads it: *p moves past it and *groups is "GROUP+GROUP" (0); or there is
 * no login after it, and its groups are those the logins must be in (1);
 * or -1 with the reason in msg.
 */
static int
login_groups(struct making *m, char **p, char **groups, struct buf *msg)
{
	char *g = *p + 1, *slash = strchr(g, '/');
	size_t n = slash != NULL ? (size_t)(slash - g) : strlen(g);

	if (n == 0 || g[0] == '+' || g[n - 1] == '+' ||
	    memmem(g, n, "++", 2) != NULL) {
		buf_adds(msg,
		    "a group after @ has no name; give "
		    "@GROUP[+GROUP...]/[N/]HOST, or @GROUP alone for the "
		    "hosts of that group");
		return -1;
	}
	if (slash == NULL || slash[1] == '\0') {
		size_t had;

		if (m->allowed == NULL)
			m->allowed = xstrdup("+");
		had = strlen(m->allowed);
		m->allowed = xrealloc(m->allowed, had + n + 2);
		snprintf(m->allowed + had, n + 2, "%.*s+", (int)n, g);
		return 1;
	}
	*groups = xstrndup(g, n);
	*p = slash + 1;
	return 0;
}

/* "+GROUPS+[N/]HOST+HOST+": a login is in the groups of its names too. */
static char *
group_set(const char *groups, const char *num, const char *login)
{
	struct buf b = BUF_INIT;

	if (groups != NULL)
		buf_printf(&b, "+%s", groups);
	buf_printf(&b, "+%s+%s+", num, login);
	return b.data;
}

/* Is the set ("+A+B+") one with the group g (len bytes)? */
static int
set_has(const char *set, const char *g, size_t len)
{
	for (const char *at = set; at != NULL && (at = strchr(at, '+'));) {
		at++;
		if (strncmp(at, g, len) == 0 && at[len] == '+')
			return 1;
	}
	return 0;
}

/* Is the set ("+A+B+") one with one of the groups "C+D" (len bytes)? */
int
logins_in_groups(const char *set, const char *g, size_t len)
{
	for (size_t at = 0, n; at < len; at += n + 1) {
		const char *e = memchr(g + at, '+', len - at);

		n = e != NULL ? (size_t)(e - (g + at)) : len - at;
		if (n > 0 && set_has(set, g + at, n))
			return 1;
	}
	return 0;
}

/* Does the login (USER:PASSWORD@HOST) hold a password? */
static int
has_password(const char *login)
{
	const char *at = strchr(login, '@'), *colon = strchr(login, ':');

	return at != NULL && colon != NULL && colon < at;
}

/*
 * One login: [@GROUPS/][N/]HOST, [N/]: or [N/]'SSH-COMMAND ... HOST', or
 * @GROUPS alone.  Returns 0, or -1 with the reason in msg.
 */
static int
add_login(struct making *m, const char *s, size_t len, struct buf *msg)
{
	char *t = xstrndup(s, len), *p = t, *end, *num, *groups = NULL, *text;
	const char *why = NULL;
	struct login_list *list = m->list;
	struct login *l;
	char **w;
	size_t nw;
	long slots = 0;

	while (*p == ' ' || *p == '\t')
		p++;
	for (end = p + strlen(p);
	     end > p && (end[-1] == ' ' || end[-1] == '\t');)
		*--end = '\0';
	if (*p == '@') {
		switch (login_groups(m, &p, &groups, msg)) {
		case -1:
			buf_printf(msg, " ('%s')", t);
			free(t);
			return -1;
		case 1:
			free(t);
			return 0;
		}
	}
	num = p;
	if (*p >= '0' && *p <= '9') {
		char *q = p;

		while (*q >= '0' && *q <= '9')
			q++;
		if (*q == '/') {
			errno = 0;
			slots = strtol(p, NULL, 10);
			if (slots < 1 || errno != 0 || slots > 100000) {
				buf_printf(msg,
				    "'%s': the slots before / must be a number "
				    "from 1 to 100000",
				    t);
				free(groups);
				free(t);
				return -1;
			}
			p = q + 1;
		}
	}
	w = logins_words(p, &text, &nw);
	if (nw == 0)
		why =
		    "'%s' names no host; give [N/]HOST, or : for this machine";
	else if (*p == '@')
		why = "'%s': the groups come first, once: give "
		      "@GROUP[+GROUP...]/[N/]HOST";
	else if (strcmp(p, ":") != 0 && has_password(w[nw - 1]))
		why = "'%s': a password in the login is not supported; log in "
		      "with a key (ssh-agent)";
	if (why != NULL) {
		buf_printf(msg, why, t);
		free(w);
		free(text);
		free(groups);
		free(t);
		return -1;
	}
	list->v = xreallocarray(list->v, list->n + 1, sizeof(*list->v));
	l = &list->v[list->n++];
	memset(l, 0, sizeof(*l));
	l->slots = slots;
	l->name = xstrdup(p);
	l->groups = group_set(groups, num, p);
	free(groups);
	l->local = strcmp(p, ":") == 0;
	l->text = text;
	l->dest = w[nw - 1];
	if (nw > 1) {
		l->ssh = w;
		l->nssh = nw - 1;
	} else
		free(w);
	free(t);
	return 0;
}

/* The logins of one -S value or login file line: a comma or a newline
 * between them, as GNU parallel splits them (-S "$(cat hosts)"). */
static int
add_logins(void *ctx, const char *s, struct buf *msg)
{
	size_t n;

	for (;; s += n + 1) {
		n = strcspn(s, ",\n");
		if (add_login(ctx, s, n, msg) != 0)
			return -1;
		if (s[n] == '\0')
			return 0;
	}
}

void
login_free(struct login *l)
{
	free(l->name);
	free(l->groups);
	free(l->text);
	free(l->ssh);
	memset(l, 0, sizeof(*l));
}

/* Login k is no more: what it holds freed, the later ones moved up. */
static void
drop_login(struct login_list *list, size_t k)
{
	login_free(&list->v[k]);
	memmove(
	    &list->v[k], &list->v[k + 1], (list->n - k - 1) * sizeof(*list->v));
	list->n--;
}

/* The same login twice would be the same host: its slots add up. */
static void
merge_same(struct login_list *list)
{
	for (size_t i = 0; i < list->n; i++)
		for (size_t k = i + 1; k < list->n; k++) {
			struct login *a = &list->v[i], *b = &list->v[k];

			if (strcmp(a->name, b->name) != 0)
				continue;
			if (a->slots > 0 || b->slots > 0)
				a->slots = (a->slots > 0 ? a->slots : 1) +
				    (b->slots > 0 ? b->slots : 1);
			a->groups = xrealloc(a->groups,
			    strlen(a->groups) + strlen(b->groups) + 1);
			strcat(a->groups, b->groups + 1);
			drop_login(list, k);
			k--;
		}
}

/* -S @GROUP: only the logins in one of the groups; -1 when none is. */
static int
keep_allowed(struct login_list *list, const char *allowed, struct buf *msg)
{
	for (size_t i = 0; i < list->n; i++)
		if (!logins_in_groups(
		        list->v[i].groups, allowed + 1, strlen(allowed + 1)))
			drop_login(list, i--);
	if (list->n > 0)
		return 0;
	buf_adds(msg, "no host is in");
	for (const char *g = allowed + 1, *e; *g != '\0'; g = e + 1) {
		e = strchr(g, '+');
		buf_printf(msg, "%s @%.*s", g > allowed + 1 ? " or" : "",
		    (int)(e - g), g);
	}
	buf_adds(msg, "; give its hosts as @GROUP/HOST");
	return -1;
}

void
logins_list_free(struct login_list *list)
{
	for (size_t i = 0; i < list->n; i++)
		login_free(&list->v[i]);
	free(list->v);
	list->v = NULL;
	list->n = 0;
}

/* ---- the login files ----------------------------------------------------
 */

/*
 * Where a login file is, by GNU parallel's rule: '..' is
 * ~/.parallel/sshloginfile, '.' /etc/parallel/sshloginfile, and a name
 * without a / that is not here is looked for in ~/.parallel.
 */
char *
logins_path(const char *name)
{
	const char *home = getenv("HOME");
	struct buf b = BUF_INIT;

	if (strcmp(name, "..") == 0) {
		buf_printf(
		    &b, "%s/.parallel/sshloginfile", home != NULL ? home : "");
		return b.data;
	}
	if (strcmp(name, ".") == 0)
		return xstrdup("/etc/parallel/sshloginfile");
	if (access(name, F_OK) != 0 && strchr(name, '/') == NULL &&
	    home != NULL) {
		buf_printf(&b, "%s/.parallel/%s", home, name);
		if (access(b.data, F_OK) == 0)
			return b.data;
		buf_free(&b);
	}
	return xstrdup(name);
}

/*
 * Each line of a login file (NULL: stdin) to add(), '#' starting a
 * comment; st its state as read.  Returns 0, or what add() returned, or
 * LOGINS_NO_FILE when it cannot be read (the reason in msg).
 */
static int
read_lines(const char *path, struct stat *st,
    int (*add)(void *, const char *, struct buf *), void *ctx, struct buf *msg)
{
	FILE *f = path != NULL ? fopen(path, "r") : stdin;
	char *line = NULL;
	size_t cap = 0;
	int r = 0;

	if (f == NULL || (st != NULL && fstat(fileno(f), st) != 0)) {
		buf_printf(msg,
		    "--sshloginfile: cannot read '%s': %s; give a file of "
		    "[N/]HOST lines",
		    path, strerror(errno));
		if (f != NULL)
			fclose(f);
		return LOGINS_NO_FILE;
	}
	while (r == 0 && getline(&line, &cap, f) >= 0) {
		char *p = line;

		line[strcspn(line, "#\r\n")] = '\0';
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p != '\0')
			r = add(ctx, p, msg);
	}
	if (r == 0 && ferror(f)) {
		buf_printf(msg, "--sshloginfile: cannot read '%s': %s",
		    path != NULL ? path : "-", strerror(errno));
		r = LOGINS_NO_FILE;
	}
	free(line);
	if (f != stdin)
		fclose(f);
	return r;
}

/* A -S value, or a line of the login file '-': kept as it is. */
static int
add_fixed(void *ctx, const char *line, struct buf *msg)
{
	struct logins *l = ctx;

	(void)msg;
	l->fixed = xreallocarray(l->fixed, l->nfixed + 1, sizeof(char *));
	l->fixed[l->nfixed++] = xstrdup(line);
	return 0;
}

/*
 * The sources: the -S values, and the login files by name ('-' is read
 * here, once).  Returns 0 with *lp set, or LOGINS_NO_FILE with the reason
 * in msg (*lp set too, for logins_free()).
 */
int
logins_open(struct logins **lp, char *const *values, size_t nvalues,
    char *const *files, size_t nfiles, struct buf *msg)
{
	struct logins *l = xcalloc(1, sizeof(*l));
	int r;

	*lp = l;
	for (size_t i = 0; i < nvalues; i++)
		add_fixed(l, values[i], msg);
	for (size_t i = 0; i < nfiles; i++) {
		if (strcmp(files[i], "-") == 0) {
			if ((r = read_lines(NULL, NULL, add_fixed, l, msg)) !=
			    0)
				return r;
			continue;
		}
		l->lf = xreallocarray(l->lf, l->nlf + 1, sizeof(*l->lf));
		l->lf[l->nlf++].path = logins_path(files[i]);
	}
	return 0;
}

/*
 * The logins of the -S values and of the login files, added to m.  Returns
 * 0, or -1 (or LOGINS_NO_FILE) with the reason in msg.
 */
static int
add_sources(struct logins *l, struct making *m, struct buf *msg)
{
	int r;

	for (size_t i = 0; i < l->nfixed; i++)
		if (add_logins(m, l->fixed[i], msg) != 0)
			return -1;
	for (size_t i = 0; i < l->nlf; i++) {
		struct lfile *f = &l->lf[i];

		if ((r = read_lines(f->path, &f->st, add_logins, m, msg)) ==
		    -1) {
			struct buf b = BUF_INIT;

			buf_printf(
			    &b, "--sshloginfile '%s': %s", f->path, msg->data);
			buf_reset(msg);
			buf_adds(msg, b.data);
			buf_free(&b);
			r = LOGINS_NO_FILE;
		}
		if (r != 0)
			return r;
	}
	return 0;
}

/*
 * The logins, in the order given, the same one merged, only those in the
 * groups of -S @GROUP; again: the login files read again, and the groups
 * of the first time when no @GROUP alone is given now.  Returns 0, or -1
 * (LOGINS_NO_FILE when the reason names a login file) with the reason in
 * msg and the list empty.
 */
static int
make_list(struct logins *l, struct login_list *list, int again, struct buf *msg)
{
	struct making m = { list, NULL };
	int r;

	memset(list, 0, sizeof(*list));
	r = add_sources(l, &m, msg);
	if (!again) {
		free(l->allowed);
		l->allowed = m.allowed != NULL ? xstrdup(m.allowed) : NULL;
	} else if (m.allowed == NULL && l->allowed != NULL)
		m.allowed = xstrdup(l->allowed);
	if (r == 0 && list->n == 0) {
		buf_adds(msg,
		    again ? "--sshloginfile: the files name no host"
		          : "no host to run jobs on; give [N/]HOST, "
		            "or : for this machine");
		r = -1;
	}
	if (r == 0) {
		merge_same(list);
		if (m.allowed != NULL && keep_allowed(list, m.allowed, msg)) {
			if (again) {
				buf_reset(msg);
				buf_adds(msg,
				    "--sshloginfile: no host is in the "
				    "groups of -S @GROUP");
			}
			r = -1;
		}
	}
	free(m.allowed);
	if (r != 0)
		logins_list_free(list);
	return r;
}

/*
 * The logins of the -S values and of the login files (see make_list()).
 * Returns 0, or -1 (LOGINS_NO_FILE when the reason names a login file)
 * with the reason in msg and the list empty.
 */
int
logins_parse(struct logins *l, struct login_list *list, struct buf *msg)
{
	return make_list(l, list, 0, msg);
}

/* Is there a login file to read again when it changes? */
int
logins_watched(const struct logins *l)
{
	return l != NULL && l->nlf > 0;
}

/* Has a login file changed since it was read? */
int
logins_changed(const struct logins *l)
{
	struct stat st;

	for (size_t i = 0; i < l->nlf; i++) {
		const struct stat *was = &l->lf[i].st;

		if (stat(l->lf[i].path, &st) != 0)
			continue; /* being replaced: looked at again later */
		if (st.st_mtim.tv_sec != was->st_mtim.tv_sec ||
		    st.st_mtim.tv_nsec != was->st_mtim.tv_nsec ||
		    st.st_size != was->st_size || st.st_ino != was->st_ino ||
		    st.st_dev != was->st_dev)
			return 1;
	}
	return 0;
}

/*
 * The logins again, the login files as they are now (after
 * logins_parse()); as logins_parse() answers, the messages saying that
 * the files are to blame.
 */
int
logins_reread(struct logins *l, struct login_list *list, struct buf *msg)
{
	return make_list(l, list, 1, msg);
}

void
logins_free(struct logins *l)
{
	if (l == NULL)
		return;
	for (size_t i = 0; i < l->nfixed; i++)
		free(l->fixed[i]);
	free(l->fixed);
	for (size_t i = 0; i < l->nlf; i++)
		free(l->lf[i].path);
	free(l->lf);
	free(l->allowed);
	free(l);
}
