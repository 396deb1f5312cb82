# embargo — PGXS build
EXTENSION = embargo
MODULE_big = embargo
OBJS = $(addprefix src/, \
	embargo.o \
	iso3166.o \
	iso3166_table.o \
	territory.o \
	hscode.o \
	index_support.o \
	place.o \
	origin.o \
	gazetteer.o \
	tagging.o \
	rules.o \
	screen.o \
	enforce.o \
	custody.o \
	internal_sql.o \
	enforce_config.o \
	audit.o \
	quarantine.o)

# Install and upgrade scripts, all in scripts/.  Those of released versions
# are frozen: each is the file users of that release got.
DATA = $(wildcard scripts/embargo--*.sql)
DOCS = README.md

REGRESS = setup territory hscode place origin textin tagging screen rule_pack custody custody_pack security enforce importer workload audit_seal catalog
REGRESS_OPTS = --inputdir=. --load-extension=embargo
# pg_isolation_regress: specs in tests/isolation/specs, expected output in
# tests/isolation/expected, results in output_iso/ (PGXS's choice).
ISOLATION = gazetteer_cache gazetteer_snapshot rule_edits review_race release_rule_edit enforce_rule_edits audit_seal_lock
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

# Regenerate the ISO 3166 table from Debian's iso-codes package.  The output is
# committed, so ordinary builds do not need the package.
ISO_CODES_DIR ?= /usr/share/iso-codes/json
.PHONY: iso3166
iso3166:
	python3 tools/gen_iso3166.py $(ISO_CODES_DIR) "$$(dpkg-query -W -f='$${Version}' iso-codes 2>/dev/null)" > src/iso3166_table.c.new
	mv src/iso3166_table.c.new src/iso3166_table.c
