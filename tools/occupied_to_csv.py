#!/usr/bin/env python3
"""Ukraine's list of territories of hostilities or temporary occupation as CSV.

Usage: tools/occupied_to_csv.py [--edition YYYY-MM-DD] DOCX > LIST.csv

Reads the list approved by Order No. 376 of 28.02.2025 of the Ministry for
Communities and Territories Development of Ukraine (the annex "Перелік
територій, на яких ведуться (велися) бойові дії або тимчасово окупованих
Російською Федерацією"), as zakon.rada.gov.ua publishes it (document
z0380-25) in Word format, and writes one CSV row per row of its tables:

  section   I.1, I.2, I.3 or II, as the list numbers its parts
  category  possible_hostilities (I.1), active_hostilities (I.2),
            active_hostilities_with_e_resources (I.3), temporarily_occupied (II)
  oblast    the oblast heading the row is under, without its number
  raion     the raion heading, empty where there is none (Crimea, the cities)
  katotth   the KATOTTH code, UA and 17 digits
  name_uk   the name as the list gives it, lines joined by a space; a
            hromada "… за винятком с. X, с. Y" is the hromada except those
  date_start, date_end
            DD.MM.YYYY; several periods joined by "|", in order (the i-th
            end closes the i-th start; a missing last end: still going on)
  n_periods the number of periods
  date_start_raw, date_end_raw
            the cells as written, their lines joined by " / "
  note      what was repaired in the row, if anything

With --edition, a first column "edition" gives the edition on every row
(the layout of data/ua_occupied.csv).  The file is read with the standard
library alone: word/document.xml from the zip, its body walked in order --
the headings of the parts set the section, each table's first row must be
the header that section has, one-cell rows are oblast or raion headings,
four-cell rows are the list's rows.

A document that does not have that shape is refused: the message names the
table and row (counted from 1, the header row being row 1) and the reason,
and the exit status is 1.  Known defects of the source are repaired and
said so in the row's note: spaces inside a code, two dates on one line of a
cell, a space in place of a dot in a date, and the code errata below.
"""

import csv
import datetime
import re
import sys
import xml.etree.ElementTree as ET
import zipfile

W = '{http://schemas.openxmlformats.org/wordprocessingml/2006/main}'

# The headings of the parts, and what a table under each must have as its
# header row (the date columns' captions).
SECTIONS = {
    '1. Території можливих бойових дій':
        ('I.1', 'possible_hostilities',
         'Дата виникнення можливості бойових дій', 'Дата припинення можливості бойових дій*'),
    '2. Території активних бойових дій':
        ('I.2', 'active_hostilities', 'Дата початку бойових дій', 'Дата завершення бойових дій*'),
    '3. Території активних бойових дій, на яких функціонують державні електронні інформаційні ресурси':
        ('I.3', 'active_hostilities_with_e_resources',
         'Дата початку бойових дій', 'Дата завершення бойових дій*'),
    'ІІ. Тимчасово окуповані Російською Федерацією території України':
        ('II', 'temporarily_occupied',
         'Дата початку тимчасової окупації', 'Дата завершення тимчасової окупації*'),
}
# The heading of part I, which has no table of its own.
PART_I = 'І. Території, на яких ведуться (велися) бойові дії'

# Codes misprinted in an edition, and what they stand for: {as printed:
# (code, why)}.  A code that is neither UA and 17 digits (spaces aside) nor
# here stops the conversion.
ERRATA = {
    'UA140201100200772055': ('UA14020110020077205',
                             'a digit too many; UA14020110020077205 is м. Залізне of the '
                             'Торецька громада in the KATOTTH codifier'),
}

HEADER = ['section', 'category', 'oblast', 'raion', 'katotth', 'name_uk', 'date_start', 'date_end',
          'n_periods', 'date_start_raw', 'date_end_raw', 'note']
CODE = re.compile(r'UA\d{17}')
OBLAST = re.compile(r'(?:(\d+)\.)?(\d+)\.\s+(\S.*)')
DATE = re.compile(r'(\d\d)\.(\d\d)\.?(\d{4})')
CANONICAL_DATE = re.compile(r'\d\d\.\d\d\.\d{4}')


