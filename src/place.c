/*
 * place.c
 *		The place lookup: embargo.find_place() and the names a row gives.
 */
#include "postgres.h"

#include "gazetteer.h"
#include "lib/stringinfo.h"
#include "common/hashfn.h"
#include "name_key.h"
#include "parser/scansup.h"
#include "place.h"
#include "territory.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

PG_FUNCTION_INFO_V1(find_place_fn);

#define MAX_REPORTED 5

/* "Melitopol (UA-23, locality, id 16)" */
static char *
describe_place(const GzPlace *p)
{
	char		code[TERRITORY_BUFLEN];

	territory_format(p->territory, code);
	return psprintf("%s (%s, %s, id %d)", p->name, code, p->kind, p->id);
}

void
report_ambiguous(text *name, const GzPlace **matches, int n)
{
	StringInfoData list;

	initStringInfo(&list);
	for (int i = 0; i < n && i < MAX_REPORTED; i++)
		appendStringInfo(&list, "%s%s", i > 0 ? "; " : "", describe_place(matches[i]));
	if (n > MAX_REPORTED)
		appendStringInfo(&list, "; and %d more", n - MAX_REPORTED);
	ereport(ERROR,
			(errcode(ERRCODE_EMBARGO_PLACE_AMBIGUOUS),
			 errmsg("place name \"%s\" is ambiguous", text_to_cstring(name)),
			 errdetail("It matches %d places: %s.", n, list.data),
			 errhint("Pass a territory as the second argument, or use the place id.")));
}

static void
report_not_found(text *name, bool has_within, Territory within, int outside)
{
	char		where[TERRITORY_BUFLEN];

	if (!has_within)
		ereport(ERROR,
				(errcode(ERRCODE_EMBARGO_PLACE_NOT_FOUND),
				 errmsg("no place named \"%s\"", text_to_cstring(name)),
				 errhint("Places and their aliases are in embargo.place and embargo.place_name.")));
	territory_format(within, where);
	ereport(ERROR,
			(errcode(ERRCODE_EMBARGO_PLACE_NOT_FOUND),
			 errmsg("no place named \"%s\" in %s", text_to_cstring(name), where),
			 outside > 0 ?
			 errdetail_plural("%d place of that name lies outside %s.",
							  "%d places of that name lie outside %s.",
							  outside, outside, where) : 0,
			 errhint("Places and their aliases are in embargo.place and embargo.place_name.")));
}

/* A whole code "UA" + 17 digits, blanks around it allowed. */
static int64
name_as_katotth(text *name)
{
	const char *s = VARDATA_ANY(name);
	int			len = VARSIZE_ANY_EXHDR(name);

	while (len > 0 && scanner_isspace(*s))
		s++, len--;
	while (len > 0 && scanner_isspace(s[len - 1]))
		len--;
	return katotth_digits(s, len);
}

/*
 * A name that is a KATOTTH code names the place of that code, if the
 * gazetteer has it: true, with the match (or none, if it lies outside the
 * territory).  False if the name is not a code.
 */
static bool
katotth_match(const Gazetteer *g, text *name, bool has_within, Territory within,
			  const GzPlace ***matches, int *distinct)
{
	int64		code = name_as_katotth(name);
	const GzPlace *p;

	if (code == 0)
		return false;
	p = gazetteer_place_by_katotth(g, code);
	*matches = palloc(sizeof(GzPlace *));
	(*matches)[0] = p != NULL && (!has_within || territory_contains(within, p->territory)) ? p : NULL;
	*distinct = p != NULL;
	return true;
}

/* The buffer every row's name key is built in: no allocation per row. */
static StringInfoData key_buf;

static const char *
row_name_key(text *name)
{
	if (key_buf.data == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(TopMemoryContext);

		initStringInfo(&key_buf);
		MemoryContextSwitchTo(old);
	}
	resetStringInfo(&key_buf);
	place_name_key_into(name, &key_buf);
	return key_buf.data;
}

/*
 * The places whose name or alias has the same key as name (and that lie
 * within the territory, if given), into *matches; returns how many, and in
 * *distinct how many places have that name anywhere.  -1 if the name has no
 * letters or digits.
 */
static int
place_matches(const Gazetteer *g, text *name, bool has_within, Territory within,
			  const GzPlace ***matches, int *distinct)
{
	const char *key;
	const GzName *run;
	int			n;
	int			nmatches = 0;

	*distinct = 0;
	if (katotth_match(g, name, has_within, within, matches, distinct))
		return (*matches)[0] != NULL ? 1 : 0;
	key = row_name_key(name);
	if (*key == '\0')
		return -1;
	n = gazetteer_places_named(key, &run);
	*matches = palloc(sizeof(GzPlace *) * (n + 1));
	for (int i = 0; i < n; i++)
	{
		const GzPlace *p;

		/* a name and an alias of one place may share a key */
		if (i > 0 && run[i].place_id == run[i - 1].place_id)
			continue;
		(*distinct)++;
		p = gazetteer_place(g, run[i].place_id);
		if (p != NULL && (!has_within || territory_contains(within, p->territory)))
			(*matches)[nmatches++] = p;
	}
	return nmatches;
}

