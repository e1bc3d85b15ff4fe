#!/usr/bin/python3
"""Read a kompass workbook back with openpyxl, a reader that shares no code
with libxlsxwriter, and compare every cell with the CSV tables it was made
from.  Run with Debian's /usr/bin/python3 (python3-openpyxl).

    workbook-check.py [--municipality ID] DIR WORKBOOK.xlsx

The first sheet, 'about', lists each sheet with its rows and its CSV file
under DIR, the analysis folder.
For every sheet the CSV is read with Python's csv module and:
  - the header row is the CSV header, frozen below it, with an autofilter
    over the header and every row;
  - the rows are the CSV's rows in order (for a report's workbook, given
    --municipality: the rows each sheet selects, as written below), and
    the count on the first sheet agrees;
  - an empty CSV field is an empty cell;
  - a column of text (the list TEXT below, written here from doc/*.md,
    not from the program) holds string cells equal to the CSV text, as
    Excel shows it: codes keep their leading zeros, versions stay "2.0".
    The text is taken from the XML as stored, its _xHHHH_ escapes undone
    as Excel undoes them (openpyxl undoes only _x005F_);
  - text longer than Excel's 32,767 characters is cut: a cell of at most
    that many characters, the start of the text, then a note naming the
    file that has it whole;
  - every other column holds numeric cells equal to the CSV number to the
    16 significant digits libxlsxwriter writes;
  - no column is narrower than its header, nor than its longest text up
    to 60 characters;
  - no cell of the workbook is a formula, in openpyxl's reading and in the
    sheet XML itself (no <f> element).
Prints one line per sheet; exit status 1 with a line per problem.
"""
import csv
import math
import os
import re
import sys
import xml.etree.ElementTree as ET
import zipfile

import openpyxl

TEXT = {
    "evaluation_id", "country", "municipality_code", "municipality",
    "municipality_id", "version", "version_inferred", "level", "item",
    "area", "area_slug", "method", "source", "size_class", "check",
    "severity", "detail", "file", "reason", "kind", "scale",
    "from_evaluation", "to_evaluation", "from_version", "to_version",
    "transition", "transition_class",
    "group_type", "group", "design", "model", "term", "se_type", "note",
    "set",
}

problems = []


def problem(msg):
    problems.append(msg)


def excel_text(s):
    """The text Excel shows for a string as stored (ECMA-376 ST_Xstring)."""
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)),
                  s)


MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def stored_strings(path):
    """{sheet: {cell reference: string as stored}} from the package XML."""
    out = {}
    with zipfile.ZipFile(path) as z:
        sst = []
        if "xl/sharedStrings.xml" in z.namelist():
            for si in ET.fromstring(z.read("xl/sharedStrings.xml")):
                sst.append("".join(t.text or "" for t in si.iter(MAIN + "t")))
        rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        target = {r.get("Id"): r.get("Target") for r in rels}
        book = ET.fromstring(z.read("xl/workbook.xml"))
        for sheet in book.iter(MAIN + "sheet"):
            part = target[sheet.get(REL + "id")]
            part = part[1:] if part.startswith("/") else "xl/" + part
            xml = ET.fromstring(z.read(part))
            cells = {}
            for c in xml.iter(MAIN + "c"):
                if c.get("t") == "s":
                    cells[c.get("r")] = sst[int(c.find(MAIN + "v").text)]
                elif c.get("t") == "inlineStr":
                    cells[c.get("r")] = "".join(
                        t.text or "" for t in c.iter(MAIN + "t"))
            out[sheet.get("name")] = cells
    return out


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def select(sheet, header, rows, focus):
    """The CSV rows a report's sheet holds: its municipality's rows (by
    municipality_id in scores.csv and repeat_evaluations.csv, by the
    codes it had there in the others), every evaluation's total, or the findings of its
    evaluations."""
    if focus is None:
        return rows
    mid, codes, country, ids = focus
    col = {name: i for i, name in enumerate(header)}
    if sheet == "scores":
        return [r for r in rows if r[col["municipality_id"]] == mid]
    if sheet == "repeat_evaluations":
        return [r for r in rows if r[col["municipality_id"]] == mid]
    if sheet == "published":
        return [r for r in rows if r[col["municipality_code"]] in codes
                and r[col["country"]] == country]
    if sheet == "totals":
        return [r for r in rows if r[col["area"]] == "total"]
    if sheet == "findings":
        return [r for r in rows if r[col["evaluation_id"]] in ids]
    return rows


def sixteen(x):
    return float("%.16g" % x)


CUT = re.compile(r"(.*) \[cut at Excel's limit; the whole text is in (.*)\]",
                 re.S)


def cut_agrees(shown, text, file):
    m = CUT.fullmatch(shown)
    return (len(text) > 32767 and len(shown) <= 32767 and m is not None
            and text.startswith(m.group(1)) and len(m.group(1)) > 32000
            and m.group(2) == file)


