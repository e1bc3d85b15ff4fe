#!/bin/sh
# Make sure the Debian packages kompass needs are installed.
# As root: installs what is missing.  Otherwise: prints the one apt-get
# line to run and fails.  Usage: deps.sh [extra-package...]
set -u
pkgs="libcsv-dev libgsl-dev gnuplot-nox libcriterion-dev libxlsxwriter-dev
	python3-openpyxl pkg-config gcc make git man-db $*"
missing=""
for p in $pkgs; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)
	case "$st" in
	*" installed") ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
	echo "deps: installing$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >&2 &&
	apt-get install -y -qq --no-install-recommends $missing >&2 && exit 0
	echo "deps: apt-get failed" >&2
	exit 1
fi
echo "deps: missing Debian packages; run as root:" >&2
echo "  apt-get install -y$missing" >&2
exit 1
