/*
 * party_match.c
 *		A party's name against the lists in force.
 *
 * The query's words find the listed words at most a letter away in
 * skeleton (party_index.c), each with its Jaro-Winkler similarity.  The
 * listed names that share a distinctive query word are the candidates (a
 * generic word drives the search only when the query has nothing rarer).
 * A candidate's score aligns its words with the query's, best pairs first,
 * and weighs each word by how distinctive it is:
 *
 *     score = Σ pairs sim · (w_listed + ½ w_query) / (Σ w_listed + ½ Σ w_query)
 *
 * so that a listed word missing from the query costs its full weight (a
 * quarter for a person two of whose words matched: given names and
 * patronymics are often left out), an extra word of the query half of it,
 * and generic words little.  A name
 * whose most distinctive word is missing is at most a possible match; a
 * weak alias and a country not among the entry's lower the score.  An
 * identifier of the entry (INN, OGRN, IMO, passport, …) in the query
 * scores 1.
 */
#include "postgres.h"

#include <math.h>

#include "party_index.h"
#include "party_match.h"

/* Listed words this similar to a query word meet it. */
#define WORD_MIN_SIMILARITY 0.85f
/* The query side's share of a word's weight. */
#define QUERY_SHARE 0.5f
/* What a person's listed name word missing from the query costs, of its weight. */
#define PERSON_MISSING_SHARE 0.25f

typedef struct Candidate
{
	int32		vocab;
	float4		similarity;
} Candidate;

typedef struct QueryWord
{
	const PartyWord *word;
	int			ncand;
	int			capacity;
	Candidate  *cand;
	float4		weight;
	int64		postings;		/* names the candidates reach */
} QueryWord;

/* Jaro-Winkler similarity of two short strings. */
static float4
jaro_winkler(const char *a, int la, const char *b, int lb)
{
	bool		amatch[64] = {0};
	bool		bmatch[64] = {0};
	int			window,
				matches = 0,
				transpositions = 0,
				prefix = 0;
	double		jaro;

	if (la == 0 || lb == 0 || la > 64 || lb > 64)
		return 0;
	window = Max(Max(la, lb) / 2 - 1, 0);
	for (int i = 0; i < la; i++)
		for (int j = Max(0, i - window); j <= Min(lb - 1, i + window); j++)
			if (!bmatch[j] && a[i] == b[j])
			{
				amatch[i] = bmatch[j] = true;
				matches++;
				break;
			}
	if (matches == 0)
		return 0;
	for (int i = 0, j = 0; i < la; i++)
		if (amatch[i])
		{
			while (!bmatch[j])
				j++;
			transpositions += a[i] != b[j++];
		}
	jaro = ((double) matches / la + (double) matches / lb +
			(matches - transpositions / 2.0) / matches) / 3.0;
	while (prefix < 4 && prefix < la && prefix < lb && a[prefix] == b[prefix])
		prefix++;
	return (float4) (jaro + prefix * 0.1 * (1.0 - jaro));
}

static int
count_digits(const char *s)
{
	int			n = 0;

	for (; *s; s++)
		n += *s >= '0' && *s <= '9';
	return n;
}

static bool
has_digit(const char *s, int len)
{
	for (int i = 0; i < len; i++)
		if (s[i] >= '0' && s[i] <= '9')
			return true;
	return false;
}

/* Consider a listed word for a query word: kept if similar enough. */
static void
consider(const PartyIndex *px, QueryWord *qw, int32 vocab)
{
	const PartyVocab *v = &px->vocab[vocab];
	const PartyWord *w = qw->word;
	float4		sim;

	for (int i = 0; i < qw->ncand; i++)
		if (qw->cand[i].vocab == vocab)
			return;
	if (v->skeleton_len == w->skeleton_len && memcmp(v->skeleton, w->skeleton, v->skeleton_len) == 0)
		sim = 1.0f;
	else if (Min(v->skeleton_len, w->skeleton_len) < PARTY_FUZZY_MIN_LEN - 1 ||
			 has_digit(w->skeleton, w->skeleton_len))
		return;
	else
		sim = jaro_winkler(w->skeleton, w->skeleton_len, v->skeleton, v->skeleton_len);
	if (sim < WORD_MIN_SIMILARITY)
		return;
	if (qw->ncand == qw->capacity)
	{
		qw->capacity = qw->capacity ? qw->capacity * 2 : 8;
		qw->cand = qw->cand ? repalloc(qw->cand, sizeof(Candidate) * qw->capacity)
			: palloc(sizeof(Candidate) * qw->capacity);
	}
	qw->cand[qw->ncand++] = (Candidate) {.vocab = vocab, .similarity = sim};
	qw->postings += v->nposting;
}