class Malformed(Exception):
    pass


def lines(element):
    """The text of a paragraph or cell, as lines: a paragraph or a line break
    (w:br) ends one, a tab is a space; each line stripped, empty ones
    dropped."""
    out = []
    for p in element.iter(W + 'p') if element.tag != W + 'p' else [element]:
        line = ''
        for x in p.iter():
            if x.tag == W + 't':
                line += x.text or ''
            elif x.tag == W + 'tab':
                line += ' '
            elif x.tag in (W + 'br', W + 'cr'):
                out.append(line)
                line = ''
        out.append(line)
    return [s.strip() for s in out if s.strip()]


def parse_dates(cell, what, notes):
    """The dates of a date cell, in order, as datetime.date."""
    raw = ' / '.join(cell)
    squeezed = re.sub(r'\s+', '', ''.join(cell))
    found = list(DATE.finditer(squeezed))
    if ''.join(m.group(0) for m in found) != squeezed:
        raise Malformed(f'the {what} cell "{raw}" is not a list of dates (DD.MM.YYYY)')
    dates = []
    for m in found:
        day, month, year = (int(g) for g in m.groups())
        try:
            dates.append(datetime.date(year, month, day))
        except ValueError:
            raise Malformed(f'the {what} cell "{raw}" has "{m.group(0)}", which is no date')
    if not all(CANONICAL_DATE.fullmatch(line) for line in cell):
        notes.append(f'{what} cell "{raw}" read as {"|".join(d.strftime("%d.%m.%Y") for d in dates)}')
    return dates


def check_periods(starts, ends):
    if not starts:
        raise Malformed('no start date')
    if not len(starts) - 1 <= len(ends) <= len(starts):
        raise Malformed(f'{len(starts)} start dates and {len(ends)} end dates: '
                        'only the last period may lack its end')
    for i, (s, e) in enumerate(zip(starts, ends)):
        if e < s:
            raise Malformed(f'period {i + 1} ends ({e:%d.%m.%Y}) before it starts ({s:%d.%m.%Y})')
    for i in range(1, len(starts)):
        if starts[i] <= ends[i - 1]:
            raise Malformed(f'period {i + 1} starts ({starts[i]:%d.%m.%Y}) before period {i} '
                            f'ends ({ends[i - 1]:%d.%m.%Y})')


def parse_code(cell, notes):
    raw = ' '.join(cell)
    code = re.sub(r'\s+', '', raw)
    if code in ERRATA:
        fixed, why = ERRATA[code]
        notes.append(f'code "{raw}" in the source: {why}')
        return fixed
    if not CODE.fullmatch(code):
        raise Malformed(f'the code "{raw}" is not UA and 17 digits')
    if code != raw:
        notes.append(f'code "{raw}" in the source, spaces removed')
    return code


class State:
    def __init__(self):
        self.section = None      # (section, category, start caption, end caption)
        self.number = 0          # the last oblast number of the section
        self.oblast = None
        self.raion = ''


def heading(state, rownum, text):
    """A one-cell row: an oblast heading ("2.5. ЛУГАНСЬКА ОБЛАСТЬ" in part I,
    "6. ЛУГАНСЬКА ОБЛАСТЬ" in part II) or a raion heading."""
    m = OBLAST.fullmatch(text)
    if m:
        part, number, name = m.group(1), int(m.group(2)), m.group(3)
        section = state.section[0]
        want_part = section[2:] if section.startswith('I.') else None
        if part != want_part:
            raise Malformed(f'the oblast heading "{text}" is not numbered as the headings of section {section}')
        if number != state.number + 1:
            raise Malformed(f'the oblast heading "{text}" should be number {state.number + 1}')
        state.number = number
        state.oblast = name
        state.raion = ''
    elif text.endswith(' район'):
        if state.oblast is None:
            raise Malformed(f'the raion heading "{text}" comes before any oblast heading')
        state.raion = text
    else:
        raise Malformed(f'the one-cell row "{text}" is neither an oblast nor a raion heading')


