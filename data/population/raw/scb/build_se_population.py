#!/usr/bin/python3
"""Build ../../se_population.csv (or the path given as the one argument) from the raw SCB
files beside this script (no other input); LF line ends, like every CSV in data/.
Years 2005-2022: 'Folkmängden i Sveriges kommuner 1950-2022' (names only; codes taken
from the code/name pairs in the 2023 SCB table). 2023, 2024: column 'Folkmängd' of sheet
'Totalt' in SCB be0101_tabhel2023/2024. Rows with a 4-digit code = municipalities.
Numbers are copied as-is; nothing is computed, imputed or interpolated."""
import csv, openpyxl, os, sys
D = os.path.dirname(os.path.abspath(__file__))
HIST = 'Klimatbyran__klimatkollen__6a0b2d5__population_scb.xlsx'
T23 = 'Klimatbyran__klimatkollen__2fc6856__be0101_tabhel2023.xlsx'
T24 = 'Klimatbyran__municipality-data-pipeline__af3346d__be0101_tabhel2024.xlsx'
SRC_H = 'SCB Folkmangden i Sveriges kommuner 1950-2022 (indelning 2023-01-01); Klimatbyran/klimatkollen@6a0b2d51 data/solutions/cars/sources/population_scb.xlsx'
SRC_23 = 'SCB be0101_tabhel2023 Folkmangd 31 dec 2023 (indelning 2024-01-01); Klimatbyran/klimatkollen@2fc6856b data/solutions/bicycles/be0101_tabhel2023.xlsx'
SRC_24 = 'SCB be0101_tabhel2024 Folkmangd 31 dec 2024 (indelning 2025-01-01); Klimatbyran/municipality-data-pipeline@af3346d2 kpis/bicycles/sources/be0101_tabhel2024.xlsx'
def sheet_rows(fn, sheet=None):
    wb = openpyxl.load_workbook(os.path.join(D, fn), read_only=True, data_only=True)
    return list((wb[sheet] if sheet else wb.worksheets[0]).iter_rows(values_only=True))
def tabhel(fn):
    out = {}
    for r in sheet_rows(fn, 'Totalt'):
        c = r[0]
        if isinstance(c, str) and len(c.strip()) == 4 and c.strip().isdigit():
            assert isinstance(r[2], int)
            out[c.strip()] = (r[1].strip(), r[2])
    assert len(out) == 290, len(out)
    return out
t23, t24 = tabhel(T23), tabhel(T24)
assert {k: v[0] for k, v in t23.items()} == {k: v[0] for k, v in t24.items()}
name2code = {v[0]: k for k, v in t23.items()}
rows = sheet_rows(HIST)
hdr = rows[5]; assert hdr[0] == 'Kommun'
years = [int(y) for y in hdr[1:] if y is not None]
assert years[0] == 1950 and years[-1] == 2022
out = []
n = 0
for r in rows[6:]:
    if r[0] is None: break
    name = r[0].strip(); code = name2code[name]; n += 1
    for i, y in enumerate(years):
        if 2005 <= y <= 2022:
            v = r[i + 1]; assert isinstance(v, int)
            out.append(('SE', code, name, y, v, SRC_H))
assert n == 290
for code, (name, v) in t23.items(): out.append(('SE', code, name, 2023, v, SRC_23))
for code, (name, v) in t24.items(): out.append(('SE', code, name, 2024, v, SRC_24))
out.sort(key=lambda t: (t[1], t[3]))
dest = sys.argv[1] if len(sys.argv) > 1 else os.path.join(D, '..', '..', 'se_population.csv')
with open(dest, 'w', newline='', encoding='utf-8') as f:
    w = csv.writer(f, lineterminator='\n'); w.writerow(['country', 'municipality_code', 'municipality', 'year', 'population', 'source'])
    w.writerows(out)
print(len(out), 'rows')
