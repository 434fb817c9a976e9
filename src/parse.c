/*
 * parse.c -- pure parsers for option values.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parse.h"
#include "xmalloc.h"

/*
 * Parse a whole decimal integer in [min, max]; reject the empty string,
 * white space before or after it, trailing junk, and overflow (strtonum(3)
 * as OpenBSD has it, without the blanks that strtol(3) skips).
 */
int
parse_long(const char *s, long min, long max, long *out, const char **why)
{
	char *end;
	long v;

	if (*s == '\0' || isspace((unsigned char)*s)) {
		*why = "not a number";
		return -1;
	}
	errno = 0;
	v = strtol(s, &end, 10);
	if (*end != '\0') {
		*why = "not a number";
		return -1;
	}
	if (errno == ERANGE || v < min) {
		*why = v < 0 || errno == ERANGE ? "out of range" : "too small";
		if (v < min && min == 1)
			*why = "must be at least 1";
		if (v < min && min == 0)
			*why = "must not be negative";
		return -1;
	}
	if (v > max) {
		*why = "too large";
		return -1;
	}
	*out = v;
	return 0;
}

/*
 * Parse a -j value: N, +N, -N, N% or 0, against ncpu usable CPUs.  0 means
 * "as many as possible" and yields max.  The result is at least 1.
 */
int
parse_jobs(const char *s, long ncpu, long max, long *out, const char **why)
{
	size_t len = strlen(s);
	long v;

	if (len > 1 && s[len - 1] == '%') {
		char num[32];

		if (len - 1 >= sizeof(num)) {
			*why = "not a number";
			return -1;
		}
		memcpy(num, s, len - 1);
		num[len - 1] = '\0';
		if (parse_long(num, 0, 100000, &v, why) != 0)
			return -1;
		v = ncpu * v / 100;
	} else if (s[0] == '+' || s[0] == '-') {
		if (parse_long(s + 1, 0, 100000, &v, why) != 0)
			return -1;
		v = s[0] == '+' ? ncpu + v : ncpu - v;
	} else {
		if (parse_long(s, 0, LONG_MAX, &v, why) != 0)
			return -1;
		if (v == 0)
			v = max;
	}
	if (v < 1)
		v = 1;
	if (v > max)
		v = max;
	*out = v;
	return 0;
}

/*
 * Parse a one-byte delimiter: a plain character, or one of the escapes
 * \n \t \r \0 \\ \a \b \f \v, \NNN (octal) and \xHH (hexadecimal).
 */
int
parse_delim(const char *s, char *out, const char **why)
{
	unsigned long v;
	char *end;

	if (s[0] == '\0') {
		*why = "empty; give one character or an escape such as \\n";
		return -1;
	}
	if (s[0] != '\\') {
		if (s[1] != '\0') {
			*why = "must be a single character or an escape such "
			       "as \\n, \\t, \\0 or \\x1f";
			return -1;
		}
		*out = s[0];
		return 0;
	}
	if (s[1] != '\0' && s[2] == '\0') {
		static const char from[] = "ntr0\\abfv";
		static const char to[] = "\n\t\r\0\\\a\b\f\v";
		const char *p = strchr(from, s[1]);

		if (p != NULL) {
			*out = to[p - from];
			return 0;
		}
	}
	if (s[1] == 'x' && s[2] != '\0') {
		v = strtoul(s + 2, &end, 16);
		if (*end == '\0' && v <= 0xff && end - (s + 2) <= 2) {
			*out = (char)v;
			return 0;
		}
	} else if (s[1] >= '0' && s[1] <= '7') {
		v = strtoul(s + 1, &end, 8);
		if (*end == '\0' && v <= 0xff && end - (s + 1) <= 3) {
			*out = (char)v;
			return 0;
		}
	}
	*why = "unknown escape; use \\n, \\t, \\r, \\0, \\\\, \\NNN or \\xHH";
	return -1;
}

