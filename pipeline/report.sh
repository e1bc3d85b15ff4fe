#!/bin/sh
# make report KOMMUNE=<code or name> [YEAR=<year>] [REPORT_LANG=nb|sv|en]:
# the benchmark report of one municipality in OUT/reports/<code>-<year>/
# (report.md, report.html with its charts embedded, report.pdf printed
# from it by headless Chromium, the charts as PNG and SVG, and
# report.xlsx), in the language asked for or the country's.
# It reads the analysis in OUT as that was made and never rebuilds it:
# rebuilding from other inputs is make analysis's job.
#   usage: report.sh BIN OUT KOMMUNE [YEAR [LANG]]
set -eu
bin=$1 out=$2 kommune=$3 year=${4:-} lang=${5:-}
[ -n "$kommune" ] || { echo "make report: give KOMMUNE=<code or name> [YEAR=<year>]" >&2; exit 2; }
if [ -f "$out/.failed" ]; then
	echo "make report: the last make analysis into $out/ stopped at" \
	    "step '$(head -n 1 "$out/.failed")' ($bin/kk-summary --dir $out says" \
	    "why); correct that and run make analysis again" >&2
	exit 1
fi
if [ ! -f "$out/.analysis" ]; then
	echo "make report: no complete analysis in $out/: run make analysis" \
	    "first (with the EXPORTS and POPULATION to report on)" >&2
	exit 1
fi
# The first year of the ranking chart, as the analysis drew it.
since=$(sed -n 's/^SINCE=//p' "$out/.analysis")
yopt=""
[ -n "$year" ] && yopt="--year $year"
[ -n "$lang" ] && yopt="$yopt --lang $lang"
# shellcheck disable=SC2086
who=$("$bin/kk-report" --dir "$out" $yopt --resolve -- "$kommune") || exit
# shellcheck disable=SC2086
set -- $who
code=$1 year=$2 municipality=$3 lang=$4
dir=$out/reports/$code-$year
mkdir -p "$dir"
echo "== report: $kommune -> $dir"
"$bin/kk-plot" -d "$dir" --tables "$out/tables" --areas data/areas.csv \
    --benchmarks data/benchmarks.csv --lang "$lang" \
    ${since:+--since "$since"} --municipality "$municipality" --year "$year" \
    "$out/scores.csv"
sh pipeline/render.sh "$dir" "$out/plots"
"$bin/kk-report" --dir "$out" --year "$year" --lang "$lang" -- "$code"
"$bin/kk-workbook" --dir "$out" --municipality "$municipality" \
    --year "$year" -o "$dir/report.xlsx"
# The PDF a client prints is the page itself, as the browser lays it out.
# KK_REPORT_PDF=0 leaves it out (a test that reports on every evaluation
# checks the pages; report-goldens checks the PDF).
if [ "${KK_REPORT_PDF:-1}" = 0 ]; then
	:
elif sh pipeline/browser.sh which >/dev/null 2>&1; then
	sh pipeline/browser.sh pdf "$dir/report.html" "$dir/report.pdf"
	echo "kk-report: wrote $dir/report.pdf"
else
	echo "make report: report.pdf not written: no headless Chromium" \
	    "(pipeline/deps.sh chromium-headless-shell installs it)" >&2
fi
