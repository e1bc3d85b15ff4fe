#!/bin/sh
# make report KOMMUNE=<code or name> [YEAR=<year>]: the benchmark report of
# one municipality in OUT/reports/<code>-<year>/ (report.md, report.html
# with its charts embedded, and the charts as PNG and SVG).
#   usage: report.sh BIN OUT KOMMUNE [YEAR]
set -eu
bin=$1 out=$2 kommune=$3 year=${4:-}
[ -n "$kommune" ] || { echo "make report: give KOMMUNE=<code or name> [YEAR=<year>]" >&2; exit 2; }
yopt=""
[ -n "$year" ] && yopt="--year $year"
# shellcheck disable=SC2086
set -- $("$bin/kk-report" --dir "$out" $yopt --resolve -- "$kommune")
code=$1 year=$2 codes=$3
dir=$out/reports/$code-$year
mkdir -p "$dir"
echo "== report: $kommune -> $dir"
"$bin/kk-plot" -d "$dir" --tables "$out/tables" --areas data/areas.csv \
    --since 2010 --municipality "$codes" --year "$year" "$out/scores.csv"
sh pipeline/render.sh "$dir"
"$bin/kk-report" --dir "$out" --year "$year" -- "$code"
