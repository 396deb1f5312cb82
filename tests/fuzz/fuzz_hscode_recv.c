/*
 * fuzz_hscode_recv.c
 *		libFuzzer target: binary receive of embargo.hscode, with its round trips
 *		(see harness.c).
 */
#include "postgres.h"

#include "fuzz.h"
#include "hscode.h"

FUZZ_TYPE(hscode_type, hscode, sizeof(HsCode), true);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_binary_input(&hscode_type, data, size);
}
