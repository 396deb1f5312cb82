#!/usr/bin/env python3
"""Build tests/data/sanctions/variants.csv, the labelled party-screening set.

    python3 tests/data/sanctions/make_variants.py            # writes variants.csv
    python3 tests/data/sanctions/make_variants.py --check    # verifies only

Input: variants_in.csv (same columns as the output: query, country, expected,
category, note), written by hand.  A row whose query starts with "@" names a
listed name of its first expected reference; the variant is derived from
that name here, deterministically, by the row's category:

  typo         one edit (two in names of 25 letters or more) in the longest
               distinctive word (not a legal form; 4 letters or more): a letter dropped, doubled, two letters
               swapped, or a letter replaced by its keyboard neighbour;
  case_punct   case changed and punctuation dropped, split or replaced;
  word_order   a person's surname moved from the front ("SURNAME, Given")
               to the back, or from the back to the front; an entity's
               legal form moved from the front to the back or back again.

Every other row is copied as written.  The choices depend only on the name
(a hash of it), so the output is the same at every run.

The lists are read from tests/data/sanctions/full as the evaluation loads
them: ofac_sdn = ofac_sdn_full/sdn.csv with ofac_sdn/{add,alt}.csv,
ofac_cons = ofac_cons/cons_*.csv, uk_ofsi = the OFSI ConList CSV.  Before
writing, every row is checked (any failure stops the script):

  * every expected reference (list:entry_id) exists;
  * exact: the query is a listed name of an expected entry;
    alias: the query is a listed alias (not weak, not OFSI "Low quality") of an
    expected entry and none of its primary names;
    other true variants: the query is no listed name of any entry, and
    (but for case_punct) not even one once case, diacritics and
    punctuation are ignored (script kept) -- except transliterations
    noted "as OFSI writes it", which are OFSI's own non-Latin names;
  * a country is one of the listed address countries of the expected
    entries, or, where the note says "wrong country", none of them;
  * transliteration rows that say "Cyrillic" in the note are in Cyrillic;
  * a near-miss equals no listed name after folding case, script (Cyrillic
    to Latin), punctuation and legal forms, nor does it differ from one by
    up to two letters (one in names of up to 6 letters), nor come within the loose spelling key (kh/h, y/i/j,
    ts/c, doubled letters, ...) of one; it contains no listed name's words
    (every word of a listed name of two words or more, or a listed single
    word of 4 letters or more); its own words are not all among a listed
    name's words (unless they are all generic words: TRADING, GROUP, ...).

Entries found to be the same party in another list (same OFAC ent_num in
SDN and consolidated; a tax or registration number shared; the same name)
and not in a row's expected are printed as warnings for review; pairs
reviewed and found to be different parties are in NOT_SAME below.
"""
import argparse
import csv
import hashlib
import io
import os
import re
import sys
import unicodedata
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
FULL = os.path.join(HERE, "full")
CATEGORIES = ["exact", "case_punct", "legal_form", "word_order", "typo", "transliteration", "alias", "near_miss"]
MINIMUM = {"exact": 20, "case_punct": 20, "legal_form": 20, "word_order": 20, "typo": 20,
           "transliteration": 40, "alias": 20, "near_miss": 60}

# Pairs of entries reviewed and found NOT to be the same party (the warning
# that they share a name or number is then silenced).
NOT_SAME = {
    frozenset(p) for p in [
        ("ofac_sdn:17013", "ofac_cons:18720"), ("ofac_cons:17013", "ofac_cons:18720"),  # VTB Bank; its Kiev subsidiary
        ("uk_ofsi:14195", "ofac_cons:18720"),
        ("ofac_sdn:36318", "uk_ofsi:15328"), ("uk_ofsi:15326", "uk_ofsi:15328"),  # Tsargrad OOO; the Tsargrad society
        ("uk_ofsi:15305", "uk_ofsi:15376"),      # Kalashnikov Concern; Izhmash Unmanned Systems (both "NPO Izhmash")
        ("uk_ofsi:16300", "ofac_sdn:45391"),     # Zhao Wei (Laos, born 1952); ZHANG, Wei
        ("ofac_sdn:25578", "ofac_sdn:25419"),    # Bank Melli Iran; Bank Melli Iran ZAO (Moscow)
        ("ofac_sdn:11317", "ofac_sdn:11630"),    # National Iranian Oil Company; its Singapore company
        ("uk_ofsi:15017", "uk_ofsi:16597"), ("ofac_sdn:34682", "uk_ofsi:16597"),  # Alfa-Bank (Russia); Alfa Bank Belarus
        ("ofac_sdn:42057", "ofac_sdn:42059"),    # Christodoulos Vassiliades; his law firm
    ]
}


