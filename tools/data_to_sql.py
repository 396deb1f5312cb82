#!/usr/bin/env python3
"""The shipped data of embargo (data/*.csv) as SQL.

Usage: tools/data_to_sql.py DATA_DIR > build/shipped_data.sql

Reads the CSV files of DATA_DIR (described in data/README.md), checks them,
and writes the SQL that the build appends to the current install script and
to the latest upgrade step (scripts/).  That SQL loads the rows into
temporary tables and brings the shipped rows of the extension's tables to
them:

  * rows added to the files are inserted, rows changed in them updated, and
    shipped rows no longer in them deleted (children before parents);
  * user rows (shipped = false) are never touched.  Where one is in the way
    -- it has a key the data now ships, or it refers to a shipped row the
    data withdraws -- the script stops with an error naming it, before
    anything is changed;
  * embargo.data_edition is replaced by data/editions.csv;
  * the shipped edition of each official list (data/ua_occupied.csv: Order
    No. 376, Ukraine's list of occupied territories) is put in the staging
    table and loaded by embargo.load_official_list(), as an administrator
    loads a newer edition, but as shipped rows (see load_official_list).

In CREATE EXTENSION the tables are empty and every row is inserted; in
ALTER EXTENSION UPDATE only what differs is written.

The files are CSV (RFC 4180 quoting, UTF-8, a header line naming the
columns in the order below).  An empty field is NULL, except in a list
column that cannot be NULL (rule.hs), where it is the empty list; lists are
separated by spaces.  Errors name the file and line, and the exit status is
1.
"""

import csv
import datetime
import re
import sys
from pathlib import Path


class Col:
    """A column of a data file, loaded into the table column of its name.

    sqltype   the staging column's type (the table column's)
    required  the field may not be empty
    listof    the field is a space-separated list; empty is '{}' when
              required is False and empty_list is True, else NULL
    refers    (file, column): the value must be a key of that file
    label     (column, file, file column): not loaded; a reader's aid that
              must equal the named column of the row that `column` refers to
    derived   not in the file: filled from another file (see merge_katotth and
              merge_geonames)
    """

    def __init__(self, name, sqltype=None, required=False, listof=None,
                 empty_list=False, refers=None, label=None, check=None, derived=False):
        self.derived = derived
        self.name = name
        self.sqltype = sqltype
        self.required = required
        self.listof = listof
        self.empty_list = empty_list
        self.refers = refers
        self.label = label
        self.check = check

    @property
    def loaded(self):
        return self.label is None


class Table:
    """A data file and the extension table its rows are shipped in."""

    def __init__(self, file, table, key, columns, fixed=None, shipped=True):
        self.file = file
        self.table = table
        self.key = key
        self.columns = columns
        self.fixed = fixed or {}     # table columns set to a constant
        self.shipped = shipped       # the table has a shipped column
        self.rows = []               # (line number, {column: value or None})
        self.path = None             # where the rows were read from

    @property
    def loaded(self):
        return [c for c in self.columns if c.loaded]

    @property
    def staging(self):
        return 'embargo_shipped_' + self.table


DATE = re.compile(r'^\d{4}-\d{2}-\d{2}$')
HS = re.compile(r'^\d+(\.\d+)*$')
CONTROLLER = re.compile(r'^([A-Z]{2}|[A-Z][A-Z0-9]{2,4})$')
ID = dict(sqltype='integer', required=True)
SOURCE = dict(sqltype='text', required=True)
CATEGORIES = ('ore', 'intermediate', 'metal', 'product')
HOP_ROLES = ('mined', 'concentrated', 'smelted', 'cast', 'refined', 'processed',
             'manufactured', 'transit', 'exported')


def is_date(v):
    if not DATE.match(v):
        return False
    try:
        datetime.date.fromisoformat(v)
    except ValueError:
        return False
    return True


