/*
 * fuzz_logins.c -- the logins of -S and --sshloginfile (src/logins.h).
 *
 * The input is split at NUL bytes: the first piece is a login file's text,
 * the rest -S values.  The logins parsed are checked: each has a name, is
 * in the group of its own name (unless a + in it parts it), ':' alone is
 * this machine, and no name comes twice;
 * what is refused is said.  The file, read, is not changed; read again, it
 * gives the same answer.  And when the file has no comment and no CR, its lines
 * given as -S values give the same logins, or the same message with the file
 * named before it.
 */
#include "fuzz.h"
#include "logins.h"

#define MAXVALUES 16

/* The answer of a parse: its status, its list, its message. */
struct answer {
	int r;
	struct login_list list;
	struct buf msg;
};

static void
check_login(const struct login *l)
{
	FUZZ_CHECK(l->name != NULL && l->name[0] != '\0');
	FUZZ_CHECK(strchr(l->name, ',') == NULL);
	FUZZ_CHECK(l->slots >= 0); /* the same login's N/s add up */
	FUZZ_CHECK(l->local == (strcmp(l->name, ":") == 0));
	FUZZ_CHECK(l->dest != NULL && l->dest[0] != '\0');
	FUZZ_CHECK(strstr(l->name, l->dest) != NULL);
	FUZZ_CHECK((l->ssh == NULL) == (l->nssh == 0));
	FUZZ_CHECK(l->groups[0] == '+' && strchr(l->groups, '\0')[-1] == '+');
	FUZZ_CHECK(strchr(l->name, '+') != NULL ||
	    logins_in_groups(l->groups, l->name, strlen(l->name)));
	FUZZ_CHECK(!logins_in_groups(l->groups, "+", 1));
	FUZZ_CHECK(!logins_in_groups(l->groups, "", 0));
}

static void
check_answer(const struct answer *a)
{
	if (a->r != 0) {
		FUZZ_CHECK(a->r == -1 || a->r == LOGINS_NO_FILE);
		FUZZ_CHECK(a->msg.len > 0 && a->list.n == 0);
		return;
	}
	FUZZ_CHECK(a->list.n > 0);
	for (size_t i = 0; i < a->list.n; i++) {
		check_login(&a->list.v[i]);
		for (size_t k = 0; k < i; k++)
			FUZZ_CHECK(
			    strcmp(a->list.v[i].name, a->list.v[k].name) != 0);
	}
}

static void
same_logins(const struct login_list *a, const struct login_list *b)
{
	FUZZ_CHECK(a->n == b->n);
	for (size_t i = 0; i < a->n; i++) {
		const struct login *x = &a->v[i], *y = &b->v[i];

		FUZZ_CHECK(strcmp(x->name, y->name) == 0);
		FUZZ_CHECK(strcmp(x->groups, y->groups) == 0);
		FUZZ_CHECK(strcmp(x->dest, y->dest) == 0);
		FUZZ_CHECK(x->slots == y->slots && x->local == y->local);
		FUZZ_CHECK(x->nssh == y->nssh);
		for (size_t k = 0; k < x->nssh; k++)
			FUZZ_CHECK(strcmp(x->ssh[k], y->ssh[k]) == 0);
	}
}

static void
answer_free(struct answer *a)
{
	logins_list_free(&a->list);
	buf_free(&a->msg);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	char *text, *values[MAXVALUES * 2], path[64];
	const char *files[] = { path };
	size_t n = 0, textlen;
	struct logins *l = NULL;
	struct answer a = { 0, { NULL, 0 }, BUF_INIT },
	              again = { 0, { NULL, 0 }, BUF_INIT };
	int fd;

	if ((text = fuzz_piece(&in, 0, &textlen)) == NULL)
		return 0;
	while (n < MAXVALUES && (values[n] = fuzz_piece(&in, 0, NULL)) != NULL)
		n++;
	fd = fuzz_file(text, textlen, path, sizeof(path));
	FUZZ_CHECK(
	    logins_open(&l, values, n, (char *const *)files, 1, &a.msg) == 0);
	FUZZ_CHECK(logins_watched(l));
	a.r = logins_parse(l, &a.list, &a.msg);
	check_answer(&a);
	/* Read whole (a -S value refused stops before the file). */
	FUZZ_CHECK(a.r != 0 || !logins_changed(l));
	again.r = logins_reread(l, &again.list, &again.msg);
	FUZZ_CHECK((again.r == 0) == (a.r == 0));
	if (a.r == 0)
		same_logins(&a.list, &again.list);
	logins_free(l);
	answer_free(&again);

	/* The file's lines as -S values, after the values given. */
	if (strpbrk(text, "#\r") == NULL) {
		struct answer b = { 0, { NULL, 0 }, BUF_INIT };
		size_t nv = n;
		char *save = NULL;

		for (char *p = strtok_r(text, "\n", &save);
		     p != NULL && nv < MAXVALUES * 2;
		     p = strtok_r(NULL, "\n", &save)) {
			p += strspn(p, " \t");
			if (*p != '\0')
				values[nv++] = p;
		}
		if (nv < MAXVALUES * 2) {
			FUZZ_CHECK(
			    logins_open(&l, values, nv, NULL, 0, &b.msg) == 0);
			b.r = logins_parse(l, &b.list, &b.msg);
			FUZZ_CHECK((b.r == 0) == (a.r == 0));
			if (b.r == 0)
				same_logins(&a.list, &b.list);
			else if (a.r == LOGINS_NO_FILE) {
				/* "--sshloginfile 'PATH': " and b's. */
				FUZZ_CHECK(a.msg.len > b.msg.len &&
				    strcmp(a.msg.data + a.msg.len - b.msg.len,
				        b.msg.data) == 0);
			} else
				FUZZ_CHECK(strcmp(a.msg.data, b.msg.data) == 0);
			logins_free(l);
			answer_free(&b);
		}
	}
	answer_free(&a);
	close(fd);
	for (size_t i = 0; i < n; i++)
		free(values[i]);
	free(text);
	return 0;
}
