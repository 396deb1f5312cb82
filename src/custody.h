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
/* a chain of which a hop names a facility: an older library refuses it whole */
#define CUSTODY_VERSION_FACILITIES 2

#define HOP_DATED			0x01	/* flags: day is given */
#define HOP_FACILITY		0x02	/* flags: the hop names a facility */

#define CUSTODY_FACILITY_MAX 32 /* characters of a facility id */

/* 16 bytes, no padding */
typedef struct CustodyHop
{
	Territory	territory;
	int32		place;			/* embargo.place id, 0 if none */
	DateADT		day;			/* of production or passage; 0 unless HOP_DATED */
	uint8		role;			/* HopRole */
	uint8		flags;
	uint16		facility;		/* with HOP_FACILITY, where its id lies in the value
								 * (a byte offset from its start); else 0 */
} CustodyHop;

typedef struct Custody
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	uint8		version;		/* CUSTODY_VERSION, or _FACILITIES */
	uint8		nhops;			/* 1 .. CUSTODY_MAX_HOPS */
	uint16		reserved;		/* always 0 */
	CustodyHop	hops[FLEXIBLE_ARRAY_MEMBER];
	/* then the facility ids the hops name, NUL-terminated, in hop order */
} Custody;

#define CUSTODY_SIZE(n)		(offsetof(Custody, hops) + sizeof(CustodyHop) * (n))

static inline bool
hop_dated(const CustodyHop *h)
{
	return (h->flags & HOP_DATED) != 0;
}

/* The facility id hop i names, or NULL. */
static inline const char *
custody_facility(const Custody *c, int i)
{
	return (c->hops[i].flags & HOP_FACILITY) ? (const char *) c + c->hops[i].facility : NULL;
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
extern void custody_format_hop(StringInfo buf, const Custody *c, int i);

/*
 * A chain of n hops (flags and offsets of facilities are set here), each
 * naming the facility facilities[i] (none if facilities or it is NULL).
 */
extern Custody *custody_make(const CustodyHop *hops, const char *const *facilities, int n);

/* Whether a facility id is well formed; NULL, or why not. */
extern const char *custody_facility_problem(const char *id);

/* Raise an error if the hops do not make a valid chain. */
extern void custody_check_hops(const CustodyHop *hops, int n);

/* The HopRole of an embargo.hop_role value, cached per call site. */
extern int	hop_role_of_enum(FunctionCallInfo fcinfo, Datum value);

#endif							/* EMBARGO_CUSTODY_H */
