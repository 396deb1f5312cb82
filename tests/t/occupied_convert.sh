#!/usr/bin/env bash
# tools/occupied_to_csv.py: a small list in the shape zakon.rada.gov.ua
# publishes Order No. 376's list in (the parts' headings, then tables whose
# first row is the header, one-cell oblast and raion headings, four-cell
# rows) converts to the CSV the loader reads, repairing the known defects and
# saying so; a malformed document is refused with its table, row and reason.
# With EMBARGO_OCCUPIED_DOCX naming the published .docx of the shipped
# edition, its conversion must be data/ua_occupied.csv.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$top/tools/occupied_to_csv.py" "$work" <<'PY'
import subprocess, sys, zipfile

tool, work = sys.argv[1], sys.argv[2]
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def p(text):
    runs = ''.join(f'<w:r><w:t xml:space="preserve">{t}</w:t></w:r>' + ('<w:r><w:br/></w:r>' if i < len(text.split('\n')) - 1 else '')
                   for i, t in enumerate(text.split('\n')))
    return f'<w:p>{runs}</w:p>'


def row(*cells):
    return '<w:tr>' + ''.join(f'<w:tc>{p(c)}</w:tc>' for c in cells) + '</w:tr>'


HEAD = {'I.1': ('Дата виникнення можливості бойових дій', 'Дата припинення можливості бойових дій*'),
        'I.2': ('Дата початку бойових дій', 'Дата завершення бойових дій*'),
        'I.3': ('Дата початку бойових дій', 'Дата завершення бойових дій*'),
        'II': ('Дата початку тимчасової окупації', 'Дата завершення тимчасової окупації*')}
TITLE = {'I.1': '1. Території можливих бойових дій', 'I.2': '2. Території активних бойових дій',
         'I.3': '3. Території активних бойових дій, на яких функціонують державні електронні інформаційні ресурси',
         'II': 'ІІ. Тимчасово окуповані Російською Федерацією території України'}


def table(section, rows):
    return '<w:tbl>' + row('Код', 'Найменування', *HEAD[section]) + ''.join(rows) + '</w:tbl>'


def document(tables):
    body = p('І. Території, на яких ведуться (велися) бойові дії')
    for section, rows in tables:
        body += p(TITLE[section]) + table(section, rows)
    return f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}</w:body></w:document>'


def docx(name, xml):
    path = f'{work}/{name}.docx'
    with zipfile.ZipFile(path, 'w') as z:
        z.writestr('word/document.xml', xml)
    return path


def run(path, *args):
    r = subprocess.run([sys.executable, tool, *args, path], capture_output=True, text=True)
    return r.returncode, r.stdout, r.stderr.strip()


def fail(msg):
    print(f'occupied_convert: {msg}', file=sys.stderr)
    sys.exit(1)


good = [
    ('I.1', [row('1.1. ХАРКІВСЬКА ОБЛАСТЬ'), row('Чугуївський район'),
             row('UA63140050000096783', 'Малинівська селищна територіальна громада за винятком с-ще Мосьпанове',
                 '24.02.2022', '05.05.2022')]),
    ('I.2', [row('2.1. ХАРКІВСЬКА ОБЛАСТЬ'), row('Чугуївський район'),
             row('UA 63140050000096783', 'Малинівська', '12.11 2022', '')]),
    ('I.3', [row('3.1. ДОНЕЦЬКА ОБЛАСТЬ'), row('Бахмутський район'),
             row('UA140201100200772055', 'м. Залізне', '07.08.2024', '02.02.2025')]),
    ('II', [row('1. АВТОНОМНА РЕСПУБЛІКА КРИМ'), row('UA01000000000013043', 'Автономна Республіка Крим', '20.02.2014', ''),
            row('2. ДОНЕЦЬКА ОБЛАСТЬ'), row('Волноваський район'),
            row('Код', 'Найменування', *HEAD['II']),
            row('UA14040010080042209', 'с. Макарівка Великоновосілківської\nселищної територіальної громади',
                '10.03.2022\n07.02.2025', '11.06.2023'),
            row('3. ХАРКІВСЬКА ОБЛАСТЬ'), row('Чугуївський район'),
            row('UA63140050020095509', 'с. Мосьпанове', '24.02.2022', '05.05.2022')]),
]
expected = '''edition,section,category,oblast,raion,katotth,name_uk,date_start,date_end,n_periods,date_start_raw,date_end_raw,note
2025-08-01,I.1,possible_hostilities,ХАРКІВСЬКА ОБЛАСТЬ,Чугуївський район,UA63140050000096783,Малинівська селищна територіальна громада за винятком с-ще Мосьпанове,24.02.2022,05.05.2022,1,24.02.2022,05.05.2022,
2025-08-01,I.2,active_hostilities,ХАРКІВСЬКА ОБЛАСТЬ,Чугуївський район,UA63140050000096783,Малинівська,12.11.2022,,1,12.11 2022,,"code ""UA 63140050000096783"" in the source, spaces removed; start cell ""12.11 2022"" read as 12.11.2022"
2025-08-01,I.3,active_hostilities_with_e_resources,ДОНЕЦЬКА ОБЛАСТЬ,Бахмутський район,UA14020110020077205,м. Залізне,07.08.2024,02.02.2025,1,07.08.2024,02.02.2025,"code ""UA140201100200772055"" in the source: a digit too many; UA14020110020077205 is м. Залізне of the Торецька громада in the KATOTTH codifier"
2025-08-01,II,temporarily_occupied,АВТОНОМНА РЕСПУБЛІКА КРИМ,,UA01000000000013043,Автономна Республіка Крим,20.02.2014,,1,20.02.2014,,
2025-08-01,II,temporarily_occupied,ДОНЕЦЬКА ОБЛАСТЬ,Волноваський район,UA14040010080042209,с. Макарівка Великоновосілківської селищної територіальної громади,10.03.2022|07.02.2025,11.06.2023,2,10.03.2022 / 07.02.2025,11.06.2023,
2025-08-01,II,temporarily_occupied,ХАРКІВСЬКА ОБЛАСТЬ,Чугуївський район,UA63140050020095509,с. Мосьпанове,24.02.2022,05.05.2022,1,24.02.2022,05.05.2022,
'''
status, out, err = run(docx('good', document(good)), '--edition', '2025-08-01')
if status != 0 or out != expected:
    fail(f'the small list converts to\n{out}{err}\nexpected\n{expected}')
