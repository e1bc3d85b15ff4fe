#!/bin/sh
# Check rendered charts: plotcheck.sh DIR STEM...
# For each STEM: DIR/STEM.gp, .png and .svg exist and are non-empty, the
# PNG signature is right and its IHDR says 1200x800 (bytes 16..23, read
# with od: no image tools needed).  Prints "ok STEM" per chart.
set -u
dir=${1:?usage: plotcheck.sh DIR STEM...}
shift
st=0
for stem in "$@"; do
	for ext in gp png svg; do
		[ -s "$dir/$stem.$ext" ] || { echo "missing or empty: $stem.$ext"; st=1; continue 2; }
	done
	sig=$(od -An -tx1 -N8 "$dir/$stem.png" | tr -d ' \n')
	[ "$sig" = 89504e470d0a1a0a ] || { echo "not a PNG: $stem.png"; st=1; continue; }
	size=$(od -An -tu1 -j16 -N8 "$dir/$stem.png" |
	    awk '{ printf "%dx%d", (($1*256+$2)*256+$3)*256+$4, (($5*256+$6)*256+$7)*256+$8 }')
	[ "$size" = 1200x800 ] || { echo "$stem.png is $size, not 1200x800"; st=1; continue; }
	echo "ok $stem"
done
exit $st