# The lists' names of the countries of the addresses of the entries used here.
COUNTRY_CODES = {
    "Russia": "RU", "Belarus": "BY", "Ukraine": "UA", "Iran": "IR", "Korea, North": "KP", "North Korea": "KP",
    "Syria": "SY", "Venezuela": "VE", "Cuba": "CU", "Mexico": "MX", "China": "CN", "Estonia": "EE",
    "United Arab Emirates": "AE", "Cyprus": "CY", "Germany": "DE", "Kazakhstan": "KZ", "Austria": "AT",
    "Turkey": "TR", "Iraq": "IQ", "India": "IN", "Mongolia": "MN", "United Kingdom": "GB", "Poland": "PL",
    "Burkina Faso": "BF", "Guinea": "GN", "Switzerland": "CH", "Lebanon": "LB", "Burma": "MM",
    "Congo, Republic of the": "CG", "Hong Kong": "HK", "Armenia": "AM", "Azerbaijan": "AZ", "Georgia": "GE",
    "Serbia": "RS", "Angola": "AO", "Italy": "IT", "Panama": "PA", "Colombia": "CO", "United States": "US",
    "Latvia": "LV", "Lithuania": "LT", "Finland": "FI", "Netherlands": "NL", "Seychelles": "SC",
    "Singapore": "SG", "Malta": "MT", "Bahrain": "BH", "Afghanistan": "AF", "Pakistan": "PK", "Maldives": "MV",
    "Thailand": "TH", "Japan": "JP", "Vietnam": "VN", "Kyrgyzstan": "KG", "Uzbekistan": "UZ", "Israel": "IL",
    "Moldova": "MD", "Greece": "GR", "Spain": "ES", "France": "FR", "Bulgaria": "BG", "Czech Republic": "CZ",
    "Sudan": "SD", "Egypt": "EG", "Jordan": "JO", "Qatar": "QA", "Oman": "OM", "Kuwait": "KW", "Yemen": "YE",
    "Saudi Arabia": "SA", "Malaysia": "MY", "Indonesia": "ID", "Philippines": "PH", "Taiwan": "TW",
    "Korea, South": "KR", "South Korea": "KR", "Brazil": "BR", "Argentina": "AR", "Nicaragua": "NI",
}


# ---------------------------------------------------------------- the lists

def read_ofac(path):
    raw = open(path, "rb").read().rstrip(b"\x1a")
    rows = csv.reader(io.StringIO(raw.decode("cp1252"), newline=""))
    return [[None if f.strip() == "-0-" else f for f in r] for r in rows if r]


class Entry:
    def __init__(self, ref, kind, programs, remarks):
        self.ref, self.kind, self.programs, self.remarks = ref, kind, programs, remarks or ""
        self.names = []          # (name, kind 'primary'|'alias', quality)
        self.countries = set()


def load_lists():
    entries = {}

    def ofac(lst, prim, add, alt):
        for r in read_ofac(prim):
            e = entries[f"{lst}:{r[0]}"] = Entry(f"{lst}:{r[0]}", r[2] or "entity", r[3], r[11])
            e.names.append((r[1], "primary", None))
            for m in re.finditer(r"a\.k\.a\. '([^']+)'", r[11] or ""):
                e.names.append((m.group(1), "alias", "weak"))
        for r in read_ofac(add):
            if r[4]:
                entries[f"{lst}:{r[0]}"].countries.add(r[4])
        for r in read_ofac(alt):
            entries[f"{lst}:{r[0]}"].names.append((r[3], "alias", r[4]))

    ofac("ofac_sdn", f"{FULL}/ofac_sdn_full/sdn.csv", f"{FULL}/ofac_sdn/add.csv", f"{FULL}/ofac_sdn/alt.csv")
    ofac("ofac_cons", f"{FULL}/ofac_cons/cons_prim.csv", f"{FULL}/ofac_cons/cons_add.csv", f"{FULL}/ofac_cons/cons_alt.csv")
    (ofsi,) = [os.path.join(FULL, "uk_ofsi", f) for f in os.listdir(os.path.join(FULL, "uk_ofsi")) if f.endswith(".csv")]
    with open(ofsi, encoding="utf-8", newline="") as f:
        next(f)                                      # "Last Updated,..."
        for r in csv.DictReader(f):
            ref = f"uk_ofsi:{r['Group ID']}"
            kind = {"Individual": "individual", "Ship": "vessel"}.get(r["Group Type"], "entity")
            e = entries.setdefault(ref, Entry(ref, kind, set(), r["Other Information"]))
            e.programs.add(r["Regime"])
            name = " ".join(r[f"Name {i}"].strip() for i in (1, 2, 3, 4, 5, 6) if r[f"Name {i}"].strip())
            n = (name, "primary" if r["Alias Type"] == "Primary name" else "alias", r["Alias Quality"] or None)
            if name and n not in e.names:
                e.names.append(n)
            if r["Name Non-Latin Script"].strip():
                n = (r["Name Non-Latin Script"].strip(), "alias", None)
                if n not in e.names:
                    e.names.append(n)
            if r["Country"]:
                e.countries.add(r["Country"])
    return entries