def data_row(state, cells):
    code_cell, name_cell, start_cell, end_cell = cells
    if state.oblast is None:
        raise Malformed('a row before any oblast heading')
    if not name_cell:
        raise Malformed('no name')
    notes = []
    code = parse_code(code_cell, notes)
    starts = parse_dates(start_cell, 'start', notes)
    ends = parse_dates(end_cell, 'end', notes)
    check_periods(starts, ends)
    section, category = state.section[:2]
    fmt = lambda ds: '|'.join(d.strftime('%d.%m.%Y') for d in ds)
    return [section, category, state.oblast, state.raion, code, ' '.join(name_cell),
            fmt(starts), fmt(ends), str(len(starts)),
            ' / '.join(start_cell), ' / '.join(end_cell), '; '.join(notes)]


def table_rows(state, tnum, table):
    rows = table.findall(W + 'tr')
    if state.section is None:
        raise Malformed(f'table {tnum}: it comes before the heading of any part of the list')
    want = ['Код', 'Найменування', state.section[2], state.section[3]]
    header = [' '.join(lines(tc)) for tc in rows[0].findall(W + 'tc')] if rows else []
    if header != want:
        raise Malformed(f'table {tnum}, row 1: the header of section {state.section[0]} must be '
                        f'{" | ".join(want)}, not {" | ".join(header)}')
    for rnum, tr in enumerate(rows[1:], start=2):
        cells = [lines(tc) for tc in tr.findall(W + 'tc')]
        try:
            if [' '.join(c) for c in cells] == want:
                continue        # the header again, as a page break repeats it
            if len(cells) == 1:
                heading(state, rnum, ' '.join(cells[0]))
            elif len(cells) == 4:
                yield data_row(state, cells)
            else:
                raise Malformed(f'{len(cells)} cells (a heading has 1, a row of the list 4)')
        except Malformed as e:
            raise Malformed(f'table {tnum}, row {rnum}: {e}') from None


def convert(path):
    try:
        with zipfile.ZipFile(path) as z:
            document = z.read('word/document.xml')
    except (zipfile.BadZipFile, KeyError) as e:
        raise Malformed(f'not a Word document: {e}')
    try:
        body = ET.fromstring(document).find(W + 'body')
    except ET.ParseError as e:
        raise Malformed(f'word/document.xml: {e}')
    if body is None:
        raise Malformed('word/document.xml has no body')
    state = State()
    out = []
    seen = set()
    tnum = 0
    for el in body:
        if el.tag == W + 'p':
            text = ' '.join(' '.join(lines(el)).split())
            if text in SECTIONS:
                if SECTIONS[text][0] in seen:
                    raise Malformed(f'the heading "{text}" comes twice')
                seen.add(SECTIONS[text][0])
                state.section = SECTIONS[text]
                state.number = 0
                state.oblast = None
                state.raion = ''
            elif text == PART_I:
                state.section = None
        elif el.tag == W + 'tbl':
            tnum += 1
            out.extend(table_rows(state, tnum, el))
    missing = [s for s, *_ in SECTIONS.values() if s not in seen]
    if missing:
        raise Malformed(f'no section {", ".join(missing)}: not the list of Order No. 376')
    keys = {}
    for i, row in enumerate(out):
        key = (row[0], row[4])
        if key in keys:
            raise Malformed(f'section {row[0]} lists {row[4]} twice ({keys[key]}, {row[5]})')
        keys[key] = row[5]
    return out


def main(argv):
    args = argv[1:]
    edition = None
    if len(args) == 3 and args[0] == '--edition':
        edition = args[1]
        args = args[2:]
        try:
            datetime.date.fromisoformat(edition)
        except ValueError:
            print(f'occupied_to_csv: --edition {edition}: not a date (YYYY-MM-DD)', file=sys.stderr)
            return 2
    if len(args) != 1:
        print(__doc__.split('\n\n')[1], file=sys.stderr)
        return 2
    try:
        rows = convert(args[0])
    except (Malformed, OSError) as e:
        print(f'occupied_to_csv: {args[0]}: {e}', file=sys.stderr)
        return 1
    out = csv.writer(sys.stdout, lineterminator='\n')
    out.writerow((['edition'] if edition else []) + HEADER)
    for row in rows:
        out.writerow(([edition] if edition else []) + row)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
