/*
 * party_load.c
 *		The sanctions lists' loader: the edition in force of every list (the
 *		latest loaded), with what each program means, read over SPI into the
 *		index's arrays.  Names are split into words here, as they are read;
 *		party_index.c then indexes the words.
 */
#include "postgres.h"

#include "embargo.h"
#include "internal_sql.h"
#include "lib/stringinfo.h"
#include "party_load.h"
#include "party_norm.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"

#define S EXTENSION_SCHEMA "."
/* the edition in force of each list */
#define IN_FORCE(a) "JOIN (SELECT list, pg_catalog.max(edition) AS edition FROM " S "party_list_edition GROUP BY list) f " \
	"ON f.list OPERATOR(pg_catalog.=) " a ".list AND f.edition OPERATOR(pg_catalog.=) " a ".edition"

typedef struct VocabKey
{
	char		skeleton[PARTY_WORD_KEY + 1];
	int32		id;
} VocabKey;

typedef struct Loading
{
	PartyIndex *px;
	MemoryContext cxt;
	int			capacity;
	int			words_capacity;
	int			vocab_capacity;
	HTAB	   *vocab;			/* skeleton → vocabulary id, while loading */
	StringInfo	canon;			/* what the version hashes */
} Loading;

static const char *
copy_text(Loading *l, Datum d)
{
	return MemoryContextStrdup(l->cxt, TextDatumGetCString(d));
}

static int
find_list(const PartyIndex *px, const char *list)
{
	for (int i = 0; i < px->nlists; i++)
		if (strcmp(px->lists[i].list, list) == 0)
			return i;
	return -1;
}

static void
load_list(Datum *v, bool *n, void *arg)
{
	Loading    *l = arg;
	PartyIndex *px = l->px;
	PartyList  *pl;

	px->lists = grow_array(px->lists, px->nlists, &l->capacity, sizeof(PartyList), l->cxt);
	pl = &px->lists[px->nlists++];
	pl->list = copy_text(l, v[0]);
	strlcpy(pl->jurisdiction, TextDatumGetCString(v[1]), sizeof(pl->jurisdiction));
	pl->edition = n[2] ? DATEVAL_NOBEGIN : DatumGetDateADT(v[2]);
	appendStringInfo(l->canon, "L%s|%s|%d\n", pl->list, pl->jurisdiction, (int) pl->edition);
}

static void
load_program(Datum *v, bool *n, void *arg)
{
	Loading    *l = arg;
	PartyIndex *px = l->px;
	const char *meaning = TextDatumGetCString(v[2]);
	PartyProgram *p;

	px->programs = grow_array(px->programs, px->nprograms, &l->capacity, sizeof(PartyProgram), l->cxt);
	p = &px->programs[px->nprograms++];
	p->list = find_list(px, TextDatumGetCString(v[0]));
	p->program = copy_text(l, v[1]);
	p->meaning = strcmp(meaning, "blocking") == 0 ? MEANING_BLOCKING : MEANING_RESTRICTIVE;
	p->citation = copy_text(l, v[3]);
	appendStringInfo(l->canon, "P%d|%s|%s|%s\n", p->list, p->program, meaning, p->citation);
}

/* The meaning of a program of a list: its own row, else the list's "*", else unknown. */
static const PartyProgram *
program_meaning(const PartyIndex *px, int list, const char *program)
{
	const PartyProgram *any = NULL;

	for (int i = 0; i < px->nprograms; i++)
		if (px->programs[i].list == list)
		{
			if (strcmp(px->programs[i].program, program) == 0)
				return &px->programs[i];
			if (strcmp(px->programs[i].program, "*") == 0)
				any = &px->programs[i];
		}
	return any;
}

/* The entry's programs, and the strictest of their meanings. */
static void
entry_programs(Loading *l, PartyEntry *e, Datum arr)
{
	Datum	   *items;
	bool	   *nulls;
	int			count;

	deconstruct_array(DatumGetArrayTypeP(arr), TEXTOID, -1, false, TYPALIGN_INT, &items, &nulls, &count);
	e->programs = MemoryContextAlloc(l->cxt, sizeof(char *) * Max(count, 1));
	/* no program known: unknown, so review */
	e->meaning = MEANING_UNKNOWN;
	e->citation = NULL;
	for (int i = 0; i < count; i++)
	{
		const PartyProgram *p;
		PartyMeaning m;

		if (nulls[i])
			continue;
		e->programs[e->nprograms] = copy_text(l, items[i]);
		p = program_meaning(l->px, e->list, e->programs[e->nprograms]);
		m = p != NULL ? p->meaning : MEANING_UNKNOWN;
		if (e->nprograms++ == 0 || m > e->meaning)
		{
			e->meaning = m;
			e->citation = p != NULL ? p->citation : NULL;
		}
	}
}

