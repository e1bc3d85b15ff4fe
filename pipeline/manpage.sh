#!/bin/sh
# Write the manual page (section 1) of a stage from its own --help and
# --version, so the two cannot disagree:
#   manpage.sh PROGRAM DATADIR PLOTSDIR [OTHER-STAGE...] >NAME.1
# The help text is read by its layout (see doc/help.md): a first line
# "usage: NAME ...", indented continuation lines of the usage, paragraphs
# of prose, and option lines -- indented at most 8 spaces, starting with
# '-', the description after a gap of two spaces or more and continued on
# lines indented deeper.  Prose before the first option describes the
# program, prose after it becomes NOTES; lines indented otherwise are kept
# as they are.  DATADIR and PLOTSDIR are where the build looks for the
# dictionaries and the chart templates: when the help names data/ or
# plots/, the page says where those are and how KK_DATA and KK_PLOTS move
# them.
set -u
prog=${1:?usage: manpage.sh PROGRAM DATADIR PLOTSDIR [OTHER-STAGE...]}
datadir=${2:?usage: manpage.sh PROGRAM DATADIR PLOTSDIR [OTHER-STAGE...]}
plotsdir=${3:?usage: manpage.sh PROGRAM DATADIR PLOTSDIR [OTHER-STAGE...]}
shift 3
name=${prog##*/}
help=$("$prog" --help) || { echo "manpage.sh: $prog --help failed" >&2; exit 1; }
version=$("$prog" --version) ||
	{ echo "manpage.sh: $prog --version failed" >&2; exit 1; }
printf '%s\n' "$help" | LC_ALL=C awk -v name="$name" -v version="$version" \
    -v datadir="$datadir" -v plotsdir="$plotsdir" -v others="$*" '
BEGIN {
	for (i = 1; i < 256; i++)
		ord[sprintf("%c", i)] = i
}

# Text as roff: backslash, minus signs and non-ASCII letters escaped (the
# page is ASCII, whatever the reader'"'"'s locale), a leading . or '"'"' defused.
function esc(s,    out, i, c, n, b, cp, k) {
	out = ""
	n = length(s)
	for (i = 1; i <= n; i++) {
		c = substr(s, i, 1)
		b = ord[c]
		if (c == "\\")
			out = out "\\e"
		else if (c == "-")
			out = out "\\-"
		else if (b < 128)
			out = out c
		else {
			# UTF-8: the lead byte says how many continuation bytes
			if (b >= 240) { k = 3; cp = b - 240 }
			else if (b >= 224) { k = 2; cp = b - 224 }
			else if (b >= 192) { k = 1; cp = b - 192 }
			else { k = 0; cp = 65533 }
			for (; k > 0 && i < n; k--) {
				i++
				cp = cp * 64 + ord[substr(s, i, 1)] - 128
			}
			out = out sprintf("\\[u%04X]", cp)
		}
	}
	if (out ~ /^[.'"'"']/)
		out = "\\&" out
	return out
}

# An option'"'"'s tag: option names bold, their arguments italic.
function tag(s,    out, n, w, i, t) {
	n = split(s, w, " ")
	out = ""
	for (i = 1; i <= n; i++) {
		t = w[i]
		if (t ~ /^-/) {
			if (t ~ /,$/)
				t = "\\fB" esc(substr(t, 1, length(t) - 1)) "\\fR,"
			else
				t = "\\fB" esc(t) "\\fR"
		} else
			t = "\\fI" esc(t) "\\fR"
		out = out (i > 1 ? " " : "") t
	}
	return out
}

function flush_para() {
	if (para != "") {
		emit(".PP")
		emit(esc(para))
		if (summary == "" && section == "DESCRIPTION")
			summary = para
	}
	para = ""
}

function flush_pre() {
	if (npre > 0) {
		emit(".PP")
		emit(".nf")
		for (j = 1; j <= npre; j++)
			emit(esc(pre[j]))
		emit(".fi")
	}
	npre = 0
}

# The description of an option: its text filled, lines indented deeper than
# the description kept as they are (a list of examples, say).
function odesc_text() {
	if (odesc != "")
		obody[++nobody] = esc(odesc)
	odesc = ""
}

function odesc_line(line, indent) {
	if (ocol == 0)
		ocol = indent + 1
	if (indent >= ocol) {
		odesc_text()
		if (!opre)
			obody[++nobody] = ".nf"
		opre = 1
		obody[++nobody] = esc(substr(line, ocol))
		return
	}
	if (opre)
		obody[++nobody] = ".fi"
	opre = 0
	sub(/^ +/, "", line)
	odesc = odesc (odesc == "" ? "" : " ") line
}

function flush_opt() {
	if (otag != "") {
		odesc_text()
		if (opre)
			obody[++nobody] = ".fi"
		emit(".TP")
		emit(tag(otag))
		for (j = 1; j <= nobody; j++)
			emit(obody[j])
	}
	otag = odesc = ""
	nobody = ocol = opre = 0
}

function flush() { flush_para(); flush_pre(); flush_opt() }

function emit(line) { body[++nbody] = line }

# Every stage answers --version (lib/opt.c): the page says so at the end
# of the options where the help does not.
function version_option() {
	if (!hasversion) {
		emit(".TP")
		emit(tag("--version"))
		emit("print the name and version of the program")
	}
	hasversion = 1
}

function start(s) {
	flush()
	if (section == "OPTIONS")
		version_option()
	if (s == "OPTIONS")
		hadoptions = 1
	if (section != s) {
		emit(".SH " s)
		section = s
	}
}

# data/ and plots/ as the help names them, not out/plots/
/(^|[ (])data\// { usesdata = 1 }
/(^|[ (])plots\// { usesplots = 1 }
NR == 1 {
	if ($0 !~ /^usage: /) {
		print "manpage.sh: " name " --help does not begin with usage:" >"/dev/stderr"
		bad = 1
		exit 1
	}
	syn[++nsyn] = substr($0, 8)
	state = "usage"
	next
}
state == "usage" && /^  / {
	# aligned under the first line as it was under "usage: "
	syn[++nsyn] = substr($0, 8)
	next
}
{ state = "" }
/^ *--version/ { hasversion = 1 }
/^[ \t]*$/ { flush(); next }
/^ [ ]?[ ]?[ ]?[ ]?[ ]?[ ]?[ ]?-/ {
	if (section != "OPTIONS")
		start("OPTIONS")
	flush()
	lead = match($0, /[^ ]/) - 1
	line = substr($0, lead + 1)
	if (match(line, /   *[^ ]/)) {
		otag = substr(line, 1, RSTART - 1)
		odesc = substr(line, RSTART + RLENGTH - 1)
		ocol = lead + RSTART + RLENGTH - 1
	} else
		otag = line
	next
}
/^ / && otag != "" {
	odesc_line($0, match($0, /[^ ]/) - 1)
	next
}
/^ / {
	flush_para(); flush_opt()
	if (section == "")
		start("DESCRIPTION")
	pre[++npre] = $0
	next
}
{
	flush_pre(); flush_opt()
	if (section == "")
		start("DESCRIPTION")
	else if (section == "OPTIONS")
		start("NOTES")
	para = para (para == "" ? "" : " ") $0
}

END {
	if (bad)
		exit 1
	flush()
	if (!hadoptions)
		start("OPTIONS")
	if (section == "OPTIONS")
		version_option()
	# NAME: the first sentence of the description, without its
	# parenthesised asides and what follows a colon.
	s = summary
	while (gsub(/ \([^()]*\)/, "", s))
		;
	sub(/[.:] .*/, "", s)
	sub(/[.:]$/, "", s)
	if (s == "")
		s = "a stage of kompass"
	if (substr(s, 2, 1) !~ /[A-Z]/)
		s = tolower(substr(s, 1, 1)) substr(s, 2)
	up = toupper(name)
	print ".\\\" Made from " name " --help by pipeline/manpage.sh; edit the help text, not this."
	n = split(version, v, " ")
	print ".TH " esc(up) " 1 \"\" \"kompass " esc(v[n]) "\" \"kompass\""
	print ".ad l"
	print ".nh"
	print ".SH NAME"
	print esc(name) " \\- " esc(s)
	print ".SH SYNOPSIS"
	print ".nf"
	s = syn[1]
	if (substr(s, 1, length(name)) == name)
		s = "\\fB" esc(name) "\\fR" esc(substr(s, length(name) + 1))
	else
		s = esc(s)
	print s
	for (i = 2; i <= nsyn; i++)
		print esc(syn[i])
	print ".fi"
	for (i = 1; i <= nbody; i++)
		print body[i]
	if (usesdata || usesplots) {
		print ".SH ENVIRONMENT"
		if (usesdata) {
			print ".TP"
			print ".B KK_DATA"
			print "the directory of the dictionaries (columns.csv, areas.csv, ...);"
			print "default " esc(datadir) ".  Where this page says data/, that directory is meant."
		}
		if (usesplots) {
			print ".TP"
			print ".B KK_PLOTS"
			print "the directory of the chart templates; default " esc(plotsdir) "."
			print "Where this page says plots/, that directory is meant."
		}
	}
	n = split(others, o, " ")
	if (n > 0) {
		print ".SH SEE ALSO"
		line = ""
		for (i = 1; i <= n; i++)
			if (o[i] != name) {
				if (line != "")
					print line ","
				line = ".BR " esc(o[i]) " (1)"
			}
		print line
	}
}
'