# The data files, parents before children.  The column order is the files'.
TABLES = [
    Table('places.csv', 'place', ('id',), [
        Col('id', **ID),
        Col('territory', '@extschema@.territory', required=True),
        Col('kind', 'text', required=True),
        Col('name', 'text', required=True),
        Col('katotth', 'text'),
        Col('latitude', 'double precision'),
        Col('longitude', 'double precision'),
        Col('source', **SOURCE),
        Col('parent_id', 'integer', derived=True),
    ]),
    Table('place_names.csv', 'place_name', ('place_id', 'name'), [
        Col('place_id', **ID, refers=('places.csv', 'id')),
        Col('place', label=('place_id', 'places.csv', 'name')),
        Col('name', 'text', required=True),
    ]),
    Table('authorities.csv', 'authority', ('code',), [
        Col('code', 'text', required=True),
        Col('name', 'text', required=True),
        Col('backed_by', '@extschema@.territory'),
        Col('source', **SOURCE),
    ]),
    Table('control.csv', 'control', ('id',), [
        Col('id', **ID),
        Col('territory', '@extschema@.territory'),
        Col('place_id', 'integer', refers=('places.csv', 'id')),
        Col('place', label=('place_id', 'places.csv', 'name')),
        Col('controller', 'text', required=True, check='controller'),
        Col('coverage', 'text', required=True),
        Col('valid_from', 'date'),
        Col('valid_until', 'date'),
        Col('source', **SOURCE),
    ]),
    # before rules.csv: a rule may be scoped to a list (rule.hs_list)
    Table('critical_lists.csv', 'critical_list', ('name',), [
        Col('name', 'text', required=True),
        Col('title', 'text', required=True),
        Col('jurisdiction', 'text', required=True),
        Col('instrument', 'text', required=True),
        Col('citation', **SOURCE),
        Col('published', 'date', required=True),
        Col('note', 'text'),
    ]),
    Table('critical_minerals.csv', 'critical_mineral', ('list', 'mineral', 'hs'), [
        Col('list', 'text', required=True, refers=('critical_lists.csv', 'name')),
        Col('mineral', 'text', required=True),
        Col('hs', '@extschema@.hscode', required=True, check='hs'),
        Col('category', 'text', required=True, check='category'),
        Col('uncertain', 'boolean', required=True, check='boolean'),
        Col('note', 'text'),
    ]),
    Table('rules.csv', 'rule', ('id',), [
        Col('id', **ID),
        Col('jurisdiction', 'text', required=True),
        Col('action', '@extschema@.verdict', required=True),
        Col('territory', '@extschema@.territory'),
        Col('place_id', 'integer', refers=('places.csv', 'id')),
        Col('controller', 'text', check='controller'),
        Col('status', 'text'),
        Col('hs', '@extschema@.hscode[]', listof='hs', empty_list=True),
        Col('valid_from', 'date'),
        Col('valid_until', 'date'),
        Col('hop_roles', '@extschema@.hop_role[]', listof='hop_role'),
        Col('hop_select', 'text'),
        Col('hop_date_from', 'date'),
        Col('instrument', 'text', required=True),
        Col('article', 'text'),
        Col('citation', **SOURCE),
        Col('note', 'text'),
        Col('hs_list', 'text'),
        Col('cahra', 'boolean'),
        Col('smelter_conformant', 'boolean'),
    ], fixed={'enabled': 'true'}),
    Table('rule_exceptions.csv', 'rule_exception', ('id',), [
        Col('id', **ID),
        Col('rule_id', **ID, refers=('rules.csv', 'id')),
        Col('evidence', 'text', required=True),
        Col('valid_from', 'date'),
        Col('valid_until', 'date'),
        Col('description', 'text', required=True),
        Col('citation', **SOURCE),
    ]),
    Table('party_programs.csv', 'party_program', ('list', 'program'), [
        Col('list', 'text', required=True),
        Col('program', 'text', required=True),
        Col('meaning', 'text', required=True),
        Col('citation', **SOURCE),
        Col('note', 'text'),
    ]),
    Table('ownership_rules.csv', 'ownership_rule', ('jurisdiction',), [
        Col('jurisdiction', 'text', required=True),
        Col('threshold', 'numeric', required=True),
        Col('at_threshold', 'boolean', required=True),
        Col('aggregate', 'boolean', required=True),
        Col('votes_count', 'boolean', required=True),
        Col('control_blocks', 'boolean', required=True),
        Col('citation', **SOURCE),
        Col('note', 'text'),
    ]),
    Table('editions.csv', 'data_edition', ('name',), [
        Col('name', 'text', required=True),
        Col('edition', 'text', required=True),
        Col('source', **SOURCE),
    ], shipped=False),
]
BY_FILE = {t.file: t for t in TABLES}


class DataError(Exception):
    pass


def read(data_dir, t):
    """Read and check the fields of one file, one row at a time."""
    path = t.path = Path(data_dir) / t.file
    where = lambda line: f'{path}:{line}'
    columns = [c for c in t.columns if not c.derived]
    names = [c.name for c in columns]
    with open(path, newline='', encoding='utf-8') as f:
        reader = csv.reader(f, strict=True)
        try:
            header = next(reader)
        except StopIteration:
            raise DataError(f'{where(1)}: empty file (expected a header: {",".join(names)})')
        if header != names:
            raise DataError(f'{where(1)}: the header must be {",".join(names)}, not {",".join(header)}')
        keys = set()
        for fields in reader:
            line = reader.line_num
            if len(fields) != len(names):
                raise DataError(f'{where(line)}: {len(fields)} fields, expected {len(names)}')
            row = {c.name: None for c in t.columns if c.derived}
            for c, v in zip(columns, fields):
                if v != v.strip() or any(ord(ch) < 32 for ch in v):
                    raise DataError(f'{where(line)}: {c.name}: leading or trailing space, or a control character')
                if v == '':
                    if c.required:
                        raise DataError(f'{where(line)}: {c.name} is required')
                    row[c.name] = None
                    continue
                check_value(c, v, f'{where(line)}: {c.name}')
                row[c.name] = v
            if 'id' in row and t.shipped and not 1 <= int(row['id']) <= 999999:
                raise DataError(f'{where(line)}: id {row["id"]}: shipped ids are 1 to 999999 (user rows have the rest)')
            if t.table == 'control' and OFFICIAL_LIST_IDS[0] <= int(row['id']) <= OFFICIAL_LIST_IDS[1]:
                raise DataError(f'{where(line)}: id {row["id"]}: ids {OFFICIAL_LIST_IDS[0]} to {OFFICIAL_LIST_IDS[1]} '
                                f'are the shipped official lists\' (numbered by embargo.load_official_list)')
            key = tuple(row[k] for k in t.key)
            if key in keys:
                raise DataError(f'{where(line)}: {", ".join(t.key)} {"/".join(key)} is already in the file')
            keys.add(key)
            t.rows.append((line, row))