static void
look_up(const PartyIndex *px, QueryWord *qw, uint32 hash)
{
	for (uint32 i = hash & px->spell_mask; px->spellings[i].vocab >= 0; i = (i + 1) & px->spell_mask)
		if (px->spellings[i].hash == hash)
			consider(px, qw, px->spellings[i].vocab);
}

/* The listed words a query word meets: same skeleton, or one letter away. */
static void
find_words(const PartyIndex *px, QueryWord *qw)
{
	const char *s = qw->word->skeleton;
	int			len = qw->word->skeleton_len;
	char		buf[64];

	look_up(px, qw, party_hash_skeleton(s, len));
	if (len >= PARTY_FUZZY_MIN_LEN - 1 && len < (int) sizeof(buf))
		look_up(px, qw, party_hash_deletion(s, len));
	if (len >= PARTY_FUZZY_MIN_LEN && len <= (int) sizeof(buf))
		for (int d = 0; d < len; d++)
		{
			memcpy(buf, s, d);
			memcpy(buf + d, s + d + 1, len - d - 1);
			look_up(px, qw, party_hash_skeleton(buf, len - 1));
			look_up(px, qw, party_hash_deletion(buf, len - 1));
		}
	qw->weight = px->max_weight;
	for (int i = 0; i < qw->ncand; i++)
		if (qw->cand[i].similarity == 1.0f)
			qw->weight = px->vocab[qw->cand[i].vocab].weight;
}

static float4
similarity_of(const QueryWord *qw, int32 vocab)
{
	for (int i = 0; i < qw->ncand; i++)
		if (qw->cand[i].vocab == vocab)
			return qw->cand[i].similarity;
	return 0;
}

static bool
has_country(const PartyEntry *e, const char *country)
{
	for (int i = 0; i < e->ncountries; i++)
		if (strcmp(e->countries[i], country) == 0)
			return true;
	return false;
}

/* A query word i and the listed name's word j, in the alignment. */
typedef struct Pairing
{
	int16		i;
	int16		j;
	float4		similarity;
} Pairing;

/* Best first; a name has a few words, so insertion sort. */
static void
sort_pairings(Pairing *p, int n)
{
	for (int i = 1; i < n; i++)
	{
		Pairing		x = p[i];
		int			k = i;

		for (; k > 0 && p[k - 1].similarity < x.similarity; k--)
			p[k] = p[k - 1];
		p[k] = x;
	}
}

