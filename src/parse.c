/*
 * parse.c -- pure parsers for option values.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"

/*
 * Parse a whole decimal integer in [min, max]; reject the empty string,
 * trailing junk, and overflow (strtonum(3) as OpenBSD has it).
 */
int
parse_long(const char *s, long min, long max, long *out, const char **why)
{
	char *end;
	long v;

	if (*s == '\0' || *s == ' ' || *s == '\t') {
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
