/*
 * iso3166.c
 *		Lookups in the compiled-in ISO 3166 table.
 */
#include "postgres.h"

#include "iso3166.h"
#include "territory.h"

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

/*
 * The greatest code in the table that is >= code and shares its country:
 * the end of the country's range among values that input can produce.
 */
int32
iso3166_last_code_from(int32 code)
{
	int			lo = 0;
	int			hi = iso3166_nentries - 1;
	int32		next_country = territory_country(code) + TERRITORY_SUB_MASK + 1;

	/* find the last entry below the next country's first possible code */
	while (lo <= hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (iso3166_entries[mid].code < next_country)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	if (hi >= 0 && iso3166_entries[hi].code >= code)
		return iso3166_entries[hi].code;
	return code;
}
