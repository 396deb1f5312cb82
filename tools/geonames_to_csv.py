#!/usr/bin/env python3
"""Turn GeoNames' postal-code extracts for Moldova and Cyprus into
data/geonames_localities.csv: the localities of Transnistria and of the north
of Cyprus.

    tools/geonames_to_csv.py GEONAMES_POSTAL_DIR EDITION > data/geonames_localities.csv

GEONAMES_POSTAL_DIR holds MD.txt and CY.txt, GeoNames' postal-code extracts
(download.geonames.org/export/zip/, CC BY 4.0, attribution "GeoNames
(geonames.org)"): tab-separated country, postal code, place name, admin1
name and code, admin2 name and code, admin3 name and code, latitude,
longitude, accuracy.  EDITION is the extract's date (YYYY-MM-DD).

Which rows are taken, and why, is data/README.md's section on
geonames_localities.csv; in short:

  * Moldova: the rows of the districts of the Transnistrian post (admin1
    "... Tr."), less the rows the sources place outside the PMR-held left
    bank and Bender (MD_LEFT_OUT);
  * Cyprus: the rows of Keryneia district, which lies wholly in the north.
    Ammochostos, Lefkosia and Larnaka are cut by the Green Line, and nothing
    in the extract tells the sides apart: their rows are left out.

A place listed under several postal codes (a town's post offices "Camenca
1", "Camenca 2", ...; one name under several codes) is one row, with every
code.  A row that is a place data/places.csv already has (EXISTING) keeps
that place's id: the generator adds the coordinates to it instead of
making a second place.  Other places keep the id this file's last edition
gave them; new ones get the next free id from 200000 (ids 200000-209999 are
this file's).  Nothing is guessed: an admin1 district, an exclusion or a
known place that the extract no longer matches stops the conversion.
"""
import csv
import json
import math
import os
import re
import sys
import unicodedata
from collections import Counter, OrderedDict

FIRST_ID, LAST_ID = 200000, 209999
DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data")
OUTPUT = os.path.join(DATA, "geonames_localities.csv")
ISO_JSON = os.environ.get("ISO_3166_2_JSON", "/usr/share/iso-codes/json/iso_3166-2.json")
HEADER = ["id", "territory", "name", "other_name", "postal_codes", "latitude", "longitude",
          "accuracy", "parent_id", "district", "source"]

# GeoNames admin1 (the post's district) taken -> the ISO 3166-2 subdivision
# its rows lie in, and the place of data/places.csv they lie in.  Every
# admin1 of Moldova that ends in " Tr." (the Transnistrian districts of the
# post) must be here: a new one stops the conversion.
DISTRICTS = {
    "MD": {
        "Camenca Tr.": ("MD-SN", 48),
        "Ribnita Tr.": ("MD-SN", 48),
        "Dubasari Tr.": ("MD-SN", 48),
        "Grigoriopol Tr.": ("MD-SN", 48),
        "Slobozia Tr.": ("MD-SN", 48),
        "Tiraspol Tr.": ("MD-SN", 48),
        # the municipality of Bender: its places lie under the town, whose
        # control is MD-BD's (contested until the Jul 1992 ceasefire)
        "Bender Tr.": ("MD-BD", 45),
    },
    "CY": {
        # ISO 3166-2 CY-06 (Girne in Turkish): the only district wholly in the north
        "Keryneia": ("CY-06", 49),
    },
}
# Districts left out whole, and why (reported, and checked to be in the extract).
DISTRICTS_LEFT_OUT = {
    "CY": {
        "Ammochostos": "CY-04, cut by the Green Line (most of it in the north, the south-east, "
                       "the buffer zone and Dhekelia in between); the extract does not tell the sides apart",
        "Lefkosia": "CY-01, cut by the Green Line; the extract does not tell the sides apart",
        "Larnaka": "CY-03, mostly in the south, a few villages in the north or the buffer zone; "
                   "the extract does not tell them apart",
        "Lemesos": "CY-02, in the south",
        "Pafos": "CY-05, in the south",
    },
}
# The places of the districts taken that the sources place outside the
# PMR-held left bank and Bender, or whose side they leave open: (district,
# name) -> why.  Each must match a row.
MD_LEFT_OUT = {
    ("Bender Tr.", "Varnita"): "Anenii Noi district (MD-AN), under Moldovan control (claimed by the PMR)",
    ("Bender Tr.", "Gisca"): "right bank, formally Causeni district (MD-CS); held by the PMR since the 1992 war",
    ("Slobozia Tr.", "Chitcani"): "right bank, formally Causeni district (MD-CS); held by the PMR since the 1992 war",
    ("Slobozia Tr.", "Merenesti"): "right bank, a village of Chitcani (MD-CS); held by the PMR since the 1992 war",
    ("Slobozia Tr.", "Zahorna"): "right bank, a village of Chitcani (MD-CS); held by the PMR since the 1992 war",
    ("Tiraspol Tr.", "Cremenciug"): "right bank, formally Causeni district (MD-CS); held by the PMR since the 1992 war",
    ("Dubasari Tr.", "Mahala"): "a village of Corjova commune of Moldova's Dubasari district (MD-DU), "
                                "under Moldovan control, Corjova itself divided",
    ("Dubasari Tr.", "Roghi"): "a village of Molovata Noua commune of Moldova's Dubasari district (MD-DU), "
                               "held by the PMR",
}
# Rows that are places of data/places.csv: (country, name) -> id.  The
# converter checks that the place has that name or alias (ASCII-folded) or,
# for a name only transliteration relates, the reason given.
EXISTING = {
    ("MD", "Tiraspol"): (43, None),
    ("MD", "Ribnita"): (44, None),
    ("MD", "Bender"): (45, None),
    ("CY", "Keryneia"): (50, "the Greek name Κερύνεια, an alias of place 50, romanised"),
}
EXPECTED_PARENTS = {48: "Transnistria", 45: "Bender", 49: "Northern Cyprus"}
COUNTRY_NAMES = {"MD": "Moldova", "CY": "Cyprus"}

