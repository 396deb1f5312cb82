/*
 * iso3166.h
 *		The compiled-in ISO 3166-1 / ISO 3166-2 code list.
 *
 * Entries are sorted by their territory encoding (see territory.h), so a
 * lookup is a binary search.  The table is generated; see
 * tools/gen_iso3166.py.
 */
#ifndef EMBARGO_ISO3166_H
#define EMBARGO_ISO3166_H

typedef struct Iso3166Entry
{
	int32		code;			/* territory encoding */
	int32		parent;			/* encoding of the parent, -1 for a country */
	bool		has_children;	/* some subdivision names this as its parent */
	const char *name;			/* name as given by ISO 3166 (UTF-8) */
} Iso3166Entry;

extern const Iso3166Entry iso3166_entries[];
extern const int iso3166_nentries;
extern const char *const iso3166_source;

extern const Iso3166Entry *iso3166_lookup(int32 code);
extern int32 iso3166_last_code_from(int32 code);

#endif							/* EMBARGO_ISO3166_H */
