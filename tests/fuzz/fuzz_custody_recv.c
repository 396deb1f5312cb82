/*
 * fuzz_custody_recv.c
 *		libFuzzer target: binary receive of embargo.custody, with its round trips
 *		(see harness.c).
 */
#include "postgres.h"

#include "custody.h"
#include "fuzz.h"

FUZZ_TYPE(custody_type, custody, -1, false);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_binary_input(&custody_type, data, size);
}