# Letters of other scripts that look like Latin ones, found inside Latin
# names of the extract ("Suсleia" with a Cyrillic с).
LOOKALIKES = dict(zip("асеорхуіАВСЕНІКМОРТХ", "aceopxyiABCEHIKMOPTX"))
LOOKALIKES.update(zip("οαενχΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "oaevxABEZHIKMNOPTYX"))


def fail(msg):
    sys.exit("geonames_to_csv: " + msg)


def note(msg):
    print("geonames_to_csv: " + msg, file=sys.stderr)


def fold(name):
    """A rough ASCII key: no accents, lower case, letters and digits only."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return re.sub(r"[^0-9a-z]", "", s.lower())


def is_latin(ch):
    return not ch.isalpha() or unicodedata.name(ch, "").startswith("LATIN")


def clean_name(raw, where):
    """The name, an alternative name in brackets, and any look-alike letters fixed."""
    name = raw
    if any(ch.isalpha() and is_latin(ch) for ch in name) and not all(is_latin(ch) for ch in name):
        fixed = "".join(LOOKALIKES.get(ch, ch) for ch in name)
        if not all(is_latin(ch) for ch in fixed):
            fail("%s: %r mixes scripts" % (where, raw))
        note("%s: %r has letters of another script that look Latin; read as %r" % (where, raw, fixed))
        name = fixed
    if not all(is_latin(ch) for ch in name):
        fail("%s: %r is not in Latin script" % (where, raw))
    other = None
    m = re.match(r"^(.*\S)\s*\(([^()]+)\)$", name)
    if m:
        name, other = m.group(1), m.group(2).strip()
    return name, other


def read_extract(path, country):
    rows = []
    with open(path, encoding="utf-8", newline="") as f:
        for n, line in enumerate(f, start=1):
            fields = line.rstrip("\n").split("\t")
            where = "%s:%d" % (path, n)
            if len(fields) != 12 or fields[0] != country:
                fail("%s: expected 12 tab-separated fields of country %s" % (where, country))
            name, other = clean_name(fields[2].strip(), where)
            try:
                lat, lon = float(fields[9]), float(fields[10])
            except ValueError:
                fail("%s: no coordinates" % where)
            rows.append({
                "where": where, "postal": fields[1].strip(), "raw": fields[2].strip(),
                "name": name, "other": other, "district": fields[3].strip(),
                "lat": fields[9].strip(), "lon": fields[10].strip(), "latf": lat, "lonf": lon,
                "accuracy": int(fields[11]) if fields[11].strip() else 0,
            })
    return rows


def km(a, b):
    """Great-circle distance between two (lat, lon) in degrees."""
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


def group(rows):
    """One place per name of a district: a name with a post-office number
    ("Ribnita 3") is its town's, unless two such rows were each located by
    GeoNames (accuracy 3 or more) at different points: then they are
    distinct places that share a name with a number (Doibani 1, Doibani 2)."""
    by_base = OrderedDict()
    for r in rows:
        base = re.sub(r"\s+\d+$", "", r["name"])
        by_base.setdefault((r["district"], base), []).append(r)
    places = []
    for (district, base), members in by_base.items():
        located = {(r["lat"], r["lon"]) for r in members if r["accuracy"] >= 3}
        if len(members) > 1 and len(located) > 1:
            by_name = OrderedDict()
            for r in members:
                by_name.setdefault(r["name"], []).append(r)
            for name, same in by_name.items():
                if len({(r["lat"], r["lon"]) for r in same if r["accuracy"] >= 3}) > 1:
                    fail("%s: %s is at several located points" % (same[0]["where"], name))
                places.append((district, name, same))
        else:
            places.append((district, base, members))
    return places


def coordinates(members):
    """The point most of the place's rows give; a tie goes to the better
    located (higher accuracy)."""
    count = Counter((r["lat"], r["lon"]) for r in members)
    best = {}
    for r in members:
        p = (r["lat"], r["lon"])
        best[p] = max(best.get(p, 0), r["accuracy"])
    point = max(count, key=lambda p: (count[p], best[p]))
    return point, best[point]


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def main():
    if len(sys.argv) != 3 or not re.match(r"^\d{4}-\d{2}-\d{2}$", sys.argv[2]):
        fail("usage: geonames_to_csv.py GEONAMES_POSTAL_DIR EDITION(YYYY-MM-DD)")
    src_dir, edition = sys.argv[1], sys.argv[2]

    with open(ISO_JSON, encoding="utf-8") as f:
        iso = {e["code"] for e in json.load(f)["3166-2"]}
    places = {int(r["id"]): r for r in read_csv(os.path.join(DATA, "places.csv"))}
    aliases = {}
    for r in read_csv(os.path.join(DATA, "place_names.csv")):
        aliases.setdefault(int(r["place_id"]), []).append(r["name"])
    taken = set(places)
    katotth = os.path.join(DATA, "ua_katotth.csv")
    if os.path.exists(katotth):
        taken |= {int(r["id"]) for r in read_csv(katotth)}
    if any(FIRST_ID <= i <= LAST_ID for i in taken):
        fail("ids %d-%d are this file's, but places.csv or ua_katotth.csv uses some" % (FIRST_ID, LAST_ID))
    for pid, name in EXPECTED_PARENTS.items():
        if pid not in places or places[pid]["name"] != name:
            fail("places.csv has no place %d %s" % (pid, name))
    known = {}
    if os.path.exists(OUTPUT):
        for r in read_csv(OUTPUT):
            known[(r["territory"][:2], r["district"], r["name"])] = int(r["id"])

    out_rows = []
    for country in ("MD", "CY"):
        rows = read_extract(os.path.join(src_dir, country + ".txt"), country)
        districts = DISTRICTS[country]
        present = {r["district"] for r in rows}
        for d, (territory, parent) in districts.items():
            if d not in present:
                fail("%s.txt has no district %r" % (country, d))
            if territory not in iso:
                fail("%s is not an ISO 3166-2 code" % territory)
        for d in DISTRICTS_LEFT_OUT.get(country, {}):
            if d not in present:
                fail("%s.txt has no district %r" % (country, d))
        if country == "MD":
            new = sorted(d for d in present if d.endswith(" Tr.") and d not in districts)
            if new:
                fail("MD.txt has Transnistrian districts this converter does not know: %s" % ", ".join(new))
        rows_in = [r for r in rows if r["district"] in districts]
        note("%s: %d rows, %d in the districts taken (%s)" % (country, len(rows), len(rows_in),
             ", ".join("%s %d" % (d, sum(r["district"] == d for r in rows)) for d in districts)))
        for d, why in DISTRICTS_LEFT_OUT.get(country, {}).items():
            note("%s: left out %d rows of %s: %s" % (country, sum(r["district"] == d for r in rows), d, why))
        unmatched = set(k for k in MD_LEFT_OUT) if country == "MD" else set()
        for district, name, members in group(rows_in):
            codes = sorted({r["postal"] for r in members})
            if country == "MD" and (district, name) in MD_LEFT_OUT:
                unmatched.discard((district, name))
                note("%s: left out %s (%s): %s" % (country, name, " ".join(codes), MD_LEFT_OUT[(district, name)]))
                continue
            territory, parent = districts[district]
            others = sorted({r["other"] for r in members if r["other"]})
            if len(others) > 1:
                fail("%s: %s has several other names" % (members[0]["where"], name))
            (lat, lon), accuracy = coordinates(members)
            located = [(r["latf"], r["lonf"]) for r in rows_in
                       if r["district"] == district and r["accuracy"] >= 4 and r not in members]
            if located and min(km((float(lat), float(lon)), p) for p in located) > 25:
                fail("%s: %s lies %.0f km from every other located place of %s" % (
                    members[0]["where"], name, min(km((float(lat), float(lon)), p) for p in located), district))
            how = ("coordinates GeoNames accuracy %d" % accuracy if accuracy >= 4 else
                   "coordinates estimated by GeoNames (accuracy %s) [U]" % (accuracy or "not given"))
            attribution = "GeoNames (geonames.org), CC BY 4.0: postal codes of %s, %s: %s %s (%s); %s" % (
                COUNTRY_NAMES[country], edition, "code" if len(codes) == 1 else "codes",
                " ".join(codes), district, how)
            existing = EXISTING.get((country, name))
            if existing is None:
                for pid, p in places.items():
                    if p["territory"][:2] == country and fold(name) in \
                            {fold(n) for n in [p["name"]] + aliases.get(pid, [])}:
                        fail("%s: %s is place %d %s of places.csv: add it to EXISTING" % (
                            members[0]["where"], name, pid, p["name"]))
            if existing is not None:
                pid, why = existing
                p = places.get(pid)
                if p is None or p["territory"] != territory or (
                        why is None and fold(name) not in {fold(n) for n in [p["name"]] + aliases.get(pid, [])}):
                    fail("%s: %s is not place %d of places.csv in %s" % (members[0]["where"], name, pid, territory))
                if others:
                    fail("%s: place %d: other names of a place of places.csv go in place_names.csv" % (
                        members[0]["where"], pid))
                acc = "accuracy %d" % accuracy if accuracy >= 4 else \
                    "estimated (accuracy %s) [U]" % (accuracy or "not given")
                out_rows.append([pid, territory, name, "", " ".join(codes), lat, lon, accuracy or "",
                                 "" if pid == parent else parent, district,
                                 "coordinates from GeoNames (geonames.org), CC BY 4.0: postal codes of %s, %s: %s %s (%s), %s"
                                 % (COUNTRY_NAMES[country], edition, "code" if len(codes) == 1 else "codes",
                                    " ".join(codes), district, acc)])
                continue
            if country == "MD":
                basis = ("in the municipality of Bender, held by the PMR with the town [U]" if territory == "MD-BD"
                         else "in a district of the Transnistrian post (Tr.), the PMR-held left bank [U]")
            else:
                basis = "Keryneia district lies wholly in the north"
            key = (country, district, name)
            out_rows.append([known.get(key), territory, name, others[0] if others else "", " ".join(codes),
                             lat, lon, accuracy or "", parent, district, attribution + "; " + basis])
        if unmatched:
            fail("MD.txt no longer has %s" % ", ".join("%s (%s)" % (n, d) for d, n in sorted(unmatched)))

    used = {r[0] for r in out_rows if r[0] is not None}
    next_id = max([FIRST_ID - 1] + [i for i in used if i >= FIRST_ID]) + 1
    for r in out_rows:
        if r[0] is None:
            r[0] = next_id
            next_id += 1
    if next_id - 1 > LAST_ID:
        fail("more places than ids %d-%d" % (FIRST_ID, LAST_ID))
    out_rows.sort(key=lambda r: r[0])
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(HEADER)
    out.writerows(out_rows)
    note("%d places (%d of them places.csv already has)" % (len(out_rows), sum(r[0] < FIRST_ID for r in out_rows)))


if __name__ == "__main__":
    main()
