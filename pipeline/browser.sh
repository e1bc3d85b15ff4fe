#!/bin/sh
# Headless Chromium for the report: print it to PDF, or open it as the
# client's browser would and check what it shows.
#   browser.sh which            the browser's path; status 1 if there is none
#   browser.sh pdf HTML PDF     PDF from the page (A4, by its @page rule)
#   browser.sh check HTML...    fail on a console message, an image that
#                               did not decode, or anything the page
#                               fetched (a report is self-contained)
# Debian's chromium-headless-shell is preferred, chromium used otherwise
# (pipeline/deps.sh installs the first).  Chromium runs without sandbox
# (as root it has none), without GPU, and without the background
# connections it makes at every start (a closed network refuses them
# with errors), each time with a new, empty profile.
set -u
usage() {
	echo "usage: browser.sh which | pdf HTML PDF | check HTML..." >&2
	exit 2
}

which_browser() {
	for b in chromium-headless-shell chromium; do
		command -v "$b" && return 0
	done
	return 1
}

# run ARGS...: the browser with the flags every use needs, in a private
# profile that is removed afterwards.
run() {
	prof=$(mktemp -d "${TMPDIR:-/tmp}/kk-browser.XXXXXX") || exit 1
	"$browser" --headless --no-sandbox --disable-gpu --disable-quic \
	    --no-first-run --disable-background-networking \
	    --disable-component-update --disable-sync --disable-extensions \
	    --user-data-dir="$prof" "$@"
	rc=$?
	rm -rf "$prof"
	return $rc
}

url() {
	case $1 in
	/*) printf 'file://%s' "$1" ;;
	*) printf 'file://%s/%s' "$(pwd)" "$1" ;;
	esac
}

# Chromium stamps the PDF with the time it was made (/CreationDate and
# /ModDate); the same page must give the same bytes, so the stamps are
# overwritten with spaces of the same length (offsets stay valid).
pdf() {
	html=$1 out=$2
	tmp=$out.tmp.$$
	run --no-pdf-header-footer --print-to-pdf="$tmp" "$(url "$html")" \
	    >/dev/null 2>&1 && [ -s "$tmp" ] || {
		rm -f "$tmp"
		echo "browser: $html: printing to PDF failed" >&2
		return 1
	}
	blank_dates "$tmp" && mv "$tmp" "$out"
}

blank_dates() {
	perl -0777 -pi -e 's{/(Creation|Mod)Date \(D:[^)]*\)}{" " x length($&)}ge' "$1"
}

# The probe runs in a copy of the page, when it has loaded: it draws
# every image on a canvas (which decodes it there and then, and fails on
# an image the browser could not read), looks for anything that refers
# outside the page (an image, script, style sheet, frame or CSS url()
# that is not a data: URL) and lists what the page fetched.  All of it
# runs in the load event, so it has finished when the DOM is dumped.
# Its one console line is the verdict; any other console line is a
# message from the page itself.
probe='<script>window.addEventListener("load",()=>{const b=[],c=document.createElement("canvas").getContext("2d");for(const i of document.images){let ok=i.complete&&i.naturalWidth>0;if(ok)try{c.drawImage(i,0,0)}catch(e){ok=false}if(!ok)b.push("image not decoded: "+i.alt)}for(const e of document.querySelectorAll("img,script[src],link[href],iframe,object,embed,video,audio,source")){const u=e.src||e.href||e.data||"";if(u&&!u.startsWith("data:"))b.push("refers outside: "+u)}for(const s of document.styleSheets){let rs;try{rs=s.cssRules}catch(e){b.push("style sheet outside: "+s.href);continue}for(const r of rs)if(/url\((?!["\x27]?data:)/.test(r.cssText))b.push("style refers outside: "+r.cssText)}for(const e of performance.getEntriesByType("resource"))b.push("fetched: "+e.name);console.log("KK-PROBE images="+document.images.length+" problems="+b.length+" "+b.join(" | "))});</script>'

check() {
	st=0
	for html in "$@"; do
		d=$(mktemp -d "${TMPDIR:-/tmp}/kk-check.XXXXXX") || exit 1
		KK_PROBE=$probe perl -pe 's{</body>}{$ENV{KK_PROBE}</body>}' \
		    "$html" >"$d/page.html"
		run --enable-logging=stderr --v=0 --virtual-time-budget=10000 \
		    --dump-dom "$(url "$d/page.html")" >"$d/dom" 2>"$d/log"
		verdict=$(sed -n 's/.*"\(KK-PROBE [^"]*\)".*/\1/p' "$d/log")
		other=$(grep 'CONSOLE' "$d/log" | grep -v 'KK-PROBE')
		why=""
		if [ -z "$verdict" ]; then
			why="the page did not load (no probe verdict); the browser said:
$(grep -v 'dbus\|WARNING' "$d/log" | tail -5)"
		elif [ -n "$other" ]; then
			why="console: $other"
		else
			case $verdict in
			*" problems=0 "*) ;;
			*) why="$verdict" ;;
			esac
		fi
		if [ -n "$why" ]; then
			echo "browser: $html: $why" >&2
			st=1
		else
			echo "browser: $html: ${verdict#KK-PROBE }"
		fi
		rm -rf "$d"
	done
	return $st
}

[ $# -ge 1 ] || usage
cmd=$1; shift
if ! browser=$(which_browser); then
	[ "$cmd" = which ] || echo "browser: no chromium-headless-shell or" \
	    "chromium on PATH (pipeline/deps.sh chromium-headless-shell" \
	    "installs it)" >&2
	exit 1
fi
case $cmd in
which) [ $# = 0 ] || usage; echo "$browser" ;;
pdf) [ $# = 2 ] || usage; pdf "$1" "$2" ;;
check) [ $# -ge 1 ] || usage; check "$@" ;;
*) usage ;;
esac
