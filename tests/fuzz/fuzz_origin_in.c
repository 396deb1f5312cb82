/*
 * fuzz_origin_in.c
 *		libFuzzer target: text input of embargo.origin, with its round trips
 *		(see harness.c).
 */
#include "postgres.h"

#include "fuzz.h"
#include "origin.h"

FUZZ_TYPE(origin_type, origin, sizeof(Origin), false);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_text_input(&origin_type, data, size);
}
