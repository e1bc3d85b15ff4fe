#!/bin/sh
# Follows two procedures of README.md as a user would, in a copy of the
# checkout whose bin/ holds the programs under test ($KK_BIN):
#   "Your own exports in five minutes": its csv block becomes the file,
#   its sh blocks run as they stand, one after the other;
#   "Adding a new year's export": a new file in data/exports/ with an
#   unknown header and no country column, the dictionary line the
#   README gives as its example, then make analysis COUNTRY=NO.
# Prints one line per step that held; exits non-zero at the first that
# did not.  usage: readme-procedures.sh SRC
set -eu
src=${1:?usage: readme-procedures.sh SRC}
: "${KK_BIN:?set KK_BIN to the directory of the programs}"
w=$(mktemp -d "${TMPDIR:-/tmp}/kk-readme.XXXXXX")
trap 'rm -rf "$w"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# The copy: what git tracks (or, outside git, all but the build).
if git -C "$src" rev-parse --git-dir >/dev/null 2>&1; then
	(cd "$src" && git ls-files -co --exclude-standard -z |
	    xargs -0 cp --parents -t "$w")
else
	(cd "$src" && tar cf - --exclude=./build --exclude=./bin \
	    --exclude=./out --exclude=./bench/cache .) | (cd "$w" && tar xf -)
fi
cd "$w"
# The programs were built in the source checkout: they find the copy's
# dictionaries through KK_DATA, and make takes them as built (-t).  The
# outer make's variables (SAN=, O= also through the environment) must not
# reach this make.
unset MAKEFLAGS MFLAGS MAKELEVEL SAN O BUILD BIN
KK_DATA=$w/data; export KK_DATA
mkdir -p bin build/release/lib build/release/tests
cp "$KK_BIN"/kk-* bin/
make -s -t all >/dev/null

# ---- Your own exports in five minutes -----------------------------------
section() {
	awk -v h="$1" '
	    /^#+ / { on = (substr($0, index($0, " ") + 1) == h) }
	    on' README.md
}
block() {       # block LANG N: the N-th fenced block of LANG in the section
	awk -v lang="$1" -v n="$2" '
	    /^```/ { if (inb) { inb = 0; next }
	             if ($0 == "```" lang) { k++; inb = (k == n); next } }
	    inb'
}
section "Your own exports in five minutes" > five.md
[ -s five.md ] || fail "README.md has no section 'Your own exports in five minutes'"
mkdir -p mine
block csv 1 <five.md >mine/kommunkompassen.csv
[ -s mine/kommunkompassen.csv ] || fail "no csv block"
run() {         # run N STATUS TEXT: sh block N exits STATUS and says TEXT
	block sh "$1" <five.md >step.sh
	[ -s step.sh ] || fail "no sh block $1"
	set +e
	sh step.sh >step.out 2>&1
	st=$?
	set -e
	[ "$st" = "$2" ] || { cat step.out >&2; fail "block $1 exit $st, not $2"; }
	grep -qF -- "$3" step.out || { cat step.out >&2; fail "block $1 lacks: $3"; }
	echo "five minutes, block $1: exit $st, says: $3"
}
run 1 1 "if column 4 'Mätår' is it, add the line 'year,matar,'"
run 2 0 "result: reads without error"
run 3 0 "kk-report: wrote out/reports/1444-2014/report.html"
grep -q '^SE-1444-2014,.*,2014,.*,total,' out/scores.csv ||
	fail "out/scores.csv has no total of SE-1444-2014"
echo "five minutes: out/scores.csv holds SE-1444-2014, report.html written"

# ---- Adding a new year's export ------------------------------------------
line='total,Poengsum 2024'
grep -qF "(\`$line\`)" README.md ||
	fail "README.md no longer gives the example line $line"
rm -rf out
cp "$src/data/columns.csv" data/columns.csv
printf 'Knr;Kommune;År;Poengsum 2024;Kilde\n0437;Tynset;2015;400;%s\n' \
    "not a published score: tests/readme-procedures.sh" \
    >data/exports/no_new_year.csv
set +e
bin/kk-ingest --explain data/exports/no_new_year.csv >explain.out 2>&1
st=$?
set -e
[ "$st" = 1 ] && grep -qF "'total,poengsum_2024,'" explain.out ||
	{ cat explain.out >&2; fail "--explain does not give the line to add"; }
echo "new year: --explain names the line for 'Poengsum 2024'"
echo "$line" >>data/columns.csv
make analysis COUNTRY=NO >make.out 2>&1 || { tail -20 make.out >&2; fail "make analysis COUNTRY=NO"; }
grep -q '^NO-0437-2015,NO,0437,Tynset,2015,,total,total,400,' out/evaluations.csv ||
	fail "out/evaluations.csv lacks NO-0437-2015"
echo "new year: make analysis COUNTRY=NO reads it (NO-0437-2015 total 400)"