/*
 * The id of the one place whose name or alias has the same key as name
 * (and that lies within the territory, if given).  No match and several
 * matches are errors: a place is never guessed.
 */
int32
place_resolve(const Gazetteer *g, text *name, bool has_within, Territory within)
{
	const GzPlace **matches;
	int			distinct;
	int			n = place_matches(g, name, has_within, within, &matches, &distinct);

	if (n < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("place name \"%s\" has no letters or digits", text_to_cstring(name))));
	if (n == 0)
		report_not_found(name, has_within, within, distinct);
	if (n > 1)
		report_ambiguous(name, matches, n);
	return matches[0]->id;
}

/*
 * Every place the name can mean (within the territory, if given): one or
 * more.  A name with no letters, or that names no place, is an error, or
 * with problem given, 0 candidates and *problem saying why.
 */
/*
 * A memo of the names rows gave, as written, and the places they mean: an
 * import book names the same few thousand places over and over, and a hit
 * costs a hash and a compare instead of a key and a search.  Cleared when
 * the gazetteer changes; names longer than NAME_MEMO_LEN bytes, or meaning
 * more than NAME_MEMO_PLACES places, are not kept.
 */
#define NAME_MEMO_SLOTS 8192
#define NAME_MEMO_LEN 46
#define NAME_MEMO_PLACES 6

typedef struct NameMemo
{
	uint8		len;			/* 0: empty */
	bool		has_within;
	int8		nplaces;
	Territory	within;
	char		name[NAME_MEMO_LEN];
	const GzPlace *places[NAME_MEMO_PLACES];
} NameMemo;

static NameMemo *name_memo = NULL;
static uint64 name_memo_generation = 0;

static NameMemo *
name_memo_slot(const char *s, int len, bool has_within, Territory within)
{
	uint32		h = hash_bytes((const unsigned char *) s, len) ^ (has_within ? (uint32) within * 2654435761u : 0);

	if (name_memo == NULL)
		name_memo = MemoryContextAllocZero(TopMemoryContext, sizeof(NameMemo) * NAME_MEMO_SLOTS);
	return &name_memo[h % NAME_MEMO_SLOTS];
}

/* The places the memo keeps for the name, or -1. */
static int
name_memo_get(text *name, bool has_within, Territory within, const GzPlace ***matches)
{
	const char *s = VARDATA_ANY(name);
	int			len = VARSIZE_ANY_EXHDR(name);
	uint64		generation = gazetteer_names_generation();
	NameMemo   *m;

	if (generation != name_memo_generation)
	{
		if (name_memo != NULL)
			memset(name_memo, 0, sizeof(NameMemo) * NAME_MEMO_SLOTS);
		name_memo_generation = generation;
	}
	if (len == 0 || len > NAME_MEMO_LEN)
		return -1;
	m = name_memo_slot(s, len, has_within, within);
	if (m->len != len || m->has_within != has_within || (has_within && m->within != within) ||
		memcmp(m->name, s, len) != 0)
		return -1;
	/* the memo's own array: used at once, before the memo can change */
	*matches = m->places;
	return m->nplaces;
}

static void
name_memo_put(text *name, bool has_within, Territory within, const GzPlace **matches, int n)
{
	const char *s = VARDATA_ANY(name);
	int			len = VARSIZE_ANY_EXHDR(name);
	NameMemo   *m;

	if (len == 0 || len > NAME_MEMO_LEN || n > NAME_MEMO_PLACES)
		return;
	m = name_memo_slot(s, len, has_within, within);
	m->len = len;
	m->has_within = has_within;
	m->within = has_within ? within : 0;
	m->nplaces = n;
	memcpy(m->name, s, len);
	memcpy(m->places, matches, sizeof(GzPlace *) * n);
}

int
place_candidates(const Gazetteer *g, text *name, bool has_within, Territory within,
				 const GzPlace ***matches, const char **problem)
{
	int			distinct;
	int			n = name_memo_get(name, has_within, within, matches);

	if (n > 0)
		return n;
	n = place_matches(g, name, has_within, within, matches, &distinct);
	if (n > 0)
	{
		name_memo_put(name, has_within, within, *matches, n);
		return n;
	}
	if (problem == NULL)
	{
		if (n < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("place name \"%s\" has no letters or digits", text_to_cstring(name))));
		report_not_found(name, has_within, within, distinct);
	}
	*problem = n < 0 ?
		psprintf("its place name \"%s\" has no letters or digits", text_to_cstring(name)) :
		psprintf("its place name \"%s\" names no place%s", text_to_cstring(name),
				 has_within ? " within its territory" : "");
	return 0;
}

/* embargo.find_place(name text, within territory) */
Datum
find_place_fn(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	PG_RETURN_INT32(place_resolve(gazetteer_get(), PG_GETARG_TEXT_PP(0),
								  !PG_ARGISNULL(1), PG_ARGISNULL(1) ? 0 : PG_GETARG_TERRITORY(1)));
}
