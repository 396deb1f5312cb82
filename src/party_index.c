/*
 * party_index.c
 *		Indexes the words of the loaded lists' names.
 *
 * Postings: the names with each word, for candidates.  Weights: how
 * distinctive a word is among the names (ln(1 + names / names with it)),
 * so that generic words (TRADING, GOLD, CORP) weigh little.  Spellings: an
 * open-addressing multimap from hashes to words, under each word's skeleton
 * and, for longer words, each of its one-letter deletions; a query word
 * looks up its own skeleton and deletions there and so finds the words one
 * letter away (the symmetric-deletion scheme of spelling correctors),
 * which the matcher then scores.  A hash collision only costs a comparison.
 */
#include "postgres.h"

#include "common/hashfn.h"
#include "party_index.h"
#include "utils/memutils.h"

#define DELETION_SEED 0x9E3779B9

uint32
party_hash_skeleton(const char *s, int len)
{
	return hash_bytes((const unsigned char *) s, len);
}

uint32
party_hash_deletion(const char *s, int len)
{
	return hash_bytes_extended((const unsigned char *) s, len, DELETION_SEED);
}

static void
build_postings(PartyIndex *px, MemoryContext cxt)
{
	int32	   *fill;

	for (int n = 0; n < px->nnames; n++)
		for (int k = 0; k < px->names[n].nwords; k++)
			px->vocab[px->name_words[px->names[n].first_word + k]].nposting++;
	fill = palloc0(sizeof(int32) * Max(px->nvocab, 1));
	for (int v = 0, at = 0; v < px->nvocab; v++)
	{
		px->vocab[v].first_posting = at;
		at += px->vocab[v].nposting;
	}
	px->postings = MemoryContextAllocHuge(cxt, sizeof(int32) * Max(px->nname_words, 1));
	for (int n = 0; n < px->nnames; n++)
		for (int k = 0; k < px->names[n].nwords; k++)
		{
			PartyVocab *v = &px->vocab[px->name_words[px->names[n].first_word + k]];
			int32	   *slot = &fill[v - px->vocab];

			/* a name that has a word twice is one posting */
			if (*slot > 0 && px->postings[v->first_posting + *slot - 1] == n)
				continue;
			px->postings[v->first_posting + (*slot)++] = n;
		}
	for (int v = 0; v < px->nvocab; v++)
		px->vocab[v].nposting = fill[v];
	pfree(fill);
}

static void
weigh_words(PartyIndex *px)
{
	px->max_weight = (float4) log1p((double) Max(px->nnames, 1));
	for (int v = 0; v < px->nvocab; v++)
		px->vocab[v].weight = (float4) log1p((double) px->nnames / Max(px->vocab[v].nposting, 1));
}

static void
file_spelling(PartyIndex *px, uint32 hash, int32 vocab)
{
	uint32		i = hash & px->spell_mask;

	while (px->spellings[i].vocab >= 0)
		i = (i + 1) & px->spell_mask;
	px->spellings[i].hash = hash;
	px->spellings[i].vocab = vocab;
}

static void
build_spellings(PartyIndex *px, MemoryContext cxt)
{
	Size		entries = 0;
	Size		slots = 1024;
	char		buf[64];

	for (int v = 0; v < px->nvocab; v++)
		entries += 1 + (px->vocab[v].skeleton_len >= PARTY_FUZZY_MIN_LEN ? px->vocab[v].skeleton_len : 0);
	while (slots < entries * 2)
		slots *= 2;
	px->spell_mask = (uint32) (slots - 1);
	px->spellings = MemoryContextAllocHuge(cxt, sizeof(PartySpellSlot) * slots);
	memset(px->spellings, 0xFF, sizeof(PartySpellSlot) * slots);
	for (int v = 0; v < px->nvocab; v++)
	{
		const PartyVocab *w = &px->vocab[v];

		file_spelling(px, party_hash_skeleton(w->skeleton, w->skeleton_len), v);
		if (w->skeleton_len < PARTY_FUZZY_MIN_LEN || w->skeleton_len > (int) sizeof(buf))
			continue;
		for (int d = 0; d < w->skeleton_len; d++)
		{
			memcpy(buf, w->skeleton, d);
			memcpy(buf + d, w->skeleton + d + 1, w->skeleton_len - d - 1);
			file_spelling(px, party_hash_deletion(buf, w->skeleton_len - 1), v);
		}
	}
}

static int
identifier_cmp(const void *a, const void *b)
{
	return strcmp(((const PartyIdentifier *) a)->key, ((const PartyIdentifier *) b)->key);
}

void
party_index_build(PartyIndex *px, MemoryContext cxt)
{
	build_postings(px, cxt);
	weigh_words(px);
	build_spellings(px, cxt);
	if (px->nidentifiers > 1)
		qsort(px->identifiers, px->nidentifiers, sizeof(PartyIdentifier), identifier_cmp);
	px->seen = MemoryContextAllocZero(cxt, sizeof(uint32) * Max(px->nnames, 1));
	px->query_stamp = 0;
}

int32
party_index_word(const PartyIndex *px, const char *skel, int len)
{
	uint32		hash = party_hash_skeleton(skel, len);

	if (px->spellings == NULL)
		return -1;
	for (uint32 i = hash & px->spell_mask; px->spellings[i].vocab >= 0; i = (i + 1) & px->spell_mask)
	{
		const PartyVocab *v = &px->vocab[px->spellings[i].vocab];

		if (px->spellings[i].hash == hash && v->skeleton_len == len && memcmp(v->skeleton, skel, len) == 0)
			return px->spellings[i].vocab;
	}
	return -1;
}