def check_value(c, v, where):
    if c.sqltype == 'integer' and not re.match(r'^-?\d+$', v):
        raise DataError(f'{where}: "{v}" is not an integer')
    if c.sqltype == 'double precision':
        try:
            float(v)
        except ValueError:
            raise DataError(f'{where}: "{v}" is not a number')
    if c.sqltype == 'date' and not is_date(v):
        raise DataError(f'{where}: "{v}" is not a date (YYYY-MM-DD)')
    if c.check == 'controller' and not CONTROLLER.match(v):
        raise DataError(f'{where}: "{v}" is neither an ISO 3166-1 code nor an authority code')
    if c.check == 'hs' and not HS.match(v):
        raise DataError(f'{where}: "{v}" is not an HS code in its canonical form (digits and dots)')
    if c.check == 'category' and v not in CATEGORIES:
        raise DataError(f'{where}: "{v}" is not a stage of the chain ({", ".join(CATEGORIES)})')
    if c.check == 'boolean' and v not in ('true', 'false'):
        raise DataError(f'{where}: "{v}" is neither true nor false')
    if c.listof == 'hs':
        for item in v.split(' '):
            if not HS.match(item):
                raise DataError(f'{where}: "{item}" is not an HS code in its canonical form (digits and dots)')
    if c.listof == 'hop_role':
        for item in v.split(' '):
            if item not in HOP_ROLES:
                raise DataError(f'{where}: "{item}" is not a hop role ({", ".join(HOP_ROLES)})')


# Ukraine's KATOTTH codifier (tools/katotth_to_csv.py): every unit a place,
# under its parent, with its Ukrainian name and national transliteration.
KATOTTH_FILE = 'ua_katotth.csv'
KATOTTH_HEADER = ['id', 'katotth', 'category', 'parent', 'territory', 'name_uk', 'name_lat', 'edition']
KATOTTH_KINDS = {'O': 'oblast', 'K': 'city', 'P': 'raion', 'H': 'hromada', 'M': 'city',
                 'X': 'selyshche', 'C': 'village', 'B': 'city_district'}
KATOTTH_CODE = re.compile(r'^UA\d{17}$')


def csv_rows(path, header):
    """The rows of a data file with this exact header: (where, line number,
    fields), each with as many fields as the header."""
    with open(path, newline='', encoding='utf-8') as f:
        reader = csv.reader(f, strict=True)
        if next(reader, None) != header:
            raise DataError(f'{path}:1: the header must be {",".join(header)}')
        for fields in reader:
            where = f'{path}:{reader.line_num}'
            if len(fields) != len(header):
                raise DataError(f'{where}: {len(fields)} fields, expected {len(header)}')
            yield where, reader.line_num, fields


def read_katotth(data_dir):
    path = Path(data_dir) / KATOTTH_FILE
    units = []
    for where, _, fields in csv_rows(path, KATOTTH_HEADER):
        u = dict(zip(KATOTTH_HEADER, fields))
        if not re.match(r'^\d+$', u['id']) or not 1 <= int(u['id']) <= 999999:
            raise DataError(f'{where}: id {u["id"]}: shipped ids are 1 to 999999')
        if not KATOTTH_CODE.match(u['katotth']) or (u['parent'] and not KATOTTH_CODE.match(u['parent'])):
            raise DataError(f'{where}: a code is not UA and 17 digits')
        if u['category'] not in KATOTTH_KINDS or not u['name_uk'] or not u['name_lat'] \
                or not is_date(u['edition']) or not re.match(r'^UA-[0-9A-Z]{2}$', u['territory']):
            raise DataError(f'{where}: malformed unit')
        u['where'] = where
        units.append(u)
    return units