/* Align a listed name's words with the query's, best pairs first, and score it. */
static void
score_name(const PartyQuery *q, const QueryWord *qws, int nq, int32 n, PartyHit *hit)
{
	const PartyIndex *px = q->px;
	const PartyNameRec *r = &px->names[n];
	const int32 *words = &px->name_words[r->first_word];
	Pairing		all[PARTY_NAME_MAX_WORDS * PARTY_NAME_MAX_WORDS];
	bool		used_q[PARTY_NAME_MAX_WORDS] = {0};
	bool		used_c[PARTY_NAME_MAX_WORDS] = {0};
	int			npairs = 0;
	double		num = 0,
				den = 0;
	int32		heaviest = 0;
	bool		partial_person;

	for (int i = 0; i < nq; i++)
		for (int j = 0; j < r->nwords; j++)
		{
			float4		sim = similarity_of(&qws[i], words[j]);

			if (sim > 0)
				all[npairs++] = (Pairing) {.i = i, .j = j, .similarity = sim};
		}
	sort_pairings(all, npairs);
	hit->npairs = 0;
	for (int k = 0; k < npairs; k++)
	{
		Pairing    *p = &all[k];

		if (used_q[p->i] || used_c[p->j])
			continue;
		used_q[p->i] = used_c[p->j] = true;
		num += p->similarity * (px->vocab[words[p->j]].weight + QUERY_SHARE * qws[p->i].weight);
		hit->pairs[hit->npairs++] = (PartyPair) {.query_word = p->i, .vocab = words[p->j],
		.similarity = p->similarity};
	}
	/* a person's name left out in part: only once two of its words matched */
	partial_person = px->entries[r->entry].individual && hit->npairs >= 2;
	for (int j = 0; j < r->nwords; j++)
	{
		float4		w = px->vocab[words[j]].weight;

		den += used_c[j] || !partial_person ? w : PERSON_MISSING_SHARE * w;
		if (px->vocab[words[j]].weight > px->vocab[words[heaviest]].weight)
			heaviest = j;
	}
	for (int i = 0; i < nq; i++)
		den += QUERY_SHARE * qws[i].weight;
	hit->name = n;
	hit->entry = r->entry;
	hit->identifier = NULL;
	hit->query = NULL;
	hit->owned = 0;
	hit->owned_rule = -1;
	hit->score = den > 0 ? (float4) (num / den) : 0;
	hit->missing_word = used_c[heaviest] ? -1 : words[heaviest];
	if (hit->missing_word >= 0)
		hit->score = Min(hit->score, q->match_threshold - PARTY_MISSING_WORD_MARGIN);
	hit->weak = (r->flags & PARTY_NAME_WEAK) != 0;
	if (hit->weak)
		hit->score *= PARTY_WEAK_FACTOR;
	hit->country_differs = q->country != NULL && px->entries[r->entry].ncountries > 0 &&
		!has_country(&px->entries[r->entry], q->country);
	if (hit->country_differs)
		hit->score *= PARTY_COUNTRY_FACTOR;
	/* three decimals: what a reader compares, and the same on every platform */
	hit->score = rintf(hit->score * 1000.0f) / 1000.0f;
}

/*
 * The words that lead to candidates, rarest first, until the words left
 * could not make a possible match on their own: a name that shares only
 * those with the query scores at most (1 + ½) W_left / (W_left + ½ W_all),
 * W the weights of the words.  So a generic word drives the search only
 * when the query has nothing rarer that could carry a match.
 */
static void
choose_drivers(const PartyQuery *q, const QueryWord *qws, int nq, bool *driver)
{
	int			order[PARTY_NAME_MAX_WORDS];
	int			n = 0;
	double		all = 0,
				left = 0;

	for (int i = 0; i < nq; i++)
	{
		driver[i] = false;
		all += qws[i].weight;
		if (qws[i].ncand == 0)
			continue;
		left += qws[i].weight;
		/* insertion by postings: queries have a handful of words */
		order[n] = i;
		for (int k = n++; k > 0 && qws[order[k - 1]].postings > qws[order[k]].postings; k--)
		{
			int			t = order[k];

			order[k] = order[k - 1];
			order[k - 1] = t;
		}
	}
	for (int k = 0; k < n; k++)
	{
		if (k > 0 && (1 + QUERY_SHARE) * left < q->possible_threshold * (left + QUERY_SHARE * all))
			break;
		driver[order[k]] = true;
		left -= qws[order[k]].weight;
	}
}

static bool
listed_by(const PartyQuery *q, int32 entry)
{
	DateADT		listed = q->px->entries[entry].listed_on;

	return listed == DATEVAL_NOBEGIN || listed <= q->day;
}

/* Keep the better hit of an entry; hits[] is indexed by the order entries were first hit. */
static List *
keep_best(List *hits, PartyHit *h)
{
	ListCell   *lc;

	foreach(lc, hits)
	{
		PartyHit   *old = lfirst(lc);

		if (old->entry == h->entry)
		{
			if (h->score > old->score)
				*old = *h;
			return hits;
		}
	}
	return lappend(hits, h);
}