static void
load_entry(Datum *v, bool *n, void *arg)
{
	Loading    *l = arg;
	PartyIndex *px = l->px;
	PartyEntry *e;

	px->entries = grow_array(px->entries, px->nentries, &l->capacity, sizeof(PartyEntry), l->cxt);
	e = &px->entries[px->nentries++];
	memset(e, 0, sizeof(PartyEntry));
	e->list = find_list(px, TextDatumGetCString(v[0]));
	e->entry_id = copy_text(l, v[1]);
	e->kind = copy_text(l, v[2]);
	e->individual = strcmp(e->kind, "individual") == 0;
	entry_programs(l, e, v[3]);
	e->listed_on = n[4] ? DATEVAL_NOBEGIN : DatumGetDateADT(v[4]);
}

static PartyEntry *
find_entry(const PartyIndex *px, Datum list, Datum entry_id)
{
	return party_find_entry(px, TextDatumGetCString(list), TextDatumGetCString(entry_id));
}

/* The entry of a list, by binary search: entries are sorted by list, then id (C order). */
PartyEntry *
party_find_entry(const PartyIndex *px, const char *list, const char *id)
{
	int			li = find_list(px, list);
	int			lo = 0,
				hi = px->nentries - 1;

	while (lo <= hi)
	{
		int			mid = (lo + hi) / 2;
		const PartyEntry *e = &px->entries[mid];
		int			c = e->list != li ? (e->list < li ? -1 : 1) : strcmp(e->entry_id, id);

		if (c == 0)
			return &px->entries[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return NULL;
}

static void
load_country(Datum *v, bool *n, void *arg)
{
	Loading    *l = arg;
	PartyEntry *e = find_entry(l->px, v[0], v[1]);
	char	   *code = TextDatumGetCString(v[2]);

	if (e == NULL)
		return;
	for (int i = 0; i < e->ncountries; i++)
		if (strcmp(e->countries[i], code) == 0)
			return;
	if (e->ncountries < PARTY_MAX_COUNTRIES)
		strlcpy(e->countries[e->ncountries++], code, 3);
}

/* The vocabulary id of a word, added on first sight. */
static int32
intern_word(Loading *l, const PartyWord *w)
{
	PartyIndex *px = l->px;
	char		key[PARTY_WORD_KEY + 1] = {0};
	VocabKey   *slot;
	bool		found;

	strlcpy(key, w->skeleton, sizeof(key));
	slot = hash_search(l->vocab, key, HASH_ENTER, &found);
	if (!found)
	{
		PartyVocab *v;

		px->vocab = grow_array(px->vocab, px->nvocab, &l->vocab_capacity, sizeof(PartyVocab), l->cxt);
		v = &px->vocab[px->nvocab];
		memset(v, 0, sizeof(PartyVocab));
		v->word = MemoryContextStrdup(l->cxt, w->word);
		v->skeleton = MemoryContextStrdup(l->cxt, key);
		v->skeleton_len = strlen(key);
		slot->id = px->nvocab++;
	}
	return slot->id;
}

static void
load_name(Datum *v, bool *n, void *arg)
{
	Loading    *l = arg;
	PartyIndex *px = l->px;
	PartyEntry *e = find_entry(px, v[0], v[1]);
	text	   *name = DatumGetTextPP(v[2]);
	PartyName	parsed;
	PartyNameRec *r;

	if (e == NULL)
		return;
	party_name_parse(VARDATA_ANY(name), VARSIZE_ANY_EXHDR(name), &parsed);
	if (parsed.nwords == 0)
		return;
	px->names = grow_array(px->names, px->nnames, &l->capacity, sizeof(PartyNameRec), l->cxt);
	r = &px->names[px->nnames++];
	r->entry = e - px->entries;
	r->name = MemoryContextStrdup(l->cxt, text_to_cstring(name));
	r->flags = (strcmp(TextDatumGetCString(v[3]), "primary") == 0 ? PARTY_NAME_PRIMARY : 0);
	if (r->flags & PARTY_NAME_PRIMARY)
		e->primary_name = r->name;
	if (!n[4])
	{
		const char *quality = TextDatumGetCString(v[4]);

		/* OFAC's weak a.k.a.; OFSI's "Low quality" */
		if (pg_strcasecmp(quality, "weak") == 0 || pg_strncasecmp(quality, "low", 3) == 0)
			r->flags |= PARTY_NAME_WEAK;
	}
	r->nwords = parsed.nwords;
	r->first_word = 0;
	for (int i = 0; i < parsed.nwords; i++)
	{
		int32		id = intern_word(l, &parsed.words[i]);

		if (i == 0)
			r->first_word = px->nname_words;
		px->name_words = grow_array(px->name_words, px->nname_words, &l->words_capacity, sizeof(int32), l->cxt);
		px->name_words[px->nname_words++] = id;
	}
}

static void
load_identifier(Datum *v, bool *n, void *arg)
{
	Loading    *l = arg;
	PartyIndex *px = l->px;
	PartyEntry *e = find_entry(px, v[0], v[1]);
	text	   *value = DatumGetTextPP(v[3]);
	char	   *key = party_identifier_key(VARDATA_ANY(value), VARSIZE_ANY_EXHDR(value));
	PartyIdentifier *id;

	if (e == NULL || key == NULL)
		return;
	px->identifiers = grow_array(px->identifiers, px->nidentifiers, &l->capacity, sizeof(PartyIdentifier), l->cxt);
	id = &px->identifiers[px->nidentifiers++];
	id->key = MemoryContextStrdup(l->cxt, key);
	id->kind = copy_text(l, v[2]);
	id->value = MemoryContextStrdup(l->cxt, text_to_cstring(value));
	id->entry = e - px->entries;
}

static void
run(Loading *l, const char *sql, InternalRowFn fn)
{
	l->capacity = 0;
	internal_sql_each_row(sql, fn, l);
}

void
party_load(PartyIndex *px, MemoryContext cxt, StringInfo canon)
{
	Loading		l = {.px = px, .cxt = cxt, .canon = canon};
	HASHCTL		ctl = {.keysize = PARTY_WORD_KEY + 1, .entrysize = sizeof(VocabKey), .hcxt = CurrentMemoryContext};

	l.vocab = hash_create("embargo party words", 4096, &ctl, HASH_ELEM | HASH_STRINGS | HASH_CONTEXT);
	run(&l, "SELECT l.list, l.jurisdiction, (SELECT pg_catalog.max(e.edition) FROM " S "party_list_edition e WHERE e.list OPERATOR(pg_catalog.=) l.list) "
		"FROM " S "party_list l ORDER BY l.list COLLATE pg_catalog.\"C\"", load_list);
	run(&l, "SELECT list, program, meaning, citation FROM " S "party_program ORDER BY list COLLATE pg_catalog.\"C\", program COLLATE pg_catalog.\"C\"",
		load_program);
	run(&l, "SELECT e.list, e.entry_id, e.kind, e.programs, e.listed_on FROM " S "party_entry e " IN_FORCE("e")
		" ORDER BY e.list COLLATE pg_catalog.\"C\", e.entry_id COLLATE pg_catalog.\"C\"", load_entry);
	run(&l, "SELECT DISTINCT a.list, a.entry_id, a.country_code FROM " S "party_address a " IN_FORCE("a")
		" WHERE a.country_code IS NOT NULL", load_country);
	/*
	 * In a fixed order, the primary name first: of two names of an entry that
	 * score alike, the one read first is the one a match names, and the rows
	 * as they were (history_delta(), for as_of) come in no order of the
	 * table's.
	 */
	run(&l, "SELECT n.list, n.entry_id, n.name, n.kind, n.quality FROM " S "party_name n " IN_FORCE("n")
		" ORDER BY n.list COLLATE pg_catalog.\"C\", n.entry_id COLLATE pg_catalog.\"C\", n.kind COLLATE pg_catalog.\"C\" DESC,"
		" n.name COLLATE pg_catalog.\"C\"", load_name);
	run(&l, "SELECT i.list, i.entry_id, i.kind, i.value FROM " S "party_identifier i " IN_FORCE("i"), load_identifier);
	hash_destroy(l.vocab);
}