status, out, _ = run(docx('good', document(good)))
if not out.startswith('section,category,') or out.count('\n') != 7:
    fail('without --edition, the layout has no edition column')


def refused(name, tables, want, raw=None):
    status, out, err = run(docx(name, raw if raw is not None else document(tables)))
    if status != 1 or out or want not in err:
        fail(f'{name}: expected a refusal saying "{want}", got status {status}: {err or out}')


def with_row(section, *rows):
    return [t if t[0] != section else (section, list(rows)) for t in good]


refused('header', [(s, r) for s, r in good[:3]] + [('II', [])], 'table 4, row 1: the header of section II must be',
        raw=document(good).replace('Дата початку тимчасової окупації', 'Дата початку'))
refused('before-oblast', with_row('II', row('UA01000000000013043', 'Крим', '20.02.2014', '')),
        'table 4, row 2: a row before any oblast heading')
refused('code', with_row('II', row('1. КРИМ'), row('UA0100000000001304', 'Крим', '20.02.2014', '')),
        'table 4, row 3: the code "UA0100000000001304" is not UA and 17 digits')
refused('date', with_row('II', row('1. КРИМ'), row('UA01000000000013043', 'Крим', '31.02.2014', '')),
        'table 4, row 3: the start cell "31.02.2014" has "31.02.2014", which is no date')
refused('not-a-date', with_row('II', row('1. КРИМ'), row('UA01000000000013043', 'Крим', 'лютий 2014', '')),
        'table 4, row 3: the start cell "лютий 2014" is not a list of dates')
refused('end-first', with_row('II', row('1. КРИМ'), row('UA01000000000013043', 'Крим', '20.02.2014', '19.02.2014')),
        'table 4, row 3: period 1 ends (19.02.2014) before it starts (20.02.2014)')
refused('overlap', with_row('II', row('1. КРИМ'), row('UA01000000000013043', 'Крим', '20.02.2014\n01.01.2015', '01.02.2015')),
        'table 4, row 3: period 2 starts (01.01.2015) before period 1 ends (01.02.2015)')
refused('ends', with_row('II', row('1. КРИМ'), row('UA01000000000013043', 'Крим', '20.02.2014', '01.01.2015\n01.02.2015')),
        'table 4, row 3: 1 start dates and 2 end dates')
refused('cells', with_row('II', row('1. КРИМ'), row('UA01000000000013043', 'Крим', '20.02.2014')),
        'table 4, row 3: 3 cells')
refused('numbering', with_row('II', row('2. КРИМ')), 'table 4, row 2: the oblast heading "2. КРИМ" should be number 1')
refused('heading', with_row('II', row('1. КРИМ'), row('Сімферополь')),
        'table 4, row 3: the one-cell row "Сімферополь" is neither an oblast nor a raion heading')
refused('twice', with_row('II', row('1. КРИМ'), row('UA01000000000013043', 'Крим', '20.02.2014', ''),
                          row('UA01000000000013043', 'Крим', '20.02.2014', '')),
        'section II lists UA01000000000013043 twice')
refused('sections', good[:3], 'no section II: not the list of Order No. 376')
with zipfile.ZipFile(f'{work}/empty.docx', 'w') as z:
    z.writestr('word/styles.xml', '')
status, out, err = run(f'{work}/empty.docx')
if status != 1 or 'not a Word document' not in err:
    fail(f'a zip without word/document.xml: {err}')
with open(f'{work}/plain.docx', 'w') as f:
    f.write('not a zip')
status, out, err = run(f'{work}/plain.docx')
if status != 1 or 'not a Word document' not in err:
    fail(f'a file that is no zip: {err}')
PY

# The published document of the shipped edition, when given.
if [ -n "${EMBARGO_OCCUPIED_DOCX:-}" ]; then
	edition=$(sed -n 's/^ua-occupied,\([0-9-]*\),.*/\1/p' "$top/data/editions.csv")
	python3 "$top/tools/occupied_to_csv.py" --edition "$edition" "$EMBARGO_OCCUPIED_DOCX" >"$work/shipped.csv"
	diff -u "$top/data/ua_occupied.csv" "$work/shipped.csv" | head -20 >&2 &&
		cmp -s "$top/data/ua_occupied.csv" "$work/shipped.csv" ||
		{ echo "occupied_convert: $EMBARGO_OCCUPIED_DOCX does not convert to data/ua_occupied.csv" >&2; exit 1; }
fi
