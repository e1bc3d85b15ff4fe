#!/bin/sh
# Render every gnuplot script in DIR: each writes its own .png and .svg.
# Scripts run from inside DIR, so they need (and use) no paths.
# Usage: render.sh DIR [FROM].  Fails if any script fails or prints
# anything: a gnuplot warning means a chart is not what kk-plot meant to
# draw.  With FROM (a folder rendered before, e.g. the analysis' charts
# for a report), a script identical to FROM's script of the same name is
# not run again: its drawings there are copied, as gnuplot would draw
# the same bytes.
set -u
dir=${1:?usage: render.sh DIR [FROM]}
from=${2:-}
command -v gnuplot >/dev/null || { echo "render: gnuplot not found" >&2; exit 1; }
[ -z "$from" ] || from=$(cd "$from" && pwd) || exit 1
cd "$dir" || exit 1
# The scripts say "set encoding utf8"; under a non-UTF-8 locale (LC_ALL=C
# in the tests) gnuplot 5.4 then warns that iconv cannot convert the
# degree sign.  The text is UTF-8 whatever the user's locale.
LC_ALL=C.UTF-8; export LC_ALL
# FROM's drawings of the same script, if they are there and not older
# than it
drawn() {
	[ -n "$from" ] && [ -s "$from/$1.png" ] && [ -s "$from/$1.svg" ] &&
	    ! [ "$from/$1.gp" -nt "$from/$1.png" ] &&
	    ! [ "$from/$1.gp" -nt "$from/$1.svg" ] &&
	    cmp -s "$1.gp" "$from/$1.gp"
}
st=0
for gp in *.gp; do
	[ -e "$gp" ] || continue
	stem=${gp%.gp}
	if drawn "$stem"; then
		cp "$from/$stem.png" "$from/$stem.svg" . && continue
	fi
	msg=$(gnuplot "$gp" 2>&1 </dev/null)
	rc=$?
	if [ "$rc" != 0 ] || [ -n "$msg" ]; then
		echo "render: $dir/$gp failed (status $rc):" >&2
		printf '%s\n' "$msg" | head -20 >&2
		st=1
	fi
done
exit $st
