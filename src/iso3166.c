/*
 * iso3166.c
 *		Lookups in the compiled-in ISO 3166 table.
 */
#include "postgres.h"

#include "iso3166.h"
#include "territory_code.h"

/*
 * A hash of the table's codes, built on first use: text input and every
 * containment test look codes up, row after row, and a binary search over
 * five thousand codes costs a dozen hard-to-predict branches.  Open
 * addressing, at most a third full; a slot holds a code and its entry's
 * index plus one (0: empty, since the code 0 is well formed).
 */
#define ISO3166_HASH_BITS 14

typedef struct Iso3166Slot
{
	int32		code;
	int32		entry;			/* index into iso3166_entries, plus one */
} Iso3166Slot;

static Iso3166Slot iso3166_hash[1 << ISO3166_HASH_BITS];
static bool iso3166_hashed = false;

static inline uint32
iso3166_slot(int32 code)
{
	return ((uint32) code * 2654435761u) >> (32 - ISO3166_HASH_BITS);
}

static void
iso3166_build_hash(void)
{
	const uint32 mask = (1 << ISO3166_HASH_BITS) - 1;

	Assert(3 * iso3166_nentries < (1 << ISO3166_HASH_BITS));
	for (int i = 0; i < iso3166_nentries; i++)
	{
		uint32		slot = iso3166_slot(iso3166_entries[i].code);

		while (iso3166_hash[slot].entry != 0)
			slot = (slot + 1) & mask;
		iso3166_hash[slot].code = iso3166_entries[i].code;
		iso3166_hash[slot].entry = i + 1;
	}
	iso3166_hashed = true;
}

/*
 * Find the entry for an encoded territory, or NULL if ISO 3166 has no such
 * code.
 */
const Iso3166Entry *
iso3166_lookup(int32 code)
{
	const uint32 mask = (1 << ISO3166_HASH_BITS) - 1;

	if (unlikely(!iso3166_hashed))
		iso3166_build_hash();
	for (uint32 slot = iso3166_slot(code);; slot = (slot + 1) & mask)
	{
		if (iso3166_hash[slot].entry == 0)
			return NULL;
		if (iso3166_hash[slot].code == code)
			return &iso3166_entries[iso3166_hash[slot].entry - 1];
	}
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