/* Parse a --trim value: n, l, r, lr or rl. */
int
parse_trim(const char *s, int *out, const char **why)
{
	if (strcmp(s, "n") == 0)
		*out = 0;
	else if (strcmp(s, "l") == 0)
		*out = TRIM_LEFT;
	else if (strcmp(s, "r") == 0)
		*out = TRIM_RIGHT;
	else if (strcmp(s, "lr") == 0 || strcmp(s, "rl") == 0)
		*out = TRIM_LEFT | TRIM_RIGHT;
	else {
		*why = "use n, l, r or lr";
		return -1;
	}
	return 0;
}

/*
 * Parse a size: bytes, or a number with K M G T (powers of 1024) or
 * k m g t (powers of 1000), as GNU parallel reads them; "b" is bytes.
 */
int
parse_size(const char *s, size_t *out, const char **why)
{
	static const char units[] = "kKmMgGtT";
	unsigned long long v, mul = 1;
	const char *u;
	char *end;

	if (*s < '0' || *s > '9') {
		*why = "not a size";
		return -1;
	}
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno == ERANGE) {
		*why = "too large";
		return -1;
	}
	if (*end != '\0') {
		if (end[1] != '\0' ||
		    (*end != 'b' && (u = strchr(units, *end)) == NULL)) {
			*why =
			    "not a size (use a number of bytes, or K, M, G, T)";
			return -1;
		}
		if (*end != 'b') {
			int pow = (int)((u - units) / 2) + 1;
			unsigned long long base = (u - units) % 2 ? 1024 : 1000;

			while (pow-- > 0)
				mul *= base;
		}
	}
	if (mul != 0 && v > (unsigned long long)SIZE_MAX / mul) {
		*why = "too large";
		return -1;
	}
	*out = (size_t)(v * mul);
	return 0;
}

/*
 * Write a size as parse_size() reads it back: with the largest of K, M, G
 * and T (powers of 1024) that divides it, else in bytes.
 */
void
size_text(size_t n, char *out, size_t len)
{
	static const char units[] = "KMGT";
	int u = -1;

	while (u < 3 && n > 0 && n % 1024 == 0) {
		n /= 1024;
		u++;
	}
	if (u < 0)
		snprintf(out, len, "%zu", n);
	else
		snprintf(out, len, "%zu%c", n, units[u]);
}

/*
 * Parse a duration: seconds, or numbers with units ms, s, m, h, d, one
 * after another ("1h30m", "1.5s", "500ms").  Never negative.
 */
int
parse_duration(const char *s, double *out, const char **why)
{
	double total = 0;

	if (*s == '\0') {
		*why = "empty; give a duration such as 30s, 2m or 500ms";
		return -1;
	}
	while (*s != '\0') {
		double v, mul;
		char *end;

		if ((*s < '0' || *s > '9') && *s != '.') {
			*why = "not a duration (use a number with ms, s, m, "
			       "h or d, such as 30s or 1m30s)";
			return -1;
		}
		errno = 0;
		v = strtod(s, &end);
		if (end == s || errno == ERANGE) {
			*why = "not a duration (use a number with ms, s, m, "
			       "h or d, such as 30s or 1m30s)";
			return -1;
		}
		s = end;
		if (strncmp(s, "ms", 2) == 0) {
			mul = 0.001;
			s += 2;
		} else if (*s == 's' || *s == '\0') {
			mul = 1;
			s += *s == 's';
		} else if (*s == 'm') {
			mul = 60;
			s++;
		} else if (*s == 'h') {
			mul = 3600;
			s++;
		} else if (*s == 'd') {
			mul = 86400;
			s++;
		} else {
			*why = "unknown unit (use ms, s, m, h or d)";
			return -1;
		}
		total += v * mul;
	}
	if (total > 1e9) {
		*why = "too long";
		return -1;
	}
	*out = total;
	return 0;
}

/*
 * Parse a --timeout value: a duration (into *secs, *pct = 0), or P% of
 * the median runtime (into *pct, *secs = 0).  Zero is refused.
 */
