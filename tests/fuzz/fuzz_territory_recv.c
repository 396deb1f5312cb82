/*
 * fuzz_territory_recv.c
 *		libFuzzer target: binary receive of embargo.territory, with its round trips
 *		(see harness.c).
 */
#include "postgres.h"

#include "fuzz.h"
#include "territory.h"

FUZZ_TYPE(territory_type, territory, sizeof(Territory), true);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_binary_input(&territory_type, data, size);
}
