/*
 * module.c
 *		The embargo extension's module magic and its set-up at load.
 *
 * The types and functions live in one file per stage of the data flow or
 * per type; see the README's map of src/.
 */
#include "postgres.h"

#include "audit.h"
#include "fmgr.h"
#include "party.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

/* Loaded once per backend: the audit writer's hooks (audit.c), the party settings (party.c). */
void
_PG_init(void)
{
	audit_init();
	party_init();
}
