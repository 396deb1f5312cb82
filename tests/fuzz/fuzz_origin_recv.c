/*
 * fuzz_origin_recv.c
 *		libFuzzer target: binary receive of embargo.origin, with its round trips
 *		(see harness.c).
 */
#include "postgres.h"

#include "fuzz.h"
#include "origin.h"

FUZZ_TYPE(origin_type, origin, sizeof(Origin), false);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_binary_input(&origin_type, data, size);
}