def merge_katotth(data_dir):
    """The units become place rows (or complete the hand-made place of their
    code) and their names place_name rows."""
    places = BY_FILE['places.csv']
    names = BY_FILE['place_names.csv']
    units = read_katotth(data_dir)
    by_id = {r['id']: r for _, r in places.rows}
    id_of = {u['katotth']: u['id'] for u in units}
    if len(id_of) != len(units) or len({u['id'] for u in units}) != len(units):
        raise DataError(f'{KATOTTH_FILE}: a code or an id appears twice')
    have_names = {(r['place_id'], r['name']) for _, r in names.rows}
    for u in units:
        if u['parent'] and u['parent'] not in id_of:
            raise DataError(f'{u["where"]}: parent {u["parent"]} is not in the file')
        parent = id_of.get(u['parent'])
        row = by_id.get(u['id'])
        if row is None:
            row = {'id': u['id'], 'territory': u['territory'], 'kind': KATOTTH_KINDS[u['category']],
                   'name': u['name_lat'], 'katotth': u['katotth'], 'latitude': None, 'longitude': None,
                   'source': f'KATOTTH, Ministry for Communities and Territories Development of Ukraine, '
                             f'edition {u["edition"]}', 'parent_id': None}
            places.rows.append((u['where'], row))
            by_id[u['id']] = row
        elif row['katotth'] != u['katotth'] or row['territory'] != u['territory']:
            raise DataError(f'{u["where"]}: id {u["id"]} is place {row["name"]} of places.csv, '
                            f'whose katotth or territory differs')
        row['parent_id'] = parent
        for name in (u['name_uk'], u['name_lat']):
            if name != row['name'] and (u['id'], name) not in have_names:
                names.rows.append((u['where'], {'place_id': u['id'], 'place': row['name'], 'name': name}))
                have_names.add((u['id'], name))


# Localities of Transnistria and the north of Cyprus from GeoNames' postal-code
# extracts (tools/geonames_to_csv.py): new places under the region place
# they lie in, and coordinates for the places of places.csv they include.
GEONAMES_FILE = 'geonames_localities.csv'
GEONAMES_HEADER = ['id', 'territory', 'name', 'other_name', 'postal_codes', 'latitude', 'longitude',
                   'accuracy', 'parent_id', 'district', 'source']
GEONAMES_IDS = range(200000, 210000)
TERRITORY = re.compile(r'^[A-Z]{2}(-[0-9A-Z]{1,3})?$')


def read_geonames(data_dir):
    path = Path(data_dir) / GEONAMES_FILE
    rows = []
    for where, _, fields in csv_rows(path, GEONAMES_HEADER):
        g = dict(zip(GEONAMES_HEADER, fields))
        for k, v in g.items():
            if v != v.strip() or any(ord(ch) < 32 for ch in v):
                raise DataError(f'{where}: {k}: leading or trailing space, or a control character')
            if v == '' and k in ('id', 'territory', 'name', 'source'):
                raise DataError(f'{where}: {k} is required')
        if not re.match(r'^\d+$', g['id']) or not TERRITORY.match(g['territory']) \
                or (g['parent_id'] and not re.match(r'^\d+$', g['parent_id'])) \
                or (g['accuracy'] and not re.match(r'^\d$', g['accuracy'])):
            raise DataError(f'{where}: malformed row')
        if (g['latitude'] == '') != (g['longitude'] == ''):
            raise DataError(f'{where}: a latitude without a longitude, or the reverse')
        if g['latitude']:
            try:
                lat, lon = float(g['latitude']), float(g['longitude'])
            except ValueError:
                raise DataError(f'{where}: the coordinates are not numbers')
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise DataError(f'{where}: the coordinates are out of range')
        g['where'] = where
        rows.append(g)
    if len({g['id'] for g in rows}) != len(rows):
        raise DataError(f'{path}: an id appears twice')
    return rows


def merge_geonames(data_dir):
    """New localities become place rows (their other name a place_name row);
    a row with the id of a place of places.csv completes it: coordinates,
    the place it lies in, and the coordinates' source."""
    places = BY_FILE['places.csv']
    names = BY_FILE['place_names.csv']
    by_id = {r['id']: r for _, r in places.rows}
    hand_made = {r['id'] for line, r in places.rows if isinstance(line, int)}
    have_names = {(r['place_id'], r['name']) for _, r in names.rows}
    rows = read_geonames(data_dir)
    for g in rows:
        where = g['where']
        parent = g['parent_id'] or None
        if int(g['id']) in GEONAMES_IDS:
            if g['id'] in by_id:
                raise DataError(f'{where}: id {g["id"]} is already a place')
            row = {'id': g['id'], 'territory': g['territory'], 'kind': 'locality', 'name': g['name'],
                   'katotth': None, 'latitude': g['latitude'] or None, 'longitude': g['longitude'] or None,
                   'source': g['source'], 'parent_id': parent}
            places.rows.append((where, row))
            by_id[g['id']] = row
        elif g['id'] in hand_made:
            # the place keeps its name and aliases (the converter checked
            # that the GeoNames name is one of them, or its romanisation)
            row = by_id[g['id']]
            if row['territory'] != g['territory']:
                raise DataError(f'{where}: place {g["id"]} {row["name"]} lies in {row["territory"]}, not {g["territory"]}')
            if row['latitude'] is not None and (row['latitude'], row['longitude']) != (g['latitude'], g['longitude']):
                raise DataError(f'{where}: place {g["id"]} {row["name"]} has other coordinates in places.csv')
            if row['parent_id'] is not None and parent is not None and row['parent_id'] != parent:
                raise DataError(f'{where}: place {g["id"]} {row["name"]} lies in place {row["parent_id"]} already')
            if g['other_name']:
                raise DataError(f'{where}: other names of place {g["id"]} go in place_names.csv')
            row['latitude'], row['longitude'] = g['latitude'] or None, g['longitude'] or None
            row['parent_id'] = row['parent_id'] or parent
            row['source'] = f'{row["source"]}; {g["source"]}'
        else:
            raise DataError(f'{where}: id {g["id"]} is neither a place of places.csv nor in '
                            f'{GEONAMES_IDS.start}-{GEONAMES_IDS.stop - 1}')
        if g['other_name'] and g['other_name'] != g['name'] and (g['id'], g['other_name']) not in have_names:
            names.rows.append((where, {'place_id': g['id'], 'place': g['name'], 'name': g['other_name']}))
            have_names.add((g['id'], g['other_name']))
    for g in rows:
        parent = by_id.get(g['parent_id']) if g['parent_id'] else None
        if g['parent_id'] and parent is None:
            raise DataError(f'{g["where"]}: parent_id {g["parent_id"]} is not a place')
        if parent is not None and parent['territory'] not in (g['territory'], g['territory'][:2]):
            raise DataError(f'{g["where"]}: parent {g["parent_id"]} lies in {parent["territory"]}, '
                            f'which does not contain {g["territory"]}')
