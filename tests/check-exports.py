#!/usr/bin/env python3
"""Check data/exports against the transcriptions it was made from.

Run by hand after editing data/exports (or the transcriptions in
tests/data/evaluations, see SOURCES.md there):

    python3 tests/check-exports.py [EXPORTS_DIR [EVALUATIONS_DIR]]

It reads every export file with its own dialect (independently of
kk-ingest), then checks, per evaluation and level, that:
  - every number published in the transcriptions is in the exports, and
    no number is in the exports that the transcriptions do not publish;
  - no evaluation gives the same level/item twice across files;
  - every row has a source naming the transcription's source_url (the
    sub-area and 2.x-crosswalk rows name the 2022 Røros report);
  - version is empty unless the source states it (only Røros 2022: the
    report says "versjon 3.2 ... benyttet i denne evalueringen");
  - the byte-level dialect of each file is the one doc/ingest.md promises.
Exit status 0 when all holds, 1 with one line per problem otherwise.

    python3 tests/check-exports.py --canonical

prints instead the canonical table kk-ingest should make of
data/exports/*.csv (files in C-locale name order, rows in file order, a
wide row's areas 1-8 before its total): every name, version, score and max
taken from the transcriptions, only the row order and the source text from
the exports.  That made tests/cases/exports-all/out; the check mode
compares it with the transcriptions again.
"""
import csv
import io
import math
import os
import sys

CANONICAL = "--canonical" in sys.argv[1:]
ARGS = [a for a in sys.argv[1:] if a != "--canonical"]
HERE = os.path.dirname(os.path.abspath(__file__))
EXPORTS = ARGS[0] if len(ARGS) > 0 else os.path.join(HERE, "..", "data", "exports")
EVALUATIONS = ARGS[1] if len(ARGS) > 1 else os.path.join(HERE, "data", "evaluations")

# 2.x area -> 3.x area, by content (data/areas.csv)
TO3 = {1: 1, 2: 5, 3: 3, 4: 8, 5: 4, 6: 7, 7: 6, 8: 2}
REPORT = "Evaluering av forvaltningspraksisen i Røros kommune"
STATED_VERSION = {("NO", "5025", "2022"): "3.2"}
# Rows whose number the transcriptions' notes attribute to a second source.
MITTI = "mitti.se/nyheter/enkoping-stiger-i-rankning"
OTHER_SOURCE = {(("SE", "0381", y), ("area", a)): MITTI
                for y in ("2016", "2018") for a in ("4", "8")}

problems = []


def bad(msg):
    problems.append(msg)


# name -> (encoding, bom, delimiter, eol)
# (in C-locale name order, as the shell expands data/exports/*.csv)
DIALECT = {
    "no_kk_wide_utf8bom.csv": ("utf-8", True, ";", b"\r\n"),
    "no_roros_2014_2017_on_2x_areas_en.csv": ("utf-8", False, ",", b"\n"),
    "no_roros_2022_subareas.csv": ("utf-8", False, ";", b"\n"),
    "se_kk_long_cp1252.csv": ("cp1252", False, ";", b"\r\n"),
    "se_kk_wide_utf8bom.csv": ("utf-8", True, ";", b"\r\n"),
}


def read_export(name):
    enc, bom, delim, eol = DIALECT[name]
    raw = open(os.path.join(EXPORTS, name), "rb").read()
    if raw.startswith(b"\xef\xbb\xbf") != bom:
        bad(f"{name}: BOM {'missing' if bom else 'present'}")
    if eol == b"\r\n":
        if raw.count(b"\n") != raw.count(b"\r\n"):
            bad(f"{name}: not every line ends in CRLF")
    elif b"\r" in raw:
        bad(f"{name}: CR found in an LF file")
    if not raw.endswith(eol):
        bad(f"{name}: last line not terminated")
    if enc == "cp1252":
        try:
            raw.decode("utf-8")
            bad(f"{name}: decodes as UTF-8, expected Windows-1252")
        except UnicodeDecodeError:
            pass
    text = raw.decode("utf-8-sig" if bom else enc)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delim))
    width = len(rows[0])
    for i, r in enumerate(rows[1:], 2):
        if len(r) != width:
            bad(f"{name}:{i}: {len(r)} fields, header has {width}")
    return rows[0], rows[1:]


def num(s):
    return float(s.replace(",", ".")) if s.strip() else None


# (country, code, year) -> {(level, item): (score, max, source, file)}
got = {}
versions = {}
order = []     # (key, level, item) in kk-ingest's output order


def put(name, country, code, year, version, level, item, score, mx, source):
    key = (country, code, year)
    if not source.strip():
        bad(f"{name}: {key} {level} {item}: no source")
    versions.setdefault(key, set()).add(version)
    slot = got.setdefault(key, {})
    if (level, item) in slot:
        bad(f"{name}: {key} {level} {item} given twice (also in {slot[(level, item)][3]})")
    slot[(level, item)] = (score, mx, source, name)
    order.append((key, level, item))


def load_wide(name, code="Kommunenr", version="Versjon", source="Kilde"):
    hdr, rows = read_export(name)
    for r in rows:
        d = dict(zip(hdr, r))
        for k in range(1, 9):
            v = num(d[f"Område {k}"])
            if v is not None:
                put(name, d["Land"], d[code], d["År"], d[version], "area", str(k), v, None, d[source])
        if num(d["Totalt"]) is not None:
            put(name, d["Land"], d[code], d["År"], d[version], "total", "total", num(d["Totalt"]), None, d[source])


def load_se_wide(name):
    load_wide(name, "Kommunkod", "Version", "Källa")


