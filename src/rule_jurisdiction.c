/*
 * rule_jurisdiction.c
 *		Which of a rule set's jurisdictions a row names.  Codes are
 *		case-insensitive, GB names the UK's rules, and a spelling seen before
 *		is remembered (in the memo, rule_memo.h): rows name their
 *		jurisdiction as text, over and over.
 */
#include "postgres.h"

#include "compat.h"
#include "rule_jurisdiction.h"
#include "rule_memo.h"

static int
find_jurisdiction(const RuleSet *rs, const char *s, int len)
{
	for (int i = 0; i < rs->njurisdictions; i++)
		if (rs->jurisdiction_lengths[i] == len && pg_strncasecmp(rs->jurisdictions[i], s, len) == 0)
			return i;
	return -1;
}

/*
 * The memo's slot for a jurisdiction name: the one holding it if it was
 * seen before, else the one to keep it in; in name the name packed as a
 * slot keeps it.  NULL if the name is too long to keep.  Rows name their
 * jurisdiction as text, over and over: one slot compared instead of the
 * names searched.
 */
static MemoJurisdiction *
jurisdiction_slot(const RuleSet *rs, const char *s, int len, uint64 *name)
{
	MemoJurisdiction *slots;
	uint64		w0 = 0;
	uint64		w1 = 0;
	uint32		h;

	if (rs->memo == NULL || len == 0 || len > 2 * (int) sizeof(uint64))
		return NULL;
	slots = rs->memo->jurisdictions;
	/* in registers: bytes stored and read back as words would stall */
	for (int i = 0; i < len && i < 8; i++)
		w0 |= (uint64) (unsigned char) s[i] << (8 * i);
	for (int i = 8; i < len; i++)
		w1 |= (uint64) (unsigned char) s[i] << (8 * (i - 8));
	name[0] = w0;
	name[1] = w1;
	h = (uint32) (((w0 ^ w1 ^ len) * UINT64CONST(0x9e3779b97f4a7c15)) >> 32) % MEMO_JURISDICTIONS;
	for (int k = 0; k < MEMO_JURISDICTIONS; k++)
	{
		MemoJurisdiction *m = &slots[(h + k) % MEMO_JURISDICTIONS];

		if (m->len == 0 || (m->len == len && m->name[0] == w0 && m->name[1] == w1))
			return m;
	}
	return &slots[h];			/* all taken: this one gives way */
}

/*
 * The index of the jurisdiction named by a text, or -1.  Codes are
 * case-insensitive, and GB, the United Kingdom's ISO code, names the UK's
 * rules.  No allocation: this runs once per row, over a handful of names.
 */
int
ruleset_jurisdiction(const RuleSet *rs, text *name)
{
	const char *s = VARDATA_ANY(name);
	int			len = VARSIZE_ANY_EXHDR(name);
	uint64		packed[2] = {0, 0};
	MemoJurisdiction *m = jurisdiction_slot(rs, s, len, packed);
	int			j;

	if (m != NULL && m->len == len && m->name[0] == packed[0] && m->name[1] == packed[1])
		return m->index;
	j = find_jurisdiction(rs, s, len);
	if (j < 0 && len == 2 && pg_strncasecmp(s, "GB", 2) == 0)
		j = find_jurisdiction(rs, "UK", 2);
	if (m != NULL && j >= 0)
		*m = (MemoJurisdiction) {.name = {packed[0], packed[1]}, .len = len, .index = j};
	return j;
}