# Official lists, as tools/occupied_to_csv.py writes them (with --edition),
# loaded by embargo.load_official_list(), which checks the rows (codes,
# dates, exceptions) when the script runs.  The edition and the citation are
# the list's row of editions.csv.
OFFICIAL_LISTS = [('ua_occupied.csv', 'ua-occupied')]
# the ids the loader gives the shipped rows of a list's edition in control
OFFICIAL_LIST_IDS = (200000, 299999)
OFFICIAL_LIST_HEADER = ['edition', 'section', 'category', 'oblast', 'raion', 'katotth', 'name_uk',
                        'date_start', 'date_end', 'n_periods', 'date_start_raw', 'date_end_raw', 'note']


def read_official_list(data_dir, file, editions):
    """The rows of an official list's file: (line, [fields]); its edition and
    source from editions.csv."""
    path = Path(data_dir) / file
    name = dict(OFFICIAL_LISTS)[file]
    if name not in editions or not is_date(editions[name]['edition']):
        raise DataError(f'{BY_FILE["editions.csv"].path}: a row "{name}" must give the edition of {path} '
                        f'as a date (YYYY-MM-DD)')
    edition = editions[name]['edition']
    rows = []
    for where, line, fields in csv_rows(path, OFFICIAL_LIST_HEADER):
        if fields[0] != edition:
            raise DataError(f'{where}: edition {fields[0]}, but editions.csv gives {name} as {edition}')
        rows.append((line, [v if v != '' else None for v in fields]))
    if not rows:
        raise DataError(f'{path}: no rows')
    return name, edition, editions[name]['source'], rows


def load_official_list(name, edition, source, rows):
    """Fill the staging table and load the edition as shipped rows."""
    cols = ', '.join(['line'] + OFFICIAL_LIST_HEADER)
    return [
        'DELETE FROM @extschema@.official_list_staging;',
        f'INSERT INTO @extschema@.official_list_staging ({cols}) VALUES\n'
        + ',\n'.join('\t(' + ', '.join([str(line)] + [literal(v) for v in fields]) + ')' for line, fields in rows)
        + ';',
        f'SELECT pg_catalog.count(*) FROM @extschema@.load_official_list({literal(name)}, {literal(edition)}, '
        f'{literal(source)}, shipped => true);',
        'DELETE FROM @extschema@.official_list_staging;',
    ]


def cross_check():
    """References between files, and the reader's labels."""
    index = {}

    def lookup(file, column):
        if (file, column) not in index:
            index[(file, column)] = {r[column]: r for _, r in BY_FILE[file].rows}
        return index[(file, column)]

    for t in TABLES:
        for line, row in t.rows:
            where = f'{t.path}:{line}'
            for c in t.columns:
                if c.refers and row[c.name] is not None and row[c.name] not in lookup(*c.refers):
                    raise DataError(f'{where}: {c.name} {row[c.name]} is not in {BY_FILE[c.refers[0]].path}')
                if c.label:
                    of, file, column = c.label
                    want = None if row[of] is None else lookup(file, 'id')[row[of]][column]
                    if row[c.name] != want:
                        raise DataError(f'{where}: {c.name} must be {want or "empty"} '
                                        f'(the {column} of {of} {row[of]} in {BY_FILE[file].path})')
                if c.check == 'controller' and row[c.name] and len(row[c.name]) > 2 \
                        and row[c.name] not in lookup('authorities.csv', 'code'):
                    raise DataError(f'{where}: {c.name} {row[c.name]} is not in {BY_FILE["authorities.csv"].path}')
    editions = {r['name']: r for _, r in BY_FILE['editions.csv'].rows}
    if 'data' not in editions or not is_date(editions['data']['edition']):
        raise DataError(f'{BY_FILE["editions.csv"].path}: a row "data" must give the edition of the data as a date (YYYY-MM-DD)')
    return editions['data']['edition'], editions