static List *
match_names(PartyQuery *q, QueryWord *qws, int nq, List *hits)
{
	PartyIndex *px = (PartyIndex *) q->px;
	bool		driver[PARTY_NAME_MAX_WORDS];

	choose_drivers(q, qws, nq, driver);
	if (++px->query_stamp == 0)
	{
		memset(px->seen, 0, sizeof(uint32) * Max(px->nnames, 1));
		px->query_stamp = 1;
	}
	for (int i = 0; i < nq; i++)
		for (int c = 0; driver[i] && c < qws[i].ncand; c++)
		{
			const PartyVocab *v = &px->vocab[qws[i].cand[c].vocab];

			for (int p = 0; p < v->nposting; p++)
			{
				int32		n = px->postings[v->first_posting + p];
				PartyHit	hit;

				if (px->seen[n] == px->query_stamp)
					continue;
				px->seen[n] = px->query_stamp;
				if (!listed_by(q, px->names[n].entry))
					continue;
				score_name(q, qws, nq, n, &hit);
				if (hit.score >= q->possible_threshold)
					hits = keep_best(hits, memcpy(palloc(sizeof(PartyHit)), &hit, sizeof(PartyHit)));
			}
		}
	return hits;
}

/* The entries one of whose identifiers is a word, or two adjacent words, of the query. */
static List *
match_identifiers(PartyQuery *q, List *hits)
{
	const PartyIndex *px = q->px;

	if (px->nidentifiers == 0)
		return hits;
	for (int i = 0; i < q->name.nwords; i++)
		for (int span = 1; span <= 2 && i + span <= q->name.nwords; span++)
		{
			char	   *s;
			char	   *key;
			int			lo = 0,
						hi = px->nidentifiers;

			/* most names have no identifier in them: allocate nothing for those */
			if (count_digits(q->name.words[i].word) + (span == 2 ? count_digits(q->name.words[i + 1].word) : 0)
				< PARTY_IDENTIFIER_MIN_DIGITS)
				continue;
			s = span == 1 ? pstrdup(q->name.words[i].word)
				: psprintf("%s%s", q->name.words[i].word, q->name.words[i + 1].word);
			key = party_identifier_key(s, strlen(s));
			if (key == NULL)
				continue;
			while (lo < hi)
			{
				int			mid = (lo + hi) / 2;

				if (strcmp(px->identifiers[mid].key, key) < 0)
					lo = mid + 1;
				else
					hi = mid;
			}
			for (; lo < px->nidentifiers && strcmp(px->identifiers[lo].key, key) == 0; lo++)
			{
				PartyHit   *h = palloc0(sizeof(PartyHit));

				if (!listed_by(q, px->identifiers[lo].entry))
					continue;
				h->entry = px->identifiers[lo].entry;
				h->name = -1;
				h->identifier = &px->identifiers[lo];
				h->score = 1.0f;
				h->missing_word = -1;
				h->owned_rule = -1;
				hits = keep_best(hits, h);
			}
		}
	return hits;
}

static int
hit_cmp(const ListCell *a, const ListCell *b)
{
	const PartyHit *x = lfirst(a);
	const PartyHit *y = lfirst(b);

	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return x->entry < y->entry ? -1 : x->entry > y->entry;
}

/*
 * Whether the letters word[0..len) make a word of the lists, their skeleton
 * made in scratch (reset here): the probes of other readings allocate
 * nothing.
 */
static bool
is_listed_word(const PartyIndex *px, const char *word, int len, StringInfo scratch)
{
	resetStringInfo(scratch);
	party_word_skeleton(word, len, scratch);
	return party_index_word(px, scratch->data, scratch->len) >= 0;
}

static void
set_word(PartyWord *w, const char *word)
{
	StringInfoData skel;

	initStringInfo(&skel);
	party_word_skeleton(word, strlen(word), &skel);
	w->word = word;
	w->skeleton = skel.data;
	w->skeleton_len = skel.len;
}

