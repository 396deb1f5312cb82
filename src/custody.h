/*
 * custody.h
 *		The embargo.custody type: the chain of custody of a shipment, an
 *		ordered list of hops, each a role (mined, smelted, transit, ...), a
 *		territory, optionally a place and optionally a date.
 */
#ifndef EMBARGO_CUSTODY_H
#define EMBARGO_CUSTODY_H

#include "fmgr.h"
#include "lib/stringinfo.h"
#include "territory.h"
#include "utils/date.h"

/* In the order of the SQL enum embargo.hop_role. */
typedef enum HopRole
{
	HOP_MINED,
	HOP_CONCENTRATED,
	HOP_SMELTED,
	HOP_CAST,
	HOP_REFINED,
	HOP_PROCESSED,
	HOP_MANUFACTURED,
	HOP_TRANSIT,
	HOP_EXPORTED
} HopRole;

#define HOP_ROLE_COUNT		9
#define HOP_ROLE_BIT(r)		((uint16) (1u << (r)))
/* every role before transit changes what the goods are */
#define HOP_TRANSFORMING	((uint16) (HOP_ROLE_BIT(HOP_TRANSIT) - 1))
#define HOP_ALL_ROLES		((uint16) (HOP_ROLE_BIT(HOP_ROLE_COUNT) - 1))

#define CUSTODY_MAX_HOPS	32
#define CUSTODY_VERSION		1

#define HOP_DATED			0x01	/* flags: day is given */

/* 16 bytes, no padding */
typedef struct CustodyHop
{
	Territory	territory;
	int32		place;			/* embargo.place id, 0 if none */
	DateADT		day;			/* of production or passage; 0 unless HOP_DATED */
	uint8		role;			/* HopRole */
	uint8		flags;
	uint16		reserved;		/* always 0 */
} CustodyHop;

typedef struct Custody
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	uint8		version;		/* CUSTODY_VERSION */
	uint8		nhops;			/* 1 .. CUSTODY_MAX_HOPS */
	uint16		reserved;		/* always 0 */
	CustodyHop	hops[FLEXIBLE_ARRAY_MEMBER];
} Custody;

#define CUSTODY_SIZE(n)		(offsetof(Custody, hops) + sizeof(CustodyHop) * (n))

static inline bool
hop_dated(const CustodyHop *h)
{
	return (h->flags & HOP_DATED) != 0;
}

/* Room for the largest chain, aligned: see custody_unpack(). */
typedef union CustodyBuffer
{
	char		data[CUSTODY_SIZE(CUSTODY_MAX_HOPS)];
	int32		align;
} CustodyBuffer;

extern Custody *custody_from_datum(Datum d);
extern const Custody *custody_unpack(Datum d, CustodyBuffer *buf);
extern const char *hop_role_name(int role);
extern int	hop_role_from_name(const char *name);
extern void custody_format_hop(StringInfo buf, const CustodyHop *h);

/* A chain of nhops zeroed hops, to fill and then check. */
extern Custody *custody_alloc(int nhops);

/* Raise an error if the hops do not make a valid chain. */
extern void custody_check_hops(const CustodyHop *hops, int n);

/* The HopRole of an embargo.hop_role value, cached per call site. */
extern int	hop_role_of_enum(FunctionCallInfo fcinfo, Datum value);

#endif							/* EMBARGO_CUSTODY_H */