def literal(v):
    if v is None:
        return 'NULL'
    if '\\' in v:
        return "E'" + v.replace('\\', '\\\\').replace("'", "''") + "'"
    return "'" + v.replace("'", "''") + "'"


def value(c, v):
    if c.listof:
        if v is None:
            return "'{}'" if c.empty_list else 'NULL'
        return literal('{' + ','.join(v.split(' ')) + '}')
    if v is not None and c.sqltype == 'integer':
        return v
    return literal(v)


def stage(t, out):
    """CREATE TEMPORARY TABLE shipped_<table> and its rows."""
    cols = t.loaded
    out.append(f'CREATE TEMPORARY TABLE {t.staging} (\n'
               + ',\n'.join(f'\t{c.name} {c.sqltype}' + (' NOT NULL' if c.required else '')
                            for c in cols)
               + f',\n\tPRIMARY KEY ({", ".join(t.key)})\n);')
    if not t.rows:
        return
    out.append(f'INSERT INTO pg_temp.{t.staging} ({", ".join(c.name for c in cols)}) VALUES\n'
               + ',\n'.join('\t(' + ', '.join(value(c, row[c.name]) for c in cols) + ')'
                            for _, row in t.rows)
               + ';')


def equals(t, k):
    """The = of key column k: the extension's own for its types (hscode)."""
    c = next(c for c in t.columns if c.name == k)
    schema = '@extschema@' if c.sqltype.startswith('@extschema@.') else 'pg_catalog'
    return f'OPERATOR({schema}.=)'


def keys_match(t, a, b):
    return ' AND '.join(f'{a}.{k} {equals(t, k)} {b}.{k}' for k in t.key)


def withdraw(t):
    """DELETE the shipped rows of t that the data no longer has (control rows
    of an official list are the list loader's)."""
    own = '\tAND t.list IS NULL\n' if t.table == 'control' else ''
    return (f'DELETE FROM @extschema@.{t.table} t WHERE t.shipped\n' + own +
            f'\tAND NOT EXISTS (SELECT FROM pg_temp.{t.staging} s WHERE {keys_match(t, "s", "t")});')


def upsert(t):
    """INSERT the rows of t, or UPDATE the shipped rows that differ."""
    cols = [c.name for c in t.loaded]
    rest = [c for c in cols if c not in t.key] + list(t.fixed)
    target = cols + list(t.fixed) + ['shipped']
    source = [f's.{c}' for c in cols] + list(t.fixed.values()) + ['true']
    sql = (f'INSERT INTO @extschema@.{t.table} AS t ({", ".join(target)})\n'
           + ('OVERRIDING SYSTEM VALUE\n' if t.key == ('id',) else '')
           + f'SELECT {", ".join(source)}\nFROM pg_temp.{t.staging} s\n'
           + f'ON CONFLICT ({", ".join(t.key)}) DO ')
    if not rest:
        return sql + 'NOTHING;'
    return (sql + 'UPDATE SET\n'
            + ',\n'.join(f'\t{c} = excluded.{c}' for c in rest) + '\n'
            + f'WHERE ({", ".join("t." + c for c in rest)})\n'
            + f'\tIS DISTINCT FROM ({", ".join("excluded." + c for c in rest)});')


