/*
 * iso3166.c
 *		Lookups in the compiled-in ISO 3166 table.
 */
#include "postgres.h"

#include "iso3166.h"

/*
 * Find the entry for an encoded territory, or NULL if ISO 3166 has no such
 * code.
 */
const Iso3166Entry *
iso3166_lookup(int32 code)
{
	int			lo = 0;
	int			hi = iso3166_nentries - 1;

	while (lo <= hi)
	{
		int			mid = lo + (hi - lo) / 2;
		int32		probe = iso3166_entries[mid].code;

		if (probe == code)
			return &iso3166_entries[mid];
		if (probe < code)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return NULL;
}