def check_cell(where, name, text, cell, stored, file, tally):
    v = cell.value
    if cell.data_type == "f" or (isinstance(v, str) and v.startswith("=")
                                 and cell.data_type != "s"):
        problem("%s: a formula: %r" % (where, v))
        return
    if text == "":
        if v is not None:
            problem("%s: %r for an empty field" % (where, v))
        tally["empty"] += 1
        return
    if name in TEXT:
        if cell.data_type != "s" or not isinstance(v, str):
            problem("%s: %s %r is not a string cell (%s)" % (where, name, v,
                                                            cell.data_type))
        elif cut_agrees(excel_text(stored[cell.coordinate]), text, file):
            tally["cut"] += 1
        elif excel_text(stored[cell.coordinate]) != text:
            problem("%s: %r, the CSV has %r" %
                    (where, excel_text(stored[cell.coordinate]), text))
        else:
            tally["text"] += 1
            if re.fullmatch(r"0[0-9]+", text):
                tally["zeros"] += 1
        return
    if cell.data_type != "n" or isinstance(v, bool) or v is None:
        problem("%s: %s %r is not a number cell (%s)" % (where, name, v,
                                                        cell.data_type))
        return
    want = float(text)
    if not math.isfinite(want) or float(v) != sixteen(want):
        problem("%s: %r, the CSV has %s" % (where, v, text))
    else:
        tally["numbers"] += 1


def check_width(ws, sheet, c, name, texts):
    letter = openpyxl.utils.get_column_letter(c + 1)
    dim = ws.column_dimensions.get(letter)
    width = dim.width if dim is not None and dim.width else 8.43
    need = max([len(name)] + [min(len(t), 60) for t in texts
                              if name in TEXT])
    if width < need:
        problem("%s: column %s (%s) is %.1f wide, its text %d" %
                (sheet, letter, name, width, need))


def check_sheet(wb, stored, sheet, top, file, listed_rows, focus):
    ws = wb[sheet]
    header, rows = read_csv(os.path.join(top, file))
    rows = select(sheet, header, rows, focus)
    got = list(ws.iter_rows())
    if not got or [c.value for c in got[0]] != header:
        problem("%s: header %r, the CSV has %r" %
                (sheet, [c.value for c in got[0]] if got else None, header))
        return
    if ws.freeze_panes != "A2":
        problem("%s: frozen at %r, not below the header" %
                (sheet, ws.freeze_panes))
    last = openpyxl.utils.get_column_letter(len(header))
    if ws.auto_filter.ref != "A1:%s%d" % (last, len(rows) + 1):
        problem("%s: autofilter %r for %d rows" %
                (sheet, ws.auto_filter.ref, len(rows)))
    body = got[1:]
    if len(body) != len(rows) or listed_rows != len(rows):
        problem("%s: %d rows (%s on the first sheet), the CSV gives %d" %
                (sheet, len(body), listed_rows, len(rows)))
        return
    tally = {"text": 0, "numbers": 0, "empty": 0, "zeros": 0, "cut": 0}
    for i, (row, cells) in enumerate(zip(rows, body)):
        cells = list(cells) + [None] * (len(header) - len(cells))
        for c, name in enumerate(header):
            cell = cells[c]
            if cell is None:
                cell = ws.cell(row=i + 2, column=c + 1)
            check_cell("%s!%s%d" % (sheet,
                                    openpyxl.utils.get_column_letter(c + 1),
                                    i + 2), name, row[c], cell,
                       stored[sheet], file, tally)
    for c, name in enumerate(header):
        check_width(ws, sheet, c, name, [r[c] for r in rows])
    print("%s: %d rows agree: %d text, %d numbers, %d empty; %d codes with "
          "a leading zero%s" % (sheet, len(rows), tally["text"],
                                tally["numbers"], tally["empty"],
                                tally["zeros"], "; %d cut" % tally["cut"]
                                if tally["cut"] else ""))


def no_formula_xml(path):
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                if re.search(rb"<f[ >]", z.read(name)):
                    problem("%s: a formula element" % name)


def listed_sheets(wb):
    """(sheet, rows, file) from the first sheet's list."""
    about = wb["about"]
    out, inside = [], False
    for row in about.iter_rows(values_only=True):
        if row[:4] == ("Sheet", "What it holds", "Rows", "File"):
            inside = True
            continue
        if inside:
            if row[0] is None:
                break
            out.append((row[0], row[2], row[3]))
    return out


def main(argv):
    focus = None
    args = argv[1:]
    mid = None
    while args and args[0].startswith("--"):
        opt, val = args[0], args[1]
        args = args[2:]
        if opt == "--municipality":
            mid = val
        else:
            sys.exit("workbook-check: unknown option " + opt)
    if len(args) != 2:
        sys.exit(__doc__)
    top, path = args
    wb = openpyxl.load_workbook(path)
    if wb.sheetnames[0] != "about":
        problem("the first sheet is %r" % wb.sheetnames[0])
    stored = stored_strings(path)
    listed = listed_sheets(wb)
    if [s for s, _, _ in listed] != wb.sheetnames[1:]:
        problem("the first sheet lists %r, the workbook has %r" %
                ([s for s, _, _ in listed], wb.sheetnames[1:]))
    if mid is not None:
        files = {s: f for s, _, f in listed}
        header, rows = read_csv(os.path.join(top, files["scores"]))
        col = {name: i for i, name in enumerate(header)}
        own = [r for r in rows if r[col["municipality_id"]] == mid]
        focus = (mid, {r[col["municipality_code"]] for r in own},
                 own[0][col["country"]], {r[col["evaluation_id"]] for r in own})
    for sheet, rows, file in listed:
        if not os.path.exists(os.path.join(top, file)):
            problem("%s: %s does not exist" % (sheet, file))
            continue
        check_sheet(wb, stored, sheet, top, file, rows, focus)
    no_formula_xml(path)
    for p in problems:
        print("PROBLEM " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