# User rows in the way: what they are, and the query listing them (one text
# per row).  withdrawn_places, _authorities and _rules are the keys of the
# shipped rows that the data no longer has.
IN_THE_WAY = [
    ('your authorities with a code the data now ships',
     "SELECT u.code FROM @extschema@.authority u JOIN pg_temp.{authority} s ON s.code OPERATOR(pg_catalog.=) u.code\n"
     "\t\tWHERE NOT u.shipped"),
    ('your aliases that the data now ships',
     "SELECT pg_catalog.format('%s of place %s', u.name, u.place_id) FROM @extschema@.place_name u\n"
     "\t\tJOIN pg_temp.{place_name} s ON s.place_id OPERATOR(pg_catalog.=) u.place_id AND s.name OPERATOR(pg_catalog.=) u.name\n"
     "\t\tWHERE NOT u.shipped"),
    ('your rule exceptions with the rule, evidence and start of one the data now ships',
     "SELECT pg_catalog.format('%s (rule %s, %s from %s)', u.id, u.rule_id, u.evidence, u.valid_from)\n"
     "\t\tFROM @extschema@.rule_exception u JOIN pg_temp.{rule_exception} s ON s.rule_id OPERATOR(pg_catalog.=) u.rule_id\n"
     "\t\t  AND s.evidence OPERATOR(pg_catalog.=) u.evidence AND s.valid_from OPERATOR(pg_catalog.=) u.valid_from\n"
     "\t\tWHERE NOT u.shipped"),
    ('your program meanings with a list and program the data now ships',
     "SELECT pg_catalog.format('%s %s', u.list, u.program) FROM @extschema@.party_program u\n"
     "\t\tJOIN pg_temp.{party_program} s ON s.list OPERATOR(pg_catalog.=) u.list AND s.program OPERATOR(pg_catalog.=) u.program\n"
     "\t\tWHERE NOT u.shipped"),
    ('your ownership rules for a jurisdiction the data now ships one for',
     "SELECT u.jurisdiction FROM @extschema@.ownership_rule u JOIN pg_temp.{ownership_rule} s\n"
     "\t\tON s.jurisdiction OPERATOR(pg_catalog.=) u.jurisdiction WHERE NOT u.shipped"),
    ('your critical-mineral lists with a name the data now ships',
     "SELECT u.name FROM @extschema@.critical_list u JOIN pg_temp.{critical_list} s\n"
     "\t\tON s.name OPERATOR(pg_catalog.=) u.name WHERE NOT u.shipped"),
    ('your critical-mineral codes with a list, mineral and code the data now ships',
     "SELECT pg_catalog.format('%s %s %s', u.list, u.mineral, u.hs) FROM @extschema@.critical_mineral u\n"
     "\t\tJOIN pg_temp.{critical_mineral} s ON s.list OPERATOR(pg_catalog.=) u.list\n"
     "\t\t  AND s.mineral OPERATOR(pg_catalog.=) u.mineral AND s.hs OPERATOR(@extschema@.=) u.hs\n"
     "\t\tWHERE NOT u.shipped"),
    ('your critical-mineral codes on shipped lists that the data withdraws',
     "SELECT pg_catalog.format('%s %s %s', u.list, u.mineral, u.hs) FROM @extschema@.critical_mineral u\n"
     "\t\tWHERE NOT u.shipped AND u.list OPERATOR(pg_catalog.=) ANY (withdrawn_critical_lists)"),
    ('your rules scoped to shipped critical-mineral lists that the data withdraws',
     "SELECT pg_catalog.format('%s (%s)', u.id, u.hs_list) FROM @extschema@.rule u\n"
     "\t\tWHERE NOT u.shipped AND u.hs_list OPERATOR(pg_catalog.=) ANY (withdrawn_critical_lists)"),
    ('your aliases of shipped places that the data withdraws',
     "SELECT pg_catalog.format('%s of place %s', u.name, u.place_id) FROM @extschema@.place_name u\n"
     "\t\tWHERE NOT u.shipped AND u.place_id OPERATOR(pg_catalog.=) ANY (withdrawn_places)"),
    ('your control rows on shipped places that the data withdraws',
     "SELECT pg_catalog.format('%s (place %s)', u.id, u.place_id) FROM @extschema@.control u\n"
     "\t\tWHERE NOT u.shipped AND u.place_id OPERATOR(pg_catalog.=) ANY (withdrawn_places)"),
    ('your control rows naming shipped authorities that the data withdraws',
     "SELECT pg_catalog.format('%s (%s)', u.id, u.authority) FROM @extschema@.control u\n"
     "\t\tWHERE NOT u.shipped AND u.authority OPERATOR(pg_catalog.=) ANY (withdrawn_authorities)"),
    ('your rules on shipped places or authorities that the data withdraws',
     "SELECT pg_catalog.format('%s (%s)', u.id, pg_catalog.concat_ws(', ', 'place ' OPERATOR(pg_catalog.||) u.place_id, u.authority))\n"
     "\t\tFROM @extschema@.rule u WHERE NOT u.shipped\n"
     "\t\t  AND (u.place_id OPERATOR(pg_catalog.=) ANY (withdrawn_places) OR u.authority OPERATOR(pg_catalog.=) ANY (withdrawn_authorities))"),
    ('your exceptions to shipped rules that the data withdraws',
     "SELECT pg_catalog.format('%s (rule %s)', u.id, u.rule_id) FROM @extschema@.rule_exception u\n"
     "\t\tWHERE NOT u.shipped AND u.rule_id OPERATOR(pg_catalog.=) ANY (withdrawn_rules)"),
    ('your overrides of shipped rules that the data withdraws',
     "SELECT pg_catalog.format('rule %s', u.rule_id) FROM @extschema@.rule_override u\n"
     "\t\tWHERE u.rule_id OPERATOR(pg_catalog.=) ANY (withdrawn_rules)"),
]