int
parse_timeout(const char *s, double *secs, double *pct, const char **why)
{
	size_t len = strlen(s);
	double v;

	*secs = *pct = 0;
	if (len > 1 && s[len - 1] == '%') {
		char *end;

		errno = 0;
		v = strtod(s, &end);
		if (end != s + len - 1 || errno == ERANGE || !(v > 0) ||
		    v > 1e6) {
			*why = "not a percentage (such as 200%)";
			return -1;
		}
		*pct = v;
		return 0;
	}
	if (parse_duration(s, &v, why) != 0)
		return -1;
	if (!(v > 0)) {
		*why = "must be more than 0";
		return -1;
	}
	*secs = v;
	return 0;
}

/*
 * Parse a --load value: a number of running processes (2, 1.5), or N% of
 * the ncpu usable CPUs (100% is one per CPU).  0 is taken as 0.01, as GNU
 * parallel does: start only while nothing else runs.
 */
int
parse_load(const char *s, long ncpu, double *out, const char **why)
{
	size_t len = strlen(s), n, digits = 0, dots = 0;
	int pct = len > 0 && s[len - 1] == '%';
	double v;

	n = pct ? len - 1 : len;
	for (size_t i = 0; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else if (s[i] == '.')
			dots++;
		else {
			digits = 0;
			break;
		}
	}
	if (digits == 0 || dots > 1) {
		*why = "not a load (use a number of processes such as 2 or "
		       "1.5, or a percentage of the CPUs such as 100%)";
		return -1;
	}
	v = strtod(s, NULL);
	if (pct)
		v = v * (double)(ncpu < 1 ? 1 : ncpu) / 100;
	if (v > 1e6) {
		*why = "too large";
		return -1;
	}
	*out = v > 0 ? v : 0.01;
	return 0;
}

/* A signal by number, or by name with or without "SIG" (TERM, SIGKILL). */
int
parse_signal(const char *s, int *out)
{
	long v;
	const char *why;

	if (*s >= '0' && *s <= '9') {
		if (parse_long(s, 1, NSIG - 1, &v, &why) != 0)
			return -1;
		*out = (int)v;
		return 0;
	}
	if (strncasecmp(s, "SIG", 3) == 0)
		s += 3;
	for (int i = 1; i < NSIG; i++) {
		const char *name = sigabbrev_np(i);

		if (name != NULL && strcasecmp(name, s) == 0) {
			*out = i;
			return 0;
		}
	}
	return -1;
}

/*
 * Parse a --termseq: SIGNAL,MS,SIGNAL,MS,... (GNU parallel's default is
 * TERM,200,TERM,100,TERM,50,KILL,25).  A last signal may omit its wait.
 */
int
parse_termseq(const char *s, struct termseq *out, const char **why)
{
	char word[64];
	struct termseq t;
	int want_sig = 1;

	memset(&t, 0, sizeof(t));
	while (*s != '\0') {
		size_t n = strcspn(s, ",");

		if (n == 0 || n >= sizeof(word)) {
			*why = "use SIGNAL,MS,SIGNAL,MS... such as "
			       "TERM,200,KILL,25";
			return -1;
		}
		memcpy(word, s, n);
		word[n] = '\0';
		if (want_sig) {
			if (t.n == TERMSEQ_MAX) {
				*why = "too many signals";
				return -1;
			}
			if (parse_signal(word, &t.sig[t.n]) != 0) {
				*why = "unknown signal (use a name such as "
				       "TERM or KILL, or a number)";
				return -1;
			}
			t.ms[t.n++] = 0;
		} else {
			long ms;

			if (parse_long(word, 0, 86400000, &ms, why) != 0) {
				*why = "a wait must be a number of "
				       "milliseconds";
				return -1;
			}
			t.ms[t.n - 1] = (unsigned)ms;
		}
		want_sig = !want_sig;
		s += n;
		if (*s == ',' && *++s == '\0') {
			*why = "ends with a comma";
			return -1;
		}
	}
	if (t.n == 0) {
		*why = "empty; use SIGNAL,MS,... such as TERM,200,KILL,25";
		return -1;
	}
	*out = t;
	return 0;
}

