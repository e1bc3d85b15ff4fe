#!/bin/sh
# Golden end-to-end tests, datamash/jq style: every directory under the
# given root holding a file `cmd` is one case.
#   cmd        one shell command, run in a temporary copy of the case's
#              directory with the programs under test first on PATH and
#              LC_ALL=C
#   stdin      fed to the command (default: /dev/null)
#   out        expected stdout, byte for byte (absent: not checked)
#   err        expected stderr, byte for byte (absent: not checked)
#   err-has    lines that must each occur somewhere in stderr
#   out-has    lines that must each occur somewhere in stdout
#   status     expected exit status (default 0)
#   after      shell commands run after cmd in the same copy; the case
#              fails if they exit non-zero (e.g. "no file left")
#   slow       present: the case takes many seconds (it runs the whole
#              pipeline many times) and is skipped when KK_SKIP_SLOW=1, as
#              make test sets it for the sanitizer build and the clone at
#              an awkward path; the release build always runs it
# A case sees its own files (the copy, writable, its working directory),
# the checkout read-only through $KK_SRC, and a private, empty $TMPDIR;
# the copy and $TMPDIR are removed afterwards, so a case never writes
# into the source tree and cases can run side by side.
#
# usage: run-cases.sh [-j jobs] DIR [CASE...]
#        run-cases.sh -b DIR CASE...
# Runs every case under DIR (or the named ones) and prints one report
# per failure and a closing "N passed, N failed", in case order whatever
# -j (default: $KK_JOBS, else 1).  -b (bless) runs the named cases and
# writes what they printed into their out, err and status files (a case
# with none of these, or of out-has and err-has, gets all three, err and
# status only when not empty and not 0), for review with git diff.
set -u
usage() {
	echo "usage: run-cases.sh [-j jobs] DIR [CASE...] | -b DIR CASE..." >&2
	exit 2
}

# judge CASEDIR RESULTDIR: print why the case failed, nothing if it passed.
judge() {
	d=$1 r=$2
	st=$(cat "$r/status")
	want=0; [ -f "$d/status" ] && want=$(cat "$d/status")
	if [ "$st" != "$want" ]; then
		echo "exit status $st, expected $want"; return
	fi
	for kind in out err; do
		if [ -f "$d/$kind" ] && ! cmp -s "$d/$kind" "$r/$kind"; then
			echo "std$kind differs:"
			diff "$d/$kind" "$r/$kind" | head -20
			return
		fi
	done
	for kind in err out; do
		[ -f "$d/$kind-has" ] || continue
		while IFS= read -r line; do
			[ -n "$line" ] || continue
			grep -qF -- "$line" "$r/$kind" ||
				{ echo "$kind lacks: $line"; return; }
		done <"$d/$kind-has"
	done
	if [ -f "$r/after-status" ] && [ "$(cat "$r/after-status")" != 0 ]; then
		echo "after-check failed: $(cat "$r/after")"
	fi
}

# run NAME: run one case in a copy, leave its outputs in $tmp/res/NAME.
run() {
	d=$root/$1 w=$tmp/run/$1 r=$tmp/res/$1 t=$tmp/tmp/$1
	mkdir -p "$w" "$r" "$t" || return
	cp -R "$d/." "$w" && chmod -R u+w "$w" || return
	in=/dev/null; [ -f "$d/stdin" ] && in=$d/stdin
	(cd "$w" && TMPDIR=$t sh ./cmd) <"$in" >"$r/out" 2>"$r/err"
	echo $? >"$r/status"
	if [ -f "$d/after" ]; then
		(cd "$w" && TMPDIR=$t sh ./after) </dev/null >"$r/after" 2>&1
		echo $? >"$r/after-status"
	fi
	judge "$d" "$r" >"$r/verdict"
	chmod -R u+w "$w" "$t" 2>/dev/null
	rm -rf "$w" "$t"
}

# bless NAME: write the outputs of the run into the case's files.
bless() {
	d=$root/$1 r=$tmp/res/$1
	fresh=1
	for f in out err status out-has err-has; do
		[ -f "$d/$f" ] && fresh=0
	done
	wrote=
	for f in out err; do
		if [ -f "$d/$f" ] || { [ $fresh = 1 ] && { [ $f = out ] ||
		    [ -s "$r/$f" ]; }; }; then
			cp "$r/$f" "$d/$f" && wrote="$wrote $f"
		fi
	done
	if [ -f "$d/status" ] || { [ $fresh = 1 ] &&
	    [ "$(cat "$r/status")" != 0 ]; }; then
		cp "$r/status" "$d/status" && wrote="$wrote status"
	fi
	echo "blessed ${d#"$KK_SRC"/}:${wrote:- nothing written}"
	judge "$d" "$r" >"$r/verdict"
}

if [ "${1-}" = --one ]; then	# one case, from xargs below
	root=$2 tmp=$3
	run "$4"
	exit 0
fi

jobs=${KK_JOBS:-1} blessing=0
while getopts bj: o; do
	case $o in
	b) blessing=1 ;;
	j) jobs=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || usage
root=$(cd "$1" && pwd) || exit 2
shift
[ $blessing = 0 ] || [ $# -ge 1 ] || usage
: "${KK_BIN:?set KK_BIN to the directory of the programs}"
KK_SRC=$(cd "$(dirname "$0")/.." && pwd); export KK_SRC
PATH=$KK_BIN:$PATH; export PATH
LC_ALL=C; export LC_ALL
tmp=$(mktemp -d) || exit 2
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
trap 'exit 2' HUP INT TERM

skipped=0
if [ $# = 0 ]; then
	(cd "$root" && find . -name cmd -type f) | sed 's|^\./||; s|/cmd$||' |
	    sort >"$tmp/all"
	if [ "${KK_SKIP_SLOW:-0}" = 1 ]; then
		while IFS= read -r c; do
			if [ -f "$root/$c/slow" ]; then
				skipped=$((skipped + 1))
			else
				echo "$c"
			fi
		done <"$tmp/all" >"$tmp/cases"
	else
		mv "$tmp/all" "$tmp/cases"
	fi
else
	for c; do
		[ -f "$root/$c/cmd" ] || { echo "run-cases.sh: no case $root/$c" >&2; exit 2; }
		echo "$c"
	done >"$tmp/cases"
fi
if [ $blessing = 1 ]; then
	while IFS= read -r c; do
		run "$c"; bless "$c"
	done <"$tmp/cases"
else
	tr '\n' '\0' <"$tmp/cases" |
	    xargs -0 -n 1 -P "$jobs" sh "$0" --one "$root" "$tmp"
fi

pass=0 fail=0
while IFS= read -r c; do
	r=$tmp/res/$c
	if [ -f "$r/verdict" ] && [ ! -s "$r/verdict" ]; then
		pass=$((pass + 1))
		continue
	fi
	fail=$((fail + 1))
	if [ -f "$r/verdict" ]; then
		echo "FAIL $c: $(cat "$r/verdict")"
		echo "--- stderr was:"; head -5 "$r/err"
	else
		echo "FAIL $c: could not be run (copy into $tmp failed?)"
	fi
done <"$tmp/cases"
if [ $skipped = 0 ]; then
	echo "$(basename "$root"): $pass passed, $fail failed"
else
	echo "$(basename "$root"): $pass passed, $fail failed," \
	    "$skipped slow skipped (run in the release build)"
fi
[ "$fail" = 0 ]
