#!/usr/bin/env python3
"""Generate src/iso3166_table.c from Debian's iso-codes JSON files.

Usage: gen_iso3166.py JSON_DIR [ISO_CODES_VERSION] > src/iso3166_table.c

The territory encoding computed here must match territory_encode() in
src/territory.h: 10 bits of country (two letters, base 26) above 16 bits of
subdivision (up to three characters, base 37, 0 meaning "no character"), so
that integer order is code order with a country before its subdivisions.
"""
import json
import os
import re
import sys
import unicodedata

SUB_BASE = 37


def country_index(alpha2):
    a, b = alpha2
    return (ord(a) - 65) * 26 + (ord(b) - 65)


def sub_digit(ch):
    if ch.isdigit():
        return 1 + ord(ch) - 48
    return 11 + ord(ch) - 65


CODE_RE = re.compile(r"[A-Z]{2}(-[0-9A-Z]{1,3})?")


def encode(code):
    if not CODE_RE.fullmatch(code):
        sys.exit("code %r is not of the form XX or XX-YYY" % code)
    country, _, sub = code.partition("-")
    value = 0
    for i in range(3):
        value = value * SUB_BASE + (sub_digit(sub[i]) if i < len(sub) else 0)
    return (country_index(country) << 16) | value


def c_string(text):
    out = []
    for byte in text.encode("utf-8"):
        ch = chr(byte)
        if ch in '"\\' or byte < 0x20 or byte >= 0x7f:
            out.append("\\%03o" % byte)
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


# Characters NFKD does not reduce to ASCII.
ASCII_EXTRA = {
    "\u2018": "'", "\u2019": "'", "\u02bb": "'", "\u02bc": "'", "\u02b9": "'",
    "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
    "\u00df": "ss", "\u00e6": "ae", "\u00c6": "AE", "\u00f8": "o", "\u00d8": "O",
    "\u0131": "i", "\u0130": "I", "\u0142": "l", "\u0141": "L", "\u0111": "d",
    "\u0110": "D", "\u00f0": "d", "\u00d0": "D", "\u00fe": "th", "\u00de": "Th",
    "\u0153": "oe", "\u0152": "OE", "\u01dd": "e", "\u0259": "e", "\u018f": "E",
    "\u0127": "h", "\u0126": "H", "\u2020": "",
}


def ascii_name(name):
    """An ASCII rendering for databases whose encoding is not UTF-8."""
    out = []
    for ch in unicodedata.normalize("NFKD", name):
        if ord(ch) < 128:
            out.append(ch)
        elif unicodedata.combining(ch):
            continue
        else:
            out.append(ASCII_EXTRA.get(ch, "?"))
    return "".join(out)


def load(json_dir):
    with open(os.path.join(json_dir, "iso_3166-1.json"), encoding="utf-8") as f:
        countries = json.load(f)["3166-1"]
    with open(os.path.join(json_dir, "iso_3166-2.json"), encoding="utf-8") as f:
        subdivisions = json.load(f)["3166-2"]

    entries = {}
    for c in countries:
        entries[c["alpha_2"]] = {"name": c["name"], "parent": None}
    for s in subdivisions:
        code = s["code"]
        country = code.split("-")[0]
        if country not in entries:
            sys.exit("subdivision %s of unknown country" % code)
        parent = s.get("parent")
        if parent is None:
            parent = country
        elif "-" not in parent:
            parent = country + "-" + parent
        if code in entries:
            sys.exit("duplicate code %s" % code)
        entries[code] = {"name": s["name"], "parent": parent}

    for code, e in entries.items():
        if e["parent"] is not None and e["parent"] not in entries:
            sys.exit("%s has unknown parent %s" % (code, e["parent"]))
        if e["parent"] is not None and e["parent"][:2] != code[:2]:
            sys.exit("%s has a parent in another country: %s" % (code, e["parent"]))
        e["children"] = False
    for e in list(entries.values()):
        if e["parent"] is not None:
            entries[e["parent"]]["children"] = True
    return entries


def previous_codes(path):
    """Codes in the committed table, read from its per-line comments."""
    try:
        with open(path, encoding="utf-8") as f:
            return set(re.findall(r"/\* ([A-Z]{2}(?:-[0-9A-Z]{1,3})?) \*/", f.read()))
    except FileNotFoundError:
        return set()


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    entries = load(sys.argv[1])
    # Stored values must stay readable: a code is never dropped silently.
    here = os.path.dirname(os.path.abspath(__file__))
    dropped = previous_codes(os.path.join(here, "..", "src", "iso3166_table.c")) - set(entries)
    if dropped and os.environ.get("ISO3166_ALLOW_REMOVALS") != "1":
        sys.exit("the new data drops codes still in src/iso3166_table.c: %s\n"
                 "keep them (stored values must stay readable) or set "
                 "ISO3166_ALLOW_REMOVALS=1 after planning the migration" % " ".join(sorted(dropped)))
    version = sys.argv[2] if len(sys.argv) > 2 and sys.argv[2] else "unknown"
    codes = sorted(entries, key=encode)
    if len({encode(c) for c in codes}) != len(codes):
        sys.exit("two codes share an encoding")
    ncountries = sum(1 for c in codes if "-" not in c)

    print("/*")
    print(" * iso3166_table.c")
    print(" *\t\tISO 3166-1 and ISO 3166-2 codes, generated by tools/gen_iso3166.py.")
    print(" *")
    print(" * DO NOT EDIT: run `make iso3166` to regenerate.")
    print(" * Source: Debian iso-codes %s (iso_3166-1.json, iso_3166-2.json)," % version)
    print(" * LGPL-2.1-or-later; see README.md, \"Data sources\".")
    print(" * %d countries, %d subdivisions." % (ncountries, len(codes) - ncountries))
    print(" */")
    print('#include "postgres.h"')
    print()
    print('#include "iso3166.h"')
    print()
    print('const char *const iso3166_source = "iso-codes %s";' % version)
    print()
    print("const Iso3166Entry iso3166_entries[] = {")
    for code in codes:
        e = entries[code]
        parent = encode(e["parent"]) if e["parent"] else -1
        fallback = "NULL" if e["name"].isascii() else c_string(ascii_name(e["name"]))
        print("\t{%d, %d, %s, %s, %s},\t/* %s */" % (
            encode(code), parent, "true" if e["children"] else "false",
            c_string(e["name"]), fallback, code))
    print("};")
    print()
    print("const int\tiso3166_nentries = lengthof(iso3166_entries);")


if __name__ == "__main__":
    main()