def load_se_long(name):
    hdr, rows = read_export(name)
    for r in rows:
        d = dict(zip(hdr, r))
        lvl, item = ("total", "total") if d["Område"] == "Totalt" else ("area", d["Område"])
        put(name, d["Land"], d["Kommunkod"], d["År"], d["Version"], lvl, item, num(d["Poäng"]), None, d["Källa"])


def load_subareas(name):
    hdr, rows = read_export(name)
    for r in rows:
        d = dict(zip(hdr, r))
        put(name, d["land"], d["kommunenummer"], d["år"], d["versjon"], "subarea", d["delområde nr"],
            num(d["poeng"]), num(d["maks"]), d["kilde"])


def load_en_long(name):
    hdr, rows = read_export(name)
    for r in rows:
        d = dict(zip(hdr, r))
        put(name, d["country"], d["municipality_code"], d["year"], d["version"], "area", d["area"],
            num(d["score"]), None, d["source"])


LOADER = {
    "no_kk_wide_utf8bom.csv": load_wide,
    "no_roros_2014_2017_on_2x_areas_en.csv": load_en_long,
    "no_roros_2022_subareas.csv": load_subareas,
    "se_kk_long_cp1252.csv": load_se_long,
    "se_kk_wide_utf8bom.csv": load_se_wide,
}


def load_exports():
    for name in DIALECT:
        LOADER[name](name)


def transcribed(name):
    with open(os.path.join(EVALUATIONS, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def expected():
    """(country, code, year) -> {(level, item): (score, max, source needle)}"""
    want = {}
    for f in ("no_published.csv", "se_published.csv"):
        for r in transcribed(f):
            key = (r["country"], r["municipality_code"], r["year"])
            slot = want.setdefault(key, {})
            for k in range(1, 9):
                if r[f"area_{k}"].strip():
                    slot[("area", str(k))] = (float(r[f"area_{k}"]), None, r["source_url"])
            if r["total"].strip():
                slot[("total", "total")] = (float(r["total"]), None, r["source_url"])
    for r in transcribed("roros_seed_areas.csv"):
        key = (r["country"], r["municipality_code"], r["year"])
        a3 = int(r["area_3x"])
        if r["evaluated_version"].startswith("2."):
            k = next(k for k, v in TO3.items() if v == a3)
            want[key][("area", str(k))] = (float(r["score"]), None, REPORT)
        elif want[key][("area", str(a3))][0] != float(r["score"]):
            bad(f"transcriptions disagree on {key} area {a3}")
    for r in transcribed("roros_2022_subareas.csv"):
        key = (r["country"], r["municipality_code"], r["year"])
        want[key][("subarea", r["subarea"])] = (float(r["score"]), float(r["max"]), REPORT)
    return want


def compare(want):
    for key in sorted(set(want) | set(got)):
        w, g = want.get(key, {}), got.get(key, {})
        for li in sorted(set(w) | set(g)):
            if li not in g:
                bad(f"{key} {li}: published {w[li][0]}, missing from exports")
            elif li not in w:
                bad(f"{key} {li}: {g[li][0]} in {g[li][3]} but not published")
            else:
                score, mx, needle = w[li]
                needle = OTHER_SOURCE.get((key, li), needle)
                if g[li][0] != score or g[li][1] != mx:
                    bad(f"{key} {li}: exports {g[li][0]}/{g[li][1]}, published {score}/{mx}")
                if needle not in g[li][2]:
                    bad(f"{key} {li}: source lacks {needle}")
        vs = versions.get(key, set())
        if vs != {STATED_VERSION.get(key, "")}:
            bad(f"{key}: version {sorted(vs)}, expected {STATED_VERSION.get(key, '')!r}")


def fmt(v):
    if v is None:
        return ""
    return str(int(v)) if v == math.floor(v) else repr(v)


def quote(s):
    if any(c in s for c in ',"\r\n') or s != s.strip():
        return '"' + s.replace('"', '""') + '"'
    return s


def names():
    n = {}
    for f in ("no_published.csv", "se_published.csv"):
        for r in transcribed(f):
            n[(r["country"], r["municipality_code"], r["year"])] = r["municipality"]
    return n


def canonical(want):
    """The expected kk-ingest output: numbers from the transcriptions."""
    name = names()
    out = ["evaluation_id,country,municipality_code,municipality,year,"
           "version,level,item,score,max,source"]
    for key, level, item in order:
        country, code, year = key
        score, mx, _ = want[key][(level, item)]
        src = got[key][(level, item)][2]
        out.append(",".join([f"{country}-{code}-{year}", country, code,
                             quote(name[key]), year,
                             STATED_VERSION.get(key, ""), level, item,
                             fmt(score), fmt(mx), quote(src)]))
    sys.stdout.write("\n".join(out) + "\n")


def export_order():
    """The files as `kk-ingest data/exports/*.csv` sees them in LC_ALL=C."""
    files = sorted((f for f in os.listdir(EXPORTS) if f.endswith(".csv")),
                   key=lambda f: f.encode())
    if files != sorted(DIALECT, key=lambda f: f.encode()):
        bad(f"exports are {files}, this script knows {sorted(DIALECT)}")
    return files


if export_order() != list(DIALECT):
    bad("DIALECT must list the files in C-locale order")
load_exports()
want = expected()
compare(want)
if CANONICAL and not problems:
    canonical(want)
    sys.exit(0)
for p in problems:
    print(p)
n = sum(len(v) for v in got.values())
print(f"check-exports: {len(got)} evaluations, {n} scores, {len(problems)} problems")
sys.exit(1 if problems else 0)