# ------------------------------------------------------------ normalisation

CYRILLIC = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґў",
                    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p", "r", "s",
                     "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya", "i", "i", "e", "g", "u"]))
GREEK = dict(zip("αβγδεζηθικλμνξοπρσςτυφχψω", ["a", "v", "g", "d", "e", "z", "i", "th", "i", "k", "l", "m", "n", "x", "o",
                                                 "p", "r", "s", "s", "t", "y", "f", "ch", "ps", "o"]))
LEGAL_FORMS = [
    "limited liability company", "limited liability partnership", "closed joint stock company", "open joint stock company",
    "public joint stock company", "joint stock company", "joint stock commercial", "public limited company",
    "private limited company", "company limited", "limited company", "state unitary enterprise",
    "obshchestvo s ogranichennoi otvetstvennostyu", "obshchestvo s ogranichennoy otvetstvennostyu",
    "obshchestvo s ogranichennoi otvetstvennostiu", "obshchestvo s ogranichennoy otvetstvennostiu",
    "publichnoe aktsionernoe obshchestvo", "otkrytoe aktsionernoe obshchestvo", "zakrytoe aktsionernoe obshchestvo",
    "aktsionernoe obshchestvo", "aktsionernoye obshchestvo", "obshchestvo", "tovarystvo z obmezhenoiu vidpovidalnistiu",
    "tovaristvo z obmezhenoyu vidpovidalnistyu", "aktsionerne tovarystvo", "sociedad anonima", "anonim sirketi",
    "limited sirketi", "publicly traded company", "ooo", "llc", "ltd", "limited", "inc", "incorporated", "co", "corp", "corporation", "company",
    "jsc", "ojsc", "cjsc", "pjsc", "pao", "oao", "zao", "ao", "tov", "pat", "prat", "gmbh", "kg", "sa", "s a", "ag", "plc",
    "fze", "fzco", "fzc", "fz llc", "llp", "lp", "bv", "b v", "nv", "srl", "s r l", "spa", "sarl", "s a r l", "pte", "pvt",
    "sdn bhd", "bhd", "ip", "chp", "uab", "too", "ltda", "sas", "s a s", "de cv", "s a de c v", "kft", "doo", "eood",
    "ood", "pty", "as", "ab", "oy", "ou", "ad", "sp z o o", "gie", "sal", "wll", "est", "trading est",
]
# Generic words: a near-miss made only of these may be contained in a listed name.
GENERIC = set("""trading trade group holding holdings international global general industrial industries industry
metals metal mining gold oil gas energy bank shipping logistics services service company companies corporation
enterprise enterprises import export invest investment investments capital finance financial commercial
technology technologies tech engineering construction development partners partner systems solutions
management consulting resources supply supplies transport marine maritime agro chemical chemicals steel
equipment machinery electronics petroleum products product first new united national eastern western
northern southern central city star the of and""".split())


def fold(s):
    s = unicodedata.normalize("NFKD", s.lower())
    s = "".join(c for c in s if not unicodedata.combining(c))
    return "".join(CYRILLIC.get(c, GREEK.get(c, c)) for c in s)


def plain(s):
    """Lower case, no diacritics, no punctuation; the script kept."""
    s = unicodedata.normalize("NFKD", s.lower())
    s = "".join(c for c in s if not unicodedata.combining(c))
    return " ".join(re.sub(r"[’'`ʼ‘]", "", s).translate({ord(c): " " for c in "\"«»“”„()[],.;:/&-–—+!?*"}).split())


