# embargo — PGXS build
EXTENSION = embargo
MODULE_big = embargo
OBJS = $(addprefix src/, \
	module.o \
	embargo.o \
	internal_sql.o \
	cache.o \
	iso3166.o \
	iso3166_table.o \
	territory.o \
	hscode.o \
	index_support.o \
	origin.o \
	custody.o \
	custody_ops.o \
	name_key.o \
	gazetteer.o \
	place.o \
	tagging.o \
	hop.o \
	rule_load.o \
	rule_evidence.o \
	rule_index.o \
	rule_memo.o \
	rule_set.o \
	rule_jurisdiction.o \
	rule_hop.o \
	rule_match.o \
	rule_cache.o \
	screening.o \
	screen.o \
	enforce_config.o \
	audit.o \
	quarantine.o \
	enforce.o)

# The 0.2 -> 0.3 and 0.4 -> 0.5 steps are their schema changes (upgrade/)
# followed by the shipped rule pack or its changes, data files of their own;
# the 0.5 -> 0.6 step is its changes followed by the audit seal.
DATA_built = embargo--0.2--0.3.sql embargo--0.4--0.5.sql embargo--0.5--0.6.sql
DATA = $(filter-out $(DATA_built),$(wildcard embargo--*.sql))
# README.md is installed as README.embargo.md (the contrib convention): every
# extension's docs share one directory, where a plain README.md would be
# overwritten by the next extension installed.  The copy is made by the rule
# at the end of this file.
DOCS = README.embargo.md
EXTRA_CLEAN = $(srcdir)/README.embargo.md

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

embargo--0.2--0.3.sql: upgrade/embargo--0.2--0.3.sql data/rule_pack.sql
	cat $^ > $@

embargo--0.4--0.5.sql: upgrade/embargo--0.4--0.5.sql data/rule_pack_0.5.sql
	cat $^ > $@

embargo--0.5--0.6.sql: upgrade/embargo--0.5--0.6.sql upgrade/audit_seal.sql
	cat $^ > $@

# The installed README: a copy of README.md under the extension's name, made
# in the source directory, where PGXS installs DOCS from (also in VPATH
# builds such as Debian's pg_buildext).
all: $(srcdir)/README.embargo.md
$(srcdir)/README.embargo.md: $(srcdir)/README.md
	cp $< $@
