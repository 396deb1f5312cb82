#!/usr/bin/env python3
"""Turn an edition of Ukraine's KATOTTH codifier into data/ua_katotth.csv.

    tools/katotth_to_csv.py KODIFIKATOR.csv EDITION > data/ua_katotth.csv

KODIFIKATOR.csv is the ministry's export (';'-separated, five level columns,
category, Ukrainian name).  Each unit becomes one row: its code, category,
parent's code, ISO 3166-2 subdivision, Ukrainian name and the national Latin
transliteration (Cabinet of Ministers Resolution No. 55 of 27.01.2010).

Place ids are stable across editions: a unit keeps the id the current
data/ua_katotth.csv gives it, a unit that data/places.csv already has (by
its katotth column) keeps that place's id, and a new unit gets the next
free id from 100000 on.  The ISO subdivision of each oblast is found by its
transliterated name in Debian's iso-codes (iso_3166-2.json), never guessed.
"""
import csv
import json
import os
import sys

CATEGORIES = {"O", "K", "P", "H", "M", "X", "C", "B"}
FIRST_ID = 100000
DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data")
ISO_JSON = os.environ.get("ISO_3166_2_JSON", "/usr/share/iso-codes/json/iso_3166-2.json")

# Resolution No. 55: letters with one Latin form, and those written
# differently at the start of a word.
LETTERS = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "ж": "zh",
    "з": "z", "и": "y", "і": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ъ": "",
    "є": "ie", "ї": "i", "й": "i", "ю": "iu", "я": "ia",
}
WORD_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
APOSTROPHES = "'’ʼ`‘"


def fail(msg):
    sys.exit("katotth_to_csv: " + msg)


def transliterate(name):
    out = []
    prev = ""
    for i, ch in enumerate(name):
        low = ch.lower()
        if ch in APOSTROPHES:
            continue
        if low not in LETTERS:
            out.append(ch)
            prev = low
            continue
        word_start = i == 0 or not (name[i - 1].isalpha() or name[i - 1] in APOSTROPHES)
        lat = WORD_INITIAL[low] if word_start and low in WORD_INITIAL else LETTERS[low]
        # "зг" is written "zgh", to tell it from "ж"
        if low == "г" and prev == "з":
            lat = "gh"
        if ch != low and lat:
            lat = lat[0].upper() + lat[1:]
        out.append(lat)
        prev = low
    return "".join(out)


def read_codifier(path):
    units = []
    with open(path, encoding="utf-8", newline="") as f:
        rows = csv.reader(f, delimiter=";")
        header = next(rows)
        if len(header) != 7:
            fail("%s: expected 7 columns, found %d" % (path, len(header)))
        for n, row in enumerate(rows, start=2):
            if len(row) != 7:
                fail("%s:%d: expected 7 columns" % (path, n))
            levels = [c.strip() for c in row[:5]]
            codes = [c for c in levels if c]
            if not codes or row[5] not in CATEGORIES or not row[6].strip():
                fail("%s:%d: malformed row" % (path, n))
            for c in codes:
                if len(c) != 19 or not c.startswith("UA") or not c[2:].isdigit():
                    fail("%s:%d: malformed code %r" % (path, n, c))
            units.append({
                "katotth": codes[-1],
                "parent": codes[-2] if len(codes) > 1 else "",
                "oblast": codes[0],
                "category": row[5],
                "name_uk": row[6].strip(),
            })
    seen = set()
    for u in units:
        if u["katotth"] in seen:
            fail("code %s appears twice" % u["katotth"])
        seen.add(u["katotth"])
    for u in units:
        if u["parent"] and u["parent"] not in seen:
            fail("code %s names a parent %s that is not in the codifier" % (u["katotth"], u["parent"]))
    return units


def iso_subdivisions():
    with open(ISO_JSON, encoding="utf-8") as f:
        entries = json.load(f)["3166-2"]
    return {e["name"].lower(): e["code"] for e in entries if e["code"].startswith("UA-")}


def oblast_territories(units):
    """Each first-level unit's ISO code, matched by its transliterated name."""
    iso = iso_subdivisions()
    found = {}
    for u in units:
        if u["parent"]:
            continue
        lat = transliterate(u["name_uk"]).lower()
        for candidate in (lat, lat + " oblast", lat.replace(" oblast", "")):
            if candidate in iso:
                found[u["katotth"]] = iso[candidate]
                break
        else:
            fail("no ISO 3166-2 subdivision is named %r (%s)" % (lat, u["katotth"]))
    return found


def known_ids():
    """Ids the data already gives: this file's last edition, and hand-made places."""
    ids = {}
    current = os.path.join(DATA, "ua_katotth.csv")
    if os.path.exists(current):
        with open(current, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                ids[row["katotth"]] = int(row["id"])
    with open(os.path.join(DATA, "places.csv"), encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["katotth"]:
                ids[row["katotth"]] = int(row["id"])
    return ids


def main():
    if len(sys.argv) != 3:
        fail("usage: katotth_to_csv.py KODIFIKATOR.csv EDITION")
    units = read_codifier(sys.argv[1])
    territory = oblast_territories(units)
    ids = known_ids()
    next_id = max([FIRST_ID - 1] + [i for i in ids.values() if i >= FIRST_ID]) + 1
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["id", "katotth", "category", "parent", "territory", "name_uk", "name_lat", "edition"])
    for u in units:
        if u["katotth"] not in ids:
            ids[u["katotth"]] = next_id
            next_id += 1
        out.writerow([ids[u["katotth"]], u["katotth"], u["category"], u["parent"],
                      territory[u["oblast"]], u["name_uk"], transliterate(u["name_uk"]), sys.argv[2]])


if __name__ == "__main__":
    main()