def words(s):
    s = re.sub(r"[’'`ʼ‘]", "", fold(s))
    return re.sub(r"[^a-z0-9]+", " ", s).strip()


_LF = sorted({" " + words(f) + " " for f in LEGAL_FORMS}, key=len, reverse=True)


def core(s):
    """Lower case, Latin letters, no punctuation, no legal forms."""
    s = " " + words(s) + " "
    changed = True
    while changed:
        changed = False
        for f in _LF:
            if f in s:
                s, changed = s.replace(f, " "), True
    return " ".join(s.split())


def loose(s):
    """core() with the usual romanisation differences folded."""
    s = core(s)
    for a, b in [("shch", "sh"), ("sch", "sh"), ("kh", "h"), ("ph", "f"), ("ck", "k"), ("tz", "c"), ("ts", "c"),
                 ("y", "i"), ("j", "i"), ("q", "k"), ("w", "v"), ("x", "ks"), ("ou", "u"), ("ee", "i"), ("oo", "u"),
                 ("c", "k"), ("g", "h")]:
        s = s.replace(a, b)
    s = re.sub(r"([a-z])\1+", r"\1", s)
    return s


def levenshtein_at_most(a, b, k):
    if abs(len(a) - len(b)) > k:
        return False
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
        if min(cur) > k:
            return False
        prev = cur
    return prev[-1] <= k


def is_cyrillic(s):
    letters = [c for c in s if c.isalpha()]
    return letters and sum("CYRILLIC" in unicodedata.name(c, "") for c in letters) >= 0.6 * len(letters)


# ------------------------------------------------------------- the variants

def seed(name, salt=""):
    return int.from_bytes(hashlib.sha1((salt + name).encode()).digest()[:8], "big")


# A letter's right-hand neighbour on a QWERTY keyboard (the left one at the end of a row).
KEYBOARD = {}
for row in ("qwertyuiop", "asdfghjkl", "zxcvbnm"):
    for i, c in enumerate(row):
        KEYBOARD[c] = row[i + 1] if i + 1 < len(row) else row[i - 1]


def match_case(c, like):
    return c.upper() if like.isupper() else c


