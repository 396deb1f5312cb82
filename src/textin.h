/*
 * textin.h
 *		The lexical rules every type's text input shares: which characters
 *		are white space, and how a place id is written.
 *
 * One rule for all types, whatever the locale: the six ASCII white-space
 * characters (space, \t, \n, \v, \f, \r) are ignored around a value and
 * around each of its fields; nothing else is.  A place id is written in
 * decimal digits only: no sign, no inner spaces, 1 to 2147483647.
 */
#ifndef EMBARGO_TEXTIN_H
#define EMBARGO_TEXTIN_H

#include "c.h"

static inline bool
text_isspace(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

/* Narrow [*start, *end) to its part between leading and trailing white space. */
static inline void
text_trim_bounds(const char **start, const char **end)
{
	while (*start < *end && text_isspace(**start))
		(*start)++;
	while (*end > *start && text_isspace((*end)[-1]))
		(*end)--;
}

/* Trim a writable string in place; returns its first non-space character. */
static inline char *
text_trim(char *s)
{
	const char *start = s;
	const char *end = s + strlen(s);

	text_trim_bounds(&start, &end);
	*(char *) end = '\0';
	return (char *) start;
}

/* A place id: digits only, 1 to PG_INT32_MAX; false otherwise. */
static inline bool
text_parse_place_id(const char *s, int32 *id)
{
	int64		v = 0;

	if (*s == '\0' || strlen(s) > 10)
		return false;
	for (const char *p = s; *p; p++)
	{
		if (*p < '0' || *p > '9')
			return false;
		v = v * 10 + (*p - '0');
	}
	if (v < 1 || v > PG_INT32_MAX)
		return false;
	*id = (int32) v;
	return true;
}

#endif							/* EMBARGO_TEXTIN_H */
