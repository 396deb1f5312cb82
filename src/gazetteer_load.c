/*
 * gazetteer_load.c
 *		The gazetteer's loader: the only code that knows where places, names
 *		and control records come from (the extension's tables, over SPI).
 *		It fills the arrays; gazetteer.c sorts and indexes them.
 */
#include "postgres.h"

#include "embargo.h"
#include "gazetteer_load.h"
#include "internal_sql.h"
#include "name_key.h"
#include "utils/builtins.h"

typedef struct Loading
{
	void	   *data;
	MemoryContext cxt;
	int			capacity;
} Loading;

static void
load_place(Datum *v, bool *n, void *arg)
{
	Loading    *l = arg;
	Gazetteer  *g = l->data;
	text	   *katotth = n[4] ? NULL : DatumGetTextPP(v[4]);

	g->places = grow_array(g->places, g->nplaces, &l->capacity, sizeof(GzPlace), l->cxt);
	g->places[g->nplaces++] = (GzPlace) {
		.id = DatumGetInt32(v[0]),
		.territory = DatumGetTerritory(v[1]),
		.kind = MemoryContextStrdup(l->cxt, TextDatumGetCString(v[2])),
		.name = MemoryContextStrdup(l->cxt, TextDatumGetCString(v[3])),
		.katotth = katotth ? katotth_digits(VARDATA_ANY(katotth), VARSIZE_ANY_EXHDR(katotth)) : 0,
		.parent = n[5] ? 0 : DatumGetInt32(v[5]),
	};
}

#define PLACE_COLUMNS "SELECT id, territory, kind, name, katotth, %s FROM " EXTENSION_SCHEMA ".place"

void
gazetteer_load_places(Gazetteer *g, MemoryContext cxt, bool has_parent)
{
	Loading		l = {.data = g, .cxt = cxt};

	internal_sql_each_row(psprintf(PLACE_COLUMNS, has_parent ? "parent_id" : "NULL::integer"),
						  load_place, &l);
}

/* A name or alias with its key, computed here with the current ICU. */
static void
load_name(Datum *v, bool *n, void *arg)
{
	Loading    *l = arg;
	GzNameIndex *g = l->data;
	text	   *key = place_name_key(DatumGetTextPP(v[1]));

	g->names = grow_array(g->names, g->nnames, &l->capacity, sizeof(GzName), l->cxt);
	g->names[g->nnames++] = (GzName) {
		.place_id = DatumGetInt32(v[0]),
		.key = MemoryContextStrdup(l->cxt, text_to_cstring(key)),
	};
}

void
gazetteer_load_names(GzNameIndex *g, MemoryContext cxt)
{
	Loading		l = {.data = g, .cxt = cxt};

	internal_sql_each_row("SELECT id, name FROM " EXTENSION_SCHEMA ".place UNION ALL "
						  "SELECT place_id, name FROM " EXTENSION_SCHEMA ".place_name",
						  load_name, &l);
}

static void
load_control(Datum *v, bool *n, void *arg)
{
	Loading    *l = arg;
	Gazetteer  *g = l->data;
	char	   *controller = TextDatumGetCString(v[3]);
	GzControl  *c;

	g->controls = grow_array(g->controls, g->ncontrols, &l->capacity, sizeof(GzControl), l->cxt);
	c = &g->controls[g->ncontrols++];
	*c = (GzControl) {
		.is_place = !n[2],
		.id = DatumGetInt32(v[0]),
		.key = n[2] ? DatumGetTerritory(v[1]) : DatumGetInt32(v[2]),
		.partial = strcmp(TextDatumGetCString(v[4]), "partial") == 0,
		.from = n[5] ? DATEVAL_NOBEGIN : DatumGetDateADT(v[5]),
		.until = n[6] ? DATEVAL_NOEND : DatumGetDateADT(v[6]),
		.official = DatumGetBool(v[7]),
	};
	/* the table's CHECK constraint makes this can't-happen */
	if (!controller_parse(controller, &c->controller))
		elog(ERROR, "control row %d has an invalid controller \"%s\"", c->id, controller);
}

/*
 * The hand-made rows, and those of the edition in force of each official
 * list (the latest loaded); 0.5 and older have no lists.
 */
#define CONTROL_COLUMNS "SELECT c.id, c.territory, c.place_id, c.controller, c.coverage, " \
	"c.valid_from, c.valid_until, "
#define CONTROL_FROM " FROM " EXTENSION_SCHEMA ".control c"
#define IN_FORCE " WHERE c.list IS NULL OR c.edition OPERATOR(pg_catalog.=) " \
	"(SELECT pg_catalog.max(o.edition) FROM " EXTENSION_SCHEMA ".official_list o " \
	"WHERE o.list OPERATOR(pg_catalog.=) c.list)"

void
gazetteer_load_controls(Gazetteer *g, MemoryContext cxt, bool has_lists)
{
	Loading		l = {.data = g, .cxt = cxt};

	internal_sql_each_row(has_lists ?
						  CONTROL_COLUMNS "c.list IS NOT NULL" CONTROL_FROM IN_FORCE :
						  CONTROL_COLUMNS "false" CONTROL_FROM,
						  load_control, &l);
}


static void
load_hostility(Datum *v, bool *n, void *arg)
{
	static const char *const kinds[] = {
		[HOSTILITY_ACTIVE] = "active_hostilities",
		[HOSTILITY_ACTIVE_WITH_E_RESOURCES] = "active_hostilities_with_e_resources",
		[HOSTILITY_POSSIBLE] = "possible_hostilities",
	};
	Loading    *l = arg;
	Gazetteer  *g = l->data;
	int			kind = name_index(kinds, lengthof(kinds), TextDatumGetCString(v[1]));

	/* the table's CHECK constraint makes this can't-happen */
	if (kind < 0)
		elog(ERROR, "a hostility row has an unknown category");
	g->hostilities = grow_array(g->hostilities, g->nhostilities, &l->capacity, sizeof(GzHostility), l->cxt);
	g->hostilities[g->nhostilities++] = (GzHostility) {
		.place = DatumGetInt32(v[0]),
		.kind = kind,
		.from = n[2] ? DATEVAL_NOBEGIN : DatumGetDateADT(v[2]),
		.until = n[3] ? DATEVAL_NOEND : DatumGetDateADT(v[3]),
	};
}

void
gazetteer_load_hostilities(Gazetteer *g, MemoryContext cxt)
{
	Loading		l = {.data = g, .cxt = cxt};

	internal_sql_each_row("SELECT h.place_id, h.category, h.valid_from, h.valid_until "
						  "FROM " EXTENSION_SCHEMA ".hostility h WHERE h.edition OPERATOR(pg_catalog.=) "
						  "(SELECT pg_catalog.max(o.edition) FROM " EXTENSION_SCHEMA ".official_list o "
						  "WHERE o.list OPERATOR(pg_catalog.=) h.list)",
						  load_hostility, &l);
}