def one_typo(word, h):
    """One edit of word, chosen by h, never on its first letter."""
    n = len(word)
    op = h % 4
    i = 1 + (h // 4) % (n - 2)          # 1 .. n-2
    if op == 0:                          # drop a letter
        return word[:i] + word[i + 1:], f"dropped '{word[i]}'"
    if op == 1:                          # double a letter
        return word[:i] + word[i] + word[i:], f"doubled '{word[i]}'"
    if op == 2:                          # swap two different adjacent letters
        for j in list(range(i, n - 1)) + list(range(1, i)):
            if word[j] != word[j + 1] and word[j].isalpha() and word[j + 1].isalpha():
                return word[:j] + word[j + 1] + word[j] + word[j + 2:], f"swapped '{word[j]}{word[j + 1]}'"
    c = word[i]                          # keyboard neighbour
    if c.lower() in KEYBOARD:
        r = match_case(KEYBOARD[c.lower()], c)
        return word[:i] + r + word[i + 1:], f"'{c}' typed as '{r}'"
    return word[:i] + word[i + 1:], f"dropped '{word[i]}'"


def make_typo(name):
    toks = re.findall(r"[^\W\d_]+", name)
    distinctive = set(core(name).split())       # the words left once legal forms are removed
    cands = sorted((t for t in set(toks) if words(t) in distinctive and len(t) >= 4), key=lambda t: (-len(t), toks.index(t)))
    if not cands:
        raise ValueError(f"no word to misspell in {name!r}")
    h = seed(name, "typo")
    edits = 2 if len(core(name).replace(" ", "")) >= 25 and len(cands) > 1 else 1
    out, notes = name, []
    for k in range(edits):
        w = cands[k]
        t, how = one_typo(w, h >> (16 * k))
        out = re.sub(r"(?<![^\W\d_])" + re.escape(w) + r"(?![^\W\d_])", t, out, count=1)
        notes.append(f"{how} in {w}")
    return out, "; ".join(notes)


QUOTE = r"[\"«»“”]|(?<![^\W\d_])'|'(?![^\W\d_])"      # an apostrophe inside a word is no quote


def make_case_punct(name):
    """Punctuation dropped or changed, then the case changed."""
    h = seed(name, "case")
    s, notes = name, []
    p = h % 3
    if re.search(QUOTE, s):
        if p == 0:
            s = re.sub(QUOTE, "", s)
            notes.append("quotes dropped")
        else:
            q = [("«", "»"), ("“", "”")][p - 1]
            parts = re.split(f"(?:{QUOTE})+", s)
            s = "".join(x + (q[(i % 2)] if i < len(parts) - 1 else "") for i, x in enumerate(parts))
            if s.count(q[0]) != s.count(q[1]):          # an unbalanced quote in the list: drop it
                s = s.replace(q[1], "") if s.count(q[1]) > s.count(q[0]) else s.replace(q[0], "")
            notes.append(f"quotes as {q[0]}{q[1]}")
    if "-" in s:
        s = s.replace("-", "" if p == 1 else " ")
        notes.append("hyphen " + ("dropped" if p == 1 else "as a space"))
    marks = [m for m, c in (("comma", ","), ("full stops", "."), ("apostrophe", "'")) if c in s]
    if marks:
        s = re.sub(r"\s*,\s*", " ", s).replace("'", "")
        s = s.replace(".", ". " if p == 2 else "")
        notes.append(" and ".join(marks) + " dropped" if p != 2 or "full stops" not in marks else
                     " and ".join(m for m in marks if m != "full stops") + (" dropped; " if len(marks) > 1 else "")
                     + "full stops followed by a space")
    if not notes:
        m = re.search(r"\bJOINT STOCK\b", s, re.I)
        if m:
            s = s[:m.start()] + s[m.start():m.end()].replace(" ", "-") + s[m.end():]
            notes.append("JOINT-STOCK hyphenated")
        elif (h >> 8) % 2 and re.search(r"\b(LLC|LTD|JSC|CO|INC|CORP)$", s):
            s = re.sub(r"\b(LLC|LTD|JSC|CO|INC|CORP)$", lambda m: ".".join(m.group(1)) + "." if m.group(1) in ("LLC", "JSC") else m.group(1) + ".", s)
            notes.append("full stops in the legal form")
    s = re.sub(r"\s+", " ", s).strip()
    c = (h >> 4) % 2
    if s != s.upper():
        s, n = s.upper(), "upper case"
    elif c == 0:
        s, n = s.lower(), "lower case"
    else:
        s, n = " ".join(w[:1].upper() + w[1:].lower() if w[:1].isalpha() else w[:2].upper() + w[2:].lower()
                        for w in s.split(" ")), "title case"
    notes.append(n)
    return s, "; ".join(notes)


LEADING_FORMS = ["LIMITED LIABILITY COMPANY", "JOINT STOCK COMPANY", "OPEN JOINT STOCK COMPANY", "PUBLIC JOINT STOCK COMPANY",
                 "CLOSED JOINT STOCK COMPANY", "JOINT-STOCK COMPANY", "OOO", "AO", "PAO", "OAO", "ZAO", "JSC", "PJSC", "OJSC",
                 "CJSC", "LLC"]


def make_word_order(name, kind):
    if kind == "individual":
        if "," in name:                                    # OFAC: SURNAME, Given Middle
            sur, given = [x.strip() for x in name.split(",", 1)]
            return f"{given} {sur.title()}", "surname moved to the back"
        toks = name.split()                                # OFSI: Given Middle SURNAME
        return " ".join([toks[-1]] + toks[:-1]), "surname moved to the front"
    if "," in name:                                        # NAME, OOO
        body, form = [x.strip() for x in name.split(",", 1)]
        return f"{form} {body}", "legal form moved to the front"
    for f in sorted(LEADING_FORMS, key=len, reverse=True):
        if name.upper().startswith(f + " "):
            return f"{name[len(f) + 1:]} {name[:len(f)]}", "legal form moved to the back"
        if name.upper().endswith(" " + f):
            return f"{name[-len(f):]} {name[:-len(f) - 1]}", "legal form moved to the front"
    toks = name.split()
    if len(toks) == 2:
        return f"{toks[1]} {toks[0]}", "words swapped"
    raise ValueError(f"no word order variant for {name!r}")


# ------------------------------------------------------------ verification

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--check", action="store_true", help="verify only, write nothing")
    args = ap.parse_args()

    E = load_lists()
    listed = defaultdict(set)           # exact name -> refs
    listed_plain = defaultdict(set)     # plain() of a name -> refs
    by_core = defaultdict(set)
    by_loose = defaultdict(set)
    by_len = defaultdict(list)          # len(core) -> [(core, ref)]
    word_sets = []                      # (set of words, ref, name)
    for ref, e in E.items():
        for name, kind, quality in e.names:
            listed[name].add(ref)
            listed_plain[plain(name)].add(ref)
            c = core(name)
            if not c:
                continue
            by_core[c].add(ref)
            by_loose[loose(name)].add(ref)
            by_len[len(c)].append((c, ref))
            word_sets.append((frozenset(c.split()), ref, name))
    # same-party hints: same OFAC ent_num, shared long number, same word set
    hint = defaultdict(dict)
    numbers = defaultdict(set)
    for ref, e in E.items():
        for num in set(re.findall(r"(?<![0-9])([0-9]{10,15})(?![0-9])", e.remarks)):
            numbers[num].add(ref)
    for num, refs in numbers.items():
        if len(refs) <= 4:
            for a in refs:
                for b in refs - {a}:
                    hint[a][b] = f"number {num}"
    by_wordset = defaultdict(set)       # the words of a name, spelt loosely, in any order
    for ws, ref, name in word_sets:
        if len(ws) >= 2 or (len(ws) == 1 and len(next(iter(ws))) >= 6):
            by_wordset[frozenset(loose(w) for w in ws)].add(ref)
    for ws, refs in by_wordset.items():
        if 2 <= len(refs) <= 4:
            for a in refs:
                for b in refs - {a}:
                    hint[a].setdefault(b, "name " + " ".join(sorted(ws)))
    for ref in E:
        lst, num = ref.split(":")
        other = {"ofac_sdn": "ofac_cons", "ofac_cons": "ofac_sdn"}.get(lst)
        if other and f"{other}:{num}" in E:
            hint[ref][f"{other}:{num}"] = "same ent_num"

    with open(os.path.join(HERE, "variants_in.csv"), encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    out, errors, warnings = [], [], []
    seen = set()
    for n, r in enumerate(rows, 2):
        q, country, cat, note = r["query"].strip(), r["country"].strip(), r["category"].strip(), r["note"].strip()
        exp = r["expected"].split()
        where = f"variants_in.csv:{n} ({q})"
        if cat not in CATEGORIES:
            errors.append(f"{where}: unknown category {cat}")
            continue
        for ref in exp:
            if ref not in E:
                errors.append(f"{where}: {ref} is no listed entry")
        if errors and errors[-1].startswith(where):
            continue
        if (cat == "near_miss") != (not exp):
            errors.append(f"{where}: a near-miss has no expected entry, a true variant has one")
            continue
        if country and not re.fullmatch(r"[A-Z]{2}", country):
            errors.append(f"{where}: country {country!r} is not ISO 3166-1 alpha-2")
        if q.startswith("@"):
            base = q[1:]
            if not any(nm == base for nm, _, _ in E[exp[0]].names):
                errors.append(f"{where}: {base!r} is no name of {exp[0]}")
                continue
            try:
                if cat == "typo":
                    q, how = make_typo(base)
                elif cat == "case_punct":
                    q, how = make_case_punct(base)
                elif cat == "word_order":
                    q, how = make_word_order(base, E[exp[0]].kind)
                else:
                    raise ValueError(f"category {cat} is not generated")
            except ValueError as ex:
                errors.append(f"{where}: {ex}")
                continue
            note = f"{how} (from {base})" + (f"; {note}" if note else "")
        if q in seen:
            errors.append(f"{where}: duplicate query")
        seen.add(q)
        if not note:
            errors.append(f"{where}: no note")
        names_of = {nm for ref in exp for nm, _, _ in E[ref].names}
        if cat == "exact":
            if q not in names_of:
                errors.append(f"{where}: exact, but not a listed name of {' '.join(exp)}")
        elif cat == "alias":
            aliases = {nm for ref in exp for nm, k, ql in E[ref].names
                       if k == "alias" and ql != "weak" and not (ref.startswith("uk_ofsi:") and (ql or "").startswith("Low"))}
            primaries = {nm for ref in exp for nm, k, _ in E[ref].names if k == "primary"}
            if q not in aliases or q in primaries:
                errors.append(f"{where}: alias, but not a listed (good) alias of {' '.join(exp)}")
        elif cat != "near_miss":
            non_latin = {nm for ref in exp for nm, k, ql in E[ref].names if not re.search("[A-Za-z]", nm)}
            if q in listed and not (cat == "transliteration" and q in non_latin and "as OFSI writes it" in note):
                errors.append(f"{where}: {cat}, but listed as is ({' '.join(sorted(listed[q]))})")
            elif cat in ("legal_form", "typo", "word_order", "transliteration") and plain(q) in listed_plain \
                    and not (cat == "transliteration" and "as OFSI writes it" in note):
                errors.append(f"{where}: {cat}, but listed but for case and punctuation "
                              f"({' '.join(sorted(listed_plain[plain(q)]))})")
            if cat == "transliteration" and "Cyrillic" in note and not is_cyrillic(q):
                errors.append(f"{where}: the note says Cyrillic, the query is not")
        if country and exp:
            codes = {COUNTRY_CODES.get(c, "?" + c) for ref in exp for c in E[ref].countries}
            unknown = sorted(c[1:] for c in codes if c.startswith("?"))
            if unknown:
                errors.append(f"{where}: no ISO code known for the listed countries {unknown}")
            elif "wrong country" in note and country in codes:
                errors.append(f"{where}: a wrong country, but {country} is a listed address country")
            elif "wrong country" not in note and country not in codes:
                errors.append(f"{where}: country {country}, but the listed address countries are {sorted(codes)}")
        if cat == "near_miss":
            check_near_miss(q, where, errors, by_core, by_loose, by_len, word_sets)
        else:
            for ref in exp:
                for other, why in sorted(hint.get(ref, {}).items()):
                    if other not in exp and frozenset((ref, other)) not in NOT_SAME:
                        warnings.append(f"{where}: {ref} and {other} may be the same party ({why}): "
                                        f"{E[ref].names[0][0]!r} / {E[other].names[0][0]!r}")
            # the core of the query should resemble a name of an expected entry
        out.append({"query": q, "country": country, "expected": " ".join(exp), "category": cat, "note": note})

    counts = Counter(r["category"] for r in out)
    cyr = sum(1 for r in out if r["category"] == "transliteration" and is_cyrillic(r["query"]))
    for c, m in MINIMUM.items():
        if counts[c] < m:
            errors.append(f"{c}: {counts[c]} rows, at least {m} wanted")
    if cyr < 25:
        errors.append(f"transliteration: {cyr} rows in Cyrillic, at least 25 wanted")
    for w in warnings:
        print("warning:", w, file=sys.stderr)
    for e in errors:
        print("error:", e, file=sys.stderr)
    print("rows %d (true variants %d, near-misses %d, with country %d); Cyrillic transliterations %d" % (
        len(out), len(out) - counts["near_miss"], counts["near_miss"], sum(1 for r in out if r["country"]), cyr),
        file=sys.stderr)
    print("  " + ", ".join(f"{c} {counts[c]}" for c in CATEGORIES), file=sys.stderr)
    if errors:
        sys.exit(1)
    if not args.check:
        with open(os.path.join(HERE, "variants.csv"), "w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=["query", "country", "expected", "category", "note"], lineterminator="\n")
            w.writeheader()
            w.writerows(out)


def check_near_miss(q, where, errors, by_core, by_loose, by_len, word_sets):
    c = core(q)
    if not c:
        errors.append(f"{where}: near-miss with no words left after removing legal forms")
        return
    if c in by_core:
        errors.append(f"{where}: near-miss equals a listed name: {sorted(by_core[c])[:3]}")
        return
    if loose(q) in by_loose:
        errors.append(f"{where}: near-miss spelt like a listed name: {sorted(by_loose[loose(q)])[:3]}")
        return
    k = 1 if len(c) <= 6 else 2
    for length in range(len(c) - k, len(c) + k + 1):
        for lc, ref in by_len.get(length, ()):
            if levenshtein_at_most(c, lc, k):
                errors.append(f"{where}: near-miss within two letters of {lc!r} ({ref})")
                return
    qw = set(c.split())
    for ws, ref, name in word_sets:
        if ws <= qw and (len(ws) >= 2 or len(next(iter(ws))) >= 4):
            if not ws <= GENERIC:
                errors.append(f"{where}: near-miss contains the listed name {name!r} ({ref})")
                return
        if qw <= ws and not qw <= GENERIC:
            errors.append(f"{where}: near-miss's words are all in the listed name {name!r} ({ref})")
            return


if __name__ == "__main__":
    main()