def check_block(edition):
    """A DO block that stops before any change if user rows are in the way."""
    staging = {t.table: t.staging for t in TABLES}
    withdrawn = ''
    for var, table, key in (('places', 'place', 'id'), ('authorities', 'authority', 'code'),
                            ('rules', 'rule', 'id'), ('critical_lists', 'critical_list', 'name')):
        t = next(t for t in TABLES if t.table == table)
        withdrawn += (f'\tSELECT pg_catalog.array_agg(t.{key}) INTO withdrawn_{var} FROM @extschema@.{table} t\n'
                      f'\t\tWHERE t.shipped AND NOT EXISTS (SELECT FROM pg_temp.{t.staging} s WHERE {keys_match(t, "s", "t")});\n')
    checks = ''.join(
        f'\tSELECT pg_catalog.string_agg(x, \', \' ORDER BY x) INTO found FROM (\n'
        f'\t\t{sql.format(**staging)}) AS y(x);\n'
        f'\tIF found IS NOT NULL THEN\n'
        f'\t\tproblems := problems OPERATOR(pg_catalog.||) pg_catalog.format(\'%s: %s\', {literal(what)}::text, found);\n'
        f'\tEND IF;\n'
        for what, sql in IN_THE_WAY)
    return f'''DO $$
DECLARE
	withdrawn_places integer[];
	withdrawn_authorities text[];
	withdrawn_rules integer[];
	withdrawn_critical_lists text[];
	found text;
	problems text[] := '{{}}';
BEGIN
{withdrawn}{checks}	IF pg_catalog.cardinality(problems) OPERATOR(pg_catalog.>) 0 THEN
		RAISE EXCEPTION 'cannot bring the shipped data of extension "embargo" to edition {edition}: rows of yours are in the way'
			USING ERRCODE = 'check_violation',
			      DETAIL = pg_catalog.array_to_string(problems, E'.\\n') OPERATOR(pg_catalog.||) '.',
			      HINT = 'Delete your copies of rows the extension now ships, and move your rows off the shipped rows it withdraws; then update again.';
	END IF;
END $$;'''


def generate(data_dir):
    for t in TABLES:
        read(data_dir, t)
    merge_katotth(data_dir)
    merge_geonames(data_dir)
    edition, editions = cross_check()
    lists = [read_official_list(data_dir, file, editions) for file, _ in OFFICIAL_LISTS]
    shipped = [t for t in TABLES if t.shipped]
    # the tables whose shipped rows the official list loader writes
    protected = [t.table for t in shipped] + ['official_list', 'hostility']
    counts = ', '.join(f'{len(t.rows)} {t.table}' for t in shipped)
    out = [f'''------------------------------------------------------------------------------
-- The shipped data, edition {edition} ({counts}).
--
-- GENERATED by tools/data_to_sql.py from data/*.csv: do not edit, edit the
-- data files (data/README.md).  The build appends this to the install script
-- and to the latest upgrade step.  It brings the shipped rows (shipped =
-- true) of place, place_name, authority, control, rule, rule_exception,
-- party_program, ownership_rule, critical_list and critical_mineral to the
-- data files, adding, changing and withdrawing rows,
-- and never touches a user row: where one is in the way it stops first, with
-- an error naming it.
-- The shipped edition of each official list is loaded by
-- embargo.load_official_list().  embargo.data_edition is replaced by
-- data/editions.csv.
------------------------------------------------------------------------------''']
    out += [f'ALTER TABLE @extschema@.{t} DISABLE TRIGGER protect_shipped;' for t in protected]
    out.append('\n-- The data, in temporary tables (dropped at the end).')
    for t in TABLES:
        stage(t, out)
    out.append('\n-- Stop, with nothing changed, if rows of the user are in the way.')
    out.append(check_block(edition))
    # Rows withdrawn from the tables that refer to others go first (a rule
    # takes its shipped exceptions with it, and they come back if the data
    # moved them), so that a row the data renumbers cannot collide with its
    # old self; places and authorities go last, once no shipped row refers
    # to them any more.
    parents = [t for t in shipped if t.table in ('place', 'authority')]
    out.append('\n-- Withdraw the shipped rows the data no longer has (but places and\n'
               '-- authorities), children first.')
    out += [withdraw(t) for t in reversed(shipped) if t not in parents]
    out.append('\n-- Add the new rows and update the changed ones, parents first.')
    out += [upsert(t) for t in shipped]
    for name, list_edition, source, rows in lists:
        out.append(f'\n-- The shipped edition of official list {name} ({list_edition}, {len(rows)} rows), once the\n'
                   f'-- places and the timeline it reads are in place: checked and loaded by the\n'
                   f'-- loader, its rows shipped.  The staging table is emptied.')
        out += load_official_list(name, list_edition, source, rows)
    out.append('\n-- Withdraw the places and authorities the data no longer has.')
    out += [withdraw(t) for t in reversed(parents)]
    out.append('\n-- The editions of the data.')
    ed = BY_FILE['editions.csv']
    out.append('DELETE FROM @extschema@.data_edition;')
    out.append(f'INSERT INTO @extschema@.data_edition (name, edition, source)\n'
               f'SELECT s.name, s.edition, s.source FROM pg_temp.{ed.staging} s;')
    out.append('\nDROP TABLE ' + ', '.join(f'pg_temp.{t.staging}' for t in TABLES) + ';')
    out += [f'ALTER TABLE @extschema@.{t} ENABLE TRIGGER protect_shipped;' for t in protected]
    return '\n'.join(out) + '\n'


def main(argv):
    if len(argv) != 2:
        print(__doc__.split('\n\n')[1], file=sys.stderr)
        return 2
    try:
        sys.stdout.write(generate(argv[1]))
    except (DataError, csv.Error, OSError, UnicodeDecodeError) as e:
        print(f'data_to_sql: {e}', file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
