/*
 * hscode.h
 *		The embargo.hscode type: a Harmonized System code of 2, 4, 6, 8 or 10
 *		digits, stored as a pass-by-value int64.
 *
 * Encoding: the digits right-padded with zeros to ten digits, times 8, plus
 * the number of digit pairs (1..5).  Integer order is then code order with a
 * code sorting just before everything it contains ('28' < '2805' <
 * '2805.30' < '2806'), and all descendants of a code form one contiguous
 * integer range, which is what lets a btree index answer "code <@ '2805'".
 */
#ifndef EMBARGO_HSCODE_H
#define EMBARGO_HSCODE_H

#include "fmgr.h"

typedef int64 HsCode;

#define DatumGetHsCode(X)		DatumGetInt64(X)
#define HsCodeGetDatum(X)		Int64GetDatum(X)
#define PG_GETARG_HSCODE(n)		DatumGetHsCode(PG_GETARG_DATUM(n))
#define PG_RETURN_HSCODE(x)		return HsCodeGetDatum(x)

#define HSCODE_MAX_DIGITS		10
#define HSCODE_PAIRS_BITS		3
/* "2805.30.00.00" plus the terminating NUL */
#define HSCODE_BUFLEN			14

static inline int
hscode_ndigits(HsCode c)
{
	return (int) (c & ((1 << HSCODE_PAIRS_BITS) - 1)) * 2;
}

static inline int64
hscode_padded(HsCode c)
{
	return c >> HSCODE_PAIRS_BITS;
}

static inline HsCode
hscode_make(int64 padded, int ndigits)
{
	return (padded << HSCODE_PAIRS_BITS) | (ndigits / 2);
}

extern HsCode hscode_truncate(HsCode c, int ndigits);
extern HsCode hscode_last_descendant(HsCode c);
extern bool hscode_contains(HsCode outer, HsCode inner);

/*
 * Whether one of n prefixes holds c, given them sorted in code order, none
 * within another (disjoint ranges): by binary search.
 */
extern bool hscode_sorted_prefixes_hold(const HsCode *prefixes, int n, HsCode c);
extern void hscode_format(HsCode c, char *buf);

#endif							/* EMBARGO_HSCODE_H */
