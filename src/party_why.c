/*
 * party_why.c
 *		What matched, in words, for match_party(), explain() and the audit:
 *		the listed name and the word pairs, the words left over, the legal
 *		forms set aside, and what lowered the score.
 */
#include "postgres.h"

#include "party_why.h"

static bool
paired(const PartyHit *hit, int32 vocab, int query_word)
{
	for (int k = 0; k < hit->npairs; k++)
		if (vocab >= 0 ? hit->pairs[k].vocab == vocab : hit->pairs[k].query_word == query_word)
			return true;
	return false;
}

/* The word of a listed name filed under a vocabulary word's skeleton. */
static const char *
listed_word(const PartyName *listed, const PartyVocab *v)
{
	for (int i = 0; i < listed->nwords; i++)
		if (strncmp(listed->words[i].skeleton, v->skeleton, PARTY_WORD_KEY) == 0)
			return listed->words[i].word;
	return v->word;
}

void
party_hit_why(const PartyQuery *q, const PartyHit *hit, StringInfo out)
{
	const PartyIndex *px = q->px;
	const PartyEntry *e = &px->entries[hit->entry];
	const PartyName *words = hit->query ? hit->query : &q->name;
	bool		first = true;

	if (hit->name < 0 && hit->identifier == NULL)
	{
		appendStringInfoString(out, "a party of your own, by its name");
		return;
	}
	if (hit->identifier != NULL)
	{
		appendStringInfo(out, "identifier %s %s of the entry is in the name", hit->identifier->kind,
						 hit->identifier->value);
		return;
	}
	{
		const PartyNameRec *r = &px->names[hit->name];
		PartyName	listed;

		/* the listed name's own words: the vocabulary keeps one spelling per skeleton */
		party_name_parse(r->name, strlen(r->name), &listed);
		appendStringInfo(out, "%s \"%s\": ", r->flags & PARTY_NAME_PRIMARY ? "name" : hit->weak ? "weak alias" : "alias", r->name);
		for (int k = 0; k < hit->npairs; k++)
			appendStringInfo(out, "%s%s = %s%s", k > 0 ? ", " : "",
							 words->words[hit->pairs[k].query_word].word,
							 listed_word(&listed, &px->vocab[hit->pairs[k].vocab]),
							 hit->pairs[k].similarity < 1.0f ? psprintf(" (%.2f)", hit->pairs[k].similarity) : "");
		for (int j = 0; j < r->nwords; j++)
			if (!paired(hit, px->name_words[r->first_word + j], -1))
			{
				appendStringInfo(out, "%s%s", first ? "; listed words not matched: " : ", ",
								 listed_word(&listed, &px->vocab[px->name_words[r->first_word + j]]));
				first = false;
			}
		first = true;
		for (int i = 0; i < words->nwords; i++)
			if (!paired(hit, -1, i))
			{
				appendStringInfo(out, "%s%s", first ? "; words of the name not listed: " : ", ", words->words[i].word);
				first = false;
			}
		for (int i = 0; i < q->name.nlegal; i++)
			appendStringInfo(out, "%s%s", i == 0 ? "; legal forms set aside: " : ", ", q->name.legal[i]);
		if (hit->missing_word >= 0)
			appendStringInfo(out, "; its most distinctive word \"%s\" is missing: a possible match at most",
							 px->vocab[hit->missing_word].word);
		if (hit->query != NULL)
			appendStringInfo(out, "; found by reading the name's words joined or split, as the list writes them: score x %g",
							 PARTY_READING_FACTOR);
		if (hit->weak)
			appendStringInfo(out, "; the list marks this alias weak: score x %g", PARTY_WEAK_FACTOR);
	}
	if (hit->country_differs)
	{
		appendStringInfo(out, "; country %s is not among the entry's (", q->country);
		for (int i = 0; i < e->ncountries; i++)
			appendStringInfo(out, "%s%s", i > 0 ? ", " : "", e->countries[i]);
		appendStringInfo(out, "): score x %g", PARTY_COUNTRY_FACTOR);
	}
}
