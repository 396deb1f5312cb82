# embargo — PGXS build
EXTENSION = embargo
MODULE_big = embargo
OBJS = $(addprefix src/, \
	module.o \
	embargo.o \
	internal_sql.o \
	cache.o \
	history.o \
	history_rewrite.o \
	iso3166.o \
	iso3166_table.o \
	territory.o \
	hscode.o \
	index_support.o \
	origin.o \
	custody.o \
	custody_ops.o \
	translit.o \
	name_key.o \
	gazetteer_load.o \
	gazetteer.o \
	place.o \
	tagging.o \
	hop.o \
	rule_load.o \
	conflict_load.o \
	conflict_match.o \
	explain_conflict.o \
	conflict.o \
	rule_evidence.o \
	rule_index.o \
	rule_memo.o \
	rule_set.o \
	rule_jurisdiction.o \
	rule_hop.o \
	rule_match.o \
	rule_cache.o \
	party_norm.o \
	party_load.o \
	ownership_load.o \
	ownership.o \
	party_index.o \
	party_match.o \
	party_why.o \
	party.o \
	screening.o \
	screen.o \
	screen_as_of.o \
	enforce_config.o \
	audit.o \
	quarantine.o \
	enforce.o \
	rescreen.o \
	rescreen_scope.o \
	rescreen_log.o \
	version.o)

# Install and upgrade scripts live in scripts/.  Those of released versions
# are frozen, as users of those releases got them, and installed as they are.
# The install script of the current version and the upgrade step to it are
# built into build/: their schema (scripts/) followed by the shipped data,
# which tools/data_to_sql.py turns from data/*.csv into build/shipped_data.sql.
DATA_built = build/embargo--0.6.sql build/embargo--0.5--0.6.sql
DATA = $(filter-out $(addprefix scripts/,$(notdir $(DATA_built))),\
	$(patsubst $(srcdir)/%,%,$(wildcard $(srcdir)/scripts/embargo--*.sql)))
# The EU's indicative CAHRA list as published (data/cahra/README.md), for
# administrators to load with embargo.load_cahra(), never loaded by the
# scripts: installed next to them as embargo_cahra_<edition>.json, a name
# that no script pattern takes.
DATA_built += $(patsubst $(srcdir)/data/cahra/cahra-%.json,build/embargo_cahra_%.json,\
	$(wildcard $(srcdir)/data/cahra/cahra-*.json))
# README.md is installed as README.embargo.md (the contrib convention): every
# extension's docs share one directory, where a plain README.md would be
# overwritten by the next extension installed.  The copy is made by the rule
# at the end of this file.
DOCS = README.embargo.md
EXTRA_CLEAN = build $(srcdir)/README.embargo.md

REGRESS = setup territory hscode place origin textin tagging localities occupied party_list screen rule_pack rule_pack_eu rule_pack_us_uk rule_pack_ca_jp_au custody custody_pack security enforce importer workload audit_seal version catalog party_screen ownership history rescreen critical conflict_minerals smelter cahra
REGRESS_OPTS = --inputdir=. --load-extension=embargo
# pg_isolation_regress: specs in tests/isolation/specs, expected output in
# tests/isolation/expected, results in output_iso/ (PGXS's choice).
ISOLATION = gazetteer_cache gazetteer_snapshot official_list_cache rule_edits review_race release_rule_edit enforce_rule_edits audit_seal_lock rescreen_inserts
ISOLATION_OPTS = --inputdir=tests/isolation --load-extension=embargo

PG_CONFIG ?= pg_config
PG_CPPFLAGS = -I$(srcdir)/src
SHLIB_LINK = -licui18n -licuuc
PG_CFLAGS = -Wall -Wextra -Wno-unused-parameter -Wno-sign-compare \
	-Wno-missing-field-initializers
ifdef WERROR
PG_CFLAGS += -Werror
endif

PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# PGXS tracks no header dependencies; a struct change must rebuild everything.
$(OBJS): $(wildcard $(srcdir)/src/*.h)

# The library's version, compiled into src/version.c: the control file's
# default_version, so that the library and the scripts built with it agree.
EMBARGO_VERSION := $(shell sed -n "s/^default_version = '\(.*\)'/\1/p" $(srcdir)/embargo.control)
src/version.o src/version.bc: override CPPFLAGS += -DEMBARGO_VERSION='"$(EMBARGO_VERSION)"'
src/version.o src/version.bc: $(srcdir)/embargo.control

# Regenerate the ISO 3166 table from Debian's iso-codes package.  The output is
# committed, so ordinary builds do not need the package.
ISO_CODES_DIR ?= /usr/share/iso-codes/json
.PHONY: iso3166
iso3166:
	python3 tools/gen_iso3166.py $(ISO_CODES_DIR) "$$(dpkg-query -W -f='$${Version}' iso-codes 2>/dev/null)" > src/iso3166_table.c.new
	mv src/iso3166_table.c.new src/iso3166_table.c

# The shipped data as SQL (tools/data_to_sql.py checks the files first).
# PGXS may define PYTHON, empty when the server was built without it
DATA_PYTHON = $(if $(PYTHON),$(PYTHON),python3)
build/shipped_data.sql: $(srcdir)/tools/data_to_sql.py $(wildcard $(srcdir)/data/*.csv)
	@command -v $(DATA_PYTHON) >/dev/null 2>&1 || { echo "embargo: $(DATA_PYTHON) is needed to turn data/*.csv into SQL (install python3, or set PYTHON)" >&2; exit 1; }
	@mkdir -p build
	$(DATA_PYTHON) $(srcdir)/tools/data_to_sql.py $(srcdir)/data > $@.tmp
	mv $@.tmp $@

build/embargo--%.sql: $(srcdir)/scripts/embargo--%.sql build/shipped_data.sql
	cat $^ > $@

build/embargo_cahra_%.json: $(srcdir)/data/cahra/cahra-%.json
	@mkdir -p build
	cp $< $@

# The installed README: a copy of README.md under the extension's name, made
# in the source directory, where PGXS installs DOCS from (also in VPATH
# builds such as Debian's pg_buildext).
all: $(srcdir)/README.embargo.md
$(srcdir)/README.embargo.md: $(srcdir)/README.md
	cp $< $@