/*
 * Parse a --halt value: never, WHEN,WHY=N or WHEN,WHY=N% (WHEN now or
 * soon; WHY fail, success or done), or GNU parallel's old numbers 0, 1, 2,
 * -1, -2 and 1-99%.
 */
int
parse_halt(const char *s, struct halt *out, const char **why)
{
	static const char *const whys[] = { "fail", "success", "done" };
	struct halt h = { HALT_NEVER, HALT_FAIL, 1, 0 };
	const char *eq;
	char *end;
	size_t n;

	*why = "use never, now or soon with fail=N, success=N or done=N "
	       "(N may be a percentage), such as now,fail=1";
	if (strcmp(s, "never") == 0 || strcmp(s, "0") == 0) {
		*out = h;
		return 0;
	}
	if (strcmp(s, "1") == 0 || strcmp(s, "2") == 0 ||
	    strcmp(s, "-1") == 0 || strcmp(s, "-2") == 0) {
		h.when = s[strlen(s) - 1] == '2' ? HALT_NOW : HALT_SOON;
		h.why = s[0] == '-' ? HALT_SUCCESS : HALT_FAIL;
		*out = h;
		return 0;
	}
	if (strncmp(s, "now,", 4) == 0) {
		h.when = HALT_NOW;
		s += 4;
	} else if (strncmp(s, "soon,", 5) == 0) {
		h.when = HALT_SOON;
		s += 5;
	} else {
		/* 1-99%: soon,fail=N% */
		h.when = HALT_SOON;
		eq = s;
		goto number;
	}
	if ((eq = strchr(s, '=')) == NULL)
		return -1;
	n = (size_t)(eq - s);
	for (h.why = 0; h.why < 3; h.why++)
		if (strlen(whys[h.why]) == n && strncmp(s, whys[h.why], n) == 0)
			break;
	if (h.why == 3)
		return -1;
	eq++;
number:
	if (*eq < '0' || *eq > '9')
		return -1;
	errno = 0;
	h.count = strtod(eq, &end);
	if (errno == ERANGE)
		return -1;
	if (*end == '%') {
		h.percent = 1;
		end++;
		if (!(h.count > 0) || h.count > 100) {
			*why = "a percentage must be more than 0 and at most "
			       "100";
			return -1;
		}
	} else if (h.count < 1 ||
	    (h.count < 0x1p53 && h.count != (double)(long long)h.count)) {
		/* From 2^53 up every double is whole, and too big to cast. */
		*why = "the count must be a whole number of at least 1";
		return -1;
	}
	if (*end != '\0' || (s == eq && !h.percent))
		return -1;
	*out = h;
	return 0;
}

/*
 * GNU parallel's escapes in --tagstring: \t \n \r, and \NNN or \N in
 * octal (\033 is ESC; \0 would end the string, and is left as it is);
 * any other backslash stays.  A new string, to free.
 */
char *
parse_printf_escapes(const char *s)
{
	char *out = xmalloc(strlen(s) + 1), *o = out;

	while (*s != '\0') {
		int n = 0, v = 0;

		if (*s != '\\') {
			*o++ = *s++;
			continue;
		}
		if (s[1] == 't' || s[1] == 'n' || s[1] == 'r') {
			*o++ = s[1] == 't' ? '\t' : s[1] == 'n' ? '\n' : '\r';
			s += 2;
			continue;
		}
		/* Three digits, else one (Perl's "\N" takes 1 to 3). */
		while (n < 3 && s[1 + n] >= '0' && s[1 + n] <= '7')
			n++;
		if (n == 0) {
			*o++ = *s++;
			continue;
		}
		if (n < 3)
			n = 1;
		for (int i = 1; i <= n; i++)
			v = v * 8 + (s[i] - '0');
		if (v == 0) {
			*o++ = *s++;
			continue;
		}
		*o++ = (char)v;
		s += 1 + n;
	}
	*o = '\0';
	return out;
}
