#!/bin/sh
# make install as a user runs it, checked from outside the checkout:
#  1. make install DESTDIR=D (PREFIX's default, /usr/local): every stage
#     of stages/, its manual page, the dictionaries and the chart
#     templates land under D/usr/local; the programs have
#     /usr/local/share/kompass compiled in and not the checkout's data/ or
#     plots/; man -l renders every page without a warning and with every
#     word of the stage's --help.
#  2. make install PREFIX=P: the installed kk-ingest, run from another
#     directory with KK_DATA unset, reads an export through the installed
#     dictionary (and fails naming it when it is gone), kk-plot draws from
#     the installed templates (likewise); the installed stages answer
#     --version; make uninstall takes every file away.
#   usage: tests/install.sh   (make install-test; a step of make test)
set -u
src=$(cd "$(dirname "$0")/.." && pwd)
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
trap 'exit 2' HUP INT TERM
fail() { echo "install-test: $*" >&2; exit 1; }
mk() {
	make --no-print-directory -C "$src" "$@" >"$t/log" 2>&1 ||
		{ tail -20 "$t/log"; fail "make $* failed"; }
}
words() { tr -s ' \t' '\n\n' | grep -v '^$' | LC_ALL=C sort -u; }
version=$(cat "$src/VERSION")
export LC_ALL=C.UTF-8 MANWIDTH=80
unset KK_DATA KK_PLOTS

echo "== make install DESTDIR=..."
mk install DESTDIR="$t/dest"
p=$t/dest/usr/local
n=0
for c in "$src"/stages/kk-*.c; do
	s=$(basename "$c" .c)
	[ -x "$p/bin/$s" ] || fail "$s is not in $p/bin"
	grep -qF -e "$src/data" -e "$src/plots" "$p/bin/$s" &&
		fail "$s names the checkout's data/ or plots/"
	page=$p/share/man/man1/$s.1
	[ -f "$page" ] || fail "no manual page $page"
	man --warnings=all -l "$page" >"$t/page" 2>"$t/warn" || fail "man -l $page failed"
	[ -s "$t/warn" ] && fail "man -l $page warns: $(head -3 "$t/warn")"
	grep -q "^ *$s - [a-z]" "$t/page" || fail "$s.1 has no NAME line"
	"$p/bin/$s" --help | words >"$t/help-words"
	words <"$t/page" >"$t/page-words"
	missing=$(LC_ALL=C comm -23 "$t/help-words" "$t/page-words" | grep -vx 'usage:')
	[ -z "$missing" ] || fail "$s.1 lacks words of $s --help:" $missing
	n=$((n + 1))
done
echo "$n stages, each with a manual page that renders and carries its --help"
grep -qF /usr/local/share/kompass "$p/bin/kk-ingest" ||
	fail "kk-ingest does not name /usr/local/share/kompass"
(cd "$src/data" && find . -name '*.csv' ! -path './exports/*' ! -path '*/raw/*') |
while read -r f; do
	cmp -s "$src/data/$f" "$p/share/kompass/$f" || fail "data/$f not installed"
done || exit 1
for f in "$src"/plots/*.gp; do
	cmp -s "$f" "$p/share/kompass/plots/${f##*/}" || fail "plots/${f##*/} not installed"
done
echo "dictionaries, population tables and chart templates in share/kompass"

echo "== make install PREFIX=..."
mk install PREFIX="$t/usr"
cd / || exit 1
export_=$src/tests/data/export-samples/no_ks_wide_utf8bom.csv
"$t/usr/bin/kk-ingest" -o "$t/installed.csv" "$export_" 2>"$t/err" ||
	fail "installed kk-ingest failed: $(cat "$t/err")"
KK_DATA=$src/data "$t/usr/bin/kk-ingest" -o "$t/checkout.csv" "$export_" \
    2>/dev/null || fail "installed kk-ingest with KK_DATA=$src/data failed"
cmp -s "$t/installed.csv" "$t/checkout.csv" ||
	fail "the installed dictionary gives other rows than the checkout's"
echo "installed kk-ingest, run from /: $(($(wc -l <"$t/installed.csv") - 1)) rows," \
    "as with the checkout's dictionary"
mv "$t/usr/share/kompass/columns.csv" "$t/columns.csv"
"$t/usr/bin/kk-ingest" "$export_" >/dev/null 2>"$t/err" && fail "ran without its dictionary"
grep -qxF "kk-ingest: $t/usr/share/kompass/columns.csv: No such file or directory" "$t/err" ||
	fail "without its dictionary: $(cat "$t/err")"
mv "$t/columns.csv" "$t/usr/share/kompass/columns.csv"
echo "it reads the installed dictionary, not the checkout's"
scores=$src/tests/cases/plot-basic/scores.csv
"$t/usr/bin/kk-plot" -d "$t/charts" "$scores" 2>"$t/err" ||
	fail "installed kk-plot failed: $(cat "$t/err")"
[ -s "$t/charts/hist-NO-total.gp" ] || fail "installed kk-plot wrote no hist-NO-total.gp"
mv "$t/usr/share/kompass/plots/histogram.gp" "$t/histogram.gp"
"$t/usr/bin/kk-plot" -d "$t/charts2" "$scores" >/dev/null 2>"$t/err" &&
	fail "kk-plot ran without its template"
grep -qF "$t/usr/share/kompass/plots/histogram.gp" "$t/err" ||
	fail "without its template: $(cat "$t/err")"
mv "$t/histogram.gp" "$t/usr/share/kompass/plots/histogram.gp"
echo "installed kk-plot, run from /, draws from the installed templates"
for b in "$t"/usr/bin/kk-*; do
	[ "$("$b" --version)" = "${b##*/} (kompass) $version" ] ||
		fail "$b --version: $("$b" --version 2>&1)"
done
echo "installed stages answer --version: $version"
mk uninstall PREFIX="$t/usr"
left=$(find "$t/usr" -type f)
[ -z "$left" ] || fail "make uninstall left:" $left
echo "make uninstall removed every file"
