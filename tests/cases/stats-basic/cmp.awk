# cmp.awk: compare a CSV written by kk-stats (second file) with the one
# oracle.R wrote (first file), cell by cell.  Numbers agree when their
# relative difference is at most rel (default 1e-9; an absolute 1e-12
# near zero), other cells must be equal, and "*" in the oracle matches
# anything.  POSIX awk; quoted fields without embedded newlines.
function parse(line, f,    n, i, c, q, cur) {
	n = 0; cur = ""; q = 0
	for (i = 1; i <= length(line); i++) {
		c = substr(line, i, 1)
		if (q) {
			if (c == "\"" && substr(line, i + 1, 1) == "\"") { cur = cur c; i++ }
			else if (c == "\"") q = 0
			else cur = cur c
		} else if (c == "\"") q = 1
		else if (c == ",") { f[++n] = cur; cur = "" }
		else cur = cur c
	}
	f[++n] = cur
	return n
}
function isnum(s) {
	return s ~ /^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$/
}
function same(a, b,    d, m) {
	if (a == "*" || a == b) return 1
	if (!isnum(a) || !isnum(b)) return 0
	d = a - b; if (d < 0) d = -d
	m = a < 0 ? -a : a
	return d <= rel * m || d <= 1e-12
}
BEGIN { if (rel == "") rel = 1e-9 }
FNR == NR { want[FNR] = $0; nwant = FNR; next }
{
	if (FNR > nwant) { print FILENAME ": extra line " FNR; bad = 1; next }
	nw = parse(want[FNR], w); ng = parse($0, g)
	if (nw != ng) { print FILENAME ":" FNR ": " ng " fields, expected " nw; bad = 1; next }
	for (i = 1; i <= nw; i++)
		if (!same(w[i], g[i])) {
			print FILENAME ":" FNR ": field " i ": got '" g[i] "', expected '" w[i] "'"
			bad = 1
		}
	ngot = FNR
}
END {
	if (ngot < nwant) { print "got " ngot " lines, expected " nwant; bad = 1 }
	exit bad
}
