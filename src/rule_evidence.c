/*
 * rule_evidence.c
 *		Evidence codes: which codes each jurisdiction's exceptions name (to
 *		catch a misspelt one), and which exception a query's evidence
 *		invokes to lift a rule.
 */
#include "postgres.h"

#include "embargo.h"
#include "lib/stringinfo.h"
#include "rule_evidence.h"
#include "utils/array.h"
#include "utils/arrayaccess.h"
#include "utils/builtins.h"

typedef struct EvidenceCode
{
	int			jurisdiction;
	const char *code;
} EvidenceCode;

static int
evidence_code_cmp(const void *a, const void *b)
{
	const EvidenceCode *x = a;
	const EvidenceCode *y = b;

	return x->jurisdiction != y->jurisdiction ? cmp_int32(x->jurisdiction, y->jurisdiction) :
		strcmp(x->code, y->code);
}

static const RsRule *
rule_by_id(const RuleSet *rs, int32 id)
{
	RsRule		probe = {.id = id};

	return bsearch(&probe, rs->rules, rs->nrules, sizeof(RsRule), ruleset_rule_cmp);
}

/*
 * The distinct evidence codes each jurisdiction's exceptions name, sorted,
 * so that a caller's code can be checked: a misspelt code would otherwise
 * never lift anything, and nobody would know.
 */
void
rule_evidence_index(RuleSet *rs, MemoryContext cxt)
{
	EvidenceCode *all = palloc(sizeof(EvidenceCode) * (rs->nexceptions + 1));
	int			n = 0;
	int			m = 0;

	for (int i = 0; i < rs->nexceptions; i++)
	{
		const RsRule *r = rule_by_id(rs, rs->exceptions[i].rule_id);

		if (r != NULL)
			all[n++] = (EvidenceCode) {.jurisdiction = r->jurisdiction, .code = rs->exceptions[i].evidence};
	}
	qsort(all, n, sizeof(EvidenceCode), evidence_code_cmp);
	rs->evidence_codes = MemoryContextAlloc(cxt, sizeof(char *) * (n + 1));
	rs->evidence_starts = MemoryContextAllocZero(cxt, sizeof(int) * (rs->njurisdictions + 1));
	for (int j = 0, i = 0; j < rs->njurisdictions; j++)
	{
		rs->evidence_starts[j] = m;
		for (; i < n && all[i].jurisdiction == j; i++)
			if (m == rs->evidence_starts[j] || strcmp(rs->evidence_codes[m - 1], all[i].code) != 0)
				rs->evidence_codes[m++] = all[i].code;
	}
	rs->evidence_starts[rs->njurisdictions] = m;
	pfree(all);
}

static bool
evidence_code_known(const RuleSet *rs, int jurisdiction, const char *code, int len)
{
	int			lo = rs->evidence_starts[jurisdiction];
	int			hi = rs->evidence_starts[jurisdiction + 1];

	while (lo < hi)
	{
		int			mid = (lo + hi) / 2;
		const char *known = rs->evidence_codes[mid];
		int			c = strncmp(known, code, len);

		if (c == 0)
			c = known[len] == '\0' ? 0 : 1;
		if (c == 0)
			return true;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/*
 * Whether an evidence array is empty, read in place: rows carry it with a
 * short header, and detoasting it would copy it for every row.
 */
static bool
evidence_is_empty(Datum d)
{
	struct varlena *p = (struct varlena *) DatumGetPointer(d);
	int32		ndim;

	if (VARATT_IS_EXTERNAL(p) || VARATT_IS_COMPRESSED(p))
		return false;
	memcpy(&ndim, VARATT_IS_SHORT(p) ? VARDATA_SHORT(p) : VARDATA(p), sizeof(int32));
	return ndim == 0;
}

/*
 * The first code of the query's evidence that no exception of its
 * jurisdiction names, or NULL; NULL elements are ignored.
 */
const char *
ruleset_unknown_evidence(const RuleSet *rs, int jurisdiction, Datum evidence_datum,
						 ArrayType **evidence)
{
	array_iter	it;
	int			n;

	if (*evidence == NULL && evidence_is_empty(evidence_datum))
		return NULL;
	if (*evidence == NULL)
		*evidence = DatumGetArrayTypeP(evidence_datum);
	if (ARR_NDIM(*evidence) == 0)
		return NULL;
	n = ArrayGetNItems(ARR_NDIM(*evidence), ARR_DIMS(*evidence));
	array_iter_setup(&it, (AnyArrayType *) *evidence);
	for (int i = 0; i < n; i++)
	{
		bool		isnull;
		Datum		d = array_iter_next(&it, &isnull, i, -1, false, TYPALIGN_INT);
		const char *code;
		int			len;

		if (isnull)
			continue;
		code = VARDATA_ANY(DatumGetPointer(d));
		len = VARSIZE_ANY_EXHDR(DatumGetPointer(d));
		if (!evidence_code_known(rs, jurisdiction, code, len))
			return pnstrdup(code, len);
	}
	return NULL;
}

/*
 * The hint for an unknown evidence code: the codes that lift some rule of
 * the jurisdiction on the day, and where to find them all.
 */
char *
ruleset_evidence_hint(const RuleSet *rs, int jurisdiction, DateADT day)
{
	StringInfoData codes;
	char		iso_day[ISO_DATE_BUFLEN];

	initStringInfo(&codes);
	for (int i = rs->evidence_starts[jurisdiction]; i < rs->evidence_starts[jurisdiction + 1]; i++)
		for (int x = 0; x < rs->nexceptions; x++)
		{
			const RsException *e = &rs->exceptions[x];
			const RsRule *r;

			if (strcmp(e->evidence, rs->evidence_codes[i]) != 0 || !active_on(e->from, e->until, day))
				continue;
			r = rule_by_id(rs, e->rule_id);
			if (r != NULL && r->jurisdiction == jurisdiction)
			{
				appendStringInfo(&codes, "%s%s", codes.len ? ", " : "", e->evidence);
				break;
			}
		}
	format_iso_date(day, iso_day);
	return codes.len ?
		psprintf("Evidence codes in force for %s on %s: %s. View embargo.evidence_codes lists them all.",
				 rs->jurisdictions[jurisdiction], iso_day, codes.data) :
		psprintf("No evidence code lifts a rule of %s on %s. View embargo.evidence_codes lists them all.",
				 rs->jurisdictions[jurisdiction], iso_day);
}

/* Whether the evidence array holds this code; no allocation. */
static bool
has_evidence(ArrayType *evidence, const char *code)
{
	array_iter	it;
	int			n = ArrayGetNItems(ARR_NDIM(evidence), ARR_DIMS(evidence));
	size_t		len = strlen(code);

	array_iter_setup(&it, (AnyArrayType *) evidence);
	for (int i = 0; i < n; i++)
	{
		bool		isnull;
		Datum		d = array_iter_next(&it, &isnull, i, -1, false, TYPALIGN_INT);

		if (!isnull && VARSIZE_ANY_EXHDR(DatumGetPointer(d)) == len &&
			memcmp(VARDATA_ANY(DatumGetPointer(d)), code, len) == 0)
			return true;
	}
	return false;
}

const RsException *
rule_lifting_exception(const RsRule *r, DateADT day, ArrayType *evidence)
{
	if (ARR_NDIM(evidence) == 0)
		return NULL;
	for (int i = 0; i < r->nexceptions; i++)
	{
		const RsException *x = &r->exceptions[i];

		if (active_on(x->from, x->until, day) && has_evidence(evidence, x->evidence))
			return x;
	}
	return NULL;
}

