/*
 * enforce.h
 *		embargo.enforce(): the trigger that screens rows of import tables as
 *		they are written, and the quarantine it holds rows in.
 */
#ifndef EMBARGO_ENFORCE_H
#define EMBARGO_ENFORCE_H

#include "fmgr.h"

/* SQLSTATE of a prohibited shipment: class EM, "embargo" */
#define ERRCODE_EMBARGO_PROHIBITED	MAKE_SQLSTATE('E','M','0','0','1')

#endif							/* EMBARGO_ENFORCE_H */
