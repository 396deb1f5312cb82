/*
 * enforce_config.h
 *		The configuration of one embargo.enforce() trigger: its mode and the
 *		columns its arguments name, checked when the trigger is created and
 *		resolved once per table, not per row.
 */
#ifndef EMBARGO_ENFORCE_CONFIG_H
#define EMBARGO_ENFORCE_CONFIG_H

#include "commands/trigger.h"
#include "executor/spi.h"
#include "rule_set.h"

typedef enum EnforceMode
{
	MODE_PROHIBIT,
	MODE_FLAG,
	MODE_QUARANTINE
} EnforceMode;

/* Input and output columns, by their trigger argument keys. */
typedef enum Slot
{
	SLOT_TERRITORY,
	SLOT_PLACE,
	SLOT_HS,
	SLOT_DATE,
	SLOT_JURISDICTION,
	SLOT_EVIDENCE,
	SLOT_CUSTODY,
	SLOT_PARTY,
	SLOT_KEY,
	SLOT_OUT_VERDICT,
	SLOT_OUT_ORIGIN,
	SLOT_OUT_RULES,
	NSLOTS
} Slot;

typedef struct EnforceConfig
{
	Oid			trigger;		/* hash key */
	Oid			relid;
	Oid			root_relid;		/* the partitioned table a partition belongs to, or relid */
	bool		valid;
	EnforceMode mode;
	Verdict		threshold;
	AttrNumber	att[NSLOTS];	/* 0: not given */
	bool		place_is_text;
	bool		party_is_array; /* the party column is text[], not text */
	text	   *jurisdiction;	/* a fixed jurisdiction, upper case, or NULL: from a column */
	char	   *table;			/* qualified name, for messages and the quarantine */
	SPIPlanPtr	hold_plan;		/* INSERT INTO quarantine, with this table's row type */
	bool		version_noted;	/* embargo.rescreen_state has been written this session */
	char		noted_version[33];
} EnforceConfig;

/* This trigger's configuration, built at its first row after any change. */
extern EnforceConfig *enforce_config_get(TriggerData *td);

#endif							/* EMBARGO_ENFORCE_CONFIG_H */