/* The query with words i and i + 1 replaced by w1 (and w2, if not NULL). */
static PartyName *
reading(const PartyName *base, int i, int span, const char *w1, const char *w2)
{
	PartyName  *v = palloc(sizeof(PartyName));
	int			n = 0;

	v->nlegal = base->nlegal;
	memcpy(v->legal, base->legal, sizeof(base->legal));
	for (int k = 0; k < base->nwords && n < PARTY_NAME_MAX_WORDS; k++)
	{
		if (k == i)
		{
			set_word(&v->words[n++], w1);
			if (w2 != NULL && n < PARTY_NAME_MAX_WORDS)
				set_word(&v->words[n++], w2);
			k += span - 1;
			continue;
		}
		v->words[n++] = base->words[k];
	}
	v->nwords = n;
	return v;
}

/*
 * Other readings of the query where a list writes as one word what it
 * writes as two, or the reverse (Gazprom Neft, GAZPROMNEFT; DOM.RF, Domrf):
 * two adjacent words joined, or a word split in two, where the result is
 * made of listed words.  Most queries have none.
 */
#define PARTY_MAX_READINGS 4
/* Joined words of three letters or more, split halves of four: shorter ones make names of nothing (Li Na: LINA). */
#define PARTY_JOIN_MIN 3
#define PARTY_SPLIT_MIN 4

static int
other_readings(const PartyIndex *px, const PartyName *base, PartyName **out)
{
	StringInfoData scratch;
	char		joined[2 * PARTY_WORD_KEY + 1];
	int			n = 0;

	initStringInfo(&scratch);
	for (int i = 0; i + 1 < base->nwords && n < PARTY_MAX_READINGS; i++)
	{
		int			l1 = strlen(base->words[i].word);
		int			l2 = strlen(base->words[i + 1].word);

		if (l1 < PARTY_JOIN_MIN || l2 < PARTY_JOIN_MIN || l1 + l2 >= (int) sizeof(joined))
			continue;
		memcpy(joined, base->words[i].word, l1);
		memcpy(joined + l1, base->words[i + 1].word, l2 + 1);
		if (is_listed_word(px, joined, l1 + l2, &scratch))
			out[n++] = reading(base, i, 2, pstrdup(joined), NULL);
	}
	for (int i = 0; i < base->nwords && n < PARTY_MAX_READINGS; i++)
	{
		const char *word = base->words[i].word;
		int			len = strlen(word);

		for (int k = PARTY_SPLIT_MIN; k <= len - PARTY_SPLIT_MIN && n < PARTY_MAX_READINGS; k++)
			if (is_listed_word(px, word, k, &scratch) && is_listed_word(px, word + k, len - k, &scratch))
				out[n++] = reading(base, i, 1, pnstrdup(word, k), pstrdup(word + k));
	}
	pfree(scratch.data);
	return n;
}

static List *
match_reading(PartyQuery *q, const PartyName *words, List *hits)
{
	QueryWord	qws[PARTY_NAME_MAX_WORDS];
	List	   *found;
	ListCell   *lc;

	for (int i = 0; i < words->nwords; i++)
	{
		qws[i] = (QueryWord) {.word = &words->words[i]};
		find_words(q->px, &qws[i]);
	}
	found = match_names(q, qws, words->nwords, NIL);
	foreach(lc, found)
	{
		PartyHit   *h = lfirst(lc);

		h->query = words == &q->name ? NULL : words;
		/* another reading is a guess about the writing: it scores a little less */
		if (h->query != NULL)
			h->score = rintf(h->score * PARTY_READING_FACTOR * 1000.0f) / 1000.0f;
		if (h->score >= q->possible_threshold)
			hits = keep_best(hits, h);
	}
	return hits;
}

List *
party_match(PartyQuery *q, const char *name, int len)
{
	List	   *hits = NIL;

	party_name_parse(name, len, &q->name);
	if (q->px->nnames > 0)
	{
		PartyName  *readings[PARTY_MAX_READINGS];
		int			n = other_readings(q->px, &q->name, readings);

		hits = match_reading(q, &q->name, hits);
		for (int i = 0; i < n; i++)
			hits = match_reading(q, readings[i], hits);
	}
	hits = match_identifiers(q, hits);
	list_sort(hits, hit_cmp);
	return hits;
}
